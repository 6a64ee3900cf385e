"""The account manager's screens, driven with Pilot at 80x24: contracts, one contract,
organisations and the programme, in English and Dutch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import Engine
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Sparkline, Static

from srmatch.app import SrmatchApp
from srmatch.config import load_settings
from srmatch.i18n import set_language, t
from srmatch.screens.social_return import (
    ContractQuery,
    ContractScreen,
    ContractsScreen,
    EnforcementDialog,
    OrganisationsScreen,
    ProgrammeScreen,
    TextDialog,
    progress_bar,
)
from srmatch.services import social_return as sr
from srmatch.services import users
from srmatch.services.social_return import ContributionRequest

BUYER, CONTRACTOR, SOCIAL, ANCHOR = "24000001", "24000002", "24000003", "24000004"


def fill(engine: Engine) -> None:
    boot = users.resolve_actor(engine, "it.beheer")
    users.add_user(engine, boot, "it.beheer", "admin")
    admin = users.resolve_actor(engine, "it.beheer")
    users.add_user(engine, admin, "km.pilot", "account_manager")
    users.add_user(engine, admin, "am.second", "account_manager")
    manager = users.resolve_actor(engine, "am.second")
    sr.add_organisation(engine, manager, name="Gemeente Rotterdam", kvk_number=BUYER, kinds=["authority"])
    sr.add_organisation(engine, manager, name="Bouwbedrijf Maas", kvk_number=CONTRACTOR, kinds=["contractor"])
    sr.add_organisation(engine, manager, name="Sociaal Werkt", kvk_number=SOCIAL, kinds=[],
                        social_enterprise_status="erkend", social_enterprise_since=dt.date(2023, 1, 1))
    sr.add_organisation(engine, manager, name="Ziekenhuis Zuid", kvk_number=ANCHOR, kinds=["anchor"])
    today = dt.date.today()
    sr.add_contract(engine, manager, "OPD-BEHIND", title="Kades", buyer_kvk=ANCHOR, contractor_kvk=CONTRACTOR,
                    kind="werk", value_cents=2_000_000_00, start=today - dt.timedelta(days=365),
                    end=today + dt.timedelta(days=365))
    sr.add_contract(engine, manager, "OPD-DONE", title="Groen", buyer_kvk=BUYER, contractor_kvk=CONTRACTOR,
                    kind="dienst", value_cents=100_000_00, start=today - dt.timedelta(days=100),
                    end=today + dt.timedelta(days=100))
    done = sr.add_contribution(engine, manager, "OPD-DONE", ContributionRequest(
        route="3", period_start=today.replace(day=1), amount_cents=6_000_00, supplier_kvk=SOCIAL), submit=True)
    sr.review_contribution(engine, manager, done.id, "approve")
    sr.add_contribution(engine, manager, "OPD-BEHIND", ContributionRequest(
        route="3", period_start=today.replace(day=1), amount_cents=12_000_00, supplier_kvk=SOCIAL), submit=True)


def make_app(engine: Engine, language: str = "en") -> SrmatchApp:
    set_language(language)
    settings = load_settings(db_path=str(engine.url), language=language, user="km.pilot")
    return SrmatchApp(settings=settings, engine=engine)


async def settle(app: SrmatchApp, pilot: Pilot[None], done: Callable[[], bool]) -> None:
    """Let workers finish and their messages be handled until ``done()`` (bounded, no sleeps)."""
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if done():
            return
    raise AssertionError("the screen never finished loading")


def cells(table: DataTable[str]) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def test_the_progress_bar_marks_realised_and_expected() -> None:
    assert progress_bar(50, 100, 75, width=8) == "████░│░░"
    assert progress_bar(0, 0, 0, width=4) == "████"
    assert progress_bar(200, 100, 100, width=4) == "████"


def test_the_filter_syntax() -> None:
    query = ContractQuery.parse("kades status:overdue contractor:24000002 am:km.visser", None)
    assert query == ContractQuery("kades", "overdue", "24000002", None, "km.visser")


async def test_contracts_list_with_bars_numbers_and_status_words(engine: Engine) -> None:
    fill(engine)
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_screen("contracts")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ContractsScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = cells(screen.query_one(DataTable))
        by_ref = {row[0]: row for row in rows}
        assert set(by_ref) == {"OPD-BEHIND", "OPD-DONE"}
        assert by_ref["OPD-BEHIND"][3] == "€0/€100,000" and "at risk" in by_ref["OPD-BEHIND"][4]
        assert by_ref["OPD-DONE"][3] == "€6,000/€5,000" and "on track" in by_ref["OPD-DONE"][4]
        assert "│" in by_ref["OPD-BEHIND"][2]
        summary = str(screen.query_one("#contracts-summary", Static).render())
        assert "2 contracts" in summary and "shortfall €100,000" in summary
        await pilot.press("s")  # status: at risk
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [row[0] for row in cells(screen.query_one(DataTable))] == ["OPD-BEHIND"]
        screen.query_one("#filter", Input).value = "contractor:99999999"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.query_one(DataTable).row_count == 0


async def test_a_behind_contract_from_list_to_approval_and_enforcement(engine: Engine) -> None:
    fill(engine)
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_screen("contracts")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=[r[0] for r in cells(table)].index("OPD-BEHIND"))
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, ContractScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        summary = str(detail.query_one("#contract-summary", Static).render())
        assert "€100,000.00" in summary and "at risk" in summary and "awaiting approval €12,000.00" in summary
        await pilot.press("a")  # approve the submitted purchase (entered by someone else)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "approved" in cells(detail.query_one(DataTable))[0][3]
        assert sr.show_contract(engine, "OPD-BEHIND").row.realised_cents == 12_000_00
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EnforcementDialog)
        await pilot.press("enter")  # reminder
        app.screen.query_one("#sr-note", Input).value = "belafspraak"
        app.screen.query_one("#sr-note", Input).focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [e.kind for e in sr.show_contract(engine, "OPD-BEHIND").enforcement] == ["reminder"]
        assert "reminder" in str(detail.query_one("#contract-summary", Static).render())
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "no open vacancies" in str(detail.query_one("#contribution-detail", Static).render())


async def test_a_rejection_needs_a_reason(engine: Engine) -> None:
    fill(engine)
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("contract", reference="OPD-BEHIND")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await pilot.press("enter")  # empty: refused, the dialog stays
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"geen factuur", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert sr.show_contract(engine, "OPD-BEHIND").contributions[0].status == "rejected"


async def test_organisations_with_recognition_and_kind_filter(engine: Engine) -> None:
    fill(engine)
    app = make_app(engine, "nl")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("organisations")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OrganisationsScreen)
        table = screen.query_one(DataTable)
        rows = {row[0]: row for row in cells(table)}
        assert rows[SOCIAL][3] == "erkend" and "anker" in rows[ANCHOR][2]
        # 80 columns leave the date of recognition out of the table; the line under it has every field
        assert "sr.col.since" not in [column.key for column in screen.shown_columns]
        table.move_cursor(row=list(rows).index(SOCIAL))
        await pilot.pause()
        detail = str(screen.query_one("#organisation-detail", Static).render())
        assert "Sociaal Werkt" in detail and f"KvK {SOCIAL}" in detail
        assert "sociale onderneming: erkend sinds 01-01-2023" in detail
        await pilot.press("k")  # anchor organisations
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [row[0] for row in cells(screen.query_one(DataTable))] == [ANCHOR]
        assert "ankerorganisaties" in str(screen.query_one("#organisations-summary", Static).render())


@pytest.mark.parametrize(("language", "words"), [("en", "Anchor organisations"), ("nl", "Ankerorganisaties")])
async def test_programme_dashboard_shows_rotterdams_targets(engine: Engine, language: str, words: str) -> None:
    fill(engine)
    app = make_app(engine, language)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("programme")
        loading = t("list.loading")

        def figures() -> str:
            if not isinstance(app.screen, ProgrammeScreen):
                return loading
            return str(app.screen.query_one("#programme-figures", Static).render())

        await settle(app, pilot, lambda: figures() != loading)
        screen = app.screen
        assert isinstance(screen, ProgrammeScreen)
        text = figures()
        assert words in text and "20" in text and "100" in text
        assert "25.000.000" in text or "25,000,000" in text
        chart = screen.query_one(Sparkline)
        assert sum(chart.data or []) == 6_000.0
        await pilot.press("left_square_bracket")
        await settle(app, pilot, lambda: str(dt.date.today().year - 1) in str(screen.title) and figures() != loading)
        assert str(dt.date.today().year - 1) in str(screen.title)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_contracts_list_shows_whole_references_and_headers_at_any_width(engine: Engine,
                                                                             size: tuple[int, int]) -> None:
    fill(engine)
    manager = users.resolve_actor(engine, "am.second")
    today = dt.date.today()
    sr.add_contract(engine, manager, "RTD-2024-0001234", title="Onderhoud gemalen", buyer_kvk=BUYER,
                    contractor_kvk=CONTRACTOR, kind="dienst", value_cents=300_000_00,
                    start=today - dt.timedelta(days=30), end=today + dt.timedelta(days=300))
    app = make_app(engine)
    async with app.run_test(size=size) as pilot:
        app.open_screen("contracts")
        await settle(app, pilot, lambda: isinstance(app.screen, ContractsScreen) and bool(app.screen.rows))
        table = app.screen.query_one(DataTable)
        widths = [column.width for column in table.ordered_columns]
        headers = [str(column.label) for column in table.ordered_columns]
        assert widths[0] >= len("RTD-2024-0001234")
        assert all(width >= len(header) for width, header in zip(widths, headers, strict=True)), (widths, headers)
        assert sum(widths) + 2 * len(widths) <= size[0]  # nothing pushed off the right edge
        assert "RTD-2024-0001234" in [row[0] for row in cells(table)]
        if size[0] >= 160:
            assert widths[1] >= 60  # the contractor column takes the room a wide terminal has
