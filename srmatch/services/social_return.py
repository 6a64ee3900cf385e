"""Social-return books: organisations, contracts and their obligation, contributions, status,
enforcement and the programme figures (DESIGN.md §6, issue 11).

Every amount comes from a rule set (:mod:`srmatch.services.rules`) through the one valuation
function (:mod:`srmatch.services.valuation`); this module stores what those give and adds it
up in integer cents. Each use case is one transaction that writes an audit event; only
account managers and admins change contracts and contributions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, func, or_
from sqlmodel import Session, col, select

from srmatch.errors import UserFacingError
from srmatch.i18n import t
from srmatch.services import audit
from srmatch.services.audit import Actor
from srmatch.services.rules import RuleSet, get_rule_set, rule_set_for
from srmatch.services.users import normalise_login, registered, require_role
from srmatch.services.valuation import (
    ContributionInput,
    Valuation,
    add_months,
    apply_route_caps,
    cents_to_euros,
    compute_obligation,
    contract_status,
    penalty_cents,
    period_end,
    split_per_year,
    value_contribution,
)
from srmatch.store.engine import session_scope
from srmatch.store.models import (
    Contract,
    ContractKind,
    ContractStatus,
    Contribution,
    ContributionRoute,
    ContributionStatus,
    EmploymentType,
    EnforcementAction,
    EnforcementKind,
    JobSeeker,
    Organisation,
    Placement,
    PlacementStatus,
    PsoLevel,
    Role,
    SocialEnterpriseStatus,
    User,
    Vacancy,
)

EDITOR_ROLES = (Role.ACCOUNT_MANAGER.value, Role.ADMIN.value)
ORGANISATION_KINDS = ("authority", "anchor", "contractor", "social_enterprise")
#: The recognition statuses of a social enterprise and the PSO levels, as stored (labels: ``sr.se_status.*``, ``sr.pso.*``).
SE_STATUSES: tuple[str, ...] = tuple(status.value for status in SocialEnterpriseStatus)
PSO_LEVELS: tuple[str, ...] = tuple(level.value for level in PsoLevel)
DEFAULT_LIMIT = 200
MAX_LIMIT = 100_000


class SocialReturnError(UserFacingError):
    """A contract, organisation or contribution that cannot be stored as asked."""


class NotFound(SocialReturnError, LookupError):
    """No contract, organisation or contribution with that reference, KvK number or id."""


def _eur(cents: int | None) -> float | None:
    return None if cents is None else float(cents_to_euros(cents))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, Decimal):
        return float(value)
    return value


def _money_json(data: dict[str, Any]) -> dict[str, Any]:
    """``*_cents`` fields become euro fields without the suffix (JSON shows euros)."""
    result: dict[str, Any] = {}
    for key, value in data.items():
        if key.endswith("_cents"):
            name = key.removesuffix("_cents")
            if isinstance(value, dict):
                result[name] = {route: _eur(cents) for route, cents in value.items()}
            elif isinstance(value, (tuple, list)):
                result[name] = [_eur(cents) for cents in value]
            else:
                result[name] = _eur(value)
        else:
            result[key] = _jsonable(value)
    return result


# --- who may change the books ---------------------------------------------------------

def require_editor(session: Session, actor: Actor) -> User | None:
    """Only account managers and admins change contracts and contributions.

    The role check is :func:`srmatch.services.users.require_role` (the actor comes from
    ``resolve_actor``); the registered user is returned so approvals can name them (None
    while a fresh install has nobody registered and the login acts as bootstrap admin).
    """
    if actor.role is None:  # the app's actor: look the role up (before this unit of work writes)
        bind = session.get_bind()
        assert isinstance(bind, Engine)
        actor = registered(bind, actor)
    require_role(actor, *EDITOR_ROLES)
    return session.exec(select(User).where(col(User.login) == normalise_login(actor.login))).first()


# --- organisations --------------------------------------------------------------------

@dataclass(frozen=True)
class OrganisationRow:
    """An organisation as lists, the CLI and the organisations screen show it."""

    kvk_number: str | None
    name: str
    kinds: tuple[str, ...]
    social_enterprise_status: str | None
    social_enterprise_since: dt.date | None
    pso_level: str | None
    municipality: str | None
    contracts_as_buyer: int = 0
    contracts_as_contractor: int = 0
    realised_cents: int = 0

    def to_json(self) -> dict[str, Any]:
        return _money_json(asdict(self))


def _kinds(org: Organisation) -> tuple[str, ...]:
    flags = (org.is_contracting_authority, org.is_anchor, org.is_contractor, org.is_social_enterprise)
    return tuple(kind for kind, flag in zip(ORGANISATION_KINDS, flags, strict=True) if flag)


def _org_row(org: Organisation, **extra: int) -> OrganisationRow:
    return OrganisationRow(
        kvk_number=org.kvk_number, name=org.name, kinds=_kinds(org),
        social_enterprise_status=org.social_enterprise_status, social_enterprise_since=org.social_enterprise_since,
        pso_level=org.pso_level, municipality=org.municipality, **extra,
    )


def check_kvk(kvk: str) -> str:
    """A KvK number is exactly 8 digits."""
    kvk = kvk.strip()
    if len(kvk) != 8 or not kvk.isdigit():
        raise SocialReturnError(t("sr.error.kvk", kvk=kvk))
    return kvk


def add_organisation(
    engine: Engine, actor: Actor, *, name: str, kvk_number: str, kinds: Sequence[str],
    social_enterprise_status: str | None = None, social_enterprise_since: dt.date | None = None,
    pso_level: str | None = None, municipality: str | None = None,
) -> OrganisationRow:
    """Register a buyer, anchor organisation, contractor or social enterprise."""
    kvk = check_kvk(kvk_number)
    if not name.strip():
        raise SocialReturnError(t("sr.error.name_required"))
    unknown = sorted(set(kinds) - set(ORGANISATION_KINDS))
    if unknown:
        raise SocialReturnError(t("sr.error.org_kind", kind=unknown[0], kinds=", ".join(ORGANISATION_KINDS)))
    if social_enterprise_status is not None and social_enterprise_status not in {s.value for s in SocialEnterpriseStatus}:
        raise SocialReturnError(t("sr.error.se_status", status=social_enterprise_status))
    if pso_level is not None and pso_level not in {p.value for p in PsoLevel}:
        raise SocialReturnError(t("sr.error.pso", level=pso_level, levels=", ".join(p.value for p in PsoLevel)))
    if social_enterprise_status and "social_enterprise" not in kinds:
        kinds = [*kinds, "social_enterprise"]
    with session_scope(engine) as session:
        require_editor(session, actor)
        if session.exec(select(Organisation).where(Organisation.kvk_number == kvk)).first():
            raise SocialReturnError(t("sr.error.kvk_exists", kvk=kvk))
        org = Organisation(
            name=name.strip(), kvk_number=kvk,
            is_contracting_authority="authority" in kinds, is_anchor="anchor" in kinds,
            is_contractor="contractor" in kinds, is_social_enterprise="social_enterprise" in kinds,
            social_enterprise_status=social_enterprise_status, social_enterprise_since=social_enterprise_since,
            pso_level=pso_level, municipality=municipality,
        )
        session.add(org)
        session.flush()
        audit.record(session, actor, "organisation.add", "organisation", org.id)
        return _org_row(org)


def list_organisations(
    engine: Engine, text: str = "", *, kind: str | None = None, limit: int = DEFAULT_LIMIT
) -> list[OrganisationRow]:
    """Organisations whose name or KvK number contains ``text``, optionally of one kind."""
    statement = select(Organisation).order_by(Organisation.name)
    if text.strip():
        pattern = f"%{text.strip()}%"
        statement = statement.where(or_(col(Organisation.name).ilike(pattern), col(Organisation.kvk_number).ilike(pattern)))
    if kind:
        column = {"authority": Organisation.is_contracting_authority, "anchor": Organisation.is_anchor,
                  "contractor": Organisation.is_contractor, "social_enterprise": Organisation.is_social_enterprise,
                  "recognised": Organisation.is_social_enterprise}.get(kind)
        if column is None:
            raise SocialReturnError(t("sr.error.org_kind", kind=kind, kinds=", ".join(ORGANISATION_KINDS)))
        statement = statement.where(col(column).is_(True))
        if kind == "recognised":
            statement = statement.where(Organisation.social_enterprise_status == SocialEnterpriseStatus.RECOGNISED.value)
    statement = statement.limit(max(1, min(limit, MAX_LIMIT)))
    with session_scope(engine) as session:
        return [_org_row(org) for org in session.exec(statement).all()]


def show_organisation(engine: Engine, kvk_number: str) -> OrganisationRow:
    """One organisation with how many contracts it buys or carries out and their realised value."""
    with session_scope(engine) as session:
        org = session.exec(select(Organisation).where(Organisation.kvk_number == kvk_number.strip())).first()
        if org is None:
            raise NotFound(t("sr.error.no_organisation", kvk=kvk_number))
        as_buyer = int(session.exec(select(func.count()).select_from(Contract).where(Contract.buyer_id == org.id)).one())
        as_contractor = int(session.exec(
            select(func.count()).select_from(Contract).where(Contract.contractor_id == org.id)).one())
        realised = session.exec(
            select(func.coalesce(func.sum(Contribution.value_cents), 0))
            .join(Contract, col(Contract.id) == col(Contribution.contract_id))
            .where(or_(col(Contract.buyer_id) == org.id, col(Contract.contractor_id) == org.id))
            .where(Contribution.status == ContributionStatus.APPROVED.value)
        ).one()
        return _org_row(org, contracts_as_buyer=as_buyer, contracts_as_contractor=as_contractor, realised_cents=int(realised))


def _organisation(session: Session, kvk: str, role: str) -> Organisation:
    org = session.exec(select(Organisation).where(Organisation.kvk_number == kvk.strip())).first()
    if org is None:
        raise NotFound(t("sr.error.no_organisation_role", kvk=kvk, role=t(f"sr.org_role.{role}")))
    return org


# --- contracts ------------------------------------------------------------------------

@dataclass(frozen=True)
class ContractRow:
    """One contract with its figures as of ``today``: what is owed, delivered, missing."""

    reference: str
    title: str
    buyer: str
    buyer_kvk: str | None
    contractor: str
    contractor_kvk: str | None
    kind: str
    value_cents: int
    percentage: float
    start_date: dt.date
    end_date: dt.date
    account_manager: str | None
    rule_set: str
    obligation_cents: int
    realised_cents: int
    expected_cents: int
    shortfall_cents: int
    status: str

    @property
    def progress(self) -> float:
        """Realised as a share of the obligation (0 when there is none), for progress bars."""
        return 1.0 if self.obligation_cents == 0 else min(1.0, self.realised_cents / self.obligation_cents)

    def to_json(self) -> dict[str, Any]:
        return _money_json(asdict(self))


@dataclass(frozen=True)
class ContributionRow:
    """One line of realisation, with its value and the arithmetic behind it."""

    id: int
    contract_reference: str
    route: str
    status: str
    period_start: dt.date
    period_end: dt.date | None
    block: str | None
    hours_per_week: float | None
    bonuses: tuple[str, ...]
    activity: str | None
    supplier: str | None
    placement_id: int | None
    value_cents: int
    explanation: str | None
    evidence: str | None
    justification: str | None
    submitted_by: str | None
    approved_by: str | None
    second_approved_by: str | None
    note: str | None
    import_key: str | None

    def to_json(self) -> dict[str, Any]:
        return _money_json(asdict(self))


@dataclass(frozen=True)
class EnforcementRow:
    """One enforcement step on a contract."""

    id: int
    kind: str
    action_date: dt.date
    amount_cents: int | None
    new_date: dt.date | None
    note: str | None
    created_by: str | None

    def to_json(self) -> dict[str, Any]:
        return _money_json(asdict(self))


@dataclass(frozen=True)
class ContractDetail:
    """Everything the account manager sees on one contract."""

    row: ContractRow
    obligation_explanation: str
    obligation_override_cents: int | None
    override_reason: str | None
    per_year: tuple[tuple[int, int], ...]
    realised_by_route: Mapping[str, int]
    capped_by_route: Mapping[str, int]
    pending_cents: int
    penalty_cents: int
    best_efforts: bool
    labour_share: float | None
    awarded_on: dt.date | None
    interim_report_due: dt.date | None
    final_report_due: dt.date | None
    last_report_on: dt.date | None
    contributions: tuple[ContributionRow, ...] = ()
    enforcement: tuple[EnforcementRow, ...] = ()
    rule_set_title: str = ""
    rule_set_status: str = ""
    full_time_hours_per_year: float | None = None

    def to_json(self) -> dict[str, Any]:
        data = self.row.to_json()
        data.update(
            obligation_explanation=self.obligation_explanation,
            obligation_override=_eur(self.obligation_override_cents),
            override_reason=self.override_reason,
            obligation_per_year=[{"year": year, "obligation": _eur(cents)} for year, cents in self.per_year],
            realised_by_route={route: _eur(cents) for route, cents in sorted(self.realised_by_route.items())},
            capped_by_route={route: _eur(cents) for route, cents in sorted(self.capped_by_route.items())},
            pending=_eur(self.pending_cents),
            penalty=_eur(self.penalty_cents),
            best_efforts=self.best_efforts,
            labour_share=self.labour_share,
            **({} if self.full_time_hours_per_year is None else {"full_time_hours_per_year": self.full_time_hours_per_year}),
            awarded_on=_jsonable(self.awarded_on),
            interim_report_due=_jsonable(self.interim_report_due),
            final_report_due=_jsonable(self.final_report_due),
            last_report_on=_jsonable(self.last_report_on),
            rule_set_title=self.rule_set_title,
            rule_set_status=self.rule_set_status,
            contributions=[c.to_json() for c in self.contributions],
            enforcement=[e.to_json() for e in self.enforcement],
        )
        return data


def contract_rule_set(contract: Contract) -> RuleSet:
    """The rule set a contract is booked under: the one named on it, else the one in force at its award."""
    if contract.rule_set:
        return get_rule_set(contract.rule_set)
    return rule_set_for(contract.awarded_on or contract.start_date)


def _compute(contract: Contract, pso_level: str | None, rule_set: RuleSet) -> tuple[int, str, Decimal]:
    """The rule set's obligation for a contract (a percentage agreed in the contract wins); no side effects."""
    obligation = compute_obligation(
        rule_set, kind=contract.kind, value_cents=contract.value_cents, start=contract.start_date, end=contract.end_date,
        percentage=Decimal(str(contract.percentage)) if contract.percentage_agreed else None,
        labour_share=Decimal(str(contract.labour_share)) if contract.labour_share is not None else None,
        pso_level=pso_level,
    )
    return obligation.cents, obligation.explanation, obligation.percentage


