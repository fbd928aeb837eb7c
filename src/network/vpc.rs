//! VPCs: an isolated IPv4 block of one region (/16 to /28), with its default security group,
//! default network ACL and main route table.
use super::Cidr;

/// Quota: VPCs per region, the default VPC included (VPC:amazon-vpc-limits).
pub const MAX_VPCS: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vpc {
    pub id: String,
    /// The primary IPv4 block, canonical (host bits cleared).
    pub cidr: Cidr,
    /// `vpc-cidr-assoc-…` of the primary block.
    pub cidr_association_id: String,
    pub is_default: bool,
    /// The `default` security group made with the VPC (cannot be deleted).
    pub default_security_group: String,
    /// The default network ACL made with the VPC (allows everything); empty until N2's NACLs exist.
    pub default_network_acl: String,
    pub dhcp_options_id: String,
    /// `default` or `dedicated`; fixed at creation.
    pub instance_tenancy: String,
    /// DNS resolution through the Amazon-provided server (VPC attribute enableDnsSupport).
    pub enable_dns_support: bool,
    /// Public DNS hostnames for instances with public addresses (enableDnsHostnames): on in the
    /// default VPC, off in a new one (VPC:vpc-dns).
    pub enable_dns_hostnames: bool,
}

use super::errors::{bad_cidr, dependency, vpc_not_found};
use super::{nacls, parse_cidr, security_groups, RegionNetwork, Route, RouteOrigin, RouteTable, RouteTableAssociation, RouteTarget};
use crate::error::ApiError;
use crate::sim::{IdGen, SimRng};
use crate::world::Region;

pub fn vpc<'n>(net: &'n RegionNetwork, id: &str) -> Result<&'n Vpc, ApiError> {
    net.vpcs.get(id).ok_or_else(|| vpc_not_found(id))
}

/// What CreateVpc asks for.
pub struct NewVpc<'a> {
    pub cidr: Option<&'a str>,
    pub tenancy: Option<&'a str>,
}

/// Checks a CreateVpc; returns the canonical block.
pub fn check_create(net: &RegionNetwork, spec: &NewVpc) -> Result<Cidr, ApiError> {
    let raw = spec.cidr.ok_or_else(|| {
        ApiError::missing_parameter("Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.")
            .hint("Give the VPC an IPv4 block, for example CidrBlock='10.0.0.0/16'.", "VPC에 IPv4 블록을 주세요. 예: CidrBlock='10.0.0.0/16'.")
    })?;
    let cidr = parse_cidr(raw).ok_or_else(|| bad_cidr("cidrBlock", raw))?;
    if !(16..=28).contains(&cidr.len) {
        return Err(ApiError::new("InvalidVpc.Range", format!("The CIDR '{raw}' is invalid.")).hint(
            format!(
                "A VPC block is between /16 (65,536 addresses) and /28 (16 addresses); /{} is not. Private ranges such as 10.0.0.0/16 are the usual choice.",
                cidr.len
            ),
            format!("VPC 블록은 /16(65,536개 주소)부터 /28(16개 주소)까지입니다. /{}은(는) 안 됩니다. 보통 10.0.0.0/16 같은 사설 대역을 씁니다.", cidr.len),
        ));
    }
    match spec.tenancy {
        None | Some("default") | Some("dedicated") => {}
        Some(t) => {
            return Err(ApiError::invalid_parameter_value(format!("Value ({t}) for parameter instanceTenancy is invalid.")).hint(
                "InstanceTenancy of a VPC is 'default' or 'dedicated' (it cannot be changed later).",
                "VPC의 InstanceTenancy는 'default' 또는 'dedicated'입니다(나중에 바꿀 수 없음).",
            ))
        }
    }
    if net.vpcs.len() >= MAX_VPCS {
        return Err(ApiError::new("VpcLimitExceeded", "The maximum number of VPCs has been reached.").hint(
            format!("A region holds at most {MAX_VPCS} VPCs, the default VPC included. Delete a VPC you no longer need."),
            format!("리전당 VPC는 기본 VPC를 포함해 최대 {MAX_VPCS}개입니다. 필요 없는 VPC를 삭제하세요."),
        ));
    }
    Ok(cidr)
}

