//! Health checks that run: each round is a real request to each target's app, through the
//! network rules, from the load balancer's node; thresholds move targets between states.
//!
//! A group with targets has one `Event::HealthRound` queued every HealthCheckIntervalSeconds
//! (`TargetGroup::next_check_at` says which one is current, so a stale event does nothing).
//! A round checks a target only when DescribeTargetHealth would show the checks' verdict (the
//! group is used by an active load balancer, the instance runs, the AZ is enabled); otherwise
//! the target starts over as `initial` when it comes back.
//!
//! Transitions (ALB:target-group-health-checks): `initial` → `healthy` on the first pass, or →
//! `unhealthy` after UnhealthyThresholdCount consecutive failures; `healthy` → `unhealthy` after
//! UnhealthyThresholdCount consecutive failures; `unhealthy` → `healthy` after
//! HealthyThresholdCount consecutive passes.
use super::apps::{self, AppReply, Delivery};
use super::http::HttpRequest;
use super::{CheckResult, HealthCheck, HealthState, LbState, TargetGroup, TargetKey, TargetType};
use crate::world::{Region, World};

/// Checks kept per target for the timeline (newest last).
pub const HISTORY: usize = 10;

/// Queues the group's next round `after_ms` from now unless one is already queued at or before
/// that instant.
pub fn ensure_round(w: &mut World, region: &'static str, tg_arn: &str, after_ms: u64) {
    let at = w.now() + after_ms;
    let now = w.now();
    let Some(tg) = w.regions.get_mut(region).and_then(|r| r.elb.target_groups.get_mut(tg_arn)) else { return };
    if tg.next_check_at.is_some_and(|t| t >= now && t <= at) {
        return;
    }
    tg.next_check_at = Some(at);
    let event = super::Event::HealthRound { target_group_arn: tg_arn.to_string() };
    w.schedule(after_ms, crate::world::Event::Elb { region, event });
}

/// One planned check: the node it leaves from, where it goes, what it asks.
struct Plan {
    key: TargetKey,
    /// Index into the round's nodes.
    node: usize,
    to: TargetKey,
    /// An ip target whose address no interface holds: nothing answers the connection.
    nobody_there: bool,
    /// An instance target that is running and not rebooting: its verdict may come from the cache.
    cacheable: bool,
}

/// The last verdict of a check whose inputs have not changed since: the network and the apps
/// (by version: any change to either misses), the node it left from, the target's port and the
/// group's health settings. Route-table apps and the network are deterministic, so the same
/// inputs give the same verdict; Python apps and real upstreams are never cached.
#[derive(Clone)]
pub struct CachedCheck {
    network_version: u64,
    apps_version: u64,
    node_eni: String,
    port: u16,
    health: HealthCheck,
    result: CheckResult,
}

/// The cache of check verdicts, by (target group ARN, target), kept with the world's externals
/// (not part of its Debug text: it is not state, only a shortcut to it).
pub type CheckCache = std::collections::HashMap<String, std::collections::HashMap<TargetKey, CachedCheck>>;

