//! Per-request cost of routing through an application load balancer (run: cargo run --release
//! --example elb_route_bench): a listener with 20 path rules before the default one, two
//! targets behind it. Prints µs per request for `RouteRequest` through the door (parsing the
//! JSON, routing, the reachability check node → target, the app, the JSON answer), for
//! `elb::routing::route` alone, and per request inside `SendTraffic` (health rounds included).
use ec2lab::elb::http::HttpRequest;
use ec2lab::elb::routing::{self, Incoming};
use ec2lab::Cloud;
use serde_json::{json, Value};
use std::hint::black_box;
use std::time::Instant;

const R: &str = "us-east-1";

fn call(c: &mut Cloud, service: &str, op: &str, p: Value) -> Value {
    c.call(service, R, op, p).unwrap_or_else(|e| panic!("{op}: {e:?}"))
}

fn main() {
    let mut c = Cloud::new(3);
    let v = call(&mut c, "ec2", "DescribeSubnets", json!({"Filters": [{"Name": "default-for-az", "Values": ["true"]}]}));
    let mut s: Vec<(String, String)> =
        v["Subnets"].as_array().unwrap().iter().map(|s| (s["AvailabilityZone"].as_str().unwrap().into(), s["SubnetId"].as_str().unwrap().into())).collect();
    s.sort();
    let subnets: Vec<String> = s.into_iter().take(2).map(|(_, id)| id).collect();
    let vpc = call(&mut c, "ec2", "DescribeVpcs", json!({}))["Vpcs"][0]["VpcId"].as_str().unwrap().to_string();
    let sg = |c: &mut Cloud, n: &str| call(c, "ec2", "CreateSecurityGroup", json!({"GroupName": n, "Description": n}))["GroupId"].as_str().unwrap().to_string();
    let (web_sg, lb_sg) = (sg(&mut c, "web"), sg(&mut c, "lb"));
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
    for s in &subnets {
        let r = call(
            &mut c,
            "ec2",
            "RunInstances",
            json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "SubnetId": s, "SecurityGroupIds": [web_sg]}),
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
    let tg = call(&mut c, "elbv2", "CreateTargetGroup", json!({"Name": "web", "Protocol": "HTTP", "Port": 8000, "VpcId": vpc}))["TargetGroups"][0]
        ["TargetGroupArn"]
        .as_str()
        .unwrap()
        .to_string();
    let targets: Vec<Value> = web.iter().map(|id| json!({"Id": id})).collect();
    call(&mut c, "elbv2", "RegisterTargets", json!({"TargetGroupArn": tg, "Targets": targets}));
    let l = call(
        &mut c,
        "elbv2",
        "CreateListener",
        json!({"LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg}]}),
    )["Listeners"][0]["ListenerArn"]
        .as_str()
        .unwrap()
        .to_string();
    for p in 1..=20 {
        call(
            &mut c,
            "elbv2",
            "CreateRule",
            json!({"ListenerArn": l, "Priority": p, "Conditions": [{"Field": "path-pattern", "Values": [format!("/api/v{p}/*")]}], "Actions": [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]}),
        );
    }
    c.advance(600_000);
    let n = 200_000;
    let t = Instant::now();
    for i in 0..n {
        let v = c.call("ec2lab", R, "RouteRequest", json!({"LoadBalancer": "web", "Path": "/books/1", "ClientPort": 1024 + i % 60000})).unwrap();
        black_box(v);
    }
    let door = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    let t = Instant::now();
    for i in 0..n {
        let request = HttpRequest {
            method: "GET".into(),
            path: "/books/1".into(),
            headers: vec![("Host".into(), "web".into())],
            client_ip: 0xC633_6407,
            client_port: 1024 + (i % 60000) as u16,
            ..Default::default()
        };
        black_box(routing::route(&mut c.world, R, Incoming { lb_arn: lb.clone(), port: 80, request }).unwrap());
    }
    let core = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    let t = Instant::now();
    let v = call(&mut c, "ec2lab", "SendTraffic", json!({"LoadBalancer": "web", "RequestsPerSecond": 1000, "Seconds": 200}));
    let traffic = t.elapsed().as_secs_f64() * 1e6 / 200_000.0;
    assert_eq!(v["ByStatus"]["200"], 200_000);
    println!("RouteRequest through the door: {door:.2} µs/request ({:.0} requests/s)", 1e6 / door);
    println!("elb::routing::route alone:     {core:.2} µs/request ({:.0} requests/s)", 1e6 / core);
    println!("SendTraffic (1000 rps x 200 s): {traffic:.2} µs/request ({:.0} requests/s)", 1e6 / traffic);
}
