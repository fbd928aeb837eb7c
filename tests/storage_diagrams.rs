//! The storage pictures through ec2lab's own operations: an instance with its devices, and a
//! volume's snapshot chain (which blocks each snapshot stores itself).
use ec2lab::{storage, Cloud};
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn lab(c: &mut Cloud, op: &str, params: Value) -> Value {
    c.call("ec2lab", R, op, params).unwrap_or_else(|e| panic!("{op}: {} {}", e.code, e.message))
}

/// An m5d.large (one NVMe instance-store disk) with the root at `/`, an extra gp3 volume at
/// `/data` and its instance store at `/scratch`, plus an unattached volume in the same AZ.
fn world() -> (Cloud, String, String) {
    let mut c = Cloud::new(0);
    let img = c.call("ec2", R, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap()["Images"][0]
        ["ImageId"]
        .clone();
    let r = c.call("ec2", R, "RunInstances", json!({"ImageId": img, "InstanceType": "m5d.large", "MinCount": 1, "MaxCount": 1})).unwrap();
    let i = r["Instances"][0]["InstanceId"].as_str().unwrap().to_string();
    c.advance(120_000);
    let az = c.world.regions[R].compute.instances[&i].az.clone();
    let spec = storage::VolumeSpec { availability_zone: az, size_gib: Some(4), volume_type: Some("gp3".into()), ..Default::default() };
    let data = storage::create_volume(&mut c.world, R, &spec).unwrap();
    storage::create_volume(&mut c.world, R, &storage::VolumeSpec { size_gib: Some(2), ..spec }).unwrap();
    c.advance(60_000);
    storage::attach_volume(&mut c.world, R, &data, &i, "/dev/sdf").unwrap();
    c.advance(60_000);
    storage::mount(&mut c.world, R, &i, "/dev/sdf", "/data").unwrap();
    storage::mount(&mut c.world, R, &i, "ephemeral0", "/scratch").unwrap();
    (c, i, data)
}

#[test]
fn instance_devices_diagram_shows_instance_store_inside_the_host_and_ebs_across_the_network() {
    let (mut c, i, data) = world();
    let svg = lab(&mut c, "InstanceDevicesDiagram", json!({"InstanceId": i}))["Svg"].as_str().unwrap().to_string();
    assert!(svg.contains("class=\"device instance-store\" data-device=\"/dev/nvme1n1\""), "{svg}");
    assert!(svg.contains("class=\"device ebs root\" data-device=\"/dev/xvda\""), "{svg}");
    assert!(svg.contains(&format!("/dev/sdf · {data}")));
    assert!(svg.contains("▸ /data") && svg.contains("▸ /scratch") && svg.contains("▸ /"));
    assert!(svg.contains("class=\"device ebs available\""), "the spare volume of the same AZ");
    insta::assert_snapshot!("instance_devices_en", svg);
    let ko = lab(&mut c, "InstanceDevicesDiagram", json!({"InstanceId": i, "Language": "ko"}))["Svg"].as_str().unwrap().to_string();
    assert!(ko.contains("인스턴스 스토어: 직접 연결") && ko.contains("영구"));
    insta::assert_snapshot!("instance_devices_ko", ko);

    // A type without instance store says so.
    let t3 = c
        .call(
            "ec2",
            R,
            "RunInstances",
            json!({"ImageId": c.world.regions[R].compute.instances[&i].image_id, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1}),
        )
        .unwrap()["Instances"][0]["InstanceId"]
        .clone();
    let svg = lab(&mut c, "InstanceDevicesDiagram", json!({"InstanceId": t3}))["Svg"].as_str().unwrap().to_string();
    assert!(svg.contains("no-instance-store"));
    assert_eq!(c.call("ec2lab", R, "InstanceDevicesDiagram", json!({"InstanceId": "i-0123456789abcdef0"})).unwrap_err().code, "InvalidInstanceID.NotFound");
}

#[test]
fn snapshot_chain_shows_the_second_snapshot_storing_only_changed_blocks() {
    let (mut c, i, data) = world();
    // Three 1 MiB files (2 blocks each) plus the file table in block 0.
    for n in 0..3 {
        storage::write_file(&mut c.world, R, &i, &format!("/data/f{n}"), &vec![n as u8 + 1; 1 << 20]).unwrap();
    }
    let first = storage::create_snapshot(&mut c.world, R, &data, "first", &[]).unwrap();
    storage::write_file(&mut c.world, R, &i, "/data/f1", &[9u8; 1 << 20]).unwrap();
    let second = storage::create_snapshot(&mut c.world, R, &data, "second", &[]).unwrap();
    storage::write_file(&mut c.world, R, &i, "/data/f2", &[7u8; 1000]).unwrap();
    c.advance(3_600_000);

    let r = lab(&mut c, "SnapshotChain", json!({"VolumeId": data}));
    let snaps = r["Snapshots"].as_array().unwrap();
    assert_eq!(snaps.len(), 2);
    assert_eq!(snaps[0]["SnapshotId"], first.as_str());
    assert_eq!(snaps[1]["ParentSnapshotId"], first.as_str());
    let (a, b) = (snaps[0]["StoredBlocks"].as_u64().unwrap(), snaps[1]["StoredBlocks"].as_u64().unwrap());
    assert_eq!(a, snaps[0]["TotalBlocks"].as_u64().unwrap(), "the first snapshot stores every written block");
    assert!(b < a, "the second stores only the changed blocks: {b} < {a}");
    assert_eq!(snaps[1]["StoredBytes"].as_u64().unwrap(), b * 512 * 1024);
    assert_eq!(r["BlockSize"], 524288);
    let svg = r["Svg"].as_str().unwrap();
    assert_eq!(svg.matches("class=\"block stored\"").count() as u64, a + b);
    assert!(svg.contains("class=\"block changed\""), "the volume's row shows what the next snapshot would store");
    insta::assert_snapshot!("snapshot_chain_en", svg);

    // Asked by snapshot: the same chain, that snapshot highlighted.
    let r = lab(&mut c, "SnapshotChain", json!({"SnapshotId": second, "Language": "ko"}));
    assert!(r["Svg"].as_str().unwrap().contains(&format!("class=\"snapshot current\" data-snapshot-id=\"{second}\"")));
    assert!(r["Svg"].as_str().unwrap().contains("스냅샷 체인"));
    assert_eq!(c.call("ec2lab", R, "SnapshotChain", json!({})).unwrap_err().code, "InvalidParameterCombination");
    assert_eq!(c.call("ec2lab", R, "SnapshotChain", json!({"SnapshotId": "snap-0123456789abcdef0"})).unwrap_err().code, "InvalidSnapshot.NotFound");
}
