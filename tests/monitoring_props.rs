//! Invariants of the derived metrics: credit balances stay within [0, cap (+ launch credits)] in
//! standard mode, CPU stays within [0, 100], sums do not depend on the period, and the
//! credit-walk cache never changes an answer.
use ec2lab::monitoring::{datapoints, MetricKey, Stat};
use ec2lab::Cloud;
use proptest::prelude::*;
use serde_json::json;

const R: &str = "us-east-1";
const MIN: u64 = 60_000;

#[derive(Debug, Clone)]
enum Step {
    Load(f64, f64),
    Wait(u64),
    Toggle,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![(0.0f64..=100.0, 0.0f64..1e6).prop_map(|(c, n)| Step::Load(c, n)), (1u64..180).prop_map(Step::Wait), Just(Step::Toggle),]
}

fn run(itype: &str, mode: &str, detailed: bool, steps: &[Step]) -> (Cloud, String, u64) {
    let mut c = Cloud::new(3);
    let img = c.call("ec2", R, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap()["Images"][0]
        ["ImageId"]
        .clone();
    let mut p = json!({"ImageId": img, "InstanceType": itype, "MinCount": 1, "MaxCount": 1, "Monitoring": {"Enabled": detailed}});
    if itype.starts_with('t') {
        p["CreditSpecification"] = json!({"CpuCredits": mode});
    }
    let id = c.call("ec2", R, "RunInstances", p).unwrap()["Instances"][0]["InstanceId"].as_str().unwrap().to_string();
    let t0 = c.now();
    let mut running = true;
    for s in steps {
        match s {
            Step::Load(cpu, net) => {
                c.call("ec2lab", R, "SetLoad", json!({"InstanceId": id, "Cpu": cpu, "NetworkIn": net})).unwrap();
            }
            Step::Wait(m) => {
                c.advance(m * MIN);
                // Read as an alarm would, warming the caches as time passes.
                let now = c.now();
                for name in ["CPUUtilization", "CPUCreditBalance", "NetworkIn"] {
                    let key = MetricKey::new("AWS/EC2", name, &[("InstanceId", &id)]);
                    let _ = datapoints(&c.world, R, &key, now.saturating_sub(7 * MIN), now, 60, Stat::Average);
                }
            }
            Step::Toggle => {
                let op = if running { "StopInstances" } else { "StartInstances" };
                if c.call("ec2", R, op, json!({"InstanceIds": [id]})).is_ok() {
                    running = !running;
                }
                c.advance(2 * MIN);
            }
        }
    }
    c.advance(10 * MIN);
    (c, id, t0)
}

fn values(c: &Cloud, name: &str, id: &str, t0: u64, period: u64, s: Stat) -> Vec<(u64, f64)> {
    let key = MetricKey::new("AWS/EC2", name, &[("InstanceId", id)]);
    datapoints(&c.world, R, &key, t0, c.now(), period, s).into_iter().map(|d| (d.timestamp, d.value)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn standard_balance_stays_within_bounds_and_cpu_within_0_100(steps in prop::collection::vec(step(), 1..12), t2 in any::<bool>()) {
        let itype = if t2 { "t2.micro" } else { "t3.micro" };
        let (c, id, t0) = run(itype, "standard", false, &steps);
        let cap = if t2 { 144.0 } else { 288.0 };
        let launch = if t2 { 30.0 } else { 0.0 };
        for (_, b) in values(&c, "CPUCreditBalance", &id, t0, 300, Stat::Maximum) {
            prop_assert!((0.0..=cap + launch + 1e-9).contains(&b), "balance {b}");
        }
        for (_, s) in values(&c, "CPUSurplusCreditBalance", &id, t0, 300, Stat::Maximum) {
            prop_assert!(s == 0.0, "standard mode never borrows: {s}");
        }
        for (_, v) in values(&c, "CPUUtilization", &id, t0, 300, Stat::Maximum) {
            prop_assert!((0.0..=100.0 + 1e-9).contains(&v), "cpu {v}");
        }
    }

    #[test]
    fn sums_do_not_depend_on_the_period(steps in prop::collection::vec(step(), 1..10)) {
        let (c, id, t0) = run("m5.large", "standard", true, &steps);
        let t0 = t0 / 3_600_000 * 3_600_000;
        let total = |p: u64| values(&c, "NetworkIn", &id, t0, p, Stat::Sum).iter().map(|x| x.1).sum::<f64>();
        let (a, b, h) = (total(60), total(300), total(3600));
        prop_assert!((a - b).abs() <= 1e-6 * a.max(1.0), "{a} vs {b}");
        // Hourly buckets see only whole hours that have ended: never more than the minutes.
        prop_assert!(h <= a + 1e-6 * a.max(1.0));
        let n60 = values(&c, "CPUUtilization", &id, t0, 60, Stat::SampleCount).iter().map(|x| x.1).sum::<f64>();
        let n300 = values(&c, "CPUUtilization", &id, t0, 300, Stat::SampleCount).iter().map(|x| x.1).sum::<f64>();
        prop_assert_eq!(n60, n300);
    }

    #[test]
    fn the_credit_cache_never_changes_an_answer(steps in prop::collection::vec(step(), 1..12), unlimited in any::<bool>()) {
        let (c, id, t0) = run("t3.small", if unlimited { "unlimited" } else { "standard" }, false, &steps);
        // Warm the cache with a full read, then read a late window; a clone starts cold.
        let _ = values(&c, "CPUCreditBalance", &id, t0, 300, Stat::Average);
        let late = c.now().saturating_sub(90 * MIN).max(t0);
        let cold_world = c.clone();
        for (name, p) in [("CPUCreditBalance", 300), ("CPUUtilization", 60), ("CPUUtilization", 300), ("NetworkIn", 300), ("CPUSurplusCreditsCharged", 300)] {
            for from in [t0, late] {
                let warm = values(&c, name, &id, from, p, Stat::Sum);
                let cold = values(&cold_world, name, &id, from, p, Stat::Sum);
                prop_assert_eq!(warm, cold, "{} {}", name, p);
            }
        }
    }
}
