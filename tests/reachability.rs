//! Reachability (`CanConnect`): the notes' scenario (a web server in a public subnet, a
//! database in a private one, a NAT gateway) and every blocking component.
use ec2lab::network::route_table::{self, TargetSpec};
use ec2lab::network::{elastic_ip, internet_gateway, nat_gateway, subnet, vpc};
use ec2lab::{ApiError, Cloud};
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn ok(c: &mut Cloud, op: &str, p: Value) -> Value {
    c.call("ec2", R, op, p).unwrap_or_else(|e| panic!("{op}: {e}"))
}

fn can(c: &mut Cloud, src: &str, dst: &str, port: i64) -> Value {
    c.call("ec2lab", R, "CanConnect", json!({"Source": src, "Destination": dst, "Port": port})).unwrap()
}

fn can_p(c: &mut Cloud, p: Value) -> Result<Value, ApiError> {
    c.call("ec2lab", R, "CanConnect", p)
}

/// `(kind, component, verdict)` of the blocking hop, and the reason.
fn blocked(v: &Value) -> (String, String, String) {
    assert_eq!(v["Allowed"], false, "{v:#}");
    let b = &v["BlockedAt"];
    assert!(!v["HintEn"].as_str().unwrap().is_empty() && !v["HintKo"].as_str().unwrap().is_empty());
    (b["Kind"].as_str().unwrap().into(), b["ComponentId"].as_str().unwrap().into(), b["Reason"].as_str().unwrap().into())
}

fn allowed(v: &Value) {
    assert_eq!(v["Allowed"], true, "{v:#}");
    assert!(v.get("BlockedAt").is_none());
}

/// The network of the notes, built with the network model's own functions.
struct Lab {
    c: Cloud,
    vpc: String,
    public: String,
    #[allow(dead_code)]
    private: String,
    igw: String,
    main_rtb: String,
    web_sg: String,
    db_sg: String,
    web: String,
    db: String,
    web_eip: String,
}

fn sg(c: &mut Cloud, name: &str, vpc: &str) -> String {
    ok(c, "CreateSecurityGroup", json!({"GroupName": name, "Description": name, "VpcId": vpc}))["GroupId"].as_str().unwrap().to_string()
}

fn tcp_from(c: &mut Cloud, group: &str, port: i64, cidr: &str) {
    ok(
        c,
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": group, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": cidr}]}]}),
    );
}

fn launch(c: &mut Cloud, subnet: &str, group: &str) -> String {
    let img = ok(c, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]}))["Images"][0]["ImageId"].clone();
    ok(c, "RunInstances", json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "SubnetId": subnet, "SecurityGroupIds": [group]}))
        ["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap()
        .to_string()
}

fn eip_for(c: &mut Cloud, instance: &str) -> String {
    let w = &mut c.world;
    let reg = w.regions.get_mut(R).unwrap();
    let alloc = elastic_ip::allocate(&mut reg.network, reg.info, &mut w.rng, Some("vpc")).unwrap();
    let spec = elastic_ip::AssociateSpec {
        allocation_id: Some(&alloc),
        public_ip: None,
        instance_id: Some(instance),
        eni_id: None,
        private_ip: None,
        allow_reassociation: true,
    };
    elastic_ip::associate(reg, &mut w.rng, &spec).unwrap();
    ec2lab::network::format_ip(reg.network.elastic_ips[&alloc].public_ip)
}

