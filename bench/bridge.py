"""boto3 benchmark: the same boto3 code against ec2lab (through ``ec2lab.mock_aws``) and against
moto (``moto.mock_aws``), each run in a fresh process, several runs, medians.

Workload (issue 7): the phases whose operations ec2lab implements, in order, the same API calls
for both (no waiter polls, as the issue counts them). Today: 200 instances in batches of 20
with tags, describe by tag, stop/start 100, a VPC with subnets and a security group, 50 volumes
attached and snapshotted, a load balancer (ALB in two AZs, 2 target groups, 100 targets, an
HTTP:80 listener, 20 path rules, target health, describe), terminate all. Each phase runs (for
both) as soon as ec2lab implements every operation it uses. Between phases ec2lab's virtual
clock is moved on (``cloud.advance``, timed with the phase) so the instances really are
running or stopped before the next call needs it; moto has no clock.

Also: trivial-call latency (``describe_regions`` and ``describe_instances`` on an empty region,
through boto3; ec2lab's native client for reference) and cold start in a fresh interpreter
(``import boto3`` alone, then ``import ec2lab`` + mock + client + first call).

Run: `make bench` or `.venv/bin/python bench/bridge.py [--runs N]`.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

X86 = "al2023-ami-2023*-x86_64"


# --- the workload: phases of (operations used, calls) ---------------------------------------------


def phase_create(ec2, s, settle):
    for b in range(10):
        r = ec2.run_instances(ImageId=s["image"], InstanceType="t3.micro", MinCount=20, MaxCount=20,
                              TagSpecifications=[{"ResourceType": "instance", "Tags": [
                                  {"Key": "batch", "Value": str(b)}, {"Key": "group", "Value": "even" if b % 2 == 0 else "odd"}]}])
        s["ids"] += [i["InstanceId"] for i in r["Instances"]]
    settle(60)  # boots take 10-40 s


def phase_describe(ec2, s, settle):
    pages = ec2.get_paginator("describe_instances").paginate(Filters=[{"Name": "tag:group", "Values": ["even"]}])
    found = [i["InstanceId"] for p in pages for r in p["Reservations"] for i in r["Instances"]]
    assert len(found) == 100, len(found)


def phase_stop_start(ec2, s, settle):
    half = s["ids"][:100]
    for k in range(0, 100, 20):
        ec2.stop_instances(InstanceIds=half[k:k + 20])
    settle(120)  # stops take 20-90 s
    for k in range(0, 100, 20):
        ec2.start_instances(InstanceIds=half[k:k + 20])
    settle(60)


def phase_network(ec2, s, settle):
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    s["subnets"] = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{n}.0/24", AvailabilityZone=f"us-east-1{z}")["Subnet"]["SubnetId"]
                    for n, z in enumerate("ab")]
    s["sg"] = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=s["sg"], IpPermissions=[{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    s["vpc"] = vpc


def phase_storage(ec2, s, settle):
    volumes = [ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, VolumeType="gp3")["VolumeId"] for _ in range(50)]
    settle(60)
    in_1a = [i["InstanceId"] for r in ec2.describe_instances(Filters=[{"Name": "availability-zone", "Values": ["us-east-1a"]},
                                                                       {"Name": "instance-state-name", "Values": ["running"]}])["Reservations"]
             for i in r["Instances"]]
    for volume, instance in zip(volumes, in_1a):
        ec2.attach_volume(VolumeId=volume, InstanceId=instance, Device="/dev/sdf")
    for volume in volumes:
        ec2.create_snapshot(VolumeId=volume)


def phase_elb(ec2, s, settle):
    """moto has elbv2's control plane (no health checks run there: its targets are whatever it
    says); ec2lab's health checks run on the virtual clock during ``settle``."""
    elbv2 = s["elbv2"]
    subnets = sorted(ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"], key=lambda n: n["AvailabilityZone"])[:2]
    vpc = subnets[0]["VpcId"]
    web = elbv2.create_target_group(Name="web", Protocol="HTTP", Port=8000, VpcId=vpc)["TargetGroups"][0]["TargetGroupArn"]
    books = elbv2.create_target_group(Name="books", Protocol="HTTP", Port=8000, VpcId=vpc, HealthCheckPath="/books/")["TargetGroups"][0]["TargetGroupArn"]
    lb = elbv2.create_load_balancer(Name="web-alb", Subnets=[n["SubnetId"] for n in subnets], Scheme="internet-facing", Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
    listener = elbv2.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": web}])["Listeners"][0]["ListenerArn"]
    for n in range(20):
        elbv2.create_rule(ListenerArn=listener, Priority=n + 1, Conditions=[{"Field": "path-pattern", "Values": [f"/section{n}/*"]}],
                          Actions=[{"Type": "forward", "TargetGroupArn": books}])
    targets = s["ids"][:100]
    for k in range(0, 100, 20):
        elbv2.register_targets(TargetGroupArn=web, Targets=[{"Id": i} for i in targets[k:k + 20]])
    elbv2.register_targets(TargetGroupArn=books, Targets=[{"Id": i} for i in targets[:10]])
    settle(120)  # the load balancer provisions; health checks run
    for arn in (web, books):
        health = elbv2.describe_target_health(TargetGroupArn=arn)["TargetHealthDescriptions"]
        assert len(health) == (100 if arn == web else 10), len(health)
    assert len(elbv2.describe_load_balancers(Names=["web-alb"])["LoadBalancers"]) == 1
    assert len(elbv2.describe_target_groups(LoadBalancerArn=lb)["TargetGroups"]) == 2
    assert len(elbv2.describe_rules(ListenerArn=listener)["Rules"]) == 21


def phase_terminate(ec2, s, settle):
    for k in range(0, len(s["ids"]), 20):
        ec2.terminate_instances(InstanceIds=s["ids"][k:k + 20])


# (name, service, operations the phase uses, function); a phase that calls more than one service
# names its operations by service ({"elbv2": [...], "ec2": [...]}).
PHASES = [
    ("create", "ec2", ["DescribeImages", "RunInstances", "DescribeInstances"], phase_create),
    ("describe", "ec2", ["DescribeInstances"], phase_describe),
    ("stop/start", "ec2", ["StopInstances", "StartInstances", "DescribeInstances"], phase_stop_start),
    ("network", "ec2", ["CreateVpc", "CreateSubnet", "CreateSecurityGroup", "AuthorizeSecurityGroupIngress"], phase_network),
    ("storage", "ec2", ["CreateVolume", "DescribeVolumes", "AttachVolume", "CreateSnapshot"], phase_storage),
    ("elb", "elbv2", {"elbv2": ["CreateTargetGroup", "CreateLoadBalancer", "CreateListener", "CreateRule", "RegisterTargets", "DescribeTargetHealth",
                                "DescribeLoadBalancers", "DescribeTargetGroups", "DescribeRules"], "ec2": ["DescribeSubnets"]}, phase_elb),
    ("terminate", "ec2", ["TerminateInstances", "DescribeInstances"], phase_terminate),
]


def operations_by_service(service: str, operations) -> dict:
    return dict(operations) if isinstance(operations, dict) else {service: list(operations)}


def runnable_phases():
    from ec2lab import _core

    out, skipped = [], []
    for name, service, ops, fn in PHASES:
        missing = sorted(op for svc, names in operations_by_service(service, ops).items() for op in set(names) - set(_core.Core.implemented_operations(svc)))
        (skipped if missing else out).append((name, missing) if missing else (name, fn))
    return out, skipped


def count_calls(client, calls=None) -> list:
    calls = [] if calls is None else calls
    client.meta.events.register("before-call", lambda **kw: calls.append(1))
    return calls


def workload(ec2, image, settle):
    """Seconds per phase, ``calls`` (API calls in all) and ``calls_by_phase``."""
    import boto3

    phases, _ = runnable_phases()
    calls = count_calls(ec2)
    # the other services' clients, made before the clock starts (botocore loads a service's model
    # when its client is made: tens of ms that are no phase's calls), counted like ec2's
    elbv2 = boto3.client("elbv2", region_name=ec2.meta.region_name, aws_access_key_id="x", aws_secret_access_key="x")
    count_calls(elbv2, calls)
    state, times, by_phase = {"image": image, "ids": [], "elbv2": elbv2}, {}, {}
    for name, fn in phases:
        before = len(calls)
        t = time.perf_counter()
        fn(ec2, state, settle)
        times[name] = time.perf_counter() - t
        by_phase[name] = len(calls) - before
    times["calls"] = len(calls)
    times["calls_by_phase"] = by_phase
    return times


def waiter_run(ec2, image) -> float:
    """Seconds for 20 instances launched and waited for with botocore's instance_running
    waiter (ec2lab: its sleeps move the virtual clock; moto: running at once)."""
    t = time.perf_counter()
    ids = [i["InstanceId"] for i in ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=20, MaxCount=20)["Instances"]]
    ec2.get_waiter("instance_running").wait(InstanceIds=ids)
    return time.perf_counter() - t


def per_call(fn, n=500, blocks=5) -> float:
    """Seconds per call: the best of ``blocks`` blocks of ``n`` calls (the machine is shared;
    the best block is the least disturbed one)."""
    fn()
    best = float("inf")
    for _ in range(blocks):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - t) / n)
    return best


