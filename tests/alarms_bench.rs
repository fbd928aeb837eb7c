//! Cost of alarm evaluation (not a timed assertion; run with `--ignored --nocapture`): 20 alarms
//! on custom metrics fed every minute for one simulated day.
use ec2lab::Cloud;
use serde_json::json;

#[test]
#[ignore]
fn twenty_alarms_for_a_day() {
    let mut c = Cloud::new(1);
    for i in 0..20 {
        c.call(
            "cloudwatch",
            "us-east-1",
            "PutMetricAlarm",
            json!({
                "AlarmName": format!("a{i}"), "Namespace": "Bench", "MetricName": format!("m{i}"), "Statistic": "Average", "Period": 60,
                "EvaluationPeriods": 3, "DatapointsToAlarm": 2, "Threshold": 50.0, "ComparisonOperator": "GreaterThanThreshold",
            }),
        )
        .unwrap();
    }
    let t = std::time::Instant::now();
    for minute in 0..1440u64 {
        let data: Vec<_> = (0..20).map(|i| json!({"MetricName": format!("m{i}"), "Value": ((minute * 7 + i * 13) % 100) as f64})).collect();
        c.call("cloudwatch", "us-east-1", "PutMetricData", json!({"Namespace": "Bench", "MetricData": data})).unwrap();
        c.advance(60_000);
    }
    let transitions = c.world.regions["us-east-1"].alarms.history.iter().filter(|h| h.summary.starts_with("Alarm updated")).count();
    println!("20 alarms x 1440 minutes: {:?} ({transitions} transitions)", t.elapsed());
}

#[test]
#[ignore]
fn the_same_day_without_alarms() {
    let mut c = Cloud::new(1);
    let t = std::time::Instant::now();
    for minute in 0..1440u64 {
        let data: Vec<_> = (0..20).map(|i| json!({"MetricName": format!("m{i}"), "Value": ((minute * 7 + i * 13) % 100) as f64})).collect();
        c.call("cloudwatch", "us-east-1", "PutMetricData", json!({"Namespace": "Bench", "MetricData": data})).unwrap();
        c.advance(60_000);
    }
    println!("no alarms x 1440 minutes: {:?}", t.elapsed());
}

#[test]
#[ignore]
fn twenty_steady_alarms_for_a_day() {
    let mut c = Cloud::new(1);
    for i in 0..20 {
        c.call(
            "cloudwatch",
            "us-east-1",
            "PutMetricAlarm",
            json!({
                "AlarmName": format!("a{i}"), "Namespace": "Bench", "MetricName": format!("m{i}"), "Statistic": "Average", "Period": 60,
                "EvaluationPeriods": 3, "DatapointsToAlarm": 2, "Threshold": 50.0, "ComparisonOperator": "GreaterThanThreshold",
            }),
        )
        .unwrap();
    }
    let t = std::time::Instant::now();
    for _ in 0..1440u64 {
        let data: Vec<_> = (0..20).map(|i| json!({"MetricName": format!("m{i}"), "Value": 10.0})).collect();
        c.call("cloudwatch", "us-east-1", "PutMetricData", json!({"Namespace": "Bench", "MetricData": data})).unwrap();
        c.advance(60_000);
    }
    println!("20 steady alarms x 1440 minutes: {:?}", t.elapsed());
}
