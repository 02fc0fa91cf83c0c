"""The ledger of a case: each payment its own row, totals in both currencies, the gate.

The gate panel says LOCKED or UNLOCKED with the domain's own reasons and what would
unlock it (casefile.rules.gate.balance_gate). The pay-balance action is disabled while the
gate is locked (greyed in the footer; pressed, it says why); the domain checks the gate
again inside the write anyway, so a second user or a race cannot slip a balance payment
through this screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.widgets import DataTable

from casefile.records.po import po_words
from casefile.rules.gate import GateStatus, balance_gate
from casefile.rules.payment_lines import PaymentLine, current_quote, payment_lines
from casefile.rules.totals import Amount, Totals, totals
from casefile.rules.settings import load_settings
from casefile.values.currency import fmt_home
from casefile.values.errors import GateClosed
from casefile.values.money import fmt_cny, fmt_rate
from casefile.values.money_fit import compact_money, fit_money, fit_rate
from casefile.records.payment import RateQuote
from casefile.actions.pay import set_payment_status
from casefile.records.case_state import CaseState
from casefile.rules.deadlines import refund_due
from screens.widgets.footer import Footer
from screens.actions import bindings
from screens.payment_form import PaymentForm
from screens.quote_form import QuoteForm
from screens.receipt_prompt import ReceiptPrompt
from screens.table_screen import TableScreen
from screens.widgets.plain import PlainStatic, plain, tell
from screens.widgets.title_bar import TitleBar
from screens.workers import refusal_text, start_write

STATUS_STYLE = {"paid": "green", "requested": "yellow", "withdrawn": "dim", "refunded": "cyan"}
SHORT_KIND = {"deposit": "deposit", "balance": "balance", "reinspection-fee": "insp. fee", "refund": "refund in"}


@dataclass(frozen=True)
class LedgerView:
    lines: list[PaymentLine]
    totals: Totals
    gate: GateStatus
    quote: RateQuote | None
    refund_due_cny: Decimal  # deposit still to come back from a cancelled order
    home: str  # the workspace's home currency (ISO 4217): what the `ngn` amounts are in


def _home(amount: Amount, home: str) -> str:
    return fmt_home(amount.ngn, home) if amount.ngn is not None else "—"


def gate_text(gate: GateStatus, refund_due: Decimal = Decimal(0)) -> Text:
    text = Text()
    if gate.open:
        route = "a passing inspection is on record" if gate.route == "passed" else f"{gate.route} agreed in writing"
        text.append(" BALANCE UNLOCKED ", style="bold black on green")
        text.append(f"  {route}; balance due {fmt_cny(gate.balance_due_cny)}, "
                    f"still to pay {fmt_cny(gate.remaining_cny)}")
        return text
    text.append(" BALANCE LOCKED ", style="bold white on red")
    if gate.balance_due_cny:
        text.append(f"  balance due {fmt_cny(gate.balance_due_cny)} is held\n")
    else:
        text.append("  no balance is due\n")
    if refund_due:
        text.append(f"• deposit refund outstanding: {fmt_cny(refund_due)} under the refund terms\n", style="bold")
    for reason in gate.reasons:  # the domain's words may quote the case's own data
        text.append_text(plain(f"• {reason}\n"))
    for step in gate.unlock:
        text.append_text(plain(f"→ to unlock: {step}\n", "bold"))
    text.rstrip()
    return text


def totals_table(t: Totals, quote: RateQuote | None, home: str) -> Group:
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False, expand=False)
    table.add_column("")
    table.add_column("CNY", justify="right")
    table.add_column(home, justify="right")
    for label, amount in (("Paid", t.paid), ("Owed", t.owed), ("Held by the gate", t.held),
                          ("At risk", t.at_risk), ("Refunded", t.refunded)):
        table.add_row(label, fmt_cny(amount.cny), _home(amount, home))
    if t.rate is None:
        rate = "no rate on record: owed amounts in CNY only"
    else:
        rate = f"owed, held and at risk at {fmt_rate(t.rate)} {home}/CNY ({t.rate_source}"  # at risk: paid, valued today
        rate += f", expires {quote.expires_at:%-d %b %H:%M} UTC)" if quote and quote.expires_at else ")"
    return Group(table, plain(rate, "dim"))


class LedgerScreen(TableScreen[LedgerView]):
    DEFAULT_CSS = """
    LedgerScreen #gate { height: auto; max-height: 9; padding: 0 1; border: round $error; }
    LedgerScreen #gate.open { border: round $success; }
    LedgerScreen DataTable { height: 1fr; min-height: 4; }
    LedgerScreen #payment-detail { height: auto; max-height: 2; padding: 0 1; color: $text-muted; }
    LedgerScreen #totals { height: auto; padding: 0 1; border-top: solid $primary; }
    """

    BINDINGS = bindings("ledger")

    # What matters most comes first, so an 80-column terminal shows it without scrolling.
    # "Home" is the home currency's column: its label becomes the code once the settings load.
    # Money is never cut: a figure too wide for its column shows in a compact form ('¥1.23M')
    # and in full on the detail line under the table, for the highlighted payment.
    COLUMNS = (("Kind", 9), ("CNY", 11), ("Rate", 9), ("Home", 12), ("Status", 9), ("Receipt", 17),
               ("Quote expires", 13), ("Locked", 6), ("Method", 24))

    @property
    def view(self) -> LedgerView | None:
        return self.derived

    def compose(self) -> ComposeResult:
        yield TitleBar(f"Ledger · {self.po}", id="title")
        yield PlainStatic("Loading…", id="gate")
        yield DataTable(id="payments", cursor_type="row", zebra_stripes=True)
        yield PlainStatic("", id="payment-detail")
        yield PlainStatic(id="totals")
        yield Footer()

    def compute(self, state: CaseState) -> LedgerView:
        return LedgerView(payment_lines(state), totals(state), balance_gate(state), current_quote(state),
                          refund_due(state), load_settings(self.ws.root).home_currency)

    def render_case(self, state: CaseState, view: LedgerView) -> None:
        case = state.case
        room = self.app.size.width - 2  # the title bar's padding
        title = f"Ledger · {self.po} · deposit {fmt_cny(case.deposit_cny)} + balance {fmt_cny(case.balance_cny)}"
        if len(title) > room:  # the case view has them in full
            title = (f"Ledger · {self.po} · deposit {compact_money(case.deposit_cny, 'CNY')}"
                     f" + balance {compact_money(case.balance_cny, 'CNY')}")
        self.query_one("#title", TitleBar).update(title)
        gate = self.query_one("#gate", PlainStatic)
        gate.update(gate_text(view.gate, view.refund_due_cny))
        gate.set_class(view.gate.open, "open")
        self._fill_payments(view)
        self.query_one("#totals", PlainStatic).update(totals_table(view.totals, view.quote, view.home))

    def _fill_payments(self, view: LedgerView) -> None:
        table = self.query_one(DataTable)
        # the highlighted payment stays highlighted when the case is read again (after a write)
        kept = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value if table.row_count else None
        table.clear()
        table.columns["Home"].label = Text(view.home)
        width = {label: w for label, w in self.COLUMNS}

        def cny(amount: Decimal) -> Text:
            return Text(fit_money(amount, "CNY", width["CNY"]), justify="right")

        for line in view.lines:
            p = line.payment
            expires = f"{p.quote_expires_at:%-d %b %H:%M}" if p.quote_expires_at else "—"
            table.add_row(
                SHORT_KIND[p.kind], cny(p.cny), fit_rate(p.rate, width["Rate"]),
                Text(fit_money(p.ngn, view.home, width["Home"]), justify="right"),
                Text(line.status, style=STATUS_STYLE[line.status]), plain(line.receipt or "no receipt"),
                expires, f"{p.rate_locked_at:%-d %b}", plain(p.method), key=p.id,
            )
        kinds = {line.payment.kind for line in view.lines if line.status in ("requested", "paid")}
        # Deposit and balance always have their own row, recorded or not.
        if "deposit" not in kinds:
            table.add_row("deposit", cny(self.state.case.deposit_cny), "—", "—",
                          Text("not paid", style="yellow"), key="expected-deposit")
        if "balance" not in kinds:
            status = Text("unlocked", style="green") if view.gate.open else Text("LOCKED", style="bold red")
            table.add_row("balance", cny(view.gate.remaining_cny), "—", "—", status, key="expected-balance")
        if kept is not None and kept in table.rows:
            table.move_cursor(row=table.get_row_index(kept), animate=False)
        self._show_detail()

    def _show_detail(self) -> None:
        """The highlighted row in words, every figure in full."""
        table = self.query_one(DataTable)
        if self.view is None or table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        line = self.selected_line()
        if line is not None:
            text = f"{line.payment.describe(self.view.home)}, {line.status}"
        elif key == "expected-deposit":
            text = f"deposit {fmt_cny(self.state.case.deposit_cny)}: not paid yet"
        else:
            text = f"balance {fmt_cny(self.view.gate.remaining_cny)} still to pay"
        self.query_one("#payment-detail", PlainStatic).update(text)

    def selected_line(self) -> PaymentLine | None:
        table = self.query_one(DataTable)
        if self.view is None or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((line for line in self.view.lines if line.payment.id == key), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()
        self._show_detail()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pay_balance":
            # Greyed out, not hidden: the user sees the action exists and the panel says why.
            return True if self.view and self.view.gate.open and self.view.gate.remaining_cny > 0 else None
        if action == "mark":
            # Any recorded payment: a move its status does not allow is refused by the core,
            # in the words `casefile payment` uses, rather than the key doing nothing.
            return True if self.selected_line() else None
        if action in ("record_payment", "take_quote"):
            return True if self.state else None
        return True

    def _open_form(self, kind: str | None = None, cny: Decimal | None = None) -> None:
        self.app.push_screen(
            PaymentForm(self.ws, self.po, self.state, kind=kind, cny=cny, quote=self.view.quote, home=self.view.home)
        )

    def action_record_payment(self) -> None:
        self._open_form(*self.next_due())

    def next_due(self) -> tuple[str | None, Decimal | None]:
        """The payment the case waits for next, with its amount: the form opens on it."""
        view = self.view
        kinds = {line.payment.kind for line in view.lines if line.status in ("requested", "paid")}
        if "deposit" not in kinds:
            return "deposit", self.state.case.deposit_cny
        if view.gate.open and view.gate.remaining_cny > 0:
            return "balance", view.gate.remaining_cny
        if view.refund_due_cny > 0:
            return "refund", view.refund_due_cny
        return None, None

    def on_key(self, event: events.Key) -> None:
        # A disabled binding does nothing when pressed; the balance key says why instead.
        held = self.active_bindings.get(event.key)
        if held is not None and held.binding.id == "ledger.balance" and not held.enabled and self.view:
            event.stop()
            gate = self.view.gate
            why = (refusal_text(GateClosed(gate.reasons, gate.unlock)) if not gate.open
                   else "The balance is paid in full: nothing is left to pay.")
            tell(self, why, title=f"{po_words(self.po)}: cannot pay the balance", severity="warning", timeout=10)

    def action_take_quote(self) -> None:
        self.app.push_screen(QuoteForm(self.ws, self.po, self.state, home=self.view.home))

    def action_pay_balance(self) -> None:
        self._open_form("balance", self.view.gate.remaining_cny)

    def action_mark(self, status: str) -> None:
        """Move the highlighted payment on to `status` (core: set_payment_status)."""
        line = self.selected_line()
        if line is None:
            return
        if line.status == status:  # as `casefile payment` says it, with nothing written
            tell(self, f"{line.payment.describe()} is already {status}; nothing changed", title=po_words(self.po))
            return
        payment_id = line.payment.id

        def mark(receipt: str | None) -> None:
            if receipt is not None:
                start_write(self, self.po,
                            lambda: set_payment_status(self.ws, self.po, payment_id, status, receipt=receipt),
                            f"payment marked {status}")

        if status == "paid" and line.status == "requested" and not line.receipt:
            # a paid payment needs its receipt; the core would refuse it without one
            self.app.push_screen(ReceiptPrompt(line.payment.describe(self.view.home)), mark)
        else:
            mark("")
