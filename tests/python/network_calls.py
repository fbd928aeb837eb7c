"""Example calls of the VPC, subnet, gateway, route table, ENI and address operations for
test_every_operation_shape.py: each builds what it needs in the world (a VPC with an internet
gateway, subnets, an ENI, an Elastic IP) and then makes the call whose response is checked."""
from __future__ import annotations


def _vpc(ec2) -> str:
    return ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]


def _lab(ec2) -> dict:
    """A VPC with an attached internet gateway, a subnet in us-east-1a, a custom route table
    associated with it, an ENI and an Elastic IP."""
    vpc = _vpc(ec2)
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    assoc = ec2.associate_route_table(RouteTableId=rtb, SubnetId=subnet)["AssociationId"]
    eni = ec2.create_network_interface(SubnetId=subnet, SecondaryPrivateIpAddressCount=1)["NetworkInterface"]
    alloc = ec2.allocate_address(Domain="vpc")["AllocationId"]
    return {"vpc": vpc, "subnet": subnet, "igw": igw, "rtb": rtb, "assoc": assoc, "eni": eni["NetworkInterfaceId"],
            "secondary": eni["PrivateIpAddresses"][1]["PrivateIpAddress"], "alloc": alloc}


def _attached(ec2, ids) -> dict:
    """The lab's ENI attached to the first (running) instance, which sits in us-east-1a."""
    lab = _lab(ec2)
    image = ec2.describe_instances(InstanceIds=ids[:1])["Reservations"][0]["Instances"][0]["ImageId"]
    iid = ec2.run_instances(ImageId=image, InstanceType="t3.large", MinCount=1, MaxCount=1, SubnetId=lab["subnet"])["Instances"][0]["InstanceId"]
    lab["instance"] = iid
    return lab


def _nat(ec2) -> dict:
    lab = _lab(ec2)
    lab["nat"] = ec2.create_nat_gateway(SubnetId=lab["subnet"], AllocationId=lab["alloc"])["NatGateway"]["NatGatewayId"]
    return lab


def _associated(ec2, ids) -> dict:
    lab = _lab(ec2)
    lab["association"] = ec2.associate_address(AllocationId=lab["alloc"], NetworkInterfaceId=lab["eni"])["AssociationId"]
    return lab


