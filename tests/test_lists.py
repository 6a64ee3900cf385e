"""Lists a caseworker can trust: the count says what is shown and what matches."""

from __future__ import annotations

from sqlalchemy import Engine
from textual.widgets import DataTable, Static

from srmatch.app import SrmatchApp
from srmatch.config import load_settings
from srmatch.i18n import set_language
from srmatch.services import records
from srmatch.store.engine import session_scope
from srmatch.store.models import JobSeeker


def add_seekers(engine: Engine, count: int, name: str = "Jansen") -> None:
    with session_scope(engine) as session:
        session.add_all(
            JobSeeker(client_number=f"KL{index:07d}", display_name=f"{name} {index:03d}", postcode="3073", target_group="ww")
            for index in range(count)
        )


def make_app(engine: Engine) -> SrmatchApp:
    set_language("en")
    return SrmatchApp(settings=load_settings(db_path=str(engine.url), language="en", user="km.pilot"), engine=engine)


def test_exactly_the_limit_is_not_more(engine: Engine) -> None:
    add_seekers(engine, 5)
    page = records.search_seekers(engine, records.SeekerFilter(), limit=5)
    assert (len(page.rows), page.total, page.more) == (5, 5, False)


def test_one_more_than_the_limit_counts_them_all(engine: Engine) -> None:
    add_seekers(engine, 7)
    page = records.search_seekers(engine, records.SeekerFilter(text="jansen"), limit=5)
    assert (len(page.rows), page.total, page.more) == (5, 7, True)


async def test_count_line_shows_shown_of_total_above_the_footer(engine: Engine) -> None:
    add_seekers(engine, 230)
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        count = app.screen.query_one("#count", Static)
        assert str(count.render()) == "200 of 230 shown: type more to narrow down"
        footer_top = app.screen.query_one("Footer").region.y
        assert count.region.y < footer_top and count.region.height == 1  # visible, not behind the footer
        assert app.screen.query_one(DataTable).row_count == 200
        await pilot.press(*"jansen 229")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(count.render()) == "1 shown"


async def test_exactly_two_hundred_do_not_say_first_two_hundred(engine: Engine) -> None:
    add_seekers(engine, 200)
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(app.screen.query_one("#count", Static).render()) == "200 shown"


async def test_typing_in_the_table_goes_to_the_filter(engine: Engine) -> None:
    add_seekers(engine, 3)
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.query_one(DataTable).focus()
        await pilot.press("0", "0", "2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one("#filter").has_focus
        table = app.screen.query_one(DataTable)
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == ["Jansen 002"]
