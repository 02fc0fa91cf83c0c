"""The deadlines a case has open, and the deposit refund a cancelled order waits for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from casefile.rules.options.catalogue import option
from casefile.rules.payment_lines import payment_lines, to_supplier
from casefile.values.money import percent_of


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
    if decision is None or not option(decision.option).ends_order:
        return Decimal(0)
    return refund_outstanding(state)


def deadlines_kept(state) -> tuple[int, int]:
    """(met, missed) among the deadlines the supplier settled: a log entry's deadline by a
    later entry that resolves it, a decision's by the next report (its inspection date)."""
    settled_on = {e.resolves: e.at.date() for e in state.correspondence if e.resolves}
    corrected = {e.corrects for e in state.correspondence if e.corrects}
    done = [(e.deadline, settled_on[e.id]) for e in state.correspondence
            if e.deadline and e.id in settled_on and e.id not in corrected]
    for decision in state.decisions:
        if decision.deadline and not option(decision.option).ends_order:
            after = [r.date for r in state.reports if r.recorded_at > decision.decided_at]
            if after:
                done.append((decision.deadline, min(after)))
    met = sum(1 for due, on in set(done) if on <= due)
    return met, len(set(done)) - met


def open_deadlines(state) -> list[Deadline]:
    """Deadlines not yet settled, earliest first; the same deadline from two sources (the
    request and the decision, or a letter repeating it) is listed once."""
    # A rework request usually repeats the decision's deadline: one date, one line.
    unique = {(d.due, d.what): d for d in reversed(unsettled_deadlines(state))}
    return sorted(unique.values(), key=lambda d: d.due)


def unsettled_deadlines(state) -> list[Deadline]:
    """Every source's deadline not yet settled, repeats included (each log entry's own).

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
        chosen = option(decision.option)
        if chosen.ends_order:
            settled = refund_outstanding(state) == 0
        else:
            settled = any(r.recorded_at > decision.decided_at for r in state.reports)
        if not settled:
            found.append(Deadline(decision.deadline, chosen.due, decision.id))
    return found
