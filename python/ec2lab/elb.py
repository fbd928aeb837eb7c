"""Notebook objects for Elastic Load Balancing: ``LoadBalancer``, ``TargetGroup``, the
``Response`` of a request, what instances serve (``instance.serve``), and ``HttpServer``, a real
HTTP front on this machine for a simulated load balancer.

Everything goes through the door: elbv2 operations for the resources, ec2lab's own ``Serve``,
``Fail``, ``StopServing``, ``RouteRequest`` and ``SendTraffic`` for traffic. Routing, health,
stickiness and errors are decided by the core; this module converts and displays.
"""
from __future__ import annotations

from . import display, i18n

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .cloud import Cloud
    from .instance import Instance

_esc = display._esc
_CARD = display._CARD
_CELL = display._CELL


# --- what an instance serves ------------------------------------------------------------------
def _route(key: str, value) -> dict:
    """One line of a route table: ``"/books/*": "text"`` or ``{"status": 200, "body": ...,
    "headers": {...}, "delay": 0.1, "method": "GET"}``; the key may start with a method
    (``"POST /api/*"``)."""
    method, _, path = key.partition(" ") if " " in key.strip() else ("", "", key)
    route: dict = {"Path": path.strip()}
    if method:
        route["Method"] = method.upper()
    if isinstance(value, dict):
        unknown = set(value) - {"status", "body", "headers", "delay", "method"}
        if unknown:
            raise ValueError(f"route {key!r}: unknown keys {sorted(unknown)} (use status, body, headers, delay, method)")
        if value.get("method"):
            route["Method"] = str(value["method"]).upper()
        if value.get("status") is not None:
            route["Status"] = value["status"]
        body = value.get("body")
        if value.get("headers"):
            route["Headers"] = {str(k): str(v) for k, v in dict(value["headers"]).items()}
        if value.get("delay"):
            route["DelayMs"] = round(float(value["delay"]) * 1000)
    elif isinstance(value, int) and not isinstance(value, bool):
        route["Status"] = value
        body = None
    else:
        body = value
    if isinstance(body, (bytes, bytearray)):
        body = bytes(body).decode("utf-8")
    if body is not None:
        route["Body"] = str(body)
    return route


def serve(instance: Instance, port: int, app=None, upstream: str | None = None) -> dict:
    """``Serve``: a route table (dict), a Python callable ``f(request)``, or a real upstream
    ``"http://host:port"`` on ``port``; nothing: ``/*`` answers "Hello from <instance id>"."""
    params: dict = {"InstanceId": instance.id, "Port": port}
    _app_params(instance.cloud._core, params, app, upstream)
    return instance._ec2lab().serve(**params)


def serve_on_launch(cloud: Cloud, launch_template: str, port: int, app=None, upstream: str | None = None, region_name: str | None = None) -> dict:
    """``Serve`` with a launch template: every instance an Auto Scaling group launches from it
    serves ``app`` on ``port`` from boot (what the template's user data would start)."""
    key = "LaunchTemplateId" if str(launch_template).startswith("lt-") else "LaunchTemplateName"
    params: dict = {key: launch_template, "Port": port}
    _app_params(cloud._core, params, app, upstream)
    return cloud.client("ec2lab", region_name=region_name).serve(**params)


def _app_params(core, params: dict, app, upstream) -> None:
    if app is not None and upstream is not None:
        raise ValueError("give app= or upstream=, not both")
    if upstream is not None:
        params["ExternalHandle"] = core.register_app(str(upstream))
        params["Label"] = f"upstream {upstream}"
    elif callable(app):
        params["ExternalHandle"] = core.register_app(app)
        params["Label"] = f"python {getattr(app, '__qualname__', type(app).__name__)}"
    elif isinstance(app, dict):
        params["Routes"] = [_route(str(k), v) for k, v in app.items()]
    elif isinstance(app, (str, bytes)):
        params["Routes"] = [_route("/*", app)]
    elif app is not None:
        raise TypeError(f"app must be a dict of routes, a str, or a callable f(request), not {type(app).__name__}")


