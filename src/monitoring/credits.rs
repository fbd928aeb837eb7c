//! The per-minute walk of one instance: CPU delivered, network, and for burstable (T) types the
//! CPU credit account (aws-facts §10): credits earned continuously, spent at 1 credit per vCPU
//! at 100 % for a minute, capped at 24 h of earnings; T2 standard gets 30 launch credits per
//! vCPU at each launch/start (spent first, outside the cap); standard mode is throttled to
//! baseline once out of credits; unlimited mode borrows surplus credits, repaid from later
//! earnings and charged when they exceed 24 h of earnings, when the instance stops or
//! terminates, or when it switches to standard. T2 loses its credits on stop; T3/T3a/T4g keep
//! them for 7 days.
//!
//! The walk runs minute by minute from launch; hourly checkpoints of the account (for minutes
//! already in the past, which can no longer change) are cached so that repeated queries (alarms
//! every minute) only walk the last hour.
use super::workload::{InstanceWork, MINUTE};
use crate::compute::Instance;
use crate::sim::Millis;
use std::sync::{Arc, Mutex};

/// Credits earned per hour and vCPUs of a burstable type (UG:burstable-credits-baseline-concepts).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CreditSpec {
    pub earn_per_hour: f64,
    pub vcpus: f64,
    /// T2 (loses credits on stop, gets launch credits) rather than T3/T3a/T4g.
    pub t2: bool,
}

impl CreditSpec {
    /// The maximum accrued balance: 24 hours of earnings.
    pub fn cap(&self) -> f64 {
        self.earn_per_hour * 24.0
    }
    /// Baseline as a percentage of the whole instance (what CPUUtilization shows when throttled).
    pub fn baseline_pct(&self) -> f64 {
        self.earn_per_hour / 60.0 / self.vcpus * 100.0
    }
    pub fn launch_credits(&self) -> f64 {
        30.0 * self.vcpus
    }
}

/// The credit table of the burstable families (UG:burstable-credits-baseline-concepts).
pub fn spec(instance_type: &str) -> Option<CreditSpec> {
    let (family, size) = instance_type.split_once('.')?;
    let t2 = family == "t2";
    let (earn, vcpus) = match (t2, size) {
        (true, "nano") => (3.0, 1.0),
        (true, "micro") => (6.0, 1.0),
        (true, "small") => (12.0, 1.0),
        (true, "medium") => (24.0, 2.0),
        (true, "large") => (36.0, 2.0),
        (true, "xlarge") => (54.0, 4.0),
        (true, "2xlarge") => (81.6, 8.0),
        (false, "nano") => (6.0, 2.0),
        (false, "micro") => (12.0, 2.0),
        (false, "small") => (24.0, 2.0),
        (false, "medium") => (24.0, 2.0),
        (false, "large") => (36.0, 2.0),
        (false, "xlarge") => (96.0, 4.0),
        (false, "2xlarge") => (192.0, 8.0),
        _ => return None,
    };
    matches!(family, "t2" | "t3" | "t3a" | "t4g").then_some(CreditSpec { earn_per_hour: earn, vcpus, t2 })
}

/// The launch default of the credit mode: T2 standard, T3/T3a/T4g unlimited (aws-facts §10).
pub fn default_unlimited(instance_type: &str) -> bool {
    !instance_type.starts_with("t2.")
}

/// The account between minutes.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CreditState {
    pub balance: f64,
    pub launch: f64,
    pub surplus: f64,
    /// Whether the previous minute ended running, when it last stopped, and in which mode.
    pub running: bool,
    pub stopped_at: Option<Millis>,
    pub unlimited: bool,
}

/// What one minute looked like (only minutes with some running time are reported).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Minute {
    pub t: Millis,
    pub running_ms: u64,
    /// CPU delivered, % of the instance averaged over its running time in the minute.
    pub cpu: f64,
    pub net_in: f64,
    pub net_out: f64,
    /// Credits spent in the minute; balance (incl. launch credits) and surplus at its end; surplus charged in it.
    pub usage: f64,
    pub balance: f64,
    pub surplus: f64,
    pub charged: f64,
}

/// Hourly checkpoints per instance (state at the start of the minute), for minutes already past.
/// Not part of the world's identity: a clone starts with an empty cache and `Debug` shows nothing.
#[derive(Default)]
pub struct CreditCache(Arc<Mutex<std::collections::HashMap<String, Checkpoints>>>);

