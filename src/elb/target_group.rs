//! Target groups: settings with per-protocol defaults and ranges (aws-facts §14.3), attributes,
//! and which load balancers use a group (derived from the rules that forward to it).
use super::{HealthCheck, RegionElb, TargetGroup, TargetType};
use crate::error::ApiError;
use crate::world::{Region, World, ACCOUNT_ID};
use std::collections::BTreeMap;

/// Target groups per Region (ALB:load-balancer-limits: 3,000).
pub const MAX_TARGET_GROUPS: usize = 3000;

pub const PROTOCOLS: &[&str] = &["HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE", "QUIC", "TCP_QUIC"];

/// elbv2's `ValidationError` with a hint.
pub(crate) fn validation(message: impl Into<String>, en: impl Into<String>, ko: impl Into<String>) -> ApiError {
    ApiError::new("ValidationError", message).hint(en, ko)
}

pub(crate) fn invalid_config(message: impl Into<String>, en: impl Into<String>, ko: impl Into<String>) -> ApiError {
    ApiError::new("InvalidConfigurationRequest", message).hint(en, ko)
}

pub fn not_found() -> ApiError {
    ApiError::new("TargetGroupNotFound", "One or more target groups not found").hint(
        "No target group has this ARN (or name) in this Region: check DescribeTargetGroups; a deleted group is gone.",
        "이 리전에 그 ARN(또는 이름)의 대상 그룹이 없습니다. DescribeTargetGroups로 확인하세요. 삭제된 그룹은 사라집니다.",
    )
}

/// AWS's server-side range message (`1 validation error detected: ...`).
pub(crate) fn out_of_range(member: &str, value: i64, lo: i64, hi: i64) -> ApiError {
    let (op, bound) = if value < lo { ("greater", lo) } else { ("less", hi) };
    validation(
        format!(
            "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must have value {op} than or equal to {bound}"
        ),
        format!("{member} must be between {lo} and {hi}."),
        format!("{member} 값은 {lo}~{hi} 사이여야 합니다."),
    )
}

fn in_range(member: &str, value: Option<i64>, lo: i64, hi: i64) -> Result<Option<u32>, ApiError> {
    match value {
        Some(v) if v < lo || v > hi => Err(out_of_range(member, v, lo, hi)),
        Some(v) => Ok(Some(v as u32)),
        None => Ok(None),
    }
}

/// Name rules (as for load balancers): ≤ 32 characters, letters, digits, hyphens, no hyphen first or last.
pub fn check_name(name: &str) -> Result<(), ApiError> {
    let hint = |why: &str, ko: &str| {
        (
            format!("{why} A target group name has at most 32 letters, digits and hyphens, and does not start or end with a hyphen (e.g. web-tg)."),
            format!("{ko} 대상 그룹 이름은 영문자, 숫자, 하이픈으로 최대 32자이며 하이픈으로 시작하거나 끝날 수 없습니다(예: web-tg)."),
        )
    };
    if name.is_empty() || name.chars().count() > 32 {
        let (en, ko) = hint("The name is empty or too long.", "이름이 비었거나 너무 깁니다.");
        return Err(validation(format!("Target group name '{name}' cannot be longer than '32' characters"), en, ko));
    }
    if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        let (en, ko) = hint("The name has a character that is not allowed.", "허용되지 않는 문자가 있습니다.");
        return Err(validation(format!("Target group name '{name}' can only contain characters that are alphanumeric characters or hyphens(-)"), en, ko));
    }
    if name.starts_with('-') || name.ends_with('-') {
        let (en, ko) = hint("The name starts or ends with a hyphen.", "이름이 하이픈으로 시작하거나 끝납니다.");
        return Err(validation(format!("Target group name '{name}' cannot begin or end with '-'"), en, ko));
    }
    Ok(())
}

