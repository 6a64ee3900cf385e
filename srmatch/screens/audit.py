"""The audit log (team lead, admin): who did what to which record, when, with what result.

Six filters (actor, action, object, from, to, result) narrow the table as you type; the
database filters and returns at most ``PAGE_SIZE`` events, newest first. Opening the screen is
itself an audit event; refining the filter is not (one event per opening, not per keystroke).
The role is checked by the service on every load, so a caseworker who reaches this screen
sees a refusal, never an event. Events hold no personal data: objects are named by type and
internal id.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Input, Static

from srmatch.errors import UserFacingError
from srmatch.formatting import format_moment
from srmatch.i18n import t
from srmatch.screens.base import SrmatchScreen
from srmatch.screens.lists import Column, fill_table
from srmatch.services import audit
from srmatch.services.audit import AuditFilter, AuditPage

PAGE_SIZE = 200

#: (input id, catalogue key of its placeholder), in the order of the two filter rows.
FILTERS = (
    ("actor", "audit.filter.actor"),
    ("action", "audit.filter.action"),
    ("object", "audit.filter.object"),
    ("since", "audit.filter.since"),
    ("until", "audit.filter.until"),
    ("result", "audit.filter.result"),
)


#: Every value whole (``screens/lists.py::fill_table``); action and object share what is left. When
#: 80 columns cannot hold them all (a long action such as ``vacancy.employer_export``), the object
#: leaves the table and the line under it names the highlighted event's object, with its origin
#: and reason.
AUDIT_COLUMNS = (
    Column("audit.col.time", "time"),
    Column("audit.col.actor", "actor"),
    Column("audit.col.action", "action", flex=1),
    Column("audit.col.object", "object", flex=1, drop=1),
    Column("audit.col.result", "result"),
)
#: The results the audit log knows a word for (``audit.result.*``); others show as stored.
RESULTS = ("success", "refused", "not_found", "dry_run")


class FilterError(ValueError):
    """A filter field holds something that is not a valid value (a date, mostly)."""


def parse_filter(values: dict[str, str]) -> AuditFilter:
    """The filter fields as the service's ``AuditFilter``; ``FilterError`` names a bad field."""

    def date(field: str) -> dt.date | None:
        text = values.get(field, "").strip()
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise FilterError(t("audit.filter.bad_date", value=text)) from None

    object_text = values.get("object", "").replace(":", " ").split()
    return AuditFilter(
        actor=values.get("actor", "").strip() or None,
        action=values.get("action", "").strip() or None,
        object_type=object_text[0] if object_text else None,
        object_id=object_text[1] if len(object_text) > 1 else None,
        result=values.get("result", "").strip() or None,
        since=date("since"),
        until=date("until"),
    )


