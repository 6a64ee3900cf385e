"""The audit-log screen as a team lead uses it: keys in, screen text out."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine
from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from srmatch.app import SrmatchApp
from srmatch.config import load_settings
from srmatch.i18n import set_language
from srmatch.screens.audit import AuditLogScreen
from srmatch.screens.help import HelpScreen
from srmatch.store.engine import session_scope
from srmatch.store.models import AuditEvent, JobSeeker, User


@pytest.fixture
def log(engine: Engine) -> Engine:
    with session_scope(engine) as session:
        session.add_all(
            [
                User(login="tl.pinas", display_name="Tim Pinas", role="team_lead"),
                User(login="km.bakker", display_name="Kees Bakker", role="caseworker"),
                AuditEvent(occurred_at=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC), actor="km.bakker",
                           action="seeker.view", object_type="job_seeker", object_id="3", origin="desk-3"),
                AuditEvent(occurred_at=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC), actor="tl.pinas",
                           action="person.erase", object_type="job_seeker", object_id="4", origin="desk-7",
                           reason="request by letter"),
            ]
        )
    return engine


def make_app(engine: Engine, login: str, language: str = "en") -> SrmatchApp:
    set_language(language)
    return SrmatchApp(settings=load_settings(db_path=str(engine.url), language=language, user=login), engine=engine)


def cells(app: SrmatchApp) -> list[list[str]]:
    table = app.screen.query_one("#events", DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


def line(app: SrmatchApp, widget_id: str) -> str:
    return str(app.screen.query_one(widget_id, Static).render())


def views(engine: Engine, result: str = "success") -> int:
    with session_scope(engine) as session:
        rows = session.exec(select(AuditEvent).where(AuditEvent.action == "audit.view", AuditEvent.result == result))
        return len(rows.all())


async def settle(app: SrmatchApp, pilot: Pilot[None]) -> None:
    """Let pending messages (Input.Changed) start their workers, wait for them, render the result."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_team_lead_opens_the_log_from_home_and_filters_as_they_type(log: Engine) -> None:
    app = make_app(log, "tl.pinas")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, AuditLogScreen)
        rows = cells(app)
        assert [row[2] for row in rows] == ["audit.view", "person.erase", "seeker.view"]
        assert rows[2][:5] == ["2026-11-02 09:00", "km.bakker", "seeker.view", "job_seeker 3", "success"]
        assert line(app, "#count") == "3 events"
        await pilot.press(*"km.bakker")
        await settle(app, pilot)
        assert [row[1] for row in cells(app)] == ["km.bakker"]
        assert line(app, "#event-detail") == "origin: desk-3 · reason: —"
    assert views(log) == 1  # opening the screen, not every keystroke


async def test_the_line_under_the_table_shows_origin_and_reason_of_the_highlighted_event(log: Engine) -> None:
    app = make_app(log, "tl.pinas")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("audit")
        await settle(app, pilot)
        app.screen.query_one("#events", DataTable).focus()
        await pilot.press("down")
        await pilot.pause()
        assert line(app, "#event-detail") == "origin: desk-7 · reason: request by letter"


async def test_action_group_object_and_dates_narrow_the_log(log: Engine) -> None:
    app = make_app(log, "tl.pinas")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("audit")
        await settle(app, pilot)
        screen = app.screen
        screen.query_one("#action", Input).value = "person"
        await settle(app, pilot)
        assert [row[2] for row in cells(app)] == ["person.erase"]
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        screen.query_one("#object", Input).value = "job_seeker 3"
        await settle(app, pilot)
        assert [row[3] for row in cells(app)] == ["job_seeker 3"]
        await pilot.press("ctrl+l")
        screen.query_one("#since", Input).value = "2026-11-10"
        screen.query_one("#until", Input).value = "2026-11-30"
        await settle(app, pilot)
        assert [row[2] for row in cells(app)] == ["person.erase"]


