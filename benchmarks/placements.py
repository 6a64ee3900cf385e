"""Review queue with 5,000 pending proposals, and a bulk approval of 100 (issue #9, item 12).

Targets: the queue opens in under 500 ms; approving 100 proposals at once takes under 1 s.
Measured on a SQLite file (and PostgreSQL with ``--pg URL``), each next to a baseline run in
the same process on the same data:

- queue: ``placements.review_queue`` (one page of 200 rows, counts of all 5,000, the page's
  other open proposals in one query) and the Textual queue screen from key press to rows on
  screen, against a straightforward load of all 5,000 pending placements as ORM objects with
  their seeker, vacancy, employer, proposer and other proposals looked up row by row;
- bulk: ``placements.bulk_approve`` of 100 (one transaction, optimistic locking, an audit
  event each), against 100 separate ``placements.transition`` calls.

    python benchmarks/placements.py [--pending 5000] [--pg postgresql+psycopg://…]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, insert, select, text
from sqlmodel import col

from srmatch.services import placements, users
from srmatch.services.audit import Actor
from srmatch.store.engine import session_scope
from srmatch.store.migrate import open_database
from srmatch.store.models import JobSeeker, Organisation, Placement, User, Vacancy

EXPLANATION = {
    "excluded": False, "exclusions": [], "excluded_by": [],
    "lines": [{"label": "occupation", "text": "title ≈ synonym of 'schoonmaker'", "points": 30.0, "max_points": 40.0},
              {"label": "distance", "text": "4.2 km", "points": 11.0, "max_points": 15.0},
              {"label": "hours", "text": "24 h of 20-32 h", "points": 14.0, "max_points": 15.0}],
}


def build(engine: Engine, pending: int) -> tuple[Actor, Actor]:
    """A team, ``pending`` job seekers each with one or two pending proposals."""
    boot = users.resolve_actor(engine, "bench.admin")
    users.add_user(engine, boot, "bench.admin", "admin")
    admin = users.resolve_actor(engine, "bench.admin")
    for i in range(8):
        users.add_user(engine, admin, f"km.{i}", "caseworker")
    users.add_user(engine, admin, "tl.bench", "team_lead")
    now = dt.datetime.now(dt.UTC)
    with session_scope(engine) as session:
        caseworkers = list(session.execute(select(col(User.id)).where(col(User.role) == "caseworker")).scalars())
        session.execute(insert(Organisation), [{"id": i + 1, "name": f"Werkgever {i}", "is_contractor": True,
                                                 "created_at": now} for i in range(50)])
        vacancies = max(100, pending // 5)
        session.execute(insert(Vacancy), [
            {"id": i + 1, "reference": f"VAC-{i:06d}", "employer_id": i % 50 + 1, "title": f"Schoonmaker {i}",
             "description": "", "skills": [], "certificates": [], "physical_demands": [], "eligible_target_groups": [],
             "hours_min": 16, "hours_max": 32, "employment_type": "fixed_term", "postcode": "3071", "positions": 3,
             "status": "open", "opened_on": dt.date(2026, 1, 1), "created_at": now}
            for i in range(vacancies)])
        session.execute(insert(JobSeeker), [
            {"id": i + 1, "client_number": f"KL{i:07d}", "display_name": f"Persoon {i}", "postcode": "3073",
             "target_group": "participatiewet", "ladder_rung": 4, "desired_occupations": [], "experience": [],
             "skills": [], "certificates": [], "driving_licences": [], "hours_min": 16, "hours_max": 32,
             "max_travel_km": 15.0, "travels_independently": True, "work_restrictions": [],
             "caseworker_id": caseworkers[i % len(caseworkers)], "status": "active",
             "consent_anonymous_profile": False, "created_at": now, "updated_at": now}
            for i in range(pending)])
        rows = []
        for i in range(pending):
            seeker = i % (pending * 4 // 5) + 1  # a fifth of the people have two open proposals
            rows.append({"seeker_id": seeker, "vacancy_id": (i + i // (pending * 4 // 5)) % vacancies + 1, "status": "proposed", "score": 55.0 + i % 40,
                         "explanation": EXPLANATION, "surfaced_by_engine": i % 10 != 0,
                         "proposed_by_id": caseworkers[i % len(caseworkers)],
                         "proposed_at": now - dt.timedelta(minutes=pending - i), "version": 1, "updated_at": now,
                         "proposal_note": "Gemotiveerd" if i % 3 == 0 else None, "updated_by": "km.0"})
        session.execute(insert(Placement), rows)
    return users.resolve_actor(engine, "tl.bench"), admin


def naive_queue(engine: Engine) -> int:
    """Baseline: every pending placement as an ORM object, related rows looked up one by one."""
    from sqlmodel import Session

    with Session(engine) as session:
        shown = 0
        for placement in session.execute(select(Placement).where(col(Placement.status) == "proposed")
                                         .order_by(col(Placement.proposed_at))).scalars():
            seeker = session.get(JobSeeker, placement.seeker_id)
            vacancy = session.get(Vacancy, placement.vacancy_id)
            assert seeker is not None and vacancy is not None
            session.get(Organisation, vacancy.employer_id)
            session.get(User, placement.proposed_by_id)
            session.execute(select(col(Placement.id)).where(col(Placement.seeker_id) == placement.seeker_id,
                                                       col(Placement.status) == "proposed")).all()
            shown += 1
        return shown


def median_ms(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def screen_open_ms(engine: Engine, key: str, runs: int) -> float:
    """Key press on the home screen to the screen ready with its rows (Pilot, 80x24).

    ``r`` opens the queue; ``s`` opens the job-seeker list, the baseline: a plain list
    screen of the same app on the same database, run in the same process.
    """
    from textual.widgets import DataTable

    from srmatch.app import SrmatchApp
    from srmatch.config import load_settings
    from srmatch.screens.home import HomeScreen

    async def once() -> float:
        settings = load_settings(db_path=engine.url.render_as_string(hide_password=False), language="en", user="tl.bench")
        app = SrmatchApp(settings=settings, engine=engine)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            start = time.perf_counter()
            await pilot.press(key)
            while True:
                await app.workers.wait_for_complete()
                await pilot.pause()
                screen = app.screen
                if not isinstance(screen, HomeScreen) and screen.query(DataTable).first().row_count:
                    return time.perf_counter() - start

    return statistics.median(asyncio.run(once()) for _ in range(runs)) * 1000


def pending_ids(engine: Engine, count: int, offset: int) -> list[tuple[int, int]]:
    with session_scope(engine) as session:
        return [(row[0], row[1]) for row in session.execute(
            select(col(Placement.id), col(Placement.version)).where(col(Placement.status) == "proposed")
            .order_by(col(Placement.id)).offset(offset).limit(count)).all()]


def bench(url: str, label: str, pending: int) -> None:
    engine = open_database(url)
    lead, _ = build(engine, pending)
    total = placements.review_queue(engine, lead).total
    assert total == pending, total
    queue_ms = median_ms(lambda: placements.review_queue(engine, lead), 7)
    naive_ms = median_ms(lambda: naive_queue(engine), 3)
    screen_ms = screen_open_ms(engine, "r", 5)
    list_ms = screen_open_ms(engine, "s", 5)
    print(f"[{label}] queue with {total} pending: service median {queue_ms:.0f} ms vs naive full load "
          f"{naive_ms:.0f} ms (ratio {queue_ms / naive_ms:.3f}); queue screen open median {screen_ms:.0f} ms "
          f"(target < 500 ms) vs job-seeker list screen {list_ms:.0f} ms (ratio {screen_ms / list_ms:.2f})")
    bulk_times, one_by_one_times = [], []
    for round_number in range(3):
        batch = pending_ids(engine, 100, 0)
        start = time.perf_counter()
        placements.bulk_approve(engine, lead, batch)
        bulk_times.append(time.perf_counter() - start)
        batch = pending_ids(engine, 100, 0)
        start = time.perf_counter()
        for placement_id, version in batch:
            placements.transition(engine, lead, placement_id, "approve", expected_version=version)
        one_by_one_times.append(time.perf_counter() - start)
    bulk_ms, single_ms = statistics.median(bulk_times) * 1000, statistics.median(one_by_one_times) * 1000
    print(f"[{label}] bulk approval of 100: median {bulk_ms:.0f} ms (target < 1000 ms); 100 single transitions "
          f"{single_ms:.0f} ms; ratio {bulk_ms / single_ms:.2f}")
    assert placements.check_invariants(engine) == []
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pending", type=int, default=5_000)
    parser.add_argument("--pg", metavar="URL", help="also measure on this (wiped!) PostgreSQL database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench(f"sqlite:///{Path(tmp) / 'queue.db'}", "sqlite", args.pending)
    if args.pg:
        from sqlalchemy import create_engine

        admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        admin.dispose()
        bench(args.pg, "postgresql", args.pending)


if __name__ == "__main__":
    main()
