"""One line per case for the case list, kept in the index.

Only facts that change when the case changes are stored (the index is rewritten only
when a summary or its file's stamp changes); words relative to today are made by `status_text(today)`. The
rules make a summary (casefile/rules/assessment.py); the store keeps it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints

from casefile.values.model import Model
from casefile.values.money import CNY, Rate
from casefile.values.safe_text import safe_line, safe_text
from casefile.values.text import Line, OptionalLine, Text

_REASON_MAX = 2000


class FirstInspection(Model):
    """A lot's original (first) inspection, as supplier switching reads it
    (casefile/rules/switching.py): when, whether the lot was accepted under the severity
    then in force, and the switching-score points it earned (None: it resets the score)."""

    po: Line
    on: date
    accepted: bool
    points: int | None = Field(default=None, ge=0, le=3)


AgendaKind = Literal["deadline", "refund-due", "rate-quote", "balance-waiting", "no-decision"]


class AgendaEntry(Model):
    """Something a case waits on, for the agenda; `due` None when it has no date."""

    kind: AgendaKind
    what: OptionalLine
    due: date | None = None


_FileStamp = Annotated[str, StringConstraints(max_length=100, pattern=r"^[0-9:]*$")]


class CaseSummary(Model):
    """Typed like the case file's own fields: an index shard is read as untrusted as a case."""

    file: Line
    po: Line  # a PO, or "(file name)" for a case file that cannot be read
    supplier: OptionalLine = ""
    product: OptionalLine = ""
    phase: OptionalLine = ""  # a stable code, e.g. "failed", "rework", "balance-unlocked"
    phase_text: Text = ""  # the same in words, without dates (those are relative to today)
    next_deadline: date | None = None
    next_deadline_what: OptionalLine = ""
    open_deadlines: list[date] = Field(default_factory=list)
    held_cny: CNY = Decimal("0")  # balance the gate holds back
    at_risk_cny: CNY = Decimal("0")  # paid to the supplier for goods that have not passed
    refund_due_cny: CNY = Decimal("0")  # deposit refund a cancelled order still waits for
    # What looking across cases needs, so it never opens every case file:
    supplier_key: OptionalLine = ""  # casefile.rules.supplier_names.normalise(supplier)
    first_inspection: FirstInspection | None = None
    defect_types: dict[str, int] = Field(default_factory=dict)  # type -> units, over its inspections
    deadlines_met: int = Field(default=0, ge=0)
    deadlines_missed: int = Field(default=0, ge=0)  # settled late, or open past due at the last write
    agenda: list[AgendaEntry] = Field(default_factory=list)
    rate: Rate | None = None  # the latest rate quoted on the case (home currency per CNY)
    rate_quoted_at: datetime | None = None
    unreadable: Text = ""  # why the case file could not be read, if it could not
    # The case file this summary was made from, as the store wrote it (casefile/store/index.py:
    # file_stamp); `list` re-reads a case whose file no longer matches. Not for display.
    file_stamp: _FileStamp = ""

    @classmethod
    def broken(cls, file: str, reason: str, known: "CaseSummary | None" = None) -> "CaseSummary":
        """A case file that cannot be read; `known` is what the index said of it before."""
        # a file name and a reason quoting a file are anyone's words: made safe to show here
        name = safe_line(file).strip()[:120] or "?"
        why = safe_text(reason)
        why = why if len(why) <= _REASON_MAX else why[:_REASON_MAX] + "…"
        names = dict(po=known.po, supplier=known.supplier, product=known.product) if known else dict(po=f"({name})")
        return cls(file=name, **names, phase="unreadable", phase_text="case file unreadable", unreadable=why)

    def status_text(self, today: date) -> str:
        """Status in words relative to today, e.g. 'rework due 3 Dec, 4 days left'."""
        if not self.next_deadline:
            return self.phase_text
        days = (self.next_deadline - today).days
        when = f"{self.next_deadline.day} {self.next_deadline:%b}"
        if days < 0:
            more = self.overdue_count(today) - 1
            extra = f" and {more} more" if more > 0 else ""
            return f"overdue: {self.next_deadline_what} (due {when}, {-days}d ago){extra}"
        left = "due today" if days == 0 else f"{days} day{'s' if days != 1 else ''} left"
        due = f"{self.next_deadline_what} due {when}, {left}"
        # "rework agreed: ..." with a rework deadline reads best as the deadline alone
        if self.phase_text.startswith(self.next_deadline_what):
            return due
        return f"{self.phase_text}; {due}"

    def overdue_count(self, today: date) -> int:
        return sum(1 for d in self.open_deadlines if d < today)

    def overdue(self, today: date) -> bool:
        return self.next_deadline is not None and self.next_deadline < today


class EntryView(Model):
    """Part of an index entry, validated alone for a command that reads only that part: the
    entry's other fields are not read, so they are ignored, not validated (a listing's view,
    never written back; the index is written only from a whole CaseSummary). A case read
    from its file gives a whole CaseSummary, which has every field of a view."""

    # built when first used: the app's start validates only whole CaseSummary entries
    model_config = ConfigDict(extra="ignore", defer_build=True)

    file: Line
    po: Line
    supplier: OptionalLine = ""  # kept for an unreadable case's line (CaseSummary.broken)
    product: OptionalLine = ""
    file_stamp: _FileStamp = ""


class AgendaView(EntryView):
    """What the agenda reads (casefile/rules/agenda.py): `casefile agenda` over 10,000
    entries validates in 0.17-0.26 s, not 0.30-0.45 s."""

    held_cny: CNY = Decimal("0")
    at_risk_cny: CNY = Decimal("0")
    refund_due_cny: CNY = Decimal("0")
    agenda: list[AgendaEntry] = Field(default_factory=list)
    rate: Rate | None = None
    rate_quoted_at: datetime | None = None


class RateView(EntryView):
    """What a supplier's record reads of another supplier's case: its latest rate
    (casefile/rules/across.py latest_rate)."""

    supplier_key: OptionalLine = ""
    rate: Rate | None = None
    rate_quoted_at: datetime | None = None
