"""Base screen: translated key descriptions and typed access to the app."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.dom import DOMNode
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from srmatch.i18n import t

if TYPE_CHECKING:
    from srmatch.app import SrmatchApp


def translate_bindings(node: DOMNode) -> None:
    """Replace catalogue keys in binding descriptions and tooltips by the current language.

    Bindings are declared with message keys (``"key.back"``) because class attributes are
    evaluated at import time, before the language is known. Textual copies the class's
    bindings into each instance, so translating the copy here is enough.
    """
    key_to_bindings = node._bindings.key_to_bindings
    for key, bindings in key_to_bindings.items():
        key_to_bindings[key] = [
            replace(binding, description=t(binding.description), tooltip=t(binding.tooltip) if binding.tooltip else "")
            for binding in bindings
        ]


class SrmatchScreen(Screen[None]):
    """A screen of srmatch."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)

    @property
    def srmatch(self) -> SrmatchApp:
        return self.app  # type: ignore[return-value]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Background work that fails is reported on screen, never a crash or silence."""
        if event.state is WorkerState.ERROR:
            error = event.worker.error
            message = str(error).splitlines()[0] if error and str(error) else type(error).__name__
            self.notify(t("error.background", error=message), severity="error", timeout=10)
