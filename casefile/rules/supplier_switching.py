"""Supplier switching (casefile/rules/switching.py) as a case meets it: the supplier's
other lots come from the index as `FirstInspection`s (casefile/records/case_summary.py),
what the user recorded (the workspace's reduced-inspection switch, a supplier's
improvement) from the workspace (casefile/actions/switching_recorded.py); this turns
them, and the case's own first inspection, into the severity in force on a day.
Which report is a case's first inspection, and how it was judged, is
casefile/rules/judgement.py's (`switching_for`)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from casefile.records.case_summary import FirstInspection
from casefile.rules.supplier_names import normalise
from casefile.rules.switching import (
    ClassResult, History, ImprovementRecorded, LotOutcome, ReducedInspection, Status, explain, switching_history,
)

__all__ = ["Recorded", "history_of", "lot_outcome", "severity_words", "supplier_history"]


@dataclass(frozen=True)
class Recorded:
    """What the user recorded that moves switching: the workspace's reduced-inspection
    switch (every supplier's), and each improvement with the supplier name it was recorded under."""

    switches: tuple[ReducedInspection, ...] = ()
    improvements: tuple[tuple[str, ImprovementRecorded], ...] = ()

    def for_supplier(self, keys: Collection[str]) -> tuple[ReducedInspection | ImprovementRecorded, ...]:
        """The entries of the supplier that goes by `keys` (its normalised names, merges followed)."""
        return (*self.switches, *(e for name, e in self.improvements if normalise(name) in keys))


NOTHING_RECORDED = Recorded()


def lot_outcome(lot: FirstInspection) -> LotOutcome:
    """The index keeps a lot's verdict and its switching-score points, not its classes:
    one class that earns the same points stands for them (ClassResult.points)."""
    if not lot.accepted:
        cls = ClassResult(accept_number=0, accepted=False)
    elif lot.points == 3:
        cls = ClassResult(accept_number=2, accepted=True, accepted_one_step_tighter=True)
    elif lot.points is None:
        cls = ClassResult(accept_number=2, accepted=True, accepted_one_step_tighter=False)
    else:
        cls = ClassResult(accept_number=0, accepted=True)
    return LotOutcome(lot=lot.po, on=lot.on, accepted=lot.accepted, classes=(cls,))


def supplier_history(lots: Iterable[FirstInspection],
                     recorded: Iterable[ReducedInspection | ImprovementRecorded] = ()) -> History:
    """The switching history of a supplier's first inspections and what the user recorded
    for it. On one day the lots come first, in PO order (the same on every read), then the
    recorded entries in the order recorded: an improvement recorded on the day of the lot
    that discontinued the supplier lifts it."""
    ordered = sorted(lots, key=lambda lot: (lot.on, lot.po))
    return switching_history([*(lot_outcome(lot) for lot in ordered), *recorded])  # a stable sort by date


def history_of(state, own: FirstInspection | None = None) -> History:
    """The switching history of the case's supplier: its other lots (from the index), what
    the user recorded, and `own`, the case's first inspection when it counts. Kept on the
    state: every report of the case reads it several times per write."""
    cache = state.switching_cache
    key = None if own is None else own.model_dump_json()
    if key not in cache:
        lots = [*state.supplier_lots, *([own] if own is not None else [])]
        cache[key] = supplier_history(lots, state.switching_recorded)
    return cache[key]


def severity_words(status: Status, today: date | None = None) -> str:
    """'tightened since HD-2603 on 1 Oct: 2 of the last 3 lots rejected'."""
    return explain(status, today)
