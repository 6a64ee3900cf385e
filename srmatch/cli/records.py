"""``srmatch seekers …`` and ``srmatch vacancies …``: look people and vacancies up."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from srmatch.cli.common import (
    EXIT_OK,
    Commands,
    Parser,
    actor,
    open_engine,
    positive_int,
    print_record,
    print_json,
    print_table,
)
from srmatch.i18n import t

if TYPE_CHECKING:
    from srmatch.config import Settings


def register(commands: Commands) -> None:
    seekers = commands.add_parser("seekers", help=t("cli.help.seekers"))
    seeker_commands = seekers.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    seekers_list = seeker_commands.add_parser("list", help=t("cli.help.seekers.list"))
    seekers_list.add_argument("text", nargs="?", default="", help=t("cli.help.seekers.list.text"))
    seekers_list.add_argument("--limit", type=positive_int, default=50, metavar="N", help=t("cli.help.seekers.list.limit"))
    seekers_list.add_argument("--json", action="store_true", help=t("cli.help.seekers.list.json"))
    seekers_list.set_defaults(handler=_cmd_seekers_list)
    seekers_show = seeker_commands.add_parser("show", help=t("cli.help.seekers.show"))
    seekers_show.add_argument("client_number", help=t("cli.help.seekers.show.client_number"))
    seekers_show.add_argument("--json", action="store_true", help=t("cli.help.seekers.show.json"))
    seekers_show.set_defaults(handler=_cmd_seekers_show)
    seekers_contact = seeker_commands.add_parser("contact", help=t("cli.help.seekers.contact"))
    seekers_contact.add_argument("client_number", help=t("cli.help.seekers.contact.client_number"))
    seekers_contact.add_argument("--note", default="", help=t("cli.help.seekers.contact.note"))
    seekers_contact.add_argument("--on", default=None, metavar="DATE", help=t("cli.help.seekers.contact.on"))
    seekers_contact.set_defaults(handler=_cmd_seekers_contact)

    vacancies = commands.add_parser("vacancies", help=t("cli.help.vacancies"))
    vacancy_commands = vacancies.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    vacancies_list = vacancy_commands.add_parser("list", help=t("cli.help.vacancies.list"))
    vacancies_list.add_argument("text", nargs="?", default="", help=t("cli.help.vacancies.list.text"))
    vacancies_list.add_argument("--status", choices=["open", "on_hold", "filled", "closed"],
                                help=t("cli.help.vacancies.list.status"))
    vacancies_list.add_argument("--limit", type=positive_int, default=50, metavar="N", help=t("cli.help.vacancies.list.limit"))
    vacancies_list.add_argument("--json", action="store_true", help=t("cli.help.vacancies.list.json"))
    vacancies_list.set_defaults(handler=_cmd_vacancies_list)
    vacancies_show = vacancy_commands.add_parser("show", help=t("cli.help.vacancies.show"))
    vacancies_show.add_argument("reference", help=t("cli.help.vacancies.show.reference"))
    vacancies_show.add_argument("--json", action="store_true", help=t("cli.help.vacancies.show.json"))
    vacancies_show.set_defaults(handler=_cmd_vacancies_show)


def _cmd_seekers_list(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import records

    rows = records.list_seekers(open_engine(settings), args.text, limit=args.limit)
    if args.json:
        print_json([row.to_json() for row in rows])
        return EXIT_OK
    print_table(
        [t("col.client_number"), t("col.name"), t("col.postcode"), t("col.target_group"), t("col.ladder"), t("col.status")],
        [(r.client_number, r.display_name, r.postcode, t(f"target_group.{r.target_group}"), r.ladder_rung, t(f"seeker_status.{r.status}")) for r in rows],
    )
    return EXIT_OK


def _cmd_seekers_show(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import records

    detail = records.show_seeker(open_engine(settings), args.client_number, actor(settings))
    data = detail.to_json()
    if args.json:
        print_json(data)
    else:
        print_record(data, "seeker_status")
    return EXIT_OK


def _cmd_vacancies_list(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import records

    rows = records.list_vacancies(open_engine(settings), args.text, limit=args.limit, status=args.status)
    if args.json:
        print_json([row.to_json() for row in rows])
        return EXIT_OK
    print_table(
        [t("col.reference"), t("col.title"), t("col.employer"), t("col.postcode"), t("col.hours"), t("col.status")],
        [(r.reference, r.title, r.employer, r.postcode, f"{r.hours_min}-{r.hours_max}", t(f"vacancy_status.{r.status}")) for r in rows],
    )
    return EXIT_OK


def _cmd_vacancies_show(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import records

    data = records.show_vacancy(open_engine(settings), args.reference).to_json()
    if args.json:
        print_json(data)
    else:
        print_record(data, "vacancy_status")
    return EXIT_OK


def _cmd_seekers_contact(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import profiles

    saved = profiles.log_contact(open_engine(settings), actor(settings), args.client_number, args.note, on=args.on)
    print(t("forms.contact_logged_for", key=saved.key))
    return EXIT_OK
