"""Matching through the service and the CLI, as a caseworker uses it, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from srmatch.cli import main
from srmatch.services.matching import UnknownSeeker, UnknownVacancy, explain_pair, match_all, match_seeker, match_vacancy
from srmatch.store.engine import session_scope
from srmatch.store.models import AuditEvent, JobSeeker, Organisation, Placement, User, Vacancy

TODAY = dt.date(2026, 12, 1)


def _seeker(number: str, **fields: Any) -> JobSeeker:
    values: dict[str, Any] = {
        "client_number": number, "display_name": f"Person {number}", "postcode": "3072", "target_group": "participatiewet",
        "desired_occupations": ["schoonmaker"], "desired_occupation_codes": ["srm:schoonmaker"], "skills": ["schoonmaken"],
        "hours_min": 16, "hours_max": 32, "max_travel_km": 15.0,
    }
    values.update(fields)
    return JobSeeker(**values)


def _vacancy(reference: str, employer_id: int, **fields: Any) -> Vacancy:
    values: dict[str, Any] = {
        "reference": reference, "employer_id": employer_id, "title": "Medewerker schoonmaak (m/v/x)",
        "occupation_code": "srm:schoonmaker", "skills": ["schoonmaken"], "postcode": "3011", "hours_min": 20,
        "hours_max": 32, "opened_on": dt.date(2026, 11, 1),
    }
    values.update(fields)
    return Vacancy(**values)


@pytest.fixture
def caseload(engine: Engine) -> Engine:
    """A small caseload: near and far, licence and certificate requirements, one full vacancy."""
    with session_scope(engine) as session:
        employer = Organisation(name="Schoonmaakbedrijf Maasstad", kvk_number="24123456", is_contractor=True)
        session.add(employer)
        session.flush()
        assert employer.id is not None
        session.add_all([
            _seeker("KL1"),
            _seeker("KL2", postcode="3199", desired_occupations=[], desired_occupation_codes=[], skills=[]),
            _seeker("KL3", driving_licences=["CE"], certificates=["VOL-VCA"], max_travel_km=10.0),
            _seeker("KL4", status="left"),
            _vacancy("VAC-NEAR", employer.id, employment_type="permanent"),
            _vacancy("VAC-CAR", employer.id, driving_licence="B", title="Schoonmaker", postcode="3062"),
            _vacancy("VAC-VCA", employer.id, certificates=["VCA"], title="Schoonmaker kantoren"),
            _vacancy("VAC-FAR", employer.id, postcode="9401"),
            _vacancy("VAC-CLOSED", employer.id, status="closed"),
            _vacancy("VAC-FULL", employer.id, positions=1),
        ])
        session.flush()
        user = User(login="km", display_name="KM")
        session.add(user)
        session.flush()
        full = session.exec(select(Vacancy).where(Vacancy.reference == "VAC-FULL")).one()
        worker = session.exec(select(JobSeeker).where(JobSeeker.client_number == "KL4")).one()
        assert full.id is not None and worker.id is not None
        session.add(Placement(seeker_id=worker.id, vacancy_id=full.id, status="started",
                              start_date=dt.date(2026, 11, 15)))
    return engine


def test_a_seeker_gets_open_vacancies_ranked_with_reasons(caseload: Engine) -> None:
    result = match_seeker(caseload, "KL1", top=5, today=TODAY)
    ids = [r.id for r in result.results]
    assert ids[0] == "VAC-NEAR"  # permanent, same occupation, close by
    assert "VAC-FAR" not in ids and "VAC-CLOSED" not in ids and "VAC-FULL" not in ids
    assert result.excluded["distance"] == 1 and result.excluded["driving_licence"] == 1
    assert result.excluded["certificates"] == 1 and result.excluded["vacancy_not_open"] == 1
    best = result.to_json()["results"][0]
    assert set(best) == {"id", "title_or_name", "score", "components", "reasons"}
    assert best["score"] == pytest.approx(sum(best["components"].values()), abs=0.05)
    assert any("same occupation" in reason for reason in best["reasons"])
    assert result.to_json()["would_open"] == {"driving_licence:B": 1, "certificate:B-VCA": 1}


def test_higher_licence_and_covering_certificate_open_the_same_vacancies(caseload: Engine) -> None:
    ids = {r.id for r in match_seeker(caseload, "KL3", today=TODAY).results}
    assert {"VAC-CAR", "VAC-VCA"} <= ids


def test_a_vacancy_gets_active_candidates(caseload: Engine) -> None:
    result = match_vacancy(caseload, "VAC-NEAR", today=TODAY)
    assert [r.id for r in result.results][:2] == ["KL1", "KL3"]
    assert "KL4" not in [r.id for r in result.results]  # left
    assert result.excluded == {"distance": 1}


def test_incomplete_profile_still_gets_results_and_is_told_what_is_missing(caseload: Engine) -> None:
    result = match_seeker(caseload, "KL2", today=TODAY)
    assert any("occupation" in note for note in result.notes)
    assert any("skills" in note for note in result.notes)


def test_match_all_equals_match_seeker_for_each_person(caseload: Engine) -> None:
    every = {r.subject["client_number"]: r.to_json() for r in match_all(caseload, 3, today=TODAY, workers=1)}
    assert sorted(every) == ["KL1", "KL2", "KL3"]
    for number, data in every.items():
        assert data == match_seeker(caseload, number, 3, today=TODAY).to_json()


def test_explain_pair_names_every_failing_filter(caseload: Engine) -> None:
    pair = explain_pair(caseload, "KL2", "VAC-CAR", today=TODAY)
    assert not pair.eligible and pair.score is None
    assert set(pair.excluded_by) == {"distance", "driving_licence"}
    ok = explain_pair(caseload, "KL1", "VAC-NEAR", today=TODAY)
    assert ok.eligible and ok.score == match_seeker(caseload, "KL1", today=TODAY).results[0].score


def test_unknown_subjects_are_user_errors(caseload: Engine) -> None:
    with pytest.raises(UnknownSeeker, match="KL999"):
        match_seeker(caseload, "KL999")
    with pytest.raises(UnknownVacancy, match="VAC-NONE"):
        match_vacancy(caseload, "VAC-NONE")


def test_cli_match_seeker_json_and_text(caseload: Engine, database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", database_url, "match", "seeker", "KL3", "--json", "--top", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"subject", "results", "excluded", "would_open"} and len(data["results"]) == 2
    assert main(["--db", database_url, "match", "seeker", "KL1"]) == 0
    text = capsys.readouterr().out
    assert "VAC-NEAR" in text and max(len(line) for line in text.splitlines()) <= 80
    assert main(["--db", database_url, "--lang", "nl", "match", "vacancy", "VAC-NEAR"]) == 0
    assert "Kandidaten voor VAC-NEAR" in capsys.readouterr().out
    with session_scope(caseload) as session:
        actions = {e.action for e in session.exec(select(AuditEvent))}
    assert {"match.seeker", "match.vacancy"} <= actions


def test_cli_bad_input_is_one_line_and_non_zero(caseload: Engine, database_url: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", database_url, "match", "seeker", "KL999"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "KL999" in err
    assert main(["--db", database_url, "match", "vacancy", "NOPE"]) == 1
    assert "NOPE" in capsys.readouterr().err


def test_nothing_outside_the_allowed_fields_changes_a_score(caseload: Engine) -> None:
    before = [(r.id, r.score, r.components) for r in match_seeker(caseload, "KL1", today=TODAY).results]
    with session_scope(caseload) as session:
        person = session.exec(select(JobSeeker).where(JobSeeker.client_number == "KL1")).one()
        person.display_name, person.email, person.phone = "Someone Else", "other@example.org", "06 99999999"
        person.client_number, person.target_group_evidence = "KL1-NEW", "UWV-besluit"
        person.target_group_evidence_date, person.ladder_rung = dt.date(2020, 1, 1), 1
        person.consent_anonymous_profile, person.last_contact_on = True, dt.date(2021, 5, 5)
        session.add(person)
    after = [(r.id, r.score, r.components) for r in match_seeker(caseload, "KL1-NEW", today=TODAY).results]
    assert after == before
