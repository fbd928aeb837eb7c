"""The boto3 bridge: ``ec2lab.mock_aws(cloud)`` answers every botocore client in-process.

    with ec2lab.mock_aws() as cloud:
        ec2 = boto3.client("ec2", region_name="us-east-1")
        ec2.run_instances(...)                                   # answered by cloud's core
        ec2.get_waiter("instance_running").wait(InstanceIds=...)  # sleeps in virtual time

How it hooks into botocore (and why this way). botocore gives every client its own copy of the
session's event emitter when the client is created, so handlers registered on a session later
never reach clients that already exist. The one place every client of every session passes
through is ``botocore.client.BaseClient._make_api_call``; while a mock is active it is wrapped
(one class attribute, restored on exit). The wrapper only makes sure the client's own emitter
carries the bridge's three handlers, then runs botocore's original ``_make_api_call``, so
botocore does everything it normally does (its parameter handlers, parameter validation
(``ParamValidationError``), endpoint resolution, ``after-call`` handlers, ``client.exceptions``
classes) except the HTTP request:

* ``before-parameter-build`` (registered first): keeps a reference to the caller's parameters
  in the request context, and fills idempotency tokens the caller left out (ClientToken)
  deterministically from the core's request ids, where botocore would put a random UUID.
* ``before-call``: calls the core (``Core.call``, the door ``cloud.client(...)`` uses) with
  the PascalCase operation name and returns ``(http_response, parsed)``; botocore then skips
  the network, retries and parsing, and raises its own ``ClientError`` for an error status.
  No operation is named here: whatever the core implements is reachable, and the core
  refuses the operations it does not implement yet (``NotImplemented``, 501, naming it).
  Services the core does not model at all (s3, iam...) get the same refusal from here.
* ``before-send``: a guard that refuses any request that would still reach the network.

Inside the context botocore's waiter module sees a ``time`` whose ``sleep`` advances the
virtual clock of the innermost active mock's Cloud, botocore's User-Agent header is built once
per client instead of on every call (it never leaves the process), and the environment carries fake
credentials (``AWS_ACCESS_KEY_ID``...), ``AWS_EC2_METADATA_DISABLED=true`` (no instance-metadata
lookups) and, when unset, ``AWS_DEFAULT_REGION`` = the cloud's region. Leaving the last active
mock unregisters every handler from every client it touched and restores the attributes and
environment variables exactly.

boto3/botocore are optional: they are imported when a mock starts, not by ``import ec2lab``.
"""
from __future__ import annotations

import functools
import inspect
import os
import threading
import time as _time
import weakref

from . import _core, errors, i18n
from .client import _to_wire

_PARAMS = "ec2lab_params"  # request-context key holding the caller's parameters
_IDS = ("ec2lab-bridge-params", "ec2lab-bridge-answer", "ec2lab-bridge-guard")
_FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "ec2lab-testing",
    "AWS_SECRET_ACCESS_KEY": "ec2lab-testing",
    "AWS_SECURITY_TOKEN": "ec2lab-testing",
    "AWS_SESSION_TOKEN": "ec2lab-testing",
    "AWS_EC2_METADATA_DISABLED": "true",
}
_CONTENT_TYPES = {
    "ec2": "text/xml;charset=UTF-8",
    "query": "text/xml",
    "json": "application/x-amz-json-1.1",
    "rest-json": "application/json",
    "rest-xml": "application/xml",
}

_lock = threading.RLock()
_stack: list = []  # active mocks, innermost last
_installed: dict | None = None  # what was patched, to restore on the last exit
_emitters: "weakref.WeakSet" = weakref.WeakSet()  # client emitters that carry the handlers
_known: dict = {}  # service -> whether the core models it
_user_agents: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # UserAgentString -> its header
_last_hints = threading.local()  # (request id, hint_en, hint_ko) of the last refused call


