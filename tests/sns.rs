//! SNS through the door: topics (idempotent CreateTopic, ARN format, attributes), the email
//! subscription handshake (PendingConfirmation → confirmation mail with a token →
//! ConfirmSubscription), Publish delivering to confirmed email / email-json subscriptions in the
//! inbox, Unsubscribe, DeleteTopic, shapes (insta) and refusals (world unchanged).
use ec2lab::{ApiError, Cloud};
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn sns(c: &mut Cloud, op: &str, p: Value) -> Value {
    c.call("sns", R, op, p.clone()).unwrap_or_else(|e| panic!("{op} {p}: {e:?}"))
}

fn inbox(c: &mut Cloud, addr: &str) -> Vec<Value> {
    c.call("ec2lab", R, "Inbox", json!({"Address": addr})).unwrap()["Messages"].as_array().unwrap().clone()
}

fn refused(c: &mut Cloud, op: &str, p: Value, code: &str, msg: &str) -> ApiError {
    let before = format!("{:?}", c.world);
    let e = c.call("sns", R, op, p.clone()).expect_err(&format!("{op} {p} should be refused"));
    assert_eq!(e.code, code, "{op} {p}: {e:?}");
    assert!(e.message.contains(msg), "{op}: message {:?} lacks {msg:?}", e.message);
    assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{op}: hints missing: {e:?}");
    assert_eq!(format!("{:?}", c.world), before, "{op} changed the world although refused");
    e
}

fn token_of(body: &str) -> String {
    body.split("Token=").nth(1).unwrap().split('&').next().unwrap().to_string()
}

#[test]
fn create_topic_is_idempotent_by_name() {
    let mut c = Cloud::new(3);
    let a = sns(&mut c, "CreateTopic", json!({"Name": "alerts"}));
    assert_eq!(a, json!({"TopicArn": "arn:aws:sns:us-east-1:123456789012:alerts"}));
    let b = sns(&mut c, "CreateTopic", json!({"Name": "alerts"}));
    assert_eq!(a, b);
    assert_eq!(sns(&mut c, "ListTopics", json!({}))["Topics"].as_array().unwrap().len(), 1);
    sns(&mut c, "SetTopicAttributes", json!({"TopicArn": a["TopicArn"], "AttributeName": "DisplayName", "AttributeValue": "Ops"}));
    let attrs = sns(&mut c, "GetTopicAttributes", json!({"TopicArn": a["TopicArn"]}))["Attributes"].clone();
    assert_eq!(attrs["DisplayName"], "Ops");
    assert_eq!(attrs["SubscriptionsConfirmed"], "0");
    assert_eq!(attrs["Owner"], "123456789012");
    refused(
        &mut c,
        "CreateTopic",
        json!({"Name": "alerts", "Attributes": {"DisplayName": "Other"}}),
        "InvalidParameter",
        "Topic already exists with different attributes",
    );
}

#[test]
fn email_subscription_handshake_then_publish_lands_in_the_inbox() {
    let mut c = Cloud::new(3);
    let t = sns(&mut c, "CreateTopic", json!({"Name": "alerts", "Attributes": {"DisplayName": "Lab Alerts"}}))["TopicArn"].clone();
    let s = sns(&mut c, "Subscribe", json!({"TopicArn": t, "Protocol": "email", "Endpoint": "kim@example.com"}));
    assert_eq!(s, json!({"SubscriptionArn": "pending confirmation"}));
    let listed = sns(&mut c, "ListSubscriptionsByTopic", json!({"TopicArn": t}));
    insta::assert_json_snapshot!("pending_subscription", listed);
    // Nothing is delivered before confirmation.
    sns(&mut c, "Publish", json!({"TopicArn": t, "Message": "early"}));
    let mail = inbox(&mut c, "kim@example.com");
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0]["Subject"], "AWS Notification - Subscription Confirmation");
    assert_eq!(mail[0]["From"], "Lab Alerts <no-reply@sns.amazonaws.com>");
    let token = token_of(mail[0]["Body"].as_str().unwrap());
    refused(&mut c, "ConfirmSubscription", json!({"TopicArn": t, "Token": "nope"}), "InvalidParameter", "Token");
    let arn = sns(&mut c, "ConfirmSubscription", json!({"TopicArn": t, "Token": token}))["SubscriptionArn"].as_str().unwrap().to_string();
    assert!(arn.starts_with("arn:aws:sns:us-east-1:123456789012:alerts:"), "{arn}");
    assert_eq!(sns(&mut c, "ListSubscriptions", json!({}))["Subscriptions"][0]["SubscriptionArn"], arn.as_str());
    // Re-subscribing a confirmed endpoint returns its ARN.
    assert_eq!(sns(&mut c, "Subscribe", json!({"TopicArn": t, "Protocol": "email", "Endpoint": "kim@example.com"}))["SubscriptionArn"], arn.as_str());

    c.advance(90_000);
    let id = sns(&mut c, "Publish", json!({"TopicArn": t, "Subject": "Disk almost full", "Message": "85% used on /data"}))["MessageId"].clone();
    let mail = inbox(&mut c, "kim@example.com");
    assert_eq!(mail.len(), 2);
    let m = &mail[1];
    assert_eq!((m["Subject"].as_str(), m["MessageId"].clone()), (Some("Disk almost full"), id));
    assert_eq!(m["Timestamp"], "2025-01-06T09:01:30.000Z", "delivered at the virtual time of Publish");
    assert!(m["Body"].as_str().unwrap().starts_with("85% used on /data\n\n--\nIf you wish to stop receiving notifications"));
    // The default subject.
    sns(&mut c, "Publish", json!({"TopicArn": t, "Message": "hi"}));
    assert_eq!(inbox(&mut c, "kim@example.com")[2]["Subject"], "AWS Notification Message");

    // Unsubscribe: no more mail.
    sns(&mut c, "Unsubscribe", json!({"SubscriptionArn": arn}));
    sns(&mut c, "Publish", json!({"TopicArn": t, "Message": "gone"}));
    assert_eq!(inbox(&mut c, "kim@example.com").len(), 3);
    let attrs = sns(&mut c, "GetTopicAttributes", json!({"TopicArn": t}))["Attributes"].clone();
    assert_eq!(attrs["SubscriptionsDeleted"], "1");
}

