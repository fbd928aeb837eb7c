//! Target groups and targets through the door: CreateTargetGroup's per-protocol defaults and
//! ranges, Describe/Modify/Delete, attributes, RegisterTargets/DeregisterTargets refusals, and
//! DescribeTargetHealth's states without a load balancer. Every refusal leaves the world as it was.
use ec2lab::{ApiError, Cloud};
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn ec2(c: &mut Cloud, op: &str, p: Value) -> Value {
    c.call("ec2", R, op, p).unwrap_or_else(|e| panic!("{op}: {e:?}"))
}

fn elb(c: &mut Cloud, op: &str, p: Value) -> Value {
    c.call("elbv2", R, op, p).unwrap_or_else(|e| panic!("{op}: {e:?}"))
}

/// A refused call: its code, with the message containing `msg`, hints in both languages, and
/// the world unchanged.
fn refused(c: &mut Cloud, op: &str, p: Value, code: &str, msg: &str) -> ApiError {
    let before = format!("{:?}", c.world);
    let e = c.call("elbv2", R, op, p.clone()).expect_err(&format!("{op} {p} should be refused"));
    assert_eq!(e.code, code, "{op} {p}: {e:?}");
    assert!(e.message.contains(msg), "{op}: message {:?} lacks {msg:?}", e.message);
    assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{op}: hints missing: {e:?}");
    assert_eq!(format!("{:?}", c.world), before, "{op} changed the world although refused");
    e
}

fn default_vpc(c: &mut Cloud) -> String {
    ec2(c, "DescribeVpcs", json!({"Filters": [{"Name": "is-default", "Values": ["true"]}]}))["Vpcs"][0]["VpcId"].as_str().unwrap().to_string()
}

fn tg(c: &mut Cloud, name: &str, extra: Value) -> Value {
    let vpc = default_vpc(c);
    let mut p = json!({"Name": name, "Protocol": "HTTP", "Port": 8000, "VpcId": vpc});
    for (k, v) in extra.as_object().unwrap() {
        p[k] = v.clone();
    }
    elb(c, "CreateTargetGroup", p)["TargetGroups"][0].clone()
}

fn arn(v: &Value) -> String {
    v["TargetGroupArn"].as_str().unwrap().to_string()
}

fn launch(c: &mut Cloud, subnet: Option<&str>) -> String {
    let img = ec2(c, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]}))["Images"][0]["ImageId"].clone();
    let mut p = json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1});
    if let Some(s) = subnet {
        p["SubnetId"] = json!(s);
    }
    let id = ec2(c, "RunInstances", p)["Instances"][0]["InstanceId"].as_str().unwrap().to_string();
    c.advance(60_000);
    id
}

#[test]
fn http_group_defaults_match_aws() {
    let mut c = Cloud::new(1);
    let g = tg(&mut c, "web-tg", json!({}));
    assert!(g["TargetGroupArn"].as_str().unwrap().starts_with("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/"));
    assert_eq!(g["TargetGroupArn"].as_str().unwrap().rsplit('/').next().unwrap().len(), 16);
    insta::assert_json_snapshot!("http_target_group", g);
}

#[test]
fn defaults_per_protocol() {
    let mut c = Cloud::new(1);
    let vpc = default_vpc(&mut c);
    let tcp = tg(&mut c, "tcp", json!({"Protocol": "TCP", "Port": 80}));
    assert_eq!(
        (
            tcp["HealthCheckProtocol"].as_str(),
            tcp["HealthCheckTimeoutSeconds"].as_i64(),
            tcp["HealthCheckIntervalSeconds"].as_i64(),
            tcp.get("Matcher"),
            tcp.get("HealthCheckPath")
        ),
        (Some("TCP"), Some(10), Some(30), None, None)
    );
    assert!(tcp.get("ProtocolVersion").is_none());
    let nlb_http = tg(&mut c, "nlb-http", json!({"Protocol": "TCP", "Port": 80, "HealthCheckProtocol": "HTTP"}));
    assert_eq!(
        (nlb_http["HealthCheckTimeoutSeconds"].as_i64(), nlb_http["Matcher"]["HttpCode"].as_str(), nlb_http["HealthCheckPath"].as_str()),
        (Some(6), Some("200-399"), Some("/"))
    );
    let gwlb = tg(&mut c, "geneve", json!({"Protocol": "GENEVE", "Port": 6081}));
    assert_eq!(
        (gwlb["HealthCheckPort"].as_str(), gwlb["HealthCheckIntervalSeconds"].as_i64(), gwlb["HealthCheckTimeoutSeconds"].as_i64()),
        (Some("80"), Some(10), Some(5))
    );
    let lambda = elb(&mut c, "CreateTargetGroup", json!({"Name": "fn", "TargetType": "lambda"}))["TargetGroups"][0].clone();
    assert_eq!(
        (lambda["HealthCheckEnabled"].as_bool(), lambda["HealthCheckIntervalSeconds"].as_i64(), lambda["UnhealthyThresholdCount"].as_i64()),
        (Some(false), Some(35), Some(5))
    );
    assert!(lambda.get("VpcId").is_none() && lambda.get("Port").is_none());
    let grpc = tg(&mut c, "grpc", json!({"ProtocolVersion": "GRPC"}));
    assert_eq!((grpc["Matcher"]["GrpcCode"].as_str(), grpc["HealthCheckPath"].as_str()), (Some("12"), Some("/AWS.ALB/healthcheck")));
    let _ = vpc;
}

