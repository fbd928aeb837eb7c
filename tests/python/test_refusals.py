"""Every refusal of the EC2 instance, image and instance-type operations, through the client.

For each refusal: the AWS error code and HTTP status; the exact message where
../shared/aws-facts.md quotes AWS's (otherwise the values the message must name); a hint in
English and in Korean that follows ``set_language``; and a world left exactly as it was: the
same DescribeInstances / DescribeInstanceStatus / DescribeTags answers and instance attributes,
the same virtual time and event queue, and the same ids and addresses for whatever is launched
next (a refused call draws nothing from the seeded generator).

Behaviour that contradicts aws-facts.md (or AWS's own observed messages) is written as AWS
behaves and marked ``xfail(strict=True)`` with the reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional, Union

import pytest

import ec2lab

X86 = "al2023-ami-2023*-x86_64"
ARM = "al2023-ami-2023*-arm64"
STORE_BACKED = "amzn-ami-hvm-*-x86_64-s3"  # the instance-store-backed AMI of the catalog
UNKNOWN_ID = "i-0123456789abcdef0"
UNKNOWN_AMI = "ami-0123456789abcdef0"
HANGUL = re.compile("[\uac00-\ud7a3]")
ATTRIBUTES = ("instanceType", "disableApiTermination", "disableApiStop", "instanceInitiatedShutdownBehavior", "userData", "ebsOptimized")
DRY_RUN_MESSAGE = "Request would have succeeded, but DryRun flag is set."


# --- scenarios ---------------------------------------------------------------------------


class Lab:
    """One simulated account with a scenario set up in it; ``ids`` are the instances it made."""

    def __init__(self, cloud: ec2lab.Cloud, region: Optional[str] = None):
        self.cloud = cloud
        self.region = region or cloud.region
        self.ec2 = cloud.client("ec2", region_name=self.region)
        self.ids: list[str] = []

    @property
    def i(self) -> str:
        return self.ids[0]

    def image(self, pattern: str = X86) -> str:
        images = self.ec2.describe_images(Filters=[{"Name": "name", "Values": [pattern]}])["Images"]
        assert images, pattern
        return images[0]["ImageId"]

    def launch(self, pattern: str = X86, **params) -> list[str]:
        request = {"ImageId": self.image(pattern), "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1, **params}
        ids = [i["InstanceId"] for i in self.ec2.run_instances(**request)["Instances"]]
        self.ids.extend(ids)
        return ids

    def wait(self, waiter: str, ids: Optional[list[str]] = None) -> None:
        self.ec2.get_waiter(waiter).wait(InstanceIds=ids or self.ids)

    def instance(self, iid: Optional[str] = None) -> dict:
        return self.ec2.describe_instances(InstanceIds=[iid or self.i])["Reservations"][0]["Instances"][0]

    def state(self, iid: Optional[str] = None) -> str:
        return self.instance(iid)["State"]["Name"]


def fresh(cloud):
    return Lab(cloud)


def seoul(cloud):
    return Lab(cloud, "ap-northeast-2")


def pending(cloud, **params):
    lab = Lab(cloud)
    lab.launch(**params)
    assert lab.state() == "pending"
    return lab


def running(cloud, **params):
    lab = pending(cloud, **params)
    lab.wait("instance_running")
    return lab


def stopping(cloud):
    lab = running(cloud)
    lab.ec2.stop_instances(InstanceIds=lab.ids)
    assert lab.state() == "stopping"
    return lab


def stopped(cloud, **params):
    lab = running(cloud, **params)
    lab.ec2.stop_instances(InstanceIds=lab.ids)
    lab.wait("instance_stopped")
    return lab


def shutting_down(cloud):
    lab = running(cloud)
    lab.ec2.terminate_instances(InstanceIds=lab.ids)
    assert lab.state() == "shutting-down"
    return lab


def terminated(cloud):
    lab = shutting_down(cloud)
    lab.wait("instance_terminated")
    return lab


def store_backed(cloud):
    """The instance-store-backed AMI on m3.medium, a type that can boot from instance store."""
    lab = Lab(cloud)
    lab.launch(STORE_BACKED, InstanceType="m3.medium")
    lab.wait("instance_running")
    return lab


def protected(cloud):
    return running(cloud, DisableApiTermination=True)


def stop_protected(cloud):
    return running(cloud, DisableApiStop=True)


def hibernation_enabled_stopped(cloud):
    return stopped(cloud, InstanceType="t3.micro", HibernationOptions={"Configured": True}, BlockDeviceMappings=ENCRYPTED_ROOT)


def protected_and_unprotected_in_one_az(cloud):
    """ids: [protected in us-east-1a, unprotected in us-east-1a]."""
    lab = Lab(cloud)
    lab.launch(DisableApiTermination=True, Placement={"AvailabilityZone": "us-east-1a"})
    lab.launch(Placement={"AvailabilityZone": "us-east-1a"})
    lab.wait("instance_running")
    return lab


def protected_and_unprotected_in_two_azs(cloud):
    """ids: [protected in us-east-1a, unprotected in us-east-1a, unprotected in us-east-1b]."""
    lab = protected_and_unprotected_in_one_az(cloud)
    lab.launch(Placement={"AvailabilityZone": "us-east-1b"})
    lab.wait("instance_running")
    return lab


def seoul_stopped_in_2b(cloud):
    """A t3.micro stopped in ap-northeast-2b, an AZ that does not offer t2.micro."""
    lab = Lab(cloud, "ap-northeast-2")
    lab.launch(InstanceType="t3.micro", Placement={"AvailabilityZone": "ap-northeast-2b"})
    lab.wait("instance_running")
    lab.ec2.stop_instances(InstanceIds=lab.ids)
    lab.wait("instance_stopped")
    return lab


def client_token_used(cloud):
    return running(cloud, ClientToken="web-server-1")


def tagged(cloud):
    lab = running(cloud)
    lab.ec2.create_tags(Resources=lab.ids, Tags=[{"Key": "Name", "Value": "web"}])
    return lab


def fifty_tags(cloud):
    lab = running(cloud)
    lab.ec2.create_tags(Resources=lab.ids, Tags=[{"Key": f"k{n}", "Value": "v"} for n in range(50)])
    return lab


def with_key_pair(cloud):
    """A key pair named "lab" (Ed25519)."""
    lab = Lab(cloud)
    lab.ec2.create_key_pair(KeyName="lab", KeyType="ed25519")
    return lab


DSA_PUBLIC = b"ssh-dss AAAAB3NzaC1kc3MAAACBAP1/U4EddRIpUt9KnC7s5Of2EbdSPO9EAMMeP4C2USZpRV1AIlH7WT2NWPq/xfW6MPbLm1Vs14E7gB00b/JmYLdrmVClpJ+f6AR7ECLCT7up1/63xhv4O1fnxqimFQ8E+4P208UewwI1VBNaFpEy9nXzrith1yrv8iIDGZ3RSAHHAAAAFQCXYFCPFSMLzLKSuYKi64QL8Fgc9Q== me@old"
KEY_FORMAT = "Key is not in valid OpenSSH public key format"


def quota_nearly_full(cloud):
    """11 × m5.24xlarge = 1,056 of the 1,152 vCPUs of the Standard bucket; 96 left."""
    lab = Lab(cloud)
    lab.launch(InstanceType="m5.24xlarge", MinCount=11, MaxCount=11)
    lab.wait("instance_running")
    return lab


def nearly_full_subnet(cloud):
    """3 × 1,152 stopped t2.nano keep their private addresses in us-east-1a's default /20 subnet
    (4,091 usable): 635 addresses are left. Stopped instances do not count against the vCPU quota."""
    lab = Lab(cloud)
    image = lab.image()
    for _ in range(3):
        reservation = lab.ec2.run_instances(ImageId=image, InstanceType="t2.nano", MinCount=1152, MaxCount=1152)
        ids = [i["InstanceId"] for i in reservation["Instances"]]
        lab.wait("instance_running", ids)
        lab.ec2.stop_instances(InstanceIds=ids)
        lab.wait("instance_stopped", ids)
    return lab


# --- what a refusal must leave alone -------------------------------------------------------


def _strip(response: dict) -> dict:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def world(lab: Lab) -> dict:
    """Everything a refused call could have changed, as the client sees it."""
    ec2 = lab.ec2
    attributes = {}
    for iid in lab.ids:
        attributes[iid] = {a: _strip(ec2.describe_instance_attribute(InstanceId=iid, Attribute=a)) for a in ATTRIBUTES}
    return {
        "instances": _strip(ec2.describe_instances()),
        "status": _strip(ec2.describe_instance_status(IncludeAllInstances=True)),
        "tags": _strip(ec2.describe_tags()),
        "key_pairs": _strip(ec2.describe_key_pairs(IncludePublicKey=True)),
        "attributes": attributes,
        "now": lab.cloud.now,
        "next_event_ms": lab.cloud._core.next_event_ms(),
    }


def after_a_probe_launch(lab: Lab) -> dict:
    """Launches one more instance and lets time run on: its id, addresses and timings come
    from the seeded generator, so they show whether the refused call drew from it."""
    probe = Lab(lab.cloud, lab.region)
    probe.ids = list(lab.ids)
    probe.launch()
    lab.cloud.advance(120)
    return world(probe)


def assert_hints(err: ec2lab.ClientError) -> None:
    assert err.hint_en.strip(), f"no English hint for {err.response['Error']}"
    assert err.hint_ko.strip() and HANGUL.search(err.hint_ko), f"no Korean hint for {err.response['Error']}"
    before = ec2lab.get_language()
    try:
        ec2lab.set_language("ko")
        assert err.hint == err.hint_ko
        ec2lab.set_language("en")
        assert err.hint == err.hint_en
    finally:
        ec2lab.set_language(before)


def refused(call: Callable[[], object], code: str, status: int = 400) -> ec2lab.ClientError:
    with pytest.raises(ec2lab.ClientError) as info:
        call()
    err = info.value
    assert err.response["Error"]["Code"] == code, err.response["Error"]
    assert err.response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert err.response["Error"]["Message"]
    assert_hints(err)
    return err


# --- the refusals ------------------------------------------------------------------------

Message = Union[str, Callable[[Lab], str], None]


@dataclass
class Case:
    id: str
    setup: Callable[[ec2lab.Cloud], Lab]
    call: Callable[[Lab], object]
    code: str
    message: Message = None  # the exact message (AWS's where aws-facts.md quotes it)
    starts: Message = None  # the exact start of the message
    mentions: Callable[[Lab], tuple] = lambda lab: ()  # values the message must name
    status: int = 400
    marks: tuple = ()


def _text(m: Message, lab: Lab) -> Optional[str]:
    return m(lab) if callable(m) else m


def run(lab: Lab, pattern: str = X86, **params):
    return lab.ec2.run_instances(**{"ImageId": lab.image(pattern), "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1, **params})


def modify(lab: Lab, **params):
    return lab.ec2.modify_instance_attribute(InstanceId=lab.i, **params)


def first_unimplemented_ec2_operation() -> str:
    implemented = set(ec2lab._core.Core.implemented_operations("ec2"))
    return next(snake for snake, op in sorted(ec2lab._core.Core.operation_names("ec2").items()) if op not in implemented)


def _ids(lab: Lab) -> tuple:
    return tuple(lab.ids)


# AWS's messages as aws-facts.md quotes them (§2.3, §6).
def CANNOT_START(lab):
    return f"The instance '{lab.i}' is not in a state from which it can be started."


def CANNOT_STOP(lab):
    return f"This instance '{lab.i}' is not in a state from which it can be stopped."


def NOT_STOPPED(lab):
    return f"The instance '{lab.i}' is not in the 'stopped' state."


# Hibernation needs an encrypted root big enough for the RAM (aws-facts §8).
ENCRYPTED_ROOT = [{"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": True, "VolumeSize": 30}}]
NOT_FOUND = f"The instance ID '{UNKNOWN_ID}' does not exist"
AMI_NOT_FOUND = f"The image id '[{UNKNOWN_AMI}]' does not exist"
ARCH_MISMATCH = "The architecture '{}' of the specified instance type does not match the architecture '{}' of the specified AMI."

CASES = [
    # IncorrectInstanceState --------------------------------------------------------------
    Case("start-terminated", terminated, lambda lab: lab.ec2.start_instances(InstanceIds=lab.ids), "IncorrectInstanceState", CANNOT_START),
    Case("start-shutting-down", shutting_down, lambda lab: lab.ec2.start_instances(InstanceIds=lab.ids), "IncorrectInstanceState", CANNOT_START),
    Case("start-stopping", stopping, lambda lab: lab.ec2.start_instances(InstanceIds=lab.ids), "IncorrectInstanceState", CANNOT_START),
    Case("stop-terminated", terminated, lambda lab: lab.ec2.stop_instances(InstanceIds=lab.ids), "IncorrectInstanceState", CANNOT_STOP),
    Case("stop-shutting-down", shutting_down, lambda lab: lab.ec2.stop_instances(InstanceIds=lab.ids), "IncorrectInstanceState", CANNOT_STOP),
    Case("stop-terminated-force", terminated, lambda lab: lab.ec2.stop_instances(InstanceIds=lab.ids, Force=True), "IncorrectInstanceState", CANNOT_STOP),
    Case("stop-pending", pending, lambda lab: lab.ec2.stop_instances(InstanceIds=lab.ids), "IncorrectInstanceState", CANNOT_STOP),
    Case("reboot-stopped", stopped, lambda lab: lab.ec2.reboot_instances(InstanceIds=lab.ids), "IncorrectInstanceState", mentions=_ids),
    Case("reboot-pending", pending, lambda lab: lab.ec2.reboot_instances(InstanceIds=lab.ids), "IncorrectInstanceState", mentions=_ids),
    Case("modify-type-running", running, lambda lab: modify(lab, InstanceType={"Value": "t2.small"}), "IncorrectInstanceState", NOT_STOPPED),
    Case("modify-type-running-attribute-form", running, lambda lab: modify(lab, Attribute="instanceType", Value="t2.small"), "IncorrectInstanceState", NOT_STOPPED),
    Case("modify-type-pending", pending, lambda lab: modify(lab, InstanceType={"Value": "t2.small"}), "IncorrectInstanceState", NOT_STOPPED),
    Case("modify-user-data-running", running, lambda lab: modify(lab, UserData={"Value": b"#!/bin/sh\n"}), "IncorrectInstanceState", NOT_STOPPED),
    Case("modify-ebs-optimized-running", running, lambda lab: modify(lab, EbsOptimized={"Value": True}), "IncorrectInstanceState", NOT_STOPPED),
    Case(
        "modify-ena-support-running",
        running,
        lambda lab: modify(lab, EnaSupport={"Value": True}),
        "IncorrectInstanceState",
        NOT_STOPPED,
    ),
    Case("modify-terminated", terminated, lambda lab: modify(lab, DisableApiTermination={"Value": True}), "IncorrectInstanceState", mentions=_ids),
    Case("modify-shutting-down", shutting_down, lambda lab: modify(lab, DisableApiStop={"Value": True}), "IncorrectInstanceState", mentions=_ids),
    Case("os-shutdown-stopped", stopped, lambda lab: lab.cloud.client("ec2lab").shutdown_from_os(InstanceId=lab.i), "IncorrectInstanceState", mentions=_ids),
    # UnsupportedOperation ----------------------------------------------------------------
    Case(
        "stop-instance-store-backed",
        store_backed,
        lambda lab: lab.ec2.stop_instances(InstanceIds=lab.ids),
        "UnsupportedOperation",
        lambda lab: f"The instance '{lab.i}' does not have an 'ebs' root device type and cannot be stopped.",
    ),
    Case(
        "hibernate-instance-store-backed",
        store_backed,
        lambda lab: lab.ec2.stop_instances(InstanceIds=lab.ids, Hibernate=True),
        "UnsupportedOperation",
        lambda lab: f"The instance '{lab.i}' does not have an 'ebs' root device type and cannot be stopped.",
    ),
    Case("launch-stop-protection-instance-store", fresh, lambda lab: run(lab, STORE_BACKED, InstanceType="m3.medium", DisableApiStop=True), "UnsupportedOperation"),
    Case("modify-stop-protection-instance-store", store_backed, lambda lab: modify(lab, DisableApiStop={"Value": True}), "UnsupportedOperation"),
    Case("modify-type-hibernation-enabled", hibernation_enabled_stopped, lambda lab: modify(lab, InstanceType={"Value": "t3.small"}), "UnsupportedOperation", mentions=_ids),
    # OperationNotPermitted ---------------------------------------------------------------
    Case(
        "terminate-protected",
        protected,
        lambda lab: lab.ec2.terminate_instances(InstanceIds=lab.ids),
        "OperationNotPermitted",
        lambda lab: f"The instance '{lab.i}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.",
    ),
    Case(
        "terminate-protected-with-others-in-its-az",
        protected_and_unprotected_in_one_az,
        lambda lab: lab.ec2.terminate_instances(InstanceIds=list(reversed(lab.ids))),
        "OperationNotPermitted",
        lambda lab: f"The instance '{lab.i}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.",
    ),
    Case(
        "terminate-protected-dry-run-across-azs",
        protected_and_unprotected_in_two_azs,
        lambda lab: lab.ec2.terminate_instances(InstanceIds=lab.ids, DryRun=True),
        "OperationNotPermitted",
        lambda lab: f"The instance '{lab.i}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.",
    ),
    Case(
        "stop-stop-protected",
        stop_protected,
        lambda lab: lab.ec2.stop_instances(InstanceIds=lab.ids),
        "OperationNotPermitted",
        lambda lab: f"The instance '{lab.i}' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.",
    ),
    Case(
        "terminate-stop-protected",
        stop_protected,
        lambda lab: lab.ec2.terminate_instances(InstanceIds=lab.ids),
        "OperationNotPermitted",
        starts=lambda lab: f"The instance '{lab.i}' may not be terminated.",
        mentions=lambda lab: ("disableApiStop",),
    ),
    # InvalidInstanceID.NotFound / .Malformed ---------------------------------------------
    Case("describe-unknown-id", running, lambda lab: lab.ec2.describe_instances(InstanceIds=[UNKNOWN_ID]), "InvalidInstanceID.NotFound", NOT_FOUND),
    Case("start-unknown-id", stopped, lambda lab: lab.ec2.start_instances(InstanceIds=[lab.i, UNKNOWN_ID]), "InvalidInstanceID.NotFound", NOT_FOUND),
    Case("stop-unknown-id", running, lambda lab: lab.ec2.stop_instances(InstanceIds=[lab.i, UNKNOWN_ID]), "InvalidInstanceID.NotFound", NOT_FOUND),
    Case("terminate-with-an-unknown-id", running, lambda lab: lab.ec2.terminate_instances(InstanceIds=[lab.i, UNKNOWN_ID]), "InvalidInstanceID.NotFound", NOT_FOUND),
    Case("reboot-unknown-id", running, lambda lab: lab.ec2.reboot_instances(InstanceIds=[UNKNOWN_ID]), "InvalidInstanceID.NotFound", NOT_FOUND),
    Case("modify-unknown-id", fresh, lambda lab: lab.ec2.modify_instance_attribute(InstanceId=UNKNOWN_ID, DisableApiStop={"Value": True}), "InvalidInstanceID.NotFound", NOT_FOUND),
    Case("attribute-unknown-id", fresh, lambda lab: lab.ec2.describe_instance_attribute(InstanceId=UNKNOWN_ID, Attribute="instanceType"), "InvalidInstanceID.NotFound", NOT_FOUND),
    Case("status-unknown-id", running, lambda lab: lab.ec2.describe_instance_status(InstanceIds=[UNKNOWN_ID]), "InvalidInstanceID.NotFound", NOT_FOUND),
    Case("tag-unknown-id", fresh, lambda lab: lab.ec2.create_tags(Resources=[UNKNOWN_ID], Tags=[{"Key": "Name", "Value": "web"}]), "InvalidInstanceID.NotFound", mentions=lambda lab: (UNKNOWN_ID,)),
    Case(
        "describe-two-unknown-ids",
        fresh,
        lambda lab: lab.ec2.describe_instances(InstanceIds=[UNKNOWN_ID, "i-0fedcba9876543210"]),
        "InvalidInstanceID.NotFound",
        mentions=lambda lab: (UNKNOWN_ID, "i-0fedcba9876543210"),
    ),
    Case("other-regions-instance", running, lambda lab: lab.cloud.client("ec2", region_name="us-west-2").stop_instances(InstanceIds=lab.ids), "InvalidInstanceID.NotFound", mentions=_ids),
    Case("describe-malformed-id", fresh, lambda lab: lab.ec2.describe_instances(InstanceIds=["i-xyz"]), "InvalidInstanceID.Malformed", mentions=lambda lab: ("i-xyz",)),
    Case("terminate-malformed-id", running, lambda lab: lab.ec2.terminate_instances(InstanceIds=[lab.i, "web-server"]), "InvalidInstanceID.Malformed", mentions=lambda lab: ("web-server",)),
    # InvalidAMIID.NotFound / .Malformed ----------------------------------------------------
    Case("launch-unknown-ami", fresh, lambda lab: lab.ec2.run_instances(ImageId=UNKNOWN_AMI, InstanceType="t2.micro", MinCount=1, MaxCount=1), "InvalidAMIID.NotFound", AMI_NOT_FOUND),
    Case(
        "launch-another-regions-ami",
        seoul,
        lambda lab: lab.ec2.run_instances(ImageId=Lab(lab.cloud).image(), InstanceType="t2.micro", MinCount=1, MaxCount=1),
        "InvalidAMIID.NotFound",
        lambda lab: f"The image id '[{Lab(lab.cloud).image()}]' does not exist",
    ),
    Case("describe-unknown-ami", fresh, lambda lab: lab.ec2.describe_images(ImageIds=[UNKNOWN_AMI]), "InvalidAMIID.NotFound", AMI_NOT_FOUND),
    Case("launch-malformed-ami", fresh, lambda lab: lab.ec2.run_instances(ImageId="ami-12345", InstanceType="t2.micro", MinCount=1, MaxCount=1), "InvalidAMIID.Malformed", mentions=lambda lab: ("ami-12345",)),
    Case("describe-malformed-ami", fresh, lambda lab: lab.ec2.describe_images(ImageIds=["ubuntu"]), "InvalidAMIID.Malformed", mentions=lambda lab: ("ubuntu",)),
    Case("describe-images-bad-owner", fresh, lambda lab: lab.ec2.describe_images(Owners=["bob"]), "InvalidUserID.Malformed", mentions=lambda lab: ("bob",)),
    Case("describe-images-bad-executable-user", fresh, lambda lab: lab.ec2.describe_images(ExecutableUsers=["everyone"]), "InvalidUserID.Malformed", mentions=lambda lab: ("everyone",)),
    # InvalidParameterValue: launch -------------------------------------------------------
    Case("launch-unknown-type", fresh, lambda lab: run(lab, InstanceType="t2.mega"), "InvalidParameterValue", mentions=lambda lab: ("t2.mega",)),
    Case("launch-graviton-type-x86-ami", fresh, lambda lab: run(lab, InstanceType="t4g.micro"), "InvalidParameterValue", starts=ARCH_MISMATCH.format("arm64", "x86_64")),
    Case("launch-x86-type-arm-ami", fresh, lambda lab: run(lab, ARM, InstanceType="m5.large"), "InvalidParameterValue", starts=ARCH_MISMATCH.format("x86_64", "arm64")),
    Case(
        "launch-t2-arm-ami",
        fresh,
        lambda lab: run(lab, ARM),
        "InvalidParameterValue",
        starts=ARCH_MISMATCH.format("i386,x86_64", "arm64"),
    ),
    Case("launch-min-count-0", fresh, lambda lab: run(lab, MinCount=0), "InvalidParameterValue", "Value (0) for parameter minCount is invalid. Expecting a value greater than 0."),
    Case("launch-min-count-negative", fresh, lambda lab: run(lab, MinCount=-1, MaxCount=1), "InvalidParameterValue", mentions=lambda lab: ("minCount",)),
    Case("launch-max-below-min", fresh, lambda lab: run(lab, MinCount=3, MaxCount=2), "InvalidParameterValue", mentions=lambda lab: ("maxCount",)),
    Case("launch-bad-shutdown-behaviour", fresh, lambda lab: run(lab, InstanceInitiatedShutdownBehavior="hibernate"), "InvalidParameterValue", mentions=lambda lab: ("hibernate", "instanceInitiatedShutdownBehavior")),
    Case("launch-bad-cpu-credits", fresh, lambda lab: run(lab, CreditSpecification={"CpuCredits": "lots"}), "InvalidParameterValue", mentions=lambda lab: ("lots",)),
    Case("launch-bad-tenancy", fresh, lambda lab: run(lab, Placement={"Tenancy": "shared"}), "InvalidParameterValue", mentions=lambda lab: ("shared",)),
    Case("launch-bad-az", fresh, lambda lab: run(lab, Placement={"AvailabilityZone": "us-east-1z"}), "InvalidParameterValue", mentions=lambda lab: ("us-east-1z",)),
    Case("launch-bad-az-id", fresh, lambda lab: run(lab, Placement={"AvailabilityZoneId": "use1-az99"}), "InvalidParameterValue", mentions=lambda lab: ("use1-az99",)),
    Case("launch-bad-private-ip", fresh, lambda lab: run(lab, PrivateIpAddress="banana"), "InvalidParameterValue", mentions=lambda lab: ("banana",)),
    Case("launch-private-ip-outside-subnet", fresh, lambda lab: run(lab, PrivateIpAddress="10.0.0.5"), "InvalidParameterValue", mentions=lambda lab: ("10.0.0.5",)),
    Case("launch-user-data-over-16-kb", fresh, lambda lab: run(lab, UserData="x" * (16 * 1024 + 1)), "InvalidParameterValue", mentions=lambda lab: ("16384",)),
    Case("launch-bad-http-tokens", fresh, lambda lab: run(lab, MetadataOptions={"HttpTokens": "maybe"}), "InvalidParameterValue", mentions=lambda lab: ("maybe",)),
    Case(
        "launch-tag-bad-resource-type",
        fresh,
        lambda lab: run(lab, TagSpecifications=[{"ResourceType": "snapshot", "Tags": [{"Key": "Name", "Value": "x"}]}]),
        "InvalidParameterValue",
        mentions=lambda lab: ("snapshot",),
    ),
    Case("launch-tag-aws-prefix", fresh, lambda lab: run(lab, TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "aws:owner", "Value": "me"}]}]), "InvalidParameterValue", mentions=lambda lab: ("aws:",)),
    # InvalidParameterValue: modify, attributes, tags ----------------------------------------
    Case("modify-unknown-type", stopped, lambda lab: modify(lab, InstanceType={"Value": "t2.mega"}), "InvalidParameterValue", mentions=lambda lab: ("t2.mega",)),
    Case("modify-type-other-architecture", stopped, lambda lab: modify(lab, InstanceType={"Value": "t4g.micro"}), "InvalidParameterValue", mentions=lambda lab: ("t4g.micro", "x86_64")),
    Case("modify-bad-shutdown-behaviour", running, lambda lab: modify(lab, InstanceInitiatedShutdownBehavior={"Value": "explode"}), "InvalidParameterValue", mentions=lambda lab: ("explode",)),
    Case("modify-unknown-attribute", running, lambda lab: modify(lab, Attribute="colour", Value="blue"), "InvalidParameterValue", mentions=lambda lab: ("colour",)),
    Case("modify-bad-boolean", running, lambda lab: modify(lab, Attribute="disableApiStop", Value="maybe"), "InvalidParameterValue", mentions=lambda lab: ("maybe",)),
    Case("describe-unknown-attribute", running, lambda lab: lab.ec2.describe_instance_attribute(InstanceId=lab.i, Attribute="colour"), "InvalidParameterValue", mentions=lambda lab: ("colour",)),
    Case("tag-key-too-long", running, lambda lab: lab.ec2.create_tags(Resources=lab.ids, Tags=[{"Key": "k" * 129, "Value": "v"}]), "InvalidParameterValue", mentions=lambda lab: ("128",)),
    Case("tag-value-too-long", running, lambda lab: lab.ec2.create_tags(Resources=lab.ids, Tags=[{"Key": "k", "Value": "v" * 257}]), "InvalidParameterValue", mentions=lambda lab: ("256",)),
    Case("tag-aws-prefix", running, lambda lab: lab.ec2.create_tags(Resources=lab.ids, Tags=[{"Key": "aws:cloudformation:stack-name", "Value": "x"}]), "InvalidParameterValue", mentions=lambda lab: ("aws:",)),
    # InvalidParameterValue: describe calls -----------------------------------------------
    *[
        Case(
            f"bad-filter-{op}{suffix}",
            setup,
            (lambda op: lambda lab: getattr(lab.ec2, op)(Filters=[{"Name": "colour", "Values": ["blue"]}]))(op),
            "InvalidParameterValue",
            "The filter 'colour' is invalid",
        )
        for op in (
            "describe_instances",
            "describe_instance_status",
            "describe_instance_types",
            "describe_instance_type_offerings",
            "describe_images",
            "describe_tags",
            "describe_regions",
            "describe_availability_zones",
        )
        # with something to filter, and with nothing (the name is checked first either way)
        for suffix, setup in (("", tagged), ("-nothing-to-filter", fresh))
    ],
    *[
        Case(
            f"max-results-{op}-{n}",
            running,
            (lambda op, n: lambda lab: getattr(lab.ec2, op)(MaxResults=n))(op, n),
            "InvalidParameterValue",
            f"Value ( {n} ) for parameter maxResults is invalid. Expecting a value between 5 and {high}.",
        )
        for op, high in (
            ("describe_instances", 1000),
            ("describe_instance_status", 1000),
            ("describe_instance_types", 100),
            ("describe_instance_type_offerings", 1000),
            ("describe_images", 1000),
            ("describe_tags", 1000),
        )
        for n in (4, high + 1)
    ],
    Case("bad-next-token", running, lambda lab: lab.ec2.describe_instances(MaxResults=5, NextToken="page-2"), "InvalidParameterValue", mentions=lambda lab: ("page-2",)),
    Case("bad-location-type", fresh, lambda lab: lab.ec2.describe_instance_type_offerings(LocationType="planet"), "InvalidParameterValue", mentions=lambda lab: ("planet",)),
    Case("describe-unknown-region-name", fresh, lambda lab: lab.ec2.describe_regions(RegionNames=["mars-1"]), "InvalidParameterValue", mentions=lambda lab: ("mars-1",)),
    Case("describe-unknown-zone", fresh, lambda lab: lab.ec2.describe_availability_zones(ZoneNames=["us-east-1z"]), "InvalidParameterValue", mentions=lambda lab: ("us-east-1z",)),
    Case("describe-unknown-zone-id", fresh, lambda lab: lab.ec2.describe_availability_zones(ZoneIds=["use1-az99"]), "InvalidParameterValue", mentions=lambda lab: ("use1-az99",)),
    Case("explain-unknown-size", fresh, lambda lab: ec2lab.explain_instance_type("t2.mega"), "InvalidParameterValue", "Invalid value 't2.mega' for InstanceType."),
    Case("explain-unknown-family", fresh, lambda lab: ec2lab.explain_instance_type("q9.large"), "InvalidParameterValue", "Invalid value 'q9.large' for InstanceType."),
    Case("explain-no-dot", fresh, lambda lab: lab.cloud.client("ec2lab").explain_instance_type(InstanceType="t2micro"), "InvalidParameterValue", "Invalid value 't2micro' for InstanceType."),
    Case("explain-bad-language", fresh, lambda lab: lab.cloud.client("ec2lab").explain_instance_type(InstanceType="t2.micro", Language="fr"), "InvalidParameterValue", mentions=lambda lab: ("fr",)),
    # InvalidInstanceType ------------------------------------------------------------------
    Case("describe-unknown-type", fresh, lambda lab: lab.ec2.describe_instance_types(InstanceTypes=["t2.micro", "t2.mega"]), "InvalidInstanceType", "The following supplied instance types do not exist: [t2.mega]"),
    Case("describe-type-not-in-region", seoul, lambda lab: lab.ec2.describe_instance_types(InstanceTypes=["c6a.large"]), "InvalidInstanceType", "The following supplied instance types do not exist: [c6a.large]"),
    # InvalidParameterCombination ---------------------------------------------------------
    Case("launch-instance-store-ami-on-ebs-only-type", fresh, lambda lab: run(lab, STORE_BACKED), "InvalidParameterCombination", mentions=lambda lab: ("t2.micro", "instance-store")),
    Case("launch-cpu-credits-non-burstable", fresh, lambda lab: run(lab, InstanceType="m5.large", CreditSpecification={"CpuCredits": "unlimited"}), "InvalidParameterCombination", mentions=lambda lab: ("m5.large",)),
    Case("launch-host-tenancy", fresh, lambda lab: run(lab, Placement={"Tenancy": "host"}), "InvalidParameterCombination"),
    Case("launch-private-ip-for-two", fresh, lambda lab: run(lab, PrivateIpAddress="172.31.0.10", MaxCount=2), "InvalidParameterCombination"),
    Case(
        "launch-subnet-and-other-az",
        running,
        lambda lab: run(lab, SubnetId=lab.instance()["SubnetId"], Placement={"AvailabilityZone": "us-east-1b"}),
        "InvalidParameterCombination",
        mentions=lambda lab: ("us-east-1b", lab.instance()["SubnetId"]),
    ),
    Case("describe-ids-and-max-results", running, lambda lab: lab.ec2.describe_instances(InstanceIds=lab.ids, MaxResults=5), "InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults"),
    Case("status-ids-and-max-results", running, lambda lab: lab.ec2.describe_instance_status(InstanceIds=lab.ids, MaxResults=5), "InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults"),
    Case("modify-two-attributes", running, lambda lab: modify(lab, DisableApiStop={"Value": True}, DisableApiTermination={"Value": True}), "InvalidParameterCombination"),
    # Unsupported (AWS: not offered here) ---------------------------------------------------
    Case(
        "launch-type-not-in-region",
        seoul,
        lambda lab: run(lab, InstanceType="c6a.large"),
        "Unsupported",
        "The requested instance type (c6a.large) is not supported in your requested Region (ap-northeast-2).",
    ),
    Case(
        "launch-type-not-in-az",
        seoul,
        lambda lab: run(lab, Placement={"AvailabilityZone": "ap-northeast-2b"}),
        "Unsupported",
        "Your requested instance type (t2.micro) is not supported in your requested Availability Zone (ap-northeast-2b). "
        "Please retry your request by not specifying an Availability Zone or choosing ap-northeast-2a, ap-northeast-2c.",
    ),
    Case("modify-type-not-in-az", seoul_stopped_in_2b, lambda lab: modify(lab, InstanceType={"Value": "t2.micro"}), "Unsupported", mentions=lambda lab: ("t2.micro", "ap-northeast-2b")),
    # UnsupportedHibernationConfiguration -------------------------------------------------
    Case("hibernate-not-enabled", running, lambda lab: lab.ec2.stop_instances(InstanceIds=lab.ids, Hibernate=True), "UnsupportedHibernationConfiguration", mentions=_ids),
    Case("launch-hibernation-unsupported-type", fresh, lambda lab: run(lab, ARM, InstanceType="x2gd.16xlarge", HibernationOptions={"Configured": True}, BlockDeviceMappings=ENCRYPTED_ROOT), "UnsupportedHibernationConfiguration", "Hibernation is not supported for the instance type x2gd.16xlarge."),
    Case("launch-hibernation-150-gib-or-more", fresh, lambda lab: run(lab, InstanceType="m7i-flex.12xlarge", HibernationOptions={"Configured": True}, BlockDeviceMappings=ENCRYPTED_ROOT), "UnsupportedHibernationConfiguration"),
    Case("launch-hibernation-root-too-small", fresh, lambda lab: run(lab, InstanceType="m5.large", HibernationOptions={"Configured": True}, BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": True, "VolumeSize": 10}}]), "UnsupportedHibernationConfiguration"),
    Case("launch-hibernation-instance-store-root", fresh, lambda lab: run(lab, STORE_BACKED, InstanceType="m3.medium", HibernationOptions={"Configured": True}), "UnsupportedHibernationConfiguration"),
    Case(
        "launch-hibernation-unencrypted-root",
        fresh,
        lambda lab: run(lab, InstanceType="t3.micro", HibernationOptions={"Configured": True}),
        "UnsupportedHibernationConfiguration",
        "For hibernation, the root device volume must be encrypted.",
    ),
    # AWS Marketplace -----------------------------------------------------------------------
    Case(
        "launch-marketplace-not-subscribed",
        fresh,
        lambda lab: run(lab, "bitnami-wordpress-*", InstanceType="t3.micro"),
        "OptInRequired",
        starts="In order to use this AWS Marketplace product you need to accept terms and subscribe.",
        status=401,
    ),
    # quotas and capacity ------------------------------------------------------------------
    Case(
        "vcpu-limit",
        quota_nearly_full,
        lambda lab: run(lab, InstanceType="m5.24xlarge", MinCount=2, MaxCount=2),
        "VcpuLimitExceeded",
        starts="You have requested more vCPU capacity than your current vCPU limit of ",
        mentions=lambda lab: ("http://aws.amazon.com/contact-us/ec2-request",),
    ),
    Case(
        "subnet-out-of-addresses",
        nearly_full_subnet,
        lambda lab: run(lab, InstanceType="t2.nano", MinCount=636, MaxCount=700),
        "InsufficientFreeAddressesInSubnet",
        mentions=lambda lab: (Lab(lab.cloud).ec2.describe_instances(MaxResults=5)["Reservations"][0]["Instances"][0]["SubnetId"],),
    ),
    Case("private-ip-in-use", running, lambda lab: run(lab, PrivateIpAddress=lab.instance()["PrivateIpAddress"]), "InvalidIPAddress.InUse", mentions=lambda lab: (lab.instance()["PrivateIpAddress"],)),
    Case(
        "client-token-other-parameters",
        client_token_used,
        lambda lab: run(lab, InstanceType="t2.small", ClientToken="web-server-1"),
        "IdempotentParameterMismatch",
        mentions=lambda lab: ("web-server-1",),
    ),
    # missing or unknown related resources -------------------------------------------------
    Case("launch-unknown-security-group-id", fresh, lambda lab: run(lab, SecurityGroupIds=["sg-0123456789abcdef0"]), "InvalidGroup.NotFound", mentions=lambda lab: ("sg-0123456789abcdef0",)),
    Case("launch-unknown-security-group-name", fresh, lambda lab: run(lab, SecurityGroups=["web"]), "InvalidGroup.NotFound", mentions=lambda lab: ("web",)),
    Case("launch-unknown-placement-group", fresh, lambda lab: run(lab, Placement={"GroupName": "hpc-cluster"}), "InvalidPlacementGroup.Unknown", "The Placement Group 'hpc-cluster' is unknown."),
    Case("launch-unknown-subnet", fresh, lambda lab: run(lab, SubnetId="subnet-0123456789abcdef0"), "InvalidSubnetID.NotFound", mentions=lambda lab: ("subnet-0123456789abcdef0",)),
    Case("tag-invalid-id", fresh, lambda lab: lab.ec2.create_tags(Resources=["web-server"], Tags=[{"Key": "Name", "Value": "web"}]), "InvalidID", mentions=lambda lab: ("web-server",)),
    # MissingParameter ---------------------------------------------------------------------
    Case("launch-without-image", fresh, lambda lab: lab.ec2.run_instances(InstanceType="t2.micro", MinCount=1, MaxCount=1), "MissingParameter", mentions=lambda lab: ("ImageId",)),
    *[
        Case(f"{op}-no-ids", running, (lambda op: lambda lab: getattr(lab.ec2, op)(InstanceIds=[]))(op), "MissingParameter")
        for op in ("start_instances", "stop_instances", "reboot_instances", "terminate_instances")
    ],
    Case("modify-nothing", running, lambda lab: modify(lab), "MissingParameter"),
    Case("modify-without-value", running, lambda lab: modify(lab, DisableApiStop={}), "MissingParameter"),
    Case("tag-no-resources", fresh, lambda lab: lab.ec2.create_tags(Resources=[], Tags=[{"Key": "Name", "Value": "web"}]), "MissingParameter"),
    # TagLimitExceeded ---------------------------------------------------------------------
    Case("tag-51st", fifty_tags, lambda lab: lab.ec2.create_tags(Resources=lab.ids, Tags=[{"Key": "k50", "Value": "v"}]), "TagLimitExceeded", mentions=_ids),
    Case(
        "launch-51-tags",
        fresh,
        lambda lab: run(lab, TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": f"k{n}", "Value": ""} for n in range(51)]}]),
        "TagLimitExceeded",
    ),
    # DryRunOperation (HTTP 412) -------------------------------------------------------------
    Case("dry-run-launch", fresh, lambda lab: run(lab, DryRun=True), "DryRunOperation", DRY_RUN_MESSAGE, status=412),
    Case("dry-run-launch-many", fresh, lambda lab: run(lab, MinCount=5, MaxCount=10, DryRun=True), "DryRunOperation", DRY_RUN_MESSAGE, status=412),
    Case("dry-run-stop", running, lambda lab: lab.ec2.stop_instances(InstanceIds=lab.ids, DryRun=True), "DryRunOperation", DRY_RUN_MESSAGE, status=412),
    Case("dry-run-start", stopped, lambda lab: lab.ec2.start_instances(InstanceIds=lab.ids, DryRun=True), "DryRunOperation", DRY_RUN_MESSAGE, status=412),
    Case("dry-run-reboot", running, lambda lab: lab.ec2.reboot_instances(InstanceIds=lab.ids, DryRun=True), "DryRunOperation", DRY_RUN_MESSAGE, status=412),
    Case("dry-run-terminate", running, lambda lab: lab.ec2.terminate_instances(InstanceIds=lab.ids, DryRun=True), "DryRunOperation", DRY_RUN_MESSAGE, status=412),
    Case("dry-run-modify", running, lambda lab: modify(lab, DisableApiTermination={"Value": True}, DryRun=True), "DryRunOperation", DRY_RUN_MESSAGE, status=412),
    Case("dry-run-tag", running, lambda lab: lab.ec2.create_tags(Resources=lab.ids, Tags=[{"Key": "Name", "Value": "web"}], DryRun=True), "DryRunOperation", DRY_RUN_MESSAGE, status=412),
    Case("dry-run-describe-instances", running, lambda lab: lab.ec2.describe_instances(DryRun=True), "DryRunOperation", DRY_RUN_MESSAGE, status=412),
    Case("dry-run-describe-types", fresh, lambda lab: lab.ec2.describe_instance_types(DryRun=True), "DryRunOperation", DRY_RUN_MESSAGE, status=412),
    Case("dry-run-describe-images", fresh, lambda lab: lab.ec2.describe_images(DryRun=True), "DryRunOperation", DRY_RUN_MESSAGE, status=412),
    # with DryRun, a request that would fail fails with its own error, not DryRunOperation
    Case("dry-run-unknown-type", fresh, lambda lab: run(lab, InstanceType="t2.mega", DryRun=True), "InvalidParameterValue", mentions=lambda lab: ("t2.mega",)),
    Case("dry-run-stop-terminated", terminated, lambda lab: lab.ec2.stop_instances(InstanceIds=lab.ids, DryRun=True), "IncorrectInstanceState", CANNOT_STOP),
    # InvalidRegion, NotImplemented -------------------------------------------------------------
    Case("region-describe-instances", running, lambda lab: lab.cloud.client("ec2", region_name="mars-1").describe_instances(), "InvalidRegion", mentions=lambda lab: ("mars-1",)),
    # key pairs ----------------------------------------------------------------------------
    Case("key-duplicate", with_key_pair, lambda lab: lab.ec2.create_key_pair(KeyName="lab"), "InvalidKeyPair.Duplicate", "The keypair 'lab' already exists."),
    Case("key-import-duplicate", with_key_pair, lambda lab: lab.ec2.import_key_pair(KeyName="lab", PublicKeyMaterial=b"ssh-ed25519 AAAA"), "InvalidKeyPair.Duplicate", "The keypair 'lab' already exists."),
    Case("key-import-garbage", fresh, lambda lab: lab.ec2.import_key_pair(KeyName="k", PublicKeyMaterial=b"hello"), "InvalidKey.Format", KEY_FORMAT),
    Case("key-import-dsa", fresh, lambda lab: lab.ec2.import_key_pair(KeyName="k", PublicKeyMaterial=DSA_PUBLIC), "InvalidKey.Format", KEY_FORMAT),
    Case("key-import-private", fresh, lambda lab: lab.ec2.import_key_pair(KeyName="k", PublicKeyMaterial=b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbg==\n-----END OPENSSH PRIVATE KEY-----\n"), "InvalidKey.Format", KEY_FORMAT),
    Case("key-type", fresh, lambda lab: lab.ec2.create_key_pair(KeyName="k", KeyType="dsa"), "InvalidParameterValue", mentions=lambda lab: ("dsa",)),
    Case("key-format", fresh, lambda lab: lab.ec2.create_key_pair(KeyName="k", KeyFormat="der"), "InvalidParameterValue", mentions=lambda lab: ("der",)),
    Case("key-name-too-long", fresh, lambda lab: lab.ec2.create_key_pair(KeyName="k" * 256), "InvalidParameterValue", mentions=lambda lab: ("255",)),
    Case("key-tag-type", fresh, lambda lab: lab.ec2.create_key_pair(KeyName="k", TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "a", "Value": "b"}]}]), "InvalidParameterValue", mentions=lambda lab: ("instance",)),
    Case("key-describe-unknown", with_key_pair, lambda lab: lab.ec2.describe_key_pairs(KeyNames=["lab", "nope"]), "InvalidKeyPair.NotFound", "The key pair 'nope' does not exist"),
    Case("key-describe-unknown-id", fresh, lambda lab: lab.ec2.describe_key_pairs(KeyPairIds=["key-0123456789abcdef0"]), "InvalidKeyPair.NotFound", "The key pair 'key-0123456789abcdef0' does not exist"),
    Case("key-describe-filter", fresh, lambda lab: lab.ec2.describe_key_pairs(Filters=[{"Name": "key-size", "Values": ["2048"]}]), "InvalidParameterValue", mentions=lambda lab: ("key-size",)),
    Case("key-delete-nothing", fresh, lambda lab: lab.ec2.delete_key_pair(), "MissingParameter"),
    Case("launch-unknown-key", with_key_pair, lambda lab: run(lab, KeyName="Lab"), "InvalidKeyPair.NotFound", "The key pair 'Lab' does not exist"),
    Case("region-launch", fresh, lambda lab: lab.cloud.client("ec2", region_name="us-east-7").run_instances(ImageId=lab.image(), InstanceType="t2.micro", MinCount=1, MaxCount=1), "InvalidRegion", mentions=lambda lab: ("us-east-7",)),
    Case("region-describe-types", fresh, lambda lab: lab.cloud.client("ec2", region_name="moon-1").describe_instance_types(), "InvalidRegion", mentions=lambda lab: ("moon-1",)),
    Case("not-implemented", running, lambda lab: getattr(lab.ec2, first_unimplemented_ec2_operation())(), "NotImplemented", status=501),
]


def _params(cases):
    return [pytest.param(c, id=c.id, marks=c.marks) for c in cases]


def test_case_ids_are_unique():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


def check_refusal(case: Case, state, same_draws: bool = True):
    """Runs one refusal case: the AWS code, status and message; the refused call changed nothing
    (``state(lab)`` is the same before and after) and, with ``same_draws``, drew nothing from the
    seeded generator (the next launch is the same as in a twin account that never made the call).
    Returns the lab, for case-specific checks."""
    lab = case.setup(ec2lab.Cloud(seed=0))
    before = state(lab)
    err = refused(lambda: case.call(lab), case.code, case.status)
    message = err.response["Error"]["Message"]
    exact = _text(case.message, lab)
    if exact is not None:
        assert message == exact
    start = _text(case.starts, lab)
    if start is not None:
        assert message.startswith(start), message
    for value in case.mentions(lab):
        assert value in message, (value, message)
    lab.unchanged = state(lab) == before
    if same_draws:
        twin = case.setup(ec2lab.Cloud(seed=0))
        assert after_a_probe_launch(lab) == after_a_probe_launch(twin)
    return lab


@pytest.mark.parametrize("case", _params(CASES))
def test_refusal(case: Case):
    assert check_refusal(case, world).unchanged


# --- refusals that are not all-or-nothing, or that AWS does not make ----------------------------


def test_termination_protection_spares_only_its_own_az():
    """aws-facts §2.3 (BC:ec2/TerminateInstances): the protected instance and the others of its
    AZ are left alone; instances in other AZs are terminated; the call is refused."""
    lab = protected_and_unprotected_in_two_azs(ec2lab.Cloud(seed=0))
    guarded, neighbour, elsewhere = lab.ids
    assert [lab.instance(i)["Placement"]["AvailabilityZone"] for i in lab.ids] == ["us-east-1a", "us-east-1a", "us-east-1b"]
    now = lab.cloud.now
    err = refused(lambda: lab.ec2.terminate_instances(InstanceIds=[elsewhere, neighbour, guarded]), "OperationNotPermitted")
    assert err.response["Error"]["Message"] == (
        f"The instance '{guarded}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again."
    )
    assert [lab.state(i) for i in lab.ids] == ["running", "running", "shutting-down"]
    assert elsewhere in err.hint_en and elsewhere in err.hint_ko
    assert lab.cloud.now == now
    # Turning protection off is the way out.
    lab.ec2.modify_instance_attribute(InstanceId=guarded, DisableApiTermination={"Value": False})
    lab.ec2.terminate_instances(InstanceIds=[guarded, neighbour])
    lab.wait("instance_terminated")
    assert [lab.state(i) for i in lab.ids] == ["terminated"] * 3


def test_a_refused_launch_of_many_launches_none():
    """RunInstances checks every instance before it makes any: MinCount that cannot be met
    launches nothing, while MaxCount above what fits launches what fits."""
    lab = quota_nearly_full(ec2lab.Cloud(seed=0))
    before = world(lab)
    refused(lambda: run(lab, InstanceType="m5.24xlarge", MinCount=2, MaxCount=3), "VcpuLimitExceeded")
    assert world(lab) == before
    launched = run(lab, InstanceType="m5.24xlarge", MinCount=1, MaxCount=3)["Instances"]
    assert len(launched) == 1


def test_stopped_instances_free_the_vcpu_quota_but_keep_their_addresses():
    lab = quota_nearly_full(ec2lab.Cloud(seed=0))
    refused(lambda: run(lab, InstanceType="m5.24xlarge", MinCount=2, MaxCount=2), "VcpuLimitExceeded")
    lab.ec2.stop_instances(InstanceIds=lab.ids[:1])
    lab.wait("instance_stopped", lab.ids[:1])
    assert len(run(lab, InstanceType="m5.24xlarge", MinCount=2, MaxCount=2)["Instances"]) == 2


def test_force_stop_is_accepted_on_a_pending_instance():
    """aws-facts §2.2 (UG:TroubleshootingInstancesStopping): Force is accepted in any state except
    shutting-down and terminated."""
    lab = pending(ec2lab.Cloud(seed=0))
    change = lab.ec2.stop_instances(InstanceIds=lab.ids, Force=True)["StoppingInstances"][0]
    assert (change["PreviousState"]["Name"], change["CurrentState"]["Name"]) == ("pending", "stopping")
    lab.wait("instance_stopped", lab.ids)


def test_what_aws_does_not_refuse():
    """The calls AWS answers without an error (aws-facts §2.2): terminating a terminated instance,
    rebooting a terminated one, starting a running one, stopping a stopped one."""
    lab = terminated(ec2lab.Cloud(seed=0))
    again = lab.ec2.terminate_instances(InstanceIds=lab.ids)["TerminatingInstances"][0]
    assert again["PreviousState"]["Name"] == again["CurrentState"]["Name"] == "terminated"
    lab.ec2.reboot_instances(InstanceIds=lab.ids)
    lab = running(ec2lab.Cloud(seed=0))
    assert lab.ec2.start_instances(InstanceIds=lab.ids)["StartingInstances"][0]["CurrentState"]["Name"] == "running"
    lab = stopped(ec2lab.Cloud(seed=0))
    assert lab.ec2.stop_instances(InstanceIds=lab.ids)["StoppingInstances"][0]["CurrentState"]["Name"] == "stopped"


def test_the_same_client_token_returns_the_first_launch():
    lab = client_token_used(ec2lab.Cloud(seed=0))
    before = world(lab)
    again = run(lab, ClientToken="web-server-1")["Instances"]
    assert [i["InstanceId"] for i in again] == lab.ids
    assert world(lab) == before


# --- custom AMIs (issue 3): CreateImage, RegisterImage, CopyImage, DeregisterImage, attributes --


def with_image(cloud):
    """A running instance and an available AMI made from it, ``lab.ami`` (named web-v1)."""
    lab = running(cloud)
    lab.ami = lab.ec2.create_image(InstanceId=lab.i, Name="web-v1")["ImageId"]
    lab.ec2.get_waiter("image_available").wait(ImageIds=[lab.ami])
    return lab


def with_pending_image(cloud):
    lab = running(cloud)
    lab.ami = lab.ec2.create_image(InstanceId=lab.i, Name="web-v1")["ImageId"]
    return lab


def ami_world(lab: Lab) -> dict:
    """world() plus the account's images and snapshots in this region and in Seoul."""
    seoul = lab.cloud.client("ec2", region_name="ap-northeast-2")
    return {
        **world(lab),
        "images": _strip(lab.ec2.describe_images(Owners=["self"])),
        "snapshots": _strip(lab.ec2.describe_snapshots(OwnerIds=["self"])),
        "seoul_images": _strip(seoul.describe_images(Owners=["self"])),
        "seoul_snapshots": _strip(seoul.describe_snapshots(OwnerIds=["self"])),
    }


