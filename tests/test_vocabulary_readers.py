"""Readers accept the official formats and reject wrong files whole, saying where and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from srmatch.matching.vocabulary import (
    Concept,
    VocabularyFormatError,
    isco_relation,
    read_esco_isco_groups,
    read_esco_occupations,
    read_srmatch_vocabulary,
)

ESCO_HEADER = (
    "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,"
    "regulatedProfessionNote,scopeNote,definition,inScheme,description,code\n"
)
ESCO_ROW = (
    'Occupation,http://data.europa.eu/esco/occupation/f5,8344,heftruckchauffeur,"vorkheftruckbestuurder\n'
    'heftruckbestuurster\nheftruckchauffeur",heftrukchauffeur,released,2024-01-01,,,,,Bestuurt heftrucks.,8344.1\n'
)
SRMATCH_HEADER = "id,preferred_label,alt_labels,hidden_labels,isco_code,description\n"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_esco_occupations_split_newline_labels_and_keep_codes_as_text(tmp_path: Path) -> None:
    path = write(tmp_path, "occupations_nl.csv", ESCO_HEADER + ESCO_ROW)
    [concept] = read_esco_occupations(path)
    assert concept == Concept(
        uri="http://data.europa.eu/esco/occupation/f5",
        preferred_label="heftruckchauffeur",
        kind="occupation",
        isco_code="8344",
        alt_labels=("vorkheftruckbestuurder", "heftruckbestuurster"),
        hidden_labels=("heftrukchauffeur",),
        code="8344.1",
        description="Bestuurt heftrucks.",
    )


def test_esco_codes_keep_leading_and_trailing_zeros(tmp_path: Path) -> None:
    row = "Occupation,http://x/o1,0110,officier,,,released,,,,,,,0110.1.10\n"
    [concept] = read_esco_occupations(write(tmp_path, "o.csv", ESCO_HEADER + row))
    assert (concept.isco_code, concept.code) == ("0110", "0110.1.10")


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.csv", "\ufeff".encode() + (SRMATCH_HEADER + "srm:kapper,kapper,kapster|haarstylist,,5141,\n").encode())
    [concept] = read_srmatch_vocabulary(path)
    assert concept.uri == "srm:kapper"
    assert concept.alt_labels == ("kapster", "haarstylist")


def test_isco_groups_read_all_levels(tmp_path: Path) -> None:
    content = (
        "conceptType,conceptUri,code,preferredLabel,status,altLabels,inScheme,description\n"
        "ISCOGroup,http://data.europa.eu/esco/isco/C0,0,Beroepen bij de strijdkrachten,released,,,\n"
        "ISCOGroup,http://data.europa.eu/esco/isco/C8344,8344,Bestuurders van hef- en vorkheftrucks,released,,,\n"
    )
    groups = read_esco_isco_groups(write(tmp_path, "ISCOGroups_nl.csv", content))
    assert [(g.kind, g.isco_code) for g in groups] == [("isco_group", "0"), ("isco_group", "8344")]


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = write(tmp_path, "wrong.csv", "id,label\nsrm:x,x\n")
    with pytest.raises(VocabularyFormatError) as error:
        read_srmatch_vocabulary(path)
    message = str(error.value)
    assert "wrong.csv" in message and "'preferred_label'" in message and "'isco_code'" in message


def test_empty_uri_names_row_field_and_value(tmp_path: Path) -> None:
    content = SRMATCH_HEADER + "srm:kapper,kapper,,,5141,\n ,schoonmaker,,,9112,\n"
    with pytest.raises(VocabularyFormatError, match=r"voc\.csv: row 3, field 'id'"):
        read_srmatch_vocabulary(write(tmp_path, "voc.csv", content))


def test_malformed_isco_code_names_row_field_and_value(tmp_path: Path) -> None:
    content = SRMATCH_HEADER + "srm:kapper,kapper,,,5141,\nsrm:monteur,monteur,,,81x1,\n"
    with pytest.raises(VocabularyFormatError) as error:
        read_srmatch_vocabulary(write(tmp_path, "voc.csv", content))
    assert "row 3" in str(error.value) and "'isco_code'" in str(error.value) and "'81x1'" in str(error.value)


def test_esco_malformed_isco_group(tmp_path: Path) -> None:
    row = "Occupation,http://x/o1,81x1,monteur,,,released,,,,,,,8131.1\n"
    with pytest.raises(VocabularyFormatError, match=r"row 2, field 'iscoGroup': '81x1'"):
        read_esco_occupations(write(tmp_path, "o.csv", ESCO_HEADER + row))


def test_binary_junk_is_rejected_clearly(tmp_path: Path) -> None:
    path = write(tmp_path, "junk.csv", bytes(range(256)) * 4)
    with pytest.raises(VocabularyFormatError, match="junk.csv"):
        read_esco_occupations(path)


def test_latin1_file_is_rejected_as_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, "latin1.csv", (SRMATCH_HEADER + "srm:cafe,caféhouder,,,5120,\n").encode("latin-1"))
    with pytest.raises(VocabularyFormatError, match="not valid UTF-8"):
        read_srmatch_vocabulary(path)


@pytest.mark.parametrize("content", ["", "   \n", SRMATCH_HEADER])
def test_empty_file_or_header_only_is_rejected(tmp_path: Path, content: str) -> None:
    with pytest.raises(VocabularyFormatError, match="empty.csv"):
        read_srmatch_vocabulary(write(tmp_path, "empty.csv", content))


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    content = SRMATCH_HEADER + "srm:kapper,kapper,,,5141,\nsrm:kapper,kapster,,,5141,\n"
    with pytest.raises(VocabularyFormatError, match="row 3.*duplicates row 2"):
        read_srmatch_vocabulary(write(tmp_path, "dup.csv", content))


def test_an_error_late_in_the_file_returns_nothing(tmp_path: Path) -> None:
    good = "".join(f"srm:job{n},job {n},,,9112,\n" for n in range(50))
    with pytest.raises(VocabularyFormatError, match="row 52"):
        read_srmatch_vocabulary(write(tmp_path, "late.csv", SRMATCH_HEADER + good + "srm:bad,bad,,,91,\n"))


@pytest.mark.parametrize(
    ("first", "second", "relation"),
    [
        ("8131", "8131", "same_unit"),
        ("8131", "8132", "same_minor"),
        ("8131", "8141", "same_sub_major"),
        ("8131", "8211", "same_major"),
        ("8131", "9112", "unrelated"),
        ("8131.10", "813", "same_minor"),
        ("", "8131", "unrelated"),
        ("abc", "8131", "unrelated"),
    ],
)
def test_isco_relation(first: str, second: str, relation: str) -> None:
    assert isco_relation(first, second) == relation
