//! EBS volumes: CreateVolume defaults and ranges, attach/detach/delete with AWS's refusals,
//! ModifyVolume phases and limits, Describe filters and pagination, DeleteOnTermination.
use ec2lab::{ApiError, Cloud};
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn call(c: &mut Cloud, op: &str, p: Value) -> Result<Value, ApiError> {
    c.call("ec2", R, op, p)
}

fn image(c: &mut Cloud, name: &str) -> String {
    call(c, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": [name]}]})).unwrap()["Images"][0]["ImageId"].as_str().unwrap().to_string()
}

fn launch(c: &mut Cloud, az: &str, extra: Value) -> String {
    let img = image(c, "al2023-ami-2023.6*-x86_64");
    let mut p = json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "Placement": {"AvailabilityZone": az}});
    for (k, v) in extra.as_object().unwrap() {
        p[k] = v.clone();
    }
    let id = call(c, "RunInstances", p).unwrap()["Instances"][0]["InstanceId"].as_str().unwrap().to_string();
    c.advance(60_000);
    id
}

fn volume(c: &mut Cloud, p: Value) -> String {
    let id = call(c, "CreateVolume", p).unwrap()["VolumeId"].as_str().unwrap().to_string();
    c.advance(10_000);
    id
}

fn describe(c: &mut Cloud, id: &str) -> Value {
    call(c, "DescribeVolumes", json!({"VolumeIds": [id]})).unwrap()["Volumes"][0].clone()
}

fn code(r: Result<Value, ApiError>) -> String {
    let e = r.unwrap_err();
    assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{} has hints", e.code);
    e.code
}

#[test]
fn create_volume_is_creating_then_available_with_the_type_defaults() {
    let mut c = Cloud::new(0);
    let v = call(
        &mut c,
        "CreateVolume",
        json!({"AvailabilityZone": "us-east-1a", "Size": 100, "TagSpecifications": [{"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": "data"}]}]}),
    )
    .unwrap();
    insta::assert_json_snapshot!("create_volume_gp2", v);
    assert_eq!(v["State"], "creating");
    assert_eq!((v["VolumeType"].as_str(), v["Iops"].as_i64()), (Some("gp2"), Some(300)));
    let id = v["VolumeId"].as_str().unwrap().to_string();
    c.advance(10_000);
    assert_eq!(describe(&mut c, &id)["State"], "available");
    let gp3 = call(&mut c, "CreateVolume", json!({"AvailabilityZone": "us-east-1a", "Size": 8, "VolumeType": "gp3"})).unwrap();
    assert_eq!((gp3["Iops"].as_i64(), gp3["Throughput"].as_i64()), (Some(3000), Some(125)));
    let st1 = call(&mut c, "CreateVolume", json!({"AvailabilityZone": "us-east-1a", "Size": 500, "VolumeType": "st1"})).unwrap();
    assert!(st1.get("Iops").is_none());
    let io2 =
        call(&mut c, "CreateVolume", json!({"AvailabilityZone": "us-east-1a", "Size": 10, "VolumeType": "io2", "Iops": 5000, "MultiAttachEnabled": true}))
            .unwrap();
    assert_eq!(io2["MultiAttachEnabled"], true);
    let tags = call(&mut c, "DescribeTags", json!({"Filters": [{"Name": "resource-id", "Values": [id]}]})).unwrap();
    assert_eq!(tags["Tags"][0]["ResourceType"], "volume");
}

