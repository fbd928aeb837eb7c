//! Creating, describing and deleting load balancers; their nodes; attributes.
//!
//! A load balancer has one node per enabled subnet (one subnet per AZ): a requester-managed
//! ENI (`interface`, description `ELB app/<name>/<id>`, as AWS shows them) carrying the load
//! balancer's security groups, with a public address when internet-facing. Health checks and
//! forwarded requests leave from these ENIs, so the networking rules apply to them.
use super::errors::{invalid_config, lb_not_found, not_permitted, validation};
use super::{names, LbNode, LbState, LbType, LoadBalancer, RegionElb, Scheme};
use crate::error::ApiError;
use crate::network::eni::{self, NewEni};
use crate::network::RegionNetwork;
use crate::world::{Event as WorldEvent, World};
use std::collections::BTreeMap;

/// Quotas (ALB:load-balancer-limits, NLB limits): per region and per load balancer.
pub const MAX_ALBS: usize = 50;
pub const MAX_NLBS: usize = 50;
pub const MAX_GWLBS: usize = 100;
pub const MAX_SECURITY_GROUPS: usize = 5;
/// An ALB needs this many free addresses in each subnet (to scale its nodes).
pub const ALB_FREE_IPS: u32 = 8;

/// What CreateLoadBalancer asks for (the API layer fills it from Subnets or SubnetMappings).
#[derive(Debug, Clone, Default)]
pub struct NewLoadBalancer {
    pub name: String,
    pub subnets: Vec<String>,
    pub security_groups: Option<Vec<String>>,
    pub scheme: Option<String>,
    pub kind: Option<String>,
    pub ip_address_type: Option<String>,
    pub tags: Vec<(String, String)>,
}

pub fn parse_kind(s: Option<&str>) -> Result<LbType, ApiError> {
    match s.unwrap_or("application") {
        "application" => Ok(LbType::Application),
        "network" => Ok(LbType::Network),
        "gateway" => Ok(LbType::Gateway),
        other => Err(validation(
            format!("1 validation error detected: Value '{other}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [application, network, gateway]"),
            "Type is application (HTTP/HTTPS, the default), network (TCP/UDP/TLS) or gateway.",
            "Type은 application(HTTP/HTTPS, 기본값), network(TCP/UDP/TLS), gateway 중 하나입니다.",
        )),
    }
}

fn parse_scheme(s: Option<&str>) -> Result<Scheme, ApiError> {
    match s.unwrap_or("internet-facing") {
        "internet-facing" => Ok(Scheme::InternetFacing),
        "internal" => Ok(Scheme::Internal),
        other => Err(validation(
            format!("1 validation error detected: Value '{other}' at 'scheme' failed to satisfy constraint: Member must satisfy enum value set: [internet-facing, internal]"),
            "Scheme is internet-facing (reachable from the internet, the default) or internal (only from inside the VPC).",
            "Scheme은 internet-facing(인터넷에서 접근, 기본값) 또는 internal(VPC 안에서만)입니다.",
        )),
    }
}

fn check_ip_type(t: Option<&str>) -> Result<String, ApiError> {
    match t.unwrap_or("ipv4") {
        "ipv4" => Ok("ipv4".into()),
        "dualstack" | "dualstack-without-public-ipv4" => Err(invalid_config(
            "ec2lab simulates IPv4 load balancers only",
            "ec2lab models IPv4 networking only; leave IpAddressType out (ipv4).",
            "ec2lab은 IPv4 네트워크만 시뮬레이션합니다. IpAddressType을 빼세요(ipv4).",
        )),
        other => Err(validation(
            format!("1 validation error detected: Value '{other}' at 'ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack, dualstack-without-public-ipv4]"),
            "IpAddressType is ipv4 (the default) or dualstack.",
            "IpAddressType은 ipv4(기본값) 또는 dualstack입니다.",
        )),
    }
}

pub fn find<'e>(elb: &'e RegionElb, arn: &str) -> Result<&'e LoadBalancer, ApiError> {
    elb.load_balancers.get(arn).ok_or_else(lb_not_found)
}

