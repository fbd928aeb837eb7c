//! One alarm evaluation: CloudWatch's "M out of N" over the evaluation range, with the
//! TreatMissingData rules of CW:AlarmThatSendsEmail ("How alarm state is evaluated when data is
//! missing"):
//! - CloudWatch fetches more periods than N (the *evaluation range*; the docs' example fetches 5
//!   for N = 3; AWS does not publish the rule, ec2lab uses N + 2).
//! - With at least N real datapoints in the range, the newest N real ones are evaluated and
//!   TreatMissingData is not used.
//! - With fewer, every real datapoint is evaluated together with as few filled-in missing ones
//!   as make N (the newest missing periods); `breaching` fills breaching, `notBreaching` fills
//!   within threshold, `missing` / `ignore` leave them unknown: ALARM if M real points breach,
//!   OK if any real point is within the threshold, otherwise INSUFFICIENT_DATA (`missing`) or the
//!   current state (`ignore`) — except that `missing` goes to ALARM when the oldest evaluated
//!   point is a breaching one and none is within the threshold (the docs' table, sixth row).
//! - With no real datapoint at all: missing → INSUFFICIENT_DATA, ignore → keep, breaching →
//!   ALARM, notBreaching → OK.
use super::config::{AlarmConfig, Comparison, TreatMissing};
use super::history::json_time;
use super::store::{change_state, State};
use crate::monitoring::query::{self, MetricKey, Stat};
use crate::sim::Millis;
use crate::world::World;
use serde_json::json;

/// One evaluated period: its index in the range (oldest 0) and its value (None: a filled-in missing point).
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub index: usize,
    pub value: Option<f64>,
    pub breaching: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// None: keep the current state (`ignore`).
    pub state: Option<State>,
    /// The N evaluated periods, oldest first.
    pub evaluated: Vec<Slot>,
    /// How many evaluated periods were missing and filled in.
    pub filled: usize,
}

/// How many periods CloudWatch fetches for an alarm of N evaluation periods (see the module doc).
pub fn evaluation_range(n: u32) -> usize {
    n as usize + 2
}

/// The decision for one evaluation range (oldest first; None = no datapoint in that period).
pub fn decide(range: &[Option<f64>], n: usize, m: usize, cmp: Comparison, threshold: f64, treat: TreatMissing) -> Decision {
    let real: Vec<usize> = (0..range.len()).filter(|&i| range[i].is_some()).collect();
    let slot = |i: usize| {
        let v = range[i];
        Slot { index: i, value: v, breaching: v.is_some_and(|v| cmp.breaches(v, threshold)) }
    };
    if real.len() >= n {
        let evaluated: Vec<Slot> = real[real.len() - n..].iter().map(|&i| slot(i)).collect();
        let b = evaluated.iter().filter(|s| s.breaching).count();
        return Decision { state: Some(if b >= m { State::Alarm } else { State::Ok }), evaluated, filled: 0 };
    }
    // Fewer real points than N: all of them, plus the newest missing periods to make N.
    let fill = n - real.len();
    let mut missing: Vec<usize> = (0..range.len()).filter(|&i| range[i].is_none()).collect();
    let keep_from = missing.len().saturating_sub(fill);
    missing.drain(..keep_from);
    let fill_breaching = treat == TreatMissing::Breaching;
    let mut evaluated: Vec<Slot> =
        real.iter().map(|&i| slot(i)).chain(missing.iter().map(|&i| Slot { index: i, value: None, breaching: fill_breaching })).collect();
    evaluated.sort_by_key(|s| s.index);
    let filled = missing.len();
    let real_breaching = evaluated.iter().filter(|s| s.value.is_some() && s.breaching).count();
    let real_ok = evaluated.iter().any(|s| s.value.is_some() && !s.breaching);
    let state = match treat {
        TreatMissing::Breaching => Some(if real_breaching + filled >= m { State::Alarm } else { State::Ok }),
        TreatMissing::NotBreaching => Some(if real_breaching >= m { State::Alarm } else { State::Ok }),
        TreatMissing::Missing | TreatMissing::Ignore => {
            if real.is_empty() {
                (treat == TreatMissing::Missing).then_some(State::InsufficientData)
            } else if real_breaching >= m {
                Some(State::Alarm)
            } else if real_ok {
                Some(State::Ok)
            } else if treat == TreatMissing::Missing {
                let oldest_breaching = evaluated.first().is_some_and(|s| s.value.is_some() && s.breaching);
                Some(if oldest_breaching { State::Alarm } else { State::InsufficientData })
            } else {
                None
            }
        }
    };
    Decision { state, evaluated, filled }
}

