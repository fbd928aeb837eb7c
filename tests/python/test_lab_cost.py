"""The cost lab: the solution earns full marks within the budget; realistic wrong submissions
(everything On-Demand, the web tier on Spot, leftovers kept, a one-time Spot request ...) earn
the partial marks and the feedback expected, after a save/load round trip."""
from __future__ import annotations

import pytest

import ec2lab
import ec2lab.labs
import lab_steps
from ec2lab import purchase

LAB = ec2lab.labs.get("cost")
FULL = {"web": 3, "web-commitment": 3, "batch": 3, "no-waste": 3, "budget": 3}


def work(cloud, clean=True, reserve=True, web_spot=False, batch_spot=True, persistent=True, tag_batch=True):
    """The lab done by a student who may get one thing wrong."""
    ec2 = cloud.client("ec2")
    if clean:
        for i in cloud.instances():
            if i.state == "stopped":
                i.terminate()
        for v in ec2.describe_volumes(Filters=[{"Name": "status", "Values": ["available"]}])["Volumes"]:
            ec2.delete_volume(VolumeId=v["VolumeId"])
        for a in ec2.describe_addresses()["Addresses"]:
            ec2.release_address(AllocationId=a["AllocationId"])
    if web_spot:
        reqs = cloud.request_spot("al2023", "m5.large", count=2)
        cloud.run_until(lambda: all(r.instance is not None for r in reqs), timeout=600)
        web = [r.instance for r in reqs]
        for w in web:
            w.add_tags(Role="web")
    else:
        web = [cloud.run_instance("al2023", "m5.large", tags={"Role": "web"}) for _ in range(2)]
    if reserve:
        offering = purchase.reserved_offerings(cloud, "m5.large")[0]
        purchase.buy_reserved(cloud, offering["ReservedInstancesOfferingId"], count=2)
    if batch_spot:
        req = cloud.request_spot("al2023", "c5.xlarge", persistent=persistent, interruption="stop" if persistent else "terminate")[0]
        cloud.run_until(lambda: req.instance is not None, timeout=600)
        batch = req.instance
    else:
        batch = cloud.run_instance("al2023", "c5.xlarge")
    if tag_batch:
        batch.add_tags(Role="batch")
    cloud.advance(120)


def graded(tmp_path, **how):
    return lab_steps.graded(LAB, tmp_path, work, **how)


def test_the_lab_is_listed_and_starts_with_last_months_leftovers():
    assert "cost" in ec2lab.labs.names()
    assert (LAB.seed, LAB.region, LAB.max_score) == (2051, "us-east-1", 15)
    lab_steps.starter_cells(LAB)
    cloud = LAB.start()
    by = cloud.forecast_bill(720).by_resource()
    assert sum(by.values()) > 20  # a stopped server's 100 GB, a loose 200 GB volume, an idle address
    report = LAB.check(cloud)
    assert report.score == 0
    assert report["no-waste"].feedback["en"] == ("1 stopped instance(s) still keep EBS volumes you pay for. 1 volume(s) are attached to nothing and still billed "
                                                 "per GB-month. 1 Elastic IP address(es) are associated with nothing and billed by the hour.")
    assert report["budget"].feedback["en"] == "Neither the web tier nor the batch job runs: a budget met by running nothing does not count."


def test_the_starter_notebook_runs_and_saves_a_submission(tmp_path, monkeypatch):
    lab_steps.run_starter(LAB, tmp_path, monkeypatch)
    assert LAB.grade_file(tmp_path / "cost.json").score == 0


def test_the_solution_earns_full_marks_within_the_budget(tmp_path):
    cloud = LAB.start()
    LAB.solve(cloud)
    before = cloud.digest
    assert LAB.check(cloud).score == 15 and cloud.digest == before  # checks only read
    assert cloud.forecast_bill(720).total <= 150
    cloud.save(tmp_path / "solution.json")
    report = LAB.grade_file(tmp_path / "solution.json")
    assert report.points() == FULL and report.score == report.max_score == 15
    assert report["budget"].feedback["en"].startswith("The next 30 days: $")


CASES = [
    (dict(clean=False), {"no-waste": 0}, ("no-waste", None)),
    (dict(reserve=False), {"web-commitment": 0}, ("web-commitment", "0% of the web servers' next 30 days of compute is covered by a Reserved Instance or a Savings Plan.")),
    (dict(batch_spot=False), {"batch": 0}, ("batch", "The batch server is billed On-Demand, not at the Spot price. After a Spot interruption, nothing would start the batch server again.")),
    (dict(persistent=False), {"batch": 2}, ("batch", "After a Spot interruption, nothing would start the batch server again.")),
    (dict(tag_batch=False), {"batch": 0}, ("batch", "No running c5.xlarge instance is tagged Role=batch.")),
    (dict(web_spot=True), {"web": 2, "web-commitment": 0}, ("web", "2 web server(s) can be interrupted by EC2 at two minutes' notice: the shop would go down with them.")),
]


@pytest.mark.parametrize("how, points, feedback", CASES, ids=[f"{i}-" + "-".join(f"{k}={v}" for k, v in c[0].items()) for i, c in enumerate(CASES)])
def test_a_wrong_submission_earns_the_expected_partial_marks(tmp_path, how, points, feedback):
    report = graded(tmp_path, **how)
    got = report.points()
    budget = got.pop("budget")
    assert got == {k: v for k, v in {**FULL, **points}.items() if k != "budget"}
    check_id, text = feedback
    if text is not None:
        assert report[check_id].feedback["en"] == text
    assert report[check_id].feedback["ko"] and report[check_id].feedback["ko"] != report[check_id].feedback["en"]
    print(how, budget, report["budget"].feedback["en"])
    if how in (dict(clean=False), dict(reserve=False), dict(batch_spot=False)):
        assert budget < 3 and "over the budget of $150" in report["budget"].feedback["en"]  # each one alone breaks the budget
