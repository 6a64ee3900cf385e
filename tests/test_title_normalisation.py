"""What a caseworker types and what the vocabulary says must meet in one normal form."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from srmatch.matching._alternatives import (
    agent_noun_stems,
    double_title_alternatives,
    expand_elisions,
)
from srmatch.matching._compounds import CompoundSplitter
from srmatch.matching._normalise import fold_word
from srmatch.matching.resources import data_path
from srmatch.matching.vocabulary import (
    VocabularyFormatError,
    read_title_abbreviations,
    read_title_noise_words,
    read_title_word_exceptions,
)
from srmatch.matching.titles import normalise_title


@given(st.text())
@settings(max_examples=500)
def test_never_raises_and_is_idempotent(text: str) -> None:
    once = normalise_title(text)
    assert isinstance(once, str)
    assert normalise_title(once) == once


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_output_is_plain_lower_case_words(text: str) -> None:
    normalised = normalise_title(text)
    assert normalised == normalised.strip()
    assert "  " not in normalised
    assert normalised == normalised.casefold()


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Medewerker schoonmaak (m/v/x)", "medewerker schoonmaak"),
        ("Medewerker schoonmaak M/V", "medewerker schoonmaak"),
        ("Chauffeur (v/m)", "chauffeur"),
        ("Kok m/v/x 32-38 uur", "kok"),
        ("  HEFTRUCK-CHAUFFEUR!  ", "heftruck chauffeur"),
        ("Maître d'hôtel", "maitre d hotel"),
        ("Coördinator", "coordinator"),
    ],
)
def test_markers_case_accents_and_punctuation(title: str, expected: str) -> None:
    assert normalise_title(title) == expected


@pytest.mark.parametrize(
    ("female_or_inflected", "base"),
    [
        ("magazijnmedewerkster", "magazijnmedewerker"),
        ("schoonmaakster", "schoonmaker"),
        ("kapster", "kapper"),
        ("verkoopster", "verkoper"),
        ("schrijfster", "schrijver"),
        ("bestuurster", "bestuurder"),
        ("makelaarster", "makelaar"),
        ("inspectrice", "inspecteur"),
        ("masseuse", "masseur"),
        ("kassière", "kassier"),
        ("zangeres", "zanger"),
        ("lerares", "leraar"),
        ("assistente", "assistent"),
        ("psychologe", "psycholoog"),
        ("industriële", "industrieel"),
        ("administratieve", "administratief"),
        ("leidinggevende", "leidinggevend"),
        ("chauffeurs", "chauffeur"),
        ("leidingen", "leiding"),
    ],
)
def test_gender_inflection_and_plural_forms_fold(female_or_inflected: str, base: str) -> None:
    assert normalise_title(female_or_inflected) == normalise_title(base) == base


@pytest.mark.parametrize("word", ["meester", "minister", "priester", "zuster", "burgemeester"])
def test_words_that_only_look_female_are_left_alone(word: str) -> None:
    assert normalise_title(word) == word


@pytest.mark.parametrize(
    ("abbreviated", "expanded"),
    [
        ("mdw logistiek", "medewerker logistiek"),
        ("Mdw. schoonmaak", "medewerker schoonmaak"),
        ("Vrachtw.chauffeur", "vrachtwagen chauffeur"),
        ("adm. medewerker", "administratief medewerker"),
        ("Techn. tekenaar", "technisch tekenaar"),
    ],
)
def test_abbreviations_expand(abbreviated: str, expanded: str) -> None:
    assert normalise_title(abbreviated) == expanded


def test_driving_licence_categories_are_dropped_from_the_end() -> None:
    assert normalise_title("vrachtwagenchauffeur CE") == "vrachtwagenchauffeur"
    assert normalise_title("Chauffeur C/CE") == "chauffeur"
    assert normalise_title("Buschauffeur rijbewijs D") == "buschauffeur"


WORDS = {
    "vrachtwagen": 8, "chauffeur": 50, "vrachtwagenchauffeur": 3, "kapper": 11, "heftruck": 4,
    "magazijn": 12, "medewerker": 500, "werker": 40, "veiligheid": 9, "coordinator": 60,
    "specialist": 90, "schoonheidsspecialist": 2, "arts": 30, "dier": 6,
}


@pytest.mark.parametrize(
    ("word", "parts", "head"),
    [
        ("vrachtwagenchauffeur", ("vrachtwagen", "chauffeur"), "chauffeur"),
        ("heftruckchauffeur", ("heftruck", "chauffeur"), "chauffeur"),
        ("magazijnmedewerker", ("magazijn", "medewerker"), "medewerker"),
        ("veiligheidscoordinator", ("veiligheid", "coordinator"), "coordinator"),
        ("afrokapper", ("afro", "kapper"), "kapper"),
        ("dierenarts", ("dier", "arts"), "arts"),
        ("schoonheidsspecialist", ("schoonheidsspecialist",), "specialist"),
        ("medewerker", ("medewerker",), "medewerker"),
    ],
)
def test_compounds_split_against_the_vocabulary(word: str, parts: tuple[str, ...], head: str) -> None:
    splitter = CompoundSplitter(WORDS)
    assert splitter.split(word) == parts
    assert splitter.head(word) == head


def test_light_stem_conflates_inflected_forms() -> None:
    from srmatch.matching._description import first_sentence, light_stem

    assert light_stem("archieven") == light_stem("archief")
    assert light_stem("postbodes") == light_stem("postbode")
    assert light_stem("straten") == light_stem("straat")
    assert first_sentence("Eerste zin. Tweede zin.") == "Eerste zin."
    assert first_sentence("") == ""


# -- title structure (srmatch.matching._alternatives) ---------------------------------

KNOWN_WORDS = {"landbouw", "tuinbouw", "verkoop", "kapper", "beheerder", "bemiddelaar", "machines"}


@pytest.mark.parametrize(
    ("word", "stems"),
    [
        ("landbouwer", ["landbouw"]),
        ("tuinbouwer", ["tuinbouw"]),
        ("verkoper", ["verkoop"]),  # open syllable: the stem writes the vowel double
        ("bakker", []),  # "bak" is shorter than four letters
        ("medewerker", []),  # "medewerk" is not a known word
        ("monteur", []),
    ],
)
def test_agent_noun_stems(word: str, stems: list[str]) -> None:
    assert agent_noun_stems(word, KNOWN_WORDS.__contains__) == stems


def _head(word: str) -> str:
    for head in ("bemiddelaar", "machines", "hersteller"):
        if word.endswith(head) and word != head:
            return head
    return ""


@pytest.mark.parametrize(
    ("title", "expanded"),
    [
        ("Relatie- en gezinsbemiddelaar", "Relatiebemiddelaar en gezinsbemiddelaar"),
        ("Bestuurder van betonnerings- en asfalteringsmachines", "Bestuurder van betonneringsmachines en asfalteringsmachines"),
        ("Schoen-, tas- of lederhersteller", "Schoenhersteller, tashersteller of lederhersteller"),
        ("Technicus PC- en kantoormachines", "Technicus PC- en kantoormachines"),  # modifier too short
        ("Sociaal-cultureel werker", "Sociaal-cultureel werker"),
    ],
)
def test_expand_elisions(title: str, expanded: str) -> None:
    assert expand_elisions(title, _head) == expanded


def _is_title(word: str) -> bool:
    return word.endswith(("er", "eur", "ier", "ant", "aar"))


@pytest.mark.parametrize(
    ("title", "alternatives"),
    [
        ("Kapper-salonbeheerder", ["Kapper", "salonbeheerder"]),
        ("Tekenaar-ontwerper animatiefilms", ["Tekenaar animatiefilms", "ontwerper animatiefilms"]),
        ("Accountant - Belastingsconsulent", []),  # "belastingsconsulent" is no title for _is_title
        ("Accountant - Boekhouder", ["Accountant", "Boekhouder"]),
        ("Sociaal-cultureel werker", []),
        ("E-commerce manager", []),
        ("Agent van artiesten, modellen en atleten", []),
        ("Kapper", []),
    ],
)
def test_double_title_alternatives(title: str, alternatives: list[str]) -> None:
    assert double_title_alternatives(title, _is_title) == alternatives


# -- the normaliser's word lists (data/title_*.csv) -----------------------------------



def test_every_shipped_abbreviation_is_expanded() -> None:
    abbreviations = read_title_abbreviations(data_path("title_abbreviations_nl.csv"))
    assert abbreviations["mdw"] == "medewerker" and abbreviations["hbo"] == ""
    for abbreviation, expansion in abbreviations.items():
        assert normalise_title(f"{abbreviation} kok") == normalise_title(f"{expansion} kok"), abbreviation


def test_every_shipped_noise_word_is_removed() -> None:
    noise = read_title_noise_words(data_path("title_noise_words_nl.csv"))
    assert {"vacature", "fulltime", "parttime"} <= noise
    for word in noise:
        assert normalise_title(f"Kok {word}") == "kok", word


def test_every_shipped_exception_is_left_alone() -> None:
    exceptions = read_title_word_exceptions(data_path("title_word_exceptions_nl.csv"))
    assert {"meester", "minister", "zuster"} <= exceptions
    for word in exceptions:
        assert fold_word(word) == word


@pytest.mark.parametrize(
    ("reader", "content", "message"),
    [
        (read_title_abbreviations, "abbreviation,expansion\nMdw.,medewerker\n", "row 2, field 'abbreviation': 'Mdw.'"),
        (read_title_abbreviations, "abbreviation,expansion\nmdw,Medewerker!\n", "row 2, field 'expansion'"),
        (read_title_abbreviations, "abbreviation,expansion\nmdw,medewerker\nmdw,mede\n", "row 3, field 'abbreviation': 'mdw' duplicates row 2"),
        (read_title_noise_words, "word,note\nvaste baan,\n", "row 2, field 'word': 'vaste baan'"),
        (read_title_word_exceptions, "woord\nmeester\n", "missing required column(s) 'word'"),
    ],
)
def test_word_list_readers_name_the_bad_row(tmp_path: Path, reader: Callable[[Path], object], content: str, message: str) -> None:
    path = tmp_path / "list.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(VocabularyFormatError) as raised:
        reader(path)
    assert str(raised.value).startswith("list.csv: ")
    assert message in str(raised.value)
