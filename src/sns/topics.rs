//! Topics: CreateTopic (idempotent by name), DeleteTopic (idempotent, takes its subscriptions),
//! Get/SetTopicAttributes.
use super::errors::{invalid, topic_not_found};
use crate::error::ApiError;
use crate::world::{World, ACCOUNT_ID};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    pub arn: String,
    pub name: String,
    /// Attributes the caller set (DisplayName, Policy, DeliveryPolicy, ...).
    pub attributes: BTreeMap<String, String>,
    pub tags: Vec<(String, String)>,
    /// Subscriptions deleted so far (SubscriptionsDeleted).
    pub deleted_subscriptions: u32,
}

/// Attributes CreateTopic / SetTopicAttributes accept (the ones ec2lab keeps; delivery of the
/// others' features is not modelled).
pub const SETTABLE: &[&str] = &[
    "DisplayName",
    "Policy",
    "DeliveryPolicy",
    "KmsMasterKeyId",
    "SignatureVersion",
    "TracingConfig",
    "FifoTopic",
    "ContentBasedDeduplication",
    "ArchivePolicy",
    "FifoThroughputScope",
];

pub fn topic_arn(region: &str, name: &str) -> String {
    format!("arn:aws:sns:{region}:{ACCOUNT_ID}:{name}")
}

/// 1-256 letters, digits, hyphens and underscores; FIFO topics end in `.fifo` (BC:sns/CreateTopic).
fn check_name(name: &str, fifo: bool) -> Result<(), ApiError> {
    let base = if fifo { name.strip_suffix(".fifo").unwrap_or(name) } else { name };
    let ok = !base.is_empty() && name.len() <= 256 && base.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok || (fifo && !name.ends_with(".fifo")) {
        return Err(invalid(
            "Topic Name",
            "A topic name is 1 to 256 characters: letters, digits, hyphens (-) and underscores (_); a FIFO topic's name ends in .fifo.",
            "토픽 이름은 1~256자의 영문자, 숫자, 하이픈(-), 밑줄(_)입니다. FIFO 토픽 이름은 .fifo로 끝납니다.",
        ));
    }
    Ok(())
}

fn check_attributes(attrs: &BTreeMap<String, String>) -> Result<(), ApiError> {
    for k in attrs.keys() {
        if !SETTABLE.contains(&k.as_str()) {
            return Err(invalid(
                &format!("AttributeName: {k}"),
                format!("'{k}' is not a topic attribute you can set; settable ones include DisplayName, Policy and DeliveryPolicy."),
                format!("'{k}'은(는) 설정할 수 있는 토픽 속성이 아닙니다. DisplayName, Policy, DeliveryPolicy 등을 쓸 수 있습니다."),
            ));
        }
    }
    if let Some(d) = attrs.get("DisplayName") {
        if d.chars().count() > 100 {
            return Err(invalid(
                "DisplayName",
                "DisplayName is at most 100 characters (it becomes the email's From name).",
                "DisplayName은 최대 100자입니다(이메일의 보낸 사람 이름이 됩니다).",
            ));
        }
    }
    Ok(())
}

/// Creates the topic, or returns the existing one's ARN when the name is taken with the same
/// attributes (AWS refuses a re-create that asks for different attributes).
pub fn create_topic(w: &mut World, region: &str, name: &str, attrs: BTreeMap<String, String>, tags: Vec<(String, String)>) -> Result<String, ApiError> {
    let region = w.region(region)?.info.name;
    let fifo = attrs.get("FifoTopic").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    check_name(name, fifo || name.ends_with(".fifo"))?;
    if name.ends_with(".fifo") && !fifo {
        return Err(invalid(
            "Topic Name",
            "A name ending in .fifo is for FIFO topics: add Attributes={'FifoTopic': 'true'}, or drop the suffix.",
            ".fifo로 끝나는 이름은 FIFO 토픽용입니다. Attributes={'FifoTopic': 'true'}를 주거나 접미사를 빼세요.",
        ));
    }
    check_attributes(&attrs)?;
    let arn = topic_arn(region, name);
    let sns = &mut w.region_mut(region)?.sns;
    if let Some(t) = sns.topics.get(&arn) {
        if attrs.iter().any(|(k, v)| t.attributes.get(k) != Some(v)) {
            return Err(invalid(
                "Attributes Reason: Topic already exists with different attributes",
                "CreateTopic is idempotent only with the same attributes; change an existing topic with SetTopicAttributes.",
                "CreateTopic은 같은 속성일 때만 멱등입니다. 기존 토픽은 SetTopicAttributes로 바꾸세요.",
            ));
        }
        return Ok(arn);
    }
    sns.topics.insert(arn.clone(), Topic { arn: arn.clone(), name: name.to_string(), attributes: attrs, tags, deleted_subscriptions: 0 });
    Ok(arn)
}

