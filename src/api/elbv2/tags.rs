//! AddTags, RemoveTags, DescribeTags on any ELB resource (load balancers, target groups,
//! listeners, rules). Rules in `src/elb/tags.rs`.
use super::shared::Empty;
use crate::api::Tag;
use crate::elb::tags;
use crate::error::ApiError;
use crate::world::World;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AddTagsRequest {
    resource_arns: Vec<String>,
    tags: Vec<Tag>,
}

pub fn add_tags(w: &mut World, region: &str, r: AddTagsRequest) -> Result<Empty, ApiError> {
    let pairs: Vec<(String, String)> = r.tags.into_iter().map(|t| (t.key, t.value)).collect();
    tags::add(w, region, &r.resource_arns, &pairs)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RemoveTagsRequest {
    resource_arns: Vec<String>,
    tag_keys: Vec<String>,
}

pub fn remove_tags(w: &mut World, region: &str, r: RemoveTagsRequest) -> Result<Empty, ApiError> {
    tags::remove(w, region, &r.resource_arns, &r.tag_keys)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeTagsRequest {
    resource_arns: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagDescription {
    resource_arn: String,
    tags: Vec<Tag>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTagsResponse {
    tag_descriptions: Vec<TagDescription>,
}

pub fn describe_tags(w: &mut World, region: &str, r: DescribeTagsRequest) -> Result<DescribeTagsResponse, ApiError> {
    let found = tags::describe(w, region, &r.resource_arns)?;
    Ok(DescribeTagsResponse {
        tag_descriptions: found
            .into_iter()
            .map(|(arn, t)| TagDescription { resource_arn: arn, tags: t.into_iter().map(|(key, value)| Tag { key, value }).collect() })
            .collect(),
    })
}
