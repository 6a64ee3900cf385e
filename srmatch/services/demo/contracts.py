"""Demo contracts: values, percentages, terms and obligations (some overridden with a reason)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from srmatch.services.demo.common import ContractDraft, DemoContext, add_years, stamp, stream, weighted
from srmatch.services.rules import rule_set_for
from srmatch.services.valuation import compute_obligation
from srmatch.store.models import ContractKind, ContractStatus

def build(ctx: DemoContext) -> None:
    rng = stream(ctx.seed, "contracts")
    n_contracts = max(20, round(ctx.n_vacancies / 3))
    today = ctx.today
    rows = []
    for index in range(n_contracts):
        contract_id = index + 1
        if rng.random() < 0.7:
            buyer_id, code = ctx.municipality_id, "RTD"
        else:
            anchor_id, code, _ = rng.choice(ctx.anchors)
            buyer_id = anchor_id
        contractor_id, sector = rng.choice(ctx.contractors)
        _, titles, _ = ctx.ref.sectors[sector]
        kind = ContractKind.SERVICES
        if sector == "bouw":
            kind = ContractKind.WORKS
        elif sector == "groen" and rng.random() < 0.3:
            kind = ContractKind.WORKS
        if rng.random() < (0.08 if sector == "bouw" else 0.15):
            kind = ContractKind.SUPPLIES
        roll = rng.random()
        if roll < 0.08:
            value_eur = rng.uniform(50_000, 100_000)
        elif roll < 0.92:
            value_eur = 100_000 * (50 ** rng.random())  # log-uniform €100k–€5M
        else:
            value_eur = 5_000_000 * (5 ** rng.random())  # log-uniform €5M–€25M
        value_cents = int(round(value_eur / 100)) * 100 * 100
        if kind is ContractKind.SUPPLIES:
            percentage = weighted(rng, [(2.0, 5), (3.0, 2), (5.0, 3)])
        else:
            percentage = weighted(rng, [(5.0, 88), (3.0, 6), (2.0, 6)])
        years = weighted(rng, [(1, 30), (2, 30), (3, 20), (4, 20)])
        if index < 6:  # enough contracts that ended long ago, to show the enforcement steps
            end = today - dt.timedelta(days=rng.randint(200, 700))
            start = add_years(end, -years) + dt.timedelta(days=1)
        else:
            start = today - dt.timedelta(days=rng.randint(-60, 1200))
            end = add_years(start, years) - dt.timedelta(days=1)
        if start > today:
            status = ContractStatus.DRAFT
        elif end < today:
            status = ContractStatus.ENDED
        else:
            status = ContractStatus.ACTIVE
        # the obligation as srmatch books it: the rule set in force at the award, the agreed percentage
        rules = rule_set_for(start)
        computed = compute_obligation(rules, kind=kind.value, value_cents=value_cents, start=start, end=end,
                                      percentage=Decimal(str(percentage)))
        obligation = computed.cents
        override = None
        reason = None
        if rng.random() < 0.06:
            reason, factor = rng.choice(ctx.ref.overrides)
            override = int(round(obligation * factor / 10_000)) * 10_000
            obligation = override
        if kind is ContractKind.SUPPLIES:
            title = rng.choice(ctx.ref.supply_titles[sector])
        else:
            title = rng.choice(titles)
        title = title.format(place=rng.choice(ctx.ref.places), n=rng.randint(1, 3), year=start.year, year2=end.year)
        reference = f"{code}-{start.year}-{contract_id:05d}"
        interim_due = add_years(start, 1) if years > 1 else start + dt.timedelta(days=182)
        final_due = end + dt.timedelta(days=30)
        manager = ctx.account_managers[index % len(ctx.account_managers)]
        if status is ContractStatus.ENDED:
            performance = (0.3, 0.55, 0.15, 0.45, 0.0, 0.7)[index] if index < 6 else weighted(
                rng, [(1.05, 45), (0.9, 10), (0.6, 20), (0.3, 15), (0.0, 10)])
        elif index in (6, 7):
            performance = 0.2
        else:
            performance = weighted(rng, [(1.3, 20), (1.0, 35), (0.7, 20), (0.4, 15), (0.1, 10)])
        rows.append({
            "id": contract_id, "reference": reference, "title": title, "buyer_id": buyer_id,
            "contractor_id": contractor_id, "kind": kind.value, "value_cents": value_cents,
            "percentage": percentage, "obligation_override_cents": override, "override_reason": reason,
            "start_date": start, "end_date": end, "interim_report_due": interim_due, "final_report_due": final_due,
            "account_manager_id": manager, "status": status.value,
            "awarded_on": start, "rule_set": rules.name, "percentage_agreed": True,
            "obligation_cents": computed.cents, "obligation_explanation": computed.explanation,
            "last_report_on": None,  # set by the contributions builder: the contractor's latest report
            "created_at": stamp(min(start, today) - dt.timedelta(days=rng.randint(14, 60)), rng),
        })
        ctx.contract_refs[contract_id] = reference
        ctx.contracts.append(ContractDraft(
            id=contract_id, buyer_id=buyer_id, contractor_id=contractor_id, sector=sector, start=start, end=end,
            final_due=final_due, obligation_cents=obligation, account_manager_id=manager, status=status.value,
            performance=performance,
        ))
    ctx.rows["contract"] = rows

