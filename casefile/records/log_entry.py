"""The written record with the supplier: append-only and hash-chained.

Nothing is edited or deleted: a correction is a new entry that `corrects` an earlier one
(the original stays and shows as corrected), and a deadline is settled by a new entry
that `resolves` it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from casefile.records.record import Record, stamp
from casefile.records.seal import GENESIS
from casefile.values.ids import Digest, RecordId
from casefile.values.text import Line, OptionalLine, Text

Direction = Literal["to-supplier", "from-supplier", "internal"]
# "none": an internal note that went nowhere (the composer's default for one)
Channel = Literal["email", "wechat", "whatsapp", "phone", "other", "none"]
DIRECTIONS: tuple[str, ...] = ("to-supplier", "from-supplier", "internal")
CHANNELS: tuple[str, ...] = ("email", "wechat", "whatsapp", "phone", "other", "none")


class EntryDraft(Record):
    """What a user writes; the chain fields are added inside the locked write."""

    direction: Direction = "internal"
    channel: Channel = "email"
    subject: Line
    body: Text = ""
    references: list[Line] = Field(default_factory=list)
    deadline: date | None = None
    deadline_for: OptionalLine = ""  # what is due, e.g. "rework"; default from the direction
    written_agreement: bool = False
    corrects: RecordId | None = None  # id of the entry this one corrects
    resolves: RecordId | None = None  # id of the entry whose deadline this one settles

    @field_validator("written_agreement")
    @classmethod
    def _written_and_from_supplier(cls, v: bool, info: ValidationInfo) -> bool:
        if v and info.data.get("direction") != "from-supplier":
            raise ValueError("only a message from the supplier can record their agreement")
        if v and info.data.get("channel") == "phone":
            raise ValueError("a phone call is not a written agreement; log their written confirmation")
        if v and info.data.get("channel") == "none":
            raise ValueError("a written agreement came by some channel: say which (email, wechat, ...)")
        return v

    @property
    def due_what(self) -> str:
        if self.deadline_for:
            return self.deadline_for
        return "supplier reply" if self.direction == "to-supplier" else self.subject[:40]


class CorrespondenceEntry(EntryDraft):
    at: datetime = Field(default_factory=stamp)
    author: Line
    prev_hash: Digest = GENESIS
    hash: Digest = GENESIS

    def canonical(self) -> bytes:
        """Sorted-key compact JSON of every field but the hash itself. Fields left at a fixed
        default are left out, so a field added later does not change the hash of old entries
        (pydantic's exclude_defaults would also drop a timestamp equal to its factory's value)."""
        unset = {
            name for name, f in type(self).model_fields.items()
            if f.default_factory is None and getattr(self, name) == f.default
        }
        data = self.model_dump(mode="json", exclude={"hash", *unset})
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    def computed_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()


def chain_entry(draft: EntryDraft, author: str, previous: list[CorrespondenceEntry]) -> CorrespondenceEntry:
    """Seal a draft onto the end of the log."""
    prev = previous[-1].hash if previous else GENESIS
    entry = CorrespondenceEntry(**draft.model_dump(), author=author, prev_hash=prev)
    entry.hash = entry.computed_hash()
    return entry


def corrected_by(entries: list[CorrespondenceEntry]) -> dict[str, CorrespondenceEntry]:
    """id of a corrected entry -> the latest entry correcting it."""
    return {e.corrects: e for e in entries if e.corrects}


def seal_text(position: int, entry: CorrespondenceEntry) -> str:
    """The anchor written into the history with each entry, so a cut log shows."""
    return f"[log #{position} {entry.hash[:16]}]"
