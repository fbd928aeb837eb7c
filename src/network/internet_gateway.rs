//! Internet gateways: the VPC's door to the internet, at most one attached per VPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternetGateway {
    pub id: String,
    /// The VPC it is attached to (one at most; state `available` on the wire when attached).
    pub vpc_id: Option<String>,
}

/// Quota: internet gateways per region (VPC:amazon-vpc-limits).
pub const MAX_INTERNET_GATEWAYS: usize = 5;
