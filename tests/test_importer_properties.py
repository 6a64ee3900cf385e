"""Importers face files from outside: whatever the bytes, a clean result or a clear error;
and a well-formed file always yields exactly the concepts its rows describe."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srmatch.matching.vocabulary import (
    VocabularyFormatError,
    read_esco_isco_groups,
    read_esco_occupations,
    read_srmatch_vocabulary,
)

ESCO_HEADER = ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "hiddenLabels", "description", "code"]
GROUP_HEADER = ["conceptType", "conceptUri", "code", "preferredLabel", "altLabels", "description"]

cell = st.text(max_size=30)
esco_rows = st.lists(st.lists(cell, min_size=0, max_size=len(ESCO_HEADER) + 2), max_size=8)
# Text a CSV cell can hold once written as UTF-8 (no lone surrogates, no NUL).
label_text = st.text(st.characters(codec="utf-8", blacklist_characters="\x00"), max_size=25)
label = label_text.filter(lambda text: text.strip() != "")
isco_unit = st.from_regex(r"\A[0-9]{4}\Z")
labels = st.lists(label.filter(lambda text: "\n" not in text and "\r" not in text), max_size=4)


@st.composite
def occupation_rows(draw: st.DrawFn) -> list[dict[str, str]]:
    """Well-formed ESCO occupation rows: unique URIs, 4-digit ISCO groups, ESCO codes."""
    count = draw(st.integers(min_value=1, max_value=6))
    rows = []
    for number in range(count):
        isco = draw(isco_unit)
        rows.append(
            {
                "conceptType": "Occupation",
                "conceptUri": f"http://data.europa.eu/esco/occupation/{number}-{draw(st.uuids())}",
                "iscoGroup": isco,
                "preferredLabel": draw(label.filter(lambda text: "\n" not in text and "\r" not in text)),
                "altLabels": "\n".join(draw(labels)),
                "hiddenLabels": "\n".join(draw(labels)),
                "description": draw(label_text),
                "code": f"{isco}.{draw(st.integers(min_value=1, max_value=99))}",
            }
        )
    return rows


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    # Every field quoted, as the ESCO export does: a bare "\r" in a field stays in the field.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.write_text(_csv_text(header, rows), encoding="utf-8", errors="surrogatepass")


def _expected_labels(field: str, preferred: str) -> tuple[str, ...]:
    seen = {preferred.strip().casefold()}
    result = []
    for part in field.split("\n"):
        value = part.strip()
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            result.append(value)
    return tuple(result)


def _occupation_file_bytes(rows: list[dict[str, str]]) -> bytes:
    return _csv_text(ESCO_HEADER, [[row[column] for column in ESCO_HEADER] for row in rows]).encode("utf-8")


# Uploads: random bytes, well-formed exports, and well-formed exports with a damaged stretch.
uploads = st.one_of(
    st.binary(max_size=400),
    occupation_rows().map(_occupation_file_bytes),
    st.tuples(occupation_rows().map(_occupation_file_bytes), st.integers(min_value=0), st.binary(min_size=1, max_size=8)).map(
        lambda item: item[0][: item[1] % (len(item[0]) + 1)] + item[2] + item[0][item[1] % (len(item[0]) + 1) :]
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=uploads)
def test_any_bytes_give_concepts_or_a_format_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "upload.csv"
    path.write_bytes(data)
    for reader in (read_esco_occupations, read_esco_isco_groups, read_srmatch_vocabulary):
        try:
            concepts = reader(path)
        except VocabularyFormatError as error:
            assert str(error).startswith("upload.csv")
        else:
            assert all(concept.uri and concept.preferred_label for concept in concepts)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=occupation_rows())
def test_well_formed_occupations_yield_their_concepts(tmp_path: Path, rows: list[dict[str, str]]) -> None:
    path = tmp_path / "occupations.csv"
    path.write_bytes(_occupation_file_bytes(rows))
    concepts = read_esco_occupations(path)
    assert [concept.uri for concept in concepts] == [row["conceptUri"] for row in rows]
    for concept, row in zip(concepts, rows, strict=True):
        assert concept.kind == "occupation"
        assert concept.preferred_label == row["preferredLabel"].strip()
        assert concept.isco_code == row["iscoGroup"]
        assert concept.code == row["code"]
        assert concept.alt_labels == _expected_labels(row["altLabels"], row["preferredLabel"])
        assert concept.hidden_labels == _expected_labels(row["hiddenLabels"], row["preferredLabel"])
        assert concept.description == row["description"].strip()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(groups=st.lists(st.tuples(st.from_regex(r"\A[0-9]{1,4}\Z"), label.filter(lambda t: "\n" not in t and "\r" not in t)), min_size=1, max_size=6, unique_by=lambda g: g[0]))
def test_well_formed_isco_groups_yield_their_concepts(tmp_path: Path, groups: list[tuple[str, str]]) -> None:
    path = tmp_path / "groups.csv"
    rows = [["ISCOGroup", f"http://data.europa.eu/esco/isco/C{code}", code, name, "", ""] for code, name in groups]
    path.write_bytes(_csv_text(GROUP_HEADER, rows).encode("utf-8"))
    concepts = read_esco_isco_groups(path)
    assert [(c.kind, c.code, c.isco_code, c.preferred_label) for c in concepts] == [
        ("isco_group", code, code, name.strip()) for code, name in groups
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.one_of(esco_rows, occupation_rows().map(lambda rows: [[row[c] for c in ESCO_HEADER] for row in rows])))
def test_well_formed_csv_with_any_values(tmp_path: Path, rows: list[list[str]]) -> None:
    path = tmp_path / "occupations.csv"
    try:
        _write_csv(path, ESCO_HEADER, rows)
    except UnicodeEncodeError:
        return
    try:
        concepts = read_esco_occupations(path)
    except VocabularyFormatError as error:
        message = str(error)
        assert message.startswith("occupations.csv")
        assert "\n" not in message.strip()
    else:
        assert len(concepts) <= len(rows)
        for concept in concepts:
            assert concept.kind == "occupation"
            assert len(concept.isco_code) == 4 and concept.isco_code.isdigit()
