"""A per-case screen built round one DataTable whose columns have fixed widths but one.

Fixed widths let the table lay out at once, and a long cell cannot push the others
away; the one column declared with width 0 takes what the terminal has left, so a wider
terminal shows more of it (the rows are drawn again on resize, cut to the new width).
"""

from __future__ import annotations

import re
from typing import TypeVar

from rich.text import Text
from textual.widgets import DataTable

from screens.case_screen_base import StateScreen
from screens.widgets.plain import plain


# a number with its currency symbol and brackets: "¥1,234.50", "(GH₵12)", "215.5000;"
_FIGURE = re.compile(r"\(?[^\s\d(]{0,4}\d[\d,.]*[KMBT%]?\)?[,;:.)]*")


def cell(text: Text | str, width: int) -> Text:
    """`text` on one line, cut to `width` with an ellipsis (Text, not str: a str cell is
    read as markup). A Text is taken as already made safe (screens.widgets.plain).

    A figure is never cut (issue #12): when the cut falls inside one ('¥1,234,567.00',
    '(₦12.50)', '215.5000'), the ellipsis goes before it."""
    text = text.copy() if isinstance(text, Text) else plain(text.replace("\n", " "))
    whole = text.plain
    text.truncate(width, overflow="ellipsis")
    kept = len(text.plain) - 1
    if text.plain == whole or kept < 0:
        return text
    start, end = kept, kept
    while start > 0 and not whole[start - 1].isspace():
        start -= 1
    while end < len(whole) and not whole[end].isspace():
        end += 1
    if _FIGURE.fullmatch(whole[start:end]):
        text = text[:start]
        text.rstrip()
        text.append("…")
    return text


D = TypeVar("D")


class TableScreen(StateScreen[D]):
    COLUMNS: tuple[tuple[str, int], ...] = ()  # (label, width); width 0 takes the rest
    MIN_FLEX = 12  # the flexible column never gets narrower than this

    @classmethod
    def _flex_column(cls) -> str | None:
        return next((label for label, width in cls.COLUMNS if width == 0), None)

    def flex_width(self) -> int:
        fixed = sum(w for _, w in self.COLUMNS) + 2 * len(self.COLUMNS) + 2  # cell padding, scrollbar
        return max(self.MIN_FLEX, self.app.size.width - fixed)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, width in self.COLUMNS:
            table.add_column(label, width=width or self.flex_width(), key=label)

    def on_resize(self) -> None:
        flex = self._flex_column()
        if flex is not None and self.state is not None:
            self.query_one(DataTable).columns[flex].width = self.flex_width()
            self.render_case(self.state, self.derived)
