"""The keep-your-data lab: the solution earns full marks; realistic wrong submissions earn the
partial marks and the feedback expected, after a save/load round trip; and the checks, which
read files and restore a volume in a replayed copy, leave the graded cloud exactly as it was."""
from __future__ import annotations

import json

import pytest

import ec2lab
import ec2lab.labs
from ec2lab.labs.keep_your_data.solution import ORDERS

LAB = ec2lab.labs.get("keep-your-data")
FULL = {"db": 2, "data-volume": 2, "stop-start": 2, "snapshot": 3, "restored": 3}


def work(cloud, db_type="m5d.large", restart=True, snapshot_before_write=False, wait_snapshot=True, attach_restored=True, end_stopped=False):
    """The lab done by a student who may get one thing wrong."""
    db = cloud.run_instance("al2023", db_type, tags={"Name": "db"}, Placement={"AvailabilityZone": "us-east-1a"}).wait_until_running()
    if db_type == "m5d.large":
        db.mount("ephemeral0", "/scratch")
        db.write_file("/scratch/cache.txt", b"temporary")
    data = cloud.create_volume(8, "gp3", az="us-east-1a", tags={"Name": "data"}).wait_until_available()
    data.attach(db, "/dev/sdf").wait_until_attached()
    db.mount("/dev/sdf", "/data")
    if snapshot_before_write:  # the backup is taken first, the file written after it
        backup = data.snapshot(tags={"Name": "data-backup"}).wait_until_completed()
    db.write_file("/data/orders.csv", ORDERS)
    if restart:
        db.stop().wait_until_stopped()
        db.start().wait_until_running()
    if not snapshot_before_write:
        backup = data.snapshot(tags={"Name": "data-backup"})
        if wait_snapshot:
            backup.wait_until_completed()
    if not wait_snapshot:  # the student moves on while it is pending and restores nothing
        return
    report = cloud.run_instance("al2023", "t3.micro", tags={"Name": "report"}, Placement={"AvailabilityZone": "us-east-1b"}).wait_until_running()
    restored = backup.create_volume(az="us-east-1b", tags={"Name": "restored"}).wait_until_available()
    if attach_restored:
        restored.attach(report, "/dev/sdf").wait_until_attached()
        report.mount("/dev/sdf", "/restored")
    else:  # tries db (us-east-1a): refused, another AZ; gives up
        with pytest.raises(ec2lab.ClientError):
            restored.attach(db, "/dev/sdg")
    if end_stopped:
        db.stop().wait_until_stopped()


def graded(tmp_path, **how):
    cloud = LAB.start()
    work(cloud, **how)
    path = tmp_path / "student.json"
    cloud.save(path)
    return LAB.grade_file(path, lang="en")


def test_the_lab_is_listed_with_its_files():
    assert "keep_your_data" in ec2lab.labs.names()
    assert (LAB.seed, LAB.region, LAB.max_score) == (2029, "us-east-1", 12)
    assert "인스턴스 스토어" in LAB.readme()
    with open(LAB.starter_path, encoding="utf-8") as f:
        nb = json.load(f)
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")


def test_the_solution_earns_full_marks(tmp_path):
    cloud = LAB.start()
    LAB.solve(cloud)
    cloud.save(tmp_path / "solution.json")
    report = LAB.grade_file(tmp_path / "solution.json")
    assert report.points() == FULL and report.score == report.max_score == 12
    assert all(r.feedback["en"] == "" for r in report.results)


def test_grading_leaves_the_cloud_as_it_was(tmp_path):
    """The checks read files and restore a volume, in a copy: the graded cloud's state digest is
    unchanged (Describe* calls and CanConnect read only), so is the student's live cloud."""
    cloud = LAB.start()
    LAB.solve(cloud)
    before = cloud.digest
    volumes = len(cloud.volumes())
    assert LAB.check(cloud).score == 12
    assert cloud.digest == before and len(cloud.volumes()) == volumes
    cloud.save(tmp_path / "after-check.json")  # and the recording, checks included, still replays
    assert LAB.grade_file(tmp_path / "after-check.json").score == 12


def test_an_empty_submission_earns_nothing():
    report = LAB.grade(LAB.start(), lang="ko")
    assert report.score == 0
    assert report["db"].feedback["ko"] == "Name=db 태그가 붙은 인스턴스가 없습니다."


CASES = [
    # (how the student went wrong, points that differ from full marks, the feedback it must show)
    (dict(db_type="t3.micro"), {"db": 1}, ("db", "db's type has no instance store (local disk).")),
    (dict(restart=False), {"stop-start": 0}, ("stop-start", "db has not been stopped and started since the data volume was attached.")),
    (
        dict(snapshot_before_write=True),
        {"snapshot": 2, "restored": 2},
        ("snapshot", "A volume restored from the latest snapshot has no orders.csv with the lab's content."),
    ),
    (dict(wait_snapshot=False), {"snapshot": 2, "restored": 0}, ("snapshot", "The latest snapshot of the data volume is pending, not completed.")),
    (dict(attach_restored=False), {"restored": 1}, ("restored", "The restored volume is not attached to an instance tagged Name=report. report cannot read orders.csv with the lab's content on the restored volume.")),
    (dict(end_stopped=True), {"db": 1}, ("db", "db is stopped, not running.")),
]


@pytest.mark.parametrize("how, points, feedback", CASES, ids=["-".join(f"{k}={v}" for k, v in c[0].items()) for c in CASES])
def test_a_wrong_submission_earns_the_expected_partial_marks(tmp_path, how, points, feedback):
    report = graded(tmp_path, **how)
    assert report.points() == {**FULL, **points}
    check_id, text = feedback
    assert report[check_id].feedback["en"] == text
    assert report[check_id].feedback["ko"] != text


def test_why_files_are_read_in_a_copy():
    """ReadFile on a volume restored from a snapshot loads its blocks (lazy loading), which is
    state: read on the graded cloud, it would change the digest. queries.scratch reads in a replay."""
    from ec2lab.grading import queries as q

    cloud = LAB.start()
    LAB.solve(cloud)
    report = q.instances(cloud, name="report")[0]["InstanceId"]
    before = cloud.digest
    copy = q.scratch(cloud)
    assert copy.digest == before and copy is not cloud
    assert q.read_file(copy, report, "/restored/orders.csv") == ORDERS
    assert copy.digest != before and cloud.digest == before
    assert q.read_file(copy, report, "/restored/nothing.csv") is None
