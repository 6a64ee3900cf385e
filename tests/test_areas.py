"""Rotterdam's districts and areas come from one data file and are read the same everywhere."""

from __future__ import annotations

import pytest

from srmatch.matching.areas import area_of, city_pc4_areas, district_of, districts, pc4_of


@pytest.mark.parametrize(
    ("postcode", "district", "area"),
    [
        ("3072 AB", "Feijenoord", "zuid"),
        ("3083ab", "Charlois", "zuid"),
        ("3077", "IJsselmonde", "zuid"),
        ("3192 XK", "Hoogvliet", "zuid"),
        ("3011 AA", "Centrum", "rotterdam"),
        ("3026", "Delfshaven", "rotterdam"),
        ("3068", "Prins Alexander", "rotterdam"),
        ("3151", "Hoek van Holland", "rotterdam"),
        ("3181", "Rozenburg", "rotterdam"),
        ("3112 AB", None, "region"),  # Schiedam
        ("2901", None, "region"),  # Capelle aan den IJssel
        ("1012 AB", None, "region"),  # Amsterdam
    ],
)
def test_district_and_area_of_a_postcode(postcode: str, district: str | None, area: str) -> None:
    assert district_of(postcode) == district
    assert area_of(postcode) == area


@pytest.mark.parametrize("junk", ["", "30", "ABCD", "0123 AB", "3072 ABC", "30722"])
def test_unreadable_postcodes_are_not_in_the_city(junk: str) -> None:
    assert pc4_of(junk) is None
    assert district_of(junk) is None
    assert area_of(junk) == "region"


def test_the_file_lists_every_district_once_per_pc4() -> None:
    names = set(districts())
    assert names >= {
        "Charlois", "Feijenoord", "IJsselmonde", "Hoogvliet", "Kralingen-Crooswijk", "Delfshaven", "Centrum",
        "Noord", "Hillegersberg-Schiebroek", "Prins Alexander", "Overschie", "Pernis", "Rozenburg",
        "Hoek van Holland",
    }
    zuid = {area.district for area in city_pc4_areas().values() if area.area == "zuid"}
    assert {"Charlois", "Feijenoord", "IJsselmonde"} <= zuid
    assert "Centrum" not in zuid and "Noord" not in zuid
    assert all(3000 <= code <= 3199 for code in city_pc4_areas())
