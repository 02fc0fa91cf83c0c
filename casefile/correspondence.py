"""The written record with the supplier: append-only and hash-chained."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Literal

from pydantic import Field

from casefile.base import Line, Record, Text, stamp

Direction = Literal["to-supplier", "from-supplier", "internal"]
Channel = Literal["email", "wechat", "whatsapp", "phone", "other"]
DIRECTIONS: tuple[str, ...] = ("to-supplier", "from-supplier", "internal")
CHANNELS: tuple[str, ...] = ("email", "wechat", "whatsapp", "phone", "other")
GENESIS = "0" * 64


class EntryDraft(Record):
    """What a user writes; the chain fields are added inside the locked write."""

    direction: Direction = "internal"
    channel: Channel = "email"
    subject: Line
    body: Text = ""
    references: list[Line] = Field(default_factory=list)
    deadline: date | None = None
    written_agreement: bool = False
    corrects: str | None = None  # id of the entry this one corrects
    resolves: str | None = None  # id of the entry whose deadline this one settles


class CorrespondenceEntry(EntryDraft):
    at: datetime = Field(default_factory=stamp)
    author: Line
    prev_hash: str = GENESIS
    hash: str = ""

    def canonical(self) -> bytes:
        data = self.model_dump(mode="json", exclude={"hash"})
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    def computed_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()


def chain_entry(draft: EntryDraft, author: str, previous: list[CorrespondenceEntry]) -> CorrespondenceEntry:
    """Seal a draft onto the end of the log."""
    prev = previous[-1].hash if previous else GENESIS
    entry = CorrespondenceEntry(**draft.model_dump(), author=author, prev_hash=prev)
    entry.hash = entry.computed_hash()
    return entry
