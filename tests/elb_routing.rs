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

fn elb(c: &mut Cloud, op: &str, p: Value) -> Value {
    c.call("elbv2", R, op, p).unwrap_or_else(|e| panic!("{op}: {e:?}"))
}

/// A default VPC with two web servers (AZ a and b, group web-sg), an internet-facing ALB "web"
/// in both AZs (group lb-sg, open on 80 to the internet) with a listener on 80 forwarding to
/// target group "web" (port 8000) where both servers are registered. web-sg opens 8000 to lb-sg
/// only when `open` is true. Nothing is served yet.
struct Net {
    c: Cloud,
    vpc: String,
    web_sg: String,
    lb_sg: String,
    subnets: Vec<String>,
    web: Vec<String>,
    nodes: Vec<String>,
    lb: String,
    tg: String,
    listener: String,
}

fn sg(c: &mut Cloud, name: &str) -> String {
    ok(c, "CreateSecurityGroup", json!({"GroupName": name, "Description": name}))["GroupId"].as_str().unwrap().to_string()
}

fn open_from_group(c: &mut Cloud, group: &str, port: i64, source: &str) {
    ok(
        c,
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": group, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "UserIdGroupPairs": [{"GroupId": source}]}]}),
    );
}

fn open_to_world(c: &mut Cloud, group: &str, port: i64) {
    ok(
        c,
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": group, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}),
    );
}

impl Net {
    fn new(open: bool) -> Net {
        Net::with(open, 2)
    }

    fn with(open: bool, servers: usize) -> Net {
        let mut c = Cloud::new(11);
        let subnets: Vec<String> = {
            let v = ok(&mut c, "DescribeSubnets", json!({"Filters": [{"Name": "default-for-az", "Values": ["true"]}]}));
            let mut s: Vec<(String, String)> = v["Subnets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| (s["AvailabilityZone"].as_str().unwrap().to_string(), s["SubnetId"].as_str().unwrap().to_string()))
                .collect();
            s.sort();
            s.into_iter().take(2).map(|(_, id)| id).collect()
        };
        let vpc =
            ok(&mut c, "DescribeVpcs", json!({"Filters": [{"Name": "is-default", "Values": ["true"]}]}))["Vpcs"][0]["VpcId"].as_str().unwrap().to_string();
        let web_sg = sg(&mut c, "web-sg");
        let lb_sg = sg(&mut c, "lb-sg");
        open_to_world(&mut c, &lb_sg, 80);
        if open {
            open_from_group(&mut c, &web_sg, 8000, &lb_sg);
        }
        let img = ok(&mut c, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]}))["Images"][0]["ImageId"].clone();
        let mut web = vec![];
        for i in 0..servers {
            let s = &subnets[i % subnets.len()];
            let r = ok(
                &mut c,
                "RunInstances",
                json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "SubnetId": s, "SecurityGroupIds": [web_sg]}),
            );
            web.push(r["Instances"][0]["InstanceId"].as_str().unwrap().to_string());
        }
        c.advance(120_000);
        let lb = elb(&mut c, "CreateLoadBalancer", json!({"Name": "web", "Subnets": subnets, "SecurityGroups": [lb_sg]}))["LoadBalancers"][0]
            ["LoadBalancerArn"]
            .as_str()
            .unwrap()
            .to_string();
        let tg = elb(&mut c, "CreateTargetGroup", json!({"Name": "web", "Protocol": "HTTP", "Port": 8000, "VpcId": vpc}))["TargetGroups"][0]["TargetGroupArn"]
            .as_str()
            .unwrap()
            .to_string();
        let listener = elb(
            &mut c,
            "CreateListener",
            json!({"LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg}]}),
        )["Listeners"][0]["ListenerArn"]
            .as_str()
            .unwrap()
            .to_string();
        let targets: Vec<Value> = web.iter().map(|id| json!({"Id": id})).collect();
        elb(&mut c, "RegisterTargets", json!({"TargetGroupArn": tg, "Targets": targets}));
        let nodes = c.world.regions[R].elb.load_balancers[&lb].nodes.iter().map(|n| n.eni_id.clone()).collect();
        c.advance(300_000);
        Net { c, vpc, web_sg, lb_sg, subnets, web, nodes, lb, tg, listener }
    }

    fn serve_all(&mut self) {
        for id in self.web.clone() {
            lab(&mut self.c, "Serve", json!({"InstanceId": id, "Port": 8000})).unwrap();
        }
    }

    fn deliver(&mut self, node: usize, target: usize, port: u16, path: &str, timeout_ms: u64) -> apps::Delivery {
        let req = HttpRequest { method: "GET".into(), path: path.into(), headers: vec![("Host".into(), "lb.example.com".into())], ..Default::default() };
        let key = TargetKey { id: self.web[target].clone(), port };
        let node = self.nodes[node].clone();
        apps::deliver(&mut self.c.world, R, &node, &key, &req, timeout_ms)
    }

    fn get(&mut self, p: Value) -> Value {
        let mut p = p;
        p["LoadBalancer"] = json!("web");
        lab(&mut self.c, "RouteRequest", p).unwrap_or_else(|e| panic!("RouteRequest: {e:?}"))
    }

    fn get_err(&mut self, p: Value) -> ApiError {
        let mut p = p;
        if p.get("LoadBalancer").is_none() {
            p["LoadBalancer"] = json!("web");
        }
        let before = format!("{:?}", self.c.world);
        let e = lab(&mut self.c, "RouteRequest", p).expect_err("refused");
        assert_eq!(before, format!("{:?}", self.c.world), "a refused request changed the world");
        assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{e:?}");
        e
    }

    fn tg_named(&mut self, name: &str) -> String {
        elb(&mut self.c, "CreateTargetGroup", json!({"Name": name, "Protocol": "HTTP", "Port": 8000, "VpcId": self.vpc}))["TargetGroups"][0]["TargetGroupArn"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn tg_attr(&mut self, tg: &str, attrs: &[(&str, &str)]) {
        let a: Vec<Value> = attrs.iter().map(|(k, v)| json!({"Key": k, "Value": v})).collect();
        elb(&mut self.c, "ModifyTargetGroupAttributes", json!({"TargetGroupArn": tg, "Attributes": a}));
    }
}

fn body(v: &Value) -> String {
    use base64::Engine;
    String::from_utf8(base64::engine::general_purpose::STANDARD.decode(v["Body"].as_str().unwrap()).unwrap()).unwrap()
}

fn header<'a>(v: &'a Value, name: &str) -> Vec<&'a str> {
    v["Headers"].as_array().unwrap().iter().filter(|h| h[0].as_str().unwrap().eq_ignore_ascii_case(name)).map(|h| h[1].as_str().unwrap()).collect()
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
    n.c.advance(600_000);
    assert_eq!(lab(&mut n.c, "Serve", json!({"InstanceId": n.web[1], "Port": 80})).unwrap_err().code, "IncorrectInstanceState");
}

