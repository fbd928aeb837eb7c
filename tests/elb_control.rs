//! The ELB control plane through the door: load balancers (nodes, states, attributes),
//! listeners, rules, tags and limits, with AWS's refusals (a refused call changes nothing).
use ec2lab::{ApiError, Cloud};
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn elb(c: &mut Cloud, op: &str, p: Value) -> Result<Value, ApiError> {
    c.call("elbv2", R, op, p)
}

fn ok(c: &mut Cloud, op: &str, p: Value) -> Value {
    elb(c, op, p).unwrap_or_else(|e| panic!("{op}: {e}"))
}

fn ec2(c: &mut Cloud, op: &str, p: Value) -> Value {
    c.call("ec2", R, op, p).unwrap_or_else(|e| panic!("{op}: {e}"))
}

/// Refused with `code`, with hints in both languages, and the world exactly as it was.
fn refused(c: &mut Cloud, op: &str, p: Value, code: &str) -> ApiError {
    let before = format!("{:?}", c.world);
    let e = elb(c, op, p.clone()).expect_err(&format!("{op} {p} should be refused"));
    assert_eq!(e.code, code, "{op} {p}: {e}");
    assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{op}: hints missing for {e}");
    assert_eq!(before, format!("{:?}", c.world), "{op} {p}: a refused call changed the world");
    e
}

