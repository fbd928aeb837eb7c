//! What happens by itself once a transition is under way: each event carries the instance's
//! generation at scheduling time and is ignored if the instance has moved on since.
use super::instance::{InstanceState, StatusCheck};
use super::{Durations, TERMINATED_VISIBLE_MS};
use crate::world::{Event as WorldEvent, World};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// pending → running
    Booted { id: String, generation: u64 },
    /// stopping → stopped
    Stopped { id: String, generation: u64 },
    /// shutting-down → terminated
    Terminated { id: String, generation: u64 },
    /// status checks pass
    StatusOk { id: String, generation: u64 },
    /// the OS is back after a reboot
    Rebooted { id: String, generation: u64 },
    /// a terminated instance drops out of Describe calls
    Vanish { id: String },
}

type StorageHook = fn(&mut World, &str, &str);

pub fn apply_event(w: &mut World, region: &'static str, event: Event) {
    let now = w.now();
    let World { regions, rng, billing, .. } = w;
    let r = regions.get_mut(region).expect("events name modelled regions");
    let current = |id: &str, generation: u64| r.compute.instances.get(id).is_some_and(|i| i.generation == generation);
    let mut follow_up = None;
    // What storage must do once the instance has moved (instance store erased, volumes released).
    let mut storage_hook: Option<(StorageHook, String)> = None;
    // Spot requests follow their instance (purchase::spot): booted, stopped, terminated.
    let mut booted: Option<String> = None;
    match event {
        Event::Booted { id, generation } if current(&id, generation) => {
            let i = r.compute.instances.get_mut(&id).expect("current");
            debug_assert!(i.state.can_move_to(InstanceState::Running));
            i.state = InstanceState::Running;
            i.state_reason = None;
            i.run_periods.push((now, None));
            i.generation += 1;
            i.system_status = StatusCheck::Initializing;
            i.instance_status = StatusCheck::Initializing;
            booted = Some(id.clone());
            follow_up = Some((Durations::status_checks(rng), Event::StatusOk { id, generation: i.generation }));
        }
        Event::Stopped { id, generation } if current(&id, generation) => {
            let i = r.compute.instances.get_mut(&id).expect("current");
            i.state = InstanceState::Stopped;
            i.generation += 1;
            i.system_status = StatusCheck::NotApplicable;
            i.instance_status = StatusCheck::NotApplicable;
            i.rebooting_until = None;
            // The auto-assigned public address goes back to Amazon's pool (UG:Stop_Start).
            r.network.release_auto_public_ips(&id);
            storage_hook = Some((crate::storage::on_stop, id));
        }
        Event::Terminated { id, generation } if current(&id, generation) => {
            let i = r.compute.instances.get_mut(&id).expect("current");
            i.state = InstanceState::Terminated;
            i.generation += 1;
            i.terminated_at = Some(now);
            i.system_status = StatusCheck::NotApplicable;
            i.instance_status = StatusCheck::NotApplicable;
            i.rebooting_until = None;
            // ENIs marked DeleteOnTermination (the primary one by default) and their addresses go
            // with the instance, the others are detached; volumes marked DeleteOnTermination are
            // deleted, the others detached (storage::on_terminated).
            if i.network.take().is_some() {
                r.network.instance_terminated(&id, &mut r.tags);
            }
            storage_hook = Some((crate::storage::on_terminated, id.clone()));
            follow_up = Some((TERMINATED_VISIBLE_MS, Event::Vanish { id }));
        }
        Event::StatusOk { id, generation } if current(&id, generation) => {
            let i = r.compute.instances.get_mut(&id).expect("current");
            i.system_status = StatusCheck::Ok;
            i.instance_status = StatusCheck::Ok;
        }
        Event::Rebooted { id, generation } if current(&id, generation) => {
            let i = r.compute.instances.get_mut(&id).expect("current");
            if i.rebooting_until.is_some_and(|t| t <= now) {
                i.rebooting_until = None;
                i.instance_status = StatusCheck::Ok;
            }
        }
        Event::Vanish { id } if r.compute.instances.get(&id).is_some_and(|i| i.state == InstanceState::Terminated) => {
            billing.ledger.instance_gone(region, r.compute.instances.remove(&id));
            r.compute.order.retain(|x| x != &id);
            r.tags.forget(&id);
        }
        _ => {} // stale: the instance moved on before this event came due
    }
    if let Some((hook, id)) = storage_hook {
        hook(w, region, &id);
        crate::purchase::spot::after_instance_event(w, region, &id);
    }
    if let Some(id) = booted {
        crate::purchase::spot::after_instance_event(w, region, &id);
    }
    if let Some((after, ev)) = follow_up {
        w.schedule(after, WorldEvent::Compute { region, event: ev });
    }
}
