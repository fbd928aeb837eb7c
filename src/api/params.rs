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
        } else if let Some(rest) = inner.strip_prefix("invalid type: ") {
            let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            let (value, class) = python_value(got);
            format!("Invalid type for parameter {at}, value: {value}, type: {class}, valid types: {}", python_classes(expected))
        } else if inner.starts_with("invalid value") || inner.starts_with("invalid length") {
            format!("Invalid value for parameter {at}: {}", inner.split(" at line").next().unwrap_or(&inner))
        } else {
            format!("Invalid parameter {at}: {inner}")
        };
        ApiError::param_validation(format!("Parameter validation failed:\n{msg}"))
    })
}

/// serde's `string "1"` / `integer `5`` → botocore's `1` and `<class 'str'>`.
fn python_value(got: &str) -> (String, &'static str) {
    let unquote = |s: &str| s.trim_matches('`').trim_matches('"').to_string();
    if let Some(v) = got.strip_prefix("string ") {
        (unquote(v), "<class 'str'>")
    } else if let Some(v) = got.strip_prefix("integer ") {
        (unquote(v), "<class 'int'>")
    } else if let Some(v) = got.strip_prefix("floating point ") {
        (unquote(v), "<class 'float'>")
    } else if let Some(v) = got.strip_prefix("boolean ") {
        (unquote(v).replace("true", "True").replace("false", "False"), "<class 'bool'>")
    } else if got == "map" {
        ("{...}".into(), "<class 'dict'>")
    } else if got == "sequence" {
        ("[...]".into(), "<class 'list'>")
    } else if got == "null" || got == "unit value" {
        ("None".into(), "<class 'NoneType'>")
    } else {
        (got.to_string(), "<class 'object'>")
    }
}

/// What serde expected, as botocore names the Python types it accepts.
fn python_classes(expected: &str) -> &'static str {
    let e = expected.trim();
    if e.starts_with('i') || e.starts_with('u') || e.contains("integer") {
        "<class 'int'>"
    } else if e.contains("string") || e.starts_with("a borrowed str") {
        "<class 'str'>"
    } else if e.contains("bool") {
        "<class 'bool'>"
    } else if e.contains("sequence") {
        "<class 'list'>, <class 'tuple'>"
    } else if e.starts_with('f') {
        "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>"
    } else {
        "<class 'dict'>"
    }
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
        assert!(e.message.ends_with("Invalid type for parameter MinCount, value: x, type: <class 'str'>, valid types: <class 'int'>"), "{}", e.message);
        let e = parse::<Req>(serde_json::json!({"MinCount": 1, "ImageId": 5})).unwrap_err();
        assert!(e.message.ends_with("Invalid type for parameter ImageId, value: 5, type: <class 'int'>, valid types: <class 'str'>"), "{}", e.message);
    }
}
