"""Benchmark the job-title matcher against a plain fuzzy-ratio baseline.

Quality: success@1, success@5 and MRR on the MELO Flemish development set, ranking over all
Dutch ESCO surface forms including ISCO-08 groups. Speed: 2,605 titles in one batch, single
title latency after warm-up, vocabulary preparation time.

    python benchmarks/title_matching.py [--data-dir ../shared/data/external] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from srmatch.matching.titles import TitleMatcher
from srmatch.matching.vocabulary import (
    Vocabulary,
    read_esco_isco_groups,
    read_esco_occupations,
)

BATCH_SIZE = 2605
DEVELOPMENT_SET = "melo_bel_nl_title_to_esco.csv"


class RatioBaseline:
    """Best ``fuzz.ratio`` over lower-cased labels, per concept (the usual first attempt)."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.uris = [concept.uri for concept in vocabulary.concepts]
        labels: list[str] = []
        owners: list[int] = []
        for index, concept in enumerate(vocabulary.concepts):
            for _, label in concept.surface_forms():
                labels.append(label.casefold().strip())
                owners.append(index)
        self.labels = labels
        self.owners = np.array(owners)

    def rank_many(self, titles: Sequence[str], top: int = 5) -> list[list[str]]:
        ranked: list[list[str]] = []
        for start in range(0, len(titles), 256):
            chunk = [title.casefold().strip() for title in titles[start : start + 256]]
            scores = process.cdist(chunk, self.labels, scorer=fuzz.ratio, workers=-1, dtype=np.uint8)
            for row in scores:
                per_concept = np.zeros(len(self.uris), dtype=np.uint8)
                np.maximum.at(per_concept, self.owners, row)
                best = np.argsort(-per_concept.astype(np.int16), kind="stable")[:top]
                ranked.append([self.uris[i] for i in best])
        return ranked


def quality(ranked: Sequence[Sequence[str]], gold: Sequence[str]) -> dict[str, float]:
    hits_1 = hits_5 = reciprocal = 0.0
    for uris, answer in zip(ranked, gold):
        if answer in uris:
            rank = list(uris).index(answer) + 1
            hits_1 += rank == 1
            hits_5 += rank <= 5
            reciprocal += 1.0 / rank
    count = len(gold)
    return {"success@1": hits_1 / count, "success@5": hits_5 / count, "mrr": reciprocal / count}


def batch_titles(titles: Sequence[str]) -> list[str]:
    """Repeat the development titles with realistic decorations up to 2,605 distinct-ish titles."""
    decorations = ("{}", "{} (m/v/x)", "Medewerker {}", "{} 32 uur", "Senior {}", "{} M/V", "Allround {}", "{}s")
    batch: list[str] = []
    round_number = 0
    while len(batch) < BATCH_SIZE:
        decoration = decorations[round_number % len(decorations)]
        batch.extend(decoration.format(title.lower() if "{}s" == decoration else title) for title in titles)
        round_number += 1
    return batch[:BATCH_SIZE]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=REPOSITORY.parent / "shared" / "data" / "external")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    arguments = parser.parse_args(argv)
    data = arguments.data_dir

    started = time.perf_counter()
    concepts = read_esco_occupations(data / "esco_v1.2.0_occupations_nl.csv")
    concepts += read_esco_isco_groups(data / "esco_v1.2.0_ISCOGroups_nl.csv")
    vocabulary = Vocabulary(tuple(concepts), "esco")
    read_seconds = time.perf_counter() - started
    with (data / DEVELOPMENT_SET).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    titles = [row["query_title_nl"] for row in rows]
    gold = [row["gold_uri"] for row in rows]

    started = time.perf_counter()
    matcher = TitleMatcher(vocabulary)
    prepare_seconds = time.perf_counter() - started
    baseline = RatioBaseline(vocabulary)

    matcher_quality = quality([[s.uri for s in found] for found in matcher.suggest_many(titles, top=10)], gold)
    baseline_quality = quality(baseline.rank_many(titles, top=10), gold)

    batch = batch_titles(titles)
    started = time.perf_counter()
    matcher.suggest_many(batch, top=5)
    matcher_batch_seconds = time.perf_counter() - started
    started = time.perf_counter()
    baseline.rank_many(batch, top=5)
    baseline_batch_seconds = time.perf_counter() - started

    for title in titles[:20]:
        matcher.suggest(title)
    latencies = []
    for title in titles:
        started = time.perf_counter()
        matcher.suggest(title)
        latencies.append(time.perf_counter() - started)

    figures = {
        "development_titles": len(titles),
        "surface_forms": sum(1 for concept in vocabulary.concepts for _ in concept.surface_forms()),
        "concepts": len(vocabulary.concepts),
        "baseline": baseline_quality,
        "matcher": matcher_quality,
        "batch_titles": len(batch),
        "baseline_batch_seconds": baseline_batch_seconds,
        "matcher_batch_seconds": matcher_batch_seconds,
        "batch_time_ratio": matcher_batch_seconds / baseline_batch_seconds,
        "single_title_median_ms": 1000 * statistics.median(latencies),
        "single_title_p95_ms": 1000 * sorted(latencies)[int(0.95 * len(latencies))],
        "vocabulary_read_seconds": read_seconds,
        "matcher_prepare_seconds": prepare_seconds,
    }
    if arguments.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"Development set: {len(titles)} titles, {figures['concepts']} concepts, {figures['surface_forms']} surface forms")
    print(f"{'':28}{'success@1':>10}{'success@5':>10}{'MRR':>8}")
    for name, values in (("plain ratio baseline", baseline_quality), ("TitleMatcher", matcher_quality)):
        print(f"{name:28}{values['success@1']:>10.3f}{values['success@5']:>10.3f}{values['mrr']:>8.3f}")
    print()
    print(f"batch of {len(batch)} titles      matcher {matcher_batch_seconds:6.2f} s   baseline {baseline_batch_seconds:6.2f} s"
          f"   ratio {figures['batch_time_ratio']:.2f}")
    print(f"single title (after warm-up)   median {figures['single_title_median_ms']:.1f} ms   p95 {figures['single_title_p95_ms']:.1f} ms")
    print(f"vocabulary                     read {read_seconds:.2f} s   matcher preparation {prepare_seconds:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
