"""Shared pieces of the domain models."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from casefile import clock


def new_id() -> str:
    return uuid.uuid4().hex


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


RECORD_ID_PATTERN = r"^[0-9a-f]{8,64}$"
RecordId = Annotated[str, StringConstraints(pattern=RECORD_ID_PATTERN)]
Digest = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]  # a SHA-256, hex


class Record(Model):
    """An appended record. The id is made by the writer, so a retried write is a no-op."""

    id: RecordId = Field(default_factory=new_id)


def _no_control(v: str) -> str:
    if v.isprintable():  # fast path: no Cc/Cf/Cs/Co/Cn (nor separators) anywhere
        return v
    for i, ch in enumerate(v):
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") and ch not in "\n\t":
            raise ValueError(f"contains a control character (U+{ord(ch):04X}) at position {i + 1}")
    return v


def _single_line(v: str) -> str:
    # U+2028/U+2029 break the line in editors, JSON viewers and some terminals
    if "\n" in v or "\t" in v or "\u2028" in v or "\u2029" in v:
        raise ValueError("must be a single line (no line break, tab, or U+2028/U+2029 separator)")
    return v


def _one_line(v: str) -> str:
    if v.isprintable():  # one C call for the usual case: index shards hold 10,000s of these
        return v
    return _single_line(_no_control(v))


Line = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(_one_line),
]
OptionalLine = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=200), AfterValidator(_one_line),
]
Text = Annotated[
    str, StringConstraints(max_length=20_000), AfterValidator(_no_control),
]
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
Timestamp = datetime


def stamp() -> datetime:
    return clock.now()
