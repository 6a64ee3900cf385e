"""Stated synonyms (data/title_synonyms_nl.csv) let Belgian-Dutch titles find Netherlands-Dutch labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from srmatch.matching.titles import TitleMatcher
from srmatch.matching.vocabulary import (
    Concept,
    Vocabulary,
    VocabularyFormatError,
    load_builtin_title_synonyms,
    read_title_synonyms,
)

VOCABULARY = Vocabulary(
    concepts=(
        Concept(uri="srm:ober", preferred_label="ober", kind="occupation", isco_code="5131", alt_labels=("serveerder",)),
        Concept(uri="srm:slager", preferred_label="slager", kind="occupation", isco_code="7511"),
        Concept(uri="srm:schilder", preferred_label="schilder", kind="occupation", isco_code="7131"),
        Concept(uri="srm:receptionist", preferred_label="receptionist", kind="occupation", isco_code="4226", alt_labels=("medewerker receptie",)),
    ),
    source="srmatch",
)


def test_shipped_synonyms_load() -> None:
    pairs = load_builtin_title_synonyms()
    assert ("kelner", "ober") in pairs
    assert len(pairs) >= 80


@pytest.mark.parametrize(("title", "uri"), [("Kelner", "srm:ober"), ("beenhouwer", "srm:slager"), ("medewerker onthaal", "srm:receptionist")])
def test_belgian_dutch_title_finds_its_synonym(title: str, uri: str) -> None:
    matcher = TitleMatcher(VOCABULARY)
    assert matcher.suggest(title, top=1)[0].uri == uri


def test_without_stated_synonyms_the_pair_is_unknown() -> None:
    matcher = TitleMatcher(VOCABULARY, synonyms=[])
    suggestions = matcher.suggest("beenhouwer", top=1)
    assert not suggestions or suggestions[0].uri != "srm:slager"


def test_bad_synonym_file_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.csv"
    path.write_text("term,synonyms\nkelner,\n", encoding="utf-8")
    with pytest.raises(VocabularyFormatError, match="row 2.*synonyms"):
        read_title_synonyms(path)
    path.write_text("word,other\nkelner,ober\n", encoding="utf-8")
    with pytest.raises(VocabularyFormatError, match="term"):
        read_title_synonyms(path)
