"""New / edit case: the order and the agreed standard, checked field by field.

The form is validated by `casefile.case.Case` itself; each reason is shown beside its
field and nothing is saved while any field is wrong. An edit is saved through
`casefile.case_edit.edit_case`, as `casefile edit` is: with the revision it was opened
at (a change made meanwhile by someone else is refused, not overwritten, and what was
typed stays in the form) and with the reason, which a change of the agreed standard or
of the re-inspection fee needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Static, TextArea

from casefile.actions.create import create_case
from casefile.actions.edit import edit_case
from casefile.actions.workspace import Workspace
from casefile.records.case import Case
from casefile.records.case_state import CaseState
from casefile.rules.settings import load_settings
from casefile.values.currency import DEFAULT_HOME_CURRENCY
from casefile.values.errors import CasefileError, ConflictError, InputError
from casefile.values.money import home_context
from casefile.values.units import whole_number
from screens.widgets.footer import Footer
from screens.actions import bindings
from screens.form_base import FormScreen, error_words
from screens.widgets.plain import PlainStatic
from screens.widgets.rate_input import RateInput
from screens.widgets.still import StillInput
from screens.widgets.still_text_area import StillTextArea
from screens.widgets.supplier_input import SupplierInput
from screens.widgets.title_bar import TitleBar
from screens.workers import Loaded, LoadFailed, start_load


@dataclass(frozen=True)
class Field:
    name: str  # the Case field (dotted for nested: aql.major)
    label: str
    hint: str = ""
    lines: bool = False  # a TextArea of "KEY = text" lines


FIELDS = [
    Field("po", "PO number", "e.g. PO/2026/114"),
    Field("supplier", "Supplier"),
    Field("supplier_contact", "Supplier contact", "e.g. Ms Chen Li"),
    Field("product", "Product"),
    Field("quantity", "Quantity (lot)", "units in the order"),
    Field("order_value_cny", "Order value CNY", "e.g. 84000.00"),
    Field("deposit_cny", "Deposit CNY", "e.g. 25200.00"),
    Field("spec", "Spec points", "one per line: KEY = text", lines=True),
    Field("golden", "Golden sample pts", "one per line: KEY = text", lines=True),
    Field("golden_sample_ref", "Golden sample ref"),
    Field("aql.critical", "AQL critical", "0 = zero tolerance"),
    Field("aql.major", "AQL major", "e.g. 2.5"),
    Field("aql.minor", "AQL minor", "e.g. 4.0"),
    Field("aql.level", "Inspection level", "I, II, III, S-1..S-4"),
    Field("ship_window_start", "Ship window from", "YYYY-MM-DD"),
    Field("ship_window_end", "Ship window to", "YYYY-MM-DD"),
    Field("refund_terms", "Refund terms", "the refund terms as signed"),
    Field("deposit_refundable_percent", "Deposit refundable %", "0-100"),
    Field("reinspection_fee_cny", "Re-inspection fee", "CNY, e.g. 2100.00"),
    Field("planning_rate", "Planning rate", "{home} per 1 CNY, e.g. 215.5"),  # the workspace's home currency
]
LINE = re.compile(r"^\s*([^=]+?)\s*=\s*(.+?)\s*$")
REASON = "reason"  # not a field of the case: why it was edited (casefile.case_edit)


def _wid(name: str) -> str:
    return "f-" + name.replace(".", "-").replace("_", "-")


def parse_points(text: str, kind: str) -> tuple[list[dict[str, str]], dict[int, str]]:
    """Spec lines -> point dicts, plus {line number: problem} for lines that are not KEY = text."""
    points, problems = [], {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = LINE.match(line)
        if not m:
            problems[n] = f"line {n}: write KEY = text, e.g. S1 = colour Pantone 286C"
            continue
        points.append({"key": m.group(1), "text": m.group(2), "kind": kind, "_line": n})
    return points, problems


def case_to_values(case: Case) -> dict[str, str]:
    data = case.model_dump(mode="json")
    values = {f.name: "" for f in FIELDS}
    for f in FIELDS:
        if f.lines:
            kind = "spec" if f.name == "spec" else "golden-sample"
            values[f.name] = "\n".join(f"{p['key']} = {p['text']}" for p in data["spec_points"] if p["kind"] == kind)
        elif f.name.startswith("aql."):
            values[f.name] = str(data["aql"][f.name[4:]])
        else:
            v = data.get(f.name)
            values[f.name] = "" if v is None else str(v)
    return values


def validate_form(values: dict[str, str], home: str = DEFAULT_HOME_CURRENCY) -> tuple[Case | None, dict[str, str]]:
    """The Case built from the form's text, or {field name: reason} for each wrong field;
    `home`, the workspace's home currency, is the one a refused rate names."""
    context = home_context(home)
    errors: dict[str, str] = {}
    data: dict[str, Any] = {}
    aql: dict[str, str] = {}
    points: list[dict[str, str]] = []
    owners: list[tuple[str, int]] = []
    for f in FIELDS:
        raw = values.get(f.name, "")
        if f.lines:
            kind = "spec" if f.name == "spec" else "golden-sample"
            found, problems = parse_points(raw, kind)
            if problems:
                errors[f.name] = "; ".join(problems.values())
            for p in found:
                owners.append((f.name, p.pop("_line")))
                points.append(p)
        elif not raw.strip():
            continue  # left empty: the model's default, or "field required" below
        elif f.name.startswith("aql."):
            aql[f.name[4:]] = raw.strip()
        else:
            data[f.name] = raw.strip() if f.name != "refund_terms" else raw
    if points:
        data["spec_points"] = points
    if aql:
        data["aql"] = aql
    if "quantity" in data:
        try:
            data["quantity"] = whole_number(data["quantity"], "quantity")
        except InputError as exc:  # the same words as `casefile new --quantity ten`
            errors["quantity"] = str(exc).partition(": ")[2]
            del data["quantity"]
    try:
        case = Case.model_validate(data, context=context)
    except ValidationError as exc:
        for e in exc.errors():
            name, reason = _where(e, owners)
            errors.setdefault(name, reason)
        for name, reason in _checks_across(data, errors, owners, context).items():
            errors.setdefault(name, reason)
        return None, errors
    return (case, {}) if not errors else (None, errors)