/// Health check settings as a request gives them (all optional).
#[derive(Debug, Clone, Default)]
pub struct HealthSpec {
    pub protocol: Option<String>,
    pub port: Option<String>,
    pub path: Option<String>,
    pub enabled: Option<bool>,
    pub interval_s: Option<i64>,
    pub timeout_s: Option<i64>,
    pub healthy_threshold: Option<i64>,
    pub unhealthy_threshold: Option<i64>,
    /// HttpCode (or GrpcCode for GRPC groups).
    pub matcher: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct CreateSpec {
    pub name: String,
    pub protocol: Option<String>,
    pub protocol_version: Option<String>,
    pub port: Option<i64>,
    pub vpc_id: Option<String>,
    pub target_type: Option<String>,
    pub ip_address_type: Option<String>,
    pub health: HealthSpec,
    pub tags: Vec<(String, String)>,
}

fn parse_target_type(s: Option<&str>) -> Result<TargetType, ApiError> {
    Ok(match s.unwrap_or("instance") {
        "instance" => TargetType::Instance,
        "ip" => TargetType::Ip,
        "lambda" => TargetType::Lambda,
        "alb" => TargetType::Alb,
        other => {
            return Err(validation(
                format!("1 validation error detected: Value '{other}' at 'targetType' failed to satisfy constraint: Member must satisfy enum value set: [instance, ip, lambda, alb]"),
                "TargetType is instance (the default), ip, lambda or alb.",
                "TargetType은 instance(기본), ip, lambda, alb 중 하나입니다.",
            ))
        }
    })
}

fn check_protocol(member: &str, p: &str) -> Result<(), ApiError> {
    if PROTOCOLS.contains(&p) {
        return Ok(());
    }
    Err(validation(
        format!("1 validation error detected: Value '{p}' at '{member}' failed to satisfy constraint: Member must satisfy enum value set: [{}]", PROTOCOLS.join(", ")),
        "Protocols are upper-case: HTTP or HTTPS for Application Load Balancers, TCP/TLS/UDP/TCP_UDP for Network Load Balancers, GENEVE for Gateway Load Balancers.",
        "프로토콜은 대문자입니다. ALB는 HTTP/HTTPS, NLB는 TCP/TLS/UDP/TCP_UDP, GWLB는 GENEVE.",
    ))
}

fn is_http(p: &str) -> bool {
    p == "HTTP" || p == "HTTPS"
}

/// The per-protocol defaults of aws-facts §14.3.
pub fn default_health(target_type: TargetType, protocol: Option<&str>, hc_protocol: Option<&str>, grpc: bool) -> HealthCheck {
    if target_type == TargetType::Lambda {
        return HealthCheck {
            enabled: false,
            protocol: "HTTP".into(),
            port: "traffic-port".into(),
            path: Some("/".into()),
            interval_s: 35,
            timeout_s: 30,
            healthy_threshold: 5,
            unhealthy_threshold: 5,
            matcher: Some("200".into()),
        };
    }
    let protocol = protocol.unwrap_or("HTTP");
    let hc = hc_protocol.unwrap_or(if is_http(protocol) { "HTTP" } else { "TCP" });
    let mut h = HealthCheck {
        enabled: true,
        protocol: hc.to_string(),
        port: "traffic-port".into(),
        path: None,
        interval_s: 30,
        timeout_s: 5,
        healthy_threshold: 5,
        unhealthy_threshold: 2,
        matcher: None,
    };
    if is_http(protocol) {
        // ALB: HTTP(S) checks of `/`, 5 s timeout, matcher 200 (gRPC: code 12 on the AWS path).
        h.path = Some(if grpc { "/AWS.ALB/healthcheck".into() } else { "/".into() });
        h.matcher = Some(if grpc { "12".into() } else { "200".into() });
    } else if protocol == "GENEVE" {
        h.port = "80".into();
        h.interval_s = 10;
        h.timeout_s = 5;
        if is_http(hc) {
            h.path = Some("/".into());
            h.matcher = Some("200-399".into());
        }
    } else if is_http(hc) {
        // NLB with HTTP(S) checks: 6 s (HTTP) / 10 s (HTTPS), matcher 200-399.
        h.path = Some("/".into());
        h.matcher = Some("200-399".into());
        h.timeout_s = if hc == "HTTP" { 6 } else { 10 };
    } else {
        h.timeout_s = 10;
    }
    h
}

/// The HttpCode range a matcher may use: ALB 200-499, NLB 200-599, GWLB 200-399 (BC:elbv2/CreateTargetGroup).
fn matcher_range(protocol: Option<&str>) -> (u16, u16) {
    match protocol {
        Some("HTTP" | "HTTPS") | None => (200, 499),
        Some("GENEVE") => (200, 399),
        _ => (200, 599),
    }
}

/// `200`, `200,302`, `200-299` (and combinations by commas) with every code inside `range`.
pub fn parse_matcher(m: &str) -> Option<Vec<(u16, u16)>> {
    let mut out = Vec::new();
    for part in m.split(',') {
        let part = part.trim();
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part, part),
        };
        if a.is_empty() || b.is_empty() || !a.bytes().all(|c| c.is_ascii_digit()) || !b.bytes().all(|c| c.is_ascii_digit()) || a.len() > 3 || b.len() > 3 {
            return None;
        }
        let (a, b): (u16, u16) = (a.parse().ok()?, b.parse().ok()?);
        if a > b {
            return None;
        }
        out.push((a, b));
    }
    Some(out)
}

/// Whether `status` is one of the matcher's codes.
pub fn matcher_accepts(m: &str, status: u16) -> bool {
    parse_matcher(m).is_some_and(|ranges| ranges.iter().any(|&(a, b)| a <= status && status <= b))
}

