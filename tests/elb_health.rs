//! Health checks that run, over virtual time: every check is a request from a load balancer
//! node to the target's app through the security groups; thresholds move targets between
//! `initial`, `healthy` and `unhealthy`; deregistration drains; stopped instances are unused.
use ec2lab::Cloud;
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn ec2(c: &mut Cloud, op: &str, p: Value) -> Value {
    c.call("ec2", R, op, p).unwrap_or_else(|e| panic!("{op}: {e:?}"))
}

fn elb(c: &mut Cloud, op: &str, p: Value) -> Value {
    c.call("elbv2", R, op, p).unwrap_or_else(|e| panic!("{op}: {e:?}"))
}

fn ec2lab_op(c: &mut Cloud, op: &str, p: Value) -> Value {
    c.call("ec2lab", R, op, p).unwrap_or_else(|e| panic!("{op}: {e:?}"))
}

fn sg(c: &mut Cloud, name: &str) -> String {
    ec2(c, "CreateSecurityGroup", json!({"GroupName": name, "Description": name}))["GroupId"].as_str().unwrap().to_string()
}

fn open(c: &mut Cloud, group: &str, port: i64, source_group: &str) {
    ec2(
        c,
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": group, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "UserIdGroupPairs": [{"GroupId": source_group}]}]}),
    );
}

/// The notes' lab: two web servers on 8000 (AZ a, b), a target group checking them, an
/// internet-facing ALB on 80 forwarding to it. `open` decides whether web-sg lets the LB in.
struct Lab {
    c: Cloud,
    web: Vec<String>,
    web_sg: String,
    lb_sg: String,
    tg: String,
    lb: String,
}