NETWORK_CALLS = {
    # VPCs and subnets
    "CreateVpc": lambda ec2, image, ids: ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=[{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "lab"}]}]),
    "DeleteVpc": lambda ec2, image, ids: ec2.delete_vpc(VpcId=_vpc(ec2)),
    "DescribeVpcs": lambda ec2, image, ids: (_vpc(ec2), ec2.describe_vpcs())[1],
    "ModifyVpcAttribute": lambda ec2, image, ids: ec2.modify_vpc_attribute(VpcId=_vpc(ec2), EnableDnsHostnames={"Value": True}),
    "DescribeVpcAttribute": lambda ec2, image, ids: ec2.describe_vpc_attribute(VpcId=_vpc(ec2), Attribute="enableDnsSupport"),
    "CreateSubnet": lambda ec2, image, ids: ec2.create_subnet(VpcId=_vpc(ec2), CidrBlock="10.0.7.0/24"),
    "DeleteSubnet": lambda ec2, image, ids: ec2.delete_subnet(SubnetId=ec2.create_subnet(VpcId=_vpc(ec2), CidrBlock="10.0.7.0/24")["Subnet"]["SubnetId"]),
    "DescribeSubnets": lambda ec2, image, ids: (_lab(ec2), ec2.describe_subnets())[1],
    "ModifySubnetAttribute": lambda ec2, image, ids: ec2.modify_subnet_attribute(SubnetId=_lab(ec2)["subnet"], MapPublicIpOnLaunch={"Value": True}),
    # gateways and routes
    "CreateInternetGateway": lambda ec2, image, ids: ec2.create_internet_gateway(),
    "AttachInternetGateway": lambda ec2, image, ids: ec2.attach_internet_gateway(InternetGatewayId=ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"], VpcId=_vpc(ec2)),
    "DetachInternetGateway": lambda ec2, image, ids: (lambda lab: (ec2.release_address(AllocationId=lab["alloc"]), ec2.detach_internet_gateway(InternetGatewayId=lab["igw"], VpcId=lab["vpc"]))[1])(_lab(ec2)),
    "DeleteInternetGateway": lambda ec2, image, ids: ec2.delete_internet_gateway(InternetGatewayId=ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]),
    "DescribeInternetGateways": lambda ec2, image, ids: (_lab(ec2), ec2.describe_internet_gateways())[1],
    "CreateRouteTable": lambda ec2, image, ids: ec2.create_route_table(VpcId=_vpc(ec2)),
    "DeleteRouteTable": lambda ec2, image, ids: ec2.delete_route_table(RouteTableId=ec2.create_route_table(VpcId=_vpc(ec2))["RouteTable"]["RouteTableId"]),
    "DescribeRouteTables": lambda ec2, image, ids: (lambda lab: (ec2.create_route(RouteTableId=lab["rtb"], DestinationCidrBlock="192.168.0.0/16", NatGatewayId=lab["nat"]),
                                                                 ec2.describe_route_tables())[1])(_nat(ec2)),
    "CreateRoute": lambda ec2, image, ids: (lambda lab: ec2.create_route(RouteTableId=lab["rtb"], DestinationCidrBlock="192.168.0.0/16", NetworkInterfaceId=lab["eni"]))(_lab(ec2)),
    "ReplaceRoute": lambda ec2, image, ids: (lambda lab: ec2.replace_route(RouteTableId=lab["rtb"], DestinationCidrBlock="0.0.0.0/0", GatewayId=lab["igw"]))(_lab(ec2)),
    "DeleteRoute": lambda ec2, image, ids: (lambda lab: ec2.delete_route(RouteTableId=lab["rtb"], DestinationCidrBlock="0.0.0.0/0"))(_lab(ec2)),
    "AssociateRouteTable": lambda ec2, image, ids: (lambda lab: ec2.associate_route_table(RouteTableId=lab["rtb"],
                                                                                         SubnetId=ec2.create_subnet(VpcId=lab["vpc"], CidrBlock="10.0.8.0/24")["Subnet"]["SubnetId"]))(_lab(ec2)),
    "DisassociateRouteTable": lambda ec2, image, ids: ec2.disassociate_route_table(AssociationId=_lab(ec2)["assoc"]),
    "ReplaceRouteTableAssociation": lambda ec2, image, ids: (lambda lab: ec2.replace_route_table_association(
        AssociationId=lab["assoc"], RouteTableId=ec2.create_route_table(VpcId=lab["vpc"])["RouteTable"]["RouteTableId"]))(_lab(ec2)),
    "CreateNatGateway": lambda ec2, image, ids: (lambda lab: ec2.create_nat_gateway(SubnetId=lab["subnet"], AllocationId=lab["alloc"]))(_lab(ec2)),
    "DeleteNatGateway": lambda ec2, image, ids: ec2.delete_nat_gateway(NatGatewayId=_nat(ec2)["nat"]),
    "DescribeNatGateways": lambda ec2, image, ids: (_nat(ec2), ec2.describe_nat_gateways())[1],
    # network interfaces and addresses
    "CreateNetworkInterface": lambda ec2, image, ids: ec2.create_network_interface(SubnetId=_lab(ec2)["subnet"], Description="extra", SecondaryPrivateIpAddressCount=2),
    "AttachNetworkInterface": lambda ec2, image, ids: (lambda lab: (ec2.get_waiter("instance_running").wait(InstanceIds=[lab["instance"]]),
                                                                    ec2.attach_network_interface(NetworkInterfaceId=lab["eni"], InstanceId=lab["instance"], DeviceIndex=1))[1])(_attached(ec2, ids)),
    "DetachNetworkInterface": lambda ec2, image, ids: (lambda lab: (ec2.get_waiter("instance_running").wait(InstanceIds=[lab["instance"]]),
                                                                    ec2.detach_network_interface(AttachmentId=ec2.attach_network_interface(NetworkInterfaceId=lab["eni"], InstanceId=lab["instance"], DeviceIndex=1)["AttachmentId"]))[1])(_attached(ec2, ids)),
    "DeleteNetworkInterface": lambda ec2, image, ids: ec2.delete_network_interface(NetworkInterfaceId=_lab(ec2)["eni"]),
    "DescribeNetworkInterfaces": lambda ec2, image, ids: (_associated(ec2, ids), ec2.describe_network_interfaces())[1],
    "AssignPrivateIpAddresses": lambda ec2, image, ids: ec2.assign_private_ip_addresses(NetworkInterfaceId=_lab(ec2)["eni"], SecondaryPrivateIpAddressCount=1),
    "UnassignPrivateIpAddresses": lambda ec2, image, ids: (lambda lab: ec2.unassign_private_ip_addresses(NetworkInterfaceId=lab["eni"], PrivateIpAddresses=[lab["secondary"]]))(_lab(ec2)),
    "ModifyNetworkInterfaceAttribute": lambda ec2, image, ids: ec2.modify_network_interface_attribute(NetworkInterfaceId=_lab(ec2)["eni"], SourceDestCheck={"Value": False}),
    "AllocateAddress": lambda ec2, image, ids: ec2.allocate_address(Domain="vpc"),
    "AssociateAddress": lambda ec2, image, ids: ec2.associate_address(AllocationId=ec2.allocate_address(Domain="vpc")["AllocationId"], InstanceId=ids[0]),
    "DisassociateAddress": lambda ec2, image, ids: ec2.disassociate_address(AssociationId=_associated(ec2, ids)["association"]),
    "ReleaseAddress": lambda ec2, image, ids: ec2.release_address(AllocationId=ec2.allocate_address(Domain="vpc")["AllocationId"]),
    "DescribeAddresses": lambda ec2, image, ids: (_associated(ec2, ids), ec2.allocate_address(Domain="vpc"), ec2.describe_addresses())[2],
}
