"""Notebook 07 starts real servers on loopback (the HTTP front, an `http.server` upstream in a
thread): run it here too and check that no cell writes to stderr (nbmake only checks for errors)."""
from __future__ import annotations

from quiet_notebook import run_quietly


def test_notebook_07_writes_nothing_to_stderr():
    code = run_quietly("07_load_balancing.ipynb", timeout=120)
    assert any("127.0.0.1" in o.get("text", "") for c in code for o in c.outputs), "the HTTP front cell ran"
