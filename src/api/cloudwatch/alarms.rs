//! CloudWatch alarm operations: PutMetricAlarm, DescribeAlarms, DescribeAlarmsForMetric,
//! DescribeAlarmHistory, SetAlarmState, DeleteAlarms, EnableAlarmActions, DisableAlarmActions.
//! Shapes only; the rules are in `crate::alarms`.
use crate::alarms::errors::{invalid_value, validation};
use crate::alarms::history::HistoryKind;
use crate::alarms::{self, Alarm, AlarmConfig, Comparison, State, Statistic, TreatMissing};
use crate::api::Timestamp;
use crate::error::ApiError;
use crate::monitoring::time::TimeIn;
use crate::query::paginate;
use crate::world::World;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize, Clone, Debug)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DimensionShape {
    name: String,
    value: String,
}

#[derive(Deserialize, Clone, Debug)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TagShape {
    key: String,
    value: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutMetricAlarmRequest {
    alarm_name: String,
    alarm_description: Option<String>,
    actions_enabled: Option<bool>,
    #[serde(rename = "OKActions")]
    ok_actions: Option<Vec<String>>,
    alarm_actions: Option<Vec<String>>,
    insufficient_data_actions: Option<Vec<String>>,
    metric_name: Option<String>,
    namespace: Option<String>,
    statistic: Option<String>,
    extended_statistic: Option<String>,
    dimensions: Option<Vec<DimensionShape>>,
    period: Option<i64>,
    unit: Option<String>,
    evaluation_periods: i64,
    datapoints_to_alarm: Option<i64>,
    threshold: Option<f64>,
    comparison_operator: String,
    treat_missing_data: Option<String>,
    evaluate_low_sample_count_percentile: Option<String>,
    metrics: Option<serde_json::Value>,
    tags: Option<Vec<TagShape>>,
    threshold_metric_id: Option<String>,
    evaluation_criteria: Option<serde_json::Value>,
    evaluation_interval: Option<i64>,
}

#[derive(Serialize)]
pub struct Empty {}

const UNITS: &[&str] = &[
    "Seconds",
    "Microseconds",
    "Milliseconds",
    "Bytes",
    "Kilobytes",
    "Megabytes",
    "Gigabytes",
    "Terabytes",
    "Bits",
    "Kilobits",
    "Megabits",
    "Gigabits",
    "Terabits",
    "Percent",
    "Count",
    "Bytes/Second",
    "Kilobytes/Second",
    "Megabytes/Second",
    "Gigabytes/Second",
    "Terabytes/Second",
    "Bits/Second",
    "Kilobits/Second",
    "Megabits/Second",
    "Gigabits/Second",
    "Terabits/Second",
    "Count/Second",
    "None",
];

fn enum_error(value: &str, field: &str, set: &[&str]) -> ApiError {
    validation(
        format!(
            "1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
            set.join(", ")
        ),
        format!("{field} is one of: {}.", set.join(", ")),
        format!("{field}은(는) 다음 중 하나입니다: {}.", set.join(", ")),
    )
}

fn param_min(name: &str, v: i64, min: i64) -> Result<(), ApiError> {
    if v < min {
        return Err(ApiError::param_validation(format!(
            "Parameter validation failed:\nInvalid value for parameter {name}, value: {v}, valid min value: {min}"
        )));
    }
    Ok(())
}

