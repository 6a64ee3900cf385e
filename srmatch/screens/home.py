"""Home: every screen of srmatch in one keyboard menu, with the size of the caseload."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from srmatch.i18n import t
from srmatch.screens.base import SrmatchScreen
from srmatch.services import records

#: (id, shortcut key) of each entry in the menu, in the order of DESIGN.md §7.
MENU = (
    ("dashboard", "d"),
    ("seekers", "s"),
    ("vacancies", "v"),
    ("matches", "m"),
    ("queue", "r"),
    ("contracts", "c"),
    ("organisations", "o"),
    ("audit", "a"),
    ("help", "h"),
)


class HomeScreen(SrmatchScreen):
    """Start screen: pick where to work; shows what the database holds."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"open('{screen_id}')", f"menu.{screen_id}", id=f"home.{screen_id}", show=False)
            for screen_id, key in MENU
        ),
        Binding("q", "app.quit", "key.quit", id="home.quit", tooltip="key.quit", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(
                *(Option(Text(f"[{key}] {t(f'menu.{screen_id}')}"), id=screen_id) for screen_id, key in MENU),
                id="menu",
            )
            yield Static(t("home.loading"), id="summary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#menu", OptionList).focus()
        self.load_summary()

    @work(thread=True, exclusive=True, exit_on_error=False, group="home", description="count records")
    def load_summary(self) -> None:
        engine = self.srmatch.engine
        seekers = records.count_seekers(engine)
        open_vacancies = records.count_vacancies(engine, status="open")
        all_vacancies = records.count_vacancies(engine)
        text = t("home.summary", seekers=seekers, open=open_vacancies, vacancies=all_vacancies)
        self.app.call_from_thread(self.query_one("#summary", Static).update, text)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.action_open(event.option.id)

    def action_open(self, screen_id: str) -> None:
        self.srmatch.open_screen(screen_id)
