"""A case file: TinyDB's layout of tables on disk, read into a CaseState and written back.

Reading validates every document (a file that is empty, torn or invalid is refused and
never overwritten) and verifies the seals (casefile/store/integrity.py); a re-read of a
file another writer appended to validates and hashes only the documents that changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from casefile.records.case_state import RECORD_TABLES, CaseState
from casefile.records.history import HistoryEvent
from casefile.records.seal import event_digest
from casefile.store.integrity import Digests, doc_digests, verify
from casefile.values.errors import CorruptCaseError, describe_validation

# The case file format: 2 since every write seals its records (casefile/store/integrity.py);
# files of format 1 are still read, and sealed on their first write.
FORMAT = 2
READS = (1, 2)


@dataclass
class Cached:
    """A case file's bytes as last read or written here, and what they parsed to.

    `tables` is never mutated: a write works on a copy (see `writable`).
    """

    raw: bytes
    tables: dict[str, Any]
    state: CaseState
    digests: Digests  # of every sealed document, so a re-read hashes only what changed


class Tables:
    """TinyDB storage over a dict we already read under the lock; written once at commit."""

    def __init__(self, tables: dict[str, Any]) -> None:
        self.tables = tables

    def read(self) -> dict[str, Any]:
        return self.tables

    def write(self, data: dict[str, Any]) -> None:
        self.tables = data

    def close(self) -> None:
        pass


def serialise(tables: dict[str, Any]) -> bytes:
    return json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def writable(tables: dict[str, Any]) -> dict[str, Any]:
    """A copy TinyDB may change: new tables dicts; the one-document tables get new documents
    too, since an upsert updates its document in place. Appended records are shared."""
    return {
        name: ({k: dict(doc) for k, doc in table.items()} if name in ("meta", "case") else dict(table))
        for name, table in tables.items()
    }


_LEFT_OUT_WHEN_EMPTY = ("reason", "changes", "seals", "case_digest", "baseline", "flagged")


def sealed_event(event: HistoryEvent) -> tuple[HistoryEvent, dict[str, Any]]:
    """The event with its hash, and the document stored for it. Fields left empty are left
    out (a reader fills in their defaults, as for events of earlier versions): every write
    adds an event, and a 2,000-record case would carry 150 KB of empty fields. The hash
    covers exactly the document stored."""
    doc = {k: v for k, v in event.model_dump(mode="json").items()
           if k != "hash" and not (k in _LEFT_OUT_WHEN_EMPTY and v in (None, "", [], False))}
    doc["hash"] = event_digest(doc)
    return event.model_copy(update={"hash": doc["hash"]}), doc


def verified(tables: dict[str, Any], state: CaseState, cached: Cached | None,
             unchanged: dict[str, set[str]] | None = None) -> Digests:
    """Verify `state`'s file against its seals (hashing only documents `cached` has not;
    `unchanged` says which, when the read already compared them) and keep the finding on
    the state; returns the digests for the next read."""
    digests = doc_digests(tables, (cached.tables, cached.digests) if cached else None, unchanged)
    state._integrity = verify(tables, state, digests)
    return digests


def parse(path: Path, raw: bytes, cached: Cached | None) -> tuple[dict[str, Any], CaseState, Digests]:
    if not raw:
        raise CorruptCaseError(path, "is empty (0 bytes): it may have been truncated")
    try:
        tables = json.loads(raw)
    except UnicodeDecodeError as exc:
        raise CorruptCaseError(path, f"is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise CorruptCaseError(path, f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    unchanged: dict[str, set[str]] = {}
    try:
        state = state_from_tables(tables, (cached.tables, cached.state) if cached else None, unchanged)
    except ValidationError as exc:
        raise CorruptCaseError(path, "fails validation: " + describe_validation(exc)) from None
    except ValueError as exc:
        raise CorruptCaseError(path, f"is not a case file: {exc}") from None
    return tables, state, verified(tables, state, cached, unchanged)


def parse_case_bytes(path: Path, raw: bytes) -> CaseState:
    """Validate a case file's bytes; anything short of a whole, valid case is refused."""
    return parse(path, raw, None)[1]


def state_from_tables(
    tables: dict[str, Any],
    previous: tuple[dict[str, Any], CaseState] | None = None,
    unchanged: dict[str, set[str]] | None = None,
) -> CaseState:
    """Build (and validate) a CaseState from TinyDB's on-disk layout.

    With `previous` (the tables and state of an earlier read of the same file), records
    whose document is unchanged are reused instead of validated again: another writer
    appended one record, we should not re-validate the 2,000 before it. `unchanged`, if
    given, is filled with the keys of those documents per table (the seals reuse it).
    """
    unchanged = {} if unchanged is None else unchanged
    if not isinstance(tables, dict):
        raise ValueError("the top level is not a TinyDB object of tables")
    unknown = set(tables) - {"meta", "case", *RECORD_TABLES}
    if unknown:
        raise ValueError(f"unknown table {sorted(unknown)[0]!r}")
    meta = _single(tables, "meta")
    if meta.get("format") not in READS:
        raise ValueError(f"meta.format is {meta.get('format')!r}; this version reads formats 1 and {FORMAT}")
    data: dict[str, Any] = {"revision": meta.get("revision"), "case": _single(tables, "case")}
    old_tables, old_state = previous if previous is not None else ({}, None)
    if old_state is not None and data["case"] == old_tables["case"]["1"]:
        data["case"] = old_state.case
        unchanged["case"] = {"1"}
    for name in RECORD_TABLES:
        table = tables.get(name, {})
        if not isinstance(table, dict):
            raise ValueError(f"table {name!r} is not an object")
        old_docs = old_tables.get(name, {})
        # the previous state's records are in the previous table's document order
        old_records = dict(zip(sorted(old_docs, key=_doc_key), getattr(old_state, name, [])))
        same = unchanged.setdefault(name, set())
        same.update(k for k in table if k in old_records and old_docs[k] == table[k])
        data[name] = [old_records[k] if k in same else table[k] for k in sorted(table, key=_doc_key)]
    # model instances (reused records) pass through without being validated again
    return CaseState.model_validate(data)


def _single(tables: dict[str, Any], name: str) -> dict[str, Any]:
    table = tables.get(name)
    if not isinstance(table, dict) or list(table) != ["1"] or not isinstance(table["1"], dict):
        raise ValueError(f"table {name!r} must hold exactly one document")
    return table["1"]


def _doc_key(k: str) -> int:
    if not k.isdigit():
        raise ValueError(f"document id {k!r} is not a number")
    return int(k)
