//! DescribeInstanceStatus: the two status checks of each instance.
use super::instance_shape::StateShape;
use crate::api::{filters, Filters};
use crate::compute::{self, Instance, InstanceState, StatusCheck};
use crate::error::ApiError;
use crate::query::{check_names, matches, paginate, FilterValues};
use crate::world::World;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeInstanceStatusRequest {
    instance_ids: Option<Vec<String>>,
    filters: Filters,
    max_results: Option<i64>,
    next_token: Option<String>,
    include_all_instances: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DetailShape {
    name: String,
    status: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct SummaryShape {
    details: Vec<DetailShape>,
    status: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct StatusShape {
    availability_zone: String,
    availability_zone_id: String,
    instance_id: String,
    instance_state: StateShape,
    instance_status: SummaryShape,
    system_status: SummaryShape,
    attached_ebs_status: SummaryShape,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstanceStatusResponse {
    instance_statuses: Vec<StatusShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// Summary status and reachability detail (BC:ec2/SummaryStatus, StatusType).
fn words(c: StatusCheck) -> (&'static str, Option<&'static str>) {
    match c {
        StatusCheck::NotApplicable => ("not-applicable", None),
        StatusCheck::Initializing => ("initializing", Some("initializing")),
        StatusCheck::Ok => ("ok", Some("passed")),
    }
}

fn summary(c: StatusCheck) -> SummaryShape {
    let (status, detail) = words(c);
    SummaryShape { details: detail.map(|d| DetailShape { name: "reachability".into(), status: d.into() }).into_iter().collect(), status: status.into() }
}

struct Row<'a>(&'a Instance);

impl FilterValues for Row<'_> {
    const NAMES: &'static [&'static str] = &[
        "availability-zone",
        "instance-state-name",
        "instance-state-code",
        "system-status.status",
        "instance-status.status",
        "system-status.reachability",
        "instance-status.reachability",
        "attached-ebs-status.status",
    ];

    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let i = self.0;
        let v = match name {
            "availability-zone" => i.az.clone(),
            "instance-state-name" => i.state.name().into(),
            "instance-state-code" => i.state.code().to_string(),
            "system-status.status" => words(i.system_status).0.into(),
            "instance-status.status" => words(i.instance_status).0.into(),
            "system-status.reachability" => return Some(words(i.system_status).1.map(String::from).into_iter().collect()),
            "instance-status.reachability" => return Some(words(i.instance_status).1.map(String::from).into_iter().collect()),
            "attached-ebs-status.status" => words(i.system_status).0.into(),
            _ => return None,
        };
        Some(vec![v])
    }
}

pub fn describe_instance_status(w: &World, region: &str, r: DescribeInstanceStatusRequest) -> Result<DescribeInstanceStatusResponse, ApiError> {
    let ids = r.instance_ids.unwrap_or_default();
    if !ids.is_empty() && r.max_results.is_some() {
        return Err(ApiError::invalid_parameter_combination("The parameter instancesSet cannot be used with the parameter maxResults")
            .hint("Either name the instances or page through all of them, not both.", "인스턴스를 지정하거나 페이지로 나누세요. 둘을 함께 쓸 수는 없습니다."));
    }
    compute::check_instance_ids(w, region, &ids)?;
    let reg = w.region(region)?;
    check_names::<Row>(&filters(&r.filters))?;
    let all = r.include_all_instances.unwrap_or(false);
    let f = filters(&r.filters);
    let mut rows = Vec::new();
    for i in reg.compute.in_launch_order() {
        if !ids.is_empty() && !ids.contains(&i.id) {
            continue;
        }
        // Only running instances unless IncludeAllInstances (UG:monitoring-system-instance-status-check).
        if !all && i.state != InstanceState::Running {
            continue;
        }
        if !matches(&f, &Row(i))? {
            continue;
        }
        rows.push(i);
    }
    let page = paginate(rows, r.max_results, r.next_token.as_deref(), (5, 1000))?;
    Ok(DescribeInstanceStatusResponse {
        instance_statuses: page
            .items
            .into_iter()
            .map(|i| StatusShape {
                availability_zone: i.az.clone(),
                availability_zone_id: i.az_id.clone(),
                instance_id: i.id.clone(),
                instance_state: i.state.into(),
                instance_status: summary(i.instance_status),
                system_status: summary(i.system_status),
                attached_ebs_status: summary(i.system_status),
            })
            .collect(),
        next_token: page.next_token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_filter_name_is_answered() {
        let c = super::super::cloud_with_instance();
        let i = c.world.regions["us-east-1"].compute.instances.values().next().unwrap();
        for name in <Row as FilterValues>::NAMES {
            assert!(Row(i).filter_values(name).is_some(), "{name}");
        }
        let t = super::super::tags::TagDescription::sample();
        for name in <super::super::tags::TagDescription as FilterValues>::NAMES {
            assert!(t.filter_values(name).is_some(), "{name}");
        }
    }
}
