"""Field rules for every value a person types or imports: one function per kind of field.

The importer (``services/importing.py``) and the TUI forms call the same functions, so a
postcode, KvK number, hours range or target group is accepted or refused the same way
wherever it is entered. Each parser takes the raw value (text from a form or a CSV cell, or
a typed cell from an XLSX sheet: int, float, bool, date, datetime) and returns the value
the store keeps, or raises :class:`InvalidField` with a reason in the user's language.

Empty input (``None`` or only spaces) is handled by the ``optional`` helpers: they return
``None`` (or an empty list) instead of raising, so "may be empty" is the caller's choice.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache
from typing import TypeVar

from srmatch.errors import UserFacingError
from srmatch.i18n import catalogue, t
from srmatch.matching.requirements import (
    CertificateTable,
    LicenceTable,
    WorkDemands,
    load_certificates,
    load_driving_licences,
    load_work_demands,
)
from srmatch.store.models import (
    ContractKind,
    ContractStatus,
    EmploymentType,
    PsoLevel,
    SeekerStatus,
    SocialEnterpriseStatus,
    TargetGroup,
    VacancyStatus,
)

T = TypeVar("T")

#: Separator of list items in one cell or form field ("schoonmaker|glazenwasser").
LIST_SEPARATOR = "|"
#: Characters that make a spreadsheet treat a cell as a formula (CSV/formula injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: Exports put this in front of a cell that starts with a formula trigger; imports remove it.
FORMULA_GUARD = "'"

MAX_HOURS_PER_WEEK = 60
MAX_TRAVEL_KM = 500.0
MAX_POSITIONS = 10_000
MAX_DURATION_MONTHS = 240
DUTCH_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")

_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s*([A-Za-z]{2})?$")
_POSTCODE_LETTERS_NOT_USED = {"SA", "SD", "SS"}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()\-./]{6,30}$")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/\-]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUL_OR_CONTROL = _CONTROL
_SPACES = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"[^\S\r\n]*[\r\n]+\s*")

_TRUE = {"yes", "y", "ja", "j", "true", "waar", "1", "x"}
_FALSE = {"no", "n", "nee", "false", "onwaar", "0"}


class InvalidField(UserFacingError):
    """A value that a field does not accept; names the field, the value and why."""

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = "" if value is None else str(value)
        self.reason = reason
        super().__init__(f"{field} {self.value!r}: {reason}")


def _fail(field: str, value: object, key: str, **values: object) -> InvalidField:
    return InvalidField(field, value, t(f"fields.{key}", **values))


def is_empty(value: object) -> bool:
    """True for a missing value: None, an empty or all-space text, or NaN."""
    if value is None:
        return True
    if type(value) is str:
        return not value or value.isspace()
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def optional(parser: Callable[[str, object], T]) -> Callable[[str, object], T | None]:
    """The same parser, returning None for an empty value instead of refusing it."""

    def parse(field: str, value: object) -> T | None:
        return None if is_empty(value) else parser(field, value)

    parse.__doc__ = parser.__doc__
    return parse


def unguarded(value: str) -> str:
    """Remove the apostrophe an export puts before ``=``, ``+``, ``-``, ``@`` (see exporting)."""
    if len(value) > 1 and value[0] == FORMULA_GUARD and value[1] in FORMULA_TRIGGERS:
        return value[1:]
    return value


def as_text(field: str, value: object) -> str:
    """The value as one line of text: trimmed, inner whitespace kept, no control characters."""
    if type(value) is str:
        text = value
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = "" if value is None else str(value)
    if _NUL_OR_CONTROL.search(text):
        if "\x00" in text:
            raise _fail(field, text.replace("\x00", "\\0"), "nul_character")
        raise _fail(field, _CONTROL.sub("?", text), "control_character")
    text = text.strip()
    return unguarded(text) if text[:1] == FORMULA_GUARD else text


def text(field: str, value: object, *, max_length: int, required: bool = True, multiline: bool = False) -> str:
    """Free text up to ``max_length`` characters (names, titles, descriptions).

    A line break inside a cell (Alt+Enter in Excel) becomes one space in a one-line field such
    as a name or a title; a ``multiline`` field (a description) keeps it.
    """
    result = as_text(field, value)
    if "\n" in result or "\r" in result:
        result = result.replace("\r\n", "\n").replace("\r", "\n") if multiline else _LINE_BREAK.sub(" ", result)
    if required and not result:
        raise _fail(field, value, "required")
    if len(result) > max_length:
        raise _fail(field, result[:40] + "…", "too_long", max=max_length, length=len(result))
    return result


def code(field: str, value: object, *, max_length: int) -> str:
    """An identifier such as a client number or a reference: letters, digits, ``.-_/``."""
    result = text(field, value, max_length=max_length)
    if not _CODE.match(result):
        raise _fail(field, result, "bad_code")
    return result


def client_number(field: str, value: object) -> str:
    """The municipality's client number (never a BSN: a 9-digit number passing the eleven-test is refused)."""
    result = code(field, value, max_length=20)
    if looks_like_bsn(result):
        raise _fail(field, mask(result), "looks_like_bsn")
    return result


