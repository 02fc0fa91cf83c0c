"""An appended record: its id is made by the writer, its time by the clock."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from casefile.values import clock
from casefile.values.ids import RecordId, new_id
from casefile.values.model import Model


class Record(Model):
    """An appended record. The id is made by the writer, so a retried write is a no-op."""

    id: RecordId = Field(default_factory=new_id)


def stamp() -> datetime:
    return clock.now()
