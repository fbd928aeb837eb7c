"""Running checks against a cloud: a ``Report`` with per-check points and feedback."""
from __future__ import annotations

import html


class CheckResult:
    __slots__ = ("id", "points", "max_points", "description", "feedback", "error")

    def __init__(self, id: str, points: float, max_points: float, description: dict, feedback: dict, error: bool = False):
        self.id, self.points, self.max_points = id, points, max_points
        self.description, self.feedback, self.error = description, feedback, error

    @property
    def passed(self) -> bool:
        return self.points >= self.max_points

    def to_dict(self, lang: str = "en") -> dict:
        return {
            "id": self.id,
            "points": self.points,
            "max_points": self.max_points,
            "description": self.description[lang],
            "feedback": self.feedback[lang],
        }

    def __repr__(self) -> str:
        return f"CheckResult({self.id!r}, {self.points:g}/{self.max_points:g})"


class Report:
    """Per-check results; ``score``/``max_score``; prints as text, shows as a table in notebooks."""

    def __init__(self, results: list, lang: str = "en"):
        self.results = results
        self.lang = lang

    @property
    def score(self) -> float:
        return round(sum(r.points for r in self.results), 4)

    @property
    def max_score(self) -> float:
        return round(sum(r.max_points for r in self.results), 4)

    def __getitem__(self, check_id: str) -> CheckResult:
        for r in self.results:
            if r.id == check_id:
                return r
        raise KeyError(check_id)

    def points(self) -> dict:
        """``{check id: points}``."""
        return {r.id: r.points for r in self.results}

    def to_dict(self, lang: str | None = None) -> dict:
        lang = lang or self.lang
        return {"score": self.score, "max_score": self.max_score, "checks": [r.to_dict(lang) for r in self.results]}

    def text(self, lang: str | None = None) -> str:
        lang = lang or self.lang
        lines = []
        for r in self.results:
            mark = "✓" if r.passed else ("~" if r.points > 0 else "✗")
            lines.append(f"{mark} {r.points:g}/{r.max_points:g}  {r.description[lang]}")
            if r.feedback[lang]:
                lines.append(f"      {r.feedback[lang]}")
        total = "총점" if lang == "ko" else "Score"
        lines.append(f"{total}: {self.score:g}/{self.max_score:g}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return f"Report(score={self.score:g}, max_score={self.max_score:g})"

    def _repr_html_(self) -> str:
        lang = self.lang
        rows = "".join(
            f"<tr><td>{'✓' if r.passed else ('~' if r.points > 0 else '✗')}</td><td>{r.points:g}/{r.max_points:g}</td>"
            f"<td>{html.escape(r.description[lang])}</td><td>{html.escape(r.feedback[lang])}</td></tr>"
            for r in self.results
        )
        head = ("", "점수", "확인 항목", "피드백") if lang == "ko" else ("", "points", "check", "feedback")
        th = "".join(f"<th>{h}</th>" for h in head)
        return f"<table><tr>{th}</tr>{rows}</table><p><b>{self.score:g}/{self.max_score:g}</b></p>"


def grade(cloud, checks, lang: str | None = None) -> Report:
    """Runs ``checks`` (a list of ``Check``) against ``cloud``. A check that raises earns 0 and
    its feedback says it could not run (a bug in the check, or state it did not expect).
    Checks read, never change, the cloud: the same Describe* query is made once per grading."""
    if lang is None:
        from ..i18n import get_language

        lang = get_language()
    results = []
    # the checks read the same state: queries.describe answers a repeated query from this memo
    cloud._grading_cache = {}
    try:
        for c in checks:
            desc = {"en": c.en, "ko": c.ko}
            try:
                credit = c.run(cloud)
            except Exception as e:  # a check's failure is reported, never raised: grading goes on
                what = f"{type(e).__name__}: {e}"
                fb = {"en": f"The check could not run ({what}).", "ko": f"확인을 실행할 수 없었습니다 ({what})."}
                results.append(CheckResult(c.id, 0.0, c.points, desc, fb, error=True))
                continue
            points = round(c.points * credit.fraction, 4)
            results.append(CheckResult(c.id, points, c.points, desc, {"en": credit.en, "ko": credit.ko}))
    finally:
        del cloud._grading_cache
    return Report(results, lang)
