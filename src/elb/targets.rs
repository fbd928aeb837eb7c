//! Registering and deregistering targets, draining, and the health state Describe shows.
//!
//! A target's stored state (`Target::state`) is what its health checks concluded; `health_of`
//! derives what DescribeTargetHealth shows on top of it: `draining` while deregistering,
//! `unused`/`Target.InvalidState` when the instance is not running, `unused`/`Target.NotInUse`
//! when no listener or rule forwards to the group (or the target's AZ is not enabled),
//! `unavailable` when checks are off. Routing sends traffic to targets `health_of` calls healthy.
use super::{HealthState, Target, TargetGroup, TargetKey, TargetType};
use crate::error::ApiError;
use crate::network::{format_ip, parse_ip};
use crate::world::{Region, World};

/// Targets per target group (ALB:load-balancer-limits).
pub const MAX_TARGETS: usize = 1000;

/// The first health round after a registration, when none is queued: a plausible fixed delay
/// (AWS publishes none; registration "is in progress" for a few seconds). No random draw.
pub const FIRST_CHECK_MS: u64 = 10_000;

/// A target as a request names it (`TargetDescription`).
#[derive(Debug, Clone, Default)]
pub struct TargetSpec {
    pub id: String,
    pub port: Option<i64>,
    pub availability_zone: Option<String>,
}

/// What DescribeTargetHealth shows for one target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    pub state: HealthState,
    pub reason: Option<&'static str>,
    pub description: Option<String>,
}

impl Health {
    fn new(state: HealthState, reason: &'static str, description: impl Into<String>) -> Self {
        Health { state, reason: Some(reason), description: Some(description.into()) }
    }
}

pub const NOT_IN_USE: &str = "Target group is not configured to receive traffic from the load balancer";
pub const AZ_NOT_ENABLED: &str = "Target is in an Availability Zone that is not enabled for the load balancer";
pub const REGISTRATION_IN_PROGRESS: &str = "Target registration is in progress";
pub const INITIAL_CHECKING: &str = "Initial health checks in progress";
pub const DEREGISTRATION_IN_PROGRESS: &str = "Target deregistration is in progress";

fn invalid_target(message: impl Into<String>, en: impl Into<String>, ko: impl Into<String>) -> ApiError {
    ApiError::new("InvalidTarget", message).hint(en, ko)
}

/// The AZ a target lives in: the instance's, the explicit one of an ip target, else the AZ of
/// the VPC subnet holding the address.
pub fn target_az(reg: &Region, tg: &TargetGroup, t: &Target) -> Option<String> {
    match tg.target_type {
        TargetType::Instance => reg.compute.instances.get(&t.key.id).map(|i| i.az.clone()),
        TargetType::Ip => t.az.clone().or_else(|| {
            let ip = parse_ip(&t.key.id)?;
            reg.network.subnets.values().find(|s| Some(&s.vpc_id) == tg.vpc_id.as_ref() && s.cidr.contains(ip)).map(|s| s.az.clone())
        }),
        _ => None,
    }
}

/// Why the stored state does not apply right now (the instance is down, nothing forwards to the
/// group, ...), or None when the health checks' verdict is what Describe shows.
pub fn override_of(reg: &Region, tg: &TargetGroup, t: &Target) -> Option<Health> {
    override_with(reg, tg, t, &InUse::of(reg, tg))
}

/// The load balancers that use a group and the AZs they have nodes in: looked up once per
/// health round, not once per target.
pub struct InUse {
    pub lbs: Vec<String>,
    pub azs: Vec<String>,
}

impl InUse {
    pub fn of(reg: &Region, tg: &TargetGroup) -> Self {
        let lbs = super::target_group::load_balancer_arns(&reg.elb, &tg.arn);
        let mut azs: Vec<String> = lbs.iter().filter_map(|a| reg.elb.load_balancers.get(a)).flat_map(|lb| lb.nodes.iter().map(|n| n.az.clone())).collect();
        azs.sort();
        azs.dedup();
        Self { lbs, azs }
    }
}

/// [`override_of`] with the group's [`InUse`] already known.
pub fn override_with(reg: &Region, tg: &TargetGroup, t: &Target, in_use: &InUse) -> Option<Health> {
    let instance = if tg.target_type == TargetType::Instance { reg.compute.instances.get(&t.key.id) } else { None };
    override_for(reg, tg, t, in_use, instance)
}

