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


def money_back(lines: list[PaymentLine], statuses: tuple[str, ...] = ("paid",)) -> list[Payment]:
    """What came back, each refund once: every refund payment (in `statuses`), and every
    outgoing payment flagged `refunded` that no refund payment of the same amount records
    already. The two are one refund recorded two ways; without a link between them, the
    amount pairs them (a flag stands for the whole payment coming back)."""
    refunds = [line.payment for line in lines if line.payment.kind == "refund" and line.status in statuses]
    unpaired = [p.cny for p in refunds]
    out = list(refunds)
    for line in lines:
        if line.payment.kind in OUTGOING and line.status == "refunded":
            if line.payment.cny in unpaired:
                unpaired.remove(line.payment.cny)
            else:
                out.append(line.payment)
    return out


def to_supplier(lines: list[PaymentLine], statuses: tuple[str, ...] = ("paid",)) -> tuple[Decimal, Decimal]:
    """(sent to the supplier, come back from them): deposit and balance paid out, whether or
    not refunded since, and the refunds of them, each once."""
    sent = sum((line.payment.cny for line in lines
                if line.payment.kind in ("deposit", "balance") and line.status in ("paid", "refunded")), ZERO)
    back = sum((p.cny for p in money_back(lines, statuses) if p.kind in ("refund", "deposit", "balance")), ZERO)
    return sent, back


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
