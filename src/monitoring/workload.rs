//! The load on instances, as piecewise-constant segments over virtual time: what `SetLoad`
//! sets explicitly, plus the requests the load balancer routed to them (counted per minute).
//! Nothing is sampled here: `ec2_metrics` derives metrics from this when asked.
use crate::elb::routing::Routed;
use crate::sim::Millis;
use crate::world::World;
use std::collections::BTreeMap;
use std::sync::Arc;

pub const MINUTE: Millis = 60_000;

/// CPU work of one request served, in vCPU-milliseconds: a plausible fixed cost for a small web
/// handler (AWS publishes nothing like it; chosen so that tens of requests per second show on a
/// t3.micro). Network bytes per request are the response body plus ~300 bytes of headers.
pub const CPU_MS_PER_REQUEST: f64 = 20.0;
pub const HEADER_BYTES: u64 = 300;

/// Explicit load from `SetLoad`: CPU in percent of the whole instance (0–100), network in bytes per second.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Load {
    pub cpu: f64,
    pub network_in: f64,
    pub network_out: f64,
}

/// Requests served by an instance in one minute.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Served {
    pub requests: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
}

/// Block I/O in one minute, as the guest did it (WriteFile, ReadFile, IoTest): EBS volumes and
/// instance-store disks apart, as CloudWatch reports them (EBS* and Disk*).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Io {
    pub ebs_read_ops: f64,
    pub ebs_write_ops: f64,
    pub ebs_read_bytes: f64,
    pub ebs_write_bytes: f64,
    pub disk_read_ops: f64,
    pub disk_write_ops: f64,
    pub disk_read_bytes: f64,
    pub disk_write_bytes: f64,
}

