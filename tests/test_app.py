"""The app as a caseworker drives it: keys in, screen text out."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, delete, select
from textual.pilot import Pilot
from textual.widgets import DataTable, Footer, Input, Static

from textual.worker import WorkerFailed

from srmatch.app import SrmatchApp
from srmatch.config import load_settings
from srmatch.i18n import set_language
from srmatch.screens.help import HelpScreen
from srmatch.screens.home import HomeScreen
from srmatch.screens.lists import SeekerListScreen, VacancyListScreen
from srmatch.screens.records import SeekerScreen
from srmatch.store import engine as store_engine
from srmatch.store.engine import session_scope
from srmatch.store.migrate import open_database
from srmatch.store.models import AuditEvent, JobSeeker
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


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the app's workers are done (a failed one is the app's to report), then redraw."""
    # A pushed screen starts its workers when it mounts, a message or two later: let pending
    # messages run first, then wait, twice (a worker's result may start the next one).
    for _ in range(2):
        await pilot.pause()
        with contextlib.suppress(WorkerFailed):
            await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def toasts(app: SrmatchApp) -> list[str]:
    """The notifications on screen, as the user reads them."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


def count_line(app: SrmatchApp) -> str:
    """The line above the footer that says how many rows are shown."""
    return str(app.screen.query_one("#count", Static).render())


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
        assert "Welfare" in cells[0]  # the target group's short form; the record names it in full
        await pilot.press("enter")  # from the filter into the table
        await pilot.press("enter")  # open the highlighted row
        assert isinstance(app.screen, SeekerScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = detail_text(app)
        assert "Samira el Amrani" in text
        assert "Karin Jansen" in text
        assert "Participatiewet (welfare)" in text
        await pilot.press("escape")
        assert isinstance(app.screen, SeekerListScreen)
        await pilot.press("escape")  # first clears the filled filter
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SeekerListScreen)
        assert app.screen.query_one("#filter", Input).value == ""
        assert len(_table_cells(app)) == 2
        await pilot.press("escape")  # then goes back
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
        assert count_line(app) == "No vacancies match “zzzz”."
        app.screen.query_one(DataTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, VacancyListScreen)


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
        palette = app.screen
        # The palette searches in its own worker; wait for it, then for the list it fills.
        await palette.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, VacancyListScreen)


async def test_a_slow_earlier_filter_never_overwrites_a_later_one(
    sample_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Filter "e" answers after "er": the list must show the rows of "er" (issue 6, item 3)."""
    from srmatch.services import records

    release = threading.Event()
    real_search = records.search_seekers

    def e_answers_last(engine: Engine, query: records.SeekerFilter, **kwargs: Any) -> Any:
        page = real_search(engine, query, **kwargs)
        if query.text == "e":
            release.wait(10)
        return page

    monkeypatch.setattr(records, "search_seekers", e_answers_last)
    app = make_app(sample_engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("r")
        while [row[1] for row in _table_cells(app)] != ["Peter de Vries"]:
            await pilot.pause()
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [row[1] for row in _table_cells(app)] == ["Peter de Vries"]
        assert "1 shown" in count_line(app)


async def test_a_locked_database_is_reported_and_the_app_stays_usable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program holds a real write lock: opening a record (an audit write) fails with a message."""
    # Long enough that the record screen is still waiting when the test looks at it, even on a
    # loaded CI machine (300 ms was not: the screen had already given up and closed).
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 2500)
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    engine = open_database(url)
    add_sample_records(engine)
    locker = sqlite3.connect(tmp_path / "locked.db", isolation_level=None)
    app = make_app(engine)
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await pilot.press("s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            locker.execute("BEGIN IMMEDIATE")  # a real write lock, as another srmatch would hold it
            app.screen.query_one(DataTable).focus()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, SeekerScreen)  # opened at once, loading in a worker
            assert "Opening the record" in detail_text(app)
            await settle(pilot)
            assert isinstance(app.screen, SeekerListScreen)
            assert any("Could not open the record: the database is locked by another program" in text for text in toasts(app))
            locker.execute("ROLLBACK")
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, SeekerScreen)
            assert "Peter de Vries" in detail_text(app)
    finally:
        locker.close()
        engine.dispose()


async def test_record_removed_between_list_and_open_is_reported(sample_engine: Engine) -> None:
    app = make_app(sample_engine)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [row[0] for row in _table_cells(app)] == ["KL0000002", "KL0000001"]
        with session_scope(sample_engine) as session:  # someone else removes Peter meanwhile
            session.execute(delete(JobSeeker).where(JobSeeker.client_number == "KL0000002"))
        app.screen.query_one(DataTable).focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SeekerListScreen)
        assert any("Could not open the record" in text and "KL0000002" in text for text in toasts(app))
    with session_scope(sample_engine) as session:
        results = [(e.action, e.result) for e in session.execute(select(AuditEvent)).scalars()]
    assert results == [("seeker.view", "not_found")]


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


async def test_down_from_the_filter_goes_to_the_rows_and_enter_opens_one(sample_engine: Engine) -> None:
    app = make_app(sample_engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        await pilot.press(*"samira")
        await settle(pilot)
        await pilot.press("down")  # out of the filter, onto the first row
        assert app.screen.focused is app.screen.query_one(DataTable)
        await pilot.press("enter")
        assert isinstance(app.screen, SeekerScreen)


async def test_the_header_names_the_database_and_who_is_working(sample_engine: Engine) -> None:
    app = make_app(sample_engine)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        assert app.sub_title.endswith("· km.pilot") and Path(str(sample_engine.url.database)).name in app.sub_title
