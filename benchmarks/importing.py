"""Importing 100,000 job seekers from CSV and from XLSX, against a plain csv + executemany floor.

Targets (issue #8): 100,000 seeker rows from CSV in under 20 s and from XLSX in under 60 s,
on 2 cores. Reported beside a floor measured in the same run on the same file: the standard
library's ``csv`` reader feeding one ``sqlite3`` ``executemany`` into the same ``job_seeker``
table, with no validation at all — the fastest the rows can go in. Each figure is the median
of ``--repeat`` runs, each into a fresh SQLite database (so every row is "added"); a second
import of the same CSV (every row "unchanged") is measured as well.

    python benchmarks/importing.py [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import openpyxl

from srmatch.services.audit import Actor
from srmatch.services.importing import import_file
from srmatch.store.migrate import open_database

ADMIN = Actor(login="benchmark", origin="benchmark", role="admin")
HEADER = [
    "client_number", "display_name", "email", "phone", "postcode", "target_group", "ladder_rung", "desired_occupations",
    "skills", "certificates", "driving_licences", "hours_min", "hours_max", "max_travel_km", "travels_independently",
    "work_restrictions", "available_from", "status", "last_contact_on", "consent_anonymous_profile",
]  # fmt: skip
GROUPS = ["participatiewet", "ww", "wia", "wajong", "banenafspraak", "statushouder", "zonder_uitkering"]


def rows(count: int) -> list[list[object]]:
    """Deterministic, realistic rows (the same every run)."""
    rng = random.Random(8)
    out: list[list[object]] = []
    for i in range(count):
        low = rng.choice([8, 12, 16, 20, 24])
        out.append([
            f"KL{i:07d}", f"Persoon {i}", f"p{i}@example.org", f"06 {rng.randrange(10**8):08d}",
            f"{rng.randrange(3000, 3200)} {rng.choice('ABCDEFGH')}{rng.choice('ABCDEFGH')}", rng.choice(GROUPS),
            rng.randint(1, 6), "schoonmaker|magazijnmedewerker", "schoonmaken|klantvriendelijk", "VCA", "B", low,
            low + rng.choice([8, 12, 16]), rng.choice([5, 10, 15, 25]), rng.choice(["ja", "nee"]), "geen nachtdiensten",
            dt.date(2026, 12, 1) + dt.timedelta(days=rng.randrange(90)), "actief", dt.date(2026, 11, 1), "ja",
        ])  # fmt: skip
    return out


def write_csv(path: Path, data: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for row in data:
            writer.writerow([value.strftime("%d-%m-%Y") if isinstance(value, dt.date) else value for value in row])


def write_xlsx(path: Path, data: list[list[object]]) -> None:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("werkzoekenden")
    sheet.append(HEADER)
    for row in data:
        sheet.append(row)
    workbook.save(path)


Timing = tuple[float, float]  # (wall seconds, CPU seconds of this process)


def _timer() -> Timing:
    return time.perf_counter(), time.process_time()


def _since(start: Timing) -> Timing:
    return time.perf_counter() - start[0], time.process_time() - start[1]


def floor(folder: Path, csv_path: Path, run: int) -> Timing:
    """csv.reader + one executemany into the real table; no checks, lists as JSON text."""
    database = folder / f"floor-{run}.db"
    open_database(f"sqlite:///{database}").dispose()
    now = dt.datetime.now(dt.UTC).isoformat()
    start = _timer()
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        values = [
            (r[0], r[1], r[2], r[3], r[4], r[5], int(r[6]), json.dumps(r[7].split("|")), "[]", json.dumps(r[8].split("|")),
             json.dumps([r[9]]), json.dumps([r[10]]), int(r[11]), int(r[12]), float(r[13]), r[14] == "ja",
             json.dumps([r[15]]), r[16], "active", r[18], r[19] == "ja", now, now)
            for r in reader
        ]  # fmt: skip
    with connection:
        connection.executemany(
            "INSERT INTO job_seeker (client_number, display_name, email, phone, postcode, target_group, ladder_rung, "
            "desired_occupations, experience, skills, certificates, driving_licences, hours_min, hours_max, max_travel_km, "
            "travels_independently, work_restrictions, available_from, status, last_contact_on, consent_anonymous_profile, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values,
        )
    connection.close()
    return _since(start)


def srmatch_import(folder: Path, path: Path, run: int, expected: int, *, again: bool = False, sheet: str | None = None) -> Timing:
    engine = open_database(f"sqlite:///{folder / f'{path.suffix[1:]}-{run}.db'}")
    if again:
        import_file(engine, "seekers", path, ADMIN, sheet=sheet)
    start = _timer()
    report = import_file(engine, "seekers", path, ADMIN, sheet=sheet)
    elapsed = _since(start)
    engine.dispose()
    done = report.unchanged if again else report.added
    assert report.ok and done == expected, (report.refused, report.problems[:3], report.added, report.unchanged)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-xlsx", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        data = rows(args.rows)
        csv_path, xlsx_path = folder / "seekers.csv", folder / "seekers.xlsx"
        write_csv(csv_path, data)
        if not args.skip_xlsx:
            write_xlsx(xlsx_path, data)
        results: dict[str, list[Timing]] = {"floor": [], "csv": [], "csv_again": [], "xlsx": []}
        for run in range(args.repeat):
            results["floor"].append(floor(folder, csv_path, run))
            results["csv"].append(srmatch_import(folder, csv_path, run, args.rows))
            results["csv_again"].append(srmatch_import(folder, csv_path, run + 100, args.rows, again=True))
            if not args.skip_xlsx:
                results["xlsx"].append(srmatch_import(folder, xlsx_path, run, args.rows))
        wall = {key: statistics.median(t[0] for t in values) for key, values in results.items() if values}
        cpu = {key: statistics.median(t[1] for t in values) for key, values in results.items() if values}
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"{args.rows:,} job-seeker rows, {len(HEADER)} columns; median of {args.repeat} runs; {cores} cores "
              f"(load average {load:.1f}); SQLite. Wall time, then CPU time of this process.")
        lines = [
            ("floor", "floor: csv.reader + executemany, no checks", ""),
            ("csv", "srmatch import, CSV (all rows added)", " (target < 20 s)"),
            ("csv_again", "srmatch import, same CSV again (unchanged)", ""),
            ("xlsx", "srmatch import, XLSX (all rows added)", " (target < 60 s)"),
        ]
        for key, label, target in lines:
            if key not in wall:
                continue
            ratio = "" if key == "floor" else f"  {wall[key] / wall['floor']:5.1f}x floor"
            print(f"  {label:<44} {wall[key]:7.2f} s wall  {cpu[key]:7.2f} s CPU{ratio}"
                  f"{target if args.rows == 100_000 else ''}")


if __name__ == "__main__":
    main()
