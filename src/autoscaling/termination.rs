//! Which instances a scale-in terminates (AS:ec2-auto-scaling-termination-policies).
//!
//! Modelled: members protected from scale-in are never chosen; the AZ with the most members
//! goes first (balance); then the group's TerminationPolicies in order (`OldestInstance`,
//! `NewestInstance`, `OldestLaunchTemplate`, `ClosestToNextInstanceHour`; `Default` =
//! OldestLaunchTemplate then ClosestToNextInstanceHour); AWS then picks at random among ties,
//! ec2lab picks the lowest instance id so that runs are repeatable.
use super::model::{Group, Lifecycle, Member};
use crate::compute::launch_templates as lt;
use crate::sim::Millis;
use crate::world::World;

const HOUR_MS: Millis = 3_600_000;

/// Keeps the members with the smallest key.
fn keep_min<K: PartialOrd + Copy>(c: &mut Vec<&Member>, key: impl Fn(&Member) -> K) {
    let Some(best) = c.iter().map(|m| key(m)).reduce(|a, b| if b < a { b } else { a }) else { return };
    c.retain(|m| key(m) == best);
}

pub fn choose(w: &World, region: &str, g: &Group, k: usize) -> Vec<String> {
    let now = w.now();
    let current = lt::find(w, region, Some(&g.template.id), None).ok().and_then(|t| lt::resolve_version(t, Some(&g.template.version)).ok()).unwrap_or(i64::MAX);
    let mut chosen: Vec<String> = Vec::new();
    for _ in 0..k {
        let live: Vec<&Member> = g
            .members
            .values()
            .filter(|m| matches!(m.lifecycle, Lifecycle::Pending | Lifecycle::InService) && m.unhealthy.is_none() && !chosen.contains(&m.id))
            .collect();
        let mut c: Vec<&Member> = live.iter().copied().filter(|m| !m.protected_from_scale_in).collect();
        if c.is_empty() {
            break;
        }
        // AZ balance: the AZ holding the most members.
        let per_az = |az: &str| live.iter().filter(|m| m.az == az).count();
        let most = c.iter().map(|m| per_az(&m.az)).max().unwrap_or(0);
        c.retain(|m| per_az(&m.az) == most);
        let policies: Vec<&str> = if g.termination_policies.is_empty() { vec!["Default"] } else { g.termination_policies.iter().map(String::as_str).collect() };
        for p in policies {
            match p {
                "OldestInstance" => keep_min(&mut c, |m| m.launched_at),
                "NewestInstance" => keep_min(&mut c, |m| u64::MAX - m.launched_at),
                "OldestLaunchTemplate" => {
                    keep_min(&mut c, |m| (m.template.id == g.template.id, if m.template.id == g.template.id { m.template_version.min(current) } else { 0 }))
                }
                "ClosestToNextInstanceHour" => keep_min(&mut c, |m| HOUR_MS - (now.saturating_sub(m.launched_at) % HOUR_MS)),
                _ => {
                    keep_min(&mut c, |m| (m.template.id == g.template.id, if m.template.id == g.template.id { m.template_version.min(current) } else { 0 }));
                    keep_min(&mut c, |m| HOUR_MS - (now.saturating_sub(m.launched_at) % HOUR_MS));
                }
            }
        }
        if let Some(m) = c.iter().min_by(|a, b| a.id.cmp(&b.id)) {
            chosen.push(m.id.clone());
        }
    }
    chosen
}