class MockAWS:
    """Context manager and decorator (functions, coroutine functions, methods, classes) that
    answers boto3/botocore calls from an ec2lab ``Cloud``; see ``mock_aws``."""

    def __init__(self, cloud=None, *, seed: int = 0, region: str = "us-east-1"):
        self._given = cloud
        self._seed = seed
        self._region = region
        self.cloud = cloud

    # --- context manager ---------------------------------------------------------------
    def start(self):
        """Starts answering (like moto's ``mock.start()``); returns the Cloud."""
        if self._given is None:
            from .cloud import Cloud

            self.cloud = Cloud(region=self._region, seed=self._seed)
        _push(self)
        return self.cloud

    def stop(self) -> None:
        _pop(self)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- decorator ---------------------------------------------------------------------
    def _fresh(self) -> "MockAWS":
        return MockAWS(self._given, seed=self._seed, region=self._region)

    def __call__(self, target):
        if isinstance(target, type):
            return self._decorate_class(target)
        if inspect.iscoroutinefunction(target):

            @functools.wraps(target)
            async def run_async(*args, **kwargs):
                with self._fresh():
                    return await target(*args, **kwargs)

            return run_async

        @functools.wraps(target)
        def run(*args, **kwargs):
            with self._fresh():
                return target(*args, **kwargs)

        return run

    def _decorate_class(self, cls: type) -> type:
        """unittest.TestCase: the mock runs from setUp to the test's cleanup (state set up in
        setUp is seen by the test); other classes: each ``test*`` method gets a fresh mock."""
        import unittest

        if issubclass(cls, unittest.TestCase):
            original = cls.__dict__.get("setUp")
            mock = self

            def setUp(case, *args, **kwargs):
                m = mock._fresh()
                m.start()
                case.addCleanup(m.stop)
                if original is not None:
                    original(case, *args, **kwargs)
                else:
                    super(cls, case).setUp(*args, **kwargs)

            cls.setUp = setUp
            return cls
        for name, value in list(vars(cls).items()):
            if name.startswith("test") and callable(value):
                setattr(cls, name, self(value))
        return cls

    def __repr__(self) -> str:
        return f"mock_aws({self.cloud!r})"


def mock_aws(cloud=None, *, seed: int = 0, region: str = "us-east-1"):
    """Answers every boto3/botocore client from an ec2lab Cloud, in-process and in virtual time.

    ``with ec2lab.mock_aws() as cloud:`` (a fresh ``Cloud(region, seed)`` each time it starts),
    ``with ec2lab.mock_aws(cloud):`` (an existing Cloud), or as a decorator: ``@ec2lab.mock_aws``
    / ``@ec2lab.mock_aws()`` on a test function, coroutine function, method or class, like
    moto's ``mock_aws``. Clients created before or inside the context are answered alike."""
    if callable(cloud):  # bare decorator: @mock_aws
        return MockAWS()(cloud)
    return MockAWS(cloud, seed=seed, region=region)


def active_cloud():
    """The Cloud of the innermost active mock, or None."""
    return _stack[-1].cloud if _stack else None


# --- installing and restoring ------------------------------------------------------------


def _push(mock: MockAWS) -> None:
    with _lock:
        if not _stack:
            _install(mock.cloud)
        _stack.append(mock)


def _pop(mock: MockAWS) -> None:
    with _lock:
        for i in range(len(_stack) - 1, -1, -1):
            if _stack[i] is mock:
                del _stack[i]
                break
        else:
            raise RuntimeError("this mock_aws is not active")
        if not _stack:
            _uninstall()


def _import_botocore():
    try:
        import botocore.client
        import botocore.useragent
        import botocore.waiter
    except ImportError as e:  # pragma: no cover - exercised only without botocore
        raise ImportError("ec2lab.mock_aws needs boto3 (or botocore): pip install boto3") from e
    return botocore


def _install(cloud) -> None:
    global _installed
    botocore = _import_botocore()
    base = botocore.client.BaseClient
    original = base.__dict__["_make_api_call"]
    env = {name: os.environ.get(name) for name in (*_FAKE_ENV, "AWS_DEFAULT_REGION")}
    ua = botocore.useragent.UserAgentString
    _installed = {"make_api_call": original, "waiter_time": botocore.waiter.time, "env": env, "ua_to_string": ua.__dict__["to_string"]}
    base._make_api_call = _wrap_make_api_call(original)
    ua.to_string = _cache_user_agent(ua.__dict__["to_string"])
    botocore.waiter.time = _VirtualTime()
    os.environ.update(_FAKE_ENV)
    if env["AWS_DEFAULT_REGION"] is None:
        os.environ["AWS_DEFAULT_REGION"] = cloud.region


