"""Textual's own texts in the user's language: the one place for every string the framework draws.

Textual writes a handful of texts itself, in English: the command palette's placeholder and its
"No matches found", the notice after ctrl+c ("Press ctrl+q to quit the app"), the footer's
"palette", the palette's system commands (Theme, Quit, Keys, Maximize, Screenshot) and the
descriptions of its widgets' keys in the key panel. A caseworker working in Dutch should not
meet them, so this module replaces each through the hooks Textual offers:

- :class:`TranslatedApp` (the base of ``SrmatchApp``) declares the palette binding itself, so
  Textual does not add its own "palette" (``App.__init__`` skips it when the app binds
  ``command_palette``); it opens :class:`TranslatedCommandPalette`, and overrides
  ``get_system_commands``, ``action_help_quit`` and ``search_themes``; it also sets the group
  titles Textual's key panel shows above an input's keys ("Input", "Collapsible").
- :class:`TranslatedScreen` (the base of every srmatch screen) translates the descriptions of
  Textual's widget keys in ``active_bindings``, which the footer and the key panel read.

The English catalogue holds Textual's exact English wording (``srmatch/locales/en/textual.json``),
so English looks exactly like plain Textual; ``tests/test_textual_texts.py`` fails when a Textual
upgrade adds a key description or moves a text this module relies on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import cache
from typing import Any, ClassVar

from rich.align import Align
from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import ActiveBinding, Binding, BindingType
from textual.command import CommandList, CommandPalette
from textual.screen import Screen, ScreenResultType
from textual.widgets import Collapsible, Input
from textual.widgets.option_list import Option

from srmatch.i18n import catalogue, current_language, t

#: Catalogue prefix of the descriptions of Textual's widget keys (their English text is Textual's).
KEY_PREFIX = "textual.key."

#: Textual's system commands, by their English title and help: the catalogue keys of both.
SYSTEM_COMMANDS: dict[tuple[str, str], tuple[str, str]] = {
    ("Theme", "Change the current theme"): ("textual.command.theme", "textual.command.theme_help"),
    ("Quit", "Quit the application as soon as possible"): ("textual.command.quit", "textual.command.quit_help"),
    ("Keys", "Show help for the focused widget and a summary of available keys"): (
        "textual.command.keys",
        "textual.command.keys_show_help",
    ),
    ("Keys", "Hide the keys and widget help panel"): ("textual.command.keys", "textual.command.keys_hide_help"),
    ("Minimize", "Minimize the widget and restore to normal size"): (
        "textual.command.minimize",
        "textual.command.minimize_help",
    ),
    ("Maximize", "Maximize the focused widget"): ("textual.command.maximize", "textual.command.maximize_help"),
    ("Screenshot", "Save an SVG 'screenshot' of the current screen"): (
        "textual.command.screenshot",
        "textual.command.screenshot_help",
    ),
}


@cache
def _key_description_keys() -> dict[str, str]:
    """Textual's English key descriptions → their catalogue keys."""
    return {text: key for key, text in catalogue("en").items() if key.startswith(KEY_PREFIX)}


def translate_key_description(description: str) -> str:
    """A Textual widget key's description in the current language (other texts unchanged)."""
    key = _key_description_keys().get(description)
    return t(key) if key else description


class TranslatedCommandPalette(CommandPalette):
    """Textual's command palette with its placeholder and "No matches found" translated."""

    def __init__(self, *args: Any, placeholder: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, placeholder=placeholder or t("textual.palette_placeholder"), **kwargs)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual draws "No matches found" inside this method and offers no hook for the text.
        # Let Textual run its countdown, then put the translated text in its place.
        super()._start_no_matches_countdown(search_value)
        timer = self._no_matches_timer
        if timer is None or not search_value:
            return
        timer.stop()

        def show_no_matches() -> None:
            command_list = self.query_one(CommandList)
            command_list.add_option(
                Option(Align.center(Text(t("textual.no_matches"), style="not bold")), disabled=True, id=self._NO_MATCHES)
            )
            self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


class TranslatedScreen(Screen[ScreenResultType]):
    """A screen whose footer and key panel show Textual's widget keys in the current language."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        bindings = super().active_bindings
        if current_language() == "en":
            return bindings
        return {
            key: active._replace(binding=replace(active.binding, description=translate_key_description(active.binding.description)))
            for key, active in bindings.items()
        }


class TranslatedApp(App[None]):
    """Textual's app with the framework's own texts in the current language (see the module doc)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Declared here so that Textual does not add its own English "palette" binding; the
        # description and tooltip are catalogue keys, translated per instance by the app.
        Binding(
            App.COMMAND_PALETTE_BINDING,
            "command_palette",
            "textual.palette",
            id="app.palette",
            tooltip="textual.palette_tooltip",
            show=False,
            priority=True,
        ),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The key panel heads a widget's keys with its class's BINDING_GROUP_TITLE (a public
        # class attribute, English in Textual); set for the language of this run.
        for widget_class, key in ((Input, "textual.group.input"), (Collapsible, "textual.group.collapsible")):
            widget_class.BINDING_GROUP_TITLE = t(key)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(TranslatedCommandPalette(id="--command-palette"))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        self.push_screen(TranslatedCommandPalette(providers=[ThemeProvider], placeholder=t("textual.theme_placeholder")))

    def action_help_quit(self) -> None:
        for key, active_binding in self.active_bindings.items():
            if active_binding.binding.action in ("quit", "app.quit"):
                self.notify(t("textual.quit_hint", key=key), title=t("textual.quit_hint_title"))
                return

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            keys = SYSTEM_COMMANDS.get((command.title, command.help))
            if keys is None:
                yield command
                continue
            callback: Callable[[], Any] = command.callback
            if keys[0] == "textual.command.screenshot":
                callback = self._save_screenshot_and_tell
            yield SystemCommand(t(keys[0]), t(keys[1]), callback, command.discover)

    def _save_screenshot_and_tell(self) -> None:
        """Textual's screenshot command, with its "Saved screenshot" notice in the current language."""

        def save() -> None:
            try:
                path = self.save_screenshot()
            except OSError as error:
                self.notify(t("textual.screenshot_failed", error=error.strerror or error), severity="error")
            else:
                self.notify(t("textual.screenshot_saved", path=path), title=t("textual.command.screenshot"))

        self.set_timer(0.1, save)
