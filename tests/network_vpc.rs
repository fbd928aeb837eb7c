//! VPCs, subnets, internet gateways and route tables: the shapes (insta snapshots) and every refusal.
use ec2lab::{ApiError, Cloud};
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn ok(c: &mut Cloud, op: &str, p: Value) -> Value {
    c.call("ec2", R, op, p).unwrap_or_else(|e| panic!("{op}: {e}"))
}

/// A refused call: the code, a hint in both languages, and a world left exactly as it was.
fn refused(c: &mut Cloud, op: &str, p: Value) -> ApiError {
    let before = format!("{:?}", c.world);
    let e = c.call("ec2", R, op, p).expect_err(op);
    assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{op} {}: hints", e.code);
    assert_eq!(before, format!("{:?}", c.world), "refused {op} ({}) changed the world", e.code);
    e
}

fn vpc(c: &mut Cloud, cidr: &str) -> String {
    ok(c, "CreateVpc", json!({"CidrBlock": cidr}))["Vpc"]["VpcId"].as_str().unwrap().to_string()
}

fn subnet(c: &mut Cloud, vpc: &str, cidr: &str, az: &str) -> String {
    ok(c, "CreateSubnet", json!({"VpcId": vpc, "CidrBlock": cidr, "AvailabilityZone": az}))["Subnet"]["SubnetId"].as_str().unwrap().to_string()
}

#[test]
fn default_vpc_shapes() {
    let mut c = Cloud::new(0);
    insta::assert_json_snapshot!("default_vpc", ok(&mut c, "DescribeVpcs", json!({})));
    let subnets = ok(&mut c, "DescribeSubnets", json!({"Filters": [{"Name": "availability-zone", "Values": ["us-east-1a"]}]}));
    insta::assert_json_snapshot!("default_subnet", subnets);
    assert_eq!(subnets["Subnets"][0]["AvailableIpAddressCount"], 4091);
    insta::assert_json_snapshot!("default_internet_gateway", ok(&mut c, "DescribeInternetGateways", json!({})));
    let rt = ok(&mut c, "DescribeRouteTables", json!({"Filters": [{"Name": "association.main", "Values": ["true"]}]}));
    insta::assert_json_snapshot!("default_main_route_table", rt);
    let routes = &rt["RouteTables"][0]["Routes"];
    assert_eq!(routes[0]["GatewayId"], "local");
    assert_eq!(routes[1]["DestinationCidrBlock"], "0.0.0.0/0");
    assert_eq!(routes[1]["State"], "active");
    assert!(routes[1]["GatewayId"].as_str().unwrap().starts_with("igw-"));
}

