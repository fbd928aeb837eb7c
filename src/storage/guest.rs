//! The guest's view: what the instance's operating system sees. Devices are mounted at paths;
//! files are read and written through ec2labfs inside the device's blocks. Only a running
//! instance has an OS to do any of this.
use super::block::Device;
use super::fs::{self, DirEntry, Fs};
use super::volume::AttachState;
use crate::compute::{self, InstanceState};
use crate::error::ApiError;
use crate::world::World;

/// Where a device name of an instance leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceRef {
    /// An attached EBS volume.
    Ebs(String),
    /// An instance-store disk (index into `RegionStorage::local[instance]`).
    Local(usize),
}

fn not_running(id: &str, state: InstanceState) -> ApiError {
    ApiError::new("IncorrectInstanceState", format!("The instance '{id}' is not running; its operating system cannot reach its disks.")).hint(
        format!(
            "Files are read and written by the instance's OS, which runs only while the instance is 'running' (it is '{}'). Start it and wait for 'running'.",
            state.name()
        ),
        format!("파일은 인스턴스의 OS가 읽고 쓰며, OS는 인스턴스가 'running'일 때만 동작합니다(지금은 '{}'). 시작하고 running을 기다리세요.", state.name()),
    )
}

pub fn check_running(w: &World, region: &str, instance_id: &str) -> Result<(), ApiError> {
    let i = compute::instance(w, region, instance_id)?;
    if i.state != InstanceState::Running {
        return Err(not_running(instance_id, i.state));
    }
    Ok(())
}

/// The device an instance knows by `name` (`/dev/sdf`, `/dev/xvda`, `ephemeral0`, `/dev/nvme1n1`).
pub fn resolve_device(w: &World, region: &str, instance_id: &str, name: &str) -> Result<DeviceRef, ApiError> {
    let s = &w.regions[region].storage;
    if let Some((a, v)) = s.attached_to(instance_id).into_iter().find(|(a, _)| a.device == name) {
        if a.state != AttachState::Attached {
            return Err(ApiError::new("IncorrectState", format!("The volume {} at {name} is '{}', not yet usable.", v.id, a.state.name())).hint(
                "The attachment takes a few seconds: wait until describe_volumes shows Attachments[0].State 'attached' (cloud.advance(10)), then mount it.",
                "연결에는 몇 초가 걸립니다. describe_volumes의 Attachments[0].State가 'attached'가 될 때까지(cloud.advance(10)) 기다린 뒤 마운트하세요.",
            ));
        }
        return Ok(DeviceRef::Ebs(v.id.clone()));
    }
    if let Some(k) = s.local.get(instance_id).and_then(|ds| ds.iter().position(|d| d.device_name == name || d.virtual_name == name)) {
        return Ok(DeviceRef::Local(k));
    }
    let i = &w.regions[region].compute.instances[instance_id];
    let has_store = crate::catalog::instance_type(&i.instance_type).is_some_and(|t| !t.instance_store.is_empty());
    Err(ApiError::invalid_parameter_value(format!("The instance '{instance_id}' has no device '{name}'.")).hint(
        if name.starts_with("ephemeral") && !has_store {
            format!("{} has no instance store: only types with local disks (such as m5d, c5d, i3) have ephemeral0..N.", i.instance_type)
        } else {
            "Use a device the instance has: its root, an attached EBS volume's device (describe_volumes), or an instance-store disk (ephemeral0..).".to_string()
        },
        if name.starts_with("ephemeral") && !has_store {
            format!("{}에는 인스턴스 스토어가 없습니다. 로컬 디스크가 있는 유형(m5d, c5d, i3 등)만 ephemeral0..N이 있습니다.", i.instance_type)
        } else {
            "인스턴스에 있는 장치를 쓰세요: 루트, 연결된 EBS 볼륨의 장치(describe_volumes), 인스턴스 스토어(ephemeral0..).".to_string()
        },
    ))
}

fn device<'w>(w: &'w World, region: &str, instance_id: &str, d: &DeviceRef) -> &'w Device {
    let s = &w.regions[region].storage;
    match d {
        DeviceRef::Ebs(v) => &s.volumes[v].data,
        DeviceRef::Local(k) => &s.local[instance_id][*k].data,
    }
}

fn device_mut<'w>(w: &'w mut World, region: &str, instance_id: &str, d: &DeviceRef) -> &'w mut Device {
    let s = &mut w.regions.get_mut(region).expect("checked").storage;
    match d {
        DeviceRef::Ebs(v) => &mut s.volumes.get_mut(v).expect("resolved").data,
        DeviceRef::Local(k) => &mut s.local.get_mut(instance_id).expect("resolved")[*k].data,
    }
}

/// The mount holding `path`: (device ref, path inside the device's file system).
fn locate(w: &World, region: &str, instance_id: &str, path: &str) -> Result<(DeviceRef, String), ApiError> {
    let path = fs::normalise(path)?;
    let g = w.regions[region].storage.guests.get(instance_id).cloned().unwrap_or_default();
    let hit = g.mounts.iter().filter(|(m, _)| m.as_str() == "/" || path == **m || path.starts_with(&format!("{m}/"))).max_by_key(|(m, _)| m.len());
    let Some((mount, dev)) = hit else {
        return Err(ApiError::invalid_parameter_value(format!("Nothing is mounted at '{path}'.")).hint(
            "This instance has no root file system mounted (an EBS root detached while stopped?). Mount a device first.",
            "이 인스턴스에는 마운트된 루트 파일 시스템이 없습니다. 먼저 장치를 마운트하세요.",
        ));
    };
    let d = resolve_device(w, region, instance_id, dev).map_err(|_| {
        ApiError::invalid_parameter_value(format!("The device {dev} mounted at '{mount}' is no longer there.")).hint(
            "The volume was detached. Attach it again and mount it, or use another path.",
            "볼륨이 분리되었습니다. 다시 연결하고 마운트하거나 다른 경로를 쓰세요.",
        )
    })?;
    let inner = if mount == "/" { path.clone() } else { format!("/{}", path[mount.len()..].trim_start_matches('/')) };
    Ok((d, inner))
}

