"""Who did what, when: one event per change, appended in the same write."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from casefile.base import Line, Record, Text, stamp


class HistoryEvent(Record):
    at: datetime = Field(default_factory=stamp)
    actor: Line
    action: Line
    detail: Text = ""
