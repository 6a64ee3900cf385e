"""The add/edit forms and the contact dialog, driven as a caseworker would (Pilot, 80x24)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from srmatch.app import SrmatchApp
from srmatch.config import load_settings
from srmatch.i18n import set_language
from srmatch.screens.forms import ContactDialog, DiscardDialog, SeekerForm, VacancyForm
from srmatch.screens.lists import SeekerListScreen
from srmatch.screens.records import SeekerScreen, VacancyScreen
from srmatch.services import profiles, records, users
from srmatch.store.engine import session_scope
from srmatch.store.models import User
from srmatch.widgets.form_field import FormField
from tests.factories import add_sample_records


@pytest.fixture
def sample(engine: Engine) -> Engine:
    add_sample_records(engine)
    with session_scope(engine) as session:
        session.add(User(login="tl.visser", display_name="Tom Visser", role="team_lead"))
    return engine


def make_app(engine: Engine, language: str = "en") -> SrmatchApp:
    set_language(language)
    return SrmatchApp(settings=load_settings(db_path=str(engine.url), language=language, user="km.jansen"), engine=engine)


async def settle(app: SrmatchApp, pilot: Pilot[None]) -> None:
    """Let the workers finish and their messages arrive."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def type_into(pilot: Pilot[None], field: Input, text: str) -> None:
    field.focus()
    await pilot.pause()
    await pilot.press("ctrl+u", "ctrl+k", *text)


def problem(app: SrmatchApp, name: str) -> str:
    return app.screen.query_one(f"#row-{name}", FormField).problem


async def test_a_new_job_seeker_is_added_from_the_list_and_opened(sample: Engine) -> None:
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, SeekerForm)
        await type_into(pilot, form.query_one("#field-client_number", Input), "KL0000050")
        await type_into(pilot, form.query_one("#field-display_name", Input), "Ayşe Çelik")
        await type_into(pilot, form.query_one("#field-postcode", Input), "3081ab")
        form.query_one("#field-target_group", Select).value = "participatiewet"
        await type_into(pilot, form.query_one("#field-desired_occupations", Input), "schoonmaker")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, SeekerScreen)
        assert app.screen.fields is not None and app.screen.fields["client_number"] == "KL0000050"
        assert app.screen.fields["postcode"] == "3081 AB"
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, SeekerListScreen)
        assert "KL0000050" in [row.client_number for row in app.screen.rows]


async def test_an_edit_with_a_mistake_shows_the_message_under_the_field_and_changes_nothing(sample: Engine) -> None:
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("seeker", client_number="KL0000001")
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, SeekerForm)
        hours = form.query_one("#field-hours_max", Input)
        assert hours.value == "32"
        await type_into(pilot, hours, "99")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form  # the form stays open
        assert problem(app, "hours_max") == "must be between 0 and 60"
        message = form.query_one("#error-hours_max", Static)
        assert message.region.y == hours.region.y + 1  # right under the field, on screen
        assert message.region.height >= 1 and message.region.y < 23
        assert "✗" in str(message.render())
        actor = users.resolve_actor(sample, "km.jansen")
        assert records.show_seeker(sample, "KL0000001", actor).hours_max == 32
        # Fixing it clears the message as you type, and saving shows the record with the new value.
        await type_into(pilot, hours, "36")
        assert problem(app, "hours_max") == ""
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, SeekerScreen)
        assert app.screen.fields is not None and app.screen.fields["hours_max"] == 36


async def test_a_changed_field_is_checked_when_the_user_leaves_it(sample: Engine) -> None:
    app = make_app(sample, "nl")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("seeker_form")
        await settle(app, pilot)
        await type_into(pilot, app.screen.query_one("#field-postcode", Input), "12")
        await pilot.press("tab")
        await pilot.pause()
        assert problem(app, "postcode") == "geen Nederlandse postcode (schrijf 3073 of 3073 AB)"
        # Tabbing through an untouched required field says nothing yet.
        assert problem(app, "display_name") == ""


async def test_someone_elses_save_in_between_says_who_and_when(sample: Engine) -> None:
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("seeker_form", client_number="KL0000001")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, SeekerForm)
        lead = users.resolve_actor(sample, "tl.visser")
        version = profiles.seeker_for_edit(sample, "KL0000001", lead).version
        profiles.update_seeker(sample, lead, "KL0000001", {"hours_min": "24"}, expected_version=version)
        await type_into(pilot, form.query_one("#field-display_name", Input), "Samira El Amrani")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        banner = str(form.query_one("#form-message", Static).render())
        assert "changed by tl.visser at" in banner
        detail = records.show_seeker(sample, "KL0000001", lead)
        assert (detail.display_name, detail.hours_min) == ("Samira el Amrani", 24)
        # ctrl+r asks before throwing the edit away, then shows the stored record.
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, DiscardDialog)
        await pilot.press("tab", "enter")
        await settle(app, pilot)
        assert form.query_one("#field-hours_min", Input).value == "24"
        assert form.query_one("#field-display_name", Input).value == "Samira el Amrani"


