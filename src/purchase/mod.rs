//! Purchase options: the Spot market, Spot requests and interruptions, Reserved Instances, Savings Plans.
//! (Skeleton laid by the lead; owned by the purchase work.)
use crate::world::World;

pub mod on_demand;
pub mod price;
mod seeded;

pub use on_demand::{on_demand_price, OnDemandPrice};
pub use price::{spot_price, spot_price_changes};

/// One region's state of this domain.
#[derive(Debug, Clone, Default)]
pub struct RegionPurchase {}

/// Timed transitions of this domain, run by `World::advance_to`.
#[derive(Debug, Clone)]
pub enum Event {}

pub fn apply_event(_w: &mut World, _region: &'static str, event: Event) {
    match event {}
}
