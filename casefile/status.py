"""Where a case stands, derived from its records (never stored twice)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from casefile.ledger import payment_lines, to_supplier
from casefile.money import fmt_cny, percent_of

DECISION_DUE = {
    "rework": "rework", "sort": "sorting", "replace": "replacements",
    "discount": "discount agreement", "cancel": "deposit refund",
}


@dataclass(frozen=True)
class Deadline:
    due: date
    what: str
    source_id: str  # the log entry or decision that set it

    def overdue(self, today: date) -> bool:
        return self.due < today


def refund_outstanding(state) -> Decimal:
    """The deposit the refund terms let the importer recover, less what came back (each
    refund once: a refund payment and the deposit flagged refunded for it are one)."""
    lines = payment_lines(state)
    deposit = sum((line.payment.cny for line in lines
                   if line.payment.kind == "deposit" and line.status in ("paid", "refunded")), Decimal(0))
    _, back = to_supplier(lines)
    return max(percent_of(deposit, state.case.deposit_refundable_percent) - back, Decimal(0))


def refund_due(state) -> Decimal:
    """The deposit refund still outstanding on a cancelled order; zero on any other."""
    decision = state.latest_decision()
    if decision is None or decision.option != "cancel":
        return Decimal(0)
    return refund_outstanding(state)


def open_deadlines(state) -> list[Deadline]:
    """Deadlines not yet settled, earliest first.

    The same deadline from two sources (the request and the decision) is listed once.
    A log entry's deadline is settled by a later entry that `resolves` it, and replaced by
    an entry that corrects it. The decision's deadline is settled by a report recorded
    after the decision (a cancellation's, by the deposit refund arriving).
    """
    resolved = {e.resolves for e in state.correspondence if e.resolves}
    corrected = {e.corrects for e in state.correspondence if e.corrects}
    found = [
        Deadline(e.deadline, e.due_what, e.id)
        for e in state.correspondence
        if e.deadline and e.id not in resolved and e.id not in corrected
    ]
    decision = state.latest_decision()
    if decision and decision.deadline:
        if decision.option == "cancel":
            settled = refund_outstanding(state) == 0
        else:
            settled = any(r.recorded_at > decision.decided_at for r in state.reports)
        if not settled:
            found.append(Deadline(decision.deadline, DECISION_DUE[decision.option], decision.id))
    # A rework request usually repeats the decision's deadline: one date, one line.
    unique = {(d.due, d.what): d for d in reversed(found)}
    return sorted(unique.values(), key=lambda d: d.due)


def case_status(state) -> tuple[str, str]:
    """(phase code, phase in words) for the case list. No dates: those are relative to today."""
    from casefile.diagnosis import inspections
    from casefile.gate import balance_gate, tamper_reason  # the gate reads the diagnosis; import on use
    from casefile.judgement import judge
    from casefile.ledger import totals

    if tamper_reason(state):
        return "tampered", "changed outside Casefile: balance locked; run `casefile check`"
    decision = state.latest_decision()
    if decision and decision.option == "cancel":
        owed_back = refund_outstanding(state)
        if owed_back:
            return "cancelled", f"cancelled: deposit refund pending ({fmt_cny(owed_back)})"
        return "cancelled", "cancelled: deposit recovered as the terms allow"
    reports = inspections(state)
    if not reports:
        return "awaiting-report", "awaiting inspection report"
    latest = reports[-1]
    gate = balance_gate(state)
    if gate.open:
        paid = totals(state).balance_paid.cny
        if paid >= gate.balance_due_cny:
            return "closed", "balance paid: closed"
        if gate.route == "discount":
            return "discount-agreed", f"discount agreed: balance of {fmt_cny(gate.balance_due_cny)} unlocked"
        if latest.scope == "sorted-lot":
            return "balance-unlocked", "sorted lot passed: balance unlocked"
        if latest.scope == "replacements":
            return "balance-unlocked", "replacements passed: balance unlocked"
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
    return decision.option, {
        "rework": "rework agreed: re-inspection before balance",
        "sort": "sorting agreed: the sorted lot is re-inspected before balance",
        "replace": "replacement agreed: replacements are inspected before balance",
        "discount": "discount proposed: awaiting the supplier's written agreement",
    }[decision.option]
