//! Whatever a caller sends, the door answers (a response or an AWS-shaped error) and never
//! panics: random JSON for every operation, on a world with instances in it.
use ec2lab::Cloud;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

const MEMBERS: &[&str] = &[
    "InstanceIds",
    "ImageId",
    "InstanceType",
    "MinCount",
    "MaxCount",
    "Filters",
    "Name",
    "Values",
    "MaxResults",
    "NextToken",
    "Placement",
    "AvailabilityZone",
    "SubnetId",
    "Tags",
    "Key",
    "Value",
    "Resources",
    "Attribute",
    "InstanceId",
    "Force",
    "Hibernate",
    "UserData",
    "BlockDeviceMappings",
    "DeviceName",
    "Ebs",
    "VolumeSize",
    "Encrypted",
    "TagSpecifications",
    "ResourceType",
    "PrivateIpAddress",
    "DryRun",
    "IncludeAllInstances",
    "LocationType",
    "Owners",
    "ImageIds",
    "InstanceTypes",
    "Language",
    "State",
    "ProductCode",
    "DisableApiTermination",
    "ClientToken",
    "HibernationOptions",
    "Configured",
    // storage
    "VolumeId",
    "VolumeIds",
    "Device",
    "Size",
    "VolumeType",
    "Iops",
    "Throughput",
    "SnapshotId",
    "SnapshotIds",
    "OwnerIds",
    "SourceRegion",
    "SourceSnapshotId",
    "MultiAttachEnabled",
    "InstanceSpecification",
    "Path",
    "Data",
    "Target",
    "SizeBytes",
    "Pattern",
    "BlockSizeBytes",
    "QueueDepth",
    "BlockIndex",
    "BlockToken",
    "FirstSnapshotId",
    "SecondSnapshotId",
    "StartingBlockIndex",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-5i64..100).prop_map(|n| json!(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| json!(f)),
        "[a-z0-9.*?:/-]{0,12}".prop_map(Value::String),
        prop::sample::select(vec![
            "i-0123456789abcdef0",
            "t2.micro",
            "us-east-1a",
            "running",
            "ami-0123456789abcdef0",
            "instanceType",
            "gp3",
            "/dev/xvda",
            "",
            "/dev/sdf",
            "randread",
            "io2",
            "snap-0123456789abcdef0",
            "aGVsbG8="
        ])
        .prop_map(|s| Value::String(s.to_string())),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(MEMBERS.to_vec()), inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<Map<_, _>>())),
        ]
    })
}

fn world() -> Cloud {
    let mut c = Cloud::new(1);
    let img = c.call("ec2", "us-east-1", "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap()["Images"][0]
        ["ImageId"]
        .clone();
    c.call("ec2", "us-east-1", "RunInstances", json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 2, "MaxCount": 2})).unwrap();
    // A volume and a snapshot, so that storage operations meet real resources.
    let v = c.call("ec2", "us-east-1", "CreateVolume", json!({"AvailabilityZone": "us-east-1a", "Size": 1})).unwrap()["VolumeId"].clone();
    c.advance(10_000);
    c.call("ec2", "us-east-1", "CreateSnapshot", json!({"VolumeId": v})).unwrap();
    c.advance(100_000);
    c
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]
    #[test]
    fn the_door_never_panics(service in prop::sample::select(vec!["ec2", "ec2lab", "ebs"]), op_index in 0usize..64, params in value(), region in prop::sample::select(vec!["us-east-1", "ap-northeast-2", "nowhere"])) {
        let ops = Cloud::implemented_operations(service);
        let op = ops[op_index % ops.len()];
        let mut c = world();
        let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| c.call(service, region, op, params.clone())));
        prop_assert!(answer.is_ok(), "{service}:{op} panicked on {params}");
        if let Ok(Err(e)) = answer {
            prop_assert!(!e.code.is_empty() && !e.message.is_empty());
        }
    }
}
