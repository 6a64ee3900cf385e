"""Importing spreadsheets as a caseworker does: samples, mistakes, Dutch Excel, idempotence, audit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine, select
from sqlmodel import col

from srmatch.cli import main
from srmatch.matching.resources import data_path
from srmatch.services.audit import Actor
from srmatch.services.importing import import_file
from srmatch.store.engine import session_scope
from srmatch.store.models import AuditEvent, Contract, JobSeeker, Organisation, User, Vacancy

SAMPLES = data_path("samples")
ADMIN = Actor(login="tester", origin="test-host", role="admin")

SEEKER_HEADER = "client_number,display_name,postcode,target_group,hours_min,hours_max"


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def seekers(engine: Engine) -> dict[str, JobSeeker]:
    with session_scope(engine) as session:
        return {s.client_number: s for s in session.execute(select(JobSeeker)).scalars()}


def audit_events(engine: Engine, action: str) -> list[AuditEvent]:
    with session_scope(engine) as session:
        return list(session.execute(select(AuditEvent).where(col(AuditEvent.action) == action)).scalars())


def test_the_samples_import_cleanly_and_a_second_time_change_nothing(engine: Engine) -> None:
    first = import_file(engine, "seekers", SAMPLES / "seekers.csv", ADMIN)
    assert (first.added, first.rejected, first.problems) == (8, 0, ())
    vacancies = import_file(engine, "vacancies", SAMPLES / "vacancies.csv", ADMIN)
    assert (vacancies.added, vacancies.rejected, vacancies.created_employers) == (6, 0, 4)
    again = import_file(engine, "seekers", SAMPLES / "seekers.csv", ADMIN)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 8)
    xlsx = SAMPLES / "seekers_and_vacancies.xlsx"
    from_xlsx = import_file(engine, "seekers", xlsx, ADMIN)
    assert (from_xlsx.added, from_xlsx.updated, from_xlsx.unchanged) == (0, 0, 8)
    vacancies_xlsx = import_file(engine, "vacancies", xlsx, ADMIN, sheet="vacatures")
    assert (vacancies_xlsx.added, vacancies_xlsx.updated, vacancies_xlsx.unchanged) == (0, 0, 6)
    noor = seekers(engine)["VB-0001"]
    assert noor.target_group == "participatiewet"
    assert noor.postcode == "3073 AB"
    assert noor.desired_occupations == ["schoonmaker", "glazenwasser"]
    assert noor.available_from == dt.date(2026, 12, 1)
    assert noor.travels_independently and noor.consent_anonymous_profile
    assert seekers(engine)["VB-0007"].status == "paused"


def test_dutch_excel_csv_in_windows_1252_with_semicolons(engine: Engine, tmp_path: Path) -> None:
    text = "Klantnummer;Naam;Postcode;Doelgroep;Beschikbaar vanaf;Reist zelfstandig\r\nKL-1;José Ruíz;3012 ab;Statushouder;1-3-2027;nee\r\n"
    report = import_file(engine, "seekers", write(tmp_path, "export.csv", text, "cp1252"), ADMIN)
    assert report.ok and report.added == 1
    jose = seekers(engine)["KL-1"]
    assert (jose.display_name, jose.postcode, jose.target_group) == ("José Ruíz", "3012 AB", "statushouder")
    assert jose.available_from == dt.date(2027, 3, 1) and jose.travels_independently is False


def test_utf8_with_bom_and_header_case_spaces_and_order(engine: Engine, tmp_path: Path) -> None:
    text = "\ufeffTarget Group , POSTCODE,Display Name,client number\nWajong,3011,Zoë,KL-2\n"
    report = import_file(engine, "seekers", write(tmp_path, "bom.csv", text), ADMIN)
    assert report.ok
    assert seekers(engine)["KL-2"].display_name == "Zoë"


def test_a_sheet_with_mistakes_gets_a_report_and_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    text = (
        f"{SEEKER_HEADER},available_from,work_restrictions\n"
        "KL1,Jan,30733,ww,10,20,,\n"           # bad postcode
        "KL2,Piet,3012,bijstandsmoeder,,,,\n"  # unknown target group
        "KL3,Kees,3012,ww,32,20,,\n"           # min above max
        "KL1,Klaas,3012,ww,,,,\n"              # duplicate client number
        "KL5,Anna,3012,ww,,,31-02-2026,\n"     # unreadable date
        "KL6,Bob,3012,ww,,,,\n"                # fine
    )
    report = import_file(engine, "seekers", write(tmp_path, "mistakes.csv", text), ADMIN)
    assert not report.ok and not report.written
    assert report.rejected == 5
    found = {(p.row, p.column) for p in report.problems}
    assert found == {(2, "postcode"), (3, "target_group"), (4, "hours_min"), (5, "client_number"), (6, "available_from")}
    reasons = {p.row: p.reason for p in report.problems}
    assert "postcode" in reasons[2] and "target group" in reasons[3] and "above maximum" in reasons[4]
    assert "row 2" in reasons[5] and "date" in reasons[6]
    assert seekers(engine) == {}
    (event,) = audit_events(engine, "import.seekers")
    assert event.result == "rejected" and "mistakes.csv" in (event.reason or "") and "rejected 5" in (event.reason or "")


def test_skip_invalid_writes_the_valid_rows_and_still_reports_the_rest(engine: Engine, tmp_path: Path) -> None:
    text = f"{SEEKER_HEADER}\nKL1,Jan,30733,ww,,\nKL2,Piet,3012,ww,,\n"
    report = import_file(engine, "seekers", write(tmp_path, "some.csv", text), ADMIN, skip_invalid=True)
    assert (report.added, report.rejected, report.written, report.ok) == (1, 1, True, False)
    assert set(seekers(engine)) == {"KL2"}


def test_a_changed_row_updates_its_record_and_missing_columns_keep_their_values(engine: Engine, tmp_path: Path) -> None:
    import_file(engine, "seekers", write(tmp_path, "a.csv", f"{SEEKER_HEADER},skills\nKL1,Jan,3012,ww,20,32,koken\nKL2,Piet,3012,ww,,,\n"), ADMIN)
    report = import_file(engine, "seekers", write(tmp_path, "b.csv", "client_number,display_name,postcode,target_group\nKL1,Jan Jansen,3012,ww\nKL2,Piet,3012,ww\n"), ADMIN)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
    jan = seekers(engine)["KL1"]
    assert jan.display_name == "Jan Jansen"
    assert (jan.hours_min, jan.hours_max, jan.skills) == (20, 32, ["koken"])
    too_many = import_file(engine, "seekers", write(tmp_path, "c.csv", "client_number,display_name,postcode,target_group,hours_min\nKL1,Jan,3012,ww,40\n"), ADMIN)
    assert too_many.rejected == 1 and "above maximum" in too_many.problems[0].reason


def test_dry_run_counts_and_writes_nothing(engine: Engine) -> None:
    report = import_file(engine, "seekers", SAMPLES / "seekers.csv", ADMIN, dry_run=True)
    assert (report.added, report.written, report.dry_run) == (8, False, True)
    assert seekers(engine) == {}
    assert audit_events(engine, "import.seekers") == []


@pytest.mark.parametrize("column", ["BSN", "burgerservicenummer", "Geslacht", "gender", "Nationaliteit", "Geboortedatum", "date of birth", "Leeftijd", "religie"])
def test_a_file_with_a_protected_column_is_refused_as_a_whole(engine: Engine, tmp_path: Path, column: str) -> None:
    text = f"{SEEKER_HEADER},{column}\nKL1,Jan,3012,ww,,,x\n"
    report = import_file(engine, "seekers", write(tmp_path, "people.csv", text), ADMIN)
    assert report.refused is not None and column in report.refused and "AVG" in report.refused
    assert seekers(engine) == {}
    (event,) = audit_events(engine, "import.seekers")
    assert event.result == "refused"


def test_missing_required_columns_are_named(engine: Engine, tmp_path: Path) -> None:
    report = import_file(engine, "seekers", write(tmp_path, "x.csv", "client_number,display_name\nKL1,Jan\n"), ADMIN)
    assert report.refused is not None and "postcode" in report.refused and "target_group" in report.refused


def test_nine_digit_numbers_passing_the_eleven_test_are_never_imported_or_repeated(engine: Engine, tmp_path: Path) -> None:
    text = f"{SEEKER_HEADER},remarks\nKL1,Jan,3012,ww,,,123456782\n111222333,Piet,3012,ww,,,\n"
    report = import_file(engine, "seekers", write(tmp_path, "x.csv", text), ADMIN)
    assert report.rejected == 2
    assert all("BSN" in p.reason for p in report.problems)
    assert not any("123456782" in p.value or "111222333" in p.value for p in report.problems)


def test_audit_event_holds_counts_and_file_name_never_the_rows(engine: Engine) -> None:
    import_file(engine, "seekers", SAMPLES / "seekers.csv", ADMIN)
    (event,) = audit_events(engine, "import.seekers")
    assert event.result == "success" and event.object_id is None and "seekers.csv" in (event.reason or "")
    assert "added 8" in (event.reason or "")
    assert "Noor" not in (event.reason or "") and "VB-0001" not in (event.reason or "")


def test_vacancies_create_unknown_employers_resolve_contracts_and_normalise_occupations(engine: Engine, tmp_path: Path) -> None:
    with session_scope(engine) as session:
        buyer = Organisation(name="Gemeente Voorbeeld", kvk_number="90000009", is_contracting_authority=True)
        session.add(buyer)
        session.flush()
        assert buyer.id is not None
        session.add(Contract(reference="OPD-1", title="Schoonmaak", buyer_id=buyer.id, contractor_id=buyer.id, kind="dienst",
                             value_cents=100, start_date=dt.date(2026, 1, 1), end_date=dt.date(2027, 1, 1)))
    text = (
        "reference,title,postcode,employer_name,employer_kvk,contract_reference,eligible_target_groups\n"
        "V1,Medewerker schoonmaak (m/v/x),3071,Nieuw BV,90000010,OPD-1,WW|Wajong\n"
        "V2,Kok,3011,Gemeente Voorbeeld,,,\n"
        "V3,Kok,3011,,90000011,,\n"
        "V4,Kok,3011,Ander BV,,OPD-404,\n"
    )
    report = import_file(engine, "vacancies", write(tmp_path, "v.csv", text), ADMIN, skip_invalid=True)
    assert (report.added, report.rejected, report.created_employers) == (2, 2, 1)
    reasons = {p.row: p.reason for p in report.problems}
    assert "employer_name" in reasons[4] and "contract" in reasons[5]
    with session_scope(engine) as session:
        rows = {v.reference: v for v in session.execute(select(Vacancy)).scalars()}
        orgs = {o.name for o in session.execute(select(Organisation)).scalars()}
    assert orgs == {"Gemeente Voorbeeld", "Nieuw BV"}  # "Ander BV" belongs to a rejected row: not created
    assert rows["V1"].eligible_target_groups == ["ww", "wajong"]
    assert rows["V1"].contract_id is not None
    assert rows["V1"].occupation_code == "srm:schoonmaker"


def test_organisations_then_contracts(engine: Engine, tmp_path: Path) -> None:
    with session_scope(engine) as session:
        session.add(User(login="am.bakker", display_name="A. Bakker", role="account_manager"))
    organisations = (
        "naam;kvk;aanbestedende dienst;opdrachtnemer;sociale onderneming;status sociale onderneming\n"
        "Gemeente Voorbeeld;90000009;ja;nee;nee;\n"
        "Bouw BV;90000012;nee;ja;nee;\n"
        "Werkplaats Zuid;;nee;nee;ja;erkend\n"
    )
    report = import_file(engine, "organisations", write(tmp_path, "o.csv", organisations), ADMIN)
    assert report.ok and report.added == 3
    again = import_file(engine, "organisations", write(tmp_path, "o.csv", organisations), ADMIN)
    assert again.unchanged == 3
    contracts = (
        "reference,title,buyer_kvk,contractor_name,kind,value_eur,percentage,start_date,end_date,account_manager\n"
        "OPD-1,Nieuwbouw school,90000009,Bouw BV,werk,\"2.000.000,00\",5,2026-01-01,2027-12-31,AM.Bakker\n"
        "OPD-2,Onbekend,90000009,Niemand BV,dienst,100,5,2026-01-01,2025-12-31,\n"
    )
    result = import_file(engine, "contracts", write(tmp_path, "c.csv", contracts), ADMIN, skip_invalid=True)
    assert (result.added, result.rejected) == (1, 1)
    with session_scope(engine) as session:
        (contract,) = session.execute(select(Contract)).scalars()
    assert contract.value_cents == 200_000_000 and contract.kind == "werk" and contract.account_manager_id is not None


def test_xlsx_with_real_dates_numbers_and_booleans(engine: Engine, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Klantnummer", "Naam", "Postcode", "Doelgroep", "Uren min", "Uren max", "Beschikbaar vanaf", "Reist zelfstandig"])
    sheet.append(["KL-9", "Mo", 3011, "WW", 20, 32.0, dt.datetime(2027, 2, 1), False])
    path = tmp_path / "sheet.xlsx"
    workbook.save(path)
    report = import_file(engine, "seekers", path, ADMIN)
    assert report.ok
    mo = seekers(engine)["KL-9"]
    assert (mo.postcode, mo.hours_min, mo.hours_max, mo.available_from, mo.travels_independently) == ("3011", 20, 32, dt.date(2027, 2, 1), False)


def test_unknown_sheet_and_old_excel_are_explained(engine: Engine, tmp_path: Path) -> None:
    report = import_file(engine, "seekers", SAMPLES / "seekers_and_vacancies.xlsx", ADMIN, sheet="Blad9")
    assert report.refused is not None and "werkzoekenden" in report.refused
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert "xlsx" in (import_file(engine, "seekers", old, ADMIN).refused or "")


def test_cli_exit_code_report_file_and_dutch(database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path, "fouten.csv", "klantnummer;naam;postcode;doelgroep\nKL1;Jan;30733;ww\nKL2;Piet;3012;ww\n")
    report_file = tmp_path / "rapport.csv"
    code = main(["--db", database_url, "--lang", "nl", "import", "seekers", str(bad), "--report", str(report_file)])
    out = capsys.readouterr().out
    assert code == 1
    assert "afgewezen" in out and "postcode" in out and "Er is niets geschreven" in out
    lines = report_file.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "row,column,value,reason" and lines[1].startswith("2,postcode,30733,")
    good = main(["--db", database_url, "import", "seekers", str(SAMPLES / "seekers.csv")])
    assert good == 0


def test_docs_name_every_column_in_english_and_dutch() -> None:
    from srmatch.services.importing import COLUMNS, normalise_header

    docs = (Path(__file__).resolve().parent.parent / "docs" / "importing.md").read_text(encoding="utf-8")
    documented = {normalise_header(name) for name in __import__("re").findall(r"`([^`]+)`", docs)}
    for columns in COLUMNS.values():
        for column in columns:
            assert column.name in documented, column.name
            for dutch in column.dutch:
                assert normalise_header(dutch) in documented, dutch


def test_dry_run_of_a_file_with_mistakes_counts_the_valid_rows(engine: Engine, tmp_path: Path) -> None:
    text = f"{SEEKER_HEADER}\nKL1,Jan,30733,ww,,\nKL2,Piet,3012,ww,,\n"
    report = import_file(engine, "seekers", write(tmp_path, "half.csv", text), ADMIN, dry_run=True)
    assert (report.added, report.rejected, report.written) == (1, 1, False)
    assert seekers(engine) == {}


def test_imported_and_updated_records_are_found_by_search(engine: Engine, tmp_path: Path) -> None:
    from srmatch.services import records

    import_file(engine, "seekers", SAMPLES / "seekers.csv", ADMIN)
    import_file(engine, "vacancies", SAMPLES / "vacancies.csv", ADMIN)
    assert [row.client_number for row in records.list_seekers(engine, "achterberg")] == ["VB-0001"]
    assert [row.reference for row in records.list_vacancies(engine, "keukenhulp")] == ["VB-VAC-03"]
    renamed = write(tmp_path, "renamed.csv", "client_number,display_name,postcode,target_group\nVB-0001,Noor Çelik,3073 AB,participatiewet\n")
    assert import_file(engine, "seekers", renamed, ADMIN).updated == 1
    assert [row.client_number for row in records.list_seekers(engine, "celik")] == ["VB-0001"]
    assert records.list_seekers(engine, "achterberg") == []