impl Lab {
    fn new() -> Lab {
        let mut c = Cloud::new(7);
        let (vpc_id, public, private, igw, main_rtb) = {
            let w = &mut c.world;
            let reg = w.regions.get_mut(R).unwrap();
            let v = vpc::create(&mut reg.network, &mut w.rng, &vpc::NewVpc { cidr: Some("10.0.0.0/16"), tenancy: None }).unwrap();
            let public = subnet::create(
                &mut reg.network,
                reg.info,
                &mut w.rng,
                &subnet::NewSubnet { vpc_id: &v, cidr: Some("10.0.1.0/24"), az: Some("us-east-1a"), az_id: None },
            )
            .unwrap();
            let private = subnet::create(
                &mut reg.network,
                reg.info,
                &mut w.rng,
                &subnet::NewSubnet { vpc_id: &v, cidr: Some("10.0.2.0/24"), az: Some("us-east-1b"), az_id: None },
            )
            .unwrap();
            let igw = internet_gateway::create(&mut reg.network, &mut w.rng).unwrap();
            internet_gateway::attach(&mut reg.network, &igw, &v).unwrap();
            let main_rtb = reg.network.main_route_table(&v).unwrap().id.clone();
            let rtb = route_table::create(&mut reg.network, &mut w.rng, &v).unwrap();
            let to_igw = TargetSpec { gateway_id: Some(&igw), nat_gateway_id: None, network_interface_id: None, instance_id: None, local_target: false };
            route_table::create_route(reg, &rtb, Some("0.0.0.0/0"), &to_igw).unwrap();
            route_table::associate(&mut reg.network, &mut w.rng, &rtb, &public).unwrap();
            (v, public, private, igw, main_rtb)
        };
        let web_sg = sg(&mut c, "web-sg", &vpc_id);
        tcp_from(&mut c, &web_sg, 80, "0.0.0.0/0");
        tcp_from(&mut c, &web_sg, 22, "0.0.0.0/0");
        let db_sg = sg(&mut c, "db-sg", &vpc_id);
        ok(
            &mut c,
            "AuthorizeSecurityGroupIngress",
            json!({"GroupId": db_sg, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "UserIdGroupPairs": [{"GroupId": web_sg}]}]}),
        );
        let web = launch(&mut c, &public, &web_sg);
        let db = launch(&mut c, &private, &db_sg);
        let web_eip = eip_for(&mut c, &web);
        c.advance(300_000);
        Lab { c, vpc: vpc_id, public, private, igw, main_rtb, web_sg, db_sg, web, db, web_eip }
    }

    fn add_nat(&mut self) -> String {
        let w = &mut self.c.world;
        let reg = w.regions.get_mut(R).unwrap();
        let alloc = elastic_ip::allocate(&mut reg.network, reg.info, &mut w.rng, Some("vpc")).unwrap();
        let nat = nat_gateway::create(
            w,
            R,
            &nat_gateway::NewNat { subnet_id: Some(&self.public), allocation_id: Some(&alloc), connectivity: None, private_ip: None },
        )
        .unwrap();
        self.c.advance(600_000);
        let w = &mut self.c.world;
        let reg = w.regions.get_mut(R).unwrap();
        let to_nat = TargetSpec { gateway_id: None, nat_gateway_id: Some(&nat), network_interface_id: None, instance_id: None, local_target: false };
        route_table::create_route(reg, &self.main_rtb, Some("0.0.0.0/0"), &to_nat).unwrap();
        nat
    }

    fn acl_of(&mut self, subnet: &str) -> (String, String) {
        let a = ok(&mut self.c, "DescribeNetworkAcls", json!({"Filters": [{"Name": "association.subnet-id", "Values": [subnet]}]}))["NetworkAcls"][0].clone();
        let assoc = a["Associations"].as_array().unwrap().iter().find(|x| x["SubnetId"] == json!(subnet)).unwrap()["NetworkAclAssociationId"]
            .as_str()
            .unwrap()
            .to_string();
        (a["NetworkAclId"].as_str().unwrap().to_string(), assoc)
    }

    /// A custom ACL on `subnet` with the given entries `(number, egress, action, from, to)` (tcp, 0.0.0.0/0).
    fn custom_acl(&mut self, subnet: &str, entries: &[(i64, bool, &str, i64, i64)]) -> String {
        let acl = ok(&mut self.c, "CreateNetworkAcl", json!({"VpcId": self.vpc}))["NetworkAcl"]["NetworkAclId"].as_str().unwrap().to_string();
        for (n, egress, action, from, to) in entries {
            ok(
                &mut self.c,
                "CreateNetworkAclEntry",
                json!({"NetworkAclId": acl, "RuleNumber": n, "Protocol": "6", "RuleAction": action, "Egress": egress, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": from, "To": to}}),
            );
        }
        let (_, assoc) = self.acl_of(subnet);
        ok(&mut self.c, "ReplaceNetworkAclAssociation", json!({"AssociationId": assoc, "NetworkAclId": acl}));
        acl
    }
}

#[test]
fn the_web_server_is_reachable_from_the_internet_on_80_and_22() {
    let mut l = Lab::new();
    let web = l.web.clone();
    let v = can(&mut l.c, "internet", &web, 80);
    allowed(&v);
    let kinds: Vec<(&str, &str)> = v["Hops"].as_array().unwrap().iter().map(|h| (h["Direction"].as_str().unwrap(), h["Kind"].as_str().unwrap())).collect();
    assert_eq!(
        kinds,
        vec![
            ("forward", "internet"),
            ("forward", "internet-gateway"),
            ("forward", "route-table"),
            ("forward", "network-acl-inbound"),
            ("forward", "security-group-ingress"),
            ("forward", "instance"),
            ("return", "security-group-egress"),
            ("return", "network-acl-outbound"),
            ("return", "internet-gateway"),
        ]
    );
    assert_eq!(v["Hops"][4]["ComponentId"], json!(l.web_sg));
    assert!(v["Hops"][4]["Rule"].as_str().unwrap().starts_with("inbound tcp 80 from 0.0.0.0/0 (sgr-"));
    assert_eq!(v["Hops"][6]["Rule"], "stateful: return traffic allowed");
    assert_eq!(v["Hops"][3]["Rule"], "100 ALLOW all 0.0.0.0/0");
    assert_eq!(v["Source"]["Ip"], "198.51.100.23");
    insta::assert_json_snapshot!("internet_to_web_80", v);
    allowed(&can(&mut l.c, "internet", &web, 22));
    allowed(&can(&mut l.c, "my_ip", &web, 22));
    allowed(&can(&mut l.c, &l.igw.clone(), &web, 22));
    // Not 443: no rule.
    let v = can(&mut l.c, "internet", &web, 443);
    assert_eq!(blocked(&v), ("security-group-ingress".into(), l.web_sg.clone(), "security-group-ingress".into()));
    assert_eq!(v["BlockedAt"]["ExplanationCode"], "ENI_SG_RULES_MISMATCH");
    insta::assert_json_snapshot!("internet_to_web_443", v);
}

#[test]
fn the_database_is_reachable_from_the_web_server_through_its_group() {
    let mut l = Lab::new();
    let (web, db) = (l.web.clone(), l.db.clone());
    let v = can(&mut l.c, &web, &db, 3306);
    allowed(&v);
    let sg_hop = v["Hops"].as_array().unwrap().iter().find(|h| h["Kind"] == "security-group-ingress").unwrap();
    assert!(sg_hop["Rule"].as_str().unwrap().contains(&format!("from security group {}", l.web_sg)), "{sg_hop}");
    // Different subnets: both ACLs are crossed, both ways.
    let acl_hops = v["Hops"].as_array().unwrap().iter().filter(|h| h["Kind"].as_str().unwrap().starts_with("network-acl")).count();
    assert_eq!(acl_hops, 4);
    insta::assert_json_snapshot!("web_to_db_3306", v);
    // Not from the internet: the database has no public address.
    let v = can(&mut l.c, "internet", &db, 3306);
    assert_eq!(blocked(&v).2, "no-public-ip");
    assert_eq!(v["BlockedAt"]["ExplanationCode"], "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS");
    // Not from another instance that is not in web-sg.
    let other_sg = sg(&mut l.c, "other", &l.vpc.clone());
    let other = launch(&mut l.c, &l.public.clone(), &other_sg);
    l.c.advance(300_000);
    let v = can(&mut l.c, &other, &db, 3306);
    assert_eq!(blocked(&v), ("security-group-ingress".into(), l.db_sg.clone(), "security-group-ingress".into()));
}

#[test]
fn the_database_reaches_the_internet_only_through_a_nat_gateway() {
    let mut l = Lab::new();
    let db = l.db.clone();
    let v = can(&mut l.c, &db, "internet", 443);
    assert_eq!(blocked(&v), ("route-table".into(), l.main_rtb.clone(), "no-route".into()));
    assert_eq!(v["BlockedAt"]["ExplanationCode"], "NO_ROUTE_TO_DESTINATION");
    let nat = l.add_nat();
    let v = can(&mut l.c, &db, "internet", 443);
    allowed(&v);
    assert!(v["Hops"].as_array().unwrap().iter().any(|h| h["Kind"] == "nat-gateway" && h["ComponentId"] == json!(nat)));
    let nat_ip = {
        let net = &l.c.world.regions[R].network;
        let alloc = net.nat_gateways[&nat].allocation_id.clone().unwrap();
        ec2lab::network::format_ip(net.elastic_ips[&alloc].public_ip)
    };
    assert_eq!(v["SeenSourceIp"], json!(nat_ip), "the internet sees the NAT gateway's Elastic IP");
    insta::assert_json_snapshot!("db_to_internet_via_nat", v);
    // The NAT does not let the internet in.
    assert_eq!(blocked(&can(&mut l.c, "internet", &db, 3306)).2, "no-public-ip");
}

#[test]
fn an_instance_without_a_public_ip_cannot_use_the_internet_gateway() {
    let mut l = Lab::new();
    let sg = l.web_sg.clone();
    let bare = launch(&mut l.c, &l.public.clone(), &sg);
    l.c.advance(300_000);
    let v = can(&mut l.c, &bare, "internet", 443);
    assert_eq!(blocked(&v), ("internet-gateway".into(), l.igw.clone(), "no-public-ip".into()));
    assert_eq!(blocked(&can(&mut l.c, "internet", &bare, 80)).2, "no-public-ip");
}

#[test]
fn a_public_ip_in_a_private_subnet_is_not_enough() {
    let mut l = Lab::new();
    let db = l.db.clone();
    eip_for(&mut l.c, &db);
    let v = can(&mut l.c, "internet", &db, 3306);
    assert_eq!(blocked(&v), ("route-table".into(), l.main_rtb.clone(), "not-a-public-subnet".into()));
}

#[test]
fn a_stopped_instance_answers_nothing() {
    let mut l = Lab::new();
    let web = l.web.clone();
    ok(&mut l.c, "StopInstances", json!({"InstanceIds": [web]}));
    l.c.advance(600_000);
    let v = can(&mut l.c, "internet", &web, 80);
    assert_eq!(blocked(&v), ("instance".into(), web.clone(), "instance-not-running".into()));
    assert_eq!(v["BlockedAt"]["ExplanationCode"], "BAD_STATE");
    let db = l.db.clone();
    assert_eq!(blocked(&can(&mut l.c, &web, &db, 3306)).2, "instance-not-running");
}

#[test]
fn a_nacl_deny_rule_blocks_and_names_its_number() {
    let mut l = Lab::new();
    let (acl, _) = l.acl_of(&l.public.clone());
    ok(
        &mut l.c,
        "CreateNetworkAclEntry",
        json!({"NetworkAclId": acl, "RuleNumber": 50, "Protocol": "6", "RuleAction": "deny", "Egress": false, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 22, "To": 22}}),
    );
    let web = l.web.clone();
    let v = can(&mut l.c, "internet", &web, 22);
    assert_eq!(blocked(&v), ("network-acl-inbound".into(), acl.clone(), "network-acl-deny".into()));
    assert_eq!(v["BlockedAt"]["ExplanationCode"], "SUBNET_ACL_RESTRICTION");
    assert!(v["HintEn"].as_str().unwrap().contains("50 DENY tcp 22-22"), "{}", v["HintEn"]);
    allowed(&can(&mut l.c, "internet", &web, 80));
}

