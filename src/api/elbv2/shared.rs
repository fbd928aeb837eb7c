//! Shapes several elbv2 operations share: the empty answer and the attribute list of load
//! balancers and target groups.
use crate::elb::errors::validation;
use crate::error::ApiError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The answer of operations whose output shape has no members.
#[derive(Serialize)]
pub struct Empty {}

/// BC:elbv2/LoadBalancerAttribute and TargetGroupAttribute (same members).
#[derive(Deserialize, Serialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AttributeShape {
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    value: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributesResponse {
    attributes: Vec<AttributeShape>,
}

impl AttributesResponse {
    pub fn of(map: &BTreeMap<String, String>) -> Self {
        AttributesResponse { attributes: map.iter().map(|(k, v)| AttributeShape { key: Some(k.clone()), value: Some(v.clone()) }).collect() }
    }
}

/// The `(key, value)` changes of a Modify*Attributes request; a value left out is the empty string.
pub fn attribute_changes(attributes: Vec<AttributeShape>, example: &str) -> Result<Vec<(String, String)>, ApiError> {
    attributes
        .into_iter()
        .map(|a| match a.key {
            Some(k) => Ok((k, a.value.unwrap_or_default())),
            None => Err(validation(
                "An attribute key must be specified",
                format!("Each attribute is {{'Key': ..., 'Value': ...}}, e.g. {example}."),
                format!("속성은 {{'Key': ..., 'Value': ...}} 형태입니다(예: {example})."),
            )),
        })
        .collect()
}
