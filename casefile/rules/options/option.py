"""What one way out of a failed inspection is: everything the app knows about an option
is in its entry, one module each beside this one, listed once in catalogue.py.

An entry says when it fits and why (given the `Situation` of a failed report), how it
ranks, which decision terms it needs, what it does to the money (the balance held,
payable and due, the deposit at risk), the work its deadline is for, its words in the
case list, the lot its re-inspection judges, and the letters it drafts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Mapping

from casefile.rules.options.letter import Letter
from casefile.rules.readings import SERIOUS, ClassReading, DefectTypeReading


@dataclass(frozen=True)
class Fit:
    fits: bool
    reason: str  # one sentence


@dataclass(frozen=True)
class Situation:
    """A failed report, as the options read it (casefile/rules/options/fit.py makes it)."""

    failed: list[ClassReading]  # the failed classes, gravest first
    systematic: list[DefectTypeReading]  # systematic defect types of the failed classes
    far_over: list[ClassReading]
    far_systematic: list[ClassReading]  # far over, serious, with a systematic fault
    lot_size: int
    bad: int  # projected bad units in the lot
    failed_before: bool  # the goods failed seriously before this report

    @property
    def worst(self) -> ClassReading:
        return self.failed[0]  # classes come critical, major, minor

    @property
    def critical(self) -> bool:
        return any(c.defect_class == "critical" for c in self.failed)

    @property
    def serious(self) -> bool:
        return any(c.defect_class in SERIOUS for c in self.failed)

    @property
    def good(self) -> int:
        return self.lot_size - self.bad

    @property
    def kind(self) -> str:
        """Which ranking applies: each entry's `preference` ranks it per kind."""
        if not self.serious:
            return "minor-only"
        if self.failed_before:
            return "failed-again"  # rework was tried and failed
        if self.far_systematic or (self.critical and (self.systematic or self.far_over)):
            return "deep-fault"
        return "fixable"


def counts(c: ClassReading) -> str:
    return f"{c.found} found, Re {c.reject}, {c.band}"


@dataclass(frozen=True)
class Money:
    """What the comparison knows when it prices an option (casefile/rules/option_comparison.py)."""

    outstanding: Decimal  # the balance not yet paid
    pro_rata: Decimal  # the part of it for the good units
    accepted: int  # the good units
    non_refundable: Decimal  # the deposit the refund terms do not give back
    order_value: Decimal
    rate: Decimal | None  # NGN per 1 CNY, for the discount in NGN
    discount_percent: Decimal | None  # the discount asked about, or suggested where one fits


@dataclass(frozen=True)
class TermField:
    """A term a decision can carry (a DecisionTerms field), as the decision form shows it."""

    label: str
    hint: str = ""


TERM_FIELDS: dict[str, TermField] = {
    "reason": TermField("Why this option"),
    "deadline": TermField("Deadline", "YYYY-MM-DD"),
    "units": TermField("Units", "units to sort out or replace"),
    "discount_percent": TermField("Discount %", "of the order value, e.g. 8"),
    "agreement_entry_id": TermField("Written agreement"),
}


@dataclass(frozen=True)
class Lot:
    """The lot a re-inspection under this option judges, when it is not the order."""

    scope: str  # the report's scope that inspects it
    words: str  # what it inspected, e.g. "a sorted lot"
    size: Callable[[int, int], int]  # (order quantity, the decision's units) -> lot size
    describe: Callable[[int, int, int], str]  # (quantity, units, lot) -> the lot in words
    passed: str  # the case list's words once it passes


@dataclass(frozen=True)
class Option:
    key: str
    title: str
    label: str  # a column head of the comparison grid: at most 12 characters
    fit: Callable[[Situation], Fit]  # for a report that failed a class
    fit_not_a_pass: Callable[[str], Fit]  # for one within every limit that does not count (why)
    preference: Mapping[str, int]  # Situation.kind -> rank among the options, 1 first
    reinspection: bool  # a re-inspection must pass before the balance moves
    terms: tuple[str, ...]  # the decision terms it asks for, in the form's order (TERM_FIELDS)
    required: Mapping[str, str]  # term -> the words when it is missing
    money: Callable[[Money], dict[str, Any]]  # what it changes in the comparison's row
    balance_due: Callable[[Any, Any, bool], Decimal]  # (case, its decision, agreed in writing)
    due: str  # what is due by its decision's deadline, in the case list
    status: str  # the case list's words while its decision is in force
    work: str = ""  # the work its deadline is for ("rework"), "" when it has none
    check: Callable[[Any], None] | None = None  # its own checks of the terms (casefile/rules/decision_terms.py)
    lot: Lot | None = None
    ends_order: bool = False  # the order is cancelled: the balance is never paid, the deposit refund tracked
    settles_by_agreement: bool = False  # the supplier's written agreement can open the gate instead of a pass
    letters: tuple[Letter, ...] = field(default=())

    def rank(self, kind: str) -> int:
        return self.preference.get(kind, len(self.preference) + 99)
