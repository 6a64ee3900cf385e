"""The one door from the user interface into the services: a database and an actor, bound.

Screens never hold an SQLAlchemy ``Engine`` or a session. They get a :class:`Services` object
(through the app's context, see ``srmatch.screens.context``) and ask it to run a service
function: ``services.run(records.list_seekers, "celik", limit=201)`` calls
``records.list_seekers(engine, "celik", limit=201)``. The engine stays in here, the actor
travels with it, and every service function keeps the plain ``(engine, ...)`` signature the CLI
uses too, so helpers add use cases without touching this class.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy import Engine

from srmatch.services.audit import Actor

P = ParamSpec("P")
R = TypeVar("R")


class Services:
    """Service functions bound to one database and the person working in it."""

    def __init__(self, engine: Engine, actor: Actor, *, database_label: str = "") -> None:
        self._engine = engine
        self.actor = actor
        #: What the header shows about the database: a file name or ``host/name`` (no password).
        self.database_label = database_label or describe_database(engine)

    def run(self, function: Callable[Concatenate[Engine, P], R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        """Call ``function(engine, *args, **kwargs)``: a use case of ``srmatch.services``.

        Runs in the caller's thread; screens call it from their thread workers.
        """
        return function(self._engine, *args, **kwargs)


def describe_error(error: BaseException | None) -> str:
    """One line for a failure, in the words the CLI uses (not "(sqlite3.OperationalError) …").

    Screens call this once per failure they show: a bug (anything but a
    :class:`~srmatch.errors.UserFacingError`, a locked or unreachable database or an unreadable
    file) also gets its traceback written to ``crash.log`` and the app log (``srmatch.logs``).
    """
    from srmatch.logs import report_failure

    if error is None:
        return ""
    return report_failure(error, where="srmatch app")


def describe_database(engine: Engine) -> str:
    """A file name for SQLite, ``host/database`` for a server; never a password."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        database = url.database or ":memory:"
        return database.replace("\\", "/").rsplit("/", 1)[-1]
    return f"{url.host or 'localhost'}/{url.database or ''}"
