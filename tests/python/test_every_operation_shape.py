"""Every implemented EC2 operation, called on a small world with an instance in it, answers in
botocore's output shape. A new operation must add an example call here (the last test checks)."""
from __future__ import annotations

import pytest

import ec2lab
from ec2lab import _core


def world():
    cloud = ec2lab.Cloud(seed=0)
    ec2 = cloud.client("ec2")
    image = ec2.describe_images(Filters=[{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])["Images"][0]["ImageId"]
    ids = [i["InstanceId"] for i in ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=2, MaxCount=2,
                                                     TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}]}])["Instances"]]
    cloud.advance(300)
    return cloud, ec2, image, ids


def _root_snapshot(ec2, image):
    """The public snapshot behind an AMI's root device (completed, so RegisterImage can use it)."""
    return ec2.describe_images(ImageIds=[image])["Images"][0]["BlockDeviceMappings"][0]["Ebs"]["SnapshotId"]


# operation -> a call on (ec2, image, ids); every implemented operation has one.
CALLS = {
    "DescribeRegions": lambda ec2, image, ids: ec2.describe_regions(),
    "DescribeAvailabilityZones": lambda ec2, image, ids: ec2.describe_availability_zones(),
    "DescribeInstanceTypes": lambda ec2, image, ids: ec2.describe_instance_types(InstanceTypes=["t2.micro", "m5d.large", "c6gn.16xlarge"]),
    "DescribeInstanceTypeOfferings": lambda ec2, image, ids: ec2.describe_instance_type_offerings(LocationType="availability-zone", Filters=[{"Name": "instance-type", "Values": ["t3.*"]}]),
    "DescribeImages": lambda ec2, image, ids: ec2.describe_images(),
    "CreateImage": lambda ec2, image, ids: ec2.create_image(InstanceId=ids[0], Name="web-v1", NoReboot=True),
    "RegisterImage": lambda ec2, image, ids: ec2.register_image(Name="from-snapshot", RootDeviceName="/dev/xvda", Architecture="x86_64", VirtualizationType="hvm",
                                                               BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": _root_snapshot(ec2, image)}}]),
    "CopyImage": lambda ec2, image, ids: ec2.copy_image(SourceRegion="us-east-1", SourceImageId=image, Name="al2023-copy"),
    "DeregisterImage": lambda ec2, image, ids: ec2.deregister_image(ImageId=ec2.create_image(InstanceId=ids[0], Name="gone-soon")["ImageId"], DeleteAssociatedSnapshots=True),
    "ModifyImageAttribute": lambda ec2, image, ids: ec2.modify_image_attribute(ImageId=ec2.create_image(InstanceId=ids[0], Name="shared")["ImageId"],
                                                                               LaunchPermission={"Add": [{"UserId": "111122223333"}]}),
    "DescribeImageAttribute": lambda ec2, image, ids: ec2.describe_image_attribute(ImageId=image, Attribute="blockDeviceMapping"),
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

ATTRIBUTES = ["instanceType", "kernel", "ramdisk", "userData", "disableApiTermination", "instanceInitiatedShutdownBehavior", "rootDeviceName",
              "blockDeviceMapping", "productCodes", "sourceDestCheck", "groupSet", "ebsOptimized", "sriovNetSupport", "enaSupport", "enclaveOptions",
              "disableApiStop"]


@pytest.mark.parametrize("operation", sorted(CALLS))
def test_response_has_the_botocore_shape(operation, botocore_shape):
    cloud, ec2, image, ids = world()
    response = CALLS[operation](ec2, image, ids)
    botocore_shape("ec2", operation, response)


IMAGE_ATTRIBUTES = ["description", "kernel", "ramdisk", "launchPermission", "productCodes", "blockDeviceMapping", "sriovNetSupport", "bootMode",
                    "tpmSupport", "uefiData", "lastLaunchedTime", "imdsSupport", "deregistrationProtection"]


@pytest.mark.parametrize("attribute", IMAGE_ATTRIBUTES)
def test_every_image_attribute_has_the_botocore_shape(attribute, botocore_shape):
    cloud, ec2, image, ids = world()
    mine = ec2.create_image(InstanceId=ids[0], Name="web-v1")["ImageId"]
    response = ec2.describe_image_attribute(ImageId=mine, Attribute=attribute)
    botocore_shape("ec2", "DescribeImageAttribute", response)
    assert len([k for k in response if k not in ("ImageId", "ResponseMetadata")]) == 1, response


def test_a_custom_image_at_every_stage_has_the_botocore_shape(botocore_shape):
    cloud, ec2, image, ids = world()
    mine = ec2.create_image(InstanceId=ids[0], Name="web-v1", TagSpecifications=[{"ResourceType": "image", "Tags": [{"Key": "app", "Value": "web"}]}])["ImageId"]
    botocore_shape("ec2", "DescribeImages", ec2.describe_images(Owners=["self"]))
    cloud.advance(3600)
    botocore_shape("ec2", "DescribeImages", ec2.describe_images(ImageIds=[mine]))
    seoul = cloud.client("ec2", "ap-northeast-2")
    copy = seoul.copy_image(SourceRegion="us-east-1", SourceImageId=mine, Name="web-v1", CopyImageTags=True)["ImageId"]
    botocore_shape("ec2", "DescribeImages", seoul.describe_images(ImageIds=[copy]))
    botocore_shape("ec2", "DeregisterImage", ec2.deregister_image(ImageId=mine, DeleteAssociatedSnapshots=True))


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
