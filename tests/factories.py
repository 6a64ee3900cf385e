"""Small, explicit records for tests that need a few rows (the demo generator is for volume)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from srmatch.store.engine import session_scope
from srmatch.store.models import JobSeeker, Organisation, User, Vacancy


def add_sample_records(engine: Engine) -> None:
    """Two job seekers, two vacancies, their employer and a caseworker."""
    with session_scope(engine) as session:
        caseworker = User(login="km.jansen", display_name="Karin Jansen", role="caseworker")
        employer = Organisation(name="Schoonmaakbedrijf Maasstad", kvk_number="24123456", is_contractor=True)
        session.add_all([caseworker, employer])
        session.flush()
        session.add_all(
            [
                JobSeeker(
                    client_number="KL0000001",
                    display_name="Samira el Amrani",
                    email="samira@example.nl",
                    phone="06 12345678",
                    postcode="3073",
                    target_group="participatiewet",
                    ladder_rung=4,
                    desired_occupations=["schoonmaker"],
                    skills=["schoonmaken"],
                    hours_min=20,
                    hours_max=32,
                    caseworker_id=caseworker.id,
                ),
                JobSeeker(
                    client_number="KL0000002",
                    display_name="Peter de Vries",
                    postcode="3012",
                    target_group="ww",
                    ladder_rung=5,
                    desired_occupations=["magazijnmedewerker"],
                ),
                Vacancy(
                    reference="VAC-001",
                    employer_id=employer.id,
                    title="Medewerker schoonmaak (m/v/x)",
                    postcode="3071",
                    hours_min=16,
                    hours_max=24,
                    opened_on=dt.date(2026, 10, 1),
                ),
                Vacancy(
                    reference="VAC-002",
                    employer_id=employer.id,
                    title="Magazijnmedewerker",
                    postcode="3199",
                    status="closed",
                    opened_on=dt.date(2026, 9, 1),
                ),
            ]
        )