impl Lab {
    fn new(open_port: bool, tg_extra: Value) -> Lab {
        let mut c = Cloud::new(5);
        let v = ec2(&mut c, "DescribeSubnets", json!({"Filters": [{"Name": "default-for-az", "Values": ["true"]}]}));
        let mut subnets: Vec<(String, String, String)> = v["Subnets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["AvailabilityZone"].as_str().unwrap().into(), s["SubnetId"].as_str().unwrap().into(), s["VpcId"].as_str().unwrap().into()))
            .collect();
        subnets.sort();
        subnets.truncate(2);
        let vpc = subnets[0].2.clone();
        let web_sg = sg(&mut c, "web-sg");
        let lb_sg = sg(&mut c, "lb-sg");
        if open_port {
            open(&mut c, &web_sg, 8000, &lb_sg);
        }
        let img = ec2(&mut c, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]}))["Images"][0]["ImageId"].clone();
        let mut web = vec![];
        for (_, s, _) in &subnets {
            let r = ec2(
                &mut c,
                "RunInstances",
                json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "SubnetId": s, "SecurityGroupIds": [web_sg]}),
            );
            web.push(r["Instances"][0]["InstanceId"].as_str().unwrap().to_string());
        }
        c.advance(60_000);
        for i in &web {
            ec2lab_op(&mut c, "Serve", json!({"InstanceId": i, "Port": 8000}));
        }
        let mut p = json!({"Name": "web-tg", "Protocol": "HTTP", "Port": 8000, "VpcId": vpc});
        for (k, v) in tg_extra.as_object().unwrap() {
            p[k] = v.clone();
        }
        let tg = elb(&mut c, "CreateTargetGroup", p)["TargetGroups"][0]["TargetGroupArn"].as_str().unwrap().to_string();
        elb(&mut c, "RegisterTargets", json!({"TargetGroupArn": tg, "Targets": web.iter().map(|i| json!({"Id": i})).collect::<Vec<_>>()}));
        let subnet_ids: Vec<&String> = subnets.iter().map(|(_, s, _)| s).collect();
        let lb = elb(&mut c, "CreateLoadBalancer", json!({"Name": "web-alb", "Subnets": subnet_ids, "SecurityGroups": [lb_sg]}))["LoadBalancers"][0]
            ["LoadBalancerArn"]
            .as_str()
            .unwrap()
            .to_string();
        elb(
            &mut c,
            "CreateListener",
            json!({"LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg}]}),
        );
        Lab { c, web, web_sg, lb_sg, tg, lb }
    }

    /// (state, reason, description) per instance, in `web` order.
    fn health(&mut self) -> Vec<(String, String, String)> {
        let v = elb(&mut self.c, "DescribeTargetHealth", json!({"TargetGroupArn": self.tg}));
        self.web
            .clone()
            .iter()
            .map(|i| {
                let d = v["TargetHealthDescriptions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|d| d["Target"]["Id"] == i.as_str())
                    .unwrap_or_else(|| panic!("{i} missing: {v:#}"));
                let s = |k: &str| d["TargetHealth"][k].as_str().unwrap_or("").to_string();
                (s("State"), s("Reason"), s("Description"))
            })
            .collect()
    }

    fn state(&mut self, i: usize) -> String {
        self.health()[i].0.clone()
    }

    /// Advances to just after the LB is active and the first round that follows.
    fn until_active(&mut self) {
        for _ in 0..40 {
            let v = elb(&mut self.c, "DescribeLoadBalancers", json!({"LoadBalancerArns": [self.lb]}));
            if v["LoadBalancers"][0]["State"]["Code"] == "active" {
                return;
            }
            self.c.advance(15_000);
        }
        panic!("the load balancer never became active");
    }

    /// Advances one health check interval (30 s by default).
    fn round(&mut self) {
        self.c.advance(30_000);
    }
}

#[test]
fn targets_start_initial_then_healthy_after_the_first_pass() {
    let mut lab = Lab::new(true, json!({}));
    let h = lab.health();
    assert_eq!(h[0], ("initial".into(), "Elb.RegistrationInProgress".into(), "Target registration is in progress".into()));
    lab.until_active();
    lab.round();
    let h = lab.health();
    assert_eq!(h[0], ("healthy".into(), String::new(), String::new()), "{h:?}");
    assert_eq!(h[1].0, "healthy");
    // Describe shows the health check port (traffic-port = the target's port).
    let v = elb(&mut lab.c, "DescribeTargetHealth", json!({"TargetGroupArn": lab.tg}));
    assert_eq!(v["TargetHealthDescriptions"][0]["HealthCheckPort"], "8000");
}

#[test]
fn a_failing_server_goes_unhealthy_after_the_threshold_and_back_after_healthy_threshold() {
    let mut lab = Lab::new(true, json!({}));
    lab.until_active();
    lab.round();
    assert_eq!(lab.state(0), "healthy");
    let i = lab.web[0].clone();
    ec2lab_op(&mut lab.c, "Fail", json!({"InstanceId": i, "Mode": "status", "Status": 500}));
    lab.round();
    assert_eq!(lab.state(0), "healthy", "one failure is below UnhealthyThresholdCount 2");
    lab.round();
    let h = lab.health();
    assert_eq!(h[0], ("unhealthy".into(), "Target.ResponseCodeMismatch".into(), "Health checks failed with these codes: [500]".into()));
    assert_eq!(h[1].0, "healthy", "the other server is untouched");
    ec2lab_op(&mut lab.c, "Fail", json!({"InstanceId": i, "Mode": "none"}));
    for n in 1..5 {
        lab.round();
        assert_eq!(lab.state(0), "unhealthy", "after {n} passes (HealthyThresholdCount is 5)");
    }
    lab.round();
    assert_eq!(lab.state(0), "healthy");
}

#[test]
fn thresholds_follow_the_group_settings() {
    let mut lab = Lab::new(true, json!({"HealthCheckIntervalSeconds": 10, "UnhealthyThresholdCount": 3, "HealthyThresholdCount": 2}));
    lab.until_active();
    lab.c.advance(10_000);
    assert_eq!(lab.state(0), "healthy");
    let i = lab.web[0].clone();
    ec2lab_op(&mut lab.c, "Fail", json!({"InstanceId": i, "Mode": "refuse"}));
    lab.c.advance(20_000);
    assert_eq!(lab.state(0), "healthy");
    lab.c.advance(10_000);
    let h = lab.health();
    assert_eq!(h[0], ("unhealthy".into(), "Target.FailedHealthChecks".into(), "Health checks failed".into()));
    ec2lab_op(&mut lab.c, "Fail", json!({"InstanceId": i, "Mode": "none"}));
    lab.c.advance(10_000);
    assert_eq!(lab.state(0), "unhealthy");
    lab.c.advance(10_000);
    assert_eq!(lab.state(0), "healthy");
}

/// Rounds reuse a verdict while nothing it depends on changed (debug builds also run the real
/// check and compare); a security group change or a broken app is seen at the next round.
#[test]
fn cached_verdicts_follow_network_and_app_changes() {
    let mut lab = Lab::new(true, json!({"UnhealthyThresholdCount": 2}));
    lab.until_active();
    for _ in 0..3 {
        lab.round();
    }
    assert_eq!(lab.state(0), "healthy");
    assert_eq!(lab.c.world.externals.check_cache[&lab.tg].len(), 2, "both targets' verdicts are cached");
    let (web_sg, lb_sg) = (lab.web_sg.clone(), lab.lb_sg.clone());
    ec2(
        &mut lab.c,
        "RevokeSecurityGroupIngress",
        json!({"GroupId": web_sg, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 8000, "ToPort": 8000, "UserIdGroupPairs": [{"GroupId": lb_sg}]}]}),
    );
    lab.round();
    lab.round();
    assert_eq!(lab.health()[0], ("unhealthy".into(), "Target.Timeout".into(), "Request timed out".into()));
    open(&mut lab.c, &web_sg, 8000, &lb_sg);
    for _ in 0..5 {
        lab.round();
    }
    assert_eq!(lab.state(1), "healthy");
    let id = lab.web[1].clone();
    ec2lab_op(&mut lab.c, "Fail", json!({"InstanceId": id, "Mode": "status", "Status": 500}));
    lab.round();
    lab.round();
    assert_eq!(lab.health()[1].1, "Target.ResponseCodeMismatch");
}

