"""Occupation codes in the data: a vacancy's title and a seeker's desired occupations and
experience, normalised to concepts of the vocabulary in use.

Codes are set when records are saved or imported (``code_titles`` for forms and importers,
``code_demo_rows`` for the demo) and recomputed for everyone after a vocabulary import
(``recode_all``, which says how many records changed). A title is coded only when the title
matcher's best suggestion reaches ``auto_code_threshold`` of ``data/matching.toml``; below
it the field stays empty and matching falls back to title similarity.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, update
from sqlmodel import col, select

from srmatch.matching.settings import load_matching_settings
from srmatch.matching.titles import TitleMatcher
from srmatch.services import audit
from srmatch.services.audit import Actor
from srmatch.store.engine import session_scope
from srmatch.store.models import JobSeeker, Vacancy

__all__ = ["RecodeSummary", "code_demo_rows", "code_titles", "fill_seeker_codes", "occupation_matcher", "recode_all"]


@dataclass(frozen=True)
class RecodeSummary:
    """How many records got another occupation code."""

    vacancies: int
    seekers: int
    vacancies_total: int
    seekers_total: int


def occupation_matcher(engine: Engine) -> TitleMatcher:
    """The prepared title matcher of the vocabulary in use (cached, rebuilt when it changes)."""
    from srmatch.services.vocabulary import title_matcher

    return title_matcher(engine)


def _codes(matcher: TitleMatcher, titles: Sequence[str]) -> dict[str, str]:
    unique = sorted({title for title in titles if title and title.strip()})
    threshold = load_matching_settings().auto_code_threshold
    found: dict[str, str] = {}
    for title, suggestions in zip(unique, matcher.suggest_many(unique, top=1), strict=True):
        found[title] = suggestions[0].uri if suggestions and suggestions[0].score >= threshold else ""
    return found


def code_titles(engine: Engine, titles: Sequence[str]) -> list[str]:
    """The concept URI for each title ("" when no concept fits well enough), in order."""
    found = _codes(occupation_matcher(engine), titles)
    return [found.get(title, "") for title in titles]


def fill_seeker_codes(matcher: TitleMatcher, seekers: Sequence[dict[str, Any]]) -> None:
    """Set ``desired_occupation_codes`` / ``experience_codes`` of job-seeker rows (dicts with
    ``desired_occupations`` and/or ``experience``) in place; for importers and forms."""
    titles = [t for s in seekers for t in (*(s.get("desired_occupations") or []), *(s.get("experience") or []))]
    found = _codes(matcher, titles)
    for seeker in seekers:
        if "desired_occupations" in seeker:
            seeker["desired_occupation_codes"] = [found.get(t, "") for t in seeker["desired_occupations"] or []]
        if "experience" in seeker:
            seeker["experience_codes"] = [found.get(t, "") for t in seeker["experience"] or []]


def code_demo_rows(matcher: TitleMatcher, rows: Mapping[str, list[dict[str, Any]]]) -> None:
    """Fill the occupation codes of demo rows in place (before they are written); the
    matcher comes from ``occupation_matcher`` before the demo's transaction starts."""
    vacancies = rows.get("vacancy", [])
    seekers = rows.get("job_seeker", [])
    titles = [v["title"] for v in vacancies]
    titles += [t for s in seekers for t in (*s.get("desired_occupations", []), *s.get("experience", []))]
    if not titles:
        return
    found = _codes(matcher, titles)
    for vacancy in vacancies:
        vacancy["occupation_code"] = found.get(vacancy["title"]) or None
    for seeker in seekers:
        seeker["desired_occupation_codes"] = [found.get(t, "") for t in seeker.get("desired_occupations", [])]
        seeker["experience_codes"] = [found.get(t, "") for t in seeker.get("experience", [])]


def recode_all(engine: Engine, actor: Actor | None = None) -> RecodeSummary:
    """Recompute every vacancy's and job seeker's occupation codes; one transaction."""
    matcher = occupation_matcher(engine)
    with session_scope(engine) as session:
        vacancies = session.exec(select(Vacancy.id, Vacancy.title, Vacancy.occupation_code)).all()
        seekers = session.exec(select(JobSeeker)).all()
        titles = [title for _, title, _ in vacancies]
        titles += [t for s in seekers for t in (*s.desired_occupations, *s.experience)]
        found = _codes(matcher, titles)
        changed_vacancies = 0
        for vacancy_id, title, old in vacancies:
            new = found.get(title) or None
            if new != old:
                session.execute(update(Vacancy).where(col(Vacancy.id) == vacancy_id).values(occupation_code=new))
                changed_vacancies += 1
        changed_seekers = 0
        for seeker in seekers:
            new_desired = [found.get(t, "") for t in seeker.desired_occupations]
            new_experience = [found.get(t, "") for t in seeker.experience]
            if new_desired != list(seeker.desired_occupation_codes or []) or new_experience != list(
                    seeker.experience_codes or []):
                session.execute(update(JobSeeker).where(col(JobSeeker.id) == seeker.id).values(
                    desired_occupation_codes=new_desired, experience_codes=new_experience))
                changed_seekers += 1
        if actor is not None and (changed_vacancies or changed_seekers):
            audit.record(session, actor, "occupations.recode", "vacancy",
                         reason=f"{changed_vacancies} vacancies and {changed_seekers} job seekers changed")
    return RecodeSummary(changed_vacancies, changed_seekers, len(vacancies), len(seekers))
