//! Small shapes shared by many operations.
use crate::query::Filter;
use crate::sim::{clock::iso8601, Millis};
use serde::{Deserialize, Serialize, Serializer};

/// A point in virtual time; on the wire an ISO-8601 string, turned into a `datetime` by the bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub Millis);

/// The newtype name that tells a serializer "this string is a timestamp" (JSON ignores it).
pub const TIMESTAMP_NEWTYPE: &str = "ec2lab::Timestamp";

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct(TIMESTAMP_NEWTYPE, &iso8601(self.0))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Tag {
    pub key: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TagSpecification {
    pub resource_type: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct FilterShape {
    pub name: String,
    #[serde(default)]
    pub values: Vec<String>,
}

pub type Filters = Option<Vec<FilterShape>>;

pub fn filters(f: &Filters) -> Vec<Filter> {
    f.iter().flatten().map(|f| Filter { name: f.name.clone(), values: f.values.clone() }).collect()
}
