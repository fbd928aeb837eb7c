//! What an instance serves on a port: a declarative route table (evaluated here, in the core,
//! deterministically), or an external app (a Python callable or a real upstream HTTP server)
//! reached through a handle the binding registers. Faults let students break a server on
//! purpose. A stopped or terminated instance serves nothing.
use super::http::{HttpRequest, HttpResponse};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// One line of a declarative app: requests whose path matches `path` (`*` and `?` wildcards,
/// case-sensitive) and, if given, whose method is `method`, get this answer after `delay_ms`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppRoute {
    pub path: String,
    pub method: Option<String>,
    pub status: u16,
    pub body: String,
    pub headers: Vec<(String, String)>,
    pub delay_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum App {
    /// First matching route answers; no match is a 404.
    Routes(Vec<AppRoute>),
    /// A handle registered by the binding; `label` says what it is (for traces and Debug).
    External { handle: u64, label: String },
}

/// A deliberate breakage (`instance.fail(...)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Nothing listens: connection refused.
    Refuse,
    /// The connection is reset mid-request.
    Reset,
    /// Accepts and never answers.
    Hang,
    /// Every request gets this status.
    Status(u16),
    /// Every answer comes this much later.
    Slow(u64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    pub app: App,
    pub fault: Option<Fault>,
}

/// What an app did with one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppReply {
    /// An HTTP answer after `elapsed_ms`.
    Response {
        response: HttpResponse,
        elapsed_ms: u64,
    },
    Refused,
    Reset,
    /// No answer (within any timeout).
    NoAnswer,
    /// The response could not be parsed as HTTP.
    Malformed,
}

/// An app that lives outside the core (a Python callable, a real upstream server).
pub trait ExternalApp: Send + Sync {
    fn call(&self, request: &HttpRequest, timeout_ms: u64) -> AppReply;
}

/// External apps by handle, and the tape of their replies: recorded while live, played back
/// when a recording is replayed without the apps (so replay reaches the same world).
#[derive(Clone, Default)]
pub struct Externals {
    pub apps: BTreeMap<u64, Arc<dyn ExternalApp>>,
    pub next_handle: u64,
    /// Replies given so far, in call order (saved with a recording).
    pub tape: Vec<AppReply>,
    /// When replaying: the saved replies, consumed from `replay_pos`.
    pub replay: Option<Vec<AppReply>>,
    pub replay_pos: usize,
    /// Health check verdicts whose inputs have not changed (`elb::health`): a shortcut, not state.
    pub check_cache: super::health::CheckCache,
}

impl fmt::Debug for Externals {
    // Nothing: the world's Debug text is digested, and a replay has no apps (only their tape).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Externals")
    }
}

/// What happened to one request sent from a load balancer node to a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub reply: AppReply,
    /// When the network dropped it: the reachability explanation (which hop, which rule).
    pub blocked: Option<String>,
}

/// Network latency of one hop between a node and a target, virtual milliseconds (AWS publishes
/// none: a plausible fixed figure, 1 ms in the same AZ, 2 ms across AZs; no draw, so health
/// checks and requests never consume the world's random numbers).
pub const HOP_MS_SAME_AZ: u64 = 1;
pub const HOP_MS_CROSS_AZ: u64 = 2;

