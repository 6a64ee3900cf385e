"""``srmatch import KIND FILE``: spreadsheets into srmatch (the kinds: ``services.import_kinds``)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from srmatch.cli.common import EXIT_FAILURE, EXIT_OK, Commands, open_engine, print_json, print_table, registered_actor, stderr
from srmatch.i18n import t
from srmatch.services.import_kinds import KINDS

if TYPE_CHECKING:
    from srmatch.config import Settings
    from srmatch.services.importing import ImportReport


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "import",
        help=t("cli.help.import", kinds=", ".join(t(f"import.kind.{kind}") for kind in KINDS)),
        description=t("cli.help.import.description"),
    )
    # Every kind of the one list; ``contributions`` is handled by ``srmatch.cli.reports``.
    parser.add_argument("kind", choices=KINDS, metavar="|".join(KINDS), help=t("cli.help.import.kind"))
    parser.add_argument("file", type=Path, metavar="FILE", help=t("cli.help.import.file"))
    parser.add_argument("--dry-run", action="store_true", help=t("cli.help.import.dry_run"))
    parser.add_argument("--skip-invalid", action="store_true", help=t("cli.help.import.skip_invalid"))
    parser.add_argument("--report", type=Path, metavar="FILE", help=t("cli.help.import.report"))
    parser.add_argument("--sheet", metavar="NAME", help=t("cli.help.import.sheet"))
    parser.add_argument("--json", action="store_true", help=t("cli.help.import.json"))
    parser.set_defaults(handler=_cmd_import)


def _cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services.importing import import_file

    engine = open_engine(settings)
    person = registered_actor(settings, engine)
    last_shown: dict[str, int] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if total >= 10_000 or stage == "write":
            step = last_shown.get(stage, 0)
            if done - step >= 10_000 or (stage == "write" and done > step) or done == total:
                last_shown[stage] = done
                stderr(t(f"import.progress.{stage}", done=done, total=total))

    report = import_file(
        engine, args.kind, args.file, person, dry_run=args.dry_run, skip_invalid=args.skip_invalid,
        sheet=args.sheet, progress=progress,
    )
    if args.report:
        write_report(report, args.report)
    if args.json:
        print_json(report.to_json())
    else:
        print_report(report)
    return EXIT_OK if report.ok else EXIT_FAILURE


def print_report(report: ImportReport) -> None:
    """The counts, the problems as a table, and what to do next."""
    if report.refused:
        print(t("import.cli.refused", file=report.file_name, reason=report.refused))
        return
    key = "import.cli.dry_run" if report.dry_run else "import.cli.summary"
    print(t(key, kind=t(f"import.kind.{report.kind}"), file=report.file_name, added=report.added, updated=report.updated,
            unchanged=report.unchanged, rejected=report.rejected))
    if report.created_employers:
        print(t("import.cli.employers_created", count=report.created_employers))
    for column in report.ignored_columns:
        print(t("import.cli.ignored_column", column=column))
    if report.problems:
        print_table(
            [t("import.col.row"), t("import.col.column"), t("import.col.value"), t("import.col.reason")],
            [(p.row, p.column, p.value, p.reason) for p in report.problems],
        )
    if report.rejected and report.dry_run:
        print(t("import.cli.dry_run_rejected"))
    if report.rejected and not report.written and not report.dry_run:
        print(t("import.cli.nothing_written"))
    elif report.rejected and report.written:
        print(t("import.cli.valid_rows_written"))


def write_report(report: ImportReport, path: Path) -> None:
    """The validation report as CSV (or XLSX for a ``.xlsx`` name): row, column, value, reason."""
    write_problems(path, report.problems, report.refused or "")


def write_problems(path: Path, problems: Sequence[Any], refused: str = "") -> None:
    """Row problems (anything with ``row``, ``column``, ``value``, ``reason``) as the import's
    report file: CSV, or XLSX for a ``.xlsx`` name; a refusal of the whole file comes first."""
    from srmatch.services.exporting import write_table

    headers = ["row", "column", "value", "reason"]
    rows: list[list[object]] = [[p.row, p.column, p.value, p.reason] for p in problems]
    if refused:
        rows.insert(0, ["", "", "", refused])
    fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
    write_table(path, headers, rows, fmt=fmt, sheet_title="report")
