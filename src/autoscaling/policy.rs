//! Scaling policies: simple (with cooldown), step (adjustments relative to the alarm threshold,
//! warm-up aware) and target tracking (owns two alarms; scales out if any policy says so, in
//! only when all agree), and what an alarm action on a policy ARN does to its group.
use super::activity::at;
use super::errors::{group_not_found_null, validation};
use super::model::{Group, Lifecycle, Policy, PolicyType, Step, TargetTracking};
use super::reconcile;
use crate::alarms::{AlarmConfig, Comparison, Statistic};
use crate::error::ApiError;
use crate::sim::{IdGen, Millis};
use crate::world::{World, ACCOUNT_ID};

/// The PutScalingPolicy members, typed.
#[derive(Debug, Clone, Default)]
pub struct PolicySpec {
    pub group: String,
    pub name: String,
    pub policy_type: Option<String>,
    pub adjustment_type: Option<String>,
    pub min_adjustment_magnitude: Option<i64>,
    pub scaling_adjustment: Option<i64>,
    pub cooldown: Option<i64>,
    pub metric_aggregation_type: Option<String>,
    pub steps: Vec<Step>,
    pub warmup: Option<i64>,
    pub target_tracking: Option<TargetTrackingSpec>,
    pub enabled: Option<bool>,
}

/// TargetTrackingConfiguration, typed (None: not given, or a customized metric).
#[derive(Debug, Clone, Default)]
pub struct TargetTrackingSpec {
    pub predefined_metric: Option<String>,
    pub resource_label: Option<String>,
    pub target: Option<f64>,
    pub disable_scale_in: bool,
}

pub const ADJUSTMENT_TYPES: &[&str] = &["ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity"];
pub const PREDEFINED_METRICS: &[&str] = &["ASGAverageCPUUtilization", "ASGAverageNetworkIn", "ASGAverageNetworkOut", "ALBRequestCountPerTarget"];

/// Target tracking's alarms (AS:as-scaling-target-tracking): out after 3 breaching minutes,
/// in after 15 minutes below 90 % of the target.
pub const HIGH_POINTS: u32 = 3;
pub const LOW_POINTS: u32 = 15;
pub const LOW_FRACTION: f64 = 0.9;
/// A target-tracking policy's low alarm "agrees" to scale in while its last call is this recent
/// (actions repeat every minute while the alarm stays in ALARM).
pub const AGREE_WINDOW_MS: Millis = 60_000;

fn policy_arn(w: &mut World, region: &str, group: &str, name: &str) -> String {
    let uuid = IdGen::request_id(&mut w.rng);
    format!("arn:aws:autoscaling:{region}:{ACCOUNT_ID}:scalingPolicy:{uuid}:autoScalingGroupName/{group}:policyName/{name}")
}

/// The names of the alarms target-tracking policies of `group` own.
pub fn owned_alarms(w: &World, region: &str, group: &str) -> Vec<String> {
    w.regions.get(region).map_or(vec![], |r| {
        r.autoscaling
            .policies
            .values()
            .filter(|p| p.group == group)
            .filter_map(|p| p.target_tracking.as_ref())
            .flat_map(|t| [t.high_alarm.clone(), t.low_alarm.clone()])
            .collect()
    })
}

fn check_steps(steps: &[Step]) -> Result<(), ApiError> {
    let bad = |msg: &str| {
        validation(
            msg.to_string(),
            "Step adjustments are intervals of (metric - threshold): no overlaps, no gaps, and only the first/last may be open-ended.",
            "단계 조정은 (지표 - 임계값)의 구간입니다. 겹치거나 빈 곳이 없어야 하고, 처음/마지막 구간만 한쪽이 열려 있을 수 있습니다.",
        )
    };
    if steps.is_empty() {
        return Err(bad("Step adjustments must be specified for a StepScaling policy."));
    }
    let mut s: Vec<Step> = steps.to_vec();
    s.sort_by(|a, b| a.lower.unwrap_or(f64::NEG_INFINITY).total_cmp(&b.lower.unwrap_or(f64::NEG_INFINITY)));
    for st in &s {
        if let (Some(l), Some(u)) = (st.lower, st.upper) {
            if l >= u {
                return Err(bad("The upper bound of a step adjustment must be greater than its lower bound."));
            }
        }
        if st.lower.is_none() && st.upper.is_none() && s.len() > 1 {
            return Err(bad("Only one step adjustment can have both bounds unset."));
        }
    }
    for pair in s.windows(2) {
        if pair[0].upper != pair[1].lower {
            return Err(bad("Step adjustments must not overlap and must not have gaps between them."));
        }
    }
    Ok(())
}

