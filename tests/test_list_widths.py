"""At 80x24 every list shows what a caseworker reads whole; a wider terminal gives the names the room.

Identifiers (client number, vacancy and contract reference), statuses, scores and dates are
shown whole, headers too, and nothing is pushed off the right edge; the name or title column
takes what is left. Checked on what the table draws, in Dutch and English, at 80x24 and 160x48.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.geometry import Region
from textual.widgets import DataTable, Footer, Static

from srmatch.app import SrmatchApp
from srmatch.config import load_settings
from srmatch.i18n import set_language, t
from srmatch.services import demo
from srmatch.store.migrate import open_database

SIZES = [(80, 24), (160, 48)]


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("widths") / "demo.db"
    url = f"sqlite:///{path}"
    engine = open_database(url)
    demo.generate_demo(engine, seekers=60, vacancies=40, seed=2024)
    engine.dispose()
    yield url


def drawn(table: DataTable[str]) -> list[str]:
    """The table's lines as the terminal shows them."""
    return [strip.text for strip in table.render_lines(Region(0, 0, table.size.width, table.size.height))]




#: (home key, user, table id, catalogue keys of the flexible columns' headers: the first is the name)
LISTS: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "seekers": ("s", "km.devries", "#table", ("col.name",)),
    "vacancies": ("v", "km.devries", "#table", ("col.title", "col.employer")),
    "queue": ("r", "tl.jansen", "#queue-table", ("col.title",)),
    "caseload_due": ("k", "km.devries", "#due-table", ("col.title",)),
    "caseload_mine": ("k", "km.devries", "#mine-table", ("col.title",)),
    "contracts": ("c", "tl.jansen", "#contracts-table", ("sr.col.contractor",)),
    "organisations": ("o", "tl.jansen", "#organisations-table", ("sr.col.name",)),
}


def check_table(table: DataTable[str], width: int, flex_keys: tuple[str, ...], flex_minimum: int) -> None:
    lines = drawn(table)
    columns = list(table.ordered_columns)
    labels = [str(column.label) for column in columns]
    header = lines[0]
    for label, column in zip(labels, columns, strict=True):
        assert label in header and column.width >= len(label), (label, header)
    assert sum(column.get_render_width(table) for column in columns) <= width, header  # nothing off the edge
    titles = [t(key) for key in flex_keys]
    flex = [column for column, label in zip(columns, labels, strict=True) if label.split(" ")[0] in titles]
    assert flex and str(flex[0].label).startswith(titles[0]), (titles, labels)
    assert flex[0].width >= flex_minimum, (labels, [column.width for column in columns])
    assert table.row_count, "the demo has rows for this list"
    for index in range(min(5, table.row_count)):
        line = lines[1 + index]
        for column, cell in zip(columns, table.get_row_at(index), strict=True):
            if column in flex:
                continue
            text = str(cell).strip()
            assert len(text) <= column.width and text in line, (text, line)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
@pytest.mark.parametrize("name", list(LISTS))
async def test_lists_show_identifiers_statuses_and_headers_whole(demo_url: str, name: str, size: tuple[int, int],
                                                                 language: str) -> None:
    key, user, table_id, flex_keys = LISTS[name]
    set_language(language)
    engine = open_database(demo_url)
    try:
        app = SrmatchApp(settings=load_settings(db_path=demo_url, language=language, user=user), engine=engine)
        async with app.run_test(size=size) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press(key)
            for _ in range(3):  # a screen's first worker may start the next one
                await pilot.pause()
                await app.workers.wait_for_complete()
            await pilot.pause()
            table = app.screen.query_one(table_id, DataTable)
            check_table(table, size[0], flex_keys, 18 if size[0] == 80 else 40)
    finally:
        set_language("en")
        engine.dispose()


