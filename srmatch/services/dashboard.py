"""The dashboard's figures, and what the shell needs to know about the database it opened.

:func:`dashboard` answers "how is my caseload doing?" in one frozen :class:`Dashboard`:

* **scope**: a caseworker sees *their own* caseload (job seekers whose caseworker they are,
  and placements they proposed or of those people, the same rule as the placement
  service's "mine"). A team lead, account manager or admin sees *everyone in the database*:
  srmatch has no team table, and a team lead reviews every caseworker's proposals, so "their
  team" is the whole desk. A login that is not registered gets the usual "not registered"
  error (``srmatch users add``), never someone else's figures.
* **caseload**: active people; active people without any open proposal or placement;
  proposals waiting for a team lead; proposals sent back; placements started this month;
  6-month checks due (the same rule as ``placements.due_for_follow_up``).
* **open vacancies near my people**: open vacancies within the travel distance of at least
  one active person in scope (PC4 centroids, straight line, as the matching engine measures),
  and the few with the most people in reach.
* **programme**: the social-return books' figures for this year (``social_return.programme``).

:func:`database_status` is one cheap query for the shell: is this the demo database (its
rows carry ``is_demo``), and is it empty (then the app opens on a "how to get data in" screen).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from sqlalchemy import ColumnElement, Engine, and_, exists, func, or_
from sqlmodel import col, select

from srmatch.matching.geo import PostcodeError, chord_to_km, parse_pc4, unit_vectors
from srmatch.services import placements, social_return
from srmatch.services.audit import Actor
from srmatch.services.matching import postcode_table
from srmatch.services.users import registered
from srmatch.store.engine import session_scope
from srmatch.store.models import JobSeeker, Placement, PlacementStatus, Role, SeekerStatus, User, Vacancy, VacancyStatus

#: Roles that see the whole desk rather than their own caseload (see the module docstring).
DESK_ROLES = (Role.TEAM_LEAD.value, Role.ADMIN.value, Role.ACCOUNT_MANAGER.value)
#: How many of the nearby vacancies the dashboard lists by name.
NEARBY_SHOWN = 5


@dataclass(frozen=True)
class DatabaseStatus:
    """What the header and the start screen say about the database."""

    is_demo: bool
    is_empty: bool


def database_status(engine: Engine) -> DatabaseStatus:
    """Demo or real, empty or not: two indexed ``EXISTS`` lookups, cheap on any size.

    ``srmatch demo`` marks every row it writes and refuses a database holding real rows, so
    one demo user, job seeker or vacancy means the whole database is the demo.
    """
    with session_scope(engine) as session:
        demo = session.exec(select(
            or_(exists().where(col(JobSeeker.is_demo).is_(True)), exists().where(col(Vacancy.is_demo).is_(True)),
                exists().where(col(User.is_demo).is_(True)))
        )).one()
        any_data = session.exec(select(or_(exists().select_from(JobSeeker), exists().select_from(Vacancy)))).one()
    return DatabaseStatus(is_demo=bool(demo), is_empty=not any_data)


@dataclass(frozen=True)
class CaseloadFigures:
    """The six counts of a caseload, in the order a caseworker reads them."""

    active: int
    without_proposal: int
    waiting_for_review: int
    sent_back: int
    started_this_month: int
    checks_due: int


@dataclass(frozen=True)
class NearbyVacancy:
    """An open vacancy and how many people in scope live within their travel distance of it."""

    reference: str
    title: str
    postcode: str
    people_in_reach: int


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard shows, computed at once."""

    login: str
    #: ``"mine"`` (a caseworker's own caseload) or ``"all"`` (team lead, account manager, admin).
    scope: str
    today: dt.date
    caseload: CaseloadFigures
    open_vacancies: int
    #: Open vacancies within the travel distance of at least one active person in scope.
    open_vacancies_near: int
    nearby: tuple[NearbyVacancy, ...]
    #: This year's social-return figures; None when asked ``with_programme=False`` (the screen
    #: fetches them in a second worker: on a city's books they take longer than the rest).
    programme: social_return.ProgrammeFigures | None


def _scope(engine: Engine, actor: Actor) -> tuple[str, int | None]:
    """("all", None) for the desk roles, ("mine", user id) for a caseworker."""
    resolved = registered(engine, actor)
    if resolved.role in DESK_ROLES:
        return "all", None
    with session_scope(engine) as session:
        user_id = session.exec(select(User.id).where(col(User.login) == resolved.login)).first()
    return "mine", user_id


