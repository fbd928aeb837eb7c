//! Listeners: protocols per load balancer type, one per port, default actions (kept as the
//! listener's default rule, which `rule_store` never lets anyone delete or reorder).
use super::errors::{listener_not_found, validation};
use super::rules::{self, ActionSpec};
use super::{load_balancer, names, Action, LbType, Listener, RegionElb, Rule};
use crate::error::ApiError;
use crate::world::{Region, World};

/// Listeners per load balancer (ALB:load-balancer-limits; the same for NLBs).
pub const MAX_LISTENERS: usize = 50;
/// What AWS picks when an HTTPS/TLS listener names no policy.
pub const DEFAULT_SSL_POLICY: &str = "ELBSecurityPolicy-TLS13-1-2-2021-06";
/// The predefined policies ec2lab knows (BC:elbv2/DescribeSSLPolicies' names, the common ones).
pub const SSL_POLICIES: &[&str] = &[
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-2016-08",
    "ELBSecurityPolicy-TLS-1-2-2017-01",
    "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
    "ELBSecurityPolicy-2015-05",
];
/// A Gateway Load Balancer listens on GENEVE 6081, always.
pub const GENEVE_PORT: u16 = 6081;

/// What CreateListener / ModifyListener ask for.
#[derive(Debug, Clone, Default)]
pub struct ListenerSpec {
    pub protocol: Option<String>,
    pub port: Option<i64>,
    pub ssl_policy: Option<String>,
    pub certificates: Option<Vec<String>>,
    pub alpn_policy: Option<Vec<String>>,
    pub default_actions: Option<Vec<ActionSpec>>,
}

pub fn find<'e>(elb: &'e RegionElb, arn: &str) -> Result<&'e Listener, ApiError> {
    elb.listeners.get(arn).ok_or_else(listener_not_found)
}

/// The listener protocols a load balancer type accepts (BC:elbv2/ProtocolEnum, §14.2).
pub fn protocols_for(kind: LbType) -> &'static [&'static str] {
    match kind {
        LbType::Application => &["HTTP", "HTTPS"],
        LbType::Network => &["TCP", "TLS", "UDP", "TCP_UDP"],
        LbType::Gateway => &["GENEVE"],
    }
}

fn check_protocol(kind: LbType, protocol: Option<&str>) -> Result<String, ApiError> {
    if kind == LbType::Gateway {
        return match protocol {
            None | Some("GENEVE") => Ok("GENEVE".into()),
            Some(p) => Err(validation(
                format!("Protocol '{p}' is not supported for Gateway Load Balancer listeners"),
                "A Gateway Load Balancer listener takes no protocol or port (it is always GENEVE on 6081); leave both out.",
                "Gateway Load Balancer 리스너에는 프로토콜과 포트를 주지 않습니다(항상 GENEVE 6081). 둘 다 빼세요.",
            )),
        };
    }
    let Some(p) = protocol else {
        return Err(validation(
            "A listener protocol must be specified",
            format!("Give Protocol: one of {} for a {} load balancer.", protocols_for(kind).join(", "), kind.name()),
            format!("Protocol을 주세요: {} 로드 밸런서는 {} 중 하나입니다.", kind.name(), protocols_for(kind).join(", ")),
        ));
    };
    if !protocols_for(kind).contains(&p) {
        return Err(ApiError::new("UnsupportedProtocol", format!("Protocol '{p}' is not supported for load balancers of type '{}'", kind.name())).hint(
            format!(
                "A {} load balancer listens with {}; TCP/UDP/TLS belong to Network Load Balancers, HTTP/HTTPS to Application Load Balancers.",
                kind.name(),
                protocols_for(kind).join(" or ")
            ),
            format!(
                "{} 로드 밸런서의 리스너 프로토콜은 {}입니다. TCP/UDP/TLS는 Network Load Balancer, HTTP/HTTPS는 Application Load Balancer 것입니다.",
                kind.name(),
                protocols_for(kind).join(", ")
            ),
        ));
    }
    Ok(p.to_string())
}

