//! ENIs, private and public addresses, Elastic IPs, NAT gateways and RunInstances' network
//! parameters: shapes (insta snapshots), lifecycle rules and every refusal.
use ec2lab::{ApiError, Cloud};
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn ok(c: &mut Cloud, op: &str, p: Value) -> Value {
    c.call("ec2", R, op, p).unwrap_or_else(|e| panic!("{op}: {e}"))
}

fn refused(c: &mut Cloud, op: &str, p: Value) -> ApiError {
    let before = format!("{:?}", c.world);
    let e = c.call("ec2", R, op, p).expect_err(op);
    assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{op} {}: hints", e.code);
    assert_eq!(before, format!("{:?}", c.world), "refused {op} ({}) changed the world", e.code);
    e
}

fn image(c: &mut Cloud) -> Value {
    ok(c, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]}))["Images"][0]["ImageId"].clone()
}

/// A VPC with an attached IGW, a public subnet (route to the IGW, auto public IPs) and a private one, in us-east-1a.
struct Lab {
    vpc: String,
    public: String,
    private: String,
    igw: String,
}

fn lab(c: &mut Cloud) -> Lab {
    let vpc = ok(c, "CreateVpc", json!({"CidrBlock": "10.0.0.0/16"}))["Vpc"]["VpcId"].as_str().unwrap().to_string();
    let sub = |c: &mut Cloud, cidr: &str| {
        ok(c, "CreateSubnet", json!({"VpcId": vpc, "CidrBlock": cidr, "AvailabilityZone": "us-east-1a"}))["Subnet"]["SubnetId"].as_str().unwrap().to_string()
    };
    let public = sub(c, "10.0.1.0/24");
    let private = sub(c, "10.0.2.0/24");
    ok(c, "ModifySubnetAttribute", json!({"SubnetId": public, "MapPublicIpOnLaunch": {"Value": true}}));
    let igw = ok(c, "CreateInternetGateway", json!({}))["InternetGateway"]["InternetGatewayId"].as_str().unwrap().to_string();
    ok(c, "AttachInternetGateway", json!({"InternetGatewayId": igw, "VpcId": vpc}));
    let rt = ok(c, "CreateRouteTable", json!({"VpcId": vpc}))["RouteTable"]["RouteTableId"].as_str().unwrap().to_string();
    ok(c, "CreateRoute", json!({"RouteTableId": rt, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw}));
    ok(c, "AssociateRouteTable", json!({"RouteTableId": rt, "SubnetId": public}));
    Lab { vpc, public, private, igw }
}

fn run(c: &mut Cloud, extra: Value) -> Value {
    let img = image(c);
    let mut p = json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1});
    for (k, v) in extra.as_object().unwrap() {
        p[k] = v.clone();
    }
    ok(c, "RunInstances", p)["Instances"][0].clone()
}

/// A free ENI in the lab's private subnet.
fn l_eni(c: &mut Cloud, l: &Lab) -> String {
    ok(c, "CreateNetworkInterface", json!({"SubnetId": l.private}))["NetworkInterface"]["NetworkInterfaceId"].as_str().unwrap().to_string()
}

fn available(c: &Cloud, subnet: &str) -> i64 {
    c.world.regions[R].network.subnets[subnet].available_ip_count() as i64
}

#[test]
fn every_instance_has_a_primary_eni() {
    let mut c = Cloud::new(0);
    let l = lab(&mut c);
    let i = run(&mut c, json!({"SubnetId": l.public, "PrivateIpAddress": "10.0.1.10"}));
    let id = i["InstanceId"].as_str().unwrap().to_string();
    assert_eq!(i["PrivateIpAddress"], "10.0.1.10");
    assert!(i["PublicIpAddress"].is_string(), "the public subnet maps public IPs");
    assert_eq!(i["NetworkInterfaces"][0]["Attachment"]["DeviceIndex"], 0);
    let eni = i["NetworkInterfaces"][0]["NetworkInterfaceId"].as_str().unwrap().to_string();
    let d = ok(&mut c, "DescribeNetworkInterfaces", json!({"NetworkInterfaceIds": [eni]}));
    insta::assert_json_snapshot!("instance_eni", d);
    assert_eq!(d["NetworkInterfaces"][0]["Status"], "in-use");
    assert_eq!(d["NetworkInterfaces"][0]["Attachment"]["InstanceId"], id.as_str());
    assert_eq!(available(&c, &l.public), 251 - 1);
    // The address is taken.
    let img = image(&mut c);
    let e = refused(
        &mut c,
        "RunInstances",
        json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "SubnetId": l.public, "PrivateIpAddress": "10.0.1.10"}),
    );
    assert_eq!((e.code.as_str(), e.message.as_str()), ("InvalidIPAddress.InUse", "Address 10.0.1.10 is in use."));
    let e = refused(
        &mut c,
        "RunInstances",
        json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "SubnetId": l.public, "PrivateIpAddress": "10.0.1.2"}),
    );
    assert_eq!(e.code, "InvalidParameterValue");
    // The primary ENI cannot be detached or deleted.
    let attachment = d["NetworkInterfaces"][0]["Attachment"]["AttachmentId"].clone();
    let e = refused(&mut c, "DetachNetworkInterface", json!({"AttachmentId": attachment}));
    assert_eq!(e.code, "OperationNotPermitted");
    assert_eq!(refused(&mut c, "DeleteNetworkInterface", json!({"NetworkInterfaceId": eni})).code, "InvalidNetworkInterface.InUse");
    // A private subnet without MapPublicIpOnLaunch gives no public address.
    let p = run(&mut c, json!({"SubnetId": l.private}));
    assert!(p.get("PublicIpAddress").is_none());
    assert!(p["NetworkInterfaces"][0].get("Association").is_none());
    // Terminate: the ENI and its address go.
    c.advance(120_000);
    ok(&mut c, "TerminateInstances", json!({"InstanceIds": [id]}));
    c.advance(120_000);
    assert_eq!(refused(&mut c, "DescribeNetworkInterfaces", json!({"NetworkInterfaceIds": [eni]})).code, "InvalidNetworkInterfaceID.NotFound");
    assert_eq!(available(&c, &l.public), 251);
}