#[test]
fn create_is_idempotent_for_the_same_settings_only() {
    let mut c = Cloud::new(1);
    let a = tg(&mut c, "web", json!({}));
    let b = tg(&mut c, "web", json!({}));
    assert_eq!(arn(&a), arn(&b));
    let vpc = default_vpc(&mut c);
    refused(
        &mut c,
        "CreateTargetGroup",
        json!({"Name": "web", "Protocol": "HTTP", "Port": 8080, "VpcId": vpc}),
        "DuplicateTargetGroupName",
        "exists, but with different settings",
    );
}

#[test]
fn create_refusals() {
    let mut c = Cloud::new(1);
    let vpc = default_vpc(&mut c);
    let base = |extra: Value| {
        let mut p = json!({"Name": "t", "Protocol": "HTTP", "Port": 80, "VpcId": vpc});
        for (k, v) in extra.as_object().unwrap() {
            if v.is_null() {
                p.as_object_mut().unwrap().remove(k);
            } else {
                p[k] = v.clone();
            }
        }
        p
    };
    let cases: Vec<(Value, &str, &str)> = vec![
        (base(json!({"Name": "-bad"})), "ValidationError", "cannot begin or end with '-'"),
        (base(json!({"Name": "a_b"})), "ValidationError", "alphanumeric characters or hyphens"),
        (base(json!({"Name": "x".repeat(33)})), "ValidationError", "cannot be longer than '32' characters"),
        (base(json!({"Protocol": null})), "ValidationError", "A protocol must be specified"),
        (base(json!({"Port": null})), "ValidationError", "A port must be specified"),
        (base(json!({"VpcId": null})), "ValidationError", "A VPC ID must be specified"),
        (base(json!({"VpcId": "vpc-0123456789abcdef0"})), "ValidationError", "The VPC ID 'vpc-0123456789abcdef0' is not found"),
        (base(json!({"Protocol": "http"})), "ValidationError", "Member must satisfy enum value set"),
        (base(json!({"Port": 0})), "ValidationError", "Member must have value greater than or equal to 1"),
        (base(json!({"HealthCheckIntervalSeconds": 4})), "ValidationError", "Value '4' at 'healthCheckIntervalSeconds'"),
        (base(json!({"HealthCheckIntervalSeconds": 301})), "ValidationError", "less than or equal to 300"),
        (base(json!({"HealthCheckTimeoutSeconds": 1})), "ValidationError", "healthCheckTimeoutSeconds"),
        (base(json!({"HealthyThresholdCount": 11})), "ValidationError", "healthyThresholdCount"),
        (base(json!({"UnhealthyThresholdCount": 1})), "ValidationError", "unhealthyThresholdCount"),
        (base(json!({"HealthCheckIntervalSeconds": 10, "HealthCheckTimeoutSeconds": 10})), "ValidationError", "must be smaller than the interval"),
        (
            base(json!({"HealthCheckProtocol": "TCP"})),
            "ValidationError",
            "Health check protocol 'TCP' is not supported for target groups with the HTTP protocol",
        ),
        (base(json!({"HealthCheckProtocol": "UDP"})), "ValidationError", "Health check protocol 'UDP' is not supported"),
        (base(json!({"HealthCheckPath": "health"})), "ValidationError", "must begin with a '/'"),
        (base(json!({"Matcher": {"HttpCode": "600"}})), "ValidationError", "must be within '200-499'"),
        (base(json!({"Matcher": {"HttpCode": "ok"}})), "ValidationError", "Health check matcher HTTP code 'ok'"),
        (base(json!({"HealthCheckPort": "70000"})), "ValidationError", "Health check port '70000'"),
        (base(json!({"HealthCheckEnabled": false})), "ValidationError", "Health check enabled must be true"),
        (base(json!({"ProtocolVersion": "HTTP3"})), "ValidationError", "Protocol version 'HTTP3' is not supported"),
        (base(json!({"Protocol": "TCP", "ProtocolVersion": "HTTP2"})), "ValidationError", "A protocol version can only be specified"),
        (
            base(json!({"Protocol": "TCP", "HealthCheckPath": "/x"})),
            "ValidationError",
            "Health check path is not supported for health checks with the TCP protocol",
        ),
        (base(json!({"Protocol": "TCP", "Matcher": {"HttpCode": "200"}})), "ValidationError", "Health check matcher is not supported"),
        (base(json!({"Protocol": "GENEVE", "Port": 80})), "ValidationError", "6081"),
        (base(json!({"TargetType": "alb"})), "ValidationError", "must use the TCP protocol"),
        (base(json!({"TargetType": "pod"})), "ValidationError", "targetType"),
        (base(json!({"IpAddressType": "dualstack"})), "ValidationError", "ipAddressType"),
        (json!({"Name": "fn", "TargetType": "lambda", "Port": 80}), "ValidationError", "Port cannot be specified for target groups with target type 'lambda'"),
    ];
    for (p, code, msg) in cases {
        refused(&mut c, "CreateTargetGroup", p, code, msg);
    }
    // Parameter shapes are checked before anything else.
    let e = c.call("elbv2", R, "CreateTargetGroup", json!({"Name": "t", "Bogus": 1})).unwrap_err();
    assert_eq!(e.code, "ParamValidation");
}

