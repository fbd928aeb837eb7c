//! Elastic network interfaces: the thing that really holds addresses and security groups.
//! Every instance has a primary ENI (device index 0) that lives and dies with it; more can be
//! created, attached within the same AZ, and detached.
use crate::sim::Millis;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivateIp {
    pub address: u32,
    pub primary: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EniAttachment {
    /// `eni-attach-…`
    pub attachment_id: String,
    pub instance_id: String,
    /// 0 is the primary interface (eth0), which cannot be detached.
    pub device_index: u32,
    pub attach_time: Millis,
    pub delete_on_termination: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkInterface {
    pub id: String,
    pub subnet_id: String,
    pub vpc_id: String,
    pub az: String,
    pub description: String,
    pub mac: String,
    /// The primary private address first, then secondary ones in assignment order.
    pub private_ips: Vec<PrivateIp>,
    /// Security group ids, in the order given.
    pub groups: Vec<String>,
    pub source_dest_check: bool,
    pub attachment: Option<EniAttachment>,
    /// `interface` for ordinary ENIs, `nat_gateway` for a NAT gateway's.
    pub interface_type: String,
    /// Managed by an AWS service (a NAT gateway's ENI): it cannot be detached or deleted by hand.
    pub requester_managed: bool,
    /// The auto-assigned public IPv4 from Amazon's pool, mapped to the primary private address.
    pub auto_public_ip: Option<u32>,
    /// Whether this eth0 was launched with a public IPv4 (subnet MapPublicIpOnLaunch or
    /// AssociatePublicIpAddress): a new one is assigned on each start while nothing overrides it.
    pub wants_public_ip: bool,
}

impl NetworkInterface {
    pub fn primary_ip(&self) -> u32 {
        self.private_ips.first().map(|p| p.address).unwrap_or_default()
    }
    /// `in-use` when attached, `available` otherwise (BC:ec2/NetworkInterfaceStatus).
    pub fn status(&self) -> &'static str {
        if self.attachment.is_some() {
            "in-use"
        } else {
            "available"
        }
    }
    pub fn instance_id(&self) -> Option<&str> {
        self.attachment.as_ref().map(|a| a.instance_id.as_str())
    }
}

use super::errors::{bad_ip, eni_not_found};
use super::{insufficient_addresses, parse_ip, security_groups, RegionNetwork};
use crate::compute::InstanceState;
use crate::error::ApiError;
use crate::sim::{IdGen, SimRng};
use crate::world::Region;

/// Private IPv4 addresses per ENI when it is not attached (the largest types allow 50).
pub const MAX_IPS_UNATTACHED: usize = 50;

pub fn eni<'n>(net: &'n RegionNetwork, id: &str) -> Result<&'n NetworkInterface, ApiError> {
    net.enis.get(id).ok_or_else(|| eni_not_found(id))
}

/// A MAC address drawn from the id stream (`0e:` + five random bytes, as EC2 shows them).
pub fn new_mac(rng: &mut SimRng) -> String {
    let b = rng.id_bits();
    format!("0e:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", (b >> 8) as u8, (b >> 16) as u8, (b >> 24) as u8, (b >> 32) as u8, (b >> 40) as u8)
}

/// Checks one requested private address of a subnet: a valid IPv4, inside, not reserved, free.
pub fn check_requested_ip(net: &RegionNetwork, subnet_id: &str, raw: &str, param: &str) -> Result<u32, ApiError> {
    let s = net.subnet(subnet_id)?;
    let ip = parse_ip(raw).ok_or_else(|| bad_ip(param, raw))?;
    if !s.cidr.contains(ip) || s.is_reserved(ip) {
        return Err(ApiError::invalid_parameter_value(format!("Address {raw} does not fall within the subnet's address range")).hint(
            format!("Subnet {} is {}; its first four addresses and its last one are reserved by AWS.", s.id, s.cidr),
            format!("서브넷 {}의 범위는 {}이며, 처음 4개와 마지막 주소는 AWS가 예약합니다.", s.id, s.cidr),
        ));
    }
    if s.used.contains(&ip) {
        return Err(in_use(raw));
    }
    Ok(ip)
}

