"""The account manager's screens, driven with Pilot at 80x24: contracts, one contract,
organisations and the programme, in English and Dutch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Sparkline, Static

from srmatch.app import SrmatchApp
from srmatch.config import load_settings
from srmatch.i18n import set_language, t
from srmatch.screens.importing import ConfirmImport, ImportScreen
from srmatch.screens.social_return import (
    ContractQuery,
    ContractScreen,
    ContractsScreen,
    EnforcementDialog,
    OrganisationsScreen,
    ProgrammeScreen,
    SheetPathDialog,
    TextDialog,
    progress_bar,
)
from srmatch.services import import_kinds, users
from srmatch.services import social_return as sr
from srmatch.services.reports import import_contributions
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
        await pilot.pause()  # the pushed screen mounts and starts its worker
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
        await pilot.pause()  # the pushed screen mounts and starts its worker
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
        await pilot.pause()  # the pushed screen mounts and starts its worker
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


# --- the contractor's sheet in the TUI: out from the contracts screen, back in on the import screen ---


def toasts(app: SrmatchApp) -> list[str]:
    """The notifications on screen, as the user reads them."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


async def check_contributions(app: SrmatchApp, pilot: Pilot[None], path: Path) -> ImportScreen:
    """Open the import screen, choose contributions and ``path``, and check it (F5)."""
    app.open_screen("import")
    await settle(app, pilot, lambda: isinstance(app.screen, ImportScreen))
    screen = app.screen
    assert isinstance(screen, ImportScreen)
    screen.query_one("#import-kind", Select).value = "contributions"
    screen.query_one("#import-path", Input).value = str(path)
    await pilot.press("f5")
    await settle(app, pilot, lambda: screen.shown is not None and not screen.busy)
    return screen


def import_summary(screen: ImportScreen) -> str:
    return str(screen.query_one("#import-summary", Static).render())


def test_the_import_screen_offers_every_kind_srmatch_import_takes() -> None:
    from srmatch.screens import importing as screen_module

    assert screen_module.KINDS is import_kinds.KINDS and "contributions" in screen_module.KINDS


async def test_a_contractors_sheet_is_checked_confirmed_and_written_on_the_import_screen(engine: Engine,
                                                                                       tmp_path: Path) -> None:
    fill(engine)
    today = dt.date.today()
    sheet = tmp_path / "maas.csv"
    sheet.write_text("contract;key;route;start;amount_eur;supplier_kvk;activity;quantity\n"
                     f"OPD-BEHIND;inkoop-1;3;{today.replace(day=1)};2500;{SOCIAL};;\n", encoding="utf-8")
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await check_contributions(app, pilot, sheet)
        assert "1 to add" in import_summary(screen) and "nothing written" in import_summary(screen)
        assert len(sr.show_contract(engine, "OPD-BEHIND").contributions) == 1
        await pilot.press("ctrl+s")
        await settle(app, pilot, lambda: isinstance(app.screen, ConfirmImport))
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert "Write 1 new and 0 changed contributions?" in question
        await pilot.press("y")
        await settle(app, pilot, lambda: "Written" in import_summary(screen))
        assert "Written: 1 added, 0 updated, 0 unchanged, 0 rejected." in import_summary(screen)
    lines = sr.show_contract(engine, "OPD-BEHIND").contributions
    assert sorted((line.value_cents, line.status) for line in lines) == [(2_500_00, "submitted"), (12_000_00, "submitted")]


