//! NAT gateways: let instances of private subnets reach out (never in). A public one sits in a
//! public subnet with an Elastic IP; a private one only translates to its private address.
use crate::sim::Millis;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NatState {
    Pending,
    Available,
    Deleting,
    Deleted,
    Failed,
}

impl NatState {
    pub fn name(self) -> &'static str {
        match self {
            NatState::Pending => "pending",
            NatState::Available => "available",
            NatState::Deleting => "deleting",
            NatState::Deleted => "deleted",
            NatState::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NatGateway {
    pub id: String,
    pub vpc_id: String,
    pub subnet_id: String,
    /// `public` (with an Elastic IP) or `private`.
    pub connectivity_public: bool,
    /// The Elastic IP's allocation id (public NAT gateways).
    pub allocation_id: Option<String>,
    /// The requester-managed ENI the gateway lives on (it holds the private address, and the EIP).
    pub eni_id: String,
    pub state: NatState,
    pub create_time: Millis,
    pub delete_time: Option<Millis>,
    /// Bumped on each transition, so a stale timed event is ignored.
    pub generation: u64,
}

impl NatGateway {
    /// Whether it forwards traffic now (the route to it is `blackhole` otherwise).
    pub fn is_available(&self) -> bool {
        self.state == NatState::Available
    }
}
