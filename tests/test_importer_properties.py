"""Importers face files from outside: whatever the bytes, a clean result or a clear error."""

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

cell = st.text(max_size=30)
esco_rows = st.lists(st.lists(cell, min_size=0, max_size=len(ESCO_HEADER) + 2), max_size=8)


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", errors="surrogatepass")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
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


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=esco_rows)
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
