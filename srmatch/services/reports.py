"""Social-return reports: the rule set in words, the programme in lines, the contract report
(CSV, XLSX for a manager, Markdown), and the contractor's realisation sheet in and out.

Figures come from :mod:`srmatch.services.social_return` (and so from the one valuation
function); this module only lays them out and reads the sheet back.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import col, select

from srmatch.errors import UserFacingError
from srmatch.formatting import format_date
from srmatch.i18n import t
from srmatch.services import audit, fields
from srmatch.services.audit import Actor
from srmatch.services.fields import InvalidField
from srmatch.services.importing import normalise_header, read_sheet
from srmatch.services.rules import RuleSet
from srmatch.services.social_return import (
    MAX_LIMIT,
    ContractRow,
    ContributionRequest,
    ProgrammeFigures,
    SocialReturnError,
    _apply,
    _contract,
    contract_figures,
    contract_rule_set,
    require_editor,
    show_contract,
    value_request,
)
from srmatch.services.valuation import cents_to_euros, format_eur, parse_euros, plain_number, to_cents
from srmatch.store.engine import session_scope
from srmatch.store.models import Contract, Contribution, ContributionStatus, Organisation

ROUTES = ("1", "2", "3", "4", "5", "6")
EURO_FORMAT = '"€"#,##0.00'


class ReportError(UserFacingError):
    """A report or sheet that cannot be written or read as asked."""


# --- the rule set in words ------------------------------------------------------------

def describe_rule_set(rule_set: RuleSet, *, as_json: bool = False) -> Any:
    """The rule set as an account manager reads it (or as JSON with amounts in euros)."""
    ob = rule_set.obligation
    if as_json:
        return {
            "name": rule_set.name, "region": rule_set.region, "title": rule_set.title,
            "valid_from": rule_set.valid_from.isoformat(), "status": rule_set.status, "source": rule_set.source,
            "note": rule_set.note, "obligation": {
                "base": ob.base,
                "kinds": {k: {"percentage": float(r.percentage), "threshold": float(r.threshold),
                              **({} if r.min_term_months is None else {"min_term_months": r.min_term_months})}
                          for k, r in ob.kinds.items()},
                "labour_share": None if ob.labour_share is None else {"below": float(ob.labour_share.below),
                                                                       "percentage": float(ob.labour_share.percentage)},
                "cap": None if ob.cap is None else float(ob.cap),
                "pso": {k: (v if isinstance(v, str) else float(v)) for k, v in ob.pso.items()},
                "penalty_percent": None if ob.penalty_percent is None else float(ob.penalty_percent),
            },
            "full_time": {"basis": rule_set.full_time.basis, "hours_per_week": float(rule_set.full_time.hours_per_week),
                          "min_hours_per_week": float(rule_set.full_time.min_hours_per_week)},
            "blocks": {b.name: {"label": b.label, "route": b.route, "per_year": float(b.per_year),
                                "per_hour": None if b.per_hour is None else float(b.per_hour),
                                "window_months": b.window_months, "target_groups": list(b.target_groups)}
                       for b in rule_set.blocks.values()},
            "bonuses": {b.name: {"label": b.label, "kind": b.kind, "condition": b.condition} for b in rule_set.bonuses.values()},
            "activities": {a.name: {"label": a.label, "kind": a.kind} for a in rule_set.activities.values()},
            "routes": {r.route: {"label": r.label, "max_share": None if r.max_share is None else float(r.max_share),
                                 "minimum": None if r.minimum is None else float(r.minimum),
                                 "needs_second_approval": r.needs_second_approval} for r in rule_set.routes.values()},
        }

    def eur(amount: Decimal) -> str:
        return format_eur(to_cents(amount))

    num = plain_number

    lines = [f"{rule_set.name}: {rule_set.title}",
             f"{t('sr.rules.valid_from')} {format_date(rule_set.valid_from)} · {t(f'sr.rule_status.{rule_set.status}')}",
             f"{t('sr.rules.source')}: {rule_set.source}"]
    if rule_set.note:
        lines.append(f"{t('sr.rules.note')}: {rule_set.note}")
    lines.append("")
    lines.append(t("sr.rules.obligation", base=t(f"sr.rules.base.{ob.base}")))
    for kind, rule in ob.kinds.items():
        term = "" if rule.min_term_months is None else f", {t('sr.rules.min_term', months=rule.min_term_months)}"
        lines.append(f"  {kind}: {num(rule.percentage)}% {t('sr.rules.from')} {eur(rule.threshold)}{term}")
    if ob.labour_share:
        lines.append(f"  {t('sr.rules.labour_share', below=num(ob.labour_share.below * 100), pct=num(ob.labour_share.percentage))}")
    if ob.cap is not None:
        lines.append(f"  {t('sr.rules.cap', cap=eur(ob.cap))}")
    for level, discount in ob.pso.items():
        lines.append(f"  PSO {level}: {discount if isinstance(discount, str) else f'-{num(discount)}%'}")
    if ob.penalty_percent is not None:
        lines.append(f"  {t('sr.rules.penalty', pct=num(ob.penalty_percent))}")
    ft = rule_set.full_time
    lines.append("")
    lines.append(t(f"sr.rules.full_time.{ft.basis}", hours=ft.hours_per_week, year=ft.hours_per_year or ""))
    if ft.min_hours_per_week:
        lines.append(f"  {t('sr.rules.min_hours', hours=ft.min_hours_per_week)}")
    lines.append(t("sr.rules.blocks"))
    for block in rule_set.blocks.values():
        rate = f"{eur(block.per_hour)}/h · " if block.per_hour is not None else ""
        window = t("sr.rules.window", months=block.window_months) if block.window_months else t("sr.rules.always")
        lines.append(f"  {block.name:<34} {t(f'route.{block.route}')[:10]:<10} {rate}{eur(block.per_year)}/yr · {window}")
    if rule_set.bonuses:
        lines.append(t("sr.rules.bonuses"))
        for bonus in rule_set.bonuses.values():
            amount = bonus.per_hour if bonus.kind == "per_hour" else bonus.per_year if bonus.kind == "per_year" else bonus.amount
            shown = f" {eur(amount)}" if amount is not None else ""
            lines.append(f"  {bonus.name:<34} {t(f'sr.rules.bonus_kind.{bonus.kind}')}{shown} ({bonus.label})")
    lines.append(t("sr.rules.purchasing", share=num(rule_set.purchasing.recognised_share * 100)))
    if rule_set.activities:
        lines.append(t("sr.rules.activities"))
        for activity in rule_set.activities.values():
            detail = f" {eur(activity.amount)}" if activity.amount is not None else ""
            if activity.multiplier != 1:
                detail += f" × {num(activity.multiplier)}"
            if activity.maximum is not None:
                detail += f", {t('valuation.at_most')} {eur(activity.maximum)}"
            lines.append(f"  {activity.name:<34} {t(f'sr.rules.activity_kind.{activity.kind}')}{detail}")
    for route in rule_set.routes.values():
        parts = []
        if route.max_share is not None:
            parts.append(t("sr.rules.route_cap", share=num(route.max_share * 100)))
        if route.minimum is not None:
            parts.append(t("sr.rules.route_min", amount=eur(route.minimum)))
        if route.needs_second_approval:
            parts.append(t("sr.rules.second_approval"))
        if parts:
            lines.append(f"{t(f'route.{route.route}')}: {'; '.join(parts)}")
    return "\n".join(lines)


# --- programme ------------------------------------------------------------------------

def _share(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def programme_lines(f: ProgrammeFigures) -> list[str]:
    """The programme figures as lines of text (``srmatch programme``)."""
    lines = [
        t("sr.programme.title", year=f.year),
        t("sr.programme.anchors", n=f.anchor_organisations, baseline=f.anchor_baseline, goal=f.anchor_goal),
        t("sr.programme.anchor_value", value=format_eur(f.anchor_realised_cents, whole=True),
          baseline=format_eur(f.anchor_value_baseline_cents, whole=True), goal=format_eur(f.anchor_value_goal_cents, whole=True)),
        t("sr.programme.social_enterprises", n=f.recognised_social_enterprises, baseline=f.social_enterprise_baseline,
          goal=f.social_enterprise_goal),
        t("sr.programme.realised", value=format_eur(f.realised_cents, whole=True),
          last=format_eur(f.realised_last_year_cents, whole=True)),
        t("sr.programme.placed", n=f.people_placed, last=f.people_placed_last_year),
        t("sr.programme.sustainable", n=f.sustainable_placements),
        t("sr.programme.city_share", share=_share(f.city_share), reference=_share(f.city_share_reference)),
        t("sr.programme.zuid_share", share=_share(f.zuid_share), reference=_share(f.zuid_share_reference)),
        t("sr.programme.contracts", counts=", ".join(f"{t(f'sr.status.{s}')} {n}" for s, n in sorted(f.contracts_by_status.items()))),
        t("sr.programme.per_month", values=" ".join(format_eur(c, whole=True) for c in f.per_month_cents)),
    ]
    if f.areas_note:
        lines.append(f.areas_note)
    return lines


# --- the contract report --------------------------------------------------------------

REPORT_COLUMNS = ("reference", "title", "contractor", "contractor_kvk", "buyer", "rule_set", "start_date", "end_date",
                  "obligation", "realised", *(f"route_{r}" for r in ROUTES), "expected", "shortfall", "status")


@dataclass(frozen=True)
class ReportLine:
    row: ContractRow
    by_route: dict[str, int]


def _report_lines(engine: Engine, year: int | None, contractor: str | None, today: dt.date) -> list[ReportLine]:
    as_of = min(today, dt.date(year, 12, 31)) if year else today
    figures = contract_figures(engine, contractor=contractor, year=year, today=as_of, limit=MAX_LIMIT)
    return [ReportLine(row, {route: cents for route, cents in by_route.items() if cents}) for row, by_route in figures]


def _values(line: ReportLine) -> dict[str, Any]:
    r = line.row
    data: dict[str, Any] = {
        "reference": r.reference, "title": r.title, "contractor": r.contractor, "contractor_kvk": r.contractor_kvk or "",
        "buyer": r.buyer, "rule_set": r.rule_set, "start_date": r.start_date, "end_date": r.end_date,
        "obligation": cents_to_euros(r.obligation_cents), "realised": cents_to_euros(r.realised_cents),
        "expected": cents_to_euros(r.expected_cents), "shortfall": cents_to_euros(r.shortfall_cents), "status": r.status,
    }
    for route in ROUTES:
        data[f"route_{route}"] = cents_to_euros(line.by_route.get(route, 0))
    return data


def _safe(text: str) -> str:
    """Neutralise a cell that a spreadsheet would run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def social_return_report(
    engine: Engine, *, fmt: str, destination: Path | None = None, year: int | None = None,
    contractor: str | None = None, today: dt.date | None = None,
) -> tuple[str | None, int]:
    """Write the per-contract report; returns (text when no file was given, number of contracts)."""
    today = today or dt.date.today()
    lines = _report_lines(engine, year, contractor, today)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(REPORT_COLUMNS)
        for line in lines:
            values = _values(line)
            writer.writerow([_safe(str(values[c])) if isinstance(values[c], str) else values[c] for c in REPORT_COLUMNS])
        text = buffer.getvalue()
    elif fmt == "md":
        text = _markdown(lines, year, today)
    elif fmt == "xlsx":
        if destination is None:
            raise ReportError(t("sr.report.xlsx_needs_file"))
        _write_xlsx(lines, destination, year, today)
        return None, len(lines)
    else:
        raise ReportError(t("sr.report.format", fmt=fmt))
    if destination is None:
        return text, len(lines)
    destination.write_text(text, encoding="utf-8")
    return None, len(lines)


