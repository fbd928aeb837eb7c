//! CreateTopic, DeleteTopic, ListTopics, GetTopicAttributes, SetTopicAttributes.
use super::{page, Empty};
use crate::error::ApiError;
use crate::sns::topics;
use crate::world::World;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TagShape {
    key: String,
    value: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateTopicRequest {
    name: String,
    attributes: Option<BTreeMap<String, String>>,
    tags: Option<Vec<TagShape>>,
    data_protection_policy: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateTopicResponse {
    topic_arn: String,
}

pub fn create_topic(w: &mut World, region: &str, r: CreateTopicRequest) -> Result<CreateTopicResponse, ApiError> {
    let _ = r.data_protection_policy;
    let tags = r.tags.unwrap_or_default().into_iter().map(|t| (t.key, t.value)).collect();
    let arn = topics::create_topic(w, region, &r.name, r.attributes.unwrap_or_default(), tags)?;
    Ok(CreateTopicResponse { topic_arn: arn })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TopicArnRequest {
    topic_arn: String,
}

pub fn delete_topic(w: &mut World, region: &str, r: TopicArnRequest) -> Result<Empty, ApiError> {
    topics::delete_topic(w, region, &r.topic_arn)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListTopicsRequest {
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TopicShape {
    topic_arn: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTopicsResponse {
    topics: Vec<TopicShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

pub fn list_topics(w: &mut World, region: &str, r: ListTopicsRequest) -> Result<ListTopicsResponse, ApiError> {
    let arns: Vec<String> = w.region(region)?.sns.topics.keys().cloned().collect();
    let (items, next_token) = page(arns, r.next_token.as_deref())?;
    Ok(ListTopicsResponse { topics: items.into_iter().map(|topic_arn| TopicShape { topic_arn }).collect(), next_token })
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributesResponse {
    attributes: BTreeMap<String, String>,
}

pub fn get_topic_attributes(w: &mut World, region: &str, r: TopicArnRequest) -> Result<AttributesResponse, ApiError> {
    Ok(AttributesResponse { attributes: topics::attributes(w, region, &r.topic_arn)? })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetTopicAttributesRequest {
    topic_arn: String,
    attribute_name: String,
    attribute_value: Option<String>,
}

pub fn set_topic_attributes(w: &mut World, region: &str, r: SetTopicAttributesRequest) -> Result<Empty, ApiError> {
    topics::set_attribute(w, region, &r.topic_arn, &r.attribute_name, r.attribute_value)?;
    Ok(Empty {})
}
