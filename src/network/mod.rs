//! VPC networking as far as instances need it today: the default VPC of every region with a
//! default subnet per AZ, private addresses from subnets and public addresses from Amazon's pool.
//! The networking issue grows this into full VPCs, route tables, security groups and NACLs.
mod addresses;
mod default_vpc;

pub use addresses::{format_ip, parse_cidr, parse_ip, Cidr};

use crate::error::ApiError;
use crate::geo::RegionInfo;
use crate::sim::SimRng;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vpc {
    pub id: String,
    pub cidr: Cidr,
    pub is_default: bool,
    pub default_security_group: String,
    pub dhcp_options_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subnet {
    pub id: String,
    pub vpc_id: String,
    pub cidr: Cidr,
    pub az: String,
    pub az_id: String,
    pub default_for_az: bool,
    pub map_public_ip_on_launch: bool,
    /// Private addresses in use (by instances, running or stopped).
    pub used: BTreeSet<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub vpc_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionNetwork {
    pub vpcs: BTreeMap<String, Vpc>,
    pub subnets: BTreeMap<String, Subnet>,
    pub security_groups: BTreeMap<String, SecurityGroup>,
    /// Auto-assigned public IPv4 addresses currently handed out in this region.
    pub public_in_use: BTreeSet<u32>,
}

impl Subnet {
    /// AWS reserves the first four addresses and the last one of every subnet.
    pub fn available_ip_count(&self) -> u32 {
        self.cidr.size().saturating_sub(5).saturating_sub(self.used.len() as u32)
    }
}

impl RegionNetwork {
    pub fn default_vpc(&self) -> Option<&Vpc> {
        self.vpcs.values().find(|v| v.is_default)
    }

    pub fn default_subnet(&self, az: &str) -> Option<&Subnet> {
        self.subnets.values().find(|s| s.default_for_az && s.az == az)
    }

    pub fn subnet(&self, id: &str) -> Result<&Subnet, ApiError> {
        self.subnets.get(id).ok_or_else(|| {
            ApiError::new("InvalidSubnetID.NotFound", format!("The subnet ID '{id}' does not exist")).hint(
                "Check the subnet id and the region; subnets belong to one region and one AZ.",
                "서브넷 ID와 리전을 확인하세요. 서브넷은 하나의 리전, 하나의 가용 영역에 속합니다.",
            )
        })
    }

    /// Picks a free private address in the subnet (seeded, so the same run gives the same address).
    pub fn allocate_private_ip(&mut self, subnet_id: &str, rng: &mut SimRng) -> Result<u32, ApiError> {
        let subnet = self.subnets.get_mut(subnet_id).expect("subnet checked by caller");
        if subnet.available_ip_count() == 0 {
            return Err(ApiError::new(
                "InsufficientFreeAddressesInSubnet",
                format!("There are not enough free addresses in subnet '{subnet_id}' to satisfy the requested number of instances."),
            )
            .hint(
                "The subnet is full. Launch into another subnet, or terminate instances you no longer need.",
                "서브넷에 남은 주소가 없습니다. 다른 서브넷을 쓰거나 필요 없는 인스턴스를 종료하세요.",
            ));
        }
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