async def test_a_bad_contractors_sheet_shows_the_row_problem_in_dutch_and_writes_nothing(engine: Engine,
                                                                                       tmp_path: Path) -> None:
    fill(engine)
    today = dt.date.today()
    sheet = tmp_path / "fouten.csv"
    sheet.write_text("contract;key;route;start;amount_eur;supplier_kvk\n"
                     f"OPD-BEHIND;a;3;{today.replace(day=1)};2500;{SOCIAL}\n"
                     f"OPD-BEHIND;b;9;{today.replace(day=1)};100;{SOCIAL}\n", encoding="utf-8")
    app = make_app(engine, "nl")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await check_contributions(app, pilot, sheet)
            assert "1 afgewezen" in import_summary(screen) and "1 toe te voegen" in import_summary(screen)
            table = screen.query_one("#import-report", DataTable)
            assert [tuple(table.get_row_at(i))[:3] for i in range(table.row_count)] == [("3", "route", "9")]
            assert t("sr.import.bad_route") in str(screen.query_one("#import-detail", Static).render())
            await pilot.press("ctrl+s")
            await settle(app, pilot, lambda: isinstance(app.screen, ConfirmImport))
            assert "1 afgewezen rijen worden overgeslagen" in str(app.screen.query_one("#confirm-question", Static).render())
            await pilot.press("escape")
            await settle(app, pilot, lambda: isinstance(app.screen, ImportScreen))
    finally:
        set_language("en")
    assert len(sr.show_contract(engine, "OPD-BEHIND").contributions) == 1  # only the one fill() made


async def test_a_caseworker_may_not_import_a_contractors_sheet(engine: Engine, tmp_path: Path) -> None:
    fill(engine)
    users.add_user(engine, users.resolve_actor(engine, "it.beheer"), "km.case", "caseworker")
    sheet = tmp_path / "maas.csv"
    sheet.write_text(f"contract;route;start;amount_eur;supplier_kvk\nOPD-BEHIND;3;2025-06-01;2500;{SOCIAL}\n",
                     encoding="utf-8")
    set_language("en")
    app = SrmatchApp(settings=load_settings(db_path=str(engine.url), language="en", user="km.case"), engine=engine)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await check_contributions(app, pilot, sheet)
        text = import_summary(screen)
        assert text.startswith("Not imported:") and "km.case" in text and "\n" not in text
        assert screen.query_one("#import-report", DataTable).row_count == 0
    assert len(sr.show_contract(engine, "OPD-BEHIND").contributions) == 1


async def open_sheet_dialog(app: SrmatchApp, pilot: Pilot[None], reference: str) -> SheetPathDialog:
    app.open_screen("contracts")
    await settle(app, pilot, lambda: isinstance(app.screen, ContractsScreen) and bool(app.screen.rows))
    table = app.screen.query_one(DataTable)
    table.move_cursor(row=[row[0] for row in cells(table)].index(reference))
    await pilot.press("t")
    await settle(app, pilot, lambda: isinstance(app.screen, SheetPathDialog))
    dialog = app.screen
    assert isinstance(dialog, SheetPathDialog)
    return dialog


async def test_the_contracts_screen_writes_the_contractors_sheet_that_imports_back_unchanged(
        engine: Engine, tmp_path: Path) -> None:
    fill(engine)
    target = tmp_path / "voor-maas.xlsx"
    app = make_app(engine)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        dialog = await open_sheet_dialog(app, pilot, "OPD-BEHIND")
        path_field = dialog.query_one("#sr-sheet-path", Input)
        assert path_field.value == str(Path.home() / "OPD-BEHIND.xlsx")
        path_field.value = str(target)
        await pilot.press("enter")
        await settle(app, pilot, lambda: isinstance(app.screen, ContractsScreen) and any(
            "written" in toast for toast in toasts(app)))
        assert any(str(target) in toast and "1 existing lines" in toast for toast in toasts(app)), toasts(app)
    assert target.is_file()
    manager = users.resolve_actor(engine, "km.pilot")
    again = import_contributions(engine, manager, target, dry_run=True)
    assert (again.added, again.updated, again.unchanged, again.rejected) == (0, 0, 1, 0)


