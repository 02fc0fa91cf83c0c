"""Editing a case's order and agreed standard: one operation for the case form and for
`casefile edit`, checked against the case on disk inside the locked write.

The edited case is validated whole and the PO number never changes. Each changed field
is recorded in the history, old -> new, with who and why; changing the agreed standard
(AQL, level, spec or golden-sample points, golden sample) or the re-inspection fee needs
a reason. Reports keep the standard recorded with them, so an edit never re-judges one
(casefile/rules/judgement.py).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from casefile.records.case import Case
from casefile.records.history import FieldChange
from casefile.records.po import parse_po
from casefile.rules.gate import balance_due, committed_balance
from casefile.rules.payment_lines import committed
from casefile.store.protocol import CaseStore, Change
from casefile.values.errors import InputError, describe_validation
from casefile.rules.settings import load_settings
from casefile.values.money import fmt_cny
from casefile.values.text import shorten

REASON_NEEDED = ("aql.", "spec_points", "golden_sample_ref", "reinspection_fee_cny")
LABELS = {
    "supplier": "supplier", "supplier_contact": "supplier contact", "product": "product", "quantity": "quantity", "order_value_cny": "order value",
    "deposit_cny": "deposit", "spec_points": "spec and golden-sample points", "golden_sample_ref": "golden sample",
    "aql.critical": "AQL critical", "aql.major": "AQL major", "aql.minor": "AQL minor", "aql.level": "inspection level",
    "ship_window_start": "ship window from", "ship_window_end": "ship window to", "refund_terms": "refund terms",
    "deposit_refundable_percent": "deposit refundable %", "reinspection_fee_cny": "re-inspection fee",
    "planning_rate": "planning rate",
}


def field_changes(old: Case, new: Case) -> list[FieldChange]:
    """Each field that differs, as JSON (the AQL terms one by one: aql.major)."""
    before, after = old.model_dump(mode="json"), new.model_dump(mode="json")
    out = []
    for name, value in after.items():
        if name == "aql":
            out += [FieldChange(field=f"aql.{k}", old=before["aql"].get(k), new=v)
                    for k, v in value.items() if before["aql"].get(k) != v]
        elif before.get(name) != value:
            out.append(FieldChange(field=name, old=before.get(name), new=value))
    return out


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, list):  # spec points
        return "; ".join(f"{p['key']} {p['text']}" for p in value) or "(none)"
    text = str(value)
    return shorten(text, 80)


def describe_change(change: FieldChange) -> str:
    return f"{LABELS.get(change.field, change.field)}: {_shown(change.old)} → {_shown(change.new)}"


def merged(case: Case, changes: dict[str, Any]) -> dict[str, Any]:
    """The case's fields with `changes` applied; the AQL terms are merged one by one."""
    data = case.model_dump(mode="json")
    for name, value in changes.items():
        if name == "aql" and isinstance(value, dict):
            data["aql"] = {**data["aql"], **value}
        else:
            data[name] = value
    return data


def check_edit(state, new: Case, diff: list[FieldChange], reason: str) -> None:
    """The rules an edit must keep; raises InputError naming the field at fault."""
    names = {c.field for c in diff}
    needs_reason = sorted(LABELS[n] for n in names if n.startswith(REASON_NEEDED))
    if needs_reason and not reason:
        raise InputError(
            f"reason: changing the {', '.join(needs_reason)} changes what was agreed; say why (it is recorded "
            "in the history). Reports already on record keep the standard they were judged by"
        )
    if "quantity" in names and state.reports:
        raise InputError(
            f"quantity: {state.case.quantity:,} units is the lot the inspection reports on record judged; it cannot "
            "change after a report. If the order really changed, open a new case for it"
        )
    fees = committed(state, "reinspection-fee")
    if new.reinspection_fee_cny < fees:
        raise InputError(f"reinspection_fee_cny: {fmt_cny(fees)} of re-inspection fees is already requested or paid; "
                         f"the agreed fee cannot be less")
    deposits = committed(state, "deposit")
    if new.deposit_cny < deposits:
        raise InputError(f"deposit_cny: {fmt_cny(deposits)} of deposit is already requested or paid; "
                         "the agreed deposit cannot be less")
    after = state.model_copy(update={"case": new})
    if names & {"order_value_cny", "deposit_cny"} and committed_balance(after) > balance_due(after):
        field = "deposit_cny" if "order_value_cny" not in names else "order_value_cny"
        raise InputError(f"{field}: balance payments already total {fmt_cny(committed_balance(after))}, "
                         f"more than the balance of {fmt_cny(balance_due(after))} this edit would leave")


def edit_case(ws: CaseStore, po: str, changes: dict[str, Any], reason: str = "", *, expected_revision: int | None = None):
    """Change fields of case `po` (`changes`: field -> value as typed or as JSON; "aql" a
    dict of the terms to change) and record who changed what and why. Returns the new
    CaseState; an edit that changes nothing writes nothing."""
    reason = reason.strip()

    def change(state):
        old = state.case
        if "po" in changes and parse_po(str(changes["po"])) != old.po:
            raise InputError(f"po: the PO number of a case cannot be changed ({old.po}); open a new case for another PO")
        try:
            new = Case.model_validate(merged(old, changes), context=context)
        except ValidationError as exc:
            raise InputError(describe_validation(exc)) from None
        diff = field_changes(old, new)
        if not diff:
            return Change("case unchanged")  # nothing to write
        check_edit(state, new, diff, reason)
        return Change("case edited", "; ".join(describe_change(c) for c in diff), case=new, changes=diff,
                      reason=reason)

    context = load_settings(ws.root).validation_context()  # a refused rate names the home currency
    return ws.transact(po, change, expected_revision=expected_revision)
