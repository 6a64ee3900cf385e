"""Restore a SQLite database from a backup copy, after checking the copy and saving the current one.

``srmatch db restore PATH`` (``srmatch.services.restore``) calls :func:`restore_database`.
Order of work, so nothing is lost whatever fails:

1. the copy is checked first — a SQLite file (not just any file), ``PRAGMA integrity_check``
   clean, srmatch's tables and a schema version this srmatch knows (not a newer one);
2. the current database is backed up beside itself (``*.backup-YYYYMMDD-HHMMSS``, 0600);
3. the copy's pages are written over the current database with SQLite's online backup API
   in one transaction (an interrupted restore leaves the current database as it was), and
   the file keeps its 0600 permissions;
4. an older schema is upgraded to this version.

PostgreSQL is restored with ``pg_restore`` (README, "PostgreSQL for a team").
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from srmatch.i18n import t
from srmatch.store.engine import make_engine, sqlite_path
from srmatch.store.errors import DatabaseUnavailable, StoreError
from srmatch.store.migrate import backup_database, head_revision, known_revisions, upgrade

SQLITE_HEADER = b"SQLite format 3\x00"
#: Tables every srmatch database has had since the first schema version.
SRMATCH_TABLES = frozenset({"alembic_version", "job_seeker", "vacancy", "organisation", "contract", "placement", "audit_event"})


class RestoreRefused(StoreError):
    """The file cannot be restored (not srmatch's, damaged, newer); the current database is untouched."""


@dataclass(frozen=True)
class BackupFile:
    """A checked backup copy: its schema version."""

    path: Path
    revision: str


@dataclass(frozen=True)
class RestoreResult:
    """What ``db restore`` did."""

    restored_from: Path
    previous_saved_to: Path | None
    revision_restored: str
    revision_now: str


def check_backup_file(path: Path) -> BackupFile:
    """Refuse anything but an intact srmatch SQLite database of a known schema version."""
    path = Path(path)
    if not path.is_file():
        raise RestoreRefused(t("restore.error.no_file", path=path))
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise RestoreRefused(t("restore.error.cannot_read", path=path, reason=error.strerror)) from error
    if header != SQLITE_HEADER:
        raise RestoreRefused(t("restore.error.not_sqlite", path=path))
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise RestoreRefused(t("restore.error.cannot_open", path=path, reason=error)) from error
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise RestoreRefused(t("restore.error.damaged", path=path, problem=problems[0]))
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not SRMATCH_TABLES <= tables:
            raise RestoreRefused(t("restore.error.foreign", path=path))
        found = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError as error:
        raise RestoreRefused(t("restore.error.not_database", path=path, reason=error)) from error
    finally:
        connection.close()
    if len(found) != 1:
        raise RestoreRefused(t("restore.error.no_schema", path=path))
    revision = str(found[0][0])
    if revision not in known_revisions():
        raise RestoreRefused(t("restore.error.newer", path=path, schema=revision, head=head_revision()))
    return BackupFile(path=path, revision=revision)


def restore_database(database_url: str, source: Path) -> RestoreResult:
    """Replace the SQLite database at ``database_url`` by the backup ``source`` (see the module docstring).

    A current database too damaged for SQLite's backup API is kept as a plain copy
    (``*.damaged-YYYYMMDD-HHMMSS``) and the restored file takes its place.
    """
    target = sqlite_path(database_url)
    if target is None:
        raise StoreError(t("restore.error.sqlite_only"))
    checked = check_backup_file(Path(source))
    if target.exists() and checked.path.resolve() == target.resolve():
        raise RestoreRefused(t("restore.error.itself"))
    previous: Path | None = None
    healthy = False
    if target.exists() and target.stat().st_size > 0:
        try:
            engine = make_engine(database_url)
            try:
                previous = backup_database(engine)
            finally:
                engine.dispose()
            healthy = True
        except StoreError:
            previous = _raw_copy(target)
    try:
        if healthy or not target.exists():
            if not target.exists():
                make_engine(database_url).dispose()  # creates the file with mode 0600
            try:
                with sqlite3.connect(f"file:{checked.path}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
                    src.backup(dst)
                dst.close()
                src.close()
            except sqlite3.DatabaseError:  # the current file is too damaged to be written over
                if previous is None or not healthy:
                    raise
                _replace_damaged(checked.path, target)
        else:
            _replace_damaged(checked.path, target)
    except sqlite3.Error as error:
        if previous:
            raise DatabaseUnavailable(t("restore.error.failed_kept", reason=error, previous=previous)) from error
        raise DatabaseUnavailable(t("restore.error.failed", reason=error)) from error
    target.chmod(0o600)
    restored = make_engine(database_url)
    try:
        upgrade(restored, backup=False)
    finally:
        restored.dispose()
    return RestoreResult(
        restored_from=checked.path, previous_saved_to=previous, revision_restored=checked.revision, revision_now=head_revision()
    )


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def _raw_copy(target: Path) -> Path:
    """Keep a damaged database (and its WAL) byte for byte, readable by the owner only."""
    copy = target.with_name(f"{target.name}.damaged-{_stamp()}")
    for suffix in ("", "-wal"):
        source = Path(f"{target}{suffix}")
        if source.exists():
            destination = Path(f"{copy}{suffix}")
            shutil.copyfile(source, destination)
            destination.chmod(0o600)
    return copy


def _replace_damaged(source: Path, target: Path) -> None:
    """Write the backup to a new file beside the target, then put it in the target's place."""
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".restore", dir=target.parent)
    os.close(fd)
    temp = Path(temp_name)
    try:
        temp.chmod(0o600)
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(temp) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        dst.close()
        src.close()
        for suffix in ("-wal", "-shm"):  # they belong to the damaged file, never to the restored one
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def backups_beside(database: Path) -> list[Path]:
    """Backup copies srmatch wrote beside ``database``, newest first."""
    if not database.parent.is_dir():
        return []
    copies = [path for path in database.parent.glob(f"{database.name}.backup-*") if path.is_file()]
    return sorted(copies, key=lambda path: path.stat().st_mtime, reverse=True)
