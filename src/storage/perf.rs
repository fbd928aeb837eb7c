//! The performance model behind `IoTest` (a fio-like measurement): the time an I/O job takes is
//! bounded by the volume type's IOPS and throughput (§7.2, gp2 burst credits included), the
//! instance's EBS bandwidth (the catalog's `EbsOptimizedInfo`), the queue depth over the
//! device's latency, and lazy loading (the first touch of a block restored from a snapshot
//! fetches it from S3). Instance store is local: no EBS limits, far lower latency.
//!
//! The job is measured, not written: no bytes change (fio's scratch file is removed after).
//! Figures AWS does not publish are seeded guesses, listed in the README durations section:
//! instance-store IOPS/throughput/latency per disk kind, EBS latencies, 20 ms per lazily
//! loaded 512 KiB block.
use super::block::BLOCK_SIZE;
use super::guest::{self, DeviceRef};
use super::types;
use crate::error::ApiError;
use crate::world::World;

const MIB: f64 = 1024.0 * 1024.0;
/// Time to fetch one not-yet-loaded 512 KiB block from S3 (seeded guess: about 25 MiB/s).
pub const LAZY_BLOCK_MS: f64 = 20.0;

#[derive(Debug, Clone, PartialEq)]
pub struct IoRequest {
    /// A device name (`/dev/sdf`, `ephemeral0`) or a path on a mounted file system (`/data`).
    pub target: String,
    pub size_bytes: u64,
    /// `randread`, `randwrite`, `seqread`, `seqwrite`
    pub pattern: String,
    pub block_size: Option<u64>,
    pub queue_depth: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IoReport {
    pub iops: f64,
    pub throughput_mib_s: f64,
    pub latency_ms: f64,
    pub seconds: f64,
    /// What limited the job: `volume-iops`, `volume-throughput`, `instance-ebs-iops`,
    /// `instance-ebs-throughput`, `queue-depth-latency`, `gp2-burst-credits`, `lazy-loading`,
    /// `instance-store`.
    pub bound_by: String,
    pub device_name: String,
    pub volume_id: Option<String>,
    /// The volume type, or `instance-store`.
    pub storage: String,
    pub block_size: u64,
    pub queue_depth: u32,
    /// Blocks fetched from S3 during the job (first touch after a restore).
    pub lazy_loaded_blocks: u64,
    /// gp2 only: the burst balance after the job, in percent.
    pub burst_balance: Option<f64>,
}

struct Caps {
    ops_per_s: f64,
    bound: &'static str,
}

fn min_cap(caps: &[(f64, &'static str)]) -> Caps {
    let (v, b) = caps.iter().copied().fold((f64::INFINITY, ""), |acc, c| if c.0 < acc.0 { c } else { acc });
    Caps { ops_per_s: v, bound: b }
}

fn bad(msg: String, en: &str, ko: &str) -> ApiError {
    ApiError::invalid_parameter_value(msg).hint(en, ko)
}

pub fn io_test(w: &mut World, region: &str, instance_id: &str, req: &IoRequest) -> Result<IoReport, ApiError> {
    guest::check_running(w, region, instance_id)?;
    let random = match req.pattern.as_str() {
        "randread" | "randwrite" => true,
        "seqread" | "seqwrite" => false,
        p => {
            return Err(bad(
                format!("Invalid pattern '{p}'."),
                "Pattern is randread, randwrite, seqread or seqwrite.",
                "Pattern은 randread, randwrite, seqread, seqwrite 중 하나입니다.",
            ))
        }
    };
    let write = req.pattern.ends_with("write");
    let bs = req.block_size.unwrap_or(if random { 4096 } else { 1024 * 1024 });
    if !(512..=16 * 1024 * 1024).contains(&bs) {
        return Err(bad(
            format!("Invalid block size {bs}."),
            "BlockSizeBytes is 512 bytes to 16 MiB (4096 is typical for random I/O).",
            "BlockSizeBytes는 512바이트~16MiB입니다.",
        ));
    }
    let qd = req.queue_depth.unwrap_or(32);
    if !(1..=1024).contains(&qd) {
        return Err(bad(format!("Invalid queue depth {qd}."), "QueueDepth is 1 to 1024 (fio's iodepth).", "QueueDepth는 1~1024입니다."));
    }
    let (dref, device_name) = if req.target.starts_with("/dev/") || req.target.starts_with("ephemeral") || req.target.starts_with("xvd") {
        (guest::resolve_device(w, region, instance_id, &req.target)?, req.target.clone())
    } else {
        let path = super::fs::normalise(&req.target)?;
        let g = w.regions[region].storage.guests.get(instance_id).cloned().unwrap_or_default();
        let (_, dev) = g
            .mounts
            .iter()
            .filter(|(m, _)| m.as_str() == "/" || path == **m || path.starts_with(&format!("{m}/")))
            .max_by_key(|(m, _)| m.len())
            .ok_or_else(|| bad(format!("Nothing is mounted at '{path}'."), "Mount a device at this path first.", "먼저 이 경로에 장치를 마운트하세요."))?;
        (guest::resolve_device(w, region, instance_id, dev)?, dev.clone())
    };
    let now = w.now();
    let s = &w.regions[region].storage;
    let dev_size = match &dref {
        DeviceRef::Ebs(v) => s.volumes[v].data.size_bytes,
        DeviceRef::Local(k) => s.local[instance_id][*k].data.size_bytes,
    };
    if req.size_bytes == 0 || req.size_bytes > dev_size {
        return Err(bad(
            format!("SizeBytes {} is out of range for a device of {dev_size} bytes.", req.size_bytes),
            "The job cannot be bigger than the device (and must move at least one byte).",
            "작업 크기는 장치보다 클 수 없고 1바이트 이상이어야 합니다.",
        ));
    }
    let ops = (req.size_bytes as f64 / bs as f64).ceil();
    let itype = w.regions[region].compute.instances[instance_id].instance_type.clone();
    let mut report = IoReport {
        iops: 0.0,
        throughput_mib_s: 0.0,
        latency_ms: 0.0,
        seconds: 0.0,
        bound_by: String::new(),
        device_name,
        volume_id: None,
        storage: "instance-store".into(),
        block_size: bs,
        queue_depth: qd,
        lazy_loaded_blocks: 0,
        burst_balance: None,
    };
    let seconds = match &dref {
        DeviceRef::Local(k) => {
            let d = &s.local[instance_id][*k];
            // Seeded guesses per disk kind: (read IOPS, write IOPS, MiB/s, latency ms).
            let (r_iops, w_iops, tp, lat) = match (d.kind.as_str(), d.nvme) {
                ("hdd", _) => (250.0, 250.0, 180.0, 8.0),
                (_, true) => (100_000.0, 50_000.0, 1_000.0, 0.1),
                _ => (20_000.0, 10_000.0, 400.0, 0.2),
            };
            let units = if d.kind == "hdd" && random { 1.0_f64.max(bs as f64 / MIB) } else { 1.0 };
            let c = min_cap(&[
                (if write { w_iops } else { r_iops } / units, "instance-store"),
                (tp * MIB / bs as f64, "instance-store"),
                (qd as f64 * 1000.0 / lat, "queue-depth-latency"),
            ]);
            report.bound_by = c.bound.into();
            report.latency_ms = lat;
            ops / c.ops_per_s
        }
        DeviceRef::Ebs(vid) => {
            let v = &s.volumes[vid];
            report.volume_id = Some(vid.clone());
            report.storage = v.volume_type.clone();
            let lim = types::limits(&v.volume_type, v.size_gib, v.iops, v.throughput);
            // SSD volumes count I/O up to 256 KiB as one operation; HDD volumes count 1 MiB
            // units, and a small random I/O costs a whole unit.
            let units = if lim.hdd {
                if random {
                    1.0_f64.max(bs as f64 / MIB)
                } else {
                    bs as f64 / MIB
                }
            } else {
                (bs as f64 / (256.0 * 1024.0)).ceil()
            };
            let inst = crate::catalog::ebs::ebs_limits(&itype);
            let inst_iops = inst.and_then(|l| l.max_iops).unwrap_or(2_000.0);
            let inst_tp = inst.and_then(|l| l.max_throughput_mb_s).map_or(50.0, |mb| mb * 1e6 / MIB);
            let caps = |vol_iops: f64| {
                min_cap(&[
                    (vol_iops / units, "volume-iops"),
                    (lim.throughput_mib_s * MIB / bs as f64, "volume-throughput"),
                    (inst_iops, "instance-ebs-iops"),
                    (inst_tp * MIB / bs as f64, "instance-ebs-throughput"),
                    (qd as f64 * 1000.0 / lim.latency_ms, "queue-depth-latency"),
                ])
            };
            report.latency_ms = lim.latency_ms;
            let c = caps(lim.burst_iops);
            report.bound_by = c.bound.into();
            let mut secs = ops / c.ops_per_s;
            if v.volume_type == "gp2" {
                let elapsed = now.saturating_sub(v.credits_at) as f64 / 1000.0;
                let mut balance = (v.gp2_credits + lim.iops * elapsed).min(types::GP2_CREDITS);
                let used_iops = c.ops_per_s * units;
                if used_iops > lim.iops {
                    let drain = used_iops - lim.iops;
                    let burst_for = balance / drain;
                    if burst_for >= secs {
                        balance -= drain * secs;
                    } else {
                        let done = c.ops_per_s * burst_for;
                        let slow = caps(lim.iops);
                        secs = burst_for + (ops - done) / slow.ops_per_s;
                        balance = 0.0;
                        report.bound_by = "gp2-burst-credits".into();
                    }
                }
                report.burst_balance = Some((balance / types::GP2_CREDITS * 1000.0).round() / 10.0);
                let v = w.regions.get_mut(region).expect("checked").storage.volumes.get_mut(vid).expect("resolved");
                v.gp2_credits = balance;
                v.credits_at = now + (secs * 1000.0) as u64;
            }
            // Lazy loading: blocks of the job's range restored from a snapshot and never touched.
            let v = &w.regions[region].storage.volumes[vid];
            let range = req.size_bytes.div_ceil(BLOCK_SIZE);
            let pending: Vec<u64> = v.unloaded.range(..range).copied().collect();
            let touched = if random {
                let n = range as f64;
                let distinct = n * (1.0 - (1.0 - 1.0 / n).powf(ops));
                ((pending.len() as f64) * distinct / n).ceil() as usize
            } else {
                pending.len()
            };
            let fetched: Vec<u64> = pending.into_iter().take(touched).collect();
            report.lazy_loaded_blocks = fetched.len() as u64;
            let lazy = fetched.len() as f64 * LAZY_BLOCK_MS / 1000.0;
            if lazy > secs {
                report.bound_by = "lazy-loading".into();
            }
            let v = w.regions.get_mut(region).expect("checked").storage.volumes.get_mut(vid).expect("resolved");
            for b in fetched {
                v.unloaded.remove(&b);
            }
            secs + lazy
        }
    };
    let seconds = seconds.max(0.001);
    report.seconds = (seconds * 1000.0).round() / 1000.0;
    report.iops = (ops / seconds).round();
    report.throughput_mib_s = ((req.size_bytes as f64 / MIB / seconds) * 100.0).round() / 100.0;
    report.latency_ms = ((report.latency_ms.max(qd as f64 * 1000.0 / (ops / seconds))) * 1000.0).round() / 1000.0;
    let until = now + (seconds * 1000.0).ceil() as u64;
    // The job's operations show in CloudWatch (EBS* or Disk*), spread over the time it took.
    crate::monitoring::on_io(w, region, instance_id, matches!(dref, DeviceRef::Local(_)), write, ops, req.size_bytes as f64, now, until);
    w.advance_to(until);
    Ok(report)
}
