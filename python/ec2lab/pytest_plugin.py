"""pytest plugin (entry point ``pytest11``; loaded whenever ec2lab is installed).

Fixtures: ``ec2lab_cloud`` / ``cloud`` (a fresh seeded Cloud per test) and ``submission`` (a
student's recording, replayed and verified). Marker ``points(n)`` gives a test's weight;
``--ec2lab-results PATH`` writes a Gradescope ``results.json``. Under pytest-xdist the workers
send their reports to the controller, which alone writes the file.

A ``cloud`` fixture defined in a conftest.py overrides this one (pytest's usual rule: the
nearest definition wins); ``ec2lab_cloud`` is always this plugin's.
"""
from __future__ import annotations

import json
import os

import pytest

_POINTS = "ec2lab_points"
_NAME = "ec2lab_name"


def pytest_addoption(parser):
    g = parser.getgroup("ec2lab")
    g.addoption("--ec2lab-seed", type=int, default=None, help="seed of the `cloud` fixture (default 0; a marker wins)")
    g.addoption("--ec2lab-submission", default=None, metavar="PATH", help="the recording the `submission` fixture replays")
    g.addoption("--ec2lab-lab", default=None, metavar="LAB", help="the lab the submission belongs to: its seed is required")
    g.addoption("--ec2lab-results", default=None, metavar="PATH", help="write a Gradescope results.json (score, max_score, tests)")


def pytest_configure(config):
    config.addinivalue_line("markers", "points(n): the test is worth n points in --ec2lab-results (default 1)")
    config.addinivalue_line(
        "markers", "ec2lab(seed=None, region=None, submission=None, lab=None): how the `cloud` and `submission` fixtures are made"
    )
    if config.getoption("--ec2lab-results") and not hasattr(config, "workerinput"):
        config.pluginmanager.register(_Results(config.getoption("--ec2lab-results")), "ec2lab-results")


def _marker(request, key, default=None):
    m = request.node.get_closest_marker("ec2lab")
    return m.kwargs.get(key, default) if m is not None else default


def _new_cloud(request):
    import ec2lab

    seed = _marker(request, "seed")
    if seed is None:
        seed = request.config.getoption("--ec2lab-seed")
    return ec2lab.Cloud(region=_marker(request, "region", "us-east-1"), seed=0 if seed is None else seed)


@pytest.fixture
def ec2lab_cloud(request):
    """A fresh simulated account for this test: seed from ``@pytest.mark.ec2lab(seed=N)`` or
    ``--ec2lab-seed`` (default 0), region from the marker (default us-east-1)."""
    return _new_cloud(request)


@pytest.fixture
def cloud(request):
    """Same as ``ec2lab_cloud``."""
    return _new_cloud(request)


@pytest.fixture
def submission(request):
    """The student's cloud: the recording at ``@pytest.mark.ec2lab(submission=PATH)`` or
    ``--ec2lab-submission PATH``, replayed in a fresh cloud and verified. With a lab
    (marker ``lab=`` or ``--ec2lab-lab``) a recording made with another seed is refused. A
    refused recording fails the test with the reason."""
    import ec2lab

    path = _marker(request, "submission") or request.config.getoption("--ec2lab-submission")
    if not path:
        pytest.fail("No submission to grade: pass --ec2lab-submission PATH (or mark the test ec2lab(submission=PATH)).", pytrace=False)
    lab = _marker(request, "lab") or request.config.getoption("--ec2lab-lab")
    seed = None
    if lab:
        import ec2lab.labs

        seed = ec2lab.labs.get(lab).seed
    try:
        return ec2lab.Cloud.load(path, seed=seed)
    except (ec2lab.ReplayError, OSError) as e:
        pytest.fail(f"The submission {path} was refused: {e}", pytrace=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # user_properties travel with the report from an xdist worker to the controller; only added
    # when results are asked for (they would show up in other reports, e.g. JUnit XML)
    if call.when == "setup" and item.config.getoption("--ec2lab-results"):
        m = item.get_closest_marker("points")
        points = float(m.args[0]) if m is not None and m.args else 1.0
        doc = (getattr(item.obj, "__doc__", None) or "").strip().splitlines() if hasattr(item, "obj") else []
        item.user_properties.append((_POINTS, points))
        item.user_properties.append((_NAME, doc[0] if doc else item.name))
    yield


class _Results:
    """Collects every test's outcome on the controller and writes results.json at the end."""

    def __init__(self, path: str):
        self.path = path
        self.tests: dict = {}

    def pytest_runtest_logreport(self, report):
        props = dict(report.user_properties)
        if _POINTS not in props:
            return
        entry = self.tests.setdefault(report.nodeid, {"name": props[_NAME], "max_score": props[_POINTS], "ok": True, "output": ""})
        if report.failed or (report.skipped and report.when != "teardown"):
            if entry["ok"]:
                entry["output"] = _output(report)
            entry["ok"] = False

    def pytest_sessionfinish(self, session):
        tests = []
        for nodeid in sorted(self.tests):
            t = self.tests[nodeid]
            tests.append({"name": t["name"], "score": t["max_score"] if t["ok"] else 0.0, "max_score": t["max_score"], "output": t["output"]})
        doc = {
            "score": round(sum(t["score"] for t in tests), 4),
            "max_score": round(sum(t["max_score"] for t in tests), 4),
            "tests": tests,
        }
        folder = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(folder, exist_ok=True)
        with open(self.path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=2)


def _output(report) -> str:
    if report.skipped:
        return "skipped"
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None and getattr(crash, "message", None):
        # the first line: the assertion's message (pytest's explanation below it names objects by address)
        return crash.message.strip().splitlines()[0]
    return str(report.longrepr).strip().splitlines()[-1] if report.longrepr else "failed"