def _markdown(lines: list[ReportLine], year: int | None, today: dt.date) -> str:
    head = t("sr.report.title", scope=str(year) if year else format_date(today))
    out = [f"# {head}", "",
           f"| {t('sr.col.reference')} | {t('sr.col.contractor')} | {t('sr.col.obligation')} | {t('sr.col.realised')} | "
           f"{t('sr.col.shortfall')} | {t('sr.col.status')} |", "|---|---|---:|---:|---:|---|"]
    totals = [0, 0, 0]
    for line in lines:
        r = line.row
        totals[0] += r.obligation_cents
        totals[1] += r.realised_cents
        totals[2] += r.shortfall_cents
        contractor = r.contractor.replace("|", "/")
        out.append(f"| {r.reference} | {contractor} | {format_eur(r.obligation_cents)} | {format_eur(r.realised_cents)} | "
                   f"{format_eur(r.shortfall_cents)} | {t(f'sr.status.{r.status}')} |")
    out.append(f"| **{t('sr.report.total')}** | {len(lines)} | **{format_eur(totals[0])}** | **{format_eur(totals[1])}** | "
               f"**{format_eur(totals[2])}** | |")
    return "\n".join(out) + "\n"


#: Excel's number format for a date cell of the report.
DATE_FORMAT = "yyyy-mm-dd"


