"""Who did what, when: one event per change, appended in the same write.

The history is also the case's chain of seals (casefile/records/seal.py; the store
verifies them, casefile/store/integrity.py): each event carries the hash of the one before
it and the SHA-256 of every record its write appended, so a record changed, added or
removed outside Casefile shows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, JsonValue

from casefile.records.record import Record, stamp
from casefile.values.ids import Digest, RecordId
from casefile.values.model import Model
from casefile.values.text import Line, Text

SealedTable = Literal["reports", "decisions", "correspondence", "quotes", "payments", "attachments", "history"]


class Seal(Model):
    """A record as its write stored it: its table, document number (which orders the
    records: ties between reports of one date go by it), id, and the SHA-256 of its document."""

    table: SealedTable
    doc: int = Field(ge=1, strict=True)
    id: RecordId
    digest: Digest


class FieldChange(Model):
    """One field of the case changed by an edit (dotted for nested: aql.major), as JSON."""

    field: Line
    old: JsonValue = None
    new: JsonValue = None


class HistoryEvent(Record):
    at: datetime = Field(default_factory=stamp)
    actor: Line
    action: Line
    detail: Text = ""
    reason: Text = ""  # why, where the change needs one (an edit of the standard, an accepted change)
    changes: list[FieldChange] = Field(default_factory=list)
    # -- the chain; None in events written before it existed ("unsealed legacy")
    seals: list[Seal] = Field(default_factory=list)
    case_digest: Digest | None = None  # the case document after this write, when it set it
    baseline: bool = False  # seals every record in the file, not only this write's
    flagged: Text = ""  # a baseline's known problem, e.g. a log already broken when first sealed
    prev_hash: Digest | None = None
    hash: Digest | None = None
