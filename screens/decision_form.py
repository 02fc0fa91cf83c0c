"""The terms of the chosen option: reason, deadline, discount, units, the agreement.

`casefile.actions.decide.record_decision` checks the terms against the case on disk; what it
refuses is shown beside the field it names, and the form keeps what was typed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Select

from casefile.actions.decide import record_decision
from casefile.actions.workspace import Workspace
from casefile.records.case_state import CaseState
from casefile.rules.decision_terms import DecisionTerms
from casefile.rules.option_comparison import OptionAssessment
from casefile.rules.options.catalogue import option
from casefile.rules.options.option import TERM_FIELDS
from casefile.values.errors import InputError
from casefile.values.units import whole_number
from screens.widgets.footer import Footer
from screens.actions import bindings
from screens.form_base import CaseForm, field_errors
from screens.widgets.plain import PlainStatic, plain
from screens.widgets.still import StillInput
from screens.widgets.title_bar import TitleBar

class DecisionFormScreen(CaseForm):
    FIELDS = set(TERM_FIELDS)
    HINTS = {name: field.hint for name, field in TERM_FIELDS.items() if field.hint}
    BINDINGS = bindings("decision")

    def __init__(self, ws: Workspace, po: str, state: CaseState, assessment: OptionAssessment) -> None:
        super().__init__(ws, po, state)
        self.assessment = assessment

    def compose(self) -> ComposeResult:
        o = self.assessment
        yield TitleBar(f"Decide · {self.po} · {o.title}")
        yield PlainStatic(f"{'Fits' if o.fits else 'Does NOT fit'}: {o.reason}", classes="facts")
        with VerticalScroll(id="form-body"):
            for name in ("reason", *option(o.option).terms):  # the terms its catalogue entry asks for
                with Horizontal(classes="field-row"):
                    yield Label(TERM_FIELDS[name].label)
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
        if "agreement_entry_id" in option(self.assessment.option).terms:
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