#[test]
fn describe_by_names_arns_load_balancer_and_pages() {
    let mut c = Cloud::new(1);
    let names = ["c-tg", "a-tg", "b-tg"];
    let arns: Vec<String> = names.iter().map(|n| arn(&tg(&mut c, n, json!({})))).collect();
    let all = elb(&mut c, "DescribeTargetGroups", json!({}));
    let got: Vec<&str> = all["TargetGroups"].as_array().unwrap().iter().map(|g| g["TargetGroupName"].as_str().unwrap()).collect();
    assert_eq!(got, vec!["a-tg", "b-tg", "c-tg"]);
    assert_eq!(all["TargetGroups"][0]["LoadBalancerArns"], json!([]));
    let by_name = elb(&mut c, "DescribeTargetGroups", json!({"Names": ["b-tg"]}));
    assert_eq!(by_name["TargetGroups"][0]["TargetGroupArn"], json!(arns[2]));
    let by_arn = elb(&mut c, "DescribeTargetGroups", json!({"TargetGroupArns": [arns[0]]}));
    assert_eq!(by_arn["TargetGroups"][0]["TargetGroupName"], "c-tg");
    let p1 = elb(&mut c, "DescribeTargetGroups", json!({"PageSize": 2}));
    assert_eq!(p1["TargetGroups"].as_array().unwrap().len(), 2);
    let marker = p1["NextMarker"].as_str().unwrap().to_string();
    let p2 = elb(&mut c, "DescribeTargetGroups", json!({"PageSize": 2, "Marker": marker}));
    assert_eq!(p2["TargetGroups"][0]["TargetGroupName"], "c-tg");
    assert!(p2.get("NextMarker").is_none());
    refused(&mut c, "DescribeTargetGroups", json!({"Names": ["nope"]}), "TargetGroupNotFound", "One or more target groups not found");
    let missing = format!("{}0", &arns[0][..arns[0].len() - 1]);
    refused(&mut c, "DescribeTargetGroups", json!({"TargetGroupArns": [missing]}), "TargetGroupNotFound", "not found");
    refused(
        &mut c,
        "DescribeTargetGroups",
        json!({"LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/0123456789abcdef"}),
        "LoadBalancerNotFound",
        "One or more load balancers not found",
    );
    refused(
        &mut c,
        "DescribeTargetGroups",
        json!({"Names": ["a-tg"], "TargetGroupArns": [arns[0]]}),
        "ValidationError",
        "cannot be specified at the same time",
    );
    refused(&mut c, "DescribeTargetGroups", json!({"PageSize": 401}), "ValidationError", "pageSize");
}

