//! What an alarm's SNS action publishes: CloudWatch's JSON document (the message for JSON
//! protocols) and the readable email text ("You are receiving this email because your Amazon
//! CloudWatch Alarm ..."), and the subject `ALARM: "name" in US East (N. Virginia)`.
use super::history::json_time;
use super::store::{Alarm, State};
use crate::sns::Outgoing;
use crate::world::ACCOUNT_ID;
use serde_json::json;

/// The console's long region names, as alarm messages show them.
pub fn region_long_name(region: &str) -> &'static str {
    match region {
        "us-east-1" => "US East (N. Virginia)",
        "us-east-2" => "US East (Ohio)",
        "us-west-1" => "US West (N. California)",
        "us-west-2" => "US West (Oregon)",
        "eu-west-1" => "EU (Ireland)",
        "ap-northeast-1" => "Asia Pacific (Tokyo)",
        "ap-northeast-2" => "Asia Pacific (Seoul)",
        _ => "Unknown region",
    }
}

/// `Monday 06 January, 2025 09:06:00 UTC`: the time form of the alarm email.
pub fn email_time(ms: u64) -> String {
    const DAYS: [&str; 7] = ["Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"];
    const MONTHS: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    let iso = crate::sim::clock::iso8601(ms);
    let day = DAYS[((ms / 86_400_000) % 7) as usize];
    let month: usize = iso[5..7].parse().unwrap_or(1);
    format!("{day} {} {}, {} {} UTC", &iso[8..10], MONTHS[month - 1], &iso[0..4], &iso[11..19])
}

pub fn subject(region: &str, a: &Alarm) -> String {
    let s = format!("{}: \"{}\" in {}", a.state.name(), a.config.name, region_long_name(region));
    // SNS subjects are under 100 printable ASCII characters.
    s.chars().take(99).collect()
}

/// The JSON document CloudWatch publishes on a state change.
pub fn json_message(region: &str, a: &Alarm, old: State) -> String {
    let c = &a.config;
    let mut trigger = json!({
        "MetricName": c.metric_name,
        "Namespace": c.namespace,
        "StatisticType": if c.statistic.is_some() { "Statistic" } else { "ExtendedStatistic" },
        "Statistic": c.stat_name().to_uppercase(),
        "Unit": c.unit,
        "Dimensions": c.dimensions.iter().map(|(n, v)| json!({"value": v, "name": n})).collect::<Vec<_>>(),
        "Period": c.period,
        "EvaluationPeriods": c.evaluation_periods,
        "ComparisonOperator": c.comparison.name(),
        "Threshold": c.threshold,
        "TreatMissingData": c.treat().name(),
        "EvaluateLowSampleCountPercentile": c.evaluate_low_sample_count_percentile.clone().unwrap_or_default(),
    });
    if let Some(m) = c.datapoints_to_alarm {
        trigger["DatapointsToAlarm"] = json!(m);
    }
    json!({
        "AlarmName": c.name,
        "AlarmDescription": c.description,
        "AWSAccountId": ACCOUNT_ID,
        "AlarmConfigurationUpdatedTimestamp": json_time(a.config_updated),
        "NewStateValue": a.state.name(),
        "NewStateReason": a.reason,
        "StateChangeTime": json_time(a.state_updated),
        "Region": region_long_name(region),
        "AlarmArn": a.arn,
        "OldStateValue": old.name(),
        "OKActions": c.ok_actions,
        "AlarmActions": c.alarm_actions,
        "InsufficientDataActions": c.insufficient_data_actions,
        "Trigger": trigger,
    })
    .to_string()
}

/// The email text CloudWatch sends to email subscriptions.
pub fn email_text(region: &str, a: &Alarm, old: State) -> String {
    let c = &a.config;
    let dims = c.dimensions.iter().map(|(n, v)| format!("{n} = {v}")).collect::<Vec<_>>().join(", ");
    let list = |v: &Vec<String>| if v.is_empty() { String::new() } else { format!(" [{}]", v.join(", ")) };
    let when = email_time(a.state_updated);
    format!(
        "You are receiving this email because your Amazon CloudWatch Alarm \"{name}\" in the {long} region has entered the {state} state, because \"{reason}\" at \"{when}\".\n\n\
View this alarm in the AWS Management Console:\nhttps://{region}.console.aws.amazon.com/cloudwatch/deeplink.js?region={region}#alarmsV2:alarm/{name}\n\n\
Alarm Details:\n\
- Name:                       {name}\n\
- Description:                {desc}\n\
- State Change:               {old} -> {state}\n\
- Reason for State Change:    {reason}\n\
- Timestamp:                  {when}\n\
- AWS Account:                {ACCOUNT_ID}\n\
- Alarm Arn:                  {arn}\n\n\
Threshold:\n\
- The alarm is in the ALARM state when the metric is {cmp} {th} for at least {m} of the last {n} period(s) of {period} seconds.\n\n\
Monitored Metric:\n\
- MetricNamespace:                     {ns}\n\
- MetricName:                          {metric}\n\
- Dimensions:                          [{dims}]\n\
- Period:                              {period} seconds\n\
- Statistic:                           {stat}\n\
- Unit:                                {unit}\n\
- TreatMissingData:                    {treat}\n\n\n\
State Change Actions:\n\
- OK:{ok}\n\
- ALARM:{alarm}\n\
- INSUFFICIENT_DATA:{insuf}\n",
        name = c.name,
        long = region_long_name(region),
        state = a.state.name(),
        reason = a.reason,
        desc = c.description.clone().unwrap_or_default(),
        old = old.name(),
        arn = a.arn,
        cmp = c.comparison.name(),
        th = c.threshold,
        m = c.m(),
        n = c.evaluation_periods,
        period = c.period,
        ns = c.namespace,
        metric = c.metric_name,
        stat = c.stat_name(),
        unit = c.unit.clone().unwrap_or_else(|| "not specified".into()),
        treat = c.treat().name(),
        ok = list(&c.ok_actions),
        alarm = list(&c.alarm_actions),
        insuf = list(&c.insufficient_data_actions),
    )
}

pub fn outgoing(region: &str, a: &Alarm, old: State) -> Outgoing {
    let j = json_message(region, a, old);
    Outgoing { subject: Some(subject(region, a)), default: j.clone(), email: Some(email_text(region, a, old)), email_json: Some(j) }
}
