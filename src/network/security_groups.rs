//! Security groups: stateful allow-lists attached to network interfaces (aws-facts §4).
//! A group holds parsed rules (protocol number, port range, peer) so that the reachability
//! evaluation matches them without parsing anything; the API layer turns them back into
//! AWS's `IpPermission` / `SecurityGroupRule` shapes.
use super::{parse_cidr, Cidr, RegionNetwork};
use crate::error::ApiError;
use crate::sim::{IdGen, SimRng};
use crate::world::Region;

/// Rules per group and direction (IPv4 and IPv6 counted separately; VPC:amazon-vpc-limits).
pub const MAX_RULES_PER_DIRECTION: usize = 60;
/// Groups per network interface (VPC:amazon-vpc-limits).
pub const MAX_GROUPS_PER_ENI: usize = 5;

/// The IP protocol of a rule. `All` is AWS's `-1`; other numbers open every port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Protocol {
    All,
    Tcp,
    Udp,
    Icmp,
    Icmpv6,
    Other(u8),
}

impl Protocol {
    /// Accepts what AWS accepts: names in any case, numbers 0-255, `-1`/`all`.
    pub fn parse(s: &str) -> Option<Protocol> {
        let s = s.trim().to_ascii_lowercase();
        Some(match s.as_str() {
            "-1" | "all" => Protocol::All,
            "tcp" | "6" => Protocol::Tcp,
            "udp" | "17" => Protocol::Udp,
            "icmp" | "1" => Protocol::Icmp,
            "icmpv6" | "58" => Protocol::Icmpv6,
            n => Protocol::Other(n.parse::<u8>().ok()?),
        })
    }
    /// The IANA number (`-1` for all).
    pub fn number(self) -> i32 {
        match self {
            Protocol::All => -1,
            Protocol::Tcp => 6,
            Protocol::Udp => 17,
            Protocol::Icmp => 1,
            Protocol::Icmpv6 => 58,
            Protocol::Other(n) => n as i32,
        }
    }
    pub fn from_number(n: i32) -> Protocol {
        match n {
            6 => Protocol::Tcp,
            17 => Protocol::Udp,
            1 => Protocol::Icmp,
            58 => Protocol::Icmpv6,
            n if (0..=255).contains(&n) => Protocol::Other(n as u8),
            _ => Protocol::All,
        }
    }
    /// As security groups report it (`tcp`, `udp`, `icmp`, `icmpv6`, `-1`, or the number).
    pub fn wire(self) -> String {
        match self {
            Protocol::All => "-1".into(),
            Protocol::Tcp => "tcp".into(),
            Protocol::Udp => "udp".into(),
            Protocol::Icmp => "icmp".into(),
            Protocol::Icmpv6 => "icmpv6".into(),
            Protocol::Other(n) => n.to_string(),
        }
    }
    /// Whether FromPort/ToPort mean something (ports for tcp/udp, type/code for icmp).
    pub fn has_ports(self) -> bool {
        matches!(self, Protocol::Tcp | Protocol::Udp | Protocol::Icmp | Protocol::Icmpv6)
    }
}

/// An IPv6 block, canonical (host bits cleared).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cidr6 {
    pub base: u128,
    pub len: u8,
}

impl Cidr6 {
    pub fn parse(s: &str) -> Option<Cidr6> {
        let (ip, len) = s.split_once('/')?;
        let len: u8 = len.parse().ok().filter(|l| *l <= 128)?;
        let ip = u128::from(ip.parse::<std::net::Ipv6Addr>().ok()?);
        let mask = if len == 0 { 0 } else { u128::MAX << (128 - len) };
        Some(Cidr6 { base: ip & mask, len })
    }
}

impl std::fmt::Display for Cidr6 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", std::net::Ipv6Addr::from(self.base), self.len)
    }
}

/// Who a rule lets in (ingress) or out to (egress): exactly one kind per rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Peer {
    Ipv4(Cidr),
    Ipv6(Cidr6),
    PrefixList(String),
    /// Another group (or the same one): matches interfaces in that group, by private IP.
    Group(String),
}

