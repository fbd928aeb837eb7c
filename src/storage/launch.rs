//! The storage side of an instance's life: the volumes and instance-store disks a launch
//! creates, what a stop erases, and what termination deletes or leaves (aws-facts §2.6, §7.1, §7.3).
use super::block::{Device, GIB};
use super::volume::{AttachState, Attachment, VolumeState};
use super::{fs, types, Guest, LocalDisk};
use crate::world::World;

/// One EBS volume a launch creates (the root from the AMI's snapshot, or a mapping's volume).
#[derive(Debug, Clone, PartialEq)]
pub struct LaunchVolume {
    pub device_name: String,
    pub snapshot_id: Option<String>,
    pub volume_type: String,
    pub size_gib: u32,
    pub iops: Option<u32>,
    pub throughput: Option<u32>,
    pub encrypted: bool,
    pub delete_on_termination: bool,
}

/// One instance-store disk of a launch.
#[derive(Debug, Clone, PartialEq)]
pub struct LaunchDisk {
    pub device_name: String,
    pub virtual_name: String,
    pub kind: String,
    pub nvme: bool,
    pub size_bytes: u64,
    /// For the root of an instance-store-backed AMI: the `/etc/os-release` to put on it.
    pub root_os_release: Option<String>,
}

/// Creates the launch's volumes (attached, in use) and disks, and mounts the root at `/`.
/// Returns the volume ids in the order given. Nothing here can fail: the launch checked first.
pub fn launch_devices(
    w: &mut World,
    region: &str,
    instance_id: &str,
    az: &str,
    root_device: &str,
    volumes: &[LaunchVolume],
    disks: &[LaunchDisk],
) -> Vec<String> {
    let now = w.now();
    let mut ids = Vec::new();
    for lv in volumes {
        let settings = types::Settings { size_gib: lv.size_gib, iops: lv.iops, throughput: lv.throughput };
        let mut v = super::volume_from_snapshot(w, region, lv.snapshot_id.as_deref(), &lv.volume_type, &settings, az, lv.encrypted, false);
        v.state = VolumeState::InUse;
        v.attachments.push(Attachment {
            instance_id: instance_id.to_string(),
            device: lv.device_name.clone(),
            state: AttachState::Attached,
            attach_time: now,
            delete_on_termination: lv.delete_on_termination,
        });
        ids.push(v.id.clone());
        w.regions.get_mut(region).expect("checked").storage.volumes.insert(v.id.clone(), v);
    }
    let local: Vec<LocalDisk> = disks
        .iter()
        .map(|d| {
            let mut data = Device::new(d.size_bytes);
            if let Some(os) = &d.root_os_release {
                fs::format(&mut data);
                fs::Fs::load(&data).expect("formatted").write(&mut data, "/etc/os-release", os.as_bytes()).expect("fits");
            }
            LocalDisk { device_name: d.device_name.clone(), virtual_name: d.virtual_name.clone(), kind: d.kind.clone(), nvme: d.nvme, data }
        })
        .collect();
    let s = &mut w.regions.get_mut(region).expect("checked").storage;
    if !local.is_empty() {
        s.local.insert(instance_id.to_string(), local);
    }
    let mut g = Guest::default();
    g.mounts.insert("/".into(), root_device.to_string());
    s.guests.insert(instance_id.to_string(), g);
    ids
}

/// Stop and hibernate: instance-store data is erased (§2.6). EBS volumes stay as they are.
pub fn on_stop(w: &mut World, region: &str, instance_id: &str) {
    let s = &mut w.regions.get_mut(region).expect("checked").storage;
    for d in s.local.get_mut(instance_id).into_iter().flatten() {
        d.data.erase();
    }
}

