//! DescribeInstanceTypes, DescribeInstanceTypeOfferings.
use crate::api::{filters, Filters};
use crate::catalog::{self, InstanceType};
use crate::error::ApiError;
use crate::geo;
use crate::query::{matches, paginate, FilterValues};
use crate::world::World;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeInstanceTypesRequest {
    instance_types: Option<Vec<String>>,
    filters: Filters,
    max_results: Option<i64>,
    next_token: Option<String>,
    include_unsupported_in_region: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstanceTypesResponse {
    /// Each an AWS `InstanceTypeInfo`, as the generated catalog holds it.
    instance_types: Vec<Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// The documented filter names (BC:ec2/DescribeInstanceTypes) and where each looks in the
/// `InstanceTypeInfo`: a top-level member, then a path below it (lists are searched through).
const FILTERS: &[(&str, &str, &[&str])] = &[
    ("auto-recovery-supported", "AutoRecoverySupported", &[]),
    ("bare-metal", "BareMetal", &[]),
    ("burstable-performance-supported", "BurstablePerformanceSupported", &[]),
    ("current-generation", "CurrentGeneration", &[]),
    ("dedicated-hosts-supported", "DedicatedHostsSupported", &[]),
    ("ebs-info.attachment-limit-type", "EbsInfo", &["AttachmentLimitType"]),
    ("ebs-info.maximum-ebs-attachments", "EbsInfo", &["MaximumEbsAttachments"]),
    ("ebs-info.ebs-optimized-info.baseline-bandwidth-in-mbps", "EbsInfo", &["EbsOptimizedInfo", "BaselineBandwidthInMbps"]),
    ("ebs-info.ebs-optimized-info.baseline-iops", "EbsInfo", &["EbsOptimizedInfo", "BaselineIops"]),
    ("ebs-info.ebs-optimized-info.baseline-throughput-in-mbps", "EbsInfo", &["EbsOptimizedInfo", "BaselineThroughputInMBps"]),
    ("ebs-info.ebs-optimized-info.maximum-bandwidth-in-mbps", "EbsInfo", &["EbsOptimizedInfo", "MaximumBandwidthInMbps"]),
    ("ebs-info.ebs-optimized-info.maximum-iops", "EbsInfo", &["EbsOptimizedInfo", "MaximumIops"]),
    ("ebs-info.ebs-optimized-info.maximum-throughput-in-mbps", "EbsInfo", &["EbsOptimizedInfo", "MaximumThroughputInMBps"]),
    ("ebs-info.ebs-optimized-support", "EbsInfo", &["EbsOptimizedSupport"]),
    ("ebs-info.encryption-support", "EbsInfo", &["EncryptionSupport"]),
    ("ebs-info.nvme-support", "EbsInfo", &["NvmeSupport"]),
    ("free-tier-eligible", "FreeTierEligible", &[]),
    ("hibernation-supported", "HibernationSupported", &[]),
    ("hypervisor", "Hypervisor", &[]),
    ("instance-storage-info.disk.count", "InstanceStorageInfo", &["Disks", "Count"]),
    ("instance-storage-info.disk.size-in-gb", "InstanceStorageInfo", &["Disks", "SizeInGB"]),
    ("instance-storage-info.disk.type", "InstanceStorageInfo", &["Disks", "Type"]),
    ("instance-storage-info.encryption-support", "InstanceStorageInfo", &["EncryptionSupport"]),
    ("instance-storage-info.nvme-support", "InstanceStorageInfo", &["NvmeSupport"]),
    ("instance-storage-info.total-size-in-gb", "InstanceStorageInfo", &["TotalSizeInGB"]),
    ("instance-storage-supported", "InstanceStorageSupported", &[]),
    ("memory-info.size-in-mib", "MemoryInfo", &["SizeInMiB"]),
    ("network-info.bandwidth-weightings", "NetworkInfo", &["BandwidthWeightings"]),
    ("network-info.efa-info.maximum-efa-interfaces", "NetworkInfo", &["EfaInfo", "MaximumEfaInterfaces"]),
    ("network-info.efa-supported", "NetworkInfo", &["EfaSupported"]),
    ("network-info.ena-support", "NetworkInfo", &["EnaSupport"]),
    ("network-info.flexible-ena-queues-support", "NetworkInfo", &["FlexibleEnaQueuesSupport"]),
    ("network-info.encryption-in-transit-supported", "NetworkInfo", &["EncryptionInTransitSupported"]),
    ("network-info.ipv4-addresses-per-interface", "NetworkInfo", &["Ipv4AddressesPerInterface"]),
    ("network-info.ipv6-addresses-per-interface", "NetworkInfo", &["Ipv6AddressesPerInterface"]),
    ("network-info.ipv6-supported", "NetworkInfo", &["Ipv6Supported"]),
    ("network-info.maximum-network-cards", "NetworkInfo", &["MaximumNetworkCards"]),
    ("network-info.maximum-network-interfaces", "NetworkInfo", &["MaximumNetworkInterfaces"]),
    ("network-info.network-performance", "NetworkInfo", &["NetworkPerformance"]),
    ("nitro-enclaves-support", "NitroEnclavesSupport", &[]),
    ("nitro-tpm-support", "NitroTpmSupport", &[]),
    ("nitro-tpm-info.supported-versions", "NitroTpmInfo", &["SupportedVersions"]),
    ("processor-info.supported-architecture", "ProcessorInfo", &["SupportedArchitectures"]),
    ("processor-info.sustained-clock-speed-in-ghz", "ProcessorInfo", &["SustainedClockSpeedInGhz"]),
    ("processor-info.supported-features", "ProcessorInfo", &["SupportedFeatures"]),
    ("reboot-migration-support", "RebootMigrationSupport", &[]),
    ("supported-boot-mode", "SupportedBootModes", &[]),
    ("supported-root-device-type", "SupportedRootDeviceTypes", &[]),
    ("supported-usage-class", "SupportedUsageClasses", &[]),
    ("supported-virtualization-type", "SupportedVirtualizationTypes", &[]),
    ("vcpu-info.default-cores", "VCpuInfo", &["DefaultCores"]),
    ("vcpu-info.default-threads-per-core", "VCpuInfo", &["DefaultThreadsPerCore"]),
    ("vcpu-info.default-vcpus", "VCpuInfo", &["DefaultVCpus"]),
    ("vcpu-info.valid-cores", "VCpuInfo", &["ValidCores"]),
    ("vcpu-info.valid-threads-per-core", "VCpuInfo", &["ValidThreadsPerCore"]),
];

/// Collects the scalars at `path` below `v` as filter strings, searching through lists.
fn collect(v: &Value, path: &[&str], out: &mut Vec<String>) {
    match (v, path.split_first()) {
        (Value::Array(items), _) => items.iter().for_each(|i| collect(i, path, out)),
        (_, Some((key, rest))) => {
            if let Some(next) = v.get(key) {
                collect(next, rest, out)
            }
        }
        (Value::String(s), None) => out.push(s.clone()),
        (Value::Null | Value::Object(_), None) => {}
        (other, None) => out.push(other.to_string()),
    }
}

impl FilterValues for &InstanceType {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        if name == "instance-type" {
            return Some(vec![self.name.clone()]);
        }
        let &(_, key, path) = FILTERS.iter().find(|f| f.0 == name)?;
        let mut out = Vec::new();
        if let Some(v) = catalog::member(&self.name, key) {
            collect(v, path, &mut out);
        }
        Some(out)
    }
}

pub fn describe_instance_types(_w: &World, region: &str, r: DescribeInstanceTypesRequest) -> Result<DescribeInstanceTypesResponse, ApiError> {
    geo::require_region(region)?;
    let include_unsupported = r.include_unsupported_in_region == Some(true);
    let visible = |t: &InstanceType| include_unsupported || catalog::offered_in_region(&t.name, region);
    if let Some(wanted) = &r.instance_types {
        let missing: Vec<&str> = wanted.iter().filter(|n| !catalog::instance_type(n).is_some_and(visible)).map(String::as_str).collect();
        if !missing.is_empty() {
            return Err(ApiError::new("InvalidInstanceType", format!("The following supplied instance types do not exist: [{}]", missing.join(", "))).hint(
                format!("Instance type names look like t2.micro or c6gn.16xlarge; describe_instance_types() lists the ones {region} offers, and ExplainInstanceType decodes a name."),
                format!("인스턴스 유형 이름은 t2.micro, c6gn.16xlarge 같은 형식입니다. describe_instance_types()로 {region}에서 제공하는 유형을 보고, ExplainInstanceType으로 이름을 해석해 보세요."),
            ));
        }
    }
    let f = filters(&r.filters);
    let mut selected = Vec::new();
    for t in catalog::all() {
        if !visible(t) || r.instance_types.as_ref().is_some_and(|w| !w.contains(&t.name)) || !matches(&f, &t)? {
            continue;
        }
        selected.push(t);
    }
    // AWS pages even without MaxResults (boto3#2888); ec2lab's page is then the largest allowed.
    let page = paginate(selected, Some(r.max_results.unwrap_or(100)), r.next_token.as_deref(), (5, 100))?;
    let instance_types = page
        .items
        .into_iter()
        .map(|t| {
            let mut info = catalog::info(&t.name).expect("listed types are in the catalog");
            if include_unsupported {
                info.insert("SupportedInRegion".into(), Value::Bool(catalog::offered_in_region(&t.name, region)));
            }
            info
        })
        .collect();
    Ok(DescribeInstanceTypesResponse { instance_types, next_token: page.next_token })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeInstanceTypeOfferingsRequest {
    location_type: Option<String>,
    filters: Filters,
    max_results: Option<i64>,
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceTypeOffering {
    instance_type: String,
    location_type: String,
    location: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstanceTypeOfferingsResponse {
    instance_type_offerings: Vec<InstanceTypeOffering>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

impl FilterValues for InstanceTypeOffering {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        Some(vec![match name {
            "instance-type" => self.instance_type.clone(),
            "location" => self.location.clone(),
            _ => return None,
        }])
    }
}

const LOCATION_TYPES: &[&str] = &["region", "availability-zone", "availability-zone-id", "outpost"];

pub fn describe_instance_type_offerings(
    _w: &World,
    region: &str,
    r: DescribeInstanceTypeOfferingsRequest,
) -> Result<DescribeInstanceTypeOfferingsResponse, ApiError> {
    let info = geo::require_region(region)?;
    let location_type = r.location_type.as_deref().unwrap_or("region");
    if !LOCATION_TYPES.contains(&location_type) {
        return Err(ApiError::new(
            "InvalidParameterValue",
            format!("Invalid value '{location_type}' for LocationType. Valid values are: {}", LOCATION_TYPES.join(", ")),
        )
        .hint(
            "LocationType is region (the default), availability-zone (us-east-1a) or availability-zone-id (use1-az1).",
            "LocationType은 region(기본값), availability-zone(us-east-1a), availability-zone-id(use1-az1) 중 하나입니다.",
        ));
    }
    let offered = catalog::region_offerings(region).map(|o| &o.types);
    let mut all = Vec::new();
    let offer = |t: &str, location: String| InstanceTypeOffering { instance_type: t.to_string(), location_type: location_type.to_string(), location };
    match location_type {
        "region" => all.extend(offered.into_iter().flatten().map(|(t, _)| offer(t, region.to_string()))),
        // ec2lab models no Outposts.
        "outpost" => {}
        _ => {
            for z in info.zones() {
                let letter = &z.name[region.len()..];
                let location = if location_type == "availability-zone" { z.name.clone() } else { z.id.clone() };
                all.extend(offered.into_iter().flatten().filter(|(_, letters)| letters.contains(letter)).map(|(t, _)| offer(t, location.clone())));
            }
            all.sort_by(|a, b| (&a.location, &a.instance_type).cmp(&(&b.location, &b.instance_type)));
        }
    }
    let f = filters(&r.filters);
    let mut selected = Vec::new();
    for o in all {
        if matches(&f, &o)? {
            selected.push(o);
        }
    }
    let page = paginate(selected, Some(r.max_results.unwrap_or(1000)), r.next_token.as_deref(), (5, 1000))?;
    Ok(DescribeInstanceTypeOfferingsResponse { instance_type_offerings: page.items, next_token: page.next_token })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_path_finds_values_somewhere() {
        for (name, _, _) in FILTERS {
            assert!(catalog::all().iter().any(|t| !(&t).filter_values(name).unwrap().is_empty()), "{name}");
        }
    }

    #[test]
    fn filter_values_are_strings_like_aws() {
        let t = catalog::instance_type("m5d.large").unwrap();
        assert_eq!((&t).filter_values("instance-storage-info.disk.size-in-gb").unwrap(), ["75"]);
        assert_eq!((&t).filter_values("current-generation").unwrap(), ["true"]);
        assert_eq!((&t).filter_values("processor-info.sustained-clock-speed-in-ghz").unwrap(), ["3.1"]);
        assert_eq!((&t).filter_values("vcpu-info.valid-threads-per-core").unwrap(), ["1", "2"]);
        assert!((&t).filter_values("no-such-filter").is_none());
    }
}
