"""How the main screens look, at 80x24 and 160x48, in Dutch: SVG screenshots compared with tests/snapshots.

pytest-textual-snapshot is not used: its 1.1.0 pins syrupy 4.8.0, which needs pytest < 9, and
we run pytest 9. So the app's own SVG export (``App.export_screenshot``) is compared with the
files in ``tests/snapshots``. A screen that changes on purpose is re-recorded with

    SRMATCH_UPDATE_SNAPSHOTS=1 PYTHONPATH=$PWD python -m pytest tests/test_snapshots.py

and the new SVGs are committed with the change (open them in a browser to look). A failing
comparison writes the screen as it is now beside the test's temporary folder and names it.

Deterministic on SQLite: the demo is generated with a fixed seed and a fixed "today", and the
modules that ask the clock for today or now get that same day, in one time zone, with colours on
(``fixed_today``).
"""

from __future__ import annotations

import datetime as dt
import os
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from srmatch.app import SrmatchApp
from srmatch.config import load_settings
from srmatch.i18n import set_language
from srmatch.services import demo
from srmatch.store.migrate import open_database

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("SRMATCH_UPDATE_SNAPSHOTS") == "1"
TODAY = dt.date(2026, 4, 28)
NOW = dt.datetime(2026, 4, 28, 10, 30, tzinfo=dt.UTC)

#: Modules that read the clock for what a screen shows (their ``dt`` gets the fixed day).
CLOCK_MODULES = (
    "srmatch.screens.queue",
    "srmatch.screens.caseload",
    "srmatch.screens.social_return",
    "srmatch.services.completeness",
    "srmatch.services.dashboard",
    "srmatch.services.matching",
    "srmatch.services.placements",
    "srmatch.services.social_return",
)


class _Real(type):
    """isinstance() of a fixed class accepts the real dates and datetimes."""

    def __instancecheck__(cls, instance: object) -> bool:
        return isinstance(instance, cls.__mro__[1])


class FixedDate(dt.date, metaclass=_Real):
    @classmethod
    def today(cls) -> dt.date:
        return TODAY


class FixedDateTime(dt.datetime, metaclass=_Real):
    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:
        return NOW if tz is not None else NOW.replace(tzinfo=None)

    @classmethod
    def today(cls) -> dt.datetime:
        return NOW.replace(tzinfo=None)


@pytest.fixture
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The fixed day and moment for the clock-reading modules, and the same time zone and
    colours on every machine (times are shown in local time; NO_COLOR changes the theme)."""
    import importlib
    import time

    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLORTERM", "truecolor")
    time.tzset()

    clock = types.SimpleNamespace(**{name: getattr(dt, name) for name in dir(dt) if not name.startswith("__")})
    clock.date, clock.datetime = FixedDate, FixedDateTime
    for name in CLOCK_MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "dt"):
            monkeypatch.setattr(module, "dt", clock)
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("snapshots") / "demo.db"
    url = f"sqlite:///{path}"
    engine = open_database(url)
    demo.generate_demo(engine, seekers=60, vacancies=40, seed=2024, today=TODAY)
    engine.dispose()
    yield url


def first_seeker(engine: Engine) -> str:
    from srmatch.services import records

    return records.list_seekers(engine, "", limit=1)[0].client_number


#: (name, screen id, how to find its parameters)
SCREENS: list[tuple[str, str | None, str | None]] = [
    ("home", None, None),
    ("dashboard", "dashboard", None),
    ("seekers", "seekers", None),
    ("seeker", "seeker", "client_number"),
    ("vacancies", "vacancies", None),
    ("matches", "matches", "client_number"),
    ("queue", "queue", None),
    ("contracts", "contracts", None),
]


async def screenshot(url: str, screen_id: str | None, parameter: str | None, size: tuple[int, int]) -> str:
    engine = open_database(url)
    set_language("nl")
    try:
        settings = load_settings(db_path=url, language="nl", user="tl.jansen")
        app = SrmatchApp(settings=settings, engine=engine)
        async with app.run_test(size=size) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            if screen_id is not None:
                params: dict[str, Any] = {parameter: first_seeker(engine)} if parameter else {}
                app.open_screen(screen_id, **params)
                for _ in range(3):  # a screen's first worker may start the next one
                    await pilot.pause()
                    await app.screen.workers.wait_for_complete()
                    await app.workers.wait_for_complete()
                await pilot.pause()
            return app.export_screenshot(title=f"srmatch {screen_id or 'home'}")
    finally:
        set_language("en")
        engine.dispose()


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
@pytest.mark.parametrize(("name", "screen_id", "parameter"), SCREENS, ids=[screen[0] for screen in SCREENS])
async def test_screen_looks_as_recorded(
    demo_database: str, fixed_today: None, tmp_path: Path, name: str, screen_id: str | None, parameter: str | None,
    size: tuple[int, int],
) -> None:
    svg = await screenshot(demo_database, screen_id, parameter, size)
    expected = SNAPSHOTS / f"{name}_{size[0]}x{size[1]}.svg"
    if UPDATE or not expected.exists():
        SNAPSHOTS.mkdir(exist_ok=True)
        expected.write_text(svg, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"{expected.name} recorded for the first time; look at it, commit it, run again")
        return
    if svg != expected.read_text(encoding="utf-8"):
        actual = tmp_path / expected.name
        actual.write_text(svg, encoding="utf-8")
        pytest.fail(
            f"{name} at {size[0]}x{size[1]} looks different from {expected}: now {actual}. If the change is meant, "
            "re-record with SRMATCH_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py"
        )