def fail(instance: Instance, mode: str, port: int | None = None, status: int | None = None, delay: float | None = None) -> dict:
    """``Fail``: break what the instance serves (``refuse``, ``reset``, ``hang``, ``status``,
    ``slow``) or mend it (``none``)."""
    params: dict = {"InstanceId": instance.id, "Mode": mode}
    if port is not None:
        params["Port"] = port
    if status is not None:
        params["Status"] = status
    if delay is not None:
        params["DelayMs"] = round(float(delay) * 1000)
    return instance._ec2lab().fail(**params)


# --- responses --------------------------------------------------------------------------------
class Response:
    """An HTTP answer. ``lb.request(...)`` returns one (with ``target_id``, ``trace`` ...); a
    Python app may return one too: ``Response("made", status=201, headers={...}, delay=0.2)``."""

    def __init__(self, body=b"", status: int = 200, headers=None, delay: float | None = None):
        self.status = status
        if isinstance(headers, dict):
            headers = list(headers.items())
        self.headers = [(str(k), str(v)) for k, v in (headers or [])]
        if isinstance(body, str) and not any(k.lower() == "content-type" for k, _ in self.headers):
            self.headers.append(("Content-Type", "text/plain; charset=utf-8"))
        self.body = body.encode("utf-8") if isinstance(body, str) else bytes(body or b"")
        self.delay = delay
        self.target_id = None
        self.target_port = None
        self.target_group_arn = None
        self.elapsed_ms = None
        self.trace: dict = {}

    @classmethod
    def _from_route(cls, answer: dict) -> Response:
        import base64

        r = cls(base64.b64decode(answer.get("Body") or ""), answer["Status"], [tuple(h) for h in answer.get("Headers", [])])
        r.target_id = answer.get("TargetId")
        r.target_port = answer.get("TargetPort")
        r.target_group_arn = answer.get("TargetGroupArn")
        r.elapsed_ms = answer.get("ElapsedMs")
        r.trace = answer.get("Trace") or {}
        return r

    def header(self, name: str, default=None):
        """The first header with this name (any case)."""
        lower = name.lower()
        return next((v for k, v in self.headers if k.lower() == lower), default)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        import json

        return json.loads(self.text)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400

    @property
    def target(self) -> str | None:
        """``"i-…:80"``: the target that answered, if any."""
        if self.target_id is None:
            return None
        return f"{self.target_id}:{self.target_port}" if self.target_port is not None else self.target_id

    def __repr__(self) -> str:
        where = f" from {self.target}" if self.target else ""
        why = self.trace.get("ElbError") if isinstance(self.trace, dict) else None
        tail = f" ({why})" if why else ""
        return f"<Response {self.status}{where}, {len(self.body)} bytes{tail}>"

    def _repr_html_(self) -> str:
        colour = "#1d8102" if self.status < 400 else "#b36b00" if self.status < 500 else "#d13212"
        head = f'<b style="color:{colour}">{self.status}</b>'
        if self.target:
            head += f" &nbsp;from <code>{_esc(self.target)}</code>"
        if self.elapsed_ms is not None:
            head += f" &nbsp;{_esc(self.elapsed_ms)} ms"
        rows = "".join(f'<tr><th style="{_CELL}">{_esc(k)}</th><td style="{_CELL}"><code>{_esc(v)}</code></td></tr>' for k, v in self.headers)
        trace = ""
        if self.trace:
            steps = "".join(
                f'<tr><th style="{_CELL}">{_esc(k)}</th><td style="{_CELL}">{_esc(", ".join(map(str, v)) if isinstance(v, list) else v)}</td></tr>'
                for k, v in self.trace.items()
            )
            trace = f'<details><summary>trace</summary><table style="border-collapse:collapse">{steps}</table></details>'
        text = self.text
        shown = text if len(text) <= 2000 else text[:2000] + "…"
        return (
            f'<div class="ec2lab-response" data-status="{self.status}" style="{_CARD}"><div>{head}</div>'
            f'<table style="border-collapse:collapse;margin:6px 0">{rows}</table>'
            f'<pre style="margin:0;white-space:pre-wrap">{_esc(shown) if shown else ""}</pre>{trace}</div>'
        )


