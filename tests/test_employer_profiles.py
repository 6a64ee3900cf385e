"""What an employer receives about candidates: anonymous unless the person consented, and it says which."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import select

from srmatch.cli import main
from srmatch.services import privacy
from srmatch.services.audit import Actor
from srmatch.store.engine import session_scope
from srmatch.store.models import AuditEvent, JobSeeker, Placement, User, Vacancy
from tests.factories import add_sample_records

CASEWORKER = Actor(login="km.jansen", origin="desk-3", role="caseworker")
LEAD = Actor(login="tl.jansen", origin="desk-7", role="team_lead")


@pytest.fixture
def candidates(engine: Engine) -> Engine:
    """VAC-001 with an approved candidate who consented, one who did not, and one only proposed."""
    add_sample_records(engine)
    with session_scope(engine) as session:
        session.add(User(login="tl.jansen", display_name="Tessa Jansen", role="team_lead"))
        vacancy = session.exec(select(Vacancy).where(Vacancy.reference == "VAC-001")).one()
        samira = session.exec(select(JobSeeker).where(JobSeeker.client_number == "KL0000001")).one()
        peter = session.exec(select(JobSeeker).where(JobSeeker.client_number == "KL0000002")).one()
        samira.consent_anonymous_profile = True
        third = JobSeeker(client_number="KL0000003", display_name="Nog Voorgesteld", postcode="3011", target_group="ww")
        session.add_all([samira, third])
        session.flush()
        session.add_all(
            [
                Placement(seeker_id=samira.id or 0, vacancy_id=vacancy.id or 0, status="approved"),
                Placement(seeker_id=peter.id or 0, vacancy_id=vacancy.id or 0, status="introduced"),
                Placement(seeker_id=third.id or 0, vacancy_id=vacancy.id or 0, status="proposed"),
            ]
        )
    return engine


def test_employer_sees_approved_candidates_anonymous_unless_they_consented(candidates: Engine) -> None:
    export = privacy.employer_export(candidates, "VAC-001", CASEWORKER).to_json()

    assert export["export"]["profiles"] == {"anonymous": 1, "identified": 1}
    by_status = {candidate["placement_status"]: candidate for candidate in export["candidates"]}
    assert set(by_status) == {"approved", "introduced"}
    assert (by_status["approved"]["profile"], by_status["approved"]["display_name"]) == ("identified", "Samira el Amrani")
    assert (by_status["introduced"]["profile"], by_status["introduced"]["display_name"]) == ("anonymous", None)
    shown = json.dumps(export)
    for secret in ("KL0000001", "KL0000002", "samira@example.nl", "12345678", "Peter", "Nog Voorgesteld", "participatiewet"):
        assert secret not in shown
    with session_scope(candidates) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "vacancy.employer_export")).one()
    assert (event.actor, event.reason) == ("km.jansen", "candidates=2 identified=1")


def test_an_erased_person_is_never_in_an_employer_file(candidates: Engine) -> None:
    privacy.erase_person(candidates, "KL0000001", LEAD, "request by letter")
    export = privacy.employer_export(candidates, "VAC-001", CASEWORKER).to_json()
    assert [candidate["placement_status"] for candidate in export["candidates"]] == ["introduced"]


def test_employer_file_as_excel_states_the_kind_of_each_profile(
    candidates: Engine, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "kandidaten.xlsx"
    code = main(["--db", database_url, "--user", "km.jansen", "privacy", "employer-profiles", "VAC-001", "--format", "xlsx", "--to", str(target)])
    assert code == 0, capsys.readouterr().err
    rows = list(load_workbook(target).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    header = next(row for row in rows if row and row[0] == "reference")
    profile_column = header.index("profile")
    kinds = sorted(row[profile_column] for row in rows[rows.index(header) + 1:])
    assert kinds == ["anonymous", "identified"]
    assert "2 candidates (1 anonymous, 1 identified)" in capsys.readouterr().err


def test_unknown_vacancy_is_one_line(candidates: Engine, database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", database_url, "--user", "km.jansen", "privacy", "employer-profiles", "VAC-404"]) == 1
    assert capsys.readouterr().err.strip() == "srmatch: error: no vacancy with reference 'VAC-404'"
