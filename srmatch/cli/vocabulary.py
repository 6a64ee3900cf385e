"""``srmatch vocabulary …``: import ESCO, suggest occupations for job titles."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from srmatch.cli.common import EXIT_OK, Commands, Parser, actor, open_engine, positive_int, print_json
from srmatch.i18n import t

if TYPE_CHECKING:
    from srmatch.config import Settings


def register(commands: Commands) -> None:
    vocabulary = commands.add_parser("vocabulary", help=t("cli.help.vocabulary"))
    vocabulary_commands = vocabulary.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    import_esco = vocabulary_commands.add_parser("import-esco", help=t("cli.help.vocabulary.import_esco"))
    import_esco.add_argument("occupations_csv", type=Path, metavar="OCCUPATIONS_CSV",
                             help=t("cli.help.vocabulary.import_esco.occupations_csv"))
    import_esco.add_argument("--isco-groups", type=Path, metavar="ISCO_CSV", help=t("cli.help.vocabulary.import_esco.isco_groups"))
    import_esco.set_defaults(handler=_cmd_vocabulary_import_esco)
    suggest = vocabulary_commands.add_parser(
        "suggest", help=t("cli.help.vocabulary.suggest")
    )
    suggest.add_argument("titles", nargs="*", metavar="TITLE", help=t("cli.help.vocabulary.suggest.titles"))
    suggest.add_argument("--top", type=positive_int, default=5, metavar="K", help=t("cli.help.vocabulary.suggest.top"))
    suggest.add_argument("--json", action="store_true", help=t("cli.help.vocabulary.suggest.json"))
    suggest.set_defaults(handler=_cmd_vocabulary_suggest)


def _cmd_vocabulary_import_esco(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services.vocabulary import import_esco

    from srmatch.services.occupations import recode_all

    engine = open_engine(settings)
    summary = import_esco(engine, args.occupations_csv, args.isco_groups, actor(settings))
    print(t("cli.vocabulary.imported", occupations=summary.occupations, groups=summary.isco_groups, replaced=summary.replaced))
    recoded = recode_all(engine, actor(settings))
    print(t("occupations.recoded", vacancies=recoded.vacancies, vacancies_total=recoded.vacancies_total,
            seekers=recoded.seekers, seekers_total=recoded.seekers_total))
    return EXIT_OK


def _cmd_vocabulary_suggest(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services.vocabulary import plain_reason, suggest_titles

    titles = list(args.titles) if args.titles else [line.rstrip("\r\n") for line in sys.stdin]
    results = suggest_titles(open_engine(settings), titles, top=args.top)
    for title, suggestions in zip(titles, results, strict=True):
        if args.json:
            print_json(
                {
                    "query": title,
                    "suggestions": [
                        {
                            "uri": s.uri,
                            "label": s.label,
                            "score": s.score,
                            "matched_label": s.matched_label,
                            "kind": s.kind,
                            "isco_code": s.isco_code,
                            "why": s.why,
                        }
                        for s in suggestions
                    ],
                }
            )
            continue
        print(title)
        if not suggestions:
            print(f"  {t('cli.vocabulary.no_suggestions')}")
        for rank, s in enumerate(suggestions, start=1):
            print(f"  {rank}. {s.label}  [{s.score:.1f}]  {s.uri}")
            print(f"     {plain_reason(s)}")
    return EXIT_OK
