"""Command-line entry point ``srmatch``: a thin layer over the services.

argparse (standard library) rather than typer/click: one dependency less to carry into a
locked-down wheelhouse, and nothing here needs more than subcommands and flags.
Every failure a user can cause ends in one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from srmatch import __version__
from srmatch.config import ConfigError, Settings, load_settings
from srmatch.errors import UserFacingError
from srmatch.i18n import set_language, t
from srmatch.store.errors import StoreError
from srmatch.store.migrate import describe_db_error

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2




class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line with the usage hint."""

    def error(self, message: str) -> Any:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be 1 or more")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be 0 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="srmatch",
        description="Match job seekers to social-return vacancies and keep the social-return books. "
        "Without a command, opens the terminal app.",
    )
    parser.add_argument("--version", action="version", version=f"srmatch {__version__}")
    parser.add_argument("--db", metavar="PATH", help="SQLite file (or database URL) to use instead of the default")
    parser.add_argument("--demo", action="store_true", help="use the separate demo database")
    parser.add_argument("--lang", choices=["nl", "en"], help="language of the interface (default: from the locale)")
    parser.add_argument("--user", metavar="LOGIN", help="your login for the audit log (default: the OS user)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = commands.add_parser("demo", help="fill a database with invented demo data and open the app")
    demo.add_argument("--seekers", type=_non_negative_int, default=None, metavar="N", help="number of job seekers (default 400)")
    demo.add_argument("--vacancies", type=_non_negative_int, default=None, metavar="M", help="number of vacancies (default 200)")
    demo.add_argument("--seed", type=int, default=2024, metavar="S", help="random seed; same seed, same data (default 2024)")
    demo.add_argument("--no-tui", action="store_true", help="only fill the database, do not open the app")
    demo.set_defaults(handler=_cmd_demo)

    seekers = commands.add_parser("seekers", help="list or show job seekers")
    seeker_commands = seekers.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    seekers_list = seeker_commands.add_parser("list", help="list job seekers, optionally filtered by text")
    seekers_list.add_argument("text", nargs="?", default="", help="part of a name, client number or postcode")
    seekers_list.add_argument("--limit", type=_positive_int, default=50, metavar="N", help="at most N rows (default 50)")
    seekers_list.add_argument("--json", action="store_true", help="one JSON array on stdout")
    seekers_list.set_defaults(handler=_cmd_seekers_list)
    seekers_show = seeker_commands.add_parser("show", help="show one job seeker (the opening is audited)")
    seekers_show.add_argument("client_number", help="the municipality's client number")
    seekers_show.add_argument("--json", action="store_true", help="one JSON object on stdout")
    seekers_show.set_defaults(handler=_cmd_seekers_show)

    vacancies = commands.add_parser("vacancies", help="list or show vacancies")
    vacancy_commands = vacancies.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    vacancies_list = vacancy_commands.add_parser("list", help="list vacancies, optionally filtered by text")
    vacancies_list.add_argument("text", nargs="?", default="", help="part of a title, reference, employer or postcode")
    vacancies_list.add_argument("--status", choices=["open", "on_hold", "filled", "closed"], help="only this status")
    vacancies_list.add_argument("--limit", type=_positive_int, default=50, metavar="N", help="at most N rows (default 50)")
    vacancies_list.add_argument("--json", action="store_true", help="one JSON array on stdout")
    vacancies_list.set_defaults(handler=_cmd_vacancies_list)
    vacancies_show = vacancy_commands.add_parser("show", help="show one vacancy")
    vacancies_show.add_argument("reference", help="the vacancy's reference")
    vacancies_show.add_argument("--json", action="store_true", help="one JSON object on stdout")
    vacancies_show.set_defaults(handler=_cmd_vacancies_show)

    db = commands.add_parser("db", help="upgrade, back up or check the database")
    db_commands = db.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    db_upgrade = db_commands.add_parser("upgrade", help="bring the schema to this version (backs up first)")
    db_upgrade.set_defaults(handler=_cmd_db_upgrade)
    db_backup = db_commands.add_parser("backup", help="copy the SQLite database safely, even while in use")
    db_backup.add_argument("--to", type=Path, metavar="PATH", help="where to write the copy (default: beside the database)")
    db_backup.set_defaults(handler=_cmd_db_backup)
    db_check = db_commands.add_parser("check", help="integrity check and schema version")
    db_check.add_argument("--json", action="store_true", help="one JSON object on stdout")
    db_check.set_defaults(handler=_cmd_db_check)

    vocabulary = commands.add_parser("vocabulary", help="occupation vocabulary: import ESCO, suggest occupations")
    vocabulary_commands = vocabulary.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    import_esco = vocabulary_commands.add_parser("import-esco", help="import the official ESCO occupations CSV (Dutch)")
    import_esco.add_argument("occupations_csv", type=Path, metavar="OCCUPATIONS_CSV")
    import_esco.add_argument("--isco-groups", type=Path, metavar="ISCO_CSV", help="the ESCO ISCOGroups CSV, for the ISCO hierarchy")
    import_esco.set_defaults(handler=_cmd_vocabulary_import_esco)
    suggest = vocabulary_commands.add_parser(
        "suggest", help="suggest occupations for job titles (arguments, or one per line on stdin)"
    )
    suggest.add_argument("titles", nargs="*", metavar="TITLE")
    suggest.add_argument("--top", type=_positive_int, default=5, metavar="K", help="suggestions per title (default 5)")
    suggest.add_argument("--json", action="store_true", help="one JSON object per input line")
    suggest.set_defaults(handler=_cmd_vocabulary_suggest)
    return parser


def _open(settings: Settings) -> Engine:
    from srmatch.store.migrate import open_database

    return open_database(settings.database_url)


def _actor(settings: Settings) -> Any:
    from srmatch.services.audit import current_actor

    return current_actor(settings.user_login)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=None))


