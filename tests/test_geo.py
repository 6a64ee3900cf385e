"""Postcode geography: shipped centroids, distances, unknown postcodes, GeoNames imports."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine

from srmatch.cli import main
from srmatch.matching.geo import PostcodeTable, derive_centroids, distance_km, load_pc4_table, read_geonames
from srmatch.services.audit import current_actor
from srmatch.services.geo import GeoInputError, distance, import_geonames


def test_every_pc4_of_the_geonames_file_has_one_centroid_in_the_shipped_table(shared_data: Path) -> None:
    rows = list(csv.DictReader((shared_data / "geonames_postal_nl_pc4.csv").open(encoding="utf-8", newline="")))
    shipped = {c.pc4 for c in load_pc4_table()}
    assert shipped == {row["postal_code"] for row in rows}
    assert len(shipped) == 4069


def test_the_shipped_table_is_what_the_derivation_gives(shared_data: Path) -> None:
    derived = derive_centroids(read_geonames(shared_data / "geonames_postal_nl_pc4.csv"))
    assert {c.pc4: (c.latitude, c.longitude) for c in derived} == {
        c.pc4: (c.latitude, c.longitude) for c in load_pc4_table()
    }


def test_distances_are_plausible() -> None:
    table = PostcodeTable(load_pc4_table())
    km, a, b = table.distance("3011 AB", "1012")  # Rotterdam centre - Amsterdam centre
    assert 55 < km < 62 and a.exact and b.exact
    assert table.distance("3072", "3072")[0] == 0


def test_unknown_postcode_falls_back_to_its_municipality_centre() -> None:
    table = PostcodeTable(load_pc4_table())
    location = table.locate("3160")  # Rhoon: not in the 2021 GeoNames release
    assert not location.exact and location.municipality == "Albrandswaard"
    centre = table.municipality_centre(location.municipality_code)
    assert centre is not None and distance_km(location.latitude, location.longitude, centre[0], centre[1]) == 0


def _newer_release(shared_data: Path, target: Path) -> Path:
    """The 2021 file with two changes a newer release made: 3062 in the North Sea, 3160 added."""
    rows = list(csv.reader((shared_data / "geonames_postal_nl_pc4.csv").read_text(encoding="utf-8").splitlines()))
    for fields in rows:
        if fields[1] == "3062":
            fields[9], fields[10] = "51.857", "3.944"
    rows.append("NL,3160,Rhoon,Zuid-Holland,11,Albrandswaard,0613,,,51.8575,4.4233,6".split(","))
    with target.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return target


def test_import_refuses_a_postcode_placed_in_the_north_sea(engine: Engine, shared_data: Path, tmp_path: Path) -> None:
    before = distance(engine, "3062", "3011").km
    summary = import_geonames(engine, _newer_release(shared_data, tmp_path / "NL.csv"), current_actor("tester"))
    assert [item.centroid.pc4 for item in summary.refused] == ["3062"]
    assert summary.new_pc4 == 1 and summary.stored == 4069
    assert distance(engine, "3062", "3011").km == pytest.approx(before)
    rhoon = distance(engine, "3160", "3011")
    assert rhoon.a.exact and 5 < rhoon.km < 12


def test_import_reads_the_tab_separated_dump_too(engine: Engine, shared_data: Path, tmp_path: Path) -> None:
    csv_file = _newer_release(shared_data, tmp_path / "NL.csv")
    tab_file = tmp_path / "NL.txt"
    rows = list(csv.reader(csv_file.read_text(encoding="utf-8").splitlines()))[1:]
    tab_file.write_text("".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    assert import_geonames(engine, tab_file, current_actor("tester")).new_pc4 == 1


def test_damaged_geonames_file_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    bad = tmp_path / "NL.txt"
    bad.write_text("NL\t3011\tRotterdam\tZuid-Holland\t11\tRotterdam\t0599\t\t\tnorth\t4.48\t6\n", encoding="utf-8")
    with pytest.raises(GeoInputError, match="line 1"):
        import_geonames(engine, bad, current_actor("tester"))


def test_cli_distance_and_bad_postcode(engine: Engine, database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", database_url, "geo", "distance", "3011", "3160"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith(" km") and "centre of Albrandswaard" in out
    assert main(["--db", database_url, "geo", "distance", "3011", "30x1"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "30x1" in err
