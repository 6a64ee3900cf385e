"""``srmatch valuation|contracts|organisations|contributions|programme …``: the social-return books.

Money on the command line is in euros ("1250000", "1.250.000,00"); stored and added up in
cents; printed with two decimals; ``--json`` gives euros as numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from srmatch.cli.common import (
    EXIT_OK,
    Commands,
    Parser,
    registered_actor,
    open_engine,
    positive_int,
    print_fields,
    print_json,
    print_table,
)
from srmatch.errors import InvalidRequest
from srmatch.formatting import format_date
from srmatch.i18n import t

if TYPE_CHECKING:
    from srmatch.config import Settings
    from srmatch.services.social_return import ContractDetail, ContractRow

ROUTES = ["1", "2", "3", "4", "5", "6"]
STATUSES = ["on_track", "at_risk", "overdue", "settled"]
ENFORCEMENT_KINDS = ["reminder", "recovery_period", "withholding", "settlement", "contractor_list_note",
                     "best_efforts_accepted"]


def date_arg(text: str) -> dt.date:
    """argparse type: YYYY-MM-DD or DD-MM-YYYY."""
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(t("cli.not_a_date_either_way", text=text))


def euro_arg(text: str) -> int:
    """argparse type: an amount in euros, returned in cents."""
    from srmatch.services.valuation import ValuationError, parse_euros

    try:
        return parse_euros(text)
    except ValuationError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def decimal_arg(text: str) -> Decimal:
    """argparse type: a plain number (a dot or a comma as decimal sign)."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(t("cli.not_a_number", text=text)) from None
    if not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(t("cli.not_negative", text=text))
    return value


def kvk_arg(text: str) -> str:
    text = text.strip()
    if len(text) != 8 or not text.isdigit():
        raise argparse.ArgumentTypeError(t("sr.error.kvk", kvk=text))
    return text


def _engine_and_actor(settings: Settings) -> tuple[Any, Any]:
    """The database and the registered person at the keyboard (with their role)."""
    engine = open_engine(settings)
    return engine, registered_actor(settings, engine)


def _sub(parser: argparse.ArgumentParser) -> Any:
    return parser.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)


