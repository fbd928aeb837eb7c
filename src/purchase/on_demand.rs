//! On-demand hourly prices the Spot market and the Reserved Instance offerings are derived from.
//!
//! The bill's price tables (`src/billing/prices.rs`, data with their source and as-of date) are
//! the one authority: a type without a published price there gets billing's marked estimate, and
//! `OnDemandPrice::estimate` carries that flag to whoever shows a Spot or RI price derived from it.
use crate::catalog;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OnDemandPrice {
    /// USD per hour, Linux/UNIX.
    pub hourly: f64,
    /// True when the price comes from the fallback formula, not from a published table.
    pub estimate: bool,
}

/// The Linux/UNIX on-demand price of `instance_type` in `region`, or `None` for an unknown type
/// or region.
pub fn on_demand_price(region: &str, instance_type: &str) -> Option<OnDemandPrice> {
    crate::geo::region(region)?;
    let t = catalog::instance_type(instance_type)?;
    let p = crate::billing::prices::on_demand(region, &t.name)?;
    Some(OnDemandPrice { hourly: p.usd, estimate: p.estimated })
}

pub fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn fitted_prices_are_close_to_the_published_ones() {
        let p = |t| on_demand_price("us-east-1", t).unwrap().hourly;
        assert!((p("m5.large") - 0.096).abs() < 0.005);
        assert!((p("c5.large") - 0.085).abs() < 0.005);
        assert!((p("t3.micro") - 0.0104).abs() < 0.0005);
        assert!((p("t2.micro") - 0.0116).abs() < 0.0005);
        assert!(on_demand_price("us-east-1", "t9.huge").is_none());
        assert!(on_demand_price("mars-1", "t3.micro").is_none());
    }
}