def looks_like_bsn(value: object) -> bool:
    """True when the value is 9 digits (or 8, a lost leading zero) passing the BSN eleven-test."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        digits = str(value)
    elif isinstance(value, float) and value.is_integer() and value >= 0:
        digits = str(int(value))
    elif isinstance(value, str):
        digits = value.strip().replace(" ", "").replace(".", "")
    else:
        return False
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def mask(value: object) -> str:
    """A value replaced by asterisks, for reports that must not repeat a possible BSN."""
    return "*" * len(str(value))


def postcode(field: str, value: object) -> str:
    """A Dutch postcode: ``3073`` (PC4) or ``3073 AB``; stored as ``3073`` or ``3073 AB``."""
    result = as_text(field, value)
    match = _POSTCODE.match(result)
    if not match or (match.group(2) or "").upper() in _POSTCODE_LETTERS_NOT_USED:
        raise _fail(field, value, "bad_postcode")
    digits, letters = match.group(1), (match.group(2) or "").upper()
    return f"{digits} {letters}" if letters else digits


def kvk_number(field: str, value: object) -> str:
    """A KvK (Chamber of Commerce) number: exactly 8 digits.

    A number cell from Excel that lost its leading zero (7 digits) gets it back.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 0 < value < 10_000_000:
            return f"{int(value):08d}"
    result = as_text(field, value).replace(" ", "").replace(".", "")
    if len(result) != 8 or not result.isdigit():
        raise _fail(field, value, "bad_kvk")
    return result


def whole_number(field: str, value: object, *, low: int, high: int) -> int:
    """A whole number between ``low`` and ``high`` (``32``, ``32.0`` and ``32,0`` are fine)."""
    if isinstance(value, bool):
        raise _fail(field, value, "not_whole_number")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise _fail(field, value, "not_whole_number")
        number = int(value)
    else:
        raw = as_text(field, value).replace(",", ".")
        try:
            decimal = Decimal(raw)
        except InvalidOperation:
            raise _fail(field, value, "not_whole_number") from None
        if not decimal.is_finite() or decimal != decimal.to_integral_value():
            raise _fail(field, value, "not_whole_number")
        number = int(decimal)
    if not low <= number <= high:
        raise _fail(field, value, "out_of_range", low=low, high=high)
    return number


def hours(field: str, value: object) -> int:
    """Hours per week: a whole number from 0 to 60."""
    return whole_number(field, value, low=0, high=MAX_HOURS_PER_WEEK)


def hours_range(low: int, high: int, *, field: str = "hours_min") -> tuple[int, int]:
    """An hours-per-week range: the minimum is not above the maximum."""
    if low > high:
        raise _fail(field, f"{low}-{high}", "hours_min_above_max", low=low, high=high)
    return low, high


def ladder_rung(field: str, value: object) -> int:
    """Participation-ladder rung (VNG): 1 isolated … 6 paid work."""
    return whole_number(field, value, low=1, high=6)


def positions(field: str, value: object) -> int:
    """Number of positions of a vacancy: 1 or more."""
    return whole_number(field, value, low=1, high=MAX_POSITIONS)


def duration_months(field: str, value: object) -> int:
    """Length of a job in months (0 for open-ended)."""
    return whole_number(field, value, low=0, high=MAX_DURATION_MONTHS)


