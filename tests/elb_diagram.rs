//! The load balancer picture (`LoadBalancerDiagram`): listeners, rules in priority order with
//! their conditions and actions, forward weights, target groups and live target health
//! (snapshots: review changes with `cargo insta review`).
use ec2lab::Cloud;
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn ok(c: &mut Cloud, service: &str, op: &str, p: Value) -> Value {
    c.call(service, R, op, p).unwrap_or_else(|e| panic!("{op}: {e} {}", e.hint_en))
}

fn id(v: &Value, path: &[&str]) -> String {
    path.iter().fold(v, |v, k| if let Ok(i) = k.parse::<usize>() { &v[i] } else { &v[*k] }).as_str().unwrap().to_string()
}

/// The notes' lab: two servers on 8000 in target group web, books in a second group, an ALB on 80
/// with `/books/*` → books, a 90/10 canary on `/new/*`, a fixed response on `/health-lb`.
fn notes_lab(c: &mut Cloud, open: bool) -> (String, Vec<String>) {
    let subnets: Vec<String> = {
        let v = ok(c, "ec2", "DescribeSubnets", json!({"Filters": [{"Name": "default-for-az", "Values": ["true"]}]}));
        let mut s: Vec<(String, String)> = v["Subnets"].as_array().unwrap().iter().map(|s| (id(s, &["AvailabilityZone"]), id(s, &["SubnetId"]))).collect();
        s.sort();
        s.into_iter().take(2).map(|(_, id)| id).collect()
    };
    let vpc = id(&ok(c, "ec2", "DescribeVpcs", json!({"Filters": [{"Name": "is-default", "Values": ["true"]}]})), &["Vpcs", "0", "VpcId"]);
    let web_sg = id(&ok(c, "ec2", "CreateSecurityGroup", json!({"GroupName": "web-sg", "Description": "web"})), &["GroupId"]);
    let lb_sg = id(&ok(c, "ec2", "CreateSecurityGroup", json!({"GroupName": "lb-sg", "Description": "lb"})), &["GroupId"]);
    ok(
        c,
        "ec2",
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": lb_sg, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}),
    );
    if open {
        ok(
            c,
            "ec2",
            "AuthorizeSecurityGroupIngress",
            json!({"GroupId": web_sg, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 8000, "ToPort": 8000, "UserIdGroupPairs": [{"GroupId": lb_sg}]}]}),
        );
    }
    let img = ok(c, "ec2", "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]}))["Images"][0]["ImageId"].clone();
    let mut web = vec![];
    for (i, s) in subnets.iter().enumerate() {
        let r = ok(
            c,
            "ec2",
            "RunInstances",
            json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "SubnetId": s, "SecurityGroupIds": [web_sg],
                   "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": format!("web-{}", i + 1)}]}]}),
        );
        web.push(id(&r, &["Instances", "0", "InstanceId"]));
    }
    c.advance(120_000);
    for w in &web {
        ok(c, "ec2lab", "Serve", json!({"InstanceId": w, "Port": 8000}));
    }
    let lb = id(
        &ok(c, "elbv2", "CreateLoadBalancer", json!({"Name": "web-alb", "Subnets": subnets, "SecurityGroups": [lb_sg]})),
        &["LoadBalancers", "0", "LoadBalancerArn"],
    );
    let tg = |c: &mut Cloud, name: &str| {
        id(
            &ok(c, "elbv2", "CreateTargetGroup", json!({"Name": name, "Protocol": "HTTP", "Port": 8000, "VpcId": vpc, "HealthCheckPath": "/"})),
            &["TargetGroups", "0", "TargetGroupArn"],
        )
    };
    let (web_tg, books_tg, canary_tg) = (tg(c, "web"), tg(c, "books"), tg(c, "canary"));
    let listener = id(
        &ok(
            c,
            "elbv2",
            "CreateListener",
            json!({"LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": [{"Type": "forward", "TargetGroupArn": web_tg}]}),
        ),
        &["Listeners", "0", "ListenerArn"],
    );
    let path = |p: &str| json!([{"Field": "path-pattern", "PathPatternConfig": {"Values": [p]}}]);
    ok(
        c,
        "elbv2",
        "CreateRule",
        json!({"ListenerArn": listener, "Priority": 10, "Conditions": path("/books/*"), "Actions": [{"Type": "forward", "TargetGroupArn": books_tg}]}),
    );
    ok(
        c,
        "elbv2",
        "CreateRule",
        json!({"ListenerArn": listener, "Priority": 20, "Conditions": path("/new/*"),
               "Actions": [{"Type": "forward", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": web_tg, "Weight": 90}, {"TargetGroupArn": canary_tg, "Weight": 10}]}}]}),
    );
    ok(
        c,
        "elbv2",
        "CreateRule",
        json!({"ListenerArn": listener, "Priority": 30, "Conditions": path("/health-lb"),
               "Actions": [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200", "ContentType": "text/plain", "MessageBody": "ok"}}]}),
    );
    let targets: Vec<Value> = web.iter().map(|w| json!({"Id": w})).collect();
    ok(c, "elbv2", "RegisterTargets", json!({"TargetGroupArn": web_tg, "Targets": targets}));
    ok(c, "elbv2", "RegisterTargets", json!({"TargetGroupArn": books_tg, "Targets": [{"Id": web[1]}]}));
    c.advance(400_000);
    (lb, web)
}

fn diagram(c: &mut Cloud, lb: &str, lang: &str) -> String {
    id(&ok(c, "ec2lab", "LoadBalancerDiagram", json!({"LoadBalancer": lb, "Language": lang})), &["Svg"])
}

#[test]
fn the_notes_lab_as_a_picture() {
    let mut c = Cloud::new(7);
    let (lb, _) = notes_lab(&mut c, true);
    let svg = diagram(&mut c, &lb, "en");
    for needle in [
        "HTTP:80",
        "rule 10",
        "path-pattern /books/*",
        "rule 20",
        "web 90% · canary 10%",
        "fixed-response 200",
        "default",
        "any request",
        "web-1",
        "healthy",
        "no registered targets (503)",
    ] {
        assert!(svg.contains(needle), "{needle} missing from\n{svg}");
    }
    // Rules are drawn in priority order, the default rule last.
    let at = |s: &str| svg.find(s).unwrap();
    assert!(at("rule 10") < at("rule 20") && at("rule 20") < at("rule 30") && at("rule 30") < at(">default<"));
    insta::assert_snapshot!("elb_diagram_notes_lab", svg);
    insta::assert_snapshot!("elb_diagram_notes_lab_ko", diagram(&mut c, "web-alb", "ko"));
}

#[test]
fn the_picture_shows_live_health() {
    let mut c = Cloud::new(7);
    let (lb, _) = notes_lab(&mut c, false);
    let svg = diagram(&mut c, &lb, "en");
    assert!(svg.contains("unhealthy") && svg.contains("Target.Timeout"), "{svg}");
    assert!(!svg.contains(">healthy<"), "{svg}");
}

#[test]
fn an_unknown_load_balancer_is_refused() {
    let mut c = Cloud::new(7);
    let e = c.call("ec2lab", R, "LoadBalancerDiagram", json!({"LoadBalancer": "nope"})).unwrap_err();
    assert_eq!(e.code, "LoadBalancerNotFound");
    assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty());
}
