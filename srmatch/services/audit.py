"""Audit trail (BIO 8.15.01): who did what to which object, with what result, from where.

An event never holds the personal data itself: only ids, action names and reasons.
Events are only ever appended: srmatch has no code path that changes one, the session refuses
to flush a change or deletion of one, and the database refuses UPDATE and DELETE (triggers,
migration 0008) except the retention purge of the log itself (:func:`purge_audit_log`).

Object ids follow one scheme: ``object_type`` is the table name (``job_seeker``,
``placement``, ``app_user``…) and ``object_id`` the row's internal primary key, as text.
Never a client number, vacancy reference, login or name: those are what a person typed or
sees, they change, and a client number identifies a person. When no row was found (or is
not yet made), ``object_id`` is empty and the reason says what was looked for, in words
that hold no personal data.
"""

from __future__ import annotations

import datetime as dt
import getpass
import socket
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import CursorResult, Engine, delete, func, or_
from sqlmodel import Session, col, select

from srmatch.errors import InvalidRequest
from srmatch.i18n import t
from srmatch.store.engine import session_scope
from srmatch.store.models import AuditEvent, AuditRetention, utc_now


@dataclass(frozen=True)
class Actor:
    """The person working in srmatch right now, as the audit log names them."""

    login: str
    origin: str
    #: The registered role (``srmatch.store.models.Role`` value), or None when not looked up.
    #: ``srmatch.services.users.resolve_actor`` fills it in; ``require_role`` checks it.
    role: str | None = None
    #: True while the database has no registered user and this login acts as admin.
    bootstrap: bool = False


@lru_cache(maxsize=1)
def _host_name() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return "unknown-host"


def current_actor(login: str | None = None) -> Actor:
    """The actor for this process: an explicit login, else the operating-system user."""
    if not login:
        try:
            login = getpass.getuser()
        except (KeyError, OSError):
            login = "unknown"
    return Actor(login=login, origin=_host_name())


def record(
    session: Session,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: int | None = None,
    *,
    result: str = "success",
    reason: str | None = None,
) -> AuditEvent:
    """Add an audit event to the caller's unit of work (it commits with the change)."""
    event = AuditEvent(
        actor=actor.login,
        origin=actor.origin,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        result=result,
        reason=reason,
    )
    session.add(event)
    return event


# --- reading the log (team lead, admin) ----------------------------------------------------

#: At most this many events per page of the audit-log screen or ``srmatch audit list``.
MAX_EVENTS = 10_000


@dataclass(frozen=True)
class AuditFilter:
    """What to look for in the audit log; every field is optional."""

    actor: str | None = None
    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    result: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


@dataclass(frozen=True)
class AuditRow:
    """One line of the audit log as the screen and the CLI show it (no personal data)."""

    id: int
    occurred_at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str | None
    result: str
    origin: str
    reason: str | None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["occurred_at"] = self.occurred_at.isoformat()
        return data


@dataclass(frozen=True)
class AuditPage:
    """A page of events, newest first, and how many match the filter in all."""

    rows: tuple[AuditRow, ...]
    total: int


def _conditions(criteria: AuditFilter) -> list[Any]:
    conditions: list[Any] = []
    if criteria.actor:
        conditions.append(col(AuditEvent.actor) == criteria.actor)
    if criteria.action:
        action = criteria.action
        # "person" finds person.export and person.erase; "person.erase" only that action.
        conditions.append(or_(col(AuditEvent.action) == action, col(AuditEvent.action).startswith(f"{action}.")))
    if criteria.object_type:
        conditions.append(col(AuditEvent.object_type) == criteria.object_type)
    if criteria.object_id:
        conditions.append(col(AuditEvent.object_id) == criteria.object_id)
    if criteria.result:
        conditions.append(col(AuditEvent.result) == criteria.result)
    if criteria.since:
        conditions.append(col(AuditEvent.occurred_at) >= dt.datetime.combine(criteria.since, dt.time.min, tzinfo=dt.UTC))
    if criteria.until:
        day_after = criteria.until + dt.timedelta(days=1)
        conditions.append(col(AuditEvent.occurred_at) < dt.datetime.combine(day_after, dt.time.min, tzinfo=dt.UTC))
    return conditions