def decimal_number(field: str, value: object) -> Decimal:
    """A number with a decimal point or comma; thousands separators ``1.234.567,89`` allowed."""
    if isinstance(value, bool):
        raise _fail(field, value, "not_a_number")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise _fail(field, value, "not_a_number")
        return Decimal(str(value))
    raw = _plain_separators(as_text(field, value).replace("€", "").replace(" ", "").replace("\u00a0", ""), amount=False)
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise _fail(field, value, "not_a_number") from None
    if not number.is_finite():
        raise _fail(field, value, "not_a_number")
    return number


def travel_km(field: str, value: object) -> float:
    """Maximum travel distance in km: 0 to 500."""
    number = decimal_number(field, value)
    if not 0 <= number <= Decimal(MAX_TRAVEL_KM):
        raise _fail(field, value, "out_of_range", low=0, high=int(MAX_TRAVEL_KM))
    return float(number)


def plain_euro_text(text_value: str) -> str:
    """A euro amount as people write it, as plain decimal text: ``€ 1.250,-`` → ``1250``.

    The one rule for separators, shared by imports, forms and the command line
    (``services.valuation.parse_euros``): ``€``, ``EUR``/``euro`` and spaces are dropped, a
    trailing ``,-`` means whole euros; when both ``.`` and ``,`` appear the last one is the
    decimal separator; a lone ``,`` is decimal (``12,345`` has three decimals and is refused:
    never guessed to be twelve thousand), several commas separate thousands; a lone ``.``
    before exactly three digits, or several dots, separate thousands (``1.250`` is twelve
    hundred and fifty euro, as Dutch writes it: an amount has no third decimal).
    """
    cleaned = re.sub(r"(?i)euro?|€|[\s_]", "", text_value)
    if cleaned.endswith((",-", ".-")):
        cleaned = cleaned[:-2]
    return _plain_separators(cleaned, amount=True)


def _plain_separators(text_value: str, *, amount: bool) -> str:
    """Decimal and thousands separators as Dutch and English write them, to plain decimal text.

    When both ``.`` and ``,`` appear the last one is the decimal separator; a lone ``,`` is
    decimal. An ``amount`` (euros: never a third decimal) also reads several commas, several
    dots, or one dot before exactly three digits as thousands ("1.250" is 1250); any other
    number reads only a whole thousands pattern of dots that way ("1.234.567"), so "1.250"
    hours is one and a quarter, and several commas stay (and are refused).
    """
    if "," in text_value and "." in text_value:
        if text_value.rfind(",") > text_value.rfind("."):
            return text_value.replace(".", "").replace(",", ".")
        return text_value.replace(",", "")
    if "," in text_value:
        if text_value.count(",") == 1:
            return text_value.replace(",", ".")
        return text_value.replace(",", "") if amount else text_value
    dots = text_value.count(".")
    if amount and (dots > 1 or (dots == 1 and len(text_value.rpartition(".")[2]) == 3)):
        return text_value.replace(".", "")
    if not amount and dots > 1 and re.fullmatch(r"\d{1,3}(\.\d{3})+", text_value):
        return text_value.replace(".", "")
    return text_value


