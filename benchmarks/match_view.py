"""Benchmark the match view for one person (issue 10 item 11: under 300 ms with 20,000 open
vacancies) and for one vacancy, on a city-scale SQLite database.

The database is the demo at city scale (``--seekers 40000 --vacancies 20000``, built here in a
temporary folder unless ``--db`` names one; it is copied, never changed) with every vacancy
reopened, so exactly 20,000 open vacancies are read and encoded (vacancies whose positions are
all taken still fail the "open with a free position" filter, as in real life).

In the same process, on the same people and vacancies:

* ``baseline``: ``match_seeker(..., reuse=False)`` — what every view cost before the cache:
  read all open vacancies, build a new engine, rank;
* ``cold``: the first view after the caches (in memory and on disk) were emptied (reads and
  encodes the open vacancies once, for this and later views); ``from_disk_cache``: the first
  view of a process that finds the side a previous one stored (memory emptied only); and the
  first view after one vacancy was edited;
* ``warm``: later views of other people (the cache is reused: only the person is read and
  encoded);
* the same three for the candidates of a vacancy (the active caseload is the cached side);
* the screen: from pressing ``m`` on a person's record until the matches are on screen
  (Pilot at 80x24; includes Textual's own work), warm and cold.

Medians in milliseconds, and ratios against the baseline of this run.

    python benchmarks/match_view.py [--db city.db] [--people 30] [--repeats 7]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from sqlalchemy import Engine, text, update  # noqa: E402
from sqlmodel import col  # noqa: E402

from srmatch.services import matching  # noqa: E402
from srmatch.services.audit import Actor  # noqa: E402
from srmatch.store.engine import session_scope  # noqa: E402
from srmatch.store.migrate import open_database  # noqa: E402
from srmatch.store.models import Vacancy  # noqa: E402

ACTOR = Actor(login="bench", origin="benchmark")


def _rss_mb() -> float:
    """Resident memory of this process now (Linux)."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return round(pages * 4096 / 2**20, 1)


def _prepare(database: str | None, folder: Path, seekers: int, vacancies: int) -> tuple[Engine, dict[str, int]]:
    target = folder / "match-view.db"
    if database:
        shutil.copyfile(database, target)
        engine = open_database(f"sqlite:///{target}")
    else:
        from srmatch.services.demo import generate_demo

        engine = open_database(f"sqlite:///{target}")
        generate_demo(engine, seekers=seekers, vacancies=vacancies, actor=ACTOR)
    with engine.begin() as connection:
        connection.execute(text("UPDATE vacancy SET status = 'open'"))
        sizes = {name: int(connection.execute(text(query)).scalar_one()) for name, query in (
            ("open_vacancies", "SELECT count(*) FROM vacancy WHERE status = 'open'"),
            ("job_seekers", "SELECT count(*) FROM job_seeker"),
            ("active_job_seekers", "SELECT count(*) FROM job_seeker WHERE status = 'active'"),
            ("working_placements", "SELECT count(*) FROM placement WHERE status IN ('started', 'sustained')"),
        )}
    return engine, sizes


def _keys(engine: Engine, query: str, count: int) -> list[str]:
    with engine.connect() as connection:
        return [str(row[0]) for row in connection.execute(text(query), {"n": count})]


def _median_ms(call: Callable[[str], object], keys: Sequence[str], before: Callable[[], None] | None = None) -> float:
    times = []
    for key in keys:
        if before is not None:
            before()
        start = time.perf_counter()
        call(key)
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


def _edit_one_vacancy(engine: Engine) -> None:
    """An edit of one vacancy (its ``updated_at`` moves, as on every update)."""
    with session_scope(engine) as session:
        session.execute(update(Vacancy).where(col(Vacancy.id) == 1).values(title=Vacancy.title))


