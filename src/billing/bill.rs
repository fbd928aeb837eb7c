//! The bill of a window `[since, until)`: every billable thing in the world and in the usage
//! ledger becomes priced items, aggregated into AWS-style line items (service, usage type,
//! resource, quantity, unit, rate, cost). Then the free tier (a pool per calendar month, used up
//! in time order), Reserved Instances and Savings Plans (hour by hour) come off as credits.
//! `until` may lie in the future: a forecast prices the world as it is now, left running.
use super::meter::{hours, month_len, month_start, months, Meter, Rounding, HOUR};
use super::prices::{self, Price};
use super::savings_plans::SavingsPlan;
use crate::compute::Instance;
use crate::sim::Millis;
use crate::world::World;
use serde::Serialize;
use std::collections::BTreeMap;

pub const EC2: &str = "Amazon Elastic Compute Cloud";
pub const VPC: &str = "Amazon Virtual Private Cloud";
pub const ELB: &str = "Elastic Load Balancing";
pub const SP_SERVICE: &str = "Savings Plans for AWS Compute usage";

/// What a T instance in unlimited mode pays per surplus vCPU-hour (aws-facts §10, t3.large
/// example; Linux).
pub const SURPLUS_PER_VCPU_HOUR: f64 = 0.05;

/// Whether an instance runs on the Spot market.
pub fn is_spot(i: &Instance) -> bool {
    i.spot_request_id.is_some()
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Line {
    pub service: String,
    pub region: String,
    pub usage_type: String,
    pub operation: String,
    pub resource_id: String,
    pub description: String,
    /// `On Demand`, `Spot`, `Reserved`, `Savings Plan`, or empty for non-compute lines.
    pub purchase_option: String,
    /// `usage`, `fee` (commitments) or `credit` (negative: free tier, RI/SP coverage).
    pub kind: String,
    pub quantity: f64,
    pub unit: String,
    /// USD per unit (for Spot: the average price paid).
    pub rate: f64,
    pub cost: f64,
    pub estimated: bool,
    /// What the same usage would have cost On-Demand (Spot lines).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_demand_cost: Option<f64>,
}

/// What each option saved in the window against On-Demand: Spot's price difference, the free
/// tier's credits, and for Reserved Instances and Savings Plans the usage they covered minus
/// their fees (negative when a commitment cost more than it covered).
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct Savings {
    pub spot_vs_on_demand: f64,
    pub free_tier: f64,
    pub reserved_instances: f64,
    pub savings_plans: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Bill {
    #[serde(skip)]
    pub since: Millis,
    #[serde(skip)]
    pub until: Millis,
    pub currency: &'static str,
    pub lines: Vec<Line>,
    /// Usage and commitment fees.
    pub charges: f64,
    /// Free tier and RI/SP credits (≤ 0).
    pub credits: f64,
    pub total: f64,
    /// Savings: money not paid thanks to each option (positive numbers).
    pub savings: Savings,
    pub estimated: bool,
    pub not_modelled: Vec<&'static str>,
}

/// Free-tier pools (aws-facts §11; network.json): a monthly allowance used up in time order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Pool {
    Ec2Linux,
    Ec2Windows,
    EbsStorage,
    Snapshots,
    PublicIpv4,
    AlbHours,
}

impl Pool {
    fn limit(self) -> f64 {
        match self {
            Pool::Ec2Linux | Pool::Ec2Windows => 750.0,
            Pool::EbsStorage => 30.0,
            Pool::Snapshots => 1.0,
            Pool::PublicIpv4 => prices::public_ipv4_free_hours(),
            Pool::AlbHours => prices::elb_free_tier().0,
        }
    }
    fn describe(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Pool::Ec2Linux => {
                (EC2, "FreeTier:BoxUsage (Linux)", "AWS Free Tier: 750 hours a month of t2.micro (t3.micro where t2 is not offered), Linux/RHEL/SLES, pooled")
            }
            Pool::Ec2Windows => {
                (EC2, "FreeTier:BoxUsage (Windows)", "AWS Free Tier: 750 hours a month of t2.micro (t3.micro where t2 is not offered), Windows, pooled")
            }
            Pool::EbsStorage => (EC2, "FreeTier:EBS:VolumeUsage", "AWS Free Tier: 30 GB-months of EBS General Purpose (SSD) or Magnetic storage"),
            Pool::Snapshots => (EC2, "FreeTier:EBS:SnapshotUsage", "AWS Free Tier: 1 GB-month of EBS snapshot storage"),
            Pool::PublicIpv4 => (VPC, "FreeTier:PublicIPv4:InUseAddress", "AWS Free Tier: 750 hours a month of in-use public IPv4 addresses on EC2 instances"),
            Pool::AlbHours => (ELB, "FreeTier:LoadBalancerUsage", "AWS Free Tier: 750 Application Load Balancer hours a month"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Per {
    Hour,
    Month,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    service: &'static str,
    region: String,
    usage_type: String,
    operation: String,
    resource_id: String,
    purchase_option: &'static str,
    kind: &'static str,
    unit: &'static str,
    description: String,
}

#[derive(Debug, Clone)]
struct Compute {
    region: String,
    az: String,
    instance_type: String,
    linux: bool,
}

#[derive(Debug, Clone)]
struct Item {
    key: Key,
    meter: Meter,
    /// The part of the meter's life this item prices (a volume's settings segment).
    lo: Millis,
    hi: Millis,
    scale: f64,
    per: Per,
    rate: Price,
    pool: Option<Pool>,
    /// On-Demand EC2 usage that Reserved Instances and Savings Plans can cover.
    compute: Option<Compute>,
    /// Spot usage: (region, az, type) whose price series is integrated.
    spot: Option<(String, String, String)>,
}

impl Item {
    fn usage(&self, a: Millis, b: Millis) -> Millis {
        let (x, y) = (a.max(self.lo), b.min(self.hi));
        self.meter.between(x, y)
    }
    fn quantity(&self, a: Millis, b: Millis) -> f64 {
        let (x, y) = (a.max(self.lo), b.min(self.hi));
        if y <= x {
            return 0.0;
        }
        match self.per {
            Per::Hour => self.scale * self.meter.between(x, y) as f64 / HOUR as f64,
            Per::Month => months(x, y).into_iter().map(|(m0, m1)| self.scale * self.meter.between(x.max(m0), y.min(m1)) as f64 / month_len(m0) as f64).sum(),
        }
    }
    fn cost(&self, w: &World, a: Millis, b: Millis) -> f64 {
        let (x, y) = (a.max(self.lo), b.min(self.hi));
        if y <= x {
            return 0.0;
        }
        let Some((region, az, itype)) = &self.spot else { return self.quantity(x, y) * self.rate.usd };
        let changes = crate::purchase::spot_price_changes(w, region, az, itype, x, y);
        if changes.is_empty() {
            return self.quantity(x, y) * self.rate.usd;
        }
        let mut cost = 0.0;
        for (k, (t, p)) in changes.iter().enumerate() {
            let next = changes.get(k + 1).map_or(y, |c| c.0);
            cost += p * self.scale * self.meter.between(*t, next) as f64 / HOUR as f64;
        }
        cost
    }
}

/// An instance's billable history, whether it is still in the world or in the ledger.
struct InstanceView<'a> {
    region: &'a str,
    id: &'a str,
    instance_type: &'a str,
    az: &'a str,
    platform_details: &'a str,
    usage_operation: &'a str,
    run_periods: &'a [(Millis, Option<Millis>)],
    spot: bool,
    public_ipv4: bool,
}

/// The type that was in force at `t` (types change only while stopped).
fn type_at<'a>(w: &'a World, v: &InstanceView<'a>, t: Millis) -> &'a str {
    w.billing
        .ledger
        .retypes
        .iter()
        .filter(|(r, id, at, _)| r == v.region && id == v.id && *at > t)
        .min_by_key(|(_, _, at, _)| *at)
        .map(|(_, _, _, old)| old.as_str())
        .unwrap_or(v.instance_type)
}

/// The free-tier micro type of a region: t2.micro, or t3.micro where t2 is not offered.
pub fn free_tier_type(region: &str) -> &'static str {
    if crate::catalog::offered_in_region("t2.micro", region) {
        "t2.micro"
    } else {
        "t3.micro"
    }
}

fn hourly_rate(region: &str, itype: &str, platform: &str) -> Price {
    let base = prices::on_demand(region, itype).unwrap_or(Price { usd: 0.0, estimated: true });
    match prices::platform_surcharge(platform, itype) {
        Some(s) => Price { usd: prices::round(base.usd + s.usd, 6), estimated: true },
        None => base,
    }
}

fn instance_items(w: &World, v: &InstanceView, out: &mut Vec<Item>) {
    let p = prices::usage_prefix(v.region);
    let suse = v.platform_details.starts_with("SUSE");
    let windows = v.platform_details.starts_with("Windows");
    for (s, e) in v.run_periods {
        let itype = type_at(w, v, *s);
        let rate = hourly_rate(v.region, itype, v.platform_details);
        let meter = Meter::new(*s, *e, if suse { Rounding::Hourly } else { Rounding::PerSecondMin60 });
        let (usage_type, option, desc) = if v.spot {
            (format!("{p}SpotUsage:{itype}"), "Spot", format!("{} {itype} Spot Instance-hour", v.platform_details))
        } else {
            (format!("{p}BoxUsage:{itype}"), "On Demand", format!("${} per On Demand {} {itype} Instance Hour", rate.usd, v.platform_details))
        };
        let pool = (!v.spot && itype == free_tier_type(v.region)).then_some(if windows { Pool::Ec2Windows } else { Pool::Ec2Linux });
        out.push(Item {
            key: Key {
                service: EC2,
                region: v.region.to_string(),
                usage_type,
                operation: v.usage_operation.to_string(),
                resource_id: v.id.to_string(),
                purchase_option: option,
                kind: "usage",
                unit: "Hrs",
                description: desc,
            },
            meter,
            lo: 0,
            hi: Millis::MAX,
            scale: 1.0,
            per: Per::Hour,
            rate,
            pool,
            compute: (!v.spot).then(|| Compute {
                region: v.region.to_string(),
                az: v.az.to_string(),
                instance_type: itype.to_string(),
                linux: v.platform_details == "Linux/UNIX",
            }),
            spot: v.spot.then(|| (v.region.to_string(), v.az.to_string(), itype.to_string())),
        });
        if v.public_ipv4 {
            // While an Elastic IP is on eth0 the auto-assigned address is gone: the EIP's line counts.
            let meter = Meter::new(*s, *e, Rounding::PerSecond);
            let mut from = 0;
            for (lo, hi) in eip_intervals(w, v.region, v.id).into_iter().chain([(Millis::MAX, Millis::MAX)]) {
                if lo > from {
                    let mut item =
                        ipv4_item(v.region, v.id, "InUseAddress", "public IPv4 address auto-assigned to the instance", meter, 1.0, Some(Pool::PublicIpv4));
                    (item.lo, item.hi) = (from, lo);
                    out.push(item);
                }
                from = from.max(hi);
            }
        }
    }
}

/// When an Elastic IP was on the instance's eth0, as `[from, to)` intervals in time order.
fn eip_intervals(w: &World, region: &str, instance_id: &str) -> Vec<(Millis, Millis)> {
    let l = &w.billing.ledger;
    let mut out = Vec::new();
    for (k, st) in l.eip_states.iter().enumerate().filter(|(_, s)| s.region == region && s.instance_id.as_deref() == Some(instance_id)) {
        let next = l.eip_states[k + 1..].iter().find(|n| n.region == region && n.allocation_id == st.allocation_id).map(|n| n.at);
        let released = l.eips.iter().find(|e| e.region == region && e.allocation_id == st.allocation_id && e.start <= st.at).and_then(|e| e.end);
        let to = next.into_iter().chain(released).min().unwrap_or(Millis::MAX);
        out.push((st.at, to));
    }
    out.sort();
    out
}

fn ipv4_item(region: &str, resource: &str, what: &str, desc: &str, meter: Meter, n: f64, pool: Option<Pool>) -> Item {
    let rate = prices::public_ipv4_hour();
    Item {
        key: Key {
            service: VPC,
            region: region.to_string(),
            usage_type: format!("{}PublicIPv4:{what}", prices::usage_prefix(region)),
            operation: "".into(),
            resource_id: resource.to_string(),
            purchase_option: "",
            kind: "usage",
            unit: "Hrs",
            description: format!("${} per {desc} per hour", rate.usd),
        },
        meter,
        lo: 0,
        hi: Millis::MAX,
        scale: n,
        per: Per::Hour,
        rate,
        pool,
        compute: None,
        spot: None,
    }
}

#[allow(clippy::too_many_arguments)]
fn ebs_item(
    region: &str,
    id: &str,
    usage: String,
    unit: &'static str,
    desc: String,
    meter: Meter,
    seg: (Millis, Millis),
    scale: f64,
    rate: Price,
    pool: Option<Pool>,
) -> Item {
    Item {
        key: Key {
            service: EC2,
            region: region.to_string(),
            usage_type: format!("{}{usage}", prices::usage_prefix(region)),
            operation: "CreateVolume".into(),
            resource_id: id.to_string(),
            purchase_option: "",
            kind: "usage",
            unit,
            description: desc,
        },
        meter,
        lo: seg.0,
        hi: seg.1,
        scale,
        per: Per::Month,
        rate,
        pool,
        compute: None,
        spot: None,
    }
}

fn volume_items(
    region: &str,
    id: &str,
    created: Millis,
    deleted: Option<Millis>,
    history: &[(Millis, crate::storage::volume::VolumeSettings)],
    out: &mut Vec<Item>,
) {
    let meter = Meter::new(created, deleted, Rounding::PerSecondMin60);
    for (k, (from, s)) in history.iter().enumerate() {
        // The first segment starts at creation so the 60-second minimum lands in it.
        let seg = (if k == 0 { 0 } else { *from }, history.get(k + 1).map_or(Millis::MAX, |n| n.0));
        let t = s.volume_type.as_str();
        let storage = prices::ebs_storage(region, t);
        let usage = if t == "standard" { "EBS:VolumeUsage".to_string() } else { format!("EBS:VolumeUsage.{t}") };
        let pool = matches!(t, "gp2" | "gp3" | "standard").then_some(Pool::EbsStorage);
        out.push(ebs_item(
            region,
            id,
            usage,
            "GB-Mo",
            format!("${} per GB-month of {t} provisioned storage", storage.usd),
            meter,
            seg,
            s.size_gib as f64,
            storage,
            pool,
        ));
        match t {
            "gp3" => {
                let (iops_rate, free_iops, tp_rate, free_tp) = prices::gp3_extras(region);
                let extra = s.iops.unwrap_or(free_iops).saturating_sub(free_iops);
                if extra > 0 {
                    let d = format!("${} per IOPS-month provisioned above {free_iops} (gp3)", iops_rate.usd);
                    out.push(ebs_item(region, id, "EBS:VolumeP-IOPS.gp3".into(), "IOPS-Mo", d, meter, seg, extra as f64, iops_rate, None));
                }
                let extra = s.throughput.unwrap_or(free_tp).saturating_sub(free_tp);
                if extra > 0 {
                    let d = format!("${} per MiB/s-month provisioned above {free_tp} MiB/s (gp3)", tp_rate.usd);
                    out.push(ebs_item(region, id, "EBS:VolumeP-Throughput.gp3".into(), "MiBps-Mo", d, meter, seg, extra as f64, tp_rate, None));
                }
            }
            "io1" | "io2" => {
                for (n, (count, rate)) in prices::piops_tiers(region, t, s.iops.unwrap_or(0)).into_iter().enumerate() {
                    let usage = match (t, n) {
                        ("io1", _) => "EBS:VolumeP-IOPS.piops".to_string(),
                        (_, 0) => "EBS:VolumeP-IOPS.io2".to_string(),
                        (_, n) => format!("EBS:VolumeP-IOPS.io2.tier{}", n + 1),
                    };
                    let d = format!("${} per IOPS-month provisioned ({t})", rate.usd);
                    out.push(ebs_item(region, id, usage, "IOPS-Mo", d, meter, seg, count as f64, rate, None));
                }
            }
            _ => {}
        }
    }
}

fn snapshot_items(w: &World, region: &str, id: &str, start: Millis, deleted: Option<Millis>, final_bytes: u64, out: &mut Vec<Item>) {
    let mut steps: Vec<_> = w.billing.ledger.snapshot_steps.iter().filter(|s| s.region == region && s.id == id).collect();
    steps.sort_by_key(|s| s.at);
    let mut segs = Vec::new();
    let mut from = 0;
    let mut bytes = steps.first().map_or(final_bytes, |s| s.before);
    for s in &steps {
        segs.push((from, s.at, bytes));
        from = s.at;
        bytes = s.after;
    }
    segs.push((from, Millis::MAX, bytes));
    let rate = prices::snapshot(region);
    let meter = Meter::new(start, deleted, Rounding::PerSecond);
    for (lo, hi, bytes) in segs {
        let gb = bytes as f64 / crate::storage::GIB as f64;
        let d = format!("${} per GB-month of snapshot data stored (only the blocks this snapshot stores)", rate.usd);
        let mut item = ebs_item(region, id, "EBS:SnapshotUsage".into(), "GB-Mo", d, meter, (lo, hi), gb, rate, Some(Pool::Snapshots));
        item.key.operation = "CreateSnapshot".into();
        out.push(item);
    }
}

#[allow(clippy::too_many_arguments)]
fn lb_items(
    region: &str,
    arn: &str,
    name: &str,
    kind: &str,
    internet_facing: bool,
    nodes: usize,
    created: Millis,
    deleted: Option<Millis>,
    out: &mut Vec<Item>,
) {
    let (hour, _) = prices::elb(region, kind);
    let op = match kind {
        "network" => "LoadBalancing:Network",
        "gateway" => "LoadBalancing:Gateway",
        _ => "LoadBalancing:Application",
    };
    out.push(Item {
        key: Key {
            service: ELB,
            region: region.to_string(),
            usage_type: format!("{}LoadBalancerUsage", prices::usage_prefix(region)),
            operation: op.into(),
            resource_id: arn.to_string(),
            purchase_option: "",
            kind: "usage",
            unit: "Hrs",
            description: format!("${} per {kind} load balancer-hour (or partial hour): {name}", hour.usd),
        },
        meter: Meter::new(created, deleted, Rounding::Hourly),
        lo: 0,
        hi: Millis::MAX,
        scale: 1.0,
        per: Per::Hour,
        rate: hour,
        pool: (kind == "application").then_some(Pool::AlbHours),
        compute: None,
        spot: None,
    });
    if internet_facing && nodes > 0 {
        let meter = Meter::new(created, deleted, Rounding::PerSecond);
        out.push(ipv4_item(region, arn, "InUseAddress", "public IPv4 address of a load balancer node (one per Availability Zone)", meter, nodes as f64, None));
    }
}

/// Everything billable, as items.
fn items(w: &World) -> Vec<Item> {
    let mut out = Vec::new();
    let l = &w.billing.ledger;
    for (region, r) in &w.regions {
        for id in &r.compute.order {
            let Some(i) = r.compute.instances.get(id) else { continue };
            // An Elastic IP replaces the auto-assigned address while associated.
            let public_ipv4 = l.public_ipv4.contains(&(region.to_string(), id.clone()));
            let v = InstanceView {
                region,
                id,
                instance_type: &i.instance_type,
                az: &i.az,
                platform_details: &i.platform_details,
                usage_operation: &i.usage_operation,
                run_periods: &i.run_periods,
                spot: is_spot(i),
                public_ipv4,
            };
            instance_items(w, &v, &mut out);
        }
        for v in r.storage.volumes.values() {
            // A volume being deleted is no longer charged (and a forecast must not charge it).
            let end = (v.state == crate::storage::volume::VolumeState::Deleting).then(|| w.now());
            volume_items(region, &v.id, v.create_time, end, &super::ledger::volume_settings_history(v), &mut out);
        }
        for s in r.storage.snapshots.values().filter(|s| s.owner_id == crate::world::ACCOUNT_ID) {
            snapshot_items(w, region, &s.id, s.start_time, None, s.stored_bytes(), &mut out);
        }
        for lb in r.elb.load_balancers.values() {
            let internet = matches!(lb.scheme, crate::elb::model::Scheme::InternetFacing);
            lb_items(region, &lb.arn, &lb.name, lb.kind.name(), internet, lb.nodes.len(), lb.created_at, None, &mut out);
        }
    }
    for g in &l.instances {
        let v = InstanceView {
            region: &g.region,
            id: &g.id,
            instance_type: &g.instance_type,
            az: &g.az,
            platform_details: &g.platform_details,
            usage_operation: &g.usage_operation,
            run_periods: &g.run_periods,
            spot: g.spot,
            public_ipv4: l.public_ipv4.contains(&(g.region.clone(), g.id.clone())),
        };
        instance_items(w, &v, &mut out);
    }
    for g in &l.volumes {
        volume_items(&g.region, &g.id, g.created, Some(g.deleted), &g.settings, &mut out);
    }
    for g in &l.snapshots {
        snapshot_items(w, &g.region, &g.id, g.start, Some(g.deleted), g.stored_bytes, &mut out);
    }
    for e in &l.eips {
        // In use or idle over time, from the association changes the hooks observed.
        let states: Vec<_> = l
            .eip_states
            .iter()
            .filter(|s| s.region == e.region && s.allocation_id == e.allocation_id && s.at >= e.start && e.end.is_none_or(|end| s.at <= end))
            .collect();
        let meter = Meter::new(e.start, e.end, Rounding::PerSecond);
        let mut segs: Vec<(Millis, Millis, bool)> = Vec::new();
        let (mut from, mut associated) = (0, false);
        for st in &states {
            if st.at > from {
                segs.push((from, st.at, associated));
            }
            from = st.at;
            associated = st.associated;
        }
        segs.push((from, Millis::MAX, associated));
        for (lo, hi, associated) in segs {
            let (what, desc) =
                if associated { ("InUseAddress", "Elastic IP address (associated)") } else { ("IdleAddress", "Elastic IP address (not associated)") };
            let mut item = ipv4_item(&e.region, &e.allocation_id, what, desc, meter, 1.0, None);
            (item.lo, item.hi) = (lo, hi);
            out.push(item);
        }
    }
    for g in &l.load_balancers {
        lb_items(&g.region, &g.arn, &g.name, &g.kind, g.internet_facing, g.nodes, g.created, Some(g.deleted), &mut out);
    }
    out
}

#[derive(Default)]
struct Acc {
    quantity: f64,
    cost: f64,
    rate: f64,
    estimated: bool,
    on_demand: Option<f64>,
}

fn push(lines: &mut BTreeMap<Key, Acc>, key: Key, quantity: f64, cost: f64, rate: f64, estimated: bool, on_demand: Option<f64>) {
    let a = lines.entry(key).or_default();
    a.quantity += quantity;
    a.cost += cost;
    a.rate = rate;
    a.estimated |= estimated;
    if let Some(od) = on_demand {
        *a.on_demand.get_or_insert(0.0) += od;
    }
}

/// A Reserved Instance as the bill sees it (read from `src/purchase`).
#[derive(Debug, Clone, PartialEq)]
pub struct Reservation {
    pub id: String,
    pub region: String,
    /// Zonal RIs match one AZ; regional ones any AZ of the region.
    pub az: Option<String>,
    pub instance_type: String,
    pub count: u32,
    pub start: Millis,
    pub end: Millis,
    /// Recurring charge per instance-hour (whether used or not).
    pub hourly: f64,
    /// Paid once at purchase.
    pub upfront: f64,
    pub offering_type: String,
    /// Linux/UNIX reservations cover Linux usage only.
    pub linux: bool,
    /// Prices derived by ec2lab (the purchase domain's offerings), not read from AWS.
    pub estimated: bool,
}

/// The commitments of the account: RIs and Savings Plans, in a fixed order.
fn commitments(w: &World) -> (Vec<Reservation>, Vec<SavingsPlan>) {
    (super::reservations(w), w.billing.savings_plans.clone())
}

pub struct Options {
    pub free_tier: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { free_tier: true }
    }
}

/// The account's free-tier year: the 12 calendar months from the account's start (the world's).
fn free_tier_months(since: Millis, until: Millis) -> Vec<(Millis, Millis)> {
    let start = month_start(crate::sim::clock::DEFAULT_START);
    let end = months(start, start + 366 * 86_400_000).get(12).map_or(Millis::MAX, |m| m.0);
    months(since.max(start), until.min(end))
}

/// The bill of `[since, until)`.
pub fn bill(w: &World, since: Millis, until: Millis, opts: &Options) -> Bill {
    let items = items(w);
    let mut lines: BTreeMap<Key, Acc> = BTreeMap::new();
    let mut savings = Savings::default();
    for it in &items {
        let q = it.quantity(since, until);
        let c = it.cost(w, since, until);
        if q == 0.0 && c == 0.0 {
            continue;
        }
        let od = it.spot.as_ref().map(|_| q * it.rate.usd);
        if let Some(od) = od {
            savings.spot_vs_on_demand += od - c;
        }
        let rate = if it.spot.is_some() && q > 0.0 { c / q } else { it.rate.usd };
        let spot_est = it.spot.as_ref().is_some_and(|(r, az, t)| crate::purchase::spot_price(w, r, az, t, since).is_none());
        push(&mut lines, it.key.clone(), q, c, rate, it.rate.estimated && it.spot.is_none() || spot_est, od);
    }
    // Free tier: per pool and month, the instant the allowance runs out; usage before it is free.
    let mut exhausted: BTreeMap<(Pool, Millis), Millis> = BTreeMap::new();
    if opts.free_tier {
        let mut pools: BTreeMap<Pool, Vec<&Item>> = BTreeMap::new();
        for it in &items {
            if let Some(p) = it.pool {
                pools.entry(p).or_default().push(it);
            }
        }
        for (pool, its) in &pools {
            for (m0, m1) in free_tier_months(since, until) {
                let end = m1.min(until);
                let used = |t: Millis| its.iter().map(|i| i.quantity(m0, t)).sum::<f64>();
                let limit = pool.limit();
                let t_free = if used(end) <= limit + 1e-12 {
                    end
                } else {
                    let (mut lo, mut hi) = (m0, end);
                    while hi - lo > 1 {
                        let mid = lo + (hi - lo) / 2;
                        if used(mid) <= limit {
                            lo = mid
                        } else {
                            hi = mid
                        }
                    }
                    lo
                };
                exhausted.insert((*pool, m0), t_free);
                let from = since.max(m0);
                if t_free <= from {
                    continue;
                }
                let q: f64 = its.iter().map(|i| i.quantity(from, t_free)).sum();
                let c: f64 = its.iter().map(|i| i.cost(w, from, t_free)).sum();
                if c <= 0.0 {
                    continue;
                }
                let (service, usage_type, description) = pool.describe();
                let unit = its[0].key.unit;
                let key = Key {
                    service,
                    region: "global".into(),
                    usage_type: usage_type.into(),
                    operation: "".into(),
                    resource_id: "".into(),
                    purchase_option: "",
                    kind: "credit",
                    unit,
                    description: format!("{description} ({})", &crate::sim::clock::iso8601(m0)[..7]),
                };
                savings.free_tier += c;
                push(&mut lines, key, q, -c, if q > 0.0 { c / q } else { 0.0 }, its.iter().any(|i| i.rate.estimated), None);
            }
        }
    }
    apply_commitments(w, &items, &exhausted, since, until, &mut lines, &mut savings);
    direct_lines(w, since, until, &mut lines);
    finish(lines, since, until, savings)
}

/// Lines priced without a meter: ALB capacity units from the load balancers' request counts, T
/// unlimited surplus credits from the monitoring domain.
fn direct_lines(w: &World, since: Millis, until: Millis, lines: &mut BTreeMap<Key, Acc>) {
    let now = w.now();
    let until_seen = until.min(now);
    if until_seen <= since {
        return;
    }
    for (region, r) in &w.regions {
        let p = prices::usage_prefix(region);
        for lb in r.elb.load_balancers.values().filter(|lb| lb.kind == crate::elb::model::LbType::Application) {
            let Some(dim) = crate::monitoring::elb_metrics::lb_dimension(&lb.arn) else { continue };
            let key = crate::monitoring::query::MetricKey::new("AWS/ApplicationELB", "RequestCount", &[("LoadBalancer", dim)]);
            let requests: f64 =
                crate::monitoring::query::samples(w, region, &key, since, until_seen).iter().filter(|s| s.t >= since && s.t < until_seen).map(|s| s.sum).sum();
            if requests <= 0.0 {
                continue;
            }
            let (_, lcu) = prices::elb(region, "application");
            let q = requests / (prices::lcu_new_connections_per_second() * 3600.0);
            let key = Key {
                service: ELB,
                region: region.to_string(),
                usage_type: format!("{p}LCUUsage"),
                operation: "LoadBalancing:Application".into(),
                resource_id: lb.arn.clone(),
                purchase_option: "",
                kind: "usage",
                unit: "LCU-Hrs",
                description: format!("${} per LCU-hour ({requests} requests, one new connection each, 25 new connections/s = 1 LCU)", lcu.usd),
            };
            push(lines, key, q, q * lcu.usd, lcu.usd, lcu.estimated, None);
        }
        for i in r.compute.instances.values().filter(|i| i.credit_specification.as_deref() == Some("unlimited")) {
            let credits = crate::monitoring::credits::surplus_credits_charged(w, region, &i.id, since, until_seen);
            if credits <= 0.0 {
                continue;
            }
            let q = credits / 60.0;
            let family = i.instance_type.split('.').next().unwrap_or("t3");
            let key = Key {
                service: EC2,
                region: region.to_string(),
                usage_type: format!("{p}CPUCredits:{family}"),
                operation: i.usage_operation.clone(),
                resource_id: i.id.clone(),
                purchase_option: "",
                kind: "usage",
                unit: "vCPU-Hours",
                description: format!("${SURPLUS_PER_VCPU_HOUR} per vCPU-hour of surplus CPU credits (unlimited mode, average above baseline)"),
            };
            push(lines, key, q, q * SURPLUS_PER_VCPU_HOUR, SURPLUS_PER_VCPU_HOUR, false, None);
        }
    }
}

/// Reserved Instances, then Savings Plans, hour by hour: each covers the On-Demand usage it
/// matches up to its hourly capacity (credits), and costs its fee every hour of its term.
fn apply_commitments(
    w: &World,
    items: &[Item],
    exhausted: &BTreeMap<(Pool, Millis), Millis>,
    since: Millis,
    until: Millis,
    lines: &mut BTreeMap<Key, Acc>,
    savings: &mut Savings,
) {
    let (ris, sps) = commitments(w);
    let ris: Vec<_> = ris.into_iter().filter(|r| r.start < until && r.end > since).collect();
    let sps: Vec<_> = sps.into_iter().filter(|s| s.start < until && s.end > since).collect();
    if ris.is_empty() && sps.is_empty() {
        return;
    }
    for ri in &ris {
        if ri.upfront > 0.0 && (since..until).contains(&ri.start) {
            let key = fee_key(
                EC2,
                &ri.region,
                format!("{}HeavyUsage:{}", prices::usage_prefix(&ri.region), ri.instance_type),
                &ri.id,
                "Reserved",
                format!("Reserved Instance upfront payment ({})", ri.offering_type),
                "Quantity",
            );
            savings.reserved_instances -= ri.upfront;
            push(lines, key, 1.0, ri.upfront, ri.upfront, ri.estimated, None);
        }
    }
    for sp in &sps {
        if sp.upfront > 0.0 && (since..until).contains(&sp.start) {
            let key = fee_key(
                SP_SERVICE,
                "global",
                "ComputeSP:Upfront".into(),
                &sp.id,
                "Savings Plan",
                format!("Savings Plan upfront payment ({})", sp.payment_option),
                "Quantity",
            );
            savings.savings_plans -= sp.upfront;
            push(lines, key, 1.0, sp.upfront, sp.upfront, sp.estimated, None);
        }
    }
    let compute: Vec<&Item> = items.iter().filter(|i| i.compute.is_some()).collect();
    for h in hours(since, until) {
        let (hs, he) = (h.max(since), (h + HOUR).min(until));
        // On-Demand time of each item in this hour, less what the free tier already covered.
        let mut left: Vec<Millis> = compute
            .iter()
            .map(|it| {
                let from = match it.pool {
                    Some(p) => exhausted.get(&(p, month_start(hs))).copied().map_or(hs, |t| t.max(hs)),
                    None => hs,
                };
                it.usage(from.min(he), he)
            })
            .collect();
        for ri in &ris {
            let active_from = h.max(ri.start);
            if active_from >= (h + HOUR).min(ri.end) {
                continue;
            }
            let share = ((h + HOUR).min(ri.end) - active_from) as f64 / HOUR as f64;
            if (since..until).contains(&active_from) && ri.hourly > 0.0 {
                let key = fee_key(
                    EC2,
                    &ri.region,
                    format!("{}HeavyUsage:{}", prices::usage_prefix(&ri.region), ri.instance_type),
                    &ri.id,
                    "Reserved",
                    format!("${} per Reserved Instance-hour ({}), used or not", ri.hourly, ri.offering_type),
                    "Hrs",
                );
                let q = share * ri.count as f64;
                savings.reserved_instances -= q * ri.hourly;
                push(lines, key, q, q * ri.hourly, ri.hourly, ri.estimated, None);
            }
            let mut capacity = (share * (ri.count as f64) * HOUR as f64) as Millis;
            let mut covered_cost = 0.0;
            let mut covered_ms = 0;
            for (k, it) in compute.iter().enumerate() {
                let c = it.compute.as_ref().expect("filtered");
                let matches =
                    c.region == ri.region && c.instance_type == ri.instance_type && c.linux == ri.linux && ri.az.as_ref().is_none_or(|az| *az == c.az);
                if !matches || capacity == 0 || left[k] == 0 {
                    continue;
                }
                let take = left[k].min(capacity);
                left[k] -= take;
                capacity -= take;
                covered_ms += take;
                covered_cost += take as f64 / HOUR as f64 * it.rate.usd;
            }
            if covered_cost > 0.0 {
                let key = credit_key(
                    EC2,
                    &ri.region,
                    format!("{}BoxUsage:{}", prices::usage_prefix(&ri.region), ri.instance_type),
                    &ri.id,
                    "Reserved",
                    "Reserved Instance applied: matching On-Demand usage not charged".into(),
                );
                let q = covered_ms as f64 / HOUR as f64;
                savings.reserved_instances += covered_cost;
                push(lines, key, q, -covered_cost, if q > 0.0 { covered_cost / q } else { 0.0 }, false, None);
            }
        }
        for sp in &sps {
            let active_from = h.max(sp.start);
            if active_from >= (h + HOUR).min(sp.end) {
                continue;
            }
            let share = ((h + HOUR).min(sp.end) - active_from) as f64 / HOUR as f64;
            if (since..until).contains(&active_from) && sp.hourly_fee > 0.0 {
                let key = fee_key(
                    SP_SERVICE,
                    "global",
                    format!("ComputeSP:{}yr{}", sp.term_years, sp.payment_option.replace(' ', "")),
                    &sp.id,
                    "Savings Plan",
                    format!("${}/hour Compute Savings Plan commitment, used or not", sp.commitment),
                    "Hrs",
                );
                savings.savings_plans -= share * sp.hourly_fee;
                push(lines, key, share, share * sp.hourly_fee, sp.hourly_fee, sp.estimated, None);
            }
            // The commitment buys On-Demand dollars at the plan's discount.
            let mut capacity = share * sp.commitment / (1.0 - sp.discount);
            let mut covered = 0.0;
            for (k, it) in compute.iter().enumerate() {
                if capacity <= 0.0 || left[k] == 0 {
                    continue;
                }
                let cost = left[k] as f64 / HOUR as f64 * it.rate.usd;
                let take = cost.min(capacity);
                let frac = if cost > 0.0 { take / cost } else { 0.0 };
                left[k] -= (left[k] as f64 * frac).round() as Millis;
                capacity -= take;
                covered += take;
            }
            if covered > 0.0 {
                savings.savings_plans += covered;
                let key = credit_key(
                    SP_SERVICE,
                    "global",
                    "SavingsPlanNegation".into(),
                    &sp.id,
                    "Savings Plan",
                    "Savings Plan applied: covered On-Demand usage not charged".into(),
                );
                push(lines, key, covered, -covered, 1.0, sp.estimated, None);
            }
        }
    }
}

fn fee_key(service: &'static str, region: &str, usage_type: String, id: &str, option: &'static str, description: String, unit: &'static str) -> Key {
    Key {
        service,
        region: region.to_string(),
        usage_type,
        operation: "".into(),
        resource_id: id.to_string(),
        purchase_option: option,
        kind: "fee",
        unit,
        description,
    }
}

fn credit_key(service: &'static str, region: &str, usage_type: String, id: &str, option: &'static str, description: String) -> Key {
    Key {
        service,
        region: region.to_string(),
        usage_type,
        operation: "".into(),
        resource_id: id.to_string(),
        purchase_option: option,
        kind: "credit",
        unit: if service == SP_SERVICE { "USD" } else { "Hrs" },
        description,
    }
}

fn finish(lines: BTreeMap<Key, Acc>, since: Millis, until: Millis, savings: Savings) -> Bill {
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|(k, a)| Line {
            service: k.service.to_string(),
            region: k.region,
            usage_type: k.usage_type,
            operation: k.operation,
            resource_id: k.resource_id,
            description: k.description,
            purchase_option: k.purchase_option.to_string(),
            kind: k.kind.to_string(),
            quantity: prices::round(a.quantity, 10),
            unit: k.unit.to_string(),
            rate: prices::round(a.rate, 10),
            cost: prices::round(a.cost, 10),
            estimated: a.estimated,
            on_demand_cost: a.on_demand.map(|x| prices::round(x, 10)),
        })
        .collect();
    let charges: f64 = lines.iter().filter(|l| l.kind != "credit").map(|l| l.cost).sum();
    let credits: f64 = lines.iter().filter(|l| l.kind == "credit").map(|l| l.cost).sum();
    let estimated = lines.iter().any(|l| l.estimated);
    Bill {
        since,
        until,
        currency: "USD",
        charges: prices::round(charges, 10),
        credits: prices::round(credits, 10),
        total: prices::round((charges + credits).max(0.0), 10) + 0.0, // + 0.0: never print -0.0
        savings: Savings {
            spot_vs_on_demand: prices::round(savings.spot_vs_on_demand, 10),
            free_tier: prices::round(savings.free_tier, 10),
            reserved_instances: prices::round(savings.reserved_instances, 10),
            savings_plans: prices::round(savings.savings_plans, 10),
        },
        lines,
        estimated,
        not_modelled: NOT_MODELLED.to_vec(),
    }
}

/// What this bill leaves out, said on every bill.
pub const NOT_MODELLED: &[&str] = &[
    "data transfer (in/out, between AZs and regions)",
    "NAT gateway hours and data processing",
    "CloudWatch detailed monitoring, custom metrics and alarms",
    "EBS magnetic I/O requests, snapshot archive tier, fast snapshot restore",
    "ALB LCUs other than new connections (active connections, processed bytes, rule evaluations); NLB/GWLB capacity units",
    "Elastic IP association changes made by instance termination or ENI deletion (seen at the next address call)",
    "taxes",
];