pub fn put(w: &mut World, region: &str, spec: PolicySpec) -> Result<(String, Vec<(String, String)>), ApiError> {
    let g = w.region(region)?.autoscaling.groups.get(&spec.group).filter(|g| !g.deleting).ok_or_else(group_not_found_null)?.clone();
    let kind = match spec.policy_type.as_deref().unwrap_or("SimpleScaling") {
        "SimpleScaling" => PolicyType::Simple,
        "StepScaling" => PolicyType::Step,
        "TargetTrackingScaling" => PolicyType::TargetTracking,
        "PredictiveScaling" => {
            return Err(ApiError::new("NotImplemented", "ec2lab does not simulate predictive scaling.")
                .status(501)
                .hint("Use TargetTrackingScaling, StepScaling or SimpleScaling.", "TargetTrackingScaling, StepScaling 또는 SimpleScaling을 쓰세요."))
        }
        other => {
            return Err(validation(
                format!("Invalid policy type: {other}"),
                "PolicyType is SimpleScaling (default), StepScaling, TargetTrackingScaling or PredictiveScaling.",
                "PolicyType은 SimpleScaling(기본), StepScaling, TargetTrackingScaling, PredictiveScaling입니다.",
            ))
        }
    };
    if let Some(a) = &spec.adjustment_type {
        if !ADJUSTMENT_TYPES.contains(&a.as_str()) {
            return Err(validation(
                format!("Invalid adjustment type: {a}"),
                "AdjustmentType is ChangeInCapacity, ExactCapacity or PercentChangeInCapacity.",
                "AdjustmentType은 ChangeInCapacity, ExactCapacity, PercentChangeInCapacity입니다.",
            ));
        }
    }
    if spec.min_adjustment_magnitude.is_some() && spec.adjustment_type.as_deref() != Some("PercentChangeInCapacity") {
        return Err(validation(
            "MinAdjustmentMagnitude may only be specified when AdjustmentType is PercentChangeInCapacity",
            "MinAdjustmentMagnitude rounds small percentage changes up; it applies only to PercentChangeInCapacity.",
            "MinAdjustmentMagnitude는 작은 백분율 변경을 올림합니다. PercentChangeInCapacity에만 씁니다.",
        ));
    }
    let mut tt = None;
    match kind {
        PolicyType::Simple => {
            if spec.scaling_adjustment.is_none() {
                return Err(validation(
                    "ScalingAdjustment is required for SimpleScaling policy",
                    "A simple policy changes capacity by ScalingAdjustment (with AdjustmentType).",
                    "단순 정책은 ScalingAdjustment(와 AdjustmentType)만큼 용량을 바꿉니다.",
                ));
            }
            if !spec.steps.is_empty() {
                return Err(validation(
                    "StepAdjustments are not supported for SimpleScaling policy type",
                    "Use PolicyType='StepScaling' for StepAdjustments.",
                    "StepAdjustments에는 PolicyType='StepScaling'을 쓰세요.",
                ));
            }
        }
        PolicyType::Step => {
            if spec.scaling_adjustment.is_some() || spec.cooldown.is_some() {
                return Err(validation(
                    "ScalingAdjustment and Cooldown are not supported for StepScaling policy type",
                    "A step policy takes StepAdjustments (and EstimatedInstanceWarmup instead of a cooldown).",
                    "단계 정책은 StepAdjustments(쿨다운 대신 EstimatedInstanceWarmup)를 받습니다.",
                ));
            }
            check_steps(&spec.steps)?;
        }
        PolicyType::TargetTracking => {
            let Some(TargetTrackingSpec { predefined_metric: metric, resource_label: label, target, disable_scale_in: disable_in }) =
                spec.target_tracking.clone()
            else {
                return Err(validation(
                    "TargetTrackingConfiguration is required for TargetTrackingScaling policy type",
                    "Give TargetTrackingConfiguration={'PredefinedMetricSpecification': {'PredefinedMetricType': 'ASGAverageCPUUtilization'}, 'TargetValue': 50}.",
                    "TargetTrackingConfiguration={'PredefinedMetricSpecification': {'PredefinedMetricType': 'ASGAverageCPUUtilization'}, 'TargetValue': 50}을 주세요.",
                ));
            };
            let Some(metric) = metric.filter(|m| PREDEFINED_METRICS.contains(&m.as_str())) else {
                return Err(ApiError::new("NotImplemented", "ec2lab tracks predefined metrics only (CustomizedMetricSpecification is not modelled).")
                    .status(501)
                    .hint(
                        "Use PredefinedMetricType ASGAverageCPUUtilization, ASGAverageNetworkIn/Out or ALBRequestCountPerTarget.",
                        "PredefinedMetricType ASGAverageCPUUtilization, ASGAverageNetworkIn/Out, ALBRequestCountPerTarget을 쓰세요.",
                    ));
            };
            let target = target.unwrap_or(f64::NAN);
            if !target.is_finite() || target <= 0.0 {
                return Err(validation(
                    "TargetValue must be greater than 0.",
                    "TargetValue is the metric's level to hold (e.g. 50 for 50 % CPU).",
                    "TargetValue는 유지할 지표 수준입니다(예: CPU 50%면 50).",
                ));
            }
            if metric == "ALBRequestCountPerTarget" {
                let ok = label.as_deref().is_some_and(|l| {
                    let tg_suffix = l.split_once("/targetgroup/").map(|(_, t)| format!("targetgroup/{t}"));
                    tg_suffix.is_some_and(|s| g.target_groups.iter().any(|a| a.ends_with(&s)))
                });
                if !ok {
                    return Err(validation(
                        "Metric ALBRequestCountPerTarget requires a ResourceLabel naming a target group attached to the Auto Scaling group (app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>).",
                        "ResourceLabel is the end of the ALB's ARN after 'loadbalancer/', '/', and the end of the target group's ARN from 'targetgroup/'; the target group must be attached to the group.",
                        "ResourceLabel은 ALB ARN의 'loadbalancer/' 뒤 부분 + '/' + 대상 그룹 ARN의 'targetgroup/'부터입니다. 대상 그룹은 그룹에 연결되어 있어야 합니다.",
                    ));
                }
            }
            tt = Some((metric, label, target, disable_in));
        }
    }
    // Re-putting a policy replaces it (its alarms too, for target tracking).
    let existing = w.regions[region].autoscaling.policies.values().find(|p| p.group == g.name && p.name == spec.name).cloned();
    let arn = match &existing {
        Some(p) => p.arn.clone(),
        None => policy_arn(w, region, &g.name, &spec.name),
    };
    let mut alarms_out = Vec::new();
    let target_tracking = match tt {
        Some((metric, label, target, disable_in)) => {
            let (high, low) = match existing.as_ref().and_then(|p| p.target_tracking.as_ref()) {
                Some(t) => (t.high_alarm.clone(), t.low_alarm.clone()),
                None => {
                    let u = IdGen::request_id(&mut w.rng);
                    (format!("TargetTracking-{}-AlarmHigh-{u}", g.name), format!("TargetTracking-{}-AlarmLow-{u}", g.name))
                }
            };
            let (namespace, metric_name, dims, stat) = metric_of(&g, &metric, label.as_deref());
            let cfg = |name: &str, high_side: bool| AlarmConfig {
                name: name.to_string(),
                description: Some(format!("DO NOT EDIT OR DELETE. For TargetTrackingScaling policy {arn}.")),
                alarm_actions: vec![arn.clone()],
                namespace: namespace.to_string(),
                metric_name: metric_name.to_string(),
                dimensions: dims.clone(),
                statistic: Some(stat),
                period: 60,
                evaluation_periods: if high_side { HIGH_POINTS } else { LOW_POINTS },
                datapoints_to_alarm: Some(if high_side { HIGH_POINTS } else { LOW_POINTS }),
                threshold: if high_side { target } else { target * LOW_FRACTION },
                comparison: if high_side { Comparison::GreaterThanThreshold } else { Comparison::LessThanThreshold },
                ..Default::default()
            };
            crate::alarms::put_metric_alarm(w, region, cfg(&high, true))?;
            if disable_in {
                let _ = crate::alarms::delete_alarms(w, region, std::slice::from_ref(&low));
            } else {
                crate::alarms::put_metric_alarm(w, region, cfg(&low, false))?;
            }
            let alarm_arn = |n: &str| format!("arn:aws:cloudwatch:{region}:{ACCOUNT_ID}:alarm:{n}");
            alarms_out.push((high.clone(), alarm_arn(&high)));
            if !disable_in {
                alarms_out.push((low.clone(), alarm_arn(&low)));
            }
            Some(TargetTracking { metric_type: metric, resource_label: label, target, disable_scale_in: disable_in, high_alarm: high, low_alarm: low })
        }
        None => {
            if let Some(t) = existing.as_ref().and_then(|p| p.target_tracking.as_ref()) {
                let _ = crate::alarms::delete_alarms(w, region, &[t.high_alarm.clone(), t.low_alarm.clone()]);
            }
            None
        }
    };
    let p = Policy {
        arn: arn.clone(),
        name: spec.name,
        group: g.name.clone(),
        kind,
        adjustment_type: match kind {
            PolicyType::TargetTracking => None,
            _ => Some(spec.adjustment_type.unwrap_or_else(|| "ChangeInCapacity".into())),
        },
        min_adjustment_magnitude: spec.min_adjustment_magnitude,
        scaling_adjustment: spec.scaling_adjustment,
        cooldown: spec.cooldown,
        steps: spec.steps,
        metric_aggregation_type: match kind {
            PolicyType::Step => Some(spec.metric_aggregation_type.unwrap_or_else(|| "Average".into())),
            _ => None,
        },
        warmup: spec.warmup,
        target_tracking,
        enabled: spec.enabled.unwrap_or(true),
        last_low: None,
    };
    w.region_mut(region)?.autoscaling.policies.insert(arn.clone(), p);
    Ok((arn, alarms_out))
}

