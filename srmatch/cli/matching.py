"""``srmatch match seeker|vacancy|all``: ranked, explained matches both ways."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import TYPE_CHECKING

from srmatch.cli.common import EXIT_OK, Commands, Parser, actor, open_engine, positive_int, print_json
from srmatch.i18n import t

if TYPE_CHECKING:
    from srmatch.config import Settings
    from srmatch.services.matching import MatchList

WIDTH = 80


def register(commands: Commands) -> None:
    match = commands.add_parser("match", help=t("cli.help.match"))
    actions = match.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    seeker = actions.add_parser("seeker", help=t("cli.help.match.seeker"))
    seeker.add_argument("client_number", metavar="CLIENT_NUMBER", help=t("cli.help.match.seeker.client_number"))
    vacancy = actions.add_parser("vacancy", help=t("cli.help.match.vacancy"))
    vacancy.add_argument("reference", metavar="REFERENCE", help=t("cli.help.match.vacancy.reference"))
    every = actions.add_parser("all", help=t("cli.help.match.all"))
    explain = actions.add_parser("explain", help=t("cli.help.match.explain"))
    explain.add_argument("client_number", metavar="CLIENT_NUMBER", help=t("cli.help.match.explain.client_number"))
    explain.add_argument("reference", metavar="REFERENCE", help=t("cli.help.match.explain.reference"))
    for parser in (seeker, vacancy, every):
        parser.add_argument("--top", type=positive_int, default=10, metavar="K", help=t("cli.help.match.top"))
    for parser in (seeker, vacancy, every, explain):
        parser.add_argument("--json", action="store_true", help=t("cli.help.match.json"))
    seeker.set_defaults(handler=_cmd_seeker)
    vacancy.set_defaults(handler=_cmd_vacancy)
    every.set_defaults(handler=_cmd_all)
    explain.set_defaults(handler=_cmd_explain)


def _cmd_seeker(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services.matching import match_seeker

    result = match_seeker(open_engine(settings), args.client_number, args.top, actor=actor(settings))
    if args.json:
        print_json(result.to_json())
    else:
        print_match_list(result, for_seeker=True)
    return EXIT_OK


def _cmd_vacancy(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services.matching import match_vacancy

    result = match_vacancy(open_engine(settings), args.reference, args.top, actor=actor(settings))
    if args.json:
        print_json(result.to_json())
    else:
        print_match_list(result, for_seeker=False)
    return EXIT_OK


def _cmd_all(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services.matching import match_all

    interactive = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        bar = "#" * (30 * done // max(total, 1))
        end = "\r" if interactive and done < total else "\n"
        if interactive or done == total:
            print(f"{t('matching.cli.progress', done=done, total=total)} [{bar:<30}]", end=end, file=sys.stderr,
                  flush=True)

    first = True
    for result in match_all(open_engine(settings), args.top, actor=actor(settings), progress=progress):
        if args.json:
            sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        else:
            if not first:
                print()
            print_match_list(result, for_seeker=True)
        first = False
    return EXIT_OK


def _cmd_explain(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services.matching import explain_pair

    pair = explain_pair(open_engine(settings), args.client_number, args.reference)
    if args.json:
        print_json(pair.to_json())
        return EXIT_OK
    values = {"client_number": pair.client_number, "reference": pair.vacancy_reference}
    if pair.eligible:
        print(t("matching.cli.explain_score", score=pair.score, **values))
    else:
        print(t("matching.cli.explain_excluded", **values))
        for line in pair.exclusions:
            _wrapped(f"  ! {line}", "    ")
    for component in pair.components:
        _component_line(component.name, component.points, component.max_points, component.text)
    return EXIT_OK


def _wrapped(text: str, indent: str) -> None:
    print(textwrap.fill(text, WIDTH, subsequent_indent=indent, break_on_hyphens=False))


def _component_line(name: str, points: float, max_points: float, text: str) -> None:
    label = t(f"matching.component.{name}")
    head = f"    {label[:14]:<14} {points:>4.1f}/{max_points:<3g} "
    _wrapped(head + text, " " * len(head))


def print_match_list(result: MatchList, *, for_seeker: bool) -> None:
    """The list a caseworker reads, at most 80 columns wide."""
    from srmatch.matching.settings import load_matching_settings

    subject = result.subject
    if for_seeker:
        header = t("matching.cli.for_seeker", client_number=subject["client_number"], name=subject["name"],
                   postcode=subject["postcode"], hours_min=subject["hours"][0], hours_max=subject["hours"][1],
                   km=f"{subject['max_travel_km']:g}")
    else:
        header = t("matching.cli.for_vacancy", reference=subject["reference"], title=subject["title"],
                   postcode=subject["postcode"], hours_min=subject["hours"][0], hours_max=subject["hours"][1])
    _wrapped(header, "  ")
    weights = " · ".join(f"{t(f'matching.component.{name}')} {weight:g}"
                         for name, weight in load_matching_settings().weights.items())
    _wrapped(t("matching.cli.weights", weights=weights), "  ")
    for note in result.notes:
        _wrapped(f"! {note}", "  ")
    print()
    if not result.results:
        print(t("matching.cli.none"))
    else:
        print(t("matching.cli.considered", considered=result.considered, shown=len(result.results)))
    for rank, item in enumerate(result.results, start=1):
        score = f"{t('matching.cli.score')} {item.score:.1f}"
        label = f"{rank:>2}. {item.id}  "
        room = WIDTH - len(label) - len(score) - 1
        title = item.title_or_name if len(item.title_or_name) <= room else item.title_or_name[: room - 1] + "…"
        print(f"{label}{title:<{room}} {score}")
        for component in item.components:
            _component_line(component.name, component.points, component.max_points, component.text)
    if result.excluded:
        print()
        print(t("matching.cli.excluded" if for_seeker else "matching.cli.excluded_candidates"))
        for name, count in result.excluded.items():
            print(f"  {t(f'matching.filter.{name}'):<44} {count:>6}")
    if result.would_open:
        print()
        print(t("matching.cli.would_open"))
        for door in result.would_open[:10]:
            _wrapped(f"  {door.text}", "    ")
