"""The one writer of the demo: refuses a database with real records, replaces an earlier demo.

Every row the demo writes carries ``is_demo = true``; a row where it is false, or any row
in a domain table without the marker, is a real record. The demo runs only when the
database holds no real records apart from staff accounts (the app registers people
itself); it then deletes the earlier demo's rows (and only those) and writes the new ones.
A table the demo writes must have the marker (``store.models.demo_marker``); a table that is
not a domain record (an index, a cache) goes in ``_NOT_DOMAIN_TABLES``.

Large tables go in with Core ``executemany`` inserts and explicit ids, all in one
transaction: a failure leaves the store exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, false, func, insert, literal_column, select, text, true

from srmatch.errors import InvalidRequest, UserFacingError
from srmatch.services import audit
from srmatch.services.audit import Actor
from srmatch.services.demo import contracts as _contracts
from srmatch.services.demo import contributions as _contributions
from srmatch.services.demo import enforcement as _enforcement
from srmatch.services.demo import organisations as _organisations
from srmatch.services.demo import placements as _placements
from srmatch.services.demo import seekers as _seekers
from srmatch.services.demo import users as _users
from srmatch.services.demo import vacancies as _vacancies
from srmatch.services.demo.common import DemoContext
from srmatch.services.demo.reference import load_reference
from srmatch.store import models
from srmatch.store.engine import session_scope

DEFAULT_SEEKERS = 400
DEFAULT_VACANCIES = 200
DEMO_ACTION = "demo.generate"
#: The column that marks a row as written by the demo (``store.models.demo_marker``).
MARKER = "is_demo"

# Tables that are not domain records: the audit trail stays, imported vocabularies stay.
_NOT_DOMAIN_TABLES = frozenset({"audit_event", "occupation_concept", "postcode_centroid"})
# Staff accounts alone do not make a database "real" (the app may register its user on start).
_STAFF_TABLE = "app_user"
#: The builders, in the order they run (each reads what the earlier ones made).
_BUILDERS = (_users, _organisations, _contracts, _vacancies, _seekers, _placements, _contributions, _enforcement)


class DemoRefused(UserFacingError):
    """The database holds records that are not demo data; the message says so in one line."""


@dataclass(frozen=True)
class DemoSummary:
    """How many rows of each kind the demo generator wrote."""

    users: int
    organisations: int
    contracts: int
    vacancies: int
    seekers: int
    placements: int
    contributions: int
    enforcement_actions: int


def build_dataset(
    *, seed: int, seekers: int, vacancies: int, today: dt.date, user_id_offset: int = 0,
    taken_logins: frozenset[str] = frozenset(),
) -> dict[str, list[dict[str, Any]]]:
    """All rows of a demo dataset, per table, without touching a database."""
    ctx = DemoContext(seed=seed, n_seekers=seekers, n_vacancies=vacancies, today=today,
                      user_id_offset=user_id_offset, taken_logins=taken_logins, ref=load_reference())
    for builder in _BUILDERS:
        builder.build(ctx)
    return ctx.rows


def _domain_tables() -> list[Table]:
    """Domain tables, parents first (the audit trail and imported vocabularies excluded)."""
    return [table for table in models.metadata.sorted_tables if table.name not in _NOT_DOMAIN_TABLES]


def _holds_real_rows(connection: Connection, table: Table) -> bool:
    """Whether ``table`` has a row the demo did not write (any row, in a table without the marker)."""
    condition = table.c[MARKER] == false() if MARKER in table.c else true()
    return connection.execute(select(literal_column("1")).select_from(table).where(condition).limit(1)).first() is not None


def _insert(connection: Connection, table: Table, rows: list[dict[str, Any]], batch: int = 5000) -> None:
    """Bulk insert with executemany, in batches to keep memory and statement size bounded."""
    for start in range(0, len(rows), batch):
        connection.execute(insert(table), rows[start:start + batch])


def _advance_sequences(connection: Connection, tables: Sequence[Table]) -> None:
    """PostgreSQL: move each id sequence past the explicit ids (never backwards)."""
    if connection.dialect.name != "postgresql":
        return
    quote = connection.dialect.identifier_preparer.quote
    for table in tables:
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        ).scalar()
        if sequence is None:
            continue
        connection.execute(text(
            f"SELECT setval(:sequence, GREATEST((SELECT COALESCE(MAX(id), 0) FROM {quote(table.name)}), "
            f"(SELECT last_value FROM {sequence}), 1))"
        ), {"sequence": sequence})


def generate_demo(
    engine: Engine,
    *,
    seekers: int = DEFAULT_SEEKERS,
    vacancies: int = DEFAULT_VACANCIES,
    seed: int = 2024,
    actor: Actor | None = None,
    today: dt.date | None = None,
) -> DemoSummary:
    """Fill an empty (or earlier demo) database with an invented, reproducible dataset.

    Raises DemoRefused when the database holds records that were not made by this
    generator. Everything happens in one transaction; on any error nothing changes.
    """
    if seekers < 0 or vacancies < 0:
        raise InvalidRequest(f"the numbers of job seekers and vacancies cannot be negative, not {seekers} and {vacancies}")
    today = today or dt.date.today()
    actor = actor or audit.current_actor()
    tables = _domain_tables()
    by_name = {table.name: table for table in tables}
    from srmatch.services.occupations import code_demo_rows, occupation_matcher

    matcher = occupation_matcher(engine)  # prepared before the transaction: it reads the vocabulary
    with session_scope(engine) as session:
        connection = session.connection()
        real = [table.name for table in tables if table.name != _STAFF_TABLE and _holds_real_rows(connection, table)]
        if real:
            raise DemoRefused(
                f"this database holds real records ({', '.join(real)}); demo data goes only into an empty "
                "database or one that holds demo data alone"
            )
        for table in reversed(tables):  # the earlier demo's rows, children first; real staff stay
            if MARKER in table.c:
                connection.execute(delete(table).where(table.c[MARKER] == true()))
        staff = by_name[_STAFF_TABLE]
        offset = connection.execute(select(func.max(staff.c.id))).scalar() or 0
        taken = frozenset(connection.execute(select(staff.c.login)).scalars())
        rows = build_dataset(seed=seed, seekers=seekers, vacancies=vacancies, today=today, user_id_offset=offset,
                             taken_logins=taken)
        code_demo_rows(matcher, rows)
        for table in tables:
            table_rows = rows.get(table.name, [])
            if MARKER in table.c:
                for row in table_rows:
                    row[MARKER] = True
            elif table_rows:
                raise AssertionError(f"demo rows for {table.name}, which has no {MARKER} column")
            _insert(connection, table, table_rows)
        _advance_sequences(connection, tables)
        audit.record(session, actor, DEMO_ACTION, "database",
                     reason=f"seed={seed} seekers={seekers} vacancies={vacancies} today={today.isoformat()}")
    return DemoSummary(
        users=len(rows["app_user"]), organisations=len(rows["organisation"]), contracts=len(rows["contract"]),
        vacancies=len(rows["vacancy"]), seekers=len(rows["job_seeker"]), placements=len(rows["placement"]),
        contributions=len(rows["contribution"]), enforcement_actions=len(rows["enforcement_action"]),
    )
