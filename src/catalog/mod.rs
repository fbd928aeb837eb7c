//! The instance type catalog: every current EC2 instance type with its hardware facts, and
//! which types each region and AZ offers. Generated data (see `scripts/gen_instance_types.py`).
//! OWNER NOTE: the loader below is filled in by the catalog work; the struct is the contract
//! the compute domain relies on.

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
    pub hibernation_supported: bool,
    /// `ebs`, `instance-store`
    pub root_device_types: Vec<String>,
    /// `hvm`, `paravirtual`
    pub virtualization_types: Vec<String>,
    pub network_performance: String,
}

/// Looks a type up by its exact API name (`t2.micro`).
pub fn instance_type(_name: &str) -> Option<&'static InstanceType> {
    None
}

/// Whether `region` offers the type at all (DescribeInstanceTypeOfferings, location type `region`).
pub fn offered_in_region(_type_name: &str, _region: &str) -> bool {
    true
}

/// Whether the AZ (by name, `us-east-1a`) offers the type.
pub fn offered_in_zone(_type_name: &str, _region: &str, _zone: &str) -> bool {
    true
}