async def test_the_sheet_dialog_asks_before_replacing_a_file_and_a_missing_folder_is_one_line(
        engine: Engine, tmp_path: Path) -> None:
    fill(engine)
    existing = tmp_path / "ingevuld.xlsx"
    existing.write_bytes(b"the contractor's filled-in copy")
    app = make_app(engine, "nl")
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            dialog = await open_sheet_dialog(app, pilot, "OPD-DONE")
            dialog.query_one("#sr-sheet-path", Input).value = str(existing)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, SheetPathDialog)  # not replaced silently
            assert "bestaat al" in str(dialog.query_one("#sr-dialog-error", Static).render())
            assert existing.read_bytes() == b"the contractor's filled-in copy"
            await pilot.press("escape")
            await settle(app, pilot, lambda: isinstance(app.screen, ContractsScreen))
            dialog = await open_sheet_dialog(app, pilot, "OPD-DONE")
            dialog.query_one("#sr-sheet-path", Input).value = str(tmp_path / "bestaat-niet" / "OPD-DONE.xlsx")
            await pilot.press("enter")
            await settle(app, pilot, lambda: any("niet geschreven" in toast for toast in toasts(app)))
            failure = next(toast for toast in toasts(app) if "niet geschreven" in toast)
            assert "bestaat-niet" in failure and "bestaat niet" in failure and "\n" not in failure.strip()
            dialog = await open_sheet_dialog(app, pilot, "OPD-DONE")
            dialog.query_one("#sr-sheet-path", Input).value = str(existing)
            await pilot.press("enter")
            await pilot.press("enter")  # the second Enter replaces it
            await settle(app, pilot, lambda: any("geschreven naar" in toast for toast in toasts(app)))
    finally:
        set_language("en")
    assert existing.read_bytes().startswith(b"PK")  # an .xlsx now


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_the_sheet_key_is_in_help_and_the_palette(engine: Engine, language: str) -> None:
    from srmatch.screens.help import HelpScreen
    from srmatch.screens.palette import action_commands

    fill(engine)
    app = make_app(engine, language)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            app.open_screen("contracts")
            await settle(app, pilot, lambda: isinstance(app.screen, ContractsScreen) and bool(app.screen.rows))
            palette = {command.title for command in action_commands(app, app.screen)}
            assert t("palette.action", screen=t("menu.contracts"), action=t("sr.key.sheet")) in palette, palette
            await pilot.press("f1")
            await settle(app, pilot, lambda: isinstance(app.screen, HelpScreen))
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            assert f"| t | {t('sr.key.sheet_tooltip')} |" in help_screen.help_text()
    finally:
        set_language("en")


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_one_contracts_screen_writes_its_own_sheet_with_t_and_lists_the_key(
        engine: Engine, tmp_path: Path, language: str) -> None:
    """The account manager looking at one contract writes that contract's sheet without going
    back to the list; the key is in F1 there too (it is not in the 80-column footer)."""
    from srmatch.screens.help import HelpScreen

    fill(engine)
    target = tmp_path / "opd-behind.xlsx"
    app = make_app(engine, language)
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            app.open_screen("contract", reference="OPD-BEHIND")
            await settle(app, pilot, lambda: isinstance(app.screen, ContractScreen))
            await pilot.press("f1")
            await settle(app, pilot, lambda: isinstance(app.screen, HelpScreen))
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            assert f"| t | {t('sr.key.sheet_tooltip')} |" in help_screen.help_text()
            await pilot.press("escape")
            await settle(app, pilot, lambda: isinstance(app.screen, ContractScreen))
            await pilot.press("t")
            await settle(app, pilot, lambda: isinstance(app.screen, SheetPathDialog))
            dialog = app.screen
            assert isinstance(dialog, SheetPathDialog)
            path_field = dialog.query_one("#sr-sheet-path", Input)
            assert path_field.value == str(Path.home() / "OPD-BEHIND.xlsx")
            path_field.value = str(target)
            await pilot.press("enter")
            written = t("sr.cli.template_written", path=str(target), n=1)
            await settle(app, pilot, lambda: isinstance(app.screen, ContractScreen) and written in toasts(app))
    finally:
        set_language("en")
    manager = users.resolve_actor(engine, "km.pilot")
    again = import_contributions(engine, manager, target, dry_run=True)
    assert (again.added, again.updated, again.unchanged, again.rejected) == (0, 0, 1, 0)
