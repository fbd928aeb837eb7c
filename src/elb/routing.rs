//! Routing one request: listener for the port → rules by priority (first match) → action →
//! target group (weighted) → target (`select`) → the network check from the node to the target
//! (`network::reachability::evaluate`) → the app → ALB's own errors and X-Forwarded-* headers.
//! Every entry point (`lb.request`, `send_traffic`, the real HTTP front) comes here.
use super::apps::{self, AppReply};
use super::http::{HttpRequest, HttpResponse};
use super::model::{ActionKind, LbState, LbType, LoadBalancer, Rule, Scheme};
use super::select::{self, fnv};
use super::TargetKey;
use crate::error::ApiError;
use crate::network::reachability::{self, Addressing, Endpoint, Query};
use crate::world::{Region, World};

/// Why the request went where it did, step by step (shown to students).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Trace {
    pub listener_arn: String,
    /// The matched rule's ARN and priority (`None` = the default rule).
    pub rule_arn: String,
    pub rule_priority: Option<u32>,
    /// One line per rule evaluated, in order: why it matched or not.
    pub rules_evaluated: Vec<String>,
    pub action: String,
    pub target_group_arn: Option<String>,
    /// How the target was picked (algorithm, stickiness, fail-open, cross-zone).
    pub selection: String,
    /// Set when the network blocked the node → target hop (the reachability explanation).
    pub network: Option<String>,
    /// What the ALB itself answered and why (503 no targets, 502 refused, 504 timeout, ...).
    pub elb_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routed {
    pub response: HttpResponse,
    pub target: Option<TargetKey>,
    pub target_group_arn: Option<String>,
    /// Virtual time the request took (not applied to the clock by a single request).
    pub elapsed_ms: u64,
    pub trace: Trace,
}

/// A request arriving at a load balancer's listener port.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub lb_arn: String,
    pub port: u16,
    pub request: HttpRequest,
}

/// Routing's own counters (per region): requests routed so far feed the random draws.
#[derive(Debug, Clone, Default)]
pub struct Traffic {
    pub requests: u64,
}

/// `Server` of the answers the load balancer makes itself.
pub const SERVER: &str = "awselb/2.0";

/// The load balancer a name or an ARN designates.
pub fn find_lb<'r>(reg: &'r Region, name_or_arn: &str) -> Result<&'r LoadBalancer, ApiError> {
    let found = if name_or_arn.starts_with("arn:") {
        reg.elb.load_balancers.get(name_or_arn)
    } else {
        reg.elb.load_balancers.values().find(|lb| lb.name == name_or_arn)
    };
    found.ok_or_else(|| {
        ApiError::new("LoadBalancerNotFound", format!("Load balancer '{name_or_arn}' not found")).hint(
            "Give the load balancer's name or ARN (describe_load_balancers lists them); it must be in this region.",
            "로드 밸런서의 이름이나 ARN을 주세요(describe_load_balancers로 확인). 같은 리전에 있어야 합니다.",
        )
    })
}

fn refused(code: &str, msg: String, en: String, ko: String) -> ApiError {
    ApiError::new(code, msg).hint(en, ko)
}

/// How long an ALB waits for a target to accept a connection (ALB:load-balancer-troubleshooting, 504).
const CONNECT_TIMEOUT_MS: u64 = 10_000;

/// An answer the load balancer makes itself (502, 503, 504), in ALB's words.
pub fn elb_page(status: u16) -> HttpResponse {
    let reason = match status {
        502 => "Bad Gateway",
        503 => "Service Temporarily Unavailable",
        504 => "Gateway Time-out",
        400 => "Bad Request",
        _ => "Error",
    };
    let body =
        format!("<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n</body>\r\n</html>\r\n");
    HttpResponse { status, headers: vec![("Server".into(), SERVER.into()), ("Content-Type".into(), "text/html".into())], body: body.into_bytes() }
}

