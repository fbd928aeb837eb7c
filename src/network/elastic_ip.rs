//! Elastic IPs: public IPv4 addresses allocated to the account until released; associated with
//! one private address of one ENI at a time.

/// Quota: Elastic IPs per region (VPC:amazon-vpc-limits).
pub const MAX_ELASTIC_IPS: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElasticIp {
    /// `eipalloc-…`
    pub allocation_id: String,
    pub public_ip: u32,
    pub association: Option<EipAssociation>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EipAssociation {
    /// `eipassoc-…`
    pub association_id: String,
    pub eni_id: String,
    /// The private address of the ENI it maps to.
    pub private_ip: u32,
}

use super::errors::{allocation_not_found, association_not_found};
use super::{eni, format_ip, parse_ip, RegionNetwork};
use crate::compute::InstanceState;
use crate::error::ApiError;
use crate::geo::RegionInfo;
use crate::sim::{IdGen, SimRng};
use crate::world::Region;

/// An EIP named by allocation id or (older style) by its public address.
pub fn find<'n>(net: &'n RegionNetwork, allocation_id: Option<&str>, public_ip: Option<&str>) -> Result<&'n ElasticIp, ApiError> {
    match (allocation_id, public_ip) {
        (Some(id), _) => net.elastic_ips.get(id).ok_or_else(|| allocation_not_found(id)),
        (None, Some(raw)) => {
            let ip = parse_ip(raw);
            net.elastic_ips.values().find(|e| Some(e.public_ip) == ip).ok_or_else(|| {
                ApiError::new("InvalidAddress.NotFound", format!("Address {raw} not found.")).hint(
                    "That public address is not an Elastic IP of this account in this region: describe_addresses lists yours.",
                    "그 퍼블릭 주소는 이 리전에서 계정이 가진 탄력적 IP가 아닙니다. describe_addresses로 확인하세요.",
                )
            })
        }
        (None, None) => Err(ApiError::missing_parameter("The request must contain the parameter AllocationId")
            .hint("Name the Elastic IP by AllocationId (eipalloc-…).", "탄력적 IP를 AllocationId(eipalloc-…)로 지정하세요.")),
    }
}

/// AllocateAddress: a new public IPv4 from Amazon's pool, kept until released.
pub fn allocate(net: &mut RegionNetwork, info: &RegionInfo, rng: &mut SimRng, domain: Option<&str>) -> Result<String, ApiError> {
    if let Some(d) = domain {
        if d != "vpc" && d != "standard" {
            return Err(ApiError::invalid_parameter_value(format!("Invalid value '{d}' for domain.")).hint("Domain is 'vpc'.", "Domain은 'vpc'입니다."));
        }
    }
    if net.elastic_ips.len() >= MAX_ELASTIC_IPS {
        return Err(ApiError::new("AddressLimitExceeded", "The maximum number of addresses has been reached.").hint(
            format!("An account holds at most {MAX_ELASTIC_IPS} Elastic IPs per region. Release one you no longer need (release_address)."),
            format!("계정은 리전당 탄력적 IP를 최대 {MAX_ELASTIC_IPS}개까지 가질 수 있습니다. 필요 없는 것을 해제하세요(release_address)."),
        ));
    }
    let id = IdGen::new_id(rng, "eipalloc");
    let public_ip = net.allocate_public_ip(info, rng);
    net.elastic_ips.insert(id.clone(), ElasticIp { allocation_id: id.clone(), public_ip, association: None });
    Ok(id)
}

pub struct AssociateSpec<'a> {
    pub allocation_id: Option<&'a str>,
    pub public_ip: Option<&'a str>,
    pub instance_id: Option<&'a str>,
    pub eni_id: Option<&'a str>,
    pub private_ip: Option<&'a str>,
    pub allow_reassociation: bool,
}

