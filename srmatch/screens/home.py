"""Home: every screen of srmatch in one keyboard menu, with the size of the caseload."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from srmatch.i18n import t
from srmatch.screens import registry
from srmatch.screens.base import SrmatchScreen
from srmatch.services import privacy, records


@dataclass(frozen=True)
class Summary:
    """What the database holds, for the home screen's side panel."""

    seekers: int
    open_vacancies: int
    vacancies: int
    #: People the retention purge would erase now (``srmatch privacy purge``); 0 hides the line.
    due_for_erasure: int = 0


class HomeScreen(SrmatchScreen):
    """Start screen: pick where to work; shows what the database holds."""

    screen_id = "home"
    #: Below 80 columns the summary panel narrows (``srmatch.tcss``) so every menu entry keeps one line.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(entry.key, f"open('{entry.screen_id}')", entry.title_key, id=entry.binding_id, show=False)
            for entry in registry.menu()
            if entry.key
        ),
        Binding("q", "app.quit", "key.quit", id="home.quit", tooltip="key.quit", show=False),
    ]

    class SummaryLoaded(Message):
        """The record counts arrived from the database."""

        def __init__(self, summary: Summary) -> None:
            super().__init__()
            self.summary = summary

    def compose(self) -> ComposeResult:
        keymap = self.context.settings.keymap
        options = []
        for entry in registry.menu():
            label = f"[{entry.menu_key(keymap)}] {t(entry.title_key)}"
            if not entry.built:
                label += f" ({t('menu.not_built')})"
            options.append(Option(Text(label, style="" if entry.built else "dim"), id=entry.screen_id))
        yield Header()
        with Horizontal():
            yield OptionList(*options, id="menu")
            yield Static(t("home.loading"), id="summary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#menu", OptionList).focus()
        self.load_summary()

    @work(thread=True, exclusive=True, exit_on_error=False, group="home", description="count records")
    def load_summary(self) -> None:
        run = self.services.run
        summary = Summary(
            seekers=run(records.count_seekers),
            open_vacancies=run(records.count_vacancies, status="open"),
            vacancies=run(records.count_vacancies),
            due_for_erasure=run(privacy.count_due_for_purge),
        )
        self.post_message(self.SummaryLoaded(summary))

    def on_home_screen_summary_loaded(self, message: SummaryLoaded) -> None:
        summary = message.summary
        empty = summary.seekers == 0 and summary.vacancies == 0
        self.set_class(empty, "-empty-database")
        if empty:  # a new database: say how to get data in, in place of the counts
            self.query_one("#summary", Static).update(t("home.empty"))
            return
        self.query_one("#summary", Static).update(
            t("home.summary", seekers=summary.seekers, open=summary.open_vacancies, vacancies=summary.vacancies)
            + (f"\n{t('privacy.home.due', count=summary.due_for_erasure)}" if summary.due_for_erasure else "")
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.action_open(event.option.id)

    def action_open(self, screen_id: str) -> None:
        self.context.open_screen(screen_id)
