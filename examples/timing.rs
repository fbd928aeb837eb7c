//! Where a call's time goes in the core (run: cargo run --release --example timing).
use ec2lab::Cloud;
use serde_json::json;
use std::time::Instant;
fn main() {
    let mut c = Cloud::new(0);
    let img = c.call("ec2", "us-east-1", "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap()["Images"][0]
        ["ImageId"]
        .clone();
    let p = json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 20, "MaxCount": 20, "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "g", "Value": "x"}]}]});
    c.call("ec2", "us-east-1", "RunInstances", p.clone()).unwrap();
    let t = Instant::now();
    for _ in 0..10 {
        c.answer("ec2", "us-east-1", "RunInstances", p.clone()).unwrap();
    }
    println!("run 20 x10 (typed answer): {:?}", t.elapsed());
    let t = Instant::now();
    let a = c.answer("ec2", "us-east-1", "DescribeInstances", json!({})).unwrap();
    println!("describe 220 (typed answer): {:?}", t.elapsed());
    let t = Instant::now();
    let s = serde_json::to_string(&*a).unwrap();
    println!("  to JSON text: {:?} ({} bytes)", t.elapsed(), s.len());
    let t = Instant::now();
    let _ = serde_json::to_value(&*a).unwrap();
    println!("  to serde_json::Value: {:?}", t.elapsed());
}
