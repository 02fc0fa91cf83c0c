"""A whole case as read from its file: the order plus every appended record."""

from __future__ import annotations

from typing import Any

from pydantic import Field, PrivateAttr

from casefile.base import Model, Record
from casefile.case import Case
from casefile.correspondence import CorrespondenceEntry
from casefile.decisions import Decision
from casefile.history import HistoryEvent
from casefile.payments import Payment, RateQuote
from casefile.reports import Report

# The case file format: 2 since every write seals its records (casefile/integrity.py);
# files of format 1 are still read, and sealed on their first write.
FORMAT = 2
READS = (1, 2)
WORKSPACE_FORMAT = 1  # workspace.json
# TinyDB table name -> record type. Appended records live in these tables.
RECORD_TABLES: dict[str, type[Record]] = {
    "reports": Report,
    "decisions": Decision,
    "correspondence": CorrespondenceEntry,
    "quotes": RateQuote,
    "payments": Payment,
    "history": HistoryEvent,
}
TABLE_OF: dict[type[Record], str] = {v: k for k, v in RECORD_TABLES.items()}


class CaseState(Model):
    revision: int = Field(ge=0, strict=True)
    case: Case
    reports: list[Report] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    correspondence: list[CorrespondenceEntry] = Field(default_factory=list)
    quotes: list[RateQuote] = Field(default_factory=list)
    payments: list[Payment] = Field(default_factory=list)
    history: list[HistoryEvent] = Field(default_factory=list)
    # What the store found when it verified the file's seals (casefile.integrity.Integrity);
    # None for a state that was never read from a file. Derived, so never written.
    _integrity: Any = PrivateAttr(default=None)

    @property
    def integrity(self):
        return self._integrity

    @property
    def po(self) -> str:
        return self.case.po

    def find(self, table: str, record_id: str) -> Record | None:
        return next((r for r in getattr(self, table) if r.id == record_id), None)

    def latest_decision(self):
        return self.decisions[-1] if self.decisions else None


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
