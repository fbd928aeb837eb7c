"""boto3-style clients: ``cloud.client("ec2").describe_instances(...)`` with boto3's method
names, keyword arguments and response dicts, answered by the Rust core."""
from __future__ import annotations

import datetime as _dt

from . import _core, errors

# The class names botocore gives its clients (display only).
_CLASS_NAMES = {
    "ec2": "EC2",
    "elbv2": "ElasticLoadBalancingv2",
    "cloudwatch": "CloudWatch",
    "autoscaling": "AutoScaling",
    "sns": "SNS",
    "ebs": "EBS",
    "ec2lab": "EC2Lab",
}
# Operations whose UserData botocore base64-encodes before sending (botocore.handlers.base64_encode_user_data).
_USER_DATA_OPS = {("ec2", "RunInstances"), ("autoscaling", "CreateLaunchConfiguration")}

_operation_names: dict[str, dict[str, str]] = {}
_client_classes: dict[str, type] = {}


def operation_names(service: str) -> dict[str, str]:
    """boto3 method name -> PascalCase operation name, for every operation of the service."""
    names = _operation_names.get(service)
    if names is None:
        names = _operation_names[service] = _core.Core.operation_names(service)
    return names


def make_client(cloud, service: str, region_name: str) -> "Client":
    if not operation_names(service):
        known = ", ".join(sorted(_CLASS_NAMES))
        raise ValueError(f"Unknown service: {service!r}. Valid service names are: {known}")
    cls = _client_classes.get(service)
    if cls is None:
        cls = _client_classes[service] = type(_CLASS_NAMES.get(service, service), (Client,), {"__module__": __name__})
    return cls(cloud, service, region_name)


class ServiceModel:
    """The little of botocore's ``ServiceModel`` that ec2lab can tell."""

    def __init__(self, service: str):
        self.service_name = service
        self.operation_names = sorted(operation_names(service).values())

    def __repr__(self) -> str:
        return f"ServiceModel({self.service_name})"


class ClientMeta:
    def __init__(self, service: str, region_name: str):
        self.region_name = region_name
        self.service_model = ServiceModel(service)
        self.partition = "aws"

    def __repr__(self) -> str:
        return f"ClientMeta(service={self.service_model.service_name!r}, region_name={self.region_name!r})"


class _Exceptions:
    ClientError = errors.ClientError


class Client:
    """A boto3-style client for one service and region; methods appear as boto3 names them."""

    exceptions = _Exceptions()

    def __init__(self, cloud, service: str, region_name: str):
        self._cloud = cloud
        self._core = cloud._core
        self._service = service
        self._ops = operation_names(service)
        self.meta = ClientMeta(service, region_name)

    def __getattr__(self, name: str):
        if name.startswith("__") or "_ops" not in self.__dict__:
            raise AttributeError(name)
        operation = self._ops.get(name)
        if operation is None:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
        method = _make_method(self, name, operation)
        self.__dict__[name] = method
        return method

    def __dir__(self) -> list[str]:
        implemented = set(_core.Core.implemented_operations(self._service))
        methods = {snake for snake, op in self._ops.items() if op in implemented}
        public = {n for n in object.__dir__(self) if not n.startswith("_")}
        return sorted(public | methods)

    def __repr__(self) -> str:
        return f"<ec2lab.client.{type(self).__name__} object for {self.meta.region_name}>"

    def _make_api_call(self, operation: str, params: dict[str, object]) -> dict[str, object]:
        core = self._core
        params = _to_wire(params)
        if (self._service, operation) in _USER_DATA_OPS:
            _encode_user_data(params)
        try:
            response = core.call(self._service, self.meta.region_name, operation, params)
        except _core.CoreError as e:
            raise errors.from_core(e, operation, core.request_id) from None
        response["ResponseMetadata"] = {
            "RequestId": core.request_id(),
            "HTTPStatusCode": 200,
            "HTTPHeaders": {},
            "RetryAttempts": 0,
        }
        return response

    # --- waiters -----------------------------------------------------------------------
    @property
    def waiter_names(self) -> list[str]:
        from . import waiters

        return waiters.waiter_names(self._service)

    def get_waiter(self, waiter_name: str):
        """A botocore-style waiter, e.g. ``get_waiter("instance_running").wait(InstanceIds=[...])``;
        it waits in virtual time (``cloud.advance(delay)`` between attempts)."""
        from . import waiters

        return waiters.get_waiter(self, waiter_name)

    # --- paginators --------------------------------------------------------------------
    def can_paginate(self, operation_name: str) -> bool:
        from . import paginators

        return paginators.can_paginate(self, operation_name)

    def get_paginator(self, operation_name: str):
        """A botocore-style paginator: ``get_paginator("describe_instances").paginate(...)``."""
        from . import paginators

        return paginators.get_paginator(self, operation_name)


def _make_method(client: Client, snake: str, operation: str):
    def _api_call(*args, **kwargs):
        if args:
            raise TypeError(f"{snake}() only accepts keyword arguments.")
        return client._make_api_call(operation, kwargs)

    _api_call.__name__ = snake
    _api_call.__qualname__ = f"{type(client).__name__}.{snake}"
    _api_call.__doc__ = f"Calls {client._service}:{operation} (keyword arguments as in boto3; returns boto3's response dict)."
    return _api_call


def _to_wire(value):
    """A copy of the parameters with datetimes as ISO-8601 UTC strings (naive means UTC, as in botocore)."""
    if isinstance(value, dict):
        return {k: _to_wire(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_wire(v) for v in value]
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_dt.timezone.utc)
        return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
    return value


def _encode_user_data(params: dict[str, object]) -> None:
    """botocore.handlers.base64_encode_user_data: text or bytes UserData is sent base64-encoded."""
    data = params.get("UserData")
    if isinstance(data, str):
        data = data.encode("utf-8")
    if isinstance(data, (bytes, bytearray)):
        import base64

        params["UserData"] = base64.b64encode(bytes(data)).decode("utf-8")
