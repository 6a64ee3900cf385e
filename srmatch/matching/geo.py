"""Postcodes (PC4) to coordinates, straight-line distance, and GeoNames imports.

The shipped table ``data/pc4_nl.csv`` has one centroid for every Dutch PC4 in the GeoNames
postal dump (CC BY 4.0): where GeoNames lists several places for one PC4, their mean.
``derive_centroids`` builds that table from a GeoNames file, so a newer release can be
loaded (``srmatch geo import-geonames``) after ``check_plausibility`` has refused rows that
lie implausibly far from their municipality or from where the table in use puts them
(one release put 3062 Rotterdam-Kralingen 40 km out in the North Sea).

An unknown PC4 degrades to the centre of its municipality: the municipality of the nearest
known PC4 with the same first two digits (PC4 numbers are handed out by area), else the
configured default municipality. The location says so, and so does every explanation.
"""

from __future__ import annotations

import csv
import math
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import ClassVar

import numpy as np

from srmatch.matching.problems import DataFileError
from srmatch.matching.resources import data_path

__all__ = [
    "EARTH_RADIUS_KM",
    "GeoDataError",
    "Location",
    "Pc4Centroid",
    "PostcodeError",
    "PostcodeTable",
    "check_plausibility",
    "derive_centroids",
    "distance_km",
    "load_pc4_table",
    "parse_pc4",
    "read_geonames",
    "read_pc4_table",
    "write_pc4_table",
]

PC4_FILE = "pc4_nl.csv"
EARTH_RADIUS_KM = 6371.0088
PC4_COLUMNS = ("pc4", "latitude", "longitude", "place", "municipality_code", "municipality")
_POSTCODE = re.compile(r"^\s*([1-9]\d{3})\s*(?:[A-Za-z]{2})?\s*$")
_GEONAMES_COLUMNS = (
    "country_code", "postal_code", "place_name", "admin_name1", "admin_code1", "admin_name2", "admin_code2",
    "admin_name3", "admin_code3", "latitude", "longitude", "accuracy",
)


class PostcodeError(ValueError):
    """Text that is not a Dutch postcode."""


class GeoDataError(DataFileError):
    """A postcode table or GeoNames file that cannot be read."""

    english: ClassVar[dict[str, str]] = {
        "geo.error.file.columns": "{file}: expected the columns {columns}",
        "geo.error.file.row_postcode": "{file} row {row}: pc4 {value!r} is not a Dutch postcode",
        "geo.error.file.row_number": "{file} row {row}: {field} {value!r} is not a number",
        "geo.error.file.table_not_found": "{path}: postcode table not found",
        "geo.error.file.not_found": "{path}: file not found",
        "geo.error.file.not_utf8": "{file}: not UTF-8 text",
        "geo.error.file.fields": "{file} line {line}: {count} fields, a GeoNames postal row has 12",
        "geo.error.file.line_postcode": "{file} line {line}: postal_code {value!r} is not a Dutch postcode",
        "geo.error.file.line_number": "{file} line {line}: {field} {value!r} is not a number",
        "geo.error.file.out_of_range": "{file} line {line}: latitude/longitude {latitude}, {longitude} out of range",
        "geo.error.file.no_rows": "{file}: no Dutch postcode rows (is this a GeoNames NL postal file?)",
    }


def _number(row: dict[str, str], field: str, where: dict[str, object]) -> float:
    """The coordinate ``row[field]``; GeoDataError ``*_number`` (``where`` names file and row/line)."""
    try:
        return float(row[field])
    except ValueError:
        key = "geo.error.file.row_number" if "row" in where else "geo.error.file.line_number"
        raise GeoDataError(key, **where, field=field, value=row[field]) from None


def parse_pc4(text: str) -> str:
    """The PC4 of a Dutch postcode ("3072 AB", "3072ab", "3072"); PostcodeError otherwise."""
    match = _POSTCODE.match(text or "")
    if not match:
        raise PostcodeError(f"{text!r} is not a Dutch postcode (four digits, optionally two letters)")
    return match.group(1)


def distance_km(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    """Great-circle (straight-line) distance in km."""
    phi_a, phi_b = math.radians(lat_a), math.radians(lat_b)
    half = (math.sin((phi_b - phi_a) / 2) ** 2
            + math.cos(phi_a) * math.cos(phi_b) * math.sin(math.radians(lon_b - lon_a) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(half)))


def unit_vectors(latitudes: np.ndarray, longitudes: np.ndarray) -> np.ndarray:
    """Points on the unit sphere (n × 3); the chord between two gives their distance."""
    phi = np.radians(latitudes)
    lam = np.radians(longitudes)
    return np.stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)], axis=-1)


def chord_to_km(chord: np.ndarray) -> np.ndarray:
    """Great-circle km from chord lengths on the unit sphere (same as ``distance_km``)."""
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.clip(chord / 2, 0.0, 1.0)))


