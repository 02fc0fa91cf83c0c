"""Asks for a payment's receipt reference when a request is marked paid without one:
the core refuses a paid payment with no receipt (casefile.actions.pay), so the ledger
asks rather than letting the key fail."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from screens.actions import bindings
from screens.small_modal import SmallModal
from screens.widgets.still import StillInput


class ReceiptPrompt(SmallModal[str | None]):
    DEFAULT_CSS = """
    ReceiptPrompt > Vertical { width: 64; }
    """
    BINDINGS = bindings("receipt")

    def __init__(self, payment: str) -> None:
        super().__init__(f"Mark paid: {payment}. Its receipt or transfer reference:", "enter  mark paid    esc  cancel")

    def compose_body(self) -> ComposeResult:
        yield StillInput(placeholder="e.g. ALP-20261128-0042", id="receipt-ref")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
