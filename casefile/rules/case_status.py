"""Where a case stands, in a code and in words, derived from its records (never stored twice)."""

from __future__ import annotations

from casefile.rules.deadlines import refund_outstanding
from casefile.rules.gate import GateStatus, balance_gate, tamper_reason
from casefile.rules.judgement import inspections, judge
from casefile.rules.options.catalogue import inspected_by, option
from casefile.rules.totals import Totals, totals
from casefile.values.money import fmt_cny


def case_status(state, gate: GateStatus | None = None, money: Totals | None = None) -> tuple[str, str]:
    """(phase code, phase in words) for the case list. No dates: those are relative to today.
    `gate`, `money`: the case's gate and totals, when already read."""
    if tamper_reason(state):
        return "tampered", "changed outside Casefile: balance locked; run `casefile check`"
    decision = state.latest_decision()
    chosen = option(decision.option) if decision else None
    if chosen is not None and chosen.ends_order:
        owed_back = refund_outstanding(state)
        if owed_back:
            return "cancelled", f"cancelled: deposit refund pending ({fmt_cny(owed_back)})"
        return "cancelled", "cancelled: deposit recovered as the terms allow"
    reports = inspections(state)
    if not reports:
        return "awaiting-report", "awaiting inspection report"
    latest = reports[-1]
    gate = gate or balance_gate(state)
    if gate.open:
        paid = (money or totals(state, gate=gate)).balance_paid.cny
        if paid >= gate.balance_due_cny:
            return "closed", "balance paid: closed"
        if gate.route != "passed":  # opened by an option agreed in writing
            return f"{gate.route}-agreed", f"{gate.route} agreed: balance of {fmt_cny(gate.balance_due_cny)} unlocked"
        inspected = inspected_by(latest.scope)
        if inspected is not None:
            return "balance-unlocked", inspected.lot.passed
        if len(reports) > 1 or latest.kind == "re-inspection":
            return "balance-unlocked", "re-inspection passed: balance unlocked"
        return "balance-unlocked", "inspection passed: balance unlocked"
    if latest.verdict in ("pending", "aborted"):
        return "awaiting-report", f"{'re-inspection' if len(reports) > 1 else 'inspection'} {latest.verdict}"
    if decision is None or decision.decided_at < latest.recorded_at:
        which = "re-inspection" if len(reports) > 1 else "inspection"
        judged = judge(state, latest)
        if not judged.failed and judged.not_a_pass:  # passed by the counts, yet it does not count
            return "not-counted", f"{which} does not count as a pass: {judged.not_a_pass[0]}"
        failed = "re-inspection failed" if len(reports) > 1 else "failed"
        return "failed", f"{failed}: choose an option"
    return decision.option, chosen.status