/// Sends `request` from the node ENI `node_eni` to a target (instance id or IP, port): the
/// instance must be running (else refused: its OS does not answer), then the network check
/// (`network::reachability::evaluate`, TCP to the target port, private addressing; a blocked
/// flow is silently dropped, so the node sees no answer), then the app on that port, honouring
/// faults; nothing listening is refused. An answer slower than `timeout_ms` is `NoAnswer`.
/// Used by health checks and routing alike.
pub fn deliver(w: &mut crate::world::World, region: &str, node_eni: &str, target: &super::TargetKey, request: &HttpRequest, timeout_ms: u64) -> Delivery {
    let plain = |reply| Delivery { reply, blocked: None };
    let Some(reg) = w.regions.get(region) else { return plain(AppReply::Refused) };
    let Some(node) = reg.network.enis.get(node_eni) else { return plain(AppReply::NoAnswer) };
    // The target's ENI and the instance behind it (if any).
    let (eni, instance_id) = if target.id.starts_with("i-") {
        let Some(inst) = reg.compute.instances.get(&target.id) else { return plain(AppReply::Refused) };
        if inst.state != crate::compute::InstanceState::Running || inst.rebooting_until.is_some_and(|t| t > w.clock.now()) {
            return plain(AppReply::Refused);
        }
        let Some(eni) = inst.network.as_ref().and_then(|n| reg.network.enis.get(&n.eni_id)) else { return plain(AppReply::Refused) };
        (eni, Some(inst.id.clone()))
    } else {
        // An IP target: whatever interface holds the address; no host there means no answer.
        let Some(ip) = crate::network::parse_ip(&target.id) else { return plain(AppReply::NoAnswer) };
        let Some(eni) = crate::network::reachability::eni_by_private_ip(&reg.network, ip) else { return plain(AppReply::NoAnswer) };
        let inst = eni.instance_id().and_then(|i| reg.compute.instances.get(i));
        match inst {
            Some(i) if i.state == crate::compute::InstanceState::Running && i.rebooting_until.is_none_or(|t| t <= w.clock.now()) => (eni, Some(i.id.clone())),
            Some(_) => return plain(AppReply::Refused),
            None => (eni, None),
        }
    };
    let q = crate::network::reachability::Query {
        source: crate::network::reachability::Endpoint::Eni(node),
        destination: crate::network::reachability::Endpoint::Eni(eni),
        addressing: crate::network::reachability::Addressing::Private,
        protocol: 6,
        port: target.port,
        source_port: crate::network::reachability::DEFAULT_EPHEMERAL_PORT,
        via_igw: None,
    };
    let v = crate::network::reachability::evaluate(reg, &q);
    if !v.allowed {
        return Delivery { reply: AppReply::NoAnswer, blocked: Some(blocked_text(&v)) };
    }
    let hop = if node.az == eni.az { HOP_MS_SAME_AZ } else { HOP_MS_CROSS_AZ };
    let Some(instance_id) = instance_id else { return plain(AppReply::Refused) };
    let Some(served) = reg.elb.apps.get(&(instance_id, target.port)) else { return plain(AppReply::Refused) };
    let extra = match served.fault {
        Some(Fault::Refuse) => return plain(AppReply::Refused),
        Some(Fault::Reset) => return plain(AppReply::Reset),
        Some(Fault::Hang) => return plain(AppReply::NoAnswer),
        Some(Fault::Status(status)) => {
            return plain(within(HttpResponse { status, headers: vec![("Content-Type".into(), "text/plain".into())], body: Vec::new() }, 2 * hop, timeout_ms))
        }
        Some(Fault::Slow(ms)) => ms,
        None => 0,
    };
    let handle = match &served.app {
        App::Routes(routes) => {
            let route = routes.iter().find(|r| route_matches(r, request));
            let delay = route.map_or(0, |r| r.delay_ms);
            return plain(within(route_answer(route), 2 * hop + delay + extra, timeout_ms));
        }
        App::External { handle, .. } => *handle,
    };
    let reply = match call_external(&mut w.externals, handle, request, timeout_ms.saturating_sub(2 * hop + extra)) {
        AppReply::Response { response, elapsed_ms } => within(response, elapsed_ms + 2 * hop + extra, timeout_ms),
        other => other,
    };
    plain(reply)
}

/// Longest delay a route or a `slow` fault may add: one hour of virtual time.
pub const MAX_DELAY_MS: u64 = 3_600_000;

fn bad(msg: String, en: String, ko: String) -> crate::error::ApiError {
    crate::error::ApiError::invalid_parameter_value(msg).hint(en, ko)
}

fn check_port(port: i64) -> Result<u16, crate::error::ApiError> {
    u16::try_from(port).ok().filter(|p| *p >= 1).ok_or_else(|| {
        bad(
            format!("Invalid value '{port}' for Port: it must be 1-65535."),
            "A server listens on a TCP port 1-65535.".into(),
            "서버는 1~65535 TCP 포트에서 대기합니다.".into(),
        )
    })
}

fn check_status(status: i64) -> Result<u16, crate::error::ApiError> {
    u16::try_from(status).ok().filter(|s| (100..=599).contains(s)).ok_or_else(|| {
        bad(
            format!("Invalid HTTP status code '{status}': it must be 100-599."),
            "HTTP status codes are 100-599 (200 OK, 404, 500...).".into(),
            "HTTP 상태 코드는 100~599입니다(200 OK, 404, 500 등).".into(),
        )
    })
}

fn check_delay(ms: i64) -> Result<u64, crate::error::ApiError> {
    u64::try_from(ms).ok().filter(|d| *d <= MAX_DELAY_MS).ok_or_else(|| {
        bad(
            format!("Invalid delay '{ms}' ms: it must be 0-{MAX_DELAY_MS}."),
            "A delay is 0 ms to one hour of virtual time.".into(),
            "지연은 0ms부터 가상 시간 1시간까지입니다.".into(),
        )
    })
}

