"""Recording that a discontinued supplier has improved, as a recorded action (ISO 2859-1
9.4: inspection resumes, on tightened, once the supplier has acted and the user agrees):
who, when, the day it takes effect and why are appended to the workspace's
`improvements.json`; every read of the supplier's switching follows it."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from casefile.actions.rejudge import lots_since, rejudge
from casefile.actions.supplier_merge import supplier_merges
from casefile.actions.switching_recorded import (
    IMPROVEMENTS_FILE, ImprovementRecord, improvement_records, switching_recorded,
)
from casefile.rules.supplier_record import supplier_record
from casefile.store.record_lists import write_json
from casefile.values.days import day_given
from casefile.values.errors import InputError, describe_validation


def record_improvement(store, name: str, reason: str, on: str | None = None) -> ImprovementRecord:
    """Record that the supplier `name` improved, from the day `on` (today when not given);
    refused unless the supplier is discontinued on that day."""
    if not reason.strip():
        raise InputError("reason: say what the supplier did to improve (it is recorded)")
    day = day_given(on, "on")
    try:
        record = ImprovementRecord(supplier=name, on=day, reason=reason, by=store.actor)
    except ValidationError as exc:
        raise InputError(describe_validation(exc)) from None
    root = Path(store.root)
    path = root / IMPROVEMENTS_FILE
    lock = store.locks.locked(path)
    try:
        # read inside the lock: another improvement of this supplier may have just landed
        supplier = supplier_record(name, store.list_summaries(), day, merges=supplier_merges(root),
                                   recorded=switching_recorded(root))
        if supplier.status.severity != "discontinued":
            raise InputError(
                f"supplier: {supplier.supplier} is not discontinued on {day.isoformat()} ({supplier.reason}); "
                "an improvement is recorded only after 5 lots were not accepted on tightened inspection"
            )
        docs = [r.model_dump(mode="json") for r in [*improvement_records(root), record]]
        write_json(path, docs, store.file_mode, "the supplier improvement")
    finally:
        lock.release()
    # the supplier's lots from that day on were judged before it: judged again
    rejudge(store, lots_since(store, store.supplier_keys(name), day))
    return record
