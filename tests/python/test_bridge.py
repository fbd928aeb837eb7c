"""The boto3 bridge's mechanics: which clients it answers, how it fails, virtual-time waiters,
the decorator forms, and that leaving the context restores botocore exactly."""
from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import unittest

import boto3
import botocore
import botocore.client
import botocore.exceptions
import botocore.session
import botocore.useragent
import botocore.waiter
import pytest

import ec2lab
from ec2lab import bridge

X86 = "al2023-ami-2023*-x86_64"
ENV_NAMES = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SECURITY_TOKEN", "AWS_SESSION_TOKEN", "AWS_EC2_METADATA_DISABLED", "AWS_DEFAULT_REGION")


def image(ec2) -> str:
    return ec2.describe_images(Filters=[{"Name": "name", "Values": [X86]}])["Images"][0]["ImageId"]


def launch(ec2, count=1, **params) -> list:
    r = ec2.run_instances(ImageId=image(ec2), InstanceType="t3.micro", MinCount=count, MaxCount=count, **params)
    return [i["InstanceId"] for i in r["Instances"]]


def outside_client():
    """A client made before any mock (explicit keys: without any, botocore would ask the instance
    metadata service for credentials, outside the bridge's reach)."""
    return boto3.client("ec2", region_name="us-east-1", aws_access_key_id="outside", aws_secret_access_key="outside")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any socket connection during these tests is a bug in the bridge."""

    def refuse(*args, **kwargs):
        raise AssertionError("the bridge let a request reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield
    assert not bridge._stack, "a test left a mock_aws active"


# --- which clients are answered ----------------------------------------------------------


def test_clients_made_before_and_inside_the_context_and_in_every_way_are_answered():
    early = outside_client()
    cloud = ec2lab.Cloud(seed=0)
    with ec2lab.mock_aws(cloud) as got:
        assert got is cloud
        ids = launch(early)
        clients = [
            boto3.client("ec2", region_name="us-east-1"),
            boto3.Session(region_name="us-east-1").client("ec2"),
            botocore.session.get_session().create_client("ec2", region_name="us-east-1"),
            boto3.resource("ec2", region_name="us-east-1").meta.client,
        ]
        for c in clients:
            found = c.describe_instances(InstanceIds=ids)["Reservations"][0]["Instances"][0]
            assert found["InstanceId"] == ids[0]
        # ... and the native client sees the same world: one door.
        assert cloud.client("ec2").describe_instances(InstanceIds=ids)["Reservations"][0]["Instances"][0]["InstanceId"] == ids[0]


def test_any_region_is_its_own_region_of_the_cloud():
    with ec2lab.mock_aws() as cloud:
        seoul = boto3.client("ec2", region_name="ap-northeast-2")
        ids = launch(seoul)
        assert seoul.describe_instances()["Reservations"][0]["Instances"][0]["Placement"]["AvailabilityZone"].startswith("ap-northeast-2")
        assert boto3.client("ec2", region_name="us-east-1").describe_instances()["Reservations"] == []
        assert cloud.client("ec2", region_name="ap-northeast-2").describe_instances(InstanceIds=ids)["Reservations"]


def test_an_unmodelled_region_is_refused_by_the_core():
    with ec2lab.mock_aws():
        with pytest.raises(botocore.exceptions.ClientError) as info:
            boto3.client("ec2", region_name="mars-1").describe_instances()
    assert info.value.response["Error"]["Code"] == "InvalidRegion"
    assert "mars-1" in info.value.response["Error"]["Message"]


def test_without_a_region_the_cloud_region_is_used_and_restored():
    saved = os.environ.pop("AWS_DEFAULT_REGION", None)
    try:
        with ec2lab.mock_aws(ec2lab.Cloud(region="eu-west-1")):
            assert boto3.client("ec2").meta.region_name == "eu-west-1"
        assert "AWS_DEFAULT_REGION" not in os.environ
    finally:
        if saved is not None:
            os.environ["AWS_DEFAULT_REGION"] = saved


def test_same_seed_same_calls_same_answers():
    def scenario():
        with ec2lab.mock_aws(seed=7) as cloud:
            ec2 = boto3.client("ec2", region_name="us-east-1")
            ids = launch(ec2, 3)
            cloud.advance(60)
            r = ec2.describe_instances(InstanceIds=ids)
            return r["Reservations"], r["ResponseMetadata"]["RequestId"]

    assert scenario() == scenario()


def test_idempotency_tokens_botocore_would_invent_are_deterministic():
    with ec2lab.mock_aws():
        ec2 = boto3.client("ec2", region_name="us-east-1")
        a = ec2.run_instances(ImageId=image(ec2), InstanceType="t2.micro", MinCount=1, MaxCount=1)["Instances"][0]["ClientToken"]
    with ec2lab.mock_aws():
        ec2 = boto3.client("ec2", region_name="us-east-1")
        b = ec2.run_instances(ImageId=image(ec2), InstanceType="t2.micro", MinCount=1, MaxCount=1)["Instances"][0]["ClientToken"]
    assert a == b and a
    with ec2lab.mock_aws():  # a token the caller gives is kept, and makes the call idempotent
        ec2 = boto3.client("ec2", region_name="us-east-1")
        first = ec2.run_instances(ImageId=image(ec2), InstanceType="t2.micro", MinCount=1, MaxCount=1, ClientToken="web-1")
        again = ec2.run_instances(ImageId=image(ec2), InstanceType="t2.micro", MinCount=1, MaxCount=1, ClientToken="web-1")
        assert first["Instances"][0]["ClientToken"] == "web-1"
        assert again["Instances"][0]["InstanceId"] == first["Instances"][0]["InstanceId"]


# --- how it fails ------------------------------------------------------------------------


def test_refusals_raise_botocore_client_error_with_code_message_status_and_hints():
    with ec2lab.mock_aws():
        ec2 = boto3.client("ec2", region_name="us-east-1")
        with pytest.raises(ec2.exceptions.ClientError) as info:
            ec2.start_instances(InstanceIds=["i-0123456789abcdef0"])
    e = info.value
    assert type(e) is botocore.exceptions.ClientError
    assert e.response["Error"] == {"Code": "InvalidInstanceID.NotFound", "Message": "The instance ID 'i-0123456789abcdef0' does not exist"}
    meta = e.response["ResponseMetadata"]
    assert meta["HTTPStatusCode"] == 400 and meta["RetryAttempts"] == 0 and meta["RequestId"]
    assert meta["HTTPHeaders"]["x-amzn-requestid"] == meta["RequestId"]
    assert e.operation_name == "StartInstances"
    assert str(e) == "An error occurred (InvalidInstanceID.NotFound) when calling the StartInstances operation: The instance ID 'i-0123456789abcdef0' does not exist"
    assert e.hint_en and e.hint_ko and e.hint == e.hint_en


def test_dry_run_answers_dry_run_operation():
    with ec2lab.mock_aws():
        ec2 = boto3.client("ec2", region_name="us-east-1")
        with pytest.raises(botocore.exceptions.ClientError) as info:
            ec2.run_instances(ImageId=image(ec2), InstanceType="t2.micro", MinCount=1, MaxCount=1, DryRun=True)
    assert info.value.response["Error"]["Code"] == "DryRunOperation"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 412


def test_botocore_parameter_validation_still_applies():
    with ec2lab.mock_aws() as cloud:
        ec2 = boto3.client("ec2", region_name="us-east-1")
        before = cloud._core.next_event_ms()
        with pytest.raises(botocore.exceptions.ParamValidationError) as info:
            ec2.run_instances(ImageId=123, MinCount=1, MaxCount=1)
        assert "Invalid type for parameter ImageId" in str(info.value)
        with pytest.raises(botocore.exceptions.ParamValidationError):
            ec2.run_instances(ImageId="ami-1")  # MinCount / MaxCount missing
        with pytest.raises(botocore.exceptions.ParamValidationError):
            ec2.describe_instances(Bogus=1)
        assert ec2.describe_instances()["Reservations"] == [] and cloud._core.next_event_ms() == before


def test_what_the_core_checks_beyond_botocore_is_a_botocore_param_validation_error():
    """botocore validates first; parameters only the core refuses (here an unknown member
    handed straight to the before-call handler) come back as botocore's ParamValidationError."""
    with ec2lab.mock_aws():
        ec2 = boto3.client("ec2", region_name="us-east-1")
        model = ec2.meta.service_model.operation_model("DescribeInstances")
        with pytest.raises(botocore.exceptions.ParamValidationError) as info:
            bridge._answer(model=model, params={}, context={"client_region": "us-east-1", bridge._PARAMS: {"Bogus": 1}})
    assert "Bogus" in str(info.value) and info.value.hint_en


