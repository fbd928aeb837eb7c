"""``python -m ec2lab grade`` and ``lab list|show|start``: a folder graded in parallel, broken
submissions isolated, the gradebook in CSV or JSON, English or Korean."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

import ec2lab.labs
from ec2lab.__main__ import main

LAB = ec2lab.labs.get("lifecycle")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("submissions")
    good = LAB.start()
    LAB.solve(good)
    good.save(d / "alice.json")
    half = LAB.start()
    half.run_instance("al2023", "t3.micro", tags={"Name": "web"}).wait_until_running()
    half.save(d / "bob.json")
    other = ec2lab.Cloud(region=LAB.region, seed=1)
    LAB.solve(other)
    other.save(d / "carol.json")
    doc = json.loads((d / "alice.json").read_text())
    doc["entries"][3]["params"]["InstanceType"] = "t2.nano"
    (d / "dave.json").write_text(json.dumps(doc))
    (d / "erin.json").write_text((d / "alice.json").read_text()[:-40])
    (d / "frank.json").write_text("not json at all")
    (d / "notes.txt").write_text("ignored")
    return d


def test_a_folder_is_graded_in_parallel_with_failures_isolated(folder, tmp_path):
    out = tmp_path / "grades.csv"
    r = subprocess.run([sys.executable, "-m", "ec2lab", "grade", "lifecycle", str(folder), "--out", str(out), "--jobs", "2"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stderr == ""
    assert "[##############################] 6/6" in r.stdout
    assert "lifecycle: 6 submissions, 2 graded, 4 refused, 0 broken" in r.stdout
    rows = {row["student"]: row for row in csv.DictReader(out.open(encoding="utf-8"))}
    assert sorted(rows) == ["alice", "bob", "carol", "dave", "erin", "frank"]
    assert (rows["alice"]["status"], rows["alice"]["score"]) == ("graded", "11")
    assert (rows["bob"]["status"], rows["bob"]["web-launched"], rows["bob"]["tidy"]) == ("graded", "2", "1")
    assert rows["bob"]["web-launched feedback"] == "web's instance type is not the one asked for."
    assert rows["carol"]["reason"].startswith("the seed: expected 2026, got 1.")
    assert rows["dave"]["reason"].startswith("entry 4 of ")
    assert "truncated" in rows["erin"]["reason"] and "not an ec2lab recording" in rows["frank"]["reason"]
    assert all(rows[s]["score"] == "0" for s in ("carol", "dave", "erin", "frank"))


def test_json_and_korean_gradebooks(folder, tmp_path):
    out = tmp_path / "grades.json"
    stdout = io.StringIO()
    assert main_with(stdout, ["grade", "lifecycle", str(folder), "--out", str(out), "--json", "--lang", "ko", "--jobs", "1"]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    bob = next(s for s in doc["submissions"] if s["student"] == "bob")
    assert bob["checks"][0]["feedback"] == "web의 인스턴스 유형이 요구한 유형이 아닙니다."
    assert "제출 6개, 채점 2, 거부 4, 오류 0" in stdout.getvalue()


def main_with(stdout, argv):
    from ec2lab.grading import gradebook

    a = argv
    return gradebook.main(a[1], a[2], a[4], as_json="--json" in a, lang=a[a.index("--lang") + 1], jobs=1, stdout=stdout)


def test_bad_invocations_say_why(tmp_path, capsys):
    assert main(["grade", "nosuchlab", str(tmp_path), "--out", str(tmp_path / "g.csv")]) == 2
    assert f"No lab 'nosuchlab': the labs are {', '.join(ec2lab.labs.names())}." in capsys.readouterr().out
    assert "instance_types, " in ", ".join(ec2lab.labs.names())  # sorted, comma-separated
    assert main(["grade", "lifecycle", str(tmp_path / "missing"), "--out", str(tmp_path / "g.csv")]) == 2


def test_lab_list_show_start(tmp_path, capsys, monkeypatch):
    assert main(["lab", "list"]) == 0
    assert "lifecycle" in capsys.readouterr().out
    assert main(["lab", "show", "lifecycle"]) == 0
    assert capsys.readouterr().out.startswith("# Lab: the instance lifecycle")
    monkeypatch.chdir(tmp_path)
    assert main(["lab", "start", "lifecycle"]) == 0
    assert (tmp_path / "lifecycle.ipynb").exists()
    assert main(["lab", "start", "lifecycle"]) == 1  # never overwrites the student's work
    assert "already exists" in capsys.readouterr().out


def test_a_grading_process_that_dies_costs_only_its_submissions(folder):
    from ec2lab.grading import gradebook

    class Ghost:  # a lab the worker processes cannot find: each of them stops at once
        name, max_score = "no_such_lab", 5

    paths = gradebook.submissions(str(folder))
    rows = dict(gradebook._in_processes(Ghost(), paths, "en", 2))
    assert sorted(rows) == sorted(paths)
    assert all(r["status"] == "error" and r["score"] == 0 for r in rows.values())
    assert all(r["reason"].startswith("RuntimeError: the grading process stopped: ValueError: No lab 'no_such_lab'") for r in rows.values())


def test_grading_works_whatever_the_parent_process_is(folder, tmp_path):
    # a parent with no main file (python -c): no multiprocessing re-import of __main__ to fail
    code = "import sys; from ec2lab.grading import gradebook; rows = gradebook.grade_folder('lifecycle', sys.argv[1], jobs=2); print(sorted(r['status'] for r in rows))"
    r = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True)
    assert r.stderr == ""
    assert r.stdout.strip() == str(["graded", "graded", "refused", "refused", "refused", "refused"])


def test_lab_list_lines_up_every_name(capsys):
    assert main(["lab", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    starts = {len(line) - len(line[line.index(" ") :].lstrip()) for line in lines}
    assert len(lines) == len(ec2lab.labs.names()) and len(starts) == 1, lines


def test_a_reader_that_goes_away_gets_no_traceback():
    """`python -m ec2lab lab show X | head -1`: the closed pipe ends the command quietly."""
    import os

    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written
    try:
        proc = subprocess.run([sys.executable, "-m", "ec2lab", "lab", "show", "load_balancer"], stdout=write_end, stderr=subprocess.PIPE, timeout=60)
    finally:
        os.close(write_end)
    assert proc.returncode == 1
    assert proc.stderr == b""
