"""The rights of the people in srmatch (AVG/GDPR) and the minimisation of their data in use.

- :func:`export_person` — right of access (art. 15): everything srmatch holds on one person.
- :func:`erase_person` — erasure (art. 17): the person's data goes; what the social-return books
  need stays as anonymous facts (a contribution keeps its amount, route and target group).
- :func:`purge_inactive` / :func:`count_due_for_purge` — retention: people without contact and
  without an open placement for longer than the configured period are erased the same way.
- :func:`employer_profile` — what an employer may see of a person: an anonymous profile unless
  the person consented (``consent_anonymous_profile``); :func:`employer_export` — the approved
  candidates of a vacancy in that form, for the employer, saying which kind each profile is.
- :func:`mask_email` / :func:`mask_phone` — lists show contact details masked.

Erasure, purge and the export are for team leads and admins only (checked here, in the
service, not only hidden in a screen); every use, allowed or refused, writes an audit event
that names records by their internal id, never by personal data.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, delete, or_
from sqlmodel import Session, col, select

from srmatch import __version__
from srmatch.errors import UserFacingError
from srmatch.i18n import t
from srmatch.services import audit
from srmatch.services.access import PRIVACY_ROLES, PermissionDenied, require_role
from srmatch.services.audit import Actor
from srmatch.store.engine import session_scope
from srmatch.store.models import (
    AuditEvent,
    Contract,
    Contribution,
    JobSeeker,
    Organisation,
    Placement,
    PlacementStatus,
    Role,
    SeekerContact,
    SeekerStatus,
    User,
    Vacancy,
    utc_now,
)

#: Placements in these states keep a person out of the retention purge.
OPEN_PLACEMENT_STATES: tuple[str, ...] = (
    PlacementStatus.PROPOSED.value,
    PlacementStatus.NEEDS_INFO.value,
    PlacementStatus.APPROVED.value,
    PlacementStatus.INTRODUCED.value,
    PlacementStatus.STARTED.value,
)

#: Tables with a foreign key to ``job_seeker`` (directly or through a placement) that erasure
#: anonymises. A test fails when a new table references a person and is not handled here.
#: ``seeker_contact``: the contacts a caseworker logged, with their notes, are deleted.
ERASURE_HANDLED_TABLES: frozenset[str] = frozenset({"placement", "contribution", "seeker_contact"})

__all__ = [
    "PRIVACY_ROLES",
    "PermissionDenied",
    "employer_export",
    "employer_profile",
    "erase_person",
    "export_person",
    "purge_inactive",
]

EXPORT_FORMATS = ("json", "xlsx")
ERASED_PREFIX = "erased-"


class ErasureRefused(UserFacingError):
    """The erasure cannot go ahead as asked (no reason, a reason naming the person…)."""


# --- masking -----------------------------------------------------------------------------


def mask_email(email: str | None) -> str:
    """'jan.devries@example.nl' → 'j***@example.nl'."""
    if not email:
        return ""
    local, _, domain = email.partition("@")
    if not domain:
        return "***"
    return f"{local[:1]}***@{domain}"


def mask_phone(phone: str | None) -> str:
    """'06 12345678' → '06 ******78': enough to recognise, not to call."""
    if not phone:
        return ""
    digits = [index for index, char in enumerate(phone) if char.isdigit()]
    hidden = set(digits[2:-2])
    return "".join("*" if index in hidden else char for index, char in enumerate(phone))


# --- minimisation for employers ----------------------------------------------------------


@dataclass(frozen=True)
class EmployerProfile:
    """What an employer may see of a job seeker.

    ``identified`` is True only when the person consented (``consent_anonymous_profile``);
    then the name is shown. Contact details and the client number are never shown: the
    employer reaches the person through their caseworker.
    """

    reference: str
    identified: bool
    display_name: str | None
    desired_occupations: tuple[str, ...]
    experience: tuple[str, ...]
    skills: tuple[str, ...]
    certificates: tuple[str, ...]
    driving_licences: tuple[str, ...]
    hours_min: int
    hours_max: int
    work_restrictions: tuple[str, ...]
    available_from: dt.date | None
    postcode_area: str

    @property
    def kind(self) -> str:
        """'identified' or 'anonymous', as the export states it."""
        return "identified" if self.identified else "anonymous"

    def to_json(self) -> dict[str, Any]:
        data = _jsonable(asdict(self))
        data["profile"] = self.kind
        return data


def profile_reference(seeker_id: int | None) -> str:
    """The pseudonym of a person in employer-facing material: never the client number."""
    return f"P{seeker_id or 0:06d}"


def employer_profile(seeker: JobSeeker) -> EmployerProfile:
    """The one place that decides what an employer sees of a person (exports, screens)."""
    identified = bool(seeker.consent_anonymous_profile)
    return EmployerProfile(
        reference=profile_reference(seeker.id),
        identified=identified,
        display_name=seeker.display_name if identified else None,
        desired_occupations=tuple(seeker.desired_occupations),
        experience=tuple(seeker.experience),
        skills=tuple(seeker.skills),
        certificates=tuple(seeker.certificates),
        driving_licences=tuple(seeker.driving_licences),
        hours_min=seeker.hours_min,
        hours_max=seeker.hours_max,
        work_restrictions=tuple(seeker.work_restrictions),
        available_from=seeker.available_from,
        postcode_area=_pc4(seeker.postcode),
    )


# --- right of access ---------------------------------------------------------------------


@dataclass(frozen=True)
class PersonExport:
    """Everything srmatch holds on one person, as handed to them on an access request."""

    client_number: str
    generated_at: dt.datetime
    generated_by: str
    profile: dict[str, Any]
    placements: tuple[dict[str, Any], ...]
    contributions: tuple[dict[str, Any], ...]
    audit_events: tuple[dict[str, Any], ...]
    employer_profile: dict[str, Any] = field(default_factory=dict)
    #: Contacts a caseworker logged (``services/profiles.log_contact``): day, note, who.
    contacts: tuple[dict[str, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "export": {
                "kind": "srmatch-person-export",
                "client_number": self.client_number,
                "generated_at": self.generated_at.isoformat(),
                "generated_by": self.generated_by,
                "srmatch_version": __version__,
            },
            "profile": self.profile,
            "employer_profile": self.employer_profile,
            "contacts": list(self.contacts),
            "placements": list(self.placements),
            "contributions": list(self.contributions),
            "audit_events": list(self.audit_events),
        }


def _find_person(session: Session, client_number: str) -> JobSeeker | None:
    if client_number.startswith(ERASED_PREFIX):
        return None
    return session.exec(
        select(JobSeeker).where(JobSeeker.client_number == client_number, col(JobSeeker.erased_at).is_(None))
    ).first()


def _not_found(client_number: str) -> LookupError:
    from srmatch.services.records import RecordNotFound

    return RecordNotFound(t("privacy.error.not_found", client_number=client_number))


def export_person(engine: Engine, client_number: str, actor: Actor) -> PersonExport:
    """Collect everything on one person (team lead or admin); the export itself is audited."""
    with session_scope(engine) as session:
        require_role(session, actor, PRIVACY_ROLES, action="person.export", object_type="job_seeker", object_id=None)
        seeker = _find_person(session, client_number)
        if seeker is None:
            audit.record(session, actor, "person.export", "job_seeker", None, result="not_found")
            session.commit()
            raise _not_found(client_number)
        audit.record(session, actor, "person.export", "job_seeker", seeker.id)
        session.flush()
        users = {user.id: user for user in session.exec(select(User)).all()}

        def staff(user_id: int | None) -> str | None:
            user = users.get(user_id) if user_id is not None else None
            return user.display_name if user else None

        profile = _seeker_profile(seeker, staff(seeker.caseworker_id))
        contacts = tuple(
            _jsonable({"contacted_on": contact.contacted_on, "note": contact.note, "logged_by": contact.logged_by,
                       "logged_at": contact.created_at})
            for contact in session.exec(
                select(SeekerContact).where(SeekerContact.seeker_id == seeker.id)
                .order_by(col(SeekerContact.contacted_on), col(SeekerContact.id))
            ).all()
        )
        placement_rows = session.exec(
            select(Placement, Vacancy, Organisation)
            .join(Vacancy, col(Vacancy.id) == col(Placement.vacancy_id))
            .join(Organisation, col(Organisation.id) == col(Vacancy.employer_id))
            .where(Placement.seeker_id == seeker.id)
            .order_by(col(Placement.proposed_at), col(Placement.id))
        ).all()
        placements = tuple(
            _jsonable(
                {
                    "placement_id": placement.id,
                    "vacancy_reference": vacancy.reference,
                    "vacancy_title": vacancy.title,
                    "employer": employer.name,
                    "status": placement.status,
                    "score": placement.score,
                    "explanation": placement.explanation,
                    "surfaced_by_engine": placement.surfaced_by_engine,
                    "proposed_by": staff(placement.proposed_by_id),
                    "proposed_at": placement.proposed_at,
                    "reviewed_by": staff(placement.reviewed_by_id),
                    "reviewed_at": placement.reviewed_at,
                    "proposal_note": placement.proposal_note,
                    "review_reason": placement.review_reason,
                    "review_note": placement.review_note,
                    "start_date": placement.start_date,
                    "end_date": placement.end_date,
                    "hours_per_week": placement.hours_per_week,
                    "employment_type": placement.employment_type,
                    "end_reason": placement.end_reason,
                }
            )
            for placement, vacancy, employer in placement_rows
        )
        placement_ids = [placement.id for placement, _vacancy, _employer in placement_rows if placement.id is not None]
        contribution_rows = (
            session.exec(
                select(Contribution, Contract)
                .join(Contract, col(Contract.id) == col(Contribution.contract_id))
                .where(col(Contribution.placement_id).in_(placement_ids))
                .order_by(col(Contribution.period_start), col(Contribution.id))
            ).all()
            if placement_ids
            else []
        )
        contributions = tuple(
            _jsonable(
                {
                    "contribution_id": contribution.id,
                    "placement_id": contribution.placement_id,
                    "contract_reference": contract.reference,
                    "contract_title": contract.title,
                    "route": contribution.route,
                    "period_start": contribution.period_start,
                    "period_end": contribution.period_end,
                    "hours": contribution.hours,
                    "value_eur": contribution.value_cents / 100,
                    "status": contribution.status,
                    "evidence": contribution.evidence,
                    "note": contribution.note,
                    "justification": contribution.justification,
                    "approved_by": staff(contribution.approved_by_id),
                    "approved_at": contribution.approved_at,
                }
            )
            for contribution, contract in contribution_rows
        )
        events = session.exec(
            select(AuditEvent)
            .where(_events_about(seeker, placement_ids, [c.id for c, _ in contribution_rows if c.id is not None]))
            .order_by(col(AuditEvent.occurred_at), col(AuditEvent.id))
        ).all()
        return PersonExport(
            client_number=seeker.client_number,
            generated_at=utc_now(),
            generated_by=actor.login,
            profile=profile,
            employer_profile=employer_profile(seeker).to_json(),
            contacts=contacts,
            placements=placements,
            contributions=contributions,
            audit_events=tuple(_event_json(event) for event in events),
        )


def _events_about(seeker: JobSeeker, placement_ids: Iterable[int], contribution_ids: Iterable[int]) -> Any:
    """Audit events about the person's record, their placements and their contributions."""
    conditions = [
        and_(
            col(AuditEvent.object_type) == "job_seeker",
            col(AuditEvent.object_id).in_([str(seeker.id), seeker.client_number]),
        )
    ]
    placement_keys = [str(key) for key in placement_ids]
    if placement_keys:
        conditions.append(and_(col(AuditEvent.object_type) == "placement", col(AuditEvent.object_id).in_(placement_keys)))
    contribution_keys = [str(key) for key in contribution_ids]
    if contribution_keys:
        conditions.append(
            and_(col(AuditEvent.object_type) == "contribution", col(AuditEvent.object_id).in_(contribution_keys))
        )
    return or_(*conditions)


