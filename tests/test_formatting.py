"""Dates, amounts and record fields the way a Dutch or English reader expects them, in one place."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlalchemy import Engine
from textual.widgets import Static

from srmatch.app import SrmatchApp
from srmatch.cli import main
from srmatch.config import load_settings
from srmatch.formatting import format_amount, format_cents, format_date, format_moment, format_number
from srmatch.i18n import set_language
from srmatch.screens.records import SeekerScreen
from srmatch.store.engine import session_scope
from srmatch.store.migrate import open_database
from srmatch.store.models import JobSeeker
from tests.factories import add_sample_records


@pytest.mark.parametrize(
    ("language", "date", "amount", "negative", "whole", "number"),
    [
        ("nl", "28-04-2026", "€ 1.234,56", "€ -1.234,56", "€ 1.250.000", "7,5"),
        ("en", "2026-04-28", "€1,234.56", "-€1,234.56", "€1,250,000", "7.5"),
    ],
)
def test_dates_amounts_and_numbers_per_language(
    language: str, date: str, amount: str, negative: str, whole: str, number: str
) -> None:
    set_language(language)
    assert format_date(dt.date(2026, 4, 28)) == date
    assert format_moment(dt.datetime(2026, 4, 28, 14, 5)) == f"{date} 14:05"
    assert format_cents(123_456) == amount
    assert format_amount(Decimal("-1234.555")) == negative
    assert format_cents(125_000_000, whole=True) == whole
    assert format_number(7.5) == number
    assert format_number(1234) == ("1.234" if language == "nl" else "1,234")
    assert format_number(2, decimals=1) == ("2,0" if language == "nl" else "2.0")


def test_amounts_round_half_up_to_cents() -> None:
    set_language("nl")
    assert format_amount(Decimal("0.005")) == "€ 0,01"
    assert format_amount(0) == "€ 0,00"


@pytest.fixture
def seeker_db(database_url: str) -> str:
    engine = open_database(database_url)
    add_sample_records(engine)
    with session_scope(engine) as session:
        session.add(
            JobSeeker(
                client_number="KL0000003", display_name="Ayşe Çelik", postcode="3082", target_group="wajong",
                ladder_rung=3, desired_occupations=["kok"], certificates=["BHV"], driving_licences=["B"],
                hours_min=12, hours_max=20, max_travel_km=7.5, travels_independently=False,
                work_restrictions=["geen zwaar tillen"], available_from=dt.date(2026, 5, 1),
                last_contact_on=dt.date(2026, 4, 28),
            )
        )
    engine.dispose()
    return database_url


def fields(text: str) -> dict[str, str]:
    """``label  value`` lines as printed (two spaces or more between the two)."""
    result = {}
    for line in text.splitlines():
        label, _, value = line.partition("  ")
        result[label.strip()] = value.strip()
    return result


def test_seekers_show_prints_labels_and_words_in_dutch(capsys: pytest.CaptureFixture[str], seeker_db: str) -> None:
    assert main(["--db", seeker_db, "--lang", "nl", "seekers", "show", "KL0000003"]) == 0
    printed = fields(capsys.readouterr().out)
    assert printed["Klantnummer"] == "KL0000003"
    assert printed["Doelgroep"] == "Wajong"
    assert printed["Laatste contact"] == "28-04-2026"
    assert printed["Beschikbaar vanaf"] == "01-05-2026"
    assert printed["Max. reisafstand (km)"] == "7,5"
    assert printed["Reist zelfstandig"] == "nee"
    assert printed["Rijbewijzen"] == "B (personenauto)"
    assert printed["Beperkingen in werk"] == "geen zwaar tillen"
    assert printed["Status"] == "actief"
    assert not any(key in printed for key in ("client_number", "target_group", "last_contact_on"))


def test_seekers_show_in_english_and_json_stays_machine_readable(capsys: pytest.CaptureFixture[str], seeker_db: str) -> None:
    assert main(["--db", seeker_db, "seekers", "show", "KL0000003"]) == 0
    printed = fields(capsys.readouterr().out)
    assert printed["Target group"] == "Wajong"
    assert printed["Last contact"] == "2026-04-28"
    assert printed["Driving licences"] == "B (car)"
    assert printed["Work restrictions"] == "no heavy lifting"
    assert printed["Travels independently"] == "no"
    assert main(["--db", seeker_db, "--lang", "nl", "seekers", "show", "KL0000003", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["last_contact_on"] == "2026-04-28"
    assert data["target_group"] == "wajong"
    assert data["status"] == "active"
    assert data["max_travel_km"] == 7.5
    assert data["travels_independently"] is False


def test_vacancies_show_prints_labels_and_words_in_dutch(capsys: pytest.CaptureFixture[str], seeker_db: str) -> None:
    assert main(["--db", seeker_db, "--lang", "nl", "vacancies", "show", "VAC-002"]) == 0
    printed = fields(capsys.readouterr().out)
    assert printed["Referentie"] == "VAC-002"
    assert printed["Geopend"] == "01-09-2026"
    assert printed["Status"] == "gesloten"
    assert "reference" not in printed and "opened_on" not in printed
    assert main(["--db", seeker_db, "vacancies", "show", "VAC-002", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["opened_on"], data["status"]) == ("2026-09-01", "closed")


async def test_the_record_screen_shows_what_the_cli_prints(seeker_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", seeker_db, "--lang", "nl", "seekers", "show", "KL0000003"]) == 0
    printed = fields(capsys.readouterr().out)
    engine: Engine = open_database(seeker_db)
    set_language("nl")
    app = SrmatchApp(settings=load_settings(db_path=seeker_db, language="nl", user="km.pilot"), engine=engine)
    async with app.run_test(size=(160, 48)) as pilot:
        app.push_screen(SeekerScreen("KL0000003"))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        detail = app.screen.query_one("#detail", Static)
        text = "\n".join(line.text for line in detail.render_lines(app.screen.region))
    engine.dispose()
    for label in ("Doelgroep", "Laatste contact", "Rijbewijzen", "Max. reisafstand (km)"):
        assert label in text and printed[label] in text, label
