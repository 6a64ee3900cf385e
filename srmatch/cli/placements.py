"""``srmatch placements …``: propose, list, show and move placements through the workflow."""

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
    print_fields,
    print_json,
    print_table,
    registered_actor,
)
from srmatch.formatting import format_date
from srmatch.i18n import t

if TYPE_CHECKING:
    from srmatch.config import Settings

_ACTIONS = ["approve", "reject", "send_back", "resubmit", "withdraw", "introduce", "not_hired", "start", "sustain", "end"]
_STATUSES = ["proposed", "needs_info", "approved", "rejected", "introduced", "not_hired", "withdrawn", "started",
             "sustained", "ended"]
_EMPLOYMENT_TYPES = ["fixed_term", "permanent", "bbl", "internship", "work_experience"]


#: The most hours a week a placement can have (--hours).
MAX_HOURS = 60


def _hours(text: str) -> int:
    value = positive_int(text)
    if value > MAX_HOURS:
        raise argparse.ArgumentTypeError(t("cli.too_many_hours", text=text, maximum=MAX_HOURS))
    return value


def register(commands: Commands) -> None:
    group = commands.add_parser("placements", help=t("cli.help.placements"))
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)

    propose = actions.add_parser("propose", help=t("cli.help.placements.propose"))
    propose.add_argument("client_number", metavar="CLIENT_NUMBER", help=t("cli.help.placements.propose.client_number"))
    propose.add_argument("vacancy_reference", metavar="VACANCY_REF",
                         help=t("cli.help.placements.propose.vacancy_reference"))
    propose.add_argument("--note", metavar="TEXT",
                         help=t("cli.help.placements.propose.note"))
    propose.set_defaults(handler=_cmd_propose)

    listing = actions.add_parser("list", help=t("cli.help.placements.list"))
    listing.add_argument("--status", choices=_STATUSES, metavar="S",
                         help=t("cli.help.placements.list.status", statuses=", ".join(_STATUSES)))
    listing.add_argument("--mine", action="store_true", help=t("cli.help.placements.list.mine"))
    listing.add_argument("--due", action="store_true", help=t("cli.help.placements.list.due"))
    listing.add_argument("--json", action="store_true", help=t("cli.help.placements.list.json"))
    listing.set_defaults(handler=_cmd_list)

    show = actions.add_parser("show", help=t("cli.help.placements.show"))
    show.add_argument("id", type=positive_int, metavar="ID", help=t("cli.help.placements.show.id"))
    show.add_argument("--json", action="store_true", help=t("cli.help.placements.show.json"))
    show.set_defaults(handler=_cmd_show)

    move = actions.add_parser("transition", help=t("cli.help.placements.transition"))
    move.add_argument("id", type=positive_int, metavar="ID", help=t("cli.help.placements.transition.id"))
    move.add_argument("workflow_action", choices=_ACTIONS, metavar="ACTION", help=", ".join(_ACTIONS))
    move.add_argument("--note", metavar="TEXT", help=t("cli.help.placements.transition.note"))
    move.add_argument("--reason", metavar="TEXT",
                      help=t("cli.help.placements.transition.reason"))
    move.add_argument("--start-date", type=iso_date, metavar="D",
                      help=t("cli.help.placements.transition.start_date"))
    move.add_argument("--hours", type=_hours, metavar="N", help=t("cli.help.placements.transition.hours"))
    move.add_argument("--employment-type", choices=_EMPLOYMENT_TYPES, metavar="T",
                      help=t("cli.help.placements.transition.employment_type", types=", ".join(_EMPLOYMENT_TYPES)))
    move.set_defaults(handler=_cmd_transition)


def _cmd_propose(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import placements

    engine = open_engine(settings)
    result = placements.propose(engine, registered_actor(settings, engine), args.client_number,
                                args.vacancy_reference, note=args.note)
    print(t("placements.cli.proposed", id=result.id))
    return EXIT_OK


def _cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import placements

    engine = open_engine(settings)
    rows = placements.list_placements(engine, registered_actor(settings, engine), status=args.status,
                                      mine=args.mine, due=args.due)
    if args.json:
        print_json([row.to_json() for row in rows])
        return EXIT_OK
    headers = [t("placements.col.id"), t("placements.col.status"), t("col.client_number"), t("col.reference"),
               t("col.title"), t("placements.col.proposed_by"), t("placements.col.proposed_at"), t("placements.col.score")]
    if args.due:
        headers.append(t("placements.col.due"))
    print_table(headers, [
        (r.id, t(f"placements.state.{r.status}"), r.client_number, r.vacancy_reference, r.vacancy_title,
         r.proposed_by or "", format_date(r.proposed_at), "" if r.score is None else f"{r.score:.0f}",
         *([t(f"placements.due.{r.due}") + (f" ({format_date(r.due_on)})" if r.due_on else "")] if args.due else []))
        for r in rows
    ])
    return EXIT_OK


def _cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import placements

    engine = open_engine(settings)
    detail = placements.show(engine, registered_actor(settings, engine), args.id)
    data = detail.to_json()
    if args.json:
        print_json(data)
        return EXIT_OK
    data["explanation"] = [f"{x['text']}" + ("" if x["points"] is None else f" ({x['points']:g})") for x in data["explanation"]]
    del data["exclusion_reasons"]  # codes for scripts (--json); the words are in "exclusions"
    data["history"] = [f"{h['at'][:16]} {h['actor']} {h['action']} {h['result']}" for h in data["history"]]
    print_fields(data)
    return EXIT_OK


def _cmd_transition(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import placements

    engine = open_engine(settings)
    result = placements.transition(
        engine, registered_actor(settings, engine), args.id, args.workflow_action, note=args.note,
        reason=args.reason, start_date=args.start_date, hours=args.hours, employment_type=args.employment_type,
    )
    print(t("placements.cli.moved", id=result.id, state=t(f"placements.state.{result.status}")))
    return EXIT_OK
