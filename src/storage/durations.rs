//! How long EBS work takes in virtual time. AWS publishes none of these durations (only words
//! like "a few seconds" or "can take several hours"), so each is a seeded plausible range and
//! every range is listed in the README's durations section.
use crate::sim::SimRng;

pub struct Durations;

const MIB: f64 = 1024.0 * 1024.0;

impl Durations {
    /// creating → available: seconds in practice, also from a snapshot (blocks load lazily).
    /// Seeded guess 2–8 s.
    pub fn create_volume(rng: &mut SimRng) -> u64 {
        rng.duration_ms(2.0, 8.0)
    }
    /// attaching → attached. Seeded guess 2–6 s.
    pub fn attach(rng: &mut SimRng) -> u64 {
        rng.duration_ms(2.0, 6.0)
    }
    /// detaching → gone (volume `available`). Seeded guess 3–10 s; a forced detach 1–3 s.
    pub fn detach(rng: &mut SimRng, force: bool) -> u64 {
        if force {
            rng.duration_ms(1.0, 3.0)
        } else {
            rng.duration_ms(3.0, 10.0)
        }
    }
    /// deleting → gone. BC:ec2/DeleteVolume: "may remain in the deleting state for several
    /// minutes"; seeded guess 10–60 s.
    pub fn delete_volume(rng: &mut SimRng) -> u64 {
        rng.duration_ms(10.0, 60.0)
    }
    /// pending → completed for a snapshot: a seeded 10–20 s set-up plus the blocks it stores at
    /// 64 MiB/s (the UG says only that it "can take several hours" for large first snapshots).
    pub fn snapshot(rng: &mut SimRng, stored_bytes: u64) -> u64 {
        rng.duration_ms(10.0, 20.0) + (stored_bytes as f64 / (64.0 * MIB) * 1000.0) as u64
    }
    /// A cross-region copy moves every block: 30–60 s plus the data at 32 MiB/s. Seeded guess.
    pub fn copy_snapshot(rng: &mut SimRng, bytes: u64) -> u64 {
        rng.duration_ms(30.0, 60.0) + (bytes as f64 / (32.0 * MIB) * 1000.0) as u64
    }
    /// ModifyVolume `modifying` phase: seeded guess 5–20 s.
    pub fn modifying(rng: &mut SimRng) -> u64 {
        rng.duration_ms(5.0, 20.0)
    }
    /// `optimizing` phase: UG:monitoring-volume-modifications says it can take from minutes to
    /// hours, longer for bigger volumes. Seeded guess: 60–120 s plus 0.5 s per GiB.
    pub fn optimizing(rng: &mut SimRng, size_gib: u32) -> u64 {
        rng.duration_ms(60.0, 120.0) + size_gib as u64 * 500
    }
}
