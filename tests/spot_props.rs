//! Invariants of the Spot market: the price model is a pure function of the seed, positive and
//! below on-demand; every interruption had its notice exactly two minutes before the action
//! (at the action itself for hibernate), with the rebalance recommendation no later than the notice.
use ec2lab::purchase::price::Market;
use ec2lab::purchase::{spot_price, spot_price_changes};
use ec2lab::world::World;
use ec2lab::Cloud;
use proptest::prelude::*;
use serde_json::json;

const TYPES: [&str; 4] = ["t3.micro", "m5.large", "c5.xlarge", "r5.large"];
const REGIONS: [&str; 2] = ["us-east-1", "ap-northeast-2"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn prices_are_deterministic_positive_and_below_on_demand(seed in any::<u64>(), t in 0usize..4, r in 0usize..2, z in 0usize..3, hours in 0u64..2000) {
        let (region, itype) = (REGIONS[r], TYPES[t]);
        let az = format!("{region}{}", ["a", "b", "c"][z]);
        let a = World::new(seed);
        let b = World::new(seed);
        let at = a.now() + hours * 3_600_000;
        let p = spot_price(&a, region, &az, itype, at);
        prop_assert_eq!(p, spot_price(&b, region, &az, itype, at));
        if let Some(p) = p {
            let od = ec2lab::purchase::on_demand_price(region, itype).unwrap().hourly;
            prop_assert!(p > 0.0 && p < od, "{} not in (0, {})", p, od);
            let series = spot_price_changes(&a, region, &az, itype, at, at + 48 * 3_600_000);
            prop_assert_eq!(series[0], (at, p));
            for w in series.windows(2) {
                prop_assert!(w[0].0 < w[1].0);
                prop_assert!(w[1].1 > 0.0 && w[1].1 < od);
            }
            let m = Market::new(seed, region, &az, itype).unwrap();
            prop_assert!(m.base_fraction >= 0.30 && m.base_fraction <= 0.70);
        }
    }

    #[test]
    fn every_interruption_had_its_notice_two_minutes_before(seed in 0u64..500, behavior in 0usize..3, forced in any::<bool>(), days in 1u64..6) {
        let mut c = Cloud::new(seed);
        let img = c.call("ec2", "us-east-1", "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap()["Images"][0]["ImageId"].clone();
        let m = Market::new(seed, "us-east-1", "us-east-1a", "m5.large").unwrap();
        let max = format!("{:.6}", m.price_at(c.now()));
        let b = ["terminate", "stop", "hibernate"][behavior];
        let kind = if b == "terminate" { "one-time" } else { "persistent" };
        let v = c.call("ec2", "us-east-1", "RequestSpotInstances", json!({
            "SpotPrice": max, "Type": kind, "InstanceInterruptionBehavior": b,
            "LaunchSpecification": {"ImageId": img, "InstanceType": "m5.large", "Placement": {"AvailabilityZone": "us-east-1a"}}})).unwrap();
        let rid = v["SpotInstanceRequests"][0]["SpotInstanceRequestId"].as_str().unwrap().to_string();
        c.advance(5 * 60_000);
        if forced {
            if let Some(iid) = c.world.regions["us-east-1"].purchase.spot_requests[&rid].instance_id.clone() {
                let _ = c.call("ec2lab", "us-east-1", "InterruptSpotInstance", json!({"InstanceId": iid}));
            }
        }
        c.advance(days * 24 * 3_600_000);
        let q = &c.world.regions["us-east-1"].purchase.spot_requests[&rid];
        for i in &q.history {
            let action = i.action_at.expect("history holds interruptions that happened");
            let expected = if i.action.as_str() == "hibernate" { i.notice_at } else { i.notice_at + 120_000 };
            prop_assert_eq!(action, expected);
            prop_assert!(i.rebalance_at.is_some_and(|r| r <= i.notice_at && i.notice_at - r <= 30 * 60_000));
            let inst = &c.world.regions["us-east-1"].compute.instances.get(&i.instance_id);
            if let Some(inst) = inst {
                let code = inst.state_reason.as_ref().map(|(c, _)| c.as_str());
                prop_assert!(matches!(code, Some("Server.SpotInstanceTermination" | "Server.SpotInstanceShutdown")) || inst.state.name() == "running", "{:?}", code);
            }
        }
    }
}
