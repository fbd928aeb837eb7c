"""HTTP front benchmark on loopback: requests per second through `lb.serve_http()` (a real HTTP/1.1
server; every request is RouteRequest through the door, recorded) against nginx as a reverse
proxy in front of the same upstream.

Setups, each loaded for a bounded time by the same client:
- `nginx proxy -> upstream`: nginx (keep-alive to the upstream) in front of the upstream;
- `ec2lab front -> upstream`: the front, an ALB with 2 targets serving `upstream=...`;
- `ec2lab front -> route table`: the same ALB, targets answering from their route table (no
  real upstream), the front's own cost.
The upstream is nginx answering `return 200` when nginx is installed, else a Python
ThreadingHTTPServer (then there is no nginx figure: the bench says so and goes on).
The client is `wrk` when installed (`-t2 -c32`), else Python threads with keep-alive
connections (which measure the client as much as the server).

Run: `make bench` or `.venv/bin/python bench/http_front.py [--seconds S] [--connections N]`.
"""
from __future__ import annotations

import argparse
import http.client
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

BODY = b"Hello from upstream\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


class Nginx:
    """nginx in the foreground from a temporary prefix: a static upstream on `upstream_port`
    (`return 200`) and a reverse proxy to it on `proxy_port`."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="ec2lab-nginx-")
        self.upstream_port, self.proxy_port = free_port(), free_port()
        proxy_to = self.upstream_port
        conf = f"""
worker_processes 2;
daemon off;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {self.dir}/body;
    proxy_temp_path {self.dir}/proxy;
    fastcgi_temp_path {self.dir}/fastcgi;
    uwsgi_temp_path {self.dir}/uwsgi;
    scgi_temp_path {self.dir}/scgi;
    upstream app {{ server 127.0.0.1:{proxy_to}; keepalive 64; }}
    server {{ listen 127.0.0.1:{self.upstream_port}; location / {{ default_type text/plain; return 200 "{BODY.decode().strip()}\\n"; }} }}
    server {{ listen 127.0.0.1:{self.proxy_port};
             location / {{ proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection ""; }} }}
}}
"""
        self.conf = os.path.join(self.dir, "nginx.conf")
        with open(self.conf, "w") as f:
            f.write(conf)
        self.proc = subprocess.Popen([shutil.which("nginx"), "-c", self.conf, "-p", self.dir, "-e", os.path.join(self.dir, "error.log")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_listening(self.upstream_port)
        wait_listening(self.proxy_port)

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


class PyUpstream(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args):
        pass


def load_wrk(url: str, seconds: float, connections: int) -> tuple[float, int, int]:
    """(requests/s, requests, non-2xx/3xx) from wrk."""
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", url], capture_output=True, text=True, timeout=seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return rps, total, (int(bad.group(1)) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0)


def load_python(url: str, seconds: float, connections: int) -> tuple[float, int, int]:
    """(requests/s, requests, failures) from `connections` threads with keep-alive connections."""
    host, port = url.split("//")[1].split("/")[0].split(":")
    counts, bad = [0] * connections, [0] * connections
    stop = time.monotonic() + seconds

    def run(n: int) -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        while time.monotonic() < stop:
            try:
                conn.request("GET", "/")
                r = conn.getresponse()
                r.read()
                counts[n] += 1
                bad[n] += r.status >= 400
            except OSError:
                bad[n] += 1
                conn = http.client.HTTPConnection(host, int(port), timeout=30)

    t = time.monotonic()
    threads = [threading.Thread(target=run, args=(n,)) for n in range(connections)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return sum(counts) / (time.monotonic() - t), sum(counts), sum(bad)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="load time per setup (bounded)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--no-nginx", action="store_true", help="do not use nginx even if installed")
    args = parser.parse_args(argv)
    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk"))
    load = load_wrk if use_wrk else load_python
    client = f"wrk -t2 -c{args.connections} -d{max(1, round(args.seconds))}s" if use_wrk else f"python, {args.connections} threads, {args.seconds:g} s"
    have_nginx = shutil.which("nginx") is not None and not args.no_nginx

    from elb import stack

    results: dict = {}
    nginx = py_server = None
    try:
        if have_nginx:
            nginx = Nginx()
            upstream_url = f"http://127.0.0.1:{nginx.upstream_port}"
            results["nginx proxy -> upstream"] = load(f"http://127.0.0.1:{nginx.proxy_port}/", args.seconds, args.connections)
        else:
            py_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PyUpstream)
            py_server.daemon_threads = True
            threading.Thread(target=py_server.serve_forever, daemon=True).start()
            upstream_url = f"http://127.0.0.1:{py_server.server_address[1]}"
            print("nginx is not installed (apt-get install -y nginx): no nginx figure, a Python upstream instead.")
        cloud, lb, instances = stack()
        for i in instances:
            i.serve(8000, upstream=upstream_url)
        with lb.serve_http() as server:
            results["ec2lab front -> upstream"] = load(server.url, args.seconds, args.connections)
        cloud, lb, instances = stack()
        with lb.serve_http() as server:
            results["ec2lab front -> route table"] = load(server.url, args.seconds, args.connections)
    finally:
        if nginx is not None:
            nginx.close()
        if py_server is not None:
            py_server.shutdown()
            py_server.server_close()
    print(f"HTTP on loopback, {client}; upstream {'nginx return 200' if have_nginx else 'Python ThreadingHTTPServer'}:")
    for name, (rps, total, bad) in results.items():
        print(f"  {name:30s} {rps:10,.0f} req/s  ({total:,} requests, {bad} failed)")
    return results


if __name__ == "__main__":
    main()
