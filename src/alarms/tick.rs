//! The minute tick: one region event per whole virtual minute, queued only while the region has
//! alarms (CloudWatch evaluates alarms with periods of a minute or more every minute).
use super::Event;
use crate::sim::Millis;
use crate::world::World;

pub const MINUTE: Millis = 60_000;

/// The next whole minute strictly after `now`.
pub fn next_minute(now: Millis) -> Millis {
    (now / MINUTE + 1) * MINUTE
}

/// Queues the tick if it is not queued yet.
pub fn ensure_ticking(w: &mut World, region: &'static str) {
    let Some(r) = w.regions.get_mut(region) else { return };
    if r.alarms.ticking {
        return;
    }
    r.alarms.ticking = true;
    let at = next_minute(w.now());
    w.schedule(at - w.now(), crate::world::Event::Alarms { region, event: Event::Tick });
}

pub fn run(w: &mut World, region: &'static str) {
    let Some(r) = w.regions.get_mut(region) else { return };
    r.alarms.ticking = false;
    if r.alarms.alarms.is_empty() {
        return;
    }
    let names: Vec<String> = r.alarms.alarms.keys().cloned().collect();
    for name in names {
        super::evaluate::evaluate_alarm(w, region, &name);
    }
    ensure_ticking(w, region);
}