#[test]
fn a_security_group_that_does_not_open_the_port_times_the_checks_out() {
    let mut lab = Lab::new(false, json!({}));
    lab.until_active();
    lab.round();
    let h = lab.health();
    assert_eq!(h[0], ("initial".into(), "Elb.InitialHealthChecking".into(), "Initial health checks in progress".into()));
    lab.round();
    let h = lab.health();
    assert_eq!(h[0], ("unhealthy".into(), "Target.Timeout".into(), "Request timed out".into()));
    // The check's own record says which rule dropped it.
    let reg = &lab.c.world.regions[R];
    let t = reg.elb.target_groups[&lab.tg].targets.values().next().unwrap();
    let detail = t.history.last().unwrap().detail.clone().unwrap();
    assert!(detail.contains("dropped by the network") && detail.contains(&lab.web_sg), "{detail}");
    // Opening 8000 to the LB's group fixes it: HealthyThresholdCount passes later, healthy.
    let (web_sg, lb_sg) = (lab.web_sg.clone(), lab.lb_sg.clone());
    open(&mut lab.c, &web_sg, 8000, &lb_sg);
    for _ in 0..5 {
        lab.round();
    }
    assert_eq!(lab.state(0), "healthy");
}

#[test]
fn a_slow_app_times_out_and_a_hanging_one_too() {
    let mut lab = Lab::new(true, json!({}));
    lab.until_active();
    lab.round();
    let (a, b) = (lab.web[0].clone(), lab.web[1].clone());
    ec2lab_op(&mut lab.c, "Fail", json!({"InstanceId": a, "Mode": "slow", "DelayMs": 6000}));
    ec2lab_op(&mut lab.c, "Fail", json!({"InstanceId": b, "Mode": "hang"}));
    lab.round();
    lab.round();
    let h = lab.health();
    assert_eq!(h[0].1, "Target.Timeout");
    assert_eq!(h[1].1, "Target.Timeout");
}

