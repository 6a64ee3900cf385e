"""Matches: the ranked vacancies for one job seeker, or the ranked candidates for one vacancy.

Each row is one match with its score; the pane below says in words why it fits (every part
of the score), what was excluded and why (counts per hard filter), and what one change
would open ("travel 10 → 15 km: +40 vacancies"). Keys: Enter opens the other record (the
vacancy from a person's matches, the person from a vacancy's), ``p`` proposes the
highlighted pair with a note, ``o`` proposes a person or vacancy the engine did not show or
excluded (a reason is required), ``ctrl+f`` chooses another person or vacancy.

Opened without a subject (from the home menu), the screen starts with its chooser: type a
client number, reference, name, title or postcode and pick from what is found, by keyboard
alone. Matching runs in a thread worker (the screen shows "loading" meanwhile) and posts
past-tense messages (``MatchesLoaded``, ``PlacementProposed``); a result for a subject the
screen no longer shows is dropped. A refused proposal is one line, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from srmatch.errors import UserFacingError
from srmatch.formatting import format_number
from srmatch.i18n import t
from srmatch.screens.base import SrmatchScreen, translate_bindings
from srmatch.services import matching, placements
from srmatch.services.facade import describe_error
from srmatch.services.matching import MatchList, MatchResult, Subject

SEEKER = "seeker"
VACANCY = "vacancy"


@dataclass(frozen=True)
class MatchRequest:
    """What the screen shows: whose matches (``kind``, ``key``), and which load of it."""

    kind: str
    key: str
    generation: int


def _loose(text: str) -> str:
    return text.replace(" ", "").lower()


def points(value: float) -> str:
    """A score or points (one decimal at most, as the engine rounds them) the language's way."""
    return format_number(round(value, 1))


def breakdown(result: MatchResult) -> Text:
    """The score of one match in words: a heading, then one line per part of the score."""
    text = Text(t("matches.detail.heading", score=points(result.score), what=result.title_or_name, key=result.id) + "\n",
                style="bold")
    names = [t(f"matching.component.{component.name}") for component in result.components]
    width = max((len(name) for name in names), default=0)
    for name, component in zip(names, result.components, strict=True):
        share = f"{points(component.points)}/{points(component.max_points)}"
        text.append(f"  {name:<{width}} {share:>7}  ", style="bold")
        text.append(f"{component.text}\n")
    return text


def subject_line(kind: str, matches: MatchList) -> str:
    """Whose matches these are, as the CLI says it."""
    s = matches.subject
    low, high = s.get("hours", [0, 0])
    if kind == SEEKER:
        return t("matching.cli.for_seeker", client_number=s["client_number"], name=s["name"], postcode=s["postcode"],
                 hours_min=low, hours_max=high, km=f"{s['max_travel_km']:g}")
    return t("matching.cli.for_vacancy", reference=s["reference"], title=s["title"], postcode=s["postcode"],
             hours_min=low, hours_max=high)


def overview(kind: str, matches: MatchList) -> Text:
    """What would open doors, what was excluded and why, and the engine's notes."""
    text = Text()
    if matches.would_open:
        text.append(t("matching.cli.would_open") + "\n", style="bold")
        for door in matches.would_open:
            text.append(f"  • {door.text}\n")
    if matches.excluded:
        heading = "matching.cli.excluded" if kind == SEEKER else "matching.cli.excluded_candidates"
        text.append(t(heading) + "\n", style="bold")
        for name, count in matches.excluded.items():
            text.append(f"  ✗ {t(f'matching.filter.{name}')}: {format_number(count)}\n")
    for note in matches.notes:
        text.append(f"{t('matches.note')} {note}\n")
    return text


