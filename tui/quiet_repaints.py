"""Repaints Textual 8.2.8 does that change nothing on the terminal, turned off.

Each one wrote the whole screen again (3.7-3.9 KB at 80x24, 256 colours) for a key that
changed a line or two; over a slow SSH link that is what makes a key feel slow.
"""

from __future__ import annotations

from textual.screen import Screen


def no_repaint_on_focus() -> None:
    """`Screen.focused` is a reactive that repaints the whole screen when the focus moves,
    though the widgets that gain and lose the focus (and any :focus-within container) are
    restyled and repaint themselves."""
    Screen.focused._repaint = False  # type: ignore[attr-defined]
