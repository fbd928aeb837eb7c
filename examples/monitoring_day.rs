//! One simulated day of 1,000 running instances with detailed (1-minute) monitoring, their CPU
//! load changing every hour, and 20 alarm-like reads every virtual minute (10 over the Auto
//! Scaling group's average CPU, 10 over single instances), then every instance's full day of
//! CPUUtilization at 1-minute resolution. Run: cargo run --release --example monitoring_day
//! [instance type, default t2.micro (burstable: the CPU credit walk); a1.medium is a
//! non-burstable type with one vCPU, so 1,000 fit the default vCPU quota].
use ec2lab::monitoring::{datapoints, MetricKey, Stat};
use ec2lab::Cloud;
use serde_json::json;
use std::time::Instant;

const R: &str = "us-east-1";
const MIN: u64 = 60_000;

fn main() {
    let itype = std::env::args().nth(1).unwrap_or_else(|| "t2.micro".into());
    let n: usize = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let mut c = Cloud::new(1);
    let img = c.call("ec2", R, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap()["Images"][0]
        ["ImageId"]
        .clone();
    let img = if itype.starts_with("a1") {
        c.call("ec2", R, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-arm64"]}]})).unwrap()["Images"][0]["ImageId"]
            .clone()
    } else {
        img
    };
    let t = Instant::now();
    let mut ids: Vec<String> = vec![];
    while ids.len() < n {
        let k = (n - ids.len()).min(100);
        let r = c
            .call("ec2", R, "RunInstances", json!({"ImageId": img, "InstanceType": itype, "MinCount": k, "MaxCount": k, "Monitoring": {"Enabled": true}}))
            .unwrap_or_else(|e| panic!("RunInstances: {e:?}"));
        ids.extend(r["Instances"].as_array().unwrap().iter().map(|i| i["InstanceId"].as_str().unwrap().to_string()));
    }
    // The tag Auto Scaling puts on its members (reserved: set here as the group would).
    let tags = &mut c.world.regions.get_mut(R).unwrap().tags;
    for id in &ids {
        tags.set(id, &[("aws:autoscaling:groupName".to_string(), "bench".to_string())]);
    }
    c.advance(2 * MIN);
    let now = c.now();
    c.advance_to(now.div_ceil(60 * MIN) * 60 * MIN);
    println!("launched {n} {itype}: {:.3} s", t.elapsed().as_secs_f64());
    let t0 = c.now();
    let asg = MetricKey::new("AWS/EC2", "CPUUtilization", &[("AutoScalingGroupName", "bench")]);
    let singles: Vec<MetricKey> = ids.iter().step_by(n / 10).take(10).map(|id| MetricKey::new("AWS/EC2", "CPUUtilization", &[("InstanceId", id)])).collect();
    let (mut t_load, mut t_advance, mut t_alarms) = (0.0, 0.0, 0.0);
    let mut checksum = 0.0;
    for minute in 0..24 * 60u64 {
        if minute % 60 == 0 {
            let t = Instant::now();
            let h = minute / 60;
            for (k, id) in ids.iter().enumerate() {
                let cpu = ((h as f64 / 24.0 * std::f64::consts::TAU).sin() * 0.5 + 0.5) * 60.0 + (k % 7) as f64 * 5.0;
                c.call("ec2lab", R, "SetLoad", json!({"InstanceId": id, "Cpu": cpu, "NetworkIn": 1e5, "NetworkOut": 2e5})).unwrap();
            }
            t_load += t.elapsed().as_secs_f64();
        }
        let t = Instant::now();
        c.advance(MIN);
        t_advance += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let now = c.now();
        for a in 0..10 {
            // Alarm-like reads: the last 3 one-minute periods.
            let _ = a;
            checksum += datapoints(&c.world, R, &asg, now - 3 * MIN, now, 60, Stat::Average).iter().map(|d| d.value).sum::<f64>();
        }
        for k in &singles {
            checksum += datapoints(&c.world, R, k, now - 3 * MIN, now, 60, Stat::Average).iter().map(|d| d.value).sum::<f64>();
        }
        t_alarms += t.elapsed().as_secs_f64();
    }
    println!("a day of SetLoad every hour for every instance ({} calls): {t_load:.3} s", 24 * n);
    println!("advancing the clock minute by minute: {t_advance:.3} s");
    println!("20 alarm-like reads per minute for a day (10 over the group of {n}, 10 single): {t_alarms:.3} s");
    let t = Instant::now();
    let mut points = 0;
    for id in &ids {
        let k = MetricKey::new("AWS/EC2", "CPUUtilization", &[("InstanceId", id)]);
        let p = datapoints(&c.world, R, &k, t0, t0 + 24 * 60 * MIN, 60, Stat::Average);
        points += p.len();
        checksum += p.iter().map(|d| d.value).sum::<f64>();
    }
    println!("every instance's day of 1-minute CPUUtilization ({points} points): {:.3} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let mut cold = c.world.clone();
    let p = datapoints(&cold, R, &asg, t0, t0 + 24 * 60 * MIN, 300, Stat::Average);
    println!("the group's day at 5 minutes from a cold cache ({} points): {:.3} s", p.len(), t.elapsed().as_secs_f64());
    cold.advance_to(cold.now());
    println!("total wall time: {:.3} s (checksum {checksum:.1})", t_load + t_advance + t_alarms);
}