/// [`override_with`] with an instance target's instance already looked up (None: not an
/// instance target, or the instance is gone).
pub fn override_for(reg: &Region, tg: &TargetGroup, t: &Target, in_use: &InUse, instance: Option<&crate::compute::Instance>) -> Option<Health> {
    if t.state == HealthState::Draining {
        return Some(Health::new(HealthState::Draining, "Target.DeregistrationInProgress", DEREGISTRATION_IN_PROGRESS));
    }
    if tg.target_type == TargetType::Instance {
        let state = instance.map(|i| i.state);
        if state != Some(crate::compute::InstanceState::Running) {
            let name = state.map_or("terminated", |s| s.name());
            return Some(Health::new(HealthState::Unused, "Target.InvalidState", format!("Target is in the {name} state")));
        }
    }
    if in_use.lbs.is_empty() {
        return Some(Health::new(HealthState::Unused, "Target.NotInUse", NOT_IN_USE));
    }
    if tg.target_type == TargetType::Ip {
        let reserved = parse_ip(&t.key.id)
            .and_then(|ip| crate::network::reachability::eni_by_private_ip(&reg.network, ip))
            .is_some_and(|e| e.description.starts_with("ELB "));
        if reserved {
            return Some(Health::new(HealthState::Unused, "Target.IpUnusable", "Target IP address is reserved for use by a load balancer"));
        }
    }
    if matches!(tg.target_type, TargetType::Instance | TargetType::Ip) && t.az.as_deref() != Some("all") {
        // The instance was looked up above (a running one: its AZ); an ip target's AZ is found.
        let ip_az;
        let az = match instance {
            Some(i) => Some(i.az.as_str()),
            None => {
                ip_az = target_az(reg, tg, t);
                ip_az.as_deref()
            }
        };
        if let Some(az) = az {
            let enabled = in_use.azs.iter().any(|a| a == az);
            if !enabled {
                return Some(Health::new(HealthState::Unused, "Target.NotInUse", AZ_NOT_ENABLED));
            }
        }
    }
    if !tg.health.enabled {
        return Some(Health::new(HealthState::Unavailable, "Target.HealthCheckDisabled", "Health checks are disabled"));
    }
    None
}

/// What DescribeTargetHealth shows for a registered target.
pub fn health_of(reg: &Region, tg: &TargetGroup, t: &Target) -> Health {
    override_of(reg, tg, t).unwrap_or_else(|| Health { state: t.state, reason: t.reason, description: t.description.clone() })
}

/// The state DescribeTargetHealth shows, with the group's [`InUse`] known (counting every
/// target of a group after each health round).
pub fn state_with(reg: &Region, tg: &TargetGroup, t: &Target, in_use: &InUse) -> HealthState {
    override_with(reg, tg, t, in_use).map_or(t.state, |h| h.state)
}

/// Whether routing may send new requests to this target: registered, not draining, and healthy.
pub fn is_healthy(reg: &Region, tg: &TargetGroup, t: &Target) -> bool {
    health_of(reg, tg, t).state == HealthState::Healthy
}

fn new_target(key: TargetKey, az: Option<String>, now: crate::sim::Millis) -> Target {
    Target {
        key,
        az,
        registered_at: now,
        state: HealthState::Initial,
        reason: Some("Elb.RegistrationInProgress"),
        description: Some(REGISTRATION_IN_PROGRESS.into()),
        passes: 0,
        failures: 0,
        checked: false,
        healthy_since: None,
        draining_until: None,
        outstanding: 0,
        history: Vec::new(),
    }
}

fn port_of(tg: &TargetGroup, spec: &TargetSpec) -> Result<u16, ApiError> {
    match spec.port.or(tg.port.map(i64::from)) {
        Some(p) if (1..=65535).contains(&p) => Ok(p as u16),
        Some(p) => Err(super::target_group::out_of_range("port", p, 1, 65535)),
        // lambda groups have no port; the function is its own target.
        None => Ok(0),
    }
}

