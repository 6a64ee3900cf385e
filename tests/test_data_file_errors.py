"""A file that an administrator edits and breaks is refused in the user's language.

The rule sets (``data/rules/*.toml``), ``data/matching.toml``, the requirement lists, the
postcode tables and a backup to restore: each broken file, read with the language set to Dutch,
gives one Dutch line that names the file, the key or row, and the value, with the file's own
names (``[weights]``, ``covers``, ``pc4``) untranslated so the administrator can find them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from srmatch.cli import main
from srmatch.i18n import catalogue, set_language
from srmatch.logs import Failure, describe_failure
from srmatch.matching import areas
from srmatch.matching.areas import AreaFileError, city_pc4_areas
from srmatch.matching.geo import GeoDataError, read_pc4_table
from srmatch.matching.requirements import ReferenceDataError, read_certificates, read_driving_licences
from srmatch.matching.resources import data_path
from srmatch.matching.settings import MatchingSettingsError, read_matching_settings
from srmatch.matching.vocabulary import (
    VocabularyFormatError,
    read_esco_occupations,
    read_title_abbreviations,
    read_title_qualifiers,
    read_title_synonyms,
)
from srmatch.services.audit import current_actor
from srmatch.services.geo import GeoInputError, import_geonames
from srmatch.services.rules import RuleSetError, load_programme_targets, load_rule_sets
from srmatch.services.vocabulary import VocabularyFileRejected, import_esco
from srmatch.store.restore import RestoreRefused, check_backup_file

RULES = """\
[rule_set]
name = "kapot-2024"
region = "test"
title = "Test rules"
valid_from = 2024-01-01
status = "transcribed"
source = "invented for a test"
default = true

[obligation]
base = "contract_value"

[obligation.kinds.werk]
percentage = 5
threshold_eur = 100000

[full_time]
basis = "yearly"
hours_per_week = 36

