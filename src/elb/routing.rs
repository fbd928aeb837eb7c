//! Routing one request: listener for the port → rules by priority (first match) → action →
//! target group (weighted) → target (`select`) → the network check from the node to the target
//! (`network::reachability::evaluate`) → the app → ALB's own errors and X-Forwarded-* headers.
//! Every entry point (`lb.request`, `send_traffic`, the real HTTP front) comes here.
use super::http::{HttpRequest, HttpResponse};
use super::TargetKey;

/// Why the request went where it did, step by step (shown to students).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Trace {
    pub listener_arn: String,
    /// The matched rule's ARN and priority (`None` = the default rule).
    pub rule_arn: String,
    pub rule_priority: Option<u32>,
    /// One line per rule evaluated, in order: why it matched or not.
    pub rules_evaluated: Vec<String>,
    pub action: String,
    pub target_group_arn: Option<String>,
    /// How the target was picked (algorithm, stickiness, fail-open, cross-zone).
    pub selection: String,
    /// Set when the network blocked the node → target hop (the reachability explanation).
    pub network: Option<String>,
    /// What the ALB itself answered and why (503 no targets, 502 refused, 504 timeout, ...).
    pub elb_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routed {
    pub response: HttpResponse,
    pub target: Option<TargetKey>,
    pub target_group_arn: Option<String>,
    /// Virtual time the request took (not applied to the clock by a single request).
    pub elapsed_ms: u64,
    pub trace: Trace,
}

/// A request arriving at a load balancer's listener port.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub lb_arn: String,
    pub port: u16,
    pub request: HttpRequest,
}
