"""docs/coverage.md is what scripts/gen_coverage.py generates from the pinned botocore and the
core's implemented operations (regenerate it after adding operations or merging a domain)."""
from __future__ import annotations

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_coverage_table_is_up_to_date():
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_coverage.py"), "--check"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr


def test_coverage_table_lists_every_implemented_operation():
    from ec2lab import _core

    text = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    for op in _core.Core.implemented_operations("ec2"):
        assert f"| {op} | " in text and f"| {op} | `" in text
    assert f"| [ec2](#ec2) | Amazon Elastic Compute Cloud | " in text