#[test]
fn create_volume_refusals_change_nothing() {
    let mut c = Cloud::new(0);
    let before = format!("{:?}", c.world);
    let bad = |c: &mut Cloud, p: Value| code(call(c, "CreateVolume", p));
    assert_eq!(bad(&mut c, json!({"Size": 10})), "MissingParameter");
    assert_eq!(bad(&mut c, json!({"AvailabilityZone": "us-east-1a"})), "MissingParameter");
    assert_eq!(bad(&mut c, json!({"AvailabilityZone": "us-east-1z", "Size": 10})), "InvalidZone.NotFound");
    assert_eq!(bad(&mut c, json!({"AvailabilityZone": "us-east-1a", "Size": 20000})), "InvalidParameterValue");
    assert_eq!(bad(&mut c, json!({"AvailabilityZone": "us-east-1a", "Size": 10, "VolumeType": "st1"})), "InvalidParameterValue");
    assert_eq!(bad(&mut c, json!({"AvailabilityZone": "us-east-1a", "Size": 10, "VolumeType": "io1"})), "MissingParameter");
    assert_eq!(bad(&mut c, json!({"AvailabilityZone": "us-east-1a", "Size": 10, "VolumeType": "io1", "Iops": 1000})), "InvalidParameterValue");
    assert_eq!(bad(&mut c, json!({"AvailabilityZone": "us-east-1a", "Size": 10, "Iops": 1000})), "InvalidParameterCombination");
    assert_eq!(bad(&mut c, json!({"AvailabilityZone": "us-east-1a", "Size": 10, "VolumeType": "gp3", "Throughput": 3000})), "InvalidParameterValue");
    assert_eq!(bad(&mut c, json!({"AvailabilityZone": "us-east-1a", "Size": 10, "VolumeType": "gp2", "Throughput": 200})), "InvalidParameterCombination");
    assert_eq!(bad(&mut c, json!({"AvailabilityZone": "us-east-1a", "Size": 10, "MultiAttachEnabled": true})), "InvalidParameterCombination");
    assert_eq!(bad(&mut c, json!({"AvailabilityZone": "us-east-1a", "SnapshotId": "snap-0123456789abcdef0"})), "InvalidSnapshot.NotFound");
    assert_eq!(bad(&mut c, json!({"AvailabilityZone": "us-east-1a", "SnapshotId": "snap-xyz"})), "InvalidSnapshotID.Malformed");
    assert_eq!(bad(&mut c, json!({"AvailabilityZone": "us-east-1a", "Size": 10, "VolumeType": "floppy"})), "InvalidParameterValue");
    assert_eq!(format!("{:?}", c.world), before);
}

