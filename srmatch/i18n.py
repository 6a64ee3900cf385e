"""Message catalogue (Dutch and English) for every text a user reads.

Catalogues are JSON files in ``srmatch/locales``: ``<lang>.json`` for the shell, plus one
fragment per feature in ``<lang>/<feature>.json`` (so that features own their texts). A key
defined twice is an error; a key missing from Dutch falls back to English, and a test keeps
both catalogues in step.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
FALLBACK_LANGUAGE = "en"

_current_language = FALLBACK_LANGUAGE


@cache
def catalogue(language: str) -> dict[str, str]:
    """Every text of one language: the main file merged with the feature fragments."""
    paths = [LOCALES_DIR / f"{language}.json", *sorted((LOCALES_DIR / language).glob("*.json"))]
    data: dict[str, str] = {}
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            part: dict[str, str] = json.load(handle)
        twice = sorted(set(part) & set(data))
        if twice:
            raise ValueError(f"{path.name}: message keys defined twice: {', '.join(twice[:5])}")
        data.update(part)
    return data


def set_language(language: str) -> None:
    global _current_language
    catalogue(language)
    _current_language = language


def current_language() -> str:
    return _current_language


def t(key: str, /, **values: Any) -> str:
    """The text for ``key`` in the current language, with ``{placeholders}`` filled in."""
    text = catalogue(_current_language).get(key) or catalogue(FALLBACK_LANGUAGE).get(key) or key
    return text.format(**values) if values else text
