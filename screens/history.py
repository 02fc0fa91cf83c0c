"""History of a case: who did what, when, newest first."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Static

from casefile.state import CaseState
from screens.case_screen import StateScreen


class HistoryScreen(StateScreen):
    DEFAULT_CSS = """
    HistoryScreen #title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    HistoryScreen DataTable { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static(f"History · PO {self.po}", id="title", markup=False)
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("When (UTC)", "Who", "What", "Detail")

    def render_case(self, state: CaseState, data: None) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for event in reversed(state.history):
            # Text, not str: a str cell is read as markup and users type brackets.
            table.add_row(f"{event.at:%Y-%m-%d %H:%M}", Text(event.actor), Text(event.action), Text(event.detail), key=event.id)
        self.query_one("#title", Static).update(
            f"History · PO {self.po} · {state.case.supplier} · {len(state.history)} events"
        )
