//! DescribeInstanceTypes, DescribeInstanceTypeOfferings. (Being written by the catalog work.)
use crate::error::ApiError;
use crate::world::World;
use serde_json::Value;

pub fn describe_instance_types(_w: &World, _region: &str, _r: Value) -> Result<Value, ApiError> {
    Err(ApiError::new("NotImplemented", "in progress"))
}
pub fn describe_instance_type_offerings(_w: &World, _region: &str, _r: Value) -> Result<Value, ApiError> {
    Err(ApiError::new("NotImplemented", "in progress"))
}
