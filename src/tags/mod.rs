//! Tags on any resource of a region, with AWS's limits.
use crate::error::ApiError;
use std::collections::BTreeMap;

pub const MAX_TAGS: usize = 50;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagStore {
    by_resource: BTreeMap<String, BTreeMap<String, String>>,
}

pub type Tags = BTreeMap<String, String>;

impl TagStore {
    pub fn get(&self, resource: &str) -> Option<&Tags> {
        self.by_resource.get(resource)
    }
    pub fn of(&self, resource: &str) -> Tags {
        self.by_resource.get(resource).cloned().unwrap_or_default()
    }
    /// Checks a whole CreateTags first, so a refused call changes nothing.
    pub fn check_set(&self, resource: &str, new: &[(String, String)]) -> Result<(), ApiError> {
        let mut merged = self.of(resource);
        for (k, v) in new {
            check_tag(k, v)?;
            merged.insert(k.clone(), v.clone());
        }
        if merged.len() > MAX_TAGS {
            return Err(ApiError::new("TagLimitExceeded", format!("The maximum number of Tags for a resource has been reached.; resource {resource}")).hint(
                "A resource can have at most 50 tags. Delete some before adding more.",
                "리소스 하나에는 태그를 최대 50개까지 달 수 있습니다. 먼저 일부를 삭제하세요.",
            ));
        }
        Ok(())
    }
    pub fn set(&mut self, resource: &str, new: &[(String, String)]) {
        let entry = self.by_resource.entry(resource.to_string()).or_default();
        for (k, v) in new {
            entry.insert(k.clone(), v.clone());
        }
    }
    /// DeleteTags: a key alone deletes whatever the value; a key with a value deletes only on a match.
    pub fn delete(&mut self, resource: &str, keys: &[(String, Option<String>)]) {
        if let Some(tags) = self.by_resource.get_mut(resource) {
            if keys.is_empty() {
                tags.retain(|k, _| k.starts_with("aws:"));
            }
            for (k, v) in keys {
                if v.as_ref().is_none_or(|v| tags.get(k) == Some(v)) {
                    tags.remove(k);
                }
            }
            if tags.is_empty() {
                self.by_resource.remove(resource);
            }
        }
    }
    pub fn forget(&mut self, resource: &str) {
        self.by_resource.remove(resource);
    }
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Tags)> {
        self.by_resource.iter()
    }
}

pub fn check_tag(key: &str, value: &str) -> Result<(), ApiError> {
    if key.is_empty() || key.chars().count() > 128 {
        return Err(ApiError::invalid_parameter_value(format!("Tag key exceeds the maximum length of 128 characters or is empty: '{key}'"))
            .hint("Tag keys are 1 to 128 characters.", "태그 키는 1~128자여야 합니다."));
    }
    if value.chars().count() > 256 {
        return Err(ApiError::invalid_parameter_value(format!("Tag value exceeds the maximum length of 256 characters for key '{key}'"))
            .hint("Tag values are at most 256 characters.", "태그 값은 최대 256자입니다."));
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Err(ApiError::invalid_parameter_value("Tag keys starting with 'aws:' are reserved for internal use")
            .hint("The aws: prefix is reserved for AWS. Choose another key.", "aws: 접두사는 AWS 전용입니다. 다른 키를 쓰세요."));
    }
    Ok(())
}

/// The resource type DescribeTags reports, from the id's prefix.
pub fn resource_type(id: &str) -> &'static str {
    match id.split('-').next().unwrap_or("") {
        "i" => "instance",
        "vol" => "volume",
        "snap" => "snapshot",
        "ami" => "image",
        "vpc" => "vpc",
        "subnet" => "subnet",
        "sg" => "security-group",
        "igw" => "internet-gateway",
        "rtb" => "route-table",
        "acl" => "network-acl",
        "eni" => "network-interface",
        "eipalloc" => "elastic-ip",
        "key" => "key-pair",
        "nat" => "natgateway",
        "sgr" => "security-group-rule",
        "nip" => "network-insights-path",
        "nia" => "network-insights-analysis",
        _ => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn limits_and_delete_semantics() {
        let mut s = TagStore::default();
        let t = vec![("Name".to_string(), "web".to_string()), ("env".into(), "dev".into())];
        s.check_set("i-1", &t).unwrap();
        s.set("i-1", &t);
        s.delete("i-1", &[("env".into(), Some("prod".into()))]);
        assert_eq!(s.of("i-1").len(), 2);
        s.delete("i-1", &[("env".into(), None)]);
        assert_eq!(s.of("i-1").len(), 1);
        assert!(s.check_set("i-1", &[("aws:x".into(), "y".into())]).is_err());
        let many: Vec<_> = (0..50).map(|i| (format!("k{i}"), String::new())).collect();
        assert_eq!(s.check_set("i-1", &many).unwrap_err().code, "TagLimitExceeded");
    }
}