#[test]
fn public_ip_changes_on_stop_start_and_elastic_ip_stays() {
    let mut c = Cloud::new(0);
    let l = lab(&mut c);
    let i = run(&mut c, json!({"SubnetId": l.public}));
    let id = i["InstanceId"].as_str().unwrap().to_string();
    let first = i["PublicIpAddress"].as_str().unwrap().to_string();
    let private = i["PrivateIpAddress"].as_str().unwrap().to_string();
    c.advance(120_000);
    let describe = |c: &mut Cloud| ok(c, "DescribeInstances", json!({"InstanceIds": [id]}))["Reservations"][0]["Instances"][0].clone();
    ok(&mut c, "StopInstances", json!({"InstanceIds": [id]}));
    c.advance(300_000);
    let stopped = describe(&mut c);
    assert!(stopped.get("PublicIpAddress").is_none(), "released on stop");
    assert_eq!(stopped["PrivateIpAddress"], private.as_str(), "kept on stop");
    assert_eq!(available(&c, &l.public), 250, "a stopped instance keeps its private address");
    ok(&mut c, "StartInstances", json!({"InstanceIds": [id]}));
    c.advance(120_000);
    let second = describe(&mut c)["PublicIpAddress"].as_str().unwrap().to_string();
    assert_ne!(first, second, "a new public address on start");
    // An Elastic IP replaces the pool address and survives stop/start.
    let a = ok(
        &mut c,
        "AllocateAddress",
        json!({"Domain": "vpc", "TagSpecifications": [{"ResourceType": "elastic-ip", "Tags": [{"Key": "Name", "Value": "web"}]}]}),
    );
    insta::assert_json_snapshot!("allocate_address", a);
    let eip = a["PublicIp"].as_str().unwrap().to_string();
    let assoc = ok(&mut c, "AssociateAddress", json!({"AllocationId": a["AllocationId"], "InstanceId": id}))["AssociationId"].as_str().unwrap().to_string();
    let now = describe(&mut c);
    assert_eq!(now["PublicIpAddress"], eip.as_str());
    assert_eq!(now["NetworkInterfaces"][0]["Association"]["IpOwnerId"], "123456789012");
    assert!(!c.world.regions[R].network.public_in_use.contains(&ec2lab::network::parse_ip(&second).unwrap()), "the pool address went back");
    insta::assert_json_snapshot!("describe_addresses", ok(&mut c, "DescribeAddresses", json!({"Filters": [{"Name": "instance-id", "Values": [id]}]})));
    ok(&mut c, "StopInstances", json!({"InstanceIds": [id]}));
    c.advance(300_000);
    assert_eq!(describe(&mut c)["PublicIpAddress"], eip.as_str(), "an EIP stays through stop");
    ok(&mut c, "StartInstances", json!({"InstanceIds": [id]}));
    c.advance(120_000);
    assert_eq!(describe(&mut c)["PublicIpAddress"], eip.as_str());
    // Releasing an associated EIP is refused; disassociating gives the running instance a pool address again.
    let e = refused(&mut c, "ReleaseAddress", json!({"AllocationId": a["AllocationId"]}));
    assert_eq!(e.code, "InvalidIPAddress.InUse");
    ok(&mut c, "DisassociateAddress", json!({"AssociationId": assoc}));
    let back = describe(&mut c)["PublicIpAddress"].as_str().unwrap().to_string();
    assert_ne!(back, eip);
    // Reassociate, then terminate: the EIP is disassociated but stays allocated.
    ok(&mut c, "AssociateAddress", json!({"AllocationId": a["AllocationId"], "InstanceId": id}));
    ok(&mut c, "TerminateInstances", json!({"InstanceIds": [id]}));
    c.advance(300_000);
    let d = ok(&mut c, "DescribeAddresses", json!({"AllocationIds": [a["AllocationId"]]}));
    assert!(d["Addresses"][0].get("AssociationId").is_none());
    ok(&mut c, "ReleaseAddress", json!({"AllocationId": a["AllocationId"]}));
    assert_eq!(ok(&mut c, "DescribeAddresses", json!({}))["Addresses"].as_array().unwrap().len(), 0);
}

