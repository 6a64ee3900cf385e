"""srmatch's own themes: a high-contrast one (Textual has none), registered next to Textual's.

High contrast means: pure black and white, every accent a saturated colour with a contrast ratio
of at least 7:1 against black (WCAG AAA), the cursor in black on yellow and bold (so it is found at
a glance, and still by its boldness on a monochrome screen), borders in white, nothing dimmed.
Screens use theme variables only (``$primary``, ``$error``; see ``srmatch.tcss``), so every
screen follows the theme without a line of its own. The user picks a theme with the palette's
"Theme" command (ctrl+p); the app remembers it in ``config.toml`` (``theme = "…"``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.color import ColorParseError
from textual.theme import Theme

from srmatch.i18n import t

HIGH_CONTRAST = "srmatch-high-contrast"

HIGH_CONTRAST_THEME = Theme(
    name=HIGH_CONTRAST,
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFB000",
    error="#FF6060",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#000000",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": "#FFFFFF",
        "block-cursor-blurred-foreground": "#000000",
        "block-cursor-blurred-text-style": "bold",
        "block-hover-background": "#333333",
        "input-cursor-background": "#FFFFFF",
        "input-cursor-foreground": "#000000",
        "input-selection-background": "#FFFF00 60%",
        "border": "#FFFFFF",
        "border-blurred": "#FFFFFF",
        "footer-background": "#000000",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "foreground-muted": "#FFFFFF",
        "text-muted": "#FFFFFF",
        "scrollbar": "#FFFFFF",
        "scrollbar-background": "#000000",
        "link-color": "#00FFFF",
    },
)

#: Every theme of srmatch's own, registered at start-up.
THEMES: tuple[Theme, ...] = (HIGH_CONTRAST_THEME,)


#: The theme srmatch starts in when config.toml names none (Textual's default).
DEFAULT_THEME = "textual-dark"


def _use(app: App[Any], name: str) -> None:
    app.theme = name


def theme_commands(app: App[Any]) -> Iterable[SystemCommand]:
    """Palette commands in the user's language that switch straight to high contrast and back
    (Textual's own "Theme" command lists every theme)."""
    if app.theme != HIGH_CONTRAST:
        yield SystemCommand(t("shell.theme.high_contrast"), t("shell.theme.high_contrast_help"), partial(_use, app, HIGH_CONTRAST))
    else:
        yield SystemCommand(t("shell.theme.default"), t("shell.theme.default_help"), partial(_use, app, DEFAULT_THEME))


#: The colour fields of a theme file (Textual's ``Theme`` fields); ``name`` and ``primary`` are required.
_COLOUR_FIELDS = ("primary", "secondary", "accent", "warning", "error", "success", "foreground", "background",
                  "surface", "panel", "boost")


@dataclass(frozen=True)
class ThemeFiles:
    """The user's own themes, and the files that could not be used (with why)."""

    themes: tuple[Theme, ...]
    problems: tuple[str, ...]


def read_theme_files(folder: Path) -> ThemeFiles:
    """Every ``*.toml`` in ``folder`` (``themes/`` beside config.toml) as a Textual theme.

    A file holds ``name``, ``primary`` and optionally the other colours, ``dark = true|false``
    and a ``[variables]`` table (``"block-cursor-background" = "#FFFF00"``). A file that cannot be
    read or has a bad colour is left out and named in ``problems``; the app says so and starts.
    """
    themes: list[Theme] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            name, primary = data.get("name"), data.get("primary")
            if not isinstance(name, str) or not name or not isinstance(primary, str):
                raise ValueError("needs name = \"…\" and primary = \"#rrggbb\"")
            colours = {key: str(data[key]) for key in _COLOUR_FIELDS if key in data}
            variables = data.get("variables", {})
            if not isinstance(variables, dict):
                raise ValueError("[variables] must be a table")
            theme = Theme(
                name=name, primary=primary, secondary=colours.get("secondary"), accent=colours.get("accent"),
                warning=colours.get("warning"), error=colours.get("error"), success=colours.get("success"),
                foreground=colours.get("foreground"), background=colours.get("background"),
                surface=colours.get("surface"), panel=colours.get("panel"), boost=colours.get("boost"),
                dark=bool(data.get("dark", True)), variables={str(k): str(v) for k, v in variables.items()},
            )
            theme.to_color_system()  # a bad colour fails here, not when the user picks the theme
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError, TypeError, ColorParseError) as error:
            problems.append(f"{path.name}: {error}")
            continue
        themes.append(theme)
    return ThemeFiles(themes=tuple(themes), problems=tuple(problems))
