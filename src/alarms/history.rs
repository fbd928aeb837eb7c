//! DescribeAlarmHistory's items: ConfigurationUpdate, StateUpdate and Action, each with the
//! HistoryData JSON CloudWatch writes. History outlives the alarm (kept two weeks, as AWS).
use super::store::{Alarm, State};
use crate::sim::Millis;
use serde_json::{json, Value};

/// CloudWatch keeps alarm history for two weeks (CW:AlarmThatSendsEmail "Common features").
pub const RETENTION_MS: Millis = 14 * 86_400_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryKind {
    ConfigurationUpdate,
    StateUpdate,
    Action,
}

impl HistoryKind {
    pub fn name(self) -> &'static str {
        match self {
            HistoryKind::ConfigurationUpdate => "ConfigurationUpdate",
            HistoryKind::StateUpdate => "StateUpdate",
            HistoryKind::Action => "Action",
        }
    }
    pub fn parse(s: &str) -> Option<HistoryKind> {
        [HistoryKind::ConfigurationUpdate, HistoryKind::StateUpdate, HistoryKind::Action].into_iter().find(|k| k.name() == s)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct HistoryItem {
    pub alarm_name: String,
    pub at: Millis,
    pub kind: HistoryKind,
    pub summary: String,
    /// The HistoryData JSON text.
    pub data: String,
}

/// `2025-01-06T09:00:00.000+0000`: the timestamp form inside CloudWatch's JSON documents.
pub fn json_time(ms: Millis) -> String {
    let iso = crate::sim::clock::iso8601(ms);
    format!("{}+0000", iso.trim_end_matches('Z'))
}

/// The alarm as HistoryData's createdAlarm / updatedAlarm / deletedAlarm show it.
pub fn alarm_json(a: &Alarm) -> Value {
    let c = &a.config;
    let mut v = json!({
        "alarmName": c.name,
        "alarmArn": a.arn,
        "namespace": c.namespace,
        "metricName": c.metric_name,
        "dimensions": c.dimensions.iter().map(|(n, v)| json!({"name": n, "value": v})).collect::<Vec<_>>(),
        "period": c.period,
        "evaluationPeriods": c.evaluation_periods,
        "threshold": c.threshold,
        "comparisonOperator": c.comparison.name(),
        "actionsEnabled": c.actions_enabled,
        "alarmActions": c.alarm_actions,
        "okActions": c.ok_actions,
        "insufficientDataActions": c.insufficient_data_actions,
        "timestamp": json_time(a.config_updated),
        "stateValue": a.state.name(),
    });
    let o = v.as_object_mut().expect("object");
    match (&c.statistic, &c.extended_statistic) {
        (Some(s), _) => o.insert("statistic".into(), json!(s.name().to_uppercase())),
        (None, Some(e)) => o.insert("extendedStatistic".into(), json!(e)),
        _ => None,
    };
    if let Some(m) = c.datapoints_to_alarm {
        o.insert("datapointsToAlarm".into(), json!(m));
    }
    if let Some(t) = c.treat_missing_data {
        o.insert("treatMissingData".into(), json!(t.name()));
    }
    if let Some(d) = &c.description {
        o.insert("alarmDescription".into(), json!(d));
    }
    if let Some(u) = &c.unit {
        o.insert("unit".into(), json!(u));
    }
    v
}

pub fn created(a: &Alarm, at: Millis) -> HistoryItem {
    HistoryItem {
        alarm_name: a.config.name.clone(),
        at,
        kind: HistoryKind::ConfigurationUpdate,
        summary: format!("Alarm \"{}\" created", a.config.name),
        data: json!({"version": "1.0", "type": "Create", "createdAlarm": alarm_json(a)}).to_string(),
    }
}

/// `originalUpdatedFields` holds the old values of the fields that changed.
pub fn updated(old: &Alarm, new: &Alarm, at: Millis) -> HistoryItem {
    let (o, n) = (alarm_json(old), alarm_json(new));
    let mut changed = serde_json::Map::new();
    if let (Some(o), Some(n)) = (o.as_object(), n.as_object()) {
        for (k, ov) in o {
            if k != "timestamp" && n.get(k) != Some(ov) {
                changed.insert(k.clone(), ov.clone());
            }
        }
    }
    HistoryItem {
        alarm_name: new.config.name.clone(),
        at,
        kind: HistoryKind::ConfigurationUpdate,
        summary: format!("Alarm \"{}\" updated", new.config.name),
        data: json!({"version": "1.0", "type": "Update", "updatedAlarm": n, "originalUpdatedFields": changed}).to_string(),
    }
}

pub fn deleted(a: &Alarm, at: Millis) -> HistoryItem {
    HistoryItem {
        alarm_name: a.config.name.clone(),
        at,
        kind: HistoryKind::ConfigurationUpdate,
        summary: format!("Alarm \"{}\" deleted", a.config.name),
        data: json!({"version": "1.0", "type": "Delete", "deletedAlarm": alarm_json(a)}).to_string(),
    }
}

/// "Alarm updated from OK to ALARM", with both states and the new state's reason data.
pub fn state_update(name: &str, at: Millis, old: (State, &str), new: (State, &str, Option<&str>)) -> HistoryItem {
    let mut new_state = json!({"stateValue": new.0.name(), "stateReason": new.1});
    if let Some(d) = new.2.and_then(|d| serde_json::from_str::<Value>(d).ok()) {
        new_state["stateReasonData"] = d;
    }
    HistoryItem {
        alarm_name: name.to_string(),
        at,
        kind: HistoryKind::StateUpdate,
        summary: format!("Alarm updated from {} to {}", old.0.name(), new.0.name()),
        data: json!({"version": "1.0", "oldState": {"stateValue": old.0.name(), "stateReason": old.1}, "newState": new_state}).to_string(),
    }
}

/// "Successfully executed action arn:..." / "Failed to execute action arn:...".
pub fn action(name: &str, at: Millis, state_updated: Millis, arn: &str, ok: bool, detail: Value) -> HistoryItem {
    let mut data = json!({
        "actionState": if ok { "Succeeded" } else { "Failed" },
        "stateUpdateTimestamp": state_updated,
        "notificationResource": arn,
    });
    if let (Some(d), Some(o)) = (detail.as_object(), data.as_object_mut()) {
        for (k, v) in d {
            o.insert(k.clone(), v.clone());
        }
    }
    HistoryItem {
        alarm_name: name.to_string(),
        at,
        kind: HistoryKind::Action,
        summary: if ok { format!("Successfully executed action {arn}") } else { format!("Failed to execute action {arn}") },
        data: data.to_string(),
    }
}