def _snapshot_of(lab: Lab) -> str:
    return lab.ec2.describe_images(ImageIds=[lab.ami])["Images"][0]["BlockDeviceMappings"][0]["Ebs"]["SnapshotId"]


def _public_root_snapshot(lab: Lab) -> str:
    return lab.ec2.describe_images(ImageIds=[lab.image()])["Images"][0]["BlockDeviceMappings"][0]["Ebs"]["SnapshotId"]


AMI_NAME_RULE = "AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/' and '_'"


def _seoul(lab: Lab):
    return lab.cloud.client("ec2", region_name="ap-northeast-2")


AMI_CASES = [
    Case("create-image-name-too-short", running, lambda lab: lab.ec2.create_image(InstanceId=lab.i, Name="ab"), "InvalidAMIName.Malformed", AMI_NAME_RULE),
    Case("create-image-name-characters", running, lambda lab: lab.ec2.create_image(InstanceId=lab.i, Name="web#1"), "InvalidAMIName.Malformed", AMI_NAME_RULE),
    Case("create-image-duplicate-name", with_image, lambda lab: lab.ec2.create_image(InstanceId=lab.i, Name="web-v1"), "InvalidAMIName.Duplicate",
         lambda lab: f"AMI name web-v1 is already in use by AMI {lab.ami}"),
    Case("create-image-pending-instance", pending, lambda lab: lab.ec2.create_image(InstanceId=lab.i, Name="too-early"), "IncorrectInstanceState", mentions=_ids),
    Case("create-image-instance-store-backed", store_backed, lambda lab: lab.ec2.create_image(InstanceId=lab.i, Name="store-image"), "UnsupportedOperation", mentions=_ids),
    Case("create-image-unknown-instance", fresh, lambda lab: lab.ec2.create_image(InstanceId=UNKNOWN_ID, Name="web-v1"), "InvalidInstanceID.NotFound", NOT_FOUND),
    Case("create-image-resize-root", running,
         lambda lab: lab.ec2.create_image(InstanceId=lab.i, Name="bigger", BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 50}}]),
         "InvalidBlockDeviceMapping", mentions=lambda lab: ("/dev/xvda",)),
    Case("create-image-tag-volume", running,
         lambda lab: lab.ec2.create_image(InstanceId=lab.i, Name="tagged", TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "a", "Value": "b"}]}]),
         "InvalidParameterValue", mentions=lambda lab: ("volume",)),
    Case("delete-snapshot-of-an-ami", with_image, lambda lab: lab.ec2.delete_snapshot(SnapshotId=_snapshot_of(lab)), "InvalidSnapshot.InUse",
         lambda lab: f"The snapshot {_snapshot_of(lab)} is currently in use by {lab.ami}"),
    Case("copy-image-unknown", fresh, lambda lab: _seoul(lab).copy_image(SourceRegion="us-east-1", SourceImageId=UNKNOWN_AMI, Name="copy"), "InvalidAMIID.NotFound", AMI_NOT_FOUND),
    Case("copy-image-pending", with_pending_image, lambda lab: _seoul(lab).copy_image(SourceRegion="us-east-1", SourceImageId=lab.ami, Name="web-v1"), "IncorrectState",
         mentions=lambda lab: (lab.ami,)),
    Case("copy-image-bad-name", with_image, lambda lab: _seoul(lab).copy_image(SourceRegion="us-east-1", SourceImageId=lab.ami, Name="x"), "InvalidAMIName.Malformed", AMI_NAME_RULE),
    Case("register-image-without-root-device", fresh,
         lambda lab: lab.ec2.register_image(Name="no-root", BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": _public_root_snapshot(lab)}}]),
         "MissingParameter", "The request must contain the parameter rootDeviceName"),
    Case("register-image-smaller-than-snapshot", fresh,
         lambda lab: lab.ec2.register_image(Name="small", RootDeviceName="/dev/xvda",
                                            BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": _public_root_snapshot(lab), "VolumeSize": 4}}]),
         "InvalidBlockDeviceMapping", lambda lab: f"Volume of size 4GB is smaller than snapshot '{_public_root_snapshot(lab)}', expect size >= 8GB"),
    Case("register-image-root-not-mapped", fresh,
         lambda lab: lab.ec2.register_image(Name="unmapped", RootDeviceName="/dev/xvda", BlockDeviceMappings=[{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 8}}]),
         "InvalidBlockDeviceMapping", mentions=lambda lab: ("/dev/xvda",)),
    Case("register-image-s3-bundle", fresh, lambda lab: lab.ec2.register_image(Name="bundle", ImageLocation="my-bucket/image.manifest.xml"), "Unsupported"),
    Case("register-image-unknown-architecture", fresh,
         lambda lab: lab.ec2.register_image(Name="sparc", Architecture="sparc", RootDeviceName="/dev/xvda",
                                            BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": _public_root_snapshot(lab)}}]),
         "InvalidParameterValue", mentions=lambda lab: ("sparc",)),
    Case("deregister-amazons-image", fresh, lambda lab: lab.ec2.deregister_image(ImageId=lab.image()), "AuthFailure", lambda lab: f"Not authorized for image:{lab.image()}", status=403),
    Case("deregister-unknown", fresh, lambda lab: lab.ec2.deregister_image(ImageId=UNKNOWN_AMI), "InvalidAMIID.NotFound", AMI_NOT_FOUND),
    Case("modify-image-bad-account", with_image, lambda lab: lab.ec2.modify_image_attribute(ImageId=lab.ami, LaunchPermission={"Add": [{"UserId": "12"}]}),
         "InvalidUserID.Malformed", "User ID '12' is invalid"),
    Case("modify-image-bad-group", with_image, lambda lab: lab.ec2.modify_image_attribute(ImageId=lab.ami, LaunchPermission={"Add": [{"Group": "everyone"}]}),
         "InvalidParameterValue", mentions=lambda lab: ("everyone",)),
    Case("modify-image-two-attributes", with_image,
         lambda lab: lab.ec2.modify_image_attribute(ImageId=lab.ami, Description={"Value": "a"}, LaunchPermission={"Add": [{"Group": "all"}]}), "InvalidParameterCombination"),
    Case("modify-image-of-amazon", fresh, lambda lab: lab.ec2.modify_image_attribute(ImageId=lab.image(), Description={"Value": "mine"}), "AuthFailure", status=403),
    Case("describe-image-unknown-attribute", with_image, lambda lab: lab.ec2.describe_image_attribute(ImageId=lab.ami, Attribute="colour"), "InvalidParameterValue",
         mentions=lambda lab: ("colour",)),
    Case("describe-launch-permission-of-amazon", fresh, lambda lab: lab.ec2.describe_image_attribute(ImageId=lab.image(), Attribute="launchPermission"), "AuthFailure", status=403),
    Case("dry-run-create-image", running, lambda lab: lab.ec2.create_image(InstanceId=lab.i, Name="web-v1", DryRun=True), "DryRunOperation", DRY_RUN_MESSAGE, status=412),
    Case("dry-run-deregister", with_image, lambda lab: lab.ec2.deregister_image(ImageId=lab.ami, DryRun=True), "DryRunOperation", DRY_RUN_MESSAGE, status=412),
]


def test_ami_case_ids_are_unique():
    ids = [c.id for c in CASES + AMI_CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", _params(AMI_CASES))
def test_ami_refusal(case: Case):
    assert check_refusal(case, ami_world).unchanged


# --- storage: volumes, snapshots, the EBS direct APIs, the guest view ------------------------


def _az(lab: Lab) -> str:
    return lab.instance()["Placement"]["AvailabilityZone"]


def _new_volume(lab: Lab, az: Optional[str] = None, **params) -> str:
    volume = lab.ec2.create_volume(AvailabilityZone=az or _az(lab), **{"Size": 1, **params})["VolumeId"]
    lab.ec2.get_waiter("volume_available").wait(VolumeIds=[volume])
    return volume


def with_volume(cloud):
    """A running instance, an available volume in its AZ and one in another AZ."""
    lab = running(cloud)
    lab.vol = _new_volume(lab)
    other = next(z["ZoneName"] for z in lab.ec2.describe_availability_zones()["AvailabilityZones"] if z["ZoneName"] != _az(lab))
    lab.far = _new_volume(lab, other)
    return lab


def with_attached(cloud):
    lab = with_volume(cloud)
    lab.ec2.attach_volume(VolumeId=lab.vol, InstanceId=lab.i, Device="/dev/sdf")
    lab.ec2.get_waiter("volume_in_use").wait(VolumeIds=[lab.vol])
    lab.cloud.advance(10)  # the attachment itself: attaching -> attached
    lab.cloud.client("ec2lab").mount(InstanceId=lab.i, DeviceName="/dev/sdf", Path="/data")
    lab.spare = _new_volume(lab)
    return lab


def pending_with_volume(cloud):
    lab = pending(cloud)
    lab.vol = lab.ec2.create_volume(AvailabilityZone=_az(lab), Size=1)["VolumeId"]
    lab.cloud.advance(10)
    assert lab.state() == "pending"
    return lab


def with_pending_snapshots(cloud):
    lab = with_volume(cloud)
    lab.snaps = [lab.ec2.create_snapshot(VolumeId=lab.vol)["SnapshotId"] for _ in range(5)]
    return lab


def with_snapshot(cloud):
    lab = with_volume(cloud)
    lab.snap = lab.ec2.create_snapshot(VolumeId=lab.vol)["SnapshotId"]
    lab.ec2.get_waiter("snapshot_completed").wait(SnapshotIds=[lab.snap])
    return lab


def stopped_with_attached(cloud):
    lab = with_attached(cloud)
    lab.ec2.stop_instances(InstanceIds=lab.ids)
    lab.wait("instance_stopped")
    return lab


def _root_volume(lab: Lab) -> str:
    return lab.instance()["BlockDeviceMappings"][0]["Ebs"]["VolumeId"]


def storage_world(lab: Lab) -> dict:
    """world() plus every volume, snapshot and modification of the region."""
    return {
        **world(lab),
        "volumes": _strip(lab.ec2.describe_volumes()),
        "snapshots": _strip(lab.ec2.describe_snapshots(OwnerIds=["self"])),
        "modifications": _strip(lab.ec2.describe_volumes_modifications()),
    }


STORAGE_CASES = [
    Case("attach-zone-mismatch", with_volume, lambda lab: lab.ec2.attach_volume(VolumeId=lab.far, InstanceId=lab.i, Device="/dev/sdf"), "InvalidVolume.ZoneMismatch",
         lambda lab: f"The volume '{lab.far}' is not in the same availability zone as instance '{lab.i}'"),
    Case("attach-in-use", with_attached, lambda lab: lab.ec2.attach_volume(VolumeId=lab.vol, InstanceId=lab.i, Device="/dev/sdg"), "VolumeInUse",
         lambda lab: f"{lab.vol} is already attached to an instance"),
    Case("attach-device-in-use", with_attached, lambda lab: lab.ec2.attach_volume(VolumeId=lab.spare, InstanceId=lab.i, Device="/dev/sdf"), "InvalidParameterValue",
         "Invalid value '/dev/sdf' for unixDevice. Attachment point /dev/sdf is already in use"),
    Case("attach-pending-instance", pending_with_volume, lambda lab: lab.ec2.attach_volume(VolumeId=lab.vol, InstanceId=lab.i, Device="/dev/sdf"), "IncorrectState",
         lambda lab: f"Instance '{lab.i}' is not 'running'."),
    Case("attach-unknown-volume", running, lambda lab: lab.ec2.attach_volume(VolumeId="vol-0123456789abcdef0", InstanceId=lab.i, Device="/dev/sdf"), "InvalidVolume.NotFound",
         "The volume 'vol-0123456789abcdef0' does not exist."),
    Case("detach-available", with_volume, lambda lab: lab.ec2.detach_volume(VolumeId=lab.vol), "IncorrectState", mentions=lambda lab: (lab.vol,)),
    Case("detach-root-running", running, lambda lab: lab.ec2.detach_volume(VolumeId=_root_volume(lab)), "OperationNotPermitted",
         lambda lab: f"Unable to detach root volume '{_root_volume(lab)}' from instance '{lab.i}'."),
    Case("delete-attached-volume", with_attached, lambda lab: lab.ec2.delete_volume(VolumeId=lab.vol), "VolumeInUse",
         lambda lab: f"Volume {lab.vol} is currently attached to {lab.i}"),
    Case("create-volume-smaller-than-snapshot", with_snapshot, lambda lab: lab.ec2.create_volume(AvailabilityZone=_az(lab), SnapshotId=_public_root_snapshot(lab), Size=4),
         "InvalidParameterValue", lambda lab: f"Volume of size 4GB is smaller than snapshot '{_public_root_snapshot(lab)}', expect size >= 8GB"),
    Case("create-volume-io1-without-iops", fresh, lambda lab: lab.ec2.create_volume(AvailabilityZone="us-east-1a", Size=10, VolumeType="io1"), "MissingParameter",
         "The request must contain the parameter iops"),
    Case("create-volume-iops-ratio", fresh, lambda lab: lab.ec2.create_volume(AvailabilityZone="us-east-1a", Size=10, VolumeType="io1", Iops=600), "InvalidParameterValue",
         "Iops to volume size ratio of 60.000000 is too high; maximum is 50.000000"),
    Case("create-volume-multi-attach-gp3", fresh, lambda lab: lab.ec2.create_volume(AvailabilityZone="us-east-1a", Size=10, VolumeType="gp3", MultiAttachEnabled=True),
         "InvalidParameterCombination"),
    Case("modify-volume-shrink", with_volume, lambda lab: lab.ec2.modify_volume(VolumeId=lab.vol, Size=0), "InvalidParameterValue", mentions=lambda lab: ("smaller",)),
    Case("modify-volume-while-modifying", with_volume, lambda lab: (lab.ec2.modify_volume(VolumeId=lab.vol, Size=2), lab.ec2.modify_volume(VolumeId=lab.vol, Size=3)),
         "IncorrectModificationState", mentions=lambda lab: (lab.vol,)),
    Case("snapshot-concurrency-limit", with_pending_snapshots, lambda lab: lab.ec2.create_snapshot(VolumeId=lab.vol), "ConcurrentSnapshotLimitExceeded", mentions=lambda lab: (lab.vol,)),
    Case("delete-public-snapshot", fresh, lambda lab: lab.ec2.delete_snapshot(SnapshotId=_public_root_snapshot(lab)), "UnauthorizedOperation"),
    Case("delete-unknown-snapshot", fresh, lambda lab: lab.ec2.delete_snapshot(SnapshotId="snap-0123456789abcdef0"), "InvalidSnapshot.NotFound",
         "The snapshot 'snap-0123456789abcdef0' does not exist."),
    Case("copy-pending-snapshot", with_pending_snapshots, lambda lab: _seoul(lab).copy_snapshot(SourceRegion="us-east-1", SourceSnapshotId=lab.snaps[0]), "IncorrectState",
         mentions=lambda lab: (lab.snaps[0],)),
    Case("ebs-bad-block-token", with_snapshot,
         lambda lab: lab.cloud.client("ebs").get_snapshot_block(SnapshotId=lab.snap, BlockIndex=0, BlockToken="bm90LWEtdG9rZW4="), "ValidationException"),
    Case("ebs-unknown-snapshot", fresh, lambda lab: lab.cloud.client("ebs").list_snapshot_blocks(SnapshotId="snap-0123456789abcdef0"), "ResourceNotFoundException", status=404),
    Case("ebs-pending-snapshot", with_pending_snapshots, lambda lab: lab.cloud.client("ebs").list_snapshot_blocks(SnapshotId=lab.snaps[0]), "ValidationException"),
    Case("write-file-stopped-instance", stopped_with_attached, lambda lab: lab.cloud.client("ec2lab").write_file(InstanceId=lab.i, Path="/data/a.txt", Data="aGk="),
         "IncorrectInstanceState", mentions=lambda lab: (lab.i,)),
    Case("mount-missing-instance-store", running, lambda lab: lab.cloud.client("ec2lab").mount(InstanceId=lab.i, DeviceName="ephemeral0", Path="/scratch"),
         "InvalidParameterValue", mentions=lambda lab: ("ephemeral0",)),
    Case("read-missing-file", with_attached, lambda lab: lab.cloud.client("ec2lab").read_file(InstanceId=lab.i, Path="/data/none.txt"), "InvalidParameterValue",
         "No such file or directory: '/none.txt'"),
    Case("io-test-bad-pattern", running, lambda lab: lab.cloud.client("ec2lab").io_test(InstanceId=lab.i, Target="/", SizeBytes=4096, Pattern="sideways"),
         "InvalidParameterValue", mentions=lambda lab: ("sideways",)),
    Case("launch-ephemeral-without-instance-store", fresh, lambda lab: run(lab, BlockDeviceMappings=[{"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0"}]),
         "InvalidBlockDeviceMapping", mentions=lambda lab: ("t2.micro",)),
    Case("dry-run-create-volume", fresh, lambda lab: lab.ec2.create_volume(AvailabilityZone="us-east-1a", Size=1, DryRun=True), "DryRunOperation", DRY_RUN_MESSAGE, status=412),
]


def test_storage_case_ids_are_unique():
    ids = [c.id for c in CASES + AMI_CASES + STORAGE_CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", _params(STORAGE_CASES))
def test_storage_refusal(case: Case):
    lab = check_refusal(case, storage_world, same_draws=False)
    if case.id != "modify-volume-while-modifying":  # its first call is the setup's last step
        assert lab.unchanged
        twin = case.setup(ec2lab.Cloud(seed=0))
        assert after_a_probe_launch(lab) == after_a_probe_launch(twin)


# --- CloudWatch alarms and SNS (alarms work): code, status, message, hints, world unchanged ------
def _alarm(cw, **extra):
    params = {"AlarmName": "a", "Namespace": "Lab", "MetricName": "Load", "Statistic": "Average", "Period": 60, "EvaluationPeriods": 2,
              "Threshold": 1.0, "ComparisonOperator": "GreaterThanThreshold"}
    params.update(extra)
    return cw.put_metric_alarm(**params)


ALARM_REFUSALS = [
    ("period-45", lambda c: _alarm(c.client("cloudwatch"), Period=45), "ValidationError", 400, "Period must be 10, 20, 30, or a multiple of 60"),
    ("over-a-day", lambda c: _alarm(c.client("cloudwatch"), Period=3000, EvaluationPeriods=30), "ValidationError", 400,
     "Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be <= 86400)"),
    ("m-over-n", lambda c: _alarm(c.client("cloudwatch"), DatapointsToAlarm=3), "ValidationError", 400, "DatapointsToAlarm must be less than or equal to EvaluationPeriods"),
    ("both-statistics", lambda c: _alarm(c.client("cloudwatch"), ExtendedStatistic="p99"), "InvalidParameterCombination", 400, "Exactly one of Statistic or ExtendedStatistic"),
    ("treat-missing-case", lambda c: _alarm(c.client("cloudwatch"), TreatMissingData="Ignore"), "ValidationError", 400, "Option Ignore is not supported"),
    ("action-other-region", lambda c: _alarm(c.client("cloudwatch"), AlarmActions=["arn:aws:sns:eu-west-1:123456789012:t"]), "ValidationError", 400,
     "Invalid region eu-west-1 specified. Only us-east-1 is supported."),
    ("ec2-action-without-instance", lambda c: _alarm(c.client("cloudwatch"), AlarmActions=["arn:aws:automate:us-east-1:ec2:stop"]), "ValidationError", 400, "InstanceId"),
    ("set-state-unknown-alarm", lambda c: c.client("cloudwatch").set_alarm_state(AlarmName="nope", StateValue="OK", StateReason="x"), "ResourceNotFound", 404, "Alarm nope not found"),
    ("describe-names-and-prefix", lambda c: c.client("cloudwatch").describe_alarms(AlarmNames=["a"], AlarmNamePrefix="a"), "InvalidParameterCombination", 400, "mutually exclusive"),
    ("sns-unknown-topic", lambda c: c.client("sns").publish(TopicArn="arn:aws:sns:us-east-1:123456789012:none", Message="x"), "NotFound", 404, "Topic does not exist"),
    ("sns-bad-topic-name", lambda c: c.client("sns").create_topic(Name="no spaces"), "InvalidParameter", 400, "Invalid parameter: Topic Name"),
    ("sns-bad-email", lambda c: c.client("sns").subscribe(TopicArn=c.client("sns").create_topic(Name="t")["TopicArn"], Protocol="email", Endpoint="nobody"),
     "InvalidParameter", 400, "Invalid parameter: Email address"),
    ("sns-bad-token", lambda c: c.client("sns").confirm_subscription(TopicArn=c.client("sns").create_topic(Name="t")["TopicArn"], Token="0000"),
     "InvalidParameter", 400, "Invalid parameter: Token"),
    ("sns-empty-message", lambda c: c.client("sns").publish(TopicArn=c.client("sns").create_topic(Name="t")["TopicArn"], Message=""),
     "InvalidParameter", 400, "Invalid parameter: Empty message"),
]


@pytest.mark.parametrize("case", ALARM_REFUSALS, ids=[c[0] for c in ALARM_REFUSALS])
def test_alarm_and_sns_refusal(case):
    name, call, code, status, message = case
    cloud = ec2lab.Cloud(seed=0)
    cloud.client("sns").create_topic(Name="t")  # the setup some cases repeat (idempotent)
    before = cloud.digest
    err = refused(lambda: call(cloud), code, status)
    assert message in err.response["Error"]["Message"], err.response["Error"]["Message"]
    assert cloud.digest == before, f"{name} changed the world although refused"


# --- launch templates and Auto Scaling ----------------------------------------------------------


def with_template(cloud):
    lab = Lab(cloud)
    lab.lt = lab.ec2.create_launch_template(LaunchTemplateName="web", LaunchTemplateData={"ImageId": lab.image(), "InstanceType": "t3.micro"})["LaunchTemplate"]["LaunchTemplateId"]
    lab.subnets = sorted((s["AvailabilityZone"], s["SubnetId"]) for s in lab.ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"])
    lab.asg = cloud.client("autoscaling")
    return lab


def _create_group(lab: Lab, **params):
    request = {"AutoScalingGroupName": "web-asg", "LaunchTemplate": {"LaunchTemplateName": "web"}, "MinSize": 1, "MaxSize": 3,
               "VPCZoneIdentifier": f"{lab.subnets[0][1]},{lab.subnets[1][1]}", **params}
    return lab.asg.create_auto_scaling_group(**{k: v for k, v in request.items() if v is not None})


def with_group(cloud):
    lab = with_template(cloud)
    _create_group(lab, DesiredCapacity=1)
    lab.cloud.advance(120)
    lab.member = lab.asg.describe_auto_scaling_groups()["AutoScalingGroups"][0]["Instances"][0]["InstanceId"]
    return lab


def launching_group(cloud):
    lab = with_template(cloud)
    _create_group(lab, DesiredCapacity=1)
    return lab


def asg_world(lab: Lab) -> dict:
    """world() plus launch templates, groups, activities and policies."""
    asg = lab.cloud.client("autoscaling")
    return {
        **world(lab),
        "templates": _strip(lab.ec2.describe_launch_templates()),
        "groups": _strip(asg.describe_auto_scaling_groups()),
        "activities": _strip(asg.describe_scaling_activities(IncludeDeletedGroups=True)),
        "policies": _strip(asg.describe_policies()),
    }


UNKNOWN_LT = "lt-0123456789abcdef0"
ASG_CASES = [
    Case("lt-name-exists", with_template, lambda lab: lab.ec2.create_launch_template(LaunchTemplateName="web", LaunchTemplateData={}),
         "InvalidLaunchTemplateName.AlreadyExistsException", "Launch template name already in use."),
    Case("lt-name-malformed", fresh, lambda lab: lab.ec2.create_launch_template(LaunchTemplateName="no", LaunchTemplateData={}),
         "InvalidLaunchTemplateName.MalformedException", starts="A launch template name must be between 3 and 128 characters"),
    Case("lt-unknown-id", fresh, lambda lab: lab.ec2.describe_launch_template_versions(LaunchTemplateId=UNKNOWN_LT), "InvalidLaunchTemplateId.NotFound",
         f"The specified launch template, with template ID {UNKNOWN_LT}, does not exist."),
    Case("lt-unknown-name", fresh, lambda lab: lab.ec2.delete_launch_template(LaunchTemplateName="nope"), "InvalidLaunchTemplateName.NotFoundException",
         "The specified launch template, with template name nope, does not exist."),
    Case("lt-describe-unknown-name", fresh, lambda lab: lab.ec2.describe_launch_templates(LaunchTemplateNames=["nope"]), "InvalidLaunchTemplateName.NotFoundException",
         "At least one of the launch templates specified in the request does not exist."),
    Case("lt-malformed-id", fresh, lambda lab: lab.ec2.delete_launch_template(LaunchTemplateId="lt-nope"), "InvalidLaunchTemplateId.Malformed",
         "The specified ID (lt-nope) is not valid."),
    Case("lt-unknown-version", with_template, lambda lab: lab.ec2.modify_launch_template(LaunchTemplateId=lab.lt, DefaultVersion="9"),
         "InvalidLaunchTemplateId.VersionNotFound", lambda lab: f"Could not find the specified version 9 for the launch template with ID {lab.lt}."),
    Case("lt-neither-id-nor-name", fresh, lambda lab: lab.ec2.describe_launch_template_versions(), "MissingParameter",
         "The request must contain the parameter LaunchTemplateName or LaunchTemplateId"),
    Case("asg-exists", with_group, lambda lab: _create_group(lab), "AlreadyExists",
         "AutoScalingGroup by this name already exists - A group with the name web-asg already exists"),
    Case("asg-min-above-max", with_template, lambda lab: _create_group(lab, MinSize=4), "ValidationError", "Max bound, 3, must be greater than or equal to min bound, 4"),
    Case("asg-desired-out-of-range", with_template, lambda lab: _create_group(lab, DesiredCapacity=7), "ValidationError",
         "Desired capacity:7 must be between the specified min size:1 and max size:3"),
    Case("asg-no-launch-source", with_template, lambda lab: _create_group(lab, LaunchTemplate=None), "ValidationError",
         "Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter."),
    Case("asg-unknown-template", with_template, lambda lab: _create_group(lab, LaunchTemplate={"LaunchTemplateId": UNKNOWN_LT}), "ValidationError",
         f"You must use a valid fully-formed launch template. The specified launch template, with template ID {UNKNOWN_LT}, does not exist."),
    Case("asg-unknown-subnet", with_template, lambda lab: _create_group(lab, VPCZoneIdentifier="subnet-0123456789abcdef0"), "ValidationError",
         "The subnet ID 'subnet-0123456789abcdef0' does not exist"),
    Case("asg-nowhere", with_template, lambda lab: _create_group(lab, VPCZoneIdentifier=None), "ValidationError", "At least one Availability Zone or VPC Subnet is required."),
    Case("asg-unknown-target-group", with_template,
         lambda lab: _create_group(lab, TargetGroupARNs=["arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/0123456789abcdef"]), "ValidationError",
         "Provided Target Groups may not be valid. Please ensure they exist and try again."),
    Case("asg-update-unknown", fresh, lambda lab: lab.cloud.client("autoscaling").update_auto_scaling_group(AutoScalingGroupName="nope", MaxSize=2), "ValidationError",
         "AutoScalingGroup name not found - null"),
    Case("asg-delete-unknown", fresh, lambda lab: lab.cloud.client("autoscaling").delete_auto_scaling_group(AutoScalingGroupName="nope"), "ValidationError",
         "AutoScalingGroup name not found - AutoScalingGroup 'nope' not found"),
    Case("asg-delete-launching", launching_group, lambda lab: lab.asg.delete_auto_scaling_group(AutoScalingGroupName="web-asg"), "ScalingActivityInProgress",
         "You cannot delete an AutoScalingGroup while there are scaling activities in progress for that group."),
    Case("asg-delete-in-use", with_group, lambda lab: lab.asg.delete_auto_scaling_group(AutoScalingGroupName="web-asg"), "ResourceInUse",
         "You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group."),
    Case("asg-desired-above-max", with_group, lambda lab: lab.asg.set_desired_capacity(AutoScalingGroupName="web-asg", DesiredCapacity=4), "ValidationError",
         "New SetDesiredCapacity value 4 is above max value 3 for the AutoScalingGroup."),
    Case("asg-desired-below-min", with_group, lambda lab: lab.asg.set_desired_capacity(AutoScalingGroupName="web-asg", DesiredCapacity=0), "ValidationError",
         "New SetDesiredCapacity value 0 is below min value 1 for the AutoScalingGroup."),
    Case("asg-terminate-below-min", with_group,
         lambda lab: lab.asg.terminate_instance_in_auto_scaling_group(InstanceId=lab.member, ShouldDecrementDesiredCapacity=True), "ValidationError",
         starts="Currently, desiredSize equals minSize (1)."),
    Case("asg-terminate-not-member", with_group,
         lambda lab: lab.asg.terminate_instance_in_auto_scaling_group(InstanceId=UNKNOWN_ID, ShouldDecrementDesiredCapacity=False), "ValidationError",
         f"Instance Id not found - No managed instance found for instance ID: {UNKNOWN_ID}"),
    Case("asg-health-bad-status", with_group, lambda lab: lab.asg.set_instance_health(InstanceId=lab.member, HealthStatus="Sick"), "ValidationError", mentions=lambda lab: ("Sick",)),
    Case("asg-simple-policy-without-adjustment", with_group, lambda lab: lab.asg.put_scaling_policy(AutoScalingGroupName="web-asg", PolicyName="p"), "ValidationError",
         "ScalingAdjustment is required for SimpleScaling policy"),
    Case("asg-steps-with-gap", with_group,
         lambda lab: lab.asg.put_scaling_policy(AutoScalingGroupName="web-asg", PolicyName="p", PolicyType="StepScaling", StepAdjustments=[
             {"MetricIntervalLowerBound": 0, "MetricIntervalUpperBound": 10, "ScalingAdjustment": 1}, {"MetricIntervalLowerBound": 20, "ScalingAdjustment": 2}]),
         "ValidationError", "Step adjustments must not overlap and must not have gaps between them."),
    Case("asg-policy-unknown-group", fresh,
         lambda lab: lab.cloud.client("autoscaling").put_scaling_policy(AutoScalingGroupName="nope", PolicyName="p", ScalingAdjustment=1), "ValidationError",
         "AutoScalingGroup name not found - null"),
    Case("asg-delete-unknown-policy", with_group, lambda lab: lab.asg.delete_policy(AutoScalingGroupName="web-asg", PolicyName="nope"), "ValidationError",
         "The scaling policy nope does not exist for the Auto Scaling group web-asg"),
    Case("asg-execute-target-tracking", with_group,
         lambda lab: (lab.asg.put_scaling_policy(AutoScalingGroupName="web-asg", PolicyName="cpu", PolicyType="TargetTrackingScaling",
                                                 TargetTrackingConfiguration={"PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"},
                                                                              "TargetValue": 50.0}),
                      lab.asg.execute_policy(AutoScalingGroupName="web-asg", PolicyName="cpu")),
         "ValidationError", "ExecutePolicy is not supported for a target tracking scaling policy."),
]


def test_asg_case_ids_are_unique():
    ids = [c.id for c in CASES + AMI_CASES + STORAGE_CASES + ASG_CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", _params(ASG_CASES))
def test_asg_refusal(case: Case):
    lab = check_refusal(case, asg_world, same_draws=False)
    if case.id != "asg-execute-target-tracking":  # its first call (the policy) is part of the setup
        assert lab.unchanged


# --- purchase options (Spot, Reserved Instances, instance metadata) --------------------------
SPOT = {"MarketType": "spot"}


def spot_running(cloud):
    """A running Spot Instance of a one-time request (RunInstances with InstanceMarketOptions)."""
    lab = Lab(cloud)
    lab.launch(InstanceMarketOptions=SPOT)
    lab.wait("instance_running")
    return lab


def spot_interrupted_stopped(cloud):
    """A persistent Spot Instance (interruption behaviour stop) that EC2 interrupted and stopped."""
    lab = Lab(cloud)
    lab.launch(InstanceMarketOptions={"MarketType": "spot", "SpotOptions": {"SpotInstanceType": "persistent", "InstanceInterruptionBehavior": "stop"}})
    lab.wait("instance_running")
    cloud.client("ec2lab").interrupt_spot_instance(InstanceId=lab.i)
    cloud.advance(300)
    assert lab.state() == "stopped"
    return lab


def _spot_request(lab: Lab, **params):
    spec = {"ImageId": lab.image(), "InstanceType": "m5.large"}
    return lab.ec2.request_spot_instances(LaunchSpecification=spec, **params)


def _ri_offering(lab: Lab) -> str:
    return lab.ec2.describe_reserved_instances_offerings(InstanceType="m5.large", OfferingType="All Upfront", OfferingClass="standard",
                                                         MaxDuration=31536000, Filters=[{"Name": "scope", "Values": ["Region"]}]
                                                         )["ReservedInstancesOfferings"][0]["ReservedInstancesOfferingId"]


def purchase_world(lab: Lab) -> dict:
    """world() plus every Spot request and Reserved Instances purchase of the region."""
    return {
        **world(lab),
        "spot": _strip(lab.ec2.describe_spot_instance_requests()),
        "reserved": _strip(lab.ec2.describe_reserved_instances()),
    }


PURCHASE_CASES = [
    Case("spot-max-price-below-floor", fresh, lambda lab: _spot_request(lab, SpotPrice="0.0005"), "InvalidParameterValue", mentions=lambda lab: ("0.0005", "0.001")),
    Case("spot-stop-needs-persistent", fresh, lambda lab: _spot_request(lab, InstanceInterruptionBehavior="stop"), "InvalidParameterCombination", mentions=lambda lab: ("persistent",)),
    Case("spot-run-persistent-terminate", fresh,
         lambda lab: run(lab, InstanceMarketOptions={"MarketType": "spot", "SpotOptions": {"SpotInstanceType": "persistent"}}), "InvalidParameterCombination",
         "For RunInstances, persistent Spot Instance requests are only supported when the instance interruption behavior is either hibernate or stop."),
    Case("spot-run-max-price-too-low", fresh,
         lambda lab: run(lab, InstanceType="m5.large", InstanceMarketOptions={"MarketType": "spot", "SpotOptions": {"MaxPrice": "0.001"}}), "SpotMaxPriceTooLow",
         starts="Your Spot request price of 0.001000 is lower than the minimum required Spot request fulfillment price of "),
    Case("spot-describe-unknown", fresh, lambda lab: lab.ec2.describe_spot_instance_requests(SpotInstanceRequestIds=["sir-nothere1"]),
         "InvalidSpotInstanceRequestID.NotFound", "The spot instance request ID 'sir-nothere1' does not exist"),
    Case("spot-cancel-unknown", fresh, lambda lab: lab.ec2.cancel_spot_instance_requests(SpotInstanceRequestIds=["sir-nothere1"]),
         "InvalidSpotInstanceRequestID.NotFound", "The spot instance request ID 'sir-nothere1' does not exist"),
    Case("spot-stop-one-time", spot_running, lambda lab: lab.ec2.stop_instances(InstanceIds=[lab.i]), "UnsupportedOperation",
         lambda lab: f"You can't stop the Spot Instance '{lab.i}' because it is associated with a one-time Spot Instance request. "
                     "You can only stop Spot Instances associated with persistent Spot Instance requests."),
    Case("spot-start-interrupted", spot_interrupted_stopped, lambda lab: lab.ec2.start_instances(InstanceIds=[lab.i]), "IncorrectSpotRequestState",
         starts="Only Amazon EC2 can restart an interrupted stopped Spot Instance"),
    Case("metadata-stopped-instance", spot_interrupted_stopped, lambda lab: lab.cloud.client("ec2lab").get_instance_metadata(InstanceId=lab.i, Path="instance-id"),
         "IncorrectInstanceState", mentions=lambda lab: (lab.i,)),
    Case("interrupt-on-demand", running, lambda lab: lab.cloud.client("ec2lab").interrupt_spot_instance(InstanceId=lab.i), "UnsupportedOperation",
         mentions=lambda lab: (lab.i,)),
    Case("ri-unknown-offering", fresh,
         lambda lab: lab.ec2.purchase_reserved_instances_offering(ReservedInstancesOfferingId="438012d3-4052-4cc7-b2e3-8d3372e0e706", InstanceCount=1),
         "InvalidReservedInstancesOfferingId", mentions=lambda lab: ("438012d3-4052-4cc7-b2e3-8d3372e0e706",)),
    Case("ri-count-zero", fresh, lambda lab: lab.ec2.purchase_reserved_instances_offering(ReservedInstancesOfferingId=_ri_offering(lab), InstanceCount=0),
         "InvalidParameterValue"),
    Case("ri-limit-price", fresh,
         lambda lab: lab.ec2.purchase_reserved_instances_offering(ReservedInstancesOfferingId=_ri_offering(lab), InstanceCount=1, LimitPrice={"Amount": 1.0, "CurrencyCode": "USD"}),
         "ReservedInstancesLimitPriceExceeded"),
    Case("ri-over-monthly-limit", fresh, lambda lab: lab.ec2.purchase_reserved_instances_offering(ReservedInstancesOfferingId=_ri_offering(lab), InstanceCount=21),
         "ReservedInstancesLimitExceeded", mentions=lambda lab: ("20",)),
    Case("ri-describe-unknown", fresh, lambda lab: lab.ec2.describe_reserved_instances(ReservedInstancesIds=["11111111-2222-4333-a444-555555555555"]),
         "InvalidReservedInstancesId.NotFound"),
]


def test_purchase_case_ids_are_unique():
    ids = [c.id for c in CASES + AMI_CASES + STORAGE_CASES + ASG_CASES + PURCHASE_CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", _params(PURCHASE_CASES))
def test_purchase_refusal(case: Case):
    assert check_refusal(case, purchase_world, same_draws=False).unchanged


# --- CloudWatch metrics, monitoring and CPU credits (monitoring work) ---------------------------
def monitoring_world(lab: Lab) -> dict:
    """world() plus every metric ListMetrics knows and the credit specifications."""
    cw = lab.cloud.client("cloudwatch", region_name=lab.region)
    return {
        **world(lab),
        "metrics": _strip(cw.list_metrics()),
        "credits": _strip(lab.ec2.describe_instance_credit_specifications()),
    }


def _cw(lab: Lab):
    return lab.cloud.client("cloudwatch", region_name=lab.region)


def _hours_ago(lab: Lab, hours: float):
    import datetime as _dt

    return lab.cloud.now - _dt.timedelta(hours=hours)


MONITORING_CASES = [
    Case("cw-put-aws-namespace", fresh, lambda lab: _cw(lab).put_metric_data(Namespace="AWS/EC2", MetricData=[{"MetricName": "X", "Value": 1.0}]),
         "InvalidParameterValue", "The value AWS/EC2 for parameter Namespace is invalid."),
    Case("cw-put-value-and-statistics", fresh,
         lambda lab: _cw(lab).put_metric_data(Namespace="App", MetricData=[{"MetricName": "X", "Value": 1.0,
                                                                            "StatisticValues": {"SampleCount": 1, "Sum": 1, "Minimum": 1, "Maximum": 1}}]),
         "InvalidParameterCombination", starts="The parameters MetricData.member.1.Value and MetricData.member.1.StatisticValues are mutually exclusive"),
    Case("cw-put-too-old", fresh,
         lambda lab: _cw(lab).put_metric_data(Namespace="App", MetricData=[{"MetricName": "X", "Value": 1.0, "Timestamp": _hours_ago(lab, 15 * 24)}]),
         "InvalidParameterValue", "The parameter MetricData.member.1.Timestamp must specify a time within the past two weeks."),
    Case("cw-stats-no-statistic", fresh,
         lambda lab: _cw(lab).get_metric_statistics(Namespace="App", MetricName="X", StartTime=_hours_ago(lab, 1), EndTime=lab.cloud.now, Period=60),
         "InvalidParameterCombination", "Must specify either Statistics or ExtendedStatistics."),
    Case("cw-stats-too-many-points", fresh,
         lambda lab: _cw(lab).get_metric_statistics(Namespace="App", MetricName="X", StartTime=_hours_ago(lab, 48), EndTime=lab.cloud.now, Period=60,
                                                    Statistics=["Average"]),
         "InvalidParameterCombination", starts="You have requested up to 2880 datapoints, which exceeds the limit of 1440."),
    Case("cw-stats-bad-period", fresh,
         lambda lab: _cw(lab).get_metric_statistics(Namespace="App", MetricName="X", StartTime=_hours_ago(lab, 1), EndTime=lab.cloud.now, Period=61,
                                                    Statistics=["Average"]),
         "InvalidParameterValue", mentions=lambda lab: ("61",)),
    Case("cw-data-expression", fresh,
         lambda lab: _cw(lab).get_metric_data(MetricDataQueries=[{"Id": "e1", "Expression": "SUM(METRICS())"}], StartTime=_hours_ago(lab, 1), EndTime=lab.cloud.now),
         "InvalidParameterValue", mentions=lambda lab: ("metric math",)),
    Case("cw-list-recently-active", fresh, lambda lab: _cw(lab).list_metrics(RecentlyActive="PT1H"), "InvalidParameterValue"),
    Case("monitor-unknown-instance", fresh, lambda lab: lab.ec2.monitor_instances(InstanceIds=["i-0123456789abcdef0"]), "InvalidInstanceID.NotFound"),
    Case("monitor-terminated", terminated, lambda lab: lab.ec2.monitor_instances(InstanceIds=[lab.i]), "IncorrectInstanceState", mentions=lambda lab: (lab.i,)),
    Case("credit-spec-unknown-mode", running,
         lambda lab: lab.ec2.modify_instance_credit_specification(InstanceCreditSpecifications=[{"InstanceId": lab.i, "CpuCredits": "turbo"}]),
         "InvalidParameterValue", mentions=lambda lab: ("turbo",)),
    Case("set-load-cpu-over-100", running, lambda lab: lab.cloud.client("ec2lab").set_load(InstanceId=lab.i, Cpu=150.0), "InvalidParameterValue",
         mentions=lambda lab: ("150",)),
    Case("set-load-terminated", terminated, lambda lab: lab.cloud.client("ec2lab").set_load(InstanceId=lab.i, Cpu=50.0), "IncorrectInstanceState",
         mentions=lambda lab: (lab.i,)),
]


def test_monitoring_case_ids_are_unique():
    ids = [c.id for c in CASES + AMI_CASES + STORAGE_CASES + ASG_CASES + PURCHASE_CASES + MONITORING_CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", _params(MONITORING_CASES))
def test_monitoring_refusal(case: Case):
    assert check_refusal(case, monitoring_world, same_draws=False).unchanged
