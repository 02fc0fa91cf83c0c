"""Counts of units, in a lot or a sample, as stored and as typed."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from casefile.values.errors import InputError
from casefile.values.numbers import parse_whole

# Units in a lot or a sample. ISO 2859-1's top lot row is "500,001 and over"; no single
# order is 20 times that, and a bound keeps every later sum and table lookup sane.
MAX_UNITS = 10_000_000


def _units_cap(v: int) -> int:
    if v > MAX_UNITS:
        raise ValueError(f"at most {MAX_UNITS:,} units; got {v:,}")
    return v


def _lot(v: int) -> int:
    if v < 2:
        raise ValueError(f"a lot is at least 2 units (ISO 2859-1 Table 1 starts at 2); got {v}")
    return v


Count = Annotated[int, Field(ge=0, strict=True), AfterValidator(_units_cap)]
Positive = Annotated[int, Field(ge=1, strict=True), AfterValidator(_units_cap)]
LotSize = Annotated[Positive, AfterValidator(_lot)]


def whole_number(text: str, field: str, example: str = "3000") -> int:
    """A count as typed in a form or after a flag: "3000" or "3,000" (never "3,00")."""
    try:
        return parse_whole(text, example)
    except ValueError as exc:
        raise InputError(f"{field}: {exc}") from None
