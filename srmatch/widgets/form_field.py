"""One labelled field of a form, with the problem shown right under it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, Static


class FormField(Vertical):
    """A label, the control that edits the value, and a line for what is wrong with it.

    The problem line is hidden while the value is fine; when shown it starts with "✗", so
    colour is never the only signal.
    """

    DEFAULT_CSS: ClassVar[str] = """
    FormField {
        height: auto;
        margin: 0;
    }
    FormField > Horizontal {
        height: auto;
    }
    FormField .form-label {
        width: 24;
        padding: 0 1 0 0;
    }
    FormField .form-control {
        width: 1fr;
    }
    FormField .form-error {
        display: none;
        color: $error;
        padding: 0 0 0 24;
        height: auto;
    }
    FormField.-invalid .form-error {
        display: block;
    }
    FormField.-invalid .form-label {
        color: $error;
        text-style: bold;
    }
    """

    def __init__(self, name: str, label: str, control: Widget) -> None:
        super().__init__(id=f"row-{name}")
        self.field_name = name
        self.label = label
        self.control = control
        #: What is wrong with the value now ("" when nothing is).
        self.problem = ""
        control.add_class("form-control")

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(self.label, classes="form-label")
            yield self.control
        yield Static("", id=f"error-{self.field_name}", classes="form-error")

    def show_problem(self, reason: str | None) -> None:
        """Show what is wrong with the value (None: nothing is)."""
        self.problem = reason or ""
        self.set_class(bool(reason), "-invalid")
        self.query_one(".form-error", Static).update(f"✗ {reason}" if reason else "")
