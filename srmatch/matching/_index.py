"""Sparse inverted indexes over surface forms, held as numpy arrays.

A query is scored against every surface form at once: each feature (a character n-gram,
a word part) has a posting list of (form, value) arrays, and a query's score per form is
one ``np.bincount`` over the postings of its features.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import pairwise

import numpy as np

from srmatch.matching._normalise import STOPWORDS, normalise_title
from srmatch.matching.vocabulary import Concept

__all__ = [
    "PostingIndex",
    "Postings",
    "char_ngrams",
    "collect_surface_forms",
    "group_bounds",
    "group_starts",
    "index_positions",
    "postings",
    "sparse_dot",
    "unit_tfidf",
]



class PostingIndex:
    """Posting lists ``feature -> (rows, values)`` held in two flat arrays.

    One pair of arrays instead of two small arrays per feature: the same look-ups (slices
    are views), a fraction of the objects, so a prepared matcher loads from the disk cache
    quickly (tens of thousands of n-gram features would otherwise be as many arrays).
    """

    __slots__ = ("_rows", "_spans", "_values")

    def __init__(self, features: Mapping[str, tuple[Sequence[int], Sequence[float]]]) -> None:
        spans: dict[str, tuple[int, int]] = {}
        rows: list[int] = []
        values: list[float] = []
        for feature, (feature_rows, feature_values) in features.items():
            spans[feature] = (len(rows), len(rows) + len(feature_rows))
            rows.extend(feature_rows)
            values.extend(feature_values)
        self._spans = spans
        self._rows = np.array(rows, dtype=np.int32)
        self._values = np.array(values, dtype=np.float64)

    def get(self, feature: str) -> tuple[np.ndarray, np.ndarray] | None:
        """``(rows, values)`` of one feature, or ``None`` when no row has it."""
        span = self._spans.get(feature)
        if span is None:
            return None
        start, stop = span
        return self._rows[start:stop], self._values[start:stop]

    def __getstate__(self) -> tuple[dict[str, tuple[int, int]], np.ndarray, np.ndarray]:
        return self._spans, self._rows, self._values

    def __setstate__(self, state: tuple[dict[str, tuple[int, int]], np.ndarray, np.ndarray]) -> None:
        self._spans, self._rows, self._values = state


Postings = PostingIndex

_LABEL_KIND_RANK = {"preferred": 0, "alternative": 1, "hidden": 2}
_NGRAM_SIZES = (3, 4)


def collect_surface_forms(concepts: Sequence[Concept]) -> list[tuple[int, str, str, str]]:
    """One row ``(concept, label, kind, normalised)`` per distinct normalised title per
    concept, ordered by concept (for ``reduceat``), preferred label first."""
    forms: list[tuple[int, str, str, str]] = []
    for concept_index, concept in enumerate(concepts):
        seen: set[str] = set()
        for kind, label in sorted(concept.surface_forms(), key=lambda item: _LABEL_KIND_RANK[item[0]]):
            normalised = normalise_title(label)
            if normalised and normalised not in seen:
                seen.add(normalised)
                forms.append((concept_index, label, kind, normalised))
        if not seen:
            forms.append((concept_index, concept.preferred_label, "preferred", ""))
    return forms


def group_starts(form_concept: np.ndarray, concept_count: int) -> np.ndarray:
    """Index of each concept's first form in the concept-ordered form arrays."""
    starts = np.searchsorted(form_concept, np.arange(concept_count))
    return starts.astype(np.intp)


def group_bounds(starts: np.ndarray, total: int) -> Iterator[tuple[int, int]]:
    """``(start, stop)`` of each concept's forms."""
    return pairwise([*starts.tolist(), total])


def char_ngrams(text: str) -> Counter[str]:
    """Character 3- and 4-grams of every word (padded with spaces), stop words left out."""
    counts: Counter[str] = Counter()
    for word in text.split():
        if word in STOPWORDS:
            continue
        padded = f" {word} "
        for size in _NGRAM_SIZES:
            for start in range(len(padded) - size + 1):
                counts[padded[start : start + size]] += 1
    return counts


def unit_tfidf(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    """Sublinear TF-IDF of the known features, scaled to unit length."""
    weighted = {gram: (1.0 + math.log(count)) * idf[gram] for gram, count in counts.items() if gram in idf}
    norm = math.sqrt(sum(value * value for value in weighted.values())) or 1.0
    return {gram: value / norm for gram, value in weighted.items()}


def postings(rows: Iterable[tuple[int, dict[str, float]]]) -> PostingIndex:
    """Invert ``(row, {feature: value})`` into an index ``feature -> (rows, values)``."""
    indexes: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
    for row, features in rows:
        for feature, value in features.items():
            entry = indexes[feature]
            entry[0].append(row)
            entry[1].append(value)
    return PostingIndex(indexes)


def sparse_dot(index: Postings, query: dict[str, float], size: int) -> np.ndarray:
    """Per row: the dot product of its features with the query's."""
    rows: list[np.ndarray] = []
    values: list[np.ndarray] = []
    for feature, weight in query.items():
        posting = index.get(feature)
        if posting is not None:
            rows.append(posting[0])
            values.append(posting[1] * weight)
    if not rows:
        return np.zeros(size)
    return np.bincount(np.concatenate(rows), weights=np.concatenate(values), minlength=size)


def index_positions(keys: Iterable[str]) -> dict[str, list[int]]:
    """``{key: [positions]}`` for exact look-ups; empty keys are left out."""
    positions: dict[str, list[int]] = defaultdict(list)
    for position, key in enumerate(keys):
        if key:
            positions[key].append(position)
    return dict(positions)