/// The metric an alarm watches and the statistic it reads.
pub fn metric_of(cfg: &AlarmConfig) -> (MetricKey, Stat) {
    let dims: Vec<(&str, &str)> = cfg.dimensions.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let key = MetricKey::new(&cfg.namespace, &cfg.metric_name, &dims);
    let stat = match (cfg.statistic, &cfg.extended_statistic) {
        (Some(s), _) => Stat::parse(s.name()).unwrap_or(Stat::Average),
        (None, Some(e)) => super::config::percentile_of(e).map(Stat::Percentile).unwrap_or(Stat::Average),
        (None, None) => Stat::Average,
    };
    (key, stat)
}

/// The evaluation range's values at `now` (a whole minute): `range` periods ending at `now`.
pub fn range_values(w: &World, region: &str, cfg: &AlarmConfig, now: Millis) -> (Millis, Vec<Option<f64>>) {
    let p = cfg.period * 1000;
    let r = evaluation_range(cfg.evaluation_periods);
    let start = now.saturating_sub(p * r as u64);
    let (key, stat) = metric_of(cfg);
    let mut values = vec![None; r];
    for d in query::datapoints(w, region, &key, start, now, cfg.period, stat) {
        if cfg.unit.as_ref().is_some_and(|u| *u != d.unit) {
            continue;
        }
        let i = ((d.timestamp - start) / p) as usize;
        if i < r {
            values[i] = Some(d.value);
        }
    }
    (start, values)
}

/// Evaluates one alarm now: reads its range, decides, writes the reason as AWS words it, moves
/// the state (actions run on a transition), and repeats Auto Scaling actions while in state.
pub fn evaluate_alarm(w: &mut World, region: &'static str, name: &str) {
    let now = w.now();
    // Read-only first (no clone of the configuration unless the state changes).
    let (old_state, start, range, d) = {
        let Some(a) = w.regions.get(region).and_then(|r| r.alarms.alarms.get(name)) else { return };
        let cfg = &a.config;
        let (start, range) = range_values(w, region, cfg, now);
        let d = decide(&range, cfg.evaluation_periods as usize, cfg.m() as usize, cfg.comparison, cfg.threshold, cfg.treat());
        (a.state, start, range, d)
    };
    let newest = range.iter().rev().find_map(|v| *v);
    let state = match d.state {
        Some(s) if s != old_state => s,
        _ => {
            if let Some(a) = w.regions.get_mut(region).and_then(|r| r.alarms.alarms.get_mut(name)) {
                a.last_value = newest;
            }
            super::actions::repeat_autoscaling(w, region, name, newest);
            return;
        }
    };
    let cfg = &w.regions[region].alarms.alarms[name].config;
    let reason = reason_text(cfg, &d, &range, start, old_state, state);
    let data = reason_data(cfg, &d, &range, start, now);
    change_state(w, region, name, state, reason, Some(data), newest);
}

/// `(06/01/25 09:04:00)`: the datapoint time form of StateReason.
fn short_time(ms: Millis) -> String {
    let iso = crate::sim::clock::iso8601(ms);
    // 2025-01-06T09:04:00.000Z
    format!("{}/{}/{} {}", &iso[8..10], &iso[5..7], &iso[2..4], &iso[11..19])
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.1}")
    } else {
        format!("{v}")
    }
}