pub fn in_use(raw: &str) -> ApiError {
    ApiError::new("InvalidIPAddress.InUse", format!("Address {raw} is in use.")).hint(
        "Another network interface (of a running or stopped instance, a NAT gateway, or a free ENI) holds this private address. Pick a free one or leave it out.",
        "다른 네트워크 인터페이스(실행 중이거나 중지된 인스턴스, NAT 게이트웨이, 분리된 ENI)가 이 주소를 쓰고 있습니다. 다른 주소를 고르거나 빼세요.",
    )
}

/// What a new ENI asks for (CreateNetworkInterface, RunInstances' NetworkInterfaces, NAT gateways).
#[derive(Debug, Clone, Default)]
pub struct NewEni {
    pub subnet_id: String,
    pub description: String,
    /// The primary private address, if chosen.
    pub private_ip: Option<String>,
    /// Chosen secondary addresses.
    pub secondary_ips: Vec<String>,
    /// How many more secondary addresses to pick.
    pub secondary_count: u32,
    pub group_ids: Vec<String>,
    pub group_names: Vec<String>,
    pub interface_type: String,
    pub requester_managed: bool,
}

/// The checked plan of a new ENI: its addresses (chosen ones parsed) and groups.
#[derive(Debug, Clone)]
pub struct EniPlan {
    pub primary: Option<u32>,
    pub secondary: Vec<u32>,
    pub auto_count: u32,
    pub groups: Vec<String>,
}

impl EniPlan {
    pub fn address_count(&self) -> u32 {
        1 + self.secondary.len() as u32 + self.auto_count
    }
}

/// Checks a new ENI against the subnet; `extra_taken` holds addresses other ENIs of the same
/// request already chose. Changes nothing.
pub fn check_new(net: &RegionNetwork, spec: &NewEni, extra_taken: &[u32]) -> Result<EniPlan, ApiError> {
    let subnet = net.subnet(&spec.subnet_id)?;
    let mut chosen: Vec<u32> = Vec::new();
    let check = |raw: &str, param: &str, chosen: &mut Vec<u32>| -> Result<u32, ApiError> {
        let ip = check_requested_ip(net, &spec.subnet_id, raw, param)?;
        if chosen.contains(&ip) || extra_taken.contains(&ip) {
            return Err(in_use(raw));
        }
        chosen.push(ip);
        Ok(ip)
    };
    let primary = spec.private_ip.as_deref().map(|raw| check(raw, "PrivateIpAddress", &mut chosen)).transpose()?;
    let secondary = spec.secondary_ips.iter().map(|raw| check(raw, "PrivateIpAddresses", &mut chosen)).collect::<Result<Vec<_>, _>>()?;
    let plan = EniPlan { primary, secondary, auto_count: spec.secondary_count, groups: vec![] };
    if plan.address_count() as usize > MAX_IPS_UNATTACHED {
        return Err(ip_limit());
    }
    let needed_free = plan.address_count() - chosen.len() as u32;
    if subnet.available_ip_count().saturating_sub(chosen.len() as u32 + extra_taken.len() as u32) < needed_free {
        return Err(insufficient_addresses(&spec.subnet_id));
    }
    let groups = if spec.requester_managed {
        vec![]
    } else {
        security_groups::resolve_for_launch(net, &spec.subnet_id, &spec.group_ids, &spec.group_names)?.into_iter().map(|g| g.0).collect()
    };
    Ok(EniPlan { groups, ..plan })
}

pub fn ip_limit() -> ApiError {
    ApiError::new("PrivateIpAddressLimitExceeded", "Number of private addresses will exceed limit.").hint(
        "An interface holds a limited number of private IPv4 addresses (by instance type: Ipv4AddressesPerInterface in describe_instance_types).",
        "네트워크 인터페이스 하나가 가질 수 있는 사설 IPv4 주소 수는 제한되어 있습니다(인스턴스 유형의 Ipv4AddressesPerInterface).",
    )
}

