"""The app as a caseworker drives it: keys in, screen text out."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from textual.widgets import DataTable, Footer, Input, Static

from srmatch.app import SrmatchApp
from srmatch.config import load_settings
from srmatch.i18n import set_language
from srmatch.screens.help import HelpScreen
from srmatch.screens.home import HomeScreen
from srmatch.screens.lists import SeekerListScreen, VacancyListScreen
from srmatch.screens.records import SeekerScreen
from srmatch.store.engine import session_scope
from srmatch.store.models import AuditEvent
from tests.factories import add_sample_records


def make_app(engine: Engine, language: str = "en") -> SrmatchApp:
    set_language(language)
    settings = load_settings(db_path=str(engine.url), language=language, user="km.pilot")
    return SrmatchApp(settings=settings, engine=engine)


@pytest.fixture
def sample_engine(engine: Engine) -> Engine:
    add_sample_records(engine)
    return engine


def _table_cells(app: SrmatchApp) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


def detail_text(app: SrmatchApp) -> str:
    """The detail screen's visible text, as the terminal shows it."""
    return "\n".join(line.text for line in app.screen.query_one("#detail", Static).render_lines(app.screen.region))


async def test_app_starts_on_home_and_quits(sample_engine: Engine) -> None:
    app = make_app(sample_engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "Job seekers: 2" in summary
        assert "Open vacancies: 1 of 2" in summary
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_seeker_list_filters_as_you_type_and_opens_a_record(sample_engine: Engine) -> None:
    app = make_app(sample_engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SeekerListScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(_table_cells(app)) == 2
        await pilot.press(*"samira")
        await app.workers.wait_for_complete()
        await pilot.pause()
        cells = _table_cells(app)
        assert [row[0] for row in cells] == ["KL0000001"]
        assert "Participatiewet (welfare)" in cells[0]
        await pilot.press("enter")  # from the filter into the table
        await pilot.press("enter")  # open the highlighted row
        assert isinstance(app.screen, SeekerScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = detail_text(app)
        assert "Samira el Amrani" in text
        assert "Karin Jansen" in text
        await pilot.press("escape")
        assert isinstance(app.screen, SeekerListScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
    with session_scope(sample_engine) as session:
        actions = [(e.actor, e.action) for e in session.execute(select(AuditEvent)).scalars()]
    assert actions == [("km.pilot", "seeker.view")]


async def test_vacancy_list_from_the_menu(sample_engine: Engine) -> None:
    app = make_app(sample_engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "enter")
        assert isinstance(app.screen, VacancyListScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        titles = [row[0] for row in _table_cells(app)]
        assert titles == ["Magazijnmedewerker", "Medewerker schoonmaak (m/v/x)"]


async def test_empty_filter_result_says_so(sample_engine: Engine) -> None:
    app = make_app(sample_engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await pilot.press(*"zzzz")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert _table_cells(app) == []
        assert "0 shown" in str(app.screen.query_one("#count", Static).render())
        app.screen.query_one(DataTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, VacancyListScreen)


async def test_screen_not_built_yet_is_announced_not_crashed(sample_engine: Engine) -> None:
    app = make_app(sample_engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("not available" in str(n.message) for n in app._notifications)


async def test_help_and_footer_in_dutch(sample_engine: Engine) -> None:
    app = make_app(sample_engine, language="nl")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("f1")
            assert isinstance(app.screen, HelpScreen)
            await pilot.pause()
            descriptions = {binding.description for _, binding, _, _ in app.screen.active_bindings.values()}
            assert "Terug" in descriptions
            assert "Afsluiten" in descriptions
            await pilot.press("escape")
            await pilot.press("s")
            await pilot.pause()
            assert app.screen.query_one("#filter", Input).placeholder.startswith("Typ om te filteren")
            assert app.screen.query_one(Footer) is not None
    finally:
        set_language("en")


async def test_command_palette_jumps_to_a_screen(sample_engine: Engine) -> None:
    app = make_app(sample_engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Open: Vacancies")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, VacancyListScreen)


async def test_failing_database_is_reported_not_crashed(sample_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from srmatch.services import records

    def broken(*_args: object, **_kwargs: object) -> list[object]:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(records, "list_seekers", broken)
    app = make_app(sample_engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SeekerListScreen)
        messages = [str(n.message) for n in app._notifications]
        assert any("Could not load the data: database is locked" in m for m in messages)


async def test_record_removed_meanwhile_is_reported(sample_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from srmatch.services import records

    app = make_app(sample_engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()

        def gone(*_args: object, **_kwargs: object) -> object:
            raise records.RecordNotFound("no job seeker with client number 'KL0000002'")

        monkeypatch.setattr(records, "show_seeker", gone)
        app.screen.query_one(DataTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SeekerListScreen)
        assert any("Could not open the record" in str(n.message) for n in app._notifications)


async def test_ctrl_f_returns_to_the_filter_from_the_table(sample_engine: Engine) -> None:
    app = make_app(sample_engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.query_one(DataTable).focus()
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#filter", Input)
        await pilot.press(*"magazijn")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [row[0] for row in _table_cells(app)] == ["Magazijnmedewerker"]
