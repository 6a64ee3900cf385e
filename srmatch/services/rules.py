"""Social-return rule sets: dated, per-region TOML files in ``data/rules/``.

Every amount, percentage, threshold, counting window, bonus and cap that values a
contribution or sets an obligation lives in one of those files; this module is the one
place that reads them (:func:`load_rule_sets`). Amounts are read as exact
:class:`~decimal.Decimal` values (a TOML float is converted through its shortest decimal
text, so ``24.04`` stays 24.04). A municipality replaces or adds a file; a test folder can
be passed instead of the shipped one.

Pure: no database, no UI.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from srmatch.errors import UserFacingError
from srmatch.i18n import t
from srmatch.matching.resources import data_path
from srmatch.store.models import EmploymentType, TargetGroup

BONUS_KINDS = ("per_year", "one_off", "extra_year", "per_hour")
BONUS_CONDITIONS = ("age", "permanent_contract", "after_internship", "newcomer", "disability_support")
ACTIVITY_KINDS = ("at_cost", "per_hour", "per_day")
BASES = ("contract_value", "labour_sum")
BASIS_KINDS = ("hourly", "yearly")
CONTRACT_KINDS = ("werk", "dienst", "levering")
PSO_LEVELS = ("aspirant", "basistrede", "trede_1", "trede_2", "trede_3", "pso_30_plus")

#: The keys each table of a rule file may hold. Anything else is refused: a misspelt key
#: (``windows_months``) would otherwise be ignored and silently change the books.
KEYS: Mapping[str, tuple[str, ...]] = {
    "file": ("rule_set", "obligation", "full_time", "blocks", "bonuses", "purchasing", "activities", "routes"),
    "rule_set": ("name", "region", "title", "valid_from", "status", "source", "note", "default"),
    "obligation": ("base", "kinds", "labour_share", "cap_eur", "pso", "penalty_percent"),
    "obligation.kinds": ("percentage", "threshold_eur", "min_term_months"),
    "obligation.labour_share": ("below", "percentage"),
    "full_time": ("basis", "hours_per_week", "hours_per_year", "min_hours_per_week", "contractor_hours"),
    "blocks": ("label", "route", "per_year_eur", "per_hour_eur", "window_months", "target_groups", "employment_types"),
    "bonuses": ("label", "kind", "condition", "per_year_eur", "per_hour_eur", "amount_eur", "min_age"),
    "purchasing": ("recognised_share", "aspirant_share", "pso"),
    "activities": ("label", "kind", "amount_eur", "multiplier", "max_eur"),
    "routes": ("label", "max_share", "min_eur", "needs_justification", "needs_second_approval"),
}


class RuleSetError(UserFacingError):
    """A rule file is missing, malformed, or names something it does not define."""


@dataclass(frozen=True)
class KindRule:
    """Obligation percentage and threshold for one kind of contract (werk, dienst, levering)."""

    percentage: Decimal
    threshold: Decimal
    #: No obligation for a term shorter than this many months (central government: 6); None: any term.
    min_term_months: int | None = None


@dataclass(frozen=True)
class LabourShareRule:
    """A lower percentage when the labour share of the contract is under ``below``."""

    below: Decimal
    percentage: Decimal


@dataclass(frozen=True)
class ObligationRules:
    base: str
    kinds: Mapping[str, KindRule]
    labour_share: LabourShareRule | None
    cap: Decimal | None
    #: PSO level -> percent off the obligation; the text "exempt" means no obligation.
    pso: Mapping[str, Decimal | str]
    penalty_percent: Decimal | None


@dataclass(frozen=True)
class FullTime:
    """The full-time reference: a yearly amount on a 36/40-hour week, or an hourly rate."""

    basis: str
    hours_per_week: Decimal
    hours_per_year: Decimal | None
    min_hours_per_week: Decimal
    #: A contract may state the contractor's own full-time hours a year (Friesland); yearly basis only.
    contractor_hours: bool = False


@dataclass(frozen=True)
class Block:
    """A building block (bouwblok): what a person of a target group is worth per year/hour."""

    name: str
    label: str
    route: str
    per_year: Decimal
    per_hour: Decimal | None
    window_months: int | None
    target_groups: tuple[str, ...]
    employment_types: tuple[str, ...]


@dataclass(frozen=True)
class Bonus:
    """A bonus on a placement's value ("reward for sustainable jobs", age, …)."""

    name: str
    label: str
    kind: str
    condition: str
    per_year: Decimal | None
    per_hour: Decimal | None
    amount: Decimal | None
    min_age: int | None


