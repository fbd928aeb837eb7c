"""Every refusal of the VPC, subnet, gateway, route table, ENI and Elastic IP operations, through
the client, with the machinery of test_refusals.py: the AWS code and status, the exact message
where aws-facts.md quotes it, hints in English and Korean, and a world left exactly as it was
(the network as Describe* shows it, too) with nothing drawn from the seeded generator."""
from __future__ import annotations

import pytest

import ec2lab
from test_refusals import Case, check_refusal, Lab, _params, _strip, _text, after_a_probe_launch, fresh, refused, world

UNKNOWN_VPC = "vpc-0123456789abcdef0"
UNKNOWN_SUBNET = "subnet-0123456789abcdef0"


class NetLab(Lab):
    """A VPC 10.0.0.0/16 with an attached internet gateway, a public subnet (10.0.1.0/24, route to
    the gateway, auto public IPs) and a private one (10.0.2.0/24), both in us-east-1a; an ENI in
    the private subnet and an Elastic IP."""

    def __init__(self, cloud):
        super().__init__(cloud)
        ec2 = self.ec2
        self.vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        self.public = ec2.create_subnet(VpcId=self.vpc, CidrBlock="10.0.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
        self.private = ec2.create_subnet(VpcId=self.vpc, CidrBlock="10.0.2.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
        ec2.modify_subnet_attribute(SubnetId=self.public, MapPublicIpOnLaunch={"Value": True})
        self.igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        ec2.attach_internet_gateway(InternetGatewayId=self.igw, VpcId=self.vpc)
        self.rtb = ec2.create_route_table(VpcId=self.vpc)["RouteTable"]["RouteTableId"]
        ec2.create_route(RouteTableId=self.rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=self.igw)
        self.assoc = ec2.associate_route_table(RouteTableId=self.rtb, SubnetId=self.public)["AssociationId"]
        main = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [self.vpc]}, {"Name": "association.main", "Values": ["true"]}])["RouteTables"][0]
        self.main, self.main_assoc = main["RouteTableId"], main["Associations"][0]["RouteTableAssociationId"]
        self.eni = ec2.create_network_interface(SubnetId=self.private, PrivateIpAddress="10.0.2.50")["NetworkInterface"]["NetworkInterfaceId"]
        self.alloc = ec2.allocate_address(Domain="vpc")["AllocationId"]


def net(cloud):
    return NetLab(cloud)


def net_running(cloud):
    """NetLab with a running t3.micro in the public subnet (with a public IP)."""
    lab = NetLab(cloud)
    lab.launch(SubnetId=lab.public, InstanceType="t3.micro")
    lab.wait("instance_running")
    return lab


def net_eip_on_instance(cloud):
    lab = net_running(cloud)
    lab.association = lab.ec2.associate_address(AllocationId=lab.alloc, InstanceId=lab.i)["AssociationId"]
    return lab


def net_nat(cloud):
    lab = NetLab(cloud)
    lab.nat = lab.ec2.create_nat_gateway(SubnetId=lab.public, AllocationId=lab.alloc)["NatGateway"]["NatGatewayId"]
    return lab


def net_spare_igw(cloud):
    lab = NetLab(cloud)
    lab.spare = lab.ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    return lab


def five_eips(cloud):
    lab = Lab(cloud)
    for _ in range(5):
        lab.ec2.allocate_address(Domain="vpc")
    return lab


def five_vpcs(cloud):
    lab = Lab(cloud)
    for n in range(4):
        lab.ec2.create_vpc(CidrBlock=f"10.{n}.0.0/16")
    return lab


def network_world(lab: Lab) -> dict:
    ec2 = lab.ec2
    return {
        **world(lab),
        "vpcs": _strip(ec2.describe_vpcs()),
        "subnets": _strip(ec2.describe_subnets()),
        "igws": _strip(ec2.describe_internet_gateways()),
        "route_tables": _strip(ec2.describe_route_tables()),
        "nat_gateways": _strip(ec2.describe_nat_gateways()),
        "enis": _strip(ec2.describe_network_interfaces()),
        "addresses": _strip(ec2.describe_addresses()),
    }


