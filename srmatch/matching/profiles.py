"""What the matching engine may know about a job seeker and a vacancy, and nothing more.

Frozen dataclasses with slots: a field that is not declared here cannot be passed in, so a
name, contact detail, client number, birth date, gender, nationality, benefit type or
target-group evidence can never reach the engine (DESIGN.md §5.3). ``key`` is an opaque
number the service chooses (its own row id); it only breaks ties and maps results back.
The target group is present for one reason: the eligibility filter. It never scores.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

__all__ = ["SEEKER_FIELDS", "VACANCY_FIELDS", "SeekerProfile", "VacancyProfile"]


@dataclass(frozen=True, slots=True)
class SeekerProfile:
    """A job seeker as matching sees them."""

    key: int
    postcode: str
    target_group: str
    desired_occupations: tuple[str, ...] = ()
    desired_occupation_codes: tuple[str, ...] = ()
    experience: tuple[str, ...] = ()
    experience_codes: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    certificates: tuple[str, ...] = ()
    driving_licences: tuple[str, ...] = ()
    hours_min: int = 0
    hours_max: int = 40
    max_travel_km: float = 15.0
    travels_independently: bool = True
    work_restrictions: tuple[str, ...] = ()
    available_from: dt.date | None = None
    dutch_level: str | None = None

    def __reduce__(self) -> tuple[type[SeekerProfile], tuple[object, ...]]:
        return type(self), _values(self)


@dataclass(frozen=True, slots=True)
class VacancyProfile:
    """A vacancy as matching sees it; ``free_positions`` = positions minus people working."""

    key: int
    title: str
    postcode: str
    occupation_code: str | None = None
    skills: tuple[str, ...] = ()
    hours_min: int = 0
    hours_max: int = 40
    employment_type: str = "fixed_term"
    duration_months: int | None = None
    is_open: bool = True
    free_positions: int = 1
    driving_licence: str | None = None
    certificates: tuple[str, ...] = ()
    dutch_level: str | None = None
    physical_demands: tuple[str, ...] = ()
    eligible_target_groups: tuple[str, ...] = ()
    closes_on: dt.date | None = None

    def __reduce__(self) -> tuple[type[VacancyProfile], tuple[object, ...]]:
        return type(self), _values(self)


def _values(profile: SeekerProfile | VacancyProfile) -> tuple[object, ...]:
    """A profile pickles as its class and field values: unpickling calls the constructor,
    several times faster than the generic slots ``__setstate__`` (which looks the fields up
    for every object) when a cached side of 20,000 vacancies is loaded."""
    return tuple(getattr(profile, name) for name in _FIELD_NAMES[type(profile)])


#: The only things matching may know, by name (the algorithm register lists them).
SEEKER_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(SeekerProfile))
VACANCY_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(VacancyProfile))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {SeekerProfile: SEEKER_FIELDS, VacancyProfile: VACANCY_FIELDS}
