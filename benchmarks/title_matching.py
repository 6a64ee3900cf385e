"""Benchmark the job-title matcher against a plain fuzzy-ratio baseline.

Quality: success@1, success@5 and MRR on the MELO Flemish development set, ranking over all
Dutch ESCO surface forms including ISCO-08 groups, overall and per title form (one word,
two words, three or more, parenthetical qualifiers, role + field teachers/instructors,
slash alternatives), next to a plain ``fuzz.ratio`` baseline. Speed, like with like: 2,605
*distinct* titles, each scored from scratch by both sides (no result cache on either
side; ratio from this one run), plus the matcher's batch call with its normal-form cache
for context, single-title latency after warm-up and vocabulary preparation time.

    python benchmarks/title_matching.py [--data-dir ../shared/data/external] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from srmatch.matching.titles import TitleMatcher, normalise_title
from srmatch.services.matcher_cache import prepared_matcher
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
    """2,605 distinct titles: the development titles, then the same with realistic
    decorations, skipping any string already in the batch."""
    decorations = ("{}", "{} (m/v/x)", "Medewerker {}", "{} 32 uur", "Senior {}", "{} M/V", "Allround {}", "{}s",
                   "Junior {}", "{} (v/m)", "Hoofd {}", "{} 24-32 uur")
    batch: dict[str, None] = {}
    for decoration in decorations:
        for title in titles:
            batch.setdefault(decoration.format(title.lower() if "{}s" == decoration else title))
            if len(batch) == BATCH_SIZE:
                return list(batch)
    return list(batch)


TEACHING_ROLES = frozenset({"docent", "leraar", "leerkracht", "instructeur", "lesgever", "opleider", "trainer"})


def title_forms(title: str) -> list[str]:
    """The forms of issue 13 a title has (a title can have several)."""
    words = normalise_title(re.sub(r"\([^)]*\)", " ", title)).split()
    forms = ["one word" if len(words) <= 1 else "two words" if len(words) == 2 else "three or more words"]
    if re.search(r"\([^)]*\)", title):
        forms.append("parenthetical qualifier")
    if len(words) >= 2 and words[0] in TEACHING_ROLES:
        forms.append("role + field (teacher/instructor)")
    if "/" in title:
        forms.append("slash alternatives")
    return forms


FORMS = ("one word", "two words", "three or more words", "parenthetical qualifier",
         "role + field (teacher/instructor)", "slash alternatives")


def per_form(ranked: Sequence[Sequence[str]], gold: Sequence[str], titles: Sequence[str]) -> dict[str, dict[str, float]]:
    """Quality per title form; forms no title has are left out."""
    result = {}
    for form in FORMS:
        chosen = [index for index, title in enumerate(titles) if form in title_forms(title)]
        if chosen:
            figures = quality([ranked[i] for i in chosen], [gold[i] for i in chosen])
            result[form] = {"titles": float(len(chosen)), **figures}
    return result


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

    started, cpu = time.perf_counter(), time.process_time()
    matcher = TitleMatcher(vocabulary)
    prepare_seconds, prepare_cpu = time.perf_counter() - started, time.process_time() - cpu
    with tempfile.TemporaryDirectory() as folder:
        prepared_matcher(vocabulary, Path(folder))
        started, cpu = time.perf_counter(), time.process_time()
        loaded = prepared_matcher(vocabulary, Path(folder))
        cache_load_seconds, cache_load_cpu = time.perf_counter() - started, time.process_time() - cpu
        assert loaded.source == "cache"
    baseline = RatioBaseline(vocabulary)

    matcher_ranked = [[s.uri for s in found] for found in matcher.suggest_many(titles, top=10)]
    baseline_ranked = baseline.rank_many(titles, top=10)
    matcher_quality = quality(matcher_ranked, gold)
    baseline_quality = quality(baseline_ranked, gold)
    forms = {
        form: {"titles": figures["titles"], "matcher": figures, "baseline": per_form(baseline_ranked, gold, titles)[form]}
        for form, figures in per_form(matcher_ranked, gold, titles).items()
    }

    batch = batch_titles(titles)
    for title in titles[:20]:
        matcher.suggest(title)
    # Like with like: every distinct title scored from scratch on both sides.
    # Wall time and CPU time (all threads): on a shared machine the CPU time is the steadier figure.
    started, cpu = time.perf_counter(), time.process_time()
    for title in batch:
        matcher.suggest(title, top=5)
    matcher_batch_seconds, matcher_batch_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    baseline.rank_many(batch, top=5)
    baseline_batch_seconds, baseline_batch_cpu = time.perf_counter() - started, time.process_time() - cpu
    # For context: the batch call, which scores titles with the same normal form once.
    started, cpu = time.perf_counter(), time.process_time()
    matcher.suggest_many(batch, top=5)
    matcher_cached_seconds, matcher_cached_cpu = time.perf_counter() - started, time.process_time() - cpu
    normal_forms = len({normalise_title(title) for title in batch})

    latencies = []
    cpu_latencies = []
    for title in titles:
        started, cpu = time.perf_counter(), time.process_time()
        matcher.suggest(title)
        latencies.append(time.perf_counter() - started)
        cpu_latencies.append(time.process_time() - cpu)

    figures = {
        "development_titles": len(titles),
        "surface_forms": sum(1 for concept in vocabulary.concepts for _ in concept.surface_forms()),
        "concepts": len(vocabulary.concepts),
        "baseline": baseline_quality,
        "matcher": matcher_quality,
        "forms": forms,
        "batch_titles": len(batch),
        "batch_distinct_titles": len(set(batch)),
        "batch_distinct_normal_forms": normal_forms,
        "baseline_batch_seconds": baseline_batch_seconds,
        "matcher_batch_seconds": matcher_batch_seconds,
        "batch_time_ratio": matcher_batch_seconds / baseline_batch_seconds,
        "baseline_batch_cpu_seconds": baseline_batch_cpu,
        "matcher_batch_cpu_seconds": matcher_batch_cpu,
        "batch_cpu_ratio": matcher_batch_cpu / baseline_batch_cpu,
        "matcher_suggest_many_seconds": matcher_cached_seconds,
        "matcher_suggest_many_cpu_seconds": matcher_cached_cpu,
        "single_title_median_cpu_ms": 1000 * statistics.median(cpu_latencies),
        "matcher_prepare_cpu_seconds": prepare_cpu,
        "cache_load_seconds": cache_load_seconds,
        "cache_load_cpu_seconds": cache_load_cpu,
        "load_average_1min": os.getloadavg()[0],
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
    print(f"{'per title form':36}{'titles':>7}{'matcher s@1 / s@5':>20}{'baseline s@1 / s@5':>21}")
    for form, entry in forms.items():
        m, b = entry["matcher"], entry["baseline"]
        print(f"{form:36}{int(entry['titles']):>7}{m['success@1']:>11.3f} / {m['success@5']:.3f}"
              f"{b['success@1']:>12.3f} / {b['success@5']:.3f}")
    print()
    print(f"load average (1 min) {figures['load_average_1min']:.1f} on {os.cpu_count()} cores; times as wall / CPU")
    print(f"{len(batch)} distinct titles, each from scratch   matcher {matcher_batch_seconds:.2f} / {matcher_batch_cpu:.2f} s"
          f"   baseline {baseline_batch_seconds:.2f} / {baseline_batch_cpu:.2f} s"
          f"   ratio {figures['batch_time_ratio']:.2f} / {figures['batch_cpu_ratio']:.2f}")
    print(f"same batch through suggest_many ({normal_forms} distinct normal forms)   "
          f"{matcher_cached_seconds:.2f} / {matcher_cached_cpu:.2f} s")
    print(f"single title (after warm-up)   median {figures['single_title_median_ms']:.1f} ms "
          f"(CPU {figures['single_title_median_cpu_ms']:.1f} ms)   p95 {figures['single_title_p95_ms']:.1f} ms")
    print(f"vocabulary   read {read_seconds:.2f} s   matcher preparation {prepare_seconds:.2f} / {prepare_cpu:.2f} s"
          f"   load from the disk cache {cache_load_seconds:.2f} / {cache_load_cpu:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
