"""What one write does to a case file's tables: the new records appended, each sealed,
the case document replaced when it changed, and one history event chained on that seals
them (casefile/store/integrity.py). Pure: the store locks, reads and writes around it."""

from __future__ import annotations

from typing import Any

from casefile.records.case import Case
from casefile.records.case_state import TABLE_OF, CaseState
from casefile.records.history import HistoryEvent
from casefile.records.record import Record
from casefile.records.retries import already_stored, content
from casefile.records.seal import GENESIS, digest
from casefile.store.case_file import FORMAT, Cached, Tables, sealed_event, writable
from casefile.store.integrity import baseline_seals, doc_digests
from casefile.store.protocol import Change
from casefile.values.errors import ConflictError, StaleView

# tinydb is imported by the functions that write: read-only commands such as `casefile
# list` over 10,000 cases have half a second, whole process, and it takes ~20 ms.


def first_tables(case: Case, actor: str) -> tuple[dict[str, Any], CaseState]:
    """The tables and state of a new case file: the case, sealed by its first event."""
    from tinydb import TinyDB  # start-up speed: see above
    from tinydb.table import Document

    db = TinyDB(storage=Tables, tables={})
    db.table("meta").insert(Document({"format": FORMAT, "revision": 1}, doc_id=1))
    case_doc = case.model_dump(mode="json")
    db.table("case").insert(Document(case_doc, doc_id=1))
    event, event_doc = sealed_event(HistoryEvent(
        actor=actor, action="case opened", detail=f"{case.supplier}: {case.product}",
        case_digest=digest(case_doc), baseline=True, prev_hash=GENESIS,
    ))
    db.table("history").insert(event_doc)
    return db.storage.tables, CaseState(revision=1, case=case, history=[event])


def new_records(state: CaseState, records: list[Record]) -> list[Record]:
    """The records not stored yet, each id once: what a retried or doubled write adds. An
    id stored with other content is a conflict (casefile/records/retries.py)."""
    seen: set[tuple[str, str]] = set()
    fresh = []
    for record in records:
        table = TABLE_OF[type(record)]
        key = (table, record.id)
        if key not in seen and not already_stored(state, table, record.id, content(table, record)):
            fresh.append(record)
        seen.add(key)
    return fresh


def apply(cached: Cached, change: Change, fresh: list[Record], actor: str) -> tuple[dict[str, Any], CaseState]:
    """The tables and state of `cached`'s file after `change` (`fresh`: its records not
    stored yet)."""
    from tinydb import TinyDB  # start-up speed: see above
    from tinydb.table import Document

    state = cached.state
    db = TinyDB(storage=Tables, tables=writable(cached.tables))
    updates: dict[str, list[Record]] = {}
    seals, case_digest = [], None
    for record in fresh:
        name = TABLE_OF[type(record)]
        doc = record.model_dump(mode="json")
        number = db.table(name).insert(doc)
        seals.append({"table": name, "doc": number, "id": record.id, "digest": digest(doc)})
        updates.setdefault(name, []).append(record)
    if change.case is not None:
        if change.case.po != state.po:
            raise ConflictError("the PO number of a case cannot be changed")
        case_doc = change.case.model_dump(mode="json")
        db.table("case").upsert(Document(case_doc, doc_id=1))
        case_digest = digest(case_doc)
    # A file no write of this version has sealed (or an accepted change): seal all of it.
    baseline = change.reseal or state.integrity is None or not state.integrity.sealed
    flagged = ""
    if baseline:
        tables = db.storage.tables
        digests = doc_digests(tables, (cached.tables, cached.digests))
        seals, case_digest = baseline_seals(tables, digests), digests["case"]["1"]
        if not change.reseal and state.integrity is not None:
            flagged = "; ".join(state.integrity.problems)  # known before sealing: stays shown
    last = state.history[-1].hash if state.history and state.history[-1].hash else GENESIS
    event, event_doc = sealed_event(HistoryEvent(
        actor=actor, action=change.action, detail=change.detail, reason=change.reason,
        changes=change.changes, seals=seals, case_digest=case_digest, baseline=baseline,
        flagged=flagged, prev_hash=last,
    ))
    db.table("history").insert(event_doc)
    revision = state.revision + 1
    db.table("meta").upsert(Document({"format": FORMAT, "revision": revision}, doc_id=1))
    new_state = state.model_copy(update={
        "revision": revision,
        "case": change.case or state.case,
        "history": [*state.history, event],
        **{name: [*getattr(state, name), *recs] for name, recs in updates.items()},
    })
    return db.storage.tables, new_state


def stale_view(state: CaseState, expected: int) -> StaleView:
    last = state.history[-1] if state.history else None
    who = f" by {last.actor} at {last.at:%H:%M} UTC ({last.action})" if last else ""
    return StaleView(state.po, who, state.revision, expected)