def unimplemented_ec2_operation() -> tuple:
    """(boto3 method, operation) of an EC2 operation ec2lab does not implement yet that can be
    called without parameters (botocore validates required members before any call)."""
    model = botocore.session.get_session().get_service_model("ec2")
    implemented = set(ec2lab._core.Core.implemented_operations("ec2"))
    for op in model.operation_names:
        if op not in implemented and not model.operation_model(op).input_shape.required_members:
            return botocore.xform_name(op), op
    pytest.skip("every EC2 operation callable without parameters is implemented")


def test_unimplemented_operations_and_services_fail_naming_the_operation():
    method, operation = unimplemented_ec2_operation()
    with ec2lab.mock_aws():
        ec2 = boto3.client("ec2", region_name="us-east-1")
        with pytest.raises(botocore.exceptions.ClientError) as info:
            getattr(ec2, method)()
        assert info.value.response["Error"]["Code"] == "NotImplemented"
        assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
        assert operation in str(info.value)
        with pytest.raises(botocore.exceptions.ClientError) as info:
            boto3.client("s3", region_name="us-east-1").list_buckets()
        assert info.value.response["Error"]["Code"] == "NotImplemented"
        assert "s3:ListBuckets" in info.value.response["Error"]["Message"]
        assert info.value.hint_en and info.value.hint_ko


