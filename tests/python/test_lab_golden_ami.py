"""The golden-AMI lab: the solution earns full marks; realistic wrong submissions earn the partial
marks and the feedback expected, after a save/load round trip; the page is read in a copy, so
grading leaves the cloud as it was."""
from __future__ import annotations

import json

import pytest

import ec2lab
import ec2lab.labs
from ec2lab.labs.golden_ami.solution import PAGE

LAB = ec2lab.labs.get("golden-ami")
FULL = {"image": 2, "fleet": 3, "configured": 3, "seoul": 3}


def work(cloud, image_first=False, fleet=3, fleet_from="image", copy=True, wait_copy=True, name_in_seoul="golden-web-v1"):
    """The lab done by a student who may get one thing wrong."""
    builder = cloud.run_instance("al2023", "t3.micro", tags={"Name": "builder"}).wait_until_running()
    if image_first:  # captured before configuring: the image has no page
        image = builder.create_image("golden-web-v1").wait_until_available()
        builder.write_file("/var/www/html/index.html", PAGE)
    else:
        builder.write_file("/var/www/html/index.html", PAGE)
        image = builder.create_image("golden-web-v1").wait_until_available()
    if fleet:
        if fleet_from == "image":
            image.launch("t3.micro", count=fleet, tags={"Name": "web"}).wait_until_running()
        else:  # the fleet from the base AMI, configured by hand
            for web in cloud.run_instances(fleet, "al2023", "t3.micro", tags={"Name": "web"}).wait_until_running():
                web.write_file("/var/www/html/index.html", PAGE)
    if copy:
        seoul = image.copy("ap-northeast-2", name=name_in_seoul)
        if wait_copy:
            seoul.wait_until_available()
    builder.terminate()


def graded(tmp_path, **how):
    cloud = LAB.start()
    work(cloud, **how)
    path = tmp_path / "student.json"
    cloud.save(path)
    return LAB.grade_file(path, lang="en")


def test_the_lab_is_listed_with_its_files():
    assert "golden_ami" in ec2lab.labs.names()
    assert (LAB.seed, LAB.region, LAB.max_score) == (2030, "us-east-1", 11)
    assert "ap-northeast-2" in LAB.readme()
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


def test_grading_leaves_the_cloud_as_it_was():
    cloud = LAB.start()
    LAB.solve(cloud)
    before = cloud.digest
    assert LAB.check(cloud).score == 11
    assert cloud.digest == before


def test_an_empty_submission_earns_nothing():
    report = LAB.grade(LAB.start(), lang="ko")
    assert report.score == 0
    assert report["seoul"].feedback["ko"] == "서울(ap-northeast-2)에 golden-web-v1라는 이름의 내 이미지가 없습니다."


CASES = [
    # (how the student went wrong, points that differ from full marks, the feedback it must show)
    (
        dict(image_first=True),
        {"configured": 0},
        ("configured", "An instance of the fleet has no /var/www/html/index.html: the image does not hold the configuration."),
    ),
    (dict(fleet_from="base"), {"fleet": 0, "configured": 0}, ("fleet", "No running instance was launched from golden-web-v1.")),
    (dict(fleet=2), {"fleet": 2}, ("fleet", "2 running instance(s) were launched from golden-web-v1; the fleet is 3.")),
    (dict(copy=False), {"seoul": 0}, ("seoul", "You own no image named golden-web-v1 in Seoul (ap-northeast-2).")),
    (dict(wait_copy=False), {"seoul": 2}, ("seoul", "The copy in Seoul is pending, not available.")),
    (dict(name_in_seoul="golden-web-seoul"), {"seoul": 0}, ("seoul", "You own no image named golden-web-v1 in Seoul (ap-northeast-2).")),
]


@pytest.mark.parametrize("how, points, feedback", CASES, ids=["-".join(f"{k}={v}" for k, v in c[0].items()) for c in CASES])
def test_a_wrong_submission_earns_the_expected_partial_marks(tmp_path, how, points, feedback):
    report = graded(tmp_path, **how)
    assert report.points() == {**FULL, **points}
    check_id, text = feedback
    assert report[check_id].feedback["en"] == text
    assert report[check_id].feedback["ko"] != text
