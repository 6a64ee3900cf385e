"""The shell around the screens: dashboard, header, palette, help, themes, robustness."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, update
from sqlmodel import select
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Header, OptionList, Static
from textual.worker import WorkerFailed

from srmatch.app import SrmatchApp
from srmatch.config import load_settings
from srmatch.i18n import set_language
from srmatch.screens import registry
from srmatch.screens.dashboard import DashboardScreen
from srmatch.screens.home import HomeScreen
from srmatch.services import dashboard, users
from srmatch.services.audit import current_actor
from srmatch.services.demo import generate_demo
from srmatch.store.engine import session_scope
from srmatch.store.models import JobSeeker, User, Vacancy
from tests.factories import add_sample_records
from tests.placement_world import TODAY, World, build_world


def make_app(engine: Engine, language: str = "en", user: str = "km.pilot") -> SrmatchApp:
    set_language(language)
    settings = load_settings(db_path=str(engine.url), language=language, user=user)
    return SrmatchApp(settings=settings, engine=engine)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the app's and the screen's workers are done, then redraw."""
    # A pushed screen starts its workers when it mounts, a message or two later: let pending
    # messages run first, then wait, twice (a worker's result may start the next one).
    for _ in range(2):
        await pilot.pause()
        with contextlib.suppress(WorkerFailed):
            await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def toasts(app: SrmatchApp) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]


async def until(pilot: Pilot[None], condition: Any, attempts: int = 100) -> None:
    """Let the app run until ``condition()`` holds; fails (not hangs) when it never does."""
    for _ in range(attempts):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition never held")


def header_text(app: SrmatchApp) -> str:
    """The header's title line: screen title, database, and the DEMO badge."""
    return str(app.screen.query_one(Header).query_one("HeaderTitle").render())


# --- the dashboard's figures -------------------------------------------------------------------


def _caseload_world(engine: Engine) -> World:
    """km.jansen: three people of their own (one proposed), plus placements they proposed in
    every state the dashboard counts; one open vacancy far away in Groningen."""
    world = build_world(engine)
    mine = [world.seeker() for _ in range(3)]
    with session_scope(engine) as session:
        jansen = session.exec(select(User).where(User.login == "km.jansen")).one()
        session.execute(update(JobSeeker).where(JobSeeker.client_number.in_(mine)).values(caseworker_id=jansen.id))
    world.propose(mine[2])  # waiting for review
    world.placement_in("needs_info")  # sent back
    world.placement_in("started")  # started 2026-05-04: the 6-month check is due on TODAY
    this_month = world.propose(reference=world.vacancy(positions=2))
    for action in ("approve", "introduce"):
        world.act(this_month, action)
    world.act(this_month, "start", start_date=TODAY)
    far = world.vacancy()
    with session_scope(engine) as session:
        session.execute(update(Vacancy).where(Vacancy.reference == far).values(postcode="9711 AB"))
    return world


def test_a_caseworker_sees_their_own_caseload(engine: Engine) -> None:
    world = _caseload_world(engine)
    figures = dashboard.dashboard(engine, world.caseworker, today=TODAY)
    assert figures.scope == "mine"
    assert figures.caseload == dashboard.CaseloadFigures(
        active=3, without_proposal=2, waiting_for_review=1, sent_back=1, started_this_month=1, checks_due=1)
    # Four open vacancies in Rotterdam (3071) lie within 15 km of their people (3073); Groningen does not.
    assert (figures.open_vacancies_near, figures.open_vacancies) == (4, 5)
    assert [v.people_in_reach for v in figures.nearby] == [3] * 4
    assert "9711 AB" not in {v.postcode for v in figures.nearby}
    assert figures.programme.year == TODAY.year


def test_another_caseworker_sees_none_of_it_and_a_team_lead_sees_the_desk(engine: Engine) -> None:
    world = _caseload_world(engine)
    other = dashboard.dashboard(engine, world.other_caseworker, today=TODAY)
    assert other.scope == "mine"
    assert other.caseload == dashboard.CaseloadFigures(0, 0, 0, 0, 0, 0)
    assert other.open_vacancies_near == 0 and other.nearby == ()
    lead = dashboard.dashboard(engine, world.lead, today=TODAY)
    assert lead.scope == "all"
    # The desk: jansen's three plus the person whose proposal was sent back (still active).
    assert lead.caseload == dashboard.CaseloadFigures(
        active=4, without_proposal=2, waiting_for_review=1, sent_back=1, started_this_month=1, checks_due=1)


