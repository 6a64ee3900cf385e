"""``srmatch users …``: register people and their roles (admin; see ``srmatch.services.users``)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from srmatch.cli.common import EXIT_OK, Commands, Parser, open_engine, print_json, print_table, registered_actor
from srmatch.i18n import t

if TYPE_CHECKING:
    from srmatch.config import Settings

_ROLES = ["caseworker", "team_lead", "account_manager", "admin"]


def register(commands: Commands) -> None:
    users = commands.add_parser("users", help=t("cli.help.users"))
    user_commands = users.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    add = user_commands.add_parser("add", help=t("cli.help.users.add"))
    add.add_argument("login", metavar="LOGIN", help=t("cli.help.users.add.login"))
    add.add_argument("--role", required=True, choices=_ROLES, help=t("cli.help.users.add.role"))
    add.add_argument("--name", metavar="NAME", help=t("cli.help.users.add.name"))
    add.set_defaults(handler=_cmd_add)
    listing = user_commands.add_parser("list", help=t("cli.help.users.list"))
    listing.add_argument("--json", action="store_true", help=t("cli.help.users.list.json"))
    listing.set_defaults(handler=_cmd_list)
    set_role = user_commands.add_parser("set-role", help=t("cli.help.users.set_role"))
    set_role.add_argument("login", metavar="LOGIN", help=t("cli.help.users.set_role.login"))
    set_role.add_argument("role", metavar="ROLE", choices=_ROLES, help=", ".join(_ROLES))
    set_role.set_defaults(handler=_cmd_set_role)


def _cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import users

    engine = open_engine(settings)
    row = users.add_user(engine, registered_actor(settings, engine), args.login, args.role, args.name)
    print(t("users.added", login=row.login, role=t(f"role.{row.role}")))
    return EXIT_OK


def _cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import users

    rows = users.list_users(open_engine(settings))
    if args.json:
        print_json([row.to_json() for row in rows])
        return EXIT_OK
    if not rows:
        print(t("users.none"))
        return EXIT_OK
    print_table(
        [t("users.col.login"), t("users.col.name"), t("users.col.role"), t("users.col.active")],
        [(r.login, r.display_name, t(f"role.{r.role}"), "✓" if r.active else "–") for r in rows],
    )
    return EXIT_OK


def _cmd_set_role(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import users

    engine = open_engine(settings)
    row = users.set_role(engine, registered_actor(settings, engine), args.login, args.role)
    print(t("users.role_set", login=row.login, role=t(f"role.{row.role}")))
    return EXIT_OK
