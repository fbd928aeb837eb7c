//! What PutMetricAlarm says, typed, and the rules CloudWatch checks before it accepts it
//! (aws-facts §12; BC:cw/PutMetricAlarm). Other domains (Auto Scaling target tracking) build an
//! `AlarmConfig` directly and go through the same checks.
use super::errors::{invalid_value, validation};
use crate::error::ApiError;

/// The five simple statistics (BC:cw/Statistic).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Statistic {
    SampleCount,
    Average,
    Sum,
    Minimum,
    Maximum,
}

impl Statistic {
    pub const ALL: [Statistic; 5] = [Statistic::SampleCount, Statistic::Average, Statistic::Sum, Statistic::Minimum, Statistic::Maximum];
    pub fn name(self) -> &'static str {
        match self {
            Statistic::SampleCount => "SampleCount",
            Statistic::Average => "Average",
            Statistic::Sum => "Sum",
            Statistic::Minimum => "Minimum",
            Statistic::Maximum => "Maximum",
        }
    }
    pub fn parse(s: &str) -> Option<Statistic> {
        Statistic::ALL.into_iter().find(|x| x.name() == s)
    }
}

/// The static-threshold comparison operators (the anomaly-band ones need a metric-math band,
/// which ec2lab does not model; they are refused with a hint).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    GreaterThanOrEqualToThreshold,
    GreaterThanThreshold,
    LessThanThreshold,
    LessThanOrEqualToThreshold,
}

impl Comparison {
    pub const ALL: [Comparison; 4] =
        [Comparison::GreaterThanOrEqualToThreshold, Comparison::GreaterThanThreshold, Comparison::LessThanThreshold, Comparison::LessThanOrEqualToThreshold];
    pub fn name(self) -> &'static str {
        match self {
            Comparison::GreaterThanOrEqualToThreshold => "GreaterThanOrEqualToThreshold",
            Comparison::GreaterThanThreshold => "GreaterThanThreshold",
            Comparison::LessThanThreshold => "LessThanThreshold",
            Comparison::LessThanOrEqualToThreshold => "LessThanOrEqualToThreshold",
        }
    }
    pub fn parse(s: &str) -> Option<Comparison> {
        Comparison::ALL.into_iter().find(|x| x.name() == s)
    }
    /// Does `value` breach `threshold`?
    pub fn breaches(self, value: f64, threshold: f64) -> bool {
        match self {
            Comparison::GreaterThanOrEqualToThreshold => value >= threshold,
            Comparison::GreaterThanThreshold => value > threshold,
            Comparison::LessThanThreshold => value < threshold,
            Comparison::LessThanOrEqualToThreshold => value <= threshold,
        }
    }
    /// The words of StateReason: "was greater than or equal to the threshold".
    pub fn words(self) -> &'static str {
        match self {
            Comparison::GreaterThanOrEqualToThreshold => "greater than or equal to",
            Comparison::GreaterThanThreshold => "greater than",
            Comparison::LessThanThreshold => "less than",
            Comparison::LessThanOrEqualToThreshold => "less than or equal to",
        }
    }
}

/// TreatMissingData (CW:AlarmThatSendsEmail "Configuring how CloudWatch alarms treat missing data").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TreatMissing {
    #[default]
    Missing,
    Ignore,
    Breaching,
    NotBreaching,
}

impl TreatMissing {
    pub const ALL: [TreatMissing; 4] = [TreatMissing::Missing, TreatMissing::Ignore, TreatMissing::Breaching, TreatMissing::NotBreaching];
    pub fn name(self) -> &'static str {
        match self {
            TreatMissing::Missing => "missing",
            TreatMissing::Ignore => "ignore",
            TreatMissing::Breaching => "breaching",
            TreatMissing::NotBreaching => "notBreaching",
        }
    }
    pub fn parse(s: &str) -> Option<TreatMissing> {
        TreatMissing::ALL.into_iter().find(|x| x.name() == s)
    }
}

