//! Network insights (Reachability Analyzer's API): saved paths, and analyses that run the same
//! evaluation as `CanConnect`. An analysis looks at the network as it is when it starts and
//! reports `running` until a seeded delay has passed in virtual time (AWS publishes no duration;
//! 5-30 s is a plausible, seeded value), then `succeeded`.
use super::{evaluate, query, resolve, Direction, Endpoint, Hop, HopKind, Matched, Resolved, MY_IP};
use crate::error::ApiError;
use crate::network::nacls::NaclEntry;
use crate::network::route_table::RouteTarget;
use crate::network::security_groups::{Peer, SgRule};
use crate::network::{format_ip, parse_ip};
use crate::sim::{IdGen, Millis};
use crate::world::World;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsightsPath {
    pub id: String,
    pub created: Millis,
    pub source: String,
    pub destination: Option<String>,
    pub source_ip: Option<String>,
    pub destination_ip: Option<String>,
    /// `tcp` or `udp`.
    pub protocol: String,
    pub destination_port: Option<u16>,
}

/// One component of an analysed path, owned (the network may change after the analysis).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathStep {
    pub kind: HopKind,
    pub component: String,
    pub allowed: bool,
    pub sg_rule: Option<(String, SgRule, bool)>,
    pub acl_rule: Option<NaclEntry>,
    pub route: Option<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    pub id: String,
    pub path_id: String,
    pub started: Millis,
    pub done_at: Millis,
    pub found: bool,
    pub forward: Vec<PathStep>,
    pub ret: Vec<PathStep>,
    /// `(explanation code, blocking component kind, component id, direction ingress/egress)`.
    pub explanation: Option<(String, HopKind, String, &'static str)>,
}

