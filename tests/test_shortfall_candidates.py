"""Shortfall meets matching: a contract's open vacancies come with the engine's own best candidates."""

from __future__ import annotations

from sqlalchemy import Engine, select

from srmatch.services import social_return
from srmatch.services.audit import Actor
from srmatch.services.demo import generate_demo
from srmatch.services.matching import match_vacancy
from srmatch.store.engine import session_scope
from srmatch.store.models import Contract, Vacancy

ACTOR = Actor(login="tester", origin="test")


def test_candidates_of_a_contracts_open_vacancies_are_the_engines(engine: Engine) -> None:
    generate_demo(engine, seekers=120, vacancies=60, seed=5, actor=ACTOR)
    with session_scope(engine) as session:
        references = sorted(set(session.execute(
            select(Contract.reference).join(Vacancy, Vacancy.contract_id == Contract.id).where(Vacancy.status == "open")
        ).scalars()))
    assert references, "the demo links open vacancies to contracts"
    checked = 0
    for reference in references:
        for vacancy in social_return.shortfall_candidates(engine, reference, top=3):
            expected = match_vacancy(engine, vacancy.reference, 3)
            assert [candidate[0] for candidate in vacancy.candidates] == [m.id for m in expected.results]
            assert all(0 <= candidate[1] <= 100 and candidate[2] for candidate in vacancy.candidates)
            checked += len(vacancy.candidates)
    assert checked, "at least one open vacancy has candidates"
