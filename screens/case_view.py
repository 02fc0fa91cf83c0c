"""The case's home: where it stands, and one key to each part of the case file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from rich.table import Table
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from casefile.actions.workspace import Workspace
from casefile.records.case_state import CaseState
from casefile.records.case_summary import CaseSummary
from casefile.records.po import po_filename, po_words
from casefile.rules.assessment import assess
from casefile.rules.deadlines import Deadline
from casefile.rules.gate import GateStatus
from casefile.rules.options.catalogue import option
from casefile.rules.totals import Totals
from casefile.values import clock
from casefile.rules.settings import load_settings
from casefile.values.currency import fmt_home
from casefile.values.money import cny_to_ngn, fmt_cny, fmt_rate
from screens.widgets.footer import Footer
from screens.actions import Action, bindings, in_scope, key_label
from screens.case_screen_base import CaseScreen
from screens.export_prompt import ExportPrompt
from screens.services import services
from screens.widgets.plain import PlainStatic, plain, tell
from screens.widgets.title_bar import TitleBar
from screens.workers import LoadFailed

# The menu lists every action of the case, each with the key the user's keymap gives it;
# the footer shows only the most used, so that it fits 80 columns.
MENU = in_scope("case-view")


@dataclass(frozen=True)
class CaseFacts:
    state: CaseState
    summary: CaseSummary
    gate: GateStatus
    totals: Totals
    deadlines: list[Deadline]
    home: str  # the workspace's home currency (ISO 4217)


def case_facts(state: CaseState, home: str) -> CaseFacts:
    assessed = assess(state)
    return CaseFacts(state, assessed.summary(po_filename(state.po)), assessed.gate, assessed.totals,
                     assessed.deadlines, home)


def menu_line(action: Action, keymap: Mapping[str, str]) -> str:
    key = keymap.get(action.id, action.keys).split(",")[0].strip()
    return f"{key_label(key)}  {action.label}: {action.description}"


class CaseViewScreen(CaseScreen[CaseFacts]):
    DEFAULT_CSS = """
    CaseViewScreen #case-menu { height: auto; max-height: 9; }
    """
    AUTO_FOCUS = "#case-menu"
    BINDINGS = bindings("case-view")

    def __init__(self, ws: Workspace, po: str) -> None:
        super().__init__(ws, po)
        self.facts: CaseFacts | None = None

    def compose(self) -> ComposeResult:
        keymap = services(self).keymap
        yield TitleBar(f"Case {self.po}", id="title")
        with VerticalScroll():
            yield PlainStatic("Loading…", id="facts", classes="facts")
            yield Static("Open", classes="section-title")
            yield OptionList(*[Option(menu_line(a, keymap), id=a.action) for a in MENU], id="case-menu")
        yield Footer()

    def fetch(self) -> CaseFacts:
        return case_facts(self.ws.load(self.po), load_settings(self.ws.root).home_currency)

    def show(self, facts: CaseFacts) -> None:
        self.facts = facts
        self.refresh_bindings()
        case = facts.state.case
        self.query_one("#title", TitleBar).update(f"Case {case.po} · {case.supplier}")
        self.query_one("#facts", PlainStatic).update(facts_table(facts))

    def on_load_failed(self, message: LoadFailed) -> None:
        # CaseScreen's handler notifies too; the reason also stays where the facts would be.
        self.query_one("#facts", PlainStatic).update(message.reason)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.run_action(event.option.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("copy_summary", "enter_report"):
            return self.facts is not None or None  # greyed out until the case is read
        return True

    def action_open_report(self) -> None:
        from screens.report import ReportScreen

        self.app.push_screen(ReportScreen(self.ws, self.po))

    def action_import_report(self) -> None:
        from screens.report import ReportScreen

        screen = ReportScreen(self.ws, self.po)
        self.app.push_screen(screen)
        screen.call_after_refresh(screen.action_import_report)

    def action_enter_report(self) -> None:
        from screens.report import ReportScreen
        from screens.report_form import ReportFormScreen

        if self.facts is None:
            return
        screen = ReportScreen(self.ws, self.po)  # saving returns there, showing the new report
        self.app.push_screen(screen)
        self.app.push_screen(ReportFormScreen(self.ws, self.po, self.facts.state), screen.show_entered)

    def action_open_options(self) -> None:
        from screens.options import OptionsScreen

        self.app.push_screen(OptionsScreen(self.ws, self.po))

    def action_edit_case(self) -> None:
        from screens.case_form import CaseFormScreen

        self.app.push_screen(CaseFormScreen(self.ws, self.po))

    def action_open_log(self) -> None:
        from screens.correspondence import CorrespondenceScreen

        self.app.push_screen(CorrespondenceScreen(self.ws, self.po))

    def action_open_ledger(self) -> None:
        from screens.ledger import LedgerScreen

        self.app.push_screen(LedgerScreen(self.ws, self.po))

    def action_open_history(self) -> None:
        from screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.ws, self.po))

    def action_open_supplier(self) -> None:
        from screens.supplier import SupplierScreen

        self.app.push_screen(SupplierScreen(self.ws, self.po))

    def action_export(self, pack: bool) -> None:
        def written(path: Path | None) -> None:
            if path is not None:
                what = "Evidence pack" if pack else "Dossier"
                tell(self, f"{what} of {po_words(self.po)} written to {path}", title="Exported")

        self.app.push_screen(ExportPrompt(self.ws, self.po, pack=pack), written)

    def action_copy_summary(self) -> None:
        if self.facts is not None:
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
        held_line += f" ({fmt_home(cny_to_ngn(held, rate), f.home)} at {fmt_rate(rate)} planning rate)"
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
        lines.append(("Reports", "none yet: press i to import the report file, or n to type it in"))
    decision = f.state.latest_decision()
    if decision:
        due = f", deadline {decision.deadline:%-d %b}" if decision.deadline else ""
        lines.append(("Decision", f"{option(decision.option).title}{due}"))
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