# --- workers (each in a fresh process) -----------------------------------------------------------


def worker(kind: str) -> dict:
    import boto3

    if kind == "ec2lab":
        import ec2lab

        mock = ec2lab.mock_aws()
    else:
        from moto import mock_aws

        mock = mock_aws()
    with mock:
        ec2 = boto3.client("ec2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
        if kind == "ec2lab":
            image = ec2.describe_images(Filters=[{"Name": "name", "Values": [X86]}])["Images"][0]["ImageId"]
        else:
            image = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": ["amzn2-ami-*"]}])["Images"][0]["ImageId"]
        settle = mock.cloud.advance if kind == "ec2lab" else (lambda seconds: None)
        out = {"phases": workload(ec2, image, settle)}
        out["waiter"] = waiter_run(ec2, image)
        empty = boto3.client("ec2", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x")
        out["describe_regions"] = per_call(empty.describe_regions)
        out["describe_instances_empty"] = per_call(empty.describe_instances)
        if kind == "ec2lab":
            native = mock.cloud.client("ec2", region_name="eu-west-1")
            out["native_describe_instances_empty"] = per_call(native.describe_instances)
            out["breakdown"] = breakdown(mock.cloud)
    return out


def breakdown(cloud) -> dict:
    """Where a trivial boto3 call's time goes (describe_instances on an empty region), us."""
    import boto3
    import botocore.useragent
    from botocore.awsrequest import AWSResponse

    from ec2lab import bridge

    client = boto3.client("ec2", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x")
    total = per_call(client.describe_instances)
    core = per_call(lambda: cloud._core.call("ec2", "eu-west-1", "DescribeInstances", {}))
    # botocore alone: the same pipeline, answered by a canned before-call handler
    floor = boto3.client("ec2", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x")
    canned = (AWSResponse("https://ec2.eu-west-1.amazonaws.com/", 200, {}, bridge._NO_BODY), {"Reservations": [], "ResponseMetadata": {}})
    floor.meta.events.register_last("before-call", lambda **kw: canned)  # before the bridge's (registered at the first call)
    botocore_only = per_call(floor.describe_instances)
    cached = botocore.useragent.UserAgentString.to_string
    botocore.useragent.UserAgentString.to_string = bridge._installed["ua_to_string"]
    try:
        uncached = per_call(client.describe_instances)
    finally:
        botocore.useragent.UserAgentString.to_string = cached
    return {"total": total, "botocore": botocore_only, "core": core, "bridge": total - botocore_only - core, "total_without_ua_cache": uncached}


COLD = {
    "boto3": "import time; t=time.perf_counter(); import boto3; print(time.perf_counter()-t)",
    "ec2lab": (
        "import time; t=time.perf_counter(); import boto3; t1=time.perf_counter(); import ec2lab; t2=time.perf_counter()\n"
        "m=ec2lab.mock_aws(); m.start(); t3=time.perf_counter()\n"
        "c=boto3.client('ec2', region_name='us-east-1'); t4=time.perf_counter(); c.describe_regions(); t5=time.perf_counter()\n"
        "print(t1-t, t2-t1, t3-t2, t4-t3, t5-t4)"
    ),
    "moto": (
        "import time; t=time.perf_counter(); import boto3; t1=time.perf_counter(); import moto; t2=time.perf_counter()\n"
        "m=moto.mock_aws(); m.start(); t3=time.perf_counter()\n"
        "c=boto3.client('ec2', region_name='us-east-1'); t4=time.perf_counter(); c.describe_regions(); t5=time.perf_counter()\n"
        "print(t1-t, t2-t1, t3-t2, t4-t3, t5-t4)"
    ),
}


def fresh(args: list) -> str:
    # Byte-code cached, as after `pip install` (which compiles it): without this, a machine
    # with PYTHONDONTWRITEBYTECODE=1 would compile ec2lab's sources in every cold start.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, check=True, env=env).stdout


def median_of(runs: list, key) -> float:
    return statistics.median(key(r) for r in runs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="fresh processes per backend (medians are reported)")
    ap.add_argument("--worker", choices=["ec2lab", "moto"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return
    try:
        import moto  # noqa: F401
        kinds = ["ec2lab", "moto"]
    except ImportError:
        kinds = ["ec2lab"]
        print("moto is not installed: ec2lab only (make bench installs it)")
    runs = {k: [json.loads(fresh([__file__, "--worker", k])) for _ in range(args.runs)] for k in kinds}
    phases, skipped = runnable_phases()
    names = [n for n, _ in phases]
    print(f"workload through boto3, median of {args.runs} fresh processes each ({runs['ec2lab'][0]['phases']['calls']} API calls)")
    for name, missing in skipped:
        print(f"  (phase {name!r} skipped: ec2lab does not implement {', '.join(missing)} yet)")
    print(f"{'phase':<12}{'calls':>7}{'ec2lab ms':>12}{'us/call':>10}" + (f"{'moto ms':>12}{'us/call':>10}{'moto/ec2lab':>13}" if "moto" in runs else ""))
    for p in names + ["total"]:
        key = (lambda r: sum(r["phases"][n] for n in names)) if p == "total" else (lambda r, p=p: r["phases"][p])
        n = runs["ec2lab"][0]["phases"]["calls"] if p == "total" else runs["ec2lab"][0]["phases"]["calls_by_phase"][p]
        a = median_of(runs["ec2lab"], key)
        line = f"{p:<12}{n:>7}{a * 1000:>12.1f}{a / n * 1e6:>10.0f}"
        if "moto" in runs:
            b = median_of(runs["moto"], key)
            line += f"{b * 1000:>12.1f}{b / n * 1e6:>10.0f}{b / a:>12.1f}x"
        print(line)
    print("(ec2lab's phase times include the virtual time it runs between calls: boots, stops, health checks)")
    line = f"\n20 instances + instance_running waiter: ec2lab {median_of(runs['ec2lab'], lambda r: r['waiter']) * 1000:.1f} ms"
    if "moto" in runs:
        line += f", moto {median_of(runs['moto'], lambda r: r['waiter']) * 1000:.1f} ms"
    print(line + " (ec2lab's waiter polls while the instances boot in virtual time)")
    print("\ntrivial call latency through boto3 (median, us per call)")
    for key in ("describe_regions", "describe_instances_empty"):
        line = f"  {key:<28}ec2lab {median_of(runs['ec2lab'], lambda r: r[key]) * 1e6:8.1f}"
        if "moto" in runs:
            line += f"   moto {median_of(runs['moto'], lambda r: r[key]) * 1e6:8.1f}"
        print(line)
    print(f"  {'(ec2lab native client)':<28}ec2lab {median_of(runs['ec2lab'], lambda r: r['native_describe_instances_empty']) * 1e6:8.1f}")
    parts = {k: median_of(runs["ec2lab"], lambda r, k=k: r["breakdown"][k]) * 1e6 for k in runs["ec2lab"][0]["breakdown"]}
    print(f"  where the {parts['total']:.0f} us of describe_instances go: botocore's own pipeline (validation, endpoint "
          f"rules, serialisation, events) {parts['botocore']:.0f}, the core (Core.call) {parts['core']:.0f}, the bridge's "
          f"handlers {parts['bridge']:.0f}; without the bridge's User-Agent cache it would be {parts['total_without_ua_cache']:.0f}")

    print(f"\ncold start in a fresh interpreter, byte-code cached (median of {args.runs}, ms)")
    boto3_only = statistics.median(float(fresh(["-c", COLD["boto3"]])) for _ in range(args.runs))
    print(f"  import boto3 alone: {boto3_only * 1000:.1f}")
    labels = ("import boto3", "import lib", "mock start", "boto3.client('ec2')", "first call")
    for kind in kinds:
        fresh(["-c", COLD[kind]])  # writes the byte-code caches
        parts = [[float(x) for x in fresh(["-c", COLD[kind]]).split()] for _ in range(args.runs)]
        med = [statistics.median(p[i] for p in parts) for i in range(len(labels))]
        beyond = sum(med[1:])
        ours = med[1] + med[2] + med[4]
        print(f"  {kind:<7}" + ", ".join(f"{label} {v * 1000:.1f}" for label, v in zip(labels, med))
              + f"  => beyond import boto3: {beyond * 1000:.1f} (of which botocore loading the ec2 model in client(): {med[3] * 1000:.1f}; the rest {ours * 1000:.1f})")


if __name__ == "__main__":
    main()
