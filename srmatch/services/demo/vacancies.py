"""Demo vacancies opened by contractors, anchor organisations and social enterprises."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from srmatch.services.demo.common import ContractDraft, DemoContext, VacancyDraft, postcode_letters, stamp, stream, weighted
from srmatch.store.models import ContractStatus, EmploymentType, TargetGroup, VacancyStatus

def build(ctx: DemoContext) -> None:
    rng = stream(ctx.seed, "vacancies")
    today = ctx.today
    live = [c for c in ctx.contracts if c.status != ContractStatus.DRAFT]
    # bigger and running contracts open more vacancies
    weights = [(max(1, c.obligation_cents) ** 0.5) * (3 if c.status == ContractStatus.ACTIVE else 1) for c in live]
    cum_weights = list(itertools.accumulate(weights))
    rotterdam_areas = [a for a in ctx.ref.areas if a.in_rotterdam]
    region_areas = [a for a in ctx.ref.areas if not a.in_rotterdam]
    port_areas = [a for a in ctx.ref.areas if a.in_rotterdam and not a.residential]
    group_values = [g.value for g in TargetGroup]
    rows = []
    for index in range(ctx.n_vacancies):
        vacancy_id = index + 1
        roll = rng.random()
        contract: ContractDraft | None = None
        if roll < 0.85 and live:
            contract = rng.choices(live, cum_weights=cum_weights)[0]
            employer_id = contract.contractor_id
            mix: Sequence[tuple[str, int]] = ctx.ref.sectors[contract.sector][2]
        elif roll < 0.93:
            employer_id, _, mix = rng.choice(ctx.anchors)
        else:
            employer_id, _, jobs, _ = rng.choice(ctx.social_enterprises)
            mix = [(job, 1) for job in jobs]
        occupation = ctx.ref.occupation_by_key[weighted(rng, mix)]
        if occupation.key == "havenarbeider" or (occupation.key == "heftruckchauffeur" and rng.random() < 0.5):
            area = rng.choice(port_areas)
        elif rng.random() < 0.6:
            area = rng.choice(rotterdam_areas)
        else:
            area = rng.choice(region_areas)
        postcode = f"{rng.choice(area.pc4s)} {postcode_letters(rng)}"
        title = rng.choice(occupation.titles)
        if "(m/v/x)" not in title and rng.random() < 0.15:
            title += " (m/v/x)"
        elif rng.random() < 0.08:
            title += " Rotterdam-Zuid" if area.in_zuid else f" {area.name}"

        if contract is not None and contract.status == ContractStatus.ENDED:
            status = VacancyStatus.FILLED if rng.random() < 0.7 else VacancyStatus.CLOSED
        else:
            status = weighted(rng, [(VacancyStatus.OPEN, 75), (VacancyStatus.ON_HOLD, 7),
                                     (VacancyStatus.FILLED, 10), (VacancyStatus.CLOSED, 8)])
        age = {VacancyStatus.OPEN: (1, 120), VacancyStatus.ON_HOLD: (20, 200),
               VacancyStatus.FILLED: (60, 800), VacancyStatus.CLOSED: (60, 900)}[status]
        opened = today - dt.timedelta(days=rng.randint(*age))
        if contract is not None:
            opened = max(opened, contract.start)
            if contract.status == ContractStatus.ENDED:
                opened = max(contract.start, min(opened, contract.end - dt.timedelta(days=30)))
        opened = min(opened, ctx.yesterday)
        closes: dt.date | None
        if status is VacancyStatus.OPEN:
            closes = None if rng.random() < 0.15 else today + dt.timedelta(days=rng.randint(7, 120))
        elif status is VacancyStatus.ON_HOLD:
            closes = None if rng.random() < 0.4 else today + dt.timedelta(days=rng.randint(0, 90))
        else:
            closes = min(ctx.yesterday, opened + dt.timedelta(days=rng.randint(20, 120)))

        employment = weighted(rng, [
            (EmploymentType.FIXED_TERM, 45), (EmploymentType.PERMANENT, 15), (EmploymentType.WORK_EXPERIENCE, 15),
            (EmploymentType.INTERNSHIP, 7), (EmploymentType.BBL, occupation.bbl_weight)])
        if "BBL" in title:
            employment = EmploymentType.BBL
        duration = {EmploymentType.FIXED_TERM: rng.choice((6, 7, 12, 12)), EmploymentType.PERMANENT: None,
                    EmploymentType.BBL: 24, EmploymentType.INTERNSHIP: rng.choice((3, 5, 6)),
                    EmploymentType.WORK_EXPERIENCE: rng.choice((3, 6))}[employment]
        hours = rng.choice(occupation.hours)
        if "24 uur" in title:
            hours = (20, 24)
        elif "32 uur" in title:
            hours = (28, 32)
        elif "20 uur" in title:
            hours = (16, 20)

        positions = weighted(rng, [(1, 55), (2, 20), (3, 12), (4, 7), (5, 6)])
        licence = None
        if occupation.licence and rng.random() < occupation.licence:
            licence = "C" if title.endswith(" C") else "B"
        certificates = [cert for cert, p in occupation.certificates if rng.random() < p]
        if licence == "C":
            certificates.append("code 95")
        demands = [demand for demand, p in occupation.demands if rng.random() < p]
        dutch = rng.choice(("A2", "B1", "B1")) if rng.random() < occupation.dutch_level else None
        skills = rng.sample(occupation.skills, min(len(occupation.skills), rng.randint(2, 4)))
        if rng.random() < 0.4:
            skills.append(rng.choice(ctx.ref.general_skills))
        skills = list(dict.fromkeys(skills))

        eligible: list[str] = []
        roll = rng.random()
        if employment in (EmploymentType.BBL, EmploymentType.INTERNSHIP) and roll < 0.5:
            eligible = [TargetGroup.BBL_BOL_STUDENT.value, TargetGroup.YOUTH_NO_START_QUALIFICATION.value,
                        TargetGroup.VSO_PRO_PUPIL.value]
        elif roll < 0.08:
            eligible = [TargetGroup.BANENAFSPRAAK.value, TargetGroup.WAJONG.value, TargetGroup.WSW.value]
        elif roll < 0.35:
            eligible = sorted(set([TargetGroup.PARTICIPATIEWET.value] + rng.sample(group_values, rng.randint(1, 3))),
                              key=group_values.index)

        employer = ctx.org_names[employer_id]
        place = area.name
        article = "een"
        parts = [f"{employer} zoekt {article} {title.split(' (')[0].lower()} in {place}."]
        parts.append(occupation.tasks + ".")
        parts.append(f"Je werkt {hours[0]} tot {hours[1]} uur per week.")
        if employment is EmploymentType.BBL:
            parts.append("Je combineert werken met een mbo-opleiding (BBL); de werkgever betaalt de opleiding.")
        elif employment is EmploymentType.INTERNSHIP:
            parts.append("Stageplaats voor een leerling uit vso, praktijkonderwijs of mbo.")
        elif employment is EmploymentType.WORK_EXPERIENCE:
            parts.append(f"Werkervaringsplaats van {duration} maanden met begeleiding op de werkvloer.")
        elif employment is EmploymentType.PERMANENT:
            parts.append("Het gaat om een vaste baan.")
        parts.append(rng.choice(ctx.ref.offers))
        if contract is not None:
            parts.append(f"Deze vacature telt mee voor social return in opdracht {ctx.contract_refs[contract.id]}.")
        created_at = stamp(opened, rng)
        rows.append({
            "id": vacancy_id, "reference": f"VAC-{opened.year}-{vacancy_id:06d}", "employer_id": employer_id,
            "contract_id": contract.id if contract else None, "title": title, "occupation_code": None,
            "description": " ".join(parts), "skills": skills, "hours_min": hours[0], "hours_max": hours[1],
            "employment_type": employment.value, "duration_months": duration, "postcode": postcode,
            "positions": positions, "driving_licence": licence, "certificates": certificates, "dutch_level": dutch,
            "physical_demands": demands, "eligible_target_groups": eligible, "status": status.value,
            "opened_on": opened, "closes_on": closes,
            "created_at": created_at, "updated_at": created_at,
        })
        ctx.vacancies.append(VacancyDraft(
            id=vacancy_id, contract_id=contract.id if contract else None, occupation=occupation.key,
            status=status.value, positions=positions, opened_on=opened, closes_on=closes, hours=hours,
            employment_type=employment.value, eligible=tuple(eligible),
        ))
    ctx.rows["vacancy"] = rows

