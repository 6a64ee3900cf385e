"""What a job seeker's profile lacks for good matching: one rule, for the record and the list filter.

A profile is incomplete when it has no desired occupation (the engine has nothing to fit titles
to), no hours available, no travel distance, or no contact in the last six months (the profile
is probably out of date). :func:`gaps` says which for one person; :func:`incomplete_condition`
is the same rule as a database condition for the list's "incomplete" filter (a test keeps the
two in step).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, String, cast, or_
from sqlmodel import col

from srmatch.store.models import JobSeeker

#: Contact older than this many days makes a profile stale (about six months).
STALE_CONTACT_DAYS = 183

#: The gaps in the order the record lists them; catalogue keys ``gap.<code>``.
GAP_CODES = ("no_occupation", "no_hours", "no_travel", "stale_contact")


def gaps(
    *,
    desired_occupations: tuple[str, ...] | list[str],
    hours_max: int,
    max_travel_km: float,
    last_contact_on: dt.date | None,
    today: dt.date | None = None,
) -> tuple[str, ...]:
    """The gap codes of one profile, in :data:`GAP_CODES` order (empty when complete)."""
    today = today or dt.date.today()
    found: list[str] = []
    if not [item for item in desired_occupations if item.strip()]:
        found.append("no_occupation")
    if hours_max <= 0:
        found.append("no_hours")
    if max_travel_km <= 0:
        found.append("no_travel")
    if last_contact_on is None or (today - last_contact_on).days > STALE_CONTACT_DAYS:
        found.append("stale_contact")
    return tuple(found)


def incomplete_condition(today: dt.date | None = None) -> ColumnElement[bool]:
    """True for job seekers with at least one gap (the same rule as :func:`gaps`)."""
    today = today or dt.date.today()
    oldest_fresh = today - dt.timedelta(days=STALE_CONTACT_DAYS)
    occupations = cast(col(JobSeeker.desired_occupations), String)
    return or_(
        col(JobSeeker.desired_occupations).is_(None),
        occupations.in_(["[]", "null"]),
        col(JobSeeker.hours_max) <= 0,
        col(JobSeeker.max_travel_km) <= 0,
        col(JobSeeker.last_contact_on).is_(None),
        col(JobSeeker.last_contact_on) < oldest_fresh,
    )
