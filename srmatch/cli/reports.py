"""``srmatch report social-return|contractor-template`` and ``srmatch import contributions``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from srmatch.cli.common import EXIT_FAILURE, EXIT_OK, Commands, Parser, open_engine, print_json, registered_actor, stderr
from srmatch.i18n import t

if TYPE_CHECKING:
    from srmatch.config import Settings


def _group(commands: Commands, name: str, help_text: str) -> Any:
    """The sub-command list of group ``name``."""
    return commands.add_parser(name, help=help_text).add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=Parser)


def _add_import_kind(commands: Commands) -> None:
    """Make ``srmatch import contributions FILE`` part of the import module's ``srmatch import``.

    The import module (``srmatch.cli.importing``) takes the kind as a positional choice; this
    adds ``contributions`` to those choices and routes that one kind here, so both share the
    same command, options and help.
    """
    parser = commands.choices.get("import")
    if parser is None:
        parser = commands.add_parser("import", help=t("cli.help.import.fallback"))
        parser.add_argument("kind", choices=["contributions"], help=t("cli.help.import.fallback.kind"))
        parser.add_argument("file", type=Path, metavar="FILE", help=t("cli.help.import.fallback.file"))
        parser.add_argument("--dry-run", action="store_true", help=t("cli.help.import.fallback.dry_run"))
        parser.add_argument("--skip-invalid", action="store_true", help=t("cli.help.import.fallback.skip_invalid"))
        parser.add_argument("--json", action="store_true", help=t("cli.help.import.fallback.json"))
    kind = next(action for action in parser._actions if action.dest == "kind")
    kind.choices = [*(kind.choices or []), "contributions"]
    kind.metavar = "|".join(str(choice) for choice in kind.choices)
    other = parser.get_default("handler")

    def dispatch(args: argparse.Namespace, settings: Settings) -> int:
        if args.kind == "contributions":
            return _cmd_import_contributions(args, settings)
        assert other is not None
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

    _add_import_kind(commands)


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
    from srmatch.services.reports import import_contributions

    engine = open_engine(settings)
    report = import_contributions(engine, registered_actor(settings, engine), args.file, dry_run=args.dry_run,
                                  skip_invalid=args.skip_invalid)
    if args.json:
        print_json(report.to_json())
    else:
        for problem in report.problems:
            print(t("sr.import.problem", row=problem.row, column=problem.column, value=problem.value, reason=problem.reason))
        key = "sr.import.summary_written" if report.written else "sr.import.summary_not_written"
        print(t(key, added=report.added, updated=report.updated, unchanged=report.unchanged, rejected=report.rejected))
    return EXIT_FAILURE if report.rejected else EXIT_OK
