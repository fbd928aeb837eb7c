"""ClientError, ParamValidationError: botocore's shapes and messages, plus the hints."""
import pickle
import sys

import pytest

import ec2lab


def test_unknown_parameter(ec2):
    with pytest.raises(ec2lab.ParamValidationError) as e:
        ec2.describe_regions(Bogus=1)
    msg = str(e.value)
    assert msg.startswith("Parameter validation failed:\n")
    assert 'Unknown parameter in input: "Bogus", must be one of:' in msg
    assert e.value.kwargs == {"report": msg[len("Parameter validation failed:\n"):]}


def test_wrong_type(ec2):
    with pytest.raises(ec2lab.ParamValidationError, match="Invalid type for parameter"):
        ec2.describe_regions(AllRegions="yes please")


def test_missing_required(ec2):
    with pytest.raises(ec2lab.ParamValidationError, match=r'Missing required parameter in Filters\[0\]: "Name"'):
        ec2.describe_regions(Filters=[{"Values": ["us-east-1"]}])


def test_a_value_python_cannot_send_is_a_param_validation_error(ec2):
    with pytest.raises(ec2lab.ParamValidationError):
        ec2.describe_regions(RegionNames=[object()])


def test_client_error_shape_and_message(cloud):
    ec2 = cloud.client("ec2")
    with pytest.raises(ec2lab.ClientError) as e:
        ec2.describe_regions(DryRun=True)
    err = e.value
    assert err.operation_name == "DescribeRegions"
    assert err.response["Error"] == {"Code": "DryRunOperation", "Message": "Request would have succeeded, but DryRun flag is set."}
    meta = err.response["ResponseMetadata"]
    assert meta["HTTPStatusCode"] == 412 and meta["RetryAttempts"] == 0 and len(meta["RequestId"]) == 36
    assert str(err) == "An error occurred (DryRunOperation) when calling the DescribeRegions operation: Request would have succeeded, but DryRun flag is set."


def test_hint_follows_the_language(cloud):
    ec2 = cloud.client("ec2", region_name="mars-1")
    with pytest.raises(ec2lab.ClientError) as e:
        ec2.describe_regions()
    err = e.value
    assert err.response["Error"]["Code"] == "InvalidRegion"
    assert "us-east-1" in err.hint_en and "리전" in err.hint_ko
    ec2lab.set_language("en")
    assert err.hint == err.hint_en
    ec2lab.set_language("ko")
    assert ec2lab.get_language() == "ko"
    assert err.hint == err.hint_ko
    with pytest.raises(ValueError):
        ec2lab.set_language("fr")


@pytest.mark.skipif(sys.version_info < (3, 11), reason="exception notes are shown from Python 3.11")
def test_the_hint_is_a_note_under_the_traceback(cloud):
    ec2lab.set_language("ko")
    with pytest.raises(ec2lab.ClientError) as e:
        cloud.client("ec2", region_name="mars-1").describe_regions()
    assert e.value.__notes__ == [f"힌트: {e.value.hint_ko}"]


def test_errors_pickle(ec2):
    with pytest.raises(ec2lab.ClientError) as e:
        ec2.describe_regions(DryRun=True)
    back = pickle.loads(pickle.dumps(e.value))
    assert str(back) == str(e.value) and back.response == e.value.response and back.hint_en == e.value.hint_en
    pv = ec2lab.ParamValidationError(report="x")
    assert str(pickle.loads(pickle.dumps(pv))) == "Parameter validation failed:\nx"
    we = ec2lab.WaiterError(name="InstanceRunning", reason="Max attempts exceeded", last_response={"a": 1})
    back = pickle.loads(pickle.dumps(we))
    assert str(back) == "Waiter InstanceRunning failed: Max attempts exceeded" and back.last_response == {"a": 1}


def test_an_internal_error_never_crashes_python(cloud):
    with pytest.raises(ec2lab._core.CoreError) as e:
        cloud._core._panic_for_test()
    assert e.value.kind == "Internal" and e.value.code == "InternalError" and e.value.status == 500
    assert "deliberate test panic" in e.value.message
    # and the cloud still answers afterwards
    assert cloud.client("ec2").describe_regions()["Regions"]
