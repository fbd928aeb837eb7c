"""Storage benchmark: the storage phase of the fixed workload, ec2lab's native client vs boto3 + moto
in the same run; and the cost of snapshotting a 1 GiB volume with 1 % vs 100 % of its blocks
changed, through the Python surface.

Workload (issue 3): 10 instances in one AZ (set up, not timed), then 50 volumes (CreateVolume
with tags), 50 attachments (5 per instance), 50 snapshots (one per volume), and the listings
(DescribeVolumes by attachment, DescribeSnapshots of the account). ec2lab moves its virtual
clock between phases so volumes really are available / attached / snapshots completed (moto
has no clock).

Incremental snapshots: a 1 GiB gp3 volume is filled through the guest view (write_file, about
97 % of its 512 KiB blocks), snapshotted, then 1 % of its blocks are rewritten and it is
snapshotted again, then every file is rewritten (100 %) and snapshotted a third time; last, a
16 TiB volume with 10 MiB on it. Each line reports the wall time of CreateSnapshot alone and
until it completes in virtual time, and the bytes the snapshot stores. Blocks are shared, not
copied, so the cost follows the written blocks (a pointer comparison each), never the volume's size.

Run: `make bench` or `.venv/bin/python bench/storage.py [--repeat N]`.
"""
from __future__ import annotations

import argparse
import time

INSTANCES, PER_INSTANCE = 10, 5
DEVICES = [f"/dev/sd{c}" for c in "fghij"]
PHASES = ("volumes", "attach", "snapshots", "describe")


def workload(ec2, image_id, az, advance):
    """Runs the storage workload on a boto3-shaped client; returns seconds per phase."""
    r = ec2.run_instances(ImageId=image_id, InstanceType="t3.micro", MinCount=INSTANCES, MaxCount=INSTANCES, Placement={"AvailabilityZone": az})
    instances = [i["InstanceId"] for i in r["Instances"]]
    advance(120)
    times = {}

    t = time.perf_counter()
    volumes = []
    for n in range(INSTANCES * PER_INSTANCE):
        v = ec2.create_volume(AvailabilityZone=az, Size=8 + n % 8, VolumeType="gp3",
                              TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "bench", "Value": str(n % 5)}]}])
        volumes.append(v["VolumeId"])
    times["volumes"] = time.perf_counter() - t
    advance(60)

    t = time.perf_counter()
    for n, vol in enumerate(volumes):
        ec2.attach_volume(VolumeId=vol, InstanceId=instances[n // PER_INSTANCE], Device=DEVICES[n % PER_INSTANCE])
    times["attach"] = time.perf_counter() - t
    advance(60)

    t = time.perf_counter()
    for vol in volumes:
        ec2.create_snapshot(VolumeId=vol, Description="bench")
    times["snapshots"] = time.perf_counter() - t
    advance(3600)

    t = time.perf_counter()
    attached = ec2.describe_volumes(Filters=[{"Name": "attachment.instance-id", "Values": instances[:5]}])["Volumes"]
    assert len(attached) >= 25, len(attached)
    snaps = ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]
    assert len(snaps) >= 50, len(snaps)
    times["describe"] = time.perf_counter() - t
    return times


def run_ec2lab():
    import ec2lab

    cloud = ec2lab.Cloud(seed=0)
    ec2 = cloud.client("ec2")
    image = ec2.describe_images(Filters=[{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])["Images"][0]["ImageId"]
    return workload(ec2, image, "us-east-1a", cloud.advance)


def run_moto():
    import boto3
    from moto import mock_aws

    with mock_aws():
        ec2 = boto3.client("ec2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
        image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
        return workload(ec2, image, "us-east-1a", lambda s: None)


def best(fn, repeat):
    runs = [fn() for _ in range(repeat)]
    return {p: min(r[p] for r in runs) for p in PHASES}


MIB = 1024 * 1024
FILE = 16 * MIB


def incremental(repeat):
    """Snapshots of a 1 GiB volume: first (every written block), 1 % changed, 100 % changed.
    Each changed case is repeated ``repeat`` times (rewrite, then snapshot); best time kept."""
    import ec2lab

    cloud = ec2lab.Cloud(seed=0)
    web = cloud.run_instance("al2023", "t3.micro").wait_until_running()
    vol = cloud.create_volume(1, "gp3", az=web.az).wait_until_available()
    vol.attach(web, "/dev/sdf").wait_until_attached()
    web.mount("/dev/sdf", "/data")
    files = 62  # 992 MiB of the 1024: the rest holds the file table
    for n in range(files):
        web.write_file(f"/data/f{n:02d}", bytes([n + 1]) * FILE)

    def snap():
        t = time.perf_counter()
        s = vol.snapshot()  # `vol` is rebound to the 16 TiB volume for the last row
        created = time.perf_counter() - t
        cloud.run_until(lambda: s.state == "completed", timeout=24 * 3600)
        return created, time.perf_counter() - t, s

    def best(label, change, times):
        runs = []
        for k in range(times):
            change(k)
            runs.append(snap())
        created, total, s = min(runs, key=lambda r: r[1])
        return label, created, total, s.stored_bytes, s.stored_blocks

    rows = [best("first snapshot (all written blocks)", lambda k: None, 1)]
    # about 20 of 2048 blocks: a 10 MiB file rewritten
    rows.append(best("1 % of blocks changed", lambda k: web.write_file("/data/f00", bytes([200 + k]) * (10 * MIB)), repeat))

    def rewrite_all(k):
        for n in range(files):
            web.write_file(f"/data/f{n:02d}", bytes([(n + 101 + k) % 256]) * FILE)

    rows.append(best("100 % of blocks changed", rewrite_all, max(1, repeat // 2)))

    # The volume's size does not matter, only what was written: 16 TiB with 10 MiB on it.
    big = cloud.create_volume(16384, "gp3", az=web.az).wait_until_available()
    big.attach(web, "/dev/sdg").wait_until_attached()
    web.mount("/dev/sdg", "/big")
    web.write_file("/big/f", b"\x01" * (10 * MIB))
    vol = big
    rows.append(best("16 TiB volume, 10 MiB written", lambda k: web.write_file("/big/f", bytes([k + 2]) * (10 * MIB)), repeat))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    ours = best(run_ec2lab, args.repeat)
    try:
        import moto  # noqa: F401
        theirs = best(run_moto, max(1, args.repeat // 2))
    except ImportError:
        theirs = None
    print(f"storage workload: {INSTANCES * PER_INSTANCE} volumes, {INSTANCES * PER_INSTANCE} attachments, {INSTANCES * PER_INSTANCE} snapshots (best of {args.repeat})")
    print(f"{'phase':<12}{'ec2lab ms':>12}" + (f"{'moto ms':>12}{'ratio':>10}" if theirs else ""))
    for p in PHASES + ("total",):
        a = sum(ours.values()) if p == "total" else ours[p]
        line = f"{p:<12}{a * 1000:>12.2f}"
        if theirs:
            b = sum(theirs.values()) if p == "total" else theirs[p]
            line += f"{b * 1000:>12.1f}{b / a:>9.0f}x"
        print(line)
    print()
    print("snapshots of a 1 GiB volume (wall time of CreateSnapshot, and until completed in virtual time; best of runs):")
    print(f"{'':<38}{'create ms':>10}{'total ms':>10}{'stored':>14}{'blocks':>9}")
    for label, created, total, stored, blocks in incremental(args.repeat):
        print(f"{label:<38}{created * 1000:>10.2f}{total * 1000:>10.2f}{stored / MIB:>10.1f} MiB{blocks:>9}")


if __name__ == "__main__":
    main()
