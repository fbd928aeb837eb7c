//! CreateRouteTable, DeleteRouteTable, DescribeRouteTables, CreateRoute, ReplaceRoute,
//! DeleteRoute, AssociateRouteTable, DisassociateRouteTable, ReplaceRouteTableAssociation.
use super::instance_shape::{tag_list, TagShape};
use super::net_common::{check_ids, refuse_unsimulated, tags_for, Empty, ReturnTrue, RETURN_TRUE};
use crate::api::{filters, Filters, TagSpecification};
use crate::error::ApiError;
use crate::network::errors::rtb_not_found;
use crate::network::route_table::{self, TargetSpec};
use crate::network::{Route, RouteTable, RouteTarget};
use crate::query::{check_names, matches, paginate, FilterValues};
use crate::tags::Tags;
use crate::world::{Region, World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociationStateShape {
    state: String,
}

fn associated() -> AssociationStateShape {
    AssociationStateShape { state: "associated".into() }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AssociationShape {
    main: bool,
    route_table_association_id: String,
    route_table_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    subnet_id: Option<String>,
    association_state: AssociationStateShape,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct RouteShape {
    destination_cidr_block: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    gateway_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance_owner_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nat_gateway_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    network_interface_id: Option<String>,
    origin: String,
    state: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTableShape {
    associations: Vec<AssociationShape>,
    propagating_vgws: Vec<()>,
    route_table_id: String,
    routes: Vec<RouteShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<TagShape>>,
    vpc_id: String,
    owner_id: String,
}

fn route_shape(r: &Region, t: &RouteTable, route: &Route) -> RouteShape {
    let mut s = RouteShape {
        destination_cidr_block: route.destination.to_string(),
        gateway_id: None,
        instance_id: None,
        instance_owner_id: None,
        nat_gateway_id: None,
        network_interface_id: None,
        origin: route.origin.name().into(),
        state: r.network.route_state(&t.vpc_id, route).name().into(),
    };
    match &route.target {
        RouteTarget::Local => s.gateway_id = Some("local".into()),
        RouteTarget::InternetGateway(id) => s.gateway_id = Some(id.clone()),
        RouteTarget::NatGateway(id) => s.nat_gateway_id = Some(id.clone()),
        RouteTarget::NetworkInterface(id) => {
            s.network_interface_id = Some(id.clone());
            // A route to an instance's interface names the instance too (BC:ec2/Route).
            if let Some(i) = r.network.enis.get(id).and_then(|e| e.instance_id()) {
                s.instance_id = Some(i.to_string());
                s.instance_owner_id = Some(ACCOUNT_ID.into());
            }
        }
    }
    s
}

pub fn render(r: &Region, t: &RouteTable) -> RouteTableShape {
    RouteTableShape {
        associations: t
            .associations
            .iter()
            .map(|a| AssociationShape {
                main: a.is_main(),
                route_table_association_id: a.id.clone(),
                route_table_id: t.id.clone(),
                subnet_id: a.subnet_id.clone(),
                association_state: associated(),
            })
            .collect(),
        propagating_vgws: vec![],
        route_table_id: t.id.clone(),
        routes: t.routes.iter().map(|route| route_shape(r, t, route)).collect(),
        tags: tag_list(r.tags.get(&t.id)),
        vpc_id: t.vpc_id.clone(),
        owner_id: ACCOUNT_ID.into(),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateRouteTableRequest {
    vpc_id: String,
    tag_specifications: Option<Vec<TagSpecification>>,
    client_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateRouteTableResponse {
    route_table: RouteTableShape,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_token: Option<String>,
}

pub fn create_route_table(w: &mut World, region: &str, r: CreateRouteTableRequest) -> Result<CreateRouteTableResponse, ApiError> {
    let tags = tags_for(&r.tag_specifications, "route-table")?;
    crate::geo::require_region(region)?;
    let World { regions, rng, .. } = w;
    let reg = regions.get_mut(region).expect("checked");
    let id = route_table::create(&mut reg.network, rng, &r.vpc_id)?;
    if !tags.is_empty() {
        reg.tags.set(&id, &tags);
    }
    Ok(CreateRouteTableResponse { route_table: render(reg, &reg.network.route_tables[&id]), client_token: r.client_token })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteRouteTableRequest {
    route_table_id: String,
}

pub fn delete_route_table(w: &mut World, region: &str, r: DeleteRouteTableRequest) -> Result<Empty, ApiError> {
    let reg = w.region_mut(region)?;
    route_table::delete(&mut reg.network, &r.route_table_id)?;
    reg.tags.forget(&r.route_table_id);
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeRouteTablesRequest {
    filters: Filters,
    route_table_ids: Option<Vec<String>>,
    next_token: Option<String>,
    max_results: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeRouteTablesResponse {
    route_tables: Vec<RouteTableShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// The DescribeRouteTables filters (BC:ec2/DescribeRouteTables).
pub struct RouteTableFilterable<'a> {
    pub table: &'a RouteTable,
    pub region: &'a Region,
}

impl FilterValues for RouteTableFilterable<'_> {
    const NAMES: &'static [&'static str] = &[
        "association.route-table-association-id",
        "association.route-table-id",
        "association.subnet-id",
        "association.main",
        "owner-id",
        "route-table-id",
        "route.destination-cidr-block",
        "route.gateway-id",
        "route.instance-id",
        "route.nat-gateway-id",
        "route.network-interface-id",
        "route.origin",
        "route.state",
        "vpc-id",
    ];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let t = self.table;
        let routes = || t.routes.iter().map(|r| route_shape(self.region, t, r));
        Some(match name {
            "association.route-table-association-id" => t.associations.iter().map(|a| a.id.clone()).collect(),
            "association.route-table-id" => t.associations.iter().map(|_| t.id.clone()).collect(),
            "association.subnet-id" => t.associations.iter().filter_map(|a| a.subnet_id.clone()).collect(),
            "association.main" => {
                if t.is_main() {
                    vec!["true".into()]
                } else {
                    vec!["false".into()]
                }
            }
            "owner-id" => vec![ACCOUNT_ID.into()],
            "route-table-id" => vec![t.id.clone()],
            "route.destination-cidr-block" => routes().map(|r| r.destination_cidr_block).collect(),
            "route.gateway-id" => routes().filter_map(|r| r.gateway_id).collect(),
            "route.instance-id" => routes().filter_map(|r| r.instance_id).collect(),
            "route.nat-gateway-id" => routes().filter_map(|r| r.nat_gateway_id).collect(),
            "route.network-interface-id" => routes().filter_map(|r| r.network_interface_id).collect(),
            "route.origin" => routes().map(|r| r.origin).collect(),
            "route.state" => routes().map(|r| r.state).collect(),
            "vpc-id" => vec![t.vpc_id.clone()],
            _ => return None,
        })
    }
    fn tags(&self) -> Option<&Tags> {
        self.region.tags.get(&self.table.id)
    }
}

pub fn describe_route_tables(w: &World, region: &str, r: DescribeRouteTablesRequest) -> Result<DescribeRouteTablesResponse, ApiError> {
    let reg = w.region(region)?;
    let ids = r.route_table_ids.unwrap_or_default();
    check_ids(&ids, |id| reg.network.route_tables.contains_key(id), rtb_not_found)?;
    let f = filters(&r.filters);
    check_names::<RouteTableFilterable>(&f)?;
    let mut rows = Vec::new();
    for t in reg.network.route_tables.values() {
        if (ids.is_empty() || ids.contains(&t.id)) && matches(&f, &RouteTableFilterable { table: t, region: reg })? {
            rows.push(t);
        }
    }
    let page = paginate(rows, r.max_results, r.next_token.as_deref(), (5, 100))?;
    Ok(DescribeRouteTablesResponse { route_tables: page.items.into_iter().map(|t| render(reg, t)).collect(), next_token: page.next_token })
}

/// CreateRoute and ReplaceRoute take the same members.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RouteRequest {
    route_table_id: String,
    destination_cidr_block: Option<String>,
    gateway_id: Option<String>,
    nat_gateway_id: Option<String>,
    network_interface_id: Option<String>,
    instance_id: Option<String>,
    local_target: Option<bool>,
    destination_ipv6_cidr_block: Option<Value>,
    destination_prefix_list_id: Option<Value>,
    vpc_endpoint_id: Option<Value>,
    transit_gateway_id: Option<Value>,
    local_gateway_id: Option<Value>,
    carrier_gateway_id: Option<Value>,
    core_network_arn: Option<Value>,
    odb_network_arn: Option<Value>,
    egress_only_internet_gateway_id: Option<Value>,
    vpc_peering_connection_id: Option<Value>,
}

impl RouteRequest {
    fn refuse(&self, op: &str) -> Result<(), ApiError> {
        refuse_unsimulated(
            op,
            &[
                ("DestinationIpv6CidrBlock", self.destination_ipv6_cidr_block.is_some()),
                ("DestinationPrefixListId", self.destination_prefix_list_id.is_some()),
                ("VpcEndpointId", self.vpc_endpoint_id.is_some()),
                ("TransitGatewayId", self.transit_gateway_id.is_some()),
                ("LocalGatewayId", self.local_gateway_id.is_some()),
                ("CarrierGatewayId", self.carrier_gateway_id.is_some()),
                ("CoreNetworkArn", self.core_network_arn.is_some()),
                ("OdbNetworkArn", self.odb_network_arn.is_some()),
                ("EgressOnlyInternetGatewayId", self.egress_only_internet_gateway_id.is_some()),
                ("VpcPeeringConnectionId", self.vpc_peering_connection_id.is_some()),
            ],
        )
    }
    fn target(&self) -> TargetSpec<'_> {
        TargetSpec {
            gateway_id: self.gateway_id.as_deref(),
            nat_gateway_id: self.nat_gateway_id.as_deref(),
            network_interface_id: self.network_interface_id.as_deref(),
            instance_id: self.instance_id.as_deref(),
            local_target: self.local_target == Some(true),
        }
    }
}

pub fn create_route(w: &mut World, region: &str, r: RouteRequest) -> Result<ReturnTrue, ApiError> {
    r.refuse("CreateRoute")?;
    route_table::create_route(w.region_mut(region)?, &r.route_table_id, r.destination_cidr_block.as_deref(), &r.target())?;
    Ok(RETURN_TRUE)
}

pub fn replace_route(w: &mut World, region: &str, r: RouteRequest) -> Result<Empty, ApiError> {
    r.refuse("ReplaceRoute")?;
    route_table::replace_route(w.region_mut(region)?, &r.route_table_id, r.destination_cidr_block.as_deref(), &r.target())?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteRouteRequest {
    route_table_id: String,
    destination_cidr_block: Option<String>,
    destination_ipv6_cidr_block: Option<Value>,
    destination_prefix_list_id: Option<Value>,
}

pub fn delete_route(w: &mut World, region: &str, r: DeleteRouteRequest) -> Result<Empty, ApiError> {
    refuse_unsimulated(
        "DeleteRoute",
        &[("DestinationIpv6CidrBlock", r.destination_ipv6_cidr_block.is_some()), ("DestinationPrefixListId", r.destination_prefix_list_id.is_some())],
    )?;
    route_table::delete_route(&mut w.region_mut(region)?.network, &r.route_table_id, r.destination_cidr_block.as_deref())?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AssociateRouteTableRequest {
    route_table_id: String,
    subnet_id: Option<String>,
    gateway_id: Option<Value>,
    public_ipv4_pool: Option<Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateRouteTableResponse {
    association_id: String,
    association_state: AssociationStateShape,
}

pub fn associate_route_table(w: &mut World, region: &str, r: AssociateRouteTableRequest) -> Result<AssociateRouteTableResponse, ApiError> {
    refuse_unsimulated("AssociateRouteTable", &[("GatewayId", r.gateway_id.is_some()), ("PublicIpv4Pool", r.public_ipv4_pool.is_some())])?;
    let subnet = r.subnet_id.ok_or_else(|| {
        ApiError::missing_parameter("The request must contain the parameter subnetId")
            .hint("Name the subnet that should use this table (SubnetId).", "이 테이블을 쓸 서브넷(SubnetId)을 지정하세요.")
    })?;
    crate::geo::require_region(region)?;
    let World { regions, rng, .. } = w;
    let net = &mut regions.get_mut(region).expect("checked").network;
    let id = route_table::associate(net, rng, &r.route_table_id, &subnet)?;
    Ok(AssociateRouteTableResponse { association_id: id, association_state: associated() })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DisassociateRouteTableRequest {
    association_id: String,
}

pub fn disassociate_route_table(w: &mut World, region: &str, r: DisassociateRouteTableRequest) -> Result<Empty, ApiError> {
    route_table::disassociate(&mut w.region_mut(region)?.network, &r.association_id)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ReplaceRouteTableAssociationRequest {
    association_id: String,
    route_table_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplaceRouteTableAssociationResponse {
    new_association_id: String,
    association_state: AssociationStateShape,
}

pub fn replace_route_table_association(
    w: &mut World,
    region: &str,
    r: ReplaceRouteTableAssociationRequest,
) -> Result<ReplaceRouteTableAssociationResponse, ApiError> {
    crate::geo::require_region(region)?;
    let World { regions, rng, .. } = w;
    let net = &mut regions.get_mut(region).expect("checked").network;
    let id = route_table::replace_association(net, rng, &r.association_id, &r.route_table_id)?;
    Ok(ReplaceRouteTableAssociationResponse { new_association_id: id, association_state: associated() })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn every_listed_filter_name_is_answered() {
        let c = crate::Cloud::new(0);
        let r = &c.world.regions["us-east-1"];
        let t = r.network.route_tables.values().next().unwrap();
        let f = RouteTableFilterable { table: t, region: r };
        for name in <RouteTableFilterable as FilterValues>::NAMES {
            assert!(f.filter_values(name).is_some(), "{name}");
        }
    }
}
