//! EBS snapshots: point-in-time copies of a volume's blocks, incremental at block level
//! (aws-facts §7.4). Each snapshot keeps the full block map of its moment (sharing the `Arc`
//! blocks, so it costs no copy) and says which of those blocks it *stores*: the first snapshot
//! of a lineage stores every written block, a later one only the blocks that differ from the
//! previous snapshot. Deleting a snapshot hands the blocks it stored that another snapshot
//! still needs over to that snapshot, so every remaining snapshot still restores in full.
use super::block::{BlockMap, Device, DirtySince, BLOCK_SIZE};
use crate::sim::Millis;
use std::collections::{BTreeMap, BTreeSet};

/// BC:ec2/SnapshotState (the ones ec2lab reaches).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapshotState {
    Pending,
    Completed,
}

impl SnapshotState {
    pub fn name(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Completed => "completed",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub id: String,
    /// The source volume (`vol-ffffffff` for copies and public images, as AWS shows them).
    pub volume_id: String,
    pub volume_size_gib: u32,
    pub owner_id: String,
    pub owner_alias: Option<String>,
    pub description: String,
    pub state: SnapshotState,
    pub start_time: Millis,
    pub completes_at: Millis,
    pub encrypted: bool,
    /// The whole volume at the snapshot's moment.
    pub blocks: BlockMap,
    /// The indexes of the blocks this snapshot stores (its incremental part).
    pub stored: BTreeSet<u64>,
    /// The snapshot it is incremental to, when it was taken.
    pub parent: Option<String>,
    /// Snapshots of one lineage (one volume and the volumes restored from its snapshots) can be
    /// compared with ListChangedBlocks.
    pub lineage: String,
    /// AMIs whose block device mappings use this snapshot: DeleteSnapshot refuses with
    /// `InvalidSnapshot.InUse` while this is not empty (the images domain fills it).
    pub in_use_by: BTreeSet<String>,
    /// For a copy: (source region, source snapshot id).
    pub source: Option<(String, String)>,
    /// Creation order within the region (start times can tie).
    pub seq: u64,
    pub public: bool,
}

impl Snapshot {
    /// What the snapshot stores, in bytes: whole 512 KiB blocks, as the EBS direct APIs count them.
    pub fn stored_bytes(&self) -> u64 {
        self.stored.len() as u64 * BLOCK_SIZE
    }
    /// `"37%"` while pending, `"100%"` once completed (BC:ec2/Snapshot.Progress).
    pub fn progress(&self, now: Millis) -> String {
        match self.state {
            SnapshotState::Completed => "100%".into(),
            SnapshotState::Pending => {
                let span = self.completes_at.saturating_sub(self.start_time).max(1);
                format!("{}%", (now.saturating_sub(self.start_time) * 100 / span).min(99))
            }
        }
    }
}

/// The blocks of `current` that differ from `previous` (or all of them without a previous one).
pub fn changed_blocks(current: &BlockMap, previous: Option<&BlockMap>) -> BTreeSet<u64> {
    current.iter().filter(|(i, b)| previous.and_then(|p| p.get(**i)).is_none_or(|old| !old.same(b))).map(|(i, _)| *i).collect()
}

/// The blocks a new snapshot of `dev` stores, incremental to `previous` (id, blocks), and how
/// many blocks were examined. When the device's dirty set is relative to that very snapshot
/// (or to an empty start without a previous one), only the dirty blocks are looked at: the
/// cost follows the blocks changed, not the volume. Otherwise (the previous snapshot was
/// deleted, another account's snapshot was restored, ...) every written block is compared.
pub fn stored_blocks(dev: &Device, previous: Option<(&str, &BlockMap)>) -> (BTreeSet<u64>, usize) {
    let dirty_matches = match (&dev.dirty.since, previous) {
        (DirtySince::Empty, None) => true,
        (DirtySince::Snapshot(since), Some((id, _))) => since == id,
        _ => false,
    };
    let prev = previous.map(|(_, b)| b);
    if !dirty_matches {
        return (changed_blocks(&dev.blocks, prev), dev.blocks.len());
    }
    let differs = |i: &u64| dev.blocks.get(*i).is_some_and(|b| prev.and_then(|p| p.get(*i)).is_none_or(|old| !old.same(b)));
    (dev.dirty.blocks.iter().filter(|i| differs(i)).copied().collect(), dev.dirty.blocks.len())
}

/// Removes snapshot `id` from `snapshots`; each block it stored that another snapshot still
/// uses (the very same block) moves to the earliest such snapshot, unless one stores it already.
pub fn remove_keeping_shared_blocks(snapshots: &mut BTreeMap<String, Snapshot>, id: &str) -> Option<Snapshot> {
    let gone = snapshots.remove(id)?;
    for idx in &gone.stored {
        let block = gone.blocks.get(*idx).expect("a stored block is in the map");
        let users = snapshots.values().filter(|s| s.blocks.get(*idx).is_some_and(|b| b.same(block)));
        if users.clone().any(|s| s.stored.contains(idx)) {
            continue;
        }
        if let Some(heir) = users.min_by_key(|s| s.seq).map(|s| s.id.clone()) {
            snapshots.get_mut(&heir).expect("found").stored.insert(*idx);
        }
    }
    Some(gone)
}

/// Every block any snapshot needs is stored by some snapshot holding that very block: the
/// invariant that makes every remaining snapshot restorable (checked by the tests).
pub fn every_block_is_stored(snapshots: &BTreeMap<String, Snapshot>) -> bool {
    snapshots.values().all(|s| s.blocks.iter().all(|(i, b)| snapshots.values().any(|o| o.stored.contains(i) && o.blocks.get(*i).is_some_and(|ob| ob.same(b)))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::block::{Block, GIB};

    /// The snapshot path examines only the blocks written since the previous snapshot, and
    /// stores exactly what the full comparison would.
    #[test]
    fn snapshot_examines_only_dirty_blocks() {
        let mut dev = Device::new(GIB);
        for i in 0..2048 {
            dev.put(i, Block::new(&[1]));
        }
        let (first, examined) = stored_blocks(&dev, None);
        assert_eq!((first.len(), examined), (2048, 2048));
        let snap = dev.blocks.clone();
        dev.mark_snapshot("snap-1");
        for i in (0..2048).step_by(100) {
            dev.put(i, Block::new(&[2]));
        }
        let (second, examined) = stored_blocks(&dev, Some(("snap-1", &snap)));
        assert_eq!((second.len(), examined), (21, 21));
        assert_eq!(second, changed_blocks(&dev.blocks, Some(&snap)));
        // Relative to another snapshot (e.g. snap-1 was deleted): the full comparison.
        let (other, examined) = stored_blocks(&dev, Some(("snap-0", &BlockMap::default())));
        assert_eq!((other.len(), examined), (2048, 2048));
    }
}
