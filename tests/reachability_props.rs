//! Properties of the reachability evaluation over random security groups and network ACLs:
//! security groups are stateful (a flow they let through always gets its reply back, and the
//! opposite direction is a flow of its own), network ACLs are stateless (without a rule for the
//! ephemeral port the reply is blocked even though the request passes).
use ec2lab::network::reachability::{self, Addressing, Direction, Endpoint, Query};
use ec2lab::Cloud;
use proptest::prelude::*;
use serde_json::{json, Value};

const R: &str = "us-east-1";
const PORTS: [i64; 4] = [22, 80, 443, 3306];

fn ok(c: &mut Cloud, op: &str, p: Value) -> Value {
    c.call("ec2", R, op, p).unwrap_or_else(|e| panic!("{op}: {e}"))
}

/// A VPC with two subnets (default ACL), `groups` security groups and one instance per entry
/// of `members` (the indices of its groups).
struct World {
    c: Cloud,
    vpc: String,
    subnets: Vec<String>,
    instances: Vec<String>,
}

/// A rule: (group index, port index, peer) where peer 0 = anywhere, 1 = subnet 0's block,
/// 2 = subnet 1's block, 3.. = group (peer - 3).
type RuleSpec = (usize, usize, usize);

fn build(groups: usize, rules: &[RuleSpec], egress: &[RuleSpec], members: &[Vec<usize>]) -> World {
    let mut c = Cloud::new(3);
    let vpc = ok(&mut c, "CreateVpc", json!({"CidrBlock": "10.0.0.0/16"}))["Vpc"]["VpcId"].as_str().unwrap().to_string();
    let subnets: Vec<String> = ["10.0.0.0/24", "10.0.1.0/24"]
        .iter()
        .map(|b| {
            ok(&mut c, "CreateSubnet", json!({"VpcId": vpc, "CidrBlock": b, "AvailabilityZone": "us-east-1a"}))["Subnet"]["SubnetId"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let ids: Vec<String> = (0..groups)
        .map(|i| {
            ok(&mut c, "CreateSecurityGroup", json!({"GroupName": format!("g{i}"), "Description": "p", "VpcId": vpc}))["GroupId"].as_str().unwrap().to_string()
        })
        .collect();
    let perm = |ids: &[String], (_, port, peer): RuleSpec| {
        let p = PORTS[port % PORTS.len()];
        let mut perm = json!({"IpProtocol": "tcp", "FromPort": p, "ToPort": p});
        match peer {
            0 => perm["IpRanges"] = json!([{"CidrIp": "0.0.0.0/0"}]),
            1 => perm["IpRanges"] = json!([{"CidrIp": "10.0.0.0/24"}]),
            2 => perm["IpRanges"] = json!([{"CidrIp": "10.0.1.0/24"}]),
            g => perm["UserIdGroupPairs"] = json!([{"GroupId": ids[(g - 3) % ids.len()]}]),
        }
        perm
    };
    for (op, list) in [("AuthorizeSecurityGroupIngress", rules), ("AuthorizeSecurityGroupEgress", egress)] {
        for r in list {
            // Duplicates are refused by AWS; the property does not care.
            let _ = c.call("ec2", R, op, json!({"GroupId": ids[r.0 % groups], "IpPermissions": [perm(&ids, *r)]}));
        }
    }
    if !egress.is_empty() {
        // Narrowed egress: drop the all-traffic rule so the random ones decide.
        for g in &ids {
            ok(&mut c, "RevokeSecurityGroupEgress", json!({"GroupId": g, "IpPermissions": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}));
        }
    }
    let img = ok(&mut c, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]}))["Images"][0]["ImageId"].clone();
    let mut instances = Vec::new();
    for (k, m) in members.iter().enumerate() {
        let gs: Vec<&String> = m.iter().map(|g| &ids[g % groups]).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        let r = ok(
            &mut c,
            "RunInstances",
            json!({"ImageId": img, "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1, "SubnetId": subnets[k % 2], "SecurityGroupIds": gs}),
        );
        instances.push(r["Instances"][0]["InstanceId"].as_str().unwrap().to_string());
    }
    c.advance(300_000);
    World { c, vpc, subnets, instances }
}

fn eni<'a>(w: &'a World, instance: &str) -> &'a ec2lab::network::NetworkInterface {
    let net = &w.c.world.regions[R].network;
    let id = &w.c.world.regions[R].compute.instances[instance].network.as_ref().unwrap().eni_id;
    &net.enis[id]
}

fn flow<'a>(w: &'a World, a: &str, b: &str, port: u16) -> Query<'a> {
    Query {
        source: Endpoint::Eni(eni(w, a)),
        destination: Endpoint::Eni(eni(w, b)),
        addressing: Addressing::Private,
        protocol: 6,
        port,
        source_port: 49152,
        via_igw: None,
    }
}

