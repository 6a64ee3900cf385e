"""The command palette (ctrl+p): screens, the current screen's actions, and records by name.

Three sources, all found with Textual's fuzzy matcher:

* **screens**: "Open: Job seekers" for every built screen of the registry (``SrmatchApp``);
* **actions** of the screen the palette was opened on, derived from its live bindings: every
  binding with a description becomes "<screen>: <description>" ("Job seekers: Sort",
  "Dashboard: Review queue"), running the same action as the key, so a binding added to a screen
  is in the palette by itself, in the user's language, with the user's (remapped) key as help;
* **records**: :class:`RecordCommands` asks ``services.lookup.find_records`` in a thread (never on
  the UI's event loop) for job seekers by name, client number or postcode, vacancies by title
  or reference, and contracts by reference or title; choosing one opens its record screen,
  which audits the opening of a person's record as always.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any
from functools import partial

from textual.actions import parse as parse_action
from textual.app import App, SystemCommand
from textual.command import Hit, Hits, Provider
from textual.screen import Screen

from srmatch.i18n import catalogue, t
from srmatch.screens.base import SrmatchScreen
from srmatch.screens.context import AppContext
from srmatch.services import lookup
from srmatch.services.facade import describe_error

#: Actions the palette does not offer: the app's own (quit, help, the palette itself), and
#: going back (Escape does that everywhere).
_SKIPPED_ACTIONS = frozenset({"quit", "help", "command_palette", "app.quit", "back"})


def screen_title(screen: Screen[object]) -> str:
    """The name a user knows the screen by: "Job seeker" for a record (``palette.screen.<id>``),
    the registry title for a menu screen, else the screen's own title."""
    screen_id = screen.screen_id if isinstance(screen, SrmatchScreen) else ""
    texts = catalogue("en")
    for key in (f"palette.screen.{screen_id}", f"menu.{screen_id}"):
        if screen_id and key in texts:
            return t(key)
    return str(screen.title or type(screen).__name__)


def action_commands(app: App[Any], screen: Screen[Any]) -> Iterable[SystemCommand]:
    """The screen's own actions as palette commands: "<screen>: <what the key does>".

    Every binding of the screen with an id and a description counts, whatever has focus (a filter field
    that swallows "m" does not hide "Matches" here), with the user's remapped keys from
    ``config.toml``; widgets' generic keys (cursor, scroll) are left out. The screen's bindings
    are read the way ``translate_bindings`` writes them: Textual has no public accessor.
    """
    if getattr(screen, "screen_id", "") == "home":
        return  # the home menu's keys are the palette's "Open: …" commands already
    title = screen_title(screen)
    bindings = screen._bindings.copy()
    if isinstance(app, AppContext) and app.settings.keymap:
        bindings.apply_keymap(app.settings.keymap)
    seen: set[str] = set()
    for _key, binding in bindings:
        if not binding.id or not binding.description or binding.action in _SKIPPED_ACTIONS:
            continue  # srmatch's bindings all have ids; Textual's own (tab, ctrl+c) do not
        _namespace, name, parameters = parse_action(binding.action)
        if screen.check_action(name, parameters) is False:
            continue
        if binding.id in seen:
            continue
        seen.add(binding.id)
        yield SystemCommand(
            t("palette.action", screen=title, action=binding.description),
            t("palette.action_help", key=app.get_key_display(binding), action=binding.tooltip or binding.description),
            partial(app.run_action, binding.action, screen),
        )


class RecordCommands(Provider):
    """Job seekers, vacancies and contracts by what the user types (see the module docstring)."""

    async def search(self, query: str) -> Hits:
        app = self.app
        if not isinstance(app, AppContext) or len(query.strip()) < lookup.MIN_QUERY:
            return
        try:
            found = await asyncio.to_thread(app.services.run, lookup.find_records, query)
        except Exception as error:  # a locked or unreachable database: say so, do not crash
            message = t("palette.search_failed", error=describe_error(error))
            yield Hit(1.0, message, lambda: None, text=message)
            return
        matcher = self.matcher(query)
        folded = self.matcher(lookup.fold_query(query))
        for hit in found:
            text = t(f"palette.record.{hit.kind}", label=hit.label, key=hit.key)
            # Scored without accents ("celik" fits "Çelik" as well as "Celik"); found by the lists'
            # rules (a district, a spaced client number) but no fuzzy fit: still shown, last.
            score = max(matcher.match(text), folded.match(hit.folded)) or 0.1
            yield Hit(
                score,
                matcher.highlight(text),
                partial(app.open_screen, hit.kind, **hit.screen_params),
                text=text,
                help=hit.detail,
            )