/// One round of checks for a target group.
pub fn round(w: &mut World, region: &str, target_group_arn: &str) {
    let now = w.now();
    let Some(reg) = w.regions.get(region) else { return };
    let region_name = reg.info.name;
    let Some(tg) = reg.elb.target_groups.get(target_group_arn) else { return };
    if tg.next_check_at != Some(now) {
        return; // superseded by another schedule
    }
    let (plans, nodes, resets, shown) = plan(reg, tg, now);
    let timeout_ms = u64::from(tg.health.timeout_s) * 1000;
    let health = tg.health.clone();
    let (network_version, apps_version) = (reg.network.version(), reg.elb.apps.version());
    let mut results = Vec::with_capacity(plans.len());
    // The group's cached verdicts, taken out for the round (checks need the world mutably).
    let mut cache = w.externals.check_cache.remove(target_group_arn).unwrap_or_default();
    for p in plans {
        let hit = p
            .cacheable
            .then(|| cache.get(&p.key))
            .flatten()
            .filter(|c| {
                c.network_version == network_version
                    && c.apps_version == apps_version
                    && c.node_eni == nodes[p.node].eni
                    && c.port == p.to.port
                    && c.health == health
            })
            .map(|c| CheckResult { at: now, ..c.result.clone() });
        let result = match hit {
            Some(r) => {
                #[cfg(debug_assertions)]
                {
                    // Tests run the real check too: a cache that missed a change would show here.
                    let fresh = check(w, region, &p, &nodes[p.node], &health, timeout_ms, now);
                    debug_assert_eq!(fresh, r, "cached health check of {:?} is stale", p.key);
                }
                r
            }
            None => {
                let r = check(w, region, &p, &nodes[p.node], &health, timeout_ms, now);
                let external = w.regions[region].elb.apps.get(&(p.to.id.clone(), p.to.port)).is_some_and(|s| matches!(s.app, apps::App::External { .. }));
                if p.cacheable && !external {
                    let entry = CachedCheck {
                        network_version,
                        apps_version,
                        node_eni: nodes[p.node].eni.clone(),
                        port: p.to.port,
                        health: health.clone(),
                        result: r.clone(),
                    };
                    cache.insert(p.key.clone(), entry);
                }
                r
            }
        };
        results.push((p.key, result));
    }
    w.externals.check_cache.insert(target_group_arn.to_string(), cache);
    let Some(tg) = w.regions.get_mut(region).and_then(|r| r.elb.target_groups.get_mut(target_group_arn)) else { return };
    for key in resets {
        if let Some(t) = tg.targets.get_mut(&key) {
            start_over(t);
        }
    }
    // Results come in the targets' order: walk both together instead of looking each one up.
    let mut results = results.into_iter().peekable();
    for t in tg.targets.values_mut() {
        if results.peek().is_some_and(|(key, _)| *key == t.key) {
            let (_, result) = results.next().expect("peeked");
            apply(t, &health, result);
        }
    }
    // What DescribeTargetHealth shows now: the override found while planning, else the state.
    let (mut healthy, mut unhealthy) = (0, 0);
    for (t, over) in tg.targets.values().zip(&shown) {
        match over.unwrap_or(t.state) {
            HealthState::Healthy => healthy += 1,
            HealthState::Unhealthy | HealthState::UnhealthyDraining => unhealthy += 1,
            _ => {}
        }
    }
    tg.next_check_at = None;
    let interval_ms = u64::from(tg.health.interval_s) * 1000;
    let any = !tg.targets.is_empty();
    // CloudWatch: HealthyHostCount / UnHealthyHostCount remember the counts when they change (src/monitoring).
    crate::monitoring::on_health_round(w, region, target_group_arn, healthy, unhealthy);
    if any {
        ensure_round(w, region_name, target_group_arn, interval_ms);
    }
}

/// One check, for real: the request through the network to the app, judged.
fn check(w: &mut World, region: &str, p: &Plan, node: &Node, health: &HealthCheck, timeout_ms: u64, now: crate::sim::Millis) -> CheckResult {
    let delivery = if p.nobody_there {
        Delivery { reply: AppReply::NoAnswer, blocked: None }
    } else {
        // The Host header: an instance's private address, an ip target's own ("" without an interface).
        let target_ip = if p.to.id.starts_with("i-") {
            let reg = &w.regions[region];
            let eni = reg.compute.instances.get(&p.to.id).and_then(|i| i.network.as_ref()).and_then(|n| reg.network.enis.get(&n.eni_id));
            eni.map(|e| crate::network::format_ip(e.primary_ip())).unwrap_or_default()
        } else {
            p.to.id.clone()
        };
        let request = request(health, &target_ip, p.to.port, node.ip);
        apps::deliver(w, region, &node.eni, &p.to, &request, timeout_ms)
    };
    judge(health, &delivery, p.nobody_there, now)
}

/// A load balancer node a round's checks leave from.
struct Node {
    az: String,
    eni: String,
    ip: u32,
}

/// Which targets this round checks (and how), and which start over because the checks' verdict
/// does not apply to them now.
/// The last vector holds, for every target in order, the state an override shows (None: the
/// target's own state), for the round's HealthyHostCount.
#[allow(clippy::type_complexity)]
fn plan(reg: &Region, tg: &TargetGroup, now: crate::sim::Millis) -> (Vec<Plan>, Vec<Node>, Vec<TargetKey>, Vec<Option<HealthState>>) {
    let mut plans = Vec::with_capacity(tg.targets.len());
    let mut resets = Vec::new();
    let mut shown = Vec::with_capacity(tg.targets.len());
    // Checks leave from the nodes of an active load balancer that uses the group.
    let in_use = super::targets::InUse::of(reg, tg);
    let lb = in_use
        .lbs
        .iter()
        .filter_map(|a| reg.elb.load_balancers.get(a))
        .find(|lb| matches!(lb.state, LbState::Active | LbState::ActiveImpaired) && !lb.nodes.is_empty());
    let nodes: Vec<Node> = lb
        .map(|lb| {
            lb.nodes
                .iter()
                .map(|n| Node { az: n.az.clone(), eni: n.eni_id.clone(), ip: reg.network.enis.get(&n.eni_id).map_or(0, |e| e.primary_ip()) })
                .collect()
        })
        .unwrap_or_default();
    for t in tg.targets.values() {
        let instance = if tg.target_type == TargetType::Instance { reg.compute.instances.get(&t.key.id) } else { None };
        let over = super::targets::override_for(reg, tg, t, &in_use, instance);
        shown.push(over.as_ref().map(|h| h.state));
        if t.state == HealthState::Draining {
            continue;
        }
        if over.is_some() {
            if t.checked || t.state != HealthState::Initial {
                resets.push(t.key.clone());
            }
            continue;
        }
        if nodes.is_empty() || !matches!(tg.target_type, TargetType::Instance | TargetType::Ip) {
            continue;
        }
        let ip_az;
        let az: Option<&str> = match instance {
            Some(i) => Some(&i.az),
            None => {
                ip_az = super::targets::target_az(reg, tg, t);
                ip_az.as_deref()
            }
        };
        let node = nodes.iter().position(|n| Some(n.az.as_str()) == az).unwrap_or(0);
        let port = if tg.health.port == "traffic-port" { t.key.port } else { tg.health.port.parse().unwrap_or(t.key.port) };
        let nobody_there = tg.target_type == TargetType::Ip
            && crate::network::parse_ip(&t.key.id).and_then(|ip| crate::network::reachability::eni_by_private_ip(&reg.network, ip)).is_none();
        let cacheable = instance.is_some_and(|i| i.state == crate::compute::InstanceState::Running && i.rebooting_until.is_none_or(|t| t <= now));
        plans.push(Plan { key: t.key.clone(), node, to: TargetKey { id: t.key.id.clone(), port }, nobody_there, cacheable });
    }
    (plans, nodes, resets, shown)
}

