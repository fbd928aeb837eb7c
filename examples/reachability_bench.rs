//! Per-query cost of the reachability evaluation over a 1,000-instance VPC with 50 security
//! groups (run: cargo run --release --example reachability_bench). Prints ns per query for the
//! core walk (`evaluate`, what load balancers call per request) and for `CanConnect` through
//! the door (resolving names, building the JSON answer).
use ec2lab::network::reachability::{self, Endpoint};
use ec2lab::Cloud;
use serde_json::json;
use std::hint::black_box;
use std::time::Instant;

const R: &str = "us-east-1";

fn main() {
    let mut c = Cloud::new(1);
    let call = |c: &mut Cloud, op: &str, p: serde_json::Value| c.call("ec2", R, op, p).unwrap_or_else(|e| panic!("{op}: {e}"));
    let vpc = call(&mut c, "CreateVpc", json!({"CidrBlock": "10.0.0.0/16"}))["Vpc"]["VpcId"].as_str().unwrap().to_string();
    let igw = call(&mut c, "CreateInternetGateway", json!({}))["InternetGateway"]["InternetGatewayId"].as_str().unwrap().to_string();
    call(&mut c, "AttachInternetGateway", json!({"InternetGatewayId": igw, "VpcId": vpc}));
    let rtb = call(&mut c, "DescribeRouteTables", json!({"Filters": [{"Name": "vpc-id", "Values": [vpc]}]}))["RouteTables"][0]["RouteTableId"]
        .as_str()
        .unwrap()
        .to_string();
    call(&mut c, "CreateRoute", json!({"RouteTableId": rtb, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw}));
    let zones = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"];
    let subnets: Vec<String> = (0..4)
        .map(|i| {
            let s = call(&mut c, "CreateSubnet", json!({"VpcId": vpc, "CidrBlock": format!("10.0.{}.0/22", i * 4), "AvailabilityZone": zones[i]}))["Subnet"]
                ["SubnetId"]
                .as_str()
                .unwrap()
                .to_string();
            call(&mut c, "ModifySubnetAttribute", json!({"SubnetId": s, "MapPublicIpOnLaunch": {"Value": true}}));
            s
        })
        .collect();
    // 50 groups, 10 rules each: CIDRs, ports, and references to other groups.
    let groups: Vec<String> = (0..50)
        .map(|i| {
            call(&mut c, "CreateSecurityGroup", json!({"GroupName": format!("g{i}"), "Description": "bench", "VpcId": vpc}))["GroupId"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    for (i, g) in groups.iter().enumerate() {
        let mut perms = vec![];
        for k in 0..7 {
            perms.push(json!({"IpProtocol": "tcp", "FromPort": 8000 + k, "ToPort": 8000 + k, "IpRanges": [{"CidrIp": format!("10.{}.0.0/16", k + 1)}]}));
        }
        perms.push(json!({"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}));
        perms.push(json!({"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "UserIdGroupPairs": [{"GroupId": groups[(i + 1) % 50]}]}));
        perms.push(json!({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "203.0.113.0/24"}]}));
        call(&mut c, "AuthorizeSecurityGroupIngress", json!({"GroupId": g, "IpPermissions": perms}));
    }
    let img = call(&mut c, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]}))["Images"][0]["ImageId"].clone();
    let mut n = 0;
    for (s, subnet) in subnets.iter().enumerate() {
        for b in 0..10 {
            let gs: Vec<&String> = (0..3).map(|k| &groups[(s * 10 + b + k * 7) % 50]).collect();
            call(
                &mut c,
                "RunInstances",
                json!({"ImageId": img, "InstanceType": "t2.micro", "MinCount": 25, "MaxCount": 25, "SubnetId": subnet, "SecurityGroupIds": gs}),
            );
            n += 25;
        }
    }
    c.advance(600_000);
    let reg = &c.world.regions[R];
    let enis: Vec<&ec2lab::network::NetworkInterface> = reg.network.enis.values().filter(|e| e.vpc_id == vpc).collect();
    println!("{n} instances, {} ENIs, {} groups in the VPC", enis.len(), groups.len());

    // Core: a mix of instance→instance (3306, 80), internet→instance (80, 22), instance→internet (443).
    let mut queries = Vec::new();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..4096 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let a = enis[(x % enis.len() as u64) as usize];
        let b = enis[((x >> 20) % enis.len() as u64) as usize];
        let (src, dst, port) = match i % 5 {
            0 => (Endpoint::Eni(a), Endpoint::Eni(b), 3306),
            1 => (Endpoint::Eni(a), Endpoint::Eni(b), 80),
            2 => (Endpoint::External(reachability::INTERNET_CLIENT), Endpoint::Eni(b), 80),
            3 => (Endpoint::External(reachability::MY_IP), Endpoint::Eni(b), 22),
            _ => (Endpoint::Eni(a), Endpoint::External(reachability::INTERNET_HOST), 443),
        };
        let addressing = if matches!(src, Endpoint::Eni(_)) && matches!(dst, Endpoint::Eni(_)) {
            reachability::Addressing::Private
        } else {
            reachability::Addressing::Public
        };
        queries.push(reachability::Query { source: src, destination: dst, addressing, protocol: 6, port, source_port: 49152, via_igw: None });
    }
    let mut allowed = 0usize;
    for q in &queries {
        allowed += reachability::evaluate(reg, q).allowed as usize;
    }
    let rounds = 200;
    let t = Instant::now();
    for _ in 0..rounds {
        for q in &queries {
            black_box(reachability::evaluate(reg, black_box(q)));
        }
    }
    let per = t.elapsed().as_nanos() as f64 / (rounds * queries.len()) as f64;
    println!("core evaluate: {per:.0} ns/query ({allowed} of {} allowed)", queries.len());

    // Through the door: names resolved, JSON answer built.
    let ids: Vec<String> = enis.iter().filter_map(|e| e.instance_id().map(str::to_string)).collect();
    let t = Instant::now();
    let m = 2000;
    for i in 0..m {
        let a = &ids[(i * 7919) % ids.len()];
        let b = &ids[(i * 104729 + 13) % ids.len()];
        black_box(c.answer("ec2lab", R, "CanConnect", json!({"Source": a, "Destination": b, "Port": 3306})).unwrap());
    }
    println!("CanConnect via the door (typed answer): {:.1} µs/call", t.elapsed().as_nanos() as f64 / m as f64 / 1000.0);
}