def _uninstall() -> None:
    global _installed
    import botocore.client
    import botocore.useragent
    import botocore.waiter

    state, _installed = _installed, None
    for emitter in list(_emitters):
        emitter.unregister("before-parameter-build", unique_id=_IDS[0])
        emitter.unregister("before-call", unique_id=_IDS[1])
        emitter.unregister("before-send", unique_id=_IDS[2])
    _emitters.clear()
    botocore.client.BaseClient._make_api_call = state["make_api_call"]
    botocore.waiter.time = state["waiter_time"]
    botocore.useragent.UserAgentString.to_string = state["ua_to_string"]
    _user_agents.clear()
    for name, value in state["env"].items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def _wrap_make_api_call(original):
    from botocore.exceptions import ClientError

    def _make_api_call(self, operation_name, api_params):
        events = self.meta.events
        if events not in _emitters:
            _register(events)
        try:
            return original(self, operation_name, api_params)
        except ClientError as e:
            _attach_hints(e)
            raise

    _make_api_call.__wrapped__ = original
    _make_api_call.__doc__ = "botocore's _make_api_call, answered by ec2lab while a mock_aws is active."
    return _make_api_call


def _cache_user_agent(original):
    """botocore rebuilds its User-Agent header (a dozen sanitised components) on every call,
    about 45 % of a call's time; in-process the header goes nowhere, so while a mock is active
    each client's string is built once and reused (restored on exit)."""

    def to_string(self):
        text = _user_agents.get(self)
        if text is None:
            text = _user_agents[self] = original(self)
        return text

    to_string.__wrapped__ = original
    return to_string


def _register(events) -> None:
    with _lock:
        events.register_first("before-parameter-build", _capture, unique_id=_IDS[0])
        # last: the caller's own before-call handlers (and botocore's) still run first, as
        # they would before a real request; the first handler to return a response wins.
        events.register_last("before-call", _answer, unique_id=_IDS[1])
        events.register_last("before-send", _guard, unique_id=_IDS[2])
        _emitters.add(events)


class _VirtualTime:
    """``botocore.waiter.time`` inside the context: ``sleep`` advances the virtual clock."""

    @staticmethod
    def sleep(seconds: float) -> None:
        cloud = active_cloud()
        if cloud is None:
            _time.sleep(seconds)
        else:
            cloud.advance(seconds)

    def __getattr__(self, name):
        return getattr(_time, name)


# --- the handlers ---------------------------------------------------------------------------


def _capture(params, model, context, **kwargs):
    """before-parameter-build: remember the caller's parameters (the same dict botocore goes on
    to validate and serialise); fill missing idempotency tokens deterministically."""
    context[_PARAMS] = params
    missing = [name for name in model.idempotent_members if name not in params]
    if missing and _stack:
        core = _stack[-1].cloud._core
        for name in missing:
            params[name] = core.request_id()


def _knows(service: str) -> bool:
    """Whether the core models this service (its operations, implemented or not)."""
    known = _known.get(service)
    if known is None:
        known = _known[service] = bool(_core.Core.operation_names(service))
    return known


def _answer(model, params, context, **kwargs):
    """before-call: the core's answer as ``(http_response, parsed)``."""
    if not _stack:
        return None
    core = _stack[-1].cloud._core
    service_model = model.service_model
    service = service_model.service_name
    operation = model.name
    region = context.get("client_region") or ""
    url = params.get("url", "") if isinstance(params, dict) else ""
    if not _knows(service):
        return _not_implemented(core, service_model, operation, url)
    # Operations of a modelled service that ec2lab does not implement yet are refused by the
    # core itself (NotImplemented, 501, naming the operation), as for cloud.client(...).
    request = _to_wire(context.get(_PARAMS) or {})
    if model.has_streaming_input:
        _read_streaming_input(model, request)
    try:
        parsed = core.call(service, region, operation, request)
    except _core.CoreError as e:
        if e.kind == "ParamValidation":
            from botocore.exceptions import ParamValidationError

            # what the core checks beyond botocore's validator, raised as botocore would
            error = ParamValidationError(report=errors.validation_report(e))
            error.hint_en, error.hint_ko = e.hint_en, e.hint_ko
            error.hint = i18n.pick(e.hint_en, e.hint_ko)
            raise error from None
        request_id = core.request_id()
        headers = _headers(service_model, request_id)
        _last_hints.value = (request_id, e.hint_en, e.hint_ko)
        return _http(url, e.status, headers), errors.error_response(e, request_id, headers)
    if model.has_streaming_output:
        _wrap_streaming_output(model, parsed)
    request_id = core.request_id()
    headers = _headers(service_model, request_id)
    parsed["ResponseMetadata"] = {"RequestId": request_id, "HTTPStatusCode": 200, "HTTPHeaders": headers, "RetryAttempts": 0}
    return _http(url, 200, headers), parsed


