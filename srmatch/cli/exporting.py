"""``srmatch export seekers|vacancies|placements|audit --format csv|xlsx [--to FILE]``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from srmatch.cli.common import EXIT_FAILURE, EXIT_OK, Commands, open_engine, registered_actor, stderr
from srmatch.i18n import t

if TYPE_CHECKING:
    from srmatch.config import Settings


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "export",
        help=t("cli.help.export"),
        description=t("cli.help.export.description"),
    )
    parser.add_argument("kind", choices=("seekers", "vacancies", "placements", "audit"), metavar="seekers|vacancies|placements|audit",
                        help=t("cli.help.export.kind"))
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv", help=t("cli.help.export.format"))
    parser.add_argument("--to", type=Path, metavar="FILE", help=t("cli.help.export.to"))
    parser.set_defaults(handler=_cmd_export)


def _cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services.exporting import export

    if args.format == "xlsx" and args.to is None:
        stderr(f"srmatch: {t('cli.error')}: {t('export.cli.xlsx_needs_to')}")
        return EXIT_FAILURE
    engine = open_engine(settings)
    summary = export(engine, args.kind, registered_actor(settings, engine), fmt=args.format, path=args.to)
    if summary.path is not None:
        stderr(t("export.written", rows=summary.rows, path=summary.path))
    return EXIT_OK
