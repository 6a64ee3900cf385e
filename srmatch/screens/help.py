"""F1 help: the screen you came from, its keys, the focused field, and every screen's key.

Built from the live bindings and the screen registry, never from a hand-written key list, so
a key remapped in ``config.toml`` or a newly registered screen shows up here by itself.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Markdown

from srmatch.i18n import catalogue, current_language, t
from srmatch.screens import registry
from srmatch.screens.base import SrmatchScreen


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def widget_help(screen_id: str, widget: Widget) -> str:
    """What the focused widget is and how to use it, most specific first.

    ``help.widget.<screen>.<widget id>`` (written for that field), else the widget's tooltip,
    else ``help.widget_kind.<class>`` for the nearest Textual class it is (a table, a text
    field, a list, a drop-down), so every focusable widget gets a line even when nobody wrote one.
    A text field is named by its placeholder, so the user knows which one is meant.
    """
    english = catalogue("en")
    widget_key = f"help.widget.{screen_id}.{widget.id}" if widget.id else ""
    if widget_key and widget_key in english:
        return t(widget_key)
    lines: list[str] = []
    placeholder = getattr(widget, "placeholder", "")
    if isinstance(placeholder, str) and placeholder:
        lines.append(f"**{_cell(placeholder)}**")
    tooltip = widget.tooltip
    if isinstance(tooltip, str) and tooltip:
        lines.append(tooltip)
    for cls in type(widget).__mro__:
        kind_key = f"help.widget_kind.{cls.__name__}"
        if kind_key in english:
            lines.append(t(kind_key))
            break
    return "\n\n".join(lines)


class HelpScreen(SrmatchScreen):
    """What the screen beneath and every key does; Escape closes it."""

    screen_id = "help"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "key.back", id="help.back", tooltip="key.back")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Markdown("", id="help")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("menu.help")
        self.query_one("#help", Markdown).update(self.help_text())

    def _screen_below(self) -> Screen[object] | None:
        stack = self.app.screen_stack
        index = stack.index(self) if self in stack else len(stack)
        return stack[index - 1] if index >= 1 else None

    def help_text(self) -> str:
        """The help as Markdown, in the user's language."""
        texts = catalogue(current_language())
        parts: list[str] = []
        below = self._screen_below()
        screen_id = below.screen_id if isinstance(below, SrmatchScreen) else ""
        if below is not None and screen_id and screen_id != "help":
            parts.append(f"# {t('help.about', screen=below.title or t('app.subtitle'))}")
            help_key = f"help.screen.{screen_id}"
            if help_key in texts or help_key in catalogue("en"):
                parts.append(t(help_key))
            # srmatch's own keys (they have ids) first; the focused widget's generic keys
            # (scrolling, cursor movement) under "the field you are in". A key says what it does in
            # its long form (the tooltip) where the footer has room only for a short one.
            own: list[str] = []
            generic: list[str] = []
            seen: set[str] = set()
            for key, active in below.active_bindings.items():
                binding = active.binding
                if not binding.description or (binding.id or key) in seen:
                    continue
                seen.add(binding.id or key)
                row = f"| {_cell(self.app.get_key_display(binding))} | {_cell(binding.tooltip or binding.description)} |"
                (own if binding.id else generic).append(row)
            header = f"| {t('help.col_key')} | {t('help.col_action')} |\n|---|---|"
            parts.append(f"## {t('help.keys_here')}")
            parts.append("\n".join([header, *own]))
            focused = below.focused
            if focused is not None:
                about = widget_help(screen_id, focused)
                if about or generic:
                    parts.append(f"## {t('help.focused')}\n\n{about}".rstrip())
                if generic:
                    parts.append("\n".join([header, *generic]))
        parts.append(f"## {t('help.screens')}")
        keymap = self.context.settings.keymap
        rows = [f"| {t('help.col_key')} | {t('help.col_screen')} |\n|---|---|"]
        for entry in registry.menu():
            title = t(entry.title_key) + ("" if entry.built else f" ({t('menu.not_built')})")
            rows.append(f"| {_cell(entry.menu_key(keymap) or '')} | {_cell(title)} |")
        parts.append("\n".join(rows))
        parts.append(t("help.text"))
        return "\n\n".join(parts)

    def action_back(self) -> None:
        self.app.pop_screen()
