"""The placement workflow (DESIGN.md §4): the only code that changes a placement's state.

::

    proposed ──approve──▶ approved ──introduce──▶ introduced ──start──▶ started ──sustain──▶ sustained
       │  └─send_back─▶ needs_info ─resubmit─▶ proposed     │               └─end─▶ ended(reason)
       └─reject─▶ rejected        withdrawn ◀── (any state before started)
                                  not_hired ◀── introduced

Rules, each in one place:

- :data:`TRANSITIONS` says which action leads from which states to which state, and which
  roles may take it. Only team leads approve, reject or send back, and never their own
  proposal. An illegal action raises :class:`IllegalTransition` naming the state and the
  actions it allows.
- Invariants: at most one started placement per person (also a partial unique index in the
  database); a vacancy never has more working placements (started or sustained) than
  positions (checked under a lock on the vacancy row); a vacancy whose positions are all
  taken becomes ``filled`` and opens again when a placement ends; a person with a working
  placement is ``placed``.
- Optimistic locking: every change bumps ``placement.version`` with
  ``UPDATE … WHERE id = ? AND version = ?``; a caller that saw an older version gets
  :class:`ConcurrentChange` ("changed by km.jansen at 14:02; reload") and nothing is written.
- Every transition, and every refusal, writes an audit event (BIO 8.15.01); refusals are
  written in their own transaction after the change was rolled back.
- A proposal freezes the engine's score and explanation as they were at proposal time: the
  numbers as they were, the words read back in the reader's language from the frozen codes.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Engine, and_, func, or_, update
from sqlalchemy import select as sql_select
from sqlalchemy.orm import aliased
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from srmatch.errors import UserFacingError
from srmatch.i18n import current_language, t
from srmatch.matching.resources import data_path
from srmatch.services import audit
from srmatch.services.audit import Actor
from srmatch.services.social_return import sync_placement_contribution
from srmatch.services.users import registered, require_role
from srmatch.store.engine import session_scope
from srmatch.store.models import (
    OPEN_PLACEMENT_CONDITION,
    AuditEvent,
    EmploymentType,
    JobSeeker,
    Organisation,
    Placement,
    PlacementStatus,
    Role,
    SeekerStatus,
    User,
    Vacancy,
    VacancyStatus,
    utc_now,
)

S = PlacementStatus
CASEWORK_ROLES = (Role.CASEWORKER.value, Role.TEAM_LEAD.value)
REVIEW_ROLES = (Role.TEAM_LEAD.value,)
#: Placements in which the person works: they take a position and make the person "placed".
WORKING = (S.STARTED.value, S.SUSTAINED.value)
#: Placements still on their way (one per person and vacancy; the database agrees).
OPEN = (S.PROPOSED.value, S.NEEDS_INFO.value, S.APPROVED.value, S.INTRODUCED.value, S.STARTED.value)
#: How long after the start a placement counts as sustainable (DESIGN.md §4).
SUSTAIN_AFTER_MONTHS = 6
#: The queue shows this many rows at once; counts are always of all rows.
QUEUE_PAGE = 200

assert OPEN_PLACEMENT_CONDITION == "status IN (" + ", ".join(f"'{s}'" for s in OPEN) + ")"


@dataclass(frozen=True)
class Transition:
    """One arrow of the state machine."""

    action: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]


def _arrow(action: str, sources: Iterable[PlacementStatus], target: PlacementStatus, roles: tuple[str, ...]) -> Transition:
    return Transition(action, tuple(s.value for s in sources), target.value, roles)


#: Every legal transition, by action (the CLI's ACTION values).
TRANSITIONS: dict[str, Transition] = {
    arrow.action: arrow
    for arrow in (
        _arrow("approve", [S.PROPOSED], S.APPROVED, REVIEW_ROLES),
        _arrow("reject", [S.PROPOSED], S.REJECTED, REVIEW_ROLES),
        _arrow("send_back", [S.PROPOSED], S.NEEDS_INFO, REVIEW_ROLES),
        _arrow("resubmit", [S.NEEDS_INFO], S.PROPOSED, CASEWORK_ROLES),
        _arrow("withdraw", [S.PROPOSED, S.NEEDS_INFO, S.APPROVED, S.INTRODUCED], S.WITHDRAWN, CASEWORK_ROLES),
        _arrow("introduce", [S.APPROVED], S.INTRODUCED, CASEWORK_ROLES),
        _arrow("not_hired", [S.INTRODUCED], S.NOT_HIRED, CASEWORK_ROLES),
        _arrow("start", [S.INTRODUCED], S.STARTED, CASEWORK_ROLES),
        _arrow("sustain", [S.STARTED], S.SUSTAINED, CASEWORK_ROLES),
        _arrow("end", [S.STARTED], S.ENDED, CASEWORK_ROLES),
    )
}
ACTIONS: tuple[str, ...] = tuple(TRANSITIONS)
REVIEW_ACTIONS = ("approve", "reject", "send_back")
#: Actions that change what a contract realised (social return is kept in step).
SOCIAL_RETURN_ACTIONS = ("start", "end", "sustain")


def allowed_actions(status: str) -> tuple[str, ...]:
    """The actions a placement in ``status`` allows, in the order of :data:`TRANSITIONS`."""
    return tuple(action for action, arrow in TRANSITIONS.items() if status in arrow.sources)


# --- errors ---------------------------------------------------------------------------------


class PlacementError(UserFacingError):
    """Something about a placement a user can fix or must know."""


class PlacementNotFound(PlacementError, LookupError):
    """No placement (or job seeker, or vacancy) with that id or reference."""


class IllegalTransition(PlacementError):
    """The action is not possible from the placement's current state."""


class ConcurrentChange(PlacementError):
    """Someone else changed the placement since it was read; nothing was written."""


class InvariantViolated(PlacementError):
    """The change would break a rule of the workflow (positions, one job per person…)."""


