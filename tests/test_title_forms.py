"""National occupation-list title forms: qualifiers, school levels, and the broader concept
when no occupation names the title's field (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from srmatch.i18n import set_language
from srmatch.matching.resources import data_path
from srmatch.matching.titles import TitleMatcher, TitleWeights
from srmatch.matching.vocabulary import Concept, Vocabulary, VocabularyFormatError, read_title_qualifiers
from srmatch.services.vocabulary import plain_reason


def occupation(label: str, isco: str, code: str, *alt: str) -> Concept:
    slug = label.replace(" ", "_")
    return Concept(uri=f"srm:{slug}", preferred_label=label, kind="occupation", isco_code=isco, code=code, alt_labels=alt)


VOCABULARY = Vocabulary(
    concepts=(
        occupation("docent hoger onderwijs", "2310", "2310.1", "lector"),
        occupation("docent drama hoger onderwijs", "2310", "2310.1.1"),
        occupation("docent biologie hoger onderwijs", "2310", "2310.1.2"),
        occupation("docent wiskunde hoger onderwijs", "2310", "2310.1.3"),
        occupation("leraar voortgezet onderwijs", "2330", "2330.1", "docent voortgezet onderwijs"),
        occupation("leraar biologie voortgezet onderwijs", "2330", "2330.1.1", "docent biologie voortgezet onderwijs"),
        occupation("verkoper", "5223", "5223.1", "winkelverkoper"),
        occupation("autoverkoper", "5223", "5223.2", "verkoper auto's"),
        occupation("monteur", "7233", "7233.1", "onderhoudsmonteur"),
        occupation("kok", "5120", "5120.1", "zelfstandig werkend kok"),
    ),
    source="srmatch",
)


@pytest.fixture(scope="module")
def matcher() -> TitleMatcher:
    return TitleMatcher(VOCABULARY)


def test_no_occupation_for_the_field_backs_off_to_the_roles_broader_concept(matcher: TitleMatcher) -> None:
    suggestions = matcher.suggest("Docent geschiedenis", top=5)
    broader = next(s for s in suggestions if s.uri == "srm:docent_hoger_onderwijs")
    assert suggestions.index(broader) <= 1
    assert broader.why.startswith(
        "role 'docent' with field 'geschiedenis'; no occupation for that field, so the broader 'docent hoger onderwijs'"
    )
    assert broader.score < 100


def test_the_back_off_reason_names_the_field_as_the_title_writes_it() -> None:
    """Not the word parts the scorer splits it into ("kunst geschiedenis"), and without the
    school level, which the reason names apart."""
    vocabulary = Vocabulary(
        concepts=(*VOCABULARY.concepts, occupation("historicus", "2633", "2633.1", "geschiedenis onderzoeker"),
                  occupation("kunsthandelaar", "5223", "5223.3", "handelaar kunst")),
        source="srmatch",
    )
    matcher = TitleMatcher(vocabulary)
    assert matcher.analyse("Docent kunstgeschiedenis").parts == ("docent", "kunst", "geschiedenis")
    for title, field in (("Docent kunstgeschiedenis", "kunstgeschiedenis"),
                         ("Docent 2e graads kunstgeschiedenis", "kunstgeschiedenis"),
                         ("Docent geschiedenis en filosofie", "geschiedenis en filosofie")):
        backed_off = [s for s in matcher.suggest(title, top=5) if "no occupation for that field" in s.why]
        assert backed_off, title
        assert f"role 'docent' with field '{field}'; no occupation" in backed_off[0].why, backed_off[0].why


def test_a_concept_that_matches_well_on_its_own_keeps_its_own_reason() -> None:
    """The back-off lifts a broader concept that scores less than its children's share; one that
    scores more by itself ("kok", the bare title of "Kok (weverij)") is not said to be backed off to."""
    vocabulary = Vocabulary(
        concepts=(*VOCABULARY.concepts, occupation("industriële kok", "5120", "5120.1.1"),
                  occupation("scheepskok", "5120", "5120.1.2", "kok scheepvaart")),
        source="srmatch",
    )
    suggestions = TitleMatcher(vocabulary).suggest("Kok (weverij)", top=5)
    assert suggestions[0].uri == "srm:kok"
    assert "no occupation for that field" not in suggestions[0].why
    assert "exact match on preferred label 'kok'" in suggestions[0].why, suggestions[0].why


def test_an_occupation_named_after_the_field_is_not_backed_off(matcher: TitleMatcher) -> None:
    suggestions = matcher.suggest("Docent biologie", top=5)
    assert suggestions[0].uri in {"srm:docent_biologie_hoger_onderwijs", "srm:leraar_biologie_voortgezet_onderwijs"}
    assert all("no occupation for that field" not in s.why for s in suggestions)


@pytest.mark.parametrize(
    ("title", "expected", "note"),
    [
        ("Docent biologie (hbo)", "srm:docent_biologie_hoger_onderwijs", "'hbo' read as the school level 'hoger onderwijs'"),
        ("Docent biologie 2e graads", "srm:leraar_biologie_voortgezet_onderwijs", "'2e graads' read as the school level 'voortgezet onderwijs'"),
    ],
)
def test_school_level_of_a_teaching_role_is_read_from_the_data_file(
    matcher: TitleMatcher, title: str, expected: str, note: str
) -> None:
    best = matcher.suggest(title)[0]
    assert best.uri == expected
    assert best.why.startswith(note)


def test_exclusion_in_parentheses_says_what_the_job_is_not(matcher: TitleMatcher) -> None:
    best = matcher.suggest("Verkoper (excl. auto's)")[0]
    assert best.uri == "srm:verkoper"
    assert best.why.startswith("exclusion '(excl. auto's)' left out: ")
    assert best.score < 100  # the title as written is not a label
    assert matcher.suggest("Verkoper (auto's)")[0].uri == "srm:autoverkoper"


def test_grade_in_parentheses_is_left_out_and_said(matcher: TitleMatcher) -> None:
    best = matcher.suggest("Monteur (hoger)")[0]
    assert best.uri == "srm:monteur"
    assert best.why.startswith("grade 'hoger' left out: ")


def test_setting_in_parentheses_narrows_like_a_modifier(matcher: TitleMatcher) -> None:
    assert matcher.analyse("Kok (zelfstandig werkend)").normalised == "kok zelfstandig werkend"
    assert matcher.suggest("Kok (zelfstandig werkend)")[0].uri == "srm:kok"


SETTINGS = Vocabulary(
    concepts=(
        occupation("kok", "5120", "5120.1", "keukenkok"),
        occupation("zelfstandig werkende overheidsinkoper", "3323", "3323.1"),
        occupation("schilder bouw", "7131", "7131.1", "huisschilder"),
        occupation("kunstschilder", "2651", "2651.1", "schilder"),
        occupation("verkoper", "5223", "5223.1", "winkelverkoper"),
    ),
    source="srmatch",
)


def test_a_setting_that_no_label_names_does_not_lead_away_from_the_job() -> None:
    """"Kok (zelfstandig werkend)": the job is named outside the parentheses; a concept that
    only shares the setting's words must not win (it does when the setting is read as part
    of the title, as before this rule)."""
    matcher = TitleMatcher(SETTINGS)
    best = matcher.suggest("Kok (zelfstandig werkend)")[0]
    assert best.uri == "srm:kok"
    assert best.why.startswith("'Kok' without its setting '(zelfstandig werkend)': exact match on preferred label 'kok'")
    assert best.score < 100  # the title as written is not a label
    assert plain_reason(best).startswith("For 'Kok', without its setting '(zelfstandig werkend)'")
    set_language("nl")
    assert plain_reason(best).startswith("Voor 'Kok', zonder de toevoeging '(zelfstandig werkend)'")
    as_one_title = matcher.with_weights(TitleWeights(setting_blend=0.0))
    assert as_one_title.suggest("Kok (zelfstandig werkend)")[0].uri == "srm:zelfstandig_werkende_overheidsinkoper"


def test_a_setting_that_a_label_names_still_narrows_the_job() -> None:
    matcher = TitleMatcher(SETTINGS)
    assert matcher.suggest("Schilder (bouw)")[0].uri == "srm:schilder_bouw"
    assert matcher.suggest("Schilder")[0].uri == "srm:kunstschilder"


def test_the_general_variant_of_an_occupation_wins_its_bare_title() -> None:
    """ESCO gives the bare title "dierenarts" as an alternative label to specialisations,
    while the occupation itself is "algemeen dierenarts": the general variant is the answer."""
    matcher = TitleMatcher(
        Vocabulary(
            concepts=(
                occupation("algemeen dierenarts", "2250", "2250.1", "veearts"),
                occupation("paardentandarts", "2250", "2250.3", "dierenarts", "paardendentist"),
                occupation("technicus kunstmatige inseminatie", "3240", "3240.2", "dierenarts", "inseminator"),
                occupation("gespecialiseerd dierenarts", "2250", "2250.2", "specialist-dierenarts"),
            ),
            source="srmatch",
        )
    )
    best = matcher.suggest("Dierenarts")[0]
    assert best.uri == "srm:algemeen_dierenarts"
    assert best.why == "general form of preferred label 'algemeen dierenarts'"


def test_shipped_qualifiers_load() -> None:
    qualifiers = read_title_qualifiers(data_path("title_qualifiers_nl.csv"))
    kinds = {(q.phrase, q.kind) for q in qualifiers}
    assert {("hbo", "level"), ("2e graads", "level"), ("excl", "exclusion"), ("hoger", "grade")} <= kinds


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("qualifier,kind,expansion,roles\nhbo,niveau,hoger onderwijs,docent\n", "row 2, field 'kind': 'niveau'"),
        ("qualifier,kind,expansion,roles\nhbo,level,,docent\n", "row 2, field 'expansion'"),
        ("qualifier,kind,expansion,roles\nHBO!,level,hoger onderwijs,docent\n", "row 2, field 'qualifier'"),
        ("qualifier,kind,expansion,roles\nhbo,level,hoger onderwijs,docent\nhbo,level,hoger,docent\n", "duplicates row 2"),
    ],
)
def test_qualifier_reader_names_the_bad_row(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "qualifiers.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(VocabularyFormatError, match="^qualifiers.csv: ") as raised:
        read_title_qualifiers(path)
    assert message in str(raised.value)