#[test]
fn attach_detach_and_every_refusal() {
    let mut c = Cloud::new(0);
    let a = launch(&mut c, "us-east-1a", json!({}));
    let b = launch(&mut c, "us-east-1a", json!({}));
    let far = launch(&mut c, "us-east-1b", json!({}));
    let v = volume(&mut c, json!({"AvailabilityZone": "us-east-1a", "Size": 10}));
    let att = call(&mut c, "AttachVolume", json!({"VolumeId": v, "InstanceId": a, "Device": "/dev/sdf"})).unwrap();
    insta::assert_json_snapshot!("attach_volume", att);
    assert_eq!(att["State"], "attaching");
    assert_eq!(att["DeleteOnTermination"], false, "AttachVolume defaults to keeping the volume");
    c.advance(10_000);
    let d = describe(&mut c, &v);
    assert_eq!((d["State"].as_str(), d["Attachments"][0]["State"].as_str()), (Some("in-use"), Some("attached")));
    let before = format!("{:?}", c.world);
    let attach = |c: &mut Cloud, vol: &str, inst: &str, dev: &str| code(call(c, "AttachVolume", json!({"VolumeId": vol, "InstanceId": inst, "Device": dev})));
    assert_eq!(attach(&mut c, &v, &b, "/dev/sdg"), "VolumeInUse");
    let v2 = volume(&mut c, json!({"AvailabilityZone": "us-east-1a", "Size": 10}));
    let before2 = format!("{:?}", c.world);
    assert_eq!(attach(&mut c, &v2, &far, "/dev/sdf"), "InvalidVolume.ZoneMismatch");
    let e = call(&mut c, "AttachVolume", json!({"VolumeId": v2, "InstanceId": far, "Device": "/dev/sdf"})).unwrap_err();
    assert_eq!(e.message, format!("The volume '{v2}' is not in the same availability zone as instance '{far}'"));
    assert_eq!(attach(&mut c, &v2, &a, "/dev/sdf"), "InvalidParameterValue", "device name conflict");
    assert_eq!(attach(&mut c, &v2, &a, "/dev/xvda"), "InvalidParameterValue", "the root's device");
    assert_eq!(attach(&mut c, &v2, &a, "sdf"), "InvalidParameterValue", "not a device name");
    assert_eq!(attach(&mut c, "vol-0123456789abcdef0", &a, "/dev/sdh"), "InvalidVolume.NotFound");
    assert_eq!(attach(&mut c, &v2, "i-0123456789abcdef0", "/dev/sdh"), "InvalidInstanceID.NotFound");
    assert_eq!(format!("{:?}", c.world), before2);
    let _ = before;
    // Pending instances refuse attachments.
    let img = image(&mut c, "al2023-ami-2023.6*-x86_64");
    let p = call(
        &mut c,
        "RunInstances",
        json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "Placement": {"AvailabilityZone": "us-east-1a"}}),
    )
    .unwrap()["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap()
        .to_string();
    let e = call(&mut c, "AttachVolume", json!({"VolumeId": v2, "InstanceId": p, "Device": "/dev/sdf"})).unwrap_err();
    assert_eq!((e.code.as_str(), e.message.clone()), ("IncorrectState", format!("Instance '{p}' is not 'running'.")));
    // Creating volumes cannot attach yet.
    let fresh = call(&mut c, "CreateVolume", json!({"AvailabilityZone": "us-east-1a", "Size": 1})).unwrap()["VolumeId"].as_str().unwrap().to_string();
    assert_eq!(attach(&mut c, &fresh, &a, "/dev/sdh"), "IncorrectState");
    // DeleteVolume while attached.
    let e = call(&mut c, "DeleteVolume", json!({"VolumeId": v})).unwrap_err();
    assert_eq!((e.code.as_str(), e.message.clone()), ("VolumeInUse", format!("Volume {v} is currently attached to {a}")));
    // Detach: detaching, then available; detaching an available volume is IncorrectState.
    let det = call(&mut c, "DetachVolume", json!({"VolumeId": v})).unwrap();
    assert_eq!(det["State"], "detaching");
    c.advance(15_000);
    assert_eq!(describe(&mut c, &v)["State"], "available");
    assert_eq!(code(call(&mut c, "DetachVolume", json!({"VolumeId": v}))), "IncorrectState");
    // Then it moves to the other instance.
    call(&mut c, "AttachVolume", json!({"VolumeId": v, "InstanceId": b, "Device": "/dev/sdf"})).unwrap();
    c.advance(10_000);
    assert_eq!(describe(&mut c, &v)["Attachments"][0]["InstanceId"], b.as_str());
}

#[test]
fn the_root_volume_detaches_only_while_stopped() {
    let mut c = Cloud::new(0);
    let i = launch(&mut c, "us-east-1a", json!({}));
    let d = call(&mut c, "DescribeInstances", json!({"InstanceIds": [i]})).unwrap();
    let root = d["Reservations"][0]["Instances"][0]["BlockDeviceMappings"][0]["Ebs"]["VolumeId"].as_str().unwrap().to_string();
    let e = call(&mut c, "DetachVolume", json!({"VolumeId": root})).unwrap_err();
    assert_eq!((e.code.as_str(), e.message.clone()), ("OperationNotPermitted", format!("Unable to detach root volume '{root}' from instance '{i}'.")));
    call(&mut c, "StopInstances", json!({"InstanceIds": [i]})).unwrap();
    c.advance(120_000);
    call(&mut c, "DetachVolume", json!({"VolumeId": root, "InstanceId": i, "Device": "/dev/xvda"})).unwrap();
    c.advance(15_000);
    // Without a root volume the instance cannot start.
    let e = call(&mut c, "StartInstances", json!({"InstanceIds": [i]})).unwrap_err();
    assert_eq!(e.code, "IncorrectInstanceState");
    call(&mut c, "AttachVolume", json!({"VolumeId": root, "InstanceId": i, "Device": "/dev/xvda"})).unwrap();
    c.advance(10_000);
    call(&mut c, "StartInstances", json!({"InstanceIds": [i]})).unwrap();
}