def _write_xlsx(lines: list[ReportLine], destination: Path, year: int | None, today: dt.date) -> None:
    """The report as a workbook: one sheet of contracts with totals, one sheet per route.

    Written with XlsxWriter in constant-memory mode (rows streamed to the file): about twice
    as fast as openpyxl's write-only mode for the 250,000 cells of 5,000 contracts, which is
    what keeps the report inside its 5 s target (``benchmarks/social_return.py``). Strings go
    through ``_safe`` and are written as text, never as formulas.
    """
    import xlsxwriter
    import xlsxwriter.exceptions
    import xlsxwriter.utility

    workbook = xlsxwriter.Workbook(str(destination), {"constant_memory": True, "strings_to_formulas": False,
                                                      "strings_to_numbers": False, "strings_to_urls": False})
    try:
        heading = workbook.add_format({"bold": True, "bg_color": "#DDDDDD"})
        bold = workbook.add_format({"bold": True})
        euro = workbook.add_format({"num_format": EURO_FORMAT})
        euro_total = workbook.add_format({"num_format": EURO_FORMAT, "bold": True})
        day = workbook.add_format({"num_format": DATE_FORMAT})
        share_format = workbook.add_format({"num_format": "0.0%"})

        sheet = workbook.add_worksheet(t("sr.report.sheet")[:31])
        headers = [t(f"sr.report.col.{c}") for c in REPORT_COLUMNS]
        money = {"obligation", "realised", "expected", "shortfall", *(f"route_{r}" for r in ROUTES)}
        for index, column in enumerate(REPORT_COLUMNS):
            width = max(len(headers[index]), 12 if column in money else 10)
            if column in ("title", "contractor", "buyer"):
                width = 32
            sheet.set_column(index, index, width + 2)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(lines), len(REPORT_COLUMNS) - 1)
        for index, header in enumerate(headers):
            sheet.write_string(0, index, header, heading)
        for row_index, line in enumerate(lines, start=1):
            values = _values(line)
            for index, column in enumerate(REPORT_COLUMNS):
                value = values[column]
                if column == "status":
                    value = t(f"sr.status.{value}")
                if isinstance(value, Decimal):
                    sheet.write_number(row_index, index, float(value), euro)
                elif isinstance(value, dt.date):
                    sheet.write_datetime(row_index, index, dt.datetime.combine(value, dt.time()), day)
                elif value is None:
                    continue
                else:
                    sheet.write_string(row_index, index, _safe(str(value)))
        total_row = len(lines) + 1
        sheet.write_string(total_row, 0, t("sr.report.total"), bold)
        if lines:
            for index, column in enumerate(REPORT_COLUMNS):
                if column in money:
                    letter = xlsxwriter.utility.xl_col_to_name(index)
                    sheet.write_formula(total_row, index, f"=SUM({letter}2:{letter}{total_row})", euro_total)

        for route in ROUTES:
            route_sheet = workbook.add_worksheet(t(f"route.{route}")[:31])
            for index, width in enumerate((16, 34, 16, 16, 10)):
                route_sheet.set_column(index, index, width)
            route_sheet.freeze_panes(1, 0)
            for index, key in enumerate(("sr.report.col.reference", "sr.report.col.contractor", "sr.report.col.obligation",
                                         "sr.report.col.route_value", "sr.report.col.share")):
                route_sheet.write_string(0, index, t(key), heading)
            rows = [line for line in lines if line.by_route.get(route)]
            for row_index, line in enumerate(rows, start=1):
                value = line.by_route.get(route, 0)
                share = value / line.row.obligation_cents if line.row.obligation_cents else 0
                route_sheet.write_string(row_index, 0, line.row.reference)
                route_sheet.write_string(row_index, 1, _safe(line.row.contractor))
                route_sheet.write_number(row_index, 2, float(cents_to_euros(line.row.obligation_cents)), euro)
                route_sheet.write_number(row_index, 3, float(cents_to_euros(value)), euro)
                route_sheet.write_number(row_index, 4, share, share_format)
            end = len(rows) + 1
            route_sheet.write_string(end, 0, t("sr.report.total"), bold)
            if rows:
                route_sheet.write_formula(end, 3, f"=SUM(D2:D{end})", euro_total)
        workbook.set_properties({"title": t("sr.report.title", scope=str(year) if year else format_date(today))})
    finally:
        try:
            workbook.close()  # the file is only created here, whole, from the streamed parts
        except xlsxwriter.exceptions.FileCreateError as error:
            cause = error.args[0] if error.args else None
            if isinstance(cause, OSError):  # a missing folder, no permission: the user's to fix, one line
                raise cause from None
            raise