/// AssociateAddress: maps the EIP to a private address of an ENI (eth0's primary for an
/// instance). The ENI's pool address goes back; an EIP already on that address is
/// disassociated; an EIP in use elsewhere moves unless AllowReassociation is false.
pub fn associate(region: &mut Region, rng: &mut SimRng, spec: &AssociateSpec) -> Result<String, ApiError> {
    let net = &region.network;
    let eip = find(net, spec.allocation_id, spec.public_ip)?;
    let eni_id = match (spec.instance_id, spec.eni_id) {
        (Some(_), Some(_)) | (None, None) => {
            return Err(ApiError::missing_parameter("Either instance ID or network interface ID must be specified, but not both.").hint(
                "Say where the address goes: InstanceId (its primary interface) or NetworkInterfaceId.",
                "주소를 붙일 곳을 지정하세요: InstanceId(기본 인터페이스) 또는 NetworkInterfaceId.",
            ))
        }
        (None, Some(id)) => eni::eni(net, id)?.id.clone(),
        (Some(id), None) => {
            let i = crate::compute::instance_in(region, id)?;
            if matches!(i.state, InstanceState::ShuttingDown | InstanceState::Terminated) {
                return Err(ApiError::new("IncorrectInstanceState", format!("The instance '{id}' is not in a valid state for this operation."))
                    .hint("A terminated instance cannot take an address.", "종료된 인스턴스에는 주소를 붙일 수 없습니다."));
            }
            let enis = net.enis_of(id);
            match enis.as_slice() {
                [e] => e.id.clone(),
                [] => return Err(eni::in_use_free(id)),
                _ => {
                    return Err(ApiError::new(
                        "InvalidInstanceID",
                        format!("There are multiple interfaces attached to instance '{id}'. Please specify an interface ID for the operation instead."),
                    )
                    .hint(
                        "The instance has more than one ENI: name the one the address goes on with NetworkInterfaceId.",
                        "인스턴스에 ENI가 여러 개 있습니다. NetworkInterfaceId로 주소를 붙일 ENI를 지정하세요.",
                    ))
                }
            }
        }
    };
    let e = &net.enis[&eni_id];
    if e.requester_managed {
        return Err(ApiError::new(
            "OperationNotPermitted",
            format!("The network interface '{eni_id}' is managed by an AWS service; its addresses cannot be changed."),
        )
        .hint(
            "This is a NAT gateway's interface: its Elastic IP is chosen when the NAT gateway is created.",
            "NAT 게이트웨이의 인터페이스입니다. 탄력적 IP는 NAT 게이트웨이를 만들 때 정합니다.",
        ));
    }
    let private_ip = match spec.private_ip {
        None => e.primary_ip(),
        Some(raw) => {
            let ip = parse_ip(raw).ok_or_else(|| super::errors::bad_ip("PrivateIpAddress", raw))?;
            if !e.private_ips.iter().any(|p| p.address == ip) {
                return Err(ApiError::invalid_parameter_value(format!(
                    "The specified private IP address ({raw}) is not associated with network interface {eni_id}"
                ))
                .hint(
                    "The private address must be one of the interface's (describe_network_interfaces, PrivateIpAddresses).",
                    "사설 주소는 인터페이스의 주소 중 하나여야 합니다(describe_network_interfaces의 PrivateIpAddresses).",
                ));
            }
            ip
        }
    };
    if !net.internet_gateways.values().any(|g| g.vpc_id.as_deref() == Some(e.vpc_id.as_str())) {
        return Err(ApiError::new("Gateway.NotAttached", format!("Network {} is not attached to any internet gateway", e.vpc_id)).hint(
            "A public address is only useful through an internet gateway: attach one to the VPC first (create_internet_gateway, attach_internet_gateway).",
            "퍼블릭 주소는 인터넷 게이트웨이를 통해서만 쓸 수 있습니다. 먼저 VPC에 게이트웨이를 연결하세요(create_internet_gateway, attach_internet_gateway).",
        ));
    }
    check_not_nat(net, eip)?;
    if let Some(a) = &eip.association {
        if !spec.allow_reassociation && (a.eni_id != eni_id || a.private_ip != private_ip) {
            return Err(ApiError::new(
                "Resource.AlreadyAssociated",
                format!("resource {} is already associated with associate-id {}", eip.allocation_id, a.association_id),
            )
            .hint(
                "The address is in use and AllowReassociation is false. Disassociate it first, or allow the move.",
                "주소가 이미 쓰이고 있고 AllowReassociation이 false입니다. 먼저 연결을 끊거나 이동을 허용하세요.",
            ));
        }
    }
    let alloc = eip.allocation_id.clone();
    let previous = eip.association.clone();
    let association_id = IdGen::new_id(rng, "eipassoc");
    let net = &mut region.network;
    // An EIP already on that address steps aside (it stays allocated).
    for other in net.elastic_ips.values_mut() {
        if other.allocation_id != alloc && other.association.as_ref().is_some_and(|a| a.eni_id == eni_id && a.private_ip == private_ip) {
            other.association = None;
        }
    }
    let e = net.enis.get_mut(&eni_id).expect("checked");
    if private_ip == e.primary_ip() {
        if let Some(ip) = e.auto_public_ip.take() {
            net.release_public_ip(ip);
        }
    }
    net.elastic_ips.get_mut(&alloc).expect("checked").association = Some(EipAssociation { association_id: association_id.clone(), eni_id, private_ip });
    if let Some(p) = previous {
        after_disassociation(region, rng, &p);
    }
    Ok(association_id)
}

