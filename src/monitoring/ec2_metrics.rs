//! `AWS/EC2` metrics, derived when read from the per-minute walk (`credits::walk`) of each
//! instance the dimensions select. Resolution: 1-minute samples while detailed monitoring is on,
//! else one 5-minute sample (basic); NetworkPackets* and the CPU credit metrics are 5-minute
//! always, status checks 1-minute always (aws-facts §12). A sample covers `[t, t + interval)` and
//! exists once its interval is complete and the instance ran in it.
use super::credits::{self, Minute};
use super::query::{MetricKey, Sample};
use crate::compute::Instance;
use crate::sim::Millis;
use crate::world::World;

const FIVE: Millis = 300_000;
/// Average bytes per packet used to turn bytes into NetworkPackets* (a plausible MTU-sized mix; AWS publishes nothing).
pub const BYTES_PER_PACKET: f64 = 1000.0;

/// Every AWS/EC2 metric name ec2lab derives, with its unit.
pub const METRICS: &[(&str, &str)] = &[
    ("CPUUtilization", "Percent"),
    ("NetworkIn", "Bytes"),
    ("NetworkOut", "Bytes"),
    ("NetworkPacketsIn", "Count"),
    ("NetworkPacketsOut", "Count"),
    ("StatusCheckFailed", "Count"),
    ("StatusCheckFailed_Instance", "Count"),
    ("StatusCheckFailed_System", "Count"),
    ("CPUCreditUsage", "Count"),
    ("CPUCreditBalance", "Count"),
    ("CPUSurplusCreditBalance", "Count"),
    ("CPUSurplusCreditsCharged", "Count"),
];

pub fn is_credit_metric(name: &str) -> bool {
    name.starts_with("CPUCredit") || name.starts_with("CPUSurplus")
}

/// Which instances a dimension set selects, and whether only their detailed-monitoring data counts
/// (the aggregates over InstanceType, ImageId and the whole region need detailed monitoring;
/// AutoScalingGroupName works with basic).
pub fn select<'r>(w: &'r World, region: &str, key: &MetricKey) -> (Vec<&'r Instance>, bool) {
    let Ok(reg) = w.region(region) else { return (vec![], false) };
    let all = reg.compute.instances.values();
    match key.dimensions.as_slice() {
        [] => (all.collect(), true),
        [(k, v)] => match k.as_str() {
            "InstanceId" => (reg.compute.instances.get(v).into_iter().collect(), false),
            "InstanceType" => (all.filter(|i| &i.instance_type == v).collect(), true),
            "ImageId" => (all.filter(|i| &i.image_id == v).collect(), true),
            "AutoScalingGroupName" => {
                (all.filter(|i| reg.tags.get(&i.id).and_then(|t| t.get("aws:autoscaling:groupName")).is_some_and(|g| g == v)).collect(), false)
            }
            _ => (vec![], false),
        },
        _ => (vec![], false),
    }
}

pub fn samples(w: &World, region: &str, key: &MetricKey, start: Millis, end: Millis) -> Vec<Sample> {
    let Some(&(name, unit)) = METRICS.iter().find(|(n, _)| *n == key.name) else { return vec![] };
    let (instances, detailed_only) = select(w, region, key);
    let reg = &w.regions[region];
    let mut out = vec![];
    for i in instances {
        if is_credit_metric(name) && credits::spec(&i.instance_type).is_none() {
            continue;
        }
        let work = reg.monitoring.work.get(&i.id).map(|a| &**a);
        instance_samples(name, unit, i, work, &reg.monitoring.credit_cache, w.now(), start, end, detailed_only, &mut out);
    }
    out
}

/// A 5-minute bucket being filled.
#[derive(Default)]
struct Bucket {
    t: Millis,
    running_ms: u64,
    cpu_ms: f64,
    net_in: f64,
    net_out: f64,
    usage: f64,
    balance: f64,
    surplus: f64,
    charged: f64,
    any_basic: bool,
    any_detailed: bool,
}

#[allow(clippy::too_many_arguments)]
fn instance_samples(
    name: &'static str,
    unit: &'static str,
    i: &Instance,
    work: Option<&super::workload::InstanceWork>,
    cache: &credits::CreditCache,
    now: Millis,
    start: Millis,
    end: Millis,
    detailed_only: bool,
    out: &mut Vec<Sample>,
) {
    let per_minute_always = name.starts_with("StatusCheckFailed");
    let five_always = name.starts_with("NetworkPackets") || is_credit_metric(name);
    let detailed_default = i.detailed_monitoring && work.is_none_or(|w| w.monitoring.is_empty());
    let launch_detailed = work.and_then(|w| w.monitoring.first()).map_or(detailed_default, |c| c.1);
    let value = |m: &Bucket| -> f64 {
        match name {
            "CPUUtilization" => m.cpu_ms / m.running_ms.max(1) as f64,
            "NetworkIn" => m.net_in,
            "NetworkOut" => m.net_out,
            "NetworkPacketsIn" => (m.net_in / BYTES_PER_PACKET).ceil(),
            "NetworkPacketsOut" => (m.net_out / BYTES_PER_PACKET).ceil(),
            "CPUCreditUsage" => m.usage,
            "CPUCreditBalance" => m.balance,
            "CPUSurplusCreditBalance" => m.surplus,
            "CPUSurplusCreditsCharged" => m.charged,
            // Status checks: the model has no impaired hardware, so they pass while running.
            _ => 0.0,
        }
    };
    let mut bucket: Option<Bucket> = None;
    let flush = |b: Bucket, out: &mut Vec<Sample>| {
        if !per_minute_always && b.t + FIVE <= now && b.t >= start && (!detailed_only || b.any_detailed) && (five_always || b.any_basic) {
            out.push(Sample::value(b.t, value(&b), unit));
        }
    };
    let from = start / FIVE * FIVE;
    credits::walk(i, work, Some(cache), now, from, end, &mut |m: &Minute| {
        let detailed = work.map_or(launch_detailed, |w| w.detailed_at(m.t, launch_detailed));
        let one = Bucket {
            t: m.t,
            running_ms: m.running_ms,
            cpu_ms: m.cpu * m.running_ms as f64,
            net_in: m.net_in,
            net_out: m.net_out,
            usage: m.usage,
            balance: m.balance,
            surplus: m.surplus,
            charged: m.charged,
            any_basic: !detailed,
            any_detailed: detailed,
        };
        if per_minute_always || (detailed && !five_always) {
            if m.t >= start && (!detailed_only || detailed) {
                out.push(Sample::value(m.t, value(&one), unit));
            }
        }
        let t5 = m.t / FIVE * FIVE;
        if bucket.as_ref().is_some_and(|b| b.t != t5) {
            flush(bucket.take().expect("checked"), out);
        }
        let b = bucket.get_or_insert_with(|| Bucket { t: t5, ..Default::default() });
        b.running_ms += one.running_ms;
        b.cpu_ms += one.cpu_ms;
        b.net_in += one.net_in;
        b.net_out += one.net_out;
        b.usage += one.usage;
        b.balance = one.balance;
        b.surplus = one.surplus;
        b.charged += one.charged;
        b.any_basic |= one.any_basic;
        b.any_detailed |= one.any_detailed;
    });
    if let Some(b) = bucket {
        flush(b, out);
    }
}
