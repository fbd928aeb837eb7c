//! Random sequences of control-plane calls (load balancers, listeners, rules, tags), with
//! arguments drawn from a pool of real and wrong values: nothing panics, a refused call leaves
//! the world exactly as it was, and the store's invariants hold after every step.
use ec2lab::Cloud;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

const R: &str = "us-east-1";

struct Pool {
    subnets: Vec<String>,
    tgs: Vec<String>,
    groups: Vec<String>,
}

fn setup() -> (Cloud, Pool) {
    let mut c = Cloud::new(11);
    let s = c.call("ec2", R, "DescribeSubnets", json!({"Filters": [{"Name": "default-for-az", "Values": ["true"]}]})).unwrap();
    let mut subnets: Vec<(String, String)> =
        s["Subnets"].as_array().unwrap().iter().map(|x| (x["AvailabilityZone"].as_str().unwrap().into(), x["SubnetId"].as_str().unwrap().into())).collect();
    subnets.sort();
    let vpc = s["Subnets"][0]["VpcId"].clone();
    let subnets: Vec<String> = subnets.into_iter().map(|x| x.1).collect();
    let mut tgs = Vec::new();
    for (name, proto) in [("a", "HTTP"), ("b", "HTTP"), ("t", "TCP")] {
        let v = c.call("elbv2", R, "CreateTargetGroup", json!({"Name": name, "Protocol": proto, "Port": 8000, "VpcId": vpc})).unwrap();
        tgs.push(v["TargetGroups"][0]["TargetGroupArn"].as_str().unwrap().to_string());
    }
    let g = c.call("ec2", R, "CreateSecurityGroup", json!({"GroupName": "lb", "Description": "lb", "VpcId": vpc})).unwrap()["GroupId"]
        .as_str()
        .unwrap()
        .to_string();
    (c, Pool { subnets, tgs, groups: vec![g, "sg-0123456789abcdef0".into()] })
}

/// One step: an operation and the picks that fill its arguments.
#[derive(Debug, Clone)]
struct Step {
    op: u8,
    a: usize,
    b: usize,
    n: i64,
    flag: bool,
}

fn index() -> impl Strategy<Value = usize> {
    // Mostly real resources (the first ones), sometimes past the end (an unknown ARN).
    prop_oneof![4 => 0usize..2, 1 => 0usize..8]
}

fn step() -> impl Strategy<Value = Step> {
    // Creations weigh more than deletions, so that sequences build listeners and rules.
    let op = prop_oneof![3 => Just(0u8), 1 => Just(1u8), 6 => Just(5u8), 8 => Just(8u8), 4 => 9u8..12, 4 => 2u8..14];
    let n = prop_oneof![3 => 1i64..6, 1 => Just(80i64), 1 => Just(50000i64), 1 => Just(50001i64), 1 => -3i64..1];
    (op, index(), index(), n, prop::bool::weighted(0.8)).prop_map(|(op, a, b, n, flag)| Step { op, a, b, n, flag })
}

fn pick(v: &[String], i: usize, wrong: &str) -> String {
    // Past the end: the wrong value (an unknown ARN), so refusals are exercised too.
    v.get(i).cloned().unwrap_or_else(|| wrong.to_string())
}

