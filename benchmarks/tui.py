"""Benchmark the caseworker's TUI at city scale (issue 10 item 11): process start to the first
screen (target < 1.5 s), a keystroke in the job-seeker filter until the list shows the result
(target < 150 ms), and the match view for one person (target < 300 ms).

The city database is the demo with 40,000 job seekers and 20,000 vacancies (built here in a
temporary folder unless ``--db`` names one; it is copied, never changed), with every vacancy
reopened so that all 20,000 are open, as in ``benchmarks/match_view.py``. The baseline, in the
same run and measured the same way, is the default demo (400 job seekers, 200 vacancies) and,
for the start, also an empty database: the ratios say what the city's size costs.

* ``start``: from ``Popen`` of a fresh Python process until it has the home screen drawn
  (``drawn``) and until the home screen shows the database's counts (``counts``). The child
  does what ``srmatch --db FILE`` does (import the CLI, read the settings, open and check the
  database, build the app) but runs the app headless at 80x24 (Textual's ``run_test``), so no
  terminal is needed; the terminal's own drawing is not included.
* ``keystroke``: on the job-seeker list at 80x24, one key in the filter until the list has
  been refilled with the new result and redrawn (the query runs in a worker; the time ends
  after the ``SeekersLoaded`` handler and the next refresh). Words typed letter by letter, and
  Backspace; median over every key.
* ``match_view``: from ``m`` on a person's record until the matches are on screen (the
  ``MatchesLoaded`` message), warm (the record had prepared the open vacancies, as it does
  while the caseworker reads it) and cold (the cache emptied just before the key).

Medians in milliseconds; not a timed test.

    python benchmarks/tui.py [--db city.db] [--repeats 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))
sys.path.insert(0, str(REPOSITORY / "benchmarks"))

from sqlalchemy import Engine, text  # noqa: E402

from srmatch.services import matching  # noqa: E402
from srmatch.store.migrate import open_database  # noqa: E402

#: What the child process runs: ``srmatch --db FILE`` up to the first screen, headless.
_CHILD = r"""
import asyncio, sys, time
from srmatch.cli.common import open_engine
from srmatch.config import load_settings
from srmatch.i18n import set_language

settings = load_settings(db_path=sys.argv[1], language="en", user="bench")
set_language(settings.language)
from srmatch.app import SrmatchApp
from srmatch.screens.home import HomeScreen

app = SrmatchApp(settings=settings, engine=open_engine(settings))
counted = []

def hook(message):
    if isinstance(message, HomeScreen.SummaryLoaded):
        counted.append(True)

async def run():
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        drawn = time.time()
        while not counted:
            await pilot.pause(0.005)
        await pilot.pause()
        print(drawn, time.time(), flush=True)

asyncio.run(run())
"""


def _start(database: Path, repeats: int) -> dict[str, float]:
    drawn, counts = [], []
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    for _ in range(repeats):
        began = time.time()
        result = subprocess.run([sys.executable, "-c", _CHILD, str(database)], capture_output=True, text=True,
                                env=environment, check=True, timeout=120)
        first, second = (float(value) for value in result.stdout.split())
        drawn.append((first - began) * 1000)
        counts.append((second - began) * 1000)
    return {"drawn_ms": round(statistics.median(drawn), 1), "counts_ms": round(statistics.median(counts), 1)}


def _app(engine: Engine) -> Any:
    from srmatch.app import SrmatchApp
    from srmatch.config import load_settings
    from srmatch.i18n import set_language

    set_language("en")
    return SrmatchApp(settings=load_settings(db_path=str(engine.url), language="en", user="bench"), engine=engine)


async def _keystrokes(engine: Engine, words: list[str]) -> dict[str, Any]:
    """Per key: from the key's dispatch at the app until the screen's ``SeekersLoaded`` handler
    has put the new rows in the table (``to_list_refilled``); and Pilot's whole round trip (press, worker, pause), beside the same
    round trip for a key that changes nothing (Pilot's own waiting, the baseline)."""
    from textual import events
    from textual.message import Message
    from textual.widgets import Input

    from srmatch.screens.lists import SeekerListScreen, SeekersLoaded

    marks: dict[str, float] = {}

    def hook(message: Message) -> None:
        now = time.perf_counter()
        if isinstance(message, events.Key) and "key" not in marks:
            marks["key"] = now

    # The benchmark (never a test) wraps the screen's handler to see when the table is refilled.
    original = SeekerListScreen.on_seekers_loaded

    def timed(screen: SeekerListScreen, message: SeekersLoaded) -> None:
        original(screen, message)
        marks["handled"] = time.perf_counter()

    SeekerListScreen.on_seekers_loaded = timed  # type: ignore[method-assign]

    app = _app(engine)
    result: dict[str, list[float]] = {"to_list_refilled": [], "pilot_round_trip": [], "pilot_noop": []}
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await app.workers.wait_for_complete()
        app.open_screen("seekers")
        await pilot.pause()
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SeekerListScreen), app.screen
        for word in words:
            for key in [*word, *(["backspace"] * len(word)), "left"]:
                marks.clear()
                start = time.perf_counter()
                await pilot.press(key)
                await app.screen.workers.wait_for_complete()
                await pilot.pause()
                elapsed = (time.perf_counter() - start) * 1000
                if key == "left":  # moves the cursor of an empty filter: no query
                    result["pilot_noop"].append(elapsed)
                    continue
                result["pilot_round_trip"].append(elapsed)
                result["to_list_refilled"].append((marks["handled"] - marks["key"]) * 1000)
            assert app.screen.query_one("#filter", Input).value == ""
    SeekerListScreen.on_seekers_loaded = original  # type: ignore[method-assign]
    summary: dict[str, Any] = {f"{name}_ms": round(statistics.median(values), 1) for name, values in result.items()}
    summary["keys"] = len(result["to_list_refilled"])
    return summary


