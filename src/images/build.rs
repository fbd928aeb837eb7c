//! Making and unmaking the account's AMIs (aws-facts §6): CreateImage from an EBS-backed
//! instance (one snapshot per EBS volume), RegisterImage from a snapshot, CopyImage into
//! another region (snapshots copied in full), DeregisterImage (snapshots kept unless asked).
//!
//! Snapshots are the storage domain's (`storage::create_snapshot`, `copy_snapshot`,
//! `delete_snapshot`); this file marks them `in_use_by` the AMI, so DeleteSnapshot refuses
//! with `InvalidSnapshot.InUse` while the AMI is registered. An image is `pending` until every
//! snapshot behind it has completed, then `available` (`state_of`; derived from the snapshots,
//! so no event of its own is needed).
use super::custom::{check_name, check_name_free, images_using, owned, snapshot_ids};
use super::{BlockDeviceMapping, EbsMapping, Image, ProductCode};
use crate::error::ApiError;
use crate::sim::{clock::iso8601, IdGen};
use crate::storage::{self, RegionStorage, SnapshotState};
use crate::world::{World, ACCOUNT_ID};

/// The state DescribeImages shows: a `pending` image is `available` once all its snapshots have
/// completed (CreateImage and CopyImage take as long as their snapshots do).
pub fn state_of<'a>(image: &'a Image, storage: &RegionStorage) -> &'a str {
    if image.state == "pending" {
        let done = snapshot_ids(image).iter().all(|s| storage.snapshots.get(s).is_some_and(|x| x.state == SnapshotState::Completed));
        if done {
            return "available";
        }
    }
    &image.state
}

/// One BlockDeviceMappings entry of CreateImage or RegisterImage, as the API layer parsed it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MappingRequest {
    pub device_name: String,
    pub virtual_name: Option<String>,
    pub no_device: bool,
    pub ebs: Option<EbsRequest>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EbsRequest {
    pub snapshot_id: Option<String>,
    pub volume_size: Option<u32>,
    pub volume_type: Option<String>,
    pub delete_on_termination: Option<bool>,
    pub encrypted: Option<bool>,
    pub iops: Option<u32>,
    pub throughput: Option<u32>,
}

/// `(resource type, tags)` from TagSpecifications.
pub type TagSpecs = Vec<(String, Vec<(String, String)>)>;

fn check_tag_specs(w: &World, region: &str, specs: &TagSpecs, op: &str) -> Result<(), ApiError> {
    for (rtype, tags) in specs {
        if rtype != "image" && rtype != "snapshot" {
            return Err(ApiError::invalid_parameter_value(format!("'{rtype}' is not a valid taggable resource type for this operation.")).hint(
                format!("{op} can tag the 'image' and its 'snapshot' resources."),
                format!("{op}은(는) 'image'와 'snapshot' 리소스에만 태그를 달 수 있습니다."),
            ));
        }
        w.region(region)?.tags.check_set("new", tags)?;
    }
    Ok(())
}

fn tags_for(specs: &TagSpecs, rtype: &str) -> Vec<(String, String)> {
    specs.iter().filter(|(t, _)| t == rtype).flat_map(|(_, tags)| tags.iter().cloned()).collect()
}

fn invalid_mapping(message: String, en: &str, ko: &str) -> ApiError {
    ApiError::new("InvalidBlockDeviceMapping", message).hint(en, ko)
}

/// Marks the snapshots of `image` as used by it (DeleteSnapshot then refuses).
fn mark_in_use(storage: &mut RegionStorage, image: &Image) {
    for s in snapshot_ids(image) {
        if let Some(snap) = storage.snapshots.get_mut(&s) {
            snap.in_use_by.insert(image.id.clone());
        }
    }
}

pub struct CreateImageSpec {
    pub instance_id: String,
    pub name: String,
    pub description: Option<String>,
    pub no_reboot: bool,
    pub mappings: Vec<MappingRequest>,
    pub tags: TagSpecs,
}

/// CreateImage. Everything is checked on a scratch copy of the world, so a refusal (a volume
/// at its limit of pending snapshots, say) leaves the world as it was.
pub fn create_image(w: &mut World, region: &str, spec: &CreateImageSpec) -> Result<String, ApiError> {
    let mut scratch = w.clone();
    let id = create_image_in(&mut scratch, region, spec)?;
    *w = scratch;
    Ok(id)
}

