"""Fixtures for the Python tests: a fresh Cloud, the botocore shape check, the language."""
from __future__ import annotations

import pytest

import ec2lab
from botocore_shapes import assert_botocore_shape


@pytest.fixture
def cloud():
    """A fresh simulated account (seed 0, default region us-east-1)."""
    return ec2lab.Cloud(seed=0)


@pytest.fixture
def ec2(cloud):
    return cloud.client("ec2")


@pytest.fixture
def botocore_shape():
    """``botocore_shape(service, operation, response)``: assert_botocore_shape as a fixture."""
    return assert_botocore_shape


@pytest.fixture(autouse=True)
def _restore_language():
    before = ec2lab.get_language()
    yield
    ec2lab.set_language(before)
