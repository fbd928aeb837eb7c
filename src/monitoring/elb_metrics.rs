//! `AWS/ApplicationELB` metrics from what the load balancer did: each routed request is counted
//! in its minute (`record`, called by `workload::on_request`), and health counts are remembered
//! after each health-check round when they change (`HealthCount`). 1-minute samples; counts are
//! reported only for minutes with requests, as CloudWatch does ("nonzero value").
use super::query::{MetricKey, Sample};
use super::workload::MINUTE;
use super::RegionMonitoring;
use crate::elb::routing::Routed;
use crate::sim::Millis;
use crate::world::Region;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One minute of one (load balancer, target group) pair.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ElbMinute {
    pub requests: u64,
    /// HTTPCode_Target_2XX..5XX_Count (index 0 = 2XX).
    pub target: [u64; 4],
    /// HTTPCode_ELB_2XX..5XX_Count (fixed responses and redirects count as the ELB's own).
    pub elb: [u64; 4],
    pub elb_502: u64,
    pub elb_503: u64,
    pub elb_504: u64,
    /// Target response times (seconds): count, sum, min, max.
    pub rt_count: u64,
    pub rt_sum: f64,
    pub rt_min: f64,
    pub rt_max: f64,
    pub processed_bytes: u64,
}

pub type ElbSeries = BTreeMap<u64, ElbMinute>;

#[derive(Debug, Clone, PartialEq)]
pub struct HealthCount {
    pub at: Millis,
    pub healthy: u32,
    pub unhealthy: u32,
}

impl HealthCount {
    pub fn same_counts(&self, o: &HealthCount) -> bool {
        self.healthy == o.healthy && self.unhealthy == o.unhealthy
    }
}

/// The metric names with their units and the dimension sets they come in.
pub const METRICS: &[(&str, &str)] = &[
    ("RequestCount", "Count"),
    ("HTTPCode_Target_2XX_Count", "Count"),
    ("HTTPCode_Target_3XX_Count", "Count"),
    ("HTTPCode_Target_4XX_Count", "Count"),
    ("HTTPCode_Target_5XX_Count", "Count"),
    ("HTTPCode_ELB_2XX_Count", "Count"),
    ("HTTPCode_ELB_3XX_Count", "Count"),
    ("HTTPCode_ELB_4XX_Count", "Count"),
    ("HTTPCode_ELB_5XX_Count", "Count"),
    ("HTTPCode_ELB_502_Count", "Count"),
    ("HTTPCode_ELB_503_Count", "Count"),
    ("HTTPCode_ELB_504_Count", "Count"),
    ("TargetResponseTime", "Seconds"),
    ("ProcessedBytes", "Bytes"),
    ("HealthyHostCount", "Count"),
    ("UnHealthyHostCount", "Count"),
    ("RequestCountPerTarget", "Count"),
];

/// `app/name/id` of a load balancer ARN; `targetgroup/name/id` of a target group ARN.
pub fn lb_dimension(arn: &str) -> Option<&str> {
    arn.split_once(":loadbalancer/").map(|(_, s)| s)
}
pub fn tg_dimension(arn: &str) -> Option<&str> {
    arn.rsplit_once(':').map(|(_, s)| s).filter(|s| s.starts_with("targetgroup/"))
}

pub fn record(mon: &mut RegionMonitoring, lb_arn: &str, r: &Routed, minute: u64) {
    if !lb_arn.contains(":loadbalancer/app/") {
        return; // AWS/NetworkELB is not modelled
    }
    let tg = if r.target.is_some() { r.target_group_arn.clone().unwrap_or_default() } else { String::new() };
    let series = Arc::make_mut(mon.elb.entry((lb_arn.to_string(), tg)).or_default());
    let m = series.entry(minute).or_default();
    m.requests += 1;
    let class = (r.response.status / 100).clamp(2, 5) as usize - 2;
    m.processed_bytes += 2 * super::workload::HEADER_BYTES + r.response.body.len() as u64;
    if r.target.is_some() && r.trace.elb_error.is_none() {
        m.target[class] += 1;
        let s = r.elapsed_ms.saturating_sub(1) as f64 / 1000.0;
        m.rt_min = if m.rt_count == 0 { s } else { m.rt_min.min(s) };
        m.rt_max = if m.rt_count == 0 { s } else { m.rt_max.max(s) };
        m.rt_count += 1;
        m.rt_sum += s;
    } else {
        m.elb[class] += 1;
        match r.response.status {
            502 => m.elb_502 += 1,
            503 => m.elb_503 += 1,
            504 => m.elb_504 += 1,
            _ => {}
        }
    }
}

fn lb_arn_of(reg: &Region, dim: &str) -> Option<String> {
    reg.elb.load_balancers.keys().find(|a| lb_dimension(a) == Some(dim)).cloned()
}
fn tg_arn_of(reg: &Region, dim: &str) -> Option<String> {
    reg.elb
        .target_groups
        .keys()
        .find(|a| tg_dimension(a) == Some(dim))
        .cloned()
        .or_else(|| reg.monitoring.elb.keys().map(|k| &k.1).find(|a| tg_dimension(a) == Some(dim)).cloned())
}

