//! CloudWatch alarms: evaluation every virtual minute, state history, actions.
//! (Skeleton laid by the lead; owned by the alarms work.)
use crate::world::World;

/// One region's state of this domain.
#[derive(Debug, Clone, Default)]
pub struct RegionAlarms {}

/// Timed transitions of this domain, run by `World::advance_to`.
#[derive(Debug, Clone)]
pub enum Event {}

pub fn apply_event(_w: &mut World, _region: &'static str, event: Event) {
    match event {}
}
