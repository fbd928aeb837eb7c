//! Auto Scaling end to end: launch templates, groups that launch across AZs and converge to
//! desired, scale-out/scale-in by SetDesiredCapacity and by alarms, replacement of stopped
//! instances, target-group registration and draining, AWS's refusals (world unchanged).
use ec2lab::Cloud;
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn call(c: &mut Cloud, svc: &str, op: &str, p: Value) -> Value {
    c.call(svc, R, op, p).unwrap_or_else(|e| panic!("{op}: {e:?}"))
}
fn ec2(c: &mut Cloud, op: &str, p: Value) -> Value {
    call(c, "ec2", op, p)
}
fn asg(c: &mut Cloud, op: &str, p: Value) -> Value {
    call(c, "autoscaling", op, p)
}
fn refused(c: &mut Cloud, svc: &str, op: &str, p: Value) -> ec2lab::ApiError {
    let before = format!("{:?}", c.world);
    let e = c.call(svc, R, op, p).expect_err("should be refused");
    assert_eq!(before, format!("{:?}", c.world), "{op} refused but changed the world");
    assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{op}: hints missing");
    e
}

/// Default subnets of the first three AZs (sorted by AZ).
fn subnets(c: &mut Cloud) -> Vec<(String, String, String)> {
    let v = ec2(c, "DescribeSubnets", json!({"Filters": [{"Name": "default-for-az", "Values": ["true"]}]}));
    let mut s: Vec<(String, String, String)> = v["Subnets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["AvailabilityZone"].as_str().unwrap().into(), s["SubnetId"].as_str().unwrap().into(), s["VpcId"].as_str().unwrap().into()))
        .collect();
    s.sort();
    s.truncate(3);
    s
}

fn image(c: &mut Cloud) -> String {
    ec2(c, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]}))["Images"][0]["ImageId"]
        .as_str()
        .unwrap()
        .to_string()
}

