"""The terms of the chosen option: reason, deadline, discount, units, the agreement.

`casefile.decisions.record_decision` checks the terms against the case on disk; what it
refuses is shown beside the field it names, and the form keeps what was typed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Select

from casefile.decisions import DecisionTerms, record_decision
from casefile.errors import InputError
from casefile.options import OptionAssessment
from casefile.parse import whole_number
from screens.form_base import FormScreen, Saved, field_errors
from screens.own_write import own_write
from screens.widgets.footer import Footer
from screens.widgets.plain import PlainStatic, plain, tell
from screens.widgets.still import StillInput
from screens.widgets.title_bar import TitleBar

# Which terms each option asks for (DOMAIN.md's table; the domain checks them again).
TERMS = {
    "rework": ("deadline",),
    "sort": ("units", "deadline"),
    "discount": ("discount_percent", "agreement_entry_id"),
    "replace": ("units", "deadline"),
    "cancel": (),
}
LABELS = {
    "reason": "Why this option", "deadline": "Deadline", "units": "Units",
    "discount_percent": "Discount %", "agreement_entry_id": "Written agreement",
}


class DecisionFormScreen(FormScreen):
    FIELDS = {"reason", "deadline", "units", "discount_percent", "agreement_entry_id"}
    HINTS = {"deadline": "YYYY-MM-DD", "discount_percent": "of the order value, e.g. 8",
             "units": "units to sort out or replace"}
    BINDINGS = [Binding("ctrl+s,ctrl+enter,ctrl+j,f10", "save_decision", "Save", id="decision.save")]

    def __init__(self, ws, po: str, assessment: OptionAssessment, revision: int) -> None:
        super().__init__()
        self.ws = ws
        self.po = po
        self.assessment = assessment
        self.revision = revision  # a change made meanwhile is refused, not overwritten
        self.state = ws.load(po)  # read through the store's cache; the options screen just loaded it
        self.quantity = self.state.case.quantity

    def compose(self) -> ComposeResult:
        o = self.assessment
        yield TitleBar(f"Decide · {self.po} · {o.title}")
        yield PlainStatic(f"{'Fits' if o.fits else 'Does NOT fit'}: {o.reason}", classes="facts")
        with VerticalScroll(id="form-body"):
            for name in ("reason", *TERMS[o.option]):
                with Horizontal(classes="field-row"):
                    yield Label(LABELS[name])
                    if name == "agreement_entry_id":
                        yield Select([], id=name, prompt="none yet (needed before the balance moves)", compact=True)
                    else:
                        yield StillInput(self._default(name), placeholder=self.HINTS.get(name, ""), id=name, compact=True)
                    yield PlainStatic("", id=f"{name}-error", classes="error field-error")
            yield PlainStatic("", id="form-error", classes="error")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        if "agreement_entry_id" in TERMS[self.assessment.option]:
            agreements = [(plain(f"{e.at:%-d %b} {e.subject}"[:60]), e.id) for e in self.state.correspondence
                          if e.written_agreement and e.direction == "from-supplier"]
            self.query_one(Select).set_options(agreements)

    def _default(self, name: str) -> str:
        o = self.assessment
        if name == "deadline" and o.deadline:
            return o.deadline.isoformat()
        if name == "discount_percent" and o.discount_percent is not None:
            return f"{o.discount_percent.normalize():f}"
        if name == "units" and o.accepted_units is not None:
            return str(self.quantity - o.accepted_units)  # the projected bad units
        return ""

    def terms_data(self) -> dict[str, object]:
        data: dict[str, object] = {"option": self.assessment.option}
        for widget in self.query(StillInput):
            if widget.value.strip():
                data[widget.id] = widget.value.strip()
        if "units" in data:  # read as `casefile decide --units` reads it, with the same words
            data["units"] = whole_number(str(data["units"]), "units", "550")
        for select in self.query(Select):
            if select.value is not Select.NULL:
                data[select.id] = select.value
        return data

    def action_save_decision(self) -> None:
        try:
            data = self.terms_data()
        except InputError as exc:
            self.show_errors(field_errors(exc, self.FIELDS))
            return
        self.save(lambda: record_decision(self.ws, self.po, DecisionTerms.model_validate(data),
                                          expected_revision=self.revision))

    def run_save(self, action):
        return own_write(self.app, self.po, action)

    def on_saved(self, message: Saved) -> None:
        # FormScreen's own handler (Textual calls it too) closes the form.
        self.app.saved(message.result)
        tell(self, f"Decision recorded: {self.assessment.title}")