/// Creates a checked ENI (nothing fails from here). The id and MAC come from the caller so a
/// launch keeps its historic id order.
pub fn insert(net: &mut RegionNetwork, rng: &mut SimRng, id: String, mac: String, spec: &NewEni, plan: &EniPlan) -> String {
    let subnet = net.subnets.get_mut(&spec.subnet_id).expect("checked");
    let (vpc_id, az) = (subnet.vpc_id.clone(), subnet.az.clone());
    for ip in plan.primary.iter().chain(&plan.secondary) {
        subnet.used.insert(*ip);
    }
    let primary = match plan.primary {
        Some(ip) => ip,
        None => net.allocate_private_ip(&spec.subnet_id, rng).expect("free addresses checked"),
    };
    let mut ips = vec![PrivateIp { address: primary, primary: true }];
    ips.extend(plan.secondary.iter().map(|a| PrivateIp { address: *a, primary: false }));
    for _ in 0..plan.auto_count {
        let a = net.allocate_private_ip(&spec.subnet_id, rng).expect("free addresses checked");
        ips.push(PrivateIp { address: a, primary: false });
    }
    net.enis.insert(
        id.clone(),
        NetworkInterface {
            id: id.clone(),
            subnet_id: spec.subnet_id.clone(),
            vpc_id,
            az,
            description: spec.description.clone(),
            mac,
            private_ips: ips,
            groups: plan.groups.clone(),
            source_dest_check: true,
            attachment: None,
            interface_type: if spec.interface_type.is_empty() { "interface".into() } else { spec.interface_type.clone() },
            requester_managed: spec.requester_managed,
            auto_public_ip: None,
            wants_public_ip: false,
        },
    );
    id
}

/// CreateNetworkInterface.
pub fn create(net: &mut RegionNetwork, rng: &mut SimRng, spec: &NewEni) -> Result<String, ApiError> {
    let plan = check_new(net, spec, &[])?;
    let id = IdGen::new_id(rng, "eni");
    let mac = new_mac(rng);
    Ok(insert(net, rng, id, mac, spec, &plan))
}

/// The most ENIs and addresses per ENI the instance's type allows (describe_instance_types' NetworkInfo).
pub fn type_limits(instance_type: &str) -> (u32, u32) {
    let info = crate::catalog::info(instance_type);
    let net = info.as_ref().and_then(|m| m.get("NetworkInfo"));
    let get = |k: &str, d: u32| net.and_then(|n| n.get(k)).and_then(|v| v.as_u64()).map(|v| v as u32).unwrap_or(d);
    (get("MaximumNetworkInterfaces", 2), get("Ipv4AddressesPerInterface", 10))
}

