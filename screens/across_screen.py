"""What the agenda and supplier screens share: a title, one table, a line of totals,
loaded in a thread from the case list index and reloaded when any case changes."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable

from casefile.actions.workspace import Workspace
from screens.widgets.footer import Footer
from screens.actions import bindings
from screens.messages import CaseChanged
from screens.services import services
from screens.widgets.cell import cell
from screens.widgets.plain import PlainStatic
from screens.widgets.row_fill import RowFill
from screens.widgets.title_bar import TitleBar
from screens.workers import Loaded, LoadFailed, start_load

MAX_ROWS = 500  # the most urgent; `casefile agenda` lists every one


class AcrossScreen(Screen):
    DEFAULT_CSS = """
    AcrossScreen DataTable { height: 1fr; }
    AcrossScreen #facts { height: auto; max-height: 6; padding: 0 1; }
    AcrossScreen #row-detail { height: auto; max-height: 2; padding: 0 1; color: $text-muted; }
    AcrossScreen #totals { height: auto; max-height: 5; padding: 0 1; border-top: solid $primary; }
    """
    BINDINGS = bindings("across")
    COLUMNS: tuple[tuple[str, int], ...] = ()  # (label, width); width 0 takes the rest
    TITLE_TEXT = ""

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self.row_pos: list[str] = []
        self.row_cut: list[str] = []  # each row's cells in full when one was cut, else ""
        self._row_fill = RowFill(self)

    def compose(self) -> ComposeResult:
        yield TitleBar(self.TITLE_TEXT, id="title")
        yield PlainStatic("Loading…", id="facts")
        yield DataTable(id="rows", cursor_type="row", zebra_stripes=True)
        yield PlainStatic("", id="row-detail")
        yield PlainStatic("", id="totals")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        fixed = sum(w for _, w in self.COLUMNS) + 2 * len(self.COLUMNS) + 2
        for label, width in self.COLUMNS:
            table.add_column(label, width=width or max(12, self.app.size.width - fixed), key=label)
        table.focus()
        self.reload()

    def reload(self) -> None:
        start_load(self, self.fetch)

    def fetch(self) -> Any:  # thread: read only
        raise NotImplementedError

    def on_loaded(self, message: Loaded) -> None:
        message.stop()
        self.show(message.data)

    def on_load_failed(self, message: LoadFailed) -> None:
        message.stop()
        self.query_one("#facts", PlainStatic).update(message.reason)

    def on_case_changed(self, message: CaseChanged) -> None:
        self.reload()

    def fill(self, rows: list[tuple[str, list[str]]]) -> None:
        """(po, cells) per row, cut to the column widths, at most MAX_ROWS."""
        table = self.query_one(DataTable)
        table.clear()
        widths = [table.columns[label].width for label, _ in self.COLUMNS]
        rows = rows[:MAX_ROWS]
        self.row_pos = [po for po, _ in rows]
        self.row_cut = [""] * len(rows)

        def add(item) -> None:
            n, (po, cells) = item
            shown = [cell(c, w) for c, w in zip(cells, widths)]
            full = [c.plain if isinstance(c, Text) else c for c in cells]
            if [c.plain for c in shown] != full:
                self.row_cut[n] = " · ".join(full)
            table.add_row(*shown, key=str(n))

        self._row_fill.start(list(enumerate(rows)), add)
        self._row_detail()

    @on(DataTable.RowHighlighted)
    def _row_detail(self) -> None:
        """The highlighted row in full when a cell of it is cut (a figure in it, say)."""
        row = self.query_one(DataTable).cursor_row
        self.query_one("#row-detail", PlainStatic).update(
            self.row_cut[row] if 0 <= row < len(self.row_cut) else "")

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_open_case(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        if 0 <= row < len(self.row_pos):
            services(self).open_case(self.row_pos[row])
