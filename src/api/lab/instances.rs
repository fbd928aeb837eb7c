//! Teaching operations about instances: a shutdown from inside the OS, and the lifecycle diagram.
use crate::compute::{self, InstanceState};
use crate::error::ApiError;
use crate::world::World;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ShutdownFromOsRequest {
    instance_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ShutdownFromOsResponse {
    instance_id: String,
    previous_state: String,
    current_state: String,
}

/// What `sudo shutdown -h now` inside the instance does.
pub fn shutdown_from_os(w: &mut World, region: &str, r: ShutdownFromOsRequest) -> Result<ShutdownFromOsResponse, ApiError> {
    let c = compute::shutdown_from_os(w, region, &r.instance_id)?;
    Ok(ShutdownFromOsResponse { instance_id: c.id, previous_state: c.previous.name().into(), current_state: c.current.name().into() })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LifecycleDiagramRequest {
    state: Option<String>,
    instance_id: Option<String>,
    language: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LifecycleDiagramResponse {
    svg: String,
    state: Option<String>,
    /// Every state with its code, label, billing and the states it can move to.
    states: Vec<StateInfo>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateInfo {
    name: String,
    code: i64,
    label: String,
    billed: bool,
    billed_when_hibernating: bool,
    next: Vec<String>,
}

/// The lifecycle graph as SVG; the state of `InstanceId` (or `State`) highlighted.
pub fn lifecycle_diagram(w: &World, region: &str, r: LifecycleDiagramRequest) -> Result<LifecycleDiagramResponse, ApiError> {
    let state = match (&r.instance_id, &r.state) {
        (Some(id), _) => Some(compute::instance(w, region, id)?.state),
        (None, Some(s)) => Some(InstanceState::from_name(s).ok_or_else(|| {
            ApiError::invalid_parameter_value(format!("Invalid instance state '{s}'.")).hint(
                "States are pending, running, stopping, stopped, shutting-down, terminated.",
                "상태는 pending, running, stopping, stopped, shutting-down, terminated입니다.",
            )
        })?),
        (None, None) => None,
    };
    let lang = r.language.as_deref().unwrap_or("en");
    let states = InstanceState::ALL
        .into_iter()
        .map(|s| StateInfo {
            name: s.name().into(),
            code: s.code(),
            label: crate::i18n::state_label(s.name(), lang).into(),
            billed: s.billed(false),
            billed_when_hibernating: s.billed(true),
            next: InstanceState::ALL.into_iter().filter(|t| s.can_move_to(*t)).map(|t| t.name().to_string()).collect(),
        })
        .collect();
    Ok(LifecycleDiagramResponse { svg: compute::lifecycle_svg(state, lang), state: state.map(|s| s.name().to_string()), states })
}
