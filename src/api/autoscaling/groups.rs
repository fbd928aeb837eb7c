//! CreateAutoScalingGroup, UpdateAutoScalingGroup, DeleteAutoScalingGroup,
//! DescribeAutoScalingGroups, DescribeAutoScalingInstances, SetDesiredCapacity,
//! TerminateInstanceInAutoScalingGroup, SetInstanceHealth, Attach/Detach/DescribeLoadBalancerTargetGroups.
use super::shapes::{page, ActivityShape, Empty, TemplateShape};
use crate::api::Timestamp;
use crate::autoscaling::group::{self, GroupSpec};
use crate::autoscaling::{Group, GroupTag, Member};
use crate::error::ApiError;
use crate::world::{World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TemplateSpec {
    launch_template_id: Option<String>,
    launch_template_name: Option<String>,
    version: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TagIn {
    resource_id: Option<String>,
    resource_type: Option<String>,
    key: String,
    value: Option<String>,
    propagate_at_launch: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateAutoScalingGroupRequest {
    auto_scaling_group_name: String,
    launch_configuration_name: Option<String>,
    launch_template: Option<TemplateSpec>,
    mixed_instances_policy: Option<Value>,
    instance_id: Option<String>,
    min_size: i64,
    max_size: i64,
    desired_capacity: Option<i64>,
    default_cooldown: Option<i64>,
    availability_zones: Option<Vec<String>>,
    availability_zone_ids: Option<Vec<String>>,
    load_balancer_names: Option<Vec<String>>,
    #[serde(rename = "TargetGroupARNs")]
    target_group_arns: Option<Vec<String>>,
    health_check_type: Option<String>,
    health_check_grace_period: Option<i64>,
    placement_group: Option<String>,
    #[serde(rename = "VPCZoneIdentifier")]
    vpc_zone_identifier: Option<String>,
    termination_policies: Option<Vec<String>>,
    new_instances_protected_from_scale_in: Option<bool>,
    capacity_rebalance: Option<bool>,
    lifecycle_hook_specification_list: Option<Value>,
    deletion_protection: Option<String>,
    tags: Option<Vec<TagIn>>,
    #[serde(rename = "ServiceLinkedRoleARN")]
    service_linked_role_arn: Option<String>,
    max_instance_lifetime: Option<i64>,
    context: Option<String>,
    desired_capacity_type: Option<String>,
    default_instance_warmup: Option<i64>,
    traffic_sources: Option<Value>,
    instance_maintenance_policy: Option<Value>,
    availability_zone_distribution: Option<Value>,
    availability_zone_impairment_policy: Option<Value>,
    skip_zonal_shift_validation: Option<bool>,
    capacity_reservation_specification: Option<Value>,
    instance_lifecycle_policy: Option<Value>,
}

fn not_modelled(what: &str) -> ApiError {
    ApiError::new("NotImplemented", format!("ec2lab does not simulate {what} for Auto Scaling groups.")).status(501).hint(
        format!("{what} is a real parameter, but ec2lab has not modelled it; leave it out."),
        format!("{what}은(는) 실제 파라미터지만 ec2lab은 아직 시뮬레이션하지 않습니다. 빼고 호출하세요."),
    )
}

fn source_of(lc: &Option<String>, mixed: &Option<Value>, instance: &Option<String>) -> Option<&'static str> {
    if lc.is_some() {
        Some("LaunchConfigurationName")
    } else if mixed.is_some() {
        Some("MixedInstancesPolicy")
    } else if instance.is_some() {
        Some("InstanceId")
    } else {
        None
    }
}

fn tags_of(tags: Option<Vec<TagIn>>) -> Vec<GroupTag> {
    tags.into_iter()
        .flatten()
        .map(|t| {
            let _ = (t.resource_id, t.resource_type);
            GroupTag { key: t.key, value: t.value.unwrap_or_default(), propagate_at_launch: t.propagate_at_launch.unwrap_or(false) }
        })
        .collect()
}

pub fn create_auto_scaling_group(w: &mut World, region: &str, r: CreateAutoScalingGroupRequest) -> Result<Empty, ApiError> {
    let _ = (
        r.placement_group,
        r.capacity_rebalance,
        r.deletion_protection,
        r.service_linked_role_arn,
        r.context,
        r.desired_capacity_type,
        r.skip_zonal_shift_validation,
    );
    let _ = (
        r.max_instance_lifetime,
        r.instance_maintenance_policy,
        r.availability_zone_distribution,
        r.availability_zone_impairment_policy,
        r.capacity_reservation_specification,
        r.instance_lifecycle_policy,
    );
    if r.load_balancer_names.as_ref().is_some_and(|v| !v.is_empty()) {
        return Err(not_modelled("Classic Load Balancers (LoadBalancerNames)"));
    }
    if r.lifecycle_hook_specification_list.is_some() {
        return Err(not_modelled("lifecycle hooks"));
    }
    if r.traffic_sources.is_some() {
        return Err(not_modelled("TrafficSources (use TargetGroupARNs)"));
    }
    if r.availability_zone_ids.is_some() {
        return Err(not_modelled("AvailabilityZoneIds (use VPCZoneIdentifier or AvailabilityZones)"));
    }
    let t = r.launch_template.unwrap_or(TemplateSpec { launch_template_id: None, launch_template_name: None, version: None });
    let spec = GroupSpec {
        name: r.auto_scaling_group_name,
        other_source: source_of(&r.launch_configuration_name, &r.mixed_instances_policy, &r.instance_id),
        template_id: t.launch_template_id,
        template_name: t.launch_template_name,
        template_version: t.version,
        min: Some(r.min_size),
        max: Some(r.max_size),
        desired: r.desired_capacity,
        default_cooldown: r.default_cooldown,
        azs: r.availability_zones.unwrap_or_default(),
        vpc_zone_identifier: r.vpc_zone_identifier,
        target_groups: r.target_group_arns.unwrap_or_default(),
        health_check_type: r.health_check_type,
        grace_s: r.health_check_grace_period,
        termination_policies: r.termination_policies,
        new_instances_protected: r.new_instances_protected_from_scale_in,
        default_instance_warmup: r.default_instance_warmup,
        tags: tags_of(r.tags),
    };
    group::create(w, region, spec)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UpdateAutoScalingGroupRequest {
    auto_scaling_group_name: String,
    launch_configuration_name: Option<String>,
    launch_template: Option<TemplateSpec>,
    mixed_instances_policy: Option<Value>,
    min_size: Option<i64>,
    max_size: Option<i64>,
    desired_capacity: Option<i64>,
    default_cooldown: Option<i64>,
    availability_zones: Option<Vec<String>>,
    availability_zone_ids: Option<Vec<String>>,
    health_check_type: Option<String>,
    health_check_grace_period: Option<i64>,
    placement_group: Option<String>,
    #[serde(rename = "VPCZoneIdentifier")]
    vpc_zone_identifier: Option<String>,
    termination_policies: Option<Vec<String>>,
    new_instances_protected_from_scale_in: Option<bool>,
    #[serde(rename = "ServiceLinkedRoleARN")]
    service_linked_role_arn: Option<String>,
    max_instance_lifetime: Option<i64>,
    capacity_rebalance: Option<bool>,
    context: Option<String>,
    desired_capacity_type: Option<String>,
    default_instance_warmup: Option<i64>,
    instance_maintenance_policy: Option<Value>,
    availability_zone_distribution: Option<Value>,
    availability_zone_impairment_policy: Option<Value>,
    skip_zonal_shift_validation: Option<bool>,
    capacity_reservation_specification: Option<Value>,
    instance_lifecycle_policy: Option<Value>,
    deletion_protection: Option<String>,
}

pub fn update_auto_scaling_group(w: &mut World, region: &str, r: UpdateAutoScalingGroupRequest) -> Result<Empty, ApiError> {
    let _ = (r.placement_group, r.service_linked_role_arn, r.max_instance_lifetime, r.capacity_rebalance, r.context, r.desired_capacity_type);
    let _ = (r.instance_maintenance_policy, r.availability_zone_distribution, r.availability_zone_impairment_policy, r.skip_zonal_shift_validation);
    let _ = (r.capacity_reservation_specification, r.instance_lifecycle_policy, r.deletion_protection);
    if r.availability_zone_ids.is_some() {
        return Err(not_modelled("AvailabilityZoneIds (use VPCZoneIdentifier or AvailabilityZones)"));
    }
    let t = r.launch_template.unwrap_or(TemplateSpec { launch_template_id: None, launch_template_name: None, version: None });
    let spec = GroupSpec {
        name: r.auto_scaling_group_name,
        other_source: source_of(&r.launch_configuration_name, &r.mixed_instances_policy, &None),
        template_id: t.launch_template_id,
        template_name: t.launch_template_name,
        template_version: t.version,
        min: r.min_size,
        max: r.max_size,
        desired: r.desired_capacity,
        default_cooldown: r.default_cooldown,
        azs: r.availability_zones.unwrap_or_default(),
        vpc_zone_identifier: r.vpc_zone_identifier,
        target_groups: vec![],
        health_check_type: r.health_check_type,
        grace_s: r.health_check_grace_period,
        termination_policies: r.termination_policies,
        new_instances_protected: r.new_instances_protected_from_scale_in,
        default_instance_warmup: r.default_instance_warmup,
        tags: vec![],
    };
    group::update(w, region, spec)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteAutoScalingGroupRequest {
    auto_scaling_group_name: String,
    force_delete: Option<bool>,
}

pub fn delete_auto_scaling_group(w: &mut World, region: &str, r: DeleteAutoScalingGroupRequest) -> Result<Empty, ApiError> {
    group::delete(w, region, &r.auto_scaling_group_name, r.force_delete.unwrap_or(false))?;
    Ok(Empty {})
}

/// BC:as/Instance (a member as DescribeAutoScalingGroups lists it).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceShape {
    instance_id: String,
    instance_type: String,
    availability_zone: String,
    lifecycle_state: String,
    health_status: String,
    launch_template: TemplateShape,
    protected_from_scale_in: bool,
}

fn health_status(m: &Member) -> String {
    if m.unhealthy.is_some() { "Unhealthy" } else { "Healthy" }.to_string()
}

fn instance_shape(m: &Member) -> InstanceShape {
    InstanceShape {
        instance_id: m.id.clone(),
        instance_type: m.instance_type.clone(),
        availability_zone: m.az.clone(),
        lifecycle_state: m.lifecycle.name().to_string(),
        health_status: health_status(m),
        launch_template: (&m.template).into(),
        protected_from_scale_in: m.protected_from_scale_in,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagDescription {
    resource_id: String,
    resource_type: String,
    key: String,
    value: String,
    propagate_at_launch: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TrafficSource {
    identifier: String,
    #[serde(rename = "Type")]
    kind: String,
}

/// BC:as/AutoScalingGroup, members in the model's order.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupShape {
    auto_scaling_group_name: String,
    #[serde(rename = "AutoScalingGroupARN")]
    auto_scaling_group_arn: String,
    launch_template: TemplateShape,
    min_size: i64,
    max_size: i64,
    desired_capacity: i64,
    default_cooldown: i64,
    availability_zones: Vec<String>,
    load_balancer_names: Vec<String>,
    #[serde(rename = "TargetGroupARNs")]
    target_group_arns: Vec<String>,
    health_check_type: String,
    health_check_grace_period: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    instances: Option<Vec<InstanceShape>>,
    created_time: Timestamp,
    suspended_processes: Vec<Value>,
    #[serde(rename = "VPCZoneIdentifier")]
    vpc_zone_identifier: String,
    enabled_metrics: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    tags: Vec<TagDescription>,
    termination_policies: Vec<String>,
    new_instances_protected_from_scale_in: bool,
    #[serde(rename = "ServiceLinkedRoleARN")]
    service_linked_role_arn: String,
    capacity_rebalance: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_instance_warmup: Option<i64>,
    traffic_sources: Vec<TrafficSource>,
}

fn group_shape(g: &Group, include_instances: bool) -> GroupShape {
    GroupShape {
        auto_scaling_group_name: g.name.clone(),
        auto_scaling_group_arn: g.arn.clone(),
        launch_template: (&g.template).into(),
        min_size: g.min,
        max_size: g.max,
        desired_capacity: g.desired,
        default_cooldown: g.default_cooldown,
        availability_zones: g.azs.clone(),
        load_balancer_names: vec![],
        target_group_arns: g.target_groups.clone(),
        health_check_type: g.health_check_type.clone(),
        health_check_grace_period: g.grace_s,
        instances: include_instances.then(|| g.members.values().map(instance_shape).collect()),
        created_time: Timestamp(g.created_at),
        suspended_processes: vec![],
        vpc_zone_identifier: g.subnets.join(","),
        enabled_metrics: vec![],
        status: g.deleting.then(|| "Delete in progress".to_string()),
        tags: g
            .tags
            .iter()
            .map(|t| TagDescription {
                resource_id: g.name.clone(),
                resource_type: "auto-scaling-group".into(),
                key: t.key.clone(),
                value: t.value.clone(),
                propagate_at_launch: t.propagate_at_launch,
            })
            .collect(),
        termination_policies: g.termination_policies.clone(),
        new_instances_protected_from_scale_in: g.new_instances_protected,
        service_linked_role_arn: format!("arn:aws:iam::{ACCOUNT_ID}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"),
        capacity_rebalance: false,
        default_instance_warmup: g.default_instance_warmup,
        traffic_sources: g.target_groups.iter().map(|a| TrafficSource { identifier: a.clone(), kind: "elbv2".into() }).collect(),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct FilterIn {
    name: Option<String>,
    values: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAutoScalingGroupsRequest {
    auto_scaling_group_names: Option<Vec<String>>,
    include_instances: Option<bool>,
    next_token: Option<String>,
    max_records: Option<i64>,
    filters: Option<Vec<FilterIn>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAutoScalingGroupsResponse {
    auto_scaling_groups: Vec<GroupShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// Filters of DescribeAutoScalingGroups: `tag-key`, `tag-value`, `tag:<key>`.
fn filter_match(g: &Group, f: &FilterIn) -> Result<bool, ApiError> {
    let name = f.name.clone().unwrap_or_default();
    let values = f.values.clone().unwrap_or_default();
    let any = |pred: &dyn Fn(&GroupTag) -> bool| g.tags.iter().any(pred);
    Ok(match name.as_str() {
        "tag-key" => any(&|t| values.contains(&t.key)),
        "tag-value" => any(&|t| values.contains(&t.value)),
        n if n.starts_with("tag:") => {
            let k = &n[4..];
            any(&|t| t.key == k && values.contains(&t.value))
        }
        _ => {
            return Err(crate::autoscaling::errors::validation(
                format!("Filter name '{name}' is invalid."),
                "DescribeAutoScalingGroups filters: tag-key, tag-value, tag:<key>.",
                "DescribeAutoScalingGroups 필터: tag-key, tag-value, tag:<key>.",
            ))
        }
    })
}

pub fn describe_auto_scaling_groups(w: &World, region: &str, r: DescribeAutoScalingGroupsRequest) -> Result<DescribeAutoScalingGroupsResponse, ApiError> {
    let reg = w.region(region)?;
    let mut out = Vec::new();
    for g in reg.autoscaling.groups.values() {
        if r.auto_scaling_group_names.as_ref().is_some_and(|n| !n.is_empty() && !n.contains(&g.name)) {
            continue;
        }
        let mut keep = true;
        for f in r.filters.iter().flatten() {
            keep &= filter_match(g, f)?;
        }
        if keep {
            out.push(g);
        }
    }
    let p = page(out, r.max_records, r.next_token.as_deref(), 100)?;
    let inc = r.include_instances.unwrap_or(true);
    Ok(DescribeAutoScalingGroupsResponse { auto_scaling_groups: p.items.into_iter().map(|g| group_shape(g, inc)).collect(), next_token: p.next_token })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAutoScalingInstancesRequest {
    instance_ids: Option<Vec<String>>,
    max_records: Option<i64>,
    next_token: Option<String>,
}

/// BC:as/AutoScalingInstanceDetails.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceDetails {
    instance_id: String,
    instance_type: String,
    auto_scaling_group_name: String,
    availability_zone: String,
    lifecycle_state: String,
    health_status: String,
    launch_template: TemplateShape,
    protected_from_scale_in: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAutoScalingInstancesResponse {
    auto_scaling_instances: Vec<InstanceDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

pub fn describe_auto_scaling_instances(
    w: &World,
    region: &str,
    r: DescribeAutoScalingInstancesRequest,
) -> Result<DescribeAutoScalingInstancesResponse, ApiError> {
    let reg = w.region(region)?;
    let mut out = Vec::new();
    for g in reg.autoscaling.groups.values() {
        for m in g.members.values() {
            if r.instance_ids.as_ref().is_some_and(|ids| !ids.is_empty() && !ids.contains(&m.id)) {
                continue;
            }
            out.push(InstanceDetails {
                instance_id: m.id.clone(),
                instance_type: m.instance_type.clone(),
                auto_scaling_group_name: g.name.clone(),
                availability_zone: m.az.clone(),
                lifecycle_state: m.lifecycle.name().to_string(),
                health_status: health_status(m).to_uppercase(),
                launch_template: (&m.template).into(),
                protected_from_scale_in: m.protected_from_scale_in,
            });
        }
    }
    out.sort_by(|a, b| a.instance_id.cmp(&b.instance_id));
    let p = page(out, r.max_records, r.next_token.as_deref(), 50)?;
    Ok(DescribeAutoScalingInstancesResponse { auto_scaling_instances: p.items, next_token: p.next_token })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetDesiredCapacityRequest {
    auto_scaling_group_name: String,
    desired_capacity: i64,
    honor_cooldown: Option<bool>,
}

pub fn set_desired_capacity(w: &mut World, region: &str, r: SetDesiredCapacityRequest) -> Result<Empty, ApiError> {
    group::set_desired(w, region, &r.auto_scaling_group_name, r.desired_capacity, r.honor_cooldown.unwrap_or(false))?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TerminateInstanceInAutoScalingGroupRequest {
    instance_id: String,
    should_decrement_desired_capacity: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TerminateInstanceInAutoScalingGroupResponse {
    activity: ActivityShape,
}

pub fn terminate_instance_in_auto_scaling_group(
    w: &mut World,
    region: &str,
    r: TerminateInstanceInAutoScalingGroupRequest,
) -> Result<TerminateInstanceInAutoScalingGroupResponse, ApiError> {
    let id = group::terminate_member(w, region, &r.instance_id, r.should_decrement_desired_capacity)?;
    let a = w.region(region)?.autoscaling.activities.iter().rev().find(|a| a.id == id).expect("activity recorded");
    Ok(TerminateInstanceInAutoScalingGroupResponse { activity: a.into() })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetInstanceHealthRequest {
    instance_id: String,
    health_status: String,
    should_respect_grace_period: Option<bool>,
}

pub fn set_instance_health(w: &mut World, region: &str, r: SetInstanceHealthRequest) -> Result<Empty, ApiError> {
    group::set_health(w, region, &r.instance_id, &r.health_status, r.should_respect_grace_period.unwrap_or(true))?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetGroupsRequest {
    auto_scaling_group_name: String,
    #[serde(rename = "TargetGroupARNs")]
    target_group_arns: Vec<String>,
}

pub fn attach_load_balancer_target_groups(w: &mut World, region: &str, r: TargetGroupsRequest) -> Result<Empty, ApiError> {
    group::attach_target_groups(w, region, &r.auto_scaling_group_name, &r.target_group_arns)?;
    Ok(Empty {})
}

pub fn detach_load_balancer_target_groups(w: &mut World, region: &str, r: TargetGroupsRequest) -> Result<Empty, ApiError> {
    group::detach_target_groups(w, region, &r.auto_scaling_group_name, &r.target_group_arns)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeLoadBalancerTargetGroupsRequest {
    auto_scaling_group_name: String,
    next_token: Option<String>,
    max_records: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroupState {
    #[serde(rename = "LoadBalancerTargetGroupARN")]
    arn: String,
    state: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLoadBalancerTargetGroupsResponse {
    load_balancer_target_groups: Vec<TargetGroupState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

pub fn describe_load_balancer_target_groups(
    w: &World,
    region: &str,
    r: DescribeLoadBalancerTargetGroupsRequest,
) -> Result<DescribeLoadBalancerTargetGroupsResponse, ApiError> {
    let g = group::get(w, region, &r.auto_scaling_group_name)?;
    // `InService` once at least one member passed the group's health check (AWS: Adding → Added → InService).
    let state = if g.members.values().any(|m| m.lifecycle == crate::autoscaling::Lifecycle::InService) { "InService" } else { "Added" };
    let items: Vec<TargetGroupState> = g.target_groups.iter().map(|a| TargetGroupState { arn: a.clone(), state: state.into() }).collect();
    let p = page(items, r.max_records, r.next_token.as_deref(), 100)?;
    Ok(DescribeLoadBalancerTargetGroupsResponse { load_balancer_target_groups: p.items, next_token: p.next_token })
}
