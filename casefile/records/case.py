"""The order and the standard both sides agreed: the heart of a case file."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, StringConstraints, model_validator

from casefile.records.po import PONumber
from casefile.values.aql import parse_aql
from casefile.values.model import Model
from casefile.values.money import CNY, Percent, Rate
from casefile.values.text import Line, OptionalLine, Text, shorten
from casefile.values.units import Positive

LEVELS = ("I", "II", "III", "S-1", "S-2", "S-3", "S-4")
Level = Literal["I", "II", "III", "S-1", "S-2", "S-3", "S-4"]
DefectClass = Literal["critical", "major", "minor"]
DEFECT_CLASSES: tuple[str, ...] = ("critical", "major", "minor")
AQL = Annotated[
    Decimal, BeforeValidator(parse_aql),
    PlainSerializer(lambda d: format(d.normalize(), "f") if d else "0", return_type=str),
]


class AQLTerms(Model):
    """The AQL levels both sides signed; critical 0 means zero tolerance."""

    critical: AQL = Decimal("0")
    major: AQL = Decimal("2.5")
    minor: AQL = Decimal("4.0")
    level: Level = "II"

    def for_class(self, defect_class: str) -> Decimal:
        return getattr(self, defect_class)


_SPEC_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,15}")


def _spec_key(v: str) -> str:
    if not _SPEC_KEY.fullmatch(v):  # the form and `--spec KEY=TEXT` refuse in these words
        raise ValueError("a point's key is a short code such as S1 or G2: at most 16 letters, digits, "
                         f"'_', '.' or '-', starting with a letter or digit; got {shorten(v, 20)!r}")
    return v


SpecKey = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_spec_key)]


class SpecPoint(Model):
    """One point of the agreed standard: a spec line or a golden-sample point."""

    key: SpecKey
    text: Line
    kind: Literal["spec", "golden-sample"] = "spec"


class Standard(Model):
    """The standard a report is judged by, recorded with it at import: a later change to
    the case's standard never re-judges an earlier report."""

    aql: AQLTerms = Field(default_factory=AQLTerms)
    spec_points: list[SpecPoint] = Field(default_factory=list)
    golden_sample_ref: OptionalLine = ""

    def spec_point(self, key: str) -> SpecPoint | None:
        return next((p for p in self.spec_points if p.key == key), None)


STANDARD_FIELDS: tuple[str, ...] = tuple(Standard.model_fields)


class Case(Model):
    po: PONumber
    supplier: Line
    supplier_contact: OptionalLine = ""  # the person letters are addressed to; empty: the supplier
    product: Line
    quantity: Positive  # the lot size
    order_value_cny: CNY
    deposit_cny: CNY
    spec_points: list[SpecPoint] = Field(default_factory=list)
    golden_sample_ref: OptionalLine = ""
    aql: AQLTerms = Field(default_factory=AQLTerms)
    ship_window_start: date | None = None
    ship_window_end: date | None = None
    refund_terms: Text = ""
    deposit_refundable_percent: Percent = Decimal("0")  # worst case until the terms say more
    reinspection_fee_cny: CNY = Decimal("0")
    planning_rate: Rate | None = None  # home currency per 1 CNY, for comparing options before a quote

    @model_validator(mode="after")
    def _consistent(self) -> "Case":
        if self.order_value_cny <= 0:
            raise ValueError("order_value_cny: the order value must be above zero")
        if self.deposit_cny > self.order_value_cny:
            raise ValueError(
                f"deposit_cny: the deposit ({self.deposit_cny}) is more than the order value "
                f"({self.order_value_cny})"
            )
        if self.ship_window_start and self.ship_window_end and self.ship_window_end < self.ship_window_start:
            raise ValueError("ship_window_end: the shipping window ends before it starts")
        keys = [p.key for p in self.spec_points]
        dup = {k for k in keys if keys.count(k) > 1}
        if dup:
            raise ValueError(f"spec_points: the key {sorted(dup)[0]} is used twice; keys must be unique")
        return self

    @property
    def balance_cny(self) -> Decimal:
        return self.order_value_cny - self.deposit_cny

    def spec_point(self, key: str) -> SpecPoint | None:
        return next((p for p in self.spec_points if p.key == key), None)

    @property
    def standard(self) -> Standard:
        return Standard(aql=self.aql, spec_points=self.spec_points, golden_sample_ref=self.golden_sample_ref)
