//! RegisterTargets, DeregisterTargets, DescribeTargetHealth.
use super::shared::Empty;
use crate::elb::targets::{self, TargetSpec};
use crate::error::ApiError;
use crate::world::World;
use serde::{Deserialize, Serialize};

/// botocore's `TargetDescription` (as sent).
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetIn {
    id: String,
    port: Option<i64>,
    availability_zone: Option<String>,
    quic_server_id: Option<String>,
}

fn specs(targets: Vec<TargetIn>) -> Vec<TargetSpec> {
    targets.into_iter().map(|t| TargetSpec { id: t.id, port: t.port, availability_zone: t.availability_zone }).collect()
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetsRequest {
    target_group_arn: String,
    targets: Vec<TargetIn>,
}

pub fn register_targets(w: &mut World, region: &str, r: TargetsRequest) -> Result<Empty, ApiError> {
    if r.targets.iter().any(|t| t.quic_server_id.is_some()) {
        return Err(crate::elb::target_group::validation(
            "QuicServerId can only be specified for targets of QUIC or TCP_QUIC target groups",
            "ec2lab's target groups are HTTP, HTTPS, TCP, TLS, UDP or TCP_UDP: leave QuicServerId out.",
            "QuicServerId는 QUIC 대상 그룹에만 씁니다. 빼고 등록하세요.",
        ));
    }
    targets::register(w, region, &r.target_group_arn, &specs(r.targets))?;
    Ok(Empty {})
}

pub fn deregister_targets(w: &mut World, region: &str, r: TargetsRequest) -> Result<Empty, ApiError> {
    targets::deregister(w, region, &r.target_group_arn, &specs(r.targets))?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeTargetHealthRequest {
    target_group_arn: String,
    targets: Option<Vec<TargetIn>>,
    include: Option<Vec<String>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetOut {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    availability_zone: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetHealthOut {
    state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AnomalyOut {
    result: String,
    mitigation_in_effect: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OverrideOut {
    state: String,
    reason: String,
    description: String,
}

/// botocore's `TargetHealthDescription`, members in the model's order.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetHealthDescription {
    target: TargetOut,
    #[serde(skip_serializing_if = "Option::is_none")]
    health_check_port: Option<String>,
    target_health: TargetHealthOut,
    #[serde(skip_serializing_if = "Option::is_none")]
    anomaly_detection: Option<AnomalyOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    administrative_override: Option<OverrideOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTargetHealthResponse {
    target_health_descriptions: Vec<TargetHealthDescription>,
}

pub fn describe_target_health(w: &mut World, region: &str, r: DescribeTargetHealthRequest) -> Result<DescribeTargetHealthResponse, ApiError> {
    let include = r.include.unwrap_or_default();
    for i in &include {
        if i != "AnomalyDetection" && i != "All" {
            return Err(crate::elb::target_group::validation(
                format!("1 validation error detected: Value '[{i}]' at 'include' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [AnomalyDetection, All]]"),
                "Include takes AnomalyDetection or All.",
                "Include에는 AnomalyDetection 또는 All을 씁니다.",
            ));
        }
    }
    let anomaly = !include.is_empty();
    let all = include.iter().any(|i| i == "All");
    let wanted = r.targets.map(specs);
    let rows = targets::describe(w, region, &r.target_group_arn, wanted.as_deref())?;
    let reg = w.region(region)?;
    let weighted = reg.elb.target_groups.get(&r.target_group_arn).and_then(|tg| tg.attribute("load_balancing.algorithm.type")) == Some("weighted_random");
    let target_health_descriptions = rows
        .into_iter()
        .map(|row| TargetHealthDescription {
            target: TargetOut { id: row.key.id, port: (row.key.port != 0).then_some(row.key.port), availability_zone: row.az },
            health_check_port: row.health_check_port,
            target_health: TargetHealthOut {
                state: row.health.state.name().into(),
                reason: row.health.reason.map(String::from),
                description: row.health.description,
            },
            // Anomaly detection runs for weighted_random groups; ec2lab sees no anomalies.
            anomaly_detection: (anomaly && weighted).then(|| AnomalyOut { result: "normal".into(), mitigation_in_effect: "no".into() }),
            administrative_override: all.then(|| OverrideOut {
                state: "no_override".into(),
                reason: "AdministrativeOverride.NoOverride".into(),
                description: "No override is currently active on target".into(),
            }),
        })
        .collect();
    Ok(DescribeTargetHealthResponse { target_health_descriptions })
}
