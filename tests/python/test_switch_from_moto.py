"""docs/switching-from-moto.md, executed: a typical moto-based pytest test runs on ec2lab after
changing one line, and each behaviour the page lists as stricter than moto is shown on both
(moto accepts, ec2lab refuses as AWS does)."""
from __future__ import annotations

import difflib
import pathlib
import re

import boto3
import botocore.exceptions
import pytest

import ec2lab
from ec2lab import _core

moto = pytest.importorskip("moto")

DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "switching-from-moto.md"


def doc_blocks() -> list:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def run_test_module(source: str) -> None:
    """Executes a test module's source and calls every ``test_*`` function in it."""
    namespace: dict = {"__name__": "converted_test_module"}
    exec(compile(source, str(DOC), "exec"), namespace)
    tests = [f for name, f in namespace.items() if name.startswith("test_") and callable(f)]
    assert tests
    for test in tests:
        test()


def test_the_typical_moto_test_passes_on_moto_and_on_ec2lab_after_one_changed_line():
    before, after = doc_blocks()[:2]
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert changed == ["- from moto import mock_aws", "+ from ec2lab import mock_aws"]
    run_test_module(before)
    run_test_module(after)


def test_the_other_forms_on_the_page_run():
    for block in doc_blocks()[2:]:
        exec(compile(block, str(DOC), "exec"), {"__name__": "doc_block"})


# --- where ec2lab is stricter than moto (the page's table, in order) ----------------------------


def both(scenario):
    """Runs ``scenario(ec2)`` under moto and under ec2lab; returns (moto's outcome, ec2lab's)."""
    outcomes = []
    for mock in (moto.mock_aws(), ec2lab.mock_aws()):
        with mock:
            ec2 = boto3.client("ec2", region_name="us-east-1")
            try:
                outcomes.append(scenario(ec2))
            except botocore.exceptions.ClientError as e:
                outcomes.append(e.response["Error"]["Code"])
    return tuple(outcomes)


def image(ec2) -> str:
    images = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])["Images"]
    return sorted(images, key=lambda i: i["CreationDate"])[-1]["ImageId"]


def launch(ec2, **params) -> str:
    request = {"ImageId": image(ec2), "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, **params}
    return ec2.run_instances(**request)["Instances"][0]["InstanceId"]


def state(ec2, iid) -> str:
    return ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["State"]["Name"]


def test_instances_start_pending():
    assert both(lambda ec2: state(ec2, launch(ec2))) == ("running", "pending")


def test_a_pending_instance_cannot_be_stopped():
    assert both(lambda ec2: ec2.stop_instances(InstanceIds=[launch(ec2)]) and "stopped") == ("stopped", "IncorrectInstanceState")


def test_a_terminated_instance_cannot_be_started():
    def scenario(ec2):
        iid = launch(ec2)
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid])
        ec2.terminate_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[iid])
        ec2.start_instances(InstanceIds=[iid])
        return "started"

    assert both(scenario) == ("started", "IncorrectInstanceState")


def test_the_instance_type_changes_only_while_stopped():
    def scenario(ec2):
        iid = launch(ec2)
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid])
        ec2.modify_instance_attribute(InstanceId=iid, InstanceType={"Value": "t3.large"})
        return "modified"

    assert both(scenario) == ("modified", "IncorrectInstanceState")


def test_termination_protection_is_enforced():
    def scenario(ec2):
        iid = launch(ec2, DisableApiTermination=True)
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid])
        ec2.terminate_instances(InstanceIds=[iid])
        return "terminated"

    assert both(scenario) == ("terminated", "OperationNotPermitted")


def test_unknown_instance_types_and_architecture_mismatches_are_refused():
    assert both(lambda ec2: launch(ec2, InstanceType="t3.mega") and "launched") == ("launched", "InvalidParameterValue")
    assert both(lambda ec2: launch(ec2, InstanceType="t4g.micro") and "launched") == ("launched", "InvalidParameterValue")


def test_moto_ami_ids_do_not_exist():
    assert both(lambda ec2: launch(ec2, ImageId="ami-12c6146b") and "launched") == ("launched", "InvalidAMIID.NotFound")


# Operations moto answers without parameters; the test uses the first ec2lab does not implement.
MOTO_ANSWERS = ["describe_account_attributes", "describe_addresses", "describe_key_pairs", "describe_volumes", "describe_snapshots",
                "describe_security_groups", "describe_vpcs", "describe_subnets", "describe_network_acls", "describe_internet_gateways"]


def test_operations_ec2lab_does_not_implement_are_refused_not_faked():
    implemented = set(_core.Core.implemented_operations("ec2"))
    names = _core.Core.operation_names("ec2")
    method = next((m for m in MOTO_ANSWERS if names[m] not in implemented), None)
    if method is None:
        pytest.skip("ec2lab implements every operation of the list")
    assert both(lambda ec2: getattr(ec2, method)() and "answered") == ("answered", "NotImplemented")


def test_terminated_instances_disappear_after_about_an_hour():
    from ec2lab import bridge

    def scenario(ec2):
        iid = launch(ec2)
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid])
        ec2.terminate_instances(InstanceIds=[iid])
        cloud = bridge.active_cloud()
        if cloud is not None:  # moto has no clock to move
            cloud.advance(2 * 3600)
        return len(ec2.describe_instances()["Reservations"])

    assert both(scenario) == (1, 0)


def test_only_the_modelled_regions_exist():
    def scenario(ec2):
        return boto3.client("ec2", region_name="ca-central-1").describe_instances()["Reservations"]

    assert both(scenario) == ([], "InvalidRegion")


def _implemented(*ops) -> bool:
    return set(ops) <= set(_core.Core.implemented_operations("ec2"))


@pytest.mark.skipif(not _implemented("CreateVolume", "AttachVolume"), reason="volumes land with the storage domain")
def test_a_volume_attaches_only_in_its_own_zone():
    def scenario(ec2):
        iid = launch(ec2, Placement={"AvailabilityZone": "us-east-1a"})
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid])
        volume = ec2.create_volume(AvailabilityZone="us-east-1b", Size=8)["VolumeId"]
        ec2.get_waiter("volume_available").wait(VolumeIds=[volume])
        ec2.attach_volume(VolumeId=volume, InstanceId=iid, Device="/dev/sdf")
        return "attached"

    assert both(scenario)[1] == "InvalidVolume.ZoneMismatch"


@pytest.mark.skipif(not _implemented("CreateKeyPair", "DescribeKeyPairs"), reason="key pairs land with the networking domain")
def test_an_unknown_key_name_is_refused():
    assert both(lambda ec2: launch(ec2, KeyName="no-such-key") and "launched")[1] == "InvalidKeyPair.NotFound"
