//! CreateSecurityGroup, DeleteSecurityGroup, Authorize/RevokeSecurityGroupIngress/Egress,
//! DescribeSecurityGroups, DescribeSecurityGroupRules, ModifySecurityGroupRules.
use crate::api::{filters, Filters, Tag, TagSpecification};
use crate::error::ApiError;
use crate::network::security_groups::{self as sg, Peer, RevokeWhat, RuleSpec, SecurityGroup, SgRule};
use crate::network::RegionNetwork;
use crate::query::{check_names, matches, paginate, FilterValues};
use crate::tags::Tags;
use crate::world::{World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};

/// Tags from TagSpecifications for one resource type (others refused, as AWS does).
pub(super) fn tags_from_specs(specs: &Option<Vec<TagSpecification>>, rtype: &str) -> Result<Vec<(String, String)>, ApiError> {
    let mut out = Vec::new();
    for s in specs.iter().flatten() {
        let t = s.resource_type.as_deref().unwrap_or("");
        if t != rtype {
            return Err(ApiError::invalid_parameter_value(format!("'{t}' is not a valid taggable resource type for this operation."))
                .hint(format!("This operation can tag only '{rtype}' resources."), format!("이 작업은 '{rtype}' 리소스에만 태그를 달 수 있습니다.")));
        }
        out.extend(s.tags.iter().map(|t| (t.key.clone(), t.value.clone())));
    }
    crate::tags::TagStore::default().check_set("new", &out)?;
    Ok(out)
}

fn tag_list(tags: Option<&Tags>) -> Vec<Tag> {
    tags.into_iter().flatten().map(|(k, v)| Tag { key: k.clone(), value: v.clone() }).collect()
}

fn group_arn(region: &str, id: &str) -> String {
    format!("arn:aws:ec2:{region}:{ACCOUNT_ID}:security-group/{id}")
}

// ---------------------------------------------------------------- request shapes

#[derive(Deserialize, Clone)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct IpRangeIn {
    cidr_ip: Option<String>,
    description: Option<String>,
}

#[derive(Deserialize, Clone)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Ipv6RangeIn {
    cidr_ipv6: Option<String>,
    description: Option<String>,
}

#[derive(Deserialize, Clone)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PrefixListIdIn {
    prefix_list_id: Option<String>,
    description: Option<String>,
}

#[derive(Deserialize, Clone)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UserIdGroupPairIn {
    description: Option<String>,
    user_id: Option<String>,
    group_name: Option<String>,
    group_id: Option<String>,
    vpc_id: Option<String>,
    vpc_peering_connection_id: Option<String>,
    peering_status: Option<String>,
}

#[derive(Deserialize, Clone)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct IpPermissionIn {
    ip_protocol: Option<String>,
    from_port: Option<i64>,
    to_port: Option<i64>,
    user_id_group_pairs: Option<Vec<UserIdGroupPairIn>>,
    ip_ranges: Option<Vec<IpRangeIn>>,
    ipv6_ranges: Option<Vec<Ipv6RangeIn>>,
    prefix_list_ids: Option<Vec<PrefixListIdIn>>,
}

fn missing(what: &str, en: &str, ko: &str) -> ApiError {
    ApiError::missing_parameter(format!("The request must contain the parameter {what}")).hint(en, ko)
}

/// A source group named in a rule: by id, or by name within the VPC of the group being changed.
fn source_group(net: &RegionNetwork, target: &SecurityGroup, p: &UserIdGroupPairIn) -> Result<Peer, ApiError> {
    if p.vpc_peering_connection_id.is_some() {
        return Err(ApiError::new("Unsupported", "ec2lab does not simulate VPC peering.")
            .hint("Refer to groups of the same VPC only.", "같은 VPC의 보안 그룹만 참조하세요."));
    }
    let _ = (&p.user_id, &p.vpc_id, &p.peering_status);
    match (&p.group_id, &p.group_name) {
        (Some(id), _) => Ok(Peer::Group(sg::group(net, id)?.id.clone())),
        (None, Some(name)) => net
            .security_groups
            .values()
            .find(|g| g.vpc_id == target.vpc_id && &g.name == name)
            .map(|g| Peer::Group(g.id.clone()))
            .ok_or_else(|| sg::not_found(name)),
        (None, None) => Err(missing("groupId", "A UserIdGroupPair names a group: give GroupId.", "UserIdGroupPair에는 GroupId가 필요합니다.")),
    }
}