fn create_image_in(w: &mut World, region: &str, spec: &CreateImageSpec) -> Result<String, ApiError> {
    let inst = crate::compute::instance(w, region, &spec.instance_id)?.clone();
    if inst.is_instance_store_backed() {
        // Code and message unconfirmed: AWS makes instance-store-backed AMIs with the AMI tools instead.
        return Err(ApiError::new("UnsupportedOperation", format!("The instance '{}' has an instance-store root device; CreateImage needs an EBS-backed instance.", inst.id)).hint(
            "CreateImage snapshots EBS volumes. An instance-store-backed instance has none to snapshot: its AMI is bundled to S3 with the AMI tools and registered with RegisterImage.",
            "CreateImage는 EBS 볼륨의 스냅샷을 만듭니다. 인스턴스 스토어 기반 인스턴스에는 스냅샷을 만들 EBS 루트가 없습니다(AMI 도구로 S3에 번들한 뒤 RegisterImage로 등록).",
        ));
    }
    let state = inst.state.name();
    if state != "running" && state != "stopped" {
        // Message unconfirmed; the rule (running or stopped) is BC:ec2/CreateImage.
        return Err(ApiError::new(
            "IncorrectInstanceState",
            format!("The instance '{}' is not in a state from which it can be imaged; it is {state}.", inst.id),
        )
        .hint(
            "An AMI can be made from a running or a stopped instance. Wait until it is running or stopped.",
            "AMI는 실행 중이거나 중지된 인스턴스에서만 만들 수 있습니다. running 또는 stopped가 될 때까지 기다리세요.",
        ));
    }
    check_name(&spec.name)?;
    check_name_free(&w.region(region)?.images, &spec.name)?;
    check_tag_specs(w, region, &spec.tags, "CreateImage")?;

    let attached: Vec<(String, storage::Volume, bool)> =
        w.regions[region].storage.attached_to(&inst.id).into_iter().map(|(a, v)| (a.device.clone(), v.clone(), a.delete_on_termination)).collect();
    let local: Vec<(String, String)> = w.regions[region]
        .storage
        .local
        .get(&inst.id)
        .into_iter()
        .flatten()
        .filter(|d| d.device_name != inst.root_device_name)
        .map(|d| (d.device_name.clone(), d.virtual_name.clone()))
        .collect();

    // The caller's mappings: only DeleteOnTermination may change for an existing EBS volume;
    // NoDevice leaves a device out; new entries add instance-store or empty EBS volumes.
    let mut dot: Vec<(String, bool)> = Vec::new();
    let mut dropped: Vec<String> = Vec::new();
    let mut extra: Vec<BlockDeviceMapping> = Vec::new();
    for m in &spec.mappings {
        let existing = attached.iter().find(|(d, _, _)| *d == m.device_name);
        if m.no_device {
            if m.device_name == inst.root_device_name {
                return Err(invalid_mapping(
                    format!("The root device {} cannot be suppressed.", m.device_name),
                    "An AMI needs its root volume; leave the root device out of NoDevice.",
                    "AMI에는 루트 볼륨이 필요합니다. 루트 장치에는 NoDevice를 쓰지 마세요.",
                ));
            }
            dropped.push(m.device_name.clone());
            continue;
        }
        match (existing, &m.ebs, &m.virtual_name) {
            (Some((_, v, _)), Some(e), None) => {
                let changed = e.snapshot_id.is_some()
                    || e.volume_size.is_some_and(|s| s != v.size_gib)
                    || e.volume_type.as_deref().is_some_and(|t| t != v.volume_type)
                    || e.encrypted.is_some_and(|x| x != v.encrypted)
                    || e.iops.is_some_and(|x| Some(x) != v.iops)
                    || e.throughput.is_some_and(|x| Some(x) != v.throughput);
                if changed {
                    return Err(invalid_mapping(
                        format!("Only DeleteOnTermination can be changed for the existing volume {} ({}).", m.device_name, v.id),
                        "CreateImage copies the instance's volumes as they are. To change size or type, modify the volume first (modify_volume); to encrypt, copy the image (copy_image with Encrypted=True).",
                        "CreateImage는 인스턴스의 볼륨을 그대로 복사합니다. 크기나 유형은 먼저 modify_volume으로, 암호화는 copy_image(Encrypted=True)로 바꾸세요.",
                    ));
                }
                if let Some(d) = e.delete_on_termination {
                    dot.push((m.device_name.clone(), d));
                }
            }
            (Some(_), _, _) => {
                return Err(invalid_mapping(
                    format!("The device {} is an EBS volume of the instance; it cannot be mapped to an instance-store volume.", m.device_name),
                    "Use another device name for an instance-store volume.",
                    "인스턴스 스토어 볼륨에는 다른 장치 이름을 쓰세요.",
                ))
            }
            (None, None, Some(vn)) if vn.starts_with("ephemeral") && vn[9..].parse::<u8>().is_ok_and(|n| n <= 23) => {
                extra.push(BlockDeviceMapping { device_name: m.device_name.clone(), ebs: None, virtual_name: Some(vn.clone()) })
            }
            (None, Some(e), None) if e.snapshot_id.is_none() => {
                let volume_type = e.volume_type.clone().unwrap_or_else(|| "gp2".into());
                let size = e.volume_size.ok_or_else(|| {
                    invalid_mapping(
                        format!("The new volume {} needs a VolumeSize.", m.device_name),
                        "A new, empty EBS volume in an AMI needs its size in GiB.",
                        "AMI에 새 빈 EBS 볼륨을 넣으려면 VolumeSize(GiB)가 필요합니다.",
                    )
                })?;
                let settings = storage::types::check_settings(&volume_type, size, e.iops.map(i64::from), e.throughput.map(i64::from))?;
                extra.push(BlockDeviceMapping {
                    device_name: m.device_name.clone(),
                    ebs: Some(EbsMapping {
                        snapshot_id: None,
                        volume_size_gib: size,
                        volume_type,
                        delete_on_termination: e.delete_on_termination.unwrap_or(true),
                        encrypted: e.encrypted.unwrap_or(false),
                        iops: settings.iops,
                        throughput: settings.throughput,
                    }),
                    virtual_name: None,
                })
            }
            _ => {
                return Err(invalid_mapping(
                    format!("The block device mapping for {} is not valid.", m.device_name),
                    "A CreateImage mapping changes DeleteOnTermination of an existing volume, suppresses a device (NoDevice), adds an instance-store volume (VirtualName ephemeralN) or an empty EBS volume (Ebs with VolumeSize).",
                    "CreateImage 매핑으로는 기존 볼륨의 DeleteOnTermination 변경, 장치 제외(NoDevice), 인스턴스 스토어(VirtualName ephemeralN) 또는 빈 EBS 볼륨 추가만 할 수 있습니다.",
                ))
            }
        }
    }

    // NoReboot=false (the default): the instance is rebooted first, so the file systems are consistent.
    if !spec.no_reboot && state == "running" {
        crate::compute::reboot(w, region, std::slice::from_ref(&inst.id))?;
    }
    let ami = IdGen::new_id(&mut w.rng, "ami");
    let snapshot_tags = tags_for(&spec.tags, "snapshot");
    let mut mappings = Vec::new();
    for (device, v, keep) in &attached {
        if dropped.contains(device) {
            continue;
        }
        let description = format!("Created by CreateImage({}) for {ami}", inst.id);
        let snap = storage::create_snapshot(w, region, &v.id, &description, &snapshot_tags)?;
        let delete_on_termination = dot.iter().find(|(d, _)| d == device).map_or(*keep, |(_, d)| *d);
        mappings.push(BlockDeviceMapping {
            device_name: device.clone(),
            ebs: Some(EbsMapping {
                snapshot_id: Some(snap),
                volume_size_gib: v.size_gib,
                volume_type: v.volume_type.clone(),
                delete_on_termination,
                encrypted: v.encrypted,
                iops: if matches!(v.volume_type.as_str(), "gp3" | "io1" | "io2") { v.iops } else { None },
                throughput: v.throughput,
            }),
            virtual_name: None,
        });
    }
    // Instance-store volumes are listed (their data is not captured).
    for (device, virtual_name) in local {
        if !dropped.contains(&device) && !extra.iter().any(|m| m.device_name == device) {
            mappings.push(BlockDeviceMapping { device_name: device, ebs: None, virtual_name: Some(virtual_name) });
        }
    }
    mappings.extend(extra);
    let source = w.regions[region].images.images.get(&inst.image_id).cloned();
    let image = Image {
        id: ami.clone(),
        name: spec.name.clone(),
        description: spec.description.clone().unwrap_or_default(),
        owner_id: ACCOUNT_ID.into(),
        owner_alias: None,
        architecture: inst.architecture.clone(),
        root_device_type: "ebs".into(),
        root_device_name: inst.root_device_name.clone(),
        virtualization_type: inst.virtualization_type.clone(),
        platform: inst.platform.clone(),
        platform_details: inst.platform_details.clone(),
        usage_operation: inst.usage_operation.clone(),
        block_device_mappings: mappings,
        product_codes: inst.product_codes.iter().map(|(id, kind)| ProductCode { id: id.clone(), kind: kind.clone() }).collect(),
        public: false,
        state: "pending".into(),
        creation_date: iso8601(w.now()),
        ena_support: inst.ena_support,
        sriov_net_support: inst.sriov_net_support.then(|| "simple".into()),
        hypervisor: inst.hypervisor.clone(),
        image_location: format!("{ACCOUNT_ID}/{}", spec.name),
        boot_mode: inst.boot_mode.clone(),
        imds_support: source.and_then(|s| s.imds_support),
        source_instance_id: Some(inst.id.clone()),
        ..Default::default()
    };
    let r = w.region_mut(region)?;
    mark_in_use(&mut r.storage, &image);
    let image_tags = tags_for(&spec.tags, "image");
    if !image_tags.is_empty() {
        r.tags.set(&ami, &image_tags);
    }
    r.images.images.insert(ami.clone(), image);
    Ok(ami)
}

