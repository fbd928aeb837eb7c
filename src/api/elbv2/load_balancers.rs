//! CreateLoadBalancer, DescribeLoadBalancers, DeleteLoadBalancer, Modify/DescribeLoadBalancerAttributes,
//! SetSecurityGroups, SetSubnets. Rules in `src/elb/load_balancer.rs`.
use super::shared::{attribute_changes, AttributeShape, AttributesResponse, Empty};
use crate::api::{Tag, Timestamp};
use crate::elb::errors::{lb_not_found, validation};
use crate::elb::load_balancer::{self, NewLoadBalancer};
use crate::elb::{LbType, LoadBalancer, Scheme};
use crate::error::ApiError;
use crate::network::format_ip;
use crate::query::paginate;
use crate::world::{Region, World};
use serde::{Deserialize, Serialize};

/// Marker/PageSize paging of elbv2's Describe calls (PageSize 1-400).
pub(super) fn page<T>(items: Vec<T>, marker: Option<&str>, page_size: Option<i64>) -> Result<(Vec<T>, Option<String>), ApiError> {
    if let Some(n) = page_size {
        if !(1..=400).contains(&n) {
            return Err(validation(
                format!("1 validation error detected: Value '{n}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and 400"),
                "PageSize is 1-400.",
                "PageSize는 1~400입니다.",
            ));
        }
    }
    let p = paginate(items, page_size, marker, (1, 400)).map_err(|_| {
        validation(
            format!("Invalid value '{}' for Marker", marker.unwrap_or("")),
            "Pass back exactly the NextMarker the previous page returned.",
            "이전 페이지가 돌려준 NextMarker를 그대로 넘기세요.",
        )
    })?;
    Ok((p.items, p.next_token))
}

