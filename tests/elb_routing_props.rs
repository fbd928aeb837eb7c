//! Routing invariants over random histories: a weighted forward follows its weights, and a
//! request never goes to a target that is not registered, is draining, or is not running.
use ec2lab::elb::HealthState;
use ec2lab::Cloud;
use proptest::prelude::*;
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn call(c: &mut Cloud, service: &str, op: &str, p: Value) -> Value {
    c.call(service, R, op, p).unwrap_or_else(|e| panic!("{op}: {e:?}"))
}

/// Three web servers serving on 8000 (two in AZ a, one in b), an ALB "web" open on 80, and
/// target groups "a" and "b"; the listener forwards with `default_action`.
struct Setup {
    c: Cloud,
    web: Vec<String>,
    lb: String,
    tgs: Vec<String>,
}

fn setup() -> Setup {
    let mut c = Cloud::new(5);
    let v = call(&mut c, "ec2", "DescribeSubnets", json!({"Filters": [{"Name": "default-for-az", "Values": ["true"]}]}));
    let mut s: Vec<(String, String)> =
        v["Subnets"].as_array().unwrap().iter().map(|s| (s["AvailabilityZone"].as_str().unwrap().into(), s["SubnetId"].as_str().unwrap().into())).collect();
    s.sort();
    let subnets: Vec<String> = s.into_iter().take(2).map(|(_, id)| id).collect();
    let vpc = call(&mut c, "ec2", "DescribeVpcs", json!({}))["Vpcs"][0]["VpcId"].as_str().unwrap().to_string();
    let sg = |c: &mut Cloud, n: &str| call(c, "ec2", "CreateSecurityGroup", json!({"GroupName": n, "Description": n}))["GroupId"].as_str().unwrap().to_string();
    let web_sg = sg(&mut c, "web");
    let lb_sg = sg(&mut c, "lb");
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
    let mut web = vec![];
    for i in 0..3 {
        let r = call(
            &mut c,
            "ec2",
            "RunInstances",
            json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "SubnetId": subnets[i / 2], "SecurityGroupIds": [web_sg]}),
        );
        web.push(r["Instances"][0]["InstanceId"].as_str().unwrap().to_string());
    }
    c.advance(120_000);
    for id in &web {
        call(&mut c, "ec2lab", "Serve", json!({"InstanceId": id, "Port": 8000}));
    }
    let lb = call(&mut c, "elbv2", "CreateLoadBalancer", json!({"Name": "web", "Subnets": subnets, "SecurityGroups": [lb_sg]}))["LoadBalancers"][0]
        ["LoadBalancerArn"]
        .as_str()
        .unwrap()
        .to_string();
    let tgs: Vec<String> = ["a", "b"]
        .iter()
        .map(|n| {
            call(&mut c, "elbv2", "CreateTargetGroup", json!({"Name": n, "Protocol": "HTTP", "Port": 8000, "VpcId": vpc}))["TargetGroups"][0]["TargetGroupArn"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    Setup { c, web, lb, tgs }
}

fn listener(s: &mut Setup, action: Value) {
    call(&mut s.c, "elbv2", "CreateListener", json!({"LoadBalancerArn": s.lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": [action]}));
}

#[derive(Debug, Clone)]
enum Op {
    Register(usize),
    Deregister(usize),
    Stop(usize),
    Start(usize),
    Advance(u64),
    Request(u16),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => (0..3usize).prop_map(Op::Register),
        1 => (0..3usize).prop_map(Op::Deregister),
        1 => (0..3usize).prop_map(Op::Stop),
        1 => (0..3usize).prop_map(Op::Start),
        1 => (1..400u64).prop_map(Op::Advance),
        4 => (1024..65535u16).prop_map(Op::Request),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn weighted_forward_follows_its_weights(wa in 0u32..=999, wb in 0u32..=999) {
        prop_assume!(wa + wb > 0);
        let mut s = setup();
        let (a, b) = (s.tgs[0].clone(), s.tgs[1].clone());
        call(&mut s.c, "elbv2", "RegisterTargets", json!({"TargetGroupArn": a, "Targets": [{"Id": s.web[0]}]}));
        call(&mut s.c, "elbv2", "RegisterTargets", json!({"TargetGroupArn": b, "Targets": [{"Id": s.web[2]}]}));
        listener(&mut s, json!({"Type": "forward", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": a, "Weight": wa}, {"TargetGroupArn": b, "Weight": wb}]}}));
        s.c.advance(300_000);
        let v = call(&mut s.c, "ec2lab", "SendTraffic", json!({"LoadBalancer": "web", "RequestsPerSecond": 100, "Seconds": 20}));
        let got_a = v["ByTargetGroup"][&a].as_u64().unwrap_or(0) as f64 / 2000.0;
        let want = wa as f64 / (wa + wb) as f64;
        prop_assert!((got_a - want).abs() < 0.05, "weights {wa}/{wb}: {got_a} to a, want {want}");
        if wa == 0 { prop_assert_eq!(got_a, 0.0); }
        if wb == 0 { prop_assert_eq!(got_a, 1.0); }
        prop_assert_eq!(v["ByStatus"]["200"].as_u64(), Some(2000));
    }

    #[test]
    fn requests_never_reach_unregistered_draining_or_stopped_targets(ops in prop::collection::vec(op(), 1..30)) {
        let mut s = setup();
        let tg = s.tgs[0].clone();
        listener(&mut s, json!({"Type": "forward", "TargetGroupArn": tg}));
        call(&mut s.c, "elbv2", "ModifyTargetGroupAttributes", json!({"TargetGroupArn": tg, "Attributes": [{"Key": "deregistration_delay.timeout_seconds", "Value": "120"}]}));
        s.c.advance(300_000);
        for op in ops {
            match op {
                Op::Register(i) => { let _ = s.c.call("elbv2", R, "RegisterTargets", json!({"TargetGroupArn": tg, "Targets": [{"Id": s.web[i]}]})); }
                Op::Deregister(i) => { call(&mut s.c, "elbv2", "DeregisterTargets", json!({"TargetGroupArn": tg, "Targets": [{"Id": s.web[i]}]})); }
                Op::Stop(i) => { let _ = s.c.call("ec2", R, "StopInstances", json!({"InstanceIds": [s.web[i]]})); }
                Op::Start(i) => { let _ = s.c.call("ec2", R, "StartInstances", json!({"InstanceIds": [s.web[i]]})); }
                Op::Advance(secs) => { s.c.advance(secs * 1000); }
                Op::Request(port) => {
                    let allowed: Vec<String> = {
                        let reg = &s.c.world.regions[R];
                        reg.elb.target_groups[&tg].targets.values()
                            .filter(|t| !matches!(t.state, HealthState::Draining | HealthState::UnhealthyDraining) && t.draining_until.is_none())
                            .filter(|t| reg.compute.instances[&t.key.id].state == ec2lab::compute::InstanceState::Running)
                            .map(|t| t.key.id.clone()).collect()
                    };
                    let v = call(&mut s.c, "ec2lab", "RouteRequest", json!({"LoadBalancer": "web", "ClientPort": port}));
                    match v["TargetId"].as_str() {
                        Some(t) => prop_assert!(allowed.iter().any(|a| a == t), "{t} is not among {allowed:?}: {v:#}"),
                        None => {
                            prop_assert!(allowed.is_empty(), "no target although {allowed:?}: {v:#}");
                            prop_assert_eq!(v["Status"].as_u64(), Some(503));
                        }
                    }
                    if !allowed.is_empty() { prop_assert_ne!(v["Status"].as_u64(), Some(503)); }
                }
            }
        }
    }
}
