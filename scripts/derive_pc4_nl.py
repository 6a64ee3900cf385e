"""Derive ``data/pc4_nl.csv`` from the GeoNames NL postal file (reproducible).

    python scripts/derive_pc4_nl.py ../shared/data/external/geonames_postal_nl_pc4.csv data/pc4_nl.csv

Uses the same functions as ``srmatch geo import-geonames``: one centroid per PC4 (the mean
of its GeoNames rows), the plausibility check against each municipality's median. The
shipped file was derived from the 2021 GeoNames release (see data/README.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

from srmatch.matching.geo import check_plausibility, derive_centroids, read_geonames, write_pc4_table
from srmatch.matching.settings import load_matching_settings


def main(source: str, target: str) -> int:
    settings = load_matching_settings()
    centroids = derive_centroids(read_geonames(Path(source)))
    accepted, flagged = check_plausibility(centroids, None, implausible_km=settings.implausible_km,
                                           moved_km=settings.moved_km)
    for item in flagged:
        print(f"refused {item.centroid.pc4} {item.centroid.place}: {item.reason} ({item.km:.1f} km)", file=sys.stderr)
    write_pc4_table(accepted, Path(target))
    print(f"{len(accepted)} PC4 written to {target}, {len(flagged)} refused")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
