//! Network ACLs: stateless, numbered allow/deny lists at the subnet boundary (aws-facts §4).
//! Entries are evaluated lowest number first and the first match wins; the `*` entry (32767)
//! denies what nothing else matched. Every subnet is associated with exactly one ACL.
use super::security_groups::Cidr6;
use super::{parse_cidr, Cidr, RegionNetwork};
use crate::error::ApiError;
use crate::sim::{IdGen, SimRng};

/// Entries per ACL and direction (VPC:amazon-vpc-limits).
pub const MAX_ENTRIES_PER_DIRECTION: usize = 20;
/// The catch-all `*` entry, as the API numbers it.
pub const STAR_RULE: u16 = 32767;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Allow,
    Deny,
}

impl Action {
    pub fn wire(self) -> &'static str {
        match self {
            Action::Allow => "allow",
            Action::Deny => "deny",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    V4(Cidr),
    V6(Cidr6),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NaclEntry {
    pub rule_number: u16,
    pub egress: bool,
    /// IANA protocol number, `-1` for all.
    pub protocol: i32,
    pub action: Action,
    pub block: Block,
    /// `(type, code)` for ICMP, `-1` = any.
    pub icmp: Option<(i32, i32)>,
    /// `(from, to)` for TCP/UDP.
    pub ports: Option<(u16, u16)>,
}

impl NaclEntry {
    /// Whether the entry covers a packet (IPv4 peer `ip`, `protocol`, `port`; for ICMP the
    /// port packs `type << 8 | code`). Protocols other than tcp/udp/icmp match on all ports.
    #[inline]
    pub fn covers(&self, ip: u32, protocol: u8, port: u16) -> bool {
        let in_block = match self.block {
            Block::V4(c) => c.contains(ip),
            Block::V6(_) => false,
        };
        if !in_block || (self.protocol != -1 && self.protocol != protocol as i32) {
            return false;
        }
        match self.protocol {
            6 | 17 => self.ports.is_some_and(|(f, t)| (f..=t).contains(&port)),
            1 => self.icmp.is_none_or(|(t, c)| (t == -1 || t == (port >> 8) as i32) && (c == -1 || c == (port & 0xff) as i32)),
            _ => true,
        }
    }

    /// A one-line rendering for hop lists: `100 ALLOW tcp 80-80 0.0.0.0/0`.
    pub fn describe(&self) -> String {
        let num = if self.rule_number == STAR_RULE { "*".to_string() } else { self.rule_number.to_string() };
        let proto = match self.protocol {
            -1 => "all".to_string(),
            6 => "tcp".into(),
            17 => "udp".into(),
            1 => "icmp".into(),
            n => n.to_string(),
        };
        let ports = match (self.protocol, self.ports, self.icmp) {
            (6 | 17, Some((f, t)), _) => format!(" {f}-{t}"),
            (1, _, Some((t, c))) => format!(" type {t} code {c}"),
            _ => String::new(),
        };
        let block = match self.block {
            Block::V4(c) => c.to_string(),
            Block::V6(c) => c.to_string(),
        };
        format!("{num} {} {proto}{ports} {block}", self.action.wire().to_uppercase())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkAcl {
    pub id: String,
    pub vpc_id: String,
    pub is_default: bool,
    /// Sorted by (egress, rule number); the `*` entries are not stored (see `entries`).
    pub entries: Vec<NaclEntry>,
    /// `(association id, subnet id)`.
    pub associations: Vec<(String, String)>,
}

const ANYWHERE: Block = Block::V4(Cidr { base: 0, len: 0 });
static STAR_IN: NaclEntry = NaclEntry { rule_number: STAR_RULE, egress: false, protocol: -1, action: Action::Deny, block: ANYWHERE, icmp: None, ports: None };
static STAR_OUT: NaclEntry = NaclEntry { rule_number: STAR_RULE, egress: true, protocol: -1, action: Action::Deny, block: ANYWHERE, icmp: None, ports: None };

impl NetworkAcl {
    /// The entries of one direction in evaluation order, ending with the `*` deny.
    pub fn entries(&self, egress: bool) -> impl Iterator<Item = &NaclEntry> {
        let star = if egress { &STAR_OUT } else { &STAR_IN };
        self.entries.iter().filter(move |e| e.egress == egress).chain(std::iter::once(star))
    }
    /// The first entry (lowest number) that covers the packet; always some (the `*` entry).
    #[inline]
    pub fn evaluate(&self, egress: bool, ip: u32, protocol: u8, port: u16) -> &NaclEntry {
        self.entries(egress).find(|e| e.covers(ip, protocol, port)).expect("the * entry covers everything")
    }
    fn sort(&mut self) {
        self.entries.sort_by_key(|e| (e.egress, e.rule_number));
    }
}

// ---------------------------------------------------------------- refusals

pub fn not_found(id: &str) -> ApiError {
    ApiError::new("InvalidNetworkAclID.NotFound", format!("The networkAcl ID '{id}' does not exist")).hint(
        "Check the network ACL id and the region; describe_network_acls() lists them.",
        "네트워크 ACL ID와 리전을 확인하세요. describe_network_acls()로 목록을 볼 수 있습니다.",
    )
}

pub fn acl<'n>(net: &'n RegionNetwork, id: &str) -> Result<&'n NetworkAcl, ApiError> {
    net.network_acls.get(id).ok_or_else(|| not_found(id))
}

/// The ACL a subnet is associated with (exactly one; `None` only for an unknown subnet).
pub fn of_subnet<'n>(net: &'n RegionNetwork, subnet_id: &str) -> Option<&'n NetworkAcl> {
    net.network_acls.values().find(|a| a.associations.iter().any(|(_, s)| s == subnet_id))
}

