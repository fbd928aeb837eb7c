//! The instance lifecycle through the door: states, timing, addresses, refusals.
use ec2lab::Cloud;
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn ami(c: &mut Cloud, name: &str) -> String {
    let v = c.call("ec2", R, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": [name]}]})).unwrap();
    v["Images"][0]["ImageId"].as_str().unwrap_or_else(|| panic!("no image {name}: {v}")).to_string()
}

fn al2023(c: &mut Cloud) -> String {
    ami(c, "al2023-ami-2023*-x86_64")
}

fn launch(c: &mut Cloud, extra: Value) -> String {
    let mut p = json!({"ImageId": al2023(c), "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1});
    for (k, v) in extra.as_object().unwrap() {
        p[k] = v.clone();
    }
    let v = c.call("ec2", R, "RunInstances", p).unwrap();
    v["Instances"][0]["InstanceId"].as_str().unwrap().to_string()
}

fn describe(c: &mut Cloud, id: &str) -> Value {
    let v = c.call("ec2", R, "DescribeInstances", json!({"InstanceIds": [id]})).unwrap();
    v["Reservations"][0]["Instances"][0].clone()
}

fn state(c: &mut Cloud, id: &str) -> String {
    describe(c, id)["State"]["Name"].as_str().unwrap().to_string()
}

#[test]
fn launch_goes_pending_then_running_in_virtual_time() {
    let mut c = Cloud::new(0);
    let id = launch(&mut c, json!({}));
    let d = describe(&mut c, &id);
    assert_eq!(d["State"], json!({"Code": 0, "Name": "pending"}));
    assert_eq!(d["StateReason"], json!({"Code": "pending", "Message": "pending"}));
    assert_eq!(d["PublicDnsName"], "");
    assert!(d["PublicIpAddress"].is_string());
    assert!(d["PrivateIpAddress"].as_str().unwrap().starts_with("172.31."));
    c.advance(9_000);
    assert_eq!(state(&mut c, &id), "pending");
    c.advance(40_000);
    let d = describe(&mut c, &id);
    assert_eq!(d["State"], json!({"Code": 16, "Name": "running"}));
    assert!(d.get("StateReason").is_none());
    assert!(d["PublicDnsName"].as_str().unwrap().ends_with(".compute-1.amazonaws.com"));
}

#[test]
fn stop_start_changes_public_ip_keeps_private_ip() {
    let mut c = Cloud::new(1);
    let id = launch(&mut c, json!({}));
    c.advance(60_000);
    let before = describe(&mut c, &id);
    let v = c.call("ec2", R, "StopInstances", json!({"InstanceIds": [id]})).unwrap();
    assert_eq!(v["StoppingInstances"][0]["PreviousState"]["Name"], "running");
    assert_eq!(v["StoppingInstances"][0]["CurrentState"]["Name"], "stopping");
    c.advance(120_000);
    let stopped = describe(&mut c, &id);
    assert_eq!(stopped["State"]["Name"], "stopped");
    assert!(stopped.get("PublicIpAddress").is_none());
    assert_eq!(stopped["StateReason"]["Code"], "Client.UserInitiatedShutdown");
    assert!(stopped["StateTransitionReason"].as_str().unwrap().starts_with("User initiated (2025-01-06 09:0"));
    c.call("ec2", R, "StartInstances", json!({"InstanceIds": [id]})).unwrap();
    c.advance(60_000);
    let after = describe(&mut c, &id);
    assert_eq!(after["State"]["Name"], "running");
    assert_eq!(after["PrivateIpAddress"], before["PrivateIpAddress"]);
    assert_ne!(after["PublicIpAddress"], before["PublicIpAddress"]);
    assert_ne!(after["LaunchTime"], before["LaunchTime"]);
}

#[test]
fn terminated_cannot_start_and_vanishes_after_an_hour() {
    let mut c = Cloud::new(2);
    let id = launch(&mut c, json!({}));
    c.advance(60_000);
    let v = c.call("ec2", R, "TerminateInstances", json!({"InstanceIds": [id]})).unwrap();
    assert_eq!(v["TerminatingInstances"][0]["CurrentState"], json!({"Code": 32, "Name": "shutting-down"}));
    c.advance(120_000);
    assert_eq!(state(&mut c, &id), "terminated");
    // Idempotent.
    let v = c.call("ec2", R, "TerminateInstances", json!({"InstanceIds": [id]})).unwrap();
    assert_eq!(v["TerminatingInstances"][0]["PreviousState"]["Name"], "terminated");
    let e = c.call("ec2", R, "StartInstances", json!({"InstanceIds": [id]})).unwrap_err();
    assert_eq!(e.code, "IncorrectInstanceState");
    assert_eq!(e.message, format!("The instance '{id}' is not in a state from which it can be started."));
    assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty());
    let e = c.call("ec2", R, "StopInstances", json!({"InstanceIds": [id]})).unwrap_err();
    assert_eq!(e.message, format!("This instance '{id}' is not in a state from which it can be stopped."));
    c.advance(3_500_000);
    assert_eq!(state(&mut c, &id), "terminated");
    c.advance(200_000);
    let e = c.call("ec2", R, "DescribeInstances", json!({"InstanceIds": [id]})).unwrap_err();
    assert_eq!(e.code, "InvalidInstanceID.NotFound");
}

#[test]
fn protections_refuse_with_aws_codes() {
    let mut c = Cloud::new(3);
    let id = launch(&mut c, json!({"DisableApiTermination": true, "DisableApiStop": true}));
    c.advance(60_000);
    let e = c.call("ec2", R, "TerminateInstances", json!({"InstanceIds": [id]})).unwrap_err();
    assert_eq!(e.code, "OperationNotPermitted");
    assert!(e.message.contains("disableApiTermination"));
    let e = c.call("ec2", R, "StopInstances", json!({"InstanceIds": [id]})).unwrap_err();
    assert_eq!(e.code, "OperationNotPermitted");
    assert!(e.message.contains("may not be stopped"));
    assert_eq!(state(&mut c, &id), "running");
    c.call("ec2", R, "ModifyInstanceAttribute", json!({"InstanceId": id, "DisableApiStop": {"Value": false}})).unwrap();
    c.call("ec2", R, "StopInstances", json!({"InstanceIds": [id]})).unwrap();
}

#[test]
fn termination_protection_spares_the_same_az_only() {
    let mut c = Cloud::new(4);
    let a = launch(&mut c, json!({"Placement": {"AvailabilityZone": "us-east-1a"}, "DisableApiTermination": true}));
    let a2 = launch(&mut c, json!({"Placement": {"AvailabilityZone": "us-east-1a"}}));
    let b = launch(&mut c, json!({"Placement": {"AvailabilityZone": "us-east-1b"}}));
    c.advance(60_000);
    let e = c.call("ec2", R, "TerminateInstances", json!({"InstanceIds": [a, a2, b]})).unwrap_err();
    assert_eq!(e.code, "OperationNotPermitted");
    assert!(e.hint_en.contains(&b));
    assert_eq!(state(&mut c, &a), "running");
    assert_eq!(state(&mut c, &a2), "running");
    assert_eq!(state(&mut c, &b), "shutting-down");
}

#[test]
fn a_bad_id_in_a_batch_changes_nothing() {
    let mut c = Cloud::new(5);
    let id = launch(&mut c, json!({}));
    c.advance(60_000);
    let e = c.call("ec2", R, "StopInstances", json!({"InstanceIds": [id, "i-0000000000000dead"]})).unwrap_err();
    assert_eq!(e.code, "InvalidInstanceID.NotFound");
    let e = c.call("ec2", R, "TerminateInstances", json!({"InstanceIds": [id, "i-xyz"]})).unwrap_err();
    assert_eq!(e.code, "InvalidInstanceID.Malformed");
    assert_eq!(state(&mut c, &id), "running");
}

#[test]
fn os_shutdown_follows_the_shutdown_behaviour() {
    let mut c = Cloud::new(6);
    let stop = launch(&mut c, json!({}));
    let term = launch(&mut c, json!({"InstanceInitiatedShutdownBehavior": "terminate", "DisableApiTermination": true}));
    c.advance(60_000);
    c.call("ec2lab", R, "ShutdownFromOs", json!({"InstanceId": stop})).unwrap();
    c.call("ec2lab", R, "ShutdownFromOs", json!({"InstanceId": term})).unwrap();
    assert_eq!(state(&mut c, &stop), "stopping");
    // Termination protection does not stop an OS-initiated termination.
    assert_eq!(state(&mut c, &term), "shutting-down");
    assert_eq!(describe(&mut c, &term)["StateReason"]["Code"], "Client.InstanceInitiatedShutdown");
}

#[test]
fn instance_type_changes_only_while_stopped() {
    let mut c = Cloud::new(7);
    let id = launch(&mut c, json!({}));
    c.advance(60_000);
    let e = c.call("ec2", R, "ModifyInstanceAttribute", json!({"InstanceId": id, "InstanceType": {"Value": "t3.small"}})).unwrap_err();
    assert_eq!(e.code, "IncorrectInstanceState");
    assert_eq!(e.message, format!("The instance '{id}' is not in the 'stopped' state."));
    c.call("ec2", R, "StopInstances", json!({"InstanceIds": [id]})).unwrap();
    c.advance(120_000);
    c.call("ec2", R, "ModifyInstanceAttribute", json!({"InstanceId": id, "InstanceType": {"Value": "t3.small"}})).unwrap();
    let v = c.call("ec2", R, "DescribeInstanceAttribute", json!({"InstanceId": id, "Attribute": "instanceType"})).unwrap();
    assert_eq!(v["InstanceType"]["Value"], "t3.small");
    let e = c.call("ec2", R, "ModifyInstanceAttribute", json!({"InstanceId": id, "InstanceType": {"Value": "t4g.small"}})).unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
}

#[test]
fn architecture_mismatch_and_bad_amis_are_refused() {
    let mut c = Cloud::new(8);
    let image = al2023(&mut c);
    let e = c.call("ec2", R, "RunInstances", json!({"ImageId": image, "InstanceType": "t4g.micro", "MinCount": 1, "MaxCount": 1})).unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
    assert!(e.message.starts_with("The architecture 'arm64' of the specified instance type does not match the architecture 'x86_64'"));
    let e = c.call("ec2", R, "RunInstances", json!({"ImageId": "ami-nope", "MinCount": 1, "MaxCount": 1})).unwrap_err();
    assert_eq!(e.code, "InvalidAMIID.Malformed");
    let e = c.call("ec2", R, "RunInstances", json!({"ImageId": "ami-0123456789abcdef0", "MinCount": 1, "MaxCount": 1})).unwrap_err();
    assert_eq!(e.code, "InvalidAMIID.NotFound");
    assert_eq!(e.message, "The image id '[ami-0123456789abcdef0]' does not exist");
    let e = c.call("ec2", R, "RunInstances", json!({"ImageId": image, "InstanceType": "t2.mega", "MinCount": 1, "MaxCount": 1})).unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
    assert_eq!(c.call("ec2", R, "DescribeInstances", json!({})).unwrap()["Reservations"], json!([]));
}

#[test]
fn instance_store_backed_cannot_stop() {
    let mut c = Cloud::new(9);
    let v = c.call("ec2", R, "DescribeImages", json!({"Filters": [{"Name": "root-device-type", "Values": ["instance-store"]}]})).unwrap();
    let image = v["Images"][0]["ImageId"].as_str().unwrap().to_string();
    let e = c.call("ec2", R, "RunInstances", json!({"ImageId": image, "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1})).unwrap_err();
    assert_eq!(e.code, "InvalidParameterCombination");
    let v = c.call("ec2", R, "RunInstances", json!({"ImageId": image, "InstanceType": "m3.medium", "MinCount": 1, "MaxCount": 1})).unwrap();
    let id = v["Instances"][0]["InstanceId"].as_str().unwrap().to_string();
    c.advance(300_000);
    let e = c.call("ec2", R, "StopInstances", json!({"InstanceIds": [id]})).unwrap_err();
    assert_eq!(e.code, "UnsupportedOperation");
    assert_eq!(e.message, format!("The instance '{id}' does not have an 'ebs' root device type and cannot be stopped."));
    // An OS shutdown always terminates it.
    c.call("ec2lab", R, "ShutdownFromOs", json!({"InstanceId": id})).unwrap();
    assert_eq!(state(&mut c, &id), "shutting-down");
}

#[test]
fn status_checks_initialize_then_pass() {
    let mut c = Cloud::new(10);
    let id = launch(&mut c, json!({}));
    let v = c.call("ec2", R, "DescribeInstanceStatus", json!({"InstanceIds": [id]})).unwrap();
    assert_eq!(v["InstanceStatuses"], json!([]));
    let v = c.call("ec2", R, "DescribeInstanceStatus", json!({"InstanceIds": [id], "IncludeAllInstances": true})).unwrap();
    assert_eq!(v["InstanceStatuses"][0]["InstanceStatus"]["Status"], "not-applicable");
    c.advance(60_000);
    let v = c.call("ec2", R, "DescribeInstanceStatus", json!({"InstanceIds": [id]})).unwrap();
    assert_eq!(v["InstanceStatuses"][0]["SystemStatus"]["Status"], "initializing");
    c.advance(300_000);
    let v = c.call("ec2", R, "DescribeInstanceStatus", json!({"InstanceIds": [id]})).unwrap();
    assert_eq!(v["InstanceStatuses"][0]["InstanceStatus"]["Status"], "ok");
    assert_eq!(v["InstanceStatuses"][0]["InstanceStatus"]["Details"][0], json!({"Name": "reachability", "Status": "passed"}));
}

#[test]
fn describe_filters_tags_and_pages() {
    let mut c = Cloud::new(11);
    let image = al2023(&mut c);
    c.call(
        "ec2",
        R,
        "RunInstances",
        json!({"ImageId": image, "InstanceType": "t2.micro", "MinCount": 3, "MaxCount": 3,
        "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "env", "Value": "lab"}]}]}),
    )
    .unwrap();
    c.call("ec2", R, "RunInstances", json!({"ImageId": image, "InstanceType": "t3.micro", "MinCount": 2, "MaxCount": 2})).unwrap();
    let count = |v: &Value| v["Reservations"].as_array().unwrap().iter().map(|r| r["Instances"].as_array().unwrap().len()).sum::<usize>();
    let v = c.call("ec2", R, "DescribeInstances", json!({"Filters": [{"Name": "tag:env", "Values": ["lab"]}]})).unwrap();
    assert_eq!(count(&v), 3);
    let v = c.call("ec2", R, "DescribeInstances", json!({"Filters": [{"Name": "instance-type", "Values": ["t3.*"]}]})).unwrap();
    assert_eq!(count(&v), 2);
    let v = c.call("ec2", R, "DescribeInstances", json!({"MaxResults": 5})).unwrap();
    assert_eq!(count(&v), 5);
    assert!(v.get("NextToken").is_none());
    let e = c.call("ec2", R, "DescribeInstances", json!({"Filters": [{"Name": "colour", "Values": ["x"]}]})).unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
    let v = c.call("ec2", R, "DescribeTags", json!({"Filters": [{"Name": "key", "Values": ["env"]}]})).unwrap();
    assert_eq!(v["Tags"].as_array().unwrap().len(), 3);
    assert_eq!(v["Tags"][0]["ResourceType"], "instance");
}

#[test]
fn same_seed_same_world() {
    let run = |seed| {
        let mut c = Cloud::new(seed);
        let id = launch(&mut c, json!({}));
        c.advance(45_000);
        describe(&mut c, &id)
    };
    assert_eq!(run(42), run(42));
    assert_ne!(run(42)["InstanceId"], run(43)["InstanceId"]);
}

#[test]
fn unknown_filters_are_refused_even_with_nothing_to_filter() {
    let mut c = Cloud::new(12);
    for op in ["DescribeInstances", "DescribeInstanceStatus", "DescribeTags"] {
        let e = c.call("ec2", R, op, json!({"Filters": [{"Name": "colour", "Values": ["x"]}]})).unwrap_err();
        assert_eq!(e.code, "InvalidParameterValue", "{op}");
        assert_eq!(e.message, "The filter 'colour' is invalid");
    }
    let v = c.call("ec2", R, "DescribeInstances", json!({"Filters": [{"Name": "tag:anything", "Values": ["x"]}]})).unwrap();
    assert_eq!(v["Reservations"], json!([]));
}
