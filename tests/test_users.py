"""Users and roles: bootstrapping a fresh install, registering people, the role check, --user."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, select

from srmatch.cli import main
from srmatch.services import users
from srmatch.services.audit import Actor
from srmatch.services.users import InvalidUser, PermissionDenied, UnknownUser, require_role
from srmatch.store.engine import session_scope
from srmatch.store.models import AuditEvent


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_nobody_registered_means_the_login_acts_as_admin(engine: Engine) -> None:
    person = users.resolve_actor(engine, "it.beheer")
    assert (person.login, person.role, person.bootstrap) == ("it.beheer", "admin", True)


def test_the_first_registered_user_must_be_an_admin(engine: Engine) -> None:
    boot = users.resolve_actor(engine, "it.beheer")
    with pytest.raises(InvalidUser, match="register an admin first"):
        users.add_user(engine, boot, "km.jansen", "caseworker")
    assert users.list_users(engine) == []
    users.add_user(engine, boot, "it.beheer", "admin", "IT beheer")
    admin = users.resolve_actor(engine, "it.beheer")
    assert (admin.role, admin.bootstrap) == ("admin", False)
    users.add_user(engine, admin, "KM.Jansen", "caseworker", "Karin Jansen")
    assert [(r.login, r.role) for r in users.list_users(engine)] == [("it.beheer", "admin"), ("km.jansen", "caseworker")]


def test_an_unknown_login_is_told_how_to_get_registered(engine: Engine) -> None:
    boot = users.resolve_actor(engine, "it.beheer")
    users.add_user(engine, boot, "it.beheer", "admin")
    with pytest.raises(UnknownUser, match=r"'stranger' is not registered.*srmatch users add stranger --role ROLE"):
        users.resolve_actor(engine, "stranger")


def test_logins_compare_case_insensitively(engine: Engine) -> None:
    users.add_user(engine, users.resolve_actor(engine, "admin1"), "admin1", "admin")
    assert users.resolve_actor(engine, "ADMIN1").login == "admin1"


def test_require_role_is_strict_and_names_the_roles() -> None:
    caseworker = Actor(login="km.jansen", origin="host", role="caseworker")
    require_role(caseworker, "caseworker", "team_lead")
    with pytest.raises(PermissionDenied, match="km.jansen is a caseworker; this needs: team lead"):
        require_role(caseworker, "team_lead")
    admin = Actor(login="it", origin="host", role="admin")
    with pytest.raises(PermissionDenied):
        require_role(admin, "team_lead")
    with pytest.raises(UnknownUser):
        require_role(Actor(login="x", origin="host"), "caseworker")


def test_only_an_admin_registers_people_and_refusals_are_audited(engine: Engine) -> None:
    boot = users.resolve_actor(engine, "it.beheer")
    users.add_user(engine, boot, "it.beheer", "admin")
    admin = users.resolve_actor(engine, "it.beheer")
    users.add_user(engine, admin, "tl.pinas", "team_lead")
    lead = users.resolve_actor(engine, "tl.pinas")
    with pytest.raises(PermissionDenied):
        users.add_user(engine, lead, "km.nieuw", "caseworker")
    with pytest.raises(PermissionDenied):
        users.set_role(engine, lead, "tl.pinas", "admin")
    assert [r.login for r in users.list_users(engine)] == ["it.beheer", "tl.pinas"]
    with session_scope(engine) as session:
        events = [(e.actor, e.action, e.result) for e in session.exec(select(AuditEvent).order_by(AuditEvent.id)).scalars()]
    assert events == [
        ("it.beheer", "user.add", "success"),
        ("it.beheer", "user.add", "success"),
        ("tl.pinas", "user.add", "refused"),
        ("tl.pinas", "user.set_role", "refused"),
    ]


def test_the_last_admin_keeps_the_role(engine: Engine) -> None:
    users.add_user(engine, users.resolve_actor(engine, "it"), "it", "admin")
    admin = users.resolve_actor(engine, "it")
    with pytest.raises(InvalidUser, match="last admin"):
        users.set_role(engine, admin, "it", "caseworker")
    users.add_user(engine, admin, "it2", "admin")
    assert users.set_role(engine, admin, "it", "caseworker").role == "caseworker"


@pytest.mark.parametrize(
    ("login", "role", "message"),
    [("has space", "caseworker", "cannot be used"), ("x" * 65, "caseworker", "cannot be used"),
     ("km.ok", "boss", "does not exist"), ("it", "admin", "already registered")],
)
def test_bad_registrations_are_refused_with_the_reason(engine: Engine, login: str, role: str, message: str) -> None:
    users.add_user(engine, users.resolve_actor(engine, "it"), "it", "admin")
    with pytest.raises(InvalidUser, match=message):
        users.add_user(engine, users.resolve_actor(engine, "it"), login, role)


def test_cli_bootstrap_register_list_and_set_role(capsys: pytest.CaptureFixture[str], database_url: str) -> None:
    # conftest sets SRMATCH_USER=tester: on a fresh database tester bootstraps as admin.
    code, out, err = run(capsys, "--db", database_url, "users", "add", "tester", "--role", "admin", "--name", "Test Beheer")
    assert (code, out.strip()) == (0, "registered tester as admin")
    assert "act as admin" in err
    code, out, err = run(capsys, "--db", database_url, "users", "add", "km.jansen", "--role", "caseworker")
    assert code == 0 and err == ""
    code, out, _ = run(capsys, "--db", database_url, "users", "set-role", "km.jansen", "team_lead")
    assert (code, out.strip()) == (0, "km.jansen is now team lead")
    code, out, _ = run(capsys, "--db", database_url, "users", "list", "--json")
    assert json.loads(out) == [
        {"login": "km.jansen", "display_name": "km.jansen", "role": "team_lead", "active": True},
        {"login": "tester", "display_name": "Test Beheer", "role": "admin", "active": True},
    ]


def test_cli_user_option_selects_another_registered_user(capsys: pytest.CaptureFixture[str], database_url: str) -> None:
    assert run(capsys, "--db", database_url, "users", "add", "tester", "--role", "admin")[0] == 0
    assert run(capsys, "--db", database_url, "users", "add", "km.jansen", "--role", "caseworker")[0] == 0
    code, out, err = run(capsys, "--db", database_url, "--user", "km.jansen", "users", "add", "km.x", "--role", "caseworker")
    assert code == 1 and out == ""
    assert err.strip() == "srmatch: error: km.jansen is a caseworker; this needs: admin"
    code, _, err = run(capsys, "--db", database_url, "--user", "nobody", "users", "add", "km.x", "--role", "caseworker")
    assert code == 1
    assert err.strip().startswith("srmatch: error: user 'nobody' is not registered in this database")


def test_cli_dutch_messages(capsys: pytest.CaptureFixture[str], database_url: str) -> None:
    run(capsys, "--db", database_url, "users", "add", "tester", "--role", "admin")
    code, _, err = run(capsys, "--db", database_url, "--lang", "nl", "--user", "niemand", "users", "list", "--json")
    assert code == 0
    code, _, err = run(capsys, "--db", database_url, "--lang", "nl", "--user", "niemand", "users", "set-role", "tester", "caseworker")
    assert code == 1 and "is niet geregistreerd" in err
