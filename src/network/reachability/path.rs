//! The hop-by-hop walk. Forward hops are checked in order; each boundary crossed also leaves a
//! check for the reply on a small fixed stack, evaluated in reverse once the forward path passes.
use super::{Addressing, Direction, Endpoint, Hop, HopKind, Matched, Query, Reason, Verdict, ICMP_ECHO_REQUEST};
use crate::compute::InstanceState;
use crate::network::nacls::{self, Action, NetworkAcl};
use crate::network::route_table::{RouteState, RouteTarget};
use crate::network::security_groups::{Peer, SgRule};
use crate::network::{NatGateway, NetworkInterface, RegionNetwork};
use crate::world::Region;

/// A check the reply must pass (pushed going forward, evaluated backwards).
#[derive(Clone, Copy)]
enum Back<'a> {
    /// Security groups of this ENI see the reply: stateful. `leaving`: the reply leaves this ENI.
    Stateful(&'a NetworkInterface, bool),
    /// The reply crosses this subnet's ACL; `egress` says which way; `peer` is the address the
    /// entry is matched against (destination when leaving, source when entering).
    Acl(&'a NetworkAcl, bool, u32),
    Igw(&'a str),
    Nat(&'a NatGateway),
}

const MAX_BACK: usize = 8;

/// The blocked walk: the reason is stored in the walk itself.
struct Blocked;

type Step<T = ()> = Result<T, Blocked>;

struct Walk<'a, 'q> {
    net: &'a RegionNetwork,
    region: &'a Region,
    q: &'q Query<'a>,
    hops: Vec<Hop<'a>>,
    back: [Option<Back<'a>>; MAX_BACK],
    nback: usize,
    blocked: Option<(usize, Reason<'a>)>,
    seen_source_ip: u32,
}

/// Evaluates a flow: see the module documentation for the hops.
pub fn evaluate<'a>(region: &'a Region, q: &Query<'a>) -> Verdict<'a> {
    let mut w = Walk { net: &region.network, region, q, hops: Vec::with_capacity(16), back: [None; MAX_BACK], nback: 0, blocked: None, seen_source_ip: 0 };
    let ok = w.forward().and_then(|_| w.replies()).is_ok();
    Verdict { allowed: ok, hops: w.hops, blocked: w.blocked, seen_source_ip: w.seen_source_ip }
}

impl<'a> Walk<'a, '_> {
    // One field per argument: a hop is a plain record, built in one place.
    #[allow(clippy::too_many_arguments)]
    fn hop(&mut self, direction: Direction, kind: HopKind, component: &'a str, allowed: bool, matched: Matched<'a>, peer_ip: u32, port: u16) {
        self.hops.push(Hop { direction, kind, component, allowed, matched, eni: None, peer_ip, port });
    }

    fn block(&mut self, reason: Reason<'a>) -> Blocked {
        self.blocked = Some((self.hops.len().saturating_sub(1), reason));
        Blocked
    }

    fn push_back(&mut self, b: Back<'a>) {
        if self.nback < MAX_BACK {
            self.back[self.nback] = Some(b);
            self.nback += 1;
        }
    }

    /// The port a reply is addressed to: the client's ephemeral port for tcp/udp, an echo
    /// reply for an echo request.
    fn reply_port(&self) -> u16 {
        match self.q.protocol {
            6 | 17 => self.q.source_port,
            1 if self.q.port & 0xff00 == ICMP_ECHO_REQUEST => 0,
            _ => self.q.port,
        }
    }

    fn forward(&mut self) -> Step {
        let q = *self.q;
        match q.source {
            Endpoint::Eni(s) => {
                self.up(s, Direction::Forward, false)?;
                self.seen_source_ip = s.primary_ip();
            }
            Endpoint::External(ip) => {
                self.hop(Direction::Forward, HopKind::Internet, "", true, Matched::None, ip, q.port);
                self.seen_source_ip = ip;
            }
        }
        match (q.source, q.destination) {
            (Endpoint::Eni(s), Endpoint::Eni(d)) if q.addressing == Addressing::Private => self.local(s, d),
            (Endpoint::Eni(s), Endpoint::Eni(d)) => {
                let Some(public) = self.net.primary_public_ip(d) else {
                    self.hop(Direction::Forward, HopKind::NetworkInterface, &d.id, false, Matched::None, 0, q.port);
                    return Err(self.block(Reason::NoPublicIpIngress { eni: &d.id }));
                };
                let seen = self.out_to_internet(s, public)?;
                self.seen_source_ip = seen;
                self.in_from_internet(d, seen)
            }
            (Endpoint::Eni(s), Endpoint::External(ip)) => {
                self.seen_source_ip = self.out_to_internet(s, ip)?;
                self.hop(Direction::Forward, HopKind::Internet, "", true, Matched::None, ip, q.port);
                Ok(())
            }
            (Endpoint::External(c), Endpoint::Eni(d)) => self.in_from_internet(d, c),
            (Endpoint::External(_), Endpoint::External(_)) => Err(self.block(Reason::NotInAws)),
        }
    }

    /// The instance behind an ENI must be running (an ENI with no instance works only when a
    /// service manages it, like a NAT gateway's or a load balancer's).
    fn up(&mut self, eni: &'a NetworkInterface, direction: Direction, destination: bool) -> Step {
        let port = self.q.port;
        match &eni.attachment {
            Some(a) => {
                let inst = self.region.compute.instances.get(&a.instance_id);
                let state = inst.map(|i| i.state).unwrap_or(InstanceState::Terminated);
                let running = state == InstanceState::Running;
                let id = inst.map(|i| i.id.as_str()).unwrap_or(&eni.id);
                self.hop(direction, HopKind::Instance, id, running, Matched::None, eni.primary_ip(), port);
                if let Some(h) = self.hops.last_mut() {
                    h.eni = Some(eni);
                }
                if !running {
                    return Err(self.block(Reason::InstanceNotRunning { instance: id, state: state.name(), destination }));
                }
            }
            None => {
                let ok = eni.requester_managed;
                self.hop(direction, HopKind::NetworkInterface, &eni.id, ok, Matched::None, eni.primary_ip(), port);
                if !ok {
                    return Err(self.block(Reason::EniNotAttached { eni: &eni.id, destination }));
                }
            }
        }
        Ok(())
    }

    #[inline]
    fn peer_matches(rule: &SgRule, ip: u32, peer: Option<&NetworkInterface>) -> bool {
        match &rule.peer {
            Peer::Ipv4(c) => c.contains(ip),
            Peer::Group(g) => peer.is_some_and(|e| e.groups.iter().any(|x| x == g)),
            Peer::Ipv6(_) | Peer::PrefixList(_) => false,
        }
    }

    /// The ENI's groups, combined: any rule of any group allows.
    fn groups(&mut self, eni: &'a NetworkInterface, egress: bool, ip: u32, peer: Option<&'a NetworkInterface>) -> Step {
        let (proto, port) = (self.q.protocol, self.q.port);
        let kind = if egress { HopKind::SecurityGroupEgress } else { HopKind::SecurityGroupIngress };
        for gid in &eni.groups {
            if let Some(g) = self.net.security_groups.get(gid) {
                if let Some(r) = g.rules(egress).iter().find(|r| r.covers(proto, port) && Self::peer_matches(r, ip, peer)) {
                    self.hop(Direction::Forward, kind, &g.id, true, Matched::SgRule(&g.id, r), ip, port);
                    self.hops.last_mut().expect("pushed").eni = Some(eni);
                    return Ok(());
                }
            }
        }
        let first = eni.groups.first().map(String::as_str).unwrap_or("");
        self.hop(Direction::Forward, kind, first, false, Matched::None, ip, port);
        self.hops.last_mut().expect("pushed").eni = Some(eni);
        Err(self.block(if egress { Reason::SgEgress { eni: &eni.id, peer_ip: ip } } else { Reason::SgIngress { eni: &eni.id, peer_ip: ip } }))
    }

    fn acl(&mut self, subnet: &'a str, egress: bool, peer: u32, direction: Direction, port: u16) -> Step<Option<&'a NetworkAcl>> {
        let kind = if egress { HopKind::NetworkAclOutbound } else { HopKind::NetworkAclInbound };
        let Some(acl) = nacls::of_subnet(self.net, subnet) else {
            // A subnet always has an ACL; without one nothing filters.
            return Ok(None);
        };
        self.check_acl(acl, egress, peer, direction, port, kind)?;
        Ok(Some(acl))
    }

    fn check_acl(&mut self, acl: &'a NetworkAcl, egress: bool, peer: u32, direction: Direction, port: u16, kind: HopKind) -> Step {
        let e = acl.evaluate(egress, peer, self.q.protocol, port);
        let ok = e.action == Action::Allow;
        self.hop(direction, kind, &acl.id, ok, Matched::NaclEntry(e), peer, port);
        if !ok {
            return Err(self.block(Reason::NaclDeny { acl: &acl.id, entry: e, egress, direction }));
        }
        Ok(())
    }

    /// Inside one VPC, by private address.
    fn local(&mut self, s: &'a NetworkInterface, d: &'a NetworkInterface) -> Step {
        let port = self.q.port;
        let (src_ip, dst_ip) = (s.primary_ip(), d.primary_ip());
        self.push_back(Back::Stateful(s, false));
        self.groups(s, true, dst_ip, Some(d))?;
        let table = self.net.route_table_for_subnet(&s.subnet_id);
        let rtb = table.map(|t| t.id.as_str()).unwrap_or("");
        let route = table.and_then(|t| t.lookup(dst_ip));
        let cross = s.subnet_id != d.subnet_id;
        if s.vpc_id != d.vpc_id {
            if cross {
                self.acl(&s.subnet_id, true, dst_ip, Direction::Forward, port)?;
            }
            self.hop(Direction::Forward, HopKind::RouteTable, rtb, false, route.map(Matched::Route).unwrap_or(Matched::None), dst_ip, port);
            return Err(self.block(Reason::PrivateAcrossVpcs { src_vpc: &s.vpc_id, dst_vpc: &d.vpc_id, rtb }));
        }
        if cross {
            if let Some(acl) = self.acl(&s.subnet_id, true, dst_ip, Direction::Forward, port)? {
                self.push_back(Back::Acl(acl, false, dst_ip));
            }
        }
        match route {
            Some(r) if r.target == RouteTarget::Local => self.hop(Direction::Forward, HopKind::RouteTable, rtb, true, Matched::Route(r), dst_ip, port),
            Some(r) => {
                self.hop(Direction::Forward, HopKind::RouteTable, rtb, false, Matched::Route(r), dst_ip, port);
                return Err(self.block(Reason::NotLocal { rtb, route: r }));
            }
            None => {
                self.hop(Direction::Forward, HopKind::RouteTable, rtb, false, Matched::None, dst_ip, port);
                return Err(self.block(Reason::NoRoute { rtb, dest: dst_ip }));
            }
        }
        if cross {
            if let Some(acl) = self.acl(&d.subnet_id, false, src_ip, Direction::Forward, port)? {
                self.push_back(Back::Acl(acl, true, src_ip));
            }
        }
        self.groups(d, false, src_ip, Some(s))?;
        self.push_back(Back::Stateful(d, true));
        self.up(d, Direction::Forward, true)
    }

    /// From an ENI out to an internet address: through an internet gateway (needs a public IP
    /// or EIP) or a NAT gateway. Returns the address the internet sees.
    fn out_to_internet(&mut self, s: &'a NetworkInterface, ext: u32) -> Step<u32> {
        let port = self.q.port;
        let src_ip = s.primary_ip();
        self.push_back(Back::Stateful(s, false));
        self.groups(s, true, ext, None)?;
        let table = self.net.route_table_for_subnet(&s.subnet_id);
        let rtb = table.map(|t| t.id.as_str()).unwrap_or("");
        let route = table.and_then(|t| t.lookup(ext));
        // The subnet boundary is crossed unless the next hop is a NAT gateway in the same subnet.
        let nat_here =
            route.is_some_and(|r| matches!(&r.target, RouteTarget::NatGateway(n) if self.net.nat_gateways.get(n).is_some_and(|n| n.subnet_id == s.subnet_id)));
        if !nat_here {
            if let Some(acl) = self.acl(&s.subnet_id, true, ext, Direction::Forward, port)? {
                self.push_back(Back::Acl(acl, false, ext));
            }
        }
        let Some(r) = route else {
            self.hop(Direction::Forward, HopKind::RouteTable, rtb, false, Matched::None, ext, port);
            return Err(self.block(Reason::NoRoute { rtb, dest: ext }));
        };
        if self.net.route_state(&s.vpc_id, r) == RouteState::Blackhole {
            self.hop(Direction::Forward, HopKind::RouteTable, rtb, false, Matched::Route(r), ext, port);
            return Err(self.block(Reason::Blackhole { rtb, route: r }));
        }
        match &r.target {
            RouteTarget::InternetGateway(igw) => {
                self.hop(Direction::Forward, HopKind::RouteTable, rtb, true, Matched::Route(r), ext, port);
                let Some(public) = self.net.primary_public_ip(s) else {
                    self.hop(Direction::Forward, HopKind::InternetGateway, igw, false, Matched::None, ext, port);
                    return Err(self.block(Reason::NoPublicIpEgress { eni: &s.id, igw }));
                };
                if let Some(want) = self.q.via_igw.filter(|w| *w != igw.as_str()) {
                    self.hop(Direction::Forward, HopKind::InternetGateway, igw, false, Matched::None, ext, port);
                    return Err(self.block(Reason::OtherIgw { wanted: want, used: igw }));
                }
                self.hop(Direction::Forward, HopKind::InternetGateway, igw, true, Matched::None, ext, port);
                self.push_back(Back::Igw(igw));
                Ok(public)
            }
            RouteTarget::NatGateway(nat_id) => {
                self.hop(Direction::Forward, HopKind::RouteTable, rtb, true, Matched::Route(r), ext, port);
                let nat = &self.net.nat_gateways[nat_id];
                if !nat.connectivity_public {
                    self.hop(Direction::Forward, HopKind::NatGateway, &nat.id, false, Matched::None, ext, port);
                    return Err(self.block(Reason::NatPrivate { nat: &nat.id }));
                }
                if !nat_here {
                    if let Some(acl) = self.acl(&nat.subnet_id, false, src_ip, Direction::Forward, port)? {
                        self.push_back(Back::Acl(acl, true, src_ip));
                    }
                }
                self.hop(Direction::Forward, HopKind::NatGateway, &nat.id, true, Matched::None, ext, port);
                self.push_back(Back::Nat(nat));
                let nat_table = self.net.route_table_for_subnet(&nat.subnet_id);
                let nat_rtb = nat_table.map(|t| t.id.as_str()).unwrap_or("");
                let nat_route = nat_table.and_then(|t| t.lookup(ext));
                let igw = match nat_route.map(|r2| (r2, &r2.target)) {
                    Some((r2, RouteTarget::InternetGateway(igw))) if self.net.route_state(&nat.vpc_id, r2) == RouteState::Active => {
                        self.hop(Direction::Forward, HopKind::RouteTable, nat_rtb, true, Matched::Route(r2), ext, port);
                        igw
                    }
                    other => {
                        self.hop(
                            Direction::Forward,
                            HopKind::RouteTable,
                            nat_rtb,
                            false,
                            other.map(|o| Matched::Route(o.0)).unwrap_or(Matched::None),
                            ext,
                            port,
                        );
                        return Err(self.block(Reason::NatNoRouteToIgw { nat: &nat.id, rtb: nat_rtb }));
                    }
                };
                if let Some(acl) = self.acl(&nat.subnet_id, true, ext, Direction::Forward, port)? {
                    self.push_back(Back::Acl(acl, false, ext));
                }
                let public = nat.allocation_id.as_ref().and_then(|a| self.net.elastic_ips.get(a)).map(|e| e.public_ip);
                let Some(public) = public else {
                    self.hop(Direction::Forward, HopKind::NatGateway, &nat.id, false, Matched::None, ext, port);
                    return Err(self.block(Reason::NatPrivate { nat: &nat.id }));
                };
                self.hop(Direction::Forward, HopKind::InternetGateway, igw, true, Matched::None, ext, port);
                self.push_back(Back::Igw(igw));
                Ok(public)
            }
            RouteTarget::Local => {
                self.hop(Direction::Forward, HopKind::RouteTable, rtb, false, Matched::Route(r), ext, port);
                Err(self.block(Reason::NoSuchAddress { rtb, dest: ext }))
            }
            RouteTarget::NetworkInterface(_) => {
                self.hop(Direction::Forward, HopKind::RouteTable, rtb, false, Matched::Route(r), ext, port);
                Err(self.block(Reason::Unsupported { what: "routes through a network interface (an appliance instance)" }))
            }
        }
    }

    /// From the internet (client address `client`) into an ENI through its VPC's gateway.
    fn in_from_internet(&mut self, d: &'a NetworkInterface, client: u32) -> Step {
        let port = self.q.port;
        let igw = self.net.internet_gateways.values().find(|g| g.vpc_id.as_deref() == Some(d.vpc_id.as_str()));
        let Some(igw) = igw else {
            self.hop(Direction::Forward, HopKind::InternetGateway, self.q.via_igw.unwrap_or(""), false, Matched::None, client, port);
            return Err(self.block(Reason::NoIgw { vpc: &d.vpc_id }));
        };
        if let Some(want) = self.q.via_igw.filter(|w| *w != igw.id.as_str()) {
            self.hop(Direction::Forward, HopKind::InternetGateway, want, false, Matched::None, client, port);
            return Err(self.block(Reason::OtherIgw { wanted: want, used: &igw.id }));
        }
        if self.net.primary_public_ip(d).is_none() {
            self.hop(Direction::Forward, HopKind::InternetGateway, &igw.id, false, Matched::None, client, port);
            return Err(self.block(Reason::NoPublicIpIngress { eni: &d.id }));
        }
        self.hop(Direction::Forward, HopKind::InternetGateway, &igw.id, true, Matched::None, client, port);
        self.push_back(Back::Igw(&igw.id));
        // Replies leave by the subnet's route table: it must send them back to this gateway.
        let table = self.net.route_table_for_subnet(&d.subnet_id);
        let rtb = table.map(|t| t.id.as_str()).unwrap_or("");
        match table.and_then(|t| t.lookup(client)) {
            Some(r) if r.target == RouteTarget::InternetGateway(igw.id.clone()) => {
                self.hop(Direction::Forward, HopKind::RouteTable, rtb, true, Matched::Route(r), client, port);
            }
            other => {
                self.hop(Direction::Forward, HopKind::RouteTable, rtb, false, other.map(Matched::Route).unwrap_or(Matched::None), client, port);
                return Err(self.block(Reason::NoReturnRouteToIgw { rtb, subnet: &d.subnet_id, igw: &igw.id }));
            }
        }
        if let Some(acl) = self.acl(&d.subnet_id, false, client, Direction::Forward, port)? {
            self.push_back(Back::Acl(acl, true, client));
        }
        self.groups(d, false, client, None)?;
        self.push_back(Back::Stateful(d, true));
        self.up(d, Direction::Forward, true)
    }

    /// The reply, back along the checks the forward path left.
    fn replies(&mut self) -> Step {
        let port = self.reply_port();
        for i in (0..self.nback).rev() {
            let Some(b) = self.back[i] else { continue };
            match b {
                Back::Stateful(eni, leaving) => {
                    let kind = if leaving { HopKind::SecurityGroupEgress } else { HopKind::SecurityGroupIngress };
                    let first = eni.groups.first().map(String::as_str).unwrap_or("");
                    self.hop(Direction::Return, kind, first, true, Matched::Stateful, 0, port);
                    self.hops.last_mut().expect("pushed").eni = Some(eni);
                }
                Back::Acl(acl, egress, peer) => {
                    let kind = if egress { HopKind::NetworkAclOutbound } else { HopKind::NetworkAclInbound };
                    self.check_acl(acl, egress, peer, Direction::Return, port, kind)?;
                }
                Back::Igw(id) => self.hop(Direction::Return, HopKind::InternetGateway, id, true, Matched::None, 0, port),
                Back::Nat(n) => self.hop(Direction::Return, HopKind::NatGateway, &n.id, true, Matched::None, 0, port),
            }
        }
        Ok(())
    }
}
