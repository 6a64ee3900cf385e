"""A deterministic, invented demo dataset for the Rotterdam region.

``generate_demo`` fills an empty database (or replaces an earlier demo) with users,
organisations, contracts, vacancies, job seekers, placements, contributions and
enforcement actions that look like a municipal social-return desk. Every person and
organisation is invented; names, titles and texts come from ``data/demo/`` and are
combined at random.

Rules the data keeps, so screens and services can be shown on it:

* the same ``seed``, sizes and ``today`` give byte-for-byte the same rows (each part has
  its own ``random.Random`` stream, so a different number of job seekers does not change
  the vacancies); nothing reads the clock except ``today`` defaulting to the current date;
* a job seeker has at most one started-or-sustained placement and is then "placed"; a
  vacancy never has more of those than positions; a proposal is never reviewed by its
  proposer and only team leads review;
* every placement status, contribution route and status and enforcement kind occurs
  (given at least a few dozen job seekers and vacancies).

Layout: ``reference`` reads ``data/demo/``; one builder module per kind of record
(``users``, ``organisations``, ``contracts``, ``vacancies``, ``seekers``, ``placements``,
``contributions``, ``enforcement``), each with ``build(ctx)``; ``writer`` is the only code
that touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from srmatch.services.demo.writer import (
    DEFAULT_SEEKERS,
    DEFAULT_VACANCIES,
    DEMO_ACTION,
    DemoRefused,
    DemoSummary,
    build_dataset,
    generate_demo,
)

__all__ = [
    "DemoLogins",
    "demo_logins",
    "DEFAULT_SEEKERS",
    "DEFAULT_VACANCIES",
    "DEMO_ACTION",
    "DemoRefused",
    "DemoSummary",
    "build_dataset",
    "generate_demo",
]


@dataclass(frozen=True)
class DemoLogins:
    """Whom to be in the demo: its first caseworker (the app opens as them when no user was
    given) and its first team lead (who reviews the caseworker's proposals)."""

    caseworker: str
    caseworker_name: str
    team_lead: str


def demo_logins() -> DemoLogins:
    """The first caseworker and team lead of ``data/demo/users.csv``."""
    from srmatch.services.demo.reference import load_reference
    from srmatch.store.models import Role

    users = load_reference().users
    caseworker = next((login, name) for login, name, role in users if role is Role.CASEWORKER)
    lead = next(login for login, _, role in users if role is Role.TEAM_LEAD)
    return DemoLogins(caseworker[0], caseworker[1], lead)
