"""Everything derived from a case's records at once: the balance gate, read once, and the
money, deadlines and status that follow from it; the case list's summary is made of it.

Every write assesses the case as it leaves it, once, inside its lock: the store writes
the summary to the index (casefile/store/protocol.py), and a balance payment is checked
against the same gate (casefile/actions/pay.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from casefile.records.case_state import CaseState
from casefile.records.case_summary import CaseSummary
from casefile.rules.case_status import case_status
from casefile.rules.deadlines import Deadline, open_deadlines
from casefile.rules.gate import GateStatus, balance_gate
from casefile.rules.totals import Totals, totals


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
        )


def assess(state: CaseState) -> Assessment:
    gate = balance_gate(state)
    money = totals(state, gate=gate)
    phase, text = case_status(state, gate, money)
    return Assessment(state, gate, money, open_deadlines(state), phase, text)


def summarize(state: CaseState, file: str) -> CaseSummary:
    """The case's line in the case list (`file`: its case file's name)."""
    return assess(state).summary(file)
