//! Subscriptions. An email endpoint must confirm (AWS's handshake, modelled as it is): Subscribe
//! leaves the subscription `PendingConfirmation` and mails a confirmation link with a token to the
//! address; ConfirmSubscription with that token (valid two days, BC:sns/Subscribe) confirms it.
//! Only confirmed subscriptions receive messages.
use super::errors::{invalid, subscription_not_found, topic_not_found};
use super::inbox::{self, Mail};
use crate::error::ApiError;
use crate::sim::{IdGen, Millis};
use crate::world::World;

/// Confirmation tokens are valid for two days (BC:sns/Subscribe).
pub const TOKEN_VALID_MS: Millis = 2 * 86_400_000;

/// Protocols ec2lab delivers (to the simulated inbox).
pub const DELIVERED: &[&str] = &["email", "email-json"];
/// Every protocol SNS knows (BC:sns/Subscribe).
pub const KNOWN: &[&str] = &["http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose"];

#[derive(Debug, Clone, PartialEq)]
pub struct Subscription {
    pub arn: String,
    pub topic_arn: String,
    pub protocol: String,
    pub endpoint: String,
    pub confirmed: bool,
    pub token: String,
    /// When the (latest) confirmation request was sent.
    pub token_sent: Millis,
}

impl Subscription {
    /// What ListSubscriptions shows as the ARN: the ARN once confirmed, `PendingConfirmation` before.
    pub fn listed_arn(&self) -> &str {
        if self.confirmed {
            &self.arn
        } else {
            "PendingConfirmation"
        }
    }
}

/// A plausible mailbox address: `local@domain.tld`.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// What Subscribe answers: the subscription ARN, or `pending confirmation` while unconfirmed
/// (unless ReturnSubscriptionArn).
pub fn subscribe(w: &mut World, region: &str, topic_arn: &str, protocol: &str, endpoint: Option<&str>, return_arn: bool) -> Result<String, ApiError> {
    let region = w.region(region)?.info.name;
    let topic = super::topics::get(w, region, topic_arn)?.clone();
    if !KNOWN.contains(&protocol) {
        return Err(invalid(
            &format!("Amazon SNS does not support this protocol string: {protocol}"),
            "Protocol is one of http, https, email, email-json, sms, sqs, application, lambda, firehose (ec2lab delivers email and email-json).",
            "Protocol은 http, https, email, email-json, sms, sqs, application, lambda, firehose 중 하나입니다(ec2lab은 email과 email-json을 전달합니다).",
        ));
    }
    if !DELIVERED.contains(&protocol) {
        return Err(ApiError::new("NotImplemented", format!("ec2lab does not simulate SNS delivery over {protocol}; use email or email-json."))
            .status(501)
            .hint(
                "The lab's SNS delivers to a simulated inbox: subscribe with Protocol='email' (text) or 'email-json' and read it with cloud.inbox(address).",
                "실습용 SNS는 가상 받은편지함으로만 보냅니다. Protocol='email'(텍스트) 또는 'email-json'으로 구독하고 cloud.inbox(주소)로 읽으세요.",
            ));
    }
    let endpoint = endpoint.unwrap_or("");
    if !is_email(endpoint) {
        return Err(invalid(
            "Email address",
            "For the email protocols, Endpoint is an email address such as student@example.com.",
            "이메일 프로토콜의 Endpoint는 student@example.com 같은 이메일 주소입니다.",
        ));
    }
    let now = w.now();
    let existing = w.region(region)?.sns.subscriptions.iter().position(|s| s.topic_arn == topic_arn && s.protocol == protocol && s.endpoint == endpoint);
    if let Some(i) = existing {
        let s = &mut w.region_mut(region)?.sns.subscriptions[i];
        if s.confirmed {
            return Ok(s.arn.clone());
        }
        // Pending: AWS sends the confirmation request again (same subscription).
        s.token_sent = now;
        let s = s.clone();
        let mail = inbox::confirmation(region, &topic, &s, now, IdGen::request_id(&mut w.rng));
        w.region_mut(region)?.sns.mail.push(mail);
        return Ok(if return_arn { s.arn } else { "pending confirmation".into() });
    }
    let arn = format!("{topic_arn}:{}", IdGen::request_id(&mut w.rng));
    let token = token(w);
    let sub = Subscription {
        arn: arn.clone(),
        topic_arn: topic_arn.into(),
        protocol: protocol.into(),
        endpoint: endpoint.into(),
        confirmed: false,
        token,
        token_sent: now,
    };
    let mail: Mail = inbox::confirmation(region, &topic, &sub, now, IdGen::request_id(&mut w.rng));
    let sns = &mut w.region_mut(region)?.sns;
    sns.subscriptions.push(sub);
    sns.mail.push(mail);
    Ok(if return_arn { arn } else { "pending confirmation".into() })
}

