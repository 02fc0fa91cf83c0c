"""Where a case stands, derived from its records (never stored twice)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casefile.decisions import OPTION_TITLES


@dataclass(frozen=True)
class Deadline:
    due: date
    what: str
    source_id: str


def open_deadlines(state) -> list[Deadline]:
    """Deadlines not yet settled, earliest first.

    A log entry's deadline is settled by a later entry that `resolves` it; the decision's
    deadline is settled by a re-inspection dated after the decision.
    """
    resolved = {e.resolves for e in state.correspondence if e.resolves}
    corrected = {e.corrects for e in state.correspondence if e.corrects}
    found = [
        Deadline(e.deadline, _deadline_what(e), e.id)
        for e in state.correspondence
        if e.deadline and e.id not in resolved and e.id not in corrected
    ]
    decision = state.latest_decision()
    if decision and decision.deadline and decision.option != "cancel":
        later = [r for r in state.reports if r.kind == "re-inspection" and r.recorded_at > decision.decided_at]
        if not later:
            found.append(Deadline(decision.deadline, f"{OPTION_TITLES[decision.option].split(' ')[0].lower()} deadline", decision.id))
    return sorted(found, key=lambda d: d.due)


def _deadline_what(entry) -> str:
    if entry.direction == "to-supplier":
        return "supplier reply"
    return entry.subject[:40]


def case_status(state) -> tuple[str, str]:
    """(phase code, phase in words) for the case list."""
    from casefile.diagnosis import report_passes
    from casefile.gate import balance_gate

    decision = state.latest_decision()
    if decision and decision.option == "cancel":
        return "cancelled", "cancelled: deposit refund pending"
    if not state.reports:
        return "awaiting-report", "awaiting inspection report"
    latest = state.reports[-1]
    gate = balance_gate(state)
    if gate.open:
        return "balance-unlocked", ("re-inspection passed: balance unlocked" if latest.kind == "re-inspection"
                                    else "inspection passed: balance unlocked")
    if not report_passes(state.case, latest):
        if decision:
            return decision.option, f"failed; {OPTION_TITLES[decision.option].lower()} agreed"
        return "failed", "inspection failed: choose an option"
    if decision:
        return decision.option, f"{OPTION_TITLES[decision.option].lower()} in progress"
    return "passed", "inspection passed"
