"""What a typed search means, for the lists, the palette and the CLI alike.

Every word must match (so "Kaya Abdi" and "abdi kaya" find the same person). A word matches
a record when it occurs in the record's folded search key (``store/search_keys.py``: no case,
no accents, codes with and without spaces), or when it names a Rotterdam district or area
("Charlois", "Feijenoord", "Zuid"; ``data/rotterdam_pc4_areas.csv``) that the record's postcode
lies in. For vacancies a word may also match the employer, the contract reference, or name a
status ("open", "gesloten").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from functools import cache

from sqlalchemy import ColumnElement, false, func, or_
from sqlmodel import col

from srmatch.config import SUPPORTED_LANGUAGES
from srmatch.i18n import catalogue
from srmatch.matching.areas import city_pc4_areas
from srmatch.store.models import Contract, JobSeeker, Organisation, Vacancy, VacancyStatus
from srmatch.store.search_keys import fold

#: Words shorter than this do not stand for a district or area ("ch" is not Charlois).
MIN_AREA_WORD = 3
#: More words than this are ignored (a pasted paragraph is not a search).
MAX_WORDS = 8



def words(text: str) -> list[str]:
    """The folded words of a search, at most :data:`MAX_WORDS`."""
    return fold(text).split()[:MAX_WORDS]


def _escaped(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@cache
def _area_words() -> dict[str, frozenset[str]]:
    """Each folded word of a district or area name → the PC4 codes (as text) it covers."""
    index: dict[str, set[str]] = {}
    for area in city_pc4_areas().values():
        names = [fold(area.district), area.area, "rotterdam"]
        for name in names:
            for word in {*name.split(), name.replace(" ", "")}:
                index.setdefault(word, set()).add(f"{area.pc4:04d}")
    return {word: frozenset(codes) for word, codes in index.items()}


def pc4s_named_by(word: str) -> frozenset[str]:
    """The PC4 codes of every district or area whose name has a word starting with ``word``."""
    if len(word) < MIN_AREA_WORD:
        return frozenset()
    found: set[str] = set()
    for name, codes in _area_words().items():
        if name.startswith(word):
            found |= codes
    return frozenset(found)


def district_names() -> Sequence[str]:
    """District names as the areas file spells them (for suggestions and help)."""
    return tuple(dict.fromkeys(area.district for area in city_pc4_areas().values()))


@cache
def _status_words() -> dict[str, frozenset[str]]:
    """Vacancy status → the folded words of its label in Dutch and English, and of its code."""
    labels: dict[str, frozenset[str]] = {}
    for status in VacancyStatus:
        names = [fold(catalogue(language).get(f"vacancy_status.{status.value}", "")) for language in SUPPORTED_LANGUAGES]
        names.append(fold(status.value))
        labels[status.value] = frozenset(word for name in names for word in name.split())
    return labels


def _statuses_named_by(word: str) -> list[str]:
    """Statuses whose label has ``word`` as a whole word ("gesloten", "closed", "hold")."""
    return [status for status, label_words in _status_words().items() if word in label_words]


def _in_area(postcode_column: Any, word: str) -> ColumnElement[bool]:
    codes = pc4s_named_by(word)
    return func.substr(postcode_column, 1, 4).in_(sorted(codes)) if codes else false()


def _nothing_for_punctuation(text: str) -> list[ColumnElement[bool]]:
    """A search of only punctuation ("%", "-") matches nothing, rather than everything."""
    return [false()] if text.strip() and not words(text) else []


def seeker_conditions(text: str) -> list[ColumnElement[bool]]:
    """One condition per word of ``text`` (all must hold) on ``JobSeeker``."""
    conditions = _nothing_for_punctuation(text)
    for word in words(text):
        conditions.append(
            or_(col(JobSeeker.search_key).like(_escaped(word), escape="\\"), _in_area(col(JobSeeker.postcode), word))
        )
    return conditions


def vacancy_conditions(text: str) -> list[ColumnElement[bool]]:
    """One condition per word on ``Vacancy`` joined to its employer and (outer) its contract."""
    conditions = _nothing_for_punctuation(text)
    for word in words(text):
        pattern = _escaped(word)
        alternatives: list[ColumnElement[bool]] = [
            col(Vacancy.search_key).like(pattern, escape="\\"),
            col(Organisation.search_key).like(pattern, escape="\\"),
            func.lower(col(Contract.reference)).like(pattern, escape="\\"),
            _in_area(col(Vacancy.postcode), word),
        ]
        statuses = _statuses_named_by(word)
        if statuses:
            alternatives.append(col(Vacancy.status).in_(statuses))
        conditions.append(or_(*alternatives))
    return conditions

