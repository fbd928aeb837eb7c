//! Snapshots: pending → completed with Progress, block-level incrementality, deletion that keeps
//! every other snapshot restorable, limits, copies across regions, DescribeSnapshots owners and
//! filters, CreateSnapshots, and the EBS direct APIs.
use base64::Engine;
use ec2lab::storage::snapshot::every_block_is_stored;
use ec2lab::{ApiError, Cloud};
use serde_json::{json, Value};

const R: &str = "us-east-1";
const MIB: usize = 1024 * 1024;

fn call(c: &mut Cloud, op: &str, p: Value) -> Result<Value, ApiError> {
    c.call("ec2", R, op, p)
}

fn lab(c: &mut Cloud, op: &str, p: Value) -> Result<Value, ApiError> {
    c.call("ec2lab", R, op, p)
}

fn b64(d: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(d)
}

/// A running instance with a 1 GiB gp3 volume mounted at /data; returns (instance, volume).
fn setup(c: &mut Cloud) -> (String, String) {
    let img = call(c, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023.6*-x86_64"]}]})).unwrap()["Images"][0]["ImageId"]
        .as_str()
        .unwrap()
        .to_string();
    let i = call(
        c,
        "RunInstances",
        json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "Placement": {"AvailabilityZone": "us-east-1a"}}),
    )
    .unwrap()["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap()
        .to_string();
    let v =
        call(c, "CreateVolume", json!({"AvailabilityZone": "us-east-1a", "Size": 1, "VolumeType": "gp3"})).unwrap()["VolumeId"].as_str().unwrap().to_string();
    c.advance(60_000);
    call(c, "AttachVolume", json!({"VolumeId": v, "InstanceId": i, "Device": "/dev/sdf"})).unwrap();
    c.advance(10_000);
    lab(c, "Mount", json!({"InstanceId": i, "DeviceName": "/dev/sdf", "Path": "/data"})).unwrap();
    (i, v)
}

fn write(c: &mut Cloud, i: &str, path: &str, data: &[u8]) {
    lab(c, "WriteFile", json!({"InstanceId": i, "Path": path, "Data": b64(data)})).unwrap();
}

fn snap(c: &mut Cloud, v: &str) -> String {
    call(c, "CreateSnapshot", json!({"VolumeId": v, "Description": "test"})).unwrap()["SnapshotId"].as_str().unwrap().to_string()
}

fn stored(c: &mut Cloud, s: &str) -> i64 {
    lab(c, "SnapshotBlocks", json!({"SnapshotId": s})).unwrap()["StoredBytes"].as_i64().unwrap()
}

fn code(r: Result<Value, ApiError>) -> String {
    let e = r.unwrap_err();
    assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{} has hints", e.code);
    e.code
}

#[test]
fn a_snapshot_is_pending_with_progress_then_completed() {
    let mut c = Cloud::new(0);
    let (i, v) = setup(&mut c);
    write(&mut c, &i, "/data/a.bin", &vec![7u8; 3 * MIB]);
    let s = call(
        &mut c,
        "CreateSnapshot",
        json!({"VolumeId": v, "Description": "first", "TagSpecifications": [{"ResourceType": "snapshot", "Tags": [{"Key": "k", "Value": "v"}]}]}),
    )
    .unwrap();
    insta::assert_json_snapshot!("create_snapshot", s);
    assert_eq!((s["State"].as_str(), s["Progress"].as_str()), (Some("pending"), Some("0%")));
    let id = s["SnapshotId"].as_str().unwrap().to_string();
    c.advance(5_000);
    let mid = call(&mut c, "DescribeSnapshots", json!({"SnapshotIds": [id]})).unwrap()["Snapshots"][0].clone();
    let p: u32 = mid["Progress"].as_str().unwrap().trim_end_matches('%').parse().unwrap();
    assert!(mid["State"] == "pending" && p > 0 && p < 100, "{mid}");
    c.advance(120_000);
    let done = call(&mut c, "DescribeSnapshots", json!({"SnapshotIds": [id]})).unwrap();
    insta::assert_json_snapshot!("describe_snapshots", done);
    assert_eq!(done["Snapshots"][0]["Progress"], "100%");
}

