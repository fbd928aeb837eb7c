//! The bill's invariants over random histories (issue 6): the bill is monotone in time, every
//! start costs at least 60 seconds (and a longer run exactly its seconds), nothing is billed for
//! a stopped instance but its storage and addresses, and the free tier never makes the bill
//! (or any credit) go the wrong way. Histories include Savings Plans (fees every hour, credits).
use ec2lab::Cloud;
use proptest::prelude::*;
use serde_json::{json, Value};

const R: &str = "us-east-1";
const SEOUL: &str = "ap-northeast-2";

#[derive(Debug, Clone)]
enum Op {
    Launch(bool),
    Start(u8),
    Stop(u8),
    Terminate(u8),
    Volume(u16),
    Grow(u8),
    DeleteVolume(u8),
    Eip,
    Release(u8),
    SavingsPlan(u8),
    Advance(u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        any::<bool>().prop_map(Op::Launch),
        (0u8..4).prop_map(Op::Start),
        (0u8..4).prop_map(Op::Stop),
        (0u8..4).prop_map(Op::Terminate),
        (1u16..200).prop_map(Op::Volume),
        (0u8..4).prop_map(Op::Grow),
        (0u8..4).prop_map(Op::DeleteVolume),
        Just(Op::Eip),
        (0u8..4).prop_map(Op::Release),
        (1u8..20).prop_map(Op::SavingsPlan),
        (1u32..20_000).prop_map(Op::Advance),
        (1u32..20_000).prop_map(Op::Advance),
    ]
}

fn image(c: &mut Cloud, region: &str) -> String {
    let v = c.call("ec2", region, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap();
    v["Images"][0]["ImageId"].as_str().unwrap().to_string()
}

fn pick(v: &[String], i: u8) -> Option<String> {
    (!v.is_empty()).then(|| v[i as usize % v.len()].clone())
}

/// Runs the ops (refused calls are fine: they change nothing), recording an instant after each.
fn run(c: &mut Cloud, region: &str, itype: &str, ops: &[Op]) -> Vec<u64> {
    let img = image(c, region);
    let az = format!("{region}a");
    let (mut instances, mut volumes, mut eips) = (Vec::new(), Vec::new(), Vec::new());
    let mut marks = vec![c.now()];
    for o in ops {
        match o {
            Op::Launch(public) => {
                let p = json!({"ImageId": img, "InstanceType": itype, "MinCount": 1, "MaxCount": 1, "Placement": {"AvailabilityZone": az},
                               "NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": public}]});
                if let Ok(v) = c.call("ec2", region, "RunInstances", p) {
                    instances.push(v["Instances"][0]["InstanceId"].as_str().unwrap().to_string());
                }
            }
            Op::Start(i) | Op::Stop(i) | Op::Terminate(i) => {
                if let Some(id) = pick(&instances, *i) {
                    let name = match o {
                        Op::Start(_) => "StartInstances",
                        Op::Stop(_) => "StopInstances",
                        _ => "TerminateInstances",
                    };
                    let _ = c.call("ec2", region, name, json!({"InstanceIds": [id]}));
                }
            }
            Op::Volume(size) => {
                if let Ok(v) = c.call("ec2", region, "CreateVolume", json!({"AvailabilityZone": az, "Size": size, "VolumeType": "gp3"})) {
                    volumes.push(v["VolumeId"].as_str().unwrap().to_string());
                }
            }
            Op::Grow(i) => {
                if let Some(v) = pick(&volumes, *i) {
                    let _ = c.call("ec2", region, "ModifyVolume", json!({"VolumeId": v, "Size": 500, "VolumeType": "io2", "Iops": 4000}));
                }
            }
            Op::DeleteVolume(i) => {
                if let Some(v) = pick(&volumes, *i) {
                    let _ = c.call("ec2", region, "DeleteVolume", json!({"VolumeId": v}));
                }
            }
            Op::Eip => {
                if let Ok(v) = c.call("ec2", region, "AllocateAddress", json!({})) {
                    eips.push(v["AllocationId"].as_str().unwrap().to_string());
                }
            }
            Op::Release(i) => {
                if let Some(a) = pick(&eips, *i) {
                    let _ = c.call("ec2", region, "ReleaseAddress", json!({"AllocationId": a}));
                }
            }
            Op::SavingsPlan(cents) => {
                let _ = c.call("ec2lab", region, "PurchaseSavingsPlan", json!({"Commitment": *cents as f64 / 1000.0}));
            }
            Op::Advance(s) => {
                c.advance(*s as u64 * 1_000);
            }
        }
        marks.push(c.now());
    }
    marks
}