#[test]
fn email_json_gets_the_notification_document_and_structured_messages() {
    let mut c = Cloud::new(3);
    let t = sns(&mut c, "CreateTopic", json!({"Name": "j"}))["TopicArn"].clone();
    for (proto, addr) in [("email-json", "robot@example.com"), ("email", "human@example.com")] {
        sns(&mut c, "Subscribe", json!({"TopicArn": t, "Protocol": proto, "Endpoint": addr}));
        let tok = token_of(inbox(&mut c, addr)[0]["Body"].as_str().unwrap());
        sns(&mut c, "ConfirmSubscription", json!({"TopicArn": t, "Token": tok}));
    }
    sns(&mut c, "Publish", json!({"TopicArn": t, "MessageStructure": "json", "Message": json!({"default": "plain", "email": "for people"}).to_string()}));
    let doc: Value = serde_json::from_str(inbox(&mut c, "robot@example.com")[1]["Body"].as_str().unwrap()).unwrap();
    assert_eq!((doc["Type"].as_str(), doc["Message"].as_str(), doc["TopicArn"].clone()), (Some("Notification"), Some("plain"), t.clone()));
    assert!(inbox(&mut c, "human@example.com")[1]["Body"].as_str().unwrap().starts_with("for people"));
    refused(&mut c, "Publish", json!({"TopicArn": t, "MessageStructure": "json", "Message": "{\"email\": \"x\"}"}), "InvalidParameter", "No default entry");
}

#[test]
fn expired_token_and_delete_topic() {
    let mut c = Cloud::new(3);
    let t = sns(&mut c, "CreateTopic", json!({"Name": "late"}))["TopicArn"].clone();
    sns(&mut c, "Subscribe", json!({"TopicArn": t, "Protocol": "email", "Endpoint": "slow@example.com"}));
    let tok = token_of(inbox(&mut c, "slow@example.com")[0]["Body"].as_str().unwrap());
    c.advance(3 * 86_400_000);
    refused(&mut c, "ConfirmSubscription", json!({"TopicArn": t, "Token": tok}), "InvalidParameter", "Token");
    sns(&mut c, "DeleteTopic", json!({"TopicArn": t}));
    sns(&mut c, "DeleteTopic", json!({"TopicArn": t}));
    assert!(sns(&mut c, "ListSubscriptions", json!({}))["Subscriptions"].as_array().unwrap().is_empty());
    assert!(sns(&mut c, "ListTopics", json!({}))["Topics"].as_array().unwrap().is_empty());
}

#[test]
fn refusals() {
    let mut c = Cloud::new(3);
    let t = sns(&mut c, "CreateTopic", json!({"Name": "r"}))["TopicArn"].clone();
    refused(&mut c, "CreateTopic", json!({"Name": "bad name!"}), "InvalidParameter", "Topic Name");
    refused(&mut c, "CreateTopic", json!({"Name": "x.fifo"}), "InvalidParameter", "Topic Name");
    refused(
        &mut c,
        "Subscribe",
        json!({"TopicArn": "arn:aws:sns:us-east-1:123456789012:none", "Protocol": "email", "Endpoint": "a@b.co"}),
        "NotFound",
        "Topic does not exist",
    );
    refused(&mut c, "Subscribe", json!({"TopicArn": t, "Protocol": "pigeon", "Endpoint": "a@b.co"}), "InvalidParameter", "does not support this protocol");
    refused(&mut c, "Subscribe", json!({"TopicArn": t, "Protocol": "email", "Endpoint": "not-an-address"}), "InvalidParameter", "Email address");
    refused(&mut c, "Subscribe", json!({"TopicArn": t, "Protocol": "sqs", "Endpoint": "arn:aws:sqs:us-east-1:123456789012:q"}), "NotImplemented", "sqs");
    refused(&mut c, "Publish", json!({"TopicArn": "arn:aws:sns:us-east-1:123456789012:none", "Message": "x"}), "NotFound", "Topic does not exist");
    refused(&mut c, "Publish", json!({"TopicArn": t, "Message": ""}), "InvalidParameter", "Empty message");
    refused(&mut c, "Publish", json!({"TopicArn": t, "Message": "x", "Subject": "line\nbreak"}), "InvalidParameter", "Subject");
    refused(&mut c, "Unsubscribe", json!({"SubscriptionArn": "PendingConfirmation"}), "InvalidParameter", "SubscriptionArn");
    refused(&mut c, "Unsubscribe", json!({"SubscriptionArn": "arn:aws:sns:us-east-1:123456789012:r:0000"}), "NotFound", "Subscription does not exist");
    refused(&mut c, "GetTopicAttributes", json!({"TopicArn": "arn:aws:sns:us-east-1:123456789012:none"}), "NotFound", "Topic does not exist");
    refused(&mut c, "SetTopicAttributes", json!({"TopicArn": t, "AttributeName": "Bogus", "AttributeValue": "1"}), "InvalidParameter", "AttributeName");
    let before = format!("{:?}", c.world);
    let e = c.call("ec2lab", R, "Inbox", json!({"Address": "nobody"})).unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
    assert_eq!(format!("{:?}", c.world), before);
}