// ---------------------------------------------------------------- defaults

fn all_entry(rule_number: u16, egress: bool) -> NaclEntry {
    NaclEntry { rule_number, egress, protocol: -1, action: Action::Allow, block: ANYWHERE, icmp: None, ports: None }
}

/// The default ACL of a new VPC: rule 100 allows everything both ways (then `*` denies).
/// Returns its id.
pub fn create_default(net: &mut RegionNetwork, vpc_id: &str, rng: &mut SimRng) -> String {
    let id = IdGen::new_id(rng, "acl");
    let acl = NetworkAcl {
        id: id.clone(),
        vpc_id: vpc_id.into(),
        is_default: true,
        entries: vec![all_entry(100, false), all_entry(100, true)],
        associations: vec![],
    };
    net.network_acls.insert(id.clone(), acl);
    id
}

/// A new subnet is associated with its VPC's default ACL (call after inserting the subnet).
/// Does nothing if the VPC has no default ACL (cannot happen for VPCs made by CreateVpc).
pub fn associate_default(net: &mut RegionNetwork, rng: &mut SimRng, subnet_id: &str, vpc_id: &str) {
    let assoc = IdGen::new_id(rng, "aclassoc");
    if let Some(a) = net.network_acls.values_mut().find(|a| a.vpc_id == vpc_id && a.is_default) {
        a.associations.push((assoc, subnet_id.to_string()));
    }
}

/// DeleteSubnet: the subnet's association goes with it.
pub fn disassociate_subnet(net: &mut RegionNetwork, subnet_id: &str) {
    for a in net.network_acls.values_mut() {
        a.associations.retain(|(_, s)| s != subnet_id);
    }
}

/// DeleteVpc: its ACLs go with it (the caller has checked that no subnet remains).
pub fn delete_for_vpc(net: &mut RegionNetwork, vpc_id: &str) {
    net.network_acls.retain(|_, a| a.vpc_id != vpc_id);
}

/// DeleteVpc: a custom (non-default) ACL blocks deleting its VPC, as AWS does.
pub fn custom_acl_of_vpc<'n>(net: &'n RegionNetwork, vpc_id: &str) -> Option<&'n NetworkAcl> {
    net.network_acls.values().find(|a| a.vpc_id == vpc_id && !a.is_default)
}

// ---------------------------------------------------------------- operations

/// CreateNetworkAcl: a custom ACL denies everything until entries are added.
pub fn create(net: &mut RegionNetwork, rng: &mut SimRng, vpc_id: &str) -> Result<String, ApiError> {
    if !net.vpcs.contains_key(vpc_id) {
        return Err(ApiError::new("InvalidVpcID.NotFound", format!("The vpc ID '{vpc_id}' does not exist"))
            .hint("Check the VPC id and the region; describe_vpcs() lists them.", "VPC ID와 리전을 확인하세요. describe_vpcs()로 목록을 볼 수 있습니다."));
    }
    let id = IdGen::new_id(rng, "acl");
    net.network_acls.insert(id.clone(), NetworkAcl { id: id.clone(), vpc_id: vpc_id.into(), is_default: false, entries: vec![], associations: vec![] });
    Ok(id)
}

