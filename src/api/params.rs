use crate::error::ApiError;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Deserialises request parameters, turning serde's complaints into botocore-style
/// `ParamValidationError` messages (unknown parameter, missing parameter, wrong type).
pub fn parse<T: DeserializeOwned>(params: Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(params).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.inner().to_string();
        let at = if path == "." { "input".to_string() } else { path.clone() };
        let msg = if let Some(rest) = inner.strip_prefix("unknown field `") {
            let (name, tail) = rest.split_once('`').unwrap_or((rest, ""));
            let expected = tail
                .split_once("expected one of ")
                .map(|(_, x)| x.replace('`', ""))
                .or_else(|| tail.split_once("expected ").map(|(_, x)| x.replace('`', "")))
                .unwrap_or_default()
                .replace(" or ", ", ");
            let parent = parent_of(&path);
            format!("Unknown parameter in {parent}: \"{name}\", must be one of: {expected}")
        } else if let Some(rest) = inner.strip_prefix("missing field `") {
            let name = rest.split('`').next().unwrap_or(rest);
            format!("Missing required parameter in {at}: \"{name}\"")
        } else if inner.starts_with("invalid type") || inner.starts_with("invalid value") || inner.starts_with("invalid length") {
            format!("Invalid type for parameter {at}: {}", inner.split(" at line").next().unwrap_or(&inner))
        } else {
            format!("Invalid parameter {at}: {inner}")
        };
        ApiError::param_validation(format!("Parameter validation failed:\n{msg}"))
    })
}

/// `Filters[0].Name` → the parent of the unknown member, `input` at top level.
fn parent_of(path: &str) -> String {
    match path.rsplit_once('.') {
        Some((parent, _)) if !parent.is_empty() => parent.to_string(),
        _ => "input".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    #[derive(Deserialize, Debug)]
    #[serde(rename_all = "PascalCase", deny_unknown_fields)]
    #[allow(dead_code)]
    struct Req {
        min_count: i64,
        image_id: Option<String>,
    }
    #[test]
    fn messages_look_like_botocore() {
        let e = parse::<Req>(serde_json::json!({"MinCount": 1, "Bogus": 2})).unwrap_err();
        assert!(e.message.contains("Unknown parameter in input: \"Bogus\", must be one of: MinCount, ImageId"), "{}", e.message);
        let e = parse::<Req>(serde_json::json!({})).unwrap_err();
        assert!(e.message.contains("Missing required parameter in input: \"MinCount\""), "{}", e.message);
        let e = parse::<Req>(serde_json::json!({"MinCount": "x"})).unwrap_err();
        assert!(e.message.contains("Invalid type for parameter MinCount"), "{}", e.message);
    }
}