@dataclass(frozen=True)
class Purchasing:
    """Route 3: share of an invoice (excl. VAT) that counts, by supplier recognition or PSO level."""

    recognised_share: Decimal
    aspirant_share: Decimal | None
    pso: Mapping[str, Decimal]


@dataclass(frozen=True)
class Activity:
    """Route 4 (and training): at cost, per hour or per day."""

    name: str
    label: str
    kind: str
    amount: Decimal | None
    multiplier: Decimal
    maximum: Decimal | None


@dataclass(frozen=True)
class RouteRule:
    """Limits on one route: a cap as a share of the obligation, a minimum per line, approvals."""

    route: str
    label: str
    max_share: Decimal | None
    minimum: Decimal | None
    needs_justification: bool
    needs_second_approval: bool


@dataclass(frozen=True)
class RuleSet:
    """One dated, per-region rule set, exactly as its TOML file states it."""

    name: str
    region: str
    title: str
    valid_from: dt.date
    status: str
    source: str
    note: str
    is_default: bool
    obligation: ObligationRules
    full_time: FullTime
    blocks: Mapping[str, Block]
    bonuses: Mapping[str, Bonus]
    purchasing: Purchasing
    activities: Mapping[str, Activity]
    routes: Mapping[str, RouteRule] = field(default_factory=dict)
    path: str = ""

    def block_for(self, target_group: str, employment_type: str | None = None) -> Block:
        """The block a placement counts under: a learning block by contract type, else by target group.

        A block that names both the contract type and the person's target group comes first
        (Haaglanden: a vso/PrO pupil's internship is the vso/PrO internship, not mbo/hbo).
        """
        if employment_type:
            for block in self.blocks.values():
                if employment_type in block.employment_types and target_group in block.target_groups:
                    return block
            for block in self.blocks.values():
                if employment_type in block.employment_types:
                    return block
        for block in self.blocks.values():
            if target_group in block.target_groups:
                return block
        raise RuleSetError(t("rules.error.no_block", name=self.name, group=target_group))

    def route_rule(self, route: str) -> RouteRule | None:
        return self.routes.get(route)