#[test]
fn elastic_ip_refusals() {
    let mut c = Cloud::new(0);
    let l = lab(&mut c);
    let i = run(&mut c, json!({"SubnetId": l.public}));
    let id = i["InstanceId"].as_str().unwrap().to_string();
    let a = ok(&mut c, "AllocateAddress", json!({}))["AllocationId"].as_str().unwrap().to_string();
    for _ in 0..4 {
        ok(&mut c, "AllocateAddress", json!({"Domain": "vpc"}));
    }
    let e = refused(&mut c, "AllocateAddress", json!({"Domain": "vpc"}));
    assert_eq!((e.code.as_str(), e.message.as_str()), ("AddressLimitExceeded", "The maximum number of addresses has been reached."));
    assert_eq!(refused(&mut c, "AssociateAddress", json!({"AllocationId": a})).code, "MissingParameter");
    assert_eq!(
        refused(&mut c, "AssociateAddress", json!({"AllocationId": "eipalloc-0123456789abcdef0", "InstanceId": id})).code,
        "InvalidAllocationID.NotFound"
    );
    assert_eq!(refused(&mut c, "AssociateAddress", json!({"AllocationId": a, "InstanceId": id, "PrivateIpAddress": "10.0.9.9"})).code, "InvalidParameterValue");
    ok(&mut c, "AssociateAddress", json!({"AllocationId": a, "InstanceId": id}));
    let j = run(&mut c, json!({"SubnetId": l.public}));
    let e = refused(&mut c, "AssociateAddress", json!({"AllocationId": a, "InstanceId": j["InstanceId"], "AllowReassociation": false}));
    assert_eq!(e.code, "Resource.AlreadyAssociated");
    assert_eq!(refused(&mut c, "DisassociateAddress", json!({"AssociationId": "eipassoc-0123456789abcdef0"})).code, "InvalidAssociationID.NotFound");
    assert_eq!(refused(&mut c, "DescribeAddresses", json!({"PublicIps": ["1.2.3.4"]})).code, "InvalidAddress.NotFound");
    assert_eq!(refused(&mut c, "ReleaseAddress", json!({"AllocationId": "eipalloc-0123456789abcdef0"})).code, "InvalidAllocationID.NotFound");
    // The gateway now has mapped addresses: detaching it is refused.
    assert_eq!(refused(&mut c, "DetachInternetGateway", json!({"InternetGatewayId": l.igw, "VpcId": l.vpc})).code, "DependencyViolation");
    // Reassociation moves the address silently by default.
    ok(&mut c, "AssociateAddress", json!({"AllocationId": a, "InstanceId": j["InstanceId"]}));
    // Without an internet gateway an EIP is useless: refused.
    let v2 = ok(&mut c, "CreateVpc", json!({"CidrBlock": "10.1.0.0/16"}))["Vpc"]["VpcId"].as_str().unwrap().to_string();
    let s2 = ok(&mut c, "CreateSubnet", json!({"VpcId": v2, "CidrBlock": "10.1.0.0/24"}))["Subnet"]["SubnetId"].as_str().unwrap().to_string();
    let eni = ok(&mut c, "CreateNetworkInterface", json!({"SubnetId": s2}))["NetworkInterface"]["NetworkInterfaceId"].clone();
    let free = ok(&mut c, "DescribeAddresses", json!({}))["Addresses"].as_array().unwrap().iter().find(|x| x.get("AssociationId").is_none()).unwrap()
        ["AllocationId"]
        .clone();
    assert_eq!(refused(&mut c, "AssociateAddress", json!({"AllocationId": free, "NetworkInterfaceId": eni})).code, "Gateway.NotAttached");
}