/// Checks the subnets of a load balancer of `kind`: they exist, share one VPC, one per AZ,
/// enough of them (ALB ≥ 2 AZs), room for the nodes, and a way in from the internet when
/// internet-facing. Returns the VPC id and `(subnet, az)` pairs in the order given.
pub fn check_subnets(net: &RegionNetwork, kind: LbType, scheme: Scheme, subnets: &[String]) -> Result<(String, Vec<(String, String)>), ApiError> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut vpc: Option<String> = None;
    for id in subnets {
        let s = net.subnets.get(id).ok_or_else(|| {
            ApiError::new("SubnetNotFound", format!("The subnet ID '{id}' is not valid")).hint(
                "Check the subnet id (describe_subnets lists them, in the load balancer's region).",
                "서브넷 ID를 확인하세요(describe_subnets, 같은 리전).",
            )
        })?;
        if out.iter().any(|(x, _)| x == id) {
            continue;
        }
        match &vpc {
            None => vpc = Some(s.vpc_id.clone()),
            Some(v) if *v != s.vpc_id => {
                return Err(invalid_config(
                    format!("Subnets '{}' and '{id}' are in different VPCs", out[0].0),
                    "A load balancer lives in one VPC: give subnets of that VPC only.",
                    "로드 밸런서는 VPC 하나에 속합니다. 같은 VPC의 서브넷만 주세요.",
                ))
            }
            _ => {}
        }
        if let Some((other, _)) = out.iter().find(|(_, az)| *az == s.az) {
            return Err(invalid_config(
                format!("A load balancer cannot be attached to multiple subnets in the same Availability Zone ({other}, {id} in {})", s.az),
                "A load balancer has one node per Availability Zone: give one subnet per AZ.",
                "로드 밸런서는 가용 영역마다 노드 하나를 둡니다. AZ마다 서브넷 하나만 주세요.",
            ));
        }
        if kind == LbType::Application && s.available_ip_count() < ALB_FREE_IPS {
            return Err(ApiError::new(
                "InvalidSubnet",
                format!("Not enough IP space available in {id}. ELB requires at least {ALB_FREE_IPS} free IP addresses in each subnet."),
            )
            .hint(
                "An ALB's nodes scale inside each subnet: use subnets of /27 or larger with at least 8 free addresses.",
                "ALB 노드는 서브넷 안에서 늘어납니다. 빈 주소가 8개 이상인 /27 이상의 서브넷을 쓰세요.",
            ));
        }
        out.push((id.clone(), s.az.clone()));
    }
    let min = if kind == LbType::Application { 2 } else { 1 };
    if out.len() < min {
        return Err(if kind == LbType::Application {
            validation(
                "At least two subnets in two different Availability Zones must be specified",
                "An Application Load Balancer needs subnets in at least two Availability Zones (one per AZ), so it survives the loss of one.",
                "Application Load Balancer에는 서로 다른 가용 영역 두 개 이상의 서브넷(AZ마다 하나)이 필요합니다. AZ 하나가 장애여도 살아남기 위해서입니다.",
            )
        } else {
            validation(
                "At least one subnet must be specified",
                "Give the load balancer at least one subnet (Subnets or SubnetMappings).",
                "서브넷을 하나 이상 주세요(Subnets 또는 SubnetMappings).",
            )
        });
    }
    let vpc = vpc.expect("at least one subnet");
    if scheme == Scheme::InternetFacing && !net.internet_gateways.values().any(|g| g.vpc_id.as_deref() == Some(vpc.as_str())) {
        return Err(ApiError::new("InvalidSubnet", format!("VPC {vpc} has no internet gateway")).hint(
            "An internet-facing load balancer needs an internet gateway attached to its VPC (and routes to it). Attach one, or use Scheme='internal'.",
            "인터넷 연결 로드 밸런서의 VPC에는 인터넷 게이트웨이가 연결되어 있어야 합니다(라우팅도). 연결하거나 Scheme='internal'을 쓰세요.",
        ));
    }
    Ok((vpc, out))
}