/// States at the start of hourly minutes, plus the latest one a walk reached (the frontier), so
/// that a read of the next minutes walks only those.
#[derive(Default)]
struct Checkpoints {
    hourly: Vec<(Millis, CreditState)>,
    /// The last hour's 5-minute boundaries: 5-minute samples start there, so the reads of the
    /// newest minutes start there too.
    recent: Vec<(Millis, CreditState)>,
    frontier: Option<(Millis, CreditState)>,
}

const FIVE_MINUTES: Millis = 300_000;
const RECENT: usize = 12;

impl Clone for CreditCache {
    fn clone(&self) -> Self {
        CreditCache::default()
    }
}

impl std::fmt::Debug for CreditCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("_")
    }
}

/// Walks an instance's minutes whose start is in `[start, end)` and that are complete at `now`,
/// calling `visit` for those with running time.
pub fn walk(i: &Instance, work: Option<&InstanceWork>, cache: Option<&CreditCache>, now: Millis, start: Millis, end: Millis, visit: &mut dyn FnMut(&Minute)) {
    let empty = InstanceWork::default();
    let work = work.unwrap_or(&empty);
    let Some(first) = i.run_periods.first().map(|p| p.0) else { return };
    let last_end = i.run_periods.last().map_or(now, |p| p.1.unwrap_or(now)).min(now);
    let end = end.min(last_end + MINUTE).min(now);
    let start_m = start / MINUTE * MINUTE;
    let credit = spec(&i.instance_type);
    // Where the walk begins: the window itself for types without credits; otherwise the latest
    // cached checkpoint at or before the window, else the first launch.
    let mut t = (first / MINUTE * MINUTE).max(if credit.is_none() { start_m } else { 0 });
    let launch_unlimited = i.credit_specification.as_deref().map_or_else(|| default_unlimited(&i.instance_type), |m| m == "unlimited");
    let mut st = CreditState { unlimited: work.unlimited_at(first, launch_unlimited), ..Default::default() };
    if credit.is_some() && t < start_m {
        if let Some(c) = cache {
            let map = c.0.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(cps) = map.get(&i.id) {
                let k = cps.hourly.partition_point(|(at, _)| *at <= start_m);
                let mut best = (k > 0).then(|| cps.hourly[k - 1]);
                let r = cps.recent.partition_point(|(at, _)| *at <= start_m);
                if let Some(f) = (r > 0).then(|| cps.recent[r - 1]).filter(|f| best.is_none_or(|b| f.0 > b.0)) {
                    best = Some(f);
                }
                if let Some(f) = cps.frontier.filter(|f| f.0 <= start_m && best.is_none_or(|b| f.0 > b.0)) {
                    best = Some(f);
                }
                if let Some(b) = best.filter(|b| b.0 >= t) {
                    (t, st) = b;
                }
            }
        }
    }
    let mut new_cps: Vec<(Millis, CreditState)> = vec![];
    let mut p = i.run_periods.partition_point(|(_, b)| b.is_some_and(|b| b < t));
    while t + MINUTE <= end {
        let m_end = t + MINUTE;
        if credit.is_some() && t.is_multiple_of(FIVE_MINUTES) && t <= now {
            new_cps.push((t, st));
        }
        // Running time in the minute, with starts and stops inside it.
        let mut running_ms = 0u64;
        let mut started = false;
        let mut stopped = false;
        let mut load = super::workload::Load::default();
        let mut q = p;
        while let Some(&(a, b)) = i.run_periods.get(q) {
            if a >= m_end {
                break;
            }
            let be = b.unwrap_or(now);
            let (lo, hi) = (a.max(t), be.min(m_end));
            if hi > lo {
                let l = work.load_avg(lo, hi);
                let d = (hi - lo) as f64;
                load.cpu += l.cpu * d;
                load.network_in += l.network_in * d / 1000.0;
                load.network_out += l.network_out * d / 1000.0;
                running_ms += hi - lo;
            }
            if a >= t {
                started = true;
            }
            // A stop at instant b takes effect in the minute containing b (a stop exactly at a
            // minute's end belongs to the next minute, so a finished minute never changes).
            match b {
                Some(b) if b < m_end => {
                    stopped |= b >= t;
                    q += 1;
                }
                _ => break,
            }
        }
        p = q.min(i.run_periods.len());
        let unlimited = work.unlimited_at(t, launch_unlimited);
        let mut rec = Minute { t, running_ms, ..Default::default() };
        if let Some(c) = credit {
            if st.unlimited && !unlimited && st.surplus > 0.0 {
                rec.charged += st.surplus;
                st.surplus = 0.0;
            }
            st.unlimited = unlimited;
            if started && !st.running {
                if let Some(at) = st.stopped_at {
                    if c.t2 || t.saturating_sub(at) > 7 * 24 * 3_600_000 {
                        st.balance = 0.0;
                    }
                }
                if c.t2 && !unlimited {
                    st.launch += c.launch_credits();
                }
            }
        }
        if running_ms > 0 {
            let f = running_ms as f64 / MINUTE as f64;
            let served = work.served.get(&(t / MINUTE)).copied().unwrap_or_default();
            let vcpus = credit.map_or_else(|| crate::catalog::instance_type(&i.instance_type).map_or(1.0, |x| x.vcpus as f64), |c| c.vcpus);
            let req_cpu = served.requests as f64 * super::workload::CPU_MS_PER_REQUEST / (running_ms as f64 * vcpus) * 100.0;
            let demand = (load.cpu / running_ms as f64 + req_cpu).clamp(0.0, 100.0);
            rec.net_in = load.network_in + served.bytes_in as f64;
            rec.net_out = load.network_out + served.bytes_out as f64;
            rec.cpu = demand;
            if let Some(c) = credit {
                let earned = c.earn_per_hour / 60.0 * f;
                let needed = c.vcpus * demand / 100.0 * f;
                if unlimited {
                    rec.usage = needed;
                    let mut net = earned - needed;
                    if net >= 0.0 {
                        let repay = net.min(st.surplus);
                        st.surplus -= repay;
                        net -= repay;
                        st.balance = (st.balance + net).min(c.cap());
                    } else {
                        let from_launch = (-net).min(st.launch);
                        st.launch -= from_launch;
                        net += from_launch;
                        let from_balance = (-net).min(st.balance);
                        st.balance -= from_balance;
                        net += from_balance;
                        st.surplus += -net;
                        if st.surplus > c.cap() {
                            rec.charged += st.surplus - c.cap();
                            st.surplus = c.cap();
                        }
                    }
                } else {
                    // Standard: launch credits first, then the accrued balance plus what this minute earns.
                    let available = st.launch + st.balance + earned;
                    let usage = needed.min(available);
                    rec.usage = usage;
                    rec.cpu = usage / (c.vcpus * f) * 100.0;
                    let from_launch = usage.min(st.launch);
                    st.launch -= from_launch;
                    st.balance = (st.balance + earned - (usage - from_launch)).clamp(0.0, c.cap());
                }
            }
            st.running = true;
        }
        if let Some(c) = credit {
            if stopped {
                st.running = false;
                st.stopped_at = Some(t + running_ms);
                if st.surplus > 0.0 {
                    rec.charged += st.surplus;
                    st.surplus = 0.0;
                }
                if c.t2 {
                    st.balance = 0.0;
                    st.launch = 0.0;
                }
            }
            rec.balance = st.balance + st.launch;
            rec.surplus = st.surplus;
        } else if stopped {
            st.running = false;
        }
        // Minutes with running time, and the minute of a stop that charged surplus credits.
        if (running_ms > 0 || rec.charged > 0.0) && t >= start_m {
            visit(&rec);
        }
        t = m_end;
    }
    if let (Some(c), Some(_)) = (cache, credit) {
        let mut map = c.0.lock().unwrap_or_else(|e| e.into_inner());
        let v = match map.get_mut(&i.id) {
            Some(v) => v,
            None => map.entry(i.id.clone()).or_default(),
        };
        for cp in new_cps {
            if cp.0.is_multiple_of(3_600_000) && v.hourly.last().is_none_or(|l| l.0 < cp.0) {
                v.hourly.push(cp);
            }
            if v.recent.last().is_none_or(|l| l.0 < cp.0) {
                v.recent.push(cp);
                if v.recent.len() > RECENT {
                    v.recent.remove(0);
                }
            }
        }
        // Every minute before `t` has ended (t ≤ now): the state at `t` is final.
        if t <= now && v.frontier.is_none_or(|f| f.0 < t) {
            v.frontier = Some((t, st));
        }
    }
}

/// Surplus credits charged to an instance in `[start, end)` (unlimited mode), in vCPU-hours... no:
/// in credits (1 credit = 1 vCPU-minute). Billing prices them per vCPU-hour (credits / 60).
/// This is `CPUSurplusCreditsCharged` summed; the billing domain calls it for the bill.
pub fn surplus_credits_charged(w: &crate::world::World, region: &str, instance_id: &str, start: Millis, end: Millis) -> f64 {
    let Ok(reg) = w.region(region) else { return 0.0 };
    let Some(i) = reg.compute.instances.get(instance_id) else { return 0.0 };
    let mut total = 0.0;
    walk(i, reg.monitoring.work.get(instance_id).map(|a| &**a), Some(&reg.monitoring.credit_cache), w.now(), start, end, &mut |m| total += m.charged);
    total
}