/// A blank device (a new volume, or an instance-store disk after a stop) is formatted on first use.
fn ensure_formatted(w: &mut World, region: &str, instance_id: &str, d: &DeviceRef) {
    let dev = device_mut(w, region, instance_id, d);
    if !fs::is_formatted(dev) {
        fs::format(dev);
    }
}

fn loaded(w: &mut World, region: &str, d: &DeviceRef, blocks: &[u64]) {
    if let DeviceRef::Ebs(v) = d {
        let v = w.regions.get_mut(region).expect("checked").storage.volumes.get_mut(v).expect("resolved");
        for b in blocks {
            v.unloaded.remove(b);
        }
    }
}

/// `mount <device> <path>`: a blank device is formatted first (like `mkfs` on a new disk).
pub fn mount(w: &mut World, region: &str, instance_id: &str, device_name: &str, path: &str) -> Result<(), ApiError> {
    check_running(w, region, instance_id)?;
    let path = fs::normalise(path)?;
    let d = resolve_device(w, region, instance_id, device_name)?;
    let g = w.regions[region].storage.guests.get(instance_id).cloned().unwrap_or_default();
    if let Some(dev) = g.mounts.get(&path) {
        return Err(ApiError::invalid_parameter_value(format!("'{path}' is already a mount point (of {dev})."))
            .hint("Pick another directory, such as /data or /mnt/scratch.", "/data나 /mnt/scratch 같은 다른 디렉터리를 고르세요."));
    }
    if let Some((m, _)) = g.mounts.iter().find(|(_, dev)| resolve_device(w, region, instance_id, dev).ok().as_ref() == Some(&d)) {
        return Err(ApiError::invalid_parameter_value(format!("{device_name} is already mounted at '{m}'.")).hint(
            "A device is mounted at one path at a time here; use the path it already has.",
            "장치는 한 경로에만 마운트됩니다. 이미 마운트된 경로를 쓰세요.",
        ));
    }
    ensure_formatted(w, region, instance_id, &d);
    let s = &mut w.regions.get_mut(region).expect("checked").storage;
    s.guests.entry(instance_id.to_string()).or_default().mounts.insert(path, device_name.to_string());
    Ok(())
}

pub fn write_file(w: &mut World, region: &str, instance_id: &str, path: &str, data: &[u8]) -> Result<usize, ApiError> {
    check_running(w, region, instance_id)?;
    let (d, inner) = locate(w, region, instance_id, path)?;
    // Everything is checked on a copy first, so a refused write changes nothing.
    let mut scratch = device(w, region, instance_id, &d).clone();
    if !fs::is_formatted(&scratch) {
        fs::format(&mut scratch);
    }
    let touched = Fs::load(&scratch)?.write(&mut scratch, &inner, data)?;
    *device_mut(w, region, instance_id, &d) = scratch;
    loaded(w, region, &d, &touched);
    io_metrics(w, region, instance_id, &d, true, data.len());
    Ok(touched.len())
}

pub fn read_file(w: &mut World, region: &str, instance_id: &str, path: &str) -> Result<Vec<u8>, ApiError> {
    check_running(w, region, instance_id)?;
    let (d, inner) = locate(w, region, instance_id, path)?;
    let dev = device(w, region, instance_id, &d);
    if !fs::is_formatted(dev) {
        return Err(ApiError::invalid_parameter_value(format!("No such file or directory: '{path}'"))
            .hint("The device is blank (an instance-store disk is erased on stop).", "장치가 비어 있습니다(인스턴스 스토어는 중지 시 지워짐)."));
    }
    let fsys = Fs::load(dev)?;
    let e = fsys.entries.get(&inner).cloned();
    let out = fsys.read(dev, &inner)?;
    loaded(w, region, &d, &e.map(|e| e.blocks).unwrap_or_default());
    io_metrics(w, region, instance_id, &d, false, out.len());
    Ok(out)
}

/// Largest I/O operation EBS and instance store count as one (256 KiB, the EBS SSD op size).
pub const MAX_OP_BYTES: usize = 256 * 1024;

/// A file read or written counts as I/O in CloudWatch's EBS* or Disk* metrics at this instant.
fn io_metrics(w: &mut World, region: &str, instance_id: &str, d: &DeviceRef, write: bool, bytes: usize) {
    let ops = bytes.div_ceil(MAX_OP_BYTES).max(1) as f64;
    let now = w.now();
    crate::monitoring::on_io(w, region, instance_id, matches!(d, DeviceRef::Local(_)), write, ops, bytes as f64, now, now);
}

pub fn list_dir(w: &World, region: &str, instance_id: &str, path: &str) -> Result<Vec<DirEntry>, ApiError> {
    check_running(w, region, instance_id)?;
    let (d, inner) = locate(w, region, instance_id, path)?;
    let dev = device(w, region, instance_id, &d);
    if !fs::is_formatted(dev) {
        return Ok(vec![]);
    }
    Fs::load(dev)?.list(&inner)
}
