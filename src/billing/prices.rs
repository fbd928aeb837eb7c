//! The price tables (`data/*.json`, each with its source and as-of date) and the lookups the
//! bill makes. A price ec2lab derived rather than read from AWS's page says so (`estimated`),
//! and that flag travels to every bill line that uses it.
use crate::catalog;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A rate with its honesty flag.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Price {
    pub usd: f64,
    /// Derived by ec2lab (scaled from another size or region, or from the fallback model), not
    /// a number read from AWS's price page.
    pub estimated: bool,
}

impl Price {
    fn new(usd: f64, estimated: bool) -> Price {
        Price { usd, estimated }
    }
}

#[derive(Deserialize)]
struct Ec2Table {
    regions: BTreeMap<String, BTreeMap<String, f64>>,
    estimated: BTreeMap<String, Vec<String>>,
    region_factors: Factors,
    fallback_model: Fallback,
    platforms: BTreeMap<String, Value>,
}

#[derive(Deserialize)]
struct Factors {
    factors: BTreeMap<String, f64>,
}

#[derive(Deserialize)]
struct Fallback {
    per_vcpu: f64,
    per_gib: f64,
    burstable_per_gib: f64,
    t2_per_gib: f64,
    arm_factor: f64,
}

#[derive(Deserialize, Clone)]
pub struct EbsRegion {
    pub storage: BTreeMap<String, f64>,
    pub gp3_iops: f64,
    pub gp3_free_iops: u32,
    pub gp3_throughput: f64,
    pub gp3_free_throughput: u32,
    pub io1_iops: f64,
    /// `(up to IOPS, rate)`; the last tier has no bound.
    pub io2_iops_tiers: Vec<(Option<u32>, f64)>,
    pub snapshot: f64,
}

#[derive(Deserialize)]
struct EbsTable {
    regions: BTreeMap<String, EbsRegion>,
    estimated: BTreeMap<String, Vec<String>>,
    region_factors: BTreeMap<String, f64>,
}

#[derive(Deserialize)]
struct NetTable {
    public_ipv4: Ipv4Table,
    elb: ElbTable,
}

#[derive(Deserialize)]
struct Ipv4Table {
    usd_per_hour: f64,
    free_tier_hours: f64,
}

#[derive(Deserialize)]
struct ElbTable {
    regions: BTreeMap<String, BTreeMap<String, (f64, f64)>>,
    estimated: BTreeMap<String, Vec<String>>,
    lcu_new_connections_per_second: f64,
    free_tier_alb_hours: f64,
    free_tier_lcus: f64,
}

#[derive(Deserialize, Clone)]
pub struct LightsailBundle {
    pub price: f64,
    pub memory_gb: f64,
    pub vcpus: u32,
    pub ssd_gb: u32,
    pub transfer_tb: u32,
    pub ec2_twin: String,
}

#[derive(Deserialize)]
pub struct LightsailTable {
    pub source: String,
    pub as_of: String,
    pub note: String,
    pub hours_per_month: f64,
    pub bundles: Vec<LightsailBundle>,
}

#[derive(Deserialize)]
pub struct SavingsPlanTable {
    pub discounts: BTreeMap<String, BTreeMap<String, f64>>,
    pub upfront_share: BTreeMap<String, f64>,
}

pub const EC2_JSON: &str = include_str!("data/ec2_on_demand.json");
pub const EBS_JSON: &str = include_str!("data/ebs.json");
pub const NETWORK_JSON: &str = include_str!("data/network.json");
pub const LIGHTSAIL_JSON: &str = include_str!("data/lightsail.json");
pub const SAVINGS_PLANS_JSON: &str = include_str!("data/savings_plans.json");

fn ec2() -> &'static Ec2Table {
    static T: OnceLock<Ec2Table> = OnceLock::new();
    T.get_or_init(|| serde_json::from_str(EC2_JSON).expect("ec2_on_demand.json is valid (a test parses it)"))
}
fn ebs() -> &'static EbsTable {
    static T: OnceLock<EbsTable> = OnceLock::new();
    T.get_or_init(|| serde_json::from_str(EBS_JSON).expect("ebs.json is valid"))
}
fn net() -> &'static NetTable {
    static T: OnceLock<NetTable> = OnceLock::new();
    T.get_or_init(|| serde_json::from_str(NETWORK_JSON).expect("network.json is valid"))
}
pub fn lightsail() -> &'static LightsailTable {
    static T: OnceLock<LightsailTable> = OnceLock::new();
    T.get_or_init(|| serde_json::from_str(LIGHTSAIL_JSON).expect("lightsail.json is valid"))
}
pub fn savings_plans() -> &'static SavingsPlanTable {
    static T: OnceLock<SavingsPlanTable> = OnceLock::new();
    T.get_or_init(|| serde_json::from_str(SAVINGS_PLANS_JSON).expect("savings_plans.json is valid"))
}