#[test]
fn the_matcher_and_the_path_decide() {
    let mut lab = Lab::new(true, json!({"Matcher": {"HttpCode": "200-499"}}));
    let i = lab.web[0].clone();
    ec2lab_op(&mut lab.c, "Serve", json!({"InstanceId": i, "Port": 8000, "Routes": [{"Path": "/health", "Body": "ok"}]}));
    lab.until_active();
    lab.round();
    assert_eq!(lab.state(0), "healthy", "/ answers 404 now, inside 200-499");
    let tg = lab.tg.clone();
    elb(&mut lab.c, "ModifyTargetGroup", json!({"TargetGroupArn": tg, "Matcher": {"HttpCode": "200"}}));
    lab.round();
    lab.round();
    assert_eq!(lab.health()[0], ("unhealthy".into(), "Target.ResponseCodeMismatch".into(), "Health checks failed with these codes: [404]".into()));
    elb(&mut lab.c, "ModifyTargetGroup", json!({"TargetGroupArn": tg, "HealthCheckPath": "/health"}));
    for _ in 0..5 {
        lab.round();
    }
    assert_eq!(lab.state(0), "healthy");
    let e = lab.c.call("elbv2", R, "ModifyTargetGroup", json!({"TargetGroupArn": tg, "HealthCheckProtocol": "TCP"})).unwrap_err();
    assert_eq!(e.code, "ValidationError", "an ALB group cannot check with TCP");
}

#[test]
fn a_tcp_check_passes_when_the_connection_opens() {
    // A Network Load Balancer's TCP check only connects: a hanging app passes, a refusing one fails.
    let mut lab = Lab::new(true, json!({}));
    let vpc = lab.c.world.regions[R].elb.target_groups[&lab.tg].vpc_id.clone().unwrap();
    let tcp = elb(&mut lab.c, "CreateTargetGroup", json!({"Name": "tcp-tg", "Protocol": "TCP", "Port": 8000, "VpcId": vpc}))["TargetGroups"][0].clone();
    assert_eq!((tcp["HealthCheckProtocol"].as_str(), tcp["HealthCheckTimeoutSeconds"].as_i64()), (Some("TCP"), Some(10)));
    let tcp = tcp["TargetGroupArn"].as_str().unwrap().to_string();
    let web = lab.web.clone();
    elb(&mut lab.c, "RegisterTargets", json!({"TargetGroupArn": tcp, "Targets": web.iter().map(|i| json!({"Id": i})).collect::<Vec<_>>()}));
    let subnets: Vec<String> = web.iter().map(|i| lab.c.world.regions[R].compute.instances[i].network.as_ref().unwrap().subnet_id.clone()).collect();
    let lb_sg = lab.lb_sg.clone();
    let nlb = elb(&mut lab.c, "CreateLoadBalancer", json!({"Name": "web-nlb", "Type": "network", "Subnets": subnets, "SecurityGroups": [lb_sg]}))
        ["LoadBalancers"][0]["LoadBalancerArn"]
        .as_str()
        .unwrap()
        .to_string();
    elb(
        &mut lab.c,
        "CreateListener",
        json!({"LoadBalancerArn": nlb, "Protocol": "TCP", "Port": 80, "DefaultActions": [{"Type": "forward", "TargetGroupArn": tcp}]}),
    );
    ec2lab_op(&mut lab.c, "Fail", json!({"InstanceId": web[0], "Mode": "hang"}));
    ec2lab_op(&mut lab.c, "Fail", json!({"InstanceId": web[1], "Mode": "refuse"}));
    lab.c.advance(400_000);
    let v = elb(&mut lab.c, "DescribeTargetHealth", json!({"TargetGroupArn": tcp}));
    let state = |i: &str| {
        let d = v["TargetHealthDescriptions"].as_array().unwrap().iter().find(|d| d["Target"]["Id"] == i).unwrap();
        (d["TargetHealth"]["State"].as_str().unwrap().to_string(), d["TargetHealth"]["Reason"].as_str().unwrap_or("").to_string())
    };
    assert_eq!(state(&web[0]), ("healthy".into(), String::new()), "{v:#}");
    assert_eq!(state(&web[1]), ("unhealthy".into(), "Target.FailedHealthChecks".into()));
}

