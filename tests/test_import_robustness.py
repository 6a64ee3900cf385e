"""Whatever a file holds, the importer answers with a report and never damages the store.

Hypothesis writes the files (random bytes, any delimiter, huge fields, missing headers, mixed
encodings, formulas, NUL bytes, 1,000-column rows); real processes are killed halfway and run
side by side on one SQLite file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlmodel import col

from srmatch.services.audit import Actor
from srmatch.services.importing import import_file
from srmatch.store.engine import session_scope
from srmatch.store.migrate import open_database
from srmatch.store.models import AuditEvent, JobSeeker

ADMIN = Actor(login="tester", origin="test-host", role="admin")
ROOT = Path(__file__).resolve().parent.parent
HEADER = ["client_number", "display_name", "postcode", "target_group", "hours_min", "hours_max", "skills", "available_from"]
PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("SRMATCH_HYPOTHESIS_EXAMPLES", "40")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def snapshot(engine: Engine) -> list[tuple[object, ...]]:
    """Every job seeker as stored (what a rejected import must leave alone)."""
    with session_scope(engine) as session:
        rows = session.execute(select(JobSeeker).order_by(col(JobSeeker.client_number))).scalars().all()
        return [tuple(sorted((k, repr(v)) for k, v in row.model_dump().items())) for row in rows]


# --- files that are fine in every way a spreadsheet can be fine ---------------------------

_names = st.text(st.characters(codec="cp1252", exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30).map(str.strip).filter(bool)
_valid_row = st.fixed_dictionaries(
    {
        "display_name": _names,
        "postcode": st.from_regex(r"[1-9][0-9]{3}( ?[A-R][A-Z])?", fullmatch=True),
        "target_group": st.sampled_from(["participatiewet", "WW", "Wajong", "Statushouder", "Zonder uitkering", "banenafspraak"]),
        "hours": st.tuples(st.integers(0, 30), st.integers(30, 60)),
        "skills": st.lists(st.sampled_from(["=SUM(A1)", "+koken", "@lezen", "-schoonmaken", "tillen", "Excel"]), max_size=3, unique=True),
        "available_from": st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)),
    }
)


@PROPERTY_SETTINGS
@given(
    rows=st.lists(_valid_row, min_size=1, max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    dutch_dates=st.booleans(),
    start=st.integers(0, 10_000),
)
def test_any_well_formed_file_imports_and_stores_what_it_says(
    engine: Engine, tmp_path_factory: pytest.TempPathFactory, rows: list[dict[str, object]], delimiter: str,
    encoding: str, dutch_dates: bool, start: int,
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADER)
    expected = {}
    for number, row in enumerate(rows, start=start):
        low, high = row["hours"]  # type: ignore[misc]
        day = row["available_from"]
        written_day = day.strftime("%d-%m-%Y") if dutch_dates else day.isoformat()  # type: ignore[attr-defined]
        client = f"KL-{number}"
        writer.writerow([client, row["display_name"], row["postcode"], row["target_group"], low, high,
                         "|".join(row["skills"]), written_day])  # type: ignore[arg-type]
        expected[client] = (row["display_name"], row["skills"], day)
    content = buffer.getvalue().encode(encoding)
    if encoding == "cp1252":
        # Windows-1252 bytes that happen to be valid UTF-8 ("Â¡" is C2 A1, UTF-8 for "¡") are read
        # as UTF-8: no detector can tell them apart, and such letter pairs are mojibake themselves.
        assume(not any(not line.isascii() and _is_utf8(line) for line in content.split(b"\n")))
    path = tmp_path_factory.mktemp("valid") / "file.csv"
    path.write_bytes(content)
    report = import_file(engine, "seekers", path, ADMIN)
    assert report.ok and report.written, report.problems or report.refused
    assert report.added + report.updated + report.unchanged == len(rows)
    with session_scope(engine) as session:
        stored = {
            s.client_number: (s.display_name, s.skills, s.available_from)
            for s in session.execute(select(JobSeeker).where(col(JobSeeker.client_number).in_(list(expected)))).scalars()
        }
    assert stored == expected


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --- files that are wrong in every way we could think of ----------------------------------

_cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["=cmd|' /C calc'!A0", "+31", "@SUM(1)", "-1", "\x00", "a\x00b", "111222333", "3012", "ww", "\r", "\t=1"]),
    st.integers(-10, 100).map(str),
    st.just("x" * 200_000),
)
_header_cell = st.one_of(st.sampled_from(HEADER + ["BSN", "geslacht", "notes", "", "client_number"]), st.text(max_size=8))


@st.composite
def hostile_files(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["bytes", "zip", "table", "table", "table", "wide"]))
    if kind == "bytes":
        return draw(st.binary(max_size=3000))
    if kind == "zip":
        return b"PK\x03\x04" + draw(st.binary(max_size=500))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|", " ", ":"]))
    if kind == "wide":
        header = HEADER + [f"c{i}" for i in range(1000)]
        lines = [delimiter.join(header)] + [delimiter.join(["KL-1", "Jan", "3012", "ww"] + ["1"] * 1004)]
    else:
        header = draw(st.lists(_header_cell, max_size=10)) if draw(st.booleans()) else HEADER
        width = max(1, len(header))
        lines = [delimiter.join(header)]
        for _ in range(draw(st.integers(0, 5))):
            lines.append(delimiter.join(draw(st.lists(_cell, min_size=0, max_size=width + 2))))
    encodings = draw(st.lists(st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16"]), min_size=1, max_size=3))
    chunks = []
    for index, line in enumerate(lines):
        encoding = encodings[index % len(encodings)]  # several encodings in one file
        chunks.append(line.encode(encoding, errors="replace") + b"\r\n")
    return b"".join(chunks)


@PROPERTY_SETTINGS
@given(content=hostile_files())
def test_hostile_files_never_crash_and_a_rejected_one_changes_nothing(
    engine: Engine, tmp_path_factory: pytest.TempPathFactory, content: bytes
) -> None:
    path = tmp_path_factory.mktemp("hostile") / "file.csv"
    path.write_bytes(content)
    before = snapshot(engine)
    report = import_file(engine, "seekers", path, ADMIN)  # must return, whatever the file holds
    assert report.refused or report.rejected or report.written or report.unchanged or not report.problems
    for problem in report.problems:
        assert problem.reason and "111222333" not in problem.value
    if not report.written:
        assert snapshot(engine) == before


def test_a_bsn_shaped_value_in_any_column_is_never_repeated_in_the_report(engine: Engine, tmp_path: Path) -> None:
    """Found by the property test above: a 9-digit eleven-proof number in the postcode column was echoed."""
    path = tmp_path / "postcode.csv"
    path.write_bytes(b"client_number,display_name,postcode,target_group,hours_min,hours_max\r\n,,111222333\r\n")
    report = import_file(engine, "seekers", path, ADMIN)
    assert report.problems
    assert all("111222333" not in problem.value for problem in report.problems)
    assert any(problem.column == "postcode" for problem in report.problems)
    assert snapshot(engine) == []


def test_hostile_examples_that_matter_most(engine: Engine, tmp_path: Path) -> None:
    """The named cases of the issue, once each, so a regression names its cause."""
    cases = {
        "nul.csv": b"client_number,display_name,postcode,target_group\nKL-1,Ja\x00n,3012,ww\n",
        "huge.csv": b"client_number,display_name,postcode,target_group\nKL-1," + b"x" * 200_000 + b",3012,ww\n",
        "wide.csv": (",".join(HEADER + [f"c{i}" for i in range(1000)]) + "\nKL-1,Jan,3012,ww" + ",1" * 1004 + "\n").encode(),
        "formula.csv": b"client_number,display_name,postcode,target_group\n=1+1,Jan,3012,ww\n",
        "noheader.csv": b"KL-1,Jan,3012,ww\nKL-2,Piet,3012,ww\n",
        "mixed.csv": "client_number,display_name,postcode,target_group\nKL-1,José,3012,ww\n".encode()
        + "KL-2,André,3012,ww\n".encode("cp1252"),
        "binary.xlsx": b"PK\x03\x04garbage",
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        report = import_file(engine, "seekers", path, ADMIN)
        assert not report.written, name
        assert report.refused or report.problems, name
    assert snapshot(engine) == []


# --- killed halfway; two at once ----------------------------------------------------------


def _big_file(path: Path, rows: int, prefix: str = "KL", name: str = "Persoon") -> Path:
    lines = ["client_number,display_name,postcode,target_group,hours_min,hours_max,skills"]
    lines += [f"{prefix}-{i:06d},{name} {i},3012,ww,8,32,schoonmaken|koken" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _cli(database_url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "srmatch", "--db", database_url, "--user", "tester", *args]


def test_an_import_killed_midway_leaves_the_store_exactly_as_before(database_url: str, tmp_path: Path) -> None:
    engine = open_database(database_url)
    assert import_file(engine, "seekers", _big_file(tmp_path / "first.csv", 10), ADMIN).added == 10
    before = snapshot(engine)
    audit_before = _audit_count(engine)
    big = _big_file(tmp_path / "big.csv", 15_000, name="Gewijzigd")  # three chunks of 5,000 records
    process = subprocess.Popen(_cli(database_url, "import", "seekers", str(big)), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                               text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("written ") and not line.startswith("written 15000"):
            os.kill(process.pid, signal.SIGKILL)  # halfway through the writes, before the commit
            break
    assert process.wait(timeout=120) == -signal.SIGKILL
    process.stderr.close()
    engine.dispose()
    engine = open_database(database_url)
    assert snapshot(engine) == before
    assert _audit_count(engine) == audit_before
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    small = _big_file(tmp_path / "small.csv", 20, name="Daarna")  # and the store still takes an import afterwards
    again = import_file(engine, "seekers", small, ADMIN)
    assert (again.added, again.updated) == (10, 10)
    engine.dispose()


def _audit_count(engine: Engine) -> int:
    with session_scope(engine) as session:
        return len(session.execute(select(AuditEvent.id)).all())


def test_two_imports_at_once_on_one_sqlite_file_do_not_corrupt_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    open_database(url).dispose()
    first = _big_file(tmp_path / "a.csv", 3000, prefix="KA")
    second = _big_file(tmp_path / "b.csv", 3000, prefix="KA", name="Ander")  # the same people, other names
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen(_cli(url, "import", "seekers", str(path), "--json"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
        for path in (first, second)
    ]
    results = [process.communicate(timeout=120) for process in processes]
    codes = [process.returncode for process in processes]
    assert codes == [0, 0], results

    reports = [json.loads(out.strip().splitlines()[-1]) for out, _ in results]
    assert sorted((r["added"], r["updated"]) for r in reports) == [(0, 3000), (3000, 0)]  # one after the other
    with sqlite3.connect(tmp_path / "shared.db") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM job_seeker").fetchone() == (3000,)
        names = {row[0].split()[0] for row in connection.execute("SELECT display_name FROM job_seeker")}
        assert len(names) == 1  # all from whichever import ran last, never a mix
        events = connection.execute("SELECT result FROM audit_event WHERE action = 'import.seekers'").fetchall()
    assert events == [("success",), ("success",)]
