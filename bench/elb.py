"""ELB benchmark: the cost of one `lb.request(...)` from Python (RouteRequest through the door:
listener, rules, round robin over 2 healthy targets, the app, the recording), for the apps an
instance can serve: the default route table, a Python callable, and (if asked) a real upstream.

Also the bare door (`cloud._core.call("ec2lab", ..., "RouteRequest", ...)`), to show what the
Python objects add. Virtual time does not move; each call is recorded (the log grows).

Run: `make bench` or `.venv/bin/python bench/elb.py [--calls N] [--repeat N]`.
"""
from __future__ import annotations

import argparse
import statistics
import time


def stack():
    """Default VPC, 2 instances in AZ a/b behind an internet-facing ALB (HTTP:80 → group web:8000), healthy."""
    import ec2lab

    cloud = ec2lab.Cloud(seed=0)
    ec2, elbv2 = cloud.client("ec2"), cloud.client("elbv2")
    vpc = cloud.default_vpc()
    subnets = sorted(ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"], key=lambda s: s["AvailabilityZone"])[:2]
    web_sg = vpc.create_security_group("web-sg", "web")
    lb_sg = vpc.create_security_group("lb-sg", "lb").allow_inbound(80, "0.0.0.0/0")
    web_sg.allow_inbound(8000, lb_sg)
    instances = [cloud.run_instance("al2023", "t3.micro", SubnetId=s["SubnetId"], SecurityGroupIds=[web_sg.id]) for s in subnets]
    lb_arn = elbv2.create_load_balancer(Name="web", Subnets=[s["SubnetId"] for s in subnets], SecurityGroups=[lb_sg.id])["LoadBalancers"][0]["LoadBalancerArn"]
    tg_arn = elbv2.create_target_group(Name="web", Protocol="HTTP", Port=8000, VpcId=vpc.id)["TargetGroups"][0]["TargetGroupArn"]
    elbv2.create_listener(LoadBalancerArn=lb_arn, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg_arn}])
    for i in instances:
        i.wait_until_running()
        i.serve(8000)
    cloud.target_group("web").register(*instances).wait_until_healthy()
    return cloud, cloud.load_balancer("web"), instances


def per_call(fn, calls: int, repeat: int) -> float:
    """Median over `repeat` runs of the microseconds per call."""
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(calls):
            fn()
        runs.append((time.perf_counter() - t) / calls * 1e6)
    return statistics.median(runs)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    results = {}

    cloud, lb, instances = stack()
    assert lb.request("/").status == 200
    results["lb.request, route table app"] = per_call(lambda: lb.request("/"), args.calls, args.repeat)
    params = {"LoadBalancer": lb.arn, "Path": "/"}
    core, region = cloud._core, cloud.region
    results["_core.call RouteRequest (bare door)"] = per_call(lambda: core.call("ec2lab", region, "RouteRequest", params), args.calls, args.repeat)

    cloud, lb, instances = stack()
    for i in instances:
        i.serve(8000, lambda request: "hi from python")
    assert lb.request("/").text == "hi from python"
    results["lb.request, Python callable app"] = per_call(lambda: lb.request("/"), args.calls, args.repeat)

    print(f"lb.request per call ({args.calls} calls x {args.repeat} runs, median):")
    for name, us in results.items():
        print(f"  {name:40s} {us:8.1f} us/call  ({1e6 / us:,.0f} calls/s)")
    return results


if __name__ == "__main__":
    main()
