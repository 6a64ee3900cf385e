"""Textual's own texts (palette, ctrl+c notice, footer, system commands, widget keys) follow the language."""

from __future__ import annotations

import textual.widgets
from sqlalchemy import Engine
from textual.app import App
from textual.binding import BindingsMap
from textual.command import CommandInput, CommandList
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widgets import Input

from srmatch.app import SrmatchApp
from srmatch.config import load_settings
from srmatch.i18n import catalogue, set_language
from srmatch.screens.lists import SeekerListScreen
from srmatch.widgets.textual_texts import KEY_PREFIX
from tests.factories import add_sample_records


def make_app(engine: Engine, language: str) -> SrmatchApp:
    add_sample_records(engine)
    set_language(language)
    settings = load_settings(db_path=str(engine.url), language=language, user="km.pilot")
    return SrmatchApp(settings=settings, engine=engine)


def toasts(app: SrmatchApp) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]


def palette_options(app: SrmatchApp) -> list[str]:
    command_list = app.screen.query_one(CommandList)
    return [str(command_list.get_option_at_index(index).prompt) for index in range(command_list.option_count)]


async def until(pilot: Pilot[None], condition: object, attempts: int = 50) -> None:
    """Let the app run until ``condition()`` holds (Textual's palette works on timers)."""
    assert callable(condition)
    for _ in range(attempts):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition never held")


async def test_palette_placeholder_no_matches_and_footer_in_dutch(engine: Engine) -> None:
    app = make_app(engine, "nl")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            # The footer is composed after the first screen mounts; under load that takes a while.
            await until(pilot, lambda: bool(app.screen.query(".-command-palette")))
            footer_palette = app.screen.query_one(".-command-palette")
            assert "palet" in str(footer_palette.render())
            await pilot.press("ctrl+p")
            await until(pilot, lambda: bool(app.screen.query(CommandInput)))
            assert app.screen.query_one(CommandInput).placeholder.startswith("Zoek")
            await pilot.press(*"qqqxz")
            await until(pilot, lambda: any("Niets gevonden" in option for option in palette_options(app)))
            assert not any("No matches" in option for option in palette_options(app))
    finally:
        set_language("en")


async def test_palette_in_english_is_textuals_own(engine: Engine) -> None:
    app = make_app(engine, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(app.screen.query(".-command-palette")))
        assert "palette" in str(app.screen.query_one(".-command-palette").render())
        await pilot.press("ctrl+p")
        await until(pilot, lambda: bool(app.screen.query(CommandInput)))
        assert app.screen.query_one(CommandInput).placeholder == "Search for commands…"
        await pilot.press(*"qqqxz")
        await until(pilot, lambda: any("No matches found" in option for option in palette_options(app)))


async def test_ctrl_c_says_how_to_quit_in_dutch(engine: Engine) -> None:
    app = make_app(engine, "nl")
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await pilot.press("ctrl+c")
            await until(pilot, lambda: any("Wilt u afsluiten?" in toast and "Druk op" in toast for toast in toasts(app)))
    finally:
        set_language("en")


async def test_system_commands_in_dutch(engine: Engine) -> None:
    app = make_app(engine, "nl")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            textual_titles = {command.title for command in App.get_system_commands(app, app.screen)}
            titles = {command.title for command in app.get_system_commands(app.screen)}
            assert {"Thema", "Afsluiten", "Toetsen", "Schermafdruk"} <= titles
            assert not textual_titles & titles, "a Textual system command kept its English title"
    finally:
        set_language("en")


async def test_keys_of_textual_widgets_in_dutch(engine: Engine) -> None:
    app = make_app(engine, "nl")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("s")
            await pilot.pause()
            assert isinstance(app.screen, SeekerListScreen)
            assert isinstance(app.focused, Input)
            descriptions = {active.binding.description for active in app.screen.active_bindings.values()}
            assert "Cursor naar links" in descriptions
            assert "Move cursor left" not in descriptions
            assert Input.BINDING_GROUP_TITLE == "Invoerveld"
    finally:
        set_language("en")


def test_every_key_description_of_textuals_widgets_is_in_the_catalogue() -> None:
    """A Textual upgrade that adds a widget key shows up here, not as English in a Dutch key panel."""
    for name in textual.widgets.__all__:
        getattr(textual.widgets, name)  # Textual loads its widgets lazily
    english = {text for key, text in catalogue("en").items() if key.startswith(KEY_PREFIX)}

    def subclasses(cls: type[DOMNode]) -> set[type[DOMNode]]:
        found = set(cls.__subclasses__())
        for sub in list(found):
            found |= subclasses(sub)
        return found

    missing: set[str] = set()
    for cls in subclasses(DOMNode):
        if cls.__module__.startswith("textual.") and "BINDINGS" in vars(cls):
            for bindings in BindingsMap(cls.BINDINGS).key_to_bindings.values():
                missing |= {b.description for b in bindings if b.description and not b.system} - english
    assert not missing
