//! The replies of external apps (Python callables, real upstream servers) in a recording: the
//! core cannot call them again on replay, so a recording carries what they answered, in call
//! order, and replay plays it back (`elb::apps::Externals`).
use crate::elb::apps::AppReply;
use crate::elb::http::HttpResponse;
use base64::Engine;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum TapeEntry {
    /// `body` is base64.
    Response {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
        elapsed_ms: u64,
    },
    Refused,
    Reset,
    NoAnswer,
    Malformed,
}

impl From<&AppReply> for TapeEntry {
    fn from(r: &AppReply) -> Self {
        match r {
            AppReply::Response { response, elapsed_ms } => TapeEntry::Response {
                status: response.status,
                headers: response.headers.clone(),
                body: base64::engine::general_purpose::STANDARD.encode(&response.body),
                elapsed_ms: *elapsed_ms,
            },
            AppReply::Refused => TapeEntry::Refused,
            AppReply::Reset => TapeEntry::Reset,
            AppReply::NoAnswer => TapeEntry::NoAnswer,
            AppReply::Malformed => TapeEntry::Malformed,
        }
    }
}

impl From<&TapeEntry> for AppReply {
    fn from(t: &TapeEntry) -> Self {
        match t {
            // A body that is not base64 (an edited file) plays back as a malformed reply.
            TapeEntry::Response { status, headers, body, elapsed_ms } => match base64::engine::general_purpose::STANDARD.decode(body) {
                Ok(body) => AppReply::Response { response: HttpResponse { status: *status, headers: headers.clone(), body }, elapsed_ms: *elapsed_ms },
                Err(_) => AppReply::Malformed,
            },
            TapeEntry::Refused => AppReply::Refused,
            TapeEntry::Reset => AppReply::Reset,
            TapeEntry::NoAnswer => AppReply::NoAnswer,
            TapeEntry::Malformed => AppReply::Malformed,
        }
    }
}
