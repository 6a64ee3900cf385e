"""Interchangeable word parts, learned from the vocabulary itself plus stated synonyms.

When two titles of one concept differ in exactly one word part ("bediener heftruck" /
"operator heftruck", "leerkracht" / "leraar"), the two parts are used interchangeably for
that occupation. Seen for several concepts, they become a substitute with a similarity
that grows with the evidence. This finds Flemish and Dutch variants and English loans
without a hand-written list; ``data/title_synonyms_nl.csv`` adds the pairs a vocabulary
rarely states itself.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations

import numpy as np

from srmatch.matching._analysis import Analysis, TitleAnalyser
from srmatch.matching._index import group_bounds
from srmatch.matching._normalise import normalise_title
from srmatch.matching._weights import TitleWeights

__all__ = ["Substitutes", "learn_substitutes"]

#: ``{part: [(substitute, similarity), ...]}``, best first.
Substitutes = dict[str, list[tuple[str, float]]]


def ordered_pair(word: str, other: str) -> tuple[str, str]:
    """A word pair in a fixed order, so (a, b) and (b, a) count as one."""
    return (word, other) if word <= other else (other, word)


def synonym_pairs(analyser: TitleAnalyser, synonyms: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Stated synonym pairs as word parts; pairs that are not single parts are skipped,
    because substitutes replace one part of a title by another."""
    pairs = []
    for first, second in synonyms:
        first_parts = analyser.analyse(normalise_title(first)).parts
        second_parts = analyser.analyse(normalise_title(second)).parts
        if len(first_parts) == 1 and len(second_parts) == 1 and first_parts != second_parts:
            pairs.append(ordered_pair(first_parts[0], second_parts[0]))
    return pairs


def learn_substitutes(
    analyses: Sequence[Analysis],
    concept_starts: np.ndarray,
    stated: Sequence[tuple[str, str]],
    weights: TitleWeights,
) -> Substitutes:
    """Substitutes from label pairs of one concept that differ in one word part, plus the
    stated pairs (``stated``: already single word parts) at ``weights.synonym_similarity``."""
    counts: Counter[tuple[str, str]] = Counter()
    for start, stop in group_bounds(concept_starts, len(analyses)):
        part_sets = {frozenset(analyses[form].parts) for form in range(start, stop)}
        seen: set[tuple[str, str]] = set()
        for first, second in combinations(part_sets, 2):
            only_first, only_second = first - second, second - first
            if len(only_first) == 1 and len(only_second) == 1 and first & second:
                pair = ordered_pair(next(iter(only_first)), next(iter(only_second)))
                if pair not in seen:
                    seen.add(pair)
                    counts[pair] += 1
    similarities: dict[tuple[str, str], float] = {}
    for pair, count in counts.items():
        if count >= weights.substitution_min_count:
            similarities[pair] = weights.substitution_scale * count / (count + weights.substitution_prior)
    for pair in stated:
        similarities[pair] = max(similarities.get(pair, 0.0), weights.synonym_similarity)
    substitutes: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (word, other), similarity in similarities.items():
        substitutes[word].append((other, similarity))
        substitutes[other].append((word, similarity))
    return {
        part: sorted(options, key=lambda option: (-option[1], option[0]))[: weights.max_substitutes]
        for part, options in substitutes.items()
    }