fn call(c: &mut Cloud, p: &Pool, s: &Step) -> (String, Value) {
    let elb = &c.world.regions[R].elb;
    let lbs: Vec<String> = elb.load_balancers.keys().cloned().collect();
    let listeners: Vec<String> = elb.listeners.keys().cloned().collect();
    let rules: Vec<String> = elb.rules.keys().cloned().collect();
    let lb = pick(&lbs, s.a, "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/0000000000000000");
    let li = pick(&listeners, s.a, "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/x/0/0");
    let rule = pick(&rules, s.a, "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/x/0/0/0");
    let tg = pick(&p.tgs, s.b, "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/0000000000000000");
    let subnets: Vec<&String> = p.subnets.iter().take(if s.flag { 2 + s.b % 2 } else { s.b % 3 }).collect();
    let names = ["web", "api", "web", "w-", "internal-x", "api", "web", "x"];
    let (op, params) = match s.op {
        0 => ("CreateLoadBalancer", json!({"Name": names[s.a % 8], "Subnets": subnets, "Type": if s.flag { "application" } else { "network" }})),
        1 => ("DeleteLoadBalancer", json!({"LoadBalancerArn": lb})),
        2 => (
            "ModifyLoadBalancerAttributes",
            json!({"LoadBalancerArn": lb, "Attributes": [{"Key": if s.flag { "deletion_protection.enabled" } else { "idle_timeout.timeout_seconds" }, "Value": if s.flag { "true".to_string() } else { s.n.to_string() }}]}),
        ),
        3 => ("SetSecurityGroups", json!({"LoadBalancerArn": lb, "SecurityGroups": [pick(&p.groups, s.b % 2, "sg-1")]})),
        4 => ("SetSubnets", json!({"LoadBalancerArn": lb, "Subnets": subnets})),
        5 => (
            "CreateListener",
            json!({"LoadBalancerArn": lb, "Protocol": if s.flag { "HTTP" } else { "TCP" }, "Port": s.n, "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg}]}),
        ),
        6 => ("ModifyListener", json!({"ListenerArn": li, "Port": s.n})),
        7 => ("DeleteListener", json!({"ListenerArn": li})),
        8 => (
            "CreateRule",
            json!({"ListenerArn": li, "Priority": s.n, "Conditions": [{"Field": "path-pattern", "Values": [format!("/{}/*", s.b)]}], "Actions": [{"Type": "forward", "TargetGroupArn": tg}]}),
        ),
        9 => ("ModifyRule", json!({"RuleArn": rule, "Actions": [{"Type": "forward", "TargetGroupArn": tg}]})),
        10 => ("SetRulePriorities", json!({"RulePriorities": [{"RuleArn": rule, "Priority": s.n}, {"RuleArn": pick(&rules, s.b, "x"), "Priority": s.n + 1}]})),
        11 => ("DeleteRule", json!({"RuleArn": rule})),
        12 => ("AddTags", json!({"ResourceArns": [pick(&[lb, li, rule, tg], s.b, "x")], "Tags": [{"Key": format!("k{}", s.n), "Value": "v"}]})),
        _ => ("RemoveTags", json!({"ResourceArns": [lb], "TagKeys": [format!("k{}", s.n)]})),
    };
    (op.to_string(), params)
}

fn invariants(c: &Cloud) -> Result<(), String> {
    let r = &c.world.regions[R];
    let elb = &r.elb;
    for l in elb.listeners.values() {
        if !elb.load_balancers.contains_key(&l.lb_arn) {
            return Err(format!("listener {} outlived its load balancer", l.arn));
        }
        let defaults: Vec<_> = elb.rules.values().filter(|x| x.listener_arn == l.arn && x.is_default()).collect();
        if defaults.len() != 1 || defaults[0].arn != l.default_rule_arn {
            return Err(format!("listener {} has {} default rules", l.arn, defaults.len()));
        }
    }
    let mut seen = BTreeSet::new();
    for rule in elb.rules.values() {
        if !elb.listeners.contains_key(&rule.listener_arn) {
            return Err(format!("rule {} outlived its listener", rule.arn));
        }
        if let Some(p) = rule.priority {
            if !(1..=50000).contains(&p) || !seen.insert((rule.listener_arn.clone(), p)) {
                return Err(format!("priority {p} out of range or twice on {}", rule.listener_arn));
            }
        }
    }
    let mut owner: BTreeMap<&str, &str> = BTreeMap::new();
    for rule in elb.rules.values() {
        let lb = elb.listeners[&rule.listener_arn].lb_arn.as_str();
        for tg in ec2lab::elb::rules::target_group_arns(&rule.actions) {
            if *owner.entry(tg).or_insert(lb) != lb {
                return Err(format!("{tg} serves two load balancers"));
            }
        }
    }
    for lb in elb.load_balancers.values() {
        for n in &lb.nodes {
            let e = r.network.enis.get(&n.eni_id).ok_or(format!("node {} missing", n.eni_id))?;
            if e.groups != lb.security_groups || !e.requester_managed {
                return Err(format!("node {} does not carry the load balancer's groups", n.eni_id));
            }
        }
    }
    let nodes: BTreeSet<&str> = elb.load_balancers.values().flat_map(|l| l.nodes.iter().map(|n| n.eni_id.as_str())).collect();
    for e in r.network.enis.values().filter(|e| e.description.starts_with("ELB ")) {
        if !nodes.contains(e.id.as_str()) {
            return Err(format!("node ENI {} left behind", e.id));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]
    #[test]
    fn control_plane_sequences_keep_the_invariants(steps in prop::collection::vec(step(), 1..40)) {
        let (mut c, pool) = setup();
        for s in &steps {
            let (op, params) = call(&mut c, &pool, s);
            let before = format!("{:?}", c.world);
            let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| c.call("elbv2", R, &op, params.clone())));
            prop_assert!(answer.is_ok(), "{op} panicked on {params}");
            if let Ok(Err(e)) = answer {
                prop_assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{op}: {e} without hints");
                prop_assert_eq!(&before, &format!("{:?}", c.world), "{} {} was refused ({}) but changed the world", op, params, e);
            }
            if let Err(why) = invariants(&c) {
                prop_assert!(false, "after {op} {params}: {why}");
            }
            c.advance(10_000);
        }
    }
}