#[test]
fn modify_changes_health_settings_only_when_valid() {
    let mut c = Cloud::new(1);
    let a = arn(&tg(&mut c, "web", json!({})));
    let v = elb(
        &mut c,
        "ModifyTargetGroup",
        json!({"TargetGroupArn": a, "HealthCheckPath": "/health", "HealthCheckIntervalSeconds": 10, "HealthyThresholdCount": 2, "Matcher": {"HttpCode": "200,302"}}),
    );
    let g = &v["TargetGroups"][0];
    assert_eq!(
        (g["HealthCheckPath"].as_str(), g["HealthCheckIntervalSeconds"].as_i64(), g["HealthyThresholdCount"].as_i64(), g["Matcher"]["HttpCode"].as_str()),
        (Some("/health"), Some(10), Some(2), Some("200,302"))
    );
    // The timeout (5) must stay below the new interval.
    refused(
        &mut c,
        "ModifyTargetGroup",
        json!({"TargetGroupArn": a, "HealthCheckIntervalSeconds": 5}),
        "ValidationError",
        "Health check timeout '5' must be smaller than the interval '5'",
    );
    refused(&mut c, "ModifyTargetGroup", json!({"TargetGroupArn": format!("{a}x")}), "TargetGroupNotFound", "not found");
}

#[test]
fn attributes_defaults_and_rules() {
    let mut c = Cloud::new(1);
    let a = arn(&tg(&mut c, "web", json!({})));
    let d = elb(&mut c, "DescribeTargetGroupAttributes", json!({"TargetGroupArn": a}));
    insta::assert_json_snapshot!("http_target_group_attributes", d);
    let set = |c: &mut Cloud, k: &str, v: &str| {
        c.call("elbv2", R, "ModifyTargetGroupAttributes", json!({"TargetGroupArn": a, "Attributes": [{"Key": k, "Value": v}]}))
    };
    let v = set(&mut c, "deregistration_delay.timeout_seconds", "30").unwrap();
    assert!(v["Attributes"].as_array().unwrap().iter().any(|x| x == &json!({"Key": "deregistration_delay.timeout_seconds", "Value": "30"})));
    assert_eq!(v["Attributes"].as_array().unwrap().len(), d["Attributes"].as_array().unwrap().len(), "the response lists every attribute");
    let attr = |k: &str, v: &str| json!({"TargetGroupArn": a, "Attributes": [{"Key": k, "Value": v}]});
    let m = "ModifyTargetGroupAttributes";
    refused(&mut c, m, attr("deregistration_delay.timeout_seconds", "3601"), "ValidationError", "must be between '0-3600' inclusive");
    refused(&mut c, m, attr("slow_start.duration_seconds", "10"), "ValidationError", "'30-900'");
    refused(&mut c, m, attr("stickiness.lb_cookie.duration_seconds", "0"), "ValidationError", "'1-604800'");
    refused(&mut c, m, attr("load_balancing.algorithm.type", "random"), "ValidationError", "round_robin, least_outstanding_requests, weighted_random");
    refused(
        &mut c,
        m,
        attr("stickiness.type", "source_ip"),
        "InvalidConfigurationRequest",
        "Stickiness type 'source_ip' is not supported for target groups with the HTTP protocol",
    );
    refused(&mut c, m, attr("stickiness.app_cookie.cookie_name", "AWSALBfoo"), "ValidationError", "cannot start with 'AWSALB'");
    refused(&mut c, m, attr("stickiness.app_cookie.cookie_name", "a b"), "ValidationError", "is not valid");
    refused(&mut c, m, attr("stickiness.enabled", "yes"), "ValidationError", "[true, false]");
    refused(
        &mut c,
        m,
        attr("proxy_protocol_v2.enabled", "true"),
        "ValidationError",
        "Target group attribute key 'proxy_protocol_v2.enabled' is not recognized",
    );
    refused(&mut c, m, attr("load_balancing.algorithm.anomaly_mitigation", "on"), "InvalidConfigurationRequest", "weighted random");
    // app_cookie stickiness needs a cookie name.
    refused(
        &mut c,
        m,
        json!({"TargetGroupArn": a, "Attributes": [{"Key": "stickiness.enabled", "Value": "true"}, {"Key": "stickiness.type", "Value": "app_cookie"}]}),
        "InvalidConfigurationRequest",
        "You must set an application cookie name",
    );
    let ok = json!({"TargetGroupArn": a, "Attributes": [{"Key": "stickiness.enabled", "Value": "true"}, {"Key": "stickiness.type", "Value": "app_cookie"}, {"Key": "stickiness.app_cookie.cookie_name", "Value": "SESSIONID"}]});
    elb(&mut c, m, ok);
    // Slow start and least outstanding requests exclude each other, in either order.
    set(&mut c, "slow_start.duration_seconds", "60").unwrap();
    refused(&mut c, m, attr("load_balancing.algorithm.type", "least_outstanding_requests"), "InvalidConfigurationRequest", "Slow start mode");
    set(&mut c, "slow_start.duration_seconds", "0").unwrap();
    set(&mut c, "load_balancing.algorithm.type", "least_outstanding_requests").unwrap();
    refused(&mut c, m, attr("slow_start.duration_seconds", "30"), "InvalidConfigurationRequest", "least outstanding requests");
    // An NLB group has its own keys.
    let t = arn(&tg(&mut c, "tcp", json!({"Protocol": "TCP", "Port": 80})));
    let v = elb(&mut c, "DescribeTargetGroupAttributes", json!({"TargetGroupArn": t}));
    let keys: Vec<&str> = v["Attributes"].as_array().unwrap().iter().map(|x| x["Key"].as_str().unwrap()).collect();
    assert!(keys.contains(&"proxy_protocol_v2.enabled") && keys.contains(&"preserve_client_ip.enabled") && !keys.contains(&"slow_start.duration_seconds"));
    refused(
        &mut c,
        m,
        json!({"TargetGroupArn": t, "Attributes": [{"Key": "stickiness.type", "Value": "lb_cookie"}]}),
        "InvalidConfigurationRequest",
        "TCP protocol",
    );
}

