//! CreateVpc, DeleteVpc, DescribeVpcs, ModifyVpcAttribute, DescribeVpcAttribute.
use super::instance_shape::{tag_list, TagShape};
use super::net_common::{check_ids, refuse_unsimulated, tags_for, BoolShape, BoolValue, Empty};
use crate::api::{filters, Filters, TagSpecification};
use crate::error::ApiError;
use crate::network::errors::vpc_not_found;
use crate::network::vpc::{self, NewVpc, VpcAttribute};
use crate::network::Vpc;
use crate::query::{check_names, matches, paginate, FilterValues};
use crate::tags::Tags;
use crate::world::{Region, World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateVpcRequest {
    cidr_block: Option<String>,
    instance_tenancy: Option<String>,
    tag_specifications: Option<Vec<TagSpecification>>,
    amazon_provided_ipv6_cidr_block: Option<bool>,
    ipv6_pool: Option<Value>,
    ipv6_cidr_block: Option<Value>,
    ipv4_ipam_pool_id: Option<Value>,
    ipv4_netmask_length: Option<Value>,
    ipv6_ipam_pool_id: Option<Value>,
    ipv6_netmask_length: Option<Value>,
    ipv6_cidr_block_network_border_group: Option<Value>,
    vpc_encryption_control: Option<Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct CidrStateShape {
    state: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct CidrAssociationShape {
    association_id: String,
    cidr_block: String,
    cidr_block_state: CidrStateShape,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct BlockPublicAccessShape {
    internet_gateway_block_mode: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcShape {
    owner_id: String,
    instance_tenancy: String,
    cidr_block_association_set: Vec<CidrAssociationShape>,
    is_default: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<TagShape>>,
    block_public_access_states: BlockPublicAccessShape,
    vpc_id: String,
    state: String,
    cidr_block: String,
    dhcp_options_id: String,
}

fn render(r: &Region, v: &Vpc, state: &str) -> VpcShape {
    VpcShape {
        owner_id: ACCOUNT_ID.into(),
        instance_tenancy: v.instance_tenancy.clone(),
        cidr_block_association_set: vec![CidrAssociationShape {
            association_id: v.cidr_association_id.clone(),
            cidr_block: v.cidr.to_string(),
            cidr_block_state: CidrStateShape { state: "associated".into() },
        }],
        is_default: v.is_default,
        tags: tag_list(r.tags.get(&v.id)),
        block_public_access_states: BlockPublicAccessShape { internet_gateway_block_mode: "off".into() },
        vpc_id: v.id.clone(),
        state: state.into(),
        cidr_block: v.cidr.to_string(),
        dhcp_options_id: v.dhcp_options_id.clone(),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateVpcResponse {
    vpc: VpcShape,
}

pub fn create_vpc(w: &mut World, region: &str, r: CreateVpcRequest) -> Result<CreateVpcResponse, ApiError> {
    refuse_unsimulated(
        "CreateVpc",
        &[
            ("AmazonProvidedIpv6CidrBlock", r.amazon_provided_ipv6_cidr_block == Some(true)),
            ("Ipv6Pool", r.ipv6_pool.is_some()),
            ("Ipv6CidrBlock", r.ipv6_cidr_block.is_some()),
            ("Ipv4IpamPoolId", r.ipv4_ipam_pool_id.is_some()),
            ("Ipv4NetmaskLength", r.ipv4_netmask_length.is_some()),
            ("Ipv6IpamPoolId", r.ipv6_ipam_pool_id.is_some()),
            ("Ipv6NetmaskLength", r.ipv6_netmask_length.is_some()),
            ("Ipv6CidrBlockNetworkBorderGroup", r.ipv6_cidr_block_network_border_group.is_some()),
            ("VpcEncryptionControl", r.vpc_encryption_control.is_some()),
        ],
    )?;
    let tags = tags_for(&r.tag_specifications, "vpc")?;
    let spec = NewVpc { cidr: r.cidr_block.as_deref(), tenancy: r.instance_tenancy.as_deref() };
    let World { regions, rng, .. } = w;
    crate::geo::require_region(region)?;
    let reg = regions.get_mut(region).expect("checked");
    let id = vpc::create(&mut reg.network, rng, &spec)?;
    if !tags.is_empty() {
        reg.tags.set(&id, &tags);
    }
    // A new VPC is `pending` in CreateVpc's answer and `available` right after (BC:ec2-X CreateVpc).
    Ok(CreateVpcResponse { vpc: render(reg, &reg.network.vpcs[&id], "pending") })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteVpcRequest {
    vpc_id: String,
}

pub fn delete_vpc(w: &mut World, region: &str, r: DeleteVpcRequest) -> Result<Empty, ApiError> {
    vpc::delete(w.region_mut(region)?, &r.vpc_id)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeVpcsRequest {
    filters: Filters,
    vpc_ids: Option<Vec<String>>,
    next_token: Option<String>,
    max_results: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVpcsResponse {
    vpcs: Vec<VpcShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// The DescribeVpcs filters (BC:ec2/DescribeVpcs).
pub struct VpcFilterable<'a> {
    pub vpc: &'a Vpc,
    pub tags: Option<&'a Tags>,
}

impl FilterValues for VpcFilterable<'_> {
    const NAMES: &'static [&'static str] = &[
        "cidr",
        "cidr-block-association.cidr-block",
        "cidr-block-association.association-id",
        "cidr-block-association.state",
        "dhcp-options-id",
        "is-default",
        "owner-id",
        "state",
        "vpc-id",
    ];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let v = self.vpc;
        Some(vec![match name {
            "cidr" | "cidr-block-association.cidr-block" => v.cidr.to_string(),
            "cidr-block-association.association-id" => v.cidr_association_id.clone(),
            "cidr-block-association.state" => "associated".into(),
            "dhcp-options-id" => v.dhcp_options_id.clone(),
            "is-default" => v.is_default.to_string(),
            "owner-id" => ACCOUNT_ID.into(),
            "state" => "available".into(),
            "vpc-id" => v.id.clone(),
            _ => return None,
        }])
    }
    fn tags(&self) -> Option<&Tags> {
        self.tags
    }
}

pub fn describe_vpcs(w: &World, region: &str, r: DescribeVpcsRequest) -> Result<DescribeVpcsResponse, ApiError> {
    let reg = w.region(region)?;
    let ids = r.vpc_ids.unwrap_or_default();
    check_ids(&ids, |id| reg.network.vpcs.contains_key(id), vpc_not_found)?;
    let f = filters(&r.filters);
    check_names::<VpcFilterable>(&f)?;
    let mut rows = Vec::new();
    for v in reg.network.vpcs.values() {
        if (ids.is_empty() || ids.contains(&v.id)) && matches(&f, &VpcFilterable { vpc: v, tags: reg.tags.get(&v.id) })? {
            rows.push(v);
        }
    }
    let page = paginate(rows, r.max_results, r.next_token.as_deref(), (5, 1000))?;
    Ok(DescribeVpcsResponse { vpcs: page.items.into_iter().map(|v| render(reg, v, "available")).collect(), next_token: page.next_token })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyVpcAttributeRequest {
    vpc_id: String,
    enable_dns_hostnames: Option<BoolValue>,
    enable_dns_support: Option<BoolValue>,
    enable_network_address_usage_metrics: Option<BoolValue>,
}

pub fn modify_vpc_attribute(w: &mut World, region: &str, r: ModifyVpcAttributeRequest) -> Result<Empty, ApiError> {
    refuse_unsimulated("ModifyVpcAttribute", &[("EnableNetworkAddressUsageMetrics", r.enable_network_address_usage_metrics.is_some())])?;
    let change = match (r.enable_dns_hostnames, r.enable_dns_support) {
        (Some(v), None) => VpcAttribute::DnsHostnames(v.value.unwrap_or(false)),
        (None, Some(v)) => VpcAttribute::DnsSupport(v.value.unwrap_or(false)),
        (None, None) => {
            return Err(ApiError::missing_parameter("The request must contain exactly one attribute to modify.")
                .hint("Pass one attribute, e.g. EnableDnsHostnames={'Value': True}.", "속성 하나를 주세요. 예: EnableDnsHostnames={'Value': True}."))
        }
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid_parameter_combination("Only one attribute can be modified at a time.")
                .hint("Change EnableDnsSupport and EnableDnsHostnames in two calls.", "EnableDnsSupport와 EnableDnsHostnames는 두 번에 나눠 바꾸세요."))
        }
    };
    vpc::modify_attribute(&mut w.region_mut(region)?.network, &r.vpc_id, change)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeVpcAttributeRequest {
    attribute: String,
    vpc_id: String,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVpcAttributeResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    enable_dns_hostnames: Option<BoolShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    enable_dns_support: Option<BoolShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    enable_network_address_usage_metrics: Option<BoolShape>,
    vpc_id: String,
}

pub fn describe_vpc_attribute(w: &World, region: &str, r: DescribeVpcAttributeRequest) -> Result<DescribeVpcAttributeResponse, ApiError> {
    let v = vpc::vpc(&w.region(region)?.network, &r.vpc_id)?;
    let mut out = DescribeVpcAttributeResponse { vpc_id: v.id.clone(), ..Default::default() };
    match r.attribute.as_str() {
        "enableDnsSupport" => out.enable_dns_support = Some(BoolShape { value: v.enable_dns_support }),
        "enableDnsHostnames" => out.enable_dns_hostnames = Some(BoolShape { value: v.enable_dns_hostnames }),
        "enableNetworkAddressUsageMetrics" => out.enable_network_address_usage_metrics = Some(BoolShape { value: false }),
        other => {
            return Err(ApiError::invalid_parameter_value(format!("Value ({other}) for parameter attribute is invalid. Unknown attribute.")).hint(
                "Attribute is enableDnsSupport, enableDnsHostnames or enableNetworkAddressUsageMetrics.",
                "Attribute는 enableDnsSupport, enableDnsHostnames, enableNetworkAddressUsageMetrics 중 하나입니다.",
            ))
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn every_listed_filter_name_is_answered() {
        let c = crate::Cloud::new(0);
        let v = c.world.regions["us-east-1"].network.default_vpc().unwrap();
        let f = VpcFilterable { vpc: v, tags: None };
        for name in <VpcFilterable as FilterValues>::NAMES {
            assert!(f.filter_values(name).is_some(), "{name}");
        }
    }
}
