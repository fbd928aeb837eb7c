"""The extension's conversions: blobs in, datetimes and bytes out, following botocore's paths."""
import datetime as dt

import pytest

from ec2lab import _core

UTC = dt.timezone.utc


def test_input_blobs_are_base64_encoded_without_touching_the_callers_dict():
    params = {"KeyName": "k", "PublicKeyMaterial": b"ssh-ed25519 AAAA"}
    out = _core.encode_input_blobs("ec2", "ImportKeyPair", params)
    assert out == {"KeyName": "k", "PublicKeyMaterial": "c3NoLWVkMjU1MTkgQUFBQQ=="}
    assert params["PublicKeyMaterial"] == b"ssh-ed25519 AAAA"
    # text is encoded too (botocore base64-encodes str blobs after utf-8)
    assert _core.encode_input_blobs("ec2", "ImportKeyPair", {"PublicKeyMaterial": "hi"}) == {"PublicKeyMaterial": "aGk="}


def test_input_blobs_inside_lists_and_maps():
    params = {"PublishBatchRequestEntries": [{"Id": "1", "MessageAttributes": {"a": {"DataType": "Binary", "BinaryValue": b"\x00\xff"}}}]}
    out = _core.encode_input_blobs("sns", "PublishBatch", params)
    assert out["PublishBatchRequestEntries"][0]["MessageAttributes"]["a"]["BinaryValue"] == "AP8="
    assert params["PublishBatchRequestEntries"][0]["MessageAttributes"]["a"]["BinaryValue"] == b"\x00\xff"


def test_output_timestamps_become_aware_datetimes_and_blobs_bytes():
    response = {
        "Reservations": [{"Instances": [{"LaunchTime": "2025-01-06T09:00:00.000Z", "NetworkInterfaces": [{"Attachment": {"AttachTime": "2025-01-06T09:00:01.250Z"}}]}]}],
    }
    out = _core.decode_output("ec2", "DescribeInstances", response)
    inst = out["Reservations"][0]["Instances"][0]
    assert inst["LaunchTime"] == dt.datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    assert inst["NetworkInterfaces"][0]["Attachment"]["AttachTime"] == dt.datetime(2025, 1, 6, 9, 0, 1, 250000, tzinfo=UTC)
    out = _core.decode_output("ec2", "DescribeBundleTasks", {"BundleTasks": [{"Storage": {"S3": {"UploadPolicy": "aGVsbG8="}}}]})
    assert out["BundleTasks"][0]["Storage"]["S3"]["UploadPolicy"] == b"hello"


def test_operation_tables():
    names = _core.Core.operation_names("ec2")
    assert names["run_instances"] == "RunInstances" and names["describe_regions"] == "DescribeRegions"
    assert _core.Core.operation_names("ec2lab")["explain_instance_type"] == "ExplainInstanceType"
    assert _core.Core.operation_names("s3") == {}
    assert "DescribeRegions" in _core.Core.implemented_operations("ec2")


def test_core_call_raises_core_error_with_every_attribute():
    core = _core.Core(0)
    with pytest.raises(_core.CoreError) as e:
        core.call("ec2", "us-east-1", "DescribeRegions", {"Nope": 1})
    err = e.value
    assert (err.kind, err.code, err.status) == ("ParamValidation", "ParamValidation", 400)
    assert err.message.startswith("Parameter validation failed:\n") and err.hint_en and err.hint_ko


def test_core_clock():
    core = _core.Core(3)
    assert core.seed == 3 and core.now_ms() == 1_736_154_000_000 and core.next_event_ms() is None
    assert core.advance(1.5) == 0 and core.now_ms() == 1_736_154_001_500
    assert core.advance_to(0) == 0 and core.now_ms() == 1_736_154_001_500  # time never goes back