def test_errors_are_never_retried():
    """botocore retries 5xx and throttling codes over HTTP; the bridge answers before the retry
    layer (before-call), so a refusal is one call with RetryAttempts 0."""
    with ec2lab.mock_aws() as cloud:
        ec2 = boto3.client("ec2", region_name="us-east-1", config=botocore.client.Config(retries={"max_attempts": 5, "mode": "standard"}))
        calls = []
        ec2.meta.events.register("after-call", lambda **kw: calls.append(kw["http_response"].status_code))
        with pytest.raises(botocore.exceptions.ClientError) as info:
            getattr(ec2, unimplemented_ec2_operation()[0])()
    assert calls == [501] and info.value.response["ResponseMetadata"]["RetryAttempts"] == 0


def test_the_callers_own_event_handlers_still_run():
    with ec2lab.mock_aws():
        ec2 = boto3.client("ec2", region_name="us-east-1")
        ec2.describe_regions()
        seen = []
        ec2.meta.events.register("before-call.ec2.DescribeRegions", lambda model, **kw: seen.append(("before", model.name)))
        ec2.meta.events.register("after-call.ec2", lambda parsed, **kw: seen.append(("after", len(parsed["Regions"]))))
        ec2.meta.events.register("before-parameter-build.ec2.DescribeRegions", lambda params, **kw: params.update(RegionNames=["us-east-1"]))
        ec2.describe_regions()
    assert seen == [("before", "DescribeRegions"), ("after", 1)]


def test_the_network_guard_refuses_what_nothing_answered():
    with ec2lab.mock_aws():
        ec2 = boto3.client("ec2", region_name="us-east-1")
        ec2.describe_regions()  # the first call puts the bridge's handlers on the client
        ec2.meta.events.unregister("before-call", unique_id=bridge._IDS[1])  # simulate a call the bridge did not answer
        with pytest.raises(RuntimeError, match="reach the network"):
            ec2.describe_regions()


def test_no_credentials_and_no_network_are_needed():
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise SystemExit('network used')\n"
        "socket.socket.connect = refuse\n"
        "import boto3, ec2lab\n"
        "with ec2lab.mock_aws():\n"
        "    print(len(boto3.client('ec2').describe_regions()['Regions']))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_CONFIG_FILE="/nonexistent/config", AWS_SHARED_CREDENTIALS_FILE="/nonexistent/credentials")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert int(r.stdout) == len(ec2lab._core.Core.regions()) and r.stderr == ""


# --- virtual time ---------------------------------------------------------------------------


def test_waiters_sleep_in_virtual_time():
    with ec2lab.mock_aws() as cloud:
        ec2 = boto3.client("ec2", region_name="us-east-1")
        ids = launch(ec2, 2)
        start, wall = cloud.now, time.perf_counter()
        ec2.get_waiter("instance_running").wait(InstanceIds=ids)
        waited = (cloud.now - start).total_seconds()
        assert waited > 0 and waited % 15 == 0  # instance_running polls every 15 s
        assert time.perf_counter() - wall < 5  # (a generous bound: it is milliseconds; real time would be >= 15 s)
        states = {i["State"]["Name"] for r in ec2.describe_instances(InstanceIds=ids)["Reservations"] for i in r["Instances"]}
        assert states == {"running"}
        ec2.stop_instances(InstanceIds=ids)
        ec2.get_waiter("instance_stopped").wait(InstanceIds=ids, WaiterConfig={"Delay": 5})
        ec2.terminate_instances(InstanceIds=ids)
        ec2.get_waiter("instance_terminated").wait(InstanceIds=ids)


