//! Invariants over random storage sequences: after any writes, attaches, detaches, stops,
//! starts, snapshots, restores and snapshot deletions, every EBS volume reads back what was
//! last written to it, every remaining snapshot restores exactly its point-in-time content
//! (and some snapshot stores each block it needs), no volume is attached to two instances
//! unless Multi-Attach, and a refused call changes nothing.
use base64::Engine;
use ec2lab::storage::{fs::Fs, snapshot::every_block_is_stored, Device};
use ec2lab::Cloud;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;

const R: &str = "us-east-1";

#[derive(Debug, Clone)]
enum Op {
    Attach { vol: u8, inst: u8 },
    Detach { vol: u8, force: bool },
    Write { vol: u8, file: u8, byte: u8, kib: u16 },
    Stop(u8),
    Start(u8),
    Snapshot(u8),
    DeleteSnapshot(u8),
    Restore(u8),
    Advance(u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..6, 0u8..3).prop_map(|(vol, inst)| Op::Attach { vol, inst }),
        (0u8..6, any::<bool>()).prop_map(|(vol, force)| Op::Detach { vol, force }),
        (0u8..6, 0u8..4, 1u8..255, 0u16..1200).prop_map(|(vol, file, byte, kib)| Op::Write { vol, file, byte, kib }),
        (0u8..3).prop_map(Op::Stop),
        (0u8..3).prop_map(Op::Start),
        (0u8..6).prop_map(Op::Snapshot),
        (0u8..8).prop_map(Op::DeleteSnapshot),
        (0u8..8).prop_map(Op::Restore),
        (0u32..400_000).prop_map(Op::Advance),
    ]
}

type Files = BTreeMap<String, Vec<u8>>;