/// The client's connection to a node: an internet-facing load balancer is reached from the
/// internet (the node's public address) or from an interface in the region; an internal one
/// only from an interface in its VPC. The load balancer's security groups must let the client
/// in on the listener port.
fn client_hop(reg: &Region, lb: &LoadBalancer, node_eni: &str, client_ip: u32, port: u16, client_port: u16) -> Result<(), ApiError> {
    let Some(node) = reg.network.enis.get(node_eni) else { return Ok(()) };
    let client_eni = reachability::eni_by_private_ip(&reg.network, client_ip);
    let ip = crate::network::format_ip(client_ip);
    let (source, addressing) = match (lb.scheme, client_eni) {
        (Scheme::Internal, Some(e)) if e.vpc_id == lb.vpc_id => (Endpoint::Eni(e), Addressing::Private),
        (Scheme::Internal, _) => {
            return Err(refused(
                "InvalidParameterValue",
                format!("ClientIp {ip} is not the address of a network interface in {}: load balancer '{}' is internal.", lb.vpc_id, lb.name),
                format!("An internal load balancer has only private addresses: clients inside its VPC ({}) reach it. Send from an instance's private IP, or make an internet-facing load balancer.", lb.vpc_id),
                format!("내부(internal) 로드 밸런서는 사설 주소만 있어 VPC({}) 안의 클라이언트만 접근합니다. 인스턴스의 사설 IP에서 보내거나 인터넷 연결(internet-facing) 로드 밸런서를 만드세요.", lb.vpc_id),
            ))
        }
        (Scheme::InternetFacing, Some(e)) if e.vpc_id == lb.vpc_id => (Endpoint::Eni(e), Addressing::Private),
        (Scheme::InternetFacing, Some(e)) => (Endpoint::Eni(e), Addressing::Public),
        (Scheme::InternetFacing, None) => (Endpoint::External(client_ip), Addressing::Public),
    };
    // A network load balancer without security groups lets every client in (the targets' groups decide).
    if lb.security_groups.is_empty() && lb.kind == LbType::Network {
        return Ok(());
    }
    let q = Query { source, destination: Endpoint::Eni(node), addressing, protocol: 6, port, source_port: client_port.max(1), via_igw: None };
    let v = reachability::evaluate(reg, &q);
    if v.allowed {
        return Ok(());
    }
    let why = apps::blocked_text(&v);
    let (en, ko) = v.blocked.as_ref().map(|(_, r)| r.explain()).map(|e| (e.en, e.ko)).unwrap_or_default();
    Err(refused(
        "ConnectionTimedOut",
        format!("The client {ip} could not connect to load balancer '{}' on port {port}: {why}", lb.name),
        format!("The connection to the load balancer's node {node_eni} was dropped, so the client waits and times out. {en} (A load balancer's security groups must allow the listener port from its clients.)"),
        format!("로드 밸런서 노드 {node_eni}로 가는 연결이 차단되어 클라이언트는 기다리다 시간 초과됩니다. {ko} (로드 밸런서의 보안 그룹은 클라이언트에서 오는 리스너 포트를 허용해야 합니다.)"),
    ))
}

/// What the rules decided, before anything changes.
enum Plan {
    /// The load balancer answers itself (fixed-response, redirect, 503).
    Answer(HttpResponse),
    Forward(Forwarding),
}

struct Forwarding {
    tg_arn: String,
    keys: Vec<TargetKey>,
    /// Index into `keys` of the target a stickiness cookie names.
    sticky: Option<usize>,
    /// Target group stickiness (AWSALBTG), seconds.
    tg_sticky_s: Option<u32>,
    flow: Option<u64>,
}

fn header_add(h: &mut Vec<(String, String)>, name: &str, value: String) {
    h.push((name.to_string(), value));
}

