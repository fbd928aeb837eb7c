//! Scaling activities: what the group did and why, in AWS's words.
use super::model::{Activity, Group};
use crate::sim::{clock::iso8601, IdGen, Millis};
use crate::world::World;

/// `2025-01-06T09:00:00Z`, the form AWS writes into causes.
pub fn at(ms: Millis) -> String {
    let s = iso8601(ms);
    // iso8601 has milliseconds; causes are written to the second.
    match s.split_once('.') {
        Some((head, _)) => format!("{head}Z"),
        None => s,
    }
}

pub fn details(subnet: &str, az: &str) -> String {
    format!("{{\"Subnet ID\":\"{subnet}\",\"Availability Zone\":\"{az}\"}}")
}

/// Records a new activity; returns its id.
pub fn start(w: &mut World, region: &str, g: &Group, description: String, cause: String, status: &str, details: String) -> String {
    let id = IdGen::request_id(&mut w.rng);
    let now = w.now();
    let end = matches!(status, "Successful" | "Failed" | "Cancelled").then_some(now);
    let progress = if end.is_some() { 100 } else { 0 };
    let a = Activity {
        id: id.clone(),
        group: g.name.clone(),
        group_arn: g.arn.clone(),
        description,
        cause,
        start: now,
        end,
        status: status.to_string(),
        message: None,
        progress,
        details,
    };
    if let Some(reg) = w.regions.get_mut(region) {
        reg.autoscaling.activities.push(a);
    }
    id
}

/// Moves an activity along (InProgress → WaitingForELBConnectionDraining → Successful ...).
pub fn update(w: &mut World, region: &str, id: &str, status: &str, progress: i64, message: Option<String>) {
    let now = w.now();
    let Some(reg) = w.regions.get_mut(region) else { return };
    if let Some(a) = reg.autoscaling.activities.iter_mut().rev().find(|a| a.id == id) {
        a.status = status.to_string();
        a.progress = progress;
        if message.is_some() {
            a.message = message;
        }
        if matches!(status, "Successful" | "Failed" | "Cancelled") {
            a.end = Some(now);
            a.progress = 100;
        }
    }
}