def test_an_unregistered_login_gets_no_figures(engine: Engine) -> None:
    build_world(engine)
    with pytest.raises(users.UnknownUser, match="not registered"):
        dashboard.dashboard(engine, current_actor("nobody"), today=TODAY)


def test_database_status_tells_demo_empty_and_real_apart(engine: Engine) -> None:
    assert dashboard.database_status(engine) == dashboard.DatabaseStatus(is_demo=False, is_empty=True)
    add_sample_records(engine)
    assert dashboard.database_status(engine) == dashboard.DatabaseStatus(is_demo=False, is_empty=False)


def test_the_demo_database_is_recognised(engine: Engine) -> None:
    generate_demo(engine, seekers=40, vacancies=20, seed=3, today=TODAY)
    assert dashboard.database_status(engine) == dashboard.DatabaseStatus(is_demo=True, is_empty=False)


# --- the dashboard screen and the header --------------------------------------------------------


async def test_dashboard_opens_with_d_and_shows_the_caseload(engine: Engine) -> None:
    _caseload_world(engine)
    app = make_app(engine, user="km.jansen")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        assert isinstance(app.screen, DashboardScreen)
        await settle(pilot)
        text = str(app.screen.query_one("#dashboard", Static).render())
        assert "My caseload" in text
        assert "Active job seekers: 3" in text
        assert "Active without a proposal: 2" in text
        assert "Proposals waiting for review: 1" in text
        assert "Sent back to me: 1" in text
        assert "Open vacancies within someone's travel distance: 4 of 5" in text
        assert "Social return programme" in text
        await pilot.press("r")  # to the review queue, and back
        await pilot.pause()
        assert app.screen.screen_id == "queue"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_an_unregistered_login_reads_why_once(engine: Engine) -> None:
    build_world(engine)
    app = make_app(engine, user="nobody")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("d")
        await settle(pilot)
        assert str(app.screen.query_one("#dashboard", Static).render()).startswith("The figures could not be loaded")
        messages = toasts(app)
        assert len(messages) == 1 and "'nobody' is not registered" in messages[0], messages


async def test_dashboard_in_dutch_for_a_team_lead(engine: Engine) -> None:
    _caseload_world(engine)
    app = make_app(engine, language="nl", user="tl.pinas")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("d")
            await settle(pilot)
            text = str(app.screen.query_one("#dashboard", Static).render())
            assert "Caseload van het hele team" in text
            assert "Actieve werkzoekenden: 4" in text
            assert "Teruggestuurd naar klantmanagers: 1" in text  # not "to me": it is the desk's
            assert "Open vacatures in de buurt van de mensen van het team" in text
    finally:
        set_language("en")


async def test_the_header_names_the_database_and_marks_the_demo(tmp_path: Path) -> None:
    from srmatch.store.migrate import open_database

    demo = open_database(f"sqlite:///{tmp_path / 'demo.db'}")
    generate_demo(demo, seekers=40, vacancies=20, seed=3, today=TODAY)
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "DEMO" in header_text(app)
        assert "demo.db" in header_text(app)
        await pilot.press("s")
        await settle(pilot)
        assert "DEMO" in header_text(app)  # on every screen
    demo.dispose()
    real = open_database(f"sqlite:///{tmp_path / 'team.db'}")
    add_sample_records(real)
    app = make_app(real)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "team.db" in header_text(app)
        assert "DEMO" not in header_text(app)
    real.dispose()


async def test_every_menu_entry_opens_a_screen_or_says_it_is_not_built(engine: Engine) -> None:
    add_sample_records(engine)
    app = make_app(engine)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        for entry in registry.menu():
            assert entry.key
            await pilot.press(entry.key)
            await pilot.pause()
            if entry.built:
                assert app.screen.screen_id == entry.screen_id, entry  # type: ignore[attr-defined]
                await settle(pilot)
                while not isinstance(app.screen, HomeScreen):
                    app.pop_screen()
                    await pilot.pause()
            else:
                assert isinstance(app.screen, HomeScreen)
                prompt = str(app.screen.query_one("#menu", OptionList).get_option(entry.screen_id).prompt)
                assert prompt.endswith("(not available yet)")


# --- the command palette -------------------------------------------------------------------------


