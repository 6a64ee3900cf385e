"""``srmatch db …``: upgrade, back up and check the database."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from srmatch.cli.common import EXIT_FAILURE, EXIT_OK, Commands, Parser, open_engine, print_json
from srmatch.i18n import t

if TYPE_CHECKING:
    from srmatch.config import Settings


def register(commands: Commands) -> None:
    db = commands.add_parser("db", help=t("cli.help.db"))
    db_commands = db.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    db_upgrade = db_commands.add_parser("upgrade", help=t("cli.help.db.upgrade"))
    db_upgrade.set_defaults(handler=_cmd_db_upgrade)
    db_backup = db_commands.add_parser("backup", help=t("cli.help.db.backup"))
    db_backup.add_argument("--to", type=Path, metavar="PATH", help=t("cli.help.db.backup.to"))
    db_backup.set_defaults(handler=_cmd_db_backup)
    db_check = db_commands.add_parser("check", help=t("cli.help.db.check"))
    db_check.add_argument("--json", action="store_true", help=t("cli.help.db.check.json"))
    db_check.set_defaults(handler=_cmd_db_check)
    db_restore = db_commands.add_parser(
        "restore", help=t("cli.help.db.restore")
    )
    db_restore.add_argument("path", type=Path, metavar="PATH", help=t("cli.help.db.restore.path"))
    db_restore.set_defaults(handler=_cmd_db_restore)


def _cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.store.engine import make_engine
    from srmatch.store.migrate import schema_state, upgrade

    engine = make_engine(settings.database_url)
    before = schema_state(engine)
    backup = upgrade(engine)
    after = schema_state(engine)
    if before.current == after.current:
        print(t("cli.db.up_to_date", revision=after.current))
    else:
        print(t("cli.db.upgraded", old=before.current or "-", new=after.current))
    if backup:
        print(t("cli.db.backup_written", path=backup))
    return EXIT_OK


def _cmd_db_backup(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.store.migrate import backup_database

    path = backup_database(open_engine(settings), args.to)
    print(t("cli.db.backup_written", path=path))
    return EXIT_OK


def _cmd_db_check(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.store.engine import make_engine
    from srmatch.store.migrate import check_database

    from srmatch.services.restore import damage_advice
    from srmatch.store.errors import DatabaseUnavailable

    try:
        report = check_database(make_engine(settings.database_url))
    except DatabaseUnavailable as error:
        print(t("cli.db.integrity_failed"))
        print(f"  - {error}")
        for line in damage_advice(settings.database_url):
            print(line)
        return EXIT_FAILURE
    if args.json:
        print_json(
            {
                "ok": report.ok,
                "problems": list(report.problems),
                "schema": {"current": report.state.current, "head": report.state.head, "status": report.state.status},
            }
        )
    else:
        print(t("cli.db.schema", current=report.state.current or "-", head=report.state.head, status=report.state.status))
        print(t("cli.db.integrity_ok") if report.ok else t("cli.db.integrity_failed"))
        for problem in report.problems:
            print(f"  - {problem}")
        if not report.ok:
            for line in damage_advice(settings.database_url):
                print(line)
    return EXIT_OK if report.ok else EXIT_FAILURE


def _cmd_db_restore(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.cli.common import actor
    from srmatch.services.restore import restore

    result = restore(settings.database_url, args.path, actor(settings))
    if result.previous_saved_to is not None:
        print(t("restore.saved", path=result.previous_saved_to))
    print(t("restore.done", path=result.restored_from, revision=result.revision_restored, now=result.revision_now))
    return EXIT_OK
