"""Merging two spellings of one supplier, as a recorded action: who, when and why are kept
in the workspace's `suppliers.json` (append-only), and every read across cases (the
switching rules, `casefile supplier`, the agenda) follows the merges.

The index keeps each case's own normalised supplier name; merges are applied when read,
so a merge never rewrites a case; the merged supplier's lots are judged again as one
timeline (casefile/actions/rejudge.py), which rewrites the index entries that change."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from pydantic import Field, ValidationError

from casefile.actions.rejudge import lots_since, rejudge
from casefile.records.record import stamp
from casefile.rules.supplier_names import Merge, merge_map, normalise
from casefile.store.record_lists import read_records, write_json
from casefile.values.errors import InputError, describe_validation
from casefile.values.model import Model
from casefile.values.text import Line

MERGES_FILE = "suppliers.json"
MAX_MERGES_BYTES = 1_000_000


class MergeRecord(Model):
    alias: Line  # the spelling merged away
    canonical: Line  # the name the supplier goes by from now on
    reason: Line
    by: Line
    at: datetime = Field(default_factory=stamp)

    def merge(self) -> Merge:
        return Merge(alias=self.alias, canonical=self.canonical)


def merge_records(root: Path) -> list[MergeRecord]:
    return read_records(Path(root) / MERGES_FILE, MergeRecord, "supplier merges", MAX_MERGES_BYTES)


def supplier_merges(root: Path) -> dict[str, str]:
    """Normalised name -> the name its supplier goes by (casefile.rules.supplier_names.merge_map)."""
    return merge_map(r.merge() for r in merge_records(root))


def merge_suppliers(store, alias: str, into: str, reason: str) -> MergeRecord:
    """Record that `alias` is the supplier `into`; both must name a supplier of some case."""
    if not reason.strip():
        raise InputError("--reason: say why these are one supplier (it is recorded)")
    try:
        record = MergeRecord(alias=alias, canonical=into, reason=reason, by=store.actor)
        record.merge()
    except ValidationError as exc:
        raise InputError(describe_validation(exc)) from None
    known = {s.supplier_key for s in store.list_summaries()}
    for flag, name in (("FROM", alias), ("INTO", into)):
        if normalise(name) not in known and normalise(name) not in supplier_merges(store.root):
            raise InputError(f"{flag}: no case has the supplier {name!r}; `casefile list` shows the suppliers")
    path = Path(store.root) / MERGES_FILE
    lock = store.locks.locked(path)
    try:
        records = merge_records(store.root)
        mapping = merge_map(r.merge() for r in records)
        if mapping.get(normalise(alias), alias) == mapping.get(normalise(into), into) or normalise(alias) == normalise(into):
            raise InputError(f"FROM: {alias!r} and {into!r} are already one supplier")
        docs = [r.model_dump(mode="json") for r in [*records, record]]
        write_json(path, docs, store.file_mode, "the supplier merge")
    finally:
        lock.release()
    # one supplier now: its lots, all of them, are judged again as one timeline
    rejudge(store, lots_since(store, store.supplier_keys(into), date.min))
    return record
