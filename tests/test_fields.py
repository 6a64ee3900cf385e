"""Field rules shared by the importer and the forms: what a person may type, and why not."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from srmatch.i18n import set_language
from srmatch.services import fields
from srmatch.services.fields import InvalidField


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("3073", "3073"), ("3073ab", "3073 AB"), ("3073 AB", "3073 AB"), (" 3012  cd ", "3012 CD"), (3073, "3073")],
)
def test_postcodes_are_stored_in_one_spelling(raw: object, stored: str) -> None:
    assert fields.postcode("postcode", raw) == stored


@pytest.mark.parametrize("raw", ["0123", "307", "30733", "3073 A", "3073 SS", "Rotterdam", "", "3073-AB"])
def test_bad_postcodes_are_refused_with_the_reason(raw: str) -> None:
    with pytest.raises(InvalidField, match="postcode") as error:
        fields.postcode("postcode", raw)
    assert error.value.field == "postcode"
    assert "3073 AB" in error.value.reason


def test_kvk_number_is_eight_digits_and_excel_lost_zero_comes_back() -> None:
    assert fields.kvk_number("kvk", "24123456") == "24123456"
    assert fields.kvk_number("kvk", "2412 3456") == "24123456"
    assert fields.kvk_number("kvk", 1234567) == "01234567"
    for bad in ("1234567", "123456789", "2412345a", 123456789):
        with pytest.raises(InvalidField, match="8 digits"):
            fields.kvk_number("kvk", bad)


def test_hours_are_whole_numbers_from_0_to_60_and_min_not_above_max() -> None:
    assert fields.hours("hours_min", "32") == 32
    assert fields.hours("hours_min", 24.0) == 24
    assert fields.hours("hours_min", "16,0") == 16
    for bad in ("61", "-1", "12.5", "veel", True):
        with pytest.raises(InvalidField):
            fields.hours("hours_min", bad)
    assert fields.hours_range(20, 32) == (20, 32)
    with pytest.raises(InvalidField, match="above maximum"):
        fields.hours_range(32, 20)


@pytest.mark.parametrize(
    "raw",
    ["2026-03-01", "01-03-2026", "1-3-2026", "01/03/2026", "1.3.2026", dt.date(2026, 3, 1), dt.datetime(2026, 3, 1), "2026-03-01 00:00:00"],
)
def test_dates_in_iso_dutch_or_excel_form(raw: object) -> None:
    assert fields.date("available_from", raw) == dt.date(2026, 3, 1)


@pytest.mark.parametrize("raw", ["31-02-2026", "2026/03/01", "maart 2026", "03-01-26", "2026", "1 foo 2026", 2026, 1e308])
def test_unreadable_dates_are_refused(raw: object) -> None:
    with pytest.raises(InvalidField, match="unreadable date"):
        fields.date("available_from", raw)


@pytest.mark.parametrize(("raw", "value"), [("yes", True), ("Ja", True), ("TRUE", True), ("1", True), (1, True), ("WAAR", True),
                                            ("no", False), ("nee", False), ("false", False), ("0", False), (False, False)])
def test_booleans_in_english_and_dutch(raw: object, value: bool) -> None:
    assert fields.boolean("consent", raw) is value


def test_a_boolean_that_is_neither_says_what_to_write() -> None:
    with pytest.raises(InvalidField, match="ja/nee"):
        fields.boolean("consent", "misschien")


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("participatiewet", "participatiewet"), ("Participatiewet (bijstand)", "participatiewet"), ("WW", "ww"),
     ("Jongere zonder startkwalificatie", "jongere_zonder_startkwalificatie"), ("zonder uitkering", "zonder_uitkering"),
     ("Statushouder", "statushouder"), ("Newcomer (status holder)", "statushouder"), ("Leerling vso/pro", "vso_pro")],
)
def test_target_groups_by_stored_value_or_display_name(raw: str, stored: str) -> None:
    assert fields.target_group("target_group", raw) == stored


def test_unknown_target_group_lists_the_choices_in_dutch_too() -> None:
    with pytest.raises(InvalidField, match="participatiewet") as error:
        fields.target_group("target_group", "bijstandsmoeder")
    assert "unknown target group" in error.value.reason
    set_language("nl")
    try:
        with pytest.raises(InvalidField, match="onbekende doelgroep"):
            fields.target_group("doelgroep", "bijstandsmoeder")
    finally:
        set_language("en")


def test_statuses_and_employment_types_by_dutch_name() -> None:
    assert fields.seeker_status("status", "gepauzeerd") == "paused"
    assert fields.vacancy_status("status", "on hold") == "on_hold"
    assert fields.employment_type("employment_type", "vast") == "permanent"
    with pytest.raises(InvalidField):
        fields.vacancy_status("status", "half open")


def test_bsn_eleven_test() -> None:
    assert fields.looks_like_bsn("111222333")
    assert fields.looks_like_bsn(111222333)
    assert fields.looks_like_bsn("12345672")  # 012345672 with its leading zero lost in Excel
    assert not fields.looks_like_bsn("12345673")
    assert not fields.looks_like_bsn("111222334")
    assert not fields.looks_like_bsn("KL0000001")
    assert not fields.looks_like_bsn("0612345678")


def test_a_client_number_that_is_a_bsn_is_refused_and_not_repeated() -> None:
    with pytest.raises(InvalidField, match="BSN") as error:
        fields.client_number("client_number", "111222333")
    assert "111222333" not in str(error.value)
    assert fields.client_number("client_number", "KL-0001") == "KL-0001"


def test_lists_split_on_bars_trimmed_and_without_duplicates() -> None:
    assert fields.text_list("skills", " schoonmaken | | koken|schoonmaken ") == ["schoonmaken", "koken"]
    assert fields.text_list("skills", "") == []
    assert fields.target_groups("eligible_target_groups", "WW|Wajong") == ["ww", "wajong"]


def test_amounts_in_dutch_and_english_notation() -> None:
    assert fields.euro_cents("value_eur", "€ 1.250.000,50") == 125_000_050
    assert fields.euro_cents("value_eur", "1250000.50") == 125_000_050
    assert fields.euro_cents("value_eur", "2000000") == 200_000_000
    assert fields.euro_cents("value_eur", 1999.99) == 199_999
    # Dutch thousands: "1.234" is € 1.234,00 (it once was refused while "1.250" was € 1,25); a lone
    # comma is decimal, so "12,345" has three decimals and is refused, never read as 12345.
    assert fields.euro_cents("value_eur", "1.234") == 123_400
    assert fields.euro_cents("value_eur", "1.250") == 125_000
    assert fields.euro_cents("value_eur", "€ 1.250,-") == 125_000
    for bad in ("-5", "veel", "12,345", "1.2345"):
        with pytest.raises(InvalidField):
            fields.euro_cents("value_eur", bad)
    assert fields.percentage("percentage", "5%") == 5.0
    assert fields.percentage("percentage", "2,5") == 2.5


def test_text_refuses_nul_and_control_characters_and_overlong_values() -> None:
    with pytest.raises(InvalidField, match="NUL"):
        fields.text("display_name", "Jan\x00", max_length=120)
    with pytest.raises(InvalidField, match="control"):
        fields.text("display_name", "Jan\x1b[31m", max_length=120)
    with pytest.raises(InvalidField, match="too long"):
        fields.text("display_name", "x" * 121, max_length=120)
    with pytest.raises(InvalidField, match="required"):
        fields.text("display_name", "  ", max_length=120)


def test_the_export_guard_apostrophe_is_removed_on_input() -> None:
    assert fields.text("display_name", "'=HYPERLINK()", max_length=120) == "=HYPERLINK()"
    assert fields.phone("phone", "'+31 6 12345678") == "+31 6 12345678"
    assert fields.text("display_name", "'t Hoen", max_length=120) == "'t Hoen"


@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(), st.booleans(), st.none(), st.dates()))
def test_every_parser_accepts_or_refuses_with_a_reason_never_crashes(value: object) -> None:
    parsers = [fields.postcode, fields.kvk_number, fields.hours, fields.ladder_rung, fields.date, fields.boolean,
               fields.email, fields.phone, fields.target_group, fields.text_list, fields.travel_km, fields.euro_cents,
               fields.percentage, fields.client_number, fields.dutch_level, fields.positions]
    for parser in parsers:
        try:
            parser("field", value)
        except InvalidField as error:
            assert error.reason and error.field == "field"


def test_work_restrictions_demands_licences_and_certificates_come_from_the_vocabularies() -> None:
    assert fields.work_restrictions("work_restrictions", "mag niet tillen|Geen nachtdienst") == ["geen zwaar tillen", "geen nachtdiensten"]
    assert fields.physical_demands("physical_demands", "tillen|nachtwerk") == ["zwaar tillen", "nachtdiensten"]
    assert fields.certificates("certificates", "VCA basis|B-VCA|heftruck") == ["B-VCA", "heftruckcertificaat"]
    assert fields.driving_licences("driving_licences", "rijbewijs B|C+E") == ["B", "CE"]
    assert fields.driving_licence("driving_licence", "b") == "B"
    with pytest.raises(InvalidField, match="work_demands.csv"):
        fields.work_restrictions("work_restrictions", "geen gedoe")
    with pytest.raises(InvalidField, match="certificates.csv"):
        fields.certificates("certificates", "zwemdiploma Z")
    with pytest.raises(InvalidField, match="driving_licences.csv"):
        fields.driving_licences("driving_licences", "rijbewijs Q")