/// One route as `Serve` gives it (validated by [`check_route`]).
#[derive(Debug, Clone, Default)]
pub struct RouteSpec {
    pub path: String,
    pub method: Option<String>,
    pub status: Option<i64>,
    pub body: Option<String>,
    pub headers: Vec<(String, String)>,
    pub delay_ms: Option<i64>,
}

pub fn check_route(r: &RouteSpec) -> Result<AppRoute, crate::error::ApiError> {
    if !(r.path.starts_with('/') || r.path.starts_with('*')) || r.path.len() > 1024 {
        return Err(bad(
            format!("Invalid route path '{}': it must start with '/' (wildcards * and ? allowed) and be at most 1024 characters.", r.path),
            "Give paths like '/', '/books/*' or '/api/v?/items'.".into(),
            "경로는 '/', '/books/*', '/api/v?/items'처럼 '/'로 시작해야 합니다.".into(),
        ));
    }
    if let Some(m) = &r.method {
        if m.is_empty() || m.len() > 40 || !m.bytes().all(|b| b.is_ascii_uppercase() || b == b'-' || b == b'_') {
            return Err(bad(
                format!("Invalid route method '{m}'."),
                "Methods are upper-case words like GET or POST.".into(),
                "메서드는 GET, POST 같은 대문자 단어입니다.".into(),
            ));
        }
    }
    for (k, _) in &r.headers {
        if k.is_empty() || !k.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b)) {
            return Err(bad(
                format!("Invalid header name '{k}'."),
                "Header names are letters, digits and '-'.".into(),
                "헤더 이름은 문자, 숫자, '-'로 이루어집니다.".into(),
            ));
        }
    }
    Ok(AppRoute {
        path: r.path.clone(),
        method: r.method.clone(),
        status: check_status(r.status.unwrap_or(200))?,
        body: r.body.clone().unwrap_or_default(),
        headers: r.headers.clone(),
        delay_ms: check_delay(r.delay_ms.unwrap_or(0))?,
    })
}

/// The instance a server runs on: it must exist and not be terminated (a stopped one may be
/// given an app; it answers once running).
fn serving_instance(w: &crate::world::World, region: &str, id: &str) -> Result<(), crate::error::ApiError> {
    let inst = crate::compute::instance(w, region, id)?;
    if inst.state == crate::compute::InstanceState::Terminated {
        return Err(crate::error::ApiError::new("IncorrectInstanceState", format!("The instance '{id}' is terminated: it cannot serve anything.")).hint(
            "A terminated instance is gone for good. Launch a new instance and serve the app there.",
            "종료된(terminated) 인스턴스는 되살릴 수 없습니다. 새 인스턴스를 시작해 그곳에서 앱을 실행하세요.",
        ));
    }
    Ok(())
}

/// `Serve`: the app an instance serves on a port (replacing any, and clearing its fault).
/// `routes` empty and no handle: the default app. Both: refused.
pub fn serve(
    w: &mut crate::world::World,
    region: &str,
    instance_id: &str,
    port: i64,
    routes: &[RouteSpec],
    external: Option<(i64, String)>,
) -> Result<(u16, &'static str), crate::error::ApiError> {
    serving_instance(w, region, instance_id)?;
    let port = check_port(port)?;
    let app = build_app(w, instance_id, routes, external)?;
    let kind = if matches!(app, App::External { .. }) { "external" } else { "routes" };
    w.region_mut(region)?.elb.apps.insert((instance_id.to_string(), port), Served { app, fault: None });
    Ok((port, kind))
}

/// `Serve` with a launch template: what the template's user data would start at boot. Every
/// instance an Auto Scaling group launches from the template serves the app on `port` from its
/// first moment (ec2lab runs no user data; this is the part of it that matters to a load balancer).
pub fn serve_on_launch(
    w: &mut crate::world::World,
    region: &str,
    template_id: &str,
    port: i64,
    routes: &[RouteSpec],
    external: Option<(i64, String)>,
) -> Result<(u16, &'static str), crate::error::ApiError> {
    let port = check_port(port)?;
    let app = build_app(w, "<instance id>", routes, external)?;
    let kind = if matches!(app, App::External { .. }) { "external" } else { "routes" };
    w.region_mut(region)?.elb.launch_apps.insert((template_id.to_string(), port), Served { app, fault: None });
    Ok((port, kind))
}

