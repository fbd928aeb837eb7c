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
