"""Command-line entry point ``srmatch``: a thin layer over the services.

argparse (standard library) rather than typer/click: one dependency less to carry into a
locked-down wheelhouse, and nothing here needs more than subcommands and flags.
Every failure a user can cause ends in one line on stderr and a non-zero exit.

One module per command group (``srmatch/cli/<group>.py``), each with ``register(commands)``;
add a new group to :data:`COMMAND_MODULES`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from srmatch import __version__
from srmatch.cli.common import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, Parser
from srmatch.cli.argparse_texts import install as install_argparse_texts
from srmatch.config import ConfigError, Settings, load_settings, resolve_language
from srmatch.i18n import set_language, t

if TYPE_CHECKING:
    from sqlalchemy import Engine

__all__ = ["EXIT_FAILURE", "EXIT_OK", "EXIT_USAGE", "build_parser", "main", "run_app"]

#: The command groups, in the order ``srmatch --help`` lists them.
COMMAND_MODULES = (
    "srmatch.cli.demo",
    "srmatch.cli.records",
    "srmatch.cli.db",
    "srmatch.cli.vocabulary",
    "srmatch.cli.users",
    "srmatch.cli.privacy",
    "srmatch.cli.audit",
    "srmatch.cli.register",
    "srmatch.cli.placements",
    "srmatch.cli.importing",
    "srmatch.cli.exporting",
    "srmatch.cli.matching",
    "srmatch.cli.geo",
    "srmatch.cli.fairness",
    "srmatch.cli.social_return",
    # after importing: reads `srmatch import contributions` (the import command lists the kind)
    "srmatch.cli.reports",
)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="srmatch",
        description=t("cli.help.description"),
    )
    parser.add_argument("--version", action="version", version=f"srmatch {__version__}", help=t("argparse.show_version"))
    parser.add_argument("--db", metavar="PATH", help=t("cli.help.srmatch.db"))
    parser.add_argument("--demo", action="store_true", help=t("cli.help.srmatch.demo"))
    parser.add_argument("--lang", choices=["nl", "en"], help=t("cli.help.srmatch.lang"))
    parser.add_argument("--user", metavar="LOGIN", help=t("cli.help.srmatch.user"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(commands)
    return parser


def run_app(settings: Settings, engine: Engine | None = None) -> int:
    """Open the terminal app on the settings' database."""
    from srmatch.app import SrmatchApp
    from srmatch.cli.common import open_engine

    SrmatchApp(settings=settings, engine=engine or open_engine(settings)).run()
    return EXIT_OK


def _fail(message: str) -> int:
    print(f"srmatch: {t('cli.error')}: {message}", file=sys.stderr)
    return EXIT_FAILURE


#: The global options that take a value: what follows them is that value, not the command.
_OPTIONS_WITH_A_VALUE = ("--db", "--user")


def _language_flag(arguments: Sequence[str]) -> str | None:
    """The value of srmatch's own ``--lang`` (``--lang nl`` or ``--lang=nl``) before argparse has run.

    Only the global options before the command count: in ``srmatch algorithm-register --lang en``
    the option chooses the language of the register's text, not of the interface.
    """
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument == "--" or not argument.startswith("-"):
            break
        if argument.startswith("--lang="):
            return argument.partition("=")[2] or None
        if argument == "--lang":
            return arguments[index + 1] if index + 1 < len(arguments) else None
        index += 2 if argument in _OPTIONS_WITH_A_VALUE else 1
    return None


def _as_demo_caseworker(settings: Settings, *, say_so: bool) -> Settings:
    """On the demo database without a chosen user, work as its first caseworker (an
    operating-system login is no user of the invented desk, so nothing could be proposed)."""
    import dataclasses

    from srmatch.services.demo import demo_logins

    logins = demo_logins()
    if say_so:
        print(t("cli.demo.as_user", name=logins.caseworker_name, login=logins.caseworker, lead=logins.team_lead),
              file=sys.stderr)
    return dataclasses.replace(settings, user_login=logins.caseworker)


def main(argv: Sequence[str] | None = None) -> int:
    """Run srmatch; return the process exit code.

    The error policy (docs/architecture.md): what a user caused, a locked or unreachable
    database and an unreadable file end in one line and exit code 1; anything else is a bug,
    also one line, with its traceback in ``crash.log`` in the data folder.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    # argparse's own texts (headings, "usage:", its errors) and every command's help text
    # (looked up while the parser is built) speak the language chosen by --lang,
    # SRMATCH_LANG, the config file or the locale; a bad setting is reported below.
    try:
        set_language(resolve_language(_language_flag(arguments)))
    except ConfigError:
        set_language("en")
    install_argparse_texts()
    parser = build_parser()
    args = parser.parse_args(arguments)
    try:
        # Invented people never land in the real database by accident: `srmatch demo`
        # writes to the separate demo database unless --db names another one.
        use_demo_database = args.demo or (args.command == "demo" and not args.db)
        settings = load_settings(db_path=args.db, demo=use_demo_database, language=args.lang, user=args.user)
        set_language(settings.language)
        if use_demo_database and settings.user_login is None:
            opens_app = args.command is None or (args.command == "demo" and not args.no_tui)
            settings = _as_demo_caseworker(settings, say_so=opens_app)
        handler: Callable[[argparse.Namespace, Settings], int] | None = getattr(args, "handler", None)
        if handler is None:
            return run_app(settings)
        return handler(args, settings)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:  # one line for the user; a bug's details go to crash.log
        from srmatch.logs import report_failure

        command = " ".join(part for part in (args.command, getattr(args, "action", None)) if part)
        return _fail(report_failure(error, where=f"srmatch {command}".strip()))