@pytest.fixture(scope="module")
def audit_url(demo_url: str) -> str:
    """The demo database with the events of a working morning: records opened (one that does not
    exist), a person's data exported and a vacancy's candidates sent to the employer."""
    from srmatch.errors import UserFacingError
    from srmatch.services import privacy, records, users

    engine = open_database(demo_url)
    try:
        lead = users.resolve_actor(engine, "tl.jansen")
        seekers = records.list_seekers(engine, "", limit=3)
        for seeker in seekers:
            records.show_seeker(engine, seeker.client_number, lead)
        try:
            records.show_seeker(engine, "KL0000000", lead)
        except UserFacingError:
            pass  # written to the log as not found
        privacy.export_person(engine, seekers[0].client_number, lead)
        privacy.employer_export(engine, records.list_vacancies(engine, limit=1)[0].reference, lead)
    finally:
        engine.dispose()
    return demo_url


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
async def test_the_audit_log_shows_every_event_whole_and_follows_the_terminal(audit_url: str, size: tuple[int, int],
                                                                              language: str) -> None:
    set_language(language)
    engine = open_database(audit_url)
    try:
        app = SrmatchApp(settings=load_settings(db_path=audit_url, language=language, user="tl.jansen"), engine=engine)
        async with app.run_test(size=size) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("a")
            for _ in range(3):
                await pilot.pause()
                await app.workers.wait_for_complete()
            await pilot.pause()
            table = app.screen.query_one("#events", DataTable)
            lines = drawn(table)
            columns = list(table.ordered_columns)
            keys = ["audit.col.time", "audit.col.actor", "audit.col.action", "audit.col.object", "audit.col.result"]
            if size[0] == 80:  # a long action (vacancy.employer_export) leaves no room for the object
                keys.remove("audit.col.object")
                detail = str(app.screen.query_one("#event-detail", Static).render())
                assert f"{t('audit.col.object')}: audit_log · " in detail, detail  # the newest: this opening
            assert [str(column.label) for column in columns] == [t(key) for key in keys]
            for column in columns:
                assert str(column.label) in lines[0] and column.width >= len(str(column.label)), lines[0]
            used = sum(column.get_render_width(table) for column in columns)
            assert size[0] - 4 <= used <= size[0], lines[0]  # nothing off the edge, no room left unused
            actions = {str(table.get_row_at(index)[2]) for index in range(table.row_count)}
            assert {"vacancy.employer_export", "person.export", "seeker.view"} <= actions
            assert t("audit.result.not_found") in {str(table.get_row_at(index)[-1]) for index in range(table.row_count)}
            for index in range(min(len(lines) - 1, table.row_count)):
                for column, cell in zip(columns, table.get_row_at(index), strict=True):
                    text = str(cell).strip()
                    assert len(text) <= column.width and text in lines[1 + index], (text, lines[1 + index])
    finally:
        set_language("en")
        engine.dispose()


