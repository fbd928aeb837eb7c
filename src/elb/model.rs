//! The resources of ELBv2 as the simulation holds them. The API layer renders them into
//! botocore's shapes; the rules that change them live in the sibling files.
use crate::sim::Millis;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LbType {
    Application,
    Network,
    Gateway,
}

impl LbType {
    pub fn name(self) -> &'static str {
        match self {
            LbType::Application => "application",
            LbType::Network => "network",
            LbType::Gateway => "gateway",
        }
    }
    /// The ARN segment: `app`, `net`, `gwy`.
    pub fn arn_segment(self) -> &'static str {
        match self {
            LbType::Application => "app",
            LbType::Network => "net",
            LbType::Gateway => "gwy",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    InternetFacing,
    Internal,
}

impl Scheme {
    pub fn name(self) -> &'static str {
        match self {
            Scheme::InternetFacing => "internet-facing",
            Scheme::Internal => "internal",
        }
    }
}

/// BC:elbv2/LoadBalancerStateEnum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LbState {
    Provisioning,
    Active,
    ActiveImpaired,
    Failed,
}

impl LbState {
    pub fn name(self) -> &'static str {
        match self {
            LbState::Provisioning => "provisioning",
            LbState::Active => "active",
            LbState::ActiveImpaired => "active_impaired",
            LbState::Failed => "failed",
        }
    }
}

/// A load balancer node: one per enabled subnet (AZ), a requester-managed ENI carrying the
/// load balancer's security groups. Health checks and forwarded requests leave from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LbNode {
    pub subnet_id: String,
    pub az: String,
    pub eni_id: String,
}

#[derive(Debug, Clone)]
pub struct LoadBalancer {
    pub arn: String,
    pub name: String,
    pub kind: LbType,
    pub scheme: Scheme,
    pub state: LbState,
    pub vpc_id: String,
    pub nodes: Vec<LbNode>,
    /// Security group ids (ALB; NLB optionally); empty for GWLB.
    pub security_groups: Vec<String>,
    /// `ipv4` or `dualstack` (only ipv4 is routed).
    pub ip_address_type: String,
    pub dns_name: String,
    pub canonical_hosted_zone_id: String,
    pub created_at: Millis,
    /// Every attribute with its current value (defaults filled in at creation).
    pub attributes: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetType {
    Instance,
    Ip,
    Lambda,
    Alb,
}

impl TargetType {
    pub fn name(self) -> &'static str {
        match self {
            TargetType::Instance => "instance",
            TargetType::Ip => "ip",
            TargetType::Lambda => "lambda",
            TargetType::Alb => "alb",
        }
    }
}

/// Health check settings, defaults per protocol filled in at creation (aws-facts §14.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthCheck {
    pub enabled: bool,
    /// `HTTP`, `HTTPS` or `TCP`.
    pub protocol: String,
    /// `traffic-port` or a port number as text (AWS's own representation).
    pub port: String,
    /// HTTP(S) only.
    pub path: Option<String>,
    pub interval_s: u32,
    pub timeout_s: u32,
    pub healthy_threshold: u32,
    pub unhealthy_threshold: u32,
    /// HTTP codes like `200`, `200-299` or `200,302` (HTTP(S) only).
    pub matcher: Option<String>,
}

/// A registered target: `(id, port)` is its identity (an instance may be registered on
/// several ports).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TargetKey {
    /// Instance id, IP address, Lambda ARN or ALB ARN.
    pub id: String,
    pub port: u16,
}

/// BC:elbv2/TargetHealthStateEnum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HealthState {
    Initial,
    Healthy,
    Unhealthy,
    UnhealthyDraining,
    Unused,
    Draining,
    Unavailable,
}

impl HealthState {
    pub fn name(self) -> &'static str {
        match self {
            HealthState::Initial => "initial",
            HealthState::Healthy => "healthy",
            HealthState::Unhealthy => "unhealthy",
            HealthState::UnhealthyDraining => "unhealthy.draining",
            HealthState::Unused => "unused",
            HealthState::Draining => "draining",
            HealthState::Unavailable => "unavailable",
        }
    }
}

