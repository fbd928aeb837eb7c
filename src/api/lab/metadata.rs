//! Instance metadata as a program on the instance reads it, and a forced Spot interruption for
//! exercises (ec2lab operations; the rules are in `src/purchase`).
//!
//! `GetInstanceMetadata {InstanceId, Path}` → `{InstanceId, Path, Status, Body}`: Status 200 with
//! the body, or 404 (IMDS's own 404 page) when there is nothing at the path — for
//! `spot/instance-action` that means "no interruption planned" (aws-facts §11). An instance that
//! is not running cannot read anything: `IncorrectInstanceState`.
//!
//! `InterruptSpotInstance {InstanceId}` → `{InstanceId, SpotInstanceRequestId, Action, Time}`:
//! the rebalance recommendation and the two-minute notice now, the action at `Time`.
use crate::api::Timestamp;
use crate::error::ApiError;
use crate::purchase::{metadata, spot};
use crate::world::World;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetInstanceMetadataRequest {
    instance_id: String,
    path: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetInstanceMetadataResponse {
    instance_id: String,
    path: String,
    status: u16,
    body: String,
}

pub fn get_instance_metadata(w: &World, region: &str, r: GetInstanceMetadataRequest) -> Result<GetInstanceMetadataResponse, ApiError> {
    let a = metadata::read(w, region, &r.instance_id, &r.path)?;
    Ok(GetInstanceMetadataResponse { instance_id: r.instance_id, path: r.path, status: a.status, body: a.body })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InterruptSpotInstanceRequest {
    instance_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InterruptSpotInstanceResponse {
    instance_id: String,
    spot_instance_request_id: String,
    action: String,
    time: Timestamp,
}

pub fn interrupt_spot_instance(w: &mut World, region: &str, r: InterruptSpotInstanceRequest) -> Result<InterruptSpotInstanceResponse, ApiError> {
    w.region(region)?;
    let (action, time) = spot::force_interruption(w, region, &r.instance_id)?;
    let rid = w.regions[region].compute.instances[&r.instance_id].spot_request_id.clone().unwrap_or_default();
    Ok(InterruptSpotInstanceResponse { instance_id: r.instance_id, spot_instance_request_id: rid, action: action.as_str().into(), time: Timestamp(time) })
}