def euro_cents(field: str, value: object) -> int:
    """An amount in euro (``€ 1.250.000,00``, ``€ 1.250,-``, ``1250000.00``) as whole cents, 0 or more."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = decimal_number(field, value)
    else:
        try:
            number = Decimal(plain_euro_text(as_text(field, value)))
        except InvalidOperation:
            raise _fail(field, value, "not_a_number") from None
        if not number.is_finite():
            raise _fail(field, value, "not_a_number")
    cents = number * 100
    if cents != cents.to_integral_value():
        raise _fail(field, value, "too_many_decimals")
    if number < 0 or number > Decimal("1e12"):
        raise _fail(field, value, "out_of_range", low=0, high="1.000.000.000.000")
    return int(cents)


def percentage(field: str, value: object) -> float:
    """A percentage from 0 to 100 (``5``, ``5,5``, ``5%``)."""
    if isinstance(value, str):
        value = value.strip().removesuffix("%")
    number = decimal_number(field, value)
    if not 0 <= number <= 100:
        raise _fail(field, value, "out_of_range", low=0, high=100)
    if number != number.quantize(Decimal("0.01")):
        raise _fail(field, value, "too_many_decimals")
    return float(number)


#: Month names and abbreviations, Dutch and English, as Excel writes a long or medium date.
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "jan", "january"), ("februari", "feb", "february"), ("maart", "mrt", "mar", "march"),
            ("april", "apr"), ("mei", "may"), ("juni", "jun", "june"), ("juli", "jul", "july"),
            ("augustus", "aug", "august"), ("september", "sep", "sept"), ("oktober", "okt", "oct", "october"),
            ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_NAMED_MONTH_DATE = re.compile(r"^(?:[^\W\d_]+,?\s+)?(\d{1,2})[\s.\-]+([^\W\d_]+)\.?[\s.\-]+(\d{4})$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
#: Excel serial day numbers srmatch reads as dates: 1950-01-01 … 2200-12-31 (a smaller number
#: in a date column is more likely a mistake, such as a year, than a date before 1950).
EXCEL_SERIALS = (18_264, 109_939)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def date(field: str, value: object) -> dt.date:
    """A date as Dutch spreadsheets hold it.

    ``2026-03-01``, ``01-03-2026`` (also ``1-3-2026``, ``01/03/2026``, ``01.03.2026``), a month
    by name (``1 maart 2026``, ``1-mrt-2026``, ``zondag 1 maart 2026``, ``1 March 2026``),
    ``20260301``, a real Excel date cell, or an Excel serial day number (``46082``, a date
    cell that lost its format) from 1950 to 2200.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _excel_serial(field, value)
    raw = as_text(field, value)
    if " " in raw or "T" in raw:  # "2026-03-01 00:00:00" as some exports write a date cell
        head, _, tail = raw.replace("T", " ", 1).partition(" ")
        if tail.strip() in ("00:00:00", "00:00", "0:00"):
            raw = head
    match = _ISO_DATE.match(raw) or _COMPACT_DATE.match(raw)
    if match:
        year, month, day = (int(part) for part in match.groups())
    elif match := _DUTCH_DATE.match(raw):
        day, month, year = (int(part) for part in match.groups())
    elif match := _NAMED_MONTH_DATE.match(raw.lower()):
        day, year = int(match.group(1)), int(match.group(3))
        month = MONTHS.get(match.group(2), 0)
    elif raw.isdigit() and len(raw) in (5, 6):
        return _excel_serial(field, int(raw), shown=value)
    else:
        raise _fail(field, value, "bad_date")
    try:
        result = dt.date(year, month, day)
    except ValueError:
        raise _fail(field, value, "bad_date") from None
    if not 1900 <= result.year <= 2200:
        raise _fail(field, value, "bad_date")
    return result


def _excel_serial(field: str, number: float, *, shown: object = None) -> dt.date:
    """An Excel serial day number (days since 1899-12-30; a time of day is dropped)."""
    if not math.isfinite(number) or not EXCEL_SERIALS[0] <= number < EXCEL_SERIALS[1] + 1:
        raise _fail(field, number if shown is None else shown, "bad_date")
    return _EXCEL_EPOCH + dt.timedelta(days=int(number))


def boolean(field: str, value: object) -> bool:
    """Yes or no: ``yes/no``, ``ja/nee``, ``true/false``, ``waar/onwaar``, ``1/0`` (any case)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    word = as_text(field, value).lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise _fail(field, value, "bad_boolean")


def email(field: str, value: object) -> str:
    """An e-mail address (one ``@``, a dot in the domain, no spaces)."""
    result = text(field, value, max_length=200)
    if not _EMAIL.match(result):
        raise _fail(field, value, "bad_email")
    return result


def phone(field: str, value: object) -> str:
    """A telephone number: digits, spaces, ``+ - ( ) . /``."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = "0" + str(value) if len(str(value)) == 9 else str(value)  # Excel dropped the leading 0
    result = text(field, value, max_length=30)
    if not _PHONE.match(result) or sum(ch.isdigit() for ch in result) < 6:
        raise _fail(field, value, "bad_phone")
    return result


