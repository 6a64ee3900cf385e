"""The audit log: only ever appended to, readable by team leads and admins, filtered, kept for a set time."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import Engine, delete, text, update
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from srmatch.cli import main
from srmatch.services import audit
from srmatch.services.audit import Actor, AuditFilter
from srmatch.store.engine import session_scope
from srmatch.store.errors import AuditLogAppendOnly
from srmatch.store.models import AuditEvent, User

LEAD = Actor(login="tl.pinas", origin="desk-7", role="team_lead")
OLD = dt.datetime(2019, 3, 4, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def log(engine: Engine) -> Engine:
    """A team lead, and events by several people across several years."""
    with session_scope(engine) as session:
        session.add(User(login="tl.pinas", display_name="Tim Pinas", role="team_lead"))
        session.add(User(login="km.bakker", display_name="Kees Bakker", role="caseworker"))
        session.add_all(
            [
                AuditEvent(occurred_at=OLD, actor="km.bakker", action="seeker.view", object_type="job_seeker", object_id="3"),
                AuditEvent(occurred_at=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC), actor="km.bakker",
                           action="placement.propose", object_type="placement", object_id="8"),
                AuditEvent(occurred_at=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC), actor="tl.pinas",
                           action="placement.approve", object_type="placement", object_id="8"),
                AuditEvent(occurred_at=dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC), actor="km.yilmaz",
                           action="seeker.view", object_type="job_seeker", object_id="KL404", result="not_found"),
            ]
        )
    return engine


def test_an_audit_event_cannot_be_changed_or_deleted_through_srmatch(log: Engine) -> None:
    with pytest.raises(AuditLogAppendOnly), session_scope(log) as session:
        event = session.exec(select(AuditEvent)).first()
        assert event is not None
        event.actor = "someone.else"
        session.add(event)
    with pytest.raises(AuditLogAppendOnly), session_scope(log) as session:
        event = session.exec(select(AuditEvent)).first()
        session.delete(event)
    with session_scope(log) as session:
        assert session.exec(select(AuditEvent.actor).where(AuditEvent.occurred_at == OLD)).one() == "km.bakker"


@pytest.mark.parametrize(
    "statement",
    [update(AuditEvent).values(actor="someone.else"), delete(AuditEvent), text("DELETE FROM audit_event WHERE id = 2")],
    ids=["update", "delete-all", "delete-one"],
)
def test_the_database_itself_refuses_to_change_or_delete_events(log: Engine, statement: object) -> None:
    with pytest.raises(DBAPIError, match="audit events"), log.begin() as connection:
        connection.execute(statement)  # type: ignore[call-overload]
    with session_scope(log) as session:
        assert len(session.exec(select(AuditEvent)).all()) == 4


def test_retention_purge_removes_only_events_older_than_the_period(log: Engine) -> None:
    dry = audit.purge_audit_log(log, LEAD, 60, dry_run=True, today=dt.date(2026, 12, 1))
    assert (dry.due, dry.deleted, dry.cutoff) == (1, 0, dt.date(2021, 12, 1))

    done = audit.purge_audit_log(log, LEAD, 60, today=dt.date(2026, 12, 1))
    assert (done.due, done.deleted) == (1, 1)
    with session_scope(log) as session:
        left = session.exec(select(AuditEvent.action).order_by(AuditEvent.id)).all()  # type: ignore[arg-type]
    assert left == ["placement.propose", "placement.approve", "seeker.view", "audit.purge", "audit.purge"]
    # The window moved to the cutoff, not further: recent events stay protected.
    with pytest.raises(DBAPIError, match="audit events"), log.begin() as connection:
        connection.execute(delete(AuditEvent))


def test_listing_filters_by_actor_action_object_result_and_dates(log: Engine) -> None:
    def actions(**criteria: object) -> list[str]:
        page = audit.list_events(log, LEAD, AuditFilter(**criteria))  # type: ignore[arg-type]
        return [row.action for row in page.rows if row.action != "audit.view"]

    assert actions(actor="km.bakker") == ["placement.propose", "seeker.view"]
    assert actions(action="placement") == ["placement.approve", "placement.propose"]
    assert actions(action="placement.approve") == ["placement.approve"]
    assert actions(object_type="placement", object_id="8") == ["placement.approve", "placement.propose"]
    assert actions(result="not_found") == ["seeker.view"]
    assert actions(since=dt.date(2026, 11, 2), until=dt.date(2026, 11, 20)) == ["placement.approve", "placement.propose"]


def test_reading_the_log_is_audited_itself(log: Engine) -> None:
    page = audit.list_events(log, LEAD, AuditFilter(actor="km.bakker"), limit=1)
    assert page.total == 2 and len(page.rows) == 1
    this_reading, earlier = audit.list_events(log, LEAD, AuditFilter(action="audit.view")).rows
    assert (earlier.actor, earlier.reason) == ("tl.pinas", "actor=km.bakker")
    assert this_reading.reason == "action=audit.view"
    audit.list_events(log, LEAD, AuditFilter(action="audit.view"), audit_view=False)
    assert audit.list_events(log, LEAD, AuditFilter(action="audit.view"), audit_view=False).total == 2


def test_audit_list_command_prints_a_table_or_json(log: Engine, database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", database_url, "--user", "tl.pinas", "audit", "list", "--actor", "km.bakker", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(row["action"], row["object_id"]) for row in rows] == [("placement.propose", "8"), ("seeker.view", "3")]

    assert main(["--db", database_url, "--user", "tl.pinas", "audit", "list", "--since", "2026-11-20", "--action", "placement"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["time", "(UTC)", "actor"]
    assert len(out) == 2 and "placement.approve" in out[1]

    assert main(["--db", database_url, "--user", "km.bakker", "audit", "list"]) == 1
    assert "km.bakker is a caseworker; this needs: team lead, admin" in capsys.readouterr().err


def test_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["audit", "list", "--since", "1 nov"])
    assert exit_info.value.code == 2
    assert "is not a date" in capsys.readouterr().err
