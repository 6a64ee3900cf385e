"""Dates, amounts, numbers and record fields as a person reads them, in the current language.

One place for how srmatch writes a value for people: the screens, the CLI's text output and the
reports meant for humans all call these functions.

=========  ==================  ==================
value      Dutch (``nl``)      English (``en``)
=========  ==================  ==================
date       28-04-2026          2026-04-28
moment     28-04-2026 14:05    2026-04-28 14:05
amount     € 1.234,56          €1,234.56
number     7,5                 7.5
=========  ==================  ==================

Output for tools stays plain whatever the language: JSON (``--json``), CSV exports and the
importer's reports write ISO dates (2026-04-28) and numbers with a point and without thousands
separators, so a script or a spreadsheet reads them the same on every machine.

:func:`field_value` and :func:`record_lines` turn a record's fields (a service's ``to_json()``)
into labels and values: coded values become words (``participatiewet`` → "Participatiewet
(bijstand)"), licence and certificate codes get their names from ``data/``, booleans become
ja/nee, and dates and numbers follow the table above. The record screens and ``srmatch seekers
show`` / ``vacancies show`` print the same lines.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from srmatch.i18n import current_language, t

if TYPE_CHECKING:
    from srmatch.matching.vocabulary import Concept

#: What an empty value looks like on screen and in the CLI.
EMPTY = "—"

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?")


def _dutch() -> bool:
    return current_language() == "nl"


def format_date(value: dt.date | None) -> str:
    """28-04-2026 in Dutch, 2026-04-28 in English; a dash for no date."""
    if value is None:
        return EMPTY
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.strftime("%d-%m-%Y") if _dutch() else value.isoformat()


def format_moment(value: dt.datetime | None) -> str:
    """A point in time to the minute, in local time: 28-04-2026 14:05 (Dutch), 2026-04-28 14:05."""
    if value is None:
        return EMPTY
    if value.tzinfo is not None:
        value = value.astimezone()
    return f"{format_date(value.date())} {value.strftime('%H:%M')}"


def _group(digits: str, separator: str) -> str:
    parts: list[str] = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return separator.join(parts)


def format_cents(cents: int, *, whole: bool = False) -> str:
    """An amount held in whole cents: € 1.234,56 (Dutch), €1,234.56 (English); ``whole`` drops the cents."""
    negative = cents < 0
    euros, rest = divmod(abs(cents), 100)
    thousands, decimal = (".", ",") if _dutch() else (",", ".")
    text = _group(str(euros), thousands) + ("" if whole else f"{decimal}{rest:02d}")
    if _dutch():
        return f"€ -{text}" if negative else f"€ {text}"
    return f"-€{text}" if negative else f"€{text}"


def format_amount(amount: Decimal | int | float, *, whole: bool = False) -> str:
    """An amount in euro (rounded half up to cents), written as :func:`format_cents` does."""
    cents = int((Decimal(str(amount)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return format_cents(cents, whole=whole)


def format_number(value: Decimal | int | float, *, decimals: int | None = None) -> str:
    """A number for people: 1.234,5 (Dutch), 1,234.5 (English); trailing zeros dropped unless
    ``decimals`` fixes the number of decimals."""
    number = Decimal(str(value))
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = f"{abs(number):f}"
    else:
        text = f"{abs(number.normalize()):f}" if number != number.to_integral_value() else f"{abs(int(number))}"
    whole, _, fraction = text.partition(".")
    thousands, decimal = (".", ",") if _dutch() else (",", ".")
    sign = "-" if number < 0 else ""
    return sign + _group(whole, thousands) + (f"{decimal}{fraction}" if fraction else "")


# -- record fields -------------------------------------------------------------------------

#: Fields whose values are codes with a catalogue text ``<prefix>.<code>``.
_CODED_FIELDS = {
    "target_group": "target_group",
    "eligible_target_groups": "target_group",
    "employment_type": "employment_type",
    "gaps": "gap",
}


@cache
def _builtin_occupations() -> dict[str, Concept]:
    from srmatch.matching.vocabulary import load_builtin_vocabulary

    return load_builtin_vocabulary().by_uri()


def _vocabulary_label(key: str, item: str) -> str | None:
    """A licence's, certificate's or work demand's name from ``data/``, or None for other fields."""
    from srmatch.matching import requirements

    language = current_language()
    if key == "occupation_code":
        concept = _builtin_occupations().get(item)
        return f"{concept.preferred_label} ({item})" if concept else item
    if key in ("driving_licences", "driving_licence"):
        code = requirements.load_driving_licences().code_of(item)
        return f"{code} ({requirements.load_driving_licences().label(code, language)})" if code else item
    if key == "certificates":
        code = requirements.load_certificates().code_of(item)
        return requirements.load_certificates().label(code, language) if code else item
    if key in ("work_restrictions", "physical_demands"):
        demands = requirements.load_work_demands()
        name = demands.demand_excluded_by(item) if key == "work_restrictions" else demands.demand_of(item)
        if name is None:
            return item
        demand = demands.get(name)
        if key == "work_restrictions":
            return demand.restriction if language == "nl" else demand.restriction_en
        return demand.demand if language == "nl" else demand.demand_en
    return None


def _scalar(key: str, item: Any, status_prefix: str) -> str | None:
    if item is None or item == "":
        return None
    if isinstance(item, bool):
        return t("yes") if item else t("no")
    prefix = status_prefix if key == "status" else _CODED_FIELDS.get(key)
    if prefix:
        return t(f"{prefix}.{item}")
    if isinstance(item, dt.datetime):
        return format_moment(item)
    if isinstance(item, dt.date):
        return format_date(item)
    if isinstance(item, (int, float, Decimal)):
        return format_number(item)
    text = str(item)
    if _ISO_DATE.fullmatch(text):
        return format_date(dt.date.fromisoformat(text))
    if _ISO_MOMENT.fullmatch(text):
        return format_moment(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))
    return _vocabulary_label(key, text) or text


def field_label(key: str) -> str:
    """The label of a record field (``field.<key>`` in the catalogue)."""
    return t(f"field.{key}")


def field_value(key: str, value: Any, status_prefix: str = "") -> str:
    """One field's value in words: codes translated, lists joined, dates and numbers the
    language's way, empty as a dash. ``status_prefix`` names the status codes' catalogue
    (``seeker_status`` or ``vacancy_status``)."""
    if key == "gaps" and not value:
        return t("gap.none")
    items: Sequence[Any] = value if isinstance(value, (list, tuple)) else [value]
    texts = [text for text in (_scalar(key, item, status_prefix) for item in items) if text is not None]
    return ", ".join(texts) or EMPTY


def record_lines(fields: Mapping[str, Any], status_prefix: str = "") -> list[tuple[str, str]]:
    """A record as (label, value) pairs, in the order of ``fields``."""
    return [(field_label(key), field_value(key, value, status_prefix)) for key, value in fields.items()]