impl Io {
    pub fn add(&mut self, o: &Io) {
        self.ebs_read_ops += o.ebs_read_ops;
        self.ebs_write_ops += o.ebs_write_ops;
        self.ebs_read_bytes += o.ebs_read_bytes;
        self.ebs_write_bytes += o.ebs_write_bytes;
        self.disk_read_ops += o.disk_read_ops;
        self.disk_write_ops += o.disk_write_ops;
        self.disk_read_bytes += o.disk_read_bytes;
        self.disk_write_bytes += o.disk_write_bytes;
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct InstanceWork {
    /// `(from, load)`, sorted; each holds until the next.
    pub segments: Vec<(Millis, Load)>,
    /// Minute index (`t / 60 000`) → what was served in it.
    pub served: BTreeMap<u64, Served>,
    /// `(from, unlimited)`: credit-mode changes (empty = the instance's launch mode throughout).
    pub modes: Vec<(Millis, bool)>,
    /// `(from, detailed)`: monitoring changes (empty = the launch setting throughout).
    pub monitoring: Vec<(Millis, bool)>,
    /// Minute index → the block I/O done in it.
    pub io: BTreeMap<u64, Io>,
}

impl InstanceWork {
    /// The explicit load in force at `t`.
    pub fn load_at(&self, t: Millis) -> Load {
        let i = self.segments.partition_point(|(from, _)| *from <= t);
        if i == 0 {
            Load::default()
        } else {
            self.segments[i - 1].1
        }
    }
    /// Time-weighted average explicit load over `[a, b)` (b > a).
    pub fn load_avg(&self, a: Millis, b: Millis) -> Load {
        let mut i = self.segments.partition_point(|(from, _)| *from <= a);
        let mut cur = if i == 0 { Load::default() } else { self.segments[i - 1].1 };
        let mut t = a;
        let mut acc = Load::default();
        while t < b {
            let next = self.segments.get(i).map_or(b, |(f, _)| (*f).min(b));
            let d = (next - t) as f64;
            acc.cpu += cur.cpu * d;
            acc.network_in += cur.network_in * d;
            acc.network_out += cur.network_out * d;
            t = next;
            if let Some((_, l)) = self.segments.get(i) {
                if t < b {
                    cur = *l;
                }
            }
            i += 1;
        }
        let span = (b - a) as f64;
        Load { cpu: acc.cpu / span, network_in: acc.network_in / span, network_out: acc.network_out / span }
    }
    /// The mode (unlimited?) in force at `t`, given the launch default.
    pub fn unlimited_at(&self, t: Millis, default: bool) -> bool {
        value_at(&self.modes, t, default)
    }
    pub fn detailed_at(&self, t: Millis, default: bool) -> bool {
        value_at(&self.monitoring, t, default)
    }
}

fn value_at(changes: &[(Millis, bool)], t: Millis, default: bool) -> bool {
    let i = changes.partition_point(|(from, _)| *from <= t);
    if i == 0 {
        changes.first().map_or(default, |_| default)
    } else {
        changes[i - 1].1
    }
}

/// Sets the explicit load of an instance from now on (the `SetLoad` operation's rule; checks are the caller's).
pub fn set_load(w: &mut World, region: &str, instance_id: &str, load: Load) {
    let now = w.now();
    let Ok(reg) = w.region_mut(region) else { return };
    let work = Arc::make_mut(reg.monitoring.work.entry(instance_id.to_string()).or_default());
    // A later call at the same instant replaces the earlier one.
    work.segments.retain(|(from, _)| *from < now);
    work.segments.push((now, load));
}

/// Records a change of credit mode (`unlimited`) at now, keeping the launch mode as the first entry.
pub fn record_mode(w: &mut World, region: &str, instance_id: &str, launch: Millis, was: bool, unlimited: bool) {
    let now = w.now();
    let Ok(reg) = w.region_mut(region) else { return };
    let work = Arc::make_mut(reg.monitoring.work.entry(instance_id.to_string()).or_default());
    if work.modes.is_empty() {
        work.modes.push((launch, was));
    }
    work.modes.retain(|(from, _)| *from < now || *from == launch);
    work.modes.push((now, unlimited));
}

/// Records a change of monitoring (detailed?) at now.
pub fn record_monitoring(w: &mut World, region: &str, instance_id: &str, launch: Millis, was: bool, detailed: bool) {
    let now = w.now();
    let Ok(reg) = w.region_mut(region) else { return };
    let work = Arc::make_mut(reg.monitoring.work.entry(instance_id.to_string()).or_default());
    if work.monitoring.is_empty() {
        work.monitoring.push((launch, was));
    }
    work.monitoring.retain(|(from, _)| *from < now || *from == launch);
    work.monitoring.push((now, detailed));
}

/// The load balancer's hook: one routed request (called once per request by `elb::routing`).
/// Counts it for the serving instance (CPU and network of that minute) and for the
/// load balancer's own metrics. Cheap: two map updates.
pub fn on_request(w: &mut World, region: &str, lb_arn: &str, r: &Routed) {
    let now = w.now();
    let Ok(reg) = w.region_mut(region) else { return };
    let minute = now / MINUTE;
    if let Some(key) = &r.target {
        if key.id.starts_with("i-") {
            let work = Arc::make_mut(reg.monitoring.work.entry(key.id.clone()).or_default());
            let s = work.served.entry(minute).or_default();
            s.requests += 1;
            s.bytes_in += HEADER_BYTES;
            s.bytes_out += HEADER_BYTES + r.response.body.len() as u64;
        }
    }
    super::elb_metrics::record(&mut reg.monitoring, lb_arn, r, minute);
}

/// The health checker's hook: after a round of a target group, remember its counts (healthy,
/// unhealthy, as DescribeTargetHealth shows them; the round knows them) if they changed.
pub fn on_health_round(w: &mut World, region: &str, tg_arn: &str, healthy: u32, unhealthy: u32) {
    let c = super::elb_metrics::HealthCount { at: w.now(), healthy, unhealthy };
    let Ok(reg) = w.region_mut(region) else { return };
    let v = reg.monitoring.health.entry(tg_arn.to_string()).or_default();
    if v.last().is_some_and(|l| l.same_counts(&c)) {
        return;
    }
    Arc::make_mut(v).push(c);
}

/// The storage model's hook: block I/O an instance did over `[from, until)` (an instant's
/// WriteFile/ReadFile has `until == from`), spread over the minutes it spans in proportion.
/// `local`: an instance-store disk (Disk* metrics) rather than an EBS volume (EBS* metrics).
#[allow(clippy::too_many_arguments)]
pub fn on_io(w: &mut World, region: &str, instance_id: &str, local: bool, write: bool, ops: f64, bytes: f64, from: Millis, until: Millis) {
    let Ok(reg) = w.region_mut(region) else { return };
    let work = Arc::make_mut(reg.monitoring.work.entry(instance_id.to_string()).or_default());
    let span = until.saturating_sub(from);
    let mut t = from;
    loop {
        let minute = t / MINUTE;
        let end = ((minute + 1) * MINUTE).min(until);
        let share = if span == 0 { 1.0 } else { (end - t) as f64 / span as f64 };
        let io = work.io.entry(minute).or_default();
        let (o, b) = (ops * share, bytes * share);
        match (local, write) {
            (false, false) => (io.ebs_read_ops += o, io.ebs_read_bytes += b),
            (false, true) => (io.ebs_write_ops += o, io.ebs_write_bytes += b),
            (true, false) => (io.disk_read_ops += o, io.disk_read_bytes += b),
            (true, true) => (io.disk_write_ops += o, io.disk_write_bytes += b),
        };
        if end >= until {
            break;
        }
        t = end;
    }
}
