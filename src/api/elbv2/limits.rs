//! DescribeAccountLimits: the quotas ec2lab enforces or documents (ALB/NLB/GWLB quota pages).
use super::load_balancers::page;
use crate::error::ApiError;
use crate::world::World;
use serde::{Deserialize, Serialize};

/// `(name, max)` as DescribeAccountLimits names them; the ones marked † are enforced by
/// ec2lab (load balancers, listeners, rules, condition values/wildcards, groups per action).
pub const LIMITS: &[(&str, &str)] = &[
    ("application-load-balancers", "50"), // †
    ("target-groups", "3000"),
    ("targets-per-application-load-balancer", "1000"),
    ("listeners-per-application-load-balancer", "50"), // †
    ("rules-per-application-load-balancer", "100"),    // †
    ("network-load-balancers", "50"),                  // †
    ("targets-per-network-load-balancer", "3000"),
    ("targets-per-availability-zone-per-network-load-balancer", "500"),
    ("listeners-per-network-load-balancer", "50"), // †
    ("condition-values-per-alb-rule", "5"),        // †
    ("condition-wildcards-per-alb-rule", "5"),     // †
    ("target-groups-per-application-load-balancer", "100"),
    ("target-groups-per-action-on-application-load-balancer", "5"), // †
    ("target-groups-per-action-on-network-load-balancer", "1"),     // †
    ("certificates-per-application-load-balancer", "25"),
    ("certificates-per-network-load-balancer", "25"),
    ("targets-per-target-group", "1000"),
    ("target-id-registrations-per-application-load-balancer", "1000"),
    ("network-load-balancer-enis-per-vpc", "1200"),
    ("gateway-load-balancers", "100"), // †
    ("gateway-load-balancers-per-vpc", "100"),
    ("geneve-target-groups", "100"),
    ("targets-per-availability-zone-per-gateway-load-balancer", "300"),
];

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAccountLimitsRequest {
    marker: Option<String>,
    page_size: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LimitShape {
    name: &'static str,
    max: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAccountLimitsResponse {
    limits: Vec<LimitShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_marker: Option<String>,
}

pub fn describe_account_limits(_w: &mut World, _region: &str, r: DescribeAccountLimitsRequest) -> Result<DescribeAccountLimitsResponse, ApiError> {
    let (items, next_marker) = page(LIMITS.to_vec(), r.marker.as_deref(), r.page_size)?;
    Ok(DescribeAccountLimitsResponse { limits: items.into_iter().map(|(name, max)| LimitShape { name, max }).collect(), next_marker })
}
