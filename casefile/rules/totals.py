"""What is paid, owed, held and at risk, derived from the payment records and the gate."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from casefile.records.case_state import CaseState
from casefile.rules.gate import GateStatus, balance_gate
from casefile.rules.payment_lines import OUTGOING, ZERO, PaymentLine, current_quote, money_back, payment_lines, to_supplier
from casefile.values.money import cny_to_ngn


@dataclass(frozen=True)
class Amount:
    cny: Decimal
    ngn: Decimal | None  # None when no rate is known

    @classmethod
    def at(cls, cny: Decimal, rate: Decimal | None) -> "Amount":
        return cls(cny, cny_to_ngn(cny, rate) if rate is not None else None)


@dataclass(frozen=True)
class Totals:
    rate: Decimal | None  # NGN per 1 CNY used for amounts not yet paid
    rate_source: str
    deposit_paid: Amount
    balance_paid: Amount
    fees_paid: Amount
    refunded: Amount  # came back: refund payments and payments flagged refunded, each refund once
    paid: Amount  # everything paid out, refunded since or not; NGN as actually spent
    requested: Amount  # requested, not yet paid
    balance_due_cny: Decimal
    owed: Amount  # balance still to pay under the decision in force
    held: Amount  # the part of it the gate holds back
    at_risk: Amount  # paid to the supplier for goods that have not passed

    @property
    def balance_held_cny(self) -> Decimal:
        return self.held.cny

    @property
    def balance_paid_cny(self) -> Decimal:
        return self.balance_paid.cny


def _sum(lines: list[PaymentLine], kinds: tuple[str, ...], *statuses: str) -> Amount:
    statuses = statuses or ("paid",)
    chosen = [line.payment for line in lines if line.payment.kind in kinds and line.status in statuses]
    return Amount(sum((p.cny for p in chosen), ZERO), sum((p.ngn for p in chosen), ZERO))


def totals(state: CaseState, rate: Decimal | None = None, gate: GateStatus | None = None) -> Totals:
    """The money of a case; NGN for what is not yet paid at `rate`, else the current quote,
    else the case's planning rate. `gate`: the case's balance gate, when already read."""
    if rate is not None:
        source = "given rate"
    elif (quote := current_quote(state)) is not None:
        rate, source = quote.rate, f"quote from {quote.quoted_by}"
    elif state.case.planning_rate is not None:
        rate, source = state.case.planning_rate, "planning rate"
    else:
        source = "no rate on record"
    lines = payment_lines(state)
    gate = gate or balance_gate(state)
    deposit, balance, fees = (_sum(lines, (k,)) for k in OUTGOING)
    back = money_back(lines)
    refunded = Amount(sum((p.cny for p in back), ZERO), sum((p.ngn for p in back), ZERO))
    owed = max(gate.balance_due_cny - balance.cny, ZERO)
    sent, returned = to_supplier(lines)
    return Totals(
        rate=rate, rate_source=source,
        deposit_paid=deposit, balance_paid=balance, fees_paid=fees, refunded=refunded,
        paid=_sum(lines, OUTGOING, "paid", "refunded"),
        requested=_sum(lines, OUTGOING, "requested"),
        balance_due_cny=gate.balance_due_cny,
        owed=Amount.at(owed, rate),
        held=Amount.at(ZERO if gate.open else owed, rate),
        at_risk=Amount.at(ZERO if gate.open else max(sent - returned, ZERO), rate),
    )
