//! Amazon SNS (the part alarms need): topics, subscriptions, publish; email goes to a simulated inbox.
//! `topics` (CreateTopic idempotent by name, attributes, DeleteTopic), `subscriptions` (Subscribe
//! with the email confirmation handshake, ConfirmSubscription, Unsubscribe), `publish` (Publish,
//! delivery to confirmed email / email-json subscriptions), `inbox` (the mail that was delivered).
pub mod errors;
pub mod inbox;
pub mod publish;
pub mod subscriptions;
pub mod topics;

pub use inbox::Mail;
pub use publish::{publish, Outgoing};
pub use subscriptions::Subscription;
pub use topics::Topic;

use std::collections::BTreeMap;

#[derive(Debug, Clone, Default)]
pub struct RegionSns {
    /// By ARN.
    pub topics: BTreeMap<String, Topic>,
    /// In creation order (ListSubscriptions' order).
    pub subscriptions: Vec<Subscription>,
    /// Every email SNS sent from this region (confirmation requests and notifications).
    pub mail: Vec<Mail>,
}