#[test]
fn network_interfaces() {
    let mut c = Cloud::new(0);
    let l = lab(&mut c);
    let sg = ok(&mut c, "CreateSecurityGroup", json!({"GroupName": "app", "Description": "app", "VpcId": l.vpc}))["GroupId"].as_str().unwrap().to_string();
    let e = ok(
        &mut c,
        "CreateNetworkInterface",
        json!({"SubnetId": l.private, "Description": "extra", "PrivateIpAddress": "10.0.2.50", "SecondaryPrivateIpAddressCount": 2, "Groups": [sg],
               "TagSpecifications": [{"ResourceType": "network-interface", "Tags": [{"Key": "Name", "Value": "extra"}]}]}),
    );
    insta::assert_json_snapshot!("create_network_interface", e);
    let eni = e["NetworkInterface"]["NetworkInterfaceId"].as_str().unwrap().to_string();
    assert_eq!(e["NetworkInterface"]["Status"], "available");
    assert_eq!(e["NetworkInterface"]["PrivateIpAddresses"].as_array().unwrap().len(), 3);
    assert_eq!(available(&c, &l.private), 251 - 3);
    // Secondary addresses.
    let a =
        ok(&mut c, "AssignPrivateIpAddresses", json!({"NetworkInterfaceId": eni, "PrivateIpAddresses": ["10.0.2.60"], "SecondaryPrivateIpAddressCount": 1}));
    assert_eq!(a["AssignedPrivateIpAddresses"][0]["PrivateIpAddress"], "10.0.2.60");
    assert_eq!(available(&c, &l.private), 251 - 5);
    ok(&mut c, "UnassignPrivateIpAddresses", json!({"NetworkInterfaceId": eni, "PrivateIpAddresses": ["10.0.2.60"]}));
    assert_eq!(available(&c, &l.private), 251 - 4);
    assert_eq!(
        refused(&mut c, "UnassignPrivateIpAddresses", json!({"NetworkInterfaceId": eni, "PrivateIpAddresses": ["10.0.2.50"]})).code,
        "InvalidParameterValue"
    );
    assert_eq!(
        refused(&mut c, "UnassignPrivateIpAddresses", json!({"NetworkInterfaceId": eni, "PrivateIpAddresses": ["10.0.2.99"]})).code,
        "InvalidParameterValue"
    );
    assert_eq!(
        refused(&mut c, "AssignPrivateIpAddresses", json!({"NetworkInterfaceId": eni, "PrivateIpAddresses": ["10.0.2.50"]})).code,
        "InvalidIPAddress.InUse"
    );
    assert_eq!(refused(&mut c, "AssignPrivateIpAddresses", json!({"NetworkInterfaceId": eni})).code, "MissingParameter");
    // Attributes (an instance's SourceDestCheck is its primary ENI's).
    ok(&mut c, "ModifyNetworkInterfaceAttribute", json!({"NetworkInterfaceId": eni, "SourceDestCheck": {"Value": false}}));
    ok(&mut c, "ModifyNetworkInterfaceAttribute", json!({"NetworkInterfaceId": eni, "Description": {"Value": "db side"}}));
    let default_sg =
        ok(&mut c, "DescribeSecurityGroups", json!({"Filters": [{"Name": "vpc-id", "Values": [l.vpc]}, {"Name": "group-name", "Values": ["default"]}]}))
            ["SecurityGroups"][0]["GroupId"]
            .clone();
    ok(&mut c, "ModifyNetworkInterfaceAttribute", json!({"NetworkInterfaceId": eni, "Groups": [sg, default_sg]}));
    let d = ok(
        &mut c,
        "DescribeNetworkInterfaces",
        json!({"Filters": [{"Name": "group-id", "Values": [default_sg]}, {"Name": "source-dest-check", "Values": ["false"]}]}),
    );
    assert_eq!(d["NetworkInterfaces"][0]["Description"], "db side");
    assert_eq!(refused(&mut c, "ModifyNetworkInterfaceAttribute", json!({"NetworkInterfaceId": eni})).code, "MissingParameter");
    // Attach to an instance of the same AZ, at a free device index, within the type's limits
    // (a t3.micro takes 2 addresses per interface, a t3.large 12).
    let small = run(&mut c, json!({"SubnetId": l.public}))["InstanceId"].clone();
    let i = run(&mut c, json!({"SubnetId": l.public, "InstanceType": "t3.large"}));
    let id = i["InstanceId"].as_str().unwrap().to_string();
    assert_eq!(
        refused(&mut c, "AttachNetworkInterface", json!({"NetworkInterfaceId": eni, "InstanceId": id, "DeviceIndex": 1})).code,
        "IncorrectInstanceState"
    );
    c.advance(120_000);
    assert_eq!(refused(&mut c, "AttachNetworkInterface", json!({"NetworkInterfaceId": eni, "InstanceId": id, "DeviceIndex": 0})).code, "InvalidParameterValue");
    assert_eq!(
        refused(&mut c, "AttachNetworkInterface", json!({"NetworkInterfaceId": eni, "InstanceId": small, "DeviceIndex": 1})).code,
        "PrivateIpAddressLimitExceeded"
    );
    let att = ok(&mut c, "AttachNetworkInterface", json!({"NetworkInterfaceId": eni, "InstanceId": id, "DeviceIndex": 1}));
    let att_id = att["AttachmentId"].as_str().unwrap().to_string();
    let inst = ok(&mut c, "DescribeInstances", json!({"InstanceIds": [id]}))["Reservations"][0]["Instances"][0].clone();
    assert_eq!(inst["NetworkInterfaces"].as_array().unwrap().len(), 2);
    assert_eq!(inst["NetworkInterfaces"][1]["Attachment"]["DeviceIndex"], 1);
    assert_eq!(refused(&mut c, "DeleteNetworkInterface", json!({"NetworkInterfaceId": eni})).code, "InvalidNetworkInterface.InUse");
    assert_eq!(
        refused(&mut c, "AttachNetworkInterface", json!({"NetworkInterfaceId": eni, "InstanceId": id, "DeviceIndex": 2})).code,
        "InvalidNetworkInterface.InUse"
    );
    // An instance with two ENIs: AssociateAddress needs the interface.
    let a = ok(&mut c, "AllocateAddress", json!({}))["AllocationId"].clone();
    assert_eq!(refused(&mut c, "AssociateAddress", json!({"AllocationId": a, "InstanceId": id})).code, "InvalidInstanceID");
    ok(&mut c, "ModifyNetworkInterfaceAttribute", json!({"NetworkInterfaceId": eni, "Attachment": {"AttachmentId": att_id, "DeleteOnTermination": true}}));
    // Two ENIs: after stop/start no new public address.
    ok(&mut c, "StopInstances", json!({"InstanceIds": [id]}));
    c.advance(300_000);
    ok(&mut c, "StartInstances", json!({"InstanceIds": [id]}));
    c.advance(120_000);
    let inst = ok(&mut c, "DescribeInstances", json!({"InstanceIds": [id]}))["Reservations"][0]["Instances"][0].clone();
    assert!(inst.get("PublicIpAddress").is_none(), "no new public IP with more than one ENI");
    ok(&mut c, "ModifyInstanceAttribute", json!({"InstanceId": id, "SourceDestCheck": {"Value": false}}));
    let inst = ok(&mut c, "DescribeInstances", json!({"InstanceIds": [id]}))["Reservations"][0]["Instances"][0].clone();
    assert_eq!(inst["SourceDestCheck"], false);
    assert_eq!(ok(&mut c, "DescribeInstanceAttribute", json!({"InstanceId": id, "Attribute": "sourceDestCheck"}))["SourceDestCheck"]["Value"], false);
    ok(&mut c, "DetachNetworkInterface", json!({"AttachmentId": att_id}));
    assert_eq!(ok(&mut c, "DescribeNetworkInterfaces", json!({"NetworkInterfaceIds": [eni]}))["NetworkInterfaces"][0]["Status"], "available");
    // Another AZ: refused.
    let other = ok(&mut c, "CreateSubnet", json!({"VpcId": l.vpc, "CidrBlock": "10.0.3.0/24", "AvailabilityZone": "us-east-1b"}))["Subnet"]["SubnetId"]
        .as_str()
        .unwrap()
        .to_string();
    let far = ok(&mut c, "CreateNetworkInterface", json!({"SubnetId": other}))["NetworkInterface"]["NetworkInterfaceId"].clone();
    assert_eq!(
        refused(&mut c, "AttachNetworkInterface", json!({"NetworkInterfaceId": far, "InstanceId": id, "DeviceIndex": 1})).code,
        "InvalidParameterCombination"
    );
    ok(&mut c, "DeleteNetworkInterface", json!({"NetworkInterfaceId": eni}));
    assert_eq!(available(&c, &l.private), 251);
    // Creation refusals.
    assert_eq!(refused(&mut c, "CreateNetworkInterface", json!({"SubnetId": l.private, "PrivateIpAddress": "10.0.9.9"})).code, "InvalidParameterValue");
    assert_eq!(refused(&mut c, "CreateNetworkInterface", json!({"SubnetId": "subnet-0123456789abcdef0"})).code, "InvalidSubnetID.NotFound");
    let default_vpc_sg = ok(&mut c, "DescribeSecurityGroups", json!({"Filters": [{"Name": "group-name", "Values": ["default"]}]}))["SecurityGroups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["VpcId"] != l.vpc.as_str())
        .unwrap()["GroupId"]
        .clone();
    assert_eq!(refused(&mut c, "CreateNetworkInterface", json!({"SubnetId": l.private, "Groups": [default_vpc_sg]})).code, "InvalidParameter");
    assert_eq!(refused(&mut c, "DetachNetworkInterface", json!({"AttachmentId": "eni-attach-0123456789abcdef0"})).code, "InvalidAttachmentID.NotFound");
    assert_eq!(refused(&mut c, "DescribeNetworkInterfaces", json!({"Filters": [{"Name": "colour", "Values": ["x"]}]})).code, "InvalidParameterValue");
}

#[test]
fn a_full_subnet_refuses_politely() {
    let mut c = Cloud::new(0);
    let v = ok(&mut c, "CreateVpc", json!({"CidrBlock": "10.0.0.0/16"}))["Vpc"]["VpcId"].as_str().unwrap().to_string();
    let s = ok(&mut c, "CreateSubnet", json!({"VpcId": v, "CidrBlock": "10.0.0.0/28", "AvailabilityZone": "us-east-1a"}))["Subnet"]["SubnetId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(available(&c, &s), 11);
    let img = image(&mut c);
    let r = ok(&mut c, "RunInstances", json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 20, "SubnetId": s}));
    assert_eq!(r["Instances"].as_array().unwrap().len(), 11, "as many as fit");
    assert_eq!(available(&c, &s), 0);
    let e = refused(&mut c, "RunInstances", json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "SubnetId": s}));
    assert_eq!(e.code, "InsufficientFreeAddressesInSubnet");
    assert_eq!(refused(&mut c, "CreateNetworkInterface", json!({"SubnetId": s})).code, "InsufficientFreeAddressesInSubnet");
}