fn rule() -> impl Strategy<Value = RuleSpec> {
    (0usize..4, 0usize..4, 0usize..7)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// With security groups only (default ACLs allow everything), a flow the groups let through
    /// always gets its reply back: nothing on the return path ever blocks. The opposite
    /// direction is another flow, judged by the other groups' rules.
    #[test]
    fn security_groups_are_stateful(
        ingress in prop::collection::vec(rule(), 1..12),
        egress in prop::collection::vec(rule(), 0..6),
        members in prop::collection::vec(prop::collection::vec(0usize..4, 1..3), 2..5),
        port in 0usize..4,
    ) {
        let w = build(4, &ingress, &egress, &members);
        let reg = &w.c.world.regions[R];
        let p = PORTS[port] as u16;
        for a in &w.instances {
            for b in &w.instances {
                if a == b { continue; }
                let v = reachability::evaluate(reg, &flow(&w, a, b, p));
                if let Some((i, _)) = &v.blocked {
                    prop_assert_eq!(v.hops[*i].direction, Direction::Forward, "a stateful group blocked a reply");
                } else {
                    prop_assert!(v.hops.iter().any(|h| h.direction == Direction::Return));
                    prop_assert!(v.hops.iter().filter(|h| h.direction == Direction::Return).all(|h| h.allowed));
                }
            }
        }
    }

    /// Network ACLs are stateless: with an inbound allow for the port on the destination subnet
    /// and outbound entries that do not cover the client's ephemeral port, the request passes
    /// the forward path but the reply is blocked; adding outbound 1024-65535 lets it through.
    #[test]
    fn network_acls_are_stateless(
        outbound in prop::collection::vec((2i64..200, 0i64..50000, 0i64..1024), 0..5),
        port in 0usize..4,
    ) {
        let mut w = build(1, &[(0, port, 0)], &[], &[vec![0], vec![0]]);
        let (a, b) = (w.instances[0].clone(), w.instances[1].clone());
        let vpc = w.vpc.clone();
        let subnet_b = w.subnets[1].clone();
        let acl = ok(&mut w.c, "CreateNetworkAcl", json!({"VpcId": vpc}))["NetworkAcl"]["NetworkAclId"].as_str().unwrap().to_string();
        let p = PORTS[port];
        ok(&mut w.c, "CreateNetworkAclEntry", json!({"NetworkAclId": acl, "RuleNumber": 100, "Protocol": "6", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": p, "To": p}}));
        let mut seen = std::collections::BTreeSet::new();
        for (n, from, len) in &outbound {
            // Outbound allows below the ephemeral port (never reaching 49152).
            let to = (from + len).min(49151);
            if seen.insert(*n) && *from <= to {
                ok(&mut w.c, "CreateNetworkAclEntry", json!({"NetworkAclId": acl, "RuleNumber": n, "Protocol": "6", "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": from, "To": to}}));
            }
        }
        let assoc = ok(&mut w.c, "DescribeNetworkAcls", json!({"Filters": [{"Name": "association.subnet-id", "Values": [subnet_b]}]}))["NetworkAcls"][0]["Associations"]
            .as_array().unwrap().iter().find(|x| x["SubnetId"] == json!(subnet_b)).unwrap()["NetworkAclAssociationId"].clone();
        ok(&mut w.c, "ReplaceNetworkAclAssociation", json!({"AssociationId": assoc, "NetworkAclId": acl}));
        {
            let reg = &w.c.world.regions[R];
            let v = reachability::evaluate(reg, &flow(&w, &a, &b, p as u16));
            let (i, _) = v.blocked.expect("the reply must be blocked");
            prop_assert_eq!(v.hops[i].direction, Direction::Return);
            prop_assert_eq!(v.hops[i].component, acl.as_str());
            prop_assert!(v.hops.iter().filter(|h| h.direction == Direction::Forward).all(|h| h.allowed), "the request itself passes");
        }
        ok(&mut w.c, "CreateNetworkAclEntry", json!({"NetworkAclId": acl, "RuleNumber": 1, "Protocol": "6", "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 1024, "To": 65535}}));
        let reg = &w.c.world.regions[R];
        prop_assert!(reachability::evaluate(reg, &flow(&w, &a, &b, p as u16)).allowed);
    }
}

/// Stateful is not symmetric: the reply to A→B passes, but B may not open a connection to A.
#[test]
fn a_reply_is_not_a_connection_the_other_way() {
    // g0 lets 3306 in from g1; g1 has no inbound rule.
    let w = build(2, &[(0, 3, 4)], &[], &[vec![0], vec![1]]);
    let reg = &w.c.world.regions[R];
    let (db, web) = (&w.instances[0], &w.instances[1]);
    assert!(reachability::evaluate(reg, &flow(&w, web, db, 3306)).allowed);
    assert!(!reachability::evaluate(reg, &flow(&w, db, web, 3306)).allowed);
}
