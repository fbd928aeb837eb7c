//! Invariants of Auto Scaling over random call sequences: MinSize ≤ DesiredCapacity ≤ MaxSize
//! always; a refused call changes nothing; left alone, the group converges to desired
//! capacity (all InService, balanced across its AZs) whatever happened to its instances.
use ec2lab::Cloud;
use proptest::prelude::*;
use serde_json::{json, Value};

const R: &str = "us-east-1";

#[derive(Debug, Clone)]
enum Op {
    SetDesired(i64),
    Update {
        min: Option<i64>,
        max: Option<i64>,
        desired: Option<i64>,
    },
    /// Stop (true) or terminate (false) the n-th member through EC2, behind the group's back.
    Ec2Kill(u8, bool),
    TerminateMember(u8, bool),
    Unhealthy(u8),
    Advance(u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0i64..8).prop_map(Op::SetDesired),
        (proptest::option::of(0i64..5), proptest::option::of(0i64..8), proptest::option::of(0i64..8)).prop_map(|(min, max, desired)| Op::Update {
            min,
            max,
            desired
        }),
        (any::<u8>(), any::<bool>()).prop_map(|(i, s)| Op::Ec2Kill(i, s)),
        (any::<u8>(), any::<bool>()).prop_map(|(i, d)| Op::TerminateMember(i, d)),
        any::<u8>().prop_map(Op::Unhealthy),
        (1u32..400).prop_map(Op::Advance),
    ]
}

fn group(c: &mut Cloud) -> Value {
    c.call("autoscaling", R, "DescribeAutoScalingGroups", json!({"AutoScalingGroupNames": ["g"]})).unwrap()["AutoScalingGroups"][0].clone()
}

fn member_ids(c: &mut Cloud) -> Vec<String> {
    group(c)["Instances"].as_array().unwrap().iter().map(|i| i["InstanceId"].as_str().unwrap().to_string()).collect()
}

fn setup() -> Cloud {
    let mut c = Cloud::new(4);
    let v = c.call("ec2", R, "DescribeSubnets", json!({"Filters": [{"Name": "default-for-az", "Values": ["true"]}]})).unwrap();
    let mut s: Vec<(String, String)> =
        v["Subnets"].as_array().unwrap().iter().map(|s| (s["AvailabilityZone"].as_str().unwrap().into(), s["SubnetId"].as_str().unwrap().into())).collect();
    s.sort();
    let img = c.call("ec2", R, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap()["Images"][0]
        ["ImageId"]
        .clone();
    c.call("ec2", R, "CreateLaunchTemplate", json!({"LaunchTemplateName": "tpl", "LaunchTemplateData": {"ImageId": img, "InstanceType": "t3.micro"}})).unwrap();
    c.call(
        "autoscaling",
        R,
        "CreateAutoScalingGroup",
        json!({"AutoScalingGroupName": "g", "LaunchTemplate": {"LaunchTemplateName": "tpl"}, "MinSize": 1, "MaxSize": 4, "DesiredCapacity": 2,
            "VPCZoneIdentifier": format!("{},{},{}", s[0].1, s[1].1, s[2].1)}),
    )
    .unwrap();
    c
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn sizes_hold_refusals_change_nothing_and_the_group_converges(ops in proptest::collection::vec(op(), 1..14)) {
        let mut c = setup();
        for o in ops {
            let before = format!("{:?}", c.world);
            let ids = member_ids(&mut c);
            let pick = |i: u8| if ids.is_empty() { "i-0000000000000000".to_string() } else { ids[i as usize % ids.len()].clone() };
            let result = match o {
                Op::SetDesired(d) => c.call("autoscaling", R, "SetDesiredCapacity", json!({"AutoScalingGroupName": "g", "DesiredCapacity": d})).map(|_| ()),
                Op::Update { min, max, desired } => {
                    let mut p = json!({"AutoScalingGroupName": "g"});
                    if let Some(v) = min { p["MinSize"] = json!(v) }
                    if let Some(v) = max { p["MaxSize"] = json!(v) }
                    if let Some(v) = desired { p["DesiredCapacity"] = json!(v) }
                    c.call("autoscaling", R, "UpdateAutoScalingGroup", p).map(|_| ())
                }
                Op::Ec2Kill(i, stop) => {
                    let op = if stop { "StopInstances" } else { "TerminateInstances" };
                    c.call("ec2", R, op, json!({"InstanceIds": [pick(i)]})).map(|_| ())
                }
                Op::TerminateMember(i, d) => c.call("autoscaling", R, "TerminateInstanceInAutoScalingGroup", json!({"InstanceId": pick(i), "ShouldDecrementDesiredCapacity": d})).map(|_| ()),
                Op::Unhealthy(i) => c.call("autoscaling", R, "SetInstanceHealth", json!({"InstanceId": pick(i), "HealthStatus": "Unhealthy", "ShouldRespectGracePeriod": false})).map(|_| ()),
                Op::Advance(s) => { c.advance(u64::from(s) * 1000); Ok(()) }
            };
            if result.is_err() {
                prop_assert_eq!(&before, &format!("{:?}", c.world), "a refused call changed the world");
            }
            let g = group(&mut c);
            let (min, max, desired) = (g["MinSize"].as_i64().unwrap(), g["MaxSize"].as_i64().unwrap(), g["DesiredCapacity"].as_i64().unwrap());
            prop_assert!(min <= desired && desired <= max, "min {} desired {} max {}", min, desired, max);
        }
        // Left alone, the group converges: desired members, all InService and healthy, balanced.
        c.advance(15 * 60_000);
        let g = group(&mut c);
        let desired = g["DesiredCapacity"].as_i64().unwrap() as usize;
        let inst = g["Instances"].as_array().unwrap();
        prop_assert_eq!(inst.len(), desired, "{:#}", g);
        prop_assert!(inst.iter().all(|i| i["LifecycleState"] == "InService" && i["HealthStatus"] == "Healthy"), "{:#}", g);
        let mut per_az = std::collections::BTreeMap::new();
        for i in inst {
            *per_az.entry(i["AvailabilityZone"].as_str().unwrap().to_string()).or_insert(0usize) += 1;
        }
        let (lo, hi) = (per_az.values().min().copied().unwrap_or(0), per_az.values().max().copied().unwrap_or(0));
        let lo = if per_az.len() < 3 && desired >= 3 { 0 } else { lo };
        prop_assert!(hi - lo <= 1 || desired < 3, "unbalanced: {:?}", per_az);
        // Every member is running in EC2 and tagged with the group.
        for i in inst {
            let id = i["InstanceId"].as_str().unwrap();
            let d = c.call("ec2", R, "DescribeInstances", json!({"InstanceIds": [id]})).unwrap();
            prop_assert_eq!(&d["Reservations"][0]["Instances"][0]["State"]["Name"], "running");
        }
    }
}