# --- the contractor's sheet -----------------------------------------------------------

TEMPLATE_COLUMNS = ("contract", "key", "route", "start", "end", "target_group", "hours_per_week", "bonuses",
                    "amount_eur", "activity", "quantity", "supplier_kvk", "justification", "evidence", "description",
                    "counts_from")
#: Columns added after the first sheets went out: a row leaves them out of its content key when
#: empty, so a sheet filled in before they existed keys its rows as it did then.
_LATER_COLUMNS = ("counts_from",)


def write_contractor_template(engine: Engine, reference: str, destination: Path, *, today: dt.date | None = None) -> int:
    """Write a contract's realisation sheet for the contractor to fill in; returns the lines pre-filled.

    Sheet 1 holds the lines (existing ones with their key, so the contractor updates rather
    than duplicates them); sheet 2 the contract's figures and the values allowed in each
    column, taken from the contract's rule set. A folder that is not there or cannot be
    written is one translated line (:class:`ReportError`), for the command and the screen alike.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    if destination.suffix.lower() != ".xlsx":
        raise ReportError(t("sr.report.template_xlsx"))
    folder = destination.parent
    if not folder.is_dir():
        raise ReportError(t("sr.report.no_folder", folder=str(folder)))
    detail = show_contract(engine, reference, today=today)
    with session_scope(engine) as session:
        contract = _contract(session, reference)
        rule_set = contract_rule_set(contract)
        lines = session.exec(select(Contribution).where(Contribution.contract_id == contract.id)
                             .where(col(Contribution.placement_id).is_(None)).order_by(col(Contribution.id))).all()
        suppliers = {o.id: o.kvk_number for o in session.exec(select(Organisation)).all()}
        existing = [(c, suppliers.get(c.supplier_id) if c.supplier_id else None) for c in lines]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "contributions"
    sheet.append(list(TEMPLATE_COLUMNS))
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
    for c, supplier_kvk in existing:
        sheet.append([
            detail.row.reference, c.import_key or f"line-{c.id}", int(c.route), c.period_start, c.period_end,
            c.block or "", c.hours_per_week, "|".join(c.bonuses or []),
            float(cents_to_euros(c.amount_cents)) if c.amount_cents is not None else None,
            c.activity_kind or "", c.quantity, supplier_kvk or "", c.justification or "", c.evidence or "",
            _safe(c.activity or ""), c.counts_from,
        ])
    for _ in range(30):
        sheet.append([detail.row.reference])
    route_check = DataValidation(type="whole", operator="between", formula1="1", formula2="6", allow_blank=True)
    sheet.add_data_validation(route_check)
    route_check.add(f"C2:C{sheet.max_row}")
    for row in sheet.iter_rows(min_row=2, min_col=4, max_col=5):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    for (cell,) in sheet.iter_rows(min_row=2, min_col=16, max_col=16):
        cell.number_format = "yyyy-mm-dd"
    for index, width in enumerate((14, 14, 6, 12, 12, 26, 8, 20, 12, 20, 9, 12, 30, 24, 30, 12), start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    sheet.freeze_panes = "A2"

    info = workbook.create_sheet("contract")
    for label, value in (
        (t("sr.field.reference"), detail.row.reference), (t("sr.field.title"), detail.row.title),
        (t("sr.field.contractor"), detail.row.contractor), (t("sr.field.rule_set"), rule_set.name),
        (t("sr.field.obligation"), float(cents_to_euros(detail.row.obligation_cents))),
        (t("sr.field.realised"), float(cents_to_euros(detail.row.realised_cents))),
        (t("sr.field.shortfall"), float(cents_to_euros(detail.row.shortfall_cents))),
        (t("sr.field.term"), f"{detail.row.start_date} – {detail.row.end_date}"), ("", ""),
        (t("sr.template.how"), t("sr.template.how_text")), ("", ""),
        ("route", "1-6: " + ", ".join(t(f"route.{r}") for r in ROUTES)),
        ("target_group", ", ".join(rule_set.blocks)), ("bonuses", ", ".join(rule_set.bonuses)),
        ("activity", ", ".join(rule_set.activities)),
    ):
        info.append([label, value])
    for row_index in (5, 6, 7):
        info.cell(row=row_index, column=2).number_format = EURO_FORMAT
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 90
    try:
        workbook.save(destination)
    except PermissionError:
        raise ReportError(t("sr.report.no_permission", path=str(destination))) from None
    except OSError as error:  # a directory of that name, a full disk, a file open in Excel on Windows
        raise ReportError(t("sr.report.cannot_write", path=str(destination),
                            reason=error.strerror or type(error).__name__)) from None
    return len(existing)


@dataclass(frozen=True)
class RowProblem:
    """One rejected row: the row number as the spreadsheet shows it, the column, the value, why."""

    row: int
    column: str
    value: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, with problems, would have done: nothing was written)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: tuple[RowProblem, ...] = ()
    written: bool = False
    contracts: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged, "rejected": self.rejected,
                "written": self.written, "contracts": list(self.contracts),
                "problems": [p.to_json() for p in self.problems]}


def _read_rows(path: Path, sheet: str | None = None) -> list[tuple[int, dict[str, Any]]]:
    """The sheet's rows by column name, read as every import reads a file (``services.importing``):
    the encoding and separator of a CSV detected, a title above the column names passed over,
    header case, spaces and hyphens ignored, an unreadable file refused in one line."""
    def has_columns(cells: Sequence[object]) -> bool:
        return {"contract", "route", "start"} <= {normalise_header(cell) for cell in cells if isinstance(cell, str)}

    table = read_sheet(path, sheet, is_header=has_columns, default_sheet="contributions")
    headers = [normalise_header(h) for h in table.headers]
    missing = [c for c in ("contract", "route", "start") if c not in headers]
    if missing:
        raise ReportError(t("sr.import.missing_columns", columns=", ".join(missing), path=path.name))
    result = []
    for number, values in table.rows:
        record = {h: v for h, v in zip(headers, values, strict=False) if h}
        if all(v is None or str(v).strip() == "" for k, v in record.items() if k != "contract"):
            continue  # an empty template row
        result.append((number, record))
    return result


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _cell_date(value: Any, column: str, row: int) -> dt.date | None:
    """A date as every import reads one (``services.fields.date``: ISO, Dutch, month names, Excel cells)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return fields.date(column, value)
    except InvalidField:
        raise _Problem(column, _cell_text(value), t("sr.import.bad_date")) from None


