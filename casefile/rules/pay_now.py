"""What an option lets the importer pay now: the balance gate's own answer.

The options must never promise a payment the gate refuses (with "replace" decided they
said the good part could be paid while the gate held every yuan), so they do not work it
out themselves: they ask the gate, on the case as it is when the option is the decision
in force, or as it would be if it were chosen now.
"""

from __future__ import annotations

from decimal import Decimal

from casefile.records.decision import Decision
from casefile.rules.gate import balance_gate


def payable_now(state, option: str, *, units: int | None = None,
                discount_percent: Decimal | None = None) -> Decimal:
    """The balance (CNY) the gate accepts now under `option`; 0 while it is locked.

    For an option other than the decision in force, a decision with the given terms is
    assumed (a discount assumed this way has no written agreement, so it opens nothing).
    """
    decision = state.latest_decision()
    if decision is None or decision.option != option:
        assumed = Decision(option=option, units=units or None, discount_percent=discount_percent,
                           decided_by="(if chosen now)")
        state = state.model_copy(update={"decisions": [*state.decisions, assumed]})
    gate = balance_gate(state)
    return gate.remaining_cny if gate.open else Decimal(0)
