//! The `autoscaling` service (Amazon EC2 Auto Scaling). One file per group of operations; the rules live in their domain.
mod activities;
mod groups;
mod policies;
mod shapes;

use super::{handle, Answer};
use crate::error::ApiError;
use crate::world::World;
use serde_json::Value;

pub const OPERATIONS: &[&str] = &[
    // groups
    "CreateAutoScalingGroup",
    "UpdateAutoScalingGroup",
    "DeleteAutoScalingGroup",
    "DescribeAutoScalingGroups",
    "DescribeAutoScalingInstances",
    "SetDesiredCapacity",
    "TerminateInstanceInAutoScalingGroup",
    "SetInstanceHealth",
    // target groups
    "AttachLoadBalancerTargetGroups",
    "DetachLoadBalancerTargetGroups",
    "DescribeLoadBalancerTargetGroups",
    // activities
    "DescribeScalingActivities",
    // policies
    "PutScalingPolicy",
    "DescribePolicies",
    "DeletePolicy",
    "ExecutePolicy",
];

pub fn dispatch(w: &mut World, region: &str, op: &str, p: Value) -> Option<Result<Answer, ApiError>> {
    Some(match op {
        "CreateAutoScalingGroup" => handle(p, |r| groups::create_auto_scaling_group(w, region, r)),
        "UpdateAutoScalingGroup" => handle(p, |r| groups::update_auto_scaling_group(w, region, r)),
        "DeleteAutoScalingGroup" => handle(p, |r| groups::delete_auto_scaling_group(w, region, r)),
        "DescribeAutoScalingGroups" => handle(p, |r| groups::describe_auto_scaling_groups(w, region, r)),
        "DescribeAutoScalingInstances" => handle(p, |r| groups::describe_auto_scaling_instances(w, region, r)),
        "SetDesiredCapacity" => handle(p, |r| groups::set_desired_capacity(w, region, r)),
        "TerminateInstanceInAutoScalingGroup" => handle(p, |r| groups::terminate_instance_in_auto_scaling_group(w, region, r)),
        "SetInstanceHealth" => handle(p, |r| groups::set_instance_health(w, region, r)),
        "AttachLoadBalancerTargetGroups" => handle(p, |r| groups::attach_load_balancer_target_groups(w, region, r)),
        "DetachLoadBalancerTargetGroups" => handle(p, |r| groups::detach_load_balancer_target_groups(w, region, r)),
        "DescribeLoadBalancerTargetGroups" => handle(p, |r| groups::describe_load_balancer_target_groups(w, region, r)),
        "DescribeScalingActivities" => handle(p, |r| activities::describe_scaling_activities(w, region, r)),
        "PutScalingPolicy" => handle(p, |r| policies::put_scaling_policy(w, region, r)),
        "DescribePolicies" => handle(p, |r| policies::describe_policies(w, region, r)),
        "DeletePolicy" => handle(p, |r| policies::delete_policy(w, region, r)),
        "ExecutePolicy" => handle(p, |r| policies::execute_policy(w, region, r)),
        _ => return None,
    })
}
