"""Occupation vocabulary use cases: import an ESCO export, pick the active vocabulary, suggest.

The shipped srmatch vocabulary serves until a municipality imports ESCO; from then on the
imported concepts (occupations and ISCO groups) are used. An import replaces the previous
ESCO rows in one transaction, so a re-import is idempotent and a failed one changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from threading import Lock

from sqlalchemy import Engine, delete, func, insert
from sqlmodel import col, select

from srmatch.matching.titles import TitleMatcher, TitleSuggestion
from srmatch.matching.vocabulary import (
    Concept,
    Vocabulary,
    VocabularyFormatError,
    load_builtin_vocabulary,
    read_esco_isco_groups,
    read_esco_occupations,
)
from srmatch.errors import InvalidRequest, UserFacingError, data_file_message
from srmatch.i18n import t
from srmatch.services import audit
from srmatch.services.audit import Actor
from srmatch.services.matcher_cache import prepared_matcher
from srmatch.store.engine import session_scope
from srmatch.store.models import OccupationConcept, utc_now

ESCO_SOURCE = "esco"
_LABEL_SEPARATOR = "\n"


class VocabularyFileRejected(UserFacingError):
    """An ESCO export that cannot be imported; the message names the file, row and field."""


@dataclass(frozen=True)
class ImportSummary:
    """What an ESCO import stored."""

    occupations: int
    isco_groups: int
    replaced: int


def import_esco(
    engine: Engine, occupations_csv: Path, isco_groups_csv: Path | None, actor: Actor
) -> ImportSummary:
    """Replace the stored ESCO vocabulary with the given export files.

    Both files are read and validated completely before the database is touched.
    """
    try:
        occupations = read_esco_occupations(occupations_csv)
        groups = read_esco_isco_groups(isco_groups_csv) if isco_groups_csv else []
    except VocabularyFormatError as error:  # the user's file: its row and field, in one line
        raise VocabularyFileRejected(data_file_message(error)) from error
    now = utc_now()
    rows = [_concept_row(concept, now) for concept in [*occupations, *groups]]
    with session_scope(engine) as session:
        replaced = session.exec(
            select(func.count()).select_from(OccupationConcept).where(OccupationConcept.source == ESCO_SOURCE)
        ).one()
        session.execute(delete(OccupationConcept).where(col(OccupationConcept.source) == ESCO_SOURCE))
        if rows:
            session.execute(insert(OccupationConcept), rows)
        audit.record(
            session,
            actor,
            "vocabulary.import_esco",
            "occupation_concept",
            reason=f"{len(occupations)} occupations, {len(groups)} ISCO groups from {Path(occupations_csv).name}",
        )
    return ImportSummary(occupations=len(occupations), isco_groups=len(groups), replaced=int(replaced))


def _concept_row(concept: Concept, now: object) -> dict[str, object]:
    return {
        "uri": concept.uri,
        "source": ESCO_SOURCE,
        "kind": concept.kind,
        "preferred_label": concept.preferred_label,
        "alt_labels": _LABEL_SEPARATOR.join(concept.alt_labels),
        "hidden_labels": _LABEL_SEPARATOR.join(concept.hidden_labels),
        "isco_code": concept.isco_code,
        "code": concept.code,
        "description": concept.description,
        "imported_at": now,
    }


def _split(labels: str) -> tuple[str, ...]:
    return tuple(label for label in labels.split(_LABEL_SEPARATOR) if label)


def active_vocabulary(engine: Engine) -> Vocabulary:
    """The imported ESCO vocabulary when there is one, else srmatch's own."""
    with session_scope(engine) as session:
        stored = session.exec(
            select(OccupationConcept).where(OccupationConcept.source == ESCO_SOURCE).order_by(col(OccupationConcept.id))
        ).all()
        concepts = tuple(
            Concept(
                uri=row.uri,
                preferred_label=row.preferred_label,
                kind=row.kind,
                isco_code=row.isco_code,
                alt_labels=_split(row.alt_labels),
                hidden_labels=_split(row.hidden_labels),
                code=row.code,
                description=row.description,
            )
            for row in stored
        )
    if concepts:
        return Vocabulary(concepts=concepts, source=ESCO_SOURCE)
    return load_builtin_vocabulary()


# Per database URL: the vocabulary stamp the matcher was built for, and the matcher.
_matcher_cache: dict[str, tuple[tuple[object, ...], TitleMatcher]] = {}
_matcher_lock = Lock()


def _vocabulary_stamp(engine: Engine) -> tuple[object, ...]:
    """A cheap stamp that changes whenever the stored vocabulary does: an import replaces
    every row in one transaction, so the count, the highest id and the import time move."""
    with session_scope(engine) as session:
        count, highest, imported = session.execute(
            select(func.count(), func.max(OccupationConcept.id), func.max(OccupationConcept.imported_at)).where(
                col(OccupationConcept.source) == ESCO_SOURCE
            )
        ).one()
    return (int(count), highest, str(imported))


def title_matcher(engine: Engine) -> TitleMatcher:
    """The prepared title matcher for the vocabulary in this database.

    Kept once per process and vocabulary, and on disk between processes
    (:mod:`srmatch.services.matcher_cache`), so a one-off command loads it instead of
    preparing it; an import of another vocabulary is picked up on the next call. The one
    function every service uses to match titles to concepts.
    """
    url, stamp = str(engine.url), _vocabulary_stamp(engine)
    with _matcher_lock:
        cached = _matcher_cache.get(url)
        if cached is None or cached[0] != stamp:
            cached = (stamp, prepared_matcher(active_vocabulary(engine)).matcher)
            _matcher_cache[url] = cached
        return cached[1]


def matcher_for(engine: Engine) -> TitleMatcher:
    """The same as :func:`title_matcher` (its earlier name, kept for callers)."""
    return title_matcher(engine)


def suggest_titles(engine: Engine, titles: Sequence[str], *, top: int = 5) -> list[list[TitleSuggestion]]:
    """Top ``top`` vocabulary concepts for each title, in input order."""
    if top < 1:
        raise InvalidRequest(t("error.suggestions_top", top=top))
    return title_matcher(engine).suggest_many(list(titles), top=top)


def plain_reason(suggestion: TitleSuggestion) -> str:
    """Why an occupation is suggested, in words a caseworker reads without knowing the
    matcher ("'kantoorschoonmaker' is another name for this occupation"), in the current
    language. ``suggestion.why`` keeps the matcher's own wording for tools (``--json``)."""
    texts: list[str] = []
    for item in suggestion.why_parts:
        values = item.fields
        key = f"vocabulary.why.{item.code}"
        if item.code == "exact" and values.get("kind") == "preferred":
            key = "vocabulary.why.exact_name"
        elif item.code in ("head", "head_of_compound") and values.get("label", "").casefold() == values["head"].casefold():
            key += "_itself"
        if item.code == "described":
            values["words"] = ", ".join(f"'{word}'" for word in values["words"].split("\n"))
        texts.append(t(key, **values))
    text = "; ".join(texts) or suggestion.why
    return text[:1].upper() + text[1:]
