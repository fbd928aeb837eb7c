"""ec2lab: a local, deterministic Amazon EC2 for learning.

    >>> import ec2lab
    >>> cloud = ec2lab.Cloud(seed=0)
    >>> ec2 = cloud.client("ec2")
    >>> ec2.describe_regions()["Regions"][0]["RegionName"]

Every rule lives in the Rust core (``ec2lab._core``); this package adds boto3's client
surface, waiters, virtual-time helpers, the boto3 bridge (``ec2lab.mock_aws()``: real boto3
code answered in-process), notebook objects (``cloud.run_instance(...)`` ->
``Instance``) and displays.
"""
from __future__ import annotations

from ._core import ReplayError, __version__
from .cloud import Cloud
from .errors import ClientError, ParamValidationError, WaiterError
from .explain import explain_instance_type
from .i18n import get_language, set_language
from .image import Image
from .instance import Instance, InstanceList
from .snapshot import Snapshot
from .volume import Volume
from .network import ElasticIp, Reachability, Subnet, Vpc
from .security import KeyPair, SecurityGroup

__all__ = [
    "Cloud",
    "ClientError",
    "ParamValidationError",
    "WaiterError",
    "ReplayError",
    "set_language",
    "get_language",
    "explain_instance_type",
    "Instance",
    "InstanceList",
    "Volume",
    "Snapshot",
    "Image",
    "Vpc",
    "Subnet",
    "ElasticIp",
    "Reachability",
    "SecurityGroup",
    "KeyPair",
    "__version__",
    "mock_aws",
]


def __getattr__(name: str):
    # mock_aws (the boto3 bridge) is imported on first use: `import ec2lab` stays free of botocore.
    if name == "mock_aws":
        from .bridge import mock_aws

        return mock_aws
    raise AttributeError(f"module 'ec2lab' has no attribute {name!r}")