/// Expands permissions into one spec per peer, in the request's order.
fn specs_of(net: &RegionNetwork, target: &SecurityGroup, perms: &[IpPermissionIn]) -> Result<Vec<RuleSpec>, ApiError> {
    let mut out = Vec::new();
    for p in perms {
        let proto = p.ip_protocol.as_deref().ok_or_else(|| {
            missing(
                "ipProtocol",
                "Each IpPermission needs IpProtocol: tcp, udp, icmp, icmpv6, -1 (all) or a number.",
                "IpPermission마다 IpProtocol(tcp, udp, icmp, icmpv6, -1 또는 번호)이 필요합니다.",
            )
        })?;
        let mut peers: Vec<(Peer, Option<String>)> = Vec::new();
        for r in p.ip_ranges.iter().flatten() {
            let c = r.cidr_ip.as_deref().ok_or_else(|| missing("cidrIp", "Each IpRanges entry needs CidrIp.", "IpRanges 항목마다 CidrIp가 필요합니다."))?;
            peers.push((sg::parse_peer_v4(c)?, r.description.clone()));
        }
        for r in p.ipv6_ranges.iter().flatten() {
            let c = r
                .cidr_ipv6
                .as_deref()
                .ok_or_else(|| missing("cidrIpv6", "Each Ipv6Ranges entry needs CidrIpv6.", "Ipv6Ranges 항목마다 CidrIpv6가 필요합니다."))?;
            peers.push((sg::parse_peer_v6(c)?, r.description.clone()));
        }
        for r in p.prefix_list_ids.iter().flatten() {
            let c = r
                .prefix_list_id
                .as_deref()
                .ok_or_else(|| missing("prefixListId", "Each PrefixListIds entry needs PrefixListId.", "PrefixListIds 항목마다 PrefixListId가 필요합니다."))?;
            peers.push((sg::parse_prefix_list(c)?, r.description.clone()));
        }
        for r in p.user_id_group_pairs.iter().flatten() {
            peers.push((source_group(net, target, r)?, r.description.clone()));
        }
        if peers.is_empty() {
            return Err(missing(
                "ipRanges, ipv6Ranges, prefixListIds or groups",
                "Say who the rule is for: IpRanges=[{'CidrIp': '0.0.0.0/0'}], Ipv6Ranges, PrefixListIds or UserIdGroupPairs=[{'GroupId': 'sg-...'}].",
                "규칙의 대상을 주세요: IpRanges=[{'CidrIp': '0.0.0.0/0'}], Ipv6Ranges, PrefixListIds 또는 UserIdGroupPairs=[{'GroupId': 'sg-...'}].",
            ));
        }
        for (peer, description) in peers {
            out.push(sg::spec(proto, p.from_port, p.to_port, peer, description)?);
        }
    }
    Ok(out)
}

/// The legacy single-rule members (CidrIp, IpProtocol, FromPort, ToPort, SourceSecurityGroupName).
struct Legacy<'a> {
    cidr_ip: &'a Option<String>,
    ip_protocol: &'a Option<String>,
    from_port: Option<i64>,
    to_port: Option<i64>,
    source_group_name: &'a Option<String>,
    source_group_owner: &'a Option<String>,
}

impl Legacy<'_> {
    fn given(&self) -> bool {
        self.cidr_ip.is_some()
            || self.ip_protocol.is_some()
            || self.from_port.is_some()
            || self.to_port.is_some()
            || self.source_group_name.is_some()
            || self.source_group_owner.is_some()
    }
    fn to_permission(&self) -> Result<IpPermissionIn, ApiError> {
        let pairs = self.source_group_name.as_ref().map(|n| {
            vec![UserIdGroupPairIn {
                description: None,
                user_id: self.source_group_owner.clone(),
                group_name: Some(n.clone()),
                group_id: None,
                vpc_id: None,
                vpc_peering_connection_id: None,
                peering_status: None,
            }]
        });
        let ranges = self.cidr_ip.as_ref().map(|c| vec![IpRangeIn { cidr_ip: Some(c.clone()), description: None }]);
        // A source group without a protocol opens everything from that group.
        let proto = match (self.ip_protocol, self.source_group_name) {
            (Some(p), _) => p.clone(),
            (None, Some(_)) => "-1".into(),
            (None, None) => {
                return Err(missing(
                    "ipProtocol",
                    "Give IpProtocol (tcp, udp, icmp, -1) with CidrIp, or use IpPermissions.",
                    "CidrIp와 함께 IpProtocol(tcp, udp, icmp, -1)을 주거나 IpPermissions를 쓰세요.",
                ))
            }
        };
        Ok(IpPermissionIn {
            ip_protocol: Some(proto),
            from_port: self.from_port,
            to_port: self.to_port,
            user_id_group_pairs: pairs,
            ip_ranges: ranges,
            ipv6_ranges: None,
            prefix_list_ids: None,
        })
    }
}

