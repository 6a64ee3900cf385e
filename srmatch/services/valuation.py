"""The social-return arithmetic: one function values a contribution, one sets an obligation.

Screens, reports, the CLI, the demo data and the placement sync all call
:func:`value_contribution` and :func:`compute_obligation`; nothing else multiplies money.
Every result carries its arithmetic in words, e.g.
"Participatiewet €50,000.00/yr × 24/36 h × 6/12 months = €16,666.67".

**Money is exact.** Amounts are :class:`~decimal.Decimal` euros while computing and integer
cents when stored. The one rounding rule: *each part of a value (the base value, each bonus,
the obligation) is rounded once to whole cents, half away from zero (ROUND_HALF_UP); a
line's value is the sum of its rounded parts, and every total is a sum of stored cents.*
So the parts in an explanation always add up to the value shown, and 10,000 lines sum to
the cent.

Pure: no database, no UI (the words come from the message catalogue).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from srmatch.errors import UserFacingError
from srmatch.formatting import format_cents
from srmatch.i18n import current_language, t
from srmatch.services.fields import plain_euro_text
from srmatch.services.rules import EMPLOYMENT_TYPE_NAMES, Block, RuleSet

CENT = Decimal("0.01")
TWELVE = Decimal(12)


class ValuationError(UserFacingError):
    """A contribution that cannot be valued as given (unknown bonus, missing amount, …)."""


# --- money -----------------------------------------------------------------------------

def to_cents(euros: Decimal) -> int:
    """Euros to whole cents, half away from zero: the one rounding rule."""
    return int((euros / CENT).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def cents_to_euros(cents: int) -> Decimal:
    """Cents as exact euros (for JSON and arithmetic)."""
    return (Decimal(cents) * CENT).quantize(CENT)


def parse_euros(text: str) -> int:
    """A euro amount typed by a person ("1250000", "1.250.000,00", "€ 1,250,000.50") in cents."""
    cleaned = plain_euro_text(text)
    if not cleaned:
        raise ValuationError(t("error.amount.not_euros", text=text))
    try:
        amount = Decimal(cleaned)
    except ArithmeticError:
        raise ValuationError(t("error.amount.not_euros", text=text)) from None
    if not amount.is_finite() or amount < 0:
        raise ValuationError(t("error.amount.negative", text=text))
    if amount != amount.quantize(CENT):
        raise ValuationError(t("error.amount.decimals", text=text))
    return to_cents(amount)


def format_eur(cents: int, *, whole: bool = False) -> str:
    """€ 15.000,00 (Dutch) or €15,000.00 (English); ``whole`` drops the cents (``srmatch.formatting``)."""
    return format_cents(cents, whole=whole)


def _eur(amount: Decimal) -> str:
    return format_eur(to_cents(amount))


def _num(value: Decimal) -> str:
    """A number without trailing zeros: 24, 6.5, 0.3."""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if current_language() == "nl" else text


def plain_number(value: Decimal) -> str:
    """A rule's number as people write it: 25, 2, 0.3 (0,3 in Dutch); never 25.00 or 2.0."""
    return _num(value)


def _pct(value: Decimal) -> str:
    return f"{_num(value)}%"


# --- dates ----------------------------------------------------------------------------

