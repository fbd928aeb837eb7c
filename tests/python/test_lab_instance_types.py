"""The instance-types lab: the solution earns full marks; wrong choices earn the partial marks and
the feedback expected (after a save/load round trip)."""
from __future__ import annotations

import pytest

import ec2lab.labs
from ec2lab.labs.instance_types.solution import CHOICES

LAB = ec2lab.labs.get("instance-types")
FULL = {"api": 2, "cache": 2, "encoder": 2, "dev": 1, "scratchdisk": 1}


def graded(tmp_path, **changes):
    cloud = LAB.start()
    for name, (image, itype) in {**CHOICES, **changes}.items():
        if itype is not None:
            cloud.run_instance(image, itype, tags={"Name": name})
    cloud.save(tmp_path / "student.json")
    return LAB.grade_file(tmp_path / "student.json", lang="en")


def test_the_lab_is_listed():
    assert LAB.name == "instance_types" and "instance_types" in ec2lab.labs.names()
    assert (LAB.region, LAB.max_score) == ("us-east-1", 8)


def test_the_solution_earns_full_marks(tmp_path):
    cloud = LAB.start()
    LAB.solve(cloud)
    cloud.save(tmp_path / "s.json")
    assert LAB.grade_file(tmp_path / "s.json").points() == FULL


CASES = [
    ({"api": ("al2023", "m7i.large")}, {"api": 1.5}, "api's type does not run on Arm (arm64)."),
    ({"api": ("al2023-arm", "m6g.xlarge")}, {"api": 1.5}, "api's type has 4 vCPUs and 16 GiB; the workload needs 2 and 8."),
    ({"cache": ("al2023", "r7i.xlarge")}, {"cache": 1.5}, "cache's type has 4 vCPUs: more than the workload pays for."),
    ({"cache": ("al2023", "m7i.large")}, {"cache": 1}, "cache's type is not memory optimized. cache's type has 8 GiB of memory; the workload needs at least 16."),
    ({"encoder": ("al2023-arm", "c7g.xlarge")}, {"encoder": 1.5}, "encoder's type is not x86_64 (the encoder is an x86 binary)."),
    ({"encoder": ("al2023", "c4.xlarge")}, {"encoder": 1.5}, "encoder's type is a previous generation."),
    ({"dev": ("al2023", "t3.micro")}, {"dev": 0}, "dev's type is not free tier eligible in this region."),
    ({"scratchdisk": ("al2023", "m7i.large")}, {"scratchdisk": 0.5}, "scratchdisk's type has no instance store: its disks are all EBS."),
    ({"scratchdisk": (None, None)}, {"scratchdisk": 0}, "No instance tagged Name=scratchdisk exists (or it was terminated)."),
]


@pytest.mark.parametrize("changes, points, feedback", CASES, ids=[f"{k}={v[1]}" for c in CASES for k, v in c[0].items()])
def test_a_wrong_choice_earns_the_expected_partial_marks(tmp_path, changes, points, feedback):
    report = graded(tmp_path, **changes)
    assert report.points() == {**FULL, **points}
    (check_id,) = points
    assert report[check_id].feedback["en"] == feedback
    assert report[check_id].feedback["ko"] != feedback