def dutch_level(field: str, value: object) -> str:
    """A CEFR level (A1 … C2) of Dutch, required only where the work truly needs it."""
    result = as_text(field, value).upper().replace(" ", "")
    if result not in DUTCH_LEVELS:
        raise _fail(field, value, "bad_choice", choices=", ".join(DUTCH_LEVELS))
    return result


def text_list(field: str, value: object, *, max_items: int = 50, max_length: int = 120) -> list[str]:
    """Items separated by ``|`` (a list given as a list is taken as it is); empty items dropped, duplicates once."""
    if is_empty(value):
        return []
    if isinstance(value, (list, tuple)):
        parts: Iterable[str] = [as_text(field, part) for part in value]
    else:
        parts = as_text(field, value).split(LIST_SEPARATOR)
    items: list[str] = []
    for part in parts:
        item = part.strip()
        if not item:
            continue
        if "  " in item or "\t" in item or "\n" in item:
            item = _SPACES.sub(" ", item)
        if len(item) > max_length:
            raise _fail(field, item[:40] + "…", "too_long", max=max_length, length=len(item))
        if item not in items:
            items.append(item)
    if len(items) > max_items:
        raise _fail(field, f"{len(items)}", "too_many_items", max=max_items)
    return items


# --- choices: stored values plus the Dutch and English names people see -------------------


#: Words municipal files use for a choice besides the names the app shows (which
#: :func:`choice_names` reads from the catalogues): the benefit (``bijstand``), the register
#: (``doelgroepregister``), the part of a law (``WGA``, ``IVA``), the plural of the
#: Aanbestedingswet (``werken, leveringen en diensten``), a contract as HR writes it.
CHOICE_ALIASES: dict[str, dict[str, str]] = {
    "target_group": {
        "bijstand": "participatiewet", "bijstandsuitkering": "participatiewet", "algemene bijstand": "participatiewet",
        "pw": "participatiewet", "p-wet": "participatiewet", "participatiewet/bijstand": "participatiewet",
        "ww-uitkering": "ww", "werkloosheidswet": "ww",
        "wga": "wia", "iva": "wia", "wao": "wia", "wia/wga": "wia",
        "doelgroepregister": "banenafspraak", "doelgroep register": "banenafspraak", "banenafspraak/doelgroepregister": "banenafspraak",
        "nieuwkomer": "statushouder", "vergunninghouder": "statushouder",
        "nug": "zonder_uitkering", "niet-uitkeringsgerechtigd": "zonder_uitkering", "geen uitkering": "zonder_uitkering",
        "vso": "vso_pro", "pro": "vso_pro", "praktijkonderwijs": "vso_pro", "vso/pro": "vso_pro",
        "bbl": "bbl_bol", "bol": "bbl_bol", "bbl/bol": "bbl_bol",
        "zonder startkwalificatie": "jongere_zonder_startkwalificatie",
    },
    "employment_type": {
        "vast contract": "permanent", "onbepaalde tijd": "permanent", "contract voor onbepaalde tijd": "permanent",
        "bepaalde tijd": "fixed_term", "contract voor bepaalde tijd": "fixed_term", "tijdelijk contract": "fixed_term",
        "jaarcontract": "fixed_term", "leerwerkbaan": "bbl", "bol": "internship", "werkervaringsplaats": "work_experience",
    },
    "contract_kind": {"werken": "werk", "diensten": "dienst", "leveringen": "levering"},
}  # fmt: skip


def _fold(text_value: str) -> str:
    return _SPACES.sub(" ", text_value.strip().lower().replace("_", " "))


@cache
def choice_names(prefix: str, values: tuple[str, ...]) -> dict[str, str]:
    """Folded spellings → stored value: the value itself, its Dutch and English display names,
    and the other words municipal files use for it (:data:`CHOICE_ALIASES`).

    The display names come from the message catalogues (``<prefix>.<value>``), so what a
    screen shows is what an import accepts.
    """
    names: dict[str, str] = {}
    for value in values:
        names[_fold(value)] = value
        for language in ("nl", "en"):
            shown = catalogue(language).get(f"{prefix}.{value}")
            if shown:
                names.setdefault(_fold(shown), value)
                short = shown.split(" (")[0]
                names.setdefault(_fold(short), value)
    for alias, value in CHOICE_ALIASES.get(prefix, {}).items():
        if value in values:
            names.setdefault(_fold(alias), value)
            names.setdefault(_fold(alias.replace("-", " ")), value)
    return names