/// Security groups of a load balancer: they exist and are in its VPC, at most 5.
pub fn check_security_groups(net: &RegionNetwork, vpc: &str, ids: &[String]) -> Result<Vec<String>, ApiError> {
    if ids.len() > MAX_SECURITY_GROUPS {
        return Err(validation(
            format!("You can specify at most {MAX_SECURITY_GROUPS} security groups"),
            "A load balancer takes at most 5 security groups; merge rules into fewer groups.",
            "로드 밸런서에는 보안 그룹을 최대 5개까지 붙일 수 있습니다. 규칙을 더 적은 그룹에 모으세요.",
        ));
    }
    let mut out = Vec::new();
    for id in ids {
        match net.security_groups.get(id) {
            Some(g) if g.vpc_id == vpc => {
                if !out.contains(id) {
                    out.push(id.clone())
                }
            }
            Some(g) => {
                return Err(ApiError::new("InvalidSecurityGroup", format!("Security group '{id}' does not belong to VPC '{vpc}'")).hint(
                    format!("{id} is a group of {}; a load balancer uses groups of its own VPC ({vpc}).", g.vpc_id),
                    format!("{id}는 {}의 보안 그룹입니다. 로드 밸런서는 자기 VPC({vpc})의 그룹만 씁니다.", g.vpc_id),
                ))
            }
            None => {
                return Err(ApiError::new("InvalidSecurityGroup", format!("Security group '{id}' does not exist"))
                    .hint("Check the security group id (describe_security_groups lists them).", "보안 그룹 ID를 확인하세요(describe_security_groups)."))
            }
        }
    }
    Ok(out)
}

