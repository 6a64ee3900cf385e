"""Add and edit a job seeker or a vacancy; log a contact with a job seeker.

Every field is checked by the rule the importer applies to its column
(``services/profiles.check_field`` when the user leaves it, ``services/profiles`` on save),
and what is wrong is shown right under the field, in the user's language. Desired occupations
and the employer are completed from the vocabulary and the register as you type (a Textual
``Suggester`` whose lookup runs in a thread, so typing never waits); work restrictions,
licences and certificates are picked from the shipped vocabularies.

Keys: ctrl+s saves (a thread worker), escape asks before throwing changes away, ctrl+r
reloads the stored record. After a save the form closes and tells the screens beneath
(:class:`ProfileSaved`): the record shows the new values, a list reloads and opens a new
record. A save over someone else's newer save shows "changed by X at T" and keeps the form.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Footer, Header, Input, Label, Select, SelectionList, Static, TextArea
from textual.worker import Worker, WorkerState

from srmatch.i18n import current_language, t
from srmatch.screens.base import SrmatchScreen, translate_bindings
from srmatch.screens.context import AppContext
from srmatch.services import profiles
from srmatch.services.facade import Services, describe_error
from srmatch.services.profiles import ConcurrentChange, EditableProfile, ProfileInvalid, Saved
from srmatch.widgets.form_field import FormField

RawValue = str | bool | list[str]


@dataclass(frozen=True)
class FieldSpec:
    """One field of a form: its name (the importer's column) and how it is edited."""

    name: str
    #: ``text`` one line; ``long`` several lines; ``choice`` one of a list; ``many`` any of a
    #: vocabulary; ``flag`` yes or no.
    kind: str = "text"
    #: ``occupation`` or ``employer``: completed as you type.
    suggest: str | None = None
    #: A choice that may stay empty.
    optional: bool = False


SEEKER_FORM: tuple[FieldSpec, ...] = (
    FieldSpec("client_number"),
    FieldSpec("display_name"),
    FieldSpec("email"),
    FieldSpec("phone"),
    FieldSpec("postcode"),
    FieldSpec("target_group", "choice"),
    FieldSpec("target_group_evidence"),
    FieldSpec("target_group_evidence_date"),
    FieldSpec("ladder_rung", "choice"),
    FieldSpec("status", "choice"),
    FieldSpec("desired_occupations", suggest="occupation"),
    FieldSpec("experience", suggest="occupation"),
    FieldSpec("skills"),
    FieldSpec("hours_min"),
    FieldSpec("hours_max"),
    FieldSpec("max_travel_km"),
    FieldSpec("travels_independently", "flag"),
    FieldSpec("work_restrictions", "many"),
    FieldSpec("driving_licences", "many"),
    FieldSpec("certificates", "many"),
    FieldSpec("available_from"),
    FieldSpec("consent_anonymous_profile", "flag"),
    FieldSpec("caseworker"),
)

VACANCY_FORM: tuple[FieldSpec, ...] = (
    FieldSpec("reference"),
    FieldSpec("title"),
    FieldSpec("employer_name", suggest="employer"),
    FieldSpec("employer_kvk"),
    FieldSpec("contract_reference"),
    FieldSpec("description", "long"),
    FieldSpec("skills"),
    FieldSpec("hours_min"),
    FieldSpec("hours_max"),
    FieldSpec("employment_type", "choice"),
    FieldSpec("duration_months"),
    FieldSpec("positions"),
    FieldSpec("postcode"),
    FieldSpec("driving_licence", "choice", optional=True),
    FieldSpec("certificates", "many"),
    FieldSpec("dutch_level", "choice", optional=True),
    FieldSpec("physical_demands", "many"),
    FieldSpec("eligible_target_groups", "many"),
    FieldSpec("status", "choice"),
    FieldSpec("opened_on"),
    FieldSpec("closes_on"),
)

#: Values a new record starts with (the model's defaults, as the form shows them).
_NEW_SEEKER: dict[str, Any] = {"ladder_rung": 3, "status": "active", "hours_min": 0, "hours_max": 40,
                               "max_travel_km": 15.0, "travels_independently": True}
_NEW_VACANCY: dict[str, Any] = {"employment_type": "fixed_term", "status": "open", "positions": 1,
                                "hours_min": 0, "hours_max": 40}


def shown(value: Any) -> str:
    """A stored value as the form shows it for editing (dates and decimals the Dutch way in Dutch)."""
    dutch = current_language() == "nl"
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y") if dutch else value.isoformat()
    if isinstance(value, float):
        text = f"{value:g}"
        return text.replace(".", ",") if dutch else text
    if isinstance(value, (list, tuple)):
        return " | ".join(str(item) for item in value)
    return str(value)


class ServiceSuggester(Suggester):
    """Completes what is typed with a service lookup run in a thread (the UI never waits)."""

    def __init__(self, services: Services, lookup: Callable[..., str | None]) -> None:
        super().__init__(use_cache=True, case_sensitive=True)
        self.services = services
        self.lookup = lookup

    async def get_suggestion(self, value: str) -> str | None:
        try:
            return await asyncio.to_thread(self.services.run, self.lookup, value)
        except Exception:  # noqa: BLE001 - a suggestion that fails is no suggestion, never a crash
            return None


# --- messages ---------------------------------------------------------------------------


class ProfileSaved(Message):
    """A job seeker or vacancy was saved through a form; screens showing it reload.

    ``form`` is the registry id of the form that saved it (``seeker_form``, ``vacancy_form``).
    """

    def __init__(self, form: str, key: str, *, created: bool) -> None:
        super().__init__()
        self.form = form
        self.key = key
        self.created = created


class FormLoaded(Message):
    """The stored record arrived for the edit form."""

    def __init__(self, profile: EditableProfile) -> None:
        super().__init__()
        self.profile = profile


class SaveRefused(Message):
    """The save was refused: the problems per field."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__()
        self.problems = problems


class SaveConflicted(Message):
    """Someone else saved the record since it was opened ("changed by X at T")."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class FormSaved(Message):
    """The save went through."""

    def __init__(self, saved: Saved) -> None:
        super().__init__()
        self.saved = saved


# --- dialogs ----------------------------------------------------------------------------


class DiscardDialog(ModalScreen[bool]):
    """"Throw away your changes?" — keep editing is the default (Enter, Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "keep", "forms.key.keep_editing", id="discard.keep", tooltip="forms.key.keep_editing"),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(t("forms.discard.question"), id="dialog-title")
            with Horizontal(id="dialog-buttons"):
                yield Button(t("forms.discard.keep"), id="keep", variant="primary")
                yield Button(t("forms.discard.discard"), id="discard", variant="error")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#discard")
    def _discard(self) -> None:
        self.dismiss(True)


class ContactDialog(ModalScreen[Saved | None]):
    """Log a contact with a job seeker: a short note and the day (today unless changed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "forms.key.cancel", id="contact.cancel", tooltip="forms.key.cancel"),
    ]

    class ContactLogged(Message):
        """The contact was saved."""

        def __init__(self, saved: Saved) -> None:
            super().__init__()
            self.saved = saved

    class ContactRefused(Message):
        """The note or the day was refused (problems per field), or the save failed."""

        def __init__(self, problems: dict[str, str]) -> None:
            super().__init__()
            self.problems = problems

    def __init__(self, client_number: str) -> None:
        super().__init__()
        self.client_number = client_number
        translate_bindings(self)

    @property
    def services(self) -> Services:
        app = self.app
        if not isinstance(app, AppContext):
            raise TypeError("ContactDialog needs an app that provides AppContext")
        return app.services

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(t("forms.contact.title", key=self.client_number), id="dialog-title")
            yield FormField("note", t("forms.contact.note"), Input(id="field-note", max_length=profiles.MAX_NOTE_LENGTH,
                                                                   placeholder=t("forms.contact.note_placeholder")))
            yield FormField("contacted_on", t("forms.contact.day"), Input(shown(dt.date.today()), id="field-contacted_on"))
            with Horizontal(id="dialog-buttons"):
                yield Button(t("forms.contact.save"), id="ok", variant="primary")
                yield Button(t("forms.contact.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#field-note", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _save(self) -> None:
        note = self.query_one("#field-note", Input).value
        day = self.query_one("#field-contacted_on", Input).value
        self.log_contact(note, day)

    @work(thread=True, exclusive=True, exit_on_error=False, group="contact", description="log contact")
    def log_contact(self, note: str, day: str) -> None:
        try:
            saved = self.services.run(profiles.log_contact, self.services.actor, self.client_number, note, on=day)
        except ProfileInvalid as refused:
            self.post_message(self.ContactRefused(refused.problems))
            return
        except Exception as error:  # noqa: BLE001 - a refusal or a failure becomes a line in the dialog
            self.post_message(self.ContactRefused({"note": describe_error(error)}))
            return
        self.post_message(self.ContactLogged(saved))

    def on_contact_dialog_contact_refused(self, message: ContactRefused) -> None:
        for row in self.query(FormField):
            row.show_problem(message.problems.get(row.field_name))

    def on_contact_dialog_contact_logged(self, message: ContactLogged) -> None:
        self.dismiss(message.saved)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


# --- the forms --------------------------------------------------------------------------


class ProfileForm(SrmatchScreen):
    """A form over the fields of :attr:`spec`, new (no key) or editing the record with ``key``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "forms.key.save", id="form.save", tooltip="forms.key.save_help"),
        Binding("escape", "cancel", "forms.key.cancel", id="form.cancel", tooltip="forms.key.cancel_help"),
        Binding("ctrl+r", "reload", "forms.key.reload", id="form.reload", tooltip="forms.key.reload_help"),
    ]
    #: ``seekers`` or ``vacancies`` (the importer's kind).
    kind: ClassVar[str] = ""
    spec: ClassVar[tuple[FieldSpec, ...]] = ()
    key_field: ClassVar[str] = ""
    new_values: ClassVar[dict[str, Any]] = {}

    def __init__(self, key: str | None = None) -> None:
        super().__init__()
        self.record_key = key
        #: The version the user is editing (None for a new record).
        self.version: int | None = None
        #: The values as the form showed them when opened (to know what changed).
        self.initial: dict[str, RawValue] = {}
        self.saving = False

    # -- building --

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="form-message")
        with VerticalScroll(id="form-scroll"):
            for spec in self.spec:
                yield FormField(spec.name, t(f"field.{spec.name}"), self._control(spec))
        yield Footer()

    def _control(self, spec: FieldSpec) -> Widget:
        widget_id = f"field-{spec.name}"
        language = current_language()
        if spec.kind == "choice":
            return Select(profiles.choices(self.kind, spec.name, language), id=widget_id, allow_blank=True,
                          prompt=t("forms.choose" if not spec.optional else "forms.none"), compact=True)
        if spec.kind == "many":
            options = profiles.choices(self.kind, spec.name, language)
            return SelectionList[str](*options, id=widget_id, compact=True)
        if spec.kind == "flag":
            return Checkbox(t("yes"), id=widget_id, compact=True)
        if spec.kind == "long":
            return TextArea(id=widget_id, soft_wrap=True, show_line_numbers=False)
        suggester: Suggester | None = None
        if spec.suggest == "occupation":
            suggester = ServiceSuggester(self.services, profiles.complete_occupation)
        elif spec.suggest == "employer":
            suggester = ServiceSuggester(self.services, profiles.complete_employer)
        placeholder_key = f"forms.placeholder.{spec.name}"
        placeholder = t(placeholder_key) if t(placeholder_key) != placeholder_key else ""
        return Input(id=widget_id, suggester=suggester, placeholder=placeholder, compact=True)

    def on_mount(self) -> None:
        if self.record_key is None:
            self.title = t(f"forms.title.new_{self.kind}")
            self.fill(self.new_values)
            self._focus_first()
        else:
            self.title = t(f"forms.title.edit_{self.kind}", key=self.record_key)
            self.query_one("#form-message", Static).update(t("forms.loading"))
            self.load()

    # -- values in and out --

    def fill(self, values: dict[str, Any]) -> None:
        """Put stored values into the widgets and remember them as the starting point."""
        for spec in self.spec:
            widget = self.query_one(f"#field-{spec.name}")
            value = values.get(spec.name)
            if isinstance(widget, Select):
                widget.value = Select.NULL if value in (None, "") else str(value)
            elif isinstance(widget, SelectionList):
                widget.deselect_all()
                for item in value or []:
                    widget.select(item)
            elif isinstance(widget, Checkbox):
                widget.value = bool(value)
            elif isinstance(widget, TextArea):
                widget.text = shown(value)
            elif isinstance(widget, Input):
                widget.value = shown(value)
        if self.record_key is not None:
            self.query_one(f"#field-{self.key_field}", Input).disabled = True
        self.initial = self.collect()

    def raw(self, name: str) -> RawValue:
        """What the user has in one field now, as the service takes it."""
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else str(widget.value)
        if isinstance(widget, SelectionList):
            return [str(item) for item in widget.selected]
        if isinstance(widget, Checkbox):
            return bool(widget.value)
        if isinstance(widget, TextArea):
            return widget.text
        assert isinstance(widget, Input)
        return widget.value

    def collect(self) -> dict[str, RawValue]:
        return {spec.name: self.raw(spec.name) for spec in self.spec}

    def changed(self) -> dict[str, RawValue]:
        """The fields the user changed since the form was filled."""
        now = self.collect()
        return {name: value for name, value in now.items() if value != self.initial.get(name)}

    @property
    def dirty(self) -> bool:
        return bool(self.changed())

    def _focus_first(self) -> None:
        for spec in self.spec:
            widget = self.query_one(f"#field-{spec.name}")
            if not widget.disabled:
                widget.focus()
                return

    # -- loading --

    @work(thread=True, exclusive=True, exit_on_error=False, group="form-load", description="open form")
    def load(self) -> None:
        self.post_message(FormLoaded(self.fetch()))

    def fetch(self) -> EditableProfile:
        """The stored record (runs in the worker thread)."""
        raise NotImplementedError

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A record that cannot be opened for editing (gone, erased, database refused): say why
        and go back; a failed save keeps the form and its changes."""
        if event.state is WorkerState.ERROR:
            event.prevent_default()  # reported here; the base screen's handler would say it again
            self.saving = False
            message = describe_error(event.worker.error)
            self.notify(t("error.background", error=message), severity="error", timeout=10)
            if event.worker.group == "form-load" and self.is_current:
                self.app.pop_screen()
            else:
                self._message(message, error=True)

    def on_form_loaded(self, message: FormLoaded) -> None:
        self.version = message.profile.version
        self.record_key = message.profile.key
        self.query_one("#form-message", Static).update("")
        self.query_one("#form-message").remove_class("-error")
        for row in self.query(FormField):
            row.show_problem(None)
        self.fill(message.profile.values)
        self._focus_first()

    # -- checking one field as the user leaves it --

    @on(Input.Blurred)
    def _input_left(self, event: Input.Blurred) -> None:
        row = self._row_of(event.input)
        # Tabbing through an untouched field says nothing; a changed one is checked at once.
        if row is not None and (row.problem or self.raw(row.field_name) != self.initial.get(row.field_name)):
            self._check(event.input)

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        row = self._row_of(event.input)
        if row is not None and row.problem:
            self._check(event.input)  # a shown problem goes away as soon as it is fixed

    def _row_of(self, widget: Widget) -> FormField | None:
        for ancestor in widget.ancestors:
            if isinstance(ancestor, FormField):
                return ancestor
        return None

    def _check(self, widget: Widget) -> None:
        row = self._row_of(widget)
        if row is None or widget.disabled:
            return
        row.show_problem(profiles.check_field(self.kind, row.field_name, self.raw(row.field_name)))

    # -- saving --

    def action_save(self) -> None:
        if self.saving:
            return
        if self.record_key is not None and self.version is None:
            return  # still loading
        values = self.collect() if self.record_key is None else self.changed()
        if self.record_key is not None and not values:
            self.notify(t("forms.nothing_changed"))
            self.app.pop_screen()
            return
        self.saving = True
        self.query_one("#form-message", Static).update(t("forms.saving"))
        self.save(values)

    @work(thread=True, exclusive=True, exit_on_error=False, group="form-save", description="save form")
    def save(self, values: dict[str, RawValue]) -> None:
        try:
            saved = self.store(values)
        except ProfileInvalid as refused:
            self.post_message(SaveRefused(refused.problems))
            return
        except ConcurrentChange as conflict:
            self.post_message(SaveConflicted(str(conflict)))
            return
        except Exception:
            self.saving = False
            raise
        self.post_message(FormSaved(saved))

    def store(self, values: dict[str, RawValue]) -> Saved:
        """Call the service that saves (runs in the worker thread)."""
        raise NotImplementedError

    def on_save_refused(self, message: SaveRefused) -> None:
        self.saving = False
        first: FormField | None = None
        for row in self.query(FormField):
            reason = message.problems.get(row.field_name)
            row.show_problem(reason)
            if reason and first is None:
                first = row
        count = len(message.problems)
        self._message(t("forms.problems", count=count), error=True)
        if first is not None:
            first.control.focus()
            first.scroll_visible()

    def on_save_conflicted(self, message: SaveConflicted) -> None:
        self.saving = False
        self._message(message.message, error=True)
        self.notify(message.message, severity="error", timeout=10)

    def on_form_saved(self, message: FormSaved) -> None:
        created = self.record_key is None
        self.notify(t(f"forms.saved_{self.kind}", key=message.saved.key))
        below = list(self.app.screen_stack)[:-1]
        self.app.pop_screen()
        for screen in below:
            screen.post_message(ProfileSaved(self.screen_id, message.saved.key, created=created))

    def _message(self, text: str, *, error: bool) -> None:
        banner = self.query_one("#form-message", Static)
        banner.update(("✗ " if error else "") + text)
        banner.set_class(error, "-error")

    # -- leaving --

    def action_cancel(self) -> None:
        if not self.dirty:
            self.app.pop_screen()
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.app.pop_screen()

        self.app.push_screen(DiscardDialog(), decided)

    def action_reload(self) -> None:
        """Back to the stored record (or an empty form), after asking when there are changes."""

        def reload() -> None:
            if self.record_key is None:
                self.fill(self.new_values)
                for row in self.query(FormField):
                    row.show_problem(None)
                self._message("", error=False)
            else:
                self.load()

        if not self.dirty:
            reload()
            return
        self.app.push_screen(DiscardDialog(), lambda discard: reload() if discard else None)


class SeekerForm(ProfileForm):
    """Add a job seeker, or edit one (``client_number``)."""

    screen_id = "seeker_form"
    kind = "seekers"
    spec = SEEKER_FORM
    key_field = "client_number"
    new_values = _NEW_SEEKER

    def __init__(self, client_number: str | None = None) -> None:
        super().__init__(client_number)

    def fetch(self) -> EditableProfile:
        assert self.record_key is not None
        return self.services.run(profiles.seeker_for_edit, self.record_key, self.services.actor)

    def store(self, values: dict[str, RawValue]) -> Saved:
        if self.record_key is None:
            return self.services.run(profiles.create_seeker, self.services.actor, values)
        assert self.version is not None
        return self.services.run(profiles.update_seeker, self.services.actor, self.record_key, values,
                                 expected_version=self.version)


class VacancyForm(ProfileForm):
    """Add a vacancy, or edit one (``reference``)."""

    screen_id = "vacancy_form"
    kind = "vacancies"
    spec = VACANCY_FORM
    key_field = "reference"
    new_values = _NEW_VACANCY

    def __init__(self, reference: str | None = None) -> None:
        super().__init__(reference)

    def fetch(self) -> EditableProfile:
        assert self.record_key is not None
        return self.services.run(profiles.vacancy_for_edit, self.record_key)

    def store(self, values: dict[str, RawValue]) -> Saved:
        if self.record_key is None:
            return self.services.run(profiles.create_vacancy, self.services.actor, values)
        assert self.version is not None
        return self.services.run(profiles.update_vacancy, self.services.actor, self.record_key, values,
                                 expected_version=self.version)

