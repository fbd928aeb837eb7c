//! `AWS/EC2` metrics, derived when read from the per-minute walk (`credits::walk`) of each
//! instance the dimensions select. Resolution: 1-minute samples while detailed monitoring is on,
//! else one 5-minute sample (basic); NetworkPackets* and the CPU credit metrics are 5-minute
//! always, status checks 1-minute always (aws-facts §12). A sample covers `[t, t + interval)` and
//! exists once its interval is complete and the instance ran in it.
use super::credits::{self, Minute};
use super::query::{MetricKey, Sample};
use super::workload::MINUTE;
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
    ("EBSReadOps", "Count"),
    ("EBSWriteOps", "Count"),
    ("EBSReadBytes", "Bytes"),
    ("EBSWriteBytes", "Bytes"),
    ("DiskReadOps", "Count"),
    ("DiskWriteOps", "Count"),
    ("DiskReadBytes", "Bytes"),
    ("DiskWriteBytes", "Bytes"),
];

/// EBS* metrics exist for Nitro-based instances only (AWS reports Xen instances' EBS I/O in
/// AWS/EBS per volume), Disk* for instances with instance-store disks (aws-facts §12).
pub fn reported_for(name: &str, i: &Instance) -> bool {
    if name.starts_with("EBS") {
        return crate::catalog::instance_type(&i.instance_type).is_some_and(|t| t.bare_metal || t.hypervisor.as_deref() == Some("nitro"));
    }
    if name.starts_with("Disk") {
        return crate::catalog::instance_type(&i.instance_type).is_some_and(|t| !t.instance_store.is_empty());
    }
    true
}

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
    let Some(&(name, _)) = METRICS.iter().find(|(n, _)| *n == key.name) else { return vec![] };
    let Ok(reg) = w.region(region) else { return vec![] };
    let cache = &reg.monitoring.sample_cache;
    let (mut out, from) = cache.read(key, start, end);
    if from >= end {
        return out; // all of it final and cached: no instance is looked at
    }
    let (instances, detailed_only) = select(w, region, key);
    let instances: Vec<(&Instance, Option<&super::workload::InstanceWork>)> =
        instances.into_iter().map(|i| (i, reg.monitoring.work.get(&i.id).map(|a| &**a))).collect();
    let now = w.now();
    // Samples whose interval has ended never change: below the horizon they are cached per key.
    // One-minute samples are final a minute after they start; five-minute ones only once the
    // five minutes are over, so the horizon is the last whole 5 minutes when any can occur.
    let one_minute_only = name.starts_with("StatusCheckFailed")
        || (!five_minute_always(name) && instances.iter().all(|(i, work)| i.detailed_monitoring && work.is_none_or(|w| w.monitoring.iter().all(|c| c.1))));
    let horizon = if one_minute_only { now / MINUTE * MINUTE } else { now / FIVE * FIVE };
    {
        let raw = raw_samples(name, &instances, detailed_only, reg, now, from, end);
        let merged = merge(raw);
        cache.write(key, start, from, horizon.min(end), &merged);
        out.extend(merged);
    }
    out
}

fn five_minute_always(name: &str) -> bool {
    name.starts_with("NetworkPackets") || is_credit_metric(name)
}

fn raw_samples(
    name: &'static str,
    instances: &[(&Instance, Option<&super::workload::InstanceWork>)],
    detailed_only: bool,
    reg: &crate::world::Region,
    now: Millis,
    start: Millis,
    end: Millis,
) -> Vec<Sample> {
    let unit = METRICS.iter().find(|(n, _)| *n == name).map_or("None", |m| m.1);
    let mut out = vec![];
    for &(i, work) in instances {
        if (is_credit_metric(name) && credits::spec(&i.instance_type).is_none()) || !reported_for(name, i) {
            continue;
        }
        instance_samples(name, unit, i, work, &reg.monitoring.credit_cache, now, start, end, detailed_only, &mut out);
    }
    out
}

/// One statistic set per timestamp (the instances' samples of the same interval together):
/// every statistic but percentiles is kept exactly.
fn merge(mut raw: Vec<Sample>) -> Vec<Sample> {
    raw.sort_by_key(|s| s.t);
    let mut out: Vec<Sample> = Vec::with_capacity(raw.len());
    for s in raw {
        match out.last_mut() {
            Some(l) if l.t == s.t => {
                l.count += s.count;
                l.sum += s.sum;
                l.min = l.min.min(s.min);
                l.max = l.max.max(s.max);
                l.single = false;
            }
            _ => out.push(s),
        }
    }
    out
}

/// Per metric key: the merged samples of `[lo, hi)`, all final. Not part of the world's identity
/// (a clone starts empty; `Debug` shows nothing), like the credit checkpoints.
#[derive(Default)]
pub struct SampleCache(std::sync::Arc<std::sync::Mutex<std::collections::BTreeMap<MetricKey, CachedRange>>>);

/// `[lo, hi)` and the merged samples in it.
type CachedRange = (Millis, Millis, Vec<Sample>);

impl Clone for SampleCache {
    fn clone(&self) -> Self {
        SampleCache::default()
    }
}

impl std::fmt::Debug for SampleCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("_")
    }
}

impl SampleCache {
    /// The cached samples of `[start, end)` and where computing must resume (`end` if none).
    fn read(&self, key: &MetricKey, start: Millis, end: Millis) -> (Vec<Sample>, Millis) {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match map.get(key) {
            Some((lo, hi, v)) if *lo <= start && start <= *hi => {
                let a = v.partition_point(|s| s.t < start);
                let b = v.partition_point(|s| s.t < end.min(*hi));
                (v[a..b].to_vec(), (*hi).max(start).min(end))
            }
            _ => (vec![], start),
        }
    }

    /// Remembers the samples computed from `from` (below `upto`), extending `[lo, hi)` when contiguous.
    fn write(&self, key: &MetricKey, start: Millis, from: Millis, upto: Millis, computed: &[Sample]) {
        if upto <= from {
            return;
        }
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let keep = computed.iter().filter(|s| s.t < upto).cloned();
        match map.get_mut(key) {
            Some((_, hi, v)) if *hi == from => {
                v.extend(keep);
                *hi = upto;
            }
            _ => {
                map.insert(key.clone(), (start.min(from), upto, keep.collect()));
            }
        }
    }
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
    io: super::workload::Io,
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
            "EBSReadOps" => m.io.ebs_read_ops.round(),
            "EBSWriteOps" => m.io.ebs_write_ops.round(),
            "EBSReadBytes" => m.io.ebs_read_bytes.round(),
            "EBSWriteBytes" => m.io.ebs_write_bytes.round(),
            "DiskReadOps" => m.io.disk_read_ops.round(),
            "DiskWriteOps" => m.io.disk_write_ops.round(),
            "DiskReadBytes" => m.io.disk_read_bytes.round(),
            "DiskWriteBytes" => m.io.disk_write_bytes.round(),
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
        if m.running_ms == 0 && name != "CPUSurplusCreditsCharged" {
            return; // a stop's minute: only the surplus it charged is reported
        }
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
            io: work.and_then(|w| w.io.get(&(m.t / MINUTE))).copied().unwrap_or_default(),
            any_basic: !detailed,
            any_detailed: detailed,
        };
        if (per_minute_always || (detailed && !five_always)) && m.t >= start && (!detailed_only || detailed) {
            out.push(Sample::value(m.t, value(&one), unit));
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
        b.io.add(&one.io);
        b.any_basic |= one.any_basic;
        b.any_detailed |= one.any_detailed;
    });
    if let Some(b) = bucket {
        flush(b, out);
    }
}
