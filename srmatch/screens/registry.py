"""Every screen of srmatch in one place: its menu key, menu and palette title, and F1 help.

The home menu, its key bindings, the command palette ("Open: Job seekers") and the F1 help
are all built from :data:`SCREENS`, so a palette entry never leads nowhere and a changed key
changes the help. A screen that is planned but not built yet has ``screen=None``: the menu
marks it "not available yet" and the palette leaves it out.

Adding a screen is one entry (or filling in ``screen=`` of a planned one)::

    ScreenEntry("queue", "r", "srmatch.screens.queue:QueueScreen"),

plus ``menu.<id>`` (title) and ``help.screen.<id>`` (a paragraph for F1) in your locale
fragments, Dutch and English. The class is imported only when the screen is opened, so the
app starts fast. ``open_screen(id, **params)`` passes ``params`` to the class as keyword
arguments (``open_screen("seeker", client_number="KL0000001")``). The key of a menu entry is
bound as ``home.<id>``; users remap it in ``config.toml`` (``[keys]``), and the help follows.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class ScreenEntry:
    """One screen: where it lives and how a user reaches it."""

    #: Stable id, used by ``open_screen``, binding ids (``home.<id>``) and catalogue keys.
    screen_id: str
    #: The key that opens it from the home menu; ``None`` for screens reached from other screens.
    key: str | None
    #: ``"module:Class"`` of the Screen; ``None`` while the screen is planned but not built.
    screen: str | None
    #: Shown in the home menu (and so in the F1 list of screens).
    in_menu: bool = True

    @property
    def title_key(self) -> str:
        return f"menu.{self.screen_id}"

    @property
    def help_key(self) -> str:
        return f"help.screen.{self.screen_id}"

    @property
    def binding_id(self) -> str:
        return f"home.{self.screen_id}"

    @property
    def built(self) -> bool:
        return self.screen is not None

    def load(self) -> type[Screen[object]]:
        """The screen class (imported now, not at start-up)."""
        if self.screen is None:
            raise LookupError(f"screen {self.screen_id!r} is not built yet")
        module_name, _, class_name = self.screen.partition(":")
        screen_class: type[Screen[object]] = getattr(importlib.import_module(module_name), class_name)
        return screen_class

    def menu_key(self, keymap: Mapping[str, str] | None = None) -> str | None:
        """The key as the user has it: the ``config.toml`` remapping, else the default."""
        if keymap and self.binding_id in keymap:
            return keymap[self.binding_id].split(",")[0].strip()
        return self.key


#: The screens in menu order (DESIGN.md §7). Owners: dashboard, seekers, vacancies, matches,
#: help, seeker, vacancy: H; queue, caseload: D; contracts, organisations, programme: E;
#: import: F; audit: G.
SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("dashboard", "d", "srmatch.screens.dashboard:DashboardScreen"),
    ScreenEntry("seekers", "s", "srmatch.screens.lists:SeekerListScreen"),
    ScreenEntry("vacancies", "v", "srmatch.screens.lists:VacancyListScreen"),
    ScreenEntry("matches", "m", "srmatch.screens.matches:MatchesScreen"),
    ScreenEntry("caseload", "k", "srmatch.screens.caseload:CaseloadScreen"),
    ScreenEntry("queue", "r", "srmatch.screens.queue:QueueScreen"),
    ScreenEntry("contracts", "c", "srmatch.screens.social_return:ContractsScreen"),
    ScreenEntry("organisations", "o", "srmatch.screens.social_return:OrganisationsScreen"),
    ScreenEntry("programme", "p", "srmatch.screens.social_return:ProgrammeScreen"),
    ScreenEntry("import", "i", "srmatch.screens.importing:ImportScreen"),
    ScreenEntry("audit", "a", "srmatch.screens.audit:AuditLogScreen"),
    ScreenEntry("help", "h", "srmatch.screens.help:HelpScreen"),
    # Reached from other screens (lists, palette, matches), not from the menu.
    ScreenEntry("seeker", None, "srmatch.screens.records:SeekerScreen", in_menu=False),
    ScreenEntry("vacancy", None, "srmatch.screens.records:VacancyScreen", in_menu=False),
    ScreenEntry("contract", None, "srmatch.screens.social_return:ContractScreen", in_menu=False),
    ScreenEntry("seeker_form", None, "srmatch.screens.forms:SeekerForm", in_menu=False),
    ScreenEntry("vacancy_form", None, "srmatch.screens.forms:VacancyForm", in_menu=False),
)


def entry(screen_id: str) -> ScreenEntry:
    """The entry with this id; ``LookupError`` for an id nobody registered."""
    for candidate in SCREENS:
        if candidate.screen_id == screen_id:
            return candidate
    raise LookupError(f"no screen {screen_id!r} in the registry")


def menu() -> tuple[ScreenEntry, ...]:
    """The entries of the home menu, in order."""
    return tuple(candidate for candidate in SCREENS if candidate.in_menu)