// ------------------------------------------------------------------ routing through the door

#[test]
fn round_robin_alternates_between_healthy_targets_with_a_trace() {
    let mut n = Net::new(true);
    n.serve_all();
    n.c.advance(60_000);
    let mut seen = vec![];
    for _ in 0..4 {
        let v = n.get(json!({"Path": "/"}));
        assert_eq!(v["Status"], 200, "{v:#}");
        assert_eq!(body(&v), format!("Hello from {}", v["TargetId"].as_str().unwrap()));
        seen.push(v["TargetId"].as_str().unwrap().to_string());
    }
    assert_eq!(seen[0], seen[2]);
    assert_eq!(seen[1], seen[3]);
    assert_ne!(seen[0], seen[1]);
    let v = n.get(json!({}));
    let t = &v["Trace"];
    assert_eq!(t["ListenerArn"], json!(n.listener));
    assert_eq!(t["RulePriority"], "default");
    assert_eq!(t["TargetGroupArn"], json!(n.tg));
    assert_eq!(v["TargetPort"], 8000);
    assert!(t["Selection"].as_str().unwrap().contains("round_robin"), "{t:#}");
    assert!(t.get("ElbError").is_none() && t.get("Network").is_none());
}

#[test]
fn path_rules_fixed_responses_and_redirects_route_by_priority() {
    let mut n = Net::new(true);
    n.serve_all();
    let books = n.tg_named("books");
    elb(&mut n.c, "RegisterTargets", json!({"TargetGroupArn": books, "Targets": [{"Id": n.web[1]}]}));
    let rule = |c: &mut Cloud, l: &str, prio: i64, cond: Value, action: Value| {
        elb(c, "CreateRule", json!({"ListenerArn": l, "Priority": prio, "Conditions": [cond], "Actions": [action]}))["Rules"][0]["RuleArn"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let l = n.listener.clone();
    let r10 = rule(&mut n.c, &l, 10, json!({"Field": "path-pattern", "Values": ["/books/*"]}), json!({"Type": "forward", "TargetGroupArn": books}));
    rule(
        &mut n.c,
        &l,
        20,
        json!({"Field": "path-pattern", "Values": ["/health"]}),
        json!({"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200", "ContentType": "application/json", "MessageBody": "{\"ok\":true}"}}),
    );
    rule(
        &mut n.c,
        &l,
        30,
        json!({"Field": "path-pattern", "Values": ["/old/*"]}),
        json!({"Type": "redirect", "RedirectConfig": {"Path": "/new/#{path}", "StatusCode": "HTTP_301"}}),
    );
    n.c.advance(120_000);
    for _ in 0..3 {
        let v = n.get(json!({"Path": "/books/1"}));
        assert_eq!((v["Status"].clone(), v["TargetId"].clone(), v["Trace"]["RulePriority"].clone()), (json!(200), json!(n.web[1]), json!("10")), "{v:#}");
        assert_eq!(v["Trace"]["RuleArn"], json!(r10));
        assert_eq!(v["Trace"]["RulesEvaluated"], json!(["priority 10: match"]));
    }
    // /books does not match /books/*: the later rules are evaluated, then the default
    let v = n.get(json!({"Path": "/books"}));
    assert_eq!(v["Trace"]["RulePriority"], "default");
    let ev: Vec<&str> = v["Trace"]["RulesEvaluated"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
    assert_eq!(ev.len(), 4, "{ev:?}");
    assert!(ev[0].starts_with("priority 10: no match: path-pattern"), "{ev:?}");
    assert!(ev[3].starts_with("default: match"));
    let v = n.get(json!({"Path": "/health"}));
    assert_eq!((v["Status"].clone(), body(&v)), (json!(200), "{\"ok\":true}".to_string()));
    assert_eq!(header(&v, "content-type"), vec!["application/json"]);
    assert!(v.get("TargetId").is_none());
    assert_eq!(v["Trace"]["Action"], "fixed-response 200");
    let v = n.get(json!({"Path": "/old/page", "Query": "a=1", "Host": "shop.example.com"}));
    assert_eq!(v["Status"], 301);
    assert_eq!(header(&v, "location"), vec!["http://shop.example.com:80/new/old/page?a=1"]);
}

#[test]
fn alb_errors_503_502_504_with_the_reason() {
    let mut n = Net::new(true);
    // nothing served yet: the targets refuse → 502 (fail open: none is healthy)
    let v = n.get(json!({}));
    assert_eq!(v["Status"], 502, "{v:#}");
    assert_eq!(header(&v, "server"), vec!["awselb/2.0"]);
    assert!(v["Trace"]["ElbError"].as_str().unwrap().contains("refused"), "{v:#}");
    assert!(v["Trace"]["Selection"].as_str().unwrap().contains("fail open"), "{v:#}");
    // a group with no registered targets → 503
    let empty = n.tg_named("empty");
    elb(
        &mut n.c,
        "CreateRule",
        json!({"ListenerArn": n.listener, "Priority": 5, "Conditions": [{"Field": "path-pattern", "Values": ["/empty"]}], "Actions": [{"Type": "forward", "TargetGroupArn": empty}]}),
    );
    let v = n.get(json!({"Path": "/empty"}));
    assert_eq!(v["Status"], 503);
    assert!(v["Trace"]["ElbError"].as_str().unwrap().contains("no registered targets"));
    // hanging targets → 504 after the idle timeout (60 s)
    n.serve_all();
    for id in n.web.clone() {
        lab(&mut n.c, "Fail", json!({"InstanceId": id, "Mode": "hang"})).unwrap();
    }
    let v = n.get(json!({}));
    assert_eq!(v["Status"], 504);
    assert_eq!(v["ElapsedMs"], 60_001);
    // reset → 502
    for id in n.web.clone() {
        lab(&mut n.c, "Fail", json!({"InstanceId": id, "Mode": "reset"})).unwrap();
    }
    let v = n.get(json!({}));
    assert_eq!(v["Status"], 502);
    assert!(v["Trace"]["ElbError"].as_str().unwrap().contains("reset"));
}

#[test]
fn a_closed_target_port_is_a_504_after_the_connect_timeout_with_the_network_reason() {
    let mut n = Net::new(false);
    n.serve_all();
    n.c.advance(300_000);
    let v = n.get(json!({}));
    assert_eq!(v["Status"], 504, "{v:#}");
    assert_eq!(v["ElapsedMs"], 10_001, "1 ms at the load balancer + the 10 s connect timeout");
    let net = v["Trace"]["Network"].as_str().unwrap();
    assert!(net.contains("security-group-ingress") && net.contains(&n.web_sg), "{net}");
}

#[test]
fn unhealthy_targets_get_no_traffic_and_all_unhealthy_fail_open() {
    let mut n = Net::new(true);
    n.serve_all();
    n.c.advance(120_000);
    lab(&mut n.c, "Fail", json!({"InstanceId": n.web[0], "Mode": "status", "Status": 500})).unwrap();
    n.c.advance(300_000);
    for _ in 0..4 {
        let v = n.get(json!({}));
        assert_eq!(v["TargetId"], json!(n.web[1]), "{v:#}");
    }
    lab(&mut n.c, "Fail", json!({"InstanceId": n.web[1], "Mode": "status", "Status": 500})).unwrap();
    n.c.advance(300_000);
    let targets: std::collections::BTreeSet<String> = (0..4).map(|_| n.get(json!({}))["TargetId"].as_str().unwrap().to_string()).collect();
    assert_eq!(targets.len(), 2, "fail open: both get traffic");
    let v = n.get(json!({}));
    assert_eq!(v["Status"], 500);
    assert!(v["Trace"]["Selection"].as_str().unwrap().contains("fail open"));
}

#[test]
fn lb_cookie_stickiness_keeps_a_client_on_its_target() {
    let mut n = Net::new(true);
    n.serve_all();
    n.c.advance(120_000);
    let tg = n.tg.clone();
    n.tg_attr(&tg, &[("stickiness.enabled", "true"), ("stickiness.type", "lb_cookie")]);
    let v = n.get(json!({}));
    let first = v["TargetId"].clone();
    let cookies = header(&v, "set-cookie");
    assert_eq!(cookies.len(), 2, "{cookies:?}");
    assert!(cookies[0].starts_with("AWSALB=") && cookies[1].starts_with("AWSALBCORS=") && cookies[1].contains("SameSite=None"));
    let value = cookies[0].split(';').next().unwrap().to_string();
    for _ in 0..5 {
        let v = n.get(json!({"Headers": {"Cookie": value}}));
        assert_eq!(v["TargetId"], first);
        assert!(v["Trace"]["Selection"].as_str().unwrap().contains("sticky"));
    }
    // without the cookie, round robin goes on
    let other: Vec<Value> = (0..2).map(|_| n.get(json!({}))["TargetId"].clone()).collect();
    assert_ne!(other[0], other[1]);
}

#[test]
fn forwarded_headers_follow_the_xff_mode() {
    use ec2lab::elb::apps::{AppReply, ExternalApp};
    use ec2lab::elb::http::HttpResponse;
    use std::sync::Arc;
    struct Echo;
    impl ExternalApp for Echo {
        fn call(&self, r: &HttpRequest, _t: u64) -> AppReply {
            let text: Vec<String> = r.headers.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            AppReply::Response { response: HttpResponse { status: 200, headers: vec![], body: text.join("\n").into_bytes() }, elapsed_ms: 3 }
        }
    }
    let mut n = Net::new(true);
    n.c.world.externals.apps.insert(1, Arc::new(Echo));
    for id in n.web.clone() {
        lab(&mut n.c, "Serve", json!({"InstanceId": id, "Port": 8000, "ExternalHandle": 1, "Label": "echo"})).unwrap();
    }
    n.c.advance(120_000);
    let v = n.get(json!({"Headers": [["X-Forwarded-For", "10.9.9.9"]], "ClientIp": "203.0.113.5"}));
    let b = body(&v);
    assert!(b.contains("X-Forwarded-For: 10.9.9.9, 203.0.113.5") && b.contains("X-Forwarded-Proto: http") && b.contains("X-Forwarded-Port: 80"), "{b}");
    let trace_id = b.lines().find_map(|l| l.strip_prefix("X-Amzn-Trace-Id: Root=1-")).expect("a trace id");
    assert_eq!(trace_id.len(), 8 + 1 + 24, "{trace_id}");
    assert!(b.contains(&format!("Host: {}", n.c.world.regions[R].elb.load_balancers[&n.lb].dns_name)), "{b}");
    assert!(v["ElapsedMs"].as_u64().unwrap() > 3);
    let lb = n.lb.clone();
    elb(
        &mut n.c,
        "ModifyLoadBalancerAttributes",
        json!({"LoadBalancerArn": lb, "Attributes": [{"Key": "routing.http.xff_header_processing.mode", "Value": "remove"}]}),
    );
    let b = body(&n.get(json!({"Headers": [["X-Forwarded-For", "10.9.9.9"]]})));
    assert!(!b.contains("X-Forwarded-For") && b.contains("X-Forwarded-Proto"), "{b}");
    // every reply of the external app is on the tape
    assert!(n.c.world.externals.tape.len() >= 2);
}

#[test]
fn refusals_name_the_reason_and_change_nothing() {
    let mut n = Net::new(true);
    n.serve_all();
    assert_eq!(n.get_err(json!({"LoadBalancer": "nope"})).code, "LoadBalancerNotFound");
    assert_eq!(n.get_err(json!({"Port": 81})).code, "ListenerNotFound");
    assert_eq!(n.get_err(json!({"Path": "books"})).code, "InvalidParameterValue");
    assert_eq!(n.get_err(json!({"ClientIp": "300.1.1.1"})).code, "InvalidParameterValue");
    assert_eq!(n.get_err(json!({"Body": "***"})).code, "InvalidParameterValue");
    // the load balancer's group does not let the client in on 80
    let lb_sg = n.lb_sg.clone();
    ok(
        &mut n.c,
        "RevokeSecurityGroupIngress",
        json!({"GroupId": lb_sg, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}),
    );
    let e = n.get_err(json!({}));
    assert_eq!(e.code, "ConnectionTimedOut");
    assert!(e.message.contains("security-group-ingress") && e.message.contains(&lb_sg), "{}", e.message);
}

#[test]
fn an_internal_load_balancer_takes_clients_from_its_vpc_only() {
    let mut n = Net::new(true);
    n.serve_all();
    let subnets = n.subnets.clone();
    let lb_sg = n.lb_sg.clone();
    let arn = elb(&mut n.c, "CreateLoadBalancer", json!({"Name": "inner", "Scheme": "internal", "Subnets": subnets, "SecurityGroups": [lb_sg]}))
        ["LoadBalancers"][0]["LoadBalancerArn"]
        .as_str()
        .unwrap()
        .to_string();
    let tg = n.tg_named("inner");
    elb(&mut n.c, "RegisterTargets", json!({"TargetGroupArn": tg, "Targets": [{"Id": n.web[1]}]}));
    elb(
        &mut n.c,
        "CreateListener",
        json!({"LoadBalancerArn": arn, "Protocol": "HTTP", "Port": 80, "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg}]}),
    );
    assert_eq!(n.get_err(json!({"LoadBalancer": "inner"})).code, "OperationNotPermitted", "provisioning");
    n.c.advance(300_000);
    let e = n.get_err(json!({"LoadBalancer": "inner"}));
    assert_eq!(e.code, "InvalidParameterValue");
    assert!(e.message.contains("internal"));
    let inside = ok(&mut n.c, "DescribeInstances", json!({"InstanceIds": [n.web[0]]}))["Reservations"][0]["Instances"][0]["PrivateIpAddress"]
        .as_str()
        .unwrap()
        .to_string();
    let v = lab(&mut n.c, "RouteRequest", json!({"LoadBalancer": "inner", "ClientIp": inside})).unwrap();
    assert_eq!(v["Status"], 200, "{v:#}");
    assert_eq!(v["TargetId"], json!(n.web[1]));
}

#[test]
fn send_traffic_spreads_requests_and_counts_them() {
    let mut n = Net::new(true);
    n.serve_all();
    n.c.advance(120_000);
    let start = n.c.now();
    let v = lab(&mut n.c, "SendTraffic", json!({"LoadBalancer": "web", "RequestsPerSecond": 10, "Seconds": 20})).unwrap();
    assert_eq!(v["Requests"], 200);
    assert_eq!(v["ByStatus"], json!({"200": 200}));
    let by: Vec<u64> = n.web.iter().map(|id| v["ByTarget"][format!("{id}:8000")].as_u64().unwrap()).collect();
    assert_eq!(by, vec![100, 100]);
    assert_eq!(v["ByTargetGroup"][&n.tg], 200);
    assert_eq!(n.c.now(), start + 20_000, "virtual time moved by the traffic's duration");
    let e = lab(&mut n.c, "SendTraffic", json!({"LoadBalancer": "web", "RequestsPerSecond": 100_000, "Seconds": 11})).unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
}

#[test]
fn a_target_failing_under_traffic_loses_it_after_the_unhealthy_threshold() {
    let mut n = Net::new(true);
    n.serve_all();
    n.c.advance(120_000);
    lab(&mut n.c, "Fail", json!({"InstanceId": n.web[0], "Mode": "status", "Status": 500})).unwrap();
    let v = lab(&mut n.c, "SendTraffic", json!({"LoadBalancer": "web", "RequestsPerSecond": 2, "Seconds": 300})).unwrap();
    let bad = v["ByStatus"]["500"].as_u64().unwrap();
    let good = v["ByStatus"]["200"].as_u64().unwrap();
    assert_eq!(bad + good, 600);
    // 2 failed checks 30 s apart: at most ~60 s of half the traffic failed
    assert!(bad > 0 && bad <= 70, "{v:#}");
}

#[test]
fn a_network_load_balancer_hashes_flows_and_adds_no_headers() {
    let mut n = Net::new(true);
    n.serve_all();
    let subnets = n.subnets.clone();
    let lb_sg = n.lb_sg.clone();
    let arn = elb(&mut n.c, "CreateLoadBalancer", json!({"Name": "tcp", "Type": "network", "Subnets": subnets, "SecurityGroups": [lb_sg]}))["LoadBalancers"][0]
        ["LoadBalancerArn"]
        .as_str()
        .unwrap()
        .to_string();
    let tg = elb(&mut n.c, "CreateTargetGroup", json!({"Name": "tcp", "Protocol": "TCP", "Port": 8000, "VpcId": n.vpc}))["TargetGroups"][0]["TargetGroupArn"]
        .as_str()
        .unwrap()
        .to_string();
    let targets: Vec<Value> = n.web.iter().map(|id| json!({"Id": id})).collect();
    elb(&mut n.c, "RegisterTargets", json!({"TargetGroupArn": tg, "Targets": targets}));
    elb(
        &mut n.c,
        "CreateListener",
        json!({"LoadBalancerArn": arn, "Protocol": "TCP", "Port": 80, "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg}]}),
    );
    n.c.advance(400_000);
    let mut per_flow = std::collections::BTreeMap::new();
    let mut all = std::collections::BTreeSet::new();
    for port in 40000..40040 {
        for _ in 0..3 {
            let v = lab(&mut n.c, "RouteRequest", json!({"LoadBalancer": "tcp", "ClientPort": port})).unwrap();
            assert_eq!(v["Status"], 200, "{v:#}");
            let t = v["TargetId"].as_str().unwrap().to_string();
            assert_eq!(per_flow.entry(port).or_insert_with(|| t.clone()), &t, "one flow, one target");
            all.insert(t);
            assert!(v["Trace"]["Selection"].as_str().unwrap().contains("flow hash"));
        }
    }
    assert_eq!(all.len(), 2, "flows spread over both targets");
    let gw = elb(&mut n.c, "CreateLoadBalancer", json!({"Name": "gw", "Type": "gateway", "Subnets": [n.subnets[0]]}));
    let _ = gw;
    n.c.advance(400_000);
    assert_eq!(n.get_err(json!({"LoadBalancer": "gw", "Port": 6081})).code, "OperationNotPermitted");
}

#[test]
fn a_recording_with_an_external_app_replays_from_its_tape() {
    use ec2lab::elb::apps::{AppReply, ExternalApp};
    use ec2lab::elb::http::HttpResponse;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Arc;
    /// A counter: each answer differs, so only the tape can reproduce them.
    struct Counter(AtomicU64);
    impl ExternalApp for Counter {
        fn call(&self, _r: &HttpRequest, _t: u64) -> AppReply {
            let n = self.0.fetch_add(1, Ordering::SeqCst);
            let status = if n % 7 == 6 { 500 } else { 200 };
            AppReply::Response {
                response: HttpResponse { status, headers: vec![("X-N".into(), n.to_string())], body: format!("call {n}").into_bytes() },
                elapsed_ms: n % 5,
            }
        }
    }
    let mut n = Net::new(true);
    n.c.world.externals.apps.insert(7, Arc::new(Counter(AtomicU64::new(0))));
    for id in n.web.clone() {
        lab(&mut n.c, "Serve", json!({"InstanceId": id, "Port": 8000, "ExternalHandle": 7, "Label": "counter"})).unwrap();
    }
    n.c.advance(200_000);
    for _ in 0..5 {
        n.get(json!({}));
    }
    lab(&mut n.c, "SendTraffic", json!({"LoadBalancer": "web", "RequestsPerSecond": 3, "Seconds": 40})).unwrap();
    let rec = n.c.recording(R);
    assert!(rec.app_replies.len() > 120, "health checks and requests are on the tape: {}", rec.app_replies.len());
    let text = serde_json::to_string(&rec).unwrap();
    let (replayed, _) = ec2lab::record::load(&text, None).expect("replays from the tape");
    assert_eq!(ec2lab::record::world_digest(&replayed.world), rec.digest);
    // another reply on the tape makes a different world: the replay refuses it
    let mut edited = rec.clone();
    edited.app_replies[3] = ec2lab::record::TapeEntry::Refused;
    assert!(ec2lab::record::load(&serde_json::to_string(&edited).unwrap(), None).is_err());
}

#[test]
fn response_shapes() {
    let mut n = Net::new(true);
    n.serve_all();
    n.c.advance(60_000);
    let v = n.get(json!({"Path": "/books/1", "Query": "a=1", "Headers": {"User-Agent": "test"}}));
    insta::assert_json_snapshot!("route_request", v);
    let v = lab(&mut n.c, "SendTraffic", json!({"LoadBalancer": "web", "RequestsPerSecond": 2, "Seconds": 3, "Paths": ["/", "/x"]})).unwrap();
    insta::assert_json_snapshot!("send_traffic", v);
}

#[test]
fn app_cookie_stickiness_follows_the_apps_own_cookie() {
    let mut n = Net::new(true);
    for id in n.web.clone() {
        let routes = json!([{"Path": "/login", "Headers": {"Set-Cookie": "SESSION=abc; Path=/"}, "Body": id}, {"Path": "/*", "Body": id}]);
        lab(&mut n.c, "Serve", json!({"InstanceId": id, "Port": 8000, "Routes": routes})).unwrap();
    }
    n.c.advance(200_000);
    let tg = n.tg.clone();
    n.tg_attr(&tg, &[("stickiness.enabled", "true"), ("stickiness.type", "app_cookie"), ("stickiness.app_cookie.cookie_name", "SESSION")]);
    // no app cookie in the answer: no AWSALBAPP cookie
    assert!(header(&n.get(json!({"Path": "/"})), "set-cookie").is_empty());
    let v = n.get(json!({"Path": "/login"}));
    let target = v["TargetId"].clone();
    let cookies = header(&v, "set-cookie");
    let app = cookies.iter().find(|c| c.starts_with("AWSALBAPP-0=")).expect("AWSALBAPP-0 set");
    let cookie = format!("SESSION=abc; {}", app.split(';').next().unwrap());
    for _ in 0..4 {
        assert_eq!(n.get(json!({"Headers": {"Cookie": cookie}}))["TargetId"], target);
    }
}

#[test]
fn target_group_stickiness_keeps_a_client_on_its_group() {
    let mut n = Net::new(true);
    n.serve_all();
    let b = n.tg_named("b");
    elb(&mut n.c, "RegisterTargets", json!({"TargetGroupArn": b, "Targets": [{"Id": n.web[1]}]}));
    let forward = json!({"Type": "forward", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": n.tg, "Weight": 1}, {"TargetGroupArn": b, "Weight": 1}], "TargetGroupStickinessConfig": {"Enabled": true, "DurationSeconds": 300}}});
    elb(
        &mut n.c,
        "CreateRule",
        json!({"ListenerArn": n.listener, "Priority": 1, "Conditions": [{"Field": "path-pattern", "Values": ["/*"]}], "Actions": [forward]}),
    );
    n.c.advance(200_000);
    let v = n.get(json!({}));
    let group = v["TargetGroupArn"].clone();
    let cookies = header(&v, "set-cookie");
    assert!(cookies.iter().any(|c| c.starts_with("AWSALBTG=")) && cookies.iter().any(|c| c.starts_with("AWSALBTGCORS=")), "{cookies:?}");
    let cookie = cookies.iter().find(|c| c.starts_with("AWSALBTG=")).unwrap().split(';').next().unwrap().to_string();
    for _ in 0..6 {
        let v = n.get(json!({"Headers": {"Cookie": cookie}}));
        assert_eq!(v["TargetGroupArn"], group);
        assert!(v["Trace"]["Action"].as_str().unwrap().contains("AWSALBTG"));
    }
    let groups: std::collections::BTreeSet<String> = (0..20).map(|_| n.get(json!({}))["TargetGroupArn"].as_str().unwrap().to_string()).collect();
    assert_eq!(groups.len(), 2, "without the cookie both groups get traffic");
}

#[test]
fn least_outstanding_requests_sends_less_to_a_slow_target() {
    let run = |alg: &str| {
        let mut n = Net::new(true);
        lab(&mut n.c, "Serve", json!({"InstanceId": n.web[0], "Port": 8000, "Routes": [{"Path": "/*", "DelayMs": 900}]})).unwrap();
        lab(&mut n.c, "Serve", json!({"InstanceId": n.web[1], "Port": 8000})).unwrap();
        n.c.advance(200_000);
        let tg = n.tg.clone();
        n.tg_attr(&tg, &[("load_balancing.algorithm.type", alg)]);
        let v = lab(&mut n.c, "SendTraffic", json!({"LoadBalancer": "web", "RequestsPerSecond": 20, "Seconds": 10})).unwrap();
        let slow = v["ByTarget"][format!("{}:8000", n.web[0])].as_u64().unwrap_or(0);
        // nothing stays counted once the traffic is over
        assert!(n.c.world.regions[R].elb.target_groups[&n.tg].targets.values().all(|t| t.outstanding == 0));
        slow
    };
    assert_eq!(run("round_robin"), 100);
    let lor = run("least_outstanding_requests");
    assert!(lor < 30, "the slow target got {lor} of 200");
    let random = run("weighted_random");
    assert!((70..=130).contains(&random), "weighted_random: {random} of 200");
}

#[test]
fn cross_zone_off_keeps_requests_in_the_nodes_az() {
    let mut n = Net::new(true);
    n.serve_all();
    n.c.advance(200_000);
    let tg = n.tg.clone();
    n.tg_attr(&tg, &[("load_balancing.cross_zone.enabled", "false")]);
    let az_of: std::collections::BTreeMap<String, String> =
        n.web.iter().map(|id| (id.clone(), n.c.world.regions[R].compute.instances[id].az.clone())).collect();
    let mut seen = std::collections::BTreeSet::new();
    for port in 2000..2030 {
        let v = n.get(json!({"ClientPort": port}));
        let sel = v["Trace"]["Selection"].as_str().unwrap();
        let az = &az_of[v["TargetId"].as_str().unwrap()];
        assert!(sel.starts_with(&format!("node in {az}:")) && sel.contains("cross-zone off"), "{sel}");
        seen.insert(az.clone());
    }
    assert_eq!(seen.len(), 2, "clients land on both nodes");
    // no target left in one AZ: DNS sends its clients to the other node
    let lone = n.web[1].clone();
    elb(&mut n.c, "DeregisterTargets", json!({"TargetGroupArn": tg, "Targets": [{"Id": lone}]}));
    for port in 2000..2010 {
        let v = n.get(json!({"ClientPort": port}));
        assert_eq!(v["TargetId"], json!(n.web[0]), "{v:#}");
    }
}

#[test]
fn slow_start_ramps_a_newly_healthy_target_up() {
    let mut n = Net::new(true);
    lab(&mut n.c, "Serve", json!({"InstanceId": n.web[0], "Port": 8000})).unwrap();
    let tg = n.tg.clone();
    n.tg_attr(&tg, &[("slow_start.duration_seconds", "300")]);
    n.c.advance(200_000);
    lab(&mut n.c, "Serve", json!({"InstanceId": n.web[1], "Port": 8000})).unwrap();
    let late = n.web[1].clone();
    let healthy = |n: &mut Net| n.c.world.regions[R].elb.target_groups[&n.tg].targets.values().filter(|t| t.state == ec2lab::elb::HealthState::Healthy).count();
    let mut waited = 0;
    while healthy(&mut n) < 2 {
        n.c.advance(5_000);
        waited += 1;
        assert!(waited < 100, "the second target never became healthy");
    }
    let share = |n: &mut Net| {
        let v = lab(&mut n.c, "SendTraffic", json!({"LoadBalancer": "web", "RequestsPerSecond": 20, "Seconds": 30})).unwrap();
        v["ByTarget"][format!("{late}:8000")].as_u64().unwrap_or(0)
    };
    let first = share(&mut n);
    assert!(first < 100, "in its first 30 s the new target got {first} of 600");
    n.c.advance(300_000);
    let after = share(&mut n);
    assert_eq!(after, 300, "after slow start: round robin again");
}

#[test]
fn send_traffic_routes_by_the_same_rules_as_single_requests() {
    let mut n = Net::new(true);
    n.serve_all();
    let books = n.tg_named("books");
    elb(&mut n.c, "RegisterTargets", json!({"TargetGroupArn": books, "Targets": [{"Id": n.web[1]}]}));
    elb(
        &mut n.c,
        "CreateRule",
        json!({"ListenerArn": n.listener, "Priority": 7, "Conditions": [{"Field": "path-pattern", "Values": ["/books/*"]}], "Actions": [{"Type": "forward", "TargetGroupArn": books}]}),
    );
    elb(
        &mut n.c,
        "CreateRule",
        json!({"ListenerArn": n.listener, "Priority": 8, "Conditions": [{"Field": "path-pattern", "Values": ["/teapot"]}], "Actions": [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "418"}}]}),
    );
    n.c.advance(300_000);
    let paths = ["/books/1", "/teapot", "/", "/books", "/books/2?x=1"];
    let mut single = n.c.clone();
    let v = lab(&mut n.c, "SendTraffic", json!({"LoadBalancer": "web", "RequestsPerSecond": 5, "Seconds": 1, "Paths": paths})).unwrap();
    let mut by_status = std::collections::BTreeMap::new();
    let mut by_target = std::collections::BTreeMap::new();
    for (i, p) in paths.iter().enumerate() {
        single.advance_to(n.c.now() - 1000 + i as u64 * 200);
        let r = lab(&mut single, "RouteRequest", json!({"LoadBalancer": "web", "Path": p, "ClientPort": 1024 + i})).unwrap();
        *by_status.entry(r["Status"].to_string()).or_insert(0u64) += 1;
        if let Some(t) = r["TargetId"].as_str() {
            *by_target.entry(format!("{t}:8000")).or_insert(0u64) += 1;
        }
    }
    assert_eq!(v["ByStatus"], json!(by_status));
    assert_eq!(v["ByTarget"], json!(by_target));
    assert_eq!(v["ByStatus"]["418"], 1);
}
