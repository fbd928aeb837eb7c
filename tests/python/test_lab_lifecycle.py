"""The lifecycle lab: the solution earns full marks, and realistic wrong submissions earn the
partial marks and the feedback expected, after a save/load round trip (what the grader sees)."""
from __future__ import annotations

import pytest

import ec2lab
import ec2lab.labs

LAB = ec2lab.labs.get("lifecycle")
FULL = {"web-launched": 3, "web-protected": 2, "batch-resized": 3, "scratch-shutdown": 2, "tidy": 1}


def work(cloud, web_type="t2.micro", web_image="al2023", protect=True, resize="stopped", restart_batch=False, scratch="os", linger=0):
    """The lab done by a student who may get one thing wrong."""
    ec2 = cloud.client("ec2")
    web = cloud.run_instance(web_image, web_type, tags={"Name": "web"})
    batch = cloud.run_instance("al2023", "t2.micro", tags={"Name": "batch"})
    extra = {"InstanceInitiatedShutdownBehavior": "terminate"} if scratch != "stop-behaviour" else {}
    sc = cloud.run_instance("al2023", "t2.micro", tags={"Name": "scratch"}, **extra)
    if protect:
        ec2.modify_instance_attribute(InstanceId=web.id, DisableApiTermination={"Value": True})
    for i in (web, batch, sc):
        i.wait_until_running()
    if resize == "running":  # refused (IncorrectInstanceState); the student gives up
        with pytest.raises(ec2lab.ClientError):
            batch.modify(InstanceType="t3.small")
    else:
        batch.stop().wait_until_stopped()
        batch.modify(InstanceType="t3.small")
    if restart_batch:
        batch.start().wait_until_running()
    if scratch == "api":
        sc.terminate().wait_until_terminated()
    elif scratch == "stop-behaviour":
        sc.shutdown_from_os().wait_until_stopped()
    else:
        sc.shutdown_from_os().wait_until_terminated()
    if linger:
        cloud.advance(linger)


def graded(tmp_path, **how):
    cloud = LAB.start()
    work(cloud, **how)
    path = tmp_path / "student.json"
    cloud.save(path)
    return LAB.grade_file(path, lang="en")


def test_the_lab_is_listed_with_its_files():
    assert "lifecycle" in ec2lab.labs.names()
    assert (LAB.seed, LAB.region, LAB.max_score) == (2026, "ap-northeast-2", 11)
    assert "termination protection" in LAB.readme()
    import json

    with open(LAB.starter_path, encoding="utf-8") as f:
        nb = json.load(f)
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")


def test_the_solution_earns_full_marks(tmp_path):
    cloud = LAB.start()
    LAB.solve(cloud)
    cloud.save(tmp_path / "solution.json")
    report = LAB.grade_file(tmp_path / "solution.json")
    assert report.points() == FULL and report.score == report.max_score == 11
    assert all(r.feedback["en"] == "" for r in report.results)


def test_an_empty_submission_earns_nothing_and_is_told_what_is_missing():
    report = LAB.grade(LAB.start(), lang="ko")
    assert report.score == 0
    assert report["web-launched"].feedback["ko"] == "Name=web 태그가 붙은 인스턴스가 없습니다(또는 종료되었습니다)."


CASES = [
    # (how the student went wrong, points that differ from full marks, a feedback it must show)
    (dict(web_type="t3.micro"), {"web-launched": 2}, ("web-launched", "web's instance type is not the one asked for.")),
    (dict(web_image="ubuntu-24.04"), {"web-launched": 2}, ("web-launched", "web was not launched from an Amazon Linux 2023 AMI.")),
    (dict(protect=False), {"web-protected": 0}, ("web-protected", "web can still be terminated through the API.")),
    (dict(restart_batch=True), {"batch-resized": 2, "tidy": 0}, ("batch-resized", "batch is running; it should end stopped.")),
    (dict(resize="running"), {"batch-resized": 0, "tidy": 0}, ("tidy", "1 instance(s) other than web are running and would be billed.")),
    (dict(scratch="api"), {"scratch-shutdown": 1}, ("scratch-shutdown", "scratch was terminated through the API, not by a shutdown from inside its OS.")),
    (dict(scratch="stop-behaviour"), {"scratch-shutdown": 0}, ("scratch-shutdown", "scratch is stopped, not terminated: what a shutdown inside the OS does depends on an attribute.")),
    (dict(linger=3 * 3600), {"scratch-shutdown": 0}, ("scratch-shutdown", "No instance tagged Name=scratch is listed (terminated instances stay listed for about an hour of virtual time).")),
]


@pytest.mark.parametrize("how, points, feedback", CASES, ids=[next(iter(c[0])) + "=" + str(next(iter(c[0].values()))) for c in CASES])
def test_a_wrong_submission_earns_the_expected_partial_marks(tmp_path, how, points, feedback):
    report = graded(tmp_path, **how)
    assert report.points() == {**FULL, **points}
    check_id, text = feedback
    assert report[check_id].feedback["en"] == text
    assert report[check_id].feedback["ko"] != text  # and a Korean one


def test_the_feedback_does_not_give_the_answer(tmp_path):
    report = graded(tmp_path, web_type="t3.micro")
    assert "t2.micro" not in report["web-launched"].feedback["en"]


def test_a_submission_from_another_seed_is_refused(tmp_path):
    cloud = ec2lab.Cloud(region=LAB.region, seed=LAB.seed + 1)
    LAB.solve(cloud)
    cloud.save(tmp_path / "other.json")
    with pytest.raises(ec2lab.ReplayError, match="the seed: expected 2026, got 2027"):
        LAB.grade_file(tmp_path / "other.json")
