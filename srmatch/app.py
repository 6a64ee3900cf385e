"""The Textual application: wires the registry's screens to the services for one database and user."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path

from rich.text import Text
from sqlalchemy import Engine
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from srmatch import __version__
from srmatch.config import Settings
from srmatch.logs import configure_app_log, logger, report_failure
from srmatch.i18n import t
from srmatch.screens import registry
from srmatch.screens.base import translate_bindings
from srmatch.services.audit import current_actor
from srmatch.services.facade import Services


class SrmatchApp(App[None]):
    """srmatch's terminal app; provides :class:`srmatch.screens.context.AppContext` to screens."""

    CSS_PATH = Path(__file__).resolve().parent / "screens" / "srmatch.tcss"
    TITLE = "srmatch"
    BINDINGS = [
        Binding("ctrl+q", "quit", "key.quit", id="app.quit", tooltip="key.quit", priority=True),
        Binding("f1", "help", "key.help", id="app.help", tooltip="key.help"),
    ]

    def __init__(self, settings: Settings, engine: Engine) -> None:
        super().__init__()
        self._settings = settings
        self._services = Services(engine, current_actor(settings.user_login))
        #: What the terminal shows after a bug stopped the app (see ``_handle_exception``).
        self._crash_line = ""
        # The app draws the whole terminal, so failures go to srmatch.log in the data folder
        # (bugs also to crash.log), see srmatch.logs and docs/architecture.md.
        configure_app_log()
        logger.info("srmatch %s opened %s", __version__, self._services.database_label)
        translate_bindings(self)
        self.set_keymap(dict(settings.keymap))

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def services(self) -> Services:
        return self._services

    def _handle_exception(self, error: Exception) -> None:
        """A bug outside a worker (in a handler, a compose, a render) stops the app, as in
        Textual; the traceback goes to ``crash.log`` and the app log, and the terminal gets one
        line saying where it is (not Textual's traceback with local variables, which may hold a
        person's data). Textual has no public hook for this; tests/test_app_crash.py fails if
        a Textual upgrade changes the private one."""
        self._crash_line = report_failure(error, where="srmatch app")
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        self.bell()
        self.panic(Text(self._crash_line, style="bold red"))

    def on_mount(self) -> None:
        from srmatch.screens.home import HomeScreen

        self.sub_title = t("app.subtitle")
        self.push_screen(HomeScreen())

    def action_help(self) -> None:
        self.open_screen("help")

    def open_screen(self, screen_id: str, /, **params: str) -> None:
        """Open a screen of the registry (from a key, the menu, the palette or another screen)."""
        entry = registry.entry(screen_id)
        if not entry.built:
            self.notify(t("home.not_yet", screen=t(entry.title_key)), severity="warning")
            return
        screen_class = entry.load()
        if not params and isinstance(self.screen, screen_class):
            return
        self.push_screen(screen_class(**params))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette (ctrl+p) jumps to every built screen of the menu: "Open: Job seekers"."""
        yield from super().get_system_commands(screen)
        for entry in registry.menu():
            if entry.built:
                title = t(entry.title_key)
                yield SystemCommand(
                    t("palette.open", screen=title), t("palette.open_help", screen=title), partial(self.open_screen, entry.screen_id)
                )
