//! The `elbv2` service (Elastic Load Balancing v2). One file per group of operations; the
//! rules live in `src/elb`.
use super::{handle, Answer};
use crate::error::ApiError;
use crate::world::World;
use serde_json::Value;

// ctl-lb: load balancers, listeners, rules, tags, limits.
mod limits;
mod listeners;
mod load_balancers;
mod rules;
mod shared;
mod tags;
// ctl-tg: target groups, targets, health.
mod target_groups;
mod target_health;

pub const OPERATIONS: &[&str] = &[
    // load balancers (ctl-lb)
    "CreateLoadBalancer",
    "DescribeLoadBalancers",
    "DeleteLoadBalancer",
    "DescribeLoadBalancerAttributes",
    "ModifyLoadBalancerAttributes",
    "SetSecurityGroups",
    "SetSubnets",
    // listeners (ctl-lb)
    "CreateListener",
    "ModifyListener",
    "DeleteListener",
    "DescribeListeners",
    // rules (ctl-lb)
    "CreateRule",
    "ModifyRule",
    "SetRulePriorities",
    "DeleteRule",
    "DescribeRules",
    // tags and limits (ctl-lb)
    "AddTags",
    "RemoveTags",
    "DescribeTags",
    "DescribeAccountLimits",
    // target groups and targets (ctl-tg)
    "CreateTargetGroup",
    "DescribeTargetGroups",
    "ModifyTargetGroup",
    "DeleteTargetGroup",
    "ModifyTargetGroupAttributes",
    "DescribeTargetGroupAttributes",
    "RegisterTargets",
    "DeregisterTargets",
    "DescribeTargetHealth",
];

pub fn dispatch(w: &mut World, region: &str, op: &str, p: Value) -> Option<Result<Answer, ApiError>> {
    Some(match op {
        // load balancers (ctl-lb)
        "CreateLoadBalancer" => handle(p, |r| load_balancers::create_load_balancer(w, region, r)),
        "DescribeLoadBalancers" => handle(p, |r| load_balancers::describe_load_balancers(w, region, r)),
        "DeleteLoadBalancer" => handle(p, |r| load_balancers::delete_load_balancer(w, region, r)),
        "DescribeLoadBalancerAttributes" => handle(p, |r| load_balancers::describe_load_balancer_attributes(w, region, r)),
        "ModifyLoadBalancerAttributes" => handle(p, |r| load_balancers::modify_load_balancer_attributes(w, region, r)),
        "SetSecurityGroups" => handle(p, |r| load_balancers::set_security_groups(w, region, r)),
        "SetSubnets" => handle(p, |r| load_balancers::set_subnets(w, region, r)),
        // listeners (ctl-lb)
        "CreateListener" => handle(p, |r| listeners::create_listener(w, region, r)),
        "ModifyListener" => handle(p, |r| listeners::modify_listener(w, region, r)),
        "DeleteListener" => handle(p, |r| listeners::delete_listener(w, region, r)),
        "DescribeListeners" => handle(p, |r| listeners::describe_listeners(w, region, r)),
        // rules (ctl-lb)
        "CreateRule" => handle(p, |r| rules::create_rule(w, region, r)),
        "ModifyRule" => handle(p, |r| rules::modify_rule(w, region, r)),
        "SetRulePriorities" => handle(p, |r| rules::set_rule_priorities(w, region, r)),
        "DeleteRule" => handle(p, |r| rules::delete_rule(w, region, r)),
        "DescribeRules" => handle(p, |r| rules::describe_rules(w, region, r)),
        // tags and limits (ctl-lb)
        "AddTags" => handle(p, |r| tags::add_tags(w, region, r)),
        "RemoveTags" => handle(p, |r| tags::remove_tags(w, region, r)),
        "DescribeTags" => handle(p, |r| tags::describe_tags(w, region, r)),
        "DescribeAccountLimits" => handle(p, |r| limits::describe_account_limits(w, region, r)),
        // target groups and targets (ctl-tg)
        "CreateTargetGroup" => handle(p, |r| target_groups::create_target_group(w, region, r)),
        "DescribeTargetGroups" => handle(p, |r| target_groups::describe_target_groups(w, region, r)),
        "ModifyTargetGroup" => handle(p, |r| target_groups::modify_target_group(w, region, r)),
        "DeleteTargetGroup" => handle(p, |r| target_groups::delete_target_group(w, region, r)),
        "ModifyTargetGroupAttributes" => handle(p, |r| target_groups::modify_target_group_attributes(w, region, r)),
        "DescribeTargetGroupAttributes" => handle(p, |r| target_groups::describe_target_group_attributes(w, region, r)),
        "RegisterTargets" => handle(p, |r| target_health::register_targets(w, region, r)),
        "DeregisterTargets" => handle(p, |r| target_health::deregister_targets(w, region, r)),
        "DescribeTargetHealth" => handle(p, |r| target_health::describe_target_health(w, region, r)),
        _ => return None,
    })
}
