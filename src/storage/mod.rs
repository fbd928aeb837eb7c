//! Storage: EBS volumes and snapshots, instance-store disks, and the guest's view of files.
//!
//! Everything holds real bytes in sparse 512 KiB blocks (`block`), with a small file system
//! inside them (`fs`), so snapshots, AMIs and block diffs capture real files.
//!
//! Public API (used by compute, images and the API layer):
//! - `RegionStorage` (in `world::Region::storage`): `volumes`, `snapshots`, `local` (instance
//!   store disks per instance) and `guests` (mount tables per instance).
//! - Volumes: `create_volume`, `attach_volume`, `detach_volume`, `delete_volume`,
//!   `modify_volume` (`volumes.rs`, `attachments.rs`).
//! - Snapshots: `create_snapshot`, `delete_snapshot`, `copy_snapshot`, `snapshot_blocks`
//!   (`snapshots.rs`). Custom AMIs: `create_snapshot` per EBS volume, then mark the snapshots
//!   `Snapshot::in_use_by` (the AMI id) so DeleteSnapshot refuses with `InvalidSnapshot.InUse`;
//!   `volume_from_snapshot` builds a launch's volume from an image mapping's snapshot.
//! - Instances: `launch_devices` (root + BlockDeviceMappings at RunInstances), `on_stop`,
//!   `on_terminated` (DeleteOnTermination), `instance_devices` (what DescribeInstances lists).
//! - Guest: `mount`, `write_file`, `read_file`, `list_dir` (`guest.rs`), `io_test` (`perf.rs`).
//! - Timed transitions: `Event` (scheduled as `world::Event::Storage`), `apply_event`.
pub mod attachments;
pub mod block;
pub mod diagram;
pub mod direct;
pub mod durations;
pub mod events;
pub mod fs;
pub mod guest;
pub mod launch;
pub mod perf;
pub mod snapshot;
pub mod snapshots;
pub mod types;
pub mod volume;
pub mod volumes;

pub use attachments::{attach_volume, detach_volume};
pub use block::{Block, BlockMap, Device, BLOCK_SIZE, GIB};
pub use events::{apply_event, Event};
pub use guest::{list_dir, mount, read_file, write_file};
pub use launch::{instance_devices, launch_devices, on_stop, on_terminated, InstanceDevice, LaunchDisk, LaunchVolume};
pub use perf::{io_test, IoReport, IoRequest};
pub use snapshot::{Snapshot, SnapshotState};
pub use snapshots::{copy_snapshot, create_snapshot, create_snapshots, delete_snapshot, snapshot_blocks, SnapshotBlock};
pub use volume::{AttachState, Attachment, Modification, ModificationState, Volume, VolumeSettings, VolumeState};
pub use volumes::{create_volume, delete_volume, modify_volume, volume_from_snapshot, VolumeSpec};

use crate::error::ApiError;
use crate::images::RegionImages;
use crate::sim::IdGen;
use std::collections::BTreeMap;

/// An instance-store disk of one instance: on the host, erased on stop, hibernate and terminate.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalDisk {
    /// `/dev/sdb`, `/dev/nvme1n1`, or the root device of an instance-store-backed instance.
    pub device_name: String,
    /// `ephemeral0`.. (`root` for the root of an instance-store-backed instance)
    pub virtual_name: String,
    /// `ssd` or `hdd`
    pub kind: String,
    pub nvme: bool,
    pub data: Device,
}

/// What the instance's OS has mounted: mount path → device name. `/` is the root device.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Guest {
    pub mounts: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default)]
pub struct RegionStorage {
    pub volumes: BTreeMap<String, Volume>,
    pub snapshots: BTreeMap<String, Snapshot>,
    /// Instance id → its instance-store disks.
    pub local: BTreeMap<String, Vec<LocalDisk>>,
    /// Instance id → its mount table.
    pub guests: BTreeMap<String, Guest>,
    /// Creation order of snapshots.
    pub next_seq: u64,
}

