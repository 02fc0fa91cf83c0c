"""A DataTable whose columns all have fixed widths and whose rows are one line each.

Textual measures every cell of every new row on idle, to size auto-width columns and
auto-height rows. With fixed widths and one-line rows the result is never used, and for
a 2,000-entry log it cost about 35 ms per 400 rows on the UI thread.

Home and End go to the first and last row (Textual's go to the first and last column).

Its cells may be `LazyCell`s, made only when a row is first drawn or read: a screen can
put all of a long log in the table at once, so every row is there for PageDown and End
from the first paint, and pays only for the rows the user scrolls to.
"""

from __future__ import annotations

from typing import Callable, Iterable, Sequence

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets._data_table import DuplicateKey, Row, RowKey

from screens.actions import bindings


class LazyCell:
    """A cell's Text, made by `make(*args)` the first time it is drawn or read."""

    __slots__ = ("_make", "_args", "_text")

    def __init__(self, make: Callable[..., Text], *args: object) -> None:
        self._make = make
        self._args = args
        self._text: Text | None = None

    @property
    def text(self) -> Text:
        if self._text is None:
            self._text = self._make(*self._args)
            self._args = ()
        return self._text

    def __rich__(self) -> Text:  # how the table draws it
        return self.text

    def __str__(self) -> str:
        return self.text.plain


class FixedTable(DataTable):
    BINDINGS = bindings("list")

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        new_rows = list(new_rows)
        needs_measuring = any(c.auto_width for c in self.columns.values()) or any(
            row.auto_height or row.label is not None
            for row in (self.rows.get(key) for key in new_rows) if row is not None
        )
        # With nothing to measure, Textual's method only sets the scrollable size.
        super()._update_dimensions(new_rows if needs_measuring else ())

    def add_fixed_rows(self, rows: Iterable[tuple[str, Sequence[object]]]) -> None:
        """(key, cells) rows at the bottom, one line each, as `add_row` adds them but with
        its per-row work done once: `add_row` sets the cursor again (a reactive and its
        watchers) for every row, about 60 % of adding 2,000. It writes the table's own
        bookkeeping as Textual 8.2.8's add_row does (tests/test_screens_log.py reads rows
        back by index and key, moves the cursor and reloads over them)."""
        had_rows = self.row_count > 0
        columns = [column.key for column in self.ordered_columns]
        for key, cells in rows:
            row_key = RowKey(key)
            if row_key in self._row_locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            self._row_locations[row_key] = self.row_count
            self._data[row_key] = dict(zip(columns, cells))
            self.rows[row_key] = Row(row_key, 1)
            self._new_rows.add(row_key)
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if not had_rows and self.row_count and self.columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()  # a cursor has somewhere to be: tell who listens, as add_row does
        self._update_count += 1
        self.check_idle()