#[test]
fn register_refusals() {
    let mut c = Cloud::new(1);
    let a = arn(&tg(&mut c, "web", json!({})));
    let i = launch(&mut c, None);
    let r = "RegisterTargets";
    refused(&mut c, r, json!({"TargetGroupArn": a, "Targets": [{"Id": "i-0123456789abcdef0"}]}), "InvalidTarget", "does not exist or is not in the same VPC");
    refused(&mut c, r, json!({"TargetGroupArn": a, "Targets": [{"Id": i, "Port": 70000}]}), "ValidationError", "port");
    refused(&mut c, r, json!({"TargetGroupArn": a, "Targets": [{"Id": i, "AvailabilityZone": "us-east-1a"}]}), "ValidationError", "Availability Zone");
    refused(&mut c, r, json!({"TargetGroupArn": a, "Targets": []}), "ValidationError", "length greater than or equal to 1");
    refused(&mut c, r, json!({"TargetGroupArn": format!("{a}x"), "Targets": [{"Id": i}]}), "TargetGroupNotFound", "not found");
    // One bad target refuses the whole call: the good one is not registered either.
    refused(&mut c, r, json!({"TargetGroupArn": a, "Targets": [{"Id": i}, {"Id": "i-0123456789abcdef0"}]}), "InvalidTarget", "does not exist");
    ec2(&mut c, "StopInstances", json!({"InstanceIds": [i]}));
    c.advance(120_000);
    refused(
        &mut c,
        r,
        json!({"TargetGroupArn": a, "Targets": [{"Id": i}]}),
        "InvalidTarget",
        &format!("The following targets are not in a running state and cannot be registered: '{i}'"),
    );
    // An instance of another VPC.
    let vpc = ec2(&mut c, "CreateVpc", json!({"CidrBlock": "10.9.0.0/16"}))["Vpc"]["VpcId"].as_str().unwrap().to_string();
    let other = elb(&mut c, "CreateTargetGroup", json!({"Name": "other", "Protocol": "HTTP", "Port": 80, "VpcId": vpc}))["TargetGroups"][0].clone();
    let j = launch(&mut c, None);
    refused(&mut c, r, json!({"TargetGroupArn": arn(&other), "Targets": [{"Id": j}]}), "InvalidTarget", "not in the same VPC");
}

