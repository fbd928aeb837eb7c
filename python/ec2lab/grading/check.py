"""``Check`` and ``Credit``: what a check is, and what it returns."""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable


class Credit:
    """The share of a check's points earned (0..1) and feedback in English and Korean."""

    __slots__ = ("fraction", "en", "ko")

    def __init__(self, fraction: float, en: str = "", ko: str = ""):
        if not 0 <= fraction <= 1:
            raise ValueError(f"credit must be between 0 and 1, not {fraction!r}")
        self.fraction = float(fraction)
        self.en = en
        self.ko = ko or en

    def feedback(self, lang: str = "en") -> str:
        return self.ko if lang == "ko" else self.en

    def __repr__(self) -> str:
        return f"Credit({self.fraction:g}, {self.en!r})"


def passed(en: str = "", ko: str = "") -> Credit:
    """Full credit (feedback optional: a word of what was found)."""
    return Credit(1.0, en, ko)


def failed(en: str, ko: str) -> Credit:
    """No credit; the feedback says what is missing (not how to do it)."""
    return Credit(0.0, en, ko)


def partial(fraction: float, en: str, ko: str) -> Credit:
    """Part of the credit; the feedback says what is still missing."""
    return Credit(fraction, en, ko)


def criteria(*items) -> Credit:
    """Credit from weighted criteria: each item is ``(ok, weight, en, ko)``; the credit is the
    weight met over the total weight, the feedback lists the messages of the criteria not met."""
    total = sum(w for _, w, _, _ in items)
    if total <= 0:
        raise ValueError("criteria need a positive total weight")
    met = sum(w for ok, w, _, _ in items if ok)
    missing = [(en, ko) for ok, _, en, ko in items if not ok]
    return Credit(met / total, " ".join(en for en, _ in missing), " ".join(ko for _, ko in missing))


class Check:
    """One graded check: an id, its points, a description (en/ko) and the function that reads a
    cloud and returns a ``Credit`` (True/False are accepted as full/no credit)."""

    __slots__ = ("id", "points", "en", "ko", "fn")

    def __init__(self, id: str, points: float, en: str, ko: str, fn: Callable):
        if points <= 0:
            raise ValueError(f"check {id!r}: points must be > 0, not {points!r}")
        self.id, self.points, self.en, self.ko, self.fn = id, float(points), en, ko or en, fn

    def description(self, lang: str = "en") -> str:
        return self.ko if lang == "ko" else self.en

    def run(self, cloud) -> Credit:
        got = self.fn(cloud)
        if got is True:
            return passed()
        if got is False or got is None:
            return failed(f"Not done yet: {self.en}", f"아직 완료되지 않았습니다: {self.ko}")
        if not isinstance(got, Credit):
            raise TypeError(f"check {self.id!r} returned {type(got).__name__}; return a Credit (passed/failed/partial/criteria) or a bool")
        return got

    def __call__(self, cloud) -> Credit:
        return self.run(cloud)

    def __repr__(self) -> str:
        return f"Check({self.id!r}, points={self.points:g})"


def check(id: str, points: float, en: str, ko: str = "") -> Callable[[Callable], Check]:
    """Decorator: ``@check("id", points=2, en="...", ko="...")`` over ``def fn(cloud) -> Credit``."""

    def wrap(fn: Callable) -> Check:
        return Check(id, points, en, ko, fn)

    return wrap
