"""Forms that save through casefile: errors beside the field, nothing typed is ever lost.

A form validates with the domain's own pydantic models, saves through screens.workers
(a thread worker), and only closes once the change is on disk, dismissed with the case as
written (None when cancelled). A refusal (bad input, a closed gate, a lock held too long)
is shown beside the field it names and the form keeps every value.
"""

from __future__ import annotations

from typing import Any, Callable

from pydantic import ValidationError
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Checkbox, Input, RadioButton, Select, Static, Switch, TextArea

from casefile.values.errors import CasefileError, GateClosed, error_words
from casefile.records.case_state import CaseState
from casefile.actions.workspace import Workspace
from screens.actions import bindings
from screens.confirm import ConfirmScreen
from screens.services import services
from screens.widgets.plain import plain, tell
from screens.workers import WriteDone, WriteFailed, refusal_text, start_write

# Every kind of widget a user gives a form a value with: text, a choice, a tick.
VALUE_WIDGETS = ", ".join(w.__name__ for w in (Input, TextArea, Select, Checkbox, RadioButton, Switch))


def field_errors(exc: Exception, fields: set[str]) -> dict[str, str]:
    """Map an error to the form's fields; what names no field goes under "form"."""
    found: dict[str, str] = {}
    if isinstance(exc, ValidationError):
        for e in exc.errors():
            loc = [str(p) for p in e["loc"]]
            msg = error_words(e)
            name = loc[0] if loc and loc[0] in fields else "form"
            found.setdefault(name, msg if name != "form" or not loc else f"{'.'.join(loc)}: {msg}")
        return found
    if isinstance(exc, GateClosed):
        return {"form": refusal_text(exc)}
    text = str(exc)
    head, sep, rest = text.partition(": ")
    # Domain errors start with the field they are about ("corrects: no log entry ...").
    if sep and head in fields:
        return {head: rest}
    return {"form": text}


class FormScreen(Screen[CaseState | None]):
    """A form that writes to case `po` (None: a case not created yet).

    Subclasses compose an `#<field>-error` Static per field and a `#form-error` Static, or
    override `show_errors`; they call `save` and may override `refused`.
    """

    DEFAULT_CSS = """
    FormScreen .error { color: $error; height: auto; display: none; }
    FormScreen .error.shown { display: block; }
    FormScreen #form-body { height: 1fr; }
    FormScreen .field-row { height: auto; margin-bottom: 1; }
    FormScreen .field-row > Label { width: 20; padding: 0 1 0 0; text-align: right; }
    FormScreen .field-row > Input { width: 30; }
    FormScreen .field-row > TextArea { width: 30; height: 4; }
    FormScreen .field-row > Select { width: 30; }
    FormScreen .field-row > .field-error { width: 1fr; padding: 0 0 0 1; color: $error; height: auto; }
    """

    BINDINGS = bindings("form")

    FIELDS: set[str] = set()
    # field -> what its error leaves unsaid (never how to write a date: the refusal says it)
    HINTS: dict[str, str] = {}

    def __init__(self, ws: Workspace, po: str | None) -> None:
        super().__init__()
        self.ws = ws
        self.po = po
        self.saving = False
        self.initial: dict[str, Any] = {}  # what the form held when last clean

    def on_mount(self) -> None:
        self.mark_clean()

    def values(self) -> dict[str, Any]:
        """What every field holds (typed text, a choice, a tick), for the unsaved-input check."""
        return {w.id: w.text if isinstance(w, TextArea) else w.value for w in self.query(VALUE_WIDGETS)}

    def mark_clean(self) -> None:
        self.initial = self.values()

    @property
    def dirty(self) -> bool:
        """Whether the form holds input that is not saved (the app asks before quitting)."""
        return self.values() != self.initial

    def show_errors(self, errors: dict[str, str]) -> None:
        for widget in self.query(".error"):
            widget.remove_class("shown")
        first = next((name for name in errors if name != "form"), None)
        if first is not None:
            try:
                self.query_one(f"#{first}").focus()  # the user fixes it without hunting for it
            except NoMatches:
                pass
        for name, msg in errors.items():
            try:
                target = self.query_one(f"#{name}-error", Static)
            except NoMatches:
                target = self.query_one("#form-error", Static)
            hint = self.HINTS.get(name)
            # the domain's words may quote what was typed or stored: never read as markup
            target.update(plain(f"⚠ {msg}" + (f" ({hint})" if hint else "")))
            target.add_class("shown")

    # -- saving ------------------------------------------------------------------------
    def save(self, action: Callable[[], Any], *, what: str | Callable[[Any], str] = "", po: str | None = None,
             state_of: Callable[[Any], CaseState] | None = None) -> None:
        """Write through `action` (a casefile operation returning the new state, or what
        `state_of` picks it from) to case `po` (the form's own by default); `what`, if given
        (or made from what `action` returned), is told once it is on disk."""
        if self.saving:
            return  # one save at a time; the record id makes a repeat a no-op anyway
        target = po or self.po
        assert target is not None, "a form for a new case names the case it creates"
        self.saving = True
        self.show_errors({})
        if state_of is None:
            start_write(self, target, action, what)
        else:
            start_write(self, target, action, what, state_of)

    def on_write_done(self, message: WriteDone) -> None:
        message.stop()
        self.saving = False
        services(self).saved(message.state)  # every screen showing the case reloads
        if message.what:
            tell(self, message.what)
        self.dismiss(message.state)

    def on_write_failed(self, message: WriteFailed) -> None:
        message.stop()
        self.saving = False
        self.refused(message.error)

    def refused(self, error: CasefileError | ValidationError) -> None:
        """Show why the write was refused; the form keeps every value."""
        self.show_errors(field_errors(error, self.FIELDS))

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard what you typed in this form?"), answered)


class CaseForm(FormScreen):
    """A form about a case already loaded: `state` (as the opening screen loaded it) gives
    the form its facts and defaults."""

    def __init__(self, ws: Workspace, po: str, state: CaseState) -> None:
        super().__init__(ws, po)
        self.state = state
