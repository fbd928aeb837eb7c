//! Sparse block devices: bytes kept in 512 KiB blocks (the EBS snapshot block size), only for
//! blocks ever written. A block is an `Arc`, so cloning the world (DryRun), taking a snapshot or
//! restoring a volume shares the bytes; a write replaces the block (copy-on-write). The map of
//! blocks is persistent (`rpds`): cloning it is O(1) and shares structure, so a snapshot's
//! point-in-time map costs nothing to capture. A device also keeps the blocks written since its
//! last snapshot (`Dirty`), so a snapshot examines only those.
use crate::error::ApiError;
use rpds::RedBlackTreeMapSync;
use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

/// 512 KiB: the block size of EBS snapshots and of the EBS direct APIs.
pub const BLOCK_SIZE: u64 = 512 * 1024;
pub const GIB: u64 = 1024 * 1024 * 1024;

struct BlockData {
    /// FNV-1a of the whole (zero-padded) block, computed once when the block is written.
    hash: u64,
    /// The block's bytes with trailing zeros trimmed: a mostly empty block costs what it holds.
    bytes: Box<[u8]>,
}

/// One written block. Equality of content is `hash` + bytes; identity (`same`) is the `Arc`.
#[derive(Clone)]
pub struct Block(Arc<BlockData>);

impl Block {
    /// A block holding `data` (at most `BLOCK_SIZE` bytes, the rest zeros).
    pub fn new(data: &[u8]) -> Block {
        debug_assert!(data.len() as u64 <= BLOCK_SIZE);
        let end = data.iter().rposition(|b| *b != 0).map_or(0, |p| p + 1);
        let bytes: Box<[u8]> = data[..end].into();
        Block(Arc::new(BlockData { hash: hash_padded(&bytes), bytes }))
    }
    /// The stored bytes (trailing zeros trimmed).
    pub fn bytes(&self) -> &[u8] {
        &self.0.bytes
    }
    /// The whole 512 KiB block.
    pub fn padded(&self) -> Vec<u8> {
        let mut v = self.0.bytes.to_vec();
        v.resize(BLOCK_SIZE as usize, 0);
        v
    }
    pub fn hash(&self) -> u64 {
        self.0.hash
    }
    /// The very same stored block (not just equal bytes): how snapshots tell unchanged blocks.
    pub fn same(&self, o: &Block) -> bool {
        Arc::ptr_eq(&self.0, &o.0)
    }
    /// Memory the block's bytes take.
    pub fn memory(&self) -> usize {
        self.0.bytes.len()
    }
}

fn hash_padded(bytes: &[u8]) -> u64 {
    // Trailing zeros do not change the block, so they are left out of the hash as well.
    crate::images::fnv1a64(bytes)
}

impl PartialEq for Block {
    fn eq(&self, o: &Block) -> bool {
        self.same(o) || (self.0.hash == o.0.hash && self.0.bytes == o.0.bytes)
    }
}
impl Eq for Block {}

impl fmt::Debug for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:016x}", self.0.hash)
    }
}

/// Block index → block; indexes never written are zeros and cost nothing. Persistent: `clone`
/// is O(1) and an insert copies only the O(log n) path it changes.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct BlockMap(pub RedBlackTreeMapSync<u64, Block>);

impl BlockMap {
    pub fn get(&self, index: u64) -> Option<&Block> {
        self.0.get(&index)
    }
    pub fn len(&self) -> usize {
        self.0.size()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = (&u64, &Block)> {
        self.0.iter()
    }
    pub fn insert(&mut self, index: u64, block: Block) {
        self.0.insert_mut(index, block);
    }
    pub fn contains(&self, index: u64) -> bool {
        self.0.contains_key(&index)
    }
    pub fn keys(&self) -> impl Iterator<Item = u64> + '_ {
        self.0.keys().copied()
    }
    /// Indexes from `start` on, in order.
    pub fn keys_from(&self, start: u64) -> impl Iterator<Item = u64> + '_ {
        self.0.range(start..).map(|(i, _)| *i)
    }
    /// Memory the written blocks take (what the issue asks to stay proportional to data written).
    pub fn memory(&self) -> usize {
        self.0.values().map(Block::memory).sum()
    }
    /// A short digest of the whole content, for `Debug`.
    pub fn digest(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for (i, b) in self.0.iter() {
            h = (h ^ i).wrapping_mul(0x100_0000_01b3);
            h = (h ^ b.hash()).wrapping_mul(0x100_0000_01b3);
        }
        h
    }
}

impl fmt::Debug for BlockMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BlockMap({} blocks, #{:016x})", self.len(), self.digest())
    }
}

/// What the dirty set of a device is relative to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum DirtySince {
    /// The device started empty: every written block is dirty.
    #[default]
    Empty,
    /// The device held snapshot `id`'s blocks (taken from it, or restored from it).
    Snapshot(String),
    /// Unknown start (e.g. restored from another account's snapshot): a snapshot compares all.
    Unknown,
}

/// The blocks written since `since` (a superset of those that differ from it).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Dirty {
    pub since: DirtySince,
    pub blocks: BTreeSet<u64>,
}

impl fmt::Debug for Dirty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Short, like the block map: the count and a digest of the indexes.
        let h = self.blocks.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, i| (h ^ i).wrapping_mul(0x100_0000_01b3));
        write!(f, "Dirty({:?}, {} blocks, #{h:016x})", self.since, self.blocks.len())
    }
}