/// One metric alarm's configuration: the members of PutMetricAlarm (single-metric form).
#[derive(Debug, Clone, PartialEq)]
pub struct AlarmConfig {
    pub name: String,
    pub description: Option<String>,
    /// Actions run only while this is true (Enable/DisableAlarmActions flip it).
    pub actions_enabled: bool,
    pub ok_actions: Vec<String>,
    pub alarm_actions: Vec<String>,
    pub insufficient_data_actions: Vec<String>,
    pub namespace: String,
    pub metric_name: String,
    /// (Name, Value) in the order given; compared sorted by name.
    pub dimensions: Vec<(String, String)>,
    /// Exactly one of `statistic` / `extended_statistic` (`p90`, `p99.9`).
    pub statistic: Option<Statistic>,
    pub extended_statistic: Option<String>,
    /// Seconds: 10, 20, 30 or a multiple of 60.
    pub period: u64,
    pub unit: Option<String>,
    /// N.
    pub evaluation_periods: u32,
    /// M (None: M = N).
    pub datapoints_to_alarm: Option<u32>,
    pub threshold: f64,
    pub comparison: Comparison,
    pub treat_missing_data: Option<TreatMissing>,
    pub evaluate_low_sample_count_percentile: Option<String>,
    pub tags: Vec<(String, String)>,
}

impl Default for AlarmConfig {
    /// A 1-of-1, 60-second Average alarm with actions enabled; set the name, metric and threshold.
    fn default() -> Self {
        AlarmConfig {
            name: String::new(),
            description: None,
            actions_enabled: true,
            ok_actions: vec![],
            alarm_actions: vec![],
            insufficient_data_actions: vec![],
            namespace: String::new(),
            metric_name: String::new(),
            dimensions: vec![],
            statistic: Some(Statistic::Average),
            extended_statistic: None,
            period: 60,
            unit: None,
            evaluation_periods: 1,
            datapoints_to_alarm: None,
            threshold: 0.0,
            comparison: Comparison::GreaterThanThreshold,
            treat_missing_data: None,
            evaluate_low_sample_count_percentile: None,
            tags: vec![],
        }
    }
}

impl AlarmConfig {
    /// M of "M out of N".
    pub fn m(&self) -> u32 {
        self.datapoints_to_alarm.unwrap_or(self.evaluation_periods)
    }
    pub fn treat(&self) -> TreatMissing {
        self.treat_missing_data.unwrap_or_default()
    }
    /// The statistic's name as DescribeAlarms and the SNS message show it.
    pub fn stat_name(&self) -> String {
        match (&self.statistic, &self.extended_statistic) {
            (Some(s), _) => s.name().to_string(),
            (None, Some(e)) => e.clone(),
            (None, None) => String::new(),
        }
    }
    /// Dimensions sorted by name (how metrics are identified).
    pub fn sorted_dimensions(&self) -> Vec<(String, String)> {
        let mut d = self.dimensions.clone();
        d.sort();
        d
    }
    pub fn instance_id(&self) -> Option<&str> {
        self.dimensions.iter().find(|(n, _)| n == "InstanceId").map(|(_, v)| v.as_str())
    }
    pub fn all_actions(&self) -> impl Iterator<Item = &String> {
        self.ok_actions.iter().chain(&self.alarm_actions).chain(&self.insufficient_data_actions)
    }
}

/// `p90`, `p99.9`, `p100`: the percentile form of ExtendedStatistic (the trimmed-mean forms are not modelled).
pub fn percentile_of(ext: &str) -> Option<f64> {
    let n = ext.strip_prefix('p')?;
    if n.is_empty() || n.starts_with('.') || n.ends_with('.') || !n.chars().all(|c| c.is_ascii_digit() || c == '.') || n.matches('.').count() > 1 {
        return None;
    }
    if n.split('.').nth(1).is_some_and(|d| d.len() > 10) {
        return None;
    }
    let v: f64 = n.parse().ok()?;
    (0.0..=100.0).contains(&v).then_some(v)
}

