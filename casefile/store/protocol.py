"""What a case store does, whatever keeps the bytes: the interface the actions, the CLI
and the app use, and the contract suite in tests/test_store_contract.py checks.

The TinyDB store (casefile/store/tinydb_store.py) keeps one file per case on a shared
disk; a PostgreSQL store for a hosted deployment would implement the same protocol
(docs/architecture.md). A store knows nothing of the rules: the caller hands it a
summariser (the rules' summary of a case, for the case list), and each write's Change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol

from casefile.records.case_summary import CaseSummary
from casefile.values.errors import CorruptCaseError

if TYPE_CHECKING:  # the case file's models, built only where a case file is read (`list` reads none)
    from casefile.records.attachment import Attachment
    from casefile.records.case import Case
    from casefile.records.case_state import CaseState
    from casefile.records.history import FieldChange
    from casefile.records.record import Record

# (the case as a write leaves it, its file's name) -> its line in the case list.
# Raising refuses the write.
Summarize = Callable[["CaseState", str], CaseSummary]


@dataclass
class Change:
    """What a transaction does to a case. Built by the actions from the fresh state."""

    action: str
    detail: str = ""
    case: Case | None = None
    records: list[Record] = field(default_factory=list)
    reason: str = ""  # why, recorded in the history event
    changes: list[FieldChange] = field(default_factory=list)  # an edit's fields, old -> new
    reseal: bool = False  # seal the file as it is now (an accepted change)
    # The summary of the case as this change leaves it, when the caller judges that case
    # itself (the balance gate, for a payment): it runs once, inside the lock, before
    # anything is written, and may refuse the write. None: the store's own summariser.
    summarize: Summarize | None = None


@dataclass
class CaseListing:
    summaries: list[CaseSummary]
    index_problems: list[str] = field(default_factory=list)  # entries dropped, each in words

    def index_notice(self) -> str:
        """One line for the user when the index was not trusted, else ""."""
        if not self.index_problems:
            return ""
        n = len(self.index_problems)
        return (f"the case list index could not be used in {n} place{'' if n == 1 else 's'} "
                f"({self.index_problems[0]}{'; ...' if n > 1 else ''}); those cases were read from "
                "their case files. `casefile check --rebuild-index` rewrites the index")


@dataclass
class FirstCases:
    """The case list's first screenful alone (casefile/store/first_cases.py)."""

    summaries: list[CaseSummary]  # the first cases by PO, each as `list_cases` lists it
    total: int  # the cases in the workspace


Progress = Callable[[int, int], None]  # (case files checked, of how many)


@dataclass
class CheckResult:
    checked: int = 0
    bad: list[CorruptCaseError] = field(default_factory=list)
    broken_chains: list[str] = field(default_factory=list)  # "PO X: what was changed outside Casefile"
    changed: list[str] = field(default_factory=list)  # POs of files changed outside Casefile
    damaged_attachments: list[str] = field(default_factory=list)  # each in words, naming its case
    unsealed: list[str] = field(default_factory=list)  # POs of files no write of this version sealed yet
    index_rebuilt: bool = False
    index_stale: list[str] = field(default_factory=list)  # "PO: how its index entry differs", in words
    index_unreadable: list[str] = field(default_factory=list)  # "10.json is not valid JSON (...)": a shard, in words

    @property
    def ok(self) -> bool:
        return not self.bad and not self.broken_chains and not self.damaged_attachments


class CaseStore(Protocol):
    """A workspace of cases. Every write is whole or nothing, under the case's lock, against
    the case as stored; appended records carry writer-made ids, so a retry is a no-op."""

    root: Path  # the workspace's folder: its settings live there, and exports stay out of it
    actor: str  # who writes: the OS account, recorded in every history event
    shared_group: str | None

    def load(self, po: str) -> CaseState:
        """The case as stored; CaseNotFound, CorruptCaseError (never overwritten)."""

    def create(self, case: Case) -> CaseState:
        """A new case file (revision 1); the same case again is a no-op, another CaseExists."""

    def transact(self, po: str, fn: Callable[[CaseState], Change], *,
                 expected_revision: int | None = None) -> CaseState:
        """`fn(fresh state)` inside the lock; its Change written whole, or nothing on a raise.
        A stale `expected_revision` is ConflictError, leaving the case as it was."""

    def put_attachment(self, po: str, sha256: str, data: bytes) -> bool:
        """Keep `data` (SHA-256 `sha256`) as evidence of case `po`, read-only and private;
        False when those bytes are stored intact already, True when written or restored.
        The record that vouches for them is the caller's to append."""

    def read_attachment(self, po: str, attachment: Attachment) -> bytes:
        """The bytes stored for `attachment`, checked against its SHA-256;
        AttachmentDamaged when they are missing or changed."""

    def list_cases(self) -> CaseListing:
        """Every case's summary; the unreadable ones say why."""

    def list_summaries(self) -> list[CaseSummary]:
        """`list_cases().summaries`."""

    def check(self, *, rebuild_index: bool = False, progress: Progress | None = None) -> CheckResult:
        """Verify every case (its seals too) and the case list index; `progress(done, total)`
        is called as the case files are read (from the calling thread)."""