#[test]
fn stopping_an_instance_makes_it_unused_invalid_state_and_starting_it_starts_over() {
    let mut lab = Lab::new(true, json!({}));
    lab.until_active();
    lab.round();
    let i = lab.web[1].clone();
    ec2(&mut lab.c, "StopInstances", json!({"InstanceIds": [i]}));
    lab.c.advance(120_000);
    let h = lab.health();
    assert_eq!(h[1], ("unused".into(), "Target.InvalidState".into(), "Target is in the stopped state".into()));
    assert_eq!(h[0].0, "healthy");
    ec2(&mut lab.c, "StartInstances", json!({"InstanceIds": [i]}));
    lab.c.advance(60_000);
    ec2lab_op(&mut lab.c, "Serve", json!({"InstanceId": i, "Port": 8000}));
    let s = lab.state(1);
    assert!(s == "initial" || s == "healthy", "{s}");
    lab.round();
    assert_eq!(lab.state(1), "healthy");
}

#[test]
fn deregistering_drains_for_the_delay_then_the_target_is_gone() {
    let mut lab = Lab::new(true, json!({}));
    lab.until_active();
    lab.round();
    let tg = lab.tg.clone();
    elb(
        &mut lab.c,
        "ModifyTargetGroupAttributes",
        json!({"TargetGroupArn": tg, "Attributes": [{"Key": "deregistration_delay.timeout_seconds", "Value": "60"}]}),
    );
    let i = lab.web[0].clone();
    elb(&mut lab.c, "DeregisterTargets", json!({"TargetGroupArn": tg, "Targets": [{"Id": i}]}));
    let h = lab.health();
    assert_eq!(h[0], ("draining".into(), "Target.DeregistrationInProgress".into(), "Target deregistration is in progress".into()));
    lab.c.advance(59_000);
    assert_eq!(lab.state(0), "draining");
    lab.c.advance(1_000);
    let v = elb(&mut lab.c, "DescribeTargetHealth", json!({"TargetGroupArn": tg}));
    let ids: Vec<&str> = v["TargetHealthDescriptions"].as_array().unwrap().iter().map(|d| d["Target"]["Id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![lab.web[1].as_str()]);
    // Asked for explicitly, it is unused / NotRegistered.
    let v = elb(&mut lab.c, "DescribeTargetHealth", json!({"TargetGroupArn": tg, "Targets": [{"Id": i}]}));
    assert_eq!(
        v["TargetHealthDescriptions"][0]["TargetHealth"],
        json!({"State": "unused", "Reason": "Target.NotRegistered", "Description": "Target is not registered to the target group"})
    );
}

#[test]
fn re_registering_a_draining_target_brings_it_back() {
    let mut lab = Lab::new(true, json!({}));
    lab.until_active();
    lab.round();
    let (tg, i) = (lab.tg.clone(), lab.web[0].clone());
    elb(&mut lab.c, "DeregisterTargets", json!({"TargetGroupArn": tg, "Targets": [{"Id": i}]}));
    lab.c.advance(10_000);
    elb(&mut lab.c, "RegisterTargets", json!({"TargetGroupArn": tg, "Targets": [{"Id": i}]}));
    assert_eq!(lab.state(0), "initial");
    lab.c.advance(400_000); // past the old 300 s draining end
    assert_eq!(lab.state(0), "healthy");
}

#[test]
fn a_group_no_listener_uses_is_unused_not_in_use_and_not_checked() {
    let mut lab = Lab::new(true, json!({}));
    lab.until_active();
    lab.round();
    let v = elb(&mut lab.c, "DescribeListeners", json!({"LoadBalancerArn": lab.lb}));
    let listener = v["Listeners"][0]["ListenerArn"].clone();
    elb(&mut lab.c, "DeleteListener", json!({"ListenerArn": listener}));
    let h = lab.health();
    assert_eq!(h[0], ("unused".into(), "Target.NotInUse".into(), "Target group is not configured to receive traffic from the load balancer".into()));
    let checks_before = lab.c.world.regions[R].elb.target_groups[&lab.tg].targets.values().next().unwrap().history.len();
    lab.round();
    lab.round();
    let after = lab.c.world.regions[R].elb.target_groups[&lab.tg].targets.values().next().unwrap();
    assert_eq!(after.history.len(), checks_before, "no checks while nothing forwards to the group");
    assert_eq!(after.state, ec2lab::elb::HealthState::Initial, "it starts over when used again");
}

#[test]
fn health_rounds_are_deterministic() {
    let run = || {
        let mut lab = Lab::new(false, json!({}));
        lab.until_active();
        for _ in 0..3 {
            lab.round();
        }
        format!("{:?}", lab.c.world.regions[R].elb.target_groups)
    };
    assert_eq!(run(), run());
}

#[test]
fn a_target_in_an_az_the_load_balancer_does_not_enable_is_unused() {
    let mut lab = Lab::new(true, json!({}));
    let v = ec2(&mut lab.c, "DescribeSubnets", json!({"Filters": [{"Name": "default-for-az", "Values": ["true"]}]}));
    let mut subnets: Vec<(String, String)> =
        v["Subnets"].as_array().unwrap().iter().map(|s| (s["AvailabilityZone"].as_str().unwrap().into(), s["SubnetId"].as_str().unwrap().into())).collect();
    subnets.sort();
    let third = subnets[2].1.clone();
    let img = ec2(&mut lab.c, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]}))["Images"][0]["ImageId"].clone();
    let web_sg = lab.web_sg.clone();
    let r = ec2(
        &mut lab.c,
        "RunInstances",
        json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "SubnetId": third, "SecurityGroupIds": [web_sg]}),
    );
    let k = r["Instances"][0]["InstanceId"].as_str().unwrap().to_string();
    lab.c.advance(60_000);
    ec2lab_op(&mut lab.c, "Serve", json!({"InstanceId": k, "Port": 8000}));
    let tg = lab.tg.clone();
    elb(&mut lab.c, "RegisterTargets", json!({"TargetGroupArn": tg, "Targets": [{"Id": k}]}));
    lab.web.push(k);
    lab.until_active();
    lab.round();
    let h = lab.health();
    assert_eq!(h[2], ("unused".into(), "Target.NotInUse".into(), "Target is in an Availability Zone that is not enabled for the load balancer".into()));
    assert_eq!(h[0].0, "healthy");
}

