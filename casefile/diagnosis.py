"""Reading a report: the app's own verdict per defect class (extended in the report issue)."""

from __future__ import annotations

from dataclasses import dataclass

from casefile.aql import SamplingPlan, sampling_plan
from casefile.case import Case
from casefile.reports import Report


@dataclass(frozen=True)
class ClassVerdict:
    defect_class: str
    plan: SamplingPlan
    found: int

    @property
    def passed(self) -> bool:
        return self.found <= self.plan.accept


def class_verdicts(case: Case, report: Report) -> list[ClassVerdict]:
    """Per class, the plan from the agreed AQL and level for the report's lot size."""
    out = []
    for count in report.classes:
        plan = sampling_plan(report.lot_size, case.aql.for_class(count.defect_class), case.aql.level)
        out.append(ClassVerdict(count.defect_class, plan, count.found))
    return out


def report_passes(case: Case, report: Report) -> bool:
    """Only a pass by the app's own computation counts; pending and aborted never pass."""
    if report.verdict in ("pending", "aborted"):
        return False
    return all(v.passed for v in class_verdicts(case, report))
