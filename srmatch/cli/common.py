"""What every command module of the CLI shares: the parser class, argument types, output helpers.

Each command group lives in its own module (``srmatch/cli/<group>.py``) with a
``register(commands)`` function; ``srmatch/cli/__init__.py`` lists the modules. Heavy imports
(SQLAlchemy, services) happen inside the handlers, so ``srmatch --version`` stays fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from srmatch.i18n import t

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from srmatch.config import Settings
    from srmatch.services.audit import Actor

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2

#: The ``add_subparsers`` result a ``register`` function receives.
Commands = Any


class Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line with the usage hint."""

    def error(self, message: str) -> Any:
        self.exit(EXIT_USAGE, t("cli.usage_error", prog=self.prog, message=message) + "\n")


def _whole_number(text: str, minimum: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.not_a_whole_number", text=text)) from None
    if value < minimum:
        raise argparse.ArgumentTypeError(t("cli.at_least", text=text, minimum=minimum))
    return value


def iso_date(text: str) -> dt.date:
    """argparse type: a date as YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.not_a_date", text=text)) from None


def positive_int(text: str) -> int:
    """argparse type: a whole number of 1 or more."""
    return _whole_number(text, 1)


def non_negative_int(text: str) -> int:
    """argparse type: a whole number of 0 or more."""
    return _whole_number(text, 0)


def open_engine(settings: Settings) -> Engine:
    """The database of these settings, upgraded to this version of srmatch."""
    from srmatch.store.migrate import open_database

    return open_database(settings.database_url)


def actor(settings: Settings) -> Actor:
    """Who is at the keyboard, for the audit log."""
    from srmatch.services.audit import current_actor

    return current_actor(settings.user_login)


def registered_actor(settings: Settings, engine: Engine) -> Actor:
    """The registered person at the keyboard, with their role (see ``srmatch.services.users``).

    Raises a one-line ``UnknownUser`` error for a login that is not registered. While the
    database has nobody registered, the login acts as admin and a note says so on stderr.
    """
    from srmatch.services.users import resolve_actor

    person = resolve_actor(engine, settings.user_login)
    if person.bootstrap:
        stderr(t("users.bootstrap", login=person.login))
    return person


def print_json(data: Any) -> None:
    """One JSON document on one line of stdout."""
    print(json.dumps(data, ensure_ascii=False, indent=None))


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A plain left-aligned text table on stdout."""
    texts = [[("" if cell is None else str(cell)) for cell in row] for row in rows]
    widths = [max([len(header)] + [len(row[i]) for row in texts]) for i, header in enumerate(headers)]
    print("  ".join(header.ljust(widths[i]) for i, header in enumerate(headers)).rstrip())
    for row in texts:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())


def print_fields(data: dict[str, Any]) -> None:
    """A record as ``label  value`` lines."""
    width = max(len(key) for key in data)
    for key, value in data.items():
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        print(f"{key.ljust(width)}  {'' if value is None else value}")


def print_record(fields: dict[str, Any], status_prefix: str = "") -> None:
    """A record as ``label  value`` lines for people: the record screen's labels and values
    (``srmatch.formatting.record_lines``), continuation lines of a long value indented."""
    from srmatch.formatting import record_lines

    lines = record_lines(fields, status_prefix)
    width = max((len(label) for label, _ in lines), default=0)
    for label, text in lines:
        first, *rest = text.splitlines() or [""]
        print(f"{label.ljust(width)}  {first}".rstrip())
        for line in rest:
            print(f"{'':{width}}  {line}".rstrip())


def stderr(message: str) -> None:
    """A line for the person, not for a pipe."""
    print(message, file=sys.stderr)
