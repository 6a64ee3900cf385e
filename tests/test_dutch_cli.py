"""The command line in Dutch: argparse's own texts and srmatch's usage errors follow the language."""

from __future__ import annotations

import pytest

from srmatch.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_help_headings_and_usage_in_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--lang", "nl", "demo", "--help")
    assert code == 0
    assert out.startswith("gebruik: srmatch demo")
    assert "\nopties:\n" in out
    assert "deze hulp tonen en stoppen" in out
    assert "usage:" not in out and "show this help" not in out


def test_main_help_in_dutch_through_the_environment(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SRMATCH_LANG", "nl")
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "argumenten:" in out and "het versienummer tonen en stoppen" in out
    assert "de aparte demodatabase gebruiken" in out and "Zonder opdracht opent de terminal-app." in out


def test_language_from_the_config_file(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    from srmatch.config import config_file

    monkeypatch.delenv("SRMATCH_LANG")
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text('language = "nl"\n', encoding="utf-8")
    code, _, err = run(capsys, "seekers")
    assert code == 2
    assert err == "srmatch seekers: fout: deze argumenten ontbreken: ACTION (zie srmatch seekers --help)\n"


@pytest.mark.parametrize(
    ("args", "dutch"),
    [
        (["seekers", "show"], "srmatch seekers show: fout: deze argumenten ontbreken: client_number (zie srmatch seekers show --help)"),
        (["frob"], "srmatch: fout: argument COMMAND: ongeldige keuze: 'frob' (kies uit "),
        (["demo", "--seekers", "x"], "srmatch demo: fout: argument --seekers: 'x' is geen geheel getal"),
        (["seekers", "list", "--limit", "0"], "srmatch seekers list: fout: argument --limit: '0' moet 1 of meer zijn"),
        (["demo", "--bogus"], "srmatch: fout: onbekende argumenten: --bogus"),
        (["demo", "--seekers"], "srmatch demo: fout: argument --seekers: hier hoort één waarde bij"),
        (["vacancies", "list", "--status", "gone"], "ongeldige keuze: 'gone' (kies uit 'open', 'on_hold', 'filled', 'closed')"),
    ],
)
def test_usage_errors_in_dutch(capsys: pytest.CaptureFixture[str], args: list[str], dutch: str) -> None:
    code, _, err = run(capsys, "--lang=nl", *args)
    assert code == 2
    assert dutch in err
    assert len(err.strip().splitlines()) == 1


VALUE_ERRORS = [
    (["contracts", "add", "C-1", "--start", "32-13-2026"], "--start",
     "'32-13-2026' is geen datum (JJJJ-MM-DD of DD-MM-JJJJ)",
     "'32-13-2026' is not a date (YYYY-MM-DD or DD-MM-YYYY)"),
    (["audit", "list", "--since", "gisteren"], "--since",
     "'gisteren' is geen datum (JJJJ-MM-DD)", "'gisteren' is not a date (YYYY-MM-DD)"),
    (["placements", "transition", "7", "start", "--start-date", "1-2-2026"], "--start-date",
     "'1-2-2026' is geen datum (JJJJ-MM-DD)", "'1-2-2026' is not a date (YYYY-MM-DD)"),
    (["placements", "transition", "7", "start", "--hours", "61"], "--hours",
     "'61' is meer dan 60 uur per week", "'61' is more than 60 hours a week"),
    (["valuation", "calc", "--hours-per-week", "veel"], "--hours-per-week",
     "'veel' is geen getal", "'veel' is not a number"),
    (["valuation", "calc", "--months", "-3"], "--months",
     "'-3' moet een getal van 0 of meer zijn", "'-3' must be a number of 0 or more"),
    (["organisations", "add", "1234"], "KVK",
     "KvK-nummer '1234' moet precies 8 cijfers zijn", "KvK number '1234' must be exactly 8 digits"),
]


@pytest.mark.parametrize(("args", "option", "dutch", "english"), VALUE_ERRORS,
                         ids=[" ".join(case[0]) for case in VALUE_ERRORS])
def test_a_value_that_is_not_one_is_refused_in_dutch(
    capsys: pytest.CaptureFixture[str], args: list[str], option: str, dutch: str, english: str
) -> None:
    """The argparse type of an option says what is wrong with the value in one line of the user's language."""
    prog = "srmatch " + " ".join(args[:2])
    code, _, err = run(capsys, "--lang", "nl", *args)
    assert code == 2
    assert err == f"{prog}: fout: argument {option}: {dutch} (zie {prog} --help)\n"
    code, _, err = run(capsys, "--lang", "en", *args)
    assert code == 2
    assert err == f"{prog}: error: argument {option}: {english} (see {prog} --help)\n"


def test_usage_errors_stay_english_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "seekers", "show")
    assert code == 2
    assert err == "srmatch seekers show: error: the following arguments are required: client_number (see srmatch seekers show --help)\n"
    code, out, _ = run(capsys, "demo", "--help")
    assert out.startswith("usage: srmatch demo") and "\noptions:\n" in out


def test_a_record_that_is_not_there_is_said_in_dutch(capsys: pytest.CaptureFixture[str], database_url: str) -> None:
    code, _, err = run(capsys, "--db", database_url, "--lang", "nl", "seekers", "show", "KL404")
    assert (code, err) == (1, "srmatch: fout: geen werkzoekende met klantnummer 'KL404'\n")
    code, _, err = run(capsys, "--db", database_url, "--lang", "nl", "vacancies", "show", "VAC-404")
    assert (code, err) == (1, "srmatch: fout: geen vacature met referentie 'VAC-404'\n")


def test_a_value_out_of_range_is_said_in_dutch(capsys: pytest.CaptureFixture[str], database_url: str) -> None:
    code, _, err = run(capsys, "--db", database_url, "--lang", "nl", "seekers", "list", "--limit", "20000")
    assert (code, err) == (1, "srmatch: fout: het aantal regels moet tussen 1 en 10000 liggen, niet 20000\n")


def test_database_and_config_problems_are_said_in_dutch(capsys: pytest.CaptureFixture[str], tmp_path: object,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """What a caseworker meets most (a wrong folder, a locked file, a bad config) in their language."""
    import sqlite3
    from pathlib import Path

    folder = Path(str(tmp_path))
    code, _, err = run(capsys, "--lang", "nl", "--db", str(folder / "weg" / "team.db"), "seekers", "list")
    assert code == 1 and "bestaat niet" in err and "does not exist" not in err, err
    database = folder / "team.db"
    assert run(capsys, "--db", str(database), "seekers", "list")[0] == 0
    holder = sqlite3.connect(database, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        monkeypatch.setattr("srmatch.store.engine.BUSY_TIMEOUT_MS", 50)
        code, _, err = run(capsys, "--lang", "nl", "--db", str(database), "demo", "--no-tui", "--seekers", "5",
                           "--vacancies", "5")  # a write: WAL lets readers through a lock
    finally:
        holder.rollback()
        holder.close()
    assert code == 1 and "in gebruik door een ander programma" in err, err
    config = Path(str(tmp_path)) / "config"
    config.mkdir(exist_ok=True)
    (config / "config.toml").write_text('keys = 5\n', encoding="utf-8")
    monkeypatch.setenv("SRMATCH_CONFIG_DIR", str(config))
    monkeypatch.delenv("SRMATCH_LANG")
    code, _, err = run(capsys, "--lang", "nl", "seekers", "list")
    assert code == 1 and "moet" in err and "must" not in err, err


def test_a_commands_own_lang_option_leaves_the_interface_language(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SRMATCH_LANG", "nl")
    code, out, _ = run(capsys, "algorithm-register", "--lang", "en", "--help")
    assert code == 0
    assert out.startswith("gebruik: srmatch algorithm-register") and "taal van de tekst" in out
    monkeypatch.setenv("SRMATCH_LANG", "en")
    code, out, _ = run(capsys, "--user", "ann", "--lang", "nl", "seekers", "--help")
    assert code == 0 and out.startswith("gebruik: srmatch seekers")
