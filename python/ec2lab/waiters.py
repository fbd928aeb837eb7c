"""Waiters with botocore's definitions (``data/waiters/<service>.json``) and semantics,
sleeping in virtual time: each delay is ``cloud.advance(delay)``, never ``time.sleep``."""
from __future__ import annotations

import json
import os
import re
from typing import Any, Callable

from .errors import ClientError, WaiterError

_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "waiters")
_models: dict[str, dict | None] = {}


def _model(service: str) -> dict | None:
    if service not in _models:
        path = os.path.join(_DATA, f"{service}.json")
        model = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                model = json.load(f)
            if model.get("version") != 2:
                raise ValueError(f"Unsupported waiter version in {path}: {model.get('version')!r} (supported: 2)")
        _models[service] = model
    return _models[service]


_FIRST_CAP = re.compile("(.)([A-Z][a-z]+)")
_END_CAP = re.compile("([a-z0-9])([A-Z])")
_SPECIAL = re.compile("[A-Z]{2,}s$")


def xform_name(name: str, sep: str = "_") -> str:
    """botocore.xform_name: ``InstanceRunning`` -> ``instance_running``."""
    if sep in name:
        return name
    special = _SPECIAL.search(name)
    if special:
        matched = special.group()
        name = f"{name[: -len(matched)]}{sep}{matched.lower()}"
    s1 = _FIRST_CAP.sub(r"\1" + sep + r"\2", name)
    return _END_CAP.sub(r"\1" + sep + r"\2", s1).lower()


def _names(service: str) -> dict[str, str]:
    model = _model(service)
    if not model:
        return {}
    return {xform_name(name): name for name in model["waiters"]}


def waiter_names(service: str) -> list[str]:
    return sorted(_names(service))


def get_waiter(client, waiter_name: str) -> "Waiter":
    mapping = _names(client._service)
    if waiter_name not in mapping:
        raise ValueError(f"Waiter does not exist: {waiter_name}")
    name = mapping[waiter_name]
    config = WaiterConfig(_model(client._service)["waiters"][name])
    method = getattr(client, xform_name(config.operation))
    cloud = client._cloud
    return Waiter(name, config, _normalized(method), cloud.advance, cloud)


def _normalized(method: Callable[..., dict]) -> Callable[..., dict]:
    """An operation that returns the error response instead of raising ClientError (as botocore's waiters see it)."""

    def call(**kwargs):
        try:
            return method(**kwargs)
        except ClientError as e:
            return e.response

    return call


def is_error(response: dict) -> bool:
    error = response.get("Error")
    return isinstance(error, dict) and "Code" in error


class Acceptor:
    def __init__(self, config: dict):
        self.state: str = config["state"]
        self.matcher: str = config["matcher"]
        self.expected: Any = config["expected"]
        self.argument: str | None = config.get("argument")
        self.matches: Callable[[dict], bool] = self._matcher()

    @property
    def explanation(self) -> str:
        m, arg, exp = self.matcher, self.argument, self.expected
        if m == "path":
            return f'For expression "{arg}" we matched expected path: "{exp}"'
        if m == "pathAll":
            return f'For expression "{arg}" all members matched expected path: "{exp}"'
        if m == "pathAny":
            return f'For expression "{arg}" we matched expected path: "{exp}" at least once'
        if m == "status":
            return f"Matched expected HTTP status code: {exp}"
        if m == "error":
            return f"Matched expected service error code: {exp}"
        return f'No explanation for unknown waiter type: "{m}"'

    def _matcher(self) -> Callable[[dict], bool]:
        expected = self.expected
        if self.matcher in ("path", "pathAll", "pathAny"):
            import jmespath

            expression = jmespath.compile(self.argument)
            if self.matcher == "path":
                return lambda r: not is_error(r) and expression.search(r) == expected

            every = self.matcher == "pathAll"

            def on_list(r):
                if is_error(r):
                    return False
                found = expression.search(r)
                # An empty (or absent) list never matches: the wait keeps polling.
                if not isinstance(found, list) or not found:
                    return False
                return all(x == expected for x in found) if every else any(x == expected for x in found)

            return on_list
        if self.matcher == "status":
            return lambda r: r.get("ResponseMetadata", {}).get("HTTPStatusCode") == expected
        if self.matcher == "error":
            if expected is True:
                return lambda r: "Error" in r and "Code" in r["Error"]
            if expected is False:
                return lambda r: "Error" not in r
            return lambda r: r.get("Error", {}).get("Code", "") == expected
        raise ValueError(f"Unknown acceptor: {self.matcher}")


