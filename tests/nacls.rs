//! Network ACLs through the door: defaults, custom ACLs, entries (create/replace/delete with
//! their refusals and quota), associations, describe filters.
use ec2lab::network::subnet::{self, NewSubnet};
use ec2lab::network::vpc::{self, NewVpc};
use ec2lab::{ApiError, Cloud};
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn ok(c: &mut Cloud, op: &str, p: Value) -> Value {
    c.call("ec2", R, op, p).unwrap_or_else(|e| panic!("{op}: {e}"))
}

fn err(c: &mut Cloud, op: &str, p: Value) -> ApiError {
    let before = format!("{:?}", c.world);
    let e = c.call("ec2", R, op, p).expect_err(op);
    assert_eq!(before, format!("{:?}", c.world), "{op} refused but changed the world");
    assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{op}: {} has no hints", e.code);
    e
}

/// A VPC with one subnet, built by the network model (independent of the VPC operations).
fn vpc_with_subnet(c: &mut Cloud) -> (String, String) {
    let w = &mut c.world;
    let reg = w.regions.get_mut(R).unwrap();
    let v = vpc::create(&mut reg.network, &mut w.rng, &NewVpc { cidr: Some("10.0.0.0/16"), tenancy: None }).unwrap();
    let s = subnet::create(&mut reg.network, reg.info, &mut w.rng, &NewSubnet { vpc_id: &v, cidr: Some("10.0.1.0/24"), az: Some("us-east-1a"), az_id: None })
        .unwrap();
    (v, s)
}

fn acls(c: &mut Cloud, filters: Value) -> Vec<Value> {
    ok(c, "DescribeNetworkAcls", json!({"Filters": filters}))["NetworkAcls"].as_array().unwrap().clone()
}