/// AttachNetworkInterface: same AZ, a free device index, a running or stopped instance, within
/// the type's interface limit. Returns the attachment id.
pub fn attach(region: &mut Region, rng: &mut SimRng, now: Millis, eni_id: &str, instance_id: &str, device_index: i64) -> Result<String, ApiError> {
    let e = eni(&region.network, eni_id)?;
    let i = crate::compute::instance_in(region, instance_id)?;
    if let Some(a) = &e.attachment {
        return Err(ApiError::new("InvalidNetworkInterface.InUse", format!("Interface: [{eni_id}] in use.")).hint(
            format!("The interface is attached to {} already: detach it first (detach_network_interface).", a.instance_id),
            format!("인터페이스가 이미 {}에 연결되어 있습니다. 먼저 분리하세요(detach_network_interface).", a.instance_id),
        ));
    }
    if e.requester_managed {
        return Err(managed(e));
    }
    if !matches!(i.state, InstanceState::Running | InstanceState::Stopped) {
        return Err(ApiError::new("IncorrectInstanceState", format!("The instance '{instance_id}' is not in a valid state for this operation.")).hint(
            "Interfaces attach to running or stopped instances; wait until the instance is one of them.",
            "인터페이스는 실행 중이거나 중지된 인스턴스에만 연결됩니다. 그 상태가 될 때까지 기다리세요.",
        ));
    }
    if e.az != i.az {
        return Err(ApiError::invalid_parameter_combination(
            "You may not attach a network interface to an instance if they are not in the same availability zone",
        )
        .hint(
            format!("The interface lives in {} (its subnet's AZ) and the instance in {}: an ENI attaches only within its AZ.", e.az, i.az),
            format!("인터페이스는 {}(서브넷의 가용 영역)에, 인스턴스는 {}에 있습니다. ENI는 같은 가용 영역에서만 연결됩니다.", e.az, i.az),
        ));
    }
    if !(0..=31).contains(&device_index) {
        return Err(ApiError::invalid_parameter_value(format!("Invalid value '{device_index}' for deviceIndex."))
            .hint("DeviceIndex is 1 or more (0 is the primary interface).", "DeviceIndex는 1 이상입니다(0은 기본 인터페이스)."));
    }
    let attached = region.network.enis_of(instance_id);
    if attached.iter().any(|a| a.attachment.as_ref().is_some_and(|x| x.device_index as i64 == device_index)) {
        return Err(ApiError::invalid_parameter_value(format!("Instance '{instance_id}' already has an interface attached at device index '{device_index}'."))
            .hint(
                "Each device index holds one interface; pick a free one (eth1 is device index 1).",
                "장치 인덱스마다 인터페이스는 하나입니다. 비어 있는 인덱스를 고르세요(eth1은 1).",
            ));
    }
    let (max_enis, max_ips) = type_limits(&i.instance_type);
    if attached.len() as u32 + 1 > max_enis {
        return Err(ApiError::new("AttachmentLimitExceeded", format!("Interface count {} exceeds the limit for {}", attached.len() + 1, i.instance_type))
            .hint(
                format!("{} takes at most {max_enis} network interfaces. Use a bigger type for more.", i.instance_type),
                format!("{}에는 네트워크 인터페이스를 최대 {max_enis}개까지 붙일 수 있습니다. 더 필요하면 큰 유형을 쓰세요.", i.instance_type),
            ));
    }
    if e.private_ips.len() as u32 > max_ips {
        return Err(ip_limit());
    }
    let id = IdGen::new_id(rng, "eni-attach");
    let e = region.network.enis.get_mut(eni_id).expect("checked");
    e.attachment = Some(EniAttachment {
        attachment_id: id.clone(),
        instance_id: instance_id.into(),
        device_index: device_index as u32,
        attach_time: now,
        delete_on_termination: false,
    });
    Ok(id)
}

fn managed(e: &NetworkInterface) -> ApiError {
    let eni_id = &e.id;
    let err = ApiError::new("OperationNotPermitted", format!("The network interface '{eni_id}' is managed by an AWS service and cannot be changed directly."));
    // Load balancer nodes' interfaces say whose they are in their description (`ELB app/<name>/<id>`).
    if let Some(lb) = e.description.strip_prefix("ELB ") {
        return err.hint(
            format!("This interface is a node of the load balancer {lb}: it changes with the load balancer's subnets (set_subnets) and goes away when you delete the load balancer."),
            format!("이 인터페이스는 로드 밸런서 {lb}의 노드입니다. 로드 밸런서의 서브넷(set_subnets)을 바꾸면 바뀌고, 로드 밸런서를 삭제하면 함께 사라집니다."),
        );
    }
    err.hint(
        "This interface belongs to a NAT gateway: it goes away when you delete the NAT gateway.",
        "이 인터페이스는 NAT 게이트웨이의 것입니다. NAT 게이트웨이를 삭제하면 함께 사라집니다.",
    )
}

/// DetachNetworkInterface: never the primary interface (device index 0).
pub fn detach(net: &mut RegionNetwork, attachment_id: &str) -> Result<(), ApiError> {
    let e = net.enis.values().find(|e| e.attachment.as_ref().is_some_and(|a| a.attachment_id == attachment_id)).ok_or_else(|| {
        ApiError::new("InvalidAttachmentID.NotFound", format!("The attachment ID '{attachment_id}' does not exist")).hint(
            "Check the attachment id (eni-attach-…): describe_network_interfaces shows it under Attachment.",
            "연결 ID(eni-attach-…)를 확인하세요. describe_network_interfaces의 Attachment에 있습니다.",
        )
    })?;
    if e.attachment.as_ref().is_some_and(|a| a.device_index == 0) {
        return Err(ApiError::new("OperationNotPermitted", "The network interface at device index 0 cannot be detached.").hint(
            "The primary interface (eth0) lives and dies with its instance. Detach a secondary interface, or terminate the instance.",
            "기본 인터페이스(eth0)는 인스턴스와 생사를 같이합니다. 보조 인터페이스를 분리하거나 인스턴스를 종료하세요.",
        ));
    }
    let id = e.id.clone();
    let e = net.enis.get_mut(&id).expect("found");
    e.attachment = None;
    // A pool address never stays on a free interface.
    if let Some(ip) = e.auto_public_ip.take() {
        net.release_public_ip(ip);
    }
    Ok(())
}

