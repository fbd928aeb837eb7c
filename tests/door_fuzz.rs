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
    // networking
    "VpcId",
    "VpcIds",
    "CidrBlock",
    "SubnetIds",
    "AvailabilityZoneId",
    "InternetGatewayId",
    "RouteTableId",
    "DestinationCidrBlock",
    "GatewayId",
    "NatGatewayId",
    "NetworkInterfaceId",
    "NetworkInterfaces",
    "DeviceIndex",
    "AttachmentId",
    "AllocationId",
    "AssociationId",
    "PublicIp",
    "AllowReassociation",
    "Groups",
    "SecondaryPrivateIpAddressCount",
    "PrivateIpAddresses",
    "MapPublicIpOnLaunch",
    "EnableDnsHostnames",
    "ConnectivityType",
    "Filter",
    "Description",
    "SourceDestCheck",
    "Domain",
    // security groups, network ACLs, reachability
    "GroupId",
    "GroupName",
    "IpPermissions",
    "IpProtocol",
    "FromPort",
    "ToPort",
    "IpRanges",
    "CidrIp",
    "UserIdGroupPairs",
    "SecurityGroupRuleIds",
    "SecurityGroupRules",
    "NetworkAclId",
    "RuleNumber",
    "Protocol",
    "RuleAction",
    "Egress",
    "PortRange",
    "Source",
    "Destination",
    "Port",
    "DestinationPort",
    "NetworkInsightsPathId",
    // load balancing traffic (ec2lab Serve, Fail, RouteRequest)
    "Routes",
    "Method",
    "Status",
    "Body",
    "Headers",
    "DelayMs",
    "ExternalHandle",
    "Label",
    "Mode",
    "LoadBalancer",
    "ClientIp",
    "ClientPort",
    "Host",
    "Query",
    // monitoring, alarms, SNS, Auto Scaling, purchase options, the bill
    "Namespace",
    "MetricName",
    "Dimensions",
    "MetricData",
    "StartTime",
    "EndTime",
    "Period",
    "Statistics",
    "AlarmName",
    "AlarmNames",
    "EvaluationPeriods",
    "Threshold",
    "ComparisonOperator",
    "TreatMissingData",
    "AlarmActions",
    "StateValue",
    "TopicArn",
    "Endpoint",
    "Message",
    "AutoScalingGroupName",
    "MinSize",
    "MaxSize",
    "DesiredCapacity",
    "LaunchTemplate",
    "LaunchTemplateName",
    "VPCZoneIdentifier",
    "PolicyName",
    "Cpu",
    "SpotPrice",
    "InstanceCount",
    "Since",
    "Until",
    "Hours",
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
            "aGVsbG8=",
            "10.0.0.0/16",
            "172.31.0.0/20",
            "0.0.0.0/0",
            "local"
        ])
        .prop_map(|s| Value::String(s.to_string())),
        // Ids that exist in the fuzzed world, so calls get past "not found".
        prop::sample::select(world_ids()).prop_map(Value::String),
    ]
}

/// Every resource id of `world()` (instances, VPCs, subnets, gateways, route tables and their
/// associations, ENIs and their attachments, Elastic IPs).
fn world_ids() -> Vec<String> {
    let c = world();
    let r = &c.world.regions["us-east-1"];
    let n = &r.network;
    let mut ids: Vec<String> = r.compute.instances.keys().cloned().collect();
    ids.extend(n.vpcs.keys().cloned());
    ids.extend(n.subnets.keys().cloned());
    ids.extend(n.internet_gateways.keys().cloned());
    ids.extend(n.route_tables.values().flat_map(|t| std::iter::once(t.id.clone()).chain(t.associations.iter().map(|a| a.id.clone()))));
    ids.extend(n.enis.values().flat_map(|e| std::iter::once(e.id.clone()).chain(e.attachment.iter().map(|a| a.attachment_id.clone()))));
    ids.extend(n.elastic_ips.values().flat_map(|e| std::iter::once(e.allocation_id.clone()).chain(e.association.iter().map(|a| a.association_id.clone()))));
    ids.extend(n.nat_gateways.keys().cloned());
    ids.extend(n.security_groups.keys().cloned());
    ids.extend(r.storage.volumes.keys().cloned());
    ids.extend(r.storage.snapshots.iter().filter(|(_, s)| s.owner_id == ec2lab::world::ACCOUNT_ID).map(|(id, _)| id.clone()));
    ids
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
    // A VPC of its own with a subnet, an attached gateway, a NAT gateway, a free ENI and Elastic IPs.
    let vpc = c.call("ec2", "us-east-1", "CreateVpc", json!({"CidrBlock": "10.0.0.0/16"})).unwrap()["Vpc"]["VpcId"].clone();
    let subnet = c.call("ec2", "us-east-1", "CreateSubnet", json!({"VpcId": vpc, "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a"})).unwrap()
        ["Subnet"]["SubnetId"]
        .clone();
    let igw = c.call("ec2", "us-east-1", "CreateInternetGateway", json!({})).unwrap()["InternetGateway"]["InternetGatewayId"].clone();
    c.call("ec2", "us-east-1", "AttachInternetGateway", json!({"InternetGatewayId": igw, "VpcId": vpc})).unwrap();
    c.call("ec2", "us-east-1", "CreateNetworkInterface", json!({"SubnetId": subnet})).unwrap();
    let eip = c.call("ec2", "us-east-1", "AllocateAddress", json!({})).unwrap()["AllocationId"].clone();
    c.call("ec2", "us-east-1", "CreateNatGateway", json!({"SubnetId": subnet, "AllocationId": eip})).unwrap();
    c.call("ec2", "us-east-1", "AllocateAddress", json!({})).unwrap();
    c.advance(100_000);
    c
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]
    #[test]
    fn the_door_never_panics(service in prop::sample::select(vec!["ec2", "ec2lab", "ebs", "elbv2", "cloudwatch", "sns", "autoscaling"]), op_index in 0usize..1024, params in value(), region in prop::sample::select(vec!["us-east-1", "ap-northeast-2", "nowhere"])) {
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
