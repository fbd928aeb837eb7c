//! ExplainInstanceType: decodes an instance type name part by part. (Being written by the catalog work.)
use crate::error::ApiError;
use serde_json::Value;

pub fn explain_instance_type(_r: Value) -> Result<Value, ApiError> {
    Err(ApiError::new("NotImplemented", "in progress"))
}
