//! The seeded Spot capacity model (AWS publishes none; ec2lab's plausible choice, documented in
//! the README): each (region, AZ, instance type) pool has "capacity crunches" — windows during
//! which EC2 needs the capacity back. Time is cut into 6-hour blocks; a block holds a crunch
//! with probability 3 % (about one every 8 days per pool), starting at a seeded minute of the
//! block and lasting 30–180 minutes. During a crunch no new Spot request is fulfilled in the pool
//! (`capacity-not-available`), and at its start every running Spot Instance of the pool is
//! interrupted (`instance-terminated-no-capacity` ...), after a rebalance recommendation and the
//! two-minute notice. Like the price, a pure function of the seed.
use super::seeded::draw;
use crate::sim::Millis;

const BLOCK_MS: Millis = 6 * 3_600_000;
const CRUNCH_PERCENT: u64 = 3;

/// The crunch of block `b`, if any: `[start, end)`.
fn crunch_in_block(seed: u64, region: &str, az: &str, itype: &str, b: u64) -> Option<(Millis, Millis)> {
    let d = draw(seed, &["spot-capacity", region, az, itype], b);
    if d % 100 >= CRUNCH_PERCENT {
        return None;
    }
    let start = b * BLOCK_MS + ((d >> 8) % 300) * 60_000;
    let len = (30 + (d >> 20) % 151) * 60_000;
    Some((start, start + len))
}

/// The crunch under way at `at`, if any.
pub fn crunch_at(seed: u64, region: &str, az: &str, itype: &str, at: Millis) -> Option<(Millis, Millis)> {
    let b = at / BLOCK_MS;
    (b.saturating_sub(1)..=b).filter_map(|b| crunch_in_block(seed, region, az, itype, b)).find(|&(s, e)| s <= at && at < e)
}

/// The first crunch starting in (from, until], if any.
pub fn next_crunch(seed: u64, region: &str, az: &str, itype: &str, from: Millis, until: Millis) -> Option<(Millis, Millis)> {
    (from / BLOCK_MS..=until / BLOCK_MS).filter_map(|b| crunch_in_block(seed, region, az, itype, b)).find(|&(s, _)| s > from && s <= until)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn crunches_are_rare_and_bounded() {
        let t0 = crate::sim::clock::DEFAULT_START;
        let mut n = 0;
        let mut t = t0;
        while let Some((s, e)) = next_crunch(3, "us-east-1", "us-east-1a", "m5.large", t, t0 + 365 * 24 * 3_600_000) {
            assert!(e - s >= 30 * 60_000 && e - s <= 180 * 60_000);
            assert_eq!(crunch_at(3, "us-east-1", "us-east-1a", "m5.large", s), Some((s, e)));
            n += 1;
            t = s;
        }
        assert!((20..80).contains(&n), "{n} crunches in a year");
    }
}
