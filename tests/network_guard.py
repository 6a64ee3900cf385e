"""Run srmatch with every network door shut and note each attempt to open one.

Used by ``tests/test_no_network.py`` as ``python tests/network_guard.py LOG -- ARGS…``:
``ARGS`` go to the ``srmatch`` command line, or ``--app DB`` drives the terminal app
through its main screens. Any socket connect, DNS lookup or ``socket.create_connection``
is written to ``LOG`` (one line each) and fails with ``OSError``, so code that swallows
the error is still caught. Local socket pairs (asyncio's self-pipe) stay allowed.
Connections made in C libraries (libpq for PostgreSQL) bypass Python's ``socket`` module:
PostgreSQL-backed runs are out of scope here; they are the one connection a team
configures on purpose.
"""

from __future__ import annotations

import socket
import sys
import traceback
from pathlib import Path
from typing import Any

LOG = Path(sys.argv[1])


def _note(what: str) -> None:
    with LOG.open("a", encoding="utf-8") as handle:
        handle.write(f"{what}\n{''.join(traceback.format_stack(limit=8))}\n")


def _refuse(what: str) -> OSError:
    _note(what)
    return OSError(f"network access blocked by the no-network test: {what}")


_original_connect = socket.socket.connect
_original_connect_ex = socket.socket.connect_ex


def _connect(self: socket.socket, address: Any) -> None:
    if self.family == getattr(socket, "AF_UNIX", None):
        return _original_connect(self, address)
    raise _refuse(f"connect {address!r}")


def _connect_ex(self: socket.socket, address: Any) -> int:
    if self.family == getattr(socket, "AF_UNIX", None):
        return _original_connect_ex(self, address)
    raise _refuse(f"connect_ex {address!r}")


def _getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    raise _refuse(f"getaddrinfo {host!r}")


def _create_connection(address: Any, *args: Any, **kwargs: Any) -> Any:
    raise _refuse(f"create_connection {address!r}")


socket.socket.connect = _connect  # type: ignore[method-assign]
socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign]
socket.getaddrinfo = _getaddrinfo
socket.create_connection = _create_connection


async def _drive_app(db: str, keys: list[str]) -> None:
    from srmatch.app import SrmatchApp
    from srmatch.config import load_settings
    from srmatch.i18n import set_language
    from srmatch.store.migrate import open_database

    set_language("en")
    settings = load_settings(db_path=db, language="en")
    app = SrmatchApp(settings=settings, engine=open_database(settings.database_url))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        for key in keys:
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("ctrl+q")


def main() -> int:
    args = sys.argv[2:]
    if args and args[0] == "--":
        args = args[1:]
    if args[:1] == ["--self-check"]:
        import urllib.request

        try:
            urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)
        except OSError:
            pass
        return 0
    if args[:1] == ["--app"]:
        import asyncio

        asyncio.run(_drive_app(args[1], args[2:]))
        return 0
    from srmatch.cli import main as srmatch_main

    return srmatch_main(args)


if __name__ == "__main__":
    sys.exit(main())
