"""Everything derived from a case's records at once: the balance gate, read once, and the
money, deadlines and status that follow from it; the case list's summary is made of it.

Every write assesses the case as it leaves it, once, inside its lock: the store writes
the summary to the index (casefile/store/protocol.py), and a balance payment is checked
against the same gate (casefile/actions/pay.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from casefile.records.case_state import CaseState
from casefile.records.case_summary import AgendaEntry, CaseSummary
from casefile.rules.case_status import case_status
from casefile.rules.deadlines import Deadline, deadlines_kept, open_deadlines, refund_due
from casefile.rules.gate import GateStatus, balance_gate
from casefile.rules.judgement import first_inspection
from casefile.rules.options.catalogue import option
from casefile.rules.payment_lines import payment_lines
from casefile.rules.supplier_names import normalise
from casefile.rules.totals import Totals, totals
from casefile.values.money import fmt_cny

# phases in which a failed report waits for the user's decision
UNDECIDED = ("failed", "not-counted")


@dataclass(frozen=True)
class Assessment:
    state: CaseState
    gate: GateStatus
    totals: Totals
    deadlines: list[Deadline]
    phase: str  # a stable code, e.g. "failed", "rework", "balance-unlocked"
    phase_text: str

    def summary(self, file: str) -> CaseSummary:
        case = self.state.case
        first = self.deadlines[0] if self.deadlines else None
        met, missed = deadlines_kept(self.state)
        latest_quote = max(self.state.quotes, key=lambda q: q.quoted_at, default=None)
        return CaseSummary(
            file=file,
            po=case.po,
            supplier=case.supplier,
            product=case.product,
            phase=self.phase,
            phase_text=self.phase_text,
            next_deadline=first.due if first else None,
            next_deadline_what=first.what if first else "",
            open_deadlines=[d.due for d in self.deadlines],
            held_cny=self.totals.held.cny,
            at_risk_cny=self.totals.at_risk.cny,
            refund_due_cny=refund_due(self.state),
            supplier_key=normalise(case.supplier),
            first_inspection=first_inspection(self.state),
            defect_types=_defect_types(self.state),
            deadlines_met=met,
            deadlines_missed=missed,
            agenda=self.agenda(),
            rate=latest_quote.rate if latest_quote else None,
            rate_quoted_at=latest_quote.quoted_at if latest_quote else None,
        )

    def agenda(self) -> list[AgendaEntry]:
        """What the case waits on, for the agenda (its dates are judged against today when read)."""
        state = self.state
        decision = state.latest_decision()
        # a cancelled order's deadline (from the decision or the letter asking) is its refund's
        refund_what = option(decision.option).due if decision is not None and option(decision.option).ends_order else None
        items = [AgendaEntry(kind="refund-due" if d.what == refund_what else "deadline", what=d.what, due=d.due)
                 for d in self.deadlines]
        refund = refund_due(state)
        if refund and not any(i.kind == "refund-due" for i in items):
            items.append(AgendaEntry(kind="refund-due", what=f"deposit refund of {fmt_cny(refund)}"))
        if self.totals.held.cny:
            which = "an inspection" if self.phase == "awaiting-report" and len(state.reports) <= 1 else "a re-inspection"
            items.append(AgendaEntry(kind="balance-waiting",
                                     what=f"balance of {fmt_cny(self.totals.held.cny)} held until {which} passes"))
        if self.phase in UNDECIDED:
            items.append(AgendaEntry(kind="no-decision", what=self.phase_text))
        # a quote matters while a payment waits to be funded at it
        waiting = any(line.status == "requested" for line in payment_lines(state))
        if waiting and state.quotes:
            quote = max(state.quotes, key=lambda q: q.quoted_at)
            items.append(AgendaEntry(kind="rate-quote", what=f"rate quote from {quote.quoted_by} expires",
                                     due=quote.expires_at.date()))
        return items


def _defect_types(state: CaseState) -> dict[str, int]:
    """Defect type -> units found, over the case's inspections (types as written, spacing and
    capitals aside, so one factory's 'Loose thread' and 'loose  thread' are one)."""
    found: dict[str, int] = {}
    for report in state.reports:
        for finding in report.findings:
            name = " ".join(finding.defect_type.casefold().split())
            found[name] = found.get(name, 0) + finding.units
    return found


def assess(state: CaseState) -> Assessment:
    gate = balance_gate(state)
    money = totals(state, gate=gate)
    phase, text = case_status(state, gate, money)
    return Assessment(state, gate, money, open_deadlines(state), phase, text)


def summarize(state: CaseState, file: str) -> CaseSummary:
    """The case's line in the case list (`file`: its case file's name)."""
    return assess(state).summary(file)