async def test_escape_asks_before_throwing_changes_away(sample: Engine) -> None:
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("seeker", client_number="KL0000002")
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        await type_into(pilot, form.query_one("#field-display_name", Input), "Pieter de Vries")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardDialog)
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert app.screen is form
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("tab", "enter")  # throw away
        await settle(app, pilot)
        assert isinstance(app.screen, SeekerScreen)
        actor = users.resolve_actor(sample, "km.jansen")
        assert records.show_seeker(sample, "KL0000002", actor).display_name == "Peter de Vries"
        # Without changes, escape just closes.
        await pilot.press("e")
        await settle(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SeekerScreen)


async def test_desired_occupations_are_completed_from_the_vocabulary_as_you_type(sample: Engine) -> None:
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("seeker_form")
        await settle(app, pilot)
        field = app.screen.query_one("#field-desired_occupations", Input)
        await type_into(pilot, field, "kok | magazijnm")
        await settle(app, pilot)
        await pilot.press("right")  # takes the suggestion
        assert field.value.startswith("kok | magazijnm")
        assert field.value.lower() == "kok | magazijnmedewerker"


async def test_logging_a_contact_updates_the_last_contact_on_the_record(sample: Engine) -> None:
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("seeker", client_number="KL0000001")
        await settle(app, pilot)
        record = app.screen
        assert isinstance(record, SeekerScreen) and record.fields is not None
        assert record.fields["last_contact_on"] is None
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, ContactDialog)
        await pilot.press(*"Gebeld over Maasstad", "enter")
        await settle(app, pilot)
        assert app.screen is record
        assert record.fields is not None and record.fields["last_contact_on"] == dt.date.today().isoformat()
        assert [c.note for c in profiles.recent_contacts(sample, "KL0000001")] == ["Gebeld over Maasstad"]
        assert record.fields["contacts"] == f"{dt.date.today().isoformat()} km.jansen: Gebeld over Maasstad"


async def test_a_contact_in_the_future_is_refused_in_the_dialog(sample: Engine) -> None:
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("seeker", client_number="KL0000001")
        await settle(app, pilot)
        await pilot.press("l")
        await pilot.pause()
        dialog = app.screen
        day = dialog.query_one("#field-contacted_on", Input)
        await type_into(pilot, day, (dt.date.today() + dt.timedelta(days=3)).isoformat())
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is dialog
        assert dialog.query_one("#row-contacted_on", FormField).problem == "a contact cannot be logged for a day after today"
        assert profiles.recent_contacts(sample, "KL0000001") == ()


async def test_a_vacancy_is_edited_from_its_record(sample: Engine) -> None:
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("vacancy", reference="VAC-001")
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, VacancyForm)
        assert form.query_one("#field-employer_name", Input).value == "Schoonmaakbedrijf Maasstad"
        await type_into(pilot, form.query_one("#field-employer_name", Input), "Bouwbedrijf Nergens")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        # The KvK number still names the old employer: the form says whose it is.
        assert problem(app, "employer_name") == "this KvK number belongs to Schoonmaakbedrijf Maasstad"
        await type_into(pilot, form.query_one("#field-employer_kvk", Input), "")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "register it first" in problem(app, "employer_name")
        assert records.show_vacancy(sample, "VAC-001").employer == "Schoonmaakbedrijf Maasstad"
        await type_into(pilot, form.query_one("#field-employer_name", Input), "Schoonmaakbedrijf Maasstad")
        await type_into(pilot, form.query_one("#field-title", Input), "Schoonmaker kantoren")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, VacancyScreen)
        assert app.screen.fields is not None and app.screen.fields["title"] == "Schoonmaker kantoren"


async def test_a_status_filter_set_back_to_any_shows_everyone_again(sample: Engine) -> None:
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SeekerListScreen) and len(screen.rows) == 2
        status = screen.query_one("#filter-status", Select)
        status.value = "paused"
        await settle(app, pilot)
        assert len(screen.rows) == 0
        status.value = Select.NULL
        await settle(app, pilot)
        assert len(screen.rows) == 2


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_f1_on_a_form_explains_it_and_lists_its_keys(sample: Engine, language: str) -> None:
    from textual.widgets import Markdown

    from srmatch.i18n import t

    app = make_app(sample, language)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("seeker_form")
        await settle(app, pilot)
        await pilot.press("f1")
        await settle(app, pilot)
        source = app.screen.query_one("#help", Markdown).source
        assert t("help.screen.seeker_form")[:40] in source
        # F1 says what a key does in its long form (the footer shows the short "Save").
        assert t("forms.key.save_help") in source and "ctrl+s" in source.lower()


async def test_a_record_that_is_gone_closes_the_edit_form_with_a_message(sample: Engine) -> None:
    app = make_app(sample)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("s")
        await settle(app, pilot)
        app.open_screen("seeker_form", client_number="KL9999999")
        await settle(app, pilot)
        assert isinstance(app.screen, SeekerListScreen)
        toasts = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert any("no job seeker with client number KL9999999" in toast for toast in toasts), toasts