# Stand-ins for fields that are wrong or empty, chosen so that none of the case's checks
# across fields (deposit within the order value, the shipping window, unique keys) can fail
# on a stand-in: whatever those checks say is about what the user typed.
_STAND_INS = {"po": "PO-0", "supplier": "-", "product": "-", "quantity": 1,
              "order_value_cny": "1000000000000.00", "deposit_cny": "0.00"}


def _checks_across(data: dict[str, Any], errors: dict[str, str], owners: list[tuple[str, int]],
                   context: dict[str, str]) -> dict[str, str]:
    """The case's checks across fields, run on the fields that are right by themselves.

    Pydantic runs them only once every field is right, so a deposit above the order value
    would only show after the other fields were fixed: one round of errors after another.
    """
    wrong = {"aql" if n.startswith("aql.") else "spec_points" if n in ("spec", "golden") else n for n in errors}
    kept = {k: v for k, v in data.items() if k not in wrong}
    found: dict[str, str] = {}
    for _ in range(len(FIELDS)):  # each round takes out the field a check named
        try:
            Case.model_validate(_STAND_INS | kept, context=context)
            break
        except ValidationError as exc:
            if any(e["loc"] for e in exc.errors()):
                break  # a stand-in met a field it does not fit: nothing more to learn
            name, reason = _where(exc.errors()[0], owners)
            if name in found:
                break
            found[name] = reason
            kept.pop("spec_points" if name in ("spec", "golden") else name, None)
    return found