class MissingInput(PlacementError):
    """The action needs a reason, note, date or number that was not given (or is wrong)."""


def _join_or(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return t("placements.list_or", head=", ".join(items[:-1]), last=items[-1])


def describe_allowed(status: str) -> str:
    """'a proposed placement can be approved, rejected, sent back or withdrawn'."""
    allowed = allowed_actions(status)
    if not allowed:
        return t("placements.final", state=t(f"placements.a.{status}"))
    return t("placements.can_be", state=t(f"placements.a.{status}"),
             actions=_join_or([t(f"placements.done.{action}") for action in allowed]))


# --- reference lists (data/placement_reasons.toml) ------------------------------------------


@dataclass(frozen=True)
class Reason:
    """One entry of a reason list: a stable code and its label in both languages."""

    code: str
    nl: str
    en: str

    @property
    def label(self) -> str:
        return self.nl if current_language() == "nl" else self.en


REASON_KINDS = ("reject", "not_hired", "ended")


@cache
def _reason_lists() -> dict[str, tuple[Reason, ...]]:
    with data_path("placement_reasons.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return {kind: tuple(Reason(str(r["code"]), str(r["nl"]), str(r["en"])) for r in data.get(kind, [])) for kind in REASON_KINDS}


def reasons(kind: str) -> tuple[Reason, ...]:
    """The reasons to pick from when a placement is rejected, not hired or ended (``kind``)."""
    return _reason_lists()[kind]


def _reason(kind: str, code: str | None, note: str | None) -> str:
    options = reasons(kind)
    codes = [reason.code for reason in options]
    if not code:
        raise MissingInput(t("placements.error.reason_required", codes=", ".join(codes)))
    if code not in codes:
        raise MissingInput(t("placements.error.reason_unknown", reason=code, codes=", ".join(codes)))
    if code == "other" and not (note or "").strip():
        raise MissingInput(t("placements.error.other_needs_note"))
    return code


# --- plain results --------------------------------------------------------------------------


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the last day of the month when it does not exist)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def sustain_due_on(start_date: dt.date | None) -> dt.date | None:
    """When a started placement is due for its 6-month check."""
    return None if start_date is None else add_months(start_date, SUSTAIN_AFTER_MONTHS)


@dataclass(frozen=True)
class PlacementRow:
    """One line of ``placements list``; ``to_json`` carries exactly the documented keys."""

    id: int
    status: str
    client_number: str
    vacancy_reference: str
    proposed_by: str | None
    proposed_at: dt.datetime
    score: float | None
    vacancy_title: str = ""
    due: str | None = None
    due_on: dt.date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "status": self.status, "client_number": self.client_number,
            "vacancy_reference": self.vacancy_reference, "proposed_by": self.proposed_by,
            "proposed_at": _iso(self.proposed_at), "score": self.score,
        }


@dataclass(frozen=True)
class ScoreLine:
    """One line of a frozen score breakdown ("title ≈ synonym of …", 18 of 30 points)."""

    label: str
    text: str
    points: float | None = None
    #: The engine's reason behind ``text`` as ``{"code", "values"}`` (no language), when frozen.
    reason: dict[str, Any] | None = None


@dataclass(frozen=True)
class FrozenExplanation:
    """What the caseworker saw when proposing, read back from ``placement.explanation``.

    The numbers are as frozen; the words are in the reader's language: the frozen text when
    it is in that language, else put into words again from the frozen reason codes and values
    (a proposal frozen before codes were kept, or a code this version cannot word, keeps its
    frozen text).
    """

    score: float | None
    excluded: bool
    surfaced: bool
    lines: tuple[ScoreLine, ...]
    exclusions: tuple[str, ...]
    exclusion_reasons: tuple[dict[str, Any] | None, ...] = ()

    @classmethod
    def from_json(cls, data: dict[str, Any], score: float | None, surfaced: bool) -> FrozenExplanation:
        frozen_in = data.get("language")
        lines = tuple(
            ScoreLine(str(line.get("label", "")), _reader_words(line.get("reason"), line.get("text", ""), frozen_in),
                      line.get("points"), _reason_or_none(line.get("reason")))
            for line in data.get("lines", []) if isinstance(line, dict)
        )
        texts = [str(x) for x in data.get("exclusions", [])]
        stored = data.get("exclusion_reasons")
        reasons = [_reason_or_none(r) for r in stored] if isinstance(stored, list) else []
        reasons += [None] * (len(texts) - len(reasons))
        return cls(score=score, excluded=bool(data.get("excluded", False)), surfaced=surfaced, lines=lines,
                   exclusions=tuple(_reader_words(reason, text, frozen_in) for reason, text in zip(reasons, texts)),
                   exclusion_reasons=tuple(reasons[:len(texts)]))


def _reason_or_none(reason: Any) -> dict[str, Any] | None:
    """A frozen ``{"code", "values"}`` as it should be, else ``None`` (old or damaged rows)."""
    if not isinstance(reason, dict) or not isinstance(reason.get("code"), str):
        return None
    values = reason.get("values")
    return {"code": reason["code"], "values": dict(values) if isinstance(values, dict) else {}}


def _reader_words(reason: Any, text: Any, frozen_in: Any) -> str:
    """The words of one frozen reason in the current language (see :class:`FrozenExplanation`)."""
    frozen = _reason_or_none(reason)
    if frozen is None or frozen_in == current_language():
        return str(text)
    import importlib

    matching: Any = importlib.import_module("srmatch.services.matching")
    words = matching.reason_words(frozen["code"], frozen["values"])
    return str(text) if words is None else str(words)


