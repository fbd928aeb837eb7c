//! DescribeRegions, DescribeAvailabilityZones.
use crate::api::{filters, Filters};
use crate::error::ApiError;
use crate::geo::{self, RegionInfo, ZoneInfo, REGIONS};
use crate::query::{matches, FilterValues};
use crate::world::World;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeRegionsRequest {
    region_names: Option<Vec<String>>,
    filters: Filters,
    all_regions: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RegionShape {
    endpoint: String,
    region_name: String,
    opt_in_status: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeRegionsResponse {
    regions: Vec<RegionShape>,
}

impl FilterValues for &RegionInfo {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        Some(vec![match name {
            "endpoint" => self.endpoint("ec2"),
            "region-name" => self.name.to_string(),
            "opt-in-status" => self.opt_in.to_string(),
            _ => return None,
        }])
    }
}

pub fn describe_regions(_w: &World, r: DescribeRegionsRequest) -> Result<DescribeRegionsResponse, ApiError> {
    let _ = r.all_regions;
    let wanted = r.region_names.unwrap_or_default();
    for name in &wanted {
        if geo::region(name).is_none() {
            return Err(ApiError::new("InvalidParameterValue", format!("Invalid region: {name}")).hint(
                "Region names look like us-east-1 or ap-northeast-2; call describe_regions() to list them.",
                "리전 이름은 us-east-1, ap-northeast-2 같은 형식입니다. describe_regions()로 목록을 보세요.",
            ));
        }
    }
    let f = filters(&r.filters);
    let mut regions = Vec::new();
    for info in REGIONS {
        if (!wanted.is_empty() && !wanted.iter().any(|n| n == info.name)) || !matches(&f, &info)? {
            continue;
        }
        regions.push(RegionShape { endpoint: info.endpoint("ec2"), region_name: info.name.into(), opt_in_status: info.opt_in.into() });
    }
    Ok(DescribeRegionsResponse { regions })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAvailabilityZonesRequest {
    zone_names: Option<Vec<String>>,
    zone_ids: Option<Vec<String>>,
    filters: Filters,
    all_availability_zones: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ZoneShape {
    opt_in_status: String,
    messages: Vec<()>,
    region_name: String,
    zone_name: String,
    zone_id: String,
    group_name: String,
    network_border_group: String,
    zone_type: String,
    group_long_name: String,
    state: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAvailabilityZonesResponse {
    availability_zones: Vec<ZoneShape>,
}

impl FilterValues for ZoneInfo {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        Some(vec![match name {
            "zone-name" => self.name.clone(),
            "zone-id" => self.id.clone(),
            "region-name" => self.region.to_string(),
            "state" => "available".into(),
            "zone-type" => "availability-zone".into(),
            "group-name" | "network-border-group" => self.region.to_string(),
            "opt-in-status" => "opt-in-not-required".into(),
            _ => return None,
        }])
    }
}

pub fn describe_availability_zones(_w: &World, region: &str, r: DescribeAvailabilityZonesRequest) -> Result<DescribeAvailabilityZonesResponse, ApiError> {
    let _ = r.all_availability_zones;
    let info = geo::require_region(region)?;
    let zones = info.zones();
    for n in r.zone_names.iter().flatten() {
        if !zones.iter().any(|z| &z.name == n) {
            return Err(ApiError::new("InvalidParameterValue", format!("The zone '{n}' does not exist.")).hint(
                format!("Zones of {region}: {}.", zones.iter().map(|z| z.name.as_str()).collect::<Vec<_>>().join(", ")),
                format!("{region}의 가용 영역: {}.", zones.iter().map(|z| z.name.as_str()).collect::<Vec<_>>().join(", ")),
            ));
        }
    }
    for n in r.zone_ids.iter().flatten() {
        if !zones.iter().any(|z| &z.id == n) {
            return Err(ApiError::new("InvalidParameterValue", format!("The zone ID '{n}' does not exist."))
                .hint("Zone ids look like use1-az1; zone names like us-east-1a.", "가용 영역 ID는 use1-az1, 이름은 us-east-1a 형식입니다."));
        }
    }
    let f = filters(&r.filters);
    let mut out = Vec::new();
    for z in zones {
        let by_name = r.zone_names.as_ref().is_none_or(|n| n.contains(&z.name));
        let by_id = r.zone_ids.as_ref().is_none_or(|n| n.contains(&z.id));
        if !by_name || !by_id || !matches(&f, &z)? {
            continue;
        }
        out.push(ZoneShape {
            opt_in_status: "opt-in-not-required".into(),
            messages: vec![],
            region_name: region.into(),
            zone_name: z.name.clone(),
            zone_id: z.id.clone(),
            group_name: region.into(),
            network_border_group: region.into(),
            zone_type: "availability-zone".into(),
            group_long_name: region.into(),
            state: "available".into(),
        });
    }
    Ok(DescribeAvailabilityZonesResponse { availability_zones: out })
}