class ProposeDialog(ModalScreen[str | None]):
    """Propose the highlighted pair: an optional note for the team lead."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "matches.dialog.cancel", id="matches.dialog.cancel", tooltip="matches.dialog.cancel"),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.dialog_title = title
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.dialog_title, id="dialog-title")
            yield Input(placeholder=t("matches.dialog.note"), id="note")
            with Horizontal(id="dialog-buttons"):
                yield Button(t("matches.dialog.propose"), id="ok", variant="primary")
                yield Button(t("matches.dialog.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    @on(Button.Pressed, "#ok")
    def _confirm(self) -> None:
        self.dismiss(self.query_one("#note", Input).value.strip())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ProposeOtherDialog(ModalScreen[tuple[str, str] | None]):
    """Propose someone (or a vacancy) the engine did not show: the key and a required reason."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "matches.dialog.cancel", id="matches.dialog.cancel", tooltip="matches.dialog.cancel"),
    ]

    def __init__(self, title: str, key_placeholder: str) -> None:
        super().__init__()
        self.dialog_title = title
        self.key_placeholder = key_placeholder
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.dialog_title, id="dialog-title")
            yield Input(placeholder=self.key_placeholder, id="other-key")
            yield Input(placeholder=t("matches.dialog.reason"), id="reason")
            yield Static("", id="dialog-error")
            with Horizontal(id="dialog-buttons"):
                yield Button(t("matches.dialog.propose"), id="ok", variant="primary")
                yield Button(t("matches.dialog.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#other-key", Input).focus()

    @on(Input.Submitted, "#other-key")
    def _next(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#reason")
    @on(Button.Pressed, "#ok")
    def _confirm(self) -> None:
        key = self.query_one("#other-key", Input).value.strip()
        reason = self.query_one("#reason", Input).value.strip()
        error = self.query_one("#dialog-error", Static)
        if not key:
            error.update(t("matches.dialog.need_key"))
            self.query_one("#other-key", Input).focus()
            return
        if not reason:
            error.update(t("matches.dialog.need_reason"))
            self.query_one("#reason", Input).focus()
            return
        self.dismiss((key, reason))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class MatchesScreen(SrmatchScreen):
    """Ranked vacancies for a job seeker, or ranked candidates for a vacancy, explained."""

    screen_id = "matches"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Back stays out of the footer (80 columns are few; F1 lists it). Enter is a priority
        # binding so the footer shows it over the table's own; it only acts on the table.
        Binding("escape", "back", "key.back", id="matches.back", tooltip="matches.key.back", show=False),
        Binding("enter", "open_selected", "key.open", id="matches.open", tooltip="matches.key.open", priority=True),
        Binding("p", "propose", "matches.key.propose", id="matches.propose", tooltip="matches.key.propose_help"),
        Binding("o", "propose_other", "matches.key.propose_other", id="matches.propose_other",
                tooltip="matches.key.propose_other_help"),
        Binding("ctrl+f", "choose", "matches.key.choose", id="matches.choose", tooltip="matches.key.choose_help"),
        Binding("f5", "reload", "matches.key.reload", id="matches.reload", tooltip="matches.key.reload", show=False),
    ]

    class MatchesLoaded(Message):
        """The matches for ``request`` arrived (dropped when the screen shows another subject)."""

        def __init__(self, request: MatchRequest, matches: MatchList) -> None:
            super().__init__()
            self.request = request
            self.matches = matches

    class MatchesFailed(Message):
        """The matches for ``request`` could not be made (one line why)."""

        def __init__(self, request: MatchRequest, error: str) -> None:
            super().__init__()
            self.request = request
            self.error = error

    class SubjectsFound(Message):
        """People and vacancies named by what was typed in the chooser."""

        def __init__(self, text: str, subjects: tuple[Subject, ...]) -> None:
            super().__init__()
            self.text = text
            self.subjects = subjects

    class PlacementProposed(Message):
        """A proposal was made (``placement_id``) or refused (``error``, one line)."""

        def __init__(self, client_number: str, reference: str, placement_id: int | None, error: str | None) -> None:
            super().__init__()
            self.client_number = client_number
            self.reference = reference
            self.placement_id = placement_id
            self.error = error

    def __init__(self, client_number: str = "", reference: str = "") -> None:
        super().__init__()
        #: Whose matches the screen shows (``None`` while choosing); results for another are dropped.
        self.request: MatchRequest | None = None
        if client_number:
            self.request = MatchRequest(SEEKER, client_number, 1)
        elif reference:
            self.request = MatchRequest(VACANCY, reference, 1)
        #: The matches on screen, once loaded.
        self.matches: MatchList | None = None
        #: What the chooser offers for the text typed, in order.
        self.subjects: tuple[Subject, ...] = ()
        #: Matches proposed from this screen: the other side's key → placement id.
        self.proposed: dict[str, int] = {}
        self._generation = 1

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=t("matches.choose_placeholder"), id="matches-subject", compact=True)
        yield OptionList(id="matches-choices")
        with Vertical(id="matches-body"):
            yield Static("", id="matches-counts")
            table: DataTable[str] = DataTable(id="matches-table", cursor_type="row", zebra_stripes=True)
            yield table
            with VerticalScroll(id="matches-detail-scroll"):
                yield Static("", id="matches-detail")
                yield Static("", id="matches-overview")
        yield Static("", id="matches-status")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("menu.matches")
        if self.request is None:
            self._choosing(True)
            self.query_one("#matches-counts", Static).update(t("matches.choose_hint"))
            self.prepare()
        else:
            self._choosing(False)
            self._start_load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="matches-prepare", description="prepare matching")
    def prepare(self) -> None:
        """Encode the open vacancies while the caseworker types whom they want (a person is the usual choice)."""
        try:
            self.services.run(matching.prepare_seeker_views)
        except Exception as error:  # the view itself will say what is wrong
            describe_error(error)

    def _choosing(self, choosing: bool) -> None:
        """The chooser (what was typed and what it names) or the matches."""
        self.set_class(choosing, "-choosing")
        if choosing:
            self.query_one("#matches-subject", Input).focus()
        else:
            self.query_one("#matches-table", DataTable).focus()

    def _columns(self, kind: str, key_width: int = 9) -> None:
        """Rank, score, the other side's key (as wide as the widest shown) and its title or name."""
        table = self.query_one("#matches-table", DataTable)
        table.clear(columns=True)
        key_header = "col.reference" if kind == SEEKER else "col.client_number"
        what_header = "col.title" if kind == SEEKER else "col.name"
        widths = [max(2, len(t("matches.col.rank"))), max(5, len(t("matches.col.score"))),
                  max(key_width, len(t(key_header)))]
        spare = (self.size.width or 80) - sum(widths) - 2 * (len(widths) + 1) - 2
        for key, column_width in zip(("matches.col.rank", "matches.col.score", key_header, what_header),
                                     (*widths, max(len(t(what_header)), spare)), strict=True):
            table.add_column(t(key), width=column_width, key=key)

    def _fill_table(self) -> None:
        matches, request = self.matches, self.request
        if matches is None or request is None:
            return
        table = self.query_one("#matches-table", DataTable)
        row = table.cursor_row
        self._columns(request.kind, max((len(result.id) for result in matches.results), default=0))
        for rank, result in enumerate(matches.results, start=1):
            what = result.title_or_name
            if result.id in self.proposed:
                what = t("matches.proposed_mark", what=what, id=self.proposed[result.id])
            table.add_row(str(rank), points(result.score), result.id, what, key=result.id)
        if 0 < row < table.row_count:
            table.move_cursor(row=row)

    def on_resize(self) -> None:
        self._fill_table()

    # --- loading ------------------------------------------------------------------------

    def _start_load(self) -> None:
        request = self.request
        if request is None:
            return
        self.matches = None
        self.sub_title = ""
        self._columns(request.kind)
        # A text, not Textual's animated LoadingIndicator: its animation competes with the
        # matching thread for the interpreter and made a first view ~1.5x slower (measured).
        self.set_class(True, "-loading")
        self.query_one("#matches-counts", Static).update(t("matches.loading"))
        self.query_one("#matches-detail", Static).update("")
        self.query_one("#matches-overview", Static).update("")
        self.load_matches(request)

    @work(thread=True, exclusive=True, exit_on_error=False, group="matches", description="rank matches")
    def load_matches(self, request: MatchRequest) -> None:
        services = self.services
        try:
            if request.kind == SEEKER:
                found = services.run(matching.match_seeker, request.key, matching.DEFAULT_TOP, actor=services.actor)
            else:
                found = services.run(matching.match_vacancy, request.key, matching.DEFAULT_TOP, actor=services.actor)
        except UserFacingError as error:
            self.post_message(self.MatchesFailed(request, str(error)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.MatchesLoaded(request, found))

    def on_matches_screen_matches_loaded(self, message: MatchesLoaded) -> None:
        if message.request != self.request:
            return  # the user asked for someone else meanwhile
        self.matches = message.matches
        kind = message.request.kind
        self.set_class(False, "-loading")
        self._fill_table()
        if not self.has_class("-choosing"):
            self.query_one("#matches-table", DataTable).focus()
        subject = message.matches.subject
        self.sub_title = f"{subject.get('client_number') or subject.get('reference')} {subject.get('name') or subject.get('title')}"
        considered, shown = message.matches.considered, len(message.matches.results)
        counts = (t("matching.cli.considered", considered=format_number(considered), shown=shown) if shown
                  else t("matching.cli.none"))
        self.query_one("#matches-counts", Static).update(f"{subject_line(kind, message.matches)}\n{counts}")
        self.query_one("#matches-overview", Static).update(overview(kind, message.matches))
        self._show_detail()

    def on_matches_screen_matches_failed(self, message: MatchesFailed) -> None:
        if message.request != self.request:
            return
        self.set_class(False, "-loading")
        self.query_one("#matches-counts", Static).update(message.error)
        self.notify(message.error, severity="error", timeout=10)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failing load still ends the loading indicator (the base class says why: Textual runs
        its handler after this one, so calling it here too would say it twice)."""
        if event.state is WorkerState.ERROR and event.worker.group == "matches":
            self.set_class(False, "-loading")
            self.query_one("#matches-counts", Static).update(t("matches.failed"))

    def _selected(self) -> MatchResult | None:
        matches = self.matches
        table = self.query_one("#matches-table", DataTable)
        if matches is None or table.row_count == 0:
            return None
        row = table.cursor_row
        return matches.results[row] if 0 <= row < len(matches.results) else None

    @on(DataTable.RowHighlighted, "#matches-table")
    def _show_detail(self) -> None:
        result = self._selected()
        detail = self.query_one("#matches-detail", Static)
        if result is None:
            detail.update("")
            return
        detail.update(breakdown(result))

    # --- choosing a person or vacancy ---------------------------------------------------

    @on(Input.Changed, "#matches-subject")
    def _subject_typed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        if not text:
            self.subjects = ()
            self.query_one("#matches-choices", OptionList).clear_options()
            if self.request is not None:
                self._choosing(False)
            return
        self.set_class(True, "-choosing")
        self.find(text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="matches-find", description="find a person or vacancy")
    def find(self, text: str) -> None:
        found = self.services.run(matching.find_subjects, text)
        if not get_current_worker().is_cancelled:
            self.post_message(self.SubjectsFound(text, found))

    def on_matches_screen_subjects_found(self, message: SubjectsFound) -> None:
        if message.text != self.query_one("#matches-subject", Input).value.strip():
            return
        self.subjects = message.subjects
        options = self.query_one("#matches-choices", OptionList)
        options.clear_options()
        if not message.subjects:
            options.add_option(Option(t("matches.nothing_found", text=message.text), id="-none", disabled=True))
            return
        for index, subject in enumerate(message.subjects):
            kind = t(f"matches.kind.{subject.kind}")
            options.add_option(Option(f"{subject.key}  {subject.label}  ({kind}, {subject.detail})", id=str(index)))
        options.highlighted = 0

    @on(Input.Submitted, "#matches-subject")
    def _subject_submitted(self) -> None:
        options = self.query_one("#matches-choices", OptionList)
        if self.subjects:
            self.choose(self.subjects[options.highlighted or 0])
        elif self.query_one("#matches-subject", Input).value.strip():
            self.notify(t("matches.choose_first"), severity="warning")

    @on(OptionList.OptionSelected, "#matches-choices")
    def _subject_picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id.isdigit():
            self.choose(self.subjects[int(event.option.id)])

    def choose(self, subject: Subject) -> None:
        """Show the matches of ``subject``."""
        self._generation += 1
        self.request = MatchRequest(subject.kind, subject.key, self._generation)
        self.proposed = {}
        field = self.query_one("#matches-subject", Input)
        with field.prevent(Input.Changed):
            field.value = ""
        self.subjects = ()
        self.query_one("#matches-choices", OptionList).clear_options()
        self._choosing(False)
        self._start_load()

    def on_key(self, event: events.Key) -> None:
        """Down in the chooser's field moves into what it found."""
        if event.key != "down":
            return
        if self.focused is self.query_one("#matches-subject", Input) and self.subjects:
            self.query_one("#matches-choices", OptionList).focus()
            event.stop()

    # --- actions ------------------------------------------------------------------------

    def action_choose(self) -> None:
        self.set_class(True, "-choosing")
        self.query_one("#matches-subject", Input).focus()

    def action_reload(self) -> None:
        if self.request is not None:
            self._generation += 1
            self.request = MatchRequest(self.request.kind, self.request.key, self._generation)
            self._start_load()

    def action_back(self) -> None:
        """Escape empties a filled chooser first, then leaves it; then goes back."""
        field = self.query_one("#matches-subject", Input)
        if self.has_class("-choosing") and self.request is not None:
            with field.prevent(Input.Changed):
                field.value = ""
            self._choosing(False)
            return
        if field.value:
            field.value = ""
            return
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter opens a record only from the table (in the chooser it picks a person or vacancy)."""
        if action == "open_selected":
            return self.focused is self.query_one("#matches-table", DataTable) and self._selected() is not None
        return True

    def action_open_selected(self) -> None:
        result = self._selected()
        if result is None or self.request is None:
            self.notify(t("matches.nothing_selected"), severity="warning")
            return
        if self.request.kind == SEEKER:
            self.context.open_screen("vacancy", reference=result.id)
        else:
            self.context.open_screen("seeker", client_number=result.id)

    def _pair(self, other: str) -> tuple[str, str]:
        """(client number, reference) of this subject and ``other``."""
        assert self.request is not None and self.matches is not None
        if self.request.kind == SEEKER:
            return str(self.matches.subject["client_number"]), other
        return other, str(self.matches.subject["reference"])

    def action_propose(self) -> None:
        result = self._selected()
        if result is None or self.matches is None:
            self.notify(t("matches.nothing_selected"), severity="warning")
            return
        client_number, reference = self._pair(result.id)
        if self.request is not None and self.request.kind == SEEKER:
            title = t("matches.dialog.propose_title", person=self.matches.subject["name"], vacancy=result.title_or_name)
        else:
            title = t("matches.dialog.propose_title", person=result.title_or_name, vacancy=self.matches.subject["title"])

        def done(note: str | None) -> None:
            if note is not None:
                self.propose(client_number, reference, note, None)

        self.app.push_screen(ProposeDialog(title), done)

    def action_propose_other(self) -> None:
        if self.matches is None or self.request is None:
            self.notify(t("matches.choose_first"), severity="warning")
            return
        seeker_view = self.request.kind == SEEKER
        title = t("matches.dialog.other_vacancy_title" if seeker_view else "matches.dialog.other_person_title",
                  subject=self.matches.subject["name" if seeker_view else "title"])
        placeholder = t("matches.dialog.other_vacancy" if seeker_view else "matches.dialog.other_person")

        def done(answer: tuple[str, str] | None) -> None:
            if answer is not None:
                other, reason = answer
                client_number, reference = self._pair(other)
                self.propose(client_number, reference, reason, VACANCY if seeker_view else SEEKER)

        self.app.push_screen(ProposeOtherDialog(title, placeholder), done)

    @work(thread=True, exclusive=True, exit_on_error=False, group="matches-propose", description="propose a placement")
    def propose(self, client_number: str, reference: str, note: str, typed: str | None) -> None:
        """Propose the pair; ``typed`` says which side the caseworker typed (spelled loosely)."""
        services = self.services
        if typed is not None:
            typed_key = reference if typed == VACANCY else client_number
            for subject in services.run(matching.find_subjects, typed_key):
                if subject.kind == typed and _loose(subject.key) == _loose(typed_key):
                    if typed == VACANCY:
                        reference = subject.key
                    else:
                        client_number = subject.key
                    break
        try:
            result = services.run(placements.propose, services.actor, client_number, reference, note=note or None)
        except UserFacingError as error:
            self.post_message(self.PlacementProposed(client_number, reference, None, str(error)))
            return
        self.post_message(self.PlacementProposed(client_number, reference, result.id, None))

    def on_matches_screen_placement_proposed(self, message: PlacementProposed) -> None:
        """The outcome as one line above the footer (and as a notification)."""
        status = self.query_one("#matches-status", Static)
        if message.error is not None:
            line = t("matches.refused", error=message.error)
            status.update(Text(line, style="bold"))
            self.notify(line, severity="error", timeout=10)
            return
        line = t("matches.proposed", id=message.placement_id, client_number=message.client_number,
                 reference=message.reference)
        status.update(line)
        self.notify(line)
        if self.request is not None and message.placement_id is not None:
            other = message.reference if self.request.kind == SEEKER else message.client_number
            self.proposed[other] = message.placement_id
            self._fill_table()
