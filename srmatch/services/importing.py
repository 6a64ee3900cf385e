"""Import job seekers, vacancies, organisations and contracts from CSV or XLSX files.

What a caseworker's spreadsheet may look like (docs/importing.md has the full list):

- CSV with ``,`` or ``;`` (as Dutch Excel writes it) or tab, in UTF-8 with or without BOM,
  UTF-16 (Excel's "Unicode text") or Windows-1252 — detected, never asked; or XLSX (the
  first sheet, or ``sheet``).
- Headers in English or Dutch; case, spaces and column order do not matter. Columns
  srmatch does not know are ignored (and named in the report). A column for a BSN,
  gender, nationality, birth date or similar refuses the whole file (AVG data
  minimisation, DESIGN.md §3).
- Every value passes the field rules of :mod:`srmatch.services.fields` (the same the
  forms use); each problem is reported with the row number as Excel shows it, the column
  as written in the file, the value and the reason.

An import is one transaction: with any rejected row nothing is written, unless
``skip_invalid``, which writes the valid rows. Rows are matched on their key (client
number, reference, KvK number or name), so importing the same file twice changes nothing
and a changed row updates its record. Every import that is not a dry run writes one audit
event with the counts and the file name, never the rows.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import itertools
import re
import zipfile
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col

from srmatch.errors import UserFacingError
from srmatch.i18n import t
from srmatch.services import audit, fields
from srmatch.services.audit import Actor
from srmatch.services.fields import InvalidField
from srmatch.services.import_kinds import RECORD_KINDS
from srmatch.store import search_keys
from srmatch.store.engine import BUSY_TIMEOUT_MS
from srmatch.store.models import Contract, JobSeeker, Organisation, User, Vacancy, utc_now

KINDS = RECORD_KINDS  # what import_file reads (contributions: services.reports)
#: Who may import what (``srmatch.services.users.require_role``).
IMPORT_ROLES: dict[str, tuple[str, ...]] = {
    "seekers": ("caseworker", "team_lead", "admin"),
    "vacancies": ("caseworker", "team_lead", "account_manager", "admin"),
    "organisations": ("account_manager", "admin"),
    "contracts": ("account_manager", "admin"),
}
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
WRITE_CHUNK = 5_000
#: Vacancy titles are normalised to an occupation when the title matcher is at least this sure.
OCCUPATION_MIN_SCORE = 70.0

#: Header words that must never enter srmatch (normalised header, or one word of it).
FORBIDDEN_HEADER_WORDS = frozenset(
    {
        "bsn", "burgerservicenummer", "sofinummer", "sofi", "socialsecuritynumber", "ssn",
        "gender", "geslacht", "sex", "sekse",
        "nationality", "nationaliteit", "citizenship",
        "birthdate", "dateofbirth", "dob", "geboortedatum", "geboortejaar", "birthyear", "geboorteplaats",
        "age", "leeftijd",
        "ethnicity", "etniciteit", "afkomst", "herkomst", "race",
        "religion", "religie", "geloof",
        "maritalstatus", "burgerlijkestaat",
        "diagnosis", "diagnose", "medical", "medisch", "health", "gezondheid",
    }
)  # fmt: skip

Progress = Callable[[str, int, int], None]


class ImportRefused(UserFacingError):
    """The file as a whole cannot be imported (unreadable, forbidden column, missing columns)."""


@dataclass(frozen=True)
class Problem:
    """One reason a row (or the file) was rejected, as the validation report shows it."""

    row: int
    column: str
    value: str
    reason: str


@dataclass(frozen=True)
class ImportReport:
    """What an import found and did."""

    kind: str
    file_name: str
    dry_run: bool
    written: bool
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: tuple[Problem, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    refused: str | None = None
    created_employers: int = 0

    @property
    def ok(self) -> bool:
        """True when nothing was rejected (the exit code of ``srmatch import`` follows this)."""
        return self.refused is None and self.rejected == 0

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": self.file_name,
            "dry_run": self.dry_run,
            "written": self.written,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "created_employers": self.created_employers,
            "refused": self.refused,
            "ignored_columns": list(self.ignored_columns),
            "problems": [p.__dict__ for p in self.problems],
        }


# --- reading files ------------------------------------------------------------------------


@dataclass
class Sheet:
    """A table read from a file: header cells and data rows with their Excel row numbers."""

    headers: list[str]
    rows: list[tuple[int, Sequence[object]]]
    header_row: int = 1
    #: A workbook's sheet that was read, and its other sheets (for a refusal's hint).
    sheet_name: str | None = None
    other_sheets: tuple[str, ...] = ()


def _refuse(key: str, **values: object) -> ImportRefused:
    return ImportRefused(t(f"import.refused.{key}", **values))


#: How many non-empty rows above the column names (a title, a date, a note) srmatch passes over.
HEADER_SEARCH_ROWS = 10
HeaderTest = Callable[[Sequence[object]], bool]


def read_sheet(
    path: Path, sheet: str | None = None, *, is_header: HeaderTest | None = None, default_sheet: str | None = None
) -> Sheet:
    """Read a CSV or XLSX file into a :class:`Sheet`; raise :class:`ImportRefused` when unreadable.

    The column names are on the first non-empty row, or on the first of the next rows (up to
    :data:`HEADER_SEARCH_ROWS` non-empty ones) that ``is_header`` accepts, when the first does
    not: an export often starts with a title line. Without ``sheet`` a workbook's sheet named
    ``default_sheet`` (any case) is read when it has one, else its first sheet.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _refuse("too_big", mb=MAX_FILE_BYTES // (1024 * 1024))
        with path.open("rb") as handle:
            start = handle.read(8)
    except IsADirectoryError:
        raise _refuse("not_a_file", path=path) from None
    except FileNotFoundError:
        raise _refuse("not_found", path=path) from None
    except PermissionError:
        raise _refuse("no_permission", path=path) from None
    if start.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, sheet, is_header, default_sheet)
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse("old_excel")
    if sheet is not None:
        raise _refuse("sheet_in_csv")
    return _read_csv(path.read_bytes(), is_header)


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 — never a mix."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise _refuse("encoding") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    utf8_lines = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.isascii():
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                continue
            utf8_lines.append(number)
    if utf8_lines:
        raise _refuse("mixed_encoding", lines=", ".join(str(n) for n in utf8_lines[:5]))
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise _refuse("encoding") from None


