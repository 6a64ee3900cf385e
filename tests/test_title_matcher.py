"""The matcher proposes the occupation a caseworker means, and says why."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from srmatch.matching.titles import TitleMatcher, TitleSuggestion, TitleWeights
from srmatch.matching.vocabulary import (
    Concept,
    Vocabulary,
    read_esco_isco_groups,
    read_esco_occupations,
)
from tests.shared_data import shared_file



def occupation(slug: str, isco: str, *alt: str) -> Concept:
    return Concept(uri=f"srm:{slug}", preferred_label=slug.replace("_", " "), kind="occupation", isco_code=isco, alt_labels=alt)


VOCABULARY = Vocabulary(
    concepts=(
        occupation("heftruckchauffeur", "8344", "vorkheftruckchauffeur", "heftruckbestuurder", "reachtruckchauffeur"),
        occupation("vrachtwagenchauffeur", "8332", "chauffeur vrachtwagen", "vrachtwagenbestuurder", "truckchauffeur"),
        occupation("buschauffeur", "8331", "chauffeur openbaar vervoer", "touringcarchauffeur"),
        occupation("schoonmaker", "9112", "schoonmaakster", "medewerker schoonmaak", "interieurverzorger"),
        occupation("magazijnmedewerker", "9333", "orderpicker", "medewerker magazijn", "magazijnier"),
        occupation("magazijnchef", "4321", "hoofd magazijn", "magazijnbeheerder"),
        occupation("kapper", "5141", "kapster", "haarstylist", "dameskapper"),
        occupation("kok", "5120", "zelfstandig werkend kok", "hulpkok"),
        occupation("administratief_medewerker", "4110", "kantoormedewerker", "medewerker administratie"),
        Concept(uri="srm:isco:8332", preferred_label="Vrachtwagenchauffeurs", kind="isco_group", isco_code="8332"),
    ),
    source="srmatch",
)


@pytest.fixture(scope="module")
def matcher() -> TitleMatcher:
    return TitleMatcher(VOCABULARY)


def top_uri(matcher: TitleMatcher, title: str) -> str:
    suggestions = matcher.suggest(title)
    assert suggestions, title
    return suggestions[0].uri


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("heftruckchauffeur", "srm:heftruckchauffeur"),
        ("Heftruck-chauffeur (m/v/x)", "srm:heftruckchauffeur"),
        ("vrachtwagenchauffeur CE", "srm:vrachtwagenchauffeur"),
        ("Chauffeur vrachtwagen C/CE 40 uur", "srm:vrachtwagenchauffeur"),
        ("Vrachtw.chauffeur", "srm:vrachtwagenchauffeur"),
        ("Medewerker schoonmaak (m/v/x)", "srm:schoonmaker"),
        ("schoonmaakster", "srm:schoonmaker"),
        ("magazijnmedewerkster", "srm:magazijnmedewerker"),
        ("mdw magazijn", "srm:magazijnmedewerker"),
        ("afrokapper", "srm:kapper"),
        ("Kapsters", "srm:kapper"),
        ("adm. medewerker", "srm:administratief_medewerker"),
    ],
)
def test_everyday_titles_find_their_occupation(matcher: TitleMatcher, title: str, expected: str) -> None:
    assert top_uri(matcher, title) == expected


def test_exact_hits_say_which_label_matched(matcher: TitleMatcher) -> None:
    best = matcher.suggest("heftruckbestuurder")[0]
    assert best.uri == "srm:heftruckchauffeur"
    assert best.matched_label == "heftruckbestuurder"
    assert best.why == "exact match on alternative label 'heftruckbestuurder'"
    assert best.score >= 80


SCORED_TITLES = [
    "heftruckbestuurder", "Heftruck-chauffeur (m/v/x)", "vrachtwagen chauffeur", "afrokapper", "chauffeur",
    "medewerker", "kok", "hulpkok", "Kapsters", "magazijn", "truck", "schoonmaak", "administratie",
]


@pytest.mark.parametrize("title", SCORED_TITLES)
def test_only_an_exact_label_match_scores_100(matcher: TitleMatcher, title: str) -> None:
    """100 says "your title is this occupation's label"; everything else reads lower, top-down."""
    suggestions = matcher.suggest(title, top=10)
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)
    perfect = [s for s in suggestions if s.score == 100.0]
    assert len(perfect) <= 1
    for suggestion in perfect:
        assert suggestion.why.startswith(("exact match on preferred label", "exact match on alternative label"))
    if suggestions and suggestions[0].why.startswith("exact match on"):
        assert suggestions[0].score == 100.0


def test_near_misses_score_below_100(matcher: TitleMatcher) -> None:
    assert matcher.suggest("heftruckbestuurder")[0].score == 100.0
    for title in ("vrachtwagen chauffeur", "afrokapper", "Heftruck-chauffeur", "chauffeur"):
        assert matcher.suggest(title)[0].score < 100.0, title


def test_compound_head_is_explained(matcher: TitleMatcher) -> None:
    best = matcher.suggest("afrokapper")[0]
    assert "kapper" in best.why and "afrokapper" in best.why


def test_results_are_one_per_concept_best_first_and_bounded(matcher: TitleMatcher) -> None:
    suggestions = matcher.suggest("chauffeur", top=10)
    uris = [s.uri for s in suggestions]
    assert len(uris) == len(set(uris))
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s.score <= 100.0 and round(s.score, 1) == s.score for s in suggestions)
    assert len(matcher.suggest("chauffeur", top=2)) == 2


@pytest.mark.parametrize("title", ["", "   ", "(m/v/x)", "!!!", "xyzzy"])
def test_blank_or_meaningless_titles_give_nothing(matcher: TitleMatcher, title: str) -> None:
    assert matcher.suggest(title) == []


def test_batched_results_equal_single_results(matcher: TitleMatcher) -> None:
    titles = ["heftruckchauffeur", "", "kapster", "Medewerker schoonmaak", "kapster", "kok"]
    batched = matcher.suggest_many(titles, top=3)
    assert batched == [matcher.suggest(title, top=3) for title in titles]


def test_suggestion_carries_concept_fields(matcher: TitleMatcher) -> None:
    best: TitleSuggestion = matcher.suggest("vrachtwagenchauffeur")[0]
    assert (best.label, best.kind, best.isco_code) == ("vrachtwagenchauffeur", "occupation", "8332")


DESCRIBED = Vocabulary(
    concepts=(
        Concept(
            uri="srm:archivaris", preferred_label="archivaris", kind="occupation", isco_code="2621",
            description="Archivarissen beoordelen en bewaren het archief en de archieven. Zij werken in musea.",
        ),
        Concept(
            uri="srm:bibliothecaris", preferred_label="bibliothecaris", kind="occupation", isco_code="2622",
            description="Bibliothecarissen beheren bibliotheken. Zij bewaren ook het archief.",
        ),
        Concept(uri="srm:algemeen_dierenarts", preferred_label="algemeen dierenarts", kind="occupation", isco_code="2250"),
        Concept(uri="srm:paardentandarts", preferred_label="paardentandarts", kind="occupation", isco_code="2250",
                alt_labels=("tandarts voor paarden",)),
    ),
    source="srmatch",
)


def test_description_evidence_is_used_and_explained() -> None:
    best = TitleMatcher(DESCRIBED).suggest("deskundige archief")[0]
    assert best.uri == "srm:archivaris"
    # Only the first sentence counts: "archief" is in the first sentence of archivaris only.
    assert "description mentions 'archief'" in best.why


def test_generic_modifier_marks_the_general_occupation() -> None:
    best = TitleMatcher(DESCRIBED).suggest("Dierenarts")[0]
    assert best.uri == "srm:algemeen_dierenarts"
    assert best.why == "general form of preferred label 'algemeen dierenarts'"


STRUCTURED = Vocabulary(
    concepts=(
        occupation("kapper", "5141", "kapster", "dameskapper"),
        occupation("manager_schoonheidssalon", "1439", "salonmanager", "beheerder schoonheidssalon"),
        occupation("documentenbeheerder", "4415", "beheerder documenten", "archiefbeheerder"),
        occupation("bedrijfsleider_tuinbouw", "1311", "manager tuinbouw"),
        occupation("tuinbouwmedewerker", "9214", "medewerker kwekerij"),
        occupation("hovenier", "6113", "tuinman"),
        occupation("relatiebemiddelaar", "5169", "huwelijksbemiddelaar", "bemiddelaar relaties"),
        occupation("gezinsbegeleider", "3412", "gezinscoach", "begeleider gezin"),
        occupation("sociaal_cultureel_werker", "3412", "sociaal-cultureel werker"),
        occupation("administratief_medewerker", "4110", "kantoormedewerker"),
        occupation("ober", "5131", "kelner"),
        Concept(uri="srm:isco:5131", preferred_label="Kelners", kind="isco_group", isco_code="5131", code="5131"),
    ),
    source="srmatch",
)


@pytest.fixture(scope="module")
def structured() -> TitleMatcher:
    # Double titles are off by default (no held-out gain); switched on here to test them.
    return TitleMatcher(STRUCTURED, TitleWeights(alternative_blend=0.5))


def test_double_titles_are_off_by_default() -> None:
    matcher = TitleMatcher(STRUCTURED)
    assert matcher.analyse("Kapper-salonbeheerder").alternatives == ()
    assert all("double title" not in suggestion.why for suggestion in matcher.suggest("Kapper-salonbeheerder"))


def test_double_title_alternative_is_found_and_explained(structured: TitleMatcher) -> None:
    best = structured.suggest("Kapper-salonbeheerder")[0]
    assert best.uri == "srm:kapper"
    assert best.why == (
        "alternative 'Kapper' of double title 'Kapper-salonbeheerder': exact match on preferred label 'kapper'"
    )
    assert structured.suggest_many(["Kapper-salonbeheerder", "Kapper salonbeheerder"]) == [
        structured.suggest("Kapper-salonbeheerder"),
        structured.suggest("Kapper salonbeheerder"),
    ]


@pytest.mark.parametrize("title", ["Sociaal-cultureel werker", "Technisch-administratief medewerker", "E-commerce manager"])
def test_hyphenated_compounds_are_not_double_titles(structured: TitleMatcher, title: str) -> None:
    assert structured.analyse(title).alternatives == ()
    assert all("double title" not in suggestion.why for suggestion in structured.suggest(title))


def test_double_title_alternatives_share_trailing_words(structured: TitleMatcher) -> None:
    assert structured.analyse("Kapper-salonbeheerder dames").alternatives == ("Kapper dames", "salonbeheerder dames")
    assert structured.analyse("Kapper - salonbeheerder").alternatives == ("Kapper", "salonbeheerder")


def test_elided_head_is_restored(structured: TitleMatcher) -> None:
    reading = structured.analyse("Relatie- en gezinsbemiddelaar")
    assert reading.normalised == "relatiebemiddelaar en gezinsbemiddelaar"
    assert structured.suggest("Relatie- en gezinsbemiddelaar")[0].uri == "srm:relatiebemiddelaar"


def test_agent_noun_credits_its_field_word(structured: TitleMatcher) -> None:
    assert structured.analyse("Tuinbouwer").derived == ("tuinbouw",)
    uris = [suggestion.uri for suggestion in structured.suggest("Tuinbouwer")]
    assert "srm:bedrijfsleider_tuinbouw" in uris[:2]


def test_isco_group_ranks_below_its_matching_occupation(structured: TitleMatcher) -> None:
    uris = [suggestion.uri for suggestion in structured.suggest("Kelners")]
    assert uris.index("srm:ober") < uris.index("srm:isco:5131")


@pytest.fixture(scope="module")
def development_results() -> tuple[list[dict[str, str]], list[list[TitleSuggestion]]]:
    """The MELO development titles and the matcher's top 5 for each, ranked over all of ESCO."""
    occupations, groups, development = shared_file(
        "esco_v1.2.0_occupations_nl.csv", "esco_v1.2.0_ISCOGroups_nl.csv", "melo_bel_nl_title_to_esco.csv"
    )
    vocabulary = Vocabulary(tuple(read_esco_occupations(occupations) + read_esco_isco_groups(groups)), "esco")
    with development.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows, TitleMatcher(vocabulary).suggest_many([row["query_title_nl"] for row in rows], top=5)


