"""The order and the standard both sides agreed: the heart of a case file."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, StringConstraints, model_validator

from casefile.base import Line, Model, OptionalLine, Positive, Text, _no_control, _single_line
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
    _single_line(v)
    return v


PONumber = Annotated[str, Field(strict=True), AfterValidator(_check_po)]


def parse_po(value: str) -> str:
    """Validate a PO number typed by a user (raises ValueError with the reason)."""
    if not isinstance(value, str):
        raise ValueError("PO number must be text")
    return _check_po(value)


_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]+")


def po_filename(po: str) -> str:
    """A safe, unique file stem for a PO: readable ASCII part plus a hash of the exact PO.

    Nothing the user types reaches the file system as a path: only [A-Za-z0-9-] and hex.
    """
    ascii_part = _NOT_ALNUM.sub("-", po).strip("-")[:40] or "po"
    if ascii_part.upper() in _WINDOWS_RESERVED:  # "CON.x.json" is still the console on Windows
        ascii_part = f"po-{ascii_part}"
    return f"{ascii_part}.{po_digest(po)}"


def po_digest(po: str) -> str:
    """The part of a PO's file stem that depends on the exact PO."""
    return hashlib.sha256(po.encode("utf-8")).hexdigest()[:12]


def po_skeleton(po: str) -> str:
    """What a PO looks like, for telling look-alikes apart: `PO-1`, `PO‐1` (U+2010),
    `ＰＯ-1` (fullwidth), `po-1`, `РО-1` (Cyrillic) and `PO - 1` vs `PO -  1` share one.

    NFKC folds width and compatibility forms, casefold folds case; then every dash and
    minus becomes '-', runs of spaces one space, and the Cyrillic and Greek letters that
    look like Latin ones become those."""
    text = unicodedata.normalize("NFKC", po).casefold()
    text = "".join("-" if _is_dash(ch) else ch for ch in text)
    return " ".join(text.split()).translate(_LATIN_LOOKALIKES)


def _is_dash(ch: str) -> bool:
    return unicodedata.category(ch) == "Pd" or ch in "\u2212\u2043\u02d7\u2796\ufe63\uff0d"


# casefolded Cyrillic and Greek letters drawn like a Latin letter (upper or lower case)
_LATIN_LOOKALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "ү": "y", "һ": "h", "ӏ": "l", "α": "a", "β": "b", "ε": "e", "ζ": "z", "η": "h", "ι": "i", "κ": "k",
    "μ": "m", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "y", "χ": "x",
})


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
