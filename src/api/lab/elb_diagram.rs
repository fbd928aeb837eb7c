//! `LoadBalancerDiagram {LoadBalancer: name or ARN, Language?}` → `{Svg}`: the load balancer →
//! listeners → rules → target groups → targets picture with live health (`elb::diagram`).
use crate::elb::{diagram, routing};
use crate::error::ApiError;
use crate::world::World;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LoadBalancerDiagramRequest {
    load_balancer: String,
    language: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancerDiagramResponse {
    svg: String,
}

pub fn load_balancer_diagram(w: &World, region: &str, r: LoadBalancerDiagramRequest) -> Result<LoadBalancerDiagramResponse, ApiError> {
    let reg = w.region(region)?;
    let lb = routing::find_lb(reg, &r.load_balancer)?;
    let lang = if r.language.as_deref() == Some("ko") { "ko" } else { "en" };
    Ok(LoadBalancerDiagramResponse { svg: diagram::svg(reg, lb, lang) })
}
