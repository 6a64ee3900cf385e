"""Demo contributions on every route and status, so each contract lands near its planned performance."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from srmatch.services.demo.common import ContractDraft, DemoContext, add_years, between, stamp, stream, weighted
from srmatch.services.demo.valuation import BBL_BLOCK, BLOCKS, HOURLY_ACTIVITY_EUR, PERMANENT_BONUS_EUR
from srmatch.store.models import ContractStatus, ContributionRoute, ContributionStatus, EmploymentType, PlacementStatus, TargetGroup

def build(ctx: DemoContext) -> None:
    rng = stream(ctx.seed, "contributions")
    today = ctx.today
    yesterday = ctx.yesterday
    rows: list[dict[str, Any]] = []
    contracts = {c.id: c for c in ctx.contracts}

    def add(contract: ContractDraft, route: ContributionRoute, status: ContributionStatus, start: dt.date,
            end: dt.date, value_cents: int, *, placement_id: int | None = None, supplier_id: int | None = None,
            activity: str | None = None, hours: float | None = None, evidence: str | None = None,
            note: str | None = None) -> None:
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
        learning = vacancy.employment_type in (EmploymentType.BBL, EmploymentType.INTERNSHIP)
        route = ContributionRoute.LEARN if learning else ContributionRoute.WORK
        year_eur, window = BLOCKS[seeker.target_group]
        if vacancy.employment_type == EmploymentType.BBL:
            year_eur, window = BBL_BLOCK
        elif vacancy.employment_type == EmploymentType.INTERNSHIP:
            year_eur = 7_500 if seeker.target_group == TargetGroup.VSO_PRO_PUPIL else 5_000
        start = row["start_date"]
        end = row["end_date"] or yesterday
        if window is not None:
            end = min(end, add_years(start, window // 12) - dt.timedelta(days=1))
        end = max(start, end)
        days = (end - start).days + 1
        hours_week = row["hours_per_week"] or vacancy.hours[0]
        value = year_eur * 100 * min(hours_week, 36) / 36 * days / 365
        note = None
        if vacancy.employment_type == EmploymentType.PERMANENT and row["status"] == PlacementStatus.SUSTAINED:
            value += PERMANENT_BONUS_EUR * 100
            note = "Inclusief bonus duurzame plaatsing (vast contract)"
        evidence = {ContributionRoute.LEARN: "BBL-praktijkovereenkomst of stageovereenkomst"}.get(
            route, "Arbeidsovereenkomst + loonstroken + doelgroepverklaring")
        status = settle_status(end)
        if (status is ContributionStatus.APPROVED and contract.performance < 1
                and contract.approved_cents + value > targets[contract.id]):
            status = ContributionStatus.SUBMITTED  # a lagging contractor has not proven this one yet
        add(contract, route, status, start, end, int(round(value)), placement_id=row["id"],
            hours=round(hours_week * days / 7, 1), evidence=evidence, note=note)

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

def _extra_line(ctx: DemoContext, rng: random.Random, add: Callable[..., None], contract: ContractDraft, last: dt.date | None,
                status: ContributionStatus, at_most: int | None,
                route: ContributionRoute | None = None, *, exact: bool = False) -> None:
    """One line of routes 1–6 not linked to a placement; approved lines stay within ``at_most``."""
    last = last or min(contract.end, ctx.yesterday)
    if route is None:
        route = weighted(rng, [(ContributionRoute.SOCIAL_PURCHASING, 40), (ContributionRoute.WORK, 15),
                                (ContributionRoute.LEARN, 10), (ContributionRoute.SOCIAL_ACTIVITIES, 15),
                                (ContributionRoute.SOCIAL_INVESTMENT, 10), (ContributionRoute.OPEN_SOCIAL_IMPACT, 10)])
    start = between(rng, contract.start, last - dt.timedelta(days=30))
    end = between(rng, start + dt.timedelta(days=30), min(last, start + dt.timedelta(days=365)))
    place = rng.choice(ctx.ref.places)
    se_id, se_name, _, product = rng.choice(ctx.social_enterprises)
    supplier_id = None
    hours: float | None = None
    note = None
    if route is ContributionRoute.SOCIAL_PURCHASING:
        cap = 150_000_00
        value = rng.randint(2_000_00, 60_000_00)
        supplier_id = se_id
        activity = f"Inkoop {product} bij {se_name}"
        evidence = f"Facturen {start.year} (excl. btw)"
    elif route is ContributionRoute.SOCIAL_ACTIVITIES:
        hours = float(rng.randint(20, 300))
        value = int(hours * HOURLY_ACTIVITY_EUR * 100)
        cap = value
        activity = rng.choice(ctx.ref.social_activities).format(place=place)
        evidence = "Urenregistratie en verslag"
    elif route is ContributionRoute.SOCIAL_INVESTMENT:
        cap = 100_000_00
        value = rng.randint(5_000_00, 50_000_00)
        activity = rng.choice(ctx.ref.social_investments).format(place=place, se=se_name)
        evidence = "Overeenkomst en betaalbewijs"
    elif route is ContributionRoute.OPEN_SOCIAL_IMPACT:
        cap = 75_000_00
        value = rng.randint(2_000_00, 30_000_00)
        activity = rng.choice(ctx.ref.open_social_impact).format(place=place, se=se_name)
        evidence = "Plan van aanpak en eindverslag"
    else:
        group = rng.choice([g for g, _ in ctx.ref.target_group_weights[:7]])
        hours_week = rng.choice((20, 24, 32, 36))
        months = max(1, round((end - start).days / 30.44))
        year_eur = BLOCKS[group][0] if route is ContributionRoute.WORK else BBL_BLOCK[0]
        value = int(year_eur * 100 * hours_week / 36 * months / 12)
        cap = value
        hours = float(hours_week * round((end - start).days / 7))
        if route is ContributionRoute.WORK:
            activity = f"Eigen werving: medewerker uit doelgroep {group.value}, {hours_week} u/week"
            evidence = "Arbeidsovereenkomst + doelgroepverklaring"
        else:
            job = rng.choice(ctx.ref.sectors[contract.sector][2])[0]
            activity = f"BBL-leerwerkplaats {job}"
            evidence = "BBL-praktijkovereenkomst"
        note = "Kandidaat buiten srmatch geworven"
    if at_most is not None:
        planned = value
        value = at_most if exact else min(value, cap, at_most)
        if hours is not None and planned > 0:
            hours = round(hours * value / planned, 1)
    if status is ContributionStatus.REJECTED:
        note = "Afgewezen: bewijs ontbreekt of valt buiten de looptijd"
    add(contract, route, status, start, end, max(0, value), supplier_id=supplier_id, activity=activity[:200],
        hours=hours, evidence=evidence, note=note)

