"""boto3's resource layer (``boto3.resource("ec2")``) on the bridge: collections, load/reload,
actions and wait_until_* (in virtual time).

The tests of domains that land in other branches (volumes, snapshots, VPCs, subnets, security
groups) skip, naming what is missing, only while the operations they call are not implemented:
they run as soon as ``Core.implemented_operations("ec2")`` lists them."""
from __future__ import annotations

import boto3
import pytest

import ec2lab
from ec2lab import _core

X86 = "al2023-ami-2023*-x86_64"


def needs(*operations):
    missing = sorted(set(operations) - set(_core.Core.implemented_operations("ec2")))
    return pytest.mark.skipif(bool(missing), reason=f"ec2lab does not implement {', '.join(missing)} yet (lands with its domain)")


@pytest.fixture
def ec2():
    with ec2lab.mock_aws() as cloud:
        resource = boto3.resource("ec2", region_name="us-east-1")
        resource.cloud = cloud
        yield resource


def image_id(ec2) -> str:
    images = ec2.images.filter(Filters=[{"Name": "name", "Values": [X86]}])
    return next(iter(images)).id


def launch(ec2, count=1, **params):
    return ec2.create_instances(ImageId=image_id(ec2), InstanceType="t3.micro", MinCount=count, MaxCount=count, **params)


def test_instances_lifecycle_through_the_resource_layer(ec2):
    cloud = ec2.cloud
    (inst,) = launch(ec2, TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}]}])
    assert inst.state["Name"] == "pending"
    start = cloud.now
    inst.wait_until_running()
    assert cloud.now > start
    assert inst.state["Name"] == "pending"  # boto3 keeps the loaded attributes until reload()
    inst.reload()
    assert inst.state["Name"] == "running"
    assert inst.public_ip_address and inst.private_ip_address and inst.placement["AvailabilityZone"].startswith("us-east-1")
    assert {t["Key"]: t["Value"] for t in inst.tags} == {"Name": "web"}
    inst.stop()
    inst.reload()
    assert inst.state["Name"] == "stopping"
    inst.wait_until_stopped()
    inst.reload()
    assert inst.state["Name"] == "stopped" and inst.public_ip_address is None
    inst.start()
    inst.wait_until_running()
    inst.reboot()
    inst.create_tags(Tags=[{"Key": "env", "Value": "lab"}])
    inst.load()
    assert {t["Key"] for t in inst.tags} == {"Name", "env"}
    inst.terminate()
    inst.wait_until_terminated()
    inst.reload()
    assert inst.state["Name"] == "terminated"


def test_collections_filter_and_batch_actions(ec2):
    web = launch(ec2, 3, TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "role", "Value": "web"}]}])
    launch(ec2, 2, TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "role", "Value": "db"}]}])
    assert len(list(ec2.instances.all())) == 5
    found = ec2.instances.filter(Filters=[{"Name": "tag:role", "Values": ["web"]}])
    assert sorted(i.id for i in found) == sorted(i.id for i in web)
    assert len(list(ec2.instances.filter(Filters=[{"Name": "tag:role", "Values": ["web"]}]).page_size(5).limit(2))) == 2
    ec2.meta.client.get_waiter("instance_running").wait(InstanceIds=[i.id for i in web])
    found.stop()  # a batch action: one StopInstances for the filtered instances
    ec2.meta.client.get_waiter("instance_stopped").wait(InstanceIds=[i.id for i in web])
    states = {i.state["Name"] for i in ec2.instances.filter(Filters=[{"Name": "instance-state-name", "Values": ["stopped"]}])}
    assert states == {"stopped"}
    ec2.instances.all().terminate()
    assert {i.state["Name"] for i in ec2.instances.all()} <= {"shutting-down", "terminated"}


def test_an_unknown_instance_load_raises_client_error(ec2):
    import botocore.exceptions

    with pytest.raises(botocore.exceptions.ClientError) as info:
        ec2.Instance("i-0123456789abcdef0").load()
    assert info.value.response["Error"]["Code"] == "InvalidInstanceID.NotFound"


def test_images(ec2):
    image = ec2.Image(image_id(ec2))
    image.load()
    assert image.architecture == "x86_64" and image.root_device_type == "ebs" and image.state == "available"
    assert image.creation_date and image.name.startswith("al2023-ami-2023")


def test_regions_and_zones_through_the_client_of_a_resource(ec2):
    zones = ec2.meta.client.describe_availability_zones()["AvailabilityZones"]
    assert {z["RegionName"] for z in zones} == {"us-east-1"}


@needs("CreateVolume", "DescribeVolumes", "AttachVolume", "DetachVolume", "DeleteVolume")
def test_volumes(ec2):
    (inst,) = launch(ec2, Placement={"AvailabilityZone": "us-east-1a"})
    inst.wait_until_running()
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, VolumeType="gp3")
    ec2.meta.client.get_waiter("volume_available").wait(VolumeIds=[volume.id])
    volume.reload()
    assert volume.state == "available" and volume.size == 8
    volume.attach_to_instance(InstanceId=inst.id, Device="/dev/sdf")
    ec2.meta.client.get_waiter("volume_in_use").wait(VolumeIds=[volume.id])
    volume.reload()
    assert volume.attachments[0]["InstanceId"] == inst.id
    assert volume.id in {v.id for v in inst.volumes.all()}
    volume.detach_from_instance(InstanceId=inst.id)
    ec2.meta.client.get_waiter("volume_available").wait(VolumeIds=[volume.id])
    volume.delete()
    ec2.meta.client.get_waiter("volume_deleted").wait(VolumeIds=[volume.id])


@needs("CreateVolume", "CreateSnapshot", "DescribeSnapshots", "DeleteSnapshot")
def test_snapshots(ec2):
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)
    ec2.meta.client.get_waiter("volume_available").wait(VolumeIds=[volume.id])
    snapshot = volume.create_snapshot(Description="lab")
    assert snapshot.state == "pending"  # the CreateSnapshot answer, as on AWS
    snapshot.wait_until_completed()
    snapshot.reload()  # boto3's waiters do not reload the resource
    assert snapshot.state == "completed" and snapshot.volume_id == volume.id
    assert snapshot.id in {s.id for s in ec2.snapshots.filter(OwnerIds=["self"])}
    snapshot.delete()


@needs("CreateVpc", "DescribeVpcs", "CreateSubnet", "DescribeSubnets", "DeleteSubnet", "DeleteVpc")
def test_vpcs_and_subnets(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")
    vpc.wait_until_available()
    vpc.reload()
    assert vpc.cidr_block == "10.0.0.0/16" and vpc.state == "available"
    subnet = vpc.create_subnet(CidrBlock="10.0.1.0/24", AvailabilityZone="us-east-1a")
    subnet.reload()
    assert subnet.vpc_id == vpc.id and subnet.cidr_block == "10.0.1.0/24"
    assert subnet.id in {s.id for s in vpc.subnets.all()}
    subnet.delete()
    vpc.delete()


@needs("CreateVpc", "CreateSecurityGroup", "DescribeSecurityGroups", "AuthorizeSecurityGroupIngress", "DeleteSecurityGroup")
def test_security_groups(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")
    group = ec2.create_security_group(GroupName="web", Description="web servers", VpcId=vpc.id)
    group.authorize_ingress(IpPermissions=[{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    group.reload()
    assert group.group_name == "web" and group.vpc_id == vpc.id
    assert any(p.get("FromPort") == 80 for p in group.ip_permissions)
    group.delete()
