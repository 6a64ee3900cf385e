"""Demo enforcement steps for contracts that fall behind: reminders, recovery periods, final measures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from srmatch.services.demo.common import ContractDraft, DemoContext, between, stamp, stream
from srmatch.store.models import ContractStatus, EnforcementKind

def build(ctx: DemoContext) -> None:
    rng = stream(ctx.seed, "enforcement")
    today = ctx.today
    yesterday = ctx.yesterday
    rows: list[dict[str, Any]] = []
    finals = (EnforcementKind.WITHHOLDING, EnforcementKind.SETTLEMENT, EnforcementKind.CONTRACTOR_LIST_NOTE,
              EnforcementKind.BEST_EFFORTS_ACCEPTED)
    final_turn = 0
    contract_rows = {row["id"]: row for row in ctx.rows["contract"]}

    def add(contract: ContractDraft, kind: EnforcementKind, day: dt.date, amount: int | None, note: str) -> None:
        rows.append({
            "id": len(rows) + 1, "contract_id": contract.id, "kind": kind.value, "action_date": day,
            "amount_cents": amount, "note": note, "created_by_id": contract.account_manager_id,
            "created_at": stamp(day, rng),
        })

    for contract in ctx.contracts:
        row = contract_rows[contract.id]
        shortfall = contract.obligation_cents - contract.approved_cents
        if contract.status == ContractStatus.ENDED:
            lagging = shortfall > contract.obligation_cents * 0.1
            if lagging and contract.final_due + dt.timedelta(days=15) < today:
                reminder = between(rng, max(contract.start, contract.end - dt.timedelta(days=120)),
                                    contract.end - dt.timedelta(days=30))
                add(contract, EnforcementKind.REMINDER, min(reminder, yesterday), None,
                    "Herinnering: realisatie blijft achter bij de verplichting; graag een plan van aanpak.")
                recovery = between(rng, contract.final_due + dt.timedelta(days=1),
                                    min(yesterday, contract.final_due + dt.timedelta(days=15)))
                recovery_end = recovery + dt.timedelta(days=90)
                add(contract, EnforcementKind.RECOVERY_PERIOD, recovery, None,
                    f"Herstelperiode van drie maanden, tot {recovery_end.isoformat()}.")
                if recovery_end < yesterday:
                    kind = finals[final_turn % len(finals)]
                    final_turn += 1
                    day = between(rng, recovery_end + dt.timedelta(days=1),
                                   min(yesterday, recovery_end + dt.timedelta(days=30)))
                    euros = f"€ {shortfall / 100:,.0f}".replace(",", ".")
                    if kind is EnforcementKind.WITHHOLDING:
                        add(contract, kind, day, shortfall, f"Niet-gerealiseerd bedrag {euros} ingehouden op de laatste betaling.")
                    elif kind is EnforcementKind.SETTLEMENT:
                        amount = int(round(shortfall * 0.75))
                        add(contract, kind, day, amount, "Afkoopsom overeengekomen in een aparte vaststellingsovereenkomst.")
                    elif kind is EnforcementKind.CONTRACTOR_LIST_NOTE:
                        add(contract, kind, day, None, "Aantekening op de leverancierslijst: social return niet nagekomen.")
                    else:
                        add(contract, kind, day, None,
                            "Inspanningen aangetoond (wervingsacties en gesprekken met WSPR); geen sanctie.")
                    if kind is not EnforcementKind.CONTRACTOR_LIST_NOTE:
                        row["status"] = ContractStatus.SETTLED.value
            elif not lagging and contract.final_due + dt.timedelta(days=60) < today and rng.random() < 0.6:
                row["status"] = ContractStatus.SETTLED.value
        elif contract.status == ContractStatus.ACTIVE:
            elapsed = (today - contract.start).days / max(1, (contract.end - contract.start).days)
            expected = contract.obligation_cents * elapsed
            if elapsed >= 0.3 and contract.approved_cents < 0.5 * expected:
                reminder = between(rng, max(contract.start, today - dt.timedelta(days=90)), yesterday)
                add(contract, EnforcementKind.REMINDER, reminder, None,
                    "Tussentijdse rapportage: realisatie loopt achter; voortgangsgesprek ingepland.")
                if rng.random() < 0.4 and reminder < yesterday:
                    day = between(rng, reminder + dt.timedelta(days=1), yesterday)
                    add(contract, EnforcementKind.RECOVERY_PERIOD, day, None,
                        f"Herstelperiode tot {(day + dt.timedelta(days=90)).isoformat()} afgesproken.")
    ctx.rows["enforcement_action"] = rows


