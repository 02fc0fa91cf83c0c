"""History of a case: who did what, when, newest first."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Static

from casefile.state import CaseState
from screens.case_screen import StateScreen
from screens.widgets.title_bar import TitleBar


COLUMNS = (("When (UTC)", 16), ("Who", 10), ("What", 20), ("Detail", 0))
FIXED = sum(w for _, w in COLUMNS) + 2 * len(COLUMNS) + 2  # cell padding and scrollbar


def _cut(text: str, width: int) -> Text:
    cell = Text(text.replace("\n", " "))  # Text, not str: a str cell is read as markup
    cell.truncate(width, overflow="ellipsis")
    return cell


class HistoryScreen(StateScreen):
    DEFAULT_CSS = """
    HistoryScreen DataTable { height: 1fr; }
    HistoryScreen #detail { height: auto; max-height: 5; padding: 0 1; border-top: solid $primary; }
    """

    def __init__(self, ws, po: str) -> None:
        super().__init__(ws, po)
        self.events: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar(f"History · PO {self.po}", id="title")
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Static(id="detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        # Fixed widths: the table lays out at once and a long detail cannot push the rest away.
        table = self.query_one(DataTable)
        for label, width in COLUMNS:
            table.add_column(label, width=width or self.detail_width(), key=label)

    def detail_width(self) -> int:
        return max(16, self.app.size.width - FIXED)

    def on_resize(self) -> None:
        if self.state is not None:  # a wider terminal shows more of each detail
            self.query_one(DataTable).columns["Detail"].width = self.detail_width()
            self.render_case(self.state, None)

    def render_case(self, state: CaseState, data: None) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.events = {e.id: e for e in state.history}
        width = self.detail_width()
        for event in reversed(state.history):
            table.add_row(f"{event.at:%Y-%m-%d %H:%M}", _cut(event.actor, 10), _cut(event.action, 20),
                          _cut(event.detail, width), key=event.id)
        self.query_one("#title", TitleBar).update(
            f"History · PO {self.po} · {len(state.history)} events · {state.case.supplier}"
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The whole of the selected event, which the Detail column may cut short."""
        chosen = self.events.get(event.row_key.value)
        if chosen is not None:
            self.query_one("#detail", Static).update(
                f"{chosen.at:%Y-%m-%d %H:%M} UTC · {chosen.actor} · {chosen.action}\n{chosen.detail}"
            )
