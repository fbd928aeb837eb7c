//! `HealthChecks`: the checks behind DescribeTargetHealth, one line each (when, passed, the
//! status, why it failed: the security group that dropped it, the code the app returned). AWS
//! shows only "Request timed out"; this says which rule made it time out.
use crate::api::Timestamp;
use crate::elb::targets;
use crate::error::ApiError;
use crate::world::World;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetIn {
    id: String,
    port: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct HealthChecksRequest {
    target_group_arn: String,
    targets: Option<Vec<TargetIn>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CheckOut {
    time: Timestamp,
    passed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_code: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetChecks {
    id: String,
    port: u16,
    state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    /// Consecutive passes / failures of the current streak (against the thresholds).
    passes: u32,
    failures: u32,
    /// The last checks, oldest first.
    checks: Vec<CheckOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HealthChecksResponse {
    target_group_arn: String,
    interval_seconds: u32,
    healthy_threshold_count: u32,
    unhealthy_threshold_count: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_check_time: Option<Timestamp>,
    targets: Vec<TargetChecks>,
}

pub fn health_checks(w: &mut World, region: &str, r: HealthChecksRequest) -> Result<HealthChecksResponse, ApiError> {
    let reg = w.region(region)?;
    let tg = crate::elb::target_group::get(reg, &r.target_group_arn)?;
    let wanted = |id: &str, port: u16| match &r.targets {
        None => true,
        Some(ts) => ts.iter().any(|t| t.id == id && t.port.is_none_or(|p| p == i64::from(port))),
    };
    let targets = tg
        .targets
        .values()
        .filter(|t| wanted(&t.key.id, t.key.port))
        .map(|t| {
            let h = targets::health_of(reg, tg, t);
            TargetChecks {
                id: t.key.id.clone(),
                port: t.key.port,
                state: h.state.name(),
                reason: h.reason,
                description: h.description,
                passes: t.passes,
                failures: t.failures,
                checks: t
                    .history
                    .iter()
                    .map(|c| CheckOut { time: Timestamp(c.at), passed: c.passed, reason: c.reason, status_code: c.status, detail: c.detail.clone() })
                    .collect(),
            }
        })
        .collect();
    Ok(HealthChecksResponse {
        target_group_arn: tg.arn.clone(),
        interval_seconds: tg.health.interval_s,
        healthy_threshold_count: tg.health.healthy_threshold,
        unhealthy_threshold_count: tg.health.unhealthy_threshold,
        next_check_time: tg.next_check_at.map(Timestamp),
        targets,
    })
}