#[test]
fn create_vpc_and_subnets() {
    let mut c = Cloud::new(0);
    let v = ok(
        &mut c,
        "CreateVpc",
        json!({"CidrBlock": "10.0.0.18/16", "TagSpecifications": [{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "lab"}]}]}),
    );
    insta::assert_json_snapshot!("create_vpc", v);
    assert_eq!(v["Vpc"]["CidrBlock"], "10.0.0.0/16");
    let id = v["Vpc"]["VpcId"].as_str().unwrap().to_string();
    // The new VPC has a main route table with only the local route, a default SG and a default NACL.
    let rt = ok(&mut c, "DescribeRouteTables", json!({"Filters": [{"Name": "vpc-id", "Values": [id]}]}));
    assert_eq!(rt["RouteTables"].as_array().unwrap().len(), 1);
    assert_eq!(rt["RouteTables"][0]["Associations"][0]["Main"], true);
    assert_eq!(rt["RouteTables"][0]["Routes"].as_array().unwrap().len(), 1);
    let sg = ok(&mut c, "DescribeSecurityGroups", json!({"Filters": [{"Name": "vpc-id", "Values": [id]}]}));
    assert_eq!(sg["SecurityGroups"][0]["GroupName"], "default");
    let acl = ok(&mut c, "DescribeNetworkAcls", json!({"Filters": [{"Name": "vpc-id", "Values": [id]}]}));
    assert_eq!(acl["NetworkAcls"][0]["IsDefault"], true);
    let s = ok(&mut c, "CreateSubnet", json!({"VpcId": id, "CidrBlock": "10.0.1.0/24", "AvailabilityZoneId": "use1-az2"}));
    insta::assert_json_snapshot!("create_subnet", s);
    assert_eq!(s["Subnet"]["AvailabilityZone"], "us-east-1b");
    assert_eq!(s["Subnet"]["AvailableIpAddressCount"], 251);
    assert_eq!(s["Subnet"]["MapPublicIpOnLaunch"], false);
    let sid = s["Subnet"]["SubnetId"].as_str().unwrap().to_string();
    ok(&mut c, "ModifySubnetAttribute", json!({"SubnetId": sid, "MapPublicIpOnLaunch": {"Value": true}}));
    let d = ok(&mut c, "DescribeSubnets", json!({"Filters": [{"Name": "map-public-ip-on-launch", "Values": ["true"]}, {"Name": "vpc-id", "Values": [id]}]}));
    assert_eq!(d["Subnets"].as_array().unwrap().len(), 1);
    // The subnet uses the VPC's default NACL.
    let acl = ok(&mut c, "DescribeNetworkAcls", json!({"Filters": [{"Name": "association.subnet-id", "Values": [sid]}]}));
    assert_eq!(acl["NetworkAcls"].as_array().unwrap().len(), 1);
    // DNS attributes: support on, hostnames off in a new VPC.
    assert_eq!(ok(&mut c, "DescribeVpcAttribute", json!({"VpcId": id, "Attribute": "enableDnsHostnames"}))["EnableDnsHostnames"]["Value"], false);
    ok(&mut c, "ModifyVpcAttribute", json!({"VpcId": id, "EnableDnsHostnames": {"Value": true}}));
    assert_eq!(ok(&mut c, "DescribeVpcAttribute", json!({"VpcId": id, "Attribute": "enableDnsHostnames"}))["EnableDnsHostnames"]["Value"], true);
    assert_eq!(ok(&mut c, "DescribeVpcAttribute", json!({"VpcId": id, "Attribute": "enableDnsSupport"}))["EnableDnsSupport"]["Value"], true);
    // Tags through the shared store.
    ok(&mut c, "CreateTags", json!({"Resources": [sid], "Tags": [{"Key": "tier", "Value": "public"}]}));
    let d = ok(&mut c, "DescribeSubnets", json!({"Filters": [{"Name": "tag:tier", "Values": ["public"]}]}));
    assert_eq!(d["Subnets"][0]["SubnetId"], sid.as_str());
    // Delete in order: subnet, then the VPC (its main table, default SG and NACL go with it).
    ok(&mut c, "DeleteSubnet", json!({"SubnetId": sid}));
    ok(&mut c, "DeleteVpc", json!({"VpcId": id}));
    assert_eq!(ok(&mut c, "DescribeVpcs", json!({}))["Vpcs"].as_array().unwrap().len(), 1);
    assert_eq!(ok(&mut c, "DescribeRouteTables", json!({}))["RouteTables"].as_array().unwrap().len(), 1);
}

