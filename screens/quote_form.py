"""Take a rate quote (`casefile quote`): the rate, when it expires, who quoted it and where
it came from. The core (casefile.actions.pay.record_quote) refuses an expired quote; the
payment form then offers the quote as the live rate."""

from __future__ import annotations

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from casefile.actions.pay import QuoteExpired, record_quote
from casefile.records.payment import RateQuote, fmt_rate
from casefile.values.currency import DEFAULT_HOME_CURRENCY
from casefile.values.errors import CasefileError
from casefile.values.ids import new_id
from casefile.values.money import home_context
from screens.actions import bindings
from screens.form_base import CaseForm, field_errors
from screens.widgets.footer import Footer
from screens.widgets.rate_input import RateInput
from screens.widgets.still import StillInput
from screens.widgets.title_bar import TitleBar


class QuoteForm(CaseForm):
    DEFAULT_CSS = """
    QuoteForm Horizontal { height: 1; margin-bottom: 1; }
    QuoteForm Label { width: 14; padding: 0 1 0 0; text-align: right; }
    QuoteForm Input { width: 1fr; }
    """

    BINDINGS = bindings("quote")
    FIELDS = {"rate", "expires_at", "quoted_by", "source"}
    PLACEHOLDERS = {"rate": "{home} per 1 CNY, e.g. 221.3500", "expires_at": "YYYY-MM-DD HH:MM UTC",
                    "quoted_by": "e.g. Sterling FX desk", "source": "e.g. a screenshot of the app"}
    LABELS = {"rate": "Rate {home}/CNY", "expires_at": "Expires", "quoted_by": "Quoted by", "source": "Source"}

    def __init__(self, *args, home: str = DEFAULT_HOME_CURRENCY, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.home = home  # the workspace's home currency, as the ledger loaded it
        self.quote_id = new_id()  # fixed per form: saving twice records one quote

    def compose(self) -> ComposeResult:
        yield TitleBar(f"Take a rate quote · {self.po}")
        with Vertical():
            for name, label in self.LABELS.items():
                with Horizontal():
                    yield Label(label.format(home=self.home))
                    field = RateInput if name == "rate" else StillInput
                    yield field(placeholder=self.PLACEHOLDERS[name].format(home=self.home), id=name, compact=True)
                yield Static(id=f"{name}-error", classes="error")
            yield Static(id="form-error", classes="error")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#rate").focus()

    def value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def action_save(self) -> None:
        try:
            quote = RateQuote.model_validate({
                "id": self.quote_id, "rate": self.value("rate"), "expires_at": self.value("expires_at"),
                "quoted_by": self.value("quoted_by") or "not stated",  # as `casefile quote` without --by
                "source": self.value("source"), "recorded_by": self.ws.actor,
            }, context=home_context(self.home))
        except ValidationError as exc:
            self.show_errors(field_errors(exc, self.FIELDS))
            return
        self.save(lambda: record_quote(self.ws, self.po, quote),
                  what=f"rate quote {fmt_rate(quote.rate)} {self.home} per CNY until {quote.expires_at:%-d %b %H:%M} UTC")

    def refused(self, error: CasefileError | ValidationError) -> None:
        if isinstance(error, QuoteExpired):  # the core's words, beside the field they are about
            self.show_errors({"expires_at": str(error)})
        else:
            super().refused(error)
