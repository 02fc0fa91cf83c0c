"""The terms of the chosen option: reason, deadline, discount, units, the agreement.

`casefile.decisions.record_decision` checks the terms against the case on disk; what it
refuses is shown beside the field it names, and the form keeps what was typed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Label, Select

from casefile.decisions import DecisionTerms, record_decision
from casefile.errors import InputError
from casefile.options import OptionAssessment
from casefile.parse import whole_number
from casefile.state import CaseState
from casefile.store import Workspace
from screens.actions import bindings
from screens.form_base import CaseForm, field_errors
from screens.widgets.plain import PlainStatic, plain
from screens.widgets.still import StillInput
from screens.widgets.title_bar import TitleBar

# Which terms each option asks for (casefile.decisions checks them again when saving).
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


class DecisionFormScreen(CaseForm):
    FIELDS = {"reason", "deadline", "units", "discount_percent", "agreement_entry_id"}
    HINTS = {"deadline": "YYYY-MM-DD", "discount_percent": "of the order value, e.g. 8",
             "units": "units to sort out or replace"}
    BINDINGS = bindings("decision")

    def __init__(self, ws: Workspace, po: str, state: CaseState, assessment: OptionAssessment) -> None:
        super().__init__(ws, po, state)
        self.assessment = assessment

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
        # The first field has the focus: typing starts there, and ctrl+s saves at once.
        self.query_one("#reason").focus()
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
            return str(self.state.case.quantity - o.accepted_units)  # the projected bad units
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
        # At the revision the options were assessed on: a change made meanwhile is refused, not overwritten.
        revision = self.state.revision
        self.save(lambda: record_decision(self.ws, self.po, DecisionTerms.model_validate(data),
                                          expected_revision=revision),
                  what=f"Decision recorded: {self.assessment.title}")