/// Applies the given health settings over `base`, checking each against AWS's rules.
fn apply_health(base: &HealthCheck, spec: &HealthSpec, tg_protocol: Option<&str>, target_type: TargetType, grpc: bool) -> Result<HealthCheck, ApiError> {
    let mut h = base.clone();
    if let Some(p) = &spec.protocol {
        check_protocol("healthCheckProtocol", p)?;
        if !matches!(p.as_str(), "HTTP" | "HTTPS" | "TCP") {
            return Err(validation(
                format!("Health check protocol '{p}' is not supported"),
                "Health checks use HTTP, HTTPS or TCP; GENEVE, TLS, UDP, TCP_UDP and QUIC are not health check protocols.",
                "헬스 체크는 HTTP, HTTPS, TCP만 씁니다. GENEVE, TLS, UDP, TCP_UDP, QUIC은 헬스 체크 프로토콜이 아닙니다.",
            ));
        }
        if p == "TCP" && tg_protocol.is_some_and(is_http) {
            return Err(validation(
                format!("Health check protocol 'TCP' is not supported for target groups with the {} protocol", tg_protocol.unwrap_or("HTTP")),
                "An Application Load Balancer's target group (HTTP/HTTPS) checks with HTTP or HTTPS requests, not bare TCP connections.",
                "ALB 대상 그룹(HTTP/HTTPS)은 TCP 연결이 아니라 HTTP/HTTPS 요청으로 헬스 체크합니다.",
            ));
        }
        if *p != h.protocol {
            // Switching between TCP and HTTP(S) checks brings that kind's defaults.
            let fresh = default_health(target_type, tg_protocol, Some(p), grpc);
            h.path = if is_http(p) { h.path.clone().or(fresh.path) } else { None };
            h.matcher = if is_http(p) { h.matcher.clone().or(fresh.matcher) } else { None };
            h.protocol = p.clone();
        }
    }
    if let Some(port) = &spec.port {
        let ok = port == "traffic-port" || port.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n)) && !port.starts_with('0');
        if !ok {
            return Err(validation(
                format!("Health check port '{port}' must be 'traffic-port' or a number between 1 and 65535"),
                "HealthCheckPort is `traffic-port` (the port each target receives traffic on) or a port number as text, e.g. '8080'.",
                "HealthCheckPort는 `traffic-port`(대상이 트래픽을 받는 포트) 또는 '8080' 같은 포트 번호 문자열입니다.",
            ));
        }
        h.port = port.clone();
    }
    if let Some(enabled) = spec.enabled {
        if !enabled && target_type != TargetType::Lambda {
            return Err(validation(
                format!("Health check enabled must be true for target groups with target type '{}'", target_type.name()),
                "Health checks are always on for instance, ip and alb target groups; only a lambda group may turn them off.",
                "instance, ip, alb 대상 그룹은 헬스 체크를 끌 수 없습니다. lambda 그룹만 끌 수 있습니다.",
            ));
        }
        h.enabled = enabled;
    }
    if let Some(path) = &spec.path {
        if !is_http(&h.protocol) {
            return Err(validation(
                format!("Health check path is not supported for health checks with the {} protocol", h.protocol),
                "A TCP health check only opens a connection; HealthCheckPath applies to HTTP and HTTPS checks.",
                "TCP 헬스 체크는 연결만 엽니다. HealthCheckPath는 HTTP/HTTPS 헬스 체크에만 씁니다.",
            ));
        }
        if !path.starts_with('/') || path.len() > 1024 {
            return Err(validation(
                format!("Health check path '{path}' must begin with a '/' character and be at most 1024 characters"),
                "The health check path is the request path, starting with '/', e.g. /health.",
                "헬스 체크 경로는 '/'로 시작하는 요청 경로입니다(예: /health).",
            ));
        }
        h.path = Some(path.clone());
    }
    if let Some(v) = in_range("healthCheckIntervalSeconds", spec.interval_s, 5, 300)? {
        h.interval_s = v;
    }
    if let Some(v) = in_range("healthCheckTimeoutSeconds", spec.timeout_s, 2, 120)? {
        h.timeout_s = v;
    }
    if let Some(v) = in_range("healthyThresholdCount", spec.healthy_threshold, 2, 10)? {
        h.healthy_threshold = v;
    }
    if let Some(v) = in_range("unhealthyThresholdCount", spec.unhealthy_threshold, 2, 10)? {
        h.unhealthy_threshold = v;
    }
    // The timeout must fit in the interval (strictly, for HTTP(S) checks).
    let http = is_http(&h.protocol);
    if h.timeout_s > h.interval_s || http && h.timeout_s == h.interval_s && tg_protocol.is_some_and(is_http) {
        let rel = if http { "smaller than" } else { "smaller than or equal to" };
        return Err(validation(
            format!("Health check timeout '{}' must be {rel} the interval '{}'", h.timeout_s, h.interval_s),
            "Each check must time out before the next one starts: choose a timeout shorter than the interval.",
            "다음 체크가 시작되기 전에 제한 시간이 끝나야 합니다. 간격보다 짧은 제한 시간을 고르세요.",
        ));
    }
    if let Some(m) = &spec.matcher {
        if !is_http(&h.protocol) {
            return Err(validation(
                format!("Health check matcher is not supported for health checks with the {} protocol", h.protocol),
                "A TCP health check has no HTTP status to match; Matcher applies to HTTP and HTTPS checks.",
                "TCP 헬스 체크에는 맞춰 볼 HTTP 상태 코드가 없습니다. Matcher는 HTTP/HTTPS 헬스 체크에만 씁니다.",
            ));
        }
        let (lo, hi) = if grpc { (0, 99) } else { matcher_range(tg_protocol) };
        let ok = parse_matcher(m).is_some_and(|r| r.iter().all(|&(a, b)| a >= lo && b <= hi));
        if !ok {
            return Err(validation(
                format!("Health check matcher HTTP code '{m}' must be within '{lo}-{hi}' inclusive"),
                format!("Matcher HttpCode is a code, a list or a range, e.g. 200, 200,302 or 200-299, each between {lo} and {hi}."),
                format!("Matcher HttpCode는 200, 200,302, 200-299처럼 코드, 목록, 범위이며 각각 {lo}~{hi} 사이여야 합니다."),
            ));
        }
        h.matcher = Some(m.clone());
    }
    Ok(h)
}

