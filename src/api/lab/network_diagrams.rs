//! `VpcDiagram` and `ReachabilityDiagram`: the network pictures the notebooks show, drawn by the
//! core (`network::topology`) from the model and from `CanConnect`'s answer.
//!
//! - `VpcDiagram {VpcId, Language?}` → `{Svg}`: AZs, public/private subnets (public = a route to
//!   an internet gateway), the IGW, NAT gateways, instances with addresses and security groups.
//! - `ReachabilityDiagram {Source, Destination, Port?, Protocol?, IcmpCode?, SourcePort?, MyIp?,
//!   Language?}` → `{Svg, Allowed}`: the `CanConnect` path, the blocking hop marked.
use super::reachability;
use crate::error::ApiError;
use crate::network::topology::{self, PathHop, PathView};
use crate::world::World;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct VpcDiagramRequest {
    vpc_id: String,
    language: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcDiagramResponse {
    svg: String,
}

fn language(l: Option<&str>) -> &'static str {
    if l == Some("ko") {
        "ko"
    } else {
        "en"
    }
}

pub fn vpc_diagram(w: &World, region: &str, r: VpcDiagramRequest) -> Result<VpcDiagramResponse, ApiError> {
    let reg = w.region(region)?;
    crate::network::vpc::vpc(&reg.network, &r.vpc_id)?;
    let svg = topology::vpc_svg(reg, &r.vpc_id, language(r.language.as_deref())).ok_or_else(|| crate::network::errors::vpc_not_found(&r.vpc_id))?;
    Ok(VpcDiagramResponse { svg })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ReachabilityDiagramRequest {
    source: String,
    destination: String,
    port: Option<i64>,
    protocol: Option<String>,
    icmp_code: Option<i64>,
    source_port: Option<i64>,
    my_ip: Option<String>,
    language: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReachabilityDiagramResponse {
    svg: String,
    allowed: bool,
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().to_string()
}

/// The picture of `CanConnect`'s answer (the same evaluation, asked through its own handler).
pub fn reachability_diagram(w: &mut World, region: &str, r: ReachabilityDiagramRequest) -> Result<ReachabilityDiagramResponse, ApiError> {
    let lang = language(r.language.as_deref());
    let mut ask = json!({"Source": r.source, "Destination": r.destination});
    for (k, v) in [
        ("Port", r.port.map(Value::from)),
        ("Protocol", r.protocol.map(Value::from)),
        ("IcmpCode", r.icmp_code.map(Value::from)),
        ("SourcePort", r.source_port.map(Value::from)),
        ("MyIp", r.my_ip.map(Value::from)),
    ] {
        if let Some(v) = v {
            ask[k] = v;
        }
    }
    let request: reachability::CanConnectRequest = crate::api::parse(ask)?;
    let answer = serde_json::to_value(reachability::can_connect(w, region, request)?).unwrap_or(Value::Null);
    let allowed = answer.get("Allowed").and_then(Value::as_bool).unwrap_or(false);
    let hops = answer
        .get("Hops")
        .and_then(Value::as_array)
        .map(|hs| {
            hs.iter()
                .map(|h| PathHop {
                    direction: text(h, "Direction"),
                    kind: text(h, "Kind"),
                    component: text(h, "ComponentId"),
                    allowed: text(h, "Verdict") == "allow",
                    rule: h.get("Rule").and_then(Value::as_str).map(str::to_string),
                })
                .collect()
        })
        .unwrap_or_default();
    let blocked = answer.get("BlockedAt");
    let view = PathView {
        source: text(&answer["Source"], "Name"),
        destination: text(&answer["Destination"], "Name"),
        protocol: text(&answer, "Protocol"),
        port: answer.get("Port").and_then(Value::as_i64),
        allowed,
        hops,
        blocked_index: blocked.and_then(|b| b.get("Index")).and_then(Value::as_u64).map(|i| i as usize),
        reason: blocked.map(|b| format!("{} ({})", text(b, "Reason"), text(b, "ComponentId"))),
        hint: text(&answer, if lang == "ko" { "HintKo" } else { "HintEn" }),
    };
    Ok(ReachabilityDiagramResponse { svg: topology::path_svg(&view, lang), allowed })
}