@dataclass(frozen=True)
class PlacementDetail:
    """Everything about one placement, as ``placements show`` and the screens show it."""

    id: int
    version: int
    status: str
    client_number: str
    seeker_name: str
    vacancy_reference: str
    vacancy_title: str
    employer: str
    proposed_by: str | None
    proposed_at: dt.datetime
    score: float | None
    surfaced_by_engine: bool
    explanation: FrozenExplanation
    proposal_note: str | None
    reviewed_by: str | None
    reviewed_at: dt.datetime | None
    review_reason: str | None
    review_note: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    hours_per_week: int | None
    employment_type: str | None
    end_reason: str | None
    sustain_due_on: dt.date | None
    updated_by: str | None
    updated_at: dt.datetime
    allowed_actions: tuple[str, ...]
    history: tuple[tuple[dt.datetime, str, str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "version": self.version, "status": self.status,
            "client_number": self.client_number, "seeker_name": self.seeker_name,
            "vacancy_reference": self.vacancy_reference, "vacancy_title": self.vacancy_title,
            "employer": self.employer, "proposed_by": self.proposed_by, "proposed_at": _iso(self.proposed_at),
            "score": self.score, "surfaced_by_engine": self.surfaced_by_engine,
            "excluded_by_engine": self.explanation.excluded,
            "explanation": [{"label": x.label, "text": x.text, "points": x.points, "reason": x.reason}
                            for x in self.explanation.lines],
            "exclusions": list(self.explanation.exclusions),
            "exclusion_reasons": list(self.explanation.exclusion_reasons),
            "proposal_note": self.proposal_note, "reviewed_by": self.reviewed_by,
            "reviewed_at": _iso(self.reviewed_at), "review_reason": self.review_reason,
            "review_note": self.review_note, "start_date": _iso(self.start_date), "end_date": _iso(self.end_date),
            "hours_per_week": self.hours_per_week, "employment_type": self.employment_type,
            "end_reason": self.end_reason, "sustain_due_on": _iso(self.sustain_due_on),
            "updated_by": self.updated_by, "updated_at": _iso(self.updated_at),
            "allowed_actions": list(self.allowed_actions),
            "history": [{"at": _iso(at), "actor": who, "action": what, "result": result} for at, who, what, result in self.history],
        }


@dataclass(frozen=True)
class TransitionResult:
    """What a transition did: the placement's new state and version."""

    id: int
    action: str
    status: str
    version: int


# --- engine explanation at proposal time ----------------------------------------------------


@dataclass(frozen=True)
class EngineView:
    """The engine's view of one pair, frozen into the proposal."""

    score: float | None
    excluded: bool
    surfaced: bool
    explanation: dict[str, Any] = field(default_factory=dict)


#: How the engine explains one pair: (engine, client_number, vacancy_reference) → EngineView.
Explainer = Callable[[Engine, str, str], EngineView]


def engine_view(engine: Engine, client_number: str, vacancy_reference: str) -> EngineView:
    """Ask the matching engine about the pair and whether it would have surfaced it.

    "Surfaced" means the pair is eligible and the vacancy is among the engine's top
    ``DEFAULT_TOP`` for the person, or the person among the top candidates for the vacancy:
    what a caseworker would have seen on the matches screen.
    """
    import importlib

    matching: Any = importlib.import_module("srmatch.services.matching")
    pair = matching.explain_pair(engine, client_number, vacancy_reference)
    top = int(matching.DEFAULT_TOP)
    surfaced = False
    if pair.eligible:
        for_seeker = matching.match_seeker(engine, client_number, top)
        surfaced = any(result.id == vacancy_reference for result in for_seeker.results)
        if not surfaced:
            for_vacancy = matching.match_vacancy(engine, vacancy_reference, top)
            surfaced = any(result.id == client_number for result in for_vacancy.results)
    return from_pair_explanation(pair, surfaced=surfaced, top=top)


def from_pair_explanation(pair: Any, *, surfaced: bool, top: int) -> EngineView:
    """Freeze ``srmatch.services.matching.PairExplanation`` into the JSON a proposal keeps.

    The words are in the proposer's language (``language``); each line's ``reason`` and the
    ``exclusion_reasons`` keep what they were made from (the engine's code and values) so a
    reader in another language gets them in theirs. The numbers stay as the engine gave them.
    """
    component_reasons = tuple(getattr(pair, "component_reasons", ()))
    lines = []
    for index, c in enumerate(pair.components):
        line: dict[str, Any] = {"label": str(c.name), "text": str(c.text), "points": _number(c.points),
                                "max_points": _number(c.max_points)}
        if index < len(component_reasons):
            line["reason"] = _frozen_reason(component_reasons[index])
        lines.append(line)
    excluded = not bool(pair.eligible)
    explanation = {
        "excluded": excluded,
        "language": current_language(),
        "exclusions": [str(text) for text in pair.exclusions],
        "exclusion_reasons": [_frozen_reason(reason) for reason in getattr(pair, "exclusion_reasons", ())],
        "excluded_by": [str(code) for code in pair.excluded_by],
        "lines": lines,
        "surfaced": surfaced and not excluded,
        "top": top,
        "frozen_at": utc_now().isoformat(),
    }
    return EngineView(score=None if pair.score is None else _number(pair.score), excluded=excluded,
                      surfaced=surfaced and not excluded, explanation=explanation)


def _number(value: Any) -> float | None:
    return None if value is None else round(float(value), 1)


def _frozen_reason(reason: Any) -> dict[str, Any]:
    """The engine's ``Reason`` as JSON: its code and values (dates as ISO text)."""
    return {"code": str(reason.code), "values": {str(k): _json_value(v) for k, v in dict(reason.values).items()}}


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json_value(item) for item in value]
    item = getattr(value, "item", None)  # a numpy number
    return _json_value(item()) if callable(item) else str(value)


# --- helpers inside a unit of work ----------------------------------------------------------


def _user_id(session: Session, login: str) -> int | None:
    return session.exec(select(User.id).where(col(User.login) == login)).first()


