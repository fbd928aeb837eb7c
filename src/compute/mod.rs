//! Instances and their lifecycle: launch, the state machine, timing, protections, status checks.
mod attributes;
mod block_devices;
mod diagram;
mod durations;
mod events;
mod instance;
mod launch;
pub mod launch_templates;
mod lifecycle;
mod lookup;
mod quotas;
mod root_volume;

pub use attributes::{modify_attribute, AttributeChange};
pub use block_devices::{storage_plan, StoragePlan};
pub use diagram::lifecycle_svg;
pub use durations::Durations;
pub use events::{apply_event, Event};
pub use instance::{Instance, InstanceState, NetworkAttachment, RootVolume, ShutdownBehavior, StatusCheck};
pub use launch::{run_instances, LaunchSpec, NicSpec};
pub use lifecycle::{reboot, service_interrupt, shutdown_from_os, start, stop, terminate, StateChange, TerminateOutcome};
pub use lookup::{check_instance_ids, instance, instance_in, instance_mut};
pub use root_volume::{DeviceMapping, RootOverride, RootSpec};

use std::collections::BTreeMap;

/// How long a terminated instance stays visible in Describe calls (BC:ec2/TerminateInstances: "about an hour").
pub const TERMINATED_VISIBLE_MS: u64 = 3_600_000;

#[derive(Debug, Clone, Default)]
pub struct RegionCompute {
    pub instances: BTreeMap<String, Instance>,
    /// Launch order, so Describe lists reservations as AWS does (oldest first).
    pub order: Vec<String>,
    /// ClientToken → (reservation id, the launch it answered), for idempotent RunInstances.
    pub client_tokens: BTreeMap<String, (String, String)>,
    /// Launch templates by id (`launch_templates`).
    pub launch_templates: BTreeMap<String, launch_templates::LaunchTemplate>,
}

impl RegionCompute {
    pub fn in_launch_order(&self) -> impl Iterator<Item = &Instance> {
        self.order.iter().filter_map(|id| self.instances.get(id))
    }
}