/// The check's request: `GET <path>` with the Host and User-Agent AWS's checker sends.
pub fn request(hc: &HealthCheck, target_ip: &str, port: u16, node_ip: u32) -> HttpRequest {
    let full = hc.path.as_deref().unwrap_or("/");
    let (path, query) = full.split_once('?').unwrap_or((full, ""));
    HttpRequest {
        method: "GET".into(),
        path: path.into(),
        query: query.into(),
        headers: vec![("Host".into(), format!("{target_ip}:{port}")), ("User-Agent".into(), "ELB-HealthChecker/2.0".into())],
        body: Vec::new(),
        client_ip: node_ip,
        client_port: crate::network::reachability::DEFAULT_EPHEMERAL_PORT,
    }
}

/// Judges one check. HTTP(S): the status must match the matcher. TCP: the connection must open
/// (an app that accepts and never answers still passes). No answer in time is `Target.Timeout`
/// (also when a security group or NACL drops the check: the node just hears nothing); refused,
/// reset or malformed is `Target.FailedHealthChecks`.
pub fn judge(hc: &HealthCheck, d: &Delivery, nobody_there: bool, at: crate::sim::Millis) -> CheckResult {
    let http = hc.protocol != "TCP";
    let fail =
        |reason: &'static str, status: Option<u16>, detail: String| CheckResult { at, passed: false, reason: Some(reason), status, detail: Some(detail) };
    match &d.reply {
        AppReply::Response { response, elapsed_ms } => {
            let ok = !http || hc.matcher.as_deref().is_none_or(|m| super::target_group::matcher_accepts(m, response.status));
            if ok {
                CheckResult { at, passed: true, reason: None, status: Some(response.status), detail: Some(format!("{} in {elapsed_ms} ms", response.status)) }
            } else {
                fail(
                    "Target.ResponseCodeMismatch",
                    Some(response.status),
                    format!("got {}, the matcher wants {}", response.status, hc.matcher.as_deref().unwrap_or("200")),
                )
            }
        }
        AppReply::NoAnswer if !http && d.blocked.is_none() && !nobody_there => {
            CheckResult { at, passed: true, reason: None, status: None, detail: Some("connection accepted".into()) }
        }
        AppReply::Malformed if !http => CheckResult { at, passed: true, reason: None, status: None, detail: Some("connection accepted".into()) },
        AppReply::NoAnswer => {
            let why = match &d.blocked {
                Some(b) => format!("dropped by the network: {b}"),
                None if nobody_there => "no host has this address".into(),
                None => format!("no answer within {} s", hc.timeout_s),
            };
            fail("Target.Timeout", None, why)
        }
        AppReply::Refused => fail("Target.FailedHealthChecks", None, "connection refused (nothing listens on the port, or the instance is down)".into()),
        AppReply::Reset => fail("Target.FailedHealthChecks", None, "connection reset".into()),
        AppReply::Malformed => fail("Target.FailedHealthChecks", None, "malformed HTTP response".into()),
    }
}

/// The description AWS shows for a failed check's reason.
pub fn description(result: &CheckResult) -> Option<String> {
    Some(match result.reason? {
        "Target.ResponseCodeMismatch" => format!("Health checks failed with these codes: [{}]", result.status.unwrap_or(0)),
        "Target.Timeout" => "Request timed out".into(),
        _ => "Health checks failed".into(),
    })
}

