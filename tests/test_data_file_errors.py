"""A file that an administrator edits and breaks is refused in the user's language.

The rule sets (``data/rules/*.toml``), ``data/matching.toml``, the requirement lists, the
postcode tables and a backup to restore: each broken file, read with the language set to Dutch,
gives one Dutch line that names the file, the key or row, and the value, with the file's own
names (``[weights]``, ``covers``, ``pc4``) untranslated so the administrator can find them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from srmatch.i18n import catalogue, set_language
from srmatch.logs import Failure, describe_failure
from srmatch.matching import areas
from srmatch.matching.areas import AreaFileError, city_pc4_areas
from srmatch.matching.geo import GeoDataError, read_pc4_table
from srmatch.matching.requirements import ReferenceDataError, read_certificates, read_driving_licences
from srmatch.matching.resources import data_path
from srmatch.matching.settings import MatchingSettingsError, read_matching_settings
from srmatch.services.audit import current_actor
from srmatch.services.geo import GeoInputError, import_geonames

def _shown(error: BaseException) -> Failure:
    """The line the CLI and the TUI show for ``error``."""
    return describe_failure(error)


@pytest.mark.parametrize(
    ("old", "new", "dutch"),
    [
        ("skills = ", 'skills = "veel" # ', "matching.toml: [weights] skills moet een getal zijn, niet 'veel'"),
        ("auto_code_threshold = ", "auto_code_threshold = 250 # ",
         "matching.toml: [occupation] auto_code_threshold = 250 ligt buiten 0-100"),
        ('default_municipality = "0599"', "default_municipality = 599",
         'matching.toml: [geo] default_municipality moet een CBS-code tussen aanhalingstekens zijn, zoals "0599"'),
        ("\n[weights]\n", "\n[weights]\nluck = 0\n", "matching.toml: [weights] luck is geen onderdeel van de score "
         "(occupation, skills, distance, hours, sustainability)"),
    ],
)
def test_a_broken_matching_toml_is_refused_in_dutch(tmp_path: Path, old: str, new: str, dutch: str) -> None:
    shipped = data_path("matching.toml").read_text(encoding="utf-8")
    assert old in shipped
    path = tmp_path / "matching.toml"
    path.write_text(shipped.replace(old, new, 1), encoding="utf-8")
    set_language("nl")
    with pytest.raises(MatchingSettingsError) as raised:
        read_matching_settings(path)
    assert _shown(raised.value) == Failure(dutch, is_bug=False)


def test_a_broken_requirement_list_is_refused_in_dutch(tmp_path: Path) -> None:
    certificates = tmp_path / "certificates.csv"
    certificates.write_text("code,label,label_en,synonyms,covers\nB-VCA,VCA basis,basic VCA,,\n"
                            "VOL-VCA,VCA VOL,VCA supervisors,,X-VCA\n", encoding="utf-8")
    licences = tmp_path / "driving_licences.csv"
    licences.write_text("code,label_nl,label_en,implies\nB,auto,car,\n", encoding="utf-8")
    set_language("nl")
    with pytest.raises(ReferenceDataError) as raised:
        read_certificates(certificates)
    assert _shown(raised.value) == Failure(
        "certificates.csv rij 3, covers: 'X-VCA' is geen certificaat uit dit bestand", is_bug=False)
    with pytest.raises(ReferenceDataError) as raised:
        read_driving_licences(licences)
    assert _shown(raised.value) == Failure("driving_licences.csv: de kolom 'synonyms' ontbreekt", is_bug=False)


def test_a_broken_postcode_table_is_refused_in_dutch(tmp_path: Path) -> None:
    table = tmp_path / "pc4_nl.csv"
    table.write_text("pc4,latitude,longitude,place,municipality_code,municipality\n"
                     "3011,51.92,4.48,Rotterdam,0599,Rotterdam\n3012,noord,4.47,Rotterdam,0599,Rotterdam\n",
                     encoding="utf-8")
    set_language("nl")
    with pytest.raises(GeoDataError) as raised:
        read_pc4_table(table)
    assert _shown(raised.value) == Failure("pc4_nl.csv rij 3: latitude 'noord' is geen getal", is_bug=False)


def test_a_broken_geonames_file_is_refused_in_dutch(engine: Engine, tmp_path: Path) -> None:
    bad = tmp_path / "NL.txt"
    bad.write_text("NL\t30x1\tRotterdam\tZuid-Holland\t11\tRotterdam\t0599\t\t\t51.92\t4.48\t6\n", encoding="utf-8")
    set_language("nl")
    with pytest.raises(GeoInputError) as raised:
        import_geonames(engine, bad, current_actor("tester"))
    assert str(raised.value) == "NL.txt regel 1: postal_code '30x1' is geen Nederlandse postcode"


def test_a_broken_areas_file_is_refused_in_dutch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / areas.AREAS_FILE).write_text("pc4,district,area\n3011,Centrum,rotterdam\n3071,Feijenoord,noord\n",
                                           encoding="utf-8")
    monkeypatch.setattr("srmatch.matching.resources.data_dir", lambda: folder)
    city_pc4_areas.cache_clear()
    set_language("nl")
    try:
        with pytest.raises(AreaFileError) as raised:
            city_pc4_areas()
    finally:
        city_pc4_areas.cache_clear()
    assert _shown(raised.value) == Failure(
        "rotterdam_pc4_areas.csv: rij 3: area 'noord' is niet een van zuid, rotterdam", is_bug=False)


@pytest.mark.parametrize("error", [MatchingSettingsError, ReferenceDataError, GeoDataError, AreaFileError])
def test_the_english_catalogue_says_what_the_pure_layer_says(error: type[MatchingSettingsError]) -> None:
    """``matching`` keeps its English wording beside the code (it cannot read the catalogue);
    the English catalogue holds the same text under the same key, and Dutch has every key."""
    assert error.english
    for key, english in error.english.items():
        assert catalogue("en")[key] == english, key
        assert key in catalogue("nl"), key