[blocks.participatiewet]
label = "Participatiewet"
route = 1
per_year_eur = 40000
target_groups = ["participatiewet"]
"""


def _shown(error: BaseException) -> Failure:
    """The line the CLI and the TUI show for ``error``."""
    return describe_failure(error)


def _rules(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "kapot-2024.toml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("old", "new", "dutch"),
    [
        ("percentage = 5", 'percentage = "vijf"',
         "kapot-2024.toml (kapot-2024) obligation.kinds.werk.percentage: 'vijf' is geen getal"),
        ("per_year_eur = 40000", "per_year_eur = -1",
         "kapot-2024.toml (kapot-2024) blocks.participatiewet.per_year_eur: -1 moet een getal van 0 of meer zijn"),
        ('basis = "yearly"', 'basis = "weekly"',
         "kapot-2024.toml (kapot-2024) [full_time]: basis = 'weekly' is niet een van hourly, yearly"),
        ("[obligation.kinds.werk]", "[obligation.kinds.bouw]",
         "kapot-2024.toml (kapot-2024): [obligation.kinds.bouw] is geen soort opdracht (werk, dienst, levering)"),
        ("valid_from = 2024-01-01", 'valid_from = "1 januari"',
         "kapot-2024.toml (kapot-2024): valid_from moet een datum zijn, zoals 2024-11-01"),
        ('name = "kapot-2024"', 'name = "heel-2024"',
         "kapot-2024.toml: [rule_set] name 'heel-2024' moet gelijk zijn aan de bestandsnaam"),
        ("per_year_eur = 40000", "per_year_eur = 40000\nwindow_month = 24",
         "kapot-2024.toml (kapot-2024) blocks.participatiewet: onbekende sleutel window_month = 24 (bekende sleutels: "
         "label, route, per_year_eur, per_hour_eur, window_months, target_groups, employment_types)"),
    ],
)
def test_a_broken_rule_set_is_refused_in_dutch(tmp_path: Path, old: str, new: str, dutch: str) -> None:
    assert old in RULES
    folder = _rules(tmp_path, RULES.replace(old, new))
    set_language("nl")
    with pytest.raises(RuleSetError) as raised:
        load_rule_sets(folder)
    assert _shown(raised.value) == Failure(dutch, is_bug=False)


def test_a_rule_set_that_is_not_toml_and_a_folder_without_default_are_refused_in_dutch(tmp_path: Path) -> None:
    set_language("nl")
    with pytest.raises(RuleSetError) as raised:
        load_rule_sets(_rules(tmp_path, RULES + "\n[blocks\n"))
    assert str(raised.value).startswith("kapot-2024.toml: geen geldige TOML (")
    other = tmp_path / "other"
    other.mkdir()
    (other / "kapot-2024.toml").write_text(RULES.replace("default = true", "default = false"), encoding="utf-8")
    with pytest.raises(RuleSetError, match=r"precies één regelset moet default = true hebben$"):
        load_rule_sets(other)
    with pytest.raises(RuleSetError, match=r"^de programmadoelen .*gone\.toml ontbreken$"):
        load_programme_targets(tmp_path / "gone.toml")


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


ESCO_HEADER = ("conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,"
               "regulatedProfessionNote,scopeNote,definition,inScheme,description,code\n")


@pytest.mark.parametrize(
    ("reader", "text", "english", "dutch"),
    [
        (read_title_synonyms, "term,synonyms\nkelner,ober\nkok,\n",
         "list.csv: row 3, field 'synonyms': '' expected at least one synonym",
         "list.csv: rij 3, veld 'synonyms': '' moet minstens één synoniem bevatten"),
        (read_title_abbreviations, "abbreviation,expansion\nmdw,medewerker\nmdw,mede\n",
         "list.csv: row 3, field 'abbreviation': 'mdw' duplicates row 2",
         "list.csv: rij 3, veld 'abbreviation': 'mdw' staat ook al in rij 2"),
        (read_title_qualifiers, "qualifier,kind,expansion,roles\nhbo,niveau,hoger onderwijs,docent\n",
         "list.csv: row 2, field 'kind': 'niveau' expected one of level, grade, exclusion",
         "list.csv: rij 2, veld 'kind': 'niveau' moet een van level, grade, exclusion zijn"),
        (read_title_synonyms, "term;synonyms\nkelner;ober\n",
         "list.csv: missing required column(s) 'term', 'synonyms'; found 'term;synonyms'",
         "list.csv: de verplichte kolom(men) 'term', 'synonyms' ontbreken; gevonden: 'term;synonyms'"),
        (read_esco_occupations, ESCO_HEADER + "Occupation,http://x/o1,81x1,monteur,,,released,,,,,,,8131.1\n",
         "list.csv: row 2, field 'iscoGroup': '81x1' expected a 4-digit ISCO-08 unit group",
         "list.csv: rij 2, veld 'iscoGroup': '81x1' moet een ISCO-08-beroepsgroep van 4 cijfers zijn"),
        (read_esco_occupations, ESCO_HEADER,
         "list.csv: header only, no data rows", "list.csv: alleen een kopregel, geen rijen met gegevens"),
    ],    ids=["synonyms", "abbreviation", "qualifier", "columns", "esco", "header_only"],
)
def test_a_broken_vocabulary_or_title_list_is_refused_in_dutch(
    tmp_path: Path, reader: Callable[[Path], object], text: str, english: str, dutch: str
) -> None:
    """str() stays the English the title tests read; the user reads their own language."""
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    set_language("nl")
    with pytest.raises(VocabularyFormatError) as raised:
        reader(path)
    assert str(raised.value) == english
    assert _shown(raised.value) == Failure(dutch, is_bug=False)


def test_an_esco_file_that_is_not_utf8_is_refused_in_dutch(engine: Engine, tmp_path: Path) -> None:
    latin = tmp_path / "occupations_nl.csv"
    latin.write_bytes((ESCO_HEADER + "Occupation,http://x/o1,5120,caféhouder,,,released,,,,,,,5120.1\n")
                      .encode("latin-1"))
    set_language("nl")
    with pytest.raises(VocabularyFileRejected) as raised:
        import_esco(engine, latin, None, current_actor("tester"))
    offset = latin.read_bytes().index(b"\xe9")
    assert str(raised.value) == (f"occupations_nl.csv: geen geldige UTF-8 (byte 0xe9 op positie {offset}); "
                                 "sla het bestand op als CSV UTF-8")


def test_a_backup_that_is_no_database_is_refused_in_dutch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "kopie.db"
    junk.write_text("geen database\n", encoding="utf-8")
    set_language("nl")
    with pytest.raises(RestoreRefused) as raised:
        check_backup_file(junk)
    assert str(raised.value) == f"{junk} is geen srmatch-database (geen SQLite-bestand); er is niets veranderd"
    with pytest.raises(RestoreRefused, match=r"^.*weg\.db bestaat niet of is geen bestand$"):
        check_backup_file(tmp_path / "weg.db")
    set_language("en")  # the command line sets it from --lang
    code = main(["--lang", "nl", "--db", str(tmp_path / "team.db"), "db", "restore", str(junk)])
    err = capsys.readouterr().err
    assert code == 1
    assert err == f"srmatch: fout: {junk} is geen srmatch-database (geen SQLite-bestand); er is niets veranderd\n"


@pytest.mark.parametrize("error", [MatchingSettingsError, ReferenceDataError, GeoDataError, AreaFileError,
                                   VocabularyFormatError])
def test_the_english_catalogue_says_what_the_pure_layer_says(error: type[MatchingSettingsError]) -> None:
    """``matching`` keeps its English wording beside the code (it cannot read the catalogue);
    the English catalogue holds the same text under the same key, and Dutch has every key."""
    assert error.english
    for key, english in error.english.items():
        assert catalogue("en")[key] == english, key
        assert key in catalogue("nl"), key
