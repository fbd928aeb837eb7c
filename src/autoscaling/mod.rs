//! Auto Scaling groups, scaling policies, instance lifecycle in the group.
//! (Skeleton laid by the lead; owned by the autoscaling work.)
pub mod policy;

use crate::world::World;

/// One region's state of this domain.
#[derive(Debug, Clone, Default)]
pub struct RegionAutoScaling {}

/// Timed transitions of this domain, run by `World::advance_to`.
#[derive(Debug, Clone)]
pub enum Event {}

pub fn apply_event(_w: &mut World, _region: &'static str, event: Event) {
    match event {}
}