impl Analysis {
    pub fn status(&self, now: Millis) -> &'static str {
        if now >= self.done_at {
            "succeeded"
        } else {
            "running"
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Insights {
    pub paths: BTreeMap<String, InsightsPath>,
    pub analyses: BTreeMap<String, Analysis>,
}

pub fn path_not_found(id: &str) -> ApiError {
    ApiError::new("InvalidNetworkInsightsPathId.NotFound", format!("The NetworkInsightsPath ID '{id}' does not exist")).hint(
        "Check the path id (nip-...); describe_network_insights_paths() lists them.",
        "경로 ID(nip-...)를 확인하세요. describe_network_insights_paths()로 목록을 볼 수 있습니다.",
    )
}

pub fn analysis_not_found(id: &str) -> ApiError {
    ApiError::new("InvalidNetworkInsightsAnalysisId.NotFound", format!("The NetworkInsightsAnalysis ID '{id}' does not exist")).hint(
        "Check the analysis id (nia-...); describe_network_insights_analyses() lists them.",
        "분석 ID(nia-...)를 확인하세요. describe_network_insights_analyses()로 목록을 볼 수 있습니다.",
    )
}

/// What CreateNetworkInsightsPath asks for.
pub struct NewPath<'a> {
    pub source: &'a str,
    pub destination: Option<&'a str>,
    pub source_ip: Option<&'a str>,
    pub destination_ip: Option<&'a str>,
    pub protocol: &'a str,
    pub destination_port: Option<i64>,
}

fn bad(msg: String, en: &str, ko: &str) -> ApiError {
    ApiError::invalid_parameter_value(msg).hint(en, ko)
}

/// CreateNetworkInsightsPath: the source is a resource (instance, ENI, internet gateway), the
/// destination a resource or an address; protocol tcp or udp.
pub fn create_path(w: &mut World, region: &str, p: &NewPath) -> Result<String, ApiError> {
    let reg = w.region(region)?;
    let protocol = p.protocol.to_ascii_lowercase();
    if protocol != "tcp" && protocol != "udp" {
        return Err(bad(format!("Value ({}) for parameter Protocol is invalid.", p.protocol), "Protocol is tcp or udp.", "Protocol은 tcp 또는 udp입니다."));
    }
    let resource = |s: &str| s.starts_with("i-") || s.starts_with("eni-") || s.starts_with("igw-");
    if !resource(p.source) {
        return Err(bad(
            format!("Value ({}) for parameter Source is invalid. The source must be an instance, a network interface or an internet gateway.", p.source),
            "Source is a resource id (i-…, eni-…, igw-…); an address goes in SourceIp.",
            "Source는 리소스 ID(i-…, eni-…, igw-…)입니다. 주소는 SourceIp에 넣으세요.",
        ));
    }
    resolve(reg, p.source, true, MY_IP)?;
    match (p.destination, p.destination_ip) {
        (Some(d), _) if !resource(d) => {
            return Err(bad(
                format!("Value ({d}) for parameter Destination is invalid."),
                "Destination is a resource id (i-…, eni-…, igw-…); an address goes in DestinationIp.",
                "Destination은 리소스 ID입니다. 주소는 DestinationIp에 넣으세요.",
            ))
        }
        (Some(d), _) => {
            resolve(reg, d, false, MY_IP)?;
        }
        (None, None) => {
            return Err(ApiError::missing_parameter("The request must contain the parameter Destination or DestinationIp").hint(
                "Say where the traffic goes: Destination (a resource id) or DestinationIp.",
                "트래픽의 목적지를 주세요: Destination(리소스 ID) 또는 DestinationIp.",
            ))
        }
        (None, Some(_)) => {}
    }
    for ip in [p.source_ip, p.destination_ip].into_iter().flatten() {
        if parse_ip(ip).is_none() {
            return Err(bad(
                format!("Value ({ip}) for parameter ip address is invalid."),
                "Give an IPv4 address like 203.0.113.10.",
                "203.0.113.10 같은 IPv4 주소를 주세요.",
            ));
        }
    }
    let port = match p.destination_port {
        None => None,
        Some(n) => Some(
            u16::try_from(n)
                .map_err(|_| bad(format!("Value ({n}) for parameter DestinationPort is invalid."), "Ports are 0-65535.", "포트는 0~65535입니다."))?,
        ),
    };
    let id = IdGen::new_id(&mut w.rng, "nip");
    let now = w.now();
    let path = InsightsPath {
        id: id.clone(),
        created: now,
        source: p.source.to_string(),
        destination: p.destination.map(str::to_string),
        source_ip: p.source_ip.map(str::to_string),
        destination_ip: p.destination_ip.map(str::to_string),
        protocol,
        destination_port: port,
    };
    w.region_mut(region)?.network.insights.paths.insert(id.clone(), path);
    Ok(id)
}

pub fn delete_path(w: &mut World, region: &str, id: &str) -> Result<(), ApiError> {
    let net = &mut w.region_mut(region)?.network;
    if net.insights.paths.remove(id).is_none() {
        return Err(path_not_found(id));
    }
    net.insights.analyses.retain(|_, a| a.path_id != id);
    Ok(())
}

fn step(h: &Hop) -> PathStep {
    let egress = matches!(h.kind, HopKind::SecurityGroupEgress);
    let route = match h.matched {
        Matched::Route(r) => Some((
            r.destination.to_string(),
            match &r.target {
                RouteTarget::Local => "local".to_string(),
                RouteTarget::InternetGateway(x) | RouteTarget::NatGateway(x) | RouteTarget::NetworkInterface(x) => x.clone(),
            },
        )),
        _ => None,
    };
    PathStep {
        kind: h.kind,
        component: h.component.to_string(),
        allowed: h.allowed,
        sg_rule: match h.matched {
            Matched::SgRule(g, r) => Some((g.to_string(), r.clone(), egress)),
            _ => None,
        },
        acl_rule: match h.matched {
            Matched::NaclEntry(e) => Some(e.clone()),
            _ => None,
        },
        route,
    }
}

/// StartNetworkInsightsAnalysis: evaluates the path now; the answer shows once the analysis is done.
pub fn start_analysis(w: &mut World, region: &str, path_id: &str) -> Result<String, ApiError> {
    let reg = w.region(region)?;
    let path = reg.network.insights.paths.get(path_id).ok_or_else(|| path_not_found(path_id))?.clone();
    let src: Resolved = resolve(reg, &path.source, true, MY_IP)?;
    let mut src = src;
    if let (Some(ip), Endpoint::External(_)) = (&path.source_ip, src.endpoint) {
        src.endpoint = Endpoint::External(parse_ip(ip).unwrap_or(super::INTERNET_CLIENT));
    }
    let dst = match (&path.destination, &path.destination_ip) {
        (Some(d), _) => resolve(reg, d, false, MY_IP)?,
        (None, Some(ip)) => resolve(reg, ip, false, MY_IP)?,
        (None, None) => return Err(path_not_found(path_id)),
    };
    let protocol = if path.protocol == "udp" { 17 } else { 6 };
    let q = query(&src, &dst, protocol, path.destination_port.unwrap_or(0), None);
    let v = evaluate(reg, &q);
    let forward = v.hops.iter().filter(|h| h.direction == Direction::Forward).map(step).collect();
    let ret = v.hops.iter().filter(|h| h.direction == Direction::Return).map(step).collect();
    let explanation = v.blocked.as_ref().map(|(i, reason)| {
        let h = &v.hops[*i];
        let dir = match h.kind {
            HopKind::SecurityGroupEgress | HopKind::NetworkAclOutbound => "egress",
            _ => "ingress",
        };
        (reason.explain().explanation_code.to_string(), h.kind, h.component.to_string(), dir)
    });
    let found = v.allowed;
    let id = IdGen::new_id(&mut w.rng, "nia");
    let delay = w.rng.duration_ms(5.0, 30.0);
    let now = w.now();
    let a = Analysis { id: id.clone(), path_id: path_id.to_string(), started: now, done_at: now + delay, found, forward, ret, explanation };
    w.region_mut(region)?.network.insights.analyses.insert(id.clone(), a);
    Ok(id)
}

/// `inbound tcp 22 from 0.0.0.0/0`: an SG rule's CIDR or group for the analysis shapes.
pub fn sg_peer(r: &SgRule) -> (Option<String>, Option<String>) {
    match &r.peer {
        Peer::Ipv4(c) => (Some(c.to_string()), None),
        Peer::Ipv6(c) => (Some(c.to_string()), None),
        Peer::PrefixList(p) => (None, Some(p.clone())),
        Peer::Group(_) => (None, None),
    }
}

pub fn ip_or_none(ip: u32) -> Option<String> {
    (ip != 0).then(|| format_ip(ip))
}
