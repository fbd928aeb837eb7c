"""Grading: checks against a cloud's state, reports, and a gradebook for a folder of submissions.

A check is a function of a ``Cloud`` that reads the state through the AWS API (Describe*
calls) and returns how much credit it earns, with feedback in English and Korean that says
what is missing without giving the solution::

    from ec2lab.grading import check, passed, failed, criteria, queries as q

    @check("web-running", points=2, en="An instance named web is running", ko="web 인스턴스가 실행 중")
    def web_running(cloud):
        web = q.instances(cloud, name="web")
        if not web:
            return failed("No instance is tagged Name=web.", "Name=web 태그가 붙은 인스턴스가 없습니다.")
        return criteria((web[0]["State"]["Name"] == "running", 1, "web is not running.", "web이 실행 중이 아닙니다."))

    report = grade(cloud, [web_running])
"""
from __future__ import annotations

from . import queries
from .check import Check, Credit, check, criteria, failed, partial, passed
from .report import CheckResult, Report, grade

__all__ = ["Check", "Credit", "check", "criteria", "failed", "partial", "passed", "grade", "Report", "CheckResult", "queries"]
