"""The command line as a script writer and a caseworker use it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from srmatch import __version__
from srmatch.cli import main
from srmatch.store import engine as engine_module
from srmatch.store.engine import session_scope
from srmatch.store.migrate import open_database
from srmatch.store.models import AuditEvent, JobSeeker
from tests.factories import add_sample_records


@pytest.fixture
def sample_db(database_url: str) -> str:
    engine = open_database(database_url)
    add_sample_records(engine)
    engine.dispose()
    return database_url


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


@pytest.mark.parametrize(
    "command",
    [[], ["demo"], ["seekers"], ["seekers", "list"], ["seekers", "show"], ["vacancies", "list"], ["vacancies", "show"],
     ["db"], ["db", "upgrade"], ["db", "backup"], ["db", "check"], ["vocabulary", "import-esco"], ["vocabulary", "suggest"]],
)
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: srmatch" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [["frobnicate"], ["seekers"], ["seekers", "list", "--limit", "zero"], ["seekers", "list", "--limit", "0"],
     ["demo", "--seekers", "-5"], ["vocabulary", "suggest", "--top", "0", "x"], ["--lang", "fr", "seekers", "list"]],
)
def test_bad_arguments_give_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 or err.splitlines()[0].startswith("usage:")
    assert "error:" in err


def test_missing_folder_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", "/nonexistent/dir/x.db", "demo", "--no-tui")
    assert code == 1
    assert err.strip() == "srmatch: error: folder /nonexistent/dir does not exist"


def test_junk_database_is_one_line_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(bytes(range(256)) * 20)
    code, _, err = run(capsys, "--db", str(junk), "seekers", "list")
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "not an srmatch database" in err
    assert junk.read_bytes() == bytes(range(256)) * 20


def test_locked_database_is_one_line_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "busy.db"
    open_database(f"sqlite:///{path}").dispose()
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = run(capsys, "--db", str(path), "db", "upgrade")
        code2, _, err2 = run(capsys, "--db", str(path), "seekers", "show", "KL0000001")
    finally:
        holder.rollback()
        holder.close()
    assert code == 0 or "locked" in err
    assert code2 == 1
    assert "locked" in err2
    assert len(err2.strip().splitlines()) == 1


def test_unreadable_file_is_one_line_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    directory = tmp_path / "a-folder.db"
    directory.mkdir()
    code, _, err = run(capsys, "--db", str(directory), "seekers", "list")
    assert code == 1
    assert "is a folder" in err


def test_seekers_list_filters_by_text_and_masks_contact(capsys: pytest.CaptureFixture[str], sample_db: str) -> None:
    code, out, _ = run(capsys, "--db", sample_db, "seekers", "list", "samira", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [row["client_number"] for row in rows] == ["KL0000001"]
    assert rows[0]["email"] == "s***@example.nl"
    assert "phone" not in rows[0]


def test_seekers_list_limit(capsys: pytest.CaptureFixture[str], sample_db: str) -> None:
    code, out, _ = run(capsys, "--db", sample_db, "seekers", "list", "--limit", "1", "--json")
    assert code == 0
    assert len(json.loads(out)) == 1


def test_seekers_list_table_in_dutch(capsys: pytest.CaptureFixture[str], sample_db: str) -> None:
    code, out, _ = run(capsys, "--db", sample_db, "--lang", "nl", "seekers", "list")
    assert code == 0
    assert out.splitlines()[0].split()[:2] == ["Klantnr.", "Naam"]
    assert "Participatiewet (bijstand)" in out


def test_seekers_show_is_audited(capsys: pytest.CaptureFixture[str], sample_db: str) -> None:
    code, out, _ = run(capsys, "--db", sample_db, "--user", "km.test", "seekers", "show", "KL0000001", "--json")
    assert code == 0
    detail = json.loads(out)
    assert detail["display_name"] == "Samira el Amrani"
    assert detail["caseworker"] == "Karin Jansen"
    engine = open_database(sample_db)
    with session_scope(engine) as session:
        events = session.execute(select(AuditEvent)).scalars().all()
        assert [(e.actor, e.action, e.result) for e in events] == [("km.test", "seeker.view", "success")]
        assert "Samira" not in (events[0].reason or "") + (events[0].object_id or "")
    engine.dispose()


def test_audit_names_records_by_internal_id_never_by_client_number(capsys: pytest.CaptureFixture[str], sample_db: str) -> None:
    assert run(capsys, "--db", sample_db, "seekers", "show", "KL0000001")[0] == 0
    assert run(capsys, "--db", sample_db, "seekers", "show", "KL0000404")[0] == 1
    engine = open_database(sample_db)
    with session_scope(engine) as session:
        seeker_id = session.execute(select(JobSeeker.id).where(JobSeeker.client_number == "KL0000001")).scalar_one()
        events = session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
    engine.dispose()
    assert [(e.object_type, e.object_id, e.result) for e in events] == [
        ("job_seeker", str(seeker_id), "success"),
        ("job_seeker", None, "not_found"),
    ]
    assert not any("KL" in f"{e.object_id} {e.reason}" for e in events)


def test_seekers_show_unknown_number(capsys: pytest.CaptureFixture[str], sample_db: str) -> None:
    code, _, err = run(capsys, "--db", sample_db, "seekers", "show", "KL404")
    assert code == 1
    assert err.strip() == "srmatch: error: no job seeker with client number 'KL404'"


def test_vacancies_list_and_show(capsys: pytest.CaptureFixture[str], sample_db: str) -> None:
    code, out, _ = run(capsys, "--db", sample_db, "vacancies", "list", "--status", "open", "--json")
    assert code == 0
    assert [row["reference"] for row in json.loads(out)] == ["VAC-001"]
    code, out, _ = run(capsys, "--db", sample_db, "vacancies", "list", "maasstad", "--json")
    assert {row["reference"] for row in json.loads(out)} == {"VAC-001", "VAC-002"}
    code, out, _ = run(capsys, "--db", sample_db, "vacancies", "show", "VAC-001", "--json")
    assert json.loads(out)["employer"] == "Schoonmaakbedrijf Maasstad"
    code, out, _ = run(capsys, "--db", sample_db, "vacancies", "show", "VAC-001")
    assert "Medewerker schoonmaak (m/v/x)" in out


def test_like_wildcards_are_taken_literally(capsys: pytest.CaptureFixture[str], sample_db: str) -> None:
    code, out, _ = run(capsys, "--db", sample_db, "seekers", "list", "%", "--json")
    assert code == 0
    assert json.loads(out) == []


def test_db_check_and_upgrade(capsys: pytest.CaptureFixture[str], sample_db: str) -> None:
    code, out, _ = run(capsys, "--db", sample_db, "db", "check", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["ok"] is True
    assert report["schema"]["status"] == "current"
    code, out, _ = run(capsys, "--db", sample_db, "db", "upgrade")
    assert code == 0
    assert "up to date" in out


def test_db_backup(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    target = tmp_path / "copy.db"
    code, out, _ = run(capsys, "--db", str(db), "db", "backup", "--to", str(target))
    assert code == 0
    assert target.exists()
    code, _, err = run(capsys, "--db", str(db), "db", "backup", "--to", str(target))
    assert code == 1
    assert "already exists" in err


def test_python_dash_m_works(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "srmatch", "--db", str(tmp_path / "m.db"), "seekers", "list", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_db_backup_to_a_missing_folder_is_one_clear_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    database = tmp_path / "team.db"
    assert run(capsys, "--db", str(database), "db", "check")[0] == 0
    code, out, err = run(capsys, "--db", str(database), "db", "backup", "--to", str(tmp_path / "nope" / "copy.db"))
    assert code == 1 and out == ""
    assert err.strip() == f"srmatch: error: cannot write the backup: folder {tmp_path / 'nope'} does not exist"
    assert not (tmp_path / "data" / "crash.log").exists()
