//! SNS's refusals: `InvalidParameter` (400) and `NotFound` (404), with hints in English and Korean.
use crate::error::ApiError;

pub fn invalid(what: &str, en: impl Into<String>, ko: impl Into<String>) -> ApiError {
    ApiError::new("InvalidParameter", format!("Invalid parameter: {what}")).hint(en, ko)
}

pub fn topic_not_found() -> ApiError {
    ApiError::new("NotFound", "Topic does not exist").status(404).hint(
        "No topic with this ARN exists in this region: create it with CreateTopic, or copy the TopicArn that CreateTopic/ListTopics returned.",
        "이 리전에 그 ARN의 토픽이 없습니다. CreateTopic으로 만들거나 CreateTopic/ListTopics가 돌려준 TopicArn을 그대로 쓰세요.",
    )
}

pub fn subscription_not_found() -> ApiError {
    ApiError::new("NotFound", "Subscription does not exist").status(404).hint(
        "No subscription with this ARN exists; ListSubscriptions shows the ones there are.",
        "그 ARN의 구독이 없습니다. ListSubscriptions로 있는 구독을 확인하세요.",
    )
}
