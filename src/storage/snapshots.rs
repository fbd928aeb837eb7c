//! CreateSnapshot(s), DeleteSnapshot, CopySnapshot, and the block listing behind the EBS direct
//! APIs and the snapshot-chain picture (aws-facts §7.4).
use super::durations::Durations;
use super::events::Event;
use super::snapshot::{remove_keeping_shared_blocks, stored_blocks, Snapshot, SnapshotState};
use super::volume::VolumeState;
use super::volumes::schedule;
use crate::error::ApiError;
use crate::sim::IdGen;
use crate::world::{World, ACCOUNT_ID};

/// In-progress snapshots per volume: 5, or 1 for st1/sc1 (UG:ebs-creating-snapshot).
pub fn pending_limit(volume_type: &str) -> usize {
    if matches!(volume_type, "st1" | "sc1") {
        1
    } else {
        5
    }
}

fn check_can_snapshot(w: &World, region: &str, volume_id: &str, extra: usize) -> Result<(), ApiError> {
    let s = &w.region(region)?.storage;
    let v = s.volume(volume_id)?;
    if !matches!(v.state, VolumeState::Available | VolumeState::InUse) {
        return Err(ApiError::new("IncorrectState", format!("The volume '{volume_id}' is '{}'.", v.state.name()))
            .hint("Snapshot a volume once it is available or in use.", "볼륨이 available 또는 in-use일 때 스냅샷을 만드세요."));
    }
    let pending = s.snapshots.values().filter(|x| x.volume_id == volume_id && x.state == SnapshotState::Pending).count();
    let limit = pending_limit(&v.volume_type);
    if pending + extra >= limit {
        return Err(ApiError::new(
            "ConcurrentSnapshotLimitExceeded",
            format!("Maximum number of in-progress snapshots ({limit}) reached for volume '{volume_id}'."),
        )
        .hint(
            format!(
                "A {} volume can have at most {limit} snapshot(s) pending at once. Wait for one to complete (waiter snapshot_completed), then try again.",
                v.volume_type
            ),
            format!("{} 볼륨은 동시에 최대 {limit}개의 스냅샷만 진행할 수 있습니다. 하나가 완료될 때까지(snapshot_completed) 기다리세요.", v.volume_type),
        ));
    }
    Ok(())
}

/// The snapshot a new snapshot of `volume_id` is incremental to: the latest one of the volume
/// still there, else the account's snapshot the volume was restored from.
fn previous(w: &World, region: &str, volume_id: &str) -> Option<String> {
    let s = &w.regions[region].storage;
    let v = s.volumes.get(volume_id)?;
    s.snapshots
        .values()
        .filter(|x| x.volume_id == volume_id && x.owner_id == ACCOUNT_ID)
        .max_by_key(|x| x.seq)
        .map(|x| x.id.clone())
        .or_else(|| v.base_snapshot.clone().filter(|b| s.snapshots.contains_key(b)))
}

fn take_snapshot(w: &mut World, region: &str, volume_id: &str, description: &str, tags: &[(String, String)]) -> String {
    let prev = previous(w, region, volume_id);
    let id = IdGen::new_id(&mut w.rng, "snap");
    let now = w.now();
    let r = w.regions.get_mut(region).expect("checked");
    let seq = r.storage.next_seq();
    let v = &r.storage.volumes[volume_id];
    let (stored, _examined) = stored_blocks(&v.data, prev.as_deref().map(|p| (p, &r.storage.snapshots[p].blocks)));
    let snap = Snapshot {
        id: id.clone(),
        volume_id: volume_id.to_string(),
        volume_size_gib: v.size_gib,
        owner_id: ACCOUNT_ID.into(),
        owner_alias: None,
        description: description.to_string(),
        state: SnapshotState::Pending,
        start_time: now,
        completes_at: now,
        encrypted: v.encrypted,
        blocks: v.data.blocks.clone(),
        stored,
        parent: prev,
        lineage: v.lineage.clone(),
        in_use_by: Default::default(),
        source: None,
        seq,
        public: false,
    };
    let after = Durations::snapshot(&mut w.rng, snap.stored_bytes());
    let r = w.regions.get_mut(region).expect("checked");
    if !tags.is_empty() {
        r.tags.set(&id, tags);
    }
    let mut snap = snap;
    snap.completes_at = now + after;
    r.storage.snapshots.insert(id.clone(), snap);
    r.storage.volumes.get_mut(volume_id).expect("checked").data.mark_snapshot(&id);
    schedule(w, region, after, Event::SnapshotCompleted { id: id.clone() });
    id
}

/// CreateSnapshot: `pending` (Progress growing), then `completed`. The content is the volume's
/// at this instant; later writes do not change it.
pub fn create_snapshot(w: &mut World, region: &str, volume_id: &str, description: &str, tags: &[(String, String)]) -> Result<String, ApiError> {
    check_can_snapshot(w, region, volume_id, 0)?;
    w.region(region)?.tags.check_set("new", tags)?;
    Ok(take_snapshot(w, region, volume_id, description, tags))
}

/// CreateSnapshots: one crash-consistent snapshot of every EBS volume of an instance (the
/// root left out with `exclude_boot`), in device order.
pub fn create_snapshots(
    w: &mut World,
    region: &str,
    instance_id: &str,
    exclude_boot: bool,
    description: &str,
    tags: &[(String, String)],
) -> Result<Vec<String>, ApiError> {
    let i = crate::compute::instance(w, region, instance_id)?;
    let root = i.root_device_name.clone();
    let vols: Vec<String> = w.regions[region]
        .storage
        .attached_to(instance_id)
        .into_iter()
        .filter(|(a, _)| !(exclude_boot && a.device == root))
        .map(|(_, v)| v.id.clone())
        .collect();
    for v in &vols {
        check_can_snapshot(w, region, v, 0)?;
    }
    w.region(region)?.tags.check_set("new", tags)?;
    Ok(vols.iter().map(|v| take_snapshot(w, region, v, description, tags)).collect())
}

