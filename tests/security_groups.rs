//! Security groups through the door: create/delete rules and refusals, authorize/revoke with
//! every peer kind and the legacy form, duplicates, quotas, describe filters, rule ids,
//! ModifySecurityGroupRules, ModifyInstanceAttribute(Groups) and RunInstances validation.
use ec2lab::network::vpc::{self, NewVpc};
use ec2lab::{ApiError, Cloud};
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn call(c: &mut Cloud, op: &str, p: Value) -> Result<Value, ApiError> {
    c.call("ec2", R, op, p)
}

fn ok(c: &mut Cloud, op: &str, p: Value) -> Value {
    call(c, op, p).unwrap_or_else(|e| panic!("{op}: {e}"))
}

fn err(c: &mut Cloud, op: &str, p: Value) -> ApiError {
    let before = format!("{:?}", c.world);
    let e = call(c, op, p).expect_err(op);
    assert_eq!(before, format!("{:?}", c.world), "{op} refused but changed the world");
    assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{op}: {} has no hints", e.code);
    e
}

fn default_vpc(c: &Cloud) -> String {
    c.world.regions[R].network.default_vpc().unwrap().id.clone()
}

/// A VPC of our own (built by the network model directly, so these tests do not depend on the VPC operations).
fn own_vpc(c: &mut Cloud) -> String {
    let w = &mut c.world;
    let reg = w.regions.get_mut(R).unwrap();
    vpc::create(&mut reg.network, &mut w.rng, &NewVpc { cidr: Some("10.0.0.0/16"), tenancy: None }).unwrap()
}

fn create(c: &mut Cloud, name: &str, vpc: Option<&str>) -> String {
    let mut p = json!({"GroupName": name, "Description": format!("{name} group")});
    if let Some(v) = vpc {
        p["VpcId"] = json!(v);
    }
    ok(c, "CreateSecurityGroup", p)["GroupId"].as_str().unwrap().to_string()
}

fn tcp(port: i64, cidr: &str) -> Value {
    json!([{"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": cidr}]}])
}

fn group(c: &mut Cloud, id: &str) -> Value {
    ok(c, "DescribeSecurityGroups", json!({"GroupIds": [id]}))["SecurityGroups"][0].clone()
}

fn image(c: &mut Cloud) -> Value {
    ok(c, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]}))["Images"][0]["ImageId"].clone()
}

#[test]
fn a_new_group_has_no_inbound_and_all_outbound() {
    let mut c = Cloud::new(0);
    let r = ok(
        &mut c,
        "CreateSecurityGroup",
        json!({"GroupName": "web", "Description": "web servers", "TagSpecifications": [{"ResourceType": "security-group", "Tags": [{"Key": "Name", "Value": "web"}]}]}),
    );
    let id = r["GroupId"].as_str().unwrap().to_string();
    assert!(id.starts_with("sg-") && id.len() == 20);
    assert!(r["SecurityGroupArn"].as_str().unwrap().ends_with(&format!(":security-group/{id}")));
    assert_eq!(r["Tags"][0]["Value"], "web");
    let g = group(&mut c, &id);
    assert_eq!(g["IpPermissions"], json!([]));
    assert_eq!(
        g["IpPermissionsEgress"],
        json!([{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}])
    );
    assert_eq!(g["VpcId"], json!(default_vpc(&c)));
    insta::assert_json_snapshot!("new_group", g);
}

#[test]
fn the_default_group_allows_all_from_itself_and_cannot_be_deleted() {
    let mut c = Cloud::new(0);
    let g = ok(&mut c, "DescribeSecurityGroups", json!({"GroupNames": ["default"]}))["SecurityGroups"][0].clone();
    let id = g["GroupId"].as_str().unwrap().to_string();
    assert_eq!(g["IpPermissions"][0]["IpProtocol"], "-1");
    assert_eq!(g["IpPermissions"][0]["UserIdGroupPairs"][0]["GroupId"], json!(id));
    assert_eq!(g["IpPermissionsEgress"][0]["IpRanges"][0]["CidrIp"], "0.0.0.0/0");
    insta::assert_json_snapshot!("default_group", g);
    let e = err(&mut c, "DeleteSecurityGroup", json!({"GroupId": id}));
    assert_eq!(e.code, "CannotDelete");
    assert_eq!(e.message, format!("the specified group: \"{id}\" name: \"default\" cannot be deleted by a user"));
}