fn check_port(kind: LbType, port: Option<i64>) -> Result<u16, ApiError> {
    if kind == LbType::Gateway {
        return match port {
            None => Ok(GENEVE_PORT),
            Some(_) => Err(validation(
                "A port cannot be specified for Gateway Load Balancer listeners",
                "A Gateway Load Balancer listener is always GENEVE on port 6081; leave Port out.",
                "Gateway Load Balancer 리스너는 항상 GENEVE 6081입니다. Port를 빼세요.",
            )),
        };
    }
    match port {
        Some(p) if (1..=65535).contains(&p) => Ok(p as u16),
        Some(p) => Err(validation(
            format!("1 validation error detected: Value '{p}' at 'port' failed to satisfy constraint: Member must have value less than or equal to 65535 and greater than or equal to 1"),
            "A listener port is 1-65535 (80 for HTTP, 443 for HTTPS usually).",
            "리스너 포트는 1~65535입니다(보통 HTTP 80, HTTPS 443).",
        )),
        None => Err(validation(
            "A listener port must be specified",
            "Give Port: the port clients connect to (80 for HTTP, for example).",
            "Port를 주세요. 클라이언트가 접속하는 포트입니다(예: HTTP 80).",
        )),
    }
}

/// TLS settings: HTTPS/TLS listeners need a certificate and a known policy; others take none.
fn check_tls(protocol: &str, ssl_policy: Option<&str>, certificates: &[String]) -> Result<(Option<String>, Vec<String>), ApiError> {
    if protocol != "HTTPS" && protocol != "TLS" {
        if ssl_policy.is_some() || !certificates.is_empty() {
            return Err(validation(
                format!("SSL policies and certificates are not supported for {protocol} listeners"),
                "Only HTTPS and TLS listeners terminate TLS; leave SslPolicy and Certificates out, or use HTTPS.",
                "TLS를 종료하는 것은 HTTPS와 TLS 리스너뿐입니다. SslPolicy와 Certificates를 빼거나 HTTPS를 쓰세요.",
            ));
        }
        return Ok((None, vec![]));
    }
    if certificates.is_empty() {
        return Err(validation(
            format!("A certificate must be specified for {protocol} listeners"),
            "An HTTPS listener presents a certificate: pass Certificates=[{'CertificateArn': 'arn:aws:acm:...'}] (ec2lab accepts any ACM-shaped ARN).",
            "HTTPS 리스너는 인증서를 제시합니다. Certificates=[{'CertificateArn': 'arn:aws:acm:...'}]를 주세요(ec2lab은 ACM 형식의 ARN이면 받습니다).",
        ));
    }
    if let Some(c) = certificates.iter().find(|c| !(c.starts_with("arn:aws:acm:") || c.starts_with("arn:aws:iam:"))) {
        return Err(ApiError::new("CertificateNotFound", format!("Certificate '{c}' not found")).hint(
            "Certificates are ACM or IAM server certificate ARNs (arn:aws:acm:<region>:<account>:certificate/...).",
            "인증서는 ACM 또는 IAM 서버 인증서 ARN입니다(arn:aws:acm:<리전>:<계정>:certificate/...).",
        ));
    }
    let policy = ssl_policy.unwrap_or(DEFAULT_SSL_POLICY);
    if !SSL_POLICIES.contains(&policy) {
        return Err(ApiError::new("SSLPolicyNotFound", format!("SSL policy '{policy}' not found")).hint(
            format!("Use a predefined policy such as {DEFAULT_SSL_POLICY} (the default), or leave SslPolicy out."),
            format!("{DEFAULT_SSL_POLICY}(기본값) 같은 미리 정의된 정책을 쓰거나 SslPolicy를 빼세요."),
        ));
    }
    Ok((Some(policy.to_string()), certificates.to_vec()))
}

/// The target group protocols a listener protocol can forward to.
fn compatible(listener: &str, group: Option<&str>) -> bool {
    match (listener, group) {
        ("HTTP" | "HTTPS", None) => true, // lambda
        ("HTTP" | "HTTPS", Some(g)) => g == "HTTP" || g == "HTTPS",
        ("TCP", Some(g)) => g == "TCP" || g == "TCP_UDP",
        ("TLS", Some(g)) => g == "TCP" || g == "TLS",
        ("UDP", Some(g)) => g == "UDP" || g == "TCP_UDP",
        ("TCP_UDP", Some(g)) => g == "TCP_UDP",
        ("GENEVE", Some(g)) => g == "GENEVE",
        _ => false,
    }
}

