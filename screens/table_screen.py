"""A per-case screen built round one DataTable whose columns have fixed widths but one.

Fixed widths let the table lay out at once, and a long cell cannot push the others
away; the one column declared with width 0 takes what the terminal has left, so a wider
terminal shows more of it (the rows are drawn again on resize, cut to the new width).
"""

from __future__ import annotations

from typing import TypeVar

from textual.widgets import DataTable

from screens.case_screen_base import StateScreen


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
