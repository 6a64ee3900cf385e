"""The placement workflow: every legal and illegal transition, roles, invariants, audit, locking."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import Engine, select, text, update
from sqlalchemy.exc import IntegrityError

from srmatch.services import placements
from srmatch.services.placements import (
    ACTIONS,
    TRANSITIONS,
    ConcurrentChange,
    IllegalTransition,
    InvariantViolated,
    MissingInput,
)
from srmatch.services.users import PermissionDenied
from srmatch.store.engine import session_scope
from srmatch.store.migrate import open_database
from srmatch.store.models import AuditEvent, JobSeeker, Placement, Vacancy
from tests.placement_world import EXCLUDED, PATHS, TODAY, World, build_world


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def _status(engine: Engine, placement_id: int) -> str:
    with session_scope(engine) as session:
        placement = session.get(Placement, placement_id)
        assert placement is not None
        return placement.status


def _events(engine: Engine, placement_id: int) -> list[tuple[str, str, str]]:
    with session_scope(engine) as session:
        rows = session.exec(select(AuditEvent).where(AuditEvent.object_type == "placement", AuditEvent.object_id == str(placement_id))
                            .order_by(AuditEvent.id)).scalars()  # type: ignore[call-overload]
        return [(e.actor, e.action, e.result) for e in rows]


EXPECTED_TARGET = {
    ("proposed", "approve"): "approved", ("proposed", "reject"): "rejected", ("proposed", "send_back"): "needs_info",
    ("proposed", "withdraw"): "withdrawn", ("needs_info", "resubmit"): "proposed", ("needs_info", "withdraw"): "withdrawn",
    ("approved", "introduce"): "introduced", ("approved", "withdraw"): "withdrawn",
    ("introduced", "start"): "started", ("introduced", "not_hired"): "not_hired", ("introduced", "withdraw"): "withdrawn",
    ("started", "sustain"): "sustained", ("started", "end"): "ended",
}


def test_the_table_is_the_diagram_of_design_section_4() -> None:
    legal = {(source, action): arrow.target for action, arrow in TRANSITIONS.items() for source in arrow.sources}
    assert legal == EXPECTED_TARGET


@pytest.mark.parametrize("state", list(PATHS))
def test_every_action_from_every_state(world: World, state: str) -> None:
    placement_id = world.placement_in(state)
    assert _status(world.engine, placement_id) == state
    for action in ACTIONS:
        if (state, action) in EXPECTED_TARGET:
            fresh = world.placement_in(state)
            result = world.act(fresh, action)
            assert (result.status, _status(world.engine, fresh)) == ((EXPECTED_TARGET[state, action],) * 2)
        else:
            with pytest.raises(IllegalTransition) as refused:
                world.act(placement_id, action)
            assert f"is {placements.t(f'placements.state.{state}')}" in str(refused.value)
            assert placements.describe_allowed(state) in str(refused.value)
            assert _status(world.engine, placement_id) == state


def test_illegal_transition_names_the_state_and_the_allowed_actions(world: World) -> None:
    placement_id = world.placement_in("proposed")
    with pytest.raises(IllegalTransition) as refused:
        world.act(placement_id, "start")
    assert str(refused.value) == (
        f"placement {placement_id} is proposed and cannot be started; "
        "a proposed placement can be approved, rejected, sent back or withdrawn"
    )
    ended = world.placement_in("rejected")
    with pytest.raises(IllegalTransition, match="a rejected placement cannot change any more"):
        world.act(ended, "approve")


def test_every_transition_and_refusal_is_audited(world: World) -> None:
    placement_id = world.placement_in("introduced")
    with pytest.raises(IllegalTransition):
        world.act(placement_id, "approve")
    assert _events(world.engine, placement_id) == [
        ("km.jansen", "placement.propose", "success"),
        ("tl.pinas", "placement.approve", "success"),
        ("km.jansen", "placement.introduce", "success"),
        ("tl.pinas", "placement.approve", "refused"),
    ]


@pytest.mark.parametrize("action", ["approve", "reject", "send_back"])
def test_only_team_leads_review(world: World, action: str) -> None:
    placement_id = world.placement_in("proposed")
    for actor in (world.caseworker, world.other_caseworker, world.account_manager, world.admin):
        with pytest.raises(PermissionDenied, match="this needs: team lead"):
            world.act(placement_id, action, actor=actor)
    assert _status(world.engine, placement_id) == "proposed"
    assert world.act(placement_id, action, actor=world.other_lead).status == EXPECTED_TARGET["proposed", action]


@pytest.mark.parametrize("action", ["approve", "reject", "send_back"])
def test_a_team_lead_never_reviews_their_own_proposal(world: World, action: str) -> None:
    placement_id = world.propose(actor=world.lead)
    with pytest.raises(InvariantViolated, match="your own proposal"):
        world.act(placement_id, action, actor=world.lead)
    assert world.act(placement_id, action, actor=world.other_lead).status == EXPECTED_TARGET["proposed", action]


@pytest.mark.parametrize("role_actor", ["account_manager", "admin"])
def test_only_caseworkers_and_team_leads_propose_and_follow_up(world: World, role_actor: str) -> None:
    actor = getattr(world, role_actor)
    with pytest.raises(PermissionDenied):
        world.propose(actor=actor)
    placement_id = world.placement_in("approved")
    with pytest.raises(PermissionDenied):
        world.act(placement_id, "introduce", actor=actor)


@pytest.mark.parametrize(
    ("state", "action", "extra", "message"),
    [("proposed", "reject", {"reason": None}, "a reason is required"),
     ("proposed", "reject", {"reason": "ugly"}, "not in the list"),
     ("proposed", "reject", {"reason": "other"}, "needs an explanation"),
     ("proposed", "send_back", {"note": None}, "your question"),
     ("introduced", "not_hired", {"reason": None}, "a reason is required"),
     ("introduced", "start", {"start_date": None}, "start date"),
     ("introduced", "start", {"hours": 0}, "hours per week"),
     ("introduced", "start", {"employment_type": "zzp"}, "contract type 'zzp'"),
     ("started", "end", {"reason": None}, "a reason is required"),
     ("started", "end", {"start_date": dt.date(2026, 1, 1)}, "before the start date")],
)
def test_missing_or_wrong_inputs_are_refused_and_change_nothing(
    world: World, state: str, action: str, extra: dict[str, object], message: str
) -> None:
    placement_id = world.placement_in(state)
    with pytest.raises(MissingInput, match=message):
        world.act(placement_id, action, **extra)
    assert _status(world.engine, placement_id) == state


def test_reject_with_other_and_a_note_is_recorded(world: World) -> None:
    placement_id = world.placement_in("proposed")
    world.act(placement_id, "reject", reason="other", note="Werkt al elders")
    detail = placements.show(world.engine, world.lead, placement_id)
    assert (detail.review_reason, detail.review_note, detail.reviewed_by) == ("other", "Werkt al elders", "tl.pinas")


def test_sustain_only_when_six_months_have_passed(world: World) -> None:
    placement_id = world.placement_in("introduced")
    world.act(placement_id, "start", start_date=dt.date(2026, 6, 15))
    with pytest.raises(InvariantViolated, match="due for its 6-month check on 2026-12-15"):
        world.act(placement_id, "sustain")
    assert world.act(placement_id, "sustain", today=dt.date(2026, 12, 15)).status == "sustained"


def test_a_person_has_at_most_one_started_placement(world: World) -> None:
    client = world.seeker()
    first = world.propose(client, world.vacancy())
    second = world.propose(client, world.vacancy())
    for placement_id in (first, second):
        world.act(placement_id, "approve")
        world.act(placement_id, "introduce")
    world.act(first, "start")
    with pytest.raises(InvariantViolated, match=f"already works in started placement {first}"):
        world.act(second, "start")
    world.act(first, "end")
    assert world.act(second, "start").status == "started"


def test_the_database_refuses_a_second_started_placement_too(world: World) -> None:
    client = world.seeker()
    first, second = world.propose(client, world.vacancy()), world.propose(client, world.vacancy())
    world.act(first, "approve")
    world.act(first, "introduce")
    world.act(first, "start")
    with pytest.raises(IntegrityError), session_scope(world.engine) as session:
        session.execute(update(Placement).where(Placement.id == second)  # type: ignore[arg-type]
                        .values(status="started", start_date=TODAY))


def test_one_open_placement_per_person_and_vacancy(world: World) -> None:
    client, reference = world.seeker(), world.vacancy()
    first = world.propose(client, reference)
    with pytest.raises(InvariantViolated, match=f"already has placement {first}"):
        world.propose(client, reference)
    world.act(first, "reject")
    assert world.propose(client, reference) != first


def test_positions_fill_the_vacancy_and_an_early_end_opens_it_again(world: World) -> None:
    reference = world.vacancy(positions=2)
    ids = [world.placement_in("introduced", reference=reference) for _ in range(3)]
    world.act(ids[0], "start")
    assert _vacancy_status(world.engine, reference) == "open"
    world.act(ids[1], "start")
    assert _vacancy_status(world.engine, reference) == "filled"
    with pytest.raises(InvariantViolated, match=f"vacancy {reference} has all its 2 position"):
        world.act(ids[2], "start")
    world.act(ids[0], "end")
    assert _vacancy_status(world.engine, reference) == "open"
    world.act(ids[2], "start")
    assert _vacancy_status(world.engine, reference) == "filled"


def test_a_working_person_is_shown_as_placed(world: World) -> None:
    placement_id = world.placement_in("introduced")
    client = placements.show(world.engine, world.caseworker, placement_id).client_number
    world.act(placement_id, "start")
    assert _seeker_status(world.engine, client) == "placed"
    world.act(placement_id, "end")
    assert _seeker_status(world.engine, client) == "active"


def _vacancy_status(engine: Engine, reference: str) -> str:
    with session_scope(engine) as session:
        return str(session.execute(select(Vacancy.status).where(Vacancy.reference == reference)).scalar_one())  # type: ignore[arg-type]


def _seeker_status(engine: Engine, client: str) -> str:
    with session_scope(engine) as session:
        return str(session.execute(select(JobSeeker.status).where(JobSeeker.client_number == client)).scalar_one())  # type: ignore[arg-type]


def test_an_excluded_pair_needs_the_caseworkers_reason_and_records_it(world: World) -> None:
    with pytest.raises(MissingInput, match=r"excluded this pair \(needs driving licence B\); give your reason"):
        world.propose(view=EXCLUDED)
    placement_id = world.propose(view=EXCLUDED, note="Haalt rijbewijs volgende maand")
    detail = placements.show(world.engine, world.lead, placement_id)
    assert (detail.surfaced_by_engine, detail.explanation.excluded, detail.score) == (False, True, None)
    assert detail.explanation.exclusions == ("needs driving licence B",)
    assert detail.proposal_note == "Haalt rijbewijs volgende maand"


def test_the_proposal_freezes_what_the_caseworker_saw(world: World) -> None:
    placement_id = world.propose()
    detail = placements.show(world.engine, world.lead, placement_id)
    assert detail.score == 72.5 and detail.surfaced_by_engine
    assert [line.text for line in detail.explanation.lines] == ["title ≈ synonym of 'schoonmaker'", "2.1 km"]


def test_a_frozen_explanation_without_codes_or_with_unknown_ones_keeps_its_words(world: World) -> None:
    from srmatch.i18n import set_language

    old_style = world.propose()  # frozen before codes were kept: words only, no language
    damaged = world.propose(view=placements.EngineView(score=50.0, excluded=True, surfaced=False, explanation={
        "excluded": True, "language": "en",
        "exclusions": ["needs driving licence B", "closed early"],
        "exclusion_reasons": [{"code": "excluded.driving_licence", "values": {}}],  # a value gone, one reason short
        "lines": [{"label": "future", "text": "a reason a later version gave", "points": 5.0,
                   "reason": {"code": "occupation.from_the_future", "values": {"x": 1}}},
                  {"label": "skills", "text": "kept as frozen", "points": 10.0, "reason": "not a reason"},
                  {"label": "skills", "text": "the vacancy lists no skills", "points": 10.0,
                   "reason": {"code": "skills.none_listed", "values": {}}}],
    }), note="Toch proberen")
    set_language("nl")
    old = placements.show(world.engine, world.lead, old_style).explanation
    assert [line.text for line in old.lines] == ["title ≈ synonym of 'schoonmaker'", "2.1 km"]
    assert [line.points for line in old.lines] == [30.0, 18.0]
    shown = placements.show(world.engine, world.lead, damaged)
    assert [line.text for line in shown.explanation.lines] == [
        "a reason a later version gave", "kept as frozen", "de vacature noemt geen vaardigheden"]
    assert shown.explanation.exclusions == ("needs driving licence B", "closed early")
    assert shown.to_json()["exclusion_reasons"] == [{"code": "excluded.driving_licence", "values": {}}, None]
    queue = placements.review_queue(world.engine, world.lead)
    assert {item.id: [line.text for line in item.explanation.lines] for item in queue.items}[old_style][0] == (
        "title ≈ synonym of 'schoonmaker'")


# --- optimistic locking with two real connections ----------------------------------------


def test_the_second_of_two_sessions_is_told_who_changed_it(world: World, database_url: str) -> None:
    placement_id = world.placement_in("proposed")
    first, second = open_database(database_url), open_database(database_url)
    try:
        seen_by_lead = placements.show(first, world.lead, placement_id).version
        seen_by_other_lead = placements.show(second, world.other_lead, placement_id).version
        placements.transition(first, world.lead, placement_id, "approve", expected_version=seen_by_lead)
        with pytest.raises(ConcurrentChange) as conflict:
            placements.transition(second, world.other_lead, placement_id, "reject", reason="not_ready",
                                  expected_version=seen_by_other_lead)
        assert str(conflict.value).startswith(f"placement {placement_id} was changed by tl.pinas at ")
        assert str(conflict.value).endswith("; reload")
        detail = placements.show(second, world.other_lead, placement_id)
        assert (detail.status, detail.reviewed_by, detail.review_reason) == ("approved", "tl.pinas", None)
        assert _events(world.engine, placement_id)[-2][1:] == ("placement.reject", "refused")
    finally:
        first.dispose()
        second.dispose()


def test_an_update_that_loses_the_race_inside_its_transaction_writes_nothing(world: World, database_url: str) -> None:
    """Session B read version 1; A commits version 2 before B writes: B's UPDATE matches no row."""
    placement_id = world.placement_in("proposed")
    other = open_database(database_url)
    try:
        with session_scope(world.engine) as session_a:
            stale = session_a.get(Placement, placement_id)
            assert stale is not None and stale.version == 1
            placements.transition(other, world.lead, placement_id, "approve")
            matched = session_a.execute(
                update(Placement).where(Placement.id == placement_id, Placement.version == 1)  # type: ignore[arg-type]
                .values(status="rejected", version=2)
            ).rowcount  # type: ignore[attr-defined]
        assert matched == 0
        assert _status(world.engine, placement_id) == "approved"
    finally:
        other.dispose()


