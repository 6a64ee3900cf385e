"""``srmatch audit …``: read the audit log (team lead, admin) and apply its retention."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from srmatch.cli.common import (
    EXIT_OK,
    Commands,
    Parser,
    iso_date,
    open_engine,
    positive_int,
    print_json,
    print_table,
    registered_actor,
    stderr,
)
from srmatch.formatting import format_date, format_moment
from srmatch.i18n import t

if TYPE_CHECKING:
    from srmatch.config import Settings


def register(commands: Commands) -> None:
    audit = commands.add_parser("audit", help=t("cli.help.audit"))
    actions = audit.add_subparsers(dest="action_name", metavar="ACTION", required=True, parser_class=Parser)

    listing = actions.add_parser("list", help=t("cli.help.audit.list"))
    listing.add_argument("--actor", metavar="A", help=t("cli.help.audit.list.actor"))
    listing.add_argument("--action", metavar="X", help=t("cli.help.audit.list.action"))
    listing.add_argument("--object", dest="object_type", metavar="TYPE", help=t("cli.help.audit.list.object"))
    listing.add_argument("--object-id", metavar="ID", help=t("cli.help.audit.list.object_id"))
    listing.add_argument("--result", metavar="R", help=t("cli.help.audit.list.result"))
    listing.add_argument("--since", type=iso_date, metavar="D", help=t("cli.help.audit.list.since"))
    listing.add_argument("--until", type=iso_date, metavar="D", help=t("cli.help.audit.list.until"))
    listing.add_argument("--limit", type=positive_int, default=200, metavar="N", help=t("cli.help.audit.list.limit"))
    listing.add_argument("--json", action="store_true", help=t("cli.help.audit.list.json"))
    listing.set_defaults(handler=_cmd_list)

    purge = actions.add_parser("purge", help=t("cli.help.audit.purge"))
    purge.add_argument("--older-than-months", type=positive_int, metavar="N", help=t("cli.help.audit.purge.older_than_months"))
    purge.add_argument("--dry-run", action="store_true", help=t("cli.help.audit.purge.dry_run"))
    purge.set_defaults(handler=_cmd_purge)


def _cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import audit

    criteria = audit.AuditFilter(
        actor=args.actor,
        action=args.action,
        object_type=args.object_type,
        object_id=args.object_id,
        result=args.result,
        since=args.since,
        until=args.until,
    )
    engine = open_engine(settings)
    page = audit.list_events(engine, registered_actor(settings, engine), criteria, limit=args.limit)
    if args.json:
        print_json([row.to_json() for row in page.rows])
        return EXIT_OK
    print_table(
        [t("audit.col.time"), t("audit.col.actor"), t("audit.col.action"), t("audit.col.object"), t("audit.col.result"), t("audit.col.origin"), t("audit.col.reason")],
        [
            (
                format_moment(row.occurred_at),
                row.actor,
                row.action,
                f"{row.object_type} {row.object_id or ''}".strip(),
                row.result,
                row.origin,
                row.reason or "",
            )
            for row in page.rows
        ],
    )
    if page.total > len(page.rows):
        stderr(t("audit.more", shown=len(page.rows), total=page.total))
    return EXIT_OK


def _cmd_purge(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import audit

    engine = open_engine(settings)
    who = registered_actor(settings, engine)
    report = audit.purge_audit_log(engine, who, args.older_than_months, dry_run=args.dry_run)
    key = "audit.purge.dry_run" if report.dry_run else "audit.purge.done"
    print(t(key, due=report.due, deleted=report.deleted, months=report.retention_months, cutoff=format_date(report.cutoff)))
    return EXIT_OK