#[test]
fn multi_attach_io2_attaches_to_several_nitro_instances() {
    let mut c = Cloud::new(0);
    let a = launch(&mut c, "us-east-1a", json!({}));
    let b = launch(&mut c, "us-east-1a", json!({}));
    let v = volume(&mut c, json!({"AvailabilityZone": "us-east-1a", "Size": 10, "VolumeType": "io2", "Iops": 1000, "MultiAttachEnabled": true}));
    call(&mut c, "AttachVolume", json!({"VolumeId": v, "InstanceId": a, "Device": "/dev/sdf"})).unwrap();
    call(&mut c, "AttachVolume", json!({"VolumeId": v, "InstanceId": b, "Device": "/dev/sdf"})).unwrap();
    c.advance(10_000);
    assert_eq!(describe(&mut c, &v)["Attachments"].as_array().unwrap().len(), 2);
    assert_eq!(code(call(&mut c, "AttachVolume", json!({"VolumeId": v, "InstanceId": a, "Device": "/dev/sdg"}))), "VolumeInUse");
    assert_eq!(code(call(&mut c, "DetachVolume", json!({"VolumeId": v}))), "MissingParameter");
    call(&mut c, "DetachVolume", json!({"VolumeId": v, "InstanceId": a})).unwrap();
}

#[test]
fn delete_volume_goes_through_deleting() {
    let mut c = Cloud::new(0);
    let v = volume(&mut c, json!({"AvailabilityZone": "us-east-1a", "Size": 10}));
    call(&mut c, "DeleteVolume", json!({"VolumeId": v})).unwrap();
    assert_eq!(describe(&mut c, &v)["State"], "deleting");
    assert_eq!(code(call(&mut c, "DeleteVolume", json!({"VolumeId": v}))), "IncorrectState");
    c.advance(120_000);
    assert_eq!(code(call(&mut c, "DescribeVolumes", json!({"VolumeIds": [v]}))), "InvalidVolume.NotFound");
    assert_eq!(code(call(&mut c, "DeleteVolume", json!({"VolumeId": "vol-bad"}))), "InvalidVolumeID.Malformed");
}

#[test]
fn modify_volume_grows_changes_type_and_is_rate_limited() {
    let mut c = Cloud::new(0);
    let v = volume(&mut c, json!({"AvailabilityZone": "us-east-1a", "Size": 10}));
    let m = call(&mut c, "ModifyVolume", json!({"VolumeId": v, "Size": 20, "VolumeType": "gp3"})).unwrap();
    insta::assert_json_snapshot!("modify_volume", m);
    assert_eq!(m["VolumeModification"]["ModificationState"], "modifying");
    let d = describe(&mut c, &v);
    assert_eq!((d["Size"].as_i64(), d["VolumeType"].as_str(), d["Iops"].as_i64()), (Some(20), Some("gp3"), Some(3000)));
    assert_eq!(code(call(&mut c, "ModifyVolume", json!({"VolumeId": v, "Size": 30}))), "IncorrectModificationState");
    c.advance(30_000);
    let mods = call(&mut c, "DescribeVolumesModifications", json!({"VolumeIds": [v]})).unwrap();
    assert_eq!(mods["VolumesModifications"][0]["ModificationState"], "optimizing");
    c.advance(3_600_000);
    let mods = call(&mut c, "DescribeVolumesModifications", json!({"Filters": [{"Name": "modification-state", "Values": ["completed"]}]})).unwrap();
    assert_eq!(mods["VolumesModifications"][0]["Progress"], 100);
    assert_eq!(code(call(&mut c, "ModifyVolume", json!({"VolumeId": v, "Size": 10}))), "InvalidParameterValue", "grow only");
    assert_eq!(code(call(&mut c, "ModifyVolume", json!({"VolumeId": v}))), "InvalidParameterCombination", "nothing to change");
    for size in [30, 40, 50] {
        call(&mut c, "ModifyVolume", json!({"VolumeId": v, "Size": size})).unwrap();
        c.advance(3_600_000);
    }
    assert_eq!(code(call(&mut c, "ModifyVolume", json!({"VolumeId": v, "Size": 60}))), "VolumeModificationRateExceeded");
    c.advance(24 * 3_600_000);
    call(&mut c, "ModifyVolume", json!({"VolumeId": v, "Size": 60})).unwrap();
}

