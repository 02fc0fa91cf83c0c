"""What the user recorded that moves supplier switching, read from the workspace: the
reduced-inspection switch (casefile/actions/settings_change.py) and each supplier's
recorded improvements (`improvements.json`, written by
casefile/actions/supplier_improvement.py), for the rules
(casefile.rules.supplier_switching.Recorded)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from pydantic import Field

from casefile.actions.settings_change import reduced_switches
from casefile.records.record import stamp
from casefile.rules.supplier_switching import Recorded
from casefile.rules.switching import ImprovementRecorded
from casefile.store.record_lists import read_records
from casefile.values.model import Model
from casefile.values.text import Line

IMPROVEMENTS_FILE = "improvements.json"
MAX_IMPROVEMENTS_BYTES = 1_000_000


class ImprovementRecord(Model):
    """The user recorded that a discontinued supplier acted to improve (ISO 2859-1 9.4)."""

    supplier: Line  # as the user named it; merges are followed when read
    on: date  # the day inspection resumes, on tightened
    reason: Line  # what the supplier did
    by: Line
    at: datetime = Field(default_factory=stamp)

    def entry(self) -> ImprovementRecorded:
        return ImprovementRecorded(on=self.on, by=self.by, reason=self.reason)


def improvement_records(root: Path) -> list[ImprovementRecord]:
    return read_records(Path(root) / IMPROVEMENTS_FILE, ImprovementRecord, "supplier improvements",
                        MAX_IMPROVEMENTS_BYTES)


def switching_recorded(root: Path) -> Recorded:
    return Recorded(switches=tuple(reduced_switches(root)),
                    improvements=tuple((r.supplier, r.entry()) for r in improvement_records(root)))
