"""A bug outside a worker stops the app with one line; its traceback lands in crash.log."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

import pytest
from sqlalchemy import Engine
from textual.binding import Binding, BindingType

from srmatch.app import SrmatchApp
from srmatch.config import load_settings


class AppWithABug(SrmatchApp):
    """The real app plus one key whose handler has a bug (the failure is real, not mocked)."""

    BINDINGS: ClassVar[list[BindingType]] = [*SrmatchApp.BINDINGS, Binding("ctrl+b", "bug", "bug")]

    def action_bug(self) -> None:
        figures = {"placed": 3}
        figures["started"] += 1  # KeyError: the kind of slip a handler can have


async def test_a_bug_in_a_handler_goes_to_crash_log_and_the_terminal_gets_one_line(
    engine: Engine, capfd: pytest.CaptureFixture[str]
) -> None:
    app = AppWithABug(settings=load_settings(db_path=str(engine.url), language="en", user="km.pilot"), engine=engine)
    with pytest.raises(KeyError):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("ctrl+b")
            await pilot.pause()
    crash_log = Path(os.environ["SRMATCH_DATA_DIR"]) / "crash.log"
    text = crash_log.read_text(encoding="utf-8")
    assert "Traceback" in text and "action_bug" in text and "KeyError: 'started'" in text
    assert app.return_code == 1
    shown = capfd.readouterr().err  # what the terminal shows after the app stopped
    unwrapped = "".join(shown.split())  # the terminal may wrap the long path
    assert "unexpectederror" in unwrapped and str(crash_log) in unwrapped, shown
    assert "Traceback" not in shown and "figures" not in shown, "no traceback, no local variables on screen"