fn template(c: &mut Cloud) -> String {
    let img = image(c);
    ec2(c, "CreateLaunchTemplate", json!({"LaunchTemplateName": "web", "LaunchTemplateData": {"ImageId": img, "InstanceType": "t3.micro"}}))["LaunchTemplate"]
        ["LaunchTemplateId"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A template and a group "web-asg" over two AZs with the given sizes.
fn fleet(min: i64, max: i64, desired: i64, extra: Value) -> (Cloud, Vec<(String, String, String)>) {
    let mut c = Cloud::new(11);
    let s = subnets(&mut c);
    template(&mut c);
    let mut p = json!({
        "AutoScalingGroupName": "web-asg",
        "LaunchTemplate": {"LaunchTemplateName": "web", "Version": "$Latest"},
        "MinSize": min, "MaxSize": max, "DesiredCapacity": desired,
        "VPCZoneIdentifier": format!("{},{}", s[0].1, s[1].1),
    });
    for (k, v) in extra.as_object().unwrap() {
        p[k] = v.clone();
    }
    asg(&mut c, "CreateAutoScalingGroup", p);
    (c, s)
}

fn group(c: &mut Cloud) -> Value {
    asg(c, "DescribeAutoScalingGroups", json!({"AutoScalingGroupNames": ["web-asg"]}))["AutoScalingGroups"][0].clone()
}

/// (id, az, lifecycle, health) of every member.
fn members(c: &mut Cloud) -> Vec<(String, String, String, String)> {
    group(c)["Instances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let s = |k: &str| i[k].as_str().unwrap().to_string();
            (s("InstanceId"), s("AvailabilityZone"), s("LifecycleState"), s("HealthStatus"))
        })
        .collect()
}

fn in_service(c: &mut Cloud) -> usize {
    members(c).iter().filter(|m| m.2 == "InService").count()
}

fn per_az(c: &mut Cloud) -> Vec<usize> {
    let m = members(c);
    let mut azs: Vec<String> = m.iter().map(|x| x.1.clone()).collect();
    azs.sort();
    azs.dedup();
    azs.iter().map(|a| m.iter().filter(|x| &x.1 == a).count()).collect()
}

fn activities(c: &mut Cloud) -> Vec<Value> {
    asg(c, "DescribeScalingActivities", json!({"AutoScalingGroupName": "web-asg"}))["Activities"].as_array().unwrap().clone()
}

#[test]
fn launch_templates_create_version_describe_delete() {
    let mut c = Cloud::new(3);
    let img = image(&mut c);
    let created = ec2(
        &mut c,
        "CreateLaunchTemplate",
        json!({"LaunchTemplateName": "web", "VersionDescription": "first", "LaunchTemplateData": {"ImageId": img, "InstanceType": "t3.micro",
            "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "app", "Value": "web"}]}]},
            "TagSpecifications": [{"ResourceType": "launch-template", "Tags": [{"Key": "team", "Value": "a"}]}]}),
    );
    insta::assert_json_snapshot!("create_launch_template", created);
    let id = created["LaunchTemplate"]["LaunchTemplateId"].as_str().unwrap().to_string();
    assert!(id.starts_with("lt-0") && id.len() == 20);
    let v2 =
        ec2(&mut c, "CreateLaunchTemplateVersion", json!({"LaunchTemplateId": id, "SourceVersion": "1", "LaunchTemplateData": {"InstanceType": "t3.small"}}));
    assert_eq!(v2["LaunchTemplateVersion"]["VersionNumber"], 2);
    // The new version keeps the source's image and overrides the type.
    assert_eq!(v2["LaunchTemplateVersion"]["LaunchTemplateData"]["ImageId"], img.as_str());
    assert_eq!(v2["LaunchTemplateVersion"]["LaunchTemplateData"]["InstanceType"], "t3.small");
    assert_eq!(v2["LaunchTemplateVersion"]["DefaultVersion"], false);
    let d = ec2(&mut c, "DescribeLaunchTemplates", json!({"LaunchTemplateNames": ["web"]}));
    assert_eq!(d["LaunchTemplates"][0]["LatestVersionNumber"], 2);
    assert_eq!(d["LaunchTemplates"][0]["DefaultVersionNumber"], 1);
    let m = ec2(&mut c, "ModifyLaunchTemplate", json!({"LaunchTemplateName": "web", "DefaultVersion": "2"}));
    assert_eq!(m["LaunchTemplate"]["DefaultVersionNumber"], 2);
    let latest = ec2(&mut c, "DescribeLaunchTemplateVersions", json!({"LaunchTemplateName": "web", "Versions": ["$Default"]}));
    insta::assert_json_snapshot!("describe_launch_template_versions_default", latest);
    let all = ec2(&mut c, "DescribeLaunchTemplateVersions", json!({"LaunchTemplateId": id}));
    assert_eq!(all["LaunchTemplateVersions"].as_array().unwrap().len(), 2);

    // Refusals, with AWS's codes; nothing changes.
    let e = refused(&mut c, "ec2", "CreateLaunchTemplate", json!({"LaunchTemplateName": "web", "LaunchTemplateData": {"ImageId": img}}));
    assert_eq!((e.code.as_str(), e.message.as_str()), ("InvalidLaunchTemplateName.AlreadyExistsException", "Launch template name already in use."));
    let e = refused(&mut c, "ec2", "DescribeLaunchTemplateVersions", json!({"LaunchTemplateId": "lt-0123456789abcdef0"}));
    assert_eq!(e.code, "InvalidLaunchTemplateId.NotFound");
    assert_eq!(e.message, "The specified launch template, with template ID lt-0123456789abcdef0, does not exist.");
    let e = refused(&mut c, "ec2", "DeleteLaunchTemplate", json!({"LaunchTemplateName": "nope"}));
    assert_eq!(e.code, "InvalidLaunchTemplateName.NotFoundException");
    let e = refused(&mut c, "ec2", "DeleteLaunchTemplate", json!({"LaunchTemplateId": "lt-xyz"}));
    assert_eq!(e.code, "InvalidLaunchTemplateId.Malformed");
    let e = refused(&mut c, "ec2", "DescribeLaunchTemplateVersions", json!({"LaunchTemplateName": "web", "Versions": ["7"]}));
    assert_eq!(e.code, "InvalidLaunchTemplateId.VersionNotFound");
    let e = refused(&mut c, "ec2", "CreateLaunchTemplate", json!({"LaunchTemplateName": "a", "LaunchTemplateData": {}}));
    assert_eq!(e.code, "InvalidLaunchTemplateName.MalformedException");
    let e = refused(&mut c, "ec2", "CreateLaunchTemplate", json!({"LaunchTemplateName": "bad-type", "LaunchTemplateData": {"InstanceType": "t9.huge"}}));
    assert_eq!(e.code, "InvalidParameterValue");
    let e = refused(&mut c, "ec2", "DescribeLaunchTemplateVersions", json!({}));
    assert_eq!(e.code, "MissingParameter");

    let deleted = ec2(&mut c, "DeleteLaunchTemplate", json!({"LaunchTemplateId": id}));
    assert_eq!(deleted["LaunchTemplate"]["LaunchTemplateName"], "web");
    assert_eq!(ec2(&mut c, "DescribeLaunchTemplates", json!({}))["LaunchTemplates"], json!([]));
}

#[test]
fn a_group_launches_balanced_across_azs_and_goes_in_service() {
    let (mut c, s) = fleet(1, 6, 4, json!({}));
    // Launches start at once (Pending), two per AZ.
    let m = members(&mut c);
    assert_eq!(m.len(), 4);
    assert!(m.iter().all(|x| x.2 == "Pending" && x.3 == "Healthy"), "{m:?}");
    assert_eq!(per_az(&mut c), vec![2, 2]);
    c.advance(120_000);
    assert_eq!(in_service(&mut c), 4);
    let g = group(&mut c);
    assert_eq!(g["VPCZoneIdentifier"], format!("{},{}", s[0].1, s[1].1));
    assert_eq!(g["AvailabilityZones"], json!([s[0].0, s[1].0]));
    assert_eq!((g["DefaultCooldown"].as_i64(), g["HealthCheckGracePeriod"].as_i64(), g["HealthCheckType"].as_str()), (Some(300), Some(0), Some("EC2")));
    // Instances carry the group's tag; EC2 says they are running in the group's subnets.
    let id = m[0].0.clone();
    let tags = ec2(&mut c, "DescribeTags", json!({"Filters": [{"Name": "resource-id", "Values": [id]}]}));
    let keys: Vec<&str> = tags["Tags"].as_array().unwrap().iter().map(|t| t["Key"].as_str().unwrap()).collect();
    assert!(keys.contains(&"aws:autoscaling:groupName"), "{keys:?}");
    let acts = activities(&mut c);
    assert_eq!(acts.len(), 4);
    assert!(acts.iter().all(|a| a["StatusCode"] == "Successful" && a["Description"].as_str().unwrap().starts_with("Launching a new EC2 instance: i-")));
    let cause = acts.last().unwrap()["Cause"].as_str().unwrap().to_string();
    assert!(
        cause.starts_with("At 2025-01-06T09:00:00Z a user request created an AutoScalingGroup changing the desired capacity from 0 to 4.  At 2025-01-06T09:00:00Z an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 0 to 4."),
        "{cause}"
    );
    let mut shown = g.clone();
    shown["Instances"] = json!(shown["Instances"].as_array().unwrap().len());
    insta::assert_json_snapshot!("describe_group", shown);
    insta::assert_json_snapshot!("first_activity", acts.last().unwrap());
    let inst = asg(&mut c, "DescribeAutoScalingInstances", json!({"InstanceIds": [m[0].0]}));
    assert_eq!(inst["AutoScalingInstances"][0]["AutoScalingGroupName"], "web-asg");
    assert_eq!(inst["AutoScalingInstances"][0]["LaunchTemplate"]["Version"], "1");
}

#[test]
fn set_desired_capacity_scales_out_and_in_with_the_default_termination_policy() {
    let (mut c, _) = fleet(1, 6, 2, json!({}));
    c.advance(120_000);
    asg(&mut c, "SetDesiredCapacity", json!({"AutoScalingGroupName": "web-asg", "DesiredCapacity": 5}));
    c.advance(120_000);
    assert_eq!(in_service(&mut c), 5);
    let counts = per_az(&mut c);
    assert!(counts.iter().max().unwrap() - counts.iter().min().unwrap() <= 1, "{counts:?}");
    let cause = activities(&mut c)[0]["Cause"].as_str().unwrap().to_string();
    assert!(cause.contains("a user request explicitly set group desired capacity changing the desired capacity from 2 to 5."), "{cause}");

    // Scale in to 2: the AZ with more instances loses one first, and the group stays balanced.
    asg(&mut c, "SetDesiredCapacity", json!({"AutoScalingGroupName": "web-asg", "DesiredCapacity": 2}));
    let m = members(&mut c);
    assert_eq!(m.iter().filter(|x| x.2 == "Terminating").count(), 3);
    c.advance(120_000);
    assert_eq!(members(&mut c).len(), 2);
    assert_eq!(per_az(&mut c), vec![1, 1]);
    let acts = activities(&mut c);
    let t = &acts[0];
    assert!(t["Description"].as_str().unwrap().starts_with("Terminating EC2 instance: i-"));
    assert!(t["Cause"].as_str().unwrap().contains("shrinking the capacity from"), "{t}");
    assert!(t["Cause"].as_str().unwrap().contains("was selected for termination."), "{t}");
    assert_eq!(t["StatusCode"], "Successful");
    // The terminated instances are terminated in EC2.
    let gone = t["Description"].as_str().unwrap().rsplit(' ').next().unwrap().to_string();
    let d = ec2(&mut c, "DescribeInstances", json!({"InstanceIds": [gone]}));
    assert_eq!(d["Reservations"][0]["Instances"][0]["State"]["Name"], "terminated");
}

#[test]
fn a_stopped_instance_is_unhealthy_at_once_and_replaced() {
    let (mut c, _) = fleet(2, 4, 2, json!({"HealthCheckGracePeriod": 300}));
    c.advance(120_000);
    let victim = members(&mut c)[0].0.clone();
    ec2(&mut c, "StopInstances", json!({"InstanceIds": [victim]}));
    c.advance(20_000);
    // Even inside the grace period: stopped is unhealthy and the group replaces it.
    let acts = activities(&mut c);
    let term = acts.iter().find(|a| a["Description"] == format!("Terminating EC2 instance: {victim}")).expect("termination");
    assert!(term["Cause"]
        .as_str()
        .unwrap()
        .ends_with("an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped."));
    c.advance(180_000);
    let m = members(&mut c);
    assert_eq!(m.len(), 2);
    assert!(!m.iter().any(|x| x.0 == victim));
    assert_eq!(in_service(&mut c), 2);
    let d = ec2(&mut c, "DescribeInstances", json!({"InstanceIds": [victim]}));
    assert_eq!(d["Reservations"][0]["Instances"][0]["State"]["Name"], "terminated");
}

#[test]
fn terminate_instance_in_group_with_and_without_decrement_and_set_instance_health() {
    let (mut c, _) = fleet(1, 4, 3, json!({}));
    c.advance(120_000);
    let ids: Vec<String> = members(&mut c).into_iter().map(|m| m.0).collect();
    let r = asg(&mut c, "TerminateInstanceInAutoScalingGroup", json!({"InstanceId": ids[0], "ShouldDecrementDesiredCapacity": true}));
    assert_eq!(r["Activity"]["Description"], format!("Terminating EC2 instance: {}", ids[0]));
    assert!(r["Activity"]["Cause"]
        .as_str()
        .unwrap()
        .ends_with(&format!("instance {} was taken out of service in response to a user request, shrinking the capacity from 3 to 2.", ids[0])));
    assert_eq!(group(&mut c)["DesiredCapacity"], 2);
    asg(&mut c, "TerminateInstanceInAutoScalingGroup", json!({"InstanceId": ids[1], "ShouldDecrementDesiredCapacity": false}));
    asg(&mut c, "SetInstanceHealth", json!({"InstanceId": ids[2], "HealthStatus": "Unhealthy"}));
    c.advance(180_000);
    let m = members(&mut c);
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(m.iter().all(|x| !ids.contains(&x.0) && x.2 == "InService"));
    let causes: Vec<String> = activities(&mut c).iter().map(|a| a["Cause"].as_str().unwrap().to_string()).collect();
    assert!(causes.iter().any(|c| c.ends_with("an instance was taken out of service in response to a user health-check.")));
}

#[test]
fn explicit_terminations_that_unbalance_the_azs_are_rebalanced_launch_before_terminate() {
    let (mut c, _) = fleet(1, 4, 4, json!({}));
    c.advance(120_000);
    assert_eq!(per_az(&mut c), vec![2, 2]);
    let m = members(&mut c);
    let az_a = m[0].1.clone();
    for (id, _, _, _) in m.iter().filter(|x| x.1 == az_a) {
        asg(&mut c, "TerminateInstanceInAutoScalingGroup", json!({"InstanceId": id, "ShouldDecrementDesiredCapacity": true}));
    }
    assert_eq!(group(&mut c)["DesiredCapacity"], 2);
    // Both left are in the other AZ: the group launches in the empty AZ first (3 members for a
    // while, above desired), then terminates one of the full AZ once the new one is in service.
    c.advance(20_000);
    let mid = members(&mut c);
    assert_eq!(mid.iter().filter(|x| x.2 != "Terminating").count(), 3, "{mid:?}");
    assert!(mid.iter().any(|x| x.1 == az_a && x.2 == "Pending"), "{mid:?}");
    c.advance(300_000);
    assert_eq!(per_az(&mut c), vec![1, 1]);
    assert_eq!(in_service(&mut c), 2);
    let causes: Vec<String> = activities(&mut c).iter().map(|a| a["Cause"].as_str().unwrap().to_string()).collect();
    assert!(causes.iter().any(|c| c.ends_with("an instance was launched to aid in balancing the group's zones.")), "{causes:?}");
    assert!(causes.iter().any(|c| c.contains("an instance was taken out of service to aid in balancing the group's zones.")), "{causes:?}");
}

/// Seoul has no t2.micro in ap-northeast-2b: with the default capacity distribution
/// (balanced-best-effort) the group records the failed launch and launches in another AZ.
#[test]
fn a_launch_that_fails_in_one_az_goes_to_another() {
    let mut c = Cloud::new(12);
    let seoul = "ap-northeast-2";
    let v = c.call("ec2", seoul, "DescribeSubnets", json!({"Filters": [{"Name": "default-for-az", "Values": ["true"]}]})).unwrap();
    let mut s: Vec<(String, String)> =
        v["Subnets"].as_array().unwrap().iter().map(|s| (s["AvailabilityZone"].as_str().unwrap().into(), s["SubnetId"].as_str().unwrap().into())).collect();
    s.sort();
    assert_eq!((s[0].0.as_str(), s[1].0.as_str()), ("ap-northeast-2a", "ap-northeast-2b"));
    let img = c.call("ec2", seoul, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap()["Images"][0]
        ["ImageId"]
        .clone();
    c.call("ec2", seoul, "CreateLaunchTemplate", json!({"LaunchTemplateName": "web", "LaunchTemplateData": {"ImageId": img, "InstanceType": "t2.micro"}}))
        .unwrap();
    c.call(
        "autoscaling",
        seoul,
        "CreateAutoScalingGroup",
        json!({"AutoScalingGroupName": "g", "LaunchTemplate": {"LaunchTemplateName": "web"}, "MinSize": 2, "MaxSize": 2,
            "VPCZoneIdentifier": format!("{},{}", s[0].1, s[1].1)}),
    )
    .unwrap();
    c.advance(120_000);
    let g = c.call("autoscaling", seoul, "DescribeAutoScalingGroups", json!({})).unwrap()["AutoScalingGroups"][0].clone();
    let azs: Vec<&str> = g["Instances"].as_array().unwrap().iter().map(|i| i["AvailabilityZone"].as_str().unwrap()).collect();
    assert_eq!(azs, vec!["ap-northeast-2a", "ap-northeast-2a"], "{g:#}");
    let acts = c.call("autoscaling", seoul, "DescribeScalingActivities", json!({"AutoScalingGroupName": "g"})).unwrap()["Activities"].clone();
    let failed = acts.as_array().unwrap().iter().find(|a| a["StatusCode"] == "Failed").expect("a failed launch in 2b");
    assert!(failed["StatusMessage"].as_str().unwrap().contains("(ap-northeast-2b)"), "{failed}");
    // Rebalancing asks for 2b again later and fails there; it never churns the instances in 2a.
    c.advance(3_600_000);
    let g = c.call("autoscaling", seoul, "DescribeAutoScalingGroups", json!({})).unwrap()["AutoScalingGroups"][0].clone();
    let ids: Vec<&str> = g["Instances"].as_array().unwrap().iter().map(|i| i["InstanceId"].as_str().unwrap()).collect();
    let acts = c.call("autoscaling", seoul, "DescribeScalingActivities", json!({"AutoScalingGroupName": "g"})).unwrap()["Activities"].clone();
    let launched =
        acts.as_array().unwrap().iter().filter(|a| a["StatusCode"] == "Successful" && a["Description"].as_str().unwrap().starts_with("Launching")).count();
    assert_eq!((ids.len(), launched), (2, 2), "{acts:#}");
}

#[test]
fn refusals_match_aws_and_change_nothing() {
    let (mut c, s) = fleet(1, 3, 1, json!({}));
    let base = json!({"AutoScalingGroupName": "g2", "LaunchTemplate": {"LaunchTemplateName": "web"}, "MinSize": 1, "MaxSize": 3, "VPCZoneIdentifier": s[0].1});
    let with = |k: &str, v: Value| {
        let mut p = base.clone();
        p[k] = v;
        p
    };
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            with("AutoScalingGroupName", json!("web-asg")),
            "AlreadyExists",
            "AutoScalingGroup by this name already exists - A group with the name web-asg already exists",
        ),
        (with("MinSize", json!(5)), "ValidationError", "Max bound, 3, must be greater than or equal to min bound, 5"),
        (with("DesiredCapacity", json!(9)), "ValidationError", "Desired capacity:9 must be between the specified min size:1 and max size:3"),
        (
            with("LaunchTemplate", json!(null)),
            "ValidationError",
            "Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.",
        ),
        (
            with("LaunchTemplate", json!({"LaunchTemplateName": "nope"})),
            "ValidationError",
            "You must use a valid fully-formed launch template. The specified launch template, with template name nope, does not exist.",
        ),
        (with("VPCZoneIdentifier", json!("subnet-0123456789abcdef0")), "ValidationError", "The subnet ID 'subnet-0123456789abcdef0' does not exist"),
        (with("VPCZoneIdentifier", json!(null)), "ValidationError", "At least one Availability Zone or VPC Subnet is required."),
        (
            with("TargetGroupARNs", json!(["arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/0123456789abcdef"])),
            "ValidationError",
            "Provided Target Groups may not be valid. Please ensure they exist and try again.",
        ),
    ];
    for (p, code, msg) in cases {
        let p = if p["LaunchTemplate"].is_null() {
            let mut q = p.clone();
            q.as_object_mut().unwrap().remove("LaunchTemplate");
            q
        } else if p["VPCZoneIdentifier"].is_null() {
            let mut q = p.clone();
            q.as_object_mut().unwrap().remove("VPCZoneIdentifier");
            q
        } else {
            p
        };
        let e = refused(&mut c, "autoscaling", "CreateAutoScalingGroup", p);
        assert_eq!((e.code.as_str(), e.message.as_str()), (code, msg));
    }
    let e = refused(&mut c, "autoscaling", "SetDesiredCapacity", json!({"AutoScalingGroupName": "web-asg", "DesiredCapacity": 4}));
    assert_eq!(e.message, "New SetDesiredCapacity value 4 is above max value 3 for the AutoScalingGroup.");
    let e = refused(&mut c, "autoscaling", "SetDesiredCapacity", json!({"AutoScalingGroupName": "web-asg", "DesiredCapacity": 0}));
    assert_eq!(e.message, "New SetDesiredCapacity value 0 is below min value 1 for the AutoScalingGroup.");
    let e = refused(&mut c, "autoscaling", "UpdateAutoScalingGroup", json!({"AutoScalingGroupName": "nope", "MaxSize": 2}));
    assert_eq!((e.code.as_str(), e.message.as_str()), ("ValidationError", "AutoScalingGroup name not found - null"));
    let e = refused(&mut c, "autoscaling", "DeleteAutoScalingGroup", json!({"AutoScalingGroupName": "nope"}));
    assert_eq!(e.message, "AutoScalingGroup name not found - AutoScalingGroup 'nope' not found");
    // Still launching: in progress; once in service: in use.
    let e = refused(&mut c, "autoscaling", "DeleteAutoScalingGroup", json!({"AutoScalingGroupName": "web-asg"}));
    assert_eq!(e.code, "ScalingActivityInProgress");
    c.advance(120_000);
    let e = refused(&mut c, "autoscaling", "DeleteAutoScalingGroup", json!({"AutoScalingGroupName": "web-asg"}));
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("ResourceInUse", "You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.")
    );
    let id = members(&mut c)[0].0.clone();
    let e = refused(&mut c, "autoscaling", "TerminateInstanceInAutoScalingGroup", json!({"InstanceId": id, "ShouldDecrementDesiredCapacity": true}));
    assert!(e.message.starts_with("Currently, desiredSize equals minSize (1)."), "{}", e.message);
    let e = refused(
        &mut c,
        "autoscaling",
        "TerminateInstanceInAutoScalingGroup",
        json!({"InstanceId": "i-0123456789abcdef0", "ShouldDecrementDesiredCapacity": false}),
    );
    assert_eq!(e.message, "Instance Id not found - No managed instance found for instance ID: i-0123456789abcdef0");
    asg(&mut c, "SetDesiredCapacity", json!({"AutoScalingGroupName": "web-asg", "DesiredCapacity": 2}));
    let e = refused(&mut c, "autoscaling", "SetDesiredCapacity", json!({"AutoScalingGroupName": "web-asg", "DesiredCapacity": 3, "HonorCooldown": true}));
    assert_eq!(e.code, "ScalingActivityInProgress");
    let e = refused(&mut c, "autoscaling", "PutScalingPolicy", json!({"AutoScalingGroupName": "web-asg", "PolicyName": "p"}));
    assert_eq!(e.message, "ScalingAdjustment is required for SimpleScaling policy");
    let e = refused(
        &mut c,
        "autoscaling",
        "PutScalingPolicy",
        json!({"AutoScalingGroupName": "web-asg", "PolicyName": "p", "PolicyType": "StepScaling", "StepAdjustments": [
            {"MetricIntervalLowerBound": 0, "MetricIntervalUpperBound": 10, "ScalingAdjustment": 1},
            {"MetricIntervalLowerBound": 20, "ScalingAdjustment": 2}]}),
    );
    assert_eq!(e.message, "Step adjustments must not overlap and must not have gaps between them.");
}