def _login_of(session: Session, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    return session.exec(select(User.login).where(col(User.id) == user_id)).first()


def _local_time(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone()
    if local.date() == dt.datetime.now().astimezone().date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def _concurrent(session: Session, placement_id: int) -> ConcurrentChange:
    """Name who changed the placement last and when (read fresh, past our stale copy)."""
    session.rollback()
    row = session.exec(
        select(Placement.updated_by, Placement.updated_at).where(col(Placement.id) == placement_id)
    ).first()
    who, when = (row if row is not None else (None, utc_now()))
    return ConcurrentChange(t("placements.error.concurrent", id=placement_id, who=who or "?", at=_local_time(when)))


def _working_count(session: Session, vacancy_id: int) -> int:
    return int(session.exec(
        select(func.count()).select_from(Placement).where(
            col(Placement.vacancy_id) == vacancy_id, col(Placement.status).in_(WORKING)
        )
    ).one())


def _lock_vacancy(session: Session, vacancy_id: int) -> Vacancy:
    """Take the vacancy's row lock before counting its positions (SQLite: the write lock)."""
    session.execute(update(Vacancy).where(col(Vacancy.id) == vacancy_id).values(positions=Vacancy.positions))
    vacancy = session.get(Vacancy, vacancy_id, populate_existing=True)
    assert vacancy is not None
    return vacancy


def _sync_social_return(session: Session, placement: Placement, vacancy: Vacancy, actor: Actor) -> None:
    """Keep the contract's realisation in step with a start, end or sustain (same transaction).

    ``srmatch.services.social_return.sync_placement_contribution`` adds or revalues the
    placement's route-1 line on the vacancy's contract.
    """
    sync_placement_contribution(session, placement.id or 0, actor)


# --- proposing ------------------------------------------------------------------------------


def propose(
    engine: Engine,
    actor: Actor,
    client_number: str,
    vacancy_reference: str,
    *,
    note: str | None = None,
    explain: Explainer | None = None,
) -> TransitionResult:
    """Propose a person for a vacancy, freezing the engine's score and explanation.

    A caseworker may propose a pair the engine did not surface or even excluded; the
    proposal records that, and an excluded pair needs the caseworker's reason (``note``).
    """
    note = (note or "").strip() or None
    actor = registered(engine, actor)
    try:
        require_role(actor, *CASEWORK_ROLES)
        with session_scope(engine) as session:
            seeker = session.exec(select(JobSeeker).where(col(JobSeeker.client_number) == client_number)).first()
            if seeker is None or seeker.id is None:
                raise PlacementNotFound(t("placements.error.no_seeker", client_number=client_number))
            vacancy = session.exec(select(Vacancy).where(col(Vacancy.reference) == vacancy_reference)).first()
            if vacancy is None or vacancy.id is None:
                raise PlacementNotFound(t("placements.error.no_vacancy", reference=vacancy_reference))
            if seeker.status == SeekerStatus.LEFT.value:
                raise InvariantViolated(t("placements.error.seeker_left", client_number=client_number))
            if vacancy.status == VacancyStatus.CLOSED.value:
                raise InvariantViolated(t("placements.error.vacancy_closed", reference=vacancy_reference))
            existing = session.exec(
                select(Placement.id, Placement.status).where(
                    col(Placement.seeker_id) == seeker.id, col(Placement.vacancy_id) == vacancy.id,
                    col(Placement.status).in_(OPEN),
                )
            ).first()
            if existing is not None:
                raise InvariantViolated(t("placements.error.duplicate", id=existing[0],
                                          state=t(f"placements.state.{existing[1]}")))
            view = (explain or engine_view)(engine, client_number, vacancy_reference)
            if view.excluded and not note:
                reasons_text = "; ".join(view.explanation.get("exclusions", [])) or "?"
                raise MissingInput(t("placements.error.excluded_needs_note", reasons=reasons_text))
            now = utc_now()
            placement = Placement(
                seeker_id=seeker.id, vacancy_id=vacancy.id, status=S.PROPOSED.value,
                score=view.score, explanation=view.explanation, surfaced_by_engine=view.surfaced,
                proposed_by_id=_user_id(session, actor.login), proposed_at=now, proposal_note=note,
                updated_at=now, updated_by=actor.login,
            )
            session.add(placement)
            try:
                session.flush()
            except IntegrityError as error:
                raise InvariantViolated(t("placements.error.duplicate_race")) from error
            assert placement.id is not None
            engine_said = "excluded" if view.excluded else ("surfaced" if view.surfaced else "not_surfaced")
            audit.record(session, actor, "placement.propose", "placement", placement.id, reason=f"engine={engine_said}")
            return TransitionResult(placement.id, "propose", placement.status, placement.version)
    except UserFacingError as error:
        _audit_refusal(engine, actor, "placement.propose", None, error)  # no placement id yet
        raise


def _audit_refusal(engine: Engine, actor: Actor, action: str, object_id: int | None, error: UserFacingError) -> None:
    with session_scope(engine) as session:
        audit.record(session, actor, action, "placement", object_id, result="refused", reason=str(error)[:500])


# --- transitions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Inputs:
    note: str | None
    reason: str | None
    start_date: dt.date | None
    hours: int | None
    employment_type: str | None
    today: dt.date


def _values_for(action: str, placement: Placement, vacancy: Vacancy, actor_id: int | None, inputs: _Inputs) -> dict[str, Any]:
    """The columns an action sets, after checking its inputs."""
    now = utc_now()
    note = inputs.note
    if action in REVIEW_ACTIONS:
        values: dict[str, Any] = {"reviewed_by_id": actor_id, "reviewed_at": now, "review_note": note, "review_reason": None}
        if action == "reject":
            values["review_reason"] = _reason("reject", inputs.reason, note)
        if action == "send_back" and not note:
            raise MissingInput(t("placements.error.question_required"))
        return values
    if action == "resubmit":
        return {"proposal_note": _append(placement.proposal_note, note)} if note else {}
    if action == "withdraw":
        return {"proposal_note": _append(placement.proposal_note, note)} if note else {}
    if action == "introduce":
        return {}
    if action == "not_hired":
        return {"end_reason": _reason("not_hired", inputs.reason, note), **({"review_note": note} if note else {})}
    if action == "start":
        if inputs.start_date is None:
            raise MissingInput(t("placements.error.start_date_required"))
        if inputs.hours is None or not 1 <= inputs.hours <= 60:
            raise MissingInput(t("placements.error.hours_required"))
        kind = inputs.employment_type or vacancy.employment_type
        if kind not in {e.value for e in EmploymentType}:
            raise MissingInput(t("placements.error.employment_type", value=kind,
                                 allowed=", ".join(e.value for e in EmploymentType)))
        return {"start_date": inputs.start_date, "hours_per_week": inputs.hours, "employment_type": kind}
    if action == "sustain":
        due = sustain_due_on(placement.start_date)
        if due is not None and due > inputs.today:
            raise InvariantViolated(t("placements.error.not_due", id=placement.id, due=due.isoformat()))
        return {}
    if action == "end":
        end_date = inputs.start_date or inputs.today
        if placement.start_date is not None and end_date < placement.start_date:
            raise MissingInput(t("placements.error.end_before_start", start=placement.start_date.isoformat()))
        return {"end_reason": _reason("ended", inputs.reason, note), "end_date": end_date,
                **({"review_note": note} if note else {})}
    raise AssertionError(action)


def _append(existing: str | None, note: str | None) -> str | None:
    if not note:
        return existing
    return f"{existing}\n{note}" if existing else note


def _guard(session: Session, actor: Actor, placement: Placement | None, placement_id: int, arrow: Transition,
           expected_version: int | None, actor_id: int | None = None) -> int | None:
    """The checks every action passes first: exists, unchanged, legal, role, not one's own review.

    Returns the actor's user id (looked up unless given).
    """
    if placement is None:
        raise PlacementNotFound(t("placements.error.no_placement", id=placement_id))
    if expected_version is not None and placement.version != expected_version:
        raise _concurrent(session, placement_id)
    if placement.status not in arrow.sources:
        raise IllegalTransition(t("placements.error.illegal", id=placement_id,
                                  state=t(f"placements.state.{placement.status}"),
                                  action=t(f"placements.done.{arrow.action}"), allowed=describe_allowed(placement.status)))
    require_role(actor, *arrow.roles)
    if actor_id is None:
        actor_id = _user_id(session, actor.login)
    if arrow.action in REVIEW_ACTIONS and actor_id is not None and placement.proposed_by_id == actor_id:
        raise InvariantViolated(t("placements.error.own_proposal", id=placement_id))
    return actor_id


def _apply(session: Session, actor: Actor, placement_id: int, action: str, expected_version: int | None,
           inputs: _Inputs) -> TransitionResult:
    """One transition inside the caller's unit of work; raises before writing anything wrong."""
    arrow = TRANSITIONS.get(action)
    if arrow is None:
        raise IllegalTransition(t("placements.error.unknown_action", action=action, actions=", ".join(ACTIONS)))
    placement = session.get(Placement, placement_id, populate_existing=True)
    actor_id = _guard(session, actor, placement, placement_id, arrow, expected_version)
    assert placement is not None
    vacancy_id = placement.vacancy_id
    vacancy = session.get(Vacancy, vacancy_id)
    assert vacancy is not None
    values = _values_for(action, placement, vacancy, actor_id, inputs)
    if action == "start":
        vacancy = _lock_vacancy(session, vacancy_id)
        taken = _working_count(session, vacancy_id)
        if taken >= vacancy.positions:
            raise InvariantViolated(t("placements.error.positions_taken", reference=vacancy.reference,
                                      positions=vacancy.positions))
        other = session.exec(select(Placement.id).where(
            col(Placement.seeker_id) == placement.seeker_id, col(Placement.status) == S.STARTED.value,
            col(Placement.id) != placement_id)).first()
        if other is not None:
            raise InvariantViolated(t("placements.error.already_working", other=other))
    elif action == "end":
        vacancy = _lock_vacancy(session, vacancy_id)
    now = utc_now()
    loaded_version = placement.version
    result = session.execute(
        update(Placement)
        .where(col(Placement.id) == placement_id, col(Placement.version) == loaded_version)
        .values(status=arrow.target, version=loaded_version + 1, updated_at=now, updated_by=actor.login, **values)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 1) != 1:
        raise _concurrent(session, placement_id)
    try:
        session.flush()
    except IntegrityError as error:
        raise InvariantViolated(t("placements.error.already_working", other="?")) from error
    placement = session.get(Placement, placement_id, populate_existing=True)
    assert placement is not None
    if action in ("start", "end"):
        _keep_vacancy_and_seeker_in_step(session, placement, vacancy)
    if action in SOCIAL_RETURN_ACTIONS and vacancy.contract_id is not None:
        _sync_social_return(session, placement, vacancy, actor)
    detail = values.get("review_reason") or values.get("end_reason")
    audit.record(session, actor, f"placement.{action}", "placement", placement_id,
                 reason=f"{arrow.sources[0] if len(arrow.sources) == 1 else 'open'}->{arrow.target}"
                 + (f" ({detail})" if isinstance(detail, str) else ""))
    return TransitionResult(placement_id, action, arrow.target, loaded_version + 1)


def _keep_vacancy_and_seeker_in_step(session: Session, placement: Placement, vacancy: Vacancy) -> None:
    """Vacancy filled when all positions are taken, open again after an early end; seeker placed."""
    taken = _working_count(session, vacancy.id or 0)
    if taken >= vacancy.positions and vacancy.status == VacancyStatus.OPEN.value:
        vacancy.status = VacancyStatus.FILLED.value
        session.add(vacancy)
    elif taken < vacancy.positions and vacancy.status == VacancyStatus.FILLED.value:
        vacancy.status = VacancyStatus.OPEN.value
        session.add(vacancy)
    seeker = session.get(JobSeeker, placement.seeker_id)
    assert seeker is not None
    working = session.exec(select(func.count()).select_from(Placement).where(
        col(Placement.seeker_id) == placement.seeker_id, col(Placement.status).in_(WORKING))).one()
    if int(working) > 0 and seeker.status != SeekerStatus.PLACED.value:
        seeker.status = SeekerStatus.PLACED.value
        seeker.updated_at = utc_now()
        session.add(seeker)
    elif int(working) == 0 and seeker.status == SeekerStatus.PLACED.value:
        seeker.status = SeekerStatus.ACTIVE.value
        seeker.updated_at = utc_now()
        session.add(seeker)
    session.flush()


def transition(
    engine: Engine,
    actor: Actor,
    placement_id: int,
    action: str,
    *,
    expected_version: int | None = None,
    note: str | None = None,
    reason: str | None = None,
    start_date: dt.date | None = None,
    hours: int | None = None,
    employment_type: str | None = None,
    today: dt.date | None = None,
) -> TransitionResult:
    """Take one action on a placement (one transaction); refusals are audited and raised.

    ``expected_version`` is the version the caller showed the user: when someone changed the
    placement since, :class:`ConcurrentChange` says who and when. For ``end``, ``start_date``
    is the last working day (default today).
    """
    inputs = _Inputs(note=(note or "").strip() or None, reason=(reason or "").strip() or None,
                     start_date=start_date, hours=hours, employment_type=employment_type,
                     today=today or dt.date.today())
    actor = registered(engine, actor)
    try:
        with session_scope(engine) as session:
            return _apply(session, actor, placement_id, action, expected_version, inputs)
    except UserFacingError as error:
        _audit_refusal(engine, actor, f"placement.{action}", placement_id, error)
        raise


def bulk_approve(engine: Engine, actor: Actor, items: Sequence[tuple[int, int]], *, note: str | None = None) -> list[TransitionResult]:
    """Approve several proposals at once, all or nothing: ``items`` are (id, version seen).

    Set-based, so 100 approvals cost a handful of round trips: one read of all rows, the same
    checks as a single approval for each, one ``UPDATE`` guarded by every (id, version) pair,
    and one audit event per placement. When any row changed meanwhile, nothing is written.
    """
    note = (note or "").strip() or None
    arrow = TRANSITIONS["approve"]
    current: int | None = None
    actor = registered(engine, actor)
    try:
        with session_scope(engine) as session:
            ids = [placement_id for placement_id, _ in items]
            rows = {p.id: p for p in session.exec(select(Placement).where(col(Placement.id).in_(ids))).all()}
            actor_id: int | None = None
            for placement_id, version in items:
                current = placement_id
                actor_id = _guard(session, actor, rows.get(placement_id), placement_id, arrow, version, actor_id)
            current = None
            now = utc_now()
            guard = or_(*(and_(col(Placement.id) == pid, col(Placement.version) == version) for pid, version in items))
            result = session.execute(
                update(Placement).where(guard, col(Placement.status) == S.PROPOSED.value)
                .values(status=arrow.target, version=col(Placement.version) + 1, updated_at=now, updated_by=actor.login,
                        reviewed_by_id=actor_id, reviewed_at=now, review_note=note, review_reason=None)
                .execution_options(synchronize_session=False)
            )
            if getattr(result, "rowcount", len(items)) != len(items):
                session.rollback()
                fresh = dict(session.execute(sql_select(col(Placement.id), col(Placement.version))
                                             .where(col(Placement.id).in_(ids))).all())
                current = next((pid for pid, version in items if fresh.get(pid) != version), ids[0])
                raise _concurrent(session, current)
            for placement_id, _ in items:
                audit.record(session, actor, "placement.approve", "placement", placement_id, reason="proposed->approved")
            return [TransitionResult(pid, "approve", arrow.target, version + 1) for pid, version in items]
    except UserFacingError as error:
        if len(items) > 1:
            error = type(error)(t("placements.error.bulk_nothing", error=str(error)))
        _audit_refusal(engine, actor, "placement.approve", current, error)
        raise error from None


# --- reading --------------------------------------------------------------------------------


def _rows_statement() -> Any:
    proposer = aliased(User, name="proposer")
    statement = (
        sql_select(col(Placement.id), col(Placement.status), col(JobSeeker.client_number), col(Vacancy.reference),
                   col(proposer.login), col(Placement.proposed_at), col(Placement.score), col(Vacancy.title),
                   col(Placement.start_date))
        .join(JobSeeker, col(JobSeeker.id) == col(Placement.seeker_id))
        .join(Vacancy, col(Vacancy.id) == col(Placement.vacancy_id))
        .outerjoin(proposer, col(proposer.id) == col(Placement.proposed_by_id))
    )
    return statement


def _mine(actor_id: int | None) -> Any:
    return or_(col(Placement.proposed_by_id) == actor_id, col(JobSeeker.caseworker_id) == actor_id)


def list_placements(
    engine: Engine, actor: Actor, *, status: str | None = None, mine: bool = False, due: bool = False,
    limit: int = 200, today: dt.date | None = None,
) -> list[PlacementRow]:
    """Placements, newest proposal first; ``mine``: proposed by me or of my job seekers;
    ``due``: my follow-ups (see :func:`due_for_follow_up`)."""
    if due:
        rows = due_for_follow_up(engine, actor, today=today)
        return [r for r in rows if status is None or r.status == status][:limit]
    if status is not None and status not in {s.value for s in PlacementStatus}:
        raise PlacementError(t("placements.error.bad_status", status=status,
                               allowed=", ".join(s.value for s in PlacementStatus)))
    with session_scope(engine) as session:
        statement = _rows_statement()
        if status:
            statement = statement.where(col(Placement.status) == status)
        if mine:
            statement = statement.where(_mine(_user_id(session, actor.login)))
        statement = statement.order_by(col(Placement.proposed_at).desc(), col(Placement.id).desc()).limit(limit)
        return [PlacementRow(id=r[0], status=r[1], client_number=r[2], vacancy_reference=r[3], proposed_by=r[4],
                             proposed_at=r[5], score=r[6], vacancy_title=r[7])
                for r in session.execute(statement).all()]


#: Follow-up kinds, in the order a caseworker works through them.
DUE_KINDS = ("sent_back", "to_introduce", "start_to_confirm", "six_month_check")


def due_for_follow_up(engine: Engine, actor: Actor, *, caseworker: str | None = None,
                      today: dt.date | None = None) -> list[PlacementRow]:
    """What a caseworker must do next: proposals sent back to them, approved placements to
    introduce, introductions whose start (or not) to record, and 6-month checks now due."""
    today = today or dt.date.today()
    login = caseworker or actor.login
    kind_of = {S.NEEDS_INFO.value: "sent_back", S.APPROVED.value: "to_introduce",
               S.INTRODUCED.value: "start_to_confirm", S.STARTED.value: "six_month_check"}
    with session_scope(engine) as session:
        statement = (_rows_statement().where(col(Placement.status).in_(tuple(kind_of)))
                     .where(_mine(_user_id(session, login)))
                     .order_by(col(Placement.proposed_at), col(Placement.id)))
        rows = []
        for r in session.execute(statement).all():
            kind = kind_of[r[1]]
            due_on = sustain_due_on(r[8]) if kind == "six_month_check" else None
            if kind == "six_month_check" and (due_on is None or due_on > today):
                continue
            rows.append(PlacementRow(id=r[0], status=r[1], client_number=r[2], vacancy_reference=r[3],
                                     proposed_by=r[4], proposed_at=r[5], score=r[6], vacancy_title=r[7],
                                     due=kind, due_on=due_on))
    rows.sort(key=lambda row: (DUE_KINDS.index(row.due or ""), row.due_on or dt.date.min, row.id))
    return rows


def show(engine: Engine, actor: Actor, placement_id: int) -> PlacementDetail:
    """One placement with its frozen explanation and history (the opening is audited)."""
    with session_scope(engine) as session:
        placement = session.get(Placement, placement_id)
        if placement is None:
            audit.record(session, actor, "placement.view", "placement", placement_id, result="not_found")
            session.commit()
            raise PlacementNotFound(t("placements.error.no_placement", id=placement_id))
        seeker = session.get(JobSeeker, placement.seeker_id)
        vacancy = session.get(Vacancy, placement.vacancy_id)
        assert seeker is not None and vacancy is not None
        employer = session.get(Organisation, vacancy.employer_id)
        history = tuple(
            (e.occurred_at, e.actor, e.action.removeprefix("placement."), e.result)
            for e in session.exec(select(AuditEvent).where(
                col(AuditEvent.object_type) == "placement", col(AuditEvent.object_id) == str(placement_id),
                col(AuditEvent.action) != "placement.view").order_by(col(AuditEvent.occurred_at), col(AuditEvent.id)))
        )
        audit.record(session, actor, "placement.view", "placement", placement_id)
        return _detail(session, placement, seeker, vacancy, employer.name if employer else "", history)


def _detail(session: Session, placement: Placement, seeker: JobSeeker, vacancy: Vacancy, employer: str,
            history: tuple[tuple[dt.datetime, str, str, str], ...] = ()) -> PlacementDetail:
    assert placement.id is not None
    return PlacementDetail(
        id=placement.id, version=placement.version, status=placement.status,
        client_number=seeker.client_number, seeker_name=seeker.display_name,
        vacancy_reference=vacancy.reference, vacancy_title=vacancy.title, employer=employer,
        proposed_by=_login_of(session, placement.proposed_by_id), proposed_at=placement.proposed_at,
        score=placement.score, surfaced_by_engine=placement.surfaced_by_engine,
        explanation=FrozenExplanation.from_json(placement.explanation or {}, placement.score, placement.surfaced_by_engine),
        proposal_note=placement.proposal_note, reviewed_by=_login_of(session, placement.reviewed_by_id),
        reviewed_at=placement.reviewed_at, review_reason=placement.review_reason, review_note=placement.review_note,
        start_date=placement.start_date, end_date=placement.end_date, hours_per_week=placement.hours_per_week,
        employment_type=placement.employment_type, end_reason=placement.end_reason,
        sustain_due_on=sustain_due_on(placement.start_date) if placement.status == S.STARTED.value else None,
        updated_by=placement.updated_by, updated_at=placement.updated_at,
        allowed_actions=allowed_actions(placement.status), history=history,
    )


# --- the review queue -----------------------------------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    """A pending proposal as the team lead reviews it."""

    id: int
    version: int
    client_number: str
    seeker_name: str
    vacancy_reference: str
    vacancy_title: str
    employer: str
    proposed_by: str | None
    proposed_by_name: str | None
    proposed_at: dt.datetime
    score: float | None
    surfaced_by_engine: bool
    explanation: FrozenExplanation
    proposal_note: str | None
    other_open: tuple[tuple[str, str], ...]

    def waiting(self, now: dt.datetime | None = None) -> dt.timedelta:
        proposed = self.proposed_at if self.proposed_at.tzinfo else self.proposed_at.replace(tzinfo=dt.UTC)
        return (now or utc_now()) - proposed


@dataclass(frozen=True)
class CaseworkerCount:
    login: str
    name: str
    pending: int


@dataclass(frozen=True)
class ReviewQueue:
    """One page of pending proposals, oldest first, with counts of all of them."""

    items: tuple[QueueItem, ...]
    total: int
    per_caseworker: tuple[CaseworkerCount, ...]


def review_queue(engine: Engine, actor: Actor, *, caseworker: str | None = None, vacancy: str | None = None,
                 limit: int = QUEUE_PAGE) -> ReviewQueue:
    """Pending proposals ordered by waiting time (longest first), filtered by caseworker
    login and/or vacancy reference (or title part), with counts per caseworker."""
    require_role(registered(engine, actor), Role.TEAM_LEAD.value, Role.CASEWORKER.value, Role.ADMIN.value)
    proposer = aliased(User, name="proposer")
    with session_scope(engine) as session:
        conditions: list[Any] = [col(Placement.status) == S.PROPOSED.value]
        if caseworker:
            conditions.append(col(proposer.login) == caseworker)
        if vacancy:
            pattern = f"%{vacancy.strip()}%"
            conditions.append(or_(col(Vacancy.reference).ilike(pattern), col(Vacancy.title).ilike(pattern)))
        base = (
            sql_select(Placement, col(JobSeeker.client_number), col(JobSeeker.display_name), col(Vacancy.reference),
                       col(Vacancy.title), col(Organisation.name), col(proposer.login), col(proposer.display_name))
            .join(JobSeeker, col(JobSeeker.id) == col(Placement.seeker_id))
            .join(Vacancy, col(Vacancy.id) == col(Placement.vacancy_id))
            .join(Organisation, col(Organisation.id) == col(Vacancy.employer_id))
            .outerjoin(proposer, col(proposer.id) == col(Placement.proposed_by_id))
            .where(*conditions)
        )
        rows = session.execute(base.order_by(col(Placement.proposed_at), col(Placement.id)).limit(limit)).all()
        counted = (
            sql_select(col(proposer.login), col(proposer.display_name), func.count())
            .select_from(Placement)
            .join(Vacancy, col(Vacancy.id) == col(Placement.vacancy_id))
            .outerjoin(proposer, col(proposer.id) == col(Placement.proposed_by_id))
            .where(*conditions)
            .group_by(proposer.login, proposer.display_name)
        )
        counts = tuple(sorted((CaseworkerCount(login or "?", name or login or "?", int(n))
                               for login, name, n in session.execute(counted).all()),
                              key=lambda c: (-c.pending, c.login)))
        seeker_ids = {row[0].seeker_id for row in rows}
        others: dict[int, list[tuple[int, str, str]]] = {}
        if seeker_ids:
            for seeker_id, placement_id, reference, status in session.execute(
                select(Placement.seeker_id, Placement.id, Vacancy.reference, Placement.status)
                .join(Vacancy, col(Vacancy.id) == col(Placement.vacancy_id))
                .where(col(Placement.seeker_id).in_(seeker_ids), col(Placement.status).in_(OPEN))
            ).all():
                others.setdefault(seeker_id, []).append((placement_id, reference, status))
        items = tuple(
            QueueItem(
                id=p.id or 0, version=p.version, client_number=client, seeker_name=name,
                vacancy_reference=reference, vacancy_title=title, employer=employer,
                proposed_by=login, proposed_by_name=proposer_name, proposed_at=p.proposed_at, score=p.score,
                surfaced_by_engine=p.surfaced_by_engine,
                explanation=FrozenExplanation.from_json(p.explanation or {}, p.score, p.surfaced_by_engine),
                proposal_note=p.proposal_note,
                other_open=tuple((ref, status) for pid, ref, status in others.get(p.seeker_id, []) if pid != p.id),
            )
            for p, client, name, reference, title, employer, login, proposer_name in rows
        )
        return ReviewQueue(items=items, total=sum(c.pending for c in counts), per_caseworker=counts)


# --- invariants, checked over a whole database ------------------------------------------------


def check_invariants(engine: Engine) -> list[str]:
    """Every breach of the workflow's rules in the database, in words (empty: all is well).

    For data that did not come through this service (the demo generator, imports, an older
    version): at most one started placement per person; working placements within a
    vacancy's positions; a full vacancy is filled (or closed) and a filled one is full; a
    person with a working placement is placed and a placed person has one; started, sustained
    and ended placements have a start date; no reviewer reviewed their own proposal.
    """
    problems: list[str] = []
    with session_scope(engine) as session:
        working_per_vacancy = dict(session.execute(
            sql_select(col(Placement.vacancy_id), func.count()).where(col(Placement.status).in_(WORKING))
            .group_by(col(Placement.vacancy_id))).all())
        for vacancy_id, reference, positions, status in session.execute(
                sql_select(col(Vacancy.id), col(Vacancy.reference), col(Vacancy.positions), col(Vacancy.status))).all():
            taken = int(working_per_vacancy.get(vacancy_id, 0))
            if taken > positions:
                problems.append(f"vacancy {reference}: {taken} working placements for {positions} positions")
            elif taken == positions and status not in (VacancyStatus.FILLED.value, VacancyStatus.CLOSED.value):
                problems.append(f"vacancy {reference}: all {positions} positions taken but status {status}")
            elif taken < positions and status == VacancyStatus.FILLED.value:
                problems.append(f"vacancy {reference}: filled with {taken} of {positions} positions taken")
        started = session.execute(
            sql_select(col(Placement.seeker_id), func.count()).where(col(Placement.status) == S.STARTED.value)
            .group_by(col(Placement.seeker_id)).having(func.count() > 1)).all()
        problems += [f"job seeker id {seeker_id}: {n} started placements" for seeker_id, n in started]
        working_seekers = set(session.execute(
            sql_select(col(Placement.seeker_id)).where(col(Placement.status).in_(WORKING))).scalars())
        placed = set(session.execute(
            sql_select(col(JobSeeker.id)).where(col(JobSeeker.status) == SeekerStatus.PLACED.value)).scalars())
        problems += [f"job seeker id {i}: works but is not shown as placed" for i in sorted(working_seekers - placed)]
        problems += [f"job seeker id {i}: shown as placed without a working placement" for i in sorted(placed - working_seekers)]
        own = session.execute(sql_select(col(Placement.id)).where(
            col(Placement.reviewed_by_id).is_not(None), col(Placement.reviewed_by_id) == col(Placement.proposed_by_id))).scalars()
        problems += [f"placement {i}: reviewed by its proposer" for i in own]
    return problems
