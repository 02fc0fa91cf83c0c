"""Payments as they stand: each first record with the records that changed its status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from casefile.records.payment import Payment, RateQuote
from casefile.values import clock

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


def committed(state, kind: str) -> Decimal:
    """Payments of `kind` requested or paid, and not withdrawn or refunded."""
    return sum((line.payment.cny for line in payment_lines(state)
                if line.payment.kind == kind and line.status in ("requested", "paid")), ZERO)


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
