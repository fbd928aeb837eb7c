"""Notebook 08 (monitoring, alarms, SNS e-mail, Auto Scaling): run it and check that no cell
writes to stderr (nbmake only checks for errors) and that the story it tells happened: the alarm
went INSUFFICIENT_DATA → OK → ALARM → OK, its e-mail arrived, the group scaled out and back in."""
from __future__ import annotations

import re

from quiet_notebook import run_quietly


def test_notebook_08_writes_nothing_to_stderr_and_scales_out_and_in():
    code = run_quietly("08_monitoring_and_autoscaling.ipynb", timeout=300)
    text = "\n".join(o.get("text", "") for c in code for o in c.outputs if o.output_type == "stream")
    assert "INSUFFICIENT_DATA\n" in text and "  ALARM\n" in text
    assert 'ALARM: "web-cpu-high" in US East (N. Virginia)' in text
    assert "changing the desired capacity from 2 to 3." in text and "changing the desired capacity from 3 to 2." in text
    errors = re.findall(r"errors (\d+)", text)
    assert errors and set(errors) == {"0"}, "every request through the load balancer was answered"
