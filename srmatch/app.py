"""The Textual application: wires the registry's screens to the services for one database and user."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from sqlalchemy import Engine
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker, WorkerState

from srmatch import __version__
from srmatch.config import Settings, config_dir, save_setting
from srmatch.logs import configure_app_log, logger, report_failure
from srmatch.i18n import t
from srmatch.screens import registry
from srmatch.screens.base import translate_bindings
from srmatch.screens.palette import RecordCommands, action_commands
from srmatch.screens.themes import HIGH_CONTRAST, THEMES, read_theme_files, theme_commands
from srmatch.services.audit import current_actor
from srmatch.services.facade import Services, describe_error
from srmatch.widgets.textual_texts import TranslatedApp


if TYPE_CHECKING:
    # Imported when the database check runs, not at start: it pulls in numpy and the matching
    # engine, which the first screen does not need (benchmarks/tui.py).
    from srmatch.services.dashboard import DatabaseStatus


class SrmatchApp(TranslatedApp):
    """srmatch's terminal app; provides :class:`srmatch.screens.context.AppContext` to screens."""

    CSS_PATH = Path(__file__).resolve().parent / "screens" / "srmatch.tcss"
    TITLE = "srmatch"
    #: The palette also finds the current screen's actions and records (``screens/palette.py``).
    COMMANDS = App.COMMANDS | {RecordCommands}
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
        #: Set once the database check has run (``DatabaseChecked``): the header shows DEMO.
        self.is_demo_database = False
        translate_bindings(self)
        self.set_keymap(dict(settings.keymap))
        #: The user's theme files (``themes/*.toml`` beside config.toml) that could not be used.
        user_themes = read_theme_files(config_dir() / "themes")
        self._theme_problems = user_themes.problems
        for theme in (*THEMES, *user_themes.themes):
            self.register_theme(theme)
        if settings.theme and settings.theme in self.available_themes:
            self.theme = settings.theme
        elif settings.theme:
            logger.warning("config.toml names theme %r, which srmatch does not know", settings.theme)
        #: The theme as config.toml has it; a change is written back (``on_theme_changed``).
        self._saved_theme = self.theme

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

    class DatabaseChecked(Message):
        """Whether the opened database is the demo, and whether it holds anything yet."""

        def __init__(self, status: DatabaseStatus) -> None:
            super().__init__()
            self.status = status

    def on_mount(self) -> None:
        from srmatch.screens.home import HomeScreen

        self.sub_title = self._services.database_label
        self.push_screen(HomeScreen())
        self.check_database()
        for problem in self._theme_problems:
            self.notify(t("shell.theme_file_bad", problem=problem), severity="warning", timeout=10)
        self.set_class(self.theme == HIGH_CONTRAST, "-high-contrast")
        self.theme_changed_signal.subscribe(self, self.on_theme_changed)

    def on_theme_changed(self, theme: Theme) -> None:
        """Remember the theme the user chose (palette: "Theme") in config.toml."""
        self.set_class(theme.name == HIGH_CONTRAST, "-high-contrast")
        if theme.name != self._saved_theme:
            self._saved_theme = theme.name
            self.save_theme(theme.name)

    @work(thread=True, exclusive=True, exit_on_error=False, group="config", description="save the theme")
    def save_theme(self, name: str) -> None:
        save_setting("theme", name)

    @work(thread=True, exclusive=True, exit_on_error=False, group="shell", description="check the database")
    def check_database(self) -> None:
        from srmatch.services.dashboard import database_status

        self.post_message(self.DatabaseChecked(self._services.run(database_status)))

    def on_srmatch_app_database_checked(self, message: DatabaseChecked) -> None:
        """The header names the database on every screen, with DEMO on the demo database."""
        label = self._services.database_label
        self.is_demo_database = message.status.is_demo
        database = t("shell.header.demo", db=label) if message.status.is_demo else label
        # Who is working matters as much as where: roles decide what a key does.
        self.sub_title = t("shell.header.user", database=database, login=self._services.actor.login)

    def format_title(self, title: str, sub_title: str) -> Content:
        """Header text: the screen, the database, and a reversed DEMO badge on the demo database
        (a word, not only a colour, so it reads the same with NO_COLOR and high contrast)."""
        formatted = super().format_title(title, sub_title)
        if self.is_demo_database:
            return Content.assemble((f" {t('shell.header.badge')} ", "bold reverse"), " ", formatted)
        return formatted

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed worker of the app itself is a message (screens report their own)."""
        if event.state is WorkerState.ERROR:
            key = "shell.theme_not_saved" if event.worker.group == "config" else "error.background"
            self.notify(t(key, error=describe_error(event.worker.error)), severity="error", timeout=10)

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
        """The palette (ctrl+p) jumps to every built screen of the menu: "Open: Job seekers",
        and offers the actions of the screen it was opened on: "Job seekers: Sort"."""
        yield from super().get_system_commands(screen)
        yield from action_commands(self, screen)
        yield from theme_commands(self)
        for entry in registry.menu():
            if entry.built:
                title = t(entry.title_key)
                yield SystemCommand(
                    t("palette.open", screen=title), t("palette.open_help", screen=title), partial(self.open_screen, entry.screen_id)
                )
