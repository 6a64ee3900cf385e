"""Refit the title matcher's fusion weights self-supervised on ESCO itself, reproducibly.

No evaluation data is used: every ESCO alternative label belongs to a known concept, so a
held-out label that must find its own concept is a free labelled query. The shipped
``TitleWeights`` are exactly what this script prints when it is run as recorded in
``benchmarks/title_weights_fit.json`` (the fit record: start vector, protocol, the commit of
the matcher it ran on, every seed's result and the mean); ``--check`` runs that fit again and
compares. Protocol (docs/title-matching.md §5):

1. Candidates: alternative labels of occupations (not ISCO groups), at least 4 characters,
   not identical after ``normalise_title`` to another label of the same concept, and whose
   normal form and compact form are not a label of any other concept.
2. Hold out a random 20 % (``--holdout``), build a ``TitleMatcher`` on ESCO without them
   and query each held-out label; gold is its own concept.
3. Coordinate ascent (objective success@1 + success@5 + MRR@10) over the fusion weights,
   ``--rounds`` rounds, each weight tried at 0, ½, ¾, 4/3 and 2 times its value, from the
   start vector (``--start``: a fit record's ``start`` or a JSON object of weights). A move
   is taken only when it gains at least ``--min-gain`` labels' worth (gain × held-out count):
   the objective is flat, and a move worth one or two labels is noise, not evidence. The
   five exact-match weights are frozen: with its own label removed an exact hit can only
   point at a wrong concept, so the task would drive them to zero.
4. One fit per seed (``--seeds``); the vectors are averaged and rounded to two significant
   digits, and printed as ``TitleWeights(...)``; ``--record`` writes the fit record.

    python benchmarks/fit_title_weights.py [--data-dir ../shared/data/external]
        [--start benchmarks/title_weights_fit.json] [--seeds 11 12 13 14] [--holdout 0.2]
        [--rounds 3] [--min-gain 3] [--sample N] [--jobs 2] [--record PATH] [--check] [--json]
    python benchmarks/fit_title_weights.py --fingerprint   # renew the record's fingerprint only

The record also keeps a *fingerprint*: how the matcher scores 300 labels of the first hold-out
with the start vector and with the mean. ``tests/test_title_weights_fit.py`` recomputes it in
seconds, so a change to the matcher that changes its scores fails the suite until the weights
are refitted (or ``--check`` shows they still reproduce, and ``--fingerprint`` renews it).

Deterministic: the same start, protocol and matcher code give the same weights, whatever the
hash seed or the number of ``--jobs``. CPU: one evaluation of 2,006 held-out labels takes
≈3–4 s on one core; one seed (3 rounds, 19 weights × 4 values) 15–25 CPU-minutes; the
recorded fit (4 seeds, ``--jobs 2``) took 51 minutes on the shared 2-core machine under load.
``--sample 300 --rounds 1`` checks the machinery in minutes.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import random
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

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

#: The fit record of the shipped weights.
RECORD = REPOSITORY / "benchmarks" / "title_weights_fit.json"
#: Weights the self-supervised task cannot fit (see the module docstring).
FROZEN = frozenset({"exact", "compact_exact", "generic_exact", "exact_preferred", "compact_any"})
#: The fusion weights that are fitted.
FITTED = (
    "char_cosine", "part_dice", "part_coverage", "head_match", "preferred_label",
    "best_form", "char_best", "char_preferred", "dice_best", "dice_preferred", "head_best", "head_preferred",
    "mean_form", "unit_group_best", "unit_group_support", "matching_forms", "broad_concept", "occupation_prior", "form_count",
    "description",
)
GRID = (0.0, 0.5, 0.75, 4 / 3, 2.0)
OCCUPATIONS = "esco_v1.2.0_occupations_nl.csv"
ISCO_GROUPS = "esco_v1.2.0_ISCOGroups_nl.csv"


@dataclasses.dataclass(frozen=True)
class Protocol:
    """Everything besides the start vector and the code that decides a fit's result."""

    seeds: tuple[int, ...] = (11, 12, 13, 14)
    holdout: float = 0.2
    rounds: int = 3
    min_gain: float = 3.0
    sample: int | None = None


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


def read_concepts(data: Path) -> tuple[Concept, ...]:
    return tuple(read_esco_occupations(data / OCCUPATIONS) + read_esco_isco_groups(data / ISCO_GROUPS))