/// Moves a target along the thresholds after one check.
fn apply(t: &mut super::Target, hc: &HealthCheck, result: CheckResult) {
    t.checked = true;
    if result.passed {
        t.passes += 1;
        t.failures = 0;
        let becomes_healthy = match t.state {
            HealthState::Initial => true,
            HealthState::Unhealthy => t.passes >= hc.healthy_threshold,
            _ => false,
        };
        if becomes_healthy {
            t.state = HealthState::Healthy;
            t.reason = None;
            t.description = None;
            t.healthy_since = Some(result.at);
        }
    } else {
        t.failures += 1;
        t.passes = 0;
        match t.state {
            HealthState::Healthy | HealthState::Initial if t.failures >= hc.unhealthy_threshold => {
                t.state = HealthState::Unhealthy;
                t.healthy_since = None;
            }
            HealthState::Initial => {
                t.reason = Some("Elb.InitialHealthChecking");
                t.description = Some(super::targets::INITIAL_CHECKING.into());
            }
            _ => {}
        }
        if t.state == HealthState::Unhealthy {
            t.reason = result.reason;
            t.description = description(&result);
        }
    }
    t.history.push(result);
    if t.history.len() > HISTORY {
        t.history.remove(0);
    }
}

/// The checks' verdict no longer applies (instance stopped, group unused): start again from
/// `initial` when it does.
fn start_over(t: &mut super::Target) {
    t.state = HealthState::Initial;
    t.reason = Some("Elb.InitialHealthChecking");
    t.description = Some(super::targets::INITIAL_CHECKING.into());
    t.passes = 0;
    t.failures = 0;
    t.checked = false;
    t.healthy_since = None;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elb::http::HttpResponse;

    fn hc() -> HealthCheck {
        crate::elb::target_group::default_health(TargetType::Instance, Some("HTTP"), None, false)
    }

    fn reply(status: u16) -> Delivery {
        Delivery { reply: AppReply::Response { response: HttpResponse { status, ..Default::default() }, elapsed_ms: 2 }, blocked: None }
    }

    #[test]
    fn judging_follows_the_reason_codes() {
        let h = hc();
        assert!(judge(&h, &reply(200), false, 0).passed);
        let r = judge(&h, &reply(500), false, 0);
        assert_eq!(r.reason, Some("Target.ResponseCodeMismatch"));
        assert_eq!(description(&r).unwrap(), "Health checks failed with these codes: [500]");
        let r = judge(&h, &Delivery { reply: AppReply::NoAnswer, blocked: Some("x".into()) }, false, 0);
        assert_eq!((r.reason, description(&r).as_deref()), (Some("Target.Timeout"), Some("Request timed out")));
        let r = judge(&h, &Delivery { reply: AppReply::Refused, blocked: None }, false, 0);
        assert_eq!((r.reason, description(&r).as_deref()), (Some("Target.FailedHealthChecks"), Some("Health checks failed")));
        // A TCP check passes when the connection opens, even if the app never answers.
        let tcp = crate::elb::target_group::default_health(TargetType::Instance, Some("TCP"), None, false);
        assert!(judge(&tcp, &Delivery { reply: AppReply::NoAnswer, blocked: None }, false, 0).passed);
        assert!(!judge(&tcp, &Delivery { reply: AppReply::NoAnswer, blocked: Some("sg".into()) }, false, 0).passed);
        assert!(judge(&tcp, &reply(500), false, 0).passed);
    }

    #[test]
    fn thresholds_move_states() {
        let h = hc();
        let mut t = crate::elb::Target {
            key: TargetKey { id: "i-1".into(), port: 80 },
            az: None,
            registered_at: 0,
            state: HealthState::Initial,
            reason: None,
            description: None,
            passes: 0,
            failures: 0,
            checked: false,
            healthy_since: None,
            draining_until: None,
            outstanding: 0,
            history: vec![],
        };
        let pass = |at| judge(&h, &reply(200), false, at);
        let fail = |at| judge(&h, &reply(500), false, at);
        apply(&mut t, &h, pass(1));
        assert_eq!(t.state, HealthState::Healthy);
        apply(&mut t, &h, fail(2));
        assert_eq!(t.state, HealthState::Healthy);
        apply(&mut t, &h, fail(3));
        assert_eq!(t.state, HealthState::Unhealthy);
        for i in 0..4 {
            apply(&mut t, &h, pass(4 + i));
            assert_eq!(t.state, HealthState::Unhealthy);
        }
        apply(&mut t, &h, pass(9));
        assert_eq!(t.state, HealthState::Healthy);
        for i in 0..20 {
            apply(&mut t, &h, pass(10 + i));
        }
        assert_eq!(t.history.len(), HISTORY);
    }
}
