"""Exports open in Excel as they should, never carry a live formula, and import back unchanged."""

from __future__ import annotations

import csv
import datetime as dt
import stat
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine, select
from sqlmodel import col

from srmatch.cli import main
from srmatch.matching.resources import data_path
from srmatch.services.audit import Actor
from srmatch.services.exporting import export
from srmatch.services.importing import import_file
from srmatch.store.engine import session_scope
from srmatch.store.migrate import open_database
from srmatch.store.models import AuditEvent, JobSeeker, Placement, User, Vacancy

SAMPLES = data_path("samples")
ADMIN = Actor(login="tester", origin="test-host", role="admin")
NASTY = "KL-1,=HYPERLINK(\"http://x\"),3012,ww,+31 6 1234,@SUM(A1),-2+3\n"


def _snapshot(engine: Engine) -> list[dict[str, object]]:
    with session_scope(engine) as session:
        rows = session.execute(select(JobSeeker).order_by(col(JobSeeker.client_number))).scalars().all()
        return [
            {key: value for key, value in row.model_dump().items() if key not in ("id", "created_at", "updated_at", "caseworker_id")}
            | {"caseworker": row.caseworker_id is not None}
            for row in rows
        ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_seekers_export_imports_again_to_the_same_records(engine: Engine, tmp_path: Path, fmt: str) -> None:
    with session_scope(engine) as session:
        session.add(User(login="km.jansen", display_name="K. Jansen", role="caseworker"))
    import_file(engine, "seekers", SAMPLES / "seekers.csv", ADMIN)
    extra = tmp_path / "extra.csv"
    extra.write_text(
        "client_number,display_name,postcode,target_group,phone,skills,caseworker,target_group_evidence,target_group_evidence_date\n"
        "KL-X,=cmd|' /C calc'!A0,3012,ww,+31 6 12345678,-koken|@lezen,km.jansen,UWV-besluit,2026-05-01\n",
        encoding="utf-8",
    )
    assert import_file(engine, "seekers", extra, ADMIN).ok
    exported = tmp_path / f"seekers.{fmt}"
    summary = export(engine, "seekers", ADMIN, fmt=fmt, path=exported)
    assert summary.rows == 9
    fresh = open_database(f"sqlite:///{tmp_path / 'fresh.db'}")
    with session_scope(fresh) as session:
        session.add(User(login="km.jansen", display_name="K. Jansen", role="caseworker"))
    report = import_file(fresh, "seekers", exported, ADMIN)
    assert (report.added, report.rejected) == (9, 0), report.problems
    assert _snapshot(fresh) == _snapshot(engine)
    again = import_file(engine, "seekers", exported, ADMIN)
    assert (again.unchanged, again.updated, again.added) == (9, 0, 0)
    fresh.dispose()


def test_csv_cells_that_would_run_as_formulas_get_an_apostrophe(engine: Engine, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("client_number,display_name,postcode,target_group,phone,skills,experience\n" + NASTY, encoding="utf-8")
    assert import_file(engine, "seekers", source, ADMIN).ok
    out = tmp_path / "out.csv"
    export(engine, "seekers", ADMIN, fmt="csv", path=out)
    (row,) = list(csv.DictReader(out.open(encoding="utf-8-sig", newline="")))
    assert row["display_name"] == "'=HYPERLINK(\"http://x\")"
    assert row["phone"] == "'+31 6 1234"
    assert row["skills"] == "'@SUM(A1)"
    assert row["experience"] == "'-2+3"
    assert all(not value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in row.values())


def test_xlsx_has_bold_frozen_headers_widths_date_cells_and_no_formulas(engine: Engine, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("client_number,display_name,postcode,target_group,phone,skills,experience,available_from\n"
                      + NASTY.rstrip("\n") + ",2027-01-15\n", encoding="utf-8")
    assert import_file(engine, "seekers", source, ADMIN).ok
    out = tmp_path / "out.xlsx"
    export(engine, "seekers", ADMIN, fmt="xlsx", path=out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    assert sheet.freeze_panes == "A2"
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["client_number", "display_name", "email"] and "caseworker" in headers
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["B"].width >= len('=HYPERLINK("http://x")')
    row = {header: cell for header, cell in zip(headers, sheet[2], strict=True)}
    assert row["available_from"].is_date and row["available_from"].value == dt.datetime(2027, 1, 15)
    assert row["display_name"].value == '=HYPERLINK("http://x")' and row["display_name"].data_type == "s"
    assert all(cell.data_type != "f" for cell in sheet[2])


def test_vacancies_placements_and_audit_exports(engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import_file(engine, "seekers", SAMPLES / "seekers.csv", ADMIN)
    import_file(engine, "vacancies", SAMPLES / "vacancies.csv", ADMIN)
    with session_scope(engine) as session:
        seeker = session.execute(select(JobSeeker).where(col(JobSeeker.client_number) == "VB-0001")).scalar_one()
        vacancy = session.execute(select(Vacancy).where(col(Vacancy.reference) == "VB-VAC-01")).scalar_one()
        assert seeker.id is not None and vacancy.id is not None
        session.add(Placement(seeker_id=seeker.id, vacancy_id=vacancy.id, score=81.5, hours_per_week=24))
    vacancies = tmp_path / "v.csv"
    assert export(engine, "vacancies", ADMIN, fmt="csv", path=vacancies).rows == 6
    assert import_file(engine, "vacancies", vacancies, ADMIN).unchanged == 6
    placements = tmp_path / "p.xlsx"
    assert export(engine, "placements", ADMIN, fmt="xlsx", path=placements).rows == 1
    sheet = openpyxl.load_workbook(placements).active
    assert sheet is not None
    values = {cell.value: sheet.cell(row=2, column=cell.column).value for cell in sheet[1]}
    assert values["client_number"] == "VB-0001" and values["vacancy_reference"] == "VB-VAC-01" and values["status"] == "proposed"
    assert isinstance(values["proposed_at"], dt.datetime)
    export(engine, "audit", ADMIN, fmt="csv", path=None)
    out = capsys.readouterr().out
    assert out.startswith("occurred_at,actor,action") and "import.seekers" in out and "export.vacancies" in out
    with session_scope(engine) as session:
        actions = session.execute(select(AuditEvent.action)).scalars().all()
    assert {"export.vacancies", "export.placements", "export.audit"} <= set(actions)


def test_cli_export_refuses_xlsx_to_stdout_and_a_caseworker_cannot_export_the_audit_log(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", database_url, "export", "seekers", "--format", "xlsx"]) == 1
    assert "--to" in capsys.readouterr().err
    engine = open_database(database_url)
    with session_scope(engine) as session:
        session.add_all([User(login="boss", display_name="Boss", role="admin"), User(login="km", display_name="Km", role="caseworker")])
    engine.dispose()
    assert main(["--db", database_url, "--user", "km", "export", "audit"]) == 1
    assert main(["--db", database_url, "--user", "km", "export", "seekers"]) == 0
