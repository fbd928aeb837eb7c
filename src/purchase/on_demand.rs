//! On-demand hourly prices the Spot market and the Reserved Instance offerings are derived from.
//!
//! The bill's price tables (`src/billing`, as data with their source and as-of date) are the
//! authority; until a type has a price there, this module falls back to an ESTIMATE fitted to a
//! few public Linux on-demand prices of us-east-1 (m5.large $0.096, c5.large $0.085,
//! r5.large $0.126, t3.micro $0.0104 per hour; AWS price list, 2024) and scaled per region
//! (ap-northeast-2 ≈ ×1.23, eu-west-1 ≈ ×1.11, us-west-2 ×1.0 of us-east-1 for m5).
//! Callers that show it must say it is an estimate (`OnDemandPrice::estimate`).
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
    Some(OnDemandPrice { hourly: estimate(region, t), estimate: true })
}

fn region_factor(region: &str) -> f64 {
    match region {
        "ap-northeast-2" => 1.23,
        "eu-west-1" => 1.11,
        _ => 1.0,
    }
}

/// vCPU and memory weights fitted to m5/c5/r5 (x86, 2 vCPU: 2a + 8b = 0.096, 2a + 4b = 0.085);
/// burstable types are priced by memory (t3: $0.0104 per GiB-hour); Graviton about 20 % less.
fn estimate(region: &str, t: &catalog::InstanceType) -> f64 {
    let gib = t.memory_mib as f64 / 1024.0;
    let arm = t.architectures.iter().any(|a| a.starts_with("arm64"));
    let mut p = if t.burstable {
        let per_gib = if t.family() == "t2" { 0.0116 } else { 0.0104 };
        per_gib * gib.max(0.5)
    } else {
        0.037 * t.vcpus as f64 + 0.00275 * gib
    };
    if arm {
        p *= 0.8;
    }
    if t.architectures.iter().any(|a| a.ends_with("_mac")) {
        p = p.max(1.083);
    }
    round(p * region_factor(region), 4).max(0.0001)
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