/// A block device of a fixed size: reads and writes at byte offsets; beyond the end is refused.
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct Device {
    pub size_bytes: u64,
    pub blocks: BlockMap,
    /// Blocks written since the last snapshot (only ever grown by `put`, reset by snapshots).
    pub dirty: Dirty,
}

impl Device {
    pub fn new(size_bytes: u64) -> Device {
        Device { size_bytes, blocks: BlockMap::default(), dirty: Dirty::default() }
    }
    /// A device holding `blocks`; its dirty set starts from an unknown point (see `since`).
    pub fn from_blocks(size_bytes: u64, blocks: BlockMap) -> Device {
        Device { size_bytes, blocks, dirty: Dirty { since: DirtySince::Unknown, blocks: BTreeSet::new() } }
    }
    /// The dirty set starts relative to `since` (a restore from the account's own snapshot).
    pub fn since(mut self, since: DirtySince) -> Device {
        self.dirty.since = since;
        self
    }
    /// Every block write goes through here, so the dirty set stays complete.
    pub fn put(&mut self, index: u64, block: Block) {
        self.blocks.insert(index, block);
        self.dirty.blocks.insert(index);
    }
    /// A snapshot `id` of the device was just taken: nothing is dirty relative to it.
    pub fn mark_snapshot(&mut self, id: &str) {
        self.dirty = Dirty { since: DirtySince::Snapshot(id.to_string()), blocks: BTreeSet::new() };
    }
    pub fn block_count(&self) -> u64 {
        self.size_bytes.div_ceil(BLOCK_SIZE)
    }
    pub fn check_range(&self, offset: u64, len: u64) -> Result<(), ApiError> {
        if offset.checked_add(len).is_none_or(|end| end > self.size_bytes) {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!("The write of {len} bytes at offset {offset} goes beyond the end of the device ({} bytes).", self.size_bytes),
            )
            .hint(
                "A block device has a fixed size: data cannot go past its end. Grow the volume with modify_volume, or write less.",
                "블록 장치의 크기는 고정되어 있어 끝을 넘어 쓸 수 없습니다. modify_volume으로 볼륨을 늘리거나 더 적게 쓰세요.",
            ));
        }
        Ok(())
    }
    pub fn read(&self, offset: u64, len: u64) -> Vec<u8> {
        let end = (offset + len).min(self.size_bytes);
        let mut out = Vec::with_capacity(end.saturating_sub(offset) as usize);
        let mut pos = offset;
        while pos < end {
            let idx = pos / BLOCK_SIZE;
            let within = (pos % BLOCK_SIZE) as usize;
            let take = ((BLOCK_SIZE as usize - within) as u64).min(end - pos) as usize;
            match self.blocks.get(idx) {
                Some(b) => {
                    let bytes = b.bytes();
                    for k in within..within + take {
                        out.push(bytes.get(k).copied().unwrap_or(0));
                    }
                }
                None => out.resize(out.len() + take, 0),
            }
            pos += take as u64;
        }
        out
    }
    /// Writes `data` at `offset`; every touched block becomes a new `Block` (the old one stays
    /// with whichever snapshot holds it). Returns the indexes of the blocks written.
    pub fn write(&mut self, offset: u64, data: &[u8]) -> Result<Vec<u64>, ApiError> {
        self.check_range(offset, data.len() as u64)?;
        let mut touched = Vec::new();
        let mut pos = offset;
        let mut rest = data;
        while !rest.is_empty() {
            let idx = pos / BLOCK_SIZE;
            let within = (pos % BLOCK_SIZE) as usize;
            let take = (BLOCK_SIZE as usize - within).min(rest.len());
            let mut buf = match self.blocks.get(idx) {
                Some(b) => b.bytes().to_vec(),
                None => Vec::new(),
            };
            if buf.len() < within + take {
                buf.resize(within + take, 0);
            }
            buf[within..within + take].copy_from_slice(&rest[..take]);
            self.put(idx, Block::new(&buf));
            touched.push(idx);
            rest = &rest[take..];
            pos += take as u64;
        }
        Ok(touched)
    }
    /// Everything back to zeros (instance store on stop/terminate).
    pub fn erase(&mut self) {
        self.blocks = BlockMap::default();
        self.dirty = Dirty::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_reads_writes_and_copy_on_write() {
        let mut d = Device::new(16 * 1024 * GIB);
        let data: Vec<u8> = (0..(1024 * 1024)).map(|i| (i % 251) as u8 + 1).collect();
        let touched = d.write(5 * GIB + 100, &data).unwrap();
        assert_eq!(touched.len(), 3);
        assert_eq!(d.read(5 * GIB + 100, data.len() as u64), data);
        assert!(d.blocks.memory() <= 1024 * 1024 + 200, "about 1 MiB for 1 MiB written");
        assert_eq!(d.read(0, 4), vec![0, 0, 0, 0]);
        let before = d.clone();
        d.write(5 * GIB + 100, b"xyz").unwrap();
        let idx = (5 * GIB + 100) / BLOCK_SIZE;
        assert!(!before.blocks.get(idx).unwrap().same(d.blocks.get(idx).unwrap()));
        assert!(before.blocks.get(idx + 1).unwrap().same(d.blocks.get(idx + 1).unwrap()));
        assert!(d.write(d.size_bytes - 1, b"ab").is_err());
        assert_eq!(Block::new(&[1, 2, 0, 0]).bytes(), &[1, 2]);
    }
}