def _delimiter(text: str) -> str:
    """The separator of the first line: the one of ``,``, ``;`` and tab that splits it most."""
    first = next((line for line in io.StringIO(text, newline=None) if line.strip()), "")
    counts = {sep: 0 for sep in (",", ";", "\t")}
    quoted = False
    for char in first:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _read_csv(raw: bytes, is_header: HeaderTest | None = None) -> Sheet:
    """The separator of the first line, or, when a title above the column names has another
    one (``Klanten per 1 maart, team Zuid``), the separator with which the column names are found."""
    text = _decode(raw)
    first = _delimiter(text)
    table = _parse_csv(text, first, is_header)
    if is_header is not None and not is_header(table.headers):
        for other in (",", ";", "\t"):
            if other == first:
                continue
            try:
                candidate = _parse_csv(text, other, is_header)
            except ImportRefused:
                continue
            if is_header(candidate.headers):
                return candidate
    return table


def _parse_csv(text: str, delimiter: str, is_header: HeaderTest | None) -> Sheet:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    records: list[tuple[int, Sequence[object]]] = []
    try:
        for row_number, record in enumerate(reader, start=1):
            records.append((row_number, record))
    except csv.Error as error:
        raise _refuse("csv_error", row=reader.line_num, error=str(error)) from None
    return _split_header(records, is_header)


def _split_header(records: list[tuple[int, Sequence[object]]], is_header: HeaderTest | None = None) -> Sheet:
    # The first non-empty rows only: the header is among them (a file of 100,000 rows is not scanned).
    non_empty = (index for index, (_, cells) in enumerate(records) if any(not fields.is_empty(cell) for cell in cells))
    filled = list(itertools.islice(non_empty, HEADER_SEARCH_ROWS + 1))
    if not filled:
        raise _refuse("empty")
    chosen = filled[0]
    if is_header is not None and not is_header(records[chosen][1]):
        chosen = next((index for index in filled[1:HEADER_SEARCH_ROWS + 1] if is_header(records[index][1])), chosen)
    row_number, cells = records[chosen]
    headers = ["" if cell is None else str(cell) for cell in cells]
    return Sheet(headers=headers, rows=records[chosen + 1 :], header_row=row_number)


def _read_xlsx(path: Path, sheet: str | None, is_header: HeaderTest | None = None, default_sheet: str | None = None) -> Sheet:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as error:
        raise _refuse("bad_xlsx", error=str(error).splitlines()[0] if str(error) else type(error).__name__) from None
    try:
        names = workbook.sheetnames
        if sheet is None:
            if not names:
                raise _refuse("empty")
            preferred = [name for name in names if default_sheet and name.strip().lower() == default_sheet.lower()]
            worksheet = workbook[(preferred or names)[0]]
        else:
            match = next((name for name in names if name.strip().lower() == sheet.strip().lower()), None)
            if match is None:
                raise _refuse("no_such_sheet", sheet=sheet, sheets=", ".join(names))
            worksheet = workbook[match]
        chosen_name = worksheet.title
        reset = getattr(worksheet, "reset_dimensions", None)
        if reset is not None:
            reset()
        records: list[tuple[int, Sequence[object]]] = []
        for row_number, cells in enumerate(worksheet.iter_rows(), start=1):
            records.append((row_number, tuple(_xlsx_value(cell) for cell in cells)))
    except ImportRefused:
        raise
    except Exception as error:  # a damaged workbook can fail anywhere inside openpyxl
        raise _refuse("bad_xlsx", error=str(error).splitlines()[0] if str(error) else type(error).__name__) from None
    finally:
        workbook.close()
    table = _split_header(records, is_header)
    table.sheet_name = chosen_name
    table.other_sheets = tuple(name for name in names if name != chosen_name)
    return table


def _xlsx_value(cell: Any) -> object:
    """A cell's value as the sheet shows it where the number alone would mislead.

    A number cell formatted as a percentage holds a fraction (``5%`` is 0.05): it is read as
    the text ``5%``. A whole number formatted with leading zeros (``0000000``, as client
    numbers are kept in Excel) is read as that text (``0012345``), so it is the same key as in
    a CSV of the same sheet. Every other cell is its value (dates, numbers, text, TRUE/FALSE).
    """
    value = cell.value
    if (type(value) is int or type(value) is float) and cell.has_style:
        shown = _number_shown(cell.number_format)
        if shown is not None:
            return shown(value)
    return value


_QUOTED = re.compile(r'"[^"]*"|\\.')


def _as_percent(value: float) -> str:
    """0.055 → ``5.5%``: the percentage a cell formatted as ``0%`` shows."""
    text = f"{Decimal(str(value)) * 100:f}"
    return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"


@cache
def _number_shown(number_format: str) -> Callable[[Any], object] | None:
    """How a cell's number format changes what its number means (None: it does not)."""
    plain = _QUOTED.sub("", number_format).split(";")[0]
    if "%" in plain:
        return _as_percent
    if re.fullmatch(r"0{2,}", plain):
        width = len(plain)
        return lambda value: f"{int(value):0{width}d}" if float(value).is_integer() and value >= 0 else value
    return None


# --- columns -------------------------------------------------------------------------------


Parser = Callable[[str, object], Any]


@dataclass(frozen=True)
class Column:
    """One importable column: its English name (the issue's spelling), Dutch names, and rule."""

    name: str
    dutch: tuple[str, ...]
    parse: Parser
    required: bool = False
    #: Value stored when the cell is empty (the model's default).
    empty: Any = None
    #: Column of the store, when it differs from ``name`` (None: resolved by the kind's code).
    attribute: str | None = ""

    @property
    def store_attribute(self) -> str | None:
        return self.name if self.attribute == "" else self.attribute


def _text(max_length: int) -> Parser:
    def parse(name: str, value: object) -> str:
        return fields.text(name, value, max_length=max_length)

    return parse


def _list(name: str, value: object) -> list[str]:
    return fields.text_list(name, value)


def _reference(name: str, value: object) -> str:
    return fields.code(name, value, max_length=40)


def _login(name: str, value: object) -> str:
    return fields.text(name, value, max_length=64).lower()