def service(engine: Engine, people: list[str], vacancies: list[str], repeats: int) -> dict[str, Any]:
    """Service-level medians (ms) and ratios against the uncached baseline of this run."""
    seeker_view: Callable[[str], object] = lambda number: matching.match_seeker(engine, number, actor=ACTOR)  # noqa: E731
    vacancy_view: Callable[[str], object] = lambda ref: matching.match_vacancy(engine, ref, actor=ACTOR)  # noqa: E731
    result: dict[str, Any] = {}
    rss_start = _rss_mb()
    baseline = _median_ms(lambda n: matching.match_seeker(engine, n, actor=ACTOR, reuse=False), people[:repeats])
    cold = _median_ms(seeker_view, people[:repeats], before=matching.forget_encoded_sides)  # memory and disk
    from_disk = _median_ms(seeker_view, people[:repeats], before=lambda: matching.forget_encoded_sides(on_disk=False))
    edited = _median_ms(seeker_view, people[:repeats], before=lambda: _edit_one_vacancy(engine))
    seeker_view(people[0])
    warm = _median_ms(seeker_view, people)
    rss_vacancy_side = _rss_mb()
    result["seeker_view_ms"] = {"baseline": baseline, "cold": cold, "from_disk_cache": from_disk,
                                "after_one_vacancy_edited": edited, "warm": warm,
                                "cold_vs_baseline": round(cold / baseline, 2),
                                "from_disk_vs_baseline": round(from_disk / baseline, 2),
                                "warm_vs_baseline": round(warm / baseline, 3),
                                "views": {"baseline": repeats, "cold": repeats, "warm": len(people)}}
    baseline = _median_ms(lambda r: matching.match_vacancy(engine, r, actor=ACTOR, reuse=False), vacancies[:repeats])
    cold = _median_ms(vacancy_view, vacancies[:repeats], before=matching.forget_encoded_sides)
    vacancy_view(vacancies[0])
    warm = _median_ms(vacancy_view, vacancies)
    result["vacancy_view_ms"] = {"baseline": baseline, "cold": cold, "warm": warm,
                                 "cold_vs_baseline": round(cold / baseline, 2),
                                 "warm_vs_baseline": round(warm / baseline, 3),
                                 "views": {"baseline": repeats, "cold": repeats, "warm": len(vacancies)}}
    matching.match_seeker(engine, people[0])
    result["rss_mb"] = {"start": rss_start, "with_vacancy_side": rss_vacancy_side, "with_both_sides": _rss_mb()}
    return result


async def m_to_matches_on_screen(engine: Engine, people: list[str], repeats: int) -> dict[str, Any]:
    """From ``m`` on a person's record to the matches arriving on the screen (the moment the
    ``MatchesLoaded`` message is dispatched to its handler, which fills the table), at 80x24.
    Warm: the record has prepared the open vacancies (as it does while the caseworker reads
    it); cold: the caches were emptied just before the key (say, right after a vacancy edit)."""
    from textual.message import Message

    from srmatch.app import SrmatchApp
    from srmatch.config import load_settings
    from srmatch.screens.matches import MatchesScreen
    from srmatch.screens.records import SeekerScreen

    settings = load_settings(db_path=str(engine.url), language="en", user="bench")
    app = SrmatchApp(settings=settings, engine=engine)
    arrived: list[float] = []

    def hook(message: Message) -> None:
        if isinstance(message, MatchesScreen.MatchesLoaded):
            arrived.append(time.perf_counter())

    times: dict[str, list[float]] = {"cold": [], "warm": []}
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        for index, number in enumerate(people[: 2 * repeats]):
            app.open_screen("seeker", client_number=number)
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
            assert isinstance(app.screen, SeekerScreen), app.screen
            kind = "cold" if index % 2 == 0 else "warm"
            if kind == "cold":
                matching.forget_encoded_sides()
            arrived.clear()
            start = time.perf_counter()
            await pilot.press("m")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, MatchesScreen) and app.screen.matches is not None, app.screen
            times[kind].append((arrived[0] - start) * 1000)
            app.pop_screen()
            app.pop_screen()
            await pilot.pause()
    return {"m_to_matches_on_screen_ms": {kind: round(statistics.median(values), 1) for kind, values in times.items()}
            | {"views": sum(len(values) for values in times.values())}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="a city-scale demo SQLite database to copy (default: build one here)")
    parser.add_argument("--seekers", type=int, default=40_000)
    parser.add_argument("--vacancies", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=30, help="people (and vacancies) for the warm views")
    parser.add_argument("--repeats", type=int, default=7, help="views for the baseline and cold medians")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["SRMATCH_DATA_DIR"] = str(Path(folder) / "data")  # the disk cache goes here, not to yours
        started = time.perf_counter()
        engine, sizes = _prepare(args.db, Path(folder), args.seekers, args.vacancies)
        prepared = round(time.perf_counter() - started, 1)
        people = _keys(engine, "SELECT client_number FROM job_seeker WHERE status = 'active' ORDER BY id DESC LIMIT :n",
                       args.people)
        vacancies = _keys(engine, "SELECT reference FROM vacancy ORDER BY id DESC LIMIT :n", args.people)
        report: dict[str, Any] = {"date": dt.date.today().isoformat(), "sizes": sizes, "prepare_s": prepared}
        report.update(service(engine, people, vacancies, args.repeats))
        report.update(asyncio.run(m_to_matches_on_screen(engine, people, min(args.repeats, 5))))
        engine.dispose()
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
