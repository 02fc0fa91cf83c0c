"""The case list: every case with its status in words, money held and next deadline."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Input

from casefile.actions.workspace import Workspace
from casefile.records.case_summary import CaseSummary
from casefile.store.protocol import CaseListing
from casefile.values import clock
from casefile.values.errors import CasefileError
from casefile.values.money import fmt_cny
from casefile.values.money_fit import COMPACT_WIDTH, fit_money
from screens.widgets.footer import Footer
from screens.actions import bindings
from screens.messages import CaseChanged
from screens.services import services
from screens.widgets.cell import cell
from screens.widgets.plain import PlainStatic, plain, tell
from screens.widgets.row_fill import FIRST_ROWS, RowFill
from screens.widgets.still import StillInput
from screens.widgets.title_bar import TitleBar
from screens.workers import Loaded, LoadFailed, start_load

if TYPE_CHECKING:  # the case file's models come after the first paint (tui/app.py)
    from casefile.records.case_state import CaseState

SORTS = ("PO", "deadline", "held")
HELD_WIDTH = COMPACT_WIDTH


def sort_key(sort: str):
    if sort == "deadline":
        return lambda s: (s.next_deadline is None, s.next_deadline or date.max, s.po)
    if sort == "held":
        return lambda s: (-s.held_cny, s.po)
    return lambda s: s.po


def matches(summary: CaseSummary, needle: str, today: date) -> bool:
    needle = needle.casefold()
    return any(needle in field.casefold() for field in
               (summary.po, summary.supplier, summary.product, summary.status_text(today)))


class CasesScreen(Screen[None]):
    DEFAULT_CSS = """
    CasesScreen #filter { height: 3; margin: 0 0; }
    CasesScreen #cases-status { height: 1; padding: 0 1; color: $text-muted; }
    CasesScreen #case-detail { height: auto; max-height: 2; padding: 0 1; color: $text-muted; }
    CasesScreen #cases { height: 1fr; }
    """
    BINDINGS = bindings("cases")

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self.summaries: list[CaseSummary] = []
        self.sort = "PO"
        self.shown: list[CaseSummary] = []
        self._row_fill = RowFill(self)
        self._index_notice = ""
        self._counting: int | None = None  # while the first screenful alone is listed: how many cases
        self._every_case = False  # self.summaries holds every case as it is now

    def compose(self) -> ComposeResult:
        yield TitleBar(f"Casefile · {self.ws.root}")
        yield StillInput(placeholder="/ filter: PO, supplier, product or status", id="filter")
        yield PlainStatic("Loading cases…", id="cases-status")
        yield DataTable(id="cases", cursor_type="row", zebra_stripes=False)
        yield PlainStatic("", id="case-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, key, width in self._columns():
            table.add_column(label, key=key, width=width)
        table.focus()
        first = services(self).first_cases()
        if first is None:
            self.load()
            return
        # the first screenful now; every case once painted (a worker beside the first
        # paint would hold it up: both want the GIL)
        self.summaries, self._counting = first.summaries, first.total
        self.refill()
        self.call_after_refresh(self.load)

    def _columns(self) -> list[tuple[str, str, int]]:
        # 80 columns = the cells + 2 padding per column + the scrollbar; a wider terminal
        # gives the extra room to the status, then a little to the PO and supplier.
        extra = max(0, self.app.size.width - 80)
        po, supplier = 15 + extra // 6, 12 + extra // 6
        status = self.app.size.width - po - supplier - HELD_WIDTH - 6 - 2 * 5 - 3
        return [("PO", "po", po), ("Supplier", "supplier", supplier), ("Status", "status", max(20, status)),
                ("Held", "held", HELD_WIDTH), ("Due", "due", 6)]

    def load(self) -> None:
        start_load(self, self._listing)

    def _listing(self) -> CaseListing:  # the load thread
        try:
            return services(self).list_cases()
        except Exception as exc:  # noqa: BLE001 - any failure to read the index is shown, not raised
            raise CasefileError(f"cannot list cases in {self.ws.root}: {exc}") from exc

    def on_loaded(self, message: Loaded[CaseListing]) -> None:
        listing = message.data
        self.summaries, self._counting, self._every_case = listing.summaries, None, True
        notice = listing.index_notice()
        if notice and notice != self._index_notice:  # once, not on every reload
            tell(self, notice, title="Case list index", severity="warning", timeout=12)
        self._index_notice = notice
        self.refill()

    def on_load_failed(self, message: LoadFailed) -> None:
        self.query_one("#cases-status", PlainStatic).update(message.reason)

    def on_case_changed(self, message: CaseChanged) -> None:
        self._every_case = False  # one case is not as listed until the list is read again
        self.load()

    # -- the table --------------------------------------------------------------------
    def refill(self) -> None:
        """Filter and sort, paint the first rows now and add the rest in chunks."""
        today = clock.today()
        needle = self.query_one("#filter", Input).value.strip()
        rows = [s for s in self.summaries if not needle or matches(s, needle, today)]
        rows.sort(key=sort_key(self.sort))
        self.shown = rows
        table = self.query_one(DataTable)
        keep = self.current_po()
        table.clear()
        self._row_fill.start(rows, lambda s: table.add_row(
            *self._row(s, today, table.columns["status"].width), key=s.po))
        self._move_to(keep)
        self._status()

    @staticmethod
    def _row(s: CaseSummary, today: date, status_width: int) -> list[Text]:
        late = s.overdue(today)
        style = "bold red" if late else ("dim" if s.unreadable else "")
        po = ("! " if late else "") + s.po  # a marker, not colour alone
        due = f"{s.next_deadline:%-d %b}" if s.next_deadline else ""
        # never cut: compact when too wide ('¥1.23M'); the detail line has the full figure
        held = fit_money(s.held_cny, "CNY", HELD_WIDTH) if s.held_cny > Decimal(0) else "-"
        status = s.status_text(today) if not s.unreadable else f"unreadable: {s.unreadable}"
        return [plain(po, style), plain(s.supplier, style), cell(plain(status, style), status_width),
                Text(held, style=style, justify="right"), Text(due, style=style)]

    def _status(self) -> None:
        if self._counting is not None:  # the money held and what is overdue are over every case
            self.query_one("#cases-status", PlainStatic).update(
                f"{self._counting} cases · counting what is held and overdue… · sorted by {self.sort}")
            return
        today = clock.today()
        late = sum(1 for s in self.shown if s.overdue(today))
        total = len(self.summaries)
        shown = len(self.shown)
        text = f"{shown} of {total} cases" if shown != total else f"{total} cases"
        if late:
            text += f" · {late} overdue (marked !)"
        # the agenda in brief (a opens it): the money held over every case, not only those shown
        held = sum((s.held_cny for s in self.summaries), Decimal(0))
        text += " · held "
        tail = f" · sorted by {self.sort}"
        room = self.app.size.width - 2 - len(text)  # the line is cut at the edge: the figure never is
        figure = fit_money(held, "CNY", max(COMPACT_WIDTH, room - len(tail)))
        text += figure + (tail if len(figure) + len(tail) <= room else "")
        if not total:
            text = "No cases yet: press n for a new case, or r to make one from a report file"
        self.query_one("#cases-status", PlainStatic).update(text)

    def current_po(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - no row under the cursor
            return None

    def _move_to(self, po: str | None) -> None:
        table = self.query_one(DataTable)
        if po is None:
            return
        for i, s in enumerate(self.shown[:FIRST_ROWS]):
            if s.po == po:
                table.move_cursor(row=i)
                return

    # -- actions ------------------------------------------------------------------------
    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.refill()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(DataTable).focus()

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # The status column is cut at 80 columns; the highlighted case's is shown whole here.
        row = event.cursor_row
        s = self.shown[row] if 0 <= row < len(self.shown) else None  # rows follow self.shown
        detail = ""
        if s:
            detail = f"{s.po}: {s.status_text(clock.today())}"
            detail += f" · held {fmt_cny(s.held_cny)}" if s.held_cny > Decimal(0) else ""
        self.query_one("#case-detail", PlainStatic).update(detail)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        services(self).open_case(event.row_key.value)

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value:
            box.value = ""
        self.query_one(DataTable).focus()

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.refill()

    # The agenda and the check are imported when opened: they import the case screens,
    # and so the case file's models, which the case list's first paint does not need.
    def action_agenda(self) -> None:
        from screens.agenda import AgendaScreen

        # the agenda starts from every case as listed here, if they are (else it reads them)
        self.app.push_screen(AgendaScreen(self.ws, self.summaries if self._every_case else None))

    def action_check(self) -> None:
        from screens.check_screen import CheckScreen

        self.app.push_screen(CheckScreen(self.ws))

    def action_new_case(self) -> None:
        services(self).open_new_case()

    def action_new_from_report(self) -> None:
        from screens.new_from_report import NewFromReportScreen

        def made(state: CaseState | None) -> None:
            if state is not None:
                services(self).open_case(state.po)

        self.app.push_screen(NewFromReportScreen(self.ws), made)

    def action_open_case(self) -> None:
        po = self.current_po()
        if po:
            services(self).open_case(po)
