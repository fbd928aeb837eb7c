"""The ELB notebook objects (python/ec2lab/elb.py) and the apps an instance serves: route tables,
Python callables (src/python/apps.rs) and real upstream servers (src/python/upstream.rs)."""
from __future__ import annotations

import json

import pytest

import ec2lab
from ec2lab.elb import Health, LoadBalancer, Response, TargetGroup, Traffic
from elb_stack import Upstream, web_stack


@pytest.fixture
def stack(cloud):
    return web_stack(cloud)


@pytest.fixture
def served(stack):
    for i in stack.instances:
        i.serve(8000)
    stack.tg.wait_until_healthy()
    return stack


def test_load_balancer_by_name_and_arn(stack, cloud):
    lb = stack.lb
    assert isinstance(lb, LoadBalancer) and lb.name == "web"
    assert cloud.load_balancer(lb.arn) == lb and hash(cloud.load_balancer(lb.arn)) == hash(lb)
    assert lb.state == "active" and lb.type == "application" and lb.scheme == "internet-facing"
    assert lb.dns_name.startswith("web-") and lb.dns_name.endswith(".us-east-1.elb.amazonaws.com")
    assert repr(lb) == "LoadBalancer('web', region='us-east-1')"
    html = lb._repr_html_()
    assert 'data-state="active"' in html and "HTTP:80" in html and "forward" in html
    assert [tg.name for tg in lb.target_groups()] == ["web"]
    assert lb.listeners()[0]["Port"] == 80


def test_the_load_balancer_shows_its_rules_and_picture(served, cloud):
    lb = served.lb
    books = cloud.client("elbv2").create_target_group(Name="books", Protocol="HTTP", Port=8000, VpcId=served.tg.describe()["VpcId"])["TargetGroups"][0]
    listener = lb.listeners()[0]["ListenerArn"]
    cloud.client("elbv2").create_rule(ListenerArn=listener, Priority=10, Conditions=[{"Field": "path-pattern", "Values": ["/books/*"]}],
                                      Actions=[{"Type": "forward", "TargetGroupArn": books["TargetGroupArn"]}])
    assert [r["Priority"] for r in lb.rules()] == ["10", "default"] and lb.rules(port=81) == []
    html = lb._repr_html_()
    assert "<b>rule 10</b>: path-pattern /books/* → forward to books" in html
    assert "<b>default</b>: any request → forward to web" in html
    svg = lb.diagram_svg()
    assert svg.startswith("<svg") and svg in html
    assert "books:8000" in svg and "no registered targets (503)" in svg and svg.count(">healthy<") == 2
    assert "규칙 10" in lb.diagram_svg(language="ko")


def test_unknown_load_balancer_is_the_aws_error(cloud):
    with pytest.raises(ec2lab.ClientError) as e:
        cloud.load_balancer("nope")
    assert e.value.response["Error"]["Code"] == "LoadBalancerNotFound"
    with pytest.raises(ec2lab.ClientError) as e:
        cloud.target_group("nope")
    assert e.value.response["Error"]["Code"] == "TargetGroupNotFound"


