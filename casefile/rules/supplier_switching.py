"""Supplier switching (casefile/rules/switching.py) as a case meets it: the supplier's
other lots come from the index as `FirstInspection`s (casefile/records/case_summary.py),
what the user recorded (the workspace's reduced-inspection switch, a supplier's
improvement) from the workspace (casefile/actions/switching_recorded.py); this turns
them, and the case's own first inspection, into the severity in force on a day.
Which report is a case's first inspection, and how it was judged, is
casefile/rules/judgement.py's (`switching_for`)."""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from casefile.records.case_summary import FirstInspection
from casefile.rules.supplier_names import normalise
from casefile.rules.switching import (
    START, ClassResult, Entry, History, ImprovementRecorded, LotOutcome, ReducedInspection, Status, explain, step,
    switching_history,
)

__all__ = ["Recorded", "Timeline", "history_of", "lot_outcome", "severity_words", "supplier_history"]


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


# the four classes a lot can stand for (frozen, so one of each serves every lot: a
# supplier's history of 500 lots made them 500 times)
_REJECTED = ClassResult(accept_number=0, accepted=False)
_THREE_POINTS = ClassResult(accept_number=2, accepted=True, accepted_one_step_tighter=True)
_NO_POINTS = ClassResult(accept_number=2, accepted=True, accepted_one_step_tighter=False)
_TWO_POINTS = ClassResult(accept_number=0, accepted=True)


def lot_outcome(lot: FirstInspection) -> LotOutcome:
    """The index keeps a lot's verdict and its switching-score points, not its classes:
    one class that earns the same points stands for them (ClassResult.points)."""
    if not lot.accepted:
        cls = _REJECTED
    elif lot.points == 3:
        cls = _THREE_POINTS
    elif lot.points is None:
        cls = _NO_POINTS
    else:
        cls = _TWO_POINTS
    return LotOutcome(lot=lot.po, on=lot.on, accepted=lot.accepted, classes=(cls,))


def supplier_history(lots: Iterable[FirstInspection],
                     recorded: Iterable[ReducedInspection | ImprovementRecorded] = ()) -> History:
    """The switching history of a supplier's first inspections and what the user recorded
    for it. On one day the lots come first, in PO order (the same on every read), then the
    recorded entries in the order recorded: an improvement recorded on the day of the lot
    that discontinued the supplier lifts it."""
    ordered = sorted(lots, key=lambda lot: (lot.on, lot.po))
    return switching_history([*(lot_outcome(lot) for lot in ordered), *recorded])  # a stable sort by date


class Timeline:
    """A supplier's switching history, built once from its lots as the index holds them and
    what the user recorded, which every case of the supplier reads its own history off
    (`for_case`): "the other lots and its own first inspection", what `supplier_history`
    would build for it, differs from this one only where the case's own lot sits, so the
    statuses before it are these, and those after it are worked out only as far as they
    differ from these (a supplier's 500 lots: one history, not one per case).

    The same entries in the same order as `supplier_history` (lots by date then PO, then a
    day's recorded entries in the order recorded), each applied by the same rule
    (casefile/rules/switching.py `step`). `previous`: the supplier's timeline before its lots
    changed (a lot judged again, a write), whose statuses are kept where nothing before
    them changed, and taken again from where the new ones come back to the same."""

    def __init__(self, lots: Iterable[FirstInspection], recorded: Iterable[ReducedInspection | ImprovementRecorded] = (),
                 previous: Timeline | None = None) -> None:
        self.lots = tuple(lots)  # as given: the state's `supplier_lots`
        items = [*(((lot.on, 0, lot.po), (lot.accepted, lot.points), lot) for lot in sorted(self.lots, key=_lot_key)),
                 *(((e.on, 1, i), e, e) for i, e in enumerate(recorded))]
        items.sort(key=lambda item: item[0][0])  # stable, as supplier_history's two sorts
        self._keys = [key for key, _, _ in items]  # ordered: a lot's key is where it goes
        self._marks = [(key, mark) for key, mark, _ in items]  # what says two entries are the same
        self._indexed = [lot if key[1] == 0 else None for key, _, lot in items]  # None: recorded
        self.dates = [key[0] for key in self._keys]
        self._where: dict[str, list[int]] = {}  # PO -> where its lot is (twice only in a damaged index)
        for i, key in enumerate(self._keys):
            if key[1] == 0:
                self._where.setdefault(key[2], []).append(i)
        n, p, q = len(items), 0, 0
        if previous is not None:  # the entries both share at the start, and at the end
            old, m = previous._marks, len(previous._marks)
            while p < min(n, m) and self._marks[p] == old[p]:
                p += 1
            while q < min(n, m) - p and self._marks[n - 1 - q] == old[m - 1 - q]:
                q += 1
        shift = 0 if previous is None else len(previous._marks) - n
        self._entries: list[Entry] = [
            previous._entries[i] if i < p else previous._entries[i + shift] if i >= n - q
            else (lot_outcome(item[2]) if item[0][1] == 0 else item[2])
            for i, item in enumerate(items)]
        self.statuses: list[Status] = [] if previous is None else previous.statuses[:p]
        for i in range(p, n):
            before = self.statuses[-1] if self.statuses else START
            if i >= n - q and before == previous.after(i - 1 + shift):
                self.statuses += previous.statuses[i + shift:]  # the same from here on
                break
            self.statuses.append(_counted(step(before, self._entries[i])))

    def after(self, i: int) -> Status:
        """The status after entry `i` (START before the first)."""
        return self.statuses[i] if i >= 0 else START

    def severity_on(self, day: date) -> Status:
        """As History.severity_on."""
        return self.after(bisect.bisect_right(self.dates, day) - 1)

    def for_case(self, po: str, own: FirstInspection | None) -> Timeline | _CaseTimeline:
        """The history of the supplier's lots but PO `po`'s, with `own` (the case's first
        inspection when it counts), as `supplier_history` would build it: this one itself
        when that is the same (the case's lot is indexed as it judges it now, or it has none)."""
        where = self._where.get(po, [])
        if own is None and not where or (own is not None and len(where) == 1 and self._indexed[where[0]] == own):
            return self
        return _CaseTimeline(self, where, own)


