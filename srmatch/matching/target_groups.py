"""Target groups (doelgroepen) and the evidence that proves membership, read from ``data/``.

``data/target_group_evidence.csv`` lists, per target group, the documents a municipality
accepts as evidence (DOMAIN.md: a UWV or municipal decision or a target-group statement
plus the latest benefit specification; an internship agreement for pupils). The first row
of a group is the usual one. A municipality edits the file; nothing else lists them.
"""

from __future__ import annotations

import csv
from functools import cache
from types import MappingProxyType
from typing import Mapping

from srmatch.matching.resources import data_path

EVIDENCE_FILE = "target_group_evidence.csv"


@cache
def evidence_types() -> Mapping[str, tuple[str, ...]]:
    """Target group code → the accepted kinds of evidence, the usual one first."""
    groups: dict[str, list[str]] = {}
    with data_path(EVIDENCE_FILE).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            group = (row.get("target_group") or "").strip()
            evidence = (row.get("evidence") or "").strip()
            if group and evidence:
                groups.setdefault(group, []).append(evidence)
    return MappingProxyType({group: tuple(kinds) for group, kinds in groups.items()})
