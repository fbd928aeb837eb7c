//! Subscribe, ConfirmSubscription, Unsubscribe, ListSubscriptions, ListSubscriptionsByTopic,
//! GetSubscriptionAttributes.
use super::{page, Empty};
use crate::error::ApiError;
use crate::sns::subscriptions::{self as subs, Subscription};
use crate::world::{World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SubscribeRequest {
    topic_arn: String,
    protocol: String,
    endpoint: Option<String>,
    attributes: Option<BTreeMap<String, String>>,
    return_subscription_arn: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscriptionArnResponse {
    subscription_arn: String,
}

pub fn subscribe(w: &mut World, region: &str, r: SubscribeRequest) -> Result<SubscriptionArnResponse, ApiError> {
    if let Some(a) = &r.attributes {
        if let Some(k) =
            a.keys().find(|k| !["RawMessageDelivery", "FilterPolicy", "FilterPolicyScope", "DeliveryPolicy", "RedrivePolicy"].contains(&k.as_str()))
        {
            return Err(crate::sns::errors::invalid(
                &format!("Attributes Reason: Unknown attribute {k}"),
                "Subscription attributes include RawMessageDelivery, FilterPolicy, DeliveryPolicy and RedrivePolicy (ec2lab stores none of them for email).",
                "구독 속성에는 RawMessageDelivery, FilterPolicy, DeliveryPolicy, RedrivePolicy 등이 있습니다(ec2lab은 이메일에 대해 저장하지 않습니다).",
            ));
        }
    }
    let arn = subs::subscribe(w, region, &r.topic_arn, &r.protocol, r.endpoint.as_deref(), r.return_subscription_arn.unwrap_or(false))?;
    Ok(SubscriptionArnResponse { subscription_arn: arn })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ConfirmSubscriptionRequest {
    topic_arn: String,
    token: String,
    authenticate_on_unsubscribe: Option<String>,
}

pub fn confirm_subscription(w: &mut World, region: &str, r: ConfirmSubscriptionRequest) -> Result<SubscriptionArnResponse, ApiError> {
    let _ = r.authenticate_on_unsubscribe;
    Ok(SubscriptionArnResponse { subscription_arn: subs::confirm(w, region, &r.topic_arn, &r.token)? })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SubscriptionArnRequest {
    subscription_arn: String,
}

pub fn unsubscribe(w: &mut World, region: &str, r: SubscriptionArnRequest) -> Result<Empty, ApiError> {
    subs::unsubscribe(w, region, &r.subscription_arn)?;
    Ok(Empty {})
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscriptionShape {
    subscription_arn: String,
    owner: String,
    protocol: String,
    endpoint: String,
    topic_arn: String,
}

fn render(s: &Subscription) -> SubscriptionShape {
    SubscriptionShape {
        subscription_arn: s.listed_arn().to_string(),
        owner: ACCOUNT_ID.into(),
        protocol: s.protocol.clone(),
        endpoint: s.endpoint.clone(),
        topic_arn: s.topic_arn.clone(),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListSubscriptionsResponse {
    subscriptions: Vec<SubscriptionShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListSubscriptionsRequest {
    next_token: Option<String>,
}

pub fn list_subscriptions(w: &mut World, region: &str, r: ListSubscriptionsRequest) -> Result<ListSubscriptionsResponse, ApiError> {
    let all: Vec<SubscriptionShape> = w.region(region)?.sns.subscriptions.iter().map(render).collect();
    let (subscriptions, next_token) = page(all, r.next_token.as_deref())?;
    Ok(ListSubscriptionsResponse { subscriptions, next_token })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListSubscriptionsByTopicRequest {
    topic_arn: String,
    next_token: Option<String>,
}

pub fn list_subscriptions_by_topic(w: &mut World, region: &str, r: ListSubscriptionsByTopicRequest) -> Result<ListSubscriptionsResponse, ApiError> {
    let all: Vec<SubscriptionShape> = subs::by_topic(w, region, &r.topic_arn)?.into_iter().map(render).collect();
    let (subscriptions, next_token) = page(all, r.next_token.as_deref())?;
    Ok(ListSubscriptionsResponse { subscriptions, next_token })
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributesResponse {
    attributes: BTreeMap<String, String>,
}

pub fn get_subscription_attributes(w: &mut World, region: &str, r: SubscriptionArnRequest) -> Result<AttributesResponse, ApiError> {
    let sns = &w.region(region)?.sns;
    let Some(s) = sns.subscriptions.iter().find(|s| s.arn == r.subscription_arn) else {
        return Err(crate::sns::errors::subscription_not_found());
    };
    let mut a = BTreeMap::new();
    a.insert("SubscriptionArn".into(), s.arn.clone());
    a.insert("TopicArn".into(), s.topic_arn.clone());
    a.insert("Owner".into(), ACCOUNT_ID.into());
    a.insert("Protocol".into(), s.protocol.clone());
    a.insert("Endpoint".into(), s.endpoint.clone());
    a.insert("PendingConfirmation".into(), (!s.confirmed).to_string());
    a.insert("ConfirmationWasAuthenticated".into(), "false".into());
    a.insert("RawMessageDelivery".into(), "false".into());
    a.insert("SubscriptionPrincipal".into(), format!("arn:aws:iam::{ACCOUNT_ID}:root"));
    Ok(AttributesResponse { attributes: a })
}
