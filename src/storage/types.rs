//! The EBS volume types and their limits (aws-facts §7.2: current BC:ec2/CreateVolume values;
//! the gp3 ratios are the 2023 user-guide values).
use crate::error::ApiError;

pub const TYPES: &[&str] = &["standard", "io1", "io2", "gp2", "sc1", "st1", "gp3"];

/// Size bounds in GiB (BC:ec2/CreateVolume Size).
pub fn size_bounds(volume_type: &str) -> Option<(u32, u32)> {
    Some(match volume_type {
        "gp2" => (1, 16_384),
        "gp3" => (1, 65_536),
        "io1" => (4, 16_384),
        "io2" => (4, 65_536),
        "standard" => (1, 1_024),
        "st1" | "sc1" => (125, 16_384),
        _ => return None,
    })
}

pub fn check_type(volume_type: &str) -> Result<(u32, u32), ApiError> {
    size_bounds(volume_type).ok_or_else(|| {
        ApiError::invalid_parameter_value(format!(
            "Value ({volume_type}) for parameter volumeType is invalid. Valid values are: standard, io1, io2, gp2, sc1, st1, gp3."
        ))
        .hint("EBS volume types are gp3, gp2, io1, io2, st1, sc1 and standard.", "EBS 볼륨 유형은 gp3, gp2, io1, io2, st1, sc1, standard입니다.")
    })
}

/// gp2's baseline: 3 IOPS per GiB, at least 100, at most 16,000.
pub fn gp2_baseline(size_gib: u32) -> u32 {
    (3 * size_gib).clamp(100, 16_000)
}

/// The provisioned settings of a volume once defaults are applied: (iops, throughput) as AWS
/// reports them (gp2 reports its baseline IOPS; st1/sc1/standard report none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub size_gib: u32,
    pub iops: Option<u32>,
    pub throughput: Option<u32>,
}

/// Checks size, IOPS and throughput for a type and fills in the defaults (§7.2).
pub fn check_settings(volume_type: &str, size_gib: u32, iops: Option<i64>, throughput: Option<i64>) -> Result<Settings, ApiError> {
    let (lo, hi) = check_type(volume_type)?;
    if size_gib < lo {
        return Err(ApiError::invalid_parameter_value(format!("Volume of {size_gib}GiB is too small; minimum is {lo}GiB."))
            .hint(format!("{volume_type} volumes are {lo} to {hi} GiB."), format!("{volume_type} 볼륨은 {lo}~{hi} GiB입니다.")));
    }
    if size_gib > hi {
        return Err(ApiError::invalid_parameter_value(format!("Volume of {size_gib}GiB is too large; maximum is {hi}GiB."))
            .hint(format!("{volume_type} volumes are {lo} to {hi} GiB."), format!("{volume_type} 볼륨은 {lo}~{hi} GiB입니다.")));
    }
    let iops = match (volume_type, iops) {
        ("io1" | "io2", None) => {
            return Err(ApiError::missing_parameter("The request must contain the parameter iops")
                .hint("Provisioned IOPS volumes (io1, io2) need Iops: the I/O rate you pay for.", "프로비저닝된 IOPS 볼륨(io1, io2)에는 Iops가 필요합니다."))
        }
        ("gp2" | "st1" | "sc1" | "standard", Some(_)) => {
            return Err(ApiError::invalid_parameter_combination(format!("The parameter iops is not supported for {volume_type} volumes.")).hint(
                "Only gp3, io1 and io2 take Iops; gp2 scales with size (3 IOPS per GiB), st1/sc1/standard have fixed limits.",
                "Iops는 gp3, io1, io2에만 줄 수 있습니다. gp2는 크기에 비례합니다(GiB당 3 IOPS).",
            ))
        }
        ("gp3", i) => Some(i.unwrap_or(3000)),
        ("io1" | "io2", Some(i)) => Some(i),
        ("gp2", None) => Some(gp2_baseline(size_gib) as i64),
        _ => None,
    };
    if let Some(i) = iops {
        let (min, max, ratio) = match volume_type {
            "gp3" => (3000, 80_000, 500),
            "io1" => (100, 64_000, 50),
            "io2" => (100, 256_000, 500),
            _ => (0, i64::MAX, i64::MAX),
        };
        if i < min {
            return Err(ApiError::invalid_parameter_value(format!("Volume iops of {i} is too low; minimum is {min}."))
                .hint(format!("{volume_type} takes {min} to {max} IOPS."), format!("{volume_type}의 IOPS는 {min}~{max}입니다.")));
        }
        if i > max {
            return Err(ApiError::invalid_parameter_value(format!("Volume iops of {i} is too high; maximum is {max}."))
                .hint(format!("{volume_type} takes {min} to {max} IOPS."), format!("{volume_type}의 IOPS는 {min}~{max}입니다.")));
        }
        if ratio != i64::MAX && i > ratio * size_gib as i64 && !(volume_type == "gp3" && i == 3000) {
            return Err(ApiError::invalid_parameter_value(format!(
                "Iops to volume size ratio of {:.6} is too high; maximum is {ratio}.000000",
                i as f64 / size_gib as f64
            ))
            .hint(
                format!("{volume_type} allows at most {ratio} IOPS per GiB: make the volume bigger or ask for fewer IOPS."),
                format!("{volume_type}는 GiB당 최대 {ratio} IOPS입니다. 볼륨을 키우거나 IOPS를 줄이세요."),
            ));
        }
    }
    let throughput = match (volume_type, throughput) {
        ("gp3", t) => {
            let t = t.unwrap_or(125);
            if !(125..=2000).contains(&t) {
                return Err(ApiError::invalid_parameter_value(format!("Throughput of {t} MiB/s is out of range; gp3 takes 125 to 2000 MiB/s."))
                    .hint("gp3 throughput is 125 (included) to 2,000 MiB/s.", "gp3 처리량은 125(기본 포함)~2,000 MiB/s입니다."));
            }
            let iops = iops.unwrap_or(3000);
            if t > 125 && t * 4 > iops {
                return Err(ApiError::invalid_parameter_value(format!(
                    "Throughput ({t} MiB/s) to iops ({iops}) ratio is too high; maximum is 0.25 MiB/s per iops."
                ))
                .hint(
                    "gp3 allows at most 0.25 MiB/s of throughput per provisioned IOPS: raise Iops too.",
                    "gp3는 IOPS당 최대 0.25 MiB/s입니다. Iops도 함께 올리세요.",
                ));
            }
            Some(t)
        }
        (_, Some(_)) => {
            return Err(ApiError::invalid_parameter_combination(format!("The parameter throughput is not supported for {volume_type} volumes."))
                .hint("Only gp3 volumes take Throughput.", "Throughput은 gp3 볼륨에만 줄 수 있습니다."))
        }
        _ => None,
    };
    Ok(Settings { size_gib, iops: iops.map(|i| i as u32), throughput: throughput.map(|t| t as u32) })
}

