"""SQLModel tables for the whole domain model (DESIGN.md §3).

Money is stored as integer cents (``*_cents``), never as float. Enumerations are plain
strings guarded by CHECK constraints, so SQLite and PostgreSQL behave the same and a
migration never has to alter a native enum type. A job seeker has no column for the BSN
or for any protected personal attribute (DESIGN.md §3), by design.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, CheckConstraint, Column, Index, MetaData, Numeric, String, Text, event, false, text
from sqlmodel import Field, Session, SQLModel

from srmatch.store import search_keys
from srmatch.store.errors import AuditLogAppendOnly

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata


def utc_now() -> dt.datetime:
    """Timezone-aware UTC timestamp (SQLModel stores and returns datetimes in UTC)."""
    return dt.datetime.now(dt.UTC)


class Role(StrEnum):
    CASEWORKER = "caseworker"
    TEAM_LEAD = "team_lead"
    ACCOUNT_MANAGER = "account_manager"
    ADMIN = "admin"


class SocialEnterpriseStatus(StrEnum):
    ASPIRANT = "aspirant"
    RECOGNISED = "erkend"


class PsoLevel(StrEnum):
    ASPIRANT = "aspirant"
    BASE = "basistrede"
    STEP_1 = "trede_1"
    STEP_2 = "trede_2"
    STEP_3 = "trede_3"
    PSO_30_PLUS = "pso_30_plus"


class ContractKind(StrEnum):
    WORKS = "werk"
    SERVICES = "dienst"
    SUPPLIES = "levering"


class ContractStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ENDED = "ended"
    SETTLED = "settled"


class EmploymentType(StrEnum):
    FIXED_TERM = "fixed_term"
    PERMANENT = "permanent"
    BBL = "bbl"
    INTERNSHIP = "internship"
    WORK_EXPERIENCE = "work_experience"


class VacancyStatus(StrEnum):
    OPEN = "open"
    ON_HOLD = "on_hold"
    FILLED = "filled"
    CLOSED = "closed"


class TargetGroup(StrEnum):
    """Target groups (doelgroepen) of social return; they filter and value, never score."""

    PARTICIPATIEWET = "participatiewet"
    WW = "ww"
    WIA = "wia"
    WAJONG = "wajong"
    WSW = "wsw"
    BANENAFSPRAAK = "banenafspraak"
    YOUTH_NO_START_QUALIFICATION = "jongere_zonder_startkwalificatie"
    VSO_PRO_PUPIL = "vso_pro"
    BBL_BOL_STUDENT = "bbl_bol"
    NEWCOMER = "statushouder"
    NO_BENEFIT = "zonder_uitkering"


class SeekerStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    PLACED = "placed"
    LEFT = "left"


class PlacementStatus(StrEnum):
    PROPOSED = "proposed"
    NEEDS_INFO = "needs_info"
    APPROVED = "approved"
    REJECTED = "rejected"
    INTRODUCED = "introduced"
    NOT_HIRED = "not_hired"
    WITHDRAWN = "withdrawn"
    STARTED = "started"
    SUSTAINED = "sustained"
    ENDED = "ended"


#: A placement still on its way (or working): one such per person and vacancy.
OPEN_PLACEMENT_CONDITION = "status IN ('proposed', 'needs_info', 'approved', 'introduced', 'started')"


class ContributionRoute(StrEnum):
    """The six Rijnmond routes; the value is the route number as text."""

    WORK = "1"
    LEARN = "2"
    SOCIAL_PURCHASING = "3"
    SOCIAL_ACTIVITIES = "4"
    SOCIAL_INVESTMENT = "5"
    OPEN_SOCIAL_IMPACT = "6"


class ContributionStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"


class EnforcementKind(StrEnum):
    REMINDER = "reminder"
    RECOVERY_PERIOD = "recovery_period"
    WITHHOLDING = "withholding"
    SETTLEMENT = "settlement"
    CONTRACTOR_LIST_NOTE = "contractor_list_note"
    BEST_EFFORTS_ACCEPTED = "best_efforts_accepted"


def one_of(column: str, values: type[StrEnum], *, nullable: bool = False) -> CheckConstraint:
    """CHECK that ``column`` holds one of an enum's values (portable across databases)."""
    allowed = ", ".join(f"'{member.value}'" for member in values)
    condition = f"{column} IN ({allowed})"
    if nullable:
        condition = f"{column} IS NULL OR {condition}"
    return CheckConstraint(condition, name=f"{column}_allowed")


