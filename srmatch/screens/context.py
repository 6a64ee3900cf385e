"""What a screen may ask of the application: a small protocol, not the concrete app.

Screens are typed against :class:`AppContext`, so ``srmatch.screens`` never imports
``srmatch.app`` (the app imports the screens, not the other way round), and a test can run a
screen in any app that provides these few things.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from srmatch.config import Settings
from srmatch.services.facade import Services


@runtime_checkable
class AppContext(Protocol):
    """The services, settings and navigation a screen needs."""

    @property
    def services(self) -> Services:
        """Service functions bound to this database and actor."""
        ...

    @property
    def settings(self) -> Settings:
        """Language, database and user of this run."""
        ...

    def open_screen(self, screen_id: str, /, **params: str) -> None:
        """Open a screen of the registry by its id (``"seekers"``), with optional parameters."""
        ...
