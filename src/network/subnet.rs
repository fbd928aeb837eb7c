//! Subnets: a slice of a VPC's block in one AZ. AWS reserves five addresses of each (network,
//! router, DNS, future use, broadcast); every ENI takes its private addresses from here.
use super::Cidr;
use std::collections::BTreeSet;

/// Quota: subnets per VPC (VPC:amazon-vpc-limits).
pub const MAX_SUBNETS_PER_VPC: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subnet {
    pub id: String,
    pub vpc_id: String,
    pub cidr: Cidr,
    pub az: String,
    pub az_id: String,
    pub default_for_az: bool,
    /// Auto-assign a public IPv4 to the eth0 of instances launched here (true in default subnets).
    pub map_public_ip_on_launch: bool,
    /// Private addresses held by ENIs of this subnet (instances running or stopped, free ENIs,
    /// NAT gateways). An index of the ENIs' addresses, kept equal to them by `RegionNetwork`.
    pub used: BTreeSet<u32>,
}

impl Subnet {
    /// AWS reserves the first four addresses and the last one of every subnet.
    pub fn available_ip_count(&self) -> u32 {
        self.cidr.size().saturating_sub(5).saturating_sub(self.used.len() as u32)
    }
    /// Whether `ip` is one of the five addresses AWS keeps for itself.
    pub fn is_reserved(&self, ip: u32) -> bool {
        ip < self.cidr.base + 4 || ip == self.cidr.base.wrapping_add(self.cidr.size() - 1)
    }
    pub fn arn(&self, region: &str) -> String {
        format!("arn:aws:ec2:{region}:{}:subnet/{}", crate::world::ACCOUNT_ID, self.id)
    }
}

use super::errors::{bad_cidr, dependency};
use super::{nacls, parse_cidr, vpc, RegionNetwork};
use crate::error::ApiError;
use crate::geo::RegionInfo;
use crate::sim::{IdGen, SimRng};
use crate::world::Region;

pub struct NewSubnet<'a> {
    pub vpc_id: &'a str,
    pub cidr: Option<&'a str>,
    pub az: Option<&'a str>,
    pub az_id: Option<&'a str>,
}

/// Checks a CreateSubnet; returns the canonical block and the AZ (name, id).
pub fn check_create(net: &RegionNetwork, info: &RegionInfo, spec: &NewSubnet) -> Result<(Cidr, String, String), ApiError> {
    let v = vpc::vpc(net, spec.vpc_id)?;
    let raw = spec.cidr.ok_or_else(|| {
        ApiError::missing_parameter("The request must contain the parameter cidrBlock").hint(
            "Give the subnet a block inside the VPC's, for example CidrBlock='10.0.1.0/24'.",
            "VPC 블록 안의 서브넷 블록을 주세요. 예: CidrBlock='10.0.1.0/24'.",
        )
    })?;
    let cidr = parse_cidr(raw).ok_or_else(|| bad_cidr("cidrBlock", raw))?;
    let inside = cidr.len >= v.cidr.len && v.cidr.contains(cidr.base);
    if !(16..=28).contains(&cidr.len) || !inside {
        return Err(ApiError::new("InvalidSubnet.Range", format!("The CIDR '{raw}' is invalid.")).hint(
            format!("A subnet block lies inside its VPC's block ({} for {}) and is between /16 and /28.", v.cidr, v.id),
            format!("서브넷 블록은 VPC 블록({}, {}) 안에 있어야 하며 /16부터 /28까지입니다.", v.cidr, v.id),
        ));
    }
    if let Some(other) = net.subnets.values().find(|s| s.vpc_id == v.id && (s.cidr.contains(cidr.base) || cidr.contains(s.cidr.base))) {
        return Err(ApiError::new("InvalidSubnet.Conflict", format!("The CIDR '{raw}' conflicts with another subnet")).hint(
            format!(
                "{} already uses {}; subnets of one VPC cannot overlap. Pick a block that does not overlap any sibling (describe_subnets lists them).",
                other.id, other.cidr
            ),
            format!(
                "{}이(가) 이미 {}을(를) 씁니다. 한 VPC의 서브넷은 겹칠 수 없습니다. 겹치지 않는 블록을 고르세요(describe_subnets로 확인).",
                other.id, other.cidr
            ),
        ));
    }
    if net.subnets.values().filter(|s| s.vpc_id == v.id).count() >= MAX_SUBNETS_PER_VPC {
        return Err(ApiError::new("SubnetLimitExceeded", "The maximum number of subnets has been reached.").hint(
            format!("A VPC holds at most {MAX_SUBNETS_PER_VPC} subnets."),
            format!("VPC 하나에는 서브넷을 최대 {MAX_SUBNETS_PER_VPC}개까지 만들 수 있습니다."),
        ));
    }
    let zones = info.zones();
    let names: Vec<String> = zones.iter().map(|z| z.name.clone()).collect();
    let zone = match (spec.az, spec.az_id) {
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid_parameter_combination("Only one of availabilityZone or availabilityZoneId may be specified.").hint(
                "Name the AZ either by name (us-east-1a) or by id (use1-az1), not both.",
                "가용 영역은 이름(us-east-1a)이나 ID(use1-az1) 중 하나로만 지정하세요.",
            ))
        }
        (Some(name), None) => zones.iter().find(|z| z.name == name).ok_or_else(|| bad_zone("availabilityZone", name, &names))?,
        (None, Some(id)) => zones.iter().find(|z| z.id == id).ok_or_else(|| bad_zone("availabilityZoneId", id, &names))?,
        // Without a choice, AWS picks an AZ; here the one with the fewest subnets of the VPC (deterministic).
        (None, None) => zones.iter().min_by_key(|z| net.subnets.values().filter(|s| s.vpc_id == v.id && s.az == z.name).count()).expect("a region has AZs"),
    };
    Ok((cidr, zone.name.clone(), zone.id.clone()))
}