def register(commands: Commands) -> None:
    valuation = _sub(commands.add_parser("valuation", help=t("cli.help.valuation")))
    show = valuation.add_parser("show", help=t("cli.help.valuation.show"))
    show.add_argument("--rules", metavar="NAME", help=t("cli.help.valuation.show.rules"))
    show.add_argument("--json", action="store_true", help=t("cli.help.valuation.show.json"))
    show.set_defaults(handler=_cmd_valuation_show)
    rules = valuation.add_parser("rules", help=t("cli.help.valuation.rules"))
    rules.add_argument("--json", action="store_true", help=t("cli.help.valuation.rules.json"))
    rules.set_defaults(handler=_cmd_valuation_rules)
    calc = valuation.add_parser("calc", help=t("cli.help.valuation.calc"))
    calc.add_argument("--target-group", required=True, metavar="G", help=t("cli.help.valuation.calc.target_group"))
    calc.add_argument("--hours-per-week", required=True, type=decimal_arg, metavar="H",
                      help=t("cli.help.valuation.calc.hours_per_week"))
    calc.add_argument("--months", type=decimal_arg, metavar="M", help=t("cli.help.valuation.calc.months"))
    calc.add_argument("--start-date", type=date_arg, metavar="D", help=t("cli.help.valuation.calc.start_date"))
    calc.add_argument("--end-date", type=date_arg, metavar="D", help=t("cli.help.valuation.calc.end_date"))
    calc.add_argument("--counts-from", type=date_arg, metavar="D", help=t("cli.help.valuation.calc.counts_from"))
    calc.add_argument("--full-time-hours-per-year", type=decimal_arg, metavar="H",
                      help=t("cli.help.contracts.full_time_hours_per_year"))
    calc.add_argument("--bonus", action="append", default=[], metavar="NAME", help=t("cli.help.valuation.calc.bonus"))
    calc.add_argument("--employment-type", metavar="TYPE", help=t("cli.help.valuation.calc.employment_type"))
    calc.add_argument("--rules", metavar="NAME", help=t("cli.help.valuation.calc.rules"))
    calc.add_argument("--json", action="store_true", help=t("cli.help.valuation.calc.json"))
    calc.set_defaults(handler=_cmd_valuation_calc)

    contracts = _sub(commands.add_parser("contracts", help=t("cli.help.contracts")))
    add = contracts.add_parser("add", help=t("cli.help.contracts.add"))
    add.add_argument("reference", help=t("cli.help.contracts.add.reference"))
    add.add_argument("--title", required=True, metavar="T", help=t("cli.help.contracts.add.title"))
    add.add_argument("--buyer", required=True, type=kvk_arg, metavar="KVK", help=t("cli.help.contracts.add.buyer"))
    add.add_argument("--contractor", required=True, type=kvk_arg, metavar="KVK",
                     help=t("cli.help.contracts.add.contractor"))
    add.add_argument("--kind", required=True, choices=["werk", "dienst", "levering"], help=t("cli.help.contracts.add.kind"))
    add.add_argument("--value", required=True, type=euro_arg, metavar="EUR", help=t("cli.help.contracts.add.value"))
    add.add_argument("--start", required=True, type=date_arg, metavar="DATE", help=t("cli.help.contracts.add.start"))
    add.add_argument("--end", required=True, type=date_arg, metavar="DATE", help=t("cli.help.contracts.add.end"))
    add.add_argument("--percentage", type=decimal_arg, metavar="P", help=t("cli.help.contracts.add.percentage"))
    add.add_argument("--labour-share", type=decimal_arg, metavar="FRACTION", help=t("cli.help.contracts.add.labour_share"))
    add.add_argument("--full-time-hours-per-year", type=decimal_arg, metavar="H",
                     help=t("cli.help.contracts.full_time_hours_per_year"))
    add.add_argument("--rules", metavar="NAME", help=t("cli.help.contracts.add.rules"))
    add.add_argument("--account-manager", metavar="LOGIN", help=t("cli.help.contracts.add.account_manager"))
    add.add_argument("--json", action="store_true", help=t("cli.help.contracts.add.json"))
    add.set_defaults(handler=_cmd_contracts_add)
    lst = contracts.add_parser("list", help=t("cli.help.contracts.list"))
    lst.add_argument("text", nargs="?", default="", help=t("cli.help.contracts.list.text"))
    lst.add_argument("--status", choices=STATUSES, help=t("cli.help.contracts.list.status"))
    lst.add_argument("--contractor", type=kvk_arg, metavar="KVK", help=t("cli.help.contracts.list.contractor"))
    lst.add_argument("--buyer", type=kvk_arg, metavar="KVK", help=t("cli.help.contracts.list.buyer"))
    lst.add_argument("--account-manager", metavar="LOGIN", help=t("cli.help.contracts.list.account_manager"))
    lst.add_argument("--limit", type=positive_int, default=200, metavar="N", help=t("cli.help.contracts.list.limit"))
    lst.add_argument("--json", action="store_true", help=t("cli.help.contracts.list.json"))
    lst.set_defaults(handler=_cmd_contracts_list)
    shw = contracts.add_parser("show", help=t("cli.help.contracts.show"))
    shw.add_argument("reference", help=t("cli.help.contracts.show.reference"))
    shw.add_argument("--json", action="store_true", help=t("cli.help.contracts.show.json"))
    shw.set_defaults(handler=_cmd_contracts_show)
    st = contracts.add_parser("set", help=t("cli.help.contracts.set"))
    st.add_argument("reference", help=t("cli.help.contracts.set.reference"))
    st.add_argument("--title", metavar="T", help=t("cli.help.contracts.set.title"))
    st.add_argument("--value", type=euro_arg, metavar="EUR", help=t("cli.help.contracts.set.value"))
    st.add_argument("--percentage", type=decimal_arg, metavar="P", help=t("cli.help.contracts.set.percentage"))
    st.add_argument("--labour-share", type=decimal_arg, metavar="FRACTION", help=t("cli.help.contracts.set.labour_share"))
    st.add_argument("--full-time-hours-per-year", type=decimal_arg, metavar="H",
                    help=t("cli.help.contracts.full_time_hours_per_year"))
    st.add_argument("--start", type=date_arg, metavar="DATE", help=t("cli.help.contracts.set.start"))
    st.add_argument("--end", type=date_arg, metavar="DATE", help=t("cli.help.contracts.set.end"))
    st.add_argument("--account-manager", metavar="LOGIN", help=t("cli.help.contracts.set.account_manager"))
    st.add_argument("--obligation", type=euro_arg, metavar="EUR", help=t("cli.help.contracts.set.obligation"))
    st.add_argument("--reason", metavar="TEXT", help=t("cli.help.contracts.set.reason"))
    st.add_argument("--clear-override", action="store_true", help=t("cli.help.contracts.set.clear_override"))
    st.add_argument("--interim-report-due", type=date_arg, metavar="DATE",
                    help=t("cli.help.contracts.set.interim_report_due"))
    st.add_argument("--final-report-due", type=date_arg, metavar="DATE", help=t("cli.help.contracts.set.final_report_due"))
    st.add_argument("--report-received", type=date_arg, metavar="DATE", help=t("cli.help.contracts.set.report_received"))
    st.add_argument("--status", choices=["draft", "active", "ended", "settled"], help=t("cli.help.contracts.set.status"))
    st.add_argument("--rules", metavar="NAME", help=t("cli.help.contracts.set.rules"))
    st.add_argument("--json", action="store_true", help=t("cli.help.contracts.set.json"))
    st.set_defaults(handler=_cmd_contracts_set)
    enforce = contracts.add_parser("enforce", help=t("cli.help.contracts.enforce"))
    enforce.add_argument("reference", help=t("cli.help.contracts.enforce.reference"))
    enforce.add_argument("--kind", required=True, choices=ENFORCEMENT_KINDS, help=t("cli.help.contracts.enforce.kind"))
    enforce.add_argument("--date", type=date_arg, metavar="DATE", help=t("cli.help.contracts.enforce.date"))
    enforce.add_argument("--amount", type=euro_arg, metavar="EUR", help=t("cli.help.contracts.enforce.amount"))
    enforce.add_argument("--new-date", type=date_arg, metavar="DATE", help=t("cli.help.contracts.enforce.new_date"))
    enforce.add_argument("--note", metavar="TEXT", help=t("cli.help.contracts.enforce.note"))
    enforce.set_defaults(handler=_cmd_contracts_enforce)
    due = contracts.add_parser("due", help=t("cli.help.contracts.due"))
    due.add_argument("--account-manager", metavar="LOGIN", help=t("cli.help.contracts.due.account_manager"))
    due.add_argument("--json", action="store_true", help=t("cli.help.contracts.due.json"))
    due.set_defaults(handler=_cmd_contracts_due)
    cands = contracts.add_parser("candidates", help=t("cli.help.contracts.candidates"))
    cands.add_argument("reference", help=t("cli.help.contracts.candidates.reference"))
    cands.add_argument("--top", type=positive_int, default=5, metavar="K", help=t("cli.help.contracts.candidates.top"))
    cands.add_argument("--json", action="store_true", help=t("cli.help.contracts.candidates.json"))
    cands.set_defaults(handler=_cmd_contracts_candidates)

    orgs = _sub(commands.add_parser("organisations", help=t("cli.help.organisations")))
    oadd = orgs.add_parser("add", help=t("cli.help.organisations.add"))
    oadd.add_argument("kvk", type=kvk_arg, metavar="KVK", help=t("cli.help.organisations.add.kvk"))
    oadd.add_argument("--name", required=True, help=t("cli.help.organisations.add.name"))
    oadd.add_argument("--kind", action="append", default=[], choices=["authority", "anchor", "contractor", "social_enterprise"],
                      help=t("cli.help.organisations.add.kind"))
    oadd.add_argument("--social-enterprise", choices=["aspirant", "erkend"],
                      help=t("cli.help.organisations.add.social_enterprise"))
    oadd.add_argument("--since", type=date_arg, metavar="DATE", help=t("cli.help.organisations.add.since"))
    oadd.add_argument("--pso", choices=["aspirant", "basistrede", "trede_1", "trede_2", "trede_3", "pso_30_plus"],
                      help=t("cli.help.organisations.add.pso"))
    oadd.add_argument("--municipality", help=t("cli.help.organisations.add.municipality"))
    oadd.add_argument("--json", action="store_true", help=t("cli.help.organisations.add.json"))
    oadd.set_defaults(handler=_cmd_organisations_add)
    olist = orgs.add_parser("list", help=t("cli.help.organisations.list"))
    olist.add_argument("text", nargs="?", default="", help=t("cli.help.organisations.list.text"))
    olist.add_argument("--kind", choices=["authority", "anchor", "contractor", "social_enterprise", "recognised"],
                       help=t("cli.help.organisations.list.kind"))
    olist.add_argument("--limit", type=positive_int, default=200, metavar="N", help=t("cli.help.organisations.list.limit"))
    olist.add_argument("--json", action="store_true", help=t("cli.help.organisations.list.json"))
    olist.set_defaults(handler=_cmd_organisations_list)
    oshow = orgs.add_parser("show", help=t("cli.help.organisations.show"))
    oshow.add_argument("kvk", type=kvk_arg, metavar="KVK", help=t("cli.help.organisations.show.kvk"))
    oshow.add_argument("--json", action="store_true", help=t("cli.help.organisations.show.json"))
    oshow.set_defaults(handler=_cmd_organisations_show)

    contribs = _sub(commands.add_parser("contributions", help=t("cli.help.contributions")))
    cadd = contribs.add_parser("add", help=t("cli.help.contributions.add"))
    cadd.add_argument("contract", metavar="CONTRACT", help=t("cli.help.contributions.add.contract"))
    cadd.add_argument("--route", required=True, choices=ROUTES, help=t("cli.help.contributions.add.route"))
    cadd.add_argument("--start", required=True, type=date_arg, metavar="DATE", help=t("cli.help.contributions.add.start"))
    cadd.add_argument("--end", type=date_arg, metavar="DATE", help=t("cli.help.contributions.add.end"))
    cadd.add_argument("--counts-from", type=date_arg, metavar="DATE", help=t("cli.help.contributions.add.counts_from"))
    cadd.add_argument("--target-group", metavar="G", help=t("cli.help.contributions.add.target_group"))
    cadd.add_argument("--block", metavar="NAME", help=t("cli.help.contributions.add.block"))
    cadd.add_argument("--hours-per-week", type=decimal_arg, metavar="H",
                      help=t("cli.help.contributions.add.hours_per_week"))
    cadd.add_argument("--bonus", action="append", default=[], metavar="NAME", help=t("cli.help.contributions.add.bonus"))
    cadd.add_argument("--amount", type=euro_arg, metavar="EUR", help=t("cli.help.contributions.add.amount"))
    cadd.add_argument("--activity", metavar="NAME", help=t("cli.help.contributions.add.activity"))
    cadd.add_argument("--quantity", type=decimal_arg, metavar="N", help=t("cli.help.contributions.add.quantity"))
    cadd.add_argument("--supplier", type=kvk_arg, metavar="KVK", help=t("cli.help.contributions.add.supplier"))
    cadd.add_argument("--justification", metavar="TEXT", help=t("cli.help.contributions.add.justification"))
    cadd.add_argument("--evidence", metavar="TEXT", help=t("cli.help.contributions.add.evidence"))
    cadd.add_argument("--description", metavar="TEXT", help=t("cli.help.contributions.add.description"))
    cadd.add_argument("--submit", action="store_true", help=t("cli.help.contributions.add.submit"))
    cadd.add_argument("--json", action="store_true", help=t("cli.help.contributions.add.json"))
    cadd.set_defaults(handler=_cmd_contributions_add)
    clist = contribs.add_parser("list", help=t("cli.help.contributions.list"))
    clist.add_argument("contract", nargs="?", metavar="CONTRACT", help=t("cli.help.contributions.list.contract"))
    clist.add_argument("--status", choices=["draft", "submitted", "approved", "rejected"],
                       help=t("cli.help.contributions.list.status"))
    clist.add_argument("--limit", type=positive_int, default=200, metavar="N", help=t("cli.help.contributions.list.limit"))
    clist.add_argument("--json", action="store_true", help=t("cli.help.contributions.list.json"))
    clist.set_defaults(handler=_cmd_contributions_list)
    for decision, text, id_help, note_help in (
        ("submit", t("cli.help.contributions.submit"), t("cli.help.contributions.submit.id"),
         t("cli.help.contributions.submit.note")),
        ("approve", t("cli.help.contributions.approve"), t("cli.help.contributions.approve.id"),
         t("cli.help.contributions.approve.note")),
        ("reject", t("cli.help.contributions.reject"), t("cli.help.contributions.reject.id"),
         t("cli.help.contributions.reject.note")),
        ("reopen", t("cli.help.contributions.reopen"), t("cli.help.contributions.reopen.id"),
         t("cli.help.contributions.reopen.note")),
    ):
        p = contribs.add_parser(decision, help=text)
        p.add_argument("id", type=positive_int, metavar="ID", help=id_help)
        p.add_argument("--note", metavar="TEXT", help=note_help)
        p.set_defaults(handler=_cmd_contributions_review, decision=decision)
    bon = contribs.add_parser("bonuses", help=t("cli.help.contributions.bonuses"))
    bon.add_argument("id", type=positive_int, metavar="ID", help=t("cli.help.contributions.bonuses.id"))
    bon.add_argument("--bonus", action="append", default=[], metavar="NAME", help=t("cli.help.contributions.bonuses.bonus"))
    bon.set_defaults(handler=_cmd_contributions_bonuses)

    prog = commands.add_parser("programme", help=t("cli.help.programme"))
    prog.add_argument("--year", type=positive_int, metavar="Y", help=t("cli.help.programme.year"))
    prog.add_argument("--json", action="store_true", help=t("cli.help.programme.json"))
    prog.set_defaults(handler=_cmd_programme)


