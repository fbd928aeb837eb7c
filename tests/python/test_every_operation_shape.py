"""Every implemented EC2 operation, called on a small world with an instance in it, answers in
botocore's output shape. A new operation must add an example call here (the last test checks)."""
from __future__ import annotations

import pytest

import ec2lab
from ec2lab import _core
from network_calls import NETWORK_CALLS
from security_calls import SECURITY_CALLS


def world():
    cloud = ec2lab.Cloud(seed=0)
    ec2 = cloud.client("ec2")
    ec2.create_key_pair(KeyName="lab", KeyType="ed25519")
    image = ec2.describe_images(Filters=[{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])["Images"][0]["ImageId"]
    ids = [i["InstanceId"] for i in ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=2, MaxCount=2,
                                                     TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}]}])["Instances"]]
    cloud.advance(300)
    return cloud, ec2, image, ids


# operation -> a call on (ec2, image, ids); every implemented operation has one.
CALLS = {
    "DescribeRegions": lambda ec2, image, ids: ec2.describe_regions(),
    "DescribeAvailabilityZones": lambda ec2, image, ids: ec2.describe_availability_zones(),
    "DescribeInstanceTypes": lambda ec2, image, ids: ec2.describe_instance_types(InstanceTypes=["t2.micro", "m5d.large", "c6gn.16xlarge"]),
    "DescribeInstanceTypeOfferings": lambda ec2, image, ids: ec2.describe_instance_type_offerings(LocationType="availability-zone", Filters=[{"Name": "instance-type", "Values": ["t3.*"]}]),
    "DescribeImages": lambda ec2, image, ids: ec2.describe_images(),
    "CreateKeyPair": lambda ec2, image, ids: ec2.create_key_pair(KeyName="new", KeyType="ed25519", TagSpecifications=[{"ResourceType": "key-pair", "Tags": [{"Key": "env", "Value": "lab"}]}]),
    "ImportKeyPair": lambda ec2, image, ids: ec2.import_key_pair(KeyName="mine", PublicKeyMaterial=b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA79YVPnHhDUk4ukn7K/KQyTi/RsvXNAV5KYUEKUDMuj me@laptop"),
    "DeleteKeyPair": lambda ec2, image, ids: ec2.delete_key_pair(KeyName="lab"),
    "DescribeKeyPairs": lambda ec2, image, ids: ec2.describe_key_pairs(IncludePublicKey=True),
    "RunInstances": lambda ec2, image, ids: ec2.run_instances(ImageId=image, InstanceType="t2.micro", MinCount=1, MaxCount=1, KeyName="lab"),
    "DescribeInstances": lambda ec2, image, ids: ec2.describe_instances(),
    "StartInstances": lambda ec2, image, ids: ec2.start_instances(InstanceIds=ids),
    "StopInstances": lambda ec2, image, ids: ec2.stop_instances(InstanceIds=ids[:1]),
    "RebootInstances": lambda ec2, image, ids: ec2.reboot_instances(InstanceIds=ids),
    "TerminateInstances": lambda ec2, image, ids: ec2.terminate_instances(InstanceIds=ids[1:]),
    "ModifyInstanceAttribute": lambda ec2, image, ids: ec2.modify_instance_attribute(InstanceId=ids[0], DisableApiTermination={"Value": True}),
    "DescribeInstanceAttribute": lambda ec2, image, ids: ec2.describe_instance_attribute(InstanceId=ids[0], Attribute="blockDeviceMapping"),
    "DescribeInstanceStatus": lambda ec2, image, ids: ec2.describe_instance_status(IncludeAllInstances=True),
    "CreateTags": lambda ec2, image, ids: ec2.create_tags(Resources=ids, Tags=[{"Key": "env", "Value": "lab"}]),
    "DeleteTags": lambda ec2, image, ids: ec2.delete_tags(Resources=ids, Tags=[{"Key": "Name"}]),
    "DescribeTags": lambda ec2, image, ids: ec2.describe_tags(),
}

CALLS.update(NETWORK_CALLS)
CALLS.update(SECURITY_CALLS)

ATTRIBUTES = ["instanceType", "kernel", "ramdisk", "userData", "disableApiTermination", "instanceInitiatedShutdownBehavior", "rootDeviceName",
              "blockDeviceMapping", "productCodes", "sourceDestCheck", "groupSet", "ebsOptimized", "sriovNetSupport", "enaSupport", "enclaveOptions",
              "disableApiStop"]


@pytest.mark.parametrize("operation", sorted(CALLS))
def test_response_has_the_botocore_shape(operation, botocore_shape):
    cloud, ec2, image, ids = world()
    response = CALLS[operation](ec2, image, ids)
    botocore_shape("ec2", operation, response)


@pytest.mark.parametrize("attribute", ATTRIBUTES)
def test_every_instance_attribute_has_the_botocore_shape(attribute, botocore_shape):
    cloud, ec2, image, ids = world()
    response = ec2.describe_instance_attribute(InstanceId=ids[0], Attribute=attribute)
    botocore_shape("ec2", "DescribeInstanceAttribute", response)
    assert len([k for k in response if k not in ("InstanceId", "ResponseMetadata")]) == 1, response


def test_every_stage_of_the_lifecycle_has_the_botocore_shape(botocore_shape):
    cloud, ec2, image, ids = world()
    ec2.stop_instances(InstanceIds=ids[:1])
    ec2.terminate_instances(InstanceIds=ids[1:])
    for _ in range(4):
        botocore_shape("ec2", "DescribeInstances", ec2.describe_instances())
        botocore_shape("ec2", "DescribeInstanceStatus", ec2.describe_instance_status(IncludeAllInstances=True))
        cloud.advance(30)


def test_every_implemented_operation_has_an_example():
    assert sorted(CALLS) == sorted(_core.Core.implemented_operations("ec2"))
