//! A launch's block devices: the AMI's mappings merged with the caller's BlockDeviceMappings
//! into the EBS volumes and instance-store disks the storage domain creates (aws-facts §7.1, §7.3).
//! The root entry itself is handled by `root_volume.rs`.
use super::root_volume::{DeviceMapping, RootSpec};
use crate::catalog::InstanceType;
use crate::error::ApiError;
use crate::images::Image;
use crate::storage::{self, LaunchDisk, LaunchVolume};
use crate::world::World;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoragePlan {
    /// The root first (for EBS-backed images), then the other EBS volumes by device name.
    pub volumes: Vec<LaunchVolume>,
    pub disks: Vec<LaunchDisk>,
}

fn bad_mapping(msg: String, en: &str, ko: &str) -> ApiError {
    ApiError::new("InvalidBlockDeviceMapping", msg).hint(en, ko)
}

/// A non-root device: its name, the AMI's EBS mapping, its virtual name, the caller's entry.
type Slot<'a> = (String, Option<&'a crate::images::EbsMapping>, Option<String>, Option<&'a DeviceMapping>);

/// Instance-store-backed roots are 10 GiB at most (UG:ComponentsAMIs).
const STORE_ROOT_BYTES: u64 = 10 * storage::GIB;

pub fn storage_plan(
    w: &World,
    region: &str,
    image: &Image,
    itype: &InstanceType,
    mappings: &[DeviceMapping],
    root: Option<&RootSpec>,
) -> Result<StoragePlan, ApiError> {
    let mut plan = StoragePlan::default();
    if let Some(r) = root {
        let snapshot_id = image.root_mapping().and_then(|m| m.ebs.as_ref()).and_then(|e| e.snapshot_id.clone());
        plan.volumes.push(LaunchVolume {
            device_name: image.root_device_name.clone(),
            snapshot_id,
            volume_type: r.volume_type.clone(),
            size_gib: r.size_gib,
            iops: r.iops,
            throughput: r.throughput,
            encrypted: r.encrypted,
            delete_on_termination: r.delete_on_termination,
        });
    }
    // Every non-root device: the AMI's mapping unless the caller maps or suppresses that device.
    let mut devices: Vec<Slot> = Vec::new();
    for m in image.block_device_mappings.iter().filter(|m| m.device_name != image.root_device_name) {
        devices.push((m.device_name.clone(), m.ebs.as_ref(), m.virtual_name.clone(), None));
    }
    for m in mappings.iter().filter(|m| m.device_name != image.root_device_name) {
        if !storage::attachments::valid_device_name(&m.device_name) {
            return Err(bad_mapping(
                format!("Invalid device name {}", m.device_name),
                "Device names look like /dev/sdf (/dev/sd[b-z] or /dev/xvd[b-z]).",
                "장치 이름은 /dev/sdf 형식입니다(/dev/sd[b-z] 또는 /dev/xvd[b-z]).",
            ));
        }
        if mappings.iter().filter(|o| o.device_name == m.device_name).count() > 1 {
            return Err(bad_mapping(
                format!("The device name {} is used more than once.", m.device_name),
                "Each BlockDeviceMappings entry needs its own device name.",
                "BlockDeviceMappings 항목마다 다른 장치 이름이 필요합니다.",
            ));
        }
        devices.retain(|d| d.0 != m.device_name);
        if !m.no_device {
            devices.push((m.device_name.clone(), None, m.virtual_name.clone(), Some(m)));
        }
    }
    devices.sort_by(|a, b| a.0.cmp(&b.0));
    let disk_count: u32 = itype.instance_store.iter().map(|d| d.count).sum();
    let disk_kind = |k: u32| {
        let mut n = 0;
        for d in &itype.instance_store {
            if k < n + d.count {
                return (d.kind.clone(), d.size_gb);
            }
            n += d.count;
        }
        ("ssd".to_string(), 0)
    };
    let mut mapped_disks: Vec<(u32, String)> = Vec::new();
    for (device, image_ebs, virtual_name, caller) in devices {
        if let Some(v) = virtual_name {
            let k = v.strip_prefix("ephemeral").and_then(|n| n.parse::<u32>().ok()).filter(|k| *k <= 23);
            let Some(k) = k else {
                return Err(bad_mapping(
                    format!("Invalid virtual name {v}; expecting ephemeral0 to ephemeral23."),
                    "Instance-store volumes are named ephemeral0 to ephemeral23.",
                    "인스턴스 스토어 볼륨 이름은 ephemeral0 ~ ephemeral23입니다.",
                ));
            };
            if caller.is_some_and(|c| c.ebs.is_some()) {
                return Err(bad_mapping(
                    format!("The device {device} cannot be both an EBS volume and an instance-store volume."),
                    "Give either Ebs or VirtualName in one mapping.",
                    "한 매핑에는 Ebs 또는 VirtualName 중 하나만 주세요.",
                ));
            }
            if k >= disk_count {
                if caller.is_some() {
                    return Err(bad_mapping(
                        format!("The instance type {} does not have instance-store volume {v} (it has {disk_count}).", itype.name),
                        "Instance-store volumes exist only on types with local disks (m5d, c5d, i3, ...), and only as many as the type has. They can only be mapped at launch.",
                        "인스턴스 스토어 볼륨은 로컬 디스크가 있는 유형(m5d, c5d, i3 등)에만, 그 유형이 가진 개수만큼만 있으며 시작할 때만 매핑할 수 있습니다.",
                    ));
                }
                continue; // the AMI's extra slots are ignored on a type with fewer disks
            }
            mapped_disks.push((k, device));
            continue;
        }
        let o = caller.and_then(|c| c.ebs.clone());
        if caller.is_some() && o.is_none() {
            return Err(bad_mapping(
                format!("The mapping for {device} needs Ebs, VirtualName or NoDevice."),
                "Say what the device is: Ebs={...} for a new EBS volume, VirtualName='ephemeral0' for instance store, or NoDevice='' to suppress an AMI mapping.",
                "장치가 무엇인지 주세요: 새 EBS 볼륨은 Ebs={...}, 인스턴스 스토어는 VirtualName='ephemeral0', AMI 매핑을 없애려면 NoDevice=''.",
            ));
        }
        let o = o.unwrap_or_default();
        let snapshot_id = o.snapshot_id.clone().or_else(|| image_ebs.and_then(|e| e.snapshot_id.clone()));
        let volume_type = o.volume_type.clone().or_else(|| image_ebs.map(|e| e.volume_type.clone())).unwrap_or_else(|| "gp2".into());
        let spec = storage::VolumeSpec {
            availability_zone: String::new(),
            size_gib: o.volume_size.map(i64::from).or_else(|| image_ebs.map(|e| e.volume_size_gib as i64)),
            volume_type: Some(volume_type.clone()),
            iops: o.iops.map(i64::from).or_else(|| if o.volume_type.is_none() { image_ebs.and_then(|e| e.iops).map(i64::from) } else { None }),
            throughput: o
                .throughput
                .map(i64::from)
                .or_else(|| if o.volume_type.is_none() { image_ebs.and_then(|e| e.throughput).map(i64::from) } else { None }),
            snapshot_id: snapshot_id.clone(),
            encrypted: o.encrypted.or(image_ebs.map(|e| e.encrypted)),
            multi_attach: false,
            tags: vec![],
        };
        let (settings, volume_type, encrypted) = storage::volumes::check_spec(w, region, &spec).map_err(|e| {
            if e.code == "InvalidParameterValue" && e.message.contains("smaller than snapshot") {
                ApiError { code: "InvalidBlockDeviceMapping".into(), ..e }
            } else {
                e
            }
        })?;
        plan.volumes.push(LaunchVolume {
            device_name: device,
            snapshot_id,
            volume_type,
            size_gib: settings.size_gib,
            iops: settings.iops,
            throughput: settings.throughput,
            encrypted,
            // An API mapping that leaves the flag out deletes on termination (§7.3).
            delete_on_termination: o.delete_on_termination.or(image_ebs.map(|e| e.delete_on_termination)).unwrap_or(true),
        });
    }
    if image.root_device_type == "instance-store" {
        plan.disks.push(LaunchDisk {
            device_name: image.root_device_name.clone(),
            virtual_name: "root".into(),
            kind: "ssd".into(),
            nvme: false,
            size_bytes: STORE_ROOT_BYTES,
            root_os_release: Some(storage::os_release(&image.name, &image.description)),
        });
    }
    // Mapped disks get their device name; on NVMe types the others appear by themselves.
    for k in 0..disk_count {
        let (kind, size_gb) = disk_kind(k);
        let device = match mapped_disks.iter().find(|(m, _)| *m == k) {
            Some((_, d)) => d.clone(),
            None if itype.instance_store_nvme => format!("/dev/nvme{}n1", k + 1),
            None => continue,
        };
        plan.disks.push(LaunchDisk {
            device_name: device,
            virtual_name: format!("ephemeral{k}"),
            kind,
            nvme: itype.instance_store_nvme,
            size_bytes: storage::launch::disk_bytes(size_gb),
            root_os_release: None,
        });
    }
    Ok(plan)
}
