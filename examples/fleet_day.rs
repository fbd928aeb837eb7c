//! Issue 6's benchmark: one simulated day of 1,000 instances behind ALBs with 30-second health
//! checks, 1-minute (detailed) metrics and 20 CloudWatch alarms evaluated every virtual minute.
//! Everything goes through the door (`Cloud::call`), as a notebook would.
//! Run: cargo run --release --example fleet_day [instances, default 1000] [ALBs, default 4] [fleet]
//! Prints the wall time of each phase and the peak resident memory (VmHWM).
use ec2lab::Cloud;
use serde_json::{json, Value};
use std::time::Instant;

const R: &str = "us-east-1";
const MIN: u64 = 60_000;

fn call(c: &mut Cloud, service: &str, op: &str, p: Value) -> Value {
    c.call(service, R, op, p).unwrap_or_else(|e| panic!("{op}: {e} {}", e.hint_en))
}

fn s(v: &Value) -> String {
    v.as_str().unwrap().to_string()
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    kib / 1024.0
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let albs: usize = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(4);
    let mut c = Cloud::new(1);
    let t = Instant::now();
    let subnets: Vec<String> = {
        let v = call(&mut c, "ec2", "DescribeSubnets", json!({"Filters": [{"Name": "default-for-az", "Values": ["true"]}]}));
        let mut all: Vec<(String, String)> = v["Subnets"].as_array().unwrap().iter().map(|x| (s(&x["AvailabilityZone"]), s(&x["SubnetId"]))).collect();
        all.sort();
        all.into_iter().take(2).map(|(_, id)| id).collect()
    };
    let vpc = s(&call(&mut c, "ec2", "DescribeVpcs", json!({"Filters": [{"Name": "is-default", "Values": ["true"]}]}))["Vpcs"][0]["VpcId"]);
    let web_sg = s(&call(&mut c, "ec2", "CreateSecurityGroup", json!({"GroupName": "web", "Description": "web"}))["GroupId"]);
    let lb_sg = s(&call(&mut c, "ec2", "CreateSecurityGroup", json!({"GroupName": "lb", "Description": "lb"}))["GroupId"]);
    call(
        &mut c,
        "ec2",
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": lb_sg, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}),
    );
    call(
        &mut c,
        "ec2",
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": web_sg, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 8000, "ToPort": 8000, "UserIdGroupPairs": [{"GroupId": lb_sg}]}]}),
    );
    let img =
        call(&mut c, "ec2", "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]}))["Images"][0]["ImageId"].clone();
    let mut ids: Vec<String> = vec![];
    while ids.len() < n {
        let k = (n - ids.len()).min(100);
        let subnet = &subnets[(ids.len() / 100) % subnets.len()];
        let r = call(
            &mut c,
            "ec2",
            "RunInstances",
            json!({"ImageId": img, "InstanceType": "t2.micro", "MinCount": k, "MaxCount": k, "SubnetId": subnet, "SecurityGroupIds": [web_sg],
                   "Monitoring": {"Enabled": true}}),
        );
        ids.extend(r["Instances"].as_array().unwrap().iter().map(|i| s(&i["InstanceId"])));
    }
    c.advance(2 * MIN);
    for id in &ids {
        call(&mut c, "ec2lab", "Serve", json!({"InstanceId": id, "Port": 8000}));
    }
    let per = n.div_ceil(albs);
    for a in 0..albs {
        let lb = s(&call(&mut c, "elbv2", "CreateLoadBalancer", json!({"Name": format!("alb-{a}"), "Subnets": subnets, "SecurityGroups": [lb_sg]}))
            ["LoadBalancers"][0]["LoadBalancerArn"]);
        let tg = s(&call(
            &mut c,
            "elbv2",
            "CreateTargetGroup",
            json!({"Name": format!("tg-{a}"), "Protocol": "HTTP", "Port": 8000, "VpcId": vpc, "HealthCheckIntervalSeconds": 30}),
        )["TargetGroups"][0]["TargetGroupArn"]);
        call(
            &mut c,
            "elbv2",
            "CreateListener",
            json!({"LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg}]}),
        );
        let targets: Vec<Value> = ids.iter().skip(a * per).take(per).map(|id| json!({"Id": id})).collect();
        call(&mut c, "elbv2", "RegisterTargets", json!({"TargetGroupArn": tg, "Targets": targets}));
    }
    // 20 alarms: 16 on single instances' CPU, 4 on the ALBs' target groups' healthy hosts... kept simple
    // and comparable: all on CPUUtilization of one instance each, 1-minute periods, 3 of 5.
    // Third argument `fleet`: half of the alarms watch the whole fleet's average (InstanceType,
    // every instance read each minute) instead of single instances.
    let fleet_alarms = std::env::args().nth(3).as_deref() == Some("fleet");
    for k in 0..20 {
        let dims = if fleet_alarms && k % 2 == 1 {
            json!([{"Name": "InstanceType", "Value": "t2.micro"}])
        } else {
            json!([{"Name": "InstanceId", "Value": ids[k * n / 20]}])
        };
        call(
            &mut c,
            "cloudwatch",
            "PutMetricAlarm",
            json!({"AlarmName": format!("cpu-{k}"), "Namespace": "AWS/EC2", "MetricName": "CPUUtilization",
                   "Dimensions": dims, "Statistic": "Average", "Period": 60,
                   "EvaluationPeriods": 5, "DatapointsToAlarm": 3, "Threshold": 70.0 + k as f64, "ComparisonOperator": "GreaterThanThreshold"}),
        );
    }
    c.advance(5 * MIN);
    println!("setup: {n} t2.micro (detailed monitoring) behind {albs} ALBs (30 s health checks), 20 alarms: {:.3} s", t.elapsed().as_secs_f64());

    // The day: each hour every instance's load changes (a daily curve), then an hour of virtual time.
    let (mut t_load, mut t_day) = (0.0, 0.0);
    for h in 0..24u64 {
        let t = Instant::now();
        for (k, id) in ids.iter().enumerate() {
            let cpu = ((h as f64 / 24.0 * std::f64::consts::TAU).sin() * 0.5 + 0.5) * 80.0 + (k % 5) as f64 * 4.0;
            call(&mut c, "ec2lab", "SetLoad", json!({"InstanceId": id, "Cpu": cpu, "NetworkIn": 1e5, "NetworkOut": 2e5}));
        }
        t_load += t.elapsed().as_secs_f64();
        let t = Instant::now();
        c.advance(60 * MIN);
        t_day += t.elapsed().as_secs_f64();
    }
    let alarms = call(&mut c, "cloudwatch", "DescribeAlarms", json!({}));
    let states: Vec<String> = alarms["MetricAlarms"].as_array().unwrap().iter().map(|a| s(&a["StateValue"])).collect();
    let history = call(&mut c, "cloudwatch", "DescribeAlarmHistory", json!({"AlarmName": "cpu-0", "MaxRecords": 100}));
    let healthy =
        c.world.regions[R].elb.target_groups.values().flat_map(|g| g.targets.values()).filter(|t| t.state == ec2lab::elb::HealthState::Healthy).count();
    println!("a simulated day (health rounds, metric samples, alarm evaluations every minute): {t_day:.3} s");
    println!("  24 x {n} SetLoad calls through the door: {t_load:.3} s");
    println!(
        "  after the day: {healthy}/{n} targets healthy; alarms {} ALARM / {} OK; cpu-0 history items: {}",
        states.iter().filter(|s| *s == "ALARM").count(),
        states.iter().filter(|s| *s == "OK").count(),
        history["AlarmHistoryItems"].as_array().map_or(0, Vec::len)
    );
    println!("peak resident memory: {:.1} MiB", peak_rss_mib());
}
