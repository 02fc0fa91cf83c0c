"""`casefile check` in the app: every case file read and verified, the index compared.

The check reads every case file, so it runs in a thread and reports how far it has got;
what it finds (files changed outside Casefile, unreadable ones, damaged attachments,
stale index entries) is listed in the command line's words (casefile/actions/check_words.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from casefile.actions.check_words import check_words
from casefile.actions.workspace import Workspace
from casefile.store.protocol import CheckResult
from screens.actions import bindings
from screens.widgets.plain import PlainStatic
from screens.workers import Loaded, LoadFailed, start_load


class CheckScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    CheckScreen { align: center middle; }
    CheckScreen > Vertical {
        width: 78; height: auto; max-height: 20; padding: 0 1;
        border: thick $primary; background: $surface;
    }
    CheckScreen VerticalScroll { height: auto; max-height: 14; }
    """
    BINDINGS = bindings("check")

    @dataclass
    class Progressed(Message):
        done: int
        total: int

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Checking every case file and the index…", id="check-status", markup=False)
            yield ProgressBar(id="check-bar", show_eta=False)
            with VerticalScroll():
                yield PlainStatic("", id="check-found")
            yield Static("esc  close", classes="keys")

    def on_mount(self) -> None:
        start_load(self, lambda: self.ws.check(progress=self._progressed))

    def _progressed(self, done: int, total: int) -> None:  # the check's thread
        self.post_message(self.Progressed(done, total))

    def on_check_screen_progressed(self, message: Progressed) -> None:
        self.query_one(ProgressBar).update(total=message.total, progress=message.done)
        self.query_one("#check-status", Static).update(f"Checking case file {message.done} of {message.total}…")

    def on_loaded(self, message: Loaded[CheckResult]) -> None:
        message.stop()
        result = message.data
        self.query_one(ProgressBar).update(total=result.checked, progress=result.checked)
        self.query_one("#check-status", Static).update("Check done.")
        words = check_words(result)
        self.query_one("#check-found", PlainStatic).update("\n".join((words.summary, *words.problems)))

    def on_load_failed(self, message: LoadFailed) -> None:
        message.stop()
        self.query_one("#check-found", PlainStatic).update(f"The check could not run: {message.reason}")

    def action_close(self) -> None:
        self.dismiss(None)
