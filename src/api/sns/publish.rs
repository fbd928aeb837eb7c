//! Publish (to a topic; TargetArn for topics too; SMS PhoneNumber is not simulated).
use crate::error::ApiError;
use crate::sns::errors::invalid;
use crate::sns::Outgoing;
use crate::world::World;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PublishRequest {
    topic_arn: Option<String>,
    target_arn: Option<String>,
    phone_number: Option<String>,
    message: String,
    subject: Option<String>,
    message_structure: Option<String>,
    message_attributes: Option<serde_json::Value>,
    message_deduplication_id: Option<String>,
    message_group_id: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublishResponse {
    message_id: String,
}

pub fn publish(w: &mut World, region: &str, r: PublishRequest) -> Result<PublishResponse, ApiError> {
    let _ = (r.message_attributes, r.message_deduplication_id, r.message_group_id);
    if r.phone_number.is_some() {
        return Err(ApiError::new("NotImplemented", "ec2lab does not simulate SMS; publish to a topic with email subscriptions.").status(501).hint(
            "Publish to a TopicArn; its confirmed email subscriptions land in cloud.inbox(address).",
            "TopicArn으로 게시하세요. 확인된 이메일 구독은 cloud.inbox(주소)로 들어갑니다.",
        ));
    }
    let topic = match (r.topic_arn, r.target_arn) {
        (Some(_), Some(_)) => {
            return Err(invalid(
                "TopicArn or TargetArn Reason: Only one of TopicArn or TargetArn may be specified",
                "Give either TopicArn or TargetArn, not both.",
                "TopicArn과 TargetArn 중 하나만 주세요.",
            ))
        }
        (Some(t), None) | (None, Some(t)) => t,
        (None, None) => {
            return Err(invalid(
                "TopicArn or TargetArn Reason: no value for required parameter",
                "Say where to publish: TopicArn (the ARN CreateTopic returned).",
                "어디에 게시할지 정하세요: TopicArn(CreateTopic이 돌려준 ARN).",
            ))
        }
    };
    let mut out = Outgoing { subject: r.subject, default: r.message.clone(), email: None, email_json: None };
    match r.message_structure.as_deref() {
        None => {}
        Some("json") => {
            let v: serde_json::Value = serde_json::from_str(&r.message).map_err(|_| {
                invalid(
                    "Message Structure - JSON message body failed to parse",
                    "With MessageStructure='json', Message is a JSON object of per-protocol texts with a 'default' entry.",
                    "MessageStructure='json'이면 Message는 프로토콜별 텍스트를 담은 JSON 객체이며 'default' 항목이 있어야 합니다.",
                )
            })?;
            let text = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
            let Some(default) = text("default") else {
                return Err(invalid(
                    "Message Structure - No default entry in JSON message body",
                    "A JSON-structured message needs a 'default' text (used for protocols without their own entry).",
                    "JSON 구조 메시지에는 'default' 텍스트가 필요합니다(자기 항목이 없는 프로토콜에 쓰입니다).",
                ));
            };
            out = Outgoing { subject: out.subject, default, email: text("email"), email_json: text("email-json") };
        }
        Some(other) => {
            return Err(invalid(
                &format!("MessageStructure Reason: Invalid value {other}"),
                "MessageStructure is 'json' (or leave it out for one text for every protocol).",
                "MessageStructure는 'json'입니다(모든 프로토콜에 같은 텍스트면 빼세요).",
            ))
        }
    }
    let id = crate::sns::publish(w, region, &topic, out)?;
    Ok(PublishResponse { message_id: id })
}
