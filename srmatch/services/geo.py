"""Postcode geography use cases: load a newer GeoNames file, measure a distance.

The shipped ``data/pc4_nl.csv`` serves until a newer GeoNames NL postal file is imported;
imported centroids are stored in the database and override the shipped ones. An import
refuses rows that lie implausibly far from their municipality or from where the table in
use puts the same PC4; refused PC4 keep the value in use. One transaction per import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, delete, func, insert
from sqlmodel import select

from srmatch.errors import UserFacingError, data_file_message
from srmatch.i18n import t
from srmatch.matching.geo import (
    FlaggedCentroid,
    GeoDataError,
    Location,
    PostcodeError,
    check_plausibility,
    derive_centroids,
    parse_pc4,
    read_geonames,
)
from srmatch.matching.settings import load_matching_settings
from srmatch.services import audit
from srmatch.services.audit import Actor
from srmatch.services.matching import postcode_table
from srmatch.store.engine import session_scope
from srmatch.store.models import PostcodeCentroid, utc_now

__all__ = ["Distance", "GeonamesImport", "distance", "import_geonames"]


class GeoInputError(UserFacingError, ValueError):
    """A postcode or GeoNames file the user gave that cannot be used."""


@dataclass(frozen=True)
class GeonamesImport:
    """What an import stored and what it refused."""

    stored: int
    refused: tuple[FlaggedCentroid, ...]
    replaced: int
    new_pc4: int


@dataclass(frozen=True)
class Distance:
    km: float
    a: Location
    b: Location


def import_geonames(engine: Engine, path: Path, actor: Actor) -> GeonamesImport:
    """Replace the imported centroids with those of a GeoNames NL postal file."""
    settings = load_matching_settings()
    try:
        centroids = derive_centroids(read_geonames(path))
    except GeoDataError as error:
        raise GeoInputError(data_file_message(error)) from None
    in_use = postcode_table(engine)
    accepted, refused = check_plausibility(centroids, in_use, implausible_km=settings.implausible_km,
                                           moved_km=settings.moved_km)
    now = utc_now()
    with session_scope(engine) as session:
        replaced = session.exec(select(func.count()).select_from(PostcodeCentroid)).one()
        session.execute(delete(PostcodeCentroid))
        if accepted:
            session.execute(insert(PostcodeCentroid), [
                {"pc4": c.pc4, "latitude": c.latitude, "longitude": c.longitude, "place": c.place[:120],
                 "municipality_code": c.municipality_code[:8], "municipality": c.municipality[:120],
                 "source": path.name[:200], "imported_at": now}
                for c in accepted
            ])
        audit.record(session, actor, "geo.import_geonames", "postcode_centroid",
                     reason=f"{len(accepted)} PC4 stored, {len(refused)} refused, from {path.name}")
    return GeonamesImport(stored=len(accepted), refused=tuple(refused), replaced=int(replaced),
                          new_pc4=sum(1 for c in accepted if c.pc4 not in in_use))


def distance(engine: Engine, postcode_a: str, postcode_b: str) -> Distance:
    """Straight-line km between two postcodes (unknown ones fall back to a municipality centre)."""
    for text in (postcode_a, postcode_b):
        try:
            parse_pc4(text)
        except PostcodeError:
            raise GeoInputError(t("geo.error.postcode", postcode=text)) from None
    km, a, b = postcode_table(engine).distance(postcode_a, postcode_b)
    return Distance(km=km, a=a, b=b)
