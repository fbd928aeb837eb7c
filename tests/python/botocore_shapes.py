"""assert_botocore_shape: checks a response dict against botocore's output shape for the
operation, recursively, and says where it differs (botocore is a test dependency)."""
from __future__ import annotations

import datetime as _dt
import functools

import botocore.session


# Enums that real AWS answers outside of: InstanceType grows faster than any SDK's list, and
# DescribeImages answers Platform "windows" in lower case although the model says "Windows".
OPEN_ENUMS = {"InstanceType"}
# An attached internet gateway's attachment says "available" on the wire, as the member's own
# documentation says (BC:ec2/InternetGatewayAttachment), although the enum lists only attach*/detach*.
WIRE_VALUES = {("PlatformValues", "windows"), ("AttachmentStatus", "available")}


@functools.lru_cache(maxsize=None)
def _service_model(service: str):
    return botocore.session.get_session().get_service_model(service)


def output_shape(service: str, operation: str):
    return _service_model(service).operation_model(operation).output_shape


def assert_botocore_shape(service: str, operation: str, response: dict) -> None:
    """Raises AssertionError naming the path of the first member that botocore's output
    shape for ``service:operation`` would not produce (unknown key or wrong type)."""
    shape = output_shape(service, operation)
    if not isinstance(response, dict):
        raise AssertionError(f"{operation}: the response is {type(response).__name__}, not dict")
    body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    if shape is None:
        if body:
            raise AssertionError(f"{operation}: has no output shape, but the response has {sorted(body)}")
        return
    _check(shape, body, operation)


def _fail(path: str, msg: str):
    raise AssertionError(f"{path}: {msg}")


def _check(shape, value, path: str) -> None:
    t = shape.type_name
    if t == "structure":
        if not isinstance(value, dict):
            _fail(path, f"expected a structure ({shape.name}) as dict, got {type(value).__name__}")
        for key, v in value.items():
            if key not in shape.members:
                _fail(path, f"unknown member {key!r} for {shape.name}; allowed: {', '.join(shape.members)}")
            _check(shape.members[key], v, f"{path}.{key}")
    elif t == "list":
        if not isinstance(value, list):
            _fail(path, f"expected a list ({shape.name}), got {type(value).__name__}")
        for i, item in enumerate(value):
            _check(shape.member, item, f"{path}[{i}]")
    elif t == "map":
        if not isinstance(value, dict):
            _fail(path, f"expected a map ({shape.name}) as dict, got {type(value).__name__}")
        for k, v in value.items():
            _check(shape.key, k, f"{path}.<key {k!r}>")
            _check(shape.value, v, f"{path}[{k!r}]")
    elif t == "string":
        if not isinstance(value, str):
            _fail(path, f"expected a string ({shape.name}), got {type(value).__name__} {value!r}")
        enum = shape.enum
        if enum and value not in enum and shape.name not in OPEN_ENUMS and (shape.name, value) not in WIRE_VALUES:
            shown = ", ".join(enum[:12]) + (", ..." if len(enum) > 12 else "")
            _fail(path, f"{value!r} is not one of the {shape.name} values: {shown}")
    elif t in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            _fail(path, f"expected an integer ({shape.name}), got {type(value).__name__} {value!r}")
    elif t in ("float", "double"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            _fail(path, f"expected a number ({shape.name}), got {type(value).__name__} {value!r}")
    elif t == "boolean":
        if not isinstance(value, bool):
            _fail(path, f"expected a boolean ({shape.name}), got {type(value).__name__} {value!r}")
    elif t == "timestamp":
        if not isinstance(value, _dt.datetime):
            _fail(path, f"expected a timestamp as datetime, got {type(value).__name__} {value!r}")
        if value.tzinfo is None or value.utcoffset() is None:
            _fail(path, f"timestamp {value!r} is naive; boto3 returns timezone-aware datetimes")
    elif t == "blob":
        if not isinstance(value, bytes):
            _fail(path, f"expected a blob as bytes, got {type(value).__name__}")
    else:
        _fail(path, f"unhandled shape type {t!r} ({shape.name})")