def hold_out(
    concepts: Sequence[Concept], seed: int, protocol: Protocol
) -> tuple[Vocabulary, list[str], list[str]]:
    """One random hold-out (protocol step 2): the vocabulary without it, its queries and gold URIs."""
    rng = random.Random(seed)
    candidates = candidate_labels(concepts)
    held = rng.sample(candidates, round(protocol.holdout * len(candidates)))
    if protocol.sample is not None:
        held = held[: protocol.sample]
    vocabulary = Vocabulary(without(concepts, set(held)), "esco")
    return vocabulary, [label for _, label in held], [concepts[index].uri for index, _ in held]


def fit_one(
    concepts: Sequence[Concept], seed: int, protocol: Protocol, start: TitleWeights, log: bool = True
) -> tuple[TitleWeights, tuple[float, float, float], tuple[float, float, float]]:
    """Coordinate ascent on one random hold-out; returns (weights, before, after)."""
    vocabulary, queries, gold = hold_out(concepts, seed, protocol)
    base = TitleMatcher(vocabulary, start)
    # In objective units: one label moving into rank 1 from outside the top 10 is worth 3/N.
    threshold = protocol.min_gain / (len(queries) or 1)
    weights = start
    best = objective(base, queries, gold)
    before = best
    for round_number in range(protocol.rounds):
        for name in FITTED:
            value = getattr(weights, name)
            options = sorted({round_weight(value * factor) for factor in GRID} | ({0.1} if value == 0 else set()))
            # The best option of this weight, taken only when it beats the current value by the threshold.
            chosen, chosen_figures = value, best
            for option in options:
                if option == value:
                    continue
                figures = objective(base.with_weights(dataclasses.replace(weights, **{name: option})), queries, gold)
                if sum(figures) > sum(chosen_figures) + 1e-12:
                    chosen, chosen_figures = option, figures
            if chosen != value and sum(chosen_figures) >= sum(best) + threshold - 1e-12:
                weights, best, value = dataclasses.replace(weights, **{name: chosen}), chosen_figures, chosen
            if log:
                print(f"seed {seed} round {round_number + 1} {name} = {value}  objective {sum(best):.4f}", file=sys.stderr)
    return weights, before, best


def _fit_job(job: tuple[Path, int, Protocol, dict[str, Any]]) -> dict[str, Any]:
    data, seed, protocol, start = job
    weights, before, after = fit_one(read_concepts(data), seed, protocol, TitleWeights(**start))
    return {"seed": seed, "before": list(before), "after": list(after), "weights": {n: getattr(weights, n) for n in FITTED}}


def fit(data: Path, protocol: Protocol, start: dict[str, Any], jobs: int = 1) -> dict[str, Any]:
    """Every seed's fit and their rounded mean, in seed order (the same with any ``jobs``)."""
    work = [(data, seed, protocol, start) for seed in protocol.seeds]
    if jobs > 1 and len(work) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(work))) as pool:
            fits = list(pool.map(_fit_job, work))
    else:
        fits = [_fit_job(item) for item in work]
    mean = {name: round_weight(sum(item["weights"][name] for item in fits) / len(fits)) for name in FITTED}
    return {"fits": fits, "mean": mean}


#: Held-out labels of the first seed scored for the fingerprint.
FINGERPRINT_LABELS = 300


def fingerprint(data: Path, protocol: Protocol, start: dict[str, Any], mean: dict[str, float]) -> dict[str, Any]:
    """How today's matcher scores the first hold-out's first labels with the start vector and
    with the fitted mean: a few seconds instead of a refit. When it differs from the record's,
    the matcher no longer scores as it did when the weights were fitted, so the record (and
    perhaps the weights) must be renewed: ``--check``, then ``--fingerprint`` or a new fit."""
    seed = protocol.seeds[0]
    vocabulary, queries, gold = hold_out(read_concepts(data), seed, dataclasses.replace(protocol, sample=FINGERPRINT_LABELS))
    matcher = TitleMatcher(vocabulary, TitleWeights(**start))
    figures = {
        "start": objective(matcher, queries, gold),
        "mean": objective(matcher.with_weights(TitleWeights(**{**start, **mean})), queries, gold),
    }
    return {
        "commit": _commit(), "seed": seed, "labels": len(queries),
        **{name: [round(x, 6) for x in value] for name, value in figures.items()},
    }


def round_weight(value: float) -> float:
    """Two significant digits, so fitted vectors read as what they are: rough."""
    if value == 0:
        return 0.0
    return round(value, 1 - int(math.floor(math.log10(abs(value)))))


def weights_as_dict(weights: TitleWeights) -> dict[str, Any]:
    return {field.name: getattr(weights, field.name) for field in dataclasses.fields(weights)}


