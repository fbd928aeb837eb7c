//! Alarms through the door: PutMetricAlarm / DescribeAlarms / DescribeAlarmHistory /
//! SetAlarmState / DeleteAlarms / Enable-DisableAlarmActions shapes (insta), state transitions
//! over virtual time driven by PutMetricData, the SNS email in the inbox, the EC2 stop action,
//! and refusals (code, message, en/ko hints, world unchanged).
use ec2lab::{ApiError, Cloud};
use serde_json::{json, Value};

const R: &str = "us-east-1";
const MIN: u64 = 60_000;

fn call(c: &mut Cloud, svc: &str, op: &str, p: Value) -> Value {
    c.call(svc, R, op, p.clone()).unwrap_or_else(|e| panic!("{op} {p}: {e:?}"))
}

fn cw(c: &mut Cloud, op: &str, p: Value) -> Value {
    call(c, "cloudwatch", op, p)
}

fn refused(c: &mut Cloud, svc: &str, op: &str, p: Value, code: &str, msg: &str) -> ApiError {
    let before = format!("{:?}", c.world);
    let e = c.call(svc, R, op, p.clone()).expect_err(&format!("{op} {p} should be refused"));
    assert_eq!(e.code, code, "{op} {p}: {e:?}");
    assert!(e.message.contains(msg), "{op}: message {:?} lacks {msg:?}", e.message);
    assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{op}: hints missing: {e:?}");
    assert_eq!(format!("{:?}", c.world), before, "{op} changed the world although refused");
    e
}

/// Moves the clock to the next whole minute plus `s` seconds.
fn to_minute(c: &mut Cloud, s: u64) {
    let now = c.now();
    let next = (now / MIN + 1) * MIN + s * 1000;
    c.advance_to(next);
}

fn put_value(c: &mut Cloud, v: f64) {
    cw(c, "PutMetricData", json!({"Namespace": "Lab", "MetricData": [{"MetricName": "Load", "Value": v, "Dimensions": [{"Name": "Host", "Value": "a"}]}]}));
}

fn alarm_params(name: &str, extra: Value) -> Value {
    let mut p = json!({
        "AlarmName": name, "Namespace": "Lab", "MetricName": "Load",
        "Dimensions": [{"Name": "Host", "Value": "a"}],
        "Statistic": "Average", "Period": 60, "EvaluationPeriods": 2, "DatapointsToAlarm": 2,
        "Threshold": 70.0, "ComparisonOperator": "GreaterThanThreshold",
    });
    for (k, v) in extra.as_object().unwrap() {
        p[k] = v.clone();
    }
    p
}

fn alarm(c: &mut Cloud, name: &str) -> Value {
    cw(c, "DescribeAlarms", json!({"AlarmNames": [name]}))["MetricAlarms"][0].clone()
}

fn state(c: &mut Cloud, name: &str) -> String {
    alarm(c, name)["StateValue"].as_str().unwrap().to_string()
}

fn topic_with_confirmed_email(c: &mut Cloud, addr: &str) -> String {
    let t = call(c, "sns", "CreateTopic", json!({"Name": "ops"}))["TopicArn"].as_str().unwrap().to_string();
    call(c, "sns", "Subscribe", json!({"TopicArn": t, "Protocol": "email", "Endpoint": addr}));
    let mail = call(c, "ec2lab", "Inbox", json!({"Address": addr}))["Messages"][0]["Body"].as_str().unwrap().to_string();
    let token = mail.split("Token=").nth(1).unwrap().split('&').next().unwrap().to_string();
    call(c, "sns", "ConfirmSubscription", json!({"TopicArn": t, "Token": token}));
    t
}

