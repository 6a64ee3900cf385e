"""A small registered team, employer, vacancies and job seekers for placement tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count

from sqlalchemy import Engine

from srmatch.services import placements, users
from srmatch.services.audit import Actor
from srmatch.store.engine import session_scope
from srmatch.store.models import JobSeeker, Organisation, Vacancy

TODAY = dt.date(2026, 12, 1)

#: The legal path from a fresh proposal to every state (action, actor key).
PATHS: dict[str, list[str]] = {
    "proposed": [],
    "needs_info": ["send_back"],
    "approved": ["approve"],
    "rejected": ["reject"],
    "introduced": ["approve", "introduce"],
    "not_hired": ["approve", "introduce", "not_hired"],
    "withdrawn": ["withdraw"],
    "started": ["approve", "introduce", "start"],
    "sustained": ["approve", "introduce", "start", "sustain"],
    "ended": ["approve", "introduce", "start", "end"],
}

#: What each action needs to succeed (when the state allows it).
INPUTS: dict[str, dict[str, object]] = {
    "reject": {"reason": "profile_mismatch"},
    "send_back": {"note": "Heeft zij een rijbewijs?"},
    "not_hired": {"reason": "employer_chose_other"},
    "start": {"start_date": dt.date(2026, 5, 4), "hours": 24, "employment_type": "fixed_term"},
    "end": {"reason": "contract_not_renewed"},
}


@dataclass
class World:
    engine: Engine
    admin: Actor
    caseworker: Actor
    other_caseworker: Actor
    lead: Actor
    other_lead: Actor
    account_manager: Actor
    numbers: Iterator[int]

    def actor_for(self, action: str) -> Actor:
        return self.lead if action in placements.REVIEW_ACTIONS else self.caseworker

    def seeker(self, *, postcode: str = "3073", caseworker: str | None = None) -> str:
        number = f"KL{next(self.numbers):07d}"
        with session_scope(self.engine) as session:
            session.add(JobSeeker(client_number=number, display_name=f"Persoon {number}", postcode=postcode,
                                  target_group="participatiewet", hours_min=16, hours_max=32,
                                  desired_occupations=["schoonmaker"]))
        return number

    def vacancy(self, *, positions: int = 1, contract_id: int | None = None) -> str:
        reference = f"VAC-{next(self.numbers):04d}"
        with session_scope(self.engine) as session:
            employer = Organisation(name=f"Werkgever {reference}", is_contractor=True)
            session.add(employer)
            session.flush()
            assert employer.id is not None
            session.add(Vacancy(reference=reference, employer_id=employer.id, title="Schoonmaker", postcode="3071",
                                hours_min=16, hours_max=32, positions=positions, opened_on=dt.date(2026, 1, 5),
                                contract_id=contract_id))
        return reference

    def propose(self, client_number: str | None = None, reference: str | None = None, *,
                actor: Actor | None = None, note: str | None = None,
                view: placements.EngineView | None = None) -> int:
        result = placements.propose(
            self.engine, actor or self.caseworker, client_number or self.seeker(), reference or self.vacancy(),
            note=note, explain=lambda *_: view or SURFACED,
        )
        return result.id

    def act(self, placement_id: int, action: str, **extra: object) -> placements.TransitionResult:
        arguments: dict[str, object] = {**INPUTS.get(action, {}), "today": TODAY, **extra}
        actor = arguments.pop("actor", None) or self.actor_for(action)
        assert isinstance(actor, Actor)
        return placements.transition(self.engine, actor, placement_id, action, **arguments)  # type: ignore[arg-type]

    def placement_in(self, state: str, *, reference: str | None = None) -> int:
        placement_id = self.propose(reference=reference or self.vacancy(positions=5))
        for action in PATHS[state]:
            self.act(placement_id, action)
        return placement_id


SURFACED = placements.EngineView(
    score=72.5, excluded=False, surfaced=True,
    explanation={"excluded": False, "exclusions": [],
                 "lines": [{"label": "title", "text": "title ≈ synonym of 'schoonmaker'", "points": 30.0},
                           {"label": "distance", "text": "2.1 km", "points": 18.0}]},
)
EXCLUDED = placements.EngineView(
    score=None, excluded=True, surfaced=False,
    explanation={"excluded": True, "exclusions": ["needs driving licence B"], "lines": []},
)


def build_world(engine: Engine) -> World:
    boot = users.resolve_actor(engine, "it.beheer")
    users.add_user(engine, boot, "it.beheer", "admin")
    admin = users.resolve_actor(engine, "it.beheer")
    for login, role in (("km.jansen", "caseworker"), ("km.bakker", "caseworker"), ("tl.pinas", "team_lead"),
                        ("tl.smit", "team_lead"), ("am.verhoeven", "account_manager")):
        users.add_user(engine, admin, login, role, login.replace(".", " ").title())
    resolve = lambda login: users.resolve_actor(engine, login)  # noqa: E731
    return World(engine, admin, resolve("km.jansen"), resolve("km.bakker"), resolve("tl.pinas"), resolve("tl.smit"),
                 resolve("am.verhoeven"), count(1))
