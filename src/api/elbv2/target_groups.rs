//! CreateTargetGroup, DescribeTargetGroups, ModifyTargetGroup, DeleteTargetGroup,
//! ModifyTargetGroupAttributes, DescribeTargetGroupAttributes.
use super::shared::{attribute_changes, AttributeShape, AttributesResponse, Empty};
use crate::api::Tag;
use crate::elb::target_group::{self as tgs, CreateSpec, HealthSpec};
use crate::elb::TargetGroup;
use crate::error::ApiError;
use crate::world::{Region, World};
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MatcherShape {
    http_code: Option<String>,
    grpc_code: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateTargetGroupRequest {
    name: String,
    protocol: Option<String>,
    protocol_version: Option<String>,
    port: Option<i64>,
    vpc_id: Option<String>,
    health_check_protocol: Option<String>,
    health_check_port: Option<String>,
    health_check_enabled: Option<bool>,
    health_check_path: Option<String>,
    health_check_interval_seconds: Option<i64>,
    health_check_timeout_seconds: Option<i64>,
    healthy_threshold_count: Option<i64>,
    unhealthy_threshold_count: Option<i64>,
    matcher: Option<MatcherShape>,
    target_type: Option<String>,
    tags: Option<Vec<Tag>>,
    ip_address_type: Option<String>,
    target_control_port: Option<i64>,
}

/// botocore's `Matcher`: HttpCode, or GrpcCode for GRPC groups.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MatcherOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    http_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grpc_code: Option<String>,
}

/// botocore's `TargetGroup`, members in the model's order.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroupShape {
    pub target_group_arn: String,
    pub target_group_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check_protocol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check_port: Option<String>,
    pub health_check_enabled: bool,
    pub health_check_interval_seconds: u32,
    pub health_check_timeout_seconds: u32,
    pub healthy_threshold_count: u32,
    pub unhealthy_threshold_count: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    matcher: Option<MatcherOut>,
    pub load_balancer_arns: Vec<String>,
    pub target_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol_version: Option<String>,
    pub ip_address_type: String,
}

