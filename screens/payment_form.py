"""Record a payment: kind, CNY, the locked rate, the home currency computed live, quote
expiry, receipt.

The home-currency amount (NGN unless the workspace's settings say otherwise) is always
computed from CNY and the rate (casefile.values.money.cny_to_ngn, rounded once),
never typed. A quote that has expired is refused before saving and by the domain when
saving; a balance payment goes through the gate inside the write.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from casefile.values import clock
from casefile.values.ids import new_id
from casefile.values.errors import CasefileError
from casefile.values.currency import DEFAULT_HOME_CURRENCY, fmt_home
from casefile.values.money import cny_to_ngn, fmt_rate, home_context, parse_decimal
from casefile.records.payment import KIND_TITLES, PAYMENT_KINDS, RateQuote
from casefile.actions.pay import PaymentDraft, QuoteExpired, record_payment
from casefile.records.case_state import CaseState
from casefile.actions.workspace import Workspace
from screens.widgets.footer import Footer
from screens.actions import bindings
from screens.form_base import CaseForm, field_errors
from screens.widgets.rate_input import RateInput
from screens.widgets.still import StillInput
from screens.widgets.title_bar import TitleBar


def live_home(cny_text: str, rate_text: str, home: str = DEFAULT_HOME_CURRENCY) -> str:
    """The home-currency amount for what is typed so far, or why it cannot be computed yet."""
    try:
        cny = parse_decimal(cny_text, "CNY amount")
        rate = parse_decimal(rate_text, "rate")
    except ValueError:
        return f"{home}: type the CNY amount and the rate"
    if rate <= 0:
        return f"{home}: the rate must be above zero"
    if cny <= 0:  # never a negative preview: the amount itself is what is wrong
        return f"{home}: the CNY amount must be above zero"
    return f"{home} {fmt_home(cny_to_ngn(cny, rate), home)}  (CNY × {fmt_rate(rate)}, rounded once, half up)"


class PaymentForm(CaseForm):
    DEFAULT_CSS = """
    PaymentForm Horizontal { height: 1; margin-bottom: 1; }
    PaymentForm Label { width: 14; padding: 0 1 0 0; text-align: right; }
    PaymentForm Input { width: 1fr; }
    PaymentForm Select { width: 1fr; }
    PaymentForm #ngn { padding: 0 1 1 15; text-style: bold; }
    """

    BINDINGS = bindings("payment")
    FIELDS = {"kind", "cny", "rate", "quote_expires_at", "quoted_by", "method", "receipt", "status"}

    def __init__(
        self,
        ws: Workspace,
        po: str,
        state: CaseState,
        *,
        kind: str | None = None,
        cny: Decimal | None = None,
        quote: RateQuote | None = None,
        home: str = DEFAULT_HOME_CURRENCY,
    ) -> None:
        super().__init__(ws, po, state)
        self.home = home  # the workspace's home currency, as the ledger loaded it
        self.kind = kind
        self.cny = cny
        self.quote = quote  # the live quote, used as is unless the rate is changed
        self.payment_id = new_id()  # fixed per form: saving twice records one payment

    def compose(self) -> ComposeResult:
        yield TitleBar(f"Record a payment · {self.po}")
        quote = self.quote
        with Vertical():
            with Horizontal():
                yield Label("Kind")
                yield Select([(KIND_TITLES[k], k) for k in PAYMENT_KINDS], value=self.kind or "deposit",
                             allow_blank=False, id="kind", compact=True)
                yield Label("Status")
                yield Select([("paid", "paid"), ("requested", "requested")], value="paid",
                             allow_blank=False, id="status", compact=True)
            yield Static(id="kind-error", classes="error")
            with Horizontal():
                yield Label("CNY")
                yield StillInput(str(self.cny) if self.cny is not None else "", placeholder="e.g. 58800.00", id="cny", compact=True)
            yield Static(id="cny-error", classes="error")
            with Horizontal():
                yield Label(f"Rate {self.home}/CNY")
                yield RateInput(fmt_rate(quote.rate) if quote else "", placeholder="e.g. 221.3500", id="rate", compact=True)
            yield Static(id="rate-error", classes="error")
            yield Static(id="ngn")
            with Horizontal():
                yield Label("Quote expires")
                yield StillInput(f"{quote.expires_at:%Y-%m-%d %H:%M}" if quote and quote.expires_at else "",
                            placeholder="YYYY-MM-DD HH:MM UTC; empty for a rate already used", id="quote_expires_at", compact=True)
            yield Static(id="quote_expires_at-error", classes="error")
            with Horizontal():
                yield Label("Quoted by")
                yield StillInput(quote.quoted_by if quote else "", placeholder="e.g. Sterling FX desk", id="quoted_by", compact=True)
            with Horizontal():
                yield Label("Method")
                yield StillInput(placeholder="e.g. Alipay, bank transfer", id="method", compact=True)
            yield Static(id="method-error", classes="error")
            with Horizontal():
                yield Label("Receipt")
                yield StillInput(placeholder="receipt or transfer reference", id="receipt", compact=True)
            yield Static(id="receipt-error", classes="error")
            yield Static(id="form-error", classes="error")
        yield Footer()

    def on_mount(self) -> None:
        self._update_ngn()
        self.query_one("#cny" if self.kind else "#kind").focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("cny", "rate"):
            self._update_ngn()

    def _update_ngn(self) -> None:
        self.query_one("#ngn", Static).update(live_home(self.value("cny"), self.value("rate"), self.home))

    def value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def draft(self) -> PaymentDraft:
        rate = self.value("rate")
        expires = self.value("quote_expires_at")
        data = {
            "id": self.payment_id,
            "kind": self.query_one("#kind", Select).value,
            "status": self.query_one("#status", Select).value,
            "cny": self.value("cny"), "rate": rate or None,
            "quoted_by": self.value("quoted_by"), "method": self.value("method"), "receipt": self.value("receipt"),
        }
        quote = self.quote
        if quote and rate and parse_rate(rate) == quote.rate and expires == f"{quote.expires_at:%Y-%m-%d %H:%M}":
            data["quote_id"] = quote.id  # the live quote as recorded, not a new one
        else:
            data["quote_expires_at"] = expires or None
        return PaymentDraft.model_validate(data, context=home_context(self.home))

    def action_submit(self) -> None:
        try:
            draft = self.draft()
        except ValidationError as exc:
            self.show_errors(field_errors(exc, self.FIELDS))
            return
        expired = self._expired(draft)
        if expired:
            self.show_errors({"quote_expires_at": expired})
            return
        self.save(lambda: record_payment(self.ws, self.po, draft))

    def _expired(self, draft: PaymentDraft) -> str | None:
        expires = draft.quote_expires_at or (self.quote.expires_at if draft.quote_id and self.quote else None)
        if expires is not None and expires <= clock.now():
            return f"this quote expired at {expires:%Y-%m-%d %H:%M} UTC; get a new quote and type its rate and expiry"
        return None

    def refused(self, error: CasefileError | ValidationError) -> None:
        # The domain's last word on an expired quote belongs beside the expiry field.
        if isinstance(error, QuoteExpired):
            self.show_errors({"quote_expires_at": str(error)})
        else:
            super().refused(error)


def parse_rate(text: str) -> Decimal | None:
    try:
        return parse_decimal(text, "rate")
    except ValueError:
        return None
