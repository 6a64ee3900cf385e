"""The matching engine: hard filters, a 0-100 soft score explained per component, and what
would open doors, for one seeker against all vacancies, one vacancy against all seekers,
or everyone at once.

How it stays fast at city scale (DESIGN.md §5.4): every profile is encoded once into numpy
arrays (bit sets for target groups, licences, certificates and demands; unit vectors for
locations; day numbers for dates). A query evaluates a *block* of seekers against a block
of vacancies as 2-D array operations: first the cheap hard filters (distance is a chord
length compared with a precomputed limit, no trigonometry), then the soft score only for
the pairs that passed, with title and skill similarity from ``rapidfuzz.process.cdist``
over the normalised strings those pairs need. There is no Python loop over pairs; ranking
one seeker is a block of one row, so ``rank_all`` gives exactly what ``rank_vacancies``
gives for each person.

Determinism: arrays are ordered by ``key``; every operation is element-wise (no BLAS
reductions whose rounding depends on the block shape); component points are rounded to one
decimal and the score is their sum; ties are broken by the smaller key.

The engine never sees who a person is: ``SeekerProfile`` has no such fields. The target
group only filters eligibility; it is not an input of any score.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import multiprocessing
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
from rapidfuzz import fuzz, process

from srmatch.matching.geo import EARTH_RADIUS_KM, PostcodeTable, chord_to_km, km_to_chord, unit_vectors
from srmatch.matching.profiles import SeekerProfile, VacancyProfile
from srmatch.matching.requirements import (
    CertificateTable,
    LicenceTable,
    WorkDemands,
    fold_term,
    load_certificates,
    load_driving_licences,
    load_work_demands,
)
from srmatch.matching.settings import COMPONENTS, MatchingSettings, load_matching_settings

__all__ = [
    "ACTIONABLE_FOR_SEEKER",
    "ACTIONABLE_FOR_VACANCY",
    "FILTERS",
    "Component",
    "DoorOpener",
    "MatchingEngine",
    "OccupationCatalogue",
    "PairOutcome",
    "Ranking",
    "Reason",
    "Scored",
]

#: The hard filters, in the order they are checked and named.
FILTERS = (
    "vacancy_not_open",
    "target_group",
    "available",
    "hours",
    "distance",
    "driving_licence",
    "certificates",
    "work_restrictions",
    "dutch_level",
)
_BIT = {name: np.uint16(1 << index) for index, name in enumerate(FILTERS)}
#: Exclusions a caseworker can act on for a person (what would open doors).
ACTIONABLE_FOR_SEEKER = ("distance", "hours", "driving_licence", "certificates", "dutch_level")
#: Exclusions an employer or account manager can act on for a vacancy.
ACTIONABLE_FOR_VACANCY = ("hours", "driving_licence", "certificates", "work_restrictions", "dutch_level", "available")

_T = TypeVar("_T")
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
_NEVER = np.iinfo(np.int32).max
_ALWAYS = np.iinfo(np.int32).min
_UNKNOWN_LEVEL = np.int8(99)
_NO_LEVEL = np.int8(-1)


#: The engine a forked ``rank_all`` child works on (inherited, never pickled).
_FORKED_ENGINE: MatchingEngine | None = None


def _process_count(workers: int, blocks: int) -> int:
    """Child processes for ``rank_all``: 1 (no children) unless asked for more, there is
    more than one block, and the platform forks (Windows and spawn-only builds rank in
    one process: a spawned child would have to rebuild or unpickle the whole engine)."""
    if workers == 1 or blocks < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = os.cpu_count() or 1
    wanted = cores if workers < 1 else workers
    return max(1, min(wanted, cores, blocks))


#: What a forked child applies to each ranking before sending it back (``map_rank_all``).
_FORKED_CONVERT: Callable[[Any], Any] | None = None


def _same(ranking: Ranking) -> Ranking:
    return ranking


def _rank_rows_in_child(task: tuple[int, int, int]) -> list[Any]:
    engine, convert = _FORKED_ENGINE, _FORKED_CONVERT
    if engine is None or convert is None:  # pragma: no cover - only if the pool was not forked from map_rank_all
        raise RuntimeError("rank_all child without an engine")
    start, block, top = task
    return [convert(ranking) for ranking in engine._rank_rows(start, block, top)]


# -- results ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reason:
    """One explanation as a code and its values; the service puts it into words (nl/en)."""

    code: str
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Component:
    """One part of the soft score."""

    name: str
    points: float
    max_points: float
    reason: Reason


@dataclass(frozen=True, slots=True)
class Scored:
    """A pair that passed every hard filter, with its score and breakdown."""

    seeker_key: int
    vacancy_key: int
    score: float
    components: tuple[Component, ...]


@dataclass(frozen=True, slots=True)
class DoorOpener:
    """One change and how many more vacancies (or candidates) it would let through."""

    change: str
    values: Mapping[str, Any]
    count: int


@dataclass(frozen=True, slots=True)
class Ranking:
    """The best matches for one subject, what was excluded and why, and what would help."""

    subject_key: int
    results: tuple[Scored, ...]
    considered: int
    excluded: Mapping[str, int]
    would_open: tuple[DoorOpener, ...]
    notes: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class PairOutcome:
    """The full verdict on one seeker × vacancy pair."""

    seeker_key: int
    vacancy_key: int
    eligible: bool
    exclusions: tuple[Reason, ...]
    score: float | None
    components: tuple[Component, ...]


@dataclass(frozen=True)
class OccupationCatalogue:
    """Concept URI → (label, ISCO-08 code) of the vocabulary in use."""

    concepts: Mapping[str, tuple[str, str]]

    def isco(self, uri: str) -> str:
        return self.concepts.get(uri, ("", ""))[1]

    def label(self, uri: str) -> str:
        return self.concepts.get(uri, (uri, ""))[0]


# -- encoding helpers ----------------------------------------------------------------------------


class _Universe:
    """Names → bit positions; sets become ``(n, words)`` uint64 arrays."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names: tuple[str, ...] = tuple(dict.fromkeys(names))
        self.position = {name: index for index, name in enumerate(self.names)}
        self.words = max(1, math.ceil(len(self.names) / 64))

    def pack(self, sets: Sequence[Sequence[str] | frozenset[str]]) -> np.ndarray:
        packed = np.zeros((len(sets), self.words), dtype=np.uint64)
        for row, members in enumerate(sets):
            for name in members:
                index = self.position.get(name)
                if index is not None:
                    packed[row, index // 64] |= np.uint64(1) << np.uint64(index % 64)
        return packed

    def full(self) -> np.ndarray:
        packed = np.zeros(self.words, dtype=np.uint64)
        for index in range(len(self.names)):
            packed[index // 64] |= np.uint64(1) << np.uint64(index % 64)
        return packed

    def members(self, packed: np.ndarray) -> list[str]:
        return [name for index, name in enumerate(self.names)
                if int(packed[index // 64]) >> (index % 64) & 1]


def _missing(required: np.ndarray, held: np.ndarray) -> np.ndarray:
    """(S, V) True where a vacancy requires something the seeker does not hold."""
    result = np.zeros((held.shape[0], required.shape[0]), dtype=bool)
    for word in range(required.shape[1]):
        result |= (required[None, :, word] & ~held[:, None, word]) != 0
    return result


def _overlap(a_vacancy: np.ndarray, b_seeker: np.ndarray) -> np.ndarray:
    """(S, V) True where the two bit sets share a member."""
    result = np.zeros((b_seeker.shape[0], a_vacancy.shape[0]), dtype=bool)
    for word in range(a_vacancy.shape[1]):
        result |= (a_vacancy[None, :, word] & b_seeker[:, None, word]) != 0
    return result


def _single_bit(missing: np.ndarray) -> np.ndarray:
    """For (P, words) bit sets: index of the only set bit, or -1 when not exactly one."""
    result = np.full(missing.shape[0], -1, dtype=np.int64)
    nonzero_words = (missing != 0).sum(axis=1)
    for word in range(missing.shape[1]):
        values = missing[:, word]
        single = (nonzero_words == 1) & (values != 0) & ((values & (values - np.uint64(1))) == 0)
        if single.any():
            result[single] = word * 64 + np.log2(values[single].astype(np.float64)).astype(np.int64)
    return result


def _days(day: dt.date | None, missing: int) -> int:
    return missing if day is None else day.toordinal()


def _level(text: str | None, missing: np.int8) -> np.int8:
    if not text:
        return missing
    key = text.strip().upper()[:2]
    return np.int8(CEFR_LEVELS.index(key)) if key in CEFR_LEVELS else missing


_DIVERSITY_MARKER = re.compile(r"\(?\s*\b[mvfhwxd]\s*(?:/\s*[mvfhwxd]\s*\b){1,3}\s*\)?")
_HOURS_NOISE = re.compile(r"\b\d+(?:\s*-\s*\d+)?\s*(?:uur|uren|u|h)\b")


def light_title(text: str) -> str:
    """Cheap normalisation for fuzzy title and skill comparison: no diversity marker
    ("(m/v/x)"), no hours ("32 uur"), lower case, no diacritics, single spaces. The heavy
    title normaliser runs once, when a title is coded to a concept on save."""
    folded = text.casefold()
    return fold_term(_HOURS_NOISE.sub(" ", _DIVERSITY_MARKER.sub(" ", folded)))


def _memo(function: Callable[[str], _T]) -> Callable[[str], _T]:
    """``function`` remembered per argument for the life of one engine (profiles repeat values)."""
    memo: dict[str, _T] = {}

    def remembered(text: str) -> _T:
        if text in memo:
            return memo[text]
        value = memo[text] = function(text)
        return value

    return remembered


class _Normaliser:
    """``light_title`` with a memo: profiles repeat the same titles and skills a lot."""

    def __init__(self) -> None:
        self._memo: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        result = self._memo.get(text)
        if result is None:
            result = light_title(text)
            self._memo[text] = result
        return result


class _Strings:
    """Unique normalised strings, each with an id."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.texts: list[str] = []

    def add(self, text: str) -> int:
        number = self.ids.get(text)
        if number is None:
            number = len(self.texts)
            self.ids[text] = number
            self.texts.append(text)
        return number


def _ratio_pct(queries: Sequence[str], choices: Sequence[str], workers: int, cutoff: int) -> np.ndarray:
    """Fuzzy similarity in whole percent (rapidfuzz ``ratio``), queries × choices, uint8;
    0 below ``cutoff`` (which lets rapidfuzz stop early). Whole percent on every path, so a
    bulk run and a single query round alike."""
    if not queries or not choices:
        return np.zeros((len(queries), len(choices)), dtype=np.uint8)
    scores = process.cdist(queries, choices, scorer=fuzz.ratio, dtype=np.uint8, workers=workers, score_cutoff=cutoff)
    return np.asarray(scores, dtype=np.uint8)


def _flatten(owners: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Ragged lists → (owner index, value) arrays, ordered by owner."""
    lengths = np.fromiter((len(items) for items in owners), dtype=np.int64, count=len(owners))
    owner = np.repeat(np.arange(len(owners), dtype=np.int64), lengths)
    values = np.fromiter((value for items in owners for value in items), dtype=np.int64, count=int(lengths.sum()))
    return owner, values


def _gather_entries(owner: np.ndarray, starts: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Entries (positions into owner-ordered arrays) belonging to ``rows``; local owner ids."""
    if len(rows) and int(rows[-1]) - int(rows[0]) == len(rows) - 1 and bool(np.all(np.diff(rows) == 1)):
        first, last = int(starts[rows[0]]), int(starts[rows[-1] + 1])
        return owner[first:last] - rows[0], np.arange(first, last, dtype=np.int64)
    counts = starts[rows + 1] - starts[rows]
    local = np.repeat(np.arange(len(rows), dtype=np.int64), counts)
    offsets = np.repeat(starts[rows] - np.cumsum(np.concatenate(([0], counts[:-1]))), counts)
    positions = np.arange(int(counts.sum()), dtype=np.int64) + offsets
    return local, positions


def _compact(ids: np.ndarray, universe: int) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct ids, each id's position among them); the whole universe when that is
    cheaper than sorting (a block that covers most of the caseload)."""
    if len(ids) > universe // 2:
        return np.arange(universe, dtype=np.int64), ids
    unique, inverse = np.unique(ids, return_inverse=True)
    return unique, inverse.reshape(-1)


def _row_max(local_owner: np.ndarray, values: np.ndarray, n_rows: int) -> np.ndarray:
    """Per local owner, the element-wise maximum of its value rows (0 when it has none)."""
    result = np.zeros((n_rows, values.shape[1]), dtype=np.float64)
    if len(local_owner) == 0:
        return result
    boundaries = np.flatnonzero(np.concatenate(([True], local_owner[1:] != local_owner[:-1])))
    result[local_owner[boundaries]] = np.maximum.reduceat(values, boundaries, axis=0)
    return result


@dataclass(frozen=True, slots=True)
class _RequirementGroups:
    """All vacancies' requirements grouped by equal value, for exclusion counts per seeker."""

    closed: int
    group_masks: np.ndarray
    group_counts: np.ndarray
    closes_sorted: np.ndarray
    hours_min_sorted: np.ndarray
    hours_max_sorted: np.ndarray
    licence_masks: np.ndarray
    licence_counts: np.ndarray
    cert_masks: np.ndarray
    cert_counts: np.ndarray
    demand_masks: np.ndarray
    demand_counts: np.ndarray
    dutch_sorted: np.ndarray


def _grouped(masks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if len(masks) == 0:
        return masks, np.zeros(0, dtype=np.int64)
    unique, counts = np.unique(masks, axis=0, return_counts=True)
    return unique, counts.astype(np.int64)


@dataclass(frozen=True, slots=True)
class _Block:
    """One evaluated block: filter bits, passing pairs, their chord lengths and points."""

    si: np.ndarray
    vi: np.ndarray
    fails: np.ndarray
    chord2: np.ndarray
    ps: np.ndarray
    pv: np.ndarray
    points: dict[str, np.ndarray]
    score: np.ndarray


# -- the engine ------------------------------------------------------------------------------------


class MatchingEngine:
    """Seekers and vacancies encoded once; rankings and explanations on demand."""

    def __init__(
        self,
        seekers: Sequence[SeekerProfile],
        vacancies: Sequence[VacancyProfile],
        *,
        catalogue: OccupationCatalogue,
        postcodes: PostcodeTable,
        today: dt.date,
        settings: MatchingSettings | None = None,
        licences: LicenceTable | None = None,
        certificates: CertificateTable | None = None,
        demands: WorkDemands | None = None,
        workers: int = 1,
    ) -> None:
        self.settings = settings or load_matching_settings()
        self.licences = licences or load_driving_licences()
        self.certificates = certificates or load_certificates()
        self.demands = demands or load_work_demands()
        self.catalogue = catalogue
        self.postcodes = postcodes
        self.today = today
        self.workers = workers
        self.seekers: tuple[SeekerProfile, ...] = tuple(sorted(seekers, key=lambda s: s.key))
        self.vacancies: tuple[VacancyProfile, ...] = tuple(sorted(vacancies, key=lambda v: v.key))
        self._seeker_index = {s.key: i for i, s in enumerate(self.seekers)}
        self._vacancy_index = {v.key: i for i, v in enumerate(self.vacancies)}
        if len(self._seeker_index) != len(self.seekers) or len(self._vacancy_index) != len(self.vacancies):
            raise ValueError("profile keys must be unique")
        self._normalise = _Normaliser()
        self._locate = _memo(self.postcodes.locate)
        self._licence_code = _memo(self.licences.code_of)
        self._full_occupation: np.ndarray | None = None
        self._full_skills: np.ndarray | None = None
        #: Concept URI → id, one numbering for both sides (seekers' items and vacancies' keys).
        self._concept_ids: dict[str, int] = {}
        self._encode_universes()
        self._encode_vacancies()
        self._encode_seekers()

    # -- pickling (a prepared side cached on disk, ``services/matching.py``) ---------------

    def __getstate__(self) -> dict[str, Any]:
        """Everything but the per-process memo closures, which are rebuilt on load."""
        return {k: v for k, v in self.__dict__.items() if k not in ("_normalise", "_locate", "_licence_code")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._normalise = _Normaliser()
        self._locate = _memo(self.postcodes.locate)
        self._licence_code = _memo(self.licences.code_of)

    # -- encoding --------------------------------------------------------------------------

    def _encode_universes(self) -> None:
        groups = sorted({s.target_group for s in self.seekers} | {g for v in self.vacancies for g in v.eligible_target_groups})
        self._groups = _Universe(groups)
        vacancy_licences = [self._required_licence(v) for v in self.vacancies]
        self._licence_universe = _Universe([*self.licences.codes, *sorted({c for c in vacancy_licences if c})])
        self._vacancy_licence = vacancy_licences
        # The licence each vacancy asks for as an index into its sorted names (door openers count by it).
        self._licence_labels: tuple[str, ...] = tuple(sorted(set(vacancy_licences)))
        label_index = {label: i for i, label in enumerate(self._licence_labels)}
        self._v_licence_label = np.array([label_index[label] for label in vacancy_licences], dtype=np.int64)
        requirement = _memo(self.certificates.requirement)
        vacancy_certs = [tuple(dict.fromkeys(r for r in (requirement(c) for c in v.certificates) if r))
                         for v in self.vacancies]
        self._certificate_universe = _Universe([*self.certificates.codes, *sorted({c for cs in vacancy_certs for c in cs})])
        self._vacancy_certs = vacancy_certs
        self._demand_universe = _Universe([d.demand for d in self.demands.demands])

    def _required_licence(self, vacancy: VacancyProfile) -> str:
        text = (vacancy.driving_licence or "").strip()
        if not text:
            return ""
        return self._licence_code(text) or fold_term(text)

    def _encode_vacancies(self) -> None:
        vacancies = self.vacancies
        n = len(vacancies)
        self._v_key = np.array([v.key for v in vacancies], dtype=np.int64)
        self._v_open = np.array([v.is_open and v.free_positions > 0 for v in vacancies], dtype=bool)
        all_groups = self._groups.full()
        self._v_groups = self._groups.pack([v.eligible_target_groups for v in vacancies])
        unrestricted = np.array([not v.eligible_target_groups for v in vacancies], dtype=bool)
        self._v_groups[unrestricted] = all_groups
        self._v_licence = self._licence_universe.pack([[c] if c else [] for c in self._vacancy_licence])
        self._v_certs = self._certificate_universe.pack(self._vacancy_certs)
        demand_of = _memo(self.demands.demand_of)
        self._vacancy_demands = [tuple(dict.fromkeys(d for d in (demand_of(t) for t in v.physical_demands) if d))
                                 for v in vacancies]
        self._v_demands = self._demand_universe.pack(self._vacancy_demands)
        self._v_hours_min = np.array([v.hours_min for v in vacancies], dtype=np.int64)
        self._v_hours_max = np.array([v.hours_max for v in vacancies], dtype=np.int64)
        self._v_closes = np.array([_days(v.closes_on, _NEVER) for v in vacancies], dtype=np.int64)
        self._v_dutch = np.array([_level(v.dutch_level, _NO_LEVEL) for v in vacancies], dtype=np.int8)
        self._dutch_stated = int(np.count_nonzero(self._v_dutch >= 0))
        self._v_location = [self._locate(v.postcode) for v in vacancies]
        self._v_xyz = unit_vectors(np.array([loc.latitude for loc in self._v_location], dtype=np.float64).reshape(n),
                                   np.array([loc.longitude for loc in self._v_location], dtype=np.float64).reshape(n))
        self._v_sustain = np.array([self._sustainability_share(v) for v in vacancies], dtype=np.float64)
        # Occupation keys: (normalised title, concept) per vacancy.
        self._vkeys = _Strings()
        self._vkey_concept: list[str] = []
        self._vkey_title: list[str] = []
        vkey = []
        for v in vacancies:
            title = self._normalise(v.title)
            concept = v.occupation_code or ""
            number = self._vkeys.add(f"{concept}\t{title}")
            if number == len(self._vkey_concept):
                self._vkey_concept.append(concept)
                self._vkey_title.append(title)
            vkey.append(number)
        self._v_vkey = np.array(vkey, dtype=np.int64)
        group_masks, group_counts = _grouped(self._v_groups)
        licence_masks, licence_counts = _grouped(self._v_licence)
        cert_masks, cert_counts = _grouped(self._v_certs)
        demand_masks, demand_counts = _grouped(self._v_demands)
        self._groups_of_requirements = _RequirementGroups(
            closed=int(np.count_nonzero(~self._v_open)), group_masks=group_masks, group_counts=group_counts,
            closes_sorted=np.sort(self._v_closes), hours_min_sorted=np.sort(self._v_hours_min),
            hours_max_sorted=np.sort(self._v_hours_max), licence_masks=licence_masks, licence_counts=licence_counts,
            cert_masks=cert_masks, cert_counts=cert_counts, demand_masks=demand_masks, demand_counts=demand_counts,
            dutch_sorted=np.sort(self._v_dutch),
        )
        self._vkey_codes = self._concept_codes(self._vkey_concept, -2)
        self._vkey_titles = np.array(self._vkey_title, dtype=object)
        # Skills: unique normalised strings, padded per vacancy.
        self._vskills = _Strings()
        skill_lists = [tuple(dict.fromkeys(s for s in (self._normalise(k) for k in v.skills) if s)) for v in vacancies]
        skill_ids = [[self._vskills.add(s) for s in skills] for skills in skill_lists]
        self._vskill_display: list[str] = [""] * len(self._vskills.texts)
        for v in vacancies:
            for text in v.skills:
                found = self._vskills.ids.get(self._normalise(text))
                if found is not None and not self._vskill_display[found]:
                    self._vskill_display[found] = text.strip()
        width = max((len(ids) for ids in skill_ids), default=0)
        self._v_skill_count = np.array([len(ids) for ids in skill_ids], dtype=np.int64)
        pad = np.full((n, max(width, 1)), -1, dtype=np.int64)
        for row, ids in enumerate(skill_ids):
            pad[row, : len(ids)] = ids
        self._v_skills = pad

    def _sustainability_share(self, vacancy: VacancyProfile) -> float:
        shares = self.settings.sustainability
        kind = vacancy.employment_type
        if kind == "fixed_term":
            long = (vacancy.duration_months or 0) >= self.settings.long_contract_months
            return shares["fixed_term_long" if long else "fixed_term_short"]
        return shares.get(kind, shares["fixed_term_short"])

    def _encode_seekers(self) -> None:
        seekers = self.seekers
        n = len(seekers)
        self._s_key = np.array([s.key for s in seekers], dtype=np.int64)
        self._s_group = self._groups.pack([[s.target_group] for s in seekers])
        self._seeker_licences = [self.licences.implied_by(s.driving_licences) |
                                 {fold_term(t) for t in s.driving_licences if self.licences.code_of(t) is None}
                                 for s in seekers]
        self._s_licence = self._licence_universe.pack(self._seeker_licences)
        self._seeker_certs = [self.certificates.held(s.certificates) for s in seekers]
        self._s_certs = self._certificate_universe.pack(self._seeker_certs)
        self._seeker_excluded = [tuple(dict.fromkeys(d for d in (self.demands.demand_excluded_by(t) for t in s.work_restrictions) if d))
                                 for s in seekers]
        self._s_excluded = self._demand_universe.pack(self._seeker_excluded)
        self._s_hours_min = np.array([s.hours_min for s in seekers], dtype=np.int64)
        self._s_hours_max = np.array([s.hours_max for s in seekers], dtype=np.int64)
        self._s_available = np.array([_days(s.available_from, _ALWAYS) for s in seekers], dtype=np.int64)
        self._s_dutch = np.array([_level(s.dutch_level, _UNKNOWN_LEVEL) for s in seekers], dtype=np.int8)
        self._s_location = [self._locate(s.postcode) for s in seekers]
        self._s_xyz = unit_vectors(np.array([loc.latitude for loc in self._s_location], dtype=np.float64).reshape(n),
                                   np.array([loc.longitude for loc in self._s_location], dtype=np.float64).reshape(n))
        self._s_limit_km = np.array([self._travel_limit(s) for s in seekers], dtype=np.float64)
        self._s_independent = np.array([s.travels_independently for s in seekers], dtype=bool)
        self._s_max_travel = np.array([max(0.0, float(s.max_travel_km)) for s in seekers], dtype=np.float64)
        self._s_limit_chord2 = km_to_chord(self._s_limit_km) ** 2
        # Occupation items: (concept, normalised text) per desired occupation / experience.
        self._items = _Strings()
        self._item_concept: list[str] = []
        self._item_title: list[str] = []
        item_lists: list[list[int]] = []
        factor_lists: list[list[float]] = []
        self._item_entry_text: list[tuple[str, str]] = []
        for s in seekers:
            items: list[int] = []
            factors: list[float] = []
            for kind, texts, codes, factor in (
                ("wants", s.desired_occupations, s.desired_occupation_codes, 1.0),
                ("experience", s.experience, s.experience_codes, self.settings.occupation_experience_factor),
            ):
                for position, text in enumerate(texts):
                    concept = codes[position] if position < len(codes) else ""
                    title = self._normalise(text)
                    if not title and not concept:
                        continue
                    number = self._items.add(f"{concept}\t{title}")
                    if number == len(self._item_concept):
                        self._item_concept.append(concept)
                        self._item_title.append(title)
                    items.append(number)
                    factors.append(factor)
                    self._item_entry_text.append((text, kind))
            item_lists.append(items)
            factor_lists.append(factors)
        self._item_codes = self._concept_codes(self._item_concept, -1)
        self._item_titles = np.array(self._item_title, dtype=object)
        self._item_owner, self._item_id = _flatten(item_lists)
        self._item_factor = np.fromiter((f for fs in factor_lists for f in fs), dtype=np.float64, count=len(self._item_id))
        self._item_starts = np.concatenate(([0], np.cumsum([len(items) for items in item_lists]))).astype(np.int64)
        self._sskills = _Strings()
        skill_lists = [[self._sskills.add(k) for k in dict.fromkeys(self._normalise(k) for k in s.skills) if k]
                       for s in seekers]
        self._skill_owner, self._skill_id = _flatten(skill_lists)
        self._skill_starts = np.concatenate(([0], np.cumsum([len(ids) for ids in skill_lists]))).astype(np.int64)

    def _concept_codes(self, concepts: Sequence[str], missing: int) -> np.ndarray:
        """(n, 3) int: concept id, ISCO unit group, ISCO minor group; ``missing`` where unknown
        (seekers and vacancies use different ``missing`` values, so unknown never equals unknown)."""
        codes = np.full((len(concepts), 3), missing, dtype=np.int64)
        for row, concept in enumerate(concepts):
            if not concept:
                continue
            codes[row, 0] = self._concept_ids.setdefault(concept, len(self._concept_ids))
            isco = self.catalogue.isco(concept)
            if len(isco) >= 4 and isco[:4].isdigit():
                codes[row, 1] = int(isco[:4])
            if len(isco) >= 3 and isco[:3].isdigit():
                codes[row, 2] = int(isco[:3])
        return codes

    def _travel_limit(self, seeker: SeekerProfile) -> float:
        limit = max(0.0, float(seeker.max_travel_km))
        if not seeker.travels_independently:
            limit = min(limit, self.settings.not_independent_max_km)
        return limit

    # -- one side encoded once, the other swapped (the matches screen's cache) ---------------

    def with_seekers(self, seekers: Sequence[SeekerProfile]) -> MatchingEngine | None:
        """These vacancies, encoded once and shared, against other ``seekers`` (only they are
        encoded): what ranking one person against a cached set of open vacancies needs.

        ``None`` when a seeker's target group is outside this engine's universe (its bit
        positions were fixed by the seekers and vacancies it was built with): build a new
        engine then. Results equal those of a new engine on the same profiles (tested).
        """
        if not {s.target_group for s in seekers} <= set(self._groups.names):
            return None
        clone = copy.copy(self)
        clone.seekers = tuple(sorted(seekers, key=lambda s: s.key))
        clone._seeker_index = {s.key: i for i, s in enumerate(clone.seekers)}
        if len(clone._seeker_index) != len(clone.seekers):
            raise ValueError("profile keys must be unique")
        clone._concept_ids = dict(self._concept_ids)
        clone._full_occupation = clone._full_skills = None
        clone._encode_seekers()
        return clone

    def with_vacancies(self, vacancies: Sequence[VacancyProfile]) -> MatchingEngine | None:
        """These seekers, encoded once and shared, against other ``vacancies`` (only they are
        encoded): what ranking the candidates for one vacancy against a cached caseload needs.

        ``None`` when the vacancies would change a universe the seekers were encoded in (a
        target group, licence or certificate this engine has no bit for): build a new engine
        then. Results equal those of a new engine on the same profiles (tested).
        """
        clone = copy.copy(self)
        clone.vacancies = tuple(sorted(vacancies, key=lambda v: v.key))
        clone._vacancy_index = {v.key: i for i, v in enumerate(clone.vacancies)}
        if len(clone._vacancy_index) != len(clone.vacancies):
            raise ValueError("profile keys must be unique")
        clone._encode_universes()
        for universe in ("_groups", "_licence_universe", "_certificate_universe", "_demand_universe"):
            if getattr(clone, universe).names != getattr(self, universe).names:
                return None
        clone._concept_ids = dict(self._concept_ids)
        clone._full_occupation = clone._full_skills = None
        clone._encode_vacancies()
        return clone

    # -- similarity ------------------------------------------------------------------------

    def prepare_bulk(self) -> None:
        """Compute every title and skill similarity once (for ``rank_all``), on all cores:
        items × vacancy titles as whole percent (uint8), skills as booleans."""
        self._full_occupation = self._title_pct(np.arange(len(self._item_title)), np.arange(len(self._vkey_title)),
                                                workers=-1)
        self._full_skills = self._skill_match(np.arange(len(self._sskills.texts)), np.arange(len(self._vskills.texts)),
                                              workers=-1)

    def _title_pct(self, items: np.ndarray, vkeys: np.ndarray, workers: int | None = None) -> np.ndarray:
        """Title similarity in percent, seeker item × vacancy key (0 below the threshold)."""
        if self._full_occupation is not None:
            return np.asarray(self._full_occupation[np.ix_(items, vkeys)])
        cutoff = math.ceil(self.settings.occupation_title_threshold * 100)
        return _ratio_pct(self._item_titles[items].tolist(), self._vkey_titles[vkeys].tolist(),
                          self.workers if workers is None else workers, cutoff)

    def _occupation_fit(self, items: np.ndarray, vkeys: np.ndarray) -> np.ndarray:
        """Share 0-1 of the occupation points, seeker item × vacancy key."""
        s = self.settings
        if len(items) == 0 or len(vkeys) == 0:
            return np.zeros((len(items), len(vkeys)), dtype=np.float64)
        pct = self._title_pct(items, vkeys)
        fit = np.where(pct > 0, pct * (s.occupation_title_similarity / 100.0), 0.0)
        i_codes, v_codes = self._item_codes[items], self._vkey_codes[vkeys]
        minor = i_codes[:, 2][:, None] == v_codes[:, 2][None, :]
        fit = np.maximum(fit, np.where(minor, s.occupation_same_minor_group, 0.0))
        unit = i_codes[:, 1][:, None] == v_codes[:, 1][None, :]
        fit = np.maximum(fit, np.where(unit, s.occupation_same_unit_group, 0.0))
        same = i_codes[:, 0][:, None] == v_codes[:, 0][None, :]
        return np.asarray(np.maximum(fit, np.where(same, s.occupation_exact, 0.0)))

    def _skill_match(self, sskills: np.ndarray, vskills: np.ndarray, workers: int | None = None) -> np.ndarray:
        """True where a seeker skill counts as a vacancy skill."""
        if self._full_skills is not None:
            return np.asarray(self._full_skills[np.ix_(sskills, vskills)])
        cutoff = math.ceil(self.settings.skills_similarity_threshold * 100)
        ratios = _ratio_pct([self._sskills.texts[i] for i in sskills], [self._vskills.texts[k] for k in vskills],
                            self.workers if workers is None else workers, cutoff)
        return np.asarray(ratios >= cutoff)

    # -- evaluation of a block --------------------------------------------------------------

    def _chord2(self, si: np.ndarray, vi: np.ndarray) -> np.ndarray:
        """Squared chord lengths (S, V), element-wise (no BLAS: the same bits in any block shape)."""
        sx, vx = self._s_xyz[si], self._v_xyz[vi]
        return np.asarray((sx[:, 0, None] - vx[None, :, 0]) ** 2 + (sx[:, 1, None] - vx[None, :, 1]) ** 2
                          + (sx[:, 2, None] - vx[None, :, 2]) ** 2)

    def _filters(self, si: np.ndarray, vi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Failed-filter bits (S, V) and squared chord lengths (S, V) for every pair.

        The one place the hard filters are applied. Whole (S, V) arrays by broadcasting (no
        gathers pair by pair): for a block of 128 seekers × 20,000 vacancies this is about
        twice as fast as evaluating only the nearby pairs one index at a time.
        """
        chord2 = self._chord2(si, vi)
        bits = np.zeros(chord2.shape, dtype=np.uint16)
        scratch = np.empty(chord2.shape, dtype=np.uint16)

        def mark(name: str, condition: np.ndarray) -> None:
            np.multiply(condition, _BIT[name], out=scratch, casting="unsafe")
            np.bitwise_or(bits, scratch, out=bits)

        mark("vacancy_not_open", np.broadcast_to(~self._v_open[vi][None, :], bits.shape))
        mark("target_group", ~_overlap(self._v_groups[vi], self._s_group[si]))
        mark("available", self._s_available[si][:, None] > self._v_closes[vi][None, :])
        mark("hours", (self._v_hours_min[vi][None, :] > self._s_hours_max[si][:, None])
             | (self._s_hours_min[si][:, None] > self._v_hours_max[vi][None, :]))
        mark("distance", chord2 > self._s_limit_chord2[si][:, None] * (1 + 1e-12))
        mark("driving_licence", _missing(self._v_licence[vi], self._s_licence[si]))
        mark("certificates", _missing(self._v_certs[vi], self._s_certs[si]))
        mark("work_restrictions", _overlap(self._v_demands[vi], self._s_excluded[si]))
        mark("dutch_level", self._v_dutch[vi][None, :] > self._s_dutch[si][:, None])
        return bits, chord2

    def _shares(self, si: np.ndarray, vi: np.ndarray, ps: np.ndarray, pv: np.ndarray,
                chord2: np.ndarray) -> dict[str, np.ndarray]:
        """Component shares 0-1 for the passing pairs (ps, pv are block-local indices, ps
        sorted; ``chord2`` holds the pairs' squared chord lengths)."""
        s = self.settings
        shares: dict[str, np.ndarray] = {}
        # Only the seekers and vacancies of passing pairs need fuzzy scoring (ps is sorted:
        # it comes from np.nonzero in row order).
        new_row = np.concatenate(([True], ps[1:] != ps[:-1])) if len(ps) else np.zeros(0, dtype=bool)
        rows = ps[new_row]
        ps_local = np.cumsum(new_row) - 1
        present = np.zeros(len(vi), dtype=bool)
        present[pv] = True
        cols = np.flatnonzero(present)
        pv_local = (np.cumsum(present) - 1)[pv]
        seekers, vacancies = si[rows], vi[cols]
        # Occupation: the seekers' items against the vacancy keys these pairs need.
        local_owner, positions = _gather_entries(self._item_owner, self._item_starts, seekers)
        items, item_local = _compact(self._item_id[positions], len(self._item_title))
        vkeys, vkey_local = np.unique(self._v_vkey[vacancies], return_inverse=True)
        fit = self._occupation_fit(items, vkeys)
        best = _row_max(local_owner, fit[item_local] * self._item_factor[positions][:, None], len(rows))
        shares["occupation"] = best[ps_local, vkey_local.reshape(-1)[pv_local]]
        # Skills: which of the needed vacancy skills each seeker has.
        local_owner, positions = _gather_entries(self._skill_owner, self._skill_starts, seekers)
        sskills, sskill_local = _compact(self._skill_id[positions], len(self._sskills.texts))
        vskill_pad = self._v_skills[vacancies]
        vskills, inverse = np.unique(vskill_pad[vskill_pad >= 0], return_inverse=True)
        local_pad = np.full(vskill_pad.shape, len(vskills), dtype=np.int64)
        local_pad[vskill_pad >= 0] = inverse.reshape(-1)
        match = self._skill_match(sskills, vskills).astype(np.float64)
        has = np.zeros((len(rows), len(vskills) + 1), dtype=np.float64)
        has[:, : len(vskills)] = _row_max(local_owner, match[sskill_local], len(rows))
        matched = has[ps_local[:, None], local_pad[pv_local]].sum(axis=1)
        counts = self._v_skill_count[vi][pv]
        shares["skills"] = np.where(counts > 0, matched / np.maximum(counts, 1), s.skills_none_listed)
        # Distance, relative to the seeker's own limit.
        km = chord_to_km(np.sqrt(chord2))
        limit = self._s_limit_km[si][ps]
        shares["distance"] = np.where(limit > 0, np.clip(1 - km / np.where(limit > 0, limit, 1), 0, 1), 1.0)
        # Hours: overlap relative to the narrower range.
        smin, smax = self._s_hours_min[si][ps], self._s_hours_max[si][ps]
        vmin, vmax = self._v_hours_min[vi][pv], self._v_hours_max[vi][pv]
        overlap = np.minimum(smax, vmax) - np.maximum(smin, vmin)
        span = np.minimum(smax - smin, vmax - vmin)
        shares["hours"] = np.clip((overlap + 1) / (span + 1), 0, 1)
        shares["sustainability"] = self._v_sustain[vi][pv]
        return shares

    def _points(self, shares: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], np.ndarray]:
        points = {name: np.round(shares[name] * self.settings.weights[name], 1) for name in COMPONENTS}
        total = np.zeros_like(points[COMPONENTS[0]])
        for name in COMPONENTS:
            total = total + points[name]
        return points, np.round(total, 1)

    def _evaluate(self, si: np.ndarray, vi: np.ndarray) -> _Block:
        """Filters, then points and scores for the passing pairs."""
        fails, chord2 = self._filters(si, vi)
        ps, pv = np.nonzero(fails == 0)
        return self._scored_block(si, vi, fails, ps, pv, chord2[ps, pv])

    def _scored_block(self, si: np.ndarray, vi: np.ndarray, fails: np.ndarray, ps: np.ndarray, pv: np.ndarray,
                      pair_chord2: np.ndarray) -> _Block:
        if len(ps):
            points, score = self._points(self._shares(si, vi, ps, pv, pair_chord2))
        else:
            points, score = {name: np.zeros(0) for name in COMPONENTS}, np.zeros(0, dtype=np.float64)
        return _Block(si, vi, fails, pair_chord2, ps, pv, points, score)

    def _scored_at(self, block: _Block, position: int) -> Scored:
        """The result for one passing pair of an evaluated block, with reasons in words."""
        s_index, v_index = int(block.si[block.ps[position]]), int(block.vi[block.pv[position]])
        chord2 = float(block.chord2[position])
        points = {name: float(block.points[name][position]) for name in COMPONENTS}
        return self._scored_from(s_index, v_index, points, float(block.score[position]), chord2)

    def _scored_from(self, s_index: int, v_index: int, points: Mapping[str, float], total: float,
                     chord2: float) -> Scored:
        seeker, vacancy = self.seekers[s_index], self.vacancies[v_index]
        km = 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(max(chord2, 0.0)) / 2))
        components = tuple(
            Component(name, points[name], float(self.settings.weights[name]),
                      self._component_reason(name, seeker, vacancy, s_index, v_index, km))
            for name in COMPONENTS
        )
        return Scored(seeker.key, vacancy.key, total, components)

    # -- public queries ---------------------------------------------------------------------

    def seeker_keys(self) -> tuple[int, ...]:
        return tuple(s.key for s in self.seekers)

    def rank_vacancies(self, seeker_key: int, top: int = 10) -> Ranking:
        """The best ``top`` vacancies for one seeker, with exclusions and door openers."""
        index = self._seeker(seeker_key)
        return next(self._rank_seeker_block(np.array([index], dtype=np.int64), top))

    def eligible_vacancy_keys(self, seeker_key: int) -> tuple[int, ...]:
        """Keys of the vacancies that pass every hard filter for this seeker (filters only)."""
        fails, _ = self._filters(np.array([self._seeker(seeker_key)]), np.arange(len(self.vacancies)))
        return tuple(int(key) for key in self._v_key[fails[0] == 0])

    def rank_all(self, top: int = 10, *, block: int = 128,
                 progress: Callable[[int, int], None] | None = None) -> Iterator[Ranking]:
        """``rank_vacancies`` for every seeker in key order, computed in blocks.

        With ``workers`` other than 1 (``-1``: every core) and where the platform can fork,
        the blocks are ranked in that many child processes that share this engine's arrays
        (copy-on-write) and send back their rankings; the order and every result are the
        same as in one process, because each block is computed exactly as it would be here.
        """
        return self.map_rank_all(_same, top, block=block, progress=progress)

    def map_rank_all(self, convert: Callable[[Ranking], _T], top: int = 10, *, block: int = 128,
                     progress: Callable[[int, int], None] | None = None) -> Iterator[_T]:
        """``rank_all`` with ``convert`` applied to each ranking where it is computed: in the
        child processes too, so turning rankings into what the caller shows (the service's
        words) is spread over the cores as well. ``convert`` must be a pure function of its
        ranking (the children inherit it; it is never pickled), and its results picklable."""
        if self._full_occupation is None:
            self.prepare_bulk()
        total = len(self.seekers)
        starts = range(0, total, block)
        processes = _process_count(self.workers, len(starts))
        if processes <= 1:
            for start in starts:
                yield from (convert(ranking) for ranking in self._rank_rows(start, block, top))
                if progress is not None:
                    progress(min(total, start + block), total)
            return
        global _FORKED_ENGINE, _FORKED_CONVERT
        _FORKED_ENGINE, _FORKED_CONVERT = self, convert
        try:
            context = multiprocessing.get_context("fork")
            with context.Pool(processes) as pool:
                tasks = ((start, block, top) for start in starts)
                for start, converted in zip(starts, pool.imap(_rank_rows_in_child, tasks)):
                    yield from converted
                    if progress is not None:
                        progress(min(total, start + block), total)
        finally:
            _FORKED_ENGINE, _FORKED_CONVERT = None, None

    def _rank_rows(self, start: int, block: int, top: int) -> list[Ranking]:
        rows = np.arange(start, min(len(self.seekers), start + block), dtype=np.int64)
        return list(self._rank_seeker_block(rows, top))

    def rank_seekers(self, vacancy_key: int, top: int = 10) -> Ranking:
        """The best ``top`` candidates for one vacancy, with exclusions and door openers."""
        vi = np.array([self._vacancy(vacancy_key)], dtype=np.int64)
        si = np.arange(len(self.seekers), dtype=np.int64)
        block = self._evaluate(si, vi)
        column = block.fails[:, 0]
        order = self._top(block.score, block.ps, top)
        results = tuple(self._scored_at(block, int(i)) for i in order)
        excluded = {name: int(np.count_nonzero(column & _BIT[name])) for name in FILTERS}
        return Ranking(
            subject_key=int(self._v_key[vi[0]]),
            results=results,
            considered=int(np.count_nonzero(column == 0)),
            excluded={name: count for name, count in excluded.items() if count},
            would_open=self._openers_for_vacancy(int(vi[0]), si, column),
            notes=self._vacancy_notes(int(vi[0])),
        )

    def explain(self, seeker_key: int, vacancy_key: int) -> PairOutcome:
        """Everything about one pair: every failing filter in words, or the score breakdown."""
        s_index, v_index = self._seeker(seeker_key), self._vacancy(vacancy_key)
        fails, chord2 = self._filters(np.array([s_index]), np.array([v_index]))
        bits = int(fails[0, 0])
        exclusions = tuple(self._exclusion_reason(s_index, v_index, name, float(chord2[0, 0]))
                           for name in FILTERS if bits & int(_BIT[name]))
        scored = self._scored(s_index, v_index)
        return PairOutcome(
            seeker_key=seeker_key,
            vacancy_key=vacancy_key,
            eligible=not exclusions,
            exclusions=exclusions,
            score=None if exclusions else scored.score,
            components=scored.components,
        )

    # -- internals of the queries -----------------------------------------------------------------

    def _seeker(self, key: int) -> int:
        try:
            return self._seeker_index[key]
        except KeyError:
            raise LookupError(f"no seeker profile with key {key}") from None

    def _vacancy(self, key: int) -> int:
        try:
            return self._vacancy_index[key]
        except KeyError:
            raise LookupError(f"no vacancy profile with key {key}") from None

    @staticmethod
    def _top(score: np.ndarray, owner: np.ndarray, top: int) -> np.ndarray:
        """Positions of the ``top`` best scores; ties → smaller owner index (smaller key)."""
        if len(score) == 0:
            return np.zeros(0, dtype=np.int64)
        order = np.lexsort((owner, -score))
        return order[:top]

    def _near_radius_chord2(self, si: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per seeker: squared chord of the radius that matters (own limit, the next travel
        step, or the own maximum when the cap for not travelling independently binds), and
        the next step (km, nan when none) and whether the cap binds."""
        limit = self._s_limit_km[si]
        independent = self._s_independent[si]
        own = self._s_max_travel[si]
        steps = np.array(self.settings.travel_steps_km, dtype=np.float64)
        position = np.searchsorted(steps, limit, side="right")
        next_step = np.where(position < len(steps), steps[np.minimum(position, len(steps) - 1)], np.nan)
        next_step = np.where(independent, next_step, np.nan)
        capped = ~independent & (own > self.settings.not_independent_max_km)
        radius = np.maximum(limit, np.where(np.isnan(next_step), 0.0, next_step))
        radius = np.where(capped, np.maximum(radius, own), radius)
        return km_to_chord(radius) ** 2 * (1 + 1e-12), next_step, capped

    def _rank_seeker_block(self, si: np.ndarray, top: int) -> Iterator[Ranking]:
        """Rank all vacancies for a block of seekers.

        The hard filters run over the whole (S, V) block; only pairs within the distance that
        matters go on, as 1-D arrays, to scoring (those that pass) and door openers; the
        exclusion counts are counted over all vacancies by grouping equal requirements.
        """
        vi = np.arange(len(self.vacancies), dtype=np.int64)
        all_bits, chord2 = self._filters(si, vi)
        radius2, next_step, capped = self._near_radius_chord2(si)
        flat = np.flatnonzero(chord2 <= radius2[:, None])
        bits = all_bits.reshape(-1)[flat]
        within = np.count_nonzero((all_bits & _BIT["distance"]) == 0, axis=1)
        # Only two kinds of nearby pair matter from here: those that pass (scored) and those
        # that fail exactly one filter (door openers); the others are only counted above.
        passing = bits == 0
        single = ~passing & ((bits & (bits - 1)) == 0)
        chord_flat = chord2.reshape(-1)
        passing_flat, single_flat = flat[passing], flat[single]
        del all_bits, flat
        ps_all, pv_all = np.divmod(passing_flat, len(vi))
        block = self._scored_block(si, vi, bits, ps_all, pv_all, chord_flat[passing_flat])
        ps, pv, score = block.ps, block.pv, block.score
        # Top per seeker, vectorised: sort all passing pairs by (seeker, -score, vacancy).
        order = np.lexsort((pv, -score, ps))
        sorted_ps = ps[order]
        starts = np.searchsorted(sorted_ps, np.arange(len(si)), side="left")
        ends = np.searchsorted(sorted_ps, np.arange(len(si)), side="right")
        excluded_counts = self._exclusion_counts(si, len(vi) - within)
        ns, nv = np.divmod(single_flat, len(vi))
        openers = self._openers_for_seekers(si, ns, nv, bits[single], chord_flat[single_flat], next_step, capped)
        del chord2, chord_flat
        counts = {name: c.tolist() for name, c in excluded_counts.items()}
        starts_list, ends_list, order_list = starts.tolist(), ends.tolist(), order.tolist()
        for row, seeker_index in enumerate(si.tolist()):
            chosen = order_list[starts_list[row]: min(ends_list[row], starts_list[row] + top)]
            yield Ranking(
                subject_key=int(self._s_key[seeker_index]),
                results=tuple(self._scored_at(block, i) for i in chosen),
                considered=ends_list[row] - starts_list[row],
                excluded={name: c[row] for name, c in counts.items() if c[row]},
                would_open=openers[row],
                notes=self._seeker_notes(seeker_index),
            )

    def _exclusion_counts(self, si: np.ndarray, too_far: np.ndarray) -> dict[str, np.ndarray]:
        """Per seeker and filter: how many of all vacancies fail it (a vacancy may fail
        several), counted over groups of equal requirements instead of pair by pair."""
        g = self._groups_of_requirements
        counts: dict[str, np.ndarray] = {}
        counts["vacancy_not_open"] = np.full(len(si), g.closed, dtype=np.int64)
        counts["target_group"] = (~_overlap(g.group_masks, self._s_group[si])).astype(np.int64) @ g.group_counts
        counts["available"] = np.searchsorted(g.closes_sorted, self._s_available[si], side="left")
        counts["hours"] = (len(self.vacancies) - np.searchsorted(g.hours_min_sorted, self._s_hours_max[si], side="right")
                           + np.searchsorted(g.hours_max_sorted, self._s_hours_min[si], side="left"))
        counts["distance"] = np.asarray(too_far, dtype=np.int64)
        counts["driving_licence"] = _missing(g.licence_masks, self._s_licence[si]).astype(np.int64) @ g.licence_counts
        counts["certificates"] = _missing(g.cert_masks, self._s_certs[si]).astype(np.int64) @ g.cert_counts
        counts["work_restrictions"] = (_overlap(g.demand_masks, self._s_excluded[si]).astype(np.int64)
                                       @ g.demand_counts)
        counts["dutch_level"] = len(self.vacancies) - np.searchsorted(g.dutch_sorted, self._s_dutch[si], side="right")
        return {name: counts[name] for name in FILTERS}

    def _openers_for_seekers(self, si: np.ndarray, ns: np.ndarray, nv: np.ndarray, bits: np.ndarray,
                             chord2: np.ndarray, next_step: np.ndarray,
                             capped: np.ndarray) -> list[tuple[DoorOpener, ...]]:
        """Per seeker of the block: one change → how many vacancies it would open. Only
        pairs that fail exactly one actionable filter can open, so only those are passed in
        (near pairs suffice: a pair further away than the radius that matters stays excluded
        by distance)."""
        found: list[list[DoorOpener]] = [[] for _ in si]
        n = len(si)
        limit = self._s_limit_km[si]

        def add(rows_counts: np.ndarray, change: str, values: Callable[[int], Mapping[str, Any]]) -> None:
            for row in np.flatnonzero(rows_counts):
                found[row].append(DoorOpener(change, values(int(row)), int(rows_counts[row])))

        only = bits == _BIT["distance"]
        if only.any():
            rows, pair_chord2 = ns[only], chord2[only]
            reach = km_to_chord(np.nan_to_num(next_step)) ** 2 * (1 + 1e-12)
            opened = ~np.isnan(next_step)[rows] & (pair_chord2 <= reach[rows])
            add(np.bincount(rows[opened], minlength=n), "max_travel_km",
                lambda r: {"from": float(limit[r]), "to": float(next_step[r])})
            own = self._s_max_travel[si]
            reach = km_to_chord(own) ** 2 * (1 + 1e-12)
            opened = capped[rows] & (pair_chord2 <= reach[rows])
            add(np.bincount(rows[opened], minlength=n), "travels_independently",
                lambda r: {"from": float(limit[r]), "to": float(own[r])})
        only = bits == _BIT["hours"]
        if only.any():
            step = self.settings.hours_step
            rows, cols = ns[only], nv[only]
            smin, smax = self._s_hours_min[si], self._s_hours_max[si]
            vmin, vmax = self._v_hours_min[cols], self._v_hours_max[cols]
            new_max = np.minimum(smax + step, 60)
            more = (vmin > smax[rows]) & (vmin <= new_max[rows])
            add(np.bincount(rows[more], minlength=n), "hours_max",
                lambda r: {"from": int(smax[r]), "to": int(new_max[r]), "low": int(smin[r])})
            new_min = np.maximum(smin - step, 0)
            fewer = (vmax < smin[rows]) & (vmax >= new_min[rows])
            add(np.bincount(rows[fewer], minlength=n), "hours_min",
                lambda r: {"from": int(smin[r]), "to": int(new_min[r]), "high": int(smax[r])})
        # A driving licence: grouped by the licence the vacancy asks for.
        only = bits == _BIT["driving_licence"]
        self._group_openers(found, ns[only], self._v_licence_label[nv[only]], self._licence_labels, "driving_licence",
                            "licence")
        # One certificate more: where exactly one required certificate is missing.
        only = bits == _BIT["certificates"]
        if only.any():
            rows, cols = ns[only], nv[only]
            missing = self._v_certs[cols] & ~self._s_certs[si[rows]]
            bit = _single_bit(missing)
            keep = bit >= 0
            self._group_openers(found, rows[keep], bit[keep], self._certificate_universe.names, "certificate",
                                "certificate")
        # Dutch at the level the vacancy states.
        only = bits == _BIT["dutch_level"]
        self._group_openers(found, ns[only], self._v_dutch[nv[only]], CEFR_LEVELS, "dutch_level", "level")
        return [tuple(sorted(items, key=lambda d: (-d.count, d.change, sorted(d.values.items())))) for items in found]

    @staticmethod
    def _group_openers(found: list[list[DoorOpener]], rows: np.ndarray, label_ids: np.ndarray, labels: Sequence[str],
                       change: str, value_name: str) -> None:
        """Count (seeker row, label) pairs without a Python loop over the pairs; ``label_ids``
        index ``labels``."""
        if len(rows) == 0:
            return
        width = len(labels)
        keys = rows.astype(np.int64) * width + label_ids.astype(np.int64)
        unique, counts = np.unique(keys, return_counts=True)
        for key, count in zip(unique.tolist(), counts.tolist()):
            row, label = divmod(key, width)
            found[row].append(DoorOpener(change, {value_name: str(labels[label])}, int(count)))

    def _openers_for_vacancy(self, v_index: int, si: np.ndarray, column: np.ndarray) -> tuple[DoorOpener, ...]:
        """For one vacancy: one change → how many more candidates."""
        found: list[DoorOpener] = []
        step = self.settings.hours_step
        vmin, vmax = int(self._v_hours_min[v_index]), int(self._v_hours_max[v_index])
        only = column == _BIT["hours"]
        if only.any():
            smin, smax = self._s_hours_min[si], self._s_hours_max[si]
            new_min = max(0, vmin - step)
            count = int(np.count_nonzero(only & (smax < vmin) & (smax >= new_min)))
            if count:
                found.append(DoorOpener("vacancy_hours_min", {"from": vmin, "to": new_min, "high": vmax}, count))
            new_max = min(60, vmax + step)
            count = int(np.count_nonzero(only & (smin > vmax) & (smin <= new_max)))
            if count:
                found.append(DoorOpener("vacancy_hours_max", {"from": vmax, "to": new_max, "low": vmin}, count))
        count = int(np.count_nonzero(column == _BIT["driving_licence"]))
        if count:
            found.append(DoorOpener("drop_driving_licence", {"licence": self._vacancy_licence[v_index]}, count))
        rows = np.flatnonzero(column == _BIT["certificates"])
        if len(rows):
            missing = self._v_certs[v_index][None, :] & ~self._s_certs[si[rows]]
            bit = _single_bit(missing)
            for b, count in zip(*np.unique(bit[bit >= 0], return_counts=True)):
                found.append(DoorOpener("drop_certificate", {"certificate": self._certificate_universe.names[int(b)]},
                                        int(count)))
        rows = np.flatnonzero(column == _BIT["work_restrictions"])
        if len(rows):
            conflict = self._v_demands[v_index][None, :] & self._s_excluded[si[rows]]
            bit = _single_bit(conflict)
            for b, count in zip(*np.unique(bit[bit >= 0], return_counts=True)):
                found.append(DoorOpener("drop_demand", {"demand": self._demand_universe.names[int(b)]}, int(count)))
        level = int(self._v_dutch[v_index])
        if level > 0:
            count = int(np.count_nonzero((column == _BIT["dutch_level"]) & (self._s_dutch[si] == level - 1)))
            if count:
                found.append(DoorOpener("lower_dutch_level", {"from": CEFR_LEVELS[level], "to": CEFR_LEVELS[level - 1]},
                                        count))
        count = int(np.count_nonzero(column == _BIT["available"]))
        if count:
            found.append(DoorOpener("close_later", {}, count))
        return tuple(sorted(found, key=lambda d: (-d.count, d.change, sorted(d.values.items()))))

    # -- words for one pair -----------------------------------------------------------------

    def _scored(self, s_index: int, v_index: int) -> Scored:
        """Score and component reasons for one pair, filters or not (computed as in a block)."""
        si, vi = np.array([s_index]), np.array([v_index])
        _, chord2 = self._filters(si, vi)
        zero = np.array([0])
        points, total = self._points(self._shares(si, vi, zero, zero, chord2.reshape(-1)))
        return self._scored_from(s_index, v_index, {name: float(points[name][0]) for name in COMPONENTS},
                                 float(total[0]), float(chord2[0, 0]))

    def _component_reason(self, name: str, seeker: SeekerProfile, vacancy: VacancyProfile, s_index: int,
                          v_index: int, km: float) -> Reason:
        if name == "occupation":
            return self._occupation_reason(seeker, vacancy, s_index, v_index)
        if name == "skills":
            return self._skills_reason(vacancy, s_index, v_index)
        if name == "distance":
            values: dict[str, Any] = {"km": round(km, 1), "limit": float(self._s_limit_km[s_index])}
            seeker_loc, vacancy_loc = self._s_location[s_index], self._v_location[v_index]
            values["seeker_fallback"] = "" if seeker_loc.exact else seeker_loc.municipality
            values["vacancy_fallback"] = "" if vacancy_loc.exact else vacancy_loc.municipality
            values["capped"] = not seeker.travels_independently
            return Reason("distance", values)
        if name == "hours":
            low = max(seeker.hours_min, vacancy.hours_min)
            high = min(seeker.hours_max, vacancy.hours_max)
            return Reason("hours", {"seeker_min": seeker.hours_min, "seeker_max": seeker.hours_max,
                                    "vacancy_min": vacancy.hours_min, "vacancy_max": vacancy.hours_max,
                                    "low": low, "high": high})
        return Reason("sustainability", {"employment_type": vacancy.employment_type,
                                         "months": vacancy.duration_months})

    def _item_fit(self, item: int, vkey: int) -> tuple[float, str, int]:
        """Occupation share of one seeker item for one vacancy key, which level gave it, and
        the title similarity in percent: the scalar twin of ``_occupation_fit``."""
        st = self.settings
        if self._full_occupation is not None:
            pct = int(self._full_occupation[item, vkey])
        else:
            pct = int(self._title_pct(np.array([item]), np.array([vkey]))[0, 0])
        own, other = self._item_codes[item], self._vkey_codes[vkey]
        candidates = [(pct * (st.occupation_title_similarity / 100.0) if pct > 0 else 0.0, "similar_title")]
        if own[2] == other[2]:
            candidates.append((st.occupation_same_minor_group, "minor_group"))
        if own[1] == other[1]:
            candidates.append((st.occupation_same_unit_group, "unit_group"))
        if own[0] == other[0]:
            candidates.append((st.occupation_exact, "same"))
        best = max(value for value, _ in candidates)
        # The most specific level that reaches the best value names it (same > unit > minor > title).
        kind = next(kind for value, kind in reversed(candidates) if value == best)
        return best, kind, pct

    def _occupation_reason(self, seeker: SeekerProfile, vacancy: VacancyProfile, s_index: int, v_index: int) -> Reason:
        start, end = int(self._item_starts[s_index]), int(self._item_starts[s_index + 1])
        if start == end:
            return Reason("occupation.unknown", {"title": vacancy.title})
        vkey = int(self._v_vkey[v_index])
        scored = [(self._item_fit(int(self._item_id[e]), vkey), float(self._item_factor[e]), e) for e in range(start, end)]
        (fit, kind, pct), factor, entry = max(scored, key=lambda x: (x[0][0] * x[1], -x[2]))
        text, wants = self._item_entry_text[entry]
        vconcept = self._vkey_concept[vkey]
        values: dict[str, Any] = {"own": text, "title": vacancy.title, "kind": wants,
                                  "label": self.catalogue.label(vconcept) if vconcept else ""}
        if fit * factor <= 0:
            return Reason("occupation.unrelated", values)
        if kind == "same":
            return Reason("occupation.same", values)
        isco = self.catalogue.isco(vconcept) if vconcept else ""
        if kind == "unit_group":
            return Reason("occupation.unit_group", {**values, "isco": isco[:4]})
        if kind == "minor_group":
            return Reason("occupation.minor_group", {**values, "isco": isco[:3]})
        return Reason("occupation.similar_title", {**values, "similarity": pct})

    def _skills_reason(self, vacancy: VacancyProfile, s_index: int, v_index: int) -> Reason:
        count = int(self._v_skill_count[v_index])
        if count == 0:
            return Reason("skills.none_listed", {})
        start, end = int(self._skill_starts[s_index]), int(self._skill_starts[s_index + 1])
        vskills = self._v_skills[v_index, :count].tolist()
        if start == end:
            return Reason("skills.overlap", {"matched": 0, "total": count, "skills": ""})
        own = self._skill_id[start:end].tolist()
        if self._full_skills is not None:
            full = self._full_skills
            hits = [any(bool(full[o, k]) for o in own) for k in vskills]
        else:
            hits = np.asarray(self._skill_match(np.array(own), np.array(vskills)).any(axis=0)).tolist()
        names = [self._vskill_display[k] for k, hit in zip(vskills, hits) if hit]
        return Reason("skills.overlap", {"matched": len(names), "total": count, "skills": ", ".join(names)})

    def _exclusion_reason(self, s_index: int, v_index: int, name: str, chord2: float) -> Reason:
        seeker, vacancy = self.seekers[s_index], self.vacancies[v_index]
        if name == "vacancy_not_open":
            return Reason("excluded.vacancy_not_open", {"open": vacancy.is_open, "free": vacancy.free_positions})
        if name == "target_group":
            return Reason("excluded.target_group", {"groups": ", ".join(vacancy.eligible_target_groups)})
        if name == "available":
            return Reason("excluded.available", {"from": seeker.available_from, "closes": vacancy.closes_on})
        if name == "hours":
            return Reason("excluded.hours", {"seeker_min": seeker.hours_min, "seeker_max": seeker.hours_max,
                                             "vacancy_min": vacancy.hours_min, "vacancy_max": vacancy.hours_max})
        if name == "distance":
            km = float(chord_to_km(np.sqrt(np.array(chord2))))
            return Reason("excluded.distance", {"km": round(km, 1), "limit": float(self._s_limit_km[s_index]),
                                                "capped": not seeker.travels_independently})
        if name == "driving_licence":
            return Reason("excluded.driving_licence", {"licence": self._vacancy_licence[v_index]})
        if name == "certificates":
            missing = [c for c in self._vacancy_certs[v_index] if c not in self._seeker_certs[s_index]]
            return Reason("excluded.certificates", {"certificates": ", ".join(missing)})
        if name == "work_restrictions":
            conflict = [d for d in self._vacancy_demands[v_index] if d in self._seeker_excluded[s_index]]
            return Reason("excluded.work_restrictions", {"demands": ", ".join(conflict)})
        return Reason("excluded.dutch_level", {"required": vacancy.dutch_level, "level": seeker.dutch_level})

    def _seeker_notes(self, s_index: int) -> tuple[Reason, ...]:
        """What is missing from a profile and what it costs (UWV's lesson: say it, don't hide)."""
        seeker = self.seekers[s_index]
        notes: list[Reason] = []
        if int(self._item_starts[s_index]) == int(self._item_starts[s_index + 1]):
            notes.append(Reason("missing.occupation", {"points": self.settings.weights["occupation"]}))
        if not seeker.skills:
            notes.append(Reason("missing.skills", {"points": self.settings.weights["skills"]}))
        location = self._s_location[s_index]
        if not location.exact:
            notes.append(Reason("missing.postcode", {"postcode": seeker.postcode, "municipality": location.municipality}))
        if seeker.dutch_level is None:
            stated = self._dutch_stated
            if stated:
                notes.append(Reason("missing.dutch_level", {"vacancies": stated}))
        if not seeker.travels_independently:
            notes.append(Reason("capped.distance", {"limit": float(self._s_limit_km[s_index])}))
        return tuple(notes)

    def _vacancy_notes(self, v_index: int) -> tuple[Reason, ...]:
        vacancy = self.vacancies[v_index]
        notes: list[Reason] = []
        if not vacancy.occupation_code:
            notes.append(Reason("missing.vacancy_occupation", {"title": vacancy.title}))
        if not vacancy.skills:
            notes.append(Reason("missing.vacancy_skills", {}))
        location = self._v_location[v_index]
        if not location.exact:
            notes.append(Reason("missing.postcode", {"postcode": vacancy.postcode, "municipality": location.municipality}))
        return tuple(notes)
