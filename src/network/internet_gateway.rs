//! Internet gateways: the VPC's door to the internet, at most one attached per VPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternetGateway {
    pub id: String,
    /// The VPC it is attached to (one at most; state `available` on the wire when attached).
    pub vpc_id: Option<String>,
}

/// Quota: internet gateways per region (VPC:amazon-vpc-limits).
pub const MAX_INTERNET_GATEWAYS: usize = 5;

use super::errors::{dependency, igw_not_found};
use super::{vpc, RegionNetwork};
use crate::error::ApiError;
use crate::sim::{IdGen, SimRng};

pub fn gateway<'n>(net: &'n RegionNetwork, id: &str) -> Result<&'n InternetGateway, ApiError> {
    net.internet_gateways.get(id).ok_or_else(|| igw_not_found(id))
}

pub fn create(net: &mut RegionNetwork, rng: &mut SimRng) -> Result<String, ApiError> {
    if net.internet_gateways.len() >= MAX_INTERNET_GATEWAYS {
        return Err(ApiError::new("InternetGatewayLimitExceeded", "The maximum number of internet gateways has been reached.").hint(
            format!("A region holds at most {MAX_INTERNET_GATEWAYS} internet gateways. Delete a detached one you no longer need."),
            format!("리전당 인터넷 게이트웨이는 최대 {MAX_INTERNET_GATEWAYS}개입니다. 쓰지 않는 것을 삭제하세요."),
        ));
    }
    let id = IdGen::new_id(rng, "igw");
    net.internet_gateways.insert(id.clone(), InternetGateway { id: id.clone(), vpc_id: None });
    Ok(id)
}

/// AttachInternetGateway: one gateway per VPC, one VPC per gateway.
pub fn attach(net: &mut RegionNetwork, igw_id: &str, vpc_id: &str) -> Result<(), ApiError> {
    let g = gateway(net, igw_id)?;
    vpc::vpc(net, vpc_id)?;
    if let Some(v) = &g.vpc_id {
        return Err(ApiError::new("Resource.AlreadyAssociated", format!("resource {igw_id} is already attached to network {v}")).hint(
            "A gateway is attached to one VPC at a time. Detach it first, or create another gateway.",
            "게이트웨이는 한 번에 하나의 VPC에만 연결됩니다. 먼저 분리하거나 새 게이트웨이를 만드세요.",
        ));
    }
    if let Some(other) = net.internet_gateways.values().find(|g| g.vpc_id.as_deref() == Some(vpc_id)) {
        return Err(ApiError::new("Resource.AlreadyAssociated", format!("resource {vpc_id} is already attached to network {}", other.id)).hint(
            format!("A VPC has at most one internet gateway, and {vpc_id} already has {}.", other.id),
            format!("VPC에는 인터넷 게이트웨이가 하나만 연결됩니다. {vpc_id}에는 이미 {}이(가) 있습니다.", other.id),
        ));
    }
    net.internet_gateways.get_mut(igw_id).expect("checked").vpc_id = Some(vpc_id.to_string());
    Ok(())
}

/// DetachInternetGateway: refused while the VPC has public addresses mapped (auto-assigned or
/// Elastic IPs), as AWS does; routes to the gateway become `blackhole`.
pub fn detach(net: &mut RegionNetwork, igw_id: &str, vpc_id: &str) -> Result<(), ApiError> {
    let g = gateway(net, igw_id)?;
    vpc::vpc(net, vpc_id)?;
    if g.vpc_id.as_deref() != Some(vpc_id) {
        return Err(ApiError::new("Gateway.NotAttached", format!("resource {igw_id} is not attached to network {vpc_id}")).hint(
            "The gateway is not attached to this VPC; describe_internet_gateways shows its attachments.",
            "게이트웨이가 이 VPC에 연결되어 있지 않습니다. describe_internet_gateways로 연결 상태를 보세요.",
        ));
    }
    let mapped: Vec<String> = net
        .enis
        .values()
        .filter(|e| e.vpc_id == vpc_id && e.private_ips.iter().any(|p| net.public_ip_of(e, p.address).is_some()))
        .map(|e| e.instance_id().unwrap_or(&e.id).to_string())
        .collect();
    if !mapped.is_empty() {
        return Err(ApiError::new(
            "DependencyViolation",
            format!("Network {vpc_id} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway."),
        )
        .hint(
            format!(
                "Public addresses in the VPC still depend on the gateway ({}): disassociate Elastic IPs and stop or terminate instances with public IPs first.",
                mapped.join(", ")
            ),
            format!(
                "VPC의 퍼블릭 주소가 아직 게이트웨이에 의존합니다({}). 탄력적 IP 연결을 끊고 퍼블릭 IP가 있는 인스턴스를 중지하거나 종료하세요.",
                mapped.join(", ")
            ),
        ));
    }
    net.internet_gateways.get_mut(igw_id).expect("checked").vpc_id = None;
    Ok(())
}

pub fn delete(net: &mut RegionNetwork, igw_id: &str) -> Result<(), ApiError> {
    let g = gateway(net, igw_id)?;
    if let Some(v) = &g.vpc_id {
        return Err(dependency(
            "internetGateway",
            igw_id,
            format!("It is attached to {v}: detach it first (detach_internet_gateway)."),
            format!("{v}에 연결되어 있습니다. 먼저 분리하세요(detach_internet_gateway)."),
        ));
    }
    net.internet_gateways.remove(igw_id);
    Ok(())
}
