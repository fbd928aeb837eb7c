//! What an instance serves on a port: a declarative route table (evaluated here, in the core,
//! deterministically), or an external app (a Python callable or a real upstream HTTP server)
//! reached through a handle the binding registers. Faults let students break a server on
//! purpose. A stopped or terminated instance serves nothing.
use super::http::{HttpRequest, HttpResponse};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// One line of a declarative app: requests whose path matches `path` (`*` and `?` wildcards,
/// case-sensitive) and, if given, whose method is `method`, get this answer after `delay_ms`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppRoute {
    pub path: String,
    pub method: Option<String>,
    pub status: u16,
    pub body: String,
    pub headers: Vec<(String, String)>,
    pub delay_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum App {
    /// First matching route answers; no match is a 404.
    Routes(Vec<AppRoute>),
    /// A handle registered by the binding; `label` says what it is (for traces and Debug).
    External { handle: u64, label: String },
}

/// A deliberate breakage (`instance.fail(...)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Nothing listens: connection refused.
    Refuse,
    /// The connection is reset mid-request.
    Reset,
    /// Accepts and never answers.
    Hang,
    /// Every request gets this status.
    Status(u16),
    /// Every answer comes this much later.
    Slow(u64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    pub app: App,
    pub fault: Option<Fault>,
}

/// What an app did with one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppReply {
    /// An HTTP answer after `elapsed_ms`.
    Response { response: HttpResponse, elapsed_ms: u64 },
    Refused,
    Reset,
    /// No answer (within any timeout).
    NoAnswer,
    /// The response could not be parsed as HTTP.
    Malformed,
}

/// An app that lives outside the core (a Python callable, a real upstream server).
pub trait ExternalApp: Send + Sync {
    fn call(&self, request: &HttpRequest, timeout_ms: u64) -> AppReply;
}

/// External apps by handle, and the tape of their replies: recorded while live, played back
/// when a recording is replayed without the apps (so replay reaches the same world).
#[derive(Clone, Default)]
pub struct Externals {
    pub apps: BTreeMap<u64, Arc<dyn ExternalApp>>,
    pub next_handle: u64,
    /// Replies given so far, in call order (saved with a recording).
    pub tape: Vec<AppReply>,
    /// When replaying: the saved replies, consumed from `replay_pos`.
    pub replay: Option<Vec<AppReply>>,
    pub replay_pos: usize,
}

impl fmt::Debug for Externals {
    // Nothing: the world's Debug text is digested, and a replay has no apps (only their tape).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Externals")
    }
}

/// What happened to one request sent from a load balancer node to a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub reply: AppReply,
    /// When the network dropped it: the reachability explanation (which hop, which rule).
    pub blocked: Option<String>,
}

/// Sends `request` from the node ENI `node_eni` to a target (instance id or IP, port): the
/// network check first (`network::reachability::evaluate`, TCP to the target port), then the
/// app on that port, honouring faults; a non-running instance or nothing listening is refused.
/// Used by health checks and routing alike. (Filled in by the traffic work.)
pub fn deliver(w: &mut crate::world::World, region: &str, node_eni: &str, target: &super::TargetKey, request: &HttpRequest, timeout_ms: u64) -> Delivery {
    let _ = (w, region, node_eni, target, request, timeout_ms);
    Delivery { reply: AppReply::Refused, blocked: None }
}
