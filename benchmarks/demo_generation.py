"""Demo dataset generation and first-screen latency on SQLite.

Targets (issue #2): the default demo opens in under 3 s; ``--seekers 40000 --vacancies
20000`` generates in under 60 s. Reported beside a floor measured in the same run: the
same number of rows written with one plain ``sqlite3`` ``executemany`` per table, i.e. the
fastest the database itself can take them.

    python benchmarks/demo_generation.py [--seekers 40000] [--vacancies 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, func, select

from srmatch.services import demo
from srmatch.store.engine import session_scope
from srmatch.store.migrate import open_database
from srmatch.store.models import metadata


def _generate(folder: Path, name: str, seekers: int, vacancies: int) -> tuple[float, Engine, int]:
    engine = open_database(f"sqlite:///{folder / name}")
    start = time.perf_counter()
    demo.generate_demo(engine, seekers=seekers, vacancies=vacancies, seed=2024)
    elapsed = time.perf_counter() - start
    with session_scope(engine) as session:
        rows = sum(session.execute(select(func.count()).select_from(table)).scalar_one() for table in metadata.sorted_tables)
    return elapsed, engine, rows


def _floor(folder: Path, rows: int) -> float:
    """Plain sqlite3: the same number of rows of similar width, one executemany."""
    connection = sqlite3.connect(folder / "floor.db")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT, c INTEGER, d TEXT, e TEXT, f REAL)")
    data = [(i, f"naam {i}", "3072", i % 60, '["a", "b"]', "2026-01-01", 1.5) for i in range(rows)]
    start = time.perf_counter()
    with connection:
        connection.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)", data)
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def _first_screen_seconds(engine: Engine) -> float:
    """Time from creating the app to the home screen showing the counts."""
    from textual.widgets import Static

    from srmatch.app import SrmatchApp
    from srmatch.config import load_settings

    async def run() -> float:
        start = time.perf_counter()
        app = SrmatchApp(settings=load_settings(db_path=str(engine.url), language="en"), engine=engine)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert "Job seekers" in str(app.screen.query_one("#summary", Static).render())
            return time.perf_counter() - start

    return asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seekers", type=int, default=40_000)
    parser.add_argument("--vacancies", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        default_time, default_engine, default_rows = _generate(folder, "default.db", demo.DEFAULT_SEEKERS, demo.DEFAULT_VACANCIES)
        opens = [_first_screen_seconds(default_engine) for _ in range(3)]
        large_time, _, large_rows = _generate(folder, "large.db", args.seekers, args.vacancies)
        floor = _floor(folder, large_rows)
    print(f"default demo ({demo.DEFAULT_SEEKERS}/{demo.DEFAULT_VACANCIES}): {default_rows} rows in {default_time:.2f} s")
    print(f"app to first screen with counts, default demo: median {statistics.median(opens):.2f} s (target < 3 s)")
    print(
        f"large demo ({args.seekers}/{args.vacancies}): {large_rows} rows in {large_time:.1f} s (target < 60 s); "
        f"plain sqlite3 executemany of as many rows {floor:.2f} s; ratio {large_time / floor:.1f}x"
    )


if __name__ == "__main__":
    main()