/// Builds a target group from a create request (nothing is stored).
fn build(reg: &Region, spec: &CreateSpec) -> Result<TargetGroup, ApiError> {
    check_name(&spec.name)?;
    let target_type = parse_target_type(spec.target_type.as_deref())?;
    if target_type == TargetType::Lambda {
        for (given, what) in [(spec.protocol.is_some(), "Protocol"), (spec.port.is_some(), "Port"), (spec.vpc_id.is_some(), "VPC ID")] {
            if given {
                return Err(validation(
                    format!("{what} cannot be specified for target groups with target type 'lambda'"),
                    "A lambda target group has no protocol, port or VPC: the load balancer invokes the function.",
                    "lambda 대상 그룹에는 프로토콜, 포트, VPC가 없습니다. 로드 밸런서가 함수를 호출합니다.",
                ));
            }
        }
    } else {
        for (given, what) in [(spec.protocol.is_some(), "protocol"), (spec.port.is_some(), "port"), (spec.vpc_id.is_some(), "VPC ID")] {
            if !given {
                return Err(validation(
                    format!("A {what} must be specified"),
                    format!("An {} target group needs Protocol, Port and VpcId (e.g. HTTP, 8000, the VPC of your instances).", target_type.name()),
                    format!("{} 대상 그룹에는 Protocol, Port, VpcId가 필요합니다(예: HTTP, 8000, 인스턴스의 VPC).", target_type.name()),
                ));
            }
        }
    }
    if let Some(p) = &spec.protocol {
        check_protocol("protocol", p)?;
    }
    let protocol = spec.protocol.clone();
    let port = match spec.port {
        Some(p) if !(1..=65535).contains(&p) => return Err(out_of_range("port", p, 1, 65535)),
        Some(p) => Some(p as u16),
        None => None,
    };
    if protocol.as_deref() == Some("GENEVE") && port != Some(6081) {
        return Err(validation(
            "The port must be 6081 for target groups with the GENEVE protocol",
            "Gateway Load Balancer target groups use GENEVE on port 6081.",
            "GWLB 대상 그룹은 GENEVE 프로토콜과 포트 6081을 씁니다.",
        ));
    }
    if target_type == TargetType::Alb && protocol.as_deref() != Some("TCP") {
        return Err(validation(
            "Target groups with target type 'alb' must use the TCP protocol",
            "An alb target group puts an Application Load Balancer behind a Network Load Balancer: it is a TCP group.",
            "alb 대상 그룹은 NLB 뒤에 ALB를 두는 것이므로 TCP 그룹이어야 합니다.",
        ));
    }
    if let Some(vpc) = &spec.vpc_id {
        if !reg.network.vpcs.contains_key(vpc) {
            return Err(validation(
                format!("The VPC ID '{vpc}' is not found"),
                "VpcId must be a VPC of this Region (DescribeVpcs); the targets will be in it.",
                "VpcId는 이 리전의 VPC여야 합니다(DescribeVpcs). 대상들이 그 안에 있게 됩니다.",
            ));
        }
    }
    let protocol_version = match (&spec.protocol_version, protocol.as_deref()) {
        (Some(v), Some(p)) if is_http(p) => {
            let v = v.to_ascii_uppercase();
            if !matches!(v.as_str(), "HTTP1" | "HTTP2" | "GRPC") {
                return Err(validation(
                    format!("Protocol version '{v}' is not supported"),
                    "ProtocolVersion is HTTP1 (the default), HTTP2 or GRPC.",
                    "ProtocolVersion은 HTTP1(기본), HTTP2, GRPC 중 하나입니다.",
                ));
            }
            Some(v)
        }
        (Some(_), _) => {
            return Err(validation(
                "A protocol version can only be specified for target groups with the HTTP or HTTPS protocol",
                "ProtocolVersion applies to HTTP and HTTPS target groups only.",
                "ProtocolVersion은 HTTP/HTTPS 대상 그룹에만 씁니다.",
            ))
        }
        (None, Some(p)) if is_http(p) => Some("HTTP1".to_string()),
        (None, _) => None,
    };
    let ip_address_type = spec.ip_address_type.clone().unwrap_or_else(|| "ipv4".into());
    if !matches!(ip_address_type.as_str(), "ipv4" | "ipv6") {
        return Err(validation(
            format!("1 validation error detected: Value '{ip_address_type}' at 'ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, ipv6]"),
            "IpAddressType is ipv4 (the default) or ipv6.",
            "IpAddressType은 ipv4(기본) 또는 ipv6입니다.",
        ));
    }
    let grpc = protocol_version.as_deref() == Some("GRPC");
    if let Some(p) = &spec.health.protocol {
        check_protocol("healthCheckProtocol", p)?;
    }
    let base = default_health(target_type, protocol.as_deref(), spec.health.protocol.as_deref().filter(|p| matches!(*p, "HTTP" | "HTTPS" | "TCP")), grpc);
    let health = apply_health(&base, &spec.health, protocol.as_deref(), target_type, grpc)?;
    let mut tg = TargetGroup {
        arn: String::new(),
        name: spec.name.clone(),
        target_type,
        protocol,
        protocol_version,
        port,
        vpc_id: spec.vpc_id.clone(),
        ip_address_type,
        health,
        attributes: BTreeMap::new(),
        targets: BTreeMap::new(),
        created_at: 0,
        next_check_at: None,
        cursor: 0,
    };
    tg.attributes = default_attributes(&tg);
    Ok(tg)
}