SEEKER_COLUMNS = (
    Column("client_number", ("klantnummer",), fields.client_number, required=True),
    Column("display_name", ("naam", "weergavenaam"), _text(120), required=True),
    Column("email", ("e_mail", "e_mailadres", "emailadres"), fields.email),
    Column("phone", ("telefoon", "telefoonnummer"), fields.phone),
    Column("postcode", (), fields.postcode, required=True),
    Column("target_group", ("doelgroep",), fields.target_group, required=True),
    Column("target_group_evidence", ("doelgroep_bewijs",), _text(120)),
    Column("target_group_evidence_date", ("doelgroep_bewijs_datum",), fields.date),
    Column("ladder_rung", ("trede", "participatieladder", "trede_participatieladder"), fields.ladder_rung, empty=3),
    Column("desired_occupations", ("gewenste_beroepen",), _list, empty=[]),
    Column("experience", ("werkervaring", "ervaring"), _list, empty=[]),
    Column("skills", ("vaardigheden",), _list, empty=[]),
    Column("certificates", ("certificaten",), fields.certificates, empty=[]),
    Column("driving_licences", ("rijbewijzen", "rijbewijs"), fields.driving_licences, empty=[]),
    Column("hours_min", ("uren_min", "min_uren"), fields.hours, empty=0),
    Column("hours_max", ("uren_max", "max_uren"), fields.hours, empty=40),
    Column("max_travel_km", ("max_reisafstand_km", "reisafstand_km"), fields.travel_km, empty=15.0),
    Column("travels_independently", ("reist_zelfstandig",), fields.boolean, empty=True),
    Column("work_restrictions", ("werkbeperkingen", "beperkingen"), fields.work_restrictions, empty=[]),
    Column("available_from", ("beschikbaar_vanaf",), fields.date),
    Column("status", (), fields.seeker_status, empty="active"),
    Column("last_contact_on", ("laatste_contact", "laatste_contact_op"), fields.date),
    Column("consent_anonymous_profile", ("toestemming_anoniem_profiel",), fields.boolean, empty=False),
    Column("caseworker", ("klantmanager", "werkcoach"), _login, attribute=None),
)

VACANCY_COLUMNS = (
    Column("reference", ("referentie", "vacaturenummer"), _reference, required=True),
    Column("title", ("titel", "functie", "functietitel"), _text(200), required=True),
    Column("postcode", (), fields.postcode, required=True),
    Column("employer_name", ("werkgever", "naam_werkgever"), _text(200), attribute=None),
    Column("employer_kvk", ("kvk_werkgever", "werkgever_kvk"), fields.kvk_number, attribute=None),
    Column("contract_reference", ("opdracht", "opdrachtnummer"), _reference, attribute=None),
    Column("description", ("omschrijving",), lambda n, v: fields.text(n, v, max_length=10_000, required=False, multiline=True), empty=""),
    Column("skills", ("vaardigheden",), _list, empty=[]),
    Column("hours_min", ("uren_min", "min_uren"), fields.hours, empty=0),
    Column("hours_max", ("uren_max", "max_uren"), fields.hours, empty=40),
    Column("employment_type", ("soort_contract", "dienstverband"), fields.employment_type, empty="fixed_term"),
    Column("duration_months", ("duur_maanden",), fields.duration_months),
    Column("positions", ("aantal_plaatsen", "plaatsen"), fields.positions, empty=1),
    Column("driving_licence", ("rijbewijs",), fields.driving_licence),
    Column("certificates", ("certificaten",), fields.certificates, empty=[]),
    Column("dutch_level", ("niveau_nederlands", "taalniveau"), fields.dutch_level),
    Column("physical_demands", ("fysieke_eisen", "lichamelijke_eisen"), fields.physical_demands, empty=[]),
    Column("eligible_target_groups", ("doelgroepen",), fields.target_groups, empty=[]),
    Column("status", (), fields.vacancy_status, empty="open"),
    Column("opened_on", ("geopend_op", "open_vanaf"), fields.date),
    Column("closes_on", ("sluit_op", "sluitingsdatum"), fields.date),
)

ORGANISATION_COLUMNS = (
    Column("name", ("naam",), _text(200), required=True),
    Column("kvk_number", ("kvk", "kvk_nummer"), fields.kvk_number),
    Column("is_contracting_authority", ("aanbestedende_dienst",), fields.boolean, empty=False),
    Column("is_anchor", ("ankerorganisatie",), fields.boolean, empty=False),
    Column("is_contractor", ("opdrachtnemer",), fields.boolean, empty=False),
    Column("is_social_enterprise", ("sociale_onderneming",), fields.boolean, empty=False),
    Column("social_enterprise_status", ("status_sociale_onderneming",), fields.social_enterprise_status),
    Column("social_enterprise_since", ("sociale_onderneming_sinds",), fields.date),
    Column("pso_level", ("pso_trede",), fields.pso_level),
    Column("municipality", ("gemeente",), _text(80)),
)

CONTRACT_COLUMNS = (
    Column("reference", ("referentie", "opdrachtnummer"), _reference, required=True),
    Column("title", ("titel",), _text(200), required=True),
    Column("buyer_kvk", ("kvk_opdrachtgever",), fields.kvk_number, attribute=None),
    Column("buyer_name", ("opdrachtgever",), _text(200), attribute=None),
    Column("contractor_kvk", ("kvk_opdrachtnemer",), fields.kvk_number, attribute=None),
    Column("contractor_name", ("opdrachtnemer",), _text(200), attribute=None),
    Column("kind", ("soort",), fields.contract_kind, required=True),
    Column("value_eur", ("waarde_eur", "waarde"), fields.euro_cents, required=True, attribute="value_cents"),
    Column("percentage", (), fields.percentage, empty=5.0),
    Column("obligation_override_eur", ("verplichting_afwijkend_eur",), fields.euro_cents, attribute="obligation_override_cents"),
    Column("override_reason", ("reden_afwijking",), lambda n, v: fields.text(n, v, max_length=2_000, multiline=True)),
    Column("start_date", ("startdatum",), fields.date, required=True),
    Column("end_date", ("einddatum",), fields.date, required=True),
    Column("interim_report_due", ("tussenrapportage",), fields.date),
    Column("final_report_due", ("eindrapportage",), fields.date),
    Column("account_manager", ("accountmanager",), _login, attribute=None),
    Column("status", (), fields.contract_status, empty="active"),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    "seekers": SEEKER_COLUMNS,
    "vacancies": VACANCY_COLUMNS,
    "organisations": ORGANISATION_COLUMNS,
    "contracts": CONTRACT_COLUMNS,
}
#: The column that identifies a record of each kind (organisations: KvK number, else name).
KEY_COLUMN = {"seekers": "client_number", "vacancies": "reference", "organisations": "kvk_number", "contracts": "reference"}
#: Columns that may hold 8- or 9-digit numbers that are not a BSN.
_NOT_BSN_COLUMNS = frozenset({"kvk_number", "employer_kvk", "buyer_kvk", "contractor_kvk", "phone"})


