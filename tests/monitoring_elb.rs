//! AWS/ApplicationELB metrics and the instances' load after traffic through a load balancer.
use ec2lab::monitoring::{datapoints, MetricKey, Stat};
use ec2lab::Cloud;
use serde_json::{json, Value};

const R: &str = "us-east-1";
const MIN: u64 = 60_000;

fn ok(c: &mut Cloud, svc: &str, op: &str, p: Value) -> Value {
    c.call(svc, R, op, p).unwrap_or_else(|e| panic!("{op}: {e:?}"))
}

/// Two t3.micro web servers behind an ALB "web" (listener 80 → target group "web" on 8000), serving.
fn fleet() -> (Cloud, Vec<String>, String, String) {
    let mut c = Cloud::new(11);
    let v = ok(&mut c, "ec2", "DescribeSubnets", json!({"Filters": [{"Name": "default-for-az", "Values": ["true"]}]}));
    let mut subnets: Vec<(String, String)> = v["Subnets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["AvailabilityZone"].as_str().unwrap().to_string(), s["SubnetId"].as_str().unwrap().to_string()))
        .collect();
    subnets.sort();
    let subnets: Vec<String> = subnets.into_iter().take(2).map(|(_, id)| id).collect();
    let vpc = ok(&mut c, "ec2", "DescribeVpcs", json!({"Filters": [{"Name": "is-default", "Values": ["true"]}]}))["Vpcs"][0]["VpcId"].clone();
    let sg = ok(&mut c, "ec2", "CreateSecurityGroup", json!({"GroupName": "web", "Description": "web"}))["GroupId"].clone();
    for port in [80, 8000] {
        ok(
            &mut c,
            "ec2",
            "AuthorizeSecurityGroupIngress",
            json!({"GroupId": sg, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}),
        );
    }
    let img =
        ok(&mut c, "ec2", "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]}))["Images"][0]["ImageId"].clone();
    let mut web = vec![];
    for s in &subnets {
        let r = ok(
            &mut c,
            "ec2",
            "RunInstances",
            json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "SubnetId": s, "SecurityGroupIds": [sg], "Monitoring": {"Enabled": true}}),
        );
        web.push(r["Instances"][0]["InstanceId"].as_str().unwrap().to_string());
    }
    c.advance(120_000);
    let lb = ok(&mut c, "elbv2", "CreateLoadBalancer", json!({"Name": "web", "Subnets": subnets, "SecurityGroups": [sg]}))["LoadBalancers"][0]
        ["LoadBalancerArn"]
        .as_str()
        .unwrap()
        .to_string();
    let tg = ok(&mut c, "elbv2", "CreateTargetGroup", json!({"Name": "web", "Protocol": "HTTP", "Port": 8000, "VpcId": vpc}))["TargetGroups"][0]
        ["TargetGroupArn"]
        .as_str()
        .unwrap()
        .to_string();
    ok(
        &mut c,
        "elbv2",
        "CreateListener",
        json!({"LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg}]}),
    );
    let targets: Vec<Value> = web.iter().map(|id| json!({"Id": id})).collect();
    ok(&mut c, "elbv2", "RegisterTargets", json!({"TargetGroupArn": tg, "Targets": targets}));
    for id in &web {
        ok(&mut c, "ec2lab", "Serve", json!({"InstanceId": id, "Port": 8000}));
    }
    c.advance(300_000);
    let now = c.now();
    c.advance_to(now.div_ceil(MIN) * MIN);
    (c, web, lb, tg)
}

fn dim(arn: &str, marker: &str) -> String {
    arn.split_once(marker).map(|(_, s)| s.to_string()).unwrap()
}

#[test]
fn send_traffic_shows_in_alb_metrics_and_in_the_targets_cpu() {
    let (mut c, web, lb, tg) = fleet();
    let lbd = format!("app/{}", dim(&lb, ":loadbalancer/app/"));
    let tgd = tg.rsplit_once(':').unwrap().1.to_string();
    assert!(tgd.starts_with("targetgroup/web/"), "{tgd}");
    let t0 = c.now();
    let sent = ok(&mut c, "ec2lab", "SendTraffic", json!({"LoadBalancer": "web", "RequestsPerSecond": 20, "Seconds": 120}));
    assert_eq!(sent["Requests"], 2400);
    c.advance(2 * MIN);
    let end = c.now();
    let key = |name: &str, dims: &[(&str, &str)]| MetricKey::new("AWS/ApplicationELB", name, dims);
    let sum = |k: &MetricKey| datapoints(&c.world, R, k, t0, end, 60, Stat::Sum).iter().map(|d| d.value).sum::<f64>();
    assert_eq!(sum(&key("RequestCount", &[("LoadBalancer", &lbd)])), 2400.0);
    assert_eq!(sum(&key("RequestCount", &[("LoadBalancer", &lbd), ("TargetGroup", &tgd)])), 2400.0);
    assert_eq!(sum(&key("HTTPCode_Target_2XX_Count", &[("LoadBalancer", &lbd)])), 2400.0);
    assert_eq!(sum(&key("HTTPCode_ELB_5XX_Count", &[("LoadBalancer", &lbd)])), 0.0);
    let healthy = datapoints(&c.world, R, &key("HealthyHostCount", &[("LoadBalancer", &lbd), ("TargetGroup", &tgd)]), t0, end, 60, Stat::Minimum);
    assert!(!healthy.is_empty() && healthy.iter().all(|d| d.value == 2.0), "{healthy:?}");
    let per_target = datapoints(&c.world, R, &key("RequestCountPerTarget", &[("TargetGroup", &tgd)]), t0, t0 + 2 * MIN, 60, Stat::Sum);
    assert_eq!(per_target.iter().map(|d| d.value).collect::<Vec<_>>(), vec![600.0, 600.0]);
    let rt = datapoints(&c.world, R, &key("TargetResponseTime", &[("LoadBalancer", &lbd)]), t0, end, 60, Stat::SampleCount);
    assert_eq!(rt.iter().map(|d| d.value).sum::<f64>(), 2400.0);
    // Each target served ~600 requests a minute at 20 ms of CPU each on 2 vCPUs: 10 % CPU.
    for id in &web {
        let cpu = datapoints(&c.world, R, &MetricKey::new("AWS/EC2", "CPUUtilization", &[("InstanceId", id)]), t0, t0 + 2 * MIN, 60, Stat::Average);
        assert_eq!(cpu.len(), 2);
        assert!(cpu.iter().all(|d| (d.value - 10.0).abs() < 1.0), "{cpu:?}");
        let net = datapoints(&c.world, R, &MetricKey::new("AWS/EC2", "NetworkOut", &[("InstanceId", id)]), t0, t0 + 2 * MIN, 60, Stat::Sum);
        assert!(net.iter().all(|d| d.value > 600.0 * 300.0));
    }
    // ListMetrics knows them; the ELB metrics' shapes through the door.
    let l = ok(&mut c, "cloudwatch", "ListMetrics", json!({"Namespace": "AWS/ApplicationELB", "MetricName": "RequestCount"}));
    assert_eq!(l["Metrics"].as_array().unwrap().len(), 2);
    let s = ok(
        &mut c,
        "cloudwatch",
        "GetMetricStatistics",
        json!({"Namespace": "AWS/ApplicationELB", "MetricName": "RequestCount", "Dimensions": [{"Name": "LoadBalancer", "Value": lbd}],
               "StartTime": ec2lab::sim::clock::iso8601(t0), "EndTime": ec2lab::sim::clock::iso8601(end), "Period": 60, "Statistics": ["Sum"]}),
    );
    insta::assert_json_snapshot!("alb_request_count", s);
}
