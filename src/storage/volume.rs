//! EBS volumes: what one is, its states and attachments (aws-facts §7.3).
use super::block::{Device, GIB};
use crate::sim::Millis;
use std::collections::BTreeSet;

/// BC:ec2/VolumeState (`deleted` volumes are gone from the region).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VolumeState {
    Creating,
    Available,
    InUse,
    Deleting,
}

impl VolumeState {
    pub fn name(self) -> &'static str {
        match self {
            Self::Creating => "creating",
            Self::Available => "available",
            Self::InUse => "in-use",
            Self::Deleting => "deleting",
        }
    }
}

/// BC:ec2/VolumeAttachmentState.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachState {
    Attaching,
    Attached,
    Detaching,
}

impl AttachState {
    pub fn name(self) -> &'static str {
        match self {
            Self::Attaching => "attaching",
            Self::Attached => "attached",
            Self::Detaching => "detaching",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    pub instance_id: String,
    /// `/dev/sdf`, `/dev/xvda`, ...
    pub device: String,
    pub state: AttachState,
    pub attach_time: Millis,
    pub delete_on_termination: bool,
}

/// BC:ec2/VolumeModificationState.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModificationState {
    Modifying,
    Optimizing,
    Completed,
}

impl ModificationState {
    pub fn name(self) -> &'static str {
        match self {
            Self::Modifying => "modifying",
            Self::Optimizing => "optimizing",
            Self::Completed => "completed",
        }
    }
}

/// The provisioned settings of a volume (before or after a modification).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeSettings {
    pub volume_type: String,
    pub size_gib: u32,
    pub iops: Option<u32>,
    pub throughput: Option<u32>,
    pub multi_attach: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modification {
    pub state: ModificationState,
    pub original: VolumeSettings,
    pub target: VolumeSettings,
    pub start_time: Millis,
    /// When `modifying` ends and `optimizing` begins, and when it all completes.
    pub optimizing_at: Millis,
    pub end_time: Millis,
}

impl Modification {
    /// 0–100, growing through `optimizing` (BC:ec2/VolumeModification.Progress).
    pub fn progress(&self, now: Millis) -> i64 {
        match self.state {
            ModificationState::Completed => 100,
            ModificationState::Modifying => 0,
            ModificationState::Optimizing => {
                let span = self.end_time.saturating_sub(self.optimizing_at).max(1);
                ((now.saturating_sub(self.optimizing_at)) * 100 / span).min(99) as i64
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Volume {
    pub id: String,
    pub volume_type: String,
    pub size_gib: u32,
    /// Reported IOPS: provisioned (gp3, io1, io2) or gp2's baseline; none for st1/sc1/standard.
    pub iops: Option<u32>,
    pub throughput: Option<u32>,
    pub az: String,
    pub encrypted: bool,
    pub snapshot_id: Option<String>,
    pub create_time: Millis,
    pub state: VolumeState,
    pub multi_attach: bool,
    pub attachments: Vec<Attachment>,
    /// The bytes. Memory grows with data written, never with the volume's size.
    pub data: Device,
    /// Blocks restored from a snapshot that have not been read yet: the first touch is slow
    /// (lazy loading from S3, UG:ebs-initialize).
    pub unloaded: BTreeSet<u64>,
    /// gp2 I/O credits, as of `credits_at`.
    pub gp2_credits: f64,
    pub credits_at: Millis,
    pub modifications: Vec<Modification>,
    /// Snapshots of the same lineage can be compared block by block (ListChangedBlocks).
    pub lineage: String,
    /// The snapshot this volume was restored from, when the account owns it: the volume's first
    /// snapshot is incremental to it.
    pub base_snapshot: Option<String>,
    /// Bumped on every state change, so a stale timed event is ignored.
    pub generation: u64,
}

impl Volume {
    pub fn settings(&self) -> VolumeSettings {
        VolumeSettings {
            volume_type: self.volume_type.clone(),
            size_gib: self.size_gib,
            iops: self.iops,
            throughput: self.throughput,
            multi_attach: self.multi_attach,
        }
    }
    pub fn size_bytes(&self) -> u64 {
        self.size_gib as u64 * GIB
    }
    /// The attachment to `instance_id`, if any (in any attachment state).
    pub fn attachment(&self, instance_id: &str) -> Option<&Attachment> {
        self.attachments.iter().find(|a| a.instance_id == instance_id)
    }
    pub fn attachment_mut(&mut self, instance_id: &str) -> Option<&mut Attachment> {
        self.attachments.iter_mut().find(|a| a.instance_id == instance_id)
    }
    /// `in-use` while anything is attached, else `available` (unless creating or deleting).
    pub fn settle_state(&mut self) {
        if matches!(self.state, VolumeState::Available | VolumeState::InUse) {
            self.state = if self.attachments.is_empty() { VolumeState::Available } else { VolumeState::InUse };
        }
    }
}
