"""The Textual application: wires screens to the services for one database and user."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path

from sqlalchemy import Engine
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from srmatch.config import Settings
from srmatch.i18n import t
from srmatch.screens.base import translate_bindings
from srmatch.services.audit import Actor, current_actor


class SrmatchApp(App[None]):
    """srmatch's terminal app. Screens get the engine and actor from here."""

    CSS_PATH = Path(__file__).resolve().parent / "screens" / "srmatch.tcss"
    TITLE = "srmatch"
    BINDINGS = [
        Binding("ctrl+q", "quit", "key.quit", id="app.quit", tooltip="key.quit", priority=True),
        Binding("f1", "help", "key.help", id="app.help", tooltip="key.help"),
    ]

    def __init__(self, settings: Settings, engine: Engine) -> None:
        super().__init__()
        self.settings = settings
        self.engine = engine
        self.actor: Actor = current_actor(settings.user_login)
        translate_bindings(self)

    def on_mount(self) -> None:
        from srmatch.screens.home import HomeScreen

        self.sub_title = t("app.subtitle")
        self.push_screen(HomeScreen())

    def action_help(self) -> None:
        self.open_screen("help")

    def open_screen(self, screen_id: str) -> None:
        """Open one of the screens of the home menu (from a key, the menu or the palette)."""
        from srmatch.screens.help import HelpScreen
        from srmatch.screens.lists import SeekerListScreen, VacancyListScreen

        screens = {"seekers": SeekerListScreen, "vacancies": VacancyListScreen, "help": HelpScreen}
        screen_class = screens.get(screen_id)
        if screen_class is None:
            self.notify(t("home.not_yet", screen=t(f"menu.{screen_id}")), severity="warning")
        elif not isinstance(self.screen, screen_class):
            self.push_screen(screen_class())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette (ctrl+p) jumps to every screen: "Open: Job seekers"."""
        from srmatch.screens.home import MENU

        yield from super().get_system_commands(screen)
        for screen_id, _key in MENU:
            title = t("palette.open", screen=t(f"menu.{screen_id}"))
            yield SystemCommand(title, t("palette.open_help", screen=t(f"menu.{screen_id}")), partial(self.open_screen, screen_id))