#[test]
fn the_second_snapshot_stores_only_the_changed_blocks() {
    let mut c = Cloud::new(0);
    let (i, v) = setup(&mut c);
    write(&mut c, &i, "/data/big.bin", &vec![1u8; 10 * MIB]);
    let s1 = snap(&mut c, &v);
    // 20 data blocks + the file system's table.
    assert_eq!(stored(&mut c, &s1), 21 * 512 * 1024);
    write(&mut c, &i, "/data/small.txt", b"hello");
    let s2 = snap(&mut c, &v);
    // The new file's block and the table block: nothing else changed.
    assert_eq!(stored(&mut c, &s2), 2 * 512 * 1024);
    let s3 = snap(&mut c, &v);
    assert_eq!(stored(&mut c, &s3), 0, "nothing changed since s2");
    let blocks = lab(&mut c, "SnapshotBlocks", json!({"SnapshotId": s2})).unwrap();
    assert_eq!(blocks["ParentSnapshotId"], s1.as_str());
    assert_eq!(blocks["Blocks"].as_array().unwrap().iter().filter(|b| b["StoredHere"] == true).count(), 2);
    assert_eq!(blocks["FullBytes"], 22 * 512 * 1024);
}

#[test]
fn deleting_a_snapshot_keeps_every_other_one_restorable() {
    let mut c = Cloud::new(0);
    let (i, v) = setup(&mut c);
    write(&mut c, &i, "/data/a.txt", b"version 1");
    let s1 = snap(&mut c, &v);
    write(&mut c, &i, "/data/b.txt", b"only in s2");
    let s2 = snap(&mut c, &v);
    write(&mut c, &i, "/data/a.txt", b"version 3");
    let s3 = snap(&mut c, &v);
    c.advance(120_000);
    let s2_before = stored(&mut c, &s2);
    call(&mut c, "DeleteSnapshot", json!({"SnapshotId": s1})).unwrap();
    // s2 now stores what s1 held that it needs (the first version of a.txt).
    assert!(stored(&mut c, &s2) > s2_before);
    assert!(every_block_is_stored(&c.world.regions[R].storage.snapshots));
    call(&mut c, "DeleteSnapshot", json!({"SnapshotId": s3})).unwrap();
    assert!(every_block_is_stored(&c.world.regions[R].storage.snapshots));
    // Restore s2: a volume with exactly the content of that moment.
    let rv = call(&mut c, "CreateVolume", json!({"AvailabilityZone": "us-east-1a", "SnapshotId": s2})).unwrap()["VolumeId"].as_str().unwrap().to_string();
    c.advance(10_000);
    call(&mut c, "AttachVolume", json!({"VolumeId": rv, "InstanceId": i, "Device": "/dev/sdg"})).unwrap();
    c.advance(10_000);
    lab(&mut c, "Mount", json!({"InstanceId": i, "DeviceName": "/dev/sdg", "Path": "/restored"})).unwrap();
    let read = |c: &mut Cloud, p: &str| {
        base64::engine::general_purpose::STANDARD.decode(lab(c, "ReadFile", json!({"InstanceId": i, "Path": p})).unwrap()["Data"].as_str().unwrap()).unwrap()
    };
    assert_eq!(read(&mut c, "/restored/a.txt"), b"version 1");
    assert_eq!(read(&mut c, "/restored/b.txt"), b"only in s2");
    assert_eq!(read(&mut c, "/data/a.txt"), b"version 3");
    let rs = &c.world.regions[R].storage;
    assert_eq!(rs.volumes[&rv].data.blocks, rs.snapshots[&s2].blocks, "byte-identical to the snapshot");
}

