//! Invariants of custom AMIs over random sequences of writes, CreateImage, CopyImage,
//! DeregisterImage (with or without its snapshots), DeleteSnapshot and time: no registered
//! AMI ever loses a snapshot, a refused call changes nothing, and every AMI still registered at
//! the end launches with exactly the file its instance held when the AMI was made.
use ec2lab::{storage, Cloud};
use proptest::prelude::*;
use serde_json::json;
use std::collections::BTreeMap;

const R: &str = "us-east-1";
const SEOUL: &str = "ap-northeast-2";
const FILE: &str = "/etc/app.conf";

#[derive(Debug, Clone)]
enum Op {
    Write(u8),
    CreateImage { no_reboot: bool },
    CopyImage(u8),
    Deregister { image: u8, delete_snapshots: bool },
    DeleteSnapshot(u8),
    Advance(u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        any::<u8>().prop_map(Op::Write),
        any::<bool>().prop_map(|no_reboot| Op::CreateImage { no_reboot }),
        (0u8..8).prop_map(Op::CopyImage),
        (0u8..8, any::<bool>()).prop_map(|(image, delete_snapshots)| Op::Deregister { image, delete_snapshots }),
        (0u8..12).prop_map(Op::DeleteSnapshot),
        (0u32..120_000).prop_map(Op::Advance),
    ]
}

/// Every snapshot a registered image of `region` names exists there.
fn snapshots_present(c: &Cloud, region: &str) -> bool {
    let r = &c.world.regions[region];
    r.images.images.values().all(|i| ec2lab::images::custom::snapshot_ids(i).iter().all(|s| r.storage.snapshots.contains_key(s)))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn registered_amis_keep_their_snapshots_and_their_files(ops in prop::collection::vec(op(), 1..25)) {
        let mut c = Cloud::new(3);
        let base = c.call("ec2", R, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap()["Images"][0]["ImageId"].clone();
        let r = c.call("ec2", R, "RunInstances", json!({"ImageId": base, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1})).unwrap();
        let inst = r["Instances"][0]["InstanceId"].as_str().unwrap().to_string();
        c.advance(120_000);
        let mut content: Vec<u8> = b"v0".to_vec();
        storage::write_file(&mut c.world, R, &inst, FILE, &content).unwrap();
        // (region, ami) -> the file it must launch with
        let mut expected: BTreeMap<(String, String), Vec<u8>> = BTreeMap::new();
        let mut made: Vec<(String, String)> = Vec::new();
        let mut n = 0;
        for op in ops {
            let before = format!("{:?}", c.world);
            let result = match &op {
                Op::Write(b) => {
                    content = vec![*b; 1 + *b as usize * 100];
                    storage::write_file(&mut c.world, R, &inst, FILE, &content).map(|_| ())
                }
                Op::CreateImage { no_reboot } => {
                    n += 1;
                    c.call("ec2", R, "CreateImage", json!({"InstanceId": inst, "Name": format!("img-{n}"), "NoReboot": no_reboot})).map(|v| {
                        let id = v["ImageId"].as_str().unwrap().to_string();
                        expected.insert((R.into(), id.clone()), content.clone());
                        made.push((R.into(), id));
                    })
                }
                Op::CopyImage(k) => match made.get(*k as usize).cloned() {
                    Some((region, id)) if region == R => {
                        n += 1;
                        c.call("ec2", SEOUL, "CopyImage", json!({"SourceRegion": R, "SourceImageId": id, "Name": format!("copy-{n}")})).map(|v| {
                            let copy = v["ImageId"].as_str().unwrap().to_string();
                            let file = expected[&(R.to_string(), id.clone())].clone();
                            expected.insert((SEOUL.into(), copy.clone()), file);
                            made.push((SEOUL.into(), copy));
                        })
                    }
                    _ => Ok(()),
                },
                Op::Deregister { image, delete_snapshots } => match made.get(*image as usize).cloned() {
                    Some((region, id)) => c.call("ec2", &region, "DeregisterImage", json!({"ImageId": id, "DeleteAssociatedSnapshots": delete_snapshots})).map(|_| {
                        expected.remove(&(region, id));
                    }),
                    None => Ok(()),
                },
                Op::DeleteSnapshot(k) => {
                    let snap = c.world.regions[R].storage.snapshots.values().filter(|s| s.owner_id == ec2lab::world::ACCOUNT_ID).nth(*k as usize).map(|s| s.id.clone());
                    match snap {
                        Some(s) => c.call("ec2", R, "DeleteSnapshot", json!({"SnapshotId": s})).map(|_| ()),
                        None => Ok(()),
                    }
                }
                Op::Advance(ms) => {
                    c.advance(*ms as u64);
                    Ok(())
                }
            };
            if let Err(e) = result {
                prop_assert_eq!(&before, &format!("{:?}", c.world), "{:?} was refused ({}) but changed the world", op, e.code);
            }
            prop_assert!(snapshots_present(&c, R) && snapshots_present(&c, SEOUL), "after {:?} a registered AMI lost a snapshot", op);
        }
        c.advance(24 * 3_600_000);
        for ((region, id), file) in &expected {
            let r = c.call("ec2", region, "RunInstances", json!({"ImageId": id, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1})).unwrap();
            let j = r["Instances"][0]["InstanceId"].as_str().unwrap().to_string();
            c.advance(120_000);
            prop_assert_eq!(&storage::read_file(&mut c.world, region, &j, FILE).unwrap(), file, "{} in {}", id, region);
        }
    }
}
