"""Checks of the keep-your-data lab. The state is read through DescribeInstances,
DescribeVolumes and DescribeSnapshots; files through the guest (ec2lab ``ListDevices`` and
``ReadFile``), always in a replayed copy of the cloud (``queries.scratch``): reading a file marks
blocks as loaded and mounting formats a blank device, and a check must never change the cloud
it grades (nor the student's own cloud when ``lab.check`` runs on it). "The snapshot restores
the file" is proved in that copy too: a volume is made from the snapshot, attached to a fresh
instance and mounted, whatever the student did with it."""
from __future__ import annotations

from ec2lab.grading import check, criteria, failed, passed
from ec2lab.grading import queries as q

TITLE = {"en": "Keep your data: instance store, EBS, snapshots", "ko": "데이터 지키기: 인스턴스 스토어, EBS, 스냅샷"}
SEED = 2029
REGION = "us-east-1"
DOMAIN = "storage"

ORDERS = b"id,total\n1,30\n2,45\n"
LIVE = ["pending", "running", "stopping", "stopped"]


def _instance(cloud, name):
    found = q.instances(cloud, name=name, state=LIVE)
    return found[-1] if found else None


def _volume(cloud, name):
    found = q.describe(cloud, "describe_volumes", "Volumes", Filters=[{"Name": "tag:Name", "Values": [name]}])
    return sorted(found, key=lambda v: v["CreateTime"])[-1] if found else None


def _snapshots(cloud, volume_id):
    found = q.describe(cloud, "describe_snapshots", "Snapshots", OwnerIds=["self"], Filters=[{"Name": "volume-id", "Values": [volume_id]}])
    return sorted(found, key=lambda s: s["StartTime"])


def _no(what, name):
    return failed(f"No {what} tagged Name={name} exists.", f"Name={name} 태그가 붙은 {'인스턴스가' if what == 'instance' else '볼륨이'} 없습니다.")


def _file_through(copy, instance_id, volume_id):
    """orders.csv as ``instance_id`` reads it on the volume ``volume_id``, wherever it is mounted;
    None if not readable. A stopped instance is started first (in the copy: what a stop costs is
    graded once, by the checks that ask for running)."""
    ec2 = copy.client("ec2")
    state = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]["State"]["Name"]
    if state in ("stopping", "stopped"):
        ec2.get_waiter("instance_stopped").wait(InstanceIds=[instance_id])
        ec2.start_instances(InstanceIds=[instance_id])
    if state != "running":
        copy.run_until(lambda: ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]["State"]["Name"] == "running")
    try:
        devices = copy.client("ec2lab").list_devices(InstanceId=instance_id)["Devices"]
    except Exception:  # not running: no OS to ask
        return None
    for d in devices:
        if d.get("VolumeId") == volume_id and d.get("MountPath"):
            return q.read_file(copy, instance_id, d["MountPath"].rstrip("/") + "/orders.csv")
    return None


@check("db", 2, en="db: a running instance with an instance store", ko="db: 인스턴스 스토어가 있는 실행 중인 인스턴스")
def db_instance(cloud):
    db = _instance(cloud, "db")
    if db is None:
        return _no("instance", "db")
    facts = q.instance_type(cloud, db["InstanceType"])
    return criteria(
        (q.state(db) == "running", 1, f"db is {q.state(db)}, not running.", f"db가 실행 중(running)이 아니라 {q.state(db)} 상태입니다."),
        (facts["InstanceStorageSupported"], 1, "db's type has no instance store (local disk).", "db의 유형에는 인스턴스 스토어(로컬 디스크)가 없습니다."),
    )


@check("data-volume", 2, en="data: an EBS volume attached to db, holding /data/orders.csv", ko="data: db에 연결되어 /data/orders.csv를 담은 EBS 볼륨")
def data_volume(cloud):
    db, data = _instance(cloud, "db"), _volume(cloud, "data")
    if data is None:
        return _no("volume", "data")
    attached = db is not None and any(a["InstanceId"] == db["InstanceId"] and a["State"] == "attached" for a in data.get("Attachments", []))
    content = _file_through(q.scratch(cloud), db["InstanceId"], data["VolumeId"]) if attached else None
    return criteria(
        (attached, 1, "The data volume is not attached to db.", "data 볼륨이 db에 연결되어 있지 않습니다."),
        (content == ORDERS, 1, "db cannot read orders.csv with the lab's content on the data volume.", "db가 data 볼륨에서 실습 내용이 담긴 orders.csv를 읽을 수 없습니다."),
    )