/// X-Forwarded-For/Proto/Port as the load balancer's attributes say (ALB only), and the trace id.
fn forwarded_headers(lb: &LoadBalancer, protocol: &str, port: u16, req: &mut HttpRequest, trace_id: String) {
    if lb.kind != LbType::Application {
        return;
    }
    let mode = lb.attributes.get("routing.http.xff_header_processing.mode").map_or("append", String::as_str);
    let with_port = lb.attributes.get("routing.http.xff_client_port.enabled").is_some_and(|v| v == "true");
    let client = if with_port { format!("{}:{}", crate::network::format_ip(req.client_ip), req.client_port) } else { crate::network::format_ip(req.client_ip) };
    match mode {
        "remove" => req.headers.retain(|(k, _)| !k.eq_ignore_ascii_case("x-forwarded-for")),
        "preserve" => {}
        _ => match req.headers.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case("x-forwarded-for")) {
            Some((_, v)) => *v = format!("{v}, {client}"),
            None => header_add(&mut req.headers, "X-Forwarded-For", client),
        },
    }
    req.headers.retain(|(k, _)| !k.eq_ignore_ascii_case("x-forwarded-proto") && !k.eq_ignore_ascii_case("x-forwarded-port"));
    header_add(&mut req.headers, "X-Forwarded-Proto", protocol.to_ascii_lowercase());
    header_add(&mut req.headers, "X-Forwarded-Port", port.to_string());
    if req.header("x-amzn-trace-id").is_none() {
        header_add(&mut req.headers, "X-Amzn-Trace-Id", trace_id);
    }
}

/// The rule that takes the request: by priority, the default rule last (an NLB has only it).
fn pick_rule<'r>(
    reg: &'r Region,
    lb: &LoadBalancer,
    listener_arn: &str,
    default_rule: &str,
    req: &HttpRequest,
    trace: &mut Trace,
    traced: bool,
) -> Option<&'r Rule> {
    if lb.kind == LbType::Application {
        let mut rules: Vec<&Rule> = reg.elb.rules.values().filter(|r| r.listener_arn == listener_arn && !r.is_default()).collect();
        rules.sort_by_key(|r| r.priority);
        for r in rules {
            if !traced {
                if super::rules::rule_matches(&r.conditions, req) {
                    return Some(r);
                }
                continue;
            }
            let p = r.priority.unwrap_or(0);
            match super::rules::matches_all(&r.conditions, req) {
                Ok(()) => {
                    trace.rules_evaluated.push(format!("priority {p}: match"));
                    return Some(r);
                }
                Err(why) => trace.rules_evaluated.push(format!("priority {p}: no match: {why}")),
            }
        }
    }
    let d = reg.elb.rules.get(default_rule)?;
    if !traced {
        return Some(d);
    }
    trace.rules_evaluated.push("default: match (the default rule takes what no other rule matched)".into());
    Some(d)
}

/// A target group's name for the trace (its ARN when it is gone).
fn tg_name<'r>(reg: &'r Region, arn: &'r str) -> &'r str {
    reg.elb.target_groups.get(arn).map_or(arn, |t| t.name.as_str())
}

fn ms_to_secs_label(ms: u64) -> String {
    format!("{} s", ms / 1000)
}

/// Routes one request: see the module documentation. Refused (and the world unchanged) when
/// the load balancer cannot take it: not found, a gateway load balancer, not active yet, no
/// listener on the port, or a client whose connection the network drops (`ConnectionTimedOut`).
pub fn route(w: &mut World, region: &str, inc: Incoming) -> Result<Routed, ApiError> {
    route_with(w, region, inc, true)
}

/// Like [`route`], without the per-rule lines of the trace (`SendTraffic`: same decisions,
/// nobody reads the trace).
pub fn route_untraced(w: &mut World, region: &str, inc: Incoming) -> Result<Routed, ApiError> {
    route_with(w, region, inc, false)
}

