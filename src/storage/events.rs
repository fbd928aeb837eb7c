//! What happens by itself once storage work is under way. Each event checks that its subject
//! is still in the state that scheduled it (a stale event does nothing).
use super::snapshot::SnapshotState;
use super::volume::{AttachState, ModificationState, VolumeState};
use crate::world::World;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// creating → available
    VolumeAvailable { id: String, generation: u64 },
    /// attaching → attached
    Attached { volume_id: String, instance_id: String },
    /// detaching → gone
    Detached { volume_id: String, instance_id: String },
    /// deleting → gone
    VolumeDeleted { id: String },
    /// pending → completed
    SnapshotCompleted { id: String },
    /// modification `n` (1-based): modifying → optimizing
    Optimizing { volume_id: String, n: usize },
    /// modification `n`: optimizing → completed
    ModificationCompleted { volume_id: String, n: usize },
}

pub fn apply_event(w: &mut World, region: &'static str, event: Event) {
    let r = w.regions.get_mut(region).expect("events name modelled regions");
    let s = &mut r.storage;
    match event {
        Event::VolumeAvailable { id, generation } => {
            if let Some(v) = s.volumes.get_mut(&id).filter(|v| v.generation == generation && v.state == VolumeState::Creating) {
                v.state = VolumeState::Available;
                v.generation += 1;
                v.settle_state();
            }
        }
        Event::Attached { volume_id, instance_id } => {
            if let Some(a) = s.volumes.get_mut(&volume_id).and_then(|v| v.attachment_mut(&instance_id)).filter(|a| a.state == AttachState::Attaching) {
                a.state = AttachState::Attached;
            }
        }
        Event::Detached { volume_id, instance_id } => {
            if let Some(v) = s.volumes.get_mut(&volume_id) {
                if v.attachment(&instance_id).is_some_and(|a| a.state == AttachState::Detaching) {
                    v.attachments.retain(|a| a.instance_id != instance_id);
                    v.generation += 1;
                    v.settle_state();
                }
            }
        }
        Event::VolumeDeleted { id } => {
            if s.volumes.get(&id).is_some_and(|v| v.state == VolumeState::Deleting) {
                w.billing.ledger.volume_gone(region, s.volumes.remove(&id), w.clock.now());
                r.tags.forget(&id);
            }
        }
        Event::SnapshotCompleted { id } => {
            if let Some(snap) = s.snapshots.get_mut(&id) {
                snap.state = SnapshotState::Completed;
            }
        }
        Event::Optimizing { volume_id, n } => {
            if let Some(m) = s.volumes.get_mut(&volume_id).and_then(|v| v.modifications.get_mut(n - 1)).filter(|m| m.state == ModificationState::Modifying) {
                m.state = ModificationState::Optimizing;
            }
        }
        Event::ModificationCompleted { volume_id, n } => {
            if let Some(m) = s.volumes.get_mut(&volume_id).and_then(|v| v.modifications.get_mut(n - 1)) {
                m.state = ModificationState::Completed;
            }
        }
    }
}