def _obligation_for(contract: Contract, contractor: Organisation | None, rule_set: RuleSet) -> tuple[int, str]:
    """Compute the obligation and keep the percentage the rule set chose on the contract."""
    cents, explanation, percentage = _compute(contract, contractor.pso_level if contractor else None, rule_set)
    if not contract.percentage_agreed:
        contract.percentage = float(percentage)
    return cents, explanation


def effective_obligation(contract: Contract, contractor: Organisation | None = None) -> tuple[int, str]:
    """(cents, explanation): the override when one is recorded, else the rule set's obligation."""
    if contract.obligation_override_cents is not None:
        return contract.obligation_override_cents, t("sr.override_explained", reason=contract.override_reason or "")
    if contract.obligation_cents is not None and contract.obligation_explanation:
        return contract.obligation_cents, contract.obligation_explanation
    cents, explanation, _ = _compute(contract, contractor.pso_level if contractor else None, contract_rule_set(contract))
    return cents, explanation


def _check_dates(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise SocialReturnError(t("sr.error.dates", start=start.isoformat(), end=end.isoformat()))


def _user_by_login(session: Session, login: str) -> User:
    user = session.exec(select(User).where(col(User.login) == normalise_login(login))).first()
    if user is None:
        raise NotFound(t("sr.error.no_user", login=login))
    return user


def add_contract(
    engine: Engine, actor: Actor, reference: str, *, title: str, buyer_kvk: str, contractor_kvk: str, kind: str,
    value_cents: int, start: dt.date, end: dt.date, percentage: Decimal | None = None,
    labour_share: Decimal | None = None, account_manager: str | None = None, rules: str | None = None,
    awarded_on: dt.date | None = None, today: dt.date | None = None,
    full_time_hours_per_year: Decimal | None = None,
) -> ContractDetail:
    """Register a contract; its obligation follows from the rule set in force at the award date."""
    reference = reference.strip()
    if not reference:
        raise SocialReturnError(t("sr.error.reference_required"))
    if kind not in {k.value for k in ContractKind}:
        raise SocialReturnError(t("sr.error.kind", kind=kind))
    if value_cents < 0:
        raise SocialReturnError(t("sr.error.value_negative"))
    if percentage is not None and not Decimal(0) <= percentage <= Decimal(100):
        raise SocialReturnError(t("sr.error.percentage", pct=percentage))
    if labour_share is not None and not Decimal(0) <= labour_share <= Decimal(1):
        raise SocialReturnError(t("sr.error.labour_share", share=labour_share))
    _check_dates(start, end)
    award = awarded_on or start
    rule_set = get_rule_set(rules) if rules else rule_set_for(award)
    _check_own_full_time(rule_set, full_time_hours_per_year)
    with session_scope(engine) as session:
        require_editor(session, actor)
        if session.exec(select(Contract).where(Contract.reference == reference)).first():
            raise SocialReturnError(t("sr.error.reference_exists", reference=reference))
        buyer = _organisation(session, buyer_kvk, "buyer")
        contractor = _organisation(session, contractor_kvk, "contractor")
        manager = _user_by_login(session, account_manager) if account_manager else None
        contract = Contract(
            reference=reference, title=title.strip() or reference, buyer_id=buyer.id or 0,
            contractor_id=contractor.id or 0, kind=kind, value_cents=value_cents,
            percentage=float(percentage) if percentage is not None else 5.0, percentage_agreed=percentage is not None,
            start_date=start, end_date=end, awarded_on=award,
            labour_share=float(labour_share) if labour_share is not None else None,
            account_manager_id=manager.id if manager else None, rule_set=rule_set.name,
            final_report_due=add_months(end, 1),
            full_time_hours_per_year=float(full_time_hours_per_year) if full_time_hours_per_year is not None else None,
        )
        # A stated percentage is the contract's term; without one the rule set decides
        # (which includes the labour-share switch).
        cents, explanation = _obligation_for(contract, contractor, rule_set)
        contract.obligation_cents, contract.obligation_explanation = cents, explanation
        session.add(contract)
        session.flush()
        audit.record(session, actor, "contract.add", "contract", contract.id)
        return _detail(session, contract, today or dt.date.today())


#: The fields ``srmatch contracts set`` may change.
SETTABLE = ("title", "value_cents", "percentage", "labour_share", "start", "end", "account_manager",
            "obligation_override_cents", "override_reason", "interim_report_due", "final_report_due",
            "last_report_on", "status", "rules", "clear_override", "full_time_hours_per_year")


def _check_own_full_time(rule_set: RuleSet, hours: Decimal | None) -> None:
    """A contractor's own full time only where the rule set takes one, and a real year of hours."""
    if hours is None:
        return
    if not rule_set.full_time.contractor_hours:
        raise SocialReturnError(t("valuation.error.own_full_time", name=rule_set.name, hours=hours))
    if not Decimal(0) < hours <= Decimal(8784):
        raise SocialReturnError(t("sr.error.full_time_hours", hours=hours))


def own_full_time(contract: Contract) -> Decimal | None:
    """The contractor's own full-time hours a year stated on the contract, if any."""
    hours = contract.full_time_hours_per_year
    return None if hours is None else Decimal(str(hours))


def set_contract(engine: Engine, actor: Actor, reference: str, *, today: dt.date | None = None,
                 **changes: Any) -> ContractDetail:
    """Change a contract; the obligation is recomputed, an override needs a reason."""
    unknown = sorted(set(changes) - set(SETTABLE))
    if unknown:
        raise SocialReturnError(t("sr.error.not_settable", field=unknown[0]))
    with session_scope(engine) as session:
        require_editor(session, actor)
        contract = _contract(session, reference)
        changed: list[str] = []
        for name, value in changes.items():
            if value is None:
                continue
            changed.append(name)
            if name == "title":
                contract.title = str(value).strip() or contract.title
            elif name == "value_cents":
                if value < 0:
                    raise SocialReturnError(t("sr.error.value_negative"))
                contract.value_cents = int(value)
            elif name == "percentage":
                if not Decimal(0) <= Decimal(value) <= Decimal(100):
                    raise SocialReturnError(t("sr.error.percentage", pct=value))
                contract.percentage = float(value)
                contract.percentage_agreed = True
            elif name == "labour_share":
                if not Decimal(0) <= Decimal(value) <= Decimal(1):
                    raise SocialReturnError(t("sr.error.labour_share", share=value))
                contract.labour_share = float(value)
            elif name == "start":
                contract.start_date = value
            elif name == "end":
                contract.end_date = value
            elif name == "account_manager":
                contract.account_manager_id = _user_by_login(session, value).id
            elif name == "obligation_override_cents":
                if value < 0:
                    raise SocialReturnError(t("sr.error.value_negative"))
                contract.obligation_override_cents = int(value)
            elif name == "override_reason":
                contract.override_reason = str(value).strip() or None
            elif name in ("interim_report_due", "final_report_due", "last_report_on"):
                setattr(contract, name, value)
            elif name == "status":
                if value not in {s.value for s in ContractStatus}:
                    raise SocialReturnError(t("sr.error.contract_status", status=value))
                contract.status = value
            elif name == "rules":
                contract.rule_set = get_rule_set(value).name
            elif name == "full_time_hours_per_year":
                contract.full_time_hours_per_year = float(value)
            elif name == "clear_override" and value:
                contract.obligation_override_cents = None
                contract.override_reason = None
        if contract.obligation_override_cents is not None and not (contract.override_reason or "").strip():
            raise SocialReturnError(t("sr.error.override_reason"))
        _check_dates(contract.start_date, contract.end_date)
        _check_own_full_time(contract_rule_set(contract), own_full_time(contract))
        contractor = session.get(Organisation, contract.contractor_id)
        assert contractor is not None
        contract.obligation_cents, contract.obligation_explanation = _obligation_for(
            contract, contractor, contract_rule_set(contract))
        session.add(contract)
        audit.record(session, actor, "contract.set", "contract", contract.id, reason=", ".join(sorted(changed)) or None)
        session.flush()
        return _detail(session, contract, today or dt.date.today())


def _contract(session: Session, reference: str) -> Contract:
    contract = session.exec(select(Contract).where(Contract.reference == reference.strip())).first()
    if contract is None:
        raise NotFound(t("sr.error.no_contract", reference=reference))
    return contract


def _approved_by_route(session: Session, contract_ids: Iterable[int] | None = None) -> dict[int, dict[str, int]]:
    statement = (
        select(Contribution.contract_id, Contribution.route, func.sum(Contribution.value_cents))
        .where(Contribution.status == ContributionStatus.APPROVED.value)
        .group_by(col(Contribution.contract_id), col(Contribution.route))
    )
    ids = list(contract_ids) if contract_ids is not None else None
    if ids is not None:
        statement = statement.where(col(Contribution.contract_id).in_(ids))
    result: dict[int, dict[str, int]] = defaultdict(dict)
    # Plain rows through the session's connection (no ORM row processing): a city's 200,000
    # lines come back as ~30,000 sums, answered from ix_contribution_status_contract_route.
    for contract_id, route, cents in session.connection().execute(statement).all():
        result[contract_id][route] = int(cents or 0)
    return result


def _settled_or_best_efforts(session: Session, contract_ids: Iterable[int] | None = None) -> dict[int, set[str]]:
    statement = select(EnforcementAction.contract_id, EnforcementAction.kind).where(
        col(EnforcementAction.kind).in_([EnforcementKind.SETTLEMENT.value, EnforcementKind.BEST_EFFORTS_ACCEPTED.value]))
    ids = list(contract_ids) if contract_ids is not None else None
    if ids is not None:
        statement = statement.where(col(EnforcementAction.contract_id).in_(ids))
    result: dict[int, set[str]] = defaultdict(set)
    for contract_id, kind in session.exec(statement).all():
        result[contract_id].add(kind)
    return result


def report_missed(contract: Contract, today: dt.date) -> bool:
    """A report is missed when its due date has passed and nothing was reported in the
    three months before it (``last_report_on``)."""
    for due in (contract.interim_report_due, contract.final_report_due):
        if due is not None and due < today:
            received = contract.last_report_on
            if received is None or received < add_months(due, -3):
                return True
    return False


@dataclass(frozen=True)
class _Names:
    organisations: Mapping[int, tuple[str, str | None]]
    users: Mapping[int, str]


def _names(session: Session) -> _Names:
    orgs = {org_id: (name, kvk) for org_id, name, kvk in session.exec(
        select(Organisation.id, Organisation.name, Organisation.kvk_number)).all() if org_id is not None}
    users = {user_id: login for user_id, login in session.exec(select(User.id, User.login)).all() if user_id is not None}
    return _Names(orgs, users)


def _row(contract: Contract, names: _Names, by_route: Mapping[str, int], kinds: set[str], today: dt.date,
         pso: Mapping[int, str | None]) -> tuple[ContractRow, int, str, Mapping[str, int], Mapping[str, int]]:
    rule_set = contract_rule_set(contract)
    if contract.obligation_override_cents is not None:
        obligation, explanation = contract.obligation_override_cents, t("sr.override_explained", reason=contract.override_reason or "")
    elif contract.obligation_cents is not None and contract.obligation_explanation:
        obligation, explanation = contract.obligation_cents, contract.obligation_explanation
    else:
        obligation, explanation, _ = _compute(contract, pso.get(contract.contractor_id), rule_set)
    realisation = apply_route_caps(rule_set, obligation, by_route)
    settled = contract.status == ContractStatus.SETTLED.value or EnforcementKind.SETTLEMENT.value in kinds
    status, expected = contract_status(
        obligation_cents=obligation, realised_cents=realisation.counted_cents, start=contract.start_date,
        end=contract.end_date, today=today, settled=settled, report_missed=report_missed(contract, today),
    )
    buyer, buyer_kvk = names.organisations.get(contract.buyer_id, ("?", None))
    contractor, contractor_kvk = names.organisations.get(contract.contractor_id, ("?", None))
    row = ContractRow(
        reference=contract.reference, title=contract.title, buyer=buyer, buyer_kvk=buyer_kvk,
        contractor=contractor, contractor_kvk=contractor_kvk, kind=contract.kind, value_cents=contract.value_cents,
        percentage=float(contract.percentage), start_date=contract.start_date, end_date=contract.end_date,
        account_manager=names.users.get(contract.account_manager_id) if contract.account_manager_id else None,
        rule_set=rule_set.name, obligation_cents=obligation, realised_cents=realisation.counted_cents,
        expected_cents=expected, shortfall_cents=max(0, obligation - realisation.counted_cents), status=status,
    )
    return row, obligation, explanation, realisation.by_route, realisation.capped


def list_contracts(
    engine: Engine, text: str = "", *, status: str | None = None, contractor: str | None = None,
    buyer: str | None = None, account_manager: str | None = None, today: dt.date | None = None,
    limit: int = DEFAULT_LIMIT, year: int | None = None,
) -> list[ContractRow]:
    """Contracts with their figures; filters by text, status, contractor/buyer KvK, account manager.

    Status is derived (it depends on today), so it is filtered after the figures are computed;
    every figure comes from one grouped query over approved contributions.
    """
    return [row for row, _ in contract_figures(engine, text, status=status, contractor=contractor, buyer=buyer,
                                               account_manager=account_manager, today=today, limit=limit, year=year)]


def contract_figures(
    engine: Engine, text: str = "", *, status: str | None = None, contractor: str | None = None,
    buyer: str | None = None, account_manager: str | None = None, today: dt.date | None = None,
    limit: int = DEFAULT_LIMIT, year: int | None = None,
) -> list[tuple[ContractRow, Mapping[str, int]]]:
    """``list_contracts`` with each contract's counted value per route (after the route caps),
    from the same single pass: what the report's route columns and route sheets show."""
    today = today or dt.date.today()
    statement = select(Contract).order_by(col(Contract.end_date), col(Contract.reference))
    with session_scope(engine) as session:
        names = _names(session)
        if text.strip():
            pattern = f"%{text.strip()}%"
            statement = statement.where(or_(col(Contract.reference).ilike(pattern), col(Contract.title).ilike(pattern)))
        for kvk, column in ((contractor, Contract.contractor_id), (buyer, Contract.buyer_id)):
            if kvk:
                org_ids = [i for i, (_, k) in names.organisations.items() if k == kvk.strip()]
                statement = statement.where(col(column).in_(org_ids or [-1]))
        if account_manager:
            user_ids = [i for i, login in names.users.items() if login == normalise_login(account_manager)]
            statement = statement.where(col(Contract.account_manager_id).in_(user_ids or [-1]))
        if year is not None:
            statement = statement.where(Contract.start_date <= dt.date(year, 12, 31)).where(
                Contract.end_date >= dt.date(year, 1, 1))
        contracts = session.exec(statement).all()
        approved = _approved_by_route(session)
        kinds = _settled_or_best_efforts(session)
        pso = {org_id: level for org_id, level in session.exec(select(Organisation.id, Organisation.pso_level)).all()
               if org_id is not None}
        rows: list[tuple[ContractRow, Mapping[str, int]]] = []
        for contract in contracts:
            assert contract.id is not None
            row, _, _, by_route, _ = _row(contract, names, approved.get(contract.id, {}), kinds.get(contract.id, set()),
                                          today, pso)
            if status and row.status != status:
                continue
            rows.append((row, by_route))
            if len(rows) >= limit:
                break
        return rows


def show_contract(engine: Engine, reference: str, *, today: dt.date | None = None) -> ContractDetail:
    """One contract with its obligation, realisation per route, status, contributions and enforcement."""
    with session_scope(engine) as session:
        return _detail(session, _contract(session, reference), today or dt.date.today())


def _contribution_row(c: Contribution, reference: str, names: _Names) -> ContributionRow:
    supplier = names.organisations.get(c.supplier_id, (None, None))[0] if c.supplier_id else None
    return ContributionRow(
        id=c.id or 0, contract_reference=reference, route=c.route, status=c.status, period_start=c.period_start,
        period_end=c.period_end, block=c.block, hours_per_week=c.hours_per_week, bonuses=tuple(c.bonuses or ()),
        activity=c.activity_kind or c.activity, supplier=supplier, placement_id=c.placement_id,
        value_cents=c.value_cents, explanation=c.value_explanation, evidence=c.evidence, justification=c.justification,
        submitted_by=names.users.get(c.submitted_by_id) if c.submitted_by_id else None,
        approved_by=names.users.get(c.approved_by_id) if c.approved_by_id else None,
        second_approved_by=names.users.get(c.second_approved_by_id) if c.second_approved_by_id else None,
        note=c.note, import_key=c.import_key,
    )


def _detail(session: Session, contract: Contract, today: dt.date) -> ContractDetail:
    assert contract.id is not None
    names = _names(session)
    approved = _approved_by_route(session, [contract.id]).get(contract.id, {})
    kinds = _settled_or_best_efforts(session, [contract.id]).get(contract.id, set())
    contractor = session.get(Organisation, contract.contractor_id)
    row, obligation, explanation, by_route, capped = _row(
        contract, names, approved, kinds, today, {contract.contractor_id: contractor.pso_level if contractor else None})
    contributions = session.exec(
        select(Contribution).where(Contribution.contract_id == contract.id).order_by(col(Contribution.period_start), col(Contribution.id))
    ).all()
    pending = sum(c.value_cents for c in contributions if c.status == ContributionStatus.SUBMITTED.value)
    actions = session.exec(
        select(EnforcementAction).where(EnforcementAction.contract_id == contract.id)
        .order_by(col(EnforcementAction.action_date), col(EnforcementAction.id))
    ).all()
    rule_set = contract_rule_set(contract)
    best_efforts = EnforcementKind.BEST_EFFORTS_ACCEPTED.value in kinds
    return ContractDetail(
        row=row, obligation_explanation=explanation, obligation_override_cents=contract.obligation_override_cents,
        override_reason=contract.override_reason, per_year=split_per_year(obligation, contract.start_date, contract.end_date),
        realised_by_route=by_route, capped_by_route=capped, pending_cents=pending,
        penalty_cents=penalty_cents(rule_set, row.shortfall_cents, best_efforts=best_efforts) if row.status == "overdue" else 0,
        best_efforts=best_efforts, labour_share=contract.labour_share, awarded_on=contract.awarded_on,
        full_time_hours_per_year=contract.full_time_hours_per_year,
        interim_report_due=contract.interim_report_due, final_report_due=contract.final_report_due,
        last_report_on=contract.last_report_on,
        contributions=tuple(_contribution_row(c, contract.reference, names) for c in contributions),
        enforcement=tuple(
            EnforcementRow(id=a.id or 0, kind=a.kind, action_date=a.action_date, amount_cents=a.amount_cents,
                           new_date=a.new_date, note=a.note,
                           created_by=names.users.get(a.created_by_id) if a.created_by_id else None)
            for a in actions
        ),
        rule_set_title=rule_set.title, rule_set_status=rule_set.status,
    )


# --- contributions --------------------------------------------------------------------

@dataclass(frozen=True)
class ContributionRequest:
    """A contribution as the account manager (or the contractor's sheet) states it."""

    route: str
    period_start: dt.date
    period_end: dt.date | None = None
    target_group: str | None = None
    block: str | None = None
    employment_type: str | None = None
    hours_per_week: Decimal | None = None
    bonuses: tuple[str, ...] = ()
    amount_cents: int | None = None
    activity: str | None = None
    quantity: Decimal | None = None
    supplier_kvk: str | None = None
    justification: str | None = None
    evidence: str | None = None
    note: str | None = None
    description: str | None = None
    import_key: str | None = None
    counts_from: dt.date | None = None


def _valuation_input(request: ContributionRequest, supplier: Organisation | None,
                     own_hours: Decimal | None = None) -> ContributionInput:
    return ContributionInput(
        full_time_hours_per_year=own_hours if request.route in ("1", "2") else None,
        route=request.route, block=request.block, target_group=request.target_group,
        employment_type=request.employment_type, hours_per_week=request.hours_per_week,
        start=request.period_start, end=request.period_end, counts_from=request.counts_from, bonuses=request.bonuses,
        amount_cents=request.amount_cents, activity=request.activity, quantity=request.quantity,
        supplier_status=supplier.social_enterprise_status if supplier else None,
        supplier_since=supplier.social_enterprise_since if supplier else None,
        supplier_pso=supplier.pso_level if supplier else None, justification=request.justification,
    )


def value_request(session: Session, contract: Contract, request: ContributionRequest) -> tuple[Valuation, Organisation | None]:
    """Value a requested line under the contract's rule set (raises a clear error when it cannot)."""
    if request.route not in {r.value for r in ContributionRoute}:
        raise SocialReturnError(t("sr.error.route", route=request.route))
    supplier = _organisation(session, request.supplier_kvk, "supplier") if request.supplier_kvk else None
    if request.route == ContributionRoute.SOCIAL_PURCHASING.value and supplier is None:
        raise SocialReturnError(t("sr.error.supplier_required"))
    if request.period_end is not None and request.period_end < request.period_start:
        raise SocialReturnError(t("sr.error.dates", start=request.period_start.isoformat(), end=request.period_end.isoformat()))
    valuation = value_contribution(contract_rule_set(contract), _valuation_input(request, supplier, own_full_time(contract)))
    return valuation, supplier


def _apply(c: Contribution, request: ContributionRequest, valuation: Valuation, supplier: Organisation | None) -> None:
    c.route = request.route
    c.period_start = request.period_start
    c.period_end = request.period_end
    c.counts_from = request.counts_from
    c.block = valuation.block
    c.hours_per_week = float(request.hours_per_week) if request.hours_per_week is not None else None
    c.bonuses = list(request.bonuses)
    c.amount_cents = request.amount_cents
    c.activity_kind = request.activity
    c.activity = (request.description or request.activity or None)
    c.quantity = float(request.quantity) if request.quantity is not None else None
    c.supplier_id = supplier.id if supplier else None
    c.justification = request.justification
    c.evidence = request.evidence
    c.note = request.note
    c.value_cents = valuation.value_cents
    c.value_explanation = valuation.explanation
    if request.hours_per_week is not None and request.period_end is not None:
        weeks = Decimal((request.period_end - request.period_start).days + 1) / 7
        c.hours = float((request.hours_per_week * weeks).quantize(Decimal("0.01")))
    elif request.quantity is not None:
        c.hours = float(request.quantity)


def add_contribution(
    engine: Engine, actor: Actor, contract_reference: str, request: ContributionRequest, *, submit: bool = False
) -> ContributionRow:
    """Enter a contribution on a route other than the automatic route 1; it starts as a draft."""
    with session_scope(engine) as session:
        user = require_editor(session, actor)
        contract = _contract(session, contract_reference)
        valuation, supplier = value_request(session, contract, request)
        contribution = Contribution(contract_id=contract.id or 0, route=request.route, period_start=request.period_start)
        _apply(contribution, request, valuation, supplier)
        contribution.import_key = request.import_key
        if submit:
            contribution.status = ContributionStatus.SUBMITTED.value
            contribution.submitted_by_id = user.id if user else None
            contribution.submitted_at = dt.datetime.now(dt.UTC)
        session.add(contribution)
        session.flush()
        audit.record(session, actor, "contribution.add", "contribution", contribution.id)
        return _contribution_row(contribution, contract.reference, _names(session))


def _contribution(session: Session, contribution_id: int) -> Contribution:
    contribution = session.get(Contribution, contribution_id)
    if contribution is None:
        raise NotFound(t("sr.error.no_contribution", id=contribution_id))
    return contribution


def list_contributions(engine: Engine, contract_reference: str | None = None, *, status: str | None = None,
                       limit: int = DEFAULT_LIMIT) -> list[ContributionRow]:
    """Contribution lines, optionally of one contract and one status."""
    with session_scope(engine) as session:
        refs = {cid: ref for cid, ref in session.exec(select(Contract.id, Contract.reference)).all() if cid is not None}
        statement = select(Contribution).order_by(col(Contribution.id))
        if contract_reference:
            statement = statement.where(Contribution.contract_id == _contract(session, contract_reference).id)
        if status:
            statement = statement.where(Contribution.status == status)
        names = _names(session)
        return [_contribution_row(c, refs.get(c.contract_id, "?"), names)
                for c in session.exec(statement.limit(max(1, min(limit, MAX_LIMIT)))).all()]


def review_contribution(
    engine: Engine, actor: Actor, contribution_id: int, decision: str, *, note: str | None = None
) -> ContributionRow:
    """Move a line along draft → submitted → approved / rejected, recording who did it.

    A route whose rule asks for a second person's approval (open social impact) can only be
    approved by someone other than the person who entered or submitted it.
    """
    if decision not in ("submit", "approve", "reject", "reopen"):
        raise SocialReturnError(t("sr.error.decision", decision=decision))
    with session_scope(engine) as session:
        user = require_editor(session, actor)
        c = _contribution(session, contribution_id)
        contract = session.get(Contract, c.contract_id)
        assert contract is not None
        now = dt.datetime.now(dt.UTC)
        allowed = {
            "submit": (ContributionStatus.DRAFT.value, ContributionStatus.REJECTED.value),
            "approve": (ContributionStatus.SUBMITTED.value,),
            "reject": (ContributionStatus.SUBMITTED.value, ContributionStatus.DRAFT.value),
            "reopen": (ContributionStatus.APPROVED.value, ContributionStatus.REJECTED.value),
        }[decision]
        if c.status not in allowed:
            raise SocialReturnError(t("sr.error.transition", id=c.id, status=t(f"sr.contribution_status.{c.status}"),
                                      decision=t(f"sr.decision.{decision}")))
        if decision == "submit":
            c.status = ContributionStatus.SUBMITTED.value
            c.submitted_by_id = user.id if user else c.submitted_by_id
            c.submitted_at = now
        elif decision == "approve":
            rule = contract_rule_set(contract).route_rule(c.route)
            if rule is not None and rule.needs_second_approval:
                if not (c.justification or "").strip():
                    raise SocialReturnError(t("sr.error.justification", id=c.id))
                if user is None or user.id is None or user.id == c.submitted_by_id:
                    raise SocialReturnError(t("sr.error.second_person", id=c.id))
                c.second_approved_by_id = user.id
                c.second_approved_at = now
            c.status = ContributionStatus.APPROVED.value
            c.approved_by_id = user.id if user else None
            c.approved_at = now
        elif decision == "reject":
            if not (note or "").strip():
                raise SocialReturnError(t("sr.error.reject_reason"))
            c.status = ContributionStatus.REJECTED.value
            c.approved_by_id = user.id if user else None
            c.approved_at = now
        else:
            c.status = ContributionStatus.SUBMITTED.value
            c.approved_by_id = None
            c.approved_at = None
            c.second_approved_by_id = None
            c.second_approved_at = None
        if note:
            c.note = note
        session.add(c)
        audit.record(session, actor, f"contribution.{decision}", "contribution", c.id, reason=note)
        session.flush()
        return _contribution_row(c, contract.reference, _names(session))


def set_contribution_bonuses(engine: Engine, actor: Actor, contribution_id: int, bonuses: Sequence[str]) -> ContributionRow:
    """Set the valuation attributes (bonuses such as age 56+) of a line and revalue it.

    Age and similar attributes live only here, on the valuation; matching never sees them.
    """
    with session_scope(engine) as session:
        require_editor(session, actor)
        c = _contribution(session, contribution_id)
        contract = session.get(Contract, c.contract_id)
        assert contract is not None
        if c.placement_id is not None:
            c.bonuses = list(dict.fromkeys(bonuses))
            _revalue_placement_line(session, c, contract)
        else:
            request = _request_from(c, session, bonuses=tuple(dict.fromkeys(bonuses)))
            valuation, supplier = value_request(session, contract, request)
            _apply(c, request, valuation, supplier)
        session.add(c)
        audit.record(session, actor, "contribution.set_bonuses", "contribution", c.id)
        session.flush()
        return _contribution_row(c, contract.reference, _names(session))


def _request_from(c: Contribution, session: Session, **override: Any) -> ContributionRequest:
    supplier = session.get(Organisation, c.supplier_id) if c.supplier_id else None
    data: dict[str, Any] = dict(
        route=c.route, period_start=c.period_start, period_end=c.period_end, block=c.block,
        hours_per_week=Decimal(str(c.hours_per_week)) if c.hours_per_week is not None else None,
        bonuses=tuple(c.bonuses or ()), amount_cents=c.amount_cents, activity=c.activity_kind,
        quantity=Decimal(str(c.quantity)) if c.quantity is not None else None,
        supplier_kvk=supplier.kvk_number if supplier else None, justification=c.justification,
        evidence=c.evidence, note=c.note, description=c.activity, import_key=c.import_key, counts_from=c.counts_from,
    )
    data.update(override)
    return ContributionRequest(**data)


# --- route 1 from placements ----------------------------------------------------------

_COUNTING = (PlacementStatus.STARTED.value, PlacementStatus.SUSTAINED.value, PlacementStatus.ENDED.value)
#: Bonus conditions srmatch derives from the placement itself; the others are set by hand.
_AUTOMATIC_CONDITIONS = ("permanent_contract", "newcomer")


def _counting_since(session: Session, placement: Placement, contract_id: int) -> dt.date | None:
    """The start of the person's unbroken work under this contract, when it began before this placement.

    A person who moves to another job under the same contract keeps one counting window; after
    a gap (back on a benefit) the window starts again with the new placement.
    """
    assert placement.start_date is not None
    rows = session.exec(
        select(Placement, Vacancy).join(Vacancy, col(Vacancy.id) == col(Placement.vacancy_id))
        .where(Placement.seeker_id == placement.seeker_id, Vacancy.contract_id == contract_id,
               col(Placement.status).in_(_COUNTING), col(Placement.start_date).is_not(None),
               col(Placement.start_date) < placement.start_date, col(Placement.id) != placement.id)
    ).all()
    since = placement.start_date
    for earlier, vacancy in sorted(rows, key=lambda row: row[0].start_date or since, reverse=True):
        assert earlier.start_date is not None
        end = earlier.end_date or (period_end(earlier.start_date, vacancy.duration_months)
                                   if vacancy.duration_months else None)
        if end is None or end >= since - dt.timedelta(days=1):
            since = min(since, earlier.start_date)
    return since if since < placement.start_date else None


def _revalue_placement_line(session: Session, c: Contribution, contract: Contract) -> None:
    placement = session.get(Placement, c.placement_id)
    assert placement is not None
    vacancy = session.get(Vacancy, placement.vacancy_id)
    seeker = session.get(JobSeeker, placement.seeker_id)
    assert vacancy is not None and seeker is not None and placement.start_date is not None
    rule_set = contract_rule_set(contract)
    manual = [name for name in (c.bonuses or []) if name in rule_set.bonuses
              and rule_set.bonuses[name].condition not in _AUTOMATIC_CONDITIONS]
    automatic = []
    for name, bonus in rule_set.bonuses.items():
        if bonus.condition == "permanent_contract" and placement.status == PlacementStatus.SUSTAINED.value and (
                (placement.employment_type or vacancy.employment_type) == EmploymentType.PERMANENT.value):
            automatic.append(name)
        elif bonus.condition == "newcomer" and seeker.target_group == "statushouder":
            automatic.append(name)
    if placement.status == PlacementStatus.ENDED.value and placement.end_date is not None:
        end = placement.end_date
    elif placement.end_date is not None:
        end = placement.end_date
    elif vacancy.duration_months:
        end = period_end(placement.start_date, vacancy.duration_months)
    else:
        end = max(contract.end_date, placement.start_date)
    employment = placement.employment_type or vacancy.employment_type
    hours = placement.hours_per_week if placement.hours_per_week is not None else vacancy.hours_max
    counts_from = _counting_since(session, placement, contract.id or 0)
    valuation = value_contribution(rule_set, ContributionInput(
        route="1", target_group=seeker.target_group, employment_type=employment,
        hours_per_week=Decimal(hours), start=placement.start_date, end=end, counts_from=counts_from,
        full_time_hours_per_year=own_full_time(contract),
        bonuses=tuple(dict.fromkeys([*manual, *automatic])),
    ))
    block = rule_set.blocks[valuation.block] if valuation.block else None
    c.route = block.route if block else "1"
    c.block = valuation.block
    c.bonuses = list(dict.fromkeys([*manual, *automatic]))
    c.hours_per_week = float(hours)
    c.period_start = placement.start_date
    c.period_end = end
    c.counts_from = counts_from
    c.value_cents = valuation.value_cents
    c.value_explanation = valuation.explanation
    c.evidence = c.evidence or f"placement {placement.id}"


def sync_placement_contribution(session: Session, placement_id: int, actor: Actor | None = None) -> int | None:
    """Keep the automatic route-1 (or route-2 for BBL/internship) line of a placement current.

    Called by the placement service on start, end and sustain, inside its transaction. A
    placement on a vacancy that counts for a contract gets one line, valued from its hours,
    dates and the person's target group; it is revalued on every call (ended early,
    sustained, counting window reached). Returns the contribution id, or None when the
    placement does not count for a contract.
    """
    placement = session.get(Placement, placement_id)
    if placement is None:
        raise NotFound(t("sr.error.no_placement", id=placement_id))
    vacancy = session.get(Vacancy, placement.vacancy_id)
    existing = session.exec(select(Contribution).where(Contribution.placement_id == placement_id)).first()
    if vacancy is None or vacancy.contract_id is None or placement.status not in _COUNTING or placement.start_date is None:
        if existing is not None and existing.status != ContributionStatus.APPROVED.value:
            session.delete(existing)
            if actor:
                audit.record(session, actor, "contribution.remove", "contribution", existing.id)
        return None
    contract = session.get(Contract, vacancy.contract_id)
    assert contract is not None
    line = existing or Contribution(
        contract_id=contract.id or 0, route="1", placement_id=placement_id, period_start=placement.start_date,
        status=ContributionStatus.SUBMITTED.value, submitted_at=dt.datetime.now(dt.UTC),
    )
    before = line.value_cents if existing else None
    _revalue_placement_line(session, line, contract)
    session.add(line)
    session.flush()
    if actor is not None:
        audit.record(session, actor, "contribution.sync", "contribution", line.id,
                     reason=None if before is None else f"value {before} -> {line.value_cents} cents")
    return line.id


# --- enforcement ----------------------------------------------------------------------

def add_enforcement(
    engine: Engine, actor: Actor, contract_reference: str, kind: str, *, action_date: dt.date | None = None,
    amount_cents: int | None = None, new_date: dt.date | None = None, note: str | None = None,
    today: dt.date | None = None,
) -> ContractDetail:
    """Record a reminder, recovery period (with its new date), withholding (with its amount), …"""
    if kind not in {k.value for k in EnforcementKind}:
        raise SocialReturnError(t("sr.error.enforcement_kind", kind=kind, kinds=", ".join(k.value for k in EnforcementKind)))
    if kind == EnforcementKind.RECOVERY_PERIOD.value and new_date is None:
        raise SocialReturnError(t("sr.error.recovery_needs_date"))
    if kind == EnforcementKind.WITHHOLDING.value and amount_cents is None:
        raise SocialReturnError(t("sr.error.withholding_needs_amount"))
    if amount_cents is not None and amount_cents < 0:
        raise SocialReturnError(t("sr.error.value_negative"))
    with session_scope(engine) as session:
        user = require_editor(session, actor)
        contract = _contract(session, contract_reference)
        action = EnforcementAction(
            contract_id=contract.id or 0, kind=kind, action_date=action_date or today or dt.date.today(),
            amount_cents=amount_cents, new_date=new_date, note=note, created_by_id=user.id if user else None,
        )
        if kind == EnforcementKind.SETTLEMENT.value:
            contract.status = ContractStatus.SETTLED.value
            session.add(contract)
        session.add(action)
        session.flush()
        audit.record(session, actor, f"enforcement.{kind}", "contract", contract.id)
        return _detail(session, contract, today or dt.date.today())


@dataclass(frozen=True)
class DueItem:
    """Something the account manager must act on this month."""

    kind: str  # report_due | recovery_ends | ending_with_shortfall
    date: dt.date
    reference: str
    contractor: str
    shortfall_cents: int

    def to_json(self) -> dict[str, Any]:
        return _money_json(asdict(self))


def due_this_month(engine: Engine, *, today: dt.date | None = None, account_manager: str | None = None) -> list[DueItem]:
    """Reports due, recovery periods ending and contracts ending with a shortfall, this month."""
    today = today or dt.date.today()
    first = today.replace(day=1)
    last = add_months(first, 1) - dt.timedelta(days=1)
    rows = {r.reference: r for r in list_contracts(engine, today=today, account_manager=account_manager, limit=MAX_LIMIT)}
    items: list[DueItem] = []
    with session_scope(engine) as session:
        contracts = session.exec(select(Contract).where(col(Contract.reference).in_(list(rows)))).all()
        by_id = {c.id: c for c in contracts}
        for contract in contracts:
            row = rows[contract.reference]
            for due in (contract.interim_report_due, contract.final_report_due):
                if due is not None and first <= due <= last:
                    items.append(DueItem("report_due", due, row.reference, row.contractor, row.shortfall_cents))
            if first <= contract.end_date <= last and row.shortfall_cents > 0 and row.status != "settled":
                items.append(DueItem("ending_with_shortfall", contract.end_date, row.reference, row.contractor, row.shortfall_cents))
        recoveries = session.exec(select(EnforcementAction).where(
            EnforcementAction.kind == EnforcementKind.RECOVERY_PERIOD.value)
            .where(col(EnforcementAction.new_date) >= first).where(col(EnforcementAction.new_date) <= last)).all()
        for action in recoveries:
            recovering = by_id.get(action.contract_id)
            if recovering is not None and action.new_date is not None:
                row = rows[recovering.reference]
                items.append(DueItem("recovery_ends", action.new_date, row.reference, row.contractor, row.shortfall_cents))
    return sorted(items, key=lambda item: (item.date, item.reference, item.kind))


# --- shortfall meets matching ---------------------------------------------------------

@dataclass(frozen=True)
class VacancyCandidates:
    """An open vacancy of a contract that is behind, with the engine's best candidates."""

    reference: str
    title: str
    free_positions: int
    candidates: tuple[tuple[str, float, str], ...] = ()  # (client number, score, reasons in words)
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"reference": self.reference, "title": self.title, "free_positions": self.free_positions,
                "candidates": [{"client_number": c, "score": s, "reasons": r} for c, s, r in self.candidates],
                "note": self.note}


