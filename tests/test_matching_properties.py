"""Properties the matching engine keeps for any input (hypothesis), DESIGN.md §5 / issue 7.12."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from hypothesis import event, given, settings
from hypothesis import strategies as st

from srmatch.matching.engine import MatchingEngine, OccupationCatalogue
from srmatch.matching.geo import PostcodeTable, distance_km, load_pc4_table
from srmatch.matching.profiles import SeekerProfile, VacancyProfile
from srmatch.matching.requirements import load_driving_licences

TODAY = dt.date(2026, 12, 1)
POSTCODES = PostcodeTable(load_pc4_table())
REGION = [c.pc4 for c in load_pc4_table() if 2900 <= int(c.pc4) <= 3299]
CATALOGUE = OccupationCatalogue({
    "srm:schoonmaker": ("schoonmaker", "9112"), "srm:glazenwasser": ("glazenwasser", "9123"),
    "srm:magazijnmedewerker": ("magazijnmedewerker", "9321"), "srm:orderpicker": ("orderpicker", "9321"),
    "srm:heftruckchauffeur": ("heftruckchauffeur", "8344"),
})
TITLES = ["Medewerker schoonmaak (m/v/x)", "Glazenwasser", "Magazijnmedewerker", "Orderpicker 32 uur",
          "Heftruckchauffeur", "schoonmaakster", "magazijnmedewerkster", "Mdw magazijn"]
LICENCES = list(load_driving_licences().codes)
GROUPS = ["participatiewet", "ww", "wajong"]


def _engine(seekers: list[SeekerProfile], vacancies: list[VacancyProfile]) -> MatchingEngine:
    return MatchingEngine(seekers, vacancies, catalogue=CATALOGUE, postcodes=POSTCODES, today=TODAY)


hours = st.tuples(st.integers(0, 40), st.integers(0, 20)).map(lambda t: (t[0], min(60, t[0] + t[1])))

seekers = st.builds(
    lambda key, pc, group, desired, codes, skills, h, km, independent, licences: SeekerProfile(
        key=key, postcode=pc, target_group=group, desired_occupations=tuple(desired),
        desired_occupation_codes=tuple(codes[: len(desired)]), skills=tuple(skills), hours_min=h[0], hours_max=h[1],
        max_travel_km=km, travels_independently=independent, driving_licences=tuple(licences)),
    key=st.integers(1, 10_000), pc=st.sampled_from(REGION), group=st.sampled_from(GROUPS),
    desired=st.lists(st.sampled_from(TITLES), max_size=3),
    codes=st.lists(st.sampled_from(["", *CATALOGUE.concepts]), min_size=3, max_size=3),
    skills=st.lists(st.sampled_from(["schoonmaken", "heftruck rijden", "nauwkeurig", "orderpicken"]), max_size=3),
    h=hours, km=st.floats(1, 60), independent=st.booleans(), licences=st.lists(st.sampled_from(LICENCES), max_size=2),
)

vacancies = st.builds(
    lambda key, pc, title, code, skills, h, kind, licence, groups: VacancyProfile(
        key=key, title=title, postcode=pc, occupation_code=code, skills=tuple(skills), hours_min=h[0], hours_max=h[1],
        employment_type=kind, driving_licence=licence, eligible_target_groups=tuple(groups)),
    key=st.integers(1, 10_000), pc=st.sampled_from(REGION), title=st.sampled_from(TITLES),
    code=st.sampled_from([None, *CATALOGUE.concepts]),
    skills=st.lists(st.sampled_from(["schoonmaken", "heftruck rijden", "nauwkeurig", "orderpicken"]), max_size=3),
    h=hours, kind=st.sampled_from(["permanent", "fixed_term", "bbl", "internship"]),
    licence=st.sampled_from([None, None, *LICENCES]), groups=st.lists(st.sampled_from(GROUPS), max_size=2),
)


def _points(outcome_components: tuple[object, ...], name: str) -> float:
    return next(c.points for c in outcome_components if c.name == name)  # type: ignore[attr-defined]


@settings(max_examples=60, deadline=None)
@given(seeker=seekers, vacancy=vacancies, closer=st.sampled_from(REGION))
def test_moving_a_seeker_closer_never_lowers_the_distance_component(
    seeker: SeekerProfile, vacancy: VacancyProfile, closer: str
) -> None:
    target = POSTCODES.locate(vacancy.postcode)
    far, near = POSTCODES.locate(seeker.postcode), POSTCODES.locate(closer)
    d_far = distance_km(far.latitude, far.longitude, target.latitude, target.longitude)
    d_near = distance_km(near.latitude, near.longitude, target.latitude, target.longitude)
    if d_near > d_far:
        seeker, closer = dataclasses.replace(seeker, postcode=closer), seeker.postcode
    moved = dataclasses.replace(seeker, key=seeker.key + 1, postcode=closer)
    engine = _engine([seeker, moved], [vacancy])
    before = engine.explain(seeker.key, vacancy.key)
    after = engine.explain(moved.key, vacancy.key)
    event("pair eligible" if before.eligible else "pair excluded")
    assert _points(after.components, "distance") >= _points(before.components, "distance")
    if before.eligible:  # closer never turns a pass into a distance exclusion
        assert "excluded.distance" not in {r.code for r in after.exclusions}


@settings(max_examples=80, deadline=None)
@given(seeker=seekers, vacancy=vacancies)
def test_a_missing_required_licence_always_excludes_and_an_implied_one_never(
    seeker: SeekerProfile, vacancy: VacancyProfile
) -> None:
    table = load_driving_licences()
    outcome = _engine([seeker], [vacancy]).explain(seeker.key, vacancy.key)
    excluded_by_licence = "excluded.driving_licence" in {r.code for r in outcome.exclusions}
    required = vacancy.driving_licence
    assert excluded_by_licence == (required is not None and required not in table.implied_by(seeker.driving_licences))


@settings(max_examples=40, deadline=None)
@given(seeker=seekers, vacancy=vacancies, higher=st.sampled_from(["CE", "DE", "C1E", "D1E", "C", "D", "BE"]))
def test_a_licence_implied_by_a_higher_one_never_excludes(seeker: SeekerProfile, vacancy: VacancyProfile,
                                                          higher: str) -> None:
    table = load_driving_licences()
    for implied in sorted(table.implied_by([higher])):
        holder = dataclasses.replace(seeker, driving_licences=(higher,))
        needs = dataclasses.replace(vacancy, driving_licence=implied)
        outcome = _engine([holder], [needs]).explain(holder.key, needs.key)
        assert "excluded.driving_licence" not in {r.code for r in outcome.exclusions}


@settings(max_examples=25, deadline=None)
@given(people=st.lists(seekers, min_size=1, max_size=6, unique_by=lambda s: s.key),
       jobs=st.lists(vacancies, min_size=1, max_size=12, unique_by=lambda v: v.key), seed=st.integers(0, 1000))
def test_results_are_deterministic_whatever_the_input_order(
    people: list[SeekerProfile], jobs: list[VacancyProfile], seed: int
) -> None:
    first = _engine(people, jobs)
    shuffled_people, shuffled_jobs = people[:], jobs[:]
    random.Random(seed).shuffle(shuffled_people)
    random.Random(seed + 1).shuffle(shuffled_jobs)
    second = _engine(shuffled_people, shuffled_jobs)
    for person in people:
        ranking = first.rank_vacancies(person.key, 5)
        event("has results" if ranking.results else "no results")
        assert ranking == second.rank_vacancies(person.key, 5)
    assert list(first.rank_all(5, block=2)) == [second.rank_vacancies(p.key, 5) for p in sorted(people, key=lambda p: p.key)]
    for job in jobs:
        ranking = first.rank_seekers(job.key, 5)
        assert ranking == second.rank_seekers(job.key, 5)
        scores = [(r.score, -r.seeker_key) for r in ranking.results]
        assert scores == sorted(scores, reverse=True)  # best first, ties by the smaller key


@settings(max_examples=60, deadline=None)
@given(seeker=seekers, vacancy=vacancies, other_group=st.sampled_from(GROUPS), other_key=st.integers(20_000, 30_000))
def test_target_group_and_key_never_change_the_score(seeker: SeekerProfile, vacancy: VacancyProfile,
                                                     other_group: str, other_key: int) -> None:
    open_to_all = dataclasses.replace(vacancy, eligible_target_groups=())
    twin = dataclasses.replace(seeker, key=other_key, target_group=other_group)
    engine = _engine([seeker, twin], [open_to_all])
    a, b = engine.explain(seeker.key, open_to_all.key), engine.explain(twin.key, open_to_all.key)
    assert (a.score, a.components, a.exclusions) == (b.score, b.components, b.exclusions)


def test_profiles_cannot_even_hold_a_protected_attribute() -> None:
    for field in ("name", "birth_date", "gender", "nationality", "client_number", "email", "target_group_evidence"):
        try:
            SeekerProfile(key=1, postcode="3011", target_group="ww", **{field: "x"})  # type: ignore[arg-type]
        except TypeError:
            continue
        raise AssertionError(f"SeekerProfile accepted {field}")


def _eligible(engine: MatchingEngine, seeker_key: int, jobs: list[VacancyProfile]) -> set[int]:
    return {v.key for v in jobs if engine.explain(seeker_key, v.key).eligible}


@settings(max_examples=50, deadline=None)
@given(person=seekers, jobs=st.lists(vacancies, min_size=5, max_size=30, unique_by=lambda v: v.key))
def test_exclusion_counts_and_door_openers_agree_with_pair_by_pair_checks(
    person: SeekerProfile, jobs: list[VacancyProfile]
) -> None:
    # Mostly open to everyone and without a licence, so single-filter exclusions (the ones
    # a change can open) are common.
    jobs = [dataclasses.replace(v, eligible_target_groups=(), driving_licence=v.driving_licence if v.key % 3 == 0
                                else None) for v in jobs]
    engine = _engine([person], jobs)
    ranking = engine.rank_vacancies(person.key, len(jobs))
    verdicts = [engine.explain(person.key, v.key) for v in jobs]
    expected: dict[str, int] = {}
    for verdict in verdicts:
        for reason in verdict.exclusions:
            name = reason.code.removeprefix("excluded.")
            expected[name] = expected.get(name, 0) + 1
    assert dict(ranking.excluded) == expected
    assert ranking.considered == sum(1 for verdict in verdicts if verdict.eligible)
    before = _eligible(engine, person.key, jobs)
    for door in ranking.would_open:
        event(f"door {door.change}")
        values = door.values
        if door.change == "max_travel_km":
            changed = dataclasses.replace(person, max_travel_km=float(values["to"]))
        elif door.change == "travels_independently":
            changed = dataclasses.replace(person, travels_independently=True)
        elif door.change == "hours_max":
            changed = dataclasses.replace(person, hours_max=int(values["to"]))
        elif door.change == "hours_min":
            changed = dataclasses.replace(person, hours_min=int(values["to"]))
        elif door.change == "driving_licence":
            changed = dataclasses.replace(person, driving_licences=(*person.driving_licences, str(values["licence"])))
        else:
            continue
        opened = _eligible(_engine([changed], jobs), person.key, jobs) - before
        if door.change in ("max_travel_km", "travels_independently", "hours_max", "hours_min"):
            assert len(opened) == door.count, door
        else:
            assert len(opened) >= door.count, door


def test_rank_all_in_child_processes_gives_exactly_what_one_process_gives() -> None:
    """``workers=2`` ranks blocks in forked children (where the platform forks); the order and
    every ranking, door openers included, are those of one process."""
    rng = random.Random(5)
    people = [
        SeekerProfile(key=key, postcode=rng.choice(REGION), target_group=rng.choice(GROUPS),
                      desired_occupations=(rng.choice(TITLES),), skills=("schoonmaken",), hours_min=rng.choice([0, 24, 32]),
                      hours_max=40, max_travel_km=rng.choice([5.0, 10.0, 25.0]), travels_independently=rng.random() < 0.8,
                      driving_licences=tuple(rng.sample(LICENCES, rng.randint(0, 2))))
        for key in range(1, 41)
    ]
    jobs = [
        VacancyProfile(key=key, title=rng.choice(TITLES), postcode=rng.choice(REGION),
                       occupation_code=rng.choice([None, *CATALOGUE.concepts]), skills=("schoonmaken", "nauwkeurig"),
                       hours_min=rng.choice([8, 24, 36]), hours_max=40, employment_type="permanent",
                       driving_licence=rng.choice([None, *LICENCES]), eligible_target_groups=tuple(rng.sample(GROUPS, 2)))
        for key in range(1, 61)
    ]
    one = MatchingEngine(people, jobs, catalogue=CATALOGUE, postcodes=POSTCODES, today=TODAY, workers=1)
    two = MatchingEngine(people, jobs, catalogue=CATALOGUE, postcodes=POSTCODES, today=TODAY, workers=2)
    serial = list(one.rank_all(5, block=4))
    done: list[int] = []
    parallel = list(two.rank_all(5, block=4, progress=lambda finished, total: done.append(finished)))
    assert parallel == serial
    assert [r.subject_key for r in parallel] == list(range(1, 41))
    assert any(r.results for r in serial) and any(r.would_open for r in serial)
    assert done == list(range(4, 41, 4))
    # What the caller makes of each ranking is made in the children too (a closure, inherited).
    scores = {r.subject_key: tuple(x.score for x in r.results) for r in serial}
    converted = list(two.map_rank_all(lambda r: (r.subject_key, tuple(x.score for x in r.results)), 5, block=4))
    assert converted == list(scores.items())