def _run(lab, **params):
    return lab.ec2.run_instances(**{"ImageId": lab.image(), "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, **params})


CASES = [
    # VPCs
    Case("vpc-too-big", fresh, lambda lab: lab.ec2.create_vpc(CidrBlock="10.0.0.0/8"), "InvalidVpc.Range", "The CIDR '10.0.0.0/8' is invalid."),
    Case("vpc-too-small", fresh, lambda lab: lab.ec2.create_vpc(CidrBlock="10.0.0.0/29"), "InvalidVpc.Range", "The CIDR '10.0.0.0/29' is invalid."),
    Case("vpc-bad-cidr", fresh, lambda lab: lab.ec2.create_vpc(CidrBlock="10.0.0/16"), "InvalidParameterValue", mentions=lambda lab: ("10.0.0/16",)),
    Case("vpc-no-cidr", fresh, lambda lab: lab.ec2.create_vpc(), "MissingParameter"),
    Case("vpc-quota", five_vpcs, lambda lab: lab.ec2.create_vpc(CidrBlock="10.9.0.0/16"), "VpcLimitExceeded", "The maximum number of VPCs has been reached."),
    Case("vpc-ipv6", fresh, lambda lab: lab.ec2.create_vpc(CidrBlock="10.0.0.0/16", AmazonProvidedIpv6CidrBlock=True), "Unsupported"),
    Case("vpc-delete-dependencies", net, lambda lab: lab.ec2.delete_vpc(VpcId=lab.vpc), "DependencyViolation", lambda lab: f"The vpc '{lab.vpc}' has dependencies and cannot be deleted."),
    Case("vpc-delete-unknown", fresh, lambda lab: lab.ec2.delete_vpc(VpcId=UNKNOWN_VPC), "InvalidVpcID.NotFound", f"The vpc ID '{UNKNOWN_VPC}' does not exist"),
    Case("vpc-describe-unknown", fresh, lambda lab: lab.ec2.describe_vpcs(VpcIds=[UNKNOWN_VPC]), "InvalidVpcID.NotFound"),
    Case("vpc-attribute-two", net, lambda lab: lab.ec2.modify_vpc_attribute(VpcId=lab.vpc, EnableDnsSupport={"Value": True}, EnableDnsHostnames={"Value": True}), "InvalidParameterCombination"),
    Case("vpc-attribute-unknown", net, lambda lab: lab.ec2.describe_vpc_attribute(VpcId=lab.vpc, Attribute="colour"), "InvalidParameterValue", mentions=lambda lab: ("colour",)),
    Case("vpc-filter", fresh, lambda lab: lab.ec2.describe_vpcs(Filters=[{"Name": "colour", "Values": ["x"]}]), "InvalidParameterValue", "The filter 'colour' is invalid"),
    # subnets
    Case("subnet-outside", net, lambda lab: lab.ec2.create_subnet(VpcId=lab.vpc, CidrBlock="10.1.0.0/24"), "InvalidSubnet.Range", "The CIDR '10.1.0.0/24' is invalid."),
    Case("subnet-too-small", net, lambda lab: lab.ec2.create_subnet(VpcId=lab.vpc, CidrBlock="10.0.9.0/29"), "InvalidSubnet.Range", "The CIDR '10.0.9.0/29' is invalid."),
    Case("subnet-overlap", net, lambda lab: lab.ec2.create_subnet(VpcId=lab.vpc, CidrBlock="10.0.1.0/24"), "InvalidSubnet.Conflict", "The CIDR '10.0.1.0/24' conflicts with another subnet"),
    Case("subnet-az", net, lambda lab: lab.ec2.create_subnet(VpcId=lab.vpc, CidrBlock="10.0.9.0/24", AvailabilityZone="us-east-1z"), "InvalidParameterValue", mentions=lambda lab: ("us-east-1z",)),
    Case("subnet-unknown-vpc", fresh, lambda lab: lab.ec2.create_subnet(VpcId=UNKNOWN_VPC, CidrBlock="10.0.0.0/24"), "InvalidVpcID.NotFound"),
    Case("subnet-delete-in-use", net, lambda lab: lab.ec2.delete_subnet(SubnetId=lab.private), "DependencyViolation", lambda lab: f"The subnet '{lab.private}' has dependencies and cannot be deleted."),
    Case("subnet-delete-unknown", fresh, lambda lab: lab.ec2.delete_subnet(SubnetId=UNKNOWN_SUBNET), "InvalidSubnetID.NotFound", f"The subnet ID '{UNKNOWN_SUBNET}' does not exist"),
    Case("subnet-attribute-none", net, lambda lab: lab.ec2.modify_subnet_attribute(SubnetId=lab.public), "MissingParameter"),
    # internet gateways
    Case("igw-attach-twice", net, lambda lab: lab.ec2.attach_internet_gateway(InternetGatewayId=lab.igw, VpcId=lab.vpc), "Resource.AlreadyAssociated", mentions=lambda lab: (lab.igw,)),
    Case("igw-second-for-vpc", net_spare_igw, lambda lab: lab.ec2.attach_internet_gateway(InternetGatewayId=lab.spare, VpcId=lab.vpc), "Resource.AlreadyAssociated", mentions=lambda lab: (lab.vpc,)),
    Case("igw-delete-attached", net, lambda lab: lab.ec2.delete_internet_gateway(InternetGatewayId=lab.igw), "DependencyViolation"),
    Case("igw-detach-mapped", net_running, lambda lab: lab.ec2.detach_internet_gateway(InternetGatewayId=lab.igw, VpcId=lab.vpc), "DependencyViolation",
         lambda lab: f"Network {lab.vpc} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway."),
    Case("igw-detach-not-attached", net, lambda lab: lab.ec2.detach_internet_gateway(InternetGatewayId=lab.igw, VpcId=lab.ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]),
         "Gateway.NotAttached"),
    Case("igw-unknown", net, lambda lab: lab.ec2.attach_internet_gateway(InternetGatewayId="igw-0123456789abcdef0", VpcId=lab.vpc), "InvalidInternetGatewayID.NotFound"),
    # route tables
    Case("route-exists", net, lambda lab: lab.ec2.create_route(RouteTableId=lab.rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=lab.igw), "RouteAlreadyExists", "The route identified by 0.0.0.0/0 already exists."),
    Case("route-no-target", net, lambda lab: lab.ec2.create_route(RouteTableId=lab.rtb, DestinationCidrBlock="1.0.0.0/8"), "MissingParameter"),
    Case("route-replace-missing", net, lambda lab: lab.ec2.replace_route(RouteTableId=lab.rtb, DestinationCidrBlock="1.0.0.0/8", GatewayId=lab.igw), "InvalidRoute.NotFound"),
    Case("route-delete-missing", net, lambda lab: lab.ec2.delete_route(RouteTableId=lab.rtb, DestinationCidrBlock="1.0.0.0/8"), "InvalidRoute.NotFound"),
    Case("route-delete-local", net, lambda lab: lab.ec2.delete_route(RouteTableId=lab.rtb, DestinationCidrBlock="10.0.0.0/16"), "InvalidParameterValue"),
    Case("route-unknown-table", net, lambda lab: lab.ec2.create_route(RouteTableId="rtb-0123456789abcdef0", DestinationCidrBlock="1.0.0.0/8", GatewayId=lab.igw), "InvalidRouteTableID.NotFound"),
    Case("route-table-delete-main", net, lambda lab: lab.ec2.delete_route_table(RouteTableId=lab.main), "DependencyViolation"),
    Case("route-table-delete-associated", net, lambda lab: lab.ec2.delete_route_table(RouteTableId=lab.rtb), "DependencyViolation"),
    Case("route-table-associate-twice", net, lambda lab: lab.ec2.associate_route_table(RouteTableId=lab.main, SubnetId=lab.public), "Resource.AlreadyAssociated"),
    Case("route-table-disassociate-main", net, lambda lab: lab.ec2.disassociate_route_table(AssociationId=lab.main_assoc), "InvalidParameterValue"),
    Case("route-table-unknown-association", net, lambda lab: lab.ec2.disassociate_route_table(AssociationId="rtbassoc-0123456789abcdef0"), "InvalidAssociationID.NotFound"),
    # NAT gateways
    Case("nat-no-eip", net, lambda lab: lab.ec2.create_nat_gateway(SubnetId=lab.public), "MissingParameter"),
    Case("nat-eip-in-use", net_nat, lambda lab: lab.ec2.create_nat_gateway(SubnetId=lab.public, AllocationId=lab.alloc), "Resource.AlreadyAssociated"),
    Case("nat-eip-disassociate", net_nat, lambda lab: lab.ec2.disassociate_address(AssociationId=lab.ec2.describe_addresses(AllocationIds=[lab.alloc])["Addresses"][0]["AssociationId"]),
         "OperationNotPermitted"),
    Case("nat-eip-move", net_nat, lambda lab: lab.ec2.associate_address(AllocationId=lab.alloc, NetworkInterfaceId=lab.eni), "OperationNotPermitted"),
    Case("nat-unknown", net, lambda lab: lab.ec2.delete_nat_gateway(NatGatewayId="nat-0123456789abcdef0"), "NatGatewayNotFound"),
    # network interfaces
    Case("eni-address-in-use", net, lambda lab: lab.ec2.create_network_interface(SubnetId=lab.private, PrivateIpAddress="10.0.2.50"), "InvalidIPAddress.InUse", "Address 10.0.2.50 is in use."),
    Case("eni-address-reserved", net, lambda lab: lab.ec2.create_network_interface(SubnetId=lab.private, PrivateIpAddress="10.0.2.3"), "InvalidParameterValue"),
    Case("eni-detach-primary", net_running, lambda lab: lab.ec2.detach_network_interface(AttachmentId=lab.instance()["NetworkInterfaces"][0]["Attachment"]["AttachmentId"]), "OperationNotPermitted",
         "The network interface at device index 0 cannot be detached."),
    Case("eni-delete-in-use", net_running, lambda lab: lab.ec2.delete_network_interface(NetworkInterfaceId=lab.instance()["NetworkInterfaces"][0]["NetworkInterfaceId"]), "InvalidNetworkInterface.InUse"),
    Case("eni-attach-index-taken", net_running, lambda lab: lab.ec2.attach_network_interface(NetworkInterfaceId=lab.eni, InstanceId=lab.i, DeviceIndex=0), "InvalidParameterValue"),
    Case("eni-unknown", fresh, lambda lab: lab.ec2.describe_network_interfaces(NetworkInterfaceIds=["eni-0123456789abcdef0"]), "InvalidNetworkInterfaceID.NotFound"),
    Case("eni-unassign-primary", net, lambda lab: lab.ec2.unassign_private_ip_addresses(NetworkInterfaceId=lab.eni, PrivateIpAddresses=["10.0.2.50"]), "InvalidParameterValue"),
    Case("eni-source-dest-check-no-value", net_running, lambda lab: lab.ec2.modify_instance_attribute(InstanceId=lab.i, SourceDestCheck={}), "MissingParameter"),
    # addresses
    Case("eip-quota", five_eips, lambda lab: lab.ec2.allocate_address(Domain="vpc"), "AddressLimitExceeded", "The maximum number of addresses has been reached."),
    Case("eip-release-in-use", net_eip_on_instance, lambda lab: lab.ec2.release_address(AllocationId=lab.alloc), "InvalidIPAddress.InUse"),
    Case("eip-no-reassociation", net_eip_on_instance, lambda lab: lab.ec2.associate_address(AllocationId=lab.alloc, NetworkInterfaceId=lab.eni, AllowReassociation=False), "Resource.AlreadyAssociated"),
    Case("eip-unknown", net, lambda lab: lab.ec2.associate_address(AllocationId="eipalloc-0123456789abcdef0", NetworkInterfaceId=lab.eni), "InvalidAllocationID.NotFound",
         "The allocation ID 'eipalloc-0123456789abcdef0' does not exist"),
    Case("eip-unknown-public-ip", fresh, lambda lab: lab.ec2.describe_addresses(PublicIps=["1.2.3.4"]), "InvalidAddress.NotFound"),
    # RunInstances' network members
    Case("launch-subnet-and-interfaces", net, lambda lab: _run(lab, SubnetId=lab.public, NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": lab.public}]), "InvalidParameterCombination",
         "Network interfaces and an instance-level subnet ID may not be specified on the same request"),
    Case("launch-address-in-use", net, lambda lab: _run(lab, SubnetId=lab.private, PrivateIpAddress="10.0.2.50"), "InvalidIPAddress.InUse", "Address 10.0.2.50 is in use."),
    Case("launch-foreign-group", net, lambda lab: _run(lab, SubnetId=lab.public,
                                                       SecurityGroupIds=[lab.ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]["GroupId"]]),
         "InvalidParameter", mentions=lambda lab: ("belong to different networks",)),
    Case("launch-public-ip-two-interfaces", net, lambda lab: _run(lab, NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": lab.public, "AssociatePublicIpAddress": True},
                                                                                        {"DeviceIndex": 1, "SubnetId": lab.private}]), "InvalidParameterCombination"),
]


def test_case_ids_are_unique():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", _params(CASES))
def test_network_refusal(case: Case):
    assert check_refusal(case, network_world).unchanged
