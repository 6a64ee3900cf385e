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


def propose_in_english(capsys: pytest.CaptureFixture[str], database_url: str, *args: str) -> str:
    code = main(["--db", database_url, "--user", "km.jansen", "--lang", "en", "placements", "propose", *args])
    out = capsys.readouterr().out
    assert code == 0
    return out.split()[-1]


def show_as(capsys: pytest.CaptureFixture[str], database_url: str, language: str, placement_id: str,
            *extra: str) -> str:
    code = main(["--db", database_url, "--user", "tl.pinas", "--lang", language, "placements", "show", placement_id,
                 *extra])
    out = capsys.readouterr().out
    assert code == 0
    return out


def test_a_proposal_made_in_english_reads_in_dutch_with_its_frozen_numbers(
        capsys: pytest.CaptureFixture[str], team: Engine, database_url: str) -> None:
    from srmatch.i18n import set_language
    from srmatch.services import matching

    placement_id = propose_in_english(capsys, database_url, "KL1", "VAC-NEAR")
    english = json.loads(show_as(capsys, database_url, "en", placement_id, "--json"))
    dutch = json.loads(show_as(capsys, database_url, "nl", placement_id, "--json"))
    set_language("nl")
    expected = matching.explain_pair(team, "KL1", "VAC-NEAR")
    assert [line["text"] for line in dutch["explanation"]] == [c.text for c in expected.components]
    assert [line["text"] for line in dutch["explanation"]] != [line["text"] for line in english["explanation"]]
    # The numbers are what the engine said then, in either language; the codes are in the JSON.
    assert [(x["label"], x["points"]) for x in dutch["explanation"]] == [(x["label"], x["points"]) for x in english["explanation"]]
    assert dutch["score"] == english["score"]
    assert all(line["reason"]["code"] for line in dutch["explanation"])
    text = show_as(capsys, database_url, "nl", placement_id)
    assert expected.components[0].text in text and "exclusion_reasons" not in text


def test_the_exclusions_of_an_english_proposal_read_in_dutch(capsys: pytest.CaptureFixture[str], team: Engine,
                                                           database_url: str) -> None:
    from srmatch.i18n import set_language
    from srmatch.services import matching

    placement_id = propose_in_english(capsys, database_url, "KL1", "VAC-CAR", "--note", "Haalt rijbewijs")
    english = json.loads(show_as(capsys, database_url, "en", placement_id, "--json"))
    set_language("nl")
    queue = placements.review_queue(team, users.resolve_actor(team, "tl.pinas"))
    expected = matching.explain_pair(team, "KL1", "VAC-CAR").exclusions
    assert queue.items[0].explanation.exclusions == expected and expected != tuple(english["exclusions"])
    assert [r["code"] for r in english["exclusion_reasons"]] == ["excluded.driving_licence"]


def test_frozen_reason_values_are_worded_again_or_refused() -> None:
    from srmatch.i18n import set_language
    from srmatch.services.matching import reason_words

    set_language("nl")
    # Dates come back from the JSON column as ISO text; floats are written the language's way.
    available = reason_words("excluded.available", {"from": "2027-03-01", "closes": "2027-01-01"})
    assert available is not None and "2027-03-01" in available and "2027-01-01" in available
    assert "7,4" in (reason_words("excluded.distance", {"km": 7.4, "limit": 5.0, "capped": False}) or "")
    assert reason_words("occupation.from_the_future", {}) is None  # a code this version does not know
    assert reason_words("excluded.hours", {"seeker_min": 16}) is None  # a value missing