def _read_streaming_input(model, request: dict) -> None:
    """A streaming blob payload (ebs PutSnapshotBlock's BlockData) may be a file object in
    boto3; the core takes its bytes."""
    name = model.input_shape.serialization.get("payload")
    body = request.get(name) if name else None
    if body is not None and hasattr(body, "read"):
        request[name] = body.read()


def _wrap_streaming_output(model, parsed: dict) -> None:
    """A streaming blob payload (ebs GetSnapshotBlock's BlockData) is a ``StreamingBody`` in
    boto3, read with ``.read()``; the core answers bytes."""
    name = model.output_shape.serialization.get("payload")
    data = parsed.get(name) if name else None
    if isinstance(data, (bytes, bytearray)):
        import io

        from botocore.response import StreamingBody

        parsed[name] = StreamingBody(io.BytesIO(bytes(data)), len(data))


def _not_implemented(core, service_model, operation: str, url: str):
    """A service the core does not model at all (s3, iam...): NotImplemented, naming the call."""
    service = service_model.service_name
    message = f"ec2lab does not simulate the {service} service ({service}:{operation}); see docs/coverage.md for what it simulates."
    request_id = core.request_id()
    headers = _headers(service_model, request_id)
    _last_hints.value = (
        request_id,
        f"{service}:{operation} is outside what ec2lab simulates; call it against real AWS or moto, or leave it out of this exercise.",
        f"{service}:{operation}은(는) ec2lab이 시뮬레이션하지 않는 작업입니다. 실제 AWS나 moto로 호출하거나 이 실습에서 빼세요.",
    )
    parsed = {
        "Error": {"Code": "NotImplemented", "Message": message},
        "ResponseMetadata": {"RequestId": request_id, "HTTPStatusCode": 501, "HTTPHeaders": headers, "RetryAttempts": 0},
    }
    return _http(url, 501, headers), parsed


def _guard(request, **kwargs):
    """before-send: nothing leaves the process while a mock is active."""
    raise RuntimeError(
        f"ec2lab.mock_aws: a request to {getattr(request, 'url', '?')} was about to reach the network; "
        "the bridge answers every call in-process, so this means a handler answered before it did."
    )


class _NoBody:
    def stream(self, **kwargs):
        return iter(())


_NO_BODY = _NoBody()
_response_class = None


def _http(url: str, status: int, headers: dict):
    """botocore's AWSResponse without a body; its headers stay the plain dict of lower-case
    names that ResponseMetadata.HTTPHeaders also holds (AWSResponse would copy them into a
    case-insensitive HeadersDict: 8 us a call for a response nobody reads)."""
    global _response_class
    if _response_class is None:
        from botocore.awsrequest import AWSResponse

        _response_class = AWSResponse
    response = _response_class.__new__(_response_class)
    response.url, response.status_code, response.headers, response.raw, response._content = url, status, headers, _NO_BODY, b""
    return response


def _headers(service_model, request_id: str) -> dict:
    protocol = service_model.protocol
    return {
        "x-amzn-requestid": request_id,
        "content-type": _CONTENT_TYPES.get(protocol, "application/json"),
        "server": "ec2lab",
    }


def _attach_hints(e) -> None:
    """Adds ec2lab's hints (``hint_en``, ``hint_ko``, ``hint``, and a note under the traceback)
    to botocore's ClientError for a refusal the core made."""
    last = getattr(_last_hints, "value", None)
    metadata = e.response.get("ResponseMetadata", {}) if isinstance(getattr(e, "response", None), dict) else {}
    if last is None or metadata.get("RequestId") != last[0]:
        return
    _last_hints.value = None
    _, e.hint_en, e.hint_ko = last
    e.hint = i18n.pick(e.hint_en, e.hint_ko)
    if e.hint:
        note = f"{i18n.label('hint')}: {e.hint}"
        if hasattr(e, "add_note"):
            e.add_note(note)
        else:
            e.__notes__ = [*getattr(e, "__notes__", []), note]