fn to_config(r: PutMetricAlarmRequest) -> Result<AlarmConfig, ApiError> {
    param_min("EvaluationPeriods", r.evaluation_periods, 1)?;
    if let Some(p) = r.period {
        param_min("Period", p, 1)?;
    }
    if let Some(m) = r.datapoints_to_alarm {
        param_min("DatapointsToAlarm", m, 1)?;
    }
    if r.metrics.is_some() || r.threshold_metric_id.is_some() || r.evaluation_criteria.is_some() || r.evaluation_interval.is_some() {
        return Err(ApiError::new(
            "NotImplemented",
            "ec2lab does not simulate metric-math, anomaly-detection or PromQL alarms; use MetricName/Namespace/Statistic.",
        )
        .status(501)
        .hint(
            "Alarm on one metric: give MetricName, Namespace, Statistic (or ExtendedStatistic), Period and Threshold instead of Metrics.",
            "메트릭 하나에 알람을 거세요. Metrics 대신 MetricName, Namespace, Statistic(또는 ExtendedStatistic), Period, Threshold를 주세요.",
        ));
    }
    let statistic = match &r.statistic {
        None => None,
        Some(s) => Some(Statistic::parse(s).ok_or_else(|| enum_error(s, "statistic", &Statistic::ALL.map(|x| x.name())))?),
    };
    let comparison = match Comparison::parse(&r.comparison_operator) {
        Some(c) => c,
        None if ["LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold"]
            .contains(&r.comparison_operator.as_str()) =>
        {
            return Err(validation(
                format!("Comparison operator {} is only supported for anomaly detection alarms, which need ThresholdMetricId.", r.comparison_operator),
                "The band operators compare against an anomaly detection band; ec2lab models static thresholds: use GreaterThan.../LessThan...Threshold.",
                "밴드 연산자는 이상 탐지 밴드와 비교합니다. ec2lab은 고정 임계값만 모델링하므로 GreaterThan.../LessThan...Threshold를 쓰세요.",
            ))
        }
        None => {
            let all = [
                "GreaterThanOrEqualToThreshold",
                "GreaterThanThreshold",
                "LessThanThreshold",
                "LessThanOrEqualToThreshold",
                "LessThanLowerOrGreaterThanUpperThreshold",
                "LessThanLowerThreshold",
                "GreaterThanUpperThreshold",
            ];
            return Err(enum_error(&r.comparison_operator, "comparisonOperator", &all));
        }
    };
    let treat = match &r.treat_missing_data {
        None => None,
        Some(t) => Some(TreatMissing::parse(t).ok_or_else(|| {
            validation(
                format!("Option {t} is not supported. Supported options for parameter TreatMissingData are missing, ignore, breaching and notBreaching."),
                "TreatMissingData is missing (the default), ignore, breaching or notBreaching (case-sensitive).",
                "TreatMissingData는 missing(기본값), ignore, breaching, notBreaching 중 하나입니다(대소문자 구분).",
            )
        })?),
    };
    if let Some(u) = &r.unit {
        if !UNITS.contains(&u.as_str()) {
            return Err(enum_error(u, "unit", UNITS));
        }
    }
    let Some(metric_name) = r.metric_name else {
        return Err(validation(
            "MetricName is required when Metrics is not specified.",
            "Say which metric the alarm watches: MetricName and Namespace (e.g. CPUUtilization in AWS/EC2).",
            "알람이 볼 메트릭을 정하세요: MetricName과 Namespace(예: AWS/EC2의 CPUUtilization).",
        ));
    };
    let Some(namespace) = r.namespace else {
        return Err(validation(
            "Namespace is required when MetricName is specified.",
            "Give the metric's Namespace (e.g. AWS/EC2).",
            "메트릭의 Namespace를 주세요(예: AWS/EC2).",
        ));
    };
    let Some(period) = r.period else {
        return Err(validation(
            "Period is required for alarms based on static thresholds.",
            "Give Period in seconds: 10, 20, 30 or a multiple of 60.",
            "Period를 초 단위로 주세요: 10, 20, 30 또는 60의 배수.",
        ));
    };
    let Some(threshold) = r.threshold else {
        return Err(validation(
            "Threshold is required for alarms based on static thresholds.",
            "Give the Threshold the statistic is compared with.",
            "통계값과 비교할 Threshold를 주세요.",
        ));
    };
    Ok(AlarmConfig {
        name: r.alarm_name,
        description: r.alarm_description,
        actions_enabled: r.actions_enabled.unwrap_or(true),
        ok_actions: r.ok_actions.unwrap_or_default(),
        alarm_actions: r.alarm_actions.unwrap_or_default(),
        insufficient_data_actions: r.insufficient_data_actions.unwrap_or_default(),
        namespace,
        metric_name,
        dimensions: r.dimensions.unwrap_or_default().into_iter().map(|d| (d.name, d.value)).collect(),
        statistic,
        extended_statistic: r.extended_statistic,
        period: period as u64,
        unit: r.unit,
        evaluation_periods: r.evaluation_periods.min(u32::MAX as i64) as u32,
        datapoints_to_alarm: r.datapoints_to_alarm.map(|m| m.min(u32::MAX as i64) as u32),
        threshold,
        comparison,
        treat_missing_data: treat,
        evaluate_low_sample_count_percentile: r.evaluate_low_sample_count_percentile,
        tags: r.tags.unwrap_or_default().into_iter().map(|t| (t.key, t.value)).collect(),
    })
}