#: A template's note after a column name: ``Klantnummer (verplicht)``, ``E-mail (optioneel)``.
_REQUIRED_NOTE = re.compile(r"\s*[(\[]\s*(?:verplicht|niet verplicht|optioneel|required|optional)\s*[)\]]$")


def normalise_header(header: object) -> str:
    """``" Hours Min "`` → ``hours_min``; ``"E-mail"`` → ``e_mail``; a required-marker ``*`` or
    ``(verplicht)`` / ``(optioneel)`` (``(required)`` / ``(optional)``) is dropped."""
    text = "" if header is None else str(header)
    text = text.replace("\ufeff", "").strip().strip('"').strip().rstrip("*").strip().lower()
    text = _REQUIRED_NOTE.sub("", text).rstrip("*").strip()
    return re.sub(r"[^0-9a-zà-ÿ]+", "_", text).strip("_")


def forbidden_header(header: str) -> bool:
    """True for a column that would bring a BSN or a protected attribute into srmatch."""
    name = normalise_header(header)
    words = name.split("_")
    return name.replace("_", "") in FORBIDDEN_HEADER_WORDS or any(word in FORBIDDEN_HEADER_WORDS for word in words)


def header_names(kind: str) -> dict[str, Column]:
    """Every accepted spelling (English and Dutch, normalised) → its column."""
    names: dict[str, Column] = {}
    for column in COLUMNS[kind]:
        names[column.name] = column
        for dutch in column.dutch:
            names.setdefault(normalise_header(dutch), column)
    return names


@dataclass(frozen=True)
class Mapping:
    """Which file column feeds which importable column."""

    positions: tuple[tuple[int, Column, str], ...]  # (index in row, column, header as written)
    ignored: tuple[str, ...]

    @cached_property
    def present(self) -> set[str]:
        return {column.name for _, column, _ in self.positions}

    @cached_property
    def bsn_exempt(self) -> frozenset[int]:
        """Positions of columns that hold 8- or 9-digit numbers that are no BSN (KvK, phone)."""
        return frozenset(index for index, column, _ in self.positions if column.name in _NOT_BSN_COLUMNS)


def map_headers(kind: str, headers: Sequence[str], *, hint: str = "") -> Mapping:
    """Match the file's headers to the kind's columns; refuse forbidden, doubled or missing ones
    (``hint`` follows the missing ones: the workbook's other sheets)."""
    forbidden = [header for header in headers if header and forbidden_header(header)]
    if forbidden:
        raise _refuse("forbidden_column", columns=", ".join(repr(h.strip()) for h in forbidden))
    names = header_names(kind)
    positions: list[tuple[int, Column, str]] = []
    seen: dict[str, str] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        column = names.get(normalise_header(header))
        if column is None:
            if normalise_header(header):
                ignored.append(header.strip())
            continue
        if column.name in seen:
            raise _refuse("double_column", first=seen[column.name], second=header.strip())
        seen[column.name] = header.strip()
        positions.append((index, column, header.strip()))
    present = set(seen)
    missing = [column.name for column in COLUMNS[kind] if column.required and column.name not in present]
    if kind == "vacancies" and not present & {"employer_name", "employer_kvk"}:
        missing.append("employer_name / employer_kvk")
    if kind == "contracts":
        missing += [f"{role}_name / {role}_kvk" for role in ("buyer", "contractor") if not present & {f"{role}_name", f"{role}_kvk"}]
    if kind == "organisations" and "name" not in present:
        pass  # already listed as required
    if missing:
        refusal = _refuse("missing_columns", columns=", ".join(missing), kind=kind)
        raise ImportRefused(f"{refusal} {hint}") if hint else refusal
    return Mapping(positions=tuple(positions), ignored=tuple(ignored))


# --- validating rows -----------------------------------------------------------------------


@dataclass
class ParsedRow:
    """A row whose cells all passed their field rules; ``values`` by column name."""

    row: int
    values: dict[str, Any]


@dataclass
class ValidatedFile:
    """A file read and checked row by row, ready to be applied to the database."""

    kind: str
    file_name: str
    mapping: Mapping
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rejected_rows: set[int] = field(default_factory=set)
    refused: str | None = None

    @property
    def rejected(self) -> int:
        return len(self.rejected_rows)


def _shown(value: object) -> str:
    text = fields.as_text("", value) if not isinstance(value, str) else value
    return text if len(text) <= 80 else text[:77] + "…"


def _safe_shown(value: object) -> str:
    try:
        return _shown(value)
    except InvalidField as error:
        return error.value


def validate_file(kind: str, path: Path, *, sheet: str | None = None, progress: Progress | None = None) -> ValidatedFile:
    """Read ``path`` and check every row; file-level problems raise :class:`ImportRefused`."""
    if kind not in KINDS:
        raise UserFacingError(t("import.unknown_kind", kind=kind, kinds=", ".join(KINDS)))
    table = read_sheet(Path(path), sheet, is_header=_has_required_columns(kind))
    hint = ""
    if sheet is None and table.other_sheets:
        hint = t("import.refused.other_sheets", sheet=table.sheet_name, sheets=", ".join(table.other_sheets))
    mapping = map_headers(kind, table.headers, hint=hint)
    result = ValidatedFile(kind=kind, file_name=Path(path).name, mapping=mapping)
    width = len(table.headers)
    key = KEY_COLUMN[kind]
    key_names = (key, "name") if kind == "organisations" else (key,)
    key_positions = [index for name in key_names for index, column, _ in mapping.positions if column.name == name]
    seen_keys: dict[str, int] = {}
    total = len(table.rows)
    for done, (row_number, cells) in enumerate(table.rows, start=1):
        if progress is not None and done % 1000 == 0:
            progress("check", done, total)
        if all(fields.is_empty(cell) for cell in cells):
            continue
        parsed = _check_row(kind, row_number, cells, table.headers, mapping, result)
        # Duplicates are found on the raw key, so a second row with the key of a rejected one is reported too.
        key_text = _duplicate_key(cells, key_positions)
        if key_text:
            first = seen_keys.get(key_text)
            if first is not None:
                index = key_positions[0]
                header = table.headers[index].strip() if index < len(table.headers) else key
                shown = fields.mask(cells[index]) if fields.looks_like_bsn(cells[index]) else _safe_shown(cells[index])
                _add_problem(result, row_number, header, shown, t("import.problem.duplicate", row=first))
                continue
            seen_keys[key_text] = row_number
        if parsed is not None and row_number not in result.rejected_rows:
            result.rows.append(parsed)
    if progress is not None:
        progress("check", total, total)
    return result