/// A confirmation token: hex like AWS's (long, opaque), from the seeded id stream.
fn token(w: &mut World) -> String {
    (0..4).map(|_| format!("{:032x}", w.rng.id_bits())).collect()
}

pub fn confirm(w: &mut World, region: &str, topic_arn: &str, token: &str) -> Result<String, ApiError> {
    super::topics::get(w, region, topic_arn)?;
    let now = w.now();
    let sns = &mut w.region_mut(region)?.sns;
    let Some(s) = sns.subscriptions.iter_mut().find(|s| s.topic_arn == topic_arn && s.token == token) else {
        return Err(invalid(
            "Token",
            "Pass the Token from the confirmation email's link (cloud.inbox(address) shows it; mail.confirm() does this call for you).",
            "확인 이메일 링크의 Token을 넘기세요(cloud.inbox(주소)에서 볼 수 있고, mail.confirm()이 이 호출을 대신 합니다).",
        ));
    };
    if !s.confirmed && now > s.token_sent + TOKEN_VALID_MS {
        return Err(invalid(
            "Token",
            "Confirmation tokens are valid for two days; this one has expired. Subscribe again to get a new confirmation email.",
            "확인 토큰은 2일 동안만 유효합니다. 이 토큰은 만료되었습니다. 다시 Subscribe해서 새 확인 이메일을 받으세요.",
        ));
    }
    s.confirmed = true;
    Ok(s.arn.clone())
}

pub fn unsubscribe(w: &mut World, region: &str, arn: &str) -> Result<(), ApiError> {
    let sns = &w.region(region)?.sns;
    if !arn.starts_with("arn:aws:sns:") || arn.split(':').count() != 7 {
        return Err(invalid(
            "SubscriptionArn",
            "Pass a confirmed subscription's ARN (arn:aws:sns:REGION:ACCOUNT:TOPIC:ID); a pending one has no ARN to unsubscribe yet — it expires unconfirmed.",
            "확인된 구독의 ARN(arn:aws:sns:리전:계정:토픽:ID)을 넘기세요. 확인 대기 중인 구독은 아직 ARN이 없으며 확인하지 않으면 만료됩니다.",
        ));
    }
    let Some(i) = sns.subscriptions.iter().position(|s| s.arn == arn) else { return Err(subscription_not_found()) };
    let sns = &mut w.region_mut(region)?.sns;
    let s = sns.subscriptions.remove(i);
    if let Some(t) = sns.topics.get_mut(&s.topic_arn) {
        t.deleted_subscriptions += 1;
    }
    Ok(())
}

pub fn by_topic<'a>(w: &'a World, region: &str, topic_arn: &str) -> Result<Vec<&'a Subscription>, ApiError> {
    let sns = &w.region(region)?.sns;
    if !sns.topics.contains_key(topic_arn) {
        return Err(topic_not_found());
    }
    Ok(sns.subscriptions.iter().filter(|s| s.topic_arn == topic_arn).collect())
}