/// CreateVpc: the VPC with its main route table (`local` route), default security group and
/// default network ACL. Returns the VPC id.
pub fn create(net: &mut RegionNetwork, rng: &mut SimRng, spec: &NewVpc) -> Result<String, ApiError> {
    let cidr = check_create(net, spec)?;
    let id = IdGen::new_id(rng, "vpc");
    let cidr_association_id = IdGen::new_id(rng, "vpc-cidr-assoc");
    let rtb = IdGen::new_id(rng, "rtb");
    let assoc = IdGen::new_id(rng, "rtbassoc");
    net.route_tables.insert(
        rtb.clone(),
        RouteTable {
            id: rtb,
            vpc_id: id.clone(),
            routes: vec![Route { destination: cidr, target: RouteTarget::Local, origin: RouteOrigin::CreateRouteTable }],
            associations: vec![RouteTableAssociation { id: assoc, subnet_id: None }],
        },
    );
    let sg = security_groups::create_default(net, &id, rng);
    let acl = nacls::create_default(net, &id, rng);
    // Every VPC of the region starts with the region's default DHCP options set.
    let dhcp_options_id = net.default_vpc().map(|v| v.dhcp_options_id.clone()).unwrap_or_else(|| IdGen::new_id(rng, "dopt"));
    net.vpcs.insert(
        id.clone(),
        Vpc {
            id: id.clone(),
            cidr,
            cidr_association_id,
            is_default: false,
            default_security_group: sg,
            default_network_acl: acl,
            dhcp_options_id,
            instance_tenancy: spec.tenancy.unwrap_or("default").to_string(),
            enable_dns_support: true,
            enable_dns_hostnames: false,
        },
    );
    Ok(id)
}

/// DeleteVpc: refused while subnets, an attached internet gateway, custom route tables,
/// security groups (other than the default), custom network ACLs, ENIs or NAT gateways remain.
pub fn check_delete(net: &RegionNetwork, id: &str) -> Result<(), ApiError> {
    let v = vpc(net, id)?;
    let mut left: Vec<String> = Vec::new();
    left.extend(net.subnets.values().filter(|s| s.vpc_id == id).map(|s| s.id.clone()));
    left.extend(net.internet_gateways.values().filter(|g| g.vpc_id.as_deref() == Some(id)).map(|g| g.id.clone()));
    left.extend(net.route_tables.values().filter(|t| t.vpc_id == id && !t.is_main()).map(|t| t.id.clone()));
    left.extend(net.security_groups.values().filter(|g| g.vpc_id == id && g.id != v.default_security_group).map(|g| g.id.clone()));
    left.extend(nacls::custom_acl_of_vpc(net, id).map(|a| a.id.clone()));
    left.extend(net.enis.values().filter(|e| e.vpc_id == id).map(|e| e.id.clone()));
    left.extend(net.nat_gateways.values().filter(|n| n.vpc_id == id && n.state != super::NatState::Deleted).map(|n| n.id.clone()));
    if !left.is_empty() {
        left.truncate(6);
        return Err(dependency(
            "vpc",
            id,
            format!("Delete (or detach) what is still in the VPC first, for example: {}. Order: instances, NAT gateways, ENIs, subnets, then detach and delete the internet gateway, custom route tables and security groups.", left.join(", ")),
            format!("VPC 안에 남은 것을 먼저 삭제(또는 분리)하세요. 예: {}. 순서: 인스턴스, NAT 게이트웨이, ENI, 서브넷, 그다음 인터넷 게이트웨이 분리·삭제, 사용자 라우팅 테이블과 보안 그룹.", left.join(", ")),
        ));
    }
    Ok(())
}

pub fn delete(region: &mut Region, id: &str) -> Result<(), ApiError> {
    check_delete(&region.network, id)?;
    let net = &mut region.network;
    let v = net.vpcs.remove(id).expect("checked");
    let tables: Vec<String> = net.route_tables.values().filter(|t| t.vpc_id == id).map(|t| t.id.clone()).collect();
    for t in tables {
        net.route_tables.remove(&t);
        region.tags.forget(&t);
    }
    net.security_groups.remove(&v.default_security_group);
    region.tags.forget(&v.default_security_group);
    if !v.default_network_acl.is_empty() {
        region.tags.forget(&v.default_network_acl);
    }
    nacls::delete_for_vpc(net, id);
    region.tags.forget(id);
    Ok(())
}

/// ModifyVpcAttribute: one attribute per call. DNS hostnames need DNS support.
pub enum VpcAttribute {
    DnsSupport(bool),
    DnsHostnames(bool),
}

pub fn modify_attribute(net: &mut RegionNetwork, id: &str, change: VpcAttribute) -> Result<(), ApiError> {
    let v = vpc(net, id)?;
    if let VpcAttribute::DnsHostnames(true) = change {
        if !v.enable_dns_support {
            return Err(ApiError::invalid_parameter_value("Cannot enable DNS hostnames without DNS support.").hint(
                "Public DNS hostnames need the Amazon DNS server: turn EnableDnsSupport on first.",
                "퍼블릭 DNS 호스트 이름에는 Amazon DNS 서버가 필요합니다. 먼저 EnableDnsSupport를 켜세요.",
            ));
        }
    }
    let v = net.vpcs.get_mut(id).expect("checked");
    match change {
        VpcAttribute::DnsSupport(b) => v.enable_dns_support = b,
        VpcAttribute::DnsHostnames(b) => v.enable_dns_hostnames = b,
    }
    Ok(())
}