/// DeleteNetworkInterface: only a free (detached), user-managed interface.
pub fn delete(region: &mut Region, eni_id: &str) -> Result<(), ApiError> {
    let e = eni(&region.network, eni_id)?;
    if e.requester_managed {
        return Err(managed(e));
    }
    if let Some(a) = &e.attachment {
        return Err(ApiError::new("InvalidNetworkInterface.InUse", format!("The network interface '{eni_id}' is currently in use.")).hint(
            format!("It is attached to {}: detach it first (or terminate the instance if it is the primary interface).", a.instance_id),
            format!("{}에 연결되어 있습니다. 먼저 분리하세요(기본 인터페이스라면 인스턴스를 종료하세요).", a.instance_id),
        ));
    }
    region.network.remove_eni(eni_id);
    region.tags.forget(eni_id);
    Ok(())
}

/// AssignPrivateIpAddresses: secondary addresses, chosen or picked from the subnet.
pub fn assign_private_ips(
    region: &mut Region,
    rng: &mut SimRng,
    eni_id: &str,
    chosen: &[String],
    count: u32,
    allow_reassignment: bool,
) -> Result<Vec<u32>, ApiError> {
    let e = eni(&region.network, eni_id)?;
    if chosen.is_empty() && count == 0 {
        return Err(ApiError::missing_parameter("The request must contain the parameter privateIpAddress or secondaryPrivateIpAddressCount").hint(
            "Name the addresses (PrivateIpAddresses) or how many to pick (SecondaryPrivateIpAddressCount).",
            "주소(PrivateIpAddresses)나 개수(SecondaryPrivateIpAddressCount)를 주세요.",
        ));
    }
    let net = &region.network;
    let subnet = net.subnet(&e.subnet_id)?;
    let mut ips = Vec::new();
    let mut moved: Vec<(String, u32)> = Vec::new();
    for raw in chosen {
        let ip = match check_requested_ip(net, &e.subnet_id, raw, "PrivateIpAddresses") {
            Ok(ip) => ip,
            Err(err) if err.code == "InvalidIPAddress.InUse" && allow_reassignment => {
                let ip = parse_ip(raw).expect("parsed");
                // Reassignment takes a secondary address from another interface of the subnet.
                let holder = net.enis.values().find(|o| o.id != e.id && o.private_ips.iter().any(|p| p.address == ip && !p.primary)).ok_or(err)?;
                moved.push((holder.id.clone(), ip));
                ip
            }
            Err(err) => return Err(err),
        };
        if ips.contains(&ip) || e.private_ips.iter().any(|p| p.address == ip) {
            return Err(in_use(raw));
        }
        ips.push(ip);
    }
    let total = e.private_ips.len() + ips.len() + count as usize;
    let limit = match e.instance_id().and_then(|i| region.compute.instances.get(i)) {
        Some(i) => type_limits(&i.instance_type).1 as usize,
        None => MAX_IPS_UNATTACHED,
    };
    if total > limit {
        return Err(ip_limit());
    }
    if subnet.available_ip_count() + (moved.len() as u32) < ips.len() as u32 + count {
        return Err(insufficient_addresses(&e.subnet_id));
    }
    let subnet_id = e.subnet_id.clone();
    let net = &mut region.network;
    for (holder, ip) in moved {
        unassign_one(net, &holder, ip);
    }
    for ip in &ips {
        net.subnets.get_mut(&subnet_id).expect("checked").used.insert(*ip);
    }
    for _ in 0..count {
        ips.push(net.allocate_private_ip(&subnet_id, rng).expect("checked"));
    }
    let e = net.enis.get_mut(eni_id).expect("checked");
    e.private_ips.extend(ips.iter().map(|a| PrivateIp { address: *a, primary: false }));
    Ok(ips)
}