pub fn check_delete(net: &RegionNetwork, id: &str) -> Result<(), ApiError> {
    let a = acl(net, id)?;
    if a.is_default {
        return Err(ApiError::invalid_parameter_value(format!("cannot delete default network ACL {id}")).hint(
            "Each VPC keeps its default network ACL; it goes away only with the VPC. Change its entries instead.",
            "모든 VPC는 기본 네트워크 ACL을 가지며 VPC와 함께만 삭제됩니다. 대신 항목을 바꾸세요.",
        ));
    }
    if let Some((_, subnet)) = a.associations.first() {
        return Err(ApiError::new("DependencyViolation", format!("The networkAcl '{id}' has dependencies and cannot be deleted.")).hint(
            format!("Subnet {subnet} still uses this ACL. Move it to another ACL first (replace_network_acl_association)."),
            format!("서브넷 {subnet}이(가) 아직 이 ACL을 씁니다. 먼저 replace_network_acl_association으로 다른 ACL로 옮기세요."),
        ));
    }
    Ok(())
}

pub fn delete(net: &mut RegionNetwork, id: &str) -> Result<(), ApiError> {
    check_delete(net, id)?;
    net.network_acls.remove(id);
    Ok(())
}

/// What CreateNetworkAclEntry / ReplaceNetworkAclEntry ask for, before validation.
#[derive(Debug, Clone, Default)]
pub struct EntryRequest {
    pub rule_number: i64,
    pub egress: bool,
    pub protocol: String,
    pub action: String,
    pub cidr: Option<String>,
    pub ipv6_cidr: Option<String>,
    pub icmp: Option<(Option<i64>, Option<i64>)>,
    pub ports: Option<(Option<i64>, Option<i64>)>,
}

fn bad(msg: String, en: &str, ko: &str) -> ApiError {
    ApiError::invalid_parameter_value(msg).hint(en, ko)
}

/// Validates an entry request (AWS's rules for numbers, protocols, blocks, ports).
pub fn entry(r: &EntryRequest) -> Result<NaclEntry, ApiError> {
    if !(1..=32766).contains(&r.rule_number) {
        return Err(bad(
            format!("Invalid value '{}' for ruleNumber. Must be between 1 and 32766.", r.rule_number),
            "Rule numbers are 1-32766 (32767 is the * rule that denies the rest). Leave gaps (100, 110, ...) to insert rules later.",
            "규칙 번호는 1~32766입니다(32767은 나머지를 거부하는 * 규칙). 나중에 끼워 넣을 수 있게 100, 110처럼 간격을 두세요.",
        ));
    }
    let protocol = match r.protocol.trim().to_ascii_lowercase().as_str() {
        "-1" | "all" => -1,
        "tcp" => 6,
        "udp" => 17,
        "icmp" => 1,
        "icmpv6" => 58,
        n => match n.parse::<i32>() {
            Ok(n) if (0..=255).contains(&n) => n,
            _ => {
                return Err(bad(
                    format!("Invalid value '{}' for protocol. Unknown protocol.", r.protocol),
                    "Protocol is -1 (all), a protocol number 0-255 (6 tcp, 17 udp, 1 icmp) or its name.",
                    "Protocol은 -1(전체), 0~255의 프로토콜 번호(6 tcp, 17 udp, 1 icmp) 또는 그 이름입니다.",
                ))
            }
        },
    };
    let action = match r.action.to_ascii_lowercase().as_str() {
        "allow" => Action::Allow,
        "deny" => Action::Deny,
        other => {
            return Err(bad(
                format!("Invalid value '{other}' for ruleAction. Must be allow or deny."),
                "RuleAction is allow or deny.",
                "RuleAction은 allow 또는 deny입니다.",
            ))
        }
    };
    let block = match (&r.cidr, &r.ipv6_cidr) {
        (Some(c), None) => Block::V4(parse_cidr(c).filter(|_| c.contains('/')).ok_or_else(|| {
            bad(
                format!("Value ({c}) for parameter cidrBlock is invalid. This is not a valid CIDR block."),
                "Give an IPv4 CIDR block like 0.0.0.0/0.",
                "0.0.0.0/0 같은 IPv4 CIDR 블록을 주세요.",
            )
        })?),
        (None, Some(c)) => Block::V6(Cidr6::parse(c).ok_or_else(|| {
            bad(
                format!("Value ({c}) for parameter ipv6CidrBlock is invalid. This is not a valid CIDR block."),
                "Give an IPv6 CIDR block like ::/0.",
                "::/0 같은 IPv6 CIDR 블록을 주세요.",
            )
        })?),
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid_parameter_combination("Only one of cidrBlock or ipv6CidrBlock may be specified.").hint(
                "An entry covers either an IPv4 or an IPv6 block; make two entries for both.",
                "항목 하나는 IPv4 또는 IPv6 블록 하나만 다룹니다. 둘 다 필요하면 항목을 두 개 만드세요.",
            ))
        }
        (None, None) => {
            return Err(ApiError::missing_parameter("Either cidrBlock or ipv6CidrBlock must be specified.")
                .hint("Give CidrBlock (e.g. 0.0.0.0/0) or Ipv6CidrBlock.", "CidrBlock(예: 0.0.0.0/0) 또는 Ipv6CidrBlock을 주세요."))
        }
    };
    let mut ports = None;
    let mut icmp = None;
    match protocol {
        6 | 17 => {
            let (Some((Some(f), Some(t))), true) = (r.ports, true) else {
                return Err(ApiError::missing_parameter("The request must contain the parameter portRange").hint(
                    "TCP and UDP entries need PortRange={'From': 80, 'To': 80}; return traffic needs 1024-65535.",
                    "TCP와 UDP 항목에는 PortRange={'From': 80, 'To': 80}가 필요합니다. 응답 트래픽에는 1024-65535가 필요합니다.",
                ));
            };
            if !(0..=65535).contains(&f) || !(0..=65535).contains(&t) || f > t {
                return Err(bad(
                    format!("Invalid value '{f}-{t}' for portRange."),
                    "Ports are 0-65535 and From must not exceed To.",
                    "포트는 0~65535이며 From이 To보다 클 수 없습니다.",
                ));
            }
            ports = Some((f as u16, t as u16));
        }
        1 | 58 => {
            let Some((t, c)) = r.icmp else {
                return Err(ApiError::missing_parameter("The request must contain the parameter icmpTypeCode").hint(
                    "ICMP entries need IcmpTypeCode={'Type': -1, 'Code': -1} (all) or e.g. Type 8 for ping.",
                    "ICMP 항목에는 IcmpTypeCode={'Type': -1, 'Code': -1}(전체)나 ping이면 Type 8이 필요합니다.",
                ));
            };
            let (t, c) = (t.unwrap_or(-1), c.unwrap_or(-1));
            if !(-1..=255).contains(&t) || !(-1..=255).contains(&c) {
                return Err(bad(
                    format!("Invalid value '{t}/{c}' for icmpTypeCode."),
                    "ICMP type and code are 0-255, or -1 for all.",
                    "ICMP 유형과 코드는 0~255 또는 전체를 뜻하는 -1입니다.",
                ));
            }
            icmp = Some((t as i32, c as i32));
        }
        _ => {}
    }
    Ok(NaclEntry { rule_number: r.rule_number as u16, egress: r.egress, protocol, action, block, icmp, ports })
}

