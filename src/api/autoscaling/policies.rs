//! PutScalingPolicy, DescribePolicies, DeletePolicy, ExecutePolicy.
use super::shapes::{page, Empty};
use crate::autoscaling::policy::{self, PolicySpec, TargetTrackingSpec};
use crate::autoscaling::{Policy, Step};
use crate::error::ApiError;
use crate::world::World;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Deserialize, Serialize, Clone)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StepShape {
    #[serde(skip_serializing_if = "Option::is_none")]
    metric_interval_lower_bound: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metric_interval_upper_bound: Option<f64>,
    scaling_adjustment: i64,
}

#[derive(Deserialize, Serialize, Clone)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PredefinedShape {
    predefined_metric_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource_label: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetTrackingIn {
    predefined_metric_specification: Option<PredefinedShape>,
    customized_metric_specification: Option<Value>,
    target_value: f64,
    disable_scale_in: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutScalingPolicyRequest {
    auto_scaling_group_name: String,
    policy_name: String,
    policy_type: Option<String>,
    adjustment_type: Option<String>,
    min_adjustment_step: Option<i64>,
    min_adjustment_magnitude: Option<i64>,
    scaling_adjustment: Option<i64>,
    cooldown: Option<i64>,
    metric_aggregation_type: Option<String>,
    step_adjustments: Option<Vec<StepShape>>,
    estimated_instance_warmup: Option<i64>,
    target_tracking_configuration: Option<TargetTrackingIn>,
    enabled: Option<bool>,
    predictive_scaling_configuration: Option<Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AlarmShape {
    alarm_name: String,
    #[serde(rename = "AlarmARN")]
    alarm_arn: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutScalingPolicyResponse {
    #[serde(rename = "PolicyARN")]
    policy_arn: String,
    alarms: Vec<AlarmShape>,
}

pub fn put_scaling_policy(w: &mut World, region: &str, r: PutScalingPolicyRequest) -> Result<PutScalingPolicyResponse, ApiError> {
    let tt = match r.target_tracking_configuration {
        Some(t) => {
            let predefined = if t.customized_metric_specification.is_some() { None } else { t.predefined_metric_specification };
            Some(TargetTrackingSpec {
                predefined_metric: predefined.as_ref().map(|p| p.predefined_metric_type.clone()),
                resource_label: predefined.and_then(|p| p.resource_label),
                target: Some(t.target_value),
                disable_scale_in: t.disable_scale_in.unwrap_or(false),
            })
        }
        None => None,
    };
    let spec = PolicySpec {
        group: r.auto_scaling_group_name,
        name: r.policy_name,
        policy_type: if r.predictive_scaling_configuration.is_some() && r.policy_type.is_none() { Some("PredictiveScaling".into()) } else { r.policy_type },
        adjustment_type: r.adjustment_type,
        min_adjustment_magnitude: r.min_adjustment_magnitude.or(r.min_adjustment_step),
        scaling_adjustment: r.scaling_adjustment,
        cooldown: r.cooldown,
        metric_aggregation_type: r.metric_aggregation_type,
        steps: r
            .step_adjustments
            .unwrap_or_default()
            .into_iter()
            .map(|s| Step { lower: s.metric_interval_lower_bound, upper: s.metric_interval_upper_bound, adjustment: s.scaling_adjustment })
            .collect(),
        warmup: r.estimated_instance_warmup,
        target_tracking: tt,
        enabled: r.enabled,
    };
    let (arn, alarms) = policy::put(w, region, spec)?;
    Ok(PutScalingPolicyResponse { policy_arn: arn, alarms: alarms.into_iter().map(|(n, a)| AlarmShape { alarm_name: n, alarm_arn: a }).collect() })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribePoliciesRequest {
    auto_scaling_group_name: Option<String>,
    policy_names: Option<Vec<String>>,
    policy_types: Option<Vec<String>>,
    next_token: Option<String>,
    max_records: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetTrackingShape {
    predefined_metric_specification: PredefinedShape,
    target_value: f64,
    disable_scale_in: bool,
}

/// BC:as/ScalingPolicy.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyShape {
    auto_scaling_group_name: String,
    policy_name: String,
    #[serde(rename = "PolicyARN")]
    policy_arn: String,
    policy_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    adjustment_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_adjustment_magnitude: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scaling_adjustment: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cooldown: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    step_adjustments: Vec<StepShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metric_aggregation_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    estimated_instance_warmup: Option<i64>,
    alarms: Vec<AlarmShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_tracking_configuration: Option<TargetTrackingShape>,
    enabled: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribePoliciesResponse {
    scaling_policies: Vec<PolicyShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

fn policy_shape(w: &World, region: &str, p: &Policy) -> PolicyShape {
    // The alarms whose actions name this policy (target tracking's own, or any the user wired).
    let alarms = w.regions[region]
        .alarms
        .alarms
        .values()
        .filter(|a| a.config.all_actions().any(|x| x == &p.arn))
        .map(|a| AlarmShape { alarm_name: a.config.name.clone(), alarm_arn: a.arn.clone() })
        .collect();
    PolicyShape {
        auto_scaling_group_name: p.group.clone(),
        policy_name: p.name.clone(),
        policy_arn: p.arn.clone(),
        policy_type: p.kind.name().to_string(),
        adjustment_type: p.adjustment_type.clone(),
        min_adjustment_magnitude: p.min_adjustment_magnitude,
        scaling_adjustment: p.scaling_adjustment,
        cooldown: p.cooldown,
        step_adjustments: p
            .steps
            .iter()
            .map(|s| StepShape { metric_interval_lower_bound: s.lower, metric_interval_upper_bound: s.upper, scaling_adjustment: s.adjustment })
            .collect(),
        metric_aggregation_type: p.metric_aggregation_type.clone(),
        estimated_instance_warmup: p.warmup,
        alarms,
        target_tracking_configuration: p.target_tracking.as_ref().map(|t| TargetTrackingShape {
            predefined_metric_specification: PredefinedShape { predefined_metric_type: t.metric_type.clone(), resource_label: t.resource_label.clone() },
            target_value: t.target,
            disable_scale_in: t.disable_scale_in,
        }),
        enabled: p.enabled,
    }
}

pub fn describe_policies(w: &World, region: &str, r: DescribePoliciesRequest) -> Result<DescribePoliciesResponse, ApiError> {
    let reg = w.region(region)?;
    let items: Vec<&Policy> = reg
        .autoscaling
        .policies
        .values()
        .filter(|p| reg.autoscaling.groups.get(&p.group).is_some_and(|g| !g.deleting))
        .filter(|p| r.auto_scaling_group_name.as_ref().is_none_or(|g| &p.group == g))
        .filter(|p| r.policy_names.as_ref().is_none_or(|n| n.is_empty() || n.contains(&p.name) || n.contains(&p.arn)))
        .filter(|p| r.policy_types.as_ref().is_none_or(|t| t.is_empty() || t.iter().any(|t| t == p.kind.name())))
        .collect();
    let pg = page(items, r.max_records, r.next_token.as_deref(), 50)?;
    Ok(DescribePoliciesResponse { scaling_policies: pg.items.into_iter().map(|p| policy_shape(w, region, p)).collect(), next_token: pg.next_token })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeletePolicyRequest {
    auto_scaling_group_name: Option<String>,
    policy_name: String,
}

pub fn delete_policy(w: &mut World, region: &str, r: DeletePolicyRequest) -> Result<Empty, ApiError> {
    policy::delete(w, region, r.auto_scaling_group_name.as_deref(), &r.policy_name)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ExecutePolicyRequest {
    auto_scaling_group_name: Option<String>,
    policy_name: String,
    honor_cooldown: Option<bool>,
    metric_value: Option<f64>,
    breach_threshold: Option<f64>,
}

pub fn execute_policy(w: &mut World, region: &str, r: ExecutePolicyRequest) -> Result<Empty, ApiError> {
    policy::execute(w, region, r.auto_scaling_group_name.as_deref(), &r.policy_name, r.honor_cooldown.unwrap_or(false), r.metric_value, r.breach_threshold)?;
    Ok(Empty {})
}
