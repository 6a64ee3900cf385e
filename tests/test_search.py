"""Search that finds people: no case, no accents, any word order, codes with or without spaces, districts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import Engine, insert, update
from sqlmodel import select

from srmatch.cli import main
from srmatch.services import records
from srmatch.services.audit import current_actor
from srmatch.services.search import pc4s_named_by
from srmatch.store import migrate
from srmatch.store.engine import make_engine, session_scope
from srmatch.store.models import Contract, JobSeeker, Organisation, Vacancy
from srmatch.store.search_keys import compact, fold
from tests.test_store import _add_rows_with_the_schema_on_disk, _upgrade_to


@pytest.mark.parametrize(
    ("typed", "folded"),
    [("Çelik", "celik"), ("Aydın", "aydin"), ("İlker ÖZTÜRK", "ilker ozturk"), ("Nguyễn", "nguyen"),
     ("El-Amrani, S.", "el amrani s"), ("Łukasz Søren", "lukasz soren"), ("Straße", "strasse"), ("", "")],
)
def test_fold_removes_case_accents_and_punctuation(typed: str, folded: str) -> None:
    assert fold(typed) == folded


def test_compact_drops_spaces_from_codes() -> None:
    assert compact("3073 AB") == compact("3073ab") == "3073ab"
    assert compact("kl 000 0001") == "kl0000001"


@pytest.fixture
def people(engine: Engine) -> Engine:
    with session_scope(engine) as session:
        employer = Organisation(name="Bouwbedrijf Öztürk", kvk_number="24123456", is_contractor=True)
        buyer = Organisation(name="Gemeente Rotterdam", kvk_number="24000001", is_contracting_authority=True)
        session.add_all([employer, buyer])
        session.flush()
        contract = Contract(reference="RTD-2026-0042", title="Onderhoud kades", buyer_id=buyer.id, contractor_id=employer.id,
                            kind="werk", value_cents=100_000_000, start_date=dt.date(2026, 1, 1),
                            end_date=dt.date(2027, 12, 31))
        session.add(contract)
        session.flush()
        session.add_all([
            JobSeeker(client_number="KL0000001", display_name="Mehmet Çelik", postcode="3081 AB", target_group="ww"),
            JobSeeker(client_number="KL0000002", display_name="Elif Aydın", postcode="3012", target_group="ww"),
            JobSeeker(client_number="KL0000003", display_name="Abdi Kaya", postcode="3071", target_group="participatiewet"),
            JobSeeker(client_number="KL0000004", display_name="Peter de Vries", postcode="2611", target_group="ww"),
            Vacancy(reference="VAC-001", employer_id=employer.id, contract_id=contract.id, title="Grondwerker",
                    description="Graafwerk en bestrating op de kades", postcode="3072", opened_on=dt.date(2026, 10, 1)),
            Vacancy(reference="VAC-002", employer_id=employer.id, title="Schoonmaker", postcode="3012",
                    status="closed", opened_on=dt.date(2026, 9, 1)),
        ])
    return engine


def names(engine: Engine, text: str) -> list[str]:
    return sorted(row.display_name for row in records.search_seekers(engine, records.SeekerFilter(text=text), limit=50).rows)


def references(engine: Engine, text: str) -> list[str]:
    return sorted(row.reference for row in records.search_vacancies(engine, records.VacancyFilter(text=text), limit=50).rows)


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("celik", ["Mehmet Çelik"]),
        ("ÇELİK", ["Mehmet Çelik"]),
        ("aydin", ["Elif Aydın"]),
        ("Kaya Abdi", ["Abdi Kaya"]),
        ("kay abd", ["Abdi Kaya"]),
        ("kl 000 0003", ["Abdi Kaya"]),
        ("kl0000002", ["Elif Aydın"]),
        ("3081ab", ["Mehmet Çelik"]),
        ("3081 AB", ["Mehmet Çelik"]),
        ("Charlois", ["Mehmet Çelik"]),
        ("feijenoord", ["Abdi Kaya"]),
        ("Zuid", ["Abdi Kaya", "Mehmet Çelik"]),
        ("Rotterdam-Zuid", ["Abdi Kaya", "Mehmet Çelik"]),
        ("zuid kaya", ["Abdi Kaya"]),
        ("centrum", ["Elif Aydın"]),
        ("xyz", []),
        ("100%", []),
    ],
)
def test_seekers_are_found_as_a_caseworker_types(people: Engine, typed: str, found: list[str]) -> None:
    assert names(people, typed) == found


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("grondwerker", ["VAC-001"]),
        ("bestrating", ["VAC-001"]),  # the description
        ("rtd-2026-0042", ["VAC-001"]),  # the contract reference
        ("vac 002", ["VAC-002"]),
        ("ozturk", ["VAC-001", "VAC-002"]),  # the employer, accents folded
        ("bouwbedrijf", ["VAC-001", "VAC-002"]),
        ("gesloten", ["VAC-002"]),
        ("closed", ["VAC-002"]),
        ("feijenoord", ["VAC-001"]),
    ],
)
def test_vacancies_are_found_by_title_description_contract_employer_status_area(
    people: Engine, typed: str, found: list[str]
) -> None:
    assert references(people, typed) == found


def test_the_key_follows_renames_and_bulk_inserts(people: Engine) -> None:
    with session_scope(people) as session:
        seeker = session.exec(select(JobSeeker).where(JobSeeker.client_number == "KL0000004")).one()
        seeker.display_name = "Pieter Şahin"
    assert names(people, "sahin") == ["Pieter Şahin"]
    assert names(people, "vries") == []
    with people.begin() as connection:  # as the demo writer inserts: Core executemany, no key given
        connection.execute(insert(JobSeeker.__table__), [  # type: ignore[arg-type]
            {"client_number": "KL0000010", "display_name": "Gökhan Doğan", "postcode": "3011", "target_group": "ww",
             "ladder_rung": 3, "desired_occupations": [], "experience": [], "skills": [], "certificates": [],
             "driving_licences": [], "hours_min": 0, "hours_max": 40, "max_travel_km": 15.0,
             "travels_independently": True, "work_restrictions": [], "status": "active",
             "consent_anonymous_profile": False, "created_at": dt.datetime.now(dt.UTC), "updated_at": dt.datetime.now(dt.UTC)},
        ])
    assert names(people, "gokhan dogan") == ["Gökhan Doğan"]


def test_a_core_update_that_sets_the_name_must_set_the_key_too(people: Engine) -> None:
    """Documented limit: Core UPDATEs bypass the mapper events (store/search_keys.py)."""
    with people.begin() as connection:
        connection.execute(update(JobSeeker.__table__).where(JobSeeker.__table__.c.client_number == "KL0000004")  # type: ignore[attr-defined]
                           .values(display_name="Anoniem"))
    assert names(people, "anoniem") == []


def test_show_accepts_client_numbers_and_references_as_typed(people: Engine) -> None:
    actor = current_actor("km.test")
    assert records.show_seeker(people, "kl 000 0001", actor).display_name == "Mehmet Çelik"
    assert records.show_seeker(people, "KL0000001", actor).district == "Charlois"
    assert records.show_vacancy(people, "vac-001").district == "Feijenoord"


def test_area_words_need_three_letters() -> None:
    assert pc4s_named_by("ch") == frozenset()
    assert "3081" in pc4s_named_by("char")


def test_cli_lists_and_show_use_the_same_rules(people: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    url = str(people.url.render_as_string(hide_password=False))
    assert main(["--db", url, "seekers", "list", "celik", "--json"]) == 0
    assert [row["display_name"] for row in json.loads(capsys.readouterr().out)] == ["Mehmet Çelik"]
    assert main(["--db", url, "seekers", "list", "Charlois", "--json"]) == 0
    assert [row["client_number"] for row in json.loads(capsys.readouterr().out)] == ["KL0000001"]
    assert main(["--db", url, "seekers", "show", "kl 000 0002", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["display_name"] == "Elif Aydın"
    assert main(["--db", url, "vacancies", "list", "gesloten", "--json"]) == 0
    assert [row["reference"] for row in json.loads(capsys.readouterr().out)] == ["VAC-002"]


def test_migration_fills_the_keys_of_existing_rows(database_url: str) -> None:
    engine = make_engine(database_url)
    _upgrade_to(engine, "0001")
    _add_rows_with_the_schema_on_disk(engine)
    migrate.upgrade(engine)
    assert names(engine, "amrani samira") == ["Samira el Amrani"]
    assert references(engine, "schoonmaak") == ["VAC-001"]
    engine.dispose()
