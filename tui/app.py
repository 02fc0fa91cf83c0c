"""The Casefile app (a plain case list until the screens land)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

from casefile import clock
from casefile.store import Workspace


class CasefileApp(App):
    TITLE = "Casefile"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, ws: Workspace, theme: str | None = None) -> None:
        super().__init__()
        self.ws = ws
        if theme:
            self.theme = theme

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="cases", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("PO", "Supplier", "Status")
        today = clock.today()
        for s in self.ws.list_summaries():
            table.add_row(s.po, s.supplier, s.status_text(today))


def create_app(ws: Workspace, theme: str | None = None) -> CasefileApp:
    return CasefileApp(ws, theme=theme)
