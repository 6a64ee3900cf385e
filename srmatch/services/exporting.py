"""Export job seekers, vacancies, placements and the audit log as CSV or XLSX.

The seekers and vacancies exports use the importer's column names (English), so an
exported file imports again to the same records. Every text cell that a spreadsheet would
run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is
neutralised: in CSV it gets an apostrophe in front (srmatch's importer removes it again);
in XLSX it is written as a text cell with Excel's quote prefix, so the value stays exact
and is never evaluated. Files are created readable by the owner only (0600) and replace
an existing file in one step. Every export writes an audit event (kind and count).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from srmatch.errors import UserFacingError
from srmatch.i18n import t
from srmatch.services import audit
from srmatch.services.audit import Actor
from srmatch.services.fields import FORMULA_GUARD, FORMULA_TRIGGERS, LIST_SEPARATOR
from srmatch.services.importing import COLUMNS
from srmatch.store.models import AuditEvent, Contract, JobSeeker, Organisation, Placement, User, Vacancy

EXPORT_KINDS = ("seekers", "vacancies", "placements", "audit")
FORMATS = ("csv", "xlsx")
EXPORT_ROLES: dict[str, tuple[str, ...]] = {
    "seekers": ("caseworker", "team_lead", "admin"),
    "vacancies": ("caseworker", "team_lead", "account_manager", "admin"),
    "placements": ("caseworker", "team_lead", "account_manager", "admin"),
    "audit": ("team_lead", "admin"),
}
_BATCH = 2_000
_MAX_WIDTH = 60


class ExportError(UserFacingError):
    """The export cannot be written (format, destination)."""


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote."""

    kind: str
    rows: int
    path: Path | None


