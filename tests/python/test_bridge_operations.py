"""Every implemented operation through real boto3 and the bridge: botocore's output shape, and
the very answer the native client gives on a twin world (one door, no second implementation).

The example calls are those of test_every_operation_shape.py (one per implemented operation of
every service botocore models), so an operation added there is covered here without changes.
"""
from __future__ import annotations

import boto3
import botocore.session
import pytest

import ec2lab
from ec2lab import _core

import test_every_operation_shape as examples


def _botocore_services() -> set:
    return set(botocore.session.get_session().get_available_services())


def implemented_via_boto3() -> list:
    """(service, operation) for every operation ec2lab implements in a service botocore models."""
    out = []
    for service in sorted(_botocore_services()):
        for op in _core.Core.implemented_operations(service):
            out.append((service, op))
    return out


def _world_boto3(cloud):
    """The same world as examples.world(), built through boto3."""
    ec2 = boto3.client("ec2", region_name=cloud.region)
    image = ec2.describe_images(Filters=[{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])["Images"][0]["ImageId"]
    ids = [i["InstanceId"] for i in ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=2, MaxCount=2,
                                                     TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}]}])["Instances"]]
    cloud.advance(300)
    return ec2, image, ids


def _strip(value):
    """The answer without what differs by design: ResponseMetadata (request ids are drawn in a
    different order) and ClientTokens (botocore fills them; the native client leaves them empty)."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in ("ResponseMetadata", "ClientToken")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def test_every_implemented_operation_of_a_botocore_service_has_an_example():
    ops = [op for service, op in implemented_via_boto3() if service == "ec2"]
    assert ops and set(ops) <= set(examples.CALLS)


@pytest.mark.parametrize("service,operation", implemented_via_boto3(), ids=lambda v: v)
def test_operation_through_boto3(service, operation, botocore_shape):
    """The example world of test_every_operation_shape.py (whatever it sets up: (cloud, client,
    *arguments of the calls)) is built twice from the same seed; the example call is made through
    boto3 on one and through cloud.client on the other."""
    if service != "ec2":
        pytest.skip(f"{service}: the example calls of test_every_operation_shape.py are EC2's")
    cloud, _, *args = examples.world()
    with ec2lab.mock_aws(cloud):
        response = examples.CALLS[operation](boto3.client("ec2", region_name=cloud.region), *args)
    meta = response["ResponseMetadata"]
    assert meta["HTTPStatusCode"] == 200 and meta["RetryAttempts"] == 0 and meta["RequestId"]
    botocore_shape(service, operation, response)
    _, native_ec2, *native_args = examples.world()
    native = examples.CALLS[operation](native_ec2, *native_args)
    assert _strip(response) == _strip(native)


def test_a_world_built_through_boto3_is_the_native_world():
    """The same launches made through boto3 give the same ids and answers as natively."""
    _, native_ec2, native_image, native_ids, *_ = examples.world()
    with ec2lab.mock_aws(ec2lab.Cloud(seed=0)) as cloud:
        ec2, image, ids = _world_boto3(cloud)
        assert (image, ids) == (native_image, native_ids)
        assert _strip(ec2.describe_instances()) == _strip(native_ec2.describe_instances())


def test_a_boto3_only_world_matches_the_native_one_call_by_call(botocore_shape):
    """A longer scenario (launch, wait, stop, start, tag, terminate) gives the same answers
    through boto3 as through cloud.client on a twin Cloud; every answer botocore hands back
    (waiter polls included) has botocore's output shape."""

    def scenario(ec2, wait):
        image = ec2.describe_images(Filters=[{"Name": "name", "Values": ["ubuntu/images/*24.04*amd64*"]}])["Images"][0]["ImageId"]
        out = [ec2.run_instances(ImageId=image, InstanceType="t3.small", MinCount=3, MaxCount=3)]
        ids = [i["InstanceId"] for i in out[0]["Instances"]]
        wait(ec2, "instance_running", ids)
        out.append(ec2.stop_instances(InstanceIds=ids[:2]))
        wait(ec2, "instance_stopped", ids[:2])
        out.append(ec2.modify_instance_attribute(InstanceId=ids[0], InstanceType={"Value": "t3.large"}))
        out.append(ec2.start_instances(InstanceIds=ids[:1]))
        out.append(ec2.create_tags(Resources=ids, Tags=[{"Key": "env", "Value": "lab"}]))
        out.append(ec2.describe_tags(Filters=[{"Name": "key", "Values": ["env"]}]))
        out.append(ec2.terminate_instances(InstanceIds=ids))
        wait(ec2, "instance_terminated", ids)
        out.append(ec2.describe_instances(InstanceIds=ids))
        out.append(ec2.describe_instance_status(InstanceIds=ids, IncludeAllInstances=True))
        return out

    def native_wait(ec2, name, ids):
        ec2.get_waiter(name).wait(InstanceIds=ids)

    native = scenario(ec2lab.Cloud(seed=5).client("ec2"), native_wait)
    checked = []

    def check(http_response, parsed, model, **kwargs):
        if http_response.status_code == 200:
            botocore_shape("ec2", model.name, parsed)
            checked.append(model.name)

    with ec2lab.mock_aws(seed=5):
        ec2 = boto3.client("ec2", region_name="us-east-1")
        ec2.meta.events.register("after-call", check)
        bridged = scenario(ec2, native_wait)
    assert _strip(bridged) == _strip(native)
    assert len(checked) > len(bridged) and "DescribeInstances" in checked


def test_timestamps_are_aware_datetimes_and_paginators_work():
    with ec2lab.mock_aws() as cloud:
        ec2 = boto3.client("ec2", region_name="us-east-1")
        _, image, ids = _world_boto3(cloud)
        launch_time = ec2.describe_instances(InstanceIds=ids)["Reservations"][0]["Instances"][0]["LaunchTime"]
        assert launch_time.tzinfo is not None and launch_time.utcoffset().total_seconds() == 0
        pages = list(ec2.get_paginator("describe_instance_types").paginate(PaginationConfig={"PageSize": 100}))
        assert len(pages) > 1 and all(len(p["InstanceTypes"]) <= 100 for p in pages)
        names = [t["InstanceType"] for p in pages for t in p["InstanceTypes"]]
        assert len(names) == len(set(names))
        whole = ec2.get_paginator("describe_instance_types").paginate().build_full_result()
        assert sorted(t["InstanceType"] for t in whole["InstanceTypes"]) == sorted(names)
        limited = ec2.get_paginator("describe_instances").paginate(PaginationConfig={"MaxItems": 1, "PageSize": 5}).build_full_result()
        assert len(limited["Reservations"]) == 1
