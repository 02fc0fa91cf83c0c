"""The base of every screen about one case: load in a thread, reload when the case changes,
write through screens.workers.

`CaseScreen` shows what its `fetch` made of the case; `StateScreen` also keeps the
CaseState it loaded, for its actions and for the forms it opens.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import ValidationError
from textual.screen import Screen

from casefile.records.po import po_words
from casefile.values.errors import CasefileError
from casefile.records.case_state import CaseState
from casefile.actions.workspace import Workspace
from screens.actions import bindings
from screens.first_paint import FirstPaint
from screens.messages import CaseChanged
from screens.services import services
from screens.widgets.plain import tell
from screens.workers import Loaded, LoadFailed, WriteDone, WriteFailed, refusal_text, start_load

T = TypeVar("T")  # what a screen's fetch returns
D = TypeVar("D")  # what a StateScreen derives from the state


class CaseScreen(Screen[None], Generic[T]):
    """A screen about one case. Subclasses implement `fetch` (thread) and `show` (UI)."""

    BINDINGS = bindings("case")

    def __init__(self, ws: Workspace, po: str) -> None:
        super().__init__()
        self.ws = ws
        self.po = po
        self._first_paint = FirstPaint()

    def on_mount(self) -> None:
        self._first_paint.hold(self.app)  # painted once, with its data (screens.first_paint)
        self.reload()

    def reload(self) -> None:
        start_load(self, self.fetch)

    def fetch(self) -> T:  # runs in a thread: read only, no widgets
        raise NotImplementedError

    def show(self, data: T) -> None:
        raise NotImplementedError

    def on_loaded(self, message: Loaded[T]) -> None:
        message.stop()
        self.show(message.data)
        # Released once the messages `show` set off (rows added, a focus) are handled.
        self.call_after_refresh(self._first_paint.release)

    def on_load_failed(self, message: LoadFailed) -> None:
        message.stop()
        self._first_paint.release()
        tell(self, message.reason, title="Cannot load", severity="error", timeout=10)

    def on_case_changed(self, message: CaseChanged) -> None:
        if message.po in (self.po, ""):
            self.reload()

    # -- writes (started with screens.workers.start_write) ----------------------------
    def on_write_done(self, message: WriteDone) -> None:
        message.stop()
        self.written(message.what)
        services(self).saved(message.state)  # every screen reloads; not reported as someone else's change

    def on_write_failed(self, message: WriteFailed) -> None:
        message.stop()
        self.refused(message.error)

    def written(self, what: str) -> None:
        tell(self, what, title=po_words(self.po))

    def refused(self, error: CasefileError | ValidationError) -> None:
        tell(self, refusal_text(error), title="Not saved", severity="error", timeout=15)
        self.reload()

    def on_unmount(self) -> None:
        self._first_paint.release()

    def action_back(self) -> None:
        self.app.pop_screen()


class StateScreen(CaseScreen[tuple[CaseState, D]], Generic[D]):
    """A case screen that keeps the loaded state and what `compute` derived from it."""

    BINDINGS = bindings("case-state")

    def __init__(self, ws: Workspace, po: str) -> None:
        super().__init__(ws, po)
        self.state: CaseState | None = None
        self.derived: D | None = None  # kept to draw the case again (on resize)

    def fetch(self) -> tuple[CaseState, D]:
        state = self.ws.load(self.po)
        return state, self.compute(state)

    def compute(self, state: CaseState) -> D:
        """Derived data for `render_case`, computed in the load thread."""
        raise NotImplementedError

    def render_case(self, state: CaseState, data: D) -> None:
        raise NotImplementedError

    def show(self, data: tuple[CaseState, D]) -> None:
        self.state, self.derived = data
        self.render_case(*data)
        self.refresh_bindings()

    def action_refresh_case(self) -> None:
        self.reload()
