//! ec2lab's own operations, beside AWS's: the teaching aids (explanations, diagrams) that the
//! Python surfaces show. They go through the same door so no surface computes anything itself.
mod explain;

use super::handle;
use crate::error::ApiError;
use crate::world::World;
use serde_json::Value;

pub const OPERATIONS: &[&str] = &["ExplainInstanceType"];

pub fn dispatch(w: &mut World, region: &str, op: &str, p: Value) -> Option<Result<Value, ApiError>> {
    let _ = region;
    Some(match op {
        "ExplainInstanceType" => handle(p, explain::explain_instance_type),
        _ => {
            let _ = w;
            return None;
        }
    })
}
