"""Supplier switching (casefile/rules/switching.py) as a case meets it: the supplier's
other lots come from the index as `FirstInspection`s (casefile/records/case_summary.py);
this turns them, and the case's own first inspection, into the severity in force on a day.
Which report is a case's first inspection, and how it was judged, is
casefile/rules/judgement.py's (`switching_for`)."""

from __future__ import annotations

from datetime import date

from casefile.records.case_summary import FirstInspection
from casefile.rules.switching import ClassResult, History, LotOutcome, Status, explain, switching_history

__all__ = ["history_of", "lot_outcome", "severity_words"]


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


def history_of(state, own: FirstInspection | None = None) -> History:
    """The switching history of the case's supplier: its other lots (from the index), and
    `own`, the case's first inspection when it counts. Kept on the state: every report
    of the case reads it several times per write."""
    cache = state.switching_cache
    key = None if own is None else own.model_dump_json()
    if key not in cache:
        lots = [*state.supplier_lots, *([own] if own is not None else [])]
        # ties in date order keep the order of the POs: the same on every read
        lots.sort(key=lambda lot: (lot.on, lot.po))
        cache[key] = switching_history(lot_outcome(lot) for lot in lots)
    return cache[key]


def severity_words(status: Status, today: date | None = None) -> str:
    """'tightened since HD-2603 on 1 Oct: 2 of the last 3 lots rejected'."""
    return explain(status, today)