/// Termination: volumes with DeleteOnTermination go (`deleting`, then gone), the others are
/// detached (`available`); the instance-store disks and the guest's mounts vanish.
pub fn on_terminated(w: &mut World, region: &str, instance_id: &str) {
    let r = w.regions.get_mut(region).expect("checked");
    r.storage.local.remove(instance_id);
    r.storage.guests.remove(instance_id);
    let mut deleting = Vec::new();
    for v in r.storage.volumes.values_mut() {
        let Some(a) = v.attachment(instance_id).cloned() else { continue };
        v.attachments.retain(|x| x.instance_id != instance_id);
        v.generation += 1;
        if a.delete_on_termination && v.attachments.is_empty() {
            v.state = VolumeState::Deleting;
            deleting.push(v.id.clone());
        } else {
            v.settle_state();
        }
    }
    for id in deleting {
        let after = super::durations::Durations::delete_volume(&mut w.rng).min(15_000);
        super::volumes::schedule(w, region, after, super::Event::VolumeDeleted { id });
    }
}

/// One EBS device of an instance as DescribeInstances lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceDevice {
    pub device_name: String,
    pub volume_id: String,
    pub attach_time: u64,
    pub delete_on_termination: bool,
    /// `attaching`, `attached`, `detaching`
    pub status: &'static str,
}

/// The root first (as AWS lists it), then by device name.
pub fn instance_devices(r: &crate::world::Region, instance_id: &str) -> Vec<InstanceDevice> {
    let root = r.compute.instances.get(instance_id).map(|i| i.root_device_name.clone()).unwrap_or_default();
    let mut attached = r.storage.attached_to(instance_id);
    attached.sort_by_key(|(a, _)| (a.device != root, a.device.clone()));
    attached
        .into_iter()
        .map(|(a, v)| InstanceDevice {
            device_name: a.device.clone(),
            volume_id: v.id.clone(),
            attach_time: a.attach_time,
            delete_on_termination: a.delete_on_termination,
            status: a.state.name(),
        })
        .collect()
}

/// Size in bytes of an instance-store disk of `gb` GB (AWS sizes instance store in GB).
pub fn disk_bytes(gb: u64) -> u64 {
    gb * 1_000_000_000 / GIB * GIB
}

/// A stopped instance that changes type gets the new type's instance-store disks, blank (the
/// old disks' data was erased by the stop anyway). Mapped device names are kept where the
/// new type has that disk; on NVMe types the others appear as `/dev/nvmeNn1`.
pub fn retype_disks(w: &mut World, region: &str, instance_id: &str, itype: &crate::catalog::InstanceType) {
    let s = &mut w.regions.get_mut(region).expect("checked").storage;
    let old = s.local.remove(instance_id).unwrap_or_default();
    let mut disks: Vec<LocalDisk> = old.iter().filter(|d| d.virtual_name == "root").cloned().collect();
    let mut k = 0u32;
    for spec in &itype.instance_store {
        for _ in 0..spec.count {
            let virtual_name = format!("ephemeral{k}");
            let device = match old.iter().find(|d| d.virtual_name == virtual_name) {
                Some(d) => Some(d.device_name.clone()),
                None if itype.instance_store_nvme => Some(format!("/dev/nvme{}n1", k + 1)),
                None => None,
            };
            if let Some(device_name) = device {
                disks.push(LocalDisk {
                    device_name,
                    virtual_name,
                    kind: spec.kind.clone(),
                    nvme: itype.instance_store_nvme,
                    data: Device::new(disk_bytes(spec.size_gb)),
                });
            }
            k += 1;
        }
    }
    if !disks.is_empty() {
        s.local.insert(instance_id.to_string(), disks);
    }
    let names: Vec<String> = s.local.get(instance_id).into_iter().flatten().flat_map(|d| [d.device_name.clone(), d.virtual_name.clone()]).collect();
    let attached: Vec<String> = s.attached_to(instance_id).into_iter().map(|(a, _)| a.device.clone()).collect();
    if let Some(g) = s.guests.get_mut(instance_id) {
        g.mounts.retain(|path, dev| path == "/" || names.contains(dev) || attached.contains(dev));
    }
}
