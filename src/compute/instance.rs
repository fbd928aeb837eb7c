use crate::sim::Millis;

/// The six instance states with their API codes (BC:ec2/InstanceState).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InstanceState {
    Pending,
    Running,
    ShuttingDown,
    Terminated,
    Stopping,
    Stopped,
}

impl InstanceState {
    pub const ALL: [InstanceState; 6] = [Self::Pending, Self::Running, Self::Stopping, Self::Stopped, Self::ShuttingDown, Self::Terminated];

    pub fn code(self) -> i64 {
        match self {
            Self::Pending => 0,
            Self::Running => 16,
            Self::ShuttingDown => 32,
            Self::Terminated => 48,
            Self::Stopping => 64,
            Self::Stopped => 80,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Running => "running",
            Self::ShuttingDown => "shutting-down",
            Self::Terminated => "terminated",
            Self::Stopping => "stopping",
            Self::Stopped => "stopped",
        }
    }
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }
    /// Whether the instance is billed for compute in this state (UG:ec2-instance-lifecycle):
    /// only `running`, plus `stopping` on the way to hibernation.
    pub fn billed(self, hibernating: bool) -> bool {
        matches!(self, Self::Running) || (self == Self::Stopping && hibernating)
    }
    /// The edges of the lifecycle graph; every transition in the core is one of these.
    pub fn can_move_to(self, to: InstanceState) -> bool {
        use InstanceState::*;
        matches!(
            (self, to),
            (Pending, Running)
                | (Pending, Stopping)
                | (Pending, ShuttingDown)
                | (Running, Stopping)
                | (Running, ShuttingDown)
                | (Stopping, Stopped)
                | (Stopping, ShuttingDown)
                | (Stopped, Pending)
                | (Stopped, ShuttingDown)
                | (ShuttingDown, Terminated)
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShutdownBehavior {
    Stop,
    Terminate,
}

impl ShutdownBehavior {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stop => "stop",
            Self::Terminate => "terminate",
        }
    }
}

/// One of the two status checks (system, instance): `initializing` → `ok` a few minutes after boot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusCheck {
    NotApplicable,
    Initializing,
    Ok,
}

/// Where an instance sits. Its addresses and security groups live on its ENIs
/// (`RegionNetwork::enis`, `enis_of(instance id)`); `eni_id` is the primary one (eth0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkAttachment {
    pub subnet_id: String,
    pub vpc_id: String,
    pub eni_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootVolume {
    pub device_name: String,
    pub volume_id: String,
    pub attach_time: Millis,
    pub delete_on_termination: bool,
    pub size_gib: u32,
    pub volume_type: String,
    pub encrypted: bool,
    pub iops: Option<u32>,
    pub throughput: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    pub id: String,
    pub reservation_id: String,
    pub region: &'static str,
    pub image_id: String,
    pub instance_type: String,
    pub az: String,
    pub az_id: String,
    pub launch_index: u32,
    pub launch_time: Millis,
    pub state: InstanceState,
    /// `(code, message)` of the last transition (BC:ec2/StateReason).
    pub state_reason: Option<(String, String)>,
    pub transition_reason: String,
    /// Network: none once terminated (the primary ENI is deleted with the instance).
    pub network: Option<NetworkAttachment>,
    pub key_name: Option<String>,
    pub client_token: String,
    pub architecture: String,
    pub root_device_type: String,
    pub root_device_name: String,
    pub root_volume: Option<RootVolume>,
    /// Instance-store devices (`ephemeral0`..), from the type's disks.
    pub ephemeral: Vec<String>,
    pub virtualization_type: String,
    pub hypervisor: String,
    pub platform: Option<String>,
    pub platform_details: String,
    pub usage_operation: String,
    pub boot_mode: Option<String>,
    /// The firmware the instance actually boots with: `uefi` or `legacy-bios`.
    pub current_boot_mode: String,
    pub product_codes: Vec<(String, String)>,
    pub disable_api_termination: bool,
    pub disable_api_stop: bool,
    pub shutdown_behavior: ShutdownBehavior,
    pub hibernation_configured: bool,
    /// The last stop was a hibernation (RAM kept on the root volume).
    pub hibernated: bool,
    /// Base64, as stored by AWS.
    pub user_data: Option<String>,
    /// `standard` or `unlimited` for burstable types.
    pub credit_specification: Option<String>,
    pub detailed_monitoring: bool,
    /// Every stretch of `running` as `(entered, left)` (`left` is None while still running): what
    /// the bill charges and what metrics sample. Reboots stay inside one stretch.
    pub run_periods: Vec<(Millis, Option<Millis>)>,
    pub iam_instance_profile: Option<(String, String)>,
    pub ebs_optimized: bool,
    pub ena_support: bool,
    pub sriov_net_support: bool,
    pub tenancy: String,
    pub placement_group: Option<String>,
    pub http_tokens: String,
    pub cpu_cores: u32,
    pub threads_per_core: u32,
    /// Bumped on every transition, so an event scheduled for an earlier one is ignored.
    pub generation: u64,
    pub system_status: StatusCheck,
    pub instance_status: StatusCheck,
    /// While a reboot is under way the OS is down until this instant; the state stays `running`.
    pub rebooting_until: Option<Millis>,
    pub terminated_at: Option<Millis>,
    /// Launches and starts so far: each entry into `running` starts a new billing minimum.
    pub starts: u32,
    /// The Spot Instance request behind a Spot Instance (`InstanceLifecycle: spot`); None on demand.
    pub spot_request_id: Option<String>,
}

impl Instance {
    pub fn is_instance_store_backed(&self) -> bool {
        self.root_device_type == "instance-store"
    }
}

#[cfg(test)]
mod tests {
    use super::InstanceState::*;

    #[test]
    fn codes_names_and_billing_follow_aws() {
        let codes: Vec<(i64, &str)> = [Pending, Running, ShuttingDown, Terminated, Stopping, Stopped].iter().map(|s| (s.code(), s.name())).collect();
        assert_eq!(codes, vec![(0, "pending"), (16, "running"), (32, "shutting-down"), (48, "terminated"), (64, "stopping"), (80, "stopped")]);
        let billed: Vec<_> = super::InstanceState::ALL.into_iter().filter(|s| s.billed(false)).collect();
        assert_eq!(billed, vec![Running]);
        assert!(Stopping.billed(true) && !Stopped.billed(true) && !Pending.billed(true));
    }

    #[test]
    fn terminated_is_final_and_stopped_cannot_skip_pending() {
        assert!(super::InstanceState::ALL.iter().all(|s| !Terminated.can_move_to(*s)));
        assert!(!Stopped.can_move_to(Running));
        assert!(!Running.can_move_to(Stopped));
        assert!(!Running.can_move_to(Terminated));
    }
}
