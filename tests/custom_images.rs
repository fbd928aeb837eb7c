//! Custom AMIs through the door (aws-facts §6): CreateImage from a configured instance, launching
//! from it with the files in place, CopyImage to Seoul, RegisterImage from a snapshot,
//! DeregisterImage and the snapshots it keeps, launch permissions, and every refusal.
use ec2lab::{storage, Cloud};
use serde_json::{json, Value};

const R: &str = "us-east-1";
const SEOUL: &str = "ap-northeast-2";

fn call(c: &mut Cloud, region: &str, op: &str, params: Value) -> Value {
    c.call("ec2", region, op, params).unwrap_or_else(|e| panic!("{op}: {} {}", e.code, e.message))
}

fn err(c: &mut Cloud, region: &str, op: &str, params: Value) -> ec2lab::ApiError {
    let before = format!("{:?}", c.world);
    let e = c.call("ec2", region, op, params).expect_err(op);
    assert_eq!(before, format!("{:?}", c.world), "{op} refused ({}) but changed the world", e.code);
    assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{op} {}: hints in both languages", e.code);
    e
}

fn image_id(c: &mut Cloud, region: &str, pattern: &str) -> String {
    let r = call(c, region, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": [pattern]}]}));
    r["Images"][0]["ImageId"].as_str().unwrap().to_string()
}

fn launch(c: &mut Cloud, region: &str, image: &str, itype: &str) -> String {
    let r = call(c, region, "RunInstances", json!({"ImageId": image, "InstanceType": itype, "MinCount": 1, "MaxCount": 1}));
    let id = r["Instances"][0]["InstanceId"].as_str().unwrap().to_string();
    c.advance(120_000);
    id
}

fn describe_image(c: &mut Cloud, region: &str, id: &str) -> Value {
    call(c, region, "DescribeImages", json!({"ImageIds": [id]}))["Images"][0].clone()
}

/// A running Amazon Linux 2023 instance with `/etc/app.conf` written on its root volume.
fn configured(c: &mut Cloud) -> String {
    let base = image_id(c, R, "al2023-ami-2023*-x86_64");
    let i = launch(c, R, &base, "t3.micro");
    storage::write_file(&mut c.world, R, &i, "/etc/app.conf", b"listen 8080\n").unwrap();
    i
}

fn create_image(c: &mut Cloud, instance: &str, name: &str, extra: Value) -> String {
    let mut params = json!({"InstanceId": instance, "Name": name});
    params.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    call(c, R, "CreateImage", params)["ImageId"].as_str().unwrap().to_string()
}

fn snapshots_of(image: &Value) -> Vec<String> {
    image["BlockDeviceMappings"].as_array().unwrap().iter().filter_map(|m| m["Ebs"]["SnapshotId"].as_str().map(String::from)).collect()
}

#[test]
fn create_image_is_pending_until_its_snapshots_complete_then_launches_with_the_files() {
    let mut c = Cloud::new(0);
    let i = configured(&mut c);
    let ami = create_image(&mut c, &i, "web-v1", json!({"Description": "nginx configured"}));
    let img = describe_image(&mut c, R, &ami);
    assert_eq!(img["State"], "pending");
    assert_eq!(img["OwnerId"], "123456789012");
    assert_eq!(img["SourceInstanceId"], i.as_str());
    assert_eq!(img["Public"], false);
    assert_eq!(img["RootDeviceType"], "ebs");
    let snaps = snapshots_of(&img);
    assert_eq!(snaps.len(), 1, "one snapshot per EBS volume (the root)");
    let snap = &call(&mut c, R, "DescribeSnapshots", json!({"SnapshotIds": [snaps[0]]}))["Snapshots"][0];
    assert_eq!(snap["Description"], format!("Created by CreateImage({i}) for {ami}"));
    // The instance was rebooted (NoReboot defaults to false): its OS is down for a moment.
    assert!(c.world.regions[R].compute.instances[&i].rebooting_until.is_some());

    c.advance(3_600_000);
    let img = describe_image(&mut c, R, &ami);
    assert_eq!(img["State"], "available");
    let mine = call(&mut c, R, "DescribeImages", json!({"Owners": ["self"]}));
    assert_eq!(mine["Images"].as_array().unwrap().len(), 1);

    let copy = launch(&mut c, R, &ami, "t3.small");
    assert_eq!(storage::read_file(&mut c.world, R, &copy, "/etc/app.conf").unwrap(), b"listen 8080\n");
    // The base image's own files came along too.
    assert!(String::from_utf8(storage::read_file(&mut c.world, R, &copy, "/etc/os-release").unwrap()).unwrap().contains("Amazon Linux 2023"));
}

#[test]
fn no_reboot_leaves_the_instance_alone_and_a_stopped_instance_can_be_imaged() {
    let mut c = Cloud::new(0);
    let i = configured(&mut c);
    create_image(&mut c, &i, "web-no-reboot", json!({"NoReboot": true}));
    assert!(c.world.regions[R].compute.instances[&i].rebooting_until.is_none());
    call(&mut c, R, "StopInstances", json!({"InstanceIds": [i]}));
    c.advance(300_000);
    let ami = create_image(&mut c, &i, "web-stopped", json!({}));
    assert_eq!(describe_image(&mut c, R, &ami)["SourceInstanceId"], i.as_str());
}

#[test]
fn extra_ebs_volumes_are_captured_and_instance_store_is_listed_without_its_data() {
    let mut c = Cloud::new(0);
    let base = image_id(&mut c, R, "al2023-ami-2023*-x86_64");
    let i = launch(&mut c, R, &base, "m5d.large");
    let az = c.world.regions[R].compute.instances[&i].az.clone();
    let spec = storage::VolumeSpec { availability_zone: az, size_gib: Some(10), volume_type: Some("gp3".into()), ..Default::default() };
    let vol = storage::create_volume(&mut c.world, R, &spec).unwrap();
    c.advance(60_000);
    storage::attach_volume(&mut c.world, R, &vol, &i, "/dev/sdf").unwrap();
    c.advance(60_000);
    storage::mount(&mut c.world, R, &i, "/dev/sdf", "/data").unwrap();
    storage::write_file(&mut c.world, R, &i, "/data/db.sqlite", b"rows").unwrap();
    storage::mount(&mut c.world, R, &i, "ephemeral0", "/scratch").unwrap();
    storage::write_file(&mut c.world, R, &i, "/scratch/tmp.bin", b"temporary").unwrap();

    let ami = create_image(&mut c, &i, "db-v1", json!({"BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"DeleteOnTermination": true}}]}));
    let img = describe_image(&mut c, R, &ami);
    let maps = img["BlockDeviceMappings"].as_array().unwrap();
    let sdf = maps.iter().find(|m| m["DeviceName"] == "/dev/sdf").unwrap();
    assert_eq!(sdf["Ebs"]["VolumeSize"], 10);
    assert_eq!(sdf["Ebs"]["VolumeType"], "gp3");
    assert_eq!(sdf["Ebs"]["DeleteOnTermination"], true, "changed by the mapping (a later-attached volume defaults to false)");
    assert!(maps.iter().any(|m| m["VirtualName"] == "ephemeral0"), "instance store listed: {maps:?}");
    assert_eq!(snapshots_of(&img).len(), 2);
    c.advance(3_600_000);

    let j = launch(&mut c, R, &ami, "m5d.large");
    storage::mount(&mut c.world, R, &j, "/dev/sdf", "/data").unwrap();
    assert_eq!(storage::read_file(&mut c.world, R, &j, "/data/db.sqlite").unwrap(), b"rows");
    storage::mount(&mut c.world, R, &j, "ephemeral0", "/scratch").unwrap();
    assert!(storage::read_file(&mut c.world, R, &j, "/scratch/tmp.bin").is_err(), "instance-store data is not in the AMI");
}

#[test]
fn only_delete_on_termination_can_change_in_the_mappings() {
    let mut c = Cloud::new(0);
    let i = configured(&mut c);
    let e = err(
        &mut c,
        R,
        "CreateImage",
        json!({"InstanceId": i, "Name": "bigger", "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 50}}]}),
    );
    assert_eq!(e.code, "InvalidBlockDeviceMapping");
    let e = err(&mut c, R, "CreateImage", json!({"InstanceId": i, "Name": "noroot", "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "NoDevice": ""}]}));
    assert_eq!(e.code, "InvalidBlockDeviceMapping");
}

#[test]
fn create_image_refusals_change_nothing() {
    let mut c = Cloud::new(0);
    let i = configured(&mut c);
    for (name, code) in [("ab", "InvalidAMIName.Malformed"), ("web#1", "InvalidAMIName.Malformed")] {
        let e = err(&mut c, R, "CreateImage", json!({"InstanceId": i, "Name": name}));
        assert_eq!(e.code, code);
        assert_eq!(e.message, "AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/' and '_'");
    }
    let ami = create_image(&mut c, &i, "web-v1", json!({}));
    let e = err(&mut c, R, "CreateImage", json!({"InstanceId": i, "Name": "web-v1"}));
    assert_eq!(e.code, "InvalidAMIName.Duplicate");
    assert_eq!(e.message, format!("AMI name web-v1 is already in use by AMI {ami}"));
    assert_eq!(err(&mut c, R, "CreateImage", json!({"InstanceId": "i-0123456789abcdef0", "Name": "x-1"})).code, "InvalidInstanceID.NotFound");
    let e = err(
        &mut c,
        R,
        "CreateImage",
        json!({"InstanceId": i, "Name": "tagged", "TagSpecifications": [{"ResourceType": "volume", "Tags": [{"Key": "a", "Value": "b"}]}]}),
    );
    assert_eq!(e.code, "InvalidParameterValue");

    // Pending: not yet running or stopped.
    let base = image_id(&mut c, R, "al2023-ami-2023*-x86_64");
    let r = call(&mut c, R, "RunInstances", json!({"ImageId": base, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1}));
    let pending = r["Instances"][0]["InstanceId"].as_str().unwrap().to_string();
    assert_eq!(err(&mut c, R, "CreateImage", json!({"InstanceId": pending, "Name": "too-early"})).code, "IncorrectInstanceState");

    // An instance-store-backed instance has no EBS volume to snapshot.
    let s3 = image_id(&mut c, R, "amzn-ami-hvm-*-x86_64-s3");
    let store = launch(&mut c, R, &s3, "m3.medium");
    c.advance(300_000);
    assert_eq!(err(&mut c, R, "CreateImage", json!({"InstanceId": store, "Name": "store-image"})).code, "UnsupportedOperation");
}

#[test]
fn an_ami_snapshot_cannot_be_deleted_until_the_ami_is_deregistered() {
    let mut c = Cloud::new(0);
    let i = configured(&mut c);
    let ami = create_image(&mut c, &i, "web-v1", json!({}));
    c.advance(3_600_000);
    let snap = snapshots_of(&describe_image(&mut c, R, &ami))[0].clone();
    let e = err(&mut c, R, "DeleteSnapshot", json!({"SnapshotId": snap}));
    assert_eq!(e.code, "InvalidSnapshot.InUse");
    assert_eq!(e.message, format!("The snapshot {snap} is currently in use by {ami}"));

    // Deregistering keeps the snapshots by default; instances launched from it keep running.
    let j = launch(&mut c, R, &ami, "t3.micro");
    let r = call(&mut c, R, "DeregisterImage", json!({"ImageId": ami}));
    assert_eq!(r, json!({"Return": true}));
    assert_eq!(c.world.regions[R].compute.instances[&j].state.name(), "running");
    assert_eq!(err(&mut c, R, "DescribeImages", json!({"ImageIds": [ami]})).code, "InvalidAMIID.NotFound");
    assert_eq!(call(&mut c, R, "DescribeImages", json!({"Owners": ["self"]}))["Images"], json!([]));
    assert_eq!(err(&mut c, R, "RunInstances", json!({"ImageId": ami, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1})).code, "InvalidAMIID.NotFound");
    call(&mut c, R, "DeleteSnapshot", json!({"SnapshotId": snap}));
}

#[test]
fn deregister_with_delete_associated_snapshots_skips_a_snapshot_another_ami_uses() {
    let mut c = Cloud::new(0);
    let i = configured(&mut c);
    let ami = create_image(&mut c, &i, "web-v1", json!({}));
    c.advance(3_600_000);
    let snap = snapshots_of(&describe_image(&mut c, R, &ami))[0].clone();
    let twin = call(
        &mut c,
        R,
        "RegisterImage",
        json!({"Name": "web-twin", "RootDeviceName": "/dev/xvda", "Architecture": "x86_64", "VirtualizationType": "hvm", "EnaSupport": true,
               "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": snap}}]}),
    )["ImageId"]
        .as_str()
        .unwrap()
        .to_string();
    let r = call(&mut c, R, "DeregisterImage", json!({"ImageId": ami, "DeleteAssociatedSnapshots": true}));
    assert_eq!(r["DeleteSnapshotResults"], json!([{"SnapshotId": snap, "ReturnCode": "skipped"}]));
    assert_eq!(err(&mut c, R, "DeleteSnapshot", json!({"SnapshotId": snap})).message, format!("The snapshot {snap} is currently in use by {twin}"));
    let r = call(&mut c, R, "DeregisterImage", json!({"ImageId": twin, "DeleteAssociatedSnapshots": true}));
    assert_eq!(r["DeleteSnapshotResults"], json!([{"SnapshotId": snap, "ReturnCode": "success"}]));
    assert_eq!(c.call("ec2", R, "DescribeSnapshots", json!({"SnapshotIds": [snap]})).unwrap_err().code, "InvalidSnapshot.NotFound");
}

#[test]
fn register_image_from_a_snapshot_follows_the_documented_defaults() {
    let mut c = Cloud::new(0);
    let i = configured(&mut c);
    let vol = c.world.regions[R].storage.attached_to(&i)[0].1.id.clone();
    let snap = storage::create_snapshot(&mut c.world, R, &vol, "root", &[]).unwrap();
    let params = json!({"Name": "from-snap", "RootDeviceName": "/dev/xvda", "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": snap}}]});
    assert_eq!(err(&mut c, R, "RegisterImage", params.clone()).code, "IncorrectState", "the snapshot is still pending");
    c.advance(3_600_000);
    let ami = call(&mut c, R, "RegisterImage", params)["ImageId"].as_str().unwrap().to_string();
    let img = describe_image(&mut c, R, &ami);
    assert_eq!(img["State"], "available");
    assert_eq!(img["Architecture"], "i386", "BC:ec2/RegisterImage: i386 unless given");
    assert_eq!(img["VirtualizationType"], "paravirtual");
    assert_eq!(img["BlockDeviceMappings"][0]["Ebs"]["VolumeSize"], 8);
    assert_eq!(img["BlockDeviceMappings"][0]["Ebs"]["DeleteOnTermination"], true);

    let e = err(&mut c, R, "RegisterImage", json!({"Name": "no-root", "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": snap}}]}));
    assert_eq!(e.code, "MissingParameter");
    let e = err(
        &mut c,
        R,
        "RegisterImage",
        json!({"Name": "small", "RootDeviceName": "/dev/xvda", "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": snap, "VolumeSize": 4}}]}),
    );
    assert_eq!(e.code, "InvalidBlockDeviceMapping");
    let e = err(
        &mut c,
        R,
        "RegisterImage",
        json!({"Name": "no-snap", "RootDeviceName": "/dev/xvda", "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"SnapshotId": snap}}]}),
    );
    assert_eq!(e.code, "InvalidBlockDeviceMapping");
    let e = err(&mut c, R, "RegisterImage", json!({"Name": "s3-bundle", "ImageLocation": "my-bucket/image.manifest.xml"}));
    assert_eq!(e.code, "Unsupported");
    let e = err(
        &mut c,
        R,
        "RegisterImage",
        json!({"Name": "bad-snap", "RootDeviceName": "/dev/xvda", "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}]}),
    );
    assert_eq!(e.code, "InvalidSnapshot.NotFound");
}

#[test]
fn copy_image_to_seoul_gets_a_new_id_copied_snapshots_and_launches_with_the_files() {
    let mut c = Cloud::new(0);
    let i = configured(&mut c);
    let ami = create_image(&mut c, &i, "web-v1", json!({"TagSpecifications": [{"ResourceType": "image", "Tags": [{"Key": "app", "Value": "web"}]}]}));
    call(&mut c, R, "ModifyImageAttribute", json!({"ImageId": ami, "LaunchPermission": {"Add": [{"UserId": "111122223333"}]}}));
    // Still pending: a copy waits until the image is available.
    let e = err(&mut c, SEOUL, "CopyImage", json!({"SourceRegion": R, "SourceImageId": ami, "Name": "web-v1"}));
    assert_eq!(e.code, "IncorrectState");
    c.advance(3_600_000);

    let seoul = call(&mut c, SEOUL, "CopyImage", json!({"SourceRegion": R, "SourceImageId": ami, "Name": "web-v1"}))["ImageId"].as_str().unwrap().to_string();
    assert_ne!(seoul, ami);
    let img = describe_image(&mut c, SEOUL, &seoul);
    assert_eq!(img["State"], "pending");
    assert_eq!(img["SourceImageId"], ami.as_str());
    assert_eq!(img["SourceImageRegion"], R);
    assert!(img.get("Tags").is_none(), "tags are copied only with CopyImageTags");
    let src_snaps = snapshots_of(&describe_image(&mut c, R, &ami));
    let dst_snaps = snapshots_of(&img);
    assert_ne!(src_snaps, dst_snaps);
    assert!(c.world.regions[SEOUL].storage.snapshots.contains_key(&dst_snaps[0]));
    let launch_perms = call(&mut c, SEOUL, "DescribeImageAttribute", json!({"ImageId": seoul, "Attribute": "launchPermission"}));
    assert_eq!(launch_perms["LaunchPermissions"], json!([]), "launch permissions are not copied");
    // The AMI id of one region does not exist in another.
    assert_eq!(err(&mut c, SEOUL, "DescribeImages", json!({"ImageIds": [ami]})).code, "InvalidAMIID.NotFound");

    c.advance(3_600_000);
    assert_eq!(describe_image(&mut c, SEOUL, &seoul)["State"], "available");
    let j = launch(&mut c, SEOUL, &seoul, "t3.micro");
    assert_eq!(storage::read_file(&mut c.world, SEOUL, &j, "/etc/app.conf").unwrap(), b"listen 8080\n");

    let tagged = call(&mut c, SEOUL, "CopyImage", json!({"SourceRegion": R, "SourceImageId": ami, "Name": "web-v1-tags", "CopyImageTags": true}))["ImageId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(describe_image(&mut c, SEOUL, &tagged)["Tags"], json!([{"Key": "app", "Value": "web"}]));
    assert_eq!(err(&mut c, SEOUL, "CopyImage", json!({"SourceRegion": R, "SourceImageId": ami, "Name": "web-v1"})).code, "InvalidAMIName.Duplicate");
    assert_eq!(
        err(&mut c, SEOUL, "CopyImage", json!({"SourceRegion": R, "SourceImageId": "ami-0123456789abcdef0", "Name": "x-y"})).code,
        "InvalidAMIID.NotFound"
    );
}

#[test]
fn an_encrypted_image_is_never_copied_unencrypted() {
    let mut c = Cloud::new(0);
    let base = image_id(&mut c, R, "al2023-ami-2023*-x86_64");
    let r = call(
        &mut c,
        R,
        "RunInstances",
        json!({"ImageId": base, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": true}}]}),
    );
    let i = r["Instances"][0]["InstanceId"].as_str().unwrap().to_string();
    c.advance(120_000);
    let ami = create_image(&mut c, &i, "secret", json!({}));
    c.advance(3_600_000);
    assert_eq!(describe_image(&mut c, R, &ami)["BlockDeviceMappings"][0]["Ebs"]["Encrypted"], true);
    let copy = call(&mut c, SEOUL, "CopyImage", json!({"SourceRegion": R, "SourceImageId": ami, "Name": "secret", "Encrypted": false}))["ImageId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(describe_image(&mut c, SEOUL, &copy)["BlockDeviceMappings"][0]["Ebs"]["Encrypted"], true);
    // And an unencrypted image can be copied encrypted.
    let plain = image_id(&mut c, R, "al2023-ami-2023*-x86_64");
    let enc = call(&mut c, SEOUL, "CopyImage", json!({"SourceRegion": R, "SourceImageId": plain, "Name": "al2023-encrypted", "Encrypted": true}))["ImageId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(describe_image(&mut c, SEOUL, &enc)["BlockDeviceMappings"][0]["Ebs"]["Encrypted"], true);
}

#[test]
fn launch_permissions_share_and_make_public() {
    let mut c = Cloud::new(0);
    let i = configured(&mut c);
    let ami = create_image(&mut c, &i, "web-v1", json!({}));
    let get = |c: &mut Cloud| call(c, R, "DescribeImageAttribute", json!({"ImageId": ami, "Attribute": "launchPermission"}))["LaunchPermissions"].clone();
    assert_eq!(get(&mut c), json!([]));
    call(&mut c, R, "ModifyImageAttribute", json!({"ImageId": ami, "LaunchPermission": {"Add": [{"UserId": "111122223333"}, {"Group": "all"}]}}));
    assert_eq!(get(&mut c), json!([{"UserId": "111122223333"}, {"Group": "all"}]));
    assert_eq!(describe_image(&mut c, R, &ami)["Public"], true);
    call(&mut c, R, "ModifyImageAttribute", json!({"ImageId": ami, "Attribute": "launchPermission", "OperationType": "remove", "UserGroups": ["all"]}));
    assert_eq!(get(&mut c), json!([{"UserId": "111122223333"}]));
    call(&mut c, R, "ModifyImageAttribute", json!({"ImageId": ami, "Description": {"Value": "web server"}}));
    assert_eq!(call(&mut c, R, "DescribeImageAttribute", json!({"ImageId": ami, "Attribute": "description"}))["Description"], json!({"Value": "web server"}));

    let amazon = image_id(&mut c, R, "al2023-ami-2023*-x86_64");
    assert_eq!(err(&mut c, R, "ModifyImageAttribute", json!({"ImageId": amazon, "Description": {"Value": "mine"}})).code, "AuthFailure");
    assert_eq!(err(&mut c, R, "DeregisterImage", json!({"ImageId": amazon})).code, "AuthFailure");
    let e = err(&mut c, R, "ModifyImageAttribute", json!({"ImageId": ami, "LaunchPermission": {"Add": [{"UserId": "12"}]}}));
    assert_eq!(e.code, "InvalidUserID.Malformed");
    let e = err(&mut c, R, "ModifyImageAttribute", json!({"ImageId": ami, "Description": {"Value": "a"}, "LaunchPermission": {"Add": [{"Group": "all"}]}}));
    assert_eq!(e.code, "InvalidParameterCombination");
    assert_eq!(err(&mut c, R, "DescribeImageAttribute", json!({"ImageId": ami, "Attribute": "colour"})).code, "InvalidParameterValue");
}

#[test]
fn custom_image_shapes() {
    let mut c = Cloud::new(0);
    let i = configured(&mut c);
    let ami = create_image(&mut c, &i, "web-v1", json!({"Description": "nginx configured"}));
    c.advance(3_600_000);
    insta::assert_json_snapshot!("custom_image", describe_image(&mut c, R, &ami));
    let seoul = call(&mut c, SEOUL, "CopyImage", json!({"SourceRegion": R, "SourceImageId": ami, "Name": "web-v1"}))["ImageId"].as_str().unwrap().to_string();
    insta::assert_json_snapshot!("copied_image", describe_image(&mut c, SEOUL, &seoul));
    insta::assert_json_snapshot!(
        "image_block_device_mapping",
        call(&mut c, R, "DescribeImageAttribute", json!({"ImageId": ami, "Attribute": "blockDeviceMapping"}))
    );
}

#[test]
fn describe_images_filters_find_custom_images() {
    let mut c = Cloud::new(0);
    let i = configured(&mut c);
    let ami = create_image(&mut c, &i, "web-v1", json!({}));
    let found = |c: &mut Cloud, f: Value| -> Vec<String> {
        call(c, R, "DescribeImages", json!({"Owners": ["self"], "Filters": f}))["Images"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["ImageId"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(found(&mut c, json!([{"Name": "state", "Values": ["pending"]}])), vec![ami.clone()]);
    assert_eq!(found(&mut c, json!([{"Name": "source-instance-id", "Values": [i]}])), vec![ami.clone()]);
    assert_eq!(found(&mut c, json!([{"Name": "is-public", "Values": ["false"]}])), vec![ami.clone()]);
    c.advance(3_600_000);
    assert_eq!(found(&mut c, json!([{"Name": "state", "Values": ["available"]}])), vec![ami.clone()]);
    assert!(found(&mut c, json!([{"Name": "state", "Values": ["pending"]}])).is_empty());
}

#[test]
fn a_pending_image_is_not_launchable_until_its_snapshots_complete() {
    let mut c = Cloud::new(0);
    let i = configured(&mut c);
    let ami = create_image(&mut c, &i, "web-v1", json!({}));
    let image = c.world.regions[R].images.images[&ami].clone();
    let e = ec2lab::images::build::check_launchable(&image, &c.world.regions[R].storage).unwrap_err();
    assert_eq!(e.code, "InvalidAMIID.Unavailable");
    c.advance(3_600_000);
    assert!(ec2lab::images::build::check_launchable(&image, &c.world.regions[R].storage).is_ok());
}