pub struct RegisterImageSpec {
    pub name: String,
    pub description: Option<String>,
    pub architecture: Option<String>,
    pub root_device_name: Option<String>,
    pub mappings: Vec<MappingRequest>,
    pub virtualization_type: Option<String>,
    pub ena_support: Option<bool>,
    pub sriov_net_support: Option<String>,
    pub boot_mode: Option<String>,
    pub imds_support: Option<String>,
    pub tags: TagSpecs,
}

const ARCHITECTURES: &[&str] = &["i386", "x86_64", "arm64", "x86_64_mac", "arm64_mac"];

/// RegisterImage of an EBS-backed AMI from snapshots (`ImageLocation`, the S3 bundle of an
/// instance-store AMI, is refused by the API layer as not modelled).
pub fn register_image(w: &mut World, region: &str, spec: &RegisterImageSpec) -> Result<String, ApiError> {
    check_name(&spec.name)?;
    let reg = w.region(region)?;
    check_name_free(&reg.images, &spec.name)?;
    check_tag_specs(w, region, &spec.tags, "RegisterImage")?;
    // BC:ec2/RegisterImage: Architecture defaults to i386 and VirtualizationType to paravirtual.
    let architecture = spec.architecture.clone().unwrap_or_else(|| "i386".into());
    if !ARCHITECTURES.contains(&architecture.as_str()) {
        return Err(ApiError::invalid_parameter_value(format!(
            "Value ({architecture}) for parameter architecture is invalid. Valid values: {}",
            ARCHITECTURES.join(", ")
        ))
        .hint("Architecture is x86_64 (Intel/AMD), arm64 (Graviton), or i386.", "Architecture는 x86_64(Intel/AMD), arm64(Graviton), i386 중 하나입니다."));
    }
    let virtualization_type = spec.virtualization_type.clone().unwrap_or_else(|| "paravirtual".into());
    if virtualization_type != "hvm" && virtualization_type != "paravirtual" {
        return Err(ApiError::invalid_parameter_value(format!(
            "Value ({virtualization_type}) for parameter virtualizationType is invalid. Valid values: hvm, paravirtual"
        ))
        .hint("Current instance types need VirtualizationType='hvm'.", "현재 인스턴스 유형에는 VirtualizationType='hvm'이 필요합니다."));
    }
    if let Some(b) = &spec.boot_mode {
        if !matches!(b.as_str(), "legacy-bios" | "uefi" | "uefi-preferred") {
            return Err(ApiError::invalid_parameter_value(format!(
                "Value ({b}) for parameter bootMode is invalid. Valid values: legacy-bios, uefi, uefi-preferred"
            ))
            .hint("BootMode is legacy-bios, uefi or uefi-preferred.", "BootMode는 legacy-bios, uefi, uefi-preferred 중 하나입니다."));
        }
    }
    let root = spec.root_device_name.clone().ok_or_else(|| {
        ApiError::missing_parameter("The request must contain the parameter rootDeviceName").hint(
            "An EBS-backed AMI names its root device (e.g. /dev/xvda) and maps it to a snapshot in BlockDeviceMappings.",
            "EBS 기반 AMI에는 루트 장치 이름(예: /dev/xvda)과 그 장치의 스냅샷 매핑(BlockDeviceMappings)이 필요합니다.",
        )
    })?;
    let storage = &reg.storage;
    let mut mappings = Vec::new();
    for m in &spec.mappings {
        if m.no_device {
            continue;
        }
        if let Some(vn) = &m.virtual_name {
            mappings.push(BlockDeviceMapping { device_name: m.device_name.clone(), ebs: None, virtual_name: Some(vn.clone()) });
            continue;
        }
        let Some(e) = &m.ebs else {
            return Err(invalid_mapping(
                format!("The block device mapping for {} has neither Ebs nor VirtualName.", m.device_name),
                "Each mapping is an EBS volume (Ebs with a SnapshotId or a VolumeSize) or an instance-store volume (VirtualName).",
                "매핑마다 EBS 볼륨(Ebs와 SnapshotId 또는 VolumeSize)이나 인스턴스 스토어 볼륨(VirtualName)을 지정해야 합니다.",
            ));
        };
        let (snap_size, encrypted) = match &e.snapshot_id {
            Some(s) => {
                let snap = storage.snapshot(s)?;
                if snap.owner_id != ACCOUNT_ID && !snap.public {
                    return Err(storage::snapshot_not_found(s));
                }
                if snap.state != SnapshotState::Completed {
                    return Err(ApiError::new("IncorrectState", format!("Snapshot '{s}' is not 'completed'.")).hint(
                        "An AMI can be registered only from completed snapshots: wait for it (waiter snapshot_completed).",
                        "완료된 스냅샷으로만 AMI를 등록할 수 있습니다. snapshot_completed 웨이터로 기다리세요.",
                    ));
                }
                if e.encrypted.is_some() {
                    return Err(ApiError::invalid_parameter_combination(format!(
                        "The encryption state of {} comes from snapshot {s}; Encrypted cannot be given.",
                        m.device_name
                    ))
                    .hint(
                        "A volume from a snapshot is encrypted exactly when the snapshot is. To encrypt, copy the snapshot with Encrypted=True first.",
                        "스냅샷에서 만든 볼륨의 암호화 여부는 스냅샷을 따릅니다. 암호화하려면 먼저 copy_snapshot(Encrypted=True)을 쓰세요.",
                    ));
                }
                (Some(snap.volume_size_gib), snap.encrypted)
            }
            None => (None, e.encrypted.unwrap_or(false)),
        };
        let volume_type = e.volume_type.clone().unwrap_or_else(|| "gp2".into());
        let size = match (e.volume_size, snap_size) {
            (Some(v), Some(s)) if v < s => {
                return Err(invalid_mapping(
                    format!("Volume of size {v}GB is smaller than snapshot '{}', expect size >= {s}GB", e.snapshot_id.clone().unwrap_or_default()),
                    "A volume made from a snapshot is at least as large as the snapshot.",
                    "스냅샷으로 만드는 볼륨은 스냅샷보다 작을 수 없습니다.",
                ))
            }
            (Some(v), _) => v,
            (None, Some(s)) => s,
            (None, None) => {
                return Err(invalid_mapping(
                    format!("The block device mapping for {} needs a SnapshotId or a VolumeSize.", m.device_name),
                    "Give the snapshot to restore, or the size of a new empty volume.",
                    "복원할 스냅샷이나 새 빈 볼륨의 크기를 지정하세요.",
                ))
            }
        };
        let settings = storage::types::check_settings(&volume_type, size, e.iops.map(i64::from), e.throughput.map(i64::from))?;
        mappings.push(BlockDeviceMapping {
            device_name: m.device_name.clone(),
            ebs: Some(EbsMapping {
                snapshot_id: e.snapshot_id.clone(),
                volume_size_gib: size,
                volume_type,
                delete_on_termination: e.delete_on_termination.unwrap_or(true),
                encrypted,
                iops: settings.iops.filter(|_| e.iops.is_some() || e.volume_type.as_deref() == Some("gp3")),
                throughput: settings.throughput,
            }),
            virtual_name: None,
        });
    }
    if !mappings.iter().any(|m| m.device_name == root && m.ebs.as_ref().is_some_and(|e| e.snapshot_id.is_some())) {
        return Err(invalid_mapping(
            format!("The root device {root} must be mapped to an EBS snapshot."),
            "Map the root device to the snapshot of a root volume: BlockDeviceMappings=[{'DeviceName': root, 'Ebs': {'SnapshotId': 'snap-…'}}].",
            "루트 장치를 루트 볼륨의 스냅샷에 매핑하세요: BlockDeviceMappings=[{'DeviceName': 루트, 'Ebs': {'SnapshotId': 'snap-…'}}].",
        ));
    }
    let ami = IdGen::new_id(&mut w.rng, "ami");
    let image = Image {
        id: ami.clone(),
        name: spec.name.clone(),
        description: spec.description.clone().unwrap_or_default(),
        owner_id: ACCOUNT_ID.into(),
        architecture,
        root_device_type: "ebs".into(),
        root_device_name: root,
        virtualization_type,
        platform_details: "Linux/UNIX".into(),
        usage_operation: "RunInstances".into(),
        block_device_mappings: mappings,
        state: "available".into(),
        creation_date: iso8601(w.now()),
        ena_support: spec.ena_support.unwrap_or(false),
        sriov_net_support: spec.sriov_net_support.clone(),
        hypervisor: "xen".into(),
        image_location: format!("{ACCOUNT_ID}/{}", spec.name),
        boot_mode: spec.boot_mode.clone(),
        imds_support: spec.imds_support.clone(),
        ..Default::default()
    };
    let r = w.region_mut(region)?;
    mark_in_use(&mut r.storage, &image);
    let image_tags = tags_for(&spec.tags, "image");
    if !image_tags.is_empty() {
        r.tags.set(&ami, &image_tags);
    }
    r.images.images.insert(ami.clone(), image);
    Ok(ami)
}