/// The default attributes of a load balancer type (BC:elbv2/LoadBalancerAttribute, aws-facts §14.1).
pub fn default_attributes(kind: LbType) -> BTreeMap<String, String> {
    let common: &[(&str, &str)] =
        &[("deletion_protection.enabled", "false"), ("access_logs.s3.enabled", "false"), ("access_logs.s3.bucket", ""), ("access_logs.s3.prefix", "")];
    let alb: &[(&str, &str)] = &[
        ("idle_timeout.timeout_seconds", "60"),
        ("client_keep_alive.seconds", "3600"),
        ("routing.http2.enabled", "true"),
        ("routing.http.drop_invalid_header_fields.enabled", "false"),
        ("routing.http.preserve_host_header.enabled", "false"),
        ("routing.http.xff_client_port.enabled", "false"),
        ("routing.http.xff_header_processing.mode", "append"),
        ("routing.http.desync_mitigation_mode", "defensive"),
        ("routing.http.x_amzn_tls_version_and_cipher_suite.enabled", "false"),
        ("waf.fail_open.enabled", "false"),
        ("connection_logs.s3.enabled", "false"),
        ("connection_logs.s3.bucket", ""),
        ("connection_logs.s3.prefix", ""),
        ("load_balancing.cross_zone.enabled", "true"),
        ("zonal_shift.config.enabled", "false"),
    ];
    let nlb: &[(&str, &str)] = &[
        ("load_balancing.cross_zone.enabled", "false"),
        ("dns_record.client_routing_policy", "any_availability_zone"),
        ("zonal_shift.config.enabled", "false"),
    ];
    let gwlb: &[(&str, &str)] = &[("load_balancing.cross_zone.enabled", "false")];
    let own = match kind {
        LbType::Application => alb,
        LbType::Network => nlb,
        LbType::Gateway => gwlb,
    };
    let common = if kind == LbType::Gateway { &common[..1] } else { common };
    common.iter().chain(own).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// Checks one attribute change against the type's keys and the documented values/ranges.
fn check_attribute(kind: LbType, known: &BTreeMap<String, String>, key: &str, value: &str) -> Result<(), ApiError> {
    if !known.contains_key(key) {
        return Err(validation(
            format!("Load balancer attribute key '{key}' is not recognized"),
            format!("describe_load_balancer_attributes lists the keys a {} load balancer has.", kind.name()),
            format!("describe_load_balancer_attributes가 {} 로드 밸런서의 키를 보여 줍니다.", kind.name()),
        ));
    }
    let bad = |allowed: &str| {
        Err(validation(
            format!("Load balancer attribute '{key}' cannot have value '{value}'; it must be {allowed}"),
            format!("{key} takes {allowed}."),
            format!("{key}의 값은 {allowed}이어야 합니다."),
        ))
    };
    let int_in = |lo: i64, hi: i64| value.parse::<i64>().ok().is_some_and(|n| (lo..=hi).contains(&n));
    if key.ends_with(".enabled") {
        if value != "true" && value != "false" {
            return bad("'true' or 'false'");
        }
    } else if key == "idle_timeout.timeout_seconds" {
        if !int_in(1, 4000) {
            return bad("an integer from 1 to 4000");
        }
    } else if key == "client_keep_alive.seconds" {
        if !int_in(60, 604800) {
            return bad("an integer from 60 to 604800");
        }
    } else if key == "routing.http.xff_header_processing.mode" {
        if !["append", "preserve", "remove"].contains(&value) {
            return bad("'append', 'preserve' or 'remove'");
        }
    } else if key == "routing.http.desync_mitigation_mode" {
        if !["monitor", "defensive", "strictest"].contains(&value) {
            return bad("'monitor', 'defensive' or 'strictest'");
        }
    } else if key == "dns_record.client_routing_policy"
        && !["availability_zone_affinity", "partial_availability_zone_affinity", "any_availability_zone"].contains(&value)
    {
        return bad("'availability_zone_affinity', 'partial_availability_zone_affinity' or 'any_availability_zone'");
    }
    if kind == LbType::Application && key == "load_balancing.cross_zone.enabled" && value == "false" {
        return Err(invalid_config(
            "Cross-zone load balancing cannot be disabled for Application Load Balancers",
            "An ALB always balances across zones; turn it off per target group instead (target group attribute load_balancing.cross_zone.enabled).",
            "ALB는 항상 영역 간 로드 밸런싱을 합니다. 대상 그룹 속성 load_balancing.cross_zone.enabled로 그룹마다 끄세요.",
        ));
    }
    if (key == "access_logs.s3.enabled" || key == "connection_logs.s3.enabled") && value == "true" {
        return Err(invalid_config(
            format!("ec2lab does not simulate S3: '{key}' cannot be enabled"),
            "Access and connection logs go to an S3 bucket, which ec2lab does not simulate; leave them off.",
            "액세스/연결 로그는 S3 버킷에 쌓이는데, ec2lab은 S3를 시뮬레이션하지 않습니다. 꺼 두세요.",
        ));
    }
    Ok(())
}

/// ModifyLoadBalancerAttributes: all changes checked first; returns every attribute after.
pub fn modify_attributes(w: &mut World, region: &str, arn: &str, changes: &[(String, String)]) -> Result<BTreeMap<String, String>, ApiError> {
    let lb = find(&w.region(region)?.elb, arn)?;
    if changes.is_empty() {
        return Err(validation("Attributes cannot be empty", "Give at least one {Key, Value} to change.", "바꿀 {Key, Value}를 하나 이상 주세요."));
    }
    for (k, v) in changes {
        check_attribute(lb.kind, &lb.attributes, k, v)?;
    }
    let lb = w.region_mut(region)?.elb.load_balancers.get_mut(arn).expect("checked");
    for (k, v) in changes {
        lb.attributes.insert(k.clone(), v.clone());
    }
    Ok(lb.attributes.clone())
}

/// The settings that make a second CreateLoadBalancer with the same name idempotent.
fn same_settings(lb: &LoadBalancer, kind: LbType, scheme: Scheme, subnets: &[(String, String)], groups: &[String]) -> bool {
    let mut have: Vec<&str> = lb.nodes.iter().map(|n| n.subnet_id.as_str()).collect();
    let mut want: Vec<&str> = subnets.iter().map(|(s, _)| s.as_str()).collect();
    have.sort();
    want.sort();
    let mut g1 = lb.security_groups.clone();
    let mut g2 = groups.to_vec();
    g1.sort();
    g2.sort();
    lb.kind == kind && lb.scheme == scheme && have == want && g1 == g2
}

/// CreateLoadBalancer: every check first, then the load balancer in `provisioning`, its nodes,
/// and the event that makes it `active`. Returns its ARN (the existing one when a load
/// balancer of that name exists with the same settings: AWS's create is idempotent).
pub fn create(w: &mut World, region: &str, spec: &NewLoadBalancer) -> Result<String, ApiError> {
    names::check_name("Load balancer", &spec.name)?;
    let kind = parse_kind(spec.kind.as_deref())?;
    let scheme = parse_scheme(spec.scheme.as_deref())?;
    let ip_type = check_ip_type(spec.ip_address_type.as_deref())?;
    super::tags::check_new(&spec.tags)?;
    let r = w.region(region)?;
    let (vpc, subnets) = check_subnets(&r.network, kind, scheme, &spec.subnets)?;
    let groups = match (kind, &spec.security_groups) {
        (LbType::Gateway, Some(g)) if !g.is_empty() => {
            return Err(validation(
                "Security groups are not supported for load balancers with type 'gateway'",
                "A Gateway Load Balancer passes traffic through transparently and takes no security groups; leave SecurityGroups out.",
                "Gateway Load Balancer는 트래픽을 그대로 통과시키므로 보안 그룹을 받지 않습니다. SecurityGroups를 빼세요.",
            ))
        }
        (LbType::Gateway, _) => vec![],
        (_, Some(g)) => check_security_groups(&r.network, &vpc, g)?,
        // An ALB without groups gets its VPC's default group; an NLB gets none (and can never have any).
        (LbType::Application, None) => r.network.security_groups.values().filter(|g| g.vpc_id == vpc && g.is_default()).map(|g| g.id.clone()).collect(),
        (LbType::Network, None) => vec![],
    };
    if let Some(existing) = r.elb.load_balancers.values().find(|l| l.name == spec.name) {
        if same_settings(existing, kind, scheme, &subnets, &groups) {
            return Ok(existing.arn.clone());
        }
        return Err(ApiError::new("DuplicateLoadBalancerName", format!("A load balancer with the same name '{}' exists, but with different settings", spec.name)).hint(
            "Load balancer names are unique per region. Creating again with identical settings returns the existing one; pick another name, or delete the old load balancer.",
            "로드 밸런서 이름은 리전마다 고유합니다. 설정이 같으면 기존 것을 돌려주지만, 다르면 거부됩니다. 다른 이름을 쓰거나 기존 것을 삭제하세요.",
        ));
    }
    let (max, label) = match kind {
        LbType::Application => (MAX_ALBS, "Application Load Balancers"),
        LbType::Network => (MAX_NLBS, "Network Load Balancers"),
        LbType::Gateway => (MAX_GWLBS, "Gateway Load Balancers"),
    };
    if r.elb.load_balancers.values().filter(|l| l.kind == kind).count() >= max {
        return Err(ApiError::new("TooManyLoadBalancers", "The quota for the number of load balancers has been reached").hint(
            format!("A region holds at most {max} {label} per account; delete ones you no longer use."),
            format!("계정의 리전당 {label}는 최대 {max}개입니다. 쓰지 않는 것을 삭제하세요."),
        ));
    }
    for (s, _) in &subnets {
        let need = NewEni { subnet_id: s.clone(), requester_managed: true, ..Default::default() };
        eni::check_new(&r.network, &need, &[])?;
    }
    let info = r.info;

    // Nothing fails from here.
    let id = names::hex16(&mut w.rng);
    let arn = names::lb_arn(region, kind, &spec.name, &id);
    let dns = names::dns_name(&mut w.rng, kind, scheme == Scheme::Internal, &spec.name, region);
    // Seeded plausible: AWS does not publish how long provisioning takes (typically 2-3 minutes).
    let ready = w.rng.duration_ms(120.0, 180.0);
    let now = w.now();
    let description = format!("ELB {}", names::lb_path(&arn));
    let mut nodes = Vec::new();
    let World { regions, rng, .. } = &mut *w;
    let reg = regions.get_mut(region).expect("checked");
    for (subnet_id, az) in &subnets {
        let eni_id = crate::sim::IdGen::new_id(rng, "eni");
        let mac = eni::new_mac(rng);
        let e = NewEni {
            subnet_id: subnet_id.clone(),
            description: description.clone(),
            interface_type: "interface".into(),
            requester_managed: true,
            ..Default::default()
        };
        let plan = eni::check_new(&reg.network, &e, &[]).expect("checked");
        eni::insert(&mut reg.network, rng, eni_id.clone(), mac, &e, &plan);
        let public = (scheme == Scheme::InternetFacing).then(|| reg.network.allocate_public_ip(info, rng));
        let node = reg.network.enis.get_mut(&eni_id).expect("inserted");
        node.groups = groups.clone();
        node.auto_public_ip = public;
        nodes.push(LbNode { subnet_id: subnet_id.clone(), az: az.clone(), eni_id });
    }
    reg.elb.load_balancers.insert(
        arn.clone(),
        LoadBalancer {
            arn: arn.clone(),
            name: spec.name.clone(),
            kind,
            scheme,
            state: LbState::Provisioning,
            vpc_id: vpc,
            nodes,
            security_groups: groups,
            ip_address_type: ip_type,
            dns_name: dns,
            canonical_hosted_zone_id: names::hosted_zone_id(region, kind).into(),
            created_at: now,
            attributes: default_attributes(kind),
        },
    );
    if !spec.tags.is_empty() {
        reg.tags.set(&arn, &spec.tags);
    }
    let region_name = info.name;
    w.schedule(ready, WorldEvent::Elb { region: region_name, event: super::Event::LoadBalancerActive { arn: arn.clone() } });
    Ok(arn)
}

/// `provisioning` → `active` (the scheduled second half of CreateLoadBalancer).
pub fn activate(w: &mut World, region: &str, arn: &str) {
    if let Some(lb) = w.regions.get_mut(region).and_then(|r| r.elb.load_balancers.get_mut(arn)) {
        if lb.state == LbState::Provisioning {
            lb.state = LbState::Active;
        }
    }
}

/// DeleteLoadBalancer: refused while deletion protection is on; an unknown ARN succeeds (as
/// AWS documents). Removes the listeners, their rules, the nodes and the tags.
pub fn delete(w: &mut World, region: &str, arn: &str) -> Result<(), ApiError> {
    let r = w.region_mut(region)?;
    let Some(lb) = r.elb.load_balancers.get(arn) else { return Ok(()) };
    if lb.attributes.get("deletion_protection.enabled").map(String::as_str) == Some("true") {
        return Err(not_permitted(
            format!("Load balancer '{arn}' cannot be deleted because deletion protection is enabled"),
            "Turn deletion protection off first: modify_load_balancer_attributes(Attributes=[{'Key': 'deletion_protection.enabled', 'Value': 'false'}]).",
            "먼저 삭제 보호를 끄세요: modify_load_balancer_attributes(Attributes=[{'Key': 'deletion_protection.enabled', 'Value': 'false'}]).",
        ));
    }
    let lb = r.elb.load_balancers.remove(arn).expect("checked");
    let listeners: Vec<String> = r.elb.listeners.values().filter(|l| l.lb_arn == arn).map(|l| l.arn.clone()).collect();
    for l in listeners {
        super::listener::remove(r, &l);
    }
    for n in &lb.nodes {
        r.network.remove_eni(&n.eni_id);
        r.tags.forget(&n.eni_id);
    }
    r.tags.forget(arn);
    crate::billing::ledger::load_balancer_deleted(w, region, &lb);
    Ok(())
}

/// SetSecurityGroups: ALB, or an NLB created with groups; the nodes take the new groups.
pub fn set_security_groups(w: &mut World, region: &str, arn: &str, ids: &[String]) -> Result<Vec<String>, ApiError> {
    let r = w.region(region)?;
    let lb = find(&r.elb, arn)?;
    match lb.kind {
        LbType::Gateway => {
            return Err(validation(
                "Security groups are not supported for load balancers with type 'gateway'",
                "A Gateway Load Balancer takes no security groups.",
                "Gateway Load Balancer는 보안 그룹을 받지 않습니다.",
            ))
        }
        LbType::Network if lb.security_groups.is_empty() => {
            return Err(invalid_config(
                "You cannot set security groups on a Network Load Balancer which was created without any security groups",
                "An NLB takes security groups only if it was created with some; create a new NLB with SecurityGroups=[...].",
                "NLB는 만들 때 보안 그룹을 준 경우에만 바꿀 수 있습니다. SecurityGroups=[...]로 새 NLB를 만드세요.",
            ))
        }
        _ => {}
    }
    if lb.kind == LbType::Application && ids.is_empty() {
        return Err(validation(
            "An Application Load Balancer must have at least one security group",
            "Give at least one security group; the groups decide who may reach the listeners.",
            "보안 그룹을 하나 이상 주세요. 그룹이 리스너에 누가 접근할 수 있는지 정합니다.",
        ));
    }
    let groups = check_security_groups(&r.network, &lb.vpc_id, ids)?;
    let nodes: Vec<String> = lb.nodes.iter().map(|n| n.eni_id.clone()).collect();
    let r = w.region_mut(region)?;
    for n in nodes {
        if let Some(e) = r.network.enis.get_mut(&n) {
            e.groups = groups.clone();
        }
    }
    r.elb.load_balancers.get_mut(arn).expect("checked").security_groups = groups.clone();
    Ok(groups)
}

/// SetSubnets: the enabled subnets become exactly these (same VPC, same rules as create):
/// nodes of removed subnets go away, new subnets get a node.
pub fn set_subnets(w: &mut World, region: &str, arn: &str, subnets: &[String]) -> Result<(), ApiError> {
    let r = w.region(region)?;
    let lb = find(&r.elb, arn)?;
    if lb.kind == LbType::Network && subnets.len() < lb.nodes.len() {
        // NLBs may add subnets but (before 2024) not remove them; keep it simple and strict.
        return Err(validation(
            "Subnets cannot be removed from a Network Load Balancer",
            "An NLB's subnets can be added to, not removed; give all current subnets plus the new ones.",
            "NLB의 서브넷은 추가만 할 수 있습니다. 현재 서브넷 전부와 새 서브넷을 주세요.",
        ));
    }
    let (vpc, wanted) = check_subnets(&r.network, lb.kind, lb.scheme, subnets)?;
    if vpc != lb.vpc_id {
        return Err(invalid_config(
            format!("The subnets must be in the load balancer's VPC '{}'", lb.vpc_id),
            "A load balancer cannot move to another VPC; give subnets of its own VPC.",
            "로드 밸런서는 다른 VPC로 옮길 수 없습니다. 같은 VPC의 서브넷을 주세요.",
        ));
    }
    for (s, _) in wanted.iter().filter(|(s, _)| !lb.nodes.iter().any(|n| &n.subnet_id == s)) {
        eni::check_new(&r.network, &NewEni { subnet_id: s.clone(), requester_managed: true, ..Default::default() }, &[])?;
    }
    let (scheme, groups, old) = (lb.scheme, lb.security_groups.clone(), lb.nodes.clone());
    let info = r.info;
    let description = format!("ELB {}", names::lb_path(arn));
    let World { regions, rng, .. } = &mut *w;
    let reg = regions.get_mut(region).expect("checked");
    let mut nodes = Vec::new();
    for (subnet_id, az) in &wanted {
        if let Some(n) = old.iter().find(|n| &n.subnet_id == subnet_id) {
            nodes.push(n.clone());
            continue;
        }
        let eni_id = crate::sim::IdGen::new_id(rng, "eni");
        let mac = eni::new_mac(rng);
        let e = NewEni {
            subnet_id: subnet_id.clone(),
            description: description.clone(),
            interface_type: "interface".into(),
            requester_managed: true,
            ..Default::default()
        };
        let plan = eni::check_new(&reg.network, &e, &[]).expect("checked");
        eni::insert(&mut reg.network, rng, eni_id.clone(), mac, &e, &plan);
        let public = (scheme == Scheme::InternetFacing).then(|| reg.network.allocate_public_ip(info, rng));
        let node = reg.network.enis.get_mut(&eni_id).expect("inserted");
        node.groups = groups.clone();
        node.auto_public_ip = public;
        nodes.push(LbNode { subnet_id: subnet_id.clone(), az: az.clone(), eni_id });
    }
    for n in old.iter().filter(|n| !wanted.iter().any(|(s, _)| *s == n.subnet_id)) {
        reg.network.remove_eni(&n.eni_id);
        reg.tags.forget(&n.eni_id);
    }
    reg.elb.load_balancers.get_mut(arn).expect("checked").nodes = nodes;
    Ok(())
}
