//! CreateSnapshot, CreateSnapshots, DescribeSnapshots, DeleteSnapshot, CopySnapshot,
//! DescribeSnapshotAttribute.
use super::instance_shape::{tag_list, TagShape};
use super::volumes::spec_tags;
use crate::api::{filters, Filters, TagSpecification, Timestamp};
use crate::error::ApiError;
use crate::query::{check_names, matches, paginate, FilterValues};
use crate::storage::{self, Snapshot, SnapshotState};
use crate::tags::Tags;
use crate::world::{Region, World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SnapshotShape {
    #[serde(skip_serializing_if = "Option::is_none")]
    owner_alias: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<TagShape>>,
    storage_tier: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    completion_time: Option<Timestamp>,
    full_snapshot_size_in_bytes: i64,
    snapshot_id: String,
    volume_id: String,
    state: String,
    start_time: Timestamp,
    progress: String,
    owner_id: String,
    description: String,
    volume_size: i64,
    encrypted: bool,
}

pub fn snapshot_shape(r: &Region, s: &Snapshot, now: u64) -> SnapshotShape {
    SnapshotShape {
        owner_alias: s.owner_alias.clone(),
        tags: tag_list(r.tags.get(&s.id)),
        storage_tier: "standard".into(),
        completion_time: (s.state == SnapshotState::Completed && !s.public).then_some(Timestamp(s.completes_at)),
        full_snapshot_size_in_bytes: (s.blocks.len() as u64 * storage::BLOCK_SIZE) as i64,
        snapshot_id: s.id.clone(),
        volume_id: s.volume_id.clone(),
        state: s.state.name().into(),
        start_time: Timestamp(s.start_time),
        progress: s.progress(now),
        owner_id: s.owner_id.clone(),
        description: s.description.clone(),
        volume_size: s.volume_size_gib as i64,
        encrypted: s.encrypted,
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateSnapshotRequest {
    description: Option<String>,
    outpost_arn: Option<String>,
    volume_id: String,
    tag_specifications: Option<Vec<TagSpecification>>,
    location: Option<String>,
}

fn no_outposts(arn: &Option<String>, location: &Option<String>) -> Result<(), ApiError> {
    if arn.is_some() || location.as_deref().is_some_and(|l| l != "regional") {
        return Err(ApiError::new("Unsupported", "ec2lab does not simulate Outposts or Local Zone snapshots.")
            .hint("Leave OutpostArn and Location out: snapshots are stored in the region.", "OutpostArn과 Location을 빼세요. 스냅샷은 리전에 저장됩니다."));
    }
    Ok(())
}

pub fn create_snapshot(w: &mut World, region: &str, r: CreateSnapshotRequest) -> Result<SnapshotShape, ApiError> {
    no_outposts(&r.outpost_arn, &r.location)?;
    let tags = spec_tags(r.tag_specifications, "snapshot")?;
    let id = storage::create_snapshot(w, region, &r.volume_id, r.description.as_deref().unwrap_or(""), &tags)?;
    let reg = w.region(region)?;
    Ok(snapshot_shape(reg, &reg.storage.snapshots[&id], w.now()))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InstanceSpecificationRequest {
    instance_id: String,
    exclude_boot_volume: Option<bool>,
    exclude_data_volume_ids: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateSnapshotsRequest {
    description: Option<String>,
    instance_specification: InstanceSpecificationRequest,
    outpost_arn: Option<String>,
    tag_specifications: Option<Vec<TagSpecification>>,
    copy_tags_from_source: Option<String>,
    location: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SnapshotInfoShape {
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<TagShape>>,
    encrypted: bool,
    volume_id: String,
    state: String,
    volume_size: i64,
    start_time: Timestamp,
    progress: String,
    owner_id: String,
    snapshot_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSnapshotsResponse {
    snapshots: Vec<SnapshotInfoShape>,
}

pub fn create_snapshots(w: &mut World, region: &str, r: CreateSnapshotsRequest) -> Result<CreateSnapshotsResponse, ApiError> {
    no_outposts(&r.outpost_arn, &r.location)?;
    let spec = r.instance_specification;
    if let Some(x) = spec.exclude_data_volume_ids.as_ref().filter(|x| !x.is_empty()) {
        return Err(ApiError::new("Unsupported", format!("ec2lab does not simulate ExcludeDataVolumeIds yet ({} given).", x.join(", ")))
            .hint("Snapshot single volumes with create_snapshot instead.", "대신 create_snapshot으로 볼륨마다 스냅샷을 만드세요."));
    }
    let mut tags = spec_tags(r.tag_specifications, "snapshot")?;
    let copy = r.copy_tags_from_source.as_deref() == Some("volume");
    if !copy && r.copy_tags_from_source.is_some() {
        return Err(ApiError::invalid_parameter_value("CopyTagsFromSource must be 'volume'.").hint("The only value is 'volume'.", "값은 'volume'뿐입니다."));
    }
    let ids =
        storage::create_snapshots(w, region, &spec.instance_id, spec.exclude_boot_volume.unwrap_or(false), r.description.as_deref().unwrap_or(""), &tags)?;
    let reg = w.region_mut(region)?;
    if copy {
        for id in &ids {
            let vol = reg.storage.snapshots[id].volume_id.clone();
            let from: Vec<(String, String)> = reg.tags.of(&vol).into_iter().collect();
            reg.tags.set(id, &from);
        }
    }
    tags.clear();
    let reg = w.region(region)?;
    let now = w.now();
    Ok(CreateSnapshotsResponse {
        snapshots: ids
            .iter()
            .map(|id| {
                let s = &reg.storage.snapshots[id];
                SnapshotInfoShape {
                    description: s.description.clone(),
                    tags: tag_list(reg.tags.get(id)),
                    encrypted: s.encrypted,
                    volume_id: s.volume_id.clone(),
                    state: s.state.name().into(),
                    volume_size: s.volume_size_gib as i64,
                    start_time: Timestamp(s.start_time),
                    progress: s.progress(now),
                    owner_id: s.owner_id.clone(),
                    snapshot_id: s.id.clone(),
                }
            })
            .collect(),
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeSnapshotsRequest {
    max_results: Option<i64>,
    next_token: Option<String>,
    owner_ids: Option<Vec<String>>,
    restorable_by_user_ids: Option<Vec<String>>,
    snapshot_ids: Option<Vec<String>>,
    filters: Filters,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSnapshotsResponse {
    snapshots: Vec<SnapshotShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

pub struct SnapshotFilter<'a> {
    pub snapshot: &'a Snapshot,
    pub tags: Option<&'a Tags>,
    pub now: u64,
}

impl FilterValues for SnapshotFilter<'_> {
    const NAMES: &'static [&'static str] = &[
        "description",
        "encrypted",
        "owner-alias",
        "owner-id",
        "progress",
        "snapshot-id",
        "start-time",
        "status",
        "storage-tier",
        "transfer-type",
        "volume-id",
        "volume-size",
    ];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let s = self.snapshot;
        let one = |x: String| Some(vec![x]);
        match name {
            "description" => one(s.description.clone()),
            "encrypted" => one(s.encrypted.to_string()),
            "owner-alias" => Some(s.owner_alias.iter().cloned().collect()),
            "owner-id" => one(s.owner_id.clone()),
            "progress" => one(s.progress(self.now)),
            "snapshot-id" => one(s.id.clone()),
            "start-time" => one(crate::sim::clock::iso8601(s.start_time)),
            "status" => one(s.state.name().into()),
            "storage-tier" => one("standard".into()),
            "transfer-type" => one("standard".into()),
            "volume-id" => one(s.volume_id.clone()),
            "volume-size" => one(s.volume_size_gib.to_string()),
            _ => None,
        }
    }
    fn tags(&self) -> Option<&Tags> {
        self.tags
    }
}

/// Without OwnerIds every snapshot the account can see is listed (its own and public ones);
/// `self` means the account's own, an alias (`amazon`) matches OwnerAlias.
pub fn describe_snapshots(w: &World, region: &str, r: DescribeSnapshotsRequest) -> Result<DescribeSnapshotsResponse, ApiError> {
    let _ = r.restorable_by_user_ids;
    let reg = w.region(region)?;
    let ids = r.snapshot_ids.unwrap_or_default();
    if !ids.is_empty() && r.max_results.is_some() {
        return Err(ApiError::invalid_parameter_combination("The parameter snapshotSet cannot be used with the parameter maxResults").hint(
            "Either name the snapshots (SnapshotIds) or page through them (MaxResults), not both.",
            "SnapshotIds로 지정하거나 MaxResults로 페이지를 나누세요. 둘을 함께 쓸 수는 없습니다.",
        ));
    }
    for id in &ids {
        let s = reg.storage.snapshot(id)?;
        if s.owner_id != ACCOUNT_ID && !s.public {
            return Err(storage::snapshot_not_found(id));
        }
    }
    let owners = r.owner_ids.unwrap_or_default();
    let f = filters(&r.filters);
    check_names::<SnapshotFilter>(&f)?;
    let mut out = Vec::new();
    for s in reg.storage.snapshots.values() {
        let visible = s.owner_id == ACCOUNT_ID || s.public;
        let by_id = ids.is_empty() || ids.contains(&s.id);
        let by_owner = owners.is_empty()
            || owners.iter().any(|o| (o == "self" && s.owner_id == ACCOUNT_ID) || o == &s.owner_id || s.owner_alias.as_deref() == Some(o.as_str()));
        if visible && by_id && by_owner && matches(&f, &SnapshotFilter { snapshot: s, tags: reg.tags.get(&s.id), now: w.now() })? {
            out.push(s);
        }
    }
    out.sort_by_key(|s| (s.seq, s.id.clone()));
    let shapes = out.into_iter().map(|s| snapshot_shape(reg, s, w.now())).collect();
    let page = paginate(shapes, r.max_results, r.next_token.as_deref(), (5, 1000))?;
    Ok(DescribeSnapshotsResponse { snapshots: page.items, next_token: page.next_token })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SnapshotIdRequest {
    snapshot_id: String,
}

#[derive(Serialize)]
pub struct Empty {}

pub fn delete_snapshot(w: &mut World, region: &str, r: SnapshotIdRequest) -> Result<Empty, ApiError> {
    storage::delete_snapshot(w, region, &r.snapshot_id)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CopySnapshotRequest {
    description: Option<String>,
    destination_outpost_arn: Option<String>,
    destination_region: Option<String>,
    encrypted: Option<bool>,
    kms_key_id: Option<String>,
    presigned_url: Option<String>,
    source_region: String,
    source_snapshot_id: String,
    tag_specifications: Option<Vec<TagSpecification>>,
    completion_duration_minutes: Option<i64>,
    destination_availability_zone: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CopySnapshotResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<TagShape>>,
    snapshot_id: String,
}

/// Called in the destination region (`DestinationRegion`, if given, must be this region).
pub fn copy_snapshot(w: &mut World, region: &str, r: CopySnapshotRequest) -> Result<CopySnapshotResponse, ApiError> {
    let _ = (&r.kms_key_id, &r.presigned_url, &r.completion_duration_minutes);
    if r.destination_outpost_arn.is_some() || r.destination_availability_zone.is_some() {
        return Err(ApiError::new("Unsupported", "ec2lab does not simulate copies to Outposts or Local Zones.").hint(
            "Copy into a region: call copy_snapshot with a client of the destination region.",
            "리전으로 복사하세요: 대상 리전의 클라이언트로 copy_snapshot을 호출합니다.",
        ));
    }
    if let Some(d) = r.destination_region.as_deref().filter(|d| *d != region) {
        return Err(ApiError::invalid_parameter_value(format!("DestinationRegion {d} does not match the region of the request ({region}).")).hint(
            "CopySnapshot runs in the destination region: make the client for that region and give SourceRegion instead.",
            "CopySnapshot은 대상 리전에서 호출합니다. 그 리전의 클라이언트를 만들고 SourceRegion을 주세요.",
        ));
    }
    let tags = spec_tags(r.tag_specifications, "snapshot")?;
    let id = storage::copy_snapshot(w, region, &r.source_region, &r.source_snapshot_id, r.description.as_deref(), r.encrypted.unwrap_or(false), &tags)?;
    Ok(CopySnapshotResponse { tags: tag_list(w.region(region)?.tags.get(&id)), snapshot_id: id })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeSnapshotAttributeRequest {
    attribute: String,
    snapshot_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PermissionShape {
    group: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSnapshotAttributeResponse {
    snapshot_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    create_volume_permissions: Option<Vec<PermissionShape>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    product_codes: Option<Vec<()>>,
}

/// `createVolumePermission`: public snapshots list the group `all`; sharing is not modelled.
pub fn describe_snapshot_attribute(w: &World, region: &str, r: DescribeSnapshotAttributeRequest) -> Result<DescribeSnapshotAttributeResponse, ApiError> {
    let s = w.region(region)?.storage.snapshot(&r.snapshot_id)?;
    if s.owner_id != ACCOUNT_ID && !s.public {
        return Err(storage::snapshot_not_found(&r.snapshot_id));
    }
    let mut out = DescribeSnapshotAttributeResponse { snapshot_id: s.id.clone(), create_volume_permissions: None, product_codes: None };
    match r.attribute.as_str() {
        "createVolumePermission" => out.create_volume_permissions = Some(if s.public { vec![PermissionShape { group: "all".into() }] } else { vec![] }),
        "productCodes" => out.product_codes = Some(vec![]),
        other => {
            return Err(ApiError::invalid_parameter_value(format!("Value ({other}) for parameter attribute is invalid. Unknown attribute."))
                .hint("Snapshot attributes are createVolumePermission and productCodes.", "스냅샷 속성은 createVolumePermission과 productCodes입니다."))
        }
    }
    Ok(out)
}