#[test]
fn names_are_checked() {
    let mut c = Cloud::new(0);
    create(&mut c, "Web", None);
    let vpc = default_vpc(&c);
    let e = err(&mut c, "CreateSecurityGroup", json!({"GroupName": "web", "Description": "x"}));
    assert_eq!((e.code.as_str(), e.message.clone()), ("InvalidGroup.Duplicate", format!("The security group 'web' already exists for VPC '{vpc}'")));
    assert_eq!(err(&mut c, "CreateSecurityGroup", json!({"GroupName": "default", "Description": "x"})).code, "InvalidGroup.Duplicate");
    assert_eq!(err(&mut c, "CreateSecurityGroup", json!({"GroupName": "sg-web", "Description": "x"})).code, "InvalidParameterValue");
    assert_eq!(err(&mut c, "CreateSecurityGroup", json!({"GroupName": "", "Description": "x"})).code, "InvalidParameterValue");
    assert_eq!(err(&mut c, "CreateSecurityGroup", json!({"GroupName": "x".repeat(256), "Description": "x"})).code, "InvalidParameterValue");
    assert_eq!(err(&mut c, "CreateSecurityGroup", json!({"GroupName": "웹", "Description": "x"})).code, "InvalidParameterValue");
    assert_eq!(
        err(&mut c, "CreateSecurityGroup", json!({"GroupName": "a", "Description": "x", "VpcId": "vpc-0123456789abcdef0"})).code,
        "InvalidVpcID.NotFound"
    );
    assert_eq!(err(&mut c, "CreateSecurityGroup", json!({"GroupName": "a"})).code, "ParamValidation");
    assert_eq!(
        err(&mut c, "CreateSecurityGroup", json!({"GroupName": "a", "Description": "x", "TagSpecifications": [{"ResourceType": "instance", "Tags": []}]})).code,
        "InvalidParameterValue"
    );
    // The same name is fine in another VPC.
    let other = own_vpc(&mut c);
    create(&mut c, "web", Some(&other));
}

#[test]
fn authorize_every_peer_kind_and_describe_groups_them() {
    let mut c = Cloud::new(0);
    let web = create(&mut c, "web", None);
    let lb = create(&mut c, "lb", None);
    let r = ok(
        &mut c,
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": web, "IpPermissions": [
            {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "http"}, {"CidrIp": "10.1.2.3/8"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
            {"IpProtocol": "TCP", "FromPort": 8000, "ToPort": 8000, "UserIdGroupPairs": [{"GroupId": lb, "Description": "from the load balancer"}]},
            {"IpProtocol": "icmp", "FromPort": 8, "ToPort": -1, "IpRanges": [{"CidrIp": "203.0.113.10/32"}]},
            {"IpProtocol": "50", "IpRanges": [{"CidrIp": "198.51.100.0/24"}]},
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "PrefixListIds": [{"PrefixListId": "pl-63a5400a"}]}
        ]}),
    );
    assert_eq!(r["Return"], true);
    let rules = r["SecurityGroupRules"].as_array().unwrap();
    assert_eq!(rules.len(), 7);
    assert!(rules.iter().all(|x| x["SecurityGroupRuleId"].as_str().unwrap().starts_with("sgr-") && x["IsEgress"] == false && x["GroupId"] == json!(web)));
    // CIDRs are canonicalised, protocols normalised.
    assert_eq!(rules[1]["CidrIpv4"], "10.0.0.0/8");
    assert_eq!(rules[3]["IpProtocol"], "tcp");
    assert_eq!(rules[3]["ReferencedGroupInfo"]["GroupId"], json!(lb));
    assert_eq!((rules[5]["FromPort"].clone(), rules[5]["ToPort"].clone()), (json!(-1), json!(-1)), "protocol 50 opens all ports");
    let g = group(&mut c, &web);
    let perms = g["IpPermissions"].as_array().unwrap();
    assert_eq!(perms.len(), 5, "rules of the same protocol and ports are one IpPermission");
    assert_eq!(perms[0]["IpRanges"].as_array().unwrap().len(), 2);
    assert_eq!(perms[0]["Ipv6Ranges"][0]["CidrIpv6"], "::/0");
    insta::assert_json_snapshot!("web_group", g);
    insta::assert_json_snapshot!("authorize_response", r["SecurityGroupRules"][0]);
}