/// The metric a target-tracking policy holds at its target: namespace, name, dimensions, statistic.
fn metric_of(g: &Group, metric: &str, label: Option<&str>) -> (&'static str, &'static str, Vec<(String, String)>, Statistic) {
    let asg = vec![("AutoScalingGroupName".to_string(), g.name.clone())];
    match metric {
        "ASGAverageNetworkIn" => ("AWS/EC2", "NetworkIn", asg, Statistic::Average),
        "ASGAverageNetworkOut" => ("AWS/EC2", "NetworkOut", asg, Statistic::Average),
        "ALBRequestCountPerTarget" => {
            let l = label.unwrap_or("");
            let (lb, tg) = l.split_once("/targetgroup/").map(|(a, b)| (a.to_string(), format!("targetgroup/{b}"))).unwrap_or_default();
            ("AWS/ApplicationELB", "RequestCountPerTarget", vec![("LoadBalancer".into(), lb), ("TargetGroup".into(), tg)], Statistic::Sum)
        }
        _ => ("AWS/EC2", "CPUUtilization", asg, Statistic::Average),
    }
}

pub fn find<'w>(w: &'w World, region: &str, group: Option<&str>, name: &str) -> Result<&'w Policy, ApiError> {
    let reg = w.region(region)?;
    // PolicyName may be the policy's name (with the group) or its ARN.
    let hit = reg.autoscaling.policies.get(name).or_else(|| reg.autoscaling.policies.values().find(|p| p.name == name && group.is_none_or(|g| p.group == g)));
    hit.ok_or_else(|| {
        validation(
            format!("The scaling policy {name} does not exist{}", group.map(|g| format!(" for the Auto Scaling group {g}")).unwrap_or_default()),
            "No scaling policy has this name (or ARN) for the group; list them with describe_policies.",
            "그룹에 이 이름(또는 ARN)의 조정 정책이 없습니다. describe_policies로 목록을 보세요.",
        )
    })
}