def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _months_on(day: dt.date, months: int) -> dt.date:
    """The day ``months`` whole months after ``day`` begins: the same day of that month, or the
    1st of the next month when that month has no such day (so the months from 31 January end on
    28 February, and a year from 29 February 2024 ends on 28 February 2025)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if day.day <= calendar.monthrange(year, month)[1]:
        return dt.date(year, month, day.day)
    return add_months(dt.date(year, month, 1), 1)


def period_end(start: dt.date, months: int) -> dt.date:
    """The last day of a period of ``months`` whole months from ``start`` (a counting window,
    a vacancy's duration): 1 Mar + 12 is 28 Feb; 31 Jan + 1 is 28 Feb; 29 Feb 2024 + 12 is
    28 Feb 2025. :func:`months_between` counts exactly ``months`` over it."""
    return _months_on(start, months) - dt.timedelta(days=1)


def months_between(start: dt.date, end: dt.date) -> Decimal:
    """Months from ``start`` to ``end`` inclusive: whole calendar months plus a day fraction.

    1 Jan – 30 Jun is 6; 15 Jan – 14 Feb is 1; 1 Jan – 15 Jan is 15/31; 31 Jan – 28 Feb is 1
    (a month from a day that a shorter month lacks ends on that month's last day). The days
    left after the whole months count as a fraction of the calendar month they begin in, to
    4 decimals.
    """
    if end < start:
        return Decimal(0)
    stop = end + dt.timedelta(days=1)
    whole = (stop.year - start.year) * 12 + (stop.month - start.month)
    if _months_on(start, whole) > stop:
        whole -= 1
    anchor = _months_on(start, whole)
    rest = (stop - anchor).days
    if rest == 0:
        return Decimal(whole)
    month_length = calendar.monthrange(anchor.year, anchor.month)[1]
    return Decimal(whole) + (Decimal(rest) / Decimal(month_length)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


# --- valuation ------------------------------------------------------------------------

@dataclass(frozen=True)
class ContributionInput:
    """What a contribution line says, in the terms of the rule set.

    Routes 1 and 2 (a person working or learning) need a ``block`` (or ``target_group``,
    with ``employment_type`` choosing a learning block), ``hours_per_week`` and either
    dates (``start``, ``end`` or ``as_of`` for a placement still running) or ``months``.
    Route 3 needs ``amount_cents`` (the invoice excl. VAT) and the supplier's recognition;
    route 4 an ``activity`` with ``quantity`` (hours/days) or ``amount_cents`` (cost);
    routes 5 and 6 the ``amount_cents`` stated (6 also a ``justification``).
    """

    route: str
    block: str | None = None
    target_group: str | None = None
    employment_type: str | None = None
    hours_per_week: Decimal | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    as_of: dt.date | None = None
    months: Decimal | None = None
    #: The first day of the person's counting window, when it did not begin with this line:
    #: the day after the last benefit (Rijnmond: "up to 3 years after the last benefit"), or
    #: the start of the work when a contractor reports one person in several lines.
    counts_from: dt.date | None = None
    #: The contractor's own full-time hours a year (Friesland), where the rule set takes them
    #: (``full_time.contractor_hours``): they replace the rule set's full time for this line.
    full_time_hours_per_year: Decimal | None = None
    bonuses: tuple[str, ...] = ()
    amount_cents: int | None = None
    activity: str | None = None
    quantity: Decimal | None = None
    supplier_status: str | None = None
    #: The day the supplier's recognition (erkend/aspirant) began: an invoice before it is not
    #: a purchase from a recognised social enterprise.
    supplier_since: dt.date | None = None
    supplier_pso: str | None = None
    justification: str | None = None


@dataclass(frozen=True)
class Valuation:
    """A contribution's value in cents with the arithmetic in words."""

    value_cents: int
    explanation: str
    rule_set: str
    block: str | None = None
    counted_months: Decimal | None = None
    window_ends: dt.date | None = None
    window_reached: bool = False

    @property
    def value(self) -> Decimal:
        return cents_to_euros(self.value_cents)


def _resolve_block(rule_set: RuleSet, item: ContributionInput) -> Block:
    if item.employment_type is not None and item.employment_type not in EMPLOYMENT_TYPE_NAMES:
        raise ValuationError(t("valuation.error.employment_type", value=item.employment_type,
                               known=", ".join(EMPLOYMENT_TYPE_NAMES)))
    if item.block:
        block = rule_set.blocks.get(item.block)
        if block is None:
            known = ", ".join(rule_set.blocks) or t("valuation.none")
            raise ValuationError(t("valuation.error.no_block", name=rule_set.name, block=item.block, known=known))
        return block
    if item.target_group:
        return rule_set.block_for(item.target_group, item.employment_type)
    raise ValuationError(t("valuation.error.needs_group_or_block"))


def _counted_period(block: Block, item: ContributionInput) -> tuple[Decimal, dt.date | None, bool, str]:
    """Months that count, the end of the counting window, whether it was reached, and a note."""
    window = block.window_months
    if item.months is not None:
        if item.months < 0:
            raise ValuationError(t("valuation.error.months_negative"))
        if window is not None and item.months > window:
            return Decimal(window), None, True, t("valuation.window_capped", months=window)
        return item.months, None, False, ""
    if item.start is None:
        raise ValuationError(t("valuation.error.needs_start"))
    last_day = item.end or item.as_of
    if last_day is None:
        raise ValuationError(t("valuation.error.needs_end"))
    anchor = item.counts_from or item.start
    window_ends = period_end(anchor, window) if window is not None else None
    reached = window_ends is not None and last_day > window_ends
    counted_end = min(last_day, window_ends) if window_ends is not None else last_day
    note = ""
    if reached and window_ends and item.counts_from is not None:
        note = t("valuation.window_reached_from", months=window, start=anchor.isoformat(), date=window_ends.isoformat())
    elif reached and window_ends:
        note = t("valuation.window_reached", months=window, date=window_ends.isoformat())
    return months_between(item.start, counted_end), window_ends, reached, note


def value_contribution(rule_set: RuleSet, item: ContributionInput) -> Valuation:
    """Value one contribution line under ``rule_set``: the one place this is computed."""
    if item.route in ("1", "2") and item.activity is None:
        return _value_person(rule_set, item)
    if item.route == "3":
        return _value_purchase(rule_set, item)
    if item.route in ("2", "4") or item.activity is not None:
        return _value_activity(rule_set, item)
    if item.route in ("5", "6"):
        return _value_stated(rule_set, item)
    raise ValuationError(t("error.route", route=item.route))


def _value_person(rule_set: RuleSet, item: ContributionInput) -> Valuation:
    block = _resolve_block(rule_set, item)
    ft = rule_set.full_time
    if item.hours_per_week is None or item.hours_per_week < 0:
        raise ValuationError(t("valuation.error.needs_hours"))
    hours = item.hours_per_week
    months, window_ends, reached, window_note = _counted_period(block, item)
    notes = [window_note] if window_note else []
    if hours < ft.min_hours_per_week:
        text = t("valuation.below_minimum_hours", label=block.label, hours=_num(hours), minimum=_num(ft.min_hours_per_week))
        return Valuation(0, text, rule_set.name, block.name, months, window_ends, reached)
    h, m = t("valuation.h"), t("valuation.months")
    own = item.full_time_hours_per_year
    if own is not None and (not ft.contractor_hours or own <= 0):
        raise ValuationError(t("valuation.error.own_full_time", name=rule_set.name, hours=_num(own)))
    if own is not None:
        # the share of a full year: hours a year worked over the contractor's full-time hours a year
        share_top, share_bottom = hours * 52, own
        if share_top > own:
            notes.append(t("valuation.hours_capped_year", hours=_num(hours), full=_num(own)))
            share_top = own
        share = f"{_num(share_top)}/{_num(own)} {h}/{t('valuation.yr')}"
    else:
        if hours > ft.hours_per_week:
            notes.append(t("valuation.hours_capped", hours=_num(hours), full=_num(ft.hours_per_week)))
            hours = ft.hours_per_week
        share_top, share_bottom = hours, ft.hours_per_week
        share = f"{_num(hours)}/{_num(ft.hours_per_week)} {h}"
    weeks_per_year = (ft.hours_per_year / ft.hours_per_week) if ft.hours_per_year else Decimal(52)
    # one division at the end: an intermediate quotient would round before the cent rule does
    if own is not None:
        hours_worked = share_top * months / TWELVE
    else:
        hours_worked = (hours * (ft.hours_per_year or Decimal(52) * ft.hours_per_week) * months) / (ft.hours_per_week * TWELVE)

    parts: list[tuple[int, str]] = []
    if ft.basis == "hourly":
        assert block.per_hour is not None  # the loader insists on it
        base = to_cents(block.per_hour * hours_worked.quantize(CENT, rounding=ROUND_HALF_UP))
        parts.append((base, (
            f"{block.label} {_eur(block.per_hour)}/{h} × {_num(hours)} {h}/{t('valuation.wk')} × "
            f"{_num(weeks_per_year)} {t('valuation.wk')}/{t('valuation.yr')} × {_num(months)}/12 {m} "
            f"= {_num(hours_worked.quantize(CENT, rounding=ROUND_HALF_UP))} {h} × {_eur(block.per_hour)} = {format_eur(base)}"
        )))
    else:
        base = to_cents(block.per_year * share_top * months / (share_bottom * TWELVE))
        parts.append((base, (
            f"{block.label} {_eur(block.per_year)}/{t('valuation.yr')} × {share} "
            f"× {_num(months)}/12 {m} = {format_eur(base)}"
        )))

    seen: set[str] = set()
    for name in item.bonuses:
        if name in seen:
            continue
        seen.add(name)
        bonus = rule_set.bonuses.get(name)
        if bonus is None:
            known = ", ".join(rule_set.bonuses) or t("valuation.none")
            raise ValuationError(t("valuation.error.no_bonus", name=rule_set.name, bonus=name, known=known))
        label = t("valuation.bonus", label=bonus.label)
        if bonus.kind == "per_year":
            assert bonus.per_year is not None
            cents = to_cents(bonus.per_year * share_top * months / (share_bottom * TWELVE))
            text = (f"{label} {_eur(bonus.per_year)}/{t('valuation.yr')} × {share} "
                    f"× {_num(months)}/12 {m} = {format_eur(cents)}")
        elif bonus.kind == "per_hour":
            assert bonus.per_hour is not None
            cents = to_cents(bonus.per_hour * hours_worked.quantize(CENT, rounding=ROUND_HALF_UP))
            text = f"{label} {_num(hours_worked.quantize(CENT, rounding=ROUND_HALF_UP))} {h} × {_eur(bonus.per_hour)} = {format_eur(cents)}"
        elif bonus.kind == "one_off":
            assert bonus.amount is not None
            cents = to_cents(bonus.amount)
            text = f"{label} {t('valuation.one_off')} {format_eur(cents)}"
        else:  # extra_year: one more year of this person's block value
            cents = to_cents(block.per_year * share_top / share_bottom)
            text = (f"{label} {t('valuation.extra_year')} {_eur(block.per_year)} × {share} "
                    f"= {format_eur(cents)}")
        parts.append((cents, text))

    total = sum(cents for cents, _ in parts)
    explanation = "; ".join(text for _, text in parts)
    if len(parts) > 1:
        explanation += f"; {t('valuation.total')} {format_eur(total)}"
    if notes:
        explanation += f" ({'; '.join(notes)})"
    return Valuation(total, explanation, rule_set.name, block.name, months, window_ends, reached)


def _require_amount(item: ContributionInput, what: str) -> int:
    if item.amount_cents is None or item.amount_cents < 0:
        raise ValuationError(t("valuation.needs_amount", what=what))
    return item.amount_cents


def _value_purchase(rule_set: RuleSet, item: ContributionInput) -> Valuation:
    invoice = _require_amount(item, t("valuation.invoice"))
    rules = rule_set.purchasing
    if (item.supplier_status in ("erkend", "aspirant") and item.supplier_since is not None
            and item.start is not None and item.start < item.supplier_since):
        share, why = Decimal(0), t("valuation.not_yet_recognised", date=item.supplier_since.isoformat())
    elif item.supplier_status == "erkend":
        share, why = rules.recognised_share, t("valuation.recognised")
    elif item.supplier_status == "aspirant" and rules.aspirant_share is not None:
        share, why = rules.aspirant_share, t("valuation.aspirant")
    elif item.supplier_pso and item.supplier_pso in rules.pso:
        share, why = rules.pso[item.supplier_pso], t("valuation.pso_level", level=item.supplier_pso)
    else:
        share, why = Decimal(0), t("valuation.not_social_enterprise")
    value = to_cents(Decimal(invoice) * CENT * share)
    text = f"{t('valuation.invoice')} {format_eur(invoice)} {t('valuation.excl_vat')} × {_pct(share * 100)} ({why}) = {format_eur(value)}"
    return Valuation(value, text, rule_set.name)


def _value_activity(rule_set: RuleSet, item: ContributionInput) -> Valuation:
    if not item.activity:
        known = ", ".join(rule_set.activities) or t("valuation.none")
        raise ValuationError(t("valuation.needs_activity", known=known))
    activity = rule_set.activities.get(item.activity)
    if activity is None:
        known = ", ".join(rule_set.activities) or t("valuation.none")
        raise ValuationError(t("valuation.error.no_activity", name=rule_set.name, activity=item.activity, known=known))
    if activity.kind == "at_cost":
        cost = _require_amount(item, t("valuation.cost"))
        value = Decimal(cost) * CENT * activity.multiplier
        text = f"{activity.label} {t('valuation.at_cost')} {format_eur(cost)}"
        if activity.multiplier != 1:
            text += f" × {_num(activity.multiplier)}"
        if activity.maximum is not None and value > activity.maximum:
            value = activity.maximum
            text += f", {t('valuation.at_most')} {_eur(activity.maximum)}"
        cents = to_cents(value)
        return Valuation(cents, f"{text} = {format_eur(cents)}", rule_set.name)
    if item.quantity is None or item.quantity < 0:
        unit = t("valuation.hours") if activity.kind == "per_hour" else t("valuation.days")
        raise ValuationError(t("valuation.needs_quantity", unit=unit, label=activity.label))
    assert activity.amount is not None
    unit = t("valuation.h") if activity.kind == "per_hour" else t("valuation.day")
    cents = to_cents(item.quantity * activity.amount)
    text = f"{activity.label} {_num(item.quantity)} {unit} × {_eur(activity.amount)}/{unit} = {format_eur(cents)}"
    return Valuation(cents, text, rule_set.name)


def _value_stated(rule_set: RuleSet, item: ContributionInput) -> Valuation:
    amount = _require_amount(item, t("valuation.stated_value"))
    rule = rule_set.route_rule(item.route)
    label = rule.label if rule else t(f"route.{item.route}")
    if rule and rule.needs_justification and not (item.justification or "").strip():
        raise ValuationError(t("valuation.needs_justification", label=label))
    if rule and rule.minimum is not None and Decimal(amount) * CENT < rule.minimum:
        raise ValuationError(t("valuation.below_minimum", label=label, amount=format_eur(amount), minimum=_eur(rule.minimum)))
    return Valuation(amount, f"{label} {t('valuation.as_stated')} {format_eur(amount)}", rule_set.name)


# --- obligation -----------------------------------------------------------------------

@dataclass(frozen=True)
class Obligation:
    """A contract's obligation in cents, with how it was set and its share per calendar year."""

    cents: int
    explanation: str
    rule_set: str
    percentage: Decimal
    per_year: tuple[tuple[int, int], ...] = ()

    @property
    def euros(self) -> Decimal:
        return cents_to_euros(self.cents)


def compute_obligation(
    rule_set: RuleSet,
    *,
    kind: str,
    value_cents: int,
    start: dt.date,
    end: dt.date,
    percentage: Decimal | None = None,
    labour_share: Decimal | None = None,
    pso_level: str | None = None,
) -> Obligation:
    """Obligation = percentage × base (contract value excl. VAT, or the labour sum).

    Zero below the kind's threshold; the rule set's lower percentage when the labour share
    is under its limit (unless the contract states a percentage); capped where the rule
    set caps; less the contractor's PSO discount (or nothing when its level is exempt).
    """
    rule = rule_set.obligation.kinds.get(kind)
    if rule is None:
        raise ValuationError(t("valuation.error.no_obligation_rule", name=rule_set.name, kind=kind))
    if labour_share is not None and not Decimal(0) <= labour_share <= Decimal(1):
        raise ValuationError(t("sr.error.labour_share", share=labour_share))
    value = Decimal(value_cents) * CENT
    head = f"{t('obligation.rule_set')} {rule_set.name}"
    if value < rule.threshold:
        text = f"{head}: {t('obligation.below_threshold', value=format_eur(value_cents), threshold=_eur(rule.threshold), kind=kind)}"
        return Obligation(0, text, rule_set.name, Decimal(0), split_per_year(0, start, end))
    if rule.min_term_months is not None and months_between(start, end) < rule.min_term_months:
        text = f"{head}: {t('obligation.short_term', months=_num(months_between(start, end)), minimum=rule.min_term_months, kind=kind)}"
        return Obligation(0, text, rule_set.name, Decimal(0), split_per_year(0, start, end))

    steps: list[str] = []
    if percentage is not None:
        chosen = percentage
        steps.append(t("obligation.percentage_agreed", pct=_pct(chosen)))
    elif (rule_set.obligation.labour_share is not None and labour_share is not None
          and labour_share < rule_set.obligation.labour_share.below):
        chosen = rule_set.obligation.labour_share.percentage
        steps.append(t("obligation.labour_share_switch", share=_pct(labour_share * 100),
                       below=_pct(rule_set.obligation.labour_share.below * 100), pct=_pct(chosen)))
    else:
        chosen = rule.percentage

    if rule_set.obligation.base == "labour_sum":
        if labour_share is None:
            raise ValuationError(t("obligation.needs_labour_share", name=rule_set.name))
        base = value * labour_share
        base_text = f"{t('obligation.labour_sum')} {format_eur(value_cents)} × {_pct(labour_share * 100)} = {_eur(base)}"
    else:
        base = value
        base_text = f"{t('obligation.contract_value')} {format_eur(value_cents)}"
    amount = base * chosen / 100
    text = f"{head}: {base_text}; × {_pct(chosen)} = {_eur(amount)}"

    cap = rule_set.obligation.cap
    if cap is not None and amount > cap:
        amount = cap
        text += f"; {t('obligation.capped', cap=_eur(cap))}"
    if pso_level and pso_level in rule_set.obligation.pso:
        discount = rule_set.obligation.pso[pso_level]
        if discount == "exempt":
            amount = Decimal(0)
            text += f"; {t('obligation.pso_exempt', level=pso_level)}"
        else:
            assert isinstance(discount, Decimal)
            amount = amount * (100 - discount) / 100
            text += f"; {t('obligation.pso_discount', level=pso_level, pct=_pct(discount))} = {_eur(amount)}"
    cents = to_cents(amount)
    if steps:
        text += f" ({'; '.join(steps)})"
    return Obligation(cents, text, rule_set.name, chosen, split_per_year(cents, start, end))


def split_per_year(cents: int, start: dt.date, end: dt.date) -> tuple[tuple[int, int], ...]:
    """The obligation per calendar year, pro rata by days of the term in each year.

    Each year gets its share rounded down to the cent and the last year the remainder,
    so the parts always sum to the whole.
    """
    if end < start:
        return ()
    total_days = (end - start).days + 1
    shares: list[tuple[int, int]] = []
    given = 0
    for year in range(start.year, end.year + 1):
        first = max(start, dt.date(year, 1, 1))
        last = min(end, dt.date(year, 12, 31))
        days = (last - first).days + 1
        share = cents - given if year == end.year else cents * days // total_days
        given += share
        shares.append((year, share))
    return tuple(shares)


# --- status ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Realisation:
    """Approved realisation of one contract after the route caps, with what the caps removed."""

    counted_cents: int
    by_route: Mapping[str, int]
    capped: Mapping[str, int]


def apply_route_caps(rule_set: RuleSet, obligation_cents: int, approved_by_route: Mapping[str, int]) -> Realisation:
    """Sum approved cents per route, counting at most each route's cap (share of the obligation)."""
    counted: dict[str, int] = {}
    capped: dict[str, int] = {}
    for route, cents in sorted(approved_by_route.items()):
        rule = rule_set.route_rule(route)
        if rule is not None and rule.max_share is not None:
            limit = to_cents(Decimal(obligation_cents) * CENT * rule.max_share)
            if cents > limit:
                capped[route] = cents - limit
                cents = limit
        counted[route] = cents
    return Realisation(sum(counted.values()), counted, capped)


def elapsed_share(start: dt.date, end: dt.date, today: dt.date) -> Decimal:
    """How much of the term has passed, 0 to 1 (by days, both ends included)."""
    if today < start:
        return Decimal(0)
    if today >= end:
        return Decimal(1)
    return Decimal((today - start).days + 1) / Decimal((end - start).days + 1)


STATUSES = ("on_track", "at_risk", "overdue", "settled")


def contract_status(
    *, obligation_cents: int, realised_cents: int, start: dt.date, end: dt.date, today: dt.date,
    settled: bool = False, report_missed: bool = False,
) -> tuple[str, int]:
    """(status, expected cents by now): settled; overdue after the end date with a shortfall
    or after a missed report; on track when realised ≥ obligation × elapsed share; else at risk."""
    expected = to_cents(Decimal(obligation_cents) * elapsed_share(start, end, today) * CENT) if obligation_cents else 0
    if settled:
        return "settled", expected
    shortfall = max(0, obligation_cents - realised_cents)
    if (today > end and shortfall > 0) or report_missed:
        return "overdue", expected
    return ("on_track" if realised_cents >= expected else "at_risk"), expected


def penalty_cents(rule_set: RuleSet, shortfall_cents: int, *, best_efforts: bool = False) -> int:
    """What an unfilled obligation can cost (Rijnmond: 125% of the unfilled part); 0 without a rule."""
    percent = rule_set.obligation.penalty_percent
    if percent is None or best_efforts or shortfall_cents <= 0:
        return 0
    return to_cents(Decimal(shortfall_cents) * CENT * percent / 100)


def total_cents(values: Sequence[int]) -> int:
    """Totals are sums of stored cents (never of floats)."""
    return sum(values)