fn bill(c: &mut Cloud, region: &str, since: u64, until: u64, free_tier: bool) -> Value {
    c.call("ec2lab", region, "GetBill", json!({"Since": since as f64 / 1000.0, "Until": until as f64 / 1000.0, "FreeTier": free_tier})).unwrap()
}

fn cost_of(b: &Value, f: impl Fn(&Value) -> bool) -> f64 {
    b["Lines"].as_array().unwrap().iter().filter(|l| f(l)).map(|l| l["Cost"].as_f64().unwrap()).sum()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// The bill of [start, t) never shrinks as t grows, line by line (with and without the free tier).
    #[test]
    fn the_bill_is_monotone_in_time(ops in prop::collection::vec(op(), 1..24), free_tier in any::<bool>()) {
        let mut c = Cloud::new(21);
        let marks = run(&mut c, R, "t2.micro", &ops);
        let start = marks[0];
        let mut last: Option<Value> = None;
        for t in marks.iter().copied().filter(|t| *t > start) {
            let b = bill(&mut c, R, start, t, free_tier);
            if let Some(prev) = &last {
                prop_assert!(b["Total"].as_f64().unwrap() + 1e-9 >= prev["Total"].as_f64().unwrap(), "{} then {}", prev["Total"], b["Total"]);
                prop_assert!(b["Charges"].as_f64().unwrap() + 1e-9 >= prev["Charges"].as_f64().unwrap());
                for l in prev["Lines"].as_array().unwrap().iter().filter(|l| l["Kind"] == "usage") {
                    let now: f64 = b["Lines"].as_array().unwrap().iter().filter(|m| m["UsageType"] == l["UsageType"] && m["ResourceId"] == l["ResourceId"]).map(|m| m["Cost"].as_f64().unwrap()).sum();
                    prop_assert!(now + 1e-9 >= l["Cost"].as_f64().unwrap(), "{l} shrank to {now}");
                }
            }
            last = Some(b);
        }
    }

    /// Every entry into `running` costs at least 60 s; beyond that exactly its (whole) seconds.
    #[test]
    fn every_start_costs_at_least_a_minute(runs in prop::collection::vec((1u64..400, 1u64..400), 1..5)) {
        let mut c = Cloud::new(22);
        let img = image(&mut c, R);
        let v = c.call("ec2", R, "RunInstances", json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1})).unwrap();
        let id = v["Instances"][0]["InstanceId"].as_str().unwrap().to_string();
        for (k, (up, down)) in runs.iter().enumerate() {
            if k > 0 {
                c.call("ec2", R, "StartInstances", json!({"InstanceIds": [id]})).unwrap();
            }
            while !matches!(c.world.regions[R].compute.instances[&id].run_periods.last(), Some((_, None))) {
                c.advance(500);
            }
            c.advance(up * 1_000 + 123);
            c.call("ec2", R, "StopInstances", json!({"InstanceIds": [id]})).unwrap();
            c.advance(down * 1_000 + 120_000);
        }
        let periods = c.world.regions[R].compute.instances[&id].run_periods.clone();
        prop_assert_eq!(periods.len(), runs.len());
        let expect_s: u64 = periods.iter().map(|(s, e)| (e.unwrap() - s).div_ceil(1000).max(60)).sum();
        let now = c.now();
        let b = bill(&mut c, R, ec2lab::sim::clock::DEFAULT_START, now, false);
        let hours: f64 = b["Lines"].as_array().unwrap().iter().filter(|l| l["UsageType"] == "BoxUsage:t3.micro").map(|l| l["Quantity"].as_f64().unwrap()).sum();
        prop_assert!((hours * 3600.0 - expect_s as f64).abs() < 1e-6, "{} s billed, {} expected", hours * 3600.0, expect_s);
    }

    /// Over a window in which every instance is stopped, compute costs nothing; EBS and Elastic
    /// IPs still do.
    #[test]
    fn nothing_but_storage_and_addresses_while_stopped(n in 1u32..4, up in 60u64..7200, idle in 60u64..100_000) {
        let mut c = Cloud::new(23);
        let img = image(&mut c, R);
        let v = c.call("ec2", R, "RunInstances", json!({"ImageId": img, "InstanceType": "m5.large", "MinCount": n, "MaxCount": n})).unwrap();
        let ids: Vec<String> = v["Instances"].as_array().unwrap().iter().map(|i| i["InstanceId"].as_str().unwrap().to_string()).collect();
        c.call("ec2", R, "AllocateAddress", json!({})).unwrap();
        c.advance(up * 1_000 + 120_000);
        c.call("ec2", R, "StopInstances", json!({"InstanceIds": ids})).unwrap();
        c.advance(300_000);
        let from = c.now();
        prop_assert!(ids.iter().all(|i| c.world.regions[R].compute.instances[i].state.name() == "stopped"));
        c.advance(idle * 1_000);
        let now = c.now();
        let b = bill(&mut c, R, from, now, false);
        let compute = cost_of(&b, |l| {
            let u = l["UsageType"].as_str().unwrap();
            u.contains("BoxUsage") || u.contains("SpotUsage") || u.contains("CPUCredits") || u.contains("InUseAddress")
        });
        prop_assert_eq!(compute, 0.0);
        prop_assert!(cost_of(&b, |l| l["UsageType"].as_str().unwrap().contains("EBS:VolumeUsage")) > 0.0);
        prop_assert!(cost_of(&b, |l| l["UsageType"].as_str().unwrap().contains("IdleAddress")) > 0.0);
        let rest = b["Total"].as_f64().unwrap() - cost_of(&b, |l| {
            let u = l["UsageType"].as_str().unwrap();
            u.contains("EBS:") || u.contains("PublicIPv4")
        });
        prop_assert!(rest.abs() < 1e-9, "only storage and addresses: {b}");
    }

    /// The free tier only ever takes off what was used: every credit ≤ 0, no pool credits more
    /// than its own usage, the total never goes below zero, and it is never above the bill
    /// without the free tier.
    #[test]
    fn the_free_tier_never_goes_negative(ops in prop::collection::vec(op(), 1..24)) {
        let mut c = Cloud::new(24);
        let marks = run(&mut c, SEOUL, "t2.micro", &ops);
        let (start, end) = (marks[0], *marks.last().unwrap());
        prop_assume!(end > start);
        let with = bill(&mut c, SEOUL, start, end, true);
        let without = bill(&mut c, SEOUL, start, end, false);
        let total = with["Total"].as_f64().unwrap();
        prop_assert!(total >= 0.0);
        prop_assert!(total <= without["Total"].as_f64().unwrap() + 1e-9);
        prop_assert!((with["Charges"].as_f64().unwrap() - without["Charges"].as_f64().unwrap()).abs() < 1e-9);
        for l in with["Lines"].as_array().unwrap().iter().filter(|l| l["Kind"] == "credit") {
            prop_assert!(l["Cost"].as_f64().unwrap() <= 0.0, "{l}");
        }
        let micro = cost_of(&with, |l| l["UsageType"] == "APN2-BoxUsage:t2.micro");
        let micro_credit = -cost_of(&with, |l| l["UsageType"].as_str().unwrap().starts_with("FreeTier:BoxUsage"));
        prop_assert!(micro_credit <= micro + 1e-9, "{micro_credit} > {micro}");
        let hours: f64 = with["Lines"].as_array().unwrap().iter().filter(|l| l["UsageType"].as_str().unwrap().starts_with("FreeTier:BoxUsage")).map(|l| l["Quantity"].as_f64().unwrap()).sum();
        prop_assert!(hours <= 750.0 + 1e-6);
    }
}