def list_events(
    engine: Engine, actor: Actor, criteria: AuditFilter | None = None, *, limit: int = 200, audit_view: bool = True
) -> AuditPage:
    """Events matching ``criteria``, newest first (team lead or admin); the reading is audited.

    The role is checked on every call. ``audit_view=False`` skips the ``audit.view`` event for a
    refinement of a reading already audited (the screen filters as you type: one event for
    opening the screen, not one per keystroke).
    """
    from srmatch.services.access import PRIVACY_ROLES, require_role

    criteria = criteria or AuditFilter()
    if not 1 <= limit <= MAX_EVENTS:
        raise InvalidRequest(t("error.events_limit", maximum=MAX_EVENTS, limit=limit))
    conditions = _conditions(criteria)
    with session_scope(engine) as session:
        require_role(session, actor, PRIVACY_ROLES, action="audit.view", object_type="audit_log")
        if audit_view:
            record(session, actor, "audit.view", "audit_log", None, reason=_describe(criteria))
            session.flush()
        total = int(session.exec(select(func.count()).select_from(AuditEvent).where(*conditions)).one())
        events = session.exec(
            select(AuditEvent)
            .where(*conditions)
            .order_by(col(AuditEvent.occurred_at).desc(), col(AuditEvent.id).desc())
            .limit(limit)
        ).all()
        rows = tuple(
            AuditRow(
                id=event.id or 0,
                occurred_at=event.occurred_at,
                actor=event.actor,
                action=event.action,
                object_type=event.object_type,
                object_id=event.object_id,
                result=event.result,
                origin=event.origin,
                reason=event.reason,
            )
            for event in events
        )
        return AuditPage(rows=rows, total=total)


def _describe(criteria: AuditFilter) -> str | None:
    """The filter, for the audit event of reading the log (names of fields and values)."""
    parts = [f"{name}={value}" for name, value in asdict(criteria).items() if value]
    return " ".join(parts) or None


# --- retention of the log itself -------------------------------------------------------------


@dataclass(frozen=True)
class AuditPurgeReport:
    """Outcome of purging the audit log: the cutoff and how many events went (or would go)."""

    retention_months: int
    cutoff: dt.date
    due: int
    deleted: int
    dry_run: bool

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["cutoff"] = self.cutoff.isoformat()
        return data


def purge_audit_log(
    engine: Engine,
    actor: Actor,
    retention_months: int | None = None,
    *,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> AuditPurgeReport:
    """Delete events older than the retention period (team lead or admin).

    The only way an event ever leaves: the database guard lets a DELETE through only for
    events older than ``audit_retention.purge_before``, which this function moves forward.
    """
    from srmatch.config import load_retention_settings
    from srmatch.services.access import PRIVACY_ROLES, require_role
    from srmatch.services.privacy import months_before

    months = retention_months if retention_months is not None else load_retention_settings().audit_log_months
    if months < 1:
        raise InvalidRequest(t("error.audit_months", months=months))
    cutoff = months_before(today or dt.date.today(), months)
    moment = dt.datetime.combine(cutoff, dt.time.min, tzinfo=dt.UTC)
    with session_scope(engine) as session:
        require_role(session, actor, PRIVACY_ROLES, action="audit.purge", object_type="audit_log")
        old = col(AuditEvent.occurred_at) < moment
        due = int(session.exec(select(func.count()).select_from(AuditEvent).where(old)).one())
        deleted = 0
        if not dry_run and due:
            window = session.get(AuditRetention, 1) or AuditRetention(id=1)
            window.purge_before = moment
            window.updated_at = utc_now()
            session.add(window)
            session.flush()
            outcome: CursorResult[Any] = session.execute(delete(AuditEvent).where(old))  # type: ignore[assignment]
            deleted = outcome.rowcount or 0
        record(
            session,
            actor,
            "audit.purge",
            "audit_log",
            None,
            result="dry_run" if dry_run else "success",
            reason=f"retention_months={months} cutoff={cutoff.isoformat()} due={due} deleted={deleted}",
        )
        return AuditPurgeReport(retention_months=months, cutoff=cutoff, due=due, deleted=deleted, dry_run=dry_run)
