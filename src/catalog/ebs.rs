//! The EBS facts of an instance type (its `EbsInfo`): how many volumes it can attach and the
//! EBS bandwidth it has, for AttachVolume's limit and the storage performance model.
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EbsLimits {
    /// `MaximumEbsAttachments` (27 on most Nitro types, where it is shared with ENIs and NVMe disks).
    pub max_attachments: u32,
    /// `EbsOptimizedInfo.MaximumIops` / `MaximumThroughputInMBps` (MB = 10^6 bytes), when published.
    pub max_iops: Option<f64>,
    pub max_throughput_mb_s: Option<f64>,
    pub baseline_iops: Option<f64>,
    pub baseline_throughput_mb_s: Option<f64>,
}

pub fn ebs_limits(instance_type: &str) -> Option<EbsLimits> {
    let info = super::info::info().member(instance_type, "EbsInfo")?;
    let opt = info.get("EbsOptimizedInfo");
    let f = |k: &str| opt.and_then(|o| o.get(k)).and_then(Value::as_f64);
    Some(EbsLimits {
        max_attachments: info.get("MaximumEbsAttachments").and_then(Value::as_u64).unwrap_or(28) as u32,
        max_iops: f("MaximumIops"),
        max_throughput_mb_s: f("MaximumThroughputInMBps"),
        baseline_iops: f("BaselineIops"),
        baseline_throughput_mb_s: f("BaselineThroughputInMBps"),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_catalog() {
        let t3 = super::ebs_limits("t3.micro").unwrap();
        assert_eq!(t3.max_attachments, 27);
        assert_eq!(t3.max_iops, Some(11800.0));
        assert_eq!(super::ebs_limits("m3.medium").unwrap().max_iops, None);
        assert!(super::ebs_limits("nope.large").is_none());
    }
}
