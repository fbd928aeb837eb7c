"""The pytest plugin in a separate pytest run (a subprocess): fixtures, markers, a refused
submission, Gradescope results.json, and the same results under pytest-xdist."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import ec2lab
import ec2lab.labs

TESTS = '''
import pytest
import ec2lab.labs
from ec2lab.grading import queries as q

LAB = ec2lab.labs.get("lifecycle")

@pytest.mark.points(3)
def test_web_runs(submission):
    """web is running"""
    web = q.instances(submission, name="web", state="running")
    assert web, "no running instance named web"

@pytest.mark.points(2)
def test_web_protected(submission):
    web = q.instances(submission, name="web")
    assert web and q.attribute(submission, web[0]["InstanceId"], "disableApiTermination"), "web is not protected"

@pytest.mark.points(1.5)
@pytest.mark.parametrize("check", LAB.checks, ids=lambda c: c.id)
def test_lab_check(submission, check):
    credit = check.run(submission)
    assert credit.fraction == 1, credit.en

@pytest.mark.ec2lab(seed=5, region="eu-west-1")
def test_cloud_fixture(cloud, ec2lab_cloud):
    assert (cloud.seed, cloud.region, ec2lab_cloud.seed) == (5, "eu-west-1", 5)
    assert cloud is not ec2lab_cloud
'''


def _run(tmp_path, *args):
    (tmp_path / "test_grade.py").write_text(TESTS)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], cwd=tmp_path, capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def submissions(tmp_path_factory):
    folder = tmp_path_factory.mktemp("subs")
    lab = ec2lab.labs.get("lifecycle")
    good = lab.start()
    lab.solve(good)
    good.save(folder / "good.json")
    half = lab.start()
    half.run_instance(tags={"Name": "web"}).wait_until_running()
    half.save(folder / "half.json")
    (folder / "torn.json").write_text((folder / "good.json").read_text()[:200])
    return folder


def _results(tmp_path, submission, *more):
    out = tmp_path / f"results-{len(more)}.json"
    r = _run(tmp_path, f"--ec2lab-submission={submission}", "--ec2lab-lab=lifecycle", f"--ec2lab-results={out}", *more)
    return r, json.loads(out.read_text())


def test_a_good_submission_scores_full_marks(tmp_path, submissions):
    r, res = _results(tmp_path, submissions / "good.json")
    assert r.returncode == 0, r.stdout
    assert (res["score"], res["max_score"]) == (3 + 2 + 5 * 1.5 + 1, 3 + 2 + 5 * 1.5 + 1)
    names = [t["name"] for t in res["tests"]]
    assert "web is running" in names and "test_web_protected" in names and "test_lab_check[tidy]" in names


def test_partial_work_gets_the_points_of_what_passes_and_the_reasons(tmp_path, submissions):
    _, res = _results(tmp_path, submissions / "half.json")
    by_name = {t["name"]: t for t in res["tests"]}
    assert by_name["web is running"]["score"] == 3
    t = by_name["test_web_protected"]
    assert (t["score"], t["max_score"]) == (0, 2) and t["output"].startswith("AssertionError: web is not protected")
    assert by_name["test_lab_check[batch-resized]"]["output"].startswith("AssertionError: No instance tagged Name=batch exists")
    assert res["score"] == 3 + 1.5 + 1.5 + 1  # web runs; lab checks web-launched and tidy; the cloud fixture test


def test_a_refused_submission_fails_every_test_that_uses_it(tmp_path, submissions):
    r, res = _results(tmp_path, submissions / "torn.json")
    assert r.returncode == 1
    graded = [t for t in res["tests"] if t["name"] != "test_cloud_fixture"]
    assert all(t["score"] == 0 for t in graded)
    assert "the file ends early (truncated?)" in graded[0]["output"]


def test_xdist_gives_the_same_results(tmp_path, submissions):
    _, serial = _results(tmp_path, submissions / "half.json")
    r, parallel = _results(tmp_path, submissions / "half.json", "-n", "2")
    assert "bringing up nodes" in r.stdout, r.stdout
    assert parallel == serial


def test_without_the_option_no_results_are_written_and_our_conftest_cloud_wins(tmp_path, cloud):
    r = _run(tmp_path, "-k", "cloud_fixture")
    assert r.returncode == 0, r.stdout
    assert not list(tmp_path.glob("results*.json"))
    # this test's `cloud` comes from tests/python/conftest.py (seed 0), which overrides the plugin's
    assert cloud.seed == 0