pub fn delete(w: &mut World, region: &str, group: Option<&str>, name: &str) -> Result<(), ApiError> {
    if let Some(g) = group {
        w.region(region)?.autoscaling.groups.get(g).ok_or_else(group_not_found_null)?;
    }
    let p = find(w, region, group, name)?.clone();
    if let Some(t) = &p.target_tracking {
        let _ = crate::alarms::delete_alarms(w, region, &[t.high_alarm.clone(), t.low_alarm.clone()]);
    }
    w.region_mut(region)?.autoscaling.policies.remove(&p.arn);
    Ok(())
}

/// Capacity after a simple/step adjustment of `adj` from `current`.
fn adjusted(p: &Policy, current: i64, adj: i64) -> i64 {
    match p.adjustment_type.as_deref() {
        Some("ExactCapacity") => adj,
        Some("PercentChangeInCapacity") => {
            let raw = current as f64 * adj as f64 / 100.0;
            // AWS: 0 < |x| < 1 rounds to ±1; otherwise toward zero.
            let mut d = if raw > 0.0 && raw < 1.0 {
                1
            } else if raw < 0.0 && raw > -1.0 {
                -1
            } else {
                raw.trunc() as i64
            };
            if let Some(m) = p.min_adjustment_magnitude {
                if d != 0 && d.abs() < m {
                    d = d.signum() * m;
                }
            }
            current + d
        }
        _ => current + adj,
    }
}

