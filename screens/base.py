"""What every per-case screen shares: load in a thread, reload on CaseChanged."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.binding import Binding
from textual.screen import Screen

from casefile.actions.workspace import Workspace
from casefile.values.errors import CasefileError
from screens.messages import CaseChanged, Loaded, LoadFailed
from screens.widgets.plain import tell


class CaseScreen(Screen):
    """A screen about one case. Subclasses implement `fetch` (thread) and `show` (UI)."""

    BINDINGS = [Binding("escape", "back", "Back", id="case.back")]

    def __init__(self, ws: Workspace, po: str) -> None:
        super().__init__()
        self.ws = ws
        self.po = po

    def on_mount(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="load")
    def reload(self) -> None:
        try:
            data = self.fetch()
        except CasefileError as exc:
            self.post_message(LoadFailed(str(exc)))
            return
        self.post_message(Loaded(data))

    def fetch(self) -> Any:  # runs in a thread: read only, no widgets
        return self.ws.load(self.po)

    def show(self, data: Any) -> None:
        raise NotImplementedError

    def on_loaded(self, message: Loaded) -> None:
        message.stop()
        self.show(message.data)

    def on_load_failed(self, message: LoadFailed) -> None:
        message.stop()
        tell(self, message.reason, title="Cannot load", severity="error", timeout=10)

    def on_case_changed(self, message: CaseChanged) -> None:
        if message.po in (self.po, ""):
            self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()