/// The apps a launch template starts, copied to an instance launched from it.
pub fn start_launch_apps(w: &mut crate::world::World, region: &str, template_id: &str, instance_id: &str) {
    let Some(reg) = w.regions.get_mut(region) else { return };
    let apps: Vec<(u16, Served)> =
        reg.elb.launch_apps.range((template_id.to_string(), 0)..=(template_id.to_string(), u16::MAX)).map(|((_, p), s)| (*p, s.clone())).collect();
    for (port, mut served) in apps {
        if let App::Routes(routes) = &mut served.app {
            // The default app greets with the instance's own id.
            if routes == &default_routes("<instance id>") {
                *routes = default_routes(instance_id);
            }
        }
        reg.elb.apps.insert((instance_id.to_string(), port), served);
    }
}

/// The app a `Serve` call describes: a route table, an external app, or the default greeting.
fn build_app(w: &crate::world::World, instance_id: &str, routes: &[RouteSpec], external: Option<(i64, String)>) -> Result<App, crate::error::ApiError> {
    Ok(match external {
        Some(_) if !routes.is_empty() => {
            return Err(crate::error::ApiError::invalid_parameter_combination("Routes and ExternalHandle cannot be given together.").hint(
                "An app is either a route table (Routes) or an external app (ExternalHandle), not both.",
                "앱은 경로 표(Routes)이거나 외부 앱(ExternalHandle)입니다. 둘을 함께 줄 수 없습니다.",
            ))
        }
        Some((handle, label)) => {
            let handle = u64::try_from(handle).map_err(|_| {
                bad(
                    format!("Invalid ExternalHandle '{handle}'."),
                    "Handles come from Core.register_app.".into(),
                    "핸들은 Core.register_app이 돌려줍니다.".into(),
                )
            })?;
            // A replay has no apps, only their tape: the handle is not checked then.
            if w.externals.replay.is_none() && !w.externals.apps.contains_key(&handle) {
                return Err(bad(
                    format!("No external app is registered with handle {handle}."),
                    "Register the callable or upstream first (instance.serve does it for you).".into(),
                    "먼저 callable 또는 upstream을 등록하세요(instance.serve가 대신 해 줍니다).".into(),
                ));
            }
            App::External { handle, label }
        }
        None if routes.is_empty() => App::Routes(default_routes(instance_id)),
        None => App::Routes(routes.iter().map(check_route).collect::<Result<_, _>>()?),
    })
}

/// The ports an instance serves (all of them, or the one asked for, which must be served).
fn served_ports(w: &crate::world::World, region: &str, instance_id: &str, port: Option<i64>) -> Result<Vec<u16>, crate::error::ApiError> {
    crate::compute::instance(w, region, instance_id)?;
    let apps = &w.region(region)?.elb.apps;
    let ports: Vec<u16> = match port {
        Some(p) => {
            let p = check_port(p)?;
            if apps.contains_key(&(instance_id.to_string(), p)) {
                vec![p]
            } else {
                vec![]
            }
        }
        None => apps.range((instance_id.to_string(), 0)..=(instance_id.to_string(), u16::MAX)).map(|((_, p), _)| *p).collect(),
    };
    if ports.is_empty() {
        let on = port.map(|p| format!(" on port {p}")).unwrap_or_default();
        return Err(bad(
            format!("Instance {instance_id} serves nothing{on}."),
            "Serve an app first (instance.serve(port, app)).".into(),
            "먼저 앱을 실행하세요(instance.serve(port, app)).".into(),
        ));
    }
    Ok(ports)
}

/// `StopServing`: nothing listens on the port (or any port) any more: connections are refused.
pub fn stop_serving(w: &mut crate::world::World, region: &str, instance_id: &str, port: Option<i64>) -> Result<Vec<u16>, crate::error::ApiError> {
    let ports = served_ports(w, region, instance_id, port)?;
    let apps = &mut w.region_mut(region)?.elb.apps;
    for p in &ports {
        apps.remove(&(instance_id.to_string(), *p));
    }
    Ok(ports)
}

