"""Data on its way into a widget: shown as written, never read as markup, and never a
terminal control (casefile.values.safe_text).

A supplier named `ACME [/] Ltd` is markup to Textual's `str` handling (notify, Static,
DataTable cells, Rich tables, palette hits), and an ESC in a file name or an imported
file would reach the terminal. Every screen puts data on screen through these helpers.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.content import Content
from textual.dom import DOMNode
from textual.widgets import Static

from casefile.values.safe_text import safe_line, safe_text


def plain(text: str, style: str = "", **kwargs: Any) -> Text:
    """A Rich Text of `text` as written (for tables, cells and built-up texts)."""
    return Text(safe_text(text), style=style, **kwargs)


def plain_content(text: str) -> Content:
    """One line of Textual Content as written (palette hits, option prompts)."""
    return Content(safe_line(text))


def tell(node: DOMNode, message: str, *, title: str = "", **kwargs: Any) -> None:
    """A notification whose words are shown as written."""
    node.notify(safe_text(message), title=safe_line(title), markup=False, **kwargs)


class PlainStatic(Static):
    """A Static for data: a `str` is shown as written; renderables pass as they are
    (build them with `plain`)."""

    def __init__(self, content: Any = "", **kwargs: Any) -> None:
        kwargs["markup"] = False
        super().__init__(_safe(content), **kwargs)

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        super().update(_safe(content), layout=layout)


def _safe(content: Any) -> Any:
    return safe_text(content) if isinstance(content, str) else content
