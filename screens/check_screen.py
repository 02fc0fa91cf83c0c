"""`casefile check` in the app: every case file read and verified, the index compared.

The check reads every case file, so it runs in a thread and reports how far it has got;
what it finds (files changed outside Casefile, unreadable ones, damaged attachments,
stale index entries) is listed in the core's words, and nothing found says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from casefile.actions.workspace import Workspace
from casefile.store.protocol import CheckResult
from screens.actions import bindings
from screens.widgets.plain import PlainStatic
from screens.workers import Loaded, LoadFailed, start_load


def findings(result: CheckResult) -> str:
    """What the check found, one finding a line, or that it found nothing."""
    lines = [f"Unreadable: {exc}" for exc in result.bad]
    lines += [f"Changed outside Casefile: {p}" for p in result.broken_chains]
    lines += [f"Attachment: {p}" for p in result.damaged_attachments]
    lines += [f"Index out of date: {p}" for p in result.index_stale]
    if result.broken_chains:
        lines.append("The balance of each such case stays locked until its file is restored from a backup, "
                     "or the change is accepted (`casefile check --accept PO --reason TEXT`).")
    if result.index_stale:
        lines.append("The list reads those cases from their files; `casefile check --rebuild-index` rewrites the index.")
    if result.unsealed:
        lines.append(f"{len(result.unsealed)} case file(s) not sealed yet (written by an earlier version; "
                     "the next change to each seals it).")
    head = f"Checked {result.checked} case file(s): "
    if not lines:
        return head + "nothing found. Every file reads and verifies, and the index is up to date."
    return head + "\n" + "\n".join(lines)


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
        self.query_one("#check-found", PlainStatic).update(findings(result))

    def on_load_failed(self, message: LoadFailed) -> None:
        message.stop()
        self.query_one("#check-found", PlainStatic).update(f"The check could not run: {message.reason}")

    def action_close(self) -> None:
        self.dismiss(None)