def _decimal(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise RuleSetError(t("rules.error.not_number", where=where, value=value))
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise RuleSetError(t("rules.error.not_number", where=where, value=value)) from None
    if not number.is_finite() or number < 0:
        raise RuleSetError(t("rules.error.negative", where=where, value=value))
    return number


def _optional_decimal(table: Mapping[str, Any], key: str, where: str) -> Decimal | None:
    return None if key not in table else _decimal(table[key], f"{where}.{key}")


def _share(value: Any, where: str) -> Decimal:
    """A share of something, 0 to 1 (``0.25`` is 25%): ``25`` is refused, not read as 25 times."""
    number = _decimal(value, where)
    if number > 1:
        raise RuleSetError(t("rules.error.share", where=where, value=value))
    return number


def _percent(value: Any, where: str) -> Decimal:
    """A percentage, 0 to 100 (``5`` is 5%)."""
    number = _decimal(value, where)
    if number > 100:
        raise RuleSetError(t("rules.error.percent", where=where, value=value))
    return number


def _flag(table: Mapping[str, Any], key: str, where: str) -> bool:
    """true or false; a text such as "no" is refused (it would read as true)."""
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise RuleSetError(t("rules.error.not_flag", where=where, key=key, value=value))
    return value


def _known_keys(table: Mapping[str, Any], kind: str, where: str) -> None:
    """Refuse a key the rule format does not define, naming it, its value and the known keys."""
    allowed = KEYS[kind]
    for key, value in table.items():
        if key not in allowed:
            raise RuleSetError(t("rules.error.unknown_key", where=where, key=key, value=value, known=", ".join(allowed)))


def _entries(data: Mapping[str, Any], key: str, where: str, *, required: bool = True,
             path: str = "") -> list[tuple[str, Mapping[str, Any]]]:
    """The named tables under ``[path.key]`` (``[blocks.ww]``, …), each checked for unknown keys."""
    entries: list[tuple[str, Mapping[str, Any]]] = []
    full = f"{path}{key}"
    for name, entry in _table(data, key, where, required=required).items():
        if not isinstance(entry, dict):
            raise RuleSetError(t("rules.error.entry_not_table", where=where, key=f"{full}.{name}", value=entry))
        _known_keys(entry, full, f"{where} {full}.{name}")
        entries.append((name, entry))
    return entries


def _table(data: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> Mapping[str, Any]:
    value = data.get(key)
    if value is None and not required:
        return {}
    if value is not None and not isinstance(value, dict):
        raise RuleSetError(t("rules.error.entry_not_table", where=where, key=key, value=value))
    if not isinstance(value, dict):
        raise RuleSetError(t("rules.error.no_table", where=where, key=key))
    return value


def _text(data: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or not value:
        raise RuleSetError(t("rules.error.not_text", where=where, key=key))
    return value


def _choice(data: Mapping[str, Any], key: str, where: str, choices: tuple[str, ...], default: str | None = None) -> str:
    value = _text(data, key, where, default)
    if value not in choices:
        raise RuleSetError(t("rules.error.not_a_choice", where=where, key=key, value=value, choices=", ".join(choices)))
    return value


def _strings(data: Mapping[str, Any], key: str, where: str, known: tuple[str, ...]) -> tuple[str, ...]:
    """A list of names, each one of ``known`` (a misspelt target group would match no one)."""
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RuleSetError(t("rules.error.not_texts", where=where, key=key))
    for item in value:
        if item not in known:
            raise RuleSetError(t("rules.error.not_a_choice", where=where, key=key, value=item, choices=", ".join(known)))
    return tuple(value)


TARGET_GROUP_NAMES: tuple[str, ...] = tuple(group.value for group in TargetGroup)
EMPLOYMENT_TYPE_NAMES: tuple[str, ...] = tuple(kind.value for kind in EmploymentType)


def parse_rule_set(data: Mapping[str, Any], origin: str) -> RuleSet:
    """Build a rule set from parsed TOML; every problem names the file and the key."""
    _known_keys(data, "file", origin)
    head = _table(data, "rule_set", origin)
    name = _text(head, "name", f"{origin} [rule_set]")
    where = f"{origin} ({name})"
    _known_keys(head, "rule_set", f"{where} [rule_set]")
    valid_from = head.get("valid_from")
    if not isinstance(valid_from, dt.date) or isinstance(valid_from, dt.datetime):
        raise RuleSetError(t("rules.error.valid_from", where=where))

    obligation_data = _table(data, "obligation", where)
    _known_keys(obligation_data, "obligation", f"{where} [obligation]")
    kinds = {}
    for kind, rule in _entries(obligation_data, "kinds", where, path="obligation."):
        if kind not in CONTRACT_KINDS:
            raise RuleSetError(t("rules.error.contract_kind", where=where, kind=kind,
                                     kinds=", ".join(CONTRACT_KINDS)))
        min_term = rule.get("min_term_months")
        if min_term is not None and (not isinstance(min_term, int) or isinstance(min_term, bool) or min_term < 1):
            raise RuleSetError(t("rules.error.min_term_months", where=f"{where} obligation.kinds.{kind}", value=min_term))
        kinds[kind] = KindRule(
            percentage=_percent(rule.get("percentage"), f"{where} obligation.kinds.{kind}.percentage"),
            threshold=_decimal(rule.get("threshold_eur", 0), f"{where} obligation.kinds.{kind}.threshold_eur"),
            min_term_months=min_term,
        )
    labour_data = _table(obligation_data, "labour_share", f"{where} obligation", required=False)
    _known_keys(labour_data, "obligation.labour_share", f"{where} obligation.labour_share")
    labour_share = (
        LabourShareRule(
            below=_share(labour_data.get("below"), f"{where} obligation.labour_share.below"),
            percentage=_percent(labour_data.get("percentage"), f"{where} obligation.labour_share.percentage"),
        )
        if labour_data
        else None
    )
    pso: dict[str, Decimal | str] = {}
    for level, value in _table(obligation_data, "pso", f"{where} obligation", required=False).items():
        if level not in PSO_LEVELS:
            raise RuleSetError(t("rules.error.pso_level", where=where, level=level,
                                     levels=", ".join(PSO_LEVELS)))
        pso[level] = "exempt" if value == "exempt" else _percent(value, f"{where} obligation.pso.{level}")
    obligation = ObligationRules(
        base=_choice(obligation_data, "base", f"{where} [obligation]", BASES, "contract_value"),
        kinds=kinds,
        labour_share=labour_share,
        cap=_optional_decimal(obligation_data, "cap_eur", f"{where} obligation"),
        pso=pso,
        penalty_percent=_optional_decimal(obligation_data, "penalty_percent", f"{where} obligation"),
    )

    ft = _table(data, "full_time", where)
    _known_keys(ft, "full_time", f"{where} [full_time]")
    full_time = FullTime(
        basis=_choice(ft, "basis", f"{where} [full_time]", BASIS_KINDS),
        hours_per_week=_decimal(ft.get("hours_per_week"), f"{where} full_time.hours_per_week"),
        hours_per_year=_optional_decimal(ft, "hours_per_year", f"{where} full_time"),
        min_hours_per_week=_decimal(ft.get("min_hours_per_week", 0), f"{where} full_time.min_hours_per_week"),
        contractor_hours=_flag(ft, "contractor_hours", f"{where} [full_time]"),
    )
    if full_time.contractor_hours and full_time.basis != "yearly":
        raise RuleSetError(t("rules.error.contractor_hours", where=where))
    if full_time.hours_per_week <= 0:
        raise RuleSetError(t("rules.error.hours_per_week", where=where))

    blocks = {}
    for block_name, block in _entries(data, "blocks", where):
        w = f"{where} blocks.{block_name}"
        window = block.get("window_months")
        if window is not None and (not isinstance(window, int) or isinstance(window, bool) or window < 1):
            raise RuleSetError(t("rules.error.window_months", where=w, value=window))
        per_hour = _optional_decimal(block, "per_hour_eur", w)
        if full_time.basis == "hourly" and per_hour is None:
            raise RuleSetError(t("rules.error.per_hour_needed", where=w))
        blocks[block_name] = Block(
            name=block_name,
            label=_text(block, "label", w),
            route=_choice({"route": str(block.get("route", ""))}, "route", w, ("1", "2")),
            per_year=_decimal(block.get("per_year_eur"), f"{w}.per_year_eur"),
            per_hour=per_hour,
            window_months=window,
            target_groups=_strings(block, "target_groups", w, TARGET_GROUP_NAMES),
            employment_types=_strings(block, "employment_types", w, EMPLOYMENT_TYPE_NAMES),
        )

    bonuses = {}
    for bonus_name, bonus in _entries(data, "bonuses", where, required=False):
        w = f"{where} bonuses.{bonus_name}"
        kind = _choice(bonus, "kind", w, BONUS_KINDS)
        min_age = bonus.get("min_age")
        if min_age is not None and (not isinstance(min_age, int) or isinstance(min_age, bool) or min_age < 0):
            raise RuleSetError(t("rules.error.min_age", where=w, value=min_age))
        parsed = Bonus(
            name=bonus_name,
            label=_text(bonus, "label", w),
            kind=kind,
            condition=_choice(bonus, "condition", w, BONUS_CONDITIONS),
            per_year=_optional_decimal(bonus, "per_year_eur", w),
            per_hour=_optional_decimal(bonus, "per_hour_eur", w),
            amount=_optional_decimal(bonus, "amount_eur", w),
            min_age=min_age,
        )
        needed = {"per_year": parsed.per_year, "per_hour": parsed.per_hour, "one_off": parsed.amount}
        if kind in needed and needed[kind] is None:
            key = {"per_year": "per_year_eur", "per_hour": "per_hour_eur", "one_off": "amount_eur"}[kind]
            raise RuleSetError(t("rules.error.bonus_needs", where=w, kind=kind, key=key))
        bonuses[bonus_name] = parsed

    purchasing_data = _table(data, "purchasing", where, required=False)
    _known_keys(purchasing_data, "purchasing", f"{where} [purchasing]")
    purchasing_pso = {}
    for level, share in _table(purchasing_data, "pso", f"{where} purchasing", required=False).items():
        if level not in PSO_LEVELS:
            raise RuleSetError(t("rules.error.pso_level", where=where, level=level, levels=", ".join(PSO_LEVELS)))
        purchasing_pso[level] = _share(share, f"{where} purchasing.pso.{level}")
    purchasing = Purchasing(
        recognised_share=_share(purchasing_data.get("recognised_share", 1), f"{where} purchasing.recognised_share"),
        aspirant_share=(None if "aspirant_share" not in purchasing_data
                        else _share(purchasing_data["aspirant_share"], f"{where} purchasing.aspirant_share")),
        pso=purchasing_pso,
    )

    activities = {}
    for activity_name, activity in _entries(data, "activities", where, required=False):
        w = f"{where} activities.{activity_name}"
        kind = _choice(activity, "kind", w, ACTIVITY_KINDS)
        amount = _optional_decimal(activity, "amount_eur", w)
        if kind != "at_cost" and amount is None:
            raise RuleSetError(t("rules.error.activity_needs", where=w, kind=kind))
        activities[activity_name] = Activity(
            name=activity_name,
            label=_text(activity, "label", w),
            kind=kind,
            amount=amount,
            multiplier=_decimal(activity.get("multiplier", 1), f"{w}.multiplier"),
            maximum=_optional_decimal(activity, "max_eur", w),
        )

    routes = {}
    for route, rule in _entries(data, "routes", where, required=False):
        w = f"{where} routes.{route}"
        if route not in ("1", "2", "3", "4", "5", "6"):
            raise RuleSetError(t("rules.error.route", where=w))
        routes[route] = RouteRule(
            route=route,
            label=_text(rule, "label", w),
            max_share=None if "max_share" not in rule else _share(rule["max_share"], f"{w}.max_share"),
            minimum=_optional_decimal(rule, "min_eur", w),
            needs_justification=_flag(rule, "needs_justification", w),
            needs_second_approval=_flag(rule, "needs_second_approval", w),
        )

    return RuleSet(
        name=name,
        region=_text(head, "region", where),
        title=_text(head, "title", where),
        valid_from=valid_from,
        status=_choice(head, "status", where, ("transcribed", "confirmed")),
        source=_text(head, "source", where),
        note=str(head.get("note", "")),
        is_default=_flag(head, "default", f"{where} [rule_set]"),
        obligation=obligation,
        full_time=full_time,
        blocks=blocks,
        bonuses=bonuses,
        purchasing=purchasing,
        activities=activities,
        routes=routes,
        path=origin,
    )


def rules_dir() -> Path:
    """The shipped rule folder, ``data/rules``."""
    return data_path("rules")


@cache
def _load(folder: Path) -> tuple[RuleSet, ...]:
    if not folder.is_dir():
        raise RuleSetError(t("rules.error.no_folder", folder=folder))
    sets = []
    for path in sorted(folder.glob("*.toml")):
        try:
            with path.open("rb") as handle:
                data = tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            raise RuleSetError(t("rules.error.toml", file=path.name, reason=error)) from None
        rule_set = parse_rule_set(data, path.name)
        if rule_set.name != path.stem:
            raise RuleSetError(t("rules.error.name", file=path.name, name=rule_set.name))
        sets.append(rule_set)
    if not sets:
        raise RuleSetError(t("rules.error.empty_folder", folder=folder))
    if sum(1 for s in sets if s.is_default) != 1:
        raise RuleSetError(t("rules.error.default", folder=folder))
    return tuple(sorted(sets, key=lambda s: (s.region, s.valid_from)))


def load_rule_sets(folder: Path | None = None) -> tuple[RuleSet, ...]:
    """Every rule set in ``folder`` (default: the shipped ``data/rules``), by region and date.

    The one function that reads rule files; results are cached per folder (the shipped
    folder is found once: a report values thousands of contracts, each asking for its set).
    """
    if folder is None:
        return _load(_shipped_folder())
    return _load(folder.resolve())


@cache
def _shipped_folder() -> Path:
    return rules_dir().resolve()


def get_rule_set(name: str | None = None, folder: Path | None = None) -> RuleSet:
    """The rule set called ``name``, or the default one (``rijnmond-2024`` as shipped)."""
    sets = load_rule_sets(folder)
    if name is None:
        return next(s for s in sets if s.is_default)
    for rule_set in sets:
        if rule_set.name == name:
            return rule_set
    raise RuleSetError(t("rules.error.unknown", name=name, known=", ".join(s.name for s in sets)))


def rule_set_for(award_date: dt.date, region: str | None = None, folder: Path | None = None) -> RuleSet:
    """The rule set in force on ``award_date`` in ``region`` (default: the default set's region).

    That is the newest one whose ``valid_from`` is on or before the date. A contract awarded
    before the oldest shipped set of its region gets that oldest set (nothing older is
    shipped); its explanation names the set and its date, so the choice is visible.
    """
    default = get_rule_set(None, folder)
    region = region or default.region
    candidates = [s for s in load_rule_sets(folder) if s.region == region]
    if not candidates:
        raise RuleSetError(t("rules.error.no_region", region=region))
    in_force = [s for s in candidates if s.valid_from <= award_date]
    return in_force[-1] if in_force else candidates[0]


@dataclass(frozen=True)
class Target:
    """One programme target: where the city started and where it wants to be."""

    key: str
    label: str
    baseline: Decimal
    goal: Decimal


@dataclass(frozen=True)
class ProgrammeTargets:
    """The city's programme targets and reference shares (``data/programme.toml``)."""

    name: str
    city: str
    targets: Mapping[str, Target]
    references: Mapping[str, tuple[str, Decimal]]


@cache
def load_programme_targets(path: Path | None = None) -> ProgrammeTargets:
    """Read the programme targets (the one function that reads ``data/programme.toml``)."""
    path = path or data_path("programme.toml")
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise RuleSetError(t("rules.error.no_programme", path=path)) from None
    except tomllib.TOMLDecodeError as error:
        raise RuleSetError(t("rules.error.toml", file=path.name, reason=error)) from None
    head = _table(data, "programme", path.name)
    targets = {
        key: Target(key, _text(value, "label", f"{path.name} targets.{key}"),
                    _decimal(value.get("baseline"), f"{path.name} targets.{key}.baseline"),
                    _decimal(value.get("goal"), f"{path.name} targets.{key}.goal"))
        for key, value in _table(data, "targets", path.name).items()
    }
    references = {
        key: (_text(value, "label", f"{path.name} reference.{key}"),
              _decimal(value.get("value"), f"{path.name} reference.{key}.value"))
        for key, value in _table(data, "reference", path.name, required=False).items()
    }
    return ProgrammeTargets(_text(head, "name", path.name), _text(head, "city", path.name), targets, references)
