//! The log entries and the recorder the door writes into.
use crate::api::Answer;
use crate::error::ApiError;
use crate::sim::Millis;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How a call ended: `{"ok": <hash of the response>}` or `{"error": <AWS error code>}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Outcome {
    Ok(String),
    Error(String),
}

impl Outcome {
    pub fn of(result: &Result<Answer, ApiError>) -> Outcome {
        match result {
            Ok(answer) => Outcome::Ok(super::response_hash(&**answer)),
            Err(e) => Outcome::Error(e.code.clone()),
        }
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Ok(h) => write!(f, "success (response {h})"),
            Outcome::Error(code) => write!(f, "refused with {code}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Entry {
    /// One operation through the door, at the virtual instant it was made.
    Call { at_ms: Millis, service: String, region: String, operation: String, params: Value, outcome: Outcome },
    /// Virtual time moved to `to_ms`, running `events` scheduled events on the way.
    Advance { to_ms: Millis, events: usize },
}

/// The ordered log of one cloud.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Log {
    pub entries: Vec<Entry>,
}

impl Log {
    pub fn call(&mut self, at_ms: Millis, service: &str, region: &str, operation: &str, params: Value, result: &Result<Answer, ApiError>) {
        let outcome = Outcome::of(result);
        self.entries.push(Entry::Call { at_ms, service: service.into(), region: region.into(), operation: operation.into(), params, outcome });
    }

    /// Consecutive steps of time merge into one: advancing to a then to b runs the same events
    /// in the same order as advancing to b (a waiter's many small steps stay one entry).
    pub fn advance(&mut self, from_ms: Millis, to_ms: Millis, events: usize) {
        if to_ms == from_ms && events == 0 {
            return;
        }
        if let Some(Entry::Advance { to_ms: last, events: n }) = self.entries.last_mut() {
            *last = to_ms;
            *n += events;
            return;
        }
        self.entries.push(Entry::Advance { to_ms, events });
    }
}
