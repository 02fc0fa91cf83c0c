"""Pick a file from a tree of folders (Textual's DirectoryTree), for a path field."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import DirectoryTree

from casefile.values.safe_text import safe_line
from screens.actions import bindings
from screens.widgets.path_input import PathInput
from screens.widgets.plain import PlainStatic


class NamesTree(DirectoryTree):
    """Textual's DirectoryTree, its file names shown as written: never markup, and no byte of
    a name acting on the terminal (an ESC in a name is shown as \\u001b)."""

    def process_label(self, label: str | Text) -> Text:
        return super().process_label(Text(safe_line(label.plain if isinstance(label, Text) else label)))


class FilePickerScreen(ModalScreen[Path | None]):
    """Dismissed with the file chosen (enter on a file), or None (esc)."""

    DEFAULT_CSS = """
    FilePickerScreen { align: center middle; }
    FilePickerScreen > Vertical { width: 76; height: 20; border: thick $primary; background: $surface; }
    FilePickerScreen DirectoryTree { height: 1fr; }
    """
    BINDINGS = bindings("picker")

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder if folder.is_dir() else Path.cwd()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield PlainStatic(f"{self.folder}: enter opens a folder or picks a file; esc cancels")
            yield NamesTree(self.folder)

    def on_mount(self) -> None:
        self.query_one(DirectoryTree).focus()

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.dismiss(event.path)

    def action_cancel(self) -> None:
        self.dismiss(None)


def pick_file(screen: Widget, asked: PathInput.Browse) -> None:
    """Open the file picker; the file chosen goes into the field that asked."""
    def chosen(path: Path | None) -> None:
        if path is not None:
            asked.path_input.value = str(path)
            asked.path_input.cursor_position = len(asked.path_input.value)
            asked.path_input.focus()

    screen.app.push_screen(FilePickerScreen(asked.folder), chosen)