#[test]
fn register_ports_and_ip_targets() {
    let mut c = Cloud::new(1);
    let a = arn(&tg(&mut c, "web", json!({})));
    let i = launch(&mut c, None);
    elb(&mut c, "RegisterTargets", json!({"TargetGroupArn": a, "Targets": [{"Id": i}, {"Id": i, "Port": 8001}]}));
    elb(&mut c, "RegisterTargets", json!({"TargetGroupArn": a, "Targets": [{"Id": i}]})); // again: no change
    let v = elb(&mut c, "DescribeTargetHealth", json!({"TargetGroupArn": a}));
    let ports: Vec<i64> = v["TargetHealthDescriptions"].as_array().unwrap().iter().map(|d| d["Target"]["Port"].as_i64().unwrap()).collect();
    assert_eq!(ports, vec![8000, 8001]);
    assert_eq!(v["TargetHealthDescriptions"][1]["HealthCheckPort"], "8001");
    // Not used by any load balancer: unused / Target.NotInUse.
    insta::assert_json_snapshot!("target_health_not_in_use", v["TargetHealthDescriptions"][0]);

    let ip = arn(&tg(&mut c, "ips", json!({"TargetType": "ip"})));
    let vpc_cidr =
        ec2(&mut c, "DescribeVpcs", json!({"Filters": [{"Name": "is-default", "Values": ["true"]}]}))["Vpcs"][0]["CidrBlock"].as_str().unwrap().to_string();
    assert_eq!(vpc_cidr, "172.31.0.0/16");
    elb(&mut c, "RegisterTargets", json!({"TargetGroupArn": ip, "Targets": [{"Id": "172.31.0.10"}, {"Id": "10.1.2.3", "AvailabilityZone": "all"}]}));
    let r = "RegisterTargets";
    refused(
        &mut c,
        r,
        json!({"TargetGroupArn": ip, "Targets": [{"Id": "8.8.8.8", "AvailabilityZone": "all"}]}),
        "InvalidTarget",
        "is not within the VPC CIDR or a private address range",
    );
    refused(&mut c, r, json!({"TargetGroupArn": ip, "Targets": [{"Id": "10.1.2.4"}]}), "ValidationError", "An Availability Zone must be specified");
    refused(
        &mut c,
        r,
        json!({"TargetGroupArn": ip, "Targets": [{"Id": "10.1.2.4", "AvailabilityZone": "eu-west-1a"}]}),
        "ValidationError",
        "The Availability Zone 'eu-west-1a' is not valid",
    );
    refused(&mut c, r, json!({"TargetGroupArn": ip, "Targets": [{"Id": i}]}), "InvalidTarget", "not a valid IPv4 address");
    let v = elb(&mut c, "DescribeTargetHealth", json!({"TargetGroupArn": ip}));
    let targets: Vec<Value> = v["TargetHealthDescriptions"].as_array().unwrap().iter().map(|d| d["Target"].clone()).collect();
    assert_eq!(
        targets,
        vec![json!({"Id": "10.1.2.3", "Port": 8000, "AvailabilityZone": "all"}), json!({"Id": "172.31.0.10", "Port": 8000, "AvailabilityZone": "us-east-1a"})]
    );
}

#[test]
fn describe_target_health_states_without_traffic() {
    let mut c = Cloud::new(1);
    let a = arn(&tg(&mut c, "web", json!({})));
    let i = launch(&mut c, None);
    let j = launch(&mut c, None);
    elb(&mut c, "RegisterTargets", json!({"TargetGroupArn": a, "Targets": [{"Id": i}]}));
    let h = |c: &mut Cloud, p: Value| elb(c, "DescribeTargetHealth", p)["TargetHealthDescriptions"].clone();
    // Asked for a target that is not registered: unused / NotRegistered.
    let v = h(&mut c, json!({"TargetGroupArn": a, "Targets": [{"Id": j}]}));
    assert_eq!(
        v[0]["TargetHealth"],
        json!({"State": "unused", "Reason": "Target.NotRegistered", "Description": "Target is not registered to the target group"})
    );
    assert_eq!(v[0]["Target"], json!({"Id": j, "Port": 8000}));
    // A stopped instance: unused / InvalidState (before NotInUse).
    ec2(&mut c, "StopInstances", json!({"InstanceIds": [i]}));
    c.advance(120_000);
    let v = h(&mut c, json!({"TargetGroupArn": a}));
    assert_eq!(v[0]["TargetHealth"], json!({"State": "unused", "Reason": "Target.InvalidState", "Description": "Target is in the stopped state"}));
    ec2(&mut c, "TerminateInstances", json!({"InstanceIds": [i]}));
    c.advance(120_000);
    let v = h(&mut c, json!({"TargetGroupArn": a}));
    assert_eq!(v[0]["TargetHealth"]["Description"], "Target is in the terminated state");
    // Include=All adds the administrative override; AnomalyDetection only for weighted_random groups.
    let v = h(&mut c, json!({"TargetGroupArn": a, "Include": ["All"]}));
    assert_eq!(v[0]["AdministrativeOverride"]["State"], "no_override");
    assert!(v[0].get("AnomalyDetection").is_none());
    refused(&mut c, "DescribeTargetHealth", json!({"TargetGroupArn": a, "Include": ["Everything"]}), "ValidationError", "AnomalyDetection, All");
    refused(&mut c, "DescribeTargetHealth", json!({"TargetGroupArn": a, "Targets": [{"Id": "i-0123456789abcdef0"}]}), "InvalidTarget", "does not exist");
    refused(&mut c, "DescribeTargetHealth", json!({"TargetGroupArn": format!("{a}x")}), "TargetGroupNotFound", "not found");
}