#[test]
fn authorize_refusals() {
    let mut c = Cloud::new(0);
    let web = create(&mut c, "web", None);
    ok(&mut c, "AuthorizeSecurityGroupIngress", json!({"GroupId": web, "IpPermissions": tcp(22, "0.0.0.0/0")}));
    let e = err(&mut c, "AuthorizeSecurityGroupIngress", json!({"GroupId": web, "IpPermissions": tcp(22, "0.0.0.0/0")}));
    assert_eq!(e.code, "InvalidPermission.Duplicate");
    assert_eq!(e.message, "the specified rule \"peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW\" already exists");
    // A description does not make a rule different; a duplicate inside one request is refused too.
    let dup = json!([{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "again"}]}]);
    assert_eq!(err(&mut c, "AuthorizeSecurityGroupIngress", json!({"GroupId": web, "IpPermissions": dup})).code, "InvalidPermission.Duplicate");
    let twice = json!([{"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "IpRanges": [{"CidrIp": "10.0.0.0/8"}, {"CidrIp": "10.0.0.0/8"}]}]);
    assert_eq!(err(&mut c, "AuthorizeSecurityGroupIngress", json!({"GroupId": web, "IpPermissions": twice})).code, "InvalidPermission.Duplicate");
    let all = json!([{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]);
    let e = err(&mut c, "AuthorizeSecurityGroupEgress", json!({"GroupId": web, "IpPermissions": all}));
    assert_eq!(e.message, "the specified rule \"peer: 0.0.0.0/0, ALL, ALLOW\" already exists");
    for (perm, code) in [
        (json!([{"IpProtocol": "tcp", "FromPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]), "InvalidParameterValue"),
        (json!([{"IpProtocol": "tcp", "FromPort": 90, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]), "InvalidParameterValue"),
        (json!([{"IpProtocol": "tcp", "FromPort": 0, "ToPort": 70000, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]), "InvalidParameterValue"),
        (json!([{"IpProtocol": "smtp", "FromPort": 25, "ToPort": 25, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]), "InvalidParameterValue"),
        (json!([{"IpProtocol": "icmp", "FromPort": 300, "ToPort": -1, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]), "InvalidParameterValue"),
        (json!([{"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "IpRanges": [{"CidrIp": "10.0.0.300/8"}]}]), "InvalidParameterValue"),
        (json!([{"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "IpRanges": [{"CidrIp": "10.0.0.1"}]}]), "InvalidParameterValue"),
        (json!([{"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "Ipv6Ranges": [{"CidrIpv6": "nope"}]}]), "InvalidParameterValue"),
        (json!([{"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "PrefixListIds": [{"PrefixListId": "x"}]}]), "InvalidPrefixListId.Malformed"),
        (json!([{"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "UserIdGroupPairs": [{"GroupId": "sg-0123456789abcdef0"}]}]), "InvalidGroup.NotFound"),
        (json!([{"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1}]), "MissingParameter"),
        (json!([{"FromPort": 1, "ToPort": 1, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]), "MissingParameter"),
        (json!([]), "MissingParameter"),
    ] {
        assert_eq!(err(&mut c, "AuthorizeSecurityGroupIngress", json!({"GroupId": web, "IpPermissions": perm})).code, code, "{perm}");
    }
    assert_eq!(
        err(&mut c, "AuthorizeSecurityGroupIngress", json!({"GroupId": "sg-0123456789abcdef0", "IpPermissions": tcp(1, "0.0.0.0/0")})).code,
        "InvalidGroup.NotFound"
    );
    assert_eq!(err(&mut c, "AuthorizeSecurityGroupIngress", json!({"GroupId": "web", "IpPermissions": tcp(1, "0.0.0.0/0")})).code, "InvalidGroupId.Malformed");
    assert_eq!(err(&mut c, "AuthorizeSecurityGroupIngress", json!({"IpPermissions": tcp(1, "0.0.0.0/0")})).code, "MissingParameter");
    assert_eq!(
        err(&mut c, "AuthorizeSecurityGroupEgress", json!({"GroupId": web, "CidrIp": "0.0.0.0/0", "IpProtocol": "tcp", "FromPort": 1, "ToPort": 1})).code,
        "InvalidParameterCombination"
    );
    assert_eq!(
        err(&mut c, "AuthorizeSecurityGroupIngress", json!({"GroupId": web, "CidrIp": "0.0.0.0/0", "IpPermissions": tcp(1, "0.0.0.0/0")})).code,
        "InvalidParameterCombination"
    );
    // A source group of another VPC.
    let other = own_vpc(&mut c);
    let far = create(&mut c, "far", Some(&other));
    let perm = json!([{"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "UserIdGroupPairs": [{"GroupId": far}]}]);
    assert_eq!(err(&mut c, "AuthorizeSecurityGroupIngress", json!({"GroupId": web, "IpPermissions": perm})).code, "InvalidGroup.NotFound");
}

#[test]
fn sixty_rules_per_direction() {
    let mut c = Cloud::new(0);
    let g = create(&mut c, "many", None);
    let ranges: Vec<Value> = (0..60).map(|i| json!({"CidrIp": format!("10.0.{i}.0/24")})).collect();
    ok(
        &mut c,
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": g, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": ranges}]}),
    );
    let e = err(&mut c, "AuthorizeSecurityGroupIngress", json!({"GroupId": g, "IpPermissions": tcp(81, "0.0.0.0/0")}));
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("RulesPerSecurityGroupLimitExceeded", "The maximum number of rules per security group has been reached.")
    );
    // IPv6 rules are counted separately.
    let v6 = json!([{"IpProtocol": "tcp", "FromPort": 81, "ToPort": 81, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}]);
    ok(&mut c, "AuthorizeSecurityGroupIngress", json!({"GroupId": g, "IpPermissions": v6}));
    // Egress has its own 60 (the default all-traffic rule is one of them).
    let ranges: Vec<Value> = (0..59).map(|i| json!({"CidrIp": format!("10.1.{i}.0/24")})).collect();
    ok(
        &mut c,
        "AuthorizeSecurityGroupEgress",
        json!({"GroupId": g, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": ranges}]}),
    );
    assert_eq!(
        err(&mut c, "AuthorizeSecurityGroupEgress", json!({"GroupId": g, "IpPermissions": tcp(444, "0.0.0.0/0")})).code,
        "RulesPerSecurityGroupLimitExceeded"
    );
}

#[test]
fn legacy_members_and_group_names_in_the_default_vpc() {
    let mut c = Cloud::new(0);
    let web = create(&mut c, "web", None);
    create(&mut c, "lb", None);
    ok(&mut c, "AuthorizeSecurityGroupIngress", json!({"GroupName": "web", "CidrIp": "203.0.113.10/32", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22}));
    ok(&mut c, "AuthorizeSecurityGroupIngress", json!({"GroupName": "web", "SourceSecurityGroupName": "lb"}));
    let g = group(&mut c, &web);
    assert_eq!(g["IpPermissions"][0]["IpRanges"][0]["CidrIp"], "203.0.113.10/32");
    assert_eq!(g["IpPermissions"][1]["IpProtocol"], "-1");
    assert_eq!(err(&mut c, "AuthorizeSecurityGroupIngress", json!({"GroupName": "web", "CidrIp": "0.0.0.0/0"})).code, "MissingParameter");
    ok(&mut c, "RevokeSecurityGroupIngress", json!({"GroupName": "web", "CidrIp": "203.0.113.10/32", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22}));
    assert_eq!(group(&mut c, &web)["IpPermissions"].as_array().unwrap().len(), 1);
    let e = err(&mut c, "DescribeSecurityGroups", json!({"GroupNames": ["nope"]}));
    assert_eq!(e.message, format!("The security group 'nope' does not exist in default VPC '{}'", default_vpc(&c)));
    // Names of groups in other VPCs are not found by name.
    let other = own_vpc(&mut c);
    create(&mut c, "elsewhere", Some(&other));
    assert_eq!(err(&mut c, "DescribeSecurityGroups", json!({"GroupNames": ["elsewhere"]})).code, "InvalidGroup.NotFound");
    assert_eq!(err(&mut c, "DeleteSecurityGroup", json!({"GroupName": "elsewhere"})).code, "InvalidGroup.NotFound");
    assert_eq!(err(&mut c, "DeleteSecurityGroup", json!({})).code, "MissingParameter");
}

#[test]
fn revoke_by_permission_and_by_rule_id() {
    let mut c = Cloud::new(0);
    let other = own_vpc(&mut c);
    let g = create(&mut c, "app", Some(&other));
    let r = ok(
        &mut c,
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": g, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/16"}, {"CidrIp": "10.9.0.0/16"}]}]}),
    );
    let first = r["SecurityGroupRules"][0]["SecurityGroupRuleId"].as_str().unwrap().to_string();
    // Not found in a VPC of our own: an error.
    let e = err(&mut c, "RevokeSecurityGroupIngress", json!({"GroupId": g, "IpPermissions": tcp(23, "10.0.0.0/16")}));
    assert_eq!((e.code.as_str(), e.message.as_str()), ("InvalidPermission.NotFound", "The specified rule does not exist in this security group."));
    assert_eq!(
        err(&mut c, "RevokeSecurityGroupIngress", json!({"GroupId": g, "SecurityGroupRuleIds": ["sgr-0123456789abcdef0"]})).code,
        "InvalidSecurityGroupRuleId.NotFound"
    );
    assert_eq!(
        err(&mut c, "RevokeSecurityGroupEgress", json!({"GroupId": g, "SecurityGroupRuleIds": [first]})).code,
        "InvalidSecurityGroupRuleId.NotFound",
        "an ingress rule id is not an egress rule"
    );
    assert_eq!(
        err(&mut c, "RevokeSecurityGroupIngress", json!({"GroupId": g, "SecurityGroupRuleIds": [first], "IpPermissions": tcp(22, "10.0.0.0/16")})).code,
        "InvalidParameterCombination"
    );
    let r = ok(&mut c, "RevokeSecurityGroupIngress", json!({"GroupId": g, "SecurityGroupRuleIds": [first]}));
    assert_eq!(r["RevokedSecurityGroupRules"][0]["SecurityGroupRuleId"], json!(first));
    insta::assert_json_snapshot!("revoke_response", r);
    // By permission: protocol, ports and peer must match (the description does not matter).
    ok(
        &mut c,
        "RevokeSecurityGroupIngress",
        json!({"GroupId": g, "IpPermissions": [{"IpProtocol": "6", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.9.0.0/16", "Description": "whatever"}]}]}),
    );
    assert_eq!(group(&mut c, &g)["IpPermissions"], json!([]));
}

#[test]
fn revoking_a_missing_rule_in_the_default_vpc_is_silent() {
    let mut c = Cloud::new(0);
    let g = create(&mut c, "web", None);
    let r = ok(&mut c, "RevokeSecurityGroupIngress", json!({"GroupId": g, "IpPermissions": tcp(22, "0.0.0.0/0")}));
    assert_eq!(r["Return"], true);
    assert_eq!(r["UnknownIpPermissions"][0]["FromPort"], 22);
    assert_eq!(r["RevokedSecurityGroupRules"], json!([]));
}

#[test]
fn egress_rules_can_be_narrowed() {
    let mut c = Cloud::new(0);
    let g = create(&mut c, "locked", None);
    ok(&mut c, "RevokeSecurityGroupEgress", json!({"GroupId": g, "IpPermissions": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}));
    ok(&mut c, "AuthorizeSecurityGroupEgress", json!({"GroupId": g, "IpPermissions": tcp(443, "0.0.0.0/0")}));
    let egress = group(&mut c, &g)["IpPermissionsEgress"].clone();
    assert_eq!(egress.as_array().unwrap().len(), 1);
    assert_eq!(egress[0]["FromPort"], 443);
    assert_eq!(err(&mut c, "AuthorizeSecurityGroupEgress", json!({"IpPermissions": tcp(443, "0.0.0.0/0")})).code, "MissingParameter");
}

#[test]
fn describe_filters_and_rules() {
    let mut c = Cloud::new(0);
    let web = create(&mut c, "web", None);
    let db = create(&mut c, "db", None);
    ok(&mut c, "AuthorizeSecurityGroupIngress", json!({"GroupId": web, "IpPermissions": tcp(80, "0.0.0.0/0")}));
    ok(
        &mut c,
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": db, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "UserIdGroupPairs": [{"GroupId": web}]}]}),
    );
    ok(&mut c, "CreateTags", json!({"Resources": [db], "Tags": [{"Key": "tier", "Value": "data"}]}));
    let ids = |v: Value| -> Vec<String> { v["SecurityGroups"].as_array().unwrap().iter().map(|g| g["GroupId"].as_str().unwrap().to_string()).collect() };
    let f = |name: &str, value: &str| json!({"Filters": [{"Name": name, "Values": [value]}]});
    assert_eq!(ids(ok(&mut c, "DescribeSecurityGroups", f("group-name", "web"))), vec![web.clone()]);
    assert_eq!(ids(ok(&mut c, "DescribeSecurityGroups", f("ip-permission.from-port", "3306"))), vec![db.clone()]);
    assert_eq!(ids(ok(&mut c, "DescribeSecurityGroups", f("ip-permission.group-id", &web))), vec![db.clone()]);
    assert_eq!(ids(ok(&mut c, "DescribeSecurityGroups", f("ip-permission.cidr", "0.0.0.0/0"))), vec![web.clone()]);
    assert_eq!(ids(ok(&mut c, "DescribeSecurityGroups", f("tag:tier", "data"))), vec![db.clone()]);
    let vpc = default_vpc(&c);
    assert_eq!(ids(ok(&mut c, "DescribeSecurityGroups", f("vpc-id", &vpc))).len(), 3);
    assert_eq!(ids(ok(&mut c, "DescribeSecurityGroups", f("egress.ip-permission.protocol", "-1"))).len(), 3);
    assert_eq!(err(&mut c, "DescribeSecurityGroups", f("colour", "red")).code, "InvalidParameterValue");
    assert_eq!(err(&mut c, "DescribeSecurityGroups", json!({"GroupIds": ["sg-0123456789abcdef0"]})).code, "InvalidGroup.NotFound");
    let page = ok(&mut c, "DescribeSecurityGroups", json!({"MaxResults": 5}));
    assert!(page.get("NextToken").is_none() || page["SecurityGroups"].as_array().unwrap().len() == 5);
    let rules = ok(&mut c, "DescribeSecurityGroupRules", json!({"Filters": [{"Name": "group-id", "Values": [db]}]}))["SecurityGroupRules"].clone();
    assert_eq!(rules.as_array().unwrap().len(), 2, "one inbound, one outbound");
    insta::assert_json_snapshot!("describe_rules", rules);
    let rid = rules[0]["SecurityGroupRuleId"].as_str().unwrap().to_string();
    // Rules take tags of their own.
    ok(&mut c, "CreateTags", json!({"Resources": [rid], "Tags": [{"Key": "why", "Value": "web tier"}]}));
    let tagged = ok(&mut c, "DescribeSecurityGroupRules", json!({"Filters": [{"Name": "tag:why", "Values": ["web tier"]}]}))["SecurityGroupRules"].clone();
    assert_eq!(tagged[0]["SecurityGroupRuleId"], json!(rid));
    assert_eq!(ok(&mut c, "DescribeTags", json!({"Filters": [{"Name": "resource-id", "Values": [rid]}]}))["Tags"][0]["ResourceType"], "security-group-rule");
    let one = ok(&mut c, "DescribeSecurityGroupRules", json!({"SecurityGroupRuleIds": [rid]}));
    assert_eq!(one["SecurityGroupRules"].as_array().unwrap().len(), 1);
    assert_eq!(
        err(&mut c, "DescribeSecurityGroupRules", json!({"SecurityGroupRuleIds": ["sgr-0123456789abcdef0"]})).code,
        "InvalidSecurityGroupRuleId.NotFound"
    );
    assert_eq!(err(&mut c, "DescribeSecurityGroupRules", f("vpc-id", &vpc)).code, "InvalidParameterValue");
}

#[test]
fn modify_rules_in_place() {
    let mut c = Cloud::new(0);
    let g = create(&mut c, "web", None);
    let r = ok(&mut c, "AuthorizeSecurityGroupIngress", json!({"GroupId": g, "IpPermissions": tcp(22, "0.0.0.0/0")}));
    let rid = r["SecurityGroupRules"][0]["SecurityGroupRuleId"].as_str().unwrap().to_string();
    ok(
        &mut c,
        "ModifySecurityGroupRules",
        json!({"GroupId": g, "SecurityGroupRules": [{"SecurityGroupRuleId": rid, "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIpv4": "203.0.113.10/32", "Description": "my laptop"}}]}),
    );
    let rule = ok(&mut c, "DescribeSecurityGroupRules", json!({"SecurityGroupRuleIds": [rid]}))["SecurityGroupRules"][0].clone();
    assert_eq!((rule["CidrIpv4"].clone(), rule["Description"].clone()), (json!("203.0.113.10/32"), json!("my laptop")));
    let both = json!({"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "CidrIpv4": "0.0.0.0/0", "CidrIpv6": "::/0"});
    assert_eq!(
        err(&mut c, "ModifySecurityGroupRules", json!({"GroupId": g, "SecurityGroupRules": [{"SecurityGroupRuleId": rid, "SecurityGroupRule": both}]})).code,
        "InvalidParameterCombination"
    );
    let fine = json!({"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "CidrIpv4": "0.0.0.0/0"});
    assert_eq!(
        err(
            &mut c,
            "ModifySecurityGroupRules",
            json!({"GroupId": g, "SecurityGroupRules": [{"SecurityGroupRuleId": "sgr-0123456789abcdef0", "SecurityGroupRule": fine}]})
        )
        .code,
        "InvalidSecurityGroupRuleId.NotFound"
    );
}

#[test]
fn delete_refuses_groups_in_use_or_referenced() {
    let mut c = Cloud::new(0);
    let web = create(&mut c, "web", None);
    let db = create(&mut c, "db", None);
    ok(
        &mut c,
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": db, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "UserIdGroupPairs": [{"GroupId": web}]}]}),
    );
    let e = err(&mut c, "DeleteSecurityGroup", json!({"GroupId": web}));
    assert_eq!((e.code.as_str(), e.message.clone()), ("DependencyViolation", format!("resource {web} has a dependent object")));
    let img = image(&mut c);
    let i = ok(&mut c, "RunInstances", json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "SecurityGroupIds": [db]}))
        ["Instances"][0]["InstanceId"]
        .clone();
    assert_eq!(err(&mut c, "DeleteSecurityGroup", json!({"GroupId": db})).code, "DependencyViolation");
    ok(&mut c, "TerminateInstances", json!({"InstanceIds": [i]}));
    c.advance(600_000);
    let r = ok(&mut c, "DeleteSecurityGroup", json!({"GroupId": db}));
    assert_eq!((r["Return"].clone(), r["GroupId"].clone()), (json!(true), json!(db)));
    ok(&mut c, "DeleteSecurityGroup", json!({"GroupId": web}));
    assert_eq!(err(&mut c, "DeleteSecurityGroup", json!({"GroupId": web})).code, "InvalidGroup.NotFound");
}

#[test]
fn run_instances_validates_groups() {
    let mut c = Cloud::new(0);
    let img = image(&mut c);
    let web = create(&mut c, "web", None);
    let run = |c: &mut Cloud, extra: Value| {
        let mut p = json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1});
        for (k, v) in extra.as_object().unwrap() {
            p[k] = v.clone();
        }
        call(c, "RunInstances", p)
    };
    let i = run(&mut c, json!({"SecurityGroups": ["web"]})).unwrap();
    assert_eq!(i["Instances"][0]["SecurityGroups"][0]["GroupId"], json!(web));
    let i = run(&mut c, json!({})).unwrap();
    assert_eq!(i["Instances"][0]["SecurityGroups"][0]["GroupName"], "default");
    assert_eq!(run(&mut c, json!({"SecurityGroupIds": ["sg-0123456789abcdef0"]})).unwrap_err().code, "InvalidGroup.NotFound");
    assert_eq!(run(&mut c, json!({"SecurityGroups": ["nope"]})).unwrap_err().code, "InvalidGroup.NotFound");
    let many: Vec<String> = (0..6).map(|k| create(&mut c, &format!("g{k}"), None)).collect();
    assert_eq!(run(&mut c, json!({"SecurityGroupIds": many})).unwrap_err().code, "SecurityGroupsPerInterfaceLimitExceeded");
    let other = own_vpc(&mut c);
    let far = create(&mut c, "far", Some(&other));
    let e = run(&mut c, json!({"SecurityGroupIds": [far]})).unwrap_err();
    assert_eq!(e.code, "InvalidParameter");
    assert!(e.message.contains("belong to different networks"), "{}", e.message);
}

#[test]
fn modify_instance_attribute_groups() {
    let mut c = Cloud::new(0);
    let img = image(&mut c);
    let web = create(&mut c, "web", None);
    let ssh = create(&mut c, "ssh", None);
    let id =
        ok(&mut c, "RunInstances", json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1}))["Instances"][0]["InstanceId"].clone();
    ok(&mut c, "ModifyInstanceAttribute", json!({"InstanceId": id, "Groups": [web, ssh]}));
    let a = ok(&mut c, "DescribeInstanceAttribute", json!({"InstanceId": id, "Attribute": "groupSet"}));
    let got: Vec<&str> = a["Groups"].as_array().unwrap().iter().map(|g| g["GroupId"].as_str().unwrap()).collect();
    assert_eq!(got, vec![web.as_str(), ssh.as_str()]);
    assert_eq!(err(&mut c, "ModifyInstanceAttribute", json!({"InstanceId": id, "Groups": []})).code, "MissingParameter");
    assert_eq!(err(&mut c, "ModifyInstanceAttribute", json!({"InstanceId": id, "Groups": ["sg-0123456789abcdef0"]})).code, "InvalidGroup.NotFound");
    let other = own_vpc(&mut c);
    let far = create(&mut c, "far", Some(&other));
    assert_eq!(err(&mut c, "ModifyInstanceAttribute", json!({"InstanceId": id, "Groups": [far]})).code, "InvalidGroup.NotFound");
}

#[test]
fn dry_run_checks_without_changing() {
    let mut c = Cloud::new(0);
    let e = err(&mut c, "CreateSecurityGroup", json!({"GroupName": "web", "Description": "x", "DryRun": true}));
    assert_eq!(e.code, "DryRunOperation");
    assert_eq!(err(&mut c, "CreateSecurityGroup", json!({"GroupName": "sg-x", "Description": "x", "DryRun": true})).code, "InvalidParameterValue");
}