#[test]
fn run_instances_network_interfaces() {
    let mut c = Cloud::new(0);
    let l = lab(&mut c);
    let img = image(&mut c);
    let base = json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1});
    let with = |extra: Value| {
        let mut p = base.clone();
        for (k, v) in extra.as_object().unwrap() {
            p[k] = v.clone();
        }
        p
    };
    // Two new interfaces: eth0 in the public subnet, eth1 in the private one; no public IP with two.
    let i = ok(
        &mut c,
        "RunInstances",
        with(json!({"NetworkInterfaces": [
        {"DeviceIndex": 0, "SubnetId": l.public, "PrivateIpAddress": "10.0.1.20", "Description": "front"},
        {"DeviceIndex": 1, "SubnetId": l.private, "SecondaryPrivateIpAddressCount": 1}]})),
    )["Instances"][0]
        .clone();
    assert_eq!(i["SubnetId"], l.public.as_str());
    assert_eq!(i["PrivateIpAddress"], "10.0.1.20");
    assert!(i.get("PublicIpAddress").is_none());
    assert_eq!(i["NetworkInterfaces"].as_array().unwrap().len(), 2);
    assert_eq!(i["NetworkInterfaces"][1]["PrivateIpAddresses"].as_array().unwrap().len(), 2);
    // AssociatePublicIpAddress on a private subnet's eth0.
    let i = ok(&mut c, "RunInstances", with(json!({"NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": l.private, "AssociatePublicIpAddress": true}]})))
        ["Instances"][0]
        .clone();
    assert!(i["PublicIpAddress"].is_string());
    let i = ok(&mut c, "RunInstances", with(json!({"NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": l.public, "AssociatePublicIpAddress": false}]})))
        ["Instances"][0]
        .clone();
    assert!(i.get("PublicIpAddress").is_none());
    // An existing ENI as eth0 (it survives termination: DeleteOnTermination defaults to false).
    let eni = ok(&mut c, "CreateNetworkInterface", json!({"SubnetId": l.private}))["NetworkInterface"]["NetworkInterfaceId"].as_str().unwrap().to_string();
    let i = ok(&mut c, "RunInstances", with(json!({"NetworkInterfaces": [{"DeviceIndex": 0, "NetworkInterfaceId": eni}]})))["Instances"][0].clone();
    assert_eq!(i["NetworkInterfaces"][0]["NetworkInterfaceId"], eni.as_str());
    c.advance(120_000);
    ok(&mut c, "TerminateInstances", json!({"InstanceIds": [i["InstanceId"]]}));
    c.advance(300_000);
    assert_eq!(ok(&mut c, "DescribeNetworkInterfaces", json!({"NetworkInterfaceIds": [eni]}))["NetworkInterfaces"][0]["Status"], "available");
    // Refusals.
    let cases = [
        (json!({"SubnetId": l.public, "NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": l.public}]}), "InvalidParameterCombination"),
        (json!({"SecurityGroupIds": ["sg-0123456789abcdef0"], "NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": l.public}]}), "InvalidParameterCombination"),
        (json!({"PrivateIpAddress": "10.0.1.9", "NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": l.public}]}), "InvalidParameterCombination"),
        (json!({"NetworkInterfaces": [{"SubnetId": l.public}]}), "MissingParameter"),
        (json!({"NetworkInterfaces": [{"DeviceIndex": 1, "SubnetId": l.public}]}), "InvalidParameterValue"),
        (json!({"NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": l.public}, {"DeviceIndex": 0, "SubnetId": l.private}]}), "InvalidParameterValue"),
        (
            json!({"NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": l.public, "AssociatePublicIpAddress": true}, {"DeviceIndex": 1, "SubnetId": l.private}]}),
            "InvalidParameterCombination",
        ),
        (json!({"NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": l.public, "PrivateIpAddress": "10.0.1.20"}]}), "InvalidIPAddress.InUse"),
        (json!({"MaxCount": 2, "NetworkInterfaces": [{"DeviceIndex": 0, "NetworkInterfaceId": eni}]}), "InvalidParameterCombination"),
        (json!({"NetworkInterfaces": [{"DeviceIndex": 0, "NetworkInterfaceId": eni, "SubnetId": l.private}]}), "InvalidParameterCombination"),
        (json!({"NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": l.public, "Ipv6AddressCount": 1}]}), "Unsupported"),
    ];
    for (extra, code) in cases {
        let e = refused(&mut c, "RunInstances", with(extra.clone()));
        assert_eq!(e.code, code, "{extra}: {}", e.message);
    }
    // Security groups must be in the subnet's VPC.
    let default_sg = ok(&mut c, "DescribeSecurityGroups", json!({"Filters": [{"Name": "group-name", "Values": ["default"]}]}))["SecurityGroups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["VpcId"] != l.vpc.as_str())
        .unwrap()["GroupId"]
        .clone();
    let e = refused(&mut c, "RunInstances", with(json!({"SubnetId": l.public, "SecurityGroupIds": [default_sg]})));
    assert_eq!(e.code, "InvalidParameter");
    assert!(e.message.ends_with("belong to different networks."), "{}", e.message);
}

