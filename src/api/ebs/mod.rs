//! The `ebs` service (EBS direct APIs): read a snapshot's blocks and compare two snapshots
//! block by block. Rules live in `storage::direct`.
use super::{handle, Answer, Timestamp};
use crate::error::ApiError;
use crate::query::paginate;
use crate::storage::{self, direct};
use crate::world::World;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const OPERATIONS: &[&str] = &["ListSnapshotBlocks", "ListChangedBlocks", "GetSnapshotBlock"];

pub fn dispatch(w: &mut World, region: &str, op: &str, p: Value) -> Option<Result<Answer, ApiError>> {
    Some(match op {
        "ListSnapshotBlocks" => handle(p, |r| list_snapshot_blocks(w, region, r)),
        "ListChangedBlocks" => handle(p, |r| list_changed_blocks(w, region, r)),
        "GetSnapshotBlock" => handle(p, |r| get_snapshot_block(w, region, r)),
        _ => return None,
    })
}

/// Block tokens stay valid for 7 days (seeded guess; AWS returns an ExpiryTime without saying how long).
const TOKEN_LIFE_MS: u64 = 7 * 24 * 3_600_000;

fn bounds(max: Option<i64>, start: Option<i64>) -> Result<u64, ApiError> {
    if let Some(m) = max.filter(|m| !(100..=10_000).contains(m)) {
        return Err(ApiError::new("ValidationException", format!("MaxResults {m} is out of range; it must be 100 to 10000."))
            .hint("MaxResults is 100 to 10,000 blocks per page.", "MaxResults는 페이지당 100~10,000 블록입니다."));
    }
    u64::try_from(start.unwrap_or(0)).map_err(|_| {
        ApiError::new("ValidationException", "StartingBlockIndex must not be negative.").hint("Block indexes start at 0.", "블록 인덱스는 0부터입니다.")
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListSnapshotBlocksRequest {
    snapshot_id: String,
    next_token: Option<String>,
    max_results: Option<i64>,
    starting_block_index: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BlockShape {
    block_index: i64,
    block_token: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListSnapshotBlocksResponse {
    blocks: Vec<BlockShape>,
    expiry_time: Timestamp,
    volume_size: i64,
    block_size: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

pub fn list_snapshot_blocks(w: &World, region: &str, r: ListSnapshotBlocksRequest) -> Result<ListSnapshotBlocksResponse, ApiError> {
    let start = bounds(r.max_results, r.starting_block_index)?;
    let s = direct::readable(w, region, &r.snapshot_id)?;
    let blocks: Vec<BlockShape> = direct::list_blocks(s, start).into_iter().map(|(i, t)| BlockShape { block_index: i as i64, block_token: t }).collect();
    let page = paginate(blocks, r.max_results, r.next_token.as_deref(), (100, 10_000))?;
    Ok(ListSnapshotBlocksResponse {
        blocks: page.items,
        expiry_time: Timestamp(w.now() + TOKEN_LIFE_MS),
        volume_size: s.volume_size_gib as i64,
        block_size: storage::BLOCK_SIZE as i64,
        next_token: page.next_token,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListChangedBlocksRequest {
    first_snapshot_id: Option<String>,
    second_snapshot_id: String,
    next_token: Option<String>,
    max_results: Option<i64>,
    starting_block_index: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangedBlockShape {
    block_index: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_block_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    second_block_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListChangedBlocksResponse {
    changed_blocks: Vec<ChangedBlockShape>,
    expiry_time: Timestamp,
    volume_size: i64,
    block_size: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

pub fn list_changed_blocks(w: &World, region: &str, r: ListChangedBlocksRequest) -> Result<ListChangedBlocksResponse, ApiError> {
    let start = bounds(r.max_results, r.starting_block_index)?;
    let second = direct::readable(w, region, &r.second_snapshot_id)?;
    let first = r.first_snapshot_id.as_deref().map(|f| direct::readable(w, region, f)).transpose()?;
    let changed: Vec<ChangedBlockShape> = direct::changed_blocks(first, second, start)?
        .into_iter()
        .map(|(i, a, b)| ChangedBlockShape { block_index: i as i64, first_block_token: a, second_block_token: b })
        .collect();
    let page = paginate(changed, r.max_results, r.next_token.as_deref(), (100, 10_000))?;
    Ok(ListChangedBlocksResponse {
        changed_blocks: page.items,
        expiry_time: Timestamp(w.now() + TOKEN_LIFE_MS),
        volume_size: second.volume_size_gib as i64,
        block_size: storage::BLOCK_SIZE as i64,
        next_token: page.next_token,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetSnapshotBlockRequest {
    snapshot_id: String,
    block_index: i64,
    block_token: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetSnapshotBlockResponse {
    data_length: i64,
    /// base64 on the wire; the Python client hands back `bytes`.
    block_data: String,
    checksum: String,
    checksum_algorithm: String,
}

pub fn get_snapshot_block(w: &World, region: &str, r: GetSnapshotBlockRequest) -> Result<GetSnapshotBlockResponse, ApiError> {
    let s = direct::readable(w, region, &r.snapshot_id)?;
    let index = u64::try_from(r.block_index).map_err(|_| {
        ApiError::new("ValidationException", "BlockIndex must not be negative.").hint("Block indexes start at 0.", "블록 인덱스는 0부터입니다.")
    })?;
    let (data, checksum) = direct::get_block(s, index, &r.block_token)?;
    Ok(GetSnapshotBlockResponse {
        data_length: data.len() as i64,
        block_data: base64::engine::general_purpose::STANDARD.encode(&data),
        checksum,
        checksum_algorithm: "SHA256".into(),
    })
}