# --- load balancers ---------------------------------------------------------------------------
def _pairs(headers) -> list:
    if headers is None:
        return []
    if isinstance(headers, dict):
        headers = headers.items()
    return [[str(k), str(v)] for k, v in headers]


def _query(query) -> str | None:
    if query is None or isinstance(query, str):
        return query
    from urllib.parse import urlencode

    return urlencode(query, doseq=True)


class LoadBalancer:
    """An Elastic Load Balancer (``cloud.load_balancer(name_or_arn)``)."""

    def __init__(self, cloud: Cloud, arn: str, region_name: str | None = None):
        self.cloud = cloud
        self.arn = arn
        self.region = region_name or cloud.region
        self._elbv2 = cloud.client("elbv2", self.region)
        self._lab = cloud.client("ec2lab", self.region)

    @classmethod
    def _find(cls, cloud: Cloud, name_or_arn: str, region_name: str | None) -> LoadBalancer:
        client = cloud.client("elbv2", region_name or cloud.region)
        key = "LoadBalancerArns" if name_or_arn.startswith("arn:") else "Names"
        found = client.describe_load_balancers(**{key: [name_or_arn]})["LoadBalancers"][0]
        return cls(cloud, found["LoadBalancerArn"], region_name)

    def describe(self) -> dict:
        """DescribeLoadBalancers for this load balancer (boto3's dict)."""
        return self._elbv2.describe_load_balancers(LoadBalancerArns=[self.arn])["LoadBalancers"][0]

    @property
    def name(self) -> str:
        return self.arn.split("/")[-2]

    @property
    def dns_name(self) -> str:
        return self.describe()["DNSName"]

    @property
    def state(self) -> str:
        return self.describe()["State"]["Code"]

    @property
    def type(self) -> str:
        return self.describe()["Type"]

    @property
    def scheme(self) -> str:
        return self.describe()["Scheme"]

    def wait_until_active(self, **kwargs) -> LoadBalancer:
        """botocore's ``load_balancer_available`` waiter, in virtual time."""
        self._elbv2.get_waiter("load_balancer_available").wait(LoadBalancerArns=[self.arn], **kwargs)
        return self

    def listeners(self) -> list:
        """DescribeListeners (boto3's dicts)."""
        return self._elbv2.describe_listeners(LoadBalancerArn=self.arn)["Listeners"]

    def rules(self, port: int | None = None) -> list:
        """DescribeRules of every listener (or the one on ``port``), in priority order, default last."""
        found = []
        for listener in self.listeners():
            if port is None or listener["Port"] == port:
                found += self._elbv2.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"]
        return found

    def diagram_svg(self, language: str | None = None) -> str:
        """Load balancer → listeners → rules → target groups → targets with live health, drawn by
        the core (ec2lab's ``LoadBalancerDiagram``)."""
        lab = self.cloud.client("ec2lab", self.region)
        return lab.load_balancer_diagram(LoadBalancer=self.arn, Language=language or i18n.get_language())["Svg"]

    def target_groups(self) -> list:
        """The target groups its listeners and rules forward to."""
        found = self._elbv2.describe_target_groups(LoadBalancerArn=self.arn)["TargetGroups"]
        return [TargetGroup(self.cloud, g["TargetGroupArn"], self.region) for g in found]

    def request(self, path: str = "/", method: str = "GET", host: str | None = None, headers=None, query=None, port: int | None = None,
                client_ip: str | None = None, body=None, client_port: int | None = None) -> Response:
        """One HTTP request through the load balancer (``RouteRequest``): listener, rules,
        target, app; the ``Response`` has ``.status .headers .text .target_id .trace``.
        ``path`` may carry a query (``"/search?q=x"``); ``query`` may be a str or a dict;
        ``body`` str, bytes, or a dict (sent as JSON)."""
        params: dict = {"LoadBalancer": self.arn, "Method": method}
        if "?" in path and query is None:
            path, query = path.split("?", 1)
        params["Path"] = path
        pairs = _pairs(headers)
        if isinstance(body, (dict, list)):
            import json

            body = json.dumps(body)
            if not any(k.lower() == "content-type" for k, _ in pairs):
                pairs.append(["Content-Type", "application/json"])
        if pairs:
            params["Headers"] = pairs
        q = _query(query)
        if q is not None:
            params["Query"] = q
        if host is not None:
            params["Host"] = host
        if port is not None:
            params["Port"] = port
        if client_ip is not None:
            params["ClientIp"] = client_ip
        if client_port is not None:
            params["ClientPort"] = client_port
        if body is not None:
            import base64

            params["Body"] = base64.b64encode(body.encode("utf-8") if isinstance(body, str) else bytes(body)).decode("ascii")
        return Response._from_route(self._lab.route_request(**params))

    def send_traffic(self, requests_per_second: int, seconds: int, paths=None, *, port: int | None = None, method: str | None = None, client_ips=None) -> Traffic:
        """``SendTraffic``: ``requests_per_second`` for ``seconds`` of virtual time (whole numbers; health checks
        run in between); the report counts requests by target, status and target group."""
        params: dict = {"LoadBalancer": self.arn, "RequestsPerSecond": requests_per_second, "Seconds": seconds}
        if paths is not None:
            params["Paths"] = [paths] if isinstance(paths, str) else list(paths)
        if port is not None:
            params["Port"] = port
        if method is not None:
            params["Method"] = method
        if client_ips is not None:
            params["ClientIps"] = list(client_ips)
        return Traffic(self._lab.send_traffic(**params))

    def serve_http(self, port: int = 0, listener_port: int | None = None, host: str = "127.0.0.1", allow_remote: bool = False, *,
                   client_ip: str | None = None, header_timeout: float = 10.0) -> HttpServer:
        """A real HTTP/1.1 server on ``host:port`` (an OS-chosen port by default) that answers
        every request through this load balancer: ``with lb.serve_http() as server:
        urllib.request.urlopen(server.url)``. Loopback only unless ``allow_remote=True``."""
        front = self.cloud._core.serve_http(self.region, self.arn, listener_port, host, port, allow_remote, client_ip, float(header_timeout))
        return HttpServer(front)

    def __repr__(self) -> str:
        return f"LoadBalancer({self.name!r}, region={self.region!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, LoadBalancer) and (other.cloud, other.arn) == (self.cloud, self.arn)

    def __hash__(self) -> int:
        return hash(self.arn)

    def _repr_html_(self) -> str:
        d = self.describe()
        state = d["State"]["Code"]
        colour = "#1d8102" if state == "active" else "#1a73e8" if state == "provisioning" else "#d13212"
        rows = [
            ("Type", d.get("Type")),
            ("Scheme", d.get("Scheme")),
            ("DNS name", d.get("DNSName")),
            ("VPC", d.get("VpcId")),
            ("Availability Zones", ", ".join(z["ZoneName"] for z in d.get("AvailabilityZones", []))),
            ("Security groups", ", ".join(d.get("SecurityGroups", []))),
        ]
        body = "".join(f'<tr><th style="{_CELL}">{_esc(k)}</th><td style="{_CELL}">{_esc(v)}</td></tr>' for k, v in rows)
        listeners = "".join(
            f'<li>{_esc(l.get("Protocol"))}:{_esc(l.get("Port"))}<ol style="margin:0">{"".join(_rule_item(r) for r in self._listener_rules(l))}</ol></li>'
            for l in self.listeners()
        )
        return (
            f'<div class="ec2lab-load-balancer" data-state="{_esc(state)}" style="{_CARD}"><div><b>Load balancer <code>{_esc(self.name)}</code></b> '
            f'<span style="color:#fff;background:{colour};border-radius:4px;padding:1px 6px">{_esc(state)}</span></div>'
            f'<table style="border-collapse:collapse;margin:6px 0">{body}</table><ul style="margin:0">{listeners}</ul>'
            f'<div style="overflow-x:auto">{self.diagram_svg()}</div></div>'
        )

    def _listener_rules(self, listener: dict) -> list:
        return self._elbv2.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"]


