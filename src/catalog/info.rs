//! The full AWS `InstanceTypeInfo` of every type (`data/instance_type_info.json`, written by
//! `scripts/gen_instance_types.py`), parsed once, the first time DescribeInstanceTypes needs it.
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The file's layout: nested members are deduplicated into `pools`; a row holds the name, then
/// one value per key (a scalar inline, an index into that key's pool, or null when absent).
#[derive(Deserialize)]
struct RawInfo {
    keys: Vec<String>,
    pools: BTreeMap<String, Vec<Value>>,
    types: Vec<Vec<Value>>,
}

pub(super) struct Info {
    names: Vec<String>,
    keys: Vec<String>,
    /// Per key: its pool, when the key is a structure or list member.
    pools: Vec<Option<Vec<Value>>>,
    /// Per type (sorted by name, as `data::types()`): one value per key.
    rows: Vec<Vec<Value>>,
}

static INFO: OnceLock<Info> = OnceLock::new();

pub(super) fn info() -> &'static Info {
    INFO.get_or_init(|| {
        let raw: RawInfo = serde_json::from_str(include_str!("data/instance_type_info.json")).expect("instance_type_info.json is generated valid");
        let mut pools_by_key = raw.pools;
        let pools = raw.keys.iter().map(|k| pools_by_key.remove(k)).collect();
        let (mut names, mut rows) = (Vec::with_capacity(raw.types.len()), Vec::with_capacity(raw.types.len()));
        for mut row in raw.types {
            names.push(row.remove(0).as_str().expect("a row starts with the name").to_string());
            rows.push(row);
        }
        Info { names, keys: raw.keys, pools, rows }
    })
}

fn resolve<'a>(pool: &'a Option<Vec<Value>>, v: &'a Value) -> Option<&'a Value> {
    match (pool, v) {
        (_, Value::Null) => None,
        (Some(pool), Value::Number(n)) => pool.get(n.as_u64()? as usize),
        (Some(_), _) => None,
        (None, v) => Some(v),
    }
}

impl Info {
    fn index(&self, name: &str) -> Option<usize> {
        self.names.binary_search_by(|n| n.as_str().cmp(name)).ok()
    }

    /// One top-level member (`MemoryInfo`, `BareMetal` ...), if the type has it.
    pub fn member(&self, name: &str, key: &str) -> Option<&Value> {
        let (t, k) = (self.index(name)?, self.keys.iter().position(|k| k == key)?);
        resolve(&self.pools[k], &self.rows[t][k])
    }

    /// The whole `InstanceTypeInfo`, as DescribeInstanceTypes returns it.
    pub fn shape(&self, name: &str) -> Option<Map<String, Value>> {
        let t = self.index(name)?;
        let mut out = Map::new();
        out.insert("InstanceType".into(), Value::String(self.names[t].clone()));
        for (k, key) in self.keys.iter().enumerate() {
            if let Some(v) = resolve(&self.pools[k], &self.rows[t][k]) {
                out.insert(key.clone(), v.clone());
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_rebuild_the_aws_shape() {
        let info = info().shape("m5d.large").unwrap();
        assert_eq!(info["InstanceType"], "m5d.large");
        assert_eq!(info["InstanceStorageInfo"]["TotalSizeInGB"], 75);
        assert_eq!(info["VCpuInfo"]["DefaultVCpus"], 2);
        assert!(!info.contains_key("GpuInfo"), "absent members stay absent");
        assert_eq!(super::info().member("m5d.large", "Hypervisor").unwrap(), "nitro");
        assert!(super::info().shape("m5d.huge").is_none());
    }

    /// The two generated files must agree: the facts are a summary of the AWS shapes.
    #[test]
    fn facts_agree_with_the_aws_shapes() {
        let info = info();
        assert_eq!(info.names.len(), super::super::all().len());
        for t in super::super::all() {
            let s = Value::Object(info.shape(&t.name).unwrap());
            assert_eq!(s["VCpuInfo"]["DefaultVCpus"], t.vcpus, "{}", t.name);
            assert_eq!(s["MemoryInfo"]["SizeInMiB"], t.memory_mib, "{}", t.name);
            assert_eq!(s["FreeTierEligible"], t.free_tier_eligible, "{}", t.name);
            assert_eq!(s["CurrentGeneration"], t.current_generation, "{}", t.name);
            assert_eq!(s["BurstablePerformanceSupported"], t.burstable, "{}", t.name);
            assert_eq!(s["HibernationSupported"], t.hibernation_supported, "{}", t.name);
            assert_eq!(s["NetworkInfo"]["NetworkPerformance"], t.network_performance.as_str(), "{}", t.name);
            assert_eq!(s["ProcessorInfo"]["SupportedArchitectures"], serde_json::json!(t.architectures), "{}", t.name);
            assert_eq!(s["SupportedRootDeviceTypes"], serde_json::json!(t.root_device_types), "{}", t.name);
            assert_eq!(s.get("InstanceStorageInfo").map_or(0, |i| i["TotalSizeInGB"].as_u64().unwrap()), t.instance_store_total_gb(), "{}", t.name);
            assert_eq!(s.get("Hypervisor").and_then(Value::as_str), t.hypervisor.as_deref(), "{}", t.name);
        }
    }
}