/// Healthy hosts of a group at `t` (the last count remembered at or before `t`).
fn healthy_at(h: &[HealthCount], t: Millis) -> Option<&HealthCount> {
    let i = h.partition_point(|c| c.at <= t);
    (i > 0).then(|| &h[i - 1])
}

pub fn samples(reg: &Region, key: &MetricKey, start: Millis, end: Millis, now: Millis) -> Vec<Sample> {
    let Some(&(name, unit)) = METRICS.iter().find(|(n, _)| *n == key.name) else { return vec![] };
    let lb = key.dim("LoadBalancer");
    let tg = key.dim("TargetGroup");
    let dims_ok = key.dimensions.iter().all(|(k, _)| k == "LoadBalancer" || k == "TargetGroup");
    if !dims_ok || (lb.is_none() && tg.is_none()) {
        return vec![];
    }
    let lb_arn = match lb {
        Some(d) => match lb_arn_of(reg, d).or_else(|| reg.monitoring.elb.keys().map(|k| &k.0).find(|a| lb_dimension(a) == Some(d)).cloned()) {
            Some(a) => Some(a),
            None => return vec![],
        },
        None => None,
    };
    let tg_arn = match tg {
        Some(d) => match tg_arn_of(reg, d) {
            Some(a) => Some(a),
            None => return vec![],
        },
        None => None,
    };
    let (m0, m1) = (start.div_ceil(MINUTE), end.div_ceil(MINUTE));
    if matches!(name, "HealthyHostCount" | "UnHealthyHostCount") {
        let Some(tg_arn) = tg_arn else { return vec![] };
        let Some(h) = reg.monitoring.health.get(&tg_arn) else { return vec![] };
        let mut out = vec![];
        // Only minutes since the first count and before now (a wide range must not loop for nothing).
        let first = h.first().map_or(m1, |c| c.at / MINUTE);
        for m in m0.max(first)..m1.min(now / MINUTE + 1) {
            let t = m * MINUTE;
            if t + MINUTE > now {
                break;
            }
            if let Some(c) = healthy_at(h, t + MINUTE - 1) {
                out.push(Sample::value(t, if name == "HealthyHostCount" { c.healthy } else { c.unhealthy } as f64, unit));
            }
        }
        return out;
    }
    // Sum the matching (lb, tg) series per minute.
    let mut per_minute: BTreeMap<u64, ElbMinute> = BTreeMap::new();
    for ((l, g), series) in &reg.monitoring.elb {
        if lb_arn.as_ref().is_some_and(|a| a != l) || tg_arn.as_ref().is_some_and(|a| a != g) {
            continue;
        }
        for (m, x) in series.range(m0..m1) {
            let e = per_minute.entry(*m).or_default();
            e.requests += x.requests;
            for k in 0..4 {
                e.target[k] += x.target[k];
                e.elb[k] += x.elb[k];
            }
            e.elb_502 += x.elb_502;
            e.elb_503 += x.elb_503;
            e.elb_504 += x.elb_504;
            e.rt_min = if e.rt_count == 0 {
                x.rt_min
            } else if x.rt_count == 0 {
                e.rt_min
            } else {
                e.rt_min.min(x.rt_min)
            };
            e.rt_max = e.rt_max.max(x.rt_max);
            e.rt_count += x.rt_count;
            e.rt_sum += x.rt_sum;
            e.processed_bytes += x.processed_bytes;
        }
    }
    let now_minute_done = |m: u64| (m + 1) * MINUTE <= now;
    let mut out = vec![];
    for (m, x) in per_minute {
        if !now_minute_done(m) {
            continue;
        }
        let t = m * MINUTE;
        let v = match name {
            "RequestCount" => x.requests,
            "HTTPCode_Target_2XX_Count" => x.target[0],
            "HTTPCode_Target_3XX_Count" => x.target[1],
            "HTTPCode_Target_4XX_Count" => x.target[2],
            "HTTPCode_Target_5XX_Count" => x.target[3],
            "HTTPCode_ELB_2XX_Count" => x.elb[0],
            "HTTPCode_ELB_3XX_Count" => x.elb[1],
            "HTTPCode_ELB_4XX_Count" => x.elb[2],
            "HTTPCode_ELB_5XX_Count" => x.elb[3],
            "HTTPCode_ELB_502_Count" => x.elb_502,
            "HTTPCode_ELB_503_Count" => x.elb_503,
            "HTTPCode_ELB_504_Count" => x.elb_504,
            "ProcessedBytes" => x.processed_bytes,
            "TargetResponseTime" => {
                if x.rt_count > 0 {
                    out.push(Sample { t, count: x.rt_count as f64, sum: x.rt_sum, min: x.rt_min, max: x.rt_max, unit, single: x.rt_count == 1 });
                }
                continue;
            }
            "RequestCountPerTarget" => {
                let Some(g) = tg_arn.as_ref() else { continue };
                let healthy = reg.monitoring.health.get(g).and_then(|h| healthy_at(h, t + MINUTE - 1)).map_or(0, |c| c.healthy);
                out.push(Sample::value(t, x.requests as f64 / healthy.max(1) as f64, unit));
                continue;
            }
            _ => continue,
        };
        if v > 0 {
            out.push(Sample::value(t, v as f64, unit));
        }
    }
    out
}
