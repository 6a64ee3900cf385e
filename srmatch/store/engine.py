"""Engine factory and session scope for SQLite (default) and PostgreSQL.

SQLite gets WAL, foreign keys and a busy timeout on every connection, and a new
database file is created with mode 0600 because it holds personal data.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlmodel import Session, create_engine

from srmatch.i18n import t
from srmatch.store.errors import DatabaseUnavailable

BUSY_TIMEOUT_MS = 5000


def sqlite_url(path: Path | str) -> str:
    """SQLAlchemy URL of a SQLite file."""
    return f"sqlite:///{Path(path)}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _prepare_sqlite_file(path: Path) -> None:
    """Create the file with 0600 permissions, or explain why it cannot be used."""
    if path.is_dir():
        raise DatabaseUnavailable(t("store.error.folder", path=path))
    if not path.parent.is_dir():
        raise DatabaseUnavailable(t("store.error.no_folder", folder=path.parent))
    if not path.exists():
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return
        except OSError as error:
            raise DatabaseUnavailable(t("store.error.cannot_create", path=path, reason=error.strerror)) from error
        os.close(fd)
        return
    if not os.access(path, os.R_OK):
        raise DatabaseUnavailable(t("store.error.cannot_read", path=path))
    with path.open("rb") as handle:
        header = handle.read(16)
    if header and header != b"SQLite format 3\x00":
        raise DatabaseUnavailable(t("store.error.not_sqlite", path=path))


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine for ``url``; raise DatabaseUnavailable with a plain reason."""
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise DatabaseUnavailable(t("store.error.bad_url", url=repr(url))) from error
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            _prepare_sqlite_file(path)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        try:
            return create_engine(url, pool_pre_ping=True)
        except ModuleNotFoundError as error:
            raise DatabaseUnavailable(
                t("store.error.no_postgres")
            ) from error
    raise DatabaseUnavailable(t("store.error.unsupported", backend=repr(backend)))


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back everything on any error."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
