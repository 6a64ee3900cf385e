"""One job seeker or one vacancy as label–value lines, loaded in a worker.

Opening a record is a query plus (for a job seeker) an audit write: on a locked database that
can take the whole busy timeout, so it runs in a thread worker and the screen shows
"loading" meanwhile. A record that is gone, or a database that refuses, becomes a message and
the screen closes itself; the list beneath stays as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.table import Table
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Header, Static
from textual.worker import Worker, WorkerState

from srmatch.formatting import format_date, record_lines
from srmatch.i18n import t
from srmatch.screens.base import SrmatchScreen
from srmatch.services import matching, profiles, records
from srmatch.services.facade import describe_error

if TYPE_CHECKING:
    from srmatch.screens.forms import ProfileSaved
    from srmatch.services.profiles import Saved


class RecordScreen(SrmatchScreen):
    """A record opened by its key; subclasses say how to fetch it and what to call it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "key.back", id="record.back", tooltip="key.back")]
    status_prefix: ClassVar[str] = ""

    class RecordLoaded(Message):
        """The record arrived: its heading and its fields (JSON-like, as the CLI prints them)."""

        def __init__(self, heading: str, fields: dict[str, Any]) -> None:
            super().__init__()
            self.heading = heading
            self.fields = fields

    def __init__(self, key: str) -> None:
        super().__init__()
        self.record_key = key
        #: The fields on screen, once loaded (the screen's state).
        self.fields: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail-scroll", can_focus=True):
            yield Static(t("record.loading"), id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.record_key
        self.query_one("#detail-scroll").focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="record", description="open record")
    def load(self) -> None:
        heading, fields = self.fetch()
        self.post_message(self.RecordLoaded(heading, fields))

    def fetch(self) -> tuple[str, dict[str, Any]]:
        """Heading and fields of the record (runs in the worker thread)."""
        raise NotImplementedError

    def on_record_screen_record_loaded(self, message: RecordLoaded) -> None:
        self.fields = message.fields
        self.title = message.heading
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for label, text in record_lines(message.fields, self.status_prefix):
            table.add_row(label, text)
        self.query_one("#detail", Static).update(table)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A record that cannot be opened: say why and go back to where the user was."""
        if event.state is WorkerState.ERROR:
            event.prevent_default()  # reported here; the base screen's handler would say it again
            message = describe_error(event.worker.error)
            self.notify(t("error.open", error=message), severity="error", timeout=10)
            if self.is_current:
                self.app.pop_screen()

    def action_back(self) -> None:
        self.app.pop_screen()

    #: The field holding the record's key, and the form that edits it (``screens/forms.py``).
    key_field: ClassVar[str] = ""
    form_screen: ClassVar[str] = ""

    def current_key(self) -> str:
        """The stored key once the record is loaded (the typed one before)."""
        return str(self.fields[self.key_field]) if self.fields else self.record_key

    def action_edit(self) -> None:
        self.context.open_screen(self.form_screen, **{self.key_field: self.current_key()})

    def on_profile_saved(self, message: ProfileSaved) -> None:
        """A form saved this record: show the new values."""
        if message.form == self.form_screen and message.key.lower() == self.current_key().lower():
            self.load()


class SeekerScreen(RecordScreen):
    """One job seeker; opening it is written to the audit log."""

    screen_id = "seeker"
    status_prefix = "seeker_status"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "matches", "matches.key.matches", id="seeker.matches", tooltip="matches.key.matches_help"),
        Binding("e", "edit", "forms.key.edit", id="seeker.edit", tooltip="forms.key.edit_help"),
        Binding("l", "log_contact", "forms.key.contact", id="seeker.contact", tooltip="forms.key.contact_help"),
    ]
    key_field = "client_number"
    form_screen = "seeker_form"

    def __init__(self, client_number: str) -> None:
        super().__init__(client_number)

    def action_matches(self) -> None:
        """The matches of this person (the stored client number once the record is loaded)."""
        key = str(self.fields["client_number"]) if self.fields else self.record_key
        self.context.open_screen("matches", client_number=key)

    def action_log_contact(self) -> None:
        """A small dialog for the note; the record shows the new last contact after it."""
        from srmatch.screens.forms import ContactDialog

        def logged(saved: Saved | None) -> None:
            if saved is not None:
                self.notify(t("forms.contact_logged"))
                self.load()

        self.app.push_screen(ContactDialog(self.current_key()), logged)

    def fetch(self) -> tuple[str, dict[str, Any]]:
        detail = self.services.run(records.show_seeker, self.record_key, self.services.actor)
        fields = detail.to_json()
        # What the profile lacks comes first: it is what the caseworker should act on.
        first = {key: fields.pop(key) for key in ("client_number", "display_name", "gaps")}
        contacts = self.services.run(profiles.recent_contacts, detail.client_number, limit=3)
        if contacts:  # the notes of the latest logged contacts, newest first (``l`` adds one)
            fields["contacts"] = "\n".join(
                f"{format_date(c.contacted_on)} {c.logged_by}: {c.note or '—'}" for c in contacts)
        return t("detail.seeker", name=detail.display_name), {**first, **fields}

    def on_record_screen_record_loaded(self, message: RecordScreen.RecordLoaded) -> None:
        """Count next what the profile's gaps cost (the base class shows the record)."""
        if "gap_costs" not in message.fields:
            self.count_costs(message.heading, message.fields)

    @work(thread=True, exclusive=True, exit_on_error=False, group="record-costs", description="count gap costs")
    def count_costs(self, heading: str, fields: dict[str, Any]) -> None:
        """What the gaps cost ("adding hours would let 40 more vacancies be considered"),
        shown under them; either way the open vacancies are then ready for ``m``."""
        try:
            if not fields.get("gaps"):
                self.services.run(matching.prepare_seeker_views)
                return
            costs = self.services.run(matching.profile_costs, str(fields["client_number"]))
        except Exception as error:  # a count that fails must not close the record
            self.app.call_from_thread(self.notify, describe_error(error), severity="warning")
            return
        if costs:
            with_costs = {}
            for key, value in fields.items():
                with_costs[key] = value
                if key == "gaps":
                    with_costs["gap_costs"] = "\n".join(f"• {cost.text}" for cost in costs)
            self.post_message(self.RecordLoaded(heading, with_costs))


