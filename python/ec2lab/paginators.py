"""Paginators with botocore's definitions (``data/paginators/<service>.json``) and its
PageIterator behaviour: PaginationConfig (MaxItems, PageSize, StartingToken), resume tokens,
``build_full_result()`` and ``search()``."""
from __future__ import annotations

import base64
import json
import os
from typing import Any, Iterator

_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "paginators")
_models: dict[str, dict] = {}


def _model(service: str) -> dict:
    if service not in _models:
        path = os.path.join(_DATA, f"{service}.json")
        data: dict = {}
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                data = json.load(f).get("pagination", {})
        _models[service] = data
    return _models[service]


def _operation(client, operation_name: str) -> str | None:
    return client._ops.get(operation_name)


def can_paginate(client, operation_name: str) -> bool:
    op = _operation(client, operation_name)
    return op is not None and op in _model(client._service)


def get_paginator(client, operation_name: str) -> "Paginator":
    op = _operation(client, operation_name)
    if op is None or op not in _model(client._service):
        raise ValueError(f"Operation cannot be paginated: {operation_name}")
    return Paginator(getattr(client, operation_name), _model(client._service)[op])


def _as_list(x) -> list[str]:
    if x is None:
        return []
    return list(x) if isinstance(x, list) else [x]


def encode_token(token: dict[str, Any]) -> str:
    return base64.b64encode(json.dumps(token).encode("utf-8")).decode("utf-8")


def decode_token(text: str) -> dict[str, Any]:
    return json.loads(base64.b64decode(text.encode("utf-8")).decode("utf-8"))


def _set_path(target: dict, expression: str, value) -> None:
    """botocore.utils.set_value_from_jmespath for dotted paths."""
    head, _, rest = expression.partition(".")
    if rest:
        _set_path(target.setdefault(head, {}), rest, value)
    else:
        target[head] = value


class Paginator:
    def __init__(self, method, config: dict):
        self._method = method
        self._config = config
        self._input_token = _as_list(config["input_token"])
        self._output_token = _as_list(config["output_token"])
        self._limit_key = config.get("limit_key")
        self._result_keys = _as_list(config.get("result_key"))
        self._more_results = config.get("more_results")
        self._non_aggregate = _as_list(config.get("non_aggregate_keys"))

    @property
    def result_keys(self):
        import jmespath

        return [jmespath.compile(k) for k in self._result_keys]

    def paginate(self, **kwargs) -> "PageIterator":
        config = kwargs.pop("PaginationConfig", None) or {}
        page_size = config.get("PageSize")
        max_items = config.get("MaxItems")
        if max_items is not None:
            max_items = int(max_items)
        if page_size is not None and self._limit_key is None:
            raise ValueError("PageSize parameter is not supported for the pagination interface for this operation.")
        return PageIterator(self, kwargs, page_size, max_items, config.get("StartingToken"))


class PageIterator:
    """Iterate to get each page (a response dict), as with botocore."""

    def __init__(self, paginator: Paginator, op_kwargs: dict, page_size, max_items, starting_token):
        import jmespath

        self._p = paginator
        self._op_kwargs = op_kwargs
        self._page_size = page_size
        self._max_items = max_items
        self._starting_token = starting_token
        self._result_exprs = [jmespath.compile(k) for k in paginator._result_keys]
        self._output_exprs = [jmespath.compile(k) for k in paginator._output_token]
        self._more = jmespath.compile(paginator._more_results) if paginator._more_results else None
        self._resume: dict[str, Any] | None = None
        self.non_aggregate_part: dict[str, Any] = {}

    @property
    def result_keys(self):
        return self._result_exprs

    @property
    def resume_token(self) -> str | None:
        return None if self._resume is None else encode_token(self._resume)

    def _starting(self):
        if self._starting_token is None:
            return None, 0
        token = decode_token(self._starting_token)
        index = token.pop("boto_truncate_amount", 0)
        return token, index

    def _next_token(self, page: dict) -> dict[str, Any]:
        if self._more is not None and not self._more.search(page):
            return {}
        return {name: (expr.search(page) or None) for expr, name in zip(self._output_exprs, self._p._input_token)}

    def __iter__(self) -> Iterator[dict]:
        kwargs = dict(self._op_kwargs)
        start, skip = self._starting()
        next_token: dict[str, Any] = start if start is not None else {k: None for k in self._p._input_token}
        _inject(kwargs, next_token)
        if self._page_size is not None:
            kwargs[self._p._limit_key] = self._page_size
        primary = self._result_exprs[0] if self._result_exprs else None
        total = 0
        first = True
        previous = None
        while True:
            page = self._p._method(**kwargs)
            if first:
                first = False
                if skip and primary is not None:
                    data = primary.search(page)
                    if isinstance(data, (list, str)):
                        _set_path(page, primary.expression, data[skip:])
                self.non_aggregate_part = {}
                for key in self._p._non_aggregate:
                    import jmespath

                    _set_path(self.non_aggregate_part, key, jmespath.search(key, page))
            else:
                skip = 0
            items = (primary.search(page) if primary is not None else None) or []
            over = (total + len(items) - self._max_items) if self._max_items is not None else 0
            if over > 0:
                keep = len(items) - over
                _set_path(page, primary.expression, items[:keep])
                self._resume = dict(next_token, boto_truncate_amount=keep + skip)
                yield page
                return
            yield page
            total += len(items)
            next_token = self._next_token(page)
            if all(t is None for t in next_token.values()):
                return
            if self._max_items is not None and total == self._max_items:
                self._resume = next_token
                return
            if previous is not None and previous == next_token:
                raise RuntimeError(f"The same next token was received twice: {next_token}")
            _inject(kwargs, next_token)
            previous = next_token

    def search(self, expression: str):
        """Applies a JMESPath expression to each page, flattening lists (botocore's ``search``)."""
        import jmespath

        compiled = jmespath.compile(expression)
        for page in self:
            found = compiled.search(page)
            if isinstance(found, list):
                yield from found
            else:
                yield found

    def build_full_result(self) -> dict:
        full: dict[str, Any] = {}
        for page in self:
            for expr in self._result_exprs:
                value = expr.search(page)
                if value is None:
                    continue
                existing = expr.search(full)
                if existing is None:
                    _set_path(full, expr.expression, value)
                elif isinstance(value, list):
                    existing.extend(value)
                elif isinstance(value, (int, float, str)):
                    _set_path(full, expr.expression, existing + value)
        for key, value in self.non_aggregate_part.items():
            full.setdefault(key, value)
        if self._resume is not None:
            full["NextToken"] = self.resume_token
        return full


def _inject(kwargs: dict, token: dict[str, Any]) -> None:
    for name, value in token.items():
        if value is not None and value != "None":
            kwargs[name] = value
        else:
            kwargs.pop(name, None)
