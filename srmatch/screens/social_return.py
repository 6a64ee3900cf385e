"""Social-return screens: contracts with progress, one contract, organisations, the programme.

Each screen owns its state, loads through ``self.services.run(...)`` in an exclusive thread
worker and posts a past-tense message carrying the state it was asked for; a handler drops
a message for a state the screen has left. Every figure is also written out as text and
every status is a word — colour is never the only signal.

Filter syntax on the contracts screen: free text (reference or title) plus any of
``status:at_risk``, ``contractor:KVK``, ``buyer:KVK``, ``am:LOGIN``; ``s`` cycles the status.
``t`` writes the highlighted contract's (on one contract's screen, that contract's) realisation
sheet for the contractor (the same sheet as ``srmatch report contractor-template``): it asks where, offering ``<reference>.xlsx`` in the
home folder, and writes in a thread worker.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, OptionList, Sparkline, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from srmatch.errors import UserFacingError
from srmatch.formatting import format_date
from srmatch.i18n import t
from srmatch.screens.base import SrmatchScreen, translate_bindings
from srmatch.screens.lists import Column, fill_table
from srmatch.services import reports
from srmatch.services import social_return as sr
from srmatch.services.facade import describe_error
from srmatch.services.valuation import format_eur

STATUS_CYCLE = (None, "at_risk", "overdue", "on_track", "settled")
ENFORCEMENT_KINDS = ("reminder", "recovery_period", "withholding", "settlement", "contractor_list_note",
                     "best_efforts_accepted")
PAGE = 500


def progress_bar(realised: int, obligation: int, expected: int, width: int = 12) -> str:
    """A text bar: ``█`` realised, ``│`` where the contract should be by now, ``░`` the rest."""
    if obligation <= 0:
        return "█" * width
    filled = min(width, round(width * realised / obligation))
    marker = min(width - 1, max(0, round(width * expected / obligation) - 1)) if expected else -1
    cells = ["█" if i < filled else "░" for i in range(width)]
    if 0 <= marker and cells[marker] == "░":
        cells[marker] = "│"
    return "".join(cells)


def status_word(status: str) -> str:
    """The status as a word (with a sign for readers who scan): never colour alone."""
    sign = {"on_track": "✓", "at_risk": "!", "overdue": "‼", "settled": "="}.get(status, "")
    return f"{sign} {t(f'sr.status.{status}')}"


@dataclass(frozen=True)
class ContractQuery:
    """What the contracts list shows: the screen's state."""

    text: str = ""
    status: str | None = None
    contractor: str | None = None
    buyer: str | None = None
    account_manager: str | None = None

    @classmethod
    def parse(cls, typed: str, status: str | None) -> ContractQuery:
        words, found = [], {"status": status, "contractor": None, "buyer": None, "am": None}
        for word in typed.split():
            key, sep, value = word.partition(":")
            if sep and key.lower() in found and value:
                found[key.lower()] = value
            else:
                words.append(word)
        return cls(" ".join(words), found["status"], found["contractor"], found["buyer"], found["am"])


#: Reference, amounts and status whole; the contractor takes what is left. The progress bar
#: leaves an 80-column terminal (the amounts say the same in figures; the contract shows both).
CONTRACT_COLUMNS = (
    Column("sr.col.reference", "reference"),
    Column("sr.col.contractor", "contractor", 18, flex=1),
    Column("sr.col.progress", "progress", 12, drop=1),
    Column("sr.col.realised_of", "amounts"),
    Column("sr.col.status", "status"),
)


class ContractorSheetWritten(Message):
    """A contract's realisation sheet was written: where, and how many lines it holds."""

    def __init__(self, reference: str, path: Path, lines: int) -> None:
        super().__init__()
        self.reference = reference
        self.path = path
        self.lines = lines


