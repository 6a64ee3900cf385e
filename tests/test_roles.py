"""Who may do what, across every use case: enforced by the services, whatever screen or command calls them.

One matrix (DESIGN.md §4, issue 12 item 7): each use case is called by a registered user of
every role on a fresh database, and either goes through or is refused with PermissionDenied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from srmatch.services import audit, exporting, placements, privacy, profiles, social_return, users
from srmatch.services.audit import Actor
from srmatch.services.users import PermissionDenied
from srmatch.store.engine import session_scope
from srmatch.store.migrate import open_database
from srmatch.store.models import Organisation, Placement, Role, User
from tests.factories import add_sample_records

ROLES = tuple(role.value for role in Role)
LEAD, CASE, ACCOUNT, ADMIN = "team_lead", "caseworker", "account_manager", "admin"

UseCase = Callable[[Engine, Actor, Path], object]


def _not_asked(_engine: Engine, _client_number: str, _reference: str) -> placements.EngineView:
    """The engine's opinion does not matter for who may propose (roles are the question here)."""
    return placements.EngineView(score=None, excluded=False, surfaced=False)


def _propose(engine: Engine, actor: Actor, _tmp: Path) -> object:
    return placements.propose(engine, actor, "KL0000001", "VAC-001", note="fits", explain=_not_asked)


def _approve(engine: Engine, actor: Actor, _tmp: Path) -> object:
    proposer = users.resolve_actor(engine, "user.caseworker")
    proposed = placements.propose(engine, proposer, "KL0000001", "VAC-001", note="fits the hours", explain=_not_asked)
    with session_scope(engine) as session:
        placement_id = session.exec(select(Placement.id)).one()
    assert proposed is not None and placement_id is not None
    return placements.transition(engine, actor, placement_id, "approve")


def _add_contract(engine: Engine, actor: Actor, _tmp: Path) -> object:
    return social_return.add_contract(
        engine, actor, "C-2026-77", title="Schoonmaak stadskantoren", buyer_kvk="27372145", contractor_kvk="24123456",
        kind="dienst", value_cents=200_000_000, start=dt.date(2026, 1, 1), end=dt.date(2027, 12, 31),
    )


def _add_contribution(engine: Engine, actor: Actor, tmp: Path) -> object:
    _add_contract(engine, users.resolve_actor(engine, "user.account_manager"), tmp)
    request = social_return.ContributionRequest(
        route="4", period_start=dt.date(2026, 3, 1), activity="guest_lesson", quantity=Decimal(2)
    )
    return social_return.add_contribution(engine, actor, "C-2026-77", request)


#: use case → (how to call it, the roles that may).
MATRIX: dict[str, tuple[UseCase, frozenset[str]]] = {
    "export a person's data": (
        lambda engine, actor, _tmp: privacy.export_person(engine, "KL0000001", actor), frozenset({LEAD, ADMIN})),
    "erase a person": (
        lambda engine, actor, _tmp: privacy.erase_person(engine, "KL0000001", actor, "request"), frozenset({LEAD, ADMIN})),
    "retention purge": (
        lambda engine, actor, _tmp: privacy.purge_inactive(engine, actor, 24, dry_run=True), frozenset({LEAD, ADMIN})),
    "read the audit log": (lambda engine, actor, _tmp: audit.list_events(engine, actor), frozenset({LEAD, ADMIN})),
    "purge the audit log": (
        lambda engine, actor, _tmp: audit.purge_audit_log(engine, actor, 60, dry_run=True), frozenset({LEAD, ADMIN})),
    "export the audit log": (
        lambda engine, actor, tmp: exporting.export(engine, "audit", actor, fmt="csv", path=tmp / "audit.csv"),
        frozenset({LEAD, ADMIN})),
    "export job seekers": (
        lambda engine, actor, tmp: exporting.export(engine, "seekers", actor, fmt="csv", path=tmp / "seekers.csv"),
        frozenset({CASE, LEAD, ADMIN})),
    "employer profiles of a vacancy": (
        lambda engine, actor, _tmp: privacy.employer_export(engine, "VAC-001", actor), frozenset(ROLES)),
    "propose a placement": (_propose, frozenset({CASE, LEAD})),
    "approve a placement": (_approve, frozenset({LEAD})),
    "register an organisation": (
        lambda engine, actor, _tmp: social_return.add_organisation(
            engine, actor, name="Bouwbedrijf Zuid", kvk_number="87654321", kinds=["contractor"]),
        frozenset({ACCOUNT, ADMIN})),
    "register a contract": (_add_contract, frozenset({ACCOUNT, ADMIN})),
    "add a contribution": (_add_contribution, frozenset({ACCOUNT, ADMIN})),
    "register a user": (
        lambda engine, actor, _tmp: users.add_user(engine, actor, "new.person", CASE), frozenset({ADMIN})),
    "add a job seeker": (
        lambda engine, actor, _tmp: profiles.create_seeker(engine, actor, {
            "client_number": "KL0000077", "display_name": "Nieuw", "postcode": "3073", "target_group": "ww"}),
        frozenset({CASE, LEAD, ADMIN})),
    "edit a vacancy": (
        lambda engine, actor, _tmp: profiles.update_vacancy(
            engine, actor, "VAC-001", {"hours_max": "32"}, expected_version=1),
        frozenset({CASE, LEAD, ACCOUNT, ADMIN})),
    "log a contact": (
        lambda engine, actor, _tmp: profiles.log_contact(engine, actor, "KL0000001", "gebeld"),
        frozenset({CASE, LEAD, ADMIN})),
}


@pytest.fixture
def staffed(tmp_path: Path) -> Engine:
    """Sample records and one registered user per role (SQLite: the rules live in Python)."""
    engine = open_database(f"sqlite:///{tmp_path / 'roles.db'}")
    add_sample_records(engine)
    with session_scope(engine) as session:
        session.add_all(User(login=f"user.{role}", display_name=role, role=role) for role in ROLES)
        session.add(Organisation(name="Gemeente Rotterdam", kvk_number="27372145", is_contracting_authority=True))
    return engine


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("use_case", list(MATRIX))
def test_each_use_case_is_open_to_its_roles_only(staffed: Engine, tmp_path: Path, use_case: str, role: str) -> None:
    call, allowed = MATRIX[use_case]
    actor = users.resolve_actor(staffed, f"user.{role}")
    if role in allowed:
        call(staffed, actor, tmp_path)
    else:
        with pytest.raises(PermissionDenied):
            call(staffed, actor, tmp_path)


def test_refusals_are_written_to_the_audit_log(staffed: Engine, tmp_path: Path) -> None:
    caseworker = users.resolve_actor(staffed, "user.caseworker")
    for use_case in ("erase a person", "read the audit log", "export the audit log"):
        with pytest.raises(PermissionDenied):
            MATRIX[use_case][0](staffed, caseworker, tmp_path)
    admin = users.resolve_actor(staffed, "user.admin")
    refused = [row for row in audit.list_events(staffed, admin, audit.AuditFilter(actor="user.caseworker")).rows]
    assert {row.result for row in refused} <= {"refused", "denied"}
    assert {"person.erase", "audit.view"} <= {row.action for row in refused}


def test_a_team_lead_never_approves_their_own_proposal(staffed: Engine) -> None:
    lead = users.resolve_actor(staffed, "user.team_lead")
    _propose(staffed, lead, Path())
    with session_scope(staffed) as session:
        placement_id = session.exec(select(Placement.id)).one()
    assert placement_id is not None
    with pytest.raises(Exception, match="own"):
        placements.transition(staffed, lead, placement_id, "approve", today=dt.date(2026, 12, 1))