#[test]
fn deregister_unknown_is_fine_and_unused_groups_drop_targets_at_once() {
    let mut c = Cloud::new(1);
    let a = arn(&tg(&mut c, "web", json!({})));
    let i = launch(&mut c, None);
    elb(&mut c, "RegisterTargets", json!({"TargetGroupArn": a, "Targets": [{"Id": i}]}));
    elb(&mut c, "DeregisterTargets", json!({"TargetGroupArn": a, "Targets": [{"Id": "i-0123456789abcdef0"}, {"Id": i, "Port": 9999}]}));
    assert_eq!(elb(&mut c, "DescribeTargetHealth", json!({"TargetGroupArn": a}))["TargetHealthDescriptions"].as_array().unwrap().len(), 1);
    // Nothing forwards to the group: there is nothing to drain.
    elb(&mut c, "DeregisterTargets", json!({"TargetGroupArn": a, "Targets": [{"Id": i}]}));
    assert_eq!(elb(&mut c, "DescribeTargetHealth", json!({"TargetGroupArn": a}))["TargetHealthDescriptions"], json!([]));
    refused(&mut c, "DeregisterTargets", json!({"TargetGroupArn": format!("{a}x"), "Targets": [{"Id": i}]}), "TargetGroupNotFound", "not found");
}

#[test]
fn delete_is_refused_while_a_listener_forwards_and_load_balancer_arns_show_who() {
    let mut c = Cloud::new(1);
    let a = arn(&tg(&mut c, "web", json!({})));
    let v = ec2(&mut c, "DescribeSubnets", json!({"Filters": [{"Name": "default-for-az", "Values": ["true"]}]}));
    let subnets: Vec<String> = v["Subnets"].as_array().unwrap().iter().take(2).map(|s| s["SubnetId"].as_str().unwrap().to_string()).collect();
    let lb =
        elb(&mut c, "CreateLoadBalancer", json!({"Name": "web-alb", "Subnets": subnets}))["LoadBalancers"][0]["LoadBalancerArn"].as_str().unwrap().to_string();
    let l = elb(
        &mut c,
        "CreateListener",
        json!({"LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": [{"Type": "forward", "TargetGroupArn": a}]}),
    )["Listeners"][0]["ListenerArn"]
        .clone();
    let g = elb(&mut c, "DescribeTargetGroups", json!({"TargetGroupArns": [a]}));
    assert_eq!(g["TargetGroups"][0]["LoadBalancerArns"], json!([lb]));
    let by_lb = elb(&mut c, "DescribeTargetGroups", json!({"LoadBalancerArn": lb}));
    assert_eq!(by_lb["TargetGroups"].as_array().unwrap().len(), 1);
    refused(&mut c, "DeleteTargetGroup", json!({"TargetGroupArn": a}), "ResourceInUse", "is currently in use by a listener or a rule");
    elb(&mut c, "DeleteListener", json!({"ListenerArn": l}));
    elb(&mut c, "DeleteTargetGroup", json!({"TargetGroupArn": a}));
    elb(&mut c, "DeleteTargetGroup", json!({"TargetGroupArn": a})); // already gone: fine
    assert_eq!(elb(&mut c, "DescribeTargetGroups", json!({}))["TargetGroups"], json!([]));
}

#[test]
fn tags_given_at_creation_are_kept() {
    let mut c = Cloud::new(1);
    let a = arn(&tg(&mut c, "web", json!({"Tags": [{"Key": "env", "Value": "lab"}, {"Key": "solo"}]})));
    let tags = c.world.regions[R].tags.of(&a);
    assert_eq!(tags.get("env").map(String::as_str), Some("lab"));
    assert_eq!(tags.get("solo").map(String::as_str), Some(""));
    elb(&mut c, "DeleteTargetGroup", json!({"TargetGroupArn": a}));
    assert!(c.world.regions[R].tags.get(&a).is_none());
}

// --- fuzz: random parameters never panic, and a refused call changes nothing -----------------

mod fuzz {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Map;

