"""Help: the keys of srmatch, in the user's language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Markdown

from srmatch.i18n import t
from srmatch.screens.base import SrmatchScreen


class HelpScreen(SrmatchScreen):
    """What every key does; Escape closes it."""

    BINDINGS = [Binding("escape", "back", "key.back", id="help.back", tooltip="key.back")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Markdown(t("help.text"), id="help")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("menu.help")

    def action_back(self) -> None:
        self.app.pop_screen()