def neutralise(value: str) -> str:
    """A CSV cell that a spreadsheet would run as a formula, made inert with an apostrophe."""
    return FORMULA_GUARD + value if value.startswith(FORMULA_TRIGGERS) else value


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return neutralise(LIST_SEPARATOR.join(str(item) for item in value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    return neutralise(str(value))


def _open_private(path: Path, binary: bool) -> tuple[IO[Any], Path]:
    """A temporary file beside ``path``, mode 0600, to be renamed over it when complete."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise ExportError(t("export.error.no_folder", folder=directory))
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    os.chmod(temp, 0o600)
    handle: IO[Any] = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8-sig", newline="")
    return handle, Path(temp)


def write_table(
    path: Path | None,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    fmt: str,
    sheet_title: str = "srmatch",
    date_columns: Sequence[int] = (),
) -> int:
    """Write ``rows`` under ``headers`` to ``path`` (CSV to stdout when None); return the row count."""
    if fmt not in FORMATS:
        raise ExportError(t("export.error.format", format=fmt))
    if fmt == "xlsx":
        if path is None:
            raise ExportError(t("export.error.xlsx_needs_file"))
        return _write_xlsx(path, headers, rows, sheet_title)
    if path is None:
        return _write_csv(sys.stdout, headers, rows)
    handle, temp = _open_private(Path(path), binary=False)
    try:
        with handle:
            count = _write_csv(handle, headers, rows)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return count


def _write_csv(handle: IO[str], headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(headers)
    count = 0
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
        count += 1
    return count


def _xlsx_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return value


def _write_xlsx(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]], sheet_title: str) -> int:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    materialised = [[_xlsx_value(value) for value in row] for row in rows]
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        sample = [len(_shown(row[index - 1])) for row in materialised[:500] if index - 1 < len(row)]
        width = min(_MAX_WIDTH, max([len(header), *sample]) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in materialised:
        cells: list[object] = []
        for value in row:
            if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                cell.quotePrefix = True
                cells.append(cell)
            elif isinstance(value, dt.datetime):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
                cells.append(cell)
            elif isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    handle, temp = _open_private(Path(path), binary=True)
    try:
        with handle:
            workbook.save(handle)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return len(materialised)


def _shown(value: object) -> str:
    if isinstance(value, dt.datetime):
        return "2026-01-01 00:00:00"
    if isinstance(value, dt.date):
        return "2026-01-01"
    return "" if value is None else str(value)


# --- what each export holds -------------------------------------------------------------


def seeker_headers() -> list[str]:
    return [column.name for column in COLUMNS["seekers"]]


def vacancy_headers() -> list[str]:
    return [column.name for column in COLUMNS["vacancies"]]


PLACEMENT_HEADERS = [
    "id", "client_number", "vacancy_reference", "status", "score", "surfaced_by_engine", "proposed_by", "proposed_at",
    "reviewed_by", "reviewed_at", "review_note", "start_date", "end_date", "hours_per_week", "employment_type",
    "end_reason", "version",
]  # fmt: skip
AUDIT_HEADERS = ["occurred_at", "actor", "action", "object_type", "object_id", "result", "origin", "reason"]


def _seeker_rows(session: Session) -> Iterator[list[object]]:
    logins = dict(session.execute(select(col(User.id), col(User.login))).all())
    names = seeker_headers()
    statement = (
        select(JobSeeker)
        .where(col(JobSeeker.erased_at).is_(None))
        .order_by(col(JobSeeker.client_number))
        .execution_options(yield_per=_BATCH)
    )
    for seeker in session.execute(statement).scalars():
        values = {name: getattr(seeker, name, None) for name in names if name != "caseworker"}
        values["caseworker"] = logins.get(seeker.caseworker_id) if seeker.caseworker_id else None
        yield [values[name] for name in names]


def _vacancy_rows(session: Session) -> Iterator[list[object]]:
    employers = {
        org_id: (name, kvk)
        for org_id, name, kvk in session.execute(
            select(col(Organisation.id), col(Organisation.name), col(Organisation.kvk_number))
        )
    }
    contracts = dict(session.execute(select(col(Contract.id), col(Contract.reference))).all())
    names = vacancy_headers()
    statement = select(Vacancy).order_by(col(Vacancy.reference)).execution_options(yield_per=_BATCH)
    for vacancy in session.execute(statement).scalars():
        employer_name, employer_kvk = employers.get(vacancy.employer_id, ("", None))
        values: dict[str, object] = {name: getattr(vacancy, name, None) for name in names}
        values["employer_name"] = employer_name
        values["employer_kvk"] = employer_kvk
        values["contract_reference"] = contracts.get(vacancy.contract_id) if vacancy.contract_id else None
        yield [values[name] for name in names]


def _placement_rows(session: Session) -> Iterator[list[object]]:
    proposer, reviewer = aliased(User), aliased(User)
    statement = (
        select(Placement, col(JobSeeker.client_number), col(Vacancy.reference), col(proposer.login), col(reviewer.login))
        .join(JobSeeker, col(JobSeeker.id) == col(Placement.seeker_id))
        .join(Vacancy, col(Vacancy.id) == col(Placement.vacancy_id))
        .outerjoin(proposer, col(proposer.id) == col(Placement.proposed_by_id))
        .outerjoin(reviewer, col(reviewer.id) == col(Placement.reviewed_by_id))
        .order_by(col(Placement.id))
        .execution_options(yield_per=_BATCH)
    )
    for placement, client_number, reference, proposed_by, reviewed_by in session.execute(statement):
        yield [
            placement.id, client_number, reference, placement.status, placement.score, placement.surfaced_by_engine,
            proposed_by, placement.proposed_at, reviewed_by, placement.reviewed_at, placement.review_note,
            placement.start_date, placement.end_date, placement.hours_per_week, placement.employment_type,
            placement.end_reason, placement.version,
        ]  # fmt: skip


def _audit_rows(session: Session) -> Iterator[list[object]]:
    statement = select(AuditEvent).order_by(col(AuditEvent.id)).execution_options(yield_per=_BATCH)
    for event in session.execute(statement).scalars():
        yield [getattr(event, name) for name in AUDIT_HEADERS]


def export(engine: Engine, kind: str, actor: Actor, *, fmt: str, path: Path | None) -> ExportSummary:
    """Write one export and its audit event; CSV goes to stdout when ``path`` is None."""
    from srmatch.services.users import registered, require_role

    if kind not in EXPORT_KINDS:
        raise ExportError(t("export.error.kind", kind=kind, kinds=", ".join(EXPORT_KINDS)))
    if fmt not in FORMATS:
        raise ExportError(t("export.error.format", format=fmt))
    actor = registered(engine, actor)
    require_role(actor, *EXPORT_ROLES[kind])
    if fmt == "xlsx" and path is None:
        raise ExportError(t("export.error.xlsx_needs_file"))
    producers = {
        "seekers": (seeker_headers(), _seeker_rows),
        "vacancies": (vacancy_headers(), _vacancy_rows),
        "placements": (PLACEMENT_HEADERS, _placement_rows),
        "audit": (AUDIT_HEADERS, _audit_rows),
    }
    headers, producer = producers[kind]
    with Session(engine) as session:
        count = write_table(path, headers, producer(session), fmt=fmt, sheet_title=kind)
        audit.record(session, actor, f"export.{kind}", "export", None,
                     reason=f"{count} rows as {fmt}" + (f" to {Path(path).name}" if path else " to stdout"))
        session.commit()
    return ExportSummary(kind=kind, rows=count, path=Path(path) if path else None)


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A small table as CSV text (for tests and previews)."""
    buffer = io.StringIO()
    _write_csv(buffer, headers, rows)
    return buffer.getvalue()
