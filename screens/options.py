"""The options side by side: fits or not and why, money in CNY and the home currency, time
against the shipping window, re-inspection. Enter on an option opens the decision form."""

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
from casefile.values.money import cny_to_ngn, fmt_cny
from screens.widgets.footer import Footer
from screens.actions import bindings
from screens.case_screen_base import CaseScreen
from screens.widgets.plain import PlainStatic
from screens.widgets.title_bar import TitleBar


@dataclass(frozen=True)
class Comparison:
    state: CaseState
    options: list[OptionAssessment]
    rate: Decimal | None  # home currency per 1 CNY: the live quote, else the case's planning rate
    home: str  # the workspace's home currency (ISO 4217)


def _money(d: Decimal | None) -> str:
    # Whole yuan in the grid (it must fit 80 columns); the detail below has the cents.
    return "-" if d is None else f"¥{d:,.0f}"


CELL = 12  # the grid's column width: five options and the aspects fit 80 columns


def _home_row(amounts: list[Decimal | None], home: str) -> list[str]:
    """Whole units with the symbol ('₦12,671,400'); the whole row without it when a cell
    would be cut ('GH₵12,671,400' is 13 wide): the row's label names the currency."""
    cells = ["-" if d is None else fmt_home(d, home, whole=True) for d in amounts]
    if all(len(c) <= CELL for c in cells):
        return cells
    return ["-" if d is None else f"{d:,.0f}" for d in amounts]


def rows_for(options: list[OptionAssessment], rate: Decimal | None, home: str) -> list[tuple[str, list[str]]]:
    """(aspect, one cell per option) for the comparison grid."""
    def fits(o: OptionAssessment) -> str:
        return f"YES #{o.rank}" if o.fits else "no"

    def time(o: OptionAssessment) -> str:
        if o.slack_days is None:
            return "-" if o.deadline is None else f"by {o.deadline:%-d %b}"
        return f"{o.slack_days:+d}d slack"

    def discount(o: OptionAssessment) -> str:
        return "-" if o.discount_percent is None else f"{o.discount_percent}%"

    return [
        ("Fits", [fits(o) for o in options]),
        ("Re-inspect", ["required" if o.reinspection_required else "no" for o in options]),
        ("Held", [_money(o.balance_held_cny) for o in options]),
        ("You pay", [_money(o.balance_payable_cny) for o in options]),
        (f"You pay {home}", _home_row(
            [None if rate is None else cny_to_ngn(o.balance_payable_cny, rate) for o in options], home)),
        ("Deposit risk", [_money(o.deposit_at_risk_cny) for o in options]),
        ("Discount", [discount(o) for o in options]),
        ("Discount CNY", [_money(o.discount_cny) if o.discount_cny is not None else "-" for o in options]),
        (f"Discount {home}", _home_row([o.discount_ngn for o in options], home)),
        ("Re-insp. fee", [_money(o.reinspection_fee_cny) for o in options]),
        ("Time", [time(o) for o in options]),
    ]


def detail_text(o: OptionAssessment, rate: Decimal | None, home: str) -> str:
    head = f"{o.title}: {'FITS (#' + str(o.rank) + ')' if o.fits else 'does NOT fit'}"
    lines = [head, f"Why: {o.reason}"]
    pay = fmt_cny(o.balance_payable_cny)
    if rate is not None:
        pay += f" ({fmt_home(cny_to_ngn(o.balance_payable_cny, rate), home)} at {rate})"
    money = [f"balance held {fmt_cny(o.balance_held_cny)}", f"you pay {pay}",
             f"deposit at risk {fmt_cny(o.deposit_at_risk_cny)}"]
    if o.discount_cny is not None:
        at = f" = {fmt_home(o.discount_ngn, home)} at {o.rate}" if o.discount_ngn is not None else f" (no {home} rate on record)"
        money.append(f"discount {o.discount_percent}% = {fmt_cny(o.discount_cny)}{at}")
    if o.reinspection_fee_cny:
        money.append(f"re-inspection fee {fmt_cny(o.reinspection_fee_cny)}")
    lines.append("Money: " + "; ".join(money))
    if o.time_note:
        lines.append(f"Time: {o.time_note}")
    lines.append("Re-inspection: " + ("required before the balance moves" if o.reinspection_required else "not required"))
    lines.append("enter: choose this option and set its terms" if o.fits else "It does not fit; enter still lets you record it, and the rules will check it.")
    return "\n".join(lines)


class OptionsScreen(CaseScreen[Comparison]):
    DEFAULT_CSS = """
    OptionsScreen #options-grid { height: auto; max-height: 14; }
    """
    AUTO_FOCUS = "#options-grid"
    BINDINGS = bindings("options")

    def __init__(self, ws: Workspace, po: str) -> None:
        super().__init__(ws, po)
        self.comparison: Comparison | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(f"Options · {self.po}", id="title")
        yield DataTable(id="options-grid", cursor_type="column", zebra_stripes=True)
        yield PlainStatic("Loading…", id="option-detail", classes="facts")
        yield Footer()

    def fetch(self) -> Comparison:
        state = self.ws.load(self.po)
        settings = load_settings(self.ws.root)
        return Comparison(state, assess_options(state, settings=settings), default_rate(state), settings.home_currency)

    def show(self, c: Comparison) -> None:
        keep = self.highlighted()
        self.comparison = c
        # Always in the catalogue's order so the columns never move; the rank says which fits best.
        order = list(CATALOGUE)
        c.options.sort(key=lambda o: order.index(o.option))
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column("", key="aspect", width=CELL)
        decision = c.state.latest_decision()
        chosen = decision.option if decision else None
        for o in c.options:
            # The decision in force is marked with a sign, not only a style.
            label = Text(("✓ " if o.option == chosen else "") + option(o.option).label, style="bold" if o.fits else "dim")
            table.add_column(label, key=o.option, width=CELL)
        for aspect, cells in rows_for(c.options, c.rate, c.home):
            table.add_row(Text(aspect, style="bold"), *[
                Text(cell, style="" if o.fits else "dim") for cell, o in zip(cells, c.options)])
        column = 1 + (order.index(keep) if keep else next((i for i, o in enumerate(c.options) if o.fits), 0))
        table.move_cursor(column=column)
        self._detail()

    def highlighted(self) -> str | None:
        if not self.comparison:
            return None
        column = self.query_one(DataTable).cursor_column
        return self.comparison.options[column - 1].option if column >= 1 else None

    @on(DataTable.ColumnHighlighted)
    def _column_moved(self, event: DataTable.ColumnHighlighted) -> None:
        if event.cursor_column == 0:  # the aspect names are not an option
            event.data_table.move_cursor(column=1)
            return
        self._detail()

    def _detail(self) -> None:
        option = self.highlighted()
        if self.comparison and option:
            o = next(o for o in self.comparison.options if o.option == option)
            text = detail_text(o, self.comparison.rate, self.comparison.home)
            decision = self.comparison.state.latest_decision()
            if decision and decision.option == option:
                text = f"✓ In force: chosen {decision.decided_at:%-d %b %Y} by {decision.decided_by}\n" + text
            self.query_one("#option-detail", PlainStatic).update(text)

    @on(DataTable.ColumnSelected)
    def _column_selected(self) -> None:
        self.action_choose()

    def action_choose(self) -> None:
        option = self.highlighted()
        if not option or not self.comparison:
            return
        from screens.decision_form import DecisionFormScreen

        o = next(o for o in self.comparison.options if o.option == option)
        self.app.push_screen(DecisionFormScreen(self.ws, self.po, self.comparison.state, o))