#[test]
fn refusals_limits_and_the_ami_in_use_hook() {
    let mut c = Cloud::new(0);
    let (_, v) = setup(&mut c);
    let ids: Vec<String> = (0..5).map(|_| snap(&mut c, &v)).collect();
    let before = format!("{:?}", c.world);
    assert_eq!(code(call(&mut c, "CreateSnapshot", json!({"VolumeId": v}))), "ConcurrentSnapshotLimitExceeded");
    assert_eq!(code(call(&mut c, "CreateSnapshot", json!({"VolumeId": "vol-0123456789abcdef0"}))), "InvalidVolume.NotFound");
    assert_eq!(code(call(&mut c, "DeleteSnapshot", json!({"SnapshotId": "snap-0123456789abcdef0"}))), "InvalidSnapshot.NotFound");
    assert_eq!(code(call(&mut c, "DeleteSnapshot", json!({"SnapshotId": "snap-nope"}))), "InvalidSnapshotID.Malformed");
    // A public image's snapshot belongs to its owner.
    let public = c.world.regions[R].storage.snapshots.values().find(|s| s.public).unwrap().id.clone();
    assert_eq!(code(call(&mut c, "DeleteSnapshot", json!({"SnapshotId": public}))), "UnauthorizedOperation");
    assert_eq!(format!("{:?}", c.world), before);
    // The images domain marks the snapshots an AMI uses.
    c.world.regions.get_mut(R).unwrap().storage.snapshots.get_mut(&ids[0]).unwrap().in_use_by.insert("ami-0123456789abcdef0".into());
    let e = call(&mut c, "DeleteSnapshot", json!({"SnapshotId": ids[0]})).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.clone()),
        ("InvalidSnapshot.InUse", format!("The snapshot {} is currently in use by ami-0123456789abcdef0", ids[0]))
    );
    // st1 volumes allow a single pending snapshot.
    let st1 = call(&mut c, "CreateVolume", json!({"AvailabilityZone": "us-east-1a", "Size": 125, "VolumeType": "st1"})).unwrap()["VolumeId"]
        .as_str()
        .unwrap()
        .to_string();
    c.advance(10_000);
    snap(&mut c, &st1);
    assert_eq!(code(call(&mut c, "CreateSnapshot", json!({"VolumeId": st1}))), "ConcurrentSnapshotLimitExceeded");
    // Restoring from a pending snapshot, or smaller than it, is refused.
    assert_eq!(code(call(&mut c, "CreateVolume", json!({"AvailabilityZone": "us-east-1a", "SnapshotId": ids[1]}))), "IncorrectState");
    c.advance(600_000);
    let e = call(&mut c, "CreateVolume", json!({"AvailabilityZone": "us-east-1a", "SnapshotId": public, "Size": 4})).unwrap_err();
    assert!(e.message.contains("is smaller than snapshot"), "{}", e.message);
}

#[test]
fn copy_snapshot_makes_a_full_copy_in_another_region() {
    let mut c = Cloud::new(0);
    let (i, v) = setup(&mut c);
    write(&mut c, &i, "/data/a.bin", &vec![3u8; MIB]);
    let s1 = snap(&mut c, &v);
    write(&mut c, &i, "/data/b.bin", b"b");
    let s2 = snap(&mut c, &v);
    let pending = c.call("ec2", "ap-northeast-2", "CopySnapshot", json!({"SourceRegion": R, "SourceSnapshotId": s2})).unwrap_err();
    assert_eq!(pending.code, "IncorrectState");
    c.advance(120_000);
    let copy = c.call("ec2", "ap-northeast-2", "CopySnapshot", json!({"SourceRegion": R, "SourceSnapshotId": s2, "Description": "to Seoul"})).unwrap();
    let cid = copy["SnapshotId"].as_str().unwrap().to_string();
    assert_ne!(cid, s2);
    let seoul = &c.world.regions["ap-northeast-2"].storage.snapshots[&cid];
    let src = &c.world.regions[R].storage.snapshots[&s2];
    assert_eq!(seoul.blocks, src.blocks);
    assert_eq!(seoul.stored.len(), seoul.blocks.len(), "a cross-region copy is full, not incremental");
    assert!(src.stored.len() < src.blocks.len());
    let _ = s1;
    let e = c.call("ec2", "ap-northeast-2", "CopySnapshot", json!({"SourceRegion": R, "SourceSnapshotId": s2, "DestinationRegion": "eu-west-1"})).unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
    assert_eq!(
        c.call("ec2", "ap-northeast-2", "CopySnapshot", json!({"SourceRegion": R, "SourceSnapshotId": "snap-0123456789abcdef0"})).unwrap_err().code,
        "InvalidSnapshot.NotFound"
    );
    c.advance(600_000);
    let d = c.call("ec2", "ap-northeast-2", "DescribeSnapshots", json!({"OwnerIds": ["self"]})).unwrap();
    assert_eq!(d["Snapshots"][0]["State"], "completed");
    assert_eq!(d["Snapshots"][0]["VolumeId"], "vol-ffffffff");
}