fn permissions(legacy: Legacy, perms: &Option<Vec<IpPermissionIn>>, egress: bool) -> Result<Vec<IpPermissionIn>, ApiError> {
    match (legacy.given(), perms) {
        (true, Some(_)) => Err(ApiError::invalid_parameter_combination("The parameter 'ipPermissions' may not be used in combination with 'CidrIp', 'IpProtocol', 'FromPort', 'ToPort' or 'SourceSecurityGroupName'.").hint(
            "Use either IpPermissions (recommended) or the single-rule members, not both.",
            "IpPermissions(권장) 또는 단일 규칙 파라미터 중 하나만 쓰세요.",
        )),
        (true, None) if egress => Err(ApiError::invalid_parameter_combination("The outbound rule must be specified with IpPermissions; CidrIp, IpProtocol, FromPort, ToPort and SourceSecurityGroupName are not supported for egress.").hint(
            "Outbound rules take IpPermissions=[{'IpProtocol': 'tcp', 'FromPort': 443, 'ToPort': 443, 'IpRanges': [{'CidrIp': '0.0.0.0/0'}]}].",
            "아웃바운드 규칙은 IpPermissions로 주세요. 예: [{'IpProtocol': 'tcp', 'FromPort': 443, 'ToPort': 443, 'IpRanges': [{'CidrIp': '0.0.0.0/0'}]}].",
        )),
        (true, None) => Ok(vec![legacy.to_permission()?]),
        (false, Some(p)) => Ok(p.clone()),
        (false, None) => Ok(vec![]),
    }
}

// ---------------------------------------------------------------- response shapes

#[derive(Serialize, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct IpRangeOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    cidr_ip: String,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct Ipv6RangeOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    cidr_ipv6: String,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct PrefixListIdOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    prefix_list_id: String,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct UserIdGroupPairOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    user_id: String,
    group_id: String,
}

/// botocore's `IpPermission`: AWS groups rules of the same protocol and ports into one.
#[derive(Serialize, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct IpPermissionOut {
    ip_protocol: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    from_port: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to_port: Option<i32>,
    user_id_group_pairs: Vec<UserIdGroupPairOut>,
    ip_ranges: Vec<IpRangeOut>,
    ipv6_ranges: Vec<Ipv6RangeOut>,
    prefix_list_ids: Vec<PrefixListIdOut>,
}

fn permissions_out<'a>(rules: impl Iterator<Item = &'a RuleSpec>) -> Vec<IpPermissionOut> {
    let mut out: Vec<((sg::Protocol, i32, i32), IpPermissionOut)> = Vec::new();
    for r in rules {
        let key = (r.protocol, r.from_port, r.to_port);
        let idx = match out.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                let ports = r.protocol.has_ports();
                out.push((
                    key,
                    IpPermissionOut {
                        ip_protocol: r.protocol.wire(),
                        from_port: ports.then_some(r.from_port),
                        to_port: ports.then_some(r.to_port),
                        user_id_group_pairs: vec![],
                        ip_ranges: vec![],
                        ipv6_ranges: vec![],
                        prefix_list_ids: vec![],
                    },
                ));
                out.len() - 1
            }
        };
        let p = &mut out[idx].1;
        let description = r.description.clone();
        match &r.peer {
            Peer::Ipv4(c) => p.ip_ranges.push(IpRangeOut { description, cidr_ip: c.to_string() }),
            Peer::Ipv6(c) => p.ipv6_ranges.push(Ipv6RangeOut { description, cidr_ipv6: c.to_string() }),
            Peer::PrefixList(id) => p.prefix_list_ids.push(PrefixListIdOut { description, prefix_list_id: id.clone() }),
            Peer::Group(g) => p.user_id_group_pairs.push(UserIdGroupPairOut { description, user_id: ACCOUNT_ID.into(), group_id: g.clone() }),
        }
    }
    out.into_iter().map(|(_, p)| p).collect()
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct ReferencedGroupOut {
    group_id: String,
    user_id: String,
}