def _rule_item(rule: dict) -> str:
    """One rule as a list item: priority, its conditions, what it does."""
    conditions = []
    for c in rule.get("Conditions", []):
        config = next((v for k, v in c.items() if k.endswith("Config")), None) or {}
        values = config.get("Values") or c.get("Values") or []
        if c.get("Field") == "query-string":
            values = [f"{v.get('Key', '*')}={v.get('Value')}" for v in values]
        if c.get("Field") == "http-header":
            values = [f"{config.get('HttpHeaderName')}: {v}" for v in values]
        conditions.append(f"{c.get('Field')} {', '.join(map(str, values))}")
    actions = []
    for a in rule.get("Actions", []):
        groups = (a.get("ForwardConfig") or {}).get("TargetGroups") or ([{"TargetGroupArn": a["TargetGroupArn"]}] if a.get("TargetGroupArn") else [])
        if a.get("Type") == "forward" and groups:
            names = [g["TargetGroupArn"].split("/")[-2] + (f" ({g['Weight']})" if len(groups) > 1 and "Weight" in g else "") for g in groups]
            actions.append("forward to " + ", ".join(names))
        else:
            actions.append(a.get("Type", ""))
    label = "default" if rule.get("IsDefault") else f"rule {rule.get('Priority')}"
    when = " AND ".join(conditions) or "any request"
    return f'<li><b>{_esc(label)}</b>: {_esc(when)} → {_esc("; ".join(actions))}</li>'


