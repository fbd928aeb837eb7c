//! Purchase options: the Spot market (a seeded price model per region/AZ/type, a seeded capacity
//! model, requests, fulfilment, interruptions with the two-minute notice and rebalance
//! recommendations) and Reserved Instances (offerings, purchases, retirement in virtual time).
//! The bill (`src/billing`) reads prices and reservations from here; nothing here bills.
use crate::world::World;
use std::collections::BTreeMap;

pub mod capacity;
pub mod metadata;
pub mod on_demand;
pub mod price;
pub mod reserved;
mod seeded;
pub mod spot;

pub use on_demand::{on_demand_price, OnDemandPrice};
pub use price::{spot_price, spot_price_changes};
pub use reserved::{active_reservations, reservations, ReservationView};
pub use spot::{is_spot, SpotRequest};

/// One region's state of this domain.
#[derive(Debug, Clone, Default)]
pub struct RegionPurchase {
    pub spot_requests: BTreeMap<String, SpotRequest>,
    pub reserved: Vec<reserved::ReservedInstances>,
}

/// Timed transitions of this domain, run by `World::advance_to`.
#[derive(Debug, Clone)]
pub enum Event {
    Spot(spot::SpotEvent),
}

pub fn apply_event(w: &mut World, region: &'static str, event: Event) {
    match event {
        Event::Spot(e) => spot::apply_event(w, region, e),
    }
}
