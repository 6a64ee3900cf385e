"""Job-seeker and vacancy lists: type to filter, Enter to open, Escape to go back.

The database does the filtering and returns at most ``PAGE_SIZE`` rows, so a caseload of
40,000 never lands in the table widget at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input, Static

from srmatch.i18n import t
from srmatch.screens.base import SrmatchScreen
from srmatch.services import records

PAGE_SIZE = 200


class ListScreen(SrmatchScreen):
    """A filterable table over one kind of record."""

    BINDINGS = [
        Binding("escape", "back", "key.back", id="list.back", tooltip="key.back"),
        Binding("ctrl+f", "focus_filter", "key.filter", id="list.filter", tooltip="key.filter"),
        Binding("enter", "open_selected", "key.open", id="list.open", tooltip="key.open", show=True),
    ]
    title_key: ClassVar[str] = ""
    #: (catalogue key, width) per column; widths keep the important columns within 80 columns.
    columns: ClassVar[Sequence[tuple[str, int]]] = ()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=t("list.filter_placeholder"), id="filter")
        table: DataTable[str] = DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="count")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t(self.title_key)
        table = self.query_one(DataTable)
        for key, width in self.columns:
            table.add_column(t(key), width=width)
        self.query_one("#filter", Input).focus()
        self.refresh_rows("")

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.refresh_rows(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one(DataTable).focus()

    @work(thread=True, exclusive=True, exit_on_error=False, group="list", description="load rows")
    def refresh_rows(self, text: str) -> None:
        rows, keys = self.fetch(text)
        self.app.call_from_thread(self._show_rows, rows, keys)

    def _show_rows(self, rows: list[tuple[Any, ...]], keys: list[str]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for key, row in zip(keys, rows, strict=True):
            table.add_row(*("" if cell is None else str(cell) for cell in row), key=key)
        shown = len(rows)
        self.query_one("#count", Static).update(
            t("list.count_capped", shown=shown) if shown >= PAGE_SIZE else t("list.count", shown=shown)
        )

    def fetch(self, text: str) -> tuple[list[tuple[Any, ...]], list[str]]:
        raise NotImplementedError

    def open_record(self, key: str) -> None:
        raise NotImplementedError

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_open_selected(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            self.notify(t("list.nothing_selected"), severity="warning")
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        if row_key.value is not None:
            self._open_safely(row_key.value)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self._open_safely(event.row_key.value)

    def _open_safely(self, key: str) -> None:
        """Open a record; its screen loads it in a worker and reports a record removed meanwhile."""
        self.open_record(key)


class SeekerListScreen(ListScreen):
    """The caseload: find a job seeker by name, client number or postcode."""

    screen_id = "seekers"
    title_key = "menu.seekers"
    columns = (
        ("col.client_number", 9),
        ("col.name", 17),
        ("col.postcode", 8),
        ("col.target_group", 17),
        ("col.ladder", 5),
        ("col.status", 11),
    )

    def fetch(self, text: str) -> tuple[list[tuple[Any, ...]], list[str]]:
        rows = self.services.run(records.list_seekers, text, limit=PAGE_SIZE)
        return (
            [
                (
                    r.client_number,
                    r.display_name,
                    r.postcode,
                    t(f"target_group.{r.target_group}"),
                    r.ladder_rung,
                    t(f"seeker_status.{r.status}"),
                )
                for r in rows
            ],
            [r.client_number for r in rows],
        )

    def open_record(self, key: str) -> None:
        self.context.open_screen("seeker", client_number=key)


class VacancyListScreen(ListScreen):
    """Vacancies: find one by title, reference, employer or postcode."""

    screen_id = "vacancies"
    title_key = "menu.vacancies"
    columns = (
        ("col.title", 27),
        ("col.employer", 17),
        ("col.postcode", 8),
        ("col.hours", 5),
        ("col.status", 11),
        ("col.reference", 15),
    )

    def fetch(self, text: str) -> tuple[list[tuple[Any, ...]], list[str]]:
        rows = self.services.run(records.list_vacancies, text, limit=PAGE_SIZE)
        return (
            [
                (r.title, r.employer, r.postcode, f"{r.hours_min}–{r.hours_max}", t(f"vacancy_status.{r.status}"), r.reference)
                for r in rows
            ],
            [r.reference for r in rows],
        )

    def open_record(self, key: str) -> None:
        self.context.open_screen("vacancy", reference=key)