def footer_keys(app: SrmatchApp) -> list[str]:
    """The keys the footer shows whole ("a Akkoord"), left of the palette key, as on screen."""
    from textual.widgets._footer import FooterKey

    footer = app.screen.query_one(Footer)
    keys = list(footer.query(FooterKey))
    palette = [key for key in keys if key.has_class("-command-palette")]
    edge = palette[0].region.x if palette else footer.region.right
    return [" ".join(str(key.render()).split()) for key in keys if key not in palette
            and key.region.width == key.outer_size.width and key.region.right <= edge]


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_at_80_columns_the_review_queue_footer_shows_its_decisions_quit_and_help(demo_url: str, language: str) -> None:
    """Approve, reject, send back, quit and help whole left of the palette key; marking and
    approving the marked are keys still, in F1 and the palette (there is no room for seven)."""
    from srmatch.screens.palette import action_commands

    set_language(language)
    engine = open_database(demo_url)
    try:
        app = SrmatchApp(settings=load_settings(db_path=demo_url, language=language, user="tl.jansen"), engine=engine)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("r")
            for _ in range(3):
                await pilot.pause()
                await app.workers.wait_for_complete()
            await pilot.pause()
            shown = footer_keys(app)
            expected = [f"{key} {t(description)}" for key, description in (
                ("a", "queue.key.approve"), ("x", "queue.key.reject"), ("b", "queue.key.send_back"),
                ("^q", "key.quit"), ("f1", "key.help"))]
            assert shown == expected, shown
            hidden = {active.binding.id for active in app.screen.active_bindings.values() if not active.binding.show}
            assert {"queue.mark", "queue.approve_marked", "queue.reload", "queue.filter", "queue.back"} <= hidden
            palette = {command.title for command in action_commands(app, app.screen)}
            assert {t("palette.action", screen=t("menu.queue"), action=t(f"queue.key.{action}"))
                    for action in ("mark", "approve_marked")} <= palette, palette
    finally:
        set_language("en")
        engine.dispose()


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_at_80_columns_the_caseload_footer_shows_the_follow_ups_back_quit_and_help(demo_url: str, language: str) -> None:
    from srmatch.screens.caseload import CaseloadScreen
    from srmatch.services.placements import allowed_actions

    keys = {"introduce": "i", "start": "t", "not_hired": "n", "sustain": "s", "resubmit": "u"}
    set_language(language)
    engine = open_database(demo_url)
    try:
        app = SrmatchApp(settings=load_settings(db_path=demo_url, language=language, user="km.devries"), engine=engine)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("k")
            for _ in range(3):
                await pilot.pause()
                await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, CaseloadScreen)
            seen: set[str] = set()
            for table_id in ("#due-table", "#mine-table"):
                table = screen.query_one(table_id, DataTable)
                table.focus()
                for index in range(table.row_count):
                    table.move_cursor(row=index)
                    await pilot.pause()
                    await pilot.pause()
                    status = screen.rows[int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))].status
                    follow_ups = [action for action in keys if action in allowed_actions(status)]
                    expected = [f"{keys[action]} {t(f'caseload.key.{action}')}" for action in follow_ups]
                    expected += [f"esc {t('key.back')}", f"^q {t('key.quit')}", f"f1 {t('key.help')}"]
                    shown = footer_keys(app)
                    assert shown == expected, (status, shown)
                    seen.update(follow_ups)
            assert len(seen) >= 2, seen  # the demo caseload has placements at different steps
    finally:
        set_language("en")
        engine.dispose()


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_at_80_columns_the_contract_screens_footers_keep_quit_and_help(demo_url: str, language: str) -> None:
    """Contracts & obligations and one contract: the main keys, quit and help whole left of the
    palette key in both languages (the Dutch footers cut "f1 Help" and lost keys before);
    reload, the contractor's sheet, enforcement and candidates stay keys, in F1 and the palette."""
    from srmatch.screens.palette import action_commands, screen_title
    from srmatch.screens.social_return import ContractScreen, ContractsScreen

    set_language(language)
    engine = open_database(demo_url)
    try:
        app = SrmatchApp(settings=load_settings(db_path=demo_url, language=language, user="am.verhoeven"), engine=engine)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("c")
            for _ in range(3):
                await pilot.pause()
                await app.workers.wait_for_complete()
            assert isinstance(app.screen, ContractsScreen)
            assert footer_keys(app) == [f"{key} {t(description)}" for key, description in (
                ("esc", "key.back"), ("^f", "key.filter"), ("s", "sr.key.status"), ("^q", "key.quit"), ("f1", "key.help"))]
            palette = {command.title for command in action_commands(app, app.screen)}
            assert {t("palette.action", screen=screen_title(app.screen), action=t(f"sr.key.{action}"))
                    for action in ("reload", "sheet")} <= palette, palette
            table = app.screen.query_one(DataTable)
            table.focus()
            await pilot.press("enter")
            for _ in range(3):
                await pilot.pause()
                await app.workers.wait_for_complete()
            assert isinstance(app.screen, ContractScreen)
            assert footer_keys(app) == [f"{key} {t(description)}" for key, description in (
                ("a", "sr.key.approve"), ("x", "sr.key.reject"), ("u", "sr.key.submit"), ("^q", "key.quit"),
                ("f1", "key.help"))]
            hidden = {active.binding.id for active in app.screen.active_bindings.values() if not active.binding.show}
            assert {"contract.back", "contract.enforce", "contract.candidates", "contract.reload"} <= hidden
            palette = {command.title for command in action_commands(app, app.screen)}
            assert {t("palette.action", screen=screen_title(app.screen), action=t(f"sr.key.{action}"))
                    for action in ("enforce", "candidates", "reload")} <= palette, palette
    finally:
        set_language("en")
        engine.dispose()
