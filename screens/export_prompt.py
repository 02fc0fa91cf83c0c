"""Export the case to a file the user names: the dossier (`casefile export --output`) or
the evidence pack (`export --pack`).

The core (casefile.actions.export) refuses the workspace's own files, devices and folders
in its own words, shown under the field; a file that exists is replaced only once the user
says yes (as `--force`). Writing runs in a thread: a pack copies every attachment.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from casefile.actions.export import write_export, write_pack
from casefile.actions.workspace import Workspace
from casefile.records.po import po_words
from casefile.rules.dossier import dossier
from casefile.values.safe_text import safe_line
from screens.actions import bindings
from screens.confirm import ConfirmScreen
from screens.file_picker import pick_file
from screens.widgets.path_input import PathInput, offer_names
from screens.widgets.plain import PlainStatic
from screens.workers import Loaded, LoadFailed, start_load


@dataclass(frozen=True)
class Exists:
    """The file is there already: the user is asked before it is replaced."""

    path: Path


def export_case(ws: Workspace, po: str, target: str, *, pack: bool, force: bool) -> Path | Exists:
    """Write the dossier or the evidence pack of `po` to `target` (thread: disk)."""
    path = Path(target).expanduser()
    if not force and path.is_file():
        return Exists(path)
    state = ws.load(po)
    if pack:
        return write_pack(ws, state, path, force=force, flag="path")
    return write_export(ws, path, dossier(state), force=force, flag="path")


class ExportPrompt(ModalScreen[Path | None]):
    """Asks where to write; dismissed with the path written, or None when cancelled."""

    DEFAULT_CSS = """
    ExportPrompt { align: center middle; }
    ExportPrompt > Vertical {
        width: 76; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    ExportPrompt #export-error { height: auto; color: $error; }
    """
    BINDINGS = bindings("export")

    def __init__(self, ws: Workspace, po: str, *, pack: bool) -> None:
        super().__init__()
        self.ws, self.po, self.pack = ws, po, pack
        self.busy = False

    def compose(self) -> ComposeResult:
        what = "the evidence pack (zip: dossier, attachments, MANIFEST.sha256)" if self.pack else "the dossier (Markdown)"
        with Vertical():
            yield PlainStatic(f"Write {what} of {po_words(self.po)} to a new file outside the workspace:")
            yield PathInput(purpose="pack" if self.pack else "export", id="export-path",
                            placeholder=f"path from {Path.cwd()}; tab completes, f4 browses")
            yield PlainStatic("", id="export-error")
            yield Static("enter  write    esc  cancel", classes="keys")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.write(force=False)

    def write(self, *, force: bool) -> None:
        field = self.query_one("#export-path", PathInput)
        target = field.value.strip()
        if not target:
            self.status("Type the file to write first.")
            return
        if self.busy:
            return
        field.remember()  # there again if refused and reopened
        self.busy = True
        self.status("Writing…")
        start_load(self, lambda: export_case(self.ws, self.po, target, pack=self.pack, force=force))

    def status(self, text: str) -> None:
        self.query_one("#export-error", PlainStatic).update(text)

    def on_loaded(self, message: Loaded[Path | Exists]) -> None:
        message.stop()
        self.busy = False
        done = message.data
        if not isinstance(done, Exists):
            self.dismiss(done)
            return
        self.status("")

        def answered(replace: bool | None) -> None:
            if replace:
                self.write(force=True)

        self.app.push_screen(ConfirmScreen(f"{safe_line(str(done.path))} already exists. Replace it?"), answered)

    def on_load_failed(self, message: LoadFailed) -> None:
        message.stop()
        self.busy = False
        self.status(f"Not written: {message.reason}")  # the core's words: what, where, how to fix

    def on_path_input_listed(self, message: PathInput.Listed) -> None:
        offer_names(self.query_one("#export-error", PlainStatic), message.candidates)

    def on_path_input_browse(self, message: PathInput.Browse) -> None:
        pick_file(self, message)

    def action_cancel(self) -> None:
        self.dismiss(None)