#[test]
fn nat_gateways() {
    let mut c = Cloud::new(0);
    let l = lab(&mut c);
    let a = ok(&mut c, "AllocateAddress", json!({"Domain": "vpc"}))["AllocationId"].as_str().unwrap().to_string();
    assert_eq!(refused(&mut c, "CreateNatGateway", json!({"SubnetId": l.public})).code, "MissingParameter");
    assert_eq!(
        refused(&mut c, "CreateNatGateway", json!({"SubnetId": l.public, "AllocationId": a, "ConnectivityType": "private"})).code,
        "InvalidParameterCombination"
    );
    assert_eq!(
        refused(&mut c, "CreateNatGateway", json!({"SubnetId": l.public, "AllocationId": "eipalloc-0123456789abcdef0"})).code,
        "InvalidAllocationID.NotFound"
    );
    let n = ok(
        &mut c,
        "CreateNatGateway",
        json!({"SubnetId": l.public, "AllocationId": a, "TagSpecifications": [{"ResourceType": "natgateway", "Tags": [{"Key": "Name", "Value": "nat"}]}]}),
    );
    insta::assert_json_snapshot!("create_nat_gateway", n);
    let id = n["NatGateway"]["NatGatewayId"].as_str().unwrap().to_string();
    assert_eq!(n["NatGateway"]["State"], "pending");
    assert_eq!(available(&c, &l.public), 250, "the NAT gateway's ENI takes an address");
    assert_eq!(refused(&mut c, "CreateNatGateway", json!({"SubnetId": l.public, "AllocationId": a})).code, "Resource.AlreadyAssociated");
    // Route the private subnet's internet traffic through it; the route is a blackhole until the gateway is available.
    let main = ok(&mut c, "DescribeRouteTables", json!({"Filters": [{"Name": "vpc-id", "Values": [l.vpc]}, {"Name": "association.main", "Values": ["true"]}]}))
        ["RouteTables"][0]["RouteTableId"]
        .clone();
    ok(&mut c, "CreateRoute", json!({"RouteTableId": main, "DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": id}));
    let state = |c: &mut Cloud| ok(c, "DescribeRouteTables", json!({"RouteTableIds": [main]}))["RouteTables"][0]["Routes"][1]["State"].clone();
    assert_eq!(state(&mut c), "blackhole");
    c.advance(200_000);
    let d = ok(&mut c, "DescribeNatGateways", json!({"Filter": [{"Name": "state", "Values": ["available"]}]}));
    insta::assert_json_snapshot!("describe_nat_gateways", d);
    assert_eq!(state(&mut c), "active");
    let net = &c.world.regions[R].network;
    let route = net.route_for(&l.private, ec2lab::network::parse_ip("1.1.1.1").unwrap()).unwrap();
    assert_eq!(route.target, ec2lab::network::RouteTarget::NatGateway(id.clone()));
    // The NAT's interface is managed by AWS.
    let nat_eni = d["NatGateways"][0]["NatGatewayAddresses"][0]["NetworkInterfaceId"].clone();
    assert_eq!(refused(&mut c, "DeleteNetworkInterface", json!({"NetworkInterfaceId": nat_eni})).code, "OperationNotPermitted");
    assert_eq!(refused(&mut c, "DeleteSubnet", json!({"SubnetId": l.public})).code, "DependencyViolation");
    assert_eq!(refused(&mut c, "ReleaseAddress", json!({"AllocationId": a})).code, "InvalidIPAddress.InUse");
    // Its Elastic IP stays with it, and no other address goes on its interface.
    let nat_assoc = d["NatGateways"][0]["NatGatewayAddresses"][0]["AssociationId"].clone();
    assert_eq!(refused(&mut c, "DisassociateAddress", json!({"AssociationId": nat_assoc})).code, "OperationNotPermitted");
    let spare = l_eni(&mut c, &l);
    assert_eq!(refused(&mut c, "AssociateAddress", json!({"AllocationId": a, "NetworkInterfaceId": spare})).code, "OperationNotPermitted");
    let other = ok(&mut c, "AllocateAddress", json!({}))["AllocationId"].clone();
    assert_eq!(refused(&mut c, "AssociateAddress", json!({"AllocationId": other, "NetworkInterfaceId": nat_eni})).code, "OperationNotPermitted");
    ok(&mut c, "ReleaseAddress", json!({"AllocationId": other}));
    // Delete: deleting, then deleted (ENI and EIP freed); still visible for an hour.
    assert_eq!(ok(&mut c, "DeleteNatGateway", json!({"NatGatewayId": id}))["NatGatewayId"], id.as_str());
    assert_eq!(ok(&mut c, "DescribeNatGateways", json!({"NatGatewayIds": [id]}))["NatGateways"][0]["State"], "deleting");
    assert_eq!(refused(&mut c, "DeleteNatGateway", json!({"NatGatewayId": id})).code, "NatGatewayNotFound");
    c.advance(120_000);
    assert_eq!(ok(&mut c, "DescribeNatGateways", json!({"NatGatewayIds": [id]}))["NatGateways"][0]["State"], "deleted");
    assert_eq!(state(&mut c), "blackhole");
    assert_eq!(available(&c, &l.public), 251);
    ok(&mut c, "ReleaseAddress", json!({"AllocationId": a}));
    c.advance(3_700_000);
    assert_eq!(ok(&mut c, "DescribeNatGateways", json!({}))["NatGateways"].as_array().unwrap().len(), 0);
    assert_eq!(refused(&mut c, "DescribeNatGateways", json!({"Filter": [{"Name": "colour", "Values": ["x"]}]})).code, "InvalidParameterValue");
}

