//! ec2lab's load-balancing operations: what instances serve (`Serve`, `StopServing`, `Fail`) and
//! requests sent to a load balancer (`RouteRequest`, `SendTraffic`). Requests change the world
//! (round-robin cursors, stickiness, external apps' replies on the tape), so they come through
//! the door and are recorded like any call. The rules live in `src/elb` (apps, routing, select).
//!
//! # Contracts (service `ec2lab`)
//!
//! - `Serve` {InstanceId, Port, Routes?: [{Path, Method?, Status?=200, Body?="", Headers?: {k: v},
//!   DelayMs?=0}], ExternalHandle?: int, Label?: str} → {InstanceId, Port, Kind: "routes"|"external"}.
//!   No Routes and no handle: `/*` → 200 "Hello from <instance id>". The instance must exist and
//!   not be terminated.
//! - `StopServing` {InstanceId, Port?} → {InstanceId, Ports: [int]}.
//! - `Fail` {InstanceId, Port?, Mode: refuse|reset|hang|status|slow|none, Status?, DelayMs?} →
//!   {InstanceId, Ports: [int], Mode}.
use crate::elb::apps::{self, RouteSpec};
use crate::error::ApiError;
use crate::world::World;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RouteIn {
    path: String,
    method: Option<String>,
    status: Option<i64>,
    body: Option<String>,
    headers: Option<BTreeMap<String, String>>,
    delay_ms: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ServeRequest {
    instance_id: String,
    port: i64,
    routes: Option<Vec<RouteIn>>,
    external_handle: Option<i64>,
    label: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServeResponse {
    instance_id: String,
    port: u16,
    kind: &'static str,
}

pub fn serve(w: &mut World, region: &str, r: ServeRequest) -> Result<ServeResponse, ApiError> {
    let routes: Vec<RouteSpec> = r
        .routes
        .unwrap_or_default()
        .into_iter()
        .map(|x| RouteSpec { path: x.path, method: x.method, status: x.status, body: x.body, headers: x.headers.unwrap_or_default().into_iter().collect(), delay_ms: x.delay_ms })
        .collect();
    let external = r.external_handle.map(|h| (h, r.label.clone().unwrap_or_else(|| format!("external app {h}"))));
    let (port, kind) = apps::serve(w, region, &r.instance_id, r.port, &routes, external)?;
    Ok(ServeResponse { instance_id: r.instance_id, port, kind })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StopServingRequest {
    instance_id: String,
    port: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StopServingResponse {
    instance_id: String,
    ports: Vec<u16>,
}

pub fn stop_serving(w: &mut World, region: &str, r: StopServingRequest) -> Result<StopServingResponse, ApiError> {
    let ports = apps::stop_serving(w, region, &r.instance_id, r.port)?;
    Ok(StopServingResponse { instance_id: r.instance_id, ports })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct FailRequest {
    instance_id: String,
    port: Option<i64>,
    mode: String,
    status: Option<i64>,
    delay_ms: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FailResponse {
    instance_id: String,
    ports: Vec<u16>,
    mode: String,
}

pub fn fail(w: &mut World, region: &str, r: FailRequest) -> Result<FailResponse, ApiError> {
    let ports = apps::fail(w, region, &r.instance_id, r.port, &r.mode, r.status, r.delay_ms)?;
    Ok(FailResponse { instance_id: r.instance_id, ports, mode: r.mode })
}
