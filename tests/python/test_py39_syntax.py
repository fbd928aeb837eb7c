"""The package promises Python 3.9+: every module must parse with 3.9's grammar (no `match`,
no parenthesised context managers...). Annotations are strings under `from __future__ import
annotations`, so `X | Y` in them is fine; the parse checks everything else."""
from __future__ import annotations

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "python" / "ec2lab"
MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_parses_with_python_39_grammar(path):
    source = path.read_text(encoding="utf-8")
    ast.parse(source, filename=str(path), feature_version=(3, 9))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_runtime_unions_are_not_evaluated(path):
    """`X | None` outside annotations would fail at import time on 3.9."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    has_future = any(isinstance(n, ast.ImportFrom) and n.module == "__future__" and any(a.name == "annotations" for a in n.names) for n in tree.body)
    annotations = set()
    for node in ast.walk(tree):
        for ann in [getattr(node, "annotation", None), getattr(node, "returns", None)]:
            if ann is not None:
                annotations.update(id(n) for n in ast.walk(ann))
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr) and id(node) in annotations and not has_future:
            pytest.fail(f"{path.name}:{node.lineno}: `|` in an annotation needs `from __future__ import annotations` on 3.9")


def test_found_the_package():
    assert len(MODULES) >= 5
