"""Add and edit job seekers and vacancies, and log a contact: the only writer of these edits.

The forms (``srmatch/screens/forms.py``), and any command that edits one record, call these
functions. What a field accepts is the importer's rule for its column
(:data:`srmatch.services.importing.SEEKER_COLUMNS` / ``VACANCY_COLUMNS`` through
:func:`~srmatch.services.importing.parse_cell`), plus the same rules across columns
(:func:`~srmatch.services.importing.record_problems`: hours range, a vacancy needs an
employer): one set of rules for a spreadsheet row and a form.

- Input is a mapping of column name → raw value (text as typed, or a list for list fields).
  Every problem is collected, per field (:class:`ProfileInvalid` ``.problems``), so a form
  shows each next to its field; with any problem nothing is written.
- Each save is one transaction: the row, its occupation codes (``services/occupations.py``),
  its search key (``store/search_keys.py``) and one audit event naming the fields that
  changed, never their values.
- Optimistic locking: a save says which ``version`` the user edited; the row is written with
  ``UPDATE … WHERE id = ? AND version = ?`` and moves to ``version + 1`` with ``updated_by``.
  A save against an older version raises :class:`ConcurrentChange` ("changed by X at T"),
  the way placements do it.
- Roles: the roles that may import job seekers (vacancies) may add and edit them
  (``importing.IMPORT_ROLES``); a refusal is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, func, update
from sqlmodel import Session, col, select

from srmatch.errors import UserFacingError
from srmatch.i18n import t
from srmatch.services import audit, fields
from srmatch.services.audit import Actor
from srmatch.services.fields import InvalidField
from srmatch.services.importing import IMPORT_ROLES, SEEKER_COLUMNS, VACANCY_COLUMNS, Column, parse_cell, record_problems
from srmatch.services.records import RecordNotFound
from srmatch.services.users import registered, require_role
from srmatch.store import search_keys
from srmatch.store.engine import session_scope
from srmatch.store.models import Contract, JobSeeker, Organisation, SeekerContact, User, Vacancy, utc_now

__all__ = [
    "CONTACT_ROLES",
    "ConcurrentChange",
    "ContactRow",
    "EditableProfile",
    "ProfileInvalid",
    "Saved",
    "SEEKER_FIELDS",
    "SEEKER_ROLES",
    "VACANCY_FIELDS",
    "VACANCY_ROLES",
    "create_seeker",
    "create_vacancy",
    "log_contact",
    "recent_contacts",
    "seeker_for_edit",
    "update_seeker",
    "update_vacancy",
    "vacancy_for_edit",
]

#: Who may add and edit job seekers / vacancies: the roles that may import them.
SEEKER_ROLES: tuple[str, ...] = IMPORT_ROLES["seekers"]
VACANCY_ROLES: tuple[str, ...] = IMPORT_ROLES["vacancies"]
#: Who may log a contact with a job seeker.
CONTACT_ROLES: tuple[str, ...] = SEEKER_ROLES
#: A contact note is short: what was discussed, in a line or two.
MAX_NOTE_LENGTH = 500

_SEEKER_COLUMNS: dict[str, Column] = {column.name: column for column in SEEKER_COLUMNS}
_VACANCY_COLUMNS: dict[str, Column] = {column.name: column for column in VACANCY_COLUMNS}
#: The fields of each form, in the importer's column order.
SEEKER_FIELDS: tuple[str, ...] = tuple(_SEEKER_COLUMNS)
VACANCY_FIELDS: tuple[str, ...] = tuple(_VACANCY_COLUMNS)
#: Seeker fields whose vocabulary concepts are stored beside them (``services/occupations.py``).
_CODED = {"desired_occupations": "desired_occupation_codes", "experience": "experience_codes"}
#: The key of a record: given when it is added, never changed by an edit.
_KEYS = {"seekers": "client_number", "vacancies": "reference"}


# --- errors and results -------------------------------------------------------------------


class ProfileInvalid(UserFacingError):
    """One or more fields are wrong; ``problems`` maps each field to its reason (user's language)."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems: dict[str, str] = dict(problems)
        super().__init__("; ".join(f"{t(f'field.{name}')}: {reason}" for name, reason in self.problems.items()))


class ConcurrentChange(UserFacingError):
    """Someone else saved the record since the user opened it; nothing was written."""

    def __init__(self, message: str, *, changed_by: str, changed_at: dt.datetime) -> None:
        super().__init__(message)
        self.changed_by = changed_by
        self.changed_at = changed_at


@dataclass(frozen=True)
class Saved:
    """What a save did: the record's key, its version now, and the fields that changed."""

    key: str
    version: int
    changed: tuple[str, ...]


@dataclass(frozen=True)
class EditableProfile:
    """A record as a form edits it: stored values by field name, and the version they belong to."""

    key: str
    version: int
    values: dict[str, Any] = field(default_factory=dict)
    updated_by: str | None = None
    updated_at: dt.datetime | None = None


# --- shared steps ---------------------------------------------------------------------------


def _check_role(engine: Engine, actor: Actor, roles: Sequence[str], action: str, object_type: str) -> Actor:
    """The actor with its registered role; a refusal is audited (its own transaction) and raised."""
    try:
        actor = registered(engine, actor)
        require_role(actor, *roles)
    except UserFacingError as error:
        _audit_refusal(engine, actor, action, object_type, None, str(error))
        raise
    return actor


def _audit_refusal(engine: Engine, actor: Actor, action: str, object_type: str, object_id: int | None,
                   reason: str, result: str = "refused") -> None:
    with session_scope(engine) as session:
        audit.record(session, actor, action, object_type, object_id, result=result, reason=reason)


def _parse(kind: str, columns: Mapping[str, Column], values: Mapping[str, object], *, create: bool
           ) -> tuple[dict[str, Any], dict[str, str]]:
    """Each given field through its column's rule (on create: every field, empty ones default)."""
    unknown = sorted(set(values) - set(columns))
    if unknown:
        raise ValueError(f"not a field of {kind}: {', '.join(unknown)}")
    parsed: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name, column in columns.items():
        if not create and name not in values:
            continue
        try:
            parsed[name] = parse_cell(column, name, values.get(name))
        except InvalidField as error:
            problems[name] = error.reason
    return parsed, problems


def _cross_field(kind: str, merged: Mapping[str, Any], problems: dict[str, str]) -> None:
    """The importer's rules across columns, on the record as it would be saved.

    Fields that failed their own rule are left out, so a rule about two fields only speaks
    when both are right on their own (and never about a stale stored value).
    """
    good = {name: value for name, value in merged.items() if name not in problems}
    for error in record_problems(kind, good, good.keys()):
        if kind == "vacancies" and error.field == "employer_name":
            if "employer_kvk" not in problems:
                problems.setdefault("employer_name", t("forms.error.employer_required"))
        else:
            problems.setdefault(error.field, error.reason)


def _given(values: Mapping[str, object]) -> str:
    """The names of the fields that hold something (for the audit event: names, never values)."""
    names = [name for name, value in values.items()
             if not fields.is_empty(value) and not (isinstance(value, (list, tuple)) and not value)]
    return ", ".join(sorted(names))


def _changes(current: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in new.items() if not _same(current.get(name), value)}


def _same(stored: Any, new: Any) -> bool:
    if isinstance(stored, float) or isinstance(new, float):
        return stored is not None and new is not None and abs(float(stored) - float(new)) < 1e-9
    if isinstance(stored, (list, tuple)) or isinstance(new, (list, tuple)):
        return list(stored or []) == list(new or [])
    return bool(stored == new)


def _local_time(moment: dt.datetime | None) -> str:
    """The time of day (today) or date and time, in the user's local time."""
    if moment is None:
        return "?"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone()
    if local.date() == dt.datetime.now().astimezone().date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def _concurrent(kind: str, key: str, who: str | None, when: dt.datetime | None) -> ConcurrentChange:
    message = t(f"forms.error.concurrent_{kind}", key=key, who=who or "?", at=_local_time(when))
    return ConcurrentChange(message, changed_by=who or "?", changed_at=when or utc_now())


def _user_ids(session: Session) -> dict[str, int]:
    return {login.lower(): user_id for login, user_id in session.execute(select(col(User.login), col(User.id)))
            if user_id is not None}


# --- job seekers ----------------------------------------------------------------------------


def _seeker_values(session: Session, seeker: JobSeeker) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, column in _SEEKER_COLUMNS.items():
        if name == "caseworker":
            user = session.get(User, seeker.caseworker_id) if seeker.caseworker_id else None
            values[name] = user.login if user else None
        elif column.store_attribute is not None:
            stored = getattr(seeker, column.store_attribute)
            values[name] = list(stored) if isinstance(stored, list) else stored
    return values


def _find_seeker(session: Session, client_number: str) -> JobSeeker | None:
    typed = client_number.strip()
    return session.exec(
        select(JobSeeker).where(
            func.lower(col(JobSeeker.client_number)) == typed.lower(), col(JobSeeker.erased_at).is_(None)
        )
    ).first()


def seeker_for_edit(engine: Engine, client_number: str, actor: Actor) -> EditableProfile:
    """A job seeker's stored values for the edit form; opening it is audited like a view."""
    with session_scope(engine) as session:
        seeker = _find_seeker(session, client_number)
        if seeker is None:
            audit.record(session, actor, "seeker.view", "job_seeker", None, result="not_found",
                         reason="no job seeker with the client number asked for")
            session.commit()
            raise RecordNotFound(t("forms.error.no_seeker", key=client_number))
        audit.record(session, actor, "seeker.view", "job_seeker", seeker.id, reason="edit form")
        return EditableProfile(key=seeker.client_number, version=seeker.version, values=_seeker_values(session, seeker),
                               updated_by=seeker.updated_by, updated_at=seeker.updated_at)


def _seeker_attributes(session: Session, parsed: Mapping[str, Any], problems: dict[str, str]) -> dict[str, Any]:
    """Parsed form values → store attributes (the caseworker's login becomes their id)."""
    attributes: dict[str, Any] = {}
    for name, value in parsed.items():
        if name == "caseworker":
            if value is None:
                attributes["caseworker_id"] = None
            else:
                user_id = _user_ids(session).get(str(value).lower())
                if user_id is None:
                    problems["caseworker"] = t("import.problem.unknown_user")
                else:
                    attributes["caseworker_id"] = user_id
        else:
            store = _SEEKER_COLUMNS[name].store_attribute
            if store is not None:
                attributes[store] = value
    return attributes


def _occupation_codes(engine: Engine, parsed: Mapping[str, Any]) -> dict[str, Any]:
    """Desired occupations and experience → vocabulary concepts, position by position.

    Computed before the save's transaction opens (the matcher may read the vocabulary).
    """
    from srmatch.services.occupations import fill_seeker_codes, occupation_matcher

    row = {name: parsed[name] for name in ("desired_occupations", "experience") if name in parsed}
    if row:
        fill_seeker_codes(occupation_matcher(engine), [row])
    return {name: value for name, value in row.items() if name.endswith("_codes")}


def create_seeker(engine: Engine, actor: Actor, values: Mapping[str, object]) -> Saved:
    """Add a job seeker from form values (every field of :data:`SEEKER_FIELDS` may be given)."""
    actor = _check_role(engine, actor, SEEKER_ROLES, "seeker.create", "job_seeker")
    parsed, problems = _parse("seekers", _SEEKER_COLUMNS, values, create=True)
    _cross_field("seekers", parsed, problems)
    if "caseworker" not in values and actor.role == "caseworker":
        parsed["caseworker"] = actor.login  # a caseworker's new person is in their own caseload
    codes = _occupation_codes(engine, parsed) if not problems else {}
    with session_scope(engine) as session:
        attributes = _seeker_attributes(session, parsed, problems)
        client_number = parsed.get("client_number")
        if isinstance(client_number, str) and _find_seeker(session, client_number) is not None:
            problems["client_number"] = t("forms.error.client_number_taken")
        if problems:
            raise ProfileInvalid(problems)
        now = utc_now()
        seeker = JobSeeker(**attributes, **codes, created_at=now, updated_at=now, version=1, updated_by=actor.login)
        session.add(seeker)
        session.flush()
        audit.record(session, actor, "seeker.create", "job_seeker", seeker.id,
                     reason="fields: " + _given(values))
        return Saved(key=seeker.client_number, version=seeker.version, changed=tuple(SEEKER_FIELDS))


def update_seeker(engine: Engine, actor: Actor, client_number: str, values: Mapping[str, object], *,
                  expected_version: int) -> Saved:
    """Save an edited job seeker: only the fields given change; ``expected_version`` is the one the form showed.

    Raises :class:`ProfileInvalid` (nothing written), :class:`ConcurrentChange` (someone else
    saved since), or ``RecordNotFound``.
    """
    actor = _check_role(engine, actor, SEEKER_ROLES, "seeker.update", "job_seeker")
    parsed, problems = _parse("seekers", _SEEKER_COLUMNS, values, create=False)
    codes = _occupation_codes(engine, parsed) if not problems else {}
    with session_scope(engine) as session:
        seeker = _find_seeker(session, client_number)
        if seeker is None:
            raise RecordNotFound(t("forms.error.no_seeker", key=client_number))
        assert seeker.id is not None
        if seeker.version != expected_version:
            error = _concurrent("seeker", seeker.client_number, seeker.updated_by, seeker.updated_at)
            session.rollback()
            _audit_refusal(engine, actor, "seeker.update", "job_seeker", seeker.id,
                           f"stale version {expected_version}, current {seeker.version}", result="conflict")
            raise error
        current = _seeker_values(session, seeker)
        key = parsed.get("client_number")
        if "client_number" in parsed and key != seeker.client_number and "client_number" not in problems:
            problems["client_number"] = t("forms.error.key_fixed")
        _cross_field("seekers", {**current, **parsed}, problems)
        changed = _changes(current, parsed)
        attributes = _seeker_attributes(session, changed, problems)
        if problems:
            raise ProfileInvalid(problems)
        if not changed:
            return Saved(key=seeker.client_number, version=seeker.version, changed=())
        for name, codes_name in _CODED.items():
            if name in changed:
                attributes[codes_name] = codes[codes_name]
        merged = {**current, **parsed}
        now = utc_now()
        result = session.execute(
            update(JobSeeker)
            .where(col(JobSeeker.id) == seeker.id, col(JobSeeker.version) == expected_version)
            .values(**attributes, version=expected_version + 1, updated_by=actor.login, updated_at=now,
                    search_key=search_keys.seeker_key(merged["display_name"], seeker.client_number, merged["postcode"]))
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 1) != 1:
            session.rollback()
            fresh = session.exec(select(JobSeeker.updated_by, JobSeeker.updated_at).where(col(JobSeeker.id) == seeker.id)).first()
            who, when = fresh if fresh is not None else (None, None)
            raise _concurrent("seeker", seeker.client_number, who, when)
        names = tuple(sorted(changed))
        audit.record(session, actor, "seeker.update", "job_seeker", seeker.id, reason="fields: " + ", ".join(names))
        return Saved(key=seeker.client_number, version=expected_version + 1, changed=names)


# --- vacancies ------------------------------------------------------------------------------


def _find_vacancy(session: Session, reference: str) -> Vacancy | None:
    return session.exec(select(Vacancy).where(func.lower(col(Vacancy.reference)) == reference.strip().lower())).first()


def _vacancy_values(session: Session, vacancy: Vacancy) -> dict[str, Any]:
    employer = session.get(Organisation, vacancy.employer_id)
    contract = session.get(Contract, vacancy.contract_id) if vacancy.contract_id else None
    values: dict[str, Any] = {}
    for name, column in _VACANCY_COLUMNS.items():
        if name == "employer_name":
            values[name] = employer.name if employer else None
        elif name == "employer_kvk":
            values[name] = employer.kvk_number if employer else None
        elif name == "contract_reference":
            values[name] = contract.reference if contract else None
        elif column.store_attribute is not None:
            stored = getattr(vacancy, column.store_attribute)
            values[name] = list(stored) if isinstance(stored, list) else stored
    return values


def vacancy_for_edit(engine: Engine, reference: str) -> EditableProfile:
    """A vacancy's stored values for the edit form."""
    with session_scope(engine) as session:
        vacancy = _find_vacancy(session, reference)
        if vacancy is None:
            raise RecordNotFound(t("forms.error.no_vacancy", key=reference))
        return EditableProfile(key=vacancy.reference, version=vacancy.version, values=_vacancy_values(session, vacancy),
                               updated_by=vacancy.updated_by, updated_at=vacancy.updated_at)


def _employer_id(session: Session, merged: Mapping[str, Any], problems: dict[str, str]) -> int | None:
    """The organisation the form names: by KvK number when given (the name must agree), else by name."""
    name: str | None = merged.get("employer_name")
    kvk: str | None = merged.get("employer_kvk")
    if kvk:
        found = session.exec(select(Organisation).where(col(Organisation.kvk_number) == kvk)).first()
        if found is None:
            problems["employer_kvk"] = t("forms.error.unknown_employer")
            return None
        if name and search_keys.fold(name) != search_keys.fold(found.name):
            problems["employer_name"] = t("forms.error.employer_kvk_mismatch", name=found.name)
            return None
        return found.id
    if not name:
        return None
    matches = session.exec(
        select(Organisation.id).where(func.lower(col(Organisation.name)) == name.strip().lower())
    ).all()
    if not matches:
        problems["employer_name"] = t("forms.error.unknown_employer")
        return None
    if len(matches) > 1:
        problems["employer_name"] = t("import.problem.ambiguous_organisation", count=len(matches))
        return None
    return matches[0]


def _vacancy_attributes(session: Session, parsed: Mapping[str, Any], merged: Mapping[str, Any],
                        problems: dict[str, str]) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    for name, value in parsed.items():
        store = _VACANCY_COLUMNS[name].store_attribute
        if store is not None:
            attributes[store] = value
    if {"employer_name", "employer_kvk"} & parsed.keys():
        employer = _employer_id(session, merged, problems)
        if employer is not None:
            attributes["employer_id"] = employer
    if "contract_reference" in parsed:
        reference = parsed["contract_reference"]
        if reference is None:
            attributes["contract_id"] = None
        else:
            contract = session.exec(select(Contract.id).where(col(Contract.reference) == reference)).first()
            if contract is None:
                problems["contract_reference"] = t("import.problem.unknown_contract")
            else:
                attributes["contract_id"] = contract
    return attributes


def _vacancy_code(engine: Engine, parsed: Mapping[str, Any]) -> dict[str, Any]:
    """The title → an occupation of the vocabulary, when the matcher is sure enough."""
    from srmatch.services.occupations import code_titles

    if isinstance(parsed.get("title"), str):
        return {"occupation_code": code_titles(engine, [parsed["title"]])[0] or None}
    return {}


def create_vacancy(engine: Engine, actor: Actor, values: Mapping[str, object], *, today: dt.date | None = None) -> Saved:
    """Add a vacancy from form values; its employer must be a registered organisation."""
    actor = _check_role(engine, actor, VACANCY_ROLES, "vacancy.create", "vacancy")
    parsed, problems = _parse("vacancies", _VACANCY_COLUMNS, values, create=True)
    if parsed.get("opened_on") is None and "opened_on" not in problems:
        parsed["opened_on"] = today or dt.date.today()
    _cross_field("vacancies", parsed, problems)
    code = _vacancy_code(engine, parsed) if not problems else {}
    with session_scope(engine) as session:
        attributes = _vacancy_attributes(session, parsed, parsed, problems)
        reference = parsed.get("reference")
        if isinstance(reference, str) and _find_vacancy(session, reference) is not None:
            problems["reference"] = t("forms.error.reference_taken")
        if problems:
            raise ProfileInvalid(problems)
        now = utc_now()
        vacancy = Vacancy(**attributes, **code, created_at=now, updated_at=now, version=1, updated_by=actor.login)
        session.add(vacancy)
        session.flush()
        audit.record(session, actor, "vacancy.create", "vacancy", vacancy.id,
                     reason="fields: " + _given(values))
        return Saved(key=vacancy.reference, version=vacancy.version, changed=tuple(VACANCY_FIELDS))


def update_vacancy(engine: Engine, actor: Actor, reference: str, values: Mapping[str, object], *,
                   expected_version: int) -> Saved:
    """Save an edited vacancy (only the fields given change); see :func:`update_seeker`."""
    actor = _check_role(engine, actor, VACANCY_ROLES, "vacancy.update", "vacancy")
    parsed, problems = _parse("vacancies", _VACANCY_COLUMNS, values, create=False)
    code = _vacancy_code(engine, parsed) if not problems else {}
    with session_scope(engine) as session:
        vacancy = _find_vacancy(session, reference)
        if vacancy is None:
            raise RecordNotFound(t("forms.error.no_vacancy", key=reference))
        assert vacancy.id is not None
        if vacancy.version != expected_version:
            error = _concurrent("vacancy", vacancy.reference, vacancy.updated_by, vacancy.updated_at)
            session.rollback()
            _audit_refusal(engine, actor, "vacancy.update", "vacancy", vacancy.id,
                           f"stale version {expected_version}, current {vacancy.version}", result="conflict")
            raise error
        current = _vacancy_values(session, vacancy)
        if "reference" in parsed and parsed["reference"] != vacancy.reference and "reference" not in problems:
            problems["reference"] = t("forms.error.key_fixed")
        merged = {**current, **parsed}
        _cross_field("vacancies", merged, problems)
        changed = _changes(current, parsed)
        if {"employer_name", "employer_kvk"} & changed.keys():
            changed.update({name: merged[name] for name in ("employer_name", "employer_kvk")})
        attributes = _vacancy_attributes(session, changed, merged, problems)
        if problems:
            raise ProfileInvalid(problems)
        if not changed:
            return Saved(key=vacancy.reference, version=vacancy.version, changed=())
        if "title" in changed:
            attributes.update(code)
        now = utc_now()
        result = session.execute(
            update(Vacancy)
            .where(col(Vacancy.id) == vacancy.id, col(Vacancy.version) == expected_version)
            .values(**attributes, version=expected_version + 1, updated_by=actor.login, updated_at=now,
                    search_key=search_keys.vacancy_key(merged["title"], vacancy.reference, merged["postcode"],
                                                       merged["description"]))
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 1) != 1:
            session.rollback()
            fresh = session.exec(select(Vacancy.updated_by, Vacancy.updated_at).where(col(Vacancy.id) == vacancy.id)).first()
            who, when = fresh if fresh is not None else (None, None)
            raise _concurrent("vacancy", vacancy.reference, who, when)
        names = tuple(sorted(_changes(current, parsed)))
        audit.record(session, actor, "vacancy.update", "vacancy", vacancy.id, reason="fields: " + ", ".join(names))
        return Saved(key=vacancy.reference, version=expected_version + 1, changed=names)


# --- contacts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactRow:
    """One logged contact, newest first on the record screen."""

    contacted_on: dt.date
    note: str
    logged_by: str


def log_contact(engine: Engine, actor: Actor, client_number: str, note: str, *, on: dt.date | str | None = None,
                today: dt.date | None = None) -> Saved:
    """Log a contact with a job seeker: a ``seeker_contact`` row with the note, and
    ``last_contact_on`` moves to ``on`` (default today; an earlier contact never moves it back).

    A save like any other (version + 1, ``updated_by``, audited as ``seeker.contact`` without
    the note), but it needs no version: it changes no field a form edits. Problems are
    :class:`ProfileInvalid` on ``note`` or ``contacted_on``.
    """
    actor = _check_role(engine, actor, CONTACT_ROLES, "seeker.contact", "job_seeker")
    today = today or dt.date.today()
    problems: dict[str, str] = {}
    text = ""
    try:
        text = fields.text("note", note, max_length=MAX_NOTE_LENGTH, required=False)
    except InvalidField as error:
        problems["note"] = error.reason
    day = today
    if on is not None and not fields.is_empty(on):
        try:
            day = fields.date("contacted_on", on)
        except InvalidField as error:
            problems["contacted_on"] = error.reason
    if "contacted_on" not in problems and day > today:
        problems["contacted_on"] = t("forms.error.contact_in_future")
    with session_scope(engine) as session:
        seeker = _find_seeker(session, client_number)
        if seeker is None:
            raise RecordNotFound(t("forms.error.no_seeker", key=client_number))
        if problems:
            raise ProfileInvalid(problems)
        assert seeker.id is not None
        latest = max(day, seeker.last_contact_on) if seeker.last_contact_on else day
        now = utc_now()
        session.add(SeekerContact(seeker_id=seeker.id, contacted_on=day, note=text, logged_by=actor.login,
                                  created_at=now, is_demo=seeker.is_demo))
        version = seeker.version
        session.execute(
            update(JobSeeker)
            .where(col(JobSeeker.id) == seeker.id)
            .values(last_contact_on=latest, version=col(JobSeeker.version) + 1, updated_by=actor.login, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        audit.record(session, actor, "seeker.contact", "job_seeker", seeker.id,
                     reason="contact logged with a note" if text else "contact logged")
        changed = ("last_contact_on",) if latest != seeker.last_contact_on else ()
        return Saved(key=seeker.client_number, version=version + 1, changed=changed)


def recent_contacts(engine: Engine, client_number: str, *, limit: int = 5) -> tuple[ContactRow, ...]:
    """The latest logged contacts of a job seeker, newest first (for the record screen)."""
    with session_scope(engine) as session:
        seeker = _find_seeker(session, client_number)
        if seeker is None:
            raise RecordNotFound(t("forms.error.no_seeker", key=client_number))
        rows = session.exec(
            select(SeekerContact).where(col(SeekerContact.seeker_id) == seeker.id)
            .order_by(col(SeekerContact.contacted_on).desc(), col(SeekerContact.id).desc()).limit(limit)
        ).all()
        return tuple(ContactRow(contacted_on=row.contacted_on, note=row.note, logged_by=row.logged_by) for row in rows)


# --- what the forms offer -------------------------------------------------------------------


def check_field(kind: str, name: str, value: object) -> str | None:
    """The reason one field's value is refused (user's language), or None when its rule accepts it.

    The same rule a save applies (pure: no database), so a form can say what is wrong the
    moment the user leaves a field. Rules about several fields or the database (hours range,
    a taken client number, an unknown employer) speak at save time.
    """
    columns = _SEEKER_COLUMNS if kind == "seekers" else _VACANCY_COLUMNS
    try:
        parse_cell(columns[name], name, value)
    except InvalidField as error:
        return error.reason
    return None


#: Fields whose value is one of a fixed set: the catalogue prefix of its display names.
_ENUM_PREFIXES = {
    "target_group": "target_group", "eligible_target_groups": "target_group", "employment_type": "employment_type",
}


def choices(kind: str, name: str, language: str) -> tuple[tuple[str, str], ...]:
    """(label, stored value) of every value a choice field offers, labels in ``language``.

    Work restrictions and physical demands come from ``data/work_demands.csv``, driving
    licences from ``data/driving_licences.csv``, certificates from ``data/certificates.csv``
    (the shipped vocabularies the importer checks against); coded values from their enum.
    """
    from srmatch.i18n import catalogue
    from srmatch.matching.requirements import load_certificates, load_driving_licences, load_work_demands
    from srmatch.store.models import EmploymentType, SeekerStatus, TargetGroup, VacancyStatus

    english = language != "nl"
    if name == "work_restrictions":
        return tuple((d.restriction_en if english else d.restriction, d.restriction) for d in load_work_demands().demands)
    if name == "physical_demands":
        return tuple((d.demand_en if english else d.demand, d.demand) for d in load_work_demands().demands)
    if name in ("driving_licences", "driving_licence"):
        table = load_driving_licences()
        return tuple((f"{code} – {table.label(code, language)}", code) for code in table.codes)
    if name == "certificates":
        certificates = load_certificates()
        return tuple((certificates.label(code, language), code) for code in certificates.codes)
    if name == "dutch_level":
        return tuple((level, level) for level in fields.DUTCH_LEVELS)
    if name == "ladder_rung":
        return tuple((str(rung), str(rung)) for rung in range(1, 7))
    texts = catalogue(language)
    values: tuple[str, ...]
    if name == "status":
        prefix = "seeker_status" if kind == "seekers" else "vacancy_status"
        values = tuple(status.value for status in (SeekerStatus if kind == "seekers" else VacancyStatus))
    elif name in _ENUM_PREFIXES:
        prefix = _ENUM_PREFIXES[name]
        values = tuple(member.value for member in (EmploymentType if name == "employment_type" else TargetGroup))
    else:
        raise ValueError(f"{kind}.{name} is not a choice field")
    return tuple((texts.get(f"{prefix}.{value}", value), value) for value in values)


_labels_cache: dict[str, tuple[tuple[object, ...], tuple[str, ...]]] = {}


def _occupation_labels(engine: Engine) -> tuple[str, ...]:
    """Every label of the vocabulary in use (preferred first, then synonyms), once per vocabulary."""
    from srmatch.services.vocabulary import _vocabulary_stamp, active_vocabulary

    url, stamp = str(engine.url), _vocabulary_stamp(engine)
    cached = _labels_cache.get(url)
    if cached is None or cached[0] != stamp:
        concepts = active_vocabulary(engine).concepts
        labels = [concept.preferred_label for concept in concepts]
        labels += [label for concept in concepts for label in concept.alt_labels]
        cached = (stamp, tuple(dict.fromkeys(label for label in labels if label)))
        _labels_cache[url] = cached
    return cached[1]


def complete_occupation(engine: Engine, typed: str) -> str | None:
    """The vocabulary's occupation that completes the last item of ``typed`` ("kok|schoonm" →
    "kok|schoonmaker"), or None: a preferred label before a synonym, the shortest first."""
    head, separator, last = typed.rpartition(fields.LIST_SEPARATOR)
    stem = last.lstrip()
    if len(stem) < 2:
        return None
    folded = stem.casefold()
    found = [label for label in _occupation_labels(engine) if label.casefold().startswith(folded) and len(label) > len(stem)]
    if not found:
        return None
    best = min(found, key=len)
    return f"{head}{separator}{last}{best[len(stem):]}"


def complete_employer(engine: Engine, typed: str) -> str | None:
    """The registered organisation whose name starts with ``typed`` (shortest first), or None."""
    stem = typed.strip()
    if len(stem) < 2:
        return None
    with session_scope(engine) as session:
        pattern = stem.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        names = session.exec(
            select(Organisation.name).where(func.lower(col(Organisation.name)).like(pattern, escape="\\"))
            .order_by(func.length(col(Organisation.name)), col(Organisation.name)).limit(1)
        ).all()
    return f"{typed}{names[0][len(typed):]}" if names and len(names[0]) > len(typed) else None
