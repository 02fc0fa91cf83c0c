"""The options, one row each: fits or not, money in CNY and the home currency, time against
the shipping window, re-inspection; the highlighted one's details below. Enter on an
option opens the decision form."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable

from casefile.actions.workspace import Workspace
from casefile.records.case_state import CaseState
from casefile.rules.option_comparison import OptionAssessment, assess_options, default_rate
from casefile.rules.options.catalogue import CATALOGUE, option
from casefile.rules.settings import load_settings
from casefile.values.currency import fmt_home
from casefile.values.money import cny_to_ngn, fmt_cny, fmt_rate
from casefile.values.money_fit import fit_money
from screens.widgets.footer import Footer
from screens.actions import bindings
from screens.case_screen_base import CaseScreen
from screens.widgets.cell import cell
from screens.widgets.fixed_table import FixedTable
from screens.widgets.plain import PlainStatic, plain
from screens.widgets.title_bar import TitleBar


@dataclass(frozen=True)
class Comparison:
    state: CaseState
    options: list[OptionAssessment]
    rate: Decimal | None  # home currency per 1 CNY: the live quote, else the case's planning rate
    home: str  # the workspace's home currency (ISO 4217)


# One row per option, so any number of them fits 80 columns (issue #12); the highlighted
# option's details are below the table. Money is never cut: a figure too wide for its
# column shows compact ('¥1.23M') and in full in the details.
COLUMNS = (("Option", "option", 14), ("Fits", "fits", 6), ("You pay", "pay", 11), ("Home", "home", 14),
           ("Time", "time", 11), ("Re-insp.", "reinspect", 8))


def row_cells(o: OptionAssessment, rate: Decimal | None, home: str, chosen: bool) -> list[Text]:
    """The option's row: name, whether it fits, what you pay in CNY and the home currency,
    time against the shipping window, re-inspection."""
    width = {key: w for _, key, w in COLUMNS}
    if o.days_late is not None:  # its slack against the window no longer says how it stands
        time = f"{o.days_late}d late"
    elif o.slack_days is not None:
        time = f"{o.slack_days:+d}d slack"
    else:
        time = "-" if o.deadline is None else f"by {o.deadline:%-d %b}"
    pay_home = "-" if rate is None else fit_money(cny_to_ngn(o.balance_payable_cny, rate), home, width["home"])
    style = "" if o.fits else "dim"
    # the decision in force is marked with a sign, not only a style
    name = ("✓ " if chosen else "") + option(o.option).label
    return [cell(plain(name, "bold" if o.fits else "dim"), width["option"]),
            Text(f"YES #{o.rank}" if o.fits else "no", style=style),
            Text(fit_money(o.balance_payable_cny, "CNY", width["pay"]), style=style, justify="right"),
            Text(pay_home, style=style, justify="right"),
            cell(Text(time, style=style), width["time"]),
            Text("required" if o.reinspection_required else "no", style=style)]


def detail_text(o: OptionAssessment, rate: Decimal | None, home: str) -> str:
    """The option in words, one aspect a line in the same order for every option (so moving
    between options rewrites only what differs), every figure in full."""
    head = f"{o.title}: {'FITS (#' + str(o.rank) + ')' if o.fits else 'does NOT fit'}"
    lines = [head, f"Why: {o.reason}"]
    pay = fmt_cny(o.balance_payable_cny)
    if rate is not None:
        pay += f" ({fmt_home(cny_to_ngn(o.balance_payable_cny, rate), home)} at {fmt_rate(rate)})"
    lines.append(f"You pay: {pay}")
    lines.append(f"Gate: lets {fmt_cny(o.payable_now_cny)} through now; holds {fmt_cny(o.balance_held_cny)}")
    risk = f"Risk: deposit at risk {fmt_cny(o.deposit_at_risk_cny)}"
    if o.reinspection_fee_cny:
        risk += f"; re-inspection fee {fmt_cny(o.reinspection_fee_cny)}"
    lines.append(risk)
    if o.discount_cny is not None:
        at = f" = {fmt_home(o.discount_ngn, home)} at {fmt_rate(o.rate)}" if o.discount_ngn is not None else f" (no {home} rate on record)"
        lines.append(f"Discount: {o.discount_percent}% = {fmt_cny(o.discount_cny)}{at}")
    if o.time_note:
        lines.append(f"Time: {o.time_note}")
    lines.append("Re-inspection: " + ("required before the balance moves" if o.reinspection_required else "not required"))
    lines.append("enter: choose this option and set its terms" if o.fits else "It does not fit; enter still lets you record it, and the rules will check it.")
    return "\n".join(lines)


class OptionTable(FixedTable):
    """Enter chooses (in the footer); Home and End go to the first and the last option, as
    they did in the old grid."""

    BINDINGS = bindings("option-table")


class OptionsScreen(CaseScreen[Comparison]):
    DEFAULT_CSS = """
    OptionsScreen #options { height: auto; max-height: 12; }
    OptionsScreen #option-detail { height: 1fr; overflow-y: auto; padding: 0 1; border-top: solid $primary; }
    """
    AUTO_FOCUS = "#options"

    def __init__(self, ws: Workspace, po: str) -> None:
        super().__init__(ws, po)
        self.comparison: Comparison | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(f"Options · {self.po}", id="title")
        yield OptionTable(id="options", cursor_type="row", zebra_stripes=False)
        yield PlainStatic("Loading…", id="option-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(OptionTable)
        for label, key, width in COLUMNS:
            table.add_column(label, key=key, width=width)

    def fetch(self) -> Comparison:
        state = self.ws.load(self.po)
        settings = load_settings(self.ws.root)
        return Comparison(state, assess_options(state, settings=settings), default_rate(state), settings.home_currency)

    def show(self, c: Comparison) -> None:
        keep = self.highlighted()
        self.comparison = c
        # Always in the catalogue's order so the rows never move; the rank says which fits best.
        order = list(CATALOGUE)
        c.options.sort(key=lambda o: order.index(o.option))
        table = self.query_one(OptionTable)
        table.clear()
        table.columns["home"].label = Text(c.home)
        decision = c.state.latest_decision()
        chosen = decision.option if decision else None
        for o in c.options:
            table.add_row(*row_cells(o, c.rate, c.home, o.option == chosen), key=o.option)
        keys = [o.option for o in c.options]
        row = keys.index(keep) if keep in keys else next((i for i, o in enumerate(c.options) if o.fits), 0)
        table.move_cursor(row=row, animate=False)
        self._detail()

    def highlighted(self) -> str | None:
        if not self.comparison:
            return None
        row = self.query_one(OptionTable).cursor_row
        return self.comparison.options[row].option if 0 <= row < len(self.comparison.options) else None

    @on(DataTable.RowHighlighted)
    def _detail(self) -> None:
        option = self.highlighted()
        if self.comparison and option:
            o = next(o for o in self.comparison.options if o.option == option)
            text = detail_text(o, self.comparison.rate, self.comparison.home)
            decision = self.comparison.state.latest_decision()
            if decision and decision.option == option:
                text = f"✓ In force: chosen {decision.decided_at:%-d %b %Y} by {decision.decided_by}\n" + text
            self.query_one("#option-detail", PlainStatic).update(text)

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_choose()

    def action_choose(self) -> None:
        option = self.highlighted()
        if not option or not self.comparison:
            return
        from screens.decision_form import DecisionFormScreen

        o = next(o for o in self.comparison.options if o.option == option)
        self.app.push_screen(DecisionFormScreen(self.ws, self.po, self.comparison.state, o))