const MAX_ACTIONS: usize = 5;

/// Every rule PutMetricAlarm checks, in the order AWS reports them. Nothing is changed here.
pub fn validate(cfg: &AlarmConfig, region: &str) -> Result<(), ApiError> {
    if cfg.name.is_empty() || cfg.name.chars().count() > 255 {
        return Err(validation(
            format!("1 validation error detected: Value '{}' at 'alarmName' failed to satisfy constraint: Member must have length between 1 and 255", cfg.name),
            "An alarm name is 1 to 255 characters.",
            "알람 이름은 1~255자입니다.",
        ));
    }
    if !cfg.name.is_ascii() || cfg.name.chars().any(|c| c.is_ascii_control()) {
        return Err(validation(
            format!("AlarmName must contain only ASCII characters: {}", cfg.name),
            "CloudWatch alarm names must contain only printable ASCII characters.",
            "CloudWatch 알람 이름에는 출력 가능한 ASCII 문자만 쓸 수 있습니다.",
        ));
    }
    if cfg.description.as_ref().is_some_and(|d| d.chars().count() > 1024) {
        return Err(validation(
            "1 validation error detected: Value at 'alarmDescription' failed to satisfy constraint: Member must have length less than or equal to 1024",
            "AlarmDescription is at most 1,024 characters.",
            "AlarmDescription은 최대 1,024자입니다.",
        ));
    }
    for (field, list) in [("oKActions", &cfg.ok_actions), ("alarmActions", &cfg.alarm_actions), ("insufficientDataActions", &cfg.insufficient_data_actions)] {
        if list.len() > MAX_ACTIONS {
            return Err(validation(
                format!(
                    "1 validation error detected: Value '[{}]' at '{field}' failed to satisfy constraint: Member must have length less than or equal to 5",
                    list.join(", ")
                ),
                "Each of OKActions, AlarmActions and InsufficientDataActions holds at most 5 ARNs; publish to one SNS topic with many subscriptions instead.",
                "OKActions, AlarmActions, InsufficientDataActions에는 각각 최대 5개의 ARN만 넣을 수 있습니다. SNS 토픽 하나에 구독을 여러 개 두세요.",
            ));
        }
    }
    if cfg.namespace.is_empty() || cfg.namespace.chars().count() > 255 || cfg.namespace.starts_with(':') {
        return Err(validation(
            "1 validation error detected: Value at 'namespace' failed to satisfy constraint: Member must have length between 1 and 255 and satisfy regular expression pattern: [^:].*",
            "Give the metric's Namespace (e.g. AWS/EC2 or your own, not starting with ':').",
            "메트릭의 Namespace를 주세요(예: AWS/EC2 또는 ':'로 시작하지 않는 직접 만든 이름).",
        ));
    }
    if cfg.metric_name.is_empty() || cfg.metric_name.chars().count() > 255 {
        return Err(validation(
            "1 validation error detected: Value at 'metricName' failed to satisfy constraint: Member must have length between 1 and 255",
            "Give the MetricName the alarm watches (e.g. CPUUtilization).",
            "알람이 볼 MetricName을 주세요(예: CPUUtilization).",
        ));
    }
    if cfg.dimensions.len() > 30 {
        return Err(validation(
            "1 validation error detected: Value at 'dimensions' failed to satisfy constraint: Member must have length less than or equal to 30",
            "A metric has at most 30 dimensions.",
            "메트릭의 차원(dimension)은 최대 30개입니다.",
        ));
    }
    for (n, v) in &cfg.dimensions {
        if n.is_empty() || v.is_empty() || n.chars().count() > 255 || v.chars().count() > 1024 {
            return Err(validation(
                "1 validation error detected: Value at 'dimensions' failed to satisfy constraint: Member must have a Name of 1 to 255 characters and a Value of 1 to 1024 characters",
                "Each dimension needs a non-empty Name and Value.",
                "각 차원에는 비어 있지 않은 Name과 Value가 필요합니다.",
            ));
        }
    }
    match (&cfg.statistic, &cfg.extended_statistic) {
        (Some(_), Some(_)) | (None, None) => {
            return Err(ApiError::invalid_parameter_combination("Exactly one of Statistic or ExtendedStatistic must be specified.").hint(
                "Give Statistic (Average, Sum, ...) or ExtendedStatistic (a percentile such as p90), not both and not neither.",
                "Statistic(Average, Sum 등) 또는 ExtendedStatistic(p90 같은 백분위수) 중 정확히 하나를 주세요.",
            ))
        }
        (None, Some(e)) if percentile_of(e).is_none() => {
            return Err(invalid_value(
                format!("The value {e} for parameter ExtendedStatistic is not supported."),
                "ExtendedStatistic is a percentile p0.0 to p100 (e.g. p90, p99.9); ec2lab models percentiles only.",
                "ExtendedStatistic은 p0.0~p100 백분위수입니다(예: p90, p99.9). ec2lab은 백분위수만 모델링합니다.",
            ))
        }
        _ => {}
    }
    if let Some(o) = &cfg.evaluate_low_sample_count_percentile {
        if o != "evaluate" && o != "ignore" {
            return Err(validation(
                format!("Option {o} is not supported. Supported options for parameter EvaluateLowSampleCountPercentile are evaluate and ignore."),
                "EvaluateLowSampleCountPercentile is 'evaluate' or 'ignore'.",
                "EvaluateLowSampleCountPercentile은 'evaluate' 또는 'ignore'입니다.",
            ));
        }
        if cfg.extended_statistic.is_none() {
            return Err(ApiError::invalid_parameter_combination("EvaluateLowSampleCountPercentile can only be used with a percentile ExtendedStatistic.")
                .hint(
                    "Low-sample handling applies to percentile alarms only; drop it or use ExtendedStatistic.",
                    "표본이 적을 때의 처리는 백분위수 알람에만 적용됩니다. 빼거나 ExtendedStatistic을 쓰세요.",
                ));
        }
    }
    let p = cfg.period;
    if !(p == 10 || p == 20 || p == 30 || (p >= 60 && p.is_multiple_of(60))) {
        return Err(validation(
            format!("The parameter Period must be 10, 20, 30, or a multiple of 60. Value: {p}"),
            "Period is 10, 20 or 30 seconds (high-resolution alarms) or any multiple of 60 seconds.",
            "Period는 10, 20, 30초(고해상도 알람) 또는 60의 배수(초)여야 합니다.",
        ));
    }
    if cfg.evaluation_periods == 0 || cfg.datapoints_to_alarm == Some(0) {
        return Err(validation(
            "EvaluationPeriods and DatapointsToAlarm must be at least 1.",
            "N (EvaluationPeriods) and M (DatapointsToAlarm) are at least 1.",
            "N(EvaluationPeriods)과 M(DatapointsToAlarm)은 1 이상입니다.",
        ));
    }
    let total = p.saturating_mul(cfg.evaluation_periods as u64);
    let limit = if p < 3600 { 86_400 } else { 604_800 };
    if total > limit {
        let (en, ko) = if limit == 86_400 {
            (
                "With a Period under one hour, Period × EvaluationPeriods must be at most one day (86,400 s). Use a longer Period or fewer periods.",
                "Period가 1시간 미만이면 Period × EvaluationPeriods가 하루(86,400초) 이하여야 합니다. Period를 늘리거나 기간 수를 줄이세요.",
            )
        } else {
            ("Period × EvaluationPeriods must be at most seven days (604,800 s).", "Period × EvaluationPeriods는 7일(604,800초) 이하여야 합니다.")
        };
        let what = if limit == 86_400 { "a day" } else { "7 days" };
        return Err(validation(format!("Metrics cannot be checked across more than {what} (EvaluationPeriods * Period must be <= {limit})"), en, ko));
    }
    if cfg.m() > cfg.evaluation_periods {
        return Err(validation(
            "DatapointsToAlarm must be less than or equal to EvaluationPeriods",
            "For an \"M out of N\" alarm, M (DatapointsToAlarm) cannot exceed N (EvaluationPeriods).",
            "\"N개 중 M개\" 알람에서 M(DatapointsToAlarm)은 N(EvaluationPeriods)보다 클 수 없습니다.",
        ));
    }
    if !cfg.threshold.is_finite() {
        return Err(invalid_value("The parameter Threshold must be a finite number.", "Threshold is a finite number.", "Threshold는 유한한 숫자여야 합니다."));
    }
    for arn in cfg.all_actions() {
        validate_action(cfg, arn, region)?;
    }
    Ok(())
}

