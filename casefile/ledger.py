"""What is paid, owed, held and at risk, derived from the payment records."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Totals:
    deposit_paid_cny: Decimal
    balance_paid_cny: Decimal
    balance_due_cny: Decimal
    fees_paid_cny: Decimal
    refunded_cny: Decimal

    @property
    def balance_held_cny(self) -> Decimal:
        return max(self.balance_due_cny - self.balance_paid_cny, Decimal(0))


def _sum(state, kind: str) -> Decimal:
    return sum((p.cny for p in state.payments if p.kind == kind and p.status == "paid"), Decimal(0))


def totals(state) -> Totals:
    from casefile.gate import balance_due

    return Totals(
        deposit_paid_cny=_sum(state, "deposit"),
        balance_paid_cny=_sum(state, "balance"),
        balance_due_cny=balance_due(state),
        fees_paid_cny=_sum(state, "reinspection-fee"),
        refunded_cny=_sum(state, "refund"),
    )
