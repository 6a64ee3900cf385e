"""``srmatch geo …``: postcode distances and loading a newer GeoNames postal file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from srmatch.cli.common import EXIT_OK, Commands, Parser, actor, open_engine, print_json
from srmatch.i18n import t

if TYPE_CHECKING:
    from srmatch.config import Settings
    from srmatch.matching.geo import Location


def register(commands: Commands) -> None:
    geo = commands.add_parser("geo", help=t("cli.help.geo"))
    actions = geo.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    distance = actions.add_parser("distance", help=t("cli.help.geo.distance"))
    distance.add_argument("postcode_a", metavar="PC4", help=t("cli.help.geo.distance.postcode_a"))
    distance.add_argument("postcode_b", metavar="PC4", help=t("cli.help.geo.distance.postcode_b"))
    distance.add_argument("--json", action="store_true", help=t("cli.help.geo.distance.json"))
    distance.set_defaults(handler=_cmd_distance)
    load = actions.add_parser("import-geonames", help=t("cli.help.geo.import_geonames"))
    load.add_argument("file", type=Path, metavar="FILE", help=t("cli.help.geo.import_geonames.file"))
    load.set_defaults(handler=_cmd_import)


def _where(location: Location) -> str:
    if location.exact:
        return t("geo.cli.exact", pc4=location.pc4, municipality=location.municipality)
    return t("geo.cli.fallback", pc4=location.pc4, municipality=location.municipality)


def _cmd_distance(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services.geo import distance

    result = distance(open_engine(settings), args.postcode_a, args.postcode_b)
    if args.json:
        print_json({"km": round(result.km, 1), "from": {"pc4": result.a.pc4, "exact": result.a.exact,
                                                          "municipality": result.a.municipality},
                    "to": {"pc4": result.b.pc4, "exact": result.b.exact, "municipality": result.b.municipality}})
        return EXIT_OK
    print(f"{result.km:.1f} km")
    print(f"  {_where(result.a)}")
    print(f"  {_where(result.b)}")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services.geo import import_geonames

    summary = import_geonames(open_engine(settings), args.file, actor(settings))
    print(t("geo.cli.imported", stored=summary.stored, new=summary.new_pc4, refused=len(summary.refused),
            replaced=summary.replaced))
    for item in summary.refused:
        c = item.centroid
        print(t(f"geo.cli.refused.{item.reason}", pc4=c.pc4, place=c.place, municipality=c.municipality,
                km=f"{item.km:.1f}"))
    return EXIT_OK
