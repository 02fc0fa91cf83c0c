"""Record that a discontinued supplier has improved (`casefile supplier-improvement`): what
the supplier did and the day inspection resumes on tightened. The core
(casefile.actions.supplier_improvement) refuses a supplier that is not discontinued, with
the words the command line prints."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from casefile.actions.supplier_improvement import record_improvement
from casefile.values import clock
from screens.actions import bindings
from screens.form_base import FormScreen
from screens.widgets.footer import Footer
from screens.widgets.plain import PlainStatic, tell
from screens.widgets.still import StillInput
from screens.widgets.title_bar import TitleBar
from screens.workers import Recorded, start_record


class ImprovementForm(FormScreen):
    DEFAULT_CSS = """
    ImprovementForm Vertical { padding: 1 1 0 1; }
    ImprovementForm #severity { height: auto; margin-bottom: 1; }
    ImprovementForm Horizontal { height: 1; margin-bottom: 1; }
    ImprovementForm Label { width: 16; padding: 0 1 0 0; text-align: right; }
    ImprovementForm Input { width: 1fr; }
    """

    BINDINGS = bindings("improvement")
    FIELDS = {"supplier", "reason", "on"}
    HINTS = {"on": "the day inspection resumes on tightened"}

    def __init__(self, ws, supplier: str, severity: str) -> None:
        super().__init__(ws, None)
        self.supplier = supplier
        self.severity = severity  # the severity in words, as the supplier screen shows it

    def compose(self) -> ComposeResult:
        yield TitleBar(f"Record an improvement · {self.supplier}")
        with Vertical():
            yield PlainStatic(f"Severity: {self.severity}", id="severity")
            yield Static(id="supplier-error", classes="error")
            with Horizontal():
                yield Label("What they did")
                yield StillInput(placeholder="e.g. new QC lead, line 3 retooled", id="reason", compact=True)
            yield Static(id="reason-error", classes="error")
            with Horizontal():
                yield Label("From (day)")
                yield StillInput(clock.today().isoformat(), placeholder="YYYY-MM-DD", id="on", compact=True)
            yield Static(id="on-error", classes="error")
            yield Static(id="form-error", classes="error")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#reason").focus()

    def action_save(self) -> None:
        if self.saving:
            return
        self.saving = True
        self.show_errors({})
        reason, on = (self.query_one(f"#{n}", Input).value for n in ("reason", "on"))
        start_record(self, lambda: record_improvement(self.ws, self.supplier, reason, on),
                     f"improvement recorded: {self.supplier} is on tightened inspection from {on.strip()}")

    def on_recorded(self, message: Recorded) -> None:
        message.stop()
        self.saving = False
        tell(self, message.what)
        self.dismiss(None)