/// Checks one target of a RegisterTargets call; returns its key and explicit AZ.
fn check_register(reg: &Region, tg: &TargetGroup, spec: &TargetSpec) -> Result<(TargetKey, Option<String>), ApiError> {
    let port = port_of(tg, spec)?;
    match tg.target_type {
        TargetType::Instance => {
            if spec.availability_zone.is_some() {
                return Err(super::target_group::validation(
                    "You cannot specify an Availability Zone for targets of type 'instance'",
                    "An instance target is in its instance's Availability Zone; AvailabilityZone is only for ip targets outside the VPC.",
                    "instance 대상은 인스턴스의 가용 영역에 있습니다. AvailabilityZone은 VPC 밖의 ip 대상에만 씁니다.",
                ));
            }
            let inst = reg.compute.instances.get(&spec.id).filter(|i| i.state != crate::compute::InstanceState::Terminated);
            let Some(inst) = inst else {
                return Err(invalid_target(
                    "The specified target does not exist or is not in the same VPC as the target group.",
                    format!("No instance {} exists in this Region (or it is terminated). Register the id of a running instance (DescribeInstances).", spec.id),
                    format!("이 리전에 인스턴스 {}가 없거나 종료되었습니다. 실행 중인 인스턴스의 ID를 등록하세요(DescribeInstances).", spec.id),
                ));
            };
            if inst.network.as_ref().map(|n| &n.vpc_id) != tg.vpc_id.as_ref() {
                return Err(invalid_target(
                    "The specified target does not exist or is not in the same VPC as the target group.",
                    format!(
                        "{} is not in the target group's VPC {}. A target group's targets live in its VPC: make a group in the instance's VPC.",
                        spec.id,
                        tg.vpc_id.as_deref().unwrap_or("")
                    ),
                    format!(
                        "{}는 대상 그룹의 VPC {}에 있지 않습니다. 대상은 그룹의 VPC 안에 있어야 하니 인스턴스의 VPC에 그룹을 만드세요.",
                        spec.id,
                        tg.vpc_id.as_deref().unwrap_or("")
                    ),
                ));
            }
            if inst.state != crate::compute::InstanceState::Running {
                return Err(invalid_target(
                    format!("The following targets are not in a running state and cannot be registered: '{}'", spec.id),
                    format!("{} is {}. Only running instances can be registered: start it (or wait for it to run) first.", spec.id, inst.state.name()),
                    format!("{}는 {} 상태입니다. 실행 중인 인스턴스만 등록할 수 있으니 먼저 시작하거나 실행될 때까지 기다리세요.", spec.id, inst.state.name()),
                ));
            }
            Ok((TargetKey { id: spec.id.clone(), port }, None))
        }
        TargetType::Ip => {
            let Some(ip) = parse_ip(&spec.id) else {
                return Err(invalid_target(
                    format!("The IP address '{}' is not a valid IPv4 address", spec.id),
                    "An ip target group registers IP addresses (e.g. 10.0.1.15), not instance ids.",
                    "ip 대상 그룹에는 인스턴스 ID가 아니라 IP 주소(예: 10.0.1.15)를 등록합니다.",
                ));
            };
            let in_vpc = tg.vpc_id.as_ref().and_then(|v| reg.network.vpcs.get(v)).is_some_and(|v| v.cidr.contains(ip));
            let private = [("10.0.0.0", 8), ("172.16.0.0", 12), ("192.168.0.0", 16), ("100.64.0.0", 10)]
                .iter()
                .any(|(net, len)| parse_ip(net).is_some_and(|n| (ip ^ n) >> (32 - len) == 0));
            if !in_vpc && !private {
                return Err(invalid_target(
                    format!("The IP address '{}' is not within the VPC CIDR or a private address range", spec.id),
                    "ip targets are addresses of the target group's VPC or of private ranges (RFC 1918: 10/8, 172.16/12, 192.168/16; RFC 6598: 100.64/10); publicly routable addresses cannot be targets.",
                    "ip 대상은 대상 그룹 VPC의 주소이거나 사설 대역(RFC 1918, RFC 6598)이어야 합니다. 공인 주소는 대상이 될 수 없습니다.",
                ));
            }
            let az = match &spec.availability_zone {
                Some(az) if az == "all" || az.strip_prefix(reg.info.name).is_some_and(|l| reg.info.zones.iter().any(|(z, _)| *z == l)) => Some(az.clone()),
                Some(az) => {
                    return Err(super::target_group::validation(
                        format!("The Availability Zone '{az}' is not valid"),
                        format!("AvailabilityZone is an AZ of {} (e.g. {}a) or `all`.", reg.info.name, reg.info.name),
                        format!("AvailabilityZone은 {}의 가용 영역(예: {}a) 또는 `all`입니다.", reg.info.name, reg.info.name),
                    ))
                }
                None if !in_vpc => {
                    return Err(super::target_group::validation(
                        format!("An Availability Zone must be specified for IP address '{}', which is outside the VPC", spec.id),
                        "An address outside the target group's VPC needs AvailabilityZone (an AZ, or `all`).",
                        "대상 그룹 VPC 밖의 주소는 AvailabilityZone(가용 영역 또는 `all`)이 필요합니다.",
                    ))
                }
                None => None,
            };
            Ok((TargetKey { id: format_ip(ip), port }, az))
        }
        TargetType::Alb => {
            let lb = reg.elb.load_balancers.get(&spec.id).filter(|lb| lb.kind == super::LbType::Application);
            if lb.is_none() {
                return Err(invalid_target(
                    "The specified target does not exist or is not in the same VPC as the target group.",
                    "An alb target group registers the ARN of an Application Load Balancer of this Region.",
                    "alb 대상 그룹에는 이 리전의 ALB ARN을 등록합니다.",
                ));
            }
            Ok((TargetKey { id: spec.id.clone(), port }, None))
        }
        TargetType::Lambda => {
            if !spec.id.starts_with("arn:aws:lambda:") {
                return Err(invalid_target(
                    format!("The target '{}' is not a valid Lambda function ARN", spec.id),
                    "A lambda target group registers one Lambda function by its ARN.",
                    "lambda 대상 그룹에는 Lambda 함수 하나를 ARN으로 등록합니다.",
                ));
            }
            Ok((TargetKey { id: spec.id.clone(), port: 0 }, spec.availability_zone.clone()))
        }
    }
}

