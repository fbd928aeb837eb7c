"""The real HTTP front (`lb.serve_http()`, src/python/http_front.rs): real clients on loopback,
each request routed through the door (`RouteRequest`, recorded) to the simulated targets."""
from __future__ import annotations

import http.client
import json
import socket
import threading
import urllib.error
import urllib.request

import pytest

import ec2lab
from elb_stack import Upstream, web_stack


@pytest.fixture
def stack(cloud):
    s = web_stack(cloud)
    for i in s.instances:
        i.serve(8000)
    s.tg.wait_until_healthy()
    return s


def fetch(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def raw(server, data: bytes, timeout: float = 5) -> bytes:
    """Sends `data` on a fresh connection and reads until the server closes it."""
    with socket.create_connection((server.host, server.port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered (and closed) before reading everything
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            out += chunk
        return out


def test_a_browser_request_reaches_a_target(stack, cloud):
    before = cloud._core.log_len()
    with stack.lb.serve_http() as server:
        assert server.url == f"http://127.0.0.1:{server.port}/" and server.host == "127.0.0.1" and not server.closed
        bodies = {fetch(server.url + "hello")[2].decode() for _ in range(4)}
        status, headers, body = fetch(server.url)
        assert status == 200 and headers["Content-Type"].startswith("text/plain") and headers["Content-Length"] == str(len(body))
        assert server.requests == 5 and "5 requests" in repr(server) and repr(server).startswith("HttpServer(http://127.0.0.1:")
    assert bodies == {f"Hello from {i}" for i in stack.ids}
    assert server.closed and "closed" in repr(server)
    assert cloud._core.log_len() == before + 5  # every request went through the door, recorded


def test_the_app_sees_method_path_query_headers_body_and_host(stack):
    seen = []

    def app(request):
        seen.append(request)
        return 201, {"X-Echo": request.header("x-mine", "")}, request.body

    for i in stack.instances:
        i.serve(8000, app)
    with stack.lb.serve_http() as server:
        status, headers, body = fetch(server.url + "items/3?x=1&y=2", data=b"payload", headers={"X-Mine": "m", "Host": "shop.example.com"}, method="PUT")
    assert (status, headers["X-Echo"], body) == (201, "m", b"payload")
    r = seen[0]
    assert (r.method, r.path, r.query, r.header("host")) == ("PUT", "/items/3", "x=1&y=2", "shop.example.com")
    assert r.header("x-forwarded-for") == "198.51.100.7" and r.header("x-forwarded-port") == "80"


def test_host_header_rules_work_through_the_front(stack, cloud):
    elbv2 = cloud.client("elbv2")
    elbv2.create_rule(ListenerArn=stack.listener_arn, Priority=10, Conditions=[{"Field": "host-header", "Values": ["api.example.com"]}],
                      Actions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200", "ContentType": "text/plain", "MessageBody": "api"}}])
    with stack.lb.serve_http() as server:
        assert fetch(server.url, headers={"Host": "api.example.com"})[2] == b"api"
        assert fetch(server.url)[2].startswith(b"Hello from i-")


def test_upstream_behind_the_front(stack):
    with Upstream() as up:
        for i in stack.instances:
            i.serve(8000, upstream=up.url)
        with stack.lb.serve_http() as server:
            status, headers, body = fetch(server.url + "chunked?q=1", data=b"x" * 1000, method="POST")
    got = json.loads(body)
    assert status == 200 and headers["X-Upstream"] == "echo" and got["path"] == "/chunked?q=1" and got["body"] == "x" * 1000


def test_malformed_requests_get_400_and_the_front_keeps_serving(stack):
    with stack.lb.serve_http() as server:
        for junk in [b"GARBAGE\r\n\r\n", b"GET / HTTP/1.1\r\nNo colon here\r\n\r\n", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40]:
            assert raw(server, junk).startswith(b"HTTP/1.1 400")
        huge = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n"
        assert raw(server, huge).startswith(b"HTTP/1.1 431")
        assert fetch(server.url)[0] == 200


def test_bodies_over_1_mib_are_refused(stack):
    with stack.lb.serve_http() as server:
        declared = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n"  # refused before the body is read
        assert raw(server, declared).startswith(b"HTTP/1.1 413")
        chunked = b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + (b"10000\r\n" + b"y" * 0x10000 + b"\r\n") * 17 + b"0\r\n\r\n"
        assert raw(server, chunked).startswith(b"HTTP/1.1 413")
        assert fetch(server.url, data=b"x" * (1024 * 1024), method="POST")[0] == 200


def test_a_slow_client_is_dropped_and_others_are_served(stack):
    with stack.lb.serve_http(header_timeout=0.5) as server:
        with socket.create_connection((server.host, server.port), timeout=10) as slow:
            slow.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # ... and never finishes its headers
            assert fetch(server.url)[0] == 200
            try:
                rest = slow.recv(1000)  # the server gives up on it
            except ConnectionResetError:
                rest = b""
            assert rest == b"" or rest.startswith(b"HTTP/1.1 408")


def test_many_concurrent_keep_alive_connections(stack):
    errors, statuses = [], []
    lock = threading.Lock()

    def client():
        try:
            conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
            for n in range(5):
                conn.request("GET", f"/c{n}")
                r = conn.getresponse()
                r.read()
                with lock:
                    statuses.append(r.status)
            conn.close()
        except Exception as e:  # noqa: BLE001 - counted below
            with lock:
                errors.append(repr(e))

    with stack.lb.serve_http() as server:
        threads = [threading.Thread(target=client) for _ in range(60)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert server.requests == 300
    assert errors == [] and statuses == [200] * 300


def test_routing_errors_are_503_and_504_with_the_reason(stack, cloud):
    with stack.lb.serve_http(listener_port=8080) as server:
        status, _, body = fetch(server.url)
    assert status == 503 and b"ListenerNotFound" in body
    stack.lb_sg.revoke_inbound(80, "0.0.0.0/0")
    with stack.lb.serve_http() as server:
        status, _, body = fetch(server.url)
    assert status == 504 and b"ConnectionTimedOut" in body
    with stack.lb.serve_http(client_ip="10.0.0.1") as server:  # allowed from nowhere still
        assert fetch(server.url)[0] == 504


def test_close_stops_listening_and_is_idempotent(stack):
    server = stack.lb.serve_http()
    port = server.port
    assert fetch(server.url)[0] == 200
    server.close()
    server.close()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_close_waits_for_a_request_in_flight(stack):
    started, release = threading.Event(), threading.Event()

    def app(request):
        started.set()
        release.wait(5)
        return "finished"

    for i in stack.instances:
        i.serve(8000, app)
    server = stack.lb.serve_http()
    result = []
    t = threading.Thread(target=lambda: result.append(fetch(server.url)))
    t.start()
    assert started.wait(5)
    threading.Timer(0.2, release.set).start()
    server.close()  # releases the GIL while it waits, so the app can finish
    t.join(10)
    assert result and result[0][0] == 200 and result[0][2] == b"finished"


def test_only_loopback_unless_allowed(stack):
    with pytest.raises(ValueError, match="allow_remote=True"):
        stack.lb.serve_http(host="0.0.0.0")
    with stack.lb.serve_http(host="0.0.0.0", allow_remote=True) as server:
        assert fetch(f"http://127.0.0.1:{server.port}/")[0] == 200
    with stack.lb.serve_http(host="localhost") as server:
        assert server.host == "127.0.0.1"


def test_a_taken_port_is_an_oserror(stack):
    with stack.lb.serve_http() as server:
        with pytest.raises(OSError, match="cannot listen"):
            stack.lb.serve_http(port=server.port)


def test_requests_library_if_installed(stack):
    requests = pytest.importorskip("requests")
    with stack.lb.serve_http() as server, requests.Session() as s:
        for _ in range(3):
            r = s.get(server.url + "x", timeout=10)
            assert r.status_code == 200 and r.text.startswith("Hello from i-")


def test_a_replay_of_front_traffic_reaches_the_same_world(stack, tmp_path):
    stack.instances[0].serve(8000, lambda request: "from python")
    with stack.lb.serve_http() as server:
        for _ in range(4):
            fetch(server.url)
    path = stack.cloud.save(tmp_path / "front.json")
    assert ec2lab.Cloud.load(path).digest == stack.cloud.digest


def _bench(name: str):
    import importlib.util
    import pathlib
    import sys

    folder = pathlib.Path(__file__).resolve().parents[2] / "bench"
    sys.path.insert(0, str(folder))
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", folder / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(folder))


def test_the_benchmarks_run(capsys):
    """bench/elb.py and bench/http_front.py stay runnable (tiny counts; no figures asserted)."""
    import sys

    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[2] / "bench"))
    try:
        calls = _bench("elb").main(["--calls", "20", "--repeat", "1"])
        assert set(calls) == {"lb.request, route table app", "_core.call RouteRequest (bare door)", "lb.request, Python callable app"}
        front = _bench("http_front").main(["--seconds", "0.5", "--client", "python", "--no-nginx", "--connections", "2"])
        assert set(front) == {"ec2lab front -> upstream", "ec2lab front -> route table"}
        assert all(total > 0 and bad == 0 for _, total, bad in front.values())
    finally:
        sys.path.pop(0)
    assert "us/call" in capsys.readouterr().out