/// Whether two groups were made with the same settings (an identical create returns the first).
fn same_settings(a: &TargetGroup, b: &TargetGroup) -> bool {
    a.target_type == b.target_type
        && a.protocol == b.protocol
        && a.protocol_version == b.protocol_version
        && a.port == b.port
        && a.vpc_id == b.vpc_id
        && a.ip_address_type == b.ip_address_type
        && a.health == b.health
}

/// CreateTargetGroup: a new group, or the existing one of that name when the settings are the
/// same (idempotent). Returns its ARN.
pub fn create(w: &mut World, region: &str, spec: &CreateSpec) -> Result<String, ApiError> {
    let reg = w.region(region)?;
    let mut tg = build(reg, spec)?;
    if let Some(existing) = reg.elb.target_groups.values().find(|g| g.name == spec.name) {
        if same_settings(existing, &tg) {
            return Ok(existing.arn.clone());
        }
        return Err(ApiError::new(
            "DuplicateTargetGroupName",
            format!("A target group with the same name '{}' exists, but with different settings", spec.name),
        )
        .hint(
            "Target group names are unique per Region. Reuse the existing group, delete it first, or choose another name.",
            "대상 그룹 이름은 리전마다 고유합니다. 기존 그룹을 쓰거나, 먼저 삭제하거나, 다른 이름을 고르세요.",
        ));
    }
    if reg.elb.target_groups.len() >= MAX_TARGET_GROUPS {
        return Err(ApiError::new("TooManyTargetGroups", "You have reached the maximum number of target groups allowed for your account")
            .hint("A Region holds at most 3,000 target groups. Delete unused ones.", "리전마다 대상 그룹은 최대 3,000개입니다. 쓰지 않는 그룹을 삭제하세요."));
    }
    reg.tags.check_set("", &spec.tags).map_err(|e| {
        if e.code == "TagLimitExceeded" {
            ApiError::new("TooManyTags", "You've reached the limit on the number of tags for this resource.").hint(e.hint_en.clone(), e.hint_ko.clone())
        } else {
            ApiError::new("ValidationError", e.message.clone()).hint(e.hint_en.clone(), e.hint_ko.clone())
        }
    })?;
    let hex = format!("{:016x}", w.rng.id_bits() as u64);
    tg.arn = format!("arn:aws:elasticloadbalancing:{region}:{ACCOUNT_ID}:targetgroup/{}/{hex}", spec.name);
    tg.created_at = w.now();
    let arn = tg.arn.clone();
    let reg = w.region_mut(region)?;
    if !spec.tags.is_empty() {
        reg.tags.set(&arn, &spec.tags);
    }
    reg.elb.target_groups.insert(arn.clone(), tg);
    Ok(arn)
}

pub fn get<'r>(reg: &'r Region, arn: &str) -> Result<&'r TargetGroup, ApiError> {
    reg.elb.target_groups.get(arn).ok_or_else(not_found)
}

/// The load balancers whose listeners or rules forward to the group (default rules included).
pub fn load_balancer_arns(elb: &RegionElb, tg_arn: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for rule in elb.rules.values() {
        if super::rules::target_group_arns(&rule.actions).any(|a| a == tg_arn) {
            if let Some(l) = elb.listeners.get(&rule.listener_arn) {
                if !out.contains(&l.lb_arn) {
                    out.push(l.lb_arn.clone());
                }
            }
        }
    }
    out.sort();
    out
}