/// Default subnets of the default VPC, one per AZ, sorted by AZ.
fn default_subnets(c: &mut Cloud) -> Vec<String> {
    let v = ec2(c, "DescribeSubnets", json!({"Filters": [{"Name": "default-for-az", "Values": ["true"]}]}));
    let mut s: Vec<(String, String)> = v["Subnets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["AvailabilityZone"].as_str().unwrap().to_string(), s["SubnetId"].as_str().unwrap().to_string()))
        .collect();
    s.sort();
    s.into_iter().map(|(_, id)| id).collect()
}

fn default_vpc(c: &mut Cloud) -> String {
    let v = ec2(c, "DescribeVpcs", json!({"Filters": [{"Name": "is-default", "Values": ["true"]}]}));
    v["Vpcs"][0]["VpcId"].as_str().unwrap().to_string()
}

struct Lab {
    c: Cloud,
    subnets: Vec<String>,
    vpc: String,
    lb: String,
    tg: String,
}

fn alb(c: &mut Cloud, name: &str, subnets: &[String]) -> String {
    let v = ok(c, "CreateLoadBalancer", json!({"Name": name, "Subnets": subnets}));
    v["LoadBalancers"][0]["LoadBalancerArn"].as_str().unwrap().to_string()
}

fn tg(c: &mut Cloud, name: &str, vpc: &str, protocol: &str) -> String {
    let v = ok(c, "CreateTargetGroup", json!({"Name": name, "Protocol": protocol, "Port": 8000, "VpcId": vpc}));
    v["TargetGroups"][0]["TargetGroupArn"].as_str().unwrap().to_string()
}

fn forward(tg: &str) -> Value {
    json!([{"Type": "forward", "TargetGroupArn": tg}])
}

fn lab() -> Lab {
    let mut c = Cloud::new(7);
    let subnets = default_subnets(&mut c);
    let vpc = default_vpc(&mut c);
    let lb = alb(&mut c, "web", &subnets[..2]);
    let tg = tg(&mut c, "web-tg", &vpc, "HTTP");
    Lab { c, subnets, vpc, lb, tg }
}

fn listener(l: &mut Lab, port: i64) -> String {
    let v = ok(&mut l.c, "CreateListener", json!({"LoadBalancerArn": l.lb, "Protocol": "HTTP", "Port": port, "DefaultActions": forward(&l.tg)}));
    v["Listeners"][0]["ListenerArn"].as_str().unwrap().to_string()
}

fn path_rule(c: &mut Cloud, listener: &str, priority: i64, path: &str, tg: &str) -> Result<Value, ApiError> {
    elb(
        c,
        "CreateRule",
        json!({"ListenerArn": listener, "Priority": priority, "Conditions": [{"Field": "path-pattern", "Values": [path]}], "Actions": forward(tg)}),
    )
}

// ------------------------------------------------------------------ load balancers

#[test]
fn create_alb_response_and_formats() {
    let mut c = Cloud::new(7);
    let subnets = default_subnets(&mut c);
    let v = ok(&mut c, "CreateLoadBalancer", json!({"Name": "web", "Subnets": &subnets[..2]}));
    let lb = &v["LoadBalancers"][0];
    insta::assert_json_snapshot!("create_alb", v);
    let arn = lb["LoadBalancerArn"].as_str().unwrap();
    let id = arn.rsplit('/').next().unwrap();
    assert!(arn.starts_with("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/"));
    assert_eq!(id.len(), 16);
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
    let dns = lb["DNSName"].as_str().unwrap();
    let digits = dns.strip_prefix("web-").unwrap().strip_suffix(".us-east-1.elb.amazonaws.com").unwrap();
    assert!((9..=10).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()), "{dns}");
    assert_eq!(lb["State"]["Code"], "provisioning");
    assert_eq!(lb["Scheme"], "internet-facing");
    assert_eq!(lb["Type"], "application");
    assert_eq!(lb["CanonicalHostedZoneId"], "Z35SXDOTRQ7X7K");
    assert_eq!(lb["AvailabilityZones"].as_array().unwrap().len(), 2);
    // The ALB without groups gets the VPC's default group.
    let vpc = default_vpc(&mut c);
    let sgs = ec2(&mut c, "DescribeSecurityGroups", json!({"Filters": [{"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}]}));
    assert_eq!(lb["SecurityGroups"], json!([sgs["SecurityGroups"][0]["GroupId"]]));
}

#[test]
fn provisioning_becomes_active_after_a_seeded_two_to_three_minutes() {
    let mut l = lab();
    let state = |c: &mut Cloud, arn: &str| ok(c, "DescribeLoadBalancers", json!({"LoadBalancerArns": [arn]}))["LoadBalancers"][0]["State"]["Code"].clone();
    l.c.advance(119_000);
    assert_eq!(state(&mut l.c, &l.lb), "provisioning");
    l.c.advance(61_000);
    assert_eq!(state(&mut l.c, &l.lb), "active");
}

#[test]
fn same_seed_same_arns_and_dns_names() {
    let a = lab();
    let b = lab();
    let mut a = a.c;
    let mut b = b.c;
    assert_eq!(ok(&mut a, "DescribeLoadBalancers", json!({})), ok(&mut b, "DescribeLoadBalancers", json!({})));
}

#[test]
fn nodes_are_requester_managed_enis_with_the_groups_and_public_addresses() {
    let mut l = lab();
    let id = l.lb.split(":loadbalancer/").nth(1).unwrap().to_string();
    let enis = ec2(&mut l.c, "DescribeNetworkInterfaces", json!({"Filters": [{"Name": "description", "Values": [format!("ELB {id}")]}]}));
    let enis = enis["NetworkInterfaces"].as_array().unwrap().clone();
    assert_eq!(enis.len(), 2);
    let lb = ok(&mut l.c, "DescribeLoadBalancers", json!({"Names": ["web"]}))["LoadBalancers"][0].clone();
    for e in &enis {
        assert_eq!(e["RequesterManaged"], true);
        assert_eq!(e["InterfaceType"], "interface");
        assert!(e["Association"]["PublicIp"].is_string(), "internet-facing nodes have public addresses: {e:#}");
        assert_eq!(e["Groups"][0]["GroupId"], lb["SecurityGroups"][0]);
    }
    // Deleting the load balancer takes its nodes away (and their addresses).
    ok(&mut l.c, "DeleteLoadBalancer", json!({"LoadBalancerArn": l.lb}));
    let left = ec2(&mut l.c, "DescribeNetworkInterfaces", json!({"Filters": [{"Name": "description", "Values": [format!("ELB {id}")]}]}));
    assert_eq!(left["NetworkInterfaces"], json!([]));
    assert_eq!(ok(&mut l.c, "DescribeLoadBalancers", json!({}))["LoadBalancers"], json!([]));
}

#[test]
fn internal_and_network_load_balancers() {
    let mut c = Cloud::new(3);
    let subnets = default_subnets(&mut c);
    let v = ok(&mut c, "CreateLoadBalancer", json!({"Name": "api", "Subnets": &subnets[..2], "Scheme": "internal"}));
    let dns = v["LoadBalancers"][0]["DNSName"].as_str().unwrap();
    assert!(dns.starts_with("internal-api-") && dns.ends_with(".us-east-1.elb.amazonaws.com"), "{dns}");
    let v = ok(&mut c, "CreateLoadBalancer", json!({"Name": "tcp", "Subnets": &subnets[..1], "Type": "network"}));
    let lb = &v["LoadBalancers"][0];
    assert!(lb["LoadBalancerArn"].as_str().unwrap().contains(":loadbalancer/net/tcp/"));
    let dns = lb["DNSName"].as_str().unwrap();
    let hex = dns.strip_prefix("tcp-").unwrap().strip_suffix(".elb.us-east-1.amazonaws.com").unwrap();
    assert_eq!(hex.len(), 16, "{dns}");
    assert_eq!(lb["CanonicalHostedZoneId"], "Z26RNL4JYFTOTI");
    assert!(lb.get("SecurityGroups").is_none(), "an NLB created without groups has none");
    assert!(lb["AvailabilityZones"][0]["LoadBalancerAddresses"][0]["IpAddress"].is_string());
    let v = ok(&mut c, "CreateLoadBalancer", json!({"Name": "gw", "Subnets": &subnets[..1], "Type": "gateway"}));
    assert!(v["LoadBalancers"][0]["LoadBalancerArn"].as_str().unwrap().contains(":loadbalancer/gwy/gw/"));
}

#[test]
fn create_is_idempotent_with_identical_settings_only() {
    let mut l = lab();
    let again = alb(&mut l.c, "web", &l.subnets[..2]);
    assert_eq!(again, l.lb);
    let e = refused(&mut l.c, "CreateLoadBalancer", json!({"Name": "web", "Subnets": &l.subnets[..3]}), "DuplicateLoadBalancerName");
    assert!(e.message.contains("'web'"), "{e}");
}

#[test]
fn create_refusals() {
    let mut l = lab();
    let s = l.subnets.clone();
    let e = refused(&mut l.c, "CreateLoadBalancer", json!({"Name": "one", "Subnets": [s[0]]}), "ValidationError");
    assert_eq!(e.message, "At least two subnets in two different Availability Zones must be specified");
    refused(&mut l.c, "CreateLoadBalancer", json!({"Name": "none"}), "ValidationError");
    refused(&mut l.c, "CreateLoadBalancer", json!({"Name": "bad_name", "Subnets": &s[..2]}), "ValidationError");
    refused(&mut l.c, "CreateLoadBalancer", json!({"Name": "-web", "Subnets": &s[..2]}), "ValidationError");
    refused(&mut l.c, "CreateLoadBalancer", json!({"Name": "internal-web", "Subnets": &s[..2]}), "ValidationError");
    refused(&mut l.c, "CreateLoadBalancer", json!({"Name": "a".repeat(33), "Subnets": &s[..2]}), "ValidationError");
    refused(&mut l.c, "CreateLoadBalancer", json!({"Name": "x", "Subnets": [s[0], "subnet-0123456789abcdef0"]}), "SubnetNotFound");
    refused(&mut l.c, "CreateLoadBalancer", json!({"Name": "x", "Subnets": &s[..2], "SecurityGroups": ["sg-0123456789abcdef0"]}), "InvalidSecurityGroup");
    refused(&mut l.c, "CreateLoadBalancer", json!({"Name": "x", "Subnets": &s[..2], "Type": "classic"}), "ValidationError");
    refused(&mut l.c, "CreateLoadBalancer", json!({"Name": "x", "Subnets": &s[..2], "Scheme": "public"}), "ValidationError");
    refused(&mut l.c, "CreateLoadBalancer", json!({"Name": "x", "Subnets": &s[..1], "Type": "gateway", "SecurityGroups": ["sg-1"]}), "ValidationError");
    refused(
        &mut l.c,
        "CreateLoadBalancer",
        json!({"Name": "x", "Subnets": &s[..2], "Tags": [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]}),
        "DuplicateTagKeys",
    );
    refused(&mut l.c, "CreateLoadBalancer", json!({"Name": "x", "Subnets": &s[..2], "IpAddressType": "dualstack"}), "InvalidConfigurationRequest");

    // Two subnets of one AZ.
    let vpc = l.vpc.clone();
    let az = ec2(&mut l.c, "DescribeSubnets", json!({"SubnetIds": [s[0]]}))["Subnets"][0]["AvailabilityZone"].clone();
    let extra = ec2(&mut l.c, "CreateSubnet", json!({"VpcId": vpc, "CidrBlock": "172.31.200.0/24", "AvailabilityZone": az}))["Subnet"]["SubnetId"].clone();
    refused(&mut l.c, "CreateLoadBalancer", json!({"Name": "x", "Subnets": [s[0], extra]}), "InvalidConfigurationRequest");

    // A VPC without an internet gateway: internet-facing refused, internal fine.
    let v = ec2(&mut l.c, "CreateVpc", json!({"CidrBlock": "10.9.0.0/16"}))["Vpc"]["VpcId"].as_str().unwrap().to_string();
    let azs: Vec<Value> =
        ec2(&mut l.c, "DescribeAvailabilityZones", json!({}))["AvailabilityZones"].as_array().unwrap().iter().map(|z| z["ZoneName"].clone()).collect();
    let a = ec2(&mut l.c, "CreateSubnet", json!({"VpcId": v, "CidrBlock": "10.9.1.0/24", "AvailabilityZone": azs[0]}))["Subnet"]["SubnetId"].clone();
    let b = ec2(&mut l.c, "CreateSubnet", json!({"VpcId": v, "CidrBlock": "10.9.2.0/24", "AvailabilityZone": azs[1]}))["Subnet"]["SubnetId"].clone();
    let e = refused(&mut l.c, "CreateLoadBalancer", json!({"Name": "x", "Subnets": [a, b]}), "InvalidSubnet");
    assert_eq!(e.message, format!("VPC {v} has no internet gateway"));
    refused(&mut l.c, "CreateLoadBalancer", json!({"Name": "x", "Subnets": [s[0], b]}), "InvalidConfigurationRequest");
    ok(&mut l.c, "CreateLoadBalancer", json!({"Name": "inside", "Subnets": [a, b], "Scheme": "internal"}));
    // A security group of another VPC.
    let other = ec2(&mut l.c, "CreateSecurityGroup", json!({"GroupName": "o", "Description": "o", "VpcId": v}))["GroupId"].clone();
    refused(&mut l.c, "CreateLoadBalancer", json!({"Name": "x", "Subnets": &s[..2], "SecurityGroups": [other]}), "InvalidSecurityGroup");
    // A /28 with fewer than 8 free addresses.
    let tiny = ec2(&mut l.c, "CreateSubnet", json!({"VpcId": v, "CidrBlock": "10.9.3.0/28", "AvailabilityZone": azs[2]}))["Subnet"]["SubnetId"].clone();
    for _ in 0..4 {
        ec2(&mut l.c, "CreateNetworkInterface", json!({"SubnetId": tiny}));
    }
    refused(&mut l.c, "CreateLoadBalancer", json!({"Name": "x", "Subnets": [a, tiny], "Scheme": "internal"}), "InvalidSubnet");
}

#[test]
fn too_many_load_balancers() {
    let mut l = lab();
    let s = l.subnets.clone();
    for i in 1..50 {
        alb(&mut l.c, &format!("lb{i}"), &s[..2]);
    }
    refused(&mut l.c, "CreateLoadBalancer", json!({"Name": "lb50", "Subnets": &s[..2]}), "TooManyLoadBalancers");
}

#[test]
fn describe_by_names_arns_and_pages() {
    let mut l = lab();
    let s = l.subnets.clone();
    l.c.advance(1000);
    let second = alb(&mut l.c, "api", &s[..2]);
    let all = ok(&mut l.c, "DescribeLoadBalancers", json!({}));
    let arns: Vec<&str> = all["LoadBalancers"].as_array().unwrap().iter().map(|x| x["LoadBalancerArn"].as_str().unwrap()).collect();
    assert_eq!(arns, vec![l.lb.as_str(), second.as_str()], "oldest first");
    let p1 = ok(&mut l.c, "DescribeLoadBalancers", json!({"PageSize": 1}));
    assert_eq!(p1["LoadBalancers"][0]["LoadBalancerArn"], l.lb.as_str());
    let marker = p1["NextMarker"].as_str().unwrap().to_string();
    let p2 = ok(&mut l.c, "DescribeLoadBalancers", json!({"PageSize": 1, "Marker": marker}));
    assert_eq!(p2["LoadBalancers"][0]["LoadBalancerArn"], second.as_str());
    assert!(p2.get("NextMarker").is_none());
    assert_eq!(ok(&mut l.c, "DescribeLoadBalancers", json!({"Names": ["api"]}))["LoadBalancers"][0]["LoadBalancerArn"], second.as_str());
    let e = refused(&mut l.c, "DescribeLoadBalancers", json!({"Names": ["nope"]}), "LoadBalancerNotFound");
    assert_eq!(e.message, "Load balancers '[nope]' not found");
    refused(&mut l.c, "DescribeLoadBalancers", json!({"LoadBalancerArns": [format!("{}0", l.lb)]}), "LoadBalancerNotFound");
    refused(&mut l.c, "DescribeLoadBalancers", json!({"Names": ["api"], "LoadBalancerArns": [second]}), "ValidationError");
    refused(&mut l.c, "DescribeLoadBalancers", json!({"PageSize": 0}), "ValidationError");
    refused(&mut l.c, "DescribeLoadBalancers", json!({"PageSize": 1, "Marker": "garbage"}), "ValidationError");
}

#[test]
fn attributes_defaults_ranges_and_deletion_protection() {
    let mut l = lab();
    let lb = l.lb.clone();
    let v = ok(&mut l.c, "DescribeLoadBalancerAttributes", json!({"LoadBalancerArn": lb}));
    insta::assert_json_snapshot!("alb_attributes", v);
    let get = |v: &Value, k: &str| v["Attributes"].as_array().unwrap().iter().find(|a| a["Key"] == k).map(|a| a["Value"].clone());
    assert_eq!(get(&v, "idle_timeout.timeout_seconds"), Some(json!("60")));
    assert_eq!(get(&v, "routing.http.xff_header_processing.mode"), Some(json!("append")));
    let v =
        ok(&mut l.c, "ModifyLoadBalancerAttributes", json!({"LoadBalancerArn": lb, "Attributes": [{"Key": "idle_timeout.timeout_seconds", "Value": "120"}]}));
    assert_eq!(get(&v, "idle_timeout.timeout_seconds"), Some(json!("120")));
    for (k, val) in [
        ("idle_timeout.timeout_seconds", "0"),
        ("idle_timeout.timeout_seconds", "4001"),
        ("deletion_protection.enabled", "yes"),
        ("routing.http.xff_header_processing.mode", "drop"),
        ("no.such.key", "1"),
    ] {
        refused(&mut l.c, "ModifyLoadBalancerAttributes", json!({"LoadBalancerArn": lb, "Attributes": [{"Key": k, "Value": val}]}), "ValidationError");
    }
    refused(
        &mut l.c,
        "ModifyLoadBalancerAttributes",
        json!({"LoadBalancerArn": lb, "Attributes": [{"Key": "load_balancing.cross_zone.enabled", "Value": "false"}]}),
        "InvalidConfigurationRequest",
    );
    // All or nothing: a good change next to a bad one is not applied.
    refused(
        &mut l.c,
        "ModifyLoadBalancerAttributes",
        json!({"LoadBalancerArn": lb, "Attributes": [{"Key": "idle_timeout.timeout_seconds", "Value": "30"}, {"Key": "idle_timeout.timeout_seconds", "Value": "-1"}]}),
        "ValidationError",
    );
    ok(&mut l.c, "ModifyLoadBalancerAttributes", json!({"LoadBalancerArn": lb, "Attributes": [{"Key": "deletion_protection.enabled", "Value": "true"}]}));
    let e = refused(&mut l.c, "DeleteLoadBalancer", json!({"LoadBalancerArn": lb}), "OperationNotPermitted");
    assert!(e.message.contains("deletion protection"), "{e}");
    ok(&mut l.c, "ModifyLoadBalancerAttributes", json!({"LoadBalancerArn": lb, "Attributes": [{"Key": "deletion_protection.enabled", "Value": "false"}]}));
    ok(&mut l.c, "DeleteLoadBalancer", json!({"LoadBalancerArn": lb}));
    // Deleting what is not there succeeds, as AWS documents.
    ok(&mut l.c, "DeleteLoadBalancer", json!({"LoadBalancerArn": lb}));
    refused(&mut l.c, "DescribeLoadBalancerAttributes", json!({"LoadBalancerArn": lb}), "LoadBalancerNotFound");
}

#[test]
fn nlb_attributes_differ() {
    let mut c = Cloud::new(1);
    let s = default_subnets(&mut c);
    let arn = ok(&mut c, "CreateLoadBalancer", json!({"Name": "n", "Subnets": [s[0]], "Type": "network"}))["LoadBalancers"][0]["LoadBalancerArn"].clone();
    let v = ok(&mut c, "DescribeLoadBalancerAttributes", json!({"LoadBalancerArn": arn}));
    let keys: Vec<&str> = v["Attributes"].as_array().unwrap().iter().map(|a| a["Key"].as_str().unwrap()).collect();
    assert!(keys.contains(&"load_balancing.cross_zone.enabled") && !keys.contains(&"idle_timeout.timeout_seconds"), "{keys:?}");
    ok(&mut c, "ModifyLoadBalancerAttributes", json!({"LoadBalancerArn": arn, "Attributes": [{"Key": "load_balancing.cross_zone.enabled", "Value": "true"}]}));
}

#[test]
fn security_groups_and_subnets_change_the_nodes() {
    let mut l = lab();
    let vpc = l.vpc.clone();
    let g = ec2(&mut l.c, "CreateSecurityGroup", json!({"GroupName": "lb", "Description": "lb", "VpcId": vpc}))["GroupId"].as_str().unwrap().to_string();
    let v = ok(&mut l.c, "SetSecurityGroups", json!({"LoadBalancerArn": l.lb, "SecurityGroups": [g]}));
    assert_eq!(v["SecurityGroupIds"], json!([g]));
    let id = l.lb.split(":loadbalancer/").nth(1).unwrap().to_string();
    let enis = ec2(&mut l.c, "DescribeNetworkInterfaces", json!({"Filters": [{"Name": "description", "Values": [format!("ELB {id}")]}]}));
    for e in enis["NetworkInterfaces"].as_array().unwrap() {
        assert_eq!(e["Groups"], json!([{"GroupId": g, "GroupName": "lb"}]));
    }
    refused(&mut l.c, "SetSecurityGroups", json!({"LoadBalancerArn": l.lb, "SecurityGroups": []}), "ValidationError");
    refused(&mut l.c, "SetSecurityGroups", json!({"LoadBalancerArn": l.lb, "SecurityGroups": ["sg-0123456789abcdef0"]}), "InvalidSecurityGroup");
    // Subnets: a third AZ gets a node; fewer than two AZs is refused.
    let s = l.subnets.clone();
    let v = ok(&mut l.c, "SetSubnets", json!({"LoadBalancerArn": l.lb, "Subnets": &s[..3]}));
    assert_eq!(v["AvailabilityZones"].as_array().unwrap().len(), 3);
    let enis = ec2(&mut l.c, "DescribeNetworkInterfaces", json!({"Filters": [{"Name": "description", "Values": [format!("ELB {id}")]}]}));
    assert_eq!(enis["NetworkInterfaces"].as_array().unwrap().len(), 3);
    refused(&mut l.c, "SetSubnets", json!({"LoadBalancerArn": l.lb, "Subnets": [s[0]]}), "ValidationError");
    ok(&mut l.c, "SetSubnets", json!({"LoadBalancerArn": l.lb, "Subnets": [s[1], s[2]]}));
    let enis = ec2(&mut l.c, "DescribeNetworkInterfaces", json!({"Filters": [{"Name": "description", "Values": [format!("ELB {id}")]}]}));
    assert_eq!(enis["NetworkInterfaces"].as_array().unwrap().len(), 2);
    // An NLB created without groups cannot get any.
    let n = ok(&mut l.c, "CreateLoadBalancer", json!({"Name": "n", "Subnets": [s[0]], "Type": "network"}))["LoadBalancers"][0]["LoadBalancerArn"].clone();
    refused(&mut l.c, "SetSecurityGroups", json!({"LoadBalancerArn": n, "SecurityGroups": [g]}), "InvalidConfigurationRequest");
}

// ------------------------------------------------------------------ listeners

#[test]
fn listener_lifecycle() {
    let mut l = lab();
    let v = ok(&mut l.c, "CreateListener", json!({"LoadBalancerArn": l.lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": forward(&l.tg)}));
    insta::assert_json_snapshot!("create_listener", v);
    let arn = v["Listeners"][0]["ListenerArn"].as_str().unwrap().to_string();
    let lb_id = l.lb.split(":loadbalancer/").nth(1).unwrap();
    assert!(arn.contains(&format!(":listener/{lb_id}/")), "{arn}");
    // The target group now names the load balancer (ctl-tg derives it from the listener).
    let g = ok(&mut l.c, "DescribeTargetGroups", json!({"TargetGroupArns": [l.tg]}));
    assert_eq!(g["TargetGroups"][0]["LoadBalancerArns"], json!([l.lb]));
    let e = refused(
        &mut l.c,
        "CreateListener",
        json!({"LoadBalancerArn": l.lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": forward(&l.tg)}),
        "DuplicateListener",
    );
    assert_eq!(e.message, "A listener already exists on this port for this load balancer");
    let v = ok(&mut l.c, "ModifyListener", json!({"ListenerArn": arn, "Port": 8080}));
    assert_eq!(v["Listeners"][0]["Port"], 8080);
    let d = ok(&mut l.c, "DescribeListeners", json!({"LoadBalancerArn": l.lb}));
    assert_eq!(d["Listeners"].as_array().unwrap().len(), 1);
    assert_eq!(d["Listeners"][0]["DefaultActions"][0]["TargetGroupArn"], l.tg.as_str());
    ok(&mut l.c, "DeleteListener", json!({"ListenerArn": arn}));
    refused(&mut l.c, "DeleteListener", json!({"ListenerArn": arn}), "ListenerNotFound");
    refused(&mut l.c, "DescribeListeners", json!({"ListenerArns": [arn]}), "ListenerNotFound");
    refused(&mut l.c, "DescribeListeners", json!({}), "ValidationError");
    assert_eq!(ok(&mut l.c, "DescribeListeners", json!({"LoadBalancerArn": l.lb}))["Listeners"], json!([]));
}

#[test]
fn listener_refusals() {
    let mut l = lab();
    let (lb, tg) = (l.lb.clone(), l.tg.clone());
    let a = forward(&tg);
    refused(&mut l.c, "CreateListener", json!({"LoadBalancerArn": lb, "Protocol": "TCP", "Port": 80, "DefaultActions": a}), "UnsupportedProtocol");
    refused(&mut l.c, "CreateListener", json!({"LoadBalancerArn": lb, "Port": 80, "DefaultActions": a}), "ValidationError");
    refused(&mut l.c, "CreateListener", json!({"LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 0, "DefaultActions": a}), "ValidationError");
    refused(&mut l.c, "CreateListener", json!({"LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 70000, "DefaultActions": a}), "ValidationError");
    refused(&mut l.c, "CreateListener", json!({"LoadBalancerArn": lb, "Protocol": "HTTPS", "Port": 443, "DefaultActions": a}), "ValidationError");
    let cert = json!([{"CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc"}]);
    refused(
        &mut l.c,
        "CreateListener",
        json!({"LoadBalancerArn": lb, "Protocol": "HTTPS", "Port": 443, "Certificates": cert, "SslPolicy": "Nope", "DefaultActions": a}),
        "SSLPolicyNotFound",
    );
    refused(
        &mut l.c,
        "CreateListener",
        json!({"LoadBalancerArn": lb, "Protocol": "HTTPS", "Port": 443, "Certificates": [{"CertificateArn": "cert"}], "DefaultActions": a}),
        "CertificateNotFound",
    );
    refused(&mut l.c, "CreateListener", json!({"LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": []}), "ValidationError");
    refused(
        &mut l.c,
        "CreateListener",
        json!({"LoadBalancerArn": format!("{lb}0"), "Protocol": "HTTP", "Port": 80, "DefaultActions": a}),
        "LoadBalancerNotFound",
    );
    refused(
        &mut l.c,
        "CreateListener",
        json!({"LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": forward(&format!("{tg}0"))}),
        "TargetGroupNotFound",
    );
    // A TCP group behind an HTTP listener.
    let vpc = l.vpc.clone();
    let tcp = self::tg(&mut l.c, "tcp-tg", &vpc, "TCP");
    refused(
        &mut l.c,
        "CreateListener",
        json!({"LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": forward(&tcp)}),
        "IncompatibleProtocols",
    );
    // HTTPS with a certificate gets the default policy.
    let v = ok(&mut l.c, "CreateListener", json!({"LoadBalancerArn": lb, "Protocol": "HTTPS", "Port": 443, "Certificates": cert, "DefaultActions": a}));
    assert_eq!(v["Listeners"][0]["SslPolicy"], "ELBSecurityPolicy-TLS13-1-2-2021-06");
    // Going back to HTTP drops the TLS settings.
    let arn = v["Listeners"][0]["ListenerArn"].clone();
    let v = ok(&mut l.c, "ModifyListener", json!({"ListenerArn": arn, "Protocol": "HTTP"}));
    assert!(v["Listeners"][0].get("SslPolicy").is_none() && v["Listeners"][0].get("Certificates").is_none(), "{v:#}");
    refused(&mut l.c, "ModifyListener", json!({"ListenerArn": arn, "Protocol": "HTTPS"}), "ValidationError");
}

#[test]
fn one_load_balancer_per_target_group() {
    let mut l = lab();
    listener(&mut l, 80);
    let s = l.subnets.clone();
    let other = alb(&mut l.c, "other", &s[..2]);
    let e = refused(
        &mut l.c,
        "CreateListener",
        json!({"LoadBalancerArn": other, "Protocol": "HTTP", "Port": 80, "DefaultActions": forward(&l.tg)}),
        "TargetGroupAssociationLimit",
    );
    assert_eq!(e.message, format!("The following target groups cannot be associated with more than one load balancer: {}", l.tg));
    // The same load balancer may use it on several listeners.
    listener(&mut l, 81);
}

#[test]
fn target_group_of_another_vpc_is_refused() {
    let mut l = lab();
    let v = ec2(&mut l.c, "CreateVpc", json!({"CidrBlock": "10.9.0.0/16"}))["Vpc"]["VpcId"].as_str().unwrap().to_string();
    let far = tg(&mut l.c, "far", &v, "HTTP");
    refused(
        &mut l.c,
        "CreateListener",
        json!({"LoadBalancerArn": l.lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": forward(&far)}),
        "InvalidConfigurationRequest",
    );
}

#[test]
fn nlb_listeners() {
    let mut c = Cloud::new(5);
    let s = default_subnets(&mut c);
    let vpc = default_vpc(&mut c);
    let n = ok(&mut c, "CreateLoadBalancer", json!({"Name": "n", "Subnets": [s[0]], "Type": "network"}))["LoadBalancers"][0]["LoadBalancerArn"].clone();
    let tcp = tg(&mut c, "tcp", &vpc, "TCP");
    let http = tg(&mut c, "http", &vpc, "HTTP");
    refused(&mut c, "CreateListener", json!({"LoadBalancerArn": n, "Protocol": "HTTP", "Port": 80, "DefaultActions": forward(&tcp)}), "UnsupportedProtocol");
    refused(&mut c, "CreateListener", json!({"LoadBalancerArn": n, "Protocol": "TCP", "Port": 80, "DefaultActions": forward(&http)}), "IncompatibleProtocols");
    refused(
        &mut c,
        "CreateListener",
        json!({"LoadBalancerArn": n, "Protocol": "TCP", "Port": 80, "DefaultActions": [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200"}}]}),
        "InvalidLoadBalancerAction",
    );
    let v = ok(&mut c, "CreateListener", json!({"LoadBalancerArn": n, "Protocol": "TCP", "Port": 80, "DefaultActions": forward(&tcp)}));
    let l = v["Listeners"][0]["ListenerArn"].clone();
    // NLB listeners have no rules besides the default one.
    refused(
        &mut c,
        "CreateRule",
        json!({"ListenerArn": l, "Priority": 1, "Conditions": [{"Field": "path-pattern", "Values": ["/x"]}], "Actions": forward(&tcp)}),
        "InvalidConfigurationRequest",
    );
}

#[test]
fn too_many_listeners() {
    let mut l = lab();
    for p in 1..=50 {
        listener(&mut l, p);
    }
    let (lb, tg) = (l.lb.clone(), l.tg.clone());
    refused(&mut l.c, "CreateListener", json!({"LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 51, "DefaultActions": forward(&tg)}), "TooManyListeners");
}

// ------------------------------------------------------------------ rules

#[test]
fn rules_by_priority_with_the_default_last() {
    let mut l = lab();
    let li = listener(&mut l, 80);
    let vpc = l.vpc.clone();
    let books = tg(&mut l.c, "books", &vpc, "HTTP");
    let v = path_rule(&mut l.c, &li, 10, "/books/*", &books).unwrap();
    insta::assert_json_snapshot!("create_rule", v);
    let r10 = v["Rules"][0]["RuleArn"].as_str().unwrap().to_string();
    let listener_path = li.split(":listener/").nth(1).unwrap();
    assert!(r10.contains(&format!(":listener-rule/{listener_path}/")), "{r10}");
    let r5 = path_rule(&mut l.c, &li, 5, "/api/*", &books).unwrap()["Rules"][0]["RuleArn"].as_str().unwrap().to_string();
    let d = ok(&mut l.c, "DescribeRules", json!({"ListenerArn": li}));
    let pri: Vec<&str> = d["Rules"].as_array().unwrap().iter().map(|r| r["Priority"].as_str().unwrap()).collect();
    assert_eq!(pri, vec!["5", "10", "default"]);
    let default = d["Rules"][2].clone();
    assert_eq!(default["IsDefault"], true);
    assert_eq!(default["Conditions"], json!([]));
    assert_eq!(default["Actions"][0]["TargetGroupArn"], l.tg.as_str());
    assert_eq!(d["Rules"][0]["IsDefault"], false);
    let dflt = default["RuleArn"].as_str().unwrap().to_string();

    let e = path_rule(&mut l.c, &li, 10, "/x", &books).unwrap_err();
    assert_eq!((e.code.as_str(), e.message.as_str()), ("PriorityInUse", "Priority '10' is currently in use"));
    for p in [0, 50001] {
        refused(
            &mut l.c,
            "CreateRule",
            json!({"ListenerArn": li, "Priority": p, "Conditions": [{"Field": "path-pattern", "Values": ["/x"]}], "Actions": forward(&books)}),
            "ValidationError",
        );
    }
    path_rule(&mut l.c, &li, 50000, "/last", &books).unwrap();
    refused(&mut l.c, "CreateRule", json!({"ListenerArn": li, "Priority": 7, "Conditions": [], "Actions": forward(&books)}), "ValidationError");
    refused(
        &mut l.c,
        "CreateRule",
        json!({"ListenerArn": format!("{li}0"), "Priority": 7, "Conditions": [{"Field": "path-pattern", "Values": ["/x"]}], "Actions": forward(&books)}),
        "ListenerNotFound",
    );

    // Swapping two priorities in one call is fine; a clash with a third is not.
    let v = ok(&mut l.c, "SetRulePriorities", json!({"RulePriorities": [{"RuleArn": r10, "Priority": 5}, {"RuleArn": r5, "Priority": 10}]}));
    assert_eq!(v["Rules"].as_array().unwrap().len(), 2);
    let d = ok(&mut l.c, "DescribeRules", json!({"ListenerArn": li}));
    assert_eq!(d["Rules"][0]["RuleArn"], r10.as_str());
    refused(&mut l.c, "SetRulePriorities", json!({"RulePriorities": [{"RuleArn": r10, "Priority": 10}]}), "PriorityInUse");
    refused(&mut l.c, "SetRulePriorities", json!({"RulePriorities": [{"RuleArn": dflt, "Priority": 3}]}), "OperationNotPermitted");
    refused(&mut l.c, "SetRulePriorities", json!({"RulePriorities": [{"RuleArn": format!("{r10}0"), "Priority": 3}]}), "RuleNotFound");

    // Modify replaces what is given.
    let v = ok(&mut l.c, "ModifyRule", json!({"RuleArn": r10, "Conditions": [{"Field": "host-header", "Values": ["books.example.com"]}]}));
    assert_eq!(v["Rules"][0]["Conditions"][0]["Field"], "host-header");
    assert_eq!(v["Rules"][0]["Actions"][0]["TargetGroupArn"], books.as_str());
    refused(&mut l.c, "ModifyRule", json!({"RuleArn": dflt, "Actions": forward(&books)}), "OperationNotPermitted");
    refused(
        &mut l.c,
        "ModifyRule",
        json!({"RuleArn": r10, "Actions": forward("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/0000000000000000")}),
        "TargetGroupNotFound",
    );

    let e = refused(&mut l.c, "DeleteRule", json!({"RuleArn": dflt}), "OperationNotPermitted");
    assert!(e.message.starts_with("Default rule"), "{e}");
    ok(&mut l.c, "DeleteRule", json!({"RuleArn": r5}));
    refused(&mut l.c, "DeleteRule", json!({"RuleArn": r5}), "RuleNotFound");
    refused(&mut l.c, "DescribeRules", json!({"RuleArns": [r5]}), "RuleNotFound");
    refused(&mut l.c, "DescribeRules", json!({}), "ValidationError");
    // Deleting the listener deletes its rules.
    ok(&mut l.c, "DeleteListener", json!({"ListenerArn": li}));
    refused(&mut l.c, "DescribeRules", json!({"RuleArns": [r10]}), "RuleNotFound");
}

#[test]
fn a_rule_cannot_forward_to_a_group_of_another_load_balancer() {
    let mut l = lab();
    let li = listener(&mut l, 80);
    let s = l.subnets.clone();
    let vpc = l.vpc.clone();
    let other = alb(&mut l.c, "other", &s[..2]);
    let theirs = tg(&mut l.c, "theirs", &vpc, "HTTP");
    ok(&mut l.c, "CreateListener", json!({"LoadBalancerArn": other, "Protocol": "HTTP", "Port": 80, "DefaultActions": forward(&theirs)}));
    let e = path_rule(&mut l.c, &li, 1, "/x", &theirs).unwrap_err();
    assert_eq!(e.code, "TargetGroupAssociationLimit");
}

#[test]
fn at_most_100_rules_per_load_balancer() {
    let mut l = lab();
    let a = listener(&mut l, 80);
    let b = listener(&mut l, 81);
    let tg = l.tg.clone();
    for i in 1..=60 {
        path_rule(&mut l.c, &a, i, &format!("/a{i}"), &tg).unwrap();
    }
    for i in 1..=40 {
        path_rule(&mut l.c, &b, i, &format!("/b{i}"), &tg).unwrap();
    }
    refused(
        &mut l.c,
        "CreateRule",
        json!({"ListenerArn": b, "Priority": 41, "Conditions": [{"Field": "path-pattern", "Values": ["/b41"]}], "Actions": forward(&tg)}),
        "TooManyRules",
    );
}

// ------------------------------------------------------------------ tags and limits

#[test]
fn tags_on_every_kind_of_arn() {
    let mut l = lab();
    let li = listener(&mut l, 80);
    let tg = l.tg.clone();
    let rule = path_rule(&mut l.c, &li, 1, "/x", &tg).unwrap()["Rules"][0]["RuleArn"].as_str().unwrap().to_string();
    let arns = vec![l.lb.clone(), tg.clone(), li.clone(), rule.clone()];
    ok(&mut l.c, "AddTags", json!({"ResourceArns": arns, "Tags": [{"Key": "env", "Value": "dev"}, {"Key": "team"}]}));
    let d = ok(&mut l.c, "DescribeTags", json!({"ResourceArns": arns}));
    insta::assert_json_snapshot!("describe_tags", d);
    assert_eq!(d["TagDescriptions"].as_array().unwrap().len(), 4);
    ok(&mut l.c, "RemoveTags", json!({"ResourceArns": [l.lb], "TagKeys": ["env", "absent"]}));
    let d = ok(&mut l.c, "DescribeTags", json!({"ResourceArns": [l.lb]}));
    assert_eq!(d["TagDescriptions"][0]["Tags"], json!([{"Key": "team", "Value": ""}]));

    refused(&mut l.c, "AddTags", json!({"ResourceArns": [l.lb], "Tags": [{"Key": "a"}, {"Key": "a"}]}), "DuplicateTagKeys");
    refused(&mut l.c, "AddTags", json!({"ResourceArns": [l.lb], "Tags": [{"Key": "aws:x"}]}), "ValidationError");
    let many: Vec<Value> = (0..50).map(|i| json!({"Key": format!("k{i}")})).collect();
    refused(&mut l.c, "AddTags", json!({"ResourceArns": [l.lb], "Tags": many}), "TooManyTags");
    refused(&mut l.c, "AddTags", json!({"ResourceArns": [format!("{}0", l.lb)], "Tags": [{"Key": "a"}]}), "LoadBalancerNotFound");
    refused(&mut l.c, "AddTags", json!({"ResourceArns": [l.lb, format!("{tg}0")], "Tags": [{"Key": "a"}]}), "TargetGroupNotFound");
    refused(&mut l.c, "DescribeTags", json!({"ResourceArns": [format!("{li}0")]}), "ListenerNotFound");
    refused(&mut l.c, "RemoveTags", json!({"ResourceArns": [format!("{rule}0")], "TagKeys": ["a"]}), "RuleNotFound");
    refused(&mut l.c, "DescribeTags", json!({"ResourceArns": ["i-0123456789abcdef0"]}), "ValidationError");

    // Tags given at creation, and gone with the resource.
    let s = l.subnets.clone();
    let v = ok(&mut l.c, "CreateLoadBalancer", json!({"Name": "tagged", "Subnets": &s[..2], "Tags": [{"Key": "Name", "Value": "t"}]}));
    let t = v["LoadBalancers"][0]["LoadBalancerArn"].as_str().unwrap().to_string();
    assert_eq!(ok(&mut l.c, "DescribeTags", json!({"ResourceArns": [t]}))["TagDescriptions"][0]["Tags"], json!([{"Key": "Name", "Value": "t"}]));
    ok(&mut l.c, "DeleteLoadBalancer", json!({"LoadBalancerArn": l.lb}));
    assert!(l.c.world.regions[R].tags.get(&l.lb).is_none());
    assert!(l.c.world.regions[R].tags.get(&li).is_none());
    assert!(l.c.world.regions[R].tags.get(&rule).is_none());
}

#[test]
fn account_limits() {
    let mut c = Cloud::new(1);
    let v = ok(&mut c, "DescribeAccountLimits", json!({}));
    let get = |n: &str| v["Limits"].as_array().unwrap().iter().find(|l| l["Name"] == n).map(|l| l["Max"].clone());
    assert_eq!(get("application-load-balancers"), Some(json!("50")));
    assert_eq!(get("rules-per-application-load-balancer"), Some(json!("100")));
    assert_eq!(get("listeners-per-application-load-balancer"), Some(json!("50")));
    let p = ok(&mut c, "DescribeAccountLimits", json!({"PageSize": 2}));
    assert_eq!(p["Limits"].as_array().unwrap().len(), 2);
    assert!(p["NextMarker"].is_string());
}

#[test]
fn nodes_hold_their_groups_subnets_and_gateway_like_any_interface() {
    let mut l = lab();
    let vpc = l.vpc.clone();
    let g = ec2(&mut l.c, "CreateSecurityGroup", json!({"GroupName": "lb", "Description": "lb", "VpcId": vpc}))["GroupId"].as_str().unwrap().to_string();
    ok(&mut l.c, "SetSecurityGroups", json!({"LoadBalancerArn": l.lb, "SecurityGroups": [g]}));
    // The group is in use by the nodes: EC2 refuses to delete it while the load balancer lives.
    let e = l.c.call("ec2", R, "DeleteSecurityGroup", json!({"GroupId": g})).unwrap_err();
    assert_eq!(e.code, "DependencyViolation");
    // The internet gateway cannot leave while the nodes have public addresses.
    let igw = ec2(&mut l.c, "DescribeInternetGateways", json!({"Filters": [{"Name": "attachment.vpc-id", "Values": [vpc]}]}))["InternetGateways"][0]
        ["InternetGatewayId"]
        .clone();
    let e = l.c.call("ec2", R, "DetachInternetGateway", json!({"InternetGatewayId": igw, "VpcId": vpc})).unwrap_err();
    assert_eq!(e.code, "DependencyViolation", "{e}");
    // A node's interface is managed by ELB: it cannot be deleted by hand.
    let node = l.c.world.regions[R].elb.load_balancers[&l.lb].nodes[0].eni_id.clone();
    let e = l.c.call("ec2", R, "DeleteNetworkInterface", json!({"NetworkInterfaceId": node})).unwrap_err();
    assert_eq!(e.code, "OperationNotPermitted");
    assert!(e.hint_en.contains("node of the load balancer app/") && !e.hint_en.contains("NAT"), "{}", e.hint_en);
    // Once the load balancer is gone, all three work.
    ok(&mut l.c, "DeleteLoadBalancer", json!({"LoadBalancerArn": l.lb}));
    ec2(&mut l.c, "DeleteSecurityGroup", json!({"GroupId": g}));
    ec2(&mut l.c, "DetachInternetGateway", json!({"InternetGatewayId": igw, "VpcId": vpc}));
}

#[test]
fn a_protocol_change_rechecks_every_rule_of_the_listener() {
    let mut l = lab();
    let li = listener(&mut l, 80);
    let redirect = json!([{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTP", "Port": "8080", "StatusCode": "HTTP_302"}}]);
    ok(&mut l.c, "CreateRule", json!({"ListenerArn": li, "Priority": 1, "Conditions": [{"Field": "path-pattern", "Values": ["/old/*"]}], "Actions": redirect}));
    let cert = json!([{"CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc"}]);
    // On HTTPS that rule would redirect HTTPS to HTTP, which AWS refuses.
    refused(&mut l.c, "ModifyListener", json!({"ListenerArn": li, "Protocol": "HTTPS", "Port": 443, "Certificates": cert}), "InvalidLoadBalancerAction");
}
