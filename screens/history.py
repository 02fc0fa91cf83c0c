"""History of a case: who did what, when, newest first."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable

from casefile.records.history import HistoryEvent
from casefile.records.case_state import CaseState
from casefile.actions.workspace import Workspace
from screens.table_screen import TableScreen
from screens.widgets.cell import cell
from screens.widgets.footer import Footer
from screens.widgets.plain import PlainStatic
from screens.widgets.title_bar import TitleBar


class HistoryScreen(TableScreen[None]):
    DEFAULT_CSS = """
    HistoryScreen DataTable { height: 1fr; }
    HistoryScreen #detail { height: auto; max-height: 5; padding: 0 1; border-top: solid $primary; }
    """

    COLUMNS = (("When (UTC)", 16), ("Who", 10), ("What", 20), ("Detail", 0))
    MIN_FLEX = 16

    def __init__(self, ws: Workspace, po: str) -> None:
        super().__init__(ws, po)
        self.events: dict[str, HistoryEvent] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar(f"History · {self.po}", id="title")
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        yield PlainStatic(id="detail")
        yield Footer()

    def compute(self, state: CaseState) -> None:
        return None  # the events are shown as they are

    def render_case(self, state: CaseState, data: None) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.events = {e.id: e for e in state.history}
        width = self.flex_width()
        for event in reversed(state.history):
            table.add_row(f"{event.at:%Y-%m-%d %H:%M}", cell(event.actor, 10), cell(event.action, 20),
                          cell(event.detail, width), key=event.id)
        self.query_one("#title", TitleBar).update(
            f"History · {self.po} · {len(state.history)} events · {state.case.supplier}"
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The whole of the selected event, which the Detail column may cut short."""
        chosen = self.events.get(event.row_key.value)
        if chosen is not None:
            self.query_one("#detail", PlainStatic).update(
                f"{chosen.at:%Y-%m-%d %H:%M} UTC · {chosen.actor} · {chosen.action}\n{chosen.detail}"
                + (f"\nReason: {chosen.reason}" if chosen.reason else "")
            )
