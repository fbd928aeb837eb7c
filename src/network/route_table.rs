//! Route tables: where a subnet's traffic goes. Each VPC has one main table (used by every
//! subnet without an explicit association) and any number of custom ones; the most specific
//! matching route wins (longest prefix match).
use super::{Cidr, RegionNetwork};

/// Quota: routes per table (VPC:amazon-vpc-limits).
pub const MAX_ROUTES: usize = 50;

/// Where a route sends packets.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum RouteTarget {
    /// Inside the VPC (`GatewayId: local`): every table has it for the VPC's block.
    Local,
    /// `igw-…`
    InternetGateway(String),
    /// `nat-…`
    NatGateway(String),
    /// `eni-…` (a route given an InstanceId is stored as that instance's primary ENI, as AWS does).
    NetworkInterface(String),
}

/// `CreateRouteTable` for the local route, `CreateRoute` for the ones users add.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteOrigin {
    CreateRouteTable,
    CreateRoute,
}

impl RouteOrigin {
    pub fn name(self) -> &'static str {
        match self {
            RouteOrigin::CreateRouteTable => "CreateRouteTable",
            RouteOrigin::CreateRoute => "CreateRoute",
        }
    }
}

/// `active`, or `blackhole` when the target is gone (IGW detached, NAT gateway deleted, ENI deleted):
/// the route still matches, and its packets are dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteState {
    Active,
    Blackhole,
}

