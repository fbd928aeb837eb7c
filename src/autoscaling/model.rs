//! The resources of Auto Scaling: groups, their members, scaling activities, policies.
use crate::sim::Millis;
use std::collections::BTreeMap;

/// BC:as/LifecycleState, main path (no lifecycle hooks, warm pools or standby are modelled).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lifecycle {
    Pending,
    InService,
    Terminating,
    Terminated,
}

impl Lifecycle {
    pub fn name(self) -> &'static str {
        match self {
            Lifecycle::Pending => "Pending",
            Lifecycle::InService => "InService",
            Lifecycle::Terminating => "Terminating",
            Lifecycle::Terminated => "Terminated",
        }
    }
}

/// Why a member was taken out of service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unhealthy {
    /// Stopped, stopping, shutting down or terminated (EC2 health check).
    Ec2,
    /// `unhealthy` in an attached target group after the grace period (ELB health check).
    Elb,
    /// SetInstanceHealth.
    User,
}

/// The group's launch template as the request named it (`Version` kept as given: `$Latest`,
/// `$Default` or a number; resolved at each launch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateRef {
    pub id: String,
    pub name: String,
    pub version: String,
}

/// One instance in a group.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub id: String,
    pub az: String,
    pub subnet_id: String,
    pub instance_type: String,
    pub image_id: String,
    pub lifecycle: Lifecycle,
    pub unhealthy: Option<Unhealthy>,
    /// The template and the version number it was launched from.
    pub template: TemplateRef,
    pub template_version: i64,
    pub launched_at: Millis,
    pub in_service_at: Option<Millis>,
    /// While Terminating: when deregistration draining is over and the instance is terminated.
    pub terminate_at: Option<Millis>,
    /// The EC2 TerminateInstances call has been made.
    pub terminate_called: bool,
    pub protected_from_scale_in: bool,
    pub launch_activity: String,
    pub terminate_activity: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupTag {
    pub key: String,
    pub value: String,
    pub propagate_at_launch: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub name: String,
    pub arn: String,
    pub template: TemplateRef,
    pub min: i64,
    pub max: i64,
    pub desired: i64,
    pub default_cooldown: i64,
    /// `EC2` or `ELB`.
    pub health_check_type: String,
    pub grace_s: i64,
    /// VPCZoneIdentifier's subnets, in the order given; `azs` are theirs (deduplicated, sorted).
    pub subnets: Vec<String>,
    pub azs: Vec<String>,
    pub target_groups: Vec<String>,
    pub termination_policies: Vec<String>,
    pub new_instances_protected: bool,
    pub default_instance_warmup: Option<i64>,
    pub tags: Vec<GroupTag>,
    pub created_at: Millis,
    pub members: BTreeMap<String, Member>,
    /// Simple scaling waits until then before answering another alarm.
    pub cooldown_until: Millis,
    /// The reason for the last change of desired capacity, prefixed to the causes of the
    /// launches and terminations it leads to ("At ... a user request ... changing the desired
    /// capacity from 1 to 2.").
    pub pending_cause: Option<String>,
    /// Launch failures in a row and when the next attempt may be made (backoff).
    pub launch_failures: u32,
    pub retry_at: Millis,
    /// DeleteAutoScalingGroup with ForceDelete: terminating everything, then gone.
    pub deleting: bool,
    /// An AZ rebalance launched one instance in the emptiest AZ; one in the fullest AZ is
    /// terminated once it is in service (launch before terminate, AS:ec2-auto-scaling-benefits).
    pub rebalancing: bool,
}

impl Group {
    /// Members that count toward capacity: Pending or InService and not marked unhealthy.
    pub fn capacity(&self) -> i64 {
        self.members.values().filter(|m| matches!(m.lifecycle, Lifecycle::Pending | Lifecycle::InService) && m.unhealthy.is_none()).count() as i64
    }
}

/// One scaling activity (BC:as/Activity), newest last in the region's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub id: String,
    pub group: String,
    pub group_arn: String,
    pub description: String,
    pub cause: String,
    pub start: Millis,
    pub end: Option<Millis>,
    /// BC:as/ScalingActivityStatusCode: `InProgress`, `WaitingForELBConnectionDraining`, `Successful`, `Failed`, ...
    pub status: String,
    pub message: Option<String>,
    pub progress: i64,
    /// JSON text as AWS gives it: `{"Subnet ID":"subnet-...","Availability Zone":"us-east-1a"}`.
    pub details: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyType {
    Simple,
    Step,
    TargetTracking,
}

impl PolicyType {
    pub fn name(self) -> &'static str {
        match self {
            PolicyType::Simple => "SimpleScaling",
            PolicyType::Step => "StepScaling",
            PolicyType::TargetTracking => "TargetTrackingScaling",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub adjustment: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TargetTracking {
    /// `ASGAverageCPUUtilization`, `ASGAverageNetworkIn`, `ASGAverageNetworkOut`, `ALBRequestCountPerTarget`.
    pub metric_type: String,
    pub resource_label: Option<String>,
    pub target: f64,
    pub disable_scale_in: bool,
    pub high_alarm: String,
    pub low_alarm: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub arn: String,
    pub name: String,
    pub group: String,
    pub kind: PolicyType,
    pub adjustment_type: Option<String>,
    pub min_adjustment_magnitude: Option<i64>,
    pub scaling_adjustment: Option<i64>,
    pub cooldown: Option<i64>,
    pub steps: Vec<Step>,
    pub metric_aggregation_type: Option<String>,
    pub warmup: Option<i64>,
    pub target_tracking: Option<TargetTracking>,
    pub enabled: bool,
    /// Target tracking: when this policy's low alarm last asked to scale in (and what capacity
    /// it wanted); scale-in happens only when every target-tracking policy of the group agrees.
    pub last_low: Option<(Millis, i64)>,
}
