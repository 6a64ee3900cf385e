"""Read use cases for job seekers and vacancies: filtered lists and single records.

Screens and the CLI get frozen dataclasses, never ORM rows. Opening a job seeker's
record writes an audit event (DESIGN.md §3); lists show contact details masked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Engine, func, or_
from sqlmodel import col, select

from srmatch.errors import InvalidRequest, NotFound
from srmatch.i18n import t
from srmatch.matching.areas import district_of
from srmatch.services import audit, completeness, search
from srmatch.services.audit import Actor
from srmatch.services.privacy import mask_email
from srmatch.store.engine import session_scope
from srmatch.store.models import Contract, JobSeeker, Organisation, SeekerStatus, TargetGroup, User, Vacancy, VacancyStatus

DEFAULT_LIMIT = 50

RowT = TypeVar("RowT")

#: The coded values the list filters offer (catalogue keys ``<kind>.<value>``).
SEEKER_STATUSES: tuple[str, ...] = tuple(status.value for status in SeekerStatus)
TARGET_GROUPS: tuple[str, ...] = tuple(group.value for group in TargetGroup)
VACANCY_STATUSES: tuple[str, ...] = tuple(status.value for status in VacancyStatus)
MAX_LIMIT = 10_000


class RecordNotFound(NotFound):
    """No record with that client number or reference."""


def _check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidRequest(t("error.rows_limit", maximum=MAX_LIMIT, limit=limit))
    return limit


@dataclass(frozen=True)
class SeekerRow:
    """One line of the job-seeker list (contact details masked)."""

    client_number: str
    display_name: str
    postcode: str
    target_group: str
    ladder_rung: int
    status: str
    desired_occupations: tuple[str, ...]
    hours_min: int
    hours_max: int
    last_contact_on: dt.date | None
    email: str
    #: What the profile lacks for good matching (``completeness.GAP_CODES``); empty when complete.
    gaps: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(frozen=True)
class SeekerDetail:
    """Everything a caseworker sees when opening one job seeker."""

    client_number: str
    display_name: str
    email: str | None
    phone: str | None
    postcode: str
    #: The Rotterdam district of the postcode (``data/rotterdam_pc4_areas.csv``), or None outside the city.
    district: str | None
    target_group: str
    target_group_evidence: str | None
    target_group_evidence_date: dt.date | None
    ladder_rung: int
    desired_occupations: tuple[str, ...]
    experience: tuple[str, ...]
    skills: tuple[str, ...]
    certificates: tuple[str, ...]
    driving_licences: tuple[str, ...]
    hours_min: int
    hours_max: int
    max_travel_km: float
    travels_independently: bool
    work_restrictions: tuple[str, ...]
    available_from: dt.date | None
    caseworker: str | None
    status: str
    consent_anonymous_profile: bool
    last_contact_on: dt.date | None
    #: What the profile lacks for good matching (``completeness.GAP_CODES``); empty when complete.
    gaps: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(frozen=True)
class VacancyRow:
    """One line of the vacancy list."""

    reference: str
    title: str
    employer: str
    postcode: str
    hours_min: int
    hours_max: int
    employment_type: str
    positions: int
    status: str
    closes_on: dt.date | None

    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(frozen=True)
class VacancyDetail:
    """A vacancy with its requirements, as the matching screens and the CLI show it."""

    reference: str
    title: str
    employer: str
    contract_reference: str | None
    occupation_code: str | None
    description: str
    skills: tuple[str, ...]
    hours_min: int
    hours_max: int
    employment_type: str
    duration_months: int | None
    postcode: str
    #: The Rotterdam district of the postcode, or None outside the city.
    district: str | None
    positions: int
    driving_licence: str | None
    certificates: tuple[str, ...]
    dutch_level: str | None
    physical_demands: tuple[str, ...]
    eligible_target_groups: tuple[str, ...]
    status: str
    opened_on: dt.date
    closes_on: dt.date | None

    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dt.date):
            result[key] = value.isoformat()
        elif isinstance(value, tuple):
            result[key] = list(value)
        else:
            result[key] = value
    return result


@dataclass(frozen=True)
class Page(Generic[RowT]):
    """The first rows of a filtered list, and how many match in all."""

    rows: tuple[RowT, ...]
    total: int

    @property
    def more(self) -> bool:
        """True when more rows match than are shown."""
        return self.total > len(self.rows)


@dataclass(frozen=True)
class SeekerFilter:
    """What the caseworker asked the job-seeker list for."""

    text: str = ""
    status: str | None = None
    target_group: str | None = None
    ladder_rung: int | None = None
    #: Only the caseload of this login ("my caseload").
    caseworker: str | None = None
    #: Only profiles that lack something for good matching (``services/completeness.py``).
    incomplete: bool = False
    #: A key of :data:`SEEKER_SORTS`; ties are broken by name and client number.
    sort: str = "name"
    descending: bool = False


#: Columns the job-seeker list sorts by.
SEEKER_SORTS: dict[str, Any] = {
    "client_number": JobSeeker.client_number,
    "name": JobSeeker.display_name,
    "postcode": JobSeeker.postcode,
    "target_group": JobSeeker.target_group,
    "ladder": JobSeeker.ladder_rung,
    "status": JobSeeker.status,
}


def _seeker_row(s: JobSeeker) -> SeekerRow:
    return SeekerRow(
        client_number=s.client_number,
        display_name=s.display_name,
        postcode=s.postcode,
        target_group=s.target_group,
        ladder_rung=s.ladder_rung,
        status=s.status,
        desired_occupations=tuple(s.desired_occupations),
        hours_min=s.hours_min,
        hours_max=s.hours_max,
        last_contact_on=s.last_contact_on,
        email=mask_email(s.email),
        gaps=_gaps(s),
    )


def _gaps(seeker: JobSeeker) -> tuple[str, ...]:
    return completeness.gaps(
        desired_occupations=seeker.desired_occupations or [],
        hours_max=seeker.hours_max,
        max_travel_km=seeker.max_travel_km,
        last_contact_on=seeker.last_contact_on,
    )


def _seeker_conditions(query: SeekerFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [col(JobSeeker.erased_at).is_(None)]
    conditions.extend(search.seeker_conditions(query.text))
    if query.status:
        conditions.append(col(JobSeeker.status) == query.status)
    if query.target_group:
        conditions.append(col(JobSeeker.target_group) == query.target_group)
    if query.ladder_rung is not None:
        conditions.append(col(JobSeeker.ladder_rung) == query.ladder_rung)
    if query.caseworker:
        mine = select(User.id).where(col(User.login) == query.caseworker).scalar_subquery()
        conditions.append(col(JobSeeker.caseworker_id) == mine)
    if query.incomplete:
        conditions.append(completeness.incomplete_condition())
    return conditions


def _ordered(column: Any, descending: bool) -> Any:
    return col(column).desc() if descending else col(column).asc()


def search_seekers(engine: Engine, query: SeekerFilter, *, limit: int = DEFAULT_LIMIT) -> Page[SeekerRow]:
    """Job seekers matching ``query``: the first ``limit`` by name, and the number that match.

    One row more than asked is fetched to know whether there are more; only then is the total
    counted, so a short list costs one query.
    """
    limit = _check_limit(limit)
    conditions = _seeker_conditions(query)
    sort_column = SEEKER_SORTS.get(query.sort, JobSeeker.display_name)
    statement = select(JobSeeker).where(*conditions).order_by(
        _ordered(sort_column, query.descending), JobSeeker.display_name, JobSeeker.client_number
    )
    with session_scope(engine) as session:
        seekers = session.exec(statement.limit(limit + 1)).all()
        total = len(seekers)
        if total > limit:
            total = int(session.exec(select(func.count()).select_from(JobSeeker).where(*conditions)).one())
        return Page(rows=tuple(_seeker_row(s) for s in seekers[:limit]), total=total)


def list_seekers(engine: Engine, text: str = "", *, limit: int = DEFAULT_LIMIT) -> list[SeekerRow]:
    """Job seekers whose name, client number or postcode contain ``text`` (first ``limit``)."""
    return list(search_seekers(engine, SeekerFilter(text=text), limit=limit).rows)


def count_seekers(engine: Engine) -> int:
    with session_scope(engine) as session:
        statement = select(func.count()).select_from(JobSeeker).where(col(JobSeeker.erased_at).is_(None))
        return int(session.exec(statement).one())


def _is_client_number(typed: str) -> ColumnElement[bool]:
    """The client number as typed, or in other case and with spaces ("kl 000 0001")."""
    typed = typed.strip()
    loose = func.lower(func.replace(col(JobSeeker.client_number), " ", ""))
    return or_(col(JobSeeker.client_number) == typed, loose == typed.replace(" ", "").lower())


def _is_reference(typed: str) -> ColumnElement[bool]:
    """The vacancy reference as typed, or in other case."""
    typed = typed.strip()
    return or_(col(Vacancy.reference) == typed, func.lower(col(Vacancy.reference)) == typed.lower())


def show_seeker(engine: Engine, client_number: str, actor: Actor) -> SeekerDetail:
    """Open one job seeker's record; the opening is audited, found or not."""
    with session_scope(engine) as session:
        seeker = session.exec(
            select(JobSeeker).where(_is_client_number(client_number), col(JobSeeker.erased_at).is_(None))
        ).first()
        if seeker is None:
            audit.record(session, actor, "seeker.view", "job_seeker", None, result="not_found",
                         reason="no job seeker with the client number asked for")
            session.commit()
            raise RecordNotFound(t("placements.error.no_seeker", client_number=client_number))
        caseworker = session.get(User, seeker.caseworker_id) if seeker.caseworker_id else None
        audit.record(session, actor, "seeker.view", "job_seeker", seeker.id)
        return SeekerDetail(
            client_number=seeker.client_number,
            display_name=seeker.display_name,
            email=seeker.email,
            phone=seeker.phone,
            postcode=seeker.postcode,
            district=district_of(seeker.postcode),
            target_group=seeker.target_group,
            target_group_evidence=seeker.target_group_evidence,
            target_group_evidence_date=seeker.target_group_evidence_date,
            ladder_rung=seeker.ladder_rung,
            desired_occupations=tuple(seeker.desired_occupations),
            experience=tuple(seeker.experience),
            skills=tuple(seeker.skills),
            certificates=tuple(seeker.certificates),
            driving_licences=tuple(seeker.driving_licences),
            hours_min=seeker.hours_min,
            hours_max=seeker.hours_max,
            max_travel_km=seeker.max_travel_km,
            travels_independently=seeker.travels_independently,
            work_restrictions=tuple(seeker.work_restrictions),
            available_from=seeker.available_from,
            caseworker=caseworker.display_name if caseworker else None,
            status=seeker.status,
            consent_anonymous_profile=seeker.consent_anonymous_profile,
            last_contact_on=seeker.last_contact_on,
            gaps=_gaps(seeker),
        )


