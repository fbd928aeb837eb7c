//! Invariants of alarms: a refused PutMetricAlarm leaves the world exactly as it was; evaluated
//! state changes happen only at whole virtual minutes; with every period present
//! TreatMissingData never matters; N points are always evaluated; the same calls give the same
//! history (determinism).
use ec2lab::alarms::evaluate::decide;
use ec2lab::alarms::{Comparison, TreatMissing};
use ec2lab::Cloud;
use proptest::prelude::*;
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn arb_put() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(vec![1i64, 10, 20, 30, 45, 60, 90, 120, 300, 3600, 86_400]),
        0i64..40,
        prop::option::of(0i64..40),
        prop::sample::select(vec!["missing", "ignore", "breaching", "notBreaching", "Missing", "bogus"]),
        prop::sample::select(vec!["GreaterThanThreshold", "LessThanThreshold", "GreaterThanOrEqualToThreshold", "Above"]),
        prop::sample::select(vec![
            vec![],
            vec!["arn:aws:sns:us-east-1:123456789012:t"],
            vec!["arn:aws:sns:eu-west-1:123456789012:t"],
            vec!["arn:aws:automate:us-east-1:ec2:stop"],
            vec!["junk"],
        ]),
        any::<bool>(),
    )
        .prop_map(|(period, n, m, treat, cmp, actions, ext)| {
            let mut p = json!({
                "AlarmName": "p", "Namespace": "Lab", "MetricName": "M", "Period": period, "EvaluationPeriods": n,
                "Threshold": 1.0, "ComparisonOperator": cmp, "TreatMissingData": treat, "AlarmActions": actions,
            });
            if let Some(m) = m {
                p["DatapointsToAlarm"] = json!(m);
            }
            if ext {
                p["ExtendedStatistic"] = json!("p90");
            } else {
                p["Statistic"] = json!("Average");
            }
            p
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn refused_put_changes_nothing(p in arb_put()) {
        let mut c = Cloud::new(11);
        let before = format!("{:?}", c.world);
        if let Err(e) = c.call("cloudwatch", R, "PutMetricAlarm", p.clone()) {
            prop_assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{e:?}");
            prop_assert_eq!(format!("{:?}", c.world), before);
        } else {
            let a = &c.world.regions[R].alarms.alarms["p"];
            prop_assert!(a.config.m() <= a.config.evaluation_periods);
        }
    }

    #[test]
    fn transitions_happen_only_at_whole_minutes(puts in prop::collection::vec((1u64..600, 0.0f64..100.0), 1..12), n in 1u32..4) {
        let mut c = Cloud::new(5);
        c.call("cloudwatch", R, "PutMetricAlarm", json!({
            "AlarmName": "a", "Namespace": "Lab", "MetricName": "M", "Statistic": "Maximum", "Period": 60,
            "EvaluationPeriods": n, "Threshold": 50.0, "ComparisonOperator": "GreaterThanThreshold",
        })).unwrap();
        for (dt, v) in puts {
            c.advance(dt * 1000);
            c.call("cloudwatch", R, "PutMetricData", json!({"Namespace": "Lab", "MetricData": [{"MetricName": "M", "Value": v}]})).unwrap();
        }
        c.advance(15 * 60_000);
        let h = c.call("cloudwatch", R, "DescribeAlarmHistory", json!({"HistoryItemType": "StateUpdate", "MaxRecords": 100})).unwrap();
        for item in h["AlarmHistoryItems"].as_array().unwrap() {
            let ts = item["Timestamp"].as_str().unwrap();
            prop_assert!(ts.ends_with(":00.000Z"), "transition at {ts}");
        }
    }

    #[test]
    fn full_ranges_ignore_treat_missing(vals in prop::collection::vec(0.0f64..10.0, 3..8), n in 1usize..4, m in 1usize..4) {
        let m = m.min(n);
        let range: Vec<Option<f64>> = vals.iter().map(|v| Some(*v)).collect();
        let n = n.min(range.len());
        let states: Vec<_> = [TreatMissing::Missing, TreatMissing::Ignore, TreatMissing::Breaching, TreatMissing::NotBreaching]
            .into_iter().map(|t| decide(&range, n, m, Comparison::GreaterThanThreshold, 5.0, t).state).collect();
        prop_assert!(states.windows(2).all(|w| w[0] == w[1]), "{states:?}");
    }

    #[test]
    fn always_n_evaluated(range in prop::collection::vec(prop::option::of(0.0f64..10.0), 3..8), n in 1usize..4, m in 1usize..4, t in 0usize..4) {
        let n = n.min(range.len());
        let m = m.min(n);
        let treat = [TreatMissing::Missing, TreatMissing::Ignore, TreatMissing::Breaching, TreatMissing::NotBreaching][t];
        let d = decide(&range, n, m, Comparison::LessThanThreshold, 5.0, treat);
        prop_assert_eq!(d.evaluated.len(), n);
        prop_assert!(d.evaluated.windows(2).all(|w| w[0].index < w[1].index));
    }
}

#[test]
fn same_calls_same_history() {
    let run = || {
        let mut c = Cloud::new(9);
        let t = c.call("sns", R, "CreateTopic", json!({"Name": "t"})).unwrap()["TopicArn"].clone();
        c.call(
            "cloudwatch",
            R,
            "PutMetricAlarm",
            json!({
                "AlarmName": "a", "Namespace": "Lab", "MetricName": "M", "Statistic": "Average", "Period": 60,
                "EvaluationPeriods": 1, "Threshold": 5.0, "ComparisonOperator": "GreaterThanThreshold", "AlarmActions": [t],
            }),
        )
        .unwrap();
        for v in [1.0, 9.0, 2.0] {
            c.advance(60_000);
            c.call("cloudwatch", R, "PutMetricData", json!({"Namespace": "Lab", "MetricData": [{"MetricName": "M", "Value": v}]})).unwrap();
        }
        c.advance(120_000);
        c.call("cloudwatch", R, "DescribeAlarmHistory", json!({})).unwrap()
    };
    assert_eq!(run(), run());
}

/// Random JSON members (right names, any values) for the alarm, SNS and inbox operations.
fn fuzz_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        prop::sample::select(vec![0i64, 1, 10, 45, 60, 86_400, 604_800, -1, i64::MAX]).prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        "[a-zA-Z0-9:@._ -]{0,20}".prop_map(Value::from),
        prop::sample::select(vec![
            "arn:aws:sns:us-east-1:123456789012:t",
            "arn:aws:automate:us-east-1:ec2:reboot",
            "a@b.co",
            "OK",
            "ALARM",
            "p99",
            "json",
            "email"
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "AlarmName",
                    "AlarmNames",
                    "Namespace",
                    "MetricName",
                    "Statistic",
                    "ExtendedStatistic",
                    "Period",
                    "EvaluationPeriods",
                    "DatapointsToAlarm",
                    "Threshold",
                    "ComparisonOperator",
                    "TreatMissingData",
                    "AlarmActions",
                    "OKActions",
                    "Dimensions",
                    "Name",
                    "Value",
                    "StateValue",
                    "StateReason",
                    "StateReasonData",
                    "MaxRecords",
                    "NextToken",
                    "TopicArn",
                    "Protocol",
                    "Endpoint",
                    "Token",
                    "Message",
                    "Subject",
                    "MessageStructure",
                    "SubscriptionArn",
                    "Attributes",
                    "AttributeName",
                    "AttributeValue",
                    "Address",
                    "StartDate",
                    "EndDate",
                    "HistoryItemType",
                    "ScanBy",
                    "Unit",
                ]),
                inner,
                0..6,
            )
            .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn the_alarm_and_sns_doors_never_panic(service in prop::sample::select(vec!["cloudwatch", "sns", "ec2lab"]), op in 0usize..64, params in fuzz_value()) {
        let ops: Vec<&str> = match service {
            "ec2lab" => vec!["Inbox"],
            s => Cloud::implemented_operations(s).iter().copied().filter(|o| s == "sns" || o.contains("Alarm")).collect(),
        };
        let op = ops[op % ops.len()];
        let mut c = Cloud::new(2);
        c.call("sns", R, "CreateTopic", json!({"Name": "t"})).unwrap();
        let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let r = c.call(service, R, op, params.clone());
            c.advance(180_000);
            r
        }));
        prop_assert!(answer.is_ok(), "{service}:{op} panicked on {params}");
        if let Ok(Err(e)) = answer {
            prop_assert!(!e.code.is_empty() && !e.message.is_empty());
        }
    }
}