class Traffic(dict):
    """``SendTraffic``'s answer (a dict) with a short repr and a table in notebooks."""

    def __repr__(self) -> str:
        by_target = ", ".join(f"{k}: {v}" for k, v in sorted(self.get("ByTarget", {}).items()))
        by_status = ", ".join(f"{k}: {v}" for k, v in sorted(self.get("ByStatus", {}).items()))
        return f"<Traffic {self.get('Requests')} requests; by target {{{by_target}}}; by status {{{by_status}}}>"

    def _repr_html_(self) -> str:
        def table(title: str, counts: dict) -> str:
            rows = "".join(f'<tr><td style="{_CELL}"><code>{_esc(k)}</code></td><td style="{_CELL}">{_esc(v)}</td></tr>' for k, v in sorted(counts.items()))
            return f'<table style="border-collapse:collapse;margin:6px 0"><thead><tr><th style="{_CELL}">{_esc(title)}</th><th style="{_CELL}">requests</th></tr></thead><tbody>{rows}</tbody></table>'

        return (
            f'<div class="ec2lab-traffic" style="{_CARD}"><b>{_esc(self.get("Requests"))} requests</b>'
            f'{table("target", self.get("ByTarget", {}))}{table("status", self.get("ByStatus", {}))}</div>'
        )


# --- target groups ----------------------------------------------------------------------------
def _target(t, port: int | None) -> dict:
    """An ``Instance``, an id or IP, or ``(id, port)`` as a RegisterTargets entry."""
    if isinstance(t, tuple):
        t, port = t
    target = {"Id": getattr(t, "id", t)}
    if port is not None:
        target["Port"] = port
    return target


