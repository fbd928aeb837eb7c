//! Elastic network interfaces: the thing that really holds addresses and security groups.
//! Every instance has a primary ENI (device index 0) that lives and dies with it; more can be
//! created, attached within the same AZ, and detached.
use crate::sim::Millis;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivateIp {
    pub address: u32,
    pub primary: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EniAttachment {
    /// `eni-attach-…`
    pub attachment_id: String,
    pub instance_id: String,
    /// 0 is the primary interface (eth0), which cannot be detached.
    pub device_index: u32,
    pub attach_time: Millis,
    pub delete_on_termination: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkInterface {
    pub id: String,
    pub subnet_id: String,
    pub vpc_id: String,
    pub az: String,
    pub description: String,
    pub mac: String,
    /// The primary private address first, then secondary ones in assignment order.
    pub private_ips: Vec<PrivateIp>,
    /// Security group ids, in the order given.
    pub groups: Vec<String>,
    pub source_dest_check: bool,
    pub attachment: Option<EniAttachment>,
    /// `interface` for ordinary ENIs, `nat_gateway` for a NAT gateway's.
    pub interface_type: String,
    /// Managed by an AWS service (a NAT gateway's ENI): it cannot be detached or deleted by hand.
    pub requester_managed: bool,
    /// The auto-assigned public IPv4 from Amazon's pool, mapped to the primary private address.
    pub auto_public_ip: Option<u32>,
    /// Whether this eth0 was launched with a public IPv4 (subnet MapPublicIpOnLaunch or
    /// AssociatePublicIpAddress): a new one is assigned on each start while nothing overrides it.
    pub wants_public_ip: bool,
}

impl NetworkInterface {
    pub fn primary_ip(&self) -> u32 {
        self.private_ips.first().map(|p| p.address).unwrap_or_default()
    }
    /// `in-use` when attached, `available` otherwise (BC:ec2/NetworkInterfaceStatus).
    pub fn status(&self) -> &'static str {
        if self.attachment.is_some() {
            "in-use"
        } else {
            "available"
        }
    }
    pub fn instance_id(&self) -> Option<&str> {
        self.attachment.as_ref().map(|a| a.instance_id.as_str())
    }
}