async def _match_view(engine: Engine, people: list[str]) -> dict[str, Any]:
    """``m`` on a record until the matches are on screen: the measurement of match_view.py."""
    from match_view import m_to_matches_on_screen

    medians = (await m_to_matches_on_screen(engine, people, len(people) // 2))["m_to_matches_on_screen_ms"]
    return {f"{kind}_ms": medians[kind] for kind in ("cold", "warm")}


def _people(engine: Engine, count: int) -> list[str]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT client_number FROM job_seeker WHERE status = 'active' ORDER BY id DESC LIMIT :n"), {"n": count}
        )
        return [str(row[0]) for row in rows]


def _sizes(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {name: int(connection.execute(text(query)).scalar_one()) for name, query in (
            ("job_seekers", "SELECT count(*) FROM job_seeker"),
            ("open_vacancies", "SELECT count(*) FROM vacancy WHERE status = 'open'"),
        )}


def _measure(path: Path, repeats: int, words: list[str]) -> dict[str, Any]:
    engine = open_database(f"sqlite:///{path}")
    try:
        result: dict[str, Any] = {"sizes": _sizes(engine), "start": _start(path, repeats)}
        if result["sizes"]["job_seekers"]:
            result["filter"] = asyncio.run(_keystrokes(engine, words))
            matching.forget_encoded_sides()
            result["match_view"] = asyncio.run(_match_view(engine, _people(engine, 2 * repeats)))
        return result
    finally:
        engine.dispose()


def _ratios(city: dict[str, Any], base: dict[str, Any]) -> dict[str, float]:
    pairs = {
        "start_counts": (city["start"]["counts_ms"], base["start"]["counts_ms"]),
        "start_drawn": (city["start"]["drawn_ms"], base["start"]["drawn_ms"]),
        "keystroke": (city["filter"]["to_list_refilled_ms"], base["filter"]["to_list_refilled_ms"]),
        "match_view_warm": (city["match_view"]["warm_ms"], base["match_view"]["warm_ms"]),
        "match_view_cold": (city["match_view"]["cold_ms"], base["match_view"]["cold_ms"]),
    }
    return {name: round(value / reference, 2) for name, (value, reference) in pairs.items() if reference}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="a city-scale demo SQLite database to copy (default: build one here)")
    parser.add_argument("--seekers", type=int, default=40_000)
    parser.add_argument("--vacancies", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=5, help="process starts and match views per database")
    args = parser.parse_args()
    from srmatch.services.demo import generate_demo

    words = ["kaya", "jansen", "3072", "zuid"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        empty, small, city = folder / "empty.db", folder / "default.db", folder / "city.db"
        open_database(f"sqlite:///{empty}").dispose()
        engine = open_database(f"sqlite:///{small}")
        generate_demo(engine, seed=2024)
        engine.dispose()
        if args.db:
            shutil.copyfile(args.db, city)
        else:
            engine = open_database(f"sqlite:///{city}")
            generate_demo(engine, seekers=args.seekers, vacancies=args.vacancies, seed=2024)
            engine.dispose()
        for path in (small, city):  # every vacancy open, as in benchmarks/match_view.py: 20,000 open ones
            engine = open_database(f"sqlite:///{path}")
            with engine.begin() as connection:
                connection.execute(text("UPDATE vacancy SET status = 'open'"))
            engine.dispose()
        report: dict[str, Any] = {
            "targets_ms": {"start": 1500, "keystroke": 150, "match_view": 300},
            "empty": _measure(empty, args.repeats, words),
            "default_demo": _measure(small, args.repeats, words),
            "city": _measure(city, args.repeats, words),
        }
        report["city_vs_default_demo"] = _ratios(report["city"], report["default_demo"])
        report["start_city_vs_empty"] = round(report["city"]["start"]["counts_ms"] / report["empty"]["start"]["counts_ms"], 2)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