/// botocore's `SecurityGroupRule`.
#[derive(Serialize, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupRuleOut {
    security_group_rule_id: String,
    group_id: String,
    group_owner_id: String,
    is_egress: bool,
    ip_protocol: String,
    from_port: i32,
    to_port: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    cidr_ipv4: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cidr_ipv6: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prefix_list_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    referenced_group_info: Option<ReferencedGroupOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    tags: Vec<Tag>,
    security_group_rule_arn: String,
}

fn rule_out(region: &str, group_id: &str, egress: bool, r: &SgRule, tags: Option<&Tags>) -> SecurityGroupRuleOut {
    let (mut v4, mut v6, mut pl, mut rg) = (None, None, None, None);
    match &r.peer {
        Peer::Ipv4(c) => v4 = Some(c.to_string()),
        Peer::Ipv6(c) => v6 = Some(c.to_string()),
        Peer::PrefixList(p) => pl = Some(p.clone()),
        Peer::Group(g) => rg = Some(ReferencedGroupOut { group_id: g.clone(), user_id: ACCOUNT_ID.into() }),
    }
    SecurityGroupRuleOut {
        security_group_rule_id: r.id.clone(),
        group_id: group_id.into(),
        group_owner_id: ACCOUNT_ID.into(),
        is_egress: egress,
        ip_protocol: r.protocol.wire(),
        from_port: r.from_port,
        to_port: r.to_port,
        cidr_ipv4: v4,
        cidr_ipv6: v6,
        prefix_list_id: pl,
        referenced_group_info: rg,
        description: r.description.clone(),
        tags: tag_list(tags),
        security_group_rule_arn: format!("arn:aws:ec2:{region}:{ACCOUNT_ID}:security-group-rule/{}", r.id),
    }
}