def test_wait_until_active_moves_virtual_time(cloud):
    ec2, elbv2 = cloud.client("ec2"), cloud.client("elbv2")
    subnets = [s["SubnetId"] for s in ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"][:2]]
    elbv2.create_load_balancer(Name="slow", Subnets=subnets)
    lb = cloud.load_balancer("slow")
    assert lb.state == "provisioning"
    before = cloud.now
    assert lb.wait_until_active() is lb and lb.state == "active" and cloud.now > before


def test_default_app_and_round_robin(served):
    seen = [served.lb.request("/") for _ in range(4)]
    assert [r.status for r in seen] == [200] * 4
    assert sorted({r.target_id for r in seen}) == sorted(served.ids)
    r = seen[0]
    assert r.text == f"Hello from {r.target_id}" and r.target_port == 8000 and r.target == f"{r.target_id}:8000"
    assert r.header("content-type").startswith("text/plain") and r.ok
    assert r.trace["RulePriority"] == "default" and r.trace["TargetGroupArn"] == served.tg.arn
    assert repr(r) == f"<Response 200 from {r.target_id}:8000, {len(r.body)} bytes>"
    assert 'data-status="200"' in r._repr_html_() and "trace" in r._repr_html_()


def test_route_table(served):
    app = {
        "/": "home",
        "/books/*": {"status": 201, "body": "a book", "headers": {"X-Shelf": "3"}},
        "POST /api/*": 202,
        "/slow": {"body": "late", "delay": 0.25},
        "/bytes": b"raw",
    }
    for i in served.instances:
        i.serve(8000, app)
    lb = served.lb
    assert lb.request("/").text == "home"
    books = lb.request("/books/dune")
    assert (books.status, books.text, books.header("x-shelf")) == (201, "a book", "3")
    assert lb.request("/books").status == 404  # `/books/*` needs the slash
    assert lb.request("/api/x", method="POST").status == 202
    assert lb.request("/api/x").status == 404  # GET does not match the POST route
    slow = lb.request("/slow")
    assert slow.text == "late" and slow.elapsed_ms >= 250
    assert lb.request("/bytes").text == "raw"
    with pytest.raises(ValueError, match="unknown keys"):
        served.instances[0].serve(8000, {"/": {"stauts": 200}})


def test_python_callable_sees_the_request(served):
    seen = []

    def app(request):
        seen.append(request)
        return {"path": request.path, "query": request.query, "url": request.url, "method": request.method,
                "test": request.header("X-TEST"), "absent": request.header("nope", "dflt"), "body": request.json() if request.body else None}

    for i in served.instances:
        i.serve(8000, app)
    r = served.lb.request("/items/7?color=red", method="PUT", headers={"X-Test": "yes"}, body={"n": 1})
    assert r.status == 200 and r.header("content-type") == "application/json"
    assert r.json() == {"path": "/items/7", "query": "color=red", "url": "/items/7?color=red", "method": "PUT", "test": "yes",
                        "absent": "dflt", "body": {"n": 1}}
    req = seen[0]
    assert req.client_ip and isinstance(req.client_port, int) and req.body == b'{"n": 1}' and req.text == '{"n": 1}'
    assert req.headers["X-Test"] == "yes" and "x-forwarded-for" in {k.lower() for k in req.headers}
    assert repr(req).startswith("Request(PUT /items/7?color=red from ")
    assert served.lb.request("/", query={"a": ["1", "2"], "b": "x y"}).json()["query"] == "a=1&a=2&b=x+y"


@pytest.mark.parametrize(
    "returned, status, body, content_type",
    [
        ("text", 200, b"text", "text/plain; charset=utf-8"),
        (b"\x00\x01", 200, b"\x00\x01", "application/octet-stream"),
        ([1, 2], 200, b"[1, 2]", "application/json"),
        (None, 204, b"", None),
        (418, 418, b"", None),
        ((201, "made"), 201, b"made", "text/plain; charset=utf-8"),
        ((202, [("Content-Type", "text/csv")], "a,b"), 202, b"a,b", "text/csv"),
        (Response("resp", status=203, headers={"X-R": "1"}), 203, b"resp", "text/plain; charset=utf-8"),
    ],
)
def test_what_a_callable_may_return(served, returned, status, body, content_type):
    for i in served.instances:
        i.serve(8000, lambda request: returned)
    r = served.lb.request("/")
    assert (r.status, r.body, r.header("content-type")) == (status, body, content_type)


@pytest.mark.parametrize(
    "app, needle",
    [
        (lambda request: 1 / 0, "Internal Server Error: the app raised ZeroDivisionError: division by zero"),
        (lambda request: object(), "the app returned <object object"),
        (lambda request: (1, 2, 3, 4), "a tuple of 4 items"),
        (lambda request: (99, "x"), "the status must be an int from 100 to 599, not 99"),
        (lambda request: (200, {"Bad Name": "x"}, ""), "invalid header"),
    ],
)
def test_a_broken_callable_is_a_500_that_says_why(served, app, needle):
    for i in served.instances:
        i.serve(8000, app)
    r = served.lb.request("/")
    assert r.status == 500 and needle in r.text


def test_a_callable_cannot_call_the_cloud_while_answering(served, cloud):
    def app(request):
        cloud.advance(1)  # would wait for the lock this very thread holds
        return "unreachable"

    for i in served.instances:
        i.serve(8000, app)
    r = served.lb.request("/")
    assert r.status == 500 and "RuntimeError: An app cannot call into the cloud while it answers a request" in r.text
    assert served.lb.request("/").status == 500  # and the cloud still works afterwards


def test_a_slow_response_object_past_the_idle_timeout_is_a_504(served, cloud):
    cloud.client("elbv2").modify_load_balancer_attributes(LoadBalancerArn=served.lb.arn, Attributes=[{"Key": "idle_timeout.timeout_seconds", "Value": "1"}])
    for i in served.instances:
        i.serve(8000, lambda request: Response("late", delay=2))
    assert served.lb.request("/").status == 504


def test_health_checks_call_the_python_app(served):
    paths = []

    def app(request):
        paths.append(request.path)
        return "ok"

    for i in served.instances:
        i.serve(8000, app)
    served.cloud.advance(60)
    assert paths and set(paths) == {"/"}  # the health check path, every interval
    assert set(served.tg.health().states().values()) == {"healthy"}


def test_upstream_server(served):
    with Upstream() as up:
        for i in served.instances:
            i.serve(8000, upstream=up.url + "/base/")
        r = served.lb.request("/echo?x=1", method="POST", body="hi", headers={"X-Client": "c", "Connection": "close"})
        got = r.json()
        assert r.status == 200 and r.header("x-upstream") == "echo" and r.header("content-type") == "application/json"
        assert (got["method"], got["path"], got["body"]) == ("POST", "/base/echo?x=1", "hi")
        assert got["host"] == served.lb.dns_name  # the Host the client sent, as an ALB keeps it
        assert got["headers"]["x-client"] == "c" and got["headers"]["x-forwarded-for"] == "198.51.100.7"
        assert "connection" not in got["headers"]  # hop-by-hop headers are not forwarded
        chunked = served.lb.request("/chunked")
        assert chunked.status == 200 and chunked.json()["path"] == "/base/chunked" and chunked.header("transfer-encoding") is None
        assert served.lb.request("/status/404").status == 404
        for _ in range(5):  # kept-alive connections are reused
            assert served.lb.request("/again").status == 200


def test_upstream_down_is_a_502_and_slow_is_a_504(served, cloud):
    with Upstream() as up:
        url = up.url
    for i in served.instances:  # nothing listens there any more
        i.serve(8000, upstream=url)
    r = served.lb.request("/")
    assert r.status == 502
    cloud.client("elbv2").modify_load_balancer_attributes(LoadBalancerArn=served.lb.arn, Attributes=[{"Key": "idle_timeout.timeout_seconds", "Value": "1"}])
    with Upstream() as up:
        for i in served.instances:
            i.serve(8000, upstream=up.url)
        assert served.lb.request("/slow").status == 504


def test_serve_refuses_bad_arguments(served):
    i = served.instances[0]
    with pytest.raises(ValueError, match="not both"):
        i.serve(8000, app=lambda r: "x", upstream="http://127.0.0.1:1")
    with pytest.raises(ValueError, match="only http:// upstreams"):
        i.serve(8000, upstream="https://example.com")
    with pytest.raises(TypeError, match="app must be"):
        i.serve(8000, app=3.5)
    with pytest.raises(TypeError, match="callable"):
        served.cloud._core.register_app(42)


def test_fail_and_recover(served):
    lb = served.lb
    for i in served.instances:
        i.fail("status", status=503)
    assert lb.request("/").status == 503
    for i in served.instances:
        i.fail("refuse")
    assert lb.request("/").status == 502
    for i in served.instances:
        i.recover()
    assert lb.request("/").status == 200
    served.instances[0].stop_serving(8000)
    served.instances[1].stop_serving()
    assert lb.request("/").status == 502


def test_target_group_health_register_deregister(served, cloud):
    tg = served.tg
    assert isinstance(tg, TargetGroup) and tg.name == "web" and repr(tg) == "TargetGroup('web', region='us-east-1')"
    assert cloud.target_group(tg.arn) == tg
    health = tg.health()
    assert isinstance(health, Health) and len(health) == 2
    assert health.states() == {f"{i}:8000": "healthy" for i in served.ids}
    assert "healthy" in repr(health) and 'data-state="healthy"' in health._repr_html_()
    assert "Target group" in tg._repr_html_()
    tg.deregister(served.instances[0])
    assert tg.health().states()[f"{served.ids[0]}:8000"] == "draining"
    assert all(served.lb.request("/").target_id == served.ids[1] for _ in range(3))
    tg.register((served.ids[0], 8000))
    assert f"{served.ids[0]}:8000" in tg.health().states()


def test_send_traffic(served):
    report = served.lb.send_traffic(10, 3, paths=["/a", "/b"])
    assert isinstance(report, Traffic) and report["Requests"] == 30
    assert sum(report["ByTarget"].values()) == 30 and report["ByStatus"] == {"200": 30}
    assert repr(report).startswith("<Traffic 30 requests; by target {")
    assert "30 requests" in report._repr_html_()


def test_requests_are_recorded_and_replay_with_python_apps(served, tmp_path):
    served.instances[0].serve(8000, lambda request: f"python says {request.path}")
    texts = [served.lb.request(f"/{n}").text for n in range(4)]
    assert "python says /0" in texts or "python says /1" in texts
    path = served.cloud.save(tmp_path / "rec.json")
    again = ec2lab.Cloud.load(path)  # no Python app in the replay: its replies come from the tape
    assert again.digest == served.cloud.digest
    assert json.loads((tmp_path / "rec.json").read_text())["seed"] == 0
