"""A file kept as evidence (the inspector's PDF, a photo): its bytes stored in the
workspace as received, named by their SHA-256; this record, sealed in the history like
every other, is what vouches for them."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from casefile.records.record import Record, stamp
from casefile.values.ids import Digest, RecordId
from casefile.values.text import Line, Text


class Attachment(Record):
    name: Line  # the file's own name, sanitised (casefile.values.file_names)
    size: int = Field(ge=0, strict=True)
    sha256: Digest
    report_id: RecordId | None = None  # the report it belongs to, if any
    note: Text = ""
    attached_by: Line
    attached_at: datetime = Field(default_factory=stamp)