pub fn put_metric_alarm(w: &mut World, region: &str, r: PutMetricAlarmRequest) -> Result<Empty, ApiError> {
    let cfg = to_config(r)?;
    alarms::put_metric_alarm(w, region, cfg)?;
    Ok(Empty {})
}

/// botocore's `MetricAlarm`, members in the model's order.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricAlarmShape {
    alarm_name: String,
    alarm_arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    alarm_description: Option<String>,
    alarm_configuration_updated_timestamp: Timestamp,
    actions_enabled: bool,
    #[serde(rename = "OKActions")]
    ok_actions: Vec<String>,
    alarm_actions: Vec<String>,
    insufficient_data_actions: Vec<String>,
    state_value: String,
    state_reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    state_reason_data: Option<String>,
    state_updated_timestamp: Timestamp,
    metric_name: String,
    namespace: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    statistic: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extended_statistic: Option<String>,
    dimensions: Vec<DimensionShape>,
    period: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<String>,
    evaluation_periods: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    datapoints_to_alarm: Option<u32>,
    threshold: f64,
    comparison_operator: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    treat_missing_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evaluate_low_sample_count_percentile: Option<String>,
    state_transitioned_timestamp: Timestamp,
}

pub fn render(a: &Alarm) -> MetricAlarmShape {
    let c = &a.config;
    MetricAlarmShape {
        alarm_name: c.name.clone(),
        alarm_arn: a.arn.clone(),
        alarm_description: c.description.clone(),
        alarm_configuration_updated_timestamp: Timestamp(a.config_updated),
        actions_enabled: c.actions_enabled,
        ok_actions: c.ok_actions.clone(),
        alarm_actions: c.alarm_actions.clone(),
        insufficient_data_actions: c.insufficient_data_actions.clone(),
        state_value: a.state.name().into(),
        state_reason: a.reason.clone(),
        state_reason_data: a.reason_data.clone(),
        state_updated_timestamp: Timestamp(a.state_updated),
        metric_name: c.metric_name.clone(),
        namespace: c.namespace.clone(),
        statistic: c.statistic.map(|s| s.name().to_string()),
        extended_statistic: c.extended_statistic.clone(),
        dimensions: c.dimensions.iter().map(|(n, v)| DimensionShape { name: n.clone(), value: v.clone() }).collect(),
        period: c.period,
        unit: c.unit.clone(),
        evaluation_periods: c.evaluation_periods,
        datapoints_to_alarm: c.datapoints_to_alarm,
        threshold: c.threshold,
        comparison_operator: c.comparison.name().into(),
        treat_missing_data: c.treat_missing_data.map(|t| t.name().to_string()),
        evaluate_low_sample_count_percentile: c.evaluate_low_sample_count_percentile.clone(),
        state_transitioned_timestamp: Timestamp(a.state_transitioned),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAlarmsRequest {
    alarm_names: Option<Vec<String>>,
    alarm_name_prefix: Option<String>,
    alarm_types: Option<Vec<String>>,
    children_of_alarm_name: Option<String>,
    parents_of_alarm_name: Option<String>,
    state_value: Option<String>,
    action_prefix: Option<String>,
    max_records: Option<i64>,
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAlarmsResponse {
    composite_alarms: Vec<serde_json::Value>,
    metric_alarms: Vec<MetricAlarmShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

fn state_arg(s: &str) -> Result<State, ApiError> {
    State::parse(s).ok_or_else(|| enum_error(s, "stateValue", &["OK", "ALARM", "INSUFFICIENT_DATA"]))
}

fn invalid_token(t: &str) -> ApiError {
    ApiError::new("InvalidNextToken", format!("The next token specified is invalid: {t}"))
        .hint("Pass back exactly the NextToken the previous page returned.", "이전 페이지가 돌려준 NextToken을 그대로 넘기세요.")
}

fn page<T>(items: Vec<T>, max: Option<i64>, token: Option<&str>) -> Result<(Vec<T>, Option<String>), ApiError> {
    if let Some(m) = max {
        if !(1..=100).contains(&m) {
            return Err(ApiError::param_validation(format!(
                "Parameter validation failed:\nInvalid value for parameter MaxRecords, value: {m}, valid {} value: {}",
                if m < 1 { "min" } else { "max" },
                if m < 1 { 1 } else { 100 }
            )));
        }
    }
    let p = paginate(items, max.or(Some(50)), token, (1, 100)).map_err(|_| invalid_token(token.unwrap_or("")))?;
    Ok((p.items, p.next_token))
}

pub fn describe_alarms(w: &mut World, region: &str, r: DescribeAlarmsRequest) -> Result<DescribeAlarmsResponse, ApiError> {
    let reg = w.region(region)?;
    if r.alarm_names.is_some() && r.alarm_name_prefix.is_some() {
        return Err(ApiError::invalid_parameter_combination("AlarmNames and AlarmNamePrefix are mutually exclusive.").hint(
            "Ask for alarms by exact names (AlarmNames) or by a name prefix (AlarmNamePrefix), not both.",
            "알람은 정확한 이름(AlarmNames) 또는 이름 접두사(AlarmNamePrefix) 중 하나로만 찾으세요.",
        ));
    }
    if r.children_of_alarm_name.is_some() || r.parents_of_alarm_name.is_some() {
        return Err(ApiError::new("NotImplemented", "ec2lab does not simulate composite alarms.").status(501).hint(
            "Composite alarms are not modelled; DescribeAlarms lists metric alarms.",
            "복합 알람은 모델링하지 않습니다. DescribeAlarms는 메트릭 알람을 나열합니다.",
        ));
    }
    let state = r.state_value.as_deref().map(state_arg).transpose()?;
    let types = r.alarm_types.unwrap_or_default();
    for t in &types {
        if t != "MetricAlarm" && t != "CompositeAlarm" {
            return Err(enum_error(t, "alarmTypes.member", &["CompositeAlarm", "MetricAlarm"]));
        }
    }
    let metric = types.is_empty() || types.iter().any(|t| t == "MetricAlarm");
    let matching: Vec<&Alarm> = reg
        .alarms
        .alarms
        .values()
        .filter(|_| metric)
        .filter(|a| r.alarm_names.as_ref().is_none_or(|n| n.contains(&a.config.name)))
        .filter(|a| r.alarm_name_prefix.as_ref().is_none_or(|p| a.config.name.starts_with(p.as_str())))
        .filter(|a| state.is_none_or(|s| a.state == s))
        .filter(|a| r.action_prefix.as_ref().is_none_or(|p| a.config.all_actions().any(|x| x.starts_with(p.as_str()))))
        .collect();
    let (items, next_token) = page(matching, r.max_records, r.next_token.as_deref())?;
    Ok(DescribeAlarmsResponse { composite_alarms: vec![], metric_alarms: items.into_iter().map(render).collect(), next_token })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAlarmsForMetricRequest {
    metric_name: String,
    namespace: String,
    statistic: Option<String>,
    extended_statistic: Option<String>,
    dimensions: Option<Vec<DimensionShape>>,
    period: Option<i64>,
    unit: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAlarmsForMetricResponse {
    metric_alarms: Vec<MetricAlarmShape>,
}

pub fn describe_alarms_for_metric(w: &mut World, region: &str, r: DescribeAlarmsForMetricRequest) -> Result<DescribeAlarmsForMetricResponse, ApiError> {
    let reg = w.region(region)?;
    if let Some(s) = &r.statistic {
        Statistic::parse(s).ok_or_else(|| enum_error(s, "statistic", &Statistic::ALL.map(|x| x.name())))?;
    }
    let mut dims: Option<Vec<(String, String)>> = r.dimensions.map(|d| d.into_iter().map(|d| (d.name, d.value)).collect());
    if let Some(d) = dims.as_mut() {
        d.sort();
    }
    let out = reg
        .alarms
        .alarms
        .values()
        .filter(|a| a.config.metric_name == r.metric_name && a.config.namespace == r.namespace)
        .filter(|a| r.statistic.as_ref().is_none_or(|s| a.config.statistic.map(|x| x.name()) == Some(s.as_str())))
        .filter(|a| r.extended_statistic.as_ref().is_none_or(|s| a.config.extended_statistic.as_ref() == Some(s)))
        .filter(|a| dims.as_ref().is_none_or(|d| a.config.sorted_dimensions() == *d))
        .filter(|a| r.period.is_none_or(|p| a.config.period as i64 == p))
        .filter(|a| r.unit.as_ref().is_none_or(|u| a.config.unit.as_ref() == Some(u)))
        .map(render)
        .collect();
    Ok(DescribeAlarmsForMetricResponse { metric_alarms: out })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAlarmHistoryRequest {
    alarm_name: Option<String>,
    alarm_contributor_id: Option<String>,
    alarm_types: Option<Vec<String>>,
    history_item_type: Option<String>,
    start_date: Option<TimeIn>,
    end_date: Option<TimeIn>,
    max_records: Option<i64>,
    next_token: Option<String>,
    scan_by: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AlarmHistoryItemShape {
    alarm_name: String,
    alarm_type: &'static str,
    timestamp: Timestamp,
    history_item_type: &'static str,
    history_summary: String,
    history_data: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAlarmHistoryResponse {
    alarm_history_items: Vec<AlarmHistoryItemShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

pub fn describe_alarm_history(w: &mut World, region: &str, r: DescribeAlarmHistoryRequest) -> Result<DescribeAlarmHistoryResponse, ApiError> {
    w.region(region)?;
    let kind = match r.history_item_type.as_deref() {
        None => None,
        Some(k) => Some(HistoryKind::parse(k).ok_or_else(|| {
            if k == "AlarmContributorStateUpdate" || k == "AlarmContributorAction" {
                invalid_value(
                    format!("HistoryItemType {k} applies to Contributor Insights alarms, which ec2lab does not simulate."),
                    "Use ConfigurationUpdate, StateUpdate or Action.",
                    "ConfigurationUpdate, StateUpdate, Action 중 하나를 쓰세요.",
                )
            } else {
                enum_error(k, "historyItemType", &["ConfigurationUpdate", "StateUpdate", "Action", "AlarmContributorStateUpdate", "AlarmContributorAction"])
            }
        })?),
    };
    let ascending = match r.scan_by.as_deref() {
        None | Some("TimestampDescending") => false,
        Some("TimestampAscending") => true,
        Some(s) => return Err(enum_error(s, "scanBy", &["TimestampDescending", "TimestampAscending"])),
    };
    for t in r.alarm_types.iter().flatten() {
        if t != "MetricAlarm" && t != "CompositeAlarm" {
            return Err(enum_error(t, "alarmTypes.member", &["CompositeAlarm", "MetricAlarm"]));
        }
    }
    let metric = r.alarm_types.as_ref().is_none_or(|t| t.is_empty() || t.iter().any(|x| x == "MetricAlarm"));
    let (start, end) = (r.start_date.map(|t| t.0), r.end_date.map(|t| t.0));
    let mut items: Vec<_> = crate::alarms::store::retained_history(w, region, w.now())
        .into_iter()
        .filter(|_| metric && r.alarm_contributor_id.is_none())
        .filter(|h| r.alarm_name.as_ref().is_none_or(|n| *n == h.alarm_name))
        .filter(|h| kind.is_none_or(|k| h.kind == k))
        .filter(|h| start.is_none_or(|s| h.at >= s) && end.is_none_or(|e| h.at <= e))
        .collect();
    if !ascending {
        items.reverse();
    }
    let (items, next_token) = page(items, r.max_records, r.next_token.as_deref())?;
    Ok(DescribeAlarmHistoryResponse {
        alarm_history_items: items
            .into_iter()
            .map(|h| AlarmHistoryItemShape {
                alarm_name: h.alarm_name,
                alarm_type: "MetricAlarm",
                timestamp: Timestamp(h.at),
                history_item_type: h.kind.name(),
                history_summary: h.summary,
                history_data: h.data,
            })
            .collect(),
        next_token,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetAlarmStateRequest {
    alarm_name: String,
    state_value: String,
    state_reason: String,
    state_reason_data: Option<String>,
}

pub fn set_alarm_state(w: &mut World, region: &str, r: SetAlarmStateRequest) -> Result<Empty, ApiError> {
    let state = state_arg(&r.state_value)?;
    if r.state_reason.chars().count() > 1023 {
        return Err(validation(
            "1 validation error detected: Value at 'stateReason' failed to satisfy constraint: Member must have length less than or equal to 1023",
            "StateReason is at most 1,023 characters.",
            "StateReason은 최대 1,023자입니다.",
        ));
    }
    alarms::set_alarm_state(w, region, &r.alarm_name, state, r.state_reason, r.state_reason_data)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AlarmNamesRequest {
    alarm_names: Vec<String>,
}

fn check_names(names: &[String]) -> Result<(), ApiError> {
    if names.len() > 100 {
        return Err(validation(
            "1 validation error detected: Value at 'alarmNames' failed to satisfy constraint: Member must have length less than or equal to 100",
            "At most 100 alarm names per call.",
            "한 번에 최대 100개의 알람 이름을 줄 수 있습니다.",
        ));
    }
    Ok(())
}

pub fn delete_alarms(w: &mut World, region: &str, r: AlarmNamesRequest) -> Result<Empty, ApiError> {
    check_names(&r.alarm_names)?;
    alarms::delete_alarms(w, region, &r.alarm_names)?;
    Ok(Empty {})
}

pub fn enable_alarm_actions(w: &mut World, region: &str, r: AlarmNamesRequest) -> Result<Empty, ApiError> {
    check_names(&r.alarm_names)?;
    alarms::set_actions_enabled(w, region, &r.alarm_names, true)?;
    Ok(Empty {})
}

pub fn disable_alarm_actions(w: &mut World, region: &str, r: AlarmNamesRequest) -> Result<Empty, ApiError> {
    check_names(&r.alarm_names)?;
    alarms::set_actions_enabled(w, region, &r.alarm_names, false)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TagResourceRequest {
    #[serde(rename = "ResourceARN")]
    resource_arn: String,
    tags: Vec<TagShape>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UntagResourceRequest {
    #[serde(rename = "ResourceARN")]
    resource_arn: String,
    tag_keys: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListTagsForResourceRequest {
    #[serde(rename = "ResourceARN")]
    resource_arn: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagOut {
    key: String,
    value: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsForResourceResponse {
    tags: Vec<TagOut>,
}

pub fn tag_resource(w: &mut World, region: &str, r: TagResourceRequest) -> Result<Empty, ApiError> {
    let tags: Vec<(String, String)> = r.tags.into_iter().map(|t| (t.key, t.value)).collect();
    crate::alarms::store::tag(w, region, &r.resource_arn, &tags)?;
    Ok(Empty {})
}

pub fn untag_resource(w: &mut World, region: &str, r: UntagResourceRequest) -> Result<Empty, ApiError> {
    crate::alarms::store::untag(w, region, &r.resource_arn, &r.tag_keys)?;
    Ok(Empty {})
}

pub fn list_tags_for_resource(w: &mut World, region: &str, r: ListTagsForResourceRequest) -> Result<ListTagsForResourceResponse, ApiError> {
    let tags = crate::alarms::store::tags(w, region, &r.resource_arn)?;
    Ok(ListTagsForResourceResponse { tags: tags.into_iter().map(|(key, value)| TagOut { key, value }).collect() })
}
