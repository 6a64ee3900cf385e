"""The import screen driven with Pilot at 80x24: check, read the report, confirm, write."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from textual.widgets import DataTable, Input, OptionList, Static

from srmatch.app import SrmatchApp
from srmatch.config import load_settings
from srmatch.i18n import set_language
from srmatch.screens.importing import ConfirmImport, ImportScreen, SamplesDialog
from srmatch.services import records


def make_app(engine: Engine, language: str = "en") -> SrmatchApp:
    set_language(language)
    settings = load_settings(db_path=engine.url.render_as_string(hide_password=False), language=language, user="km.pilot")
    return SrmatchApp(settings=settings, engine=engine)


async def settle(app: SrmatchApp, pilot: object) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]


def summary(screen: ImportScreen) -> str:
    return str(screen.query_one("#import-summary", Static).render())


async def test_pick_a_sample_check_confirm_and_write(engine: Engine) -> None:
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SamplesDialog)
        names = [str(app.screen.query_one(OptionList).get_option_at_index(i).prompt) for i in range(3)]
        assert names == ["seekers.csv", "seekers_and_vacancies.xlsx", "vacancies.csv"]
        await pilot.press("enter")  # seekers.csv
        await pilot.pause()
        assert screen.query_one("#import-path", Input).value.endswith("seekers.csv")
        await pilot.press("ctrl+s")  # not checked yet: refused with a hint, nothing written
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmImport)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "8 to add" in summary(screen) and "nothing written" in summary(screen)
        assert records.count_seekers(engine) == 0
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmImport)
        assert "Write 8 new and 0 changed job seekers?" in str(app.screen.query_one("#confirm-question", Static).render())
        await pilot.press("y")
        await settle(app, pilot)
        assert "Written: 8 added" in summary(screen)
    assert records.count_seekers(engine) == 8


async def test_a_file_with_mistakes_shows_the_report_in_dutch_and_cancel_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    bad = tmp_path / "fouten.csv"
    bad.write_text("klantnummer;naam;postcode;doelgroep\nKL1;Jan;30733;ww\nKL2;Piet;3012;bijstandsmoeder\nKL3;Kees;3012;ww\n", encoding="utf-8")
    app = make_app(engine, "nl")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#import-path", Input).value = str(bad)
        await pilot.press("f5")
        await settle(app, pilot)
        assert "2 afgewezen" in summary(screen) and "1 toe te voegen" in summary(screen)
        table = screen.query_one("#import-report", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert [(r[0], r[1], r[2]) for r in rows] == [("2", "postcode", "30733"), ("3", "doelgroep", "bijstandsmoeder")]
        assert "geen Nederlandse postcode" in str(screen.query_one("#import-detail", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmImport)
        assert "2 afgewezen rijen worden overgeslagen" in str(app.screen.query_one("#confirm-question", Static).render())
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ImportScreen)
    set_language("en")
    assert records.count_seekers(engine) == 0


async def test_a_refused_file_says_why_and_a_changed_path_needs_a_new_check(engine: Engine, tmp_path: Path) -> None:
    bsn = tmp_path / "bsn.csv"
    bsn.write_text("client_number,display_name,postcode,target_group,BSN\nKL1,Jan,3012,ww,x\n", encoding="utf-8")
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("import")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#import-path", Input).value = str(bsn)
        await pilot.press("f5")
        await settle(app, pilot)
        assert "Not imported" in summary(screen) and "BSN" in summary(screen)
        screen.query_one("#import-path", Input).value = str(tmp_path / "other.csv")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmImport)


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_keys_are_in_the_footer_in_both_languages(engine: Engine, language: str) -> None:
    app = make_app(engine, language)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("import")
        await settle(app, pilot)
        shown = {active.binding.description for active in app.screen.active_bindings.values() if active.binding.show}
        expected = {"en": {"Check", "Import", "Examples"}, "nl": {"Controleren", "Importeren", "Voorbeelden"}}[language]
        assert expected <= shown
    set_language("en")
