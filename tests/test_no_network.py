"""srmatch never opens a network connection at run time (DESIGN.md §9): not the CLI, not the app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUARD = Path(__file__).resolve().parent / "network_guard.py"


def _run(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], str]:
    log = tmp_path / "network.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SRMATCH_USER": "beheer.srmatch", "NO_COLOR": "1"}
    env.pop("SRMATCH_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, str(GUARD), str(log), "--", *args],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240, check=False,
    )
    return result, log.read_text(encoding="utf-8") if log.exists() else ""


def test_the_guard_notices_an_attempt_even_when_it_is_swallowed(tmp_path: Path) -> None:
    result, attempts = _run(tmp_path, "--self-check")
    assert result.returncode == 0, result.stderr
    assert "127.0.0.1" in attempts


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("offline")
    db = folder / "offline.db"
    result, attempts = _run(folder, "--db", str(db), "demo", "--no-tui", "--seekers", "40", "--vacancies", "15")
    assert result.returncode == 0, result.stderr
    assert attempts == ""
    return db


COMMANDS = [
    ["seekers", "list"],
    ["seekers", "show", "{client}"],
    ["vacancies", "list", "--status", "open"],
    ["vocabulary", "suggest", "schoonmaker", "mdw magazijn"],
    ["db", "check"],
    ["privacy", "export-person", "{client}"],
    ["privacy", "purge", "--dry-run"],
    ["privacy", "employer-profiles", "{vacancy}"],
    ["audit", "list", "--limit", "5"],
    ["placements", "list"],
    ["users", "list"],
    ["export", "seekers", "--to", "seekers.csv"],
    ["match", "seeker", "{client}"],
    ["match", "vacancy", "{vacancy}"],
    ["fairness"],
    ["algorithm-register", "--lang", "nl"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: " ".join(command[:2]))
def test_main_commands_work_with_the_network_shut(tmp_path: Path, demo_db: Path, command: list[str]) -> None:
    import sqlite3

    with sqlite3.connect(demo_db) as connection:
        (client,) = connection.execute("SELECT client_number FROM job_seeker ORDER BY id LIMIT 1").fetchone()
        (vacancy,) = connection.execute("SELECT reference FROM vacancy ORDER BY id LIMIT 1").fetchone()
    args = [part.replace("{client}", client).replace("{vacancy}", vacancy) for part in command]
    result, attempts = _run(tmp_path, "--db", str(demo_db), *args)
    assert result.returncode == 0, result.stderr
    assert attempts == ""


def test_the_app_works_with_the_network_shut(tmp_path: Path, demo_db: Path) -> None:
    result, attempts = _run(tmp_path, "--app", str(demo_db), "s", "enter", "escape", "escape", "v", "escape", "h", "escape")
    assert result.returncode == 0, result.stderr
    assert attempts == ""