def km_to_chord(km: np.ndarray | float) -> np.ndarray:
    """Chord length on the unit sphere for a great-circle distance in km."""
    return np.asarray(2 * np.sin(np.clip(np.asarray(km, dtype=np.float64), 0, None) / (2 * EARTH_RADIUS_KM)))


@dataclass(frozen=True, slots=True)
class Pc4Centroid:
    pc4: str
    latitude: float
    longitude: float
    place: str
    municipality_code: str
    municipality: str


@dataclass(frozen=True, slots=True)
class Location:
    """Where a postcode is, and whether that is the postcode itself or a fallback."""

    pc4: str
    latitude: float
    longitude: float
    exact: bool
    municipality: str
    municipality_code: str


class PostcodeTable:
    """PC4 centroids with municipality centres for unknown postcodes."""

    def __init__(self, centroids: Iterable[Pc4Centroid], default_municipality: str = "0599") -> None:
        ordered = sorted({c.pc4: c for c in centroids}.values(), key=lambda c: c.pc4)
        if not ordered:
            raise GeoDataError("the postcode table is empty")
        self.centroids: tuple[Pc4Centroid, ...] = tuple(ordered)
        self._by_pc4 = {c.pc4: c for c in ordered}
        self._numbers = np.array([int(c.pc4) for c in ordered], dtype=np.int32)
        members: dict[str, list[Pc4Centroid]] = defaultdict(list)
        for centroid in ordered:
            if centroid.municipality_code:
                members[centroid.municipality_code].append(centroid)
        self._centres = {
            code: (statistics.median(c.latitude for c in group), statistics.median(c.longitude for c in group),
                   group[0].municipality)
            for code, group in members.items()
        }
        self._default = default_municipality if default_municipality in self._centres else min(self._centres)

    def __len__(self) -> int:
        return len(self.centroids)

    def __contains__(self, pc4: object) -> bool:
        return pc4 in self._by_pc4

    def get(self, pc4: str) -> Pc4Centroid | None:
        return self._by_pc4.get(pc4)

    def municipality_centre(self, code: str) -> tuple[float, float, str] | None:
        """Median of the municipality's PC4 centroids, and its name."""
        return self._centres.get(code)

    def locate(self, postcode: str) -> Location:
        """The coordinates of a postcode, falling back to a municipality centre."""
        try:
            pc4 = parse_pc4(postcode)
        except PostcodeError:
            pc4 = ""
        known = self._by_pc4.get(pc4)
        if known is not None:
            return Location(pc4, known.latitude, known.longitude, True, known.municipality, known.municipality_code)
        code = self._default
        if pc4:
            number = int(pc4)
            same_area = (self._numbers // 100) == number // 100
            if same_area.any():
                candidates = np.flatnonzero(same_area)
                nearest = candidates[np.argmin(np.abs(self._numbers[candidates] - number))]
                code = self.centroids[int(nearest)].municipality_code or code
        latitude, longitude, name = self._centres[code]
        return Location(pc4 or postcode.strip(), latitude, longitude, False, name, code)

    def distance(self, postcode_a: str, postcode_b: str) -> tuple[float, Location, Location]:
        """Straight-line km between two postcodes, with both locations."""
        a = self.locate(postcode_a)
        b = self.locate(postcode_b)
        return distance_km(a.latitude, a.longitude, b.latitude, b.longitude), a, b


# -- files ------------------------------------------------------------------------------------


def read_pc4_table(path: Path) -> list[Pc4Centroid]:
    """Read a ``pc4_nl.csv``-style table."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if tuple(reader.fieldnames or ()) != PC4_COLUMNS:
                raise GeoDataError("geo.error.file.columns", file=path.name, columns=",".join(PC4_COLUMNS))
            result = []
            for number, row in enumerate(reader, start=2):
                where: dict[str, object] = {"file": path.name, "row": number}
                try:
                    pc4 = parse_pc4(row["pc4"])
                except PostcodeError:
                    raise GeoDataError("geo.error.file.row_postcode", **where, value=row["pc4"]) from None
                result.append(Pc4Centroid(pc4, _number(row, "latitude", where), _number(row, "longitude", where),
                                          row["place"], row["municipality_code"], row["municipality"]))
    except FileNotFoundError:
        raise GeoDataError("geo.error.file.table_not_found", path=str(path)) from None
    return result


def write_pc4_table(centroids: Sequence[Pc4Centroid], path: Path) -> None:
    """Write centroids in the shipped format (sorted, 4 decimals ≈ 10 m)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(PC4_COLUMNS)
        for c in sorted(centroids, key=lambda c: c.pc4):
            writer.writerow([c.pc4, f"{c.latitude:.4f}", f"{c.longitude:.4f}", c.place, c.municipality_code,
                             c.municipality])


@cache
def load_pc4_table() -> tuple[Pc4Centroid, ...]:
    """The shipped ``data/pc4_nl.csv``."""
    return tuple(read_pc4_table(data_path(PC4_FILE)))


@dataclass(frozen=True, slots=True)
class GeonamesRow:
    line: int
    pc4: str
    place: str
    municipality_code: str
    municipality: str
    latitude: float
    longitude: float
    accuracy: int


def read_geonames(path: Path) -> list[GeonamesRow]:
    """Read a GeoNames NL postal file: the tab-separated ``NL.txt`` of the dump, or the same
    columns as CSV with a header. Only Dutch rows with a PC4 are used."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GeoDataError("geo.error.file.not_found", path=str(path)) from None
    except UnicodeDecodeError:
        raise GeoDataError("geo.error.file.not_utf8", file=path.name) from None
    lines = text.splitlines()
    if lines and lines[0].startswith("country_code,"):
        records: Iterable[list[str]] = csv.reader(lines[1:])
        first_line = 2
    else:
        records = (line.split("\t") for line in lines)
        first_line = 1
    result: list[GeonamesRow] = []
    for number, fields in enumerate(records, start=first_line):
        if not fields or fields == [""]:
            continue
        if len(fields) < 11:
            raise GeoDataError("geo.error.file.fields", file=path.name, line=number, count=len(fields))
        row = dict(zip(_GEONAMES_COLUMNS, fields))
        if row["country_code"] != "NL":
            continue
        where: dict[str, object] = {"file": path.name, "line": number}
        try:
            pc4 = parse_pc4(row["postal_code"])
        except PostcodeError:
            raise GeoDataError("geo.error.file.line_postcode", **where, value=row["postal_code"]) from None
        latitude, longitude = _number(row, "latitude", where), _number(row, "longitude", where)
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise GeoDataError("geo.error.file.out_of_range", **where, latitude=latitude, longitude=longitude)
        accuracy = int(row["accuracy"]) if row.get("accuracy", "").strip().isdigit() else 0
        result.append(GeonamesRow(number, pc4, row["place_name"], row["admin_code2"], row["admin_name2"],
                                  latitude, longitude, accuracy))
    if not result:
        raise GeoDataError("geo.error.file.no_rows", file=path.name)
    return result


def derive_centroids(rows: Iterable[GeonamesRow]) -> list[Pc4Centroid]:
    """One centroid per PC4: the mean of its most accurate GeoNames rows (accuracy 6 =
    centroid beats 4 = estimate, which drops stray rows such as a "Rotterdam" row for 3921
    Elst); names from the first of those rows."""
    grouped: dict[str, list[GeonamesRow]] = defaultdict(list)
    for row in rows:
        grouped[row.pc4].append(row)
    for pc4, group in grouped.items():
        best = max(r.accuracy for r in group)
        grouped[pc4] = [r for r in group if r.accuracy == best]
    return [
        Pc4Centroid(pc4, round(statistics.fmean(r.latitude for r in group), 4),
                    round(statistics.fmean(r.longitude for r in group), 4), group[0].place,
                    group[0].municipality_code, group[0].municipality)
        for pc4, group in sorted(grouped.items())
    ]


@dataclass(frozen=True, slots=True)
class FlaggedCentroid:
    """A centroid refused by the plausibility check, and why."""

    centroid: Pc4Centroid
    reason: str
    km: float


def check_plausibility(
    centroids: Sequence[Pc4Centroid], in_use: PostcodeTable | None, *, implausible_km: float, moved_km: float
) -> tuple[list[Pc4Centroid], list[FlaggedCentroid]]:
    """Split centroids into plausible ones and flagged ones.

    A centroid is flagged when it lies more than ``implausible_km`` from the median of its
    municipality's centroids in the same file, or, for a PC4 the table in use knows, more
    than ``moved_km`` from where that table puts it *and* the table in use places it close
    to its municipality (so a real correction of a bad old point is accepted).
    """
    members: dict[str, list[Pc4Centroid]] = defaultdict(list)
    for centroid in centroids:
        if centroid.municipality_code:
            members[centroid.municipality_code].append(centroid)
    centres = {
        code: (statistics.median(c.latitude for c in group), statistics.median(c.longitude for c in group))
        for code, group in members.items() if len(group) >= 3
    }
    accepted: list[Pc4Centroid] = []
    flagged: list[FlaggedCentroid] = []
    for centroid in centroids:
        centre = centres.get(centroid.municipality_code)
        if centre is not None:
            km = distance_km(centroid.latitude, centroid.longitude, *centre)
            if km > implausible_km:
                flagged.append(FlaggedCentroid(centroid, "far_from_municipality", km))
                continue
        old = in_use.get(centroid.pc4) if in_use is not None else None
        if old is not None:
            km = distance_km(centroid.latitude, centroid.longitude, old.latitude, old.longitude)
            old_centre = in_use.municipality_centre(old.municipality_code) if in_use is not None else None
            old_plausible = old_centre is None or distance_km(old.latitude, old.longitude, old_centre[0],
                                                              old_centre[1]) <= implausible_km
            if km > moved_km and old_plausible and (centre is None or distance_km(
                    centroid.latitude, centroid.longitude, *centre) > distance_km(old.latitude, old.longitude, *centre)):
                flagged.append(FlaggedCentroid(centroid, "moved", km))
                continue
        accepted.append(centroid)
    return accepted, flagged