#[test]
fn force_delete_terminates_everything_then_the_group_is_gone() {
    let (mut c, _) = fleet(2, 4, 2, json!({}));
    c.advance(120_000);
    let ids: Vec<String> = members(&mut c).into_iter().map(|m| m.0).collect();
    asg(&mut c, "DeleteAutoScalingGroup", json!({"AutoScalingGroupName": "web-asg", "ForceDelete": true}));
    assert_eq!(group(&mut c)["Status"], "Delete in progress");
    c.advance(120_000);
    assert_eq!(asg(&mut c, "DescribeAutoScalingGroups", json!({}))["AutoScalingGroups"], json!([]));
    let d = ec2(&mut c, "DescribeInstances", json!({"InstanceIds": ids}));
    for r in d["Reservations"].as_array().unwrap() {
        assert_eq!(r["Instances"][0]["State"]["Name"], "terminated");
    }
    let acts = asg(&mut c, "DescribeScalingActivities", json!({"AutoScalingGroupName": "web-asg", "IncludeDeletedGroups": true}))["Activities"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(acts, 4);
    // The name is free again.
    asg(
        &mut c,
        "CreateAutoScalingGroup",
        json!({"AutoScalingGroupName": "web-asg", "LaunchTemplate": {"LaunchTemplateName": "web"}, "MinSize": 0, "MaxSize": 1, "AvailabilityZones": ["us-east-1a"]}),
    );
}

/// A web tier's parts in front of a group: security group `web` open on 80, launch template
/// `web` (t3.micro in it), target group `web-tg` (10 s checks) and ALB `web-alb` whose HTTP:80
/// listener forwards to it. Returns the cloud, the default subnets and the target group ARN.
fn alb_world(seed: u64) -> (Cloud, Vec<(String, String, String)>, String) {
    let mut c = Cloud::new(seed);
    let s = subnets(&mut c);
    let vpc = s[0].2.clone();
    let sg = ec2(&mut c, "CreateSecurityGroup", json!({"GroupName": "web", "Description": "web"}))["GroupId"].as_str().unwrap().to_string();
    ec2(
        &mut c,
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": sg, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}),
    );
    let img = image(&mut c);
    ec2(
        &mut c,
        "CreateLaunchTemplate",
        json!({"LaunchTemplateName": "web", "LaunchTemplateData": {"ImageId": img, "InstanceType": "t3.micro", "SecurityGroupIds": [sg]}}),
    );
    let tg =
        call(&mut c, "elbv2", "CreateTargetGroup", json!({"Name": "web-tg", "Protocol": "HTTP", "Port": 80, "VpcId": vpc, "HealthCheckIntervalSeconds": 10}))
            ["TargetGroups"][0]["TargetGroupArn"]
            .as_str()
            .unwrap()
            .to_string();
    let lb = call(&mut c, "elbv2", "CreateLoadBalancer", json!({"Name": "web-alb", "Subnets": [s[0].1, s[1].1], "SecurityGroups": [sg]}))["LoadBalancers"][0]
        ["LoadBalancerArn"]
        .as_str()
        .unwrap()
        .to_string();
    call(
        &mut c,
        "elbv2",
        "CreateListener",
        json!({"LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg}]}),
    );
    (c, s, tg)
}

/// An ALB in front of the group: members are registered while Pending, InService once
/// healthy (ELB health checks), and drain for the deregistration delay on scale-in.
#[test]
fn target_groups_register_members_and_elb_health_replaces_a_failing_one() {
    let (mut c, s, tg) = alb_world(21);
    call(
        &mut c,
        "elbv2",
        "ModifyTargetGroupAttributes",
        json!({"TargetGroupArn": tg, "Attributes": [{"Key": "deregistration_delay.timeout_seconds", "Value": "30"}]}),
    );
    asg(
        &mut c,
        "CreateAutoScalingGroup",
        json!({"AutoScalingGroupName": "web-asg", "LaunchTemplate": {"LaunchTemplateName": "web"}, "MinSize": 2, "MaxSize": 4,
            "VPCZoneIdentifier": format!("{},{}", s[0].1, s[1].1), "TargetGroupARNs": [tg], "HealthCheckType": "ELB", "HealthCheckGracePeriod": 120}),
    );
    let ids: Vec<String> = members(&mut c).into_iter().map(|m| m.0).collect();
    // ELB registers running instances: the members join the target group once they boot.
    c.advance(60_000);
    let th = call(&mut c, "elbv2", "DescribeTargetHealth", json!({"TargetGroupArn": tg}));
    let registered: Vec<&str> = th["TargetHealthDescriptions"].as_array().unwrap().iter().map(|d| d["Target"]["Id"].as_str().unwrap()).collect();
    assert_eq!(registered.len(), 2);
    assert!(ids.iter().all(|i| registered.contains(&i.as_str())));
    // Booted, but nothing serves yet: still Pending (ELB health) until the grace period ends.
    assert!(members(&mut c).iter().all(|m| m.2 == "Pending"), "{:?}", members(&mut c));
    // The app starts on both: healthy → InService.
    for i in &ids {
        call(&mut c, "ec2lab", "Serve", json!({"InstanceId": i, "Port": 80}));
    }
    c.advance(60_000);
    let th = call(&mut c, "elbv2", "DescribeTargetHealth", json!({"TargetGroupArn": tg}));
    assert_eq!(in_service(&mut c), 2, "{:?} {th:#}", members(&mut c));
    assert_eq!(
        asg(&mut c, "DescribeLoadBalancerTargetGroups", json!({"AutoScalingGroupName": "web-asg"}))["LoadBalancerTargetGroups"][0]["State"],
        "InService"
    );
    // One app breaks: after the grace period the ELB check fails and the group replaces it.
    call(&mut c, "ec2lab", "StopServing", json!({"InstanceId": ids[0]}));
    c.advance(200_000);
    let acts = activities(&mut c);
    let t = acts.iter().find(|a| a["Description"] == format!("Terminating EC2 instance: {}", ids[0])).expect("replaced");
    assert!(t["Cause"].as_str().unwrap().ends_with("in response to an ELB system health check failure."), "{t}");
    // It drained for 30 s (deregistration delay) before EC2 terminated it.
    c.advance(120_000);
    assert!(!members(&mut c).iter().any(|m| m.0 == ids[0]));
    assert_eq!(members(&mut c).len(), 2);
    let th = call(&mut c, "elbv2", "DescribeTargetHealth", json!({"TargetGroupArn": tg}));
    let now: Vec<&str> = th["TargetHealthDescriptions"].as_array().unwrap().iter().map(|d| d["Target"]["Id"].as_str().unwrap()).collect();
    assert!(!now.contains(&ids[0].as_str()));
    assert_eq!(now.len(), 2);
    // Detaching deregisters the members.
    asg(&mut c, "DetachLoadBalancerTargetGroups", json!({"AutoScalingGroupName": "web-asg", "TargetGroupARNs": [tg]}));
    assert_eq!(group(&mut c)["TargetGroupARNs"], json!([]));
}

/// `Serve` with a launch template: every member the group launches from it serves from boot,
/// replacements too, as the template's user data would start the app.
#[test]
fn a_launch_template_app_serves_on_every_member_from_boot() {
    let (mut c, s, tg) = alb_world(22);
    // Refusals first: neither an instance nor a template, both, an unknown template.
    assert_eq!(refused(&mut c, "ec2lab", "Serve", json!({"Port": 80})).code, "MissingParameter");
    assert_eq!(
        refused(&mut c, "ec2lab", "Serve", json!({"Port": 80, "InstanceId": "i-0123456789abcdef0", "LaunchTemplateName": "web"})).code,
        "InvalidParameterCombination"
    );
    assert_eq!(refused(&mut c, "ec2lab", "Serve", json!({"Port": 80, "LaunchTemplateName": "nope"})).code, "InvalidLaunchTemplateName.NotFoundException");
    let r = call(&mut c, "ec2lab", "Serve", json!({"LaunchTemplateName": "web", "Port": 80, "Routes": [{"Path": "/*", "Body": "shop"}]}));
    assert!(r["LaunchTemplateId"].as_str().unwrap().starts_with("lt-") && r["InstanceId"].is_null(), "{r}");
    asg(
        &mut c,
        "CreateAutoScalingGroup",
        json!({"AutoScalingGroupName": "web-asg", "LaunchTemplate": {"LaunchTemplateName": "web"}, "MinSize": 2, "MaxSize": 4,
            "VPCZoneIdentifier": format!("{},{}", s[0].1, s[1].1), "TargetGroupARNs": [tg], "HealthCheckType": "ELB", "HealthCheckGracePeriod": 300}),
    );
    // No per-instance Serve: healthy (and so InService) well before the grace period ends.
    c.advance(240_000);
    assert_eq!(in_service(&mut c), 2, "{:?}", members(&mut c));
    let first: Vec<String> = members(&mut c).into_iter().map(|m| m.0).collect();
    let body = call(&mut c, "ec2lab", "RouteRequest", json!({"LoadBalancer": "web-alb", "Port": 80, "Path": "/"}));
    // The body travels base64-encoded: "c2hvcA==" is "shop".
    assert_eq!((body["Status"].as_i64(), body["Body"].as_str()), (Some(200), Some("c2hvcA==")), "{body}");
    // A replacement serves too.
    asg(&mut c, "TerminateInstanceInAutoScalingGroup", json!({"InstanceId": first[0], "ShouldDecrementDesiredCapacity": false}));
    c.advance(600_000);
    let now: Vec<String> = members(&mut c).into_iter().map(|m| m.0).collect();
    assert_eq!(in_service(&mut c), 2);
    let new = now.iter().find(|i| !first.contains(i)).expect("a replacement");
    let th = call(&mut c, "elbv2", "DescribeTargetHealth", json!({"TargetGroupArn": tg, "Targets": [{"Id": new}]}));
    assert_eq!(th["TargetHealthDescriptions"][0]["TargetHealth"]["State"], "healthy", "{th}");
    // Deleting the template forgets its app.
    asg(&mut c, "DeleteAutoScalingGroup", json!({"AutoScalingGroupName": "web-asg", "ForceDelete": true}));
    ec2(&mut c, "DeleteLaunchTemplate", json!({"LaunchTemplateName": "web"}));
    assert!(c.world.regions["us-east-1"].elb.launch_apps.is_empty());
}

/// Scale-out and scale-in driven by alarms: a step policy on a custom metric fed with
/// PutMetricData, the alarm repeating its action every minute while in ALARM.
#[test]
fn alarms_drive_step_scaling_out_and_simple_scaling_in() {
    let (mut c, _) = fleet(1, 5, 1, json!({}));
    c.advance(120_000);
    let out = asg(
        &mut c,
        "PutScalingPolicy",
        json!({"AutoScalingGroupName": "web-asg", "PolicyName": "out", "PolicyType": "StepScaling", "AdjustmentType": "ChangeInCapacity",
            "EstimatedInstanceWarmup": 60,
            "StepAdjustments": [{"MetricIntervalLowerBound": 0, "MetricIntervalUpperBound": 20, "ScalingAdjustment": 1},
                                 {"MetricIntervalLowerBound": 20, "ScalingAdjustment": 2}]}),
    )["PolicyARN"]
        .as_str()
        .unwrap()
        .to_string();
    let inn = asg(&mut c, "PutScalingPolicy", json!({"AutoScalingGroupName": "web-asg", "PolicyName": "in", "ScalingAdjustment": -1, "Cooldown": 60}))
        ["PolicyARN"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(out.starts_with("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:") && out.ends_with(":autoScalingGroupName/web-asg:policyName/out"));
    let alarm = |c: &mut Cloud, name: &str, cmp: &str, threshold: f64, action: &str| {
        call(
            c,
            "cloudwatch",
            "PutMetricAlarm",
            json!({"AlarmName": name, "Namespace": "Lab", "MetricName": "Queue", "Statistic": "Average", "Period": 60, "EvaluationPeriods": 1,
                "Threshold": threshold, "ComparisonOperator": cmp, "AlarmActions": [action]}),
        )
    };
    alarm(&mut c, "queue-high", "GreaterThanThreshold", 50.0, &out);
    alarm(&mut c, "queue-low", "LessThanThreshold", 10.0, &inn);
    let put = |c: &mut Cloud, v: f64| {
        call(c, "cloudwatch", "PutMetricData", json!({"Namespace": "Lab", "MetricData": [{"MetricName": "Queue", "Value": v}]}));
    };
    // 80 is 30 above the threshold: the +2 step.
    let mut minutes = 0;
    while group(&mut c)["DesiredCapacity"] == 1 {
        put(&mut c, 80.0);
        c.advance(60_000);
        minutes += 1;
        assert!(minutes < 5, "the alarm never scaled out");
    }
    // The next minute the alarm repeats its action, but the new instances are warming up.
    put(&mut c, 80.0);
    c.advance(30_000);
    let pol = asg(&mut c, "DescribePolicies", json!({"AutoScalingGroupName": "web-asg", "PolicyNames": ["out"]}));
    assert_eq!(pol["ScalingPolicies"][0]["Alarms"][0]["AlarmName"], "queue-high");
    let desired = group(&mut c)["DesiredCapacity"].as_i64().unwrap();
    assert_eq!(desired, 3, "one +2 step; the repeats while instances warm up add nothing");
    let cause = activities(&mut c)[0]["Cause"].as_str().unwrap().to_string();
    assert!(cause.contains("a monitor alarm queue-high in state ALARM triggered policy out changing the desired capacity from 1 to 3."), "{cause}");
    // Still breaching after the warm-up: another +2, capped at MaxSize 5.
    for _ in 0..4 {
        put(&mut c, 80.0);
        c.advance(60_000);
    }
    assert_eq!(group(&mut c)["DesiredCapacity"], 5);
    // Load falls: the simple policy removes one instance per cooldown.
    for _ in 0..5 {
        put(&mut c, 1.0);
        c.advance(60_000);
    }
    let d = group(&mut c)["DesiredCapacity"].as_i64().unwrap();
    assert!((1..5).contains(&d), "scaled in gradually: {d}");
    for _ in 0..20 {
        put(&mut c, 1.0);
        c.advance(60_000);
    }
    assert_eq!(group(&mut c)["DesiredCapacity"], 1, "down to MinSize");
    c.advance(120_000);
    assert_eq!(members(&mut c).len(), 1);
}

/// Target tracking on CPU: the policy creates and owns its two alarms; high CPU scales out,
/// low CPU on every instance scales in; deleting the policy deletes its alarms.
#[test]
fn target_tracking_owns_its_alarms_and_scales_on_cpu() {
    let (mut c, _) = fleet(1, 6, 2, json!({}));
    c.advance(120_000);
    let r = asg(
        &mut c,
        "PutScalingPolicy",
        json!({"AutoScalingGroupName": "web-asg", "PolicyName": "cpu50", "PolicyType": "TargetTrackingScaling",
            "TargetTrackingConfiguration": {"PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"}, "TargetValue": 50.0}}),
    );
    let alarms: Vec<String> = r["Alarms"].as_array().unwrap().iter().map(|a| a["AlarmName"].as_str().unwrap().to_string()).collect();
    assert_eq!(alarms.len(), 2);
    assert!(alarms[0].starts_with("TargetTracking-web-asg-AlarmHigh-") && alarms[1].starts_with("TargetTracking-web-asg-AlarmLow-"), "{alarms:?}");
    let d = call(&mut c, "cloudwatch", "DescribeAlarms", json!({"AlarmNames": alarms}));
    assert_eq!(d["MetricAlarms"].as_array().unwrap().len(), 2);
    assert_eq!(d["MetricAlarms"][0]["Dimensions"], json!([{"Name": "AutoScalingGroupName", "Value": "web-asg"}]));
    for m in members(&mut c) {
        call(&mut c, "ec2lab", "SetLoad", json!({"InstanceId": m.0, "Cpu": 90.0}));
    }
    c.advance(8 * 60_000);
    let desired = group(&mut c)["DesiredCapacity"].as_i64().unwrap();
    assert!(desired >= 4, "90 % on a 50 % target asks for ~1.8x: {desired}");
    c.advance(5 * 60_000);
    for m in members(&mut c) {
        call(&mut c, "ec2lab", "SetLoad", json!({"InstanceId": m.0, "Cpu": 5.0}));
    }
    c.advance(40 * 60_000);
    let after = group(&mut c)["DesiredCapacity"].as_i64().unwrap();
    assert!(after < desired, "scaled in: {desired} -> {after}");
    asg(&mut c, "DeletePolicy", json!({"AutoScalingGroupName": "web-asg", "PolicyName": "cpu50"}));
    let d = call(&mut c, "cloudwatch", "DescribeAlarms", json!({"AlarmNamePrefix": "TargetTracking-web-asg"}));
    assert_eq!(d["MetricAlarms"], json!([]));
}

/// Domain-level: step bounds are relative to the alarm threshold; target tracking scales in
/// only when all its policies agree.
#[test]
fn on_alarm_step_bounds_and_target_tracking_agreement() {
    let (mut c, _) = fleet(1, 10, 2, json!({}));
    c.advance(120_000);
    let step = asg(
        &mut c,
        "PutScalingPolicy",
        json!({"AutoScalingGroupName": "web-asg", "PolicyName": "s", "PolicyType": "StepScaling", "EstimatedInstanceWarmup": 0,
            "StepAdjustments": [{"MetricIntervalLowerBound": 0, "MetricIntervalUpperBound": 10, "ScalingAdjustment": 1},
                                 {"MetricIntervalLowerBound": 10, "ScalingAdjustment": 3}]}),
    )["PolicyARN"]
        .as_str()
        .unwrap()
        .to_string();
    // 65 vs threshold 60: diff 5, the +1 step.
    ec2lab::autoscaling::policy::on_alarm(&mut c.world, "us-east-1", &step, "x", Some(65.0), 60.0);
    assert_eq!(group(&mut c)["DesiredCapacity"], 3);
    c.advance(120_000);
    // diff exactly 10: the lower bound is inclusive → +3.
    ec2lab::autoscaling::policy::on_alarm(&mut c.world, "us-east-1", &step, "x", Some(70.0), 60.0);
    assert_eq!(group(&mut c)["DesiredCapacity"], 6);
    c.advance(120_000);
    let tt = |c: &mut Cloud, name: &str, metric: &str| {
        let r = asg(
            c,
            "PutScalingPolicy",
            json!({"AutoScalingGroupName": "web-asg", "PolicyName": name, "PolicyType": "TargetTrackingScaling",
                "TargetTrackingConfiguration": {"PredefinedMetricSpecification": {"PredefinedMetricType": metric}, "TargetValue": 50.0}}),
        );
        (r["PolicyARN"].as_str().unwrap().to_string(), r["Alarms"][1]["AlarmName"].as_str().unwrap().to_string())
    };
    let (a, a_low) = tt(&mut c, "cpu", "ASGAverageCPUUtilization");
    let (b, b_low) = tt(&mut c, "net", "ASGAverageNetworkIn");
    ec2lab::autoscaling::policy::on_alarm(&mut c.world, "us-east-1", &a, &a_low, Some(10.0), 45.0);
    assert_eq!(group(&mut c)["DesiredCapacity"], 6, "one policy alone does not scale in");
    c.advance(30_000);
    ec2lab::autoscaling::policy::on_alarm(&mut c.world, "us-east-1", &b, &b_low, Some(25.0), 45.0);
    // Both agree: the larger of the two wishes wins (ceil(6 * 25/50) = 3).
    assert_eq!(group(&mut c)["DesiredCapacity"], 3);
}

/// ALBRequestCountPerTarget: the ResourceLabel must name a target group attached to the group;
/// the owned alarms watch RequestCountPerTarget (Sum) of that ALB and target group.
#[test]
fn request_count_target_tracking_needs_an_attached_target_group() {
    let (mut c, s) = fleet(1, 4, 1, json!({}));
    let vpc = s[0].2.clone();
    let tg = call(&mut c, "elbv2", "CreateTargetGroup", json!({"Name": "web-tg", "Protocol": "HTTP", "Port": 80, "VpcId": vpc}))["TargetGroups"][0]
        ["TargetGroupArn"]
        .as_str()
        .unwrap()
        .to_string();
    let lb = call(&mut c, "elbv2", "CreateLoadBalancer", json!({"Name": "web-alb", "Subnets": [s[0].1, s[1].1]}))["LoadBalancers"][0]["LoadBalancerArn"]
        .as_str()
        .unwrap()
        .to_string();
    let label = format!("{}/{}", lb.split_once(":loadbalancer/").unwrap().1, tg.split_once(":").map(|_| &tg[tg.find("targetgroup/").unwrap()..]).unwrap());
    let put = json!({"AutoScalingGroupName": "web-asg", "PolicyName": "rps", "PolicyType": "TargetTrackingScaling",
        "TargetTrackingConfiguration": {"PredefinedMetricSpecification": {"PredefinedMetricType": "ALBRequestCountPerTarget", "ResourceLabel": label}, "TargetValue": 100.0}});
    let e = refused(&mut c, "autoscaling", "PutScalingPolicy", put.clone());
    assert_eq!(e.code, "ValidationError");
    asg(&mut c, "AttachLoadBalancerTargetGroups", json!({"AutoScalingGroupName": "web-asg", "TargetGroupARNs": [tg]}));
    let r = asg(&mut c, "PutScalingPolicy", put);
    let high = r["Alarms"][0]["AlarmName"].as_str().unwrap().to_string();
    let a = call(&mut c, "cloudwatch", "DescribeAlarms", json!({"AlarmNames": [high]}))["MetricAlarms"][0].clone();
    assert_eq!(
        (a["Namespace"].as_str(), a["MetricName"].as_str(), a["Statistic"].as_str(), a["Threshold"].as_f64()),
        (Some("AWS/ApplicationELB"), Some("RequestCountPerTarget"), Some("Sum"), Some(100.0))
    );
    let dims: Vec<String> =
        a["Dimensions"].as_array().unwrap().iter().map(|d| format!("{}={}", d["Name"].as_str().unwrap(), d["Value"].as_str().unwrap())).collect();
    assert!(dims.iter().any(|d| d.starts_with("TargetGroup=targetgroup/web-tg/")), "{dims:?}");
    assert!(dims.iter().any(|d| d.starts_with("LoadBalancer=app/web-alb/")), "{dims:?}");
    let p = asg(&mut c, "DescribePolicies", json!({"PolicyTypes": ["TargetTrackingScaling"]}));
    insta::assert_json_snapshot!("target_tracking_policy", p["ScalingPolicies"][0]);
}
