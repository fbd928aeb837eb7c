//! Traffic through load balancers: what instances serve (`Serve`, `Fail`), one request from a
//! node to a target (`elb::apps::deliver`: instance state, the network, the app, faults), and
//! routing through listeners and rules (`RouteRequest`, `SendTraffic`).
use ec2lab::elb::apps::{self, AppReply};
use ec2lab::elb::http::HttpRequest;
use ec2lab::elb::TargetKey;
use ec2lab::{ApiError, Cloud};
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn ok(c: &mut Cloud, op: &str, p: Value) -> Value {
    c.call("ec2", R, op, p).unwrap_or_else(|e| panic!("{op}: {e:?}"))
}

fn lab(c: &mut Cloud, op: &str, p: Value) -> Result<Value, ApiError> {
    c.call("ec2lab", R, op, p)
}

/// A default VPC with two web servers (AZ a and b, group web-sg) and a load balancer node ENI
/// per AZ (group lb-sg). web-sg opens 8000 to lb-sg only when `open` is true.
struct Net {
    c: Cloud,
    web_sg: String,
    lb_sg: String,
    subnets: Vec<String>,
    web: Vec<String>,
    nodes: Vec<String>,
}

fn sg(c: &mut Cloud, name: &str) -> String {
    ok(c, "CreateSecurityGroup", json!({"GroupName": name, "Description": name}))["GroupId"].as_str().unwrap().to_string()
}

fn open_from_group(c: &mut Cloud, group: &str, port: i64, source: &str) {
    ok(c, "AuthorizeSecurityGroupIngress", json!({"GroupId": group, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "UserIdGroupPairs": [{"GroupId": source}]}]}));
}

impl Net {
    fn new(open: bool) -> Net {
        let mut c = Cloud::new(11);
        let subnets: Vec<String> = {
            let v = ok(&mut c, "DescribeSubnets", json!({"Filters": [{"Name": "default-for-az", "Values": ["true"]}]}));
            let mut s: Vec<(String, String)> =
                v["Subnets"].as_array().unwrap().iter().map(|s| (s["AvailabilityZone"].as_str().unwrap().to_string(), s["SubnetId"].as_str().unwrap().to_string())).collect();
            s.sort();
            s.into_iter().take(2).map(|(_, id)| id).collect()
        };
        let web_sg = sg(&mut c, "web-sg");
        let lb_sg = sg(&mut c, "lb-sg");
        if open {
            open_from_group(&mut c, &web_sg, 8000, &lb_sg);
        }
        let img = ok(&mut c, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]}))["Images"][0]["ImageId"].clone();
        let mut web = vec![];
        for s in &subnets {
            let r = ok(&mut c, "RunInstances", json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "SubnetId": s, "SecurityGroupIds": [web_sg]}));
            web.push(r["Instances"][0]["InstanceId"].as_str().unwrap().to_string());
        }
        let mut nodes = vec![];
        for s in &subnets {
            let r = ok(&mut c, "CreateNetworkInterface", json!({"SubnetId": s, "Groups": [lb_sg], "Description": "ELB app/test/0123456789abcdef"}));
            nodes.push(r["NetworkInterface"]["NetworkInterfaceId"].as_str().unwrap().to_string());
        }
        c.advance(120_000);
        Net { c, web_sg, lb_sg, subnets, web, nodes }
    }

    fn deliver(&mut self, node: usize, target: usize, port: u16, path: &str, timeout_ms: u64) -> apps::Delivery {
        let req = HttpRequest { method: "GET".into(), path: path.into(), headers: vec![("Host".into(), "lb.example.com".into())], ..Default::default() };
        let key = TargetKey { id: self.web[target].clone(), port };
        let node = self.nodes[node].clone();
        apps::deliver(&mut self.c.world, R, &node, &key, &req, timeout_ms)
    }
}

fn response(d: &apps::Delivery) -> (u16, String, u64) {
    match &d.reply {
        AppReply::Response { response, elapsed_ms } => (response.status, String::from_utf8_lossy(&response.body).into_owned(), *elapsed_ms),
        other => panic!("no response: {other:?} {:?}", d.blocked),
    }
}