/// Idempotent: a topic that does not exist is no error (BC:sns/DeleteTopic). Its subscriptions go with it.
pub fn delete_topic(w: &mut World, region: &str, arn: &str) -> Result<(), ApiError> {
    let sns = &mut w.region_mut(region)?.sns;
    if sns.topics.remove(arn).is_some() {
        sns.subscriptions.retain(|s| s.topic_arn != arn);
    }
    Ok(())
}

pub fn get<'a>(w: &'a World, region: &str, arn: &str) -> Result<&'a Topic, ApiError> {
    w.region(region)?.sns.topics.get(arn).ok_or_else(topic_not_found)
}

/// GetTopicAttributes: what the caller set plus the derived ones (counts, owner, effective policies).
pub fn attributes(w: &World, region: &str, arn: &str) -> Result<BTreeMap<String, String>, ApiError> {
    let t = get(w, region, arn)?;
    let subs = &w.region(region)?.sns.subscriptions;
    let confirmed = subs.iter().filter(|s| s.topic_arn == arn && s.confirmed).count();
    let pending = subs.iter().filter(|s| s.topic_arn == arn && !s.confirmed).count();
    let mut a = t.attributes.clone();
    a.insert("TopicArn".into(), t.arn.clone());
    a.insert("Owner".into(), ACCOUNT_ID.into());
    a.insert("SubscriptionsConfirmed".into(), confirmed.to_string());
    a.insert("SubscriptionsPending".into(), pending.to_string());
    a.insert("SubscriptionsDeleted".into(), t.deleted_subscriptions.to_string());
    a.entry("DisplayName".into()).or_default();
    a.entry("Policy".into()).or_insert_with(|| default_policy(&t.arn));
    a.insert(
        "EffectiveDeliveryPolicy".into(),
        r#"{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}"#.into(),
    );
    Ok(a)
}

/// The access policy a new topic gets: the owner account may do everything.
fn default_policy(arn: &str) -> String {
    serde_json::json!({
        "Version": "2008-10-17",
        "Id": "__default_policy_ID",
        "Statement": [{
            "Sid": "__default_statement_ID",
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"],
            "Resource": arn,
            "Condition": {"StringEquals": {"AWS:SourceOwner": ACCOUNT_ID}}
        }]
    })
    .to_string()
}

pub fn set_attribute(w: &mut World, region: &str, arn: &str, name: &str, value: Option<String>) -> Result<(), ApiError> {
    get(w, region, arn)?;
    if name == "FifoTopic" || !SETTABLE.contains(&name) {
        return Err(invalid(
            &format!("AttributeName: {name}"),
            format!("'{name}' cannot be set on an existing topic; settable ones include DisplayName, Policy and DeliveryPolicy."),
            format!("'{name}'은(는) 기존 토픽에 설정할 수 없습니다. DisplayName, Policy, DeliveryPolicy 등을 쓸 수 있습니다."),
        ));
    }
    let mut one = BTreeMap::new();
    one.insert(name.to_string(), value.clone().unwrap_or_default());
    check_attributes(&one)?;
    if name == "Policy" {
        if let Some(v) = &value {
            if serde_json::from_str::<serde_json::Value>(v).map(|p| !p.is_object()).unwrap_or(true) {
                return Err(invalid("Policy: failed to parse JSON.", "Policy is an IAM policy document in JSON.", "Policy는 JSON 형식의 IAM 정책 문서입니다."));
            }
        }
    }
    let t = w.region_mut(region)?.sns.topics.get_mut(arn).expect("checked above");
    match value {
        Some(v) => t.attributes.insert(name.to_string(), v),
        None => t.attributes.remove(name),
    };
    Ok(())
}
