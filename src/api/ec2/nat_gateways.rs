//! CreateNatGateway, DeleteNatGateway, DescribeNatGateways.
use super::instance_shape::{tag_list, TagShape};
use super::net_common::{check_ids, refuse_unsimulated, tags_for};
use crate::api::{filters, Filters, TagSpecification, Timestamp};
use crate::error::ApiError;
use crate::network::errors::nat_not_found;
use crate::network::nat_gateway::{self, NewNat};
use crate::network::{format_ip, NatGateway};
use crate::query::{check_names, matches, paginate, FilterValues};
use crate::tags::Tags;
use crate::world::{Region, World};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct NatAddressShape {
    #[serde(skip_serializing_if = "Option::is_none")]
    allocation_id: Option<String>,
    network_interface_id: String,
    private_ip: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    public_ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    association_id: Option<String>,
    is_primary: bool,
    status: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NatGatewayShape {
    create_time: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    delete_time: Option<Timestamp>,
    nat_gateway_addresses: Vec<NatAddressShape>,
    nat_gateway_id: String,
    state: String,
    subnet_id: String,
    vpc_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<TagShape>>,
    connectivity_type: String,
}

fn render(r: &Region, n: &NatGateway) -> NatGatewayShape {
    let eni = r.network.enis.get(&n.eni_id);
    let eip = n.allocation_id.as_ref().and_then(|a| r.network.elastic_ips.get(a));
    let addresses = match eni {
        Some(e) => vec![NatAddressShape {
            allocation_id: n.allocation_id.clone(),
            network_interface_id: e.id.clone(),
            private_ip: format_ip(e.primary_ip()),
            public_ip: eip.map(|x| format_ip(x.public_ip)),
            association_id: eip.and_then(|x| x.association.as_ref()).filter(|a| a.eni_id == e.id).map(|a| a.association_id.clone()),
            is_primary: true,
            status: if n.state == crate::network::NatState::Deleting { "disassociating".into() } else { "succeeded".into() },
        }],
        None => vec![],
    };
    NatGatewayShape {
        create_time: Timestamp(n.create_time),
        delete_time: n.delete_time.map(Timestamp),
        nat_gateway_addresses: addresses,
        nat_gateway_id: n.id.clone(),
        state: n.state.name().into(),
        subnet_id: n.subnet_id.clone(),
        vpc_id: n.vpc_id.clone(),
        tags: tag_list(r.tags.get(&n.id)),
        connectivity_type: if n.connectivity_public { "public".into() } else { "private".into() },
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateNatGatewayRequest {
    subnet_id: Option<String>,
    allocation_id: Option<String>,
    connectivity_type: Option<String>,
    private_ip_address: Option<String>,
    client_token: Option<String>,
    tag_specifications: Option<Vec<TagSpecification>>,
    availability_mode: Option<Value>,
    vpc_id: Option<Value>,
    availability_zone_addresses: Option<Value>,
    secondary_allocation_ids: Option<Value>,
    secondary_private_ip_addresses: Option<Value>,
    secondary_private_ip_address_count: Option<Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateNatGatewayResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    client_token: Option<String>,
    nat_gateway: NatGatewayShape,
}

pub fn create_nat_gateway(w: &mut World, region: &str, r: CreateNatGatewayRequest) -> Result<CreateNatGatewayResponse, ApiError> {
    refuse_unsimulated(
        "CreateNatGateway",
        &[
            ("AvailabilityMode", r.availability_mode.is_some()),
            ("VpcId", r.vpc_id.is_some()),
            ("AvailabilityZoneAddresses", r.availability_zone_addresses.is_some()),
            ("SecondaryAllocationIds", r.secondary_allocation_ids.is_some()),
            ("SecondaryPrivateIpAddresses", r.secondary_private_ip_addresses.is_some()),
            ("SecondaryPrivateIpAddressCount", r.secondary_private_ip_address_count.is_some()),
        ],
    )?;
    let tags = tags_for(&r.tag_specifications, "natgateway")?;
    let spec = NewNat {
        subnet_id: r.subnet_id.as_deref(),
        allocation_id: r.allocation_id.as_deref(),
        connectivity: r.connectivity_type.as_deref(),
        private_ip: r.private_ip_address.as_deref(),
    };
    let id = nat_gateway::create(w, region, &spec)?;
    let reg = w.region_mut(region)?;
    if !tags.is_empty() {
        reg.tags.set(&id, &tags);
    }
    Ok(CreateNatGatewayResponse { client_token: r.client_token, nat_gateway: render(reg, &reg.network.nat_gateways[&id]) })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteNatGatewayRequest {
    nat_gateway_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteNatGatewayResponse {
    nat_gateway_id: String,
}

pub fn delete_nat_gateway(w: &mut World, region: &str, r: DeleteNatGatewayRequest) -> Result<DeleteNatGatewayResponse, ApiError> {
    nat_gateway::delete(w, region, &r.nat_gateway_id)?;
    Ok(DeleteNatGatewayResponse { nat_gateway_id: r.nat_gateway_id })
}

/// DescribeNatGateways names its filter list `Filter` (singular), as botocore does.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeNatGatewaysRequest {
    filter: Filters,
    nat_gateway_ids: Option<Vec<String>>,
    next_token: Option<String>,
    max_results: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeNatGatewaysResponse {
    nat_gateways: Vec<NatGatewayShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// The DescribeNatGateways filters (BC:ec2/DescribeNatGateways).
pub struct NatFilterable<'a> {
    pub nat: &'a NatGateway,
    pub tags: Option<&'a Tags>,
}

impl FilterValues for NatFilterable<'_> {
    const NAMES: &'static [&'static str] = &["nat-gateway-id", "state", "subnet-id", "vpc-id"];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let n = self.nat;
        Some(vec![match name {
            "nat-gateway-id" => n.id.clone(),
            "state" => n.state.name().into(),
            "subnet-id" => n.subnet_id.clone(),
            "vpc-id" => n.vpc_id.clone(),
            _ => return None,
        }])
    }
    fn tags(&self) -> Option<&Tags> {
        self.tags
    }
}

pub fn describe_nat_gateways(w: &World, region: &str, r: DescribeNatGatewaysRequest) -> Result<DescribeNatGatewaysResponse, ApiError> {
    let reg = w.region(region)?;
    let ids = r.nat_gateway_ids.unwrap_or_default();
    check_ids(&ids, |id| reg.network.nat_gateways.contains_key(id), nat_not_found)?;
    let f = filters(&r.filter);
    check_names::<NatFilterable>(&f)?;
    let mut rows = Vec::new();
    for n in reg.network.nat_gateways.values() {
        if (ids.is_empty() || ids.contains(&n.id)) && matches(&f, &NatFilterable { nat: n, tags: reg.tags.get(&n.id) })? {
            rows.push(n);
        }
    }
    let page = paginate(rows, r.max_results, r.next_token.as_deref(), (5, 1000))?;
    Ok(DescribeNatGatewaysResponse { nat_gateways: page.items.into_iter().map(|n| render(reg, n)).collect(), next_token: page.next_token })
}
