//! The simulated inbox: every email SNS sends (confirmation requests and notifications), with the
//! virtual time it arrived. Delivery is immediate in virtual time (AWS does not publish email
//! latency; seconds in practice). Read across regions by the ec2lab `Inbox` operation.
use super::subscriptions::Subscription;
use super::topics::Topic;
use crate::sim::Millis;
use crate::world::World;

#[derive(Debug, Clone, PartialEq)]
pub struct Mail {
    pub message_id: String,
    pub at: Millis,
    pub from: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub topic_arn: String,
}

/// `"DisplayName" <no-reply@sns.amazonaws.com>`, "AWS Notifications" when the topic has no DisplayName.
pub fn sender(topic: &Topic) -> String {
    let name = topic.attributes.get("DisplayName").filter(|d| !d.is_empty()).map(String::as_str).unwrap_or("AWS Notifications");
    format!("{name} <no-reply@sns.amazonaws.com>")
}

pub fn confirmation(region: &str, topic: &Topic, s: &Subscription, at: Millis, message_id: String) -> Mail {
    let body = format!(
        "You have chosen to subscribe to the topic: \n{topic}\n\nTo confirm this subscription, click or visit the link below (If this was in error no action is necessary): \nConfirm subscription: https://sns.{region}.amazonaws.com/confirmation.html?TopicArn={topic}&Token={token}&Endpoint={endpoint}\n\nPlease do not reply directly to this email. If you wish to remove yourself from receiving all future SNS subscription confirmation requests please send an email to sns-opt-out\n",
        topic = topic.arn,
        token = s.token,
        endpoint = s.endpoint,
    );
    Mail {
        message_id,
        at,
        from: sender(topic),
        to: s.endpoint.clone(),
        subject: "AWS Notification - Subscription Confirmation".into(),
        body,
        topic_arn: topic.arn.clone(),
    }
}

/// The mail that arrived at `address` (case-insensitive), from every region, oldest first.
pub fn for_address(w: &World, address: &str) -> Vec<Mail> {
    let mut all: Vec<Mail> = w.regions.values().flat_map(|r| r.sns.mail.iter().filter(|m| m.to.eq_ignore_ascii_case(address)).cloned()).collect();
    all.sort_by_key(|m| m.at);
    all
}
