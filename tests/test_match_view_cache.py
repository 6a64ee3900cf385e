"""The matches view keeps one side encoded per process: the same results as building afresh,
and an edit, a new row or a placement shows up in the very next view (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Engine, update
from sqlmodel import col, select

from srmatch.services import matching
from srmatch.services.audit import Actor
from srmatch.services.demo import generate_demo
from srmatch.store.engine import session_scope
from srmatch.store.models import JobSeeker, Organisation, Placement, SeekerStatus, Vacancy, VacancyStatus

TODAY = dt.date(2026, 12, 1)
ACTOR = Actor(login="tester", origin="test-host")


@pytest.fixture
def city(engine: Engine) -> Engine:
    generate_demo(engine, seekers=160, vacancies=120, seed=5, actor=ACTOR, today=TODAY)
    matching.forget_encoded_sides()
    return engine


def _keys(engine: Engine, model: Any, column: Any, status: Any, value: str, limit: int) -> list[str]:
    with session_scope(engine) as session:
        return list(session.exec(select(column).where(status == value).order_by(column).limit(limit)).all())


def test_reused_sides_give_exactly_what_a_fresh_engine_gives(city: Engine) -> None:
    seekers = _keys(city, JobSeeker, col(JobSeeker.client_number), col(JobSeeker.status), SeekerStatus.ACTIVE.value, 40)
    left = _keys(city, JobSeeker, col(JobSeeker.client_number), col(JobSeeker.status), "placed", 5)
    vacancies = _keys(city, Vacancy, col(Vacancy.reference), col(Vacancy.status), VacancyStatus.OPEN.value, 25)
    filled = _keys(city, Vacancy, col(Vacancy.reference), col(Vacancy.status), VacancyStatus.FILLED.value, 3)
    assert len(seekers) == 40 and len(vacancies) == 25 and left and filled
    for number in seekers + left:
        reused = matching.match_seeker(city, number, 10, today=TODAY)
        fresh = matching.match_seeker(city, number, 10, today=TODAY, reuse=False)
        assert reused == fresh, number
    for reference in vacancies + filled:
        reused = matching.match_vacancy(city, reference, 10, today=TODAY)
        fresh = matching.match_vacancy(city, reference, 10, today=TODAY, reuse=False)
        assert reused == fresh, reference
    # The views above reused the encoded sides (no fall-back to a new engine) ...
    with session_scope(city) as session:
        people = session.exec(select(JobSeeker).where(col(JobSeeker.client_number).in_(seekers + left))).all()
        jobs = session.exec(select(Vacancy).where(col(Vacancy.reference).in_(vacancies + filled))).all()
        assert all(matching.open_vacancy_side(city, TODAY).matcher.with_seekers([matching.seeker_profile(p)])
                   for p in people)
        assert all(matching.active_seeker_side(city, TODAY).matcher.with_vacancies([matching.vacancy_profile(v, 0)])
                   for v in jobs)
    # ... and are not vacuous: people got vacancies, vacancies got candidates, with exclusions and door openers.
    views = [matching.match_seeker(city, n, 10, today=TODAY) for n in seekers]
    assert sum(len(v.results) for v in views) > 40 and any(v.would_open for v in views)
    assert sum(len(matching.match_vacancy(city, r, 10, today=TODAY).results) for r in vacancies) > 25


def test_the_second_view_reuses_the_encoded_vacancies(city: Engine) -> None:
    number = _keys(city, JobSeeker, col(JobSeeker.client_number), col(JobSeeker.status), SeekerStatus.ACTIVE.value, 1)[0]
    matching.match_seeker(city, number, today=TODAY)
    first = matching.open_vacancy_side(city, TODAY)
    matching.match_seeker(city, number, today=TODAY)
    assert matching.open_vacancy_side(city, TODAY) is first
    assert matching.open_vacancy_side(city, TODAY + dt.timedelta(days=1)) is not first  # a new day, new dates


def _simple_world(engine: Engine) -> int:
    with session_scope(engine) as session:
        employer = Organisation(name="Maasstad Schoon", is_contractor=True)
        session.add(employer)
        session.flush()
        assert employer.id is not None
        session.add(JobSeeker(client_number="KL1", display_name="Ayşe Çelik", postcode="3073",
                              target_group="participatiewet", desired_occupations=["schoonmaker"]))
        session.add(Vacancy(reference="VAC-1", employer_id=employer.id, title="Schoonmaker", postcode="3071",
                            hours_min=16, hours_max=32, opened_on=dt.date(2026, 11, 1)))
        return employer.id


def test_an_edited_or_new_vacancy_is_in_the_next_view(engine: Engine) -> None:
    employer_id = _simple_world(engine)
    assert [r.id for r in matching.match_seeker(engine, "KL1", today=TODAY).results] == ["VAC-1"]
    with session_scope(engine) as session:
        session.execute(update(Vacancy).where(col(Vacancy.reference) == "VAC-1").values(driving_licence="B"))
    view = matching.match_seeker(engine, "KL1", today=TODAY)
    assert view.results == () and view.excluded == {"driving_licence": 1}
    with session_scope(engine) as session:
        session.add(Vacancy(reference="VAC-2", employer_id=employer_id, title="Schoonmaakmedewerker", postcode="3072",
                            opened_on=dt.date(2026, 11, 2)))
    assert [r.id for r in matching.match_seeker(engine, "KL1", today=TODAY).results] == ["VAC-2"]
    with session_scope(engine) as session:
        vacancy = session.exec(select(Vacancy).where(Vacancy.reference == "VAC-2")).one()
        session.delete(vacancy)
    assert matching.match_seeker(engine, "KL1", today=TODAY).results == ()


def test_a_started_placement_closes_the_position_in_the_next_view(engine: Engine) -> None:
    _simple_world(engine)
    assert [r.id for r in matching.match_seeker(engine, "KL1", today=TODAY).results] == ["VAC-1"]
    with session_scope(engine) as session:
        session.add(JobSeeker(client_number="KL2", display_name="Bram", postcode="3073", target_group="participatiewet",
                              status="placed"))
        session.flush()
        seeker = session.exec(select(JobSeeker).where(JobSeeker.client_number == "KL2")).one()
        vacancy = session.exec(select(Vacancy).where(Vacancy.reference == "VAC-1")).one()
        session.add(Placement(seeker_id=seeker.id, vacancy_id=vacancy.id, status="started",
                              start_date=dt.date(2026, 11, 20), hours_per_week=24, employment_type="fixed_term"))
    assert matching.match_seeker(engine, "KL1", today=TODAY).excluded == {"vacancy_not_open": 1}


def test_a_proposal_keeps_the_encoded_vacancies(engine: Engine) -> None:
    """Proposing takes no position, so the view after ``p`` stays fast (nothing to rebuild)."""
    _simple_world(engine)
    matching.match_seeker(engine, "KL1", today=TODAY)
    side = matching.open_vacancy_side(engine, TODAY)
    with session_scope(engine) as session:
        seeker = session.exec(select(JobSeeker).where(JobSeeker.client_number == "KL1")).one()
        vacancy = session.exec(select(Vacancy).where(Vacancy.reference == "VAC-1")).one()
        session.add(Placement(seeker_id=seeker.id, vacancy_id=vacancy.id, status="proposed"))
    assert matching.open_vacancy_side(engine, TODAY) is side
    assert [r.id for r in matching.match_seeker(engine, "KL1", today=TODAY).results] == ["VAC-1"]


def test_an_edited_person_is_in_the_next_candidates_view(engine: Engine) -> None:
    _simple_world(engine)
    assert [r.id for r in matching.match_vacancy(engine, "VAC-1", today=TODAY).results] == ["KL1"]
    with session_scope(engine) as session:
        session.execute(update(JobSeeker).where(col(JobSeeker.client_number) == "KL1").values(hours_min=36, hours_max=40))
    view = matching.match_vacancy(engine, "VAC-1", today=TODAY)
    assert view.results == () and view.excluded == {"hours": 1}
    with session_scope(engine) as session:
        session.add(JobSeeker(client_number="KL3", display_name="Chris", postcode="3072", target_group="ww",
                              desired_occupations=["schoonmaker"]))
    assert [r.id for r in matching.match_vacancy(engine, "VAC-1", today=TODAY).results] == ["KL3"]


def test_other_weights_are_used_in_the_next_view(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from srmatch.matching.settings import load_matching_settings

    _simple_world(engine)
    before = matching.match_seeker(engine, "KL1", today=TODAY).results[0]
    shipped = load_matching_settings()
    weights = {**shipped.weights, "occupation": 30.0, "skills": 30.0}
    monkeypatch.setattr(matching, "load_matching_settings", lambda: dataclasses.replace(shipped, weights=weights))
    after = matching.match_seeker(engine, "KL1", today=TODAY)
    assert {c.name: c.max_points for c in after.results[0].components}["occupation"] == 30.0
    assert after.results[0].score != before.score
    assert after == matching.match_seeker(engine, "KL1", today=TODAY, reuse=False)
