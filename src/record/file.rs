//! The saved form of a recording (JSON). Loading parses it with serde into these plain types
//! and nothing else: a file can carry data, never code.
use super::Entry;
use crate::sim::Millis;
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "ec2lab-recording";
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recording {
    pub format: String,
    pub format_version: u32,
    pub ec2lab_version: String,
    pub seed: u64,
    /// The default region of the Python `Cloud` that recorded it (each call names its own).
    pub region: String,
    pub entries: Vec<Entry>,
    pub final_ms: Millis,
    /// SHA-256 of the entries: dropping or editing a call that changed nothing is refused too.
    pub log_digest: String,
    pub digest: String,
    /// What external apps answered, in call order (absent when no external app was called).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub app_replies: Vec<super::TapeEntry>,
}

impl crate::Cloud {
    /// This cloud's recording so far, ready to save.
    pub fn recording(&self, region: &str) -> Recording {
        Recording {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            ec2lab_version: env!("CARGO_PKG_VERSION").into(),
            seed: self.world.seed,
            region: region.into(),
            entries: self.log.entries.clone(),
            final_ms: self.now(),
            log_digest: super::log_digest(&self.log.entries),
            digest: super::world_digest(&self.world),
            app_replies: self.world.externals.tape.iter().map(super::TapeEntry::from).collect(),
        }
    }
}
