"""A whole case as read from its file: the order plus every appended record."""

from __future__ import annotations

from typing import Any

from pydantic import Field, PrivateAttr

from casefile.records.attachment import Attachment
from casefile.records.case import Case
from casefile.records.decision import Decision
from casefile.records.history import HistoryEvent
from casefile.records.log_entry import CorrespondenceEntry
from casefile.records.payment import Payment, RateQuote
from casefile.records.record import Record
from casefile.records.report import Report
from casefile.values.model import Model

# Table name -> record type. Appended records live in these tables.
RECORD_TABLES: dict[str, type[Record]] = {
    "reports": Report,
    "decisions": Decision,
    "correspondence": CorrespondenceEntry,
    "quotes": RateQuote,
    "payments": Payment,
    "attachments": Attachment,
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
    attachments: list[Attachment] = Field(default_factory=list)
    history: list[HistoryEvent] = Field(default_factory=list)
    # What the store found when it verified the file's seals (casefile.store.integrity.Integrity);
    # None for a state that was never read from a file. Derived, so never written.
    _integrity: Any = PrivateAttr(default=None)
    # The first inspections of the supplier's lots (casefile.records.case_summary.FirstInspection),
    # read from the index by the workspace (casefile/actions/workspace.py) for supplier
    # switching; () when not known. The case's own lot may be among them (as the index holds
    # it): the rules leave it out. Derived, so never written.
    _supplier_lots: tuple = PrivateAttr(default=())
    # What the user recorded for that supplier (casefile.rules.switching's ReducedInspection
    # and ImprovementRecorded), in the order recorded. Derived, so never written.
    _switching_recorded: tuple = PrivateAttr(default=())
    # The rules' switching history of those two (casefile.rules.supplier_switching.Timeline),
    # shared by the supplier's cases; None: the rules make it from them when first needed.
    _supplier_timeline: Any = PrivateAttr(default=None)
    _switching: dict = PrivateAttr(default_factory=dict)  # the rules' cache of what follows from them

    @property
    def supplier_lots(self) -> tuple:
        return self._supplier_lots

    @property
    def switching_recorded(self) -> tuple:
        return self._switching_recorded

    @property
    def supplier_timeline(self) -> Any:
        return self._supplier_timeline

    def with_supplier_lots(self, lots, recorded=(), timeline=None) -> "CaseState":
        """`timeline`: the rules' history of exactly `lots` and `recorded`, when known."""
        self._supplier_lots = tuple(lots)
        self._switching_recorded = tuple(recorded)
        self._supplier_timeline = timeline
        self._switching = {}
        return self

    @property
    def switching_cache(self) -> dict:
        return self._switching

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
