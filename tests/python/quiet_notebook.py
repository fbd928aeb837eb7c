"""Runs a notebook the way a grader does and returns its code cells, after checking that the
repository stores it without outputs and that no cell raised or wrote to stderr (nbmake only
checks for errors; notebook graders zero a cell that writes to stderr)."""
from __future__ import annotations

import pathlib

import pytest

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[2] / "notebooks"


def run_quietly(name: str, timeout: int) -> list:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code), "outputs are stripped in the repository"
    nbclient.NotebookClient(nb, timeout=timeout, kernel_name="python3").execute()
    noisy = [(n, o) for n, c in enumerate(nb.cells) if c.cell_type == "code" for o in c.outputs
             if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")]
    assert noisy == []
    return code