#[test]
fn describe_snapshots_owners_filters_and_pages() {
    let mut c = Cloud::new(0);
    let (_, v) = setup(&mut c);
    for k in 0..3 {
        call(&mut c, "CreateSnapshot", json!({"VolumeId": v, "Description": format!("d{k}")})).unwrap();
    }
    let n = |c: &mut Cloud, p: Value| call(c, "DescribeSnapshots", p).unwrap()["Snapshots"].as_array().unwrap().len();
    assert_eq!(n(&mut c, json!({"OwnerIds": ["self"]})), 3);
    let public = c.world.regions[R].storage.snapshots.values().filter(|s| s.public).count();
    assert_eq!(n(&mut c, json!({})), 3 + public, "without OwnerIds: own and public snapshots");
    assert_eq!(
        n(&mut c, json!({"OwnerIds": ["amazon"]})),
        c.world.regions[R].storage.snapshots.values().filter(|s| s.owner_alias.as_deref() == Some("amazon")).count()
    );
    assert_eq!(n(&mut c, json!({"OwnerIds": ["self"], "Filters": [{"Name": "description", "Values": ["d1", "d2"]}]})), 2);
    assert_eq!(n(&mut c, json!({"OwnerIds": ["self"], "Filters": [{"Name": "status", "Values": ["pending"]}]})), 3);
    assert_eq!(n(&mut c, json!({"Filters": [{"Name": "volume-id", "Values": [v]}]})), 3);
    assert_eq!(code(call(&mut c, "DescribeSnapshots", json!({"Filters": [{"Name": "nope", "Values": ["x"]}]}))), "InvalidParameterValue");
    let p1 = call(&mut c, "DescribeSnapshots", json!({"OwnerIds": ["self"], "MaxResults": 5})).unwrap();
    assert!(p1.get("NextToken").is_none());
    let p = call(&mut c, "DescribeSnapshots", json!({"MaxResults": 5})).unwrap();
    assert_eq!(p["Snapshots"].as_array().unwrap().len(), 5);
    assert!(p["NextToken"].is_string());
    let attr =
        call(&mut c, "DescribeSnapshotAttribute", json!({"SnapshotId": p["Snapshots"][0]["SnapshotId"], "Attribute": "createVolumePermission"})).unwrap();
    assert_eq!(attr["CreateVolumePermissions"][0]["Group"], "all");
}

#[test]
fn create_snapshots_takes_every_volume_of_an_instance() {
    let mut c = Cloud::new(0);
    let (i, v) = setup(&mut c);
    call(&mut c, "CreateTags", json!({"Resources": [v], "Tags": [{"Key": "Name", "Value": "data"}]})).unwrap();
    let r = call(&mut c, "CreateSnapshots", json!({"InstanceSpecification": {"InstanceId": i}, "CopyTagsFromSource": "volume"})).unwrap();
    let snaps = r["Snapshots"].as_array().unwrap();
    assert_eq!(snaps.len(), 2, "root and data");
    assert_eq!(snaps.iter().filter(|s| s["Tags"][0]["Value"] == "data").count(), 1, "the data volume's tags were copied");
    let r = call(&mut c, "CreateSnapshots", json!({"InstanceSpecification": {"InstanceId": i, "ExcludeBootVolume": true}})).unwrap();
    assert_eq!(r["Snapshots"].as_array().unwrap().len(), 1);
    assert_eq!(code(call(&mut c, "CreateSnapshots", json!({"InstanceSpecification": {"InstanceId": "i-0123456789abcdef0"}}))), "InvalidInstanceID.NotFound");
}

