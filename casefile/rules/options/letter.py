"""A letter an option drafts to the supplier, and the facts it is written from
(casefile/rules/letters.py drafts it: calm, on the record, anchored to the standard)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Callable

from casefile.rules.readings import SERIOUS

BALANCE_RULE = "The balance will be paid only after a re-inspection passes every class."


def balance_rule_after(text: str) -> str:
    """`text` followed by the balance rule, as the end of a sentence."""
    return f"{text}{BALANCE_RULE[0].lower()}{BALANCE_RULE[1:]}"


def long_day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


@dataclass(frozen=True)
class Facts:
    """The latest report that failed, read against the standard, with what was paid."""

    state: Any
    report: Any
    reading: Any  # its Diagnosis
    deposit_paid: Decimal

    @property
    def case(self):
        return self.state.case

    @property
    def serious_failure(self) -> bool:
        return any(c.defect_class in SERIOUS for c in self.reading.failed_classes)


@dataclass(frozen=True)
class Letter:
    key: str
    title: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    deadline_for: str
    write: Callable[[Facts, dict], tuple[str, str]]  # -> (subject, option paragraph)
    # it tells the supplier the lot will be inspected again: it says on which severity
    # when switching has moved the supplier off normal inspection
    announces_inspection: bool = False