def hours_range(low: str, high: str) -> CheckConstraint:
    """CHECK that an hours-per-week range lies within 0–60 and is ordered."""
    return CheckConstraint(
        f"{low} >= 0 AND {high} <= 60 AND {low} <= {high}", name=f"{low}_{high}_range"
    )


def demo_marker() -> Any:
    """``is_demo``: true only on rows that ``srmatch demo`` wrote.

    The demo replaces its own rows and refuses a database holding any row where this is
    false (a real record), so every table the demo writes carries the marker.
    """
    return Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))


def updated_timestamp() -> Any:
    """``updated_at``: set on insert and moved by SQLAlchemy on every update of the row."""
    return Field(default_factory=utc_now, sa_column_kwargs={"onupdate": utc_now})


def json_list() -> Any:
    """A JSON list column that is never NULL (an empty list instead)."""
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class User(SQLModel, table=True):
    """Someone who works in srmatch; login defaults to the operating-system user."""

    __tablename__ = "app_user"
    __table_args__ = (one_of("role", Role),)

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    display_name: str = Field(sa_column=Column(String(120), nullable=False))
    role: str = Field(default=Role.CASEWORKER.value, sa_column=Column(String(20), nullable=False))
    active: bool = True
    created_at: dt.datetime = Field(default_factory=utc_now)
    is_demo: bool = demo_marker()


class Organisation(SQLModel, table=True):
    """Buyer, anchor organisation, contractor or social enterprise (one may be several)."""

    __table_args__ = (
        CheckConstraint(
            "kvk_number IS NULL OR (length(kvk_number) = 8 AND trim(kvk_number, '0123456789') = '')",
            name="kvk_number_8_digits",
        ),
        one_of("social_enterprise_status", SocialEnterpriseStatus, nullable=True),
        one_of("pso_level", PsoLevel, nullable=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(200), nullable=False, index=True))
    kvk_number: str | None = Field(default=None, sa_column=Column(String(8), unique=True))
    is_contracting_authority: bool = False
    is_anchor: bool = Field(default=False, index=True)
    is_contractor: bool = False
    is_social_enterprise: bool = Field(default=False, index=True)
    social_enterprise_status: str | None = Field(default=None, sa_column=Column(String(20)))
    social_enterprise_since: dt.date | None = None
    pso_level: str | None = Field(default=None, sa_column=Column(String(20)))
    municipality: str | None = Field(default=None, max_length=80)
    created_at: dt.datetime = Field(default_factory=utc_now)
    is_demo: bool = demo_marker()
    #: Folded name and KvK number for search (``store/search_keys.py``).
    search_key: str = Field(
        default="",
        sa_column=Column(String(220), nullable=False, default=search_keys.organisation_key_default, server_default=""),
    )


