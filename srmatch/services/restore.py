"""Restore the database from a backup copy, and advise what to do about a damaged one.

The file work is in ``srmatch.store.restore``; this use case adds the audit event (written
into the restored database, so its log says when it was restored and from which file) and
the advice ``srmatch db check`` prints when a file is damaged.
"""

from __future__ import annotations

from pathlib import Path

from srmatch.i18n import t
from srmatch.services import audit
from srmatch.services.audit import Actor
from srmatch.store.engine import session_scope, sqlite_path
from srmatch.store.migrate import open_database
from srmatch.store.restore import RestoreResult, backups_beside, restore_database


def restore(database_url: str, source: Path, actor: Actor) -> RestoreResult:
    """Replace the database by ``source`` (checked first; the current one is backed up first).

    Takes a URL, not an engine: the current database may be too damaged to open.
    """
    result = restore_database(database_url, Path(source))
    restored = open_database(database_url)
    try:
        with session_scope(restored) as session:
            saved = f"; previous database saved to {result.previous_saved_to.name}" if result.previous_saved_to else ""
            audit.record(session, actor, "db.restore", "database", None,
                         reason=f"restored from {result.restored_from.name} (schema {result.revision_restored}){saved}")
    finally:
        restored.dispose()
    return result


def damage_advice(database_url: str) -> list[str]:
    """What to do about a damaged database, in steps, naming the newest backups found."""
    path = sqlite_path(database_url)
    if path is None:
        return [t("restore.advice.postgres")]
    lines = [t("restore.advice.close")]
    copies = backups_beside(path)
    if copies:
        lines.append(t("restore.advice.restore", command=f"srmatch --db {path} db restore {copies[0]}"))
        lines.extend(f"    {copy}" for copy in copies[1:4])
    else:
        lines.append(t("restore.advice.no_backup", folder=path.parent))
    lines.append(t("restore.advice.recover", path=path, recovered=path.with_name(path.stem + "-recovered.db")))
    return lines
