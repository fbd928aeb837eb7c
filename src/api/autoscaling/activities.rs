//! DescribeScalingActivities: newest first, per group or all.
use super::shapes::{page, ActivityShape};
use crate::error::ApiError;
use crate::world::World;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeScalingActivitiesRequest {
    activity_ids: Option<Vec<String>>,
    auto_scaling_group_name: Option<String>,
    include_deleted_groups: Option<bool>,
    max_records: Option<i64>,
    next_token: Option<String>,
    filters: Option<Vec<Value>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeScalingActivitiesResponse {
    activities: Vec<ActivityShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

pub fn describe_scaling_activities(w: &World, region: &str, r: DescribeScalingActivitiesRequest) -> Result<DescribeScalingActivitiesResponse, ApiError> {
    let _ = r.filters;
    let reg = w.region(region)?;
    let include_deleted = r.include_deleted_groups.unwrap_or(false);
    if let Some(g) = &r.auto_scaling_group_name {
        if !include_deleted && !reg.autoscaling.groups.contains_key(g) {
            return Ok(DescribeScalingActivitiesResponse { activities: vec![], next_token: None });
        }
    }
    let items: Vec<ActivityShape> = reg
        .autoscaling
        .activities
        .iter()
        .rev()
        .filter(|a| r.auto_scaling_group_name.as_ref().is_none_or(|g| &a.group == g))
        .filter(|a| include_deleted || reg.autoscaling.groups.contains_key(&a.group))
        .filter(|a| r.activity_ids.as_ref().is_none_or(|ids| ids.is_empty() || ids.contains(&a.id)))
        .map(ActivityShape::from)
        .collect();
    let p = page(items, r.max_records, r.next_token.as_deref(), 100)?;
    Ok(DescribeScalingActivitiesResponse { activities: p.items, next_token: p.next_token })
}