def choice(field: str, value: object, prefix: str, values: Sequence[str]) -> str:
    """One of ``values``, given as stored or by its Dutch or English display name (any case)."""
    raw = as_text(field, value)
    found = choice_names(prefix, tuple(values)).get(_fold(raw))
    if found is None:
        raise _fail(field, value, "bad_choice", choices=", ".join(values))
    return found


def _enum_parser(prefix: str, enum: type[StrEnum], reason_key: str = "bad_choice") -> Callable[[str, object], str]:
    values = tuple(member.value for member in enum)

    def parse(field: str, value: object) -> str:
        try:
            return choice(field, value, prefix, values)
        except InvalidField:
            raise _fail(field, value, reason_key, choices=", ".join(values)) from None

    parse.__doc__ = f"One of {', '.join(values)} (or its Dutch or English name)."
    return parse


target_group = _enum_parser("target_group", TargetGroup, "unknown_target_group")
seeker_status = _enum_parser("seeker_status", SeekerStatus)
vacancy_status = _enum_parser("vacancy_status", VacancyStatus)
employment_type = _enum_parser("employment_type", EmploymentType)
contract_kind = _enum_parser("contract_kind", ContractKind)
contract_status = _enum_parser("contract_status", ContractStatus)
pso_level = _enum_parser("pso_level", PsoLevel)
social_enterprise_status = _enum_parser("social_enterprise_status", SocialEnterpriseStatus)


def target_groups(field: str, value: object) -> list[str]:
    """Several target groups separated by ``|`` (empty means every group is eligible)."""
    return [target_group(field, item) for item in text_list(field, value)]


# --- vocabularies of the matching engine (work demands, licences, certificates) ---------------
#
# The words live in data/ (work_demands.csv, driving_licences.csv, certificates.csv), read by
# one loader each in srmatch.matching.requirements; an item is stored in the spelling the
# matching engine compares (the canonical restriction or demand, the licence category, the
# certificate code), so "VCA basis" and "B-VCA" are one certificate.


def vocabulary_items(field: str, value: object, known: Callable[[str], str | None], source: str) -> list[str]:
    """List items checked against a vocabulary: ``known(item)`` gives the stored spelling or None."""
    items: list[str] = []
    for item in text_list(field, value):
        stored = known(item)
        if stored is None:
            raise _fail(field, item, "unknown_item", source=source)
        if stored not in items:
            items.append(stored)
    return items


@cache
def _demands() -> WorkDemands:
    return load_work_demands()


@cache
def _licences() -> LicenceTable:
    return load_driving_licences()


@cache
def _certificates() -> CertificateTable:
    return load_certificates()


def _restriction(item: str) -> str | None:
    demand = _demands().demand_excluded_by(item)
    return None if demand is None else _demands().get(demand).restriction


def work_restrictions(field: str, value: object) -> list[str]:
    """A job seeker's work restrictions in job terms ("geen zwaar tillen"), from data/work_demands.csv."""
    return vocabulary_items(field, value, _restriction, "data/work_demands.csv")


def physical_demands(field: str, value: object) -> list[str]:
    """A vacancy's physical demands ("zwaar tillen"), from data/work_demands.csv."""
    return vocabulary_items(field, value, lambda item: _demands().demand_of(item), "data/work_demands.csv")


def driving_licences(field: str, value: object) -> list[str]:
    """Driving-licence categories a person holds (B, C, CE …), from data/driving_licences.csv."""
    return vocabulary_items(field, value, lambda item: _licences().code_of(item), "data/driving_licences.csv")


def driving_licence(field: str, value: object) -> str:
    """The one driving-licence category a vacancy requires."""
    items = driving_licences(field, value)
    if len(items) != 1:
        raise _fail(field, value, "one_item")
    return items[0]


def certificates(field: str, value: object) -> list[str]:
    """Certificates (VCA, heftruckcertificaat …) as their codes, from data/certificates.csv."""
    return vocabulary_items(field, value, lambda item: _certificates().code_of(item), "data/certificates.csv")
