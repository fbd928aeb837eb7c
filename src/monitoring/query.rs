//! The one read path of CloudWatch metrics: `datapoints(world, region, key, start, end, period, stat)`.
//! Every metric, whether put by PutMetricData or derived from the workload (AWS/EC2 from load
//! segments and `run_periods`, AWS/ApplicationELB from routed requests), is first turned into
//! raw samples (`Sample`) and then aggregated here per period. Alarms read through this too.
use crate::sim::Millis;
use crate::world::World;

/// A metric's identity: namespace, name and its dimensions (sorted by name, as `new` does).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MetricKey {
    pub namespace: String,
    pub name: String,
    pub dimensions: Vec<(String, String)>,
}

impl MetricKey {
    /// Builds a key with its dimensions sorted by name (the identity CloudWatch uses).
    pub fn new(namespace: &str, name: &str, dimensions: &[(&str, &str)]) -> Self {
        let mut dimensions: Vec<(String, String)> = dimensions.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        dimensions.sort();
        MetricKey { namespace: namespace.into(), name: name.into(), dimensions }
    }
    pub fn dim(&self, name: &str) -> Option<&str> {
        self.dimensions.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// The statistics of GetMetricStatistics (plus extended percentiles `pNN`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stat {
    SampleCount,
    Average,
    Sum,
    Minimum,
    Maximum,
    /// `p0`..`p100`: from the individual values of the period (statistic sets carry none).
    Percentile(f64),
}

impl Stat {
    pub fn parse(s: &str) -> Option<Stat> {
        Some(match s {
            "SampleCount" => Stat::SampleCount,
            "Average" => Stat::Average,
            "Sum" => Stat::Sum,
            "Minimum" => Stat::Minimum,
            "Maximum" => Stat::Maximum,
            p => {
                let v: f64 = p.strip_prefix('p')?.parse().ok()?;
                if !(0.0..=100.0).contains(&v) || p.len() > 7 {
                    return None;
                }
                Stat::Percentile(v)
            }
        })
    }
    pub fn name(self) -> String {
        match self {
            Stat::SampleCount => "SampleCount".into(),
            Stat::Average => "Average".into(),
            Stat::Sum => "Sum".into(),
            Stat::Minimum => "Minimum".into(),
            Stat::Maximum => "Maximum".into(),
            Stat::Percentile(p) => format!("p{p}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Datapoint {
    pub timestamp: Millis,
    pub value: f64,
    pub unit: String,
}

/// One raw observation (or a statistic set) at `t`. Derived metrics produce one per
/// monitoring interval (1 or 5 minutes) covering `[t, t + interval)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub t: Millis,
    pub count: f64,
    pub sum: f64,
    pub min: f64,
    pub max: f64,
    pub unit: &'static str,
    /// Whether this is a single value (percentiles use those only).
    pub single: bool,
}

impl Sample {
    pub fn value(t: Millis, v: f64, unit: &'static str) -> Self {
        Sample { t, count: 1.0, sum: v, min: v, max: v, unit, single: true }
    }
}

/// Retention (aws-facts §12): sub-minute data lives 3 h, 1-minute data 15 days, 5-minute data
/// 63 days, 1-hour data 455 days. A period that the data's age no longer supports sees nothing
/// (CloudWatch rolls the data up; the fine resolution is gone).
pub fn retained(now: Millis, t: Millis, period_s: u64) -> bool {
    const H: u64 = 3_600_000;
    const D: u64 = 24 * H;
    let age = now.saturating_sub(t);
    if age > 455 * D {
        return false;
    }
    if !period_s.is_multiple_of(3600) && age > 63 * D {
        return false;
    }
    if !period_s.is_multiple_of(300) && age > 15 * D {
        return false;
    }
    !(period_s < 60 && age > 3 * H)
}

/// Raw samples of a metric in `[start, end)` (any order), from whichever source owns it.
pub fn samples(w: &World, region: &str, key: &MetricKey, start: Millis, end: Millis) -> Vec<Sample> {
    let Ok(reg) = w.region(region) else { return vec![] };
    match key.namespace.as_str() {
        "AWS/EC2" => super::ec2_metrics::samples(w, region, key, start, end),
        "AWS/ApplicationELB" => super::elb_metrics::samples(reg, key, start, end, w.now()),
        _ => reg.monitoring.custom.samples(key, start, end),
    }
}

/// Aggregated datapoints in [start, end) per `period_s` bucket, oldest first; missing buckets absent.
/// Buckets are aligned to `start` (as GetMetricStatistics does); `period_s` 0 gives nothing.
pub fn datapoints(w: &World, region: &str, key: &MetricKey, start: Millis, end: Millis, period_s: u64, stat: Stat) -> Vec<Datapoint> {
    if period_s == 0 || end <= start {
        return vec![];
    }
    let now = w.now();
    let mut s = samples(w, region, key, start, end);
    s.retain(|x| x.t >= start && x.t < end && retained(now, x.t, period_s));
    aggregate(&s, start, period_s, stat)
}

/// Groups samples into `period_s` buckets from `start` and applies the statistic.
pub fn aggregate(samples: &[Sample], start: Millis, period_s: u64, stat: Stat) -> Vec<Datapoint> {
    let p = period_s.saturating_mul(1000);
    let mut buckets: std::collections::BTreeMap<u64, Vec<&Sample>> = Default::default();
    for s in samples {
        buckets.entry((s.t - start) / p).or_default().push(s);
    }
    buckets
        .into_iter()
        .filter_map(|(b, xs)| {
            let value = reduce(&xs, stat)?;
            Some(Datapoint { timestamp: start.saturating_add(b.saturating_mul(p)), value, unit: xs[0].unit.to_string() })
        })
        .collect()
}

fn reduce(xs: &[&Sample], stat: Stat) -> Option<f64> {
    let count: f64 = xs.iter().map(|s| s.count).sum();
    let sum: f64 = xs.iter().map(|s| s.sum).sum();
    Some(match stat {
        Stat::SampleCount => count,
        Stat::Sum => sum,
        Stat::Average => {
            if count == 0.0 {
                return None;
            }
            sum / count
        }
        Stat::Minimum => xs.iter().map(|s| s.min).fold(f64::INFINITY, f64::min),
        Stat::Maximum => xs.iter().map(|s| s.max).fold(f64::NEG_INFINITY, f64::max),
        Stat::Percentile(q) => {
            let mut v: Vec<f64> = xs.iter().filter(|s| s.single).map(|s| s.sum).collect();
            if v.is_empty() {
                return None;
            }
            v.sort_by(f64::total_cmp);
            // Nearest rank.
            let rank = ((q / 100.0) * v.len() as f64).ceil().max(1.0) as usize;
            v[rank.min(v.len()) - 1]
        }
    })
}
