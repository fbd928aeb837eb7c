//! The EBS direct APIs' view of snapshots (ListSnapshotBlocks, ListChangedBlocks,
//! GetSnapshotBlock): block indexes, opaque block tokens, block data with its SHA-256.
use super::snapshot::{Snapshot, SnapshotState};
use super::BLOCK_SIZE;
use crate::error::ApiError;
use crate::world::{World, ACCOUNT_ID};
use base64::Engine;
use sha2::Digest;

fn validation(message: impl Into<String>, en: &str, ko: &str) -> ApiError {
    ApiError::new("ValidationException", message).hint(en, ko)
}

fn not_found(id: &str) -> ApiError {
    ApiError::new("ResourceNotFoundException", format!("The snapshot '{id}' does not exist.")).status(404).hint(
        "Check the snapshot id and the client's region: the EBS direct APIs read snapshots of their own region.",
        "스냅샷 ID와 클라이언트의 리전을 확인하세요. EBS direct API는 같은 리전의 스냅샷을 읽습니다.",
    )
}

/// A completed snapshot the account may read (its own or a public one).
pub fn readable<'w>(w: &'w World, region: &str, id: &str) -> Result<&'w Snapshot, ApiError> {
    let s = w.region(region)?.storage.snapshots.get(id).filter(|s| s.owner_id == ACCOUNT_ID || s.public).ok_or_else(|| not_found(id))?;
    if s.state != SnapshotState::Completed {
        return Err(validation(
            format!("The snapshot '{id}' is not in the completed state."),
            "The EBS direct APIs read completed snapshots only: wait for the snapshot to complete (waiter snapshot_completed).",
            "EBS direct API는 완료된 스냅샷만 읽습니다. 스냅샷이 완료될 때까지(snapshot_completed) 기다리세요.",
        ));
    }
    Ok(s)
}

/// The opaque token of one block of one snapshot (AWS's tokens are opaque too).
pub fn block_token(s: &Snapshot, index: u64) -> Option<String> {
    let b = s.blocks.get(index)?;
    let mut raw = b"EBS1".to_vec();
    raw.extend(index.to_be_bytes());
    raw.extend(b.hash().to_be_bytes());
    raw.extend(crate::images::fnv1a64(s.id.as_bytes()).to_be_bytes());
    Some(base64::engine::general_purpose::STANDARD.encode(raw))
}

/// (index, token) of every written block from `start` on.
pub fn list_blocks(s: &Snapshot, start: u64) -> Vec<(u64, String)> {
    s.blocks.keys_from(start).map(|i| (i, block_token(s, i).expect("present"))).collect()
}

/// (index, token in the first snapshot, token in the second).
pub type ChangedBlock = (u64, Option<String>, Option<String>);

/// (index, first token, second token) of every block that differs between two snapshots of
/// one lineage; without `first`, every written block of `second`.
pub fn changed_blocks(first: Option<&Snapshot>, second: &Snapshot, start: u64) -> Result<Vec<ChangedBlock>, ApiError> {
    let Some(first) = first else {
        return Ok(list_blocks(second, start).into_iter().map(|(i, t)| (i, None, Some(t))).collect());
    };
    if first.lineage != second.lineage {
        return Err(validation(
            format!("The snapshots '{}' and '{}' are not from the same volume lineage.", first.id, second.id),
            "ListChangedBlocks compares two snapshots of the same volume (or of volumes restored from its snapshots). Pick two snapshots of one volume.",
            "ListChangedBlocks는 같은 볼륨(또는 그 스냅샷에서 복원한 볼륨)의 두 스냅샷을 비교합니다. 한 볼륨의 스냅샷 두 개를 고르세요.",
        ));
    }
    if first.seq > second.seq {
        return Err(validation(
            format!("The first snapshot '{}' was taken after the second '{}'.", first.id, second.id),
            "Give the older snapshot as FirstSnapshotId and the newer one as SecondSnapshotId.",
            "오래된 스냅샷을 FirstSnapshotId로, 새 스냅샷을 SecondSnapshotId로 주세요.",
        ));
    }
    let mut idx: Vec<u64> = first.blocks.keys_from(start).chain(second.blocks.keys_from(start)).collect();
    idx.sort_unstable();
    idx.dedup();
    Ok(idx
        .into_iter()
        .filter(|i| match (first.blocks.get(*i), second.blocks.get(*i)) {
            (Some(a), Some(b)) => !a.same(b),
            _ => true,
        })
        .map(|i| (i, block_token(first, i), block_token(second, i)))
        .collect())
}

/// One whole 512 KiB block and the base64 SHA-256 of it. The token must be the block's.
pub fn get_block(s: &Snapshot, index: u64, token: &str) -> Result<(Vec<u8>, String), ApiError> {
    let max = s.volume_size_gib as u64 * super::GIB / BLOCK_SIZE;
    if index >= max {
        return Err(validation(
            format!("The block index {index} is beyond the snapshot's volume ({max} blocks)."),
            "Block indexes run from 0 to volume size / 512 KiB - 1; list them with list_snapshot_blocks.",
            "블록 인덱스는 0부터 (볼륨 크기 / 512KiB - 1)까지입니다. list_snapshot_blocks로 확인하세요.",
        ));
    }
    if block_token(s, index).as_deref() != Some(token) {
        return Err(validation(
            "The block token is invalid for this snapshot and block index.",
            "Pass the BlockToken that list_snapshot_blocks or list_changed_blocks gave for this snapshot and index.",
            "list_snapshot_blocks나 list_changed_blocks가 이 스냅샷과 인덱스에 준 BlockToken을 넘기세요.",
        ));
    }
    let data = s.blocks.get(index).expect("token checked").padded();
    let sum = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&data));
    Ok((data, sum))
}
