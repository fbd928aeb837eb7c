//! Timed transitions of load balancing, applied by `World::advance_to`.
use crate::world::World;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// `provisioning` → `active`.
    LoadBalancerActive { arn: String },
    /// One round of health checks of a target group (reschedules itself while needed).
    HealthRound { target_group_arn: String },
    /// A deregistered target's draining ends: it is removed.
    DrainingDone { target_group_arn: String, key: super::TargetKey },
}

pub fn apply_event(w: &mut World, region: &'static str, event: Event) {
    match event {
        Event::LoadBalancerActive { arn } => super::load_balancer::activate(w, region, &arn),
        Event::HealthRound { target_group_arn } => super::health::round(w, region, &target_group_arn),
        Event::DrainingDone { target_group_arn, key } => super::targets::drained(w, region, &target_group_arn, &key),
    }
}
