"""Role checks for the privacy use cases, with the refusal written to the audit log.

The check itself is :func:`srmatch.services.users.require_role` (one rule for every service);
this wrapper adds what accountability needs here: a refused attempt to export, erase, purge or
read the audit log is itself an audit event (result ``refused``), committed before the error
is raised so that it survives the use case's rollback.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine
from sqlmodel import Session

from srmatch.errors import UserFacingError
from srmatch.services import audit, users
from srmatch.services.audit import Actor
from srmatch.services.users import PermissionDenied, UnknownUser
from srmatch.store.models import Role

__all__ = ["PRIVACY_ROLES", "PermissionDenied", "UnknownUser", "require_role"]

#: Who may export, erase and purge a person's data, and read or purge the audit log.
PRIVACY_ROLES: tuple[str, ...] = (Role.TEAM_LEAD.value, Role.ADMIN.value)


def require_role(
    session: Session,
    actor: Actor,
    roles: Sequence[str],
    *,
    action: str,
    object_type: str,
    object_id: int | None = None,
) -> None:
    """Pass when the actor holds one of ``roles``; otherwise audit the refusal and raise.

    A role-less actor (the app's ``current_actor``) is looked up in the register first.
    """
    try:
        engine = session.get_bind()
        assert isinstance(engine, Engine)
        users.require_role(users.registered(engine, actor), *roles)
    except UserFacingError as error:
        audit.record(session, actor, action, object_type, object_id, result="refused", reason=str(error))
        session.commit()
        raise
