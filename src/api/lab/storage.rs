//! The guest's view of an instance's disks, for notebooks (`instance.mount(...)` and friends),
//! plus the storage facts the pictures need. Not AWS operations: the `ec2lab` service.
//!
//! Contract (PascalCase JSON, every call in the instance's region):
//! - `Mount {InstanceId, DeviceName, Path}` → `{InstanceId, DeviceName, Path}`. DeviceName is
//!   the root (`/dev/xvda`), an attached EBS volume's device (`/dev/sdf`), or an instance-store
//!   disk by device (`/dev/nvme1n1`, `/dev/sdb`) or virtual name (`ephemeral0`). A blank device
//!   is formatted (ec2labfs) when first mounted. The root is mounted at `/` at launch.
//! - `WriteFile {InstanceId, Path, Data}` → `{InstanceId, Path, Size, BlocksWritten}`. `Data` is
//!   base64; parent directories are created. Refused: instance not running
//!   (`IncorrectInstanceState`), nothing mounted there, beyond the volume's size
//!   (`InsufficientSpace`).
//! - `ReadFile {InstanceId, Path}` → `{InstanceId, Path, Data, Size}` (`Data` base64).
//! - `ListDir {InstanceId, Path}` → `{InstanceId, Path, Entries: [{Name, Type: file|dir, Size}]}`.
//! - `ListDevices {InstanceId}` → `{InstanceId, Devices: [{DeviceName, Kind: ebs|instance-store,
//!   VolumeId?, VolumeType?, VirtualName?, SizeBytes, State, DeleteOnTermination?, MountPath?}]}`.
//! - `IoTest {InstanceId, Target, SizeBytes, Pattern: randread|randwrite|seqread|seqwrite,
//!   BlockSizeBytes?, QueueDepth? (32)}` → `{InstanceId, Target, DeviceName, Storage, VolumeId?,
//!   Iops, ThroughputMiBps, LatencyMs, Seconds, BoundBy, BlockSizeBytes, QueueDepth,
//!   LazyLoadedBlocks, BurstBalance?}`. Target is a device name or a mounted path; virtual time
//!   advances by `Seconds`. No data is written.
//! - `SnapshotBlocks {SnapshotId}` → `{SnapshotId, VolumeId, VolumeSize, BlockSize,
//!   StoredBytes, FullBytes, ParentSnapshotId?, Lineage, State, Blocks: [{Index, StoredHere,
//!   Hash (16 hex digits), BytesUsed}]}`: which blocks this snapshot itself stores.
use crate::error::ApiError;
use crate::storage;
use crate::world::World;
use base64::Engine;
use serde::{Deserialize, Serialize};

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MountRequest {
    instance_id: String,
    device_name: String,
    path: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MountResponse {
    instance_id: String,
    device_name: String,
    path: String,
}

pub fn mount(w: &mut World, region: &str, r: MountRequest) -> Result<MountResponse, ApiError> {
    storage::mount(w, region, &r.instance_id, &r.device_name, &r.path)?;
    Ok(MountResponse { instance_id: r.instance_id, device_name: r.device_name, path: storage::fs::normalise(&r.path)? })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct WriteFileRequest {
    instance_id: String,
    path: String,
    data: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WriteFileResponse {
    instance_id: String,
    path: String,
    size: i64,
    blocks_written: i64,
}

pub fn write_file(w: &mut World, region: &str, r: WriteFileRequest) -> Result<WriteFileResponse, ApiError> {
    let data = b64().decode(r.data.as_bytes()).map_err(|_| {
        ApiError::invalid_parameter_value("Data is not valid base64.").hint(
            "Pass the file's bytes base64-encoded (the Python method does this for you).",
            "파일 내용을 base64로 인코딩해 주세요(Python 메서드는 자동으로 합니다).",
        )
    })?;
    let blocks = storage::write_file(w, region, &r.instance_id, &r.path, &data)?;
    Ok(WriteFileResponse { instance_id: r.instance_id, path: storage::fs::normalise(&r.path)?, size: data.len() as i64, blocks_written: blocks as i64 })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PathRequest {
    instance_id: String,
    path: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReadFileResponse {
    instance_id: String,
    path: String,
    data: String,
    size: i64,
}

pub fn read_file(w: &mut World, region: &str, r: PathRequest) -> Result<ReadFileResponse, ApiError> {
    let data = storage::read_file(w, region, &r.instance_id, &r.path)?;
    Ok(ReadFileResponse { instance_id: r.instance_id, path: storage::fs::normalise(&r.path)?, size: data.len() as i64, data: b64().encode(&data) })
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EntryShape {
    name: String,
    #[serde(rename = "Type")]
    kind: String,
    size: i64,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListDirResponse {
    instance_id: String,
    path: String,
    entries: Vec<EntryShape>,
}

pub fn list_dir(w: &World, region: &str, r: PathRequest) -> Result<ListDirResponse, ApiError> {
    let entries = storage::list_dir(w, region, &r.instance_id, &r.path)?;
    Ok(ListDirResponse {
        instance_id: r.instance_id,
        path: storage::fs::normalise(&r.path)?,
        entries: entries.into_iter().map(|e| EntryShape { name: e.name, kind: e.kind, size: e.size as i64 }).collect(),
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InstanceRequest {
    instance_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceShape {
    device_name: String,
    kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    volume_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    volume_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    virtual_name: Option<String>,
    size_bytes: i64,
    /// The attachment state for EBS (`attached`, ...), `attached` for instance store.
    state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    delete_on_termination: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mount_path: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListDevicesResponse {
    instance_id: String,
    devices: Vec<DeviceShape>,
}

/// Every device of an instance: its EBS volumes (root first) and its instance-store disks.
pub fn list_devices(w: &World, region: &str, r: InstanceRequest) -> Result<ListDevicesResponse, ApiError> {
    crate::compute::instance(w, region, &r.instance_id)?;
    let reg = w.region(region)?;
    let s = &reg.storage;
    let mounts = s.guests.get(&r.instance_id).cloned().unwrap_or_default().mounts;
    let mount_of = |d: &str, v: Option<&str>| mounts.iter().find(|(_, dev)| dev.as_str() == d || Some(dev.as_str()) == v).map(|(p, _)| p.clone());
    let mut devices: Vec<DeviceShape> = storage::instance_devices(reg, &r.instance_id)
        .into_iter()
        .map(|d| {
            let v = &s.volumes[&d.volume_id];
            DeviceShape {
                mount_path: mount_of(&d.device_name, None),
                device_name: d.device_name,
                kind: "ebs".into(),
                volume_type: Some(v.volume_type.clone()),
                volume_id: Some(d.volume_id),
                virtual_name: None,
                size_bytes: v.size_bytes() as i64,
                state: d.status.into(),
                delete_on_termination: Some(d.delete_on_termination),
            }
        })
        .collect();
    for d in s.local.get(&r.instance_id).into_iter().flatten() {
        devices.push(DeviceShape {
            mount_path: mount_of(&d.device_name, Some(&d.virtual_name)),
            device_name: d.device_name.clone(),
            kind: "instance-store".into(),
            volume_id: None,
            volume_type: None,
            virtual_name: Some(d.virtual_name.clone()),
            size_bytes: d.data.size_bytes as i64,
            state: "attached".into(),
            delete_on_termination: None,
        });
    }
    Ok(ListDevicesResponse { instance_id: r.instance_id, devices })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct IoTestRequest {
    instance_id: String,
    target: String,
    size_bytes: i64,
    pattern: String,
    block_size_bytes: Option<i64>,
    queue_depth: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IoTestResponse {
    instance_id: String,
    target: String,
    device_name: String,
    storage: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    volume_id: Option<String>,
    iops: f64,
    #[serde(rename = "ThroughputMiBps")]
    throughput_mib_s: f64,
    latency_ms: f64,
    seconds: f64,
    bound_by: String,
    block_size_bytes: i64,
    queue_depth: i64,
    lazy_loaded_blocks: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    burst_balance: Option<f64>,
}

pub fn io_test(w: &mut World, region: &str, r: IoTestRequest) -> Result<IoTestResponse, ApiError> {
    let positive = |v: i64, what: &str| -> Result<u64, ApiError> {
        u64::try_from(v)
            .map_err(|_| ApiError::invalid_parameter_value(format!("{what} must not be negative.")).hint("Give a positive number.", "양수를 주세요."))
    };
    let req = storage::IoRequest {
        target: r.target.clone(),
        size_bytes: positive(r.size_bytes, "SizeBytes")?,
        pattern: r.pattern,
        block_size: r.block_size_bytes.map(|b| positive(b, "BlockSizeBytes")).transpose()?,
        queue_depth: r.queue_depth.map(|q| positive(q, "QueueDepth").map(|q| q.min(u32::MAX as u64) as u32)).transpose()?,
    };
    let rep = storage::io_test(w, region, &r.instance_id, &req)?;
    Ok(IoTestResponse {
        instance_id: r.instance_id,
        target: r.target,
        device_name: rep.device_name,
        storage: rep.storage,
        volume_id: rep.volume_id,
        iops: rep.iops,
        throughput_mib_s: rep.throughput_mib_s,
        latency_ms: rep.latency_ms,
        seconds: rep.seconds,
        bound_by: rep.bound_by,
        block_size_bytes: rep.block_size as i64,
        queue_depth: rep.queue_depth as i64,
        lazy_loaded_blocks: rep.lazy_loaded_blocks as i64,
        burst_balance: rep.burst_balance,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SnapshotBlocksRequest {
    snapshot_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BlockShape {
    index: i64,
    stored_here: bool,
    hash: String,
    bytes_used: i64,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SnapshotBlocksResponse {
    snapshot_id: String,
    volume_id: String,
    volume_size: i64,
    block_size: i64,
    stored_bytes: i64,
    full_bytes: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_snapshot_id: Option<String>,
    lineage: String,
    state: String,
    blocks: Vec<BlockShape>,
}

pub fn snapshot_blocks(w: &World, region: &str, r: SnapshotBlocksRequest) -> Result<SnapshotBlocksResponse, ApiError> {
    let s = w.region(region)?.storage.snapshot(&r.snapshot_id)?;
    if s.owner_id != crate::world::ACCOUNT_ID && !s.public {
        return Err(storage::snapshot_not_found(&r.snapshot_id));
    }
    let blocks = storage::snapshot_blocks(w, region, &r.snapshot_id)?;
    Ok(SnapshotBlocksResponse {
        snapshot_id: s.id.clone(),
        volume_id: s.volume_id.clone(),
        volume_size: s.volume_size_gib as i64,
        block_size: storage::BLOCK_SIZE as i64,
        stored_bytes: s.stored_bytes() as i64,
        full_bytes: (s.blocks.len() as u64 * storage::BLOCK_SIZE) as i64,
        parent_snapshot_id: s.parent.clone(),
        lineage: s.lineage.clone(),
        state: s.state.name().into(),
        blocks: blocks
            .into_iter()
            .map(|b| BlockShape { index: b.index as i64, stored_here: b.stored_here, hash: format!("{:016x}", b.hash), bytes_used: b.bytes_used as i64 })
            .collect(),
    })
}
