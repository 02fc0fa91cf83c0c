"""Asks for a payment's receipt reference when a request is marked paid without one:
the core refuses a paid payment with no receipt (casefile.actions.pay), so the ledger
asks rather than letting the key fail."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from screens.actions import bindings
from screens.widgets.still import StillInput


class ReceiptPrompt(ModalScreen[str | None]):
    DEFAULT_CSS = """
    ReceiptPrompt { align: center middle; }
    ReceiptPrompt > Vertical {
        width: 64; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    """
    BINDINGS = bindings("receipt")

    def __init__(self, payment: str) -> None:
        super().__init__()
        self.payment = payment

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Mark paid: {self.payment}. Its receipt or transfer reference:", markup=False)
            yield StillInput(placeholder="e.g. ALP-20261128-0042", id="receipt-ref")
            yield Static("enter  mark paid    esc  cancel", classes="keys")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
