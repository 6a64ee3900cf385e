"""Demo contributions on every route and status, so each contract lands near its planned performance.

Every value comes from the contract's rule set through ``srmatch.services.valuation.value_contribution``,
the one function the books use; the demo holds no amount of its own.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from srmatch.services.demo.common import ContractDraft, DemoContext, add_years, between, stamp, stream, weighted
from srmatch.services.rules import RuleSet, rule_set_for
from srmatch.services.valuation import ContributionInput, Valuation, value_contribution
from srmatch.store.models import ContractStatus, ContributionRoute, ContributionStatus, EmploymentType, PlacementStatus

#: Columns every contribution row carries (one executemany needs the same keys in each row).
_VALUATION_COLUMNS = ("block", "hours_per_week", "bonuses", "amount_cents", "activity_kind", "quantity",
                      "value_explanation", "justification")


def rules_of(contract: ContractDraft) -> RuleSet:
    """The rule set the contract is booked under (the one in force at its award)."""
    return rule_set_for(contract.start)

def build(ctx: DemoContext) -> None:
    rng = stream(ctx.seed, "contributions")
    today = ctx.today
    yesterday = ctx.yesterday
    rows: list[dict[str, Any]] = []
    contracts = {c.id: c for c in ctx.contracts}

    def add(contract: ContractDraft, route: ContributionRoute, status: ContributionStatus, start: dt.date,
            end: dt.date, value_cents: int, *, placement_id: int | None = None, supplier_id: int | None = None,
            activity: str | None = None, hours: float | None = None, evidence: str | None = None,
            note: str | None = None, **valuation: Any) -> None:
        approved_by = approved_at = None
        if status in (ContributionStatus.APPROVED, ContributionStatus.REJECTED):
            day = min(yesterday, end + dt.timedelta(days=rng.randint(7, 40)))
            approved_by, approved_at = contract.account_manager_id, stamp(day, rng)
            if status is ContributionStatus.APPROVED:
                contract.approved_cents += value_cents
        rows.append({
            "id": len(rows) + 1, "contract_id": contract.id, "route": route.value, "placement_id": placement_id,
            "supplier_id": supplier_id, "activity": activity, "period_start": start, "period_end": end,
            "hours": hours, "evidence": evidence, "value_cents": value_cents, "status": status.value,
            "approved_by_id": approved_by, "approved_at": approved_at, "note": note,
            "created_at": stamp(min(yesterday, end + dt.timedelta(days=rng.randint(1, 6))), rng),
            **{column: valuation.get(column, [] if column == "bonuses" else None) for column in _VALUATION_COLUMNS},
        })

    def settle_status(end: dt.date) -> ContributionStatus:
        if (today - end).days > 60:
            return weighted(rng, [(ContributionStatus.APPROVED, 80), (ContributionStatus.SUBMITTED, 14),
                                   (ContributionStatus.REJECTED, 6)])
        return weighted(rng, [(ContributionStatus.DRAFT, 40), (ContributionStatus.SUBMITTED, 45),
                               (ContributionStatus.APPROVED, 15)])

    # What each contract should have approved by now, given its planned performance.
    targets: dict[int, int] = {}
    for contract in ctx.contracts:
        if contract.status == ContractStatus.DRAFT:
            targets[contract.id] = 0
            continue
        elapsed = 1.0 if contract.end < today else (today - contract.start).days / max(
            1, (contract.end - contract.start).days)
        targets[contract.id] = int(contract.obligation_cents * elapsed * contract.performance)

    # Routes 1 and 2 from the placements themselves.
    for item in ctx.placements:
        row, seeker, vacancy = item["row"], item["seeker"], item["vacancy"]
        if row["start_date"] is None or vacancy.contract_id is None or rng.random() > 0.8:
            continue
        contract = contracts[vacancy.contract_id]
        rules = rules_of(contract)
        start = row["start_date"]
        end = max(start, row["end_date"] or yesterday)
        hours_week = row["hours_per_week"] or vacancy.hours[0]
        note = None
        bonuses: tuple[str, ...] = ()
        if vacancy.employment_type == EmploymentType.PERMANENT and row["status"] == PlacementStatus.SUSTAINED:
            bonuses = tuple(name for name, bonus in rules.bonuses.items() if bonus.condition == "permanent_contract")
            note = "Inclusief bonus duurzame plaatsing (vast contract)" if bonuses else None
        valued = value_contribution(rules, ContributionInput(
            route="1", target_group=seeker.target_group, employment_type=vacancy.employment_type,
            hours_per_week=Decimal(hours_week), start=start, end=end, bonuses=bonuses))
        route = ContributionRoute(rules.blocks[valued.block].route if valued.block else "1")
        value = valued.value_cents
        evidence = {ContributionRoute.LEARN: "BBL-praktijkovereenkomst of stageovereenkomst"}.get(
            route, "Arbeidsovereenkomst + loonstroken + doelgroepverklaring")
        status = settle_status(end)
        if (status is ContributionStatus.APPROVED and contract.performance < 1
                and contract.approved_cents + value > targets[contract.id]):
            status = ContributionStatus.SUBMITTED  # a lagging contractor has not proven this one yet
        days = (end - start).days + 1
        add(contract, route, status, start, end, value, placement_id=row["id"],
            hours=round(hours_week * days / 7, 1), evidence=evidence, note=note, **_columns(valued),
            block=valued.block, hours_per_week=float(hours_week), bonuses=list(bonuses))

    # Other routes, so each contract lands near its planned performance.
    for contract in ctx.contracts:
        if contract.status == ContractStatus.DRAFT:
            continue
        last = min(contract.end, yesterday)
        if (last - contract.start).days < 30:
            continue
        target = targets[contract.id]
        lines = 0
        while target - contract.approved_cents >= 100_00 and lines < 12:
            remaining = target - contract.approved_cents
            lines += 1
            _extra_line(ctx, rng, add, contract, last, ContributionStatus.APPROVED, remaining, exact=lines == 12)
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            status = weighted(rng, [(ContributionStatus.DRAFT, 35), (ContributionStatus.SUBMITTED, 40),
                                     (ContributionStatus.REJECTED, 25)])
            _extra_line(ctx, rng, add, contract, last, status, None)

    # Make sure every route and status shows up, even in a tiny dataset.
    live = [c for c in ctx.contracts if c.status != ContractStatus.DRAFT and (min(c.end, yesterday) - c.start).days >= 30]
    if live:
        for route in ContributionRoute:
            if not any(row["route"] == route.value for row in rows):
                _extra_line(ctx, rng, add, rng.choice(live), None, ContributionStatus.SUBMITTED, None, route)
        for status in ContributionStatus:
            if not any(row["status"] == status.value for row in rows):
                _extra_line(ctx, rng, add, rng.choice(live), None, status, None)
    ctx.rows["contribution"] = rows
    # A contractor that handed in lines has reported: its latest line is its latest report.
    reported: dict[int, dt.date] = {}
    for line in rows:
        if line["status"] != ContributionStatus.DRAFT.value:
            day = line["created_at"].date()
            reported[line["contract_id"]] = max(day, reported.get(line["contract_id"], day))
    for contract_row in ctx.rows["contract"]:
        contract_row["last_report_on"] = reported.get(contract_row["id"])

def _columns(valued: Valuation, **extra: Any) -> dict[str, Any]:
    """The valuation columns of a row: the arithmetic in words and what it was computed from."""
    return {"value_explanation": valued.explanation, **extra}


def _extra_line(ctx: DemoContext, rng: random.Random, add: Callable[..., None], contract: ContractDraft, last: dt.date | None,
                status: ContributionStatus, at_most: int | None,
                route: ContributionRoute | None = None, *, exact: bool = False) -> None:
    """One line of routes 1–6 not linked to a placement; approved lines stay within ``at_most``.

    The line is sized in the route's own terms (invoice, hours, months, stated value) and then
    valued by the contract's rule set, so its value is exactly what the books would give it.
    """
    rules = rules_of(contract)
    last = last or min(contract.end, ctx.yesterday)
    if route is None:
        route = weighted(rng, [(ContributionRoute.SOCIAL_PURCHASING, 40), (ContributionRoute.WORK, 15),
                                (ContributionRoute.LEARN, 10), (ContributionRoute.SOCIAL_ACTIVITIES, 15),
                                (ContributionRoute.SOCIAL_INVESTMENT, 10), (ContributionRoute.OPEN_SOCIAL_IMPACT, 10)])
    start = between(rng, contract.start, last - dt.timedelta(days=30))
    end = between(rng, start + dt.timedelta(days=30), min(last, start + dt.timedelta(days=365)))
    place = rng.choice(ctx.ref.places)
    status_of = {row["id"]: row.get("social_enterprise_status") for row in ctx.rows["organisation"]}
    recognised = [se for se in ctx.social_enterprises if status_of.get(se[0]) == "erkend"] or ctx.social_enterprises
    se_id, se_name, _, product = rng.choice(recognised)
    supplier_id = None
    hours: float | None = None
    note = None
    justification = None

    def limit(planned: int, cap: int) -> float:
        """The share of the planned line that fits under ``at_most`` (1 when it all fits)."""
        if at_most is None or planned <= 0:
            return 1.0
        wanted = at_most if exact else min(planned, cap, at_most)
        return max(0.0, wanted / planned)

    if route in (ContributionRoute.SOCIAL_PURCHASING, ContributionRoute.SOCIAL_INVESTMENT,
                 ContributionRoute.OPEN_SOCIAL_IMPACT):
        if route is ContributionRoute.SOCIAL_PURCHASING:
            cap, planned = 150_000_00, rng.randint(2_000_00, 60_000_00)
            supplier_id = se_id
            activity = f"Inkoop {product} bij {se_name}"
            evidence = f"Facturen {start.year} (excl. btw)"
        elif route is ContributionRoute.SOCIAL_INVESTMENT:
            cap, planned = 100_000_00, rng.randint(5_000_00, 50_000_00)
            activity = rng.choice(ctx.ref.social_investments).format(place=place, se=se_name)
            evidence = "Overeenkomst en betaalbewijs"
        else:
            cap, planned = 75_000_00, rng.randint(2_000_00, 30_000_00)
            activity = rng.choice(ctx.ref.open_social_impact).format(place=place, se=se_name)
            evidence = "Plan van aanpak en eindverslag"
            justification = activity
        amount = int(planned * limit(planned, cap))
        rule = rules.route_rule(route.value)
        if rule is not None and rule.minimum is not None:
            amount = max(amount, int(rule.minimum * 100))  # the rule set's least value per line
        valued = value_contribution(rules, ContributionInput(
            route=route.value, amount_cents=max(0, amount), supplier_status="erkend" if supplier_id else None,
            justification=justification))
        extra = _columns(valued, amount_cents=max(0, amount), justification=justification)
    elif route is ContributionRoute.SOCIAL_ACTIVITIES:
        name, activity_rule = next((n, a) for n, a in rules.activities.items() if a.kind == "per_hour")
        assert activity_rule.amount is not None
        planned_hours = rng.randint(20, 300)
        planned = int(planned_hours * activity_rule.amount * 100)
        hours = float(max(1, round(planned_hours * limit(planned, planned))))
        valued = value_contribution(rules, ContributionInput(route="4", activity=name, quantity=Decimal(int(hours))))
        activity = rng.choice(ctx.ref.social_activities).format(place=place)
        evidence = "Urenregistratie en verslag"
        extra = _columns(valued, activity_kind=name, quantity=hours)
    else:
        group = rng.choice([g for g, _ in ctx.ref.target_group_weights[:7]])
        hours_week = rng.choice((20, 24, 32, 36))
        employment = None if route is ContributionRoute.WORK else EmploymentType.BBL.value
        months = Decimal(max(1, round((end - start).days / 30.44)))

        def person(months: Decimal) -> Valuation:
            return value_contribution(rules, ContributionInput(
                route=route.value, target_group=group, employment_type=employment,
                hours_per_week=Decimal(hours_week), months=months))

        planned = person(months).value_cents
        share = limit(planned, planned)
        if share < 1:
            months = (months * Decimal(str(share))).quantize(Decimal("0.01"))
        valued = person(months)
        hours = float(hours_week * round((end - start).days / 7))
        if route is ContributionRoute.WORK:
            activity = f"Eigen werving: medewerker uit doelgroep {group.value}, {hours_week} u/week"
            evidence = "Arbeidsovereenkomst + doelgroepverklaring"
        else:
            job = rng.choice(ctx.ref.sectors[contract.sector][2])[0]
            activity = f"BBL-leerwerkplaats {job}"
            evidence = "BBL-praktijkovereenkomst"
        note = "Kandidaat buiten srmatch geworven"
        extra = _columns(valued, block=valued.block, hours_per_week=float(hours_week))
    if status is ContributionStatus.REJECTED:
        note = "Afgewezen: bewijs ontbreekt of valt buiten de looptijd"
    add(contract, route, status, start, end, valued.value_cents, supplier_id=supplier_id, activity=activity[:200],
        hours=hours, evidence=evidence, note=note, **extra)