@dataclass(frozen=True)
class VacancyFilter:
    """What the caseworker asked the vacancy list for."""

    text: str = ""
    status: str | None = None
    #: A key of :data:`VACANCY_SORTS`; ties are broken by title and reference.
    sort: str = "title"
    descending: bool = False


#: Columns the vacancy list sorts by.
VACANCY_SORTS: dict[str, Any] = {
    "title": Vacancy.title,
    "employer": Organisation.name,
    "postcode": Vacancy.postcode,
    "hours": Vacancy.hours_max,
    "status": Vacancy.status,
    "reference": Vacancy.reference,
}


def search_vacancies(engine: Engine, query: VacancyFilter, *, limit: int = DEFAULT_LIMIT) -> Page[VacancyRow]:
    """Vacancies matching ``query``: the first ``limit`` by title, and the number that match."""
    limit = _check_limit(limit)
    conditions: list[ColumnElement[bool]] = search.vacancy_conditions(query.text)
    if query.status:
        conditions.append(col(Vacancy.status) == query.status)
    joined = (
        select(Vacancy, Organisation.name)
        .join(Organisation, col(Organisation.id) == col(Vacancy.employer_id))
        .outerjoin(Contract, col(Contract.id) == col(Vacancy.contract_id))
    )
    sort_column = VACANCY_SORTS.get(query.sort, Vacancy.title)
    statement = joined.where(*conditions).order_by(_ordered(sort_column, query.descending), Vacancy.title, Vacancy.reference)
    with session_scope(engine) as session:
        found = session.exec(statement.limit(limit + 1)).all()
        total = len(found)
        if total > limit:
            counted = (
                select(func.count())
                .select_from(Vacancy)
                .join(Organisation, col(Organisation.id) == col(Vacancy.employer_id))
                .outerjoin(Contract, col(Contract.id) == col(Vacancy.contract_id))
                .where(*conditions)
            )
            total = int(session.exec(counted).one())
        rows = tuple(
            VacancyRow(
                reference=v.reference,
                title=v.title,
                employer=employer,
                postcode=v.postcode,
                hours_min=v.hours_min,
                hours_max=v.hours_max,
                employment_type=v.employment_type,
                positions=v.positions,
                status=v.status,
                closes_on=v.closes_on,
            )
            for v, employer in found[:limit]
        )
        return Page(rows=rows, total=total)


