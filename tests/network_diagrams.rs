//! The network pictures drawn by the core: a VPC's topology and a reachability path
//! (snapshots: review changes with `cargo insta review`).
use ec2lab::Cloud;
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn call(c: &mut Cloud, op: &str, p: Value) -> Value {
    c.call("ec2", R, op, p).unwrap_or_else(|e| panic!("{op}: {e} {}", e.hint_en))
}

fn lab(c: &mut Cloud, op: &str, p: Value) -> Result<Value, ec2lab::ApiError> {
    c.call("ec2lab", R, op, p)
}

/// The network of the notes: a VPC, a public subnet (route to an IGW) and a private one in two
/// AZs, a web server and a database with their security groups.
fn notes_network(c: &mut Cloud) -> (String, String, String) {
    let vpc = call(c, "CreateVpc", json!({"CidrBlock": "10.0.0.0/16"}))["Vpc"]["VpcId"].as_str().unwrap().to_string();
    let public = call(c, "CreateSubnet", json!({"VpcId": vpc, "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a"}))["Subnet"]["SubnetId"]
        .as_str()
        .unwrap()
        .to_string();
    let private = call(c, "CreateSubnet", json!({"VpcId": vpc, "CidrBlock": "10.0.2.0/24", "AvailabilityZone": "us-east-1b"}))["Subnet"]["SubnetId"]
        .as_str()
        .unwrap()
        .to_string();
    let igw = call(c, "CreateInternetGateway", json!({}))["InternetGateway"]["InternetGatewayId"].as_str().unwrap().to_string();
    call(c, "AttachInternetGateway", json!({"InternetGatewayId": igw, "VpcId": vpc}));
    let rtb = call(c, "CreateRouteTable", json!({"VpcId": vpc}))["RouteTable"]["RouteTableId"].as_str().unwrap().to_string();
    call(c, "CreateRoute", json!({"RouteTableId": rtb, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw}));
    call(c, "AssociateRouteTable", json!({"RouteTableId": rtb, "SubnetId": public}));
    let web_sg = call(c, "CreateSecurityGroup", json!({"GroupName": "web", "Description": "web", "VpcId": vpc}))["GroupId"].as_str().unwrap().to_string();
    call(
        c,
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": web_sg, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}),
    );
    let db_sg = call(c, "CreateSecurityGroup", json!({"GroupName": "db", "Description": "db", "VpcId": vpc}))["GroupId"].as_str().unwrap().to_string();
    call(
        c,
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": db_sg, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "UserIdGroupPairs": [{"GroupId": web_sg}]}]}),
    );
    let img = call(c, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]}))["Images"][0]["ImageId"].clone();
    let web = call(
        c,
        "RunInstances",
        json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1,
        "NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": public, "AssociatePublicIpAddress": true, "Groups": [web_sg]}],
        "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}]}]}),
    )["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap()
        .to_string();
    let db = call(
        c,
        "RunInstances",
        json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "SubnetId": private, "SecurityGroupIds": [db_sg],
        "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "db"}]}]}),
    )["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap()
        .to_string();
    c.advance(120_000);
    (vpc, web, db)
}

#[test]
fn vpc_topology_shows_public_and_private_subnets_gateways_and_instances() {
    let mut c = Cloud::new(0);
    let (vpc, web, db) = notes_network(&mut c);
    let svg = lab(&mut c, "VpcDiagram", json!({"VpcId": vpc})).unwrap()["Svg"].as_str().unwrap().to_string();
    assert!(svg.starts_with("<svg") && svg.contains("class=\"igw\""));
    assert_eq!(svg.matches("class=\"subnet public\"").count(), 1);
    assert_eq!(svg.matches("class=\"subnet private\"").count(), 1);
    assert!(svg.contains(&format!("data-id=\"{web}\"")) && svg.contains(&format!("data-id=\"{db}\"")));
    assert!(svg.contains("SG: web") && svg.contains("SG: db"));
    insta::assert_snapshot!("vpc_topology_en", svg);
    let ko = lab(&mut c, "VpcDiagram", json!({"VpcId": vpc, "Language": "ko"})).unwrap()["Svg"].as_str().unwrap().to_string();
    assert!(ko.contains("퍼블릭 서브넷") && ko.contains("프라이빗 서브넷"));
}

#[test]
fn the_default_vpc_has_a_public_subnet_per_az() {
    let mut c = Cloud::new(0);
    let vpc = call(&mut c, "DescribeVpcs", json!({"Filters": [{"Name": "is-default", "Values": ["true"]}]}))["Vpcs"][0]["VpcId"].clone();
    let svg = lab(&mut c, "VpcDiagram", json!({"VpcId": vpc})).unwrap()["Svg"].as_str().unwrap().to_string();
    assert_eq!(svg.matches("class=\"subnet public\"").count(), 6);
    assert!(svg.contains("(default VPC)"));
    let e = lab(&mut c, "VpcDiagram", json!({"VpcId": "vpc-0123456789abcdef0"})).unwrap_err();
    assert_eq!(e.code, "InvalidVpcID.NotFound");
}

#[test]
fn reachability_path_marks_the_blocking_hop() {
    let mut c = Cloud::new(0);
    let (_vpc, web, db) = notes_network(&mut c);
    let ok = lab(&mut c, "ReachabilityDiagram", json!({"Source": "internet", "Destination": web, "Port": 80})).unwrap();
    assert_eq!(ok["Allowed"], true);
    let svg = ok["Svg"].as_str().unwrap();
    assert!(!svg.contains("hop blocked"));
    insta::assert_snapshot!("path_internet_to_web_80", svg);
    let blocked = lab(&mut c, "ReachabilityDiagram", json!({"Source": "internet", "Destination": web, "Port": 22})).unwrap();
    assert_eq!(blocked["Allowed"], false);
    let svg = blocked["Svg"].as_str().unwrap();
    assert_eq!(svg.matches("hop blocked").count(), 1);
    assert!(svg.contains("data-kind=\"security-group-ingress\""));
    insta::assert_snapshot!("path_internet_to_web_22", svg);
    // From the web server to the database on 3306: the group-as-source rule lets it pass.
    let inside = lab(&mut c, "ReachabilityDiagram", json!({"Source": web, "Destination": db, "Port": 3306})).unwrap();
    assert_eq!(inside["Allowed"], true);
    // The picture and CanConnect agree.
    let answer = lab(&mut c, "CanConnect", json!({"Source": "internet", "Destination": db, "Port": 3306})).unwrap();
    let pic = lab(&mut c, "ReachabilityDiagram", json!({"Source": "internet", "Destination": db, "Port": 3306, "Language": "ko"})).unwrap();
    assert_eq!(answer["Allowed"], pic["Allowed"]);
    assert!(pic["Svg"].as_str().unwrap().contains("차단"));
}