/// Each table's `what`, `source`, `as_of` (and `checked_against`), for the bill's footer.
pub fn sources() -> Vec<Value> {
    let mut out = Vec::new();
    for (name, text) in [("ec2_on_demand", EC2_JSON), ("ebs", EBS_JSON), ("lightsail", LIGHTSAIL_JSON), ("savings_plans", SAVINGS_PLANS_JSON)] {
        let v: Value = serde_json::from_str(text).expect("valid");
        out.push(serde_json::json!({"Table": name, "Source": v["source"], "AsOf": v["as_of"]}));
    }
    let v: Value = serde_json::from_str(NETWORK_JSON).expect("valid");
    for key in ["public_ipv4", "elb"] {
        out.push(serde_json::json!({"Table": key, "Source": v[key]["source"], "AsOf": v[key]["as_of"]}));
    }
    out
}

fn region_factor(region: &str) -> f64 {
    ec2().region_factors.factors.get(region).copied().unwrap_or(1.0)
}

/// The Linux/UNIX On-Demand hourly price of `instance_type` in `region`: the table's number, or
/// an estimate (same family scaled by vCPUs; us-east-1 times the region factor; the fallback
/// model). `None` only for a type the catalog does not know.
pub fn on_demand(region: &str, instance_type: &str) -> Option<Price> {
    let t = ec2();
    if let Some(p) = t.regions.get(region).and_then(|r| r.get(instance_type)) {
        let est = t.estimated.get(region).is_some_and(|l| l.iter().any(|n| n == instance_type));
        return Some(Price::new(*p, est));
    }
    let it = catalog::instance_type(instance_type)?;
    // Another size of the same family in this region (or us-east-1 scaled), by vCPUs.
    for (r, factor) in [(region, 1.0), ("us-east-1", region_factor(region))] {
        let Some(table) = t.regions.get(r) else { continue };
        let sibling = table.iter().filter(|(n, _)| n.split('.').next() == Some(it.family())).find_map(|(n, p)| {
            let s = catalog::instance_type(n)?;
            (s.vcpus > 0).then(|| p / s.vcpus as f64 * it.vcpus as f64)
        });
        if let Some(p) = sibling {
            return Some(Price::new(round(p * factor, 4), true));
        }
    }
    let f = &t.fallback_model;
    let gib = it.memory_mib as f64 / 1024.0;
    let mut p = if it.burstable {
        gib.max(0.5) * if it.family() == "t2" { f.t2_per_gib } else { f.burstable_per_gib }
    } else {
        f.per_vcpu * it.vcpus as f64 + f.per_gib * gib
    };
    if it.architectures.iter().any(|a| a == "arm64") {
        p *= f.arm_factor;
    }
    Some(Price::new(round(p * region_factor(region), 4).max(0.0001), true))
}

/// The hourly surcharge of a non-Linux platform (`PlatformDetails`) on top of the Linux price:
/// always an estimate (AWS prices each OS per type). Zero for Linux/UNIX.
pub fn platform_surcharge(platform_details: &str, instance_type: &str) -> Option<Price> {
    let key = if platform_details.starts_with("Windows") {
        "Windows"
    } else if platform_details.starts_with("Red Hat") {
        "Red Hat Enterprise Linux"
    } else if platform_details.starts_with("SUSE") {
        "SUSE Linux"
    } else {
        return None;
    };
    let it = catalog::instance_type(instance_type)?;
    let key = if key == "Windows" && it.burstable { "Windows-burstable" } else { key };
    let per_vcpu = ec2().platforms.get(key).and_then(Value::as_f64)?;
    Some(Price::new(round(per_vcpu * it.vcpus as f64, 4), true))
}

/// The EBS rates of `region` (us-east-1's times the region factor, estimated, without a table).
pub fn ebs_region(region: &str) -> (EbsRegion, bool) {
    let t = ebs();
    if let Some(r) = t.regions.get(region) {
        return (r.clone(), false);
    }
    let f = t.region_factors.get(region).copied().unwrap_or(1.0);
    let mut r = t.regions["us-east-1"].clone();
    r.storage.values_mut().for_each(|v| *v = round(*v * f, 5));
    r.gp3_iops = round(r.gp3_iops * f, 5);
    r.gp3_throughput = round(r.gp3_throughput * f, 5);
    r.io1_iops = round(r.io1_iops * f, 5);
    r.io2_iops_tiers.iter_mut().for_each(|t| t.1 = round(t.1 * f, 5));
    (r, true)
}

fn ebs_estimated(region: &str, key: &str) -> bool {
    let t = ebs();
    !t.regions.contains_key(region) || t.estimated.get(region).is_some_and(|l| l.iter().any(|n| n == key))
}

