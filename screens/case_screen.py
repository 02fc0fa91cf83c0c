"""Per-case screens that keep what they loaded: screens.base.CaseScreen plus derived data.

Reading a case parses its file and the gate runs the sampling tables, so both happen in
the load thread; only the UI thread touches widgets.
"""

from __future__ import annotations

from typing import Any, Callable

from textual import work
from textual.binding import Binding
from textual.message import Message

from casefile.records.case_state import CaseState
from casefile.values.errors import CasefileError, GateClosed
from screens.base import CaseScreen
from screens.own_write import own_write
from screens.widgets.plain import tell


class WriteDone(Message):
    def __init__(self, what: str, state: CaseState) -> None:
        super().__init__()
        self.what = what
        self.state = state


class WriteFailed(Message):
    def __init__(self, error: CasefileError) -> None:
        super().__init__()
        self.error = error


def refusal_text(error: CasefileError) -> str:
    """A domain refusal in words; a closed gate lists every reason and what would unlock it."""
    if isinstance(error, GateClosed):
        text = "The balance is locked: " + "; ".join(error.reasons)
        return text + (". To unlock: " + "; ".join(error.unlock) if error.unlock else "")
    return str(error)


class StateScreen(CaseScreen):
    """A case screen that keeps the loaded state, for its actions and the forms it opens."""

    BINDINGS = [Binding("g", "refresh_case", "Reload", id="case.reload", show=False)]

    def __init__(self, ws, po: str) -> None:
        super().__init__(ws, po)
        self.state: CaseState | None = None
        self.derived: Any = None  # what `compute` made of the state, kept to draw it again

    def fetch(self) -> tuple[CaseState, Any]:
        state = self.ws.load(self.po)
        return state, self.compute(state)

    def compute(self, state: CaseState) -> Any:
        """Derived data for `render_case`, computed in the load thread."""
        return None

    def render_case(self, state: CaseState, data: Any) -> None:
        raise NotImplementedError

    def show(self, data: tuple[CaseState, Any]) -> None:
        self.state, self.derived = data
        self.render_case(self.state, self.derived)
        self.refresh_bindings()

    @work(thread=True, group="write")
    def write(self, what: str, action: Callable[[], Any]) -> None:
        """Run a casefile write (returning the new state) off the UI thread; a refusal
        comes back as WriteFailed."""
        try:
            state = own_write(self.app, self.po, action)
        except CasefileError as exc:
            self.post_message(WriteFailed(exc))
            return
        self.post_message(WriteDone(what, state))

    def on_write_done(self, message: WriteDone) -> None:
        message.stop()
        tell(self, message.what, title=f"PO {self.po}")
        self.app.saved(message.state)  # every screen reloads; not reported as someone else's change

    def on_write_failed(self, message: WriteFailed) -> None:
        message.stop()
        tell(self, refusal_text(message.error), title="Not saved", severity="error", timeout=15)
        self.reload()

    def action_refresh_case(self) -> None:
        self.reload()
