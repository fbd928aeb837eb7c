//! Invariants of addresses over random operation sequences: no two ENIs share a private IP in a
//! subnet, AvailableIpAddressCount always equals the free addresses, the public pool holds
//! exactly the addresses in use, and a refused call changes nothing.
use ec2lab::Cloud;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;

const R: &str = "us-east-1";

#[derive(Debug, Clone)]
enum Op {
    CreateSubnet(u8),
    DeleteSubnet(u8),
    CreateEni { subnet: u8, secondary: u8, fixed: Option<u8> },
    DeleteEni(u8),
    Run { subnet: u8, count: u8 },
    Terminate(u8),
    Stop(u8),
    Start(u8),
    Attach(u8, u8),
    Detach(u8),
    Assign(u8, u8),
    Unassign(u8),
    Allocate,
    Associate(u8, u8),
    Disassociate(u8),
    Release(u8),
    Advance(u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..6).prop_map(Op::CreateSubnet),
        (0u8..6).prop_map(Op::DeleteSubnet),
        (0u8..6, 0u8..4, prop::option::of(0u8..16)).prop_map(|(subnet, secondary, fixed)| Op::CreateEni { subnet, secondary, fixed }),
        (0u8..8).prop_map(Op::DeleteEni),
        (0u8..6, 1u8..6).prop_map(|(subnet, count)| Op::Run { subnet, count }),
        (0u8..8).prop_map(Op::Terminate),
        (0u8..8).prop_map(Op::Stop),
        (0u8..8).prop_map(Op::Start),
        (0u8..8, 0u8..8).prop_map(|(e, i)| Op::Attach(e, i)),
        (0u8..8).prop_map(Op::Detach),
        (0u8..8, 1u8..4).prop_map(|(e, n)| Op::Assign(e, n)),
        (0u8..8).prop_map(Op::Unassign),
        Just(Op::Allocate),
        (0u8..6, 0u8..8).prop_map(|(a, i)| Op::Associate(a, i)),
        (0u8..6).prop_map(Op::Disassociate),
        (0u8..6).prop_map(Op::Release),
        (0u32..400_000).prop_map(Op::Advance),
    ]
}

fn pick(v: &[String], n: u8, none: &str) -> String {
    v.get(n as usize % v.len().max(1)).cloned().unwrap_or_else(|| none.to_string())
}