def test_esco_development_set_quality_gate(
    development_results: tuple[list[dict[str, str]], list[list[TitleSuggestion]]],
) -> None:
    """Quality gate on the MELO Flemish development set (see docs/title-matching.md)."""
    rows, results = development_results
    hits_at_1 = sum(1 for row, found in zip(rows, results) if found and found[0].uri == row["gold_uri"])
    hits_at_5 = sum(1 for row, found in zip(rows, results) if row["gold_uri"] in [s.uri for s in found])
    # A regression gate a little below the measured figures (189 and 247 of 328 titles,
    # 0.576 / 0.753, with the reproducible weights of benchmarks/title_weights_fit.json;
    # docs/title-matching.md §5), so that moving three titles is not yet a failure;
    # benchmarks/title_matching.py reports the figures against the goal (0.55 / 0.75).
    assert len(rows) == 328
    assert hits_at_1 >= 186, f"success@1 {hits_at_1}/328"
    assert hits_at_5 >= 244, f"success@5 {hits_at_5}/328"


def test_esco_scores_reach_100_only_for_exact_label_matches(
    development_results: tuple[list[dict[str, str]], list[list[TitleSuggestion]]],
) -> None:
    """Issue 6 item 5: 147 of 328 top suggestions showed 100 and 35 titles two occupations at 100."""
    _, results = development_results
    exact_labels = ("exact match on preferred label", "exact match on alternative label")
    for found in results:
        assert sum(1 for s in found if s.score == 100.0) <= 1
        assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
        for suggestion in found:
            assert (suggestion.score == 100.0) == (suggestion is found[0] and suggestion.why.startswith(exact_labels))


def test_other_weights_rescore_without_preparing_again(matcher: TitleMatcher) -> None:
    """``with_weights`` (used to refit weights) scores like a freshly prepared matcher."""
    weights = TitleWeights(char_cosine=0.2, description=0.0, backoff=0.0)
    titles = ["vrachtwagen chauffeur", "afrokapper", "Medewerker schoonmaak (m/v/x)"]
    assert matcher.with_weights(weights).suggest_many(titles) == TitleMatcher(VOCABULARY, weights).suggest_many(titles)
    assert matcher.suggest_many(titles) == TitleMatcher(VOCABULARY).suggest_many(titles)
    with pytest.raises(ValueError, match="substitution_scale"):
        matcher.with_weights(TitleWeights(substitution_scale=0.5))
