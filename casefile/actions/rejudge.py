"""Later lots judged again when what came before them changed.

A lot's first inspection is judged at the severity its supplier's earlier lots and what the
user recorded (a reduced-inspection switch, an improvement) put in force, and kept so in the
index, where the supplier's switching reads it. When something dated before lots already
judged changes (a lot entered late, a lot's report or supplier changed, a switch, an
improvement or a merge recorded with an earlier day), each later lot is judged again, in
date order, each from the ones before it as they now stand: a lot that now counts as
rejected tightens the next ones at once, as it would have had it been entered in order.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from casefile.records.case_summary import FirstInspection
from casefile.store.protocol import Progress
from casefile.values.errors import CasefileError


def rejudge(ws, lots: Iterable[FirstInspection], progress: Progress | None = None) -> None:
    """Judge `lots` again, in date order (PO order within a day, as switching reads them), and
    put each one's summary in the index, which is written only when the summary changed. A lot
    that cannot be read or written keeps its summary: the index is derived, and `casefile
    check` names the entry that no longer matches its case."""
    ordered = sorted(lots, key=lambda lot: (lot.on, lot.po))
    for done, lot in enumerate(ordered):
        if progress is not None:
            progress(done, len(ordered))
        try:
            ws.resummarise(lot.po)
        except CasefileError:
            continue
    if progress is not None and ordered:
        progress(len(ordered), len(ordered))


def lots_since(ws, keys: Collection[str], since: date, leave: str = "") -> list[FirstInspection]:
    """The lots of the supplier going by `keys` dated on or after `since` (a lot of the same
    day reads it), but the case `leave`: one small index file per name."""
    return [lot for key in sorted(keys) for lot in ws.index.supplier_lots(key) if lot.on >= since and lot.po != leave]


def changed_since(ws, before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> list[FirstInspection]:
    """The lots to judge again after the suppliers' lots went from `before` to `after` (supplier
    key -> PO -> first inspection as stored): of each supplier whose lots differ, merges
    followed, those dated on or after the first lot that differs."""
    since: dict[str, date] = {}
    for key in before.keys() | after.keys():
        old, new = before.get(key, {}), after.get(key, {})
        changed = [po for po in old.keys() | new.keys() if old.get(po) != new.get(po)]
        if changed:
            day = min(_day_of(old.get(po) or new.get(po)) for po in changed)
            for name in ws.supplier_keys(key):
                since[name] = min(day, since.get(name, date.max))
    lots = {lot.po: lot for key, day in since.items() for lot in lots_since(ws, {key}, day)}
    return list(lots.values())


def _day_of(doc: Any) -> date:
    try:
        return FirstInspection.model_validate(doc).on
    except ValueError:  # an index entry damaged outside Casefile: its own day is unknown
        return date.min


def every_lot_since(ws, since: date) -> list[FirstInspection]:
    """Every supplier's lots dated on or after `since` (a workspace-wide switch), from the case list."""
    return [s.first_inspection for s in ws.list_summaries()
            if s.first_inspection is not None and s.first_inspection.on >= since]


def after_write(ws, po: str, before: tuple[str, Any] | None, after: tuple[str, Any] | None) -> None:
    """After a write of case `po` moved its lot (`before`, `after`: supplier key and first
    inspection as the index stored them, not both None), judge the lots it may have moved
    again: those of both suppliers dated on or after the earlier of its two days."""
    days, keys = [], set()
    for lot in (before, after):
        if lot is not None:
            days.append(_day_of(lot[1]))
            keys |= ws.supplier_keys(lot[0])
    rejudge(ws, lots_since(ws, keys, min(days), leave=po))