#[test]
fn deliver_reaches_the_default_app_through_the_network() {
    let mut n = Net::new(true);
    let served = lab(&mut n.c, "Serve", json!({"InstanceId": n.web[0], "Port": 8000})).unwrap();
    assert_eq!(served, json!({"InstanceId": n.web[0], "Port": 8000, "Kind": "routes"}));
    let (status, body, elapsed) = response(&n.deliver(0, 0, 8000, "/anything", 5000));
    assert_eq!((status, body.as_str(), elapsed), (200, format!("Hello from {}", n.web[0]).as_str(), 2 * apps::HOP_MS_SAME_AZ));
    // across AZs the hop is longer
    let (_, _, elapsed) = response(&n.deliver(1, 0, 8000, "/", 5000));
    assert_eq!(elapsed, 2 * apps::HOP_MS_CROSS_AZ);
    // nothing listens on another port, or on the other instance: refused
    assert_eq!(n.deliver(0, 1, 8000, "/", 5000).reply, AppReply::Refused);
    let _ = (&n.subnets, &n.web_sg, &n.lb_sg);
}

#[test]
fn a_closed_security_group_drops_the_request_with_the_reason() {
    let mut n = Net::new(false);
    lab(&mut n.c, "Serve", json!({"InstanceId": n.web[0], "Port": 8000})).unwrap();
    let d = n.deliver(0, 0, 8000, "/", 5000);
    assert_eq!(d.reply, AppReply::NoAnswer);
    let why = d.blocked.expect("blocked");
    assert!(why.contains("security-group-ingress") && why.contains(&n.web_sg) && why.contains("ENI_SG_RULES_MISMATCH"), "{why}");
    open_from_group(&mut n.c, &n.web_sg.clone(), 8000, &n.lb_sg.clone());
    assert_eq!(response(&n.deliver(0, 0, 8000, "/", 5000)).0, 200);
}

#[test]
fn routes_match_by_path_and_method_with_delays_and_timeouts() {
    let mut n = Net::new(true);
    let routes = json!([
        {"Path": "/books/*", "Body": "books", "Headers": {"X-App": "shelf"}},
        {"Path": "/slow", "DelayMs": 7000, "Body": "late"},
        {"Path": "/api", "Method": "POST", "Status": 201},
    ]);
    lab(&mut n.c, "Serve", json!({"InstanceId": n.web[0], "Port": 8000, "Routes": routes})).unwrap();
    assert_eq!(response(&n.deliver(0, 0, 8000, "/books/1", 5000)).1, "books");
    assert_eq!(response(&n.deliver(0, 0, 8000, "/books", 5000)).0, 404);
    assert_eq!(response(&n.deliver(0, 0, 8000, "/api", 5000)).0, 404, "GET does not match a POST route");
    assert_eq!(n.deliver(0, 0, 8000, "/slow", 5000).reply, AppReply::NoAnswer);
    assert_eq!(response(&n.deliver(0, 0, 8000, "/slow", 60_000)).2, 7000 + 2 * apps::HOP_MS_SAME_AZ);
}

#[test]
fn faults_break_the_server_and_none_recovers() {
    let mut n = Net::new(true);
    lab(&mut n.c, "Serve", json!({"InstanceId": n.web[0], "Port": 8000})).unwrap();
    let fail = |n: &mut Net, p: Value| lab(&mut n.c, "Fail", p).unwrap();
    let id = n.web[0].clone();
    assert_eq!(fail(&mut n, json!({"InstanceId": id, "Mode": "refuse"})), json!({"InstanceId": id, "Ports": [8000], "Mode": "refuse"}));
    assert_eq!(n.deliver(0, 0, 8000, "/", 5000).reply, AppReply::Refused);
    fail(&mut n, json!({"InstanceId": id, "Mode": "reset", "Port": 8000}));
    assert_eq!(n.deliver(0, 0, 8000, "/", 5000).reply, AppReply::Reset);
    fail(&mut n, json!({"InstanceId": id, "Mode": "hang"}));
    assert_eq!(n.deliver(0, 0, 8000, "/", 5000).reply, AppReply::NoAnswer);
    fail(&mut n, json!({"InstanceId": id, "Mode": "status", "Status": 503}));
    assert_eq!(response(&n.deliver(0, 0, 8000, "/", 5000)).0, 503);
    fail(&mut n, json!({"InstanceId": id, "Mode": "slow", "DelayMs": 6000}));
    assert_eq!(n.deliver(0, 0, 8000, "/", 5000).reply, AppReply::NoAnswer);
    assert_eq!(response(&n.deliver(0, 0, 8000, "/", 10_000)).2, 6000 + 2);
    fail(&mut n, json!({"InstanceId": id, "Mode": "none"}));
    assert_eq!(response(&n.deliver(0, 0, 8000, "/", 5000)).0, 200);
    // StopServing: nothing listens any more
    assert_eq!(lab(&mut n.c, "StopServing", json!({"InstanceId": id})).unwrap(), json!({"InstanceId": id, "Ports": [8000]}));
    assert_eq!(n.deliver(0, 0, 8000, "/", 5000).reply, AppReply::Refused);
}

