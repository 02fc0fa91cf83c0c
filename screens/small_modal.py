"""The skeleton of a small modal: a box in the middle of the screen holding one line of
text, what the modal asks for, and a line of its keys."""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

R = TypeVar("R")


class SmallModal(ModalScreen[R]):
    # Subclasses set the box's width (and may recolour its border) in their own DEFAULT_CSS.
    DEFAULT_CSS = """
    SmallModal { align: center middle; }
    SmallModal > Vertical {
        height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    """

    def __init__(self, text: str, keys: str) -> None:
        super().__init__()
        self.text = text
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.text, markup=False)  # data: never read as markup
            yield from self.compose_body()
            yield Static(self.keys, classes="keys")

    def compose_body(self) -> ComposeResult:
        """What the modal asks for, between its text and its keys: nothing for a question."""
        yield from ()
