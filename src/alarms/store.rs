//! The alarms of a region: create/replace, delete, set state, enable/disable actions.
//! Every function checks everything first, then changes the world.
use super::config::{validate, AlarmConfig};
use super::errors::{alarm_not_found, limit_exceeded};
use super::history::{self, HistoryItem};
use super::{actions, tick};
use crate::error::ApiError;
use crate::sim::Millis;
use crate::world::{World, ACCOUNT_ID};

/// CloudWatch's default quota of metric alarms per region (CW:AlarmThatSendsEmail "Common features").
pub const MAX_ALARMS: usize = 5000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Ok,
    Alarm,
    InsufficientData,
}

impl State {
    pub fn name(self) -> &'static str {
        match self {
            State::Ok => "OK",
            State::Alarm => "ALARM",
            State::InsufficientData => "INSUFFICIENT_DATA",
        }
    }
    pub fn parse(s: &str) -> Option<State> {
        [State::Ok, State::Alarm, State::InsufficientData].into_iter().find(|x| x.name() == s)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alarm {
    pub config: AlarmConfig,
    pub arn: String,
    pub config_updated: Millis,
    pub state: State,
    pub reason: String,
    pub reason_data: Option<String>,
    /// When the state or its reason last changed (StateUpdatedTimestamp).
    pub state_updated: Millis,
    /// When the state value last changed (StateTransitionedTimestamp).
    pub state_transitioned: Millis,
    /// The newest datapoint of the last evaluation (handed to Auto Scaling policies).
    pub last_value: Option<f64>,
}

pub fn alarm_arn(region: &str, name: &str) -> String {
    format!("arn:aws:cloudwatch:{region}:{ACCOUNT_ID}:alarm:{name}")
}

/// Creates the alarm (state INSUFFICIENT_DATA, "Unchecked: Initial alarm creation") or replaces
/// the configuration of an existing one while keeping its state (BC:cw/PutMetricAlarm).
pub fn put_metric_alarm(w: &mut World, region: &str, cfg: AlarmConfig) -> Result<(), ApiError> {
    let reg = w.region(region)?;
    let region = reg.info.name;
    validate(&cfg, region)?;
    let existing = reg.alarms.alarms.get(&cfg.name).cloned();
    if existing.is_none() && reg.alarms.alarms.len() >= MAX_ALARMS {
        return Err(limit_exceeded(MAX_ALARMS));
    }
    let now = w.now();
    let item;
    let alarm = match existing {
        Some(old) => {
            // Tags given to a re-put are ignored (BC:cw/PutMetricAlarm Tags): TagResource changes them.
            let cfg = AlarmConfig { tags: old.config.tags.clone(), ..cfg };
            let new = Alarm { config: cfg, config_updated: now, ..old.clone() };
            item = history::updated(&old, &new, now);
            new
        }
        None => {
            let a = Alarm {
                arn: alarm_arn(region, &cfg.name),
                config: cfg,
                config_updated: now,
                state: State::InsufficientData,
                reason: "Unchecked: Initial alarm creation".into(),
                reason_data: None,
                state_updated: now,
                state_transitioned: now,
                last_value: None,
            };
            item = history::created(&a, now);
            a
        }
    };
    let ra = &mut w.region_mut(region)?.alarms;
    ra.history.push(item);
    ra.alarms.insert(alarm.config.name.clone(), alarm);
    tick::ensure_ticking(w, region);
    Ok(())
}

/// Deletes the named alarms that exist; names that do not exist are skipped, as AWS does
/// ("the alarms you specify with correct names are still deleted", BC:cw/DeleteAlarms).
pub fn delete_alarms(w: &mut World, region: &str, names: &[String]) -> Result<(), ApiError> {
    let now = w.now();
    let ra = &mut w.region_mut(region)?.alarms;
    for n in names {
        if let Some(a) = ra.alarms.remove(n) {
            ra.history.push(history::deleted(&a, now));
        }
    }
    Ok(())
}

/// Sets the state by hand (for testing, BC:cw/SetAlarmState): a change of state value runs the
/// actions of the new state; the next evaluation puts the real state back.
pub fn set_alarm_state(w: &mut World, region: &str, name: &str, state: State, reason: String, reason_data: Option<String>) -> Result<(), ApiError> {
    let reg = w.region(region)?;
    let region = reg.info.name;
    if !reg.alarms.alarms.contains_key(name) {
        return Err(alarm_not_found(name));
    }
    if let Some(d) = &reason_data {
        if serde_json::from_str::<serde_json::Value>(d).is_err() {
            return Err(ApiError::new("InvalidFormat", "Unknown")
                .hint("StateReasonData must be a JSON document (e.g. '{}').", "StateReasonData는 JSON 문서여야 합니다(예: '{}')."));
        }
    }
    change_state(w, region, name, state, reason, reason_data, None);
    Ok(())
}

/// Moves an alarm to `state` with its reason: a StateUpdate history item when the state value
/// changes (or the reason changes, as AWS records re-evaluations with new reasons only on change),
/// then the new state's actions on a transition. `value` is the newest datapoint, if any.
pub(crate) fn change_state(w: &mut World, region: &'static str, name: &str, state: State, reason: String, reason_data: Option<String>, value: Option<f64>) {
    let now = w.now();
    let Some(a) = w.regions.get_mut(region).and_then(|r| r.alarms.alarms.get_mut(name)) else { return };
    a.last_value = value;
    if a.state == state {
        return;
    }
    let item = history::state_update(name, now, (a.state, &a.reason), (state, &reason, reason_data.as_deref()));
    let old = a.state;
    a.state = state;
    a.reason = reason;
    a.reason_data = reason_data;
    a.state_updated = now;
    a.state_transitioned = now;
    let alarm = a.clone();
    let ra = &mut w.regions.get_mut(region).expect("region").alarms;
    ra.history.push(item);
    actions::run_transition(w, region, &alarm, old);
}

pub fn set_actions_enabled(w: &mut World, region: &str, names: &[String], enabled: bool) -> Result<(), ApiError> {
    let ra = &mut w.region_mut(region)?.alarms;
    for n in names {
        if let Some(a) = ra.alarms.get_mut(n) {
            a.config.actions_enabled = enabled;
        }
    }
    Ok(())
}

/// The history of the region that is still retained at `now`.
pub fn retained_history(w: &World, region: &str, now: Millis) -> Vec<HistoryItem> {
    w.regions.get(region).map(|r| r.alarms.history.iter().filter(|h| h.at + history::RETENTION_MS > now).cloned().collect()).unwrap_or_default()
}

/// The alarm an ARN names (TagResource & co. take ARNs), or CloudWatch's ResourceNotFoundException.
fn by_arn<'w>(w: &'w World, region: &str, arn: &str) -> Result<&'w Alarm, ApiError> {
    w.region(region)?.alarms.alarms.values().find(|a| a.arn == arn).ok_or_else(|| {
        ApiError::new("ResourceNotFoundException", format!("The specified resource does not exist: {arn}")).status(404).hint(
            "Pass an alarm's AlarmArn (DescribeAlarms shows it); only alarms are taggable in ec2lab.",
            "알람의 AlarmArn을 넘기세요(DescribeAlarms에 나옵니다). ec2lab에서는 알람만 태그를 붙일 수 있습니다.",
        )
    })
}