def _has_required_columns(kind: str) -> HeaderTest:
    """A row that names every required column of ``kind`` (in English or Dutch): its header row."""
    names = header_names(kind)
    required = {column.name for column in COLUMNS[kind] if column.required}

    def test(cells: Sequence[object]) -> bool:
        found = {names[name].name for cell in cells if type(cell) is str and (name := normalise_header(cell)) in names}
        return required <= found

    return test


def _duplicate_key(cells: Sequence[object], positions: Sequence[int]) -> str:
    """The row's key as compared for duplicates: the first non-empty key cell, trimmed, lower case."""
    for index in positions:
        if index < len(cells) and not fields.is_empty(cells[index]):
            cell = cells[index]
            text = str(int(cell)) if isinstance(cell, float) and cell.is_integer() else str(cell)
            return text.strip().lower()
    return ""


def _add_problem(result: ValidatedFile, row: int, column: str, value: str, reason: str) -> None:
    # The one place a value enters the report: a number that could be a BSN is never repeated,
    # whatever column it stood in or whatever else was wrong with it.
    if value and fields.looks_like_bsn(value):
        value = fields.mask(value)
    result.problems.append(Problem(row=row, column=column, value=value, reason=reason))
    result.rejected_rows.add(row)


def _check_row(
    kind: str, row_number: int, cells: Sequence[object], headers: Sequence[str], mapping: Mapping, result: ValidatedFile
) -> ParsedRow | None:
    ok = True
    width = len(headers)
    exempt = mapping.bsn_exempt
    if len(cells) > width and any(not fields.is_empty(cell) for cell in cells[width:]):
        _add_problem(result, row_number, "", "", t("import.problem.extra_cells", cells=len(cells), columns=width))
        ok = False
    for index, cell in enumerate(cells):
        if cell is None:
            continue
        if type(cell) is str:
            length = len(cell)
            if length > MAX_CELL_CHARS:
                header = _file_header(headers, index)
                _add_problem(result, row_number, header, cell[:20] + "…", t("import.problem.huge_cell", max=MAX_CELL_CHARS))
                return None
            if length < 9 or index in exempt or not _bsn_shaped(cell):
                continue
        elif index in exempt or not _bsn_shaped(cell):
            continue
        if fields.looks_like_bsn(cell):
            _add_problem(result, row_number, _file_header(headers, index), fields.mask(cell), t("fields.looks_like_bsn"))
            ok = False
    values: dict[str, Any] = {}
    for index, column, header in mapping.positions:
        raw = cells[index] if index < len(cells) else None
        try:
            values[column.name] = parse_cell(column, header, raw)
        except InvalidField as error:
            if not (error.reason == t("fields.looks_like_bsn") and fields.looks_like_bsn(raw)):
                _add_problem(result, row_number, header, error.value if len(error.value) <= 80 else error.value[:77] + "…", error.reason)
            ok = False
    if not ok:
        return None
    problems = record_problems(kind, values, mapping.present)
    if problems:
        # A row is rejected on its first rule across columns (one line per row in the report).
        first = problems[0]
        _add_problem(result, row_number, _header_of(mapping, first.field), first.value, first.reason)
        return None
    return ParsedRow(row=row_number, values=values)


def parse_cell(column: Column, label: str, raw: object) -> Any:
    """One value through its column's rule: the importer's and the forms' one way to read a field.

    Empty input gives the column's default (a fresh copy of a list), or "required" for a
    required column; anything else goes through the column's parser. ``label`` names the
    field in the error (the header as written in a file, or the form's field name).
    """
    if fields.is_empty(raw):
        if column.required:
            raise InvalidField(label, "", t("fields.required"))
        return _copy(column.empty)
    return column.parse(label, raw)


def record_problems(kind: str, values: dict[str, Any], present: Collection[str]) -> list[InvalidField]:
    """The rules across columns of one record, whose fields passed their own rules.

    ``values`` by column name; ``present`` the columns given (a rule about two columns
    applies when both are). Each problem's ``field`` is the column name it belongs to.
    Used by the importer (per row) and by ``services/profiles.py`` (per form).
    """
    problems: list[InvalidField] = []
    low, high = values.get("hours_min"), values.get("hours_max")
    if isinstance(low, int) and isinstance(high, int) and {"hours_min", "hours_max"} <= set(present):
        try:
            fields.hours_range(low, high, field="hours_min")
        except InvalidField as error:
            problems.append(error)
    if kind == "contracts":
        start, end = values.get("start_date"), values.get("end_date")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            problems.append(InvalidField("end_date", end.isoformat(), t("import.problem.ends_before_start")))
        if values.get("obligation_override_eur") is not None and not values.get("override_reason"):
            problems.append(InvalidField("obligation_override_eur", str(values["obligation_override_eur"] / 100),
                                         t("import.problem.override_needs_reason")))
    if kind == "vacancies" and not values.get("employer_name") and not values.get("employer_kvk"):
        problems.append(InvalidField("employer_name", "", t("import.problem.no_employer")))
    if kind == "contracts":
        for role in ("buyer", "contractor"):
            if not values.get(f"{role}_name") and not values.get(f"{role}_kvk"):
                problems.append(InvalidField(f"{role}_name", "", t(f"import.problem.no_{role}")))
    return problems