async def palette_search(pilot: Pilot[None], text: str) -> list[str]:
    """Open the palette, type ``text``, wait for every provider; the commands it lists."""
    from textual.command import CommandList

    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*text)
    palette = pilot.app.screen
    await palette.workers.wait_for_complete()
    await pilot.pause()
    options = palette.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)]


async def test_palette_finds_a_person_by_name_and_opening_is_audited(engine: Engine) -> None:
    from srmatch.screens.records import SeekerScreen
    from srmatch.store.models import AuditEvent

    add_sample_records(engine)
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        found = await palette_search(pilot, "amrani")
        assert found[0] == "Job seeker: Samira el Amrani (KL0000001)"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SeekerScreen)
        assert "Samira el Amrani" in str(app.screen.title)
    with session_scope(engine) as session:
        events = [(e.actor, e.action, e.object_type) for e in session.exec(select(AuditEvent))]
    assert events == [("km.pilot", "seeker.view", "job_seeker")]  # finding it was not; opening it was


async def test_palette_finds_client_numbers_references_and_contracts_in_dutch(engine: Engine) -> None:
    from srmatch.screens.records import VacancyScreen

    add_sample_records(engine)
    app = make_app(engine, language="nl")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert "Werkzoekende: Peter de Vries (KL0000002)" in await palette_search(pilot, "kl 000 0002")
            await pilot.press("escape")
            found = await palette_search(pilot, "vac-001")
            assert "Vacature: Medewerker schoonmaak (m/v/x) (VAC-001)" in found
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, VacancyScreen)
    finally:
        set_language("en")


async def test_palette_offers_the_current_screens_actions_and_runs_them(engine: Engine) -> None:
    from srmatch.screens.lists import SeekerListScreen

    add_sample_records(engine)
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SeekerListScreen)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        # Derived from the screen's bindings: every one with a description, Escape excepted.
        assert {"Job seekers: Sort", "Job seekers: Reverse order", "Job seekers: Matches", "Job seekers: Add"} <= set(titles)
        assert "Job seekers: Back" not in titles
        table = app.screen.query_one(DataTable)
        before = [str(cell) for cell in table.get_column_at(1)]
        found = await palette_search(pilot, "Job seekers: Reverse")
        assert found[0] == "Job seekers: Reverse order"
        await pilot.press("enter")
        await settle(pilot)
        after = [str(cell) for cell in app.screen.query_one(DataTable).get_column_at(1)]
        assert after == list(reversed(before)) and before != after


async def test_palette_on_a_record_offers_its_matches(engine: Engine) -> None:
    add_sample_records(engine)
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_screen("seeker", client_number="KL0000001")
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Job seeker: Matches" in titles


# --- themes, NO_COLOR, the theme remembered ----------------------------------------------------------


async def test_the_high_contrast_theme_is_offered_and_remembered(engine: Engine) -> None:
    from srmatch.config import config_file
    from srmatch.screens.themes import HIGH_CONTRAST

    config_file().parent.mkdir(parents=True, exist_ok=True)
    original = '# my settings\nlanguage = "en"\n\n[keys]\n"home.seekers" = "w"  # my key\n\n[retention]\ninactive_months = 30\n'
    config_file().write_text(original, encoding="utf-8")
    add_sample_records(engine)
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert HIGH_CONTRAST in app.available_themes
        found = await palette_search(pilot, "theme")
        assert found[0].startswith("Theme")
        await pilot.press("enter")  # the theme list
        await pilot.pause()
        await pilot.press(*"high-contrast")
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == HIGH_CONTRAST
    saved = config_file().read_text(encoding="utf-8")
    assert saved == original.replace('language = "en"\n', f'language = "en"\ntheme = "{HIGH_CONTRAST}"\n')
    # The next start opens in it, with the user's other settings intact.
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == HIGH_CONTRAST
        await pilot.press("w")  # the remapped key still works
        await pilot.pause()
        assert app.screen.screen_id == "seekers"  # type: ignore[attr-defined]
        app.theme = "textual-light"
        await settle(pilot)
    assert 'theme = "textual-light"\n' in config_file().read_text(encoding="utf-8")
    assert config_file().read_text(encoding="utf-8").count("theme =") == 1


def test_a_config_line_that_cannot_be_edited_safely_is_left_alone() -> None:
    from srmatch.config import ConfigError, config_file, save_setting

    config_file().parent.mkdir(parents=True, exist_ok=True)
    tricky = 'theme = """textual-dark\n"""\nlanguage = "nl"\n'
    config_file().write_text(tricky, encoding="utf-8")
    with pytest.raises(ConfigError, match="edit it by hand|would not read back"):
        save_setting("theme", "textual-light")
    assert config_file().read_text(encoding="utf-8") == tricky