def test_a_waiter_that_times_out_moves_the_clock_by_its_whole_budget():
    with ec2lab.mock_aws() as cloud:
        ec2 = boto3.client("ec2", region_name="us-east-1")
        ids = launch(ec2)
        ec2.get_waiter("instance_running").wait(InstanceIds=ids)
        start = cloud.now
        with pytest.raises(botocore.exceptions.WaiterError) as info:
            ec2.get_waiter("instance_stopped").wait(InstanceIds=ids, WaiterConfig={"Delay": 10, "MaxAttempts": 3})
        assert "Max attempts exceeded" in str(info.value)
        assert (cloud.now - start).total_seconds() == 20  # botocore sleeps between attempts, not after the last


def test_the_sleep_advances_the_cloud_of_the_mock_in_force():
    a, b = ec2lab.Cloud(seed=1), ec2lab.Cloud(seed=2)
    with ec2lab.mock_aws(a):
        ec2 = boto3.client("ec2", region_name="us-east-1")
        ids = launch(ec2)
        with ec2lab.mock_aws(b):
            assert ec2.describe_instances()["Reservations"] == []  # the inner mock answers
            b_ids = launch(ec2)
            a_before, b_before = a.now, b.now
            ec2.get_waiter("instance_running").wait(InstanceIds=b_ids)
            assert a.now == a_before and b.now > b_before
        assert bridge._stack and ec2.describe_instances(InstanceIds=ids)["Reservations"]
    assert botocore.waiter.time is time


def test_outside_the_context_waiters_use_the_real_clock_again():
    with ec2lab.mock_aws():
        assert botocore.waiter.time is not time
    assert botocore.waiter.time is time


# --- decorator forms ---------------------------------------------------------------------------


@ec2lab.mock_aws
def test_bare_decorator():
    assert boto3.client("ec2", region_name="us-east-1").describe_instances()["Reservations"] == []
    assert bridge.active_cloud() is not None


@ec2lab.mock_aws(seed=3)
def test_decorator_with_arguments_gives_a_fresh_seeded_cloud():
    cloud = bridge.active_cloud()
    assert cloud.seed == 3
    launch(boto3.client("ec2", region_name="us-east-1"))


def test_each_decorated_call_gets_a_fresh_cloud():
    seen = []

    @ec2lab.mock_aws
    def body():
        ec2 = boto3.client("ec2", region_name="us-east-1")
        seen.append(len(ec2.describe_instances()["Reservations"]))
        launch(ec2)

    body()
    body()
    assert seen == [0, 0]


def test_a_decorator_given_a_cloud_answers_from_that_cloud_every_time():
    cloud = ec2lab.Cloud(seed=9)

    @ec2lab.mock_aws(cloud)
    def body():
        launch(boto3.client("ec2", region_name="us-east-1"))

    body()
    body()
    assert len(cloud.client("ec2").describe_instances()["Reservations"]) == 2


def test_decorating_a_method():
    class Suite:
        @ec2lab.mock_aws
        def check(self, region):
            return boto3.client("ec2", region_name=region).describe_instances()["Reservations"]

    assert Suite().check("eu-west-1") == []


def test_decorating_a_coroutine_function():
    @ec2lab.mock_aws
    async def body():
        await asyncio.sleep(0)
        return boto3.client("ec2", region_name="us-east-1").describe_regions()["Regions"][0]["RegionName"]

    assert asyncio.run(body())
    assert not bridge._stack


@ec2lab.mock_aws
class TestDecoratedClass:
    def test_methods_are_mocked(self):
        assert bridge.active_cloud() is not None
        launch(boto3.client("ec2", region_name="us-east-1"))

    def test_each_method_has_a_fresh_cloud(self):
        assert boto3.client("ec2", region_name="us-east-1").describe_instances()["Reservations"] == []


@ec2lab.mock_aws
class DecoratedTestCase(unittest.TestCase):
    def setUp(self):
        self.ec2 = boto3.client("ec2", region_name="us-east-1")
        self.ids = launch(self.ec2)

    def test_set_up_state_is_visible(self):
        self.assertEqual(self.ec2.describe_instances()["Reservations"][0]["Instances"][0]["InstanceId"], self.ids[0])


def test_start_and_stop_like_moto():
    mock = ec2lab.mock_aws()
    cloud = mock.start()
    try:
        assert bridge.active_cloud() is cloud
    finally:
        mock.stop()
    with pytest.raises(RuntimeError):
        mock.stop()


# --- leaving restores botocore exactly ----------------------------------------------------------


def _handlers(client, event="before-call.ec2.DescribeInstances"):
    return list(client.meta.events._emitter._handlers.prefix_search(event))


