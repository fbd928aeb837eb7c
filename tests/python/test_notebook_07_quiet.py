"""Notebook 07 starts real servers on loopback (the HTTP front, an `http.server` upstream in a
thread): run it here too and check that no cell writes to stderr (nbmake only checks for errors)."""
from __future__ import annotations

import pathlib

import pytest

NOTEBOOK = pathlib.Path(__file__).resolve().parents[2] / "notebooks" / "07_load_balancing.ipynb"


def test_notebook_07_writes_nothing_to_stderr():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code), "outputs are stripped in the repository"
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    noisy = [(n, o) for n, c in enumerate(nb.cells) if c.cell_type == "code" for o in c.outputs
             if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")]
    assert noisy == []
    assert any("127.0.0.1" in o.get("text", "") for c in code for o in c.outputs), "the HTTP front cell ran"