def light_on_dark_swapped(style: Any) -> bool:
    """Dark text on a light background: the cursor, where everything else is light on dark."""
    background, text = style.bgcolor.get_truecolor(), style.color.get_truecolor()
    return sum(background) > sum(text) + 300


async def test_no_color_keeps_the_cursor_visible(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    add_sample_records(engine)
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color
        menu = app.screen.query_one("#menu", OptionList)
        highlighted = menu.get_component_rich_style("option-list--option-highlighted")
        assert highlighted.bold and highlighted.underline and light_on_dark_swapped(highlighted)
        await pilot.press("s")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        table.focus()
        await pilot.pause()
        cursor = table.get_component_rich_style("datatable--cursor")
        assert cursor.bold and cursor.underline and light_on_dark_swapped(cursor)


# --- robust: small terminals, empty databases, failing workers -----------------------------------


def widget_lines(widget: Widget) -> list[str]:
    """The lines a widget shows on the terminal right now."""
    return [strip.text for strip in widget.render_lines(Region(0, 0, *widget.outer_size))]


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_home_stays_readable_at_60_by_20(engine: Engine, language: str) -> None:
    from srmatch.i18n import t

    add_sample_records(engine)
    app = make_app(engine, language=language)
    try:
        async with app.run_test(size=(60, 20)) as pilot:
            await settle(pilot)
            menu = app.screen.query_one("#menu", OptionList)
            lines = [line.strip(" │") for line in widget_lines(menu)]
            for entry in registry.menu():
                # Every entry on a line of its own, whole: nothing wrapped, cut or scrolled away.
                assert f"[{entry.key}] {t(entry.title_key)}" in lines, (entry.screen_id, lines)
            summary = " ".join(line.strip(" │") for line in widget_lines(app.screen.query_one("#summary", Static)))
            assert "2" in summary and "1" in summary  # the counts are still shown beside it
    finally:
        set_language("en")


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_an_empty_database_opens_on_how_to_get_data_in(engine: Engine, size: tuple[int, int]) -> None:
    app = make_app(engine)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        text = " ".join(line.strip(" │") for line in widget_lines(app.screen.query_one("#summary", Static)))
        assert "This database is empty." in text
        for way in ("import a spreadsheet", "Ctrl+N adds one by hand", "srmatch demo"):
            assert way in " ".join(text.split()), text
        await pilot.press("i")  # the import it names is one key away
        await pilot.pause()
        assert app.screen.screen_id == "import"  # type: ignore[attr-defined]


async def test_a_database_file_destroyed_under_the_app_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    """A sync tool or a wrong copy overwrites the file while srmatch runs: the dashboard's worker
    fails for real; the user reads one line, the app keeps running."""
    from srmatch.store.migrate import open_database

    path = tmp_path / "team.db"
    engine = open_database(f"sqlite:///{path}")
    add_sample_records(engine)
    app = make_app(engine)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        for part in tmp_path.glob("team.db*"):
            part.write_bytes(b"this is not a database, it is a shopping list\n" * 200)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert str(app.screen.query_one("#dashboard", Static).render()) == "The figures could not be loaded; F5 tries again."
        messages = toasts(app)
        assert any(m.startswith("Could not load the data: ") for m in messages), messages
        assert not any("Traceback" in m or "File \"" in m for m in messages)
        await pilot.press("f1")  # still alive
        await pilot.pause()
        assert app.screen.screen_id == "help"  # type: ignore[attr-defined]
    engine.dispose()


# --- F1, key bindings, workers ---------------------------------------------------------------------


def help_source(app: SrmatchApp) -> str:
    from textual.widgets import Markdown

    return app.screen.query_one("#help", Markdown).source


async def test_f1_explains_the_focused_widget_even_without_a_text_of_its_own(engine: Engine) -> None:
    add_sample_records(engine)
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        app.screen.query_one(DataTable).focus()
        await pilot.press("f1")
        await pilot.pause()
        source = help_source(app)
        assert "# Help: Job seekers" in source
        assert "## The field you are in\n\nA table: the arrow keys move the cursor" in source
        assert "| ^s | Sort |" in source  # the screen's keys, as the footer shows them
        await pilot.press("escape", "escape", "d")
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        source = help_source(app)
        assert "# Help: Dashboard" in source
        assert "A caseworker sees their own caseload" in source
        assert "Text to read: the arrow keys" in source  # the focused figures panel
        assert "| f5 | Reload |" in source


async def test_f1_in_dutch_names_the_field_and_keeps_the_keys(engine: Engine) -> None:
    add_sample_records(engine)
    app = make_app(engine, language="nl")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("v")
            await settle(pilot)
            app.screen.query_one(DataTable).focus()
            await pilot.press("f1")
            await pilot.pause()
            source = help_source(app)
            assert "Een tabel: de pijltjestoetsen" in source
            assert "| ^s | Sorteren |" in source or "| ^s |" in source  # keys are the same in Dutch
    finally:
        set_language("en")


def test_every_binding_of_every_screen_and_dialog_has_an_id() -> None:
    """Ids are what config.toml's [keys] remaps and what the palette lists (docs/shell.md)."""
    import importlib
    import inspect
    import pkgutil

    import srmatch.screens
    from textual.binding import Binding
    from textual.dom import DOMNode

    missing = []
    for module_info in pkgutil.iter_modules(srmatch.screens.__path__):
        module = importlib.import_module(f"srmatch.screens.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, DOMNode) and "BINDINGS" in cls.__dict__:
                missing += [(cls.__name__, b.key) for b in Binding.make_bindings(cls.__dict__["BINDINGS"]) if not b.id]
    assert missing == []


def test_every_worker_reports_its_failure_instead_of_ending_the_app() -> None:
    """``@work(...)`` without ``exit_on_error=False`` would end the app with Textual's traceback."""
    import ast

    import srmatch

    offenders = []
    for path in Path(srmatch.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "work":
                flags = {k.arg: k.value for k in node.keywords}
                value = flags.get("exit_on_error")
                if not (isinstance(value, ast.Constant) and value.value is False):
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


async def test_keys_remapped_in_config_work_on_every_screen_and_show_in_f1(engine: Engine) -> None:
    from srmatch.config import config_file

    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text('[keys]\n"dashboard.queue" = "q"\n"list.sort" = "f6"\n', encoding="utf-8")
    add_sample_records(engine)
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        table.focus()
        before = [str(column.label) for column in table.columns.values()]
        await pilot.press("f6")  # Sort, remapped from ctrl+s
        await settle(pilot)
        after = [str(column.label) for column in app.screen.query_one(DataTable).columns.values()]
        assert before != after and any("▲" in label for label in after)
        await pilot.press("f1")
        await pilot.pause()
        assert "| f6 | Sort |" in help_source(app)
        await pilot.press("escape", "escape", "escape", "d")
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app.screen.screen_id == "queue"  # type: ignore[attr-defined]


async def test_the_palette_says_so_when_the_database_cannot_answer(tmp_path: Path) -> None:
    from srmatch.store.migrate import open_database

    path = tmp_path / "team.db"
    engine = open_database(f"sqlite:///{path}")
    add_sample_records(engine)
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for part in tmp_path.glob("team.db*"):
            part.write_bytes(b"this is not a database, it is a shopping list\n" * 200)
        found = await palette_search(pilot, "samira")
        assert any(line.startswith("Could not search: ") for line in found), found
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    engine.dispose()


def test_find_records_by_the_lists_rules_on_every_kind(engine: Engine) -> None:
    from srmatch.services import lookup

    add_sample_records(engine)
    assert [(h.kind, h.key, h.detail) for h in lookup.find_records(engine, "AMRANI samira")] == [
        ("seeker", "KL0000001", "3073 · Feijenoord")]
    assert [(h.kind, h.key) for h in lookup.find_records(engine, "magazijn")] == [("vacancy", "VAC-002")]
    assert [h.key for h in lookup.find_records(engine, "kl0000002")] == ["KL0000002"]
    assert lookup.find_records(engine, "k") == ()  # one letter finds nothing, and costs nothing
    assert lookup.find_records(engine, "zzzz") == ()


async def test_high_contrast_is_one_palette_command_away_in_dutch(engine: Engine) -> None:
    from srmatch.config import config_file
    from srmatch.screens.themes import HIGH_CONTRAST

    add_sample_records(engine)
    app = make_app(engine, language="nl")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            found = await palette_search(pilot, "hoog contrast")
            assert found[0] == "Thema: hoog contrast"
            await pilot.press("enter")
            await settle(pilot)
            assert app.theme == HIGH_CONTRAST
            assert "Thema: standaard" in [c.title for c in app.get_system_commands(app.screen)]
            await pilot.press("s")
            await settle(pilot)
            # No half-strength hints in high contrast: a drop-down's placeholder is pure white.
            label = app.screen.query("SelectCurrent Static#label").first()
            assert (label.styles.color.r, label.styles.color.g, label.styles.color.b, label.styles.color.a) == (255, 255, 255, 1.0)
        assert f'theme = "{HIGH_CONTRAST}"' in config_file().read_text(encoding="utf-8")
    finally:
        set_language("en")


async def test_a_users_theme_file_is_honoured_and_a_broken_one_named(engine: Engine) -> None:
    from srmatch.config import config_dir, config_file

    themes = config_dir() / "themes"
    themes.mkdir(parents=True)
    (themes / "rotterdam.toml").write_text(
        'name = "rotterdam-groen"\nprimary = "#00811F"\nbackground = "#101010"\ndark = true\n'
        '[variables]\n"block-cursor-background" = "#00811F"\n', encoding="utf-8")
    (themes / "kapot.toml").write_text('name = "kapot"\nprimary = "not a colour"\n', encoding="utf-8")
    config_file().write_text('theme = "rotterdam-groen"\n', encoding="utf-8")
    add_sample_records(engine)
    app = make_app(engine)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert app.theme == "rotterdam-groen"
        assert "kapot" not in app.available_themes
        assert any("A theme file was left out: kapot.toml" in text for text in toasts(app))


async def test_a_record_that_cannot_be_opened_is_reported_once(engine: Engine) -> None:
    """Textual runs the handler of every class of the screen: a screen that reports a failure
    itself must not let the base screen report it a second time."""
    from sqlalchemy import delete

    add_sample_records(engine)
    app = make_app(engine)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        with session_scope(engine) as session:
            session.execute(delete(JobSeeker).where(JobSeeker.client_number == "KL0000002"))
        app.open_screen("seeker", client_number="KL0000002")
        # The screen's worker starts when it mounts and its toast arrives a few messages later:
        # wait for the first report, then let everything pending run before counting.
        await until(pilot, lambda: bool(toasts(app)))
        await settle(pilot)
        await pilot.pause()
        messages = toasts(app)
        assert len(messages) == 1 and messages[0].startswith("Could not open the record"), messages


def test_dashboard_text_in_dutch_groups_thousands_and_shows_titles_literally() -> None:
    from rich.text import Text

    from srmatch.screens.dashboard import dashboard_text

    figures = dashboard.Dashboard(
        login="tl.pinas", scope="all", today=TODAY,
        caseload=dashboard.CaseloadFigures(31909, 26008, 2712, 888, 0, 1),
        open_vacancies=20000, open_vacancies_near=13104,
        nearby=(dashboard.NearbyVacancy("VAC-1", "Schoonmaker [b]nacht[/b]", "3073 AB", 26888),), programme=None,
    )
    set_language("nl")
    try:
        text = Text.from_markup(dashboard_text(figures)).plain
    finally:
        set_language("en")
    assert "Actieve werkzoekenden: 31.909" in text
    assert "Open vacatures binnen iemands reisafstand: 13.104 van 20.000" in text
    assert "VAC-1  Schoonmaker [b]nacht[/b] (3073 AB): 26.888 binnen bereik" in text
    assert text.endswith("Laden…")  # the programme's figures are on their way


async def test_every_screens_keys_can_be_remapped(engine: Engine) -> None:
    """For each screen of the menu: each of its own keys, given another key by id, answers to it."""
    add_sample_records(engine)
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        checked = 0
        for entry in registry.menu():
            app.set_keymap({})
            app.open_screen(entry.screen_id)
            await settle(pilot)
            screen = app.screen
            own = {b.binding.id: b.binding for b in screen.active_bindings.values()
                   if b.binding.id and b.binding.id.split(".")[0] not in ("app", "home") and b.binding.description}
            for binding_id in own:
                app.set_keymap({binding_id: "f9"})
                await pilot.pause()
                assert screen.active_bindings["f9"].binding.id == binding_id, (entry.screen_id, binding_id)
                checked += 1
            app.set_keymap({})
            while not isinstance(app.screen, HomeScreen):
                app.pop_screen()
                await pilot.pause()
        assert checked >= 20
