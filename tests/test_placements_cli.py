"""``srmatch placements …`` as a caseworker and a team lead use it, with --user."""

from __future__ import annotations

import json

import pytest

from srmatch.cli import main
from srmatch.store.migrate import open_database
from tests.placement_world import World, build_world


@pytest.fixture
def world(database_url: str) -> World:
    engine = open_database(database_url)
    return build_world(engine)


def run(capsys: pytest.CaptureFixture[str], database_url: str, user: str, *args: str) -> tuple[int, str, str]:
    code = main(["--db", database_url, "--user", user, "placements", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_review_and_follow_up_from_the_command_line(capsys: pytest.CaptureFixture[str], world: World, database_url: str) -> None:
    placement_id = world.propose()
    code, out, _ = run(capsys, database_url, "tl.pinas", "transition", str(placement_id), "approve")
    assert (code, out.strip()) == (0, f"placement {placement_id}: approved")
    assert run(capsys, database_url, "km.jansen", "transition", str(placement_id), "introduce")[0] == 0
    code, out, _ = run(capsys, database_url, "km.jansen", "transition", str(placement_id), "start",
                       "--start-date", "2026-05-04", "--hours", "24", "--employment-type", "permanent")
    assert (code, out.strip()) == (0, f"placement {placement_id}: started")
    code, out, _ = run(capsys, database_url, "km.jansen", "show", str(placement_id), "--json")
    shown = json.loads(out)
    assert (shown["status"], shown["start_date"], shown["hours_per_week"], shown["employment_type"]) == (
        "started", "2026-05-04", 24, "permanent")
    assert shown["sustain_due_on"] == "2026-11-04"
    assert [h["action"] for h in shown["history"]] == ["propose", "approve", "introduce", "start"]
    code, out, _ = run(capsys, database_url, "km.jansen", "list", "--due", "--json")
    assert [row["id"] for row in json.loads(out)] == [placement_id]


def test_list_json_rows_carry_exactly_the_documented_keys(capsys: pytest.CaptureFixture[str], world: World, database_url: str) -> None:
    world.propose()
    code, out, _ = run(capsys, database_url, "tl.pinas", "list", "--status", "proposed", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 1
    assert set(rows[0]) == {"id", "status", "client_number", "vacancy_reference", "proposed_by", "proposed_at", "score"}
    assert (rows[0]["status"], rows[0]["proposed_by"], rows[0]["score"]) == ("proposed", "km.jansen", 72.5)


@pytest.mark.parametrize(
    ("user", "args", "message"),
    [("km.jansen", ["approve"], "km.jansen is a caseworker; this needs: team lead"),
     ("tl.pinas", ["start"], "is proposed and cannot be started; a proposed placement can be approved, rejected, sent back or withdrawn"),
     ("tl.pinas", ["reject", "--reason", "ugly"], "reason 'ugly' is not in the list"),
     ("nobody", ["approve"], "user 'nobody' is not registered")],
)
def test_a_refusal_is_one_line(capsys: pytest.CaptureFixture[str], world: World, database_url: str,
                               user: str, args: list[str], message: str) -> None:
    placement_id = world.propose()
    code, out, err = run(capsys, database_url, user, "transition", str(placement_id), *args)
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err


def test_dutch_refusal(capsys: pytest.CaptureFixture[str], world: World, database_url: str) -> None:
    placement_id = world.propose()
    code = main(["--db", database_url, "--lang", "nl", "--user", "tl.pinas", "placements", "transition",
                 str(placement_id), "introduce"])
    err = capsys.readouterr().err
    assert code == 1
    assert "een voorgedragen plaatsing kan worden goedgekeurd, afgewezen, teruggestuurd of ingetrokken" in err


@pytest.mark.parametrize("command", [["propose"], ["list"], ["show"], ["transition"]])
def test_every_placements_command_has_help(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["placements", *command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: srmatch placements" in capsys.readouterr().out
