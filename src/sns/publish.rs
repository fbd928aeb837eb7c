//! Publish: checks the message, then delivers it to every confirmed email / email-json
//! subscription of the topic (the inbox). Alarm notifications come through here too, with a
//! per-protocol body (CloudWatch publishes a JSON document and a readable email text).
use super::errors::invalid;
use super::inbox::{sender, Mail};
use crate::error::ApiError;
use crate::sim::{clock::iso8601, IdGen};
use crate::world::World;
use serde_json::json;

/// A message to publish: `default` for every protocol, `email` overriding it for email.
#[derive(Debug, Clone, Default)]
pub struct Outgoing {
    pub subject: Option<String>,
    pub default: String,
    pub email: Option<String>,
    pub email_json: Option<String>,
}

/// 256 KiB (BC:sns/Publish).
pub const MAX_MESSAGE_BYTES: usize = 262_144;

fn check(m: &Outgoing) -> Result<(), ApiError> {
    if m.default.is_empty() {
        return Err(invalid("Empty message", "Message must not be empty.", "Message는 비어 있을 수 없습니다."));
    }
    if m.default.len() > MAX_MESSAGE_BYTES {
        return Err(invalid(
            "Message too long",
            "A message is at most 256 KiB; store big payloads elsewhere and send a link.",
            "메시지는 최대 256KiB입니다. 큰 내용은 다른 곳에 두고 링크를 보내세요.",
        ));
    }
    if let Some(s) = &m.subject {
        // Printable ASCII, no line breaks, 1-99 characters (BC:sns/Publish Subject).
        if s.is_empty() || s.len() >= 100 || !s.chars().all(|c| (' '..='~').contains(&c)) {
            return Err(invalid(
                "Subject",
                "Subject is 1 to 99 printable ASCII characters without line breaks (it becomes the email's subject).",
                "Subject는 줄바꿈 없는 출력 가능한 ASCII 1~99자입니다(이메일 제목이 됩니다).",
            ));
        }
    }
    Ok(())
}

/// Publishes to `topic_arn` and returns the MessageId. Refused (and nothing sent) when the topic
/// does not exist or the message is not acceptable.
pub fn publish(w: &mut World, region: &str, topic_arn: &str, m: Outgoing) -> Result<String, ApiError> {
    let region = w.region(region)?.info.name;
    let topic = super::topics::get(w, region, topic_arn)?.clone();
    check(&m)?;
    let now = w.now();
    let message_id = IdGen::request_id(&mut w.rng);
    let subs: Vec<_> = w.region(region)?.sns.subscriptions.iter().filter(|s| s.topic_arn == topic_arn && s.confirmed).cloned().collect();
    let mut mails = vec![];
    for s in subs {
        let unsubscribe = format!("https://sns.{region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={}", s.arn);
        let body = match s.protocol.as_str() {
            "email-json" => json!({
                "Type": "Notification",
                "MessageId": message_id,
                "TopicArn": topic_arn,
                "Subject": m.subject,
                "Message": m.email_json.as_ref().unwrap_or(&m.default),
                "Timestamp": iso8601(now),
                "SignatureVersion": "1",
                "Signature": "EXAMPLE",
                "SigningCertURL": format!("https://sns.{region}.amazonaws.com/SimpleNotificationService-ec2lab.pem"),
                "UnsubscribeURL": unsubscribe,
            })
            .to_string(),
            _ => format!(
                "{}\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n{unsubscribe}\n\nPlease do not reply directly to this email. If you have any questions or comments regarding this email, please contact us at https://aws.amazon.com/support\n",
                m.email.as_ref().unwrap_or(&m.default)
            ),
        };
        mails.push(Mail {
            message_id: message_id.clone(),
            at: now,
            from: sender(&topic),
            to: s.endpoint.clone(),
            subject: m.subject.clone().unwrap_or_else(|| "AWS Notification Message".into()),
            body,
            topic_arn: topic_arn.to_string(),
        });
    }
    w.region_mut(region)?.sns.mail.extend(mails);
    Ok(message_id)
}
