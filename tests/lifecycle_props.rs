//! Invariants over random operation sequences: states only move along the lifecycle's edges,
//! and a refused call leaves the world exactly as it was.
use ec2lab::compute::InstanceState;
use ec2lab::Cloud;
use proptest::prelude::*;
use serde_json::json;
use std::collections::BTreeMap;

const R: &str = "us-east-1";

#[derive(Debug, Clone)]
enum Op {
    Launch {
        az: u8,
        protect: bool,
        term_on_shutdown: bool,
    },
    Start(u8),
    Stop(u8, bool),
    Reboot(u8),
    Terminate(Vec<u8>),
    OsShutdown(u8),
    Unprotect(u8),
    ChangeType(u8),
    /// An Elastic IP on the instance (allocated on first use): it must survive the lifecycle.
    Eip(u8),
    /// A second interface (eth1) from the instance's subnet.
    SecondEni(u8),
    Advance(u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..3, any::<bool>(), any::<bool>()).prop_map(|(az, protect, term_on_shutdown)| Op::Launch { az, protect, term_on_shutdown }),
        (0u8..8).prop_map(Op::Start),
        (0u8..8, any::<bool>()).prop_map(|(i, f)| Op::Stop(i, f)),
        (0u8..8).prop_map(Op::Reboot),
        prop::collection::vec(0u8..8, 1..4).prop_map(Op::Terminate),
        (0u8..8).prop_map(Op::OsShutdown),
        (0u8..8).prop_map(Op::Unprotect),
        (0u8..8).prop_map(Op::ChangeType),
        (0u8..8).prop_map(Op::Eip),
        (0u8..8).prop_map(Op::SecondEni),
        (0u32..200_000).prop_map(Op::Advance),
    ]
}

fn states(c: &Cloud) -> BTreeMap<String, InstanceState> {
    c.world.regions[R].compute.instances.iter().map(|(id, i)| (id.clone(), i.state)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    #[test]
    fn states_follow_edges_and_refusals_change_nothing(ops in prop::collection::vec(op(), 1..40)) {
        let mut c = Cloud::new(3);
        let image = c.call("ec2", R, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap()["Images"][0]["ImageId"].as_str().unwrap().to_string();
        let mut ids: Vec<String> = Vec::new();
        let pick = |ids: &Vec<String>, n: u8| ids.get(n as usize % ids.len().max(1)).cloned().unwrap_or_else(|| "i-00000000000000000".into());
        for op in ops {
            let before = states(&c);
            let mut snapshot = format!("{:?}", c.world);
            let (service, operation, params) = match &op {
                Op::Launch { az, protect, term_on_shutdown } => ("ec2", "RunInstances", json!({"ImageId": image, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1,
                    "Placement": {"AvailabilityZone": format!("us-east-1{}", ["a", "b", "c"][*az as usize])}, "DisableApiTermination": protect,
                    "InstanceInitiatedShutdownBehavior": if *term_on_shutdown { "terminate" } else { "stop" }})),
                Op::Start(i) => ("ec2", "StartInstances", json!({"InstanceIds": [pick(&ids, *i)]})),
                Op::Stop(i, f) => ("ec2", "StopInstances", json!({"InstanceIds": [pick(&ids, *i)], "Force": f})),
                Op::Reboot(i) => ("ec2", "RebootInstances", json!({"InstanceIds": [pick(&ids, *i)]})),
                Op::Terminate(is) => {
                    let mut v: Vec<String> = is.iter().map(|i| pick(&ids, *i)).collect();
                    v.dedup();
                    ("ec2", "TerminateInstances", json!({"InstanceIds": v}))
                }
                Op::OsShutdown(i) => ("ec2lab", "ShutdownFromOs", json!({"InstanceId": pick(&ids, *i)})),
                Op::Unprotect(i) => ("ec2", "ModifyInstanceAttribute", json!({"InstanceId": pick(&ids, *i), "DisableApiTermination": {"Value": false}})),
                Op::ChangeType(i) => ("ec2", "ModifyInstanceAttribute", json!({"InstanceId": pick(&ids, *i), "InstanceType": {"Value": "t3.small"}})),
                Op::Eip(i) => {
                    if c.world.regions[R].network.elastic_ips.is_empty() {
                        c.call("ec2", R, "AllocateAddress", json!({"Domain": "vpc"})).unwrap();
                    }
                    let alloc = c.world.regions[R].network.elastic_ips.keys().next().unwrap().clone();
                    snapshot = format!("{:?}", c.world);
                    ("ec2", "AssociateAddress", json!({"AllocationId": alloc, "InstanceId": pick(&ids, *i)}))
                }
                Op::SecondEni(i) => {
                    let id = pick(&ids, *i);
                    let subnet = c.world.regions[R].compute.instances.get(&id).and_then(|x| x.network.as_ref()).map(|n| n.subnet_id.clone());
                    match subnet {
                        Some(s) => {
                            let eni = c.call("ec2", R, "CreateNetworkInterface", json!({"SubnetId": s})).unwrap()["NetworkInterface"]["NetworkInterfaceId"].clone();
                            snapshot = format!("{:?}", c.world);
                            ("ec2", "AttachNetworkInterface", json!({"NetworkInterfaceId": eni, "InstanceId": id, "DeviceIndex": 1}))
                        }
                        None => ("ec2", "AttachNetworkInterface", json!({"NetworkInterfaceId": "eni-00000000", "InstanceId": id, "DeviceIndex": 1})),
                    }
                }
                Op::Advance(ms) => { c.advance(*ms as u64); ("", "", json!(null)) }
            };
            if !service.is_empty() {
                match c.call(service, R, operation, params) {
                    Ok(v) => {
                        if let Some(id) = v["Instances"][0]["InstanceId"].as_str() { ids.push(id.to_string()); }
                    }
                    Err(e) => {
                        // AWS's one exception: with termination protection in one AZ, instances
                        // of other AZs in the same call are still terminated.
                        let partial = e.code == "OperationNotPermitted" && e.hint_en.contains("were terminated");
                        if !partial {
                            prop_assert_eq!(&snapshot, &format!("{:?}", c.world), "refused {:?} ({}) changed the world", op, e.code);
                        }
                    }
                }
            }
            let after = states(&c);
            for (id, now) in &after {
                if let Some(prev) = before.get(id) {
                    prop_assert!(prev == now || prev.can_move_to(*now), "{id}: {prev:?} -> {now:?} after {op:?}");
                }
            }
        }
    }
}