#[test]
fn the_health_check_port_must_be_open_too() {
    let mut lab = Lab::new(true, json!({"HealthCheckPort": "8080"}));
    lab.until_active();
    lab.round();
    lab.round();
    assert_eq!(lab.health()[0].1, "Target.Timeout", "web-sg opens 8000 only");
    let (web_sg, lb_sg) = (lab.web_sg.clone(), lab.lb_sg.clone());
    open(&mut lab.c, &web_sg, 8080, &lb_sg);
    lab.round();
    assert_eq!(lab.health()[0].1, "Target.FailedHealthChecks", "the port is open now, but nothing listens on 8080");
    let v = elb(&mut lab.c, "DescribeTargetHealth", json!({"TargetGroupArn": lab.tg}));
    assert_eq!(v["TargetHealthDescriptions"][0]["HealthCheckPort"], "8080");
    for i in lab.web.clone() {
        ec2lab_op(&mut lab.c, "Serve", json!({"InstanceId": i, "Port": 8080}));
    }
    for _ in 0..5 {
        lab.round();
    }
    assert_eq!(lab.state(0), "healthy");
}

#[test]
fn a_shorter_interval_applies_at_once() {
    let mut lab = Lab::new(true, json!({"HealthCheckIntervalSeconds": 300, "HealthCheckTimeoutSeconds": 5}));
    lab.until_active();
    let tg = lab.tg.clone();
    elb(&mut lab.c, "ModifyTargetGroup", json!({"TargetGroupArn": tg, "HealthCheckIntervalSeconds": 10}));
    lab.c.advance(10_000);
    assert_eq!(lab.state(0), "healthy", "checked within the new 10 s interval, not 300 s later");
}