fn unassign_one(net: &mut RegionNetwork, eni_id: &str, ip: u32) {
    let e = net.enis.get_mut(eni_id).expect("exists");
    e.private_ips.retain(|p| p.address != ip);
    let subnet = e.subnet_id.clone();
    net.release_private_ip(&subnet, ip);
    for eip in net.elastic_ips.values_mut() {
        if eip.association.as_ref().is_some_and(|a| a.eni_id == eni_id && a.private_ip == ip) {
            eip.association = None;
        }
    }
}

/// UnassignPrivateIpAddresses: only secondary addresses of this interface; an EIP on one is disassociated.
pub fn unassign_private_ips(net: &mut RegionNetwork, eni_id: &str, addresses: &[String]) -> Result<(), ApiError> {
    let e = eni(net, eni_id)?;
    let mut ips = Vec::new();
    for raw in addresses {
        let ip = parse_ip(raw).ok_or_else(|| bad_ip("PrivateIpAddresses", raw))?;
        match e.private_ips.iter().find(|p| p.address == ip) {
            Some(p) if p.primary => {
                return Err(ApiError::invalid_parameter_value(format!("The primary private IP address {raw} of interface {eni_id} cannot be unassigned."))
                    .hint(
                        "Only secondary addresses can be unassigned; the primary one stays for the interface's whole life.",
                        "보조 주소만 해제할 수 있습니다. 기본 주소는 인터페이스가 있는 동안 유지됩니다.",
                    ))
            }
            Some(_) => ips.push(ip),
            None => {
                return Err(ApiError::invalid_parameter_value(format!("Some of the specified addresses are not assigned to interface {eni_id}")).hint(
                    format!("{raw} is not an address of {eni_id}; describe_network_interfaces lists its PrivateIpAddresses."),
                    format!("{raw}은(는) {eni_id}의 주소가 아닙니다. describe_network_interfaces의 PrivateIpAddresses를 보세요."),
                ))
            }
        }
    }
    for ip in ips {
        unassign_one(net, eni_id, ip);
    }
    Ok(())
}

/// ModifyNetworkInterfaceAttribute: one attribute per call.
pub enum EniAttribute {
    Description(String),
    SourceDestCheck(bool),
    Groups(Vec<String>),
    DeleteOnTermination { attachment_id: String, value: bool },
}

pub fn modify_attribute(net: &mut RegionNetwork, eni_id: &str, change: EniAttribute) -> Result<(), ApiError> {
    let e = eni(net, eni_id)?;
    let groups = match &change {
        EniAttribute::Groups(ids) => Some(security_groups::resolve_replacement(net, &e.vpc_id, ids)?.into_iter().map(|g| g.0).collect::<Vec<_>>()),
        EniAttribute::DeleteOnTermination { attachment_id, .. } => {
            if e.attachment.as_ref().map(|a| a.attachment_id.as_str()) != Some(attachment_id.as_str()) {
                return Err(ApiError::new("InvalidAttachmentID.NotFound", format!("The attachment ID '{attachment_id}' does not exist")).hint(
                    "Give the interface's current attachment id (Attachment.AttachmentId in describe_network_interfaces).",
                    "인터페이스의 현재 연결 ID(describe_network_interfaces의 Attachment.AttachmentId)를 주세요.",
                ));
            }
            None
        }
        _ => None,
    };
    if e.requester_managed {
        return Err(managed(e));
    }
    let e = net.enis.get_mut(eni_id).expect("checked");
    match change {
        EniAttribute::Description(d) => e.description = d,
        EniAttribute::SourceDestCheck(b) => e.source_dest_check = b,
        EniAttribute::Groups(_) => e.groups = groups.expect("resolved"),
        EniAttribute::DeleteOnTermination { value, .. } => e.attachment.as_mut().expect("checked").delete_on_termination = value,
    }
    Ok(())
}

/// An instance with no interface left (terminated) cannot take an address.
pub fn in_use_free(instance_id: &str) -> ApiError {
    ApiError::new("IncorrectInstanceState", format!("The instance '{instance_id}' has no network interface."))
        .hint("A terminated instance has no network interface left.", "종료된 인스턴스에는 네트워크 인터페이스가 없습니다.")
}
