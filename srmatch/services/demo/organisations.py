"""Demo organisations: the municipality, anchor organisations, social enterprises and contractors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from srmatch.services.demo.common import DemoContext, stamp, stream, weighted
from srmatch.store.models import PsoLevel, SocialEnterpriseStatus

def build(ctx: DemoContext) -> None:
    rng = stream(ctx.seed, "organisations")
    n_contracts = max(20, round(ctx.n_vacancies / 3))
    n_contractors = max(30, n_contracts // 12)
    n_social = 52
    total = 1 + len(ctx.ref.anchors) + n_social + n_contractors
    kvk_numbers = rng.sample(range(20_000_000, 99_999_999), total)
    rows: list[dict[str, Any]] = []

    def add(name: str, municipality: str, **flags: Any) -> int:
        org_id = len(rows) + 1
        row = {
            "id": org_id, "name": name, "kvk_number": f"{kvk_numbers[org_id - 1]:08d}",
            "is_contracting_authority": False, "is_anchor": False, "is_contractor": False,
            "is_social_enterprise": False, "social_enterprise_status": None, "social_enterprise_since": None,
            "pso_level": None, "municipality": municipality,
            "created_at": stamp(ctx.today - dt.timedelta(days=rng.randint(400, 1500)), rng),
        }
        row.update(flags)
        rows.append(row)
        ctx.org_names[org_id] = name
        return org_id

    ctx.municipality_id = add("Gemeente Rotterdam", "Rotterdam", is_contracting_authority=True)
    for name, code, municipality, mix in ctx.ref.anchors:
        org_id = add(name, municipality, is_anchor=True, is_contracting_authority=True)
        ctx.anchors.append((org_id, code, mix))

    se_names = [f"{activity} {name}" for activity, _, _ in ctx.ref.se_activities for name in ctx.ref.se_names]
    se_activity = {f"{activity} {name}": (product, jobs) for activity, product, jobs in ctx.ref.se_activities for name in ctx.ref.se_names}
    se_areas = [area for area in ctx.ref.areas if area.residential]
    city_areas = [area for area in se_areas if area.in_rotterdam]
    for position, name in enumerate(rng.sample(se_names, n_social)):
        aspirant = position % 9 == 4  # a few aspirant, most recognised
        status = SocialEnterpriseStatus.ASPIRANT if aspirant else SocialEnterpriseStatus.RECOGNISED
        since = ctx.today - dt.timedelta(days=rng.randint(60, 400) if aspirant else rng.randint(200, 3000))
        area = rng.choice(city_areas) if rng.random() < 0.75 else rng.choice(se_areas)
        municipality = "Rotterdam" if area.in_rotterdam else area.name
        product, jobs = se_activity[name]
        org_id = add(name, municipality, is_social_enterprise=True, social_enterprise_status=status.value,
                     social_enterprise_since=since,
                     pso_level=PsoLevel.PSO_30_PLUS.value if rng.random() < 0.3 else None)
        ctx.social_enterprises.append((org_id, name, jobs, product))

    sectors = list(ctx.ref.sectors)
    used: set[str] = set()
    pso_levels = [(PsoLevel.ASPIRANT, 2), (PsoLevel.BASE, 3), (PsoLevel.STEP_1, 3), (PsoLevel.STEP_2, 2),
                  (PsoLevel.STEP_3, 1)]
    region = [area.name for area in ctx.ref.areas if not area.in_rotterdam and area.residential]
    for index in range(n_contractors):
        sector = sectors[index % len(sectors)]
        templates = ctx.ref.sectors[sector][0]
        name = ""
        for attempt in range(40):
            name = rng.choice(templates).format(stem=rng.choice(ctx.ref.contractor_stems))
            if attempt >= 20:
                name = f"{name} {rng.choice(region)}"
            if name not in used:
                break
        if name in used:
            name = f"{name} {index}"
        used.add(name)
        municipality = "Rotterdam" if rng.random() < 0.6 else rng.choice(region)
        pso = weighted(rng, pso_levels).value if rng.random() < 0.35 else None
        org_id = add(name, municipality, is_contractor=True, pso_level=pso)
        ctx.contractors.append((org_id, sector))
    ctx.rows["organisation"] = rows