/// StateReason as CloudWatch writes it ("Threshold Crossed: 2 out of the last 3 datapoints [...]
/// were greater than the threshold (70.0) (minimum 2 datapoints for OK -> ALARM transition).").
pub fn reason_text(cfg: &AlarmConfig, d: &Decision, _range: &[Option<f64>], start: Millis, old: State, new: State) -> String {
    let p = cfg.period * 1000;
    let n = cfg.evaluation_periods as usize;
    let m = cfg.m() as usize;
    let t = |s: &Slot| start + s.index as u64 * p;
    if new == State::InsufficientData {
        let unknown = d.evaluated.iter().filter(|s| s.value.is_none()).count().max(1);
        return format!("Insufficient Data: {} unknown.", plural(unknown, "datapoint was", "datapoints were"));
    }
    let real: Vec<&Slot> = d.evaluated.iter().filter(|s| s.value.is_some()).collect();
    if real.is_empty() {
        let how = if cfg.treat() == TreatMissing::Breaching { "Breaching" } else { "NonBreaching" };
        return format!(
            "Threshold Crossed: no datapoints were received for {} and {} treated as [{how}].",
            plural(n, "period", "periods"),
            plural(d.filled, "missing datapoint was", "missing datapoints were")
        );
    }
    let alarm = new == State::Alarm;
    let shown: Vec<&&Slot> = real.iter().rev().filter(|s| s.breaching == alarm).collect();
    let list = shown.iter().map(|s| format!("{} ({})", num(s.value.unwrap_or(0.0)), short_time(t(s)))).collect::<Vec<_>>().join(", ");
    let verb = if shown.len() == 1 { "was" } else { "were" };
    let not = if alarm { "" } else { "not " };
    let words = cfg.comparison.words();
    let th = num(cfg.threshold);
    let mut s = if m == n && d.filled == 0 {
        format!("Threshold Crossed: {} [{list}] {verb} {not}{words} the threshold ({th})", plural(shown.len(), "datapoint", "datapoints"))
    } else {
        let need = if alarm { m } else { n - m + 1 };
        format!(
            "Threshold Crossed: {} out of the last {n} datapoints [{list}] {verb} {not}{words} the threshold ({th}) (minimum {} for {} -> {} transition)",
            shown.len(),
            plural(need, "datapoint", "datapoints"),
            old.name(),
            new.name()
        )
    };
    if d.filled > 0 && matches!(cfg.treat(), TreatMissing::Breaching | TreatMissing::NotBreaching) {
        let how = if cfg.treat() == TreatMissing::Breaching { "Breaching" } else { "NonBreaching" };
        s.push_str(&format!(" and {} treated as [{how}]", plural(d.filled, "missing datapoint was", "missing datapoints were")));
    }
    s.push('.');
    s
}

/// StateReasonData: the JSON document CloudWatch attaches to an evaluated state change.
pub fn reason_data(cfg: &AlarmConfig, d: &Decision, range: &[Option<f64>], start: Millis, now: Millis) -> String {
    let p = cfg.period * 1000;
    let recent: Vec<f64> = range.iter().filter_map(|v| *v).collect();
    let evaluated: Vec<serde_json::Value> = d
        .evaluated
        .iter()
        .rev()
        .map(|s| match s.value {
            Some(v) => json!({"timestamp": json_time(start + s.index as u64 * p), "value": v}),
            None => json!({"timestamp": json_time(start + s.index as u64 * p)}),
        })
        .collect();
    let mut v = json!({
        "version": "1.0",
        "queryDate": json_time(now),
        "startDate": json_time(start),
        "period": cfg.period,
        "recentDatapoints": recent,
        "threshold": cfg.threshold,
        "evaluatedDatapoints": evaluated,
    });
    match (&cfg.statistic, &cfg.extended_statistic) {
        (Some(s), _) => v["statistic"] = json!(s.name()),
        (None, Some(e)) => v["extendedStatistic"] = json!(e),
        _ => {}
    }
    if let Some(u) = &cfg.unit {
        v["unit"] = json!(u);
    }
    v.to_string()
}
