//! CloudWatch metrics: PutMetricData and the three reads, the workload behind AWS/EC2 metrics
//! (SetLoad, requests through the load balancer), T-family CPU credits, basic vs detailed
//! monitoring, retention, and AWS/ApplicationELB metrics after SendTraffic.
use ec2lab::monitoring::{datapoints, MetricKey, Stat};
use ec2lab::{ApiError, Cloud};
use serde_json::{json, Value};

const R: &str = "us-east-1";
const MIN: u64 = 60_000;

fn ec2(c: &mut Cloud, op: &str, p: Value) -> Value {
    c.call("ec2", R, op, p).unwrap_or_else(|e| panic!("{op}: {e:?}"))
}
fn cw(c: &mut Cloud, op: &str, p: Value) -> Result<Value, ApiError> {
    c.call("cloudwatch", R, op, p)
}
fn lab(c: &mut Cloud, op: &str, p: Value) -> Result<Value, ApiError> {
    c.call("ec2lab", R, op, p)
}
fn iso(ms: u64) -> String {
    ec2lab::sim::clock::iso8601(ms)
}

fn image(c: &mut Cloud) -> Value {
    ec2(c, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]}))["Images"][0]["ImageId"].clone()
}

/// Launches one instance and waits until it runs; returns (cloud, id).
fn launch(itype: &str, extra: Value) -> (Cloud, String) {
    let mut c = Cloud::new(7);
    let img = image(&mut c);
    let mut p = json!({"ImageId": img, "InstanceType": itype, "MinCount": 1, "MaxCount": 1});
    for (k, v) in extra.as_object().unwrap() {
        p[k] = v.clone();
    }
    let id = ec2(&mut c, "RunInstances", p)["Instances"][0]["InstanceId"].as_str().unwrap().to_string();
    c.advance(60_000);
    (c, id)
}

/// Advances to the next whole 5 minutes so that minute-aligned tables read simply.
fn align(c: &mut Cloud) {
    let now = c.now();
    c.advance_to(now.div_ceil(5 * MIN) * 5 * MIN);
}

