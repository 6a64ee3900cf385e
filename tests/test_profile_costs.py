"""What a gap in a profile costs ("adding hours would let 2 more vacancies be considered"):
counted with the engine's own filters, shown on the seeker's record (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Engine

from srmatch.app import SrmatchApp
from srmatch.config import load_settings
from srmatch.i18n import set_language
from srmatch.screens.records import SeekerScreen
from srmatch.services import matching
from srmatch.store.engine import session_scope
from srmatch.store.models import JobSeeker, Organisation, Vacancy

TODAY = dt.date(2026, 12, 1)


def _seeker(number: str, **fields: Any) -> JobSeeker:
    values: dict[str, Any] = {"client_number": number, "display_name": f"Persoon {number}", "postcode": "3073",
                              "target_group": "participatiewet", "desired_occupations": ["schoonmaker"],
                              "hours_min": 16, "hours_max": 32, "max_travel_km": 15.0, "last_contact_on": TODAY}
    values.update(fields)
    return JobSeeker(**values)


@pytest.fixture
def town(engine: Engine) -> Engine:
    """Five open vacancies: three in the next postcode (one needs a licence), one in Amsterdam, one across the river."""
    with session_scope(engine) as session:
        employer = Organisation(name="Maasstad Schoon", is_contractor=True)
        session.add(employer)
        session.flush()
        assert employer.id is not None
        for reference, postcode, licence in (("VAC-A", "3072", None), ("VAC-B", "3072", None), ("VAC-C", "3072", "B"),
                                             ("VAC-FAR", "1012", None), ("VAC-RIVER", "3033", None)):
            session.add(Vacancy(reference=reference, employer_id=employer.id, title="Schoonmaker", postcode=postcode,
                                hours_min=16, hours_max=32, driving_licence=licence, opened_on=dt.date(2026, 11, 1)))
        session.add_all([
            _seeker("KL-HOURS", hours_min=0, hours_max=0),
            _seeker("KL-TRAVEL", max_travel_km=0.0),
            _seeker("KL-BOTH", hours_min=0, hours_max=0, max_travel_km=0.0, desired_occupations=[]),
            _seeker("KL-FINE"),
        ])
    return engine


def _only_because(engine: Engine, number: str, reason: str) -> int:
    """Open vacancies the engine excludes for this person for ``reason`` and nothing else."""
    return sum(matching.explain_pair(engine, number, reference, today=TODAY).excluded_by == (reason,)
               for reference in ("VAC-A", "VAC-B", "VAC-C", "VAC-FAR", "VAC-RIVER"))


def test_missing_hours_cost_the_vacancies_excluded_only_by_hours(town: Engine) -> None:
    [cost] = matching.profile_costs(town, "KL-HOURS", today=TODAY)
    assert (cost.gap, cost.opened) == ("no_hours", 3)  # A, B and the one across the river; C also needs a licence
    assert cost.opened == _only_because(town, "KL-HOURS", "hours")
    assert cost.text == "adding hours would let 3 more vacancies be considered (counted with 0–40 h)"


def test_missing_travel_distance_is_counted_with_the_default_distance(town: Engine) -> None:
    [cost] = matching.profile_costs(town, "KL-TRAVEL", today=TODAY)
    assert (cost.gap, cost.opened) == ("no_travel", 3)  # 15 km reaches A, B and the one across the river; not Amsterdam
    assert "(counted with 15 km)" in cost.text


def test_several_gaps_each_and_together(town: Engine) -> None:
    set_language("nl")
    costs = {cost.gap: cost for cost in matching.profile_costs(town, "KL-BOTH", today=TODAY)}
    assert set(costs) == {"no_occupation", "no_hours", "no_travel", "both"}
    assert (costs["no_hours"].opened, costs["no_travel"].opened, costs["both"].opened) == (0, 0, 3)
    assert costs["no_occupation"].text.startswith("een gewenst beroep toevoegen laat het beroepsdeel (tot 40 punten)")
    assert costs["both"].text == "zowel uren als een reisafstand toevoegen: 3 vacatures meer"


def test_a_complete_profile_costs_nothing(town: Engine) -> None:
    assert matching.profile_costs(town, "KL-FINE", today=TODAY) == ()


def test_a_new_vacancy_changes_the_cost_at_once(town: Engine) -> None:
    assert matching.profile_costs(town, "KL-HOURS", today=TODAY)[0].opened == 3
    with session_scope(town) as session:
        employer = Organisation(name="Nog een", is_contractor=True)
        session.add(employer)
        session.flush()
        assert employer.id is not None
        session.add(Vacancy(reference="VAC-D", employer_id=employer.id, title="Schoonmaker", postcode="3072",
                            hours_min=8, hours_max=16, opened_on=dt.date(2026, 11, 1)))
    assert matching.profile_costs(town, "KL-HOURS", today=TODAY)[0].opened == 4


async def test_the_record_says_what_the_gap_costs(town: Engine) -> None:
    set_language("en")
    settings = load_settings(db_path=str(town.url.render_as_string(hide_password=False)), language="en", user="km.x")
    app = SrmatchApp(settings=settings, engine=town)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("seeker", client_number="KL-HOURS")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert isinstance(app.screen, SeekerScreen)
        assert app.screen.fields is not None
        assert app.screen.fields["gap_costs"] == (
            "• adding hours would let 3 more vacancies be considered (counted with 0–40 h)")
        assert list(app.screen.fields)[:4] == ["client_number", "display_name", "gaps", "gap_costs"]
