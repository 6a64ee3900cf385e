"""Import files as municipal staff save them: Dutch Excel's CSV and workbooks, Dutch numbers and dates.

Each test builds a file the way Excel (or a municipal system's export) writes it, imports it
through the service or the command line on a real database, and checks what a user sees:
the stored values, the report, and that a refused file leaves the store as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine, select

from srmatch.cli import main
from srmatch.services.audit import Actor
from srmatch.services.importing import import_file
from srmatch.store.engine import session_scope
from srmatch.store.models import Contract, JobSeeker, Organisation, Vacancy

ADMIN = Actor(login="tester", origin="test-host", role="admin")


def seekers(engine: Engine) -> dict[str, JobSeeker]:
    with session_scope(engine) as session:
        return {s.client_number: s for s in session.execute(select(JobSeeker)).scalars()}


def contracts(engine: Engine) -> dict[str, Contract]:
    with session_scope(engine) as session:
        return {c.reference: c for c in session.execute(select(Contract)).scalars()}


def workbook(path: Path, rows: list[list[object]], formats: dict[str, str] | None = None, title: str = "Blad1") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    book.save(path)
    return path


def parties(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(Organisation(name="Gemeente Voorbeeld", kvk_number="90000009", is_contracting_authority=True))
        session.add(Organisation(name="Bouw BV", kvk_number="90000010", is_contractor=True))


CONTRACT_HEADER = ["referentie", "titel", "kvk opdrachtgever", "kvk opdrachtnemer", "soort", "waarde", "percentage", "startdatum", "einddatum"]


def test_a_percentage_cell_counts_as_the_percentage_excel_shows(engine: Engine, tmp_path: Path) -> None:
    """Excel keeps 5% as 0.05; the contract's percentage is 5, not 0.05 (its obligation 100x too small)."""
    parties(engine)
    rows: list[list[object]] = [
        CONTRACT_HEADER,
        ["OPD-1", "Nieuwbouw", 90000009, 90000010, "werk", 2_000_000, 0.05, dt.datetime(2026, 1, 1), dt.datetime(2027, 12, 31)],
        ["OPD-2", "Schoonmaak", 90000009, 90000010, "dienst", 500_000, 0.025, dt.datetime(2026, 1, 1), dt.datetime(2027, 12, 31)],
        ["OPD-3", "Catering", 90000009, 90000010, "dienst", 500_000, 4, dt.datetime(2026, 1, 1), dt.datetime(2027, 12, 31)],
    ]
    path = workbook(tmp_path / "opdrachten.xlsx", rows, {"G2": "0%", "G3": "0.0%", "G4": "General"})
    report = import_file(engine, "contracts", path, ADMIN)
    assert report.ok, report.problems
    stored = contracts(engine)
    assert (stored["OPD-1"].percentage, stored["OPD-2"].percentage, stored["OPD-3"].percentage) == (5.0, 2.5, 4.0)


def test_client_numbers_kept_with_leading_zeros_in_excel_match_the_csv_of_the_same_list(engine: Engine, tmp_path: Path) -> None:
    """A number cell formatted 0000000 shows 0012345: that is the client number, in XLSX as in CSV."""
    header = ["Klantnummer", "Naam", "Postcode", "Doelgroep"]
    path = workbook(tmp_path / "klanten.xlsx", [header, [12345, "Zoë", 3011, "WW"], [7, "Ïsa", 3012, "Wajong"]],
                    {"A2": "0000000", "A3": "0000000"})
    assert import_file(engine, "seekers", path, ADMIN).added == 2
    assert set(seekers(engine)) == {"0012345", "0000007"}
    csv_file = tmp_path / "klanten.csv"
    csv_file.write_bytes("Klantnummer;Naam;Postcode;Doelgroep\r\n0012345;Zoë;3011;WW\r\n0000007;Ïsa;3012;Wajong\r\n".encode("cp1252"))
    again = import_file(engine, "seekers", csv_file, ADMIN)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)


@pytest.mark.parametrize(
    ("written", "cents"),
    [("€ 1.250", 125_000), ("1.250", 125_000), ("€ 1.234,-", 123_400), ("EUR 1.000", 100_000),
     ("€ 1.250.000,00", 125_000_000), ("1250000.50", 125_000_050), ("€\u00a02.500,5", 250_050)],
)
def test_euro_amounts_as_dutch_people_write_them(engine: Engine, tmp_path: Path, written: str, cents: int) -> None:
    """Dutch Excel's CSV (cp1252, ';', CRLF): "1.250" is twelve hundred and fifty euro, never € 1,25."""
    parties(engine)
    text = ";".join(CONTRACT_HEADER) + "\r\n" + f"OPD-1;Bouw;90000009;90000010;werk;{written};5;1-1-2026;31-12-2027\r\n"
    path = tmp_path / "opdrachten.csv"
    path.write_bytes(text.encode("cp1252"))
    report = import_file(engine, "contracts", path, ADMIN)
    assert report.ok, report.problems
    assert contracts(engine)["OPD-1"].value_cents == cents