# --- valuation ------------------------------------------------------------------------

def _cmd_valuation_rules(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services.rules import load_rule_sets

    sets = load_rule_sets()
    if args.json:
        print_json([{"name": s.name, "region": s.region, "valid_from": s.valid_from.isoformat(), "status": s.status,
                     "default": s.is_default, "title": s.title} for s in sets])
        return EXIT_OK
    print_table([t("sr.col.rule_set"), t("sr.col.region"), t("sr.col.valid_from"), t("sr.col.rule_status"), ""],
                [(s.name, s.region, format_date(s.valid_from), t(f"sr.rule_status.{s.status}"),
                  t("sr.default") if s.is_default else "") for s in sets])
    return EXIT_OK


def _cmd_valuation_show(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services.reports import describe_rule_set
    from srmatch.services.rules import get_rule_set, rule_set_for

    rule_set = get_rule_set(args.rules) if args.rules else rule_set_for(dt.date.today())
    if args.json:
        print_json(describe_rule_set(rule_set, as_json=True))
    else:
        print(describe_rule_set(rule_set))
    return EXIT_OK


def _cmd_valuation_calc(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services.rules import get_rule_set, rule_set_for
    from srmatch.services.valuation import ContributionInput, value_contribution

    if (args.months is None) == (args.end_date is None) or (args.end_date is not None and args.start_date is None):
        raise InvalidRequest(t("cli.valuation.months_or_dates"))
    rule_set = get_rule_set(args.rules) if args.rules else rule_set_for(args.start_date or dt.date.today())
    is_block = args.target_group in rule_set.blocks
    by_dates = args.end_date is not None
    valuation = value_contribution(rule_set, ContributionInput(
        route="1", block=args.target_group if is_block else None, target_group=None if is_block else args.target_group,
        employment_type=args.employment_type, hours_per_week=args.hours_per_week,
        months=None if by_dates else args.months, start=args.start_date if by_dates else None,
        end=args.end_date, counts_from=args.counts_from if by_dates else None, bonuses=tuple(args.bonus),
        full_time_hours_per_year=args.full_time_hours_per_year,
    ))
    if args.json:
        print_json({"value": float(valuation.value), "explanation": valuation.explanation, "rule_set": rule_set.name})
    else:
        print(valuation.explanation)
    return EXIT_OK


# --- contracts ------------------------------------------------------------------------

def _print_detail(detail: ContractDetail, as_json: bool) -> None:
    from srmatch.services.valuation import format_eur

    if as_json:
        print_json(detail.to_json())
        return
    row = detail.row
    print_fields({
        t("sr.field.reference"): row.reference,
        t("sr.field.title"): row.title,
        t("sr.field.buyer"): f"{row.buyer} ({row.buyer_kvk})",
        t("sr.field.contractor"): f"{row.contractor} ({row.contractor_kvk})",
        t("sr.field.kind"): row.kind,
        t("sr.field.value"): format_eur(row.value_cents),
        t("sr.field.term"): f"{row.start_date} – {row.end_date}",
        t("sr.field.rule_set"): f"{row.rule_set} ({t(f'sr.rule_status.{detail.rule_set_status}')})",
        **({} if detail.full_time_hours_per_year is None else {
            t("sr.field.full_time_hours"): t("sr.full_time_hours", hours=f"{detail.full_time_hours_per_year:g}")}),
        t("sr.field.obligation"): f"{format_eur(row.obligation_cents)}  [{detail.obligation_explanation}]",
        t("sr.field.per_year"): ", ".join(f"{year}: {format_eur(cents)}" for year, cents in detail.per_year),
        t("sr.field.realised"): format_eur(row.realised_cents),
        t("sr.field.expected"): format_eur(row.expected_cents),
        t("sr.field.shortfall"): format_eur(row.shortfall_cents),
        t("sr.field.pending"): format_eur(detail.pending_cents),
        t("sr.field.status"): t(f"sr.status.{row.status}"),
        t("sr.field.penalty"): format_eur(detail.penalty_cents) if detail.penalty_cents else "",
        t("sr.field.account_manager"): row.account_manager or "",
    })
    if detail.realised_by_route:
        print()
        print_table([t("sr.col.route"), t("sr.col.realised"), t("sr.col.capped")],
                    [(t(f"route.{route}"), format_eur(cents), format_eur(detail.capped_by_route.get(route, 0))
                      if detail.capped_by_route.get(route) else "") for route, cents in sorted(detail.realised_by_route.items())])
    if detail.contributions:
        print()
        print_table([t("sr.col.id"), t("sr.col.route"), t("sr.col.period"), t("sr.col.status"), t("sr.col.value"),
                     t("sr.col.explanation")],
                    [(c.id, c.route, f"{c.period_start}–{c.period_end or ''}", t(f"sr.contribution_status.{c.status}"),
                      format_eur(c.value_cents), c.explanation or "") for c in detail.contributions])
    if detail.enforcement:
        print()
        print_table([t("sr.col.date"), t("sr.col.step"), t("sr.col.amount"), t("sr.col.new_date"), t("sr.col.note")],
                    [(e.action_date, t(f"sr.enforcement.{e.kind}"), format_eur(e.amount_cents) if e.amount_cents is not None
                      else "", e.new_date or "", e.note or "") for e in detail.enforcement])


def _cmd_contracts_add(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import social_return

    detail = social_return.add_contract(
        *_engine_and_actor(settings), args.reference, title=args.title, buyer_kvk=args.buyer,
        contractor_kvk=args.contractor, kind=args.kind, value_cents=args.value, start=args.start, end=args.end,
        percentage=args.percentage, labour_share=args.labour_share, account_manager=args.account_manager,
        rules=args.rules, full_time_hours_per_year=args.full_time_hours_per_year,
    )
    _print_detail(detail, args.json)
    return EXIT_OK


def _contract_table(rows: list[ContractRow]) -> None:
    from srmatch.services.valuation import format_eur

    print_table(
        [t("sr.col.reference"), t("sr.col.contractor"), t("sr.col.obligation"), t("sr.col.realised"),
         t("sr.col.shortfall"), t("sr.col.status")],
        [(r.reference, r.contractor[:28], format_eur(r.obligation_cents, whole=True), format_eur(r.realised_cents, whole=True),
          format_eur(r.shortfall_cents, whole=True), t(f"sr.status.{r.status}")) for r in rows],
    )


def _cmd_contracts_list(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import social_return

    rows = social_return.list_contracts(open_engine(settings), args.text, status=args.status, contractor=args.contractor,
                                        buyer=args.buyer, account_manager=args.account_manager, limit=args.limit)
    if args.json:
        print_json([row.to_json() for row in rows])
    else:
        _contract_table(rows)
    return EXIT_OK


def _cmd_contracts_show(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import social_return

    _print_detail(social_return.show_contract(open_engine(settings), args.reference), args.json)
    return EXIT_OK


def _cmd_contracts_set(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import social_return

    detail = social_return.set_contract(
        *_engine_and_actor(settings), args.reference, title=args.title, value_cents=args.value,
        percentage=args.percentage, labour_share=args.labour_share, start=args.start, end=args.end,
        account_manager=args.account_manager, obligation_override_cents=args.obligation, override_reason=args.reason,
        clear_override=args.clear_override or None, interim_report_due=args.interim_report_due,
        final_report_due=args.final_report_due, last_report_on=args.report_received, status=args.status, rules=args.rules,
        full_time_hours_per_year=args.full_time_hours_per_year,
    )
    _print_detail(detail, args.json)
    return EXIT_OK


def _cmd_contracts_enforce(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import social_return
    from srmatch.services.valuation import format_eur

    detail = social_return.add_enforcement(*_engine_and_actor(settings), args.reference, args.kind,
                                           action_date=args.date, amount_cents=args.amount, new_date=args.new_date,
                                           note=args.note)
    print(t("sr.cli.enforced", step=t(f"sr.enforcement.{args.kind}"), reference=detail.row.reference,
            status=t(f"sr.status.{detail.row.status}"), shortfall=format_eur(detail.row.shortfall_cents)))
    return EXIT_OK


def _cmd_contracts_due(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import social_return
    from srmatch.services.valuation import format_eur

    items = social_return.due_this_month(open_engine(settings), account_manager=args.account_manager)
    if args.json:
        print_json([item.to_json() for item in items])
        return EXIT_OK
    print_table([t("sr.col.date"), t("sr.col.what"), t("sr.col.reference"), t("sr.col.contractor"), t("sr.col.shortfall")],
                [(i.date, t(f"sr.due.{i.kind}"), i.reference, i.contractor[:28], format_eur(i.shortfall_cents, whole=True))
                 for i in items])
    return EXIT_OK


def _cmd_contracts_candidates(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import social_return

    found = social_return.shortfall_candidates(open_engine(settings), args.reference, top=args.top)
    if args.json:
        print_json([item.to_json() for item in found])
        return EXIT_OK
    if not found:
        print(t("sr.cli.no_open_vacancies"))
    for item in found:
        print(f"{item.reference}  {item.title}  ({t('sr.cli.free_positions', n=item.free_positions)})")
        if item.note:
            print(f"  {item.note}")
        for number, score, reasons in item.candidates:
            print(f"  {number}  {score:5.1f}  {reasons}")
    return EXIT_OK


# --- organisations --------------------------------------------------------------------

def _org_fields(row: Any) -> dict[str, Any]:
    from srmatch.services.valuation import format_eur

    return {
        t("sr.field.kvk"): row.kvk_number, t("sr.field.name"): row.name,
        t("sr.field.kinds"): ", ".join(t(f"sr.kind.{k}") for k in row.kinds),
        t("sr.field.social_enterprise"): (f"{row.social_enterprise_status} {row.social_enterprise_since or ''}".strip()
                                          if row.social_enterprise_status else ""),
        t("sr.field.pso"): row.pso_level or "", t("sr.field.municipality"): row.municipality or "",
        t("sr.field.contracts_as_buyer"): row.contracts_as_buyer,
        t("sr.field.contracts_as_contractor"): row.contracts_as_contractor,
        t("sr.field.realised"): format_eur(row.realised_cents),
    }


def _cmd_organisations_add(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import social_return

    row = social_return.add_organisation(
        *_engine_and_actor(settings), name=args.name, kvk_number=args.kvk, kinds=args.kind,
        social_enterprise_status=args.social_enterprise, social_enterprise_since=args.since, pso_level=args.pso,
        municipality=args.municipality)
    if args.json:
        print_json(row.to_json())
    else:
        print_fields(_org_fields(row))
    return EXIT_OK


def _cmd_organisations_list(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import social_return

    rows = social_return.list_organisations(open_engine(settings), args.text, kind=args.kind, limit=args.limit)
    if args.json:
        print_json([row.to_json() for row in rows])
        return EXIT_OK
    print_table([t("sr.col.kvk"), t("sr.col.name"), t("sr.col.kinds"), t("sr.col.social_enterprise"), t("sr.col.pso")],
                [(r.kvk_number, r.name[:36], ", ".join(t(f"sr.kind.{k}") for k in r.kinds),
                  r.social_enterprise_status or "", r.pso_level or "") for r in rows])
    return EXIT_OK


def _cmd_organisations_show(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import social_return

    row = social_return.show_organisation(open_engine(settings), args.kvk)
    if args.json:
        print_json(row.to_json())
    else:
        print_fields(_org_fields(row))
    return EXIT_OK


# --- contributions --------------------------------------------------------------------

def _cmd_contributions_add(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import social_return
    from srmatch.services.valuation import format_eur

    row = social_return.add_contribution(
        *_engine_and_actor(settings), args.contract,
        social_return.ContributionRequest(
            route=args.route, period_start=args.start, period_end=args.end, target_group=args.target_group,
            block=args.block, hours_per_week=args.hours_per_week, bonuses=tuple(args.bonus), amount_cents=args.amount,
            activity=args.activity, quantity=args.quantity, supplier_kvk=args.supplier, justification=args.justification,
            evidence=args.evidence, description=args.description, counts_from=args.counts_from,
        ),
        submit=args.submit,
    )
    if args.json:
        print_json(row.to_json())
    else:
        print(t("sr.cli.contribution_added", id=row.id, value=format_eur(row.value_cents),
                status=t(f"sr.contribution_status.{row.status}")))
        print(row.explanation or "")
    return EXIT_OK


def _cmd_contributions_list(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import social_return
    from srmatch.services.valuation import format_eur

    rows = social_return.list_contributions(open_engine(settings), args.contract, status=args.status, limit=args.limit)
    if args.json:
        print_json([row.to_json() for row in rows])
        return EXIT_OK
    print_table([t("sr.col.id"), t("sr.col.reference"), t("sr.col.route"), t("sr.col.period"), t("sr.col.status"),
                 t("sr.col.value")],
                [(r.id, r.contract_reference, r.route, f"{r.period_start}–{r.period_end or ''}",
                  t(f"sr.contribution_status.{r.status}"), format_eur(r.value_cents)) for r in rows])
    return EXIT_OK


def _cmd_contributions_review(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import social_return

    row = social_return.review_contribution(*_engine_and_actor(settings), args.id, args.decision, note=args.note)
    print(t("sr.cli.contribution_status", id=row.id, status=t(f"sr.contribution_status.{row.status}")))
    return EXIT_OK


def _cmd_contributions_bonuses(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import social_return
    from srmatch.services.valuation import format_eur

    row = social_return.set_contribution_bonuses(*_engine_and_actor(settings), args.id, args.bonus)
    print(t("sr.cli.contribution_added", id=row.id, value=format_eur(row.value_cents),
            status=t(f"sr.contribution_status.{row.status}")))
    print(row.explanation or "")
    return EXIT_OK


# --- programme ------------------------------------------------------------------------

def _cmd_programme(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import social_return
    from srmatch.services.reports import programme_lines

    figures = social_return.programme(open_engine(settings), year=args.year)
    if args.json:
        print_json(figures.to_json())
    else:
        for line in programme_lines(figures):
            print(line)
    return EXIT_OK