/// Instances still warming up (Pending, or InService for less than the warm-up).
fn warming(g: &Group, p: &Policy, now: Millis) -> i64 {
    let warm_ms = (p.warmup.or(g.default_instance_warmup).unwrap_or(g.default_cooldown).max(0) as u64) * 1000;
    g.members
        .values()
        .filter(|m| m.unhealthy.is_none())
        .filter(|m| m.lifecycle == Lifecycle::Pending || (m.lifecycle == Lifecycle::InService && m.in_service_at.is_some_and(|t| now < t + warm_ms)))
        .count() as i64
}

fn step_for(steps: &[Step], diff: f64) -> Option<i64> {
    steps
        .iter()
        .find(|s| {
            let lo = s.lower.unwrap_or(f64::NEG_INFINITY);
            let hi = s.upper.unwrap_or(f64::INFINITY);
            // Above the threshold the lower bound is inclusive; below it the upper bound is.
            if diff >= 0.0 {
                diff >= lo && diff < hi
            } else {
                diff > lo && diff <= hi
            }
        })
        .map(|s| s.adjustment)
}

/// What triggered a policy, for the activity's cause.
pub enum Trigger<'a> {
    Alarm(&'a str),
    User,
}

/// Runs a policy once: the new desired capacity, or None when it does nothing (cooldown,
/// warm-up, no matching step, scale-in not agreed).
fn evaluate(w: &mut World, region: &str, p: &Policy, alarm: Option<&str>, value: Option<f64>, threshold: Option<f64>, honor_cooldown: bool) -> Option<i64> {
    let now = w.now();
    let g = w.regions.get(region)?.autoscaling.groups.get(&p.group).filter(|g| !g.deleting)?.clone();
    let busy = g.members.values().any(|m| matches!(m.lifecycle, Lifecycle::Pending | Lifecycle::Terminating));
    match p.kind {
        PolicyType::Simple => {
            if honor_cooldown && (now < g.cooldown_until || busy) {
                return None;
            }
            Some(adjusted(p, g.desired, p.scaling_adjustment?))
        }
        PolicyType::Step => {
            let adj = step_for(&p.steps, value? - threshold?)?;
            if adj > 0 || p.adjustment_type.as_deref() == Some("ExactCapacity") {
                // Instances still warming up count as this breach's answer already.
                let base = g.desired - warming(&g, p, now);
                Some(adjusted(p, base, adj).max(g.desired))
            } else {
                if g.members.values().any(|m| m.lifecycle == Lifecycle::Terminating) {
                    return None;
                }
                Some(adjusted(p, g.desired, adj))
            }
        }
        PolicyType::TargetTracking => {
            let t = p.target_tracking.as_ref()?;
            let v = value?;
            let wanted = ((g.desired.max(1) as f64) * v / t.target).ceil() as i64;
            if alarm == Some(t.low_alarm.as_str()) {
                if t.disable_scale_in {
                    return None;
                }
                let wanted = wanted.min(g.desired);
                if let Some(pm) = w.regions.get_mut(region).and_then(|r| r.autoscaling.policies.get_mut(&p.arn)) {
                    pm.last_low = Some((now, wanted));
                }
                // Scale in only when every target-tracking policy of the group wants to.
                let mut agreed = wanted;
                for q in w.regions[region].autoscaling.policies.values().filter(|q| q.group == g.name && q.kind == PolicyType::TargetTracking) {
                    if q.target_tracking.as_ref().is_some_and(|t| t.disable_scale_in) {
                        continue;
                    }
                    match q.last_low {
                        Some((at, c)) if now.saturating_sub(at) <= AGREE_WINDOW_MS => agreed = agreed.max(c),
                        _ => return None,
                    }
                }
                if g.members.values().any(|m| m.lifecycle == Lifecycle::Terminating) {
                    return None;
                }
                Some(agreed)
            } else {
                // Scale out from the instances past their warm-up: those still warming count as
                // this breach's answer already (AWS leaves them out of the aggregated metric).
                let base = (g.desired - warming(&g, p, now)).max(1);
                let wanted = ((base as f64) * v / t.target).ceil() as i64;
                Some(wanted.max(g.desired))
            }
        }
    }
}

