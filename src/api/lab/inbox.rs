//! Inbox: the simulated mailbox of an email address — what SNS delivered to it (subscription
//! confirmations and notifications, e.g. CloudWatch alarm emails), from every region, oldest first.
use crate::api::Timestamp;
use crate::error::ApiError;
use crate::world::World;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InboxRequest {
    address: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MailShape {
    message_id: String,
    timestamp: Timestamp,
    from: String,
    to: String,
    subject: String,
    body: String,
    topic_arn: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InboxResponse {
    address: String,
    messages: Vec<MailShape>,
}

pub fn inbox(w: &mut World, r: InboxRequest) -> Result<InboxResponse, ApiError> {
    if !crate::sns::subscriptions::is_email(&r.address) {
        return Err(ApiError::invalid_parameter_value(format!("'{}' is not an email address.", r.address)).hint(
            "Give the address you subscribed with Protocol='email' (e.g. student@example.com).",
            "Protocol='email'로 구독한 주소를 주세요(예: student@example.com).",
        ));
    }
    let messages = crate::sns::inbox::for_address(w, &r.address)
        .into_iter()
        .map(|m| MailShape {
            message_id: m.message_id,
            timestamp: Timestamp(m.at),
            from: m.from,
            to: m.to,
            subject: m.subject,
            body: m.body,
            topic_arn: m.topic_arn,
        })
        .collect();
    Ok(InboxResponse { address: r.address, messages })
}
