"""Benchmark and evaluate the matching engine (issue 7 items 12 and 13).

Speed (``--speed``), on synthetic city-scale profiles (40,000 job seekers × 20,000 open
vacancies, ``matching_data.py``):

* engine preparation (encoding every profile once);
* one seeker against all vacancies and one vacancy against all seekers: medians over
  samples, against a straightforward per-pair Python loop (``naive_pair`` below, the same
  rules written plainly, rapidfuzz per pair) timed on a sample in the same run and scaled
  to the full set; the loop's results are also compared with the engine's (they must agree);
* ``rank_all(top=5)`` for every seeker (what ``srmatch match all --top 5`` does after
  loading), with its peak memory, in a child process so the peak is its own.

``--cli DB`` additionally times whole ``srmatch`` processes on a database (for example a
city-scale demo database: ``srmatch --db city.db demo --no-tui --seekers 40000 --vacancies
20000``): ``match seeker`` for a few people, and ``match all --top 5 --json`` with peak RSS.

Quality (``--quality``): synthetic seekers whose true occupation is known, titles perturbed
(synonyms, typos, gender forms, abbreviations, noise words); codes come from the title
matcher as on save; reports how often a vacancy of the true occupation ranks in the top 5
(among seekers for whom one passes the hard filters), and the share of top-5 results with the
true occupation, against two baselines in the same run: title similarity only (no codes) and
codes equal to the truth (the ceiling).

    python benchmarks/matching.py --speed [--seekers 40000 --vacancies 20000] [--cli city.db]
    python benchmarks/matching.py --quality [--seekers 3000 --vacancies 3000]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import math
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))
sys.path.insert(0, str(REPOSITORY / "benchmarks"))

from matching_data import Synthetic, generate  # noqa: E402

from srmatch.matching.engine import CEFR_LEVELS, MatchingEngine, light_title  # noqa: E402
from srmatch.matching.geo import PostcodeTable, distance_km, load_pc4_table  # noqa: E402
from srmatch.matching.profiles import SeekerProfile, VacancyProfile  # noqa: E402
from srmatch.matching.requirements import (  # noqa: E402
    fold_term,
    load_certificates,
    load_driving_licences,
    load_work_demands,
)
from srmatch.matching.settings import COMPONENTS, load_matching_settings  # noqa: E402

TODAY = dt.date(2026, 12, 1)


def build_engine(data: Synthetic, seekers: Sequence[SeekerProfile] | None = None,
                 vacancies: Sequence[VacancyProfile] | None = None) -> MatchingEngine:
    return MatchingEngine(data.seekers if seekers is None else seekers, data.vacancies if vacancies is None else vacancies,
                          catalogue=data.catalogue, postcodes=PostcodeTable(load_pc4_table()), today=TODAY)


# -- the baseline: the same rules, one pair at a time -----------------------------------------


def _percent(score: float) -> int:
    """Whole percent, half up (as ``process.cdist(..., dtype=np.uint8)`` rounds)."""
    return int(math.floor(score + 0.5))


class NaivePairs:
    """The matching rules written as a plain loop body, one seeker × vacancy at a time."""

    def __init__(self, data: Synthetic) -> None:
        self.settings = load_matching_settings()
        self.licences = load_driving_licences()
        self.certificates = load_certificates()
        self.demands = load_work_demands()
        self.postcodes = PostcodeTable(load_pc4_table())
        self.catalogue = data.catalogue

    def pair(self, seeker: SeekerProfile, vacancy: VacancyProfile) -> float | None:
        """The score, or None when a hard filter excludes the pair."""
        s = self.settings
        if not (vacancy.is_open and vacancy.free_positions > 0):
            return None
        if vacancy.eligible_target_groups and seeker.target_group not in vacancy.eligible_target_groups:
            return None
        if seeker.available_from and vacancy.closes_on and seeker.available_from > vacancy.closes_on:
            return None
        if vacancy.hours_min > seeker.hours_max or seeker.hours_min > vacancy.hours_max:
            return None
        a, b = self.postcodes.locate(seeker.postcode), self.postcodes.locate(vacancy.postcode)
        km = distance_km(a.latitude, a.longitude, b.latitude, b.longitude)
        limit = seeker.max_travel_km if seeker.travels_independently else min(seeker.max_travel_km,
                                                                                 s.not_independent_max_km)
        if km > limit + 1e-9:
            return None
        if vacancy.driving_licence:
            required = self.licences.code_of(vacancy.driving_licence) or fold_term(vacancy.driving_licence)
            held = set(self.licences.implied_by(seeker.driving_licences)) | {
                fold_term(t) for t in seeker.driving_licences if self.licences.code_of(t) is None}
            if required not in held:
                return None
        held_certificates = self.certificates.held(seeker.certificates)
        if any(self.certificates.requirement(c) not in held_certificates for c in vacancy.certificates if fold_term(c)):
            return None
        excluded = {self.demands.demand_excluded_by(r) for r in seeker.work_restrictions}
        if any(self.demands.demand_of(d) in excluded for d in vacancy.physical_demands if self.demands.demand_of(d)):
            return None
        if vacancy.dutch_level and seeker.dutch_level:
            if CEFR_LEVELS.index(vacancy.dutch_level[:2].upper()) > CEFR_LEVELS.index(seeker.dutch_level[:2].upper()):
                return None
        shares = {
            "occupation": self._occupation(seeker, vacancy),
            "skills": self._skills(seeker, vacancy),
            "distance": min(1.0, max(0.0, 1 - km / limit)) if limit > 0 else 1.0,
            "hours": min(1.0, max(0.0, (min(seeker.hours_max, vacancy.hours_max) - max(seeker.hours_min, vacancy.hours_min)
                                        + 1) / (min(seeker.hours_max - seeker.hours_min,
                                                    vacancy.hours_max - vacancy.hours_min) + 1))),
            "sustainability": self._sustainability(vacancy),
        }
        points = [float(np.round(shares[name] * s.weights[name], 1)) for name in COMPONENTS]
        return float(np.round(sum(points), 1))

    def _occupation(self, seeker: SeekerProfile, vacancy: VacancyProfile) -> float:
        s = self.settings
        cutoff = math.ceil(s.occupation_title_threshold * 100)
        title = light_title(vacancy.title)
        concept = vacancy.occupation_code or ""
        isco = self.catalogue.isco(concept) if concept else ""
        best = 0.0
        for texts, codes, factor in ((seeker.desired_occupations, seeker.desired_occupation_codes, 1.0),
                                     (seeker.experience, seeker.experience_codes, s.occupation_experience_factor)):
            for position, text in enumerate(texts):
                own = codes[position] if position < len(codes) else ""
                own_title = light_title(text)
                if not own and not own_title:
                    continue
                pct = _percent(fuzz.ratio(own_title, title, score_cutoff=cutoff))
                fit = pct * s.occupation_title_similarity / 100 if pct else 0.0
                own_isco = self.catalogue.isco(own) if own else ""
                if own_isco[:3] and own_isco[:3] == isco[:3]:
                    fit = max(fit, s.occupation_same_minor_group)
                if own_isco[:4] and own_isco[:4] == isco[:4]:
                    fit = max(fit, s.occupation_same_unit_group)
                if own and own == concept:
                    fit = max(fit, s.occupation_exact)
                best = max(best, fit * factor)
        return best

    def _skills(self, seeker: SeekerProfile, vacancy: VacancyProfile) -> float:
        wanted = list(dict.fromkeys(t for t in (light_title(k) for k in vacancy.skills) if t))
        if not wanted:
            return self.settings.skills_none_listed
        cutoff = math.ceil(self.settings.skills_similarity_threshold * 100)
        own = [t for t in (light_title(k) for k in seeker.skills) if t]
        matched = sum(1 for w in wanted if any(_percent(fuzz.ratio(o, w, score_cutoff=cutoff)) >= cutoff for o in own))
        return matched / len(wanted)

    def _sustainability(self, vacancy: VacancyProfile) -> float:
        shares = self.settings.sustainability
        if vacancy.employment_type == "fixed_term":
            long = (vacancy.duration_months or 0) >= self.settings.long_contract_months
            return shares["fixed_term_long" if long else "fixed_term_short"]
        return shares.get(vacancy.employment_type, shares["fixed_term_short"])


# -- speed ----------------------------------------------------------------------------------


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def speed(seekers: int, vacancies: int, repeats: int, baseline_pairs: int, bulk_limit: int | None) -> dict[str, object]:
    started = time.perf_counter()
    data = generate(seekers, vacancies)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    engine = build_engine(data)
    prepared = time.perf_counter() - started
    rng = random.Random(3)
    seeker_keys = rng.sample([s.key for s in data.seekers], repeats)
    vacancy_keys = rng.sample([v.key for v in data.vacancies], repeats)
    engine.rank_vacancies(seeker_keys[0], 10)  # warm-up
    one_seeker = []
    for key in seeker_keys:
        t = time.perf_counter()
        engine.rank_vacancies(key, 10)
        one_seeker.append(time.perf_counter() - t)
    one_vacancy = []
    for key in vacancy_keys:
        t = time.perf_counter()
        engine.rank_seekers(key, 10)
        one_vacancy.append(time.perf_counter() - t)

    naive = NaivePairs(data)
    sample_vacancies = rng.sample(data.vacancies, min(baseline_pairs, len(data.vacancies)))
    sample_seekers = [data.seekers[k - 1] for k in seeker_keys[:5]]
    disagreements = 0
    compared = 0
    t = time.perf_counter()
    naive_scores = [[naive.pair(s, v) for v in sample_vacancies] for s in sample_seekers]
    per_pair = (time.perf_counter() - t) / (len(sample_seekers) * len(sample_vacancies))
    for s, scores in zip(sample_seekers, naive_scores):
        for v, score in zip(sample_vacancies, scores):
            outcome = engine.explain(s.key, v.key)
            compared += 1
            if outcome.score != score:
                disagreements += 1
    naive_one_seeker = per_pair * len(data.vacancies)
    naive_one_vacancy = per_pair * len(data.seekers)

    child = subprocess.run(
        [sys.executable, __file__, "--rank-all-child", "--seekers", str(seekers), "--vacancies", str(vacancies),
         *(["--bulk-limit", str(bulk_limit)] if bulk_limit else [])],
        capture_output=True, text=True, check=True,
    )
    bulk = json.loads(child.stdout.strip().splitlines()[-1])
    return {
        "sizes": {"seekers": seekers, "vacancies": vacancies, "distinct_occupation_texts": len(engine._item_title),
                  "distinct_vacancy_titles": len(engine._vkey_title)},
        "generate_s": round(generated, 2),
        "engine_prepare_s": round(prepared, 2),
        "one_seeker_vs_all_vacancies_ms": {"median": _median_ms(one_seeker), "p90": round(
            float(np.percentile(one_seeker, 90)) * 1000, 2), "runs": len(one_seeker)},
        "one_vacancy_vs_all_seekers_ms": {"median": _median_ms(one_vacancy), "p90": round(
            float(np.percentile(one_vacancy, 90)) * 1000, 2), "runs": len(one_vacancy)},
        "baseline_per_pair_us": round(per_pair * 1e6, 2),
        "baseline_one_seeker_ms": round(naive_one_seeker * 1000, 1),
        "baseline_one_vacancy_ms": round(naive_one_vacancy * 1000, 1),
        "ratio_one_seeker": round(naive_one_seeker / statistics.median(one_seeker), 1),
        "ratio_one_vacancy": round(naive_one_vacancy / statistics.median(one_vacancy), 1),
        "baseline_agreement": {"pairs": compared, "disagreements": disagreements},
        "rank_all_top5": bulk,
        "rank_all_baseline_estimate_s": round(per_pair * seekers * vacancies, 0),
    }


def rank_all_child(seekers: int, vacancies: int, limit: int | None) -> None:
    data = generate(seekers, vacancies)
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    engine = build_engine(data)
    engine.workers = -1  # as `srmatch match all` does: similarity on all cores, blocks in forked children
    prepared = time.perf_counter() - started
    started = time.perf_counter()
    engine.prepare_bulk()
    similarity = time.perf_counter() - started
    import itertools

    started = time.perf_counter()
    ranked_seekers = results = 0
    for ranking in itertools.islice(engine.rank_all(5), limit):
        ranked_seekers += 1
        results += len(ranking.results)
    ranked = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = seekers / ranked_seekers
    print(json.dumps({"prepare_s": round(prepared, 2), "similarity_matrices_s": round(similarity, 2),
                      "ranked_seekers": ranked_seekers, "rank_s": round(ranked, 2),
                      "rank_all_seekers_s": round(ranked * scale, 1),
                      "total_s": round(prepared + similarity + ranked * scale, 1), "results": results,
                      "peak_rss_mb": round(peak / 1024), "rss_before_engine_mb": round(base_rss / 1024),
                      "child_peak_rss_mb": round(children_peak / 1024),
                      "extrapolated": ranked_seekers < seekers}))


def cli(database: str, repeats: int) -> dict[str, object]:
    """Whole ``srmatch`` processes on a database."""
    import sqlite3

    with sqlite3.connect(database) as connection:
        numbers = [row[0] for row in connection.execute(
            "SELECT client_number FROM job_seeker WHERE status = 'active' ORDER BY id LIMIT ?", (repeats,))]
        sizes = {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                 for table in ("job_seeker", "vacancy")}
    command = [sys.executable, "-m", "srmatch", "--db", database]
    env = {"PYTHONPATH": str(REPOSITORY), "PATH": "/usr/bin:/bin", "SRMATCH_LANG": "en"}
    times = []
    for number in numbers:
        t = time.perf_counter()
        subprocess.run([*command, "match", "seeker", number], capture_output=True, check=True, env=env)
        times.append(time.perf_counter() - t)
    t = time.perf_counter()
    subprocess.run([*command, "--version"], capture_output=True, check=True, env=env)
    version = time.perf_counter() - t
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    done = subprocess.run([*command, "match", "all", "--top", "5", "--json"], capture_output=True, check=True, env=env)
    every = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"database": Path(database).name, "sizes": sizes,
            "match_seeker_process_s": {"median": round(statistics.median(times), 2), "max": round(max(times), 2),
                                       "runs": len(times)},
            "version_process_s": round(version, 2),
            "match_all_top5_process_s": round(every, 1), "match_all_lines": done.stdout.count(b"\n"),
            "match_all_peak_rss_mb": round(max(peak, before) / 1024)}


# -- quality ---------------------------------------------------------------------------------


def quality(seekers: int, vacancies: int) -> dict[str, object]:
    from srmatch.matching.titles import TitleMatcher
    from srmatch.matching.vocabulary import load_builtin_vocabulary

    data = generate(seekers, vacancies, seed=11, coded_share=1.0)  # codes = truth (the ceiling)
    matcher = TitleMatcher(load_builtin_vocabulary())
    threshold = load_matching_settings().auto_code_threshold
    titles = sorted({v.title for v in data.vacancies} | {t for s in data.seekers for t in (*s.desired_occupations,
                                                                                            *s.experience)})
    coded = {}
    for title, suggestions in zip(titles, matcher.suggest_many(titles, top=1)):
        coded[title] = suggestions[0].uri if suggestions and suggestions[0].score >= threshold else ""

    def variant(mode: str) -> tuple[list[SeekerProfile], list[VacancyProfile]]:
        if mode == "truth":
            return data.seekers, data.vacancies
        people = [dataclasses.replace(
            s, desired_occupation_codes=tuple(coded[t] if mode == "matcher" else "" for t in s.desired_occupations),
            experience_codes=tuple(coded[t] if mode == "matcher" else "" for t in s.experience)) for s in data.seekers]
        jobs = [dataclasses.replace(v, occupation_code=(coded[v.title] or None) if mode == "matcher" else None)
                for v in data.vacancies]
        return people, jobs

    truth_title_codes = sum(1 for v in data.vacancies if coded[v.title] == data.vacancy_truth[v.key])
    report: dict[str, object] = {
        "sizes": {"seekers": seekers, "vacancies": vacancies},
        "vacancy_titles_coded_to_their_true_occupation": round(truth_title_codes / len(data.vacancies), 3),
    }
    for mode in ("matcher", "titles_only", "truth"):
        people, jobs = variant(mode)
        engine = build_engine(data, people, jobs)
        reachable = hits = right = shown = 0
        for ranking in engine.rank_all(5, block=256):
            truth = data.seeker_truth[ranking.subject_key]
            top = [data.vacancy_truth[r.vacancy_key] for r in ranking.results]
            shown += len(top)
            right += sum(1 for t in top if t == truth)
            if any(data.vacancy_truth[key] == truth for key in engine.eligible_vacancy_keys(ranking.subject_key)):
                reachable += 1
                hits += truth in top
        report[mode] = {"success_at_5": round(hits / max(reachable, 1), 3), "seekers_with_a_reachable_true_vacancy":
                        reachable, "precision_at_5": round(right / max(shown, 1), 3)}
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--quality", action="store_true")
    parser.add_argument("--cli", metavar="DB", help="also time whole srmatch processes on this SQLite database")
    parser.add_argument("--seekers", type=int)
    parser.add_argument("--vacancies", type=int)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--baseline-pairs", type=int, default=2000)
    parser.add_argument("--bulk-limit", type=int, help="rank only the first N seekers in the bulk run and scale up")
    parser.add_argument("--rank-all-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rank_all_child:
        rank_all_child(args.seekers, args.vacancies, args.bulk_limit)
        return 0
    report: dict[str, object] = {}
    if args.speed:
        report["speed"] = speed(args.seekers or 40_000, args.vacancies or 20_000, args.repeats, args.baseline_pairs,
                                args.bulk_limit)
    if args.cli:
        report["cli"] = cli(args.cli, min(args.repeats, 10))
    if args.quality:
        report["quality"] = quality(args.seekers or 3_000, args.vacancies or 3_000)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