impl Peer {
    pub fn describe(&self) -> String {
        match self {
            Peer::Ipv4(c) => c.to_string(),
            Peer::Ipv6(c) => c.to_string(),
            Peer::PrefixList(p) => p.clone(),
            Peer::Group(g) => g.clone(),
        }
    }
    fn is_ipv6(&self) -> bool {
        matches!(self, Peer::Ipv6(_))
    }
    fn is_ipv4(&self) -> bool {
        matches!(self, Peer::Ipv4(_))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SgRule {
    pub id: String,
    pub protocol: Protocol,
    /// Port range for tcp/udp, type/code for icmp; `-1` when the protocol has none.
    pub from_port: i32,
    pub to_port: i32,
    pub peer: Peer,
    pub description: Option<String>,
}

/// What a rule says, without its id: the identity AWS uses for duplicates and revokes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RuleSpec {
    pub protocol: Protocol,
    pub from_port: i32,
    pub to_port: i32,
    pub peer: Peer,
    pub description: Option<String>,
}

impl RuleSpec {
    fn same_rule(&self, r: &SgRule) -> bool {
        self.protocol == r.protocol && self.from_port == r.from_port && self.to_port == r.to_port && self.peer == r.peer
    }
    /// AWS's rendering in `InvalidPermission.Duplicate` (OBS: `peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW`).
    pub fn aws_text(&self) -> String {
        let peer = self.peer.describe();
        match self.protocol {
            Protocol::All => format!("peer: {peer}, ALL, ALLOW"),
            Protocol::Icmp | Protocol::Icmpv6 => {
                format!("peer: {peer}, {}, type: {}, code: {}, ALLOW", self.protocol.wire().to_uppercase(), self.from_port, self.to_port)
            }
            Protocol::Tcp | Protocol::Udp => {
                format!("peer: {peer}, {}, from port: {}, to port: {}, ALLOW", self.protocol.wire().to_uppercase(), self.from_port, self.to_port)
            }
            Protocol::Other(n) => format!("peer: {peer}, {n}, ALLOW"),
        }
    }
}

impl SgRule {
    pub fn spec(&self) -> RuleSpec {
        RuleSpec { protocol: self.protocol, from_port: self.from_port, to_port: self.to_port, peer: self.peer.clone(), description: self.description.clone() }
    }
    /// Whether the rule covers a packet of `protocol` (IANA number) to `port` (for icmp: type
    /// and code packed as `type << 8 | code`). The peer is matched by the caller.
    #[inline]
    pub fn covers(&self, protocol: u8, port: u16) -> bool {
        match self.protocol {
            Protocol::All => true,
            Protocol::Tcp | Protocol::Udp => self.protocol.number() == protocol as i32 && (self.from_port..=self.to_port).contains(&(port as i32)),
            Protocol::Icmp | Protocol::Icmpv6 => {
                let (t, c) = ((port >> 8) as i32, (port & 0xff) as i32);
                self.protocol.number() == protocol as i32 && (self.from_port == -1 || self.from_port == t) && (self.to_port == -1 || self.to_port == c)
            }
            Protocol::Other(n) => n == protocol,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub description: String,
    pub vpc_id: String,
    pub ingress: Vec<SgRule>,
    pub egress: Vec<SgRule>,
}

impl SecurityGroup {
    pub fn is_default(&self) -> bool {
        self.name == "default"
    }
    pub fn rules(&self, egress: bool) -> &[SgRule] {
        if egress {
            &self.egress
        } else {
            &self.ingress
        }
    }
    fn rules_mut(&mut self, egress: bool) -> &mut Vec<SgRule> {
        if egress {
            &mut self.egress
        } else {
            &mut self.ingress
        }
    }
}

// ---------------------------------------------------------------- refusals

pub fn not_found(id: &str) -> ApiError {
    ApiError::new("InvalidGroup.NotFound", format!("The security group '{id}' does not exist")).hint(
        "Check the group id and the region: security groups belong to one VPC in one region. describe_security_groups() lists them.",
        "보안 그룹 ID와 리전을 확인하세요. 보안 그룹은 한 리전의 한 VPC에 속합니다. describe_security_groups()로 목록을 볼 수 있습니다.",
    )
}

fn name_not_found(name: &str, vpc: &str) -> ApiError {
    ApiError::new("InvalidGroup.NotFound", format!("The security group '{name}' does not exist in default VPC '{vpc}'")).hint(
        "Group names are looked up only in the default VPC. Refer to groups of other VPCs by id (GroupId / SecurityGroupIds).",
        "보안 그룹 이름은 기본 VPC에서만 찾습니다. 다른 VPC의 보안 그룹은 ID(GroupId / SecurityGroupIds)로 지정하세요.",
    )
}

pub fn malformed(id: &str) -> ApiError {
    ApiError::new("InvalidGroupId.Malformed", format!("Invalid id: \"{id}\" (expecting \"sg-...\")")).hint(
        "Security group ids look like sg-0123456789abcdef0; a name goes in GroupName instead.",
        "보안 그룹 ID는 sg-0123456789abcdef0 형식입니다. 이름은 GroupName에 넣으세요.",
    )
}

fn check_id(id: &str) -> Result<(), ApiError> {
    if IdGen::well_formed(id, "sg") {
        Ok(())
    } else {
        Err(malformed(id))
    }
}

/// A group by id, with AWS's refusals for malformed and unknown ids.
pub fn group<'n>(net: &'n RegionNetwork, id: &str) -> Result<&'n SecurityGroup, ApiError> {
    check_id(id)?;
    net.security_groups.get(id).ok_or_else(|| not_found(id))
}

/// `GroupId` or `GroupName` (names only in the default VPC, as AWS does).
pub fn group_by_id_or_name<'n>(net: &'n RegionNetwork, id: Option<&str>, name: Option<&str>) -> Result<&'n SecurityGroup, ApiError> {
    match (id, name) {
        (Some(id), _) => group(net, id),
        (None, Some(name)) => {
            let vpc = net.default_vpc().map(|v| v.id.clone()).unwrap_or_default();
            net.security_groups.values().find(|g| g.vpc_id == vpc && g.name == name).ok_or_else(|| name_not_found(name, &vpc))
        }
        (None, None) => Err(ApiError::missing_parameter("The request must contain the parameter groupName or groupId").hint(
            "Name the group by GroupId (or by GroupName for a group of the default VPC).",
            "GroupId(기본 VPC의 그룹이면 GroupName)로 그룹을 지정하세요.",
        )),
    }
}

