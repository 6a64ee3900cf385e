"""Adding and editing job seekers and vacancies through ``services/profiles.py``: the importer's
field rules, nothing written on bad input, optimistic locking, audit events and roles."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func
from sqlmodel import col, select

from srmatch.services import profiles, records, users
from srmatch.services.audit import Actor
from srmatch.services.profiles import ConcurrentChange, ProfileInvalid
from srmatch.services.users import PermissionDenied
from srmatch.store.engine import session_scope
from srmatch.store.models import AuditEvent, JobSeeker, User, Vacancy
from tests.factories import add_sample_records

GOOD_SEEKER: dict[str, object] = {
    "client_number": "KL0000099",
    "display_name": "Ayşe Çelik",
    "email": "ayse@example.nl",
    "phone": "06 87654321",
    "postcode": "3081 ab",
    "target_group": "Participatiewet",
    "ladder_rung": "4",
    "desired_occupations": ["schoonmaker", "magazijnmedewerker"],
    "hours_min": "16",
    "hours_max": "24",
    "max_travel_km": "12,5",
    "certificates": ["VCA basis"],
    "driving_licences": ["B"],
    "work_restrictions": ["geen zwaar tillen"],
    "available_from": "01-02-2027",
}

GOOD_VACANCY: dict[str, object] = {
    "reference": "VAC-100",
    "title": "Schoonmaker kantoren",
    "postcode": "3072",
    "employer_name": "Schoonmaakbedrijf Maasstad",
    "hours_min": "20",
    "hours_max": "32",
    "positions": "2",
    "certificates": "VCA",
    "physical_demands": ["lang staan"],
}


@pytest.fixture
def staffed(engine: Engine) -> Engine:
    """The sample records plus one registered user per role."""
    add_sample_records(engine)
    with session_scope(engine) as session:
        session.add_all(User(login=f"user.{role}", display_name=role, role=role)
                        for role in ("team_lead", "account_manager", "admin"))
    return engine


def _actor(engine: Engine, login: str = "km.jansen") -> Actor:
    return users.resolve_actor(engine, login)


def _snapshot(engine: Engine) -> tuple[Any, ...]:
    """Everything a failed save must leave as it was."""
    with session_scope(engine) as session:
        seekers = session.exec(select(JobSeeker).order_by(col(JobSeeker.id))).all()
        vacancies = session.exec(select(Vacancy).order_by(col(Vacancy.id))).all()
        return (
            tuple(s.model_dump_json() for s in seekers),
            tuple(v.model_dump_json() for v in vacancies),
        )


def _events(engine: Engine, action: str) -> list[AuditEvent]:
    with session_scope(engine) as session:
        return list(session.exec(select(AuditEvent).where(col(AuditEvent.action) == action)).all())


# --- job seekers -------------------------------------------------------------------------


def test_a_new_job_seeker_is_stored_coded_searchable_and_audited(staffed: Engine) -> None:
    saved = profiles.create_seeker(staffed, _actor(staffed), GOOD_SEEKER)
    assert (saved.key, saved.version) == ("KL0000099", 1)
    detail = records.show_seeker(staffed, "KL0000099", _actor(staffed))
    assert detail.postcode == "3081 AB"
    assert detail.target_group == "participatiewet"
    assert (detail.hours_min, detail.hours_max, detail.max_travel_km) == (16, 24, 12.5)
    assert detail.certificates == ("B-VCA",)
    assert detail.available_from == dt.date(2027, 2, 1)
    assert detail.caseworker == "Karin Jansen"  # a caseworker's new person is in their caseload
    # "celik" finds Çelik: the search key was filled on save.
    assert [row.client_number for row in records.list_seekers(staffed, "celik")] == ["KL0000099"]
    with session_scope(staffed) as session:
        seeker = session.exec(select(JobSeeker).where(col(JobSeeker.client_number) == "KL0000099")).one()
        assert seeker.updated_by == "km.jansen"
        assert len(seeker.desired_occupation_codes) == 2 and all(seeker.desired_occupation_codes)
    (event,) = _events(staffed, "seeker.create")
    assert event.object_id == str(seeker.id)
    assert "postcode" in (event.reason or "") and "Çelik" not in (event.reason or "")
    assert "3081" not in (event.reason or "")


BAD_SEEKER_INPUT = [
    ("client_number", "", "required"),
    ("client_number", "111222333", "BSN"),
    ("client_number", "KL0000001", "already"),
    ("display_name", "   ", "required"),
    ("postcode", "12", "postcode"),
    ("postcode", "3012 SS", "postcode"),
    ("email", "not-an-address", "e-mail"),
    ("phone", "call me", "phone"),
    ("target_group", "unemployed", "target group"),
    ("ladder_rung", "7", "between 1 and 6"),
    ("hours_min", "twenty", "whole number"),
    ("hours_max", "61", "between 0 and 60"),
    ("max_travel_km", "-3", "between"),
    ("certificates", ["rijbewijs voor raketten"], "certificates.csv"),
    ("driving_licences", ["Z"], "driving_licences.csv"),
    ("work_restrictions", ["niet vliegen"], "work_demands.csv"),
    ("available_from", "31-02-2027", "date"),
    ("travels_independently", "misschien", "yes"),
    ("caseworker", "nobody", "login"),
]


@pytest.mark.parametrize(("field", "value", "reason"), BAD_SEEKER_INPUT)
def test_bad_seeker_input_is_refused_on_its_field_and_nothing_is_written(
    staffed: Engine, field: str, value: object, reason: str
) -> None:
    before = _snapshot(staffed)
    with pytest.raises(ProfileInvalid) as refused:
        profiles.create_seeker(staffed, _actor(staffed), {**GOOD_SEEKER, field: value})
    assert list(refused.value.problems) == [field]
    assert reason.lower() in refused.value.problems[field].lower()
    assert _snapshot(staffed) == before
    assert _events(staffed, "seeker.create") == []


def test_hours_from_above_hours_up_to_is_named_on_hours_from(staffed: Engine) -> None:
    with pytest.raises(ProfileInvalid) as refused:
        profiles.create_seeker(staffed, _actor(staffed), {**GOOD_SEEKER, "hours_min": "30", "hours_max": "20"})
    assert refused.value.problems == {"hours_min": "minimum hours (30) above maximum hours (20)"}


def test_every_problem_of_a_form_is_reported_at_once(staffed: Engine) -> None:
    values = {**GOOD_SEEKER, "postcode": "x", "hours_max": "100", "email": "@", "certificates": ["??"]}
    with pytest.raises(ProfileInvalid) as refused:
        profiles.create_seeker(staffed, _actor(staffed), values)
    assert set(refused.value.problems) == {"postcode", "hours_max", "email", "certificates"}


def _version(engine: Engine, client_number: str) -> int:
    return profiles.seeker_for_edit(engine, client_number, _actor(engine)).version


def test_an_edit_moves_the_version_and_names_the_changed_fields(staffed: Engine) -> None:
    form = profiles.seeker_for_edit(staffed, "KL0000001", _actor(staffed))
    assert form.values["hours_min"] == 20 and form.values["caseworker"] == "km.jansen"
    saved = profiles.update_seeker(
        staffed, _actor(staffed, "user.team_lead"), "KL0000001",
        {**form.values, "display_name": "Samira El Amrani-Kaya", "hours_max": "36"}, expected_version=form.version,
    )
    assert saved.version == form.version + 1
    assert saved.changed == ("display_name", "hours_max")
    detail = records.show_seeker(staffed, "KL0000001", _actor(staffed))
    assert (detail.display_name, detail.hours_max) == ("Samira El Amrani-Kaya", 36)
    assert [row.client_number for row in records.list_seekers(staffed, "amrani kaya")] == ["KL0000001"]
    (event,) = _events(staffed, "seeker.update")
    assert event.actor == "user.team_lead"
    assert event.reason == "fields: display_name, hours_max"
    again = profiles.seeker_for_edit(staffed, "KL0000001", _actor(staffed))
    assert again.updated_by == "user.team_lead" and again.version == saved.version


def test_an_edit_of_desired_occupations_recodes_them(staffed: Engine) -> None:
    version = _version(staffed, "KL0000002")
    profiles.update_seeker(staffed, _actor(staffed), "KL0000002", {"desired_occupations": "kok|schoonmaker"},
                           expected_version=version)
    with session_scope(staffed) as session:
        seeker = session.exec(select(JobSeeker).where(col(JobSeeker.client_number) == "KL0000002")).one()
        assert seeker.desired_occupations == ["kok", "schoonmaker"]
        assert len(seeker.desired_occupation_codes) == 2 and all(seeker.desired_occupation_codes)


def test_saving_without_changes_writes_nothing(staffed: Engine) -> None:
    form = profiles.seeker_for_edit(staffed, "KL0000001", _actor(staffed))
    saved = profiles.update_seeker(staffed, _actor(staffed), "KL0000001", form.values, expected_version=form.version)
    assert saved.changed == () and saved.version == form.version
    assert _events(staffed, "seeker.update") == []


def test_a_bad_edit_changes_nothing(staffed: Engine) -> None:
    version = _version(staffed, "KL0000001")
    before = _snapshot(staffed)
    with pytest.raises(ProfileInvalid) as refused:
        profiles.update_seeker(staffed, _actor(staffed), "KL0000001",
                               {"display_name": "Samira", "hours_min": "40"}, expected_version=version)
    assert refused.value.problems == {"hours_min": "minimum hours (40) above maximum hours (32)"}
    assert _snapshot(staffed) == before


def test_the_client_number_cannot_be_edited(staffed: Engine) -> None:
    version = _version(staffed, "KL0000001")
    with pytest.raises(ProfileInvalid) as refused:
        profiles.update_seeker(staffed, _actor(staffed), "KL0000001", {"client_number": "KL0000077"},
                               expected_version=version)
    assert set(refused.value.problems) == {"client_number"}


def test_a_save_over_someone_elses_save_says_who_and_when(staffed: Engine) -> None:
    mine = profiles.seeker_for_edit(staffed, "KL0000001", _actor(staffed))
    profiles.update_seeker(staffed, _actor(staffed, "user.team_lead"), "KL0000001", {"hours_max": "30"},
                           expected_version=mine.version)
    before = _snapshot(staffed)
    with pytest.raises(ConcurrentChange) as conflict:
        profiles.update_seeker(staffed, _actor(staffed), "KL0000001", {"hours_max": "28"}, expected_version=mine.version)
    assert "changed by user.team_lead at" in str(conflict.value)
    assert conflict.value.changed_by == "user.team_lead"
    assert _snapshot(staffed) == before
    (event,) = [e for e in _events(staffed, "seeker.update") if e.result == "conflict"]
    assert event.actor == "km.jansen"


def test_an_erased_person_cannot_be_edited(staffed: Engine) -> None:
    from srmatch.services import privacy

    version = _version(staffed, "KL0000002")
    privacy.erase_person(staffed, "KL0000002", _actor(staffed, "user.team_lead"), "request by letter")
    with pytest.raises(records.RecordNotFound):
        profiles.update_seeker(staffed, _actor(staffed), "KL0000002", {"hours_max": "30"}, expected_version=version)


# --- vacancies ---------------------------------------------------------------------------


def test_a_new_vacancy_is_stored_coded_searchable_and_audited(staffed: Engine) -> None:
    saved = profiles.create_vacancy(staffed, _actor(staffed), GOOD_VACANCY, today=dt.date(2026, 12, 1))
    assert (saved.key, saved.version) == ("VAC-100", 1)
    detail = records.show_vacancy(staffed, "VAC-100")
    assert detail.employer == "Schoonmaakbedrijf Maasstad"
    assert detail.certificates == ("B-VCA",)
    assert detail.opened_on == dt.date(2026, 12, 1)
    assert detail.occupation_code  # "Schoonmaker kantoren" is a known occupation
    assert [row.reference for row in records.list_vacancies(staffed, "kantoren")] == ["VAC-100"]
    (event,) = _events(staffed, "vacancy.create")
    assert "employer_name" in (event.reason or "")


BAD_VACANCY_INPUT = [
    ("reference", "VAC-001", "already"),
    ("reference", "VAC 1", "letters"),
    ("title", "", "required"),
    ("employer_name", "", "employer"),
    ("employer_name", "Onbekend BV", "register"),
    ("employer_kvk", "1234", "KvK"),
    ("contract_reference", "C-NOPE", "contract"),
    ("positions", "0", "between 1"),
    ("employment_type", "forever", "one of"),
    ("driving_licence", "B|C", "one"),
    ("dutch_level", "D4", "one of"),
    ("physical_demands", ["vliegen"], "work_demands.csv"),
    ("eligible_target_groups", "iedereen", "target group"),
    ("closes_on", "gisteren", "date"),
]


@pytest.mark.parametrize(("field", "value", "reason"), BAD_VACANCY_INPUT)
def test_bad_vacancy_input_is_refused_on_its_field_and_nothing_is_written(
    staffed: Engine, field: str, value: object, reason: str
) -> None:
    before = _snapshot(staffed)
    with pytest.raises(ProfileInvalid) as refused:
        profiles.create_vacancy(staffed, _actor(staffed), {**GOOD_VACANCY, field: value})
    assert list(refused.value.problems) == [field]
    assert reason.lower() in refused.value.problems[field].lower()
    assert _snapshot(staffed) == before


def test_an_employer_kvk_number_must_agree_with_the_name(staffed: Engine) -> None:
    with pytest.raises(ProfileInvalid) as refused:
        profiles.create_vacancy(staffed, _actor(staffed), {**GOOD_VACANCY, "employer_name": "Bouwbedrijf Zuid",
                                                           "employer_kvk": "24123456"})
    assert refused.value.problems == {"employer_name": "this KvK number belongs to Schoonmaakbedrijf Maasstad"}
    saved = profiles.create_vacancy(staffed, _actor(staffed), {**GOOD_VACANCY, "employer_name": "",
                                                               "employer_kvk": "24123456"})
    assert records.show_vacancy(staffed, saved.key).employer == "Schoonmaakbedrijf Maasstad"


def test_a_vacancy_edit_recodes_the_title_and_guards_the_version(staffed: Engine) -> None:
    form = profiles.vacancy_for_edit(staffed, "VAC-002")
    assert form.values["employer_name"] == "Schoonmaakbedrijf Maasstad"
    saved = profiles.update_vacancy(staffed, _actor(staffed), "VAC-002",
                                    {**form.values, "title": "Kok", "status": "open"}, expected_version=form.version)
    assert saved.changed == ("status", "title")
    detail = records.show_vacancy(staffed, "VAC-002")
    assert (detail.title, detail.status) == ("Kok", "open")
    assert detail.occupation_code and detail.occupation_code != form.values.get("occupation_code")
    with pytest.raises(ConcurrentChange, match="changed by km.jansen at"):
        profiles.update_vacancy(staffed, _actor(staffed, "user.account_manager"), "VAC-002", {"title": "Chef-kok"},
                                expected_version=form.version)
    assert records.show_vacancy(staffed, "VAC-002").title == "Kok"
    (event,) = [e for e in _events(staffed, "vacancy.update") if e.result == "success"]
    assert event.reason == "fields: status, title"


# --- roles -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["caseworker", "team_lead", "account_manager", "admin"])
def test_who_may_add_job_seekers_and_vacancies(staffed: Engine, role: str) -> None:
    login = "km.jansen" if role == "caseworker" else f"user.{role}"
    actor = _actor(staffed, login)
    seeker = {**GOOD_SEEKER, "client_number": f"KL-{role}"}
    if role in profiles.SEEKER_ROLES:
        profiles.create_seeker(staffed, actor, seeker)
    else:
        with pytest.raises(PermissionDenied):
            profiles.create_seeker(staffed, actor, seeker)
        (event,) = _events(staffed, "seeker.create")
        assert event.result == "refused" and event.actor == login
    assert role in profiles.VACANCY_ROLES
    profiles.create_vacancy(staffed, actor, {**GOOD_VACANCY, "reference": f"VAC-{role}"})


def test_an_unregistered_login_may_not_edit(staffed: Engine) -> None:
    from srmatch.services.audit import current_actor

    with pytest.raises(users.UnknownUser):
        profiles.create_seeker(staffed, current_actor("stranger"), GOOD_SEEKER)


# --- open-ended input --------------------------------------------------------------------

_numbers = itertools.count(1)
_typed = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "3012", "3012 AB", "20", "0", "60", "61", "-1", "4,5", "ja", "nee", "VCA", "B",
                     "geen zwaar tillen", "participatiewet", "ww", "01-01-2027", "2027-13-01", "a|b|c"]),
)
_FIELDS = ("postcode", "hours_min", "hours_max", "ladder_rung", "max_travel_km", "certificates",
           "driving_licences", "work_restrictions", "target_group", "available_from", "travels_independently",
           "display_name", "skills")


def _save_or_refuse(engine: Engine, typed: dict[str, str]) -> str:
    """Save a form with ``typed`` over good values: either it saves and reads back sane, or it
    names only fields that were typed in and writes nothing."""
    client_number = f"KLP{next(_numbers):06d}"
    values = {**GOOD_SEEKER, "client_number": client_number, **typed}
    with session_scope(engine) as session:
        count = session.exec(select(func.count()).select_from(JobSeeker)).one()
    try:
        saved = profiles.create_seeker(engine, _actor(engine), values)
    except ProfileInvalid as refused:
        assert refused.problems
        assert set(refused.problems) <= set(typed) | {"hours_min"}
        with session_scope(engine) as session:
            assert session.exec(select(func.count()).select_from(JobSeeker)).one() == count
        return "refused"
    assert saved.key == client_number
    detail = records.show_seeker(engine, client_number, _actor(engine))
    assert detail.hours_min <= detail.hours_max
    assert 1 <= detail.ladder_rung <= 6
    return "saved"


def test_whatever_is_typed_the_form_saves_or_names_the_fields(staffed: Engine) -> None:
    outcomes: set[str] = set()

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(typed=st.dictionaries(st.sampled_from(_FIELDS), _typed, max_size=5))
    def check(typed: dict[str, str]) -> None:
        outcomes.add(_save_or_refuse(staffed, typed))

    check()
    assert outcomes == {"saved", "refused"}  # both paths were exercised


# --- contacts ----------------------------------------------------------------------------


def test_logging_a_contact_moves_last_contact_and_keeps_the_note(staffed: Engine) -> None:
    before = _version(staffed, "KL0000001")
    saved = profiles.log_contact(staffed, _actor(staffed), "KL0000001", "Gebeld over de vacature bij Maasstad",
                                 on="28-11-2026", today=dt.date(2026, 12, 1))
    assert saved.version == before + 1 and saved.changed == ("last_contact_on",)
    assert records.show_seeker(staffed, "KL0000001", _actor(staffed)).last_contact_on == dt.date(2026, 11, 28)
    # An older contact is kept, but does not move the last contact back.
    profiles.log_contact(staffed, _actor(staffed), "KL0000001", "", on=dt.date(2026, 10, 1), today=dt.date(2026, 12, 1))
    assert records.show_seeker(staffed, "KL0000001", _actor(staffed)).last_contact_on == dt.date(2026, 11, 28)
    contacts = profiles.recent_contacts(staffed, "KL0000001")
    assert [(c.contacted_on, c.note, c.logged_by) for c in contacts] == [
        (dt.date(2026, 11, 28), "Gebeld over de vacature bij Maasstad", "km.jansen"),
        (dt.date(2026, 10, 1), "", "km.jansen"),
    ]
    events = _events(staffed, "seeker.contact")
    assert len(events) == 2 and all("Maasstad" not in (event.reason or "") for event in events)


@pytest.mark.parametrize(
    ("note", "on", "field"),
    [("x" * 501, None, "note"), ("bel\x00d", None, "note"), ("ok", "2026-12-02", "contacted_on"), ("ok", "gisteren", "contacted_on")],
)
def test_a_bad_contact_is_refused_and_changes_nothing(staffed: Engine, note: str, on: str | None, field: str) -> None:
    before = _snapshot(staffed)
    with pytest.raises(ProfileInvalid) as refused:
        profiles.log_contact(staffed, _actor(staffed), "KL0000001", note, on=on, today=dt.date(2026, 12, 1))
    assert list(refused.value.problems) == [field]
    assert _snapshot(staffed) == before and profiles.recent_contacts(staffed, "KL0000001") == ()


def test_an_account_manager_may_not_log_a_contact(staffed: Engine) -> None:
    with pytest.raises(PermissionDenied):
        profiles.log_contact(staffed, _actor(staffed, "user.account_manager"), "KL0000001", "hallo")


def test_contact_notes_are_in_the_access_export_and_gone_after_erasure(staffed: Engine) -> None:
    from srmatch.services import privacy

    profiles.log_contact(staffed, _actor(staffed), "KL0000001", "Samira belde terug", today=dt.date(2026, 12, 1))
    lead = _actor(staffed, "user.team_lead")
    export = privacy.export_person(staffed, "KL0000001", lead).to_json()
    assert [(c["contacted_on"], c["note"], c["logged_by"]) for c in export["contacts"]] == [
        ("2026-12-01", "Samira belde terug", "km.jansen")]
    workbook = privacy.person_export_bytes(privacy.export_person(staffed, "KL0000001", lead), "xlsx")
    assert b"Samira belde terug" in _xlsx_text(workbook)
    privacy.erase_person(staffed, "KL0000001", lead, "request by letter")
    with staffed.connect() as connection:
        from sqlalchemy import text

        notes = connection.execute(text("SELECT note FROM seeker_contact")).all()
    assert notes == []


def _xlsx_text(content: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist() if name.endswith(".xml"))


def test_a_contact_can_be_logged_from_the_command_line(staffed: Engine, database_url: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from srmatch.cli import main

    code = main(["--db", database_url, "--user", "km.jansen", "seekers", "contact", "KL0000001",
                 "--note", "Gebeld over de vacature", "--on", "2026-11-30"])
    assert code == 0
    assert capsys.readouterr().out.strip() == "Contact with KL0000001 logged"
    assert [(c.contacted_on, c.note) for c in profiles.recent_contacts(staffed, "KL0000001")] == [
        (dt.date(2026, 11, 30), "Gebeld over de vacature")]
    code = main(["--db", database_url, "--user", "km.jansen", "seekers", "contact", "KL0000001", "--on", "morgen"])
    assert code != 0
    assert "date" in capsys.readouterr().err
    assert len(profiles.recent_contacts(staffed, "KL0000001")) == 1


def test_a_save_racing_another_write_on_sqlite_never_fails_as_a_locked_database(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another connection commits while a save is under way (between its reads and its write).

    SQLite refuses a write from a transaction whose read snapshot is out of date ("database is
    locked" at once, whatever the busy timeout). The save's reads do not hold such a snapshot
    (the driver begins the transaction at the first write), and the version guard of the
    UPDATE keeps it correct: both writes go through.
    """
    import threading

    from sqlalchemy import text

    from srmatch.store import search_keys
    from srmatch.store.migrate import open_database

    engine = open_database(f"sqlite:///{tmp_path / 'race.db'}")
    other = open_database(f"sqlite:///{tmp_path / 'race.db'}")
    add_sample_records(engine)
    version = _version(engine, "KL0000001")
    real_key = search_keys.seeker_key
    done: list[BaseException | None] = []

    def write_elsewhere() -> None:
        try:
            with other.begin() as connection:
                connection.execute(text("UPDATE job_seeker SET skills = '[\"koken\"]' WHERE client_number = 'KL0000002'"))
            done.append(None)
        except BaseException as error:  # noqa: BLE001 - reported below
            done.append(error)

    def key_while_someone_writes(*args: Any) -> str:
        writer = threading.Thread(target=write_elsewhere)
        writer.start()
        writer.join(timeout=1.0)
        return real_key(*args)

    monkeypatch.setattr(search_keys, "seeker_key", key_while_someone_writes)
    saved = profiles.update_seeker(engine, _actor(engine), "KL0000001", {"hours_max": "30"}, expected_version=version)
    monkeypatch.setattr(search_keys, "seeker_key", real_key)
    assert saved.version == version + 1
    for _ in range(50):
        if done:
            break
        threading.Event().wait(0.1)
    assert done == [None]  # the other writer went through after the save
    engine.dispose()
    other.dispose()
