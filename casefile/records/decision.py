"""A resolution chosen for a case, with its terms. The latest decision is the one in force."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from casefile.records.record import Record, stamp
from casefile.values.money import Percent
from casefile.values.text import Line, Text
from casefile.values.units import Count

# The options themselves are rules (casefile/rules/options/catalogue.py), which sit above
# the records: a record holds an option's key, and the rules say what it means.
OptionKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z-]{0,31}$")]


class Decision(Record):
    option: OptionKey  # an entry of the option catalogue (casefile/rules/options/catalogue.py)
    reason: Text = ""
    report_id: str | None = None
    deadline: date | None = None
    discount_percent: Percent | None = None
    units: Count | None = None  # units to sort out or replace
    agreement_entry_id: str | None = None  # the supplier's written agreement in the log
    decided_at: datetime = Field(default_factory=stamp)
    decided_by: Line