#[test]
fn new_alarm_shape_and_reput_keeps_state() {
    let mut c = Cloud::new(7);
    cw(&mut c, "PutMetricAlarm", alarm_params("load-high", json!({"AlarmDescription": "too busy", "Unit": "Percent"})));
    let a = alarm(&mut c, "load-high");
    insta::assert_json_snapshot!("new_alarm", a);
    assert_eq!(a["StateValue"], "INSUFFICIENT_DATA");
    cw(&mut c, "SetAlarmState", json!({"AlarmName": "load-high", "StateValue": "ALARM", "StateReason": "testing"}));
    cw(&mut c, "PutMetricAlarm", alarm_params("load-high", json!({"Threshold": 90.0})));
    let a = alarm(&mut c, "load-high");
    assert_eq!((a["StateValue"].as_str(), a["Threshold"].as_f64()), (Some("ALARM"), Some(90.0)));
    assert!(a.get("AlarmDescription").is_none(), "a re-put replaces the whole configuration");
}

#[test]
fn insufficient_to_ok_to_alarm_with_email_and_history() {
    let mut c = Cloud::new(7);
    let topic = topic_with_confirmed_email(&mut c, "ops@example.com");
    cw(&mut c, "PutMetricAlarm", alarm_params("load-high", json!({"AlarmActions": [topic], "OKActions": [topic]})));
    // No data yet: stays INSUFFICIENT_DATA at the next evaluations.
    to_minute(&mut c, 0);
    assert_eq!(state(&mut c, "load-high"), "INSUFFICIENT_DATA");
    // Low values for two minutes → OK.
    to_minute(&mut c, 10);
    put_value(&mut c, 20.0);
    to_minute(&mut c, 10);
    put_value(&mut c, 25.0);
    to_minute(&mut c, 0);
    assert_eq!(state(&mut c, "load-high"), "OK");
    // One high minute: 1 of 2 is not enough.
    to_minute(&mut c, 10);
    put_value(&mut c, 95.0);
    to_minute(&mut c, 0);
    assert_eq!(state(&mut c, "load-high"), "OK");
    // Two high minutes → ALARM, exactly at the minute boundary.
    to_minute(&mut c, 10);
    put_value(&mut c, 99.0);
    c.advance_to((c.now() / MIN + 1) * MIN - 1);
    assert_eq!(state(&mut c, "load-high"), "OK", "nothing changes between minute boundaries");
    c.advance(1);
    let a = alarm(&mut c, "load-high");
    assert_eq!(a["StateValue"], "ALARM");
    let reason = a["StateReason"].as_str().unwrap();
    assert!(reason.starts_with("Threshold Crossed: 2 datapoints [99.0 ("), "{reason}");
    assert!(reason.ends_with("were greater than the threshold (70.0)."), "{reason}");
    let data: Value = serde_json::from_str(a["StateReasonData"].as_str().unwrap()).unwrap();
    assert_eq!(data["threshold"], 70.0);
    assert_eq!(data["evaluatedDatapoints"].as_array().unwrap().len(), 2);

    // The inbox: confirmation, then OK, then ALARM notifications.
    let inbox = call(&mut c, "ec2lab", "Inbox", json!({"Address": "ops@example.com"}));
    let subjects: Vec<&str> = inbox["Messages"].as_array().unwrap().iter().map(|m| m["Subject"].as_str().unwrap()).collect();
    assert_eq!(
        subjects,
        ["AWS Notification - Subscription Confirmation", "OK: \"load-high\" in US East (N. Virginia)", "ALARM: \"load-high\" in US East (N. Virginia)"]
    );
    let body = inbox["Messages"][2]["Body"].as_str().unwrap();
    assert!(
        body.starts_with(
            "You are receiving this email because your Amazon CloudWatch Alarm \"load-high\" in the US East (N. Virginia) region has entered the ALARM state"
        ),
        "{body}"
    );
    assert!(body.contains("- State Change:               OK -> ALARM"), "{body}");

    // History: created, two state updates, two actions; newest first by default.
    let h = cw(&mut c, "DescribeAlarmHistory", json!({"AlarmName": "load-high", "ScanBy": "TimestampAscending"}));
    let items: Vec<(String, String)> = h["AlarmHistoryItems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["HistoryItemType"].as_str().unwrap().to_string(), i["HistorySummary"].as_str().unwrap().to_string()))
        .collect();
    let ok_action = format!("Successfully executed action {topic}");
    let expected = vec![
        ("ConfigurationUpdate".to_string(), "Alarm \"load-high\" created".to_string()),
        ("StateUpdate".into(), "Alarm updated from INSUFFICIENT_DATA to OK".into()),
        ("Action".into(), ok_action.clone()),
        ("StateUpdate".into(), "Alarm updated from OK to ALARM".into()),
        ("Action".into(), ok_action),
    ];
    assert_eq!(items, expected);
    let state_update = &h["AlarmHistoryItems"][3];
    let data: Value = serde_json::from_str(state_update["HistoryData"].as_str().unwrap()).unwrap();
    assert_eq!(data["oldState"]["stateValue"], "OK");
    assert_eq!(data["newState"]["stateValue"], "ALARM");
    let only_state = cw(&mut c, "DescribeAlarmHistory", json!({"AlarmName": "load-high", "HistoryItemType": "StateUpdate"}));
    let first = &only_state["AlarmHistoryItems"][0];
    assert_eq!(first["HistorySummary"], "Alarm updated from OK to ALARM", "newest first by default");
    insta::assert_json_snapshot!("history_state_update", first);

    // Data stops: with TreatMissingData missing, 2 of 2 missing → INSUFFICIENT_DATA after the range empties.
    c.advance(10 * MIN);
    assert_eq!(state(&mut c, "load-high"), "INSUFFICIENT_DATA");
    assert_eq!(alarm(&mut c, "load-high")["StateReason"], "Insufficient Data: 2 datapoints were unknown.");
}

#[test]
fn missing_data_treated_as_breaching_alarms_without_data() {
    let mut c = Cloud::new(7);
    cw(&mut c, "PutMetricAlarm", alarm_params("quiet", json!({"TreatMissingData": "breaching"})));
    to_minute(&mut c, 0);
    let a = alarm(&mut c, "quiet");
    assert_eq!(a["StateValue"], "ALARM");
    assert_eq!(a["StateReason"], "Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching].");
    cw(&mut c, "PutMetricAlarm", alarm_params("calm", json!({"TreatMissingData": "notBreaching"})));
    cw(&mut c, "PutMetricAlarm", alarm_params("same", json!({"TreatMissingData": "ignore"})));
    to_minute(&mut c, 0);
    assert_eq!(state(&mut c, "calm"), "OK");
    assert_eq!(state(&mut c, "same"), "INSUFFICIENT_DATA", "ignore keeps the state it has");
}

#[test]
fn set_alarm_state_runs_actions_then_evaluation_puts_it_back() {
    let mut c = Cloud::new(7);
    let topic = topic_with_confirmed_email(&mut c, "me@example.com");
    cw(&mut c, "PutMetricAlarm", alarm_params("t", json!({"AlarmActions": [topic]})));
    cw(&mut c, "SetAlarmState", json!({"AlarmName": "t", "StateValue": "ALARM", "StateReason": "drill"}));
    assert_eq!(alarm(&mut c, "t")["StateReason"], "drill");
    let n = call(&mut c, "ec2lab", "Inbox", json!({"Address": "me@example.com"}))["Messages"].as_array().unwrap().len();
    assert_eq!(n, 2, "confirmation + the ALARM notification");
    to_minute(&mut c, 0);
    assert_eq!(state(&mut c, "t"), "INSUFFICIENT_DATA", "the next evaluation restores the real state");
    // Disabled actions: a transition sends nothing.
    cw(&mut c, "DisableAlarmActions", json!({"AlarmNames": ["t"]}));
    assert_eq!(alarm(&mut c, "t")["ActionsEnabled"], false);
    cw(&mut c, "SetAlarmState", json!({"AlarmName": "t", "StateValue": "ALARM", "StateReason": "drill 2"}));
    let n2 = call(&mut c, "ec2lab", "Inbox", json!({"Address": "me@example.com"}))["Messages"].as_array().unwrap().len();
    assert_eq!(n2, 2);
    cw(&mut c, "EnableAlarmActions", json!({"AlarmNames": ["t"]}));
    assert_eq!(alarm(&mut c, "t")["ActionsEnabled"], true);
}

fn launch(c: &mut Cloud) -> String {
    let img = call(c, "ec2", "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]}))["Images"][0]["ImageId"].clone();
    let id = call(c, "ec2", "RunInstances", json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1}))["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap()
        .to_string();
    c.advance(MIN);
    id
}

#[test]
fn ec2_stop_action_stops_the_instance() {
    let mut c = Cloud::new(7);
    let id = launch(&mut c);
    cw(
        &mut c,
        "PutMetricAlarm",
        json!({
            "AlarmName": "stop-idle", "Namespace": "Lab", "MetricName": "Idle", "Dimensions": [{"Name": "InstanceId", "Value": id}],
            "Statistic": "Maximum", "Period": 60, "EvaluationPeriods": 1, "Threshold": 1.0,
            "ComparisonOperator": "GreaterThanOrEqualToThreshold", "AlarmActions": ["arn:aws:automate:us-east-1:ec2:stop"],
        }),
    );
    to_minute(&mut c, 5);
    cw(
        &mut c,
        "PutMetricData",
        json!({"Namespace": "Lab", "MetricData": [{"MetricName": "Idle", "Value": 1.0, "Dimensions": [{"Name": "InstanceId", "Value": id}]}]}),
    );
    to_minute(&mut c, 0);
    assert_eq!(state(&mut c, "stop-idle"), "ALARM");
    let st = call(&mut c, "ec2", "DescribeInstances", json!({"InstanceIds": [id]}))["Reservations"][0]["Instances"][0]["State"]["Name"].clone();
    assert_eq!(st, "stopping");
    let h = cw(&mut c, "DescribeAlarmHistory", json!({"AlarmName": "stop-idle", "HistoryItemType": "Action"}));
    assert_eq!(h["AlarmHistoryItems"][0]["HistorySummary"], "Successfully executed action arn:aws:automate:us-east-1:ec2:stop");
}

#[test]
fn describe_filters_and_pages() {
    let mut c = Cloud::new(7);
    for n in ["web-cpu", "web-net", "db-cpu"] {
        cw(&mut c, "PutMetricAlarm", alarm_params(n, json!({"AlarmActions": ["arn:aws:sns:us-east-1:123456789012:ops"]})));
    }
    cw(&mut c, "PutMetricAlarm", alarm_params("quiet", json!({})));
    let names = |v: &Value| v["MetricAlarms"].as_array().unwrap().iter().map(|a| a["AlarmName"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(names(&cw(&mut c, "DescribeAlarms", json!({"AlarmNamePrefix": "web-"}))), ["web-cpu", "web-net"]);
    assert_eq!(names(&cw(&mut c, "DescribeAlarms", json!({"ActionPrefix": "arn:aws:sns:"}))).len(), 3);
    assert_eq!(names(&cw(&mut c, "DescribeAlarms", json!({"StateValue": "OK"}))).len(), 0);
    let p1 = cw(&mut c, "DescribeAlarms", json!({"MaxRecords": 3}));
    assert_eq!(names(&p1), ["db-cpu", "quiet", "web-cpu"]);
    let p2 = cw(&mut c, "DescribeAlarms", json!({"MaxRecords": 3, "NextToken": p1["NextToken"]}));
    assert_eq!(names(&p2), ["web-net"]);
    assert!(p2.get("NextToken").is_none());
    let m = cw(&mut c, "DescribeAlarmsForMetric", json!({"Namespace": "Lab", "MetricName": "Load", "Dimensions": [{"Name": "Host", "Value": "a"}]}));
    assert_eq!(m["MetricAlarms"].as_array().unwrap().len(), 4);
    cw(&mut c, "DeleteAlarms", json!({"AlarmNames": ["web-cpu", "no-such-alarm"]}));
    assert_eq!(names(&cw(&mut c, "DescribeAlarms", json!({}))), ["db-cpu", "quiet", "web-net"]);
    // History outlives the alarm.
    let h = cw(&mut c, "DescribeAlarmHistory", json!({"AlarmName": "web-cpu"}));
    assert_eq!(h["AlarmHistoryItems"][0]["HistorySummary"], "Alarm \"web-cpu\" deleted");
}

#[test]
fn refusals() {
    let mut c = Cloud::new(7);
    let put = |extra: Value| alarm_params("x", extra);
    refused(&mut c, "cloudwatch", "PutMetricAlarm", put(json!({"Period": 45})), "ValidationError", "Period must be 10, 20, 30, or a multiple of 60");
    refused(
        &mut c,
        "cloudwatch",
        "PutMetricAlarm",
        put(json!({"Period": 3000, "EvaluationPeriods": 30})),
        "ValidationError",
        "EvaluationPeriods * Period must be <= 86400",
    );
    refused(
        &mut c,
        "cloudwatch",
        "PutMetricAlarm",
        put(json!({"Period": 3600, "EvaluationPeriods": 169})),
        "ValidationError",
        "EvaluationPeriods * Period must be <= 604800",
    );
    refused(
        &mut c,
        "cloudwatch",
        "PutMetricAlarm",
        put(json!({"DatapointsToAlarm": 3})),
        "ValidationError",
        "DatapointsToAlarm must be less than or equal to EvaluationPeriods",
    );
    refused(
        &mut c,
        "cloudwatch",
        "PutMetricAlarm",
        put(json!({"ExtendedStatistic": "p90"})),
        "InvalidParameterCombination",
        "Exactly one of Statistic or ExtendedStatistic",
    );
    refused(
        &mut c,
        "cloudwatch",
        "PutMetricAlarm",
        put(json!({"TreatMissingData": "Breaching"})),
        "ValidationError",
        "Supported options for parameter TreatMissingData",
    );
    refused(&mut c, "cloudwatch", "PutMetricAlarm", put(json!({"ComparisonOperator": "Above"})), "ValidationError", "comparisonOperator");
    refused(
        &mut c,
        "cloudwatch",
        "PutMetricAlarm",
        put(json!({"AlarmActions": ["arn:aws:sns:us-west-2:123456789012:ops"]})),
        "ValidationError",
        "Invalid region us-west-2",
    );
    refused(&mut c, "cloudwatch", "PutMetricAlarm", put(json!({"AlarmActions": ["not-an-arn"]})), "ValidationError", "Invalid arn syntax");
    refused(
        &mut c,
        "cloudwatch",
        "PutMetricAlarm",
        put(json!({"AlarmActions": ["arn:aws:automate:us-east-1:ec2:stop"]})),
        "ValidationError",
        "InstanceId dimension",
    );
    refused(&mut c, "cloudwatch", "SetAlarmState", json!({"AlarmName": "nope", "StateValue": "OK", "StateReason": "x"}), "ResourceNotFound", "nope");
    cw(&mut c, "PutMetricAlarm", put(json!({})));
    refused(
        &mut c,
        "cloudwatch",
        "SetAlarmState",
        json!({"AlarmName": "x", "StateValue": "OK", "StateReason": "x", "StateReasonData": "{oops"}),
        "InvalidFormat",
        "Unknown",
    );
    refused(&mut c, "cloudwatch", "SetAlarmState", json!({"AlarmName": "x", "StateValue": "BAD", "StateReason": "x"}), "ValidationError", "stateValue");
    refused(&mut c, "cloudwatch", "DescribeAlarms", json!({"AlarmNames": ["x"], "AlarmNamePrefix": "x"}), "InvalidParameterCombination", "mutually exclusive");
    refused(&mut c, "cloudwatch", "DescribeAlarms", json!({"NextToken": "garbage"}), "InvalidNextToken", "garbage");
    let e = refused(&mut c, "cloudwatch", "PutMetricAlarm", put(json!({"EvaluationPeriods": 0})), "ParamValidation", "valid min value: 1");
    assert!(e.message.contains("EvaluationPeriods"));
}

/// The outcome on one instance: a CPU alarm on AWS/EC2 CPUUtilization (basic monitoring,
/// 5-minute data) goes INSUFFICIENT_DATA → OK → ALARM as the workload rises, and mails the topic.
#[test]
fn cpu_alarm_on_a_real_instance_follows_its_load() {
    let mut c = Cloud::new(7);
    let topic = topic_with_confirmed_email(&mut c, "ops@example.com");
    let id = launch(&mut c);
    call(&mut c, "ec2lab", "SetLoad", json!({"InstanceId": id, "Cpu": 10.0}));
    cw(
        &mut c,
        "PutMetricAlarm",
        json!({
            "AlarmName": "cpu-high", "Namespace": "AWS/EC2", "MetricName": "CPUUtilization", "Dimensions": [{"Name": "InstanceId", "Value": id}],
            "Statistic": "Average", "Period": 300, "EvaluationPeriods": 1, "Threshold": 70.0,
            "ComparisonOperator": "GreaterThanThreshold", "AlarmActions": [topic],
        }),
    );
    assert_eq!(state(&mut c, "cpu-high"), "INSUFFICIENT_DATA");
    c.advance(15 * MIN);
    assert_eq!(state(&mut c, "cpu-high"), "OK");
    call(&mut c, "ec2lab", "SetLoad", json!({"InstanceId": id, "Cpu": 95.0}));
    c.advance(15 * MIN);
    let a = alarm(&mut c, "cpu-high");
    assert_eq!(a["StateValue"], "ALARM", "{a}");
    let t = a["StateTransitionedTimestamp"].as_str().unwrap().to_string();
    assert!(t.ends_with(":00.000Z"), "{t}");
    let last = call(&mut c, "ec2lab", "Inbox", json!({"Address": "ops@example.com"}))["Messages"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["Subject"], "ALARM: \"cpu-high\" in US East (N. Virginia)");
}

#[test]
fn alarm_tags() {
    let mut c = Cloud::new(7);
    cw(&mut c, "PutMetricAlarm", alarm_params("t", json!({"Tags": [{"Key": "team", "Value": "web"}]})));
    let arn = alarm(&mut c, "t")["AlarmArn"].as_str().unwrap().to_string();
    cw(&mut c, "TagResource", json!({"ResourceARN": arn, "Tags": [{"Key": "env", "Value": "lab"}, {"Key": "team", "Value": "ops"}]}));
    let tags = cw(&mut c, "ListTagsForResource", json!({"ResourceARN": arn}));
    assert_eq!(tags, json!({"Tags": [{"Key": "team", "Value": "ops"}, {"Key": "env", "Value": "lab"}]}));
    // A re-put ignores Tags (TagResource changes them).
    cw(&mut c, "PutMetricAlarm", alarm_params("t", json!({"Tags": [{"Key": "x", "Value": "y"}]})));
    cw(&mut c, "UntagResource", json!({"ResourceARN": arn, "TagKeys": ["team"]}));
    assert_eq!(cw(&mut c, "ListTagsForResource", json!({"ResourceARN": arn})), json!({"Tags": [{"Key": "env", "Value": "lab"}]}));
    let gone = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:none";
    refused(
        &mut c,
        "cloudwatch",
        "TagResource",
        json!({"ResourceARN": gone, "Tags": [{"Key": "a", "Value": "b"}]}),
        "ResourceNotFoundException",
        "does not exist",
    );
    refused(
        &mut c,
        "cloudwatch",
        "TagResource",
        json!({"ResourceARN": arn, "Tags": [{"Key": "aws:x", "Value": "b"}]}),
        "InvalidParameterValueException",
        "aws:x",
    );
}
