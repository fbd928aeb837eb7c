"""A small web stack for the ELB object and HTTP front tests, built through the public objects:
the default VPC, two instances (AZ a and b) in group web-sg, an internet-facing ALB "web" in
both AZs (group lb-sg, 80 open to the internet) with an HTTP:80 listener forwarding to target
group "web" (port 8000) where both instances are registered. web-sg opens 8000 to lb-sg. Nothing
is served yet; the load balancer is active."""
from __future__ import annotations

import http.server
import json
import threading
from types import SimpleNamespace


def web_stack(cloud, servers: int = 2, port: int = 8000):
    ec2, elbv2 = cloud.client("ec2"), cloud.client("elbv2")
    vpc = cloud.default_vpc()
    subnets = sorted(ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"], key=lambda s: s["AvailabilityZone"])[:2]
    web_sg = vpc.create_security_group("web-sg", "web servers")
    lb_sg = vpc.create_security_group("lb-sg", "load balancer").allow_inbound(80, "0.0.0.0/0")
    web_sg.allow_inbound(port, lb_sg)
    instances = [
        cloud.run_instance("al2023", "t3.micro", SubnetId=subnets[i % 2]["SubnetId"], SecurityGroupIds=[web_sg.id]) for i in range(servers)
    ]
    lb_arn = elbv2.create_load_balancer(Name="web", Subnets=[s["SubnetId"] for s in subnets], SecurityGroups=[lb_sg.id])["LoadBalancers"][0]["LoadBalancerArn"]
    tg_arn = elbv2.create_target_group(Name="web", Protocol="HTTP", Port=port, VpcId=vpc.id)["TargetGroups"][0]["TargetGroupArn"]
    listener = elbv2.create_listener(LoadBalancerArn=lb_arn, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg_arn}])
    for i in instances:
        i.wait_until_running()
    lb = cloud.load_balancer("web")
    tg = cloud.target_group("web").register(*instances)
    lb.wait_until_active()
    return SimpleNamespace(cloud=cloud, lb=lb, tg=tg, instances=instances, ids=[i.id for i in instances], web_sg=web_sg, lb_sg=lb_sg,
                           listener_arn=listener["Listeners"][0]["ListenerArn"], port=port)


class Echo(http.server.BaseHTTPRequestHandler):
    """A real upstream: answers every method with a JSON echo of what it received; `/chunked`
    answers in chunks, `/slow` after `Echo.slow` seconds, `/status/NNN` with that status."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall
    slow = 1.5

    def _answer(self):
        import time

        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if "/slow" in self.path:
            time.sleep(self.slow)
        status = int(self.path.rsplit("/", 1)[1]) if "/status/" in self.path else 200
        data = json.dumps({"method": self.command, "path": self.path, "host": self.headers.get("Host"), "body": body.decode("utf-8", "replace"),
                           "headers": {k.lower(): v for k, v in self.headers.items()}}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Upstream", "echo")
        if "/chunked" in self.path:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(0, len(data), 7):
                part = data[i:i + 7]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, *args):  # nothing on stderr
        pass


class Upstream:
    """A threaded echo server on 127.0.0.1 (a context manager): `.url`."""

    def __init__(self):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
