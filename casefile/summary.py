"""One line per case for the case list, kept in the index."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from casefile.base import Model
from casefile.money import CNY


class CaseSummary(Model):
    file: str
    po: str
    supplier: str = ""
    product: str = ""
    phase: str = ""  # a stable code, e.g. "failed", "rework", "balance-unlocked"
    phase_text: str = ""  # the same in words, without dates (those are relative to today)
    next_deadline: date | None = None
    next_deadline_what: str = ""
    held_cny: CNY = Decimal("0")
    unreadable: str = ""  # why the case file could not be read, if it could not

    @classmethod
    def broken(cls, file: str, reason: str) -> "CaseSummary":
        return cls(file=file, po=f"({file})", phase="unreadable", phase_text="case file unreadable", unreadable=reason)

    def status_text(self, today: date) -> str:
        """Status in words relative to today, e.g. 'rework due 3 Dec, 4 days left'."""
        if not self.next_deadline:
            return self.phase_text
        days = (self.next_deadline - today).days
        when = f"{self.next_deadline:%-d %b}"
        if days < 0:
            return f"overdue: {self.next_deadline_what} (due {when}, {-days}d ago)"
        left = "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} left"
        return f"{self.phase_text}; {self.next_deadline_what} due {when}, {left}"

    def overdue(self, today: date) -> bool:
        return self.next_deadline is not None and self.next_deadline < today


def summarize(state, file: str) -> CaseSummary:
    from casefile.status import case_status, open_deadlines
    from casefile.ledger import totals

    phase, text = case_status(state)
    deadlines = open_deadlines(state)
    first = deadlines[0] if deadlines else None
    return CaseSummary(
        file=file,
        po=state.case.po,
        supplier=state.case.supplier,
        product=state.case.product,
        phase=phase,
        phase_text=text,
        next_deadline=first.due if first else None,
        next_deadline_what=first.what if first else "",
        held_cny=totals(state).balance_held_cny,
    )
