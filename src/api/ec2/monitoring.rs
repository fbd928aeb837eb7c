//! MonitorInstances, UnmonitorInstances (basic ↔ detailed CloudWatch monitoring) and the CPU
//! credit specification of burstable instances. Rules in `crate::monitoring::control`.
use crate::api::{filters, Filters};
use crate::error::ApiError;
use crate::monitoring::control;
use crate::query::{check_names, matches, paginate, FilterValues};
use crate::world::World;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MonitorRequest {
    instance_ids: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct MonitoringState {
    state: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct InstanceMonitoring {
    instance_id: String,
    monitoring: MonitoringState,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MonitorResponse {
    instance_monitorings: Vec<InstanceMonitoring>,
}

fn monitor(w: &mut World, region: &str, r: MonitorRequest, on: bool) -> Result<MonitorResponse, ApiError> {
    control::set_monitoring(w, region, &r.instance_ids, on)?;
    // AWS answers with the transition under way: pending (→ enabled) or disabling (→ disabled).
    let state = if on { "pending" } else { "disabling" };
    Ok(MonitorResponse {
        instance_monitorings: r.instance_ids.into_iter().map(|id| InstanceMonitoring { instance_id: id, monitoring: MonitoringState { state } }).collect(),
    })
}

pub fn monitor_instances(w: &mut World, region: &str, r: MonitorRequest) -> Result<MonitorResponse, ApiError> {
    monitor(w, region, r, true)
}

pub fn unmonitor_instances(w: &mut World, region: &str, r: MonitorRequest) -> Result<MonitorResponse, ApiError> {
    monitor(w, region, r, false)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreditSpecificationItem {
    instance_id: String,
    cpu_credits: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyInstanceCreditSpecificationRequest {
    client_token: Option<String>,
    instance_credit_specifications: Vec<CreditSpecificationItem>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Success {
    instance_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct FailureError {
    code: String,
    message: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Failure {
    instance_id: String,
    error: FailureError,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyInstanceCreditSpecificationResponse {
    successful_instance_credit_specifications: Vec<Success>,
    unsuccessful_instance_credit_specifications: Vec<Failure>,
}

pub fn modify_instance_credit_specification(
    w: &mut World,
    region: &str,
    r: ModifyInstanceCreditSpecificationRequest,
) -> Result<ModifyInstanceCreditSpecificationResponse, ApiError> {
    let _ = r.client_token;
    let items: Vec<(String, String)> = r.instance_credit_specifications.into_iter().map(|i| (i.instance_id, i.cpu_credits)).collect();
    let (ok, failed) = control::modify_credit_specification(w, region, &items)?;
    Ok(ModifyInstanceCreditSpecificationResponse {
        successful_instance_credit_specifications: ok.into_iter().map(|instance_id| Success { instance_id }).collect(),
        unsuccessful_instance_credit_specifications: failed
            .into_iter()
            .map(|f| Failure { instance_id: f.instance_id, error: FailureError { code: f.code, message: f.message } })
            .collect(),
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeInstanceCreditSpecificationsRequest {
    instance_ids: Option<Vec<String>>,
    filters: Filters,
    max_results: Option<i64>,
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct CreditSpecShape {
    instance_id: String,
    cpu_credits: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstanceCreditSpecificationsResponse {
    instance_credit_specifications: Vec<CreditSpecShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

struct Row<'a>(&'a str);

impl FilterValues for Row<'_> {
    const NAMES: &'static [&'static str] = &["instance-id"];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        (name == "instance-id").then(|| vec![self.0.to_string()])
    }
}

/// Burstable instances that are not terminated, with their mode (BC:ec2/DescribeInstanceCreditSpecifications).
pub fn describe_instance_credit_specifications(
    w: &mut World,
    region: &str,
    r: DescribeInstanceCreditSpecificationsRequest,
) -> Result<DescribeInstanceCreditSpecificationsResponse, ApiError> {
    let f = filters(&r.filters);
    check_names::<Row>(&f)?;
    let ids = r.instance_ids.unwrap_or_default();
    if !ids.is_empty() && r.max_results.is_some() {
        return Err(ApiError::invalid_parameter_combination("The parameter instancesSet cannot be used with the parameter maxResults").hint(
            "Either name instances (InstanceIds) or page through all of them (MaxResults), not both.",
            "InstanceIds로 지정하거나 MaxResults로 페이지를 넘기세요. 둘을 함께 쓸 수 없습니다.",
        ));
    }
    crate::compute::check_instance_ids(w, region, &ids)?;
    let reg = w.region(region)?;
    let mut rows = vec![];
    for i in reg.compute.in_launch_order() {
        if (!ids.is_empty() && !ids.contains(&i.id)) || i.state == crate::compute::InstanceState::Terminated {
            continue;
        }
        if crate::monitoring::credits::spec(&i.instance_type).is_none() || !matches(&f, &Row(&i.id))? {
            continue;
        }
        let mode = i
            .credit_specification
            .clone()
            .unwrap_or_else(|| if crate::monitoring::credits::default_unlimited(&i.instance_type) { "unlimited" } else { "standard" }.to_string());
        rows.push(CreditSpecShape { instance_id: i.id.clone(), cpu_credits: mode });
    }
    let page = paginate(rows, r.max_results, r.next_token.as_deref(), (5, 1000))?;
    Ok(DescribeInstanceCreditSpecificationsResponse { instance_credit_specifications: page.items, next_token: page.next_token })
}