#[test]
fn ebs_direct_apis_list_compare_and_read_blocks() {
    let mut c = Cloud::new(0);
    let (i, v) = setup(&mut c);
    write(&mut c, &i, "/data/a.txt", b"first");
    let s1 = snap(&mut c, &v);
    write(&mut c, &i, "/data/b.txt", b"second");
    let s2 = snap(&mut c, &v);
    let ebs = |c: &mut Cloud, op: &str, p: Value| c.call("ebs", R, op, p);
    assert_eq!(ebs(&mut c, "ListSnapshotBlocks", json!({"SnapshotId": s1})).unwrap_err().code, "ValidationException", "pending");
    c.advance(120_000);
    let l = ebs(&mut c, "ListSnapshotBlocks", json!({"SnapshotId": s2})).unwrap();
    assert_eq!((l["BlockSize"].as_i64(), l["VolumeSize"].as_i64()), (Some(524_288), Some(1)));
    let idx: Vec<i64> = l["Blocks"].as_array().unwrap().iter().map(|b| b["BlockIndex"].as_i64().unwrap()).collect();
    assert_eq!(idx, vec![0, 1, 2]);
    let ch = ebs(&mut c, "ListChangedBlocks", json!({"FirstSnapshotId": s1, "SecondSnapshotId": s2})).unwrap();
    insta::assert_json_snapshot!("list_changed_blocks", ch);
    let changed: Vec<i64> = ch["ChangedBlocks"].as_array().unwrap().iter().map(|b| b["BlockIndex"].as_i64().unwrap()).collect();
    assert_eq!(changed, vec![0, 2], "the table and the new file");
    assert!(ch["ChangedBlocks"][1].get("FirstBlockToken").is_none());
    let tok = l["Blocks"][2]["BlockToken"].clone();
    let g = ebs(&mut c, "GetSnapshotBlock", json!({"SnapshotId": s2, "BlockIndex": 2, "BlockToken": tok})).unwrap();
    let data = base64::engine::general_purpose::STANDARD.decode(g["BlockData"].as_str().unwrap()).unwrap();
    assert_eq!((data.len(), g["DataLength"].as_i64()), (524_288, Some(524_288)));
    assert!(data.starts_with(b"second"));
    assert_eq!(g["ChecksumAlgorithm"], "SHA256");
    assert_eq!(g["Checksum"].as_str().unwrap().len(), 44);
    assert_eq!(ebs(&mut c, "GetSnapshotBlock", json!({"SnapshotId": s2, "BlockIndex": 1, "BlockToken": tok})).unwrap_err().code, "ValidationException");
    assert_eq!(ebs(&mut c, "GetSnapshotBlock", json!({"SnapshotId": s2, "BlockIndex": 99999, "BlockToken": tok})).unwrap_err().code, "ValidationException");
    let e = ebs(&mut c, "ListSnapshotBlocks", json!({"SnapshotId": "snap-0123456789abcdef0"})).unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("ResourceNotFoundException", 404));
    assert_eq!(ebs(&mut c, "ListSnapshotBlocks", json!({"SnapshotId": s2, "MaxResults": 5})).unwrap_err().code, "ValidationException");
    // Snapshots of unrelated volumes cannot be compared; order matters.
    let public = c.world.regions[R].storage.snapshots.values().find(|s| s.public).unwrap().id.clone();
    assert_eq!(ebs(&mut c, "ListChangedBlocks", json!({"FirstSnapshotId": public, "SecondSnapshotId": s2})).unwrap_err().code, "ValidationException");
    assert_eq!(ebs(&mut c, "ListChangedBlocks", json!({"FirstSnapshotId": s2, "SecondSnapshotId": s1})).unwrap_err().code, "ValidationException");
    let all = ebs(&mut c, "ListChangedBlocks", json!({"SecondSnapshotId": s1})).unwrap();
    assert_eq!(all["ChangedBlocks"].as_array().unwrap().len(), 2);
}