def test_leaving_restores_botocore_exactly():
    early = outside_client()
    make_api_call = botocore.client.BaseClient.__dict__["_make_api_call"]
    to_string = botocore.useragent.UserAgentString.__dict__["to_string"]
    env = {name: os.environ.get(name) for name in ENV_NAMES}
    handlers = {e: _handlers(early, e) for e in ("before-call.ec2.DescribeInstances", "before-parameter-build.ec2.DescribeInstances", "before-send.ec2.DescribeInstances")}
    unique_ids = dict(early.meta.events._emitter._unique_id_handlers)

    with ec2lab.mock_aws():
        inside = boto3.client("ec2", region_name="us-east-1")
        early.describe_instances()
        inside.describe_instances()
        assert botocore.client.BaseClient.__dict__["_make_api_call"] is not make_api_call
        assert os.environ["AWS_EC2_METADATA_DISABLED"] == "true"
        assert set(bridge._IDS) <= set(early.meta.events._emitter._unique_id_handlers)

    assert botocore.client.BaseClient.__dict__["_make_api_call"] is make_api_call
    assert botocore.useragent.UserAgentString.__dict__["to_string"] is to_string
    assert botocore.waiter.time is time
    assert {name: os.environ.get(name) for name in ENV_NAMES} == env
    assert {e: _handlers(early, e) for e in handlers} == handlers
    assert dict(early.meta.events._emitter._unique_id_handlers) == unique_ids
    assert not set(bridge._IDS) & set(inside.meta.events._emitter._unique_id_handlers)
    assert not list(bridge._emitters)


def test_leaving_after_an_exception_restores_too():
    make_api_call = botocore.client.BaseClient.__dict__["_make_api_call"]
    with pytest.raises(ZeroDivisionError):
        with ec2lab.mock_aws():
            boto3.client("ec2", region_name="us-east-1").describe_regions()
            1 / 0
    assert botocore.client.BaseClient.__dict__["_make_api_call"] is make_api_call and not bridge._stack


def test_user_credentials_are_hidden_inside_and_restored_after(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALKEY")
    with ec2lab.mock_aws():
        assert os.environ["AWS_ACCESS_KEY_ID"] != "AKIAREALKEY"
    assert os.environ["AWS_ACCESS_KEY_ID"] == "AKIAREALKEY"


def test_importing_ec2lab_does_not_import_botocore_and_mock_aws_is_lazy():
    code = "import sys, ec2lab; assert 'botocore' not in sys.modules; m = ec2lab.mock_aws; assert 'botocore' not in sys.modules; print(m.__module__)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "ec2lab.bridge"


# --- generic pieces for the services that land later ---------------------------------------------


def test_streaming_payloads_are_file_objects_in_and_streaming_bodies_out():
    """ebs GetSnapshotBlock / PutSnapshotBlock stream their BlockData: boto3 hands a
    StreamingBody back and accepts a file object; the core deals in bytes."""
    import io

    model = botocore.session.get_session().get_service_model("ebs")
    request = {"SnapshotId": "snap-1", "BlockData": io.BytesIO(b"\0" * 8)}
    bridge._read_streaming_input(model.operation_model("PutSnapshotBlock"), request)
    assert request["BlockData"] == b"\0" * 8
    parsed = {"BlockData": b"data", "DataLength": 4}
    bridge._wrap_streaming_output(model.operation_model("GetSnapshotBlock"), parsed)
    assert parsed["BlockData"].read() == b"data" and parsed["DataLength"] == 4


def test_modelled_error_codes_raise_their_client_exceptions_class():
    with ec2lab.mock_aws():
        elbv2 = boto3.client("elbv2", region_name="us-east-1")
        with pytest.raises(elbv2.exceptions.LoadBalancerNotFoundException):
            elbv2.describe_load_balancers(Names=["no-such-lb"])


@pytest.mark.skipif("GetConsoleOutput" not in ec2lab._core.Core.implemented_operations("ec2"), reason="GetConsoleOutput is not implemented yet")
def test_botocore_after_call_handlers_apply_get_console_output_is_decoded():
    """botocore decodes GetConsoleOutput's base64 Output after the call
    (handlers.decode_console_output); the bridge's answers go through the same handler, so the
    core answers the wire form (base64) and boto3 users get text."""
    import base64

    with ec2lab.mock_aws() as cloud:
        ec2 = boto3.client("ec2", region_name="us-east-1")
        (iid,) = launch(ec2)
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid])
        cloud.advance(300)
        text = ec2.get_console_output(InstanceId=iid).get("Output", "")
        wire = cloud.client("ec2").get_console_output(InstanceId=iid).get("Output", "")
    assert text == (base64.b64decode(wire).decode("utf-8", "replace") if wire else "")