fn check_invariants(c: &mut Cloud) -> Result<(), TestCaseError> {
    let net = &c.world.regions[R].network;
    let mut public = BTreeSet::new();
    for s in net.subnets.values() {
        let held: Vec<u32> = net.enis.values().filter(|e| e.subnet_id == s.id).flat_map(|e| e.private_ips.iter().map(|p| p.address)).collect();
        let unique: BTreeSet<u32> = held.iter().copied().collect();
        prop_assert_eq!(held.len(), unique.len(), "two ENIs share a private address in {}", s.id);
        prop_assert_eq!(&unique, &s.used, "the subnet's index disagrees with its ENIs in {}", s.id);
        for ip in &unique {
            prop_assert!(s.cidr.contains(*ip) && !s.is_reserved(*ip), "address outside the usable range of {}", s.id);
        }
    }
    for e in net.enis.values() {
        public.extend(e.auto_public_ip);
        if let Some(a) = &e.attachment {
            prop_assert!(c.world.regions[R].compute.instances.contains_key(&a.instance_id), "ENI attached to a vanished instance");
        }
    }
    for eip in net.elastic_ips.values() {
        public.insert(eip.public_ip);
        if let Some(a) = &eip.association {
            prop_assert!(net.enis.get(&a.eni_id).is_some_and(|e| e.private_ips.iter().any(|p| p.address == a.private_ip)), "EIP on a missing address");
        }
    }
    prop_assert_eq!(&public, &net.public_in_use, "the public pool disagrees with the addresses handed out");
    let subnets: Vec<(String, i64)> = net.subnets.values().map(|s| (s.id.clone(), s.cidr.size() as i64 - 5 - s.used.len() as i64)).collect();
    let d = c.call("ec2", R, "DescribeSubnets", json!({})).unwrap();
    for (id, free) in subnets {
        let shown = d["Subnets"].as_array().unwrap().iter().find(|s| s["SubnetId"] == id.as_str()).unwrap()["AvailableIpAddressCount"].as_i64().unwrap();
        prop_assert_eq!(shown, free, "AvailableIpAddressCount of {} is not the free addresses", id);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn addresses_stay_consistent(ops in prop::collection::vec(op(), 1..40)) {
        let mut c = Cloud::new(5);
        let image = c.call("ec2", R, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap()["Images"][0]["ImageId"].clone();
        let vpc = c.call("ec2", R, "CreateVpc", json!({"CidrBlock": "10.0.0.0/24"})).unwrap()["Vpc"]["VpcId"].as_str().unwrap().to_string();
        let igw = c.call("ec2", R, "CreateInternetGateway", json!({})).unwrap()["InternetGateway"]["InternetGatewayId"].clone();
        c.call("ec2", R, "AttachInternetGateway", json!({"InternetGatewayId": igw, "VpcId": vpc})).unwrap();
        // Small subnets (/28: 11 usable addresses) so that they fill up.
        let mut subnets: Vec<String> = Vec::new();
        let mut enis: Vec<String> = Vec::new();
        let mut instances: Vec<String> = Vec::new();
        let mut allocations: Vec<String> = Vec::new();
        let mut associations: Vec<String> = Vec::new();
        for op in ops {
            let snapshot = format!("{:?}", c.world);
            let (operation, params): (&str, Value) = match &op {
                Op::CreateSubnet(n) => ("CreateSubnet", json!({"VpcId": vpc, "CidrBlock": format!("10.0.0.{}/28", (*n as u32 % 8) * 16 % 256), "AvailabilityZone": "us-east-1a"})),
                Op::DeleteSubnet(n) => ("DeleteSubnet", json!({"SubnetId": pick(&subnets, *n, "subnet-00000000")})),
                Op::CreateEni { subnet, secondary, fixed } => {
                    let s = pick(&subnets, *subnet, "subnet-00000000");
                    let base = c.world.regions[R].network.subnets.get(&s).map(|s| s.cidr.base).unwrap_or(0);
                    let mut p = json!({"SubnetId": s, "SecondaryPrivateIpAddressCount": secondary});
                    if let Some(f) = fixed {
                        p["PrivateIpAddress"] = json!(ec2lab::network::format_ip(base + *f as u32));
                    }
                    ("CreateNetworkInterface", p)
                }
                Op::DeleteEni(n) => ("DeleteNetworkInterface", json!({"NetworkInterfaceId": pick(&enis, *n, "eni-00000000")})),
                Op::Run { subnet, count } => ("RunInstances", json!({"ImageId": image, "InstanceType": "t3.large", "MinCount": 1, "MaxCount": count, "SubnetId": pick(&subnets, *subnet, "subnet-00000000")})),
                Op::Terminate(n) => ("TerminateInstances", json!({"InstanceIds": [pick(&instances, *n, "i-00000000")]})),
                Op::Stop(n) => ("StopInstances", json!({"InstanceIds": [pick(&instances, *n, "i-00000000")]})),
                Op::Start(n) => ("StartInstances", json!({"InstanceIds": [pick(&instances, *n, "i-00000000")]})),
                Op::Attach(e, i) => ("AttachNetworkInterface", json!({"NetworkInterfaceId": pick(&enis, *e, "eni-00000000"), "InstanceId": pick(&instances, *i, "i-00000000"), "DeviceIndex": 1 + (*e % 2) as i64})),
                Op::Detach(e) => {
                    let att = c.world.regions[R].network.enis.get(&pick(&enis, *e, "")).and_then(|x| x.attachment.as_ref()).map(|a| a.attachment_id.clone());
                    ("DetachNetworkInterface", json!({"AttachmentId": att.unwrap_or_else(|| "eni-attach-00000000".into())}))
                }
                Op::Assign(e, n) => ("AssignPrivateIpAddresses", json!({"NetworkInterfaceId": pick(&enis, *e, "eni-00000000"), "SecondaryPrivateIpAddressCount": n})),
                Op::Unassign(e) => {
                    let id = pick(&enis, *e, "eni-00000000");
                    let ip = c.world.regions[R].network.enis.get(&id).and_then(|x| x.private_ips.last()).map(|p| ec2lab::network::format_ip(p.address)).unwrap_or_else(|| "10.0.0.9".into());
                    ("UnassignPrivateIpAddresses", json!({"NetworkInterfaceId": id, "PrivateIpAddresses": [ip]}))
                }
                Op::Allocate => ("AllocateAddress", json!({"Domain": "vpc"})),
                Op::Associate(a, i) => ("AssociateAddress", json!({"AllocationId": pick(&allocations, *a, "eipalloc-00000000"), "InstanceId": pick(&instances, *i, "i-00000000")})),
                Op::Disassociate(a) => ("DisassociateAddress", json!({"AssociationId": pick(&associations, *a, "eipassoc-00000000")})),
                Op::Release(a) => ("ReleaseAddress", json!({"AllocationId": pick(&allocations, *a, "eipalloc-00000000")})),
                Op::Advance(ms) => {
                    c.advance(*ms as u64);
                    check_invariants(&mut c)?;
                    continue;
                }
            };
            match c.call("ec2", R, operation, params) {
                Ok(v) => {
                    if let Some(id) = v["Subnet"]["SubnetId"].as_str() { subnets.push(id.into()); }
                    if let Some(id) = v["NetworkInterface"]["NetworkInterfaceId"].as_str() { enis.push(id.into()); }
                    if let Some(is) = v["Instances"].as_array() { instances.extend(is.iter().map(|i| i["InstanceId"].as_str().unwrap().to_string())); }
                    if let Some(id) = v["AllocationId"].as_str() { allocations.push(id.into()); }
                    if let Some(id) = v["AssociationId"].as_str() { associations.push(id.into()); }
                }
                Err(e) => {
                    prop_assert!(!e.hint_en.is_empty(), "{} refused without a hint: {}", operation, e.code);
                    prop_assert_eq!(&snapshot, &format!("{:?}", c.world), "refused {:?} ({}) changed the world", op, e.code);
                }
            }
            check_invariants(&mut c)?;
        }
    }
}
