"""The team lead's review queue: pending proposals, oldest first, decided from the keyboard.

Each row shows how long the proposal has waited, who it is for, the frozen score and whether
the engine surfaced the pair; the pane below shows the frozen score breakdown as the
caseworker saw it, their note, and the person's other open proposals. Keys: ``a`` approve,
``x`` reject (a reason from the list plus free text), ``b`` send back with a question,
``space`` mark for bulk approval, ``A`` approve all marked, ``/`` filter, ``F5`` reload.

The queue loads at most ``placements.QUEUE_PAGE`` rows (the counts are of all pending
proposals) in a thread worker; decisions run in workers too and post past-tense messages.
A decision made on a stale row (someone else acted first) comes back as "changed by X at T;
reload" and the queue reloads.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from srmatch.errors import UserFacingError
from srmatch.formatting import format_moment
from srmatch.i18n import t
from srmatch.screens.base import SrmatchScreen, translate_bindings
from srmatch.screens.lists import Column, fill_table
from srmatch.services import placements
from srmatch.services.placements import QueueItem, ReviewQueue


def waited(item: QueueItem, now: dt.datetime | None = None) -> str:
    """'3 d' or '5 h': how long a proposal has waited."""
    delta = item.waiting(now)
    if delta.days >= 1:
        return t("queue.days", n=delta.days)
    return t("queue.hours", n=max(0, delta.seconds // 3600))


def engine_mark(item: QueueItem, *, short: bool = False) -> str:
    """Whether the engine surfaced the pair, in words (never colour alone); ``short`` for the table."""
    prefix = "queue.engine_short" if short else "queue.engine"
    if item.explanation.excluded:
        return t(f"{prefix}.excluded")
    return t(f"{prefix}.surfaced") if item.surfaced_by_engine else t(f"{prefix}.not_surfaced")


#: The queue's columns: the vacancy's reference whole, its title takes what is left; at 80 columns
#: the proposer leaves (the counts line names them per caseworker, the detail pane in full).
QUEUE_COLUMNS = (
    Column("queue.col.mark", "queue.col.mark", 1),
    Column("queue.col.waiting", "queue.col.waiting", 5),
    Column("col.client_number", "col.client_number", 9),
    Column("col.reference", "col.reference", 15),
    Column("col.title", "col.title", 18, flex=1),
    Column("queue.col.score", "queue.col.score", 3),
    Column("queue.col.engine", "queue.col.engine"),
    Column("queue.col.caseworker", "queue.col.caseworker", 8, drop=1),
)


def describe(item: QueueItem) -> str:
    """The detail pane: frozen breakdown, the caseworker's note, other open proposals."""
    lines = [
        f"[b]{item.seeker_name}[/b] ({item.client_number}) → [b]{item.vacancy_title}[/b] "
        f"({item.vacancy_reference}, {item.employer})",
        t("queue.detail.proposed", who=item.proposed_by_name or item.proposed_by or "?",
          when=format_moment(item.proposed_at), engine=engine_mark(item)),
    ]
    score = "—" if item.score is None else f"{item.score:.0f}"
    lines.append(t("queue.detail.score", score=score))
    for line in item.explanation.lines:
        points = "" if line.points is None else f" ({line.points:g})"
        lines.append(f"  • {line.text}{points}")
    for reason in item.explanation.exclusions:
        lines.append(f"  ✗ {reason}")
    lines.append(t("queue.detail.note", note=item.proposal_note or "—"))
    others = ", ".join(f"{ref} ({t(f'placements.state.{status}')})" for ref, status in item.other_open) or "—"
    lines.append(t("queue.detail.others", others=others))
    return "\n".join(lines)


