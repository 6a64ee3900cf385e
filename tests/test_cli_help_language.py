"""Every ``--help`` text of the command line in the user's language.

The Dutch help of each sub-command is compared with the English one, text by text: a help
that is still the English literal is a caseworker reading English. argparse has no public way
to walk a parser, so :func:`_walk` and :func:`_help_texts` read its ``_actions`` (stable since
Python 3.2); everything a user sees is checked through ``srmatch.cli.main``.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from srmatch.cli import build_parser, main
from srmatch.cli.argparse_texts import install as install_argparse_texts
from srmatch.i18n import set_language

Path = tuple[str, ...]

#: Helps that are the same in both languages on purpose: lists of values a user types.
SAME_IN_BOTH: set[tuple[Path, str]] = {
    (("placements", "transition"), "workflow_action"),  # approve, reject, send_back, …
    (("users", "set-role"), "role"),  # caseworker, team_lead, account_manager, admin
}


def _parser_in(language: str) -> argparse.ArgumentParser:
    set_language(language)
    install_argparse_texts()
    try:
        return build_parser()
    finally:
        set_language("en")


def _walk(parser: argparse.ArgumentParser, path: Path = ()) -> Iterator[tuple[Path, argparse.ArgumentParser]]:
    """Every parser under ``parser`` (itself first), with the words that reach it."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub_parser in action.choices.items():
                yield from _walk(sub_parser, (*path, name))


def _help_texts(parser: argparse.ArgumentParser) -> dict[str, str]:
    """What ``parser --help`` says, by the thing it says it about."""
    texts = {"(description)": parser.description or "", "(epilog)": parser.epilog or ""}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                texts[f"command {choice.dest}"] = choice.help or ""
        elif action.help is not argparse.SUPPRESS:
            texts[action.option_strings[-1] if action.option_strings else action.dest] = action.help or ""
    return {what: text for what, text in texts.items() if text}


ENGLISH = dict(_walk(_parser_in("en")))
DUTCH = dict(_walk(_parser_in("nl")))
PATHS = sorted(ENGLISH)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    return code, capsys.readouterr().out


def test_both_languages_have_the_same_commands() -> None:
    assert sorted(DUTCH) == PATHS
    assert len(PATHS) > 60


@pytest.mark.parametrize("path", PATHS, ids=lambda path: " ".join(path) or "srmatch")
def test_no_help_text_is_left_in_english(path: Path) -> None:
    english, dutch = _help_texts(ENGLISH[path]), _help_texts(DUTCH[path])
    assert sorted(dutch) == sorted(english)
    still_english = sorted(
        what for what, text in english.items() if dutch[what] == text and (path, what) not in SAME_IN_BOTH
    )
    assert not still_english


def _without_help(parser: argparse.ArgumentParser) -> list[str]:
    """The options and positionals that ``parser --help`` lists with nothing after them."""
    return [
        action.option_strings[-1] if action.option_strings else str(action.metavar or action.dest)
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction) and action.help is not argparse.SUPPRESS
        and not (action.help or "").strip()
    ]


@pytest.mark.parametrize("path", PATHS, ids=lambda path: " ".join(path) or "srmatch")
def test_every_option_and_positional_says_what_it_is(path: Path) -> None:
    """A bare ``--start DATE`` or ``PC4`` in ``--help`` leaves the caseworker guessing the format."""
    assert not _without_help(ENGLISH[path])
    assert not _without_help(DUTCH[path])


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("path", PATHS, ids=lambda path: " ".join(path) or "srmatch")
def test_every_help_shows_at_80_columns(
    path: Path, language: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """argparse %-formats every help text: a stray % (or a broken %(default)s) would crash here."""
    monkeypatch.setenv("COLUMNS", "80")
    code, out = _run(capsys, "--lang", language, *path, "--help")
    assert code == 0
    assert out.startswith("gebruik: srmatch" if language == "nl" else "usage: srmatch")


def test_a_dutch_caseworker_reads_the_options_in_dutch(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out = _run(capsys, "--lang", "nl", "seekers", "list", "--help")
    assert code == 0
    assert "deel van een naam, klantnummer of postcode" in out
    assert "--limit N   hoogstens N rijen (standaard 50)" in out
    assert "--json      één JSON-array op stdout" in out
    assert "rows" not in out and "stdout\n" in out


def test_a_group_lists_its_commands_in_dutch(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("SRMATCH_LANG", "nl")
    code, out = _run(capsys, "contracts", "--help")
    assert code == 0
    assert "een contract registreren; de verplichting volgt uit de regelset" in out
    code, out = _run(capsys, "--help")
    assert "de database bijwerken, er een reservekopie van maken of hem controleren" in out


def test_the_english_help_is_unchanged(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    _, out = _run(capsys, "seekers", "list", "--help")
    assert "  text        part of a name, client number or postcode\n" in out
    assert "  --limit N   at most N rows (default 50)\n" in out
    assert "  --json      one JSON array on stdout\n" in out
    _, out = _run(capsys, "--help")
    assert "upgrade, back up or check the database" in out
    assert "use the separate demo database" in out
    _, out = _run(capsys, "placements", "list", "--help")
    assert "only this status: proposed, needs_info, approved, rejected, introduced" in out
    _, out = _run(capsys, "export", "--help")
    assert "Seekers and vacancies are exported with the import's column names, so the file imports again." in out
    _, out = _run(capsys, "valuation", "calc", "--help")
    assert '{"value": euros, "explanation": ...}' in out


def test_the_social_return_options_say_their_format(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    _, out = _run(capsys, "--lang", "nl", "contracts", "add", "--help")
    assert "--start DATE          eerste dag van het contract (JJJJ-MM-DD of DD-MM-JJJJ); bepaalt welke regelset geldt" in out
    assert "--buyer KVK           het KvK-nummer van de opdrachtgever (8 cijfers; registreren met organisations add)" in out
    _, out = _run(capsys, "--lang", "en", "geo", "distance", "--help")
    assert "  PC4         the first postcode (3072 or 3072 AB)\n" in out


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_import_help_lists_every_kind_it_accepts(
    language: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kinds of ``srmatch import`` come from one list (``services.import_kinds.KINDS``): what
    the parser accepts, its usage line and the command's line in ``srmatch --help`` all name them."""
    from srmatch.i18n import t
    from srmatch.services import import_kinds

    assert set(import_kinds.RECORD_KINDS) < set(import_kinds.KINDS) and import_kinds.CONTRIBUTIONS in import_kinds.KINDS
    parser = dict(_walk(_parser_in(language)))[("import",)]
    kind = next(action for action in parser._actions if action.dest == "kind")
    assert tuple(kind.choices or ()) == import_kinds.KINDS
    assert kind.metavar == "|".join(import_kinds.KINDS)
    monkeypatch.setenv("COLUMNS", "200")
    code, out = _run(capsys, "--lang", language, "import", "--help")
    assert code == 0 and "|".join(import_kinds.KINDS) in out
    code, out = _run(capsys, "--lang", language, "--help")
    line = next(line for line in out.splitlines() if line.strip().startswith("import "))
    set_language(language)
    try:
        names = [t(f"import.kind.{name}") for name in import_kinds.KINDS]
    finally:
        set_language("en")
    assert all(name in line for name in names), (names, line)