class ContractorSheetActions(SrmatchScreen):
    """``t`` on a contracts screen: ask where to write a contract's realisation sheet for the
    contractor (the sheet of ``srmatch report contractor-template``), then write it in a worker."""

    def sheet_reference(self) -> str | None:
        """The contract whose sheet ``t`` writes (None: no contract to write one for)."""
        raise NotImplementedError

    def action_contractor_sheet(self) -> None:
        reference = self.sheet_reference()
        if reference is None:
            self.notify(t("sr.screen.sheet_no_contract"), severity="warning")
            return

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.write_sheet(reference, path)

        self.app.push_screen(SheetPathDialog(reference, default_sheet_path(reference)), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="contractor-sheet",
          description="write a contractor's sheet")
    def write_sheet(self, reference: str, path: Path) -> None:
        lines = self.services.run(reports.write_contractor_template, reference, path)
        self.post_message(ContractorSheetWritten(reference, path, lines))

    def on_contractor_sheet_written(self, message: ContractorSheetWritten) -> None:
        # Not stale by nature: the file was written whatever the screen shows now, so always say so.
        self.notify(t("sr.cli.template_written", path=str(message.path), n=message.lines), timeout=10)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A sheet that cannot be written is one line saying so (not "could not load the data")."""
        if event.state is WorkerState.ERROR and event.worker.group == "contractor-sheet":
            event.prevent_default()
            self.notify(t("sr.screen.sheet_failed", error=describe_error(event.worker.error)), severity="error",
                        timeout=10)


class ContractsScreen(ContractorSheetActions):
    """Contracts & obligations: realised vs obligation vs expected by now, per contract."""

    screen_id = "contracts"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "key.back", id="contracts.back", tooltip="key.back"),
        Binding("ctrl+f", "focus_filter", "key.filter", id="contracts.filter", tooltip="key.filter"),
        Binding("enter", "open_selected", "key.open", id="contracts.open", tooltip="key.open"),
        Binding("s", "cycle_status", "sr.key.status", id="contracts.status", tooltip="sr.key.status"),
        # At 80 columns the Dutch footer has room for back, filter, status, quit and help only:
        # reload and the contractor's sheet are keys still, listed by F1 and the palette
        # (tests/test_list_widths.py checks the footer in both languages).
        Binding("f5", "reload", "sr.key.reload", id="contracts.reload", tooltip="sr.key.reload", show=False),
        Binding("t", "contractor_sheet", "sr.key.sheet", id="contracts.sheet", tooltip="sr.key.sheet_tooltip",
                show=False),
    ]

    class ContractsLoaded(Message):
        """Contracts for one query arrived."""

        def __init__(self, query: ContractQuery, rows: tuple[sr.ContractRow, ...]) -> None:
            super().__init__()
            self.query = query
            self.rows = rows

    def __init__(self) -> None:
        super().__init__()
        self.contract_query = ContractQuery()
        self.rows: tuple[sr.ContractRow, ...] = ()
        #: The columns the terminal has room for (80 columns leave the progress bar out).
        self.shown_columns: tuple[Column, ...] = ()
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=t("sr.screen.contracts_filter"), id="filter")
        table: DataTable[str] = DataTable(id="contracts-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(t("list.loading"), id="contracts-summary")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("menu.contracts")
        self._fill_table()
        self.query_one(DataTable).focus()
        self.load(self.contract_query)

    @staticmethod
    def _amounts(row: sr.ContractRow) -> str:
        return f"{format_eur(row.realised_cents, whole=True)}/{format_eur(row.obligation_cents, whole=True)}"

    def on_resize(self) -> None:
        self._fill_table()
        if self.loaded:
            self._show_summary()

    def _fill_table(self) -> None:
        status_width = max(len(status_word(s)) for s in STATUS_CYCLE if s)
        self.shown_columns = fill_table(self.query_one(DataTable), self.size.width or 80, CONTRACT_COLUMNS, (
            (row.reference, (row.reference, row.contractor,
                             progress_bar(row.realised_cents, row.obligation_cents, row.expected_cents),
                             self._amounts(row), status_word(row.status)))
            for row in self.rows
        ), value_widths={"status": status_width})

    def set_query(self, query: ContractQuery) -> None:
        if query != self.contract_query:
            self.contract_query = query
            self.query_one("#contracts-summary", Static).update(t("list.loading"))
            self.load(query)

    @work(thread=True, exclusive=True, exit_on_error=False, group="contracts", description="load contracts")
    def load(self, query: ContractQuery) -> None:
        rows = self.services.run(sr.list_contracts, query.text, status=query.status, contractor=query.contractor,
                                 buyer=query.buyer, account_manager=query.account_manager, limit=PAGE)
        self.post_message(self.ContractsLoaded(query, tuple(rows)))

    def on_contracts_screen_contracts_loaded(self, message: ContractsLoaded) -> None:
        if message.query != self.contract_query:
            return
        self.rows, self.loaded = message.rows, True
        self._fill_table()
        self._show_summary()

    def _show_summary(self) -> None:
        """The counts under the table, and the bar's legend while the bar is on screen."""
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.status] = counts.get(row.status, 0) + 1
        shortfall = sum(row.shortfall_cents for row in self.rows)
        parts = ", ".join(f"{t(f'sr.status.{s}')} {n}" for s, n in sorted(counts.items()))
        status = t(f"sr.status.{self.contract_query.status}") if self.contract_query.status else t("sr.screen.all")
        summary = t("sr.screen.contracts_summary", n=len(self.rows), status=status, parts=parts or "–",
                    shortfall=format_eur(shortfall, whole=True))
        if len(self.rows) >= PAGE:
            summary += " " + t("sr.screen.capped", n=PAGE)
        if any(column.id == "progress" for column in self.shown_columns):
            summary += "\n" + t("sr.screen.bar_legend")
        self.query_one("#contracts-summary", Static).update(summary)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.set_query(ContractQuery.parse(event.value, self.contract_query.status))

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one(DataTable).focus()

    def action_cycle_status(self) -> None:
        index = STATUS_CYCLE.index(self.contract_query.status) if self.contract_query.status in STATUS_CYCLE else 0
        typed = self.query_one("#filter", Input).value
        self.set_query(ContractQuery.parse(typed, STATUS_CYCLE[(index + 1) % len(STATUS_CYCLE)]))

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_reload(self) -> None:
        self.load(self.contract_query)

    def action_open_selected(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return
        key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        if key.value:
            self.context.open_screen("contract", reference=key.value)

    @on(DataTable.RowSelected, "#contracts-table")
    def _row_selected(self) -> None:
        self.action_open_selected()

    def _highlighted_reference(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return key.value or None

    def sheet_reference(self) -> str | None:
        return self._highlighted_reference()

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one(DataTable).focus()
            return
        self.app.pop_screen()


class TextDialog(ModalScreen[str | None]):
    """Ask one line of text (a rejection reason)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "sr.key.cancel", id="sr-dialog.cancel", tooltip="sr.key.cancel"),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.dialog_title = title
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="sr-dialog"):
            yield Label(self.dialog_title)
            yield Input(id="sr-text")
            yield Static("", id="sr-dialog-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#sr-text")
    def _done(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.query_one("#sr-dialog-error", Static).update(t("sr.screen.need_text"))
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


def default_sheet_path(reference: str) -> Path:
    """``<reference>.xlsx`` in the home folder, the reference made safe for a file name."""
    name = re.sub(r"[^\w.-]+", "-", reference, flags=re.ASCII).strip(".-") or "contract"
    return Path.home() / f"{name}.xlsx"


class SheetPathDialog(ModalScreen[Path | None]):
    """Where to write a contractor's sheet: a path, offered filled in; Enter writes, Escape cancels.

    A file that is already there is not replaced silently (it may be the contractor's filled-in
    copy): the first Enter says so, a second Enter on the same path replaces it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "sr.key.cancel", id="sr-sheet.cancel", tooltip="sr.key.cancel"),
    ]

    def __init__(self, reference: str, default: Path) -> None:
        super().__init__()
        self.reference = reference
        self.default = default
        self.confirmed_overwrite: Path | None = None
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="sr-dialog"):
            yield Label(t("sr.screen.sheet_title", reference=self.reference))
            yield Input(value=str(self.default), id="sr-sheet-path")
            yield Static(t("sr.screen.sheet_hint"), id="sr-dialog-hint")
            yield Static("", id="sr-dialog-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed, "#sr-sheet-path")
    def _changed(self) -> None:
        self.confirmed_overwrite = None
        self.query_one("#sr-dialog-error", Static).update("")

    @on(Input.Submitted, "#sr-sheet-path")
    def _done(self, event: Input.Submitted) -> None:
        error = self.query_one("#sr-dialog-error", Static)
        typed = event.value.strip()
        if not typed:
            error.update("✗ " + t("sr.screen.sheet_need_path"))
            return
        path = Path(typed).expanduser()
        if path.suffix.lower() != ".xlsx":
            error.update("✗ " + t("sr.report.template_xlsx"))
            return
        if path.exists() and self.confirmed_overwrite != path:
            self.confirmed_overwrite = path
            error.update("✗ " + t("sr.screen.sheet_exists", name=path.name))
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class EnforcementInput:
    kind: str
    amount_cents: int | None
    new_date: dt.date | None
    note: str | None


class EnforcementDialog(ModalScreen[EnforcementInput | None]):
    """Record an enforcement step: the kind from a list, then amount, new date and note."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "sr.key.cancel", id="sr-enforce.cancel", tooltip="sr.key.cancel"),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.dialog_title = title
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="sr-dialog"):
            yield Label(self.dialog_title)
            yield OptionList(*(Option(t(f"sr.enforcement.{k}"), id=k) for k in ENFORCEMENT_KINDS), id="sr-kinds")
            yield Input(placeholder=t("sr.screen.amount"), id="sr-amount")
            yield Input(placeholder=t("sr.screen.new_date"), id="sr-new-date")
            yield Input(placeholder=t("sr.screen.note"), id="sr-note")
            yield Static("", id="sr-dialog-error")
            with Horizontal(id="sr-dialog-buttons"):
                yield Button(t("queue.dialog.ok"), id="sr-ok", variant="primary")
                yield Button(t("queue.dialog.cancel"), id="sr-cancel")

    def on_mount(self) -> None:
        kinds = self.query_one("#sr-kinds", OptionList)
        kinds.highlighted = 0
        kinds.focus()

    @on(OptionList.OptionSelected, "#sr-kinds")
    def _kind_picked(self) -> None:
        self.query_one("#sr-amount", Input).focus()

    @on(Input.Submitted, "#sr-amount")
    def _next_date(self) -> None:
        self.query_one("#sr-new-date", Input).focus()

    @on(Input.Submitted, "#sr-new-date")
    def _next_note(self) -> None:
        self.query_one("#sr-note", Input).focus()

    @on(Input.Submitted, "#sr-note")
    @on(Button.Pressed, "#sr-ok")
    def _confirm(self) -> None:
        from srmatch.services.valuation import parse_euros

        error = self.query_one("#sr-dialog-error", Static)
        kinds = self.query_one("#sr-kinds", OptionList)
        kind = kinds.get_option_at_index(kinds.highlighted or 0).id or "reminder"
        amount_text = self.query_one("#sr-amount", Input).value.strip()
        date_text = self.query_one("#sr-new-date", Input).value.strip()
        try:
            amount = parse_euros(amount_text) if amount_text else None
            new_date = dt.date.fromisoformat(date_text) if date_text else None
        except (UserFacingError, ValueError) as problem:
            error.update(str(problem))
            return
        note = self.query_one("#sr-note", Input).value.strip() or None
        self.dismiss(EnforcementInput(kind, amount, new_date, note))

    @on(Button.Pressed, "#sr-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def contract_text(detail: sr.ContractDetail) -> str:
    """The contract's figures in words (the detail screen's top pane)."""
    row = detail.row
    lines = [
        f"[b]{row.reference}[/b] {row.title} · {row.contractor} · {row.kind} · {row.start_date} – {row.end_date}",
        f"{t('sr.field.obligation')}: [b]{format_eur(row.obligation_cents)}[/b]  ({detail.obligation_explanation})",
        f"{t('sr.field.per_year')}: " + ", ".join(f"{year} {format_eur(cents, whole=True)}" for year, cents in detail.per_year),
        f"{progress_bar(row.realised_cents, row.obligation_cents, row.expected_cents, 24)}  "
        + t("sr.screen.figures", realised=format_eur(row.realised_cents), expected=format_eur(row.expected_cents),
            shortfall=format_eur(row.shortfall_cents), pending=format_eur(detail.pending_cents)),
        f"{t('sr.field.status')}: [b]{status_word(row.status)}[/b]"
        + (f" · {t('sr.field.penalty')}: {format_eur(detail.penalty_cents)}" if detail.penalty_cents else "")
        + (f" · {t('sr.enforcement.best_efforts_accepted')}" if detail.best_efforts else ""),
    ]
    if detail.realised_by_route:
        lines.append(" · ".join(
            f"{t(f'route.{route}')} {format_eur(cents, whole=True)}"
            + (f" (+{format_eur(detail.capped_by_route[route], whole=True)} {t('sr.screen.over_cap')})"
               if route in detail.capped_by_route else "")
            for route, cents in sorted(detail.realised_by_route.items())))
    if detail.enforcement:
        lines.append(t("sr.screen.enforcement_history"))
        for step in detail.enforcement:
            extra = []
            if step.amount_cents is not None:
                extra.append(format_eur(step.amount_cents))
            if step.new_date:
                extra.append(t("sr.screen.until", date=format_date(step.new_date)))
            if step.note:
                extra.append(step.note)
            lines.append(f"  {step.action_date} {t(f'sr.enforcement.{step.kind}')}"
                         + (f": {'; '.join(extra)}" if extra else "") + (f" ({step.created_by})" if step.created_by else ""))
    rule = t(f"sr.rule_status.{detail.rule_set_status}") if detail.rule_set_status else ""
    lines.append(f"[dim]{t('sr.field.rule_set')}: {row.rule_set} ({rule})[/dim]")
    return "\n".join(lines)


class ContractScreen(ContractorSheetActions):
    """One contract: figures, contributions (approve / reject), enforcement, candidates."""

    screen_id = "contract"
    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer shows the review of lines (approve, reject, submit), quit and help: at 80
        # columns that is all the Dutch footer holds. Back, enforcement, candidates, reload and
        # the contractor's sheet are keys still, listed by F1 and the palette.
        Binding("escape", "back", "key.back", id="contract.back", tooltip="key.back", show=False),
        Binding("a", "approve", "sr.key.approve", id="contract.approve", tooltip="sr.key.approve"),
        Binding("x", "reject", "sr.key.reject", id="contract.reject", tooltip="sr.key.reject"),
        Binding("u", "submit", "sr.key.submit", id="contract.submit", tooltip="sr.key.submit"),
        Binding("e", "enforce", "sr.key.enforce", id="contract.enforce", tooltip="sr.key.enforce", show=False),
        Binding("m", "candidates", "sr.key.candidates", id="contract.candidates", tooltip="sr.key.candidates",
                show=False),
        Binding("f5", "reload", "sr.key.reload", id="contract.reload", tooltip="sr.key.reload", show=False),
        Binding("t", "contractor_sheet", "sr.key.sheet", id="contract.sheet", tooltip="sr.key.sheet_tooltip",
                show=False),
    ]

    class ContractLoaded(Message):
        """The contract's figures arrived (``generation`` drops stale loads)."""

        def __init__(self, detail: sr.ContractDetail, generation: int) -> None:
            super().__init__()
            self.detail = detail
            self.generation = generation

    class ContributionReviewed(Message):
        """A line was approved, rejected or submitted, or the step was refused (``error``)."""

        def __init__(self, text: str, error: bool) -> None:
            super().__init__()
            self.text = text
            self.error = error

    class CandidatesFound(Message):
        """The contract's open vacancies with their best candidates."""

        def __init__(self, found: tuple[sr.VacancyCandidates, ...]) -> None:
            super().__init__()
            self.found = found

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference
        self.detail: sr.ContractDetail | None = None
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="contract-summary-scroll"):
            yield Static(t("list.loading"), id="contract-summary")
        table: DataTable[str] = DataTable(id="contributions-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="contribution-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"{t('menu.contracts')}: {self.reference}"
        table = self.query_one(DataTable)
        for key, width in (("sr.col.id", 5), ("sr.col.route", 5), ("sr.col.period", 22), ("sr.col.status", 11),
                           ("sr.col.value", 13), ("sr.col.approver", 12)):
            table.add_column(t(key), width=width)
        table.focus()
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        self.load(self._generation)

    @work(thread=True, exclusive=True, exit_on_error=False, group="contract", description="load the contract")
    def load(self, generation: int) -> None:
        detail = self.services.run(sr.show_contract, self.reference)
        self.post_message(self.ContractLoaded(detail, generation))

    def on_contract_screen_contract_loaded(self, message: ContractLoaded) -> None:
        if message.generation != self._generation:
            return
        self.detail = message.detail
        self.query_one("#contract-summary", Static).update(contract_text(message.detail))
        table = self.query_one(DataTable)
        previous = table.cursor_row
        table.clear()
        for c in message.detail.contributions:
            approver = c.approved_by or c.submitted_by or ""
            table.add_row(str(c.id), c.route, f"{c.period_start}–{c.period_end or ''}",
                          t(f"sr.contribution_status.{c.status}"), format_eur(c.value_cents), approver[:12], key=str(c.id))
        if table.row_count:
            table.move_cursor(row=min(previous, table.row_count - 1))
        self._show_line()

    def _current(self) -> sr.ContributionRow | None:
        if self.detail is None:
            return None
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return next((c for c in self.detail.contributions if str(c.id) == key.value), None)

    @on(DataTable.RowHighlighted, "#contributions-table")
    def _show_line(self) -> None:
        line = self._current()
        text = ""
        if line is not None:
            text = f"{t(f'route.{line.route}')}: {line.explanation or ''}"
            if line.justification:
                text += f"\n{t('sr.screen.justification')}: {line.justification}"
        elif self.detail is not None and not self.detail.contributions:
            text = t("sr.screen.no_contributions")
        self.query_one("#contribution-detail", Static).update(text)

    def _review(self, decision: str, note: str | None = None) -> None:
        line = self._current()
        if line is None:
            self.notify(t("queue.nothing_selected"), severity="warning")
            return
        self.review(line.id, decision, note)

    @work(thread=True, exclusive=True, exit_on_error=False, group="contract-review", description="review a line")
    def review(self, contribution_id: int, decision: str, note: str | None) -> None:
        services = self.services
        try:
            row = services.run(sr.review_contribution, services.actor, contribution_id, decision, note=note)
        except UserFacingError as error:
            self.post_message(self.ContributionReviewed(str(error), True))
            return
        self.post_message(self.ContributionReviewed(
            t("sr.cli.contribution_status", id=row.id, status=t(f"sr.contribution_status.{row.status}")), False))

    def on_contract_screen_contribution_reviewed(self, message: ContributionReviewed) -> None:
        self.notify(message.text, severity="error" if message.error else "information", timeout=8 if message.error else 4)
        self.reload()

    def action_approve(self) -> None:
        self._review("approve")

    def action_submit(self) -> None:
        self._review("submit")

    def action_reject(self) -> None:
        line = self._current()
        if line is None:
            self.notify(t("queue.nothing_selected"), severity="warning")
            return

        def done(note: str | None) -> None:
            if note:
                self.review(line.id, "reject", note)

        self.app.push_screen(TextDialog(t("sr.screen.reject_reason", id=line.id)), done)

    def action_enforce(self) -> None:
        def done(answer: EnforcementInput | None) -> None:
            if answer is not None:
                self.enforce(answer)

        self.app.push_screen(EnforcementDialog(t("sr.screen.enforce_title", reference=self.reference)), done)

    @work(thread=True, exclusive=True, exit_on_error=False, group="contract-review", description="record a step")
    def enforce(self, answer: EnforcementInput) -> None:
        services = self.services
        try:
            services.run(sr.add_enforcement, services.actor, self.reference, answer.kind, amount_cents=answer.amount_cents,
                         new_date=answer.new_date, note=answer.note)
        except UserFacingError as error:
            self.post_message(self.ContributionReviewed(str(error), True))
            return
        self.post_message(self.ContributionReviewed(t("sr.screen.enforced", step=t(f"sr.enforcement.{answer.kind}")), False))

    def action_candidates(self) -> None:
        self.find_candidates()

    @work(thread=True, exclusive=True, exit_on_error=False, group="contract-candidates", description="find candidates")
    def find_candidates(self) -> None:
        found = self.services.run(sr.shortfall_candidates, self.reference)
        self.post_message(self.CandidatesFound(tuple(found)))

    def on_contract_screen_candidates_found(self, message: CandidatesFound) -> None:
        if not message.found:
            text = t("sr.cli.no_open_vacancies")
        else:
            lines = []
            for item in message.found:
                lines.append(f"[b]{item.reference}[/b] {item.title} ({t('sr.cli.free_positions', n=item.free_positions)})")
                if item.note:
                    lines.append(f"  {item.note}")
                for number, score, reasons in item.candidates:
                    lines.append(f"  {number} {score:.0f} {reasons[:60]}")
            text = "\n".join(lines)
        self.query_one("#contribution-detail", Static).update(text)

    def sheet_reference(self) -> str | None:
        return self.reference

    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()


#: KvK number, kinds, recognition and PSO level whole; the name takes what is left. The date of
#: recognition leaves an 80-column terminal first: the line under the table says it (and every
#: other field) for the highlighted organisation.
ORGANISATION_COLUMNS = (
    Column("sr.col.kvk", "kvk", 8),
    Column("sr.col.name", "name", 18, flex=1),
    Column("sr.col.kinds", "kinds"),
    Column("sr.col.recognition", "recognition"),
    Column("sr.col.since", "since", drop=1),
    Column("sr.col.pso", "pso"),
)


def organisation_detail(row: sr.OrganisationRow) -> str:
    """One organisation in a line or two, every field whole: name, KvK, kinds, recognition, PSO."""
    kinds = []
    for kind in row.kinds:
        if kind == "social_enterprise" and row.social_enterprise_status:
            status = t(f"sr.se_status.{row.social_enterprise_status}")
            kinds.append(t("sr.screen.org_recognition_since", status=status, date=format_date(row.social_enterprise_since))
                         if row.social_enterprise_since else t("sr.screen.org_recognition", status=status))
        else:
            kinds.append(t(f"sr.kind.{kind}"))
    parts = [row.name, t("sr.screen.org_kvk", kvk=row.kvk_number) if row.kvk_number else "", ", ".join(kinds),
             t("sr.screen.org_pso", level=t(f"sr.pso.{row.pso_level}")) if row.pso_level else "", row.municipality or ""]
    return " · ".join(part for part in parts if part)


class OrganisationsScreen(SrmatchScreen):
    """Organisations: anchor organisations, contractors, social enterprises with their recognition."""

    screen_id = "organisations"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "key.back", id="organisations.back", tooltip="key.back"),
        Binding("ctrl+f", "focus_filter", "key.filter", id="organisations.filter", tooltip="key.filter"),
        Binding("k", "cycle_kind", "sr.key.kind", id="organisations.kind", tooltip="sr.key.kind"),
    ]
    KINDS: ClassVar[tuple[str | None, ...]] = (None, "anchor", "recognised", "social_enterprise", "contractor", "authority")

    class OrganisationsLoaded(Message):
        """Organisations for one (text, kind) arrived."""

        def __init__(self, query: tuple[str, str | None], rows: tuple[sr.OrganisationRow, ...]) -> None:
            super().__init__()
            self.query = query
            self.rows = rows

    def __init__(self) -> None:
        super().__init__()
        self.org_query: tuple[str, str | None] = ("", None)
        #: The organisations on screen, in table order.
        self.rows: tuple[sr.OrganisationRow, ...] = ()
        #: The columns the terminal has room for (80 columns leave the recognition date out).
        self.shown_columns: tuple[Column, ...] = ()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=t("sr.screen.organisations_filter"), id="filter")
        table: DataTable[str] = DataTable(id="organisations-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="organisation-detail")
        yield Static(t("list.loading"), id="organisations-summary")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("menu.organisations")
        self._fill_table()
        self.query_one(DataTable).focus()
        self.load(self.org_query)

    def on_resize(self) -> None:
        self._fill_table()

    def _fill_table(self) -> None:
        """The organisations in the columns that fit the terminal now (after a load or a resize)."""
        self.shown_columns = fill_table(self.query_one(DataTable), self.size.width or 80, ORGANISATION_COLUMNS, (
            (row.kvk_number or row.name, (
                row.kvk_number or "", row.name, ", ".join(t(f"sr.kind_short.{k}") for k in row.kinds),
                t(f"sr.se_status.{row.social_enterprise_status}") if row.social_enterprise_status else "",
                format_date(row.social_enterprise_since) if row.social_enterprise_since else "",
                t(f"sr.pso.{row.pso_level}") if row.pso_level else "",
            ))
            for row in self.rows
        ), value_widths={
            "recognition": max(len(t(f"sr.se_status.{status}")) for status in sr.SE_STATUSES),
            "since": len(format_date(dt.date(2000, 12, 31))),
            "pso": max(len(t(f"sr.pso.{level}")) for level in sr.PSO_LEVELS),
        })
        self._show_detail()

    @work(thread=True, exclusive=True, exit_on_error=False, group="organisations", description="load organisations")
    def load(self, query: tuple[str, str | None]) -> None:
        rows = self.services.run(sr.list_organisations, query[0], kind=query[1], limit=PAGE)
        self.post_message(self.OrganisationsLoaded(query, tuple(rows)))

    def on_organisations_screen_organisations_loaded(self, message: OrganisationsLoaded) -> None:
        if message.query != self.org_query:
            return
        self.rows = message.rows
        self.query_one(DataTable).move_cursor(row=0)
        self._fill_table()
        kind = t(f"sr.kind_filter.{message.query[1]}") if message.query[1] else t("sr.screen.all")
        self.query_one("#organisations-summary", Static).update(t("sr.screen.organisations_summary", n=len(message.rows),
                                                                   kind=kind))

    @on(DataTable.RowHighlighted, "#organisations-table")
    def _row_highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """Every field of the highlighted organisation, whole, under the table (the list has no
        record screen, and a narrow terminal leaves the recognition date out of the table)."""
        detail = self.query_one("#organisation-detail", Static)
        table = self.query_one(DataTable)
        if not self.rows or table.row_count == 0:
            detail.update("")
            return
        detail.update(escape(organisation_detail(self.rows[min(max(table.cursor_row, 0), len(self.rows) - 1)])))

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._set((event.value, self.org_query[1]))

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one(DataTable).focus()

    def _set(self, query: tuple[str, str | None]) -> None:
        if query != self.org_query:
            self.org_query = query
            self.load(query)

    def action_cycle_kind(self) -> None:
        index = self.KINDS.index(self.org_query[1])
        self._set((self.org_query[0], self.KINDS[(index + 1) % len(self.KINDS)]))

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one(DataTable).focus()
            return
        self.app.pop_screen()


def _target_line(label: str, now: int, baseline: int, goal: int, text_now: str, text_base: str, text_goal: str) -> str:
    share = 0.0 if goal <= 0 else min(1.0, now / goal)
    filled = round(20 * share)
    return f"{label}\n  {'█' * filled}{'░' * (20 - filled)} {text_now}  ({t('sr.screen.from_goal', base=text_base, goal=text_goal)})"


def programme_text(f: sr.ProgrammeFigures) -> str:
    """The dashboard's figures in words, each target with a bar and its numbers."""
    def share(value: float | None) -> str:
        return "–" if value is None else f"{value * 100:.0f}%"

    lines = [
        _target_line(t("sr.screen.anchors"), f.anchor_organisations, f.anchor_baseline, f.anchor_goal,
                     str(f.anchor_organisations), str(f.anchor_baseline), str(f.anchor_goal)),
        _target_line(t("sr.screen.anchor_value"), f.anchor_realised_cents, f.anchor_value_baseline_cents,
                     f.anchor_value_goal_cents, format_eur(f.anchor_realised_cents, whole=True),
                     format_eur(f.anchor_value_baseline_cents, whole=True), format_eur(f.anchor_value_goal_cents, whole=True)),
        _target_line(t("sr.screen.social_enterprises"), f.recognised_social_enterprises, f.social_enterprise_baseline,
                     f.social_enterprise_goal, str(f.recognised_social_enterprises), str(f.social_enterprise_baseline),
                     str(f.social_enterprise_goal)),
        t("sr.programme.realised", value=format_eur(f.realised_cents, whole=True),
          last=format_eur(f.realised_last_year_cents, whole=True)),
        t("sr.programme.placed", n=f.people_placed, last=f.people_placed_last_year)
        + " · " + t("sr.screen.sustainable", n=f.sustainable_placements),
        t("sr.screen.shares", city=share(f.city_share), zuid=share(f.zuid_share),
          city_ref=share(f.city_share_reference), zuid_ref=share(f.zuid_share_reference)),
        t("sr.programme.contracts", counts=", ".join(f"{t(f'sr.status.{s}')} {n}" for s, n in sorted(f.contracts_by_status.items()))
          or "–"),
    ]
    if f.areas_note:
        lines.append(f"[dim]{f.areas_note}[/dim]")
    return "\n".join(lines)


class ProgrammeScreen(SrmatchScreen):
    """Rotterdam's programme: targets against the books, and realisation per month."""

    screen_id = "programme"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "key.back", id="programme.back", tooltip="key.back"),
        Binding("left_square_bracket", "year(-1)", "sr.key.previous_year", id="programme.previous", tooltip="sr.key.previous_year"),
        Binding("right_square_bracket", "year(1)", "sr.key.next_year", id="programme.next", tooltip="sr.key.next_year"),
    ]

    class ProgrammeLoaded(Message):
        """The programme figures of one year arrived."""

        def __init__(self, figures: sr.ProgrammeFigures) -> None:
            super().__init__()
            self.figures = figures

    def __init__(self) -> None:
        super().__init__()
        self.year = dt.date.today().year

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="programme-scroll"):
            yield Static(t("list.loading"), id="programme-figures")
            yield Label("", id="programme-chart-title")
            yield Sparkline([], id="programme-chart")
            yield Static("", id="programme-months")
        yield Footer()

    def on_mount(self) -> None:
        self.load(self.year)

    @work(thread=True, exclusive=True, exit_on_error=False, group="programme", description="programme figures")
    def load(self, year: int) -> None:
        figures = self.services.run(sr.programme, year=year)
        self.post_message(self.ProgrammeLoaded(figures))

    def on_programme_screen_programme_loaded(self, message: ProgrammeLoaded) -> None:
        figures = message.figures
        if figures.year != self.year:
            return
        self.title = t("sr.programme.title", year=figures.year)
        self.query_one("#programme-figures", Static).update(programme_text(figures))
        self.query_one("#programme-chart-title", Label).update(t("sr.screen.per_month", year=figures.year))
        self.query_one("#programme-chart", Sparkline).data = [cents / 100 for cents in figures.per_month_cents]
        peak = max(figures.per_month_cents) if figures.per_month_cents else 0
        months = " ".join(t(f"sr.month.{i}") for i in range(1, 13))
        self.query_one("#programme-months", Static).update(
            f"{months}\n{t('sr.screen.peak', value=format_eur(peak, whole=True))}")

    def action_year(self, step: int) -> None:
        self.year += step
        self.query_one("#programme-figures", Static).update(t("list.loading"))
        self.load(self.year)

    def action_back(self) -> None:
        self.app.pop_screen()
