"""The open vacancies, encoded, are also kept on disk: a one-off ``srmatch match seeker`` in a
new process loads them instead of reading and encoding 20,000 vacancies again; a damaged file
or a changed vacancy means building afresh (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from srmatch.services import matching
from srmatch.services.audit import Actor
from srmatch.services.demo import generate_demo
from srmatch.store.engine import session_scope
from srmatch.store.models import JobSeeker, SeekerStatus, Vacancy, VacancyStatus

TODAY = dt.date(2026, 12, 1)
ACTOR = Actor(login="tester", origin="test-host")


def cache_files() -> list[Path]:
    return sorted((Path(os.environ["SRMATCH_DATA_DIR"]) / "cache").glob("open-vacancies-*.pickle"))


@pytest.fixture
def city(engine: Engine) -> Engine:
    generate_demo(engine, seekers=80, vacancies=60, seed=3, actor=ACTOR, today=TODAY)
    matching.forget_encoded_sides()
    return engine


def people(engine: Engine) -> list[str]:
    with session_scope(engine) as session:
        return list(session.exec(select(JobSeeker.client_number).where(JobSeeker.status == SeekerStatus.ACTIVE.value)
                                 .order_by(col(JobSeeker.client_number)).limit(15)).all())


def test_a_new_process_loads_the_stored_side_and_gets_the_same_results(city: Engine) -> None:
    numbers = people(city)
    first = [matching.match_seeker(city, n, today=TODAY) for n in numbers]
    [stored] = cache_files()
    inode = stored.stat().st_ino
    assert stored.stat().st_mode & 0o777 == 0o600
    matching.forget_encoded_sides(on_disk=False)  # what a new process starts with
    again = [matching.match_seeker(city, n, today=TODAY) for n in numbers]
    assert again == first == [matching.match_seeker(city, n, today=TODAY, reuse=False) for n in numbers]
    assert sum(len(view.results) for view in again) > 0
    assert cache_files() == [stored] and stored.stat().st_ino == inode  # loaded, not built and written again


def test_a_damaged_file_is_ignored_and_replaced(city: Engine) -> None:
    numbers = people(city)
    first = [matching.match_seeker(city, n, today=TODAY) for n in numbers]
    [stored] = cache_files()
    stored.write_bytes(stored.read_bytes()[:-100])  # a disk that filled up mid-write, say
    matching.forget_encoded_sides(on_disk=False)
    assert [matching.match_seeker(city, n, today=TODAY) for n in numbers] == first
    [rewritten] = cache_files()
    assert rewritten == stored and len(rewritten.read_bytes()) > 100


def test_a_changed_vacancy_is_never_served_from_an_older_file(city: Engine) -> None:
    number = people(city)[0]
    view = matching.match_seeker(city, number, today=TODAY)
    assert view.results, "the person needs a vacancy to lose"
    best = view.results[0].id
    with session_scope(city) as session:
        vacancy = session.exec(select(Vacancy).where(Vacancy.reference == best)).one()
        vacancy.status = VacancyStatus.CLOSED.value
        session.add(vacancy)
    matching.forget_encoded_sides(on_disk=False)
    after = matching.match_seeker(city, number, today=TODAY)
    assert best not in [r.id for r in after.results]
    assert after == matching.match_seeker(city, number, today=TODAY, reuse=False)
    assert len(cache_files()) == 2  # the state before the change and the state after it
