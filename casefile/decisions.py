"""A resolution chosen for a case, with its terms. The latest decision is the one in force."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from casefile.base import Count, Line, Record, Text, stamp
from casefile.money import Percent

Option = Literal["rework", "sort", "discount", "replace", "cancel"]
OPTIONS: tuple[str, ...] = ("rework", "sort", "discount", "replace", "cancel")
OPTION_TITLES = {
    "rework": "Rework and re-inspect",
    "sort": "Sort and accept the good units",
    "discount": "Negotiate a discount",
    "replace": "Replace in the next run",
    "cancel": "Cancel and recover the deposit",
}


class Decision(Record):
    option: Option
    reason: Text = ""
    report_id: str | None = None
    deadline: date | None = None
    discount_percent: Percent | None = None
    units: Count | None = None  # units to sort out or replace
    agreement_entry_id: str | None = None  # the supplier's written agreement in the log
    decided_at: datetime = Field(default_factory=stamp)
    decided_by: Line
