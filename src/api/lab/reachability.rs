//! `CanConnect`: may this traffic pass? The friendly face of `network::reachability` (the same
//! evaluation that network insights analyses and load balancers use).
//!
//! # Contract (service `ec2lab`, operation `CanConnect`)
//!
//! Request (PascalCase, unknown members refused):
//! - `Source` (str, required), `Destination` (str, required): `i-…` (the instance's primary
//!   ENI), `eni-…`, `igw-…` (the internet behind that gateway), `"internet"` (a client at
//!   198.51.100.23; as a destination a server at 198.51.100.80), `"my_ip"` (203.0.113.10 unless
//!   `MyIp` is given), or an IPv4 address: an ENI's private address (inside the VPC), an ENI's
//!   public/Elastic IP (through the internet), or any other address (a host on the internet).
//! - `Port` (int): required for tcp/udp (0-65535); for icmp the type (default 8, echo request).
//! - `Protocol` (str, default `"tcp"`): `tcp`, `udp`, `icmp` or a protocol number 0-255.
//! - `IcmpCode` (int, default 0), `SourcePort` (int, the client's ephemeral port replies go
//!   to, default 49152), `MyIp` (str, what `my_ip` means).
//!
//! Response:
//! ```text
//! { "Allowed": bool,
//!   "Source":      {"Name": "<as given>", "Kind": "instance|network-interface|internet-gateway|internet|ip",
//!                   "Id": "i-…|eni-…|igw-…|" , "InstanceId": "i-…"?, "Ip": "10.0.1.5"},
//!   "Destination": {same shape; "Ip" is the address the packet is sent to},
//!   "Protocol": "tcp", "Port": 80, "SourcePort": 49152,
//!   "SeenSourceIp": "54.x.y.z",       # the source address the destination sees (NAT/public)
//!   "Hops": [ {"Index": 0, "Direction": "forward|return",
//!              "Kind": "instance|network-interface|security-group-egress|security-group-ingress|
//!                       network-acl-outbound|network-acl-inbound|route-table|nat-gateway|
//!                       internet-gateway|internet",
//!              "ComponentId": "sg-…|acl-…|rtb-…|igw-…|nat-…|i-…|eni-…|" ,
//!              "Verdict": "allow|deny",
//!              "Rule": "inbound tcp 22 from 0.0.0.0/0 (sgr-…)" | "100 ALLOW all 0.0.0.0/0" |
//!                      "0.0.0.0/0 -> igw-…" | "stateful: return traffic allowed" | null,
//!              "RuleId": "sgr-…" | "100" | null,
//!              "SecurityGroupIds": ["sg-…", …]?,   # security-group hops: every group on the ENI
//!              "PeerIp": "203.0.113.10"?, "Port": 22 } … ],
//!   "BlockedAt": {"Index": 3, "Kind": …, "ComponentId": …, "Direction": …,
//!                 "Reason": "security-group-ingress|network-acl-deny|network-acl-no-allow|
//!                            network-acl-return|no-route|blackhole-route|no-public-ip|
//!                            no-internet-gateway|not-a-public-subnet|instance-not-running|…",
//!                 "ExplanationCode": "ENI_SG_RULES_MISMATCH|SUBNET_ACL_RESTRICTION|…"}?,  # absent when allowed
//!   "HintEn": "…", "HintKo": "…" }                                                     # "" when allowed
//! ```
//! Hops are in path order: the forward hops up to the destination (or the blocking hop), then,
//! when the forward path passes, the return hops (stateful groups, stateless ACLs again).
//! Refusals: unknown ids (`InvalidInstanceID.NotFound`, `InvalidNetworkInterfaceID.NotFound`,
//! `InvalidInternetGatewayID.NotFound`), `InvalidParameterValue` for a bad end, protocol or
//! port, `InvalidParameterCombination` when neither end is in a VPC.
use crate::error::ApiError;
use crate::network::reachability::{self, ip_text, Endpoint, Hop, Matched, Resolved, Verdict};
use crate::network::security_groups::{Peer, SgRule};
use crate::network::{format_ip, parse_ip};
use crate::world::{Region, World};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CanConnectRequest {
    source: String,
    destination: String,
    port: Option<i64>,
    protocol: Option<String>,
    icmp_code: Option<i64>,
    source_port: Option<i64>,
    my_ip: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EndOut {
    name: String,
    kind: String,
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance_id: Option<String>,
    ip: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HopOut {
    index: usize,
    direction: &'static str,
    kind: &'static str,
    component_id: String,
    verdict: &'static str,
    rule: Option<String>,
    rule_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    security_group_ids: Option<Vec<String>>,
    #[serde(skip_serializing_if = "String::is_empty")]
    peer_ip: String,
    port: u16,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BlockedOut {
    index: usize,
    kind: &'static str,
    component_id: String,
    direction: &'static str,
    reason: &'static str,
    explanation_code: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CanConnectResponse {
    allowed: bool,
    source: EndOut,
    destination: EndOut,
    protocol: String,
    port: u16,
    source_port: u16,
    seen_source_ip: String,
    hops: Vec<HopOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    blocked_at: Option<BlockedOut>,
    hint_en: String,
    hint_ko: String,
}

/// A flow as the request asked for it: protocol number, name, and port (icmp: type << 8 | code).
pub struct Flow {
    pub protocol: u8,
    pub protocol_name: String,
    pub port: u16,
    pub source_port: Option<u16>,
}

fn bad_value(msg: String, en: &str, ko: &str) -> ApiError {
    ApiError::invalid_parameter_value(msg).hint(en, ko)
}

/// Protocol and port with their refusals (shared with network insights paths).
pub fn flow(protocol: Option<&str>, port: Option<i64>, icmp_code: Option<i64>, source_port: Option<i64>) -> Result<Flow, ApiError> {
    let name = protocol.unwrap_or("tcp").trim().to_ascii_lowercase();
    let number: u8 = match name.as_str() {
        "tcp" => 6,
        "udp" => 17,
        "icmp" => 1,
        n => n.parse::<u8>().map_err(|_| {
            bad_value(
                format!("Invalid value '{name}' for Protocol."),
                "Protocol is tcp, udp, icmp, or a protocol number 0-255.",
                "Protocol은 tcp, udp, icmp 또는 0~255의 프로토콜 번호입니다.",
            )
        })?,
    };
    let port = match number {
        6 | 17 => {
            let p = port.ok_or_else(|| {
                ApiError::missing_parameter("The request must contain the parameter Port")
                    .hint("TCP and UDP need a destination port, e.g. Port=22.", "TCP와 UDP에는 목적지 포트가 필요합니다. 예: Port=22.")
            })?;
            u16::try_from(p).map_err(|_| bad_value(format!("Invalid value '{p}' for Port."), "Ports are 0-65535.", "포트는 0~65535입니다."))?
        }
        1 => {
            let t = port.unwrap_or(8);
            let c = icmp_code.unwrap_or(0);
            if !(0..=255).contains(&t) || !(0..=255).contains(&c) {
                return Err(bad_value(
                    format!("Invalid ICMP type/code '{t}/{c}'."),
                    "ICMP type and code are 0-255 (8/0 is ping).",
                    "ICMP 유형과 코드는 0~255입니다(ping은 8/0).",
                ));
            }
            ((t as u16) << 8) | c as u16
        }
        _ => 0,
    };
    let source_port = match source_port {
        None => None,
        Some(p) => Some(
            u16::try_from(p)
                .ok()
                .filter(|p| *p >= 1)
                .ok_or_else(|| bad_value(format!("Invalid value '{p}' for SourcePort."), "SourcePort is 1-65535.", "SourcePort는 1~65535입니다."))?,
        ),
    };
    let protocol_name = match number {
        6 => "tcp".into(),
        17 => "udp".into(),
        1 => "icmp".into(),
        n => n.to_string(),
    };
    Ok(Flow { protocol: number, protocol_name, port, source_port })
}

pub fn my_ip(text: Option<&str>) -> Result<u32, ApiError> {
    match text {
        None => Ok(reachability::MY_IP),
        Some(t) => parse_ip(t.trim_end_matches("/32")).ok_or_else(|| {
            bad_value(format!("Invalid value '{t}' for MyIp."), "MyIp is an IPv4 address like 203.0.113.10.", "MyIp는 203.0.113.10 같은 IPv4 주소입니다.")
        }),
    }
}

fn end_out(name: &str, r: &Resolved, addressed_ip: u32) -> EndOut {
    let id = match (r.endpoint, r.special) {
        (_, reachability::Special::Igw(g)) => g.to_string(),
        (Endpoint::Eni(e), _) => r.instance.map(str::to_string).filter(|_| r.kind == "instance").unwrap_or_else(|| e.id.clone()),
        (Endpoint::External(_), _) => String::new(),
    };
    EndOut { name: name.to_string(), kind: r.kind.to_string(), id, instance_id: r.instance.map(str::to_string), ip: ip_text(addressed_ip) }
}

/// `inbound tcp 22 from 0.0.0.0/0 (sgr-…)`.
pub fn sg_rule_text(r: &SgRule, egress: bool) -> String {
    let dir = if egress { "outbound" } else { "inbound" };
    let way = if egress { "to" } else { "from" };
    let ports = match r.protocol {
        crate::network::security_groups::Protocol::Tcp | crate::network::security_groups::Protocol::Udp => {
            if r.from_port == r.to_port {
                format!(" {}", r.from_port)
            } else {
                format!(" {}-{}", r.from_port, r.to_port)
            }
        }
        crate::network::security_groups::Protocol::Icmp | crate::network::security_groups::Protocol::Icmpv6 => {
            format!(" type {} code {}", r.from_port, r.to_port)
        }
        _ => String::new(),
    };
    let proto = if r.protocol.number() == -1 { "all".to_string() } else { r.protocol.wire() };
    let peer = match &r.peer {
        Peer::Group(g) => format!("security group {g}"),
        p => p.describe(),
    };
    format!("{dir} {proto}{ports} {way} {peer} ({})", r.id)
}

pub fn hop_out(i: usize, h: &Hop) -> HopOut {
    let egress = matches!(h.kind, reachability::HopKind::SecurityGroupEgress);
    let (rule, rule_id) = match h.matched {
        Matched::None => (None, None),
        Matched::SgRule(_, r) => (Some(sg_rule_text(r, egress)), Some(r.id.clone())),
        Matched::Stateful => (Some("stateful: return traffic allowed".to_string()), None),
        Matched::NaclEntry(e) => {
            let n = if e.rule_number == crate::network::nacls::STAR_RULE { "*".to_string() } else { e.rule_number.to_string() };
            (Some(e.describe()), Some(n))
        }
        Matched::Route(r) => {
            let t = match &r.target {
                crate::network::RouteTarget::Local => "local".to_string(),
                crate::network::RouteTarget::InternetGateway(x)
                | crate::network::RouteTarget::NatGateway(x)
                | crate::network::RouteTarget::NetworkInterface(x) => x.clone(),
            };
            (Some(format!("{} -> {t}", r.destination)), Some(r.destination.to_string()))
        }
    };
    let sg = matches!(h.kind, reachability::HopKind::SecurityGroupEgress | reachability::HopKind::SecurityGroupIngress);
    HopOut {
        index: i,
        direction: h.direction.name(),
        kind: h.kind.name(),
        component_id: h.component.to_string(),
        verdict: if h.allowed { "allow" } else { "deny" },
        rule,
        rule_id,
        security_group_ids: if sg { h.eni.map(|e| e.groups.clone()) } else { None },
        peer_ip: ip_text(h.peer_ip),
        port: h.port,
    }
}

/// The address a packet to `dst` is sent to.
pub fn addressed_ip(region: &Region, dst: &Resolved, q: &reachability::Query) -> u32 {
    match dst.endpoint {
        Endpoint::External(ip) => ip,
        Endpoint::Eni(e) => match q.addressing {
            reachability::Addressing::Private => e.primary_ip(),
            reachability::Addressing::Public => region.network.primary_public_ip(e).unwrap_or(0),
        },
    }
}

pub fn verdict_parts(v: &Verdict) -> (Vec<HopOut>, Option<BlockedOut>, String, String) {
    let hops: Vec<HopOut> = v.hops.iter().enumerate().map(|(i, h)| hop_out(i, h)).collect();
    match &v.blocked {
        None => (hops, None, String::new(), String::new()),
        Some((i, reason)) => {
            let e = reason.explain();
            let h = v.hops.get(*i);
            let b = BlockedOut {
                index: *i,
                kind: h.map(|h| h.kind.name()).unwrap_or(""),
                component_id: h.map(|h| h.component.to_string()).unwrap_or_default(),
                direction: h.map(|h| h.direction.name()).unwrap_or("forward"),
                reason: e.reason,
                explanation_code: e.explanation_code,
            };
            (hops, Some(b), e.en, e.ko)
        }
    }
}

pub fn both_outside() -> ApiError {
    ApiError::invalid_parameter_combination("Neither the source nor the destination is in a VPC.").hint(
        "At least one end must be an instance, a network interface or one of their addresses.",
        "적어도 한쪽 끝은 인스턴스, 네트워크 인터페이스 또는 그 주소여야 합니다.",
    )
}

pub fn can_connect(w: &World, region: &str, r: CanConnectRequest) -> Result<CanConnectResponse, ApiError> {
    let reg = w.region(region)?;
    let f = flow(r.protocol.as_deref(), r.port, r.icmp_code, r.source_port)?;
    let me = my_ip(r.my_ip.as_deref())?;
    let src = reachability::resolve(reg, &r.source, true, me)?;
    let dst = reachability::resolve(reg, &r.destination, false, me)?;
    if matches!((src.endpoint, dst.endpoint), (Endpoint::External(_), Endpoint::External(_))) {
        return Err(both_outside());
    }
    let q = reachability::query(&src, &dst, f.protocol, f.port, f.source_port);
    let v = reachability::evaluate(reg, &q);
    let src_ip = match src.endpoint {
        Endpoint::Eni(e) => e.primary_ip(),
        Endpoint::External(ip) => ip,
    };
    let (hops, blocked_at, hint_en, hint_ko) = verdict_parts(&v);
    let port = if f.protocol == 1 { f.port >> 8 } else { f.port };
    Ok(CanConnectResponse {
        allowed: v.allowed,
        source: end_out(&r.source, &src, src_ip),
        destination: end_out(&r.destination, &dst, addressed_ip(reg, &dst, &q)),
        protocol: f.protocol_name,
        port,
        source_port: q.source_port,
        seen_source_ip: if v.seen_source_ip == 0 { String::new() } else { format_ip(v.seen_source_ip) },
        hops,
        blocked_at,
        hint_en,
        hint_ko,
    })
}
