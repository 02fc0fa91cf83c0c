"""The correspondence log as people read it: entries numbered from 1 (oldest), each with
what the rest of the log says about it (its deadline open or overdue, corrected by a
later entry, correcting or settling an earlier one)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casefile.records.log_entry import CorrespondenceEntry, corrected_by
from casefile.rules.deadlines import unsettled_deadlines


@dataclass(frozen=True)
class EntryView:
    number: int  # position in the log, 1 = oldest: how people refer to entries
    entry: CorrespondenceEntry
    deadline_open: bool
    overdue: bool
    corrected_by: int | None  # numbers of other entries, None when there is none
    corrects: int | None
    resolves: int | None


def entry_views(state, today: date) -> list[EntryView]:
    """The log oldest first, each entry with what the rest of the log says about it."""
    number = {e.id: n for n, e in enumerate(state.correspondence, start=1)}
    corrections = corrected_by(state.correspondence)
    # an entry's own deadline: a letter repeating one already open is open too, not settled
    open_ids = {d.source_id for d in unsettled_deadlines(state)}
    views = []
    for e in state.correspondence:
        is_open = e.id in open_ids
        views.append(EntryView(
            number=number[e.id], entry=e,
            deadline_open=is_open, overdue=is_open and e.deadline < today,
            corrected_by=number[corrections[e.id].id] if e.id in corrections else None,
            corrects=number.get(e.corrects or ""), resolves=number.get(e.resolves or ""),
        ))
    return views
