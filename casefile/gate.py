"""The balance gate: the balance moves only after a passing re-inspection.

Checked inside the locked write that records a balance payment, against the state on
disk, so no screen, command, import or second user can get around it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from casefile.diagnosis import class_verdicts, report_passes
from casefile.money import percent_of


@dataclass(frozen=True)
class GateStatus:
    open: bool
    reasons: list[str] = field(default_factory=list)  # why it is locked
    unlock: list[str] = field(default_factory=list)  # what would open it
    balance_due_cny: Decimal = Decimal(0)


def _agreed_discount(state):
    """The latest decision if it is a discount backed by a written agreement on record."""
    decision = state.latest_decision()
    if not decision or decision.option != "discount" or decision.discount_percent is None:
        return None
    entry = state.find("correspondence", decision.agreement_entry_id or "")
    if entry is None or not entry.written_agreement or entry.direction != "from-supplier":
        return None
    return decision


def balance_due(state) -> Decimal:
    discount = _agreed_discount(state)
    balance = state.case.balance_cny
    if discount is not None and not _latest_passes(state):
        return balance - percent_of(state.case.order_value_cny, discount.discount_percent)
    return balance


def _latest_passes(state) -> bool:
    return bool(state.reports) and report_passes(state.case, state.reports[-1])


def balance_gate(state) -> GateStatus:
    case = state.case
    due = balance_due(state)
    reasons: list[str] = []
    unlock: list[str] = []
    decision = state.latest_decision()
    if decision and decision.option == "cancel":
        return GateStatus(False, ["the order is cancelled"], ["nothing: a cancelled order's balance is never paid"], due)
    if not state.reports:
        return GateStatus(False, ["no inspection report is on record"], ["import a report that passes every class"], due)
    latest = state.reports[-1]
    failed_serious = []
    for i, report in enumerate(state.reports):
        for v in class_verdicts(case, report):
            if not v.passed and v.defect_class in ("critical", "major"):
                failed_serious.append((i, report, v))
    latest_ok = report_passes(case, latest)
    if failed_serious:
        last_fail = max(i for i, _, _ in failed_serious)
        passed_after = any(report_passes(case, r) for r in state.reports[last_fail + 1:])
        if not (passed_after and latest_ok):
            _, report, v = failed_serious[-1]
            reasons.append(
                f"{v.defect_class} defects failed on {report.date:%-d %b} ({v.found} found, Re {v.plan.reject})"
            )
            unlock.append("a re-inspection must pass every class first")
    elif not latest_ok:
        if _agreed_discount(state) is None:
            fails = [v for v in class_verdicts(case, latest) if not v.passed]
            if fails:
                v = fails[0]
                reasons.append(f"{v.defect_class} defects failed on {latest.date:%-d %b} ({v.found} found, Re {v.plan.reject})")
                unlock.append("a passing re-inspection, or a discount decision that points to the supplier's written agreement in the log")
            else:
                reasons.append(f"the latest report is {latest.verdict}, not a pass")
                unlock.append("a completed inspection that passes every class")
    if reasons:
        return GateStatus(False, reasons, unlock, due)
    return GateStatus(True, [], [], due)
