"""Audit trail (BIO 8.15.01): who did what to which object, with what result, from where.

An event never holds the personal data itself: only ids, action names and reasons.
"""

from __future__ import annotations

import getpass
import socket
from dataclasses import dataclass
from functools import lru_cache

from sqlmodel import Session

from srmatch.store.models import AuditEvent


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
    object_id: str | int | None = None,
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