impl RouteState {
    pub fn name(self) -> &'static str {
        match self {
            RouteState::Active => "active",
            RouteState::Blackhole => "blackhole",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub destination: Cidr,
    pub target: RouteTarget,
    pub origin: RouteOrigin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteTableAssociation {
    /// `rtbassoc-…`
    pub id: String,
    /// The subnet, or `None` for the main association of the VPC.
    pub subnet_id: Option<String>,
}

impl RouteTableAssociation {
    pub fn is_main(&self) -> bool {
        self.subnet_id.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteTable {
    pub id: String,
    pub vpc_id: String,
    /// Routes in creation order (the local route first).
    pub routes: Vec<Route>,
    pub associations: Vec<RouteTableAssociation>,
}

impl RouteTable {
    pub fn is_main(&self) -> bool {
        self.associations.iter().any(|a| a.is_main())
    }
    /// The most specific route whose destination holds `ip` (longest prefix match), if any.
    pub fn lookup(&self, ip: u32) -> Option<&Route> {
        self.routes.iter().filter(|r| r.destination.contains(ip)).max_by_key(|r| r.destination.len)
    }
    pub fn route(&self, destination: Cidr) -> Option<&Route> {
        self.routes.iter().find(|r| r.destination == destination)
    }
}

impl RegionNetwork {
    /// The table a subnet uses: its explicit association, else its VPC's main table.
    pub fn route_table_for_subnet(&self, subnet_id: &str) -> Option<&RouteTable> {
        let subnet = self.subnets.get(subnet_id)?;
        self.route_tables
            .values()
            .find(|t| t.associations.iter().any(|a| a.subnet_id.as_deref() == Some(subnet_id)))
            .or_else(|| self.main_route_table(&subnet.vpc_id))
    }

    pub fn main_route_table(&self, vpc_id: &str) -> Option<&RouteTable> {
        self.route_tables.values().find(|t| t.vpc_id == vpc_id && t.is_main())
    }

    /// The route a packet from `subnet_id` to `dest_ip` follows (longest prefix match in the
    /// subnet's table). `None`: no route matches, the packet is dropped. Check `route_state`:
    /// a `blackhole` route matches but drops the packet.
    pub fn route_for(&self, subnet_id: &str, dest_ip: u32) -> Option<&Route> {
        self.route_table_for_subnet(subnet_id)?.lookup(dest_ip)
    }

    /// Whether a route's target can carry traffic now.
    pub fn route_state(&self, vpc_id: &str, route: &Route) -> RouteState {
        let ok = match &route.target {
            RouteTarget::Local => true,
            RouteTarget::InternetGateway(id) => self.internet_gateways.get(id).is_some_and(|g| g.vpc_id.as_deref() == Some(vpc_id)),
            RouteTarget::NatGateway(id) => self.nat_gateways.get(id).is_some_and(|n| n.is_available()),
            RouteTarget::NetworkInterface(id) => self.enis.get(id).is_some_and(|e| e.attachment.is_some()),
        };
        if ok {
            RouteState::Active
        } else {
            RouteState::Blackhole
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::parse_cidr;

    #[test]
    fn longest_prefix_wins() {
        let r = |c: &str, t: RouteTarget| Route { destination: parse_cidr(c).unwrap(), target: t, origin: RouteOrigin::CreateRoute };
        let t = RouteTable {
            id: "rtb-1".into(),
            vpc_id: "vpc-1".into(),
            routes: vec![
                r("10.0.0.0/16", RouteTarget::Local),
                r("0.0.0.0/0", RouteTarget::InternetGateway("igw-1".into())),
                r("10.1.0.0/24", RouteTarget::NatGateway("nat-1".into())),
            ],
            associations: vec![],
        };
        let ip = |s: &str| crate::network::parse_ip(s).unwrap();
        assert_eq!(t.lookup(ip("10.0.3.4")).unwrap().target, RouteTarget::Local);
        assert_eq!(t.lookup(ip("10.1.0.9")).unwrap().target, RouteTarget::NatGateway("nat-1".into()));
        assert_eq!(t.lookup(ip("8.8.8.8")).unwrap().target, RouteTarget::InternetGateway("igw-1".into()));
    }
}

use super::errors::{association_not_found, bad_cidr, dependency, eni_not_found, nat_not_found, rtb_not_found};
use super::{internet_gateway, parse_cidr, vpc};
use crate::error::ApiError;
use crate::sim::{IdGen, SimRng};
use crate::world::Region;

/// Quota: route tables per VPC (VPC:amazon-vpc-limits).
pub const MAX_ROUTE_TABLES_PER_VPC: usize = 200;

pub fn table<'n>(net: &'n RegionNetwork, id: &str) -> Result<&'n RouteTable, ApiError> {
    net.route_tables.get(id).ok_or_else(|| rtb_not_found(id))
}

pub fn create(net: &mut RegionNetwork, rng: &mut SimRng, vpc_id: &str) -> Result<String, ApiError> {
    let v = vpc::vpc(net, vpc_id)?;
    if net.route_tables.values().filter(|t| t.vpc_id == vpc_id).count() >= MAX_ROUTE_TABLES_PER_VPC {
        return Err(ApiError::new("RouteTableLimitExceeded", "The maximum number of route tables has been reached.").hint(
            format!("A VPC holds at most {MAX_ROUTE_TABLES_PER_VPC} route tables."),
            format!("VPC 하나에는 라우팅 테이블을 최대 {MAX_ROUTE_TABLES_PER_VPC}개까지 만들 수 있습니다."),
        ));
    }
    let local = Route { destination: v.cidr, target: RouteTarget::Local, origin: RouteOrigin::CreateRouteTable };
    let id = IdGen::new_id(rng, "rtb");
    net.route_tables.insert(id.clone(), RouteTable { id: id.clone(), vpc_id: vpc_id.to_string(), routes: vec![local], associations: vec![] });
    Ok(id)
}

/// DeleteRouteTable: not the main table, not while a subnet is associated.
pub fn delete(net: &mut RegionNetwork, id: &str) -> Result<(), ApiError> {
    let t = table(net, id)?;
    if t.is_main() {
        return Err(dependency(
            "routeTable",
            id,
            "This is the VPC's main route table: make another table the main one first (replace_route_table_association on the main association), or delete the VPC.".into(),
            "VPC의 기본(main) 라우팅 테이블입니다. 먼저 다른 테이블을 기본으로 바꾸거나(main 연결에 replace_route_table_association) VPC를 삭제하세요.".into(),
        ));
    }
    if let Some(a) = t.associations.first() {
        return Err(dependency(
            "routeTable",
            id,
            format!(
                "Subnet {} is associated with it: disassociate it first (disassociate_route_table(AssociationId='{}')).",
                a.subnet_id.clone().unwrap_or_default(),
                a.id
            ),
            format!(
                "서브넷 {}이(가) 연결되어 있습니다. 먼저 연결을 해제하세요(disassociate_route_table(AssociationId='{}')).",
                a.subnet_id.clone().unwrap_or_default(),
                a.id
            ),
        ));
    }
    net.route_tables.remove(id);
    Ok(())
}

/// The target a CreateRoute/ReplaceRoute names (exactly one).
#[derive(Debug, Default)]
pub struct TargetSpec<'a> {
    pub gateway_id: Option<&'a str>,
    pub nat_gateway_id: Option<&'a str>,
    pub network_interface_id: Option<&'a str>,
    pub instance_id: Option<&'a str>,
    pub local_target: bool,
}

fn different_networks(table: &str, what: &str, id: &str) -> ApiError {
    ApiError::invalid_parameter_value(format!("route table {table} and {what} {id} belong to different networks")).hint(
        format!("A route can only point at a target in the table's own VPC; {id} is in another VPC (or not attached to this one)."),
        format!("경로는 테이블과 같은 VPC의 대상만 가리킬 수 있습니다. {id}은(는) 다른 VPC에 있습니다(또는 이 VPC에 연결되지 않음)."),
    )
}

/// Resolves and checks a route target for a table of `vpc_id`.
pub fn resolve_target(region: &Region, table_id: &str, vpc_id: &str, spec: &TargetSpec) -> Result<RouteTarget, ApiError> {
    let net = &region.network;
    let given = [spec.gateway_id.is_some(), spec.nat_gateway_id.is_some(), spec.network_interface_id.is_some(), spec.instance_id.is_some(), spec.local_target];
    match given.iter().filter(|g| **g).count() {
        1 => {}
        0 => {
            return Err(ApiError::missing_parameter(
                "The request must contain exactly one of gatewayId, natGatewayId, networkInterfaceId, instanceId or localTarget",
            )
            .hint(
                "Say where the route goes: GatewayId (an internet gateway, igw-…), NatGatewayId, NetworkInterfaceId or InstanceId.",
                "경로의 대상을 지정하세요: GatewayId(인터넷 게이트웨이 igw-…), NatGatewayId, NetworkInterfaceId 또는 InstanceId.",
            ))
        }
        _ => {
            return Err(ApiError::invalid_parameter_combination(
                "The parameters gatewayId, natGatewayId, networkInterfaceId, instanceId and localTarget are mutually exclusive.",
            )
            .hint("A route has exactly one target.", "경로의 대상은 정확히 하나입니다."))
        }
    }
    if spec.local_target || spec.gateway_id == Some("local") {
        return Ok(RouteTarget::Local);
    }
    if let Some(id) = spec.gateway_id {
        if !id.starts_with("igw-") {
            return Err(ApiError::new("InvalidGatewayID.NotFound", format!("The gateway ID '{id}' does not exist")).hint(
                "GatewayId takes an internet gateway (igw-…) or 'local'. NAT gateways go in NatGatewayId.",
                "GatewayId에는 인터넷 게이트웨이(igw-…)나 'local'을 씁니다. NAT 게이트웨이는 NatGatewayId에 씁니다.",
            ));
        }
        let g = internet_gateway::gateway(net, id)?;
        if g.vpc_id.as_deref() != Some(vpc_id) {
            return Err(different_networks(table_id, "network gateway", id));
        }
        return Ok(RouteTarget::InternetGateway(id.to_string()));
    }
    if let Some(id) = spec.nat_gateway_id {
        let n =
            net.nat_gateways.get(id).filter(|n| !matches!(n.state, super::NatState::Deleted | super::NatState::Deleting)).ok_or_else(|| nat_not_found(id))?;
        if n.vpc_id != vpc_id {
            return Err(different_networks(table_id, "NAT gateway", id));
        }
        return Ok(RouteTarget::NatGateway(id.to_string()));
    }
    if let Some(id) = spec.network_interface_id {
        let e = net.enis.get(id).ok_or_else(|| eni_not_found(id))?;
        if e.vpc_id != vpc_id {
            return Err(different_networks(table_id, "interface", id));
        }
        return Ok(RouteTarget::NetworkInterface(id.to_string()));
    }
    let id = spec.instance_id.expect("one target given");
    crate::compute::instance_in(region, id)?;
    let enis = net.enis_of(id);
    match enis.as_slice() {
        [e] if e.vpc_id == vpc_id => Ok(RouteTarget::NetworkInterface(e.id.clone())),
        [_] => Err(different_networks(table_id, "instance", id)),
        [] => Err(ApiError::new("IncorrectInstanceState", format!("The instance '{id}' is not in a state from which a route can point at it."))
            .hint("A terminated instance has no network interface left to route to.", "종료된 인스턴스에는 경로가 가리킬 네트워크 인터페이스가 없습니다.")),
        _ => Err(ApiError::new(
            "InvalidInstanceID",
            format!("There are multiple interfaces attached to instance '{id}'. Please specify an interface ID for the operation instead."),
        )
        .hint(
            "The instance has more than one ENI: name the one the route should use with NetworkInterfaceId.",
            "인스턴스에 ENI가 여러 개 있습니다. NetworkInterfaceId로 경로가 쓸 ENI를 지정하세요.",
        )),
    }
}

fn parse_destination(raw: Option<&str>) -> Result<Cidr, ApiError> {
    let raw = raw.ok_or_else(|| {
        ApiError::missing_parameter("The request must contain the parameter destinationCidrBlock").hint(
            "Give the destination block of the route, for example DestinationCidrBlock='0.0.0.0/0' for everything outside the VPC.",
            "경로의 목적지 블록을 주세요. 예: VPC 밖 전체는 DestinationCidrBlock='0.0.0.0/0'.",
        )
    })?;
    parse_cidr(raw).ok_or_else(|| bad_cidr("destinationCidrBlock", raw))
}

pub fn create_route(region: &mut Region, table_id: &str, destination: Option<&str>, target: &TargetSpec) -> Result<(), ApiError> {
    let t = table(&region.network, table_id)?;
    let dest = parse_destination(destination)?;
    let resolved = resolve_target(region, table_id, &t.vpc_id, target)?;
    if t.route(dest).is_some() {
        return Err(ApiError::new("RouteAlreadyExists", format!("The route identified by {dest} already exists.")).hint(
            "A table has one route per destination. Change it with replace_route, or delete it first.",
            "테이블에는 목적지마다 경로가 하나입니다. replace_route로 바꾸거나 먼저 삭제하세요.",
        ));
    }
    if resolved == RouteTarget::Local {
        return Err(ApiError::invalid_parameter_value("The local target can only be used with ReplaceRoute.").hint(
            "Every table already has its local route for the VPC's block; other destinations need a gateway or an interface.",
            "모든 테이블에는 VPC 블록의 local 경로가 이미 있습니다. 다른 목적지는 게이트웨이나 인터페이스가 필요합니다.",
        ));
    }
    if t.routes.len() >= MAX_ROUTES {
        return Err(ApiError::new("RouteLimitExceeded", "The maximum number of routes has been reached.").hint(
            format!("A route table holds at most {MAX_ROUTES} routes. Summarise destinations into bigger blocks, or use another table."),
            format!("라우팅 테이블에는 경로를 최대 {MAX_ROUTES}개까지 둘 수 있습니다. 목적지를 더 큰 블록으로 묶거나 다른 테이블을 쓰세요."),
        ));
    }
    let t = region.network.route_tables.get_mut(table_id).expect("checked");
    t.routes.push(Route { destination: dest, target: resolved, origin: RouteOrigin::CreateRoute });
    Ok(())
}

fn no_route(dest: Cidr, table_id: &str) -> ApiError {
    ApiError::new("InvalidRoute.NotFound", format!("There is no route defined for '{dest}' in the route table. Use CreateRoute instead.")).hint(
        format!("{table_id} has no route for exactly {dest}; describe_route_tables shows its routes. Create it with create_route."),
        format!("{table_id}에는 정확히 {dest}에 대한 경로가 없습니다. describe_route_tables로 확인하고 create_route로 만드세요."),
    )
}

pub fn replace_route(region: &mut Region, table_id: &str, destination: Option<&str>, target: &TargetSpec) -> Result<(), ApiError> {
    let t = table(&region.network, table_id)?;
    let dest = parse_destination(destination)?;
    let existing = t.route(dest).ok_or_else(|| no_route(dest, table_id))?;
    let resolved = resolve_target(region, table_id, &t.vpc_id, target)?;
    let vpc_block = region.network.vpcs.get(&t.vpc_id).map(|v| v.cidr);
    if (existing.target == RouteTarget::Local || resolved == RouteTarget::Local) && Some(dest) != vpc_block {
        return Err(ApiError::invalid_parameter_value(format!("The local target is only valid for the VPC's block, not {dest}."))
            .hint("Only the route for the VPC's own block can be (or point back to) local.", "VPC 자체 블록에 대한 경로만 local이 될 수 있습니다."));
    }
    let t = region.network.route_tables.get_mut(table_id).expect("checked");
    let r = t.routes.iter_mut().find(|r| r.destination == dest).expect("checked");
    r.target = resolved;
    r.origin = if r.target == RouteTarget::Local { RouteOrigin::CreateRouteTable } else { RouteOrigin::CreateRoute };
    Ok(())
}

pub fn delete_route(net: &mut RegionNetwork, table_id: &str, destination: Option<&str>) -> Result<(), ApiError> {
    let t = table(net, table_id)?;
    let dest = parse_destination(destination)?;
    let r = t.route(dest).ok_or_else(|| {
        ApiError::new("InvalidRoute.NotFound", format!("No route with destination-cidr-block {dest} in route table {table_id}")).hint(
            format!("{table_id} has no route for exactly {dest}; describe_route_tables shows its routes."),
            format!("{table_id}에는 정확히 {dest}에 대한 경로가 없습니다. describe_route_tables로 확인하세요."),
        )
    })?;
    if r.target == RouteTarget::Local {
        return Err(ApiError::invalid_parameter_value(format!("cannot remove local route {dest} in route table {table_id}")).hint(
            "The local route lets everything in the VPC reach everything else in it; it cannot be deleted.",
            "local 경로는 VPC 안의 모든 리소스가 서로 통신하게 하며 삭제할 수 없습니다.",
        ));
    }
    net.route_tables.get_mut(table_id).expect("checked").routes.retain(|r| r.destination != dest);
    Ok(())
}

/// AssociateRouteTable: an explicit association of a subnet (one per subnet). Returns its id.
pub fn associate(net: &mut RegionNetwork, rng: &mut SimRng, table_id: &str, subnet_id: &str) -> Result<String, ApiError> {
    let t = table(net, table_id)?;
    let s = net.subnet(subnet_id)?;
    if s.vpc_id != t.vpc_id {
        return Err(ApiError::invalid_parameter_value(format!("Route table {table_id} and subnet {subnet_id} belong to different networks")).hint(
            format!("The table is in {} and the subnet in {}: a subnet can only use a table of its own VPC.", t.vpc_id, s.vpc_id),
            format!("테이블은 {}에, 서브넷은 {}에 있습니다. 서브넷은 같은 VPC의 테이블만 쓸 수 있습니다.", t.vpc_id, s.vpc_id),
        ));
    }
    if let Some(other) = net.route_tables.values().find(|o| o.associations.iter().any(|a| a.subnet_id.as_deref() == Some(subnet_id))) {
        let a = other.associations.iter().find(|a| a.subnet_id.as_deref() == Some(subnet_id)).expect("found");
        return Err(ApiError::new(
            "Resource.AlreadyAssociated",
            format!("the specified association for route table {table_id} conflicts with an existing association"),
        )
        .hint(
            format!(
                "{subnet_id} is already associated with {} ({}). Move it with replace_route_table_association(AssociationId='{}', RouteTableId='{table_id}').",
                other.id, a.id, a.id
            ),
            format!(
                "{subnet_id}은(는) 이미 {}({})에 연결되어 있습니다. replace_route_table_association(AssociationId='{}', RouteTableId='{table_id}')로 옮기세요.",
                other.id, a.id, a.id
            ),
        ));
    }
    let id = IdGen::new_id(rng, "rtbassoc");
    net.route_tables.get_mut(table_id).expect("checked").associations.push(RouteTableAssociation { id: id.clone(), subnet_id: Some(subnet_id.to_string()) });
    Ok(id)
}

fn find_association<'n>(net: &'n RegionNetwork, assoc_id: &str) -> Result<(&'n RouteTable, &'n RouteTableAssociation), ApiError> {
    net.route_tables.values().find_map(|t| t.associations.iter().find(|a| a.id == assoc_id).map(|a| (t, a))).ok_or_else(|| association_not_found(assoc_id))
}

/// DisassociateRouteTable: the subnet falls back to the main table. The main association cannot go.
pub fn disassociate(net: &mut RegionNetwork, assoc_id: &str) -> Result<(), ApiError> {
    let (t, a) = find_association(net, assoc_id)?;
    if a.is_main() {
        return Err(ApiError::invalid_parameter_value(format!("cannot disassociate the main route table association {assoc_id}")).hint(
            "A VPC always has a main route table. Make another table the main one with replace_route_table_association instead.",
            "VPC에는 항상 기본(main) 라우팅 테이블이 있습니다. replace_route_table_association으로 다른 테이블을 기본으로 만드세요.",
        ));
    }
    let tid = t.id.clone();
    net.route_tables.get_mut(&tid).expect("found").associations.retain(|a| a.id != assoc_id);
    Ok(())
}

/// ReplaceRouteTableAssociation: moves a subnet (or the main role) to another table of the same
/// VPC. Returns the new association id.
pub fn replace_association(net: &mut RegionNetwork, rng: &mut SimRng, assoc_id: &str, table_id: &str) -> Result<String, ApiError> {
    let (old, a) = find_association(net, assoc_id)?;
    let new = table(net, table_id)?;
    if new.vpc_id != old.vpc_id {
        return Err(ApiError::invalid_parameter_value(format!("Route table {table_id} and association {assoc_id} belong to different networks"))
            .hint("The new table must be in the same VPC as the association.", "새 테이블은 연결과 같은 VPC에 있어야 합니다."));
    }
    let subnet = a.subnet_id.clone();
    let old_id = old.id.clone();
    let id = IdGen::new_id(rng, "rtbassoc");
    net.route_tables.get_mut(&old_id).expect("found").associations.retain(|a| a.id != assoc_id);
    net.route_tables.get_mut(table_id).expect("checked").associations.push(RouteTableAssociation { id: id.clone(), subnet_id: subnet });
    Ok(id)
}
