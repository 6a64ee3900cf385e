"""The caseworker's own screen: follow-ups due now, and every proposal they made.

Follow-ups (``placements.due_for_follow_up``): proposals a team lead sent back, approved
placements to introduce, introductions whose start (or not) to record, and 6-month checks
that are due. Keys: ``u`` resubmit with an answer, ``i`` introduced, ``t`` started (date,
hours, contract type), ``n`` not hired (reason from the list), ``s`` confirm the 6-month
check, ``tab`` switches table, ``F5`` reloads. The footer shows only the follow-ups the
highlighted placement allows; another follow-up key says why it is not possible now.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, Select, Static

from srmatch.errors import UserFacingError
from srmatch.formatting import format_date
from srmatch.i18n import t
from srmatch.screens.base import SrmatchScreen, translate_bindings
from srmatch.screens.lists import Column, fill_table
from srmatch.screens.queue import ReasonDialog
from srmatch.services import placements
from srmatch.services.placements import PlacementDetail, PlacementRow


EMPLOYMENT_TYPES = ("fixed_term", "permanent", "bbl", "internship", "work_experience")


class StartDialog(ModalScreen[tuple[dt.date, int, str] | None]):
    """Record a start: the first working day, hours per week and the contract type."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "queue.key.cancel", id="start.cancel", tooltip="queue.key.cancel"),
    ]

    def __init__(self, placement_id: int, employment_type: str | None) -> None:
        super().__init__()
        self.placement_id = placement_id
        self.default_type = employment_type if employment_type in EMPLOYMENT_TYPES else "fixed_term"
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(t("caseload.dialog.start", id=self.placement_id), id="dialog-title")
            yield Input(value=dt.date.today().isoformat(), placeholder=t("caseload.start.date"), id="start-date")
            yield Input(placeholder=t("caseload.start.hours"), id="start-hours", type="integer")
            yield Select([(t(f"employment_type.{kind}"), kind) for kind in EMPLOYMENT_TYPES],
                         value=self.default_type, allow_blank=False, id="start-type")
            yield Static("", id="dialog-error")
            with Horizontal(id="dialog-buttons"):
                yield Button(t("queue.dialog.ok"), id="ok", variant="primary")
                yield Button(t("queue.dialog.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#start-hours", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _confirm(self) -> None:
        error = self.query_one("#dialog-error", Static)
        try:
            start = dt.date.fromisoformat(self.query_one("#start-date", Input).value.strip())
        except ValueError:
            error.update(t("caseload.start.bad_date"))
            return
        hours_text = self.query_one("#start-hours", Input).value.strip()
        if not hours_text.isdigit() or not 1 <= int(hours_text) <= 60:
            error.update(t("caseload.start.bad_hours"))
            self.query_one("#start-hours", Input).focus()
            return
        kind = self.query_one("#start-type", Select).value
        self.dismiss((start, int(hours_text), str(kind)))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


#: Follow-ups: what to do (its short form; the detail says it in full), who, which vacancy; the
#: vacancy's title takes what is left, and the placement number leaves a narrow terminal first.
DUE_COLUMNS = (
    Column("placements.col.id", "id", 2, drop=1),
    Column("placements.col.due", "due"),
    Column("col.client_number", "client_number", 9),
    Column("col.reference", "reference", 15),
    Column("col.title", "title", 18, flex=1),
)
#: Own proposals and placements; at 80 columns the number, then the proposal date leave.
MINE_COLUMNS = (
    Column("placements.col.id", "id", 2, drop=2),
    Column("placements.col.status", "status"),
    Column("col.client_number", "client_number", 9),
    Column("col.reference", "reference", 15),
    Column("col.title", "title", 18, flex=1),
    Column("placements.col.score", "score", 3),
    Column("placements.col.proposed_at", "proposed_at", 10, drop=1),
)


#: The caseload's follow-up actions (screen action → placement transition, ``placements.TRANSITIONS``).
FOLLOW_UPS = {"introduce": "introduce", "start": "start", "not_hired": "not_hired", "sustain": "sustain",
              "resubmit": "resubmit"}


def follow_up_bindings(key: str, action: str) -> tuple[Binding, Binding]:
    """A follow-up's key, and the same key (same id, so a remap in ``config.toml`` moves both)
    for when the highlighted placement does not allow it.

    ``check_action`` returning False hides the first from the footer, F1 and the palette, and
    Textual then tries the next binding of the key: the second, never shown (no description),
    which says why the follow-up is not possible instead of doing nothing.
    """
    binding_id = f"caseload.{action}"
    return (
        Binding(key, action, f"caseload.key.{action}", id=binding_id, tooltip=f"caseload.key.{action}"),
        Binding(key, f"not_possible('{action}')", "", id=binding_id, show=False),
    )


class CaseloadScreen(SrmatchScreen):
    """My follow-ups and my proposals."""

    screen_id = "caseload"
    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer shows the follow-ups the highlighted placement allows (``check_action``), in
        # the order a placement goes through them, then Escape, the app's quit and help and the
        # palette key: at most two follow-ups at a time, so they fit 80 columns in Dutch and
        # English. Reload (F5) stays out of the footer; F1 and the palette list it.
        # A key the placement does not allow is left out of the footer, but pressing it says why
        # (``follow_up_bindings``, ``action_not_possible``).
        *follow_up_bindings("i", "introduce"),
        *follow_up_bindings("t", "start"),
        *follow_up_bindings("n", "not_hired"),
        *follow_up_bindings("s", "sustain"),
        *follow_up_bindings("u", "resubmit"),
        Binding("f5", "reload", "queue.key.reload", id="caseload.reload", tooltip="queue.key.reload", show=False),
        Binding("escape", "back", "key.back", id="caseload.back", tooltip="key.back"),
    ]

    class CaseloadLoaded(Message):
        """Follow-ups and proposals arrived."""

        def __init__(self, due: list[PlacementRow], mine: list[PlacementRow], generation: int) -> None:
            super().__init__()
            self.due = due
            self.mine = mine
            self.generation = generation

    class PlacementLoaded(Message):
        """The highlighted placement's detail arrived."""

        def __init__(self, detail: PlacementDetail) -> None:
            super().__init__()
            self.detail = detail

    class PlacementMoved(Message):
        """A follow-up action was recorded (or refused: ``error``)."""

        def __init__(self, placement_id: int, action: str, error: str | None) -> None:
            super().__init__()
            self.placement_id = placement_id
            self.action = action
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[int, PlacementRow] = {}
        #: What the two tables show, in order.
        self.due: list[PlacementRow] = []
        self.mine: list[PlacementRow] = []
        self.details: dict[int, PlacementDetail] = {}
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("caseload.due_title"), classes="caseload-heading", id="due-heading")
        due: DataTable[str] = DataTable(id="due-table", cursor_type="row", zebra_stripes=True)
        yield due
        yield Static(t("caseload.mine_title"), classes="caseload-heading", id="mine-heading")
        mine: DataTable[str] = DataTable(id="mine-table", cursor_type="row", zebra_stripes=True)
        yield mine
        with VerticalScroll(id="caseload-detail-scroll"):
            yield Static("", id="caseload-detail")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A follow-up key is there only while the highlighted placement allows it (else the
        same key runs ``not_possible``, see ``follow_up_bindings``)."""
        transition = FOLLOW_UPS.get(action)
        if transition is None:
            return True
        try:
            current = self._current_id()
        except NoMatches:  # not composed yet
            return False
        row = self.rows.get(current) if current is not None else None
        return row is not None and transition in placements.allowed_actions(row.status)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # the other table: its highlighted placement allows other keys

    def on_mount(self) -> None:
        self.title = t("menu.caseload")
        self._fill_tables()
        self.query_one("#due-table", DataTable).focus()
        self.reload()

    def on_resize(self) -> None:
        self._fill_tables()

    def _fill_tables(self, *, keep_cursor: bool = True) -> None:
        """Both tables in the columns that fit the terminal now."""
        width = self.size.width or 80
        due_width = max(len(t(f"placements.due_short.{kind}")) for kind in placements.DUE_KINDS)
        fill_table(self.query_one("#due-table", DataTable), width, DUE_COLUMNS, (
            (str(row.id), (str(row.id), t(f"placements.due_short.{row.due}") + (f" {format_date(row.due_on)}" if row.due_on else ""),
                           row.client_number, row.vacancy_reference, row.vacancy_title))
            for row in self.due
        ), value_widths={"due": due_width}, keep_cursor=keep_cursor)
        fill_table(self.query_one("#mine-table", DataTable), width, MINE_COLUMNS, (
            (str(row.id), (str(row.id), t(f"placements.state_short.{row.status}"), row.client_number,
                           row.vacancy_reference, row.vacancy_title, "—" if row.score is None else f"{row.score:.0f}",
                           format_date(row.proposed_at)))
            for row in self.mine
        ), keep_cursor=keep_cursor)

    def reload(self) -> None:
        self._generation += 1
        self.load(self._generation)

    @work(thread=True, exclusive=True, exit_on_error=False, group="caseload-load", description="load my caseload")
    def load(self, generation: int) -> None:
        services = self.services
        due = services.run(placements.due_for_follow_up, services.actor)
        mine = services.run(placements.list_placements, services.actor, mine=True)
        self.post_message(self.CaseloadLoaded(due, mine, generation))

    def on_caseload_screen_caseload_loaded(self, message: CaseloadLoaded) -> None:
        if message.generation != self._generation:
            return
        self.rows = {row.id: row for row in [*message.mine, *message.due]}
        self.due, self.mine = message.due, message.mine
        self._fill_tables(keep_cursor=False)
        self.query_one("#due-heading", Static).update(t("caseload.due_count", n=len(message.due)))
        self.query_one("#mine-heading", Static).update(t("caseload.mine_count", n=len(message.mine)))
        self._highlighted()

    def _current_id(self) -> int | None:
        focused = self.focused
        table = focused if isinstance(focused, DataTable) else self.query_one("#due-table", DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return int(row_key.value) if row_key.value is not None else None

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()
        current = self._current_id()
        if current is None:
            self.query_one("#caseload-detail", Static).update(t("caseload.nothing"))
            return
        self.fetch_detail(current)

    @work(thread=True, exclusive=True, exit_on_error=False, group="caseload-detail", description="open placement")
    def fetch_detail(self, placement_id: int) -> None:
        services = self.services
        self.post_message(self.PlacementLoaded(services.run(placements.show, services.actor, placement_id)))

    def on_caseload_screen_placement_loaded(self, message: PlacementLoaded) -> None:
        detail = message.detail
        self.details[detail.id] = detail
        if detail.id != self._current_id():
            return
        lines = [f"[b]{detail.seeker_name}[/b] ({detail.client_number}) → [b]{detail.vacancy_title}[/b] "
                 f"({detail.vacancy_reference}, {detail.employer})",
                 t("caseload.detail.state", state=t(f"placements.state.{detail.status}"),
                   allowed=placements.describe_allowed(detail.status))]
        if detail.review_note:
            lines.append(t("caseload.detail.review_note", who=detail.reviewed_by or "?", note=detail.review_note))
        if detail.start_date:
            lines.append(t("caseload.detail.started", start=format_date(detail.start_date),
                           hours=detail.hours_per_week or "?", due=format_date(detail.sustain_due_on)))
        self.query_one("#caseload-detail", Static).update("\n".join(lines))

    def _act(self, action: str, *, reason_kind: str | None = None, text_required: bool = False,
             ask: bool = False) -> None:
        current = self._current_id()
        if current is None:
            self.notify(t("queue.nothing_selected"), severity="warning")
            return
        version = self.details[current].version if current in self.details else None
        if not ask:
            self.move(current, action, version, None, None)
            return

        def done(answer: tuple[str | None, str] | None) -> None:
            if answer is not None:
                self.move(current, action, version, answer[0], answer[1] or None)

        self.app.push_screen(ReasonDialog(t(f"caseload.dialog.{action}", id=current), reason_kind=reason_kind,
                                          text_required=text_required), done)

    @work(thread=True, exclusive=True, exit_on_error=False, group="caseload-move", description="record follow-up")
    def move(self, placement_id: int, action: str, version: int | None, reason: str | None, note: str | None,
             start: tuple[dt.date, int, str] | None = None) -> None:
        services = self.services
        try:
            services.run(placements.transition, services.actor, placement_id, action, expected_version=version,
                         reason=reason, note=note, start_date=start[0] if start else None,
                         hours=start[1] if start else None, employment_type=start[2] if start else None)
        except UserFacingError as error:
            self.post_message(self.PlacementMoved(placement_id, action, str(error)))
            return
        self.post_message(self.PlacementMoved(placement_id, action, None))

    def on_caseload_screen_placement_moved(self, message: PlacementMoved) -> None:
        if message.error:
            self.notify(message.error, severity="error", timeout=10)
        else:
            self.notify(t("caseload.moved", id=message.placement_id, action=t(f"placements.done.{message.action}")))
        self.details.pop(message.placement_id, None)
        self.reload()

    def action_resubmit(self) -> None:
        self._act("resubmit", text_required=True, ask=True)

    def action_introduce(self) -> None:
        self._act("introduce")

    def action_start(self) -> None:
        current = self._current_id()
        if current is None:
            self.notify(t("queue.nothing_selected"), severity="warning")
            return
        detail = self.details.get(current)
        version = detail.version if detail else None

        def done(answer: tuple[dt.date, int, str] | None) -> None:
            if answer is not None:
                self.move(current, "start", version, None, None, answer)

        self.app.push_screen(StartDialog(current, detail.employment_type if detail else None), done)

    def action_not_hired(self) -> None:
        self._act("not_hired", reason_kind="not_hired", ask=True)

    def action_sustain(self) -> None:
        self._act("sustain")

    def action_not_possible(self, action: str) -> None:
        """A follow-up key the highlighted placement does not allow: one line saying why."""
        current = self._current_id()
        row = self.rows.get(current) if current is not None else None
        if row is None:
            self.notify(t("queue.nothing_selected"), severity="warning")
            return
        self.notify(t("caseload.not_possible", id=row.id, action=t(f"placements.done.{FOLLOW_UPS[action]}"),
                      allowed=placements.describe_allowed(row.status)), severity="warning")

    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()
