"""The error policy: what a user caused is one line; a bug is one line plus its traceback in crash.log.

The same words reach the user in the CLI and in the terminal app; the app keeps srmatch.log in
the data folder. (docs/architecture.md, "Errors".)
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from textual.worker import WorkerFailed

from srmatch.app import SrmatchApp
from srmatch.cli import main
from srmatch.config import data_dir, load_settings
from srmatch.errors import InvalidRequest, NotFound
from srmatch.logs import describe_failure
from srmatch.services import records
from srmatch.store import engine as engine_module
from srmatch.store.migrate import open_database
from tests.factories import add_sample_records


def crash_log() -> Path:
    return data_dir() / "crash.log"


@pytest.fixture
def sample_db(tmp_path: Path) -> str:
    engine = open_database(f"sqlite:///{tmp_path / 'team.db'}")
    add_sample_records(engine)
    engine.dispose()
    return str(tmp_path / "team.db")


def test_user_errors_and_environment_are_not_bugs_everything_else_is() -> None:
    assert describe_failure(NotFound("no job seeker with client number 'KL1'")).is_bug is False
    assert describe_failure(InvalidRequest("the number of rows must be between 1 and 10000, not 0")).is_bug is False
    locked = OperationalError("INSERT …", {}, sqlite3.OperationalError("database is locked"))
    assert describe_failure(locked).message == "the database is locked by another program; close it and try again"
    assert describe_failure(locked).is_bug is False
    assert describe_failure(FileNotFoundError(2, "No such file or directory", "/x.csv")).message == "No such file or directory: /x.csv"
    duplicate = IntegrityError("INSERT …", {}, sqlite3.IntegrityError("UNIQUE constraint failed: job_seeker.client_number"))
    assert describe_failure(duplicate).is_bug is True  # a service should have said so in words
    assert describe_failure(ValueError("invalid literal for int()")).is_bug is True
    assert describe_failure(KeyError("participatiewet")).message == "KeyError: 'participatiewet'"


def test_a_bug_in_a_command_is_one_line_and_its_traceback_goes_to_crash_log(
    capsys: pytest.CaptureFixture[str], sample_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("unexpected row shape")  # a plain ValueError is a bug, not a user error

    monkeypatch.setattr(records, "list_seekers", broken)
    monkeypatch.setattr(records, "search_seekers", broken)
    assert main(["--db", sample_db, "seekers", "list"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == (
        "srmatch: error: unexpected error, please report it: ValueError: unexpected row shape "
        f"(details in {crash_log()})"
    )
    log = crash_log().read_text(encoding="utf-8")
    assert "srmatch seekers list: ValueError" in log and "Traceback (most recent call last)" in log
    assert 'raise ValueError("unexpected row shape")' in log
    assert oct(crash_log().stat().st_mode & 0o777) == oct(0o600)


def test_a_user_error_writes_no_crash_log(capsys: pytest.CaptureFixture[str], sample_db: str) -> None:
    assert main(["--db", sample_db, "seekers", "show", "KL0000404"]) == 1
    assert capsys.readouterr().err.strip() == "srmatch: error: no job seeker with client number 'KL0000404'"
    with pytest.raises(SystemExit) as usage:  # argparse: a usage error, exit code 2
        main(["--db", sample_db, "seekers", "list", "--limit", "0"])
    assert usage.value.code == 2
    assert not crash_log().exists()


def test_a_locked_database_is_one_line_without_crash_log(
    capsys: pytest.CaptureFixture[str], sample_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(sample_db)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert main(["--db", sample_db, "seekers", "show", "KL0000001"]) == 1
    finally:
        holder.rollback()
        holder.close()
    assert capsys.readouterr().err.strip() == (
        "srmatch: error: the database is locked by another program; close it and try again"
    )
    assert not crash_log().exists()


async def test_the_app_logs_to_a_file_and_reports_a_bug_in_the_words_of_the_cli(
    sample_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("list query broke")

    monkeypatch.setattr(records, "search_seekers", broken)
    monkeypatch.setattr(records, "list_seekers", broken)
    engine: Engine = open_database(f"sqlite:///{sample_db}")
    app = SrmatchApp(settings=load_settings(db_path=sample_db, user="km.pilot"), engine=engine)
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await pilot.press("s")
            with contextlib.suppress(WorkerFailed):
                await app.workers.wait_for_complete()
            await pilot.pause()
            toasts = [str(toast.render()) for toast in app.screen.query("Toast")]
    finally:
        engine.dispose()
    expected = f"unexpected error, please report it: RuntimeError: list query broke (details in {crash_log()})"
    assert any(expected in " ".join(text.split()) for text in toasts), toasts
    assert "RuntimeError: list query broke" in crash_log().read_text(encoding="utf-8")
    app_log = (data_dir() / "srmatch.log").read_text(encoding="utf-8")
    assert "opened team.db" in app_log
    assert "unexpected error" in app_log and "Traceback" in app_log
