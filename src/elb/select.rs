//! Picking a target: healthy ones (or all when none are: fail open), by the group's algorithm,
//! honouring stickiness cookies, cross-zone settings and slow start.
//!
//! Eligible targets are registered, not draining, in an AZ the load balancer has a node in, and
//! (instance targets) running. Healthy means `healthy`, or `unavailable` (health checks off).
//! Random choices (weighted_random, slow start's ramp, weighted forward) come from
//! [`draw`]: a hash of the world's seed and a counter, never the world's id stream, so sending
//! traffic does not shift the ids of resources created later.
use super::http::HttpRequest;
use super::model::{HealthState, LbType, LoadBalancer, TargetGroup, TargetKey, TargetType};
use crate::compute::InstanceState;
use crate::sim::Millis;
use crate::world::Region;

/// splitmix64: a well-mixed 64-bit value from (seed, counter).
pub fn draw(seed: u64, counter: u64) -> u64 {
    let mut z = seed ^ counter.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a: a stable hash of text and numbers (flow hashes, cookie checks).
pub fn fnv(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in *p {
            h ^= *b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h = (h ^ 0xff).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The AZ a target is in (None: unknown, e.g. an IP nobody holds).
pub fn target_az<'r>(reg: &'r Region, tg: &'r TargetGroup, key: &TargetKey) -> Option<&'r str> {
    if let Some(az) = tg.targets.get(key).and_then(|t| t.az.as_deref()) {
        return Some(az);
    }
    match tg.target_type {
        TargetType::Instance => reg.compute.instances.get(&key.id).map(|i| i.az.as_str()),
        _ => crate::network::parse_ip(&key.id).and_then(|ip| crate::network::reachability::eni_by_private_ip(&reg.network, ip)).map(|e| e.az.as_str()),
    }
}

/// Whether requests may go to this target at all, and if not why (for the trace).
pub fn ineligible(reg: &Region, lb: &LoadBalancer, tg: &TargetGroup, key: &TargetKey) -> Option<&'static str> {
    let t = tg.targets.get(key)?;
    if matches!(t.state, HealthState::Draining | HealthState::UnhealthyDraining) || t.draining_until.is_some() {
        return Some("draining");
    }
    if tg.target_type == TargetType::Instance && reg.compute.instances.get(&key.id).is_none_or(|i| i.state != InstanceState::Running) {
        return Some("not running");
    }
    if tg.target_type == TargetType::Ip
        && crate::network::parse_ip(&key.id)
            .and_then(|ip| crate::network::reachability::eni_by_private_ip(&reg.network, ip))
            .is_some_and(|e| e.requester_managed && e.description.starts_with("ELB "))
    {
        return Some("an address of a load balancer node (Target.IpUnusable)");
    }
    match target_az(reg, tg, key) {
        Some("all") => None,
        Some(az) if lb.nodes.iter().any(|n| n.az == az) => None,
        _ => Some("in an AZ the load balancer has no node in"),
    }
}

pub fn is_healthy(state: HealthState) -> bool {
    matches!(state, HealthState::Healthy | HealthState::Unavailable)
}

/// Whether the group spreads requests across AZs (its attribute, else the load balancer's:
/// always on for an ALB, the `load_balancing.cross_zone.enabled` attribute for an NLB).
pub fn cross_zone(lb: &LoadBalancer, tg: &TargetGroup) -> bool {
    match tg.attributes.get("load_balancing.cross_zone.enabled").map(String::as_str) {
        Some("true") => true,
        Some("false") => false,
        _ => lb.kind == LbType::Application || lb.attributes.get("load_balancing.cross_zone.enabled").is_some_and(|v| v == "true"),
    }
}

/// The targets requests may go to from a node in `node_az`, and how they were chosen.
pub struct Candidates {
    pub keys: Vec<TargetKey>,
    pub fail_open: bool,
    /// Registered targets (any state).
    pub registered: usize,
    pub note: String,
}

pub fn candidates(reg: &Region, lb: &LoadBalancer, tg: &TargetGroup, node_az: Option<&str>) -> Candidates {
    let cz = cross_zone(lb, tg);
    let eligible: Vec<(&TargetKey, HealthState)> = tg
        .targets
        .iter()
        .filter(|(k, _)| ineligible(reg, lb, tg, k).is_none())
        .filter(|(k, _)| cz || node_az.is_none() || target_az(reg, tg, k).is_some_and(|az| az == "all" || Some(az) == node_az))
        .map(|(k, t)| (k, t.state))
        .collect();
    // Health checks off: every target counts as healthy (Describe shows `unavailable`).
    let healthy: Vec<TargetKey> = eligible.iter().filter(|(_, s)| !tg.health.enabled || is_healthy(*s)).map(|(k, _)| (*k).clone()).collect();
    let zone = if cz { "cross-zone" } else { "this node's AZ only (cross-zone off)" };
    if !healthy.is_empty() {
        let note = format!("{} healthy of {} registered, {zone}", healthy.len(), tg.targets.len());
        return Candidates { keys: healthy, fail_open: false, registered: tg.targets.len(), note };
    }
    let keys: Vec<TargetKey> = eligible.into_iter().map(|(k, _)| k.clone()).collect();
    let note = if keys.is_empty() {
        format!("no eligible target ({} registered), {zone}", tg.targets.len())
    } else {
        format!("fail open: no healthy target, so all {} eligible targets get traffic, {zone}", keys.len())
    };
    Candidates { fail_open: !keys.is_empty(), keys, registered: tg.targets.len(), note }
}

/// The group's algorithm.
pub fn algorithm(tg: &TargetGroup) -> &str {
    tg.attributes.get("load_balancing.algorithm.type").map(String::as_str).unwrap_or("round_robin")
}

/// Slow start: the share (0..=1, in 1/1000) of a target that became healthy less than the
/// duration ago; 1000 otherwise.
fn ramp(tg: &TargetGroup, key: &TargetKey, now: Millis) -> u64 {
    let dur = tg.attributes.get("slow_start.duration_seconds").and_then(|v| v.parse::<u64>().ok()).unwrap_or(0) * 1000;
    match tg.targets.get(key).and_then(|t| t.healthy_since) {
        Some(since) if dur > 0 && now < since + dur => (1000 * (now - since) / dur).max(10),
        _ => 1000,
    }
}

/// Picks one of `keys` (non-empty) by the group's algorithm; `counter` feeds the draws.
/// Returns the index and how (for the trace). Advances the round-robin cursor.
pub fn pick(tg: &mut TargetGroup, keys: &[TargetKey], now: Millis, seed: u64, counter: u64, flow: Option<u64>) -> (usize, String) {
    let n = keys.len();
    if let Some(h) = flow {
        return ((h % n as u64) as usize, format!("flow hash of (client ip, client port, listener port) → {} of {n}", h % n as u64 + 1));
    }
    let ramps: Vec<u64> = keys.iter().map(|k| ramp(tg, k, now)).collect();
    let slow = ramps.iter().any(|r| *r < 1000);
    let alg = algorithm(tg).to_string();
    let weighted = |d: u64| {
        let total: u64 = ramps.iter().sum();
        let mut x = d % total.max(1);
        ramps.iter().position(|r| {
            if x < *r {
                true
            } else {
                x -= r;
                false
            }
        })
    };
    match alg.as_str() {
        "least_outstanding_requests" => {
            let start = (tg.cursor % n as u64) as usize;
            tg.cursor = tg.cursor.wrapping_add(1);
            let out = |k: &TargetKey| tg.targets.get(k).map_or(0, |t| t.outstanding);
            let i = (0..n).map(|j| (start + j) % n).min_by_key(|&i| out(&keys[i])).unwrap_or(0);
            (i, format!("least_outstanding_requests: {} in flight (fewest of {n})", out(&keys[i])))
        }
        "weighted_random" => {
            let i = weighted(draw(seed, counter)).unwrap_or(0);
            (i, format!("weighted_random: draw among {n}{}", if slow { " (slow start ramping)" } else { "" }))
        }
        _ if slow => {
            let i = weighted(draw(seed, counter)).unwrap_or(0);
            (i, format!("round_robin with slow start: weighted draw among {n} (new targets get a ramping share)"))
        }
        _ => {
            let i = (tg.cursor % n as u64) as usize;
            tg.cursor = tg.cursor.wrapping_add(1);
            (i, format!("round_robin: {} of {n}", i + 1))
        }
    }
}

/// Cookie values: readable on purpose (AWS encrypts its own): `<group id>.<target>.<port>.<check>`.
pub fn cookie_for(tg_arn: &str, key: &TargetKey) -> String {
    let id = tg_arn.rsplit('/').next().unwrap_or("");
    let check = fnv(&[tg_arn.as_bytes(), key.id.as_bytes(), &key.port.to_be_bytes()]) & 0xffff_ffff;
    format!("{id}.{}.{}.{check:08x}", key.id, key.port)
}

/// The target a cookie names, if it was made for this group.
pub fn target_from_cookie(tg_arn: &str, value: &str) -> Option<TargetKey> {
    let mut parts = value.rsplitn(3, '.');
    let (_check, port, rest) = (parts.next()?, parts.next()?.parse::<u16>().ok()?, parts.next()?);
    let (_, id) = rest.split_once('.')?;
    let key = TargetKey { id: id.to_string(), port };
    (cookie_for(tg_arn, &key) == value).then_some(key)
}

/// The value of the cookie `name` in the request's Cookie headers.
pub fn request_cookie<'a>(req: &'a HttpRequest, name: &str) -> Option<&'a str> {
    req.headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("cookie"))
        .flat_map(|(_, v)| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// An HTTP date (RFC 7231) from virtual time.
pub fn http_date(ms: Millis) -> String {
    let secs = ms / 1000;
    let days = (secs / 86400) as i64;
    let (h, m, s) = (secs % 86400 / 3600, secs % 3600 / 60, secs % 60);
    // civil from days (Howard Hinnant)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if mo <= 2 { 1 } else { 0 };
    let wd = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days.rem_euclid(7)) as usize];
    let mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][(mo - 1) as usize];
    format!("{wd}, {d:02} {mon} {y} {h:02}:{m:02}:{s:02} GMT")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_round_trip_and_refuse_other_groups() {
        let key = TargetKey { id: "i-0abc".into(), port: 8000 };
        let arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef";
        let c = cookie_for(arn, &key);
        assert_eq!(target_from_cookie(arn, &c), Some(key.clone()));
        assert_eq!(target_from_cookie("arn:other/x/1", &c), None);
        let ip = TargetKey { id: "10.0.1.5".into(), port: 80 };
        assert_eq!(target_from_cookie(arn, &cookie_for(arn, &ip)), Some(ip));
        assert_eq!(target_from_cookie(arn, "garbage"), None);
    }

    #[test]
    fn http_dates_and_cookies_in_requests() {
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(1_700_000_000_000), "Tue, 14 Nov 2023 22:13:20 GMT");
        let req = HttpRequest { headers: vec![("Cookie".into(), "a=1; AWSALB=xyz".into())], ..Default::default() };
        assert_eq!(request_cookie(&req, "AWSALB"), Some("xyz"));
        assert_eq!(request_cookie(&req, "b"), None);
    }
}