fn entry(acl: &str, n: i64, egress: bool, action: &str, from: i64, to: i64) -> Value {
    json!({"NetworkAclId": acl, "RuleNumber": n, "Protocol": "6", "RuleAction": action, "Egress": egress, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": from, "To": to}})
}

#[test]
fn every_vpc_has_a_default_acl_that_allows_all() {
    let mut c = Cloud::new(0);
    let (v, s) = vpc_with_subnet(&mut c);
    let found = acls(&mut c, json!([{"Name": "vpc-id", "Values": [v]}, {"Name": "default", "Values": ["true"]}]));
    assert_eq!(found.len(), 1);
    let a = &found[0];
    assert_eq!(a["Associations"][0]["SubnetId"], json!(s), "a new subnet uses the default ACL");
    let rules: Vec<(i64, bool, &str)> = a["Entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["RuleNumber"].as_i64().unwrap(), e["Egress"].as_bool().unwrap(), e["RuleAction"].as_str().unwrap()))
        .collect();
    assert_eq!(rules, vec![(100, true, "allow"), (32767, true, "deny"), (100, false, "allow"), (32767, false, "deny")]);
    insta::assert_json_snapshot!("default_acl", a);
    // The default VPC's subnets all use its default ACL.
    let dv = c.world.regions[R].network.default_vpc().unwrap().id.clone();
    let d = acls(&mut c, json!([{"Name": "vpc-id", "Values": [dv]}]));
    assert_eq!(d[0]["Associations"].as_array().unwrap().len(), 6);
    let e = err(&mut c, "DeleteNetworkAcl", json!({"NetworkAclId": a["NetworkAclId"]}));
    assert_eq!(e.code, "InvalidParameterValue");
    assert!(e.message.starts_with("cannot delete default network ACL"));
}

#[test]
fn a_custom_acl_denies_all_until_entries_are_added() {
    let mut c = Cloud::new(0);
    let (v, s) = vpc_with_subnet(&mut c);
    let r = ok(
        &mut c,
        "CreateNetworkAcl",
        json!({"VpcId": v, "TagSpecifications": [{"ResourceType": "network-acl", "Tags": [{"Key": "Name", "Value": "strict"}]}]}),
    );
    let acl = r["NetworkAcl"]["NetworkAclId"].as_str().unwrap().to_string();
    assert!(acl.starts_with("acl-"));
    assert_eq!(r["NetworkAcl"]["IsDefault"], false);
    assert_eq!(r["NetworkAcl"]["Entries"].as_array().unwrap().len(), 2, "only the two * rules");
    insta::assert_json_snapshot!("create_network_acl", r);
    ok(&mut c, "CreateNetworkAclEntry", entry(&acl, 100, false, "allow", 80, 80));
    ok(&mut c, "CreateNetworkAclEntry", entry(&acl, 90, false, "deny", 22, 22));
    ok(
        &mut c,
        "CreateNetworkAclEntry",
        json!({"NetworkAclId": acl, "RuleNumber": 120, "Protocol": "1", "RuleAction": "allow", "Egress": false, "CidrBlock": "10.0.0.0/8", "IcmpTypeCode": {"Type": 8, "Code": -1}}),
    );
    ok(
        &mut c,
        "CreateNetworkAclEntry",
        json!({"NetworkAclId": acl, "RuleNumber": 130, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "Ipv6CidrBlock": "::/0"}),
    );
    let a = &acls(&mut c, json!([{"Name": "network-acl-id", "Values": [acl]}]))[0];
    let numbers: Vec<i64> = a["Entries"].as_array().unwrap().iter().filter(|e| e["Egress"] == false).map(|e| e["RuleNumber"].as_i64().unwrap()).collect();
    assert_eq!(numbers, vec![90, 100, 120, 130, 32767], "evaluated lowest first");
    assert_eq!(a["Tags"][0]["Value"], "strict");
    // Filters on entries.
    assert_eq!(acls(&mut c, json!([{"Name": "entry.port-range.from", "Values": ["22"]}])).len(), 1);
    assert_eq!(acls(&mut c, json!([{"Name": "entry.rule-action", "Values": ["deny"]}, {"Name": "vpc-id", "Values": [v]}])).len(), 2);
    assert_eq!(acls(&mut c, json!([{"Name": "entry.protocol", "Values": ["icmp"]}])).len(), 1);
    // Move the subnet onto it.
    let assoc =
        acls(&mut c, json!([{"Name": "association.subnet-id", "Values": [s]}]))[0]["Associations"][0]["NetworkAclAssociationId"].as_str().unwrap().to_string();
    let new =
        ok(&mut c, "ReplaceNetworkAclAssociation", json!({"AssociationId": assoc, "NetworkAclId": acl}))["NewAssociationId"].as_str().unwrap().to_string();
    assert!(new.starts_with("aclassoc-") && new != assoc);
    assert_eq!(acls(&mut c, json!([{"Name": "association.subnet-id", "Values": [s]}]))[0]["NetworkAclId"], json!(acl));
    assert_eq!(err(&mut c, "ReplaceNetworkAclAssociation", json!({"AssociationId": assoc, "NetworkAclId": acl})).code, "InvalidAssociationID.NotFound");
    let e = err(&mut c, "DeleteNetworkAcl", json!({"NetworkAclId": acl}));
    assert_eq!((e.code.as_str(), e.message.clone()), ("DependencyViolation", format!("The networkAcl '{acl}' has dependencies and cannot be deleted.")));
    // Back to the default, then the custom ACL can go.
    let default = acls(&mut c, json!([{"Name": "vpc-id", "Values": [v]}, {"Name": "default", "Values": ["true"]}]))[0]["NetworkAclId"].clone();
    ok(&mut c, "ReplaceNetworkAclAssociation", json!({"AssociationId": new, "NetworkAclId": default}));
    ok(&mut c, "DeleteNetworkAcl", json!({"NetworkAclId": acl}));
    assert_eq!(err(&mut c, "DescribeNetworkAcls", json!({"NetworkAclIds": [acl]})).code, "InvalidNetworkAclID.NotFound");
}

#[test]
fn entries_replace_delete_and_refusals() {
    let mut c = Cloud::new(0);
    let (v, _) = vpc_with_subnet(&mut c);
    let acl = ok(&mut c, "CreateNetworkAcl", json!({"VpcId": v}))["NetworkAcl"]["NetworkAclId"].as_str().unwrap().to_string();
    ok(&mut c, "CreateNetworkAclEntry", entry(&acl, 100, false, "allow", 80, 80));
    let e = err(&mut c, "CreateNetworkAclEntry", entry(&acl, 100, false, "deny", 22, 22));
    assert_eq!((e.code.as_str(), e.message.as_str()), ("NetworkAclEntryAlreadyExists", "The network acl entry identified by 100 already exists."));
    // The same number in the other direction is another entry.
    ok(&mut c, "CreateNetworkAclEntry", entry(&acl, 100, true, "allow", 1024, 65535));
    ok(&mut c, "ReplaceNetworkAclEntry", entry(&acl, 100, false, "deny", 80, 80));
    let a = &acls(&mut c, json!([{"Name": "network-acl-id", "Values": [acl]}]))[0];
    assert!(a["Entries"].as_array().unwrap().iter().any(|e| e["RuleNumber"] == 100 && e["Egress"] == false && e["RuleAction"] == "deny"));
    assert_eq!(err(&mut c, "ReplaceNetworkAclEntry", entry(&acl, 101, false, "deny", 80, 80)).code, "InvalidNetworkAclEntry.NotFound");
    ok(&mut c, "DeleteNetworkAclEntry", json!({"NetworkAclId": acl, "RuleNumber": 100, "Egress": false}));
    assert_eq!(err(&mut c, "DeleteNetworkAclEntry", json!({"NetworkAclId": acl, "RuleNumber": 100, "Egress": false})).code, "InvalidNetworkAclEntry.NotFound");
    for (p, code) in [
        (entry(&acl, 0, false, "allow", 1, 1), "InvalidParameterValue"),
        (entry(&acl, 32767, false, "allow", 1, 1), "InvalidParameterValue"),
        (entry(&acl, 5, false, "maybe", 1, 1), "InvalidParameterValue"),
        (entry(&acl, 5, false, "allow", 9, 1), "InvalidParameterValue"),
        (json!({"NetworkAclId": acl, "RuleNumber": 5, "Protocol": "6", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"}), "MissingParameter"),
        (json!({"NetworkAclId": acl, "RuleNumber": 5, "Protocol": "1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"}), "MissingParameter"),
        (json!({"NetworkAclId": acl, "RuleNumber": 5, "Protocol": "-1", "RuleAction": "allow", "Egress": false}), "MissingParameter"),
        (
            json!({"NetworkAclId": acl, "RuleNumber": 5, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0", "Ipv6CidrBlock": "::/0"}),
            "InvalidParameterCombination",
        ),
        (
            json!({"NetworkAclId": acl, "RuleNumber": 5, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0"}),
            "InvalidParameterValue",
        ),
        (
            json!({"NetworkAclId": acl, "RuleNumber": 5, "Protocol": "999", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"}),
            "InvalidParameterValue",
        ),
        (entry("acl-0123456789abcdef0", 5, false, "allow", 1, 1), "InvalidNetworkAclID.NotFound"),
        (json!({"NetworkAclId": acl, "RuleNumber": 5, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}), "ParamValidation"),
    ] {
        assert_eq!(err(&mut c, "CreateNetworkAclEntry", p.clone()).code, code, "{p}");
    }
    assert_eq!(err(&mut c, "CreateNetworkAcl", json!({"VpcId": "vpc-0123456789abcdef0"})).code, "InvalidVpcID.NotFound");
}

#[test]
fn twenty_entries_per_direction() {
    let mut c = Cloud::new(0);
    let (v, _) = vpc_with_subnet(&mut c);
    let acl = ok(&mut c, "CreateNetworkAcl", json!({"VpcId": v}))["NetworkAcl"]["NetworkAclId"].as_str().unwrap().to_string();
    for n in 1..=20 {
        ok(&mut c, "CreateNetworkAclEntry", entry(&acl, n * 10, false, "allow", n, n));
    }
    let e = err(&mut c, "CreateNetworkAclEntry", entry(&acl, 500, false, "allow", 1, 1));
    assert_eq!(e.code, "NetworkAclEntryLimitExceeded");
    ok(&mut c, "CreateNetworkAclEntry", entry(&acl, 500, true, "allow", 1, 1));
}

#[test]
fn a_subnet_of_another_vpc_cannot_use_the_acl() {
    let mut c = Cloud::new(0);
    let (v, _) = vpc_with_subnet(&mut c);
    let acl = ok(&mut c, "CreateNetworkAcl", json!({"VpcId": v}))["NetworkAcl"]["NetworkAclId"].as_str().unwrap().to_string();
    let dv = c.world.regions[R].network.default_vpc().unwrap().id.clone();
    let assoc = acls(&mut c, json!([{"Name": "vpc-id", "Values": [dv]}]))[0]["Associations"][0]["NetworkAclAssociationId"].clone();
    assert_eq!(err(&mut c, "ReplaceNetworkAclAssociation", json!({"AssociationId": assoc, "NetworkAclId": acl})).code, "InvalidParameterValue");
    assert_eq!(err(&mut c, "DescribeNetworkAcls", json!({"Filters": [{"Name": "bogus", "Values": ["x"]}]})).code, "InvalidParameterValue");
}
