//! The root EBS volume of a launch: the AMI's mapping, optionally overridden by the caller's
//! BlockDeviceMappings entry for the root device (size, type, IOPS, throughput, encryption,
//! DeleteOnTermination). `block_devices.rs` turns it into a real volume in storage.
use crate::error::ApiError;
use crate::images::Image;

/// What a BlockDeviceMappings entry for the root device asks to change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RootOverride {
    pub volume_size: Option<u32>,
    pub volume_type: Option<String>,
    pub delete_on_termination: Option<bool>,
    pub encrypted: Option<bool>,
    pub iops: Option<u32>,
    pub throughput: Option<u32>,
    /// For a non-root EBS mapping: the snapshot to restore (the root always uses the AMI's).
    pub snapshot_id: Option<String>,
}

/// One BlockDeviceMappings entry of a launch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeviceMapping {
    pub device_name: String,
    pub ebs: Option<RootOverride>,
    pub virtual_name: Option<String>,
    pub no_device: bool,
}

/// Picks the entry for the AMI's root device (the other entries go to `block_devices.rs`).
pub fn root_override(image: &Image, mappings: &[DeviceMapping]) -> Result<Option<RootOverride>, ApiError> {
    let mut root = None;
    for m in mappings {
        if m.device_name == image.root_device_name && !m.no_device && m.virtual_name.is_none() {
            root = m.ebs.clone().or(Some(RootOverride::default()));
        } else if m.device_name == image.root_device_name {
            return Err(ApiError::new(
                "InvalidBlockDeviceMapping",
                format!("The root device {} cannot be suppressed or mapped to an instance-store volume.", m.device_name),
            )
            .hint(
                "Every instance needs its root volume; change its size or type with an Ebs entry instead.",
                "모든 인스턴스에는 루트 볼륨이 필요합니다. 대신 Ebs 항목으로 크기나 유형을 바꾸세요.",
            ));
        }
        // Other devices are the storage plan's (block_devices.rs).
    }
    Ok(root)
}

/// The root volume a launch will create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootSpec {
    pub size_gib: u32,
    pub volume_type: String,
    pub delete_on_termination: bool,
    pub encrypted: bool,
    pub iops: Option<u32>,
    pub throughput: Option<u32>,
}

/// Size bounds in GiB per volume type (BC:ec2/CreateVolume Size); st1 and sc1 cannot boot.
fn size_bounds(volume_type: &str) -> Option<(u32, u32)> {
    Some(match volume_type {
        "gp2" => (1, 16_384),
        "gp3" => (1, 65_536),
        "io1" => (4, 16_384),
        "io2" => (4, 65_536),
        "standard" => (1, 1_024),
        "st1" | "sc1" => (125, 16_384),
        _ => return None,
    })
}

pub fn root_spec(image: &Image, o: Option<&RootOverride>) -> Result<Option<RootSpec>, ApiError> {
    let Some(ebs) = image.root_mapping().and_then(|m| m.ebs.as_ref()) else {
        if o.is_some() {
            return Err(ApiError::new(
                "InvalidBlockDeviceMapping",
                format!("The AMI {} has an instance-store root device; its root cannot be given EBS settings.", image.id),
            )
            .hint(
                "Only an EBS-backed AMI has a root EBS volume whose size or type can be changed at launch.",
                "EBS 기반 AMI만 시작할 때 루트 EBS 볼륨의 크기나 유형을 바꿀 수 있습니다.",
            ));
        }
        return Ok(None);
    };
    let o = o.cloned().unwrap_or_default();
    let volume_type = o.volume_type.unwrap_or_else(|| ebs.volume_type.clone());
    let (lo, hi) = size_bounds(&volume_type).ok_or_else(|| {
        ApiError::invalid_parameter_value(format!(
            "Value ({volume_type}) for parameter volumeType is invalid. Valid values are: standard, io1, io2, gp2, sc1, st1, gp3."
        ))
        .hint("EBS volume types are gp3, gp2, io1, io2, st1, sc1 and standard.", "EBS 볼륨 유형은 gp3, gp2, io1, io2, st1, sc1, standard입니다.")
    })?;
    if volume_type == "st1" || volume_type == "sc1" {
        return Err(ApiError::new("InvalidBlockDeviceMapping", format!("The volume type {volume_type} cannot be used for a root (boot) volume.")).hint(
            "Throughput-optimized (st1) and cold (sc1) HDD volumes cannot boot an instance. Use gp3 (or gp2, io1, io2) for the root volume.",
            "처리량 최적화(st1)·콜드(sc1) HDD 볼륨으로는 부팅할 수 없습니다. 루트 볼륨은 gp3(또는 gp2, io1, io2)를 쓰세요.",
        ));
    }
    let size = o.volume_size.unwrap_or(ebs.volume_size_gib);
    if size < ebs.volume_size_gib {
        let snap = ebs.snapshot_id.clone().unwrap_or_default();
        return Err(ApiError::new(
            "InvalidBlockDeviceMapping",
            format!("Volume of size {size}GB is smaller than snapshot '{snap}', expect size >= {}GB", ebs.volume_size_gib),
        )
        .hint(
            "The root volume is created from the AMI's snapshot, so it can be larger than the snapshot but never smaller.",
            "루트 볼륨은 AMI의 스냅샷으로 만들어지므로 스냅샷보다 클 수는 있어도 작을 수는 없습니다.",
        ));
    }
    if size < lo || size > hi {
        return Err(ApiError::invalid_parameter_value(format!("Volume size {size} GiB is out of range for {volume_type}: {lo}-{hi} GiB."))
            .hint(format!("{volume_type} volumes are {lo} to {hi} GiB."), format!("{volume_type} 볼륨은 {lo}~{hi} GiB입니다.")));
    }
    let iops = match (volume_type.as_str(), o.iops) {
        ("io1" | "io2", None) => {
            return Err(ApiError::missing_parameter("The request must contain the parameter iops")
                .hint("Provisioned IOPS volumes (io1, io2) need Iops: the I/O rate you pay for.", "프로비저닝된 IOPS 볼륨(io1, io2)에는 Iops가 필요합니다."))
        }
        ("gp2" | "st1" | "sc1" | "standard", Some(_)) => {
            return Err(ApiError::invalid_parameter_combination(format!("The parameter iops is not supported for {volume_type} volumes.")).hint(
                "Only gp3, io1 and io2 take Iops; gp2 scales with size (3 IOPS per GiB).",
                "Iops는 gp3, io1, io2에만 줄 수 있습니다. gp2는 크기에 비례합니다(GiB당 3 IOPS).",
            ))
        }
        (_, i) => i.or(if volume_type == "gp3" { ebs.iops.or(Some(3000)) } else { None }),
    };
    if o.throughput.is_some() && volume_type != "gp3" {
        return Err(ApiError::invalid_parameter_combination(format!("The parameter throughput is not supported for {volume_type} volumes."))
            .hint("Only gp3 volumes take Throughput.", "Throughput은 gp3 볼륨에만 줄 수 있습니다."));
    }
    let throughput = if volume_type == "gp3" { o.throughput.or(ebs.throughput).or(Some(125)) } else { None };
    // Encryption can be added at launch but never removed from an encrypted snapshot.
    let encrypted = ebs.encrypted || o.encrypted.unwrap_or(false);
    Ok(Some(RootSpec {
        size_gib: size,
        volume_type,
        delete_on_termination: o.delete_on_termination.unwrap_or(ebs.delete_on_termination),
        encrypted,
        iops,
        throughput,
    }))
}