#[test]
fn describe_instances_shows_every_interface() {
    let mut c = Cloud::new(0);
    let l = lab(&mut c);
    let i = run(
        &mut c,
        json!({"InstanceType": "t3.large", "NetworkInterfaces": [
        {"DeviceIndex": 0, "SubnetId": l.public, "PrivateIpAddress": "10.0.1.30", "SecondaryPrivateIpAddressCount": 1},
        {"DeviceIndex": 1, "SubnetId": l.private, "DeleteOnTermination": false}]}),
    );
    let id = i["InstanceId"].as_str().unwrap().to_string();
    let eni0 = i["NetworkInterfaces"][0]["NetworkInterfaceId"].clone();
    let a = ok(&mut c, "AllocateAddress", json!({}))["AllocationId"].clone();
    ok(&mut c, "AssociateAddress", json!({"AllocationId": a, "NetworkInterfaceId": eni0, "PrivateIpAddress": "10.0.1.30"}));
    c.advance(120_000);
    let d = ok(&mut c, "DescribeInstances", json!({"InstanceIds": [id]}));
    insta::assert_json_snapshot!("instance_two_interfaces_eip", d["Reservations"][0]["Instances"][0]["NetworkInterfaces"]);
    let inst = &d["Reservations"][0]["Instances"][0];
    assert_eq!(inst["PublicIpAddress"], d["Reservations"][0]["Instances"][0]["NetworkInterfaces"][0]["Association"]["PublicIp"]);
    assert_eq!(inst["PublicDnsName"], "", "a new VPC has DNS hostnames off");
    // Filters over every interface.
    let f = ok(&mut c, "DescribeInstances", json!({"Filters": [{"Name": "network-interface.subnet-id", "Values": [l.private]}]}));
    assert_eq!(f["Reservations"][0]["Instances"][0]["InstanceId"], id.as_str(), "eth1 is in the private subnet");
    let f = ok(&mut c, "DescribeInstances", json!({"Filters": [{"Name": "network-interface.addresses.private-ip-address", "Values": ["10.0.2.*"]}]}));
    assert_eq!(f["Reservations"][0]["Instances"][0]["InstanceId"], id.as_str());
}
