"""Fairness monitor: who gets proposed, approved, placed and stays, per target group and
per area (Rotterdam-Zuid, the rest of the city, the region).

Aggregates only, counted per person: a cell below ``SMALL_CELL`` is suppressed ("<5") so
that no one can be singled out of a small group. DOMAIN.md says why the areas matter: Zuid
received 10% of social-return placements while holding 40% of the city's welfare recipients.
Areas come from ``data/rotterdam_pc4_areas.csv`` through ``srmatch.matching.areas``; the
postcode is used here for counting only, never in matching.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlmodel import select

from srmatch.matching.areas import area_of
from srmatch.store.engine import session_scope
from srmatch.store.models import JobSeeker, Placement, PlacementStatus, SeekerStatus, TargetGroup

__all__ = ["COLUMNS", "SMALL_CELL", "FairnessReport", "FairnessRow", "fairness_report"]

SMALL_CELL = 5
COLUMNS = ("active", "proposed", "approved", "placed", "sustained")
AREAS = ("zuid", "rotterdam", "region")
_APPROVED = frozenset({PlacementStatus.APPROVED, PlacementStatus.INTRODUCED, PlacementStatus.NOT_HIRED,
                       PlacementStatus.STARTED, PlacementStatus.SUSTAINED, PlacementStatus.ENDED})
_PLACED = frozenset({PlacementStatus.STARTED, PlacementStatus.SUSTAINED, PlacementStatus.ENDED})


def _cell(count: int) -> int | str:
    return count if count == 0 or count >= SMALL_CELL else f"<{SMALL_CELL}"


@dataclass(frozen=True)
class FairnessRow:
    """One group's counts (people, not placements); ``share_of_placed`` in percent."""

    group: str
    counts: Mapping[str, int]

    def cells(self) -> dict[str, int | str]:
        return {name: _cell(self.counts[name]) for name in COLUMNS}


@dataclass(frozen=True)
class FairnessReport:
    by_target_group: tuple[FairnessRow, ...]
    by_area: tuple[FairnessRow, ...]
    total: FairnessRow

    def share_of_placed(self, row: FairnessRow) -> str:
        """Share of all placed people, or "" when the cell itself is suppressed."""
        placed, total = row.counts["placed"], self.total.counts["placed"]
        if total == 0 or (0 < placed < SMALL_CELL):
            return ""
        return f"{100 * placed / total:.0f}%"

    def to_json(self) -> dict[str, Any]:
        def rows(items: tuple[FairnessRow, ...]) -> list[dict[str, Any]]:
            return [{"group": r.group, **r.cells(), "share_of_placed": self.share_of_placed(r)} for r in items]

        return {"by_target_group": rows(self.by_target_group), "by_area": rows(self.by_area),
                "total": {"group": "total", **self.total.cells()}, "small_cells_below": SMALL_CELL}


def fairness_report(engine: Engine) -> FairnessReport:
    """Counts per target group and area, from the job seekers and their placements."""
    with session_scope(engine) as session:
        people = session.exec(select(JobSeeker.id, JobSeeker.target_group, JobSeeker.postcode, JobSeeker.status)).all()
        placements = session.exec(select(Placement.seeker_id, Placement.status)).all()
    reached: dict[int, set[str]] = defaultdict(set)
    for seeker_id, status in placements:
        stages = reached[seeker_id]
        stages.add("proposed")
        if status in _APPROVED:
            stages.add("approved")
        if status in _PLACED:
            stages.add("placed")
        if status == PlacementStatus.SUSTAINED:
            stages.add("sustained")
    by_group: dict[str, dict[str, int]] = {g.value: dict.fromkeys(COLUMNS, 0) for g in TargetGroup}
    by_area: dict[str, dict[str, int]] = {a: dict.fromkeys(COLUMNS, 0) for a in AREAS}
    total: dict[str, int] = dict.fromkeys(COLUMNS, 0)
    for person_id, group, postcode, status in people:
        stages = set(reached.get(person_id or 0, set()))
        if status == SeekerStatus.ACTIVE:
            stages.add("active")
        for counts in (by_group.setdefault(group, dict.fromkeys(COLUMNS, 0)), by_area[area_of(postcode)], total):
            for stage in stages:
                counts[stage] += 1
    return FairnessReport(
        by_target_group=tuple(FairnessRow(g, c) for g, c in by_group.items()),
        by_area=tuple(FairnessRow(a, by_area[a]) for a in AREAS),
        total=FairnessRow("total", total),
    )