fn route_with(w: &mut World, region: &str, inc: Incoming, traced: bool) -> Result<Routed, ApiError> {
    let now = w.now();
    let seed = w.seed;
    let reg = w.region(region)?;
    let lb =
        reg.elb.load_balancers.get(&inc.lb_arn).ok_or_else(|| find_lb(reg, &inc.lb_arn).err().unwrap_or_else(|| ApiError::new("LoadBalancerNotFound", "")))?;
    if lb.kind == LbType::Gateway {
        return Err(refused(
            "OperationNotPermitted",
            format!("Load balancer '{}' is a gateway load balancer: it forwards IP packets to appliances (GENEVE on 6081), not HTTP requests.", lb.name),
            "ec2lab routes HTTP requests through application and network load balancers only.".into(),
            "ec2lab은 애플리케이션·네트워크 로드 밸런서로만 HTTP 요청을 라우팅합니다.".into(),
        ));
    }
    if lb.state != LbState::Active {
        return Err(refused(
            "OperationNotPermitted",
            format!("Load balancer '{}' is {}: it takes traffic once it is active.", lb.name, lb.state.name()),
            "Wait until the load balancer is active (lb.wait_until_active(), or the load_balancer_available waiter).".into(),
            "로드 밸런서가 active가 될 때까지 기다리세요(lb.wait_until_active() 또는 load_balancer_available 웨이터).".into(),
        ));
    }
    let Some(listener) = reg.elb.listeners.values().find(|l| l.lb_arn == lb.arn && l.port == inc.port) else {
        let ports: Vec<String> = reg.elb.listeners.values().filter(|l| l.lb_arn == lb.arn).map(|l| l.port.to_string()).collect();
        let have = if ports.is_empty() { "it has no listener".to_string() } else { format!("its listeners are on {}", ports.join(", ")) };
        return Err(refused(
            "ListenerNotFound",
            format!("Load balancer '{}' has no listener on port {}: {have}.", lb.name, inc.port),
            "A load balancer only accepts connections on its listeners' ports. Create a listener (create_listener) or send to a listener's port.".into(),
            "로드 밸런서는 리스너 포트에서만 연결을 받습니다. create_listener로 리스너를 만들거나 리스너 포트로 보내세요.".into(),
        ));
    };
    if lb.nodes.is_empty() {
        return Err(refused(
            "OperationNotPermitted",
            format!("Load balancer '{}' has no nodes.", lb.name),
            "Give it subnets.".into(),
            "서브넷을 지정하세요.".into(),
        ));
    }
    let mut req = inc.request;
    let counter = reg.elb.traffic.requests;
    let flow = fnv(&[&req.client_ip.to_be_bytes(), &req.client_port.to_be_bytes(), &inc.port.to_be_bytes()]);
    let mut node = &lb.nodes[(flow % lb.nodes.len() as u64) as usize];
    let mut trace = Trace { listener_arn: listener.arn.clone(), ..Default::default() };
    let rule = pick_rule(reg, lb, &listener.arn, &listener.default_rule_arn, &req, &mut trace, traced).ok_or_else(|| {
        refused(
            "ListenerNotFound",
            format!("Listener '{}' has no default rule.", listener.arn),
            "Recreate the listener.".into(),
            "리스너를 다시 만드세요.".into(),
        )
    })?;
    trace.rule_arn = rule.arn.clone();
    trace.rule_priority = rule.priority;
    let mut actions: Vec<&super::model::Action> = rule.actions.iter().collect();
    actions.sort_by_key(|a| a.order.unwrap_or(u32::MAX));
    let mut skipped = vec![];
    let mut terminal = None;
    for a in actions {
        match &a.kind {
            ActionKind::Authenticate { kind, .. } => skipped.push(kind.clone()),
            k => {
                terminal = Some(k);
                break;
            }
        }
    }
    let skipped = if skipped.is_empty() { String::new() } else { format!(" (after {}: not simulated, passed)", skipped.join(", ")) };
    let plan = match terminal {
        None => {
            trace.action = format!("none{skipped}");
            trace.elb_error = Some("the rule has no terminal action".into());
            Plan::Answer(elb_page(503))
        }
        Some(ActionKind::FixedResponse(f)) => {
            trace.action = format!("fixed-response {}{skipped}", f.status_code);
            let ct = f.content_type.clone().unwrap_or_else(|| "text/plain; charset=utf-8".into());
            Plan::Answer(HttpResponse {
                status: f.status_code,
                headers: vec![("Server".into(), SERVER.into()), ("Content-Type".into(), ct)],
                body: f.body.clone().unwrap_or_default().into_bytes(),
            })
        }
        Some(ActionKind::Redirect(r)) => {
            let loc = super::rules::redirect_location(r, &req, &listener.protocol, listener.port);
            trace.action = format!("redirect {} to {loc}{skipped}", r.status_code);
            let mut page = elb_page(r.status_code);
            let reason = if r.status_code == 301 { "Moved Permanently" } else { "Moved Temporarily" };
            page.body = format!(
                "<html>\r\n<head><title>{} {reason}</title></head>\r\n<body>\r\n<center><h1>{} {reason}</h1></center>\r\n</body>\r\n</html>\r\n",
                r.status_code, r.status_code
            )
            .into_bytes();
            page.headers.push(("Location".into(), loc));
            Plan::Answer(page)
        }
        Some(ActionKind::Authenticate { .. }) => unreachable!("authenticate actions are skipped above"),
        Some(ActionKind::Forward(f)) => {
            // Which group: the AWSALBTG cookie's (if it names one of them), else a weighted draw.
            let live: Vec<&super::model::WeightedGroup> = f.groups.iter().filter(|g| g.weight > 0 || f.groups.len() == 1).collect();
            let total: u64 = live.iter().map(|g| g.weight.max(1) as u64).sum();
            let from_cookie = f
                .stickiness_s
                .and_then(|_| select::request_cookie(&req, "AWSALBTG"))
                .and_then(|c| live.iter().find(|g| select::cookie_for(&g.arn, &TargetKey { id: "group".into(), port: 0 }) == c));
            let group = match (from_cookie, live.len()) {
                (Some(g), _) => {
                    trace.action = format!("forward to target group {} (target group stickiness cookie AWSALBTG){skipped}", tg_name(reg, &g.arn));
                    Some(*g)
                }
                (None, 0) => None,
                (None, 1) => {
                    trace.action = format!("forward to target group {}{skipped}", tg_name(reg, &live[0].arn));
                    Some(live[0])
                }
                (None, _) => {
                    let mut x = select::draw(seed ^ 0x7467_7765_6967_6874, counter) % total;
                    let g = live.iter().find(|g| {
                        let wgt = g.weight.max(1) as u64;
                        if x < wgt {
                            true
                        } else {
                            x -= wgt;
                            false
                        }
                    });
                    let g = g.copied().unwrap_or(live[0]);
                    trace.action = format!("forward to target group {} (weight {} of {total}, seeded draw){skipped}", tg_name(reg, &g.arn), g.weight);
                    Some(g)
                }
            };
            match group.and_then(|g| reg.elb.target_groups.get(&g.arn)) {
                None => {
                    trace.action = format!("forward{skipped}");
                    trace.elb_error = Some("503: every target group of the forward action has weight 0 (or is gone)".into());
                    Plan::Answer(elb_page(503))
                }
                Some(tg) => {
                    trace.target_group_arn = Some(tg.arn.clone());
                    let mut c = select::candidates(reg, lb, tg, Some(&node.az));
                    if c.keys.is_empty() && !select::cross_zone(lb, tg) {
                        // DNS fail-away: clients are sent to a node whose AZ has targets.
                        if let Some(other) = lb.nodes.iter().find(|n| !select::candidates(reg, lb, tg, Some(&n.az)).keys.is_empty()) {
                            node = other;
                            c = select::candidates(reg, lb, tg, Some(&node.az));
                            c.note.push_str(&format!(" (no target in this client's AZ: DNS sends it to the node in {})", node.az));
                        }
                    }
                    if c.keys.is_empty() {
                        trace.selection = c.note;
                        trace.elb_error = Some(if c.registered == 0 {
                            "503: the target group has no registered targets".to_string()
                        } else {
                            format!("503: none of the {} registered targets can take requests (draining, stopped, or in an AZ without a node)", c.registered)
                        });
                        Plan::Answer(elb_page(503))
                    } else {
                        let stick = tg.attributes.get("stickiness.enabled").is_some_and(|v| v == "true") && lb.kind == LbType::Application;
                        let kind = tg.attributes.get("stickiness.type").map_or("lb_cookie", String::as_str);
                        let cookie = match kind {
                            "app_cookie" => "AWSALBAPP-0",
                            _ => "AWSALB",
                        };
                        let sticky = if stick { select::request_cookie(&req, cookie).and_then(|v| select::target_from_cookie(&tg.arn, v)) } else { None };
                        let sticky_idx = sticky.as_ref().and_then(|k| c.keys.iter().position(|x| x == k));
                        let mut note = format!("node in {}: {}", node.az, c.note);
                        match (&sticky, sticky_idx) {
                            (Some(k), Some(_)) => note.push_str(&format!("; sticky: cookie {cookie} names {}:{}", k.id, k.port)),
                            (Some(k), None) => {
                                note.push_str(&format!("; cookie {cookie} named {}:{}, which cannot take requests now: picked again", k.id, k.port))
                            }
                            _ => {}
                        }
                        trace.selection = note;
                        let flow = (lb.kind == LbType::Network).then_some(flow);
                        Plan::Forward(Forwarding {
                            tg_arn: tg.arn.clone(),
                            keys: c.keys,
                            sticky: sticky_idx,
                            tg_sticky_s: f.stickiness_s.filter(|_| live.len() > 1 || f.groups.len() > 1),
                            flow,
                        })
                    }
                }
            }
        }
    };
    // The client must reach the node before anything happens.
    client_hop(reg, lb, &node.eni_id, req.client_ip, inc.port, req.client_port)?;
    let node_eni = node.eni_id.clone();
    let lb_kind = lb.kind;
    let idle_ms =
        lb.attributes.get("idle_timeout.timeout_seconds").and_then(|v| v.parse::<u64>().ok()).unwrap_or(if lb.kind == LbType::Network { 350 } else { 60 })
            * 1000;
    // AWS's form: Root=1-<epoch seconds, 8 hex>-<96 random bits, 24 hex>.
    let id_draw = |salt: u64| select::draw(seed ^ salt, counter);
    let trace_id = format!("Root=1-{:08x}-{:08x}{:016x}", now / 1000, id_draw(0x7472_6163_6531) as u32, id_draw(0x7472_6163_6532));
    let (protocol, lport) = (listener.protocol.clone(), listener.port);
    forwarded_headers(lb, &protocol, lport, &mut req, trace_id);
    // From here on the world changes: counters, cursors, the app's own state.
    w.region_mut(region)?.elb.traffic.requests += 1;
    let Plan::Forward(fw) = plan else {
        let Plan::Answer(response) = plan else { unreachable!() };
        return Ok(Routed { response, target: None, target_group_arn: trace.target_group_arn.clone(), elapsed_ms: 1, trace });
    };
    let tg = w.region_mut(region)?.elb.target_groups.get_mut(&fw.tg_arn).expect("checked above");
    let (i, how) = match fw.sticky {
        Some(i) => (i, "stickiness cookie".to_string()),
        None => select::pick(tg, &fw.keys, now, seed, counter, fw.flow),
    };
    let key = fw.keys[i].clone();
    // Only stickiness reads the group's attributes after this point.
    let tg_attrs = if lb_kind == LbType::Application && tg.attributes.get("stickiness.enabled").is_some_and(|v| v == "true") {
        tg.attributes.clone()
    } else {
        Default::default()
    };
    trace.selection = format!("{}; {how} → {}:{}", trace.selection, key.id, key.port);
    let d = apps::deliver(w, region, &node_eni, &key, &req, idle_ms);
    let mut elapsed = 1;
    let mut response = match d.reply {
        AppReply::Response { response, elapsed_ms } => {
            elapsed += elapsed_ms;
            response
        }
        AppReply::Refused => {
            trace.elb_error = Some(format!("502: {}:{} refused the connection (nothing listens, or the instance is not running)", key.id, key.port));
            elb_page(502)
        }
        AppReply::Reset => {
            trace.elb_error = Some(format!("502: {}:{} reset the connection", key.id, key.port));
            elb_page(502)
        }
        AppReply::Malformed => {
            trace.elb_error = Some(format!("502: {}:{} sent a response that is not HTTP", key.id, key.port));
            elb_page(502)
        }
        AppReply::NoAnswer if d.blocked.is_some() => {
            // A dropped SYN is never answered: the ALB gives up after its 10 s connect timeout (aws-facts §14: 504).
            elapsed += CONNECT_TIMEOUT_MS;
            trace.network = d.blocked.clone();
            trace.elb_error =
                Some(format!("504: no connection to {}:{} within 10 s: the network dropped the packets from node {node_eni} (see Network)", key.id, key.port));
            elb_page(504)
        }
        AppReply::NoAnswer => {
            elapsed += idle_ms;
            trace.elb_error = Some(format!("504: {}:{} did not answer within the idle timeout ({})", key.id, key.port, ms_to_secs_label(idle_ms)));
            elb_page(504)
        }
    };
    if lb_kind == LbType::Network {
        if let Some(e) = trace.elb_error.as_mut() {
            e.push_str(" (a network load balancer does not answer HTTP itself: the client sees its connection reset or timing out; shown as this status)");
        }
    }
    // Stickiness cookies on what the target answered.
    if trace.elb_error.is_none() && lb_kind == LbType::Application {
        let stick = tg_attrs.get("stickiness.enabled").is_some_and(|v| v == "true");
        let kind = tg_attrs.get("stickiness.type").map_or("lb_cookie", String::as_str);
        if stick && kind == "lb_cookie" {
            let secs: u64 = tg_attrs.get("stickiness.lb_cookie.duration_seconds").and_then(|v| v.parse().ok()).unwrap_or(86400);
            let v = select::cookie_for(&fw.tg_arn, &key);
            let exp = select::http_date(now + secs * 1000);
            response.headers.push(("Set-Cookie".into(), format!("AWSALB={v}; Expires={exp}; Path=/")));
            response.headers.push(("Set-Cookie".into(), format!("AWSALBCORS={v}; Expires={exp}; Path=/; SameSite=None; Secure")));
        }
        if stick && kind == "app_cookie" {
            let name = tg_attrs.get("stickiness.app_cookie.cookie_name").cloned().unwrap_or_default();
            let sets = !name.is_empty()
                && response.headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("set-cookie") && v.trim_start().starts_with(&format!("{name}=")));
            if sets {
                let secs: u64 = tg_attrs.get("stickiness.app_cookie.duration_seconds").and_then(|v| v.parse().ok()).unwrap_or(86400);
                let v = select::cookie_for(&fw.tg_arn, &key);
                response.headers.push(("Set-Cookie".into(), format!("AWSALBAPP-0={v}; Expires={}; Path=/", select::http_date(now + secs * 1000))));
            }
        }
        if let Some(secs) = fw.tg_sticky_s {
            let v = select::cookie_for(&fw.tg_arn, &TargetKey { id: "group".into(), port: 0 });
            let exp = select::http_date(now + secs as u64 * 1000);
            response.headers.push(("Set-Cookie".into(), format!("AWSALBTG={v}; Expires={exp}; Path=/")));
            response.headers.push(("Set-Cookie".into(), format!("AWSALBTGCORS={v}; Expires={exp}; Path=/; SameSite=None; Secure")));
        }
    }
    Ok(Routed { response, target: Some(key), target_group_arn: Some(fw.tg_arn), elapsed_ms: elapsed, trace })
}
