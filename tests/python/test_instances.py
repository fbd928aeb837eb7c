"""The Python surfaces on real instances: shapes, timestamps, UserData, waiters and
time helpers driven by the core's lifecycle events."""
import asyncio
import base64
import datetime as dt

import pytest

import ec2lab

UTC = dt.timezone.utc


def _launch(ec2, **extra):
    images = ec2.describe_images(Filters=[{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])["Images"]
    params = {"ImageId": images[0]["ImageId"], "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1, **extra}
    return ec2.run_instances(**params)


@pytest.fixture
def launched(cloud):
    ec2 = cloud.client("ec2")
    try:
        reservation = _launch(ec2)
    except ec2lab.ClientError as e:
        if e.response["Error"]["Code"] == "NotImplemented":
            pytest.skip("RunInstances is not implemented yet")
        raise
    return ec2, reservation["Instances"][0]["InstanceId"], reservation


def _state(ec2, instance_id):
    return ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]["State"]["Name"]


def test_responses_have_botocore_shapes_with_aware_datetimes(launched, botocore_shape):
    ec2, iid, reservation = launched
    botocore_shape("ec2", "RunInstances", reservation)
    described = ec2.describe_instances(InstanceIds=[iid])
    botocore_shape("ec2", "DescribeInstances", described)
    launch_time = described["Reservations"][0]["Instances"][0]["LaunchTime"]
    assert launch_time == dt.datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def test_instance_running_waiter_takes_virtual_time(cloud, launched):
    ec2, iid, _ = launched
    start = cloud.now
    ec2.get_waiter("instance_running").wait(InstanceIds=[iid])
    assert _state(ec2, iid) == "running"
    waited = (cloud.now - start).total_seconds()
    assert waited > 0 and waited % 15 == 0  # whole polling delays of botocore's 15 s


def test_instance_stopped_fails_at_once_on_a_pending_instance(cloud, launched):
    ec2, iid, _ = launched
    start = cloud.now
    with pytest.raises(ec2lab.WaiterError) as e:
        ec2.get_waiter("instance_stopped").wait(InstanceIds=[iid])
    assert "terminal failure state" in str(e.value) and '"pending"' in str(e.value)
    assert cloud.now == start


def test_instance_terminated_fails_at_once_on_an_unknown_id(cloud, launched):
    ec2, _, _ = launched
    with pytest.raises(ec2lab.WaiterError, match=r"An error occurred \(InvalidInstanceID"):
        ec2.get_waiter("instance_terminated").wait(InstanceIds=["i-0123456789abcdef0"])


def test_run_until_stops_at_the_event_that_makes_it_true(cloud, launched):
    ec2, iid, _ = launched
    assert cloud.run_until(lambda: _state(ec2, iid) == "running")
    at = cloud.now
    assert at > dt.datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    # exactly at the event: one millisecond earlier it was still pending
    again = ec2lab.Cloud(seed=0)
    ec2b = again.client("ec2")
    iid_b = _launch(ec2b)["Instances"][0]["InstanceId"]
    again.advance((at - again.now).total_seconds() - 0.001)
    assert _state(ec2b, iid_b) == "pending"
    again.advance(0.001)
    assert _state(ec2b, iid_b) == "running"


def test_wait_until_follows_events_in_an_event_loop(cloud, launched):
    ec2, iid, _ = launched

    async def go():
        return await cloud.wait_until(lambda: _state(ec2, iid) == "running")

    assert asyncio.run(go())


def test_user_data_is_sent_base64_encoded(launched):
    ec2, _, _ = launched
    script = "#!/bin/bash\necho hello from ec2lab\n"
    iid = _launch(ec2, UserData=script)["Instances"][0]["InstanceId"]
    try:
        attr = ec2.describe_instance_attribute(InstanceId=iid, Attribute="userData")
    except ec2lab.ClientError as e:
        pytest.skip(f"DescribeInstanceAttribute: {e}")
    assert base64.b64decode(attr["UserData"]["Value"]).decode() == script