fn read_all(dev: &Device, files: &Files) -> Result<(), String> {
    if files.is_empty() {
        return Ok(());
    }
    let fs = Fs::load(dev).map_err(|e| e.message)?;
    for (path, want) in files {
        let got = fs.read(dev, path).map_err(|e| format!("{path}: {}", e.message))?;
        if &got != want {
            return Err(format!("{path}: {} bytes read, {} written", got.len(), want.len()));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]
    #[test]
    fn ebs_reads_what_was_written_and_snapshots_restore_their_moment(ops in prop::collection::vec(op(), 1..40)) {
        let mut c = Cloud::new(5);
        let img = c.call("ec2", R, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023.6*-x86_64"]}]})).unwrap()["Images"][0]["ImageId"].clone();
        let run = c.call("ec2", R, "RunInstances", json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 3, "MaxCount": 3, "Placement": {"AvailabilityZone": "us-east-1a"}})).unwrap();
        let insts: Vec<String> = run["Instances"].as_array().unwrap().iter().map(|i| i["InstanceId"].as_str().unwrap().to_string()).collect();
        let mut vols: Vec<String> = Vec::new();
        // What each volume should hold, and what each snapshot captured.
        let mut expect: BTreeMap<String, Files> = BTreeMap::new();
        let mut snaps: Vec<(String, String, Files, u64)> = Vec::new();
        for k in 0..3 {
            let p = if k == 2 { json!({"AvailabilityZone": "us-east-1a", "Size": 4, "VolumeType": "io2", "Iops": 100, "MultiAttachEnabled": true}) } else { json!({"AvailabilityZone": "us-east-1a", "Size": 1}) };
            let v = c.call("ec2", R, "CreateVolume", p).unwrap()["VolumeId"].as_str().unwrap().to_string();
            expect.insert(v.clone(), Files::new());
            vols.push(v);
        }
        c.advance(60_000);
        let pick = |xs: &Vec<String>, n: u8| xs.get(n as usize % xs.len().max(1)).cloned().unwrap_or_else(|| "vol-00000000000000000".into());
        for op in ops {
            let before = format!("{:?}", c.world);
            let result: Result<Value, ec2lab::ApiError> = match &op {
                Op::Attach { vol, inst } => {
                    let v = pick(&vols, *vol);
                    let dev = format!("/dev/sd{}", (b'f' + (*vol % 6)) as char);
                    c.call("ec2", R, "AttachVolume", json!({"VolumeId": v, "InstanceId": insts[*inst as usize], "Device": dev}))
                }
                Op::Detach { vol, force } => {
                    let v = pick(&vols, *vol);
                    let first = c.world.regions[R].storage.volumes.get(&v).and_then(|x| x.attachments.first().map(|a| a.instance_id.clone()));
                    c.call("ec2", R, "DetachVolume", json!({"VolumeId": v, "InstanceId": first, "Force": force}))
                }
                Op::Write { vol, file, byte, kib } => {
                    let v = pick(&vols, *vol);
                    let att = c.world.regions[R].storage.volumes.get(&v).and_then(|x| x.attachments.first().cloned());
                    match att {
                        Some(a) => {
                            let mount = format!("/mnt{}", a.device.replace('/', "_"));
                            let _ = c.call("ec2lab", R, "Mount", json!({"InstanceId": a.instance_id, "DeviceName": a.device, "Path": mount}));
                            // Unmounted (still attaching, or the instance is not running), the path is
                            // a folder of the root volume, as on Linux: the model tracks this volume only.
                            let mounted = c.world.regions[R].storage.guests.get(&a.instance_id).and_then(|g| g.mounts.get(&mount)) == Some(&a.device);
                            let data = vec![*byte; *kib as usize * 1024];
                            let before = format!("{:?}", c.world);
                            let r = c.call("ec2lab", R, "WriteFile", json!({"InstanceId": a.instance_id, "Path": format!("{mount}/f{file}"), "Data": base64::engine::general_purpose::STANDARD.encode(&data)}));
                            match &r {
                                Ok(_) if !mounted => {}
                                Ok(_) => { expect.get_mut(&v).unwrap().insert(format!("/f{file}"), data); }
                                Err(_) => prop_assert_eq!(format!("{:?}", c.world), before, "a refused write changed the world"),
                            }
                            Ok(json!({}))
                        }
                        None => Ok(json!({})),
                    }
                }
                Op::Stop(i) => c.call("ec2", R, "StopInstances", json!({"InstanceIds": [insts[*i as usize]]})),
                Op::Start(i) => c.call("ec2", R, "StartInstances", json!({"InstanceIds": [insts[*i as usize]]})),
                Op::Snapshot(vol) => {
                    let v = pick(&vols, *vol);
                    let r = c.call("ec2", R, "CreateSnapshot", json!({"VolumeId": v}));
                    if let Ok(s) = &r {
                        let id = s["SnapshotId"].as_str().unwrap().to_string();
                        let digest = c.world.regions[R].storage.volumes[&v].data.blocks.digest();
                        snaps.push((id, v.clone(), expect[&v].clone(), digest));
                    }
                    r
                }
                Op::DeleteSnapshot(k) if !snaps.is_empty() => {
                    let k = *k as usize % snaps.len();
                    let r = c.call("ec2", R, "DeleteSnapshot", json!({"SnapshotId": snaps[k].0}));
                    if r.is_ok() { snaps.remove(k); }
                    r
                }
                Op::Restore(k) if !snaps.is_empty() => {
                    let k = *k as usize % snaps.len();
                    let r = c.call("ec2", R, "CreateVolume", json!({"AvailabilityZone": "us-east-1a", "SnapshotId": snaps[k].0}));
                    if let Ok(v) = &r {
                        let id = v["VolumeId"].as_str().unwrap().to_string();
                        expect.insert(id.clone(), snaps[k].2.clone());
                        vols.push(id);
                    }
                    r
                }
                Op::Advance(ms) => { c.advance(*ms as u64); Ok(json!({})) }
                _ => Ok(json!({})),
            };
            if let Err(e) = &result {
                prop_assert_eq!(&format!("{:?}", c.world), &before, "refused {:?} ({}) changed the world", op, e.code);
                prop_assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{} without hints", e.code);
            }
            let s = &c.world.regions[R].storage;
            for (v, files) in &expect {
                let vol = &s.volumes[v];
                prop_assert!(vol.attachments.len() <= 1 || vol.multi_attach, "{} attached to {} instances", v, vol.attachments.len());
                if let Err(m) = read_all(&vol.data, files) { prop_assert!(false, "volume {}: {}", v, m); }
            }
            for (id, _, files, digest) in &snaps {
                let snap = &s.snapshots[id];
                prop_assert_eq!(snap.blocks.digest(), *digest, "snapshot {} changed after it was taken", id);
                let dev = Device::from_blocks(snap.volume_size_gib as u64 * ec2lab::storage::GIB, snap.blocks.clone());
                if let Err(m) = read_all(&dev, files) { prop_assert!(false, "snapshot {}: {}", id, m); }
            }
            prop_assert!(every_block_is_stored(&s.snapshots), "a block some snapshot needs is stored by none");
        }
    }
}
