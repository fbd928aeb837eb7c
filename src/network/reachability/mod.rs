//! "May this packet pass?": the ONE evaluation every feature uses for traffic (CanConnect,
//! network insights analyses, and later load-balancer health checks and requests).
//!
//! A query names a source and a destination [`Endpoint`] (an ENI, or a host on the internet),
//! a protocol and a port. [`evaluate`] walks the path hop by hop, as AWS does:
//!
//! forward: source instance state → source ENI's security groups (egress) → source subnet's
//! network ACL (outbound) → the source subnet's route table (longest prefix: local, internet
//! gateway with a public IP or EIP, NAT gateway, blackhole) → [NAT gateway, its subnet's ACL and
//! route] → [internet gateway] → destination subnet's ACL (inbound) → destination ENI's security
//! groups (ingress; a source-group rule matches the source ENI by private IP) → destination
//! instance state;
//!
//! return: security groups are stateful (the reply passes whatever the rules say), network ACLs
//! are stateless: the reply to the client's ephemeral port (default 49152, inside every common
//! ephemeral range) must pass every ACL again in the other direction.
//!
//! Traffic inside one subnet does not cross its ACL (ACLs sit at the subnet boundary).
//!
//! Callers that are not people (load balancers, later): build a [`Query`] directly, no names.
//! A load balancer node is an ENI with `requester_managed = true` (no instance behind it, so
//! no instance-state hop) carrying the load balancer's security groups:
//! - health check / forwarded request: `Endpoint::Eni(node) → Endpoint::Eni(target)`,
//!   `Addressing::Private`, protocol 6, the target port;
//! - a client of an internet-facing load balancer: `Endpoint::External(client_ip) →
//!   Endpoint::Eni(node)`, `Addressing::Public` (the node needs a public IP);
//!
//! then read `Verdict::allowed`, or `blocked` + [`Reason::explain`] for the why.
//! The result borrows the network (no strings are built in the hot path); the API layers turn
//! it into text. IPv4 only.
mod explain;
pub mod insights;
mod path;
mod resolve;

pub use explain::{Explained, Reason};
pub use path::evaluate;
pub use resolve::{eni_by_private_ip, ip_text, query, resolve, Resolved, Special, INTERNET_CLIENT, INTERNET_HOST, MY_IP};

use super::nacls::NaclEntry;
use super::route_table::Route;
use super::security_groups::SgRule;
use super::NetworkInterface;

/// The client's source port assumed for replies (in 1024-65535, 32768-60999 and 49152-65535).
pub const DEFAULT_EPHEMERAL_PORT: u16 = 49152;

/// One end of a flow.
#[derive(Debug, Clone, Copy)]
pub enum Endpoint<'a> {
    /// An interface in a VPC (an instance is its primary ENI).
    Eni(&'a NetworkInterface),
    /// A host on the internet with this IPv4 address.
    External(u32),
}

/// How the destination ENI is addressed: by its private IP (inside the VPC) or its public IP
/// (through the internet, even from the same VPC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Addressing {
    Private,
    Public,
}

#[derive(Debug, Clone, Copy)]
pub struct Query<'a> {
    pub source: Endpoint<'a>,
    pub destination: Endpoint<'a>,
    pub addressing: Addressing,
    /// IANA protocol number (6 tcp, 17 udp, 1 icmp, ...).
    pub protocol: u8,
    /// Destination port (tcp/udp) or, for ICMP, `type << 8 | code`.
    pub port: u16,
    /// The client's port, which replies go back to.
    pub source_port: u16,
    /// The internet gateway the flow must use (a path from or to `igw-…`).
    pub via_igw: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Forward,
    Return,
}

impl Direction {
    pub fn name(self) -> &'static str {
        match self {
            Direction::Forward => "forward",
            Direction::Return => "return",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HopKind {
    Instance,
    NetworkInterface,
    SecurityGroupEgress,
    SecurityGroupIngress,
    NetworkAclOutbound,
    NetworkAclInbound,
    RouteTable,
    NatGateway,
    InternetGateway,
    Internet,
}

impl HopKind {
    pub fn name(self) -> &'static str {
        match self {
            HopKind::Instance => "instance",
            HopKind::NetworkInterface => "network-interface",
            HopKind::SecurityGroupEgress => "security-group-egress",
            HopKind::SecurityGroupIngress => "security-group-ingress",
            HopKind::NetworkAclOutbound => "network-acl-outbound",
            HopKind::NetworkAclInbound => "network-acl-inbound",
            HopKind::RouteTable => "route-table",
            HopKind::NatGateway => "nat-gateway",
            HopKind::InternetGateway => "internet-gateway",
            HopKind::Internet => "internet",
        }
    }
}

/// What decided a hop.
#[derive(Debug, Clone, Copy)]
pub enum Matched<'a> {
    None,
    /// A security group rule (group id, rule).
    SgRule(&'a str, &'a SgRule),
    /// Return traffic through security groups: stateful, no rule needed.
    Stateful,
    NaclEntry(&'a NaclEntry),
    Route(&'a Route),
}

#[derive(Debug, Clone, Copy)]
pub struct Hop<'a> {
    pub direction: Direction,
    pub kind: HopKind,
    /// The component's id (`sg-…`, `acl-…`, `rtb-…`, `igw-…`, `nat-…`, `i-…`, `eni-…`), or
    /// `""` for the internet.
    pub component: &'a str,
    pub allowed: bool,
    pub matched: Matched<'a>,
    /// For ENI hops with several groups: every group id is on the ENI; `component` is the one
    /// whose rule matched (the first group when none did).
    pub eni: Option<&'a NetworkInterface>,
    /// The peer address the hop looked at (source for inbound checks, destination for outbound).
    pub peer_ip: u32,
    /// The port the hop looked at (the ephemeral port on the return path).
    pub port: u16,
}

/// The answer: allowed or not, every hop, and when blocked, why.
#[derive(Debug, Clone)]
pub struct Verdict<'a> {
    pub allowed: bool,
    pub hops: Vec<Hop<'a>>,
    /// Index into `hops` of the blocking hop, with the reason.
    pub blocked: Option<(usize, Reason<'a>)>,
    /// The source address the destination sees (private, public, NAT's EIP, client's).
    pub seen_source_ip: u32,
}

impl Verdict<'_> {
    pub fn blocking_hop(&self) -> Option<&Hop<'_>> {
        self.blocked.as_ref().and_then(|(i, _)| self.hops.get(*i))
    }
}

/// ICMP echo request's type (`type << 8` as a port): its reply is an echo reply (type 0).
pub const ICMP_ECHO_REQUEST: u16 = 8 << 8;
