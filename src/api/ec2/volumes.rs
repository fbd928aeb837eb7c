//! CreateVolume, AttachVolume, DetachVolume, DeleteVolume, ModifyVolume,
//! DescribeVolumesModifications, DescribeVolumes, DescribeVolumeStatus,
//! DescribeVolumeAttribute, ModifyVolumeAttribute.
use super::instance_shape::{tag_list, TagShape};
use crate::api::{filters, Filters, TagSpecification, Timestamp};
use crate::error::ApiError;
use crate::query::{check_names, matches, paginate, FilterValues};
use crate::storage::{self, Attachment, Modification, Volume};
use crate::tags::Tags;
use crate::world::{Region, World};
use serde::{Deserialize, Serialize};

/// The tags of TagSpecifications for `resource_type` (others are refused, as AWS does).
pub fn spec_tags(specs: Option<Vec<TagSpecification>>, resource_type: &str) -> Result<Vec<(String, String)>, ApiError> {
    let mut out = Vec::new();
    for s in specs.unwrap_or_default() {
        let rt = s.resource_type.unwrap_or_else(|| resource_type.to_string());
        if rt != resource_type {
            return Err(ApiError::invalid_parameter_value(format!("'{rt}' is not a valid taggable resource type for this operation.")).hint(
                format!("This call creates a {resource_type}: use ResourceType='{resource_type}' in TagSpecifications."),
                format!("이 호출은 {resource_type}을(를) 만듭니다. TagSpecifications에 ResourceType='{resource_type}'을 쓰세요."),
            ));
        }
        out.extend(s.tags.into_iter().map(|t| (t.key, t.value)));
    }
    Ok(out)
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttachmentShape {
    attach_time: Timestamp,
    device: String,
    instance_id: String,
    state: String,
    volume_id: String,
    delete_on_termination: bool,
}

fn attachment_shape(volume_id: &str, a: &Attachment) -> AttachmentShape {
    AttachmentShape {
        attach_time: Timestamp(a.attach_time),
        device: a.device.clone(),
        instance_id: a.instance_id.clone(),
        state: a.state.name().into(),
        volume_id: volume_id.into(),
        delete_on_termination: a.delete_on_termination,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VolumeShape {
    attachments: Vec<AttachmentShape>,
    availability_zone: String,
    create_time: Timestamp,
    encrypted: bool,
    size: i64,
    snapshot_id: String,
    state: String,
    volume_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    iops: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<TagShape>>,
    volume_type: String,
    multi_attach_enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    throughput: Option<i64>,
}

pub fn volume_shape(r: &Region, v: &Volume) -> VolumeShape {
    VolumeShape {
        attachments: v.attachments.iter().map(|a| attachment_shape(&v.id, a)).collect(),
        availability_zone: v.az.clone(),
        create_time: Timestamp(v.create_time),
        encrypted: v.encrypted,
        size: v.size_gib as i64,
        snapshot_id: v.snapshot_id.clone().unwrap_or_default(),
        state: v.state.name().into(),
        volume_id: v.id.clone(),
        iops: v.iops.map(i64::from),
        tags: tag_list(r.tags.get(&v.id)),
        volume_type: v.volume_type.clone(),
        multi_attach_enabled: v.multi_attach,
        throughput: v.throughput.map(i64::from),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct OperatorRequest {
    principal: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateVolumeRequest {
    availability_zone: Option<String>,
    availability_zone_id: Option<String>,
    encrypted: Option<bool>,
    iops: Option<i64>,
    kms_key_id: Option<String>,
    outpost_arn: Option<String>,
    size: Option<i64>,
    snapshot_id: Option<String>,
    volume_type: Option<String>,
    tag_specifications: Option<Vec<TagSpecification>>,
    multi_attach_enabled: Option<bool>,
    throughput: Option<i64>,
    client_token: Option<String>,
    volume_initialization_rate: Option<i64>,
    operator: Option<OperatorRequest>,
}

pub fn create_volume(w: &mut World, region: &str, r: CreateVolumeRequest) -> Result<VolumeShape, ApiError> {
    let _ = (&r.kms_key_id, &r.client_token, &r.volume_initialization_rate, r.operator.as_ref().map(|o| &o.principal));
    if r.outpost_arn.is_some() {
        return Err(ApiError::new("Unsupported", "ec2lab does not simulate Outposts.").hint("Leave OutpostArn out.", "OutpostArn을 빼세요."));
    }
    let az = match (r.availability_zone, r.availability_zone_id) {
        (Some(az), _) => az,
        (None, Some(id)) => w.region(region)?.info.zones().into_iter().find(|z| z.id == id).map(|z| z.name).ok_or_else(|| {
            ApiError::new("InvalidZone.NotFound", format!("The zone ID '{id}' does not exist."))
                .hint("Use an AZ id of this region, such as use1-az1.", "이 리전의 AZ ID(예: use1-az1)를 쓰세요.")
        })?,
        (None, None) => {
            return Err(ApiError::missing_parameter("The request must contain the parameter AvailabilityZone").hint(
                "A volume lives in one Availability Zone: give the AZ of the instance it will attach to (e.g. us-east-1a).",
                "볼륨은 하나의 가용 영역에 있습니다. 연결할 인스턴스의 가용 영역(예: us-east-1a)을 주세요.",
            ))
        }
    };
    let spec = storage::VolumeSpec {
        availability_zone: az,
        size_gib: r.size,
        volume_type: r.volume_type,
        iops: r.iops,
        throughput: r.throughput,
        snapshot_id: r.snapshot_id,
        encrypted: r.encrypted,
        multi_attach: r.multi_attach_enabled.unwrap_or(false),
        tags: spec_tags(r.tag_specifications, "volume")?,
    };
    let id = storage::create_volume(w, region, &spec)?;
    let reg = w.region(region)?;
    Ok(volume_shape(reg, &reg.storage.volumes[&id]))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AttachVolumeRequest {
    device: String,
    instance_id: String,
    volume_id: String,
    ebs_card_index: Option<i64>,
}

pub fn attach_volume(w: &mut World, region: &str, r: AttachVolumeRequest) -> Result<AttachmentShape, ApiError> {
    let _ = r.ebs_card_index;
    let a = storage::attach_volume(w, region, &r.volume_id, &r.instance_id, &r.device)?;
    Ok(attachment_shape(&r.volume_id, &a))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DetachVolumeRequest {
    device: Option<String>,
    force: Option<bool>,
    instance_id: Option<String>,
    volume_id: String,
}

pub fn detach_volume(w: &mut World, region: &str, r: DetachVolumeRequest) -> Result<AttachmentShape, ApiError> {
    let a = storage::detach_volume(w, region, &r.volume_id, r.instance_id.as_deref(), r.device.as_deref(), r.force.unwrap_or(false))?;
    Ok(attachment_shape(&r.volume_id, &a))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct VolumeIdRequest {
    volume_id: String,
}

#[derive(Serialize)]
pub struct Empty {}

pub fn delete_volume(w: &mut World, region: &str, r: VolumeIdRequest) -> Result<Empty, ApiError> {
    storage::delete_volume(w, region, &r.volume_id)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyVolumeRequest {
    volume_id: String,
    size: Option<i64>,
    volume_type: Option<String>,
    iops: Option<i64>,
    throughput: Option<i64>,
    multi_attach_enabled: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModificationShape {
    volume_id: String,
    modification_state: String,
    target_size: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_iops: Option<i64>,
    target_volume_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_throughput: Option<i64>,
    target_multi_attach_enabled: bool,
    original_size: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_iops: Option<i64>,
    original_volume_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_throughput: Option<i64>,
    original_multi_attach_enabled: bool,
    progress: i64,
    start_time: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_time: Option<Timestamp>,
}

fn modification_shape(volume_id: &str, m: &Modification, now: u64) -> ModificationShape {
    ModificationShape {
        volume_id: volume_id.into(),
        modification_state: m.state.name().into(),
        target_size: m.target.size_gib as i64,
        target_iops: m.target.iops.map(i64::from),
        target_volume_type: m.target.volume_type.clone(),
        target_throughput: m.target.throughput.map(i64::from),
        target_multi_attach_enabled: m.target.multi_attach,
        original_size: m.original.size_gib as i64,
        original_iops: m.original.iops.map(i64::from),
        original_volume_type: m.original.volume_type.clone(),
        original_throughput: m.original.throughput.map(i64::from),
        original_multi_attach_enabled: m.original.multi_attach,
        progress: m.progress(now),
        start_time: Timestamp(m.start_time),
        end_time: (m.state == storage::ModificationState::Completed).then_some(Timestamp(m.end_time)),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyVolumeResponse {
    volume_modification: ModificationShape,
}

pub fn modify_volume(w: &mut World, region: &str, r: ModifyVolumeRequest) -> Result<ModifyVolumeResponse, ApiError> {
    let m = storage::modify_volume(w, region, &r.volume_id, r.size, r.volume_type, r.iops, r.throughput, r.multi_attach_enabled)?;
    Ok(ModifyVolumeResponse { volume_modification: modification_shape(&r.volume_id, &m, w.now()) })
}

fn check_ids(w: &World, region: &str, ids: &[String]) -> Result<(), ApiError> {
    let s = &w.region(region)?.storage;
    for id in ids {
        s.volume(id)?;
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeVolumesModificationsRequest {
    volume_ids: Option<Vec<String>>,
    filters: Filters,
    next_token: Option<String>,
    max_results: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVolumesModificationsResponse {
    volumes_modifications: Vec<ModificationShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

struct ModFilter<'a>(&'a str, &'a Modification);

impl FilterValues for ModFilter<'_> {
    const NAMES: &'static [&'static str] = &[
        "modification-state",
        "volume-id",
        "target-size",
        "target-iops",
        "target-volume-type",
        "original-size",
        "original-iops",
        "original-volume-type",
        "start-time",
    ];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let m = self.1;
        let opt = |x: Option<u32>| Some(x.map(|v| v.to_string()).into_iter().collect());
        match name {
            "modification-state" => Some(vec![m.state.name().into()]),
            "volume-id" => Some(vec![self.0.into()]),
            "target-size" => Some(vec![m.target.size_gib.to_string()]),
            "target-iops" => opt(m.target.iops),
            "target-volume-type" => Some(vec![m.target.volume_type.clone()]),
            "original-size" => Some(vec![m.original.size_gib.to_string()]),
            "original-iops" => opt(m.original.iops),
            "original-volume-type" => Some(vec![m.original.volume_type.clone()]),
            "start-time" => Some(vec![crate::sim::clock::iso8601(m.start_time)]),
            _ => None,
        }
    }
}

pub fn describe_volumes_modifications(
    w: &World,
    region: &str,
    r: DescribeVolumesModificationsRequest,
) -> Result<DescribeVolumesModificationsResponse, ApiError> {
    let ids = r.volume_ids.unwrap_or_default();
    check_ids(w, region, &ids)?;
    let f = filters(&r.filters);
    check_names::<ModFilter>(&f)?;
    let reg = w.region(region)?;
    let mut out = Vec::new();
    for v in reg.storage.volumes.values().filter(|v| ids.is_empty() || ids.contains(&v.id)) {
        for m in &v.modifications {
            if matches(&f, &ModFilter(&v.id, m))? {
                out.push(modification_shape(&v.id, m, w.now()));
            }
        }
    }
    let page = paginate(out, r.max_results, r.next_token.as_deref(), (1, 500))?;
    Ok(DescribeVolumesModificationsResponse { volumes_modifications: page.items, next_token: page.next_token })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeVolumesRequest {
    volume_ids: Option<Vec<String>>,
    include_managed_resources: Option<bool>,
    filters: Filters,
    next_token: Option<String>,
    max_results: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVolumesResponse {
    volumes: Vec<VolumeShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// The DescribeVolumes filters (BC:ec2/DescribeVolumes).
pub struct VolumeFilter<'a> {
    pub volume: &'a Volume,
    pub tags: Option<&'a Tags>,
    pub az_id: String,
}

impl FilterValues for VolumeFilter<'_> {
    const NAMES: &'static [&'static str] = &[
        "attachment.attach-time",
        "attachment.delete-on-termination",
        "attachment.device",
        "attachment.instance-id",
        "attachment.status",
        "availability-zone",
        "availability-zone-id",
        "create-time",
        "encrypted",
        "fast-restored",
        "multi-attach-enabled",
        "size",
        "snapshot-id",
        "status",
        "volume-id",
        "volume-type",
    ];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let v = self.volume;
        let each = |f: &dyn Fn(&Attachment) -> String| Some(v.attachments.iter().map(f).collect());
        match name {
            "attachment.attach-time" => each(&|a| crate::sim::clock::iso8601(a.attach_time)),
            "attachment.delete-on-termination" => each(&|a| a.delete_on_termination.to_string()),
            "attachment.device" => each(&|a| a.device.clone()),
            "attachment.instance-id" => each(&|a| a.instance_id.clone()),
            "attachment.status" => each(&|a| a.state.name().to_string()),
            "availability-zone" => Some(vec![v.az.clone()]),
            "availability-zone-id" => Some(vec![self.az_id.clone()]),
            "create-time" => Some(vec![crate::sim::clock::iso8601(v.create_time)]),
            "encrypted" => Some(vec![v.encrypted.to_string()]),
            "fast-restored" => Some(vec!["false".into()]),
            "multi-attach-enabled" => Some(vec![v.multi_attach.to_string()]),
            "size" => Some(vec![v.size_gib.to_string()]),
            "snapshot-id" => Some(v.snapshot_id.iter().cloned().collect()),
            "status" => Some(vec![v.state.name().into()]),
            "volume-id" => Some(vec![v.id.clone()]),
            "volume-type" => Some(vec![v.volume_type.clone()]),
            _ => None,
        }
    }
    fn tags(&self) -> Option<&Tags> {
        self.tags
    }
}

fn az_id(r: &Region, az: &str) -> String {
    r.info.zone(az).map(|z| z.id).unwrap_or_default()
}

/// The volumes a Describe call selects: by id (each must exist), then by filters.
fn select<'r>(w: &'r World, region: &str, ids: &[String], f: &Filters) -> Result<Vec<&'r Volume>, ApiError> {
    let reg = w.region(region)?;
    check_ids(w, region, ids)?;
    let f = filters(f);
    check_names::<VolumeFilter>(&f)?;
    let mut out = Vec::new();
    for v in reg.storage.volumes.values().filter(|v| ids.is_empty() || ids.contains(&v.id)) {
        if matches(&f, &VolumeFilter { volume: v, tags: reg.tags.get(&v.id), az_id: az_id(reg, &v.az) })? {
            out.push(v);
        }
    }
    Ok(out)
}

fn ids_with_max(ids: &[String], max: Option<i64>) -> Result<(), ApiError> {
    if !ids.is_empty() && max.is_some() {
        return Err(ApiError::invalid_parameter_combination("The parameter volumeSet cannot be used with the parameter maxResults").hint(
            "Either name the volumes (VolumeIds) or page through all of them (MaxResults), not both.",
            "VolumeIds로 지정하거나 MaxResults로 페이지를 나누세요. 둘을 함께 쓸 수는 없습니다.",
        ));
    }
    Ok(())
}

pub fn describe_volumes(w: &World, region: &str, r: DescribeVolumesRequest) -> Result<DescribeVolumesResponse, ApiError> {
    let _ = r.include_managed_resources;
    let ids = r.volume_ids.unwrap_or_default();
    ids_with_max(&ids, r.max_results)?;
    let reg = w.region(region)?;
    let vols: Vec<VolumeShape> = select(w, region, &ids, &r.filters)?.into_iter().map(|v| volume_shape(reg, v)).collect();
    let page = paginate(vols, r.max_results, r.next_token.as_deref(), (5, 500))?;
    Ok(DescribeVolumesResponse { volumes: page.items, next_token: page.next_token })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeVolumeStatusRequest {
    volume_ids: Option<Vec<String>>,
    include_managed_resources: Option<bool>,
    filters: Filters,
    next_token: Option<String>,
    max_results: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StatusDetail {
    name: String,
    status: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StatusInfo {
    details: Vec<StatusDetail>,
    status: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VolumeStatusItemShape {
    actions: Vec<()>,
    availability_zone: String,
    events: Vec<()>,
    volume_id: String,
    volume_status: StatusInfo,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVolumeStatusResponse {
    volume_statuses: Vec<VolumeStatusItemShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// Volumes never fail in ec2lab: every status check passes (`ok`) once the volume exists.
pub fn describe_volume_status(w: &World, region: &str, r: DescribeVolumeStatusRequest) -> Result<DescribeVolumeStatusResponse, ApiError> {
    let _ = r.include_managed_resources;
    let ids = r.volume_ids.unwrap_or_default();
    // The status filters are not the DescribeVolumes ones; only the common ones are answered.
    let f = filters(&r.filters);
    for x in &f {
        if !matches!(x.name.as_str(), "availability-zone" | "volume-status.status" | "volume-status.details-name" | "volume-status.details-status") {
            return Err(crate::query::unknown_filter(&x.name));
        }
    }
    check_ids(w, region, &ids)?;
    let reg = w.region(region)?;
    let mut out = Vec::new();
    for v in reg.storage.volumes.values().filter(|v| ids.is_empty() || ids.contains(&v.id)) {
        let status = if v.state == storage::VolumeState::Creating { "insufficient-data" } else { "ok" };
        let keep = f.iter().all(|x| {
            let have: Vec<String> = match x.name.as_str() {
                "availability-zone" => vec![v.az.clone()],
                "volume-status.status" => vec![status.into()],
                "volume-status.details-name" => vec!["io-enabled".into(), "io-performance".into()],
                _ => vec!["passed".into()],
            };
            x.values.iter().any(|want| have.iter().any(|h| crate::query::wildcard_match(want, h)))
        });
        if keep {
            out.push(VolumeStatusItemShape {
                actions: vec![],
                availability_zone: v.az.clone(),
                events: vec![],
                volume_id: v.id.clone(),
                volume_status: StatusInfo {
                    details: vec![
                        StatusDetail { name: "io-enabled".into(), status: "passed".into() },
                        StatusDetail { name: "io-performance".into(), status: "not-applicable".into() },
                    ],
                    status: status.into(),
                },
            });
        }
    }
    let page = paginate(out, r.max_results, r.next_token.as_deref(), (5, 1000))?;
    Ok(DescribeVolumeStatusResponse { volume_statuses: page.items, next_token: page.next_token })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeVolumeAttributeRequest {
    attribute: String,
    volume_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BoolValueShape {
    value: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVolumeAttributeResponse {
    volume_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    auto_enable_i_o: Option<BoolValueShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    product_codes: Option<Vec<()>>,
}

/// `autoEnableIO` is always false in ec2lab (volumes never get impaired); `productCodes` empty.
pub fn describe_volume_attribute(w: &World, region: &str, r: DescribeVolumeAttributeRequest) -> Result<DescribeVolumeAttributeResponse, ApiError> {
    w.region(region)?.storage.volume(&r.volume_id)?;
    let mut out = DescribeVolumeAttributeResponse { volume_id: r.volume_id, auto_enable_i_o: None, product_codes: None };
    match r.attribute.as_str() {
        "autoEnableIO" => out.auto_enable_i_o = Some(BoolValueShape { value: false }),
        "productCodes" => out.product_codes = Some(vec![]),
        other => {
            return Err(ApiError::invalid_parameter_value(format!("Value ({other}) for parameter attribute is invalid. Unknown attribute."))
                .hint("Volume attributes are autoEnableIO and productCodes.", "볼륨 속성은 autoEnableIO와 productCodes입니다."))
        }
    }
    Ok(out)
}
