//! ec2lab's load-balancing operations: what instances serve (`Serve`, `StopServing`, `Fail`) and
//! requests sent to a load balancer (`RouteRequest`, `SendTraffic`). Requests change the world
//! (round-robin cursors, stickiness, external apps' replies on the tape), so they come through
//! the door and are recorded like any call. The rules live in `src/elb` (apps, routing, select).
//!
//! # Contracts (service `ec2lab`)
//!
//! - `Serve` {InstanceId, Port, Routes?: [{Path, Method?, Status?=200, Body?="", Headers?: {k: v},
//!   DelayMs?=0}], ExternalHandle?: int, Label?: str} → {InstanceId, Port, Kind: "routes"|"external"}.
//!   No Routes and no handle: `/*` → 200 "Hello from <instance id>". The instance must exist and
//!   not be terminated.
//! - `StopServing` {InstanceId, Port?} → {InstanceId, Ports: [int]}.
//! - `Fail` {InstanceId, Port?, Mode: refuse|reset|hang|status|slow|none, Status?, DelayMs?} →
//!   {InstanceId, Ports: [int], Mode}.
//! - `RouteRequest` {LoadBalancer: name or ARN, Port?=the lowest listener port, Method?="GET",
//!   Path?="/", Query?, Host? (default the DNS name), Headers?: [[k, v]...] or {k: v}, Body?:
//!   base64, ClientIp?="198.51.100.7", ClientPort?} → {Status, Headers: [[k, v]...], Body:
//!   base64, TargetId?, TargetPort?, TargetGroupArn?, ElapsedMs, Trace: {ListenerArn, RuleArn,
//!   RulePriority ("default" | "10"), RulesEvaluated, Action, TargetGroupArn?, Selection,
//!   Network?, ElbError?}}. Refusals: `LoadBalancerNotFound`, `ListenerNotFound` (no listener on
//!   the port), `OperationNotPermitted` (gateway LB, not active yet), `ConnectionTimedOut` (the
//!   network drops the client's connection to the node: the LB's security groups, ACLs, routes),
//!   `InvalidParameterValue` (bad path/method/ip/body; a client outside an internal LB's VPC).
//! - `SendTraffic` {LoadBalancer, RequestsPerSecond, Seconds, Paths?, Port?, Method?, ClientIps?}
//!   → {Requests, ByTarget: {"i-…:8000": n}, ByStatus: {"200": n}, ByTargetGroup: {arn: n},
//!   ConnectionErrors: {code: n}, StartTime, EndTime}: requests spread evenly over each second,
//!   virtual time advancing request by request (health rounds run in between); at most
//!   1,000,000 requests per call.
use crate::elb::apps::{self, RouteSpec};
use crate::elb::http::HttpRequest;
use crate::elb::routing::{self, Incoming, Routed};
use crate::error::ApiError;
use crate::world::World;
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RouteIn {
    path: String,
    method: Option<String>,
    status: Option<i64>,
    body: Option<String>,
    headers: Option<BTreeMap<String, String>>,
    delay_ms: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ServeRequest {
    instance_id: Option<String>,
    launch_template_id: Option<String>,
    launch_template_name: Option<String>,
    port: i64,
    routes: Option<Vec<RouteIn>>,
    external_handle: Option<i64>,
    label: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServeResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    instance_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    launch_template_id: Option<String>,
    port: u16,
    kind: &'static str,
}

pub fn serve(w: &mut World, region: &str, r: ServeRequest) -> Result<ServeResponse, ApiError> {
    let routes: Vec<RouteSpec> = r
        .routes
        .unwrap_or_default()
        .into_iter()
        .map(|x| RouteSpec {
            path: x.path,
            method: x.method,
            status: x.status,
            body: x.body,
            headers: x.headers.unwrap_or_default().into_iter().collect(),
            delay_ms: x.delay_ms,
        })
        .collect();
    let external = r.external_handle.map(|h| (h, r.label.clone().unwrap_or_else(|| format!("external app {h}"))));
    if let Some(instance_id) = r.instance_id {
        if r.launch_template_id.is_some() || r.launch_template_name.is_some() {
            return Err(ApiError::invalid_parameter_combination("InstanceId and a launch template cannot be given together.").hint(
                "Serve on one running instance (InstanceId), or on every instance a launch template starts (LaunchTemplateName), not both.",
                "인스턴스 하나(InstanceId) 또는 시작 템플릿으로 시작되는 모든 인스턴스(LaunchTemplateName) 중 하나만 지정하세요.",
            ));
        }
        let (port, kind) = apps::serve(w, region, &instance_id, r.port, &routes, external)?;
        return Ok(ServeResponse { instance_id: Some(instance_id), launch_template_id: None, port, kind });
    }
    if r.launch_template_id.is_none() && r.launch_template_name.is_none() {
        return Err(ApiError::missing_parameter("The request must contain the parameter InstanceId (or LaunchTemplateName or LaunchTemplateId).").hint(
            "Say where the app runs: InstanceId='i-...', or LaunchTemplateName='...' for every instance an Auto Scaling group launches from it.",
            "앱이 실행될 곳을 지정하세요: InstanceId='i-...', 또는 Auto Scaling 그룹이 시작하는 모든 인스턴스라면 LaunchTemplateName='...'.",
        ));
    }
    let template = crate::compute::launch_templates::find(w, region, r.launch_template_id.as_deref(), r.launch_template_name.as_deref())?.id.clone();
    let (port, kind) = apps::serve_on_launch(w, region, &template, r.port, &routes, external)?;
    Ok(ServeResponse { instance_id: None, launch_template_id: Some(template), port, kind })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StopServingRequest {
    instance_id: String,
    port: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StopServingResponse {
    instance_id: String,
    ports: Vec<u16>,
}

pub fn stop_serving(w: &mut World, region: &str, r: StopServingRequest) -> Result<StopServingResponse, ApiError> {
    let ports = apps::stop_serving(w, region, &r.instance_id, r.port)?;
    Ok(StopServingResponse { instance_id: r.instance_id, ports })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct FailRequest {
    instance_id: String,
    port: Option<i64>,
    mode: String,
    status: Option<i64>,
    delay_ms: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FailResponse {
    instance_id: String,
    ports: Vec<u16>,
    mode: String,
}

pub fn fail(w: &mut World, region: &str, r: FailRequest) -> Result<FailResponse, ApiError> {
    let ports = apps::fail(w, region, &r.instance_id, r.port, &r.mode, r.status, r.delay_ms)?;
    Ok(FailResponse { instance_id: r.instance_id, ports, mode: r.mode })
}

#[derive(Deserialize)]
#[serde(untagged)]
pub enum HeadersIn {
    Pairs(Vec<(String, String)>),
    Map(BTreeMap<String, String>),
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RouteRequestRequest {
    load_balancer: String,
    port: Option<i64>,
    method: Option<String>,
    path: Option<String>,
    query: Option<String>,
    host: Option<String>,
    headers: Option<HeadersIn>,
    body: Option<String>,
    client_ip: Option<String>,
    client_port: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TraceOut {
    listener_arn: String,
    rule_arn: String,
    rule_priority: String,
    rules_evaluated: Vec<String>,
    action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_group_arn: Option<String>,
    selection: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    network: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    elb_error: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteRequestResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_group_arn: Option<String>,
    elapsed_ms: u64,
    trace: TraceOut,
}

/// The default client: 198.51.100.7 (TEST-NET-2, RFC 5737), somewhere on the internet.
pub const DEFAULT_CLIENT: &str = "198.51.100.7";

fn invalid(msg: String, en: &str, ko: &str) -> ApiError {
    ApiError::invalid_parameter_value(msg).hint(en, ko)
}

/// The load balancer's ARN, the listener port (default: the lowest) and its DNS name.
fn target_lb(w: &World, region: &str, name_or_arn: &str, port: Option<i64>) -> Result<(String, u16, String), ApiError> {
    let reg = w.region(region)?;
    let lb = routing::find_lb(reg, name_or_arn)?;
    let port = match port {
        Some(p) => u16::try_from(p)
            .ok()
            .filter(|p| *p >= 1)
            .ok_or_else(|| invalid(format!("Invalid value '{p}' for Port."), "Ports are 1-65535.", "포트는 1~65535입니다."))?,
        None => reg.elb.listeners.values().filter(|l| l.lb_arn == lb.arn).map(|l| l.port).min().ok_or_else(|| {
            ApiError::new("ListenerNotFound", format!("Load balancer '{}' has no listener.", lb.name)).hint(
                "Create a listener first (create_listener): it says which port the load balancer accepts and where requests go.",
                "먼저 리스너를 만드세요(create_listener). 리스너는 받을 포트와 요청을 보낼 곳을 정합니다.",
            )
        })?,
    };
    Ok((lb.arn.clone(), port, lb.dns_name.clone()))
}

fn check_method(m: &str) -> Result<(), ApiError> {
    if m.is_empty() || m.len() > 40 || !m.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'_') {
        return Err(invalid(
            format!("Invalid value '{m}' for Method."),
            "Methods are words like GET, POST or DELETE.",
            "메서드는 GET, POST, DELETE 같은 단어입니다.",
        ));
    }
    Ok(())
}

fn client_ip(text: Option<&str>) -> Result<u32, ApiError> {
    let t = text.unwrap_or(DEFAULT_CLIENT);
    crate::network::parse_ip(t).ok_or_else(|| {
        invalid(format!("Invalid value '{t}' for ClientIp."), "ClientIp is an IPv4 address like 198.51.100.7.", "ClientIp는 198.51.100.7 같은 IPv4 주소입니다.")
    })
}

/// A client port for a request that names none: varied per request (as a real client's
/// ephemeral ports are), in 49152-65535.
fn default_client_port(w: &World, region: &str) -> u16 {
    let n = w.regions.get(region).map_or(0, |r| r.elb.traffic.requests);
    49152 + (n % 16384) as u16
}

fn trace_out(r: &Routed) -> TraceOut {
    let t = &r.trace;
    TraceOut {
        listener_arn: t.listener_arn.clone(),
        rule_arn: t.rule_arn.clone(),
        rule_priority: t.rule_priority.map_or("default".to_string(), |p| p.to_string()),
        rules_evaluated: t.rules_evaluated.clone(),
        action: t.action.clone(),
        target_group_arn: t.target_group_arn.clone(),
        selection: t.selection.clone(),
        network: t.network.clone(),
        elb_error: t.elb_error.clone(),
    }
}

pub fn route_request(w: &mut World, region: &str, r: RouteRequestRequest) -> Result<RouteRequestResponse, ApiError> {
    let (arn, port, dns) = target_lb(w, region, &r.load_balancer, r.port)?;
    let method = r.method.unwrap_or_else(|| "GET".into());
    check_method(&method)?;
    let raw = r.path.unwrap_or_else(|| "/".into());
    let (path, q) = match raw.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (raw.clone(), String::new()),
    };
    if !path.starts_with('/') || path.len() > 8192 || path.bytes().any(|b| b.is_ascii_control() || b == b' ') {
        return Err(invalid(
            format!("Invalid value '{raw}' for Path."),
            "A path starts with '/' and has no spaces, e.g. /books/1.",
            "경로는 '/'로 시작하고 공백이 없어야 합니다. 예: /books/1.",
        ));
    }
    let query = r.query.unwrap_or(q);
    let mut headers: Vec<(String, String)> = match r.headers {
        None => vec![],
        Some(HeadersIn::Pairs(p)) => p,
        Some(HeadersIn::Map(m)) => m.into_iter().collect(),
    };
    if headers.iter().any(|(k, v)| k.is_empty() || k.bytes().any(|b| b <= b' ' || b == b':') || v.bytes().any(|b| b == b'\r' || b == b'\n')) {
        return Err(invalid(
            "Invalid header in Headers.".into(),
            "Header names are tokens without spaces or ':'; values have no line breaks.",
            "헤더 이름에는 공백이나 ':'가 없고, 값에는 줄바꿈이 없어야 합니다.",
        ));
    }
    match (r.host, headers.iter().position(|(k, _)| k.eq_ignore_ascii_case("host"))) {
        (Some(h), Some(i)) => headers[i].1 = h,
        (Some(h), None) => headers.insert(0, ("Host".into(), h)),
        (None, Some(_)) => {}
        (None, None) => headers.insert(0, ("Host".into(), dns)),
    }
    let body = match r.body {
        None => vec![],
        Some(b) => base64::engine::general_purpose::STANDARD
            .decode(b.as_bytes())
            .map_err(|_| invalid("Invalid value for Body: it must be base64.".into(), "Send the body base64-encoded.", "본문은 base64로 인코딩해 보내세요."))?,
    };
    let client_port = match r.client_port {
        Some(p) => u16::try_from(p)
            .ok()
            .filter(|p| *p >= 1)
            .ok_or_else(|| invalid(format!("Invalid value '{p}' for ClientPort."), "ClientPort is 1-65535.", "ClientPort는 1~65535입니다."))?,
        None => default_client_port(w, region),
    };
    let request = HttpRequest { method, path, query, headers, body, client_ip: client_ip(r.client_ip.as_deref())?, client_port };
    let routed = routing::route(w, region, Incoming { lb_arn: arn, port, request })?;
    Ok(RouteRequestResponse {
        status: routed.response.status,
        headers: routed.response.headers.clone(),
        body: base64::engine::general_purpose::STANDARD.encode(&routed.response.body),
        target_id: routed.target.as_ref().map(|k| k.id.clone()),
        target_port: routed.target.as_ref().map(|k| k.port),
        target_group_arn: routed.target_group_arn.clone(),
        elapsed_ms: routed.elapsed_ms,
        trace: trace_out(&routed),
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SendTrafficRequest {
    load_balancer: String,
    requests_per_second: i64,
    seconds: i64,
    paths: Option<Vec<String>>,
    port: Option<i64>,
    method: Option<String>,
    client_ips: Option<Vec<String>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendTrafficResponse {
    requests: u64,
    by_target: BTreeMap<String, u64>,
    by_status: BTreeMap<String, u64>,
    by_target_group: BTreeMap<String, u64>,
    connection_errors: BTreeMap<String, u64>,
    start_time: crate::api::Timestamp,
    end_time: crate::api::Timestamp,
}

/// Most requests one `SendTraffic` call may send.
pub const MAX_REQUESTS: i64 = 1_000_000;

pub fn send_traffic(w: &mut World, region: &str, r: SendTrafficRequest) -> Result<SendTrafficResponse, ApiError> {
    let (arn, port, dns) = target_lb(w, region, &r.load_balancer, r.port)?;
    if r.requests_per_second < 1 || r.seconds < 1 || r.requests_per_second.saturating_mul(r.seconds) > MAX_REQUESTS {
        return Err(invalid(
            format!(
                "Invalid traffic: {} requests per second for {} seconds (each at least 1, at most {MAX_REQUESTS} requests in all).",
                r.requests_per_second, r.seconds
            ),
            "Send at least one request per second for at least one second, and at most 1,000,000 requests per call (call again for more).",
            "초당 1개 이상, 1초 이상 보내고, 한 번에 최대 1,000,000개까지 보낼 수 있습니다(더 필요하면 다시 호출하세요).",
        ));
    }
    let method = r.method.unwrap_or_else(|| "GET".into());
    check_method(&method)?;
    let paths = r.paths.filter(|p| !p.is_empty()).unwrap_or_else(|| vec!["/".into()]);
    for p in &paths {
        if !p.starts_with('/') || p.bytes().any(|b| b.is_ascii_control() || b == b' ') {
            return Err(invalid(
                format!("Invalid path '{p}' in Paths."),
                "Each path starts with '/', e.g. /books/1.",
                "각 경로는 '/'로 시작해야 합니다. 예: /books/1.",
            ));
        }
    }
    let clients: Vec<u32> = match &r.client_ips {
        Some(ips) if !ips.is_empty() => ips.iter().map(|ip| client_ip(Some(ip))).collect::<Result<_, _>>()?,
        _ => vec![client_ip(None)?],
    };
    // Everything a request needs is there before time moves: refused calls change nothing.
    {
        let reg = w.region(region)?;
        let lb = &reg.elb.load_balancers[&arn];
        if lb.kind == crate::elb::LbType::Gateway
            || lb.state != crate::elb::LbState::Active
            || !reg.elb.listeners.values().any(|l| l.lb_arn == arn && l.port == port)
        {
            let req = HttpRequest { method: method.clone(), path: "/".into(), client_ip: clients[0], client_port: 1024, ..Default::default() };
            // route() refuses with the reason and changes nothing when refusing.
            routing::route(&mut w.clone(), region, Incoming { lb_arn: arn.clone(), port, request: req })?;
        }
    }
    let start = w.now();
    let rps = r.requests_per_second as u64;
    let mut out = SendTrafficResponse {
        requests: 0,
        by_target: BTreeMap::new(),
        by_status: BTreeMap::new(),
        by_target_group: BTreeMap::new(),
        connection_errors: BTreeMap::new(),
        start_time: crate::api::Timestamp(start),
        end_time: crate::api::Timestamp(start),
    };
    // Requests in flight (least outstanding requests): (ends at, group, target).
    let mut inflight: std::collections::BinaryHeap<std::cmp::Reverse<(u64, String, crate::elb::TargetKey)>> = Default::default();
    let mut n: u64 = 0;
    for s in 0..r.seconds as u64 {
        for i in 0..rps {
            let t = start + s * 1000 + i * 1000 / rps;
            w.advance_to(t);
            while let Some(std::cmp::Reverse((end, _, _))) = inflight.peek() {
                if *end > t {
                    break;
                }
                let std::cmp::Reverse((_, g, k)) = inflight.pop().expect("peeked");
                if let Some(x) = w.regions.get_mut(region).and_then(|reg| reg.elb.target_groups.get_mut(&g)).and_then(|tg| tg.targets.get_mut(&k)) {
                    x.outstanding = x.outstanding.saturating_sub(1);
                }
            }
            let path = &paths[(n % paths.len() as u64) as usize];
            let (p, q) = path.split_once('?').unwrap_or((path, ""));
            let request = HttpRequest {
                method: method.clone(),
                path: p.to_string(),
                query: q.to_string(),
                headers: vec![("Host".into(), dns.clone())],
                body: vec![],
                client_ip: clients[(n % clients.len() as u64) as usize],
                client_port: 1024 + (n % 64000) as u16,
            };
            n += 1;
            out.requests += 1;
            match routing::route_untraced(w, region, Incoming { lb_arn: arn.clone(), port, request }) {
                Ok(routed) => {
                    *out.by_status.entry(routed.response.status.to_string()).or_default() += 1;
                    if let Some(g) = &routed.target_group_arn {
                        *out.by_target_group.entry(g.clone()).or_default() += 1;
                    }
                    if let (Some(k), Some(g)) = (routed.target, routed.target_group_arn) {
                        *out.by_target.entry(format!("{}:{}", k.id, k.port)).or_default() += 1;
                        if let Some(x) = w.regions.get_mut(region).and_then(|reg| reg.elb.target_groups.get_mut(&g)).and_then(|tg| tg.targets.get_mut(&k)) {
                            x.outstanding += 1;
                            inflight.push(std::cmp::Reverse((t + routed.elapsed_ms.max(1), g, k)));
                        }
                    }
                }
                Err(e) => *out.connection_errors.entry(e.code).or_default() += 1,
            }
        }
    }
    let end = start + r.seconds as u64 * 1000;
    w.advance_to(end);
    // What is still in flight when the traffic stops finishes off the books.
    for std::cmp::Reverse((_, g, k)) in inflight {
        if let Some(x) = w.regions.get_mut(region).and_then(|reg| reg.elb.target_groups.get_mut(&g)).and_then(|tg| tg.targets.get_mut(&k)) {
            x.outstanding = x.outstanding.saturating_sub(1);
        }
    }
    out.end_time = crate::api::Timestamp(end);
    Ok(out)
}
