"""Who may do what: registered users, their roles, and the one role check every service uses.

The person at the keyboard is identified by a login (``--user``, ``SRMATCH_USER``, the config
file, else the operating-system login) and must be registered in the database with a role
(DESIGN.md §3): ``caseworker``, ``team_lead``, ``account_manager`` or ``admin``.

Bootstrapping a fresh install: while the database has **no** registered user at all, whoever
opens it acts as admin (``Actor.bootstrap``) so that they can register people; the first
person registered must be an admin (usually themselves), so nobody locks themselves out.
From then on an unknown or deactivated login gets a clear message naming the command an
admin runs to register it.

Services call :func:`require_role` with an actor from :func:`resolve_actor`; it is strict:
a role only passes when it is listed (an admin manages users, but does not approve
placements unless ``admin`` is listed too — separation of duties).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from srmatch.errors import UserFacingError
from srmatch.i18n import t
from srmatch.services import audit
from srmatch.services.audit import Actor, current_actor
from srmatch.store.engine import session_scope
from srmatch.store.models import Role, User

ROLES: tuple[str, ...] = tuple(role.value for role in Role)
_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")


class UnknownUser(UserFacingError):
    """The login is not registered (or no longer active) in this database."""


class PermissionDenied(UserFacingError):
    """The actor's role does not allow this action."""


class InvalidUser(UserFacingError):
    """A login, role or name that cannot be registered."""


@dataclass(frozen=True)
class UserRow:
    """A registered user as lists and the CLI show it."""

    login: str
    display_name: str
    role: str
    active: bool

    def to_json(self) -> dict[str, Any]:
        return {"login": self.login, "display_name": self.display_name, "role": self.role, "active": self.active}


def normalise_login(login: str) -> str:
    """Logins compare case-insensitively (Windows reports ``KJansen``, the register says ``kjansen``)."""
    return login.strip().lower()


def _row(user: User) -> UserRow:
    return UserRow(login=user.login, display_name=user.display_name, role=user.role, active=user.active)


def _count_users(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(User)).one())


def _find(session: Session, login: str) -> User | None:
    return session.exec(select(User).where(col(User.login) == normalise_login(login))).first()


def resolve_actor(engine: Engine, login: str | None = None) -> Actor:
    """The registered person behind ``login`` (default: the OS login), with their role.

    Raises :class:`UnknownUser` for a login that is not registered (or deactivated) while
    other users are; returns a bootstrap admin while nobody is registered yet.
    """
    base = current_actor(login)
    with session_scope(engine) as session:
        user = _find(session, base.login)
        if user is not None and user.active:
            return replace(base, login=user.login, role=user.role)
        if user is None and _count_users(session) == 0:
            return replace(base, role=Role.ADMIN.value, bootstrap=True)
    key = "users.error.inactive" if user is not None else "users.error.unknown"
    raise UnknownUser(t(key, login=base.login))


def registered(engine: Engine, actor: Actor) -> Actor:
    """``actor`` with its registered role: as it is when already resolved, else looked up.

    Lets a service accept the role-less ``Actor`` that ``audit.current_actor`` makes (the
    app, older callers) and still apply :func:`require_role` to the registered role.
    """
    return actor if actor.role is not None else resolve_actor(engine, actor.login)


def require_role(actor: Actor, *roles: str) -> None:
    """Raise :class:`PermissionDenied` unless the actor's registered role is one of ``roles``."""
    if actor.role is None:
        raise UnknownUser(t("users.error.unknown", login=actor.login))
    if actor.role not in roles:
        allowed = ", ".join(t(f"role.{role}") for role in roles)
        raise PermissionDenied(
            t("users.error.role", login=actor.login, role=t(f"role.{actor.role}"), allowed=allowed)
        )


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidUser(t("users.error.bad_role", role=role, roles=", ".join(ROLES)))
    return role


def _refuse(engine: Engine, actor: Actor, action: str, login: str, error: UserFacingError) -> UserFacingError:
    """Write the refusal to the audit log (its own transaction) and hand the error back."""
    with session_scope(engine) as session:
        audit.record(session, actor, action, "app_user", None, result="refused", reason=str(error))
    return error


def add_user(engine: Engine, actor: Actor, login: str, role: str, display_name: str | None = None) -> UserRow:
    """Register a person (admin only; while nobody is registered the first must be an admin)."""
    clean = normalise_login(login)
    try:
        require_role(actor, Role.ADMIN.value)
        if not _LOGIN.match(clean):
            raise InvalidUser(t("users.error.bad_login", login=login))
        _check_role(role)
        name = (display_name or "").strip() or clean
        if len(name) > 120:
            raise InvalidUser(t("users.error.long_name"))
        with session_scope(engine) as session:
            if _find(session, clean) is not None:
                raise InvalidUser(t("users.error.exists", login=clean))
            if _count_users(session) == 0 and role != Role.ADMIN.value:
                raise InvalidUser(t("users.error.first_admin", login=normalise_login(actor.login)))
            user = User(login=clean, display_name=name, role=role)
            session.add(user)
            session.flush()
            audit.record(session, actor, "user.add", "app_user", user.id, reason=f"role={role}")
            return _row(user)
    except UserFacingError as error:
        raise _refuse(engine, actor, "user.add", clean, error) from None


def set_role(engine: Engine, actor: Actor, login: str, role: str) -> UserRow:
    """Give a registered person another role (admin only; the last admin keeps the role)."""
    clean = normalise_login(login)
    try:
        require_role(actor, Role.ADMIN.value)
        _check_role(role)
        with session_scope(engine) as session:
            user = _find(session, clean)
            if user is None:
                raise UnknownUser(t("users.error.unknown", login=clean))
            if user.role == Role.ADMIN.value and role != Role.ADMIN.value:
                admins = session.exec(
                    select(func.count()).select_from(User).where(
                        col(User.role) == Role.ADMIN.value, col(User.active).is_(True)
                    )
                ).one()
                if int(admins) <= 1:
                    raise InvalidUser(t("users.error.last_admin", login=clean))
            previous = user.role
            user.role = role
            session.add(user)
            audit.record(session, actor, "user.set_role", "app_user", user.id, reason=f"{previous}->{role}")
            return _row(user)
    except UserFacingError as error:
        raise _refuse(engine, actor, "user.set_role", clean, error) from None


def list_users(engine: Engine) -> list[UserRow]:
    """Every registered user, by login."""
    with session_scope(engine) as session:
        return [_row(user) for user in session.exec(select(User).order_by(col(User.login))).all()]


def display_names(engine: Engine) -> dict[str, str]:
    """Login → display name, for screens that show who did something."""
    return {row.login: row.display_name for row in list_users(engine)}
