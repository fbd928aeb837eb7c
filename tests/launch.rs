//! RunInstances behaviours beyond the lifecycle: idempotency, quotas and MinCount/MaxCount,
//! hibernation, credits, reboot, forced stops, addresses, DryRun.
use ec2lab::Cloud;
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn al2023(c: &mut Cloud) -> Value {
    c.call("ec2", R, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap()["Images"][0]["ImageId"].clone()
}

fn run(c: &mut Cloud, extra: Value) -> Result<Value, ec2lab::ApiError> {
    let mut p = json!({"ImageId": al2023(c), "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1});
    for (k, v) in extra.as_object().unwrap() {
        p[k] = v.clone();
    }
    c.call("ec2", R, "RunInstances", p)
}

fn all_instances(c: &mut Cloud) -> Vec<Value> {
    let v = c.call("ec2", R, "DescribeInstances", json!({})).unwrap();
    v["Reservations"].as_array().unwrap().iter().flat_map(|r| r["Instances"].as_array().unwrap().clone()).collect()
}

#[test]
fn client_token_makes_launch_idempotent() {
    let mut c = Cloud::new(0);
    let a = run(&mut c, json!({"ClientToken": "abc", "MinCount": 2, "MaxCount": 2})).unwrap();
    let b = run(&mut c, json!({"ClientToken": "abc", "MinCount": 2, "MaxCount": 2})).unwrap();
    assert_eq!(a["ReservationId"], b["ReservationId"]);
    assert_eq!(all_instances(&mut c).len(), 2);
    assert_eq!(a["Instances"][0]["ClientToken"], "abc");
    let e = run(&mut c, json!({"ClientToken": "abc", "InstanceType": "t3.small"})).unwrap_err();
    assert_eq!(e.code, "IdempotentParameterMismatch");
}

#[test]
fn launches_as_many_as_the_quota_allows_between_min_and_max() {
    let mut c = Cloud::new(0);
    // m5.24xlarge has 96 vCPUs; the Standard bucket allows 1152 = 12 of them.
    let v = run(&mut c, json!({"InstanceType": "m5.24xlarge", "MinCount": 5, "MaxCount": 20})).unwrap();
    assert_eq!(v["Instances"].as_array().unwrap().len(), 12);
    let e = run(&mut c, json!({"InstanceType": "t3.micro"})).unwrap_err();
    assert_eq!(e.code, "VcpuLimitExceeded");
    // Stopped instances do not count.
    let ids: Vec<Value> = v["Instances"].as_array().unwrap().iter().map(|i| i["InstanceId"].clone()).collect();
    c.advance(60_000);
    c.call("ec2", R, "StopInstances", json!({"InstanceIds": ids})).unwrap();
    c.advance(120_000);
    run(&mut c, json!({"InstanceType": "t3.micro"})).unwrap();
}

#[test]
fn min_count_above_quota_launches_nothing() {
    let mut c = Cloud::new(0);
    let e = run(&mut c, json!({"InstanceType": "m5.24xlarge", "MinCount": 13, "MaxCount": 13})).unwrap_err();
    assert_eq!(e.code, "VcpuLimitExceeded");
    assert!(all_instances(&mut c).is_empty());
}

#[test]
fn hibernation_needs_enabling_at_launch_and_has_its_own_reason() {
    let mut c = Cloud::new(0);
    let v = run(&mut c, json!({"InstanceType": "m5.large", "HibernationOptions": {"Configured": true}, "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 30, "Encrypted": true}}]})).unwrap();
    let id = v["Instances"][0]["InstanceId"].clone();
    assert_eq!(v["Instances"][0]["HibernationOptions"]["Configured"], true);
    c.advance(60_000);
    let s = c.call("ec2", R, "StopInstances", json!({"InstanceIds": [id], "Hibernate": true})).unwrap();
    assert_eq!(s["StoppingInstances"][0]["CurrentState"]["Name"], "stopping");
    let d = c.call("ec2", R, "DescribeInstances", json!({"InstanceIds": [id]})).unwrap();
    assert_eq!(d["Reservations"][0]["Instances"][0]["StateReason"]["Code"], "Client.UserInitiatedHibernate");
    let plain = run(&mut c, json!({})).unwrap()["Instances"][0]["InstanceId"].clone();
    c.advance(60_000);
    let e = c.call("ec2", R, "StopInstances", json!({"InstanceIds": [plain], "Hibernate": true})).unwrap_err();
    assert_eq!(e.code, "UnsupportedHibernationConfiguration");
    let e = run(&mut c, json!({"InstanceType": "t4g.micro", "ImageId": "ami-0000000000000000f", "HibernationOptions": {"Configured": true}})).unwrap_err();
    assert_eq!(e.code, "InvalidAMIID.NotFound");
}

#[test]
fn credit_specification_defaults_follow_the_family() {
    let mut c = Cloud::new(0);
    let t2 = run(&mut c, json!({"InstanceType": "t2.micro"})).unwrap();
    let t3 = run(&mut c, json!({"InstanceType": "t3.micro"})).unwrap();
    let world = &c.world.regions[R].compute.instances;
    assert_eq!(world[t2["Instances"][0]["InstanceId"].as_str().unwrap()].credit_specification.as_deref(), Some("standard"));
    assert_eq!(world[t3["Instances"][0]["InstanceId"].as_str().unwrap()].credit_specification.as_deref(), Some("unlimited"));
    let e = run(&mut c, json!({"InstanceType": "m5.large", "CreditSpecification": {"CpuCredits": "unlimited"}})).unwrap_err();
    assert_eq!(e.code, "InvalidParameterCombination");
}

#[test]
fn reboot_keeps_running_and_rechecks_status() {
    let mut c = Cloud::new(0);
    let id = run(&mut c, json!({})).unwrap()["Instances"][0]["InstanceId"].clone();
    c.advance(400_000);
    let ip = c.call("ec2", R, "DescribeInstances", json!({"InstanceIds": [id]})).unwrap()["Reservations"][0]["Instances"][0]["PublicIpAddress"].clone();
    c.call("ec2", R, "RebootInstances", json!({"InstanceIds": [id]})).unwrap();
    let d = c.call("ec2", R, "DescribeInstances", json!({"InstanceIds": [id]})).unwrap();
    assert_eq!(d["Reservations"][0]["Instances"][0]["State"]["Name"], "running");
    assert_eq!(d["Reservations"][0]["Instances"][0]["PublicIpAddress"], ip);
    let s = c.call("ec2", R, "DescribeInstanceStatus", json!({"InstanceIds": [id]})).unwrap();
    assert_eq!(s["InstanceStatuses"][0]["InstanceStatus"]["Status"], "initializing");
    c.advance(120_000);
    let s = c.call("ec2", R, "DescribeInstanceStatus", json!({"InstanceIds": [id]})).unwrap();
    assert_eq!(s["InstanceStatuses"][0]["InstanceStatus"]["Status"], "ok");
}

#[test]
fn force_finishes_a_stop_sooner() {
    let slow = {
        let mut c = Cloud::new(5);
        let id = run(&mut c, json!({})).unwrap()["Instances"][0]["InstanceId"].clone();
        c.advance(60_000);
        c.call("ec2", R, "StopInstances", json!({"InstanceIds": [id]})).unwrap();
        c.advance(15_000);
        c.call("ec2", R, "DescribeInstances", json!({"InstanceIds": [id]})).unwrap()["Reservations"][0]["Instances"][0]["State"]["Name"].clone()
    };
    assert_eq!(slow, "stopping");
    let mut c = Cloud::new(5);
    let id = run(&mut c, json!({})).unwrap()["Instances"][0]["InstanceId"].clone();
    c.advance(60_000);
    c.call("ec2", R, "StopInstances", json!({"InstanceIds": [id]})).unwrap();
    c.call("ec2", R, "StopInstances", json!({"InstanceIds": [id], "Force": true})).unwrap();
    c.advance(15_000);
    let d = c.call("ec2", R, "DescribeInstances", json!({"InstanceIds": [id]})).unwrap();
    assert_eq!(d["Reservations"][0]["Instances"][0]["State"]["Name"], "stopped");
}

#[test]
fn addresses_come_from_the_subnet_and_are_released_on_terminate() {
    let mut c = Cloud::new(0);
    let v = run(&mut c, json!({"Placement": {"AvailabilityZone": "us-east-1b"}, "PrivateIpAddress": "172.31.16.10"})).unwrap();
    let i = &v["Instances"][0];
    assert_eq!(i["PrivateIpAddress"], "172.31.16.10");
    assert_eq!(i["PrivateDnsName"], "ip-172-31-16-10.ec2.internal");
    assert_eq!(i["Placement"]["AvailabilityZone"], "us-east-1b");
    let e = run(&mut c, json!({"Placement": {"AvailabilityZone": "us-east-1b"}, "PrivateIpAddress": "172.31.16.10"})).unwrap_err();
    assert_eq!(e.code, "InvalidIPAddress.InUse");
    let e = run(&mut c, json!({"Placement": {"AvailabilityZone": "us-east-1b"}, "PrivateIpAddress": "172.31.16.1"})).unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
    let id = i["InstanceId"].clone();
    c.advance(60_000);
    c.call("ec2", R, "TerminateInstances", json!({"InstanceIds": [id]})).unwrap();
    c.advance(120_000);
    let d = c.call("ec2", R, "DescribeInstances", json!({"InstanceIds": [id]})).unwrap();
    let t = &d["Reservations"][0]["Instances"][0];
    assert!(t.get("PrivateIpAddress").is_none() && t.get("PublicIpAddress").is_none());
    assert_eq!(t["NetworkInterfaces"], json!([]));
    // The address is free again.
    run(&mut c, json!({"Placement": {"AvailabilityZone": "us-east-1b"}, "PrivateIpAddress": "172.31.16.10"})).unwrap();
}

#[test]
fn dry_run_launch_checks_and_changes_nothing() {
    let mut c = Cloud::new(0);
    let before = format!("{:?}", c.world);
    let e = run(&mut c, json!({"DryRun": true})).unwrap_err();
    assert_eq!(e.code, "DryRunOperation");
    assert_eq!(before, format!("{:?}", c.world));
    let e = run(&mut c, json!({"DryRun": true, "InstanceType": "t2.mega"})).unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
}

#[test]
fn regions_are_separate_worlds_on_one_clock() {
    let mut c = Cloud::new(0);
    run(&mut c, json!({})).unwrap();
    let seoul = c.call("ec2", "ap-northeast-2", "DescribeInstances", json!({})).unwrap();
    assert_eq!(seoul["Reservations"], json!([]));
    let img = c.call("ec2", "ap-northeast-2", "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap()
        ["Images"][0]["ImageId"]
        .clone();
    assert_ne!(img, al2023(&mut c));
    let virginia_image = al2023(&mut c);
    let e = c.call("ec2", "ap-northeast-2", "RunInstances", json!({"ImageId": virginia_image, "MinCount": 1, "MaxCount": 1})).unwrap_err();
    assert_eq!(e.code, "InvalidAMIID.NotFound");
    let v = c.call("ec2", "ap-northeast-2", "RunInstances", json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1})).unwrap();
    assert!(v["Instances"][0]["PrivateDnsName"].as_str().unwrap().ends_with(".ap-northeast-2.compute.internal"));
    assert!(v["Instances"][0]["Placement"]["AvailabilityZone"].as_str().unwrap().starts_with("ap-northeast-2"));
}

#[test]
fn boot_mode_follows_the_ami_and_the_type() {
    let mut c = Cloud::new(0);
    // AL2023 x86_64 is uefi-preferred: UEFI on a Nitro type, legacy BIOS on a Xen type.
    let t3 = run(&mut c, json!({"InstanceType": "t3.micro"})).unwrap();
    assert_eq!(t3["Instances"][0]["CurrentInstanceBootMode"], "uefi");
    let t2 = run(&mut c, json!({"InstanceType": "t2.micro"})).unwrap();
    assert_eq!(t2["Instances"][0]["CurrentInstanceBootMode"], "legacy-bios");
    // The arm64 image is UEFI only, which every Graviton type supports.
    let arm = c.call("ec2", R, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-arm64"]}]})).unwrap()["Images"][0]["ImageId"]
        .clone();
    let g = c.call("ec2", R, "RunInstances", json!({"ImageId": arm, "InstanceType": "t4g.micro", "MinCount": 1, "MaxCount": 1})).unwrap();
    assert_eq!(g["Instances"][0]["CurrentInstanceBootMode"], "uefi");
}

#[test]
fn the_root_volume_can_be_resized_retyped_and_encrypted_at_launch() {
    let mut c = Cloud::new(0);
    let v = run(&mut c, json!({"BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 30, "VolumeType": "gp2", "Encrypted": true, "DeleteOnTermination": false}}]})).unwrap();
    let id = v["Instances"][0]["InstanceId"].as_str().unwrap().to_string();
    let root = c.world.regions[R].compute.instances[&id].root_volume.clone().unwrap();
    assert_eq!((root.size_gib, root.volume_type.as_str(), root.encrypted, root.delete_on_termination), (30, "gp2", true, false));
    assert_eq!(v["Instances"][0]["BlockDeviceMappings"][0]["Ebs"]["DeleteOnTermination"], false);
    let bad = |c: &mut Cloud, ebs: Value| run(c, json!({"BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": ebs}]})).unwrap_err();
    let e = bad(&mut c, json!({"VolumeSize": 4}));
    assert_eq!(e.code, "InvalidBlockDeviceMapping");
    assert!(e.message.starts_with("Volume of size 4GB is smaller than snapshot 'snap-"), "{}", e.message);
    assert_eq!(bad(&mut c, json!({"VolumeType": "st1", "VolumeSize": 500})).code, "InvalidBlockDeviceMapping");
    assert_eq!(bad(&mut c, json!({"VolumeType": "io2"})).code, "MissingParameter");
    assert_eq!(bad(&mut c, json!({"VolumeType": "gp2", "Iops": 3000})).code, "InvalidParameterCombination");
    assert_eq!(bad(&mut c, json!({"VolumeType": "floppy"})).code, "InvalidParameterValue");
    // A data volume beside the root: a real volume, deleted on termination by default (§7.3).
    let v = run(&mut c, json!({"BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 10}}]})).unwrap();
    let bdm = &v["Instances"][0]["BlockDeviceMappings"];
    assert_eq!((bdm[0]["DeviceName"].as_str(), bdm[1]["DeviceName"].as_str()), (Some("/dev/xvda"), Some("/dev/sdf")));
    assert_eq!(bdm[1]["Ebs"]["DeleteOnTermination"], true);
    assert_eq!(all_instances(&mut c).len(), 2);
}

#[test]
fn hibernation_needs_an_encrypted_root_big_enough_for_the_ram() {
    let mut c = Cloud::new(0);
    let hib = |size: u32, encrypted: bool| {
        json!({"InstanceType": "m5.large", "HibernationOptions": {"Configured": true},
        "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": size, "Encrypted": encrypted}}]})
    };
    let e = run(&mut c, json!({"InstanceType": "m5.large", "HibernationOptions": {"Configured": true}})).unwrap_err();
    assert_eq!((e.code.as_str(), e.message.as_str()), ("UnsupportedHibernationConfiguration", "For hibernation, the root device volume must be encrypted."));
    // m5.large has 8 GiB of RAM; AL2023's root snapshot is 8 GiB.
    let e = run(&mut c, hib(12, true)).unwrap_err();
    assert!(e.message.contains("large enough to store the RAM"), "{}", e.message);
    run(&mut c, hib(16, true)).unwrap();
    let e = run(
        &mut c,
        json!({"InstanceType": "t2.micro", "HibernationOptions": {"Configured": true}, "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": true, "VolumeSize": 30}}]}),
    );
    assert!(e.is_ok(), "t2 supports hibernation: {e:?}");
    let e = run(&mut c, json!({"InstanceType": "t4g.micro", "HibernationOptions": {"Configured": true}})).unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue", "the x86 AMI on a Graviton type fails on architecture first");
}

#[test]
fn a_marketplace_ami_needs_a_subscription_first() {
    let mut c = Cloud::new(0);
    let v = c.call("ec2", R, "DescribeImages", json!({"Owners": ["aws-marketplace"]})).unwrap();
    let image = v["Images"][0]["ImageId"].clone();
    let code = v["Images"][0]["ProductCodes"][0]["ProductCodeId"].as_str().unwrap().to_string();
    let e = run(&mut c, json!({"ImageId": image})).unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("OptInRequired", 401));
    assert!(e.message.ends_with(&format!("pp?sku={code}")), "{}", e.message);
    assert!(all_instances(&mut c).is_empty());
    assert_eq!(c.call("ec2lab", R, "AcceptMarketplaceTerms", json!({"ProductCode": "nope"})).unwrap_err().code, "InvalidParameterValue");
    c.call("ec2lab", R, "AcceptMarketplaceTerms", json!({"ProductCode": code})).unwrap();
    let i = run(&mut c, json!({"ImageId": image})).unwrap();
    assert_eq!(i["Instances"][0]["ProductCodes"][0]["ProductCodeType"], "marketplace");
    // The subscription is account-wide: the same product in another region launches too.
    let seoul = c.call("ec2", "ap-northeast-2", "DescribeImages", json!({"Owners": ["aws-marketplace"]})).unwrap()["Images"][0]["ImageId"].clone();
    c.call("ec2", "ap-northeast-2", "RunInstances", json!({"ImageId": seoul, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1})).unwrap();
}
