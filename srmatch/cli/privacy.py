"""``srmatch privacy …``: honour access and erasure requests, and run the retention purge."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from srmatch.cli.common import (
    EXIT_FAILURE,
    EXIT_OK,
    Commands,
    Parser,
    open_engine,
    positive_int,
    print_json,
    registered_actor,
    stderr,
)
from srmatch.errors import UserFacingError
from srmatch.formatting import format_date
from srmatch.i18n import t

if TYPE_CHECKING:
    from srmatch.config import Settings


def register(commands: Commands) -> None:
    privacy = commands.add_parser("privacy", help=t("cli.help.privacy"))
    actions = privacy.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)

    export = actions.add_parser("export-person", help=t("cli.help.privacy.export_person"))
    export.add_argument("client_number", metavar="CLIENT_NUMBER", help=t("cli.help.privacy.export_person.client_number"))
    export.add_argument("--format", choices=["json", "xlsx"], default="json", help=t("cli.help.privacy.export_person.format"))
    export.add_argument("--to", metavar="FILE", help=t("cli.help.privacy.export_person.to"))
    export.set_defaults(handler=_cmd_export)

    erase = actions.add_parser("erase", help=t("cli.help.privacy.erase"))
    erase.add_argument("client_number", metavar="CLIENT_NUMBER", help=t("cli.help.privacy.erase.client_number"))
    erase.add_argument("--reason", required=True, metavar="TEXT", help=t("cli.help.privacy.erase.reason"))
    erase.add_argument("--yes", action="store_true", help=t("cli.help.privacy.erase.yes"))
    erase.set_defaults(handler=_cmd_erase)

    employer = actions.add_parser(
        "employer-profiles",
        help=t("cli.help.privacy.employer_profiles"),
    )
    employer.add_argument("reference", metavar="VACANCY_REFERENCE", help=t("cli.help.privacy.employer_profiles.reference"))
    employer.add_argument("--format", choices=["json", "xlsx"], default="json", help=t("cli.help.privacy.employer_profiles.format"))
    employer.add_argument("--to", metavar="FILE", help=t("cli.help.privacy.employer_profiles.to"))
    employer.set_defaults(handler=_cmd_employer)

    purge = actions.add_parser(
        "purge", help=t("cli.help.privacy.purge")
    )
    purge.add_argument(
        "--inactive-months", type=positive_int, metavar="N", help=t("cli.help.privacy.purge.inactive_months")
    )
    purge.add_argument("--dry-run", action="store_true", help=t("cli.help.privacy.purge.dry_run"))
    purge.add_argument("--yes", action="store_true", help=t("cli.help.privacy.purge.yes"))
    purge.add_argument("--json", action="store_true", help=t("cli.help.privacy.purge.json"))
    purge.set_defaults(handler=_cmd_purge)


def confirm(question: str) -> bool:
    """Ask on the terminal; anything but yes/ja is no. Without a terminal, no."""
    if not sys.stdin.isatty():
        stderr(t("privacy.confirm.no_terminal"))
        return False
    try:
        answer = input(f"{question} [{t('privacy.confirm.choices')}] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes", "j", "ja")


def _cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import privacy

    if args.format == "xlsx" and not args.to:
        raise UserFacingError(t("privacy.export.xlsx_needs_file"))
    engine = open_engine(settings)
    export = privacy.export_person(engine, args.client_number, registered_actor(settings, engine))
    if not args.to:
        print_json(export.to_json())
        return EXIT_OK
    path = privacy.write_private_file(Path(args.to), privacy.person_export_bytes(export, args.format))
    stderr(
        t(
            "privacy.export.written",
            path=str(path),
            placements=len(export.placements),
            contributions=len(export.contributions),
            events=len(export.audit_events),
        )
    )
    return EXIT_OK


def _cmd_employer(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import privacy

    if args.format == "xlsx" and not args.to:
        raise UserFacingError(t("privacy.export.xlsx_needs_file"))
    engine = open_engine(settings)
    export = privacy.employer_export(engine, args.reference, registered_actor(settings, engine))
    if not args.to:
        print_json(export.to_json())
        return EXIT_OK
    path = privacy.write_private_file(Path(args.to), privacy.employer_export_bytes(export, args.format))
    identified = export.identified
    stderr(
        t(
            "privacy.employer.written",
            path=str(path),
            count=len(export.candidates),
            anonymous=len(export.candidates) - identified,
            identified=identified,
        )
    )
    return EXIT_OK


def _cmd_erase(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import privacy

    engine = open_engine(settings)
    who = registered_actor(settings, engine)
    # Someone without the role goes straight to the service, which refuses and audits it.
    allowed = who.role in privacy.PRIVACY_ROLES
    if allowed and not args.yes and not confirm(t("privacy.erase.confirm", client_number=args.client_number)):
        stderr(t("privacy.cancelled"))
        return EXIT_FAILURE
    result = privacy.erase_person(engine, args.client_number, who, args.reason)
    print(
        t(
            "privacy.erase.done",
            client_number=args.client_number,
            placements=result.placements_anonymised,
            contributions=result.contributions_kept,
        )
    )
    return EXIT_OK


def _cmd_purge(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import privacy

    engine = open_engine(settings)
    who = registered_actor(settings, engine)
    if not args.dry_run and not args.yes and who.role in privacy.PRIVACY_ROLES:
        due = privacy.purge_inactive(engine, who, args.inactive_months, dry_run=True)
        if due.due == 0:
            args.dry_run = True
        elif not confirm(t("privacy.purge.confirm", due=due.due, months=due.inactive_months)):
            stderr(t("privacy.cancelled"))
            return EXIT_FAILURE
    report = privacy.purge_inactive(engine, who, args.inactive_months, dry_run=args.dry_run)
    if args.json:
        print_json(report.to_json())
        return EXIT_OK
    key = "privacy.purge.dry_run" if report.dry_run else "privacy.purge.done"
    print(
        t(
            key,
            due=report.due,
            erased=report.erased,
            held=report.held_by_open_placement,
            months=report.inactive_months,
            cutoff=format_date(report.cutoff),
        )
    )
    return EXIT_OK
