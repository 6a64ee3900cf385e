"""Schema versions: upgrade older databases (after a backup), refuse newer ones.

Alembic owns the schema from the first version on. The app never calls
``create_all``: a new database is built by running every migration, so a database made
by any released version upgrades along the same path.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from srmatch.i18n import t
from srmatch.store.engine import make_engine, sqlite_path
from srmatch.store.errors import BackupFailed, DatabaseTooNew, DatabaseUnavailable

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_REVISION_LINE = re.compile(r"^(down_revision|revision): [^=]*= '(\w+)'", re.MULTILINE)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "srmatch ships at least one migration"
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


@dataclass(frozen=True)
class SchemaState:
    """Where a database stands relative to this version of srmatch."""

    current: str | None
    head: str
    status: str  # "empty", "current", "older", "newer", "foreign"

    @property
    def needs_upgrade(self) -> bool:
        return self.status in ("empty", "older")


@cache
def shipped_head() -> str | None:
    """The newest revision, read from the migration files' ``revision``/``down_revision``
    lines without importing Alembic or the migrations (what every command checks first);
    None when the files do not read as one chain (then Alembic decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict(_REVISION_LINE.findall(script.read_text(encoding="utf-8")))
        if "revision" not in found:
            return None
        revisions.add(found["revision"])
        if "down_revision" in found:
            parents.add(found["down_revision"])
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 else None


def _at_shipped_head(engine: Engine) -> bool:
    """True when the database says it is at the newest revision (one cheap query)."""
    head = shipped_head()
    if head is None:
        return False
    try:
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:
        return False  # no version table (a new or a foreign database): the full check says which
    return list(versions) == [head]


def schema_state(engine: Engine) -> SchemaState:
    from alembic.runtime.migration import MigrationContext

    head = head_revision()
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            tables = set(inspect(connection).get_table_names())
    except DBAPIError as error:
        raise DatabaseUnavailable(describe_db_error(error)) from error
    if current is None:
        status = "foreign" if tables - {"alembic_version"} else "empty"
    elif current == head:
        status = "current"
    elif current in known_revisions():
        status = "older"
    else:
        status = "newer"
    return SchemaState(current=current, head=head, status=status)


def describe_db_error(error: DBAPIError) -> str:
    """One line for a driver error: locked, not a database, unreachable server…"""
    message = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    lowered = message.lower()
    if "locked" in lowered:
        return t("store.error.locked")
    if "not a database" in lowered or "malformed" in lowered:
        return t("store.error.damaged")
    return t("store.error.database", message=message)


def backup_database(engine: Engine, destination: Path | None = None) -> Path:
    """Copy a SQLite database consistently (online backup API); return the copy's path.

    Without ``destination`` the copy goes beside the original (``<name>.backup-<stamp>``); a
    destination that is a folder gets that name inside it. The copy holds personal data, so
    its file is created with mode 0600 before a single byte is written (never world-readable,
    whatever the umask), and a failed copy is removed. Every failure is a :class:`BackupFailed`
    with one line that names the file.
    """
    source = sqlite_path(str(engine.url))
    if source is None:
        raise BackupFailed(t("store.error.backup_sqlite_only"))
    if not source.is_file():
        raise BackupFailed(t("store.error.backup_no_source", source=source))
    name = f"{source.name}.backup-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}"
    if destination is None:
        destination = source.with_name(name)
    destination = Path(destination)
    if destination.is_dir():
        destination = destination / name
    if not destination.parent.is_dir():
        raise BackupFailed(t("store.error.backup_no_folder", folder=destination.parent))
    try:
        descriptor = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupFailed(t("store.error.backup_exists", destination=destination)) from None
    except OSError as error:
        raise BackupFailed(t("store.error.backup_write", destination=destination, reason=error.strerror or error)) from error
    os.close(descriptor)
    source_connection: sqlite3.Connection | None = None
    copy_connection: sqlite3.Connection | None = None
    try:
        source_connection = sqlite3.connect(source)
        copy_connection = sqlite3.connect(destination)
        source_connection.backup(copy_connection)
    except sqlite3.Error as error:
        _close(copy_connection)
        copy_connection = None
        _remove_partial_copy(destination)
        raise BackupFailed(t("store.error.backup_failed", source=source, destination=destination, reason=error)) from error
    finally:
        _close(source_connection)
        _close(copy_connection)
    return destination


def _close(connection: sqlite3.Connection | None) -> None:
    if connection is not None:
        connection.close()


def _remove_partial_copy(destination: Path) -> None:
    for path in (destination, destination.with_name(destination.name + "-journal")):
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def upgrade(engine: Engine, *, backup: bool = True) -> Path | None:
    """Bring the schema to head; back up an existing SQLite database first.

    Returns the backup path when one was written. A database already at head costs one
    query (Alembic is only imported when there is something to check or do).
    """
    if _at_shipped_head(engine):
        return None
    state = schema_state(engine)
    if state.status == "newer":
        raise DatabaseTooNew(
            f"this database was made by a newer srmatch (schema {state.current}); "
            f"this version knows up to {state.head}. Update srmatch before opening it"
        )
    if state.status == "foreign":
        raise DatabaseUnavailable(t("store.error.foreign"))
    if state.status == "current":
        return None
    backup_path = None
    if backup and state.status == "older" and sqlite_path(str(engine.url)) is not None:
        backup_path = backup_database(engine)
    from alembic import command

    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except DBAPIError as error:
        raise DatabaseUnavailable(describe_db_error(error)) from error
    return backup_path


def open_database(url: str, *, upgrade_schema: bool = True) -> Engine:
    """Engine for ``url`` with the schema at head (upgrading an older one after a backup)."""
    engine = make_engine(url)
    if upgrade_schema:
        upgrade(engine)
    else:
        state = schema_state(engine)
        if state.status == "newer":
            raise DatabaseTooNew(t("store.error.newer_short", schema=state.current))
    return engine


@dataclass(frozen=True)
class CheckReport:
    """Outcome of ``srmatch db check``."""

    ok: bool
    problems: tuple[str, ...]
    state: SchemaState


def check_database(engine: Engine) -> CheckReport:
    """Integrity check (SQLite) or a connectivity probe (PostgreSQL), plus the schema version."""
    state = schema_state(engine)
    problems: list[str] = []
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                rows = connection.execute(text("PRAGMA integrity_check")).scalars().all()
                problems.extend(row for row in rows if row != "ok")
                fk_rows = connection.execute(text("PRAGMA foreign_key_check")).all()
                problems.extend(f"foreign key broken in {row[0]} row {row[1]}" for row in fk_rows)
            else:
                connection.execute(text("SELECT 1"))
    except DBAPIError as error:
        problems.append(describe_db_error(error))
    if state.status in ("newer", "foreign"):
        problems.append(f"schema status: {state.status}")
    return CheckReport(ok=not problems, problems=tuple(problems), state=state)