def test_two_starts_racing_for_the_last_position(world: World, database_url: str) -> None:
    reference = world.vacancy(positions=1)
    ids = [world.placement_in("introduced", reference=reference) for _ in range(2)]
    engines = [open_database(database_url) for _ in ids]
    barrier = threading.Barrier(len(ids))
    outcomes: list[str] = []

    def start(engine: Engine, placement_id: int) -> None:
        barrier.wait()
        try:
            placements.transition(engine, world.caseworker, placement_id, "start", start_date=TODAY, hours=20)
            outcomes.append("started")
        except InvariantViolated:
            outcomes.append("refused")

    threads = [threading.Thread(target=start, args=pair) for pair in zip(engines, ids, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for engine in engines:
        engine.dispose()
    assert sorted(outcomes) == ["refused", "started"]
    with session_scope(world.engine) as session:
        working = session.execute(text("SELECT count(*) FROM placement WHERE status = 'started'")).scalar_one()
    assert working == 1


# --- bulk approval, lists, due follow-ups ------------------------------------------------


def test_bulk_approval_is_all_or_nothing(world: World) -> None:
    ids = [world.placement_in("proposed") for _ in range(3)]
    own = world.propose(actor=world.lead)
    versions = {i: placements.show(world.engine, world.lead, i).version for i in [*ids, own]}
    with pytest.raises(InvariantViolated, match="nothing was approved: .*your own proposal"):
        placements.bulk_approve(world.engine, world.lead, [(i, versions[i]) for i in [*ids, own]])
    assert {_status(world.engine, i) for i in ids} == {"proposed"}
    results = placements.bulk_approve(world.engine, world.lead, [(i, versions[i]) for i in ids])
    assert [r.status for r in results] == ["approved"] * 3


def test_bulk_approval_with_one_stale_row_writes_nothing(world: World, database_url: str) -> None:
    ids = [world.placement_in("proposed") for _ in range(3)]
    seen = [(item.id, item.version) for item in placements.review_queue(world.engine, world.lead).items]
    other = open_database(database_url)
    try:
        placements.transition(other, world.other_lead, ids[1], "send_back", note="Klopt het adres?")
    finally:
        other.dispose()
    with pytest.raises(ConcurrentChange, match=f"nothing was approved: placement {ids[1]} was changed by tl.smit at"):
        placements.bulk_approve(world.engine, world.lead, seen)
    assert [_status(world.engine, i) for i in ids] == ["proposed", "needs_info", "proposed"]
    assert _events(world.engine, ids[1])[-1] == ("tl.pinas", "placement.approve", "refused")


def test_review_queue_oldest_first_with_counts_and_other_open_proposals(world: World) -> None:
    client = world.seeker()
    first = world.propose(client)
    second = world.propose(client, actor=world.other_caseworker)
    third = world.propose()
    queue = placements.review_queue(world.engine, world.lead)
    assert [item.id for item in queue.items] == [first, second, third]
    assert queue.total == 3
    assert [(c.login, c.pending) for c in queue.per_caseworker] == [("km.jansen", 2), ("km.bakker", 1)]
    assert [ref for ref, _ in queue.items[0].other_open] == [queue.items[1].vacancy_reference]
    only = placements.review_queue(world.engine, world.lead, caseworker="km.bakker")
    assert [item.id for item in only.items] == [second]
    by_vacancy = placements.review_queue(world.engine, world.lead, vacancy=queue.items[2].vacancy_reference)
    assert [item.id for item in by_vacancy.items] == [third]


def test_due_for_follow_up_per_caseworker(world: World) -> None:
    sent_back = world.placement_in("needs_info")
    to_introduce = world.placement_in("approved")
    to_start = world.placement_in("introduced")
    six_months = world.placement_in("started")  # started 2026-05-04: due 2026-11-04
    recent = world.placement_in("introduced")
    world.act(recent, "start", start_date=dt.date(2026, 10, 1))
    world.placement_in("proposed")
    someone_elses = world.propose(actor=world.other_caseworker)
    world.act(someone_elses, "send_back")
    due = placements.due_for_follow_up(world.engine, world.caseworker, today=TODAY)
    assert [(row.id, row.due) for row in due] == [
        (sent_back, "sent_back"), (to_introduce, "to_introduce"), (to_start, "start_to_confirm"),
        (six_months, "six_month_check"),
    ]
    assert due[-1].due_on == dt.date(2026, 11, 4)
    assert [row.id for row in placements.due_for_follow_up(world.engine, world.other_caseworker, today=TODAY)] == [someone_elses]


def test_list_mine_and_by_status(world: World) -> None:
    mine = world.placement_in("approved")
    theirs = world.propose(actor=world.other_caseworker)
    assert [r.id for r in placements.list_placements(world.engine, world.caseworker, mine=True)] == [mine]
    assert [r.id for r in placements.list_placements(world.engine, world.caseworker, status="proposed")] == [theirs]
    row = placements.list_placements(world.engine, world.caseworker, mine=True)[0]
    assert set(row.to_json()) == {"id", "status", "client_number", "vacancy_reference", "proposed_by", "proposed_at", "score"}


def test_the_demo_honours_every_invariant_and_continues_through_the_service(engine: Engine) -> None:
    from srmatch.services.audit import Actor
    from srmatch.services.demo import generate_demo
    from srmatch.services.users import resolve_actor

    generate_demo(engine, seekers=400, vacancies=200, actor=Actor("tester", "host"), today=TODAY)
    assert placements.check_invariants(engine) == []
    queue = placements.review_queue(engine, resolve_actor(engine, "tl.jansen"))
    assert queue.total > 0 and all(line.text for line in queue.items[0].explanation.lines)
    pending = next(item for item in queue.items if item.proposed_by != "tl.jansen")
    lead = resolve_actor(engine, "tl.jansen")
    assert placements.transition(engine, lead, pending.id, "approve", expected_version=pending.version).status == "approved"
    assert placements.check_invariants(engine) == []


def test_check_invariants_names_what_is_wrong(world: World) -> None:
    placement_id = world.placement_in("started", reference=world.vacancy(positions=1))
    assert placements.check_invariants(world.engine) == []
    with session_scope(world.engine) as session:
        session.execute(text("UPDATE job_seeker SET status = 'active'"))
        session.execute(text("UPDATE vacancy SET status = 'open'"))
    problems = placements.check_invariants(world.engine)
    reference = placements.show(world.engine, world.admin, placement_id).vacancy_reference
    assert problems == [f"vacancy {reference}: all 1 positions taken but status open",
                        "job seeker id 1: works but is not shown as placed"]