mod props {
    use super::*;
    use proptest::prelude::*;

    /// The thresholds of aws-facts §14.3 as a reference: (state, passes, failures) after a check.
    fn reference(start: &'static str, outcomes: &[bool], healthy_threshold: u32, unhealthy_threshold: u32) -> Vec<&'static str> {
        let (mut state, mut passes, mut failures) = (start, 0, 0);
        let mut out = vec![];
        for &ok in outcomes {
            if ok {
                passes += 1;
                failures = 0;
                if state == "initial" || state == "unhealthy" && passes >= healthy_threshold {
                    state = "healthy";
                }
            } else {
                failures += 1;
                passes = 0;
                if state != "unhealthy" && failures >= unhealthy_threshold {
                    state = "unhealthy";
                }
            }
            out.push(state);
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
        /// Whatever the server does round after round (answer, 500, refuse, hang), the state
        /// Describe shows follows the thresholds exactly.
        #[test]
        fn states_follow_the_thresholds(modes in prop::collection::vec(0u8..4, 1..14), healthy in 2u32..5, unhealthy in 2u32..5) {
            let mut lab = Lab::new(true, json!({"HealthCheckIntervalSeconds": 10, "HealthyThresholdCount": healthy, "UnhealthyThresholdCount": unhealthy}));
            lab.until_active();
            // Align with the rounds: the next one is at most 10 s away.
            let next = lab.c.world.regions[R].elb.target_groups[&lab.tg].next_check_at.unwrap();
            let now = lab.c.now();
            lab.c.advance(next - now - 1);
            let i = lab.web[0].clone();
            let outcomes: Vec<bool> = modes.iter().map(|m| *m == 0).collect();
            let start = match lab.state(0).as_str() {
                "healthy" => "healthy",
                _ => "initial",
            };
            let want = reference(start, &outcomes, healthy, unhealthy);
            for (n, m) in modes.iter().enumerate() {
                let fail = match m {
                    0 => json!({"InstanceId": i, "Mode": "none"}),
                    1 => json!({"InstanceId": i, "Mode": "status", "Status": 500}),
                    2 => json!({"InstanceId": i, "Mode": "refuse"}),
                    _ => json!({"InstanceId": i, "Mode": "hang"}),
                };
                ec2lab_op(&mut lab.c, "Fail", fail);
                lab.c.advance(10_000);
                prop_assert_eq!(lab.state(0), want[n], "after checks {:?}", &modes[..=n]);
            }
        }
    }
}

#[test]
fn a_recording_with_health_rounds_replays_to_the_same_world() {
    let mut lab = Lab::new(false, json!({}));
    lab.until_active();
    for _ in 0..3 {
        lab.round();
    }
    let (web_sg, lb_sg) = (lab.web_sg.clone(), lab.lb_sg.clone());
    open(&mut lab.c, &web_sg, 8000, &lb_sg);
    lab.round();
    let rec = lab.c.recording(R);
    let replayed = ec2lab::record::replay(&rec).expect("replays");
    assert_eq!(ec2lab::record::world_digest(&replayed.world), ec2lab::record::world_digest(&lab.c.world));
    assert_eq!(format!("{:?}", replayed.world.regions[R].elb.target_groups), format!("{:?}", lab.c.world.regions[R].elb.target_groups));
}

#[test]
fn the_health_checks_op_says_which_rule_timed_the_checks_out() {
    let mut lab = Lab::new(false, json!({}));
    lab.until_active();
    lab.round();
    lab.round();
    let tg = lab.tg.clone();
    let i = lab.web[0].clone();
    let v = ec2lab_op(&mut lab.c, "HealthChecks", json!({"TargetGroupArn": tg, "Targets": [{"Id": i}]}));
    assert_eq!(v["Targets"].as_array().unwrap().len(), 1);
    let t = &v["Targets"][0];
    assert_eq!((t["State"].as_str(), t["Reason"].as_str(), t["Failures"].as_i64()), (Some("unhealthy"), Some("Target.Timeout"), Some(2)));
    let last = t["Checks"].as_array().unwrap().last().unwrap();
    assert_eq!(last["Passed"], false);
    assert!(last["Detail"].as_str().unwrap().contains(&lab.web_sg), "{last}");
    assert_eq!(v["IntervalSeconds"], 30);
    assert!(v["NextCheckTime"].is_string());
    insta::assert_json_snapshot!("health_checks_timed_out", v);
    let e = lab.c.call("ec2lab", R, "HealthChecks", json!({"TargetGroupArn": format!("{tg}x")})).unwrap_err();
    assert_eq!(e.code, "TargetGroupNotFound");
}

#[test]
fn a_network_acl_without_the_ephemeral_ports_times_the_checks_out() {
    // A third server in a subnet of its own (AZ a, beside the load balancer's node subnet), whose
    // network ACL lets 8000 in but only port 80 out: the replies to the node's ephemeral port
    // are dropped (aws-facts §14.3: the NACLs must allow 1024-65535 back).
    let mut lab = Lab::new(true, json!({}));
    let az = lab.c.world.regions[R].compute.instances[&lab.web[0]].az.clone();
    let vpc = lab.c.world.regions[R].elb.target_groups[&lab.tg].vpc_id.clone().unwrap();
    let subnet = ec2(&mut lab.c, "CreateSubnet", json!({"VpcId": vpc, "CidrBlock": "172.31.200.0/24", "AvailabilityZone": az}))["Subnet"]["SubnetId"]
        .as_str()
        .unwrap()
        .to_string();
    let acl = ec2(&mut lab.c, "CreateNetworkAcl", json!({"VpcId": vpc}))["NetworkAcl"]["NetworkAclId"].as_str().unwrap().to_string();
    let entry = |n: i64, egress: bool, from: i64, to: i64| json!({"NetworkAclId": acl, "RuleNumber": n, "Protocol": "6", "RuleAction": "allow", "Egress": egress, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": from, "To": to}});
    ec2(&mut lab.c, "CreateNetworkAclEntry", entry(100, false, 8000, 8000));
    ec2(&mut lab.c, "CreateNetworkAclEntry", entry(100, true, 80, 80));
    let assoc = ec2(&mut lab.c, "DescribeNetworkAcls", json!({"Filters": [{"Name": "association.subnet-id", "Values": [subnet]}]}))["NetworkAcls"][0]
        ["Associations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["SubnetId"] == subnet.as_str())
        .unwrap()["NetworkAclAssociationId"]
        .clone();
    ec2(&mut lab.c, "ReplaceNetworkAclAssociation", json!({"AssociationId": assoc, "NetworkAclId": acl}));
    let img = ec2(&mut lab.c, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]}))["Images"][0]["ImageId"].clone();
    let web_sg = lab.web_sg.clone();
    let r = ec2(
        &mut lab.c,
        "RunInstances",
        json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "SubnetId": subnet, "SecurityGroupIds": [web_sg]}),
    );
    let k = r["Instances"][0]["InstanceId"].as_str().unwrap().to_string();
    lab.c.advance(60_000);
    ec2lab_op(&mut lab.c, "Serve", json!({"InstanceId": k, "Port": 8000}));
    let tg = lab.tg.clone();
    elb(&mut lab.c, "RegisterTargets", json!({"TargetGroupArn": tg, "Targets": [{"Id": k}]}));
    lab.web.push(k);
    lab.until_active();
    lab.round();
    lab.round();
    let h = lab.health();
    assert_eq!(h[2], ("unhealthy".into(), "Target.Timeout".into(), "Request timed out".into()));
    let v = ec2lab_op(&mut lab.c, "HealthChecks", json!({"TargetGroupArn": tg, "Targets": [{"Id": lab.web[2]}]}));
    let detail = v["Targets"][0]["Checks"][1]["Detail"].as_str().unwrap().to_string();
    assert!(detail.contains(&acl), "{detail}");
    ec2(&mut lab.c, "CreateNetworkAclEntry", entry(110, true, 1024, 65535));
    for _ in 0..5 {
        lab.round();
    }
    assert_eq!(lab.state(2), "healthy");
}
