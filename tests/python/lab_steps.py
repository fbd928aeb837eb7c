"""Steps every lab's tests take: the starter notebook is stored clean and runs as a student first
runs it, a student's work saved and graded after a save/load round trip."""
from __future__ import annotations

import json


def starter_cells(lab) -> list:
    """The starter's cells, checked to be stored without outputs."""
    with open(lab.starter_path, encoding="utf-8") as f:
        nb = json.load(f)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    return nb["cells"]


def run_starter(lab, tmp_path, monkeypatch) -> dict:
    """Runs the starter's code cells in `tmp_path` (the tasks still commented out); returns their scope."""
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    for cell in starter_cells(lab):
        if cell["cell_type"] == "code":
            exec("".join(cell["source"]), scope)  # noqa: S102 - the lab's own starter
    return scope


def graded(lab, tmp_path, work=None, **how):
    """A fresh lab cloud, `work(cloud, **how)` (or the solution), saved and graded from the file."""
    cloud = lab.start()
    (work or (lambda c, **_: lab.solve(c)))(cloud, **how)
    path = tmp_path / "student.json"
    cloud.save(path)
    return lab.grade_file(path, lang="en")
