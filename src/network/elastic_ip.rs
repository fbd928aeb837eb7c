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
