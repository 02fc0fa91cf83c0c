"""A report read against its plans, class by class, defect type by defect type, point by
point: the parts a Diagnosis (casefile/rules/diagnosis.py) is made of."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import ConfigDict

from casefile.rules.sampling_plans import SamplingPlan
from casefile.values.model import Model

SERIOUS = ("critical", "major")  # a failure in these always needs a passing re-inspection
Band = Literal["pass", "at the line", "clearly over", "far over"]
BANDS: tuple[str, ...] = ("pass", "at the line", "clearly over", "far over")


class Frozen(Model):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ClassReading(Frozen):
    defect_class: str
    plan: SamplingPlan  # the ISO 2859-1 plan for the agreed AQL and level
    found: int
    excess: int  # found - Ac, never below 0
    band: Band
    projected_defective: int  # in the whole lot, from the report's sample
    passed: bool
    inspector_accept: int | None = None
    inspector_reject: int | None = None

    @property
    def accept(self) -> int:
        return self.plan.accept

    @property
    def reject(self) -> int:
        return self.plan.reject


class DefectTypeReading(Frozen):
    defect_type: str
    defect_class: str
    units: int
    cartons: int | None
    share_percent: Decimal  # of the sampled units
    carton_share_percent: Decimal | None  # of the sampled cartons, where recorded
    systematic: bool
    why: str  # one phrase: what made it systematic or scattered


class PointReading(Frozen):
    key: str
    text: str
    kind: str
    result: str
    note: str = ""


def projected_bad_units(classes: list[ClassReading], lot_size: int) -> int:
    """Defective units the failed classes project into the lot (at most the lot)."""
    return min(sum(c.projected_defective for c in classes if not c.passed), lot_size)
