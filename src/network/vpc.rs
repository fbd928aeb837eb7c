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
