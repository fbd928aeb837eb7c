"""The display language of hints and labels: English ("en") or Korean ("ko").

The default is English, or the value of the environment variable ``EC2LAB_LANGUAGE``.
"""
from __future__ import annotations

import os

LANGUAGES = ("en", "ko")

_language = os.environ.get("EC2LAB_LANGUAGE", "en").strip().lower()
if _language not in LANGUAGES:
    _language = "en"

# Display labels used by the package's own output (hints in tracebacks, HTML displays).
LABELS = {
    "hint": {"en": "Hint", "ko": "힌트"},
    "explain_title": {"en": "Instance type", "ko": "인스턴스 유형"},
}


def set_language(language: str) -> None:
    """Chooses the language of hints and labels: ``"en"`` or ``"ko"``."""
    lang = str(language).strip().lower()
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    global _language
    _language = lang


def get_language() -> str:
    """The current language of hints and labels (``"en"`` or ``"ko"``)."""
    return _language


def pick(en: str, ko: str, language: str | None = None) -> str:
    """The text for the current (or given) language; falls back to English if the other is empty."""
    lang = language or _language
    if lang == "ko" and ko:
        return ko
    return en


def label(key: str, language: str | None = None) -> str:
    """A display label in the current (or given) language."""
    entry = LABELS[key]
    return pick(entry["en"], entry["ko"], language)