#[test]
fn vpc_and_subnet_refusals() {
    let mut c = Cloud::new(0);
    assert_eq!(refused(&mut c, "CreateVpc", json!({"CidrBlock": "10.0.0.0/8"})).code, "InvalidVpc.Range");
    assert_eq!(refused(&mut c, "CreateVpc", json!({"CidrBlock": "10.0.0.0/29"})).message, "The CIDR '10.0.0.0/29' is invalid.");
    assert_eq!(refused(&mut c, "CreateVpc", json!({"CidrBlock": "10.0.0/16"})).code, "InvalidParameterValue");
    assert_eq!(refused(&mut c, "CreateVpc", json!({})).code, "MissingParameter");
    assert_eq!(refused(&mut c, "CreateVpc", json!({"CidrBlock": "10.0.0.0/16", "InstanceTenancy": "host"})).code, "InvalidParameterValue");
    assert_eq!(refused(&mut c, "CreateVpc", json!({"CidrBlock": "10.0.0.0/16", "AmazonProvidedIpv6CidrBlock": true})).code, "Unsupported");
    let v = vpc(&mut c, "10.0.0.0/16");
    let e = refused(&mut c, "CreateSubnet", json!({"VpcId": v, "CidrBlock": "10.1.0.0/24"}));
    assert_eq!((e.code.as_str(), e.message.as_str()), ("InvalidSubnet.Range", "The CIDR '10.1.0.0/24' is invalid."));
    assert_eq!(refused(&mut c, "CreateSubnet", json!({"VpcId": v, "CidrBlock": "10.0.0.0/29"})).code, "InvalidSubnet.Range");
    let s = subnet(&mut c, &v, "10.0.1.0/24", "us-east-1a");
    let e = refused(&mut c, "CreateSubnet", json!({"VpcId": v, "CidrBlock": "10.0.1.128/25"}));
    assert_eq!((e.code.as_str(), e.message.as_str()), ("InvalidSubnet.Conflict", "The CIDR '10.0.1.128/25' conflicts with another subnet"));
    assert_eq!(refused(&mut c, "CreateSubnet", json!({"VpcId": v, "CidrBlock": "10.0.0.0/16"})).code, "InvalidSubnet.Conflict");
    assert_eq!(
        refused(&mut c, "CreateSubnet", json!({"VpcId": v, "CidrBlock": "10.0.2.0/24", "AvailabilityZone": "us-east-1z"})).code,
        "InvalidParameterValue"
    );
    assert_eq!(
        refused(&mut c, "CreateSubnet", json!({"VpcId": v, "CidrBlock": "10.0.2.0/24", "AvailabilityZone": "us-east-1a", "AvailabilityZoneId": "use1-az1"}))
            .code,
        "InvalidParameterCombination"
    );
    assert_eq!(refused(&mut c, "CreateSubnet", json!({"VpcId": "vpc-0123456789abcdef0", "CidrBlock": "10.0.2.0/24"})).code, "InvalidVpcID.NotFound");
    let e = refused(&mut c, "DeleteVpc", json!({"VpcId": v}));
    assert_eq!((e.code.as_str(), e.message.as_str()), ("DependencyViolation", format!("The vpc '{v}' has dependencies and cannot be deleted.").as_str()));
    assert_eq!(refused(&mut c, "DeleteVpc", json!({"VpcId": "vpc-0123456789abcdef0"})).code, "InvalidVpcID.NotFound");
    assert_eq!(refused(&mut c, "DeleteSubnet", json!({"SubnetId": "subnet-0123456789abcdef0"})).code, "InvalidSubnetID.NotFound");
    assert_eq!(refused(&mut c, "ModifyVpcAttribute", json!({"VpcId": v})).code, "MissingParameter");
    assert_eq!(
        refused(&mut c, "ModifyVpcAttribute", json!({"VpcId": v, "EnableDnsSupport": {"Value": true}, "EnableDnsHostnames": {"Value": true}})).code,
        "InvalidParameterCombination"
    );
    assert_eq!(refused(&mut c, "DescribeVpcAttribute", json!({"VpcId": v, "Attribute": "colour"})).code, "InvalidParameterValue");
    assert_eq!(refused(&mut c, "DescribeVpcs", json!({"VpcIds": ["vpc-0123456789abcdef0"]})).code, "InvalidVpcID.NotFound");
    assert_eq!(refused(&mut c, "DescribeSubnets", json!({"Filters": [{"Name": "colour", "Values": ["x"]}]})).code, "InvalidParameterValue");
    assert_eq!(
        refused(&mut c, "CreateSubnet", json!({"VpcId": v, "CidrBlock": "10.0.3.0/24", "TagSpecifications": [{"ResourceType": "vpc", "Tags": []}]})).code,
        "InvalidParameterValue"
    );
    // A subnet with an instance in it cannot go.
    let img = c.call("ec2", R, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap()["Images"][0]
        ["ImageId"]
        .clone();
    ok(&mut c, "RunInstances", json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "SubnetId": s}));
    assert_eq!(refused(&mut c, "DeleteSubnet", json!({"SubnetId": s})).code, "DependencyViolation");
    // Quota: 5 VPCs per region, the default one included.
    for i in 1..4 {
        vpc(&mut c, &format!("10.{i}.0.0/16"));
    }
    let e = refused(&mut c, "CreateVpc", json!({"CidrBlock": "10.9.0.0/16"}));
    assert_eq!((e.code.as_str(), e.message.as_str()), ("VpcLimitExceeded", "The maximum number of VPCs has been reached."));
}

