"""A privacy officer answers an access request, an erasure request and a retention audit."""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, ForeignKey, text
from sqlmodel import select

from srmatch.cli import main
from srmatch.services import privacy, records
from srmatch.services.access import PermissionDenied, UnknownUser
from srmatch.services.audit import Actor
from srmatch.services.privacy import ErasureRefused
from srmatch.store.engine import session_scope
from srmatch.store.models import (
    AuditEvent,
    Contract,
    Contribution,
    JobSeeker,
    Organisation,
    Placement,
    User,
    Vacancy,
    metadata,
)
from tests.factories import add_sample_records

TODAY = dt.date(2026, 12, 1)
LEAD = Actor(login="tl.jansen", origin="desk-7", role="team_lead")
CASEWORKER = Actor(login="km.jansen", origin="desk-3", role="caseworker")


def _events(engine: Engine, action: str) -> list[AuditEvent]:
    with session_scope(engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


@pytest.fixture
def books(engine: Engine) -> Engine:
    """Sample records plus a team lead, an admin, a contract, a placement and its contribution."""
    add_sample_records(engine)
    with session_scope(engine) as session:
        session.add_all(
            [
                User(login="tl.jansen", display_name="Tessa Jansen", role="team_lead"),
                User(login="beheer", display_name="Beheer", role="admin"),
            ]
        )
        seeker = session.exec(select(JobSeeker).where(JobSeeker.client_number == "KL0000001")).one()
        seeker.last_contact_on = dt.date(2026, 11, 2)
        vacancy = session.exec(select(Vacancy).where(Vacancy.reference == "VAC-001")).one()
        buyer = Organisation(name="Gemeente Rotterdam", is_contracting_authority=True)
        session.add_all([seeker, buyer])
        session.flush()
        contract = Contract(
            reference="C-2026-01",
            title="Schoonmaak stadskantoren",
            buyer_id=buyer.id or 0,
            contractor_id=vacancy.employer_id,
            kind="dienst",
            value_cents=200_000_000,
            start_date=dt.date(2026, 1, 1),
            end_date=dt.date(2028, 12, 31),
        )
        session.add(contract)
        session.flush()
        placement = Placement(
            seeker_id=seeker.id or 0,
            vacancy_id=vacancy.id or 0,
            status="started",
            score=81.5,
            explanation={"reasons": ["title ≈ synonym of 'schoonmaker'", "3.1 km"]},
            review_note="Samira wil graag vroeg beginnen",
            proposal_note="Samira el Amrani heeft ervaring in de schoonmaak",
            review_reason="profile_mismatch",
            start_date=dt.date(2026, 10, 15),
            hours_per_week=24,
            employment_type="fixed_term",
        )
        session.add(placement)
        session.flush()
        session.add(
            Contribution(
                contract_id=contract.id or 0,
                route="1",
                placement_id=placement.id,
                period_start=dt.date(2026, 10, 15),
                hours=24,
                evidence="UWV-besluit Samira el Amrani",
                value_cents=1_250_000,
                status="approved",
                note="begeleid door jobcoach",
                justification="Samira werkt met een jobcoach",
            )
        )
    return engine


def test_access_request_returns_profile_placements_contributions_and_audit_trail(books: Engine) -> None:
    records.show_seeker(books, "KL0000001", CASEWORKER)

    export = privacy.export_person(books, "KL0000001", LEAD).to_json()

    assert export["profile"]["display_name"] == "Samira el Amrani"
    assert export["profile"]["email"] == "samira@example.nl"
    [placement] = export["placements"]
    assert placement["explanation"] == {"reasons": ["title ≈ synonym of 'schoonmaker'", "3.1 km"]}
    assert placement["vacancy_reference"] == "VAC-001"
    assert placement["proposal_note"] == "Samira el Amrani heeft ervaring in de schoonmaak"
    [contribution] = export["contributions"]
    assert contribution["contract_reference"] == "C-2026-01" and contribution["value_eur"] == 12_500.0
    actions = [(event["actor"], event["action"]) for event in export["audit_events"]]
    assert ("km.jansen", "seeker.view") in actions
    assert actions[-1] == ("tl.jansen", "person.export")
    assert export["employer_profile"]["profile"] == "anonymous"
    [event] = _events(books, "person.export")
    assert event.actor == "tl.jansen" and event.result == "success"
    assert "Samira" not in (event.reason or "") and event.object_id != "KL0000001"


def test_export_is_written_as_json_or_excel_readable_by_the_owner_only(
    books: Engine, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "inzage.xlsx"
    code = main(["--db", database_url, "--user", "tl.jansen", "privacy", "export-person", "KL0000001", "--format", "xlsx", "--to", str(target)])
    assert code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    workbook = load_workbook(target)
    assert workbook.sheetnames == ["Profile", "Employer profile", "Contacts", "Placements", "Contributions", "Audit events"]
    profile = {row[0]: row[1] for row in workbook["Profile"].iter_rows(values_only=True)}
    assert profile["display_name"] == "Samira el Amrani"
    placements = list(workbook["Placements"].iter_rows(values_only=True))
    assert "explanation" in placements[0] and len(placements) == 2

    capsys.readouterr()
    assert main(["--db", database_url, "--user", "tl.jansen", "privacy", "export-person", "KL0000001"]) == 0
    assert json.loads(capsys.readouterr().out)["profile"]["client_number"] == "KL0000001"


def test_excel_export_without_a_file_is_refused(books: Engine, database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--db", database_url, "--user", "tl.jansen", "privacy", "export-person", "KL0000001", "--format", "xlsx"])
    assert code == 1
    assert capsys.readouterr().err.strip() == "srmatch: error: an Excel export needs --to FILE"


def test_erasure_removes_the_person_and_keeps_the_books_anonymous(books: Engine) -> None:
    result = privacy.erase_person(books, "KL0000001", LEAD, "request by letter of 20 November")

    assert (result.placements_anonymised, result.contributions_kept) == (1, 1)
    with pytest.raises(LookupError):
        records.show_seeker(books, "KL0000001", CASEWORKER)
    with pytest.raises(LookupError):
        privacy.export_person(books, "KL0000001", LEAD)
    assert [row.client_number for row in records.list_seekers(books)] == ["KL0000002"]
    with session_scope(books) as session:
        seeker = session.get(JobSeeker, result.seeker_id)
        assert seeker is not None
        assert (seeker.display_name, seeker.email, seeker.phone, seeker.skills) == ("", None, None, [])
        assert seeker.client_number != "KL0000001" and seeker.erased_at is not None
        contribution, placement, kept = session.exec(
            select(Contribution, Placement, JobSeeker)
            .join(Placement, Placement.id == Contribution.placement_id)  # type: ignore[arg-type]
            .join(JobSeeker, JobSeeker.id == Placement.seeker_id)  # type: ignore[arg-type]
        ).one()
        assert (contribution.value_cents, contribution.route, kept.target_group) == (1_250_000, "1", "participatiewet")
        assert contribution.evidence is None and contribution.note is None and contribution.justification is None
        assert placement.explanation == {} and placement.review_note is None and placement.score is None
        assert placement.proposal_note is None and placement.review_reason is None
        assert (placement.start_date, placement.hours_per_week) == (dt.date(2026, 10, 15), 24)
    [event] = _events(books, "person.erase")
    assert (event.actor, event.reason, event.object_id) == ("tl.jansen", "request by letter of 20 November", str(result.seeker_id))


def test_erasure_reason_that_names_the_person_is_refused_and_nothing_changes(books: Engine) -> None:
    with pytest.raises(ErasureRefused):
        privacy.erase_person(books, "KL0000001", LEAD, "Samira el Amrani asked by phone")
    with pytest.raises(ErasureRefused):
        privacy.erase_person(books, "KL0000001", LEAD, "   ")
    assert records.show_seeker(books, "KL0000001", CASEWORKER).display_name == "Samira el Amrani"


def test_caseworker_may_not_export_erase_purge_or_read_the_audit_log(books: Engine) -> None:
    from srmatch.services import audit

    for attempt in (
        lambda: privacy.export_person(books, "KL0000001", CASEWORKER),
        lambda: privacy.erase_person(books, "KL0000001", CASEWORKER, "request"),
        lambda: privacy.purge_inactive(books, CASEWORKER, 1, today=TODAY),
        lambda: audit.list_events(books, CASEWORKER),
        lambda: audit.purge_audit_log(books, CASEWORKER, 1),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert records.show_seeker(books, "KL0000001", LEAD).display_name == "Samira el Amrani"
    with session_scope(books) as session:
        denied = session.exec(select(AuditEvent.action).where(AuditEvent.result == "refused")).all()
    assert sorted(denied) == ["audit.purge", "audit.view", "person.erase", "person.export", "privacy.purge"]


def test_unregistered_actor_may_not_erase(books: Engine) -> None:
    with pytest.raises(UnknownUser):
        privacy.erase_person(books, "KL0000001", Actor(login="stranger", origin="x"), "request")
    assert records.show_seeker(books, "KL0000001", LEAD).display_name == "Samira el Amrani"


def test_a_caseworker_is_refused_on_the_command_line_without_being_asked_to_confirm(
    books: Engine, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", database_url, "--user", "km.jansen", "privacy", "erase", "KL0000001", "--reason", "request"])
    assert code == 1
    err = capsys.readouterr().err
    assert "--yes" not in err and "km.jansen" in err


def test_erase_asks_for_confirmation_and_without_a_terminal_needs_yes(
    books: Engine, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--db", database_url, "--user", "tl.jansen", "privacy", "erase", "KL0000001", "--reason", "request"]
    assert main(base) == 1
    assert "--yes" in capsys.readouterr().err
    assert records.show_seeker(books, "KL0000001", LEAD).display_name == "Samira el Amrani"

    assert main([*base, "--yes"]) == 0
    assert "1 placements anonymised" in capsys.readouterr().out
    with pytest.raises(LookupError):
        records.show_seeker(books, "KL0000001", LEAD)


def _set_activity(engine: Engine, client_number: str, last_contact: dt.date | None, created: dt.datetime) -> None:
    with session_scope(engine) as session:
        seeker = session.exec(select(JobSeeker).where(JobSeeker.client_number == client_number)).one()
        seeker.last_contact_on = last_contact
        seeker.created_at = created
        session.add(seeker)


def test_purge_erases_only_the_inactive_without_an_open_placement(books: Engine) -> None:
    long_ago = dt.datetime(2022, 1, 1, tzinfo=dt.UTC)
    _set_activity(books, "KL0000001", dt.date(2023, 5, 1), long_ago)  # inactive, but working now
    _set_activity(books, "KL0000002", None, long_ago)  # never contacted, registered in 2022
    with session_scope(books) as session:
        session.add(JobSeeker(client_number="KL0000003", display_name="Recent Contact", postcode="3011",
                              target_group="ww", last_contact_on=dt.date(2026, 6, 1), created_at=long_ago))

    dry = privacy.purge_inactive(books, LEAD, 24, dry_run=True, today=TODAY)
    assert (dry.due, dry.held_by_open_placement, dry.erased, dry.cutoff) == (1, 1, 0, dt.date(2024, 12, 1))
    assert privacy.count_due_for_purge(books, 24, today=TODAY) == 1
    assert len(records.list_seekers(books)) == 3

    done = privacy.purge_inactive(books, LEAD, 24, today=TODAY)
    assert (done.due, done.erased) == (1, 1)
    assert sorted(row.client_number for row in records.list_seekers(books)) == ["KL0000001", "KL0000003"]
    assert privacy.count_due_for_purge(books, 24, today=TODAY) == 0
    reasons = [event.reason for event in _events(books, "person.erase")]
    assert reasons == ["retention: no contact and no open placement for more than 24 months"]


def test_purge_period_defaults_to_the_config_file(books: Engine, database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from srmatch.config import config_file

    _set_activity(books, "KL0000002", dt.date.today() - dt.timedelta(days=120), dt.datetime(2022, 1, 1, tzinfo=dt.UTC))
    assert privacy.count_due_for_purge(books) == 0  # the default is 24 months
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text("[retention]\ninactive_months = 3\n", encoding="utf-8")
    assert privacy.count_due_for_purge(books) == 1

    assert main(["--db", database_url, "--user", "tl.jansen", "privacy", "purge", "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["inactive_months"], report["due"], report["erased"], report["dry_run"]) == (3, 1, 0, True)
    assert len(records.list_seekers(books)) == 2


def test_employer_profile_is_anonymous_unless_the_person_consented(books: Engine) -> None:
    with session_scope(books) as session:
        seeker = session.exec(select(JobSeeker).where(JobSeeker.client_number == "KL0000001")).one()
        anonymous = privacy.employer_profile(seeker).to_json()
        seeker.consent_anonymous_profile = True
        consented = privacy.employer_profile(seeker).to_json()
    assert anonymous["profile"] == "anonymous" and anonymous["display_name"] is None
    assert consented["profile"] == "identified" and consented["display_name"] == "Samira el Amrani"
    for shown in (anonymous, consented):
        text_shown = json.dumps(shown)
        assert "KL0000001" not in text_shown and "samira@example.nl" not in text_shown and "12345678" not in text_shown
        assert shown["skills"] == ["schoonmaken"] and shown["postcode_area"] == "3073"


def test_masking_shows_enough_to_recognise_not_to_contact() -> None:
    assert privacy.mask_phone("06 12345678") == "06 ******78"
    assert privacy.mask_phone(None) == ""
    assert privacy.mask_email("jan.devries@example.nl") == "j***@example.nl"


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [(dt.date(2026, 12, 1), 24, dt.date(2024, 12, 1)), (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
     (dt.date(2026, 1, 15), 1, dt.date(2025, 12, 15)), (dt.date(2024, 2, 29), 12, dt.date(2023, 2, 28))],
)
def test_months_before_counts_calendar_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert privacy.months_before(day, months) == expected


def test_every_table_that_points_at_a_person_is_handled_by_erasure() -> None:
    people = {"job_seeker", "placement"}
    pointing = {
        table.name
        for table in metadata.tables.values()
        for column in table.columns
        for key in column.foreign_keys
        if isinstance(key, ForeignKey) and key.column.table.name in people
    }
    assert pointing <= privacy.ERASURE_HANDLED_TABLES, pointing - privacy.ERASURE_HANDLED_TABLES


def test_erased_person_leaves_no_name_anywhere_in_the_database(books: Engine) -> None:
    privacy.erase_person(books, "KL0000001", LEAD, "request by letter")
    with books.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(text(f"SELECT * FROM {table.name}")):
                dumped = " ".join(str(value) for value in row)
                assert "samira" not in dumped.lower() and "12345678" not in dumped, table.name


@pytest.mark.parametrize(
    "command",
    [["privacy"], ["privacy", "export-person"], ["privacy", "erase"], ["privacy", "purge"], ["audit"], ["audit", "list"], ["audit", "purge"]],
)
def test_privacy_and_audit_commands_have_help(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: srmatch" in capsys.readouterr().out


def test_excel_export_keeps_formula_like_text_as_text(books: Engine, tmp_path: Path) -> None:
    """A name typed as '=HYPERLINK(…)' must not become a live formula in the person's file."""
    sneaky = '=HYPERLINK("http://example.org/x","open me")'
    with session_scope(books) as session:
        seeker = session.exec(select(JobSeeker).where(JobSeeker.client_number == "KL0000001")).one()
        seeker.display_name = sneaky
        session.add(seeker)
    export = privacy.export_person(books, "KL0000001", LEAD)
    target = privacy.write_private_file(tmp_path / "x.xlsx", privacy.person_export_bytes(export, "xlsx"))
    cells = {row[0].value: row[1] for row in load_workbook(target)["Profile"].iter_rows()}
    assert cells["display_name"].value == sneaky
    assert cells["display_name"].data_type == "s"