def _event_json(event: AuditEvent) -> dict[str, Any]:
    return _jsonable(
        {
            "occurred_at": event.occurred_at,
            "actor": event.actor,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "result": event.result,
            "origin": event.origin,
            "reason": event.reason,
        }
    )


def _seeker_profile(seeker: JobSeeker, caseworker: str | None) -> dict[str, Any]:
    return _jsonable(
        {
            "client_number": seeker.client_number,
            "display_name": seeker.display_name,
            "email": seeker.email,
            "phone": seeker.phone,
            "postcode": seeker.postcode,
            "target_group": seeker.target_group,
            "target_group_evidence": seeker.target_group_evidence,
            "target_group_evidence_date": seeker.target_group_evidence_date,
            "ladder_rung": seeker.ladder_rung,
            "desired_occupations": seeker.desired_occupations,
            "experience": seeker.experience,
            "skills": seeker.skills,
            "certificates": seeker.certificates,
            "driving_licences": seeker.driving_licences,
            "hours_min": seeker.hours_min,
            "hours_max": seeker.hours_max,
            "max_travel_km": seeker.max_travel_km,
            "travels_independently": seeker.travels_independently,
            "work_restrictions": seeker.work_restrictions,
            "available_from": seeker.available_from,
            "caseworker": caseworker,
            "status": seeker.status,
            "consent_anonymous_profile": seeker.consent_anonymous_profile,
            "last_contact_on": seeker.last_contact_on,
            "created_at": seeker.created_at,
            "updated_at": seeker.updated_at,
        }
    )


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dt.datetime | dt.date):
            result[key] = value.isoformat()
        elif isinstance(value, tuple):
            result[key] = list(value)
        else:
            result[key] = value
    return result


