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
