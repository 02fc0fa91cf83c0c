"""Forms that save through casefile: errors beside the field, nothing typed is ever lost.

A form validates with the domain's own pydantic models, saves in a thread worker, and
only closes once the change is on disk. A refusal (bad input, a closed gate, a lock held
too long) is shown beside the field it names and the form keeps every value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from pydantic import ValidationError
from textual import work
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static, TextArea

from casefile.values.errors import CasefileError, GateClosed
from screens.case_screen import refusal_text
from screens.confirm import ConfirmScreen
from screens.own_write import own_write
from screens.widgets.plain import plain

if TYPE_CHECKING:
    from casefile.records.case_state import CaseState
    from casefile.actions.workspace import Workspace

_PYDANTIC_HEADS = ("Value error, ", "Assertion failed, ")


def field_errors(exc: Exception, fields: set[str]) -> dict[str, str]:
    """Map an error to the form's fields; what names no field goes under "form"."""
    found: dict[str, str] = {}
    if isinstance(exc, ValidationError):
        for e in exc.errors():
            loc = [str(p) for p in e["loc"]]
            msg = e["msg"]
            for head in _PYDANTIC_HEADS:
                msg = msg.removeprefix(head)
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


class Saved(Message):
    def __init__(self, result: Any) -> None:
        super().__init__()
        self.result = result


class SaveFailed(Message):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error


class FormScreen(Screen[bool]):
    """Subclasses compose an `#<field>-error` Static per field and a `#form-error` Static."""

    DEFAULT_CSS = """
    FormScreen .error { color: $error; height: auto; display: none; }
    FormScreen .error.shown { display: block; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="form.cancel")]

    FIELDS: set[str] = set()
    HINTS: dict[str, str] = {}  # field -> how to write it, added to its error

    def __init__(self) -> None:
        super().__init__()
        self.saving = False
        self._initial: dict[str, Any] = {}

    def on_mount(self) -> None:
        self.mark_clean()

    def values(self) -> dict[str, Any]:
        """What the user has typed, for the unsaved-input check."""
        return {w.id: w.value for w in self.query(Input)} | {w.id: w.text for w in self.query(TextArea)}

    def mark_clean(self) -> None:
        self._initial = self.values()

    @property
    def dirty(self) -> bool:
        return self.values() != self._initial

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

    def save(self, action: Callable[[], Any]) -> None:
        if self.saving:
            return  # one save at a time; the record id makes a repeat a no-op anyway
        self.saving = True
        self.show_errors({})
        self._save(action)

    @work(thread=True, group="save")
    def _save(self, action: Callable[[], Any]) -> None:
        try:
            result = self.run_save(action)
        except (CasefileError, ValidationError) as exc:
            self.post_message(SaveFailed(exc))
            return
        self.post_message(Saved(result))

    def run_save(self, action: Callable[[], Any]) -> Any:
        """Run the save (worker thread)."""
        return action()

    def on_saved(self, message: Saved) -> None:
        message.stop()
        self.saving = False
        self.dismiss(True)

    def on_save_failed(self, message: SaveFailed) -> None:
        message.stop()
        self.saving = False
        self.show_errors(field_errors(message.error, self.FIELDS))

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(False)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(False)

        self.app.push_screen(ConfirmScreen("Discard what you typed in this form?"), answered)


class CaseForm(FormScreen):
    """A form that writes to one case; once saved, every screen showing it reloads."""

    def __init__(self, ws: Workspace, po: str, state: CaseState) -> None:
        super().__init__()
        self.ws = ws
        self.po = po
        self.state = state  # as the opening screen loaded it: the form's facts and defaults

    def run_save(self, action: Callable[[], Any]) -> Any:
        return own_write(self.app, self.po, action)

    def on_saved(self, message: Saved) -> None:
        # FormScreen's handler (Textual calls it too, after this one) closes the form.
        self.app.saved(message.result)
