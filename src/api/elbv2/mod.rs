//! The `elbv2` service (Elastic Load Balancing v2). One file per group of operations; the
//! rules live in `src/elb`.
use super::Answer;
use crate::error::ApiError;
use crate::world::World;
use serde_json::Value;

pub const OPERATIONS: &[&str] = &[];

pub fn dispatch(w: &mut World, region: &str, op: &str, p: Value) -> Option<Result<Answer, ApiError>> {
    let _ = (w, region, p);
    Some(match op {
        _ => return None,
    })
}