/// RegisterTargets: every target is checked first; then they start `initial` and the group's
/// health rounds pick them up. Registering a registered target again changes nothing (a
/// draining one comes back as new).
pub fn register(w: &mut World, region: &str, tg_arn: &str, specs: &[TargetSpec]) -> Result<(), ApiError> {
    let reg = w.region(region)?;
    let region_name = reg.info.name;
    let tg = super::target_group::get(reg, tg_arn)?;
    if specs.is_empty() {
        return Err(super::target_group::validation(
            "1 validation error detected: Value '[]' at 'targets' failed to satisfy constraint: Member must have length greater than or equal to 1",
            "Give at least one target: Targets=[{'Id': 'i-...'}].",
            "대상을 하나 이상 주세요: Targets=[{'Id': 'i-...'}].",
        ));
    }
    let mut checked = Vec::new();
    for spec in specs {
        checked.push(check_register(reg, tg, spec)?);
    }
    if tg.target_type == TargetType::Lambda && (checked.len() > 1 || tg.targets.keys().any(|k| checked.iter().all(|(c, _)| c != k))) {
        return Err(ApiError::new("TooManyTargets", "You've reached the limit on the number of targets per target group")
            .hint("A lambda target group has exactly one function.", "lambda 대상 그룹에는 함수가 딱 하나만 있습니다."));
    }
    let mut keys: Vec<&TargetKey> = tg.targets.keys().collect();
    keys.extend(checked.iter().map(|(k, _)| k).filter(|k| !tg.targets.contains_key(k)));
    keys.sort();
    keys.dedup();
    if keys.len() > MAX_TARGETS {
        return Err(ApiError::new("TooManyTargets", "You've reached the limit on the number of targets per target group").hint(
            "A target group holds at most 1,000 targets. Deregister some, or use another group.",
            "대상 그룹에는 대상을 최대 1,000개까지 둡니다. 일부를 등록 해제하거나 다른 그룹을 쓰세요.",
        ));
    }
    let now = w.now();
    let reg = w.region_mut(region)?;
    let tg = reg.elb.target_groups.get_mut(tg_arn).ok_or_else(super::target_group::not_found)?;
    for (key, az) in checked {
        let fresh = || new_target(key.clone(), az.clone(), now);
        match tg.targets.get_mut(&key) {
            Some(t) if t.state == HealthState::Draining => *t = fresh(),
            Some(_) => {}
            None => {
                tg.targets.insert(key.clone(), fresh());
            }
        }
    }
    super::health::ensure_round(w, region_name, tg_arn, FIRST_CHECK_MS);
    Ok(())
}

