//! The seeded Spot price model (aws-facts §11: "set by EC2, moves gradually with long-term supply
//! and demand"). Stateless: the price of (region, AZ, type) at any moment is a pure function of
//! the world's seed, so reading it is O(1), never mutates the world, and history before the
//! world's start exists too.
//!
//! The model (AWS publishes none; these are ec2lab's plausible choices):
//! - each AZ has a base fraction of the on-demand price, seeded uniformly in 30–70 %; each type
//!   in that AZ shifts it by up to ±5 points (kept inside 30–70 %);
//! - time is cut into hours; in each hour a price change happens with probability 30 % (about one
//!   every 3.3 hours), at a seeded minute of that hour;
//! - the level set by a change is `base × (1 + 0.15 × noise)`, where `noise` in [-1, 1] is
//!   interpolated linearly between seeded anchors one day apart, so consecutive changes are small
//!   steps (a few percent) and the price wanders ±15 % around its base over days;
//! - prices are rounded to 6 decimals (DescribeSpotPriceHistory's `"0.031200"` form) and always
//!   lie strictly between 0 and the on-demand price (at most 70 % × 1.15 ≈ 80.5 % of it).
use super::on_demand::{on_demand_price, round};
use super::seeded::{draw, unit};
use crate::sim::Millis;
use crate::world::World;

pub const HOUR_MS: Millis = 3_600_000;
/// Probability (in percent) that an hour holds a price change.
const CHANGE_PERCENT: u64 = 30;
/// Hours between noise anchors.
const ANCHOR_HOURS: u64 = 24;
/// Relative amplitude of the wander around the base.
const AMPLITUDE: f64 = 0.15;
/// How far back a lookup searches for the last change before falling back to the anchor level.
const MAX_LOOKBACK_HOURS: u64 = 240;

/// One (region, AZ, type) market: everything needed to compute its prices.
#[derive(Debug, Clone, Copy)]
pub struct Market<'a> {
    pub seed: u64,
    pub region: &'a str,
    pub az: &'a str,
    pub instance_type: &'a str,
    pub on_demand: f64,
    pub base_fraction: f64,
}

impl<'a> Market<'a> {
    /// `None` when the region/AZ is not modelled, the AZ does not offer the type, or the type has
    /// no on-demand price.
    pub fn new(seed: u64, region: &'a str, az: &'a str, instance_type: &'a str) -> Option<Self> {
        let info = crate::geo::region(region)?;
        info.zone(az)?;
        if !crate::catalog::offered_in_zone(instance_type, region, az) {
            return None;
        }
        let on_demand = on_demand_price(region, instance_type)?.hourly;
        let az_frac = 0.30 + 0.40 * unit(seed, &["spot-az", region, az], 0);
        let type_shift = (unit(seed, &["spot-type", region, az, instance_type], 0) - 0.5) * 0.10;
        let base_fraction = (az_frac + type_shift).clamp(0.30, 0.70);
        Some(Market { seed, region, az, instance_type, on_demand, base_fraction })
    }

    fn labels(&self, what: &'a str) -> [&'a str; 4] {
        [what, self.region, self.az, self.instance_type]
    }

    /// The instant of the change in hour `h`, if that hour has one.
    fn change_in_hour(&self, h: u64) -> Option<Millis> {
        let d = draw(self.seed, &self.labels("spot-change"), h);
        (d % 100 < CHANGE_PERCENT).then(|| h * HOUR_MS + ((d >> 8) % 60) * 60_000)
    }

    fn anchor(&self, k: u64) -> f64 {
        unit(self.seed, &self.labels("spot-anchor"), k) * 2.0 - 1.0
    }

    /// The level a change in hour `h` sets.
    fn level(&self, h: u64) -> f64 {
        let k = h / ANCHOR_HOURS;
        let f = (h % ANCHOR_HOURS) as f64 / ANCHOR_HOURS as f64;
        let noise = self.anchor(k) * (1.0 - f) + self.anchor(k + 1) * f;
        let p = self.on_demand * self.base_fraction * (1.0 + AMPLITUDE * noise);
        round(p, 6).clamp(0.000001, self.on_demand * 0.95)
    }

