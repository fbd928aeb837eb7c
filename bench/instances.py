"""Instance workload benchmark: ec2lab's native client vs boto3 + moto, in the same run.

Workload (issue 2): create 200 instances in batches of 20 with tags, describe them by a tag
filter, stop and start 100 of them, terminate all. ec2lab also moves its virtual clock so
that the instances really are running before they are stopped (moto has no clock).

Run: `make bench` or `.venv/bin/python bench/instances.py [--repeat N]`.
Prints per-phase wall times (best of N) and the ratio to moto; and the cold start
(`import ec2lab` + `Cloud()` + first call) measured in a fresh interpreter.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time

BATCHES, BATCH = 10, 20
PHASES = ("create", "describe", "stop/start", "terminate")


def workload(ec2, image_id, advance):
    """Runs the workload on a boto3-shaped client; returns seconds per phase."""
    times = {}
    t = time.perf_counter()
    ids = []
    for b in range(BATCHES):
        r = ec2.run_instances(
            ImageId=image_id, InstanceType="t3.micro", MinCount=BATCH, MaxCount=BATCH,
            TagSpecifications=[{"ResourceType": "instance", "Tags": [
                {"Key": "batch", "Value": str(b)}, {"Key": "group", "Value": "even" if b % 2 == 0 else "odd"}]}],
        )
        ids += [i["InstanceId"] for i in r["Instances"]]
    times["create"] = time.perf_counter() - t
    advance(120)

    t = time.perf_counter()
    found = [i["InstanceId"] for page in [ec2.describe_instances(Filters=[{"Name": "tag:group", "Values": ["even"]}])]
             for res in page["Reservations"] for i in res["Instances"]]
    assert len(found) == 100, len(found)
    times["describe"] = time.perf_counter() - t

    t = time.perf_counter()
    half = ids[:100]
    for k in range(0, 100, 20):
        ec2.stop_instances(InstanceIds=half[k:k + 20])
    advance(300)
    for k in range(0, 100, 20):
        ec2.start_instances(InstanceIds=half[k:k + 20])
    times["stop/start"] = time.perf_counter() - t
    advance(120)

    t = time.perf_counter()
    for k in range(0, 200, 20):
        ec2.terminate_instances(InstanceIds=ids[k:k + 20])
    times["terminate"] = time.perf_counter() - t
    return times


def run_ec2lab():
    import ec2lab

    cloud = ec2lab.Cloud(seed=0)
    ec2 = cloud.client("ec2")
    image = ec2.describe_images(Filters=[{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])["Images"][0]["ImageId"]
    return workload(ec2, image, cloud.advance)


def run_moto():
    import boto3
    from moto import mock_aws

    with mock_aws():
        ec2 = boto3.client("ec2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
        image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
        return workload(ec2, image, lambda s: None)


COLD = "import time; t=time.perf_counter(); import ec2lab; c=ec2lab.Cloud(); c.client('ec2').describe_regions(); print(time.perf_counter()-t)"


def best(fn, repeat):
    runs = [fn() for _ in range(repeat)]
    return {p: min(r[p] for r in runs) for p in PHASES}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    cold = min(float(subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True, check=True).stdout) for _ in range(5))
    ours = best(run_ec2lab, args.repeat)
    try:
        import moto  # noqa: F401
        theirs = best(run_moto, max(1, args.repeat // 2))
    except ImportError:
        theirs = None
    print(f"cold start (import ec2lab + Cloud() + first call): {cold * 1000:.1f} ms")
    print(f"{'phase':<12}{'ec2lab ms':>12}" + (f"{'moto ms':>12}{'ratio':>10}" if theirs else ""))
    for p in PHASES + ("total",):
        a = sum(ours.values()) if p == "total" else ours[p]
        line = f"{p:<12}{a * 1000:>12.2f}"
        if theirs:
            b = sum(theirs.values()) if p == "total" else theirs[p]
            line += f"{b * 1000:>12.1f}{b / a:>9.0f}x"
        print(line)


if __name__ == "__main__":
    main()
