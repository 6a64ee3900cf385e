"""Social-return books at city scale: 5,000 contracts and 200,000 contributions (issue #11, item 11).

Targets: the contracts screen and the programme dashboard open in under 1 s; the report in
under 5 s. Measured on a SQLite file (and PostgreSQL with ``--pg URL``), each next to a
baseline run in the same process on the same data:

- contracts: ``social_return.list_contracts`` (one grouped query over approved lines, figures
  per contract in Python) and the Textual contracts screen from key press to rows on screen,
  against a straightforward load that asks the database for each contract's approved total
  one contract at a time;
- programme: ``social_return.programme`` (a handful of aggregate queries) and its screen,
  against loading every contribution row and adding up in Python;
- report: ``srmatch report social-return --format csv`` and ``--format xlsx`` for all 5,000
  contracts, against the same per-contract lookups as the contracts baseline.

    python benchmarks/social_return.py [--contracts 5000] [--contributions 200000] [--pg URL]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, func, insert, select, text
from sqlmodel import col

from srmatch.services import social_return as sr
from srmatch.services import users
from srmatch.services.reports import social_return_report
from srmatch.services.rules import get_rule_set
from srmatch.services.valuation import compute_obligation
from srmatch.store.engine import session_scope
from srmatch.store.migrate import open_database
from srmatch.store.models import Contract, Contribution, Organisation

TODAY = dt.date.today()


def build(engine: Engine, contracts: int, contributions: int) -> None:
    """Organisations, ``contracts`` contracts with their obligation, ``contributions`` lines."""
    boot = users.resolve_actor(engine, "bench.admin")
    users.add_user(engine, boot, "bench.admin", "admin")
    rng = random.Random(11)
    rules = get_rule_set()
    now = dt.datetime.now(dt.UTC)
    with session_scope(engine) as session:
        session.execute(insert(Organisation), [
            {"id": i + 1, "name": f"Organisatie {i}", "kvk_number": f"{30000000 + i}", "is_contractor": i >= 40,
             "is_anchor": i < 20, "is_contracting_authority": i < 40, "is_social_enterprise": 20 <= i < 120,
             "social_enterprise_status": "erkend" if 20 <= i < 120 else None, "created_at": now}
            for i in range(600)])
        rows = []
        for i in range(contracts):
            start = TODAY - dt.timedelta(days=rng.randint(0, 1800))
            end = start + dt.timedelta(days=rng.randint(180, 1460))
            value = rng.randint(50, 20_000) * 1_000_00
            kind = rng.choice(["werk", "dienst", "levering"])
            obligation = compute_obligation(rules, kind=kind, value_cents=value, start=start, end=end)
            rows.append({"id": i + 1, "reference": f"OPD-{i:06d}", "title": f"Opdracht {i}", "buyer_id": rng.randint(1, 40),
                         "contractor_id": rng.randint(41, 600), "kind": kind, "value_cents": value, "percentage": 5.0,
                         "start_date": start, "end_date": end, "status": "active", "created_at": now,
                         "awarded_on": start, "rule_set": rules.name, "obligation_cents": obligation.cents,
                         "obligation_explanation": obligation.explanation, "percentage_agreed": False})
        session.execute(insert(Contract), rows)
        batch = []
        for i in range(contributions):
            start = TODAY - dt.timedelta(days=rng.randint(0, 1500))
            batch.append({"contract_id": rng.randint(1, contracts), "route": rng.choice("123456"), "period_start": start,
                          "value_cents": rng.randint(100_00, 20_000_00), "bonuses": [],
                          "status": rng.choice(["approved", "approved", "approved", "submitted", "draft"]),
                          "created_at": now})
            if len(batch) == 20_000:
                session.execute(insert(Contribution), batch)
                batch = []
        if batch:
            session.execute(insert(Contribution), batch)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("SELECT setval('contract_id_seq', (SELECT max(id) FROM contract))"))
            connection.execute(text("SELECT setval('organisation_id_seq', (SELECT max(id) FROM organisation))"))
            connection.execute(text("ANALYZE"))


def naive_contracts(engine: Engine) -> int:
    """Baseline: every contract, then its approved total asked of the database one at a time."""
    with session_scope(engine) as session:
        found = 0
        for contract in session.exec(select(Contract)).scalars():
            realised = session.exec(select(func.coalesce(func.sum(Contribution.value_cents), 0)).where(
                col(Contribution.contract_id) == contract.id, col(Contribution.status) == "approved")).scalar_one()
            found += 1 if realised < (contract.obligation_cents or 0) else 0
        return found


def naive_programme(engine: Engine) -> int:
    """Baseline: every contribution row loaded and added up in Python."""
    with session_scope(engine) as session:
        total = 0
        for line in session.exec(select(Contribution)).scalars():
            if line.status == "approved" and line.period_start.year == TODAY.year:
                total += line.value_cents
        return total


def median_ms(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def screen_open_ms(engine: Engine, key: str, runs: int) -> float:
    """Key press on the home screen to the screen ready with its data (Pilot, 80x24)."""
    from textual.widgets import DataTable, Static

    from srmatch.app import SrmatchApp
    from srmatch.config import load_settings
    from srmatch.screens.home import HomeScreen

    async def once() -> float:
        settings = load_settings(db_path=engine.url.render_as_string(hide_password=False), language="en", user="bench.admin")
        app = SrmatchApp(settings=settings, engine=engine)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            start = time.perf_counter()
            await pilot.press(key)
            while time.perf_counter() - start < 60:
                await app.workers.wait_for_complete()
                await pilot.pause()
                screen = app.screen
                if isinstance(screen, HomeScreen):
                    continue
                tables = screen.query(DataTable)
                if tables and tables.first().row_count:
                    return time.perf_counter() - start
                figures = screen.query("#programme-figures")
                if figures and "Anchor" in str(figures.first(Static).render()):
                    return time.perf_counter() - start
            raise RuntimeError(f"the screen behind {key!r} did not show its data within 60 s")

    return statistics.median(asyncio.run(once()) for _ in range(runs)) * 1000


def bench(url: str, label: str, contracts: int, contributions: int, runs: int) -> None:
    engine = open_database(url)
    start = time.perf_counter()
    build(engine, contracts, contributions)
    print(f"[{label}] built {contracts:,} contracts and {contributions:,} contributions in {time.perf_counter() - start:.1f} s")

    listed = median_ms(lambda: sr.list_contracts(engine, limit=500), runs)
    naive = median_ms(lambda: naive_contracts(engine), max(1, runs // 3))
    print(f"[{label}] contracts list (service, 500 rows of {contracts:,}): median {listed:.0f} ms; "
          f"baseline per-contract lookups {naive:.0f} ms; ratio {naive / listed:.1f}x")
    screen = screen_open_ms(engine, "c", max(1, runs // 2))
    organisations = screen_open_ms(engine, "o", max(1, runs // 2))
    print(f"[{label}] contracts screen, key to rows: median {screen:.0f} ms (target < 1000 ms); "
          f"baseline: the organisations list screen (600 rows, no figures) {organisations:.0f} ms")

    figures = median_ms(lambda: sr.programme(engine), runs)
    naive_p = median_ms(lambda: naive_programme(engine), max(1, runs // 3))
    print(f"[{label}] programme figures: median {figures:.0f} ms; baseline all rows in Python {naive_p:.0f} ms; "
          f"ratio {naive_p / figures:.1f}x")
    programme_screen = screen_open_ms(engine, "p", max(1, runs // 2))
    print(f"[{label}] programme screen, key to figures: median {programme_screen:.0f} ms (target < 1000 ms)")

    with tempfile.TemporaryDirectory() as folder:
        csv_ms = median_ms(lambda: social_return_report(engine, fmt="csv"), max(1, runs // 2))
        xlsx_ms = median_ms(lambda: social_return_report(engine, fmt="xlsx", destination=Path(folder) / "r.xlsx"),
                            max(1, runs // 3))
    print(f"[{label}] report of {contracts:,} contracts: csv median {csv_ms:.0f} ms, xlsx median {xlsx_ms:.0f} ms "
          f"(target < 5000 ms); baseline per-contract lookups {naive:.0f} ms; ratio csv {naive / csv_ms:.1f}x")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=5000)
    parser.add_argument("--contributions", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pg", metavar="URL", help="also run on this PostgreSQL database (it is wiped)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bench(f"sqlite:///{Path(folder) / 'bench.db'}", "sqlite", args.contracts, args.contributions, args.runs)
    if args.pg:
        from sqlalchemy import create_engine

        admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        admin.dispose()
        bench(args.pg, "postgresql", args.contracts, args.contributions, args.runs)


if __name__ == "__main__":
    main()
