"""argparse's own texts ("usage:", "the following arguments are required", "invalid choice", the
help headings) in the interface language: the one place that translates them.

argparse looks every text up through ``gettext`` at the moment it needs it, via the names ``_``
and ``ngettext`` it imports into its module. :func:`install` points those two names at our
catalogue (``srmatch/locales/<lang>/cli.json``, keys ``argparse.*``, whose English values are
argparse's own message ids), so no ``.mo`` files and no process-wide gettext domain are needed.
An English text argparse adds in a later Python version and that we lack stays English.
The headings are looked up when a parser is built, the errors when they happen, so the CLI sets
the language before it builds its parser (``srmatch.cli.main``).
"""

from __future__ import annotations

import argparse
from functools import cache

from srmatch.i18n import catalogue, t

PREFIX = "argparse."
PLURAL_SUFFIX = "_plural"


@cache
def _keys() -> dict[str, str]:
    """argparse's English message ids → catalogue keys."""
    return {text: key for key, text in catalogue("en").items() if key.startswith(PREFIX)}


def translate(message: str) -> str:
    """argparse's ``_``: its message in the current language (unknown ones unchanged)."""
    key = _keys().get(message)
    return t(key) if key else message


def translate_plural(singular: str, plural: str, count: int) -> str:
    """argparse's ``ngettext``: the singular key's ``_plural`` sibling holds the plural form."""
    key = _keys().get(singular)
    if key is None:
        return singular if count == 1 else plural
    return t(key) if count == 1 else t(key + PLURAL_SUFFIX)


def install() -> None:
    """Let argparse speak the current language from now on (idempotent)."""
    setattr(argparse, "_", translate)
    setattr(argparse, "ngettext", translate_plural)
