"""Lists a caseworker can trust: the count says what is shown and what matches."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine
from textual.widgets import DataTable, Static

from srmatch.app import SrmatchApp
from srmatch.config import load_settings
from srmatch.i18n import set_language
from srmatch.services import completeness, records
from srmatch.store.engine import session_scope
from srmatch.store.models import JobSeeker, User


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


def _people(engine: Engine) -> None:
    today = dt.date.today()
    with session_scope(engine) as session:
        me = User(login="km.pilot", display_name="Pilot", role="caseworker")
        other = User(login="km.other", display_name="Other", role="caseworker")
        session.add_all([me, other])
        session.flush()
        session.add_all([
            JobSeeker(client_number="KL0000001", display_name="Anna Complete", postcode="3081", target_group="ww",
                      ladder_rung=4, desired_occupations=["schoonmaker"], hours_max=32, max_travel_km=10,
                      last_contact_on=today, caseworker_id=me.id),
            JobSeeker(client_number="KL0000002", display_name="Bram Noprofile", postcode="3012", target_group="wajong",
                      ladder_rung=2, hours_max=0, max_travel_km=10, last_contact_on=today - dt.timedelta(days=400),
                      caseworker_id=other.id),
            JobSeeker(client_number="KL0000003", display_name="Cees Paused", postcode="3071", target_group="ww",
                      ladder_rung=4, desired_occupations=["kok"], hours_max=20, max_travel_km=5, last_contact_on=today,
                      status="paused", caseworker_id=me.id),
        ])


def _found(engine: Engine, **filters: object) -> list[str]:
    page = records.search_seekers(engine, records.SeekerFilter(**filters), limit=50)  # type: ignore[arg-type]
    return [row.display_name for row in page.rows]


def test_filters_for_caseload_status_group_rung_and_incomplete(engine: Engine) -> None:
    _people(engine)
    assert _found(engine, caseworker="km.pilot") == ["Anna Complete", "Cees Paused"]
    assert _found(engine, status="paused") == ["Cees Paused"]
    assert _found(engine, target_group="wajong") == ["Bram Noprofile"]
    assert _found(engine, ladder_rung=4) == ["Anna Complete", "Cees Paused"]
    assert _found(engine, incomplete=True) == ["Bram Noprofile"]
    assert _found(engine, sort="client_number", descending=True) == ["Cees Paused", "Bram Noprofile", "Anna Complete"]


def test_gaps_and_the_incomplete_filter_follow_one_rule(engine: Engine) -> None:
    _people(engine)
    rows = records.search_seekers(engine, records.SeekerFilter(), limit=50).rows
    assert {row.display_name: row.gaps for row in rows} == {
        "Anna Complete": (),
        "Bram Noprofile": ("no_occupation", "no_hours", "stale_contact"),
        "Cees Paused": (),
    }
    assert [row.display_name for row in rows if row.gaps] == _found(engine, incomplete=True)
    assert completeness.gaps(desired_occupations=[], hours_max=1, max_travel_km=0, last_contact_on=None) == (
        "no_occupation", "no_travel", "stale_contact")


async def test_filters_and_sorting_from_the_keyboard(engine: Engine) -> None:
    _people(engine)
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)

        def names() -> list[str]:
            return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]

        assert names() == ["Anna Complete", "Bram Noprofile", "Cees Paused"]
        assert "Name ▲" in [str(column.label) for column in table.columns.values()]
        await pilot.press("ctrl+r")  # reverse the order
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert names() == ["Cees Paused", "Bram Noprofile", "Anna Complete"]
        assert "Name ▼" in [str(column.label) for column in table.columns.values()]
        app.screen.query_one("#filter-incomplete").focus()
        await pilot.press("space")  # tick "Incomplete"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert names() == ["Bram Noprofile"]
        assert str(table.get_row_at(0)[-1]) == "3 missing"  # the profile column, last
        await pilot.press("space")
        app.screen.query_one("#filter-mine").focus()
        await pilot.press("space")  # tick "Mine"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert names() == ["Cees Paused", "Anna Complete"]


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_columns_fill_the_width_and_headers_are_whole(engine: Engine, size: tuple[int, int]) -> None:
    _people(engine)
    app = make_app(engine)
    async with app.run_test(size=size) as pilot:
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        widths = [column.get_render_width(table) for column in table.columns.values()]
        assert sum(widths) <= size[0]
        assert sum(widths) >= size[0] - 4
        for column in table.columns.values():
            assert column.width >= len(str(column.label))


async def test_the_record_says_what_is_missing(engine: Engine) -> None:
    _people(engine)
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("seeker", client_number="KL0000002")
        await pilot.pause()  # the pushed screen mounts and starts its worker
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = "\n".join(line.text for line in app.screen.query_one("#detail", Static).render_lines(app.screen.region))
        flat = " ".join(text.split())
        assert "Missing for good matching no desired occupation, no hours available, no contact in" in flat