def shortfall_candidates(engine: Engine, contract_reference: str, *, top: int = 5) -> list[VacancyCandidates]:
    """For a contract's open vacancies, the best candidates from the matching engine.

    The account manager's shortest path from "behind" to "proposed". Uses
    ``srmatch.services.matching.match_vacancy`` when the engine is installed.
    """
    with session_scope(engine) as session:
        contract = _contract(session, contract_reference)
        vacancies = session.exec(select(Vacancy).where(Vacancy.contract_id == contract.id)
                                 .where(Vacancy.status == "open").order_by(Vacancy.reference)).all()
        taken = dict(session.exec(
            select(Placement.vacancy_id, func.count()).where(col(Placement.status).in_(
                [PlacementStatus.STARTED.value, PlacementStatus.SUSTAINED.value]))
            .group_by(col(Placement.vacancy_id))).all())
        found = [(v.reference, v.title, max(0, v.positions - int(taken.get(v.id or 0, 0)))) for v in vacancies]
    from srmatch.services.matching import match_vacancy

    result = []
    for reference, title, free in found:
        matches = match_vacancy(engine, reference, top)
        candidates = tuple(
            (match.id, float(match.score), "; ".join(match.reasons)[:200]) for match in matches.results
        )
        result.append(VacancyCandidates(reference, title, free, candidates))
    return result


