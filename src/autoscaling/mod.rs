//! Auto Scaling groups, scaling policies, instance lifecycle in the group.
//!
//! Files: `model` (groups, members, activities, policies), `group` (create, update, delete,
//! desired capacity, target groups, member health and termination: the checks of each call),
//! `reconcile` (what groups do in virtual time: health, lifecycle, launching and terminating
//! toward desired across AZs), `termination` (which instance a scale-in picks), `policy`
//! (scaling policies and what an alarm does to them), `activity` (the activity records and
//! their AWS texts), `errors`.
pub mod activity;
pub mod errors;
pub mod group;
pub mod model;
pub mod policy;
pub mod reconcile;
pub mod termination;

pub use model::*;

use crate::world::World;
use std::collections::BTreeMap;

/// One region's state of this domain.
#[derive(Debug, Clone, Default)]
pub struct RegionAutoScaling {
    /// Groups by name.
    pub groups: BTreeMap<String, Group>,
    /// Scaling policies by ARN.
    pub policies: BTreeMap<String, Policy>,
    /// Every activity, oldest first (kept after a group is deleted, for IncludeDeletedGroups).
    pub activities: Vec<Activity>,
    /// A region tick is queued (one at a time, only while groups exist).
    pub tick_queued: bool,
}

/// Timed transitions of this domain, run by `World::advance_to`.
#[derive(Debug, Clone)]
pub enum Event {
    /// Every group looks at its instances (every `reconcile::TICK_MS` while groups exist).
    Tick,
    /// One group looks now (draining over, launch retry due).
    Check { group: String },
}

pub fn apply_event(w: &mut World, region: &'static str, event: Event) {
    match event {
        Event::Tick => reconcile::tick(w, region),
        Event::Check { group } => reconcile::reconcile(w, region, &group),
    }
}
