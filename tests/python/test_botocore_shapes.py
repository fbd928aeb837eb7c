"""The shape check itself: it passes a real response and names the path of a bad one."""
import datetime as dt

import pytest

from botocore_shapes import assert_botocore_shape

UTC = dt.timezone.utc


def test_accepts_a_real_response(ec2):
    assert_botocore_shape("ec2", "DescribeRegions", ec2.describe_regions())


def test_accepts_nested_timestamps_and_enums():
    response = {
        "Reservations": [
            {"ReservationId": "r-1", "Instances": [{"InstanceId": "i-1", "LaunchTime": dt.datetime(2025, 1, 6, tzinfo=UTC), "State": {"Code": 16, "Name": "running"}, "EbsOptimized": False}]}
        ],
        "ResponseMetadata": {"RequestId": "x"},
    }
    assert_botocore_shape("ec2", "DescribeInstances", response)


@pytest.mark.parametrize(
    "bad, where",
    [
        ({"Regions": [{"RegionName": "us-east-1", "Bogus": 1}]}, "Regions[0]: unknown member 'Bogus'"),
        ({"Regions": [{"RegionName": 5}]}, "Regions[0].RegionName: expected a string"),
        ({"Regions": {"RegionName": "x"}}, "Regions: expected a list"),
    ],
)
def test_names_the_path_of_a_bad_member(bad, where):
    with pytest.raises(AssertionError, match=where.replace("[", r"\[").replace("]", r"\]")):
        assert_botocore_shape("ec2", "DescribeRegions", bad)


def test_rejects_naive_datetimes_bad_enums_strings_for_blobs_and_bools_for_ints():
    def instances(**inst):
        return {"Reservations": [{"Instances": [inst]}]}

    with pytest.raises(AssertionError, match="naive"):
        assert_botocore_shape("ec2", "DescribeInstances", instances(LaunchTime=dt.datetime(2025, 1, 6)))
    with pytest.raises(AssertionError, match="LaunchTime: expected a timestamp"):
        assert_botocore_shape("ec2", "DescribeInstances", instances(LaunchTime="2025-01-06T09:00:00.000Z"))
    with pytest.raises(AssertionError, match="State.Name: 'runing' is not one of"):
        assert_botocore_shape("ec2", "DescribeInstances", instances(State={"Name": "runing"}))
    with pytest.raises(AssertionError, match="State.Code: expected an integer"):
        assert_botocore_shape("ec2", "DescribeInstances", instances(State={"Code": True}))
    with pytest.raises(AssertionError, match="UploadPolicy: expected a blob as bytes"):
        assert_botocore_shape("ec2", "DescribeBundleTasks", {"BundleTasks": [{"Storage": {"S3": {"UploadPolicy": "aGk="}}}]})