#[test]
fn describe_volumes_filters_and_pages() {
    let mut c = Cloud::new(0);
    let i = launch(&mut c, "us-east-1a", json!({}));
    let mut ids = vec![];
    for k in 0..6 {
        ids.push(volume(
            &mut c,
            json!({"AvailabilityZone": if k % 2 == 0 { "us-east-1a" } else { "us-east-1b" }, "Size": 1 + k, "VolumeType": if k < 3 { "gp3" } else { "gp2" },
            "TagSpecifications": [{"ResourceType": "volume", "Tags": [{"Key": "team", "Value": format!("t{k}")}]}]}),
        ));
    }
    call(&mut c, "AttachVolume", json!({"VolumeId": ids[0], "InstanceId": i, "Device": "/dev/sdf"})).unwrap();
    c.advance(10_000);
    let f = |c: &mut Cloud, name: &str, vals: Value| {
        call(c, "DescribeVolumes", json!({"Filters": [{"Name": name, "Values": vals}]})).unwrap()["Volumes"].as_array().unwrap().len()
    };
    assert_eq!(f(&mut c, "attachment.instance-id", json!([i])), 2, "the root and the data volume");
    assert_eq!(f(&mut c, "attachment.device", json!(["/dev/sdf"])), 1);
    assert_eq!(f(&mut c, "status", json!(["available"])), 5);
    assert_eq!(f(&mut c, "availability-zone", json!(["us-east-1b"])), 3);
    assert_eq!(f(&mut c, "volume-type", json!(["gp3"])), 4, "three plus the AL2023 root");
    assert_eq!(f(&mut c, "tag:team", json!(["t1", "t2"])), 2);
    assert_eq!(f(&mut c, "tag-key", json!(["team"])), 6);
    assert_eq!(code(call(&mut c, "DescribeVolumes", json!({"Filters": [{"Name": "bogus", "Values": ["x"]}]}))), "InvalidParameterValue");
    let p1 = call(&mut c, "DescribeVolumes", json!({"MaxResults": 5})).unwrap();
    assert_eq!(p1["Volumes"].as_array().unwrap().len(), 5);
    let p2 = call(&mut c, "DescribeVolumes", json!({"MaxResults": 5, "NextToken": p1["NextToken"]})).unwrap();
    assert_eq!(p2["Volumes"].as_array().unwrap().len(), 2);
    assert!(p2.get("NextToken").is_none());
    assert_eq!(code(call(&mut c, "DescribeVolumes", json!({"VolumeIds": [ids[0]], "MaxResults": 5}))), "InvalidParameterCombination");
    let one = call(&mut c, "DescribeVolumes", json!({"VolumeIds": [ids[1]]})).unwrap();
    insta::assert_json_snapshot!("describe_volumes", one);
    let st = call(&mut c, "DescribeVolumeStatus", json!({"VolumeIds": [ids[1]]})).unwrap();
    assert_eq!(st["VolumeStatuses"][0]["VolumeStatus"]["Status"], "ok");
    let attr = call(&mut c, "DescribeVolumeAttribute", json!({"VolumeId": ids[1], "Attribute": "autoEnableIO"})).unwrap();
    assert_eq!(attr["AutoEnableIO"]["Value"], false);
    assert_eq!(code(call(&mut c, "DescribeVolumeAttribute", json!({"VolumeId": ids[1], "Attribute": "nope"}))), "InvalidParameterValue");
}