/// Checks that do not belong to the actions alone: the listener protocol allows them, each
/// forwarded group is in the load balancer's VPC, speaks a compatible protocol, and belongs
/// to no other load balancer (one load balancer per target group).
pub fn check_actions(elb: &RegionElb, lb_arn: &str, protocol: &str, actions: &[Action]) -> Result<(), ApiError> {
    rules::check_for_listener(actions, protocol)?;
    let lb = load_balancer::find(elb, lb_arn)?;
    for arn in rules::target_group_arns(actions) {
        let Some(tg) = elb.target_groups.get(arn) else { return Err(super::errors::tg_not_found()) };
        if tg.vpc_id.as_deref().is_some_and(|v| v != lb.vpc_id) {
            return Err(super::errors::invalid_config(
                format!("The target group '{arn}' is not in the same VPC as the load balancer '{lb_arn}'"),
                format!(
                    "Target group {} is in {}, the load balancer in {}: create the group in the load balancer's VPC.",
                    tg.name,
                    tg.vpc_id.as_deref().unwrap_or("?"),
                    lb.vpc_id
                ),
                format!(
                    "대상 그룹 {}은(는) {}에, 로드 밸런서는 {}에 있습니다. 로드 밸런서의 VPC에 대상 그룹을 만드세요.",
                    tg.name,
                    tg.vpc_id.as_deref().unwrap_or("?"),
                    lb.vpc_id
                ),
            ));
        }
        if !compatible(protocol, tg.protocol.as_deref()) || (lb.kind != LbType::Application && tg.protocol.is_none()) {
            let tp = tg.protocol.as_deref().unwrap_or("none (lambda)");
            return Err(ApiError::new("IncompatibleProtocols", format!("The listener protocol '{protocol}' is not compatible with the target group protocol '{tp}'")).hint(
                format!("HTTP/HTTPS listeners forward to HTTP/HTTPS target groups; TCP to TCP or TCP_UDP; TLS to TCP or TLS; UDP to UDP or TCP_UDP. Group {} speaks {tp}.", tg.name),
                format!("HTTP/HTTPS 리스너는 HTTP/HTTPS 대상 그룹으로, TCP는 TCP·TCP_UDP로, TLS는 TCP·TLS로, UDP는 UDP·TCP_UDP로 전달합니다. 그룹 {}의 프로토콜은 {tp}입니다.", tg.name),
            ));
        }
        if super::target_group::load_balancer_arns(elb, arn).iter().any(|other| other != lb_arn) {
            return Err(ApiError::new(
                "TargetGroupAssociationLimit",
                format!("The following target groups cannot be associated with more than one load balancer: {arn}"),
            )
            .hint(
                format!("Target group {} already receives traffic from another load balancer; a target group serves one load balancer. Create a second group for this one.", tg.name),
                format!("대상 그룹 {}은(는) 이미 다른 로드 밸런서의 트래픽을 받습니다. 대상 그룹은 로드 밸런서 하나만 섬깁니다. 이 로드 밸런서용 그룹을 따로 만드세요.", tg.name),
            ));
        }
    }
    Ok(())
}

/// Parses actions against the region's target groups (existence), then `check_actions`.
pub fn parse_actions(elb: &RegionElb, lb_arn: &str, protocol: &str, specs: &[ActionSpec]) -> Result<Vec<Action>, ApiError> {
    let actions = rules::parse_actions(specs, &|arn| elb.target_groups.contains_key(arn))?;
    check_actions(elb, lb_arn, protocol, &actions)?;
    Ok(actions)
}

/// CreateListener: returns the new listener's ARN.
pub fn create(w: &mut World, region: &str, lb_arn: &str, spec: &ListenerSpec, tags: &[(String, String)]) -> Result<String, ApiError> {
    let r = w.region(region)?;
    let lb = load_balancer::find(&r.elb, lb_arn)?;
    let kind = lb.kind;
    let protocol = check_protocol(kind, spec.protocol.as_deref())?;
    let port = check_port(kind, spec.port)?;
    let (ssl_policy, certificates) = check_tls(&protocol, spec.ssl_policy.as_deref(), spec.certificates.as_deref().unwrap_or(&[]))?;
    super::tags::check_new(tags)?;
    let mine: Vec<&Listener> = r.elb.listeners.values().filter(|l| l.lb_arn == lb_arn).collect();
    if mine.iter().any(|l| l.port == port) {
        return Err(duplicate(port));
    }
    if mine.len() >= MAX_LISTENERS {
        return Err(ApiError::new("TooManyListeners", "You've reached the limit on the number of listeners per load balancer").hint(
            format!("A load balancer has at most {MAX_LISTENERS} listeners; use rules on one listener instead of many ports."),
            format!("로드 밸런서 하나에 리스너는 최대 {MAX_LISTENERS}개입니다. 포트를 늘리는 대신 리스너 하나의 규칙을 쓰세요."),
        ));
    }
    let actions = parse_actions(&r.elb, lb_arn, &protocol, spec.default_actions.as_deref().unwrap_or(&[]))?;

    let arn = names::listener_arn(lb_arn, &names::hex16(&mut w.rng));
    let default_rule_arn = names::rule_arn(&arn, &names::hex16(&mut w.rng));
    let r = w.region_mut(region)?;
    r.elb
        .rules
        .insert(default_rule_arn.clone(), Rule { arn: default_rule_arn.clone(), listener_arn: arn.clone(), priority: None, conditions: vec![], actions });
    r.elb.listeners.insert(
        arn.clone(),
        Listener {
            arn: arn.clone(),
            lb_arn: lb_arn.to_string(),
            protocol,
            port,
            ssl_policy,
            certificates,
            alpn_policy: spec.alpn_policy.clone().unwrap_or_default(),
            default_rule_arn,
        },
    );
    if !tags.is_empty() {
        r.tags.set(&arn, tags);
    }
    Ok(arn)
}

