"""The case's home: where it stands, and one key to each part of the case file."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from casefile import clock
from casefile.case import po_filename
from casefile.decisions import OPTION_TITLES
from casefile.gate import GateStatus, balance_gate
from casefile.ledger import Totals, totals
from casefile.money import cny_to_ngn, fmt_cny, fmt_ngn
from casefile.state import CaseState
from casefile.status import Deadline, open_deadlines
from casefile.summary import CaseSummary, summarize
from screens.base import CaseScreen
from screens.messages import LoadFailed
from screens.widgets.footer import Footer
from screens.widgets.plain import PlainStatic, plain, tell
from screens.widgets.title_bar import TitleBar

# key shown in the menu, action, label; the screen module and class each action opens
MENU = [
    ("r", "open_report", "Report: the diagnosis per defect class"),
    ("o", "open_options", "Options: the five ways out, side by side"),
    ("l", "open_log", "Log: correspondence with the supplier"),
    ("p", "open_ledger", "Ledger: payments and the balance gate"),
    ("y", "open_history", "History: who did what, when"),
    ("e", "edit_case", "Edit the order and the agreed standard"),
]
OTHER_SCREENS = {
    "open_log": ("screens.correspondence", "CorrespondenceScreen", "correspondence log"),
    "open_ledger": ("screens.ledger", "LedgerScreen", "ledger"),
    "open_history": ("screens.history", "HistoryScreen", "history"),
}


@dataclass(frozen=True)
class CaseFacts:
    state: CaseState
    summary: CaseSummary
    gate: GateStatus
    totals: Totals
    deadlines: list[Deadline]


def case_facts(state: CaseState) -> CaseFacts:
    return CaseFacts(state, summarize(state, po_filename(state.po)), balance_gate(state),
                     totals(state), open_deadlines(state))


class CaseViewScreen(CaseScreen):
    AUTO_FOCUS = "#case-menu"
    BINDINGS = [
        Binding("r", "open_report", "Report", id="case.report"),
        Binding("o", "open_options", "Options", id="case.options"),
        Binding("l", "open_log", "Log", id="case.log"),
        Binding("p,dollar_sign", "open_ledger", "Ledger", id="case.ledger"),
        Binding("y", "open_history", "History", id="case.history"),
        Binding("e", "edit_case", "Edit", id="case.edit"),
        Binding("i", "import_report", "Import report", id="case.import", show=False),
        Binding("c", "copy_summary", "Copy", id="case.copy", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar(f"Case {self.po}", id="title")
        with VerticalScroll():
            yield PlainStatic("Loading…", id="facts", classes="facts")
            yield Static("Open", classes="section-title")
            yield OptionList(*[Option(f"{key}  {label}", id=action) for key, action, label in MENU], id="case-menu")
        yield Footer()

    def fetch(self) -> CaseFacts:
        return case_facts(self.ws.load(self.po))

    def show(self, facts: CaseFacts) -> None:
        self.facts = facts
        case = facts.state.case
        self.query_one("#title", TitleBar).update(f"Case {case.po} · {case.supplier}")
        self.query_one("#facts", PlainStatic).update(facts_table(facts))

    def on_load_failed(self, message: LoadFailed) -> None:
        # CaseScreen's handler notifies too; the reason also stays where the facts would be.
        self.query_one("#facts", PlainStatic).update(message.reason)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.run_action(event.option.id)

    def action_open_report(self) -> None:
        from screens.report import ReportScreen

        self.app.push_screen(ReportScreen(self.ws, self.po))

    def action_import_report(self) -> None:
        from screens.report import ReportScreen

        screen = ReportScreen(self.ws, self.po)
        self.app.push_screen(screen)
        screen.call_after_refresh(screen.action_import_report)

    def action_open_options(self) -> None:
        from screens.options import OptionsScreen

        self.app.push_screen(OptionsScreen(self.ws, self.po))

    def action_edit_case(self) -> None:
        from screens.case_form import CaseFormScreen

        self.app.push_screen(CaseFormScreen(self.ws, self.po))

    def action_open_log(self) -> None:
        self._open_other("open_log")

    def action_open_ledger(self) -> None:
        self._open_other("open_ledger")

    def action_open_history(self) -> None:
        self._open_other("open_history")

    def _open_other(self, action: str) -> None:
        module_name, class_name, what = OTHER_SCREENS[action]
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError):
            self.notify(f"The {what} screen is not available yet in this build.", severity="warning")
            return
        self.app.push_screen(cls(self.ws, self.po))

    def action_copy_summary(self) -> None:
        if getattr(self, "facts", None):
            self.app.copy_to_clipboard(facts_text(self.facts))
            tell(self, "Case summary copied (through the terminal, OSC 52)")


def facts_rows(f: CaseFacts) -> list[tuple[str, str]]:
    """(label, text) per fact; wrapped text stays in its column on screen."""
    case = f.state.case
    today = clock.today()
    rate = case.planning_rate
    lines = [
        ("Product", f"{case.product} · {case.quantity:,} units"),
        ("Status", f.summary.status_text(today)),
        ("Order", f"{fmt_cny(case.order_value_cny)} · deposit {fmt_cny(case.deposit_cny)} · balance {fmt_cny(case.balance_cny)}"),
    ]
    held = f.totals.balance_held_cny
    held_line = f"{fmt_cny(held)} of the balance"
    if rate is not None:
        held_line += f" ({fmt_ngn(cny_to_ngn(held, rate))} at {rate} planning rate)"
    lines.append(("Held", held_line))
    if f.gate.open:
        lines.append(("Balance", f"UNLOCKED: {fmt_cny(f.gate.balance_due_cny)} may be paid"))
    else:
        lines.append(("Balance", "LOCKED: " + "; ".join(f.gate.reasons)))
        if f.gate.unlock:
            lines.append(("", "to unlock: " + "; ".join(f.gate.unlock)))
    reports = f.state.reports
    if reports:
        latest = reports[-1]
        lines.append(("Reports", f"{len(reports)}; latest {latest.kind} of {latest.date:%-d %b %Y} by {latest.company}"))
    else:
        lines.append(("Reports", "none yet: press i to import the inspection report"))
    decision = f.state.latest_decision()
    if decision:
        due = f", deadline {decision.deadline:%-d %b}" if decision.deadline else ""
        lines.append(("Decision", f"{OPTION_TITLES[decision.option]}{due}"))
    for d in f.deadlines[:3]:
        late = " OVERDUE" if d.due < today else ""
        lines.append(("Deadline", f"{d.due:%-d %b %Y}: {d.what}{late}"))
    if case.ship_window_start or case.ship_window_end:
        start = f"{case.ship_window_start:%-d %b}" if case.ship_window_start else "?"
        end = f"{case.ship_window_end:%-d %b %Y}" if case.ship_window_end else "?"
        lines.append(("Shipping", f"window {start} to {end}"))
    last = f.state.history[-1] if f.state.history else None
    if last:
        lines.append(("Changed", f"{last.at:%-d %b %H:%M} UTC by {last.actor}: {last.action}"))
    return lines


def facts_text(f: CaseFacts) -> str:
    return "\n".join(f"{label:<9} {text}" for label, text in facts_rows(f))


def facts_table(f: CaseFacts) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for label, text in facts_rows(f):
        grid.add_row(label, plain(text, "bold" if text.startswith(("LOCKED", "UNLOCKED")) else ""))
    return grid