// ---------------------------------------------------------------- create / delete

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateSecurityGroupRequest {
    description: String,
    group_name: String,
    vpc_id: Option<String>,
    tag_specifications: Option<Vec<TagSpecification>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSecurityGroupResponse {
    group_id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<Tag>,
    security_group_arn: String,
}

pub fn create_security_group(w: &mut World, region: &str, r: CreateSecurityGroupRequest) -> Result<CreateSecurityGroupResponse, ApiError> {
    let tags = tags_from_specs(&r.tag_specifications, "security-group")?;
    w.region(region)?;
    let reg = w.regions.get_mut(region).expect("checked");
    let id = sg::create(&mut reg.network, &mut w.rng, &r.group_name, &r.description, r.vpc_id.as_deref())?;
    if !tags.is_empty() {
        reg.tags.set(&id, &tags);
    }
    Ok(CreateSecurityGroupResponse {
        security_group_arn: group_arn(region, &id),
        group_id: id,
        tags: tags.into_iter().map(|(key, value)| Tag { key, value }).collect(),
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteSecurityGroupRequest {
    group_id: Option<String>,
    group_name: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteSecurityGroupResponse {
    #[serde(rename = "Return")]
    ret: bool,
    group_id: String,
}

pub fn delete_security_group(w: &mut World, region: &str, r: DeleteSecurityGroupRequest) -> Result<DeleteSecurityGroupResponse, ApiError> {
    let id = sg::group_by_id_or_name(&w.region(region)?.network, r.group_id.as_deref(), r.group_name.as_deref())?.id.clone();
    let reg = w.region_mut(region)?;
    let rule_ids: Vec<String> =
        reg.network.security_groups[&id].ingress.iter().chain(reg.network.security_groups[&id].egress.iter()).map(|r| r.id.clone()).collect();
    sg::delete(reg, &id)?;
    for rid in rule_ids {
        reg.tags.delete(&rid, &[]);
    }
    Ok(DeleteSecurityGroupResponse { ret: true, group_id: id })
}

// ---------------------------------------------------------------- authorize / revoke

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AuthorizeRequest {
    group_id: Option<String>,
    group_name: Option<String>,
    ip_permissions: Option<Vec<IpPermissionIn>>,
    cidr_ip: Option<String>,
    ip_protocol: Option<String>,
    from_port: Option<i64>,
    to_port: Option<i64>,
    source_security_group_name: Option<String>,
    source_security_group_owner_id: Option<String>,
    tag_specifications: Option<Vec<TagSpecification>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthorizeResponse {
    #[serde(rename = "Return")]
    ret: bool,
    security_group_rules: Vec<SecurityGroupRuleOut>,
}

fn authorize(w: &mut World, region: &str, r: AuthorizeRequest, egress: bool) -> Result<AuthorizeResponse, ApiError> {
    if egress && r.group_id.is_none() {
        return Err(missing("groupId", "Outbound rules are changed by group id (GroupId).", "아웃바운드 규칙은 그룹 ID(GroupId)로 바꿉니다."));
    }
    let tags = tags_from_specs(&r.tag_specifications, "security-group-rule")?;
    let net = &w.region(region)?.network;
    let g = sg::group_by_id_or_name(net, r.group_id.as_deref(), r.group_name.as_deref())?;
    let legacy = Legacy {
        cidr_ip: &r.cidr_ip,
        ip_protocol: &r.ip_protocol,
        from_port: r.from_port,
        to_port: r.to_port,
        source_group_name: &r.source_security_group_name,
        source_group_owner: &r.source_security_group_owner_id,
    };
    let perms = permissions(legacy, &r.ip_permissions, egress)?;
    let specs = specs_of(net, g, &perms)?;
    let gid = g.id.clone();
    let reg = w.regions.get_mut(region).expect("checked");
    let added = sg::authorize(&mut reg.network, &mut w.rng, &gid, egress, specs)?;
    for rule in &added {
        if !tags.is_empty() {
            reg.tags.set(&rule.id, &tags);
        }
    }
    let rules = added.iter().map(|rule| rule_out(region, &gid, egress, rule, reg.tags.get(&rule.id))).collect();
    Ok(AuthorizeResponse { ret: true, security_group_rules: rules })
}

pub fn authorize_ingress(w: &mut World, region: &str, r: AuthorizeRequest) -> Result<AuthorizeResponse, ApiError> {
    authorize(w, region, r, false)
}

pub fn authorize_egress(w: &mut World, region: &str, r: AuthorizeRequest) -> Result<AuthorizeResponse, ApiError> {
    authorize(w, region, r, true)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RevokeRequest {
    group_id: Option<String>,
    group_name: Option<String>,
    ip_permissions: Option<Vec<IpPermissionIn>>,
    security_group_rule_ids: Option<Vec<String>>,
    cidr_ip: Option<String>,
    ip_protocol: Option<String>,
    from_port: Option<i64>,
    to_port: Option<i64>,
    source_security_group_name: Option<String>,
    source_security_group_owner_id: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RevokedRuleOut {
    security_group_rule_id: String,
    group_id: String,
    is_egress: bool,
    ip_protocol: String,
    from_port: i32,
    to_port: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    cidr_ipv4: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cidr_ipv6: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prefix_list_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    referenced_group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RevokeResponse {
    #[serde(rename = "Return")]
    ret: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unknown_ip_permissions: Vec<IpPermissionOut>,
    revoked_security_group_rules: Vec<RevokedRuleOut>,
}

fn revoke(w: &mut World, region: &str, r: RevokeRequest, egress: bool) -> Result<RevokeResponse, ApiError> {
    if egress && r.group_id.is_none() {
        return Err(missing("groupId", "Outbound rules are changed by group id (GroupId).", "아웃바운드 규칙은 그룹 ID(GroupId)로 바꿉니다."));
    }
    let net = &w.region(region)?.network;
    let g = sg::group_by_id_or_name(net, r.group_id.as_deref(), r.group_name.as_deref())?;
    let legacy = Legacy {
        cidr_ip: &r.cidr_ip,
        ip_protocol: &r.ip_protocol,
        from_port: r.from_port,
        to_port: r.to_port,
        source_group_name: &r.source_security_group_name,
        source_group_owner: &r.source_security_group_owner_id,
    };
    let what = match (&r.security_group_rule_ids, legacy.given() || r.ip_permissions.is_some()) {
        (Some(_), true) => {
            return Err(ApiError::invalid_parameter_combination("The parameter 'SecurityGroupRuleIds' may not be used in combination with 'IpPermissions'.")
                .hint("Revoke either by rule ids or by permissions, not both in one call.", "규칙 ID 또는 권한 중 하나로만 삭제하세요."))
        }
        (Some(ids), false) => RevokeWhat::RuleIds(ids.clone()),
        (None, _) => RevokeWhat::Specs(specs_of(net, g, &permissions(legacy, &r.ip_permissions, egress)?)?),
    };
    let gid = g.id.clone();
    let reg = w.region_mut(region)?;
    let (revoked, unknown) = sg::revoke(&mut reg.network, &gid, egress, what)?;
    for rule in &revoked {
        reg.tags.delete(&rule.id, &[]);
    }
    let revoked = revoked
        .iter()
        .map(|rule| {
            let o = rule_out(region, &gid, egress, rule, None);
            RevokedRuleOut {
                security_group_rule_id: o.security_group_rule_id,
                group_id: o.group_id,
                is_egress: egress,
                ip_protocol: o.ip_protocol,
                from_port: o.from_port,
                to_port: o.to_port,
                cidr_ipv4: o.cidr_ipv4,
                cidr_ipv6: o.cidr_ipv6,
                prefix_list_id: o.prefix_list_id,
                referenced_group_id: o.referenced_group_info.map(|g| g.group_id),
                description: o.description,
            }
        })
        .collect();
    Ok(RevokeResponse { ret: true, unknown_ip_permissions: permissions_out(unknown.iter()), revoked_security_group_rules: revoked })
}

pub fn revoke_ingress(w: &mut World, region: &str, r: RevokeRequest) -> Result<RevokeResponse, ApiError> {
    revoke(w, region, r, false)
}

pub fn revoke_egress(w: &mut World, region: &str, r: RevokeRequest) -> Result<RevokeResponse, ApiError> {
    revoke(w, region, r, true)
}

// ---------------------------------------------------------------- describe

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeSecurityGroupsRequest {
    group_ids: Option<Vec<String>>,
    group_names: Option<Vec<String>>,
    next_token: Option<String>,
    max_results: Option<i64>,
    filters: Filters,
}

/// botocore's `SecurityGroup`.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupOut {
    group_id: String,
    ip_permissions_egress: Vec<IpPermissionOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<Tag>,
    vpc_id: String,
    security_group_arn: String,
    owner_id: String,
    group_name: String,
    description: String,
    ip_permissions: Vec<IpPermissionOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSecurityGroupsResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
    security_groups: Vec<SecurityGroupOut>,
}

/// A group as filters see it.
struct GroupView<'a> {
    g: &'a SecurityGroup,
    tags: Option<&'a Tags>,
    names: &'a RegionNetwork,
}

fn rule_values(rules: &[SgRule], what: &str, names: &RegionNetwork) -> Vec<String> {
    rules
        .iter()
        .filter_map(|r| match (what, &r.peer) {
            ("cidr", Peer::Ipv4(c)) => Some(c.to_string()),
            ("ipv6-cidr", Peer::Ipv6(c)) => Some(c.to_string()),
            ("prefix-list-id", Peer::PrefixList(p)) => Some(p.clone()),
            ("group-id", Peer::Group(g)) => Some(g.clone()),
            ("group-name", Peer::Group(g)) => names.security_groups.get(g).map(|g| g.name.clone()),
            ("user-id", Peer::Group(_)) => Some(ACCOUNT_ID.to_string()),
            ("protocol", _) => Some(r.protocol.wire()),
            ("from-port", _) => Some(r.from_port.to_string()),
            ("to-port", _) => Some(r.to_port.to_string()),
            _ => None,
        })
        .collect()
}

const RULE_FILTERS: &[&str] = &["cidr", "from-port", "group-id", "group-name", "ipv6-cidr", "prefix-list-id", "protocol", "to-port", "user-id"];

impl FilterValues for GroupView<'_> {
    const NAMES: &'static [&'static str] = &[
        "description",
        "group-id",
        "group-name",
        "owner-id",
        "vpc-id",
        "ip-permission.cidr",
        "ip-permission.from-port",
        "ip-permission.group-id",
        "ip-permission.group-name",
        "ip-permission.ipv6-cidr",
        "ip-permission.prefix-list-id",
        "ip-permission.protocol",
        "ip-permission.to-port",
        "ip-permission.user-id",
        "egress.ip-permission.cidr",
        "egress.ip-permission.from-port",
        "egress.ip-permission.group-id",
        "egress.ip-permission.group-name",
        "egress.ip-permission.ipv6-cidr",
        "egress.ip-permission.prefix-list-id",
        "egress.ip-permission.protocol",
        "egress.ip-permission.to-port",
        "egress.ip-permission.user-id",
    ];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        if let Some(what) = name.strip_prefix("egress.ip-permission.") {
            return RULE_FILTERS.contains(&what).then(|| rule_values(&self.g.egress, what, self.names));
        }
        if let Some(what) = name.strip_prefix("ip-permission.") {
            return RULE_FILTERS.contains(&what).then(|| rule_values(&self.g.ingress, what, self.names));
        }
        Some(vec![match name {
            "description" => self.g.description.clone(),
            "group-id" => self.g.id.clone(),
            "group-name" => self.g.name.clone(),
            "owner-id" => ACCOUNT_ID.into(),
            "vpc-id" => self.g.vpc_id.clone(),
            _ => return None,
        }])
    }
    fn tags(&self) -> Option<&Tags> {
        self.tags
    }
}

fn group_out(region: &str, g: &SecurityGroup, tags: Option<&Tags>) -> SecurityGroupOut {
    SecurityGroupOut {
        group_id: g.id.clone(),
        ip_permissions_egress: permissions_out(g.egress.iter().map(|r| r.spec()).collect::<Vec<_>>().iter()),
        tags: tag_list(tags),
        vpc_id: g.vpc_id.clone(),
        security_group_arn: group_arn(region, &g.id),
        owner_id: ACCOUNT_ID.into(),
        group_name: g.name.clone(),
        description: g.description.clone(),
        ip_permissions: permissions_out(g.ingress.iter().map(|r| r.spec()).collect::<Vec<_>>().iter()),
    }
}

pub fn describe_security_groups(w: &World, region: &str, r: DescribeSecurityGroupsRequest) -> Result<DescribeSecurityGroupsResponse, ApiError> {
    let reg = w.region(region)?;
    let net = &reg.network;
    let f = filters(&r.filters);
    check_names::<GroupView>(&f)?;
    if (r.group_ids.is_some() || r.group_names.is_some()) && r.next_token.is_some() | r.max_results.is_some() {
        return Err(ApiError::invalid_parameter_combination("The parameter groupIds cannot be used with the parameter maxResults").hint(
            "Page through all groups (MaxResults/NextToken) or name the groups, not both.",
            "전체 그룹을 페이지로 나눠 보거나(MaxResults/NextToken) 그룹을 지정하세요. 둘을 함께 쓸 수는 없습니다.",
        ));
    }
    let mut wanted: Option<Vec<&str>> = None;
    if let Some(ids) = &r.group_ids {
        for id in ids {
            sg::group(net, id)?;
        }
        wanted = Some(ids.iter().map(String::as_str).collect());
    }
    if let Some(names) = &r.group_names {
        let mut v = wanted.take().unwrap_or_default();
        for n in names {
            v.push(sg::group_by_id_or_name(net, None, Some(n))?.id.as_str());
        }
        wanted = Some(v);
    }
    let mut rows = Vec::new();
    for g in net.security_groups.values() {
        if wanted.as_ref().is_some_and(|w| !w.contains(&g.id.as_str())) {
            continue;
        }
        let view = GroupView { g, tags: reg.tags.get(&g.id), names: net };
        if matches(&f, &view)? {
            rows.push(group_out(region, g, view.tags));
        }
    }
    let page = paginate(rows, r.max_results, r.next_token.as_deref(), (5, 1000))?;
    Ok(DescribeSecurityGroupsResponse { next_token: page.next_token, security_groups: page.items })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeSecurityGroupRulesRequest {
    filters: Filters,
    security_group_rule_ids: Option<Vec<String>>,
    next_token: Option<String>,
    max_results: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSecurityGroupRulesResponse {
    security_group_rules: Vec<SecurityGroupRuleOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

struct RuleView<'a> {
    group_id: &'a str,
    rule_id: &'a str,
    tags: Option<&'a Tags>,
}

impl FilterValues for RuleView<'_> {
    const NAMES: &'static [&'static str] = &["group-id", "security-group-rule-id"];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        Some(vec![match name {
            "group-id" => self.group_id.to_string(),
            "security-group-rule-id" => self.rule_id.to_string(),
            _ => return None,
        }])
    }
    fn tags(&self) -> Option<&Tags> {
        self.tags
    }
}

pub fn describe_security_group_rules(w: &World, region: &str, r: DescribeSecurityGroupRulesRequest) -> Result<DescribeSecurityGroupRulesResponse, ApiError> {
    let reg = w.region(region)?;
    let f = filters(&r.filters);
    check_names::<RuleView>(&f)?;
    let all: Vec<(&SecurityGroup, bool, &SgRule)> = reg
        .network
        .security_groups
        .values()
        .flat_map(|g| g.ingress.iter().map(move |r| (g, false, r)).chain(g.egress.iter().map(move |r| (g, true, r))))
        .collect();
    if let Some(ids) = &r.security_group_rule_ids {
        if let Some(missing) = ids.iter().find(|id| !all.iter().any(|(_, _, r)| &r.id == *id)) {
            return Err(ApiError::new("InvalidSecurityGroupRuleId.NotFound", format!("The security group rule ID '{missing}' does not exist")).hint(
                "Check the rule id (sgr-...); describe_security_group_rules() without ids lists every rule.",
                "규칙 ID(sgr-...)를 확인하세요. ID 없이 describe_security_group_rules()를 부르면 모든 규칙이 나옵니다.",
            ));
        }
    }
    let mut rows = Vec::new();
    for (g, egress, rule) in all {
        if r.security_group_rule_ids.as_ref().is_some_and(|ids| !ids.contains(&rule.id)) {
            continue;
        }
        let view = RuleView { group_id: &g.id, rule_id: &rule.id, tags: reg.tags.get(&rule.id) };
        if matches(&f, &view)? {
            rows.push(rule_out(region, &g.id, egress, rule, view.tags));
        }
    }
    let page = paginate(rows, r.max_results, r.next_token.as_deref(), (5, 1000))?;
    Ok(DescribeSecurityGroupRulesResponse { security_group_rules: page.items, next_token: page.next_token })
}

// ---------------------------------------------------------------- modify rules

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RuleRequestIn {
    ip_protocol: Option<String>,
    from_port: Option<i64>,
    to_port: Option<i64>,
    cidr_ipv4: Option<String>,
    cidr_ipv6: Option<String>,
    prefix_list_id: Option<String>,
    referenced_group_id: Option<String>,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RuleUpdateIn {
    security_group_rule_id: String,
    security_group_rule: Option<RuleRequestIn>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifySecurityGroupRulesRequest {
    group_id: String,
    security_group_rules: Vec<RuleUpdateIn>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReturnResponse {
    #[serde(rename = "Return")]
    ret: bool,
}

pub fn modify_security_group_rules(w: &mut World, region: &str, r: ModifySecurityGroupRulesRequest) -> Result<ReturnResponse, ApiError> {
    let net = &w.region(region)?.network;
    sg::group(net, &r.group_id)?;
    let mut updates = Vec::new();
    for u in &r.security_group_rules {
        let rr = u.security_group_rule.as_ref().ok_or_else(|| {
            missing("SecurityGroupRule", "Each update gives the whole new rule in SecurityGroupRule.", "변경마다 SecurityGroupRule에 새 규칙 전체를 주세요.")
        })?;
        let peers: Vec<Peer> = [
            rr.cidr_ipv4.as_deref().map(sg::parse_peer_v4),
            rr.cidr_ipv6.as_deref().map(sg::parse_peer_v6),
            rr.prefix_list_id.as_deref().map(sg::parse_prefix_list),
            rr.referenced_group_id.as_deref().map(|g| sg::group(net, g).map(|g| Peer::Group(g.id.clone()))),
        ]
        .into_iter()
        .flatten()
        .collect::<Result<_, _>>()?;
        if peers.len() != 1 {
            return Err(ApiError::invalid_parameter_combination("Exactly one of CidrIpv4, CidrIpv6, PrefixListId or ReferencedGroupId must be specified.")
                .hint(
                    "A rule has exactly one peer: a CIDR, an IPv6 CIDR, a prefix list or a group.",
                    "규칙의 대상은 정확히 하나입니다: CIDR, IPv6 CIDR, 접두사 목록 또는 보안 그룹.",
                ));
        }
        let proto = rr.ip_protocol.as_deref().ok_or_else(|| missing("ipProtocol", "Give IpProtocol.", "IpProtocol을 주세요."))?;
        let spec = sg::spec(proto, rr.from_port, rr.to_port, peers.into_iter().next().expect("one"), rr.description.clone())?;
        updates.push((u.security_group_rule_id.clone(), spec));
    }
    let reg = w.region_mut(region)?;
    sg::modify_rules(&mut reg.network, &r.group_id, updates)?;
    Ok(ReturnResponse { ret: true })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn group_filter_names_all_answer() {
        let net = RegionNetwork::default();
        let g = SecurityGroup { id: "sg-1".into(), name: "n".into(), description: "d".into(), vpc_id: "vpc-1".into(), ingress: vec![], egress: vec![] };
        let v = GroupView { g: &g, tags: None, names: &net };
        for n in GroupView::NAMES {
            assert!(v.filter_values(n).is_some(), "{n}");
        }
        let rv = RuleView { group_id: "sg-1", rule_id: "sgr-1", tags: None };
        for n in RuleView::NAMES {
            assert!(rv.filter_values(n).is_some(), "{n}");
        }
    }
}