def list_vacancies(
    engine: Engine, text: str = "", *, limit: int = DEFAULT_LIMIT, status: str | None = None
) -> list[VacancyRow]:
    """Vacancies whose title, reference, employer or postcode contain ``text`` (first ``limit``)."""
    return list(search_vacancies(engine, VacancyFilter(text=text, status=status), limit=limit).rows)


def count_vacancies(engine: Engine, *, status: str | None = None) -> int:
    statement = select(func.count()).select_from(Vacancy)
    if status:
        statement = statement.where(Vacancy.status == status)
    with session_scope(engine) as session:
        return int(session.exec(statement).one())


def show_vacancy(engine: Engine, reference: str) -> VacancyDetail:
    with session_scope(engine) as session:
        row = session.exec(
            select(Vacancy, Organisation.name)
            .join(Organisation, col(Organisation.id) == col(Vacancy.employer_id))
            .where(_is_reference(reference))
        ).first()
        if row is None:
            raise RecordNotFound(t("placements.error.no_vacancy", reference=reference))
        vacancy, employer = row
        contract_reference = None
        if vacancy.contract_id is not None:
            contract = session.get(Contract, vacancy.contract_id)
            contract_reference = contract.reference if contract else None
        return VacancyDetail(
            reference=vacancy.reference,
            title=vacancy.title,
            employer=employer,
            contract_reference=contract_reference,
            occupation_code=vacancy.occupation_code,
            description=vacancy.description,
            skills=tuple(vacancy.skills),
            hours_min=vacancy.hours_min,
            hours_max=vacancy.hours_max,
            employment_type=vacancy.employment_type,
            duration_months=vacancy.duration_months,
            postcode=vacancy.postcode,
            district=district_of(vacancy.postcode),
            positions=vacancy.positions,
            driving_licence=vacancy.driving_licence,
            certificates=tuple(vacancy.certificates),
            dutch_level=vacancy.dutch_level,
            physical_demands=tuple(vacancy.physical_demands),
            eligible_target_groups=tuple(vacancy.eligible_target_groups),
            status=vacancy.status,
            opened_on=vacancy.opened_on,
            closes_on=vacancy.closes_on,
        )
