"""Matching use cases: rank vacancies for a job seeker, candidates for a vacancy, everyone
at once, and explain one pair (what a placement freezes at proposal time).

The service reads the store, builds the engine's profiles (only the allowed fields: no
names, contact details, client numbers or evidence reach ``srmatch.matching``), and turns
the engine's coded reasons into words in the current language. Results are frozen
dataclasses with ``to_json()`` in the shape of ``srmatch match … --json``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import platform
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Engine, func
from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from srmatch.errors import UserFacingError
from srmatch.i18n import catalogue, current_language, t
from srmatch.matching.engine import (
    FILTERS,
    Component,
    DoorOpener,
    MatchingEngine,
    OccupationCatalogue,
    PairOutcome,
    Ranking,
    Reason,
)
from srmatch.matching.geo import Pc4Centroid, PostcodeTable, load_pc4_table
from srmatch.matching.profiles import SeekerProfile, VacancyProfile
from srmatch.matching.requirements import load_certificates, load_driving_licences, load_work_demands
from srmatch.matching.settings import COMPONENTS, load_matching_settings
from srmatch.services import audit
from srmatch.services.audit import Actor
from srmatch.store.engine import session_scope
from srmatch.store.models import (
    JobSeeker,
    Placement,
    PlacementStatus,
    PostcodeCentroid,
    SeekerStatus,
    Vacancy,
    VacancyStatus,
)

__all__ = [
    "ComponentView",
    "DoorView",
    "MatchList",
    "MatchResult",
    "PairExplanation",
    "Subject",
    "UnknownSeeker",
    "ActiveSeekerSide",
    "OpenVacancySide",
    "UnknownVacancy",
    "active_seeker_side",
    "GapCost",
    "explain_pair",
    "prepare_seeker_views",
    "prepare_vacancy_views",
    "profile_costs",
    "forget_encoded_sides",
    "open_vacancy_side",
    "find_subjects",
    "match_all",
    "match_seeker",
    "match_vacancy",
    "postcode_table",
    "reason_words",
]

DEFAULT_TOP = 10
_WORKING = (PlacementStatus.STARTED.value, PlacementStatus.SUSTAINED.value)


class UnknownSeeker(UserFacingError, LookupError):
    """No job seeker with that client number."""


class UnknownVacancy(UserFacingError, LookupError):
    """No vacancy with that reference."""


# -- results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComponentView:
    """One part of the score, in words."""

    name: str
    points: float
    max_points: float
    text: str


@dataclass(frozen=True)
class MatchResult:
    """One ranked vacancy (for a seeker) or candidate (for a vacancy)."""

    id: str
    title_or_name: str
    score: float
    components: tuple[ComponentView, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(component.text for component in self.components)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title_or_name": self.title_or_name,
            "score": self.score,
            "components": {c.name: c.points for c in self.components},
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class DoorView:
    """One change that would open doors, its stable key, its words and its count."""

    key: str
    text: str
    count: int


@dataclass(frozen=True)
class MatchList:
    """Ranked results for one subject, with exclusion counts, door openers and notes."""

    subject: Mapping[str, Any]
    results: tuple[MatchResult, ...]
    considered: int
    excluded: Mapping[str, int]
    would_open: tuple[DoorView, ...]
    notes: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": dict(self.subject),
            "results": [result.to_json() for result in self.results],
            "excluded": dict(self.excluded),
            "would_open": {door.key: door.count for door in self.would_open},
        }


@dataclass(frozen=True)
class PairExplanation:
    """The verdict on one seeker × vacancy pair, as a placement freezes it."""

    client_number: str
    vacancy_reference: str
    eligible: bool
    excluded_by: tuple[str, ...]
    exclusions: tuple[str, ...]
    score: float | None
    components: tuple[ComponentView, ...]
    #: What ``components`` and ``exclusions`` were put into words from (same order): codes and
    #: values in no language, so a frozen proposal can be read in the reader's (:func:`reason_words`).
    component_reasons: tuple[Reason, ...] = ()
    exclusion_reasons: tuple[Reason, ...] = ()

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.exclusions + tuple(component.text for component in self.components)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.vacancy_reference,
            "client_number": self.client_number,
            "eligible": self.eligible,
            "excluded_by": list(self.excluded_by),
            "score": self.score,
            "components": {c.name: c.points for c in self.components},
            "reasons": list(self.reasons),
        }


# -- building profiles -------------------------------------------------------------------------


def postcode_table(engine: Engine) -> PostcodeTable:
    """The shipped PC4 table with any centroids imported by ``geo import-geonames`` on top."""
    shipped = {c.pc4: c for c in load_pc4_table()}
    with session_scope(engine) as session:
        for row in session.exec(select(PostcodeCentroid)):
            shipped[row.pc4] = Pc4Centroid(row.pc4, row.latitude, row.longitude, row.place,
                                           row.municipality_code, row.municipality)
    return PostcodeTable(shipped.values(), load_matching_settings().default_municipality)


def _catalogue(engine: Engine) -> OccupationCatalogue:
    from srmatch.services.vocabulary import active_vocabulary

    vocabulary = active_vocabulary(engine)
    return OccupationCatalogue({c.uri: (c.preferred_label, c.isco_code) for c in vocabulary.concepts})


def seeker_profile(seeker: JobSeeker) -> SeekerProfile:
    """The allowed fields of a job seeker, nothing else (``key`` is the row id)."""
    assert seeker.id is not None
    return SeekerProfile(
        key=seeker.id,
        postcode=seeker.postcode,
        target_group=seeker.target_group,
        desired_occupations=tuple(seeker.desired_occupations),
        desired_occupation_codes=tuple(seeker.desired_occupation_codes or ()),
        experience=tuple(seeker.experience),
        experience_codes=tuple(seeker.experience_codes or ()),
        skills=tuple(seeker.skills),
        certificates=tuple(seeker.certificates),
        driving_licences=tuple(seeker.driving_licences),
        hours_min=seeker.hours_min,
        hours_max=seeker.hours_max,
        max_travel_km=seeker.max_travel_km,
        travels_independently=seeker.travels_independently,
        work_restrictions=tuple(seeker.work_restrictions),
        available_from=seeker.available_from,
        dutch_level=seeker.dutch_level,
    )


def vacancy_profile(vacancy: Vacancy, working: int) -> VacancyProfile:
    """The allowed fields of a vacancy; ``working`` = people started on it."""
    assert vacancy.id is not None
    return VacancyProfile(
        key=vacancy.id,
        title=vacancy.title,
        postcode=vacancy.postcode,
        occupation_code=vacancy.occupation_code,
        skills=tuple(vacancy.skills),
        hours_min=vacancy.hours_min,
        hours_max=vacancy.hours_max,
        employment_type=vacancy.employment_type,
        duration_months=vacancy.duration_months,
        is_open=vacancy.status == VacancyStatus.OPEN.value,
        free_positions=vacancy.positions - working,
        driving_licence=vacancy.driving_licence,
        certificates=tuple(vacancy.certificates),
        dutch_level=vacancy.dutch_level,
        physical_demands=tuple(vacancy.physical_demands),
        eligible_target_groups=tuple(vacancy.eligible_target_groups),
        closes_on=vacancy.closes_on,
    )


def _working_counts(session: Session, vacancy_id: int | None = None) -> dict[int, int]:
    """People working per vacancy (of one vacancy when ``vacancy_id`` is given)."""
    query = select(Placement.vacancy_id, func.count()).where(col(Placement.status).in_(_WORKING))
    if vacancy_id is not None:
        query = query.where(col(Placement.vacancy_id) == vacancy_id)
    rows = session.exec(query.group_by(col(Placement.vacancy_id))).all()
    return {int(vacancy_id): int(count) for vacancy_id, count in rows}


@dataclass(frozen=True)
class _VacancyLabel:
    """What a result line shows of a vacancy."""

    reference: str
    title: str


_PROFILE_COLUMNS = ("id", "reference", "title", "postcode", "occupation_code", "skills", "hours_min", "hours_max",
                    "employment_type", "duration_months", "status", "positions", "driving_licence", "certificates",
                    "dutch_level", "physical_demands", "eligible_target_groups", "closes_on")


def _open_vacancies(session: Session) -> list[tuple[VacancyProfile, _VacancyLabel]]:
    """Open vacancies as profiles, read column by column (no ORM objects: 20,000 rows load
    several times faster this way)."""
    from sqlalchemy import select as core_select

    working = _working_counts(session)
    table = Vacancy.__table__  # type: ignore[attr-defined]
    query = core_select(*(table.c[name] for name in _PROFILE_COLUMNS)).where(
        table.c.status == VacancyStatus.OPEN.value).order_by(table.c.id)
    result = []
    for row in session.connection().execute(query):
        v = row._mapping
        profile = VacancyProfile(
            key=v["id"], title=v["title"], postcode=v["postcode"], occupation_code=v["occupation_code"],
            skills=tuple(v["skills"] or ()), hours_min=v["hours_min"], hours_max=v["hours_max"],
            employment_type=v["employment_type"], duration_months=v["duration_months"], is_open=True,
            free_positions=v["positions"] - working.get(v["id"], 0), driving_licence=v["driving_licence"],
            certificates=tuple(v["certificates"] or ()), dutch_level=v["dutch_level"],
            physical_demands=tuple(v["physical_demands"] or ()),
            eligible_target_groups=tuple(v["eligible_target_groups"] or ()), closes_on=v["closes_on"],
        )
        result.append((profile, _VacancyLabel(v["reference"], v["title"])))
    return result


_SEEKER_COLUMNS = ("id", "client_number", "display_name", "postcode", "target_group", "desired_occupations",
                   "desired_occupation_codes", "experience", "experience_codes", "skills", "certificates",
                   "driving_licences", "hours_min", "hours_max", "max_travel_km", "travels_independently",
                   "work_restrictions", "available_from", "dutch_level")


@dataclass(frozen=True)
class _SeekerLabel:
    """What a result line and a subject header show of a job seeker (never given to the engine)."""

    client_number: str
    name: str
    subject: Mapping[str, Any]


def _active_seekers(session: Session) -> list[tuple[SeekerProfile, _SeekerLabel]]:
    """Active job seekers as profiles plus labels, read column by column."""
    from sqlalchemy import select as core_select

    table = JobSeeker.__table__  # type: ignore[attr-defined]
    query = core_select(*(table.c[name] for name in _SEEKER_COLUMNS)).where(
        table.c.status == SeekerStatus.ACTIVE.value).order_by(table.c.id)
    result = []
    for row in session.connection().execute(query):
        p = row._mapping
        profile = SeekerProfile(
            key=p["id"], postcode=p["postcode"], target_group=p["target_group"],
            desired_occupations=tuple(p["desired_occupations"] or ()),
            desired_occupation_codes=tuple(p["desired_occupation_codes"] or ()),
            experience=tuple(p["experience"] or ()), experience_codes=tuple(p["experience_codes"] or ()),
            skills=tuple(p["skills"] or ()), certificates=tuple(p["certificates"] or ()),
            driving_licences=tuple(p["driving_licences"] or ()), hours_min=p["hours_min"], hours_max=p["hours_max"],
            max_travel_km=p["max_travel_km"], travels_independently=bool(p["travels_independently"]),
            work_restrictions=tuple(p["work_restrictions"] or ()), available_from=p["available_from"],
            dutch_level=p["dutch_level"],
        )
        subject = {"client_number": p["client_number"], "name": p["display_name"], "postcode": p["postcode"],
                   "desired_occupations": list(p["desired_occupations"] or ()),
                   "hours": [p["hours_min"], p["hours_max"]], "max_travel_km": p["max_travel_km"]}
        result.append((profile, _SeekerLabel(p["client_number"], p["display_name"], subject)))
    return result


def _find_seeker(session: Session, client_number: str) -> JobSeeker:
    seeker = session.exec(select(JobSeeker).where(JobSeeker.client_number == client_number.strip())).first()
    if seeker is None:
        raise UnknownSeeker(t("matching.error.unknown_seeker", client_number=client_number))
    return seeker


def _find_vacancy(session: Session, reference: str) -> Vacancy:
    vacancy = session.exec(select(Vacancy).where(Vacancy.reference == reference.strip())).first()
    if vacancy is None:
        raise UnknownVacancy(t("matching.error.unknown_vacancy", reference=reference))
    return vacancy


def _engine(engine: Engine, seekers: Sequence[SeekerProfile], vacancies: Sequence[VacancyProfile],
            today: dt.date | None, workers: int = 1) -> MatchingEngine:
    return MatchingEngine(
        seekers, vacancies, catalogue=_catalogue(engine), postcodes=postcode_table(engine),
        today=today or dt.date.today(), settings=load_matching_settings(), workers=workers,
    )


def _check_top(top: int) -> int:
    if top < 1:
        raise UserFacingError(t("matching.error.top", top=top))
    return top


# -- use cases -----------------------------------------------------------------------------------


def match_seeker(engine: Engine, client_number: str, top: int = DEFAULT_TOP, *, actor: Actor | None = None,
                 today: dt.date | None = None, reuse: bool = True) -> MatchList:
    """The best ``top`` open vacancies for one job seeker, explained.

    The open vacancies are read and encoded once per process and kept until one of them,
    a working placement, the vocabulary or the postcode table changes (:func:`open_vacancy_side`);
    a view then only reads and encodes this one person. ``reuse=False`` builds everything
    afresh (the benchmark's baseline, and a way to rule the cache out).
    """
    _check_top(top)
    today = today or dt.date.today()
    with session_scope(engine) as session:
        seeker = _find_seeker(session, client_number)
        if actor is not None:
            audit.record(session, actor, "match.seeker", "job_seeker", seeker.id)
        profile = seeker_profile(seeker)
        subject = _seeker_subject(seeker)
        vacancies = None if reuse else _open_vacancies(session)
    if vacancies is None:
        side = open_vacancy_side(engine, today)
        matcher = side.matcher.with_seekers([profile]) or _engine(engine, [profile], side.profiles, today)
        references = side.labels
    else:
        references = {p.key: v for p, v in vacancies}
        matcher = _engine(engine, [profile], [p for p, _ in vacancies], today)
    ranking = matcher.rank_vacancies(profile.key, top)
    return _seeker_list(ranking, subject, references, matcher)


def match_vacancy(engine: Engine, reference: str, top: int = DEFAULT_TOP, *, actor: Actor | None = None,
                  today: dt.date | None = None, reuse: bool = True) -> MatchList:
    """The best ``top`` active job seekers for one vacancy, explained.

    The active caseload is read and encoded once per process and kept until a job seeker,
    the vocabulary or the postcode table changes (:func:`active_seeker_side`); a view then
    only reads and encodes this one vacancy. ``reuse=False`` builds everything afresh.
    """
    _check_top(top)
    today = today or dt.date.today()
    with session_scope(engine) as session:
        vacancy = _find_vacancy(session, reference)
        working = _working_counts(session, vacancy.id).get(vacancy.id or 0, 0)
        if actor is not None:
            audit.record(session, actor, "match.vacancy", "vacancy", vacancy.id)
        profile = vacancy_profile(vacancy, working)
        subject = _vacancy_subject(vacancy)
        seekers = None if reuse else _active_seekers(session)
    if seekers is None:
        side = active_seeker_side(engine, today)
        matcher = side.matcher.with_vacancies([profile]) or _engine(engine, side.profiles, [profile], today)
        by_key = side.labels
    else:
        by_key = {p.key: label for p, label in seekers}
        matcher = _engine(engine, [p for p, _ in seekers], [profile], today)
    ranking = matcher.rank_seekers(profile.key, top)
    results = tuple(
        MatchResult(by_key[r.seeker_key].client_number, by_key[r.seeker_key].name, r.score,
                    _component_views(r.components))
        for r in ranking.results
    )
    return MatchList(subject, results, ranking.considered, _ordered(ranking.excluded),
                     tuple(_door(d, vacancy_side=True) for d in ranking.would_open), _notes(ranking.notes))


# -- one side encoded once per process (the matches screen's speed) ---------------------------


@dataclass(frozen=True)
class OpenVacancySide:
    """Every open vacancy, encoded: an engine to pair one person with (``with_seekers``)."""

    stamp: tuple[Any, ...]
    matcher: MatchingEngine
    profiles: tuple[VacancyProfile, ...]
    labels: Mapping[int, _VacancyLabel]


@dataclass(frozen=True)
class ActiveSeekerSide:
    """Every active job seeker, encoded: an engine to pair one vacancy with (``with_vacancies``)."""

    stamp: tuple[Any, ...]
    matcher: MatchingEngine
    profiles: tuple[SeekerProfile, ...]
    labels: Mapping[int, _SeekerLabel]


_sides: dict[tuple[str, str], OpenVacancySide | ActiveSeekerSide] = {}
_sides_lock = threading.Lock()


def _table_stamp(session: Session, model: Any, *conditions: Any) -> tuple[Any, ...]:
    """Count, highest id and latest ``updated_at`` of a table's rows: every insert, update (the
    column moves on each, ``store.models.updated_timestamp``) and delete changes it."""
    count, highest, latest = session.execute(
        sql_select(func.count(), func.max(model.id), func.max(model.updated_at)).select_from(model).where(*conditions)
    ).one()
    return int(count), highest, str(latest)


def _reference_stamp(session: Session, today: dt.date) -> tuple[Any, ...]:
    """What both sides depend on besides their rows: the day (availability and closing
    dates), the vocabulary, the imported postcode centroids and the matching settings."""
    from srmatch.store.models import OccupationConcept

    vocabulary = session.execute(sql_select(func.count(), func.max(OccupationConcept.id),
                                            func.max(OccupationConcept.imported_at))).one()
    postcodes = session.execute(sql_select(func.count(), func.max(PostcodeCentroid.pc4))).one()
    return today, tuple(map(str, vocabulary)), tuple(map(str, postcodes)), _settings_digest()


def _settings_digest() -> str:
    """The matching settings in force, as a digest that is the same in every process."""
    return hashlib.sha256(repr(load_matching_settings()).encode()).hexdigest()[:16]


@functools.cache
def _code_digest() -> str:
    """What a side encoded on disk also depends on: this release, Python and numpy, the
    matching code and every shipped data file it may read."""
    from srmatch import __version__
    from srmatch.matching.resources import data_dir

    digest = hashlib.sha256(f"{__version__}|{platform.python_version()}|{np.__version__}".encode())
    package = Path(__file__).resolve().parents[1] / "matching"
    for source in [*sorted(package.glob("*.py")), Path(__file__).resolve()]:
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    for data_file in sorted(p for p in data_dir().iterdir() if p.suffix in (".csv", ".toml") and p.is_file()):
        digest.update(data_file.name.encode() + b"\0" + data_file.read_bytes() + b"\0")
    return digest.hexdigest()


#: First line of a cached open-vacancy side (``pickle_cache``); a new layout gets a new line.
_SIDE_MAGIC = b"srmatch-open-vacancies-v1\n"


def _side_file(key: tuple[str, str], stamp: tuple[Any, ...]) -> Path:
    """Where the open-vacancy side of this database, in this state, is cached on disk."""
    from srmatch.services import pickle_cache

    name = hashlib.sha256(repr((key, stamp, _code_digest())).encode()).hexdigest()[:32]
    return pickle_cache.cache_dir() / f"open-vacancies-{name}.pickle"


def _template_seekers() -> list[SeekerProfile]:
    """One placeholder person per target group, so the vacancy side's universe of target
    groups has a bit for every group a real person can have (``with_seekers`` needs it)."""
    from srmatch.store.models import TargetGroup

    return [SeekerProfile(key=-1 - index, postcode="", target_group=group.value) for index, group in enumerate(TargetGroup)]


def open_vacancy_side(engine: Engine, today: dt.date) -> OpenVacancySide:
    """The open vacancies encoded, from this process's cache while nothing they depend on
    changed (vacancies, working placements, vocabulary, postcodes, the day); else read and built."""
    key = (engine.url.render_as_string(hide_password=True), "vacancies")
    with _sides_lock:
        with session_scope(engine) as session:
            # Only working placements take a position; a proposal (or a rejection) changes nothing here.
            working = _table_stamp(session, Placement, col(Placement.status).in_(_WORKING))
            stamp = (_table_stamp(session, Vacancy), working, _reference_stamp(session, today))
            cached = _sides.get(key)
            if isinstance(cached, OpenVacancySide) and cached.stamp == stamp:
                return cached
            # A one-off command (``srmatch match seeker``) finds the side a previous process
            # stored for exactly this state; vacancies are no personal data, so they may be.
            from srmatch.services import pickle_cache

            path = _side_file(key, stamp)
            stored = pickle_cache.load(path, _SIDE_MAGIC, OpenVacancySide)
            if stored is not None and stored.stamp == stamp:
                _sides[key] = stored
                return stored
            vacancies = _open_vacancies(session)
        profiles = tuple(p for p, _ in vacancies)
        side = OpenVacancySide(stamp, _engine(engine, _template_seekers(), profiles, today), profiles,
                               {p.key: label for p, label in vacancies})
        _sides[key] = side
        pickle_cache.store(path, _SIDE_MAGIC, side)
        return side


def active_seeker_side(engine: Engine, today: dt.date) -> ActiveSeekerSide:
    """The active job seekers encoded, from this process's cache while nothing they depend
    on changed (job seekers, vocabulary, postcodes, the day); else read and built."""
    key = (engine.url.render_as_string(hide_password=True), "seekers")
    with _sides_lock:
        with session_scope(engine) as session:
            stamp = (_table_stamp(session, JobSeeker), _reference_stamp(session, today))
            cached = _sides.get(key)
            if isinstance(cached, ActiveSeekerSide) and cached.stamp == stamp:
                return cached
            seekers = _active_seekers(session)
        profiles = tuple(p for p, _ in seekers)
        side = ActiveSeekerSide(stamp, _engine(engine, profiles, [], today), profiles,
                                {p.key: label for p, label in seekers})
        _sides[key] = side
        return side


@dataclass(frozen=True)
class GapCost:
    """What one gap of a profile (``completeness.GAP_CODES``) costs the person, in words."""

    gap: str
    #: More open vacancies that would pass every hard filter with the gap filled (None: no filter).
    opened: int | None
    text: str


def profile_costs(engine: Engine, client_number: str, *, today: dt.date | None = None) -> tuple[GapCost, ...]:
    """For each gap of the person's profile (the completeness rule), what filling it would
    bring: how many more open vacancies pass the engine's hard filters (counted by
    ``srmatch.matching.costs`` against the cached open vacancies), or what part of the score
    it leaves out. A missing number is filled with the value a new profile gets
    (``store.models.JobSeeker``'s defaults: 0–40 h, 15 km); "stale contact" costs nothing
    the engine can count and is left out."""
    from srmatch.matching.costs import eligible_count, vacancies_opened
    from srmatch.services.completeness import gaps

    today = today or dt.date.today()
    with session_scope(engine) as session:
        seeker = _find_seeker(session, client_number)
        profile = seeker_profile(seeker)
        found = gaps(desired_occupations=seeker.desired_occupations, hours_max=seeker.hours_max,
                     max_travel_km=seeker.max_travel_km, last_contact_on=seeker.last_contact_on, today=today)
    if not set(found) - {"stale_contact"}:
        return ()
    side = open_vacancy_side(engine, today)
    fields = JobSeeker.model_fields
    hours = (int(fields["hours_min"].default), int(fields["hours_max"].default))
    km = float(fields["max_travel_km"].default)
    filled = dataclasses.replace
    variants: dict[str, SeekerProfile] = {}
    if "no_hours" in found:
        variants["no_hours"] = filled(profile, hours_min=min(profile.hours_min, hours[0]), hours_max=hours[1])
    if "no_travel" in found:
        variants["no_travel"] = filled(profile, max_travel_km=km)
    if len(variants) == 2:
        variants["both"] = filled(variants["no_hours"], max_travel_km=km)
    opened = vacancies_opened(side.matcher, profile, variants)
    costs: list[GapCost] = []
    if "no_occupation" in found:
        considered = eligible_count(side.matcher, profile)
        points = _number(float(load_matching_settings().weights["occupation"]))
        key = "matching.cost.no_occupation" if considered else "matching.cost.no_occupation_later"
        costs.append(GapCost("no_occupation", None, t(key, points=points, considered=_number(considered))))
    if "no_hours" in variants:
        costs.append(GapCost("no_hours", opened["no_hours"], t("matching.cost.no_hours", count=_number(opened["no_hours"]),
                                                               low=hours[0], high=hours[1])))
    if "no_travel" in variants:
        costs.append(GapCost("no_travel", opened["no_travel"], t("matching.cost.no_travel", count=_number(opened["no_travel"]),
                                                                 km=_number(km))))
    if "both" in opened:
        costs.append(GapCost("both", opened["both"], t("matching.cost.both", count=_number(opened["both"]))))
    return tuple(costs)


def prepare_seeker_views(engine: Engine, *, today: dt.date | None = None) -> None:
    """Read and encode the open vacancies now (in a background worker), so the next match
    view for a person is fast: a record or the matches chooser calls this while the
    caseworker reads or types."""
    open_vacancy_side(engine, today or dt.date.today())


def prepare_vacancy_views(engine: Engine, *, today: dt.date | None = None) -> None:
    """Read and encode the active caseload now, so the next candidates view is fast."""
    active_seeker_side(engine, today or dt.date.today())


def forget_encoded_sides(*, on_disk: bool = True) -> None:
    """Drop the cached sides of this process and (``on_disk``) the open-vacancy sides stored
    in the cache folder: the benchmark's cold start; nothing else needs it."""
    from srmatch.services import pickle_cache

    with _sides_lock:
        _sides.clear()
        if on_disk:
            for path in pickle_cache.cache_dir().glob("open-vacancies-*.pickle"):
                path.unlink(missing_ok=True)


def match_all(engine: Engine, top: int = DEFAULT_TOP, *, actor: Actor | None = None, today: dt.date | None = None,
              progress: Callable[[int, int], None] | None = None, workers: int = -1) -> Iterator[MatchList]:
    """``match_seeker`` for every active job seeker, in client-number order of their rows."""
    _check_top(top)
    with session_scope(engine) as session:
        seekers = _active_seekers(session)
        vacancies = _open_vacancies(session)
        if actor is not None:
            audit.record(session, actor, "match.all", "job_seeker", reason=f"{len(seekers)} active job seekers")
    references = {p.key: v for p, v in vacancies}
    by_key = {p.key: label for p, label in seekers}
    matcher = _engine(engine, [p for p, _ in seekers], [p for p, _ in vacancies], today, workers)
    def in_words(ranking: Ranking) -> MatchList:
        return _seeker_list(ranking, by_key[ranking.subject_key].subject, references, matcher)

    # The words are made where the ranking is, in the engine's child processes as well.
    yield from matcher.map_rank_all(in_words, top, progress=progress)


def explain_pair(engine: Engine, client_number: str, vacancy_reference: str, *,
                 today: dt.date | None = None) -> PairExplanation:
    """Score, components and every failing hard filter of one pair, in words.

    Works for any vacancy status, so a caseworker proposing someone the engine did not
    surface still gets (and the placement freezes) the full explanation.
    """
    with session_scope(engine) as session:
        seeker = _find_seeker(session, client_number)
        vacancy = _find_vacancy(session, vacancy_reference)
        working = _working_counts(session).get(vacancy.id or 0, 0)
        s_profile, v_profile = seeker_profile(seeker), vacancy_profile(vacancy, working)
        numbers = (seeker.client_number, vacancy.reference)
    outcome: PairOutcome = _engine(engine, [s_profile], [v_profile], today).explain(s_profile.key, v_profile.key)
    return PairExplanation(
        client_number=numbers[0],
        vacancy_reference=numbers[1],
        eligible=outcome.eligible,
        excluded_by=tuple(reason.code.removeprefix("excluded.") for reason in outcome.exclusions),
        exclusions=tuple(_words(reason) for reason in outcome.exclusions),
        score=outcome.score,
        components=_component_views(outcome.components),
        component_reasons=tuple(c.reason for c in outcome.components),
        exclusion_reasons=tuple(outcome.exclusions),
    )


# -- into words --------------------------------------------------------------------------------------


def _seeker_subject(seeker: JobSeeker) -> dict[str, Any]:
    return {
        "client_number": seeker.client_number,
        "name": seeker.display_name,
        "postcode": seeker.postcode,
        "desired_occupations": list(seeker.desired_occupations),
        "hours": [seeker.hours_min, seeker.hours_max],
        "max_travel_km": seeker.max_travel_km,
    }


def _vacancy_subject(vacancy: Vacancy) -> dict[str, Any]:
    return {
        "reference": vacancy.reference,
        "title": vacancy.title,
        "postcode": vacancy.postcode,
        "hours": [vacancy.hours_min, vacancy.hours_max],
        "status": vacancy.status,
    }


def _seeker_list(ranking: Ranking, subject: Mapping[str, Any], vacancies: Mapping[int, _VacancyLabel],
                 matcher: MatchingEngine) -> MatchList:
    results = tuple(
        MatchResult(vacancies[r.vacancy_key].reference, vacancies[r.vacancy_key].title, r.score,
                    _component_views(r.components))
        for r in ranking.results
    )
    return MatchList(subject, results, ranking.considered, _ordered(ranking.excluded),
                     tuple(_door(d, vacancy_side=False) for d in ranking.would_open), _notes(ranking.notes))


def _ordered(excluded: Mapping[str, int]) -> dict[str, int]:
    return {name: excluded[name] for name in FILTERS if name in excluded}


def _component_views(components: Sequence[Component]) -> tuple[ComponentView, ...]:
    return tuple(ComponentView(c.name, c.points, c.max_points, _words(c.reason)) for c in components)


def _number(value: float) -> str:
    """One decimal at most, the language's way (``srmatch.formatting``: 7,4 in Dutch)."""
    from srmatch.formatting import format_number

    return format_number(round(value, 1))


def _label(kind: str, code: str) -> str:
    language = current_language()
    if kind == "licence":
        return f"{code} ({load_driving_licences().label(code, language)})"
    if kind == "certificate":
        return load_certificates().label(code, language)
    if kind == "demand":
        try:
            item = load_work_demands().get(code)
        except KeyError:
            return code
        return item.demand if language == "nl" else item.demand_en
    return code


def _words(reason: Reason) -> str:
    """The reason in the current language."""
    values: dict[str, Any] = dict(reason.values)
    for key in ("km", "limit", "points", "from", "to"):
        if isinstance(values.get(key), float):
            values[key] = _number(values[key])
    code = reason.code
    if code == "distance":
        text = t("matching.reason.distance", **values)
        if values["seeker_fallback"]:
            text += "; " + t("matching.reason.fallback_seeker", municipality=values["seeker_fallback"])
        if values["vacancy_fallback"]:
            text += "; " + t("matching.reason.fallback_vacancy", municipality=values["vacancy_fallback"])
        if values["capped"]:
            text += "; " + t("matching.reason.capped")
        return text
    if code == "sustainability":
        months = values.get("months")
        kind = t(f"matching.employment.{values['employment_type']}")
        return t("matching.reason.sustainability", kind=kind) + (
            t("matching.reason.months", months=months) if months else "")
    if code == "skills.overlap":
        values["skills"] = f" ({values['skills']})" if values["skills"] else ""
    if code.startswith("occupation.") and "kind" in values:
        values["kind"] = t(f"matching.reason.kind.{values['kind']}")
    if code == "excluded.driving_licence":
        values["licence"] = _label("licence", values["licence"])
    if code == "excluded.certificates":
        values["certificates"] = ", ".join(_label("certificate", c) for c in values["certificates"].split(", ") if c)
    if code == "excluded.work_restrictions":
        values["demands"] = ", ".join(_label("demand", d) for d in values["demands"].split(", ") if d)
    if code == "excluded.distance" and values.get("capped"):
        return t("matching.reason.excluded.distance", **values) + "; " + t("matching.reason.capped")
    if code == "excluded.available":
        values["from"], values["closes"] = _day(values.get("from")), _day(values.get("closes"))
    if code == "excluded.dutch_level":
        values["level"] = values.get("level") or "-"
    return t(f"matching.reason.{code}", **values)


def _day(value: Any) -> str:
    """A date as ISO text; a frozen proposal keeps it that way already; ``-`` for none."""
    if not value:
        return "-"
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def reason_words(code: str, values: Mapping[str, Any]) -> str | None:
    """A reason the engine gave, in the current language, from its code and values as a
    placement froze them (JSON: dates as ISO text); ``None`` when this version cannot word it
    (a code or value it does not know), so the caller keeps the words frozen with it."""
    if f"matching.reason.{code}" not in catalogue("en"):
        return None
    try:
        return _words(Reason(code, dict(values)))
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return None


def _door(door: DoorOpener, *, vacancy_side: bool) -> DoorView:
    values = dict(door.values)
    change = door.change
    if change in ("max_travel_km", "travels_independently"):
        key = f"{change}:{values['to']:g}"
    elif change in ("hours_max", "hours_min", "vacancy_hours_min", "vacancy_hours_max"):
        key = f"{change}:{values['to']}"
    elif change == "close_later":
        key = change
    else:
        key = f"{change}:{next(iter(values.values()))}"
    for name, kind in (("licence", "licence"), ("certificate", "certificate"), ("demand", "demand")):
        if name in values:
            values[name] = _label(kind, values[name])
    for name in ("from", "to"):
        if isinstance(values.get(name), float):
            values[name] = _number(values[name])
    unit = t("matching.door.candidates" if vacancy_side else "matching.door.vacancies", count=door.count)
    return DoorView(key, f"{t(f'matching.door.{change}', **values)}: +{_number(door.count)} {unit}", door.count)


def _notes(notes: Sequence[Reason]) -> tuple[str, ...]:
    out = []
    for note in notes:
        values = dict(note.values)
        for key in ("points", "limit"):
            if isinstance(values.get(key), float):
                values[key] = _number(values[key])
        out.append(t(f"matching.note.{note.code}", **values))
    return tuple(out)


@dataclass(frozen=True)
class Subject:
    """A job seeker or a vacancy whose matches can be shown: what the chooser lists."""

    #: ``"seeker"`` or ``"vacancy"``.
    kind: str
    #: The client number or the vacancy reference, as stored.
    key: str
    #: Name or title, for the chooser's line.
    label: str
    #: Postcode (and for a vacancy its employer), to tell namesakes apart.
    detail: str


def find_subjects(engine: Engine, text: str, *, limit: int = 8) -> tuple[Subject, ...]:
    """Job seekers and open vacancies that ``text`` names (the list search's rules: name,
    client number, reference, title, postcode, district): what the matches screen offers when
    it was opened without a person or vacancy: at most ``limit`` of each, an exact client
    number or reference first."""
    from srmatch.services import records

    text = text.strip()
    if not text:
        return ()
    seekers = records.search_seekers(engine, records.SeekerFilter(text=text), limit=limit).rows
    vacancies = records.search_vacancies(engine, records.VacancyFilter(text=text, status=VacancyStatus.OPEN.value),
                                         limit=limit).rows
    found = [Subject("seeker", s.client_number, s.display_name, s.postcode) for s in seekers]
    found += [Subject("vacancy", v.reference, v.title, f"{v.postcode}, {v.employer}") for v in vacancies]
    loose = text.replace(" ", "").lower()
    found.sort(key=lambda subject: subject.key.replace(" ", "").lower() != loose)  # stable: exact key first
    return tuple(found)


def component_names() -> tuple[str, ...]:
    """The score components in display order."""
    return COMPONENTS
