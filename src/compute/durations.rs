//! How long each transition takes in virtual time. AWS publishes bounds, not distributions, so
//! each duration is drawn from a seeded uniform range; the comment says what backs the range.
use crate::sim::SimRng;

pub struct Durations;

impl Durations {
    /// pending → running. UG:ComponentsAMIs: EBS-backed "usually less than 1 minute",
    /// instance-store-backed "usually less than 5 minutes". Range: seeded guess inside those bounds.
    pub fn boot(rng: &mut SimRng, instance_store_backed: bool) -> u64 {
        if instance_store_backed {
            rng.duration_ms(90.0, 240.0)
        } else {
            rng.duration_ms(10.0, 40.0)
        }
    }
    /// stopping → stopped. UG:Stop_Start says "a few minutes"; observed stops are usually under
    /// a minute. Seeded guess. A forced stop skips the OS shutdown.
    pub fn stop(rng: &mut SimRng, force: bool) -> u64 {
        if force {
            rng.duration_ms(3.0, 10.0)
        } else {
            rng.duration_ms(20.0, 90.0)
        }
    }
    /// stopping → stopped when hibernating: RAM is written to the root volume first, so it takes
    /// longer the more memory there is. Seeded guess: 30–60 s plus about 1 s per GiB of RAM.
    pub fn hibernate(rng: &mut SimRng, memory_mib: u64) -> u64 {
        rng.duration_ms(30.0, 60.0) + memory_mib / 1024 * 1000
    }
    /// shutting-down → terminated. Unpublished; seeded guess.
    pub fn terminate(rng: &mut SimRng, was_running: bool) -> u64 {
        if was_running {
            rng.duration_ms(20.0, 60.0)
        } else {
            rng.duration_ms(5.0, 15.0)
        }
    }
    /// How long the OS is down during a reboot. UG:ec2-instance-reboot: "a few minutes" at most;
    /// seeded guess 30–90 s. The state stays `running` throughout.
    pub fn reboot(rng: &mut SimRng) -> u64 {
        rng.duration_ms(30.0, 90.0)
    }
    /// running → status checks `ok`. Checks run every minute (UG:monitoring-system-instance-status-check);
    /// the first passing check comes 2–4 minutes after boot (seeded guess), on a whole minute.
    pub fn status_checks(rng: &mut SimRng) -> u64 {
        rng.duration_ms(1.0, 3.0).div_ceil(60_000) * 60_000 + 60_000
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn ranges_hold_and_are_seeded() {
        let mut a = SimRng::new(1);
        let mut b = SimRng::new(1);
        for _ in 0..200 {
            let x = Durations::boot(&mut a, false);
            assert_eq!(x, Durations::boot(&mut b, false));
            assert!((10_000..=40_000).contains(&x));
            let s = Durations::status_checks(&mut a);
            Durations::status_checks(&mut b);
            assert!(s.is_multiple_of(60_000) && (120_000..=240_000).contains(&s), "{s}");
        }
    }
}
