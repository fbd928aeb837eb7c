"""The same boto3 scenario against ec2lab (through the bridge) and against moto: the response
key sets are compared operation by operation.

moto is a reference for response shapes only (never for semantics: ec2lab is stricter, see
docs/switching-from-moto.md). Where moto agrees with AWS on a shape, ec2lab must answer every key
moto answers; the keys moto answers that AWS does not (or that ec2lab does not model yet) are
listed below with the reason, and every answer is also checked against botocore's output shape.
"""
from __future__ import annotations

import boto3
import pytest

import ec2lab

moto = pytest.importorskip("moto")

# Operations whose key sets must be equal.
EXACT = {
    "DescribeRegions", "CreateTags", "DescribeTags", "DeleteTags", "DescribeInstanceAttribute", "ModifyInstanceAttribute",
    "StopInstances", "StartInstances", "RebootInstances", "TerminateInstances", "DescribeInstanceTypeOfferings",
}
# Keys moto answers that ec2lab leaves out, and why (AWS reference). Everything else moto answers
# must be in ec2lab's answer; ec2lab may answer more (moto models fewer members than AWS).
MOTO_ONLY = {
    # moto answers SriovNetSupport "simple" for every instance; AWS answers it only where the
    # instance was launched with the Intel 82599 VF (botocore ec2 Instance.SriovNetSupport).
    ".Instances[].SriovNetSupport": "set by moto for every instance",
    ".Reservations[].Instances[].SriovNetSupport": "set by moto for every instance",
    # DescribeImages: moto answers empty ProductCodes / Tags lists; AWS's EC2 query protocol has
    # no way to send an empty list: absent lists are left out of boto3's dict.
    ".Images[].ProductCodes": "empty list moto adds; AWS omits empty lists",
    ".Images[].Tags": "empty list moto adds; AWS omits empty lists",
    # moto answers StateReason {"Code": "", "Message": ""} for a running instance; AWS leaves
    # StateReason out until a stop or terminate sets it (aws-facts §2.4).
    ".Reservations[].Instances[].StateReason": "empty StateReason moto adds to running instances",
    ".Reservations[].Instances[].StateReason.Code": "empty StateReason moto adds to running instances",
    ".Reservations[].Instances[].StateReason.Message": "empty StateReason moto adds to running instances",
    # A newer InstanceTypeInfo member (botocore 1.43) that ec2lab's catalog does not carry yet.
    ".InstanceTypes[].SupportedInRegion": "not in ec2lab's instance-type catalog yet",
}


def keys(value, path: str = "") -> set:
    """Every key path of a response (lists by their first element), without ResponseMetadata."""
    out = set()
    if isinstance(value, dict):
        for k, v in value.items():
            if k != "ResponseMetadata":
                out.add(f"{path}.{k}")
                out |= keys(v, f"{path}.{k}")
    elif isinstance(value, list) and value:
        out |= keys(value[0], f"{path}[]")
    return out


def scenario(ec2, image: str) -> dict:
    r = {}
    r["DescribeRegions"] = ec2.describe_regions()
    r["DescribeAvailabilityZones"] = ec2.describe_availability_zones()
    r["RunInstances"] = ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=2, MaxCount=2,
                                          TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}]}])
    ids = [i["InstanceId"] for i in r["RunInstances"]["Instances"]]
    ec2.get_waiter("instance_status_ok").wait(InstanceIds=ids)
    r["DescribeInstances"] = ec2.describe_instances(InstanceIds=ids)
    r["DescribeInstanceStatus"] = ec2.describe_instance_status(InstanceIds=ids)
    r["CreateTags"] = ec2.create_tags(Resources=ids, Tags=[{"Key": "env", "Value": "lab"}])
    r["DescribeTags"] = ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": ids}])
    r["DeleteTags"] = ec2.delete_tags(Resources=ids, Tags=[{"Key": "env"}])
    r["DescribeInstanceAttribute"] = ec2.describe_instance_attribute(InstanceId=ids[0], Attribute="instanceType")
    r["ModifyInstanceAttribute"] = ec2.modify_instance_attribute(InstanceId=ids[0], DisableApiTermination={"Value": False})
    r["StopInstances"] = ec2.stop_instances(InstanceIds=ids)
    ec2.get_waiter("instance_stopped").wait(InstanceIds=ids)
    r["StartInstances"] = ec2.start_instances(InstanceIds=ids)
    ec2.get_waiter("instance_running").wait(InstanceIds=ids)
    r["RebootInstances"] = ec2.reboot_instances(InstanceIds=ids)
    r["TerminateInstances"] = ec2.terminate_instances(InstanceIds=ids)
    r["DescribeImages"] = ec2.describe_images(ImageIds=[image])
    r["DescribeInstanceTypes"] = ec2.describe_instance_types(InstanceTypes=["t3.micro"])
    r["DescribeInstanceTypeOfferings"] = ec2.describe_instance_type_offerings(LocationType="availability-zone", Filters=[{"Name": "instance-type", "Values": ["t3.micro"]}])
    return r


def linux_image(ec2, name: str) -> str:
    images = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": [name]}, {"Name": "architecture", "Values": ["x86_64"]}])["Images"]
    return next(i["ImageId"] for i in images if "Platform" not in i)


@pytest.fixture(scope="module")
def answers():
    with ec2lab.mock_aws():
        ec2 = boto3.client("ec2", region_name="us-east-1")
        ours = scenario(ec2, linux_image(ec2, "al2023-ami-2023*"))
    with moto.mock_aws():
        ec2 = boto3.client("ec2", region_name="us-east-1")
        theirs = scenario(ec2, linux_image(ec2, "amzn2-ami-*"))
    return ours, theirs


# The operations the scenario calls (the EC2 instance operations; those of later domains join
# when a scenario for them is written here).
SCENARIO = sorted(EXACT | {"DescribeAvailabilityZones", "RunInstances", "DescribeInstances", "DescribeInstanceStatus", "DescribeImages", "DescribeInstanceTypes"})


def test_the_scenario_calls_what_it_compares(answers):
    ours, theirs = answers
    assert sorted(ours) == sorted(theirs) == SCENARIO
    assert set(SCENARIO) <= set(ec2lab._core.Core.implemented_operations("ec2"))


@pytest.mark.parametrize("operation", SCENARIO)
def test_key_sets_agree_with_moto(operation, answers, botocore_shape):
    ours, theirs = answers
    botocore_shape("ec2", operation, ours[operation])
    botocore_shape("ec2", operation, theirs[operation])
    mine, moto_keys = keys(ours[operation]), keys(theirs[operation])
    if operation in EXACT:
        assert mine == moto_keys
    missing = {k for k in moto_keys - mine if k not in MOTO_ONLY}
    assert not missing, f"moto answers {sorted(missing)} that ec2lab does not"