pub fn tags(w: &World, region: &str, arn: &str) -> Result<Vec<(String, String)>, ApiError> {
    Ok(by_arn(w, region, arn)?.config.tags.clone())
}

/// Adds or overwrites tags (at most 50 per alarm; keys 1-128, values 0-256 characters; `aws:` is reserved).
pub fn tag(w: &mut World, region: &str, arn: &str, new: &[(String, String)]) -> Result<(), ApiError> {
    let mut t = by_arn(w, region, arn)?.config.tags.clone();
    for (k, v) in new {
        if k.is_empty() || k.chars().count() > 128 || v.chars().count() > 256 || k.starts_with("aws:") {
            return Err(ApiError::new("InvalidParameterValueException", format!("The tag {k} is not valid.")).hint(
                "A tag key is 1-128 characters and must not start with 'aws:'; a value is at most 256 characters.",
                "태그 키는 1~128자이며 'aws:'로 시작할 수 없고, 값은 최대 256자입니다.",
            ));
        }
        match t.iter_mut().find(|(x, _)| x == k) {
            Some(e) => e.1 = v.clone(),
            None => t.push((k.clone(), v.clone())),
        }
    }
    if t.len() > 50 {
        return Err(ApiError::new("InvalidParameterValueException", "A resource can have at most 50 tags.").hint(
            "An alarm holds at most 50 tags; remove some with UntagResource first.",
            "알람에는 태그를 최대 50개까지 붙일 수 있습니다. 먼저 UntagResource로 일부를 지우세요.",
        ));
    }
    let name = by_arn(w, region, arn)?.config.name.clone();
    w.region_mut(region)?.alarms.alarms.get_mut(&name).expect("found above").config.tags = t;
    Ok(())
}

pub fn untag(w: &mut World, region: &str, arn: &str, keys: &[String]) -> Result<(), ApiError> {
    let name = by_arn(w, region, arn)?.config.name.clone();
    let a = w.region_mut(region)?.alarms.alarms.get_mut(&name).expect("found above");
    a.config.tags.retain(|(k, _)| !keys.contains(k));
    Ok(())
}