/// What an action ARN asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Sns(String),
    /// stop | terminate | reboot | recover
    Ec2(String),
    AutoScaling(String),
    /// Lambda, SSM and the rest: accepted as AWS does, recorded as not run (ec2lab does not simulate them).
    Other(String),
}

pub fn classify(arn: &str) -> Option<Action> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    if parts.len() < 5 || parts[0] != "arn" || parts[1] != "aws" {
        return None;
    }
    match parts[2] {
        "sns" if parts.len() == 6 && !parts[5].is_empty() && !parts[5].contains(':') => Some(Action::Sns(arn.to_string())),
        "automate" if parts.len() == 6 => {
            let (svc, verb) = (parts[4], parts[5]);
            (svc == "ec2" && ["stop", "terminate", "reboot", "recover"].contains(&verb)).then(|| Action::Ec2(verb.to_string()))
        }
        "autoscaling" if parts.len() == 6 && parts[5].starts_with("scalingPolicy:") => Some(Action::AutoScaling(arn.to_string())),
        "lambda" | "ssm" | "ssm-incidents" | "swf" if parts.len() == 6 => Some(Action::Other(arn.to_string())),
        _ => None,
    }
}

fn action_region(arn: &str) -> &str {
    arn.split(':').nth(3).unwrap_or("")
}

