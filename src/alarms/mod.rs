//! CloudWatch alarms: evaluation every virtual minute, state history, actions.
//! `config` (PutMetricAlarm's fields and checks), `store` (create/replace/delete/set state),
//! `evaluate` (M of N over the evaluation range, TreatMissingData), `tick` (the minute event),
//! `actions` (SNS, EC2, Auto Scaling), `history` (DescribeAlarmHistory items), `message` (texts).
pub mod actions;
pub mod config;
pub mod errors;
pub mod evaluate;
pub mod history;
pub mod message;
pub mod store;
pub mod tick;

pub use config::{AlarmConfig, Comparison, Statistic, TreatMissing};
pub use store::{delete_alarms, put_metric_alarm, set_actions_enabled, set_alarm_state, Alarm, State};

use crate::world::World;
use std::collections::BTreeMap;

/// One region's alarms, their history (kept after deletion) and whether the minute tick is queued.
#[derive(Debug, Clone, Default)]
pub struct RegionAlarms {
    pub alarms: BTreeMap<String, Alarm>,
    pub history: Vec<history::HistoryItem>,
    /// True while a `Tick` is in the queue (there is exactly one per region while alarms exist).
    pub ticking: bool,
}

/// Timed transitions of this domain, run by `World::advance_to`.
#[derive(Debug, Clone)]
pub enum Event {
    /// Evaluate every alarm of the region at this whole minute.
    Tick,
}

pub fn apply_event(w: &mut World, region: &'static str, event: Event) {
    match event {
        Event::Tick => tick::run(w, region),
    }
}