/// After an EIP leaves an instance's eth0, a running instance launched with a public IP gets a
/// new one from the pool (UG:using-instance-addressing).
/// An EIP held by a NAT gateway stays with it until the gateway is deleted.
fn check_not_nat(net: &RegionNetwork, eip: &ElasticIp) -> Result<(), ApiError> {
    match eip.association.as_ref().and_then(|a| net.enis.get(&a.eni_id)).filter(|e| e.requester_managed) {
        Some(e) => Err(ApiError::new("OperationNotPermitted", format!("The Elastic IP {} is in use by a NAT gateway ({}).", eip.allocation_id, e.id)).hint(
            "A NAT gateway keeps its Elastic IP for its whole life: delete the NAT gateway to free the address.",
            "NAT 게이트웨이는 살아 있는 동안 탄력적 IP를 유지합니다. 주소를 풀려면 NAT 게이트웨이를 삭제하세요.",
        )),
        None => Ok(()),
    }
}

fn after_disassociation(region: &mut Region, rng: &mut SimRng, old: &EipAssociation) {
    let net = &region.network;
    let Some(e) = net.enis.get(&old.eni_id) else { return };
    let Some(instance) = e.instance_id() else { return };
    let running = region.compute.instances.get(instance).is_some_and(|i| matches!(i.state, InstanceState::Running | InstanceState::Pending));
    if running && old.private_ip == e.primary_ip() {
        let instance = instance.to_string();
        region.network.assign_auto_public_ip_on_start(&instance, region.info, rng);
    }
}

pub fn disassociate(region: &mut Region, rng: &mut SimRng, association_id: Option<&str>, public_ip: Option<&str>) -> Result<(), ApiError> {
    let net = &region.network;
    let eip = match (association_id, public_ip) {
        (Some(id), _) => {
            net.elastic_ips.values().find(|e| e.association.as_ref().is_some_and(|a| a.association_id == id)).ok_or_else(|| association_not_found(id))?
        }
        (None, Some(_)) => find(net, None, public_ip)?,
        (None, None) => {
            return Err(ApiError::missing_parameter("The request must contain the parameter AssociationId")
                .hint("Name the association (AssociationId, eipassoc-…).", "연결(AssociationId, eipassoc-…)을 지정하세요."))
        }
    };
    check_not_nat(net, eip)?;
    let Some(old) = eip.association.clone() else {
        return Ok(()); // by public IP, an unassociated address: nothing to do
    };
    let alloc = eip.allocation_id.clone();
    region.network.elastic_ips.get_mut(&alloc).expect("found").association = None;
    after_disassociation(region, rng, &old);
    Ok(())
}

/// ReleaseAddress: refused while associated (`InvalidIPAddress.InUse`).
pub fn release(net: &mut RegionNetwork, allocation_id: Option<&str>, public_ip: Option<&str>) -> Result<String, ApiError> {
    let eip = find(net, allocation_id, public_ip)?;
    if let Some(a) = &eip.association {
        return Err(ApiError::new("InvalidIPAddress.InUse", format!("Address {} is in use.", format_ip(eip.public_ip))).hint(
            format!("The Elastic IP is associated ({}): disassociate it first (disassociate_address(AssociationId='{}')).", a.association_id, a.association_id),
            format!("탄력적 IP가 연결되어 있습니다({}). 먼저 연결을 끊으세요(disassociate_address(AssociationId='{}')).", a.association_id, a.association_id),
        ));
    }
    let id = eip.allocation_id.clone();
    let ip = eip.public_ip;
    net.elastic_ips.remove(&id);
    net.release_public_ip(ip);
    Ok(id)
}