/// What one health check saw (kept for the trace and the notebook's timeline).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    pub at: Millis,
    pub passed: bool,
    /// The reason code when it failed (`Target.Timeout`, `Target.ResponseCodeMismatch`, ...).
    pub reason: Option<&'static str>,
    /// The HTTP status seen, if any.
    pub status: Option<u16>,
    /// What happened, in one line (the reachability explanation when the network dropped it).
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub key: TargetKey,
    /// Explicit AvailabilityZone (ip targets; `all` for outside the VPC).
    pub az: Option<String>,
    pub registered_at: Millis,
    /// The stored health state; `targets::health_of` derives what Describe shows (unused when
    /// the group has no listener, InvalidState when the instance is not running).
    pub state: HealthState,
    pub reason: Option<&'static str>,
    pub description: Option<String>,
    /// Consecutive passes / failures of the current streak.
    pub passes: u32,
    pub failures: u32,
    /// Whether any check has completed since registration.
    pub checked: bool,
    /// When healthy began (slow start ramps from here).
    pub healthy_since: Option<Millis>,
    /// Draining ends at this instant (then the target is removed).
    pub draining_until: Option<Millis>,
    /// Requests in flight (least_outstanding_requests), a simulated count.
    pub outstanding: u32,
    /// The last few checks, newest last (bounded).
    pub history: Vec<CheckResult>,
}

#[derive(Debug, Clone)]
pub struct TargetGroup {
    pub arn: String,
    pub name: String,
    pub target_type: TargetType,
    /// None for lambda targets.
    pub protocol: Option<String>,
    /// HTTP1 / HTTP2 / GRPC for HTTP(S) groups.
    pub protocol_version: Option<String>,
    pub port: Option<u16>,
    pub vpc_id: Option<String>,
    pub ip_address_type: String,
    pub health: HealthCheck,
    pub attributes: BTreeMap<String, String>,
    pub targets: BTreeMap<TargetKey, Target>,
    pub created_at: Millis,
    /// The next scheduled health round, if one is queued (never two at once).
    pub next_check_at: Option<Millis>,
    /// Round-robin position.
    pub cursor: u64,
}

#[derive(Debug, Clone)]
pub struct Listener {
    pub arn: String,
    pub lb_arn: String,
    pub protocol: String,
    pub port: u16,
    pub ssl_policy: Option<String>,
    pub certificates: Vec<String>,
    pub alpn_policy: Vec<String>,
    /// The ARN of the listener's default rule (in `RegionElb::rules`, priority `None`).
    pub default_rule_arn: String,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub arn: String,
    pub listener_arn: String,
    /// None for the listener's default rule (evaluated last, shown as "default").
    pub priority: Option<u32>,
    pub conditions: Vec<Condition>,
    pub actions: Vec<Action>,
}

impl Rule {
    pub fn is_default(&self) -> bool {
        self.priority.is_none()
    }
}

/// A query-string condition pair: a missing key matches any key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryPair {
    pub key: Option<String>,
    pub value: String,
}

/// A rule condition with its values as given (matching lives in `rules`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    PathPattern(Vec<String>),
    HostHeader(Vec<String>),
    HttpHeader {
        name: String,
        values: Vec<String>,
    },
    HttpRequestMethod(Vec<String>),
    QueryString(Vec<QueryPair>),
    /// CIDRs as given, with their parsed (address, prefix length).
    SourceIp(Vec<(String, u32, u8)>),
}

impl Condition {
    /// The `Field` name of the API.
    pub fn field(&self) -> &'static str {
        match self {
            Condition::PathPattern(_) => "path-pattern",
            Condition::HostHeader(_) => "host-header",
            Condition::HttpHeader { .. } => "http-header",
            Condition::HttpRequestMethod(_) => "http-request-method",
            Condition::QueryString(_) => "query-string",
            Condition::SourceIp(_) => "source-ip",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightedGroup {
    pub arn: String,
    pub weight: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forward {
    pub groups: Vec<WeightedGroup>,
    /// Target group stickiness duration in seconds (cookie AWSALBTG), if enabled.
    pub stickiness_s: Option<u32>,
}

/// `#{protocol}` style values are kept as given and substituted per request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub protocol: String,
    pub host: String,
    pub port: String,
    pub path: String,
    pub query: String,
    /// 301 or 302.
    pub status_code: u16,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedResponse {
    pub status_code: u16,
    pub content_type: Option<String>,
    pub body: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionKind {
    Forward(Forward),
    Redirect(Redirect),
    FixedResponse(FixedResponse),
    /// authenticate-oidc / authenticate-cognito / jwt-validation: kept for Describe, not run.
    Authenticate {
        kind: String,
        config: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub order: Option<u32>,
    pub kind: ActionKind,
}
