"""Which part of Rotterdam a postcode lies in: a district, and Zuid / rest of the city / region.

The city's four-digit postcodes (PC4) and their districts are listed in
``data/rotterdam_pc4_areas.csv`` (``pc4,district,area``; ``area`` is ``zuid`` or
``rotterdam``); every PC4 not listed is the region around the city. The municipality
confirms or corrects that file; nothing else in srmatch lists Rotterdam's postcodes.

Used where the programme counts where placed people live (DESIGN.md §6: the share of
placements that went to residents of the city and of Rotterdam-Zuid), to search by district
and by the demo. Never a matching feature: a postcode only ever becomes a distance there.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import ClassVar, Literal, Mapping

from srmatch.matching.problems import DataFileError
from srmatch.matching.resources import data_path

AREAS_FILE = "rotterdam_pc4_areas.csv"

AreaName = Literal["zuid", "rotterdam", "region"]
#: The values of the ``area`` column; a PC4 that is not listed is ``"region"``.
CITY_AREAS: tuple[AreaName, ...] = ("zuid", "rotterdam")

_PC4 = re.compile(r"\s*([1-9][0-9]{3})(?:\s*[A-Za-z]{2})?\s*")


class AreaFileError(DataFileError):
    """``data/rotterdam_pc4_areas.csv`` cannot be used; the message names the row and the field."""

    english: ClassVar[dict[str, str]] = {
        "geo.error.areas.columns": "{file}: expected the columns pc4, district, area",
        "geo.error.areas.pc4": "{file}: row {row}: pc4 {value!r} is not four digits",
        "geo.error.areas.district": "{file}: row {row}: district is empty",
        "geo.error.areas.area": "{file}: row {row}: area {value!r} is not one of {choices}",
        "geo.error.areas.twice": "{file}: row {row}: pc4 {pc4} is listed twice",
    }


@dataclass(frozen=True)
class Pc4Area:
    """One row of the areas file."""

    pc4: int
    district: str
    area: AreaName


def pc4_of(postcode: str | int) -> int | None:
    """The four digits of a Dutch postcode (``"3072 AB"``, ``"3072ab"``, ``"3072"``, ``3072``), or None."""
    if isinstance(postcode, int):
        return postcode if 1000 <= postcode <= 9999 else None
    match = _PC4.fullmatch(postcode)
    return int(match.group(1)) if match else None


@cache
def city_pc4_areas() -> Mapping[int, Pc4Area]:
    """Every PC4 of the city with its district and area, in file order (read once)."""
    path = data_path(AREAS_FILE)
    areas: dict[int, Pc4Area] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or not {"pc4", "district", "area"} <= set(reader.fieldnames):
            raise AreaFileError("geo.error.areas.columns", file=AREAS_FILE)
        for row_number, row in enumerate(reader, start=2):
            pc4 = pc4_of((row["pc4"] or "").strip())
            district = (row["district"] or "").strip()
            area = (row["area"] or "").strip()
            if pc4 is None:
                raise AreaFileError("geo.error.areas.pc4", file=AREAS_FILE, row=row_number, value=row["pc4"])
            if not district:
                raise AreaFileError("geo.error.areas.district", file=AREAS_FILE, row=row_number)
            if area not in CITY_AREAS:
                raise AreaFileError("geo.error.areas.area", file=AREAS_FILE, row=row_number, value=area,
                                    choices=", ".join(CITY_AREAS))
            if pc4 in areas:
                raise AreaFileError("geo.error.areas.twice", file=AREAS_FILE, row=row_number, pc4=pc4)
            areas[pc4] = Pc4Area(pc4=pc4, district=district, area="zuid" if area == "zuid" else "rotterdam")
    return MappingProxyType(areas)


def district_of(pc4: str | int) -> str | None:
    """The city district of a postcode or PC4 (``"Charlois"``), or None outside the city."""
    code = pc4_of(pc4)
    found = city_pc4_areas().get(code) if code is not None else None
    return found.district if found else None


def area_of(postcode: str | int) -> AreaName:
    """``"zuid"`` (Rotterdam-Zuid), ``"rotterdam"`` (the rest of the city) or ``"region"`` (elsewhere).

    A postcode that cannot be read counts as ``"region"``: it is not shown to lie in the city.
    """
    code = pc4_of(postcode)
    found = city_pc4_areas().get(code) if code is not None else None
    return found.area if found else "region"


def districts() -> Mapping[str, tuple[int, ...]]:
    """District name → its PC4 codes, districts in file order."""
    grouped: dict[str, list[int]] = {}
    for area in city_pc4_areas().values():
        grouped.setdefault(area.district, []).append(area.pc4)
    return MappingProxyType({name: tuple(codes) for name, codes in grouped.items()})
