//! The `sns` service (Amazon SNS). One file per group of operations; the rules live in `src/sns`.
use super::{handle, Answer};
use crate::error::ApiError;
use crate::world::World;
use serde_json::Value;

mod publish;
mod subscriptions;
mod topics;

pub const OPERATIONS: &[&str] = &[
    // topics
    "CreateTopic",
    "DeleteTopic",
    "ListTopics",
    "GetTopicAttributes",
    "SetTopicAttributes",
    // subscriptions
    "Subscribe",
    "ConfirmSubscription",
    "Unsubscribe",
    "ListSubscriptions",
    "ListSubscriptionsByTopic",
    "GetSubscriptionAttributes",
    // messages
    "Publish",
];

pub fn dispatch(w: &mut World, region: &str, op: &str, p: Value) -> Option<Result<Answer, ApiError>> {
    Some(match op {
        "CreateTopic" => handle(p, |r| topics::create_topic(w, region, r)),
        "DeleteTopic" => handle(p, |r| topics::delete_topic(w, region, r)),
        "ListTopics" => handle(p, |r| topics::list_topics(w, region, r)),
        "GetTopicAttributes" => handle(p, |r| topics::get_topic_attributes(w, region, r)),
        "SetTopicAttributes" => handle(p, |r| topics::set_topic_attributes(w, region, r)),
        "Subscribe" => handle(p, |r| subscriptions::subscribe(w, region, r)),
        "ConfirmSubscription" => handle(p, |r| subscriptions::confirm_subscription(w, region, r)),
        "Unsubscribe" => handle(p, |r| subscriptions::unsubscribe(w, region, r)),
        "ListSubscriptions" => handle(p, |r| subscriptions::list_subscriptions(w, region, r)),
        "ListSubscriptionsByTopic" => handle(p, |r| subscriptions::list_subscriptions_by_topic(w, region, r)),
        "GetSubscriptionAttributes" => handle(p, |r| subscriptions::get_subscription_attributes(w, region, r)),
        "Publish" => handle(p, |r| publish::publish(w, region, r)),
        _ => return None,
    })
}

/// SNS pages hold 100 items; a bad token is SNS's InvalidParameter.
pub(crate) fn page<T>(items: Vec<T>, token: Option<&str>) -> Result<(Vec<T>, Option<String>), ApiError> {
    let p = crate::query::paginate(items, Some(100), token, (1, 100)).map_err(|_| {
        crate::sns::errors::invalid(
            "NextToken",
            "Pass back exactly the NextToken the previous page returned.",
            "이전 페이지가 돌려준 NextToken을 그대로 넘기세요.",
        )
    })?;
    Ok((p.items, p.next_token))
}

#[derive(serde::Serialize)]
pub struct Empty {}
