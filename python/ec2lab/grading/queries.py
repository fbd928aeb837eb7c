"""Common queries for checks. Each reads state only through the AWS API (Describe* calls on
``cloud.client``), so a check sees what a student would see with boto3."""
from __future__ import annotations


def describe(cloud, method: str, key: str, region: str | None = None, service: str = "ec2", **params) -> list:
    """Every item of ``key`` in the response of the Describe* ``method`` (boto3 name) of
    ``service``, across pages: ``describe(cloud, "describe_volumes", "Volumes", Filters=[...])``,
    ``describe(cloud, "describe_target_groups", "TargetGroups", service="elbv2")``."""
    cache = getattr(cloud, "_grading_cache", None)  # set by grade(): checks only read
    if cache is not None:
        import json

        memo = (service, region, method, key, json.dumps(params, sort_keys=True, default=str))
        if memo not in cache:
            cache[memo] = _describe(cloud, method, key, region, service, params)
        return list(cache[memo])
    return _describe(cloud, method, key, region, service, params)


def _describe(cloud, method: str, key: str, region, service: str, params: dict) -> list:
    client = cloud.client(service, region_name=region)
    if client.can_paginate(method):
        items = []
        for page in client.get_paginator(method).paginate(**params):
            items.extend(page.get(key, []))
        return items
    return list(getattr(client, method)(**params).get(key, []))


def tag(resource: dict, key: str) -> str | None:
    """The value of tag ``key`` on a described resource (its ``Tags`` list), or None."""
    for t in resource.get("Tags") or []:
        if t.get("Key") == key:
            return t.get("Value")
    return None


def instances(cloud, *, name: str | None = None, state=None, type: str | None = None, tags: dict | None = None, region: str | None = None) -> list:
    """Instances as DescribeInstances describes them (reservations flattened), oldest launch
    first. ``name`` is the Name tag; ``state`` a state name or a list of them; ``type`` the
    instance type; ``tags`` more tags that must match. Terminated instances are included while
    AWS still lists them (about an hour) unless ``state`` leaves them out."""
    filters = []
    if name is not None:
        filters.append({"Name": "tag:Name", "Values": [name]})
    if state is not None:
        filters.append({"Name": "instance-state-name", "Values": [state] if isinstance(state, str) else list(state)})
    if type is not None:
        filters.append({"Name": "instance-type", "Values": [type]})
    for k, v in (tags or {}).items():
        filters.append({"Name": f"tag:{k}", "Values": [v]})
    reservations = describe(cloud, "describe_instances", "Reservations", region, Filters=filters)
    found = [i for r in reservations for i in r.get("Instances", [])]
    return sorted(found, key=lambda i: (i.get("LaunchTime"), i.get("AmiLaunchIndex", 0), i["InstanceId"]))


def state(instance: dict) -> str:
    return instance["State"]["Name"]


def attribute(cloud, instance_id: str, attribute: str, region: str | None = None):
    """DescribeInstanceAttribute's value, unwrapped (``{"Value": x}`` -> x):
    ``attribute(cloud, id, "disableApiTermination")`` -> True/False."""
    r = cloud.client("ec2", region_name=region).describe_instance_attribute(InstanceId=instance_id, Attribute=attribute)
    for k, v in r.items():
        if k not in ("InstanceId", "ResponseMetadata"):
            return v.get("Value") if isinstance(v, dict) and set(v) <= {"Value"} else v
    return None


def image(cloud, image_id: str, region: str | None = None) -> dict | None:
    """The image DescribeImages describes for ``image_id``, or None if it is not visible."""
    from ..errors import ClientError

    try:
        found = describe(cloud, "describe_images", "Images", region, ImageIds=[image_id])
    except ClientError:
        return None
    return found[0] if found else None


def instance_type(cloud, name: str, region: str | None = None) -> dict:
    """DescribeInstanceTypes' description of the type ``name`` (vCPUs, memory, architectures ...)."""
    return describe(cloud, "describe_instance_types", "InstanceTypes", region, InstanceTypes=[name])[0]


def type_category(cloud, name: str) -> str:
    """The category code of a type's family (``general-purpose``, ``compute-optimized``,
    ``memory-optimized``, ``accelerated-computing``, ``storage-optimized`` ...), from ec2lab's
    ExplainInstanceType (AWS has no API for it: the family letter decides)."""
    return cloud.client("ec2lab").explain_instance_type(InstanceType=name)["Family"]["CategoryCode"]


def scratch(cloud):
    """A disposable copy of ``cloud`` for checks that must act to see: attach or mount a volume,
    read a file through the guest (ec2lab's ``ReadFile`` marks the blocks it reads as loaded,
    ``Mount`` formats a blank device: both change the state). The copy is ``cloud``'s recording
    replayed in a fresh cloud, so the graded cloud, and the student's own cloud when
    ``lab.check(cloud)`` runs on it, never changes. A new copy each call: checks do not see
    each other's experiments."""
    from .. import _core
    from ..cloud import Cloud

    core, region = _core.Core.replay(cloud._core.recording(cloud.region), None)
    copy = Cloud.__new__(Cloud)
    copy._core, copy.region = core, region
    return copy


def read_file(cloud, instance_id: str, path: str, region: str | None = None):
    """The bytes of ``path`` as ``instance_id``'s OS reads them (ec2lab ``ReadFile``), or None if
    the instance is not running or has no such file. Call it on a ``scratch(cloud)`` copy, never
    on the graded cloud (a read changes which blocks are loaded)."""
    import base64

    from ..errors import ClientError

    try:
        data = cloud.client("ec2lab", region_name=region).read_file(InstanceId=instance_id, Path=path)["Data"]
    except ClientError:
        return None
    return data if isinstance(data, bytes) else base64.b64decode(data)
