"""Folded search keys: how "celik" finds Çelik and "aydin" finds Aydın, on SQLite and PostgreSQL alike.

Neither database folds accents the same way (SQLite's ``LIKE`` only ignores ASCII case;
PostgreSQL needs the ``unaccent`` extension and a locale), so srmatch folds in Python, once,
when a row is written: ``job_seeker``, ``vacancy`` and ``organisation`` have a ``search_key`` holding the row's
searchable text lower-cased, without diacritics and punctuation. A search folds the typed
text with the same :func:`fold` and matches each word with a plain ``LIKE``.

The key is filled for every write path: ORM inserts and updates (mapper events, below) and
Core ``executemany`` inserts that leave the column out (a context-sensitive column default,
as the demo writer does). A Core ``UPDATE`` of a name must set the key itself
(:func:`seeker_key`). Migration 0009 fills the keys of existing rows; a change to
:func:`fold` needs a migration that rebuilds them (:func:`rebuild_search_keys`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, text

#: Letters that Unicode does not decompose into a base letter plus an accent.
_SPECIAL_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ĳ": "ij"})
_NON_WORD = re.compile(r"[\W_]+")


def fold(value: str | None) -> str:
    """Lower case, no diacritics, punctuation as spaces, single spaces: ``"Çelik-Aydın"`` → ``"celik aydin"``."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", value.casefold().translate(_SPECIAL_LETTERS))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NON_WORD.sub(" ", bare).split())


def compact(value: str | None) -> str:
    """Folded without spaces, for codes typed with or without them: ``"3073 AB"`` → ``"3073ab"``."""
    return fold(value).replace(" ", "")


def seeker_key(display_name: str | None, client_number: str | None, postcode: str | None) -> str:
    """The searchable text of a job seeker: name, client number, postcode (nothing else personal)."""
    return " ".join(part for part in (fold(display_name), compact(client_number), compact(postcode)) if part)


def vacancy_key(title: str | None, reference: str | None, postcode: str | None, description: str | None) -> str:
    """The searchable text of a vacancy: title, reference (with and without separators), postcode, description."""
    parts = (fold(title), compact(reference), fold(reference), compact(postcode), fold(description))
    return " ".join(part for part in parts if part)


def organisation_key(name: str | None, kvk_number: str | None) -> str:
    """The searchable text of an organisation: its name and KvK number."""
    return " ".join(part for part in (fold(name), compact(kvk_number)) if part)


def _organisation_from(values: Mapping[str, Any]) -> str:
    return organisation_key(values.get("name"), values.get("kvk_number"))


def organisation_key_default(context: Any) -> str:
    """Column default for Core inserts that leave ``search_key`` out (called once per row)."""
    return _organisation_from(context.get_current_parameters())


def set_organisation_key(_mapper: Any, _connection: Any, target: Any) -> None:
    """ORM insert/update: recompute the key from the object as it will be written."""
    target.search_key = organisation_key(target.name, target.kvk_number)


def _seeker_from(values: Mapping[str, Any]) -> str:
    return seeker_key(values.get("display_name"), values.get("client_number"), values.get("postcode"))


def _vacancy_from(values: Mapping[str, Any]) -> str:
    return vacancy_key(values.get("title"), values.get("reference"), values.get("postcode"), values.get("description"))


def seeker_key_default(context: Any) -> str:
    """Column default for Core inserts that leave ``search_key`` out (called once per row)."""
    return _seeker_from(context.get_current_parameters())


def vacancy_key_default(context: Any) -> str:
    """Column default for Core inserts that leave ``search_key`` out (called once per row)."""
    return _vacancy_from(context.get_current_parameters())


def set_seeker_key(_mapper: Any, _connection: Any, target: Any) -> None:
    """ORM insert/update: recompute the key from the object as it will be written."""
    target.search_key = seeker_key(target.display_name, target.client_number, target.postcode)


def set_vacancy_key(_mapper: Any, _connection: Any, target: Any) -> None:
    """ORM insert/update: recompute the key from the object as it will be written."""
    target.search_key = vacancy_key(target.title, target.reference, target.postcode, target.description)


def rebuild_search_keys(connection: Connection) -> None:
    """Recompute every row's key (migrations; after a change to :func:`fold`)."""
    seekers = connection.execute(text("SELECT id, display_name, client_number, postcode FROM job_seeker")).mappings().all()
    if seekers:
        connection.execute(
            text("UPDATE job_seeker SET search_key = :key WHERE id = :id"),
            [{"id": row["id"], "key": _seeker_from(dict(row))} for row in seekers],
        )
    organisations = connection.execute(text("SELECT id, name, kvk_number FROM organisation")).mappings().all()
    if organisations:
        connection.execute(
            text("UPDATE organisation SET search_key = :key WHERE id = :id"),
            [{"id": row["id"], "key": _organisation_from(dict(row))} for row in organisations],
        )
    vacancies = connection.execute(text("SELECT id, title, reference, postcode, description FROM vacancy")).mappings().all()
    if vacancies:
        connection.execute(
            text("UPDATE vacancy SET search_key = :key WHERE id = :id"),
            [{"id": row["id"], "key": _vacancy_from(dict(row))} for row in vacancies],
        )
