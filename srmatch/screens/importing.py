"""Import a spreadsheet from the TUI: choose the kind and the file, check, confirm, write.

The same import as ``srmatch import`` (``srmatch.services.importing``). *Check* (Enter in the
path field, or F5) runs a dry run in a thread worker with a progress bar and shows the
validation report in a table: row as Excel shows it, column, value, reason. *Import*
(Ctrl+S) asks for confirmation first — with the number of records that will be added and
updated, and, when some rows were rejected, whether to write the valid ones — and then writes
in a worker. F2 offers the example files of ``data/samples``. Workers post past-tense
messages (``ImportChecked``, ``ImportWritten``); a result for an older request is dropped.

The kinds are ``services.import_kinds.KINDS``, the list ``srmatch import`` takes: the four
record kinds go to ``services.importing.import_file``, a contractor's filled-in sheet of
contributions to ``services.reports.import_contributions`` (which lets only account managers
and admins write). A refusal the service gives in words (a file it cannot read, a role that
may not import this kind) is the summary line, as for a refused file.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, OptionList, ProgressBar, Select, Static
from textual.widgets.option_list import Option

from srmatch.errors import UserFacingError
from srmatch.i18n import t
from srmatch.screens.base import SrmatchScreen, translate_bindings
from srmatch.services import importing, reports
from srmatch.services.facade import describe_error
from srmatch.services.import_kinds import CONTRIBUTIONS, KINDS
from srmatch.services.importing import ImportReport, Problem


def summary_text(report: ImportReport) -> str:
    """The counts of a check or an import, in words."""
    if report.refused:
        return t("importscreen.refused", reason=report.refused)
    key = "importscreen.checked" if report.dry_run else "importscreen.written"
    text = t(key, added=report.added, updated=report.updated, unchanged=report.unchanged, rejected=report.rejected)
    if report.ignored_columns:
        text += " " + t("importscreen.ignored", columns=", ".join(report.ignored_columns))
    return text


def contributions_report(report: reports.ImportReport, file_name: str, *, dry_run: bool) -> ImportReport:
    """A contractor's sheet's report in the shape the screen shows for every kind."""
    return ImportReport(
        kind=CONTRIBUTIONS, file_name=file_name, dry_run=dry_run, written=report.written, added=report.added,
        updated=report.updated, unchanged=report.unchanged, rejected=report.rejected,
        problems=tuple(Problem(p.row, p.column, p.value, p.reason) for p in report.problems),
    )


class SamplesDialog(ModalScreen[Path | None]):
    """The example files of ``data/samples``; Enter picks one, Escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "key.back", id="samples.cancel", tooltip="key.back")]

    def __init__(self, files: list[Path]) -> None:
        super().__init__()
        self.files = files
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="samples-dialog", classes="dialog"):
            yield Label(t("importscreen.samples_title", folder=importing.samples_folder()))
            yield OptionList(*(Option(path.name, id=str(index)) for index, path in enumerate(self.files)), id="samples-list")
            yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.files[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmImport(ModalScreen[bool]):
    """'Write 8 new and 2 changed job seekers?' — Enter/y writes, Escape/n cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "importscreen.yes", id="confirm.yes", tooltip="importscreen.yes"),
        Binding("n,escape", "answer(False)", "importscreen.no", id="confirm.no", tooltip="importscreen.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(self.question, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(t("importscreen.yes"), id="confirm-yes", variant="primary")
                yield Button(t("importscreen.no"), id="confirm-no")
            yield Footer()

    def on_mount(self) -> None:
        self.query_one("#confirm-yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ImportScreen(SrmatchScreen):
    """Kind, file (and sheet) at the top; progress; the validation report below."""

    screen_id = "import"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "key.back", id="import.back", tooltip="key.back"),
        Binding("f5", "check", "importscreen.key.check", id="import.check", tooltip="importscreen.key.check"),
        Binding("ctrl+s", "write", "importscreen.key.write", id="import.write", tooltip="importscreen.key.write"),
        Binding("f2", "samples", "importscreen.key.samples", id="import.samples", tooltip="importscreen.key.samples"),
    ]

    class ImportChecked(Message):
        """A dry run finished: what writing would do, and the rows it would reject."""

        def __init__(self, request: int, report: ImportReport) -> None:
            super().__init__()
            self.request = request
            self.report = report

    class ImportWritten(Message):
        """The import was written (or refused); the report says what happened."""

        def __init__(self, request: int, report: ImportReport) -> None:
            super().__init__()
            self.request = request
            self.report = report

    class ImportProgressed(Message):
        """Rows checked or records written so far."""

        def __init__(self, request: int, stage: str, done: int, total: int) -> None:
            super().__init__()
            self.request = request
            self.stage = stage
            self.done = done
            self.total = total

    def __init__(self, kind: str = "seekers", path: str = "") -> None:
        super().__init__()
        self.initial_kind = kind if kind in KINDS else "seekers"
        self.initial_path = path
        #: The latest check, if it is for the file and kind now on screen (the screen's state).
        self.checked: ImportReport | None = None
        self.checked_for: tuple[str, str, str] | None = None
        #: The report whose problems the table shows.
        self.shown: ImportReport | None = None
        self.request = 0
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="import-choice"):
            yield Select([(t(f"import.kind.{kind}"), kind) for kind in KINDS], value=self.initial_kind,
                         allow_blank=False, id="import-kind")
            yield Input(value=self.initial_path, placeholder=t("importscreen.path_placeholder"), id="import-path")
            yield Input(placeholder=t("importscreen.sheet_placeholder"), id="import-sheet")
        yield Static(t("importscreen.samples_hint", folder=importing.samples_folder()), id="import-hint")
        yield ProgressBar(total=None, show_eta=False, id="import-progress")
        yield Static(t("importscreen.start"), id="import-summary")
        table: DataTable[str] = DataTable(id="import-report", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="import-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("menu.import")
        self.query_one("#import-progress", ProgressBar).display = False
        table = self.query_one("#import-report", DataTable)
        for key, width in (("import.col.row", 5), ("import.col.column", 14), ("import.col.value", 16), ("import.col.reason", 36)):
            table.add_column(t(key), width=width)
        self.query_one("#import-path", Input).focus()

    # --- what is asked -------------------------------------------------------------------

    def _choice(self) -> tuple[str, str, str]:
        kind = self.query_one("#import-kind", Select).value
        path = self.query_one("#import-path", Input).value.strip()
        sheet = self.query_one("#import-sheet", Input).value.strip()
        return (str(kind) if isinstance(kind, str) else "seekers", path, sheet)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_check()

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        if self.checked_for is not None and self.checked_for != self._choice():
            self.checked = None
            self.checked_for = None

    def action_samples(self) -> None:
        def picked(path: Path | None) -> None:
            if path is not None:
                self.query_one("#import-path", Input).value = str(path)
                if path.suffix.lower() == ".csv":
                    self.query_one("#import-kind", Select).value = "vacancies" if "vacanc" in path.name else "seekers"
                self.query_one("#import-path", Input).focus()

        files = importing.sample_files()
        if not files:
            self.notify(t("importscreen.no_samples"), severity="warning")
            return
        self.app.push_screen(SamplesDialog(files), picked)

    def action_check(self) -> None:
        kind, path, sheet = self._choice()
        if not path:
            self.notify(t("importscreen.no_path"), severity="warning")
            return
        if self.busy:
            self.notify(t("importscreen.busy"), severity="warning")
            return
        self._start(t("importscreen.checking", file=Path(path).name))
        self.run_import(self.request, kind, path, sheet, dry_run=True, skip_invalid=False)

    def action_write(self) -> None:
        if self.busy:
            self.notify(t("importscreen.busy"), severity="warning")
            return
        report = self.checked
        if report is None or self.checked_for != self._choice():
            self.notify(t("importscreen.check_first"), severity="warning")
            return
        if report.refused or report.added + report.updated == 0:
            self.notify(t("importscreen.nothing_to_write"), severity="warning")
            return
        kind, path, sheet = self._choice()
        question = t("importscreen.confirm", added=report.added, updated=report.updated, kind=t(f"import.kind.{kind}"))
        if report.rejected:
            question += "\n" + t("importscreen.confirm_skip", rejected=report.rejected)

        def answered(yes: bool | None) -> None:
            if yes:
                self._start(t("importscreen.writing", file=Path(path).name))
                self.run_import(self.request, kind, path, sheet, dry_run=False, skip_invalid=report.rejected > 0)

        self.app.push_screen(ConfirmImport(question), answered)

    def action_back(self) -> None:
        self.app.pop_screen()

    def _start(self, text: str) -> None:
        self.request += 1
        self.busy = True
        self.query_one("#import-summary", Static).update(text)
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True

    # --- background work -------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="import", description="import a file")
    def run_import(self, request: int, kind: str, path: str, sheet: str, *, dry_run: bool, skip_invalid: bool) -> None:
        services = self.services

        def progress(stage: str, done: int, total: int) -> None:
            self.post_message(self.ImportProgressed(request, stage, done, total))

        file = Path(path).expanduser()
        try:
            if kind == CONTRIBUTIONS:
                report = contributions_report(services.run(
                    reports.import_contributions, services.actor, file, dry_run=dry_run, skip_invalid=skip_invalid,
                    sheet=sheet or None,
                ), file.name, dry_run=dry_run)
            else:
                report = services.run(
                    importing.import_file, kind, file, services.actor, dry_run=dry_run,
                    skip_invalid=skip_invalid, sheet=sheet or None, progress=progress,
                )
        except UserFacingError as error:  # not allowed, or a file the service refuses in words
            report = ImportReport(kind=kind, file_name=file.name, dry_run=dry_run, written=False,
                                  refused=describe_error(error))
        finally:
            self.app.call_from_thread(self._finished, request)
        self.post_message(self.ImportChecked(request, report) if dry_run else self.ImportWritten(request, report))

    def _finished(self, request: int) -> None:
        if request == self.request:
            self.busy = False

    def on_import_screen_import_progressed(self, message: ImportProgressed) -> None:
        if message.request == self.request and message.total:
            self.query_one("#import-progress", ProgressBar).update(total=message.total, progress=message.done)
            self.query_one("#import-summary", Static).update(
                t(f"import.progress.{message.stage}", done=message.done, total=message.total)
            )

    def on_import_screen_import_checked(self, message: ImportChecked) -> None:
        if message.request != self.request:
            return
        self.checked = message.report
        self.checked_for = self._choice()
        self._show(message.report)
        if not message.report.refused and message.report.added + message.report.updated:
            self.notify(t("importscreen.now_write"))

    def on_import_screen_import_written(self, message: ImportWritten) -> None:
        if message.request != self.request:
            return
        self.checked = None
        self.checked_for = None
        self._show(message.report)
        self.notify(summary_text(message.report), severity="information" if message.report.written else "warning")

    @on(DataTable.RowHighlighted, "#import-report")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The whole problem of the highlighted row, since the table cuts long reasons."""
        report = self.shown
        if report is None or event.row_key.value is None:
            return
        problem = report.problems[int(event.row_key.value)]
        self.query_one("#import-detail", Static).update(
            t("importscreen.detail", row=problem.row, column=problem.column or "—", value=problem.value or "—", reason=problem.reason)
        )

    def _show(self, report: ImportReport) -> None:
        self.shown = report
        self.query_one("#import-detail", Static).update("")
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=1, progress=1)
        self.query_one("#import-summary", Static).update(summary_text(report))
        table = self.query_one("#import-report", DataTable)
        table.clear()
        for index, problem in enumerate(report.problems[:1000]):
            table.add_row(str(problem.row), problem.column, problem.value, problem.reason, key=str(index))