def _cell_decimal(value: Any, column: str) -> Decimal | None:
    """A number 0 or more with a decimal comma or point (``12,5``, ``1.234,5``: ``services.fields``)."""
    if not _cell_text(value):
        return None
    try:
        number = fields.decimal_number(column, value)
    except InvalidField:
        raise _Problem(column, _cell_text(value), t("sr.import.bad_number")) from None
    if number < 0:
        raise _Problem(column, _cell_text(value), t("sr.import.bad_number"))
    return number


class _Problem(Exception):
    def __init__(self, column: str, value: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.value, self.reason = column, value, reason


def _request(record: dict[str, Any], row: int) -> tuple[str, ContributionRequest]:
    reference = _cell_text(record.get("contract"))
    if not reference:
        raise _Problem("contract", "", t("sr.import.required"))
    route = _cell_text(record.get("route"))
    if route not in ROUTES:
        raise _Problem("route", route, t("sr.import.bad_route"))
    start = _cell_date(record.get("start"), "start", row)
    if start is None:
        raise _Problem("start", "", t("sr.import.required"))
    end = _cell_date(record.get("end"), "end", row)
    amount_text = _cell_text(record.get("amount_eur"))
    amount = None
    if amount_text:
        try:
            amount = parse_euros(amount_text) if not isinstance(record.get("amount_eur"), (int, float)) else int(
                (Decimal(str(record["amount_eur"])) * 100).to_integral_value())
        except UserFacingError as error:
            raise _Problem("amount_eur", amount_text, str(error)) from None
    group = _cell_text(record.get("target_group")) or None
    bonuses = tuple(b.strip() for b in _cell_text(record.get("bonuses")).split("|") if b.strip())
    content = "|".join(_cell_text(record.get(c)) for c in TEMPLATE_COLUMNS
                       if c != "key" and (c not in _LATER_COLUMNS or _cell_text(record.get(c))))
    key = _cell_text(record.get("key")) or "row-" + hashlib.sha256(content.encode()).hexdigest()[:16]
    request = ContributionRequest(
        route=route, period_start=start, period_end=end, target_group=group, block=None,
        hours_per_week=_cell_decimal(record.get("hours_per_week"), "hours_per_week"), bonuses=bonuses,
        amount_cents=amount, activity=_cell_text(record.get("activity")) or None,
        quantity=_cell_decimal(record.get("quantity"), "quantity"),
        supplier_kvk=_cell_text(record.get("supplier_kvk")) or None,
        justification=_cell_text(record.get("justification")) or None,
        evidence=_cell_text(record.get("evidence")) or None,
        description=_cell_text(record.get("description")) or None, import_key=key[:80],
        counts_from=_cell_date(record.get("counts_from"), "counts_from", row),
    )
    return reference, request


def _signature(c: Contribution) -> tuple[Any, ...]:
    return (c.route, c.period_start, c.period_end, c.block, c.hours_per_week, tuple(c.bonuses or ()), c.amount_cents,
            c.activity_kind, c.quantity, c.supplier_id, c.justification, c.evidence, c.activity, c.counts_from,
            c.value_cents)  # the value last: an untouched approved line is compared without it


def import_contributions(
    engine: Engine, actor: Actor, path: Path, *, dry_run: bool = False, skip_invalid: bool = False,
    today: dt.date | None = None, sheet: str | None = None,
) -> ImportReport:
    """Read a filled-in realisation sheet back: atomic, idempotent, with a row-level report.

    A row with a ``key`` updates the line with that key (or ``line-<id>``) on its contract;
    a row without one is keyed by its content, so importing the same file twice changes
    nothing. Imported lines are *submitted*: the account manager approves them. If any row
    is invalid nothing is written (unless ``skip_invalid``). Approved lines are never
    changed by an import (reopen them first). One audit event per import.
    """
    records = _read_rows(path, sheet)
    today = today or dt.date.today()
    problems: list[RowProblem] = []
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    touched: set[str] = set()
    with session_scope(engine) as session:
        user = require_editor(session, actor)
        seen: set[tuple[str, str]] = set()
        for row, record in records:
            try:
                reference, request = _request(record, row)
                try:
                    contract = _contract(session, reference)
                except SocialReturnError as error:
                    raise _Problem("contract", reference, str(error)) from None
                if (reference, request.import_key or "") in seen:
                    raise _Problem("key", request.import_key or "", t("sr.import.duplicate_key"))
                seen.add((reference, request.import_key or ""))
                try:
                    valuation, supplier = value_request(session, contract, request)
                except UserFacingError as error:
                    raise _Problem(_guess_column(str(error)), "", str(error)) from None
                key = request.import_key or ""
                existing = session.exec(select(Contribution).where(Contribution.contract_id == contract.id)
                                        .where(Contribution.import_key == key)).first()
                if existing is None and key.startswith("line-") and key[5:].isdigit():
                    candidate = session.get(Contribution, int(key[5:]))
                    existing = candidate if candidate is not None and candidate.contract_id == contract.id else None
                if existing is not None and existing.placement_id is not None:
                    raise _Problem("key", key, t("sr.import.automatic_line"))
                if existing is None:
                    line = Contribution(contract_id=contract.id or 0, route=request.route, period_start=request.period_start,
                                        status=ContributionStatus.SUBMITTED.value, import_key=key,
                                        submitted_by_id=user.id if user else None, submitted_at=dt.datetime.now(dt.UTC))
                    _apply(line, request, valuation, supplier)
                    session.add(line)
                    counts["added"] += 1
                else:
                    scratch = Contribution(contract_id=existing.contract_id, route=request.route,
                                           period_start=request.period_start)
                    _apply(scratch, request, valuation, supplier)
                    if _signature(scratch) == _signature(existing):
                        counts["unchanged"] += 1
                    elif existing.status == ContributionStatus.APPROVED.value and \
                            _signature(scratch)[:-1] == _signature(existing)[:-1]:
                        # The line as sent out, valued anew to another amount (the rule set changed
                        # since, or the line was valued with what a sheet does not carry): the
                        # approved value stands and the untouched line is not a problem.
                        counts["unchanged"] += 1
                    elif existing.status == ContributionStatus.APPROVED.value:
                        raise _Problem("key", key, t("sr.import.approved_line"))
                    else:
                        _apply(existing, request, valuation, supplier)
                        existing.status = ContributionStatus.SUBMITTED.value
                        session.add(existing)
                        counts["updated"] += 1
                touched.add(reference)
                session.flush()
            except _Problem as problem:
                problems.append(RowProblem(row, problem.column, problem.value, problem.reason))
        write = not dry_run and (not problems or skip_invalid)
        if not write:
            session.rollback()
            return ImportReport(**counts, rejected=len(problems), problems=tuple(problems), written=False,
                                contracts=tuple(sorted(touched)))
        contract_ids = []
        for reference in sorted(touched):
            contract = _contract(session, reference)
            contract.last_report_on = today
            session.add(contract)
            contract_ids.append(str(contract.id))
        session.flush()
        # internal ids only in the audit log; the file is named in the reason
        audit.record(session, actor, "contributions.import", "contract", None,
                     result="partial" if problems else "success",
                     reason=f"{path.name}: contracts {','.join(contract_ids) or '-'}; added {counts['added']}, "
                            f"updated {counts['updated']}, unchanged {counts['unchanged']}, rejected {len(problems)}")
    return ImportReport(**counts, rejected=len(problems), problems=tuple(problems), written=True,
                        contracts=tuple(sorted(touched)))


def _guess_column(message: str) -> str:
    lowered = message.lower()
    for column, words in (("hours_per_week", ("hours",)), ("target_group", ("target group", "block")),
                          ("bonuses", ("bonus",)), ("amount_eur", ("euro", "amount", "minimum")),
                          ("activity", ("activity",)), ("quantity", ("number of",)),
                          ("supplier_kvk", ("supplier", "kvk")), ("justification", ("justification",)),
                          ("end", ("end date",))):
        if any(word in lowered for word in words):
            return column
    return "row"