fn stat(c: &mut Cloud, name: &str, id: &str, start: u64, end: u64, period: u64, s: &str) -> Vec<(u64, f64)> {
    let v = cw(
        c,
        "GetMetricStatistics",
        json!({"Namespace": "AWS/EC2", "MetricName": name, "Dimensions": [{"Name": "InstanceId", "Value": id}],
               "StartTime": iso(start), "EndTime": iso(end), "Period": period, "Statistics": [s]}),
    )
    .unwrap();
    v["Datapoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (ec2lab::monitoring::time::parse_iso(d["Timestamp"].as_str().unwrap()).unwrap(), d[s].as_f64().unwrap()))
        .collect()
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[test]
fn put_metric_data_then_read_it_back_three_ways() {
    let mut c = Cloud::new(1);
    let t0 = c.now();
    for (i, v) in [10.0, 20.0, 30.0, 40.0].iter().enumerate() {
        cw(
            &mut c,
            "PutMetricData",
            json!({"Namespace": "MyApp", "MetricData": [{"MetricName": "Latency", "Dimensions": [{"Name": "Page", "Value": "/home"}],
                   "Value": v, "Unit": "Milliseconds", "Timestamp": iso(t0 + i as u64 * 30_000)}]}),
        )
        .unwrap();
    }
    cw(
        &mut c,
        "PutMetricData",
        json!({"Namespace": "MyApp", "MetricData": [{"MetricName": "Latency", "Dimensions": [{"Name": "Page", "Value": "/home"}],
               "StatisticValues": {"SampleCount": 2.0, "Sum": 100.0, "Minimum": 45.0, "Maximum": 55.0}, "Unit": "Milliseconds", "Timestamp": iso(t0 + 120_000)}]}),
    )
    .unwrap();
    c.advance(5 * MIN);
    let s = cw(
        &mut c,
        "GetMetricStatistics",
        json!({"Namespace": "MyApp", "MetricName": "Latency", "Dimensions": [{"Name": "Page", "Value": "/home"}], "StartTime": iso(t0), "EndTime": iso(t0 + 5 * MIN),
               "Period": 60, "Statistics": ["SampleCount", "Average", "Sum", "Minimum", "Maximum"], "ExtendedStatistics": ["p50"]}),
    )
    .unwrap();
    insta::assert_json_snapshot!("get_metric_statistics", s);
    let d = cw(
        &mut c,
        "GetMetricData",
        json!({"MetricDataQueries": [{"Id": "lat", "MetricStat": {"Metric": {"Namespace": "MyApp", "MetricName": "Latency", "Dimensions": [{"Name": "Page", "Value": "/home"}]}, "Period": 120, "Stat": "Maximum"}}],
               "StartTime": iso(t0), "EndTime": iso(t0 + 5 * MIN), "ScanBy": "TimestampAscending"}),
    )
    .unwrap();
    insta::assert_json_snapshot!("get_metric_data", d);
    let l = cw(&mut c, "ListMetrics", json!({"Namespace": "MyApp"})).unwrap();
    insta::assert_json_snapshot!("list_metrics", l);
    // The domain interface the alarms read.
    let key = MetricKey::new("MyApp", "Latency", &[("Page", "/home")]);
    let p = datapoints(&c.world, R, &key, t0, t0 + 5 * MIN, 60, Stat::Average);
    assert_eq!(p.iter().map(|d| d.value).collect::<Vec<_>>(), vec![15.0, 35.0, 50.0]);
    // RecentlyActive: three hours later the metric is no longer recent.
    c.advance(3 * 3_600_000 + MIN);
    assert_eq!(cw(&mut c, "ListMetrics", json!({"Namespace": "MyApp", "RecentlyActive": "PT3H"})).unwrap()["Metrics"], json!([]));
}

#[test]
fn metric_refusals_name_the_rule_and_change_nothing() {
    let mut c = Cloud::new(1);
    let now = c.now();
    let cases = [
        ("PutMetricData", json!({"Namespace": "AWS/EC2", "MetricData": [{"MetricName": "X", "Value": 1}]}), "InvalidParameterValue"),
        (
            "PutMetricData",
            json!({"Namespace": "App", "MetricData": [{"MetricName": "X", "Value": 1, "StatisticValues": {"SampleCount": 1, "Sum": 1, "Minimum": 1, "Maximum": 1}}]}),
            "InvalidParameterCombination",
        ),
        ("PutMetricData", json!({"Namespace": "App", "MetricData": [{"MetricName": "X"}]}), "MissingParameter"),
        (
            "PutMetricData",
            json!({"Namespace": "App", "MetricData": [{"MetricName": "X", "Value": 1, "Timestamp": iso(now - 15 * 24 * 3_600_000)}]}),
            "InvalidParameterValue",
        ),
        (
            "PutMetricData",
            json!({"Namespace": "App", "MetricData": [{"MetricName": "X", "Value": 1, "Timestamp": iso(now + 3 * 3_600_000)}]}),
            "InvalidParameterValue",
        ),
        ("PutMetricData", json!({"Namespace": "App", "MetricData": [{"MetricName": "X", "Values": [1, 2], "Counts": [1]}]}), "InvalidParameterValue"),
        ("PutMetricData", json!({"Namespace": "App", "MetricData": [{"MetricName": "X", "Value": 1, "Unit": "Furlongs"}]}), "InvalidParameterValue"),
        ("PutMetricData", json!({"Namespace": "App", "MetricData": [{"MetricName": "X", "Value": 1, "StorageResolution": 30}]}), "InvalidParameterValue"),
        (
            "GetMetricStatistics",
            json!({"Namespace": "App", "MetricName": "X", "StartTime": iso(now), "EndTime": iso(now + MIN), "Period": 60}),
            "InvalidParameterCombination",
        ),
        (
            "GetMetricStatistics",
            json!({"Namespace": "App", "MetricName": "X", "StartTime": iso(now), "EndTime": iso(now + MIN), "Period": 61, "Statistics": ["Sum"]}),
            "InvalidParameterValue",
        ),
        (
            "GetMetricStatistics",
            json!({"Namespace": "App", "MetricName": "X", "StartTime": iso(now + MIN), "EndTime": iso(now), "Period": 60, "Statistics": ["Sum"]}),
            "InvalidParameterValue",
        ),
        (
            "GetMetricStatistics",
            json!({"Namespace": "App", "MetricName": "X", "StartTime": iso(now), "EndTime": iso(now + 2 * 24 * 3_600_000), "Period": 60, "Statistics": ["Sum"]}),
            "InvalidParameterCombination",
        ),
        (
            "GetMetricStatistics",
            json!({"Namespace": "App", "MetricName": "X", "StartTime": iso(now), "EndTime": iso(now + MIN), "Period": 60, "Statistics": ["Median"]}),
            "InvalidParameterValue",
        ),
        (
            "GetMetricData",
            json!({"MetricDataQueries": [{"Id": "e1", "Expression": "SUM(METRICS())"}], "StartTime": iso(now), "EndTime": iso(now + MIN)}),
            "InvalidParameterValue",
        ),
        (
            "GetMetricData",
            json!({"MetricDataQueries": [{"Id": "Bad-Id", "MetricStat": {"Metric": {"Namespace": "App", "MetricName": "X"}, "Period": 60, "Stat": "Sum"}}], "StartTime": iso(now), "EndTime": iso(now + MIN)}),
            "InvalidParameterValue",
        ),
        ("GetMetricData", json!({"MetricDataQueries": [{"Id": "m1"}], "StartTime": iso(now), "EndTime": iso(now + MIN)}), "InvalidParameterCombination"),
        ("ListMetrics", json!({"RecentlyActive": "PT1H"}), "InvalidParameterValue"),
    ];
    for (op, p, code) in cases {
        let before = format!("{:?}", c.world);
        let e = cw(&mut c, op, p.clone()).expect_err(op);
        assert_eq!(e.code, code, "{op} {p}: {}", e.message);
        assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{op}: hints");
        assert_eq!(before, format!("{:?}", c.world), "{op} changed the world");
    }
}

#[test]
fn set_load_drives_cpu_and_network_at_basic_and_detailed_resolution() {
    let (mut c, id) = launch("m5.large", json!({}));
    align(&mut c);
    let t0 = c.now();
    lab(&mut c, "SetLoad", json!({"InstanceId": id, "Cpu": 40.0, "NetworkIn": 1000.0, "NetworkOut": 2000.0})).unwrap();
    c.advance(10 * MIN);
    // Basic monitoring: one 5-minute sample, even when asked per minute.
    let basic = stat(&mut c, "CPUUtilization", &id, t0, t0 + 10 * MIN, 60, "Average");
    assert_eq!(basic, vec![(t0, 40.0), (t0 + 5 * MIN, 40.0)]);
    // Detailed from now on: 1-minute samples.
    let r = ec2(&mut c, "MonitorInstances", json!({"InstanceIds": [id]}));
    assert_eq!(r["InstanceMonitorings"][0]["Monitoring"]["State"], "pending");
    let t1 = c.now();
    lab(&mut c, "SetLoad", json!({"InstanceId": id, "Cpu": 80.0, "NetworkIn": 1000.0})).unwrap();
    c.advance(3 * MIN);
    let detailed = stat(&mut c, "CPUUtilization", &id, t1, t1 + 3 * MIN, 60, "Average");
    assert_eq!(detailed, vec![(t1, 80.0), (t1 + MIN, 80.0), (t1 + 2 * MIN, 80.0)]);
    let net = stat(&mut c, "NetworkIn", &id, t1, t1 + 3 * MIN, 60, "Sum");
    assert_eq!(net.iter().map(|x| x.1).collect::<Vec<_>>(), vec![60_000.0; 3]);
    // The same bytes, summed per 3 minutes.
    assert_eq!(stat(&mut c, "NetworkIn", &id, t1, t1 + 3 * MIN, 180, "Sum"), vec![(t1, 180_000.0)]);
    // DescribeInstances shows it; Unmonitor turns it back.
    let d = ec2(&mut c, "DescribeInstances", json!({"InstanceIds": [id]}));
    assert_eq!(d["Reservations"][0]["Instances"][0]["Monitoring"]["State"], "enabled");
    let r = ec2(&mut c, "UnmonitorInstances", json!({"InstanceIds": [id]}));
    assert_eq!(r["InstanceMonitorings"][0]["Monitoring"]["State"], "disabling");
}

fn dp(c: &Cloud, name: &str, id: &str, start: u64, end: u64, period: u64, s: Stat) -> Vec<(u64, f64)> {
    let key = MetricKey::new("AWS/EC2", name, &[("InstanceId", id)]);
    datapoints(&c.world, R, &key, start, end, period, s).into_iter().map(|d| (d.timestamp, d.value)).collect()
}

/// A table of the credit metrics every 5 minutes: (minute, CPUUtilization, CPUCreditUsage, CPUCreditBalance, CPUSurplusCreditBalance, CPUSurplusCreditsCharged).
fn credit_table(c: &Cloud, id: &str, t0: u64, minutes: u64) -> Vec<String> {
    let end = t0 + minutes * MIN;
    let cpu = dp(c, "CPUUtilization", id, t0, end, 300, Stat::Average);
    let usage = dp(c, "CPUCreditUsage", id, t0, end, 300, Stat::Sum);
    let bal = dp(c, "CPUCreditBalance", id, t0, end, 300, Stat::Average);
    let sur = dp(c, "CPUSurplusCreditBalance", id, t0, end, 300, Stat::Average);
    let chg = dp(c, "CPUSurplusCreditsCharged", id, t0, end, 300, Stat::Sum);
    cpu.iter()
        .zip(&usage)
        .zip(&bal)
        .zip(&sur)
        .zip(&chg)
        .map(|((((a, b), d), e), f)| {
            format!(
                "{:>4} min  cpu {:>6}  usage {:>6}  balance {:>7}  surplus {:>7}  charged {:>6}",
                (a.0 - t0) / MIN,
                round2(a.1),
                round2(b.1),
                round2(d.1),
                round2(e.1),
                round2(f.1)
            )
        })
        .collect()
}

#[test]
fn t2_standard_spends_launch_credits_then_its_balance_then_is_throttled_to_baseline() {
    let (mut c, id) = launch("t2.micro", json!({}));
    align(&mut c);
    let t0 = c.now();
    lab(&mut c, "SetLoad", json!({"InstanceId": id, "Cpu": 100.0})).unwrap();
    c.advance(60 * MIN);
    let table = credit_table(&c, &id, t0, 60);
    insta::assert_snapshot!("t2_micro_standard_at_100", table.join("\n"));
    // Launch credits (30 for one vCPU) last 30 minutes, the balance earned meanwhile a few more;
    // then the instance runs at its 10 % baseline, spending exactly what it earns (0.1 credit a minute).
    let cpu = dp(&c, "CPUUtilization", &id, t0, t0 + 60 * MIN, 300, Stat::Average);
    assert_eq!(cpu[0].1, 100.0);
    assert!((cpu.last().unwrap().1 - 10.0).abs() < 1e-9, "{cpu:?}");
    let bal = dp(&c, "CPUCreditBalance", &id, t0, t0 + 60 * MIN, 300, Stat::Average);
    assert!(bal.last().unwrap().1.abs() < 1e-9);
    // A stop loses T2's credits; the start brings 30 new launch credits.
    ec2(&mut c, "StopInstances", json!({"InstanceIds": [id]}));
    c.advance(5 * MIN);
    lab(&mut c, "SetLoad", json!({"InstanceId": id, "Cpu": 0.0})).unwrap();
    ec2(&mut c, "StartInstances", json!({"InstanceIds": [id]}));
    c.advance(12 * MIN);
    let now = c.now();
    let after = dp(&c, "CPUCreditBalance", &id, now - 10 * MIN, now, 300, Stat::Maximum);
    assert!(after.iter().all(|(_, b)| (30.0..31.5).contains(b)), "{after:?}");
}

#[test]
fn t3_unlimited_borrows_surplus_credits_and_they_are_charged_at_stop() {
    let (mut c, id) = launch("t3.micro", json!({}));
    align(&mut c);
    let t0 = c.now();
    lab(&mut c, "SetLoad", json!({"InstanceId": id, "Cpu": 100.0})).unwrap();
    c.advance(30 * MIN);
    let table = credit_table(&c, &id, t0, 30);
    insta::assert_snapshot!("t3_micro_unlimited_at_100", table.join("\n"));
    // Never throttled: 2 vCPUs at 100 % spend 2 credits a minute, earn 0.2: 1.8 a minute of surplus.
    let cpu = dp(&c, "CPUUtilization", &id, t0, t0 + 30 * MIN, 300, Stat::Minimum);
    assert!(cpu.iter().all(|(_, v)| *v == 100.0));
    let surplus = dp(&c, "CPUSurplusCreditBalance", &id, t0, t0 + 30 * MIN, 300, Stat::Maximum).last().unwrap().1;
    // 30 minutes × 1.8, less the little balance earned while idle before the load began.
    assert!((53.0..54.0).contains(&surplus), "{surplus}");
    // Stopping charges the outstanding surplus: the bill reads it through this function.
    ec2(&mut c, "StopInstances", json!({"InstanceIds": [id]}));
    c.advance(10 * MIN);
    let charged = ec2lab::monitoring::surplus_credits_charged(&c.world, R, &id, t0, c.now());
    assert!((charged - surplus).abs() < 0.5, "{charged} vs {surplus}");
    // Switching to standard also charges; Describe/Modify show the mode.
    let d = ec2(&mut c, "DescribeInstanceCreditSpecifications", json!({"InstanceIds": [id]}));
    assert_eq!(d["InstanceCreditSpecifications"][0]["CpuCredits"], "unlimited");
    let m = ec2(&mut c, "ModifyInstanceCreditSpecification", json!({"InstanceCreditSpecifications": [{"InstanceId": id, "CpuCredits": "standard"}]}));
    assert_eq!(m["SuccessfulInstanceCreditSpecifications"][0]["InstanceId"], json!(id));
    let d = ec2(&mut c, "DescribeInstanceCreditSpecifications", json!({}));
    assert_eq!(d["InstanceCreditSpecifications"], json!([{"InstanceId": id, "CpuCredits": "standard"}]));
}

#[test]
fn t3_keeps_its_credits_over_a_stop_t2_does_not() {
    for (itype, keeps) in [("t3.micro", true), ("t2.micro", false)] {
        let (mut c, id) = launch(itype, json!({"CreditSpecification": {"CpuCredits": "standard"}}));
        align(&mut c);
        c.advance(120 * MIN); // idle: earning
        let now = c.now();
        let before = dp(&c, "CPUCreditBalance", &id, now - 5 * MIN, now, 300, Stat::Maximum)[0].1;
        ec2(&mut c, "StopInstances", json!({"InstanceIds": [id]}));
        c.advance(30 * MIN);
        ec2(&mut c, "StartInstances", json!({"InstanceIds": [id]}));
        c.advance(11 * MIN);
        let now = c.now();
        let after = dp(&c, "CPUCreditBalance", &id, now - 10 * MIN, now, 300, Stat::Minimum)[0].1;
        if keeps {
            assert!(after >= before, "{itype}: {before} → {after}");
        } else {
            // Only the new launch credits (30) plus a few minutes of earnings.
            assert!(after < 32.0 && before > 12.0 && after >= 30.0, "{itype}: {before} → {after}");
        }
    }
}

#[test]
fn non_burstable_types_have_no_credit_metrics_and_refuse_credit_modes() {
    let (mut c, id) = launch("m5.large", json!({}));
    c.advance(10 * MIN);
    assert!(dp(&c, "CPUCreditBalance", &id, 0, c.now(), 300, Stat::Average).is_empty());
    let m = ec2(&mut c, "ModifyInstanceCreditSpecification", json!({"InstanceCreditSpecifications": [{"InstanceId": id, "CpuCredits": "unlimited"}]}));
    assert_eq!(m["UnsuccessfulInstanceCreditSpecifications"][0]["Error"]["Code"], "UnsupportedOperation");
    let before = format!("{:?}", c.world);
    let e = c
        .call("ec2", R, "ModifyInstanceCreditSpecification", json!({"InstanceCreditSpecifications": [{"InstanceId": id, "CpuCredits": "turbo"}]}))
        .unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
    let e = c.call("ec2lab", R, "SetLoad", json!({"InstanceId": id, "Cpu": 150.0})).unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
    let e = c.call("ec2", R, "MonitorInstances", json!({"InstanceIds": ["i-0123456789abcdef0"]})).unwrap_err();
    assert_eq!(e.code, "InvalidInstanceID.NotFound");
    assert_eq!(before, format!("{:?}", c.world));
}

#[test]
fn retention_rolls_one_minute_data_up_after_fifteen_days() {
    let (mut c, id) = launch("m5.large", json!({"Monitoring": {"Enabled": true}}));
    align(&mut c);
    let t0 = c.now();
    lab(&mut c, "SetLoad", json!({"InstanceId": id, "Cpu": 50.0})).unwrap();
    c.advance(10 * MIN);
    assert_eq!(dp(&c, "CPUUtilization", &id, t0, t0 + 10 * MIN, 60, Stat::Average).len(), 10);
    ec2(&mut c, "StopInstances", json!({"InstanceIds": [id]}));
    c.advance(16 * 24 * 3_600_000);
    // Sixteen days later: 1-minute periods see nothing, 5-minute periods still see the data.
    assert!(dp(&c, "CPUUtilization", &id, t0, t0 + 10 * MIN, 60, Stat::Average).is_empty());
    assert_eq!(dp(&c, "CPUUtilization", &id, t0, t0 + 10 * MIN, 300, Stat::Average), vec![(t0, 50.0), (t0 + 5 * MIN, 50.0)]);
}

/// The guest's block I/O (IoTest, WriteFile) shows as EBS* (Nitro instances) and Disk*
/// (instance store) metrics, summed per period; a Xen type has no EBS*, a type without instance
/// store no Disk*.
#[test]
fn block_io_shows_as_ebs_and_disk_metrics() {
    let (mut c, id) = launch("m5d.large", json!({"Monitoring": {"Enabled": true}}));
    align(&mut c);
    let t0 = c.now();
    lab(&mut c, "IoTest", json!({"InstanceId": id, "Target": "/dev/xvda", "SizeBytes": 64 << 20, "Pattern": "randwrite", "BlockSizeBytes": 4096})).unwrap();
    lab(&mut c, "IoTest", json!({"InstanceId": id, "Target": "ephemeral0", "SizeBytes": 8 << 20, "Pattern": "seqread", "BlockSizeBytes": 1 << 20})).unwrap();
    c.advance(5 * MIN);
    let sum = |c: &mut Cloud, name: &str| stat(c, name, &id, t0, t0 + 5 * MIN, 300, "Sum").iter().map(|x| x.1).sum::<f64>();
    assert!((sum(&mut c, "EBSWriteOps") - 16384.0).abs() <= 1.0);
    assert!((sum(&mut c, "EBSWriteBytes") - (64u64 << 20) as f64).abs() <= 1.0);
    assert_eq!(sum(&mut c, "EBSReadOps"), 0.0);
    assert!((sum(&mut c, "DiskReadOps") - 8.0).abs() <= 1.0);
    assert!((sum(&mut c, "DiskReadBytes") - (8u64 << 20) as f64).abs() <= 1.0);
    // One-minute samples while detailed: the writes are in the first minute.
    let per_minute = stat(&mut c, "EBSWriteOps", &id, t0, t0 + 5 * MIN, 60, "Sum");
    assert_eq!(per_minute.len(), 5);
    assert!(per_minute[0].1 > 16000.0 && per_minute[1..].iter().all(|x| x.1 == 0.0), "{per_minute:?}");
    let listed = |c: &mut Cloud, id: &str| -> Vec<String> {
        let v = cw(c, "ListMetrics", json!({"Namespace": "AWS/EC2", "Dimensions": [{"Name": "InstanceId", "Value": id}]})).unwrap();
        v["Metrics"].as_array().unwrap().iter().map(|m| m["MetricName"].as_str().unwrap().to_string()).collect()
    };
    let names = listed(&mut c, &id);
    assert!(names.iter().any(|n| n == "EBSWriteOps") && names.iter().any(|n| n == "DiskReadBytes"), "{names:?}");
    let img = image(&mut c);
    let t2 = ec2(&mut c, "RunInstances", json!({"ImageId": img, "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1}))["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap()
        .to_string();
    c.advance(2 * MIN);
    let names = listed(&mut c, &t2);
    assert!(!names.iter().any(|n| n.starts_with("EBS") || n.starts_with("Disk")), "{names:?}");
}
