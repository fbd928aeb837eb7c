//! The instance type catalog: every EC2 instance type with its hardware facts, and which types
//! each region and AZ offers. Generated data (see `scripts/gen_instance_types.py`), parsed
//! lazily on first use, never at World creation.
mod data;
pub mod ebs;
pub mod explain;
mod info;
pub mod name;
mod offerings;

pub use offerings::{region_offerings, RegionOfferings};

use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct InstanceStoreDisk {
    pub count: u32,
    pub size_gb: u64,
    /// `ssd` or `hdd`
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InstanceType {
    pub name: String,
    pub current_generation: bool,
    /// The classic 12-month free tier: t2.micro only (see the generator's docstring).
    pub free_tier_eligible: bool,
    pub vcpus: u32,
    pub memory_mib: u64,
    /// `i386`, `x86_64`, `arm64`, `x86_64_mac`, `arm64_mac`
    pub architectures: Vec<String>,
    pub burstable: bool,
    pub bare_metal: bool,
    /// `nitro` or `xen`; none for bare metal
    pub hypervisor: Option<String>,
    pub instance_store: Vec<InstanceStoreDisk>,
    /// Whether the instance store disks are NVMe devices.
    pub instance_store_nvme: bool,
    pub hibernation_supported: bool,
    /// `ebs`, `instance-store`
    pub root_device_types: Vec<String>,
    /// `hvm`, `paravirtual`
    pub virtualization_types: Vec<String>,
    pub network_performance: String,
    /// `Intel`, `AMD`, `AWS`, `Apple` ...
    pub processor_manufacturer: Option<String>,
    /// `VCpuInfo.DefaultCores` / `DefaultThreadsPerCore` (CpuOptions of a new instance).
    pub default_cores: u32,
    pub default_threads_per_core: u32,
    /// `legacy-bios`, `uefi` (SupportedBootModes)
    pub boot_modes: Vec<String>,
}

impl InstanceType {
    /// The part before the dot: `c6gn` of `c6gn.16xlarge` (AWS calls it the instance family).
    pub fn family(&self) -> &str {
        self.name.split_once('.').map_or(self.name.as_str(), |(f, _)| f)
    }
    /// The part after the dot: `16xlarge`.
    pub fn size(&self) -> &str {
        self.name.split_once('.').map_or("", |(_, s)| s)
    }
    pub fn instance_store_total_gb(&self) -> u64 {
        self.instance_store.iter().map(|d| d.count as u64 * d.size_gb).sum()
    }
}

/// Every type in the catalog, sorted by name.
pub fn all() -> &'static [InstanceType] {
    data::types()
}

/// Looks a type up by its exact API name (`t2.micro`).
pub fn instance_type(name: &str) -> Option<&'static InstanceType> {
    data::index(name).map(|i| &data::types()[i])
}

/// The AWS `InstanceTypeInfo` of a type, exactly as DescribeInstanceTypes returns it.
/// The first call loads the full shapes (about 0.7 MB of JSON); lookups alone never do.
pub fn info(name: &str) -> Option<Map<String, Value>> {
    info::info().shape(name)
}

/// One top-level member of a type's `InstanceTypeInfo` (`EbsInfo`, `Hypervisor` ...), if present.
pub fn member(name: &str, key: &str) -> Option<&'static Value> {
    info::info().member(name, key)
}

/// The sizes of one instance family (`c6gn`), smallest first.
pub fn sizes_in_family(family: &str) -> Vec<&'static InstanceType> {
    let mut v: Vec<&InstanceType> = all().iter().filter(|t| t.family() == family).collect();
    v.sort_by_key(|t| (name::size_rank(t.size()), t.vcpus, t.memory_mib));
    v
}

/// Whether `region` offers the type at all (DescribeInstanceTypeOfferings, location type `region`).
pub fn offered_in_region(type_name: &str, region: &str) -> bool {
    region_offerings(region).is_some_and(|o| o.offers(type_name))
}

/// Whether the AZ (by name, `us-east-1a`) offers the type.
pub fn offered_in_zone(type_name: &str, region: &str, zone: &str) -> bool {
    match (region_offerings(region), zone.strip_prefix(region)) {
        (Some(o), Some(letter)) => o.offers_in(type_name, letter),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t2_micro() {
        let t = instance_type("t2.micro").unwrap();
        assert_eq!((t.vcpus, t.memory_mib), (1, 1024));
        assert!(t.free_tier_eligible && t.burstable && !t.bare_metal && t.current_generation);
        assert_eq!(t.hypervisor.as_deref(), Some("xen"));
        assert_eq!(t.architectures, ["i386", "x86_64"]);
        assert!(t.instance_store.is_empty());
        assert_eq!(t.root_device_types, ["ebs"]);
        assert_eq!(t.virtualization_types, ["hvm"]);
        assert_eq!(t.network_performance, "Low to Moderate");
        assert!(t.hibernation_supported);
        assert_eq!((t.family(), t.size()), ("t2", "micro"));
        assert!(instance_type("t2.mega").is_none());
    }

    #[test]
    fn only_t2_micro_is_free_tier() {
        let free: Vec<&str> = all().iter().filter(|t| t.free_tier_eligible).map(|t| t.name.as_str()).collect();
        assert_eq!(free, ["t2.micro"]);
    }

    #[test]
    fn instance_store_and_metal() {
        let t = instance_type("m5d.large").unwrap();
        assert_eq!(t.instance_store, [InstanceStoreDisk { count: 1, size_gb: 75, kind: "ssd".into() }]);
        assert!(t.instance_store_nvme);
        assert_eq!(t.instance_store_total_gb(), 75);
        let d = instance_type("d2.xlarge").unwrap();
        assert_eq!(d.instance_store[0].kind, "hdd");
        let m = instance_type("m5.metal").unwrap();
        assert!(m.bare_metal && m.hypervisor.is_none());
        let old = instance_type("m1.small").unwrap();
        assert!(!old.current_generation);
        assert!(old.virtualization_types.contains(&"paravirtual".to_string()));
        assert!(old.root_device_types.contains(&"instance-store".to_string()));
    }

    #[test]
    fn offerings_by_zone_name() {
        assert!(offered_in_region("t2.micro", "ap-northeast-2"));
        assert!(offered_in_zone("t2.micro", "ap-northeast-2", "ap-northeast-2a"));
        assert!(!offered_in_zone("t2.micro", "ap-northeast-2", "ap-northeast-2b"));
        assert!(offered_in_zone("t2.micro", "us-east-1", "us-east-1f"));
        assert!(!offered_in_zone("t2.micro", "us-east-1", "us-east-1g"));
        assert!(!offered_in_zone("t2.micro", "us-east-1", "us-west-2a"));
        assert!(!offered_in_region("t2.micro", "mars-1"));
        assert!(!offered_in_region("nope.large", "us-east-1"));
    }

    #[test]
    fn sizes_sorted_by_size() {
        let sizes: Vec<&str> = sizes_in_family("t2").iter().map(|t| t.size()).collect();
        assert_eq!(sizes, ["nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"]);
        let m5: Vec<&str> = sizes_in_family("m5").iter().map(|t| t.size()).collect();
        assert_eq!(m5.last(), Some(&"metal"));
        assert_eq!(m5.first(), Some(&"large"));
    }
}
