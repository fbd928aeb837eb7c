//! What the network operations' shapes share: TagSpecifications of one resource type, members
//! botocore accepts that ec2lab does not simulate, boolean attribute values, empty answers.
use crate::api::TagSpecification;
use crate::error::ApiError;
use crate::tags::TagStore;
use serde::{Deserialize, Serialize};

/// An operation whose response has no members.
#[derive(Serialize)]
pub struct Empty {}

/// `{"Return": true}` (CreateRoute and friends).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReturnTrue {
    #[serde(rename = "Return")]
    pub ret: bool,
}

pub const RETURN_TRUE: ReturnTrue = ReturnTrue { ret: true };

/// `{"Value": true}` in requests (AttributeBooleanValue).
#[derive(Deserialize, Debug, Clone, Copy)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct BoolValue {
    pub value: Option<bool>,
}

/// `{"Value": "text"}` in requests (AttributeValue).
#[derive(Deserialize, Debug, Clone)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StringValue {
    pub value: Option<String>,
}

/// `{"Value": true}` in responses.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BoolShape {
    pub value: bool,
}

/// Refuses the first member that botocore accepts but ec2lab does not simulate.
pub fn refuse_unsimulated(op: &str, members: &[(&str, bool)]) -> Result<(), ApiError> {
    match members.iter().find(|(_, given)| *given) {
        Some((m, _)) => Err(ApiError::new("Unsupported", format!("ec2lab does not simulate the {op} parameter {m} yet.")).hint(
            format!("{m} is a real parameter, but ec2lab does not model it (IPv6, IPAM, Outposts and the like). Leave it out; see the README for what is supported."),
            format!("{m}은(는) 실제 파라미터지만 ec2lab은 아직 지원하지 않습니다(IPv6, IPAM, Outposts 등). 빼고 호출하세요."),
        )),
        None => Ok(()),
    }
}

/// The tags of TagSpecifications for a resource of `rtype`, checked (a refused call creates nothing).
pub fn tags_for(specs: &Option<Vec<TagSpecification>>, rtype: &str) -> Result<Vec<(String, String)>, ApiError> {
    let mut out = Vec::new();
    for s in specs.iter().flatten() {
        let given = s.resource_type.as_deref().unwrap_or(rtype);
        if given != rtype {
            return Err(ApiError::invalid_parameter_value(format!("'{given}' is not a valid taggable resource type for this operation.")).hint(
                format!("This operation creates a '{rtype}': use ResourceType='{rtype}' in TagSpecifications."),
                format!("이 작업은 '{rtype}'을(를) 만듭니다. TagSpecifications에 ResourceType='{rtype}'을 쓰세요."),
            ));
        }
        out.extend(s.tags.iter().map(|t| (t.key.clone(), t.value.clone())));
    }
    TagStore::default().check_set("new", &out)?;
    Ok(out)
}

/// Checks that every id of a Describe call's id list exists (all named at once).
pub fn check_ids<'a>(ids: &'a [String], exists: impl Fn(&str) -> bool, err: impl Fn(&str) -> ApiError) -> Result<(), ApiError> {
    let missing: Vec<&'a str> = ids.iter().map(String::as_str).filter(|id| !exists(id)).collect();
    match missing.as_slice() {
        [] => Ok(()),
        [one] => Err(err(one)),
        many => {
            let mut e = err(many[0]);
            e.message = e.message.replacen(many[0], &many.join(", "), 1);
            Err(e)
        }
    }
}