    /// The last change at or before `at`: (its time, its price).
    pub fn last_change(&self, at: Millis) -> (Millis, f64) {
        let h0 = at / HOUR_MS;
        for back in 0..=MAX_LOOKBACK_HOURS.min(h0) {
            let h = h0 - back;
            if let Some(t) = self.change_in_hour(h) {
                if t <= at {
                    return (t, self.level(h));
                }
            }
        }
        let h = h0.saturating_sub(MAX_LOOKBACK_HOURS);
        (h * HOUR_MS, self.level(h))
    }

    pub fn price_at(&self, at: Millis) -> f64 {
        self.last_change(at).1
    }

    /// Every change strictly after `from` and at or before `to`, oldest first.
    pub fn changes_after(&self, from: Millis, to: Millis) -> Vec<(Millis, f64)> {
        let mut v = Vec::new();
        if to <= from {
            return v;
        }
        for h in from / HOUR_MS..=to / HOUR_MS {
            if let Some(t) = self.change_in_hour(h) {
                if t > from && t <= to {
                    v.push((t, self.level(h)));
                }
            }
        }
        v
    }

    /// The first moment in (from, until] at which the price is above `max_price`, if any.
    pub fn first_above(&self, max_price: f64, from: Millis, until: Millis) -> Option<Millis> {
        self.changes_after(from, until).into_iter().find(|&(_, p)| p > max_price).map(|(t, _)| t)
    }

    /// The first moment in (from, until] at which the price is at or below `max_price`, if any.
    pub fn first_at_or_below(&self, max_price: f64, from: Millis, until: Millis) -> Option<Millis> {
        self.changes_after(from, until).into_iter().find(|&(_, p)| p <= max_price).map(|(t, _)| t)
    }
}

/// The Spot price (USD per hour, Linux/UNIX) of `instance_type` in `az` at virtual time `at`;
/// `None` when the region/AZ is not modelled or does not offer the type. Deterministic from the
/// world's seed; never mutates anything.
pub fn spot_price(w: &World, region: &str, az: &str, instance_type: &str, at: Millis) -> Option<f64> {
    Some(Market::new(w.seed, region, az, instance_type)?.price_at(at))
}

/// The price in effect at `from` (as `(from, price)`) followed by every change in (from, to),
/// oldest first: a step function to integrate for the bill. Empty when the market does not exist
/// or `to <= from`.
pub fn spot_price_changes(w: &World, region: &str, az: &str, instance_type: &str, from: Millis, to: Millis) -> Vec<(Millis, f64)> {
    let Some(m) = Market::new(w.seed, region, az, instance_type) else { return Vec::new() };
    if to <= from {
        return Vec::new();
    }
    let mut v = vec![(from, m.price_at(from))];
    v.extend(m.changes_after(from, to).into_iter().filter(|&(t, _)| t < to));
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    const T0: Millis = crate::sim::clock::DEFAULT_START;

    #[test]
    fn prices_are_a_fraction_of_on_demand_and_move_in_small_steps() {
        let m = Market::new(7, "us-east-1", "us-east-1a", "m5.large").unwrap();
        let ch = m.changes_after(T0, T0 + 7 * 24 * HOUR_MS);
        assert!(ch.len() > 20 && ch.len() < 90, "{}", ch.len());
        let mut prev = m.price_at(T0);
        for &(t, p) in &ch {
            assert!(p > 0.0 && p < m.on_demand * 0.81);
            assert!((p - prev).abs() / prev < 0.10, "step at {t}: {prev} -> {p}");
            assert_eq!(m.price_at(t), p);
            assert_eq!(m.price_at(t - 1), prev);
            prev = p;
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_prices_and_azs_differ() {
        let a = Market::new(1, "us-east-1", "us-east-1a", "m5.large").unwrap();
        let b = Market::new(1, "us-east-1", "us-east-1b", "m5.large").unwrap();
        assert_ne!(a.base_fraction, b.base_fraction);
        let a2 = Market::new(1, "us-east-1", "us-east-1a", "m5.large").unwrap();
        assert_eq!(a.price_at(T0 + 12_345_678), a2.price_at(T0 + 12_345_678));
        assert!(Market::new(1, "us-east-1", "us-east-1z", "m5.large").is_none());
    }
}