class TargetGroup:
    """A target group (``cloud.target_group(name_or_arn)``)."""

    def __init__(self, cloud: Cloud, arn: str, region_name: str | None = None):
        self.cloud = cloud
        self.arn = arn
        self.region = region_name or cloud.region
        self._elbv2 = cloud.client("elbv2", self.region)

    @classmethod
    def _find(cls, cloud: Cloud, name_or_arn: str, region_name: str | None) -> TargetGroup:
        client = cloud.client("elbv2", region_name or cloud.region)
        key = "TargetGroupArns" if name_or_arn.startswith("arn:") else "Names"
        found = client.describe_target_groups(**{key: [name_or_arn]})["TargetGroups"][0]
        return cls(cloud, found["TargetGroupArn"], region_name)

    def describe(self) -> dict:
        return self._elbv2.describe_target_groups(TargetGroupArns=[self.arn])["TargetGroups"][0]

    @property
    def name(self) -> str:
        return self.arn.split("/")[-2]

    def register(self, *targets, port: int | None = None) -> TargetGroup:
        """RegisterTargets: ``Instance`` objects, ids, IPs or ``(id, port)`` pairs."""
        self._elbv2.register_targets(TargetGroupArn=self.arn, Targets=[_target(t, port) for t in targets])
        return self

    def deregister(self, *targets, port: int | None = None) -> TargetGroup:
        """DeregisterTargets (targets drain for the deregistration delay)."""
        self._elbv2.deregister_targets(TargetGroupArn=self.arn, Targets=[_target(t, port) for t in targets])
        return self

    def health(self) -> Health:
        """DescribeTargetHealth as a table: target, port, state, reason, description."""
        found = self._elbv2.describe_target_health(TargetGroupArn=self.arn)["TargetHealthDescriptions"]
        return Health(
            {
                "target": d["Target"]["Id"],
                "port": d["Target"].get("Port"),
                "az": d["Target"].get("AvailabilityZone"),
                "state": d["TargetHealth"]["State"],
                "reason": d["TargetHealth"].get("Reason"),
                "description": d["TargetHealth"].get("Description"),
            }
            for d in found
        )

    def wait_until_healthy(self, timeout: float = 600) -> TargetGroup:
        """Advances virtual time until every registered target is ``healthy``."""
        self.cloud.run_until(lambda: all(row["state"] == "healthy" for row in self.health()), timeout=timeout)
        return self

    def __repr__(self) -> str:
        return f"TargetGroup({self.name!r}, region={self.region!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, TargetGroup) and (other.cloud, other.arn) == (self.cloud, self.arn)

    def __hash__(self) -> int:
        return hash(self.arn)

    def _repr_html_(self) -> str:
        return f'<div class="ec2lab-target-group" style="{_CARD}"><b>Target group <code>{_esc(self.name)}</code></b>{self.health()._repr_html_()}</div>'


_HEALTH_COLOURS = {"healthy": "#1d8102", "unhealthy": "#d13212", "initial": "#1a73e8", "draining": "#b36b00", "unused": "#687078", "unavailable": "#8a1c0b"}


class Health(list):
    """Rows of DescribeTargetHealth (dicts: target, port, az, state, reason, description)."""

    def states(self) -> dict:
        """``{"i-…:80": "healthy", ...}``."""
        return {f"{r['target']}:{r['port']}": r["state"] for r in self}

    def __repr__(self) -> str:
        if not self:
            return "<Health: no targets registered>"
        lines = [f"{r['target']}:{r['port']}  {r['state']}" + (f"  {r['reason']}: {r['description']}" if r.get("reason") else "") for r in self]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        cols = ("target", "port", "az", "state", "reason", "description")
        head = "".join(f'<th style="{_CELL}">{c}</th>' for c in cols)
        lines = []
        for r in self:
            colour = _HEALTH_COLOURS.get(r["state"], "#555")
            cells = [f"<code>{_esc(r['target'])}</code>", _esc(r["port"]), _esc(r.get("az")), f'<b style="color:{colour}">{_esc(r["state"])}</b>', _esc(r.get("reason")), _esc(r.get("description"))]
            lines.append(f'<tr data-state="{_esc(r["state"])}">' + "".join(f'<td style="{_CELL}">{c}</td>' for c in cells) + "</tr>")
        return f'<table class="ec2lab-health" style="border-collapse:collapse;margin:6px 0"><thead><tr>{head}</tr></thead><tbody>{"".join(lines)}</tbody></table>'


# --- the real HTTP front ----------------------------------------------------------------------
class HttpServer:
    """A running HTTP front (``lb.serve_http()``): ``.url``, ``.requests``; a context manager
    that closes on exit (and ``close()`` may be called directly)."""

    def __init__(self, front):
        import weakref

        self._front = front
        # Closed when the object goes away or the interpreter exits, whichever comes first.
        self._finalizer = weakref.finalize(self, front.close)

    @property
    def url(self) -> str:
        return self._front.url

    @property
    def host(self) -> str:
        return self._front.host

    @property
    def port(self) -> int:
        return self._front.port

    @property
    def requests(self) -> int:
        return self._front.requests

    @property
    def closed(self) -> bool:
        return self._front.closed

    def close(self) -> None:
        self._finalizer()

    def __enter__(self) -> HttpServer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return repr(self._front).replace("HttpFront", "HttpServer", 1)