// ---------------------------------------------------------------- default and launch

fn all_traffic(id: String, peer: Peer) -> SgRule {
    SgRule { id, protocol: Protocol::All, from_port: -1, to_port: -1, peer, description: None }
}

/// The default group of a new VPC: inbound all from itself, outbound all (VPC:default-security-group).
/// Returns its id; the caller stores it as the VPC's `default_security_group`.
pub fn create_default(net: &mut RegionNetwork, vpc_id: &str, rng: &mut SimRng) -> String {
    let id = IdGen::new_id(rng, "sg");
    insert_default(net, vpc_id, id, rng)
}

/// Like `create_default` with an id drawn by the caller (the default VPC keeps its historic ids);
/// the rule ids come from `rng`.
pub fn insert_default(net: &mut RegionNetwork, vpc_id: &str, id: String, rng: &mut SimRng) -> String {
    let ingress = vec![all_traffic(IdGen::new_id(rng, "sgr"), Peer::Group(id.clone()))];
    let egress = vec![all_traffic(IdGen::new_id(rng, "sgr"), Peer::Ipv4(parse_cidr("0.0.0.0/0").expect("static")))];
    let g = SecurityGroup { id: id.clone(), name: "default".into(), description: "default VPC security group".into(), vpc_id: vpc_id.into(), ingress, egress };
    net.security_groups.insert(id.clone(), g);
    id
}

/// RunInstances / CreateNetworkInterface: the groups an interface in `subnet_id` gets, as
/// `(id, name)`. Ids must exist and be in the subnet's VPC; names are looked up only in the
/// default VPC (and refused with a subnet of another VPC); none means the VPC's default
/// group; at most 5 (VPC:amazon-vpc-limits). Checks only, changes nothing.
pub fn resolve_for_launch(net: &RegionNetwork, subnet_id: &str, ids: &[String], names: &[String]) -> Result<Vec<(String, String)>, ApiError> {
    let subnet = net.subnet(subnet_id)?;
    let vpc = net.vpcs.get(&subnet.vpc_id).ok_or_else(|| not_found(&subnet.vpc_id))?;
    let mut groups: Vec<(String, String)> = Vec::new();
    for id in ids {
        let g = group(net, id)?;
        if g.vpc_id != vpc.id {
            return Err(ApiError::new("InvalidParameter", format!("Security group {id} and subnet {subnet_id} belong to different networks.")).hint(
                format!("Group {id} is in {} but the subnet is in {}: an interface can only use groups of its own VPC.", g.vpc_id, vpc.id),
                format!("보안 그룹 {id}은(는) {}에, 서브넷은 {}에 있습니다. 네트워크 인터페이스는 같은 VPC의 보안 그룹만 쓸 수 있습니다.", g.vpc_id, vpc.id),
            ));
        }
        groups.push((g.id.clone(), g.name.clone()));
    }
    if !names.is_empty() && !vpc.is_default {
        return Err(ApiError::invalid_parameter_combination("The parameter groupName cannot be used with the parameter subnet").hint(
            "In a VPC of your own, name security groups by id (SecurityGroupIds); names work only in the default VPC.",
            "직접 만든 VPC에서는 보안 그룹을 ID(SecurityGroupIds)로 지정하세요. 이름은 기본 VPC에서만 쓸 수 있습니다.",
        ));
    }
    for name in names {
        let g = net.security_groups.values().find(|g| g.vpc_id == vpc.id && &g.name == name).ok_or_else(|| name_not_found(name, &vpc.id))?;
        groups.push((g.id.clone(), g.name.clone()));
    }
    if groups.is_empty() {
        let d = net.security_groups.get(&vpc.default_security_group).ok_or_else(|| not_found(&vpc.default_security_group))?;
        groups.push((d.id.clone(), d.name.clone()));
    }
    let mut seen = std::collections::BTreeSet::new();
    groups.retain(|g| seen.insert(g.0.clone()));
    check_group_count(groups.len())?;
    Ok(groups)
}