impl RegionStorage {
    /// The region's storage with one public snapshot per EBS-backed catalog image: the image's
    /// root file system, a `/etc/os-release` naming the image (owned by the image's owner).
    pub fn public_catalog(images: &RegionImages) -> Self {
        let mut s = RegionStorage::default();
        for img in images.images.values() {
            let Some(ebs) = img.root_mapping().and_then(|m| m.ebs.as_ref()) else { continue };
            let Some(snap_id) = &ebs.snapshot_id else { continue };
            let mut dev = Device::new(ebs.volume_size_gib as u64 * GIB);
            fs::format(&mut dev);
            let fsys = fs::Fs::load(&dev).expect("just formatted");
            fsys.write(&mut dev, "/etc/os-release", os_release(&img.name, &img.description).as_bytes()).expect("fits");
            let seq = s.next_seq;
            s.next_seq += 1;
            s.snapshots.insert(
                snap_id.clone(),
                Snapshot {
                    id: snap_id.clone(),
                    volume_id: "vol-ffffffff".into(),
                    volume_size_gib: ebs.volume_size_gib,
                    owner_id: img.owner_id.clone(),
                    owner_alias: img.owner_alias.clone(),
                    description: format!("Root volume of {}", img.name),
                    state: SnapshotState::Completed,
                    start_time: 0,
                    completes_at: 0,
                    encrypted: ebs.encrypted,
                    stored: dev.blocks.keys().collect(),
                    blocks: dev.blocks,
                    parent: None,
                    lineage: snap_id.clone(),
                    in_use_by: [img.id.clone()].into_iter().collect(),
                    source: None,
                    seq,
                    public: true,
                },
            );
        }
        s
    }

    pub fn volume(&self, id: &str) -> Result<&Volume, ApiError> {
        check_volume_id(id)?;
        self.volumes.get(id).ok_or_else(|| volume_not_found(id))
    }

    pub fn snapshot(&self, id: &str) -> Result<&Snapshot, ApiError> {
        check_snapshot_id(id)?;
        self.snapshots.get(id).ok_or_else(|| snapshot_not_found(id))
    }

    /// The EBS volumes attached (in any attachment state) to an instance, by device name.
    pub fn attached_to(&self, instance_id: &str) -> Vec<(&Attachment, &Volume)> {
        let mut v: Vec<(&Attachment, &Volume)> = self.volumes.values().filter_map(|vol| vol.attachment(instance_id).map(|a| (a, vol))).collect();
        v.sort_by(|a, b| a.0.device.cmp(&b.0.device));
        v
    }

    /// Memory the bytes of every volume, snapshot and disk take (blocks shared by several are counted once per holder).
    pub fn memory(&self) -> usize {
        self.volumes.values().map(|v| v.data.blocks.memory()).sum::<usize>() + self.local.values().flatten().map(|d| d.data.blocks.memory()).sum::<usize>()
    }

    pub(crate) fn next_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }
}

/// The `/etc/os-release` of a catalog image.
pub fn os_release(name: &str, description: &str) -> String {
    format!("NAME=\"{description}\"\nPRETTY_NAME=\"{description}\"\nIMAGE_NAME=\"{name}\"\n")
}

pub fn check_volume_id(id: &str) -> Result<(), ApiError> {
    if !IdGen::well_formed(id, "vol") {
        return Err(ApiError::new("InvalidVolumeID.Malformed", format!("Invalid id: \"{id}\" (expecting \"vol-...\")")).hint(
            "Volume ids look like vol- followed by 8 or 17 hex digits. Find yours with describe_volumes.",
            "볼륨 ID는 vol- 뒤에 16진수 8자리 또는 17자리가 붙습니다. describe_volumes로 찾아보세요.",
        ));
    }
    Ok(())
}

pub fn check_snapshot_id(id: &str) -> Result<(), ApiError> {
    if !IdGen::well_formed(id, "snap") {
        return Err(ApiError::new("InvalidSnapshotID.Malformed", format!("Invalid id: \"{id}\" (expecting \"snap-...\")")).hint(
            "Snapshot ids look like snap- followed by 8 or 17 hex digits. Find yours with describe_snapshots(OwnerIds=['self']).",
            "스냅샷 ID는 snap- 뒤에 16진수 8자리 또는 17자리가 붙습니다. describe_snapshots(OwnerIds=['self'])로 찾아보세요.",
        ));
    }
    Ok(())
}

pub fn volume_not_found(id: &str) -> ApiError {
    ApiError::new("InvalidVolume.NotFound", format!("The volume '{id}' does not exist.")).hint(
        "Check the id and the region: a volume lives in one region (and one AZ); deleted volumes are gone.",
        "ID와 리전을 확인하세요. 볼륨은 한 리전(한 가용 영역)에 있으며 삭제된 볼륨은 사라집니다.",
    )
}

pub fn snapshot_not_found(id: &str) -> ApiError {
    ApiError::new("InvalidSnapshot.NotFound", format!("The snapshot '{id}' does not exist.")).hint(
        "Check the id and the region: snapshots are per region (copy one with copy_snapshot).",
        "ID와 리전을 확인하세요. 스냅샷은 리전마다 따로 있습니다(copy_snapshot으로 복사).",
    )
}
