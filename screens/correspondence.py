"""The correspondence log of a case: newest first, with a detail pane for the selected entry.

Deadlines show open or overdue (the rule is casefile.status.open_deadlines), the supplier's
written agreements are marked, and corrections point both ways: the original shows as
corrected by the new entry, the new entry shows what it corrects. Nothing is edited here;
every change is a new entry written through casefile.logbook by the composer.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable

from casefile.values import clock
from casefile.rules.log_view import EntryView, entry_views
from casefile.records.case_state import CaseState
from casefile.actions.workspace import Workspace
from screens.actions import bindings
from screens.table_screen import TableScreen
from screens.widgets.cell import cell
from screens.widgets.footer import Footer
from screens.widgets.fixed_table import FixedTable, LazyCell
from screens.widgets.plain import PlainStatic, plain, tell
from screens.widgets.title_bar import TitleBar

DIRECTION_SHORT = {"to-supplier": "→ supplier", "from-supplier": "← supplier", "internal": "· note"}
ARROW = {"to-supplier": "→", "from-supplier": "←", "internal": "·"}


def marks(view: EntryView) -> Text:
    """Most urgent first, so a narrow column still shows what matters."""
    text = Text()
    if view.overdue:
        text.append(f"OVERDUE {view.entry.deadline:%-d %b} ", style="bold red")
    elif view.deadline_open:
        text.append(f"due {view.entry.deadline:%-d %b} ", style="bold yellow")
    if view.corrected_by:
        text.append(f"corrected by #{view.corrected_by} ", style="dim")
    if view.entry.written_agreement:
        text.append("✔ agreed ", style="bold green")
    if view.corrects:
        text.append(f"corrects #{view.corrects} ", style="italic")
    if view.resolves:
        text.append(f"settles #{view.resolves} ", style="italic")
    text.rstrip()
    return text


def entry_detail(view: EntryView) -> Text:
    e = view.entry
    text = Text()
    text.append_text(plain(f"#{view.number} {e.subject}\n", "bold strike" if view.corrected_by else "bold"))
    text.append_text(plain(f"{DIRECTION_SHORT[e.direction]} via {e.channel} · {e.at:%Y-%m-%d %H:%M} UTC · by {e.author}\n",
                           "dim"))
    shown = marks(view)
    if e.deadline and not view.deadline_open:
        shown.append(f"deadline {e.deadline:%-d %b} settled", style="dim")
    if shown:
        text.append_text(shown)
        text.append("\n")
    if view.corrected_by:
        text.append(f"Corrected by #{view.corrected_by}: that entry is the one that counts.\n", style="bold")
    if e.references:
        text.append_text(plain("refs: " + ", ".join(e.references) + "\n", "dim"))
    text.append("\n")
    text.append_text(plain(e.body or "(no body)"))
    return text


def subject_cell(view: EntryView, width: int) -> Text:
    return cell(plain(view.entry.subject, "strike" if view.corrected_by else ""), width)


def marks_cell(view: EntryView) -> Text:
    return cell(marks(view), 18)


def when_cell(view: EntryView) -> Text:
    return Text(f"{view.entry.at:%-d %b}")  # strftime: half the cost of a row made at once


def log_row(view: EntryView, subject_width: int) -> tuple[object, ...]:
    """The cells of one entry's row; the ones that cost are made when first drawn or read."""
    e = view.entry
    return (str(view.number), LazyCell(when_cell, view), f"{ARROW[e.direction]} {e.channel}",
            LazyCell(subject_cell, view, subject_width), LazyCell(cell, e.author, 8), LazyCell(marks_cell, view))


class CorrespondenceScreen(TableScreen[list[EntryView]]):
    DEFAULT_CSS = """
    CorrespondenceScreen DataTable { height: 1fr; min-height: 5; }
    CorrespondenceScreen #detail-box { height: 1fr; border-top: solid $primary; padding: 0 1; }
    """

    BINDINGS = bindings("log")
    # A long subject cannot push Marks away; the subject takes what the terminal has left.
    COLUMNS = (("#", 4), ("When", 6), ("Way", 10), ("Subject", 0), ("By", 8), ("Marks", 18))

    def __init__(self, ws: Workspace, po: str) -> None:
        super().__init__(ws, po)
        self.by_id: dict[str, EntryView] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar(f"Correspondence · {self.po}", id="title")
        yield FixedTable(id="log", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="detail-box"):
            yield PlainStatic("Loading…", id="detail")
        yield Footer()

    def compute(self, state: CaseState) -> list[EntryView]:
        return entry_views(state, clock.today())

    def render_case(self, state: CaseState, views: list[EntryView]) -> None:
        self.by_id = {v.entry.id: v for v in views}
        table = self.query_one(FixedTable)
        selected = self.selected()
        table.clear()
        # Every entry goes in at once, newest first, so PageDown and End reach all of them
        # from the first paint; a row's Text is made only when it is drawn or read.
        subject_width = self.flex_width()
        table.add_fixed_rows((view.entry.id, log_row(view, subject_width)) for view in reversed(views))
        if selected is not None and selected.entry.id in table.rows:
            table.move_cursor(row=table.get_row_index(selected.entry.id))
        overdue = sum(v.overdue for v in views)
        title = f"Correspondence · {self.po} · {len(views)} {'entry' if len(views) == 1 else 'entries'}"
        if overdue:
            title += f" · {overdue} overdue"
        title += f" · {state.case.supplier}"
        self.query_one("#title", TitleBar).update(title)
        self.show_detail()

    def selected(self) -> EntryView | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.by_id.get(key)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()
        self.refresh_bindings()

    def show_detail(self) -> None:
        view = self.selected()
        detail = self.query_one("#detail", PlainStatic)
        if view is None:
            detail.update("No entries yet. Press n for a note or t to draft a message from a template.")
        else:
            detail.update(entry_detail(view))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("correct", "copy"):
            return self.selected() is not None or None
        if action == "settle":
            view = self.selected()
            return (view is not None and view.deadline_open) or None
        if action in ("compose", "template"):
            return self.state is not None or None
        return True

    def _open_composer(self, **kwargs) -> None:
        # Imported here: the composer's import costs ~45 ms the log's first paint need not wait for.
        from screens.composer import ComposerScreen

        self.app.push_screen(ComposerScreen(self.ws, self.po, self.state, **kwargs))

    def action_compose(self) -> None:
        self._open_composer()

    def action_template(self) -> None:
        self._open_composer(pick_template=True)

    def action_correct(self) -> None:
        view = self.selected()
        if view:
            self._open_composer(corrects=view.entry)

    def action_settle(self) -> None:
        view = self.selected()
        if view and view.deadline_open:
            self._open_composer(resolves=view.entry)

    def action_copy(self) -> None:
        view = self.selected()
        if view:
            self.app.copy_to_clipboard(f"{view.entry.subject}\n\n{view.entry.body}")
            tell(self, f"#{view.number} copied to the clipboard")