fn entry_not_found(id: &str, n: i64, egress: bool) -> ApiError {
    let dir = if egress { "egress" } else { "ingress" };
    ApiError::new("InvalidNetworkAclEntry.NotFound", format!("The network acl entry identified by {n} does not exist.")).hint(
        format!("ACL {id} has no {dir} entry number {n}. describe_network_acls() shows its entries; create it with create_network_acl_entry."),
        format!("ACL {id}에 {dir} 항목 {n}번이 없습니다. describe_network_acls()로 확인하고 create_network_acl_entry로 만드세요."),
    )
}

/// CreateNetworkAclEntry: a number is used once per direction; 20 entries per direction.
pub fn create_entry(net: &mut RegionNetwork, id: &str, r: &EntryRequest) -> Result<(), ApiError> {
    let a = acl(net, id)?;
    let e = entry(r)?;
    if a.entries.iter().any(|x| x.egress == e.egress && x.rule_number == e.rule_number) {
        return Err(ApiError::new("NetworkAclEntryAlreadyExists", format!("The network acl entry identified by {} already exists.", e.rule_number)).hint(
            "Rule numbers are unique per direction. Use replace_network_acl_entry to change the entry, or pick another number.",
            "규칙 번호는 방향마다 유일합니다. 항목을 바꾸려면 replace_network_acl_entry를 쓰거나 다른 번호를 고르세요.",
        ));
    }
    if a.entries.iter().filter(|x| x.egress == e.egress).count() >= MAX_ENTRIES_PER_DIRECTION {
        return Err(ApiError::new("NetworkAclEntryLimitExceeded", "The maximum number of network acl entries has been reached.").hint(
            format!("An ACL holds at most {MAX_ENTRIES_PER_DIRECTION} entries per direction. Combine entries with wider blocks or port ranges."),
            format!("ACL 하나에는 방향마다 최대 {MAX_ENTRIES_PER_DIRECTION}개 항목을 둘 수 있습니다. 더 넓은 블록이나 포트 범위로 합치세요."),
        ));
    }
    let a = net.network_acls.get_mut(id).expect("checked");
    a.entries.push(e);
    a.sort();
    Ok(())
}

