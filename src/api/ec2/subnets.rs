//! CreateSubnet, DeleteSubnet, DescribeSubnets, ModifySubnetAttribute.
use super::instance_shape::{tag_list, TagShape};
use super::net_common::{check_ids, refuse_unsimulated, tags_for, BoolValue, Empty};
use crate::api::{filters, Filters, TagSpecification};
use crate::error::ApiError;
use crate::network::subnet::{self, NewSubnet};
use crate::network::Subnet;
use crate::query::{check_names, matches, paginate, FilterValues};
use crate::tags::Tags;
use crate::world::{Region, World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateSubnetRequest {
    vpc_id: String,
    cidr_block: Option<String>,
    availability_zone: Option<String>,
    availability_zone_id: Option<String>,
    tag_specifications: Option<Vec<TagSpecification>>,
    ipv6_cidr_block: Option<Value>,
    outpost_arn: Option<Value>,
    ipv6_native: Option<bool>,
    ipv4_ipam_pool_id: Option<Value>,
    ipv4_netmask_length: Option<Value>,
    ipv6_ipam_pool_id: Option<Value>,
    ipv6_netmask_length: Option<Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DnsNameOptionsShape {
    hostname_type: String,
    enable_resource_name_dns_a_record: bool,
    #[serde(rename = "EnableResourceNameDnsAAAARecord")]
    enable_resource_name_dns_aaaa_record: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct BlockPublicAccessShape {
    internet_gateway_block_mode: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetShape {
    availability_zone_id: String,
    map_customer_owned_ip_on_launch: bool,
    owner_id: String,
    assign_ipv6_address_on_creation: bool,
    ipv6_cidr_block_association_set: Vec<()>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<TagShape>>,
    subnet_arn: String,
    enable_dns64: bool,
    ipv6_native: bool,
    private_dns_name_options_on_launch: DnsNameOptionsShape,
    block_public_access_states: BlockPublicAccessShape,
    subnet_id: String,
    state: String,
    vpc_id: String,
    cidr_block: String,
    available_ip_address_count: i64,
    availability_zone: String,
    default_for_az: bool,
    map_public_ip_on_launch: bool,
}

pub fn render(r: &Region, s: &Subnet) -> SubnetShape {
    SubnetShape {
        availability_zone_id: s.az_id.clone(),
        map_customer_owned_ip_on_launch: false,
        owner_id: ACCOUNT_ID.into(),
        assign_ipv6_address_on_creation: false,
        ipv6_cidr_block_association_set: vec![],
        tags: tag_list(r.tags.get(&s.id)),
        subnet_arn: s.arn(r.info.name),
        enable_dns64: false,
        ipv6_native: false,
        private_dns_name_options_on_launch: DnsNameOptionsShape {
            hostname_type: "ip-name".into(),
            enable_resource_name_dns_a_record: false,
            enable_resource_name_dns_aaaa_record: false,
        },
        block_public_access_states: BlockPublicAccessShape { internet_gateway_block_mode: "off".into() },
        subnet_id: s.id.clone(),
        state: "available".into(),
        vpc_id: s.vpc_id.clone(),
        cidr_block: s.cidr.to_string(),
        available_ip_address_count: s.available_ip_count() as i64,
        availability_zone: s.az.clone(),
        default_for_az: s.default_for_az,
        map_public_ip_on_launch: s.map_public_ip_on_launch,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSubnetResponse {
    subnet: SubnetShape,
}

pub fn create_subnet(w: &mut World, region: &str, r: CreateSubnetRequest) -> Result<CreateSubnetResponse, ApiError> {
    refuse_unsimulated(
        "CreateSubnet",
        &[
            ("Ipv6CidrBlock", r.ipv6_cidr_block.is_some()),
            ("OutpostArn", r.outpost_arn.is_some()),
            ("Ipv6Native", r.ipv6_native == Some(true)),
            ("Ipv4IpamPoolId", r.ipv4_ipam_pool_id.is_some()),
            ("Ipv4NetmaskLength", r.ipv4_netmask_length.is_some()),
            ("Ipv6IpamPoolId", r.ipv6_ipam_pool_id.is_some()),
            ("Ipv6NetmaskLength", r.ipv6_netmask_length.is_some()),
        ],
    )?;
    let tags = tags_for(&r.tag_specifications, "subnet")?;
    let spec = NewSubnet { vpc_id: &r.vpc_id, cidr: r.cidr_block.as_deref(), az: r.availability_zone.as_deref(), az_id: r.availability_zone_id.as_deref() };
    crate::geo::require_region(region)?;
    let World { regions, rng, .. } = w;
    let reg = regions.get_mut(region).expect("checked");
    let id = subnet::create(&mut reg.network, reg.info, rng, &spec)?;
    if !tags.is_empty() {
        reg.tags.set(&id, &tags);
    }
    Ok(CreateSubnetResponse { subnet: render(reg, &reg.network.subnets[&id]) })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteSubnetRequest {
    subnet_id: String,
}

pub fn delete_subnet(w: &mut World, region: &str, r: DeleteSubnetRequest) -> Result<Empty, ApiError> {
    subnet::delete(w.region_mut(region)?, &r.subnet_id)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeSubnetsRequest {
    filters: Filters,
    subnet_ids: Option<Vec<String>>,
    next_token: Option<String>,
    max_results: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSubnetsResponse {
    subnets: Vec<SubnetShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// The DescribeSubnets filters (BC:ec2/DescribeSubnets).
pub struct SubnetFilterable<'a> {
    pub subnet: &'a Subnet,
    pub region: &'a str,
    pub tags: Option<&'a Tags>,
}

impl FilterValues for SubnetFilterable<'_> {
    const NAMES: &'static [&'static str] = &[
        "availability-zone",
        "availabilityZone",
        "availability-zone-id",
        "availabilityZoneId",
        "available-ip-address-count",
        "cidr-block",
        "cidr",
        "cidrBlock",
        "default-for-az",
        "defaultForAz",
        "map-public-ip-on-launch",
        "owner-id",
        "state",
        "subnet-arn",
        "subnet-id",
        "vpc-id",
    ];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let s = self.subnet;
        Some(vec![match name {
            "availability-zone" | "availabilityZone" => s.az.clone(),
            "availability-zone-id" | "availabilityZoneId" => s.az_id.clone(),
            "available-ip-address-count" => s.available_ip_count().to_string(),
            "cidr-block" | "cidr" | "cidrBlock" => s.cidr.to_string(),
            "default-for-az" | "defaultForAz" => s.default_for_az.to_string(),
            "map-public-ip-on-launch" => s.map_public_ip_on_launch.to_string(),
            "owner-id" => ACCOUNT_ID.into(),
            "state" => "available".into(),
            "subnet-arn" => s.arn(self.region),
            "subnet-id" => s.id.clone(),
            "vpc-id" => s.vpc_id.clone(),
            _ => return None,
        }])
    }
    fn tags(&self) -> Option<&Tags> {
        self.tags
    }
}

pub fn describe_subnets(w: &World, region: &str, r: DescribeSubnetsRequest) -> Result<DescribeSubnetsResponse, ApiError> {
    let reg = w.region(region)?;
    let ids = r.subnet_ids.unwrap_or_default();
    check_ids(&ids, |id| reg.network.subnets.contains_key(id), crate::network::errors::subnet_not_found)?;
    let f = filters(&r.filters);
    check_names::<SubnetFilterable>(&f)?;
    let mut rows = Vec::new();
    for s in reg.network.subnets.values() {
        if (ids.is_empty() || ids.contains(&s.id)) && matches(&f, &SubnetFilterable { subnet: s, region: reg.info.name, tags: reg.tags.get(&s.id) })? {
            rows.push(s);
        }
    }
    let page = paginate(rows, r.max_results, r.next_token.as_deref(), (5, 1000))?;
    Ok(DescribeSubnetsResponse { subnets: page.items.into_iter().map(|s| render(reg, s)).collect(), next_token: page.next_token })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifySubnetAttributeRequest {
    subnet_id: String,
    map_public_ip_on_launch: Option<BoolValue>,
    assign_ipv6_address_on_creation: Option<Value>,
    map_customer_owned_ip_on_launch: Option<Value>,
    customer_owned_ipv4_pool: Option<Value>,
    enable_dns64: Option<Value>,
    private_dns_hostname_type_on_launch: Option<Value>,
    enable_resource_name_dns_a_record_on_launch: Option<Value>,
    #[serde(rename = "EnableResourceNameDnsAAAARecordOnLaunch")]
    enable_resource_name_dns_aaaa_record_on_launch: Option<Value>,
    enable_lni_at_device_index: Option<Value>,
    disable_lni_at_device_index: Option<Value>,
}

pub fn modify_subnet_attribute(w: &mut World, region: &str, r: ModifySubnetAttributeRequest) -> Result<Empty, ApiError> {
    refuse_unsimulated(
        "ModifySubnetAttribute",
        &[
            ("AssignIpv6AddressOnCreation", r.assign_ipv6_address_on_creation.is_some()),
            ("MapCustomerOwnedIpOnLaunch", r.map_customer_owned_ip_on_launch.is_some()),
            ("CustomerOwnedIpv4Pool", r.customer_owned_ipv4_pool.is_some()),
            ("EnableDns64", r.enable_dns64.is_some()),
            ("PrivateDnsHostnameTypeOnLaunch", r.private_dns_hostname_type_on_launch.is_some()),
            ("EnableResourceNameDnsARecordOnLaunch", r.enable_resource_name_dns_a_record_on_launch.is_some()),
            ("EnableResourceNameDnsAAAARecordOnLaunch", r.enable_resource_name_dns_aaaa_record_on_launch.is_some()),
            ("EnableLniAtDeviceIndex", r.enable_lni_at_device_index.is_some()),
            ("DisableLniAtDeviceIndex", r.disable_lni_at_device_index.is_some()),
        ],
    )?;
    let reg = w.region_mut(region)?;
    reg.network.subnet(&r.subnet_id)?;
    let v = r.map_public_ip_on_launch.ok_or_else(|| {
        ApiError::missing_parameter("The request must contain exactly one attribute to modify.")
            .hint("Pass MapPublicIpOnLaunch={'Value': True} (or False).", "MapPublicIpOnLaunch={'Value': True}(또는 False)를 주세요.")
    })?;
    reg.network.subnets.get_mut(&r.subnet_id).expect("checked").map_public_ip_on_launch = v.value.unwrap_or(false);
    Ok(Empty {})
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn every_listed_filter_name_is_answered() {
        let c = crate::Cloud::new(0);
        let s = c.world.regions["us-east-1"].network.subnets.values().next().unwrap();
        let f = SubnetFilterable { subnet: s, region: "us-east-1", tags: None };
        for name in <SubnetFilterable as FilterValues>::NAMES {
            assert!(f.filter_values(name).is_some(), "{name}");
        }
    }
}