#[test]
fn termination_deletes_or_detaches_by_delete_on_termination() {
    let mut c = Cloud::new(0);
    let i = launch(
        &mut c,
        "us-east-1a",
        json!({"BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 5}}, {"DeviceName": "/dev/sdg", "Ebs": {"VolumeSize": 5, "DeleteOnTermination": false}}]}),
    );
    let extra = volume(&mut c, json!({"AvailabilityZone": "us-east-1a", "Size": 1}));
    call(&mut c, "AttachVolume", json!({"VolumeId": extra, "InstanceId": i, "Device": "/dev/sdh"})).unwrap();
    c.advance(10_000);
    let d = call(&mut c, "DescribeInstances", json!({"InstanceIds": [i]})).unwrap();
    let bdm = d["Reservations"][0]["Instances"][0]["BlockDeviceMappings"].as_array().unwrap().clone();
    let dot: Vec<(String, bool)> =
        bdm.iter().map(|m| (m["DeviceName"].as_str().unwrap().to_string(), m["Ebs"]["DeleteOnTermination"].as_bool().unwrap())).collect();
    assert_eq!(dot, vec![("/dev/xvda".into(), true), ("/dev/sdf".into(), true), ("/dev/sdg".into(), false), ("/dev/sdh".into(), false)]);
    // The root survives too once its flag is turned off.
    call(
        &mut c,
        "ModifyInstanceAttribute",
        json!({"InstanceId": i, "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"DeleteOnTermination": false}}]}),
    )
    .unwrap();
    let a = call(&mut c, "DescribeInstanceAttribute", json!({"InstanceId": i, "Attribute": "blockDeviceMapping"})).unwrap();
    assert_eq!(a["BlockDeviceMappings"][0]["Ebs"]["DeleteOnTermination"], false);
    assert_eq!(
        code(call(
            &mut c,
            "ModifyInstanceAttribute",
            json!({"InstanceId": i, "BlockDeviceMappings": [{"DeviceName": "/dev/sdz", "Ebs": {"DeleteOnTermination": false}}]})
        )),
        "InvalidParameterValue"
    );
    let ids: Vec<String> = bdm.iter().map(|m| m["Ebs"]["VolumeId"].as_str().unwrap().to_string()).collect();
    call(&mut c, "TerminateInstances", json!({"InstanceIds": [i]})).unwrap();
    c.advance(200_000);
    let left: Vec<String> = call(&mut c, "DescribeVolumes", json!({})).unwrap()["Volumes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| format!("{}:{}", v["VolumeId"].as_str().unwrap(), v["State"].as_str().unwrap()))
        .collect();
    assert_eq!(left.len(), 3, "{left:?}");
    assert!(!left.iter().any(|v| v.starts_with(&ids[1])), "the DeleteOnTermination data volume is gone");
    assert!(left.iter().all(|v| v.ends_with(":available")));
}

#[test]
fn launch_mappings_with_instance_store_and_snapshots() {
    let mut c = Cloud::new(0);
    // t3.micro has no instance store: an explicit ephemeral mapping is refused.
    let img = image(&mut c, "al2023-ami-2023.6*-x86_64");
    let run = |c: &mut Cloud, t: &str, m: Value| {
        call(c, "RunInstances", json!({"ImageId": img, "InstanceType": t, "MinCount": 1, "MaxCount": 1, "BlockDeviceMappings": m}))
    };
    assert_eq!(code(run(&mut c, "t3.micro", json!([{"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0"}]))), "InvalidBlockDeviceMapping");
    assert_eq!(code(run(&mut c, "m5d.large", json!([{"DeviceName": "/dev/sdb", "VirtualName": "ephemeral1"}]))), "InvalidBlockDeviceMapping");
    assert_eq!(code(run(&mut c, "t3.micro", json!([{"DeviceName": "/dev/sdf"}]))), "InvalidBlockDeviceMapping");
    assert_eq!(code(run(&mut c, "t3.micro", json!([{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 1, "VolumeType": "sc1"}}]))), "InvalidParameterValue");
    let ok = run(&mut c, "m5d.large", json!([{"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0"}])).unwrap();
    let id = ok["Instances"][0]["InstanceId"].as_str().unwrap().to_string();
    let disks = &c.world.regions[R].storage.local[&id];
    assert_eq!((disks[0].device_name.as_str(), disks[0].virtual_name.as_str()), ("/dev/sdb", "ephemeral0"));
    // A data volume restored from a snapshot of the AMI's root.
    let snap = call(&mut c, "DescribeImages", json!({"ImageIds": [img]})).unwrap()["Images"][0]["BlockDeviceMappings"][0]["Ebs"]["SnapshotId"]
        .as_str()
        .unwrap()
        .to_string();
    let v = run(&mut c, "t3.micro", json!([{"DeviceName": "/dev/sdf", "Ebs": {"SnapshotId": snap}}])).unwrap();
    let vid = v["Instances"][0]["BlockDeviceMappings"][1]["Ebs"]["VolumeId"].as_str().unwrap().to_string();
    assert_eq!(describe(&mut c, &vid)["SnapshotId"], snap.as_str());
    assert_eq!(describe(&mut c, &vid)["Size"], 8);
}