@pytest.mark.parametrize(
    "written",
    ["2026-03-01", "1-3-2026", "01-03-2026", "01.03.2026", "1 maart 2026", "zondag 1 maart 2026", "1-mrt-2026",
     "1 mrt. 2026", "1 March 2026", "20260301", "46082", "2026-03-01T00:00:00"],
)
def test_dates_as_excel_and_exports_write_them(engine: Engine, tmp_path: Path, written: str) -> None:
    """Excel's CSV writes a date as the cell shows it (long dates with the month's name too)."""
    path = tmp_path / "klanten.csv"
    path.write_bytes(f"klantnummer;naam;postcode;doelgroep;beschikbaar vanaf\nKL-1;Jan;3011;ww;{written}\n".encode("cp1252"))
    report = import_file(engine, "seekers", path, ADMIN)
    assert report.ok, report.problems
    assert seekers(engine)["KL-1"].available_from == dt.date(2026, 3, 1)


def test_an_excel_serial_number_in_a_date_column_is_that_date_and_a_year_is_refused(engine: Engine, tmp_path: Path) -> None:
    header = ["klantnummer", "naam", "postcode", "doelgroep", "beschikbaar vanaf"]
    path = workbook(tmp_path / "k.xlsx", [header, ["KL-1", "Jan", 3011, "ww", 46082], ["KL-2", "Piet", 3011, "ww", 2026]])
    report = import_file(engine, "seekers", path, ADMIN)
    assert [(p.row, p.column, p.value) for p in report.problems] == [(3, "beschikbaar vanaf", "2026")]
    assert seekers(engine) == {}
    assert import_file(engine, "seekers", path, ADMIN, skip_invalid=True).added == 1
    assert seekers(engine)["KL-1"].available_from == dt.date(2026, 3, 1)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_title_above_the_column_names_is_passed_over(engine: Engine, tmp_path: Path, suffix: str) -> None:
    """Exports often start with a title and a date; the row numbers stay those Excel shows."""
    rows: list[list[object]] = [
        ["Klantenbestand, team Zuid"], ["Datum: 1-3-2026", "", "", ""], ["", "", "", ""],
        ["Klantnummer", "Naam", "Postcode", "Doelgroep"], ["KL-1", "Jan", "3011", "ww"], ["KL-2", "Piet", "30111", "ww"],
    ]
    path = tmp_path / f"export.{suffix}"
    if suffix == "csv":
        path.write_text("".join(";".join(str(cell) for cell in row) + "\r\n" for row in rows), encoding="utf-8-sig")
    else:
        workbook(path, rows)
    report = import_file(engine, "seekers", path, ADMIN)
    assert report.refused is None
    assert [(p.row, p.column, p.value) for p in report.problems] == [(6, "Postcode", "30111")]


def test_semicolons_in_the_text_of_a_comma_separated_file_do_not_change_its_separator(engine: Engine, tmp_path: Path) -> None:
    """The column names decide the separator; a description full of ';' below them does not."""
    path = tmp_path / "vacatures.csv"
    task = "koken; afwassen; schoonmaken; opruimen; bestellen; inpakken; tillen; rijden"
    path.write_text("reference,title,postcode,employer_name,description\n"
                    + "".join(f"V-{n},Kok,3011,Bouw BV,{task}\n" for n in range(3)), encoding="utf-8")
    report = import_file(engine, "vacancies", path, ADMIN)
    assert report.ok and report.added == 3, report
    with session_scope(engine) as session:
        assert {v.description for v in session.execute(select(Vacancy)).scalars()} == {task}


