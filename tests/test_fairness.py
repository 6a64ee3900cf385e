"""The fairness monitor: people per target group and area, small cells suppressed."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import Engine

from srmatch.cli import main
from srmatch.services.fairness import fairness_report
from srmatch.store.engine import session_scope
from srmatch.store.models import JobSeeker, Organisation, Placement, Vacancy


@pytest.fixture
def history(engine: Engine) -> Engine:
    """Six people in Zuid (all proposed, five placed), three in the north, two in the region."""
    with session_scope(engine) as session:
        employer = Organisation(name="Maasstad Schoon")
        session.add(employer)
        session.flush()
        assert employer.id is not None
        vacancy = Vacancy(reference="V1", employer_id=employer.id, title="Schoonmaker", postcode="3011",
                          positions=5, opened_on=dt.date(2026, 1, 1))
        session.add(vacancy)
        people = [JobSeeker(client_number=f"Z{i}", display_name="x", postcode="3072", target_group="participatiewet")
                  for i in range(6)]
        people += [JobSeeker(client_number=f"N{i}", display_name="x", postcode="3011", target_group="ww")
                   for i in range(3)]
        people += [JobSeeker(client_number=f"R{i}", display_name="x", postcode="2901", target_group="ww",
                             status="left") for i in range(2)]
        session.add_all(people)
        session.flush()
        assert vacancy.id is not None
        statuses = ["started", "started", "sustained", "sustained", "ended", "proposed"]
        for person, status in zip(people, statuses):
            assert person.id is not None
            start = dt.date(2026, 2, 1) if status in ("started", "sustained", "ended") else None
            session.add(Placement(seeker_id=person.id, vacancy_id=vacancy.id, status=status, start_date=start))
        assert people[6].id is not None
        session.add(Placement(seeker_id=people[6].id, vacancy_id=vacancy.id, status="rejected"))
    return engine


def test_counts_per_area_and_group_with_small_cells_suppressed(history: Engine) -> None:
    report = fairness_report(history).to_json()
    areas = {row["group"]: row for row in report["by_area"]}
    assert areas["zuid"] == {"group": "zuid", "active": 6, "proposed": 6, "approved": 5, "placed": 5,
                             "sustained": "<5", "share_of_placed": "100%"}
    assert areas["rotterdam"]["active"] == "<5" and areas["rotterdam"]["proposed"] == "<5"
    assert areas["region"]["active"] == 0 and areas["region"]["proposed"] == 0
    groups = {row["group"]: row for row in report["by_target_group"]}
    assert groups["participatiewet"]["placed"] == 5 and groups["ww"]["active"] == "<5"
    assert report["total"]["active"] == 9


def test_cli_prints_the_table_at_80_columns(history: Engine, database_url: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    for language in ("en", "nl"):
        assert main(["--db", database_url, "--lang", language, "fairness"]) == 0
        out = capsys.readouterr().out
        assert "Rotterdam-Zuid" in out and "<5" in out
        assert max(len(line) for line in out.splitlines()) <= 80
    assert main(["--db", database_url, "fairness", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["small_cells_below"] == 5