def _where(error: dict[str, Any], owners: list[tuple[str, int]]) -> tuple[str, str]:
    loc = [p for p in error["loc"] if p != "__root__"]
    msg = error_words(error)
    if loc and loc[0] == "spec_points" and len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(owners):
        name, line = owners[loc[1]]
        return name, f"line {line}: {'.'.join(map(str, loc[2:])) or 'point'}: {msg}"
    if loc and loc[0] == "aql" and len(loc) > 1:
        return f"aql.{loc[1]}", msg
    if loc:
        return str(loc[0]), msg
    # Model-level checks say "field: reason"; put the reason beside that field.
    head, _, rest = msg.partition(": ")
    if head == "spec_points":
        return "spec", rest
    if any(f.name == head for f in FIELDS):
        return head, rest
    return "po", msg


class CaseFormScreen(FormScreen):
    """New case (po None) or edit case `po`; dismissed with the case as saved."""

    DEFAULT_CSS = """
    CaseFormScreen #form-message { height: auto; padding: 0 1; }
    CaseFormScreen #form-message.refused { color: $error; }
    CaseFormScreen .field-row.noted { margin-bottom: 0; }
    CaseFormScreen #supplier-same { display: none; height: 1; margin: 0 0 1 20; }
    CaseFormScreen #supplier-same.shown { display: block; }
    """
    BINDINGS = bindings("case-form")

    def __init__(self, ws: Workspace, po: str | None = None) -> None:
        super().__init__(ws, po)
        self.revision: int | None = None  # as loaded: a change made meanwhile is refused
        self.touched: set[str] = set()
        self.home = DEFAULT_HOME_CURRENCY  # the workspace's, once its settings are loaded

    def compose(self) -> ComposeResult:
        yield TitleBar(f"Edit case {self.po}" if self.po else "New case")
        yield PlainStatic("Fill in the order and the standard both sides signed. "
                          "f10 or ctrl+s saves; esc cancels.", id="form-message")
        with VerticalScroll(id="form-body"):
            for f in FIELDS:
                with Horizontal(classes="field-row"):
                    yield Label(f.label)
                    if f.lines:
                        yield StillTextArea(id=_wid(f.name), soft_wrap=True, show_line_numbers=False, compact=True)
                    elif f.name == "supplier":
                        yield SupplierInput(self.ws.root, placeholder=f.hint, id=_wid(f.name), compact=True)
                    elif f.name == "planning_rate":
                        yield RateInput(placeholder=f.hint.format(home="").strip(), id=_wid(f.name), compact=True)
                    else:
                        yield StillInput(placeholder=f.hint.format(home="").strip(), id=_wid(f.name), compact=True,
                                         disabled=bool(self.po) and f.name == "po")
                    yield PlainStatic(f.hint if f.lines else "", id=_wid(f.name) + "-error", classes="field-error")
                if f.name == "supplier":
                    yield PlainStatic("", id="supplier-same")
            if self.po:
                with Horizontal(classes="field-row"):
                    yield Label("Reason for change")
                    yield StillInput(placeholder="why (standard or fee change)",
                                     id=_wid(REASON), compact=True)
                    yield PlainStatic("", id=_wid(REASON) + "-error", classes="field-error")
        yield Footer()

    def on_mount(self) -> None:
        ws, po = self.ws, self.po
        start_load(self, lambda: (ws.load(po) if po else None, load_settings(ws.root).home_currency))
        if not po:
            self.query_one(f"#{_wid('po')}", Input).focus()

    def on_loaded(self, message: Loaded[tuple[CaseState | None, str]]) -> None:
        state, self.home = message.data
        rate = next(f for f in FIELDS if f.name == "planning_rate")
        self.query_one(f"#{_wid(rate.name)}", Input).placeholder = rate.hint.format(home=self.home)
        if state is None:
            return
        self.revision = state.revision
        for name, value in case_to_values(state.case).items():
            self._set(name, value)
        self.mark_clean()
        self.query_one(f"#{_wid('supplier')}", Input).focus()

    def on_load_failed(self, message: LoadFailed) -> None:
        self._message(message.reason, error=True)

    # -- values and errors ------------------------------------------------------------
    def _set(self, name: str, value: str) -> None:
        widget = self.query_one(f"#{_wid(name)}")
        if isinstance(widget, TextArea):
            widget.text = value
        else:
            widget.value = value

    def values(self) -> dict[str, str]:
        """The text of each field by its name (and the reason for an edit)."""
        out = {}
        for f in FIELDS:
            widget = self.query_one(f"#{_wid(f.name)}")
            out[f.name] = widget.text if isinstance(widget, TextArea) else widget.value
        if self.po:
            out[REASON] = self.reason()
        return out

    def reason(self) -> str:
        return self.query_one(f"#{_wid(REASON)}", Input).value

    def show_errors(self, errors: dict[str, str], only: set[str] | None = None) -> None:
        """Each field's reason beside it, else its hint (only the fields in `only`, if given)."""
        hints = {f.name: f.hint if f.lines else "" for f in FIELDS}
        if self.po:
            hints[REASON] = ""
        for name, hint in hints.items():
            if only is not None and name not in only:
                continue
            reason = errors.get(name, "")
            self.query_one(f"#{_wid(name)}-error", Static).update(reason or hint)
            self.query_one(f"#{_wid(name)}").set_class(bool(reason), "-invalid")

    def _message(self, text: str, *, error: bool = False) -> None:
        box = self.query_one("#form-message", Static)
        box.update(text)
        box.set_class(error, "refused")

    def on_input_changed(self, event: Input.Changed) -> None:
        self._field_edited(event.input.id)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._field_edited(event.text_area.id)

    def on_supplier_input_known(self, _: SupplierInput.Known) -> None:
        self._same_supplier_hint()

    def _same_supplier_hint(self) -> None:
        """Under the supplier: the known supplier it is under another spelling, if any."""
        field = self.query_one(f"#{_wid('supplier')}", SupplierInput)
        same = field.same_as(field.value)
        hint = self.query_one("#supplier-same", Static)
        hint.update(f"same supplier as '{same}'" if same else "")
        hint.set_class(bool(same), "shown")
        field.parent.set_class(bool(same), "noted")

    def _field_edited(self, widget_id: str | None) -> None:
        name = next((f.name for f in FIELDS if _wid(f.name) == widget_id), None)
        if name is None or not self.is_mounted:
            return
        if name == "supplier":
            self._same_supplier_hint()
        if self.values()[name] != self.initial.get(name, ""):
            self.touched.add(name)
        _, errors = validate_form(self.values(), self.home)
        self.show_errors(errors, only=self.touched)

    # -- saving ------------------------------------------------------------------------
    def action_save(self) -> None:
        if self.saving:
            return
        case, errors = validate_form(self.values(), self.home)
        self.touched = {f.name for f in FIELDS}
        self.show_errors(errors)
        if case is None:
            first = next(f for f in FIELDS if f.name in errors)
            self._message(f"Not saved: {len(errors)} field(s) need fixing; first: {first.label}: {errors[first.name]}", error=True)
            self.query_one(f"#{_wid(first.name)}").focus()
            return
        self._message("Saving…")
        if self.po is None:
            self.save(lambda: create_case(self.ws, case), what=f"Case {case.po} saved", po=case.po)
        else:
            po, changes, reason, revision = self.po, case.model_dump(mode="json"), self.reason(), self.revision
            self.save(lambda: edit_case(self.ws, po, changes, reason, expected_revision=revision),
                      what=f"Case {po} saved")

    def refused(self, error: CasefileError | ValidationError) -> None:
        text = str(error)
        head, _, rest = text.partition(": ")
        named = next((f.name for f in FIELDS if f.name == head), REASON if head == REASON else None)
        if isinstance(error, InputError) and named is not None and rest:
            # a rule of the edit (casefile.case_edit): beside the field it names
            self.show_errors({named: rest}, only={named})
            self._message("Not saved: " + text, error=True)
        elif isinstance(error, ConflictError):
            self._message(text, error=True)
        elif self.po is None and "already exists" in text:
            self.show_errors({"po": text}, only={"po"})
            self._message("Not saved: " + text, error=True)
        else:
            self._message("Not saved: " + text, error=True)