/// Whether any listener or rule of any load balancer forwards to the group.
pub fn in_use(elb: &RegionElb, tg_arn: &str) -> bool {
    elb.rules.values().any(|r| super::rules::target_group_arns(&r.actions).any(|a| a == tg_arn))
}

/// ModifyTargetGroup: health check settings only.
pub fn modify(w: &mut World, region: &str, arn: &str, spec: &HealthSpec) -> Result<(), ApiError> {
    let reg = w.region(region)?;
    let tg = get(reg, arn)?;
    let grpc = tg.protocol_version.as_deref() == Some("GRPC");
    let health = apply_health(&tg.health, spec, tg.protocol.as_deref(), tg.target_type, grpc)?;
    let interval_ms = u64::from(health.interval_s) * 1000;
    let region_name = reg.info.name;
    let reg = w.region_mut(region)?;
    let Some(tg) = reg.elb.target_groups.get_mut(arn) else { return Ok(()) };
    tg.health = health;
    // A shorter interval applies from now on, not after the round already queued.
    if !tg.targets.is_empty() {
        super::health::ensure_round(w, region_name, arn, interval_ms);
    }
    Ok(())
}

/// DeleteTargetGroup: refused while a listener or rule forwards to it; deleting an unknown ARN
/// succeeds (AWS's DeleteTargetGroup is idempotent).
pub fn delete(w: &mut World, region: &str, arn: &str) -> Result<(), ApiError> {
    let reg = w.region(region)?;
    if !reg.elb.target_groups.contains_key(arn) {
        return Ok(());
    }
    if in_use(&reg.elb, arn) {
        return Err(ApiError::new("ResourceInUse", format!("Target group '{arn}' is currently in use by a listener or a rule")).hint(
            "A listener's default action or a rule still forwards to this group. Change or delete that listener or rule first (DescribeTargetGroups shows LoadBalancerArns).",
            "리스너의 기본 작업이나 규칙이 아직 이 그룹으로 전달합니다. 먼저 그 리스너나 규칙을 바꾸거나 삭제하세요(DescribeTargetGroups의 LoadBalancerArns 참고).",
        ));
    }
    let reg = w.region_mut(region)?;
    reg.elb.target_groups.remove(arn);
    reg.tags.forget(arn);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Attributes

/// Every attribute the group supports, with AWS's default (BC:elbv2/TargetGroupAttribute).
pub fn default_attributes(tg: &TargetGroup) -> BTreeMap<String, String> {
    let mut a = BTreeMap::new();
    let mut put = |k: &str, v: &str| {
        a.insert(k.to_string(), v.to_string());
    };
    if tg.target_type == TargetType::Lambda {
        put("lambda.multi_value_headers.enabled", "false");
        return a;
    }
    put("deregistration_delay.timeout_seconds", "300");
    put("stickiness.enabled", "false");
    put("target_group_health.dns_failover.minimum_healthy_targets.count", "1");
    put("target_group_health.dns_failover.minimum_healthy_targets.percentage", "off");
    put("target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "1");
    put("target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "off");
    match tg.protocol.as_deref() {
        Some("HTTP" | "HTTPS") => {
            put("stickiness.type", "lb_cookie");
            put("stickiness.lb_cookie.duration_seconds", "86400");
            put("stickiness.app_cookie.cookie_name", "");
            put("stickiness.app_cookie.duration_seconds", "86400");
            put("slow_start.duration_seconds", "0");
            put("load_balancing.algorithm.type", "round_robin");
            put("load_balancing.algorithm.anomaly_mitigation", "off");
            put("load_balancing.cross_zone.enabled", "use_load_balancer_configuration");
        }
        Some("GENEVE") => {
            put("stickiness.type", "source_ip_dest_ip_proto");
            put("target_failover.on_deregistration", "no_rebalance");
            put("target_failover.on_unhealthy", "no_rebalance");
        }
        p => {
            let udp = matches!(p, Some("UDP" | "TCP_UDP"));
            put("stickiness.type", "source_ip");
            put("load_balancing.cross_zone.enabled", "use_load_balancer_configuration");
            put("deregistration_delay.connection_termination.enabled", if udp { "true" } else { "false" });
            let preserve = !(tg.target_type == TargetType::Ip && matches!(p, Some("TCP" | "TLS")));
            put("preserve_client_ip.enabled", if preserve { "true" } else { "false" });
            put("proxy_protocol_v2.enabled", "false");
            put("target_health_state.unhealthy.connection_termination.enabled", "true");
            put("target_health_state.unhealthy.draining_interval_seconds", "0");
        }
    }
    a
}

fn int_between(key: &str, v: &str, lo: i64, hi: i64) -> Result<i64, ApiError> {
    match v.parse::<i64>() {
        Ok(n) if (lo..=hi).contains(&n) && !v.starts_with('+') => Ok(n),
        _ => Err(validation(
            format!("'{key}' value '{v}' must be between '{lo}-{hi}' inclusive"),
            format!("{key} takes a whole number from {lo} to {hi}."),
            format!("{key}에는 {lo}~{hi} 사이의 정수를 씁니다."),
        )),
    }
}

fn one_of(key: &str, v: &str, allowed: &[&str]) -> Result<(), ApiError> {
    if allowed.contains(&v) {
        return Ok(());
    }
    Err(validation(
        format!("'{key}' must be one of [{}]", allowed.join(", ")),
        format!("{key} takes one of: {}.", allowed.join(", ")),
        format!("{key}에는 다음 중 하나를 씁니다: {}.", allowed.join(", ")),
    ))
}

/// Checks one value and the combinations of the merged set (nothing is stored).
fn check_attributes(tg: &TargetGroup, merged: &BTreeMap<String, String>) -> Result<(), ApiError> {
    for (k, v) in merged {
        match k.as_str() {
            "deregistration_delay.timeout_seconds" => {
                int_between(k, v, 0, 3600)?;
            }
            "slow_start.duration_seconds" => {
                if v != "0" {
                    int_between(k, v, 30, 900).map_err(|_| {
                        validation(
                            format!("'{k}' value '{v}' must be between '30-900' inclusive or '0'"),
                            "Slow start lasts 30 to 900 seconds; 0 turns it off.",
                            "슬로 스타트는 30~900초이며 0이면 꺼집니다.",
                        )
                    })?;
                }
            }
            "stickiness.lb_cookie.duration_seconds" | "stickiness.app_cookie.duration_seconds" => {
                int_between(k, v, 1, 604800)?;
            }
            "target_group_health.unhealthy_state_routing.minimum_healthy_targets.count" => {
                int_between(k, v, 1, 1000)?;
            }
            "target_group_health.dns_failover.minimum_healthy_targets.count" => {
                if v != "off" {
                    int_between(k, v, 1, 1000)?;
                }
            }
            "target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage" | "target_group_health.dns_failover.minimum_healthy_targets.percentage" => {
                if v != "off" {
                    int_between(k, v, 1, 100)?;
                }
            }
            "target_health_state.unhealthy.draining_interval_seconds" => {
                int_between(k, v, 0, 360000)?;
            }
            "load_balancing.algorithm.type" => one_of(k, v, &["round_robin", "least_outstanding_requests", "weighted_random"])?,
            "load_balancing.algorithm.anomaly_mitigation" => one_of(k, v, &["on", "off"])?,
            "load_balancing.cross_zone.enabled" => one_of(k, v, &["true", "false", "use_load_balancer_configuration"])?,
            "target_failover.on_deregistration" | "target_failover.on_unhealthy" => one_of(k, v, &["rebalance", "no_rebalance"])?,
            "stickiness.type" => match tg.protocol.as_deref() {
                Some("HTTP" | "HTTPS") => one_of(k, v, &["lb_cookie", "app_cookie"]).map_err(|_| {
                    invalid_config(
                        format!("Stickiness type '{v}' is not supported for target groups with the {} protocol", tg.protocol.as_deref().unwrap_or("HTTP")),
                        "Application Load Balancer groups stick with cookies: lb_cookie (AWSALB, made by the load balancer) or app_cookie (your application's cookie).",
                        "ALB 대상 그룹은 쿠키로 고정합니다: lb_cookie(로드 밸런서가 만드는 AWSALB) 또는 app_cookie(애플리케이션 쿠키).",
                    )
                })?,
                Some("GENEVE") => one_of(k, v, &["source_ip_dest_ip", "source_ip_dest_ip_proto"])?,
                _ => one_of(k, v, &["source_ip"]).map_err(|_| {
                    invalid_config(
                        format!("Stickiness type '{v}' is not supported for target groups with the {} protocol", tg.protocol.as_deref().unwrap_or("TCP")),
                        "Network Load Balancer groups stick by source IP (source_ip); cookies are HTTP, which an NLB does not read.",
                        "NLB 대상 그룹은 출발지 IP(source_ip)로 고정합니다. 쿠키는 NLB가 읽지 않는 HTTP의 일입니다.",
                    )
                })?,
            },
            "stickiness.app_cookie.cookie_name" => {
                if ["AWSALB", "AWSALBAPP", "AWSALBTG"].iter().any(|p| v.to_ascii_uppercase().starts_with(p)) {
                    return Err(validation(
                        format!("Application cookie name '{v}' cannot start with 'AWSALB', 'AWSALBAPP', or 'AWSALBTG'"),
                        "Cookies starting with AWSALB, AWSALBAPP or AWSALBTG are the load balancer's own; name your application's cookie something else (e.g. SESSIONID).",
                        "AWSALB, AWSALBAPP, AWSALBTG로 시작하는 쿠키는 로드 밸런서의 것입니다. 애플리케이션 쿠키에 다른 이름을 쓰세요(예: SESSIONID).",
                    ));
                }
                let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
                if v.len() > 256 || !v.chars().all(token) {
                    return Err(validation(
                        format!("Application cookie name '{v}' is not valid"),
                        "A cookie name is up to 256 letters, digits and the characters !#$%&'*+-.^_`|~ (no spaces, '=' or ';').",
                        "쿠키 이름은 영문자, 숫자, !#$%&'*+-.^_`|~ 로 최대 256자입니다(공백, '=', ';' 불가).",
                    ));
                }
            }
            _ => {
                if v != "true" && v != "false" {
                    return Err(validation(
                        format!("'{k}' must be one of [true, false]"),
                        format!("{k} is true or false."),
                        format!("{k}는 true 또는 false입니다."),
                    ));
                }
            }
        }
    }
    let get = |k: &str| merged.get(k).map(String::as_str);
    if get("slow_start.duration_seconds").is_some_and(|v| v != "0") && get("load_balancing.algorithm.type") == Some("least_outstanding_requests") {
        return Err(invalid_config(
            "Slow start mode cannot be enabled with the least outstanding requests load balancing algorithm",
            "Slow start ramps a new target's share up over time, which only round_robin and weighted_random can do. Set slow_start.duration_seconds to 0 or use round_robin.",
            "슬로 스타트는 새 대상의 몫을 점점 늘리는 것이라 round_robin과 weighted_random에서만 됩니다. slow_start.duration_seconds를 0으로 하거나 round_robin을 쓰세요.",
        ));
    }
    if get("load_balancing.algorithm.anomaly_mitigation") == Some("on") && get("load_balancing.algorithm.type") != Some("weighted_random") {
        return Err(invalid_config(
            "Anomaly mitigation is only available with the weighted random load balancing algorithm",
            "Set load_balancing.algorithm.type to weighted_random before turning anomaly mitigation on.",
            "이상 완화를 켜려면 먼저 load_balancing.algorithm.type을 weighted_random으로 하세요.",
        ));
    }
    if get("stickiness.enabled") == Some("true")
        && get("stickiness.type") == Some("app_cookie")
        && get("stickiness.app_cookie.cookie_name").is_none_or(str::is_empty)
    {
        return Err(invalid_config(
            "You must set an application cookie name to enable stickiness of type 'app_cookie'",
            "app_cookie stickiness follows your application's cookie: set stickiness.app_cookie.cookie_name too.",
            "app_cookie 고정은 애플리케이션 쿠키를 따릅니다. stickiness.app_cookie.cookie_name도 설정하세요.",
        ));
    }
    if get("target_failover.on_deregistration") != get("target_failover.on_unhealthy") {
        return Err(validation(
            "'target_failover.on_deregistration' and 'target_failover.on_unhealthy' must have the same value",
            "A Gateway Load Balancer group sets both target_failover attributes together, to the same value.",
            "GWLB 대상 그룹은 두 target_failover 속성을 같은 값으로 함께 설정합니다.",
        ));
    }
    Ok(())
}

/// ModifyTargetGroupAttributes: checks every key and the merged combination, then stores them.
pub fn modify_attributes(w: &mut World, region: &str, arn: &str, changes: &[(String, String)]) -> Result<BTreeMap<String, String>, ApiError> {
    let reg = w.region(region)?;
    let tg = get(reg, arn)?;
    let mut merged = tg.attributes.clone();
    for (k, v) in changes {
        if !merged.contains_key(k) {
            return Err(validation(
                format!("Target group attribute key '{k}' is not recognized"),
                format!(
                    "{k} is not an attribute of this target group (a {} group). DescribeTargetGroupAttributes lists the keys it has.",
                    tg.protocol.as_deref().unwrap_or(tg.target_type.name())
                ),
                format!("{k}는 이 대상 그룹의 속성이 아닙니다. DescribeTargetGroupAttributes로 가능한 키를 보세요."),
            ));
        }
        merged.insert(k.clone(), v.clone());
    }
    check_attributes(tg, &merged)?;
    let reg = w.region_mut(region)?;
    let tg = reg.elb.target_groups.get_mut(arn).ok_or_else(not_found)?;
    tg.attributes = merged.clone();
    Ok(merged)
}

impl TargetGroup {
    pub fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes.get(key).map(String::as_str)
    }
    /// Seconds a deregistered target drains (0 for lambda groups).
    pub fn deregistration_delay_s(&self) -> u64 {
        self.attribute("deregistration_delay.timeout_seconds").and_then(|v| v.parse().ok()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matchers_parse_like_aws() {
        assert!(matcher_accepts("200", 200));
        assert!(!matcher_accepts("200", 201));
        assert!(matcher_accepts("200-299", 204));
        assert!(matcher_accepts("200,302", 302));
        assert!(!matcher_accepts("200,302", 301));
        assert!(parse_matcher("299-200").is_none());
        assert!(parse_matcher("abc").is_none());
        assert!(parse_matcher("").is_none());
    }

    #[test]
    fn names_follow_the_rules() {
        assert!(check_name("web-tg").is_ok());
        assert!(check_name("-web").is_err());
        assert!(check_name("web_tg").is_err());
        assert!(check_name(&"a".repeat(33)).is_err());
        assert!(check_name(&"a".repeat(32)).is_ok());
    }
}
