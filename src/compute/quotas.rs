//! The On-Demand vCPU quotas: a launch that would exceed them is refused (`VcpuLimitExceeded`).
use super::{Instance, InstanceState};

/// The quota bucket of a type, from its family letters (Service Quotas names
/// "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", "... G and VT", ...).
pub fn bucket(instance_type: &str) -> &'static str {
    let family: String = instance_type.chars().take_while(|c| c.is_ascii_lowercase()).collect();
    match family.as_str() {
        "g" | "vt" => "G and VT",
        "p" => "P",
        "f" => "F",
        "inf" => "Inf",
        "trn" => "Trn",
        "dl" => "DL",
        "x" => "X",
        "u" => "High Memory",
        "mac" => "Mac",
        _ => "Standard (A, C, D, H, I, M, R, T, Z)",
    }
}

/// Default quota in vCPUs per bucket. AWS sets these per account; these are the values an
/// established account typically has (an assumption: new accounts often have far less).
pub fn limit(bucket: &str) -> u32 {
    match bucket {
        "Standard (A, C, D, H, I, M, R, T, Z)" => 1152,
        "High Memory" | "Mac" => 0,
        _ => 128,
    }
}

/// vCPUs counted against the quota: instances that are pending, running or stopping.
pub fn in_use<'a>(instances: impl Iterator<Item = &'a Instance>, bucket_name: &str) -> u32 {
    instances
        .filter(|i| matches!(i.state, InstanceState::Pending | InstanceState::Running | InstanceState::Stopping))
        .filter(|i| bucket(&i.instance_type) == bucket_name)
        .map(|i| i.cpu_cores * i.threads_per_core)
        .sum()
}

#[cfg(test)]
mod tests {
    #[test]
    fn buckets() {
        assert_eq!(super::bucket("t2.micro"), super::bucket("m5.large"));
        assert_eq!(super::bucket("g5.xlarge"), "G and VT");
        assert_eq!(super::bucket("u-6tb1.metal"), "High Memory");
    }
}
