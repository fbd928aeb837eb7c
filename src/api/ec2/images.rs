//! DescribeImages. (Being written by the AMI work.)
use crate::error::ApiError;
use crate::world::World;
use serde_json::Value;

pub fn describe_images(_w: &World, _region: &str, _r: Value) -> Result<Value, ApiError> {
    Err(ApiError::new("NotImplemented", "in progress"))
}
