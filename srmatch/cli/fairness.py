"""``srmatch fairness``: proposals, approvals and placements per target group and area."""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING

from srmatch.cli.common import EXIT_OK, Commands, open_engine, print_json, print_table
from srmatch.i18n import t

if TYPE_CHECKING:
    from srmatch.config import Settings


def register(commands: Commands) -> None:
    fairness = commands.add_parser("fairness", help=t("cli.help.fairness"))
    fairness.add_argument("--json", action="store_true", help=t("cli.help.fairness.json"))
    fairness.set_defaults(handler=_cmd_fairness)


def _cmd_fairness(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services.fairness import COLUMNS, SMALL_CELL, fairness_report

    report = fairness_report(open_engine(settings))
    if args.json:
        print_json(report.to_json())
        return EXIT_OK
    headers = ["", *(t(f"fairness.column.{name}") for name in COLUMNS), t("fairness.column.share")]
    for title, rows, label in ((t("fairness.by_target_group"), report.by_target_group, "target_group"),
                               (t("fairness.by_area"), report.by_area, "area")):
        print(title)
        table = [[t(f"fairness.{label}.{row.group}"), *row.cells().values(), report.share_of_placed(row)]
                 for row in rows]
        table.append([t("fairness.total"), *report.total.cells().values(), ""])
        print_table(headers, table)
        print()
    print(textwrap.fill(t("fairness.footnote", small=SMALL_CELL), 80))
    return EXIT_OK