def _print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    texts = [[("" if cell is None else str(cell)) for cell in row] for row in rows]
    widths = [max([len(header)] + [len(row[i]) for row in texts]) for i, header in enumerate(headers)]
    print("  ".join(header.ljust(widths[i]) for i, header in enumerate(headers)).rstrip())
    for row in texts:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())


def _cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import demo

    engine = _open(settings)
    summary = demo.generate_demo(
        engine,
        seekers=demo.DEFAULT_SEEKERS if args.seekers is None else args.seekers,
        vacancies=demo.DEFAULT_VACANCIES if args.vacancies is None else args.vacancies,
        seed=args.seed,
        actor=_actor(settings),
    )
    print(
        t(
            "cli.demo.done",
            seekers=summary.seekers,
            vacancies=summary.vacancies,
            placements=summary.placements,
            contracts=summary.contracts,
            organisations=summary.organisations,
        ),
        file=sys.stderr,
    )
    if args.no_tui:
        return EXIT_OK
    return _run_app(settings, engine)


def _cmd_seekers_list(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import records

    rows = records.list_seekers(_open(settings), args.text, limit=args.limit)
    if args.json:
        _print_json([row.to_json() for row in rows])
        return EXIT_OK
    _print_table(
        [t("col.client_number"), t("col.name"), t("col.postcode"), t("col.target_group"), t("col.ladder"), t("col.status")],
        [(r.client_number, r.display_name, r.postcode, t(f"target_group.{r.target_group}"), r.ladder_rung, t(f"seeker_status.{r.status}")) for r in rows],
    )
    return EXIT_OK


def _cmd_seekers_show(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import records

    detail = records.show_seeker(_open(settings), args.client_number, _actor(settings))
    data = detail.to_json()
    if args.json:
        _print_json(data)
    else:
        _print_fields(data)
    return EXIT_OK


def _cmd_vacancies_list(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import records

    rows = records.list_vacancies(_open(settings), args.text, limit=args.limit, status=args.status)
    if args.json:
        _print_json([row.to_json() for row in rows])
        return EXIT_OK
    _print_table(
        [t("col.reference"), t("col.title"), t("col.employer"), t("col.postcode"), t("col.hours"), t("col.status")],
        [(r.reference, r.title, r.employer, r.postcode, f"{r.hours_min}-{r.hours_max}", t(f"vacancy_status.{r.status}")) for r in rows],
    )
    return EXIT_OK


def _cmd_vacancies_show(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services import records

    data = records.show_vacancy(_open(settings), args.reference).to_json()
    if args.json:
        _print_json(data)
    else:
        _print_fields(data)
    return EXIT_OK


def _print_fields(data: dict[str, Any]) -> None:
    width = max(len(key) for key in data)
    for key, value in data.items():
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        print(f"{key.ljust(width)}  {'' if value is None else value}")


def _cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.store.engine import make_engine
    from srmatch.store.migrate import schema_state, upgrade

    engine = make_engine(settings.database_url)
    before = schema_state(engine)
    backup = upgrade(engine)
    after = schema_state(engine)
    if before.current == after.current:
        print(t("cli.db.up_to_date", revision=after.current))
    else:
        print(t("cli.db.upgraded", old=before.current or "-", new=after.current))
    if backup:
        print(t("cli.db.backup_written", path=backup))
    return EXIT_OK


def _cmd_db_backup(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.store.migrate import backup_database

    path = backup_database(_open(settings), args.to)
    print(t("cli.db.backup_written", path=path))
    return EXIT_OK


def _cmd_db_check(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.store.engine import make_engine
    from srmatch.store.migrate import check_database

    report = check_database(make_engine(settings.database_url))
    if args.json:
        _print_json(
            {
                "ok": report.ok,
                "problems": list(report.problems),
                "schema": {"current": report.state.current, "head": report.state.head, "status": report.state.status},
            }
        )
    else:
        print(t("cli.db.schema", current=report.state.current or "-", head=report.state.head, status=report.state.status))
        print(t("cli.db.integrity_ok") if report.ok else t("cli.db.integrity_failed"))
        for problem in report.problems:
            print(f"  - {problem}")
    return EXIT_OK if report.ok else EXIT_FAILURE


def _cmd_vocabulary_import_esco(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services.vocabulary import import_esco

    summary = import_esco(_open(settings), args.occupations_csv, args.isco_groups, _actor(settings))
    print(t("cli.vocabulary.imported", occupations=summary.occupations, groups=summary.isco_groups, replaced=summary.replaced))
    return EXIT_OK


def _cmd_vocabulary_suggest(args: argparse.Namespace, settings: Settings) -> int:
    from srmatch.services.vocabulary import suggest_titles

    titles = list(args.titles) if args.titles else [line.rstrip("\r\n") for line in sys.stdin]
    results = suggest_titles(_open(settings), titles, top=args.top)
    for title, suggestions in zip(titles, results, strict=True):
        if args.json:
            _print_json(
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
            print(f"     {s.why}")
    return EXIT_OK


def _run_app(settings: Settings, engine: Engine | None = None) -> int:
    from srmatch.app import SrmatchApp

    SrmatchApp(settings=settings, engine=engine or _open(settings)).run()
    return EXIT_OK


def _fail(message: str) -> int:
    print(f"srmatch: {t('cli.error')}: {message}", file=sys.stderr)
    return EXIT_FAILURE


def main(argv: Sequence[str] | None = None) -> int:
    """Run srmatch; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        # Invented people never land in the real database by accident: `srmatch demo`
        # writes to the separate demo database unless --db names another one.
        use_demo_database = args.demo or (args.command == "demo" and not args.db)
        settings = load_settings(db_path=args.db, demo=use_demo_database, language=args.lang, user=args.user)
        set_language(settings.language)
        handler: Callable[[argparse.Namespace, Settings], int] | None = getattr(args, "handler", None)
        if handler is None:
            return _run_app(settings)
        return handler(args, settings)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    except DBAPIError as error:
        return _fail(describe_db_error(error))
    except SQLAlchemyError as error:
        return _fail(f"database error: {str(error).splitlines()[0]}")
    except (StoreError, ConfigError, LookupError, ValueError, UserFacingError) as error:
        return _fail(str(error))
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        return _fail(f"{error.strerror or error}{':' if where else ''}{where}")
    except Exception as error:  # the last line of defence: one line for the user, details in a log
        return _fail(_log_unexpected(error))


def _log_unexpected(error: Exception) -> str:
    """Write the traceback to crash.log in the data folder; return a one-line message."""
    import traceback

    from srmatch.config import data_dir

    message = f"{type(error).__name__}: {error}".splitlines()[0]
    try:
        log = data_dir() / "crash.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            handle.write("".join(traceback.format_exception(error)))
    except OSError:
        return message
    return f"{message} (details in {log})"


if __name__ == "__main__":
    raise SystemExit(main())