fn duplicate(port: u16) -> ApiError {
    ApiError::new("DuplicateListener", "A listener already exists on this port for this load balancer").hint(
        format!("Port {port} already has a listener; modify it (modify_listener) or add rules to it instead of a second one."),
        format!("포트 {port}에는 이미 리스너가 있습니다. 두 번째를 만들지 말고 그 리스너를 수정(modify_listener)하거나 규칙을 추가하세요."),
    )
}

/// ModifyListener: what is given replaces what was; everything checked against the result
/// (a protocol change re-checks every rule's actions).
pub fn modify(w: &mut World, region: &str, arn: &str, spec: &ListenerSpec) -> Result<(), ApiError> {
    let r = w.region(region)?;
    let l = find(&r.elb, arn)?;
    let lb = load_balancer::find(&r.elb, &l.lb_arn)?;
    let kind = lb.kind;
    let protocol = match &spec.protocol {
        Some(p) => check_protocol(kind, Some(p))?,
        None => l.protocol.clone(),
    };
    let port = match spec.port {
        Some(_) => check_port(kind, spec.port)?,
        None => l.port,
    };
    let tls_changes = spec.protocol.is_some() || spec.ssl_policy.is_some() || spec.certificates.is_some();
    let (ssl_policy, certificates) = if tls_changes {
        let was_tls = l.ssl_policy.is_some();
        let certs = spec.certificates.clone().unwrap_or_else(|| if matches!(protocol.as_str(), "HTTPS" | "TLS") { l.certificates.clone() } else { vec![] });
        let policy = spec.ssl_policy.clone().or_else(|| if was_tls && matches!(protocol.as_str(), "HTTPS" | "TLS") { l.ssl_policy.clone() } else { None });
        check_tls(&protocol, policy.as_deref(), &certs)?
    } else {
        (l.ssl_policy.clone(), l.certificates.clone())
    };
    if port != l.port && r.elb.listeners.values().any(|o| o.lb_arn == l.lb_arn && o.port == port) {
        return Err(duplicate(port));
    }
    let default_actions = match &spec.default_actions {
        Some(specs) => Some(parse_actions(&r.elb, &l.lb_arn, &protocol, specs)?),
        None => None,
    };
    if protocol != l.protocol {
        for rule in r.elb.rules.values().filter(|x| x.listener_arn == arn) {
            if rule.is_default() && default_actions.is_some() {
                continue;
            }
            check_actions(&r.elb, &l.lb_arn, &protocol, &rule.actions)?;
        }
    }
    let default_rule = l.default_rule_arn.clone();
    let r = w.region_mut(region)?;
    let l = r.elb.listeners.get_mut(arn).expect("checked");
    l.protocol = protocol;
    l.port = port;
    l.ssl_policy = ssl_policy;
    l.certificates = certificates;
    if let Some(a) = &spec.alpn_policy {
        l.alpn_policy = a.clone();
    }
    if let Some(actions) = default_actions {
        r.elb.rules.get_mut(&default_rule).expect("every listener has its default rule").actions = actions;
    }
    Ok(())
}

/// Removes a listener, its rules and their tags (DeleteListener, DeleteLoadBalancer).
pub fn remove(r: &mut Region, arn: &str) {
    r.elb.listeners.remove(arn);
    let rules: Vec<String> = r.elb.rules.values().filter(|x| x.listener_arn == arn).map(|x| x.arn.clone()).collect();
    for rule in rules {
        r.elb.rules.remove(&rule);
        r.tags.forget(&rule);
    }
    r.tags.forget(arn);
}

/// DeleteListener.
pub fn delete(w: &mut World, region: &str, arn: &str) -> Result<(), ApiError> {
    let r = w.region_mut(region)?;
    find(&r.elb, arn)?;
    remove(r, arn);
    Ok(())
}
