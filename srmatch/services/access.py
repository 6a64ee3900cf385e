"""Who may do what: role checks that every use case runs in the service, not only in a screen.

A refusal is itself audited (result ``denied``) and committed before the error is raised, so
it survives the use case's rollback.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, select

from srmatch.errors import UserFacingError
from srmatch.i18n import t
from srmatch.services import audit
from srmatch.services.audit import Actor
from srmatch.store.models import Role, User

#: Who may export, erase and purge a person's data, and read or purge the audit log.
PRIVACY_ROLES: tuple[str, ...] = (Role.TEAM_LEAD.value, Role.ADMIN.value)


class PermissionDenied(UserFacingError):
    """The actor's role does not allow this use case."""


def role_of(session: Session, actor: Actor) -> str | None:
    """The role of the actor's active user account, or None when srmatch does not know them."""
    user = session.exec(select(User).where(User.login == actor.login)).first()
    if user is None or not user.active:
        return None
    return user.role


def require_role(
    session: Session,
    actor: Actor,
    roles: Sequence[str],
    *,
    action: str,
    object_type: str,
    object_id: str | int | None = None,
) -> str:
    """The actor's role when it is one of ``roles``; otherwise audit the refusal and raise."""
    role = role_of(session, actor)
    if role is not None and role in roles:
        return role
    audit.record(session, actor, action, object_type, object_id, result="denied")
    session.commit()
    allowed = ", ".join(t(f"access.role.{name}") for name in roles)
    if role is None:
        raise PermissionDenied(t("access.error.unknown_user", login=actor.login, roles=allowed))
    raise PermissionDenied(t("access.error.denied", login=actor.login, role=t(f"access.role.{role}"), roles=allowed))