#[test]
fn a_stopped_instance_serves_nothing() {
    let mut n = Net::new(true);
    lab(&mut n.c, "Serve", json!({"InstanceId": n.web[0], "Port": 8000})).unwrap();
    ok(&mut n.c, "StopInstances", json!({"InstanceIds": [n.web[0]]}));
    assert_eq!(n.deliver(0, 0, 8000, "/", 5000).reply, AppReply::Refused);
    n.c.advance(600_000);
    assert_eq!(n.deliver(0, 0, 8000, "/", 5000).reply, AppReply::Refused);
    ok(&mut n.c, "StartInstances", json!({"InstanceIds": [n.web[0]]}));
    n.c.advance(600_000);
    assert_eq!(response(&n.deliver(0, 0, 8000, "/", 5000)).0, 200, "the app comes back with the instance");
}

#[test]
fn serve_stop_and_fail_refusals_leave_the_world_unchanged() {
    let mut n = Net::new(true);
    lab(&mut n.c, "Serve", json!({"InstanceId": n.web[0], "Port": 8000})).unwrap();
    let id = n.web[0].clone();
    let cases = [
        ("Serve", json!({"InstanceId": "i-0123456789abcdef0", "Port": 80}), "InvalidInstanceID.NotFound"),
        ("Serve", json!({"InstanceId": id, "Port": 0}), "InvalidParameterValue"),
        ("Serve", json!({"InstanceId": id, "Port": 80, "Routes": [{"Path": "books"}]}), "InvalidParameterValue"),
        ("Serve", json!({"InstanceId": id, "Port": 80, "Routes": [{"Path": "/", "Status": 700}]}), "InvalidParameterValue"),
        ("Serve", json!({"InstanceId": id, "Port": 80, "Routes": [{"Path": "/", "Method": "get"}]}), "InvalidParameterValue"),
        ("Serve", json!({"InstanceId": id, "Port": 80, "Routes": [{"Path": "/", "DelayMs": -1}]}), "InvalidParameterValue"),
        ("Serve", json!({"InstanceId": id, "Port": 80, "ExternalHandle": 99}), "InvalidParameterValue"),
        ("Serve", json!({"InstanceId": id, "Port": 80, "ExternalHandle": 1, "Routes": [{"Path": "/"}]}), "InvalidParameterCombination"),
        ("Serve", json!({"InstanceId": id, "Port": 80, "Bogus": 1}), "ParamValidation"),
        ("StopServing", json!({"InstanceId": id, "Port": 9000}), "InvalidParameterValue"),
        ("Fail", json!({"InstanceId": id, "Mode": "explode"}), "InvalidParameterValue"),
        ("Fail", json!({"InstanceId": id, "Mode": "status", "Status": 42}), "InvalidParameterValue"),
        ("Fail", json!({"InstanceId": n.web[1], "Mode": "refuse"}), "InvalidParameterValue"),
    ];
    for (op, p, code) in cases {
        let before = format!("{:?}", n.c.world);
        let e = lab(&mut n.c, op, p.clone()).expect_err(&format!("{op} {p}"));
        assert_eq!(e.code, code, "{op} {p}: {e:?}");
        if code != "ParamValidation" {
            assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{op} {p}: hints");
        }
        assert_eq!(before, format!("{:?}", n.c.world), "{op} {p} changed the world");
    }
    ok(&mut n.c, "TerminateInstances", json!({"InstanceIds": [n.web[1]]}));
    assert_eq!(lab(&mut n.c, "Serve", json!({"InstanceId": n.web[1], "Port": 80})).unwrap_err().code, "IncorrectInstanceState");
}