/// DeregisterTargets: each registered target drains for the group's deregistration delay, then
/// leaves (`Event::DrainingDone`); right away when the delay is 0 or nothing forwards to the
/// group. Unknown targets are ignored, as AWS does.
pub fn deregister(w: &mut World, region: &str, tg_arn: &str, specs: &[TargetSpec]) -> Result<(), ApiError> {
    let reg = w.region(region)?;
    let region_name = reg.info.name;
    let tg = super::target_group::get(reg, tg_arn)?;
    if specs.is_empty() {
        return Err(super::target_group::validation(
            "1 validation error detected: Value '[]' at 'targets' failed to satisfy constraint: Member must have length greater than or equal to 1",
            "Give at least one target: Targets=[{'Id': 'i-...'}].",
            "대상을 하나 이상 주세요: Targets=[{'Id': 'i-...'}].",
        ));
    }
    let mut keys = Vec::new();
    for spec in specs {
        let port = port_of(tg, spec)?;
        let id = if tg.target_type == TargetType::Ip { parse_ip(&spec.id).map_or(spec.id.clone(), format_ip) } else { spec.id.clone() };
        let key = TargetKey { id, port };
        if tg.targets.get(&key).is_some_and(|t| t.state != HealthState::Draining) && !keys.contains(&key) {
            keys.push(key);
        }
    }
    let delay_ms = tg.deregistration_delay_s() * 1000;
    let drains = delay_ms > 0 && super::target_group::in_use(&reg.elb, tg_arn);
    let now = w.now();
    for key in keys {
        let reg = w.region_mut(region)?;
        let tg = reg.elb.target_groups.get_mut(tg_arn).ok_or_else(super::target_group::not_found)?;
        if !drains {
            tg.targets.remove(&key);
            continue;
        }
        if let Some(t) = tg.targets.get_mut(&key) {
            t.state = HealthState::Draining;
            t.reason = Some("Target.DeregistrationInProgress");
            t.description = Some(DEREGISTRATION_IN_PROGRESS.into());
            t.draining_until = Some(now + delay_ms);
        }
        let event = super::Event::DrainingDone { target_group_arn: tg_arn.to_string(), key };
        w.schedule(delay_ms, crate::world::Event::Elb { region: region_name, event });
    }
    Ok(())
}

/// Draining is over: the target leaves the group (unless it was registered again meanwhile).
pub fn drained(w: &mut World, region: &str, target_group_arn: &str, key: &TargetKey) {
    let now = w.now();
    let Some(reg) = w.regions.get_mut(region) else { return };
    let Some(tg) = reg.elb.target_groups.get_mut(target_group_arn) else { return };
    if tg.targets.get(key).is_some_and(|t| t.state == HealthState::Draining && t.draining_until.is_some_and(|u| u <= now)) {
        tg.targets.remove(key);
    }
}

/// One row of DescribeTargetHealth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthRow {
    pub key: TargetKey,
    /// Shown for ip (and lambda) targets.
    pub az: Option<String>,
    /// The port health checks go to (the target's port for `traffic-port`); None when not registered.
    pub health_check_port: Option<String>,
    pub health: Health,
}

fn row(reg: &Region, tg: &TargetGroup, t: &Target) -> HealthRow {
    let hc_port = if tg.health.port == "traffic-port" { t.key.port.to_string() } else { tg.health.port.clone() };
    let az = match tg.target_type {
        TargetType::Ip => target_az(reg, tg, t),
        TargetType::Lambda => t.az.clone(),
        _ => None,
    };
    let hc_port = (tg.target_type != TargetType::Lambda).then_some(hc_port);
    HealthRow { key: t.key.clone(), az, health_check_port: hc_port, health: health_of(reg, tg, t) }
}

/// DescribeTargetHealth: every registered target (draining ones included), or the ones asked
/// for; an unknown one asked for explicitly is `unused`/`Target.NotRegistered`.
pub fn describe(w: &World, region: &str, tg_arn: &str, specs: Option<&[TargetSpec]>) -> Result<Vec<HealthRow>, ApiError> {
    let reg = w.region(region)?;
    let tg = super::target_group::get(reg, tg_arn)?;
    let Some(specs) = specs.filter(|s| !s.is_empty()) else {
        return Ok(tg.targets.values().map(|t| row(reg, tg, t)).collect());
    };
    let mut out = Vec::new();
    for spec in specs {
        if tg.target_type == TargetType::Instance && !reg.compute.instances.contains_key(&spec.id) {
            return Err(invalid_target(
                "The specified target does not exist or is not in the same VPC as the target group.",
                format!("No instance {} exists in this Region.", spec.id),
                format!("이 리전에 인스턴스 {}가 없습니다.", spec.id),
            ));
        }
        let id = if tg.target_type == TargetType::Ip { parse_ip(&spec.id).map_or(spec.id.clone(), format_ip) } else { spec.id.clone() };
        let matching: Vec<&Target> = tg.targets.values().filter(|t| t.key.id == id && spec.port.is_none_or(|p| i64::from(t.key.port) == p)).collect();
        if matching.is_empty() {
            let port = port_of(tg, spec)?;
            out.push(HealthRow {
                key: TargetKey { id, port },
                az: spec.availability_zone.clone(),
                health_check_port: None,
                health: Health::new(HealthState::Unused, "Target.NotRegistered", "Target is not registered to the target group"),
            });
        }
        for t in matching {
            let r = row(reg, tg, t);
            if !out.contains(&r) {
                out.push(r);
            }
        }
    }
    Ok(out)
}