#[test]
fn internet_gateways() {
    let mut c = Cloud::new(0);
    let v = vpc(&mut c, "10.0.0.0/16");
    let g = ok(&mut c, "CreateInternetGateway", json!({"TagSpecifications": [{"ResourceType": "internet-gateway", "Tags": [{"Key": "Name", "Value": "gw"}]}]}));
    insta::assert_json_snapshot!("create_internet_gateway", g);
    let gid = g["InternetGateway"]["InternetGatewayId"].as_str().unwrap().to_string();
    ok(&mut c, "AttachInternetGateway", json!({"InternetGatewayId": gid, "VpcId": v}));
    let d = ok(&mut c, "DescribeInternetGateways", json!({"Filters": [{"Name": "attachment.vpc-id", "Values": [v]}]}));
    assert_eq!(d["InternetGateways"][0]["Attachments"][0]["State"], "available");
    assert_eq!(refused(&mut c, "AttachInternetGateway", json!({"InternetGatewayId": gid, "VpcId": v})).code, "Resource.AlreadyAssociated");
    let g2 = ok(&mut c, "CreateInternetGateway", json!({}))["InternetGateway"]["InternetGatewayId"].as_str().unwrap().to_string();
    assert_eq!(refused(&mut c, "AttachInternetGateway", json!({"InternetGatewayId": g2, "VpcId": v})).code, "Resource.AlreadyAssociated");
    assert_eq!(refused(&mut c, "DeleteInternetGateway", json!({"InternetGatewayId": gid})).code, "DependencyViolation");
    assert_eq!(refused(&mut c, "DeleteVpc", json!({"VpcId": v})).code, "DependencyViolation");
    let default_vpc = ok(&mut c, "DescribeVpcs", json!({"Filters": [{"Name": "is-default", "Values": ["true"]}]}))["Vpcs"][0]["VpcId"].clone();
    assert_eq!(refused(&mut c, "DetachInternetGateway", json!({"InternetGatewayId": gid, "VpcId": default_vpc})).code, "Gateway.NotAttached");
    assert_eq!(
        refused(&mut c, "AttachInternetGateway", json!({"InternetGatewayId": "igw-0123456789abcdef0", "VpcId": v})).code,
        "InvalidInternetGatewayID.NotFound"
    );
    ok(&mut c, "DetachInternetGateway", json!({"InternetGatewayId": gid, "VpcId": v}));
    ok(&mut c, "DeleteInternetGateway", json!({"InternetGatewayId": gid}));
    ok(&mut c, "DeleteVpc", json!({"VpcId": v}));
    // Quota: 5 per region (the default VPC's included).
    for _ in 0..3 {
        ok(&mut c, "CreateInternetGateway", json!({}));
    }
    assert_eq!(refused(&mut c, "CreateInternetGateway", json!({})).code, "InternetGatewayLimitExceeded");
}

#[test]
fn detaching_a_gateway_with_mapped_public_addresses_is_refused() {
    let mut c = Cloud::new(0);
    let igw = ok(&mut c, "DescribeInternetGateways", json!({}))["InternetGateways"][0].clone();
    let img = c.call("ec2", R, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap()["Images"][0]
        ["ImageId"]
        .clone();
    ok(&mut c, "RunInstances", json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1}));
    let e = refused(&mut c, "DetachInternetGateway", json!({"InternetGatewayId": igw["InternetGatewayId"], "VpcId": igw["Attachments"][0]["VpcId"]}));
    assert_eq!(e.code, "DependencyViolation");
    assert!(e.message.contains("has some mapped public address(es)"), "{}", e.message);
}