fn validate_action(cfg: &AlarmConfig, arn: &str, region: &str) -> Result<(), ApiError> {
    let Some(action) = classify(arn) else {
        return Err(validation(
            format!("Invalid arn syntax: {arn}"),
            "An alarm action is an ARN: arn:aws:sns:REGION:ACCOUNT:TOPIC, arn:aws:automate:REGION:ec2:stop|terminate|reboot|recover, or an Auto Scaling policy ARN.",
            "알람 작업은 ARN입니다: arn:aws:sns:리전:계정:토픽, arn:aws:automate:리전:ec2:stop|terminate|reboot|recover, 또는 Auto Scaling 정책 ARN.",
        ));
    };
    let r = action_region(arn);
    if r != region && !(r.is_empty() && matches!(action, Action::Other(_))) {
        return Err(validation(
            format!("Invalid region {r} specified. Only {region} is supported."),
            "An alarm's actions must be in the alarm's own region (an SNS topic, EC2 action or policy of the same region).",
            "알람의 작업은 알람과 같은 리전에 있어야 합니다(같은 리전의 SNS 토픽, EC2 작업, 정책).",
        ));
    }
    if let Action::Ec2(verb) = &action {
        if cfg.instance_id().is_none() {
            return Err(validation(
                format!("The EC2 '{verb}' action is only supported for alarms on metrics with an InstanceId dimension."),
                "EC2 actions (stop/terminate/reboot/recover) act on the instance the metric is about: alarm on a metric with the InstanceId dimension.",
                "EC2 작업(stop/terminate/reboot/recover)은 메트릭이 가리키는 인스턴스에 적용됩니다. InstanceId 차원이 있는 메트릭에 알람을 거세요.",
            ));
        }
    }
    Ok(())
}