class Contract(SQLModel, table=True):
    """A public contract (opdracht) carrying a social-return obligation."""

    __table_args__ = (
        one_of("kind", ContractKind),
        one_of("status", ContractStatus),
        CheckConstraint("value_cents >= 0", name="value_not_negative"),
        CheckConstraint("percentage >= 0 AND percentage <= 100", name="percentage_0_100"),
        CheckConstraint(
            "obligation_override_cents IS NULL OR (obligation_override_cents >= 0 "
            "AND override_reason IS NOT NULL AND override_reason <> '')",
            name="override_needs_reason",
        ),
        CheckConstraint("end_date >= start_date", name="ends_after_start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(sa_column=Column(String(40), nullable=False, unique=True))
    title: str = Field(sa_column=Column(String(200), nullable=False))
    buyer_id: int = Field(foreign_key="organisation.id", index=True)
    contractor_id: int = Field(foreign_key="organisation.id", index=True)
    kind: str = Field(sa_column=Column(String(10), nullable=False))
    value_cents: int = Field(sa_column=Column(BigInteger, nullable=False))
    percentage: float = Field(
        default=5.0, sa_column=Column(Numeric(5, 2, asdecimal=False), nullable=False)
    )
    obligation_override_cents: int | None = Field(default=None, sa_column=Column(BigInteger))
    override_reason: str | None = Field(default=None, sa_column=Column(Text))
    start_date: dt.date
    end_date: dt.date = Field(index=True)
    interim_report_due: dt.date | None = None
    final_report_due: dt.date | None = None
    account_manager_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    status: str = Field(default=ContractStatus.ACTIVE.value, sa_column=Column(String(10), nullable=False, index=True))
    created_at: dt.datetime = Field(default_factory=utc_now)
    is_demo: bool = demo_marker()
    # Social-return accounting (migration 0006): the rule set in force at the award date,
    # the obligation it gives (kept so lists need no recomputation) and how it was set.
    awarded_on: dt.date | None = None
    labour_share: float | None = Field(default=None, sa_column=Column(Numeric(5, 4, asdecimal=False)))
    #: True when the percentage is a term of the contract, not the rule set's default
    percentage_agreed: bool = False
    rule_set: str | None = Field(default=None, sa_column=Column(String(40)))
    obligation_cents: int | None = Field(default=None, sa_column=Column(BigInteger))
    obligation_explanation: str | None = Field(default=None, sa_column=Column(Text))
    last_report_on: dt.date | None = None
    # Migration 0014: the contractor's own full-time hours a year, where the rule set takes them
    # (Friesland: ``full_time.contractor_hours``); they replace the rule set's full time.
    full_time_hours_per_year: float | None = Field(default=None, sa_column=Column(Numeric(7, 2, asdecimal=False)))


class Vacancy(SQLModel, table=True):
    """A job opened by an employer, usually counting for a contract's obligation."""

    __table_args__ = (
        one_of("employment_type", EmploymentType),
        one_of("status", VacancyStatus),
        hours_range("hours_min", "hours_max"),
        CheckConstraint("positions >= 1", name="positions_at_least_one"),
        CheckConstraint("duration_months IS NULL OR duration_months >= 0", name="duration_not_negative"),
        Index("ix_vacancy_status_closes_on", "status", "closes_on"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(sa_column=Column(String(40), nullable=False, unique=True))
    employer_id: int = Field(foreign_key="organisation.id", index=True)
    contract_id: int | None = Field(default=None, foreign_key="contract.id", index=True)
    title: str = Field(sa_column=Column(String(200), nullable=False, index=True))
    occupation_code: str | None = Field(default=None, sa_column=Column(String(120), index=True))
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    skills: list[str] = json_list()
    hours_min: int = 0
    hours_max: int = 40
    employment_type: str = Field(default=EmploymentType.FIXED_TERM.value, sa_column=Column(String(20), nullable=False))
    duration_months: int | None = None
    postcode: str = Field(max_length=7, index=True)
    positions: int = 1
    driving_licence: str | None = Field(default=None, max_length=10)
    certificates: list[str] = json_list()
    dutch_level: str | None = Field(default=None, max_length=4)
    physical_demands: list[str] = json_list()
    eligible_target_groups: list[str] = json_list()
    status: str = Field(default=VacancyStatus.OPEN.value, sa_column=Column(String(10), nullable=False))
    opened_on: dt.date
    closes_on: dt.date | None = None
    created_at: dt.datetime = Field(default_factory=utc_now)
    #: Optimistic locking (``services/profiles.py``): +1 on every save; who saved last and when.
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    updated_at: dt.datetime = updated_timestamp()
    updated_by: str | None = Field(default=None, max_length=64)
    is_demo: bool = demo_marker()
    #: Folded title, reference, postcode and description for search (``store/search_keys.py``).
    search_key: str = Field(
        default="",
        sa_column=Column(Text, nullable=False, default=search_keys.vacancy_key_default, server_default=""),
    )


class JobSeeker(SQLModel, table=True):
    """A job seeker (werkzoekende) with what matching may use and nothing more."""

    __tablename__ = "job_seeker"
    __table_args__ = (
        one_of("target_group", TargetGroup),
        one_of("status", SeekerStatus),
        hours_range("hours_min", "hours_max"),
        CheckConstraint("ladder_rung BETWEEN 1 AND 6", name="ladder_rung_1_6"),
        CheckConstraint("max_travel_km >= 0", name="travel_not_negative"),
        Index("ix_job_seeker_status_caseworker", "status", "caseworker_id"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_number: str = Field(sa_column=Column(String(20), nullable=False, unique=True))
    display_name: str = Field(sa_column=Column(String(120), nullable=False, index=True))
    email: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=30)
    postcode: str = Field(max_length=7, index=True)
    target_group: str = Field(sa_column=Column(String(40), nullable=False, index=True))
    target_group_evidence: str | None = Field(default=None, max_length=120)
    target_group_evidence_date: dt.date | None = None
    ladder_rung: int = 3
    desired_occupations: list[str] = json_list()
    experience: list[str] = json_list()
    # Vocabulary concepts of desired_occupations / experience, position by position ("" = none
    # found); filled on save, import and demo, recomputed after a vocabulary import.
    desired_occupation_codes: list[str] = json_list()
    experience_codes: list[str] = json_list()
    # CEFR level of Dutch, used only against a level a vacancy states (never a score input).
    dutch_level: str | None = Field(default=None, max_length=4)
    skills: list[str] = json_list()
    certificates: list[str] = json_list()
    driving_licences: list[str] = json_list()
    hours_min: int = 0
    hours_max: int = 40
    max_travel_km: float = 15.0
    travels_independently: bool = True
    work_restrictions: list[str] = json_list()
    available_from: dt.date | None = None
    caseworker_id: int | None = Field(default=None, foreign_key="app_user.id")
    status: str = Field(default=SeekerStatus.ACTIVE.value, sa_column=Column(String(10), nullable=False))
    consent_anonymous_profile: bool = False
    last_contact_on: dt.date | None = None
    created_at: dt.datetime = Field(default_factory=utc_now)
    updated_at: dt.datetime = updated_timestamp()
    #: Optimistic locking (``services/profiles.py``): +1 on every save; who saved last.
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    updated_by: str | None = Field(default=None, max_length=64)
    #: Set when the person's data was erased (AVG art. 17 or retention): the row stays as an
    #: anonymous fact for the social-return books (target group, PC4), nothing more.
    erased_at: dt.datetime | None = None
    is_demo: bool = demo_marker()
    #: Folded name, client number and postcode for search (``store/search_keys.py``).
    search_key: str = Field(
        default="",
        sa_column=Column(String(200), nullable=False, default=search_keys.seeker_key_default, server_default=""),
    )


class SeekerContact(SQLModel, table=True):
    """A contact with a job seeker that a caseworker logged: the day, a short note, who logged it.

    Written by ``services/profiles.log_contact`` (migration 0011), which also moves the
    person's ``last_contact_on``. The note is personal data: the subject-access export shows
    it and erasure removes the person's contacts (``services/privacy.py``).
    """

    __tablename__ = "seeker_contact"

    id: int | None = Field(default=None, primary_key=True)
    seeker_id: int = Field(foreign_key="job_seeker.id", index=True)
    contacted_on: dt.date
    note: str = Field(default="", sa_column=Column(String(500), nullable=False, server_default=""))
    logged_by: str = Field(max_length=64)
    created_at: dt.datetime = Field(default_factory=utc_now)
    is_demo: bool = demo_marker()


class Placement(SQLModel, table=True):
    """A job seeker proposed for, or working in, a vacancy; ``version`` guards concurrent edits."""

    __table_args__ = (
        one_of("status", PlacementStatus),
        one_of("employment_type", EmploymentType, nullable=True),
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 100)", name="score_0_100"),
        CheckConstraint(
            "hours_per_week IS NULL OR (hours_per_week >= 0 AND hours_per_week <= 60)",
            name="hours_0_60",
        ),
        CheckConstraint("version >= 1", name="version_positive"),
        Index("ix_placement_status_proposed_at", "status", "proposed_at"),
        # Migration 0005: at most one started placement per person, and one open placement
        # per person and vacancy, enforced by the database itself (partial unique indexes
        # work the same on SQLite and PostgreSQL).
        Index(
            "uq_placement_one_started_per_seeker", "seeker_id", unique=True,
            sqlite_where=text("status = 'started'"), postgresql_where=text("status = 'started'"),
        ),
        Index(
            "uq_placement_one_open_per_pair", "seeker_id", "vacancy_id", unique=True,
            sqlite_where=text(OPEN_PLACEMENT_CONDITION), postgresql_where=text(OPEN_PLACEMENT_CONDITION),
        ),
        CheckConstraint(
            "status NOT IN ('started', 'sustained', 'ended') OR start_date IS NOT NULL",
            name="working_has_start_date",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    seeker_id: int = Field(foreign_key="job_seeker.id", index=True)
    vacancy_id: int = Field(foreign_key="vacancy.id", index=True)
    status: str = Field(default=PlacementStatus.PROPOSED.value, sa_column=Column(String(12), nullable=False))
    score: float | None = None
    explanation: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    surfaced_by_engine: bool = True
    proposed_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    proposed_at: dt.datetime = Field(default_factory=utc_now)
    reviewed_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    reviewed_at: dt.datetime | None = None
    review_note: str | None = Field(default=None, sa_column=Column(Text))
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    hours_per_week: int | None = None
    employment_type: str | None = Field(default=None, sa_column=Column(String(20)))
    end_reason: str | None = Field(default=None, max_length=200)
    version: int = 1
    updated_at: dt.datetime = updated_timestamp()
    # Migration 0005: the caseworker's note (and the reason when the engine excluded the
    # pair), the code of the team lead's rejection reason, and who changed it last (for
    # "changed by km.jansen at 14:02; reload").
    proposal_note: str | None = Field(default=None, sa_column=Column(Text))
    review_reason: str | None = Field(default=None, max_length=40)
    updated_by: str | None = Field(default=None, max_length=64)
    is_demo: bool = demo_marker()


class Contribution(SQLModel, table=True):
    """One line of realisation on a contract, valued by the building-block table."""

    __table_args__ = (
        one_of("route", ContributionRoute),
        one_of("status", ContributionStatus),
        CheckConstraint("value_cents >= 0", name="value_not_negative"),
        CheckConstraint("hours IS NULL OR hours >= 0", name="hours_not_negative"),
        CheckConstraint("period_end IS NULL OR period_end >= period_start", name="period_ordered"),
        CheckConstraint("amount_cents IS NULL OR amount_cents >= 0", name="amount_not_negative"),
        Index("ix_contribution_contract_status", "contract_id", "status"),
        # Covering indexes for the books' sums (migration 0012): per contract and route, per period.
        Index("ix_contribution_status_contract_route", "status", "contract_id", "route", "value_cents"),
        Index("ix_contribution_status_period", "status", "period_start", "value_cents"),
        Index("uq_contribution_contract_import_key", "contract_id", "import_key", unique=True),
        Index("uq_contribution_placement", "placement_id", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    route: str = Field(sa_column=Column(String(1), nullable=False))
    placement_id: int | None = Field(default=None, foreign_key="placement.id", index=True)
    supplier_id: int | None = Field(default=None, foreign_key="organisation.id")
    activity: str | None = Field(default=None, max_length=200)
    period_start: dt.date
    period_end: dt.date | None = None
    hours: float | None = None
    evidence: str | None = Field(default=None, max_length=200)
    value_cents: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    status: str = Field(default=ContributionStatus.DRAFT.value, sa_column=Column(String(10), nullable=False))
    approved_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    approved_at: dt.datetime | None = None
    note: str | None = Field(default=None, sa_column=Column(Text))
    created_at: dt.datetime = Field(default_factory=utc_now)
    is_demo: bool = demo_marker()
    # Valuation inputs and result (migration 0006); the rule set's names, never a copy of an amount.
    block: str | None = Field(default=None, sa_column=Column(String(40)))
    hours_per_week: float | None = Field(default=None, sa_column=Column(Numeric(5, 2, asdecimal=False)))
    bonuses: list[str] = json_list()
    amount_cents: int | None = Field(default=None, sa_column=Column(BigInteger))
    activity_kind: str | None = Field(default=None, sa_column=Column(String(40)))
    quantity: float | None = Field(default=None, sa_column=Column(Numeric(10, 2, asdecimal=False)))
    value_explanation: str | None = Field(default=None, sa_column=Column(Text))
    justification: str | None = Field(default=None, sa_column=Column(Text))
    submitted_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    submitted_at: dt.datetime | None = None
    second_approved_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    second_approved_at: dt.datetime | None = None
    import_key: str | None = Field(default=None, sa_column=Column(String(80)))
    # Migration 0013: the first day of the person's counting window when it did not begin with
    # this line (the day after the last benefit; the start of the work reported in an earlier line).
    counts_from: dt.date | None = None


class EnforcementAction(SQLModel, table=True):
    """A step taken when a contractor falls behind on its obligation."""

    __tablename__ = "enforcement_action"
    __table_args__ = (
        one_of("kind", EnforcementKind),
        CheckConstraint("amount_cents IS NULL OR amount_cents >= 0", name="amount_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    kind: str = Field(sa_column=Column(String(24), nullable=False))
    action_date: dt.date
    amount_cents: int | None = Field(default=None, sa_column=Column(BigInteger))
    note: str | None = Field(default=None, sa_column=Column(Text))
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: dt.datetime = Field(default_factory=utc_now)
    is_demo: bool = demo_marker()
    #: the new date of a recovery period (migration 0006)
    new_date: dt.date | None = None


class AuditEvent(SQLModel, table=True):
    """BIO log line: action, object, result, origin, actor, time — never the personal data."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_object", "object_type", "object_id"),)

    id: int | None = Field(default=None, primary_key=True)
    occurred_at: dt.datetime = Field(default_factory=utc_now, index=True)
    actor: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    action: str = Field(sa_column=Column(String(40), nullable=False, index=True))
    object_type: str = Field(sa_column=Column(String(40), nullable=False))
    object_id: str | None = Field(default=None, max_length=120)
    result: str = Field(default="success", max_length=20)
    origin: str = Field(default="", max_length=120)
    reason: str | None = Field(default=None, sa_column=Column(Text))


@event.listens_for(Session, "before_flush")
def _audit_events_are_append_only(session: Session, _context: object, _instances: object) -> None:
    """No unit of work may change or delete an audit event (the database refuses it too)."""
    for instance in session.deleted:
        if isinstance(instance, AuditEvent):
            raise AuditLogAppendOnly("audit events cannot be deleted (only the retention purge removes old ones)")
    for instance in session.dirty:
        if isinstance(instance, AuditEvent) and session.is_modified(instance):
            raise AuditLogAppendOnly("audit events cannot be changed; they are only ever appended")


class OccupationConcept(SQLModel, table=True):
    """An occupation or ISCO group from an imported vocabulary (ESCO), with its labels.

    Labels are kept newline-separated as in the ESCO export; the matching layer turns
    rows into its own plain ``Concept`` objects.
    """

    __tablename__ = "occupation_concept"
    __table_args__ = (
        CheckConstraint("kind IN ('occupation', 'isco_group')", name="kind_allowed"),
        Index("ix_occupation_concept_source_kind", "source", "kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uri: str = Field(sa_column=Column(String(200), nullable=False, unique=True))
    source: str = Field(sa_column=Column(String(20), nullable=False))
    kind: str = Field(sa_column=Column(String(12), nullable=False))
    preferred_label: str = Field(sa_column=Column(String(300), nullable=False))
    alt_labels: str = Field(default="", sa_column=Column(Text, nullable=False))
    hidden_labels: str = Field(default="", sa_column=Column(Text, nullable=False))
    isco_code: str = Field(sa_column=Column(String(4), nullable=False, index=True))
    code: str = Field(default="", sa_column=Column(String(40), nullable=False))
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    imported_at: dt.datetime = Field(default_factory=utc_now)


class AuditRetention(SQLModel, table=True):
    """How far back the audit log may be purged (one row, id 1), set by the retention purge.

    The database refuses UPDATE and DELETE on ``audit_event`` (triggers, migration 0008),
    except DELETE of events older than ``purge_before``: the only way an event ever leaves.
    """

    __tablename__ = "audit_retention"

    id: int | None = Field(default=None, primary_key=True)
    purge_before: dt.datetime | None = None
    updated_at: dt.datetime = updated_timestamp()


# Search keys follow every ORM write of the fields they fold (store/search_keys.py).
event.listen(JobSeeker, "before_insert", search_keys.set_seeker_key)
event.listen(JobSeeker, "before_update", search_keys.set_seeker_key)
event.listen(Vacancy, "before_insert", search_keys.set_vacancy_key)
event.listen(Vacancy, "before_update", search_keys.set_vacancy_key)
event.listen(Organisation, "before_insert", search_keys.set_organisation_key)
event.listen(Organisation, "before_update", search_keys.set_organisation_key)


class PostcodeCentroid(SQLModel, table=True):
    """A PC4 centroid loaded by ``srmatch geo import-geonames``; overrides the shipped table."""

    __tablename__ = "postcode_centroid"
    __table_args__ = (
        CheckConstraint("latitude >= -90 AND latitude <= 90 AND longitude >= -180 AND longitude <= 180",
                        name="coordinates_valid"),
    )

    id: int | None = Field(default=None, primary_key=True)
    pc4: str = Field(sa_column=Column(String(4), nullable=False, unique=True))
    latitude: float
    longitude: float
    place: str = Field(default="", max_length=120)
    municipality_code: str = Field(default="", max_length=8)
    municipality: str = Field(default="", max_length=120)
    source: str = Field(default="", max_length=200)
    imported_at: dt.datetime = Field(default_factory=utc_now)