@check("stop-start", 2, en="db was stopped and started again after the data volume was attached", ko="data 볼륨을 연결한 뒤 db를 중지했다가 다시 시작함")
def stop_start(cloud):
    db, data = _instance(cloud, "db"), _volume(cloud, "data")
    if db is None:
        return _no("instance", "db")
    attached = [a["AttachTime"] for a in (data or {}).get("Attachments", []) if a["InstanceId"] == db["InstanceId"]]
    if not attached:
        return failed("The data volume is not attached to db, so there is nothing to keep through a stop.", "data 볼륨이 db에 연결되어 있지 않아 중지를 거쳐 지킬 데이터가 없습니다.")
    # a start sets LaunchTime again; the attachment keeps its time
    if db["LaunchTime"] > attached[0]:
        return passed()
    return failed("db has not been stopped and started since the data volume was attached.", "data 볼륨을 연결한 뒤 db를 중지했다가 시작한 적이 없습니다.")


@check("snapshot", 3, en="a completed snapshot of the data volume that restores orders.csv", ko="orders.csv를 복원하는, 완료된 data 볼륨 스냅샷")
def snapshot(cloud):
    data = _volume(cloud, "data")
    if data is None:
        return _no("volume", "data")
    snaps = _snapshots(cloud, data["VolumeId"])
    if not snaps:
        return failed("There is no snapshot of the data volume.", "data 볼륨의 스냅샷이 없습니다.")
    snap = snaps[-1]
    return criteria(
        (True, 1, "", ""),
        (snap["State"] == "completed", 1, f"The latest snapshot of the data volume is {snap['State']}, not completed.", f"data 볼륨의 최신 스냅샷이 완료(completed)가 아니라 {snap['State']} 상태입니다."),
        (_restores(cloud, snap) == ORDERS, 1, "A volume restored from the latest snapshot has no orders.csv with the lab's content.", "최신 스냅샷으로 복원한 볼륨에 실습 내용이 담긴 orders.csv가 없습니다."),
    )


def _restores(cloud, snap):
    """orders.csv on a volume restored from ``snap``, in a scratch copy: a fresh instance in the
    snapshot volume's AZ gets the restored volume at /dev/sdf mounted at /check."""
    copy = q.scratch(cloud)
    ec2 = copy.client("ec2")
    volume = ec2.describe_volumes(VolumeIds=[snap["VolumeId"]])["Volumes"][0]
    az = volume["AvailabilityZone"]
    copy.run_until(lambda: ec2.describe_snapshots(SnapshotIds=[snap["SnapshotId"]])["Snapshots"][0]["State"] != "pending", timeout=24 * 3600)
    probe = copy.run_instance("al2023", "t3.micro", Placement={"AvailabilityZone": az}).wait_until_running()
    restored = copy.create_volume(az=az, snapshot=snap["SnapshotId"]).wait_until_available()
    restored.attach(probe, "/dev/sdf").wait_until_attached()
    probe.mount("/dev/sdf", "/check")
    return q.read_file(copy, probe.id, "/check/orders.csv")


@check("restored", 3, en="restored: a volume made from that snapshot, attached to report, where orders.csv can be read", ko="restored: 그 스냅샷으로 만든 볼륨이 report에 연결되어 orders.csv를 읽을 수 있음")
def restored(cloud):
    data, vol = _volume(cloud, "data"), _volume(cloud, "restored")
    if vol is None:
        return _no("volume", "restored")
    mine = {s["SnapshotId"] for s in _snapshots(cloud, data["VolumeId"])} if data else set()
    report = _instance(cloud, "report")
    attached = report is not None and any(a["InstanceId"] == report["InstanceId"] and a["State"] == "attached" for a in vol.get("Attachments", []))
    content = _file_through(q.scratch(cloud), report["InstanceId"], vol["VolumeId"]) if attached else None
    return criteria(
        (vol.get("SnapshotId") in mine, 1, "The restored volume was not made from a snapshot of the data volume.", "restored 볼륨이 data 볼륨의 스냅샷으로 만들어지지 않았습니다."),
        (attached, 1, "The restored volume is not attached to an instance tagged Name=report.", "restored 볼륨이 Name=report 인스턴스에 연결되어 있지 않습니다."),
        (content == ORDERS, 1, "report cannot read orders.csv with the lab's content on the restored volume.", "report가 restored 볼륨에서 실습 내용이 담긴 orders.csv를 읽을 수 없습니다."),
    )


CHECKS = [db_instance, data_volume, stop_start, snapshot, restored]