/// What a volume can do: the limits the performance model applies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Sustained IOPS (gp2: its baseline).
    pub iops: f64,
    /// gp2: the burst ceiling while credits last (3,000); others: same as `iops`.
    pub burst_iops: f64,
    pub throughput_mib_s: f64,
    /// Latency of one I/O at low load (UG: "single-digit millisecond" for SSD volumes,
    /// "sub-millisecond" for io2 Block Express; HDD tens of ms). Seeded guesses inside those words.
    pub latency_ms: f64,
    /// HDD volumes count I/O in 1 MiB units (small random I/O costs a whole unit).
    pub hdd: bool,
}

pub fn limits(volume_type: &str, size_gib: u32, iops: Option<u32>, throughput: Option<u32>) -> Limits {
    let tib = size_gib as f64 / 1024.0;
    let io = |i: Option<u32>| i.unwrap_or(100) as f64;
    match volume_type {
        "gp2" => {
            let base = gp2_baseline(size_gib) as f64;
            let tp = if size_gib >= 334 { 250.0 } else { 128.0 };
            Limits { iops: base, burst_iops: base.max(3000.0), throughput_mib_s: tp, latency_ms: 1.0, hdd: false }
        }
        "gp3" => Limits { iops: io(iops), burst_iops: io(iops), throughput_mib_s: throughput.unwrap_or(125) as f64, latency_ms: 1.0, hdd: false },
        "io1" => Limits { iops: io(iops), burst_iops: io(iops), throughput_mib_s: (io(iops) / 4.0).min(1000.0), latency_ms: 0.5, hdd: false },
        "io2" => Limits { iops: io(iops), burst_iops: io(iops), throughput_mib_s: (io(iops) / 4.0).min(4000.0), latency_ms: 0.25, hdd: false },
        // HDD: the burst throughput per TiB up to the cap (the baseline bucket is not modelled).
        "st1" => Limits { iops: 500.0, burst_iops: 500.0, throughput_mib_s: (250.0 * tib).min(500.0), latency_ms: 10.0, hdd: true },
        "sc1" => Limits { iops: 250.0, burst_iops: 250.0, throughput_mib_s: (80.0 * tib).min(250.0), latency_ms: 15.0, hdd: true },
        _ => Limits { iops: 100.0, burst_iops: 400.0, throughput_mib_s: 90.0, latency_ms: 8.0, hdd: true },
    }
}

/// gp2's credit bucket: 5.4 million I/O credits, also the starting balance (§7.2).
pub const GP2_CREDITS: f64 = 5_400_000.0;

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn defaults_and_ranges() {
        let s = check_settings("gp3", 8, None, None).unwrap();
        assert_eq!((s.iops, s.throughput), (Some(3000), Some(125)));
        assert_eq!(check_settings("gp2", 100, None, None).unwrap().iops, Some(300));
        assert_eq!(check_settings("gp2", 10, None, None).unwrap().iops, Some(100));
        assert_eq!(check_settings("io1", 10, Some(600), None).unwrap_err().message, "Iops to volume size ratio of 60.000000 is too high; maximum is 50.000000");
        assert_eq!(check_settings("io1", 10, None, None).unwrap_err().code, "MissingParameter");
        assert_eq!(check_settings("st1", 100, None, None).unwrap_err().code, "InvalidParameterValue");
        assert_eq!(check_settings("gp2", 10, Some(300), None).unwrap_err().code, "InvalidParameterCombination");
        assert!(check_settings("gp9", 10, None, None).is_err());
        assert_eq!(limits("gp2", 100, None, None).iops, 300.0);
        assert_eq!(limits("gp2", 100, None, None).burst_iops, 3000.0);
    }
}
