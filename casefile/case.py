"""The order and the standard both sides agreed: the heart of a case file."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, StringConstraints, model_validator

from casefile.base import Line, Model, OptionalLine, Positive, Text, _no_control
from casefile.money import CNY, Percent, Rate

LEVELS = ("I", "II", "III", "S-1", "S-2", "S-3", "S-4")
Level = Literal["I", "II", "III", "S-1", "S-2", "S-3", "S-4"]
DefectClass = Literal["critical", "major", "minor"]
DEFECT_CLASSES: tuple[str, ...] = ("critical", "major", "minor")
PO_MAX = 64


def _check_po(v: str) -> str:
    v = unicodedata.normalize("NFC", v.strip())
    if not v:
        raise ValueError("PO number is empty; write it as on the order, e.g. PO/2026/114")
    if len(v) > PO_MAX:
        raise ValueError(f"PO number is {len(v)} characters long; at most {PO_MAX}")
    _no_control(v)
    if "\n" in v or "\t" in v:
        raise ValueError("PO number must be a single line")
    return v


PONumber = Annotated[str, Field(strict=True), AfterValidator(_check_po)]


def parse_po(value: str) -> str:
    """Validate a PO number typed by a user (raises ValueError with the reason)."""
    if not isinstance(value, str):
        raise ValueError("PO number must be text")
    return _check_po(value)


def po_filename(po: str) -> str:
    """A safe, unique file stem for a PO: readable ASCII part plus a hash of the exact PO.

    Nothing the user types reaches the file system as a path: only [A-Za-z0-9-] and hex.
    """
    ascii_part = re.sub(r"[^A-Za-z0-9]+", "-", po).strip("-")[:40] or "po"
    if ascii_part.upper() in _WINDOWS_RESERVED:  # "CON.x.json" is still the console on Windows
        ascii_part = f"po-{ascii_part}"
    digest = hashlib.sha256(po.encode("utf-8")).hexdigest()[:12]
    return f"{ascii_part}.{digest}"


# the device names an ASCII part can spell (the rest, e.g. "CONIN$", cannot reach a file name)
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"{name}{n}" for name in ("COM", "LPT") for n in "0123456789"]
)


def _parse_aql(v: object) -> Decimal:
    from casefile.aql import parse_aql  # the table module owns what an AQL is

    return parse_aql(v)


AQL = Annotated[
    Decimal, BeforeValidator(_parse_aql),
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


SpecKey = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,15}$")]


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
    planning_rate: Rate | None = None  # NGN per 1 CNY, for comparing options before a quote

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