async def test_a_date_that_is_not_a_date_is_named_and_nothing_is_loaded(log: Engine) -> None:
    app = make_app(log, "tl.pinas")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("audit")
        await settle(app, pilot)
        app.screen.query_one("#since", Input).value = "1 nov"
        await settle(app, pilot)
        assert line(app, "#count") == "'1 nov' is not a date; write YYYY-MM-DD"


async def test_a_caseworker_sees_a_refusal_and_no_events(log: Engine) -> None:
    app = make_app(log, "km.bakker")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("audit")
        await settle(app, pilot)
        assert cells(app) == []
        assert line(app, "#count") == "km.bakker is a caseworker; this needs: team lead, admin"
    assert views(log, "refused") == 1 and views(log) == 0


async def test_the_log_speaks_dutch_and_f1_explains_it(log: Engine) -> None:
    app = make_app(log, "tl.pinas", language="nl")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("audit")
        await settle(app, pilot)
        assert app.screen.title == "Auditlog"
        assert [row[4] for row in cells(app)] == ["gelukt", "gelukt", "gelukt"]
        assert line(app, "#count") == "3 regels"
        assert app.screen.query_one("#since", Input).placeholder == "vanaf JJJJ-MM-DD"
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Alleen teamleiders en beheerders" in app.screen.help_text()
        assert "Wissen" in app.screen.help_text() and "Opnieuw" in app.screen.help_text()


async def test_home_shows_how_many_people_are_due_for_retention_erasure(log: Engine) -> None:
    with session_scope(log) as session:
        session.add(JobSeeker(client_number="KL0000009", display_name="Lang Geleden", postcode="3011", target_group="ww",
                              last_contact_on=dt.date(2020, 1, 6), created_at=dt.datetime(2019, 1, 1, tzinfo=dt.UTC)))
    app = make_app(log, "tl.pinas")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "Due for erasure (retention): 1" in summary


def _drawn(widget: Static) -> str:
    """The words a widget draws in the room it has on screen."""
    from textual.geometry import Region

    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return " ".join(" ".join(strip.text for strip in lines).split())


@pytest.mark.parametrize("words", [40, 400])
async def test_a_long_reason_is_shown_whole_under_the_table(log: Engine, words: int) -> None:
    """Wrapped, not cut at the edge: the line grows (a few lines at most), a longer one scrolls."""
    from textual.containers import VerticalScroll
    from textual.geometry import Region

    reason = " ".join(f"word{index}" for index in range(words)) + " THE-END"
    with session_scope(log) as session:
        session.add(AuditEvent(occurred_at=dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC), actor="tl.pinas",
                               action="person.erase", object_type="job_seeker", object_id="5", origin="desk-7",
                               reason=reason))
    app = make_app(log, "tl.pinas")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("audit")
        await settle(app, pilot)
        table = app.screen.query_one("#events", DataTable)
        table.focus()
        await pilot.press("down")  # the newest is this opening; then the long one
        await pilot.pause()
        detail = app.screen.query_one("#event-detail", Static)
        assert _drawn(detail) == f"origin: desk-7 · reason: {reason}"  # every word, nothing cut
        holder = app.screen.query_one("#event-detail-scroll", VerticalScroll)
        assert holder.region.bottom <= app.screen.query_one("#count", Static).region.y
        assert table.region.height >= 8  # the table keeps its room
        if words == 40:
            assert holder.region.height == detail.size.height > 1 and holder.max_scroll_y == 0
        else:  # more than the room under the table: the reader scrolls to the end
            assert holder.max_scroll_y > 0 and holder.can_focus
            holder.focus()
            await pilot.press("end")
            await pilot.pause()
            lines = [strip.text for strip in detail.render_lines(Region(0, 0, detail.size.width, detail.size.height))]
            last = max(index for index, text in enumerate(lines) if "THE-END" in text)
            top = round(holder.scroll_y)
            assert top <= last < top + holder.scrollable_content_region.height
