//! VPC networking of one region: VPCs, subnets, internet and NAT gateways, route tables,
//! ENIs, Elastic IPs, security groups; private addresses from subnets and public addresses
//! from Amazon's pool. The rules live in the files named after each resource.
mod addresses;
mod default_vpc;
pub mod elastic_ip;
pub mod eni;
pub mod errors;
mod instances;
pub mod internet_gateway;
pub mod nacls;
pub mod nat_gateway;
pub mod reachability;
pub mod route_table;
pub mod security_groups;
pub mod subnet;
pub mod topology;
pub mod vpc;

pub use addresses::{format_ip, parse_cidr, parse_ip, Cidr};
pub use elastic_ip::{EipAssociation, ElasticIp};
pub use eni::{EniAttachment, NetworkInterface, PrivateIp};
pub use internet_gateway::InternetGateway;
pub use nacls::NetworkAcl;
pub use nat_gateway::{apply_event, Event, NatGateway, NatState};
pub use route_table::{Route, RouteOrigin, RouteState, RouteTable, RouteTableAssociation, RouteTarget};
pub use security_groups::SecurityGroup;
pub use subnet::Subnet;
pub use vpc::Vpc;

use crate::error::ApiError;
use crate::geo::RegionInfo;
use crate::sim::SimRng;
use std::collections::{BTreeMap, BTreeSet};

/// Every network resource of one region, keyed by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionNetwork {
    pub vpcs: BTreeMap<String, Vpc>,
    pub subnets: BTreeMap<String, Subnet>,
    pub security_groups: BTreeMap<String, SecurityGroup>,
    pub network_acls: BTreeMap<String, NetworkAcl>,
    /// Network insights paths and analyses (Reachability Analyzer's API).
    pub insights: reachability::insights::Insights,
    pub internet_gateways: BTreeMap<String, InternetGateway>,
    pub route_tables: BTreeMap<String, RouteTable>,
    pub nat_gateways: BTreeMap<String, NatGateway>,
    /// Every ENI: instances' (primary and extra), free ones, NAT gateways'.
    pub enis: BTreeMap<String, NetworkInterface>,
    /// Keyed by allocation id.
    pub elastic_ips: BTreeMap<String, ElasticIp>,
    /// Public IPv4 addresses from Amazon's pool currently handed out in this region
    /// (auto-assigned ones and Elastic IPs), so that none is given twice.
    pub public_in_use: BTreeSet<u32>,
}

impl RegionNetwork {
    /// Whether a network resource with this id exists (for CreateTags and friends).
    pub fn has_resource(&self, id: &str) -> bool {
        self.vpcs.contains_key(id)
            || self.subnets.contains_key(id)
            || self.security_groups.contains_key(id)
            || self.internet_gateways.contains_key(id)
            || self.route_tables.contains_key(id)
            || self.nat_gateways.get(id).is_some_and(|n| n.state != NatState::Deleted)
            || self.enis.contains_key(id)
            || self.elastic_ips.contains_key(id)
            || self.network_acls.contains_key(id)
            || (id.starts_with("sgr-") && self.security_groups.values().any(|g| g.ingress.iter().chain(g.egress.iter()).any(|r| r.id == id)))
            || self.insights.paths.contains_key(id)
            || self.insights.analyses.contains_key(id)
    }

    pub fn default_vpc(&self) -> Option<&Vpc> {
        self.vpcs.values().find(|v| v.is_default)
    }

    pub fn default_subnet(&self, az: &str) -> Option<&Subnet> {
        self.subnets.values().find(|s| s.default_for_az && s.az == az)
    }

    pub fn subnet(&self, id: &str) -> Result<&Subnet, ApiError> {
        self.subnets.get(id).ok_or_else(|| errors::subnet_not_found(id))
    }

    /// The ENIs attached to an instance, by device index (eth0 first).
    pub fn enis_of(&self, instance_id: &str) -> Vec<&NetworkInterface> {
        let mut v: Vec<&NetworkInterface> = self.enis.values().filter(|e| e.instance_id() == Some(instance_id)).collect();
        v.sort_by_key(|e| e.attachment.as_ref().map(|a| a.device_index));
        v
    }

    /// The Elastic IP associated with this private address of this ENI, if any.
    pub fn eip_on(&self, eni_id: &str, private_ip: u32) -> Option<&ElasticIp> {
        self.elastic_ips.values().find(|e| e.association.as_ref().is_some_and(|a| a.eni_id == eni_id && a.private_ip == private_ip))
    }

    /// The public IPv4 mapped to a private address of an ENI: an Elastic IP, else (for the
    /// primary address) the auto-assigned one.
    pub fn public_ip_of(&self, eni: &NetworkInterface, private_ip: u32) -> Option<u32> {
        if let Some(e) = self.eip_on(&eni.id, private_ip) {
            return Some(e.public_ip);
        }
        (private_ip == eni.primary_ip()).then_some(eni.auto_public_ip).flatten()
    }

    /// The public IPv4 of an ENI's primary address (what an instance shows as PublicIpAddress).
    pub fn primary_public_ip(&self, eni: &NetworkInterface) -> Option<u32> {
        self.public_ip_of(eni, eni.primary_ip())
    }

    /// Picks a free private address in the subnet (seeded, so the same run gives the same address).
    pub fn allocate_private_ip(&mut self, subnet_id: &str, rng: &mut SimRng) -> Result<u32, ApiError> {
        let subnet = self.subnet(subnet_id)?;
        if subnet.available_ip_count() == 0 {
            return Err(insufficient_addresses(subnet_id));
        }
        let subnet = self.subnets.get_mut(subnet_id).expect("checked above");
        let first = subnet.cidr.base + 4;
        let usable = subnet.cidr.size() - 5;
        let start = rng.address(usable as u64) as u32;
        let ip = (0..usable).map(|i| first + (start + i) % usable).find(|ip| !subnet.used.contains(ip)).expect("a free address exists");
        subnet.used.insert(ip);
        Ok(ip)
    }

    pub fn release_private_ip(&mut self, subnet_id: &str, ip: u32) {
        if let Some(s) = self.subnets.get_mut(subnet_id) {
            s.used.remove(&ip);
        }
    }

    /// A public IPv4 from Amazon's pool for this region; a new one each time (stop/start changes it).
    pub fn allocate_public_ip(&mut self, info: &RegionInfo, rng: &mut SimRng) -> u32 {
        loop {
            let (base, len) = info.public_pools[rng.address(info.public_pools.len() as u64) as usize];
            let cidr = Cidr { base: parse_ip(base).expect("static pool"), len };
            let ip = cidr.base + 1 + rng.address(cidr.size() as u64 - 2) as u32;
            if self.public_in_use.insert(ip) {
                return ip;
            }
        }
    }

    pub fn release_public_ip(&mut self, ip: u32) {
        self.public_in_use.remove(&ip);
    }

    pub fn with_default_vpc(info: &RegionInfo, rng: &mut SimRng) -> Self {
        default_vpc::build(info, rng)
    }
}

pub fn insufficient_addresses(subnet_id: &str) -> ApiError {
    ApiError::new(
        "InsufficientFreeAddressesInSubnet",
        format!("There are not enough free addresses in subnet '{subnet_id}' to satisfy the requested number of instances."),
    )
    .hint(
        "The subnet is full: every ENI (of running or stopped instances too) holds its addresses. Use another or bigger subnet, or free addresses.",
        "서브넷에 남은 주소가 없습니다. 모든 ENI(중지된 인스턴스 포함)가 주소를 차지합니다. 다른(더 큰) 서브넷을 쓰거나 주소를 비우세요.",
    )
}
