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

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Input, Static

from srmatch.errors import UserFacingError
from srmatch.formatting import format_moment
from srmatch.i18n import t
from srmatch.screens.base import SrmatchScreen
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
    """The audit log, filterable; Enter on a row shows its origin and reason below the table."""

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

    def compose(self) -> ComposeResult:
        yield Header()
        for row in (FILTERS[:3], FILTERS[3:]):
            with Horizontal(classes="audit-filters"):
                for field_id, placeholder in row:
                    yield Input(placeholder=t(placeholder), id=field_id, classes="audit-filter")
        table: DataTable[str] = DataTable(id="events", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="event-detail")
        yield Static(t("audit.loading"), id="count")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("menu.audit")
        table = self.query_one("#events", DataTable)
        for key, width in (
            ("audit.col.time", 16),
            ("audit.col.actor", 13),
            ("audit.col.action", 18),
            ("audit.col.object", 14),
            ("audit.col.result", 9),
        ):
            table.add_column(t(key), width=width)
        self.query_one("#actor", Input).focus()
        self.reload()

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
        table = self.query_one("#events", DataTable)
        table.clear()
        for row in message.page.rows:
            table.add_row(
                format_moment(row.occurred_at),
                row.actor,
                row.action,
                f"{row.object_type} {row.object_id or ''}".strip(),
                _result_label(row.result),
                key=str(row.id),
            )
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
        """Origin and reason of the highlighted event, on the line under the table."""
        detail = self.query_one("#event-detail", Static)
        table = self.query_one("#events", DataTable)
        if self.page is None or not self.page.rows or table.row_count == 0:
            detail.update("")
            return
        index = min(table.cursor_row, len(self.page.rows) - 1)
        row = self.page.rows[index]
        detail.update(t("audit.detail", origin=row.origin or "—", reason=row.reason or "—"))

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


def _result_label(result: str) -> str:
    """A known result in the user's language; anything else as stored."""
    key = f"audit.result.{result}"
    label = t(key)
    return result if label == key else label
