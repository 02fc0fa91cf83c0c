"""A CaseStore kept in memory: the protocol's second implementation, which the contract
suite (tests/test_store_contract.py) runs beside the TinyDB store, so the suite checks the
interface and not one class's habits."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Callable

from casefile.records.case import Case
from casefile.records.case_state import TABLE_OF, CaseState
from casefile.records.history import HistoryEvent
from casefile.store.protocol import CaseListing, Change, CheckResult, Summarize
from casefile.store.transaction import new_records
from casefile.values.errors import AttachmentDamaged, CaseExists, CaseNotFound, ConflictError


class MemoryStore:
    def __init__(self, root: Path, summarize: Summarize, actor: str = "tester") -> None:
        self.root = root
        self.actor = actor
        self.shared_group = None
        self.summarize = summarize
        self._cases: dict[str, CaseState] = {}
        self._summaries: dict[str, object] = {}
        self._lock = threading.Lock()
        self.blobs: dict[tuple[str, str], bytes] = {}

    def load(self, po: str) -> CaseState:
        try:
            return self._cases[po].model_copy(deep=True)
        except KeyError:
            raise CaseNotFound(f"no case with PO {po!r}") from None

    def create(self, case: Case) -> CaseState:
        with self._lock:
            if po_state := self._cases.get(case.po):
                if po_state.case != case:
                    raise CaseExists(f"a case with PO {case.po!r} already exists")
                return self.load(case.po)
            event = HistoryEvent(actor=self.actor, action="case opened", detail=f"{case.supplier}: {case.product}")
            self._store(CaseState(revision=1, case=case, history=[event]), self.summarize)
            return self.load(case.po)

    def transact(self, po: str, fn: Callable[[CaseState], Change], *,
                 expected_revision: int | None = None) -> CaseState:
        with self._lock:
            state = self.load(po)
            change = fn(state)
            fresh = new_records(state, change.records)  # the retry rule is the records', not the store's
            if not fresh and change.case is None and not change.reseal:
                return state
            if expected_revision is not None and state.revision != expected_revision:
                raise ConflictError(f"PO {po} changed since revision {expected_revision}")
            if change.case is not None and change.case.po != po:
                raise ConflictError("the PO number of a case cannot be changed")
            event = HistoryEvent(actor=self.actor, action=change.action, detail=change.detail,
                                 reason=change.reason, changes=change.changes)
            data = {name: [*getattr(state, name)] for name in set(TABLE_OF.values())}
            for record in fresh:
                data[TABLE_OF[type(record)]].append(record)
            data["history"].append(event)
            after = state.model_copy(update={"revision": state.revision + 1, "case": change.case or state.case, **data})
            self._store(after, change.summarize or self.summarize)
            return self.load(po)

    def _store(self, state: CaseState, summarize: Summarize) -> None:
        summary = summarize(state, state.po)  # refusing here refuses the write
        self._cases[state.po] = state
        self._summaries[state.po] = summary

    def list_cases(self) -> CaseListing:
        return CaseListing([self._summaries[po] for po in sorted(self._summaries)])

    def list_summaries(self):
        return self.list_cases().summaries

    def put_attachment(self, po: str, sha256: str, data: bytes) -> bool:
        if self.blobs.get((po, sha256)) == data:
            return False
        self.blobs[(po, sha256)] = bytes(data)
        return True

    def read_attachment(self, po: str, attachment) -> bytes:
        data = self.blobs.get((po, attachment.sha256))
        if data is None or hashlib.sha256(data).hexdigest() != attachment.sha256:
            raise AttachmentDamaged(f"PO {po}: attachment {attachment.name!r} is missing or changed")
        return data

    def check(self, *, rebuild_index: bool = False, progress=None) -> CheckResult:
        damaged = []
        for po, state in self._cases.items():
            for a in state.attachments:
                try:
                    self.read_attachment(po, a)
                except AttachmentDamaged as exc:
                    damaged.append(str(exc))
        return CheckResult(checked=len(self._cases), index_rebuilt=rebuild_index, damaged_attachments=damaged)
