"""Proposing with the real matching engine: the verdict is frozen, exclusions need a reason."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import Engine, update

# Needs the matching service (helper C's srmatch.services.matching); runs as soon as it is in.
pytest.importorskip("srmatch.services.matching")

from srmatch.cli import main  # noqa: E402
from srmatch.services import placements, users  # noqa: E402
from srmatch.store.engine import session_scope  # noqa: E402
from srmatch.store.migrate import open_database  # noqa: E402
from srmatch.store.models import JobSeeker, Organisation, Vacancy  # noqa: E402


@pytest.fixture
def team(database_url: str) -> Engine:
    engine = open_database(database_url)
    users.add_user(engine, users.resolve_actor(engine, "it"), "it", "admin")
    admin = users.resolve_actor(engine, "it")
    users.add_user(engine, admin, "km.jansen", "caseworker")
    users.add_user(engine, admin, "tl.pinas", "team_lead")
    with session_scope(engine) as session:
        employer = Organisation(name="Schoonmaakbedrijf Maasstad", is_contractor=True)
        session.add(employer)
        session.flush()
        assert employer.id is not None
        session.add_all([
            JobSeeker(client_number="KL1", display_name="Samira", postcode="3072", target_group="participatiewet",
                      desired_occupations=["schoonmaker"], desired_occupation_codes=["srm:schoonmaker"],
                      skills=["schoonmaken"], hours_min=16, hours_max=32, max_travel_km=15.0),
            Vacancy(reference="VAC-NEAR", employer_id=employer.id, title="Medewerker schoonmaak (m/v/x)",
                    occupation_code="srm:schoonmaker", skills=["schoonmaken"], postcode="3011", hours_min=20,
                    hours_max=32, opened_on=dt.date(2026, 11, 1)),
            Vacancy(reference="VAC-CAR", employer_id=employer.id, title="Schoonmaker", driving_licence="B",
                    occupation_code="srm:schoonmaker", postcode="3062", hours_min=20, hours_max=32,
                    opened_on=dt.date(2026, 11, 1)),
        ])
    return engine


def run(capsys: pytest.CaptureFixture[str], database_url: str, *args: str) -> tuple[int, str, str]:
    code = main(["--db", database_url, "--user", "km.jansen", "placements", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_proposal_keeps_the_engines_score_and_reasons(capsys: pytest.CaptureFixture[str], team: Engine,
                                                        database_url: str) -> None:
    code, out, _ = run(capsys, database_url, "propose", "KL1", "VAC-NEAR", "--note", "Past goed")
    assert code == 0 and out.startswith("proposed: placement ")
    placement_id = out.split()[-1]
    shown = json.loads(run(capsys, database_url, "show", placement_id, "--json")[1])
    assert shown["surfaced_by_engine"] is True and shown["excluded_by_engine"] is False
    assert shown["score"] is not None and 0 < shown["score"] <= 100
    assert {line["label"] for line in shown["explanation"]} >= {"occupation", "distance", "hours"}
    with session_scope(team) as session:  # the vacancy changes after the proposal
        session.execute(update(Vacancy).where(Vacancy.reference == "VAC-NEAR").values(hours_min=36, hours_max=40))  # type: ignore[arg-type]
    again = json.loads(run(capsys, database_url, "show", placement_id, "--json")[1])
    assert (again["score"], again["explanation"]) == (shown["score"], shown["explanation"])


def test_an_excluded_pair_needs_a_reason_and_is_marked(capsys: pytest.CaptureFixture[str], team: Engine,
                                                       database_url: str) -> None:
    code, _, err = run(capsys, database_url, "propose", "KL1", "VAC-CAR")
    assert code == 1 and "excluded this pair" in err and "--note" in err
    code, out, _ = run(capsys, database_url, "propose", "KL1", "VAC-CAR", "--note", "Haalt rijbewijs in januari")
    assert code == 0
    shown = json.loads(run(capsys, database_url, "show", out.split()[-1], "--json")[1])
    assert (shown["surfaced_by_engine"], shown["excluded_by_engine"], shown["score"]) == (False, True, None)
    assert shown["exclusions"] and shown["proposal_note"] == "Haalt rijbewijs in januari"
    queue = placements.review_queue(team, users.resolve_actor(team, "tl.pinas"))
    assert queue.items[0].explanation.excluded
