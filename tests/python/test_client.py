"""The boto3-style client: method names, arguments, ResponseMetadata, unknown names."""
import base64
import datetime as dt

import botocore.session
import pytest

import ec2lab
from ec2lab import _core
from ec2lab.client import _encode_user_data, _to_wire


def test_methods_have_boto3_names_for_every_botocore_operation(ec2):
    model = botocore.session.get_session().get_service_model("ec2")
    from botocore import xform_name

    ours = set(ec2lab.client.operation_names("ec2").values())
    common = [op for op in model.operation_names if op in ours]
    assert len(common) > 700
    for op in common:
        assert callable(getattr(ec2, xform_name(op))), op
    assert ec2.describe_regions.__name__ == "describe_regions"


def test_dir_lists_the_implemented_methods_only(ec2):
    listed = set(dir(ec2))
    snake_of = {op: s for s, op in ec2lab.client.operation_names("ec2").items()}
    for op in _core.Core.implemented_operations("ec2"):
        assert snake_of[op] in listed, op
    assert "describe_regions" in listed and "get_waiter" in listed and "meta" in listed
    implemented = set(_core.Core.implemented_operations("ec2"))
    unimplemented = [s for s, op in ec2lab.client.operation_names("ec2").items() if op not in implemented]
    assert unimplemented and not (set(unimplemented) & listed)


def test_unknown_attribute_raises_attribute_error(ec2):
    with pytest.raises(AttributeError, match="launch_rockets"):
        ec2.launch_rockets
    assert not hasattr(ec2, "launch_rockets")


def test_an_unimplemented_botocore_operation_is_named_in_the_error(ec2):
    implemented = set(_core.Core.implemented_operations("ec2"))
    snake, op = next((s, o) for s, o in sorted(ec2lab.client.operation_names("ec2").items()) if o not in implemented)
    with pytest.raises(ec2lab.ClientError) as e:
        getattr(ec2, snake)()
    assert e.value.response["Error"]["Code"] == "NotImplemented"
    assert op in str(e.value) and e.value.operation_name == op
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501


def test_only_keyword_arguments(ec2):
    with pytest.raises(TypeError, match=r"describe_regions\(\) only accepts keyword arguments"):
        ec2.describe_regions({"AllRegions": True})


def test_response_metadata(ec2):
    r = ec2.describe_regions()
    meta = r["ResponseMetadata"]
    assert set(meta) == {"RequestId", "HTTPStatusCode", "HTTPHeaders", "RetryAttempts"}
    assert meta["HTTPStatusCode"] == 200 and meta["HTTPHeaders"] == {} and meta["RetryAttempts"] == 0
    assert len(meta["RequestId"]) == 36 and meta["RequestId"].count("-") == 4
    assert ec2.describe_regions()["ResponseMetadata"]["RequestId"] != meta["RequestId"]


def test_request_ids_are_deterministic_per_seed():
    def ids(seed):
        c = ec2lab.Cloud(seed=seed).client("ec2")
        return [c.describe_regions()["ResponseMetadata"]["RequestId"] for _ in range(3)]

    assert ids(7) == ids(7) and ids(7) != ids(8)


def test_meta_and_regions(cloud):
    ec2 = cloud.client("ec2")
    assert ec2.meta.region_name == "us-east-1"
    assert ec2.meta.service_model.service_name == "ec2"
    assert "RunInstances" in ec2.meta.service_model.operation_names
    west = cloud.client("ec2", region_name="eu-west-1")
    assert west.meta.region_name == "eu-west-1"
    zones = west.describe_availability_zones()["AvailabilityZones"]
    assert zones and all(z["RegionName"] == "eu-west-1" for z in zones)
    assert ec2lab.Cloud(region="eu-west-1").client("ec2").meta.region_name == "eu-west-1"
    assert type(ec2).__name__ == "EC2"
    assert ec2.exceptions.ClientError is ec2lab.ClientError


def test_unknown_service():
    with pytest.raises(ValueError, match="Unknown service: 's3'"):
        ec2lab.Cloud().client("s3")


def test_zone_and_region_responses_have_botocore_shapes(ec2, botocore_shape):
    botocore_shape("ec2", "DescribeRegions", ec2.describe_regions(AllRegions=True))
    botocore_shape("ec2", "DescribeAvailabilityZones", ec2.describe_availability_zones())


def test_user_data_is_base64_encoded_as_botocore_does():
    p = {"UserData": "#!/bin/bash\necho hi"}
    _encode_user_data(p)
    assert base64.b64decode(p["UserData"]) == b"#!/bin/bash\necho hi"
    p = {"UserData": b"\x00\x01"}
    _encode_user_data(p)
    assert p["UserData"] == "AAE="
    p = {"ImageId": "ami-1"}
    _encode_user_data(p)
    assert p == {"ImageId": "ami-1"}


def test_datetime_parameters_go_on_the_wire_as_utc_iso8601():
    kst = dt.timezone(dt.timedelta(hours=9))
    params = {"StartTime": dt.datetime(2025, 1, 6, 18, 0, 0, 250000, tzinfo=kst), "L": [dt.datetime(2025, 1, 6)], "N": 1}
    wire = _to_wire(params)
    assert wire == {"StartTime": "2025-01-06T09:00:00.250Z", "L": ["2025-01-06T00:00:00.000Z"], "N": 1}
    assert isinstance(params["StartTime"], dt.datetime)  # the caller's dict is unchanged


def test_the_ec2lab_service_has_a_client_too(cloud):
    lab = cloud.client("ec2lab")
    assert "explain_instance_type" in dir(lab)


def test_an_unknown_default_region_is_named_at_once():
    with pytest.raises(ValueError, match="Unknown region 'mars-1': ec2lab models us-east-1"):
        ec2lab.Cloud(region="mars-1")
    # A client, as in boto3, is refused at its first call instead.
    with pytest.raises(ec2lab.ClientError, match="InvalidRegion"):
        ec2lab.Cloud().client("ec2", region_name="eu-west-9").describe_regions()


def test_wrong_types_are_reported_as_botocore_does():
    ec2 = ec2lab.Cloud().client("ec2")
    with pytest.raises(ec2lab.ParamValidationError) as e:
        ec2.describe_instances(InstanceIds="i-0123456789abcdef0")
    assert "Invalid type for parameter InstanceIds, value: i-0123456789abcdef0, type: <class 'str'>, valid types: <class 'list'>, <class 'tuple'>" in str(e.value)
