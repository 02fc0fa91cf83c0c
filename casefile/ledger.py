"""What is paid, owed, held and at risk, derived from the payment records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from casefile import clock
from casefile.money import cny_to_ngn
from casefile.payments import Payment, RateQuote

ZERO = Decimal(0)
OUTGOING = ("deposit", "balance", "reinspection-fee")


@dataclass(frozen=True)
class PaymentLine:
    """A payment as it stands: the first record plus the records that changed its status."""

    payment: Payment
    updates: tuple[Payment, ...] = ()

    @property
    def status(self) -> str:
        return self.updates[-1].status if self.updates else self.payment.status

    @property
    def receipt(self) -> str:
        return next((p.receipt for p in reversed((self.payment, *self.updates)) if p.receipt), "")


def payment_lines(state) -> list[PaymentLine]:
    roots: dict[str, Payment] = {}
    updates: dict[str, list[Payment]] = {}
    for p in state.payments:
        if p.follows is None:
            roots[p.id] = p
        else:
            updates.setdefault(p.follows, []).append(p)
    return [PaymentLine(p, tuple(updates.get(pid, ()))) for pid, p in roots.items()]


def refunds_once(lines: list[PaymentLine], statuses: tuple[str, ...] = ("paid",)) -> list[Payment]:
    """Refund payments (in `statuses`) that count as money back. A payment flagged `refunded`
    is already out of what was paid; a refund payment of the same amount records that same
    money again, so it counts once, not twice. (Without a link between the two, the amount
    pairs them: a flag stands for a whole payment coming back.)"""
    flagged = [line.payment.cny for line in lines if line.payment.kind in OUTGOING and line.status == "refunded"]
    out = []
    for line in lines:
        if line.payment.kind == "refund" and line.status in statuses:
            if line.payment.cny in flagged:
                flagged.remove(line.payment.cny)
            else:
                out.append(line.payment)
    return out


def find_line(state, payment_id: str) -> PaymentLine | None:
    """The line a payment record belongs to (the id of any of its records will do)."""
    record = state.find("payments", payment_id)
    if record is None:
        return None
    return next(line for line in payment_lines(state) if line.payment.id == record.root)


def current_quote(state, at: datetime | None = None) -> RateQuote | None:
    """The most recent quote that has not expired."""
    at = at or clock.now()
    live = [q for q in state.quotes if not q.expired(at)]
    return max(live, key=lambda q: q.quoted_at) if live else None


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
    refunded: Amount  # received back (refund payments; not what a `refunded` flag already took out of paid)
    paid: Amount  # everything paid out; NGN as actually spent
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


def _sum(lines: list[PaymentLine], kinds: tuple[str, ...], status: str = "paid") -> Amount:
    chosen = [line.payment for line in lines if line.payment.kind in kinds and line.status == status]
    return Amount(sum((p.cny for p in chosen), ZERO), sum((p.ngn for p in chosen), ZERO))


def totals(state, rate: Decimal | None = None) -> Totals:
    """The money of a case; NGN for what is not yet paid at `rate`, else the current quote,
    else the case's planning rate."""
    from casefile.gate import balance_gate

    if rate is not None:
        source = "given rate"
    elif (quote := current_quote(state)) is not None:
        rate, source = quote.rate, f"quote from {quote.quoted_by}"
    elif state.case.planning_rate is not None:
        rate, source = state.case.planning_rate, "planning rate"
    else:
        source = "no rate on record"
    lines = payment_lines(state)
    gate = balance_gate(state)
    deposit, balance, fees = (_sum(lines, (k,)) for k in OUTGOING)
    back = refunds_once(lines)
    refunded = Amount(sum((p.cny for p in back), ZERO), sum((p.ngn for p in back), ZERO))
    owed = max(gate.balance_due_cny - balance.cny, ZERO)
    to_supplier = deposit.cny + balance.cny - refunded.cny
    return Totals(
        rate=rate, rate_source=source,
        deposit_paid=deposit, balance_paid=balance, fees_paid=fees, refunded=refunded,
        paid=_sum(lines, OUTGOING),
        requested=_sum(lines, OUTGOING, "requested"),
        balance_due_cny=gate.balance_due_cny,
        owed=Amount.at(owed, rate),
        held=Amount.at(ZERO if gate.open else owed, rate),
        at_risk=Amount.at(ZERO if gate.open else max(to_supplier, ZERO), rate),
    )