class WaiterConfig:
    """One waiter's definition: operation, delay, max attempts and acceptors."""

    def __init__(self, config: dict):
        self.operation: str = config["operation"]
        self.delay: float = config["delay"]
        self.max_attempts: int = config["maxAttempts"]
        self.description: str = config.get("description", "")
        self._acceptors = config["acceptors"]

    @property
    def acceptors(self) -> list[Acceptor]:
        return [Acceptor(a) for a in self._acceptors]


class Waiter:
    """Polls an operation until an acceptor reaches success or failure, as botocore's Waiter."""

    def __init__(self, name: str, config: WaiterConfig, operation: Callable[..., dict], sleep: Callable[[float], Any], cloud=None):
        self.name = name
        self.config = config
        self._operation = operation
        self._sleep = sleep
        self._cloud = cloud

    def __repr__(self) -> str:
        return f"<Waiter {self.name}: {self.config.operation} every {self.config.delay:g}s, up to {self.config.max_attempts} attempts>"

    def wait(self, **kwargs) -> None:
        """Waits (in virtual time); returns None on success, raises WaiterError otherwise.

        ``WaiterConfig={"Delay": seconds, "MaxAttempts": n}`` overrides the defaults; every
        other keyword argument goes to the operation."""
        steps = self._steps(kwargs)
        delay = next(steps)
        while delay is not None:
            self._sleep(delay)
            delay = next(steps)

    async def wait_async(self, speed: float | None = None, **kwargs) -> None:
        """``wait`` for an asyncio loop; ``speed=N`` paces the virtual clock at N× real time."""
        import asyncio

        steps = self._steps(kwargs)
        delay = next(steps)
        while delay is not None:
            if speed is None or self._cloud is None:
                self._sleep(delay)
                await asyncio.sleep(0)
            else:
                await self._cloud._core.advance_paced(float(delay), float(speed))
            delay = next(steps)

    def _steps(self, kwargs: dict[str, Any]):
        """Yields the delay before each further attempt; yields None when the wait succeeded."""
        acceptors = self.config.acceptors
        overrides = kwargs.pop("WaiterConfig", None) or {}
        delay = overrides.get("Delay", self.config.delay)
        max_attempts = overrides.get("MaxAttempts", self.config.max_attempts)
        state = "waiting"
        last_matched: Acceptor | None = None
        attempts = 0
        while True:
            response = self._operation(**kwargs)
            attempts += 1
            for acceptor in acceptors:
                if acceptor.matches(response):
                    last_matched = acceptor
                    state = acceptor.state
                    break
            else:
                if is_error(response):
                    error = response["Error"]
                    raise WaiterError(
                        name=self.name,
                        reason=f"An error occurred ({error.get('Code', 'Unknown')}): {error.get('Message', 'Unknown')}",
                        last_response=response,
                    )
            if state == "success":
                yield None
                return
            if state == "failure":
                raise WaiterError(
                    name=self.name,
                    reason=f"Waiter encountered a terminal failure state: {last_matched.explanation}",
                    last_response=response,
                )
            if attempts >= max_attempts:
                reason = "Max attempts exceeded"
                if last_matched is not None:
                    reason += f". Previously accepted state: {last_matched.explanation}"
                raise WaiterError(name=self.name, reason=reason, last_response=response)
            yield delay