#[test]
fn route_tables_and_routes() {
    let mut c = Cloud::new(0);
    let v = vpc(&mut c, "10.0.0.0/16");
    let public = subnet(&mut c, &v, "10.0.1.0/24", "us-east-1a");
    let private = subnet(&mut c, &v, "10.0.2.0/24", "us-east-1a");
    let gw = ok(&mut c, "CreateInternetGateway", json!({}))["InternetGateway"]["InternetGatewayId"].as_str().unwrap().to_string();
    ok(&mut c, "AttachInternetGateway", json!({"InternetGatewayId": gw, "VpcId": v}));
    let rt = ok(
        &mut c,
        "CreateRouteTable",
        json!({"VpcId": v, "TagSpecifications": [{"ResourceType": "route-table", "Tags": [{"Key": "Name", "Value": "public"}]}]}),
    );
    let rid = rt["RouteTable"]["RouteTableId"].as_str().unwrap().to_string();
    assert_eq!(ok(&mut c, "CreateRoute", json!({"RouteTableId": rid, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": gw})), json!({"Return": true}));
    let a = ok(&mut c, "AssociateRouteTable", json!({"RouteTableId": rid, "SubnetId": public}));
    assert_eq!(a["AssociationState"]["State"], "associated");
    let aid = a["AssociationId"].as_str().unwrap().to_string();
    insta::assert_json_snapshot!("public_route_table", ok(&mut c, "DescribeRouteTables", json!({"RouteTableIds": [rid]})));
    // The lookup the reachability engine uses: longest prefix, the subnet's table or the main one.
    let net = &c.world.regions[R].network;
    let ip = |s: &str| ec2lab::network::parse_ip(s).unwrap();
    assert_eq!(net.route_for(&public, ip("8.8.8.8")).unwrap().target, ec2lab::network::RouteTarget::InternetGateway(gw.clone()));
    assert_eq!(net.route_for(&public, ip("10.0.2.9")).unwrap().target, ec2lab::network::RouteTarget::Local);
    assert!(net.route_for(&private, ip("8.8.8.8")).is_none(), "the main table has only the local route");
    // Refusals.
    let e = refused(&mut c, "CreateRoute", json!({"RouteTableId": rid, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": gw}));
    assert_eq!((e.code.as_str(), e.message.as_str()), ("RouteAlreadyExists", "The route identified by 0.0.0.0/0 already exists."));
    assert_eq!(refused(&mut c, "CreateRoute", json!({"RouteTableId": rid, "DestinationCidrBlock": "1.0.0.0/8"})).code, "MissingParameter");
    assert_eq!(
        refused(&mut c, "CreateRoute", json!({"RouteTableId": rid, "DestinationCidrBlock": "1.0.0.0/8", "GatewayId": gw, "NatGatewayId": "nat-1"})).code,
        "InvalidParameterCombination"
    );
    assert_eq!(
        refused(&mut c, "CreateRoute", json!({"RouteTableId": rid, "DestinationCidrBlock": "1.0.0.0/8", "GatewayId": "igw-0123456789abcdef0"})).code,
        "InvalidInternetGatewayID.NotFound"
    );
    assert_eq!(refused(&mut c, "CreateRoute", json!({"RouteTableId": rid, "DestinationCidrBlock": "nope", "GatewayId": gw})).code, "InvalidParameterValue");
    assert_eq!(
        refused(&mut c, "CreateRoute", json!({"RouteTableId": "rtb-0123456789abcdef0", "DestinationCidrBlock": "1.0.0.0/8", "GatewayId": gw})).code,
        "InvalidRouteTableID.NotFound"
    );
    let default_igw = ok(&mut c, "DescribeInternetGateways", json!({"Filters": [{"Name": "attachment.vpc-id", "Values": ["vpc-*"]}]}))["InternetGateways"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["InternetGatewayId"] != gw.as_str())
        .unwrap()["InternetGatewayId"]
        .clone();
    assert_eq!(
        refused(&mut c, "CreateRoute", json!({"RouteTableId": rid, "DestinationCidrBlock": "1.0.0.0/8", "GatewayId": default_igw})).code,
        "InvalidParameterValue"
    );
    let e = refused(&mut c, "ReplaceRoute", json!({"RouteTableId": rid, "DestinationCidrBlock": "1.0.0.0/8", "GatewayId": gw}));
    assert_eq!(e.code, "InvalidRoute.NotFound");
    assert_eq!(refused(&mut c, "DeleteRoute", json!({"RouteTableId": rid, "DestinationCidrBlock": "1.0.0.0/8"})).code, "InvalidRoute.NotFound");
    assert_eq!(refused(&mut c, "DeleteRoute", json!({"RouteTableId": rid, "DestinationCidrBlock": "10.0.0.0/16"})).code, "InvalidParameterValue");
    assert_eq!(refused(&mut c, "AssociateRouteTable", json!({"RouteTableId": rid, "SubnetId": public})).code, "Resource.AlreadyAssociated");
    assert_eq!(refused(&mut c, "DeleteRouteTable", json!({"RouteTableId": rid})).code, "DependencyViolation");
    let main = ok(&mut c, "DescribeRouteTables", json!({"Filters": [{"Name": "vpc-id", "Values": [v]}, {"Name": "association.main", "Values": ["true"]}]}))
        ["RouteTables"][0]
        .clone();
    let main_id = main["RouteTableId"].as_str().unwrap().to_string();
    let main_assoc = main["Associations"][0]["RouteTableAssociationId"].as_str().unwrap().to_string();
    assert_eq!(refused(&mut c, "DeleteRouteTable", json!({"RouteTableId": main_id})).code, "DependencyViolation");
    assert_eq!(refused(&mut c, "DisassociateRouteTable", json!({"AssociationId": main_assoc})).code, "InvalidParameterValue");
    assert_eq!(refused(&mut c, "DisassociateRouteTable", json!({"AssociationId": "rtbassoc-0123456789abcdef0"})).code, "InvalidAssociationID.NotFound");
    // A detached gateway leaves its route in place, as a blackhole.
    ok(&mut c, "DetachInternetGateway", json!({"InternetGatewayId": gw, "VpcId": v}));
    let d = ok(&mut c, "DescribeRouteTables", json!({"Filters": [{"Name": "route.state", "Values": ["blackhole"]}]}));
    assert_eq!(d["RouteTables"][0]["RouteTableId"], rid.as_str());
    ok(&mut c, "AttachInternetGateway", json!({"InternetGatewayId": gw, "VpcId": v}));
    // Replace a route's target, then delete it.
    ok(&mut c, "ReplaceRoute", json!({"RouteTableId": rid, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": gw}));
    ok(&mut c, "DeleteRoute", json!({"RouteTableId": rid, "DestinationCidrBlock": "0.0.0.0/0"}));
    // Make the custom table the main one; the old main can then be deleted.
    let new_main =
        ok(&mut c, "ReplaceRouteTableAssociation", json!({"AssociationId": main_assoc, "RouteTableId": rid}))["NewAssociationId"].as_str().unwrap().to_string();
    assert!(new_main.starts_with("rtbassoc-"));
    ok(&mut c, "DeleteRouteTable", json!({"RouteTableId": main_id}));
    ok(&mut c, "DisassociateRouteTable", json!({"AssociationId": aid}));
    assert_eq!(c.world.regions[R].network.route_table_for_subnet(&public).unwrap().id, rid);
    // 50 routes per table.
    for i in 0..49 {
        ok(&mut c, "CreateRoute", json!({"RouteTableId": rid, "DestinationCidrBlock": format!("11.{i}.0.0/16"), "GatewayId": gw}));
    }
    assert_eq!(refused(&mut c, "CreateRoute", json!({"RouteTableId": rid, "DestinationCidrBlock": "12.0.0.0/16", "GatewayId": gw})).code, "RouteLimitExceeded");
}
