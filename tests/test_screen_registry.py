"""One registry: the menu, its keys, the palette and the F1 help all come from it."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from textual.screen import Screen
from textual.widgets import Markdown, OptionList

from srmatch.app import SrmatchApp
from srmatch.config import ConfigError, config_file, load_settings
from srmatch.i18n import catalogue, set_language
from srmatch.screens import registry
from srmatch.screens.base import SrmatchScreen
from srmatch.screens.help import HelpScreen
from srmatch.screens.home import HomeScreen
from srmatch.screens.lists import SeekerListScreen
from tests.factories import add_sample_records


def make_app(engine: Engine, language: str = "en") -> SrmatchApp:
    set_language(language)
    settings = load_settings(db_path=str(engine.url), language=language, user="km.pilot")
    return SrmatchApp(settings=settings, engine=engine)


def test_ids_and_menu_keys_are_unique() -> None:
    ids = [entry.screen_id for entry in registry.SCREENS]
    assert len(ids) == len(set(ids))
    keys = [entry.key for entry in registry.menu() if entry.key]
    assert len(keys) == len(set(keys))
    assert "q" not in keys  # the home screen's quit key


def test_every_built_screen_loads_and_knows_its_id() -> None:
    for entry in registry.SCREENS:
        if entry.built:
            screen_class = entry.load()
            assert issubclass(screen_class, SrmatchScreen), entry
            assert screen_class.screen_id == entry.screen_id
        else:
            with pytest.raises(LookupError):
                entry.load()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_entry_has_a_title_and_every_built_one_a_help_text(language: str) -> None:
    texts = catalogue(language)
    for entry in registry.SCREENS:
        if entry.in_menu:
            assert entry.title_key in texts, entry
        if entry.built:
            assert entry.help_key in texts, entry


def test_unknown_screen_id_is_a_lookup_error() -> None:
    with pytest.raises(LookupError):
        registry.entry("nonsense")


async def test_every_palette_entry_opens_its_screen(engine: Engine) -> None:
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        commands = [c for c in app.get_system_commands(home) if c.title.startswith("Open: ")]
        built = [entry for entry in registry.menu() if entry.built]
        assert sorted(c.title for c in commands) == sorted(f"Open: {catalogue('en')[e.title_key]}" for e in built)
        for command, entry in zip(commands, built, strict=True):
            command.callback()
            await pilot.pause()
            assert isinstance(app.screen, entry.load()), command.title
            while app.screen is not home:
                app.pop_screen()
                await pilot.pause()


def test_every_menu_entry_is_built() -> None:
    assert [entry.screen_id for entry in registry.menu() if not entry.built] == []


async def test_a_planned_entry_is_marked_on_the_menu_and_choosing_it_stays_home(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every screen is built now; the mechanism for the next planned one still works."""
    planned = registry.ScreenEntry("planning", None, None)
    monkeypatch.setattr(registry, "SCREENS", (*registry.SCREENS, planned))
    app = make_app(engine)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#menu", OptionList)
        assert str(menu.get_option("planning").prompt).endswith("(not available yet)")
        assert "not available" not in str(menu.get_option("seekers").prompt)
        menu.highlighted = menu.get_option_index("planning")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("not available" in str(toast.render()) for toast in app.screen.query("Toast"))


async def test_a_remapped_key_opens_the_screen_and_changes_the_help(engine: Engine) -> None:
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text('[keys]\n"home.seekers" = "w"\n', encoding="utf-8")
    app = make_app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "[w] Job seekers" in str(app.screen.query_one("#menu", OptionList).get_option("seekers").prompt)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        source = app.screen.query_one("#help", Markdown).source
        assert "| w | Job seekers |" in source
        assert "| s | Job seekers |" not in source
        await pilot.press("escape", "s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, SeekerListScreen)


async def test_help_describes_the_screen_beneath_and_its_keys(engine: Engine) -> None:
    add_sample_records(engine)
    app = make_app(engine, language="nl")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("s")
            await pilot.pause()
            await pilot.press("f1")
            await pilot.pause()
            source = app.screen.query_one("#help", Markdown).source
            assert "# Help: Werkzoekenden" in source
            assert "Het klantenbestand" in source
            assert "| esc | Filter wissen, of terug |" in source  # the long form: the footer says "Terug"
            assert "| ^r | De volgorde omdraaien |" in source  # the footer: "Omdraaien"
            assert "Het veld waarin u staat" in source  # the filter has focus
    finally:
        set_language("en")


def test_keys_table_in_the_config_file_must_map_ids_to_keys() -> None:
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text("keys = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[keys\]"):
        load_settings()


def test_screens_are_screens() -> None:
    assert issubclass(SrmatchScreen, Screen)