    const OPS: &[&str] = &[
        "CreateTargetGroup",
        "DescribeTargetGroups",
        "ModifyTargetGroup",
        "DeleteTargetGroup",
        "ModifyTargetGroupAttributes",
        "DescribeTargetGroupAttributes",
        "RegisterTargets",
        "DeregisterTargets",
        "DescribeTargetHealth",
    ];

    const MEMBERS: &[&str] = &[
        "Name",
        "Protocol",
        "ProtocolVersion",
        "Port",
        "VpcId",
        "HealthCheckProtocol",
        "HealthCheckPort",
        "HealthCheckEnabled",
        "HealthCheckPath",
        "HealthCheckIntervalSeconds",
        "HealthCheckTimeoutSeconds",
        "HealthyThresholdCount",
        "UnhealthyThresholdCount",
        "Matcher",
        "HttpCode",
        "GrpcCode",
        "TargetType",
        "Tags",
        "Key",
        "Value",
        "IpAddressType",
        "TargetGroupArn",
        "TargetGroupArns",
        "Names",
        "LoadBalancerArn",
        "Marker",
        "PageSize",
        "Attributes",
        "Targets",
        "Id",
        "AvailabilityZone",
        "Include",
    ];

    /// A world with a group behind an active ALB, two registered instances, and an ip group.
    fn world() -> (Cloud, Vec<String>) {
        let mut c = Cloud::new(3);
        let a = arn(&tg(&mut c, "web", json!({})));
        let ip = arn(&tg(&mut c, "ips", json!({"TargetType": "ip"})));
        let i = launch(&mut c, None);
        elb(&mut c, "RegisterTargets", json!({"TargetGroupArn": a, "Targets": [{"Id": i}]}));
        let v = ec2(&mut c, "DescribeSubnets", json!({"Filters": [{"Name": "default-for-az", "Values": ["true"]}]}));
        let subnets: Vec<String> = v["Subnets"].as_array().unwrap().iter().take(2).map(|s| s["SubnetId"].as_str().unwrap().to_string()).collect();
        let lb =
            elb(&mut c, "CreateLoadBalancer", json!({"Name": "alb", "Subnets": subnets}))["LoadBalancers"][0]["LoadBalancerArn"].as_str().unwrap().to_string();
        elb(
            &mut c,
            "CreateListener",
            json!({"LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": [{"Type": "forward", "TargetGroupArn": a}]}),
        );
        c.advance(400_000);
        let vpc = default_vpc(&mut c);
        (c, vec![a, ip, i, lb, vpc])
    }

    fn leaf(ids: Vec<String>) -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-5i64..70000).prop_map(|n| json!(n)),
            "[a-zA-Z0-9._/ -]{0,10}".prop_map(Value::String),
            prop::sample::select(vec![
                "HTTP",
                "HTTPS",
                "TCP",
                "GENEVE",
                "lambda",
                "ip",
                "alb",
                "traffic-port",
                "/",
                "200-299",
                "GRPC",
                "deregistration_delay.timeout_seconds",
                "slow_start.duration_seconds",
                "stickiness.type",
                "app_cookie",
                "least_outstanding_requests",
                "10.0.0.1",
                "172.31.0.9",
                "all",
                "us-east-1a",
                "All",
            ])
            .prop_map(|s| Value::String(s.to_string())),
            prop::sample::select(ids).prop_map(Value::String),
        ]
    }

    fn value(ids: Vec<String>) -> impl Strategy<Value = Value> {
        leaf(ids).prop_recursive(3, 24, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
                prop::collection::vec((prop::sample::select(MEMBERS.to_vec()), inner), 0..6)
                    .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<Map<_, _>>())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
        #[test]
        fn target_group_operations_never_panic_and_refusals_change_nothing(op in prop::sample::select(OPS.to_vec()), params in value(world().1), advance in 0u64..120_000) {
            let (mut c, _) = world();
            let before = format!("{:?}", c.world);
            let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| c.call("elbv2", R, op, params.clone())));
            prop_assert!(answer.is_ok(), "{op} panicked on {params}");
            match answer.unwrap() {
                Err(e) => {
                    prop_assert!(!e.code.is_empty() && !e.message.is_empty());
                    prop_assert_eq!(format!("{:?}", c.world), before, "{} refused ({}) but changed the world", op, e.code);
                }
                Ok(_) => {
                    // Health rounds after any accepted change never panic either.
                    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| c.advance(advance)));
                    prop_assert!(ran.is_ok(), "advancing after {op} {params} panicked");
                }
            }
        }
    }
}
