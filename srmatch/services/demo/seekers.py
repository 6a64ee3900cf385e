"""Demo job seekers: target groups, wishes, skills, restrictions, and some stale or incomplete profiles."""

from __future__ import annotations

import datetime as dt

from srmatch.services.demo.common import DemoContext, SeekerDraft, stamp, stream, weighted
from srmatch.store.models import SeekerStatus

def build(ctx: DemoContext) -> None:
    rng = stream(ctx.seed, "seekers")
    today = ctx.today
    n = ctx.n_seekers
    numbers = rng.sample(range(1_000_000, 10_000_000), n)
    groups = [g for g, _ in ctx.ref.target_group_weights]
    group_weights = [w for _, w in ctx.ref.target_group_weights]
    zuid = [a for a in ctx.ref.areas if a.in_zuid and a.residential]
    north = [a for a in ctx.ref.areas if a.in_rotterdam and not a.in_zuid and a.residential]
    region = [a for a in ctx.ref.areas if not a.in_rotterdam and a.residential]
    keys = [k for k, _ in ctx.ref.popularity]
    key_weights = [w for _, w in ctx.ref.popularity]
    restrictions = [r for r, _ in ctx.ref.restriction_weights]
    restriction_weights = [w for _, w in ctx.ref.restriction_weights]
    rows = []
    for index in range(n):
        seeker_id = index + 1
        group = groups[index] if index < len(groups) else rng.choices(groups, weights=group_weights)[0]
        first = rng.choice(ctx.ref.first_names)
        last = rng.choice(ctx.ref.surnames)
        roll = rng.random()
        area = rng.choice(zuid) if roll < 0.35 else rng.choice(north) if roll < 0.78 else rng.choice(region)
        postcode = f"{rng.choice(area.pc4s)}"
        email = None
        if rng.random() < 0.75:
            local = f"{first}.{last.split()[-1]}".lower()
            local = "".join(ch for ch in local if ch.isascii() and (ch.isalnum() or ch == "."))
            email = f"{local}{rng.randint(1, 99)}@{rng.choice(ctx.ref.mail_domains)}"
        phone = f"06 {rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.85 else None
        evidence = ctx.ref.evidence[group] if rng.random() < 0.92 else None
        evidence_date = today - dt.timedelta(days=rng.randint(5, 900)) if evidence else None
        rung = weighted(rng, [(1, 3), (2, 10), (3, 25), (4, 30), (5, 22), (6, 10)])
        desired_keys = list(dict.fromkeys(rng.choices(keys, weights=key_weights, k=rng.randint(1, 3))))
        if rng.random() < 0.05:
            desired_keys = []
        desired = [rng.choice(ctx.ref.occupation_by_key[k].seeker_terms) if rng.random() < 0.4 else k for k in desired_keys]
        experience_keys = [k for k in desired_keys if rng.random() < 0.5]
        experience = experience_keys + [rng.choice(ctx.ref.other_experience) for _ in range(rng.randint(0, 2))]
        experience = list(dict.fromkeys(experience))
        pool = [s for k in desired_keys for s in ctx.ref.occupation_by_key[k].skills] or list(ctx.ref.general_skills)
        skills = list(dict.fromkeys(rng.sample(pool, min(len(pool), rng.randint(1, 4)))
                                    + rng.sample(ctx.ref.general_skills, rng.randint(0, 2))))
        certificates = []
        for cert, p in ctx.ref.seeker_certificates:
            if rng.random() < p:
                certificates.append(cert)
        licences = []
        if rng.random() < 0.3:
            licences.append("B")
            if rng.random() < 0.1:
                licences.append("C")
                certificates.append("code 95")
        elif rng.random() < 0.06:
            licences.append("AM")
        hours = rng.choice(((8, 16), (12, 20), (16, 24), (20, 32), (24, 36), (32, 40)) if rung >= 3
                           else ((8, 16), (12, 20), (16, 24)))
        max_km = float(rng.choice((5, 8, 10, 10, 15, 15, 20, 25, 30)))
        travels = rng.random() < 0.85
        work_restrictions = []
        if rng.random() < 0.25:
            work_restrictions = list(dict.fromkeys(
                rng.choices(restrictions, weights=restriction_weights, k=rng.randint(1, 2))))
        available = (today - dt.timedelta(days=rng.randint(0, 200)) if rng.random() < 0.8
                     else today + dt.timedelta(days=rng.randint(1, 90)))
        caseworker = ctx.caseworkers[rng.randrange(len(ctx.caseworkers))]
        status = weighted(rng, [(SeekerStatus.ACTIVE, 88), (SeekerStatus.PAUSED, 7), (SeekerStatus.LEFT, 5)])
        consent = rng.random() < 0.7
        roll = rng.random()
        if roll < 0.03:
            last_contact = None
        elif roll < 0.18:
            last_contact = today - dt.timedelta(days=rng.randint(190, 500))  # stale profile
        else:
            last_contact = today - dt.timedelta(days=rng.randint(1, 150))
        created_day = today - dt.timedelta(days=rng.randint(150, 1200))
        if last_contact is not None:
            created_day = min(created_day, last_contact)
        updated_day = last_contact or created_day
        rows.append({
            "id": seeker_id, "client_number": f"KL{numbers[index]:07d}", "display_name": f"{first} {last}",
            "email": email, "phone": phone, "postcode": postcode, "target_group": group.value,
            "target_group_evidence": evidence, "target_group_evidence_date": evidence_date, "ladder_rung": rung,
            "desired_occupations": desired, "experience": experience, "skills": skills,
            "certificates": certificates, "driving_licences": licences, "hours_min": hours[0],
            "hours_max": hours[1], "max_travel_km": max_km, "travels_independently": travels,
            "work_restrictions": work_restrictions, "available_from": available, "caseworker_id": caseworker,
            "status": status.value, "consent_anonymous_profile": consent, "last_contact_on": last_contact,
            "created_at": stamp(created_day, rng), "updated_at": stamp(updated_day, rng, 17, 18),
        })
        ctx.seekers.append(SeekerDraft(
            id=seeker_id, target_group=group.value, status=status.value, caseworker_id=caseworker,
            desired=tuple(desired_keys), experience=tuple(experience_keys), hours=hours, max_km=max_km,
        ))
    ctx.rows["job_seeker"] = rows

