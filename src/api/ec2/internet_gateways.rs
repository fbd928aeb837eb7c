//! CreateInternetGateway, AttachInternetGateway, DetachInternetGateway, DeleteInternetGateway,
//! DescribeInternetGateways.
use super::instance_shape::{tag_list, TagShape};
use super::net_common::{check_ids, tags_for, Empty};
use crate::api::{filters, Filters, TagSpecification};
use crate::error::ApiError;
use crate::network::errors::igw_not_found;
use crate::network::{internet_gateway, InternetGateway};
use crate::query::{check_names, matches, paginate, FilterValues};
use crate::tags::Tags;
use crate::world::{Region, World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AttachmentShape {
    state: String,
    vpc_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InternetGatewayShape {
    attachments: Vec<AttachmentShape>,
    internet_gateway_id: String,
    owner_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<TagShape>>,
}

fn render(r: &Region, g: &InternetGateway) -> InternetGatewayShape {
    InternetGatewayShape {
        // An attached gateway shows the state `available` (BC:ec2/InternetGatewayAttachment).
        attachments: g.vpc_id.iter().map(|v| AttachmentShape { state: "available".into(), vpc_id: v.clone() }).collect(),
        internet_gateway_id: g.id.clone(),
        owner_id: ACCOUNT_ID.into(),
        tags: tag_list(r.tags.get(&g.id)),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateInternetGatewayRequest {
    tag_specifications: Option<Vec<TagSpecification>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateInternetGatewayResponse {
    internet_gateway: InternetGatewayShape,
}

pub fn create_internet_gateway(w: &mut World, region: &str, r: CreateInternetGatewayRequest) -> Result<CreateInternetGatewayResponse, ApiError> {
    let tags = tags_for(&r.tag_specifications, "internet-gateway")?;
    crate::geo::require_region(region)?;
    let World { regions, rng, .. } = w;
    let reg = regions.get_mut(region).expect("checked");
    let id = internet_gateway::create(&mut reg.network, rng)?;
    if !tags.is_empty() {
        reg.tags.set(&id, &tags);
    }
    Ok(CreateInternetGatewayResponse { internet_gateway: render(reg, &reg.network.internet_gateways[&id]) })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GatewayVpcRequest {
    internet_gateway_id: String,
    vpc_id: String,
}

pub fn attach_internet_gateway(w: &mut World, region: &str, r: GatewayVpcRequest) -> Result<Empty, ApiError> {
    internet_gateway::attach(&mut w.region_mut(region)?.network, &r.internet_gateway_id, &r.vpc_id)?;
    Ok(Empty {})
}

pub fn detach_internet_gateway(w: &mut World, region: &str, r: GatewayVpcRequest) -> Result<Empty, ApiError> {
    internet_gateway::detach(&mut w.region_mut(region)?.network, &r.internet_gateway_id, &r.vpc_id)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteInternetGatewayRequest {
    internet_gateway_id: String,
}

pub fn delete_internet_gateway(w: &mut World, region: &str, r: DeleteInternetGatewayRequest) -> Result<Empty, ApiError> {
    let reg = w.region_mut(region)?;
    internet_gateway::delete(&mut reg.network, &r.internet_gateway_id)?;
    reg.tags.forget(&r.internet_gateway_id);
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeInternetGatewaysRequest {
    filters: Filters,
    internet_gateway_ids: Option<Vec<String>>,
    next_token: Option<String>,
    max_results: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInternetGatewaysResponse {
    internet_gateways: Vec<InternetGatewayShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// The DescribeInternetGateways filters (BC:ec2/DescribeInternetGateways).
pub struct IgwFilterable<'a> {
    pub gateway: &'a InternetGateway,
    pub tags: Option<&'a Tags>,
}

impl FilterValues for IgwFilterable<'_> {
    const NAMES: &'static [&'static str] = &["attachment.state", "attachment.vpc-id", "internet-gateway-id", "owner-id"];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let g = self.gateway;
        Some(match name {
            "attachment.state" => g.vpc_id.iter().map(|_| "available".to_string()).collect(),
            "attachment.vpc-id" => g.vpc_id.iter().cloned().collect(),
            "internet-gateway-id" => vec![g.id.clone()],
            "owner-id" => vec![ACCOUNT_ID.into()],
            _ => return None,
        })
    }
    fn tags(&self) -> Option<&Tags> {
        self.tags
    }
}

pub fn describe_internet_gateways(w: &World, region: &str, r: DescribeInternetGatewaysRequest) -> Result<DescribeInternetGatewaysResponse, ApiError> {
    let reg = w.region(region)?;
    let ids = r.internet_gateway_ids.unwrap_or_default();
    check_ids(&ids, |id| reg.network.internet_gateways.contains_key(id), igw_not_found)?;
    let f = filters(&r.filters);
    check_names::<IgwFilterable>(&f)?;
    let mut rows = Vec::new();
    for g in reg.network.internet_gateways.values() {
        if (ids.is_empty() || ids.contains(&g.id)) && matches(&f, &IgwFilterable { gateway: g, tags: reg.tags.get(&g.id) })? {
            rows.push(g);
        }
    }
    let page = paginate(rows, r.max_results, r.next_token.as_deref(), (5, 1000))?;
    Ok(DescribeInternetGatewaysResponse { internet_gateways: page.items.into_iter().map(|g| render(reg, g)).collect(), next_token: page.next_token })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn every_listed_filter_name_is_answered() {
        let c = crate::Cloud::new(0);
        let g = c.world.regions["us-east-1"].network.internet_gateways.values().next().unwrap();
        let f = IgwFilterable { gateway: g, tags: None };
        for name in <IgwFilterable as FilterValues>::NAMES {
            assert!(f.filter_values(name).is_some(), "{name}");
        }
    }
}
