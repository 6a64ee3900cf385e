"""Refit the title matcher's fusion weights self-supervised on ESCO itself.

No evaluation data is used: every ESCO alternative label belongs to a known concept, so a
held-out label that must find its own concept is a free labelled query. Protocol (the one
that produced the shipped ``TitleWeights``, see docs/title-matching.md §5):

1. Candidates: alternative labels of occupations (not ISCO groups), at least 4 characters,
   not identical after ``normalise_title`` to another label of the same concept, and whose
   normal form and compact form are not a label of any other concept.
2. Hold out a random 20 % (``--holdout``), build a ``TitleMatcher`` on ESCO without them
   and query each held-out label; gold is its own concept.
3. Coordinate ascent (objective success@1 + success@5 + MRR@10) over the fusion weights,
   ``--rounds`` rounds, each weight tried at 0, ½, ¾, 4/3 and 2 times its value. The five
   exact-match weights are frozen: with its own label removed an exact hit can only point
   at a wrong concept, so the task would drive them to zero.
4. One fit per seed (``--seeds``, shipped: 11 12 13 14); the vectors are averaged and
   rounded to two significant digits, and printed as ``TitleWeights(...)``.

    python benchmarks/fit_title_weights.py [--data-dir ../shared/data/external]
        [--seeds 11 12 13 14] [--holdout 0.2] [--sample N] [--rounds 3] [--json]

CPU: one evaluation of 2,006 held-out labels takes ≈3 s on one core; a full fit (4 seeds,
3 rounds, 19 weights × 4 values) is about 40 minutes. ``--sample 300 --rounds 1`` checks
the machinery in a couple of minutes.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import random
import sys
from collections.abc import Sequence
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from srmatch.matching.titles import TitleMatcher, TitleWeights, normalise_title  # noqa: E402
from srmatch.matching.vocabulary import (  # noqa: E402
    ISCO_GROUP,
    Concept,
    Vocabulary,
    read_esco_isco_groups,
    read_esco_occupations,
)

#: Weights the self-supervised task cannot fit (see the module docstring).
FROZEN = frozenset({"exact", "compact_exact", "generic_exact", "exact_preferred", "compact_any"})
#: The fusion weights that are fitted.
FITTED = (
    "char_cosine", "part_dice", "part_coverage", "head_match", "preferred_label",
    "best_form", "char_best", "char_preferred", "dice_best", "dice_preferred", "head_best", "head_preferred",
    "mean_form", "unit_group_best", "matching_forms", "broad_concept", "occupation_prior", "form_count",
    "description",
)
GRID = (0.0, 0.5, 0.75, 4 / 3, 2.0)


def candidate_labels(concepts: Sequence[Concept]) -> list[tuple[int, str]]:
    """(concept index, alternative label) pairs fit to be held out (protocol step 1)."""
    owners: dict[str, set[int]] = {}
    for index, concept in enumerate(concepts):
        for _, label in concept.surface_forms():
            normal = normalise_title(label)
            for key in (normal, normal.replace(" ", "")):
                owners.setdefault(key, set()).add(index)
    candidates = []
    for index, concept in enumerate(concepts):
        if concept.kind == ISCO_GROUP:
            continue
        own = [normalise_title(label) for _, label in concept.surface_forms()]
        for label in concept.alt_labels:
            normal = normalise_title(label)
            if len(label) < 4 or own.count(normal) > 1:
                continue
            if owners.get(normal, set()) - {index} or owners.get(normal.replace(" ", ""), set()) - {index}:
                continue
            candidates.append((index, label))
    return candidates


def without(concepts: Sequence[Concept], held_out: set[tuple[int, str]]) -> tuple[Concept, ...]:
    """The vocabulary with the held-out alternative labels removed."""
    result = []
    for index, concept in enumerate(concepts):
        kept = tuple(label for label in concept.alt_labels if (index, label) not in held_out)
        result.append(dataclasses.replace(concept, alt_labels=kept))
    return tuple(result)


def objective(matcher: TitleMatcher, queries: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    """success@1, success@5 and MRR@10 of ``queries`` against their gold URIs."""
    hits_1 = hits_5 = reciprocal = 0.0
    for found, answer in zip(matcher.suggest_many(list(queries), top=10), gold, strict=True):
        uris = [suggestion.uri for suggestion in found]
        if answer in uris:
            rank = uris.index(answer) + 1
            hits_1 += rank == 1
            hits_5 += rank <= 5
            reciprocal += 1.0 / rank
    count = len(gold) or 1
    return hits_1 / count, hits_5 / count, reciprocal / count


def fit_one(
    concepts: Sequence[Concept], seed: int, holdout: float, sample: int | None, rounds: int, start: TitleWeights
) -> tuple[TitleWeights, tuple[float, float, float], tuple[float, float, float]]:
    """Coordinate ascent on one random hold-out; returns (weights, before, after)."""
    rng = random.Random(seed)
    candidates = candidate_labels(concepts)
    held = rng.sample(candidates, round(holdout * len(candidates)))
    if sample is not None:
        held = held[:sample]
    vocabulary = Vocabulary(without(concepts, set(held)), "esco")
    queries = [label for _, label in held]
    gold = [concepts[index].uri for index, _ in held]
    base = TitleMatcher(vocabulary, start)
    weights = start
    best = objective(base, queries, gold)
    before = best
    for round_number in range(rounds):
        for name in FITTED:
            value = getattr(weights, name)
            options = sorted({_round(value * factor) for factor in GRID} | ({0.1} if value == 0 else set()))
            for option in options:
                if option == value:
                    continue
                trial = dataclasses.replace(weights, **{name: option})
                figures = objective(base.with_weights(trial), queries, gold)
                if sum(figures) > sum(best) + 1e-9:
                    best, weights, value = figures, trial, option
            print(f"seed {seed} round {round_number + 1} {name} = {value}  objective {sum(best):.4f}", file=sys.stderr)
    return weights, before, best


def _round(value: float) -> float:
    """Two significant digits, so fitted vectors read as what they are: rough."""
    if value == 0:
        return 0.0
    return round(value, 1 - int(math.floor(math.log10(abs(value)))))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=REPOSITORY.parent / "shared" / "data" / "external")
    parser.add_argument("--seeds", type=int, nargs="+", default=[11, 12, 13, 14])
    parser.add_argument("--holdout", type=float, default=0.2, help="share of candidate labels held out (0.2)")
    parser.add_argument("--sample", type=int, help="use only the first N held-out labels (quick check)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args(argv)
    data = arguments.data_dir
    concepts = tuple(
        read_esco_occupations(data / "esco_v1.2.0_occupations_nl.csv")
        + read_esco_isco_groups(data / "esco_v1.2.0_ISCOGroups_nl.csv")
    )
    start = TitleWeights()
    fits = []
    for seed in arguments.seeds:
        weights, before, after = fit_one(concepts, seed, arguments.holdout, arguments.sample, arguments.rounds, start)
        fits.append({"seed": seed, "before": before, "after": after, "weights": {n: getattr(weights, n) for n in FITTED}})
    mean = {name: _round(sum(fit["weights"][name] for fit in fits) / len(fits)) for name in FITTED}
    if arguments.json:
        print(json.dumps({"fits": fits, "mean": mean}, indent=2))
        return 0
    for fit in fits:
        b, a = fit["before"], fit["after"]
        print(f"seed {fit['seed']}: s@1/s@5/MRR {b[0]:.3f}/{b[1]:.3f}/{b[2]:.3f} -> {a[0]:.3f}/{a[1]:.3f}/{a[2]:.3f}")
    print("TitleWeights(" + ", ".join(f"{name}={value}" for name, value in mean.items()) + ")")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
