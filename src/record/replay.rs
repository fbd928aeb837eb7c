//! Loading a recording: parse, check the header, replay every entry in a fresh cloud with the
//! recorded seed, and compare each outcome, each step of time and the final digest.
use super::{Entry, Recording, FORMAT, FORMAT_VERSION};
use crate::sim::clock::iso8601;
use crate::Cloud;

/// Why a recording was refused: which entry (1-based; None for the file as a whole), what was
/// compared, what the file says and what the replay got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayError {
    pub entry: Option<usize>,
    /// How many entries the recording has.
    pub entries: usize,
    pub subject: String,
    pub expected: String,
    pub got: String,
    pub reason: String,
}

impl ReplayError {
    fn file(subject: &str, expected: impl Into<String>, got: impl Into<String>, reason: impl Into<String>) -> Self {
        ReplayError { entry: None, entries: 0, subject: subject.into(), expected: expected.into(), got: got.into(), reason: reason.into() }
    }
}

impl std::fmt::Display for ReplayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(n) = self.entry {
            write!(f, "entry {n} of {}: ", self.entries)?;
        }
        write!(f, "{}: expected {}, got {}. {}", self.subject, self.expected, self.got, self.reason)
    }
}

impl std::error::Error for ReplayError {}

const EDITED: &str = "The recording does not replay to what it says: it was edited, truncated, or recorded with another seed or ec2lab version.";

/// Parses a saved recording and replays it. `expected_seed` (a lab's seed) refuses a recording
/// made with another one before anything runs.
pub fn load(text: &str, expected_seed: Option<u64>) -> Result<(Cloud, Recording), ReplayError> {
    let rec: Recording = serde_json::from_str(text).map_err(|e| {
        let why = if e.is_eof() { "the file ends early (truncated?)" } else { "the file is not an ec2lab recording" };
        ReplayError::file("the file", "a complete ec2lab recording (JSON)", format!("{e}"), format!("{why}; save it again with cloud.save(path)."))
    })?;
    if rec.format != FORMAT {
        return Err(ReplayError::file("the format", format!("{FORMAT:?}"), format!("{:?}", rec.format), "This is not an ec2lab recording."));
    }
    if rec.format_version != FORMAT_VERSION {
        return Err(ReplayError::file(
            "the format version",
            FORMAT_VERSION.to_string(),
            rec.format_version.to_string(),
            "This ec2lab cannot read that version.",
        ));
    }
    if let Some(seed) = expected_seed {
        if rec.seed != seed {
            return Err(ReplayError::file(
                "the seed",
                seed.to_string(),
                rec.seed.to_string(),
                "The recording was made in a cloud with another seed; start the lab's cloud (ec2lab.labs.start) and do the work there.",
            ));
        }
    }
    if crate::geo::require_region(&rec.region).is_err() {
        return Err(ReplayError::file("the default region", "a region ec2lab models", format!("{:?}", rec.region), "The file was edited."));
    }
    let cloud = replay(&rec)?;
    Ok((cloud, rec))
}

/// Replays a recording in a fresh cloud with its seed; the cloud comes back with the same log,
/// so it can be used and saved again.
pub fn replay(rec: &Recording) -> Result<Cloud, ReplayError> {
    let mut cloud = Cloud::new(rec.seed);
    // External apps are not there on replay: their recorded replies stand in for them.
    cloud.world.externals.replay = Some(rec.app_replies.iter().map(crate::elb::apps::AppReply::from).collect());
    let total = rec.entries.len();
    let version_note = if rec.ec2lab_version == env!("CARGO_PKG_VERSION") {
        String::new()
    } else {
        format!(" (It was recorded by ec2lab {}; this is {}.)", rec.ec2lab_version, env!("CARGO_PKG_VERSION"))
    };
    let fail = |i: usize, subject: String, expected: String, got: String| ReplayError {
        entry: Some(i + 1),
        entries: total,
        subject,
        expected,
        got,
        reason: format!("{EDITED}{version_note}"),
    };
    for (i, entry) in rec.entries.iter().enumerate() {
        match entry {
            Entry::Call { at_ms, service, region, operation, params, outcome } => {
                let what = format!("{service}:{operation} in {region}");
                if cloud.now() != *at_ms {
                    return Err(fail(i, format!("{what}, the virtual time of the call"), iso8601(*at_ms), iso8601(cloud.now())));
                }
                let _ = cloud.answer(service, region, operation, params.clone());
                let got = match cloud.log.entries.last() {
                    Some(Entry::Call { outcome, .. }) => outcome.clone(),
                    _ => unreachable!("answer always records the call"),
                };
                if got != *outcome {
                    return Err(fail(i, format!("{what} at {}, the outcome", iso8601(*at_ms)), outcome.to_string(), got.to_string()));
                }
            }
            Entry::Advance { to_ms, events } => {
                if *to_ms < cloud.now() {
                    return Err(fail(i, "a step of virtual time, its end".into(), format!("an instant after {}", iso8601(cloud.now())), iso8601(*to_ms)));
                }
                let n = cloud.advance_to(*to_ms);
                if n != *events {
                    return Err(fail(i, format!("advancing to {}, the events that ran", iso8601(*to_ms)), events.to_string(), n.to_string()));
                }
            }
        }
    }
    if cloud.now() != rec.final_ms {
        return Err(ReplayError {
            entry: None,
            entries: total,
            subject: "the final virtual time".into(),
            expected: iso8601(rec.final_ms),
            got: iso8601(cloud.now()),
            reason: format!("{EDITED}{version_note}"),
        });
    }
    let log = super::log_digest(&cloud.log.entries);
    if log != rec.log_digest {
        return Err(ReplayError {
            entry: None,
            entries: total,
            subject: "the digest of the log".into(),
            expected: rec.log_digest.clone(),
            got: log,
            reason: format!("{EDITED}{version_note}"),
        });
    }
    let digest = super::world_digest(&cloud.world);
    if digest != rec.digest {
        return Err(ReplayError {
            entry: None,
            entries: total,
            subject: "the digest of the final state".into(),
            expected: rec.digest.clone(),
            got: digest,
            reason: format!("{EDITED}{version_note}"),
        });
    }
    Ok(cloud)
}
