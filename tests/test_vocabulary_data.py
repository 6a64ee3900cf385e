"""Checks on the shipped vocabulary files in ``data/`` (plain csv, no srmatch imports)."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"
OCCUPATIONS = DATA / "occupations_nl.csv"
ISCO_GROUPS = DATA / "isco08_groups_nl.csv"

OCCUPATION_HEADER = ["id", "preferred_label", "alt_labels", "hidden_labels", "isco_code", "description"]
ID_PATTERN = re.compile(r"^srm:[a-z0-9-]+$")
UNIT_CODE = re.compile(r"^\d{4}$")


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def _labels(field: str) -> list[str]:
    return [label.strip() for label in field.split("|") if label.strip()]


@pytest.fixture(scope="module")
def occupations() -> list[dict[str, str]]:
    header, rows = _read(OCCUPATIONS)
    assert header == OCCUPATION_HEADER
    return rows


@pytest.fixture(scope="module")
def isco_groups() -> dict[str, str]:
    header, rows = _read(ISCO_GROUPS)
    assert header == ["code", "label"]
    return {row["code"]: row["label"] for row in rows}


def test_files_are_utf8_with_lf_line_endings() -> None:
    for path in (OCCUPATIONS, ISCO_GROUPS):
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), f"{path.name} starts with a BOM"
        assert b"\r" not in raw, f"{path.name} has CR line endings"
        raw.decode("utf-8")


def test_occupation_header_is_exact() -> None:
    with OCCUPATIONS.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == OCCUPATION_HEADER


def test_every_occupation_row_has_six_fields() -> None:
    with OCCUPATIONS.open(encoding="utf-8", newline="") as handle:
        widths = {len(row) for row in csv.reader(handle)}
    assert widths == {len(OCCUPATION_HEADER)}


def test_at_least_300_occupations(occupations: list[dict[str, str]]) -> None:
    assert len(occupations) >= 300


def test_ids_are_unique_and_well_formed(occupations: list[dict[str, str]]) -> None:
    ids = [row["id"] for row in occupations]
    bad = [value for value in ids if not ID_PATTERN.fullmatch(value)]
    assert not bad, f"malformed ids: {bad}"
    duplicates = [value for value, count in Counter(ids).items() if count > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"


def test_preferred_labels_are_not_empty(occupations: list[dict[str, str]]) -> None:
    empty = [row["id"] for row in occupations if not row["preferred_label"].strip()]
    assert not empty


def test_descriptions_are_not_empty(occupations: list[dict[str, str]]) -> None:
    empty = [row["id"] for row in occupations if not row["description"].strip()]
    assert not empty


def test_every_occupation_has_an_alt_label(occupations: list[dict[str, str]]) -> None:
    missing = [row["id"] for row in occupations if not _labels(row["alt_labels"])]
    assert not missing, f"occupations without alt labels: {missing}"


def test_no_label_is_claimed_by_two_occupations(occupations: list[dict[str, str]]) -> None:
    owners: dict[str, set[str]] = {}
    for row in occupations:
        labels = [row["preferred_label"], *_labels(row["alt_labels"]), *_labels(row["hidden_labels"])]
        for label in labels:
            owners.setdefault(label.strip().lower(), set()).add(row["id"])
    clashes = {label: sorted(ids) for label, ids in owners.items() if len(ids) > 1}
    assert not clashes, f"labels used by more than one occupation: {clashes}"


def test_isco_codes_are_unit_groups(occupations: list[dict[str, str]]) -> None:
    bad = [(row["id"], row["isco_code"]) for row in occupations if not UNIT_CODE.fullmatch(row["isco_code"])]
    assert not bad, f"isco_code must be a 4-digit unit group: {bad}"


def test_isco_hierarchy_of_every_occupation_is_present(
    occupations: list[dict[str, str]], isco_groups: dict[str, str]
) -> None:
    missing = set()
    for row in occupations:
        code = row["isco_code"]
        for length in (1, 2, 3, 4):
            if code[:length] not in isco_groups:
                missing.add(code[:length])
    assert not missing, f"ISCO groups missing from isco08_groups_nl.csv: {sorted(missing)}"


def test_isco_groups_cover_all_major_and_sub_major_groups(isco_groups: dict[str, str]) -> None:
    majors = {code for code in isco_groups if len(code) == 1}
    sub_majors = {code for code in isco_groups if len(code) == 2}
    assert majors == set("0123456789")
    assert len(sub_majors) == 43
    assert all(code[:1] in majors for code in sub_majors)


def test_isco_group_codes_and_labels_are_well_formed(isco_groups: dict[str, str]) -> None:
    assert all(re.fullmatch(r"\d{1,4}", code) for code in isco_groups)
    assert all(label.strip() for label in isco_groups.values())
    for code in isco_groups:
        if len(code) > 1:
            assert code[:-1] in isco_groups, f"parent of {code} missing"
