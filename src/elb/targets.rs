//! Registering and deregistering targets, draining, and the health state Describe shows.
use crate::world::World;

/// Draining is over: the target leaves the group.
pub fn drained(w: &mut World, region: &str, target_group_arn: &str, key: &super::TargetKey) {
    let _ = (w, region, target_group_arn, key);
}