/// ReplaceNetworkAclEntry: the numbered entry must exist in that direction.
pub fn replace_entry(net: &mut RegionNetwork, id: &str, r: &EntryRequest) -> Result<(), ApiError> {
    let a = acl(net, id)?;
    let e = entry(r)?;
    let pos =
        a.entries.iter().position(|x| x.egress == e.egress && x.rule_number == e.rule_number).ok_or_else(|| entry_not_found(id, r.rule_number, r.egress))?;
    net.network_acls.get_mut(id).expect("checked").entries[pos] = e;
    Ok(())
}

pub fn delete_entry(net: &mut RegionNetwork, id: &str, rule_number: i64, egress: bool) -> Result<(), ApiError> {
    let a = acl(net, id)?;
    let pos =
        a.entries.iter().position(|x| x.egress == egress && x.rule_number as i64 == rule_number).ok_or_else(|| entry_not_found(id, rule_number, egress))?;
    net.network_acls.get_mut(id).expect("checked").entries.remove(pos);
    Ok(())
}

/// ReplaceNetworkAclAssociation: moves the subnet of `association_id` to `acl_id` (same VPC);
/// returns the new association id.
pub fn replace_association(net: &mut RegionNetwork, rng: &mut SimRng, association_id: &str, acl_id: &str) -> Result<String, ApiError> {
    let target = acl(net, acl_id)?;
    let (from_id, subnet) = net
        .network_acls
        .values()
        .find_map(|a| a.associations.iter().find(|(x, _)| x == association_id).map(|(_, s)| (a.id.clone(), s.clone())))
        .ok_or_else(|| {
            ApiError::new("InvalidAssociationID.NotFound", format!("The association ID '{association_id}' does not exist")).hint(
                "Use the NetworkAclAssociationId of the subnet's current association (describe_network_acls(Filters=[{'Name': 'association.subnet-id', ...}])).",
                "서브넷의 현재 연결 ID(NetworkAclAssociationId)를 쓰세요. describe_network_acls의 association.subnet-id 필터로 찾을 수 있습니다.",
            )
        })?;
    let subnet_vpc = net.subnets.get(&subnet).map(|s| s.vpc_id.clone()).unwrap_or_default();
    if target.vpc_id != subnet_vpc {
        return Err(ApiError::invalid_parameter_value(format!("Network ACL {acl_id} and subnet {subnet} belong to different networks."))
            .hint("A subnet can only use an ACL of its own VPC.", "서브넷은 같은 VPC의 ACL만 쓸 수 있습니다."));
    }
    let new_assoc = IdGen::new_id(rng, "aclassoc");
    net.network_acls.get_mut(&from_id).expect("found").associations.retain(|(x, _)| x != association_id);
    net.network_acls.get_mut(acl_id).expect("checked").associations.push((new_assoc.clone(), subnet));
    Ok(new_assoc)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn first_match_wins_and_star_denies() {
        let mut a = NetworkAcl { id: "acl-1".into(), vpc_id: "vpc-1".into(), is_default: false, entries: vec![], associations: vec![] };
        let ip = crate::network::parse_ip("203.0.113.10").unwrap();
        assert_eq!(a.evaluate(false, ip, 6, 80).rule_number, STAR_RULE);
        let r = |n, action: &str, from, to| EntryRequest {
            rule_number: n,
            protocol: "6".into(),
            action: action.into(),
            cidr: Some("0.0.0.0/0".into()),
            ports: Some((Some(from), Some(to))),
            ..Default::default()
        };
        a.entries.push(entry(&r(200, "allow", 0, 65535)).unwrap());
        a.entries.push(entry(&r(100, "deny", 22, 22)).unwrap());
        a.sort();
        assert_eq!(a.evaluate(false, ip, 6, 22).action, Action::Deny);
        assert_eq!(a.evaluate(false, ip, 6, 80).rule_number, 200);
        assert_eq!(a.evaluate(false, ip, 17, 80).rule_number, STAR_RULE);
        assert!(entry(&r(0, "allow", 1, 2)).is_err());
        assert!(entry(&EntryRequest { rule_number: 5, protocol: "tcp".into(), action: "allow".into(), cidr: Some("0.0.0.0/0".into()), ..Default::default() })
            .is_err());
    }
}