/// `Fail`: a fault on the port (or every served port); mode `none` recovers.
pub fn fail(
    w: &mut crate::world::World,
    region: &str,
    instance_id: &str,
    port: Option<i64>,
    mode: &str,
    status: Option<i64>,
    delay_ms: Option<i64>,
) -> Result<Vec<u16>, crate::error::ApiError> {
    let fault = match mode {
        "refuse" => Some(Fault::Refuse),
        "reset" => Some(Fault::Reset),
        "hang" => Some(Fault::Hang),
        "status" => Some(Fault::Status(check_status(status.unwrap_or(500))?)),
        "slow" => Some(Fault::Slow(check_delay(delay_ms.unwrap_or(10_000))?)),
        "none" => None,
        m => {
            return Err(bad(
                format!("Invalid Mode '{m}': expected refuse, reset, hang, status, slow or none."),
                "refuse: connection refused; reset: connection reset; hang: never answers; status: every answer has Status (default 500); slow: answers DelayMs later (default 10000); none: recovers.".into(),
                "refuse: 연결 거부, reset: 연결 재설정, hang: 응답 없음, status: 모든 응답이 Status(기본 500), slow: DelayMs 뒤 응답(기본 10000), none: 복구.".into(),
            ))
        }
    };
    let ports = served_ports(w, region, instance_id, port)?;
    let apps = &mut w.region_mut(region)?.elb.apps;
    for p in &ports {
        if let Some(s) = apps.get_mut(&(instance_id.to_string(), *p)) {
            s.fault = fault;
        }
    }
    Ok(ports)
}

/// A response, unless it arrives after the timeout.
fn within(response: HttpResponse, elapsed_ms: u64, timeout_ms: u64) -> AppReply {
    if elapsed_ms > timeout_ms {
        AppReply::NoAnswer
    } else {
        AppReply::Response { response, elapsed_ms }
    }
}

/// The blocking hop in one line: `forward security-group-ingress sg-… (ENI_SG_RULES_MISMATCH): …`.
pub fn blocked_text(v: &crate::network::reachability::Verdict) -> String {
    match &v.blocked {
        None => String::new(),
        Some((i, reason)) => {
            let e = reason.explain();
            let (dir, kind, comp) = v.hops.get(*i).map_or(("forward", "", ""), |h| (h.direction.name(), h.kind.name(), h.component));
            format!("{dir} {kind} {comp} ({}): {}", e.explanation_code, e.en)
        }
    }
}

/// Calls an external app, or plays its recorded reply back when replaying; every reply goes on
/// the tape. A handle nobody registered (a replay past its tape) is refused.
pub fn call_external(ex: &mut Externals, handle: u64, request: &HttpRequest, timeout_ms: u64) -> AppReply {
    let reply = if let Some(saved) = ex.replay.as_ref().and_then(|r| r.get(ex.replay_pos)).cloned() {
        ex.replay_pos += 1;
        saved
    } else {
        match ex.apps.get(&handle) {
            Some(app) => app.call(request, timeout_ms),
            None => AppReply::Refused,
        }
    };
    ex.tape.push(reply.clone());
    reply
}

fn route_matches(r: &AppRoute, request: &HttpRequest) -> bool {
    r.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(&request.method)) && super::rules::wildcard::matches(&r.path, &request.path, false, false)
}

/// The first matching route's answer; none matches: 404.
pub fn answer_routes(routes: &[AppRoute], request: &HttpRequest) -> HttpResponse {
    route_answer(routes.iter().find(|r| route_matches(r, request)))
}

fn route_answer(route: Option<&AppRoute>) -> HttpResponse {
    let text = || ("Content-Type".to_string(), "text/plain; charset=utf-8".to_string());
    match route {
        Some(r) => {
            let mut headers = r.headers.clone();
            if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-type")) {
                headers.push(text());
            }
            HttpResponse { status: r.status, headers, body: r.body.clone().into_bytes() }
        }
        None => HttpResponse { status: 404, headers: vec![text()], body: b"Not Found".to_vec() },
    }
}

/// The default app of `Serve` with no routes: `/*` → 200 "Hello from <instance id>".
pub fn default_routes(instance_id: &str) -> Vec<AppRoute> {
    vec![AppRoute { path: "/*".into(), method: None, status: 200, body: format!("Hello from {instance_id}"), headers: Vec::new(), delay_ms: 0 }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_answer_first_match_else_404() {
        let mut routes = default_routes("i-1");
        routes.insert(0, AppRoute { path: "/api/*".into(), method: Some("POST".into()), status: 201, body: "made".into(), headers: vec![], delay_ms: 5 });
        let get = |m: &str, p: &str| HttpRequest { method: m.into(), path: p.into(), ..Default::default() };
        assert_eq!(answer_routes(&routes, &get("POST", "/api/x")).status, 201);
        assert_eq!(answer_routes(&routes, &get("GET", "/api/x")).body, b"Hello from i-1");
        assert_eq!(answer_routes(&routes[..1], &get("GET", "/")).status, 404);
    }
}
