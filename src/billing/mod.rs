//! The bill: prices as data (`data/`, each table with its source and as-of date), usage derived
//! from the world's history (`Instance.run_periods`, volumes and their modifications, snapshots'
//! stored blocks, addresses, load balancers) plus a small ledger for what left the world, the
//! free tier, Reserved Instances, Savings Plans and Spot.
pub mod bill;
pub mod ledger;
pub mod lightsail;
pub mod meter;
pub mod prices;
pub mod savings_plans;

pub use bill::{bill, Bill, Line, Options, Reservation};
pub use ledger::Ledger;
pub use savings_plans::SavingsPlan;

use crate::sim::Millis;
use crate::world::World;

/// The account's billing state (account-wide, like AWS's bill): the usage ledger and the
/// Savings Plans bought.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Billing {
    pub ledger: Ledger,
    pub savings_plans: Vec<SavingsPlan>,
}

/// The Reserved Instances the bill applies, read from the purchase domain.
pub fn reservations(w: &World) -> Vec<Reservation> {
    crate::purchase::reserved::reservations(w)
        .into_iter()
        .map(|r| Reservation {
            linux: r.product_description.starts_with("Linux"),
            upfront: r.upfront * r.count as f64,
            id: r.id,
            region: r.region,
            az: r.az,
            instance_type: r.instance_type,
            count: r.count,
            start: r.start,
            end: r.end,
            hourly: r.hourly,
            offering_type: r.offering_type,
            estimated: r.estimate,
        })
        .collect()
}

/// "If you leave this running": the bill of the next `hours` with the world as it is now.
pub fn forecast(w: &World, hours: f64, opts: &Options) -> Bill {
    let now = w.now();
    let until = now + (hours.max(0.0) * 3_600_000.0) as Millis;
    bill(w, now, until, opts)
}