def _bsn_shaped(cell: object) -> bool:
    """9 digits as text, or an 8/9-digit number cell (Excel drops the leading zero)."""
    if isinstance(cell, str):
        digits = cell.strip().replace(" ", "").replace(".", "")
        return len(digits) == 9
    return isinstance(cell, (int, float)) and not isinstance(cell, bool)


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _file_header(headers: Sequence[str], index: int) -> str:
    """The header of column ``index`` as written in the file (``#12`` when it has none)."""
    header = headers[index].strip() if index < len(headers) else ""
    return header or f"#{index + 1}"


def _header_of(mapping: Mapping, name: str) -> str:
    return next((header for _, column, header in mapping.positions if column.name == name), name)


# --- applying to the database --------------------------------------------------------------


def import_file(
    engine: Engine,
    kind: str,
    path: Path,
    actor: Actor,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate ``path`` and write its rows (see the module docstring for the rules)."""
    from srmatch.services.users import registered, require_role

    if kind in IMPORT_ROLES:
        actor = registered(engine, actor)
        require_role(actor, *IMPORT_ROLES[kind])
    try:
        validated = validate_file(kind, path, sheet=sheet, progress=progress)
    except ImportRefused as error:
        if not dry_run:
            _audit_refusal(engine, actor, kind, Path(path).name, str(error))
        return ImportReport(kind=kind, file_name=Path(path).name, dry_run=dry_run, written=False, refused=str(error))
    return apply(engine, validated, actor, dry_run=dry_run, skip_invalid=skip_invalid, progress=progress)


def _audit_refusal(engine: Engine, actor: Actor, kind: str, file_name: str, reason: str) -> None:
    with Session(engine) as session:
        audit.record(session, actor, f"import.{kind}", _OBJECT_TYPE[kind], None, result="refused",
                     reason=f"file {file_name[:120]}: {reason}")
        session.commit()


_OBJECT_TYPE = {"seekers": "job_seeker", "vacancies": "vacancy", "organisations": "organisation", "contracts": "contract"}
_MODEL: dict[str, type[SQLModel]] = {"seekers": JobSeeker, "vacancies": Vacancy, "organisations": Organisation, "contracts": Contract}


def apply(
    engine: Engine,
    validated: ValidatedFile,
    actor: Actor,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Write a validated file in one transaction (or, for a dry run, count and roll back)."""
    kind = validated.kind
    validated = replace(validated, problems=list(validated.problems), rejected_rows=set(validated.rejected_rows))
    session = Session(engine, expire_on_commit=False)
    try:
        if not dry_run:
            _lock_for_import(session)
        writer = _Writer(engine, session, validated, progress)
        plan = writer.plan(writer.resolve())
        # A dry run counts what the valid rows would do, so a check shows both halves.
        if validated.rejected and not skip_invalid and not dry_run:
            session.rollback()
            report = _report(validated, dry_run=dry_run, written=False)
            if not dry_run:
                audit.record(session, actor, f"import.{kind}", _OBJECT_TYPE[kind], None,
                             result="rejected", reason=_counts_text(report))
                session.commit()
            return report
        counts = writer.execute(plan)
        report = _report(validated, dry_run=dry_run, written=not dry_run, counts=counts)
        if dry_run:
            session.rollback()
        else:
            audit.record(session, actor, f"import.{kind}", _OBJECT_TYPE[kind], None,
                         result="success" if report.ok else "partial",
                         reason=_counts_text(report))
            session.commit()
        return report
    except IntegrityError as error:
        session.rollback()
        detail = str(error.orig).splitlines()[0] if error.orig else ""
        raise UserFacingError(t("import.conflict", error=detail)) from error
    except BaseException:
        session.rollback()
        raise
    finally:
        if not dry_run and session.get_bind().dialect.name == "sqlite":
            with contextlib.suppress(Exception):
                session.execute(text(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}"))
                session.rollback()
        session.close()


#: How long an import waits for another import's write lock on SQLite.
IMPORT_LOCK_WAIT_MS = 60_000

#: Key of the PostgreSQL advisory lock that lets one import write at a time.
_PG_IMPORT_LOCK = 0x5352_4D46


def _lock_for_import(session: Session) -> None:
    """Take the write lock before reading, so a second import waits for this one to finish.

    SQLite: ``BEGIN IMMEDIATE`` (a deferred transaction that read first could not write after
    another import committed). PostgreSQL: a transaction-scoped advisory lock.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        # Another import may hold the lock for a while: wait up to a minute, not the usual 5 s.
        session.execute(text(f"PRAGMA busy_timeout = {IMPORT_LOCK_WAIT_MS}"))
        session.execute(text("BEGIN IMMEDIATE"))
    elif dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_IMPORT_LOCK})


def _counts_text(report: ImportReport) -> str:
    return (
        f"file {report.file_name}: added {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
        f"rejected {report.rejected}" + (f", employers created {report.created_employers}" if report.created_employers else "")
    )


def _report(validated: ValidatedFile, *, dry_run: bool, written: bool, counts: dict[str, int] | None = None) -> ImportReport:
    counts = counts or {}
    problems = sorted(validated.problems, key=lambda p: p.row)
    return ImportReport(
        kind=validated.kind,
        file_name=validated.file_name,
        dry_run=dry_run,
        written=written,
        added=counts.get("added", 0),
        updated=counts.get("updated", 0),
        unchanged=counts.get("unchanged", 0),
        created_employers=counts.get("created_employers", 0),
        rejected=validated.rejected,
        problems=tuple(problems),
        ignored_columns=validated.mapping.ignored,
    )


@dataclass(frozen=True)
class _NewOrganisation:
    """An employer the file names that the database does not know yet (created on write)."""

    name: str
    kvk: str | None


@dataclass
class _Plan:
    inserts: list[dict[str, Any]]
    updates: list[dict[str, Any]]
    unchanged: int


class _Writer:
    """Resolves references (caseworkers, employers, contracts) and writes one kind of record."""

    def __init__(self, engine: Engine, session: Session, validated: ValidatedFile, progress: Progress | None) -> None:
        self.engine = engine
        self.session = session
        self.validated = validated
        self.kind = validated.kind
        self.model = _MODEL[self.kind]
        self.progress = progress
        self.present = validated.mapping.present

    def _problem(self, row: ParsedRow, column: str, value: object, reason: str) -> None:
        _add_problem(self.validated, row.row, _header_of(self.validated.mapping, column), _safe_shown(value), reason)

    def resolve(self) -> list[tuple[ParsedRow, dict[str, Any]]]:
        """Each valid row as the store attributes the file gives, plus resolved ids."""
        rows = [row for row in self.validated.rows if row.row not in self.validated.rejected_rows]
        resolved: list[tuple[ParsedRow, dict[str, Any]]] = []
        users = self._users() if self.present & {"caseworker", "account_manager"} else {}
        for row in rows:
            attributes = {
                column.store_attribute: row.values[column.name]
                for _, column, _ in self.validated.mapping.positions
                if column.store_attribute is not None
            }
            for login_column, attribute in (("caseworker", "caseworker_id"), ("account_manager", "account_manager_id")):
                if login_column in self.present:
                    login = row.values[login_column]
                    if login is None:
                        attributes[attribute] = None
                    elif login in users:
                        attributes[attribute] = users[login]
                    else:
                        self._problem(row, login_column, login, t("import.problem.unknown_user"))
            resolved.append((row, attributes))
        if self.kind == "vacancies":
            self._resolve_vacancy_references(resolved)
        if self.kind == "contracts":
            self._resolve_contract_parties(resolved)
        if self.kind == "seekers":
            self._code_seeker_occupations(resolved)
        return [(row, attributes) for row, attributes in resolved if row.row not in self.validated.rejected_rows]

    def _code_seeker_occupations(self, resolved: list[tuple[ParsedRow, dict[str, Any]]]) -> None:
        """Desired occupations and experience → vocabulary concepts, position by position
        (the same coding as the demo and ``vocabulary import-esco``: services.occupations)."""
        from srmatch.services.occupations import fill_seeker_codes, occupation_matcher

        rows = [attributes for row, attributes in resolved if row.row not in self.validated.rejected_rows
                and ("desired_occupations" in attributes or "experience" in attributes)]
        if rows:
            fill_seeker_codes(occupation_matcher(self.engine), rows)

    def _users(self) -> dict[str, int]:
        return {login.lower(): user_id for login, user_id in self.session.execute(select(col(User.login), col(User.id)))}

    def _organisations(self) -> tuple[dict[str, int | _NewOrganisation], dict[str, list[int | _NewOrganisation]]]:
        by_kvk: dict[str, int | _NewOrganisation] = {}
        by_name: dict[str, list[int | _NewOrganisation]] = {}
        statement = select(col(Organisation.id), col(Organisation.name), col(Organisation.kvk_number))
        for org_id, name, kvk in self.session.execute(statement):
            assert org_id is not None
            if kvk:
                by_kvk[kvk] = org_id
            by_name.setdefault(name.strip().lower(), []).append(org_id)
        return by_kvk, by_name

    def _find_organisation(
        self,
        row: ParsedRow,
        role: str,
        by_kvk: dict[str, int | _NewOrganisation],
        by_name: dict[str, list[int | _NewOrganisation]],
        *,
        create: bool,
    ) -> int | _NewOrganisation | None:
        name: str | None = row.values.get(f"{role}_name")
        kvk: str | None = row.values.get(f"{role}_kvk")
        name_column, kvk_column = f"{role}_name", f"{role}_kvk"
        if kvk:
            found = by_kvk.get(kvk)
            if found is not None:
                return found
            if not create:
                self._problem(row, kvk_column, kvk, t("import.problem.unknown_organisation"))
                return None
            if not name:
                self._problem(row, kvk_column, kvk, t("import.problem.unknown_employer_needs_name"))
                return None
        elif name:
            matches = by_name.get(name.strip().lower(), [])
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                self._problem(row, name_column, name, t("import.problem.ambiguous_organisation", count=len(matches)))
                return None
            if not create:
                self._problem(row, name_column, name, t("import.problem.unknown_organisation"))
                return None
        else:
            return None
        new = _NewOrganisation(name=name or "", kvk=kvk or None)
        if kvk:
            by_kvk[kvk] = new
        by_name.setdefault((name or "").strip().lower(), []).append(new)
        return new

    def _resolve_vacancy_references(self, resolved: list[tuple[ParsedRow, dict[str, Any]]]) -> None:
        by_kvk, by_name = self._organisations()
        contracts: dict[str, int] = {
            reference: contract_id
            for reference, contract_id in self.session.execute(select(col(Contract.reference), col(Contract.id)))
            if contract_id is not None
        }
        for row, attributes in resolved:
            employer = self._find_organisation(row, "employer", by_kvk, by_name, create=True)
            if employer is not None:
                attributes["employer_id"] = employer
            if "contract_reference" in self.present:
                reference = row.values["contract_reference"]
                if reference is None:
                    attributes["contract_id"] = None
                elif reference in contracts:
                    attributes["contract_id"] = contracts[reference]
                else:
                    self._problem(row, "contract_reference", reference, t("import.problem.unknown_contract"))
        self._normalise_occupations(resolved)

    def _normalise_occupations(self, resolved: list[tuple[ParsedRow, dict[str, Any]]]) -> None:
        """Vacancy titles → an occupation of the vocabulary (DESIGN.md §5), when the matcher is sure."""
        from srmatch.services.vocabulary import title_matcher

        rows = [attributes for row, attributes in resolved if row.row not in self.validated.rejected_rows]
        if not rows:
            return
        suggestions = title_matcher(self.engine).suggest_many([attributes["title"] for attributes in rows], top=1)
        for attributes, found in zip(rows, suggestions, strict=True):
            attributes["occupation_code"] = found[0].uri if found and found[0].score >= OCCUPATION_MIN_SCORE else None

    def _resolve_contract_parties(self, resolved: list[tuple[ParsedRow, dict[str, Any]]]) -> None:
        by_kvk, by_name = self._organisations()
        for row, attributes in resolved:
            for role in ("buyer", "contractor"):
                found = self._find_organisation(row, role, by_kvk, by_name, create=False)
                if found is not None:
                    attributes[f"{role}_id"] = found

    def _existing(self) -> dict[Any, dict[str, Any]]:
        table = self.model.__table__  # type: ignore[attr-defined]
        records: dict[Any, dict[str, Any]] = {}
        for mapping in self.session.execute(select(table)).mappings():
            record = dict(mapping)
            records[self._key_of(record)] = record
            if self.kind == "organisations":
                records.setdefault(("name", str(record["name"]).strip().lower()), record)
        return records

    def _key_of(self, attributes: dict[str, Any]) -> Any:
        if self.kind == "organisations":
            kvk = attributes.get("kvk_number")
            return kvk if kvk else ("name", str(attributes.get("name", "")).strip().lower())
        return attributes[KEY_COLUMN[self.kind]]

    def _defaults(self) -> dict[str, Any]:
        """Values of a new record for every column the file does not give (the model's defaults)."""
        blank = self.model()
        table = self.model.__table__  # type: ignore[attr-defined]
        defaults: dict[str, Any] = {
            column.name: getattr(blank, column.name, None) for column in table.columns if column.name != "id"
        }
        for column in COLUMNS[self.kind]:
            attribute = column.store_attribute
            if attribute is not None:
                defaults[attribute] = column.empty
        if self.kind == "vacancies":
            defaults["opened_on"] = dt.date.today()
            defaults["occupation_code"] = None
            defaults["contract_id"] = None
        if self.kind == "seekers":
            defaults["caseworker_id"] = None
        if self.kind == "contracts":
            defaults["account_manager_id"] = None
        return defaults

    def plan(self, rows: list[tuple[ParsedRow, dict[str, Any]]]) -> _Plan:
        """Split the rows into records to add, to update and unchanged ones."""
        existing = self._existing()
        defaults = self._defaults()
        now = utc_now()
        plan = _Plan(inserts=[], updates=[], unchanged=0)
        for row, attributes in rows:
            current = existing.get(self._key_of(attributes))
            if current is None and self.kind == "organisations" and attributes.get("kvk_number"):
                by_name = existing.get(("name", str(attributes.get("name", "")).strip().lower()))
                current = by_name if by_name is not None and not by_name.get("kvk_number") else None
            merged = {**defaults, **attributes} if current is None else {**current, **attributes}
            if not self._check_merged(row, merged):
                continue
            derived = self._derived(merged)
            if current is None:
                record = {key: _copy(value) for key, value in merged.items()} | derived
                record["created_at"] = now
                if self.kind == "seekers":
                    record["updated_at"] = now
                plan.inserts.append(record)
                continue
            changes = {key: value for key, value in (attributes | derived).items() if not _same(current.get(key), value)}
            if not changes:
                plan.unchanged += 1
                continue
            changes["id"] = current["id"]
            if self.kind == "seekers":
                changes["updated_at"] = now
            plan.updates.append(changes)
        return plan

    def _derived(self, merged: dict[str, Any]) -> dict[str, Any]:
        """Columns computed from others: the folded search key (bulk writes skip the ORM events)."""
        if self.kind == "seekers":
            return {"search_key": search_keys.seeker_key(merged.get("display_name"), merged.get("client_number"), merged.get("postcode"))}
        if self.kind == "vacancies":
            key = search_keys.vacancy_key(merged.get("title"), merged.get("reference"), merged.get("postcode"), merged.get("description"))
            return {"search_key": key}
        if self.kind == "organisations":
            return {"search_key": search_keys.organisation_key(merged.get("name"), merged.get("kvk_number"))}
        return {}

    def execute(self, plan: _Plan) -> dict[str, int]:
        """Write the plan in chunks (reporting progress); the caller commits."""
        created = self._create_organisations(plan)
        total = len(plan.inserts) + len(plan.updates)
        done = 0
        for start in range(0, len(plan.inserts), WRITE_CHUNK):
            chunk = plan.inserts[start : start + WRITE_CHUNK]
            self.session.execute(insert(self.model.__table__), chunk)  # type: ignore[attr-defined]
            done += len(chunk)
            if self.progress is not None:
                self.progress("write", done, total)
        for start in range(0, len(plan.updates), WRITE_CHUNK):
            chunk = plan.updates[start : start + WRITE_CHUNK]
            for group in _same_keys(chunk):
                self.session.execute(update(self.model), group)
            done += len(chunk)
            if self.progress is not None:
                self.progress("write", done, total)
        self.session.flush()
        return {"added": len(plan.inserts), "updated": len(plan.updates), "unchanged": plan.unchanged, "created_employers": created}

    def _create_organisations(self, plan: _Plan) -> int:
        """Create the employers that surviving rows name but the database does not know."""
        ids: dict[_NewOrganisation, int] = {}
        for record in (*plan.inserts, *plan.updates):
            new = record.get("employer_id")
            if isinstance(new, _NewOrganisation):
                if new not in ids:
                    organisation = Organisation(name=new.name, kvk_number=new.kvk)
                    self.session.add(organisation)
                    self.session.flush()
                    assert organisation.id is not None
                    ids[new] = organisation.id
                record["employer_id"] = ids[new]
        return len(ids)

    def _check_merged(self, row: ParsedRow, merged: dict[str, Any]) -> bool:
        """Rules across columns once the file's values meet the stored ones (hours range)."""
        low, high = merged.get("hours_min"), merged.get("hours_max")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            column = "hours_min" if "hours_min" in self.present else "hours_max"
            self._problem(row, column, f"{low}-{high}", t("fields.hours_min_above_max", low=low, high=high))
            return False
        return True


def _same(stored: Any, new: Any) -> bool:
    if isinstance(stored, float) or isinstance(new, float):
        try:
            return stored is not None and new is not None and abs(float(stored) - float(new)) < 1e-9
        except (TypeError, ValueError):
            return False
    return bool(stored == new)


def _same_keys(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Bulk UPDATE needs the same columns in every row of one statement: group by key set."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    yield from groups.values()


def count_records(engine: Engine, kind: str) -> int:
    """How many records of ``kind`` the database holds (for screens and tests)."""
    with Session(engine) as session:
        return int(session.execute(select(func.count()).select_from(_MODEL[kind])).scalar_one())


def key_column(kind: str) -> str:
    return KEY_COLUMN[kind]




def samples_folder() -> Path:
    """The folder of example import files shipped with srmatch (``data/samples``)."""
    from srmatch.matching.resources import data_path

    return data_path("samples")


def sample_files() -> list[Path]:
    """The example import files (CSV and XLSX), for the import screen to offer."""
    folder = samples_folder()
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.suffix.lower() in (".csv", ".xlsx"))