class _CaseTimeline:
    """A Timeline with one case's lots left out and its own put in (`Timeline.for_case`):
    the base's entries but at positions [start, end), where `middle` stands instead. Its
    statuses are the base's before `start`; after it they are worked out when first asked,
    until one is the same as the base's at the same place in the entries that follow."""

    def __init__(self, base: Timeline, removed: list[int], own: FirstInspection | None) -> None:
        self.base = base
        self.own = None if own is None else lot_outcome(own)
        self.own_on = None if own is None else own.on
        self.removed_on = [base.dates[i] for i in removed]
        at = None if own is None else bisect.bisect_left(base._keys, (own.on, 0, own.po))
        self.start = min([*removed, *([at] if at is not None else [])])
        end = max([*(i + 1 for i in removed), *([at] if at is not None else [])])
        gone = set(removed)
        self.middle: list[Entry] = []
        for i in range(self.start, end):
            if i == at:
                self.middle.append(self.own)
            if i not in gone:
                self.middle.append(base._entries[i])
        if at == end:
            self.middle.append(self.own)
        self.shift = end - self.start - len(self.middle)  # an entry after the middle: base index - own index
        self.statuses: list[Status] = []  # from `start` on, as far as asked
        self.same_from: int | None = None  # from this index on, the base's statuses (shifted)
        if not self.middle and base.after(self.start - 1) == base.after(end - 1):
            self.same_from = self.start

    def severity_on(self, day: date) -> Status:
        """As History.severity_on."""
        n = (bisect.bisect_right(self.base.dates, day) - sum(1 for d in self.removed_on if d <= day)
             + (1 if self.own_on is not None and self.own_on <= day else 0))
        return self._after(n - 1)

    def _after(self, i: int) -> Status:
        if i < self.start:
            return self.base.after(i)
        if self.same_from is not None and i >= self.same_from:
            return self.base.after(i + self.shift)
        first_after = self.start + len(self.middle)  # the first entry the base has too
        while (k := len(self.statuses)) <= i - self.start:
            j = self.start + k
            before = self.statuses[k - 1] if k else self.base.after(self.start - 1)
            entry = self.middle[k] if j < first_after else self.base._entries[j + self.shift]
            after = _counted(step(before, entry))
            self.statuses[k:k + 1] = [after]  # the same if another thread got there first
            if j >= first_after - 1 and after == self.base.after(j + self.shift):
                self.same_from = j
                return self.base.after(i + self.shift)
        return self.statuses[i - self.start]


def _lot_key(lot: FirstInspection) -> tuple[date, str]:
    return lot.on, lot.po


def _counted(status: Status | None) -> Status:
    """Every entry of a timeline counts (its lots are first inspections: lot_outcome; what
    the user recorded always moves the status), so it has a status after each entry."""
    if status is None:
        raise ValueError("a switching timeline holds only entries that count")
    return status


def timeline_of(state) -> Timeline:
    """The timeline of the case's supplier: the one the workspace shares between the
    supplier's cases (casefile/actions/workspace.py), else made from the state's lots once."""
    timeline = state.supplier_timeline
    if timeline is None:
        timeline = Timeline(state.supplier_lots, state.switching_recorded)
        state.with_supplier_lots(state.supplier_lots, state.switching_recorded, timeline)
    return timeline


def history_of(state, own: FirstInspection | None = None) -> Timeline | _CaseTimeline:
    """The switching history of the case's supplier: its other lots (from the index), what
    the user recorded, and `own`, the case's first inspection when it counts, as
    `supplier_history` would build it (its `severity_on`). Kept on the state: every report
    of the case reads it several times per write."""
    timeline = timeline_of(state)
    cache = state.switching_cache
    key = None if own is None else own.model_dump_json()
    if key not in cache:
        cache[key] = timeline.for_case(state.po, own)
    return cache[key]


def severity_words(status: Status, today: date | None = None) -> str:
    """'tightened since HD-2603 on 1 Oct: 2 of the last 3 lots rejected'."""
    return explain(status, today)