/// A target group as Describe shows it (LoadBalancerArns derived from the rules forwarding to it).
pub fn render(reg: &Region, tg: &TargetGroup) -> TargetGroupShape {
    let grpc = tg.protocol_version.as_deref() == Some("GRPC");
    let h = &tg.health;
    let lambda = tg.target_type == crate::elb::TargetType::Lambda;
    TargetGroupShape {
        target_group_arn: tg.arn.clone(),
        target_group_name: tg.name.clone(),
        protocol: tg.protocol.clone(),
        port: tg.port,
        vpc_id: tg.vpc_id.clone(),
        health_check_protocol: (!lambda || h.enabled).then(|| h.protocol.clone()),
        health_check_port: (!lambda).then(|| h.port.clone()),
        health_check_enabled: h.enabled,
        health_check_interval_seconds: h.interval_s,
        health_check_timeout_seconds: h.timeout_s,
        healthy_threshold_count: h.healthy_threshold,
        unhealthy_threshold_count: h.unhealthy_threshold,
        health_check_path: h.path.clone(),
        matcher: h.matcher.clone().map(|m| {
            if grpc {
                MatcherOut { http_code: None, grpc_code: Some(m) }
            } else {
                MatcherOut { http_code: Some(m), grpc_code: None }
            }
        }),
        load_balancer_arns: tgs::load_balancer_arns(&reg.elb, &tg.arn),
        target_type: tg.target_type.name().to_string(),
        protocol_version: tg.protocol_version.clone(),
        ip_address_type: tg.ip_address_type.clone(),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroupsResponse {
    target_groups: Vec<TargetGroupShape>,
}

fn matcher_of(m: Option<MatcherShape>) -> Result<Option<String>, ApiError> {
    let Some(m) = m else { return Ok(None) };
    match (m.http_code, m.grpc_code) {
        (Some(_), Some(_)) => Err(tgs::validation(
            "You cannot specify both an HTTP code and a gRPC code for a health check matcher",
            "Matcher takes HttpCode (HTTP1/HTTP2 groups) or GrpcCode (GRPC groups), not both.",
            "Matcher에는 HttpCode(HTTP1/HTTP2 그룹) 또는 GrpcCode(GRPC 그룹) 중 하나만 씁니다.",
        )),
        (h, g) => Ok(h.or(g)),
    }
}

pub fn create_target_group(w: &mut World, region: &str, r: CreateTargetGroupRequest) -> Result<TargetGroupsResponse, ApiError> {
    if let Some(p) = r.target_control_port {
        if !(1..=65535).contains(&p) {
            return Err(tgs::out_of_range("targetControlPort", p, 1, 65535));
        }
    }
    if r.tags.as_ref().is_some_and(|t| t.is_empty()) {
        return Err(tgs::validation(
            "1 validation error detected: Value '[]' at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1",
            "Leave Tags out, or give at least one tag.",
            "Tags를 빼거나 태그를 하나 이상 주세요.",
        ));
    }
    let spec = CreateSpec {
        name: r.name,
        protocol: r.protocol,
        protocol_version: r.protocol_version,
        port: r.port,
        vpc_id: r.vpc_id,
        target_type: r.target_type,
        ip_address_type: r.ip_address_type,
        health: HealthSpec {
            protocol: r.health_check_protocol,
            port: r.health_check_port,
            path: r.health_check_path,
            enabled: r.health_check_enabled,
            interval_s: r.health_check_interval_seconds,
            timeout_s: r.health_check_timeout_seconds,
            healthy_threshold: r.healthy_threshold_count,
            unhealthy_threshold: r.unhealthy_threshold_count,
            matcher: matcher_of(r.matcher)?,
        },
        tags: r.tags.unwrap_or_default().into_iter().map(|t| (t.key, t.value)).collect(),
    };
    let arn = tgs::create(w, region, &spec)?;
    let reg = w.region(region)?;
    Ok(TargetGroupsResponse { target_groups: vec![render(reg, tgs::get(reg, &arn)?)] })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeTargetGroupsRequest {
    load_balancer_arn: Option<String>,
    target_group_arns: Option<Vec<String>>,
    names: Option<Vec<String>>,
    marker: Option<String>,
    page_size: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTargetGroupsResponse {
    target_groups: Vec<TargetGroupShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_marker: Option<String>,
}

pub fn describe_target_groups(w: &mut World, region: &str, r: DescribeTargetGroupsRequest) -> Result<DescribeTargetGroupsResponse, ApiError> {
    let reg = w.region(region)?;
    let given = [r.load_balancer_arn.is_some(), r.target_group_arns.is_some(), r.names.is_some()].iter().filter(|b| **b).count();
    if given > 1 {
        return Err(tgs::validation(
            "Target group names, target group ARNs, and a load balancer ARN cannot be specified at the same time",
            "Describe by one of LoadBalancerArn, TargetGroupArns or Names (or none, for every group).",
            "LoadBalancerArn, TargetGroupArns, Names 중 하나로만 조회하세요(없으면 모든 그룹).",
        ));
    }
    let mut groups: Vec<&TargetGroup> = Vec::new();
    if let Some(lb) = &r.load_balancer_arn {
        if !reg.elb.load_balancers.contains_key(lb) {
            return Err(ApiError::new("LoadBalancerNotFound", "One or more load balancers not found").hint(
                "No load balancer has this ARN in this Region (DescribeLoadBalancers lists them).",
                "이 리전에 그 ARN의 로드 밸런서가 없습니다(DescribeLoadBalancers 참고).",
            ));
        }
        groups = reg.elb.target_groups.values().filter(|tg| tgs::load_balancer_arns(&reg.elb, &tg.arn).contains(lb)).collect();
        groups.sort_by(|a, b| a.name.cmp(&b.name));
    } else if let Some(arns) = &r.target_group_arns {
        for arn in arns {
            let tg = tgs::get(reg, arn)?;
            if !groups.iter().any(|g| g.arn == tg.arn) {
                groups.push(tg);
            }
        }
    } else if let Some(names) = &r.names {
        for name in names {
            let tg = reg.elb.target_groups.values().find(|g| &g.name == name).ok_or_else(tgs::not_found)?;
            if !groups.iter().any(|g| g.arn == tg.arn) {
                groups.push(tg);
            }
        }
    } else {
        groups = reg.elb.target_groups.values().collect();
        groups.sort_by(|a, b| a.name.cmp(&b.name));
    }
    if let Some(n) = r.page_size {
        if !(1..=400).contains(&n) {
            return Err(tgs::out_of_range("pageSize", n, 1, 400));
        }
    }
    let shapes: Vec<TargetGroupShape> = groups.into_iter().map(|tg| render(reg, tg)).collect();
    let page = crate::query::paginate(shapes, r.page_size, r.marker.as_deref(), (1, 400)).map_err(|e| {
        tgs::validation(
            format!("Invalid value '{}' for Marker", r.marker.as_deref().unwrap_or("")),
            e.hint_en.replace("NextToken", "NextMarker"),
            e.hint_ko.replace("NextToken", "NextMarker"),
        )
    })?;
    Ok(DescribeTargetGroupsResponse { target_groups: page.items, next_marker: page.next_token })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyTargetGroupRequest {
    target_group_arn: String,
    health_check_protocol: Option<String>,
    health_check_port: Option<String>,
    health_check_path: Option<String>,
    health_check_enabled: Option<bool>,
    health_check_interval_seconds: Option<i64>,
    health_check_timeout_seconds: Option<i64>,
    healthy_threshold_count: Option<i64>,
    unhealthy_threshold_count: Option<i64>,
    matcher: Option<MatcherShape>,
}

pub fn modify_target_group(w: &mut World, region: &str, r: ModifyTargetGroupRequest) -> Result<TargetGroupsResponse, ApiError> {
    let spec = HealthSpec {
        protocol: r.health_check_protocol,
        port: r.health_check_port,
        path: r.health_check_path,
        enabled: r.health_check_enabled,
        interval_s: r.health_check_interval_seconds,
        timeout_s: r.health_check_timeout_seconds,
        healthy_threshold: r.healthy_threshold_count,
        unhealthy_threshold: r.unhealthy_threshold_count,
        matcher: matcher_of(r.matcher)?,
    };
    tgs::modify(w, region, &r.target_group_arn, &spec)?;
    let reg = w.region(region)?;
    Ok(TargetGroupsResponse { target_groups: vec![render(reg, tgs::get(reg, &r.target_group_arn)?)] })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteTargetGroupRequest {
    target_group_arn: String,
}

pub fn delete_target_group(w: &mut World, region: &str, r: DeleteTargetGroupRequest) -> Result<Empty, ApiError> {
    tgs::delete(w, region, &r.target_group_arn)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyTargetGroupAttributesRequest {
    target_group_arn: String,
    attributes: Vec<AttributeShape>,
}

pub fn modify_target_group_attributes(w: &mut World, region: &str, r: ModifyTargetGroupAttributesRequest) -> Result<AttributesResponse, ApiError> {
    let changes = attribute_changes(r.attributes, "{'Key': 'deregistration_delay.timeout_seconds', 'Value': '30'}")?;
    let merged = tgs::modify_attributes(w, region, &r.target_group_arn, &changes)?;
    Ok(AttributesResponse::of(&merged))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeTargetGroupAttributesRequest {
    target_group_arn: String,
}

pub fn describe_target_group_attributes(w: &mut World, region: &str, r: DescribeTargetGroupAttributesRequest) -> Result<AttributesResponse, ApiError> {
    let reg = w.region(region)?;
    Ok(AttributesResponse::of(&tgs::get(reg, &r.target_group_arn)?.attributes))
}
