"""The Textual application: wires screens to the services for one database and user."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from textual.app import App
from textual.binding import Binding

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
        from srmatch.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
