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
            Some(i) if i.state == crate::compute::InstanceState::Running && !i.rebooting_until.is_some_and(|t| t > w.clock.now()) => (eni, Some(i.id.clone())),
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
    r.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(&request.method)) && wildcard(r.path.as_bytes(), request.path.as_bytes())
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

/// `*` (any run, also empty) and `?` (one byte), case-sensitive; linear with backtracking to
/// the last star only.
pub fn wildcard(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_matches_like_a_glob() {
        assert!(wildcard(b"/*", b"/"));
        assert!(wildcard(b"/books/*", b"/books/x"));
        assert!(!wildcard(b"/books/*", b"/books"));
        assert!(wildcard(b"/a?c", b"/abc"));
        assert!(!wildcard(b"/a?c", b"/ac"));
        assert!(wildcard(b"*x*y", b"axxbxy"));
        assert!(!wildcard(b"/Books", b"/books"));
    }

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
