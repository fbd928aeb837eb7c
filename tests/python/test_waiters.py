"""Waiters: botocore's definitions and acceptor semantics, in virtual time."""
import asyncio

import botocore.session
import pytest
from botocore import xform_name as botocore_xform_name

import ec2lab
from ec2lab import waiters
from ec2lab.waiters import Waiter, WaiterConfig


class Script:
    """A fake operation that answers a scripted sequence of responses."""

    def __init__(self, *responses):
        self.responses = list(responses)
        self.calls = []

    def __call__(self, **kwargs):
        self.calls.append(kwargs)
        return self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]


class Clock:
    def __init__(self):
        self.slept = []

    def __call__(self, seconds):
        self.slept.append(seconds)


def waiter(acceptors, responses, delay=15, max_attempts=40):
    config = WaiterConfig({"operation": "DescribeThings", "delay": delay, "maxAttempts": max_attempts, "acceptors": acceptors})
    op, clock = Script(*responses), Clock()
    return Waiter("ThingReady", config, op, clock), op, clock


RUNNING = [
    {"argument": "Things[].State", "expected": "running", "matcher": "pathAll", "state": "success"},
    {"argument": "Things[].State", "expected": "terminated", "matcher": "pathAny", "state": "failure"},
    {"expected": "Thing.NotFound", "matcher": "error", "state": "retry"},
]


def things(*states):
    return {"Things": [{"State": s} for s in states]}


def err(code):
    return {"Error": {"Code": code, "Message": f"{code} message"}, "ResponseMetadata": {"HTTPStatusCode": 400}}


def test_success_after_polling():
    w, op, clock = waiter(RUNNING, [things("pending", "running"), things("running", "running")])
    assert w.wait(Ids=["a", "b"]) is None
    assert len(op.calls) == 2 and op.calls[0] == {"Ids": ["a", "b"]}
    assert clock.slept == [15]


def test_path_all_and_any_never_match_an_empty_list():
    w, op, clock = waiter(RUNNING, [things()], max_attempts=3)
    with pytest.raises(ec2lab.WaiterError) as e:
        w.wait()
    assert e.value.reason == "Max attempts exceeded"
    assert str(e.value) == "Waiter ThingReady failed: Max attempts exceeded"
    assert len(op.calls) == 3 and clock.slept == [15, 15]


def test_failure_state():
    w, _, _ = waiter(RUNNING, [things("running", "terminated")])
    with pytest.raises(ec2lab.WaiterError) as e:
        w.wait()
    assert e.value.name == "ThingReady"
    assert e.value.reason == 'Waiter encountered a terminal failure state: For expression "Things[].State" we matched expected path: "terminated" at least once'
    assert e.value.last_response == things("running", "terminated")


def test_an_error_that_no_acceptor_matches_ends_the_wait_at_once():
    w, op, clock = waiter(RUNNING, [err("Thing.Malformed")])
    with pytest.raises(ec2lab.WaiterError) as e:
        w.wait()
    assert e.value.reason == "An error occurred (Thing.Malformed): Thing.Malformed message"
    assert len(op.calls) == 1 and clock.slept == []


def test_an_error_acceptor_retries_then_reports_the_last_match():
    w, op, clock = waiter(RUNNING, [err("Thing.NotFound")], delay=5, max_attempts=4)
    with pytest.raises(ec2lab.WaiterError) as e:
        w.wait()
    assert e.value.reason == "Max attempts exceeded. Previously accepted state: Matched expected service error code: Thing.NotFound"
    assert clock.slept == [5, 5, 5]


def test_error_matchers_true_false_and_status_and_path():
    acceptors = [
        {"expected": 404, "matcher": "status", "state": "failure"},
        {"expected": True, "matcher": "error", "state": "success"},
    ]
    w, _, _ = waiter(acceptors, [err("Anything")])
    w.wait()  # any error matches expected=true
    w, _, _ = waiter(acceptors, [{"Error": {"Code": "Gone"}, "ResponseMetadata": {"HTTPStatusCode": 404}}])
    with pytest.raises(ec2lab.WaiterError, match="Matched expected HTTP status code: 404"):
        w.wait()
    w, _, _ = waiter([{"expected": False, "matcher": "error", "state": "success"}], [things()])
    w.wait()  # no error at all matches expected=false
    exists = [{"argument": "length(Things[]) > `0`", "expected": True, "matcher": "path", "state": "success"}]
    w, op, clock = waiter(exists, [things(), things("x")], delay=5)
    w.wait()
    assert clock.slept == [5]


