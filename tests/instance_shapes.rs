//! Snapshots of response shapes and of the lifecycle diagram (review changes with `cargo insta review`).
use ec2lab::Cloud;
use serde_json::json;

const R: &str = "us-east-1";

fn launch(c: &mut Cloud) -> serde_json::Value {
    if c.call("ec2", R, "DescribeKeyPairs", json!({"KeyNames": ["lab"]})).is_err() {
        c.call("ec2", R, "CreateKeyPair", json!({"KeyName": "lab", "KeyType": "ed25519"})).unwrap();
    }
    let image = c.call("ec2", R, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap()["Images"][0]
        ["ImageId"]
        .clone();
    c.call(
        "ec2",
        R,
        "RunInstances",
        json!({"ImageId": image, "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1, "KeyName": "lab",
        "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}]}]}),
    )
    .unwrap()
}

#[test]
fn run_instances_response() {
    let mut c = Cloud::new(0);
    insta::assert_json_snapshot!(launch(&mut c));
}

#[test]
fn state_change_responses() {
    let mut c = Cloud::new(0);
    let id = launch(&mut c)["Instances"][0]["InstanceId"].clone();
    c.advance(60_000);
    insta::assert_json_snapshot!("stop", c.call("ec2", R, "StopInstances", json!({"InstanceIds": [id]})).unwrap());
    c.advance(300_000);
    insta::assert_json_snapshot!("describe_stopped", c.call("ec2", R, "DescribeInstances", json!({"InstanceIds": [id]})).unwrap());
    insta::assert_json_snapshot!("status", c.call("ec2", R, "DescribeInstanceStatus", json!({"InstanceIds": [id], "IncludeAllInstances": true})).unwrap());
}

#[test]
fn lifecycle_diagram() {
    let mut c = Cloud::new(0);
    let v = c.call("ec2lab", R, "LifecycleDiagram", json!({"State": "stopped", "Language": "ko"})).unwrap();
    let svg = v["Svg"].as_str().unwrap();
    assert!(svg.contains("class=\"state current\" data-state=\"stopped\""));
    assert!(svg.contains("중지됨"));
    assert_eq!(svg.matches("class=\"edge\"").count(), 10);
    assert!(svg.contains("class=\"billed\" data-state=\"running\""));
    let running = v["States"].as_array().unwrap().iter().find(|s| s["Name"] == "running").unwrap();
    assert_eq!(running["Billed"], true);
    assert_eq!(running["Label"], "실행 중");
    assert_eq!(running["Next"], json!(["stopping", "shutting-down"]));
    let pending = v["States"].as_array().unwrap().iter().find(|s| s["Name"] == "pending").unwrap();
    assert_eq!(pending["Next"], json!(["running", "stopping", "shutting-down"]));
    insta::assert_snapshot!(svg);
}