class AuditLogScreen(SrmatchScreen):
    """The audit log, filterable; the highlighted row's origin and reason show whole below the table."""

    screen_id = "audit"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "key.back", id="audit.back", tooltip="key.back"),
        Binding("ctrl+f", "focus_filter", "key.filter", id="audit.filter", tooltip="key.filter"),
        Binding("ctrl+l", "clear_filters", "audit.key.clear", id="audit.clear", tooltip="audit.key.clear"),
        Binding("ctrl+r", "reload", "audit.key.reload", id="audit.reload", tooltip="audit.key.reload"),
    ]

    class EventsLoaded(Message):
        """A page of events arrived for the filter of load number ``generation``."""

        def __init__(self, generation: int, page: AuditPage) -> None:
            super().__init__()
            self.generation = generation
            self.page = page

    class LoadRefused(Message):
        """The service refused the load (role, bad value): one line for the status bar."""

        def __init__(self, generation: int, message: str) -> None:
            super().__init__()
            self.generation = generation
            self.message = message

    def __init__(self) -> None:
        super().__init__()
        #: The events on screen (the screen's state), newest first.
        self.page: AuditPage | None = None
        self._generation = 0
        self._opened = False
        #: The columns the terminal has room for (80 columns may leave the object out).
        self.shown_columns: tuple[Column, ...] = ()

    def compose(self) -> ComposeResult:
        yield Header()
        for row in (FILTERS[:3], FILTERS[3:]):
            with Horizontal(classes="audit-filters"):
                for field_id, placeholder in row:
                    yield Input(placeholder=t(placeholder), id=field_id, classes="audit-filter")
        table: DataTable[str] = DataTable(id="events", cursor_type="row", zebra_stripes=True)
        yield table
        # Origin and reason wrap: the area grows with a long reason (a few lines), a longer one scrolls.
        with VerticalScroll(id="event-detail-scroll"):
            yield Static("", id="event-detail")
        yield Static(t("audit.loading"), id="count")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("menu.audit")
        self._fill_table()
        self.query_one("#actor", Input).focus()
        self.reload()

    def on_resize(self) -> None:
        self._fill_table()

    def _fill_table(self, *, keep_cursor: bool = True) -> None:
        """The events on screen in the columns that fit the terminal now (after a load or a resize)."""
        rows = [(str(row.id), (format_moment(row.occurred_at), row.actor, row.action, _object(row), _result_label(row.result)))
                for row in (self.page.rows if self.page is not None else ())]
        self.shown_columns = fill_table(self.query_one("#events", DataTable), self.size.width or 80, AUDIT_COLUMNS, rows, value_widths={
            "action": max((len(cells[2]) for _key, cells in rows), default=0),
            "object": max((len(cells[3]) for _key, cells in rows), default=0),
            "result": max(len(_result_label(result)) for result in RESULTS),
        }, keep_cursor=keep_cursor)
        self._show_detail()

    def filter_values(self) -> dict[str, str]:
        return {field_id: self.query_one(f"#{field_id}", Input).value for field_id, _ in FILTERS}

    def reload(self) -> None:
        """Load the events for the current filter (in a worker); show a bad filter at once."""
        self._generation += 1
        try:
            criteria = parse_filter(self.filter_values())
        except FilterError as error:
            self.query_one("#count", Static).update(str(error))
            return
        self.load(self._generation, criteria, not self._opened)
        self._opened = True

    @work(thread=True, exclusive=True, exit_on_error=False, group="audit", description="load audit events")
    def load(self, generation: int, criteria: AuditFilter, audit_view: bool) -> None:
        try:
            page = self.services.run(
                audit.list_events, self.services.actor, criteria, limit=PAGE_SIZE, audit_view=audit_view
            )
        except UserFacingError as error:
            self.post_message(self.LoadRefused(generation, str(error)))
            return
        self.post_message(self.EventsLoaded(generation, page))

    def on_audit_log_screen_events_loaded(self, message: EventsLoaded) -> None:
        if message.generation != self._generation:
            return  # a newer filter is on its way; this page is stale
        self.page = message.page
        self._fill_table(keep_cursor=False)
        shown, total = len(message.page.rows), message.page.total
        self.query_one("#count", Static).update(
            t("audit.count", shown=shown, total=total) if shown < total else t("audit.count_all", total=total)
        )
        self._show_detail()

    def on_audit_log_screen_load_refused(self, message: LoadRefused) -> None:
        if message.generation != self._generation:
            return
        self.page = None
        self.query_one("#events", DataTable).clear()
        self.query_one("#event-detail", Static).update("")
        self.query_one("#count", Static).update(message.message)

    @on(Input.Changed, ".audit-filter")
    def _filter_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, ".audit-filter")
    def _filter_submitted(self) -> None:
        self.query_one("#events", DataTable).focus()

    @on(DataTable.RowHighlighted, "#events")
    def _row_highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """Origin and reason of the highlighted event (and its object, when the table left it out)."""
        detail = self.query_one("#event-detail", Static)
        table = self.query_one("#events", DataTable)
        if self.page is None or not self.page.rows or table.row_count == 0:
            detail.update("")
            return
        index = min(table.cursor_row, len(self.page.rows) - 1)
        row = self.page.rows[index]
        text = t("audit.detail", origin=row.origin or "—", reason=row.reason or "—")
        if not any(column.id == "object" for column in self.shown_columns):
            text = f"{t('audit.col.object')}: {_object(row)} · {text}"
        detail.update(escape(text))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_focus_filter(self) -> None:
        self.query_one("#actor", Input).focus()

    def action_clear_filters(self) -> None:
        with self.prevent(Input.Changed):
            for field_id, _ in FILTERS:
                self.query_one(f"#{field_id}", Input).value = ""
        self.reload()

    def action_reload(self) -> None:
        self.reload()


def _object(row: audit.AuditRow) -> str:
    """The object of an event: its type and internal id (no personal data)."""
    return f"{row.object_type} {row.object_id or ''}".strip()


def _result_label(result: str) -> str:
    """A known result in the user's language; anything else as stored."""
    key = f"audit.result.{result}"
    label = t(key)
    return result if label == key else label