def dashboard(engine: Engine, actor: Actor, *, today: dt.date | None = None, with_programme: bool = True) -> Dashboard:
    """The dashboard of ``actor`` (see the module docstring for who sees what)."""
    today = today or dt.date.today()
    scope, user_id = _scope(engine, actor)
    mine_only = scope == "mine"
    S = PlacementStatus
    with session_scope(engine) as session:
        seeker_in_scope = [col(JobSeeker.status) == SeekerStatus.ACTIVE.value, col(JobSeeker.erased_at).is_(None)]
        if mine_only:
            seeker_in_scope.append(col(JobSeeker.caseworker_id) == user_id)
        has_open = exists().where(and_(col(Placement.seeker_id) == col(JobSeeker.id),
                                       col(Placement.status).in_(placements.OPEN)))
        without = int(session.exec(select(func.count()).select_from(JobSeeker).where(*seeker_in_scope, ~has_open)).one())

        def count(*conditions: ColumnElement[bool]) -> int:
            statement = (select(func.count()).select_from(Placement)
                         .join(JobSeeker, col(JobSeeker.id) == col(Placement.seeker_id)).where(*conditions))
            if mine_only:
                statement = statement.where(or_(col(Placement.proposed_by_id) == user_id,
                                                col(JobSeeker.caseworker_id) == user_id))
            return int(session.exec(statement).one())

        waiting = count(col(Placement.status) == S.PROPOSED.value)
        sent_back = count(col(Placement.status) == S.NEEDS_INFO.value)
        month_start = today.replace(day=1)
        next_month = placements.add_months(month_start, 1)
        started = count(col(Placement.status).in_((S.STARTED.value, S.SUSTAINED.value, S.ENDED.value)),
                        col(Placement.start_date) >= month_start, col(Placement.start_date) < next_month)
        # Started at least six months ago, give or take the month-end rule: fetch the few
        # candidates and apply the placement service's own rule to each.
        started_statement = (select(col(Placement.start_date)).join(JobSeeker, col(JobSeeker.id) == col(Placement.seeker_id))
                             .where(col(Placement.status) == S.STARTED.value,
                                    col(Placement.start_date) <= placements.add_months(today, -placements.SUSTAIN_AFTER_MONTHS)
                                    + dt.timedelta(days=3)))
        if mine_only:
            started_statement = started_statement.where(or_(col(Placement.proposed_by_id) == user_id,
                                                            col(JobSeeker.caseworker_id) == user_id))
        checks_due = sum(1 for start in session.exec(started_statement)
                         if (due := placements.sustain_due_on(start)) is not None and due <= today)

        open_vacancies = int(session.exec(select(func.count()).select_from(Vacancy)
                                          .where(col(Vacancy.status) == VacancyStatus.OPEN.value)).one())
        reach_rows = session.exec(select(col(JobSeeker.postcode), col(JobSeeker.max_travel_km), func.count())
                                  .where(*seeker_in_scope).group_by(col(JobSeeker.postcode), col(JobSeeker.max_travel_km))).all()
        vacancy_rows = session.exec(select(col(Vacancy.reference), col(Vacancy.title), col(Vacancy.postcode))
                                    .where(col(Vacancy.status) == VacancyStatus.OPEN.value)).all()
    people = [(pc, float(km), int(n)) for pc, km, n in reach_rows]
    active = sum(n for _, _, n in people)  # the people grouped by where they live are all of them
    near, nearby = _nearby(engine, people,
                           [(ref, title, pc) for ref, title, pc in vacancy_rows])
    return Dashboard(
        login=actor.login, scope=scope, today=today,
        caseload=CaseloadFigures(active=active, without_proposal=without, waiting_for_review=waiting,
                                 sent_back=sent_back, started_this_month=started, checks_due=checks_due),
        open_vacancies=open_vacancies, open_vacancies_near=near, nearby=nearby,
        programme=social_return.programme(engine, year=today.year, today=today) if with_programme else None,
    )


def _nearby(engine: Engine, people: list[tuple[str, float, int]],
            vacancies: list[tuple[str, str, str]]) -> tuple[int, tuple[NearbyVacancy, ...]]:
    """How many vacancies lie within reach of someone, and the ones with most people in reach.

    Works on distinct PC4s (people grouped by postcode and travel distance), so 40,000 people
    and 20,000 vacancies are a few hundred by a few hundred distances, not 800 million.
    """
    if not people or not vacancies:
        return 0, ()
    table = postcode_table(engine)
    grouped: dict[tuple[str, float], int] = defaultdict(int)
    for postcode, km, n in people:
        grouped[(_pc4(postcode), km)] += n
    vacancy_pc4 = sorted({_pc4(pc) for _, _, pc in vacancies})
    seeker_pc4 = sorted({pc for pc, _ in grouped})
    points = {pc: table.locate(pc) for pc in {*seeker_pc4, *vacancy_pc4}}

    def vectors(codes: list[str]) -> np.ndarray:
        return unit_vectors(np.array([points[c].latitude for c in codes]), np.array([points[c].longitude for c in codes]))

    seeker_vectors, vacancy_vectors = vectors(seeker_pc4), vectors(vacancy_pc4)
    seeker_index = {pc: i for i, pc in enumerate(seeker_pc4)}
    row_of = np.array([seeker_index[pc] for pc, _ in grouped])
    travel = np.array([km for _, km in grouped])
    weight = np.array(list(grouped.values()))
    chords = np.linalg.norm(seeker_vectors[row_of][:, None, :] - vacancy_vectors[None, :, :], axis=-1)
    in_reach = chord_to_km(chords) <= travel[:, None]
    people_per_pc4 = dict(zip(vacancy_pc4, (weight[:, None] * in_reach).sum(axis=0).tolist(), strict=True))
    by_reach: dict[int, list[NearbyVacancy]] = defaultdict(list)
    near = 0
    for reference, title, postcode in vacancies:
        reach = int(people_per_pc4.get(_pc4(postcode), 0))
        if reach:
            near += 1
            by_reach[reach].append(NearbyVacancy(reference, title, postcode, reach))
    ordered = [v for reach in sorted(by_reach, reverse=True) for v in sorted(by_reach[reach], key=lambda v: v.reference)]
    return near, tuple(ordered[:NEARBY_SHOWN])


def _pc4(postcode: str) -> str:
    """The four digits of a postcode (what the centroid table knows), or the text as it is."""
    try:
        return parse_pc4(postcode)
    except PostcodeError:
        return postcode.strip()