/// DeleteSnapshot: only the account's own, never while an AMI uses it. Blocks another snapshot
/// still needs move to that snapshot.
pub fn delete_snapshot(w: &mut World, region: &str, id: &str) -> Result<(), ApiError> {
    let s = w.region(region)?.storage.snapshot(id)?;
    if s.owner_id != ACCOUNT_ID {
        return Err(ApiError::new("UnauthorizedOperation", format!("You are not authorized to delete snapshot '{id}'; it belongs to account {}.", s.owner_id))
            .hint(
                "Only the owner of a snapshot can delete it; public snapshots (like those behind Amazon's AMIs) are not yours.",
                "스냅샷은 소유자만 삭제할 수 있습니다. 공개 스냅샷(Amazon AMI의 스냅샷 등)은 내 것이 아닙니다.",
            ));
    }
    if let Some(ami) = s.in_use_by.iter().next() {
        return Err(ApiError::new("InvalidSnapshot.InUse", format!("The snapshot {id} is currently in use by {ami}")).hint(
            format!("An AMI's snapshot cannot be deleted while the AMI is registered. Deregister {ami} first (deregister_image), then delete the snapshot."),
            format!("AMI가 등록되어 있는 동안에는 그 스냅샷을 삭제할 수 없습니다. 먼저 {ami}를 등록 취소(deregister_image)한 뒤 삭제하세요."),
        ));
    }
    let r = w.regions.get_mut(region).expect("checked");
    let gone = remove_keeping_shared_blocks(&mut r.storage.snapshots, id);
    for v in r.storage.volumes.values_mut() {
        if v.base_snapshot.as_deref() == Some(id) {
            v.base_snapshot = None;
        }
    }
    r.tags.forget(id);
    crate::billing::ledger::snapshot_deleted(w, region, gone.as_ref());
    Ok(())
}

/// CopySnapshot, called in the destination region: a full copy (new id, every block stored).
pub fn copy_snapshot(
    w: &mut World,
    region: &str,
    source_region: &str,
    source_id: &str,
    description: Option<&str>,
    encrypted: bool,
    tags: &[(String, String)],
) -> Result<String, ApiError> {
    w.region(region)?;
    let src = w.region(source_region)?.storage.snapshot(source_id)?;
    if src.owner_id != ACCOUNT_ID && !src.public {
        return Err(super::snapshot_not_found(source_id));
    }
    if src.state != SnapshotState::Completed {
        return Err(ApiError::new("IncorrectState", format!("Snapshot '{source_id}' is not 'completed'.")).hint(
            "Only a completed snapshot can be copied: wait for it (waiter snapshot_completed).",
            "완료된 스냅샷만 복사할 수 있습니다. snapshot_completed 웨이터로 기다리세요.",
        ));
    }
    w.region(region)?.tags.check_set("new", tags)?;
    let src = src.clone();
    let id = IdGen::new_id(&mut w.rng, "snap");
    let now = w.now();
    let bytes = src.blocks.len() as u64 * super::BLOCK_SIZE;
    let after = Durations::copy_snapshot(&mut w.rng, bytes);
    let r = w.regions.get_mut(region).expect("checked");
    let seq = r.storage.next_seq();
    let description = description.map(str::to_string).unwrap_or_else(|| format!("[Copied {source_id} from {source_region}]"));
    let snap = Snapshot {
        id: id.clone(),
        volume_id: "vol-ffffffff".into(),
        volume_size_gib: src.volume_size_gib,
        owner_id: ACCOUNT_ID.into(),
        owner_alias: None,
        description,
        state: SnapshotState::Pending,
        start_time: now,
        completes_at: now + after,
        encrypted: src.encrypted || encrypted,
        stored: src.blocks.keys().collect(),
        blocks: src.blocks,
        parent: None,
        lineage: id.clone(),
        in_use_by: Default::default(),
        source: Some((source_region.to_string(), source_id.to_string())),
        seq,
        public: false,
    };
    if !tags.is_empty() {
        r.tags.set(&id, tags);
    }
    r.storage.snapshots.insert(id.clone(), snap);
    schedule(w, region, after, Event::SnapshotCompleted { id: id.clone() });
    Ok(id)
}

/// One block of a snapshot, for ListSnapshotBlocks and the snapshot-chain picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotBlock {
    pub index: u64,
    /// Whether this snapshot stores the block (else an earlier snapshot of its chain does).
    pub stored_here: bool,
    /// A short content hash (FNV-1a), equal for equal content.
    pub hash: u64,
    /// Bytes actually written in the block (trailing zeros trimmed).
    pub bytes_used: usize,
}

/// Every written block of a snapshot, in index order.
pub fn snapshot_blocks(w: &World, region: &str, id: &str) -> Result<Vec<SnapshotBlock>, ApiError> {
    let s = w.region(region)?.storage.snapshot(id)?;
    Ok(s.blocks.iter().map(|(i, b)| SnapshotBlock { index: *i, stored_here: s.stored.contains(i), hash: b.hash(), bytes_used: b.memory() }).collect())
}