/// Storage per GB-month of a volume type.
pub fn ebs_storage(region: &str, volume_type: &str) -> Price {
    let (r, _) = ebs_region(region);
    let usd = r.storage.get(volume_type).copied().unwrap_or(r.storage["gp2"]);
    Price::new(usd, ebs_estimated(region, volume_type) || !r.storage.contains_key(volume_type))
}

/// gp3 IOPS above the free 3,000 (per IOPS-month) and throughput above the free 125 MiB/s.
pub fn gp3_extras(region: &str) -> (Price, u32, Price, u32) {
    let (r, est) = ebs_region(region);
    (Price::new(r.gp3_iops, est), r.gp3_free_iops, Price::new(r.gp3_throughput, est), r.gp3_free_throughput)
}

/// io1/io2 provisioned IOPS: the tiers `(from IOPS, to IOPS, rate)` a volume of `iops` falls in.
pub fn piops_tiers(region: &str, volume_type: &str, iops: u32) -> Vec<(u32, Price)> {
    let (r, _) = ebs_region(region);
    let est = ebs_estimated(region, &format!("{volume_type}_iops")) || ebs_estimated(region, "io2_iops_tiers") && volume_type == "io2";
    if volume_type == "io1" {
        return vec![(iops, Price::new(r.io1_iops, est))];
    }
    let mut out = Vec::new();
    let mut below = 0u32;
    for (upto, rate) in r.io2_iops_tiers {
        let top = upto.unwrap_or(u32::MAX).min(iops);
        if top > below {
            out.push((top - below, Price::new(rate, est)));
        }
        below = top;
        if below >= iops {
            break;
        }
    }
    out
}

pub fn snapshot(region: &str) -> Price {
    let (r, _) = ebs_region(region);
    Price::new(r.snapshot, ebs_estimated(region, "snapshot"))
}

pub fn public_ipv4_hour() -> Price {
    Price::new(net().public_ipv4.usd_per_hour, false)
}

pub fn public_ipv4_free_hours() -> f64 {
    net().public_ipv4.free_tier_hours
}

/// `(hour, capacity-unit hour)` of a load balancer kind (`application`, `network`, `gateway`).
pub fn elb(region: &str, kind: &str) -> (Price, Price) {
    let t = &net().elb;
    let (table, est) = match t.regions.get(region) {
        Some(r) => (r, t.estimated.get(region).is_some_and(|l| l.iter().any(|n| n == kind))),
        None => (&t.regions["us-east-1"], true),
    };
    let (h, lcu) = table.get(kind).copied().unwrap_or(table["application"]);
    (Price::new(h, est), Price::new(lcu, est))
}

pub fn lcu_new_connections_per_second() -> f64 {
    net().elb.lcu_new_connections_per_second
}

pub fn elb_free_tier() -> (f64, f64) {
    (net().elb.free_tier_alb_hours, net().elb.free_tier_lcus)
}

/// The usage-type prefix of a region (`APN2-`); us-east-1 has none, as on AWS bills.
pub fn usage_prefix(region: &str) -> &'static str {
    match region {
        "us-east-1" => "",
        "us-west-2" => "USW2-",
        "eu-west-1" => "EU-",
        "ap-northeast-2" => "APN2-",
        _ => "",
    }
}

pub fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_parses_and_says_where_it_comes_from() {
        ec2();
        ebs();
        net();
        lightsail();
        savings_plans();
        for s in sources() {
            assert!(s["Source"].as_str().is_some_and(|x| x.starts_with("https://")), "{s}");
            assert!(s["AsOf"].as_str().is_some_and(|x| x.len() >= 7), "{s}");
        }
    }

    #[test]
    fn published_prices_are_not_estimates_and_derived_ones_are() {
        assert_eq!(on_demand("us-east-1", "t3.micro"), Some(Price::new(0.0104, false)));
        assert_eq!(on_demand("ap-northeast-2", "t2.micro"), Some(Price::new(0.0144, false)));
        assert!(on_demand("ap-northeast-2", "m7g.large").unwrap().estimated);
        // A size missing from the table: scaled from a sibling by vCPUs, marked.
        let p = on_demand("us-east-1", "m5.metal").unwrap();
        assert!(p.estimated && (p.usd - 4.608).abs() < 1e-9, "{p:?}");
        // A region without a table: us-east-1 times the factor.
        let p = on_demand("eu-west-1", "m5.large").unwrap();
        assert!(p.estimated && (p.usd - 0.1066).abs() < 1e-9, "{p:?}");
        assert_eq!(on_demand("us-east-1", "no.such"), None);
    }

    #[test]
    fn io2_iops_fall_into_tiers() {
        let t = piops_tiers("us-east-1", "io2", 40_000);
        assert_eq!(t.iter().map(|(n, _)| *n).collect::<Vec<_>>(), vec![32_000, 8_000]);
        assert_eq!(piops_tiers("us-east-1", "io1", 500).len(), 1);
    }
}