def test_a_path_matcher_never_matches_an_error_response():
    w, _, _ = waiter([{"argument": "Error.Code", "expected": "X", "matcher": "path", "state": "success"}], [err("X")])
    with pytest.raises(ec2lab.WaiterError, match=r"An error occurred \(X\)"):
        w.wait()


def test_waiter_config_overrides_delay_and_attempts():
    w, op, clock = waiter(RUNNING, [things("pending")])
    with pytest.raises(ec2lab.WaiterError):
        w.wait(Ids=["a"], WaiterConfig={"Delay": 2, "MaxAttempts": 3})
    assert clock.slept == [2, 2] and op.calls[0] == {"Ids": ["a"]}


def test_waiter_names_match_botocore(ec2):
    bc = botocore.session.get_session().create_client("ec2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    assert ec2.waiter_names == bc.waiter_names
    assert "instance_running" in ec2.waiter_names
    for name in waiters._model("ec2")["waiters"]:
        assert waiters.xform_name(name) == botocore_xform_name(name)
    with pytest.raises(ValueError, match="Waiter does not exist: instance_dancing"):
        ec2.get_waiter("instance_dancing")


def test_botocore_delays_and_attempts(ec2):
    w = ec2.get_waiter("instance_running")
    assert (w.name, w.config.operation, w.config.delay, w.config.max_attempts) == ("InstanceRunning", "DescribeInstances", 15, 40)
    assert ec2.get_waiter("instance_exists").config.delay == 5


def _regions_waiter(cloud, acceptors, delay=15, max_attempts=40, region=None):
    client = cloud.client("ec2", region_name=region)
    config = WaiterConfig({"operation": "DescribeRegions", "delay": delay, "maxAttempts": max_attempts, "acceptors": acceptors})
    return Waiter("RegionsListed", config, waiters._normalized(client.describe_regions), cloud.advance, cloud)


def test_a_wait_consumes_virtual_time_not_wall_time(cloud):
    start = cloud.now
    w = _regions_waiter(cloud, [{"argument": "Regions[].RegionName", "expected": "atlantis-1", "matcher": "pathAny", "state": "success"}])
    with pytest.raises(ec2lab.WaiterError, match="Max attempts exceeded"):
        w.wait()
    assert (cloud.now - start).total_seconds() == 39 * 15
    start = cloud.now
    w = _regions_waiter(cloud, [{"argument": "Regions[].RegionName", "expected": "us-east-1", "matcher": "pathAny", "state": "success"}])
    w.wait()
    assert cloud.now == start


def test_a_real_waiter_passes_errors_through_acceptors(cloud):
    w = _regions_waiter(cloud, [{"expected": "InvalidRegion", "matcher": "error", "state": "success"}], region="mars-1")
    w.wait()  # the core refuses the region; this acceptor takes that error as success
    w2 = _regions_waiter(cloud, [{"argument": "Regions[].RegionName", "expected": "x", "matcher": "pathAny", "state": "success"}])
    with pytest.raises(ec2lab.WaiterError, match=r"An error occurred \(DryRunOperation\)"):
        w2.wait(DryRun=True)


def test_async_wait_consumes_virtual_time(cloud):
    w = _regions_waiter(cloud, [{"argument": "Regions[].RegionName", "expected": "atlantis-1", "matcher": "pathAny", "state": "success"}], delay=10, max_attempts=3)
    start = cloud.now

    async def go():
        with pytest.raises(ec2lab.WaiterError):
            await w.wait_async()

    asyncio.run(go())
    assert (cloud.now - start).total_seconds() == 20
