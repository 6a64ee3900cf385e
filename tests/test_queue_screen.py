"""The review queue and the caseworker's own screen, driven with Pilot at 80x24."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine
from textual.widgets import DataTable, Input, OptionList, Static

from srmatch.app import SrmatchApp
from srmatch.config import load_settings
from srmatch.i18n import set_language
from srmatch.screens.caseload import CaseloadScreen
from srmatch.screens.queue import QueueScreen, ReasonDialog
from srmatch.services import placements
from tests.placement_world import World, build_world


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def make_app(engine: Engine, user: str, language: str = "en") -> SrmatchApp:
    set_language(language)
    settings = load_settings(db_path=str(engine.url.render_as_string(hide_password=False)), language=language, user=user)
    return SrmatchApp(settings=settings, engine=engine)


def _status(world: World, placement_id: int) -> str:
    return placements.show(world.engine, world.admin, placement_id).status


async def _open_queue(app: SrmatchApp, pilot: object) -> QueueScreen:
    await pilot.press("r")  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, QueueScreen)
    return app.screen


def _rows(screen: QueueScreen) -> list[str]:
    table = screen.query_one("#queue-table", DataTable)
    return [str(table.get_row_at(i)[2]) for i in range(table.row_count)]


async def _settle(app: SrmatchApp, pilot: object) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


async def test_approve_from_the_queue(world: World) -> None:
    first, second = world.propose(), world.propose()
    app = make_app(world.engine, "tl.pinas")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_queue(app, pilot)
        assert len(_rows(screen)) == 2
        assert "title ≈ synonym of 'schoonmaker' (30)" in str(screen.query_one("#queue-detail", Static).render())
        await pilot.press("a")
        await _settle(app, pilot)
        assert _status(world, first) == "approved"
        assert _status(world, second) == "proposed"
        assert len(_rows(screen)) == 1


async def test_reject_needs_a_reason_from_the_list(world: World) -> None:
    placement_id = world.propose()
    app = make_app(world.engine, "tl.pinas")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_queue(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog)
        await pilot.press("down", "down", "enter")  # third reason: not ready
        await pilot.press(*"eerst taal")
        await pilot.press("enter")
        await _settle(app, pilot)
        detail = placements.show(world.engine, world.admin, placement_id)
        assert (detail.status, detail.review_reason, detail.review_note) == ("rejected", "not_ready", "eerst taal")


async def test_reject_with_other_insists_on_a_text(world: World) -> None:
    placement_id = world.propose()
    app = make_app(world.engine, "tl.pinas")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_queue(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        options = app.screen.query_one("#reasons", OptionList)
        options.highlighted = options.option_count - 1  # "other"
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog)
        assert "write a text" in str(app.screen.query_one("#dialog-error", Static).render())
        await pilot.press("escape")
        await _settle(app, pilot)
        assert _status(world, placement_id) == "proposed"


async def test_bulk_approve_the_marked_rows(world: World) -> None:
    ids = [world.propose() for _ in range(4)]
    app = make_app(world.engine, "tl.pinas")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_queue(app, pilot)
        await pilot.press("space", "space", "space")
        assert len(screen.marked) == 3
        await pilot.press("A")
        await _settle(app, pilot)
        assert [_status(world, i) for i in ids] == ["approved", "approved", "approved", "proposed"]
        assert len(_rows(screen)) == 1 and not screen.marked


async def test_send_back_with_a_question(world: World) -> None:
    placement_id = world.propose()
    app = make_app(world.engine, "tl.pinas")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_queue(app, pilot)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog)
        await pilot.press(*"Heeft zij VCA?", "enter")
        await _settle(app, pilot)
        detail = placements.show(world.engine, world.admin, placement_id)
        assert (detail.status, detail.review_note) == ("needs_info", "Heeft zij VCA?")


async def test_own_proposal_and_stale_rows_are_refused_on_screen(world: World) -> None:
    own = world.propose(actor=world.lead)
    other = world.propose()
    app = make_app(world.engine, "tl.pinas")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_queue(app, pilot)
        await pilot.press("a")
        await _settle(app, pilot)
        assert _status(world, own) == "proposed"
        # Someone else decides the other proposal while this screen still shows it.
        placements.transition(world.engine, world.other_lead, other, "reject", reason="not_ready")
        table = screen.query_one("#queue-table", DataTable)
        table.move_cursor(row=table.get_row_index(str(other)))
        await pilot.press("a")
        await _settle(app, pilot)
        assert _status(world, other) == "rejected"
        assert _rows(screen) == [placements.show(world.engine, world.admin, own).client_number]


async def test_filter_by_caseworker_and_counts(world: World) -> None:
    world.propose()
    world.propose(actor=world.other_caseworker)
    world.propose(actor=world.other_caseworker)
    app = make_app(world.engine, "tl.pinas")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_queue(app, pilot)
        counts = str(screen.query_one("#queue-counts", Static).render())
        assert "3 pending" in counts and "km.bakker 2" in counts and "km.jansen 1" in counts
        screen.query_one("#filter-caseworker", Input).value = "km.bakker"
        await _settle(app, pilot)
        assert len(_rows(screen)) == 2


async def test_queue_in_dutch(world: World) -> None:
    world.propose()
    app = make_app(world.engine, "tl.pinas", language="nl")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _open_queue(app, pilot)
            assert "1 wachtend" in str(screen.query_one("#queue-counts", Static).render())
            assert "Score bij voordracht: 72" in str(screen.query_one("#queue-detail", Static).render())
            await pilot.press("a")
            await _settle(app, pilot)
    finally:
        set_language("en")


async def test_a_proposal_made_in_english_is_reviewed_in_dutch(world: World) -> None:
    from srmatch.services import matching

    client, reference = world.seeker(), world.vacancy()
    set_language("en")
    placements.propose(world.engine, world.caseworker, client, reference)  # the real engine's words, in English
    english = [c.text for c in matching.explain_pair(world.engine, client, reference).components]
    set_language("nl")
    dutch = [c.text for c in matching.explain_pair(world.engine, client, reference).components]
    assert english and english != dutch
    app = make_app(world.engine, "tl.pinas", language="nl")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _open_queue(app, pilot)
            detail = str(screen.query_one("#queue-detail", Static).render())
            assert all(text in detail for text in dutch)
            assert not any(text in detail for text in english if text not in dutch)
    finally:
        set_language("en")


async def test_caseworker_screen_lists_follow_ups_and_resubmits(world: World) -> None:
    sent_back = world.placement_in("needs_info")
    world.placement_in("approved")
    app = make_app(world.engine, "km.jansen")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("k")
        await _settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        due = screen.query_one("#due-table", DataTable)
        assert [str(due.get_row_at(i)[0]) for i in range(due.row_count)][:2] == [str(sent_back), str(sent_back + 1)]
        assert "Heeft zij een rijbewijs?" in str(screen.query_one("#caseload-detail", Static).render())
        await pilot.press("u")
        await pilot.pause()
        await pilot.press(*"Ja, rijbewijs B", "enter")
        await _settle(app, pilot)
        assert _status(world, sent_back) == "proposed"


async def test_caseworker_records_a_start_and_the_vacancy_fills(world: World) -> None:
    reference = world.vacancy(positions=1)
    placement_id = world.placement_in("introduced", reference=reference)
    app = make_app(world.engine, "km.jansen")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("k")
        await _settle(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        date_input = app.screen.query_one("#start-date", Input)
        date_input.value = "2026-12-07"
        await pilot.press("0", "enter")  # hours 0: refused on the dialog
        await pilot.pause()
        assert "1 to 60" in str(app.screen.query_one("#dialog-error", Static).render())
        app.screen.query_one("#start-hours", Input).value = "24"
        await pilot.press("enter")
        await _settle(app, pilot)
        detail = placements.show(world.engine, world.admin, placement_id)
        assert (detail.status, detail.start_date, detail.hours_per_week) == ("started", dt.date(2026, 12, 7), 24)
        assert detail.sustain_due_on == dt.date(2027, 6, 7)
        assert placements.check_invariants(world.engine) == []


def _toasts(app: SrmatchApp) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_a_follow_up_the_placement_does_not_allow_says_why(world: World, language: str) -> None:
    """The footer leaves such a key out; pressing it anyway gets one line saying why, not silence."""
    from srmatch.i18n import t

    approved = world.placement_in("approved")
    app = make_app(world.engine, "km.jansen", language=language)
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await pilot.press("k")
            await _settle(app, pilot)
            screen = app.screen
            assert isinstance(screen, CaseloadScreen)
            assert screen._current_id() == approved
            await pilot.press("t")  # started: only an introduced placement can start
            await pilot.pause()
            assert app.screen is screen  # no start dialog
            expected = t("caseload.not_possible", id=approved, action=t("placements.done.start"),
                         allowed=placements.describe_allowed("approved"))
            assert _toasts(app) == [expected]
            assert _status(world, approved) == "approved"
            shown = {active.binding.description for active in screen.active_bindings.values() if active.binding.show}
            assert t("caseload.key.start") not in shown and t("caseload.key.introduce") in shown
            app.set_keymap({"caseload.start": "f9"})  # remapped in config.toml: the reason moves with it
            await pilot.pause()
            await pilot.press("t")
            await pilot.pause()
            assert _toasts(app) == [expected]
            await pilot.press("f9")
            await pilot.pause()
            assert _toasts(app) == [expected, expected]
    finally:
        set_language("en")
