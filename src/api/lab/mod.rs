//! ec2lab's own operations, beside AWS's: the teaching aids (explanations, diagrams) that the
//! Python surfaces show. They go through the same door so no surface computes anything itself.
mod explain;
mod instances;
mod marketplace;
mod network_diagrams;
pub mod reachability;

use super::{handle, Answer};
use crate::error::ApiError;
use crate::world::World;
use serde_json::Value;

pub const OPERATIONS: &[&str] = &["ExplainInstanceType", "ShutdownFromOs", "LifecycleDiagram", "AcceptMarketplaceTerms", "VpcDiagram", "ReachabilityDiagram", "CanConnect"];

pub fn dispatch(w: &mut World, region: &str, op: &str, p: Value) -> Option<Result<Answer, ApiError>> {
    Some(match op {
        "ExplainInstanceType" => handle(p, explain::explain_instance_type),
        "ShutdownFromOs" => handle(p, |r| instances::shutdown_from_os(w, region, r)),
        "LifecycleDiagram" => handle(p, |r| instances::lifecycle_diagram(w, region, r)),
        "AcceptMarketplaceTerms" => handle(p, |r| marketplace::accept_marketplace_terms(w, r)),
        "VpcDiagram" => handle(p, |r| network_diagrams::vpc_diagram(w, region, r)),
        "ReachabilityDiagram" => handle(p, |r| network_diagrams::reachability_diagram(w, region, r)),
        "CanConnect" => handle(p, |r| reachability::can_connect(w, region, r)),
        _ => return None,
    })
}
