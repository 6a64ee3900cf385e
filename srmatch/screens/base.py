"""Base screen: translated key descriptions and typed access to the app's context."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from textual.dom import DOMNode
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from srmatch.i18n import t
from srmatch.screens.context import AppContext
from srmatch.services.facade import Services, describe_error
from srmatch.widgets.textual_texts import TranslatedScreen


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


class SrmatchScreen(TranslatedScreen[None]):
    """A screen of srmatch."""

    #: The registry id of this screen (``srmatch.screens.registry``): its title and F1 help.
    screen_id: ClassVar[str] = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)

    @property
    def context(self) -> AppContext:
        """The app, as far as a screen may use it (services, settings, navigation)."""
        app = self.app
        if not isinstance(app, AppContext):
            raise TypeError(f"{type(self).__name__} needs an app that provides AppContext")
        return app

    @property
    def services(self) -> Services:
        """Service functions bound to this database and actor; call them from workers."""
        return self.context.services

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Background work that fails is reported on screen, never a crash or silence.

        Textual runs this after a subclass's own ``on_worker_state_changed`` (it calls the handler
        of every class): a subclass that reports the failure itself calls
        ``event.prevent_default()``; one that only tidies up (ends a loading indicator) lets
        this run and does not call it again through ``super()``, or the user reads it twice.
        """
        if event.state is WorkerState.ERROR:
            message = describe_error(event.worker.error)
            self.notify(t("error.background", error=message), severity="error", timeout=10)