pub(super) fn tag_pairs(tags: &Option<Vec<Tag>>) -> Vec<(String, String)> {
    tags.iter().flatten().map(|t| (t.key.clone(), t.value.clone())).collect()
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateShape {
    code: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddressShape {
    #[serde(skip_serializing_if = "Option::is_none")]
    ip_address: Option<String>,
    #[serde(rename = "PrivateIPv4Address", skip_serializing_if = "Option::is_none")]
    private_ipv4_address: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ZoneShape {
    zone_name: String,
    subnet_id: String,
    load_balancer_addresses: Vec<AddressShape>,
}

/// BC:elbv2/LoadBalancer.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancerShape {
    load_balancer_arn: String,
    #[serde(rename = "DNSName")]
    dns_name: String,
    canonical_hosted_zone_id: String,
    created_time: Timestamp,
    load_balancer_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    scheme: Option<&'static str>,
    vpc_id: String,
    state: StateShape,
    #[serde(rename = "Type")]
    kind: &'static str,
    availability_zones: Vec<ZoneShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    security_groups: Option<Vec<String>>,
    ip_address_type: String,
}

fn zones(r: &Region, lb: &LoadBalancer) -> Vec<ZoneShape> {
    lb.nodes
        .iter()
        .map(|n| {
            // ALBs show no addresses (they change as the nodes scale); NLBs show their one per AZ.
            let addresses = match (lb.kind, r.network.enis.get(&n.eni_id)) {
                (LbType::Network, Some(e)) => vec![AddressShape {
                    ip_address: e.auto_public_ip.map(format_ip),
                    private_ipv4_address: (lb.scheme == Scheme::Internal).then(|| format_ip(e.primary_ip())),
                }],
                _ => vec![],
            };
            ZoneShape { zone_name: n.az.clone(), subnet_id: n.subnet_id.clone(), load_balancer_addresses: addresses }
        })
        .collect()
}

pub fn render(r: &Region, lb: &LoadBalancer) -> LoadBalancerShape {
    LoadBalancerShape {
        load_balancer_arn: lb.arn.clone(),
        dns_name: lb.dns_name.clone(),
        canonical_hosted_zone_id: lb.canonical_hosted_zone_id.clone(),
        created_time: Timestamp(lb.created_at),
        load_balancer_name: lb.name.clone(),
        scheme: (lb.kind != LbType::Gateway).then(|| lb.scheme.name()),
        vpc_id: lb.vpc_id.clone(),
        state: StateShape { code: lb.state.name() },
        kind: lb.kind.name(),
        availability_zones: zones(r, lb),
        security_groups: (!lb.security_groups.is_empty()).then(|| lb.security_groups.clone()),
        ip_address_type: lb.ip_address_type.clone(),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SubnetMapping {
    subnet_id: Option<String>,
    allocation_id: Option<String>,
    #[serde(rename = "PrivateIPv4Address")]
    private_ipv4_address: Option<String>,
    #[serde(rename = "IPv6Address")]
    ipv6_address: Option<String>,
    source_nat_ipv6_prefix: Option<String>,
}

/// Subnets or SubnetMappings (exactly one of them); Elastic IPs and chosen addresses of NLB
/// mappings are not simulated and refused rather than ignored.
fn subnets_of(subnets: &Option<Vec<String>>, mappings: &Option<Vec<SubnetMapping>>) -> Result<Vec<String>, ApiError> {
    match (subnets, mappings) {
        (Some(_), Some(_)) => Err(validation(
            "You can specify subnets or subnet mappings, not both",
            "Give either Subnets=[...] or SubnetMappings=[...].",
            "Subnets=[...]와 SubnetMappings=[...] 중 하나만 주세요.",
        )),
        (Some(s), None) => Ok(s.clone()),
        (None, Some(m)) => m
            .iter()
            .map(|m| {
                if m.allocation_id.is_some() || m.private_ipv4_address.is_some() || m.ipv6_address.is_some() || m.source_nat_ipv6_prefix.is_some() {
                    return Err(ApiError::new(
                        "InvalidConfigurationRequest",
                        "ec2lab does not simulate Elastic IPs or chosen addresses on load balancer nodes",
                    )
                    .hint(
                        "Give SubnetMappings with SubnetId only (or use Subnets); the nodes get addresses from their subnets.",
                        "SubnetMappings에는 SubnetId만 주세요(또는 Subnets). 노드 주소는 서브넷에서 받습니다.",
                    ));
                }
                m.subnet_id
                    .clone()
                    .ok_or_else(|| validation("A subnet ID must be specified", "Each mapping needs a SubnetId.", "매핑마다 SubnetId가 필요합니다."))
            })
            .collect(),
        (None, None) => Ok(vec![]),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateLoadBalancerRequest {
    name: String,
    subnets: Option<Vec<String>>,
    subnet_mappings: Option<Vec<SubnetMapping>>,
    security_groups: Option<Vec<String>>,
    scheme: Option<String>,
    tags: Option<Vec<Tag>>,
    #[serde(rename = "Type")]
    kind: Option<String>,
    ip_address_type: Option<String>,
    customer_owned_ipv4_pool: Option<String>,
    enable_prefix_for_ipv6_source_nat: Option<String>,
    ipam_pools: Option<serde_json::Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancersResponse {
    load_balancers: Vec<LoadBalancerShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_marker: Option<String>,
}

pub fn create_load_balancer(w: &mut World, region: &str, r: CreateLoadBalancerRequest) -> Result<LoadBalancersResponse, ApiError> {
    if r.customer_owned_ipv4_pool.is_some() || r.ipam_pools.is_some() || r.enable_prefix_for_ipv6_source_nat.is_some() {
        return Err(ApiError::new("InvalidConfigurationRequest", "ec2lab does not simulate Outposts pools, IPAM pools or IPv6 source NAT").hint(
            "Leave CustomerOwnedIpv4Pool, IpamPools and EnablePrefixForIpv6SourceNat out.",
            "CustomerOwnedIpv4Pool, IpamPools, EnablePrefixForIpv6SourceNat를 빼세요.",
        ));
    }
    let spec = NewLoadBalancer {
        name: r.name,
        subnets: subnets_of(&r.subnets, &r.subnet_mappings)?,
        security_groups: r.security_groups,
        scheme: r.scheme,
        kind: r.kind,
        ip_address_type: r.ip_address_type,
        tags: tag_pairs(&r.tags),
    };
    let arn = load_balancer::create(w, region, &spec)?;
    let reg = w.region(region)?;
    Ok(LoadBalancersResponse { load_balancers: vec![render(reg, &reg.elb.load_balancers[&arn])], next_marker: None })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeLoadBalancersRequest {
    load_balancer_arns: Option<Vec<String>>,
    names: Option<Vec<String>>,
    marker: Option<String>,
    page_size: Option<i64>,
}

pub fn describe_load_balancers(w: &mut World, region: &str, r: DescribeLoadBalancersRequest) -> Result<LoadBalancersResponse, ApiError> {
    let reg = w.region(region)?;
    let elb = &reg.elb;
    let list: Vec<&LoadBalancer> = match (&r.load_balancer_arns, &r.names) {
        (Some(_), Some(_)) => {
            return Err(validation(
                "Load balancer names and load balancer ARNs cannot be specified at the same time",
                "Ask by LoadBalancerArns or by Names, not both.",
                "LoadBalancerArns와 Names 중 하나로만 물으세요.",
            ))
        }
        (Some(arns), None) => arns.iter().map(|a| elb.load_balancers.get(a).ok_or_else(lb_not_found)).collect::<Result<_, _>>()?,
        (None, Some(names)) => names
            .iter()
            .map(|n| {
                elb.load_balancers.values().find(|l| &l.name == n).ok_or_else(|| {
                    ApiError::new("LoadBalancerNotFound", format!("Load balancers '[{n}]' not found")).hint(
                        "No load balancer of that name in this region; describe_load_balancers() lists them all.",
                        "이 리전에 그 이름의 로드 밸런서가 없습니다. describe_load_balancers()로 전부 보세요.",
                    )
                })
            })
            .collect::<Result<_, _>>()?,
        // Oldest first, as the console lists them; the ARN breaks ties.
        (None, None) => {
            let mut v: Vec<&LoadBalancer> = elb.load_balancers.values().collect();
            v.sort_by(|a, b| (a.created_at, &a.arn).cmp(&(b.created_at, &b.arn)));
            v
        }
    };
    let (items, next_marker) = page(list, r.marker.as_deref(), r.page_size)?;
    Ok(LoadBalancersResponse { load_balancers: items.into_iter().map(|l| render(reg, l)).collect(), next_marker })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LoadBalancerArnRequest {
    load_balancer_arn: String,
}

pub fn delete_load_balancer(w: &mut World, region: &str, r: LoadBalancerArnRequest) -> Result<Empty, ApiError> {
    load_balancer::delete(w, region, &r.load_balancer_arn)?;
    Ok(Empty {})
}

pub fn describe_load_balancer_attributes(w: &mut World, region: &str, r: LoadBalancerArnRequest) -> Result<AttributesResponse, ApiError> {
    let lb = load_balancer::find(&w.region(region)?.elb, &r.load_balancer_arn)?;
    Ok(AttributesResponse::of(&lb.attributes))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyLoadBalancerAttributesRequest {
    load_balancer_arn: String,
    attributes: Vec<AttributeShape>,
}

pub fn modify_load_balancer_attributes(w: &mut World, region: &str, r: ModifyLoadBalancerAttributesRequest) -> Result<AttributesResponse, ApiError> {
    let changes = attribute_changes(r.attributes, "{'Key': 'deletion_protection.enabled', 'Value': 'true'}")?;
    let all = load_balancer::modify_attributes(w, region, &r.load_balancer_arn, &changes)?;
    Ok(AttributesResponse::of(&all))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetSecurityGroupsRequest {
    load_balancer_arn: String,
    security_groups: Vec<String>,
    enforce_security_group_inbound_rules_on_private_link_traffic: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetSecurityGroupsResponse {
    security_group_ids: Vec<String>,
}

pub fn set_security_groups(w: &mut World, region: &str, r: SetSecurityGroupsRequest) -> Result<SetSecurityGroupsResponse, ApiError> {
    if r.enforce_security_group_inbound_rules_on_private_link_traffic.is_some() {
        return Err(ApiError::new("InvalidConfigurationRequest", "ec2lab does not simulate PrivateLink traffic")
            .hint("Leave EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic out.", "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic을 빼세요."));
    }
    let ids = load_balancer::set_security_groups(w, region, &r.load_balancer_arn, &r.security_groups)?;
    Ok(SetSecurityGroupsResponse { security_group_ids: ids })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetSubnetsRequest {
    load_balancer_arn: String,
    subnets: Option<Vec<String>>,
    subnet_mappings: Option<Vec<SubnetMapping>>,
    ip_address_type: Option<String>,
    enable_prefix_for_ipv6_source_nat: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetSubnetsResponse {
    availability_zones: Vec<ZoneShape>,
    ip_address_type: String,
}

pub fn set_subnets(w: &mut World, region: &str, r: SetSubnetsRequest) -> Result<SetSubnetsResponse, ApiError> {
    if r.ip_address_type.as_deref().is_some_and(|t| t != "ipv4") || r.enable_prefix_for_ipv6_source_nat.is_some() {
        return Err(ApiError::new("InvalidConfigurationRequest", "ec2lab simulates IPv4 load balancers only").hint(
            "Leave IpAddressType (or give ipv4) and EnablePrefixForIpv6SourceNat out.",
            "IpAddressType(또는 ipv4)과 EnablePrefixForIpv6SourceNat을 빼세요.",
        ));
    }
    let subnets = subnets_of(&r.subnets, &r.subnet_mappings)?;
    load_balancer::set_subnets(w, region, &r.load_balancer_arn, &subnets)?;
    let reg = w.region(region)?;
    let lb = &reg.elb.load_balancers[&r.load_balancer_arn];
    Ok(SetSubnetsResponse { availability_zones: zones(reg, lb), ip_address_type: lb.ip_address_type.clone() })
}
