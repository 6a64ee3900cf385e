"""``srmatch report social-return|contractor-template`` and ``srmatch import contributions``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from srmatch.cli.common import EXIT_FAILURE, EXIT_OK, Commands, Parser, open_engine, print_json, registered_actor, stderr
from srmatch.i18n import t
from srmatch.services.import_kinds import CONTRIBUTIONS

if TYPE_CHECKING:
    from srmatch.config import Settings


def _group(commands: Commands, name: str, help_text: str) -> Any:
    """The sub-command list of group ``name``."""
    return commands.add_parser(name, help=help_text).add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=Parser)


def _route_import_contributions(commands: Commands) -> None:
    """``srmatch import contributions FILE`` is read here; every other kind by ``srmatch.cli.importing``.

    The import command (registered before this module) lists every kind of
    ``services.import_kinds.KINDS``, contributions too, so both share one command, its options
    and its help; this only routes that one kind.
    """
    parser = commands.choices["import"]
    other = parser.get_default("handler")

    def dispatch(args: argparse.Namespace, settings: Settings) -> int:
        if args.kind == CONTRIBUTIONS:
            return _cmd_import_contributions(args, settings)
        result: int = other(args, settings)
        return result

    parser.set_defaults(handler=dispatch)


def register(commands: Commands) -> None:
    report = _group(commands, "report", t("cli.help.report"))
    social = report.add_parser("social-return", help=t("cli.help.report.social_return"))
    social.add_argument("--year", type=int, metavar="Y", help=t("cli.help.report.social_return.year"))
    social.add_argument("--contractor", metavar="KVK", help=t("cli.help.report.social_return.contractor"))
    social.add_argument("--format", required=True, choices=["csv", "xlsx", "md"],
                        help=t("cli.help.report.social_return.format"))
    social.add_argument("--to", type=Path, metavar="FILE", help=t("cli.help.report.social_return.to"))
    social.set_defaults(handler=_cmd_report_social_return)
    template = report.add_parser("contractor-template", help=t("cli.help.report.contractor_template"))
    template.add_argument("contract", metavar="CONTRACT", help=t("cli.help.report.contractor_template.contract"))
    template.add_argument("--to", type=Path, required=True, metavar="FILE.xlsx",
                          help=t("cli.help.report.contractor_template.to"))
    template.set_defaults(handler=_cmd_report_template)

    _route_import_contributions(commands)


def _cmd_report_social_return(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services.reports import social_return_report

    text, count = social_return_report(open_engine(settings), fmt=args.format, destination=args.to, year=args.year,
                                       contractor=args.contractor)
    if text is not None:
        sys.stdout.write(text)
    else:
        stderr(t("sr.cli.report_written", n=count, path=str(args.to)))
    return EXIT_OK


def _cmd_report_template(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services.reports import write_contractor_template

    lines = write_contractor_template(open_engine(settings), args.contract, args.to)
    print(t("sr.cli.template_written", path=str(args.to), n=lines))
    return EXIT_OK


def _cmd_import_contributions(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.cli.importing import write_problems
    from srmatch.services.reports import import_contributions

    engine = open_engine(settings)
    report = import_contributions(engine, registered_actor(settings, engine), args.file, dry_run=args.dry_run,
                                  skip_invalid=args.skip_invalid, sheet=args.sheet)
    if args.report:
        write_problems(args.report, report.problems)
    if args.json:
        print_json(report.to_json())
    else:
        for problem in report.problems:
            print(t("sr.import.problem", row=problem.row, column=problem.column, value=problem.value, reason=problem.reason))
        key = "sr.import.summary_written" if report.written else "sr.import.summary_not_written"
        print(t(key, added=report.added, updated=report.updated, unchanged=report.unchanged, rejected=report.rejected))
    return EXIT_FAILURE if report.rejected else EXIT_OK