fn bad_zone(param: &str, value: &str, names: &[String]) -> ApiError {
    ApiError::invalid_parameter_value(format!(
        "Value ({value}) for parameter {param} is invalid. Subnets can currently only be created in the following availability zones: {}.",
        names.join(", ")
    ))
    .hint(
        format!("This region's AZs are {}; describe_availability_zones lists names and ids.", names.join(", ")),
        format!("이 리전의 가용 영역은 {}입니다. describe_availability_zones로 이름과 ID를 볼 수 있습니다.", names.join(", ")),
    )
}

/// CreateSubnet: associated with the VPC's default network ACL; no public IPs on launch.
pub fn create(net: &mut RegionNetwork, info: &RegionInfo, rng: &mut SimRng, spec: &NewSubnet) -> Result<String, ApiError> {
    let (cidr, az, az_id) = check_create(net, info, spec)?;
    let id = IdGen::new_id(rng, "subnet");
    net.subnets.insert(
        id.clone(),
        Subnet {
            id: id.clone(),
            vpc_id: spec.vpc_id.to_string(),
            cidr,
            az,
            az_id,
            default_for_az: false,
            map_public_ip_on_launch: false,
            used: Default::default(),
        },
    );
    nacls::associate_default(net, rng, &id, spec.vpc_id);
    Ok(id)
}

/// DeleteSubnet: refused while an ENI (of an instance, running or stopped, a NAT gateway, or
/// free) is in it.
pub fn delete(region: &mut Region, id: &str) -> Result<(), ApiError> {
    let net = &mut region.network;
    net.subnet(id)?;
    let users: Vec<String> = net.enis.values().filter(|e| e.subnet_id == id).map(|e| e.instance_id().unwrap_or(&e.id).to_string()).collect();
    if !users.is_empty() {
        return Err(dependency(
            "subnet",
            id,
            format!("Network interfaces still live in the subnet ({}): terminate its instances, delete its NAT gateways and ENIs first.", users.join(", ")),
            format!("서브넷에 네트워크 인터페이스가 남아 있습니다({}). 인스턴스를 종료하고 NAT 게이트웨이와 ENI를 먼저 삭제하세요.", users.join(", ")),
        ));
    }
    net.subnets.remove(id);
    for t in net.route_tables.values_mut() {
        t.associations.retain(|a| a.subnet_id.as_deref() != Some(id));
    }
    nacls::disassociate_subnet(net, id);
    region.tags.forget(id);
    Ok(())
}
