"""What the demo builders share: random streams, date helpers, the drafts they pass on, the context.

Each builder (one module per kind of record) reads the reference data and what earlier
builders made from the :class:`DemoContext`, and appends its rows to ``ctx.rows``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from srmatch.services.demo.reference import DemoReference

_T = TypeVar("_T")


def stream(seed: int, part: str) -> random.Random:
    """An independent, reproducible random stream for one part of the dataset."""
    return random.Random(f"srmatch-demo/{seed}/{part}")


def stamp(day: dt.date, rng: random.Random, first_hour: int = 8, last_hour: int = 16) -> dt.datetime:
    """A UTC time of day on ``day`` between the given hours."""
    return dt.datetime(day.year, day.month, day.day, rng.randint(first_hour, last_hour), rng.randrange(60), tzinfo=dt.UTC)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def between(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    """A day in [low, high]; ``low`` when the range is empty."""
    span = (high - low).days
    return low if span <= 0 else low + dt.timedelta(days=rng.randint(0, span))


def weighted(rng: random.Random, pairs: Sequence[tuple[_T, int]]) -> _T:
    """One item of ``(item, weight)`` pairs, drawn by weight."""
    return rng.choices([item for item, _ in pairs], weights=[weight for _, weight in pairs])[0]


def postcode_letters(rng: random.Random) -> str:
    """Two postcode letters as PostNL hands them out (never SA, SD or SS)."""
    letters = "ABCDEGHJKLMNPRSTVWXZ"
    while True:
        pair = rng.choice(letters) + rng.choice(letters)
        if pair not in ("SA", "SD", "SS"):
            return pair


@dataclass
class ContractDraft:
    """What later builders need to know about a generated contract."""

    id: int
    buyer_id: int
    contractor_id: int
    sector: str
    start: dt.date
    end: dt.date
    final_due: dt.date
    obligation_cents: int
    account_manager_id: int
    status: str
    performance: float
    approved_cents: int = 0


@dataclass
class VacancyDraft:
    """What the placement and contribution builders need to know about a vacancy."""

    id: int
    contract_id: int | None
    occupation: str
    status: str
    positions: int
    opened_on: dt.date
    closes_on: dt.date | None
    hours: tuple[int, int]
    employment_type: str
    eligible: tuple[str, ...]


@dataclass
class SeekerDraft:
    """What the placement builder needs to know about a job seeker."""

    id: int
    target_group: str
    status: str
    caseworker_id: int
    desired: tuple[str, ...]
    experience: tuple[str, ...]
    hours: tuple[int, int]
    max_km: float
    working: bool = False


@dataclass
class DemoContext:
    """The sizes and reference data of one run, and what the builders made so far."""

    seed: int
    n_seekers: int
    n_vacancies: int
    today: dt.date
    user_id_offset: int
    taken_logins: frozenset[str]
    ref: DemoReference
    #: Rows per table, in insertion (parent-first) order.
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    caseworkers: list[int] = field(default_factory=list)
    team_leads: list[int] = field(default_factory=list)
    account_managers: list[int] = field(default_factory=list)
    municipality_id: int = 0
    anchors: list[tuple[int, str, tuple[tuple[str, int], ...]]] = field(default_factory=list)
    social_enterprises: list[tuple[int, str, tuple[str, ...], str]] = field(default_factory=list)
    contractors: list[tuple[int, str]] = field(default_factory=list)
    contracts: list[ContractDraft] = field(default_factory=list)
    vacancies: list[VacancyDraft] = field(default_factory=list)
    seekers: list[SeekerDraft] = field(default_factory=list)
    placements: list[dict[str, Any]] = field(default_factory=list)
    contract_refs: dict[int, str] = field(default_factory=dict)
    org_names: dict[int, str] = field(default_factory=dict)

    @property
    def yesterday(self) -> dt.date:
        return self.today - dt.timedelta(days=1)