class VacancyScreen(RecordScreen):
    """One vacancy with its requirements."""

    screen_id = "vacancy"
    status_prefix = "vacancy_status"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "matches", "matches.key.matches", id="vacancy.matches", tooltip="matches.key.matches_help"),
        Binding("e", "edit", "forms.key.edit", id="vacancy.edit", tooltip="forms.key.edit_help"),
    ]
    key_field = "reference"
    form_screen = "vacancy_form"

    def __init__(self, reference: str) -> None:
        super().__init__(reference)

    def on_record_screen_record_loaded(self, message: RecordScreen.RecordLoaded) -> None:
        self.prepare_matches()

    @work(thread=True, exclusive=True, exit_on_error=False, group="record-prepare", description="prepare candidates")
    def prepare_matches(self) -> None:
        """Encode the caseload while the vacancy is read, so ``m`` shows its candidates fast."""
        try:
            self.services.run(matching.prepare_vacancy_views)
        except Exception as error:  # the candidates view itself will say what is wrong
            describe_error(error)

    def action_matches(self) -> None:
        """The candidates for this vacancy."""
        key = str(self.fields["reference"]) if self.fields else self.record_key
        self.context.open_screen("matches", reference=key)

    def fetch(self) -> tuple[str, dict[str, Any]]:
        detail = self.services.run(records.show_vacancy, self.record_key)
        return t("detail.vacancy", title=detail.title), detail.to_json()