/// Applies a policy's decision to its group, with AWS's cause text.
fn apply(w: &mut World, region: &str, p: &Policy, trigger: Trigger, new: i64) {
    let now = w.now();
    let Some(g) = w.regions.get_mut(region).and_then(|r| r.autoscaling.groups.get_mut(&p.group)) else { return };
    let new = new.clamp(g.min, g.max);
    if p.kind == PolicyType::Simple {
        g.cooldown_until = now + (p.cooldown.unwrap_or(g.default_cooldown).max(0) as u64) * 1000;
    }
    if new == g.desired {
        return;
    }
    let why = match trigger {
        Trigger::Alarm(a) => format!("a monitor alarm {a} in state ALARM triggered policy {}", p.name),
        Trigger::User => format!("a user request executed policy {}", p.name),
    };
    g.pending_cause = Some(format!("At {} {why} changing the desired capacity from {} to {new}.", at(now), g.desired));
    g.desired = new;
    let name = g.name.clone();
    reconcile::reconcile(w, region, &name);
}

/// Called by the alarms domain each time an alarm whose actions include `policy_arn` is
/// evaluated in the state that triggers it (every minute while in ALARM, as AWS repeats
/// Auto Scaling actions). `metric_value` is the breaching datapoint (None when the state came
/// from missing data or SetAlarmState); `threshold` is the alarm's threshold (step adjustments
/// are relative to it). An unknown or deleted policy is ignored, as AWS drops the action.
pub fn on_alarm(w: &mut World, region: &'static str, policy_arn: &str, alarm_name: &str, metric_value: Option<f64>, threshold: f64) {
    let Some(p) = w.regions.get(region).and_then(|r| r.autoscaling.policies.get(policy_arn)).cloned() else { return };
    if !p.enabled {
        return;
    }
    if let Some(new) = evaluate(w, region, &p, Some(alarm_name), metric_value, Some(threshold), true) {
        apply(w, region, &p, Trigger::Alarm(alarm_name), new);
    }
}

/// ExecutePolicy: runs a simple or step policy now (HonorCooldown off by default).
pub fn execute(
    w: &mut World,
    region: &str,
    group: Option<&str>,
    name: &str,
    honor_cooldown: bool,
    value: Option<f64>,
    threshold: Option<f64>,
) -> Result<(), ApiError> {
    if let Some(g) = group {
        w.region(region)?.autoscaling.groups.get(g).filter(|g| !g.deleting).ok_or_else(group_not_found_null)?;
    }
    let p = find(w, region, group, name)?.clone();
    match p.kind {
        PolicyType::TargetTracking => {
            return Err(validation(
                "ExecutePolicy is not supported for a target tracking scaling policy.",
                "Target tracking acts on its own alarms; to change capacity by hand use set_desired_capacity.",
                "대상 추적 정책은 자체 경보로 동작합니다. 직접 용량을 바꾸려면 set_desired_capacity를 쓰세요.",
            ))
        }
        PolicyType::Step if value.is_none() || threshold.is_none() => {
            return Err(validation(
                "MetricValue and BreachThreshold are required for a StepScaling policy.",
                "A step policy picks its step from MetricValue - BreachThreshold: pass both.",
                "단계 정책은 MetricValue - BreachThreshold로 단계를 고릅니다. 둘 다 넘기세요.",
            ))
        }
        PolicyType::Simple if value.is_some() || threshold.is_some() => {
            return Err(validation(
                "MetricValue and BreachThreshold are only supported for a StepScaling policy.",
                "A simple policy ignores metric values; call it without MetricValue/BreachThreshold.",
                "단순 정책은 지표 값을 쓰지 않습니다. MetricValue/BreachThreshold 없이 호출하세요.",
            ))
        }
        _ => {}
    }
    if honor_cooldown && p.kind == PolicyType::Simple {
        let now = w.now();
        let g = &w.regions[region].autoscaling.groups[&p.group];
        if now < g.cooldown_until {
            return Err(super::errors::in_progress());
        }
    }
    if let Some(new) = evaluate(w, region, &p, None, value, threshold, honor_cooldown) {
        apply(w, region, &p, Trigger::User, new);
    }
    Ok(())
}
