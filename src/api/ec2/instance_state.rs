//! StartInstances, StopInstances, RebootInstances, TerminateInstances.
use super::instance_shape::StateShape;
use crate::compute::{self, StateChange};
use crate::error::ApiError;
use crate::world::World;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StartInstancesRequest {
    instance_ids: Vec<String>,
    additional_info: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StopInstancesRequest {
    instance_ids: Vec<String>,
    hibernate: Option<bool>,
    skip_os_shutdown: Option<bool>,
    force: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InstanceIdsRequest {
    instance_ids: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TerminateInstancesRequest {
    instance_ids: Vec<String>,
    skip_os_shutdown: Option<bool>,
    force: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateChangeShape {
    instance_id: String,
    current_state: StateShape,
    previous_state: StateShape,
}

fn shapes(changes: Vec<StateChange>) -> Vec<StateChangeShape> {
    changes.into_iter().map(|c| StateChangeShape { instance_id: c.id, current_state: c.current.into(), previous_state: c.previous.into() }).collect()
}

fn require_ids(ids: &[String]) -> Result<(), ApiError> {
    if ids.is_empty() {
        return Err(ApiError::missing_parameter("The request must contain the parameter InstanceId")
            .hint("Name at least one instance in InstanceIds.", "InstanceIds에 인스턴스를 하나 이상 지정하세요."));
    }
    Ok(())
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StartInstancesResponse {
    starting_instances: Vec<StateChangeShape>,
}

pub fn start_instances(w: &mut World, region: &str, r: StartInstancesRequest) -> Result<StartInstancesResponse, ApiError> {
    let _ = r.additional_info;
    require_ids(&r.instance_ids)?;
    Ok(StartInstancesResponse { starting_instances: shapes(compute::start(w, region, &r.instance_ids)?) })
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StopInstancesResponse {
    stopping_instances: Vec<StateChangeShape>,
}

pub fn stop_instances(w: &mut World, region: &str, r: StopInstancesRequest) -> Result<StopInstancesResponse, ApiError> {
    require_ids(&r.instance_ids)?;
    // SkipOsShutdown, like Force, skips the graceful OS shutdown.
    let force = r.force.unwrap_or(false) || r.skip_os_shutdown.unwrap_or(false);
    Ok(StopInstancesResponse { stopping_instances: shapes(compute::stop(w, region, &r.instance_ids, r.hibernate.unwrap_or(false), force)?) })
}

#[derive(Serialize)]
pub struct Empty {}

pub fn reboot_instances(w: &mut World, region: &str, r: InstanceIdsRequest) -> Result<Empty, ApiError> {
    require_ids(&r.instance_ids)?;
    compute::reboot(w, region, &r.instance_ids)?;
    Ok(Empty {})
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TerminateInstancesResponse {
    terminating_instances: Vec<StateChangeShape>,
}

pub fn terminate_instances(w: &mut World, region: &str, r: TerminateInstancesRequest) -> Result<TerminateInstancesResponse, ApiError> {
    let _ = (r.skip_os_shutdown, r.force);
    require_ids(&r.instance_ids)?;
    let outcome = compute::terminate(w, region, &r.instance_ids)?;
    match outcome.refusal {
        Some(e) => Err(e),
        None => Ok(TerminateInstancesResponse { terminating_instances: shapes(outcome.changes) }),
    }
}