pub struct CopyImageSpec {
    pub source_region: String,
    pub source_image_id: String,
    pub name: String,
    pub description: Option<String>,
    pub encrypted: Option<bool>,
    pub copy_image_tags: bool,
    pub tags: TagSpecs,
}

/// CopyImage, called in the destination region `region`: a new AMI id, every backing snapshot
/// copied in full; launch permissions are not copied, tags only with CopyImageTags; an
/// encrypted image's copy is encrypted.
pub fn copy_image(w: &mut World, region: &str, spec: &CopyImageSpec) -> Result<String, ApiError> {
    let mut scratch = w.clone();
    let id = copy_image_in(&mut scratch, region, spec)?;
    *w = scratch;
    Ok(id)
}

fn copy_image_in(w: &mut World, region: &str, spec: &CopyImageSpec) -> Result<String, ApiError> {
    w.region(region)?;
    let src_reg = w.region(&spec.source_region)?;
    let src = src_reg.images.resolve(&spec.source_image_id)?;
    if !src.launchable_by(ACCOUNT_ID) {
        return Err(super::image_not_found(&spec.source_image_id));
    }
    if src.root_device_type != "ebs" {
        return Err(ApiError::new("Unsupported", format!("ec2lab does not simulate copying the instance-store-backed AMI {}.", src.id)).hint(
            "Only EBS-backed AMIs can be copied in ec2lab (their snapshots are copied).",
            "ec2lab에서는 EBS 기반 AMI만 복사할 수 있습니다(스냅샷을 복사).",
        ));
    }
    if state_of(src, &src_reg.storage) != "available" {
        return Err(ApiError::new(
            "IncorrectState",
            format!("The image '{}' is not in the 'available' state; it is {}.", src.id, state_of(src, &src_reg.storage)),
        )
        .hint(
            "An AMI can be copied once it is available: its snapshots must have completed first (waiter image_available).",
            "AMI는 available 상태가 된 뒤에 복사할 수 있습니다(스냅샷 완료 후, image_available 웨이터).",
        ));
    }
    let src = src.clone();
    check_name(&spec.name)?;
    check_name_free(&w.region(region)?.images, &spec.name)?;
    check_tag_specs(w, region, &spec.tags, "CopyImage")?;
    let ami = IdGen::new_id(&mut w.rng, "ami");
    let encrypt = spec.encrypted.unwrap_or(false);
    let snapshot_tags = tags_for(&spec.tags, "snapshot");
    let mut mappings = Vec::new();
    for m in &src.block_device_mappings {
        let mut m = m.clone();
        if let Some(e) = m.ebs.as_mut() {
            if let Some(s) = &e.snapshot_id {
                let description = format!("Copied for DestinationAmi {ami} from SourceAmi {} for SourceSnapshot {s}", src.id);
                let copy = storage::copy_snapshot(w, region, &spec.source_region, s, Some(&description), encrypt, &snapshot_tags)?;
                e.encrypted = w.regions[region].storage.snapshots[&copy].encrypted;
                e.snapshot_id = Some(copy);
            } else {
                e.encrypted = e.encrypted || encrypt;
            }
        }
        mappings.push(m);
    }
    let source_tags: Vec<(String, String)> = if spec.copy_image_tags {
        w.regions[spec.source_region.as_str()].tags.of(&src.id).into_iter().filter(|(k, _)| !k.starts_with("aws:")).collect()
    } else {
        Vec::new()
    };
    let image = Image {
        id: ami.clone(),
        name: spec.name.clone(),
        description: spec.description.clone().unwrap_or_else(|| src.description.clone()),
        owner_id: ACCOUNT_ID.into(),
        owner_alias: None,
        block_device_mappings: mappings,
        public: false,
        launch_permissions: Vec::new(),
        state: "pending".into(),
        creation_date: iso8601(w.now()),
        image_location: format!("{ACCOUNT_ID}/{}", spec.name),
        deprecation_time: None,
        free_tier_eligible: false,
        source_instance_id: None,
        source_image_id: Some(src.id.clone()),
        source_image_region: Some(spec.source_region.clone()),
        ..src
    };
    let r = w.region_mut(region)?;
    mark_in_use(&mut r.storage, &image);
    let mut image_tags = source_tags;
    image_tags.extend(tags_for(&spec.tags, "image"));
    if !image_tags.is_empty() {
        r.tags.set(&ami, &image_tags);
    }
    r.images.images.insert(ami.clone(), image);
    Ok(ami)
}

