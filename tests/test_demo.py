"""The demo dataset: right sizes, reproducible, keeps the domain rules, never touches real data."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select as sqlmodel_select

from srmatch.matching.areas import area_of, district_of
from srmatch.services import demo
from srmatch.services.audit import Actor
from srmatch.services.demo import DemoRefused, generate_demo
from srmatch.store import models
from srmatch.store.engine import session_scope
from srmatch.store.migrate import open_database
from srmatch.store.models import (
    ContributionRoute,
    ContributionStatus,
    EnforcementKind,
    JobSeeker,
    Organisation,
    PlacementStatus,
    Role,
    TargetGroup,
    User,
)

TODAY = dt.date(2025, 3, 1)
ACTOR = Actor(login="tester", origin="test-host")
DOMAIN_TABLES = ("app_user", "organisation", "contract", "vacancy", "job_seeker", "placement", "contribution",
                 "enforcement_action")


def _normalise(value: Any) -> Any:
    if isinstance(value, dt.datetime):  # SQLite returns naive UTC, PostgreSQL aware
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
    return value


def rows(engine: Engine, table_name: str) -> list[dict[str, Any]]:
    table = models.metadata.tables[table_name]
    with engine.connect() as connection:
        result = connection.execute(select(table).order_by(table.c.id)).mappings().all()
    return [{key: _normalise(value) for key, value in row.items()} for row in result]


def count(engine: Engine, table_name: str) -> int:
    table = models.metadata.tables[table_name]
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def snapshot(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    return {name: rows(engine, name) for name in (*DOMAIN_TABLES, "audit_event")}


def demo_events(engine: Engine) -> list[dict[str, Any]]:
    return [event for event in rows(engine, "audit_event") if event["action"] == "demo.generate"]


def test_generates_the_requested_sizes_and_one_audit_event(engine: Engine) -> None:
    summary = generate_demo(engine, seekers=120, vacancies=90, seed=7, actor=ACTOR, today=TODAY)

    assert (summary.seekers, summary.vacancies) == (120, 90)
    assert summary.contracts == 30  # about one per three vacancies
    for name, expected in (("app_user", summary.users), ("organisation", summary.organisations),
                           ("contract", summary.contracts), ("vacancy", 90), ("job_seeker", 120),
                           ("placement", summary.placements), ("contribution", summary.contributions),
                           ("enforcement_action", summary.enforcement_actions)):
        assert count(engine, name) == expected, name
    assert summary.placements > 0 and summary.contributions > 0 and summary.enforcement_actions > 0
    [event] = demo_events(engine)
    assert (event["actor"], event["object_type"], event["result"]) == ("tester", "database", "success")
    assert event["reason"] == "seed=7 seekers=120 vacancies=90 today=2025-03-01"


def test_same_seed_gives_the_same_data_and_another_seed_differs(engine: Engine, tmp_path: Path) -> None:
    other = open_database(f"sqlite:///{tmp_path / 'second.db'}")
    try:
        generate_demo(engine, seekers=150, vacancies=80, seed=11, actor=ACTOR, today=TODAY)
        generate_demo(other, seekers=150, vacancies=80, seed=11, actor=ACTOR, today=TODAY)
        for name in DOMAIN_TABLES:
            assert rows(engine, name) == rows(other, name), name

        generate_demo(other, seekers=150, vacancies=80, seed=12, actor=ACTOR, today=TODAY)
        assert rows(engine, "job_seeker") != rows(other, "job_seeker")
        assert rows(engine, "vacancy") != rows(other, "vacancy")
    finally:
        other.dispose()


def test_placements_keep_the_workflow_rules(engine: Engine) -> None:
    generate_demo(engine, seekers=3000, vacancies=1500, actor=ACTOR, today=TODAY)
    placements = rows(engine, "placement")
    seekers = {row["id"]: row for row in rows(engine, "job_seeker")}
    vacancies = {row["id"]: row for row in rows(engine, "vacancy")}
    roles = {row["id"]: row["role"] for row in rows(engine, "app_user")}

    assert {p["status"] for p in placements} == {status.value for status in PlacementStatus}
    working = [p for p in placements if p["status"] in ("started", "sustained")]
    per_seeker = Counter(p["seeker_id"] for p in working)
    assert max(per_seeker.values()) == 1
    per_vacancy = Counter(p["vacancy_id"] for p in working)
    assert all(n <= vacancies[v]["positions"] for v, n in per_vacancy.items())
    assert {s for s, row in seekers.items() if row["status"] == "placed"} == set(per_seeker)
    assert len({(p["seeker_id"], p["vacancy_id"]) for p in placements}) == len(placements)

    now = dt.datetime.combine(TODAY, dt.time(), tzinfo=dt.UTC)
    for p in placements:
        assert 0 <= p["score"] <= 100 and p["explanation"]["lines"]
        assert p["version"] == 1 and p["proposed_at"] < now
        assert roles[p["proposed_by_id"]] in (Role.CASEWORKER.value, Role.TEAM_LEAD.value)
        if p["status"] == "proposed":
            assert p["reviewed_by_id"] is None and p["reviewed_at"] is None
        if p["reviewed_by_id"] is not None:
            assert p["reviewed_by_id"] != p["proposed_by_id"]
            assert roles[p["reviewed_by_id"]] == Role.TEAM_LEAD.value
            assert p["proposed_at"] <= p["reviewed_at"] < now
        has_started = p["status"] in ("started", "sustained", "ended")
        assert (p["start_date"] is not None) == has_started
        assert (p["end_date"] is not None) == (p["status"] == "ended")
        assert (p["end_reason"] is not None) == (p["status"] in ("ended", "not_hired"))
        assert (p["review_reason"] is not None) == (p["status"] == "rejected")
        if has_started:
            assert p["reviewed_at"].date() <= p["start_date"] < TODAY
            assert p["start_date"] >= vacancies[p["vacancy_id"]]["opened_on"]
        if p["status"] == "sustained":
            assert (TODAY - p["start_date"]).days >= 183
        if p["status"] == "started":
            assert (TODAY - p["start_date"]).days < 183
        if p["status"] == "ended":
            assert p["start_date"] < p["end_date"] < TODAY
        if p["status"] in ("proposed", "needs_info", "approved", "introduced"):
            assert vacancies[p["vacancy_id"]]["status"] == "open"
            assert seekers[p["seeker_id"]]["status"] == "active"


def test_organisations_people_and_places_look_like_the_region(engine: Engine) -> None:
    generate_demo(engine, actor=ACTOR, today=TODAY)
    organisations = rows(engine, "organisation")
    assert sum(o["is_anchor"] for o in organisations) == 10
    enterprises = [o for o in organisations if o["is_social_enterprise"]]
    assert len(enterprises) >= 45
    assert {o["social_enterprise_status"] for o in enterprises} == {"erkend", "aspirant"}
    assert all(o["social_enterprise_since"] is not None for o in enterprises)
    assert sum(o["is_contractor"] for o in organisations) >= 30
    assert [o["name"] for o in organisations if o["is_contracting_authority"] and not o["is_anchor"]] == ["Gemeente Rotterdam"]
    kvk = [o["kvk_number"] for o in organisations]
    assert all(re.fullmatch(r"\d{8}", number) for number in kvk) and len(set(kvk)) == len(kvk)

    users = rows(engine, "app_user")
    assert Counter(u["role"] for u in users) == {"caseworker": 8, "team_lead": 2, "account_manager": 2, "admin": 1}

    seekers = rows(engine, "job_seeker")
    assert len(seekers) == demo.DEFAULT_SEEKERS
    assert all(re.fullmatch(r"KL\d{7}", s["client_number"]) for s in seekers)
    assert len({s["client_number"] for s in seekers}) == len(seekers)
    assert {s["target_group"] for s in seekers} == {group.value for group in TargetGroup}
    assert {s["ladder_rung"] for s in seekers} == {1, 2, 3, 4, 5, 6}

    seeker_areas = Counter(area_of(s["postcode"]) for s in seekers)
    assert seeker_areas["zuid"] > len(seekers) // 5
    assert seeker_areas["rotterdam"] > len(seekers) // 5
    assert seeker_areas["region"] > 0
    assert any(3111 <= int(s["postcode"][:4]) <= 3125 for s in seekers)  # Schiedam
    assert any(area_of(v["postcode"]) == "zuid" for v in rows(engine, "vacancy"))
    assert {district_of(s["postcode"]) for s in seekers} >= {"Charlois", "Feijenoord", "IJsselmonde", "Delfshaven"}
    stale = [s for s in seekers if s["last_contact_on"] and (TODAY - s["last_contact_on"]).days > 183]
    assert 0 < len(stale) < len(seekers) // 3
    assert any(s["work_restrictions"] for s in seekers)
    assert any(s["target_group_evidence"] is None for s in seekers)  # incomplete profiles exist too

    vacancies = rows(engine, "vacancy")
    assert {v["status"] for v in vacancies} == {"open", "on_hold", "filled", "closed"}
    assert {v["employment_type"] for v in vacancies} >= {"fixed_term", "permanent", "bbl", "work_experience"}
    assert any(v["eligible_target_groups"] for v in vacancies) and any(not v["eligible_target_groups"] for v in vacancies)
    assert all(1 <= v["positions"] <= 5 and v["hours_min"] <= v["hours_max"] for v in vacancies)
    assert all(v["closes_on"] is None or v["closes_on"] >= v["opened_on"] for v in vacancies)


def test_contracts_contributions_and_enforcement_cover_every_kind(engine: Engine) -> None:
    generate_demo(engine, actor=ACTOR, today=TODAY)
    contracts = rows(engine, "contract")
    assert len(contracts) >= 20
    assert all(50_000_00 <= c["value_cents"] <= 25_000_000_00 for c in contracts)
    assert {c["percentage"] for c in contracts} <= {2.0, 3.0, 5.0}
    assert {c["kind"] for c in contracts} == {"werk", "dienst", "levering"}
    assert {"active", "ended"} <= {c["status"] for c in contracts}
    assert all(c["final_report_due"] > c["end_date"] >= c["start_date"] for c in contracts)

    contributions = rows(engine, "contribution")
    assert {c["route"] for c in contributions} == {route.value for route in ContributionRoute}
    assert {c["status"] for c in contributions} == {status.value for status in ContributionStatus}
    assert any(c["placement_id"] is not None for c in contributions if c["route"] in ("1", "2"))
    enterprises = {o["id"] for o in rows(engine, "organisation") if o["is_social_enterprise"]}
    assert all(c["supplier_id"] in enterprises for c in contributions if c["route"] == "3")
    for c in contributions:
        assert c["value_cents"] >= 0 and c["period_end"] >= c["period_start"]
        assert (c["approved_by_id"] is not None) == (c["status"] in ("approved", "rejected"))

    actions = rows(engine, "enforcement_action")
    assert {a["kind"] for a in actions} == {kind.value for kind in EnforcementKind}
    assert all(a["action_date"] < TODAY for a in actions)
    assert all(a["amount_cents"] > 0 for a in actions if a["kind"] in ("withholding", "settlement"))


def _add_real_records(engine: Engine) -> None:
    with session_scope(engine) as session:
        caseworker = User(login="km.echt", display_name="Echte Klantmanager", role="caseworker")
        session.add_all([caseworker, Organisation(name="Echt Bedrijf B.V.", kvk_number="12345678", is_contractor=True)])
        session.flush()
        session.add(JobSeeker(client_number="KL0000001", display_name="Echte Persoon", postcode="3072",
                              target_group="participatiewet", caseworker_id=caseworker.id))


def test_refuses_a_database_with_real_records_and_leaves_it_alone(engine: Engine) -> None:
    _add_real_records(engine)
    before = snapshot(engine)

    with pytest.raises(DemoRefused, match="holds real records"):
        generate_demo(engine, actor=ACTOR, today=TODAY)

    assert snapshot(engine) == before
    assert demo_events(engine) == []


def test_staff_accounts_alone_do_not_block_the_demo(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(User(login="km.devries", display_name="Bestaande gebruiker", role="admin"))
    generate_demo(engine, seekers=30, vacancies=20, actor=ACTOR, today=TODAY)

    users = {u["login"]: u for u in rows(engine, "app_user")}
    assert users["km.devries"]["display_name"] == "Bestaande gebruiker"
    assert users["km.devries.demo"]["role"] == "caseworker"
    assert len(users) == 14


def test_a_real_record_added_after_a_demo_stops_the_next_demo(engine: Engine) -> None:
    generate_demo(engine, seekers=40, vacancies=20, seed=1, actor=ACTOR, today=TODAY)
    with session_scope(engine) as session:  # a caseworker registers a real person in the demo database
        caseworker = session.exec(sqlmodel_select(User).where(User.login == "km.devries")).one()
        session.add(JobSeeker(client_number="KL9999999", display_name="Echte Persoon", postcode="3072",
                              target_group="participatiewet", caseworker_id=caseworker.id))
    before = snapshot(engine)

    with pytest.raises(DemoRefused, match="holds real records.*job_seeker"):
        generate_demo(engine, seekers=40, vacancies=20, seed=2, actor=ACTOR, today=TODAY)

    assert snapshot(engine) == before
    assert [s["display_name"] for s in rows(engine, "job_seeker") if s["client_number"] == "KL9999999"] == ["Echte Persoon"]


def test_every_demo_row_is_marked_and_real_staff_survive_a_rerun(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(User(login="beheer.echt", display_name="Echte beheerder", role="admin"))
    generate_demo(engine, seekers=30, vacancies=20, seed=1, actor=ACTOR, today=TODAY)
    generate_demo(engine, seekers=30, vacancies=20, seed=2, actor=ACTOR, today=TODAY)

    users = rows(engine, "app_user")
    assert [(u["login"], u["is_demo"]) for u in users if u["login"] == "beheer.echt"] == [("beheer.echt", False)]
    assert len(users) == 14
    for name in DOMAIN_TABLES:
        marked = [row["is_demo"] for row in rows(engine, name) if row.get("login") != "beheer.echt"]
        assert marked and all(marked), name


def test_regenerates_over_an_earlier_demo(engine: Engine) -> None:
    generate_demo(engine, seekers=200, vacancies=100, seed=1, actor=ACTOR, today=TODAY)
    summary = generate_demo(engine, seekers=50, vacancies=40, seed=2, actor=ACTOR, today=TODAY)

    assert count(engine, "job_seeker") == 50 and count(engine, "vacancy") == 40
    assert count(engine, "placement") == summary.placements
    assert count(engine, "contract") == summary.contracts == 20
    assert len(demo_events(engine)) == 2

    with session_scope(engine) as session:  # ids keep working for records added afterwards
        session.add(JobSeeker(client_number="KL0000001", display_name="Nieuw", postcode="3011",
                              target_group="ww"))
    assert count(engine, "job_seeker") == 51


def _make_contribution_inserts_fail(engine: Engine) -> None:
    """A real database failure halfway through the demo: a trigger refuses contribution rows."""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.execute(text(
                "CREATE TRIGGER refuse_contribution BEFORE INSERT ON contribution "
                "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            ))
        else:
            connection.execute(text(
                "CREATE OR REPLACE FUNCTION refuse_contribution() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'disk full'; END $$"
            ))
            connection.execute(text(
                "CREATE TRIGGER refuse_contribution BEFORE INSERT ON contribution "
                "FOR EACH ROW EXECUTE FUNCTION refuse_contribution()"
            ))


def _drop_failure(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("DROP TRIGGER refuse_contribution" + (" ON contribution" if engine.dialect.name != "sqlite" else "")))


def test_a_failure_midway_leaves_the_store_unchanged(engine: Engine) -> None:
    _make_contribution_inserts_fail(engine)
    with pytest.raises(DBAPIError, match="disk full"):
        generate_demo(engine, seekers=60, vacancies=30, actor=ACTOR, today=TODAY)
    assert all(count(engine, name) == 0 for name in (*DOMAIN_TABLES, "audit_event"))

    _drop_failure(engine)
    generate_demo(engine, seekers=60, vacancies=30, actor=ACTOR, today=TODAY)
    before = snapshot(engine)
    _make_contribution_inserts_fail(engine)
    with pytest.raises(DBAPIError, match="disk full"):
        generate_demo(engine, seekers=90, vacancies=45, seed=3, actor=ACTOR, today=TODAY)
    assert snapshot(engine) == before


def test_small_and_empty_sizes_work(engine: Engine) -> None:
    summary = generate_demo(engine, seekers=0, vacancies=0, actor=ACTOR, today=TODAY)
    assert (summary.seekers, summary.vacancies, summary.placements, summary.contracts) == (0, 0, 0, 20)
    summary = generate_demo(engine, seekers=5, vacancies=3, actor=ACTOR, today=TODAY)
    assert (summary.seekers, summary.vacancies) == (5, 3)
    with pytest.raises(ValueError):
        generate_demo(engine, seekers=-1, actor=ACTOR, today=TODAY)


def test_on_the_demo_database_without_a_user_you_are_its_first_caseworker(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An operating-system login is no user of the invented desk; the demo's caseworker is."""
    from srmatch.cli import main
    from srmatch.config import load_settings

    monkeypatch.delenv("SRMATCH_USER")
    assert main(["demo", "--no-tui", "--seekers", "30", "--vacancies", "20"]) == 0
    engine = open_database(load_settings(demo=True).database_url)
    with session_scope(engine) as session:
        client = session.exec(sqlmodel_select(models.JobSeeker.client_number)
                              .where(models.JobSeeker.status == "active")).first()
        vacancy = session.exec(sqlmodel_select(models.Vacancy.reference).where(models.Vacancy.status == "open")).first()
    assert client and vacancy
    capsys.readouterr()
    assert main(["--demo", "placements", "propose", client, vacancy, "--note", "demo"]) == 0, capsys.readouterr().err
    with session_scope(engine) as session:
        placement = session.exec(sqlmodel_select(models.Placement).order_by(models.Placement.id.desc())).first()
        proposer = session.get(models.User, placement.proposed_by_id) if placement else None
    logins = demo.demo_logins()
    assert proposer is not None and proposer.login == logins.caseworker == "km.devries"
    assert logins.team_lead == "tl.jansen"


@pytest.mark.parametrize(("language", "words"), [("nl", ("van de vaardigheden passen", " u van ")),
                                                  ("en", ("of the skills match", " h of "))])
def test_the_frozen_reasons_of_demo_proposals_are_in_the_demos_language(
    engine: Engine, language: str, words: tuple[str, ...]
) -> None:
    from srmatch.i18n import set_language

    set_language(language)
    generate_demo(engine, seekers=60, vacancies=40, seed=7, actor=ACTOR, today=TODAY)
    texts = [line["text"] for row in rows(engine, "placement") for line in row["explanation"]["lines"]]
    assert texts and all(any(word in text for text in texts) for word in words)
