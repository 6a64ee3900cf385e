"""Demo placements through every workflow status, keeping the rules of DESIGN.md §4.

A job seeker has at most one started-or-sustained placement and is then "placed"; a vacancy
never has more of those than positions; a proposal is never reviewed by its proposer and only
team leads review."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from srmatch.formatting import format_number
from srmatch.i18n import t
from srmatch.services.placements import reasons
from srmatch.services.demo.common import DemoContext, SeekerDraft, VacancyDraft, between, stamp, stream
from srmatch.store.models import EmploymentType, PlacementStatus, SeekerStatus, VacancyStatus

#: How often each status occurs (relative weights); every status occurs at least once.
PLACEMENT_WEIGHTS: tuple[tuple[PlacementStatus, int], ...] = (
    (PlacementStatus.PROPOSED, 15), (PlacementStatus.NEEDS_INFO, 5), (PlacementStatus.APPROVED, 8),
    (PlacementStatus.REJECTED, 12), (PlacementStatus.INTRODUCED, 10), (PlacementStatus.NOT_HIRED, 9),
    (PlacementStatus.WITHDRAWN, 9), (PlacementStatus.STARTED, 10), (PlacementStatus.SUSTAINED, 12),
    (PlacementStatus.ENDED, 10),
)
WORKING = (PlacementStatus.STARTED, PlacementStatus.SUSTAINED)
PIPELINE = (PlacementStatus.PROPOSED, PlacementStatus.NEEDS_INFO, PlacementStatus.APPROVED, PlacementStatus.INTRODUCED)

def build(ctx: DemoContext) -> None:
    rng = stream(ctx.seed, "placements")
    rows: list[dict[str, Any]] = []
    ctx.rows["placement"] = rows
    if not ctx.seekers or not ctx.vacancies:
        return
    today = ctx.today
    total = min(round(len(ctx.seekers) * 0.45), len(ctx.vacancies) * 8)
    statuses = [status for status, _ in PLACEMENT_WEIGHTS][: min(total, len(PLACEMENT_WEIGHTS))]
    statuses += rng.choices([s for s, _ in PLACEMENT_WEIGHTS], weights=[w for _, w in PLACEMENT_WEIGHTS],
                            k=max(0, total - len(statuses)))
    order = {s: i for i, s in enumerate((*WORKING, PlacementStatus.ENDED, *PIPELINE, PlacementStatus.REJECTED,
                                         PlacementStatus.NOT_HIRED, PlacementStatus.WITHDRAWN))}
    statuses.sort(key=order.__getitem__)  # working first: they need free positions and free people

    by_occupation: dict[str, list[int]] = {}
    for index, seeker in enumerate(ctx.seekers):
        for key in seeker.desired:
            by_occupation.setdefault(key, []).append(index)
    filled_slots: list[int] = []
    other_slots: list[int] = []
    for index, vacancy in enumerate(ctx.vacancies):
        if vacancy.status == VacancyStatus.FILLED:
            filled_slots += [index] * vacancy.positions
        elif vacancy.status == VacancyStatus.OPEN:
            other_slots += [index] * rng.randint(0, vacancy.positions - 1)
        elif vacancy.status == VacancyStatus.CLOSED:
            other_slots += [index] * rng.randint(0, vacancy.positions)
    rng.shuffle(filled_slots)
    rng.shuffle(other_slots)
    slots = filled_slots + other_slots
    open_vacancies = [i for i, v in enumerate(ctx.vacancies) if v.status == VacancyStatus.OPEN]
    old_vacancies = [i for i, v in enumerate(ctx.vacancies) if v.opened_on <= today - dt.timedelta(days=60)]
    reviewable = [i for i, v in enumerate(ctx.vacancies) if v.status != VacancyStatus.ON_HOLD]
    pairs: set[tuple[int, int]] = set()

    def pick_seeker(v_index: int, accept: Callable[[SeekerDraft], bool], strict_group: bool = True) -> int | None:
        vacancy = ctx.vacancies[v_index]
        fitting = by_occupation.get(vacancy.occupation)
        for attempt in range(30):
            if fitting and attempt < 15:
                s_index = fitting[rng.randrange(len(fitting))]
            else:
                s_index = rng.randrange(len(ctx.seekers))
            seeker = ctx.seekers[s_index]
            if not accept(seeker) or (s_index, v_index) in pairs:
                continue
            if strict_group and vacancy.eligible and seeker.target_group not in vacancy.eligible:
                continue
            return s_index
        return None

    def free_and_active(seeker: SeekerDraft) -> bool:
        return seeker.status == SeekerStatus.ACTIVE and not seeker.working

    for wanted in statuses:
        status = wanted
        if status in WORKING:
            v_index, s_index = _working_slot(ctx, rng, slots, status, pick_seeker, free_and_active)
            if v_index is None or s_index is None:
                status = PlacementStatus.ENDED
            else:
                _add_placement(ctx, rng, rows, pairs, s_index, v_index, status)
                continue
        if status is PlacementStatus.ENDED:
            candidates = old_vacancies
        elif status in PIPELINE:
            candidates = open_vacancies
        else:
            candidates = reviewable
        if not candidates:
            continue
        for _ in range(5):  # another vacancy when nobody suitable is free for this one
            v_index = candidates[rng.randrange(len(candidates))]
            if status in PIPELINE:
                s_index = pick_seeker(v_index, free_and_active)
            elif status is PlacementStatus.ENDED:
                s_index = pick_seeker(v_index, lambda s: not s.working)
            else:
                s_index = pick_seeker(v_index, lambda s: True, strict_group=status is not PlacementStatus.REJECTED)
            if s_index is not None:
                _add_placement(ctx, rng, rows, pairs, s_index, v_index, status)
                break

    seeker_rows = ctx.rows["job_seeker"]
    for index, seeker in enumerate(ctx.seekers):
        if seeker.working:
            seeker.status = SeekerStatus.PLACED.value
            seeker_rows[index]["status"] = SeekerStatus.PLACED.value
    _reconcile_vacancies(ctx, rows)


def _reconcile_vacancies(ctx: DemoContext, rows: list[dict[str, Any]]) -> None:
    """A vacancy is filled exactly when its positions are all taken (the workflow's rule).

    A vacancy drawn as "filled" that did not get enough working placements becomes "closed"
    (its pipeline placements were only ever drawn on open vacancies); a full open one, filled.
    """
    taken: dict[int, int] = {}
    for row in rows:
        if row["status"] in (PlacementStatus.STARTED.value, PlacementStatus.SUSTAINED.value):
            taken[row["vacancy_id"]] = taken.get(row["vacancy_id"], 0) + 1
    vacancy_rows = ctx.rows["vacancy"]
    for index, vacancy in enumerate(ctx.vacancies):
        working = taken.get(vacancy.id, 0)
        status = vacancy.status
        if status == VacancyStatus.FILLED and working < vacancy.positions:
            status = VacancyStatus.CLOSED.value
        elif status == VacancyStatus.OPEN and working >= vacancy.positions:
            status = VacancyStatus.FILLED.value
        if status != vacancy.status:
            vacancy.status = status
            vacancy_rows[index]["status"] = status

def _working_slot(ctx: DemoContext, rng: random.Random, slots: list[int], status: PlacementStatus,
                  pick_seeker: Callable[[int, Callable[[SeekerDraft], bool]], int | None],
                  accept: Callable[[SeekerDraft], bool]) -> tuple[int | None, int | None]:
    """Take a free position (old enough for a sustained job) and a free person for it."""
    limit = ctx.today - dt.timedelta(days=200)
    for _ in range(5):
        position = None
        for i, v_index in enumerate(slots[:400]):
            if status is PlacementStatus.STARTED or ctx.vacancies[v_index].opened_on <= limit:
                position = i
                break
        if position is None:
            return None, None
        v_index = slots.pop(position)
        s_index = pick_seeker(v_index, accept)
        if s_index is not None:
            return v_index, s_index
    return None, None

def _add_placement(ctx: DemoContext, rng: random.Random, rows: list[dict[str, Any]], pairs: set[tuple[int, int]],
                   s_index: int, v_index: int, status: PlacementStatus) -> None:
    seeker = ctx.seekers[s_index]
    vacancy = ctx.vacancies[v_index]
    today = ctx.today
    yesterday = ctx.yesterday
    pairs.add((s_index, v_index))
    start = end = None
    end_reason = None
    if status in WORKING or status is PlacementStatus.ENDED:
        earliest = vacancy.opened_on + dt.timedelta(days=10)
        if status is PlacementStatus.STARTED:
            start = between(rng, max(earliest, today - dt.timedelta(days=180)), yesterday)
        elif status is PlacementStatus.SUSTAINED:
            start = between(rng, max(earliest, today - dt.timedelta(days=720)), today - dt.timedelta(days=183))
        else:
            start = between(rng, max(earliest, today - dt.timedelta(days=900)), today - dt.timedelta(days=45))
            end = between(rng, start + dt.timedelta(days=30), yesterday)
            end_reason = rng.choice(_codes("ended"))
        start = min(start, yesterday)
        propose_day = max(vacancy.opened_on, start - dt.timedelta(days=rng.randint(10, 45)))
        review_day = between(rng, propose_day, min(start, propose_day + dt.timedelta(days=4)))
    else:
        latest = min(yesterday, vacancy.closes_on or yesterday)
        if status in PIPELINE:
            propose_day = between(rng, max(vacancy.opened_on, today - dt.timedelta(days=40)), latest)
        else:
            propose_day = between(rng, max(vacancy.opened_on, today - dt.timedelta(days=400)), latest)
        review_day = between(rng, propose_day, min(latest, propose_day + dt.timedelta(days=4)))
    proposer = seeker.caseworker_id
    roll = rng.random()
    if roll < 0.04:
        proposer = rng.choice(ctx.team_leads)
    elif roll < 0.12:
        proposer = rng.choice(ctx.caseworkers)
    reviewers = [lead for lead in ctx.team_leads if lead != proposer]
    reviewed = status is not PlacementStatus.PROPOSED and not (
        status is PlacementStatus.WITHDRAWN and rng.random() < 0.5)
    proposed_at = stamp(propose_day, rng, 8, 12)
    reviewed_at = stamp(review_day, rng, 13, 17) if reviewed else None
    note = None
    review_reason = None
    if status is PlacementStatus.NEEDS_INFO:
        note = rng.choice(ctx.ref.needs_info_notes)
    elif status is PlacementStatus.REJECTED:
        note = rng.choice(ctx.ref.reject_notes)
        review_reason = rng.choice([code for code in _codes("reject") if code != "other"])
    elif status is PlacementStatus.NOT_HIRED:
        end_reason = rng.choice([code for code in _codes("not_hired") if code != "other"])
    elif reviewed and rng.random() < 0.2:
        note = "Akkoord."
    low = max(vacancy.hours[0], seeker.hours[0])
    high = min(vacancy.hours[1], seeker.hours[1])
    hours = rng.randint(low, high) if low <= high else vacancy.hours[0]
    hired_like = status in (*WORKING, PlacementStatus.ENDED, PlacementStatus.APPROVED, PlacementStatus.INTRODUCED,
                            PlacementStatus.NOT_HIRED)
    score, explanation = _score(ctx, rng, seeker, vacancy, hours)
    last_event = end or start
    if status is PlacementStatus.SUSTAINED and start is not None:
        last_event = start + dt.timedelta(days=183)  # the six-month check made it "sustained"
    updated_at = stamp(last_event, rng, 17, 18) if last_event else (reviewed_at or proposed_at)
    surfaced = rng.random() < 0.9
    reviewer = rng.choice(reviewers) if reviewed else None
    rows.append({
        "id": len(rows) + 1, "seeker_id": seeker.id, "vacancy_id": vacancy.id, "status": status.value,
        "score": score, "explanation": explanation, "surfaced_by_engine": surfaced,
        "proposed_by_id": proposer, "proposed_at": proposed_at,
        "reviewed_by_id": reviewer, "reviewed_at": reviewed_at,
        "review_note": note, "review_reason": review_reason, "start_date": start, "end_date": end,
        "hours_per_week": hours if hired_like else None,
        "employment_type": vacancy.employment_type if hired_like else None,
        "end_reason": end_reason, "version": 1, "updated_at": max(updated_at, reviewed_at or proposed_at),
        "updated_by": _login(ctx, reviewer if reviewer is not None and not last_event else proposer),
    })
    if status in WORKING:
        seeker.working = True
    ctx.placements.append({"row": rows[-1], "seeker": seeker, "vacancy": vacancy})

def _codes(kind: str) -> list[str]:
    """Reason codes from the workflow's own list (data/placement_reasons.toml)."""
    return [reason.code for reason in reasons(kind)]


def _login(ctx: DemoContext, user_id: int | None) -> str | None:
    for row in ctx.rows["app_user"]:
        if row["id"] == user_id:
            return str(row["login"])
    return None


def _score(ctx: DemoContext, rng: random.Random, seeker: SeekerDraft, vacancy: VacancyDraft, hours: int) -> tuple[float, dict[str, Any]]:
    """A plausible score with the small breakdown frozen at proposal time, in the language the
    demo was made in (a real proposal also keeps the engine's reason codes, so that it reads in
    the reader's language; these words have none and read as they were made)."""
    if vacancy.occupation in seeker.desired:
        occupation, detail = rng.randint(30, 40), t("demo.reason.desired", occupation=vacancy.occupation)
    elif vacancy.occupation in seeker.experience:
        occupation, detail = rng.randint(22, 32), t("demo.reason.experience", occupation=vacancy.occupation)
    else:
        occupation, detail = rng.randint(4, 20), t("demo.reason.similar", occupation=vacancy.occupation)
    skills = rng.randint(4, 20)
    km = round(rng.uniform(0.8, max(1.0, seeker.max_km)), 1)
    distance = round(15 * (1 - km / (seeker.max_km + 5)))
    in_range = vacancy.hours[0] <= hours <= vacancy.hours[1]
    hours_points = rng.randint(11, 15) if in_range else rng.randint(3, 8)
    sustainability = {EmploymentType.PERMANENT: 10, EmploymentType.FIXED_TERM: 7, EmploymentType.BBL: 8,
                      EmploymentType.WORK_EXPERIENCE: 4, EmploymentType.INTERNSHIP: 3}[
        EmploymentType(vacancy.employment_type)]
    total = float(min(100, occupation + skills + distance + hours_points + sustainability))
    parts = [
        ("occupation", occupation, 40, detail),
        ("skills", skills, 20, t("demo.reason.skills", count=skills // 4)),
        ("distance", distance, 15, t("demo.reason.distance", km=format_number(km, decimals=1))),
        ("hours", hours_points, 15, t("demo.reason.hours", hours=hours, low=vacancy.hours[0], high=vacancy.hours[1])),
        ("sustainability", sustainability, 10, t(f"employment_type.{vacancy.employment_type}")),
    ]
    # The format srmatch.services.placements freezes at proposal time.
    explanation = {
        "source": "demo", "excluded": False, "exclusions": [], "excluded_by": [],
        "lines": [{"label": label, "text": text, "points": float(points), "max_points": float(most)}
                  for label, points, most, text in parts],
    }
    return total, explanation

