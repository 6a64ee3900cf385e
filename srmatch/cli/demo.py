"""``srmatch demo``: fill the demo database with invented data and open the app."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from srmatch.cli.common import EXIT_OK, Commands, actor, non_negative_int, open_engine, stderr
from srmatch.i18n import t

if TYPE_CHECKING:
    from srmatch.config import Settings


def register(commands: Commands) -> None:
    demo = commands.add_parser("demo", help=t("cli.help.demo"))
    demo.add_argument("--seekers", type=non_negative_int, default=None, metavar="N", help=t("cli.help.demo.seekers"))
    demo.add_argument("--vacancies", type=non_negative_int, default=None, metavar="M", help=t("cli.help.demo.vacancies"))
    demo.add_argument("--seed", type=int, default=2024, metavar="S", help=t("cli.help.demo.seed"))
    demo.add_argument("--no-tui", action="store_true", help=t("cli.help.demo.no_tui"))
    demo.set_defaults(handler=_cmd_demo)


def _cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.cli import run_app
    from srmatch.services import demo

    engine = open_engine(settings)
    summary = demo.generate_demo(
        engine,
        seekers=demo.DEFAULT_SEEKERS if args.seekers is None else args.seekers,
        vacancies=demo.DEFAULT_VACANCIES if args.vacancies is None else args.vacancies,
        seed=args.seed,
        actor=actor(settings),
    )
    stderr(
        t(
            "cli.demo.done",
            seekers=summary.seekers,
            vacancies=summary.vacancies,
            placements=summary.placements,
            contracts=summary.contracts,
            organisations=summary.organisations,
        )
    )
    if args.no_tui:
        return EXIT_OK
    return run_app(settings, engine)
