//! Teaching pictures of storage: `InstanceDevicesDiagram` (an instance with its instance-store
//! disks, EBS volumes and mount points) and `SnapshotChain` (a volume's snapshots and the blocks
//! each one stores itself, with the sizes the Python `Snapshot.stored_bytes` shows).
use crate::compute;
use crate::error::ApiError;
use crate::storage::diagram::{self, ChainEntry};
use crate::world::World;
use serde::{Deserialize, Serialize};

fn language(l: &Option<String>) -> &str {
    match l.as_deref() {
        Some("ko") => "ko",
        _ => "en",
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InstanceDevicesDiagramRequest {
    instance_id: String,
    language: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceDevicesDiagramResponse {
    instance_id: String,
    svg: String,
}

pub fn instance_devices_diagram(w: &World, region: &str, r: InstanceDevicesDiagramRequest) -> Result<InstanceDevicesDiagramResponse, ApiError> {
    let i = compute::instance(w, region, &r.instance_id)?;
    let svg = diagram::instance_devices_svg(i, &w.regions[region].storage, language(&r.language));
    Ok(InstanceDevicesDiagramResponse { instance_id: i.id.clone(), svg })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SnapshotChainRequest {
    snapshot_id: Option<String>,
    volume_id: Option<String>,
    language: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChainEntryShape {
    snapshot_id: String,
    state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_snapshot_id: Option<String>,
    stored_blocks: u64,
    stored_bytes: u64,
    total_blocks: u64,
    volume_size: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SnapshotChainResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    volume_id: Option<String>,
    block_size: u64,
    /// Oldest first.
    snapshots: Vec<ChainEntryShape>,
    svg: String,
}

fn shape(e: ChainEntry) -> ChainEntryShape {
    ChainEntryShape {
        snapshot_id: e.snapshot_id,
        state: e.state,
        parent_snapshot_id: e.parent,
        stored_blocks: e.stored_blocks,
        stored_bytes: e.stored_bytes,
        total_blocks: e.total_blocks,
        volume_size: e.volume_size_gib,
    }
}

/// The chain of a snapshot (its lineage) or of a volume (the volume's lineage, with a last row
/// for the volume now).
pub fn snapshot_chain(w: &World, region: &str, r: SnapshotChainRequest) -> Result<SnapshotChainResponse, ApiError> {
    let s = &w.region(region)?.storage;
    let (lineage, highlight, volume) = match (&r.snapshot_id, &r.volume_id) {
        (Some(id), None) => {
            let snap = s.snapshot(id)?;
            (snap.lineage.clone(), Some(id.as_str()), s.volumes.get(&snap.volume_id))
        }
        (None, Some(id)) => {
            let v = s.volume(id)?;
            (v.lineage.clone(), None, Some(v))
        }
        _ => {
            return Err(ApiError::invalid_parameter_combination("Give exactly one of SnapshotId and VolumeId.")
                .hint("SnapshotChain draws the chain of one snapshot or of one volume.", "SnapshotChain에는 SnapshotId나 VolumeId 중 하나만 주세요."))
        }
    };
    // A volume restored from another lineage's snapshot is shown with that lineage only if it
    // still shares it; otherwise it gets its own row under its own chain.
    let volume = volume.filter(|v| v.lineage == lineage);
    let snaps = diagram::chain(s, &lineage);
    let svg = diagram::snapshot_chain_svg(&snaps, volume, highlight, language(&r.language));
    Ok(SnapshotChainResponse {
        volume_id: volume.map(|v| v.id.clone()),
        block_size: crate::storage::BLOCK_SIZE,
        snapshots: diagram::chain_entries(&snaps).into_iter().map(shape).collect(),
        svg,
    })
}
