"""Inspection reports as the inspector wrote them. The app's own verdict is in diagnosis."""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime
from typing import Literal

from pydantic import Field, model_validator

from casefile.records.case import AQL, DefectClass, Level, Standard
from casefile.records.record import Record, stamp
from casefile.values.model import Model
from casefile.values.text import Line, OptionalLine, Text
from casefile.values.units import Count, LotSize, Positive

Verdict = Literal["pass", "fail", "pending", "aborted"]
Severity = Literal["normal", "tightened", "reduced"]


class ClassCount(Model):
    """Per defect class: the AQL applied and the defects found in the sample."""

    defect_class: DefectClass
    aql: AQL
    found: Count
    inspector_accept: Count | None = None  # what the report printed, to compare with the tables
    inspector_reject: Count | None = None


class Finding(Model):
    defect_type: Line
    defect_class: DefectClass
    units: Positive
    cartons: Count | None = None
    note: Text = ""


class SpecCheck(Model):
    point: Line  # the spec point's key, as in the case's standard
    kind: Literal["spec", "golden-sample"] = "spec"
    result: Literal["conforms", "does-not-conform", "not-checked"]
    note: Text = ""


class Report(Record):
    date: Date
    company: Line
    inspector: OptionalLine = ""
    supplier: OptionalLine = ""  # as the report names them, when it does
    product: OptionalLine = ""
    kind: Literal["first", "re-inspection"] = "first"
    scope: Literal["lot", "sorted-lot", "replacements"] = "lot"
    lot_size: LotSize
    sample_size: Positive
    level: Level = "II"
    severity: Severity = "normal"
    cartons_sampled: Count | None = None
    classes: list[ClassCount] = Field(min_length=1)
    findings: list[Finding] = Field(default_factory=list)
    spec_checks: list[SpecCheck] = Field(default_factory=list)
    verdict: Verdict
    note: Text = ""
    source: OptionalLine = ""  # the file it was imported from
    recorded_at: datetime = Field(default_factory=stamp)
    # The standard in force when it was recorded; None in files written before it was
    # recorded (casefile.rules.judgement.standard_for says how those are judged).
    standard: Standard | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "Report":
        seen = [c.defect_class for c in self.classes]
        for cls in set(seen):
            if seen.count(cls) > 1:
                raise ValueError(f"classes: {cls} is listed twice; give one line per defect class")
        if self.sample_size > self.lot_size:
            raise ValueError(
                f"sample_size: {self.sample_size} units sampled from a lot of {self.lot_size}"
            )
        return self

    def count(self, defect_class: str) -> ClassCount | None:
        return next((c for c in self.classes if c.defect_class == defect_class), None)
