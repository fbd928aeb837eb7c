"""The README's Python examples run as written (in order, sharing one namespace)."""
from __future__ import annotations

import pathlib
import re

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"


def test_readme_python_blocks_run(capsys):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 3
    namespace: dict = {}
    import ec2lab

    try:
        for block in blocks:
            exec(compile(block, str(README), "exec"), namespace)
    finally:
        ec2lab.set_language("en")
    out = capsys.readouterr()
    assert "DryRunOperation" in out.out
    assert "lifecycle: 3 submissions, 2 graded, 1 refused, 0 broken" in out.out  # the grading section
    assert out.err == ""