/// DeregisterImage. Instances launched from it keep running. With `delete_snapshots`, each
/// snapshot behind it is deleted unless another AMI still uses it (`skipped`). Returns
/// `(snapshot id, return code)` for each snapshot considered.
pub fn deregister_image(w: &mut World, region: &str, id: &str, delete_snapshots: bool) -> Result<Vec<(String, String)>, ApiError> {
    let image = owned(&w.region(region)?.images, id)?.clone();
    let snaps = snapshot_ids(&image);
    let r = w.region_mut(region)?;
    r.images.images.remove(id);
    r.tags.forget(id);
    for s in &snaps {
        if let Some(snap) = r.storage.snapshots.get_mut(s) {
            snap.in_use_by.remove(id);
        }
    }
    let mut results = Vec::new();
    if delete_snapshots {
        for s in snaps {
            let others = images_using(&w.regions[region].images, &s).count();
            let code = match w.regions[region].storage.snapshots.get(&s) {
                None => "client-error",
                Some(snap) if snap.owner_id != ACCOUNT_ID => "missing-permissions",
                Some(_) if others > 0 => "skipped",
                Some(_) => match storage::delete_snapshot(w, region, &s) {
                    Ok(()) => "success",
                    Err(_) => "client-error",
                },
            };
            results.push((s, code.to_string()));
        }
    }
    Ok(results)
}

/// RunInstances of an image whose snapshots are still being taken or copied: AWS refuses with
/// `InvalidAMIID.Unavailable` ("not in a state from which you can launch an instance"; the exact
/// message is unconfirmed). For the launch path: `check_launchable(&image, &region.storage)?`.
pub fn check_launchable(image: &Image, storage: &RegionStorage) -> Result<(), ApiError> {
    let state = state_of(image, storage);
    if state == "available" {
        return Ok(());
    }
    Err(ApiError::new("InvalidAMIID.Unavailable", format!("The image id '[{}]' is not available; it is {state}.", image.id)).hint(
        "A new AMI is pending until the snapshots behind it are complete. Wait for it (waiter image_available), then launch.",
        "새 AMI는 뒤에 있는 스냅샷이 완료될 때까지 pending입니다. image_available 웨이터로 기다린 뒤 시작하세요.",
    ))
}
