//! The facts of every instance type (`data/instance_types.json`, written by
//! `scripts/gen_instance_types.py`), parsed once on first use. The full AWS shapes are in
//! `info.rs`, loaded only when DescribeInstanceTypes needs them.
use super::{InstanceStoreDisk, InstanceType};
use serde::Deserialize;
use std::sync::OnceLock;

/// One row, in the order of the file's `"fields"` (checked in the tests).
#[derive(Deserialize)]
struct Row<'a>(
    &'a str,
    bool,
    bool,
    u32,
    u64,
    Vec<&'a str>,
    bool,
    bool,
    Option<&'a str>,
    Vec<(u32, u64, &'a str)>,
    bool,
    bool,
    Vec<&'a str>,
    Vec<&'a str>,
    &'a str,
    Option<&'a str>,
    u32,
    u32,
    Vec<&'a str>,
);

#[derive(Deserialize)]
struct File<'a> {
    #[serde(borrow)]
    types: Vec<Row<'a>>,
}

const TEXT: &str = include_str!("data/instance_types.json");

static TYPES: OnceLock<Vec<InstanceType>> = OnceLock::new();

/// Every type, sorted by name.
pub(super) fn types() -> &'static [InstanceType] {
    TYPES.get_or_init(|| {
        let file: File = serde_json::from_str(TEXT).expect("instance_types.json is generated valid");
        file.types.into_iter().map(from_row).collect()
    })
}

fn strings(v: Vec<&str>) -> Vec<String> {
    v.into_iter().map(String::from).collect()
}

fn from_row(r: Row) -> InstanceType {
    InstanceType {
        name: r.0.into(),
        current_generation: r.1,
        free_tier_eligible: r.2,
        vcpus: r.3,
        memory_mib: r.4,
        architectures: strings(r.5),
        burstable: r.6,
        bare_metal: r.7,
        hypervisor: r.8.map(String::from),
        instance_store: r.9.into_iter().map(|(count, size_gb, kind)| InstanceStoreDisk { count, size_gb, kind: kind.into() }).collect(),
        instance_store_nvme: r.10,
        hibernation_supported: r.11,
        root_device_types: strings(r.12),
        virtualization_types: strings(r.13),
        network_performance: r.14.into(),
        processor_manufacturer: r.15.map(String::from),
        default_cores: r.16,
        default_threads_per_core: r.17,
        boot_modes: strings(r.18),
    }
}

pub(super) fn index(name: &str) -> Option<usize> {
    types().binary_search_by(|t| t.name.as_str().cmp(name)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_in_the_documented_order() {
        #[derive(Deserialize)]
        struct Fields {
            fields: Vec<String>,
        }
        let f: Fields = serde_json::from_str(TEXT).unwrap();
        let want = [
            "name",
            "current_generation",
            "free_tier_eligible",
            "vcpus",
            "memory_mib",
            "architectures",
            "burstable",
            "bare_metal",
            "hypervisor",
            "instance_store",
            "instance_store_nvme",
            "hibernation_supported",
            "root_device_types",
            "virtualization_types",
            "network_performance",
            "processor_manufacturer",
            "default_cores",
            "default_threads_per_core",
            "boot_modes",
        ];
        assert_eq!(f.fields, want);
        assert!(types().windows(2).all(|w| w[0].name < w[1].name), "sorted by name");
    }

    #[test]
    fn every_type_has_the_basic_facts() {
        for t in types() {
            assert!(t.vcpus > 0 && t.memory_mib > 0, "{}", t.name);
            assert!(!t.architectures.is_empty() && !t.root_device_types.is_empty() && !t.virtualization_types.is_empty(), "{}", t.name);
            assert!(!t.network_performance.is_empty(), "{}", t.name);
            assert_eq!(t.bare_metal, t.hypervisor.is_none(), "{}", t.name);
        }
    }
}
