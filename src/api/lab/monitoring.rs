//! ec2lab's SetLoad: the explicit workload of an instance (CPU %, network bytes per second) from
//! now on, for exercises. Rules in `crate::monitoring::control`.
use crate::api::Timestamp;
use crate::error::ApiError;
use crate::monitoring::{control, Load};
use crate::world::World;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetLoadRequest {
    instance_id: String,
    cpu: Option<f64>,
    network_in: Option<f64>,
    network_out: Option<f64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetLoadResponse {
    instance_id: String,
    cpu: f64,
    network_in: f64,
    network_out: f64,
    from: Timestamp,
}

pub fn set_load(w: &mut World, region: &str, r: SetLoadRequest) -> Result<SetLoadResponse, ApiError> {
    let load = Load { cpu: r.cpu.unwrap_or(0.0), network_in: r.network_in.unwrap_or(0.0), network_out: r.network_out.unwrap_or(0.0) };
    control::set_instance_load(w, region, &r.instance_id, load)?;
    Ok(SetLoadResponse { instance_id: r.instance_id, cpu: load.cpu, network_in: load.network_in, network_out: load.network_out, from: Timestamp(w.now()) })
}
