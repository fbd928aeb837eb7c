"""Labs: one folder each (``README.md`` instructions, ``starter.ipynb``, ``solution.py``,
``checks.py``). A folder with a ``checks.py`` is a lab; adding a lab adds a folder, nothing else.

    >>> import ec2lab.labs
    >>> [lab.name for lab in ec2lab.labs.list()]
    >>> lab = ec2lab.labs.get("lifecycle")
    >>> cloud = lab.start()          # the lab's region and seed
    >>> ...                          # the student's work, through any surface
    >>> lab.check(cloud)             # feedback while working
    >>> cloud.save("lifecycle.json") # the submission: the recorded actions
"""
from __future__ import annotations

import builtins as _builtins
import importlib as _importlib
import os as _os

_HERE = _os.path.dirname(__file__)


class Lab:
    """One lab: its folder, metadata and checks (``checks.py``: ``TITLE``, ``SEED``, ``REGION``,
    ``CHECKS``, and optionally ``setup(cloud)``: what the lab's cloud holds before the student
    starts, made through the API like everything else, so it is part of the recording)."""

    def __init__(self, name: str):
        self.name = name
        self.path = _os.path.join(_HERE, name)
        self._checks = None

    @property
    def module(self):
        if self._checks is None:
            self._checks = _importlib.import_module(f"ec2lab.labs.{self.name}.checks")
        return self._checks

    def title(self, lang: str = "en") -> str:
        return self.module.TITLE.get(lang) or self.module.TITLE["en"]

    @property
    def seed(self) -> int:
        return self.module.SEED

    @property
    def region(self) -> str:
        return self.module.REGION

    @property
    def checks(self) -> list:
        return _builtins.list(self.module.CHECKS)

    @property
    def max_score(self) -> float:
        return sum(c.points for c in self.checks)

    @property
    def readme_path(self) -> str:
        return _os.path.join(self.path, "README.md")

    @property
    def starter_path(self) -> str:
        return _os.path.join(self.path, "starter.ipynb")

    def readme(self) -> str:
        with open(self.readme_path, encoding="utf-8") as f:
            return f.read()

    def start(self):
        """A fresh cloud in the lab's region with the lab's seed (submissions must use it),
        prepared by the lab's ``setup(cloud)`` if it has one."""
        from ..cloud import Cloud

        cloud = Cloud(region=self.region, seed=self.seed)
        setup = getattr(self.module, "setup", None)
        if setup is not None:
            setup(cloud)
        return cloud

    def solve(self, cloud) -> None:
        """Runs the instructor's solution (``solution.py``'s ``solve(cloud)``) in ``cloud``."""
        _importlib.import_module(f"ec2lab.labs.{self.name}.solution").solve(cloud)

    def grade(self, cloud, lang: str | None = None):
        """The ``Report`` of this lab's checks on ``cloud``."""
        from ..grading import grade

        return grade(cloud, self.checks, lang)

    check = grade  # students: ``lab.check(cloud)`` while working

    def load(self, path):
        """A submission replayed and verified, refused (``ReplayError``) if it was recorded with
        another seed or does not replay to what it says."""
        from ..cloud import Cloud

        return Cloud.load(path, seed=self.seed)

    def grade_file(self, path, lang: str | None = None):
        return self.grade(self.load(path), lang)

    def __repr__(self) -> str:
        return f"Lab({self.name!r}: {self.title()})"


def list() -> list:  # noqa: A001 - ec2lab.labs.list() reads best
    """Every lab, by name."""
    names = sorted(n for n in _os.listdir(_HERE) if _os.path.isfile(_os.path.join(_HERE, n, "checks.py")))
    return [Lab(n) for n in names]


def names() -> list:
    return [lab.name for lab in list()]


def get(name: str) -> Lab:
    """The lab called ``name`` (``instance-types`` is ``instance_types``); a ValueError lists the labs there are."""
    name = name.replace("-", "_")
    if not _os.path.isfile(_os.path.join(_HERE, name, "checks.py")) or name.startswith((".", "_")):
        raise ValueError(f"No lab {name!r}: the labs are {', '.join(names())}.")
    return Lab(name)


def start(name: str):
    """``get(name).start()``: a fresh cloud for the lab."""
    return get(name).start()
