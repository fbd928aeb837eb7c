//! The `sns` service (Amazon SNS). One file per group of operations; the rules live in their domain.
use super::Answer;
use crate::error::ApiError;
use crate::world::World;
use serde_json::Value;

pub const OPERATIONS: &[&str] = &[];

pub fn dispatch(_w: &mut World, _region: &str, _op: &str, _p: Value) -> Option<Result<Answer, ApiError>> {
    None
}