def person_export_bytes(export: PersonExport, export_format: str) -> bytes:
    """The export as a file: JSON (UTF-8) or an Excel workbook with one sheet per part."""
    if export_format == "json":
        return (json.dumps(export.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if export_format == "xlsx":
        return _xlsx_bytes(export)
    raise UserFacingError(t("privacy.error.format", format=export_format, formats=", ".join(EXPORT_FORMATS)))


def write_private_file(path: Path, content: bytes) -> Path:
    """Write a file that holds personal data, readable by its owner only (0600)."""
    path = Path(path)
    if path.is_dir():
        raise UserFacingError(t("privacy.error.is_folder", path=str(path)))
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
    os.chmod(path, 0o600)
    return path


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _append(sheet: Any, values: Sequence[Any]) -> None:
    """One row; text a spreadsheet would run as a formula stays text (quote prefix, never evaluated)."""
    from srmatch.services.fields import FORMULA_TRIGGERS

    sheet.append([_cell(value) for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
            cell.data_type = "s"
            cell.quotePrefix = True


def _xlsx_bytes(export: PersonExport) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = t("privacy.sheet.profile")
    data = export.to_json()
    for key, value in [*data["export"].items(), *data["profile"].items()]:
        _append(sheet, [key, value])
    employer = workbook.create_sheet(t("privacy.sheet.employer_profile"))
    for key, value in data["employer_profile"].items():
        _append(employer, [key, value])
    for title, rows in (
        (t("privacy.sheet.contacts"), data["contacts"]),
        (t("privacy.sheet.placements"), data["placements"]),
        (t("privacy.sheet.contributions"), data["contributions"]),
        (t("privacy.sheet.audit_events"), data["audit_events"]),
    ):
        table = workbook.create_sheet(title)
        if rows:
            headers = list(rows[0])
            _append(table, headers)
            for row in rows:
                _append(table, [row.get(header) for header in headers])
        else:
            table.append([t("privacy.sheet.none")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- erasure -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ErasureResult:
    """What an erasure changed (counts only: the person's data is gone)."""

    seeker_id: int
    placements_anonymised: int
    contributions_kept: int


def erase_person(engine: Engine, client_number: str, actor: Actor, reason: str) -> ErasureResult:
    """Erase one person's data (team lead or admin); the books keep anonymous facts."""
    reason = reason.strip()
    with session_scope(engine) as session:
        require_role(session, actor, PRIVACY_ROLES, action="person.erase", object_type="job_seeker", object_id=None)
        if not reason:
            raise ErasureRefused(t("privacy.error.reason_required"))
        seeker = _find_person(session, client_number)
        if seeker is None:
            audit.record(session, actor, "person.erase", "job_seeker", None, result="not_found")
            session.commit()
            raise _not_found(client_number)
        _refuse_reason_naming_person(reason, seeker)
        result = _anonymise(session, seeker, utc_now())
        audit.record(session, actor, "person.erase", "job_seeker", seeker.id, reason=reason)
        return result


def _refuse_reason_naming_person(reason: str, seeker: JobSeeker) -> None:
    """The reason goes into the audit log, which outlives the person: it must not name them."""
    lowered = reason.lower()
    for value in (seeker.display_name, seeker.client_number, seeker.email, seeker.phone):
        if value and len(value) >= 3 and value.lower() in lowered:
            raise ErasureRefused(t("privacy.error.reason_names_person"))


def _pc4(postcode: str) -> str:
    """The four digits of a Dutch postcode: an area, not an address."""
    return "".join(char for char in postcode if char.isdigit())[:4]


def _anonymise(session: Session, seeker: JobSeeker, erased_at: dt.datetime) -> ErasureResult:
    """Remove the person's data from their row, placements and contributions; keep the facts."""
    assert seeker.id is not None
    defaults = JobSeeker(client_number="", display_name="", postcode="", target_group=seeker.target_group)
    seeker.client_number = f"{ERASED_PREFIX}{seeker.id}"
    seeker.display_name = ""
    seeker.email = None
    seeker.phone = None
    seeker.postcode = _pc4(seeker.postcode)
    seeker.target_group_evidence = None
    seeker.target_group_evidence_date = None
    seeker.ladder_rung = defaults.ladder_rung
    seeker.desired_occupations = []
    seeker.experience = []
    seeker.skills = []
    seeker.certificates = []
    seeker.driving_licences = []
    seeker.hours_min = defaults.hours_min
    seeker.hours_max = defaults.hours_max
    seeker.max_travel_km = defaults.max_travel_km
    seeker.travels_independently = defaults.travels_independently
    seeker.work_restrictions = []
    seeker.available_from = None
    seeker.caseworker_id = None
    seeker.status = SeekerStatus.LEFT.value
    seeker.consent_anonymous_profile = False
    seeker.last_contact_on = None
    seeker.updated_at = erased_at
    seeker.erased_at = erased_at
    session.add(seeker)
    session.execute(delete(SeekerContact).where(col(SeekerContact.seeker_id) == seeker.id))
    placements = session.exec(select(Placement).where(Placement.seeker_id == seeker.id)).all()
    for placement in placements:
        placement.explanation = {}
        placement.score = None
        placement.review_note = None
        placement.proposal_note = None
        placement.review_reason = None
        placement.end_reason = None
        placement.version += 1
        placement.updated_at = erased_at
        session.add(placement)
    placement_ids = [placement.id for placement in placements if placement.id is not None]
    contributions = (
        session.exec(select(Contribution).where(col(Contribution.placement_id).in_(placement_ids))).all()
        if placement_ids
        else []
    )
    for contribution in contributions:
        contribution.evidence = None
        contribution.note = None
        contribution.justification = None  # free text an account manager may have written about the person
        session.add(contribution)
    session.flush()
    return ErasureResult(
        seeker_id=seeker.id, placements_anonymised=len(placements), contributions_kept=len(contributions)
    )


# --- retention ---------------------------------------------------------------------------


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (clamped to the month's last day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


@dataclass(frozen=True)
class PurgeReport:
    """Outcome of a retention run: counts only, never who."""

    inactive_months: int
    cutoff: dt.date
    due: int
    held_by_open_placement: int
    erased: int
    dry_run: bool

    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


def _inactive_condition(cutoff: dt.date) -> Any:
    cutoff_moment = dt.datetime.combine(cutoff, dt.time.min, tzinfo=dt.UTC)
    return and_(
        col(JobSeeker.erased_at).is_(None),
        or_(
            and_(col(JobSeeker.last_contact_on).is_not(None), col(JobSeeker.last_contact_on) < cutoff),
            and_(col(JobSeeker.last_contact_on).is_(None), col(JobSeeker.created_at) < cutoff_moment),
        ),
    )


def _held_ids(cutoff: dt.date) -> Any:
    """People with an open placement, or placement activity since the cutoff."""
    cutoff_moment = dt.datetime.combine(cutoff, dt.time.min, tzinfo=dt.UTC)
    return select(Placement.seeker_id).where(
        or_(
            col(Placement.status).in_(OPEN_PLACEMENT_STATES),
            col(Placement.updated_at) >= cutoff_moment,
            and_(col(Placement.end_date).is_not(None), col(Placement.end_date) >= cutoff),
        )
    )


def _due_ids(session: Session, cutoff: dt.date) -> tuple[list[int], int]:
    inactive = session.exec(select(JobSeeker.id).where(_inactive_condition(cutoff))).all()
    held = set(session.exec(_held_ids(cutoff)).all())
    due = [seeker_id for seeker_id in inactive if seeker_id is not None and seeker_id not in held]
    return due, len(inactive) - len(due)


def _resolve_months(inactive_months: int | None) -> int:
    if inactive_months is None:
        from srmatch.config import load_retention_settings

        return load_retention_settings().inactive_months
    if inactive_months < 1:
        raise UserFacingError(t("privacy.error.months", months=inactive_months))
    return inactive_months


def count_due_for_purge(engine: Engine, inactive_months: int | None = None, *, today: dt.date | None = None) -> int:
    """How many people the retention purge would erase now (for the dashboard; counts only)."""
    months = _resolve_months(inactive_months)
    cutoff = months_before(today or dt.date.today(), months)
    with session_scope(engine) as session:
        return len(_due_ids(session, cutoff)[0])


def purge_inactive(
    engine: Engine,
    actor: Actor,
    inactive_months: int | None = None,
    *,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> PurgeReport:
    """Erase everyone inactive for longer than the period (team lead or admin), in one transaction."""
    months = _resolve_months(inactive_months)
    cutoff = months_before(today or dt.date.today(), months)
    with session_scope(engine) as session:
        require_role(session, actor, PRIVACY_ROLES, action="privacy.purge", object_type="job_seeker")
        due, held = _due_ids(session, cutoff)
        erased = 0
        if not dry_run:
            moment = utc_now()
            reason = f"retention: no contact and no open placement for more than {months} months"
            for seeker_id in due:
                seeker = session.get(JobSeeker, seeker_id)
                if seeker is None:
                    continue
                _anonymise(session, seeker, moment)
                audit.record(session, actor, "person.erase", "job_seeker", seeker_id, reason=reason)
                erased += 1
        audit.record(
            session,
            actor,
            "privacy.purge",
            "job_seeker",
            None,
            result="dry_run" if dry_run else "success",
            reason=f"inactive_months={months} cutoff={cutoff.isoformat()} due={len(due)} erased={erased}",
        )
        return PurgeReport(
            inactive_months=months,
            cutoff=cutoff,
            due=len(due),
            held_by_open_placement=held,
            erased=erased,
            dry_run=dry_run,
        )


# --- what employers receive ---------------------------------------------------------------

#: Placements whose candidates may be shown to the vacancy's employer: a team lead approved them.
EMPLOYER_VISIBLE_STATES: tuple[str, ...] = (
    PlacementStatus.APPROVED.value,
    PlacementStatus.INTRODUCED.value,
    PlacementStatus.STARTED.value,
)
EMPLOYER_EXPORT_ROLES: tuple[str, ...] = (
    Role.CASEWORKER.value,
    Role.TEAM_LEAD.value,
    Role.ACCOUNT_MANAGER.value,
    Role.ADMIN.value,
)


@dataclass(frozen=True)
class EmployerExport:
    """The approved candidates for one vacancy, as its employer may see them."""

    vacancy_reference: str
    vacancy_title: str
    employer: str
    generated_at: dt.datetime
    candidates: tuple[dict[str, Any], ...]

    @property
    def identified(self) -> int:
        return sum(1 for candidate in self.candidates if candidate["profile"] == "identified")

    def to_json(self) -> dict[str, Any]:
        return {
            "export": {
                "kind": "srmatch-employer-profiles",
                "vacancy_reference": self.vacancy_reference,
                "vacancy_title": self.vacancy_title,
                "employer": self.employer,
                "generated_at": self.generated_at.isoformat(),
                "profiles": {"anonymous": len(self.candidates) - self.identified, "identified": self.identified},
                "note": t("privacy.employer.note"),
            },
            "candidates": list(self.candidates),
        }


def employer_export(engine: Engine, vacancy_reference: str, actor: Actor) -> EmployerExport:
    """The approved candidates of a vacancy as employer profiles (anonymous unless consented); audited."""
    from srmatch.services.records import RecordNotFound

    with session_scope(engine) as session:
        require_role(
            session, actor, EMPLOYER_EXPORT_ROLES, action="vacancy.employer_export", object_type="vacancy"
        )
        found = session.exec(
            select(Vacancy, Organisation)
            .join(Organisation, col(Organisation.id) == col(Vacancy.employer_id))
            .where(Vacancy.reference == vacancy_reference)
        ).first()
        if found is None:
            raise RecordNotFound(t("privacy.error.no_vacancy", reference=vacancy_reference))
        vacancy, employer = found
        rows = session.exec(
            select(Placement, JobSeeker)
            .join(JobSeeker, col(JobSeeker.id) == col(Placement.seeker_id))
            .where(
                Placement.vacancy_id == vacancy.id,
                col(Placement.status).in_(EMPLOYER_VISIBLE_STATES),
                col(JobSeeker.erased_at).is_(None),
            )
            .order_by(col(Placement.proposed_at), col(Placement.id))
        ).all()
        candidates = tuple(
            {**employer_profile(seeker).to_json(), "placement_status": placement.status} for placement, seeker in rows
        )
        result = EmployerExport(
            vacancy_reference=vacancy.reference,
            vacancy_title=vacancy.title,
            employer=employer.name,
            generated_at=utc_now(),
            candidates=candidates,
        )
        audit.record(
            session,
            actor,
            "vacancy.employer_export",
            "vacancy",
            vacancy.id,
            reason=f"candidates={len(candidates)} identified={result.identified}",
        )
        return result


def employer_export_bytes(export: EmployerExport, export_format: str) -> bytes:
    """The employer file: JSON, or a workbook with one row per candidate and a 'profile' column."""
    if export_format == "json":
        return (json.dumps(export.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if export_format != "xlsx":
        raise UserFacingError(t("privacy.error.format", format=export_format, formats=", ".join(EXPORT_FORMATS)))
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = t("privacy.sheet.candidates")
    header = export.to_json()["export"]
    for key in ("vacancy_reference", "vacancy_title", "employer", "generated_at", "note"):
        _append(sheet, [key, header[key]])
    sheet.append([])
    if export.candidates:
        columns = list(export.candidates[0])
        _append(sheet, columns)
        for candidate in export.candidates:
            _append(sheet, [candidate.get(column) for column in columns])
    else:
        sheet.append([t("privacy.sheet.none")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