class ReasonDialog(ModalScreen[tuple[str | None, str] | None]):
    """Ask for a decision's reason: a code from a list (reject) and/or free text."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "queue.key.cancel", id="dialog.cancel", tooltip="queue.key.cancel"),
    ]

    def __init__(self, title: str, *, reason_kind: str | None, text_required: bool) -> None:
        super().__init__()
        self.dialog_title = title
        self.reason_kind = reason_kind
        self.text_required = text_required
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.dialog_title, id="dialog-title")
            if self.reason_kind:
                yield OptionList(*(Option(r.label, id=r.code) for r in placements.reasons(self.reason_kind)), id="reasons")
            yield Input(placeholder=t("queue.dialog.text_required" if self.text_required else "queue.dialog.text"), id="text")
            yield Static("", id="dialog-error")
            with Horizontal(id="dialog-buttons"):
                yield Button(t("queue.dialog.ok"), id="ok", variant="primary")
                yield Button(t("queue.dialog.cancel"), id="cancel")

    def on_mount(self) -> None:
        if self.reason_kind:
            options = self.query_one("#reasons", OptionList)
            options.highlighted = 0
            options.focus()
        else:
            self.query_one("#text", Input).focus()

    @on(OptionList.OptionSelected, "#reasons")
    def _reason_picked(self) -> None:
        self.query_one("#text", Input).focus()

    @on(Input.Submitted, "#text")
    @on(Button.Pressed, "#ok")
    def _confirm(self) -> None:
        code: str | None = None
        if self.reason_kind:
            options = self.query_one("#reasons", OptionList)
            if options.highlighted is None:
                self.query_one("#dialog-error", Static).update(t("queue.dialog.pick_reason"))
                return
            code = options.get_option_at_index(options.highlighted).id
        text = self.query_one("#text", Input).value.strip()
        if (self.text_required or code == "other") and not text:
            self.query_one("#dialog-error", Static).update(t("queue.dialog.need_text"))
            self.query_one("#text", Input).focus()
            return
        self.dismiss((code, text))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class QueueScreen(SrmatchScreen):
    """Placement queue (team lead): approve, reject, send back; bulk approval."""

    screen_id = "queue"
    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer is 80 columns wide and must keep quit and help (the app's ^q and F1) and the
        # palette key: it shows the three decisions on the highlighted proposal, with short
        # descriptions (the tooltip, the palette and F1 say them in full). Marking, approving the
        # marked, back, filter and reload are keys all the same, listed by F1 and the palette.
        Binding("escape", "back", "key.back", id="queue.back", tooltip="key.back", show=False),
        Binding("a", "approve", "queue.key.approve", id="queue.approve", tooltip="queue.key.approve_help"),
        Binding("x", "reject", "queue.key.reject", id="queue.reject", tooltip="queue.key.reject"),
        Binding("b", "send_back", "queue.key.send_back", id="queue.send_back", tooltip="queue.key.send_back"),
        Binding("space", "mark", "queue.key.mark", id="queue.mark", tooltip="queue.key.mark", show=False),
        Binding("A", "approve_marked", "queue.key.approve_marked", id="queue.approve_marked",
                tooltip="queue.key.approve_marked_help", show=False),
        Binding("slash", "focus_filter", "key.filter", id="queue.filter", tooltip="key.filter", show=False),
        Binding("f5", "reload", "queue.key.reload", id="queue.reload", tooltip="queue.key.reload", show=False),
    ]

    class QueueLoaded(Message):
        """A page of the queue arrived (``generation`` drops stale loads)."""

        def __init__(self, queue: ReviewQueue, generation: int) -> None:
            super().__init__()
            self.queue = queue
            self.generation = generation

    class PlacementsDecided(Message):
        """Placements were approved, rejected or sent back (or the decision was refused)."""

        def __init__(self, action: str, ids: tuple[int, ...], error: str | None) -> None:
            super().__init__()
            self.action = action
            self.ids = ids
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        #: The rows on screen, by placement id, and the ids marked for bulk approval.
        self.items: dict[int, QueueItem] = {}
        self.marked: set[int] = set()
        self.queue: ReviewQueue | None = None
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="queue-filters"):
            yield Input(placeholder=t("queue.filter.caseworker"), id="filter-caseworker", compact=True)
            yield Input(placeholder=t("queue.filter.vacancy"), id="filter-vacancy", compact=True)
        yield Static(t("queue.loading"), id="queue-counts")
        table: DataTable[str] = DataTable(id="queue-table", cursor_type="row", zebra_stripes=True)
        yield table
        with VerticalScroll(id="queue-detail-scroll"):
            yield Static("", id="queue-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("menu.queue")
        self._fill_table()
        self.query_one("#queue-table", DataTable).focus()
        self.reload()

    def on_resize(self) -> None:
        self._fill_table()

    def _fill_table(self, *, keep_cursor: bool = True) -> None:
        """The queue's rows in the columns that fit the terminal now."""
        now = dt.datetime.now(dt.UTC)
        engine_width = max(len(t(f"queue.engine_short.{mark}")) for mark in ("surfaced", "not_surfaced", "excluded"))
        fill_table(self.query_one("#queue-table", DataTable), self.size.width or 80, QUEUE_COLUMNS, (
            (str(item.id), (
                "✓" if item.id in self.marked else " ", waited(item, now), item.client_number, item.vacancy_reference,
                item.vacancy_title, "—" if item.score is None else f"{item.score:.0f}", engine_mark(item, short=True),
                item.proposed_by or "?",
            )) for item in self.items.values()
        ), value_widths={"queue.col.engine": engine_width}, keep_cursor=keep_cursor)

    # --- loading ------------------------------------------------------------------------

    def reload(self) -> None:
        self._generation += 1
        caseworker = self.query_one("#filter-caseworker", Input).value.strip() or None
        vacancy = self.query_one("#filter-vacancy", Input).value.strip() or None
        self.load_queue(caseworker, vacancy, self._generation)

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue-load", description="load the queue")
    def load_queue(self, caseworker: str | None, vacancy: str | None, generation: int) -> None:
        services = self.services
        queue = services.run(placements.review_queue, services.actor, caseworker=caseworker, vacancy=vacancy)
        self.post_message(self.QueueLoaded(queue, generation))

    def on_queue_screen_queue_loaded(self, message: QueueLoaded) -> None:
        if message.generation != self._generation:
            return
        self.queue = message.queue
        table = self.query_one("#queue-table", DataTable)
        previous = self._current_id()
        self.items = {item.id: item for item in message.queue.items}
        self.marked &= set(self.items)
        self._fill_table(keep_cursor=False)
        if previous in self.items:
            table.move_cursor(row=table.get_row_index(str(previous)))
        self._show_counts()
        self._show_detail()

    def _show_counts(self) -> None:
        queue = self.queue
        if queue is None:
            return
        per = " · ".join(f"{c.login} {c.pending}" for c in queue.per_caseworker[:6])
        shown = len(queue.items)
        counts = t("queue.counts", total=queue.total, shown=shown, marked=len(self.marked))
        self.query_one("#queue-counts", Static).update(f"{counts}  {per}" if per else t("queue.empty"))

    def _current_id(self) -> int | None:
        table = self.query_one("#queue-table", DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return int(row_key.value) if row_key.value is not None else None

    @on(DataTable.RowHighlighted, "#queue-table")
    def _show_detail(self) -> None:
        current = self._current_id()
        item = self.items.get(current) if current is not None else None
        self.query_one("#queue-detail", Static).update(describe(item) if item else "")

    @on(Input.Submitted, "#filter-caseworker, #filter-vacancy")
    def _filter_submitted(self) -> None:
        self.reload()
        self.query_one("#queue-table", DataTable).focus()

    @on(Input.Changed, "#filter-caseworker, #filter-vacancy")
    def _filter_changed(self) -> None:
        self.reload()

    # --- deciding -----------------------------------------------------------------------

    def _selected(self) -> QueueItem | None:
        current = self._current_id()
        item = self.items.get(current) if current is not None else None
        if item is None:
            self.notify(t("queue.nothing_selected"), severity="warning")
        return item

    def action_approve(self) -> None:
        item = self._selected()
        if item is not None:
            self.decide("approve", ((item.id, item.version),), None, None)

    def action_reject(self) -> None:
        item = self._selected()
        if item is None:
            return

        def done(answer: tuple[str | None, str] | None) -> None:
            if answer is not None:
                self.decide("reject", ((item.id, item.version),), answer[0], answer[1])

        self.app.push_screen(ReasonDialog(t("queue.dialog.reject", id=item.id), reason_kind="reject",
                                          text_required=False), done)

    def action_send_back(self) -> None:
        item = self._selected()
        if item is None:
            return

        def done(answer: tuple[str | None, str] | None) -> None:
            if answer is not None:
                self.decide("send_back", ((item.id, item.version),), None, answer[1])

        self.app.push_screen(ReasonDialog(t("queue.dialog.send_back", id=item.id), reason_kind=None,
                                          text_required=True), done)

    def action_mark(self) -> None:
        current = self._current_id()
        if current is None:
            return
        self.marked ^= {current}
        table = self.query_one("#queue-table", DataTable)
        table.update_cell(str(current), "queue.col.mark", "✓" if current in self.marked else " ")
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)
        self._show_counts()

    def action_approve_marked(self) -> None:
        if not self.marked:
            self.notify(t("queue.nothing_marked"), severity="warning")
            return
        chosen = tuple((pid, self.items[pid].version) for pid in sorted(self.marked) if pid in self.items)
        self.decide("approve", chosen, None, None)

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue-decide", description="record a decision")
    def decide(self, action: str, chosen: tuple[tuple[int, int], ...], reason: str | None, note: str | None) -> None:
        services = self.services
        ids = tuple(pid for pid, _ in chosen)
        try:
            if action == "approve" and len(chosen) > 1:
                services.run(placements.bulk_approve, services.actor, list(chosen))
            else:
                pid, version = chosen[0]
                services.run(placements.transition, services.actor, pid, action, expected_version=version,
                             reason=reason, note=note or None)
        except UserFacingError as error:
            self.post_message(self.PlacementsDecided(action, ids, str(error)))
            return
        self.post_message(self.PlacementsDecided(action, ids, None))

    def on_queue_screen_placements_decided(self, message: PlacementsDecided) -> None:
        if message.error is not None:
            self.notify(message.error, severity="error", timeout=10)
        else:
            self.marked -= set(message.ids)
            self.notify(t(f"queue.done.{message.action}", n=len(message.ids)))
        self.reload()

    def action_focus_filter(self) -> None:
        self.query_one("#filter-caseworker", Input).focus()

    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, Input):
            self.query_one("#queue-table", DataTable).focus()
            return
        self.app.pop_screen()