#[test]
fn a_nacl_without_ephemeral_rules_blocks_the_reply() {
    let mut l = Lab::new();
    let public = l.public.clone();
    let acl = l.custom_acl(&public, &[(100, false, "allow", 80, 80), (100, true, "allow", 80, 80)]);
    let web = l.web.clone();
    let v = can(&mut l.c, "internet", &web, 80);
    assert_eq!(blocked(&v), ("network-acl-outbound".into(), acl.clone(), "network-acl-return".into()));
    assert_eq!(v["BlockedAt"]["Direction"], "return");
    assert!(v["HintEn"].as_str().unwrap().contains("stateless"));
    insta::assert_json_snapshot!("reply_blocked_by_nacl", v);
    // The ephemeral range fixes it.
    ok(
        &mut l.c,
        "CreateNetworkAclEntry",
        json!({"NetworkAclId": acl, "RuleNumber": 110, "Protocol": "6", "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 1024, "To": 65535}}),
    );
    allowed(&can(&mut l.c, "internet", &web, 80));
    // Still nothing on 22: the custom ACL's * rule denies it.
    let v = can(&mut l.c, "internet", &web, 22);
    assert_eq!(blocked(&v).2, "network-acl-no-allow");
    // A security group is stateful: no outbound rule is needed for the reply.
    let egress = ok(&mut l.c, "DescribeSecurityGroupRules", json!({"Filters": [{"Name": "group-id", "Values": [l.web_sg.clone()]}]}))["SecurityGroupRules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["IsEgress"] == true)
        .map(|r| r["SecurityGroupRuleId"].clone())
        .collect::<Vec<_>>();
    ok(&mut l.c, "RevokeSecurityGroupEgress", json!({"GroupId": l.web_sg.clone(), "SecurityGroupRuleIds": egress}));
    allowed(&can(&mut l.c, "internet", &web, 80));
    // ...but outbound traffic the instance starts is now blocked by its group.
    let v = can(&mut l.c, &web, "internet", 443);
    assert_eq!(blocked(&v), ("security-group-egress".into(), l.web_sg.clone(), "security-group-egress".into()));
}

#[test]
fn same_subnet_traffic_does_not_cross_the_acl() {
    let mut l = Lab::new();
    let public = l.public.clone();
    l.custom_acl(&public, &[]);
    let sg = l.web_sg.clone();
    let other = launch(&mut l.c, &public, &sg);
    l.c.advance(300_000);
    let web = l.web.clone();
    let v = can(&mut l.c, &other, &web, 80);
    allowed(&v);
    assert!(!v["Hops"].as_array().unwrap().iter().any(|h| h["Kind"].as_str().unwrap().starts_with("network-acl")));
}

#[test]
fn a_detached_gateway_leaves_a_blackhole_and_no_way_in() {
    let mut l = Lab::new();
    {
        // Gateways detach only once no public address depends on them.
        let w = &mut l.c.world;
        let reg = w.regions.get_mut(R).unwrap();
        elastic_ip::disassociate(reg, &mut w.rng, None, Some(&l.web_eip)).unwrap();
        internet_gateway::detach(&mut reg.network, &l.igw, &l.vpc).unwrap();
    }
    let web = l.web.clone();
    let v = can(&mut l.c, &web, "internet", 443);
    assert_eq!(blocked(&v).2, "blackhole-route");
    assert_eq!(v["BlockedAt"]["ExplanationCode"], "BAD_STATE_ROUTE");
    assert_eq!(blocked(&can(&mut l.c, "internet", &web, 80)).2, "no-internet-gateway");
    let igw = l.igw.clone();
    assert_eq!(blocked(&can(&mut l.c, &igw, &web, 80)).2, "no-internet-gateway");
}

#[test]
fn security_group_sources_match_private_addresses_only() {
    let mut l = Lab::new();
    let (web, db) = (l.web.clone(), l.db.clone());
    // Addressed by private IP it works; VPCs are isolated from each other.
    let db_ip =
        ok(&mut l.c, "DescribeInstances", json!({"InstanceIds": [db]}))["Reservations"][0]["Instances"][0]["PrivateIpAddress"].as_str().unwrap().to_string();
    allowed(&can(&mut l.c, &web, &db_ip, 3306));
    let default_sg = ok(&mut l.c, "DescribeSecurityGroups", json!({"GroupNames": ["default"]}))["SecurityGroups"][0]["GroupId"].as_str().unwrap().to_string();
    let default_subnet = ok(&mut l.c, "DescribeSubnets", json!({"Filters": [{"Name": "default-for-az", "Values": ["true"]}]}))["Subnets"][0]["SubnetId"]
        .as_str()
        .unwrap()
        .to_string();
    let outside = launch(&mut l.c, &default_subnet, &default_sg);
    l.c.advance(300_000);
    let v = can(&mut l.c, &outside, &db, 3306);
    assert_eq!(blocked(&v).2, "different-vpc");
    // my_ip only: a rule for one address lets that address in and nobody else.
    let ssh = sg(&mut l.c, "ssh-from-me", &l.vpc.clone());
    tcp_from(&mut l.c, &ssh, 22, "203.0.113.10/32");
    ok(&mut l.c, "ModifyInstanceAttribute", json!({"InstanceId": web, "Groups": [ssh]}));
    allowed(&can(&mut l.c, "my_ip", &web, 22));
    assert_eq!(blocked(&can(&mut l.c, "internet", &web, 22)).2, "security-group-ingress");
    let v = can_p(&mut l.c, json!({"Source": "my_ip", "Destination": web, "Port": 22, "MyIp": "192.0.2.1"})).unwrap();
    assert_eq!(blocked(&v).2, "security-group-ingress");
}

#[test]
fn icmp_udp_and_refusals() {
    let mut l = Lab::new();
    let web = l.web.clone();
    ok(
        &mut l.c,
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": l.web_sg.clone(), "IpPermissions": [{"IpProtocol": "icmp", "FromPort": 8, "ToPort": -1, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}),
    );
    allowed(&can_p(&mut l.c, json!({"Source": "internet", "Destination": web, "Protocol": "icmp"})).unwrap());
    let v = can_p(&mut l.c, json!({"Source": "internet", "Destination": web, "Protocol": "udp", "Port": 53})).unwrap();
    assert_eq!(blocked(&v).2, "security-group-ingress");
    for (p, code) in [
        (json!({"Source": "internet", "Destination": web}), "MissingParameter"),
        (json!({"Source": "internet", "Destination": web, "Port": 70000}), "InvalidParameterValue"),
        (json!({"Source": "internet", "Destination": web, "Port": 80, "Protocol": "http"}), "InvalidParameterValue"),
        (json!({"Source": "nowhere", "Destination": web, "Port": 80}), "InvalidParameterValue"),
        (json!({"Source": "internet", "Destination": "my_ip", "Port": 80}), "InvalidParameterCombination"),
        (json!({"Source": "i-0123456789abcdef0", "Destination": web, "Port": 80}), "InvalidInstanceID.NotFound"),
        (json!({"Source": "eni-0123456789abcdef0", "Destination": web, "Port": 80}), "InvalidNetworkInterfaceID.NotFound"),
        (json!({"Source": "igw-0123456789abcdef0", "Destination": web, "Port": 80}), "InvalidInternetGatewayID.NotFound"),
        (json!({"Source": "internet", "Destination": web, "Port": 80, "MyIp": "x"}), "InvalidParameterValue"),
        (json!({"Source": "internet"}), "ParamValidation"),
    ] {
        let before = format!("{:?}", l.c.world);
        let e = can_p(&mut l.c, p.clone()).expect_err(&p.to_string());
        assert_eq!(e.code, code, "{p}");
        assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty());
        assert_eq!(before, format!("{:?}", l.c.world));
    }
}

#[test]
fn network_insights_paths_and_analyses() {
    let mut l = Lab::new();
    let (igw, web) = (l.igw.clone(), l.web.clone());
    let p =
        ok(&mut l.c, "CreateNetworkInsightsPath", json!({"Source": igw, "Destination": web, "Protocol": "tcp", "DestinationPort": 22, "ClientToken": "t1"}))
            ["NetworkInsightsPath"]
            .clone();
    let path = p["NetworkInsightsPathId"].as_str().unwrap().to_string();
    assert!(path.starts_with("nip-"));
    assert!(p["SourceArn"].as_str().unwrap().ends_with(&format!(":internet-gateway/{igw}")));
    insta::assert_json_snapshot!("insights_path", p);
    let a = ok(&mut l.c, "StartNetworkInsightsAnalysis", json!({"NetworkInsightsPathId": path, "ClientToken": "t2"}))["NetworkInsightsAnalysis"].clone();
    assert_eq!(a["Status"], "running");
    assert!(a.get("NetworkPathFound").is_none());
    let id = a["NetworkInsightsAnalysisId"].as_str().unwrap().to_string();
    l.c.advance(60_000);
    let done = ok(&mut l.c, "DescribeNetworkInsightsAnalyses", json!({"NetworkInsightsAnalysisIds": [id]}))["NetworkInsightsAnalyses"][0].clone();
    assert_eq!((done["Status"].clone(), done["NetworkPathFound"].clone()), (json!("succeeded"), json!(true)));
    assert!(done["ForwardPathComponents"].as_array().unwrap().iter().any(|c| c["SecurityGroupRule"]["SecurityGroupId"] == json!(l.web_sg)));
    insta::assert_json_snapshot!("insights_analysis_found", done);
    // A port the group does not open: not found, with AWS's explanation code.
    let p2 = ok(&mut l.c, "CreateNetworkInsightsPath", json!({"Source": igw, "Destination": web, "Protocol": "tcp", "DestinationPort": 443}))
        ["NetworkInsightsPath"]["NetworkInsightsPathId"]
        .clone();
    ok(&mut l.c, "StartNetworkInsightsAnalysis", json!({"NetworkInsightsPathId": p2}));
    l.c.advance(60_000);
    let found =
        ok(&mut l.c, "DescribeNetworkInsightsAnalyses", json!({"Filters": [{"Name": "path-found", "Values": ["false"]}]}))["NetworkInsightsAnalyses"].clone();
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["Explanations"][0]["ExplanationCode"], "ENI_SG_RULES_MISMATCH");
    assert_eq!(found[0]["Explanations"][0]["SecurityGroup"]["Id"], json!(l.web_sg));
    let paths =
        ok(&mut l.c, "DescribeNetworkInsightsPaths", json!({"Filters": [{"Name": "destination-port", "Values": ["443"]}]}))["NetworkInsightsPaths"].clone();
    assert_eq!(paths.as_array().unwrap().len(), 1);
    // Refusals.
    for (p, code) in [
        (json!({"Source": "10.0.0.1", "Destination": web, "Protocol": "tcp"}), "InvalidParameterValue"),
        (json!({"Source": igw, "Destination": web, "Protocol": "icmp"}), "InvalidParameterValue"),
        (json!({"Source": igw, "Protocol": "tcp"}), "MissingParameter"),
        (json!({"Source": "i-0123456789abcdef0", "Destination": web, "Protocol": "tcp"}), "InvalidInstanceID.NotFound"),
        (json!({"Source": igw, "Destination": web, "Protocol": "tcp", "FilterAtSource": {}}), "Unsupported"),
    ] {
        assert_eq!(l.c.call("ec2", R, "CreateNetworkInsightsPath", p.clone()).unwrap_err().code, code, "{p}");
    }
    let e = l.c.call("ec2", R, "StartNetworkInsightsAnalysis", json!({"NetworkInsightsPathId": "nip-0123456789abcdef0"})).unwrap_err();
    assert_eq!(e.code, "InvalidNetworkInsightsPathId.NotFound");
    ok(&mut l.c, "DeleteNetworkInsightsPath", json!({"NetworkInsightsPathId": path}));
    assert_eq!(
        l.c.call("ec2", R, "DescribeNetworkInsightsPaths", json!({"NetworkInsightsPathIds": [path]})).unwrap_err().code,
        "InvalidNetworkInsightsPathId.NotFound"
    );
    assert_eq!(
        l.c.call("ec2", R, "DescribeNetworkInsightsAnalyses", json!({"NetworkInsightsAnalysisIds": [id]})).unwrap_err().code,
        "InvalidNetworkInsightsAnalysisId.NotFound"
    );
}

#[test]
fn the_remaining_blocking_components() {
    let mut l = Lab::new();
    let (web, db) = (l.web.clone(), l.db.clone());
    // An internet gateway that is not this VPC's.
    let spare = ok(&mut l.c, "CreateInternetGateway", json!({}))["InternetGateway"]["InternetGatewayId"].as_str().unwrap().to_string();
    let v = can(&mut l.c, &spare, &web, 80);
    assert_eq!(blocked(&v), ("internet-gateway".into(), spare.clone(), "other-internet-gateway".into()));
    // A free network interface: nothing answers on it.
    let eni = ok(&mut l.c, "CreateNetworkInterface", json!({"SubnetId": l.public.clone(), "Groups": [l.web_sg.clone()]}))["NetworkInterface"]
        ["NetworkInterfaceId"]
        .as_str()
        .unwrap()
        .to_string();
    let v = can(&mut l.c, &web, &eni, 80);
    assert_eq!(blocked(&v), ("network-interface".into(), eni.clone(), "interface-not-attached".into()));
    assert_eq!(v["BlockedAt"]["ExplanationCode"], "BAD_STATE_ATTACHMENT");
    // A NAT gateway in the private subnet has no way out.
    let alloc = ok(&mut l.c, "AllocateAddress", json!({"Domain": "vpc"}))["AllocationId"].clone();
    let nat = ok(&mut l.c, "CreateNatGateway", json!({"SubnetId": l.private.clone(), "AllocationId": alloc}))["NatGateway"]["NatGatewayId"]
        .as_str()
        .unwrap()
        .to_string();
    l.c.advance(600_000);
    ok(&mut l.c, "CreateRoute", json!({"RouteTableId": l.main_rtb.clone(), "DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": nat}));
    let v = can(&mut l.c, &db, "internet", 443);
    assert_eq!(blocked(&v), ("route-table".into(), l.main_rtb.clone(), "nat-in-private-subnet".into()));
    // Deleting the NAT gateway leaves a blackhole.
    ok(&mut l.c, "DeleteNatGateway", json!({"NatGatewayId": nat}));
    l.c.advance(600_000);
    assert_eq!(blocked(&can(&mut l.c, &db, "internet", 443)).2, "blackhole-route");
}
