"""botocore's network waiters work on the simulated VPC resources, in virtual time."""
from __future__ import annotations

import ec2lab


def test_network_waiters():
    cloud = ec2lab.Cloud(seed=0)
    ec2 = cloud.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    ec2.get_waiter("vpc_exists").wait(VpcIds=[vpc])
    ec2.get_waiter("vpc_available").wait(VpcIds=[vpc])
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    ec2.get_waiter("subnet_available").wait(SubnetIds=[subnet])
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.get_waiter("internet_gateway_exists").wait(InternetGatewayIds=[igw])
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    eni = ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]["NetworkInterfaceId"]
    ec2.get_waiter("network_interface_available").wait(NetworkInterfaceIds=[eni])
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=allocation)["NatGateway"]
    assert nat["State"] == "pending"
    start = cloud.now
    ec2.get_waiter("nat_gateway_available").wait(NatGatewayIds=[nat["NatGatewayId"]])
    assert cloud.now > start, "becoming available takes (virtual) time"
    ec2.delete_nat_gateway(NatGatewayId=nat["NatGatewayId"])
    ec2.get_waiter("nat_gateway_deleted").wait(NatGatewayIds=[nat["NatGatewayId"]])
    assert ec2.describe_nat_gateways(NatGatewayIds=[nat["NatGatewayId"]])["NatGateways"][0]["State"] == "deleted"
    # The NAT gateway's interface is gone and its Elastic IP is free again.
    assert "AssociationId" not in ec2.describe_addresses(AllocationIds=[allocation])["Addresses"][0]
