//! Cost of alarm evaluation (not a timed assertion; run with `--ignored --nocapture`): 20 alarms
//! on custom metrics fed every minute for one simulated day.
use ec2lab::Cloud;
use serde_json::json;

const R: &str = "us-east-1";

/// Twenty alarms, one per custom metric `m0`..`m19`: Average > 50 for 2 of 3 minutes.
fn twenty_alarms(c: &mut Cloud) {
    for i in 0..20 {
        c.call(
            "cloudwatch",
            R,
            "PutMetricAlarm",
            json!({
                "AlarmName": format!("a{i}"), "Namespace": "Bench", "MetricName": format!("m{i}"), "Statistic": "Average", "Period": 60,
                "EvaluationPeriods": 3, "DatapointsToAlarm": 2, "Threshold": 50.0, "ComparisonOperator": "GreaterThanThreshold",
            }),
        )
        .unwrap();
    }
}

/// A day of minutes: each minute every metric gets `value(minute, metric)`, then the clock moves on.
fn feed_a_day(c: &mut Cloud, value: impl Fn(u64, u64) -> f64) -> std::time::Duration {
    let t = std::time::Instant::now();
    for minute in 0..1440u64 {
        let data: Vec<_> = (0..20u64).map(|i| json!({"MetricName": format!("m{i}"), "Value": value(minute, i)})).collect();
        c.call("cloudwatch", R, "PutMetricData", json!({"Namespace": "Bench", "MetricData": data})).unwrap();
        c.advance(60_000);
    }
    t.elapsed()
}

#[test]
#[ignore]
fn twenty_alarms_for_a_day() {
    let mut c = Cloud::new(1);
    twenty_alarms(&mut c);
    let took = feed_a_day(&mut c, |minute, i| ((minute * 7 + i * 13) % 100) as f64);
    let transitions = c.world.regions[R].alarms.history.iter().filter(|h| h.summary.starts_with("Alarm updated")).count();
    println!("20 alarms x 1440 minutes: {took:?} ({transitions} transitions)");
}

#[test]
#[ignore]
fn the_same_day_without_alarms() {
    let mut c = Cloud::new(1);
    let took = feed_a_day(&mut c, |minute, i| ((minute * 7 + i * 13) % 100) as f64);
    println!("no alarms x 1440 minutes: {took:?}");
}

#[test]
#[ignore]
fn twenty_steady_alarms_for_a_day() {
    let mut c = Cloud::new(1);
    twenty_alarms(&mut c);
    let took = feed_a_day(&mut c, |_, _| 10.0);
    println!("20 steady alarms x 1440 minutes: {took:?}");
}