def test_without_its_column_names_a_file_is_still_refused_naming_what_is_missing(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Klantenbestand\nKL-1;Jan;3011;ww\n", encoding="utf-8")
    report = import_file(engine, "seekers", path, ADMIN)
    assert report.refused is not None and "client_number" in report.refused
    assert seekers(engine) == {}


def test_a_line_break_inside_a_name_cell_becomes_a_space_and_a_description_keeps_it(engine: Engine, tmp_path: Path) -> None:
    """Alt+Enter in Excel: quoted fields with CRLF inside, in a CSV with CRLF line ends."""
    seeker_file = tmp_path / "k.csv"
    seeker_file.write_bytes('klantnummer;naam;postcode;doelgroep\r\nKL-1;"Jan\r\nJansen";3011;ww\r\n'.encode("cp1252"))
    assert import_file(engine, "seekers", seeker_file, ADMIN).ok
    assert seekers(engine)["KL-1"].display_name == "Jan Jansen"
    vacancy_file = tmp_path / "v.csv"
    vacancy_file.write_bytes('referentie;titel;postcode;werkgever;omschrijving\r\nV-1;"Kok\r\n(m/v)";3011;Bouw BV;"Koken.\r\nAfwassen; schoonmaken."\r\n'.encode("cp1252"))
    assert import_file(engine, "vacancies", vacancy_file, ADMIN).ok
    with session_scope(engine) as session:
        (vacancy,) = session.execute(select(Vacancy)).scalars()
        assert (vacancy.title, vacancy.description) == ("Kok (m/v)", "Koken.\nAfwassen; schoonmaken.")


def test_a_refused_row_changes_nothing_in_the_sqlite_file_and_the_cli_names_row_column_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "srmatch.db"
    good = tmp_path / "goed.csv"
    good.write_bytes("klantnummer;naam;postcode;doelgroep\r\nKL-1;José;3011 ab;WW\r\n".encode("cp1252"))
    assert main(["--db", str(database), "import", "seekers", str(good)]) == 0
    bad = tmp_path / "fout.csv"
    bad.write_bytes("klantnummer;naam;postcode;doelgroep;uren min\r\nKL-1;José Ruíz;3011 ab;WW;\r\nKL-2;Ëlla;3011;WW;12,5\r\n".encode("cp1252"))
    capsys.readouterr()
    assert main(["--db", str(database), "import", "seekers", str(bad)]) == 1
    out = capsys.readouterr().out
    (line,) = [line for line in out.splitlines() if "12,5" in line]
    assert "3" in line and "uren min" in line
    from srmatch.store.migrate import open_database

    engine = open_database(f"sqlite:///{database}")
    try:
        assert {k: s.display_name for k, s in seekers(engine).items()} == {"KL-1": "José"}
    finally:
        engine.dispose()


def test_target_groups_contract_kinds_and_contracts_in_the_words_municipal_files_use(engine: Engine, tmp_path: Path) -> None:
    """"Bijstand", "Doelgroepregister", "NUG", "WGA" are how a benefits system exports the groups;
    "Werken, leveringen en diensten" is the law's plural; "Vast contract" is how HR writes it."""
    words = {"Bijstand": "participatiewet", "P-wet": "participatiewet", "Doelgroepregister": "banenafspraak",
             "NUG": "zonder_uitkering", "Niet-uitkeringsgerechtigd": "zonder_uitkering", "WGA": "wia",
             "Nieuwkomer": "statushouder", "Praktijkonderwijs": "vso_pro", "BBL": "bbl_bol", "Participatiewet (bijstand)": "participatiewet"}
    path = tmp_path / "klanten.csv"
    path.write_bytes(("klantnummer;naam;postcode;doelgroep\r\n"
                      + "".join(f"KL-{n};Naam {n};3011;{word}\r\n" for n, word in enumerate(words))).encode("cp1252"))
    report = import_file(engine, "seekers", path, ADMIN)
    assert report.ok, report.problems
    assert {s.client_number: s.target_group for s in seekers(engine).values()} == {f"KL-{n}": group for n, group in enumerate(words.values())}
    parties(engine)
    contract_file = tmp_path / "opdrachten.csv"
    contract_file.write_bytes((";".join(CONTRACT_HEADER) + "\r\n" + "OPD-1;Bouw;90000009;90000010;Werken;1000;5;1-1-2026;31-12-2027\r\n"
                               + "OPD-2;Schoonmaak;90000009;90000010;Diensten;1000;5;1-1-2026;31-12-2027\r\n").encode("cp1252"))
    assert import_file(engine, "contracts", contract_file, ADMIN).ok
    assert {c.reference: c.kind for c in contracts(engine).values()} == {"OPD-1": "werk", "OPD-2": "dienst"}
    vacancy_file = tmp_path / "vacatures.csv"
    vacancy_file.write_bytes("referentie;titel;postcode;werkgever;dienstverband\r\nV-1;Kok;3011;Bouw BV;Vast contract\r\nV-2;Kok;3011;Bouw BV;Bepaalde tijd\r\n".encode("cp1252"))
    assert import_file(engine, "vacancies", vacancy_file, ADMIN).ok
    with session_scope(engine) as session:
        assert {v.reference: v.employment_type for v in session.execute(select(Vacancy)).scalars()} == {"V-1": "permanent", "V-2": "fixed_term"}
    unknown = tmp_path / "onbekend.csv"
    unknown.write_bytes("klantnummer;naam;postcode;doelgroep\r\nKL-99;Piet;3011;Inactief\r\n".encode("cp1252"))
    refused = import_file(engine, "seekers", unknown, ADMIN)
    assert [(p.row, p.column, p.value) for p in refused.problems] == [(2, "doelgroep", "Inactief")]


def test_a_templates_notes_after_the_column_names_are_ignored(engine: Engine, tmp_path: Path) -> None:
    """Templates mark columns "(verplicht)" or "(optioneel)" as they mark them with "*"."""
    header = ["Klantnummer (verplicht)", "Naam*", "Postcode [verplicht]", "Doelgroep (Verplicht)", "E-mail (optioneel)", "BSN (optioneel)"]
    path = workbook(tmp_path / "sjabloon.xlsx", [header[:5], ["KL-1", "Jan", "3011", "WW", "jan@example.org"]])
    report = import_file(engine, "seekers", path, ADMIN)
    assert report.ok and report.ignored_columns == (), report
    assert seekers(engine)["KL-1"].email == "jan@example.org"
    forbidden = workbook(tmp_path / "met-bsn.xlsx", [header, ["KL-2", "Piet", "3011", "WW", "", ""]])
    refused = import_file(engine, "seekers", forbidden, ADMIN)
    assert refused.refused is not None and "BSN" in refused.refused and set(seekers(engine)) == {"KL-1"}


def test_a_workbook_whose_first_sheet_is_not_the_list_is_refused_naming_its_other_sheets(engine: Engine, tmp_path: Path) -> None:
    """A first sheet of instructions: the refusal says which sheets there are, --sheet reads the list."""
    book = openpyxl.Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Toelichting"
    cover.append(["Vul het tweede blad in"])
    book.create_sheet("Klanten").append(["Klantnummer", "Naam", "Postcode", "Doelgroep"])
    book["Klanten"].append(["KL-1", "Jan", "3011", "WW"])
    book.save(tmp_path / "klanten.xlsx")
    refused = import_file(engine, "seekers", tmp_path / "klanten.xlsx", ADMIN)
    assert refused.refused is not None and "'Toelichting'" in refused.refused and "Klanten" in refused.refused
    assert "client_number" in refused.refused and seekers(engine) == {}
    assert import_file(engine, "seekers", tmp_path / "klanten.xlsx", ADMIN, sheet="klanten").added == 1


# --- the contractor's sheet of contributions (srmatch import contributions) -----------------

SOCIAL_KVK = "24000003"
SHEET_TODAY = dt.date(2026, 7, 1)


@pytest.fixture
def manager(engine: Engine) -> Actor:
    """An account manager with a contract OPD-1 and a recognised social enterprise to buy from."""
    from srmatch.services import social_return as sr
    from srmatch.services import users

    boot = users.resolve_actor(engine, "it.beheer")
    users.add_user(engine, boot, "it.beheer", "admin")
    users.add_user(engine, users.resolve_actor(engine, "it.beheer"), "km.visser", "account_manager", "Kim Visser")
    person = users.resolve_actor(engine, "km.visser")
    sr.add_organisation(engine, person, name="Gemeente Rotterdam", kvk_number="24000001", kinds=["authority"])
    sr.add_organisation(engine, person, name="Bouwbedrijf Maas", kvk_number="24000002", kinds=["contractor"])
    sr.add_organisation(engine, person, name="Sociaal Werkt", kvk_number=SOCIAL_KVK, kinds=[],
                        social_enterprise_status="erkend", social_enterprise_since=dt.date(2023, 1, 1))
    sr.add_contract(engine, person, "OPD-1", title="Onderhoud kades", buyer_kvk="24000001", contractor_kvk="24000002",
                    kind="werk", value_cents=2_000_000_00, start=dt.date(2025, 1, 1), end=dt.date(2027, 12, 31),
                    today=SHEET_TODAY)
    return person


def lines(engine: Engine) -> list[tuple[dt.date, int | None]]:
    from srmatch.services import social_return as sr

    return sorted((c.period_start, c.value_cents) for c in sr.show_contract(engine, "OPD-1", today=SHEET_TODAY).contributions)


SHEET_HEADER = ["contract", "key", "route", "start", "Hours per week", "amount_eur", "supplier_kvk"]
SHEET_ROWS = [
    ["OPD-1", "a", "3", "1-6-2025", "", "€ 1.234,56", SOCIAL_KVK],
    ["OPD-1", "b", "3", "01.06.2025", "", "1.250", SOCIAL_KVK],
    ["OPD-1", "c", "3", "2 juni 2025", "", "100", SOCIAL_KVK],
    ["OPD-1", "d", "3", "45810", "", "10,5", SOCIAL_KVK],
]
EXPECTED_LINES = [(dt.date(2025, 6, 1), 1_234_56), (dt.date(2025, 6, 1), 1_250_00), (dt.date(2025, 6, 2), 10_50),
                  (dt.date(2025, 6, 2), 100_00)]


@pytest.mark.parametrize(
    ("encoding", "separator", "title"),
    [("cp1252", ";", False), ("utf-8-sig", ",", True), ("utf-16", "\t", False), ("utf-8", ";", True)],
    ids=["dutch-excel-csv", "csv-utf8-bom-with-title", "unicode-text", "utf8-with-title"],
)
def test_the_contractors_sheet_is_read_as_every_import_reads_a_file(
    engine: Engine, manager: Actor, tmp_path: Path, encoding: str, separator: str, title: bool
) -> None:
    """Dutch Excel's CSV, CSV UTF-8, Excel's "Unicode text" (UTF-16, tabs), a title line above the
    columns; dates and amounts as Dutch people write them, a header with a capital and spaces."""
    from srmatch.services.reports import import_contributions

    rows = ([["Realisatie social return, Bouwbedrijf Maas"]] if title else []) + [SHEET_HEADER, *SHEET_ROWS, [""] * 7]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "OPD-1.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))
    report = import_contributions(engine, manager, path, today=SHEET_TODAY)
    assert (report.added, report.rejected, report.problems) == (4, 0, ())
    assert lines(engine) == EXPECTED_LINES


def test_a_contractors_workbook_is_read_from_its_contributions_sheet_in_any_case(engine: Engine, manager: Actor, tmp_path: Path) -> None:
    from srmatch.services.reports import import_contributions

    book = openpyxl.Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Toelichting"
    cover.append(["Vul het blad Contributions in"])
    sheet = book.create_sheet("Contributions")
    sheet.append(SHEET_HEADER)
    sheet.append(["OPD-1", "a", 3, dt.datetime(2025, 6, 1), None, 1234.56, int(SOCIAL_KVK)])
    sheet.append(["OPD-1", "b", 3, 45810, None, "€ 1.250", SOCIAL_KVK])
    book.save(tmp_path / "OPD-1.xlsx")
    report = import_contributions(engine, manager, tmp_path / "OPD-1.xlsx", today=SHEET_TODAY)
    assert (report.added, report.rejected) == (2, 0), report.problems
    assert lines(engine) == [(dt.date(2025, 6, 1), 1_234_56), (dt.date(2025, 6, 2), 1_250_00)]


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("OPD-1.csv", "contract;key;route;start;amount_eur;supplier_kvk\r\n".encode() + b"OPD-1;a\x81;3;1-6-2025;10;24000003\r\n", "UTF-8"),
        ("OPD-1.csv", "contract;key;route;start;amount_eur;supplier_kvk;description\r\n".encode()
         + "OPD-1;a;3;1-6-2025;10;24000003;café\r\n".encode() + "OPD-1;b;3;1-6-2025;10;24000003;café\r\n".encode("cp1252"), "2"),
        ("OPD-1.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4, ".xlsx"),
        ("OPD-1.csv", ('contract;key;route;start\r\nOPD-1;"a;3;1-6-2025' + "x" * 200_000 + "\r\n").encode(), "2"),
    ],
    ids=["undefined-windows-1252-byte", "mixed-encodings", "old-excel", "unclosed-quote"],
)
def test_an_unreadable_contractors_sheet_is_refused_in_one_line_and_writes_nothing(
    database_url: str, engine: Engine, manager: Actor, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    name: str, content: bytes, says: str,
) -> None:
    """Before, these ended as a crash (a bug report in crash.log) or read garbled text; now the reason, in one line."""
    path = tmp_path / name
    path.write_bytes(content)
    capsys.readouterr()
    code = main(["--db", database_url, "--user", "km.visser", "import", "contributions", str(path)])
    captured = capsys.readouterr()
    assert code == 1
    message = [line for line in (captured.out + captured.err).splitlines() if line.strip()]
    assert len(message) == 1 and says in message[0] and "crash" not in message[0].lower(), message
    assert lines(engine) == []
