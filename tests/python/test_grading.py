"""ec2lab.grading: credit, criteria, reports, a check that breaks, the queries."""
from __future__ import annotations

import pytest

import ec2lab
from ec2lab.grading import Check, Credit, check, criteria, failed, grade, partial, passed
from ec2lab.grading import queries as q


@check("two", 4, en="two instances run", ko="인스턴스 두 개 실행")
def two(cloud):
    n = len(q.instances(cloud, state="running"))
    return criteria((n >= 1, 1, "none runs", "실행 중인 것이 없음"), (n >= 2, 1, "only one runs", "하나만 실행 중"))


@check("broken", 1, en="a check with a bug", ko="버그가 있는 확인")
def broken(cloud):
    raise KeyError("Reservations")


def test_criteria_weighs_and_lists_what_is_missing():
    c = criteria((True, 1, "a", "가"), (False, 3, "b", "나"), (False, 1, "c", "다"))
    assert (c.fraction, c.en, c.ko) == (0.2, "b c", "나 다")
    assert passed().fraction == 1 and failed("x", "y").fraction == 0 and partial(0.5, "x", "y").fraction == 0.5
    with pytest.raises(ValueError):
        Credit(1.5)
    with pytest.raises(ValueError):
        Check("x", 0, "en", "ko", lambda c: True)


def test_a_report_gives_points_feedback_and_survives_a_broken_check(ec2lab_cloud):
    ec2lab_cloud.run_instance().wait_until_running()
    report = grade(ec2lab_cloud, [two, broken, Check("bool", 1, "returns a bool", "", lambda c: True)], lang="en")
    assert report.points() == {"two": 2, "broken": 0, "bool": 1}
    assert (report.score, report.max_score) == (3, 6)
    assert report["two"].feedback == {"en": "only one runs", "ko": "하나만 실행 중"}
    assert report["broken"].error and report["broken"].feedback["en"] == "The check could not run (KeyError: 'Reservations')."
    assert "Score: 3/6" in str(report) and "총점: 3/6" in report.text("ko")
    assert "<table>" in report._repr_html_()
    assert report.to_dict()["checks"][0] == {"id": "two", "points": 2, "max_points": 4, "description": "two instances run", "feedback": "only one runs"}


def test_queries_read_through_describe_calls(ec2lab_cloud):
    web = ec2lab_cloud.run_instance(tags={"Name": "web", "env": "lab"})
    ec2lab_cloud.run_instance(instance_type="t3.micro")
    web.wait_until_running()
    assert [i["InstanceId"] for i in q.instances(ec2lab_cloud, name="web", tags={"env": "lab"})] == [web.id]
    assert len(q.instances(ec2lab_cloud, type="t3.micro")) == 1
    assert q.tag(q.instances(ec2lab_cloud, name="web")[0], "env") == "lab"
    assert q.attribute(ec2lab_cloud, web.id, "disableApiTermination") is False
    assert q.attribute(ec2lab_cloud, web.id, "instanceInitiatedShutdownBehavior") == "stop"
    assert q.image(ec2lab_cloud, web.image_id)["Name"].startswith("al2023-ami-")
    assert q.image(ec2lab_cloud, "ami-00000000000000000") is None
    assert len(q.describe(ec2lab_cloud, "describe_regions", "Regions")) == len(ec2lab._core.Core.regions())


def test_grading_is_imported_lazily():
    import subprocess
    import sys

    code = "import sys, ec2lab; print(any(m.startswith(('ec2lab.grading', 'ec2lab.labs')) for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_a_lab_setup_prepares_the_cloud_and_is_part_of_the_recording(tmp_path, monkeypatch):
    import ec2lab.labs

    lab = ec2lab.labs.get("lifecycle")
    monkeypatch.setattr(lab.module, "setup", lambda cloud: cloud.run_instance(tags={"Name": "given"}), raising=False)
    cloud = lab.start()
    assert [q.tag(i, "Name") for i in q.instances(cloud)] == ["given"]
    cloud.save(tmp_path / "s.json")
    assert [q.tag(i, "Name") for i in q.instances(lab.load(tmp_path / "s.json"))] == ["given"]