# --- programme ------------------------------------------------------------------------

@dataclass(frozen=True)
class ProgrammeFigures:
    """Rotterdam's programme targets against the books, for one year."""

    year: int
    anchor_organisations: int
    anchor_baseline: int
    anchor_goal: int
    anchor_realised_cents: int
    anchor_value_baseline_cents: int
    anchor_value_goal_cents: int
    recognised_social_enterprises: int
    social_enterprise_baseline: int
    social_enterprise_goal: int
    realised_cents: int
    realised_last_year_cents: int
    people_placed: int
    people_placed_last_year: int
    sustainable_placements: int
    placements_with_postcode: int
    city_share: float | None
    zuid_share: float | None
    city_share_reference: float | None
    zuid_share_reference: float | None
    per_month_cents: tuple[int, ...] = field(default_factory=tuple)
    contracts_by_status: Mapping[str, int] = field(default_factory=dict)
    areas_note: str = ""

    def to_json(self) -> dict[str, Any]:
        return _money_json(asdict(self))


def _month_of(value: dt.date) -> int:
    return value.month


def programme(engine: Engine, *, year: int | None = None, today: dt.date | None = None) -> ProgrammeFigures:
    """The programme dashboard's figures (also ``srmatch programme``).

    Realised value of a year = approved contributions whose period starts in that year
    (route caps are a per-contract matter and are applied in the contract figures).
    """
    from srmatch.services.rules import load_programme_targets

    today = today or dt.date.today()
    year = year or today.year
    targets = load_programme_targets()
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    prev_first, prev_last = dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31)
    approved = ContributionStatus.APPROVED.value
    with session_scope(engine) as session:
        anchors = int(session.exec(select(func.count()).select_from(Organisation).where(col(Organisation.is_anchor).is_(True))).one())
        recognised = int(session.exec(select(func.count()).select_from(Organisation).where(
            Organisation.social_enterprise_status == SocialEnterpriseStatus.RECOGNISED.value)).one())

        def realised(low: dt.date, high: dt.date, anchor_only: bool = False) -> int:
            statement = select(func.coalesce(func.sum(Contribution.value_cents), 0)).where(
                Contribution.status == approved).where(col(Contribution.period_start) >= low).where(
                col(Contribution.period_start) <= high)
            if anchor_only:
                statement = statement.join(Contract, col(Contract.id) == col(Contribution.contract_id)).join(
                    Organisation, col(Organisation.id) == col(Contract.buyer_id)).where(col(Organisation.is_anchor).is_(True))
            return int(session.exec(statement).one())

        per_month = [0] * 12
        month_rows = session.exec(
            select(col(Contribution.period_start), col(Contribution.value_cents)).where(Contribution.status == approved)
            .where(col(Contribution.period_start) >= first).where(col(Contribution.period_start) <= last)
        ).all()
        for start, cents in month_rows:
            per_month[_month_of(start) - 1] += int(cents)

        def placed(low: dt.date, high: dt.date) -> int:
            return int(session.exec(select(func.count(func.distinct(Placement.seeker_id))).where(
                col(Placement.status).in_(list(_COUNTING))).where(col(Placement.start_date) >= low).where(
                col(Placement.start_date) <= high)).one())

        sustainable = int(session.exec(select(func.count()).select_from(Placement).where(
            Placement.status == PlacementStatus.SUSTAINED.value).where(col(Placement.start_date) >= add_months(first, -6))
            .where(col(Placement.start_date) <= last)).one())
        postcodes = [str(pc) for pc in session.exec(
            select(JobSeeker.postcode).join(Placement, col(Placement.seeker_id) == col(JobSeeker.id))
            .where(col(Placement.status).in_(list(_COUNTING))).where(col(Placement.start_date) >= first)
            .where(col(Placement.start_date) <= last)).all()]
        # every query inside this unit of work: a closed session would silently open another
        anchor_realised = realised(first, last, anchor_only=True)
        realised_now, realised_before = realised(first, last), realised(prev_first, prev_last)
        placed_now, placed_before = placed(first, last), placed(prev_first, prev_last)
    city_share, zuid_share, note = _area_shares(postcodes)
    statuses: dict[str, int] = defaultdict(int)
    for row in list_contracts(engine, today=today, limit=MAX_LIMIT, year=year):
        statuses[row.status] += 1
    tg = targets.targets
    refs = targets.references
    return ProgrammeFigures(
        year=year,
        anchor_organisations=anchors, anchor_baseline=int(tg["anchor_organisations"].baseline),
        anchor_goal=int(tg["anchor_organisations"].goal),
        anchor_realised_cents=anchor_realised,
        anchor_value_baseline_cents=int(tg["anchor_value_eur"].baseline * 100),
        anchor_value_goal_cents=int(tg["anchor_value_eur"].goal * 100),
        recognised_social_enterprises=recognised,
        social_enterprise_baseline=int(tg["recognised_social_enterprises"].baseline),
        social_enterprise_goal=int(tg["recognised_social_enterprises"].goal),
        realised_cents=realised_now, realised_last_year_cents=realised_before,
        people_placed=placed_now, people_placed_last_year=placed_before,
        sustainable_placements=sustainable, placements_with_postcode=len(postcodes),
        city_share=city_share, zuid_share=zuid_share,
        city_share_reference=float(refs["city_share"][1]) if "city_share" in refs else None,
        zuid_share_reference=float(refs["zuid_share"][1]) if "zuid_share" in refs else None,
        per_month_cents=tuple(per_month), contracts_by_status=dict(statuses), areas_note=note,
    )


def _area_shares(postcodes: Sequence[str]) -> tuple[float | None, float | None, str]:
    """Share of placed people living in the city and in Rotterdam-Zuid (helper A's PC4 areas)."""
    if not postcodes:
        return None, None, ""
    try:
        from srmatch.matching import areas  # type: ignore[attr-defined,unused-ignore]
        area_of = areas.area_of
    except (ImportError, AttributeError):
        return None, None, t("sr.areas_unavailable")
    kinds = [str(area_of(pc[:4])) for pc in postcodes]
    city = sum(1 for kind in kinds if kind in ("zuid", "rest_of_rotterdam", "rotterdam"))
    zuid = sum(1 for kind in kinds if kind == "zuid")
    return city / len(kinds), zuid / len(kinds), ""
