"""``srmatch algorithm-register``: the Algoritmeregister text of the matching, from the live configuration."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from srmatch.cli.common import EXIT_OK, Commands, open_engine, print_json, stderr
from srmatch.i18n import set_language, t

if TYPE_CHECKING:
    from srmatch.config import Settings


def register(commands: Commands) -> None:
    command = commands.add_parser(
        "algorithm-register",
        help=t("cli.help.algorithm_register"),
    )
    command.add_argument("--format", choices=["md", "json"], default="md", help=t("cli.help.algorithm_register.format"))
    command.add_argument(
        "--lang", dest="register_lang", choices=["nl", "en"], help=t("cli.help.algorithm_register.lang")
    )
    command.add_argument("--to", metavar="FILE", help=t("cli.help.algorithm_register.to"))
    command.add_argument(
        "--no-fairness", action="store_true", help=t("cli.help.algorithm_register.no_fairness")
    )
    command.set_defaults(handler=_cmd_register)


def _cmd_register(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from srmatch.services.register import algorithm_register

    if args.register_lang:
        set_language(args.register_lang)
    engine = None if args.no_fairness else open_engine(settings)
    entry = algorithm_register(engine)
    if args.format == "json":
        text = json.dumps(entry.to_json(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = entry.to_markdown()
    if args.to:
        Path(args.to).write_text(text, encoding="utf-8")
        stderr(t("register.written", path=args.to))
    elif args.format == "json":
        print_json(entry.to_json())
    else:
        print(text, end="")
    return EXIT_OK
