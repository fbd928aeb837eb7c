//! Lightsail's fixed monthly bundles next to the same machine on EC2 (notebook 01's question:
//! "why not just Lightsail?"). Bundles and their EC2 twins are data (`data/lightsail.json`).
use super::prices::{self, lightsail};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Comparison {
    pub bundle_price: f64,
    pub memory_gb: f64,
    pub vcpus: u32,
    pub ssd_gb: u32,
    pub transfer_tb: u32,
    pub ec2_instance_type: String,
    pub ec2_instance: f64,
    pub ec2_storage: f64,
    pub ec2_public_ipv4: f64,
    pub ec2_total: f64,
    /// EC2 total minus the bundle's price (positive: Lightsail is cheaper).
    pub difference: f64,
    pub estimated: bool,
}

/// One row per bundle: a month (730 hours) of the bundle vs its EC2 twin in `region`, running.
pub fn compare(region: &str) -> Vec<Comparison> {
    let t = lightsail();
    let h = t.hours_per_month;
    t.bundles
        .iter()
        .map(|b| {
            let inst = prices::on_demand(region, &b.ec2_twin).unwrap_or(prices::Price { usd: 0.0, estimated: true });
            let gp3 = prices::ebs_storage(region, "gp3");
            let ipv4 = prices::public_ipv4_hour();
            let (i, s, a) = (inst.usd * h, gp3.usd * b.ssd_gb as f64, ipv4.usd * h);
            let total = i + s + a;
            Comparison {
                bundle_price: b.price,
                memory_gb: b.memory_gb,
                vcpus: b.vcpus,
                ssd_gb: b.ssd_gb,
                transfer_tb: b.transfer_tb,
                ec2_instance_type: b.ec2_twin.clone(),
                ec2_instance: prices::round(i, 4),
                ec2_storage: prices::round(s, 4),
                ec2_public_ipv4: prices::round(a, 4),
                ec2_total: prices::round(total, 4),
                difference: prices::round(total - b.price, 4),
                estimated: inst.estimated || gp3.estimated,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_small_bundles_undercut_ec2_once_storage_and_an_address_are_counted() {
        let rows = super::compare("us-east-1");
        let first = &rows[0];
        assert_eq!((first.bundle_price, first.ec2_instance_type.as_str()), (5.0, "t3.nano"));
        // t3.nano 730 h = $3.796, 20 GB gp3 = $1.60, IPv4 = $3.65.
        assert!((first.ec2_total - 9.046).abs() < 1e-9, "{first:?}");
        assert!(first.difference > 0.0);
    }
}
