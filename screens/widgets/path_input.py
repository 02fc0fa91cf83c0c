"""A path field that behaves like a shell's: Tab completes, F4 opens a file picker.

Relative paths are read from the folder the app was started from (its working folder,
which the app never changes), as a shell would read them. What was typed is remembered
per purpose, so a path refused once is there again when the prompt opens next.
"""

from __future__ import annotations

import os
from itertools import islice
from dataclasses import dataclass
from pathlib import Path

from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from screens.actions import bindings
from screens.widgets.still import StillInput

MAX_SCANNED = 5_000  # a folder of millions: complete from the first entries, not freeze
MAX_LISTED = 200


@dataclass(frozen=True)
class Completion:
    text: str  # the field's new text
    candidates: tuple[str, ...]  # the names that still fit, when more than one does


def complete_path(text: str, cwd: Path) -> Completion:
    """What Tab makes of `text`: the longest common start of the names that fit, a "/"
    after a folder, and the names themselves when more than one fits (disk: call in a thread)."""
    folder_text, _, start = text.rpartition("/") if "/" in text else ("", "", text)
    folder_part = folder_text + "/" if "/" in text else ""
    folder = Path(os.path.expanduser(folder_part or ".")) if folder_part != "/" else Path("/")
    if not folder.is_absolute():
        folder = cwd / folder
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name + ("/" if e.is_dir() else "") for e in islice(entries, MAX_SCANNED)
                           if e.name.startswith(start) and (start.startswith(".") or not e.name.startswith(".")))
    except OSError:
        return Completion(text, ())
    if not names:
        return Completion(text, ())
    common = os.path.commonprefix(names)
    return Completion(folder_part + common, tuple(names[:MAX_LISTED]) if len(names) > 1 else ())


class PathInput(StillInput):
    """The path field: Tab completes (Tab on a complete file name moves on), F4 browses."""

    BINDINGS = bindings("path")
    remembered: dict[str, str] = {}  # purpose -> the path last typed, for the next prompt

    @dataclass
    class Listed(Message):
        """More than one name fits what is typed: the screen may show them."""

        path_input: "PathInput"
        candidates: tuple[str, ...]

    @dataclass
    class Browse(Message):
        """The user asked for the file picker, starting at `folder`."""

        path_input: "PathInput"
        folder: Path

    def __init__(self, *, purpose: str, **kwargs) -> None:
        kwargs.setdefault("select_on_focus", False)  # a remembered path is typed on, not over
        super().__init__(PathInput.remembered.get(purpose, ""), **kwargs)
        self.purpose = purpose
        self.cwd = Path.cwd()

    def remember(self, text: str | None = None) -> None:
        """Offer `text` (what is typed, by default) when a prompt for the same purpose opens."""
        PathInput.remembered[self.purpose] = self.value if text is None else text

    def action_complete(self) -> None:
        text = self.value
        if text and _is_file(text, self.cwd):
            self.screen.focus_next()  # nothing left to complete: Tab moves on, as in any field
            return
        self.run_worker(lambda: complete_path(text, self.cwd), thread=True, exclusive=True, group="complete")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "complete" or event.state != WorkerState.SUCCESS:
            return
        done: Completion = event.worker.result
        if done.text != self.value:
            self.value = done.text
            self.cursor_position = len(self.value)
        self.post_message(self.Listed(self, done.candidates))

    def action_browse(self) -> None:
        typed = Path(os.path.expanduser(self.value.split(",")[0].strip() or "."))
        folder = typed if typed.is_absolute() else self.cwd / typed
        self.post_message(self.Browse(self, folder if self.value.endswith("/") or not self.value else folder.parent))


def _is_file(text: str, cwd: Path) -> bool:
    path = Path(os.path.expanduser(text))
    return not text.endswith("/") and (path if path.is_absolute() else cwd / path).is_file()


def offer_names(where: Static, names: tuple[str, ...]) -> None:
    """The names that fit, shown under the field as a shell lists them (or nothing)."""
    shown = "  ".join(names[:40]) + (f"  … {len(names) - 40} more" if len(names) > 40 else "")
    where.update(shown)