def read_start(path: Path) -> dict[str, Any]:
    """A start vector: a fit record's ``start``, or a JSON object of weights."""
    data = json.loads(path.read_text(encoding="utf-8"))
    start = data.get("start", data)
    known = {field.name for field in dataclasses.fields(TitleWeights)}
    unknown = sorted(set(start) - known)
    if unknown:
        raise SystemExit(f"{path}: not a weight of TitleWeights: {', '.join(unknown)}")
    return weights_as_dict(TitleWeights(**start))


def read_protocol(path: Path) -> Protocol:
    recorded = json.loads(path.read_text(encoding="utf-8"))["protocol"]
    return Protocol(**{**recorded, "seeds": tuple(recorded["seeds"])})


def shipped_differences(mean: dict[str, float]) -> dict[str, tuple[float, float]]:
    """Fitted weights where ``mean`` differs from the shipped ``TitleWeights()``: name → (shipped, fitted)."""
    shipped = TitleWeights()
    return {name: (getattr(shipped, name), value) for name, value in mean.items() if getattr(shipped, name) != value}


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPOSITORY, capture_output=True, text=True, check=True)
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "srmatch", "data"], cwd=REPOSITORY, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=REPOSITORY.parent / "shared" / "data" / "external")
    parser.add_argument("--start", type=Path, default=RECORD, help="start vector: a fit record or a JSON object of weights")
    parser.add_argument("--seeds", type=int, nargs="+", help="hold-out seeds (default: the record's, 11 12 13 14)")
    parser.add_argument("--holdout", type=float, help="share of candidate labels held out (record: 0.2)")
    parser.add_argument("--rounds", type=int, help="coordinate-ascent rounds (record: 3)")
    parser.add_argument("--min-gain", type=float, help="labels' worth a move must gain (record: 3)")
    parser.add_argument("--sample", type=int, help="use only the first N held-out labels (quick check)")
    parser.add_argument("--jobs", type=int, default=1, help="seeds fitted in parallel processes")
    parser.add_argument("--record", type=Path, help="write the fit record (start, protocol, matcher commit, fits, mean) here")
    parser.add_argument("--check", action="store_true", help="exit 1 unless the mean equals the shipped weights")
    parser.add_argument("--fingerprint", action="store_true",
                        help="no fit: renew the fingerprint in the fit record (after --check has reproduced it)")
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args(argv)
    start = read_start(arguments.start)
    recorded = read_protocol(RECORD) if RECORD.is_file() else Protocol()
    protocol = Protocol(
        seeds=tuple(arguments.seeds) if arguments.seeds else recorded.seeds,
        holdout=recorded.holdout if arguments.holdout is None else arguments.holdout,
        rounds=recorded.rounds if arguments.rounds is None else arguments.rounds,
        min_gain=recorded.min_gain if arguments.min_gain is None else arguments.min_gain,
        sample=arguments.sample if arguments.sample is not None else recorded.sample,
    )
    if arguments.fingerprint:
        record = json.loads(RECORD.read_text(encoding="utf-8"))
        record["fingerprint"] = fingerprint(arguments.data_dir, read_protocol(RECORD), record["start"], record["mean"])
        RECORD.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        print(json.dumps(record["fingerprint"]))
        return 0
    result = fit(arguments.data_dir, protocol, start, arguments.jobs)
    if arguments.record:
        record = {
            "about": "The fit that produced the shipped TitleWeights: python benchmarks/fit_title_weights.py --check",
            "matcher_commit": _commit(),
            "protocol": dataclasses.asdict(protocol),
            "start": start,
            **result,
            "fingerprint": fingerprint(arguments.data_dir, protocol, start, result["mean"]),
        }
        arguments.record.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    if arguments.json:
        print(json.dumps(result, indent=2))
    else:
        for item in result["fits"]:
            b, a = item["before"], item["after"]
            print(f"seed {item['seed']}: s@1/s@5/MRR {b[0]:.3f}/{b[1]:.3f}/{b[2]:.3f} -> {a[0]:.3f}/{a[1]:.3f}/{a[2]:.3f}")
        print("TitleWeights(" + ", ".join(f"{name}={value}" for name, value in result["mean"].items()) + ")")
    if arguments.check:
        differences = shipped_differences(result["mean"])
        for name, (shipped, fitted) in differences.items():
            print(f"differs from the shipped weights: {name} shipped {shipped}, fitted {fitted}", file=sys.stderr)
        print("the fit reproduces the shipped weights" if not differences else "the fit does NOT reproduce the shipped weights",
              file=sys.stderr)
        return 1 if differences else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