pub fn check_group_count(n: usize) -> Result<(), ApiError> {
    if n > MAX_GROUPS_PER_ENI {
        return Err(ApiError::new("SecurityGroupsPerInterfaceLimitExceeded", "The maximum number of security groups per interface has been reached.").hint(
            "A network interface can have at most 5 security groups. Merge rules into fewer groups.",
            "네트워크 인터페이스 하나에는 보안 그룹을 최대 5개까지 붙일 수 있습니다. 규칙을 더 적은 그룹으로 합치세요.",
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------- create / delete

/// CreateSecurityGroup: name and description rules, unique name per VPC (case-insensitive).
/// A new group has no inbound rules and one outbound rule allowing everything.
pub fn create(net: &mut RegionNetwork, rng: &mut SimRng, name: &str, description: &str, vpc_id: Option<&str>) -> Result<String, ApiError> {
    let vpc_id = match vpc_id {
        Some(v) => net
            .vpcs
            .get(v)
            .ok_or_else(|| {
                ApiError::new("InvalidVpcID.NotFound", format!("The vpc ID '{v}' does not exist")).hint(
                    "Check the VPC id and the region; describe_vpcs() lists them.",
                    "VPC ID와 리전을 확인하세요. describe_vpcs()로 목록을 볼 수 있습니다.",
                )
            })?
            .id
            .clone(),
        None => net
            .default_vpc()
            .ok_or_else(|| {
                ApiError::new("VPCIdNotSpecified", "No default VPC for this user")
                    .hint("There is no default VPC in this region: pass VpcId.", "이 리전에는 기본 VPC가 없습니다. VpcId를 지정하세요.")
            })?
            .id
            .clone(),
    };
    check_text("GroupName", name)?;
    check_text("GroupDescription", description)?;
    if name.to_ascii_lowercase().starts_with("sg-") {
        return Err(ApiError::invalid_parameter_value("Group names may not be in the format sg-*.").hint(
            "A name starting with sg- would look like a group id. Choose another name, e.g. web-sg.",
            "sg-로 시작하는 이름은 보안 그룹 ID처럼 보여 쓸 수 없습니다. web-sg 같은 다른 이름을 쓰세요.",
        ));
    }
    if name.eq_ignore_ascii_case("default") || net.security_groups.values().any(|g| g.vpc_id == vpc_id && g.name.eq_ignore_ascii_case(name)) {
        return Err(ApiError::new("InvalidGroup.Duplicate", format!("The security group '{name}' already exists for VPC '{vpc_id}'")).hint(
            "Group names are unique within a VPC (ignoring case). Use the existing group or pick another name.",
            "보안 그룹 이름은 VPC 안에서 (대소문자 구분 없이) 유일해야 합니다. 기존 그룹을 쓰거나 다른 이름을 고르세요.",
        ));
    }
    let id = IdGen::new_id(rng, "sg");
    let egress = vec![all_traffic(IdGen::new_id(rng, "sgr"), Peer::Ipv4(parse_cidr("0.0.0.0/0").expect("static")))];
    net.security_groups
        .insert(id.clone(), SecurityGroup { id: id.clone(), name: name.into(), description: description.into(), vpc_id, ingress: vec![], egress });
    Ok(id)
}

/// Names and descriptions: 1-255 characters of a-z A-Z 0-9 spaces and `._-:/()#,@[]+=&;{}!$*` (BC:ec2/CreateSecurityGroup).
fn check_text(what: &str, s: &str) -> Result<(), ApiError> {
    const EXTRA: &str = " ._-:/()#,@[]+=&;{}!$*";
    if s.is_empty() || s.chars().count() > 255 || !s.chars().all(|c| c.is_ascii_alphanumeric() || EXTRA.contains(c)) {
        return Err(ApiError::invalid_parameter_value(format!(
            "Value ({s}) for parameter {what} is invalid. Character sets beyond ASCII are not supported or the length is not between 1 and 255."
        ))
        .hint(
            "Group names and descriptions: 1-255 characters of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*.",
            "보안 그룹 이름과 설명은 1~255자의 영문, 숫자, 공백, ._-:/()#,@[]+=&;{}!$* 만 쓸 수 있습니다.",
        ));
    }
    Ok(())
}

fn dependency(id: &str, en: String, ko: String) -> ApiError {
    ApiError::new("DependencyViolation", format!("resource {id} has a dependent object")).hint(en, ko)
}

/// The interfaces (by id) that use the group (of instances, running or stopped, or free).
pub fn users(net: &RegionNetwork, id: &str) -> Vec<String> {
    net.enis.values().filter(|e| e.groups.iter().any(|g| g == id)).map(|e| e.id.clone()).collect()
}

/// DeleteSecurityGroup: the default group never; a group in use or referenced by another
/// group's rule: `DependencyViolation`.
pub fn check_delete(region: &Region, id: &str) -> Result<(), ApiError> {
    let g = group(&region.network, id)?;
    if g.is_default() {
        return Err(ApiError::new("CannotDelete", format!("the specified group: \"{id}\" name: \"default\" cannot be deleted by a user")).hint(
            "Every VPC keeps its default security group; it goes away only with the VPC. Remove its rules instead if you do not want them.",
            "모든 VPC는 기본 보안 그룹을 가지며 VPC와 함께만 삭제됩니다. 규칙이 필요 없다면 규칙을 지우세요.",
        ));
    }
    if let Some(eni) = users(&region.network, id).first() {
        return Err(dependency(
            id,
            format!("Network interface {eni} still uses this group. Move the instance to other groups (modify_instance_attribute(Groups=[...])) or terminate it first."),
            format!("네트워크 인터페이스 {eni}이(가) 아직 이 그룹을 씁니다. 먼저 인스턴스의 보안 그룹을 바꾸거나(modify_instance_attribute(Groups=[...])) 인스턴스를 종료하세요."),
        ));
    }
    let peer = Peer::Group(id.to_string());
    if let Some(other) = region.network.security_groups.values().find(|o| o.id != id && o.ingress.iter().chain(o.egress.iter()).any(|r| r.peer == peer)) {
        return Err(dependency(
            id,
            format!("A rule of group {} ({}) refers to this group. Revoke that rule first.", other.id, other.name),
            format!("보안 그룹 {} ({})의 규칙이 이 그룹을 참조합니다. 먼저 그 규칙을 삭제하세요.", other.id, other.name),
        ));
    }
    Ok(())
}

pub fn delete(region: &mut Region, id: &str) -> Result<(), ApiError> {
    check_delete(region, id)?;
    region.network.security_groups.remove(id);
    region.tags.delete(id, &[]);
    Ok(())
}

// ---------------------------------------------------------------- rules

/// The request's permissions, expanded into one spec per peer (what AWS stores as rules).
/// `group` is the group being changed: source groups must be in its VPC.
pub fn check_specs(net: &RegionNetwork, group: &SecurityGroup, specs: &[RuleSpec]) -> Result<(), ApiError> {
    for s in specs {
        if let Peer::Group(g) = &s.peer {
            let other = self::group(net, g)?;
            if other.vpc_id != group.vpc_id {
                return Err(ApiError::new(
                    "InvalidGroup.NotFound",
                    format!(
                        "You have specified two resources that belong to different networks. The security group '{g}' does not exist in VPC '{}'",
                        group.vpc_id
                    ),
                )
                .hint(
                    "A rule can refer only to groups of the same VPC (or a peered VPC, which ec2lab does not model).",
                    "규칙은 같은 VPC의 보안 그룹만 참조할 수 있습니다(피어링된 VPC는 ec2lab이 다루지 않습니다).",
                ));
            }
        }
        if let Some(d) = &s.description {
            if d.chars().count() > 255 {
                return Err(ApiError::invalid_parameter_value("Description is too long; the maximum length is 255 characters.")
                    .hint("A rule description is at most 255 characters.", "규칙 설명은 최대 255자입니다."));
            }
        }
    }
    Ok(())
}

/// AuthorizeSecurityGroupIngress/Egress: adds every spec or none. Returns the new rules.
pub fn authorize(net: &mut RegionNetwork, rng: &mut SimRng, group_id: &str, egress: bool, specs: Vec<RuleSpec>) -> Result<Vec<SgRule>, ApiError> {
    let g = group(net, group_id)?;
    if specs.is_empty() {
        return Err(ApiError::missing_parameter("No inbound rule specified").hint(
            "Give IpPermissions, e.g. [{'IpProtocol': 'tcp', 'FromPort': 22, 'ToPort': 22, 'IpRanges': [{'CidrIp': '203.0.113.10/32'}]}].",
            "IpPermissions를 주세요. 예: [{'IpProtocol': 'tcp', 'FromPort': 22, 'ToPort': 22, 'IpRanges': [{'CidrIp': '203.0.113.10/32'}]}].",
        ));
    }
    check_specs(net, g, &specs)?;
    let existing = g.rules(egress);
    for (i, s) in specs.iter().enumerate() {
        if existing.iter().any(|r| s.same_rule(r))
            || specs[..i].iter().any(|o| o.protocol == s.protocol && o.from_port == s.from_port && o.to_port == s.to_port && o.peer == s.peer)
        {
            return Err(ApiError::new("InvalidPermission.Duplicate", format!("the specified rule \"{}\" already exists", s.aws_text())).hint(
                "This group already has that rule (descriptions do not make rules different). Nothing to add; describe_security_group_rules() shows the rules.",
                "이 그룹에 이미 같은 규칙이 있습니다(설명이 달라도 같은 규칙입니다). describe_security_group_rules()로 규칙을 확인하세요.",
            ));
        }
    }
    let v4 = existing.iter().filter(|r| !r.peer.is_ipv6()).count() + specs.iter().filter(|s| !s.peer.is_ipv6()).count();
    let v6 = existing.iter().filter(|r| !r.peer.is_ipv4()).count() + specs.iter().filter(|s| !s.peer.is_ipv4()).count();
    if v4.max(v6) > MAX_RULES_PER_DIRECTION {
        let dir = if egress { "outbound" } else { "inbound" };
        return Err(ApiError::new("RulesPerSecurityGroupLimitExceeded", "The maximum number of rules per security group has been reached.").hint(
            format!("A group holds at most {MAX_RULES_PER_DIRECTION} {dir} rules (IPv4 and IPv6 counted separately). Use wider CIDRs, a prefix list, or a second group."),
            format!("보안 그룹 하나에는 {dir} 규칙을 최대 {MAX_RULES_PER_DIRECTION}개까지 둘 수 있습니다(IPv4와 IPv6 따로). 더 넓은 CIDR이나 접두사 목록, 또는 두 번째 그룹을 쓰세요."),
        ));
    }
    let added: Vec<SgRule> = specs
        .into_iter()
        .map(|s| SgRule {
            id: IdGen::new_id(rng, "sgr"),
            protocol: s.protocol,
            from_port: s.from_port,
            to_port: s.to_port,
            peer: s.peer,
            description: s.description,
        })
        .collect();
    let g = net.security_groups.get_mut(group_id).expect("checked");
    g.rules_mut(egress).extend(added.iter().cloned());
    Ok(added)
}

/// What a revoke asked for: permissions (matched ignoring descriptions) or rule ids.
pub enum RevokeWhat {
    Specs(Vec<RuleSpec>),
    RuleIds(Vec<String>),
}

/// RevokeSecurityGroupIngress/Egress. Returns (revoked rules, unknown specs). A spec that
/// matches nothing is `InvalidPermission.NotFound` in a non-default VPC and reported back
/// (no error) in the default VPC (BC:ec2/RevokeSecurityGroupIngress).
pub fn revoke(net: &mut RegionNetwork, group_id: &str, egress: bool, what: RevokeWhat) -> Result<(Vec<SgRule>, Vec<RuleSpec>), ApiError> {
    let g = group(net, group_id)?;
    let in_default_vpc = net.vpcs.get(&g.vpc_id).is_some_and(|v| v.is_default);
    let rules = g.rules(egress);
    let mut remove: Vec<String> = Vec::new();
    let mut unknown = Vec::new();
    match &what {
        RevokeWhat::RuleIds(ids) => {
            if ids.is_empty() {
                return Err(ApiError::missing_parameter("The request must contain the parameter SecurityGroupRuleIds")
                    .hint("Name the rules to revoke by id (sgr-...).", "삭제할 규칙을 ID(sgr-...)로 지정하세요."));
            }
            for id in ids {
                if !rules.iter().any(|r| &r.id == id) {
                    return Err(ApiError::new("InvalidSecurityGroupRuleId.NotFound", format!("The security group rule ID '{id}' does not exist")).hint(
                        format!("Group {group_id} has no {} rule {id}. describe_security_group_rules(Filters=[{{'Name': 'group-id', 'Values': ['{group_id}']}}]) lists them.", if egress { "outbound" } else { "inbound" }),
                        format!("보안 그룹 {group_id}에 {id} 규칙이 없습니다. describe_security_group_rules로 규칙 목록을 확인하세요."),
                    ));
                }
                remove.push(id.clone());
            }
        }
        RevokeWhat::Specs(specs) => {
            if specs.is_empty() {
                return Err(ApiError::missing_parameter("No inbound rule specified").hint(
                    "Give IpPermissions or SecurityGroupRuleIds to say which rules to revoke.",
                    "IpPermissions 또는 SecurityGroupRuleIds로 삭제할 규칙을 지정하세요.",
                ));
            }
            for s in specs {
                match rules.iter().find(|r| s.same_rule(r)) {
                    Some(r) => remove.push(r.id.clone()),
                    None if in_default_vpc => unknown.push(s.clone()),
                    None => {
                        return Err(ApiError::new("InvalidPermission.NotFound", "The specified rule does not exist in this security group.").hint(
                            format!("Group {group_id} has no rule \"{}\". Protocol, ports and peer must match exactly; describe_security_group_rules() shows the rules, or revoke by SecurityGroupRuleIds.", s.aws_text()),
                            format!("보안 그룹 {group_id}에 \"{}\" 규칙이 없습니다. 프로토콜, 포트, 대상이 정확히 같아야 합니다. describe_security_group_rules()로 확인하거나 SecurityGroupRuleIds로 삭제하세요.", s.aws_text()),
                        ))
                    }
                }
            }
        }
    }
    let g = net.security_groups.get_mut(group_id).expect("checked");
    let list = g.rules_mut(egress);
    let revoked: Vec<SgRule> = list.iter().filter(|r| remove.contains(&r.id)).cloned().collect();
    list.retain(|r| !remove.contains(&r.id));
    Ok((revoked, unknown))
}

/// ModifySecurityGroupRules: replaces rules in place (same id), all or nothing.
pub fn modify_rules(net: &mut RegionNetwork, group_id: &str, updates: Vec<(String, RuleSpec)>) -> Result<(), ApiError> {
    let g = group(net, group_id)?;
    let specs: Vec<RuleSpec> = updates.iter().map(|u| u.1.clone()).collect();
    check_specs(net, g, &specs)?;
    let mut after = g.clone();
    for (rule_id, spec) in &updates {
        let rule = after.ingress.iter_mut().chain(after.egress.iter_mut()).find(|r| &r.id == rule_id).ok_or_else(|| {
            ApiError::new("InvalidSecurityGroupRuleId.NotFound", format!("The security group rule ID '{rule_id}' does not exist"))
                .hint(format!("Group {group_id} has no rule {rule_id}."), format!("보안 그룹 {group_id}에 {rule_id} 규칙이 없습니다."))
        })?;
        rule.protocol = spec.protocol;
        rule.from_port = spec.from_port;
        rule.to_port = spec.to_port;
        rule.peer = spec.peer.clone();
        rule.description = spec.description.clone();
    }
    for list in [&after.ingress, &after.egress] {
        for (i, r) in list.iter().enumerate() {
            if list[..i].iter().any(|o| r.spec().same_rule(o)) {
                return Err(ApiError::new("InvalidPermission.Duplicate", format!("the specified rule \"{}\" already exists", r.spec().aws_text()))
                    .hint("After the change two rules of the group would be the same.", "변경하면 그룹의 두 규칙이 같아집니다."));
            }
        }
    }
    net.security_groups.insert(group_id.to_string(), after);
    Ok(())
}

/// Builds a spec from AWS's permission fields, with AWS's validation of protocol and ports.
pub fn spec(protocol: &str, from: Option<i64>, to: Option<i64>, peer: Peer, description: Option<String>) -> Result<RuleSpec, ApiError> {
    let p = Protocol::parse(protocol).ok_or_else(|| {
        ApiError::invalid_parameter_value(format!("Invalid value '{protocol}' for IP protocol. Unknown protocol.")).hint(
            "IpProtocol is tcp, udp, icmp, icmpv6, -1 (all traffic) or a protocol number 0-255.",
            "IpProtocol은 tcp, udp, icmp, icmpv6, -1(모든 트래픽) 또는 0~255의 프로토콜 번호입니다.",
        )
    })?;
    if matches!(p, Protocol::Icmpv6) && matches!(peer, Peer::Ipv4(_)) {
        return Err(ApiError::invalid_parameter_value("Invalid value 'icmpv6' for IP protocol with an IPv4 source. ICMPv6 rules need an IPv6 range.")
            .hint("ICMPv6 goes with Ipv6Ranges; for IPv4 use icmp.", "ICMPv6는 Ipv6Ranges와 함께 씁니다. IPv4에는 icmp를 쓰세요."));
    }
    let (from_port, to_port) = match p {
        Protocol::Tcp | Protocol::Udp => {
            let (Some(f), Some(t)) = (from, to) else {
                return Err(ApiError::invalid_parameter_value("Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.").hint(
                    "TCP and UDP rules need FromPort and ToPort (the same number for one port, e.g. 22 and 22).",
                    "TCP와 UDP 규칙에는 FromPort와 ToPort가 필요합니다(포트 하나면 둘 다 같은 값, 예: 22와 22).",
                ));
            };
            if !(0..=65535).contains(&f) || !(0..=65535).contains(&t) || f > t {
                return Err(ApiError::invalid_parameter_value(format!("Invalid value 'Invalid port range {f}-{t}.' for portRange."))
                    .hint("Ports are 0-65535 and FromPort must not be greater than ToPort.", "포트는 0~65535이며 FromPort가 ToPort보다 클 수 없습니다."));
            }
            (f as i32, t as i32)
        }
        Protocol::Icmp | Protocol::Icmpv6 => {
            let f = from.unwrap_or(-1);
            let t = to.unwrap_or(-1);
            if !(-1..=255).contains(&f) || !(-1..=255).contains(&t) {
                return Err(ApiError::invalid_parameter_value(format!("Invalid value '{f}' for ICMP type / '{t}' for ICMP code.")).hint(
                    "For ICMP, FromPort is the type and ToPort the code (0-255, -1 for all); e.g. 8 and -1 for ping.",
                    "ICMP에서는 FromPort가 유형, ToPort가 코드입니다(0~255, -1은 전체). ping은 8과 -1입니다.",
                ));
            }
            (f as i32, t as i32)
        }
        // All traffic, or a protocol without ports: every port is open whatever was given.
        Protocol::All | Protocol::Other(_) => (-1, -1),
    };
    Ok(RuleSpec { protocol: p, from_port, to_port, peer, description })
}

pub fn parse_peer_v4(cidr: &str) -> Result<Peer, ApiError> {
    cidr.contains('/').then(|| parse_cidr(cidr)).flatten().map(Peer::Ipv4).ok_or_else(|| {
        ApiError::invalid_parameter_value(format!("CIDR block {cidr} is malformed")).hint(
            "Give an IPv4 CIDR block like 203.0.113.10/32 (one address) or 0.0.0.0/0 (anywhere).",
            "203.0.113.10/32(주소 하나)나 0.0.0.0/0(모든 곳) 같은 IPv4 CIDR 블록을 주세요.",
        )
    })
}

pub fn parse_peer_v6(cidr: &str) -> Result<Peer, ApiError> {
    Cidr6::parse(cidr).map(Peer::Ipv6).ok_or_else(|| {
        ApiError::invalid_parameter_value(format!("CIDR block {cidr} is malformed"))
            .hint("Give an IPv6 CIDR block like 2001:db8::/32 or ::/0.", "2001:db8::/32나 ::/0 같은 IPv6 CIDR 블록을 주세요.")
    })
}

pub fn parse_prefix_list(id: &str) -> Result<Peer, ApiError> {
    if IdGen::well_formed(id, "pl") {
        Ok(Peer::PrefixList(id.to_string()))
    } else {
        Err(ApiError::new("InvalidPrefixListId.Malformed", format!("The prefix list ID '{id}' is malformed"))
            .hint("Prefix list ids look like pl-63a5400a.", "접두사 목록 ID는 pl-63a5400a 형식입니다."))
    }
}

/// ModifyInstanceAttribute(Groups=[...]) and ModifyNetworkInterfaceAttribute: the new group
/// set of an interface in `vpc_id` (ids only, at least one, same VPC, at most 5).
pub fn resolve_replacement(net: &RegionNetwork, vpc_id: &str, ids: &[String]) -> Result<Vec<(String, String)>, ApiError> {
    if ids.is_empty() {
        return Err(ApiError::missing_parameter("The request must contain the parameter groupId").hint(
            "Give at least one security group id: an interface always has at least one group.",
            "보안 그룹 ID를 하나 이상 주세요. 네트워크 인터페이스에는 항상 보안 그룹이 하나 이상 있어야 합니다.",
        ));
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for id in ids {
        let g = group(net, id)?;
        if g.vpc_id != vpc_id {
            return Err(ApiError::new("InvalidGroup.NotFound", format!("The security group '{id}' does not exist in VPC '{vpc_id}'"))
                .hint("An interface can only use groups of its own VPC.", "네트워크 인터페이스는 같은 VPC의 보안 그룹만 쓸 수 있습니다."));
        }
        if !out.iter().any(|o| &o.0 == id) {
            out.push((g.id.clone(), g.name.clone()));
        }
    }
    check_group_count(out.len())?;
    Ok(out)
}

/// ModifyInstanceAttribute(Groups=[...]): replaces the groups of the instance's primary ENI.
pub fn set_instance_groups(region: &mut Region, instance_id: &str, ids: &[String]) -> Result<(), ApiError> {
    let inst = crate::compute::instance_in(region, instance_id)?;
    let eni_id = inst.network.as_ref().map(|n| n.eni_id.clone()).filter(|e| region.network.enis.contains_key(e)).ok_or_else(|| {
        ApiError::new("IncorrectInstanceState", format!("The instance '{instance_id}' is not in a state from which its security groups can be changed."))
            .hint("A terminated instance has no network interface left to change.", "종료된 인스턴스에는 바꿀 네트워크 인터페이스가 없습니다.")
    })?;
    let vpc = region.network.enis[&eni_id].vpc_id.clone();
    let groups = resolve_replacement(&region.network, &vpc, ids)?;
    region.network.enis.get_mut(&eni_id).expect("checked").groups = groups.into_iter().map(|g| g.0).collect();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn protocols_and_ports() {
        assert_eq!(Protocol::parse("TCP"), Some(Protocol::Tcp));
        assert_eq!(Protocol::parse("6"), Some(Protocol::Tcp));
        assert_eq!(Protocol::parse("all"), Some(Protocol::All));
        assert_eq!(Protocol::parse("50"), Some(Protocol::Other(50)));
        assert_eq!(Protocol::parse("256"), None);
        let s = spec("tcp", Some(80), Some(80), parse_peer_v4("0.0.0.0/0").unwrap(), None).unwrap();
        assert_eq!(s.aws_text(), "peer: 0.0.0.0/0, TCP, from port: 80, to port: 80, ALLOW");
        assert!(spec("tcp", Some(80), None, Peer::Group("sg-1".into()), None).is_err());
        assert!(spec("udp", Some(90), Some(80), Peer::Group("sg-1".into()), None).is_err());
        let all = spec("-1", Some(22), Some(22), Peer::Group("sg-1".into()), None).unwrap();
        assert_eq!((all.from_port, all.to_port), (-1, -1));
        let r = SgRule { id: "sgr-1".into(), protocol: Protocol::Icmp, from_port: 8, to_port: -1, peer: Peer::Group("sg-1".into()), description: None };
        assert!(r.covers(1, 8 << 8));
        assert!(!r.covers(1, 0));
        assert!(!r.covers(6, 8 << 8));
        assert_eq!(Cidr6::parse("2001:db8::1/32").unwrap().to_string(), "2001:db8::/32");
    }
}
