"""IT restores a backup: checked first, the current database saved first, nothing else accepted."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, select

from srmatch.cli import main
from srmatch.services.audit import Actor
from srmatch.services.importing import import_file
from srmatch.services.restore import restore
from srmatch.store.engine import make_engine, session_scope
from srmatch.store.errors import StoreError
from srmatch.store.migrate import alembic_config, backup_database, head_revision, open_database
from srmatch.store.models import AuditEvent, JobSeeker
from srmatch.store.restore import RestoreRefused
from srmatch.matching.resources import data_path

ADMIN = Actor(login="it.beheer", origin="test-host", role="admin")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "srmatch.db"


def _names(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute("SELECT client_number FROM job_seeker")}


def _fill(path: Path) -> Engine:
    engine = open_database(f"sqlite:///{path}")
    import_file(engine, "seekers", data_path("samples") / "seekers.csv", ADMIN)
    return engine


def test_restore_brings_the_backup_back_and_keeps_the_current_database(db: Path, tmp_path: Path) -> None:
    engine = _fill(db)
    backup = backup_database(engine, tmp_path / "monday.db")
    with session_scope(engine) as session:
        session.execute(JobSeeker.__table__.delete().where(JobSeeker.__table__.c.client_number == "VB-0001"))  # type: ignore[attr-defined]
    engine.dispose()
    assert "VB-0001" not in _names(db)
    result = restore(f"sqlite:///{db}", backup, ADMIN)
    assert "VB-0001" in _names(db)
    assert result.previous_saved_to is not None and "VB-0001" not in _names(result.previous_saved_to)
    assert stat.S_IMODE(db.stat().st_mode) == 0o600 and stat.S_IMODE(result.previous_saved_to.stat().st_mode) == 0o600
    with session_scope(make_engine(f"sqlite:///{db}")) as session:
        (event,) = session.execute(select(AuditEvent).where(AuditEvent.action == "db.restore")).scalars()
    assert "monday.db" in (event.reason or "") and event.actor == "it.beheer"


@pytest.mark.parametrize("kind", ["text", "foreign", "damaged", "newer"])
def test_restore_refuses_what_is_not_an_intact_srmatch_database_and_changes_nothing(db: Path, tmp_path: Path, kind: str) -> None:
    _fill(db).dispose()
    before = _names(db)
    bad = tmp_path / f"{kind}.db"
    if kind == "text":
        bad.write_text("client_number,display_name\n", encoding="utf-8")
    elif kind == "foreign":
        with sqlite3.connect(bad) as connection:
            connection.execute("CREATE TABLE notes (x)")
    else:
        backup_database(open_database(f"sqlite:///{db}"), bad)
        if kind == "newer":
            with sqlite3.connect(bad) as connection:
                connection.execute("UPDATE alembic_version SET version_num = '9999'")
        else:
            data = bytearray(bad.read_bytes())
            page = 4096
            for offset in range(2 * page, len(data) - page, page):
                data[offset : offset + 64] = b"\xff" * 64
            bad.write_bytes(bytes(data))
    with pytest.raises(RestoreRefused) as error:
        restore(f"sqlite:///{db}", bad, ADMIN)
    expected = {"text": "not an srmatch database", "foreign": "not an srmatch database", "damaged": "damaged", "newer": "newer srmatch"}
    assert expected[kind] in str(error.value) and "Nothing was changed" in str(error.value).replace("nothing", "Nothing")
    assert _names(db) == before
    assert not list(tmp_path.glob("srmatch.db.backup-*"))


def test_an_older_backup_is_upgraded_after_the_restore(db: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{old}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()
    _fill(db).dispose()
    result = restore(f"sqlite:///{db}", old, ADMIN)
    assert (result.revision_restored, result.revision_now) == ("0001", head_revision())
    assert _names(db) == set()


def test_a_database_that_is_no_longer_sqlite_is_kept_aside_and_replaced(db: Path, tmp_path: Path) -> None:
    engine = _fill(db)
    backup = backup_database(engine, tmp_path / "good.db")
    engine.dispose()
    db.write_bytes(b"\x00garbage" * 1000)
    result = restore(f"sqlite:///{db}", backup, ADMIN)
    assert "VB-0001" in _names(db)
    assert result.previous_saved_to is not None and result.previous_saved_to.read_bytes().startswith(b"\x00garbage")


def test_postgres_is_restored_with_pg_restore() -> None:
    with pytest.raises(StoreError, match="pg_restore"):
        restore("postgresql+psycopg://nobody@127.0.0.1:1/none", Path("x.db"), ADMIN)


def test_cli_restore_and_db_check_advice_for_a_damaged_file(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    engine = _fill(db)
    backup = backup_database(engine, db.with_name("srmatch.db.backup-20261201-090000"))
    engine.dispose()
    assert main(["--db", str(db), "db", "check"]) == 0
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page
    db.write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["--db", str(db), "db", "check"]) == 1
    out = capsys.readouterr().out
    assert "What to do" in out and f"db restore {backup}" in out and ".recover" in out
    assert main(["--db", str(db), "db", "restore", str(backup)]) == 0
    assert "Restored from" in capsys.readouterr().out
    assert main(["--db", str(db), "db", "check"]) == 0
    assert main(["--db", str(db), "db", "restore", str(tmp_path / "missing.db")]) == 1
